"""The reports page says the same sentence as ``hoagiai report`` when the PDF or its workbook cannot be saved:
a real read-only drive and a real full drive (tmpfs), and the page keeps working afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from hoagiai_desktop.ui.pages.reports_page import ReportsPage
from tests.hostile.conftest import tmpfs
from tests.ui.test_reports_page import (  # the page, its demo data and its helpers, as the page's own tests use them
    TIMEOUT,
    choose,
    ctx,
    demo,
    demo_master,
    english,
    message,
    page,
)

__all__ = ["ctx", "demo", "demo_master", "english", "page"]  # fixtures, used by name


@pytest.fixture
def drives(tmp_path: Path) -> Iterator[dict[str, Path]]:
    full, ro = tmp_path / "full", tmp_path / "ro"
    with tmpfs(full, "size=8k") as a, tmpfs(ro, "ro,size=64k") as b:
        if not (a and b):
            pytest.skip("full and read-only drives need tmpfs mounts (root on Linux); not possible here")
        (full / "filler").write_bytes(b"x" * 4096)
        yield {"is full": full, "is read-only": ro}


@pytest.mark.parametrize("kind", ["is full", "is read-only"])
@pytest.mark.parametrize("what", ["pdf", "xlsx"])
def test_report_to_a_drive_that_cannot_take_it(
    kind: str,
    what: str,
    qtbot: Any,
    page: ReportsPage,
    drives: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = drives[kind] / f"bao-cao.{what}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    choose(page, "thong-ke", 2025, "year")
    page.number_edit.setText("15")
    (page.save_pdf_button if what == "pdf" else page.save_xlsx_button).click()
    qtbot.waitUntil(lambda: kind in " ".join(message(page)), timeout=TIMEOUT)
    shown = " ".join(message(page))
    assert f"so bao-cao.{what} was not saved" in shown and "Traceback" not in shown
    assert not target.exists()
