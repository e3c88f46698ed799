"""The standard workbook of DOMAIN §6: sheet names, exact Vietnamese headers and the closed value spellings.

Sheet and column names are official text of the workbook (Vietnamese, never translated). Each column has a stable
``key`` the importer and exporter use; headers are matched ignoring case, diacritics, spaces and punctuation
(:func:`header_key`), with a few extra spellings people use (``aliases``).

Two optional columns go beyond the table of §6 so that an export re-imports to the same figures: ``Ngày giải thể``
(a team dissolved or merged) and ``Ngày bắt đầu`` (a membership that started on another day than its recognition).
Both may be left out of a workbook; the importer then leaves those fields alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from hoagiai_desktop.domain.enums import (
    Background,
    CaseBasis,
    Category,
    EndReason,
    LabeledEnum,
    LegalQualification,
    OrganiserLevel,
    Role,
    Sex,
    TrainingKind,
    UnitKind,
    VillageKind,
)
from hoagiai_desktop.domain.ethnic import ETHNIC_GROUPS
from hoagiai_desktop.i18n import N_
from hoagiai_desktop.text import fold


class Kind(Enum):
    """How a cell is read."""

    CODE = "code"
    TEXT = "text"
    INT = "int"
    NUMBER = "number"
    DATE = "date"
    YEAR_OR_DATE = "year_or_date"
    YES_NO = "yes_no"
    ENUM = "enum"
    ETHNICITY = "ethnicity"
    RESULT = "result"
    PARTIES = "parties"
    CODE_LIST = "code_list"


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: Kind = Kind.TEXT
    required: bool = False  # the header must be present and the value filled in
    enum: type[LabeledEnum] | None = None
    aliases: tuple[str, ...] = ()
    width: int = 16
    optional_extra: bool = False  # beyond DOMAIN §6; written by the exporter, not by the template
    note: str = ""  # shown in the instructions sheet


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str  # what the sheet holds, for the instructions sheet
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = field(default=())

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)


# Result spellings of the workbook: Thành / Không thành, and the two open states (stored as "no result").
RESULT_SPELLINGS = ("Thành", "Không thành", "Đang giải quyết", "Chưa giải quyết")
YES_NO_SPELLINGS = ("Có", "Không")

THON_TO = Sheet(
    "ThonTo",
    "Danh sách thôn, tổ dân phố",
    (
        Column(
            "Mã thôn",
            "code",
            Kind.CODE,
            True,
            width=12,
            aliases=("Mã thôn/tổ dân phố", "Mã"),
            note="Mã duy nhất, ví dụ T01",
        ),
        Column("Tên thôn", "name", Kind.TEXT, True, width=26, aliases=("Tên thôn/tổ dân phố", "Tên")),
        Column("Loại", "kind", Kind.ENUM, enum=VillageKind, width=14, note="Để trống = Thôn"),
        Column(
            "Vùng dân tộc thiểu số",
            "ethnic_area",
            Kind.YES_NO,
            width=14,
            aliases=("Vùng DTTS",),
            note="Có/Không (x, 1/0); để trống = Không",
        ),
        Column("Số hộ", "households", Kind.INT, width=10, aliases=("Số hộ gia đình",)),
    ),
    aliases=("Thôn", "Thôn tổ dân phố"),
)

TO_HOA_GIAI = Sheet(
    "ToHoaGiai",
    "Danh sách tổ hòa giải",
    (
        Column("Mã tổ", "code", Kind.CODE, True, width=12, note="Mã duy nhất, ví dụ THG01"),
        Column("Tên tổ", "name", Kind.TEXT, True, width=28, aliases=("Tên tổ hòa giải",)),
        Column("Mã thôn", "village", Kind.CODE, True, width=12, note="Mã ở sheet ThonTo"),
        Column("Số quyết định", "decision_no", Kind.TEXT, width=18, aliases=("Số QĐ", "Số QĐ thành lập")),
        Column(
            "Ngày quyết định",
            "decision_date",
            Kind.DATE,
            width=14,
            aliases=("Ngày QĐ",),
            note="Ngày thành lập / kiện toàn; tổ hoạt động từ ngày này",
        ),
        Column(
            "Hỗ trợ chuyên môn pháp luật",
            "legal_support",
            Kind.YES_NO,
            width=14,
            note="Có/Không: tổ được người có chuyên môn pháp luật hỗ trợ",
        ),
        Column("Người hỗ trợ", "legal_support_name", Kind.TEXT, width=24),
        Column("Ghi chú", "notes", Kind.TEXT, width=30),
        Column(
            "Ngày giải thể",
            "dissolved_on",
            Kind.DATE,
            width=14,
            aliases=("Ngày sáp nhập",),
            optional_extra=True,
            note="Cột thêm (không bắt buộc): ngày tổ giải thể hoặc sáp nhập",
        ),
    ),
    aliases=("Tổ hòa giải",),
)

HOA_GIAI_VIEN = Sheet(
    "HoaGiaiVien",
    "Danh sách hòa giải viên (mỗi lần là thành viên một tổ = một dòng)",
    (
        Column(
            "Mã HGV",
            "code",
            Kind.CODE,
            True,
            width=12,
            aliases=("Mã hòa giải viên",),
            note="Một người là thành viên hai tổ = hai dòng cùng Mã HGV",
        ),
        Column("Họ và tên", "full_name", Kind.TEXT, True, width=26, aliases=("Họ tên",)),
        Column(
            "Năm sinh",
            "birth",
            Kind.YEAR_OR_DATE,
            width=11,
            aliases=("Ngày sinh", "Ngày tháng năm sinh"),
            note="Năm (1970) hoặc ngày sinh",
        ),
        Column("Giới tính", "sex", Kind.ENUM, True, enum=Sex, width=10),
        Column("Dân tộc", "ethnicity", Kind.ETHNICITY, width=12, note="Tên dân tộc; để trống = Kinh"),
        Column("Địa chỉ", "address", Kind.TEXT, width=28, aliases=("Nơi cư trú", "Địa chỉ thường trú")),
        Column("Điện thoại", "phone", Kind.TEXT, width=14, aliases=("Số điện thoại", "SĐT")),
        Column(
            "Trình độ pháp luật",
            "legal_qualification",
            Kind.ENUM,
            enum=LegalQualification,
            width=14,
            aliases=("Trình độ chuyên môn pháp luật",),
            note="Để trống = Không",
        ),
        Column("Thành phần", "background", Kind.ENUM, enum=Background, width=18),
        Column("Mã tổ", "team", Kind.CODE, width=12, note="Để trống nếu chưa là thành viên tổ nào"),
        Column(
            "Vai trò",
            "role",
            Kind.ENUM,
            enum=Role,
            width=14,
            aliases=("Chức vụ",),
            note="Để trống = Hòa giải viên",
        ),
        Column(
            "Số QĐ công nhận", "recognition_no", Kind.TEXT, width=16, aliases=("Số quyết định công nhận",)
        ),
        Column(
            "Ngày công nhận",
            "recognition_date",
            Kind.DATE,
            width=14,
            aliases=("Ngày QĐ công nhận",),
            note="Bắt buộc khi có Mã tổ",
        ),
        Column("Ngày thôi", "end_date", Kind.DATE, width=13, aliases=("Ngày thôi làm hòa giải viên",)),
        Column("Lý do thôi", "end_reason", Kind.ENUM, enum=EndReason, width=22),
        Column(
            "Ngày bắt đầu",
            "start_date",
            Kind.DATE,
            width=13,
            optional_extra=True,
            note="Cột thêm (không bắt buộc): ngày bắt đầu là thành viên nếu khác ngày công nhận",
        ),
    ),
    aliases=("Hòa giải viên",),
)

VU_VIEC = Sheet(
    "VuViec",
    "Sổ theo dõi vụ, việc hòa giải",
    (
        Column("Mã vụ việc", "code", Kind.CODE, True, width=12, aliases=("Mã vụ, việc", "Mã vụ")),
        Column("Mã tổ", "team", Kind.CODE, True, width=12),
        Column("Ngày tiếp nhận", "received_on", Kind.DATE, True, width=14, aliases=("Ngày nhận",)),
        Column(
            "Căn cứ",
            "basis",
            Kind.ENUM,
            enum=CaseBasis,
            width=22,
            aliases=("Căn cứ hòa giải",),
            note="Để trống = Các bên yêu cầu",
        ),
        Column("Lĩnh vực", "category", Kind.ENUM, True, enum=Category, width=22, aliases=("Loại việc",)),
        Column("Nội dung", "summary", Kind.TEXT, width=40, aliases=("Nội dung chính", "Nội dung vụ việc")),
        Column(
            "Các bên",
            "parties",
            Kind.PARTIES,
            width=40,
            aliases=("Các bên tranh chấp",),
            note='Các bên cách nhau bởi dấu ;  mỗi bên "Họ tên, năm sinh, địa chỉ"',
        ),
        Column(
            "Mã HGV",
            "mediators",
            Kind.CODE_LIST,
            width=16,
            aliases=("Hòa giải viên được phân công",),
            note="Các hòa giải viên được phân công, cách nhau bởi dấu ;",
        ),
        Column("Ngày phân công", "assigned_on", Kind.DATE, width=14),
        Column("Ngày hòa giải", "first_session", Kind.DATE, width=14, note="Ngày hòa giải lần đầu"),
        Column("Kết quả", "result", Kind.RESULT, width=16, note="Để trống = chưa kết thúc"),
        Column("Ngày kết thúc", "ended_on", Kind.DATE, width=14),
        Column(
            "Thỏa thuận",
            "agreement",
            Kind.TEXT,
            width=36,
            aliases=("Nội dung thỏa thuận",),
            note="Bắt buộc khi Kết quả = Thành",
        ),
        Column("Ghi chú", "notes", Kind.TEXT, width=24),
        Column(
            "HGV là một bên",
            "overrides",
            Kind.CODE_LIST,
            width=16,
            optional_extra=True,
            note="Cột thêm (không bắt buộc): Mã HGV được phân công dù trùng tên, năm sinh với một bên, "
            "đã ghi nhận lý do",
        ),
    ),
    aliases=("Vụ việc",),
)

TAP_HUAN = Sheet(
    "TapHuan",
    "Các lớp tập huấn, bồi dưỡng",
    (
        Column("Mã lớp", "code", Kind.CODE, True, width=12),
        Column("Tên lớp", "title", Kind.TEXT, True, width=36),
        Column("Loại", "kind", Kind.ENUM, True, enum=TrainingKind, width=14, aliases=("Loại lớp",)),
        Column(
            "Cấp tổ chức", "organiser_level", Kind.ENUM, enum=OrganiserLevel, width=14, note="Để trống = Xã"
        ),
        Column("Từ ngày", "start_on", Kind.DATE, True, width=13),
        Column("Đến ngày", "end_on", Kind.DATE, width=13, note="Để trống = cùng ngày với Từ ngày"),
        Column("Số giờ", "hours", Kind.NUMBER, width=9),
        Column("Địa điểm", "venue", Kind.TEXT, width=28),
    ),
    aliases=("Tập huấn",),
)

DIEM_DANH = Sheet(
    "DiemDanh",
    "Điểm danh hòa giải viên dự các lớp",
    (
        Column("Mã lớp", "event", Kind.CODE, True, width=12),
        Column("Mã HGV", "mediator", Kind.CODE, True, width=12, aliases=("Mã hòa giải viên",)),
        Column("Có mặt", "present", Kind.YES_NO, width=10, note="Có/Không; để trống = Có"),
    ),
    aliases=("Điểm danh",),
)


class Signer(LabeledEnum):
    """Who signs the reports (column "Người ký" of DonVi)."""

    CHU_TICH = "chu_tich", "Chủ tịch", N_("Chairman"), ("ct",)
    PHO_CHU_TICH = "pho_chu_tich", "Phó Chủ tịch", N_("Vice-chairman"), ("pct", "kt chu tich")


# Optional (DOMAIN §6): one row with the commune's details, so a commune can be set up without the window.
DON_VI = Sheet(
    "DonVi",
    "Thông tin đơn vị (không bắt buộc; một dòng)",
    (
        Column("Tỉnh", "province", Kind.TEXT, True, width=18, aliases=("Tỉnh, thành phố", "Tỉnh/thành phố")),
        Column("Tên xã", "name", Kind.TEXT, True, width=22, aliases=("Tên đơn vị", "Tên xã, phường"),
               note="Tên không kèm chữ Xã/Phường (nếu có sẽ được nhận ra)"),
        Column("Loại", "kind", Kind.ENUM, enum=UnitKind, width=12, note="Xã/Phường/Đặc khu; để trống = Xã"),
        Column("Mã đơn vị", "code", Kind.TEXT, width=12, aliases=("Mã đơn vị hành chính",)),
        Column("Địa danh", "place_name", Kind.TEXT, width=18, note="Ghi ở dòng ngày tháng; để trống = tên xã"),
        Column("Chủ tịch", "chairman_name", Kind.TEXT, width=22),
        Column("Phó Chủ tịch", "vice_chairman_name", Kind.TEXT, width=22),
        Column("Người ký", "signer", Kind.ENUM, enum=Signer, width=14,
               note="Chủ tịch/Phó Chủ tịch; để trống = Phó Chủ tịch ký thay nếu có"),
        Column("Công chức tư pháp", "justice_officer_name", Kind.TEXT, width=22,
               aliases=("Công chức Tư pháp - Hộ tịch",)),
        Column("Điện thoại", "phone", Kind.TEXT, width=14, aliases=("Số điện thoại",)),
    ),
    aliases=("Đơn vị",),
)  # fmt: skip

SHEETS: tuple[Sheet, ...] = (THON_TO, TO_HOA_GIAI, HOA_GIAI_VIEN, VU_VIEC, TAP_HUAN, DIEM_DANH)
OPTIONAL_SHEETS: tuple[Sheet, ...] = (DON_VI,)  # may be left out of a workbook altogether
WORKBOOK_SHEETS: tuple[Sheet, ...] = (*OPTIONAL_SHEETS, *SHEETS)  # what the template and the export hold
INSTRUCTIONS_SHEET = "HuongDan"
LISTS_SHEET = "DanhMuc"
# Sheets of the template that hold no data: never reported as unknown.
HELPER_SHEETS = (INSTRUCTIONS_SHEET, LISTS_SHEET, "LoiNhap")

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(text: object) -> str:
    """Key for matching a header or sheet name: no case, diacritics, spaces or punctuation."""
    return _NON_ALNUM.sub("", fold(str(text))) if text is not None else ""


def spellings(col: Column) -> tuple[str, ...]:
    """The closed list offered for a column (template validation lists and the instructions sheet)."""
    if col.kind is Kind.ENUM and col.enum is not None:
        return tuple(member.vi for member in col.enum)
    if col.kind is Kind.YES_NO:
        return YES_NO_SPELLINGS
    if col.kind is Kind.RESULT:
        return RESULT_SPELLINGS
    if col.kind is Kind.ETHNICITY:
        return ETHNIC_GROUPS
    return ()


def sheet_by_key() -> dict[str, Sheet]:
    table: dict[str, Sheet] = {}
    for sheet in SHEETS:
        for name in (sheet.name, *sheet.aliases):
            table[header_key(name)] = sheet
    return table


def header_table(sheet: Sheet) -> dict[str, Column]:
    table: dict[str, Column] = {}
    for col in sheet.columns:
        for name in (col.header, *col.aliases):
            table.setdefault(header_key(name), col)
    return table


def standard_columns(sheet: Sheet) -> tuple[Column, ...]:
    """The columns of DOMAIN §6 (what the template shows)."""
    return tuple(c for c in sheet.columns if not c.optional_extra)
