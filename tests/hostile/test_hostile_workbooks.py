"""Hostile workbooks given to ``hoagiai import``: each is refused with one sentence naming what is wrong, the
data file (a fresh copy of demo data) keeps its SHA-256, and nothing reaches the generic "something unexpected".

The bombs are refused from the zip directory, before anything is unpacked; entities are refused from the first
bytes of each part and, past those, by the XML parser itself (defusedxml, which openpyxl uses when installed).
"""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from hoagiai_desktop import i18n
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.interchange import bounds, import_workbook
from hoagiai_desktop.interchange.reading import read_workbook
from hoagiai_desktop.storage.opening import open_database
from tests.hostile import hostile_workbooks as hw
from tests.hostile.data_files import fresh_copy, make_demo, one_sentence, sha256

DAMAGED = "damaged or incomplete"
ENTITIES = "entities"

CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "zip bomb (48 MB from 50 kB)": (hw.ratio_bomb, "zip bomb"),
    "directory claims 3.9 GB": (
        lambda: hw.lying_sizes(hw.base_xlsx(), hw.sheet_part("ThonTo"), 0xF000_0000),
        "zip bomb",
    ),
    "directory claims too little": (
        lambda: hw.lying_sizes(hw.ratio_bomb(4), hw.sheet_part("ThonTo"), 1000),
        DAMAGED,
    ),
    "10,001 parts": (lambda: hw.many_parts(bounds.MAX_MEMBERS + 1), "parts"),
    "billion laughs": (hw.billion_laughs, ENTITIES),
    "billion laughs after 8 kB of comment": (lambda: hw.billion_laughs(hide_after=8000), ENTITIES),
    "billion laughs in workbook.xml": (lambda: hw.laughs_in("xl/workbook.xml"), ENTITIES),
    "billion laughs in styles.xml": (lambda: hw.laughs_in("xl/styles.xml"), ENTITIES),
    "external entity": (hw.external_entity, ENTITIES),
    "parameter entity": (hw.parameter_entity, ENTITIES),
    "sheet XML cut in half": (hw.broken_sheet, DAMAGED),
    "workbook XML broken": (hw.broken_workbook_part, DAMAGED),
    "file cut short": (hw.truncated_file, DAMAGED),
    "cell claimed at XFD1048576": (hw.far_cell, "cells"),
    "integer of 5,000 digits": (lambda: hw.number_cells({"E": "9" * 5000}), DAMAGED),
}


@pytest.fixture(autouse=True)
def _english() -> None:
    """Sentences are asserted in English (the source strings); the commands are run with --lang en."""
    i18n.set_language("en")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"))


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_workbook_is_refused_with_one_sentence(name: str, demo: Path, tmp_path: Path) -> None:
    make, expected = CASES[name]
    data = fresh_copy(demo, tmp_path / "data")
    workbook = tmp_path / "hostile.xlsx"
    workbook.write_bytes(make())
    before = sha256(data)
    done = subprocess.run(
        ["hoagiai", "--lang", "en", "--db", str(data), "import", str(workbook)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert one_sentence(done.stderr), done.stderr
    assert expected in done.stderr, done.stderr
    assert "unexpected" not in done.stderr
    assert sha256(data) == before


def test_a_bomb_is_refused_before_it_is_unpacked(demo: Path, tmp_path: Path) -> None:
    """Peak memory of the refusing process stays near that of an idle one: nothing was unpacked (48 MB here;
    3.8 GB and two minutes before the check, with a larger bomb)."""
    data = fresh_copy(demo, tmp_path / "data")
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(hw.ratio_bomb(400))
    assert bomb.stat().st_size < 1024 * 1024
    code = (
        "import sys\n"
        "from hoagiai_desktop.cli import main\n"
        f"rc = main(['--lang', 'en', '--db', {str(data)!r}, 'import', {str(bomb)!r}])\n"
        "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run(["python", "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "zip bomb" in done.stderr, done.stderr
    peak_kib = int(done.stdout.strip().splitlines()[-1])
    assert peak_kib < 300 * 1024  # an idle CLI peaks near 100 MB; unpacking would need more than 400 MB


def test_unpacked_size_and_cell_limits_are_enforced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits themselves, made small: a normal workbook over them is refused with their sentences."""
    path = tmp_path / "base.xlsx"
    path.write_bytes(hw.base_xlsx())
    monkeypatch.setattr(bounds, "MAX_UNPACKED", 10_000)
    with pytest.raises(bounds.WorkbookTooLarge) as err:
        read_workbook(path)
    assert "unpacks to" in str(err.value) and one_sentence(str(err.value))
    monkeypatch.setattr(bounds, "MAX_UNPACKED", 1024 * 1024 * 1024)
    monkeypatch.setattr(bounds, "MAX_CELLS", 50)
    with pytest.raises(bounds.WorkbookTooLarge) as err:
        read_workbook(path)
    assert "cells" in str(err.value) and one_sentence(str(err.value))
    monkeypatch.setattr(bounds, "MAX_FILE_BYTES", 1000)
    with pytest.raises(bounds.WorkbookTooLarge) as err:
        read_workbook(path)
    assert "too large" in str(err.value) and one_sentence(str(err.value))


def test_openpyxl_parses_with_defusedxml() -> None:
    """openpyxl decides at import whether defusedxml is there; it is a dependency, so it must be."""
    import openpyxl.xml
    import openpyxl.xml.functions

    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")


def test_far_cell_columns_past_the_limit_are_not_read(tmp_path: Path) -> None:
    """A normal wide sheet is read up to MAX_COLUMNS columns; the standard sheets use 16."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(range(bounds.MAX_COLUMNS + 50)))
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    (sheet,) = read_workbook(path)
    assert len(sheet.rows[0]) == bounds.MAX_COLUMNS


def test_xls_input_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Old .xls workbooks go through the same cell budget (and a damaged one gives a sentence)."""
    xls = Path(__file__).parents[1] / "fixtures"
    found = sorted(xls.glob("*.xls"))
    if not found:
        pytest.skip("no .xls fixture in tests/fixtures to read")
    monkeypatch.setattr(bounds, "MAX_CELLS", 3)
    with pytest.raises(bounds.WorkbookTooLarge):
        read_workbook(found[0])
    broken = tmp_path / "broken.xls"
    broken.write_bytes(found[0].read_bytes()[:2000])
    with pytest.raises(UserError) as err:
        read_workbook(broken)
    assert one_sentence(str(err.value))


def test_the_base_workbook_imports_cleanly(demo: Path, tmp_path: Path) -> None:
    """The control: the workbook every hostile one is made from is fine, so each refusal is the attack's."""
    data = fresh_copy(demo, tmp_path / "data")
    path = tmp_path / "base.xlsx"
    path.write_bytes(hw.base_xlsx())
    db = open_database(data)
    try:
        report = import_workbook(db, path, dry_run=True)
    finally:
        db.dispose()
    assert report.ok, [p.message for p in report.errors]
    with zipfile.ZipFile(path) as zf:
        assert len(zf.namelist()) < 20
