"""The Report tab of the reports page: which report, for which period, with which parameters.

The form combo box (every paper of DOMAIN §5), the statistical form's definition in use and the button importing a
new one, the period (year + kind, or custom dates), the team / case / training event, number, date of issue,
preparer and checker — shown or hidden by the form chosen — and :meth:`ReportFormPart.params`, which reads them
into one typed :class:`~.report_jobs.ReportParams` (or raises a one-sentence ``UserError``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.domain.periods import Period, parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import N_, _
from hoagiai_desktop.reports import definitions
from hoagiai_desktop.reports.render import (
    FORMS,
    PERIODLESS_FORMS,
    TABULAR_FORMS,
    form_label,
)
from hoagiai_desktop.services import common
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.text import nfc
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.options import REPORTS_FOLDER
from hoagiai_desktop.ui.pages.detail import BAD_STYLE, OK_STYLE, WARN_STYLE, MessageStrip
from hoagiai_desktop.ui.pages.report_jobs import (
    Choices,
    ReportParams,
    definition_in_use,
    import_definition_file,
)
from hoagiai_desktop.ui.pages.report_parts import PagePart
from hoagiai_desktop.ui.widgets.fit import ElidingComboBox
from hoagiai_desktop.ui.widgets.forms import DateField

NO_HEADING_FORMS = frozenset({"so-theo-doi"})  # the logbook has a cover, no number or date of issue
SIGNED_BY_PREPARER = frozenset({"thong-ke"})  # forms printing "Người lập biểu" / "Người kiểm tra"
TEAM_FORMS = {"so-theo-doi": True, "danh-sach": False}  # form → a team is required (else optional)
PERIOD_KINDS: tuple[tuple[str, str], ...] = (
    ("H1", N_("Six months (preliminary)")),
    ("Y1", N_("Year, first (preliminary) report")),
    ("year", N_("Year, official")),
    ("custom", N_("Custom dates")),
)


def default_period(today: dt.date) -> tuple[int, str]:
    """The report most likely due: last year's official one until May, the six-month one until October,
    then the first yearly report."""
    if today.month <= 5:
        return today.year - 1, "year"
    return today.year, ("H1" if today.month <= 10 else "Y1")


class ReportFormPart(PagePart):
    """Mixed into :class:`~.reports_page.ReportsPage`: the Report tab and reading it."""

    def _build_settings_tab(self) -> None:
        # at large text the side may be narrower than a report's name: "…" and the whole choice as a tooltip
        self.form_combo = ElidingComboBox()
        self.form_combo.setObjectName("form_combo")
        for form in FORMS:
            self.form_combo.addItem("", form)
        self.form_combo.currentIndexChanged.connect(self._form_changed)

        self.definition_label = QLabel()
        self.definition_label.setObjectName("definition_label")
        self.definition_label.setWordWrap(True)
        self.import_button = self._button("import_definition", self.import_definition)
        self.import_result = MessageStrip()
        self.import_result.setObjectName("import_result")
        self.definition_box = QWidget()
        box = QVBoxLayout(self.definition_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.definition_label)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(self.import_result)

        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("year_spin")
        self.year_spin.setRange(1990, 2100)
        today = common.today()
        year, kind = default_period(today)
        self.year_spin.setValue(year)
        self.kind_combo = ElidingComboBox()
        self.kind_combo.setObjectName("period_kind")
        for code, _label in PERIOD_KINDS:
            self.kind_combo.addItem("", code)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self.period_box = QWidget()
        period_row = QHBoxLayout(self.period_box)
        period_row.setContentsMargins(0, 0, 0, 0)
        period_row.addWidget(self.year_spin)
        period_row.addWidget(self.kind_combo, 1)
        self.date_from = DateField()
        self.date_from.setObjectName("period_from")
        self.date_to = DateField()
        self.date_to.setObjectName("period_to")
        self.custom_box = QWidget()
        custom_row = QHBoxLayout(self.custom_box)
        custom_row.setContentsMargins(0, 0, 0, 0)
        custom_row.addWidget(self.date_from)
        custom_row.addWidget(QLabel("–"))
        custom_row.addWidget(self.date_to)
        custom_row.addStretch(1)
        self.year_spin.valueChanged.connect(self._period_changed)
        self.kind_combo.currentIndexChanged.connect(self._period_changed)
        self.date_from.editingFinished.connect(self._period_changed)
        self.date_to.editingFinished.connect(self._period_changed)

        self.team_combo = ElidingComboBox()
        self.team_combo.setObjectName("team_combo")
        self.case_combo = ElidingComboBox()
        self.case_combo.setObjectName("case_combo")
        self.event_combo = ElidingComboBox()
        self.event_combo.setObjectName("event_combo")
        for combo in (self.team_combo, self.case_combo, self.event_combo):
            combo.setMinimumContentsLength(20)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(self._parameters_changed)
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("number_edit")
        self.number_edit.setMaximumWidth(120)
        self.issued_edit = DateField()
        self.issued_edit.setObjectName("issued_edit")
        self.issued_edit.set_value(today)
        self.preparer_edit = QLineEdit()
        self.preparer_edit.setObjectName("preparer_edit")
        self.checker_edit = QLineEdit()
        self.checker_edit.setObjectName("checker_edit")

        self.form_layout = QFormLayout()
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # large text on a small screen: a field goes under its label rather than being squeezed and cut
        self.form_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.labels: dict[str, QLabel] = {}
        for key, widget in (
            ("form", self.form_combo),
            ("definition", self.definition_box),
            ("period", self.period_box),
            ("custom", self.custom_box),
            ("team", self.team_combo),
            ("case", self.case_combo),
            ("event", self.event_combo),
            ("number", self.number_edit),
            ("issued", self.issued_edit),
            ("preparer", self.preparer_edit),
            ("checker", self.checker_edit),
        ):
            label = self._row_label(self.kind_combo if key == "period" else widget)
            self.labels[key] = label
            if key == "definition":
                # the widest row (the definition sentence and its import button): label above, box across,
                # so at 200 % text the button is not squeezed beside a long label
                self.form_layout.addRow(label)
                self.form_layout.addRow(widget)
            else:
                self.form_layout.addRow(label, widget)
        self.settings_form = settings = QWidget()
        settings.setLayout(self.form_layout)
        self.settings_scroll = QScrollArea()
        self.settings_scroll.setWidgetResizable(True)
        self.settings_scroll.setWidget(settings)

    def settings_width(self) -> int:
        """How wide the Report tab wants to be: its fields as wide as their texts (report names in the combo
        boxes), plus the scroll area's and the tab's frames and room for a vertical scroll bar."""
        content = self.settings_form.sizeHint().width()
        scroll_bar = self.settings_scroll.verticalScrollBar().sizeHint().width()
        frames = 2 * self.settings_scroll.frameWidth() + (self.tabs.width() - self.settings_scroll.width())
        return content + scroll_bar + max(frames, 0)

    def _retranslate_form(self) -> None:
        for i in range(self.form_combo.count()):
            form = str(self.form_combo.itemData(i))
            self.form_combo.setItemText(i, form_label(form))
            self.form_combo.setItemData(i, form, Qt.ItemDataRole.ToolTipRole)
        for i, (_code, text) in enumerate(PERIOD_KINDS):
            self.kind_combo.setItemText(i, _(text))
        texts = {
            "form": _("Report"),
            "definition": _("Form layout"),
            "period": _("Period"),
            "custom": _("From – to"),
            "team": _("Team"),
            "case": _("Case"),
            "event": _("Training event"),
            "number": _("Number (Số)"),
            "issued": _("Date of issue"),
            "preparer": _("Prepared by"),
            "checker": _("Checked by"),
        }
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.year_spin.setAccessibleName(_("Year"))
        self.number_edit.setPlaceholderText(_("e.g. 15"))
        self.import_button.setText(_("Import a form definition…"))
        self.import_button.setToolTip(
            _("Add the layout of a new statistical form from a definition file (.json)")
        )

    # -- reading the parameters ---------------------------------------------------------------------------------

    def current_form(self) -> str:
        return str(self.form_combo.currentData())

    def period_code(self) -> str:
        """The period chosen, as a code of ``parse_period``; a wrong one raises a UserError (one sentence)."""
        kind = self.kind_combo.currentData()
        year = self.year_spin.value()
        if kind == "custom":
            try:
                start, end = self.date_from.value(), self.date_to.value()
            except ValueError:
                raise UserError(
                    _("Type the dates of the period as day/month/year, for example 01/01/2026.")
                ) from None
            if start is None or end is None:
                raise UserError(_("Type the first and the last day of the period."))
            code = f"{start.isoformat()}:{end.isoformat()}"
        else:
            code = {"H1": f"{year}-H1", "Y1": f"{year}-Y1"}.get(str(kind), str(year))
        return parse_period(code, self.choices.regime).code

    def current_period(self) -> Period | None:
        try:
            return parse_period(self.period_code(), self.choices.regime)
        except UserError:
            return None

    def params(self) -> ReportParams:
        form = self.current_form()
        period = None if form in PERIODLESS_FORMS else self.period_code()
        team = case = event = None
        if form in TEAM_FORMS:
            team = self.team_combo.currentData()
            if TEAM_FORMS[form] and not team:
                raise UserError(_("Choose the team whose logbook to print."))
        if form == "van-ban-hgt":
            case = self.case_combo.currentData()
            if not case:
                raise UserError(_("Choose the successful case whose record to print."))
        if form == "tap-huan":
            event = self.event_combo.currentData()
            if not event:
                raise UserError(_("Choose the training event to print."))
        try:
            issued = self.issued_edit.value()
        except ValueError:
            raise UserError(_("Type the date of issue as day/month/year, for example 05/03/2026.")) from None
        narrative = {}
        if form == "bao-cao":
            narrative = {k: nfc(e.toPlainText()).strip() for k, e in self.narrative_edits.items()}
            narrative = {k: v for k, v in narrative.items() if v}
        return ReportParams(
            form=form,
            period=period,
            team_code=team,
            case_code=case,
            event_code=event,
            estimates=self.estimate_overrides(form),
            narrative=narrative,
            number=nfc(self.number_edit.text()) or None,
            issued_on=issued,
            preparer=nfc(self.preparer_edit.text()) or None,
            checker=nfc(self.checker_edit.text()) or None,
            regime=self.choices.regime,
        )

    # -- reacting to choices -----------------------------------------------------------------------------------

    def _form_changed(self) -> None:
        form = self.current_form()
        has_period = form not in PERIODLESS_FORMS
        custom = self.kind_combo.currentData() == "custom"
        for widget, visible in (
            (self.definition_box, form in definitions.DATA_FORMS),
            (self.period_box, has_period),
            (self.custom_box, has_period and custom),
            (self.team_combo, form in TEAM_FORMS),
            (self.case_combo, form == "van-ban-hgt"),
            (self.event_combo, form == "tap-huan"),
            (self.number_edit, form not in NO_HEADING_FORMS),
            (
                self.issued_edit,
                form not in NO_HEADING_FORMS and form != "van-ban-hgt",
            ),  # dated by the agreement
            (self.preparer_edit, form in SIGNED_BY_PREPARER),
            (self.checker_edit, form in SIGNED_BY_PREPARER),
        ):
            self.form_layout.setRowVisible(widget, visible)
        self.form_layout.setRowVisible(
            self.labels["definition"], form in definitions.DATA_FORMS
        )  # its own row
        self.tabs.setTabEnabled(self.NARRATIVE, form == "bao-cao")
        self.save_xlsx_button.setEnabled(form in TABULAR_FORMS)
        self.estimate_row_label.setVisible(form == "thong-ke")
        self.estimate_row_combo.setVisible(form == "thong-ke")
        self._fill_team_combo()
        self._parameters_changed()
        self._reload_definition()
        self._reload_estimates()

    def _period_changed(self) -> None:
        self.form_layout.setRowVisible(
            self.custom_box,
            self.current_form() not in PERIODLESS_FORMS and self.kind_combo.currentData() == "custom",
        )
        self.overrides.clear()  # own figures belong to one period
        self._load_narrative()
        self._parameters_changed()
        self._reload_definition()
        self._reload_estimates()

    def _parameters_changed(self) -> None:
        if self._filling:
            return
        self.shown_finalised = None

    # -- combos ------------------------------------------------------------------------------------------------

    def _choices_loaded(self, choices: Choices) -> None:
        regime_changed = choices.regime != self.choices.regime
        self.choices = choices
        self._fill_combos()
        if regime_changed:  # the same code may now cover other dates, with or without estimates
            self._reload_estimates()

    def _fill_combos(self) -> None:
        self._fill_team_combo()
        self._fill(self.case_combo, self.choices.cases, _("— choose a successful case —"))
        self._fill(self.event_combo, self.choices.events, _("— choose a training event —"))
        self._fill(self.estimate_row_combo, self.choices.teams, _("Commune total"), reload_estimates=True)

    def _fill_team_combo(self) -> None:
        required = TEAM_FORMS.get(self.current_form(), False)
        self._fill(
            self.team_combo, self.choices.teams, _("— choose a team —") if required else _("All teams")
        )

    def _fill(
        self, combo: QComboBox, items: list[tuple[str, str]], empty: str, *, reload_estimates: bool = False
    ) -> None:
        current = combo.currentData()
        self._filling = True
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(empty, None)
        for code, label in items:
            combo.addItem(label, code)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        combo.setToolTip(combo.currentText())
        self._filling = False
        if reload_estimates and combo.currentData() != current:
            self._reload_estimates()

    # -- form definition (statistical form) ----------------------------------------------------------------------

    def _reload_definition(self) -> None:
        if self._definition_job is not None:
            self._definition_job.cancel()
            self._definition_job = None
        if self.current_form() not in definitions.DATA_FORMS:
            return
        try:
            period = self.period_code()
        except UserError as exc:
            self.definition_label.setText(str(exc))
            return
        self._definition_job = self.ctx.run(
            definition_in_use, period, on_done=self._definition_loaded, on_error=self._definition_failed
        )

    def _definition_loaded(self, defn: definitions.FormDef) -> None:
        self._definition_job = None
        if defn.reference:
            self.definition_label.setText(
                _("Reference layout (Mẫu tham khảo): {name}").format(name=defn.name)
            )
            self.definition_label.setStyleSheet(WARN_STYLE)
            self.definition_label.setToolTip(defn.reference_note)
        else:
            source = _("built-in") if defn.source == "shipped" else _("imported")
            self.definition_label.setText(
                _("Form definition {version} ({source}): {name}").format(
                    version=defn.version, source=source, name=defn.name
                )
            )
            self.definition_label.setStyleSheet("")
            self.definition_label.setToolTip(defn.legal_basis)

    def _definition_failed(self, exc: BaseException) -> None:
        self._definition_job = None
        if not isinstance(exc, UserError):
            self.ctx.show_error(exc, self)
            return
        self.definition_label.setText(str(exc))
        self.definition_label.setStyleSheet(BAD_STYLE)

    def import_definition(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Import a form definition"), str(self._start_folder()), _("Form definition (*.json)")
        )
        if not chosen:
            return
        REPORTS_FOLDER.set(self.ctx.settings, str(Path(chosen).parent))
        run_op(
            self.ctx,
            import_definition_file,
            Path(chosen),
            changes=Changes(report=True),
            on_done=self._definition_imported,
            on_error=self._import_failed,
        )

    def _definition_imported(self, defn: definitions.FormDef) -> None:
        self.import_result.show_lines(
            [
                _("Imported the definition {version} of the form {form}, valid from {start}.").format(
                    version=defn.version, form=defn.form_id, start=defn.valid_from.strftime("%d/%m/%Y")
                )
            ],
            OK_STYLE,
        )
        self._reload_definition()

    def _import_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            self.ctx.show_error(exc, self)
            return
        self.import_result.show_lines([str(exc)], BAD_STYLE)
