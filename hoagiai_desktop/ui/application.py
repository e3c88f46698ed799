"""Starting the window: ``run(db_target, start_page=None) -> exit code`` (called by ``cli.run_window``).

QApplication with the bundled Liberation Sans (stable rendering), Qt's Vietnamese translator when
``hoagiai_desktop/locale/qtbase_vi.qm`` exists (``ui.language``), then at once the real main window in its
"opening the data file" state, while ``ui.opening.DataOpening`` opens and migrates the file on its own thread
(``storage.opening.open_database``; the command line starts it before Qt is even imported). When it is open: the
login dialog over the window when the data file has users (server mode; Esc quits), then the window's pages. A
UserError such as DatabaseTooNew / DatabaseLocked is shown over the window as one sentence and the app exits (a
locked file may be opened read-only instead). ``build_window(db)`` builds the filled window without running the
event loop (tests, benchmarks).

For screenshots and support, ``start_page`` (the command line's hidden ``--page``) is a page key to open first
(keys in ``navigation.PAGES``: dashboard, villages, teams, mediators, cases, training, reports, backup, settings)
or ``<record kind>:<code>`` (e.g. ``team:TO009``) to open that record.
"""

from __future__ import annotations

import gc
import logging
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from hoagiai_desktop import i18n
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.ui.appearance import apply_appearance, open_settings
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.language import apply_language
from hoagiai_desktop.ui.main_window import MainWindow
from hoagiai_desktop.ui.navigation import PAGES
from hoagiai_desktop.ui.opening import DataOpening, Opened
from hoagiai_desktop.ui.options import LANGUAGE, LAST_PAGE
from hoagiai_desktop.ui.widgets.fit import install_screen_fitter
from hoagiai_desktop.ui.worker import DbWorker

log = logging.getLogger(__name__)
_gc_timer: QTimer | None = None
_frozen = False  # settle_garbage() ran: what existed at start-up is out of every collection


def collect_garbage_on_gui_thread(app: QApplication) -> None:
    """Python's cycle collector runs on whichever thread happens to allocate; if that is a database worker and
    the garbage holds a Qt widget, Qt destroys the widget off the GUI thread and crashes. So automatic
    collection is switched off and done here, on the GUI thread, generation by generation as the interpreter
    would (as Anki does): a full collection every five seconds walked every object of SQLAlchemy, Qt and the
    pages — a 100–300 ms stall of the window each time on province data."""
    global _gc_timer
    if _gc_timer is not None:
        return
    gc.disable()
    _gc_timer = QTimer(app)
    _gc_timer.setInterval(1_000)
    _gc_timer.timeout.connect(collect_young_garbage)
    _gc_timer.start()


def collect_young_garbage() -> None:
    """Collect the generations that are due (the thresholds the interpreter itself uses). None before the
    start-up objects are frozen out of every collection (:func:`settle_garbage`): while the data layer is being
    imported on the opening thread, even the youngest generation holds the second's worth of its objects —
    a stall of the window for nothing to reclaim."""
    young, middle, old = gc.get_count()
    limits = gc.get_threshold()
    if young <= limits[0] or not _frozen:
        return
    generation = 0
    if middle > limits[1]:
        generation = 2 if old > limits[2] else 1
    gc.collect(generation)


def settle_garbage() -> None:
    """Once the data file is open: keep what exists now — the imported libraries, the data layer, the window —
    out of every later collection (``gc.freeze``; a moment's work, unlike collecting them), so a full collection
    walks only what was made since. The little start-up garbage among them is kept for good."""
    global _frozen
    gc.freeze()
    _frozen = True


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName("HoaGiai")
        QCoreApplication.setApplicationName("HoaGiai")
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


def build_window(db: Any, settings: QSettings | None = None, *, opening: str = "") -> MainWindow:
    """The main window on ``db`` (filled at once), or — ``db`` None — in its "opening ``opening``" state, filled
    later by ``window.show_data(db, kind)``."""
    app = ensure_app()
    install_screen_fitter(app)
    settings = settings or open_settings()
    apply_appearance(app, settings)
    worker = DbWorker(db)
    reader = DbWorker(db, name="hoagiai-db-read")
    ctx = UiContext(db, worker, settings, reader=reader)
    window = MainWindow(ctx, opening=opening)
    app.aboutToQuit.connect(worker.stop)
    app.aboutToQuit.connect(reader.stop)
    return window


def _first_run_check(window: MainWindow) -> None:
    """On an empty database, offer the first-run form (unit information, demo data or a workbook).

    The form's module is imported only for an empty file: with the unit service it brings the ORM, and importing
    that on the GUI thread stalled the window just drawn by a third of a second on every ordinary start."""
    from hoagiai_desktop.services import overview  # the data layer is loaded by now (the opening thread)

    def answered(empty: bool) -> None:
        if empty:
            from hoagiai_desktop.ui import first_run

            first_run.offer(window)

    window.ctx.run(overview.is_first_start, on_done=answered)


def open_database(target: str, **options: Any) -> Any:
    """``storage.opening.open_database``, imported when first called (on the opening thread: not before the
    window is shown)."""
    from hoagiai_desktop.storage.opening import open_database as really_open

    return really_open(target, **options)


def run(db_target: str, *, start_page: str | None = None, opening: DataOpening | None = None) -> int:
    """The window shown at once in its "opening the data file" state, then filled when ``opening`` (started by
    the command line before Qt was imported; made here when not given) has opened the file — or the error's
    sentence over it. A file with users asks the login first; nothing of the file is shown before it succeeded."""
    opening = opening or DataOpening(db_target, opener=open_database)
    app = ensure_app()
    install_screen_fitter(app)  # before the first message box, which must fit the screen too
    collect_garbage_on_gui_thread(app)
    from hoagiai_desktop.ui import crash

    crash.install()  # an error nobody caught (a button handler, a thread) is logged and said, never silent
    settings = open_settings()
    lang = apply_language(LANGUAGE.get(settings) or i18n.language())
    LANGUAGE.set(settings, lang)
    window = build_window(None, settings, opening=db_target)
    window.show()
    app.processEvents()  # painted once, before the opening thread's imports compete for the interpreter
    # its sentences (a refusal) are said in this language; the first page's module is imported ahead, and the
    # dashboard's attention list read ahead
    first = _first_page(start_page, settings)
    opening.language_ready(
        ahead=("attention",) if first == "dashboard" else (),
        warm_up=[spec.module for spec in PAGES if spec.key == first],
        after_first_page=True,
    )
    try:
        return _run_window(app, window, opening, db_target, start_page)
    finally:
        opening.first_page_shown()  # whatever happened, the thread does not wait for it any longer


def _run_window(
    app: QApplication, window: MainWindow, opening: DataOpening, db_target: str, start_page: str | None
) -> int:
    """``run`` once the window is on screen: wait for the data file, then fill the window and run it."""
    opened = _opened(opening, window, db_target)
    if isinstance(opened, int):  # said why (or the window was closed): that exit code
        return _close(window, opened)
    db = opened.db
    if opened.has_users and not _logged_in(db, window):
        db.dispose()
        return _close(window, 0)

    window.ctx.ahead = dict(opened.ahead)
    window.show_data(db, opened.kind)
    settle_garbage()
    if not db.read_only:
        from hoagiai_desktop.ui.autobackup import install_autobackup

        install_autobackup(window.ctx)  # every 30 minutes of changes, and on quitting
    if start_page and ":" in start_page:
        kind, code = start_page.split(":", 1)
        window.start()
        QTimer.singleShot(50, lambda: window.ctx.open_record(kind, code))
    else:
        window.start(start_page)
    # once the first page is built (the turn above) and painted (a turn of its own: a timer, as posted events
    # go before every timer and the event loop's other timers would wait for both): the thread reads ahead
    QTimer.singleShot(0, lambda: QTimer.singleShot(1, lambda: _first_page_painted(window, opening)))
    QTimer.singleShot(300, lambda: _first_run_check(window))
    try:
        return int(app.exec())
    finally:
        window.ctx.worker.stop()
        window.ctx.reader.stop()
        window.ctx.db.dispose()  # after a restore this is the reopened file, not the one opened above


def _first_page_painted(window: MainWindow, opening: DataOpening) -> None:
    """The first page was built in the event loop's previous turn: paint it now, then let the opening thread
    read ahead (``DataOpening.first_page_shown``)."""
    if window.isVisible():
        window.repaint()
    opening.first_page_shown()


def _first_page(start_page: str | None, settings: QSettings) -> str | None:
    """The page the window will most likely show first (``MainWindow.start``), or None for a record's page."""
    if start_page and ":" in start_page:
        return None
    return start_page or LAST_PAGE.get(settings) or "dashboard"


class _Done(QObject):
    """Carries "the opening thread finished" to the GUI thread (emitted on the opening thread: queued)."""

    finished = Signal()


def _wait(opening: DataOpening, window: MainWindow) -> bool:
    """Run the event loop (the window stays alive) until ``opening`` finished; False if the window was closed."""
    if not window.isVisible():  # closed already (while it was first painted)
        opening.discard()
        return False
    if not opening.done():
        done = _Done()
        loop = QEventLoop()
        done.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
        closed: list[bool] = []

        def window_closed() -> None:
            closed.append(True)
            loop.quit()

        window.closed.connect(window_closed)
        opening.future.add_done_callback(lambda _f: done.finished.emit())
        if not opening.done():
            loop.exec()
        window.closed.disconnect(window_closed)
        if closed:
            opening.discard()
            return False
    return True


def _opened(opening: DataOpening, window: MainWindow, db_target: str) -> Opened | int:
    """The open data file, or the exit code after saying why it could not be opened (0: the window was closed)."""
    from hoagiai_desktop.errors import DatabaseLocked

    if not _wait(opening, window):
        return 0
    try:
        return opening.result()
    except DatabaseLocked as err:
        again = _offer_read_only(db_target, err, window)
        return err.exit_code if again is None else again
    except UserError as err:
        QMessageBox.warning(window, _("HoaGiai"), err.message)
        return err.exit_code
    except Exception:
        log.exception("could not open the database")
        QMessageBox.critical(
            window, _("HoaGiai"), _("The data file could not be opened; the details are in the log file.")
        )
        return 1


def _close(window: MainWindow, code: int) -> int:
    window.ctx.worker.stop()
    window.ctx.reader.stop()
    window.close()
    return code


def _logged_in(db: Any, parent: QWidget | None = None) -> bool:
    """Server mode: a data file with users shows nothing before the login dialog succeeded (Esc quits)."""
    from hoagiai_desktop.ui.login_dialog import ask_login

    try:
        return ask_login(db, parent)
    except UserError as err:  # e.g. the server went away between opening and asking
        QMessageBox.warning(parent, _("HoaGiai"), err.message)
        return False


def _offer_read_only(db_target: str, err: UserError, window: MainWindow) -> Opened | None:
    """Another copy of HoaGiai is writing to this file: say so, and offer to look at it read-only."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("HoaGiai"), err.message, parent=window)
    box.setInformativeText(
        _("You can open it read-only to look at it and print reports, without changing anything.")
    )
    read_only = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is not read_only:
        return None
    again = DataOpening(db_target, read_only=True, opener=open_database, language_ready=True)
    if not _wait(again, window):
        return None
    try:
        return again.result()
    except UserError as refused:
        QMessageBox.warning(window, _("HoaGiai"), refused.message)
        return None
