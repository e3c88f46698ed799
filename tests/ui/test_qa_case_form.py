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
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.intake.form.widget("code"))
    # the first keystrokes land in the first field (they went to "Add a party", then to the team box)
    qtbot.keyClicks(QApplication.focusWidget(), "VV-77")
    assert form.intake.form.widget("code").text() == "VV-77"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter moves on
    assert QApplication.focusWidget() is form.intake.form.widget("team_id")
    form.intake.form.widget("code").clear()
    form.intake.form.dirty = False  # closing must not ask about the typed code
    form.reject()
    QApplication.processEvents()
