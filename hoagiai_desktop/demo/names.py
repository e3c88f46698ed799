"""Vietnamese names, places and case wording for the sample data (all NFC).

Family-name weights follow the commonly cited distribution (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %, …); the
south writes Huỳnh and Võ where the north writes Hoàng and Vũ. Minority names follow each group's usual shape
(Thái "Lò Văn Pành", H'Mông "Giàng A Sử", Khmer "Thạch Thị Sa Rươne", Ê Đê "Y Bhin Niê", Gia Rai "Siu H'Mai").
Nothing here is a real person; combinations are drawn at random.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

Weighted = Sequence[tuple[str, float]]

# fmt: off
# (data tables below are laid out by hand)


def pick(rng: random.Random, items: Weighted) -> str:
    """One item of a weighted list."""
    total = sum(w for _, w in items)
    x = rng.random() * total
    for item, weight in items:
        x -= weight
        if x < 0:
            return item
    return items[-1][0]


# --- Kinh names --------------------------------------------------------------------------------------------------

_KINH_FAMILY_COMMON: list[tuple[str, float]] = [
    ("Nguyễn", 38.4), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.1), ("Phan", 4.5), ("Đặng", 2.1), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.9), ("Trương", 0.8),
    ("Mai", 0.6), ("Lương", 0.5), ("Đào", 0.6), ("Trịnh", 0.6), ("Cao", 0.5), ("Hà", 0.5), ("Tạ", 0.3),
    ("Lưu", 0.3), ("Tô", 0.3), ("Chu", 0.2), ("Kiều", 0.2), ("Quách", 0.2), ("Lâm", 0.3), ("Châu", 0.2),
    ("Tăng", 0.1), ("Thái", 0.2), ("Triệu", 0.1), ("Văn", 0.1), ("Khúc", 0.05), ("Đoàn", 0.5), ("Vương", 0.2),
]  # fmt: skip
KINH_FAMILY_NORTH: list[tuple[str, float]] = [*_KINH_FAMILY_COMMON, ("Hoàng", 4.6), ("Huỳnh", 0.5), ("Vũ", 3.3), ("Võ", 0.6)]
KINH_FAMILY_SOUTH: list[tuple[str, float]] = [*_KINH_FAMILY_COMMON, ("Huỳnh", 4.6), ("Hoàng", 0.5), ("Võ", 3.3), ("Vũ", 0.6)]

# People born before ~1975 (most mediators and parties) mostly carry Văn / Thị.
MIDDLE_MALE: list[tuple[str, float]] = [
    ("Văn", 55), ("Đức", 6), ("Minh", 5), ("Quang", 4), ("Hữu", 5), ("Công", 4), ("Xuân", 3), ("Ngọc", 3),
    ("Thanh", 3), ("Đình", 4), ("Bá", 2), ("Trọng", 2), ("Quốc", 2), ("Duy", 1), ("Tiến", 1), ("Mạnh", 1),
    ("Hoàng", 1), ("Anh", 1), ("Thế", 2), ("Tấn", 2),
]  # fmt: skip
MIDDLE_FEMALE: list[tuple[str, float]] = [
    ("Thị", 72), ("Thu", 4), ("Ngọc", 4), ("Thanh", 3), ("Minh", 2), ("Thùy", 2), ("Hồng", 3), ("Kim", 3),
    ("Bích", 2), ("Phương", 1), ("Mai", 1), ("Diệu", 1), ("Thúy", 2),
]  # fmt: skip
GIVEN_MALE: tuple[str, ...] = (
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Nam", "Thắng", "Sơn", "Long", "Hưng", "Cường", "Quang", "Bình",
    "Tâm", "Thành", "Phúc", "Lợi", "Toàn", "Hòa", "Trung", "Vinh", "Kiên", "Hiếu", "Đức", "Tùng", "Khánh",
    "Lâm", "Huy", "Tiến", "Thịnh", "Chiến", "Quý", "Bảo", "Lộc", "Tài", "Thanh", "Đông", "Nghĩa", "Phong",
    "Thuận", "Hậu", "Mạnh", "Thông", "Khải", "Tấn", "Định", "Hiệp", "Luận", "Sáng", "Vượng", "Xuân", "Thủy",
    "Kính", "Chính", "Điệp", "Bằng", "Hoan", "Lực", "Tường", "Quyết",
)  # fmt: skip
GIVEN_FEMALE: tuple[str, ...] = (
    "Lan", "Hương", "Hoa", "Mai", "Hồng", "Thu", "Hằng", "Hạnh", "Nga", "Hà", "Loan", "Liên", "Dung", "Nhung",
    "Thủy", "Yến", "Trang", "Linh", "Ngọc", "Phương", "Thảo", "Huyền", "Oanh", "Tuyết", "Xuân", "Vân", "Bích",
    "Lý", "Hiền", "Thúy", "Hường", "Nhàn", "Sen", "Cúc", "Đào", "Nguyệt", "Quyên", "Thơm", "Nụ", "Mận", "Tâm",
    "Huệ", "Lụa", "Gấm", "Thắm", "Duyên", "Chinh", "Vui", "Hảo", "Lựu",
)  # fmt: skip


@dataclass(frozen=True)
class NameStyle:
    """How one ethnic group builds a full name."""

    families: tuple[str, ...]
    male_middle: tuple[str, ...]
    female_middle: tuple[str, ...]
    male_given: tuple[str, ...]
    female_given: tuple[str, ...]
    # "fmg" = family middle given; "yg_f" = Ê Đê style "Y Given Family" / "H'Given Family"; "fg" = family given.
    shape: str = "fmg"


_VIET_MALE = ("Dền", "Hậu", "Thưởng", "Quân", "Vinh", "Toàn", "Sinh", "Thụ", "Lộc", "Khiêm", "Dương", "Chung")
_VIET_FEMALE = ("Thủy", "Lan", "Hoa", "Duyên", "Thơ", "Nhàn", "Liên", "Mến", "Pham", "Vân", "Ngân", "Hiên")

NAME_STYLES: dict[str, NameStyle] = {
    "Thái": NameStyle(
        ("Lò", "Lường", "Quàng", "Cầm", "Tòng", "Vì", "Điêu", "Lù", "Hà", "Lê"),
        ("Văn",), ("Thị",),
        ("Pành", "Xôm", "Ún", "Pản", "Khăm", "Inh", "Phóng", "Hặc", "Bun", "Ọi", "Thanh", "Chiến", "Sương", "Quyết"),
        ("Ín", "Ỏn", "Pọm", "Lả", "Ươi", "Én", "Bua", "Nhuôn", "Hoa", "Xuân", "Thoa", "Ngọc", "Ánh", "Phanh"),
    ),
    "H'Mông": NameStyle(
        ("Giàng", "Sùng", "Vàng", "Thào", "Lý", "Hờ", "Mùa", "Lầu", "Vừ", "Cứ", "Sình", "Tráng"),
        ("A", "A", "A", "Seo", "Mí"), ("Thị", "Thị", "Thị", "Thị", "Mỉ"),
        ("Sử", "Lử", "Dơ", "Pao", "Chứ", "Dính", "Páo", "Tủa", "Súa", "Chá", "Của", "Vư", "Tráng", "Lềnh", "Dình"),
        ("Dợ", "Mỷ", "Say", "Pà", "Máy", "Súa", "Sy", "Dua", "Chía", "Ly", "Mai", "Xúa", "Dế", "Chi", "Pằng"),
    ),
    "Tày": NameStyle(
        ("Hoàng", "Nông", "Lương", "Bế", "Ma", "Hà", "Triệu", "Lục", "Đàm", "La", "Hứa", "Lộc"),
        ("Văn", "Văn", "Đức", "Thanh"), ("Thị",), _VIET_MALE, _VIET_FEMALE,
    ),
    "Nùng": NameStyle(
        ("Hoàng", "Lường", "Nông", "Chu", "Vi", "Lăng", "Mã", "Lý", "Lục", "Hoàng"),
        ("Văn",), ("Thị",), _VIET_MALE, _VIET_FEMALE,
    ),
    "Mường": NameStyle(
        ("Bùi", "Đinh", "Quách", "Hà", "Xa", "Cao", "Bạch", "Bùi", "Bùi", "Đinh"),
        ("Văn", "Văn", "Thanh", "Công"), ("Thị",),
        ("Mường", "Khương", "Thọ", "Chiến", "Lới", "Nghiệp", "Đường", "Tiêu", "Khờm", "Thung", "Hiểu"),
        ("Mơ", "Hằng", "Lài", "Ngân", "Thìn", "Xuyến", "Lơ", "Mừng", "Vịnh", "Thiệp", "Nga"),
    ),
    "Dao": NameStyle(
        ("Triệu", "Bàn", "Lý", "Đặng", "Chảo", "Phùn", "Tẩn", "Lý"),
        ("Văn", "Tài", "Quầy", "Sành"), ("Thị", "Mùi", "Thị"),
        ("Vần", "Quý", "Sinh", "Phây", "Lở", "Chòi", "Sơn", "Kiềm", "Tả"),
        ("Mẩy", "Sành", "Dìn", "Chạn", "Mai", "Nhất", "Xuân", "Phấy", "Nải"),
    ),
    "Khmer": NameStyle(
        ("Thạch", "Danh", "Sơn", "Kim", "Lâm", "Chau", "Trầm", "Lý", "Thạch", "Thạch"),
        ("Văn", "", "", "Sô"), ("Thị", "Thị", "Thị", ""),
        ("Ren", "Sóc", "Phal", "Kha", "Rết", "Sa Rinh", "Chanh Đa", "Sóc Hên", "Ri", "Mên", "Sà Rây", "Sươl"),
        ("Sa Rươne", "Sa Ri", "Sà Phol", "Sóc Thi", "Nhanh", "Sa Mây", "Chanh Thu", "Srây", "Sà Quênh", "Phiếu"),
    ),
    "Ê Đê": NameStyle(
        ("Niê", "Êban", "Mlô", "Byă", "Ksơr", "Adrơng", "Hmok", "Kbuôr", "Ayũn", "Mdrang", "Buôn Yă"),
        ("Y",), ("H'",),
        ("Bhin", "Ngông", "Khem", "Kô", "Moan", "Jut", "Dhăm", "Blô", "Thông", "Tuôn", "Wai", "Nguê"),
        ("Hen", "Zi", "Bia", "Nga", "Zơ", "Ly", "Nhi", "Duen", "Mai", "Blúp", "Yin"),
        shape="yg_f",
    ),
    "Gia Rai": NameStyle(
        ("Ksor", "Rơ Châm", "Siu", "Rmah", "Kpă", "Nay", "Rơ Lan", "Puih", "Rahlan"),
        ("",), ("H'",),
        ("Hluân", "Thư", "Phi", "Nhiêl", "Blin", "Đoan", "Kơ", "Tuyên", "Dương", "Yơn", "Hyun"),
        ("Mai", "Điêng", "Ngơ", "Hlen", "Bớt", "Ninh", "Nhin", "Lan", "Yum", "Jen"),
        shape="fg",
    ),
}


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def kinh_name(rng: random.Random, female: bool, south: bool) -> str:
    family = pick(rng, KINH_FAMILY_SOUTH if south else KINH_FAMILY_NORTH)
    middle = pick(rng, MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    if given == middle:
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    return _join(family, middle, given)


def person_name(rng: random.Random, ethnicity: str, female: bool, south: bool) -> str:
    """A plausible full name for a person of ``ethnicity`` (Kinh or a group in :data:`NAME_STYLES`)."""
    style = NAME_STYLES.get(ethnicity)
    if style is None:
        return kinh_name(rng, female, south)
    family = rng.choice(style.families)
    given = rng.choice(style.female_given if female else style.male_given)
    middle = rng.choice(style.female_middle if female else style.male_middle)
    if style.shape == "yg_f":
        return f"{middle}{given} {family}" if middle.endswith("'") else _join(middle, given, family)
    if style.shape == "fg":
        return _join(family, f"{middle}{given}" if middle.endswith("'") else given)
    return _join(family, middle, given)


# --- Places -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    """A kind of place: provinces (after the 1/7/2025 merger), village wording, minority groups living there."""

    provinces: tuple[str, ...]
    south: bool
    village_kinds: tuple[tuple[str, float], ...]  # VillageKind codes for Kinh villages
    ethnic_kinds: tuple[tuple[str, float], ...]  # VillageKind codes for minority villages
    minorities: tuple[tuple[str, float], ...]
    ethnic_share: float  # share of villages in an ethnic-minority area
    ethnic_village_names: tuple[str, ...] = field(default=())


REGIONS: tuple[Region, ...] = (
    Region(
        ("Lào Cai", "Sơn La", "Điện Biên", "Lai Châu", "Tuyên Quang"), False,
        (("thon", 6), ("to_dan_pho", 1)), (("ban", 8), ("thon", 2)),
        (("Thái", 5), ("H'Mông", 4), ("Tày", 2), ("Dao", 2)), 0.55,
        ("Nà Phát", "Huổi Một", "Pá Khoang", "Nậm Cắn", "Co Muông", "Hua Nà", "Púng Bánh", "Phiêng Luông",
         "Sán Chải", "Lùng Phình", "Nà Hẩu", "Tà Xùa", "Mường Cang", "Nà Tấu", "Huổi Lóng", "Pú Nhung"),
    ),
    Region(
        ("Cao Bằng", "Lạng Sơn", "Thái Nguyên", "Tuyên Quang"), False,
        (("thon", 5), ("to_dan_pho", 1)), (("thon", 4), ("ban", 3), ("lang", 1)),
        (("Tày", 5), ("Nùng", 4), ("Dao", 2), ("H'Mông", 1)), 0.5,
        ("Nà Pò", "Khuổi Luông", "Nà Chang", "Nà Làng", "Pác Rằng", "Bó Lếch", "Khau Cải", "Nặm Tốc",
         "Lũng Pảng", "Phja Khao", "Nà Mạ", "Cốc Khuyết", "Pò Mã", "Khuổi Hẩu"),
    ),
    Region(
        ("Thanh Hóa", "Nghệ An", "Phú Thọ"), False,
        (("thon", 7), ("to_dan_pho", 1), ("lang", 1)), (("ban", 5), ("thon", 3), ("lang", 1)),
        (("Mường", 5), ("Thái", 4), ("Dao", 1)), 0.35,
        ("Mường Khô", "Khằm", "Lũng Vân", "Cò Noi", "Lát", "Pù Luông", "Đồng Tâm", "Hang Trăng",
         "Kho Mường", "Sơn Thủy", "Nà Đôn", "Pha Cốc"),
    ),
    Region(
        ("An Giang", "Cần Thơ", "Vĩnh Long", "Cà Mau"), True,
        (("ap", 8), ("khu_pho", 1)), (("ap", 5), ("phum", 2), ("soc", 3)),
        (("Khmer", 9), ("Hoa", 1)), 0.35,
        ("Tà Ân", "Ô Chum", "Prey Chóp", "Tà Lọt", "Sóc Tưn", "Ca Lanh", "Trà Kháo", "Phnô Pôn", "Tha La",
         "Kinh Ngang", "Sóc Xoài", "Ô Tà Sóc"),
    ),
    Region(
        ("Đắk Lắk", "Gia Lai", "Lâm Đồng"), False,
        (("thon", 7), ("to_dan_pho", 1)), (("buon", 6), ("lang", 2), ("thon", 1)),
        (("Ê Đê", 5), ("Gia Rai", 4), ("Nùng", 1), ("Tày", 1)), 0.45,
        ("Ea Bông", "Ko Tam", "Cư Êbur", "Ea Kmát", "Plei Ốp", "Ia Ring", "Kon Sơ Lăl", "Dơng Yang",
         "Ea Na", "Krông Búk", "Tơ Nung", "Đê Kjiêng", "Kđun", "Ea Tiêu"),
    ),
)  # fmt: skip

COMMUNE_NAMES: tuple[str, ...] = (
    "Tân Lập", "Hòa Bình", "Thống Nhất", "Quyết Thắng", "Đồng Tâm", "Thịnh Hưng", "Phú Lộc", "Xuân Hòa",
    "Minh Khai", "An Phú", "Vĩnh Thạnh", "Hưng Đạo", "Tân Tiến", "Phúc Thành", "Kim Sơn", "Bình Minh",
    "Nghĩa Hưng", "Quang Trung", "Tiên Phong", "Hợp Thành",
)  # fmt: skip

_VILLAGE_STEMS_COMMON: tuple[str, ...] = (
    "Đông", "Tây", "Nam", "Bắc", "Trung", "Tân Lập", "Đông Hòa", "Phú Xuân", "Tân Phú", "Yên Bình", "Hòa Lạc",
    "An Thịnh", "Phú Mỹ", "Vĩnh Hòa", "Bình An", "Quyết Tiến", "Thành Công", "Hưng Thịnh", "Tân Hòa", "Hòa Thuận",
)  # fmt: skip
_VILLAGE_STEMS_NORTH: tuple[str, ...] = (
    "Thượng", "Hạ", "Đồng Xuân", "Cầu Đá", "Đình Cả", "Chợ", "Đồng Cao", "Bãi Sậy", "Làng Mới", "Gốc Gạo",
)  # fmt: skip
_VILLAGE_STEMS_SOUTH: tuple[str, ...] = (
    "Gò Mít", "Bàu Sen", "Long Hòa", "Mỹ Lợi", "Phước Thạnh", "Rạch Gốc", "Kênh Xáng", "Thạnh Lợi", "Vàm Láng",
    "Cái Sơn",
)  # fmt: skip


def kinh_village_stems(south: bool) -> tuple[str, ...]:
    return _VILLAGE_STEMS_COMMON + (_VILLAGE_STEMS_SOUTH if south else _VILLAGE_STEMS_NORTH)


VILLAGE_HEAD = {
    "thon": "Trưởng thôn", "lang": "Trưởng làng", "ap": "Trưởng ấp", "ban": "Trưởng bản", "buon": "Trưởng buôn",
    "phum": "Trưởng phum", "soc": "Trưởng sóc", "to_dan_pho": "Tổ trưởng tổ dân phố", "khu_pho": "Trưởng khu phố",
    "khoi_pho": "Trưởng khối phố", "khac": "Trưởng xóm",
}
VILLAGE_KIND_WORD = {
    "thon": "Thôn", "lang": "Làng", "ap": "Ấp", "ban": "Bản", "buon": "Buôn", "phum": "Phum", "soc": "Sóc",
    "to_dan_pho": "Tổ dân phố", "khu_pho": "Khu phố", "khoi_pho": "Khối phố", "khac": "Xóm",
}  # fmt: skip

# --- People's roles and backgrounds -------------------------------------------------------------------------------

COMMUNITY_ROLES_MALE: tuple[tuple[str, float], ...] = (
    ("Trưởng thôn", 10), ("Bí thư chi bộ", 8), ("Trưởng ban công tác Mặt trận", 10),
    ("Chi hội trưởng Hội Nông dân", 8), ("Chi hội trưởng Hội Cựu chiến binh", 9), ("Bí thư chi đoàn", 3),
    ("Công an viên", 4), ("Trưởng họ", 6), ("Hưu trí", 10), ("Người có uy tín", 4), ("", 25),
)  # fmt: skip
COMMUNITY_ROLES_FEMALE: tuple[tuple[str, float], ...] = (
    ("Chi hội trưởng Hội Liên hiệp Phụ nữ", 30), ("Trưởng ban công tác Mặt trận", 6), ("Bí thư chi bộ", 4),
    ("Bí thư chi đoàn", 4), ("Hưu trí", 10), ("Giáo viên nghỉ hưu", 6), ("", 40),
)  # fmt: skip

# Background codes (enums.Background) in plausible proportions for village mediators.
BACKGROUNDS: tuple[tuple[str, float], ...] = (
    ("khac", 70), ("nguoi_uy_tin", 18), ("quan_doi", 4), ("cong_an", 3), ("can_bo_phap_luat", 2),
    ("luat_gia", 1.5), ("hoi_tham", 1), ("nguyen_tham_phan", 0.3), ("luat_su", 0.2),
)  # fmt: skip
LEGAL_QUALIFICATIONS: tuple[tuple[str, float], ...] = (
    ("khong", 88), ("trung_cap", 6), ("dai_hoc", 5.5), ("sau_dai_hoc", 0.5),
)
LEGAL_SUPPORT_CATEGORIES: tuple[tuple[str, float], ...] = (
    ("luat_su", 3), ("luat_gia", 3), ("can_bo_phap_luat", 3), ("cong_an", 2), ("hoi_tham", 1),
)

INVITEE_ROLES: tuple[str, ...] = (
    "Trưởng thôn", "Công an xã", "Trưởng họ", "Người có uy tín", "Công chức địa chính xã",
    "Chi hội trưởng Hội Liên hiệp Phụ nữ", "Già làng", "Cán bộ Mặt trận", "Hàng xóm chứng kiến",
)  # fmt: skip

ORGANISATIONS: tuple[str, ...] = (
    "Hợp tác xã nông nghiệp {commune}", "Công ty TNHH Xây dựng Thành Đạt", "Công ty TNHH MTV Nông sản Phú Gia",
    "Cơ sở chế biến gỗ Hưng Phát", "Doanh nghiệp tư nhân Vật liệu xây dựng Minh Tâm",
    "Hợp tác xã dịch vụ thủy lợi {commune}", "Trang trại chăn nuôi Phúc Lộc",
)  # fmt: skip

# --- Cases --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseKind:
    subtype: str
    summaries: tuple[str, ...]
    agreements: tuple[str, ...]
    positions: tuple[str, str]  # each side's position when mediation fails
    family: bool = False  # parties are relatives (spouses, parents and children, siblings)
    organisation: bool = False  # one side may be an organisation


CASE_KINDS: dict[str, tuple[CaseKind, ...]] = {
    "dan_su": (
        CaseKind(
            "Tranh chấp đất đai",
            ("Tranh chấp ranh giới đất giữa hai hộ liền kề", "Tranh chấp khoảng 2 m đất giáp ranh vườn hai hộ",
             "Tranh chấp lối đi chung dẫn vào khu dân cư", "Tranh chấp quyền sử dụng phần đất bờ ao giữa hai gia đình",
             "Tranh chấp ranh giới đất nương rẫy giữa hai hộ"),
            ("Hai bên thống nhất cắm mốc lại ranh giới theo hiện trạng sử dụng ổn định, không tranh chấp thêm.",
             "Các bên thống nhất để lại lối đi chung rộng 2 m, mỗi bên góp 1 m đất.",
             "Bên lấn chiếm đồng ý tháo dỡ hàng rào, trả lại phần đất theo bản đồ địa chính."),
            ("Giữ nguyên hiện trạng sử dụng đất từ trước đến nay.", "Yêu cầu trả lại phần đất theo giấy chứng nhận quyền sử dụng đất."),
        ),
        CaseKind(
            "Vay mượn tài sản",
            ("Tranh chấp về việc vay tiền không trả đúng hẹn", "Tranh chấp tiền mua chịu vật tư nông nghiệp",
             "Tranh chấp về việc mượn xe máy làm hư hỏng không bồi thường", "Tranh chấp tiền góp họ (hụi) không trả"),
            ("Bên vay đồng ý trả dần số tiền nợ, mỗi tháng một lần trong sáu tháng.",
             "Bên mượn đồng ý sửa chữa xe và chịu toàn bộ chi phí.",
             "Các bên thống nhất đối chiếu sổ sách, bên nợ trả đủ tiền trong ba tháng."),
            ("Đã trả một phần, xin khất thêm thời gian.", "Yêu cầu trả ngay toàn bộ số tiền và lãi."),
            organisation=True,
        ),
        CaseKind(
            "Hợp đồng",
            ("Tranh chấp hợp đồng thuê khoán vườn cây", "Tranh chấp tiền công xây dựng nhà ở",
             "Tranh chấp hợp đồng mua bán lúa, nông sản"),
            ("Hai bên thống nhất thanh lý hợp đồng, bên thuê thanh toán phần tiền còn lại.",
             "Chủ nhà đồng ý thanh toán tiền công còn thiếu sau khi bên thi công sửa lại phần hư hỏng."),
            ("Đã thực hiện đúng hợp đồng.", "Yêu cầu bồi thường thiệt hại do vi phạm hợp đồng."),
            organisation=True,
        ),
        CaseKind(
            "Thừa kế",
            ("Tranh chấp chia di sản thừa kế là đất ở do cha mẹ để lại", "Tranh chấp quyền thờ cúng và nhà từ đường"),
            ("Các anh chị em thống nhất chia đất theo di nguyện của cha mẹ, giữ một phần làm nơi thờ cúng.",),
            ("Yêu cầu chia đều cho các đồng thừa kế.", "Đề nghị giữ nguyên vì đã có công chăm sóc cha mẹ."),
            family=True,
        ),
        CaseKind(
            "Bồi thường thiệt hại",
            ("Tranh chấp bồi thường do gia súc phá hoại hoa màu", "Tranh chấp bồi thường do cây đổ làm hỏng mái nhà",
             "Tranh chấp bồi thường do nước thải chăn nuôi làm chết cá"),
            ("Bên gây thiệt hại đồng ý bồi thường giá trị hoa màu theo thỏa thuận.",
             "Hai bên thống nhất mức bồi thường và cùng sửa chữa phần hư hỏng."),
            ("Thiệt hại không lớn như bên kia nêu.", "Yêu cầu bồi thường đủ thiệt hại thực tế."),
        ),
    ),
    "mau_thuan": (
        CaseKind(
            "Mâu thuẫn hàng xóm",
            ("Mâu thuẫn do gia súc phá hoại hoa màu", "Mâu thuẫn giữa hai hộ do tiếng ồn karaoke kéo dài",
             "Mâu thuẫn do đổ rác, nước thải sang nhà bên cạnh", "Mâu thuẫn giữa hàng xóm do lời qua tiếng lại",
             "Mâu thuẫn do trẻ em đánh nhau dẫn đến xích mích giữa hai gia đình",
             "Mâu thuẫn do chó thả rông cắn gia cầm", "Mâu thuẫn về việc dẫn nước tưới ruộng qua thửa đất của nhau"),
            ("Các bên nhận ra thiếu sót, xin lỗi nhau và cam kết giữ tình làng nghĩa xóm.",
             "Hai bên thống nhất nhốt gia súc, vệ sinh chuồng trại đúng quy định.",
             "Các bên cam kết không mở loa lớn sau 22 giờ và giữ gìn trật tự khu dân cư."),
            ("Không có lỗi, bên kia gây sự trước.", "Yêu cầu xin lỗi công khai trước thôn."),
        ),
    ),
    "hon_nhan_gia_dinh": (
        CaseKind(
            "Mâu thuẫn vợ chồng",
            ("Mâu thuẫn vợ chồng do chồng thường xuyên uống rượu", "Mâu thuẫn vợ chồng về kinh tế gia đình",
             "Vợ chồng xích mích do ghen tuông, có nguy cơ ly hôn", "Mâu thuẫn vợ chồng về việc nuôi dạy con"),
            ("Vợ chồng nhận ra sai sót, cam kết đoàn tụ và cùng chăm lo kinh tế gia đình.",
             "Người chồng cam kết bỏ rượu, không có lời nói, hành vi xúc phạm vợ con."),
            ("Muốn ly hôn, không muốn tiếp tục chung sống.", "Muốn đoàn tụ để nuôi con."),
            family=True,
        ),
        CaseKind(
            "Nuôi dưỡng, cấp dưỡng",
            ("Tranh chấp về nghĩa vụ nuôi dưỡng cha mẹ già giữa các con", "Tranh chấp tiền cấp dưỡng nuôi con sau ly hôn"),
            ("Các con thống nhất luân phiên chăm sóc cha mẹ và cùng đóng góp chi phí hằng tháng.",
             "Người cha đồng ý cấp dưỡng nuôi con hằng tháng đến khi con đủ 18 tuổi."),
            ("Đã đóng góp đủ phần của mình.", "Yêu cầu chia đều trách nhiệm."),
            family=True,
        ),
    ),
    "vi_pham": (
        CaseKind(
            "Vi phạm nhỏ",
            ("Trộm cắp vặt gà vịt của hàng xóm, giá trị nhỏ", "Xâm phạm nhẹ đến sức khỏe do xô xát, chưa đến mức xử lý",
             "Tự ý chặt cây trên đất của hộ bên cạnh", "Người chưa thành niên làm hỏng tài sản của người khác"),
            ("Người vi phạm nhận lỗi, bồi thường giá trị tài sản và cam kết không tái phạm.",
             "Gia đình người vi phạm xin lỗi và chi trả tiền thuốc men cho bên bị hại."),
            ("Không nhận toàn bộ lỗi.", "Yêu cầu bồi thường và xử lý theo quy định."),
        ),
    ),
    "khac": (
        CaseKind(
            "Khác",
            ("Xích mích trong việc đóng góp xây dựng đường giao thông nông thôn",
             "Bất đồng về việc tổ chức đám cưới lấn chiếm lối đi chung", "Bất đồng về việc chia nước tưới trong tổ hợp tác"),
            ("Các bên thống nhất đóng góp theo mức đã được cuộc họp thôn thông qua.",
             "Các bên thống nhất thời gian sử dụng lối đi chung và dọn dẹp sau khi xong việc."),
            ("Mức đóng góp chưa hợp lý.", "Đề nghị giữ nguyên mức đã thống nhất."),
        ),
    ),
    "ngoai_pham_vi": (
        CaseKind(
            "Ngoài phạm vi",
            ("Đề nghị giải quyết ly hôn và chia tài sản chung", "Tố giác hành vi đánh bạc trong khu dân cư",
             "Khiếu nại về việc cấp giấy chứng nhận quyền sử dụng đất", "Tranh chấp hợp đồng vay với tổ chức tín dụng"),
            (), ("", ""),
        ),
    ),
}  # fmt: skip

GUIDANCE: tuple[str, ...] = (
    "Đã hướng dẫn các bên gửi đơn đến Tòa án nhân dân khu vực để giải quyết theo thẩm quyền.",
    "Đã hướng dẫn công dân liên hệ Ủy ban nhân dân xã để được giải quyết theo thủ tục hành chính.",
    "Đã chuyển thông tin đến Công an xã để xử lý theo quy định.",
)
REFERRALS: dict[str, tuple[str, ...]] = {
    "land": (
        "Hướng dẫn các bên gửi đơn đến Ủy ban nhân dân xã để hòa giải tranh chấp đất đai theo quy định của pháp luật đất đai.",
        "Hướng dẫn các bên gửi đơn đến Tòa án nhân dân khu vực để giải quyết theo thủ tục tố tụng.",
    ),
    "hon_nhan_gia_dinh": (
        "Hướng dẫn các bên gửi đơn đến Tòa án nhân dân khu vực để giải quyết theo pháp luật về hôn nhân và gia đình.",
        "Tổ hòa giải tiếp tục theo dõi, phối hợp Chi hội Phụ nữ vận động; hướng dẫn các bên liên hệ cơ quan có thẩm quyền.",
    ),
    "other": (
        "Hướng dẫn các bên gửi đơn đến Tòa án nhân dân khu vực để giải quyết theo thủ tục tố tụng.",
        "Hướng dẫn các bên liên hệ Trung tâm trợ giúp pháp lý nhà nước để được tư vấn.",
        "Tổ hòa giải tiếp tục theo dõi, vận động các bên; hướng dẫn các bên gửi đơn đến cơ quan có thẩm quyền.",
    ),
}
SESSION_NOTES: tuple[str, ...] = (
    "Các bên trình bày ý kiến, hòa giải viên phân tích quy định pháp luật có liên quan.",
    "Các bên chưa thống nhất, hẹn buổi làm việc tiếp theo.",
    "Mời trưởng họ cùng tham gia vận động, thuyết phục.",
    "Xem xét hiện trạng tại chỗ, các bên trao đổi thẳng thắn.",
)
LAST_SESSION_NOTES: dict[str, str] = {
    "thanh": "Các bên đi đến thống nhất, lập văn bản hòa giải thành.",
    "khong_thanh": "Các bên không đạt được thỏa thuận, kết thúc hòa giải.",
    "ben_rut": "Một bên đề nghị chấm dứt hòa giải.",
}
FOLLOW_UP_NOTES: dict[str, str] = {
    "xong": "Các bên đã thực hiện xong thỏa thuận.",
    "dang": "Các bên đang thực hiện theo lộ trình đã thỏa thuận.",
    "khong": "Một bên không thực hiện thỏa thuận, tổ hòa giải tiếp tục vận động.",
    "bat_kha_khang": "Chưa thực hiện được do thiên tai, mưa lũ.",
}
EXECUTION_METHOD = "Các bên tự nguyện thực hiện trước ngày {deadline}; tổ hòa giải theo dõi, đôn đốc việc thực hiện."
RIGHTS_OBLIGATIONS = "Các bên có trách nhiệm thực hiện đúng thỏa thuận đã đạt được; không khiếu kiện về cùng nội dung."

# --- Training -----------------------------------------------------------------------------------------------------

TRAINING_TITLES: dict[str, tuple[str, ...]] = {
    "co_ban": (
        "Tập huấn kỹ năng, nghiệp vụ hòa giải ở cơ sở năm {year}",
        "Bồi dưỡng nghiệp vụ hòa giải ở cơ sở cho hòa giải viên mới năm {year}",
        "Tập huấn theo Chương trình khung bồi dưỡng nghiệp vụ hòa giải ở cơ sở năm {year}",
    ),
    "chuyen_sau": (
        "Bồi dưỡng chuyên sâu kỹ năng hòa giải cho tổ trưởng tổ hòa giải năm {year}",
        "Tập huấn chuyên sâu về hòa giải các vụ việc phức tạp cho tổ trưởng tổ hòa giải năm {year}",
    ),
    "cap_nhat": (
        "Cập nhật kiến thức pháp luật về đất đai, hôn nhân và gia đình năm {year}",
        "Phổ biến pháp luật mới về phòng, chống bạo lực gia đình và bình đẳng giới năm {year}",
        "Cập nhật kiến thức pháp luật dân sự cho hòa giải viên năm {year}",
    ),
}
TRAINERS: dict[str, tuple[str, ...]] = {
    "trung_uong": ("Báo cáo viên Vụ Phổ biến, giáo dục pháp luật - Bộ Tư pháp",),
    "tinh": ("Tập huấn viên Sở Tư pháp", "Báo cáo viên pháp luật tỉnh", "Luật sư Đoàn Luật sư tỉnh"),
    "xa": ("Công chức Tư pháp - Hộ tịch xã", "Báo cáo viên pháp luật xã", "Tuyên truyền viên pháp luật xã"),
    "khac": ("Hội Luật gia tỉnh", "Trung tâm trợ giúp pháp lý nhà nước"),
}
MATERIALS: tuple[str, ...] = (
    "Bộ tài liệu bồi dưỡng nghiệp vụ hòa giải ở cơ sở (Bộ Tư pháp)",
    "Sổ tay hòa giải viên",
    "Tài liệu hỏi đáp pháp luật về hòa giải ở cơ sở",
    "Tình huống hòa giải mẫu",
)
GUEST_ROLES: tuple[tuple[str, str], ...] = (
    ("Phó Chủ tịch", "Ủy ban nhân dân xã"),
    ("Công chức Tư pháp - Hộ tịch", "Ủy ban nhân dân xã"),
    ("Phó Chủ tịch", "Ủy ban Mặt trận Tổ quốc Việt Nam xã"),
    ("Trưởng thôn", "Thôn"),
    ("Chuyên viên", "Phòng Phổ biến, giáo dục pháp luật - Sở Tư pháp"),
    ("Cán bộ", "Hội Liên hiệp Phụ nữ xã"),
)
COURTS = "Tòa án nhân dân khu vực {n} - {province}"
# fmt: on
