"""The standard workbook of DOMAIN §6: template, import (all or nothing, idempotent by codes), export, and the
conversion of text typed with the old TCVN3 / VNI fonts.

Public API::

    write_template(path) -> Path
    import_workbook(db, path, *, dry_run=False, progress=None, cancel=None) -> ImportReport
    export_workbook(db, path, *, progress=None) -> ExportSummary
    write_error_report(problems, path) -> Path
"""

from __future__ import annotations

from hoagiai_desktop.interchange.error_report import write_error_report
from hoagiai_desktop.interchange.exporter import ExportSummary, export_workbook
from hoagiai_desktop.interchange.importer import (
    ImportCancelled,
    ImportReport,
    Problem,
    SheetCounts,
    import_workbook,
)
from hoagiai_desktop.interchange.template import write_template

__all__ = [
    "ExportSummary",
    "ImportCancelled",
    "ImportReport",
    "Problem",
    "SheetCounts",
    "export_workbook",
    "import_workbook",
    "write_error_report",
    "write_template",
]
