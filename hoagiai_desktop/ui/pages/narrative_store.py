"""The reports page's narrative paragraphs, read from and written to the data file (``services.narrative``).

Typing is saved shortly after the officer stops (one small transaction on the database worker, never on the GUI
thread), and at once before another period is shown or the page is hidden. Paragraphs an older version left in the
user's QSettings (``reports/narrative/<period>/<section>``) are handed to the data file once and then removed there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from hoagiai_desktop.services import narrative
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.options import OLD_NARRATIVE_DRAFTS

SAVE_AFTER_MS = 600


class NarrativeStore(QObject):
    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._pending: dict[str, dict[str, str]] = {}  # period code → section → text not yet written
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_AFTER_MS)
        self._timer.timeout.connect(self.flush)
        self.adopt_old_drafts()

    def adopt_old_drafts(self) -> None:
        """Move the drafts of the old per-computer place into this data file, once, then remove them there."""
        if self.ctx.db.read_only:
            return
        settings = self.ctx.settings
        settings.beginGroup(OLD_NARRATIVE_DRAFTS)  # per computer, outside backups: moved
        keys = settings.allKeys()
        drafts = {}
        for key in keys:
            period, _sep, section = key.rpartition("/")
            value = settings.value(key)
            if period and value:  # the old keys had ":" of a custom period written as "_"
                drafts[(period.replace("_", ":"), section)] = str(value)
        settings.endGroup()
        if not keys:
            return

        def done(_taken: int) -> None:
            settings.remove(OLD_NARRATIVE_DRAFTS)  # only once the data file holds them

        self.ctx.run(narrative.adopt, drafts, on_done=done)

    def load(self, period_code: str, fill: Callable[[dict[str, str]], None]) -> None:
        """Fill the page with the period's paragraphs (pending edits are written first)."""
        self.flush()
        self._generation += 1
        generation = self._generation

        def arrived(texts: dict[str, str]) -> None:
            if generation == self._generation:
                fill(texts)

        self.ctx.run(narrative.get_narrative, period_code, on_done=arrived)

    def edited(self, period_code: str, section: str, text: str) -> None:
        self._pending.setdefault(period_code, {})[section] = text
        self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        pending, self._pending = self._pending, {}
        if self.ctx.db.read_only:
            return
        for period_code, texts in pending.items():
            self.ctx.run(narrative.save_narrative, period_code, texts)
