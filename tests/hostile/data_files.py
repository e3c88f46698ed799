"""Fresh copies of demo data for the hostile tests, and what "nothing changed" compares (SHA-256 of the file)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path


def make_demo(folder: Path) -> Path:
    """The commune demo data file, made once per test module by the real command."""
    path = folder / "demo.sqlite3"
    done = subprocess.run(["hoagiai", "--db", str(path), "demo"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return path


def fresh_copy(demo: Path, folder: Path) -> Path:
    """A copy of the demo data file that one test may attack."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "data.sqlite3"
    shutil.copyfile(demo, target)
    return target


def private_text(path: Path, n: int = 5) -> tuple[str, ...]:
    """Some names and case text of a data file: what a log must never hold after a fault (DESIGN rule 12)."""
    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("SELECT full_name FROM mediator ORDER BY id LIMIT ?", (n,))]
        texts = [r[0] for r in con.execute("SELECT summary FROM case_file WHERE summary <> '' LIMIT ?", (n,))]
    finally:
        con.close()
    return tuple(names + texts)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_sentence(text: str) -> bool:
    """A message a person can read: one line, no traceback, ends as a sentence."""
    text = text.strip()
    return (
        bool(text)
        and "\n" not in text
        and "Traceback" not in text
        and "Error:" not in text
        and text.endswith((".", "!", "?"))
    )
