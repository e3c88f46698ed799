"""The command line (DOMAIN §7): one argparse front end over the same services as the window.

Each command lives in its own module of this package with ``register(subparsers)``; the module's parser sets
``func`` to a ``run(args, ctx) -> int``. A user error prints one sentence on stderr and exits non-zero; an
unexpected error prints one sentence too and writes the traceback to the log file only.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hoagiai_desktop import __version__
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, set_language
from hoagiai_desktop.logs import open_log_file

if TYPE_CHECKING:  # the storage layer (SQLAlchemy) is imported only by commands that open a data file
    from hoagiai_desktop.storage.database import Database

log = logging.getLogger(__name__)

# Command modules in the order `hoagiai --help` lists them.
COMMAND_MODULES = (
    "demo", "unit", "stats", "check", "template", "import_", "export", "report", "forms", "backup", "restore",
    "key", "send", "receipt", "province", "receive", "completeness", "users",
)  # fmt: skip


@dataclass
class Context:
    """What a command needs from the composition root."""

    db_target: str
    user: str | None = None  # server mode: log in as this user (DOMAIN §8)
    password_file: str | None = None

    def open_db(self, *, migrate: bool = True, read_only: bool = False, reader: bool = False) -> Database:
        """Open the data file; ``reader=True`` for commands that only read (they may run beside the window).

        A data file with users (server mode) needs ``--user``; the password comes from ``--password-file`` or a
        prompt, and the services then check the user's role."""
        from hoagiai_desktop.storage.opening import open_database

        db = open_database(self.db_target, migrate=migrate, read_only=read_only, reader=reader)
        try:
            from hoagiai_desktop.cli.login import log_in

            log_in(db, self.user, self.password_file)
        except BaseException:
            db.dispose()
            raise
        return db


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage in one translated sentence (no usage dump, no traceback)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(
            2, _("Error: {message}. Run with --help to see how to use it.").format(message=message) + "\n"
        )


def _translate_argparse() -> None:
    """argparse's own words ("usage:", "options", "the following arguments are required") come from the module's
    gettext calls; route them through our catalogue (the Vietnamese entries are in i18n/vi.po)."""
    from hoagiai_desktop import i18n

    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


# The options that may come before a command; each takes one value.
GLOBAL_OPTIONS = ("--db", "--lang", "--user", "--password-file", "--page")


def _names_no_command(argv: Sequence[str]) -> bool:
    """True when ``argv`` is only global options with their values — the window starts, and the command parsers
    (importing every command module: about a tenth of the window's start-up) are not needed to read it. Anything
    else (a command, --help, --version, a mistake) gets the whole parser and its usual answer."""
    rest = list(argv)
    while rest:
        name, given, _value = rest.pop(0).partition("=")
        if name not in GLOBAL_OPTIONS:
            return False
        if not given:
            if not rest or rest[0].startswith("-"):
                return False  # a missing value: the whole parser says so
            rest.pop(0)
    return True


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; ``commands=False`` leaves the commands out (argv names none, see
    ``_names_no_command``)."""
    _translate_argparse()
    parser = _Parser(
        prog="hoagiai",
        description=_(
            "HoaGiai Desktop — grassroots mediation records of a commune. Without a command, opens the window."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"HoaGiai Desktop {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--db", metavar="PATH", help=_("data file to use (default: the per-user data folder; env HOAGIAI_DB)")
    )
    parser.add_argument("--lang", choices=("vi", "en"), help=_("language of messages (default: Vietnamese)"))
    parser.add_argument("--user", metavar="NAME", help=_("log in as this user (a data file with users)"))
    parser.add_argument(
        "--password-file", metavar="FILE", help=_("read the password from this file instead of asking")
    )
    # Support and screenshots: open the window on a page ("mediators") or a record ("team:TO-003"); handed to the
    # window as a parameter (ui.application.run).
    parser.add_argument("--page", help=argparse.SUPPRESS)
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    for name in COMMAND_MODULES if commands else ():
        try:
            module = importlib.import_module(f"hoagiai_desktop.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"hoagiai_desktop.cli.{name}":
                continue  # not part of this build
            log.exception("command %s could not be loaded", name)
            continue  # the other commands still work
        except Exception:
            log.exception("command %s could not be loaded", name)
            continue
        module.register(subparsers)
    return parser


def _pre_language(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_pre_language(argv))  # before building the parser, so --help is translated too
    parser = build_parser(commands=not _names_no_command(argv))
    args = parser.parse_args(argv)
    from hoagiai_desktop.paths import default_db_path

    ctx = Context(
        db_target=str(args.db) if args.db else str(default_db_path()),
        user=args.user,
        password_file=args.password_file,
    )
    if args.command is None:
        # the window's opening thread opens the log file, once the window is on screen (``ui.opening``)
        return run_window(ctx.db_target, start_page=args.page or None)
    open_log_file()  # past --help and usage errors: a command really starts
    try:
        return int(args.func(args, ctx) or 0)
    except UserError as err:
        print(err.message, file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(_("Stopped."), file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `hoagiai stats ... | head`: the reader has what it wanted
        sys.stderr.close()
        return 0
    except Exception as exc:
        log.exception("unexpected error in command %s", args.command)
        said = _drive_fault(exc, ctx.db_target)
        if said is not None:  # a full, read-only, forbidden or vanished drive: say that, not "unexpected"
            print(said.message, file=sys.stderr)
            return said.exit_code
        print(
            _(
                "Something unexpected went wrong; nothing was changed. Details are in the log file {path}."
            ).format(path=log_file_hint()),
            file=sys.stderr,
        )
        return 1


def _drive_fault(exc: BaseException, db_target: str) -> UserError | None:
    if "://" in db_target:
        return None
    from hoagiai_desktop.storage.faults import explain

    return explain(exc, Path(db_target))


def log_file_hint() -> Path:
    from hoagiai_desktop.logs import log_path

    return log_path()


def run_window(db_target: str, *, start_page: str | None = None) -> int:
    """Open the window on ``db_target``; ``start_page`` is a page key ("mediators") or a record ("team:TO-003")."""
    opening = None
    try:
        # the data file is opened on a thread of its own, once Qt is imported and the window shown (#13)
        from hoagiai_desktop.ui.opening import DataOpening, quicker_qt_imports

        opening = DataOpening(db_target)
        quicker_qt_imports()
        from hoagiai_desktop.ui.application import run
    except ModuleNotFoundError as exc:
        if opening is not None:
            opening.discard()  # nobody will use the file: closed (and its lock released) once open
        if exc.name and exc.name.startswith("hoagiai_desktop.ui"):
            print(
                _("The window is not available in this build; use the commands (hoagiai --help)."),
                file=sys.stderr,
            )
            return 2
        raise
    return run(db_target, start_page=start_page, opening=opening)
