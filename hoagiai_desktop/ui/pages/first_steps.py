"""The "first steps" view a new, empty data file opens on (in place of a dashboard of zeros).

It says what to do first, in the order the register needs it — villages, then teams, then mediators — with a button
for each that opens that page on a new record, and the two shortcuts: import a workbook the commune already has, or
load the made-up sample commune to try the app (only while the file is wholly empty). Each step shows how many
records it has, so the officer sees the way forward; the dashboard returns as soon as the register has all three.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from hoagiai_desktop.i18n import _, ngettext
from hoagiai_desktop.services.overview import RegisterCounts

STEPS = ("villages", "teams", "mediators")


class FirstStepsPanel(QWidget):
    """Asks the window (``open_page``) to go to a page, optionally on a new record; ``load_demo`` for sample data."""

    open_page = Signal(str, bool)  # page key, start a new record there
    load_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_steps")
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.step_labels: dict[str, QLabel] = {}
        self.step_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for row, key in enumerate(STEPS):
            label = QLabel()  # short: one line, the button right beside it
            button = QPushButton()
            button.setObjectName(f"first_{key}")
            button.clicked.connect(lambda _c=False, key=key: self.open_page.emit(key, True))
            grid.addWidget(label, row, 0)
            grid.addWidget(button, row, 1)
            self.step_labels[key] = label
            self.step_buttons[key] = button
        grid.setColumnStretch(2, 1)  # each button right beside its step, the rest of the width empty
        self.or_label = QLabel()
        self.or_label.setWordWrap(True)
        self.import_button = QPushButton()
        self.import_button.setObjectName("first_import")
        self.import_button.clicked.connect(lambda: self.open_page.emit("import", False))
        self.demo_button = QPushButton()
        self.demo_button.setObjectName("first_demo")
        self.demo_button.clicked.connect(self._ask_demo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(grid)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.or_label)
        for button in (self.import_button, self.demo_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.counts = RegisterCounts(0, 0, 0, 0, demo_possible=False)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("First steps"))
        self.intro.setText(
            _(
                "This data file has no register yet. Set it up in this order: the villages and residential groups, "
                "then their mediation teams, then the mediators (recognised into a team). Cases can then be "
                "entered."
            )
        )
        self.step_buttons["villages"].setText(_("Add a village…"))
        self.step_buttons["teams"].setText(_("Add a team…"))
        self.step_buttons["mediators"].setText(_("Add a mediator…"))
        self.or_label.setText(_("Or, if the commune already keeps its register in an Excel workbook:"))
        self.import_button.setText(_("Import a workbook…"))
        self.demo_button.setText(_("Load sample data to try the app…"))
        self.show_counts(self.counts)

    def show_counts(self, counts: RegisterCounts) -> None:
        self.counts = counts
        texts = {
            "villages": ngettext(
                "1. Villages: {n} entered", "1. Villages: {n} entered", counts.villages
            ).format(n=counts.villages),
            "teams": ngettext("2. Teams: {n} entered", "2. Teams: {n} entered", counts.teams).format(
                n=counts.teams
            ),
            "mediators": ngettext(
                "3. Mediators: {n} entered", "3. Mediators: {n} entered", counts.mediators
            ).format(n=counts.mediators),
        }
        done = {"villages": counts.villages, "teams": counts.teams, "mediators": counts.mediators}
        for key in STEPS:
            self.step_labels[key].setText(("✓ " if done[key] else "") + texts[key])
        # a team needs a village, and a mediator is recognised into a team: the next step is the one to press
        self.step_buttons["teams"].setEnabled(bool(counts.villages))
        self.step_buttons["mediators"].setEnabled(bool(counts.teams))
        self.demo_button.setVisible(counts.demo_possible)

    def _ask_demo(self) -> None:
        if self.confirm_demo():
            self.load_demo.emit()

    def confirm_demo(self) -> bool:
        """Separate so tests can answer it; No is the default (the sample is a made-up commune)."""
        answer = QMessageBox.question(
            self,
            _("Sample data"),
            _(
                "Fill this data file with a made-up commune to try the app? Keep the real register in a "
                "separate data file."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
