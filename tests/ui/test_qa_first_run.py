"""QA findings on the first-run form."""

from __future__ import annotations

from typing import Any


def test_first_run_fields_are_wider_than_their_labels(qtbot: Any) -> None:
    from hoagiai_desktop.ui.first_run import FirstRunDialog

    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    name = dialog.form.name
    # Vietnamese commune and province names ("Thành phố Hồ Chí Minh", "Tiên Phong, huyện ...") fit in the field.
    assert name.width() >= name.fontMetrics().horizontalAdvance("Thành phố Hồ Chí Minh, tỉnh Tuyên Quang")
    assert dialog.form.province.width() > dialog.width() / 2
