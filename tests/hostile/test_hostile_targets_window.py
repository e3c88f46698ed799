"""The window says the same sentence as the command line when the target cannot take the file: the import
page's "Save the empty template" and a list's "Export to Excel", onto a real read-only and a real full drive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from hoagiai_desktop import i18n
from hoagiai_desktop.output import TargetError
from hoagiai_desktop.ui import appearance
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.list_export import export_rows_dialog
from hoagiai_desktop.ui.pages.import_page import ImportPage
from hoagiai_desktop.ui.worker import DbWorker
from tests.hostile.conftest import tmpfs
from tests.hostile.data_files import one_sentence


@pytest.fixture(autouse=True)
def _english() -> None:
    i18n.set_language("en")


@pytest.fixture
def ctx(db: Any, qapp: QApplication) -> Iterator[UiContext]:
    worker = DbWorker(db)
    context = UiContext(db, worker, appearance.open_settings())
    yield context
    worker.wait_idle()
    worker.stop()


@pytest.fixture
def drives(tmp_path: Path) -> Iterator[dict[str, Path]]:
    full, ro = tmp_path / "full", tmp_path / "ro"
    with tmpfs(full, "size=8k") as a, tmpfs(ro, "ro,size=64k") as b:
        if not (a and b):
            pytest.skip("full and read-only drives need tmpfs mounts (root on Linux); not possible here")
        (full / "filler").write_bytes(b"x" * 4096)
        yield {"is full": full, "is read-only": ro}


def _shown(ctx: UiContext, monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    shown: list[BaseException] = []
    monkeypatch.setattr(ctx, "show_error", lambda exc, parent=None: shown.append(exc))
    return shown


@pytest.mark.parametrize("kind", ["is full", "is read-only"])
def test_template_from_the_import_page(
    kind: str, ctx: UiContext, drives: dict[str, Path], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = ImportPage(ctx)
    qtbot.addWidget(page)
    target = drives[kind] / "mau.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown = _shown(ctx, monkeypatch)
    page.save_template()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert isinstance(shown[0], TargetError)
    assert kind in str(shown[0]) and one_sentence(str(shown[0]))
    assert not target.exists()


@pytest.mark.parametrize("kind", ["is full", "is read-only"])
def test_list_export(
    kind: str, ctx: UiContext, drives: dict[str, Path], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = drives[kind] / "danh-sach.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown = _shown(ctx, monkeypatch)
    export_rows_dialog(ctx, None, "Thôn", ["Mã", "Tên"], lambda db: [["T01", "Thôn Đông"]] * 300)
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert isinstance(shown[0], TargetError)
    assert kind in str(shown[0]) and one_sentence(str(shown[0]))
    assert not target.exists()
