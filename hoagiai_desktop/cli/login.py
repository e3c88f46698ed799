"""Logging a command in (server mode, DOMAIN §8): not a command itself (not in ``COMMAND_MODULES``)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import access
from hoagiai_desktop.storage.database import Database


def read_password(password_file: str | None, prompt: str) -> str:
    if password_file:
        from hoagiai_desktop.storage.crypto import read_password_file

        return read_password_file(Path(password_file))
    if not sys.stdin.isatty():
        raise UserError(_("Give the password with --password-file FILE (no terminal to ask on)."))
    return getpass.getpass(prompt)


def log_in(db: Database, user: str | None, password_file: str | None) -> None:
    """Log in when ``--user`` was given; refuse a data file with users when it was not."""
    if user:
        # here: the users' module loads the ORM and the password hashing, which a file without users never needs
        from hoagiai_desktop.services import users

        users.login(db, user, read_password(password_file, _("Password for {user}: ").format(user=user)))
    elif access.has_users(db):
        raise UserError(_("This data file has users; log in with --user NAME."))
