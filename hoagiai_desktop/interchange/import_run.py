"""The state of one workbook import: its report (problems, per-sheet counts, conversions), progress and cancel.

Every step of the import (``import_sheets``, ``import_cells``, ``import_rows``, ``import_plan``, ``import_apply``)
reports through one :class:`ImportRun`; :class:`ImportReport` is what ``import_workbook`` returns.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange.schema import Column, Sheet

ERROR = "error"
WARNING = "warning"

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


@dataclass(frozen=True)
class Problem:
    """One problem of the workbook; ``row`` is the Excel row number (1-based), ``column`` the header text."""

    sheet: str
    row: int | None
    column: str | None
    message: str
    suggestion: str = ""
    severity: str = ERROR
    rule: str | None = None  # the DOMAIN §3 rule ("3.5", "3.8" …) when the finding is one of domain/rules.py

    def location(self) -> str:
        parts = [self.sheet]
        if self.row is not None:
            parts.append(_("row {row}").format(row=self.row))
        if self.column:
            parts.append(_("column “{column}”").format(column=self.column))
        return ", ".join(parts)


@dataclass
class SheetCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


@dataclass
class ImportReport:
    path: Path
    dry_run: bool
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)
    converted_cells: int = 0
    conversion_example: tuple[str, str] | None = None  # (as found, converted)
    conversion_encodings: dict[str, int] = field(default_factory=dict)
    normalised_cells: int = 0  # decomposed Unicode recomposed (NFC)
    unknown_sheets: list[str] = field(default_factory=list)
    written: bool = False  # False after a dry run, on errors, and when the database already held everything
    backup_path: Path | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportCancelled(UserError):
    """The person cancelled the import; nothing was written."""

    exit_code = 130


class ImportRun:
    """State of one import run."""

    def __init__(
        self, report: ImportReport, today: dt.date, progress: ProgressFn | None, cancel: CancelFn | None
    ):
        self.report = report
        self.today = today
        self._progress = progress
        self._cancel = cancel
        self.done = 0
        self.total = 0
        self._reported = 0
        # Codes of every row, also of rows with errors, so a bad cell does not make references to it "unknown".
        self.codes: dict[str, set[str]] = defaultdict(set)
        self.pairs: set[tuple[str, str]] = set()

    def problem(
        self, sheet: Sheet | str, row: int | None, column: Column | str | None, message: str,
        suggestion: str = "", severity: str = ERROR, rule: str | None = None,
    ) -> None:  # fmt: skip
        name = sheet.name if isinstance(sheet, Sheet) else sheet
        col = column.header if isinstance(column, Column) else column
        self.report.problems.append(Problem(name, row, col, message, suggestion, severity, rule))

    def tick(self, n: int = 1) -> None:
        self.done += n
        if self.done - self._reported >= 500 or self.done >= self.total:
            self._reported = self.done
            if self._progress is not None:
                self._progress(min(self.done, self.total), self.total)
            self.check_cancel()

    def check_cancel(self) -> None:
        if self._cancel is not None and self._cancel():
            raise ImportCancelled(_("The import was cancelled; nothing was changed."))
