"""The province's own papers (DOMAIN §8), laid out with the commune papers' NĐ 30 frame and rules:

* ``de-an-tinh`` — the Đề án indicators for the province against the QĐ 315 targets, then a table with one row
  per commune of the registry (the counts behind each indicator and its percentage), the province's row first;
* ``danh-sach-nop`` — the completeness list of a period: each commune chưa nộp / đúng hạn / muộn / đã thay thế,
  with the dates and receipt numbers.

Both are drawn from plain data (``services.province_papers`` collects it), so the tests read the PDFs back
against the same numbers. The issuer, signature and "Nơi nhận" are the Sở Tư pháp's (:class:`nd30.UnitInfo`
knows a province unit).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from hoagiai_desktop.reports import nd30
from hoagiai_desktop.reports.base import Layout, fmt_date, heading, period_line
from hoagiai_desktop.reports.definitions import HeaderCell
from hoagiai_desktop.reports.keep import end_with, headed
from hoagiai_desktop.reports.paper import DASH, end_mark, fmt_decimal, fmt_int
from hoagiai_desktop.reports.tables import Grid, pdf_table, simple_header

# The short column titles of the per-commune table (the full official wording is in the first table).
SHORT: dict[str, str] = {
    "teams.compliant": "Tổ hòa giải đủ thành phần",
    "teams.legal_support": "Tổ có người có chuyên môn pháp luật hỗ trợ",
    "training.pct_trained": "Hòa giải viên được tập huấn",
    "training.new_trained_6m": "Hòa giải viên mới được tập huấn trong 06 tháng",
    "training.leaders_in_depth": "Tổ trưởng được tập huấn chuyên sâu",
    "cases.success_rate": "Vụ, việc hòa giải thành",
}


def _pct(value: float | None) -> str:
    return DASH if value is None else fmt_decimal(value)


def _verdict(actual: float | None, target: float) -> str:
    if actual is None:
        return "Chưa phát sinh"
    return "Đạt" if actual >= target else "Chưa đạt"


def province_grid(data: Mapping[str, Any]) -> Grid:
    rows: list[list[Any]] = []
    for i, r in enumerate(data["indicators"], start=1):
        rows.append([i, r["official"], fmt_decimal(r["target"]), _pct(r["actual"]),
                     f"{fmt_int(r['communes_met'])}/{fmt_int(r['communes_counted'])}",
                     _verdict(r["actual"], r["target"])])  # fmt: skip
    return Grid(
        header=simple_header(
            ["STT", "Chỉ tiêu", "Mục tiêu (%)", "Toàn tỉnh (%)", "Số xã đạt / có số liệu", "Đánh giá"]
        ),  # fmt: skip
        header_rows=1,
        rows=rows,
        widths_mm=[10, 120, 24, 24, 36, 30],
        sheet_title="Chỉ tiêu toàn tỉnh",
        align=["CENTER", "LEFT", "CENTER", "CENTER", "CENTER", "CENTER"],
        font_size=10.5,
    )


def commune_grid(data: Mapping[str, Any]) -> Grid:
    """STT, commune, then per indicator its count and its percentage; the province row first (bold)."""
    indicators = data["indicators"]
    header = [HeaderCell("STT", 0, 0, row_span=2), HeaderCell("Xã, phường, đặc khu", 0, 1, row_span=2)]
    for n, r in enumerate(indicators):
        col = 2 + 2 * n
        header.append(HeaderCell(f"{SHORT.get(r['key'], r['official'])} (mục tiêu {fmt_decimal(r['target'])}%)",
                                 0, col, col_span=2))  # fmt: skip
        header += [HeaderCell("Số", 1, col), HeaderCell("%", 1, col + 1)]

    def cells(values: Mapping[str, Any]) -> list[Any]:
        out: list[Any] = []
        for r in indicators:
            count, pct = values[r["key"]]
            out += [int(count) if float(count).is_integer() else count, _pct(pct)]
        return out

    rows: list[list[Any]] = [["", "Toàn tỉnh", *cells(data["province_row"])]]
    for i, c in enumerate(data["communes"], start=1):
        if c["values"] is None:
            rows.append([i, f"{c['name']} (chưa nộp báo cáo)"] + [""] * (2 * len(indicators)))
        else:
            rows.append([i, c["name"], *cells(c["values"])])
    return Grid(
        header=header,
        header_rows=2,
        rows=rows,
        widths_mm=[9.0, 42.0] + [14.0, 14.0] * len(indicators),
        sheet_title="Chỉ tiêu theo xã",
        bold_rows={0},
        align=["CENTER", "LEFT"] + ["CENTER"] * (2 * len(indicators)),
        font_size=9.5,
        header_font_size=9,
    )


def de_an_layout(data: Mapping[str, Any]) -> Layout:
    landscape = True
    width = nd30.frame_width(landscape)
    unit = nd30.UnitInfo.from_dict(data["unit"])
    title = "Báo cáo kết quả thực hiện Đề án “Nâng cao năng lực đội ngũ hòa giải viên ở cơ sở giai đoạn 2024 - 2030”"
    story: list[Flowable] = nd30.heading_flowables(heading(data, title, [period_line(data)]), width)
    met = sum(1 for r in data["indicators"] if r["actual"] is not None and r["actual"] >= r["target"])
    story.append(Paragraph("Căn cứ: " + nd30.esc(data["legal_basis"]) + ".", nd30.BODY))
    story.append(Paragraph(
        f"Trên cơ sở báo cáo của {fmt_int(data['reported'])}/{fmt_int(data['communes_total'])} xã, phường, đặc khu "
        f"đã gửi, {nd30.esc(unit.full_name)} tổng hợp kết quả thực hiện các chỉ tiêu của Đề án trên địa bàn tỉnh: "
        f"{fmt_int(met)}/{fmt_int(len(data['indicators']))} chỉ tiêu đạt mục tiêu. Số liệu toàn tỉnh là tổng số "
        "liệu của các xã; tỷ lệ toàn tỉnh tính trên tổng số đó. Kết quả cụ thể như sau:", nd30.BODY))  # fmt: skip
    g1 = province_grid(data)
    g2 = commune_grid(data)
    story += headed([Paragraph("I. KẾT QUẢ TOÀN TỈNH", nd30.HEADING)], [pdf_table(g1, width)])
    story.append(Spacer(1, 4 * mm))
    story += headed([Paragraph("II. KẾT QUẢ THEO TỪNG XÃ, PHƯỜNG, ĐẶC KHU", nd30.HEADING)],
                    [pdf_table(g2, width, long=True)])  # fmt: skip
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(
        "Ghi chú: “Số” là số tổ hòa giải, hòa giải viên hoặc vụ, việc đạt yêu cầu của chỉ tiêu; “%” là tỷ lệ so "
        "với tổng số tương ứng; “—” là chưa phát sinh (không có số để tính tỷ lệ).", nd30.NOTE))  # fmt: skip
    if data["not_reported"]:
        story.append(Paragraph(
            f"Chưa gửi báo cáo ({fmt_int(len(data['not_reported']))}): " + nd30.esc(", ".join(data["not_reported"]))
            + ".", nd30.NOTE))  # fmt: skip
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph(nd30.esc(end_mark(
        f"Trên đây là báo cáo kết quả thực hiện các chỉ tiêu của Đề án {data['period_label']} của "
        f"{unit.full_name}")), nd30.BODY))  # fmt: skip
    tail = [nd30.signature_block(unit, nd30.default_recipients(unit), avail_width=width)]
    return Layout(story=end_with(story, tail), landscape=landscape, grids=[g1, g2])


def _received(row: Mapping[str, Any]) -> str:
    first = fmt_date(row["received_on"])
    if row["status"] == "da_thay_the" and row["counted_on"] and row["counted_on"] != row["received_on"]:
        return f"{first}; thay thế {fmt_date(row['counted_on'])}"
    return first


def completeness_grid(data: Mapping[str, Any]) -> Grid:
    rows = [[i, r["code"], r["name"], r["status_vi"].capitalize(), _received(r), r["receipt_number"] or "",
             r["report_number"] or ""] for i, r in enumerate(data["rows"], start=1)]  # fmt: skip
    return Grid(
        header=simple_header(
            ["STT", "Mã", "Xã, phường, đặc khu", "Tình trạng", "Ngày nhận", "Số biên nhận", "Số báo cáo"]
        ),  # fmt: skip
        header_rows=1,
        rows=rows,
        widths_mm=[10, 16, 44, 22, 27, 26, 20],
        sheet_title="Danh sách nộp báo cáo",
        align=["CENTER", "CENTER", "LEFT", "CENTER", "CENTER", "CENTER", "CENTER"],
        font_size=10,
    )


def completeness_layout(data: Mapping[str, Any]) -> Layout:
    width = nd30.frame_width(False)
    unit = nd30.UnitInfo.from_dict(data["unit"])
    story: list[Flowable] = nd30.heading_flowables(
        heading(data, "Danh sách các xã, phường, đặc khu nộp báo cáo thống kê về hòa giải ở cơ sở",
                [period_line(data)], number_suffix="DS-UBND"),
        width,
    )  # fmt: skip
    counts = data["counts"]
    due = f"ngày {fmt_date(data['deadline'])}" if data["deadline"] else "chưa quy định"
    story.append(Paragraph(
        f"Hạn nộp báo cáo: {due}. Tổng số {fmt_int(len(data['rows']))} đơn vị; đã nộp "
        f"{fmt_int(len(data['rows']) - counts['chua_nop'])} (đúng hạn {fmt_int(counts['dung_han'])}, muộn "
        f"{fmt_int(counts['muon'])}, đã thay thế {fmt_int(counts['da_thay_the'])}); chưa nộp "
        f"{fmt_int(counts['chua_nop'])}.", nd30.BODY))  # fmt: skip
    g = completeness_grid(data)
    story += [pdf_table(g, width, long=True), Spacer(1, 2 * mm)]
    story.append(Paragraph(
        "Ghi chú: “Đã thay thế” là đơn vị đã gửi lại báo cáo chốt lần sau thay cho báo cáo trước (tính báo cáo "
        "mới nhất); ngày nhận là ngày nhận báo cáo đầu tiên của kỳ.", nd30.NOTE))  # fmt: skip
    story.append(Paragraph(nd30.esc(end_mark(
        f"Danh sách gồm {len(data['rows'])} đơn vị, lập ngày {fmt_date(data['issued_on'])}")), nd30.BODY))  # fmt: skip
    tail = [nd30.signature_block(unit, nd30.default_recipients(unit), avail_width=width)]
    return Layout(story=end_with(story, tail), landscape=False, grids=[g])
