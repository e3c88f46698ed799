"""How the Vụ việc and Tập huấn pages feel on province-size data (``hoagiai demo --size province``).

Generates the sample data once into a temp file (reused by later runs; ``--fresh`` regenerates), builds the real
window offscreen and measures, with a QTimer probe for the longest event-loop stall in each phase:

* case list: page shown → ids listed and the first screen of rows painted (target ≤ 1 s);
* filters and searches: change → new ids and the first screen of rows (target ≤ 200 ms);
* case form: open a case with everything loaded;
* attendance: roster of every active mediator loaded, scrolled top to bottom, filtered, a whole team ticked.

Usage: ``.venv/bin/python benchmarks/bench_cases_window.py [--db PATH] [--fresh] [--seed N]``.
Figures are printed; nothing is asserted (timings depend on the machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def guard_none_refcount() -> None:
    """PySide6 6.12 on CPython 3.11 drops one reference to None on every call of a void Qt method from Python
    (``app.processEvents()``, ``w.repaint()``: -1 each, measured with ``sys.getrefcount(None)``); a long run
    then dies with "Fatal Python error: none_dealloc". CPython ≥ 3.12 makes None immortal. Until the app
    carries a fix, give None a huge reference count here so the measurement can run to the end."""
    if sys.version_info < (3, 12):
        import ctypes

        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


guard_none_refcount()

from PySide6.QtCore import QElapsedTimer, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from hoagiai_desktop.domain import models as m  # noqa: E402
from hoagiai_desktop.domain.enums import Result  # noqa: E402
from hoagiai_desktop.storage.opening import open_database  # noqa: E402


class StallProbe(QObject):
    """A 5 ms timer; the longest gap between two ticks minus 5 ms is the longest the event loop was blocked."""

    INTERVAL = 5

    def __init__(self) -> None:
        super().__init__()
        self.clock = QElapsedTimer()
        self.timer = QTimer(self)
        self.timer.setInterval(self.INTERVAL)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.worst = 0

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.worst = 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.worst = max(self.worst, now - self.last - self.INTERVAL)
        self.last = now

    def take(self) -> int:
        """The worst stall since the last call (ms), including the time since the last tick."""
        now = self.clock.elapsed()
        worst = max(self.worst, now - self.last - self.INTERVAL, 0)
        self.worst = 0
        self.last = now
        return int(worst)


def pump_until(app: QApplication, done: Callable[[], bool], timeout_s: float = 60.0) -> float:
    """Run the event loop until ``done()``; return the elapsed seconds."""
    start = time.perf_counter()
    while not done():
        app.processEvents()
        if time.perf_counter() - start > timeout_s:
            raise TimeoutError("the window did not answer in time")
        time.sleep(0.0005)
    return time.perf_counter() - start


def database(path: Path, fresh: bool, seed: int) -> object:
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    existed = path.exists()
    db = open_database(path)
    if not existed:
        from hoagiai_desktop.demo import generate

        start = time.perf_counter()
        counts = generate(db, "province", seed=seed, progress=lambda msg: print("  " + msg, file=sys.stderr))
        print(f"generated province data in {time.perf_counter() - start:.1f} s: {counts}")
    return db


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "hoagiai-bench-province.sqlite3"
    )
    parser.add_argument("--fresh", action="store_true", help="regenerate the sample data")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from hoagiai_desktop.ui.application import build_window, ensure_app

    app = ensure_app()
    db = database(args.db, args.fresh, args.seed)
    with db.reading() as s:  # type: ignore[attr-defined]
        n_cases = s.scalar(select(func.count()).select_from(m.Case))
        n_mediators = s.scalar(select(func.count()).select_from(m.Mediator))
        busy_case = s.execute(
            select(m.Case.id).where(m.Case.result == Result.THANH).order_by(m.Case.ended_on.desc()).limit(1)
        ).scalar()
        event_id = s.execute(
            select(m.TrainingEvent.id).order_by(m.TrainingEvent.end_on.desc()).limit(1)
        ).scalar()
    print(f"data: {args.db} — {n_cases} cases, {n_mediators} mediators")
    window = build_window(db)
    window.ctx.worker.default_error_handler = lambda exc: print(
        "  ERROR:", type(exc).__name__, exc, getattr(exc, "details", ""), file=sys.stderr
    )
    window.resize(1366, 768)
    window.show()
    worker = window.ctx.worker
    probe = StallProbe()
    probe.start()
    pump_until(app, lambda: True)
    rows: list[tuple[str, float, int]] = []

    def record(name: str, seconds: float) -> None:
        stall = probe.take()
        rows.append((name, seconds * 1000, stall))
        print(f"  {name:<44} {seconds * 1000:8.0f} ms   longest stall {stall:4d} ms")

    # ---- case list ----------------------------------------------------------------------------------------
    print("Vụ việc (cases)")
    from hoagiai_desktop.ui.pages.cases_page import CasesPage

    loaded: list[int] = []
    probe.take()
    start = time.perf_counter()
    window.show_page("cases")
    page = window.pages["cases"]
    assert isinstance(page, CasesPage)
    page.ids_loaded.connect(loaded.append)

    def screen_ready() -> bool:
        if not loaded or not worker.is_idle():
            return False
        visible = page.table.rowAt(page.table.viewport().height() - 2)
        last = visible if visible >= 0 else page.model.rowCount() - 1
        return page.model.rowCount() == 0 or (page.model.is_loaded(0) and page.model.is_loaded(max(last, 0)))

    pump_until(app, screen_ready)
    record("open the case list (first screen painted)", time.perf_counter() - start)

    def measure(name: str, action: Callable[[], None]) -> None:
        loaded.clear()
        probe.take()
        t0 = time.perf_counter()
        action()
        pump_until(app, screen_ready)
        record(f"{name} ({page.model.rowCount()} rows)", time.perf_counter() - t0)

    def search(text: str) -> Callable[[], None]:
        def run() -> None:
            page.search.setText(text)
            page.search.flush()

        return run

    def filt(key: str, value: object) -> Callable[[], None]:
        return lambda: page.filters.set_value(key, value)

    teams = page.filters.combo("team")
    pump_until(app, lambda: teams.count() > 1)
    team_id = teams.itemData(teams.count() // 2)
    measure("search 'nguyen van'", search("nguyen van"))
    measure("search 'tranh chap dat'", search("tranh chap dat"))
    measure("search 'dang' (Đặng / đang)", search("dang"))
    measure("clear the search", search(""))
    measure("filter state = in progress", filt("state", "dang"))
    measure("filter state = not started", filt("state", "chua"))
    measure("filter state off", filt("state", None))
    measure("filter needs attention", filt("attention", True))
    measure("filter needs attention off", filt("attention", None))
    measure("filter category = civil", filt("category", "dan_su"))
    measure("filter one team", filt("team", team_id))
    measure("filter team off", filt("team", None))
    measure("filter category off", filt("category", None))
    measure("filter period = this year", filt("period", page.filters.combo("period").itemData(1)))
    measure("sort by state", lambda: page.model.sort(4))
    measure("sort by team", lambda: page.model.sort(2))
    measure("filter period off", filt("period", None))

    def rows_painted() -> bool:
        top = page.table.rowAt(0)
        bottom = page.table.rowAt(page.table.viewport().height() - 2)
        return (
            worker.is_idle()
            and top >= 0
            and page.model.is_loaded(top)
            and page.model.is_loaded(max(bottom, top))
        )

    probe.take()
    t0 = time.perf_counter()
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    pump_until(app, rows_painted)
    record("jump to the middle of 62,000 rows (painted)", time.perf_counter() - t0)

    probe.take()
    t0 = time.perf_counter()
    form = page._show_form(busy_case)
    done: list[bool] = []
    form.loaded.connect(lambda: done.append(True))
    pump_until(app, lambda: bool(done) and worker.is_idle())
    record("open a finished case in the form", time.perf_counter() - t0)
    form.reject()
    pump_until(app, lambda: True)

    # ---- attendance ---------------------------------------------------------------------------------------
    print("Tập huấn (training)")
    from hoagiai_desktop.ui.pages.training_page import ATTENDANCE, TrainingPage

    probe.take()
    t0 = time.perf_counter()
    window.show_page("training")
    tpage = window.pages["training"]
    assert isinstance(tpage, TrainingPage)
    pump_until(app, lambda: worker.is_idle() and tpage.coverage.coverage is not None)
    record("open the training page (coverage computed)", time.perf_counter() - t0)
    roster_done: list[bool] = []
    tpage.roster_loaded.connect(lambda: roster_done.append(True))
    probe.take()
    t0 = time.perf_counter()
    tpage.select_event(event_id)
    pump_until(app, lambda: bool(roster_done) and worker.is_idle())
    record(f"load the roster ({len(tpage.roster.roster.ids)} mediators)", time.perf_counter() - t0)
    tpage.tabs.setCurrentIndex(ATTENDANCE)
    view = tpage.checklist
    pump_until(app, lambda: True)
    bar = view.verticalScrollBar()
    steps: list[float] = []
    probe.take()
    t0 = time.perf_counter()
    page_step = max(bar.pageStep(), 1)
    value = 0
    while value < bar.maximum():
        value = min(value + page_step, bar.maximum())
        s0 = time.perf_counter()
        bar.setValue(value)
        view.viewport().repaint()
        app.processEvents()
        steps.append((time.perf_counter() - s0) * 1000)
    total = time.perf_counter() - t0
    stall = probe.take()
    print(
        f"  scroll the checklist page by page: {len(steps)} pages in {total * 1000:.0f} ms; per page median "
        f"{statistics.median(steps):.1f} ms, worst {max(steps):.1f} ms; longest stall {stall} ms"
    )
    rows.append(("scroll checklist (worst page)", max(steps), stall))
    for text in ("nguyen thi", "to hoa giai thon", ""):
        probe.take()
        t0 = time.perf_counter()
        tpage.roster.set_filter(text)
        view.viewport().repaint()
        app.processEvents()
        record(f"filter the checklist '{text}' ({tpage.roster.rowCount()} rows)", time.perf_counter() - t0)
    probe.take()
    t0 = time.perf_counter()
    view.go_to_row(0)
    view.roster_model().toggle_rows([0])
    view.viewport().repaint()
    app.processEvents()
    record("Space on a team row (tick the team)", time.perf_counter() - t0)
    probe.take()
    t0 = time.perf_counter()
    view.type_to_find("t")
    app.processEvents()
    record("type to find 't'", time.perf_counter() - t0)

    worst = max(rows[1:], key=lambda r: r[1]) if len(rows) > 1 else rows[0]
    print(f"case list opened in {rows[0][1]:.0f} ms; slowest other step: {worst[0]} {worst[1]:.0f} ms")
    print("search box debounce adds 150 ms after the last key (not included above)")
    window.ctx.worker.stop()
    window.close()
    db.dispose()  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
