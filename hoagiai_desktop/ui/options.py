"""Every setting of the window, declared once: its key in ``settings.ini``, its type and its default (the shape of
Picard's ``options.py``). Modules read and write settings only through these declarations::

    from hoagiai_desktop.ui.options import PAGE_HEADER, TEXT_SCALE

    scale = TEXT_SCALE.get(ctx.settings)        # an int within 100..200; 100 when never set or unreadable
    PAGE_HEADER("cases").set(ctx.settings, header.saveState())

The file is INI, so a value read back is text ("true", "150") whatever was written: each option converts it to
its type and falls back to its default when the text does not convert (a hand-edited or older file). Data the
officer writes (narrative text, finalised figures) does not belong here but in the data file, so backups carry it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


def _bool(raw: object) -> bool:
    if isinstance(raw, str):
        return raw.strip().lower() in ("1", "true", "yes")
    return bool(raw)


def _text(raw: object) -> str:
    return str(raw)


def _bytes(raw: object) -> QByteArray | None:
    """Saved Qt geometry, state or header layout (None when what is stored is not one)."""
    return raw if isinstance(raw, QByteArray) and not raw.isEmpty() else None


def _share(raw: object) -> float:
    share = float(str(raw))
    if not 0.1 <= share <= 0.9:
        raise ValueError(raw)
    return share


def _int_within(low: int, high: int) -> Callable[[object], int]:
    def convert(raw: object) -> int:
        return max(low, min(high, int(str(raw))))

    return convert


def _one_of(*choices: str) -> Callable[[object], str]:
    def convert(raw: object) -> str:
        if str(raw) not in choices:
            raise ValueError(raw)
        return str(raw)

    return convert


@dataclass(frozen=True)
class Option(Generic[T]):
    """One setting: ``get`` always returns a ``T`` (the default when unset or unreadable)."""

    key: str
    default: T
    convert: Callable[[object], T]

    def get(self, store: QSettings) -> T:
        raw = store.value(self.key)
        if raw is None:
            return self.default
        try:
            return self.convert(raw)
        except (TypeError, ValueError):
            return self.default

    def set(self, store: QSettings, value: T) -> None:
        store.setValue(self.key, value)

    def clear(self, store: QSettings) -> None:
        store.remove(self.key)


@dataclass(frozen=True)
class OptionFamily(Generic[T]):
    """Settings of one kind kept per page or list: ``family("cases")`` is the option for the cases page."""

    pattern: str  # with one "{name}"
    default: T
    convert: Callable[[object], T]

    def __call__(self, name: str) -> Option[T]:
        return Option(self.pattern.format(name=name), self.default, self.convert)


# -- appearance and language (Settings page) ----------------------------------------------------------------
LANGUAGE = Option("ui/language", "", _one_of("vi", "en"))  # "" until chosen: the system's language is used
TEXT_SCALE = Option("ui/text_scale", 100, _int_within(100, 200))  # percent of the base font size
HIGH_CONTRAST = Option("ui/high_contrast", False, _bool)

# -- the main window, restored as it was left -------------------------------------------------------------
WINDOW_GEOMETRY = Option("window/geometry", None, _bytes)
WINDOW_STATE = Option("window/state", None, _bytes)
WINDOW_SPLITTER = Option("window/splitter", None, _bytes)  # navigation | pages
LAST_PAGE = Option("window/page", "dashboard", _text)  # the page shown at the next start

# -- per page: what the user set by hand in the layout (issue 12) ------------------------------------------
# column widths dragged by hand: JSON {column key: width in average characters}, so they scale with the text size
COLUMN_WIDTHS = OptionFamily("layout/columns/{name}", "", _text)
# the list's share of a list/detail split dragged by hand (0.0 = never dragged: the list gets what its columns need)
LIST_SHARE = OptionFamily("layout/split/{name}", 0.0, _share)
# saved by earlier versions (frozen pixel widths, whatever the text size); only ever forgotten now
PAGE_SPLITTER = OptionFamily("pages/{name}/splitter", None, _bytes)
PAGE_HEADER = OptionFamily("pages/{name}/header", None, _bytes)
LAYOUT_GROUPS = ("layout", "pages")  # everything "Restore default layout" forgets, with the window's geometry

# -- the folder each file dialog opens in: where the last file was chosen -----------------------------------
EXPORT_FOLDER = Option("export/last_dir", "", _text)
IMPORT_FOLDER = Option("import/last_dir", "", _text)
REPORTS_FOLDER = Option("reports/last_dir", "", _text)
PROVINCE_SEND_FOLDER = Option("province/last_send_dir", "", _text)  # where a package is sent, a receipt read
PROVINCE_STICK_FOLDER = Option("province/last_stick", "", _text)  # the communes' stick read at the province

# -- left by earlier versions, read once and removed ----------------------------------------------------------
OLD_NARRATIVE_DRAFTS = "reports/narrative"  # group of draft paragraphs, adopted into the data file (issue 12)

OPTIONS: tuple[Option[Any], ...] = (
    LANGUAGE, TEXT_SCALE, HIGH_CONTRAST,
    WINDOW_GEOMETRY, WINDOW_STATE, WINDOW_SPLITTER, LAST_PAGE,
    EXPORT_FOLDER, IMPORT_FOLDER, REPORTS_FOLDER, PROVINCE_SEND_FOLDER, PROVINCE_STICK_FOLDER,
)  # fmt: skip
FAMILIES: tuple[OptionFamily[Any], ...] = (COLUMN_WIDTHS, LIST_SHARE, PAGE_SPLITTER, PAGE_HEADER)


def forget_layout(store: QSettings) -> None:
    """Forget every size the user set by hand: window geometry, column widths, splits (and older saved layouts)."""
    for option in (WINDOW_GEOMETRY, WINDOW_STATE, WINDOW_SPLITTER):
        option.clear(store)
    for group in LAYOUT_GROUPS:
        store.remove(group)
