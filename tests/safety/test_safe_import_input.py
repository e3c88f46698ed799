"""Bad files given to ``hoagiai import``: one sentence, non-zero exit, the data file unchanged."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.cli import main

pytest.importorskip("hoagiai_desktop.interchange.importer")


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.mark.parametrize("kind", ["garbage", "empty", "truncated", "sqlite", "pdf"])
def test_bad_files_given_to_import(
    filled: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = filled.path
    filled.dispose()
    template = tmp_path / "template.xlsx"
    assert main(["--lang", "en", "--db", str(path), "template", str(template)]) == 0
    bad = tmp_path / f"{kind}.xlsx"
    if kind == "garbage":
        bad.write_bytes(b"\x00\xffnot a workbook" * 100)
    elif kind == "empty":
        bad.write_bytes(b"")
    elif kind == "truncated":
        bad.write_bytes(template.read_bytes()[: template.stat().st_size // 2])
    elif kind == "sqlite":
        shutil.copy(path, bad)
    else:
        bad.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")
    capsys.readouterr()
    before = _dump(path)
    rc = main(["--lang", "en", "--db", str(path), "import", str(bad)])
    out, err = capsys.readouterr()
    assert rc != 0
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err + out
    assert _dump(path) == before
