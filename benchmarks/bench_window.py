"""How the window feels on province data (20,000 mediators): start-up, opening lists, search as you type, and the
longest stall of the GUI event loop while doing so.

    .venv/bin/python benchmarks/bench_window.py [--db PROVINCE.sqlite3]

Without ``--db`` it makes the data first (``hoagiai demo --size province`` into a temp folder, ~15 s).
A QTimer probe firing every 5 ms records the longest gap between two of its ticks: a gap of more than ~100 ms is a
stall a person notices. Runs offscreen unless QT_QPA_PLATFORM says otherwise. Figures are printed, not asserted.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class Probe:
    """Longest gap between ticks of a 5 ms timer = the longest time the event loop was busy."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(5)
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
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def stop(self) -> int:
        self.timer.stop()
        return self.worst


def wait_until(condition: Any, timeout_s: float = 60.0) -> float:
    """Run the event loop until ``condition()``; return the seconds it took."""
    from PySide6.QtCore import QCoreApplication, QThread

    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout_s:
            raise TimeoutError("condition not met")
        QCoreApplication.processEvents()
        QThread.msleep(1)
    return time.perf_counter() - start


def type_like_a_person(box: Any, text: str, gap_ms: int = 60) -> float:
    """One character every ``gap_ms`` (faster than the debounce, so only the last one triggers a search);
    returns the moment of the last keystroke."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    last = time.perf_counter()
    for n, ch in enumerate(text):
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                box, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )
        last = time.perf_counter()
        if n < len(text) - 1:
            deadline = last + gap_ms / 1000
            wait_until(lambda d=deadline: time.perf_counter() >= d)
    return last


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="province-size data file (made if omitted)")
    args = parser.parse_args()
    os.environ.setdefault("HOAGIAI_DATA_DIR", tempfile.mkdtemp(prefix="hoagiai-bench-"))
    if args.db:
        db_path = Path(args.db)
    else:
        db_path = Path(tempfile.mkdtemp(prefix="hoagiai-bench-db-")) / "province.sqlite3"
        print(f"making province data in {db_path} …", flush=True)
        from hoagiai_desktop.demo import generate
        from hoagiai_desktop.storage.opening import open_database

        made = open_database(db_path)
        generate(made, size="province", seed=1)
        made.dispose()
        global T0
        T0 = time.perf_counter()

    from hoagiai_desktop import i18n

    i18n.set_language("vi")
    from PySide6.QtWidgets import QApplication

    from hoagiai_desktop.storage.opening import open_database
    from hoagiai_desktop.ui.application import build_window, ensure_app

    ensure_app()
    db = open_database(db_path)
    window = build_window(db)
    window.resize(1280, 800)
    window.start("dashboard")
    window.show()
    QApplication.processEvents()
    shown = time.perf_counter() - T0
    probe = Probe()
    figures: list[tuple[str, str]] = [("window shown after start", f"{shown * 1000:.0f} ms")]
    ctx = window.ctx

    probe.start()
    wait_until(lambda: "dashboard" in window.pages)  # its queries are now running on the reader thread
    started = time.perf_counter()
    window.show_page("mediators")
    mediators = window.pages["mediators"]
    wait_until(
        lambda: mediators.loaded_once and mediators.model.rowCount() > 0 and mediators.model.is_loaded(0)
    )
    figures.append(
        (
            f"mediators list open while the dashboard computes ({mediators.model.rowCount()} rows)",
            f"{(time.perf_counter() - started) * 1000:.0f} ms",
        )
    )
    dash = window.pages["dashboard"]
    wait_until(lambda: dash.data is not None)
    figures.append(("dashboard figures ready", f"{(time.perf_counter() - T0) * 1000:.0f} ms after start"))
    wait_until(lambda: dash.attention is not None)
    figures.append(
        ("dashboard attention list ready", f"{(time.perf_counter() - T0) * 1000:.0f} ms after start")
    )
    figures.append(("longest GUI stall from start to dashboard ready", f"{probe.stop()} ms"))
    wait_until(ctx.idle)

    for key in ("teams", "villages"):
        probe.start()
        started = time.perf_counter()
        window.show_page(key)
        page = window.pages[key]
        wait_until(lambda p=page: p.loaded_once and p.model.rowCount() > 0 and p.model.is_loaded(0))
        took = time.perf_counter() - started
        wait_until(ctx.worker.is_idle)
        figures.append(
            (f"{key} list open ({page.model.rowCount()} rows, first rows painted)", f"{took * 1000:.0f} ms")
        )
        figures.append((f"longest GUI stall while opening {key}", f"{probe.stop()} ms"))

    window.show_page("mediators")
    page = window.pages["mediators"]
    wait_until(ctx.worker.is_idle)
    for query in ("nguyen thi huong", "tran van", "hgv0012", "dang"):
        page.search.clear()
        page.search.flush()
        wait_until(ctx.worker.is_idle)
        before = page._ids_generation
        probe.start()
        stopped = type_like_a_person(page.search, query)
        wait_until(
            lambda b=before: page._ids_generation > b and ctx.worker.is_idle() and page.model.rowCount() >= 0
        )
        wait_until(lambda: page.model.rowCount() == 0 or page.model.is_loaded(0))
        took = time.perf_counter() - stopped
        figures.append(
            (
                f"search “{query}” → {page.model.rowCount()} rows, after typing stopped",
                f"{took * 1000:.0f} ms",
            )
        )
        figures.append((f"longest GUI stall while typing “{query}”", f"{probe.stop()} ms"))

    # scrolling through the whole list: rows are fetched in blocks as they are painted
    page.search.clear()
    page.search.flush()
    wait_until(ctx.worker.is_idle)
    probe.start()
    started = time.perf_counter()
    bar = page.table.verticalScrollBar()
    for step in range(0, 101, 5):
        bar.setValue(bar.maximum() * step // 100)
        QApplication.processEvents()
    wait_until(ctx.worker.is_idle)
    figures.append(
        (
            f"scroll the {page.model.rowCount()}-row list top to bottom in 20 jumps",
            f"{(time.perf_counter() - started) * 1000:.0f} ms",
        )
    )
    figures.append(("longest GUI stall while scrolling", f"{probe.stop()} ms"))

    probe.start()
    started = time.perf_counter()
    page.select_row(page.model.rowCount() // 2)
    wait_until(lambda: page.detail.mode == "edit" and ctx.worker.is_idle())
    figures.append(("open one mediator's detail", f"{(time.perf_counter() - started) * 1000:.0f} ms"))
    figures.append(("longest GUI stall while opening the detail", f"{probe.stop()} ms"))

    width = max(len(name) for name, _ in figures)
    print(f"\nHoaGiai window on {db_path} ({os.environ['QT_QPA_PLATFORM']})")
    for name, value in figures:
        print(f"  {name:<{width}}  {value}")
    sys.stdout.flush()
    window.ctx.worker.stop()
    window.ctx.reader.stop()
    db.dispose()
    os._exit(0)  # skip interpreter teardown of Qt objects (PySide can crash while finalising)


if __name__ == "__main__":
    sys.exit(main())
