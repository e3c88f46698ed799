"""Tập huấn: training events, attendance marked from the roster, guests, and the coverage panel.

Left: the events (latest first), searchable. Right: the selected event's details and its attendance checklist
(:mod:`.attendance`). Above: the coverage figures (:mod:`.training_coverage`). Ctrl+S saves the tab in front —
the event's details or the whole attendance list — in one transaction through :mod:`services.training`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.domain.enums import OrganiserLevel, TrainingKind
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, format_date, format_number, ngettext
from hoagiai_desktop.services import training, training_read
from hoagiai_desktop.services.changes import Changes, Outcome
from hoagiai_desktop.text import fold, nfc
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.options import PAGE_SPLITTER
from hoagiai_desktop.ui.pages.attendance import (
    ChecklistView,
    RosterModel,
    attendance_headers,
    attendance_rows,
)
from hoagiai_desktop.ui.pages.base import Page, page_title_label
from hoagiai_desktop.ui.pages.detail import BAD_STYLE, OK_STYLE, WARN_STYLE, MessageStrip
from hoagiai_desktop.ui.pages.training_coverage import CoveragePanel
from hoagiai_desktop.ui.widgets.forms import DateField, RecordForm, enum_combo, set_combo_value, text_value
from hoagiai_desktop.ui.widgets.lazy_table import Column, RowsTableModel
from hoagiai_desktop.ui.widgets.search_box import SearchBox
from hoagiai_desktop.ui.widgets.unsaved import ask_unsaved

DETAILS, ATTENDANCE, GUESTS = 0, 1, 2


class HoursField(QLineEdit):
    """Hours as a number; a comma is accepted as the decimal sign (4,5)."""

    def __init__(self) -> None:
        super().__init__()
        self.setMaximumWidth(90)

    def value(self) -> float | None:
        text = nfc(self.text()).replace(",", ".")
        return float(text) if text else None

    def parse_error(self) -> str | None:
        try:
            self.value()
        except ValueError:
            return _("Type the number of hours, for example 4 or 7,5.")
        return None


def event_columns() -> list[Column]:
    return [
        Column("end_on", lambda: _("Date"), lambda r: format_date(r.start_on)),
        Column("title", lambda: _("Title"), lambda r: r.title, tooltip=lambda r: f"{r.code} — {r.title}"),
        Column("kind", lambda: _("Kind"), lambda r: r.kind.label()),
        Column("present", lambda: _("Present"), lambda r: r.present, align=Qt.AlignmentFlag.AlignRight),
        Column("code", lambda: _("Code"), lambda r: r.code),
    ]


def filter_events(events: list[training_read.EventRow], query: str) -> list[training_read.EventRow]:
    """The events whose title, code or venue contain every word of ``query`` (accents not needed)."""
    words = fold(query).split()
    return [e for e in events if all(w in fold(f"{e.title} {e.code} {e.venue or ''}") for w in words)]


def _write_then_read(db: Any, write: Any, *args: Any) -> Outcome[tuple[training_read.EventDetail, list[str]]]:
    """On the worker: one write, then the event as the page shows it (read after the commit) and the write's
    warnings, with the write's Changes. Only the event's id is taken from what the write returns."""
    outcome = write(db, *args)
    shown = training_read.event_detail(db, int(outcome.value.id)), [w.message for w in outcome.warnings]
    return Outcome(shown, changes=outcome.changes)


class TrainingPage(Page):
    watches = Changes(training=True, mediators=True, teams=True)
    roster_loaded = Signal()
    saved = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.events: list[training_read.EventRow] = []
        self.current_event: training_read.EventDetail | None = None
        self.event_id: int | None = None
        self._saving = False
        self._own_change = False
        self._wanted_code: str | None = None
        self._roster_generation = 0

        self.coverage = CoveragePanel(ctx)
        self.title = page_title_label()

        # left: events
        self.search = SearchBox()
        self.search.setObjectName("event_search")
        self.search.search_changed.connect(lambda _t: self._show_events())
        self.new_button = QPushButton()
        self.new_button.setObjectName("new_event")
        self.new_button.clicked.connect(self.new_record)
        self.export_button = QPushButton()
        self.export_button.setObjectName("export_events")
        self.export_button.clicked.connect(self.export_events)
        self.event_model = RowsTableModel(event_columns(), parent=self)
        self.event_table = QTableView()
        self.event_table.setObjectName("event_table")
        self.event_table.setModel(self.event_model)
        self.event_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.event_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.event_table.verticalHeader().hide()
        self.event_table.setSortingEnabled(False)
        header = self.event_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 130)
        self.event_table.setColumnHidden(4, True)  # the code is in the heading and the tooltip
        self.event_table.selectionModel().currentRowChanged.connect(self._event_selected)
        self.event_count = QLabel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.export_button)
        row.addWidget(self.new_button)
        left_layout.addLayout(row)
        left_layout.addWidget(self.event_table, 1)
        left_layout.addWidget(self.event_count)

        # right: details + attendance
        self.strip = MessageStrip()
        self.strip.setObjectName("training_messages")
        self.heading = QLabel()
        self.heading.setObjectName("event_heading")
        self.heading.setWordWrap(True)  # a long title must not widen the window past the screen at large text
        self.tabs = QTabWidget()
        self.tabs.setObjectName("training_tabs")
        self._build_details()
        self._build_attendance()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.strip)
        right_layout.addWidget(self.tabs, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([560, 560])  # half each: event names were cut to a few words at 150 % text
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.coverage)
        layout.addWidget(self.splitter, 1)
        self.retranslate()
        self._set_event(None)

    # -- building -----------------------------------------------------------------------------------------

    def _build_details(self) -> None:
        self.form = f = RecordForm()
        f.add("title", lambda: _("Title"), QLineEdit(), required=True)
        f.add("kind", lambda: _("Kind"), enum_combo(TrainingKind))
        f.add("organiser_level", lambda: _("Organised by"), enum_combo(OrganiserLevel))
        f.add("start_on", lambda: _("From"), DateField(), required=True)
        f.add("end_on", lambda: _("To"), DateField())
        f.add("hours", lambda: _("Hours"), HoursField())
        f.add("code", lambda: _("Code"), QLineEdit())
        f.add("venue", lambda: _("Venue"), QLineEdit())
        f.add("trainers", lambda: _("Trainers"), QLineEdit())
        f.add("materials", lambda: _("Materials handed out"), QLineEdit())
        f.add("notes", lambda: _("Notes"), QLineEdit())
        self.save_details_button = QPushButton()
        self.save_details_button.clicked.connect(self.save_details)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self._delete)
        content = QWidget()
        lay = QVBoxLayout(content)
        lay.addWidget(f)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_details_button)
        lay.addLayout(buttons)
        lay.addStretch(1)
        self.tabs.addTab(content, "")

    def _build_attendance(self) -> None:
        self.roster = RosterModel(self)
        self.roster.checked_changed.connect(lambda _n: self._show_attendance_count())
        self.checklist = ChecklistView()
        self.checklist.setObjectName("attendance_checklist")
        self.checklist.setModel(self.roster)
        self.checklist.horizontalHeader().setSectionResizeMode(
            0, self.checklist.horizontalHeader().ResizeMode.Stretch
        )
        self.filter = SearchBox(delay_ms=120)
        self.filter.setObjectName("attendance_filter")
        self.filter.search_changed.connect(self.roster.set_filter)
        self.all_button = QPushButton()
        self.all_button.clicked.connect(lambda: self.roster.set_all_shown(True))
        self.none_button = QPushButton()
        self.none_button.clicked.connect(lambda: self.roster.set_all_shown(False))
        self.present_label = QLabel()
        self.present_label.setObjectName("present_count")
        self.keys_label = QLabel()
        self.keys_label.setWordWrap(True)
        self.save_attendance_button = QPushButton()
        self.save_attendance_button.setObjectName("save_attendance")
        self.save_attendance_button.clicked.connect(self.save_attendance)
        self.export_attendance_button = QPushButton()
        self.export_attendance_button.setObjectName("export_attendance")
        self.export_attendance_button.clicked.connect(self.export_attendance)

        self.guest_model = RowsTableModel(
            [
                Column("name", lambda: _("Name"), lambda g: g.name),
                Column("unit", lambda: _("Unit"), lambda g: g.unit or ""),
                Column("role", lambda: _("Role"), lambda g: g.role or ""),
            ],
            parent=self,
        )
        self.guest_table = QTableView()
        self.guest_table.setObjectName("guests")
        self.guest_table.setModel(self.guest_model)
        self.guest_table.verticalHeader().hide()
        self.guest_table.horizontalHeader().setStretchLastSection(True)
        self.guest_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.guest_table.setMaximumHeight(105)
        self.guest_form = g = RecordForm(columns=1)  # holds the fields for errors and Enter-moves-next
        self.guest_name = g.add("name", lambda: _("Name"), QLineEdit())
        self.guest_unit = g.add("unit", lambda: _("Unit"), QLineEdit())
        self.guest_role = g.add("role", lambda: _("Role"), QLineEdit())
        g.hide()
        self.add_guest_button = QPushButton()
        self.add_guest_button.setObjectName("add_guest")
        self.add_guest_button.clicked.connect(self._add_guest)
        self.guest_role.removeEventFilter(g._enter)
        self.guest_role.returnPressed.connect(self._add_guest)  # Enter on the last field adds the attendee
        self.remove_guest_button = QPushButton()
        self.remove_guest_button.clicked.connect(self._remove_guest)
        self.guest_box = QGroupBox()
        guest_layout = QVBoxLayout(self.guest_box)
        guest_layout.addWidget(self.guest_table)
        line = QHBoxLayout()
        for edit, stretch in ((self.guest_name, 3), (self.guest_unit, 2), (self.guest_role, 2)):
            edit.setParent(None)
            line.addWidget(edit, stretch)
        line.addWidget(self.add_guest_button)
        line.addWidget(self.remove_guest_button)
        guest_layout.addLayout(line)

        content = QWidget()
        lay = QVBoxLayout(content)
        top = QHBoxLayout()
        top.addWidget(self.filter, 3)
        top.addWidget(self.all_button)
        top.addWidget(self.none_button)
        top.addWidget(self.present_label)
        lay.addLayout(top)
        lay.addWidget(self.keys_label)
        lay.addWidget(self.checklist, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_attendance_button)
        bottom.addStretch(1)
        bottom.addWidget(self.save_attendance_button)
        lay.addLayout(bottom)
        self.tabs.addTab(content, "")
        guests = QWidget()
        QVBoxLayout(guests).addWidget(self.guest_box)
        self.guest_table.setMaximumHeight(16777215)
        self.tabs.addTab(guests, "")

    # -- page contract ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Training"))
        self.search.retranslate()
        self.search.setPlaceholderText(_("Search title, code, venue (Ctrl+F)"))
        self.new_button.setText(_("New event (Ctrl+N)"))
        for button in (self.export_button, self.export_attendance_button):
            button.setText(_("Export to Excel"))
            button.setToolTip(_("Save this list as it is shown (search, filters, order) as an Excel file"))
        self.tabs.setTabText(DETAILS, _("Details"))
        self.tabs.setTabText(ATTENDANCE, _("Attendance"))
        self.tabs.setTabText(GUESTS, _("Other attendees"))
        self.form.retranslate()
        self.guest_form.retranslate()
        self.save_details_button.setText(_("Save event (Ctrl+S)"))
        self.delete_button.setText(_("Delete event"))
        self.filter.setPlaceholderText(_("Filter by name, code or team — accents not needed"))
        self.all_button.setText(_("Tick all shown"))
        self.none_button.setText(_("Untick all shown"))
        self.keys_label.setText(
            _(
                "Space ticks the selected people (on a team row, the whole team); type a name to jump to it; "
                "Ctrl+S saves the attendance."
            )
        )
        self.save_attendance_button.setText(_("Save attendance (Ctrl+S)"))
        self.guest_box.setTitle(_("Other attendees (not mediators)"))
        self.add_guest_button.setText(_("Add attendee"))
        self.guest_name.setPlaceholderText(_("Name"))
        self.guest_unit.setPlaceholderText(_("Unit"))
        self.guest_role.setPlaceholderText(_("Role"))
        self.remove_guest_button.setText(_("Remove"))
        self.event_model.retranslate()
        self.guest_model.retranslate()
        self.coverage.retranslate()
        self._show_heading()
        self._show_attendance_count()
        self.event_count.setText(
            ngettext("{n} event", "{n} events", len(self.events)).format(n=format_number(len(self.events)))
        )

    def refresh(self) -> None:
        self.ctx.run(training_read.list_events, on_done=self._events_arrived)
        self.coverage.refresh()
        if self.event_id is not None and not self.is_dirty():
            self._load_event(self.event_id)

    def open_record(self, code: str) -> None:
        self._wanted_code = code
        self.ctx.run(training_read.list_events, on_done=self._events_arrived)

    def new_record(self) -> None:
        if not self.can_leave():
            return
        self.event_table.clearSelection()
        self._set_event(None)
        self.tabs.setCurrentIndex(DETAILS)
        self.form.widget("title").setFocus()

    def focus_search(self) -> None:
        if self.tabs.currentIndex() == ATTENDANCE and self.event_id is not None:
            self.filter.setFocus()
            self.filter.selectAll()
        else:
            self.search.setFocus()
            self.search.selectAll()

    def save(self) -> None:
        if self.tabs.currentIndex() == ATTENDANCE:
            self.save_attendance()
        else:
            self.save_details()

    def cancel(self) -> None:
        if self.tabs.currentIndex() == ATTENDANCE and self.filter.text():
            self.filter.clear()
            self.filter.flush()

    def is_dirty(self) -> bool:
        return self.form.dirty or self.roster.is_dirty()

    def can_leave(self) -> bool:
        if not self.is_dirty():
            return True
        choice = ask_unsaved(self)
        if choice == "cancel":
            return False
        if choice == "save":
            if self.roster.is_dirty() and self.event_id is not None:
                self.save_attendance()
            if self.form.dirty:
                self.save_details()
            return False  # stay until the save has answered
        self.form.set_clean()
        self.roster.checked = set(self.roster.roster.present)
        return True

    def save_layout(self, settings: QSettings) -> None:
        PAGE_SPLITTER("training").set(settings, self.splitter.saveState())

    # -- events -------------------------------------------------------------------------------------------

    def _events_arrived(self, rows: list[training_read.EventRow]) -> None:
        self.events = rows
        self._show_events()
        code = self._wanted_code
        if code is not None:
            self._wanted_code = None
            found = next((e for e in self.events if e.code == code), None)
            if found is None:
                self.ctx.status(_("No training event has the code {code}.").format(code=code))
            else:
                self.select_event(found.id)

    def _show_events(self) -> None:
        shown = filter_events(self.events, self.search.text())
        self.event_model.set_rows(shown)
        self.event_count.setText(
            ngettext("{n} event", "{n} events", len(shown)).format(n=format_number(len(shown)))
        )
        if self.event_id is not None:
            self._reselect(self.event_id)

    def export_events(self) -> Any:
        """Save the events as listed (current search, latest first) as .xlsx, re-read on the worker."""
        from hoagiai_desktop.ui.list_export import export_rows_dialog

        columns = event_columns()
        query = self.search.text()

        def fetch(db: Any) -> list[list[Any]]:
            return [
                [c.value(e) for c in columns] for e in filter_events(training_read.list_events(db), query)
            ]

        return export_rows_dialog(self.ctx, self, _("Training events"), [c.title() for c in columns], fetch)

    def export_attendance(self) -> Any:
        """Save the selected event's checklist (who is ticked, by team, as filtered) as .xlsx.

        The roster is re-read on the worker; the ticks are those on screen, saved or not."""
        from hoagiai_desktop.ui.list_export import export_rows_dialog

        event = self.current_event
        if event is None:
            return None
        event_id, on = event.id, event.end_on
        checked = set(self.roster.checked)
        query = self.filter.text()

        def fetch(db: Any) -> list[list[Any]]:
            return attendance_rows(training_read.roster(db, event_id, on), checked, query)

        title = f"{_('Attendance')} {event.code}"
        return export_rows_dialog(self.ctx, self, title, attendance_headers(), fetch)

    def _reselect(self, event_id: int) -> None:
        for row, e in enumerate(self.event_model.rows()):
            if e.id == event_id:
                sel = self.event_table.selectionModel()
                sel.blockSignals(True)
                self.event_table.selectRow(row)
                sel.blockSignals(False)
                return

    def select_event(self, event_id: int) -> None:
        for row, e in enumerate(self.event_model.rows()):
            if e.id == event_id:
                self.event_table.selectRow(row)
                return
        self._load_event(event_id)

    def _event_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.event_model.row_object(current.row()) if current.isValid() else None
        if row is None or row.id == self.event_id:
            return
        if not self.can_leave():
            if self.event_id is not None:
                self._reselect(self.event_id)
            return
        self._load_event(row.id)

    def _load_event(self, event_id: int) -> None:
        self.ctx.run(training_read.event_detail, event_id, on_done=self._set_event)

    def _set_event(self, event: training_read.EventDetail | None) -> None:
        self.current_event = event
        self.event_id = None if event is None else event.id
        f = self.form
        with f.loading():
            f.widget("title").setText(event.title if event else "")  # type: ignore[attr-defined]
            set_combo_value(f.widget("kind"), event.kind if event else TrainingKind.CO_BAN)  # type: ignore[arg-type]
            set_combo_value(
                f.widget("organiser_level"),  # type: ignore[arg-type]
                event.organiser_level if event else OrganiserLevel.XA,
            )
            f.widget("start_on").set_value(event.start_on if event else None)  # type: ignore[attr-defined]
            f.widget("end_on").set_value(event.end_on if event else None)  # type: ignore[attr-defined]
            hours = "" if event is None or event.hours is None else f"{event.hours:g}".replace(".", ",")
            f.widget("hours").setText(hours)  # type: ignore[attr-defined]
            for key in ("code", "venue", "trainers", "materials", "notes"):
                value = getattr(event, key, None) if event else None
                f.widget(key).setText(value or "")  # type: ignore[attr-defined]
            for key in ("title", "code", "venue", "trainers", "materials", "notes"):
                f.widget(key).setCursorPosition(0)  # type: ignore[attr-defined]  # show the start of long text
        f.set_clean()
        self.tabs.setTabEnabled(ATTENDANCE, event is not None)
        self.tabs.setTabEnabled(GUESTS, event is not None)
        self.delete_button.setEnabled(event is not None)
        self.guest_model.set_rows(list(event.guests) if event else [])
        self._show_heading()
        self.strip.show_lines([])
        if event is None:
            self.roster.set_roster(training_read.Roster())
        else:
            self._load_roster(event)

    def _load_roster(self, event: training_read.EventDetail) -> None:
        self._roster_generation += 1
        generation = self._roster_generation
        self.ctx.run(
            training_read.roster,
            event.id,
            event.end_on,
            on_done=lambda r: self._roster_arrived(generation, r),
        )

    def _roster_arrived(self, generation: int, roster: training_read.Roster) -> None:
        if generation != self._roster_generation:
            return
        self.roster.set_roster(roster)
        self.roster.set_filter(self.filter.text())
        self._show_attendance_count()
        self.roster_loaded.emit()

    def _show_heading(self) -> None:
        e = self.current_event
        if e is None:
            self.heading.setText(_("New training event"))
            return
        self.heading.setText(
            _("{code} — {title} ({start} – {end})").format(
                code=e.code, title=e.title, start=format_date(e.start_on), end=format_date(e.end_on)
            )
        )

    def _show_attendance_count(self) -> None:
        n = len(self.roster.checked)
        total = len(self.roster.roster.ids)
        text = _("{n} of {total} present").format(n=format_number(n), total=format_number(total))
        if self.roster.is_dirty():
            text += " — " + _("not saved")
        self.present_label.setText(text)

    # -- saving -------------------------------------------------------------------------------------------

    def event_input(self) -> training.EventInput:
        f = self.form
        return training.EventInput(
            title=text_value(f.widget("title")),  # type: ignore[arg-type]
            kind=f.widget("kind").currentData(),  # type: ignore[attr-defined]
            organiser_level=f.widget("organiser_level").currentData(),  # type: ignore[attr-defined]
            start_on=f.widget("start_on").value(),  # type: ignore[attr-defined]
            end_on=f.widget("end_on").value(),  # type: ignore[attr-defined]
            hours=f.widget("hours").value(),  # type: ignore[attr-defined]
            code=text_value(f.widget("code")) or None,  # type: ignore[arg-type]
            venue=text_value(f.widget("venue")) or None,  # type: ignore[arg-type]
            trainers=text_value(f.widget("trainers")) or None,  # type: ignore[arg-type]
            materials=text_value(f.widget("materials")) or None,  # type: ignore[arg-type]
            notes=text_value(f.widget("notes")) or None,  # type: ignore[arg-type]
        )

    def save_details(self) -> None:
        if self._saving:
            return
        errors = self.form.input_errors()
        if errors:
            self.form.set_errors(errors)
            self.strip.show_lines([], BAD_STYLE, header=_("Check the highlighted fields."))
            return
        data = self.event_input()
        if self.event_id is None:
            self._run(self.form, training.create_event, data)
        else:
            self._run(self.form, training.update_event, self.event_id, data)

    def save_attendance(self) -> None:
        if self._saving or self.event_id is None:
            return
        self._run(None, training.set_attendance, self.event_id, self.roster.present_ids())

    def _run(self, form: RecordForm | None, fn: Any, *args: Any) -> None:
        self._saving = True
        run_op(
            self.ctx,
            _write_then_read,
            fn,
            *args,
            on_done=lambda out: self._saved(form, *out.value),
            on_error=lambda exc: self._failed(form, exc),
        )

    def _saved(self, form: RecordForm | None, event: training_read.EventDetail, lines: list[str]) -> None:
        self._saving = False
        if form is not None:
            form.set_clean()
        self._set_event(event)
        if lines:
            self.strip.show_lines(lines, WARN_STYLE, header=_("Saved, with warnings:"))
        else:
            self.strip.show_lines([], OK_STYLE, header=_("Saved."))
        self._own_change = True  # the broadcast that follows needs no second refresh here
        self.ctx.run(training_read.list_events, on_done=self._events_arrived)
        self.coverage.refresh()
        self.saved.emit()

    def _failed(self, form: RecordForm | None, exc: BaseException) -> None:
        self._saving = False
        if not isinstance(exc, UserError):
            self.ctx.show_error(exc, self)
            return
        self.ctx.not_saved(exc)  # the status bar must not keep an earlier "Saved."
        self.strip.show_lines([], BAD_STYLE, header=exc.message)
        if form is not None:
            form.set_errors({k: v for k, v in (getattr(exc, "errors", {}) or {}).items() if k in form.fields})

    def on_data_changed(self, changes: Changes) -> None:
        if self._own_change and changes == Changes(training=True):
            self._own_change = False
            return  # our own save already refreshed what is shown
        self._own_change = False
        super().on_data_changed(changes)

    # -- guests and deletion (each one transaction) ---------------------------------------------------------

    def _add_guest(self) -> None:
        if self.event_id is None:
            return
        name = text_value(self.guest_name)
        if not name:
            self.guest_form.set_errors({"name": _("Enter the name.")})
            return
        data = training.GuestInput(
            name=name, unit=text_value(self.guest_unit) or None, role=text_value(self.guest_role) or None
        )
        self._run(None, training.add_guest, self.event_id, data)
        for edit in (self.guest_name, self.guest_unit, self.guest_role):
            edit.clear()
        self.guest_form.set_clean()
        self.guest_name.setFocus()

    def _remove_guest(self) -> None:
        guest = self.guest_model.row_object(self.guest_table.currentIndex().row())
        if guest is not None:
            self._run(None, training.remove_guest, guest.id)

    def _delete(self) -> None:
        if self.event_id is None or self.current_event is None:
            return
        event_id = self.event_id
        answer = QMessageBox.question(
            self,
            _("Delete event"),
            _("Delete the event {code} with its attendance list?").format(code=self.current_event.code),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(_result: Any) -> None:
            self._set_event(None)
            self._own_change = True
            self.refresh()

        run_op(self.ctx, training.delete_event, event_id, on_done=done)
