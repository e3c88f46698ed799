"""The command line's hidden ``--page`` reaches the window as a parameter (no environment variable in between) and
the window opens on that page or record."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication

from hoagiai_desktop import cli
from hoagiai_desktop.ui import application
from hoagiai_desktop.ui.appearance import open_settings
from tests.ui.conftest import settle


def test_the_command_line_hands_the_start_page_to_the_window(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[tuple[str, str | None]] = []

    def run(db_target: str, *, start_page: str | None = None, opening: Any = None) -> int:
        calls.append((db_target, start_page))
        opening.discard()  # the file the command line started opening
        return 7

    monkeypatch.setattr(application, "run", run)
    before = dict(os.environ)
    db = str(tmp_path / "x.sqlite3")
    assert cli.main(["--db", db, "--page", "team:T01"]) == 7
    assert cli.main(["--db", db]) == 7
    assert calls == [(db, "team:T01"), (db, None)]
    assert dict(os.environ) == before


@pytest.mark.parametrize(
    ("start_page", "expected_page", "record_kind"),
    [("mediators", "mediators", None), ("team:{code}", "teams", "team")],
)
def test_the_window_opens_on_the_page_or_record_it_was_given(
    demo_db_master: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
    ui_errors: list[BaseException],
    start_page: str,
    expected_page: str,
    record_kind: str | None,
) -> None:
    from hoagiai_desktop.services.teams_read import team_choices
    from hoagiai_desktop.storage.opening import open_database

    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_db_master, path)
    probe = open_database(path)
    code, team_id = "", 0
    try:
        team_id = team_choices(probe)[-1].id  # not the first row, which a list may select by itself
        from hoagiai_desktop.domain import models as m

        with probe.reading() as s:
            code = s.get(m.Team, team_id).code  # type: ignore[union-attr]
    finally:
        probe.dispose()

    built: list[Any] = []
    real_build = application.build_window

    def build(db: Any, settings: Any = None, **options: Any) -> Any:
        built.append(real_build(db, settings, **options))
        return built[-1]

    def event_loop(*_args: Any) -> int:  # instead of app.exec(): let the start-up timers run, then return
        window = built[0]
        qtbot.waitUntil(lambda: window.current_page() is not None, timeout=10_000)
        settle(window)
        assert window.current_page() is window.pages[expected_page]
        settle(window)
        if record_kind:
            detail = window.current_page().detail
            qtbot.waitUntil(lambda: detail.record_id == team_id, timeout=10_000)
        return 0

    open_settings().setValue("window/page", "dashboard")  # where it would open without a start page
    monkeypatch.setattr(application, "build_window", build)
    monkeypatch.setattr(application, "_first_run_check", lambda _window: None)
    monkeypatch.setattr(QApplication, "exec", event_loop)
    try:
        assert application.run(str(path), start_page=start_page.format(code=code)) == 0
    finally:
        for window in built:
            window.close()
            shiboken6.delete(window)
    assert ui_errors == []
