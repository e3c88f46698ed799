"""Starting the window: ``run(db_target, start_page=None) -> exit code`` (called by ``cli.run_window``).

QApplication with the bundled Liberation Sans (stable rendering), Qt's Vietnamese translator when
``hoagiai_desktop/locale/qtbase_vi.qm`` exists (``ui.language``), the database opened and migrated by
``storage.opening.open_database`` (a
UserError such as DatabaseTooNew / DatabaseLocked is shown as one sentence and the app exits), the login dialog
when the data file has users (server mode; Esc quits), then the main window. ``build_window(db)`` builds the
same window without running the event loop (tests, benchmarks).

For screenshots and support, ``start_page`` (the command line's hidden ``--page``) is a page key to open first
(keys in ``navigation.PAGES``: dashboard, villages, teams, mediators, cases, training, reports, backup, settings)
or ``<record kind>:<code>`` (e.g. ``team:TO009``) to open that record.
"""

from __future__ import annotations

import gc
import logging
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hoagiai_desktop import i18n
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.storage.opening import open_database
from hoagiai_desktop.ui.appearance import apply_appearance, open_settings
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.language import apply_language
from hoagiai_desktop.ui.main_window import MainWindow
from hoagiai_desktop.ui.options import LANGUAGE
from hoagiai_desktop.ui.widgets.fit import install_screen_fitter
from hoagiai_desktop.ui.worker import DbWorker

log = logging.getLogger(__name__)
_gc_timer: QTimer | None = None


def collect_garbage_on_gui_thread(app: QApplication) -> None:
    """Python's cycle collector runs on whichever thread happens to allocate; if that is a database worker and
    the garbage holds a Qt widget, Qt destroys the widget off the GUI thread and crashes. So automatic
    collection is switched off and done here, every few seconds, on the GUI thread (as Anki does)."""
    global _gc_timer
    if _gc_timer is not None:
        return
    gc.disable()
    _gc_timer = QTimer(app)
    _gc_timer.setInterval(5_000)
    _gc_timer.timeout.connect(lambda: gc.collect())
    _gc_timer.start()


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName("HoaGiai")
        QCoreApplication.setApplicationName("HoaGiai")
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


def build_window(db: Any, settings: QSettings | None = None) -> MainWindow:
    app = ensure_app()
    install_screen_fitter(app)
    settings = settings or open_settings()
    apply_appearance(app, settings)
    worker = DbWorker(db)
    reader = DbWorker(db, name="hoagiai-db-read")
    ctx = UiContext(db, worker, settings, reader=reader)
    window = MainWindow(ctx)
    app.aboutToQuit.connect(worker.stop)
    app.aboutToQuit.connect(reader.stop)
    return window


def _first_run_check(window: MainWindow) -> None:
    """On an empty database, offer the first-run form (unit information, demo data or a workbook)."""
    try:
        from hoagiai_desktop.ui import first_run
    except ImportError:
        return
    first_run.check_and_offer(window)


def run(db_target: str, *, start_page: str | None = None) -> int:
    app = ensure_app()
    install_screen_fitter(app)  # before the first message box, which must fit the screen too
    collect_garbage_on_gui_thread(app)
    from hoagiai_desktop.ui import crash

    crash.install()  # an error nobody caught (a button handler, a thread) is logged and said, never silent
    settings = open_settings()
    lang = apply_language(LANGUAGE.get(settings) or i18n.language())
    LANGUAGE.set(settings, lang)
    apply_appearance(app, settings)

    from hoagiai_desktop.errors import DatabaseLocked

    try:
        db = open_database(db_target)
    except DatabaseLocked as err:
        db = _offer_read_only(db_target, err)
        if db is None:
            return err.exit_code
    except UserError as err:
        QMessageBox.warning(None, _("HoaGiai"), err.message)
        return err.exit_code
    except Exception:
        log.exception("could not open the database")
        QMessageBox.critical(
            None, _("HoaGiai"), _("The data file could not be opened; the details are in the log file.")
        )
        return 1
    if not _logged_in(db):
        db.dispose()
        return 0

    window = build_window(db, settings)
    if not db.read_only:
        from hoagiai_desktop.ui.pages.backup_page import install_autobackup

        install_autobackup(window.ctx)  # every 30 minutes of changes, and on quitting
    if start_page and ":" in start_page:
        kind, code = start_page.split(":", 1)
        window.start()
        QTimer.singleShot(50, lambda: window.ctx.open_record(kind, code))
    else:
        window.start(start_page)
    window.show()
    QTimer.singleShot(300, lambda: _first_run_check(window))
    try:
        return int(app.exec())
    finally:
        window.ctx.worker.stop()
        window.ctx.reader.stop()
        window.ctx.db.dispose()  # after a restore this is the reopened file, not the one opened above


def _logged_in(db: Any) -> bool:
    """Server mode: a data file with users shows nothing before the login dialog succeeded (Esc quits)."""
    from hoagiai_desktop.ui.login_dialog import ask_login

    try:
        return ask_login(db)
    except UserError as err:  # e.g. the server went away between opening and asking
        QMessageBox.warning(None, _("HoaGiai"), err.message)
        return False


def _offer_read_only(db_target: str, err: UserError) -> Any:
    """Another copy of HoaGiai is writing to this file: say so, and offer to look at it read-only."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("HoaGiai"), err.message)
    box.setInformativeText(
        _("You can open it read-only to look at it and print reports, without changing anything.")
    )
    read_only = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is not read_only:
        return None
    try:
        return open_database(db_target, read_only=True, migrate=False)
    except UserError as again:
        QMessageBox.warning(None, _("HoaGiai"), again.message)
        return None
