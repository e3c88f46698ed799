"""Timing of the official outputs on province-size demo data (not part of the test run).

    .venv/bin/python benchmarks/bench_reports.py [--keep DIR]

Targets (issue "Official outputs"): thong-ke for a year ≤ 3 s; a logbook of 1,000 cases ≤ 5 s.
The province demo has ~20 cases per team, so the benchmark moves 1,000 cases of one year onto one team in its
own throw-away copy to get a 1,000-case logbook.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import datetime as dt

from sqlalchemy import func, select, update

from hoagiai_desktop.demo import generate
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.reports.render import render_report
from hoagiai_desktop.storage.opening import open_database

TODAY = dt.date(2026, 11, 20)


def timed(label: str, fn: object) -> float:
    start = time.perf_counter()
    result = fn()  # type: ignore[operator]
    took = time.perf_counter() - start
    pages = getattr(result, "pages", "")
    print(f"{label:<58} {took:6.2f} s  {pages} pages")
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", metavar="DIR", help="keep the database and PDFs in DIR")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="hoagiai-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("HOAGIAI_DATA_DIR", str(work))
    path = work / "province.sqlite3"
    if path.exists():
        db = open_database(path)
    else:
        db = open_database(path)
        timed("generate province demo data", lambda: generate(db, size="province", seed=1, today=TODAY))
    with db.reading() as s:
        teams = s.scalar(select(func.count(m.Team.id)))
        cases = s.scalar(select(func.count(m.Case.id)))
    print(f"data: {teams} teams, {cases} cases")
    timed(
        "thong-ke 2025 (year, every team)",
        lambda: render_report(db, "thong-ke", "2025", work / "tk-2025.pdf"),
    )
    timed(
        "thong-ke 2025 + xlsx",
        lambda: render_report(db, "thong-ke", "2025", work / "tk.pdf", xlsx=work / "tk.xlsx"),
    )
    timed(
        "thong-ke 2026-Y1 (estimates)", lambda: render_report(db, "thong-ke", "2026-Y1", work / "tk-y1.pdf")
    )
    with db.transaction(audit=False) as s:
        team = s.scalars(select(m.Team).order_by(m.Team.code)).first()
        assert team is not None
        ids = list(s.scalars(select(m.Case.id).where(m.Case.received_on >= dt.date(2025, 1, 1),
                                                     m.Case.received_on <= dt.date(2025, 12, 31))
                             .order_by(m.Case.id).limit(1000)))  # fmt: skip
        s.execute(update(m.Case).where(m.Case.id.in_(ids)).values(team_id=team.id))
        code = team.code
    print(f"moved {len(ids)} cases of 2025 onto team {code}")
    timed(f"so-theo-doi 2025 for {code} ({len(ids)}+ cases)",
          lambda: render_report(db, "so-theo-doi", "2025", work / "logbook.pdf", team_code=code))  # fmt: skip
    timed(f"so-theo-doi 2025 for {code} + xlsx",
          lambda: render_report(db, "so-theo-doi", "2025", work / "logbook2.pdf", team_code=code,
                                xlsx=work / "logbook.xlsx"))  # fmt: skip
    timed("danh-sach 2025 (every team)", lambda: render_report(db, "danh-sach", "2025", work / "ds.pdf"))
    timed("bao-cao 2025", lambda: render_report(db, "bao-cao", "2025", work / "bc.pdf"))
    timed("de-an 2025", lambda: render_report(db, "de-an", "2025", work / "da.pdf"))
    db.dispose()
    print(f"files in {work}")


if __name__ == "__main__":
    main()
