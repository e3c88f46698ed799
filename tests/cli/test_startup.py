"""Start-up of the command line stays light: ``hoagiai --help`` (and each command's ``--help``) loads none of the
heavy libraries — they load in the command that uses them. Checked by what is imported in a fresh interpreter,
never by a time (benchmarks/bench_startup.py prints the times)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hoagiai_desktop.cli import COMMAND_MODULES, build_parser

HEAVY = ("sqlalchemy", "reportlab", "PySide6", "openpyxl", "alembic", "babel", "platformdirs")
COMMANDS = [name.rstrip("_") for name in COMMAND_MODULES]

PROBE = f"""
import contextlib, io, sys
from hoagiai_desktop.app import main
with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):
    main(sys.argv[1:])
assert "hoagiai" in out.getvalue(), out.getvalue()
print(" ".join(sorted({{name.split(".")[0] for name in sys.modules}} & {set(HEAVY)!r})))
"""


def _fresh_python(tmp_path: Path, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a new interpreter that imports the package under test (cwd elsewhere, so '' on sys.path does
    not pick up another checkout)."""
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60
    )


def test_every_command_is_registered() -> None:
    """A command module that fails to import is logged and left out of the parser; none may be left out here."""
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert sorted(subparsers.choices or {}) == sorted(COMMANDS)


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_loads_no_heavy_library(tmp_path: Path, command: str) -> None:
    argv = [command, "--help"] if command else ["--help"]
    result = _fresh_python(tmp_path, PROBE, *argv)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [], f"hoagiai {' '.join(argv)} imported {result.stdout.strip()}"


def test_the_log_file_opens_when_a_command_starts_or_on_the_first_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("HOAGIAI_DATA_DIR", str(data))
    code = (
        "import logging\n"
        "from hoagiai_desktop.logs import log_path, setup_logging\n"
        "setup_logging()\n"
        "assert not log_path().exists()\n"
        "logging.getLogger('hoagiai_desktop.test').error('first record')\n"
        "print(log_path())\n"
    )
    result = _fresh_python(tmp_path, code)
    assert result.returncode == 0, result.stderr
    log_file = Path(result.stdout.strip())
    assert log_file.is_relative_to(data)
    assert "ERROR hoagiai_desktop.test: first record" in log_file.read_text(encoding="utf-8")

    log_file.unlink()
    code = (
        "import contextlib, io, sys\n"
        "from hoagiai_desktop.app import main\n"
        "from hoagiai_desktop.logs import log_path\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "assert not log_path().exists(), 'opened by --help'\n"
        "assert main(['template', sys.argv[1]]) == 0\n"
        "assert log_path().exists(), 'not opened by a command'\n"
    )
    result = _fresh_python(tmp_path, code, str(tmp_path / "template.xlsx"))
    assert result.returncode == 0, result.stderr
