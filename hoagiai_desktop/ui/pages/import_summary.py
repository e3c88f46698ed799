"""What a check or an import of a workbook found, in sentences and in the per-sheet counts table.

Pure wording of an :class:`~hoagiai_desktop.interchange.ImportReport` (the page's message, the result of an import,
the TCVN3 / VNI conversion, the problems heading) and :class:`CountsTable`, which shows per sheet how many rows would
be (or were) added, updated, left unchanged or refused.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableWidget, QTableWidgetItem

from hoagiai_desktop.i18n import _, format_number, ngettext
from hoagiai_desktop.interchange import ImportReport
from hoagiai_desktop.interchange.schema import SHEETS
from hoagiai_desktop.ui.pages.import_problems import ERROR_COLOUR


def refused_rows(report: ImportReport) -> dict[str, int]:
    """Per sheet, how many distinct rows have at least one error (those rows are not imported)."""
    rows: dict[str, set[int]] = {}
    for p in report.errors:
        if p.row is not None:
            rows.setdefault(p.sheet, set()).add(p.row)
    return {sheet: len(found) for sheet, found in rows.items()}


def has_changes(report: ImportReport) -> bool:
    return any(c.added or c.updated for c in report.counts.values())


def analysis_message(report: ImportReport) -> tuple[str, str]:
    """The page's sentence after a check, and its kind ("error" | "ok" | "info")."""
    n_err = len(report.errors)
    if n_err:
        return (
            ngettext(
                "The workbook has {n} error. Correct it in Excel, save, and press “Check again”; "
                "nothing can be imported while there is an error.",
                "The workbook has {n} errors. Correct them in Excel, save, and press “Check again”; "
                "nothing can be imported while there is an error.",
                n_err,
            ).format(n=format_number(n_err)),
            "error",
        )
    if has_changes(report):
        return _("The workbook is ready to import."), "ok"
    return _("Everything in this workbook is already in the database; there is nothing to import."), "info"


def result_sentence(report: ImportReport) -> str:
    added = sum(c.added for c in report.counts.values())
    updated = sum(c.updated for c in report.counts.values())
    unchanged = sum(c.unchanged for c in report.counts.values())
    text = ngettext(
        "Imported: {added} row added, {updated} updated, {unchanged} unchanged.",
        "Imported: {added} rows added, {updated} updated, {unchanged} unchanged.",
        added,
    ).format(added=format_number(added), updated=format_number(updated), unchanged=format_number(unchanged))
    if report.backup_path is not None:
        text += " " + _("The data as it was before is in the backup {file}.").format(
            file=report.backup_path.name
        )
    return text


def conversion_sentence(report: ImportReport) -> str:
    """How many cells typed with the old TCVN3 / VNI fonts were converted, with an example; "" when none."""
    if not report.converted_cells or report.conversion_example is None:
        return ""
    before, after = report.conversion_example
    return ngettext(
        "{n} cell typed in TCVN3/VNI was converted, e.g. «{before}» → «{after}».",
        "{n} cells typed in TCVN3/VNI were converted, e.g. «{before}» → «{after}».",
        report.converted_cells,
    ).format(n=format_number(report.converted_cells), before=before, after=after)


def problems_heading(report: ImportReport) -> str:
    n_err, n_warn = len(report.errors), len(report.warnings)
    if not report.problems:
        return _("No problems found")
    parts = []
    if n_err:
        parts.append(ngettext("{n} error", "{n} errors", n_err).format(n=format_number(n_err)))
    if n_warn:
        parts.append(ngettext("{n} warning", "{n} warnings", n_warn).format(n=format_number(n_warn)))
    return _("Problems: {list}").format(list=", ".join(parts))


class CountsTable(QTableWidget):
    """Per sheet and in total: rows to add / update / unchanged / refused (after an import: what it did)."""

    def __init__(self) -> None:
        super().__init__(0, 5)
        self.setObjectName("counts")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().setMinimumSectionSize(90)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_report(self, report: ImportReport, imported: bool) -> None:
        if imported:
            headers = [_("Sheet"), _("Added"), _("Updated"), _("Unchanged"), _("Refused")]
        else:
            headers = [
                _("Sheet"),
                _("To add"),
                _("To update"),
                _("Unchanged"),
                _("Refused (rows with errors)"),
            ]
        self.setHorizontalHeaderLabels(headers)
        refused = refused_rows(report)
        has_errors = bool(report.errors)
        names = [s.name for s in SHEETS]
        self.setRowCount(len(names) + 1)
        totals = [0, 0, 0, 0]
        for r, name in enumerate(names):
            c = report.counts.get(name)
            values = [
                c.added if c else 0,
                c.updated if c else 0,
                c.unchanged if c else 0,
                refused.get(name, 0),
            ]
            totals = [t + v for t, v in zip(totals, values, strict=True)]
            self._set_row(r, name, values, has_errors, bold=False)
        self._set_row(len(names), _("Total"), totals, has_errors, bold=True)
        self.resizeRowsToContents()
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(height)

    def _set_row(self, row: int, name: str, values: list[int], has_errors: bool, *, bold: bool) -> None:
        cells = [name] + [("—" if has_errors and i < 3 else format_number(v)) for i, v in enumerate(values)]
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if col:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == 4 and values[3]:
                item.setForeground(QColor(ERROR_COLOUR))
            if bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.setItem(row, col, item)
