"""Plan targets (chỉ tiêu) per indicator key of DOMAIN §4, seeded from Quyết định 315/QĐ-TTg and editable.

Every target value is a percentage of the indicator's base: ``teams.compliant`` and ``teams.legal_support`` of
``teams.total``; ``training.pct_trained`` of ``mediators.total``; ``training.new_trained_6m`` of ``training.new``;
``training.leaders_in_depth`` of ``mediators.leaders``; ``cases.success_rate`` as the indicator itself.

Read through Core (the dashboard reads them on its reading thread, which then needs nothing of the ORM); written
through the ORM, which only the writes import (each change is audited).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from hoagiai_desktop.domain import tables
from hoagiai_desktop.domain import targets as targets_table
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services.changes import NOTHING, Changes
from hoagiai_desktop.services.common import Errors, Outcome, ValidationError, writing
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.text import nfc, nfc_or_none

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The one table lives in :mod:`hoagiai_desktop.domain.targets` (the Đề án paper reads it too).
DEFAULT_PLAN = targets_table.PLAN
DEFAULT_LEGAL_BASIS = targets_table.LEGAL_BASIS
DEFAULT_YEARS = targets_table.YEARS
TargetDefault = targets_table.TargetDef
DEFAULT_TARGETS: tuple[TargetDefault, ...] = targets_table.DEFAULTS
TARGET_KEYS = tuple(t.indicator for t in DEFAULT_TARGETS)


@dataclass(frozen=True)
class TargetRow:
    plan: str
    indicator: str
    value: float
    legal_basis: str | None
    year_from: int | None
    year_to: int | None
    description: str  # translated


_TARGETS = Changes(targets=True)


def _description(indicator: str) -> str:
    for t in DEFAULT_TARGETS:
        if t.indicator == indicator:
            return _(t.description)
    return indicator


def ensure_default_targets(db: Database) -> Outcome[int]:
    """Seed the QĐ 315 targets that are missing (never overwrites edits); the value is how many were added.

    Writes only when one is missing, so opening Settings as a read-only user (chỉ xem) is not a refused write."""
    target = tables.target.c
    with db.reading_connection() as c:
        have = set(c.execute(select(target.indicator).where(target.plan == DEFAULT_PLAN)).scalars())
    if all(t.indicator in have for t in DEFAULT_TARGETS):
        return Outcome(0, changes=NOTHING)
    from hoagiai_desktop.domain import models as m  # the ORM for writing only

    added = 0
    with writing(db) as s:
        have = set(s.execute(select(m.Target.indicator).where(m.Target.plan == DEFAULT_PLAN)).scalars())
        for t in DEFAULT_TARGETS:
            if t.indicator not in have:
                s.add(
                    m.Target(
                        plan=DEFAULT_PLAN,
                        legal_basis=DEFAULT_LEGAL_BASIS,
                        indicator=t.indicator,
                        value=t.value,
                        year_from=DEFAULT_YEARS[0],
                        year_to=DEFAULT_YEARS[1],
                    )
                )
                added += 1
    return Outcome(added, changes=_TARGETS if added else NOTHING)


def get_targets(db: Database, plan: str | None = None) -> list[TargetRow]:
    """The targets of ``plan`` (default QĐ 315), in the order of :data:`DEFAULT_TARGETS`, then by key."""
    order = {k: i for i, k in enumerate(TARGET_KEYS)}
    target = tables.target.c
    columns = (
        target.plan,
        target.indicator,
        target.value,
        target.legal_basis,
        target.year_from,
        target.year_to,
    )
    with db.reading_connection() as c:
        rows = c.execute(select(*columns).where(target.plan == (plan or DEFAULT_PLAN))).all()
        result = [
            TargetRow(
                r.plan, r.indicator, r.value, r.legal_basis, r.year_from, r.year_to, _description(r.indicator)
            )
            for r in rows
        ]
    return sorted(result, key=lambda r: (order.get(r.indicator, len(order)), r.indicator))


def target_values(db: Database, plan: str | None = None) -> dict[str, float]:
    """``{indicator: value}`` of a plan, with QĐ 315 defaults for keys not stored."""
    values = {t.indicator: t.value for t in DEFAULT_TARGETS} if (plan or DEFAULT_PLAN) == DEFAULT_PLAN else {}
    values.update({r.indicator: r.value for r in get_targets(db, plan)})
    return values


def set_target(
    db: Database,
    indicator: str,
    value: float,
    *,
    plan: str | None = None,
    legal_basis: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> Outcome[TargetRow]:
    """Create or change one target value (a percentage between 0 and 100)."""
    err = Errors()
    key = err.text("indicator", indicator, required=True, label=_("indicator"))
    plan_name = err.text("plan", plan) or DEFAULT_PLAN
    if value is None or not 0 <= float(value) <= 100:
        err.add("value", _("Enter a target between 0 and 100 %."))
    if year_from is not None and year_to is not None and year_to < year_from:
        err.add("year_to", _("The last year is before the first year."))
    err.raise_if_any()
    assert key is not None
    with writing(db) as s:
        row = _put(s, plan_name, key, float(value), legal_basis, year_from, year_to)
    return Outcome(row, [], changes=_TARGETS)


def set_targets(
    db: Database, values: Mapping[str, float], *, plan: str | None = None
) -> Outcome[list[TargetRow]]:
    """Change several targets of ``plan`` at once (the Settings table), all or nothing."""
    plan_name = nfc_or_none(plan) or DEFAULT_PLAN
    bad = {
        key: _("Enter a target between 0 and 100 %.")
        for key, value in values.items()
        if not 0 <= value <= 100
    }
    if bad:
        raise ValidationError(bad)
    with writing(db) as s:
        rows = [_put(s, plan_name, nfc(key), float(value)) for key, value in values.items()]
    return Outcome(rows, [], changes=_TARGETS)


def _put(
    s: Session,
    plan: str,
    key: str,
    value: float,
    legal_basis: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> TargetRow:
    from hoagiai_desktop.domain import models as m  # the ORM for writing only

    row = s.execute(
        select(m.Target).where(m.Target.plan == plan, m.Target.indicator == key)
    ).scalar_one_or_none()
    if row is None:
        row = m.Target(plan=plan, indicator=key, value=value)
        s.add(row)
        if legal_basis is None and plan == DEFAULT_PLAN:
            legal_basis = DEFAULT_LEGAL_BASIS
    row.value = value
    if legal_basis is not None:
        row.legal_basis = nfc_or_none(legal_basis)
    if year_from is not None:
        row.year_from = year_from
    if year_to is not None:
        row.year_to = year_to
    s.flush()
    return TargetRow(
        row.plan,
        row.indicator,
        row.value,
        row.legal_basis,
        row.year_from,
        row.year_to,
        _description(row.indicator),
    )


def delete_target(db: Database, indicator: str, *, plan: str | None = None) -> Outcome[None]:
    """Remove one target of a plan."""
    from hoagiai_desktop.domain import models as m  # the ORM for writing only

    with writing(db) as s:
        row = s.execute(
            select(m.Target).where(m.Target.plan == (plan or DEFAULT_PLAN), m.Target.indicator == indicator)
        ).scalar_one_or_none()
        if row is None:
            raise ValidationError({"indicator": _("There is no such target; refresh the list.")})
        s.delete(row)
    return Outcome(None, changes=_TARGETS)
