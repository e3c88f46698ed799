"""``hoagiai stats`` for a year on province-size data against the same figures computed by raw SQL in one pass.

    .venv/bin/python benchmarks/bench_stats.py [--db PATH] [--period 2025] [--runs 5]

Target (issue 13): the time of ``hoagiai stats --period P`` beyond the start-up of ``hoagiai --help`` within 2× of
the floor — one SQL statement over the same data file (``FLOOR_SQL`` below, run with the standard ``sqlite3``
module) giving every figure of ``stats``. Both are measured in the same run as CPU time (user + system; the
machine may be shared and busy, which wall time would show instead): ``stats`` and ``--help`` as fresh processes
(median of ``--runs``), the floor in a fresh process too (connect + query + fetch, so it pays its own start-up,
which is subtracted the same way as ``--help``'s). Before timing, the floor's figures are checked to equal the
service's (``stats --json``), figure by figure, so the floor is the same work. Not part of the test run: tests never
assert times. Without ``--db`` the data file is made with ``hoagiai demo --size province``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# One statement, one pass over each table the figures need: the §4 definitions written directly in SQLite's SQL
# (:s / :e are the period's first and last day). Kept as lean as the service's own SQL (people counted once by one
# grouping per mediator, one grouped pass over the attendances), so the floor is not slower than what it measures. The figures' keys are those of ``hoagiai stats --json``.
FLOOR_SQL = """
WITH
active_team AS MATERIALIZED (
  SELECT t.id, t.legal_support, v.ethnic_area FROM team t JOIN village v ON v.id = t.village_id
  WHERE (t.decision_date IS NULL OR t.decision_date <= :e) AND (t.dissolved_on IS NULL OR t.dissolved_on > :e)),
active_ms AS MATERIALIZED (
  SELECT ms.team_id, ms.mediator_id, ms.role, md.sex, md.ethnicity, md.legal_qualification, md.background
  FROM membership ms JOIN mediator md ON md.id = ms.mediator_id
  WHERE ms.start_date <= :e AND (ms.end_date IS NULL OR ms.end_date > :e)),
attended AS MATERIALIZED (
  SELECT a.mediator_id, MAX(e.kind = 'chuyen_sau') AS deep_any, MAX(e.end_on >= :s) AS in_period
  FROM attendance a JOIN training_event e ON e.id = a.event_id
  WHERE a.present = 1 AND e.end_on <= :e GROUP BY a.mediator_id),
teams AS (
  SELECT COUNT(*) AS total, SUM(t.legal_support = 1) AS legal_support,
         SUM(COALESCE(s.members, 0) >= 3 AND COALESCE(s.women, 0) >= 1
             AND (t.ethnic_area = 0 OR COALESCE(s.minority, 0) >= 1) AND COALESCE(s.leaders, 0) = 1) AS compliant
  FROM active_team t LEFT JOIN (
    SELECT team_id, COUNT(DISTINCT mediator_id) AS members,
           COUNT(DISTINCT CASE WHEN sex = 'nu' THEN mediator_id END) AS women,
           COUNT(DISTINCT CASE WHEN ethnicity IS NOT NULL AND ethnicity != 'Kinh' THEN mediator_id END) AS minority,
           SUM(role = 'to_truong') AS leaders
    FROM active_ms GROUP BY team_id) s ON s.team_id = t.id),
mediators AS (
  SELECT COUNT(*) AS total, SUM(female) AS female, SUM(minority) AS minority, SUM(legal) AS legal,
         SUM(leaders) AS leaders, SUM(trained) AS trained, SUM(trained_p) AS trained_p, SUM(deep) AS deep
  FROM (
    SELECT ms.mediator_id, MAX(ms.sex = 'nu') AS female,
           MAX(ms.ethnicity IS NOT NULL AND ms.ethnicity != 'Kinh') AS minority,
           MAX((ms.legal_qualification IS NOT NULL AND ms.legal_qualification != 'khong')
               OR ms.background IN ('luat_su', 'luat_gia', 'hoi_tham', 'cong_an', 'quan_doi', 'can_bo_phap_luat',
                                    'nguyen_tham_phan')) AS legal,
           SUM(ms.role = 'to_truong') AS leaders, MAX(a.mediator_id IS NOT NULL) AS trained,
           MAX(COALESCE(a.in_period, 0)) AS trained_p, MAX(ms.role = 'to_truong' AND COALESCE(a.deep_any, 0)) AS deep
    FROM active_ms ms JOIN active_team t ON t.id = ms.team_id LEFT JOIN attended a ON a.mediator_id = ms.mediator_id
    GROUP BY ms.mediator_id)),
flow AS (
  SELECT SUM(start_date BETWEEN :s AND :e) AS recognised, SUM(end_date BETWEEN :s AND :e) AS terminated
  FROM membership),
cases AS (
  SELECT SUM(received_on >= :s) AS new, SUM(received_on < :s) AS carried, COUNT(*) AS handled,
         SUM(category = 'mau_thuan') AS c_mt, SUM(category = 'dan_su') AS c_ds,
         SUM(category = 'hon_nhan_gia_dinh') AS c_hn, SUM(category = 'vi_pham') AS c_vp, SUM(category = 'khac') AS c_k,
         SUM(ended AND result = 'thanh') AS ok, SUM(ended AND result = 'khong_thanh') AS ko,
         SUM(ended AND result = 'thanh' AND category = 'mau_thuan') AS s_mt,
         SUM(ended AND result = 'thanh' AND category = 'dan_su') AS s_ds,
         SUM(ended AND result = 'thanh' AND category = 'hon_nhan_gia_dinh') AS s_hn,
         SUM(ended AND result = 'thanh' AND category = 'vi_pham') AS s_vp,
         SUM(ended AND result = 'thanh' AND category = 'khac') AS s_k,
         SUM(NOT ended AND started) AS ongoing, SUM(NOT ended AND NOT started) AS pending
  FROM (
    SELECT c.category, c.received_on, c.result,
           (c.result IS NOT NULL AND c.ended_on IS NOT NULL AND c.ended_on <= :e) AS ended,
           (EXISTS (SELECT 1 FROM assignment a WHERE a.case_id = c.id AND a.assigned_on <= :e)
            OR EXISTS (SELECT 1 FROM mediation_session x WHERE x.case_id = c.id AND x.held_on <= :e)) AS started
    FROM case_file c
    WHERE c.category != 'ngoai_pham_vi' AND c.received_on <= :e
      AND (c.ended_on IS NULL OR c.result IS NULL OR c.ended_on >= :s))),
news AS (
  SELECT COUNT(*) AS new, SUM(state = 1) AS trained, SUM(state = 2) AS pending, SUM(state = 3) AS overdue
  FROM (
    SELECT CASE WHEN EXISTS (SELECT 1 FROM attendance a JOIN training_event e ON e.id = a.event_id
                             WHERE a.mediator_id = n.mediator_id AND a.present = 1
                               AND e.end_on <= MIN(n.deadline, :e)) THEN 1
                WHEN :e <= n.deadline THEN 2 ELSE 3 END AS state
    FROM (
      SELECT mediator_id, MIN(date(first_on, '+6 months'),
                              date(first_on, 'start of month', '+7 months', '-1 day')) AS deadline
      FROM (SELECT mediator_id, MIN(COALESCE(recognition_date, start_date)) AS first_on
            FROM membership GROUP BY mediator_id)
      WHERE first_on BETWEEN :s AND :e) n))
SELECT
  teams.total AS "teams.total", teams.compliant AS "teams.compliant", teams.legal_support AS "teams.legal_support",
  mediators.total AS "mediators.total", mediators.female AS "mediators.female",
  mediators.minority AS "mediators.ethnic_minority", mediators.legal AS "mediators.legal_background",
  mediators.leaders AS "mediators.leaders", flow.recognised AS "mediators.recognised",
  flow.terminated AS "mediators.terminated",
  cases.new AS "cases.new", cases.carried AS "cases.carried", cases.handled AS "cases.handled",
  cases.c_mt AS "cases.by_category.mau_thuan", cases.c_ds AS "cases.by_category.dan_su",
  cases.c_hn AS "cases.by_category.hon_nhan_gia_dinh", cases.c_vp AS "cases.by_category.vi_pham",
  cases.c_k AS "cases.by_category.khac", cases.ok AS "cases.successful", cases.ko AS "cases.unsuccessful",
  cases.s_mt AS "cases.successful_by_category.mau_thuan", cases.s_ds AS "cases.successful_by_category.dan_su",
  cases.s_hn AS "cases.successful_by_category.hon_nhan_gia_dinh",
  cases.s_vp AS "cases.successful_by_category.vi_pham", cases.s_k AS "cases.successful_by_category.khac",
  cases.ongoing AS "cases.ongoing", cases.pending AS "cases.pending",
  (SELECT COUNT(*) FROM case_file WHERE category = 'ngoai_pham_vi' AND received_on BETWEEN :s AND :e)
    AS "cases.out_of_scope",
  (SELECT COUNT(*) FROM training_event WHERE end_on BETWEEN :s AND :e) AS "training.events",
  mediators.trained AS "training.trained", mediators.trained_p AS "training.trained_in_period",
  news.new AS "training.new", COALESCE(news.trained, 0) AS "training.new_trained_6m",
  COALESCE(news.pending, 0) AS "training.new_pending", COALESCE(news.overdue, 0) AS "training.new_overdue",
  mediators.deep AS "training.leaders_in_depth"
FROM teams, mediators, flow, cases, news
"""

# The floor as a fresh process: connect, run FLOOR_SQL once, derive the four ratios, print the figures as JSON.
FLOOR_SCRIPT = """
import json, sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
cur = con.execute(sys.argv[2], {"s": sys.argv[3], "e": sys.argv[4]})
f = dict(zip([d[0] for d in cur.description], cur.fetchone()))
pct = lambda part, whole: round(part * 100.0 / whole, 1) if whole else 0.0
f["teams.noncompliant"] = f["teams.total"] - f["teams.compliant"]
f["cases.success_rate"] = pct(f["cases.successful"], f["cases.handled"])
f["cases.success_rate_closed"] = pct(f["cases.successful"], f["cases.successful"] + f["cases.unsuccessful"])
f["training.pct_trained"] = pct(f["training.trained"], f["mediators.total"])
print(json.dumps(f))
"""


# Where the service's time goes, in one fresh process (CPU time of each phase, printed as JSON).
BREAKDOWN_SCRIPT = """
import json, sys, time
t0 = time.process_time()
from hoagiai_desktop.services import reporting
from hoagiai_desktop.storage.opening import open_database
t1 = time.process_time()
db = open_database(sys.argv[1], reader=True)
t2 = time.process_time()
reporting.period_figures(db, sys.argv[2], team_rows=False)
t3 = time.process_time()
reporting.period_figures(db, sys.argv[2], team_rows=False)
t4 = time.process_time()
reporting.period_figures(db, sys.argv[2])
t5 = time.process_time()
# The service's own statements, captured as sent, replayed on a bare sqlite3 connection: its SQL without SQLAlchemy.
import sqlite3
from sqlalchemy import event
sent = []
event.listen(db.engine, "before_cursor_execute", lambda c, cur, sql, params, ctx, many: sent.append((sql, params)))
reporting.period_figures(db, sys.argv[2], team_rows=False)
db.dispose()
bare = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
t6 = time.process_time()
for sql, params in sent:
    if sql.split(None, 1)[0].upper() == "SELECT":
        bare.execute(sql, params).fetchall()
t7 = time.process_time()
print(json.dumps({"import": t1 - t0, "open": t2 - t1, "first": t3 - t2, "again": t4 - t3, "with_teams": t5 - t4,
                  "bare": t7 - t6, "statements": sum(s.lstrip().upper().startswith("SELECT") for s, _ in sent)}))
"""


def console_script() -> str:
    beside = Path(sys.executable).with_name("hoagiai")
    found = str(beside) if beside.exists() else shutil.which("hoagiai")
    if not found:
        raise SystemExit("the console script hoagiai is not installed (pip install -e .)")
    return found


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_of(command: list[str], runs: int) -> tuple[float, str]:
    """Median CPU time (user + system) of ``runs`` fresh processes after one warm-up, and the last output."""
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # warm the page cache
    times = []
    for _ in range(runs):
        before = _children_cpu()
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        times.append(_children_cpu() - before)
    return statistics.median(times), out


def flat(nested: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in nested.items():
        if isinstance(value, dict):
            out.update(flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", metavar="PATH", help="a province-size data file (made when missing)")
    parser.add_argument("--period", default="2025", help="a whole year (YYYY)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    hoagiai = console_script()
    work = Path(tempfile.mkdtemp(prefix="hoagiai-bench-stats-"))
    os.environ.setdefault("HOAGIAI_DATA_DIR", str(work))
    path = Path(args.db) if args.db else work / "province.sqlite3"
    if not path.exists():
        print("making the data file: hoagiai demo --size province …", flush=True)
        subprocess.run([hoagiai, "--db", str(path), "demo", "--size", "province"], check=True)
    start, end = f"{args.period}-01-01", f"{args.period}-12-31"
    stats = [hoagiai, "--db", str(path), "stats", "--period", args.period]
    floor = [sys.executable, "-c", FLOOR_SCRIPT, str(path), FLOOR_SQL, start, end]
    floor_start = [sys.executable, "-c", "import json, sqlite3"]

    service = json.loads(
        subprocess.run([*stats, "--json"], check=True, capture_output=True, text=True).stdout
    )
    figures = {k: v for k, v in flat(service).items() if not k.startswith(("actual.", "estimated"))}
    raw = json.loads(subprocess.run(floor, check=True, capture_output=True, text=True).stdout)
    if service.get("estimated"):
        raise SystemExit(f"{args.period} is estimated under the regime in use; choose a whole past year")
    differ = {
        k: (figures.get(k), raw.get(k))
        for k in sorted(set(figures) | set(raw))
        if figures.get(k) != raw.get(k)
    }
    if differ:
        raise SystemExit(f"the floor's figures differ from the service's: {differ}")
    print(f"figures checked: the floor's {len(raw)} figures equal those of hoagiai stats --json")

    help_cpu, _out = cpu_of([hoagiai, "--help"], args.runs)
    stats_cpu, _out = cpu_of(stats, args.runs)
    py_cpu, _out = cpu_of(floor_start, args.runs)
    floor_cpu, _out = cpu_of(floor, args.runs)
    beyond, floor_work = stats_cpu - help_cpu, floor_cpu - py_cpu
    print(
        f"CPU time, median of {args.runs} fresh processes ({path.stat().st_size / 1e6:.0f} MB data file, {args.period}):"
    )
    print(f"  hoagiai --help                          {help_cpu:6.3f} s")
    print(
        f"  hoagiai stats --period {args.period}             {stats_cpu:6.3f} s   beyond --help: {beyond:6.3f} s"
    )
    print(f"  python -c 'import json, sqlite3'        {py_cpu:6.3f} s")
    print(
        f"  raw SQL floor (one statement)           {floor_cpu:6.3f} s   beyond start-up: {floor_work:6.3f} s"
    )
    print(f"ratio stats / floor (each beyond its start-up)   {beyond / floor_work:5.2f}×   (target ≤ 2×)")
    phases = json.loads(
        subprocess.run([sys.executable, "-c", BREAKDOWN_SCRIPT, str(path), args.period], check=True,
                       capture_output=True, text=True).stdout
    )  # fmt: skip
    print("where the service's time goes (one fresh process, CPU):")
    print(f"  import services + SQLAlchemy + models   {phases['import']:6.3f} s")
    print(f"  open the data file                      {phases['open']:6.3f} s")
    print(f"  period_figures, first call (compiles)   {phases['first']:6.3f} s")
    print(
        f"  period_figures, again (SQL cached)      {phases['again']:6.3f} s   vs floor {floor_work:6.3f} s"
    )
    print(
        f"  period_figures with every team's row    {phases['with_teams']:6.3f} s   (what stats ran before)"
    )
    # A second reference, stricter than the one-statement floor: the service's own SELECTs replayed on a bare
    # sqlite3 connection (its SQL is leaner than the handwritten statement, so this shows what the stack costs).
    print(
        f"  the service's {phases['statements']} SELECTs on bare sqlite3      {phases['bare']:6.3f} s   "
        f"→ stats beyond --help is {beyond / phases['bare']:4.2f}× this"
    )


if __name__ == "__main__":
    main()
