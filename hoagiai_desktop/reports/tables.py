"""One description of a table (grouped header + rows) drawn both in the PDF and in the .xlsx, so both agree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, PageBreak, Paragraph, Table, TableStyle

from hoagiai_desktop.reports import fonts, nd30
from hoagiai_desktop.reports.definitions import HeaderCell
from hoagiai_desktop.reports.paper import fmt_value

Cell = str | int | float | None


@dataclass
class Grid:
    """``header`` cells carry their own row/col spans; ``rows`` are plain values (text is wrapped in the PDF)."""

    header: list[HeaderCell]
    header_rows: int
    rows: list[list[Cell]]
    widths_mm: list[float]
    sheet_title: str = "Bieu"
    heading: list[str] = field(default_factory=list)  # lines above the table in the workbook
    notes: list[str] = field(default_factory=list)  # lines below the table in the workbook
    bold_rows: set[int] = field(default_factory=set)  # indexes into rows
    span_rows: set[int] = field(default_factory=set)  # rows whose first cell spans the whole width
    align: list[str] = field(default_factory=list)  # per column: "LEFT" | "CENTER" | "RIGHT"
    font_size: float = 10
    body_padding: float = 2  # points above and below the text of body rows (room to sign)
    header_font_size: float | None = None  # default: the body size

    @property
    def columns(self) -> int:
        return len(self.widths_mm)


def simple_header(labels: Sequence[str]) -> list[HeaderCell]:
    return [HeaderCell(label, 0, i) for i, label in enumerate(labels)]


def scaled_widths(widths_mm: Sequence[float], avail: float) -> list[float]:
    total = sum(widths_mm) * mm
    factor = avail / total if total else 1.0
    return [w * mm * factor for w in widths_mm]


def pdf_table(
    grid: Grid, avail_width: float, *, long: bool = False, header_data: list[list[Any]] | None = None
) -> Table:
    """A ReportLab table with the grouped header repeated on every page.

    ``header_data`` reuses the header cells of an earlier piece of the same grid (see :func:`paged_tables`).
    """
    hfs = grid.header_font_size or grid.font_size
    head_style = nd30.style(f"gh{hfs}", hfs, bold=True, align=1, leading=hfs * 1.15)
    styles = {
        "LEFT": nd30.style(f"gl{grid.font_size}", grid.font_size, leading=grid.font_size * 1.2),
        "CENTER": nd30.style(f"gc{grid.font_size}", grid.font_size, align=1, leading=grid.font_size * 1.2),
        "RIGHT": nd30.style(f"gr{grid.font_size}", grid.font_size, align=2, leading=grid.font_size * 1.2),
    }
    bold_styles = {
        k: nd30.style(
            f"gb{k}{grid.font_size}", grid.font_size, bold=True, align=v.alignment, leading=v.leading
        )
        for k, v in styles.items()
    }
    n = grid.columns
    widths = scaled_widths(grid.widths_mm, avail_width)
    head = header_data or [["" for _ in range(n)] for _ in range(grid.header_rows)]
    spans: list[tuple[Any, ...]] = []
    for c in grid.header:
        if header_data is None:
            # Header text is wrapped once here into plain lines: a Paragraph per header cell is wrapped and
            # drawn again on every page (a 3,000-row form repeats the header ~130 times).
            room = sum(widths[c.col : c.col + c.col_span]) - 4
            lines = simpleSplit(c.text, fonts.BOLD, hfs, room)
            fits = all(stringWidth(w, fonts.BOLD, hfs) <= room for w in c.text.split())
            head[c.row][c.col] = "\n".join(lines) if fits else Paragraph(nd30.esc(c.text), head_style)
        if c.row_span > 1 or c.col_span > 1:
            spans.append(("SPAN", (c.col, c.row), (c.col + c.col_span - 1, c.row + c.row_span - 1)))
    data: list[list[Any]] = [list(r) for r in head]
    align = grid.align or ["LEFT"] + ["CENTER"] * (n - 1)
    for i, row in enumerate(grid.rows):
        bold = i in grid.bold_rows
        sty = bold_styles if bold else styles
        out: list[Any] = []
        if i in grid.span_rows:
            data.append([Paragraph(nd30.esc(row[0]), sty["LEFT"])] + [""] * (n - 1))
            spans.append(("SPAN", (0, grid.header_rows + i), (-1, grid.header_rows + i)))
            continue
        for j, value in enumerate(row):
            if value is None or value == "":
                out.append("")
            elif isinstance(value, int | float):
                out.append(fmt_value(value))  # "1.283", "72,1" (DOMAIN §5)
            elif _is_plain(value) or _fits(str(value), bold, grid.font_size, widths[j]):
                out.append(str(value))  # one line without wrapping: plain strings lay out much faster
            else:
                out.append(Paragraph(nd30.esc(value), sty[align[j]]))
        data.append(out)
    hr = grid.header_rows
    plain: list[tuple[Any, ...]] = [("ALIGN", (j, hr), (j, -1), a) for j, a in enumerate(align)]
    if grid.body_padding != 2:
        plain += [("TOPPADDING", (0, hr), (-1, -1), grid.body_padding),
                  ("BOTTOMPADDING", (0, hr), (-1, -1), grid.body_padding)]  # fmt: skip
    plain += [("FONT", (0, hr + i), (-1, hr + i), fonts.BOLD, grid.font_size) for i in sorted(grid.bold_rows)]
    head_font = [("FONT", (0, 0), (-1, hr - 1), fonts.BOLD, hfs, hfs * 1.15)]
    cls = LongTable if long else Table
    table = cls(data, colWidths=widths, repeatRows=grid.header_rows)
    table.setStyle(
        TableStyle(nd30.grid_style(grid.header_rows, font_size=grid.font_size) + head_font + spans + plain)
    )
    return table


def _fits(text: str, bold: bool, size: float, width: float) -> bool:
    """``text`` fits on one line of a cell ``width`` wide (no line break in it)."""
    return "\n" not in text and stringWidth(text, fonts.BOLD if bold else fonts.REGULAR, size) <= width - 4


def _row_height(grid: Grid, row: list[Cell], index: int, widths: list[float]) -> float:
    """An upper estimate of a body row's height (the same word wrapping as Paragraph, plus padding)."""
    bold = index in grid.bold_rows
    font = fonts.BOLD if bold else fonts.REGULAR
    leading = grid.font_size * 1.2
    pad = 2 * max(grid.body_padding, 2)
    if index in grid.span_rows:
        text = "" if row[0] is None else str(row[0])
        return len(simpleSplit(text, font, grid.font_size, sum(widths) - 4)) * leading + pad
    lines = 1
    for value, width in zip(row, widths, strict=False):
        if _is_plain(value) or _fits(str(value), bold, grid.font_size, width):
            continue  # drawn as a plain one-line string
        lines = max(lines, len(simpleSplit(str(value), font, grid.font_size, width - 4)) or 1)
    return lines * leading + pad


def _sub_grid(grid: Grid, start: int, stop: int) -> Grid:
    return Grid(
        header=grid.header,
        header_rows=grid.header_rows,
        rows=grid.rows[start:stop],
        widths_mm=grid.widths_mm,
        bold_rows={i - start for i in grid.bold_rows if start <= i < stop},
        span_rows={i - start for i in grid.span_rows if start <= i < stop},
        align=grid.align,
        font_size=grid.font_size,
        header_font_size=grid.header_font_size,
        body_padding=grid.body_padding,
    )


CONTINUED = "(tiếp theo)"


def _is_plain(value: Cell) -> bool:
    return value is None or isinstance(value, int | float) or (len(value) <= 12 and " " not in value)


def _split_row(grid: Grid, row: list[Cell], widths: list[float], max_lines: int) -> list[list[Cell]]:
    """``row`` cut into rows of at most ``max_lines`` lines each: the text cells continue in the rows below
    (short cells stay in the first row), so a text longer than a page goes on over the next pages."""
    pieces: list[list[str]] = []
    for value, width in zip(row, widths, strict=False):
        if _is_plain(value):
            pieces.append([])
            continue
        lines = simpleSplit(str(value), fonts.REGULAR, grid.font_size, width - 4)
        pieces.append([" ".join(lines[i : i + max_lines]) for i in range(0, len(lines), max_lines)])
    count = max((len(p) for p in pieces), default=1) or 1
    out: list[list[Cell]] = []
    for k in range(count):
        if k == 0:
            out.append([p[0] if p else v for p, v in zip(pieces, row, strict=False)])
        else:
            out.append([p[k] if len(p) > k else "" for p in pieces])
            if out[-1][0] == "":
                out[-1][0] = CONTINUED
    return out


def split_tall_rows(grid: Grid, avail_width: float, room: float) -> Grid:
    """``grid`` whose rows taller than ``room`` (a page under the header) are cut into several rows.

    A table row cannot break across pages, so one agreement of 20,000 characters in a logbook row would not fit
    anywhere; cutting it by lines keeps every word and lets the text continue on the next page.
    """
    widths = scaled_widths(grid.widths_mm, avail_width)
    leading = grid.font_size * 1.2
    max_lines = max(int((room - 2 * max(grid.body_padding, 2) - 6) / (leading * 1.04)), 3)
    rows: list[list[Cell]] = []
    bold: set[int] = set()
    span: set[int] = set()
    changed = False
    for i, row in enumerate(grid.rows):
        tall = i not in grid.span_rows and _row_height(grid, row, i, widths) * 1.04 > room
        pieces = _split_row(grid, row, widths, max_lines) if tall else [row]
        changed = changed or len(pieces) > 1
        for piece in pieces:
            if i in grid.bold_rows:
                bold.add(len(rows))
            if i in grid.span_rows:
                span.add(len(rows))
            rows.append(piece)
    if not changed:
        return grid
    return Grid(header=grid.header, header_rows=grid.header_rows, rows=rows, widths_mm=grid.widths_mm,
                bold_rows=bold, span_rows=span, align=grid.align, font_size=grid.font_size,
                header_font_size=grid.header_font_size, body_padding=grid.body_padding)  # fmt: skip


def paged_tables(grid: Grid, avail_width: float, first_height: float, page_height: float) -> list[Any]:
    """The table cut into one Table per page, each with the header, so large tables lay out in linear time.

    ReportLab re-examines every cell of a table each time it splits it across a page, which is quadratic in the
    number of rows; cutting the rows by estimated height first keeps a 3,000-row form to a few seconds. Each
    piece still repeats its header if the estimate was short.
    """
    widths = scaled_widths(grid.widths_mm, avail_width)
    header_only = pdf_table(Grid(grid.header, grid.header_rows, [], grid.widths_mm, align=grid.align,
                                 font_size=grid.font_size, header_font_size=grid.header_font_size),
                            avail_width)  # fmt: skip
    header_h = header_only.wrap(avail_width, page_height)[1]
    header_data: list[list[Any]] = [list(r) for r in header_only._cellvalues]
    grid = split_tall_rows(grid, avail_width, page_height - header_h)
    out: list[Any] = []
    start = 0
    room = first_height
    if room < header_h + 3 * grid.font_size * 1.2 + 8:
        out.append(PageBreak())
        room = page_height
    used = header_h
    n = len(grid.rows)
    heights = [_row_height(grid, grid.rows[i], i, widths) * 1.04 + 0.5 for i in range(n)]
    for i in range(n):
        h = heights[i]
        if used + h > room and i > start:
            cut = i
            # a group heading row (a team's name) never ends a page: it goes over with its first row
            while cut - 1 > start and (cut - 1) in grid.span_rows and (cut - 1) in grid.bold_rows:
                cut -= 1
            out.append(pdf_table(_sub_grid(grid, start, cut), avail_width, header_data=header_data))
            out.append(PageBreak())
            start, room, used = cut, page_height, header_h + sum(heights[cut:i])
        used += h
    out.append(pdf_table(_sub_grid(grid, start, n), avail_width, header_data=header_data))
    return out


def measure(flowables: list[Any], avail_width: float, avail_height: float) -> float:
    """Height the flowables take at the top of a frame (for the room left on the first page)."""
    total = 0.0
    for f in flowables:
        total += f.wrap(avail_width, avail_height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total
