"""``hoagiai demo`` on the command line: a one-line summary, a plain sentence when the file is not empty."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hoagiai_desktop.cli import main


def test_demo_fills_an_empty_file_and_prints_one_summary_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite3"
    assert main(["--lang", "en", "--db", str(path), "demo", "--seed", "2", "--today", "2025-12-31"]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and "teams" in out and "cases" in out
    assert err == ""  # progress is only shown for the province size
    con = sqlite3.connect(path)
    try:
        teams, last = con.execute(
            "SELECT (SELECT count(*) FROM team), (SELECT max(received_on) FROM case_file)"
        ).fetchone()
    finally:
        con.close()
    assert f" {teams} teams" in out
    assert last <= "2025-12-31"


def test_demo_refuses_a_file_with_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(path), "demo", "--today", "2025-12-31"]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "--db", str(path), "demo"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip().endswith(".") and err.count("\n") == 1 and "Traceback" not in err


def test_demo_rejects_a_bad_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "en", "--db", str(tmp_path / "x.sqlite3"), "demo", "--today", "31/12/2025"])
    assert exc.value.code == 2
    assert "31/12/2025" in capsys.readouterr().err
