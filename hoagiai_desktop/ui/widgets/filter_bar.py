"""A row of labelled combo boxes used to filter a list; the first entry of each is "All"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from hoagiai_desktop.i18n import _

Options = Sequence[tuple[Callable[[], str] | str, Any]]


class FilterBar(QWidget):
    """``add(key, label, options)``; options are (label or label-function, value); "All" means value None.

    Label functions are called again in :meth:`retranslate`, so filters follow the UI language.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, per_row: int = 2) -> None:
        super().__init__(parent)
        self.per_row = per_row
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._combos: dict[str, QComboBox] = {}
        self._labels: dict[str, tuple[QLabel, Callable[[], str]]] = {}
        self._options: dict[str, list[tuple[Callable[[], str] | str, Any]]] = {}

    def add(self, key: str, label: Callable[[], str], options: Options) -> QComboBox:
        text = QLabel(label())
        combo = QComboBox()
        combo.setObjectName(f"filter_{key}")
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.setAccessibleName(label())
        text.setBuddy(combo)
        self._labels[key] = (text, label)
        self._combos[key] = combo
        self._options[key] = list(options)
        self._fill(key)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        n = len(self._combos) - 1
        row, col = divmod(n, self.per_row)
        self._layout.addWidget(text, row, col * 2, Qt.AlignmentFlag.AlignRight)
        self._layout.addWidget(combo, row, col * 2 + 1)
        self._layout.setColumnStretch(col * 2 + 1, 1)
        return combo

    def set_options(self, key: str, options: Options) -> None:
        """Replace a filter's choices (e.g. the village list after it loads), keeping the selection if possible."""
        current = self.value(key)
        self._options[key] = list(options)
        combo = self._combos[key]
        combo.blockSignals(True)
        self._fill(key)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        if self.value(key) != current:
            self.changed.emit()

    def _fill(self, key: str) -> None:
        combo = self._combos[key]
        combo.clear()
        combo.addItem(_("All"), None)
        for label, value in self._options[key]:
            combo.addItem(label() if callable(label) else label, value)

    def combo(self, key: str) -> QComboBox:
        return self._combos[key]

    def value(self, key: str) -> Any:
        return self._combos[key].currentData()

    def set_value(self, key: str, value: Any) -> None:
        combo = self._combos[key]
        combo.setCurrentIndex(max(combo.findData(value), 0) if value is not None else 0)

    def values(self) -> dict[str, Any]:
        return {key: combo.currentData() for key, combo in self._combos.items()}

    def retranslate(self) -> None:
        for key, (label, fn) in self._labels.items():
            label.setText(fn())
            combo = self._combos[key]
            combo.setAccessibleName(fn())
            index = combo.currentIndex()
            combo.blockSignals(True)
            self._fill(key)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)
