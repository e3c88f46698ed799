"""What every service shares: the outcome of a write, field-level validation errors, codes, and input cleaning."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select

from hoagiai_desktop.domain import values
from hoagiai_desktop.domain.rules import Finding, blocks, warnings
from hoagiai_desktop.errors import BlockedByRule, UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import access
from hoagiai_desktop.services.changes import Outcome as Outcome  # where every service finds it
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.text import nfc, nfc_or_none

if TYPE_CHECKING:  # importing this module must not load the ORM (`hoagiai stats` reads with Core SQL only)
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


@contextmanager
def writing(
    db: Database, *, role: str = access.OFFICER, audit: bool = True, bind: Connection | None = None
) -> Iterator[Session]:
    """The one door of every write: refuse (one sentence) unless the logged-in user has ``role`` — a file
    without users allows everything — then one transaction, all or nothing, audited with the user's name.
    ``bind``: a connection held for a loop of such transactions (``Database.connection``)."""
    access.require(db, role)
    with db.transaction(audit=audit, bind=bind) as session:
        yield session


class ValidationError(UserError):
    """Input a form must fix; ``errors`` maps a field name to the sentence to show next to that field."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        first = next(iter(self.errors.values()), _("Check the highlighted fields."))
        super().__init__(
            first if len(self.errors) == 1 else _("Check the highlighted fields: {first}").format(first=first)
        )


class RuleBlocked(BlockedByRule):
    """A BLOCK rule refused the write; ``findings`` are the blocks and ``errors`` maps fields to their sentences."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.errors = {f.field or "": f.message for f in findings}
        super().__init__(" ".join(f.message for f in findings))


@contextmanager
def read(db: Database) -> Iterator[Session]:
    """A read-only session whose loaded objects are detached *before* the rollback, so they stay readable."""
    with db.reading() as session:
        try:
            yield session
        finally:
            session.expunge_all()


def today() -> dt.date:
    """Today's date (a function so tests can pin it)."""
    return dt.date.today()


def check(findings: Iterable[Finding]) -> list[Finding]:
    """Raise :class:`RuleBlocked` if any finding blocks; otherwise return the warnings."""
    found = list(findings)
    blocking = blocks(found)
    if blocking:
        raise RuleBlocked(blocking)
    return warnings(found)


class Errors:
    """Collects field errors while a service reads its input; :meth:`raise_if_any` raises them together."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def text(self, name: str, value: str | None, *, required: bool = False, label: str = "") -> str | None:
        cleaned = nfc_or_none(value)
        if required and not cleaned:
            self.add(name, _("Enter the {label}.").format(label=label or name))
        return cleaned

    def enum(
        self, name: str, cls: type[E], value: Any, *, required: bool = True, label: str = ""
    ) -> E | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(name, _("Choose the {label}.").format(label=label or name))
            return None
        if isinstance(value, cls):
            return value
        try:
            return cls(value)
        except ValueError:
            parse = getattr(cls, "parse", None)
            found = parse(value) if parse is not None else None
            if found is None:
                self.add(
                    name,
                    _("“{value}” is not a valid choice for the {label}.").format(
                        value=value, label=label or name
                    ),
                )
            return found

    def number(self, name: str, value: int | None, *, minimum: int = 0, label: str = "") -> int | None:
        if value is None:
            return None
        if value < minimum:
            self.add(
                name,
                _("The {label} cannot be less than {minimum}.").format(label=label or name, minimum=minimum),
            )
        elif (problem := values.count_problem(value, what=label or name)) is not None:
            self.add(name, problem)  # whole and plausible (domain/values.py)
        return value

    def date(
        self, name: str, value: dt.date | None, *, required: bool = False, label: str = ""
    ) -> dt.date | None:
        if value is None and required:
            self.add(name, _("Enter the {label}.").format(label=label or name))
        return value

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def clean(value: str | None) -> str:
    """NFC-normalised, trimmed text ("" for None)."""
    return nfc(value)


def next_code(session: Session, model: Any, prefix: str, width: int) -> str:
    """The next free code ``prefix`` + zero-padded number, one above the highest such code in the table."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    highest = 0
    for (code,) in session.execute(select(model.code).where(model.code.like(f"{prefix}%"))):
        match = pattern.match(code or "")
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{prefix}{highest + 1:0{width}d}"


def code_taken(session: Session, model: Any, code: str, *, except_id: int | None = None) -> bool:
    """True when another row of ``model`` already uses ``code``."""
    stmt = select(model.id).where(model.code == code)
    if except_id is not None:
        stmt = stmt.where(model.id != except_id)
    return session.execute(stmt.limit(1)).first() is not None


def resolve_code(
    session: Session,
    model: Any,
    code: str | None,
    prefix: str,
    width: int,
    *,
    except_id: int | None = None,
    what: str = "",
) -> str:
    """The code to store: the typed one (NFC, upper case kept as typed) if free, else a new one when blank."""
    typed = nfc(code)
    if not typed:
        return next_code(session, model, prefix, width)
    problem = values.code_problem(typed)  # visible characters, at most 32 (domain/values.py)
    if problem is not None:
        raise ValidationError({"code": problem})
    if code_taken(session, model, typed, except_id=except_id):
        raise ValidationError(
            {
                "code": _("The code {code} is already used by another {what}; choose another code.").format(
                    code=typed, what=what or _("record")
                )
            }
        )
    return typed


def change_code(session: Session, obj: Any, code: str | None, prefix: str, width: int, *, what: str) -> None:
    """Give the stored ``obj`` the typed ``code`` when it differs (a blank code keeps the current one)."""
    if clean(code) and clean(code) != obj.code:
        obj.code = resolve_code(session, type(obj), code, prefix, width, except_id=obj.id, what=what)


def reload(
    session: Session, model: type[T], row_id: int, options: Iterable[Any], missing: str | None = None
) -> T:
    """The row re-read from the database (fresh values, ``options`` loaded) so it stays readable once detached.

    When it no longer exists: a UserError with the already translated ``missing`` sentence, or, without one,
    SQLAlchemy's NoResultFound (the caller has just written the row).
    """
    stmt = select(model).where(model.id == row_id).options(*options)  # type: ignore[attr-defined]
    result = session.execute(stmt.execution_options(populate_existing=True))
    if missing is None:
        return result.scalar_one()
    row = result.scalar_one_or_none()
    if row is None:
        raise UserError(missing)
    return row


def get_or_fail(session: Session, model: type[T], row_id: int, what: str) -> T:
    """The row with ``row_id`` or a UserError saying it no longer exists."""
    obj = session.get(model, row_id)
    if obj is None:
        raise UserError(_("The {what} no longer exists; refresh the list.").format(what=what))
    return obj
