"""Column widths of the lists: short content shown whole, long text elided, the user's own widths remembered.

Every list column is sized from what it shows *now*, in the current font: a short-content column (name, code,
date, state, team) gets the width of its widest loaded cell or of its header, whichever is more; a long free-text
column (``Column.long``) is held to a modest width, elides and shows the whole text as a tooltip, and the last
column takes the rest of the row. Widths are recomputed whenever rows arrive — after a new search, on another data
file, at another text size — so nothing measured on the first rows ever shown is frozen.

Only widths the user set by dragging a header edge are kept, per page, in units of the font's average character
width, so they scale with the text size (``options.COLUMN_WIDTHS``). Right-clicking the header offers "Restore
default column widths"; the Settings page's "Restore default layout" forgets them for every page.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QHeaderView, QMenu, QStyle, QTableView, QWidget

from hoagiai_desktop.i18n import _
from hoagiai_desktop.ui.options import COLUMN_WIDTHS
from hoagiai_desktop.ui.widgets.lazy_table import Column, display_text

SAMPLE_ROWS = 1500  # loaded rows measured at most (a list of 100 000 cases has only a few blocks loaded)
TEXT_WIDTHS_KEPT = 20_000  # texts whose width is remembered (forgotten all at once past that)


class ColumnSizer(QObject):
    """Keeps the columns of ``table`` sized as the module docstring says; ``page`` names the settings entry."""

    def __init__(
        self,
        table: QTableView,
        columns: Sequence[Column],
        settings: QSettings,
        page: str,
        *,
        stretch_last: bool = True,
    ) -> None:
        super().__init__(table)  # lives as long as its table
        self.table = table
        self.columns = list(columns)
        self.settings = settings
        self.page = page
        self._applying = False
        # each loaded row's cell widths, by record id, measured once: a list page re-fits on every block of rows
        # that arrives, and measuring every loaded row again each time held the window for a third of a second on
        # a province's case list. Forgotten when the rows change (reset, rows reloaded) or the font does.
        self._measured: dict[object, list[int]] = {}
        self._text_widths: dict[str, int] = {}  # a text's width in the measured font
        self._measured_font = ""
        self.user_chars: dict[str, float] = self._load()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(stretch_last)
        header.sectionResized.connect(self._resized)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._menu)
        model = table.model()
        model.modelReset.connect(self._measured.clear)  # connected first: runs before the fit
        model.dataChanged.connect(self._forget_rows)
        model.modelReset.connect(self.fit)
        model.dataChanged.connect(lambda *_a: self.fit())
        model.layoutChanged.connect(lambda *_a: self.fit())
        model.rowsInserted.connect(lambda *_a: self.fit())

    # -- settings -----------------------------------------------------------------------------------------

    def _load(self) -> dict[str, float]:
        raw = COLUMN_WIDTHS(self.page).get(self.settings)
        try:
            data = json.loads(str(raw)) if raw else {}
        except ValueError:
            return {}
        known = {c.key for c in self.columns}
        return {k: float(v) for k, v in data.items() if k in known and isinstance(v, (int, float)) and v > 0}

    def _store(self) -> None:
        if self.user_chars:
            COLUMN_WIDTHS(self.page).set(self.settings, json.dumps(self.user_chars, sort_keys=True))
        else:
            COLUMN_WIDTHS(self.page).clear(self.settings)

    # -- sizing -------------------------------------------------------------------------------------------

    def char_width(self) -> float:
        return max(1.0, float(self.table.fontMetrics().averageCharWidth()))

    def padding(self) -> int:
        style = self.table.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1
        return 2 * margin + self.table.fontMetrics().horizontalAdvance("  ")

    def _forget_rows(self, top: QModelIndex, bottom: QModelIndex, *_roles: object) -> None:
        """Rows whose content changed (or arrived) are measured again."""
        id_at = getattr(self.table.model(), "id_at", None)
        if id_at is None:
            return
        for row in range(max(0, top.row()), bottom.row() + 1):
            self._measured.pop(id_at(row), None)

    def _row_widths(self, row: int, metrics: QFontMetrics) -> list[int]:
        model = self.table.model()
        row_object = getattr(model, "row_object", None)
        row_obj = row_object(row) if row_object is not None else None
        if row_obj is not None:  # the row's texts straight from the columns, not cell by cell through Qt
            texts = [display_text(row_obj, column) for column in self.columns]
        else:
            texts = [model.data(model.index(row, col)) for col in range(len(self.columns))]
        widths = []
        for text in texts:
            if not text:
                widths.append(0)
                continue
            text = str(text)
            width = self._text_widths.get(text)
            if width is None:  # a list repeats its dates, teams, states: each text is measured once
                if len(self._text_widths) > TEXT_WIDTHS_KEPT:
                    self._text_widths.clear()
                width = self._text_widths[text] = metrics.horizontalAdvance(text)
            widths.append(width)
        return widths

    def content_widths(self) -> list[int]:
        """Widest loaded cell of each column, in pixels (padding included; 0 for a column with no text)."""
        model = self.table.model()
        metrics = self.table.fontMetrics()
        font = self.table.font().key()
        if font != self._measured_font:
            self._measured.clear()
            self._text_widths.clear()
            self._measured_font = font
        widths = [0] * len(self.columns)
        rows = min(model.rowCount(), SAMPLE_ROWS)
        loaded = getattr(model, "is_loaded", None)
        id_at = getattr(model, "id_at", None)  # a lazy list's rows have ids: each row is measured once
        for row in range(rows):
            if loaded is not None and not loaded(row):
                continue
            key = id_at(row) if id_at is not None else None
            cells = self._measured.get(key) if key is not None else None
            if cells is None:
                cells = self._row_widths(row, metrics)
                if key is not None:
                    self._measured[key] = cells
            widths = [max(w, c) for w, c in zip(widths, cells, strict=True)]
        pad = self.padding()
        return [w + pad if w else 0 for w in widths]

    def default_widths(self) -> list[int]:
        header = self.table.horizontalHeader()
        char = self.char_width()
        result = []
        for col, (column, content) in enumerate(zip(self.columns, self.content_widths(), strict=True)):
            title = header.sectionSizeHint(col)
            if column.long:
                # free text: a readable start, the rest in the tooltip (the last column also stretches)
                result.append(max(title, min(content, math.ceil(char * column.long))))
            elif column.max_chars:
                result.append(max(title, min(content, math.ceil(char * column.max_chars))))
            else:
                result.append(max(title, content))
        return result

    def widths(self) -> list[int]:
        """The widths the columns get now: the user's where set (rescaled), the default otherwise."""
        char = self.char_width()
        return [
            math.ceil(self.user_chars[c.key] * char) if c.key in self.user_chars else width
            for c, width in zip(self.columns, self.default_widths(), strict=True)
        ]

    def fit(self) -> None:
        if self._applying:
            return
        self._applying = True
        try:
            for col, width in enumerate(self.widths()):
                if self.table.columnWidth(col) != width:
                    self.table.setColumnWidth(col, width)
        finally:
            self._applying = False

    def needed_width(self) -> int:
        """The width the table needs to show every column at its width (frame and scroll bar included)."""
        table = self.table
        bar = table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, table)
        return sum(self.widths()) + 2 * table.frameWidth() + bar

    # -- the user's widths --------------------------------------------------------------------------------

    def _resized(self, section: int, _old: int, new: int) -> None:
        if self._applying or not 0 <= section < len(self.columns):
            return
        header = self.table.horizontalHeader()
        if section == header.count() - 1 and header.stretchLastSection():
            return  # the stretching last column follows the window, not the user
        if not QApplication.mouseButtons() & Qt.MouseButton.LeftButton:
            return  # set by Qt or by us, not dragged by the user
        self.set_user_width(section, new)

    def set_user_width(self, section: int, pixels: int) -> None:
        """Remember ``pixels`` as the user's width of column ``section`` (what dragging a header edge does)."""
        self.user_chars[self.columns[section].key] = round(pixels / self.char_width(), 2)
        self._store()
        if self.table.columnWidth(section) != pixels:
            self._applying = True
            self.table.setColumnWidth(section, pixels)
            self._applying = False

    def reset(self) -> None:
        """Forget the user's widths of this list and size every column from its content again."""
        self.user_chars.clear()
        self._store()
        self.fit()

    def reload(self) -> None:
        """Read the settings again (after "Restore default layout" for every page) and refit."""
        self.user_chars = self._load()
        self.fit()

    def _menu(self, pos: QPoint) -> None:
        menu = QMenu(self.table)
        action = menu.addAction(_("Restore default column widths"))
        action.triggered.connect(self.reset)
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))


class TitleGuard(QObject):
    """For tables without a :class:`ColumnSizer`: no column header is ever narrower than its title. A stretching
    column squeezed below its title becomes a fixed-width one at the title's width (the table then scrolls
    sideways), and an ordinary column starts at least as wide as its title."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        header = table.horizontalHeader()
        header.sectionResized.connect(self._later)
        header.geometriesChanged.connect(self._later)
        self._queued = False
        self.check(widen_interactive=True)

    def _later(self, *_args: object) -> None:
        if not self._queued:
            self._queued = True
            QTimer.singleShot(0, self, self.check)  # with self as context: dropped if the table goes first

    def check(self, *, widen_interactive: bool = False) -> None:
        self._queued = False
        header = self.table.horizontalHeader()
        last = header.count() - 1
        for section in range(header.count()):
            if header.isSectionHidden(section) or (section == last and header.stretchLastSection()):
                continue
            need = header.sectionSizeHint(section)
            if header.sectionSize(section) >= need:
                continue
            mode = header.sectionResizeMode(section)
            if mode == QHeaderView.ResizeMode.Stretch:
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(section, need)
            elif mode == QHeaderView.ResizeMode.Interactive and widen_interactive:
                header.resizeSection(section, need)


def guard_tables(root: QWidget) -> None:
    """Install a :class:`TitleGuard` on every table under ``root`` that has no column sizer and no guard yet."""
    for table in root.findChildren(QTableView):
        if table.findChild(ColumnSizer) is None and table.findChild(TitleGuard) is None:
            TitleGuard(table)
