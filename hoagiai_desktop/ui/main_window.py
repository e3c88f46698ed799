"""The main window: left navigation, one page at a time, the database in the status bar.

At start-up the window is shown before its data file is open (``ui.opening`` opens it on a thread meanwhile): built
on a context without a database (``ctx.db`` None) it shows only its frame and one line saying that the data file is
being opened — no navigation, no figures, nothing of the file. :meth:`MainWindow.show_data` then brings the pages
of the file's kind. Built on an open database (``application.build_window(db)``, the tests) it is filled at once.

Pages come from ``navigation.PAGES`` — those of the data file's kind (a commune's or a province's, DOMAIN §8) —
and are built the first time they are shown (fast start). The window owns
the keyboard shortcuts and forwards them to the current page (Ctrl+N new, Ctrl+F search, Ctrl+S save, Esc cancel,
F5 refresh, Ctrl+1…9 pages), remembers its size and layout in the settings, and re-translates every page when the
language changes.
"""

from __future__ import annotations

import contextlib
import logging
import weakref
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop import i18n
from hoagiai_desktop.i18n import _
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.navigation import (
    PageSpec,
    file_kind,
    load_page_class,
    page_for_kind,
    shown_pages,
)
from hoagiai_desktop.ui.opening import describe_target
from hoagiai_desktop.ui.options import (
    LAST_PAGE,
    WINDOW_GEOMETRY,
    WINDOW_SPLITTER,
    WINDOW_STATE,
    forget_layout,
)
from hoagiai_desktop.ui.widgets.columns import ColumnSizer, guard_tables
from hoagiai_desktop.ui.widgets.fit import (
    ElidedLabel,
    available_area,
    fit_to_screen,
    hold_scroll_contents,
    screen_fitter_paused,
    scrolling,
)

if TYPE_CHECKING:
    from hoagiai_desktop.ui.pages.base import Page

log = logging.getLogger(__name__)

# Open windows re-translate when the language changes; one listener for all of them, so a closed or deleted
# window is never called (i18n keeps its listeners for the life of the process).
_open_windows: weakref.WeakSet[MainWindow] = weakref.WeakSet()
_listening = False


def _register(window: MainWindow) -> None:
    global _listening
    _open_windows.add(window)
    if not _listening:
        _listening = True
        i18n.on_language_changed(_retranslate_open_windows)


def _retranslate_open_windows(_lang: str) -> None:
    for window in list(_open_windows):
        if shiboken6.isValid(window):
            with contextlib.suppress(RuntimeError):  # a page's widget already deleted
                window.retranslate()
        else:
            _open_windows.discard(window)


class MainWindow(QMainWindow):
    closed = Signal()  # the window was closed (accepted)

    def __init__(self, ctx: UiContext, *, opening: str = "") -> None:
        """``ctx.db`` None: the window of a data file still being opened (``opening`` names it), see the module."""
        super().__init__()
        self.ctx = ctx
        ctx.window = self
        self.setObjectName("MainWindow")
        self.specs: list[PageSpec] = []
        self.pages: dict[str, Page] = {}
        self._placeholders: dict[str, QWidget] = {}
        self.file_kind = ""
        self.opening_target = opening
        self.opening_panel: QWidget | None = None

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(170)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        self._current_key: str | None = None
        if ctx.db is not None:
            self._fill_navigation()
        else:
            self._show_opening()
        self.splitter = QSplitter()
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.db_label = ElidedLabel()  # a long path must not widen the window past a small screen
        self.db_label.setObjectName("db_label")
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy_label = QLabel()
        self.user_label = QLabel()  # server mode: who is logged in (empty for a one-person data file)
        self.user_label.setObjectName("user_label")
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)
        ctx.status_message.connect(self._show_status)
        ctx.navigate_requested.connect(self.open_record)
        ctx.worker.busy_changed.connect(self._busy)
        if ctx.reader is not ctx.worker:
            ctx.reader.busy_changed.connect(self._busy)
        ctx.appearance_changed.connect(self.rebuild_pages)
        ctx.database_changed.connect(self._database_changed)
        ctx.changes_made.connect(self._users_changed)

        self.nav.currentRowChanged.connect(self._nav_changed)
        self._make_shortcuts()
        self.retranslate()
        _register(self)
        self.restore_layout()

    # -- pages --------------------------------------------------------------------------------------------

    def _show_opening(self) -> None:
        """The state before the data file is open: one line saying so (and a moving bar: not frozen)."""
        panel = QWidget()
        panel.setObjectName("opening_panel")
        self.opening_label = QLabel()
        self.opening_label.setObjectName("opening_label")
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening_label.setWordWrap(True)
        font = self.opening_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.opening_label.setFont(font)
        bar = QProgressBar()
        bar.setRange(0, 0)  # no known length: a busy bar
        bar.setTextVisible(False)
        bar.setFixedWidth(self.fontMetrics().averageCharWidth() * 36)
        layout = QVBoxLayout(panel)
        layout.addStretch(1)
        layout.addWidget(self.opening_label)
        layout.addWidget(bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.opening_panel = panel
        self.stack.addWidget(panel)

    def show_data(self, db: object, kind: str | None = None) -> None:
        """The data file is open (and the user logged in when it has users): bring its pages. ``kind`` is the
        file's kind when already known (the opening thread read it), else it is read here."""
        self.ctx.attach_database(db)
        self.opening_panel = None
        self._fill_navigation(kind)
        self.retranslate()

    def _fill_navigation(self, kind: str | None = None) -> None:
        """The navigation and the (not yet built) pages of the data file's kind, from scratch.

        Unless given, the kind is read here, on the GUI thread, once per data file: it is one row, and the window
        cannot be laid out without it (the workers are idle — no page exists yet, or they were all just dropped)."""
        self.file_kind = kind or file_kind(self.ctx.db)
        # only the specs: a page's module is imported when the page is first shown (importing all eleven —
        # reports, import, their PDF and Excel libraries — before the window appeared took most of the start-up)
        self.specs = shown_pages(self.file_kind, self.ctx.db)
        self.nav.blockSignals(True)
        self.nav.clear()
        while (widget := self.stack.widget(0)) is not None:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.pages.clear()
        self._placeholders.clear()
        self._current_key = None
        for spec in self.specs:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            holder = QWidget()
            self._placeholders[spec.key] = holder
            self.stack.addWidget(holder)
        self.nav.blockSignals(False)

    def _database_changed(self) -> None:
        """Another data file (a restore): the status bar names it, and a file of the other kind brings its pages."""
        if file_kind(self.ctx.db) != self.file_kind:
            self._fill_navigation()
            self.retranslate()
            self.start()
            return
        self.retranslate()

    def _users_changed(self, changes: Any) -> None:
        """A write on the users (server mode) may change who is logged in (the first quản trị, made on the users
        page) or their role (a quản trị who made themselves cán bộ): the status bar says who, and the quản trị's
        pages come or go at once (the services check the role on every write anyway)."""
        if not changes.users:
            return
        self._show_user()
        if [spec.key for spec in shown_pages(self.file_kind, self.ctx.db)] != self.page_keys():
            self._fill_navigation()
            self.retranslate()
            self.start()

    def _show_status(self, text: str) -> None:
        """A transient message; an empty one clears the bar (an error must not stand next to "Saved.")."""
        if text:
            self.statusBar().showMessage(text, 6000)
        else:
            self.statusBar().clearMessage()

    def page_keys(self) -> list[str]:
        return [spec.key for spec in self.specs]

    def page(self, key: str) -> Page:
        """The page for ``key``, built on first use."""
        if key in self.pages:
            return self.pages[key]
        cls = load_page_class(next(s for s in self.specs if s.key == key))
        page: Page = cls(self.ctx)
        page.setObjectName(f"page_{key}")
        self.pages[key] = page
        holder = self._placeholders[key]
        index = self.stack.indexOf(holder)
        self.stack.insertWidget(index, scrolling(page, f"scroll_{key}"))
        guard_tables(page)  # no column title cut in the page's smaller tables
        hold_scroll_contents(page)  # nor fields squeezed in the page's own scroll areas
        self.stack.removeWidget(holder)
        holder.deleteLater()
        return page

    def page_area(self, key: str) -> QScrollArea | None:
        """The scroll area holding the built page ``key`` (None while the page is not built)."""
        page = self.pages.get(key)
        return _area_of(page) if page is not None else None

    def rebuild_pages(self) -> None:
        """Drop every built page except the current one, so fonts set at construction follow the new text size."""
        for key in list(self.pages):
            if key == self._current_key:
                continue
            page = self.pages.pop(key)
            area = _area_of(page)
            holder = QWidget()
            self._placeholders[key] = holder
            index = self.stack.indexOf(area)
            self.stack.insertWidget(index, holder)
            self.stack.removeWidget(area)
            area.deleteLater()

    def current_page(self) -> Page | None:
        return self.pages.get(self._current_key) if self._current_key else None

    def show_page(self, key: str) -> Page | None:
        keys = self.page_keys()
        if key not in keys:
            return None
        row = keys.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # goes through _nav_changed
        return self.pages.get(key) if self._current_key == key else None

    def _nav_changed(self, row: int) -> None:
        keys = self.page_keys()
        if not 0 <= row < len(keys):
            return
        key = keys[row]
        if key == self._current_key:
            return
        current = self.current_page()
        if current is not None and not current.can_leave():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(keys.index(self._current_key or key))
            self.nav.blockSignals(False)
            return
        with screen_fitter_paused():  # a page is no window: nothing to fit while it is built and shown
            page = self.page(key)
            self._current_key = key
            self.stack.setCurrentWidget(_area_of(page))
            page.shown()

    def open_record(self, kind: str, code: str) -> None:
        spec = page_for_kind(kind)
        if spec is None or spec.key not in self.page_keys():
            self.ctx.status(_("This kind of record cannot be opened in this version."))
            return
        self.show_page(spec.key)
        if self._current_key == spec.key:
            self.pages[spec.key].open_record(code)

    # -- shortcuts ----------------------------------------------------------------------------------------

    def _make_shortcuts(self) -> None:
        def bind(seq: QKeySequence | QKeySequence.StandardKey | str, action: str) -> None:
            shortcut = QShortcut(QKeySequence(seq), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda: self._forward(action))

        bind(QKeySequence.StandardKey.New, "new_record")
        bind(QKeySequence.StandardKey.Find, "focus_search")
        bind(QKeySequence.StandardKey.Save, "save")
        bind("Esc", "cancel")
        bind("F5", "refresh")
        for n in range(9):  # the pages differ by data file: _go ignores a number past the last page
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self)
            shortcut.activated.connect(lambda n=n: self._go(n))
        nav_focus = QShortcut(QKeySequence("Ctrl+0"), self)
        nav_focus.activated.connect(self.nav.setFocus)

    def _go(self, n: int) -> None:
        if n >= self.nav.count():
            return
        self.nav.setCurrentRow(n)
        self.nav.setFocus()

    def _forward(self, action: str) -> None:
        page = self.current_page()
        if page is not None:
            getattr(page, action)()

    # -- language, busy, layout ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("HoaGiai — grassroots mediation"))
        for row, spec in enumerate(self.specs):
            item = self.nav.item(row)
            shortcut = f"Ctrl+{row + 1}" if row < 9 else ""
            item.setText(_(spec.title))
            item.setToolTip(shortcut)
        self.nav.setAccessibleName(_("Pages"))
        if self.ctx.db is None:  # still opening: the path as given, nothing read from the file
            where = describe_target(self.opening_target)
            self.opening_label.setText(_("Opening the data file…") + "\n" + where)
            self.db_label.setText(_("Data file: {path}").format(path=where))
            self.user_label.setVisible(False)
            return
        self.db_label.setText(_("Data file: {path}").format(path=self.ctx.db.describe()))
        if getattr(self.ctx.db, "read_only", False):
            self.db_label.setText(
                _("Data file (read-only — open in another window): {path}").format(
                    path=self.ctx.db.describe()
                )
            )
        self._show_user()
        for page in self.pages.values():
            page.retranslate()

    def _show_user(self) -> None:
        from hoagiai_desktop.services.access import ROLE_LABELS, current_user

        who = current_user(self.ctx.db)
        self.user_label.setVisible(who is not None)
        if who is not None:
            name, role = who
            label = _(ROLE_LABELS[role]) if role in ROLE_LABELS else role
            self.user_label.setText(_("Logged in: {name} ({role})").format(name=name, role=label))

    def _busy(self, _busy: bool) -> None:
        self.busy_label.setText("" if self.ctx.idle() else _("Working…"))

    def restore_layout(self) -> None:
        s: QSettings = self.ctx.settings
        geometry = WINDOW_GEOMETRY.get(s)
        screen = available_area(self)
        # the smallest useful window, never more than the screen offers (pages scroll inside)
        self.setMinimumSize(min(640, screen.width()), min(420, screen.height()))
        restored = geometry is not None and self.restoreGeometry(geometry)
        # A size saved on a bigger screen can come back collapsed (seen: 610×250 on a 1366×768 screen), or off
        # screen after a monitor change: then start from the default size instead.
        usable = self.width() >= min(640, screen.width() // 2) and self.height() >= min(
            400, screen.height() // 2
        )
        if not restored or not usable or not screen.intersects(self.frameGeometry()):
            self.resize(min(1440, int(screen.width() * 0.94)), min(920, int(screen.height() * 0.92)))
        fit_to_screen(self)
        state = WINDOW_STATE.get(s)
        if state is not None:
            self.restoreState(state)
        splitter = WINDOW_SPLITTER.get(s)
        if splitter is not None:
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([180, 1020])

    def restore_default_layout(self) -> None:
        """Forget every size set by hand (window, column widths, splits) and lay the window out afresh."""
        s = self.ctx.settings
        forget_layout(s)
        screen = available_area(self)
        self.showNormal()
        self.resize(min(1440, int(screen.width() * 0.94)), min(920, int(screen.height() * 0.92)))
        fit_to_screen(self)
        self.splitter.setSizes([180, max(1, self.width() - 180)])
        s.sync()
        for page in self.pages.values():
            for sizer in page.findChildren(ColumnSizer):
                sizer.reload()
            reset = getattr(page, "restore_default_layout", None)
            if callable(reset):
                reset()

    def save_layout(self) -> None:
        s = self.ctx.settings
        WINDOW_GEOMETRY.set(s, self.saveGeometry())
        WINDOW_STATE.set(s, self.saveState())
        WINDOW_SPLITTER.set(s, self.splitter.saveState())
        if self._current_key:
            LAST_PAGE.set(s, self._current_key)
        for page in self.pages.values():
            saver = getattr(page, "save_layout", None)
            if callable(saver):
                saver(s)
        s.sync()

    def start(self, page: str | None = None) -> None:
        """Show the first page (the one asked for, else the last used, else the dashboard)."""
        wanted = page or LAST_PAGE.get(self.ctx.settings)
        keys = self.page_keys()
        if wanted not in keys:
            wanted = keys[0] if keys else ""
        if wanted:
            QTimer.singleShot(0, lambda: self.show_page(wanted))

    def closeEvent(self, event: QCloseEvent) -> None:
        page = self.current_page()
        if page is not None and not page.can_leave():
            event.ignore()
            return
        self.save_layout()
        _open_windows.discard(self)  # a closed window no longer follows the language
        event.accept()
        self.closed.emit()


def _area_of(page: QWidget) -> QScrollArea:
    """The scroll area a page sits in (page → viewport → area)."""
    viewport = page.parentWidget()
    area = viewport.parentWidget() if viewport is not None else None
    assert isinstance(area, QScrollArea)
    return area
