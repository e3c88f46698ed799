"""Start-up with the data file opened on a thread (#13): the real main window is shown at once in its "opening the
data file" state — nothing of the file in it — and fills in when the file is open; every refusal still says its
one sentence over it (or offers to open read-only), a new empty file still gets the first-run form, and the
command line's start page is still the page shown. ``application.run`` is driven for real; only the final event
loop (``QApplication.exec``) is replaced by a function that checks the window and returns."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hoagiai_desktop.errors import DatabaseLocked, DatabaseTooNew, UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.storage.opening import open_database
from hoagiai_desktop.ui import application
from hoagiai_desktop.ui.opening import DataOpening
from tests.ui.conftest import settle


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The windows ``run`` builds (deleted afterwards, on the GUI thread)."""
    built: list[Any] = []
    real_build = application.build_window

    def build(db: Any, settings: Any = None, **options: Any) -> Any:
        built.append(real_build(db, settings, **options))
        return built[-1]

    monkeypatch.setattr(application, "build_window", build)
    yield built
    for window in built:
        if shiboken6.isValid(window):
            window.ctx.worker.stop()
            window.ctx.reader.stop()
            window.close()
            shiboken6.delete(window)


def _event_loop(monkeypatch: pytest.MonkeyPatch, check: Callable[[], None]) -> None:
    def event_loop(*_args: Any) -> int:
        check()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)


def _opening_state(window: Any, path: Path) -> None:
    """Shown, titled, the data file named — and nothing read from it: no navigation, no page, no user."""
    assert window.isVisible() and window.windowTitle()
    assert window.ctx.db is None and window.pages == {} and window.nav.count() == 0
    assert window.stack.currentWidget() is window.opening_panel
    assert str(path) in window.opening_label.text() and str(path) in window.db_label.text()
    assert not window.user_label.isVisible()


def _gated(gate: threading.Event) -> Callable[..., Any]:
    """The real opening, held until ``gate`` is set (a slow disk, a long migration)."""

    def opener(target: str, **options: Any) -> Any:
        assert gate.wait(30)
        return open_database(target, **options)

    return opener


def test_the_window_shows_before_the_file_is_open_then_fills_in(
    demo_db_master: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
    started: list[Any],
    ui_errors: list[BaseException],
) -> None:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_db_master, path)
    gate = threading.Event()
    opening = DataOpening(str(path), opener=_gated(gate))
    seen: list[str] = []

    def while_opening() -> None:  # runs inside run(), once the window is up and the file not yet open
        window = started[0]
        _opening_state(window, path)
        assert window.opening_label.text().startswith(("Opening the data file", "Đang mở tệp dữ liệu"))
        assert not opening.done()
        seen.append("opening")
        gate.set()

    def filled() -> None:
        window = started[0]
        qtbot.waitUntil(lambda: window.current_page() is not None, timeout=20_000)
        dashboard = window.pages["dashboard"]
        qtbot.waitUntil(
            lambda: dashboard.attention is not None and dashboard.data is not None, timeout=60_000
        )
        settle(window)
        assert window.ctx.db is not None and window.opening_panel is None
        assert window.nav.count() == len(window.specs) and "villages" in window.page_keys()  # a commune's
        assert dashboard.attention_tree.topLevelItemCount() > 0 and dashboard.data.unit_name
        assert str(path) in window.db_label.text()
        seen.append("filled")

    QTimer.singleShot(0, while_opening)
    _event_loop(monkeypatch, filled)
    assert application.run(str(path), start_page="dashboard", opening=opening) == 0
    assert seen == ["opening", "filled"]
    assert ui_errors == []


def test_a_province_file_brings_the_province_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any, started: list[Any]
) -> None:
    from hoagiai_desktop.services import province_registry

    path = tmp_path / "province.sqlite3"
    db = open_database(path)
    province_registry.init_province(db, "Cao Bằng", "04")
    db.dispose()
    keys: list[str] = []

    def check() -> None:
        window = started[0]
        qtbot.waitUntil(lambda: window.current_page() is not None, timeout=20_000)
        settle(window)
        keys.extend(window.page_keys())

    _event_loop(monkeypatch, check)
    assert application.run(str(path)) == 0
    assert "province_receive" in keys and "villages" not in keys and "cases" not in keys


def _said(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, str]]:
    """The sentences said in a warning box, with the box's parent."""
    said: list[tuple[Any, str]] = []
    monkeypatch.setattr(
        application.QMessageBox, "warning", lambda parent, _t, text: said.append((parent, text))
    )
    return said


def _refused(
    path: Path, monkeypatch: pytest.MonkeyPatch, started: list[Any]
) -> tuple[int, list[tuple[Any, str]]]:
    said = _said(monkeypatch)
    _event_loop(monkeypatch, lambda: pytest.fail("a refused file must not reach the event loop"))
    code = application.run(str(path))
    assert len(started) == 1 and said and said[0][0] is started[0]  # said over the window
    _opening_state_gone = started[0]
    assert _opening_state_gone.ctx.db is None and not _opening_state_gone.isVisible()  # then closed, unfilled
    return code, said


def test_a_file_that_is_not_ours_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[Any]
) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("shopping list\n", encoding="utf-8")
    code, said = _refused(path, monkeypatch, started)
    assert code == UserError.exit_code
    # in the window's language (applied before the thread made the sentence)
    assert [text for _p, text in said] == [_("This file is not a HoaGiai data file; choose another file.")]
    assert path.read_text(encoding="utf-8") == "shopping list\n"  # not a byte changed


def test_a_folder_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[Any]
) -> None:
    folder = tmp_path / "a folder"
    folder.mkdir()
    code, said = _refused(folder, monkeypatch, started)
    assert code == UserError.exit_code
    assert [text for _p, text in said] == [
        _("{path} is a folder; give the path of a data file.").format(path=folder)
    ]


def test_a_file_from_a_newer_version_is_one_sentence(
    demo_db_master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[Any]
) -> None:
    path = tmp_path / "newer.sqlite3"
    shutil.copy(demo_db_master, path)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")  # a revision this version lacks
    con.commit()
    con.close()
    code, said = _refused(path, monkeypatch, started)
    assert code == DatabaseTooNew.exit_code
    assert [text for _p, text in said] == [
        _("This data file was written by a newer version of HoaGiai; install the newer version to open it.")
    ]


def test_an_unexpected_failure_is_one_sentence_and_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_target: str, **_options: Any) -> Any:
        raise RuntimeError("disk on fire")

    said: list[str] = []
    monkeypatch.setattr(application, "open_database", broken)
    monkeypatch.setattr(application.QMessageBox, "critical", lambda _p, _t, text: said.append(text))
    _event_loop(monkeypatch, lambda: pytest.fail("must not reach the event loop"))
    assert application.run(str(tmp_path / "x.sqlite3")) == 1
    assert said == [_("The data file could not be opened; the details are in the log file.")]
    assert "disk on fire" in caplog.text  # the details, in the log


HOLDER = """
import sys, time
from hoagiai_desktop.storage.opening import open_database
db = open_database(sys.argv[1])
print("ready", flush=True)
time.sleep(120)
"""


def _answer_box(answer: str, seen: list[str]) -> None:
    """Answer the message box ``run`` shows (it runs its own event loop): Close, or its accepting button."""

    def find() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, find)
            return
        seen.append(box.text())
        if answer == "close":
            button = box.button(QMessageBox.StandardButton.Close)
        else:
            button = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        button.click()

    QTimer.singleShot(50, find)


@pytest.mark.parametrize("answer", ["close", "read_only"])
def test_a_file_open_in_another_window_offers_read_only(
    demo_db_master: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
    started: list[Any],
    ui_errors: list[BaseException],
    answer: str,
) -> None:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_db_master, path)
    # another copy of HoaGiai writing to it (another process: the lock is the operating system's, per process)
    other = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True)
    assert other.stdout is not None and other.stdout.readline().strip() == "ready"
    seen: list[str] = []
    shown: list[str] = []
    try:
        _answer_box(answer, seen)

        def check() -> None:
            window = started[0]
            qtbot.waitUntil(lambda: window.current_page() is not None, timeout=20_000)
            settle(window)
            assert window.ctx.db.read_only
            shown.append(window.db_label.text())

        _event_loop(monkeypatch, check)
        code = application.run(str(path))
    finally:
        other.kill()
        other.wait()
    assert len(seen) == 1 and seen[0]  # the sentence saying who holds the file
    if answer == "close":
        assert code == DatabaseLocked.exit_code and shown == []
    else:
        assert code == 0 and shown and ("read-only" in shown[0] or "chỉ đọc" in shown[0])
    assert ui_errors == []


def test_a_new_empty_file_gets_the_first_run_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any, started: list[Any]
) -> None:
    from hoagiai_desktop.ui import first_run

    offered: list[Any] = []
    monkeypatch.setattr(first_run.FirstRunDialog, "exec", lambda dialog: offered.append(dialog) or 0)

    def check() -> None:
        window = started[0]
        qtbot.waitUntil(lambda: bool(offered), timeout=20_000)
        settle(window)
        assert offered[0].parentWidget() is window and window.ctx.db is not None

    _event_loop(monkeypatch, check)
    path = tmp_path / "new" / "hoagiai.sqlite3"
    assert application.run(str(path)) == 0
    assert path.exists() and len(offered) == 1


def test_closing_the_window_while_the_file_opens_quits_and_releases_it(
    demo_db_master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[Any]
) -> None:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_db_master, path)
    gate = threading.Event()
    opening = DataOpening(str(path), opener=_gated(gate))

    def close_it() -> None:
        threading.Timer(0.2, gate.set).start()  # the file opens after the window was closed
        started[0].close()

    QTimer.singleShot(0, close_it)
    _event_loop(monkeypatch, lambda: pytest.fail("a closed window must not reach the event loop"))
    assert application.run(str(path), opening=opening) == 0
    assert opening.done()
    again = open_database(path)  # the writer lock was released: it opens for writing again
    again.dispose()


def test_the_attention_list_is_read_ahead_only_without_users(
    demo_db_master: Path, tmp_path: Path, qtbot: Any
) -> None:
    """Without users the opening thread goes on to the dashboard's attention list (the same list the page reads
    itself); a file with users gets nothing read before the login, whatever the window asked for."""
    from hoagiai_desktop.services import user_admin, users
    from hoagiai_desktop.ui.pages.dashboard_page import load_attention

    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_db_master, path)
    opening = DataOpening(str(path))
    opening.language_ready(ahead=("attention", "no such thing"))
    opened = opening.future.result(timeout=60)
    try:
        assert not opened.has_users and set(opened.ahead) == {"attention"}
        items, counts = opened.ahead["attention"].result(timeout=60)
        assert (items, counts) == load_attention(opened.db) and sum(counts.values()) > 0
    finally:
        opened.db.dispose()

    db = open_database(path)
    user_admin.add_user(db, "quản trị", users.ADMIN, "mật khẩu đủ dài")
    db.dispose()
    opening = DataOpening(str(path))
    opening.language_ready(ahead=("attention",))
    opened = opening.future.result(timeout=60)
    try:
        assert opened.has_users and opened.ahead == {}
    finally:
        opened.db.dispose()


def test_the_reading_ahead_waits_for_the_first_page_when_the_window_asks(
    demo_db_master: Path, tmp_path: Path
) -> None:
    """The window asks the opening thread to read the attention list only once its first page is built and painted
    (side by side the two made the window wait); until then the list is not even begun, then it is the same."""
    from hoagiai_desktop.ui.pages.dashboard_page import load_attention

    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_db_master, path)
    opening = DataOpening(str(path))
    opening.language_ready(ahead=("attention",), after_first_page=True)
    opened = opening.future.result(timeout=60)
    try:
        later = opened.ahead["attention"]
        opening._thread.join(0.3)  # what it would have had to begin the reading
        assert opening._thread.is_alive() and not later.running() and not later.done()
        opening.first_page_shown()
        assert later.result(timeout=60) == load_attention(opened.db)
    finally:
        opening.discard()
        opened.db.dispose()
