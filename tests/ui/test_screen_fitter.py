"""The screen fitter (an event filter on the whole application, ``widgets.fit``) steps aside while a page is built
and shown inside the main window — there is no window to fit then, and every event passing through Python made
the building wait whenever a worker thread ran — and is back at once for the windows that appear afterwards."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout

from hoagiai_desktop.ui.main_window import MainWindow
from hoagiai_desktop.ui.widgets import fit
from tests.ui.conftest import settle


def test_pages_are_built_past_the_fitter_and_a_later_dialog_is_still_fitted(
    demo_db: Any, make_window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    seen: list[Any] = []
    filtering = fit.ScreenFitter.eventFilter

    def counting(self: Any, watched: Any, event: Any) -> bool:
        seen.append(event.type())
        return filtering(self, watched, event)

    # a fitter of this test's own (one made earlier in the session keeps the method it first looked up)
    monkeypatch.setattr(fit.ScreenFitter, "eventFilter", counting)
    monkeypatch.setattr(fit, "_fitter", None)
    fit.install_screen_fitter(app)
    assert fit._fitter is not None
    try:
        _check(demo_db, make_window, qtbot, monkeypatch, seen)
    finally:
        app.removeEventFilter(fit._fitter)


def _check(demo_db: Any, make_window: Any, qtbot: Any, monkeypatch: Any, seen: list[Any]) -> None:
    during: list[int] = []
    building = MainWindow.page

    def page(self: MainWindow, key: str) -> Any:
        before = len(seen)
        built = building(self, key)
        during.append(len(seen) - before)
        return built

    monkeypatch.setattr(MainWindow, "page", page)
    window = make_window(demo_db)
    for key in ("villages", "cases"):
        assert window.show_page(key) is not None
    settle(window)
    assert during == [0, 0]  # two pages built, not one of their events through the fitter
    assert seen  # while the window's own events (painting, layout) still went through it

    dialog = QDialog()
    QVBoxLayout(dialog).addWidget(QLabel("x"))
    dialog.resize(5000, 4000)  # wider and taller than any screen
    dialog.show()
    qtbot.waitExposed(dialog)
    area = fit.available_area(dialog)
    assert dialog.frameGeometry().width() <= area.width() and dialog.frameGeometry().height() <= area.height()
    dialog.close()
