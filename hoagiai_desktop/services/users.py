"""Server mode (DOMAIN §8): users, roles and logins, enforced here in the services, not in the window.

A data file without users is a one-person office: everything is allowed and nobody logs in. Once the first user
(who must be a *quản trị*) exists, every command needs a login and each service checks the role it needs:
*quản trị* manages users and keys, *cán bộ* receives and reports, *chỉ xem* only reads. Passwords are kept as
scrypt hashes (``cryptography``'s Scrypt, salted, N=2^15); five wrong passwords lock the account for 15 minutes.
Adding and changing users is ``services.user_admin`` (through the write door).
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.province.keys import b64, unb64

# The roles and the check live in services/access.py (cheap to import); re-exported where services find them.
from hoagiai_desktop.services.access import ADMIN as ADMIN
from hoagiai_desktop.services.access import OFFICER as OFFICER
from hoagiai_desktop.services.access import ROLE_LABELS as ROLE_LABELS
from hoagiai_desktop.services.access import VIEWER as VIEWER
from hoagiai_desktop.services.access import current_user as current_user
from hoagiai_desktop.services.access import has_users as has_users
from hoagiai_desktop.services.access import require as require
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.text import nfc, sort_key

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
_N, _R, _P = 2**15, 8, 1


def _secret(password: str) -> bytes:
    """NFC first: the same Vietnamese password typed with another input method (NFD) must still match."""
    return nfc(password).encode("utf-8")


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = Scrypt(salt=salt, length=32, n=_N, r=_R, p=_P).derive(_secret(password))
    return f"scrypt${_N}${_R}${_P}${b64(salt)}${b64(digest)}"


def password_matches(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt" or not (2**14 <= int(n) <= 2**20 and 1 <= int(r) <= 32 and 1 <= int(p) <= 16):
            return False
        computed = Scrypt(salt=unb64(salt), length=32, n=int(n), r=int(r), p=int(p)).derive(_secret(password))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed, unb64(digest))


@dataclass(frozen=True)
class UserRow:
    name: str
    role: str
    disabled: bool
    locked_until: dt.datetime | None
    created_at: dt.datetime | None = None
    failed_logins: int = 0

    def locked(self, now: dt.datetime | None = None) -> bool:
        """Locked out right now (a lock whose 15 minutes are over no longer counts)."""
        return self.locked_until is not None and self.locked_until > (now or dt.datetime.now())


def login(db: Database, name: str, password: str) -> None:
    """Check the password; on success the database acts as this user (audit and role checks).

    A wrong password counts towards the lock-out (committed before the sentence is raised); the sentence is the
    same for an unknown name, so that it does not tell which names exist. The fifth wrong one says the lock.
    """
    now = dt.datetime.now().replace(microsecond=0)
    wrong = UserError(
        _(
            "Wrong user name or password; after five wrong passwords in a row the account is locked for "
            "{n} minutes."
        ).format(n=LOCK_MINUTES)
    )
    if db.read_only:  # another window is writing: the password is checked, a failure cannot be counted
        with db.reading() as s:
            user = s.scalar(select(m.AppUser).where(m.AppUser.name == nfc(name)))
            if user is None or user.disabled:
                raise wrong
            if user.locked_until is not None and user.locked_until > now:
                raise _locked(user.locked_until)
            if not password_matches(password, user.password_hash):
                raise wrong
            role = user.role
        act_as(db, name, role)
        return
    locked_until: dt.datetime | None = None
    with db.transaction(audit=False) as s:
        user = s.scalar(select(m.AppUser).where(m.AppUser.name == nfc(name)))
        if user is None or user.disabled:
            raise wrong
        if user.locked_until is not None and user.locked_until > now:
            raise _locked(user.locked_until)
        ok = password_matches(password, user.password_hash)
        if ok:
            user.failed_logins, user.locked_until = 0, None
            role = user.role
        else:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.failed_logins = 0
                user.locked_until = locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
    if not ok:  # the failure count is committed above, then the sentence
        raise _locked(locked_until) if locked_until is not None else wrong
    act_as(db, name, role)


def act_as(db: Database, name: str, role: str) -> None:
    """From now on ``db`` acts as this user: its audit entries name them and the services check their role."""
    db.actor = nfc(name)
    db.user_role = role


def _locked(until: dt.datetime) -> UserError:
    day = "" if until.date() == dt.date.today() else until.strftime(" %d/%m/%Y")
    return UserError(
        _("This account is locked after five wrong passwords; try again after {time}.").format(
            time=until.strftime("%H:%M") + day
        )
    )


def list_users(db: Database) -> list[UserRow]:
    require(db, VIEWER)
    with db.reading() as s:
        rows = [UserRow(u.name, u.role, u.disabled, u.locked_until, u.created_at, u.failed_logins)
                for u in s.scalars(select(m.AppUser))]  # fmt: skip
    return sorted(rows, key=lambda r: sort_key(r.name))  # Vietnamese order: Đ after D, not after Z
