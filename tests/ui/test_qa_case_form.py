"""QA findings on the case form, through the real window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import settle


def test_a_new_case_opens_with_the_cursor_in_the_form(demo_db: Any, make_window: Any, qtbot: Any) -> None:
    window = make_window(demo_db)
    window.show_page("cases")
    settle(window)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # "Vụ việc mới (Ctrl+N)"
    settle(window)
    page = window.pages["cases"]
    assert len(page.forms) == 1
    form = page.forms[0]
    qtbot.waitExposed(form)
    team = form.intake.widget("team_id")
    # the focus was on the "Add a party" button: an officer who started typing typed into nothing
    assert form.focusWidget() is team
    form.reject()
    QApplication.processEvents()
