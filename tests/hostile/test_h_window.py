"""The same true sentences in the window: the "Backup & USB" page on a full data drive and towards a full or
read-only USB stick, and a save that fails on a full drive, each show one sentence naming the cause."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.storage.opening import open_database
from tests.hostile.conftest import remount_read_only, tmpfs
from tests.hostile.test_h_drives import _fill_up
from tests.safety.conftest import fill

pytestmark = [
    pytest.mark.usefixtures("english"),
    pytest.mark.skipif(os.name == "nt" or os.geteuid() != 0, reason="needs root to mount small real drives"),
]


@pytest.fixture
def page(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The backup page on a data file whose drive (4 MB) is then filled, leaving just room to keep working."""
    import hoagiai_desktop.ui.context as context
    from hoagiai_desktop.ui.context import UiContext
    from hoagiai_desktop.ui.pages.backup_page import BackupPage
    from hoagiai_desktop.ui.worker import DbWorker

    drive = tmp_path / "full"
    with tmpfs(drive, "size=4m") as mounted:
        if not mounted:
            pytest.skip("tmpfs cannot be mounted here")
        db = open_database(drive / "hoagiai.sqlite3")
        fill(db)
        worker = DbWorker(db)
        ctx = UiContext(db, worker, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        shown: list[BaseException] = []
        monkeypatch.setattr(context, "show_error", lambda parent, exc: shown.append(exc))
        widget = BackupPage(ctx)
        widget.shown = shown
        qtbot.addWidget(widget)
        widget.refresh()
        assert worker.wait_idle()
        _fill_up(drive, 96 * 1024)
        try:
            yield widget
        finally:
            worker.wait_idle()
            worker.stop()
            ctx.db.dispose()


def test_back_up_now_on_a_full_drive(page: Any) -> None:
    page.backup_now()
    assert page.ctx.worker.wait_idle()
    (exc,) = page.shown
    assert isinstance(exc, UserError) and "is full" in exc.message and "\n" not in exc.message


def test_usb_copy_to_a_full_or_read_only_stick(
    page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for filler in (tmp_path / "full").glob(
        "filler*"
    ):  # room beside the data file: only the stick is at fault
        filler.unlink()
    with tmpfs(tmp_path / "full-usb", "size=64k") as full, tmpfs(tmp_path / "ro-usb", "size=64k") as ro:
        assert full and ro
        remount_read_only(tmp_path / "ro-usb")
        monkeypatch.setattr(page, "ask_password", lambda label: "")
        for stick in ("full-usb", "ro-usb"):
            monkeypatch.setattr(page, "choose_folder", lambda stick=stick: tmp_path / stick)
            page.backup_to_usb()
            assert page.ctx.worker.wait_idle()
    messages = [e.message for e in page.shown if isinstance(e, UserError)]
    assert len(messages) == 2 == len(page.shown)
    assert "full-usb" in messages[0] and "is full" in messages[0]
    assert "ro-usb" in messages[1] and "read-only" in messages[1]


def test_a_save_that_fails_on_a_full_drive_is_explained(page: Any) -> None:
    """Any job that fails with SQLite's "disk is full" reaches the user as the full-drive sentence."""
    from hoagiai_desktop.domain import models as m

    def save(db: Any) -> None:
        with db.transaction() as s:
            s.add_all(m.Village(code=f"X{i:04d}", name="Thôn " + "mới " * 1000) for i in range(300))

    page.ctx.run(save, on_error=lambda exc: page.ctx.show_error(exc, page))
    assert page.ctx.worker.wait_idle(60_000)
    (exc,) = page.shown
    assert isinstance(exc, UserError) and "drive of the data file" in exc.message and "is full" in exc.message
