"""What the parts of the reports page share, declared once for the type checker.

:class:`~.reports_page.ReportsPage` is put together from one mixin per purpose (:mod:`.report_form`,
:mod:`.report_estimates`, :mod:`.report_narrative`, :mod:`.report_finalised`, :mod:`.report_output`). Each part
derives from :class:`PagePart`: to mypy a page declaring the state the page creates and what one part offers the
others, so a call across parts is checked; at run time a plain ``object``, so the parts add no Qt base of their own
and the page stays one ``QWidget``. Nothing here runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import (
        QComboBox,
        QLabel,
        QPlainTextEdit,
        QPushButton,
        QSplitter,
        QTabWidget,
        QWidget,
    )

    from hoagiai_desktop.domain.periods import Period
    from hoagiai_desktop.reports.estimates import Estimate
    from hoagiai_desktop.reports.render import Change, RenderResult
    from hoagiai_desktop.ui.pages.base import Page
    from hoagiai_desktop.ui.pages.detail import MessageStrip
    from hoagiai_desktop.ui.pages.narrative_store import NarrativeStore
    from hoagiai_desktop.ui.pages.report_jobs import Choices, FinalisedRow, ReportParams
    from hoagiai_desktop.ui.pages.report_preview import PreviewPane
    from hoagiai_desktop.ui.worker import Job

    class PagePart(Page):
        # the page's signals
        rendered: SignalInstance
        saved: SignalInstance
        finalised_loaded: SignalInstance
        notice_loaded: SignalInstance
        SETTINGS: int
        ESTIMATES: int
        NARRATIVE: int
        FINALISED: int

        # state created by ReportsPage.__init__
        result: RenderResult | None
        shown_finalised: int | None
        choices: Choices
        finalised: list[FinalisedRow]
        estimates: dict[str, Estimate]
        overrides: dict[tuple[str | None, str], int]
        printed_pages: int | None
        _render_job: Job | None
        _estimates_job: Job | None
        _definition_job: Job | None
        _notice_job: Job | None
        _select_after_load: int | None
        _previews: int
        _printer: QPrinter | None
        _filling: bool
        _loading_narrative: bool
        narrative_store: NarrativeStore
        _tmp: Path

        # widgets of the shell, and those one part builds and another shows or hides
        tabs: QTabWidget
        splitter: QSplitter
        message: MessageStrip
        preview: PreviewPane
        save_xlsx_button: QPushButton
        estimate_row_label: QLabel
        estimate_row_combo: QComboBox
        narrative_edits: dict[str, QPlainTextEdit]

        # the shell
        def _button(self, name: str, slot: Callable[[], None]) -> QPushButton: ...
        def _row_label(self, buddy: QWidget) -> QLabel: ...

        # report_form
        def current_form(self) -> str: ...
        def period_code(self) -> str: ...
        def current_period(self) -> Period | None: ...
        def params(self) -> ReportParams: ...
        def _fill_combos(self) -> None: ...
        def settings_width(self) -> int: ...

        # report_estimates
        def estimate_overrides(self, form: str) -> dict[str, int]: ...
        def _reload_estimates(self) -> None: ...
        def _update_estimates_note(self) -> None: ...

        # report_narrative
        def _load_narrative(self) -> None: ...

        # report_finalised
        def _load_finalised(self) -> None: ...

        # report_output
        def _say(self, lines: list[str], style: str = ..., changes: list[Change] | None = None) -> None: ...
        def _say_error(self, exc: BaseException) -> None: ...
        def team_names(self) -> dict[str, str]: ...
        def _temp_pdf(self) -> Path: ...
        def _start_render(self, fn: Callable[..., RenderResult], *args: Any) -> None: ...
        def _start_folder(self) -> Path: ...
        def _ask_save(self, title: str, stem: str, filter_text: str, suffix: str) -> Path | None: ...
        def _save(self, fn_args: tuple[Any, ...], path: Path) -> None: ...

else:
    PagePart = object
