"""Realistic, deterministic sample data for an empty database (``hoagiai demo``, DOMAIN §7).

Everything is drawn from one ``random.Random(seed)`` and anchored on a fixed ``today``: the same seed and day give
the same rows, and no date lies after ``today``. The data respects the invariants the indicators rely on (end ≥ start,
no overlapping memberships of one mediator in one team, every ended case has an end date and an Điều 23 reason,
every successful case an agreement) while containing, on purpose, what the checks must find: teams that break
the composition rules, mediators elected by too few households, sessions later than three days, mediators not
trained within six months.

Rows are built in memory as plain dicts with their ids and written with Core bulk inserts in one transaction
(a province-size set is about half a million rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, insert, select, text

from hoagiai_desktop.demo.cases import CaseBuilder
from hoagiai_desktop.demo.registers import RegisterBuilder
from hoagiai_desktop.demo.shapes import SIZES, SPECS, Progress, Row
from hoagiai_desktop.demo.training import TrainingBuilder
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import AuditAction
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import N_, _
from hoagiai_desktop.services import targets
from hoagiai_desktop.storage import derived
from hoagiai_desktop.storage.database import Database

__all__ = ["SIZES", "generate", "is_empty"]


class Builder(RegisterBuilder, CaseBuilder, TrainingBuilder):
    """All the sample data, built in one fixed order from one random source."""

    def build(self, progress: Progress | None) -> None:
        say = progress or (lambda _msg: None)
        self.build_unit()
        self.build_villages()
        self.build_teams()
        for team in self.teams:
            self.build_members(team)
        self.build_second_memberships()
        self.rows["mediator"] = [self.mediator_rows[k] for k in sorted(self.mediator_rows)]
        say(_("Teams and mediators ready: {teams} teams, {mediators} mediators.").format(
            teams=len(self.teams), mediators=len(self.mediator_rows)))  # fmt: skip
        self.build_cases(progress)
        self.build_training()


# --- writing -------------------------------------------------------------------------------------------------------

_WRITE_ORDER = (
    "unit", "village", "team", "mediator", "membership", "case_file", "party", "assignment", "invitee",
    "mediation_session", "follow_up", "training_event", "attendance", "guest_attendee",
)  # fmt: skip
_MUST_BE_EMPTY = (m.Unit, m.Village, m.Team, m.Mediator, m.Case)
# What the progress line calls each table (shown with _()).
_TABLE_LABELS = {
    "unit": N_("the commune"), "village": N_("villages"), "team": N_("mediation teams"), "mediator": N_("mediators"),
    "membership": N_("memberships"), "case_file": N_("cases"), "party": N_("parties"), "assignment": N_("assignments"),
    "invitee": N_("invited persons"), "mediation_session": N_("mediation sessions"), "follow_up": N_("follow-up entries"),
    "training_event": N_("training events"), "attendance": N_("attendance"), "guest_attendee": N_("other attendees"),
}  # fmt: skip


def is_empty(db: Database) -> bool:
    """True when the database holds no unit, village, team, mediator or case."""
    with db.reading() as session:
        return all(session.scalar(select(model.id).limit(1)) is None for model in _MUST_BE_EMPTY)


def _chunks(rows: list[Row], size: int = 20_000) -> Iterable[list[Row]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def generate(
    db: Database,
    size: str = "commune",
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill an empty database with sample data; return the number of rows written per table.

    ``today`` anchors every date (nothing lies after it); ``progress`` receives short translated stage messages.
    """
    if size not in SPECS:
        raise UserError(_("Unknown sample size {size}; choose commune or province.").format(size=size))
    if db.read_only:
        raise UserError(_("The data file is open read-only; sample data cannot be written to it."))
    if not is_empty(db):
        raise UserError(
            _("This data file already holds records; sample data can only be created in an empty data file.")
        )
    today = today or dt.date.today()
    say = progress or (lambda _msg: None)
    builder = Builder(SPECS[size], seed, today)
    builder.build(progress)
    counts: dict[str, int] = {}
    with db.transaction(audit=False) as session:
        for table in _WRITE_ORDER:
            rows = builder.rows[table]
            counts[table] = len(rows)
            if not rows:
                continue
            say(_("Writing {table}: {n} rows").format(table=_(_TABLE_LABELS[table]), n=len(rows)))
            for chunk in _chunks(rows):
                session.execute(insert(m.Base.metadata.tables[table]), chunk)
        if session.get_bind().dialect.name == "postgresql":
            # Ids were given explicitly: move each id sequence past them so later inserts get fresh ids.
            for table in _WRITE_ORDER:
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
                )
        say(_("Building the search index"))
        derived.rebuild_search(session)
        session.add(
            m.AuditEntry(
                at=dt.datetime.now().replace(microsecond=0), who=db.actor, entity="demo", entity_code=f"seed={seed}",
                action=AuditAction.IMPORT, fields=f"size={size}," + ",".join(f"{t}={n}" for t, n in counts.items()),
            )
        )  # fmt: skip
    targets.ensure_default_targets(db)  # the same QĐ 315 plan the settings page edits
    with db.reading() as session:
        counts["target"] = int(session.scalar(select(func.count()).select_from(m.Target)) or 0)
    return counts
