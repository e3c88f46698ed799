"""Preview, save and print on the reports page, and the strip of sentences above the pages.

A report is built on the database worker into a private folder (:func:`~.report_jobs.render_params`) and its pages
shown by :class:`~.report_preview.PreviewPane`; Save PDF / Save Excel build it again into the file chosen; Print
sends the pages shown to a printer from a thread pool. Save and Print act on the finalised report shown, else on the
report chosen on the Report tab.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
)

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, ngettext
from hoagiai_desktop.reports.render import (
    CHANGED_NOTICE,
    TABULAR_FORMS,
    Change,
    RenderResult,
)
from hoagiai_desktop.ui.options import REPORTS_FOLDER
from hoagiai_desktop.ui.pages.detail import BAD_STYLE, OK_STYLE, WARN_STYLE
from hoagiai_desktop.ui.pages.report_jobs import ReportParams, notice_lines, render_finalised, render_params
from hoagiai_desktop.ui.pages.report_parts import PagePart
from hoagiai_desktop.ui.pages.report_preview import print_pages

NOTICE_LINES_SHOWN = 5  # above the pages; the Finalised tab lists them all


def file_stem(form: str, period: str | None) -> str:
    return f"{form}-{period}".replace(":", "_") if period else form


class ReportOutputPart(PagePart):
    """Mixed into :class:`~.reports_page.ReportsPage`: preview, save, print and the sentences strip."""

    # -- preview -------------------------------------------------------------------------------------------------

    def _say(self, lines: list[str], style: str = OK_STYLE, changes: list[Change] | None = None) -> None:
        """Sentences in the strip above the pages; ``changes`` adds the official notice with the first few."""
        if not changes:
            self.message.show_lines(lines, style)
            return
        notice = [f"{CHANGED_NOTICE}:"] + [
            f"    {line}" for line in notice_lines(changes, self.team_names(), limit=NOTICE_LINES_SHOWN)
        ]
        self.message.setText("\n".join([f"• {line}" for line in lines] + notice))
        self.message.setStyleSheet(WARN_STYLE)
        self.message.show()

    def team_names(self) -> dict[str, str]:
        return dict(self.choices.teams)

    def _say_error(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self._say([str(exc)], BAD_STYLE)
        else:
            self.ctx.show_error(exc, self)

    def _temp_pdf(self) -> Path:
        self._previews += 1
        return self._tmp / f"preview-{self._previews}.pdf"

    def _start_render(self, fn: Callable[..., RenderResult], *args: Any) -> None:
        if self._render_job is not None:
            self._render_job.cancel()
        self._say([_("Building the report…")], OK_STYLE)
        self._render_job = self.ctx.run(fn, *args, on_done=self._rendered, on_error=self._render_failed)

    def preview_report(self) -> None:
        try:
            params = self.params()
        except UserError as exc:
            self._say_error(exc)
            return
        self.shown_finalised = None
        self._start_render(render_params, params, self._temp_pdf(), None)

    def _rendered(self, result: RenderResult) -> None:
        self._render_job = None
        old = self.result
        self.result = result
        if (
            old is not None
            and old.pdf != result.pdf
            and old.pdf.parent == self._tmp
            and self._printer is None
        ):
            with contextlib.suppress(OSError):
                old.pdf.unlink()
        self._show_result_lines(result)
        self.preview.show_pdf(result.pdf, result.pages)
        self.rendered.emit()

    def _show_result_lines(self, result: RenderResult) -> None:
        lines: list[str] = []
        if result.finalised_id is not None:
            lines.append(
                _("Finalised report No. {id}, shown exactly as it was finalised.").format(
                    id=result.finalised_id
                )
            )
        lines.append(ngettext("{n} page.", "{n} pages.", result.pages).format(n=result.pages))
        if result.reference_layout:
            lines.append(
                _("The statistical form uses the reference layout (Mẫu tham khảo) {version}.").format(
                    version=result.definition_version
                )
            )
        if result.estimated_cells:
            lines.append(
                ngettext(
                    "{n} cell is estimated and marked with * on the paper.",
                    "{n} cells are estimated and marked with * on the paper.",
                    result.estimated_cells,
                ).format(n=result.estimated_cells)
            )
        self._say(lines, OK_STYLE, result.changes)

    def _render_failed(self, exc: BaseException) -> None:
        self._render_job = None
        self._say_error(exc)

    # -- saving ----------------------------------------------------------------------------------------------------

    def _start_folder(self) -> Path:
        saved = REPORTS_FOLDER.get(self.ctx.settings)
        if saved and Path(saved).is_dir():
            return Path(saved)
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs) if docs and Path(docs).is_dir() else Path.home()

    def _ask_save(self, title: str, stem: str, filter_text: str, suffix: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(self._start_folder() / (stem + suffix)),
                                                      filter_text)  # fmt: skip
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        REPORTS_FOLDER.set(self.ctx.settings, str(path.parent))
        return path

    def _target(self) -> tuple[str, str | None, ReportParams | None, int | None] | None:
        """What Save / Print act on: the finalised report shown, else the report chosen on the left."""
        if self.shown_finalised is not None:
            row = next((r for r in self.finalised if r.id == self.shown_finalised), None)
            if row is not None:
                return row.form, row.period, None, row.id
        try:
            params = self.params()
        except UserError as exc:
            self._say_error(exc)
            return None
        return params.form, params.period, params, None

    def _save(self, fn_args: tuple[Any, ...], path: Path) -> None:
        self._say([_("Saving {file}…").format(file=path.name)], OK_STYLE)
        self.ctx.run(*fn_args, on_done=self._saved, on_error=self._say_error)

    def save_pdf(self) -> None:
        target = self._target()
        if target is None:
            return
        form, period, params, fid = target
        path = self._ask_save(
            _("Save the report as PDF"), file_stem(form, period), _("PDF document (*.pdf)"), ".pdf"
        )
        if path is None:
            return
        if fid is not None:
            self._save((render_finalised, fid, path, None), path)
        else:
            self._save((render_params, params, path, None), path)

    def save_xlsx(self) -> None:
        target = self._target()
        if target is None:
            return
        form, period, params, fid = target
        if form not in TABULAR_FORMS:
            self._say([_("This report has no table to save as an Excel workbook.")], BAD_STYLE)
            return
        path = self._ask_save(
            _("Save the table as an Excel workbook"),
            file_stem(form, period),
            _("Excel workbook (*.xlsx)"),
            ".xlsx",
        )
        if path is None:
            return
        if fid is not None:
            self._save((render_finalised, fid, self._temp_pdf(), path), path)
        else:
            self._save((render_params, params, self._temp_pdf(), path), path)

    def _saved(self, result: RenderResult) -> None:
        path = result.xlsx or result.pdf
        lines = [_("Saved {file}.").format(file=str(path))]
        self._say(lines, OK_STYLE, result.changes)
        self.ctx.status(_("Saved {file}.").format(file=str(path)))
        self.saved.emit(path)

    # -- printing --------------------------------------------------------------------------------------------------

    def new_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.result.pdf.stem if self.result else "report")
        return printer

    def ask_printer(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the report"))
        return dialog.exec() == QDialog.DialogCode.Accepted

    def print_report(self) -> None:
        result = self.result
        if result is None:
            self._say([_("Press Preview first, then print what you see.")], WARN_STYLE)
            return
        if self.preview.kind is None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.pdf)))
            self._say([_("The PDF was opened in the computer's PDF viewer; print it from there.")], OK_STYLE)
            return
        printer = self.new_printer()
        if not self.ask_printer(printer):
            return
        self._printer = printer
        pdf, pages, kind = result.pdf, result.pages, self.preview.kind
        self._say([_("Sending the pages to the printer…")], OK_STYLE)
        self.preview.runner.start(
            lambda: print_pages(pdf, pages, printer, kind), self._printed, self._print_failed
        )

    def _printed(self, pages: int) -> None:
        self._printer = None
        self.printed_pages = pages
        self._say(
            [
                ngettext("Sent {n} page to the printer.", "Sent {n} pages to the printer.", pages).format(
                    n=pages
                )
            ]
        )

    def _print_failed(self, exc: BaseException) -> None:
        self._printer = None
        self._say_error(exc)
