"""Tổng quan: the indicators of DOMAIN §4 for a period against the plan targets, and what needs attention.

The figures come from ``domain.indicators.compute`` and the targets from ``services.targets`` (QĐ 315 defaults,
editable in Settings); the attention list from ``services.attention.needs_attention``. Both run on the worker;
the figures appear first, the attention list (slower on a province) when it is ready. Each attention line opens
its record (Enter or double-click).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.domain.enums import Category
from hoagiai_desktop.i18n import _, format_number, format_percent, ngettext
from hoagiai_desktop.services import attention, overview
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.services.overview import RegisterCounts
from hoagiai_desktop.ui.charts import Part, StackedBar, TargetBar, TargetBars
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.pages.base import Page
from hoagiai_desktop.ui.pages.first_steps import FirstStepsPanel
from hoagiai_desktop.ui.worker import deliver

ATTENTION_LIMIT = attention.SHOWN_PER_KIND  # per kind; the count says how many there are in all

# attention kind → (record kind it opens, group title)
ATTENTION_KINDS: dict[str, tuple[str, Any]] = {
    "court_deadline": ("case", lambda: _("Court-recognition deadlines")),
    "case_waiting": ("case", lambda: _("Cases waiting for a first session")),
    "team_noncompliant": ("team", lambda: _("Teams without the legal composition")),
    "training_overdue": ("mediator", lambda: _("New mediators not trained within 6 months")),
    "training_due": ("mediator", lambda: _("New mediators to train soon")),
    "case_open": ("case", lambda: _("Cases open for more than 30 days")),
}


@dataclass(frozen=True)
class DashboardData:
    period_code: str
    unit_name: str
    figures: dict[str, Any]
    targets: list[tuple[str, str, float, str]]  # (indicator, base, target value, description msgid)


def load_dashboard(db: Any, period_code: str) -> DashboardData:
    from hoagiai_desktop.services import reporting, targets, unit

    # one period, one set of figures: the ones stats and the papers print (estimates included)
    # only the commune's figures are shown: skip the per-team rows (a third of the work on province data)
    _period, found, _team = reporting.period_figures(db, period_code, team_rows=False)
    figures = dict(found.total)
    values = targets.target_values(db)
    rows = []
    for t in targets.DEFAULT_TARGETS:
        if t.indicator in values:
            # the English msgid: translated when shown, so a language switch re-labels the bars
            rows.append((t.indicator, t.base or "", float(values[t.indicator]), t.description))
    return DashboardData(period_code, unit.unit_name(db), figures, rows)


def load_attention(db: Any) -> tuple[list[Any], dict[str, int]]:
    """The attention list (the opening thread may have run this already at start-up: ``ui.opening``)."""
    found = attention.summary(db, per_kind=ATTENTION_LIMIT)
    return found.items, found.counts


# The counts behind a target given as a ready percentage (shown as "96 / 140" under the percentage).
COUNTS_BEHIND: dict[str, tuple[str, str]] = {
    "training.pct_trained": ("training.trained", "mediators.total"),
    "cases.success_rate": ("cases.successful", "cases.handled"),
}


def actual_percent(figures: dict[str, Any], indicator: str, base: str) -> float | None:
    """The actual value to compare with a target: already a percentage, or indicator ÷ base × 100."""
    if indicator in COUNTS_BEHIND:
        # Nothing to measure (no mediator, no case in the period): no percentage rather than a red 0 %.
        if not figures.get(COUNTS_BEHIND[indicator][1]):
            return None
        value = figures.get(indicator)
        return None if value is None else float(value)
    whole = figures.get(base) or 0
    part = figures.get(indicator) or 0
    return round(100.0 * part / whole, 1) if whole else None


def period_choices(today: dt.date) -> list[tuple[str, str]]:
    y = today.year
    return [
        (str(y), _("Year {year} (to date)").format(year=y)),
        (f"{y}-H1", _("First half of {year}").format(year=y)),
        (f"{y}-Y1", _("Year {year}, first report (to 31/10)").format(year=y)),
        (str(y - 1), _("Year {year}").format(year=y - 1)),
    ]


class Tile(QFrame):
    """A big number with a caption and a line of detail."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def set(self, caption: str, value: str, detail: str = "") -> None:
        self.caption.setText(caption)
        self.value.setText(value)
        self.detail.setText(detail)
        self.setAccessibleName(f"{caption}: {value}. {detail}")


class DashboardPage(Page):
    watches = Changes(
        villages=True,
        teams=True,
        mediators=True,
        cases=True,
        training=True,
        unit=True,
        targets=True,
        regime=True,
    )

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.data: DashboardData | None = None
        self.attention: tuple[list[Any], dict[str, int]] | None = None
        self._generation = 0

        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.period_label = QLabel()
        self.period = QComboBox()
        self.period.setObjectName("period")
        self.period_label.setBuddy(self.period)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.period_label)
        top.addWidget(self.period)
        top.addWidget(self.refresh_button)

        self.tiles = [Tile() for _ in range(4)]
        tiles = QHBoxLayout()
        for tile in self.tiles:
            tiles.addWidget(tile)

        self.targets_box = QGroupBox()
        self.target_bars = TargetBars()
        QVBoxLayout(self.targets_box).addWidget(self.target_bars)
        self.cases_box = QGroupBox()
        self.case_bar = StackedBar()
        self.category_bar = StackedBar()
        self.category_caption = QLabel()
        cases_layout = QVBoxLayout(self.cases_box)
        cases_layout.addWidget(self.case_bar)
        cases_layout.addWidget(self.category_caption)
        cases_layout.addWidget(self.category_bar)
        cases_layout.addStretch(1)

        self.attention_box = QGroupBox()
        self.attention_tree = QTreeWidget()
        self.attention_tree.setObjectName("attention")
        self.attention_tree.setColumnCount(2)
        self.attention_tree.setRootIsDecorated(True)
        self.attention_tree.setUniformRowHeights(True)
        self.attention_tree.itemActivated.connect(self._open_item)
        self.attention_tree.setMinimumHeight(220)
        self.attention_hint = QLabel()
        att_layout = QVBoxLayout(self.attention_box)
        att_layout.addWidget(self.attention_hint)
        att_layout.addWidget(self.attention_tree)

        content = QWidget()
        grid = QGridLayout(content)
        grid.addLayout(top, 0, 0, 1, 2)
        grid.addLayout(tiles, 1, 0, 1, 2)
        grid.addWidget(self.targets_box, 2, 0)
        grid.addWidget(self.cases_box, 2, 1)
        grid.addWidget(self.attention_box, 3, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(3, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        # a new, empty data file opens on "first steps" instead of a dashboard of zeros
        self.first_steps = FirstStepsPanel()
        self.first_steps.open_page.connect(self._open_page)
        self.first_steps.load_demo.connect(self._load_demo)
        self.stack = QStackedWidget()
        self.stack.addWidget(scroll)
        self.stack.addWidget(self.first_steps)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self._fill_periods()
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.retranslate()

    def _fill_periods(self) -> None:
        current = self.period.currentData()
        self.period.blockSignals(True)
        self.period.clear()
        for code, label in period_choices(dt.date.today()):
            self.period.addItem(label, code)
        index = self.period.findData(current) if current else 0
        self.period.setCurrentIndex(max(index, 0))
        self.period.blockSignals(False)

    # -- contract -----------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self._fill_periods()
        self.period_label.setText(_("Period:"))
        self.refresh_button.setText(_("Refresh (F5)"))
        self.targets_box.setTitle(_("Targets of the plan (QĐ 315/QĐ-TTg, editable in Settings)"))
        self.cases_box.setTitle(_("Cases handled in the period"))
        self.category_caption.setText(_("By category:"))
        self.attention_box.setTitle(_("Needs attention"))
        self.attention_hint.setText(_("Press Enter or double-click a line to open the record."))
        self.attention_tree.setHeaderLabels([_("What"), _("Record")])
        self.first_steps.retranslate()
        self._show_data()
        self._show_attention()
        if self.attention is not None:
            # the attention lines are sentences made by the services in the language of the moment: ask again
            self.refresh()

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        code = self.period.currentData() or str(dt.date.today().year)
        reader = self.ctx.reader  # read-only and slow on a province: off the main DB worker
        # quickest first: the counts say whether this is the dashboard or the first steps; then what needs the
        # officer's attention; the period's figures (the longest, seconds on a province) last
        reader.submit(overview.register_counts, on_done=lambda c: self._counts(generation, c))
        # at start-up the opening thread may have begun the attention list already (ui.opening): take it from there,
        # and ask for the figures once it is in, as the reader would have (side by side they slow each other)
        ahead = self.ctx.take_ahead("attention")
        if ahead is not None:
            deliver(
                ahead,
                self,
                lambda a: self._attention_then_figures(generation, code, a),
                lambda _exc: self._attention_then_figures(generation, code, None),
            )
            return
        reader.submit(load_attention, on_done=lambda a: self._attention(generation, a))
        reader.submit(load_dashboard, code, on_done=lambda d: self._data(generation, d))

    def _attention_then_figures(
        self, generation: int, code: str, attention: tuple[list[Any], dict[str, int]] | None
    ) -> None:
        """The list read ahead arrived (None: reading it failed — the reader asks again, and says the error if
        it fails again); then the figures."""
        if generation != self._generation:  # refreshed meanwhile (another period): that refresh asked anew
            return
        reader = self.ctx.reader
        if attention is None:
            reader.submit(load_attention, on_done=lambda a: self._attention(generation, a))
        else:
            self._attention(generation, attention)
        reader.submit(load_dashboard, code, on_done=lambda d: self._data(generation, d))

    def _counts(self, generation: int, counts: RegisterCounts) -> None:
        if generation != self._generation:
            return
        self.first_steps.show_counts(counts)
        self.stack.setCurrentIndex(1 if counts.needs_first_steps else 0)  # 0: the dashboard, 1: first steps

    def _open_page(self, key: str, new_record: bool) -> None:
        show = getattr(self.ctx.window, "show_page", None)
        page = show(key) if show is not None else None
        if page is not None and new_record:
            page.new_record()

    def _load_demo(self) -> None:
        from hoagiai_desktop.demo import generate

        self.first_steps.demo_button.setEnabled(False)
        self.ctx.status(_("Creating sample data…"))

        def done(_counts: Any) -> None:
            self.first_steps.demo_button.setEnabled(True)
            self.ctx.status(_("Sample data created."))

        def failed(exc: BaseException) -> None:
            self.first_steps.demo_button.setEnabled(True)
            self.ctx.show_error(exc, self)

        run_op(self.ctx, generate, size="commune", seed=1, on_done=done, on_error=failed,
               changes=Changes.all(), label=_("Creating sample data…"))  # fmt: skip

    def focus_search(self) -> None:
        self.attention_tree.setFocus()

    # -- showing ------------------------------------------------------------------------------------------

    def _data(self, generation: int, data: DashboardData) -> None:
        if generation == self._generation:
            self.data = data
            self._show_data()

    def _attention(self, generation: int, attention: tuple[list[Any], dict[str, int]]) -> None:
        if generation == self._generation:
            self.attention = attention
            self._show_attention()

    def _show_data(self) -> None:
        d = self.data
        if d is None:
            self.title.setText(_("Overview"))
            return
        f = d.figures
        self.title.setText(_("Overview — {unit}").format(unit=d.unit_name) if d.unit_name else _("Overview"))
        teams = f.get("teams.total", 0)
        mediators = f.get("mediators.total", 0)
        self.tiles[0].set(
            _("Active teams"),
            format_number(teams),
            _("{n} without the legal composition").format(n=format_number(f.get("teams.noncompliant", 0))),
        )
        self.tiles[1].set(
            _("Active mediators"),
            format_number(mediators),
            _("{women} women, {minority} ethnic minority").format(
                women=format_number(f.get("mediators.female", 0)),
                minority=format_number(f.get("mediators.ethnic_minority", 0)),
            ),
        )
        self.tiles[2].set(
            _("Cases handled"),
            format_number(f.get("cases.handled", 0)),
            _("{new} new, {carried} carried over").format(
                new=format_number(f.get("cases.new", 0)), carried=format_number(f.get("cases.carried", 0))
            ),
        )
        self.tiles[3].set(
            _("Success rate"),
            format_percent(f.get("cases.success_rate") if f.get("cases.handled") else None),
            _("{n} successful").format(n=format_number(f.get("cases.successful", 0))),
        )
        bars = []
        for indicator, base, target, description in d.targets:
            actual = actual_percent(f, indicator, base)
            part, whole = COUNTS_BEHIND.get(indicator, (indicator, base))
            detail = f"{format_number(f.get(part, 0))} / {format_number(f.get(whole, 0))}"
            bars.append(TargetBar(_(description), actual, target, detail))
        self.target_bars.set_bars(bars)
        self.case_bar.set_parts(
            [
                Part(_("Successful"), int(f.get("cases.successful", 0)), "#2e7d32"),
                Part(_("Unsuccessful"), int(f.get("cases.unsuccessful", 0)), "#c62828"),
                Part(_("In progress"), int(f.get("cases.ongoing", 0)), "#f9a825"),
                Part(_("Not started"), int(f.get("cases.pending", 0)), "#757575"),
            ]
        )
        colours = ["#1565c0", "#6a1b9a", "#00838f", "#ef6c00", "#5d4037"]
        self.category_bar.set_parts(
            [
                Part(c.label(), int(f.get(f"cases.by_category.{c.value}", 0)), colours[i % len(colours)])
                for i, c in enumerate(c for c in Category if c.in_scope)
            ]
        )

    def _show_attention(self) -> None:
        self.attention_tree.clear()
        if self.attention is None:
            QTreeWidgetItem(
                self.attention_tree, [_("Looking for things that need attention…"), ""]
            ).setFirstColumnSpanned(True)
            return
        items, counts = self.attention
        if not items:
            QTreeWidgetItem(
                self.attention_tree, [_("Nothing needs attention now."), ""]
            ).setFirstColumnSpanned(True)
            return
        groups: dict[str, QTreeWidgetItem] = {}
        for kind, (_record, title) in ATTENTION_KINDS.items():
            n = counts.get(kind, 0)
            if not n:
                continue
            text = title() + " — " + ngettext("{n} item", "{n} items", n).format(n=format_number(n))
            if n > ATTENTION_LIMIT:
                text += " " + _("(first {limit} shown)").format(limit=ATTENTION_LIMIT)
            group = QTreeWidgetItem(self.attention_tree, [text, ""])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            groups[kind] = group
        for item in items:
            parent = groups.get(item.kind)
            if parent is None:
                continue
            child = QTreeWidgetItem(parent, [item.message, item.ref])
            child.setData(0, Qt.ItemDataRole.UserRole, (ATTENTION_KINDS[item.kind][0], item.ref))
            child.setToolTip(0, item.message)
        for n, group in enumerate(groups.values()):
            group.setExpanded(n < 3)
        self.attention_tree.resizeColumnToContents(1)
        self.attention_tree.setColumnWidth(0, max(300, self.attention_tree.width() - 160))

    def _open_item(self, item: QTreeWidgetItem, _column: int) -> None:
        target = item.data(0, Qt.ItemDataRole.UserRole)
        if target:
            kind, code = target
            self.ctx.open_record(kind, code)
        else:
            item.setExpanded(not item.isExpanded())
