"""Closed lists of DOMAIN §2 with their official Vietnamese labels and translatable UI labels.

Each member's value is a stable ASCII code stored in the database and written to JSON; ``vi`` is the official
Vietnamese wording used on paper and in the standard workbook; ``label()`` is the UI text in the current language;
``aliases`` are extra spellings accepted on import (matched after folding).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self

from hoagiai_desktop.i18n import N_, _
from hoagiai_desktop.text import fold


class LabeledEnum(StrEnum):
    vi: str
    en: str
    aliases: tuple[str, ...]

    def __new__(cls, value: str, vi: str, en: str, aliases: tuple[str, ...] = ()) -> Self:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.vi = vi
        obj.en = en
        obj.aliases = aliases
        return obj

    def label(self) -> str:
        return _(self.en)

    @classmethod
    def parse(cls, text: Any) -> Self | None:
        """Find the member whose code, Vietnamese label, English label or alias matches ``text`` after folding."""
        key = fold(str(text)) if text is not None else ""
        if not key:
            return None
        for member in cls:
            names = (member.value, member.vi, member.en, *member.aliases)
            if any(fold(n) == key for n in names):
                return member
        return None


class UnitKind(LabeledEnum):
    XA = "xa", "Xã", N_("Commune")
    PHUONG = "phuong", "Phường", N_("Ward")
    DAC_KHU = "dac_khu", "Đặc khu", N_("Special zone")
    TINH = "tinh", "Tỉnh", N_("Province")  # a province database (DOMAIN §8), not a commune


class VillageKind(LabeledEnum):
    THON = "thon", "Thôn", N_("Hamlet (thôn)")
    LANG = "lang", "Làng", N_("Village (làng)")
    AP = "ap", "Ấp", N_("Hamlet (ấp)")
    BAN = "ban", "Bản", N_("Village (bản)")
    BUON = "buon", "Buôn", N_("Village (buôn)")
    PHUM = "phum", "Phum", N_("Village (phum)")
    SOC = "soc", "Sóc", N_("Village (sóc)")
    TO_DAN_PHO = "to_dan_pho", "Tổ dân phố", N_("Residential group")
    KHU_PHO = "khu_pho", "Khu phố", N_("Quarter (khu phố)")
    KHOI_PHO = "khoi_pho", "Khối phố", N_("Quarter (khối phố)")
    KHAC = "khac", "Khác", N_("Other")


class Sex(LabeledEnum):
    NAM = "nam", "Nam", N_("Male"), ("m", "male", "trai")
    NU = "nu", "Nữ", N_("Female"), ("f", "female", "gai", "nư")


class LegalQualification(LabeledEnum):
    KHONG = "khong", "Không", N_("None"), ("chua", "khong co")
    TRUNG_CAP = "trung_cap", "Trung cấp", N_("Intermediate"), ("trung cap luat",)
    DAI_HOC = "dai_hoc", "Đại học", N_("University"), ("cu nhan", "cu nhan luat", "dai hoc luat")
    SAU_DAI_HOC = "sau_dai_hoc", "Sau đại học", N_("Postgraduate"), ("thac si", "tien si")


class Background(LabeledEnum):
    """Thành phần. The first seven are the legal categories (DOMAIN §2, §4 ``legal_background``)."""

    LUAT_SU = "luat_su", "Luật sư", N_("Lawyer")
    LUAT_GIA = "luat_gia", "Luật gia", N_("Jurist")
    HOI_THAM = "hoi_tham", "Hội thẩm nhân dân", N_("People's assessor"), ("hoi tham",)
    CONG_AN = "cong_an", "Công an", N_("Police")
    QUAN_DOI = (
        "quan_doi",
        "Quân đội",
        N_("Army / border guard"),
        ("bo doi", "bo doi bien phong", "quan doi/bo doi bien phong"),
    )
    CAN_BO_PHAP_LUAT = (
        "can_bo_phap_luat",
        "Cán bộ pháp luật",
        N_("Legal official"),
        (
            "can bo, cong chuc, vien chuc linh vuc phap luat",
            "cong chuc tu phap",
        ),
    )
    NGUYEN_THAM_PHAN = (
        "nguyen_tham_phan",
        "Nguyên thẩm phán",
        N_("Former judge / prosecutor / investigator"),
        (
            "kiem sat vien",
            "dieu tra vien",
            "nguyen kiem sat vien",
            "nguyen dieu tra vien",
        ),
    )
    NGUOI_UY_TIN = (
        "nguoi_uy_tin",
        "Người có uy tín",
        N_("Respected person / elder / religious dignitary"),
        (
            "gia lang",
            "chuc sac ton giao",
        ),
    )
    KHAC = "khac", "Khác", N_("Other")

    @property
    def is_legal(self) -> bool:
        return self in LEGAL_BACKGROUNDS


LEGAL_BACKGROUNDS = frozenset(
    {
        Background.LUAT_SU,
        Background.LUAT_GIA,
        Background.HOI_THAM,
        Background.CONG_AN,
        Background.QUAN_DOI,
        Background.CAN_BO_PHAP_LUAT,
        Background.NGUYEN_THAM_PHAN,
    }
)


class Role(LabeledEnum):
    TO_TRUONG = "to_truong", "Tổ trưởng", N_("Team leader"), ("truong to", "leader")
    HOA_GIAI_VIEN = "hoa_giai_vien", "Hòa giải viên", N_("Mediator"), ("hgv", "thanh vien", "to vien")


class ElectionMethod(LabeledEnum):
    BIEU_QUYET = "bieu_quyet", "Biểu quyết công khai", N_("Open vote")
    BO_PHIEU_KIN = "bo_phieu_kin", "Bỏ phiếu kín", N_("Secret ballot")
    Y_KIEN_HO = "y_kien_ho", "Lấy ý kiến hộ gia đình", N_("Household consultation")


class EndReason(LabeledEnum):
    """Điều 11: why a mediator stops."""

    NGUYEN_VONG = "nguyen_vong", "Theo nguyện vọng", N_("At their own request")
    KHONG_DAP_UNG = "khong_dap_ung", "Không còn đáp ứng tiêu chuẩn", N_("No longer meets the criteria")
    VI_PHAM = (
        "vi_pham",
        "Vi phạm",
        N_("Violated the principles / disciplined"),
        (
            "vi pham nguyen tac",
            "bi xu ly vi pham",
        ),
    )


class CaseBasis(LabeledEnum):
    """Điều 16: why mediation starts."""

    CAC_BEN_YEU_CAU = (
        "cac_ben_yeu_cau",
        "Các bên yêu cầu",
        N_("Requested by the parties"),
        ("mot ben hoac cac ben yeu cau",),
    )
    HGV_CHUNG_KIEN = (
        "hgv_chung_kien",
        "Hòa giải viên chứng kiến",
        N_("Witnessed or learned by a mediator"),
        (
            "hoa giai vien chung kien/biet",
            "hoa giai vien biet",
        ),
    )
    TO_TRUONG_PHAN_CONG = (
        "to_truong_phan_cong",
        "Tổ trưởng phân công",
        N_("Assigned by the team leader"),
        ("phan cong cua to truong",),
    )
    CO_QUAN_DE_NGHI = (
        "co_quan_de_nghi",
        "Cơ quan tổ chức đề nghị",
        N_("Proposed by an agency, organisation or person"),
        (
            "de nghi cua co quan, to chuc, ca nhan",
            "co quan, to chuc de nghi",
        ),
    )


class Category(LabeledEnum):
    MAU_THUAN = "mau_thuan", "Mâu thuẫn giữa các bên", N_("Conflict between the parties"), ("mau thuan",)
    DAN_SU = "dan_su", "Dân sự", N_("Civil dispute"), ("tranh chap dan su",)
    HON_NHAN_GIA_DINH = (
        "hon_nhan_gia_dinh",
        "Hôn nhân và gia đình",
        N_("Marriage and family"),
        (
            "hon nhan gia dinh",
            "tranh chap hon nhan va gia dinh",
        ),
    )
    VI_PHAM = (
        "vi_pham",
        "Vi phạm pháp luật",
        N_("Minor violation of the law"),
        ("vi pham phap luat chua den muc xu ly",),
    )
    KHAC = "khac", "Khác", N_("Other (within scope)"), ("khac thuoc pham vi",)
    NGOAI_PHAM_VI = (
        "ngoai_pham_vi",
        "Ngoài phạm vi",
        N_("Out of scope (guided elsewhere)"),
        ("ngoai pham vi hoa giai",),
    )

    @property
    def in_scope(self) -> bool:
        return self is not Category.NGOAI_PHAM_VI


IN_SCOPE_CATEGORIES = tuple(c for c in Category if c.in_scope)


class Result(LabeledEnum):
    """Stored results. Open states (đang / chưa) are derived from dates, see :class:`CaseState`."""

    THANH = "thanh", "Thành", N_("Successful"), ("hoa giai thanh",)
    KHONG_THANH = "khong_thanh", "Không thành", N_("Unsuccessful"), ("hoa giai khong thanh",)


class CaseState(LabeledEnum):
    THANH = "thanh", "Hòa giải thành", N_("Successful")
    KHONG_THANH = "khong_thanh", "Hòa giải không thành", N_("Unsuccessful")
    DANG = "dang", "Đang giải quyết", N_("In progress")
    CHUA = "chua", "Chưa giải quyết", N_("Not started")


class CaseEndReason(LabeledEnum):
    """Điều 23: how a mediation ends."""

    THANH = "thanh", "Các bên đạt được thỏa thuận", N_("The parties reached an agreement")
    BEN_RUT = "ben_rut", "Một bên hoặc các bên yêu cầu chấm dứt", N_("A party asked to stop")
    KHONG_THANH = "khong_thanh", "Các bên không thể đạt được thỏa thuận", N_("The parties could not agree")


class PartyKind(LabeledEnum):
    CA_NHAN = "ca_nhan", "Cá nhân", N_("Individual")
    NHOM_CA_NHAN = "nhom_ca_nhan", "Nhóm cá nhân", N_("Group of individuals")
    GIA_DINH = "gia_dinh", "Gia đình", N_("Family")
    NHOM_GIA_DINH = "nhom_gia_dinh", "Nhóm gia đình", N_("Group of families")
    TO_CHUC = "to_chuc", "Tổ chức", N_("Organisation")


class PartyRole(LabeledEnum):
    BEN = "ben", "Bên", N_("Party")
    LIEN_QUAN = (
        "lien_quan",
        "Người có quyền và nghĩa vụ liên quan",
        N_("Person with related rights and duties"),
    )


class FollowUpStatus(LabeledEnum):
    XONG = "xong", "Đã thực hiện xong", N_("Fully carried out")
    DANG = "dang", "Đang thực hiện", N_("Being carried out")
    KHONG = "khong", "Không thực hiện", N_("Not carried out")
    BAT_KHA_KHANG = "bat_kha_khang", "Bất khả kháng", N_("Force majeure")


class TrainingKind(LabeledEnum):
    CO_BAN = "co_ban", "Cơ bản", N_("Basic (framework programme)"), ("co ban (chuong trinh khung)",)
    CHUYEN_SAU = "chuyen_sau", "Chuyên sâu", N_("In depth (team leaders)")
    CAP_NHAT = "cap_nhat", "Cập nhật", N_("Legal update"), ("cap nhat kien thuc phap luat",)


class OrganiserLevel(LabeledEnum):
    TRUNG_UONG = "trung_uong", "Trung ương", N_("Central")
    TINH = "tinh", "Tỉnh", N_("Province / Department of Justice"), ("so tu phap", "tinh/so tu phap")
    XA = "xa", "Xã", N_("Commune")
    KHAC = "khac", "Khác", N_("Other")


class AuditAction(LabeledEnum):
    CREATE = "create", "Thêm", N_("Created")
    UPDATE = "update", "Sửa", N_("Changed")
    DELETE = "delete", "Xóa", N_("Deleted")
    IMPORT = "import", "Nhập", N_("Imported")
