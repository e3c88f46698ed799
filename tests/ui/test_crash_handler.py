"""The global exception handler: an error raised in a button handler or a thread is logged with its traceback and
shown as one sentence naming the log file — never a traceback, never silence."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from hoagiai_desktop.ui import crash


@pytest.fixture
def handler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Path, list[QMessageBox]]]:
    log_path = tmp_path / "logs" / "hoagiai.log"
    log_path.parent.mkdir()
    file_handler = logging.FileHandler(log_path, encoding="utf-8")
    root = logging.getLogger()
    root.addHandler(file_handler)
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    relay = crash.install(qt_messages=False)
    try:
        yield relay, log_path, boxes
    finally:
        crash.uninstall()
        root.removeHandler(file_handler)
        file_handler.close()


def test_an_error_in_a_button_handler_is_logged_and_said(handler: Any, qtbot: Any) -> None:
    relay, log_path, boxes = handler
    assert relay.shown == []
    assert sys.excepthook is crash.handle
    button = QPushButton("Lưu")
    qtbot.addWidget(button)

    def broken() -> None:
        raise ZeroDivisionError("chia cho không")

    button.clicked.connect(broken)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # PySide hands the slot's error to sys.excepthook
    qtbot.waitUntil(lambda: bool(boxes))
    box = boxes[0]
    assert box.objectName() == "crash_box"
    assert str(log_path) in box.text()  # the sentence says where the log file is
    assert "Traceback" not in box.text() and not box.detailedText()  # never a traceback to the officer
    assert "ZeroDivisionError" in log_path.read_text(encoding="utf-8")


def test_an_error_in_a_thread_reaches_the_window(handler: Any, qtbot: Any) -> None:
    relay, log_path, boxes = handler

    def work() -> None:
        raise RuntimeError("hỏng trong luồng")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(boxes))  # carried to the GUI thread, then shown
    assert str(log_path) in boxes[0].text()
    text = log_path.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "Traceback" in text
    assert len(relay.shown) == 1
