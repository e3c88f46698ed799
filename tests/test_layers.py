"""DESIGN rule 1: only hoagiai_desktop/ui imports PySide6 — proved in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import hoagiai_desktop


def test_no_module_outside_ui_imports_pyside6() -> None:
    names = [
        info.name
        for info in pkgutil.walk_packages(hoagiai_desktop.__path__, "hoagiai_desktop.")
        if ".ui" not in info.name and ".migrations" not in info.name and not info.name.endswith("__main__")
    ]
    assert "hoagiai_desktop.domain.indicators" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
