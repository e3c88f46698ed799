"""Regression guard: PySide6 6.12.0 on CPython 3.11 leaked references to None until the process aborted.

pyproject.toml pins PySide6 below 6.12 for that reason; this test fails if an upgrade brings the bug back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QWidget


def test_void_qt_calls_do_not_drop_references_to_none(qapp: QApplication) -> None:
    widget = QWidget()
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.repaint()
        qapp.processEvents()
    assert sys.getrefcount(None) - before > -100
