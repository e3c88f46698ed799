"""The same migrations, indicators, search and sorting on PostgreSQL (DESIGN: no SQLite-only SQL in queries)."""

from __future__ import annotations

from sqlalchemy import select

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import Sex
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.storage import migrate
from hoagiai_desktop.storage.opening import open_database
from hoagiai_desktop.storage.search import search_clause
from tests.domain.test_indicators import EXPECTED_2025, build_commune


def test_migrations_and_indicators_on_postgres(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        assert db.engine.dialect.name == "postgresql"
        assert migrate.current_revision(db) == migrate.head_revision()
        with db.transaction() as session:
            build_commune(session)
        with db.reading() as session:
            assert indicators.compute(session, parse_period("2025")) == EXPECTED_2025
            by_team = indicators.compute_by_team(session, parse_period("2025"))
            assert sum(f["cases.handled"] for f in by_team.values()) == EXPECTED_2025["cases.handled"]
    finally:
        db.dispose()


def test_stats_path_on_postgres_reads_the_same_figures_through_a_core_connection(pg_url: str) -> None:
    """``hoagiai stats`` reads through ``Database.reading_connection`` (Core, no ORM): on a server database the
    figures equal those read through a session, the file kind and users are asked the same way, and the
    connection is read-only (SET TRANSACTION READ ONLY)."""
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from hoagiai_desktop.services import access, reporting, unit_kind

    db = open_database(pg_url)
    try:
        with db.transaction() as session:
            build_commune(session)
        _period, figures, team_id = reporting.period_figures(db, "2025", team_rows=False)
        assert team_id is None and figures.total == EXPECTED_2025
        with db.reading() as session:
            by_team = indicators.compute_by_team(session, parse_period("2025"))
        _period, with_teams, _team = reporting.period_figures(db, "2025")
        assert with_teams.teams == by_team
        assert not unit_kind.is_province(db) and not access.has_users(db)
        assert reporting.get_regime(db) == "auto"
        with pytest.raises(DBAPIError, match=r"read-only"), db.reading_connection() as conn:
            conn.execute(text("INSERT INTO setting(key, value) VALUES ('sneaked', 'x')"))
    finally:
        db.dispose()


def test_search_and_vietnamese_order_on_postgres(pg_url: str) -> None:
    db = open_database(pg_url)
    names = ["Nguyễn Thị Hường", "Đặng Văn Đức", "Lê Văn An", "Trần Thị Ánh", "Phạm Văn Dũng"]
    try:
        with db.transaction() as session:
            for i, name in enumerate(names):
                session.add(m.Mediator(code=f"H{i}", full_name=name, sex=Sex.NAM))
        with db.reading() as session:

            def find(q: str) -> list[str]:
                return list(
                    session.scalars(select(m.Mediator.full_name).where(search_clause(session, m.Mediator, q)))
                )

            assert find("nguyen thi huong") == ["Nguyễn Thị Hường"]
            assert find("dang") == ["Đặng Văn Đức"]
            ordered = list(session.scalars(select(m.Mediator.full_name).order_by(m.Mediator.sort_key)))
        assert ordered == [
            "Lê Văn An",
            "Trần Thị Ánh",
            "Phạm Văn Dũng",
            "Đặng Văn Đức",
            "Nguyễn Thị Hường",
        ]  # d < đ
    finally:
        db.dispose()


def test_demo_lists_and_attention_on_postgres(pg_url: str) -> None:
    """The services' list queries (string_agg on PostgreSQL) and the demo generator on a server database."""
    import datetime as dt

    from hoagiai_desktop.demo import generate
    from hoagiai_desktop.services import attention, cases_read, mediators_read

    db = open_database(pg_url)
    try:
        generate(db, size="commune", seed=3, today=dt.date(2026, 6, 30))
        active = mediators_read.MediatorFilter(status="active")
        mediators = mediators_read.list_mediators(db, active, as_of=dt.date(2026, 6, 30))
        assert len(mediators) == mediators_read.count_mediators(db, active, as_of=dt.date(2026, 6, 30)) > 100
        names = [r.full_name for r in mediators]
        first = mediators[0].full_name
        by_name = mediators_read.MediatorFilter(query=first.upper(), status="active")
        assert mediators_read.list_mediators(db, by_name, as_of=dt.date(2026, 6, 30))[0].full_name == first
        cases = cases_read.case_list(db, cases_read.CaseFilter(as_of=dt.date(2026, 6, 30)), limit=50)
        assert len(cases) == 50 and cases[0].received_on >= cases[-1].received_on
        assert any(c.parties for c in cases)
        assert attention.needs_attention(db, dt.date(2026, 6, 30))
        with db.reading() as session:
            figures = indicators.compute(session, parse_period("2025"))
        assert indicators.invariant_holds(figures) and figures["cases.handled"] > 50
        assert len(names) == len(set(r.code for r in mediators))
    finally:
        db.dispose()
