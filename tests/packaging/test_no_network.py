"""No network at run time: starting, working and exporting never attempt a connection (the office PC is offline).

The commands run in a subprocess with a ``sitecustomize.py`` on PYTHONPATH that replaces
``socket.socket.connect``/``connect_ex``, ``socket.create_connection`` and ``socket.getaddrinfo`` by functions that
record the attempt in a file and raise. A control run proves the trap is armed; then nothing may be recorded.
The window is opened offscreen in-process with the same trap installed.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2025"

SITECUSTOMIZE = """
import os, socket, traceback
_LOG = os.environ["HOAGIAI_NET_LOG"]
def _record(what, args):
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(f"{what} {args!r}\\n" + "".join(traceback.format_stack(limit=6)) + "\\n")
    raise OSError(f"network disabled by the test: {what}")
def _connect(self, *args): _record("connect", args)
def _connect_ex(self, *args): _record("connect_ex", args)
def _create_connection(*args, **kwargs): _record("create_connection", args)
def _getaddrinfo(*args, **kwargs): _record("getaddrinfo", args)
socket.socket.connect = _connect
socket.socket.connect_ex = _connect_ex
socket.create_connection = _create_connection
socket.getaddrinfo = _getaddrinfo
with open(_LOG + ".armed", "a", encoding="utf-8") as fh:
    fh.write(f"{os.getpid()}\\n")
"""


def _has_command(name: str) -> bool:
    return importlib.util.find_spec(f"hoagiai_desktop.cli.{name}") is not None


@pytest.fixture
def trap(tmp_path: Path) -> dict[str, Any]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "net.log"
    env = dict(os.environ)
    env.update(
        PYTHONPATH=os.pathsep.join([str(site), str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        HOAGIAI_NET_LOG=str(log),
        HOAGIAI_DATA_DIR=str(tmp_path / "data"),
        QT_QPA_PLATFORM="offscreen",
        LANG="C.UTF-8",
    )
    env.pop("HOAGIAI_DB", None)
    return {"env": env, "log": log, "armed": Path(str(log) + ".armed"), "tmp": tmp_path}


def _run(trap: dict[str, Any], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hoagiai_desktop", *args],
        env=trap["env"], cwd=trap["tmp"], capture_output=True, text=True, timeout=240,
    )  # fmt: skip


def _recorded(trap: dict[str, Any]) -> str:
    return trap["log"].read_text(encoding="utf-8") if trap["log"].exists() else ""


def test_the_trap_catches_a_connection_attempt(trap: dict[str, Any]) -> None:
    code = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\nexcept OSError:\n    pass"
    subprocess.run([sys.executable, "-c", code], env=trap["env"], check=True, timeout=60)
    assert "create_connection" in _recorded(trap)


def _report_form() -> str:
    """The statistical report (needs only a period); else the first report the build knows."""
    from hoagiai_desktop.reports.render import FORMS

    return "thong-ke" if "thong-ke" in FORMS else next(iter(FORMS))


def test_commands_make_no_connection_attempt(trap: dict[str, Any]) -> None:
    db = trap["tmp"] / "demo.sqlite3"
    steps: list[list[str]] = [["--version"], ["--help"]]
    if _has_command("demo"):
        steps.append(["--db", str(db), "demo"])
    if _has_command("stats"):
        steps += [
            ["--db", str(db), "stats", "--period", PERIOD],
            ["--db", str(db), "stats", "--period", PERIOD, "--json"],
        ]
    if _has_command("export"):
        steps.append(["--db", str(db), "export", str(trap["tmp"] / "export.xlsx")])
    if _has_command("template"):
        steps.append(["--db", str(db), "template", str(trap["tmp"] / "template.xlsx")])
    if _has_command("report"):
        steps.append(
            [
                "--db",
                str(db),
                "report",
                _report_form(),
                "--period",
                PERIOD,
                "--out",
                str(trap["tmp"] / "r.pdf"),
            ]
        )
    if _has_command("backup"):
        steps.append(["--db", str(db), "backup"])
    if _has_command("check"):
        steps.append(["--db", str(db), "check"])
    assert len(steps) >= 3, "the command line has no working commands yet"
    for args in steps:
        result = _run(trap, *args)
        assert result.returncode == 0, f"hoagiai {' '.join(args)} failed:\n{result.stderr}"
    armed = trap["armed"].read_text(encoding="utf-8").split()
    assert len(armed) >= len(steps), "sitecustomize was not loaded in every run"
    assert _recorded(trap) == ""


class _InProcessTrap:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def _record(self, what: str) -> Any:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(f"{what} {args[1:] if what.startswith('connect') else args!r}")
            raise OSError(f"network disabled by the test: {what}")

        return blocked


@pytest.fixture
def in_process_trap(monkeypatch: pytest.MonkeyPatch) -> Iterator[_InProcessTrap]:
    trap = _InProcessTrap()
    monkeypatch.setattr(socket.socket, "connect", trap._record("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", trap._record("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", trap._record("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", trap._record("getaddrinfo"))
    yield trap


def test_window_opens_offscreen_without_network(
    in_process_trap: _InProcessTrap, qtbot: Any, tmp_path: Path
) -> None:
    """Start-up, sample data and a visit to every page of the window, with every connection attempt trapped."""
    from PySide6.QtCore import QCoreApplication

    from hoagiai_desktop.storage.opening import open_database
    from hoagiai_desktop.ui.application import build_window

    db_path = tmp_path / "window.sqlite3"
    if _has_command("demo"):
        from hoagiai_desktop.cli import main as cli_main

        assert cli_main(["--db", str(db_path), "demo"]) == 0
    db = open_database(db_path)
    workers: list[Any] = []
    keys: list[str] = []
    try:
        window = build_window(db)
        qtbot.addWidget(window)
        workers = [w for w in (window.ctx.worker, getattr(window.ctx, "reader", None)) if w is not None]
        window.start(None)
        window.show()
        qtbot.waitExposed(window)
        keys = window.page_keys() if hasattr(window, "page_keys") else []
        for key in keys:
            window.show_page(key)
            for _ in range(3):
                QCoreApplication.processEvents()
                for worker in workers:
                    if hasattr(worker, "wait_idle"):
                        worker.wait_idle(30_000)
        qtbot.wait(100)
        window.close()
    finally:
        for worker in workers:
            worker.stop()
        db.dispose()
    assert len(keys) >= 5
    assert in_process_trap.calls == []
