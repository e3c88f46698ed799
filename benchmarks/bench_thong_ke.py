"""The province-size statistical report against a bare ReportLab table of the same rows, columns and font.

    .venv/bin/python benchmarks/bench_thong_ke.py [--db PATH] [--period 2025] [--repeat 3]

Target (issue 11): ``thong-ke`` for 3,000 team rows within 1.5× of a bare ReportLab table built in the same run
(the same cells as plain strings, the same column widths, fonts and sizes, landscape A4, the header repeated on
every page, a grid). Both are timed in this process (CPU time), best of ``--repeat`` runs; the script prints the ratio of
the whole report (figures from the database + layout + PDF) and of its drawing part alone (from the collected
figures). Not part of the test run: tests never assert times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from hoagiai_desktop.domain import periods
from hoagiai_desktop.reports import fonts, nd30, render, thong_ke
from hoagiai_desktop.storage.opening import open_database

TODAY = dt.date(2026, 11, 20)


def best(fn: Callable[[], Any], repeat: int) -> float:
    """The shortest CPU time of ``repeat`` runs (CPU, not wall-clock: the machine may be shared and busy)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def bare_table(data: dict[str, Any]) -> bytes:
    """The same table drawn the plainest way ReportLab can: strings in a Table, one style, one build."""
    grid = thong_ke.grid(data)
    fonts.register()
    n = grid.columns
    head = [["" for _ in range(n)] for _ in range(grid.header_rows)]
    for c in grid.header:
        head[c.row][c.col] = c.text
    rows = [[("" if v is None else str(v)) for v in r] for r in grid.rows]
    widths = [w / sum(grid.widths_mm) * nd30.frame_width(True) for w in grid.widths_mm]
    table = Table(head + rows, colWidths=widths, repeatRows=grid.header_rows)
    table.setStyle(
        TableStyle(
            [
                (
                    "FONT",
                    (0, 0),
                    (-1, grid.header_rows - 1),
                    fonts.BOLD,
                    grid.header_font_size or grid.font_size,
                ),
                ("FONT", (0, grid.header_rows), (-1, -1), fonts.REGULAR, grid.font_size),
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
            ]
        )
    )
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4))
    doc.build([table])
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", metavar="PATH", help="a province-size data file (made when missing)")
    parser.add_argument("--period", default="2025")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hoagiai-bench-tk-"))
    os.environ.setdefault("HOAGIAI_DATA_DIR", str(work))
    periods.today = lambda: TODAY  # type: ignore[assignment]  # the period is over on this day
    path = Path(args.db) if args.db else work / "province.sqlite3"
    db = open_database(path)
    if not args.db or not path.stat().st_size > 1_000_000:
        from hoagiai_desktop.demo import generate

        generate(db, size="province", seed=1, today=TODAY)
    req = render.make_request("thong-ke", args.period)
    data = render.collect(db, req)
    print(
        f"thong-ke {args.period}: {len(data['rows']) - 1} team rows, {len(data['rows'][0]['values'])} columns"
    )
    out = work / "tk.pdf"
    whole = best(lambda: render.render_report(db, "thong-ke", args.period, out), args.repeat)
    collect = best(lambda: render.collect(db, req), args.repeat)
    drawing = best(lambda: render.render_collected(data, out, None), args.repeat)
    bare = best(lambda: bare_table(data), args.repeat)
    pages = render.render_collected(data, out, None).pages
    print(f"bare ReportLab table (same rows, columns, font)  {bare:6.2f} s")
    print(f"thong-ke: figures from the database             {collect:6.2f} s")
    print(f"thong-ke: drawing from the collected figures    {drawing:6.2f} s  ({pages} pages)")
    print(f"thong-ke: whole report                          {whole:6.2f} s")
    print(f"ratio whole / bare    {whole / bare:4.2f}×   (target ≤ 1.5×)")
    print(f"ratio drawing / bare  {drawing / bare:4.2f}×")
    db.dispose()


if __name__ == "__main__":
    main()
