"""Read-only commands run while another instance holds the writer lock; writing commands are refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hoagiai_desktop.storage.opening import open_database


def hoagiai(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hoagiai_desktop", *args], capture_output=True, text=True, timeout=120
    )


def test_stats_and_export_run_beside_a_writer_but_demo_is_refused(db_path: Path, tmp_path: Path) -> None:
    holder = open_database(db_path)  # plays the open window: holds the writer lock
    try:
        stats = hoagiai("--db", str(db_path), "stats", "--period", "2025", "--json")
        assert stats.returncode == 0, stats.stderr
        export = hoagiai("--db", str(db_path), "export", str(tmp_path / "out.xlsx"))
        assert export.returncode == 0, export.stderr
        demo = hoagiai("--db", str(db_path), "demo")
        assert demo.returncode == 5 and "Traceback" not in demo.stderr and demo.stderr.strip()
    finally:
        holder.dispose()
    assert hoagiai("--db", str(db_path), "demo").returncode == 0


def test_read_only_database_does_not_change_the_journal_mode(db_path: Path) -> None:
    import sqlite3

    open_database(db_path).dispose()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    db = open_database(db_path, read_only=True, migrate=False)
    try:
        with db.reading() as session:
            assert (
                session.execute(__import__("sqlalchemy").text("SELECT COUNT(*) FROM village")).scalar() == 0
            )
    finally:
        db.dispose()
