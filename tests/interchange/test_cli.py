"""``hoagiai template | import | export`` from the command line: exit codes and one-sentence errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from hoagiai_desktop.cli import main
from tests.interchange.conftest import sample_rows, snapshot


def test_template_command_writes_the_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "mau.xlsx"
    assert main(["--db", str(tmp_path / "d.sqlite3"), "template", str(out)]) == 0
    assert openpyxl.load_workbook(out)["ThonTo"]["A1"].value == "Mã thôn"


def test_import_then_export_then_dry_run(tmp_path: Path, workbook: Callable[..., Path],
                                         capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    db = str(tmp_path / "d.sqlite3")
    assert main(["--db", db, "--lang", "en", "import", str(workbook())]) == 0
    out = capsys.readouterr().out
    assert "VuViec: 5 added, 0 updated, 0 unchanged" in out
    exported = tmp_path / "xuat.xlsx"
    assert main(["--db", db, "--lang", "en", "export", str(exported)]) == 0
    assert "VuViec: 5 rows" in capsys.readouterr().out
    assert main(["--db", db, "--lang", "en", "import", "--dry-run", str(exported)]) == 0
    out = capsys.readouterr().out
    assert "VuViec: 0 added, 0 updated, 5 unchanged" in out and "--dry-run" in out


def test_import_with_errors_exits_non_zero_and_writes_the_error_report(
    tmp_path: Path, workbook: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "d.sqlite3"
    rows = sample_rows()
    rows["VuViec"][0][1] = "THG99"
    errors = tmp_path / "loi.xlsx"
    assert (
        main(["--db", str(db), "--lang", "en", "import", str(workbook(rows)), "--errors", str(errors)]) == 2
    )
    err = capsys.readouterr().err
    assert "VuViec, row 2, column “Mã tổ”" in err and "nothing was imported" in err
    assert openpyxl.load_workbook(errors)["LoiNhap"]["B2"].value == 2
    assert snapshot(db)["village"] == 0


def test_import_of_a_non_workbook_prints_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "x.xlsx"
    bad.write_text("hello")
    code = main(["--db", str(tmp_path / "d.sqlite3"), "--lang", "en", "import", str(bad)])
    err = capsys.readouterr().err.strip()
    assert code != 0 and "\n" not in err and "Traceback" not in err
    assert err.startswith("The file x.xlsx is not an Excel workbook")
