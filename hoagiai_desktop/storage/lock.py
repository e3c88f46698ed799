"""One writer at a time: a lock file beside the data file, held with an OS-level lock.

``<data file>.lock`` holds who writes (pid, host, start time) as JSON, and the process keeps an OS lock on it
(``flock`` on POSIX, ``msvcrt.locking`` on Windows). The OS drops that lock when the process dies, however it
dies, so a lock left by a crash is recovered by simply taking it again (``WriterLock.recovered_from`` then says
whose it was — a hint to run the data check). On a file system without OS locks the pid + host are used: the
lock is stale when its pid is dead on this host.

Within one process the lock is shared (counted), so the window and a command it runs, or two handles a test
opens, do not block each other; a second *process* is told who holds the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hoagiai_desktop.errors import DatabaseLocked, UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.storage.database import Database

LOCK_SUFFIX = ".lock"
_WINDOWS_LOCK_OFFSET = 1 << 20  # lock a byte far past the JSON so other processes can still read who holds it


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    started: dt.datetime | None
    user: str = ""

    @property
    def on_this_host(self) -> bool:
        return self.host == socket.gethostname()

    def describe(self) -> str:
        when = self.started.strftime("%H:%M %d/%m/%Y") if self.started else "?"
        return _("on the computer {host} since {when}").format(host=self.host or "?", when=when)


def real_path(db_path: Path) -> Path:
    """The data file itself: symlinks, ``..`` and relative parts resolved, so every path that reaches the same
    file reaches the same lock (a symlink used to take a lock of its own, and two writers both committed)."""
    return Path(db_path).expanduser().resolve()


def lock_path_for(db_path: Path) -> Path:
    real = real_path(db_path)
    return real.with_name(real.name + LOCK_SUFFIX)


def _key(db_path: Path) -> str:
    return str(real_path(db_path))


class _Held:
    def __init__(self, fd: int, path: Path, os_locked: bool) -> None:
        self.fd = fd
        self.path = path
        self.os_locked = os_locked
        self.count = 0


_held: dict[str, _Held] = {}
_guard = threading.Lock()


def _try_os_lock(fd: int) -> bool | None:
    """True: locked; False: someone else holds it; None: this file system has no OS locks."""
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES, errno.EDEADLK):
            return False
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
            return None
        raise


def _os_unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _parse_owner(raw: bytes) -> LockOwner | None:
    try:
        data: Any = json.loads(raw.decode("utf-8"))
        started = dt.datetime.fromisoformat(data["started"]) if data.get("started") else None
        return LockOwner(pid=int(data["pid"]), host=str(data.get("host", "")), started=started,
                         user=str(data.get("user", "")))  # fmt: skip
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def read_owner(db_path: Path) -> LockOwner | None:
    """Who the lock file says holds the data file (it may be stale; see ``lock_status``)."""
    try:
        raw = lock_path_for(db_path).read_bytes()[:4096]
    except OSError:
        return None
    return _parse_owner(raw)


def _owner_payload() -> bytes:
    from hoagiai_desktop.storage.database import _os_user

    return json.dumps(
        {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": dt.datetime.now().replace(microsecond=0).isoformat(),
            "user": _os_user(),
        }
    ).encode("utf-8")


def _locked_error(owner: LockOwner | None) -> DatabaseLocked:
    where = owner.describe() if owner else _("on another computer or window")
    return DatabaseLocked(
        _(
            "This data file is already open for writing in another HoaGiai window ({where}); close it there first, "
            "then try again."
        ).format(where=where)
    )


class WriterLock:
    """The right to write to one data file. ``acquire()`` raises ``DatabaseLocked`` naming the holder."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path_for(self.db_path)
        self.recovered_from: LockOwner | None = None
        self._mine = False

    @property
    def held(self) -> bool:
        return self._mine

    def acquire(self) -> WriterLock:
        if self._mine:
            return self
        key = _key(self.db_path)
        with _guard:
            held = _held.get(key)
            if held is None:
                held = self._take()
                _held[key] = held
            held.count += 1
        self._mine = True
        return self

    def _take(self) -> _Held:
        for _attempt in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise _cannot_lock(exc, self.db_path) from exc
            try:
                got = _try_os_lock(fd)
                previous = _parse_owner(_read_all(fd))
                if got is False:
                    raise _locked_error(previous)
                if got is None and previous is not None:
                    alive = not previous.on_this_host or _pid_alive(previous.pid)
                    if alive and previous.pid != os.getpid():
                        raise _locked_error(previous)
                # the previous holder may have removed the file between our open and our lock: start again
                try:
                    same = os.path.samestat(os.fstat(fd), os.stat(self.path))
                except FileNotFoundError:
                    same = False
                if not same:
                    if got:
                        _os_unlock(fd)
                    os.close(fd)
                    continue
                self.recovered_from = previous if previous and previous.pid != os.getpid() else None
                _write_owner(fd)
                return _Held(fd, self.path, os_locked=bool(got))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.close(fd)
                raise
        raise _locked_error(read_owner(self.db_path))

    def release(self) -> None:
        if not self._mine:
            return
        self._mine = False
        key = _key(self.db_path)
        with _guard:
            held = _held.get(key)
            if held is None:
                return
            held.count -= 1
            if held.count > 0:
                return
            del _held[key]
            with contextlib.suppress(OSError):
                held.path.unlink()  # while still locked, so nobody takes a file that is going away
            if held.os_locked:
                _os_unlock(held.fd)
            with contextlib.suppress(OSError):
                os.close(held.fd)

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _write_owner(fd: int) -> None:
    """Say who holds the lock. The OS lock is what protects the file; the owner text is only a hint for the
    message a second window shows, so a full drive (no room for these few bytes) does not stop the opening —
    the full drive is then reported, with its own sentence, by what actually needs the room."""
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    try:
        os.write(fd, _owner_payload())
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise


def _cannot_lock(exc: OSError, db_path: Path) -> UserError:
    """The lock file cannot be made beside the data file: say why (read-only, no permission, full, gone)."""
    from hoagiai_desktop.storage.faults import DENIED, READ_ONLY, _read_only_fs, data_file_error

    folder = Path(db_path).parent
    if exc.errno in READ_ONLY or (exc.errno in DENIED and _read_only_fs(folder)):
        return UserError(
            _(
                "The data file {path} is on a read-only drive, so HoaGiai cannot write there; open it read-only, "
                "or copy it to this computer first."
            ).format(path=db_path)
        )
    if exc.errno in DENIED:
        return UserError(
            _(
                "You do not have permission to write in the folder of the data file {path}; open it read-only, "
                "or copy it to your own folder first."
            ).format(path=db_path)
        )
    return data_file_error(exc.errno or 0, Path(db_path)) or UserError(
        _(
            "Cannot write in the folder of the data file {path}; open it read-only, or copy it to "
            "this computer first."
        ).format(path=db_path)
    )


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 4096)


@dataclass(frozen=True)
class LockStatus:
    """For the status bar: ``held_here`` (this process writes), or ``owner`` (someone else does), or neither."""

    held_here: bool
    owner: LockOwner | None

    @property
    def free(self) -> bool:
        return not self.held_here and self.owner is None


def lock_status(db_path: Path) -> LockStatus:
    """Who writes to ``db_path`` right now, without disturbing them."""
    if _key(db_path) in _held:
        return LockStatus(held_here=True, owner=None)
    probe = WriterLock(db_path)
    if not probe.path.exists():
        return LockStatus(held_here=False, owner=None)
    try:
        probe.acquire()
    except DatabaseLocked:
        return LockStatus(held_here=False, owner=read_owner(db_path))
    probe.release()
    return LockStatus(held_here=False, owner=None)


class LockedDatabase(Database):
    """A ``Database`` that holds the writer lock of its file until ``dispose()``."""

    def __init__(self, target: str | Path, *, lock: WriterLock, actor: str | None = None) -> None:
        self.writer_lock = lock.acquire()
        try:
            super().__init__(target, actor=actor)
        except BaseException:
            lock.release()
            raise

    def dispose(self) -> None:
        try:
            super().dispose()
        finally:
            self.writer_lock.release()
