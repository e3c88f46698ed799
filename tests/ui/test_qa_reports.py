"""QA findings on the report preview."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QImage


def test_zoom_label_gives_a_percentage_and_fit_is_pressable_only_when_not_fitted(qtbot: Any) -> None:
    from hoagiai_desktop.ui.pages.report_preview import PREVIEW_DPI, SCREEN_DPI, PreviewPane

    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.resize(900, 700)
    pane.show()
    image = QImage(round(8.27 * PREVIEW_DPI), round(11.69 * PREVIEW_DPI), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    pane.page_count = 1
    pane.images[0] = image
    pane.zoom = None  # fitted to the width
    pane._display()
    shown = pane.image_label.pixmap().width()
    natural = image.width() * SCREEN_DPI / PREVIEW_DPI
    # the label said "fit width" next to a "Fit width" button; now it gives the scale actually shown
    assert pane.zoom_label.text() == f"{round(100 * shown / natural)} %"
    assert not pane.fit_button.isEnabled()
    pane.zoom_in()
    assert pane.zoom is not None
    assert pane.zoom_label.text() == f"{round(pane.zoom * 100)} %"
    assert pane.fit_button.isEnabled()
    pane.fit_width()
    assert pane.zoom is None and not pane.fit_button.isEnabled()
