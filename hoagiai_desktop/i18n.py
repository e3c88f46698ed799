"""Translations through gettext (Babel), and locale formatting.

Source strings are English; the Vietnamese catalogue is complete and Vietnamese is the default language.
Compiled catalogues (``.mo``) are build outputs: the installer and ``.ci/run`` compile them into
``hoagiai_desktop/locale``. In a source checkout without them, the ``.po`` files under ``i18n/`` are compiled in
memory so the app still speaks Vietnamese.

Official document text (PDF forms) is Vietnamese regardless of the UI language and does not pass through here.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Babel's locale data load on the first formatted number or date, not at start-up
    from babel import Locale

DOMAIN = "hoagiai_desktop"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"
_listeners: list[Callable[[str], None]] = []


def _locale_dir() -> Path:
    return Path(__file__).resolve().parent / "locale"


def _source_po(lang: str) -> Path:
    return Path(__file__).resolve().parent.parent / "i18n" / f"{lang}.po"


def _load(lang: str) -> _gettext.NullTranslations:
    mo = _locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if mo.exists():
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    po = _source_po(lang)
    if po.exists():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        buf.seek(0)
        return _gettext.GNUTranslations(buf)
    return _gettext.NullTranslations()


def set_language(lang: str | None) -> str:
    """Switch the whole app to ``lang`` ("vi" or "en"); listeners (the window) re-translate themselves."""
    global _translations, _language
    lang = (lang or DEFAULT_LANGUAGE).split("_")[0].lower()
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    _translations = _gettext.NullTranslations() if lang == "en" else _load(lang)
    _language = lang
    for listener in list(_listeners):
        listener(lang)
    return lang


def language() -> str:
    return _language


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a module-level string for extraction; translate it with ``_()`` where it is shown."""
    return message


# ---- locale formatting -------------------------------------------------------------------------------------


def _babel_locale() -> Locale:
    from babel import Locale

    return Locale.parse("vi" if _language == "vi" else "en_GB")


def format_date(value: dt.date | None) -> str:
    """Short date for tables and forms: 05/03/2026 in both languages (what officers type and read)."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def format_long_date(value: dt.date) -> str:
    from babel import dates as babel_dates

    return babel_dates.format_date(value, format="long", locale=_babel_locale())


# Numbers are written here rather than by Babel: its locale data (half a second of unpickling, holding the GIL)
# was loaded by the first number the window showed and froze it. Same output as Babel's decimal pattern
# "#,##0.###" for vi and en_GB (tests/i18n compare the two): grouping and decimal marks, half-even rounding.
_MARKS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimal)


def _decimal_text(value: float | int, digits: int, *, keep_zeros: bool) -> str:
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    group, point = _MARKS["vi" if _language == "vi" else "en"]
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    if not keep_zeros:
        fraction = fraction.rstrip("0")
    text = f"{int(whole):,}".replace(",", group) + (point + fraction if fraction else "")
    return "-" + text if number.is_signed() else text  # as Babel: a negative rounded to zero stays "-0"


def format_number(value: float | int) -> str:
    return _decimal_text(value, 3, keep_zeros=False)


def format_percent(value: float | None, digits: int = 1) -> str:
    """``value`` is already a percentage (e.g. 85.3) as the indicators return it."""
    if value is None:
        return "—"
    text = _decimal_text(round(value, digits), digits, keep_zeros=True)
    return f"{text} %" if _language == "vi" else f"{text}%"


def administrative_date(value: dt.date, place: str | None = None) -> str:
    """The date line of an official document (NĐ 30/2020): "Phường X, ngày 05 tháng 3 năm 2026".

    Day below 10 and months 1–2 take a leading zero (NĐ 30, Phụ lục I, mục 5).
    """
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    text = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {text}" if place else text
