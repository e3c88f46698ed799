"""Time a verified backup of a province-size data file, and the other data-safety operations on it.

Run: ``.venv/bin/python benchmarks/bench_backup.py [--db PATH]``. Without ``--db`` a province demo file is generated
once (``hoagiai_desktop.demo.generate(db, size="province")``) in a temporary folder; generating is not timed.
Prints the time of: backup + verify (online backup API, integrity_check, row counts), encrypted export
(AES-256-GCM) with SHA-256 read-back, restore preview, restore, and the full data check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hoagiai_desktop.storage import backup, integrity, restore
from hoagiai_desktop.storage.opening import open_database

T = TypeVar("T")


def timed(label: str, fn: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = fn()
    print(f"{label:<44} {time.perf_counter() - started:8.2f} s")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--db", type=Path, help="an existing data file to copy and measure (default: generate one)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "province.sqlite3"
        if args.db:
            import shutil

            shutil.copy(args.db, path)
        else:
            from hoagiai_desktop.demo import generate

            print("generating the province demo data (not timed)…", file=sys.stderr)
            db = open_database(path)
            try:
                generate(db, size="province", seed=1, today=dt.date(2026, 6, 30))
            finally:
                db.dispose()
        db = open_database(path)
        try:
            size_mb = path.stat().st_size / 1e6
            info = timed("backup + verify", lambda: backup.make_backup(db, reason="manual"))
            print(f"  {size_mb:.1f} MB data file; records: {backup.describe_counts(info.counts)}")
            out = Path(tmp) / "usb"
            out.mkdir()
            timed(
                "encrypted export + SHA-256 read-back",
                lambda: backup.backup_to(db, str(out) + "/", password="benchmark password"),
            )
            timed("restore preview", lambda: restore.preview(info.path))
            result = timed("restore (safety backup, swap, reopen)", lambda: restore.restore(db, info.path))
            db = result.db
            report = timed("data check (5 years of invariants, rules)", lambda: integrity.check_database(db))
            print(
                f"  {len(report.errors)} errors, {len(report.warnings)} warnings, {len(report.findings)} findings"
            )
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
