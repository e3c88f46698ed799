"""Who may do what (DOMAIN §8): the roles and the check every service makes before it writes.

Split from :mod:`hoagiai_desktop.services.users` (which manages the users and logs them in) so that a command that
only reads — ``hoagiai stats`` — can ask "does this file have users?" with one Core query, without loading the
ORM, the models or the password hashing. :mod:`~hoagiai_desktop.services.users` re-exports these names.
"""

from __future__ import annotations

from sqlalchemy import func, select

from hoagiai_desktop.domain import tables as t
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import N_, _
from hoagiai_desktop.storage.database import Database

ADMIN, OFFICER, VIEWER = "quan-tri", "can-bo", "chi-xem"
ROLE_LABELS = {ADMIN: N_("administrator"), OFFICER: N_("officer"), VIEWER: N_("read only")}
RANK = {VIEWER: 0, OFFICER: 1, ADMIN: 2}


def has_users(db: Database) -> bool:
    """Whether the file has users, asked once per open Database (every write checks it; ``add_user`` sets it).

    Users are never deleted, so once True it stays true; a first user added by another program while this one
    has the file open is seen when the file is next opened."""
    if db.has_users is None:
        with db.reading_connection() as conn:
            db.has_users = bool(conn.scalar(select(func.count()).select_from(t.app_user)))
    return db.has_users


def current_user(db: Database) -> tuple[str, str] | None:
    """(name, role) of the user logged in on ``db``, or None (no login: a one-person data file)."""
    role = getattr(db, "user_role", None)
    return (db.actor, str(role)) if role is not None else None


def require(db: Database, role: str) -> None:
    """Refuse in one sentence unless the logged-in user has at least ``role`` (no users: all allowed)."""
    current = db.user_role
    if current is None:
        if not has_users(db):
            return
        raise UserError(_("This data file has users; log in with --user NAME."))
    if RANK.get(str(current), -1) < RANK[role]:
        raise UserError(
            _("Your role ({role}) does not allow this; ask an administrator.").format(
                role=_(ROLE_LABELS[current])
            )
        )
