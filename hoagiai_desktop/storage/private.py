"""Files only the user can read: the data file, backups, logs, exports, packages and every temporary copy.

The data holds names, addresses and case text, so nothing the app writes may be readable by other accounts on
the PC. Three rules, used by every module that writes:

* ``restrict_process()`` sets the process umask to 077 once at start, so whatever is created later (SQLite's
  ``-wal``/``-shm``, the log, a PDF written by a library) is 0600 / 0700 even when nobody remembered;
* ``open_private(path)`` / ``make_private_dir(path)`` create one file or folder with 0600 / 0700 explicitly
  (the umask of a host process, e.g. tests, may be looser);
* temporary copies of the data (a backup being written, a restore being staged, the clear text while encrypting
  or decrypting) live in a *work folder* inside the data folder — never the system temp folder, which other
  accounts can list and which survives a crash — named after the process that made it, so the next start can
  remove what a killed process left (``clean_leftovers``).

On Windows the permission bits mean little (the per-user data folder is already private); the calls are harmless.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, cast

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
PRIVATE_UMASK = 0o077

WORK_PREFIX = ".hoagiai-work-"
# ``.hoagiai-work-<pid>-<random>`` (a folder) and ``.<anything>.<pid>-<random>.part`` (a file being written).
_WORK = re.compile(r"^\.hoagiai-work-(\d+)-[0-9a-f]+$")
_PART = re.compile(r"^\..+\.(\d+)-[0-9a-f]+\.part$")
# Names older versions used: a staged restore, a copy being put back, a backup being written, an export folder.
_LEGACY = re.compile(
    r"^(\.hoagiai-(restore|putback)-[0-9a-f]+\.sqlite3(-wal|-shm|-journal)?"
    r"|hoagiai-.*\.sqlite3\.part(-wal|-shm|-journal)?|hoagiai-export-[A-Za-z0-9_]+)$"
)


def restrict_process() -> None:
    """From now on every file and folder this process creates is for the user only (POSIX umask 077)."""
    if os.name != "nt":
        os.umask(PRIVATE_UMASK)


def make_private(path: Path) -> None:
    """Take away group and other permissions from an existing file or folder (best effort)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        mode = os.stat(path).st_mode & 0o777
        os.chmod(path, mode & 0o700)


def make_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) as folders only the user can enter; an existing one is tightened."""
    path = Path(path)
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    make_private(path)
    return path


def open_private(path: Path, mode: str = "xb") -> BinaryIO:
    """Open ``path`` for writing as a 0600 file (``x``: must not exist, ``w``: truncate, ``a``: append)."""
    flags = {"xb": os.O_CREAT | os.O_EXCL, "wb": os.O_CREAT | os.O_TRUNC, "ab": os.O_CREAT | os.O_APPEND}
    if mode not in flags:
        raise ValueError(mode)
    fd = os.open(path, os.O_WRONLY | flags[mode] | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    try:
        if os.name != "nt":
            os.fchmod(fd, PRIVATE_FILE)
        return cast(BinaryIO, os.fdopen(fd, mode))
    except BaseException:
        os.close(fd)
        raise


def part_name(target: Path) -> Path:
    """A hidden temporary name beside ``target`` that says which process writes it (for the cleanup)."""
    return target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.part")


def new_work_dir(base: Path) -> Path:
    """A fresh private folder inside ``base`` (the data folder) for temporary copies of the data."""
    make_private_dir(base)
    path = Path(base) / f"{WORK_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    path.mkdir(mode=PRIVATE_DIR)
    make_private(path)
    return path


@contextmanager
def work_dir(base: Path) -> Iterator[Path]:
    """``with work_dir(data_folder) as work:`` — removed with everything in it on success and on failure."""
    path = new_work_dir(base)
    try:
        yield path
    finally:
        remove_tree(path)


def remove_tree(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    from hoagiai_desktop.storage.lock import _pid_alive as alive

    return alive(pid)


def leftovers(folder: Path) -> list[Path]:
    """What a killed HoaGiai process left in ``folder``: work folders and ``.part`` files of dead processes,
    and the temporary names older versions used (those carry no process id; they are only removed while the
    caller holds the writer lock of the data file in this folder)."""
    found: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return found
    for path in entries:
        name = path.name
        match = _WORK.match(name) or _PART.match(name)
        if match is not None:
            if not _pid_alive(int(match.group(1))):
                found.append(path)
        elif _LEGACY.match(name):
            found.append(path)
    return found


def clean_leftovers(db_path: Path) -> list[Path]:
    """Remove the temporary copies a crash left beside ``db_path``, in its backups folder and in the app's data
    folder (at start, with the writer lock held). Returns what was removed, for the log (paths only)."""
    from hoagiai_desktop.paths import backup_dir_for, data_dir

    removed = []
    # the app's data folder too: previews and report pages are prepared there whatever data file is open
    for folder in dict.fromkeys((Path(db_path).parent, backup_dir_for(Path(db_path)), data_dir())):
        for path in leftovers(folder):
            remove_tree(path)
            if not path.exists():
                removed.append(path)
    return removed
