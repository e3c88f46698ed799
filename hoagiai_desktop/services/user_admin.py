"""Managing the officers who log in to a shared data file (DOMAIN §8): add, reset a password, change a role,
unlock, disable and enable again — the *quản trị*'s work, for the ``hoagiai users`` commands and the window's
users page alike.

Every write goes through the one door ``services.common.writing(db, role=ADMIN)`` (the role check, one transaction,
audited with the acting user). The exception is the first user of a file without users: nobody can log in yet, so
anyone may add it — and it must be a *quản trị* (``writing`` allows every write on a file without users). Users are
never deleted (their name stays in the audit log); disabling stops the login. At least one *quản trị* who can log
in always remains, so nobody can lock the office out of managing its users.

This lives beside ``services.users`` (hashes, login), not in it: the login dialog and ``--user`` import ``users`` on
the way to the first window, and need neither the write door nor what it imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import users
from hoagiai_desktop.services.changes import Changes, Outcome
from hoagiai_desktop.services.common import writing
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.text import nfc

_USERS = Changes(users=True)


def _check_password(password: str) -> None:
    if len(password) < users.MIN_PASSWORD:
        raise UserError(_("The password must have at least {n} characters.").format(n=users.MIN_PASSWORD))


def _check_role(role: str) -> None:
    if role not in users.ROLE_LABELS:
        raise UserError(_("The role must be quan-tri, can-bo or chi-xem."))


def add_user(db: Database, name: str, role: str, password: str) -> Outcome[None]:
    """A new user with ``role`` and ``password`` (kept only as a scrypt hash); the first user of a file must be a
    *quản trị*, and from then on everyone logs in."""
    name = nfc(name).strip()
    _check_role(role)
    if not name:
        raise UserError(_("Give the user's name."))
    _check_password(password)
    if not users.has_users(db) and role != users.ADMIN:
        raise UserError(_("The first user must be an administrator (quan-tri)."))
    hashed = users.hash_password(password)  # slow on purpose: before the transaction, not inside it
    with writing(db, role=users.ADMIN) as s:
        if s.scalar(select(m.AppUser).where(m.AppUser.name == name)) is not None:
            raise UserError(_("There is already a user named {name}.").format(name=name))
        s.add(m.AppUser(name=name, role=role, password_hash=hashed, failed_logins=0, disabled=False,
                        created_at=dt.datetime.now().replace(microsecond=0)))  # fmt: skip
    db.has_users = True
    return Outcome(None, changes=_USERS)


def add_first_admin(db: Database, name: str, password: str) -> Outcome[None]:
    """The first *quản trị* of a file without users, made in the window: the program then acts as this user (the
    rest of this session's writes need a login from now on), and every later start asks for a login."""
    if users.has_users(db):
        raise UserError(_("This data file already has users; an administrator adds the others."))
    outcome = add_user(db, name, users.ADMIN, password)
    users.act_as(db, nfc(name).strip(), users.ADMIN)
    return outcome


def _edit(db: Database, name: str, change: Callable[[Session, m.AppUser], None]) -> Outcome[None]:
    """``change(session, user)`` on user ``name`` through the write door, as a *quản trị*."""
    with writing(db, role=users.ADMIN) as s:
        user = s.scalar(select(m.AppUser).where(m.AppUser.name == nfc(name)))
        if user is None:
            raise UserError(_("There is no user named {name}.").format(name=name))
        change(s, user)
    return Outcome(None, changes=_USERS)


def _keep_an_admin(s: Session, user: m.AppUser) -> None:
    """Refuse when ``user`` is the last *quản trị* who can log in (about to be demoted or disabled)."""
    if user.role != users.ADMIN or user.disabled:
        return
    others = s.scalar(
        select(func.count())
        .select_from(m.AppUser)
        .where(m.AppUser.role == users.ADMIN, m.AppUser.disabled.is_(False), m.AppUser.id != user.id)
    )
    if not others:
        raise UserError(
            _("{name} is the last administrator; make another user an administrator first.").format(
                name=user.name
            )
        )


def set_role(db: Database, name: str, role: str) -> Outcome[None]:
    _check_role(role)

    def change(s: Session, user: m.AppUser) -> None:
        if role != users.ADMIN:
            _keep_an_admin(s, user)
        user.role = role

    outcome = _edit(db, name, change)
    me = users.current_user(db)
    if me is not None and me[0] == nfc(name):
        users.act_as(db, me[0], role)  # one's own role changed: this session's rights follow at once
    return outcome


def reset_password(db: Database, name: str, password: str) -> Outcome[None]:
    """A new password (the user was told it in person); a lock from wrong passwords ends with it."""
    _check_password(password)
    hashed = users.hash_password(password)

    def change(_s: Session, user: m.AppUser) -> None:
        user.password_hash, user.failed_logins, user.locked_until = hashed, 0, None

    return _edit(db, name, change)


def unlock_user(db: Database, name: str) -> Outcome[None]:
    """End a lock-out after five wrong passwords before its 15 minutes are over."""

    def change(_s: Session, user: m.AppUser) -> None:
        user.failed_logins, user.locked_until = 0, None

    return _edit(db, name, change)


def disable_user(db: Database, name: str) -> Outcome[None]:
    """Stop ``name`` from logging in (users are never deleted: the audit log keeps naming them)."""

    def change(s: Session, user: m.AppUser) -> None:
        _keep_an_admin(s, user)
        user.disabled = True

    return _edit(db, name, change)


def enable_user(db: Database, name: str) -> Outcome[None]:
    def change(_s: Session, user: m.AppUser) -> None:
        user.disabled, user.failed_logins, user.locked_until = False, 0, None

    return _edit(db, name, change)
