"""The small writing rules a province checks on every paper (DOMAIN §5): document numbers, numbers, counts.

* ``document_number("5", "BC-UBND")`` → "05/BC-UBND"; a whole reference typed by the officer ("15/BC-UBND",
  "15/BC-UBND" again) is kept, never doubled; numbers below 10 get their leading zero either way.
* Integers use "." for thousands and decimals "," ("1.283", "72,1"); a rate with nothing to divide is "—".
* ``count_phrase`` never writes "0 lớp": it says what is missing in words.
"""

from __future__ import annotations

import re
from typing import Any

from hoagiai_desktop.text import nfc

DASH = "—"
BLANK_NUMBER = "\u00a0" * 6  # room to write the number by hand: "Số:       /BC-UBND"
_NUMBER = re.compile(r"^(?:số[:.]?\s*)?(\d+)\s*(?:/\s*(.+))?$", re.IGNORECASE)

# Kind codes of the documents (NĐ 30/2020 Phụ lục III): báo cáo, danh sách, kế hoạch, quyết định.
BC = "BC-UBND"
DS = "DS-UBND"


def document_number(number: str | None, code: str) -> str:
    """ "05/BC-UBND" from "5", "05", "5/BC-UBND" or "Số: 05/BC-UBND"; blank → room to write it by hand."""
    text = nfc(number)
    if not text:
        return f"{BLANK_NUMBER}/{code}"
    match = _NUMBER.match(text)
    if match is None:
        return text  # something we cannot read ("12a/BC"): print as typed rather than guess
    digits, typed_code = match.groups()
    value = int(digits)
    head = f"{value:02d}"
    suffix = re.sub(r"\s+", "", typed_code) if typed_code else code
    return f"{head}/{suffix.upper()}"


def fmt_int(value: int | float) -> str:
    """ "1.283" — thousands with a dot, as Vietnamese papers write them."""
    return f"{round(value):,}".replace(",", ".")


def fmt_decimal(value: float, places: int = 1) -> str:
    """ "1.283,5" — thousands dot, decimal comma."""
    text = f"{value:,.{places}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


# Each rate of DOMAIN §4 and what it divides by: a rate whose base is 0 is printed "—", never "0,0".
RATE_BASES: dict[str, tuple[str, ...]] = {
    "cases.success_rate": ("cases.handled",),
    "cases.success_rate_closed": ("cases.successful", "cases.unsuccessful"),
    "training.pct_trained": ("mediators.total",),
}


def rate_of_nothing(key: str, figures: dict[str, int | float] | Any) -> bool:
    """True when ``key`` is a rate and every figure it divides by is 0 (or missing) in ``figures``."""
    bases = RATE_BASES.get(key)
    if not bases:
        return False
    present = [b for b in bases if b in figures]
    return bool(present) and not any(figures[b] for b in present)


def fmt_value(value: int | float | None, fmt: str = "int") -> str:
    """A figure in a table: "" when absent, "—" for a rate of nothing, else the Vietnamese spelling."""
    if value is None:
        return DASH if fmt == "percent" else ""
    if fmt == "percent":
        return fmt_decimal(float(value))
    if isinstance(value, float) and not value.is_integer():
        return fmt_decimal(value)
    return fmt_int(value)


def rate_text(value: float | None) -> str:
    """ "72,1%" in a sentence, "—" when there was nothing to divide."""
    return DASH if value is None else f"{fmt_decimal(value)}%"


def count_phrase(n: int, unit: str, none: str) -> str:
    """ "1.283 vụ, việc" or, for zero, the words ``none`` ("chưa tổ chức lớp tập huấn nào")."""
    return none if not n else f"{fmt_int(n)} {unit}"


def end_mark(text: str) -> str:
    """The last paragraph of a body ends with "./." (NĐ 30/2020 Phụ lục I)."""
    text = text.rstrip()
    if text.endswith("./."):
        return text
    return text.rstrip(".;,:") + "./."
