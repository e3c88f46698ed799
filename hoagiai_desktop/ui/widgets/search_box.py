"""A search field that reports what was typed ~150 ms after typing stops (and at once on Enter)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from hoagiai_desktop.i18n import _
from hoagiai_desktop.text import nfc

DEBOUNCE_MS = 150


class SearchBox(QLineEdit):
    """``search_changed(text)`` carries the NFC-normalised text; Esc clears the field."""

    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, delay_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self._last = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self.textEdited.connect(lambda _text: self._timer.start())
        self.textChanged.connect(lambda _text: self._timer.start())
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(_("Search (Ctrl+F) — accents not needed"))

    def flush(self) -> None:
        """Emit now if the text changed since the last emission."""
        self._timer.stop()
        text = nfc(self.text())
        if text != self._last:
            self._last = text
            self.search_changed.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.flush()
            event.accept()
            return
        super().keyPressEvent(event)
