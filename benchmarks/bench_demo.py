"""Time ``hoagiai demo --size province`` (≈ 3,000 teams, 20,000 mediators, 60,000 cases in one data file).

Run: ``.venv/bin/python benchmarks/bench_demo.py [--seed N] [--keep PATH]``. Prints the time and the row counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from hoagiai_desktop.demo import generate
from hoagiai_desktop.storage.opening import open_database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", default="province", choices=("commune", "province"))
    parser.add_argument("--keep", type=Path, help="write the data file here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "province.sqlite3"
        db = open_database(path)
        started = time.perf_counter()
        try:
            counts = generate(
                db,
                size=args.size,
                seed=args.seed,
                today=dt.date(2026, 6, 30),
                progress=lambda msg: print(
                    f"  [{time.perf_counter() - started:6.1f} s] {msg}", file=sys.stderr
                ),
            )
        finally:
            db.dispose()
        elapsed = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6
    print(
        f"demo --size {args.size} --seed {args.seed}: {elapsed:.1f} s, {sum(counts.values()):,} rows, {size_mb:.0f} MB"
    )
    for table, n in counts.items():
        print(f"  {table:<18} {n:>8,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
