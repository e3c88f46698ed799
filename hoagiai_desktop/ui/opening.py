"""Opening the data file on a thread of its own while the window is built (#13: window shown at once).

Importing the data layer (SQLAlchemy, the models, the services) and opening the file took most of the second the
officer waited before any window appeared. ``DataOpening(target)`` makes a plain Python thread for that work at
the very start, while the GUI thread imports Qt and shows the real main window in its "opening the data file"
state. The window then waits for :meth:`DataOpening.result` (its event loop running) and fills in, or says the
error's sentence.

Order on the thread: nothing until the window is on screen and has applied the language chosen in its settings
(:meth:`DataOpening.language_ready`) — the interpreter runs the Python of one thread at a time, so the thread's
imports (most of its time) would only have delayed the window; SQLite's reading, which releases the interpreter, is
all that overlaps. Then the imports and the opening itself, so that a refusal ("this file is not ours", "made by a
newer version") is said in that language. Then the two facts the window needs before it can show anything: the
kind of data file (a commune's or a province's: the navigation differs) and whether it has users (then the login
dialog comes first, and nothing else is read until it succeeded). Only for a file without users, the modules the
first page needs are imported too (``warm_up``: on the GUI thread they would stall the window already on screen):
the data a page shows is still read by the page itself, on the window's workers, after it is built — but for
what the first page shows that is slow (``AHEAD``), which the thread reads right after opening.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from hoagiai_desktop.logs import open_log_file

log = logging.getLogger(__name__)

# The services the dashboard imports when it is built (and its attention list needs), imported ahead on the opening
# thread when no login is needed: on the GUI thread these imports (the ORM, the models) would stall the window
# that is already on screen. Its figures' modules are imported by the reader that computes them. The window adds
# its first page's module (``language_ready``).
WARM_UP: tuple[str, ...] = (
    "hoagiai_desktop.services.attention",
    "hoagiai_desktop.services.overview",
    "hoagiai_desktop.ui.autobackup",  # the window installs the automatic backups once the file is open
)


def dashboard_attention(db: Any) -> tuple[list[Any], dict[str, int]]:
    """The dashboard's attention list (``dashboard_page.load_attention``, which this module cannot import: Qt)."""
    from hoagiai_desktop.services import attention

    found = attention.summary(db)
    return found.items, found.counts


# what may be read ahead for the first page, by name (see DataOpening.language_ready)
AHEAD: dict[str, Callable[[Any], Any]] = {"attention": dashboard_attention}


@dataclass(frozen=True)
class Opened:
    """An open data file and what the window must know before it shows anything of it."""

    db: Any  # storage.database.Database
    kind: str  # navigation.COMMUNE or navigation.PROVINCE
    has_users: bool  # server mode: the login dialog comes before any data
    # what the thread goes on reading for the first page once the file is open (no users only): name → Future
    ahead: dict[str, Future[Any]] = field(default_factory=dict)


def quicker_qt_imports() -> None:
    """Make PySide6's import hook cheaper, before Qt and the data layer are imported (about a tenth of a second
    of the start-up, on both threads).

    From its import, PySide6 looks at every module imported after it for the word "PySide6" (to know which
    modules may switch its optional ``__feature__`` behaviours) through ``inspect.getsource``, which builds the
    module's source lines in the line cache — for the ~400 modules of SQLAlchemy and the data layer. The same
    question is answered by reading the file's bytes. Left as it is if PySide6's internals ever differ."""
    import sys

    import shiboken6  # noqa: F401  # loads shibokensupport.feature, whose hook is replaced below

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "quicker", False):
        return

    def uses_pyside(module: Any) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(original(module))

    uses_pyside.quicker = True  # type: ignore[attr-defined]
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010  # a private name: no attribute typing


def default_opener(target: str, **options: Any) -> Any:
    from hoagiai_desktop.storage.opening import open_database

    return open_database(target, **options)


def describe_target(target: str) -> str:
    """The data file as the status bar names it before it is open (a server URL without its password)."""
    if "://" in target and "@" in target:
        scheme, rest = target.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return target


class DataOpening:
    """Opens ``target`` on a thread started at once; :attr:`future` holds the :class:`Opened` or the error."""

    def __init__(
        self,
        target: str,
        *,
        read_only: bool = False,
        opener: Callable[..., Any] | None = None,
        warm_up: Sequence[str] = WARM_UP,
        language_ready: bool = False,
    ) -> None:
        self.target = target
        self.read_only = read_only
        self._opener = opener or default_opener
        self._warm_up = tuple(warm_up)
        self._language = threading.Event()
        self._page_shown = threading.Event()  # the reading ahead waits for it (see language_ready)
        self._page_shown.set()
        self._ahead: tuple[str, ...] = ()
        if language_ready:
            self._language.set()
        self.future: Future[Opened] = Future()
        # a daemon, so that a forgotten opening never keeps the process alive; whoever gives up on it waits for it
        # (:meth:`discard`), so that a file being migrated is never left half-way by the process exiting
        self._thread = threading.Thread(target=self._run, name="hoagiai-open", daemon=True)
        self._thread.start()

    def language_ready(
        self, ahead: Sequence[str] = (), warm_up: Sequence[str] = (), *, after_first_page: bool = False
    ) -> None:
        """The window is on screen and applied its language: sentences made from now on are in it. ``ahead``
        names what of :data:`AHEAD` the first page will show: on a file without users the thread reads it right
        after opening (it is found in ``Opened.ahead``) — with ``after_first_page``, only once the window said
        that its first page is built and painted (:meth:`first_page_shown`): side by side, the reading's Python
        made the building wait for the interpreter, the window's longest stall. ``warm_up`` names more modules to
        import ahead on such a file (the first page's own: its import would stall the window)."""
        self._ahead = tuple(name for name in ahead if name in AHEAD)
        self._warm_up += tuple(warm_up)
        if after_first_page:
            self._page_shown.clear()
        self._language.set()

    def first_page_shown(self) -> None:
        """The window's first page is on screen: read ahead now (see :meth:`language_ready`)."""
        self._page_shown.set()

    def done(self) -> bool:
        return self.future.done()

    def result(self) -> Opened:
        """The open data file; raises what the opening raised (call once :meth:`done`)."""
        return self.future.result()

    def discard(self, *, wait: bool = True) -> None:
        """Nobody will use the file (the window was closed while it opened): close it once open — by default
        waiting for that, so that a migration under way finishes before the process may exit."""

        def close(future: Future[Opened]) -> None:
            if future.exception() is None:
                future.result().db.dispose()

        self._language.set()  # the window that would have said so is gone
        self._page_shown.set()
        self.future.add_done_callback(close)
        if wait:
            self._thread.join()

    def _run(self) -> None:
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            opened = self._open()
        except BaseException as exc:  # said by the window, never lost
            self.future.set_exception(exc)
            return
        self.future.set_result(opened)
        if opened.ahead:
            self._page_shown.wait()
        for name, later in opened.ahead.items():
            if not later.set_running_or_notify_cancel():
                continue
            try:
                later.set_result(AHEAD[name](opened.db))
            except BaseException as exc:  # the page asks again on its worker, which says the error
                log.exception("reading %s ahead failed", name)
                later.set_exception(exc)

    def _open(self) -> Opened:
        # nothing before the window is on screen (language_ready): the interpreter runs one thread's Python at a
        # time, so these imports — most of the thread's time — would only have delayed the window
        self._language.wait()
        open_log_file()
        import hoagiai_desktop.storage.opening  # noqa: F401
        from hoagiai_desktop.services.access import has_users
        from hoagiai_desktop.ui.navigation import COMMUNE, file_kind

        options: dict[str, Any] = {"read_only": True, "migrate": False} if self.read_only else {}
        db = self._opener(self.target, **options)
        try:
            kind = file_kind(db)
            users = has_users(db)
        except BaseException:
            db.dispose()
            raise
        if not users:
            for name in self._warm_up:
                try:
                    importlib.import_module(name)
                except Exception:  # the page that needs it will say so when it is built
                    log.exception("could not import %s ahead", name)
        # nothing is read for the user before the login; a province's first page has no attention list
        wanted = () if users or kind != COMMUNE else self._ahead
        ahead: dict[str, Future[Any]] = {name: Future() for name in wanted}
        return Opened(db, kind, users, ahead)
