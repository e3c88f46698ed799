"""The writer lock follows the real file: a symlink to the data file, a symlinked folder or a path with ``..``
reach the same lock, so a second writer is refused however it names the file (before, a symlink took a lock of
its own and two writers both committed)."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.errors import DatabaseLocked
from hoagiai_desktop.storage.lock import lock_path_for
from hoagiai_desktop.storage.opening import open_database

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symlinks and fork")


@pytest.fixture
def holder(db_path: Path) -> Iterator[Callable[[Path], int]]:
    """Start another process that opens ``path`` for writing and keeps it open until the test ends."""
    pids: list[int] = []

    def start(path: Path) -> int:
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(ready_r)
                open_database(path)
                os.write(ready_w, b"r")
                signal.pause()
            finally:
                os._exit(0)
        os.close(ready_w)
        assert os.read(ready_r, 1) == b"r"
        os.close(ready_r)
        pids.append(pid)
        return pid

    open_database(db_path).dispose()
    yield start
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _other_names(db_path: Path) -> dict[str, Path]:
    folder = db_path.parent
    link = folder / "link.sqlite3"
    link.symlink_to(db_path)
    dir_link = folder / "linked-folder"
    dir_link.symlink_to(folder, target_is_directory=True)
    sub = folder / "sub"
    sub.mkdir()
    return {
        "symlink": link,
        "symlinked-folder": dir_link / db_path.name,
        "dot-dot": sub / ".." / db_path.name,
        "relative": Path(os.path.relpath(db_path)),
    }


def test_every_name_of_the_file_shares_one_lock(db_path: Path, holder: Any) -> None:
    names = _other_names(db_path)
    holder(db_path)
    for label, path in names.items():
        assert lock_path_for(path) == lock_path_for(db_path), label
        with pytest.raises(DatabaseLocked):
            open_database(path)


def test_a_writer_through_the_symlink_blocks_the_real_name(db_path: Path, holder: Any) -> None:
    names = _other_names(db_path)
    holder(names["symlink"])
    with pytest.raises(DatabaseLocked):
        open_database(db_path)
    reader = open_database(db_path, reader=True)  # reading beside the writer still works
    try:
        with reader.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM case_file").scalar() == 0
        assert not hasattr(reader, "writer_lock")
    finally:
        reader.dispose()
