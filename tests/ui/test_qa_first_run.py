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


def test_a_kind_word_typed_into_the_name_is_shown_as_it_will_be_saved(qtbot: Any) -> None:
    """ "Xã Tân Hòa" typed as the name becomes "Tân Hòa" with the kind Xã chosen; "Tỉnh …" leaves the province."""
    from hoagiai_desktop.domain.enums import UnitKind
    from hoagiai_desktop.ui.first_run import FirstRunDialog

    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    form = dialog.form
    for typed, bare, kind in (("Phường Ba Đình", "Ba Đình", UnitKind.PHUONG), ("Xã Tân Hòa", "Tân Hòa", UnitKind.XA),
                              ("Xuân Phương", "Xuân Phương", UnitKind.XA)):  # fmt: skip
        form.name.setText(typed)
        form.name.editingFinished.emit()
        assert (form.name.text(), form.kind.currentData()) == (bare, kind)
    form.province.setText("Tỉnh Thái Nguyên")
    form.province.editingFinished.emit()
    assert form.province.text() == "Thái Nguyên"
    value = form.value()
    assert (value.name, value.kind, value.province) == ("Xuân Phương", UnitKind.XA, "Thái Nguyên")
