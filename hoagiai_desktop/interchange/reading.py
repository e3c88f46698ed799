"""Reading a workbook into plain rows, and the tolerant cell readers (dates, yes/no, numbers, codes).

``read_workbook`` accepts .xlsx / .xlsm (openpyxl) and old .xls (xlrd). Anything else — an empty file, a
truncated download, a Word file, a password-protected workbook — becomes one plain sentence (``UserError``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange import bounds
from hoagiai_desktop.text import fold, nfc

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: old .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))

Cell = Any  # str | int | float | bool | datetime | date | None


@dataclass
class SheetData:
    name: str
    rows: list[list[Cell]]
    epoch_1904: bool = False


class BadCell(ValueError):
    """A cell that cannot be read as the column asks; ``str()`` is a translated sentence."""


# ---- opening ------------------------------------------------------------------------------------------------------


def read_workbook(path: Path, progress: Callable[[int], None] | None = None) -> list[SheetData]:
    """Every sheet of the workbook as lists of cell values (trailing empty rows dropped)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            size = path.stat().st_size
    except FileNotFoundError as exc:
        raise UserError(_("The file {name} does not exist.").format(name=path.name)) from exc
    except OSError as exc:
        raise UserError(
            _("The file {name} cannot be opened; check that it is not open elsewhere.").format(name=path.name)
        ) from exc
    if size == 0:
        raise UserError(
            _("The file {name} is empty; choose the workbook that holds the data.").format(name=path.name)
        )
    bounds.check_file_size(path, size)
    if head.startswith(CFB_MAGIC):
        data = path.read_bytes()
        if any(marker in data for marker in _ENCRYPTED_MARKERS):
            raise UserError(
                _(
                    "The workbook {name} is protected by a password; open it in Excel, remove the password and save it again."
                ).format(name=path.name)
            )
        return _read_xls(path)
    if not head.startswith(ZIP_MAGIC):
        raise UserError(
            _(
                "The file {name} is not an Excel workbook; save it as .xlsx (Excel Workbook) and try again."
            ).format(name=path.name)
        )
    return _read_xlsx(path, progress)


def _damaged(path: Path) -> UserError:
    return UserError(
        _(
            "The workbook {name} is damaged or incomplete (perhaps the copy was interrupted); copy it again or save it again from Excel."
        ).format(name=path.name)
    )


def _refusal(path: Path, exc: BaseException) -> UserError:
    """Entities refused by defusedxml (openpyxl may wrap that in a ValueError of its own), else damage."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return bounds.hostile_xml(path)
        seen = seen.__cause__ or seen.__context__
    return _damaged(path)


# What a damaged part raises inside openpyxl: zip errors, truncated streams, XML syntax errors (ParseError is a
# SyntaxError), numbers Python refuses (an integer of more than 4300 digits is a ValueError), missing parts.
_DAMAGE = (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError, SyntaxError, TypeError, IndexError,
           OverflowError, AttributeError, RecursionError)  # fmt: skip


def _read_xlsx(path: Path, progress: Callable[[int], None] | None) -> list[SheetData]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        bounds.check_directory(path)
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
                raise UserError(
                    _(
                        "The file {name} is not an Excel workbook; save it as .xlsx (Excel Workbook) and try again."
                    ).format(name=path.name)
                )
            bounds.check_zip(path, zf)  # before anything is unpacked
            bad = zf.testzip()
            if bad is not None:
                raise zipfile.BadZipFile(bad)
            bounds.check_xml_prologs(path, zf)
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except UserError:
        raise
    except (DefusedXmlException, *_DAMAGE, InvalidFileException) as exc:
        raise _refusal(path, exc) from exc
    sheets: list[SheetData] = []
    done = 0
    budget = bounds.CellBudget(path)
    try:
        epoch_1904 = getattr(wb, "epoch", None) == dt.datetime(1904, 1, 1)
        for ws in wb.worksheets:
            rows: list[list[Cell]] = []
            # Columns past MAX_COLUMNS are never read: a sheet claiming column XFD would make openpyxl pad every
            # row to 16,384 values. (Asking for MAX_COLUMNS outright would pad every row to that width.)
            width = ws.max_column
            max_col = min(width, bounds.MAX_COLUMNS) if isinstance(width, int) and width > 0 else None
            for row in ws.iter_rows(max_col=max_col, values_only=True):
                budget.spend(len(row) or 1)
                rows.append(list(row))
                done += 1
                if progress is not None and done % 2000 == 0:
                    progress(done)
            while rows and all(_blank(v) for v in rows[-1]):
                rows.pop()
            sheets.append(SheetData(ws.title, rows, epoch_1904))
    except UserError:
        raise
    except (DefusedXmlException, *_DAMAGE) as exc:
        raise _refusal(path, exc) from exc
    finally:
        wb.close()
    return sheets


def _read_xls(path: Path) -> list[SheetData]:
    try:
        import xlrd
    except ImportError as exc:
        raise UserError(
            _(
                "The file {name} is an old Excel 97–2003 workbook (.xls); open it in Excel and save it as .xlsx, then try again."
            ).format(name=path.name)
        ) from exc
    try:
        # on_demand: one sheet in memory at a time; ragged_rows: rows are not padded to the widest row.
        book = xlrd.open_workbook(str(path), on_demand=True, ragged_rows=True)
    except Exception as exc:  # xlrd raises its own errors for encrypted and damaged files
        if "encrypt" in str(exc).lower():
            raise UserError(
                _(
                    "The workbook {name} is protected by a password; open it in Excel, remove the password and save it again."
                ).format(name=path.name)
            ) from exc
        raise _unreadable_xls(path) from exc
    budget = bounds.CellBudget(path)
    sheets: list[SheetData] = []
    try:
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            rows: list[list[Cell]] = []
            for r in range(sh.nrows):
                width = min(sh.row_len(r), bounds.MAX_COLUMNS)
                budget.spend(width or 1)
                rows.append([_xls_value(xlrd, book, sh.cell(r, c)) for c in range(width)])
            while rows and all(_blank(v) for v in rows[-1]):
                rows.pop()
            sheets.append(SheetData(sh.name, rows, book.datemode == 1))
            book.unload_sheet(index)
    except UserError:
        raise
    except Exception as exc:  # a damaged sheet record
        raise _unreadable_xls(path) from exc
    finally:
        book.release_resources()
    return sheets


def _unreadable_xls(path: Path) -> UserError:
    return UserError(
        _(
            "The file {name} cannot be read as an Excel workbook; open it in Excel and save it as .xlsx, then try again."
        ).format(name=path.name)
    )


def _xls_value(xlrd: Any, book: Any, cell: Any) -> Cell:
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        except Exception:
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    return cell.value


_NOTHING = frozenset({"", "-", "–", "—", "--", "/", "."})


def _blank(value: Cell) -> bool:
    """Empty, spaces only, or a dash standing for "nothing"."""
    return value is None or (isinstance(value, str) and value.strip() in _NOTHING)


# ---- cell readers -------------------------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY_TIME = re.compile(r"^(.+?)\s+\d{1,2}:\d{2}(?::\d{2})?$")
_WORDS = re.compile(
    r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$"
)  # "ngày 5 tháng 3 năm 2025"
_WHOLE = re.compile(r"^-?(?:\d+|\d{1,3}(?:[., ]\d{3})+)$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)


def is_blank(value: Cell) -> bool:
    return _blank(value)


def read_text(value: Cell) -> str | None:
    """Text of a cell, NFC-normalised and trimmed; numbers lose a spurious ``.0``; blank or "-" → None."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value)) or None


def read_date(value: Cell, *, epoch_1904: bool = False) -> dt.date | None:
    """Dates as Excel stores them (date cells, serial numbers) or typed: dd/mm/yyyy, d/m/yy, ISO yyyy-mm-dd."""
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise BadCell(_("This is not a date."))
    if isinstance(value, int | float):
        serial = float(value) if abs(value) < 2958466 else -1.0  # a huge integer cannot become a float
        if not 1 <= serial < 2958466:
            raise BadCell(_("The number {value} is not a date.").format(value=value))
        base = _EXCEL_EPOCH_1904 if epoch_1904 else _EXCEL_EPOCH
        return base + dt.timedelta(days=int(serial))
    text = nfc(str(value))
    if m := _DMY_TIME.match(text):
        text = m.group(1)
    if m := _DMY.match(text):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        y = int(year)
        if len(year) == 2:
            y += 2000 if y <= dt.date.today().year % 100 else 1900
        return _make_date(y, month, day, text)
    if m := _ISO.match(text):
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    if m := _WORDS.match(fold(text)):
        return _make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)), text)
    raise BadCell(_("“{text}” is not a date.").format(text=text))


def _make_date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise BadCell(_("The date “{text}” does not exist.").format(text=text)) from exc


_YES = frozenset({"co", "x", "1", "yes", "y", "true", "dung", "c", "v", "✓", "✔"})
_NO = frozenset({"khong", "0", "no", "n", "false", "sai", "k"})


def read_yes_no(value: Cell) -> bool | None:
    """Có/Không, x, 1/0, yes/no, TRUE/FALSE; blank → None."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise BadCell(_("“{text}” is neither yes nor no.").format(text=value))
    key = fold(str(value))
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise BadCell(_("“{text}” is neither yes nor no.").format(text=nfc(str(value))))


def read_int(value: Cell) -> int | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise BadCell(_("This is not a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise BadCell(_("{value} is not a whole number.").format(value=value))
    text = nfc(str(value))
    if _WHOLE.match(text):  # 1234, 1.234, 1 234 (thousands separators in groups of three); 12.5 is not whole
        return int(re.sub(r"[., ]", "", text))
    raise BadCell(_("“{text}” is not a whole number.").format(text=nfc(str(value))))


def read_number(value: Cell) -> float | None:
    """A finite number ("nan", "inf" and numbers past a float's range are refused)."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise BadCell(_("This is not a number."))
    text = nfc(str(value)).replace(" ", "").replace(",", ".")
    try:
        number = float(value) if isinstance(value, int | float) else float(text)
    except (ValueError, OverflowError) as exc:
        raise BadCell(_("“{text}” is not a number.").format(text=nfc(str(value))[:40])) from exc
    if not math.isfinite(number):
        raise BadCell(_("“{text}” is not a number.").format(text=nfc(str(value))[:40]))
    return number


def read_code(value: Cell) -> str | None:
    """A code (Mã): text without surrounding spaces; 12.0 typed as a number reads as "12"."""
    return read_text(value)


def code_key(code: str) -> str:
    """Codes match ignoring case and spaces ("thg 01" = "THG01")."""
    return "".join(nfc(code).split()).casefold()
