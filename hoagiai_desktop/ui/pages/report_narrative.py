"""The Narrative tab of the reports page: the officer's own paragraphs of the narrative report (bao-cao).

One box per section of the report; the paragraphs are a draft per period kept in the data file
(:class:`~.narrative_store.NarrativeStore`), so backups carry them and they survive a restart.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.i18n import _
from hoagiai_desktop.reports.bao_cao import SECTIONS
from hoagiai_desktop.ui.pages.report_parts import PagePart


class ReportNarrativePart(PagePart):
    """Mixed into :class:`~.reports_page.ReportsPage`: the Narrative tab."""

    def _build_narrative_tab(self) -> None:
        self.narrative_note = QLabel()
        self.narrative_note.setWordWrap(True)
        self.narrative_edits: dict[str, QPlainTextEdit] = {}
        self.narrative_labels: dict[str, QLabel] = {}
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.addWidget(self.narrative_note)
        for key in SECTIONS:
            edit = QPlainTextEdit()
            edit.setObjectName(f"narrative_{key}")
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(90)
            edit.textChanged.connect(lambda key=key: self._narrative_edited(key))
            label = QLabel()
            label.setBuddy(edit)
            self.narrative_edits[key] = edit
            self.narrative_labels[key] = label
            layout.addWidget(label)
            layout.addWidget(edit)
        layout.addStretch(1)
        self.narrative_scroll = QScrollArea()
        self.narrative_scroll.setWidgetResizable(True)
        self.narrative_scroll.setWidget(holder)

    def _retranslate_narrative(self) -> None:
        self.narrative_note.setText(
            _(
                "Your own paragraphs for the narrative report; the figures are filled in by the app. "
                "An empty box leaves a dotted line to write on."
            )  # fmt: skip
        )
        for key, label in self.narrative_labels.items():
            label.setText(_(SECTIONS[key]))

    # -- the narrative paragraphs: a draft per period, kept in the data file (so backups carry them) --

    def _load_narrative(self) -> None:
        period = self.current_period()
        self._fill_narrative({})
        if period is not None:
            self.narrative_store.load(period.code, self._fill_narrative)

    def _fill_narrative(self, texts: dict[str, str]) -> None:
        self._loading_narrative = True
        for section, edit in self.narrative_edits.items():
            edit.setPlainText(texts.get(section, ""))
        self._loading_narrative = False

    def _narrative_edited(self, section: str) -> None:
        period = self.current_period()
        if self._loading_narrative or period is None:
            return
        self.narrative_store.edited(period.code, section, self.narrative_edits[section].toPlainText())
        self.shown_finalised = None
