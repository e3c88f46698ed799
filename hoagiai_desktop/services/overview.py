"""How far the register is set up: the counts behind the window's first start and its "first steps" panel.

Plain values read in one reading transaction over the Core tables (nothing of the ORM is needed for the window's
first page); the window calls these on a database worker."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from hoagiai_desktop.domain import tables as t
from hoagiai_desktop.storage.database import Database


@dataclass(frozen=True)
class RegisterCounts:
    villages: int
    teams: int
    mediators: int
    cases: int
    demo_possible: bool  # nothing at all in the file yet (the sample data needs a wholly empty file)

    @property
    def needs_first_steps(self) -> bool:
        """A register not yet set up: a village, a team or a mediator is missing and no case was entered."""
        return self.cases == 0 and not (self.villages and self.teams and self.mediators)


def register_counts(db: Database) -> RegisterCounts:
    """The villages, teams, mediators and cases entered, and whether sample data could still be loaded."""
    with db.reading_connection() as s:
        villages, teams, mediators, cases = (
            s.execute(select(func.count(table.c.id))).scalar_one()
            for table in (t.village, t.team, t.mediator, t.case_file)
        )
        has_unit = s.scalar(select(t.unit.c.id).limit(1)) is not None
    # the sample data needs a wholly empty file: the demo generator's own test (demo.is_empty), counted here
    # rather than imported, as importing the generator on the reading thread stalled the window's start
    empty = not has_unit and not (villages or teams or mediators or cases)
    return RegisterCounts(villages, teams, mediators, cases, demo_possible=not db.read_only and empty)


def is_first_start(db: Database) -> bool:
    """No commune set up and no village yet: the window offers the first-start form."""
    with db.reading_connection() as s:
        has_unit = s.scalar(select(t.unit.c.id).limit(1)) is not None
        has_village = s.scalar(select(t.village.c.id).limit(1)) is not None
    return not has_unit and not has_village
