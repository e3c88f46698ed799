"""Tổng quan tỉnh: the Đề án indicators for the whole province against the QĐ 315 targets (computed from the
communes' stored figures), and the communes ranked weakest first, each column explained in plain words
(DOMAIN §8). The figures come from :func:`services.province_dashboard.dashboard` on the reading worker; the papers
(Đề án report with a per-commune table, statistical report) from ``services.province_papers``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, format_number, format_percent, ngettext
from hoagiai_desktop.services import province_dashboard, province_papers
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.ui.charts import TargetBar, TargetBars
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.pages.base import Page, page_title_label
from hoagiai_desktop.ui.pages.province_common import fill, period_edit, save_paper, table, with_period


def _detail(row: province_dashboard.IndicatorRow) -> str:
    counted = (
        f"{format_number(row.count)} / {format_number(row.base)}" if row.base is not None
        else format_number(row.count)
    )  # fmt: skip
    return _("{counted} · {met} of {n} communes at target").format(
        counted=counted, met=row.communes_met, n=row.communes_counted
    )


def _weakest(standing: province_dashboard.CommuneStanding, targets: dict[str, tuple[str, float]]) -> str:
    """The indicator the commune lacks most to, with its value against the target."""
    gaps = [(targets[key][1] - a, key) for key, a in standing.actual if a is not None and a < targets[key][1]]
    if not gaps:
        return _("every target met")
    _gap, key = max(gaps)
    label, target = targets[key]
    return f"{label}: {format_percent(standing.actual_of(key))} / {format_percent(target)}"


class ProvinceDashboardPage(Page):
    watches = Changes(province=True, unit=True, targets=True)
    loaded = Signal()  # tests wait on it

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.data: province_dashboard.ProvinceDashboard | None = None
        self.title = page_title_label()
        self.period = period_edit(self.refresh)
        self.period_label = QLabel()
        self.period_label.setBuddy(self.period)
        self.de_an_button = QPushButton()
        self.de_an_button.setObjectName("province_de_an_paper")
        self.de_an_button.clicked.connect(lambda: self.save_de_an())
        self.stats_button = QPushButton()
        self.stats_button.setObjectName("province_statistical_paper")
        self.stats_button.clicked.connect(lambda: self.save_statistical())
        self.summary = QLabel()
        self.summary.setObjectName("province_summary")
        self.summary.setWordWrap(True)
        self.targets_title = QLabel()
        self.targets_title.setObjectName("section_title")
        self.bars = TargetBars()
        self.bars.setObjectName("province_targets")
        self.ranking_title = QLabel()
        self.ranking_title.setObjectName("section_title")
        self.ranking = table(6, "ranking_table")
        self.ranking.setMinimumHeight(220)
        self.ranking.doubleClicked.connect(self._open_commune)
        self.explanation = QLabel()
        self.explanation.setObjectName("ranking_explanation")
        self.explanation.setWordWrap(True)
        for label in (self.targets_title, self.ranking_title):
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        row = QHBoxLayout()
        row.addWidget(self.period_label)
        row.addWidget(self.period)
        row.addStretch(1)
        row.addWidget(self.de_an_button)
        row.addWidget(self.stats_button)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.targets_title)
        layout.addWidget(self.bars)
        layout.addWidget(self.ranking_title)
        layout.addWidget(self.ranking, 1)
        layout.addWidget(self.explanation)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Province overview"))
        self.period_label.setText(_("Period"))
        self.de_an_button.setText(_("Đề án report (PDF)…"))
        self.stats_button.setText(_("Statistical report (PDF)…"))
        self.targets_title.setText(_("Đề án indicators for the province against the QĐ 315 targets"))
        self.ranking_title.setText(_("Communes, weakest first"))
        self.ranking.setHorizontalHeaderLabels(
            [_("Rank"), _("Code"), _("Commune"), _("Points below target"), _("Targets missed"),
             _("Furthest below")]
        )  # fmt: skip
        self.explanation.setText(
            _(
                "How to read this: the province's figure for each indicator is the communes' figures added up "
                "and then divided (for example every compliant team over every team), never an average of "
                "percentages. Points below target: for each indicator, how many percentage points the commune "
                "lacks to reach its target, added up — the larger, the weaker. Targets missed: how many "
                "indicators are below target. Furthest below: the indicator the commune lacks most to, its "
                "value / the target. Only communes whose report has been received are ranked."
            )
        )
        if self.data is not None:
            self._show(self.data)

    def refresh(self) -> None:
        with_period(self.ctx, self.period, self._load)

    def _load(self, period: str) -> None:
        self.ctx.reader.submit(
            province_dashboard.dashboard, period, on_done=self._loaded, on_error=self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.summary.setText(str(exc))
            self.loaded.emit()
        else:
            self.ctx.show_error(exc, self)

    def _loaded(self, data: province_dashboard.ProvinceDashboard) -> None:
        self.data = data
        self._show(data)
        self.loaded.emit()

    def _show(self, data: province_dashboard.ProvinceDashboard) -> None:
        summary = ngettext(
            "{n} of {total} commune has reported for {period}.",
            "{n} of {total} communes have reported for {period}.",
            data.communes_total,
        ).format(n=data.reported, total=data.communes_total, period=data.period)
        if data.not_reported:
            summary += " " + _("Not yet reported: {names}.").format(
                names=", ".join(name for _code, name in data.not_reported[:8])
                + (" …" if len(data.not_reported) > 8 else "")
            )
        self.summary.setText(summary)
        self.bars.set_bars([TargetBar(r.label, r.actual, r.target, _detail(r)) for r in data.indicators])
        targets = {r.key: (r.label, r.target) for r in data.indicators}
        fill(self.ranking, [
            [str(s.rank), s.code, s.name, format_number(s.shortfall), f"{s.missed} / {s.counted}",
             _weakest(s, targets)] for s in data.standings
        ])  # fmt: skip

    def _open_commune(self) -> None:
        """A double-click on a commune opens its packages on the communes page."""
        row = self.ranking.currentRow()
        if self.data is not None and 0 <= row < len(self.data.standings):
            self.ctx.open_record("commune", self.data.standings[row].code)

    def save_de_an(self, path: Path | None = None) -> None:
        period = self.period.text().strip()
        save_paper(self.ctx, self, province_papers.write_de_an_report, period, f"de-an-tinh-{period}.pdf",
                   on_error=self._failed, path=path)  # fmt: skip

    def save_statistical(self, path: Path | None = None) -> None:
        period = self.period.text().strip()
        save_paper(self.ctx, self, province_papers.write_statistical_report, period,
                   f"thong-ke-tinh-{period}.pdf", on_error=self._failed, path=path)  # fmt: skip
