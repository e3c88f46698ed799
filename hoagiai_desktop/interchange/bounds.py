"""Limits on what a workbook may cost to read, checked before any parser sees it.

An .xlsx file is a zip of XML parts. A hostile (or simply broken) file can unpack to gigabytes from a few
kilobytes (a "zip bomb"), declare XML entities that expand a billion times, or claim a cell in the last row and
column so that a reader fills the gap with empty cells. Each check here turns such a file into one sentence, and
costs only the reading of the zip directory and of the first bytes of each XML part:

* the file itself: at most ``MAX_FILE_BYTES``;
* the zip directory: at most ``MAX_MEMBERS`` parts, at most ``MAX_UNPACKED`` bytes unpacked in all, and no large
  part packed more than ``MAX_RATIO`` times (spreadsheet programs reach about 10–30; bombs reach 1000);
* no XML part declares a DOCTYPE or an entity (Excel and LibreOffice never write one; the XML parser behind
  openpyxl is defusedxml besides, which refuses entities);
* while reading, at most ``MAX_COLUMNS`` columns per row and ``MAX_CELLS`` cells in all (``CellBudget``).

The limits sit far above the largest real workbook: the export of the province demo data (≈ 110,000 rows) is a
9 MB file unpacking to 80 MB (packed about 10 times) with about 1.8 million cells.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, format_number

MAX_CELL_TEXT = 32_767  # Excel's limit on the characters of one cell (also refused on import)
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_UNPACKED = 1024 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024  # parts smaller than this may pack as they like (empty sheets pack 50–100 times)
MAX_COLUMNS = 256  # the standard sheets have at most 16; other columns are ignored anyway
# A sheet of the standard width padded to all 1,048,576 rows (16.8 million cells) still reads.
MAX_CELLS = 20_000_000
PROLOG_BYTES = 4096  # a DOCTYPE must come before the first element, i.e. in the first bytes of a part


class WorkbookTooLarge(UserError):
    """The workbook is beyond what the app reads (size, packing, parts, cells)."""


class HostileXml(UserError):
    """An XML part declares a DOCTYPE or entities, which spreadsheet programs never write."""


def _mib(n: int) -> str:
    return format_number(round(n / (1024 * 1024)))


def check_file_size(path: Path, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise WorkbookTooLarge(
            _(
                "The file {name} is too large to import ({size} MB, at most {limit} MB); split it into smaller workbooks."
            ).format(name=path.name, size=_mib(size), limit=_mib(MAX_FILE_BYTES))
        )


def _too_many_parts(path: Path, n: int) -> WorkbookTooLarge:
    return WorkbookTooLarge(
        _(
            "The workbook {name} has {n} parts, more than any spreadsheet program writes; save it again from Excel."
        ).format(name=path.name, n=format_number(n))
    )


def check_directory(path: Path) -> None:
    """Read the number of parts from the zip's end record, before ``zipfile`` builds one object per part."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 65_557))  # the end record (22 bytes) plus the longest comment
        tail = fh.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or at + 22 > len(tail):
            return  # not a zip end record: zipfile will say the file is damaged
        entries = struct.unpack("<H", tail[at + 10 : at + 12])[0]
        if entries == 0xFFFF and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
            (offset,) = struct.unpack(
                "<Q", tail[at - 12 : at - 4]
            )  # the zip64 end record holds the real count
            fh.seek(offset)
            record = fh.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                entries = struct.unpack("<Q", record[32:40])[0]
    if entries > MAX_MEMBERS:
        raise _too_many_parts(path, entries)


def check_zip(path: Path, zf: zipfile.ZipFile) -> None:
    """Refuse a zip whose directory promises too much, before anything is unpacked."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _too_many_parts(path, len(infos))
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise WorkbookTooLarge(
                _(
                    "The workbook {name} is packed {ratio} times tighter than spreadsheet programs pack "
                    "(a “zip bomb”); it was not opened."
                ).format(name=path.name, ratio=format_number(info.file_size // max(info.compress_size, 1)))
            )
    if total > MAX_UNPACKED:
        raise WorkbookTooLarge(
            _(
                "The workbook {name} unpacks to {size} MB, more than the {limit} MB the app reads; split it into smaller workbooks."
            ).format(name=path.name, size=_mib(total), limit=_mib(MAX_UNPACKED))
        )


def check_xml_prologs(path: Path, zf: zipfile.ZipFile) -> None:
    """Refuse XML parts that declare a DOCTYPE or entities (billion laughs, external entities)."""
    for info in zf.infolist():
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with zf.open(info) as fh:
            head = fh.read(PROLOG_BYTES).upper()
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise hostile_xml(path)


def hostile_xml(path: Path) -> HostileXml:
    return HostileXml(
        _(
            "The workbook {name} contains XML declarations that Excel never writes (entities); "
            "it was not opened — save the data again from Excel or ask for another copy."
        ).format(name=path.name)
    )


def too_many_cells(path: Path) -> WorkbookTooLarge:
    return WorkbookTooLarge(
        _(
            "The workbook {name} has more than {limit} cells; split it into smaller workbooks and import them one after another."
        ).format(name=path.name, limit=format_number(MAX_CELLS))
    )


class CellBudget:
    """Counts the cells handed out while reading; past ``MAX_CELLS`` the workbook is refused."""

    def __init__(self, path: Path, limit: int | None = None) -> None:
        self.path, self.left = path, MAX_CELLS if limit is None else limit

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise too_many_cells(self.path)
