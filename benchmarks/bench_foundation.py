"""Foundation figures on province-size demo data (printed, never asserted).

    .venv/bin/python benchmarks/bench_foundation.py [--keep DIR]

1. ``hoagiai demo --size province`` (target ≤ 90 s);
2. ``hoagiai stats --period <year>`` minus the bare start-up of ``hoagiai --help`` (target ≤ 0.5 s);
3. ``hoagiai export`` of the province data, then ``hoagiai import`` of that workbook into an empty file (target ≤ 60 s),
   and whether the figures of the import equal the original's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(*args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "hoagiai_desktop", *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"hoagiai {' '.join(args)} failed: {result.stderr.strip()}")
    return elapsed, result


def best_of(n: int, *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    runs = [run(*args) for _ in range(n)]
    return min(runs, key=lambda r: r[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="folder to keep the generated files in")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="hoagiai-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "province.sqlite3"
    db.unlink(missing_ok=True)
    year = str(dt.date.today().year - 1)

    demo_s, _ = run("--db", str(db), "demo", "--size", "province", "--seed", "1")
    print(f"demo --size province: {demo_s:.1f} s  ({db.stat().st_size / 1e6:.0f} MB)")

    help_s, _ = best_of(3, "--help")
    stats_s, stats = best_of(3, "--db", str(db), "stats", "--period", year, "--json")
    print(
        f"hoagiai --help: {help_s:.2f} s; stats --period {year}: {stats_s:.2f} s; beyond start-up: {stats_s - help_s:.2f} s"
    )

    xlsx = folder / "province.xlsx"
    export_s, _ = run("--db", str(db), "export", str(xlsx))
    print(f"export: {export_s:.1f} s  ({xlsx.stat().st_size / 1e6:.1f} MB)")
    copy = folder / "imported.sqlite3"
    copy.unlink(missing_ok=True)
    import_s, _ = run("--db", str(copy), "import", str(xlsx))
    print(f"import of the exported workbook into an empty file: {import_s:.1f} s")
    _, again = run("--db", str(copy), "stats", "--period", year, "--json")
    same = json.loads(again.stdout) == json.loads(stats.stdout)
    print(f"figures after export → import equal the original: {same}")


if __name__ == "__main__":
    main()
