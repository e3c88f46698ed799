"""Errors a person can act on.

A ``UserError`` carries one plain sentence (already translated) that the command line prints on stderr and the
window shows in a message box. Anything else is a bug and is logged with its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem caused by input the user can fix; ``str(err)`` is the sentence to show."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BlockedByRule(UserError):
    """A BLOCK rule of DOMAIN §3 refused a write."""

    exit_code = 3


class DatabaseTooNew(UserError):
    """The database was written by a newer version of the app."""

    exit_code = 4


class DatabaseLocked(UserError):
    """Another copy of the app is writing to the same database."""

    exit_code = 5
