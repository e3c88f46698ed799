"""DESIGN rule 1: only hoagiai_desktop/ui imports PySide6 — proved in a fresh interpreter."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

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


# DESIGN rule 2 / issue 13: services/ is the one door into the data. The window and the command line reach the
# database only through it, so no module under ui/ or cli/ may import SQLAlchemy or the ORM models — not at the top,
# not inside a function, not under TYPE_CHECKING. Each exception names the module and why it still imports one;
# the goal is none.
FORBIDDEN = ("sqlalchemy", "hoagiai_desktop.domain.models")
ALLOWED: dict[str, str] = {}  # module path → why it still imports one (none left)
ROOT = Path(hoagiai_desktop.__file__).resolve().parent.parent


def forbidden_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) for each forbidden import in ``source``: ``import x``, ``from x import y`` and
    ``from hoagiai_desktop.domain import models``, wherever they stand (functions, TYPE_CHECKING blocks)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        hits = [n for n in names if any(n == bad or n.startswith(bad + ".") for bad in FORBIDDEN)]
        if hits:
            found.append((node.lineno, hits[0]))  # one line per import statement
    return found


def test_no_sqlalchemy_or_orm_models_in_ui_or_cli() -> None:
    package = ROOT / "hoagiai_desktop"
    files = sorted([*(package / "ui").rglob("*.py"), *(package / "cli").rglob("*.py")])
    names = {f.relative_to(ROOT).as_posix() for f in files}
    assert "hoagiai_desktop/ui/pages/case_form.py" in names and "hoagiai_desktop/cli/__init__.py" in names
    bad = [
        f"{f.relative_to(ROOT).as_posix()}:{line} imports {module}"
        for f in files
        if f.relative_to(ROOT).as_posix() not in ALLOWED
        for line, module in forbidden_imports(f.read_text(encoding="utf-8"))
    ]
    assert not bad, "\n".join(bad)


def test_the_import_check_catches_each_form() -> None:
    """The check itself: every way of importing the ORM or SQLAlchemy is caught; a service import is not."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "from hoagiai_desktop.domain import models as m\n"
        "import sqlalchemy.orm\n"
        "def f():\n"
        "    from sqlalchemy import select\n"
        "if TYPE_CHECKING:\n"
        "    from hoagiai_desktop.domain.models import Case\n"
        "from hoagiai_desktop.services import cases\n"
        "from hoagiai_desktop.domain import rules\n"
    )
    assert sorted(forbidden_imports(source)) == [
        (2, "hoagiai_desktop.domain.models"),
        (3, "sqlalchemy.orm"),
        (5, "sqlalchemy"),
        (7, "hoagiai_desktop.domain.models"),
    ]
