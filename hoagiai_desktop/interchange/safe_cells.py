"""Cells that stay what they are: every xlsx writer of the app puts its values through here.

Text a person typed must never become a formula when the workbook is opened (Excel, LibreOffice): openpyxl turns
any string starting with "=" into a live formula, and Excel re-evaluates "+", "-", "@" (and the same after a tab
or line break) as soon as someone edits the cell. Such text is written as a string cell with the "quote prefix"
style, which both programs show and keep as text — and which our importer reads back unchanged.

A cell holds at most 32,767 characters; openpyxl would write more and Excel would cut it on opening, so a longer
text is refused with a sentence naming the record (``CellTooLong``) instead of being cut silently. Characters XML
cannot carry at all (control characters other than tab and line breaks) are dropped: they are invisible and would
make openpyxl stop with an error; a carriage return is written as the line feed XML reads it back as.

Writers use :func:`put` (normal worksheets), :func:`write_only` (write-only worksheets, for ``ws.append``) or
:func:`guard` on a cell already filled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, format_number
from hoagiai_desktop.interchange.bounds import MAX_CELL_TEXT as MAX_CELL_TEXT  # re-exported for the writers

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


class CellTooLong(UserError):
    """A text too long for one workbook cell; nothing was written."""


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula (also after leading tabs, spaces or line breaks)."""
    stripped = text.lstrip(" \t\r\n")
    return text.startswith(FORMULA_STARTS) or stripped.startswith(("=", "+", "-", "@"))


Where = str | Callable[[], str]  # the record's name, or a function giving it (built only when needed)


def clean_text(text: str, *, record: Where = "", column: str = "") -> str:
    """``text`` without the characters XML cannot carry; refused (``CellTooLong``) when longer than a cell.

    ``record`` names the record ("case HG-01", "row 12") and ``column`` the column, for the sentence.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if "\r" in text:  # XML reads a bare CR back as a line feed; write the line ending it will read back
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CELL_TEXT:
        name = record() if callable(record) else record
        where = ", ".join(part for part in (name, column) if part) or _("one cell")
        raise CellTooLong(
            _(
                "The text of {where} has {n} characters, more than a workbook cell can hold ({limit}); "
                "shorten it and export again."
            ).format(where=where, n=format_number(len(text)), limit=format_number(MAX_CELL_TEXT))
        )
    return text


def guard(cell: Any) -> Any:
    """Make a filled cell keep its text: a formula-like string becomes a quote-prefixed string cell."""
    value = cell.value
    if isinstance(value, str) and (cell.data_type == "f" or is_formula_like(value)):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def safe_value(value: Any, *, record: Where = "", column: str = "") -> Any:
    """``value`` ready for a cell: text cleaned and length-checked, anything else unchanged."""
    if isinstance(value, str):
        return clean_text(value, record=record, column=column)
    return value


def put(ws: Any, row: int, col: int, value: Any, *, record: Where = "", column: str = "") -> Any:
    """``ws.cell(row, col, value)`` for a normal worksheet, never a formula, never cut; returns the cell."""
    return guard(ws.cell(row=row, column=col, value=safe_value(value, record=record, column=column)))


def write_only(ws: Any, value: Any, *, record: Where = "", column: str = "") -> Any:
    """A value for ``ws.append`` on a write-only worksheet: plain values stay, formula-like text gets a cell."""
    value = safe_value(value, record=record, column=column)
    if isinstance(value, str) and (value.startswith("=") or is_formula_like(value)):
        return guard(WriteOnlyCell(ws, value=value))
    return value
