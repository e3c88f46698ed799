"""What a number or a code must be to mean something — one rule for the forms (services) and the importer.

* Training hours: a finite number, 0 ≤ hours ≤ ``MAX_HOURS`` and no more than 24 an event day ("nan", "inf" and
  1e300 are numbers to Python, not hours).
* Households, votes, voters: whole numbers (the law counts households and people), 0 ≤ n ≤ ``MAX_COUNT``.
* Birth years: a year between 1900 and this year; a number in a birth column is a year, never a date serial.
* Codes: at least one visible character (a code of zero-width spaces looks empty and matches nothing) and at
  most ``MAX_CODE`` characters.

Each check returns ``None`` when the value is fine, else the translated sentence to show beside the field.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata

from hoagiai_desktop.i18n import _, format_number

MAX_HOURS = 1000.0  # a course of 125 eight-hour days; no training event of the programme comes near
MAX_COUNT = 1_000_000  # households of one village, votes of one election: far above any real one
FIRST_BIRTH_YEAR = 1900
MAX_CODE = 32


def _shown(value: float) -> str:
    """A number for a sentence; past 10¹⁵ in short scientific form (Babel cannot format 1e300 exactly)."""
    if abs(value) < 1e15:
        return format_number(value)
    try:
        return f"{float(value):.3g}"
    except OverflowError:  # an integer past a float's range
        return "> 1e308"


def has_visible(text: str | None) -> bool:
    """True when ``text`` has a character one can see: not a space, not an invisible format or control
    character (zero-width space, joiners, BOM, soft hyphen, direction marks), not a lone accent."""
    for ch in text or "":
        category = unicodedata.category(ch)
        if category[0] in "LNPS" and ch != "\u00ad":
            return True
    return False


def hours_problem(hours: float | None, days: int | None = None) -> str | None:
    if hours is None:
        return None
    if not math.isfinite(hours):
        return _("“{value}” is not a number of hours.").format(value=hours)
    if hours < 0:
        return _("The number of hours cannot be negative.")
    limit = MAX_HOURS if days is None or days < 1 else min(MAX_HOURS, 24.0 * days)
    if hours > limit:
        return _("{value} hours is more than the event can hold (at most {limit}).").format(
            value=_shown(hours), limit=_shown(limit)
        )
    return None


def count_problem(value: float | int | None, *, what: str) -> str | None:
    """``what`` names the count in the sentence ("number of households")."""
    if value is None:
        return None
    problem = _count_problem(value, what)
    return problem[:1].upper() + problem[1:] if problem else None  # "{what}" opens the Vietnamese sentence


def _count_problem(value: float | int, what: str) -> str | None:
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        return _("The {what} must be a whole number.").format(what=what)
    if value < 0:
        return _("The {what} cannot be less than {minimum}.").format(what=what, minimum=0)
    if value > MAX_COUNT:
        return _("The {what} {value} is not plausible (at most {limit}).").format(
            what=what, value=_shown(value), limit=_shown(MAX_COUNT)
        )
    return None


def birth_year_problem(year: int | None, today: dt.date) -> str | None:
    if year is None:
        return None
    if not FIRST_BIRTH_YEAR <= year <= today.year:
        return _("The birth year {year} is not plausible; enter a year between {first} and {last}.").format(
            year=year, first=FIRST_BIRTH_YEAR, last=today.year
        )
    return None


def code_problem(code: str | None) -> str | None:
    """A typed code (blank is the caller's business: forms make one, the importer asks for one)."""
    if code is None or code == "":
        return None
    if not has_visible(code):
        return _("A code needs visible characters (letters or digits); this one has only invisible ones.")
    if len(code) > MAX_CODE:
        return _("A code can have at most {n} characters.").format(n=MAX_CODE)
    return None
