"""Start-up of the command line (printed, never asserted).

    .venv/bin/python benchmarks/bench_startup.py [--runs N]

Times, in the same run and as fresh processes, the floor ``python -c pass`` (the interpreter alone), ``import
hoagiai_desktop``, ``hoagiai --help`` (the console script; target ≤ 0.3 s) and ``hoagiai report --help``, and prints
each as the median and the best wall time of N runs and the median CPU time, with their ratios to the floor — on a
busy machine the ratios and the CPU time say more than the wall seconds. Then it lists which heavy libraries ``hoagiai --help`` loaded (none is the aim: SQLAlchemy, ReportLab,
Qt and openpyxl load only in the command that uses them).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HEAVY = ("sqlalchemy", "reportlab", "PySide6", "openpyxl", "alembic", "cryptography")


def console_script() -> str:
    beside = Path(sys.executable).with_name("hoagiai")
    found = str(beside) if beside.exists() else shutil.which("hoagiai")
    if not found:
        raise SystemExit("the console script hoagiai is not installed (pip install -e .)")
    return found


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], runs: int) -> tuple[float, float, float]:
    """Median and best wall time, and median CPU time, of ``runs`` fresh processes (after one warm-up run, for
    the file cache). CPU time moves less than wall time when other work shares the machine."""
    subprocess.run(command, capture_output=True, check=True)
    walls, cpus = [], []
    for _ in range(runs):
        cpu, start = _children_cpu(), time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
    return statistics.median(walls), min(walls), statistics.median(cpus)


def heavy_modules_loaded_by_help() -> list[str]:
    code = (
        "import contextlib, io, sys\n"
        "from hoagiai_desktop.app import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})))\n"
    )
    # Run from the folder of this checkout's package, as the console script would import it.
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    ).stdout
    return out.split()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9, help="runs of each command (default 9)")
    args = parser.parse_args()
    hoagiai = console_script()
    commands = {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "python -c 'import hoagiai_desktop'": [sys.executable, "-c", "import hoagiai_desktop"],
        "hoagiai --help": [hoagiai, "--help"],
        "hoagiai report --help": [hoagiai, "report", "--help"],
    }
    floor = floor_cpu = 0.0
    print(f"{'command':<36} {'median':>8} {'best':>8} {'ratio':>6} {'cpu':>8} {'ratio':>6}")
    for label, command in commands.items():
        median, best, cpu = timed(command, args.runs)
        floor, floor_cpu = floor or median, floor_cpu or cpu
        print(
            f"{label:<36} {median:>7.3f}s {best:>7.3f}s {median / floor:>5.1f}× {cpu:>7.3f}s {cpu / floor_cpu:>5.1f}×"
        )
    heavy = heavy_modules_loaded_by_help()
    print(f"heavy libraries loaded by hoagiai --help: {', '.join(heavy) if heavy else 'none'}")
    print("target: hoagiai --help within 0.3 s")


if __name__ == "__main__":
    main()
