"""Cài đặt: the unit and its signers (printed on reports), plan targets, and how the window looks on this PC.

Unit and targets belong to the data (database, through ``services.unit`` / ``services.targets``); language, text
size and high contrast belong to the PC (QSettings) and take effect at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop import i18n
from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.domain.unit_names import bare_province, split_commune
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import reporting, targets, unit, unit_keys
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.ui.appearance import apply_appearance
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.options import HIGH_CONTRAST, LANGUAGE, TEXT_SCALE
from hoagiai_desktop.ui.pages.base import Page
from hoagiai_desktop.ui.pages.detail import BAD_STYLE, OK_STYLE, MessageStrip
from hoagiai_desktop.ui.widgets.forms import RecordForm, enum_combo, set_combo_value, text_value


def _refresh_form_labels() -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        for widget in app.topLevelWidgets():
            for form in widget.findChildren(RecordForm):
                form.refresh_label_widths()


class UnitForm(RecordForm):
    """The unit's fields (also used by the first-run dialog)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.province_file = False  # see set_province_file: the labels then name the Sở Tư pháp's signers
        self.province = self.add("province", lambda: _("Province / city"), QLineEdit(), required=True)
        self.name = self.add(
            "name",
            lambda: _("Province name") if self.province_file else _("Commune name (without “xã”/“phường”)"),
            QLineEdit(),
            required=True,
        )
        self.kind = self.add("kind", lambda: _("Kind of commune"), enum_combo(UnitKind))
        # The code identifies the commune in its report packages to the province (DOMAIN §8).
        self.code = self.add("code", lambda: _("Administrative unit code"), QLineEdit())
        self.place_name = self.add("place_name", lambda: _("Place name on documents"), QLineEdit())
        pick = self._pick
        self.chairman = self.add(
            "chairman_name", pick(lambda: _("Director"), lambda: _("Chairman")), QLineEdit()
        )
        self.vice = self.add(
            "vice_chairman_name", pick(lambda: _("Deputy director"), lambda: _("Vice-chairman")), QLineEdit()
        )
        self.signer_is_vice = self.add(
            "signer_is_vice",
            pick(lambda: _("Deputy director signs papers"), lambda: _("Vice-chairman signs reports")),
            QCheckBox(),
        )
        self.officer = self.add(
            "justice_officer_name",
            pick(lambda: _("Officer in charge"), lambda: _("Justice officer")),
            QLineEdit(),
        )
        self.phone = self.add("phone", lambda: _("Phone"), QLineEdit())
        self.name.editingFinished.connect(self._recognise_kind)
        self.province.editingFinished.connect(self._recognise_province)

    def _pick(self, province: Callable[[], str], commune: Callable[[], str]) -> Callable[[], str]:
        """A label that names the Sở Tư pháp's signer on a province's file, the commune's otherwise."""
        return lambda: province() if self.province_file else commune()

    def set_province_file(self, province_file: bool) -> None:
        """On a province's data file the unit is the Sở Tư pháp: its director and deputy sign the papers, and its
        kind stays Tỉnh (DOMAIN §8)."""
        self.province_file = province_file
        self.kind.setEnabled(not province_file)
        self.retranslate()

    def _recognise_kind(self) -> None:
        """ "Xã Tân Hòa" typed as the name: show "Tân Hòa" and choose Xã, as it will be saved (DOMAIN §5)."""
        bare, kind = split_commune(self.name.text())
        if kind is not None and bare:
            self.name.setText(bare)
            set_combo_value(self.kind, kind)

    def _recognise_province(self) -> None:
        bare = bare_province(self.province.text())
        if bare and bare != self.province.text().strip():
            self.province.setText(bare)

    def fill(self, u: Any) -> None:
        with self.loading():
            self.province.setText(u.province if u else "")
            self.name.setText(u.name if u else "")
            set_combo_value(self.kind, u.kind if u else UnitKind.XA)
            self.code.setText((u.code or "") if u else "")
            self.place_name.setText(u.place_name if u else "")
            self.chairman.setText((u.chairman_name or "") if u else "")
            self.vice.setText((u.vice_chairman_name or "") if u else "")
            self.signer_is_vice.setChecked(bool(u.signer_is_vice) if u else True)
            self.officer.setText((u.justice_officer_name or "") if u else "")
            self.phone.setText((u.phone or "") if u else "")
        self.set_clean()

    def value(self) -> unit.UnitInput:
        return unit.UnitInput(
            province=text_value(self.province),
            name=text_value(self.name),
            kind=self.kind.currentData(),
            place_name=text_value(self.place_name),
            chairman_name=text_value(self.chairman) or None,
            vice_chairman_name=text_value(self.vice) or None,
            signer_is_vice=self.signer_is_vice.isChecked(),
            justice_officer_name=text_value(self.officer) or None,
            phone=text_value(self.phone) or None,
            code=text_value(self.code) or None,
        )


def _load(db: Any) -> tuple[Any, list[targets.TargetRow], dict[str, float], str]:
    targets.ensure_default_targets(db)
    return unit.get_unit(db), targets.get_targets(db), targets.target_values(db), reporting.get_regime(db)


class SettingsPage(Page):
    watches = Changes(unit=True, targets=True)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)

        # unit
        self.unit_box = QGroupBox()
        self.unit_form = UnitForm()
        self.unit_message = MessageStrip()
        self.unit_save = QPushButton()
        self.unit_save.setObjectName("save_unit")
        self.unit_save.clicked.connect(self._save_unit)
        ub = QVBoxLayout(self.unit_box)
        ub.addWidget(self.unit_form)
        ub.addWidget(self.unit_message)
        row = QHBoxLayout()
        row.addWidget(self.unit_save)
        row.addStretch(1)
        ub.addLayout(row)
        self.key_label = QLabel()  # the signing key's fingerprint, to compare with the province by phone
        self.key_label.setObjectName("key_fingerprint")
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ub.addWidget(self.key_label)
        self._fingerprint: str | None = None

        # targets
        self.targets_box = QGroupBox()
        self.targets_grid = QGridLayout()
        self.target_spins: dict[str, QDoubleSpinBox] = {}
        self.target_labels: dict[str, QLabel] = {}
        for n, t in enumerate(targets.DEFAULT_TARGETS):
            label = QLabel()
            spin = QDoubleSpinBox()
            spin.setObjectName(f"target_{t.indicator}")
            spin.setRange(0, 100)
            spin.setDecimals(1)
            spin.setSuffix(" %")
            label.setBuddy(spin)
            label.setWordWrap(True)  # long target names wrap instead of squeezing the commune's form
            self.targets_grid.addWidget(label, n, 0)
            self.targets_grid.addWidget(spin, n, 1)
            self.target_spins[t.indicator] = spin
            self.target_labels[t.indicator] = label
        self.targets_grid.setColumnStretch(0, 1)
        self.targets_note = QLabel()
        self.targets_note.setWordWrap(True)
        self.targets_save = QPushButton()
        self.targets_save.setObjectName("save_targets")
        self.targets_save.clicked.connect(self._save_targets)
        self.targets_message = MessageStrip()
        tb = QVBoxLayout(self.targets_box)
        tb.addWidget(self.targets_note)
        tb.addLayout(self.targets_grid)
        tb.addWidget(self.targets_message)
        row = QHBoxLayout()
        row.addWidget(self.targets_save)
        row.addStretch(1)
        tb.addLayout(row)

        # reporting regime (with the data: the province decides which circular its reports follow)
        self.regime_box = QGroupBox()
        self.regime = QComboBox()
        self.regime.setObjectName("regime")
        self.regime.addItem("", "auto")
        for regime_id, name in reporting.regime_options():
            self.regime.addItem(name, regime_id)
        self.regime_label = QLabel()
        self.regime_label.setBuddy(self.regime)
        self.regime_note = QLabel()
        self.regime_note.setWordWrap(True)
        self.regime_message = MessageStrip()
        rb = QGridLayout(self.regime_box)
        rb.addWidget(self.regime_label, 0, 0)
        rb.addWidget(self.regime, 0, 1)
        rb.addWidget(self.regime_note, 1, 0, 1, 2)
        rb.addWidget(self.regime_message, 2, 0, 1, 2)
        rb.setColumnStretch(1, 1)
        self.regime.activated.connect(self._regime_chosen)

        # display (this PC)
        self.display_box = QGroupBox()
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.text_size = QSpinBox()
        self.text_size.setObjectName("text_size")
        self.text_size.setRange(100, 200)
        self.text_size.setSingleStep(10)
        self.text_size.setSuffix(" %")
        self.contrast = QCheckBox()
        self.contrast.setObjectName("high_contrast")
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        self.size_label = QLabel()
        self.size_label.setBuddy(self.text_size)
        self.contrast_label = QLabel()
        self.contrast_label.setBuddy(self.contrast)
        grid = QGridLayout(self.display_box)
        grid.addWidget(self.language_label, 0, 0)
        grid.addWidget(self.language, 0, 1)
        grid.addWidget(self.size_label, 1, 0)
        grid.addWidget(self.text_size, 1, 1)
        grid.addWidget(self.contrast_label, 2, 0)
        grid.addWidget(self.contrast, 2, 1)
        self.layout_reset = QPushButton()
        self.layout_reset.setObjectName("restore_layout")
        self.layout_reset.clicked.connect(self._restore_layout)
        grid.addWidget(self.layout_reset, 3, 1)
        grid.setColumnStretch(2, 1)
        self._load_display()
        self.language.currentIndexChanged.connect(self._language_changed)
        self.text_size.editingFinished.connect(self._appearance_changed)
        self.text_size.valueChanged.connect(
            lambda _v: None if self.text_size.hasFocus() else self._appearance_changed()
        )
        self.contrast.toggled.connect(lambda _v: self._appearance_changed())

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.title)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.unit_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.display_box)
        right.addWidget(self.regime_box)
        right.addWidget(self.targets_box)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.retranslate()

    def _load_display(self) -> None:
        s = self.ctx.settings
        for w in (self.language, self.text_size, self.contrast):
            w.blockSignals(True)
        self.language.setCurrentIndex(max(self.language.findData(i18n.language()), 0))
        self.text_size.setValue(TEXT_SCALE.get(s))
        self.contrast.setChecked(HIGH_CONTRAST.get(s))
        for w in (self.language, self.text_size, self.contrast):
            w.blockSignals(False)

    # -- contract -----------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Settings"))
        if self.unit_form.province_file:
            self.unit_box.setTitle(_("Department of Justice and signers (printed on the province's papers)"))
            self.unit_save.setText(_("Save"))
        else:
            self.unit_box.setTitle(_("Commune and signers (printed on reports)"))
            self.unit_save.setText(_("Save commune details"))
        self.unit_form.retranslate()
        self._show_fingerprint()
        self.targets_box.setTitle(_("Plan targets"))
        self.targets_note.setText(
            _(
                "Defaults from Decision 315/QĐ-TTg (2024–2030). Change them to your province's plan if it sets others."
            )
        )
        locale = QLocale(QLocale.Language.Vietnamese if i18n.language() == "vi" else QLocale.Language.English)
        for t in targets.DEFAULT_TARGETS:
            self.target_labels[t.indicator].setText(_(t.description))
            self.target_spins[t.indicator].setLocale(locale)  # 85,0 % in Vietnamese
        self.targets_save.setText(_("Save targets"))
        self.regime_box.setTitle(_("Statistical reports"))
        self.regime_label.setText(_("Reporting regime"))
        self.regime.setItemText(0, _("Default for the year"))
        self.regime_note.setText(
            _(
                "Choose the circular your province's Department of Justice asks you to report under; it decides "
                "the dates of the six-month and yearly reports and whether the last months are estimated. By "
                "default, reports up to 2025 follow TT 03/2019 and reports from 2026 follow TT 17/2025."
            )
        )
        self.display_box.setTitle(_("Display on this computer"))
        self.language_label.setText(_("Language"))
        self.size_label.setText(_("Text size"))
        self.contrast_label.setText(_("High contrast"))
        self.layout_reset.setText(_("Restore default layout"))
        self.layout_reset.setToolTip(
            _("Forget the window size, the column widths and the list/detail split set by hand")
        )

    def refresh(self) -> None:
        self.ctx.run(_load, on_done=self._loaded)
        self.ctx.run(unit_keys.existing_fingerprint, on_done=self._fingerprint_loaded)

    def _fingerprint_loaded(self, fingerprint: str | None) -> None:
        self._fingerprint = fingerprint
        self._show_fingerprint()

    def _show_fingerprint(self) -> None:
        if self._fingerprint:
            self.key_label.setText(
                _("Signing key fingerprint: {fingerprint}").format(fingerprint=self._fingerprint)
            )
        else:
            self.key_label.setText(
                _("The signing key is made when the first report is sent to the province.")
            )

    def _loaded(self, data: tuple[Any, list[targets.TargetRow], dict[str, float], str]) -> None:
        u, _rows, values, regime = data
        province_file = u is not None and u.kind is UnitKind.TINH
        if province_file != self.unit_form.province_file:
            self.unit_form.set_province_file(province_file)
            self.retranslate()
        self.regime.setCurrentIndex(max(self.regime.findData(regime), 0))
        if not self.unit_form.dirty:
            self.unit_form.fill(u)
        for key, spin in self.target_spins.items():
            spin.setValue(float(values.get(key, 0.0)))

    def save(self) -> None:
        self._save_unit()

    def can_leave(self) -> bool:
        if not self.unit_form.dirty:
            return True
        from hoagiai_desktop.ui.widgets.unsaved import ask_unsaved

        choice = ask_unsaved(self)
        if choice == "save":
            self._save_unit()
            return False
        if choice == "discard":
            self.unit_form.dirty = False
            self.refresh()
            return True
        return False

    # -- actions ------------------------------------------------------------------------------------------

    def _save_unit(self) -> None:
        errors = self.unit_form.input_errors()
        if errors:
            self.unit_form.set_errors(errors)
            return
        run_op(
            self.ctx,
            unit.save_unit,
            self.unit_form.value(),
            on_done=self._unit_saved,
            on_error=self._unit_failed,
        )

    def _unit_saved(self, _outcome: Any) -> None:
        self.unit_form.set_clean()
        self.unit_message.show_lines([], OK_STYLE, _("Saved."))

    def _unit_failed(self, exc: BaseException) -> None:
        errors = getattr(exc, "errors", None)
        if isinstance(errors, dict) and self.unit_form.set_errors(
            {str(k): str(v) for k, v in errors.items()}
        ):
            return
        self.unit_message.show_lines([str(exc)], BAD_STYLE)

    def _save_targets(self) -> None:
        values = {key: spin.value() for key, spin in self.target_spins.items()}
        run_op(
            self.ctx,
            targets.set_targets,
            values,
            on_done=self._targets_saved,
            on_error=lambda exc: self.targets_message.show_lines([str(exc)], BAD_STYLE),
        )

    def _targets_saved(self, _result: Any) -> None:
        self.targets_message.show_lines([], OK_STYLE, _("Saved."))

    def _regime_chosen(self) -> None:
        run_op(
            self.ctx,
            reporting.set_regime,
            str(self.regime.currentData()),
            on_done=self._regime_saved,
            on_error=lambda exc: self.regime_message.show_lines([str(exc)], BAD_STYLE),
        )

    def _regime_saved(self, _result: Any) -> None:
        self.regime_message.show_lines([], OK_STYLE, _("Saved."))

    def _language_changed(self) -> None:
        from hoagiai_desktop.ui.language import apply_language

        lang = str(self.language.currentData())
        LANGUAGE.set(self.ctx.settings, lang)
        apply_language(lang)  # the window re-translates every page through the i18n listener

    def _restore_layout(self) -> None:
        restore = getattr(self.ctx.window, "restore_default_layout", None)
        if callable(restore):
            restore()
        self.ctx.status(_("The default layout is restored."))

    def _appearance_changed(self) -> None:
        s = self.ctx.settings
        TEXT_SCALE.set(s, self.text_size.value())
        HIGH_CONTRAST.set(s, self.contrast.isChecked())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_appearance(app, s)
            # the new font reaches the widgets through posted events: re-measure the form labels after them
            QTimer.singleShot(0, _refresh_form_labels)
        self.ctx.appearance_changed.emit()
