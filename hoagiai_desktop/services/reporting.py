"""The reporting regime the province asks for (DOMAIN §4), stored with the data, and the figures a period prints:
one door for the window and the command line."""

from __future__ import annotations

from sqlalchemy import select

from hoagiai_desktop.domain import periods_regimes as regimes
from hoagiai_desktop.domain import tables as t
from hoagiai_desktop.domain.indicators_estimates import PeriodFigures
from hoagiai_desktop.domain.periods import Period, parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services.changes import Changes, Outcome
from hoagiai_desktop.storage.database import Database


def get_regime(db: Database) -> str:
    """The regime chosen in Settings ("auto" = the default for each year)."""
    with db.reading_connection() as conn:
        return regimes.stored_regime(conn)


def set_regime(db: Database, regime_id: str) -> Outcome[None]:
    """Remember the regime ("auto", "tt03-2019", "tt17-2025"…); an unknown id raises a one-sentence UserError."""
    # here: the write door (services.common) loads the rules, which reading the figures never needs
    from hoagiai_desktop.services.common import writing

    with writing(db) as s:
        regimes.store_regime(s, regime_id)
    return Outcome(None, changes=Changes(regime=True))


def regime_options() -> list[tuple[str, str]]:
    """(id, name) of each shipped regime, for the Settings choice (after "auto")."""
    return regimes.regime_choices()


def period_figures(
    db: Database,
    period_text: str,
    regime: str | None = None,
    *,
    team_code: str | None = None,
    team_rows: bool = True,
) -> tuple[Period, PeriodFigures, int | None]:
    """The figures every paper prints for a period — estimates where its regime estimates — for the commune, or
    for one team with ``team_code``, read in one transaction. ``regime`` defaults to the one chosen in Settings.
    ``team_rows=False`` skips the per-team rows when only the commune's figures are read (the same figures,
    about a third of the work on province data; an estimated period still computes them).
    Returns the period as understood, its figures and the team's id (None for the commune)."""
    from hoagiai_desktop.reports.estimates import period_figures as collect

    # A Core connection, not an ORM session: the figures are aggregate SQL over the Core tables, and
    # `hoagiai stats` then never loads the ORM or the models.
    with db.reading_connection() as s:
        period = parse_period(period_text, regime or regimes.stored_regime(s))
        team_id: int | None = None
        if team_code:
            team_id = s.scalar(select(t.team.c.id).where(t.team.c.code == team_code))
            if team_id is None:
                raise UserError(_("There is no team with code {code}.").format(code=team_code))
        by_team = team_rows or team_id is not None
        figures = collect(s, period, team_ids=[team_id] if team_id is not None else [], by_team=by_team)
    return period, figures, team_id
