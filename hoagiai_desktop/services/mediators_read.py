"""The one read of the mediators: filter → ids sorted by the database → frozen rows and detail.

Before this module the mediator list existed twice: ``lists.list_mediators`` (one wide aggregate query, the
dashboard's) and ``list_queries.mediator_ids`` / ``mediator_rows`` (the window's), which disagreed on what
"trained", "former" and a team filter mean; the detail handed the window a detached ORM ``Mediator``. Every caller
now reads this one, and nothing here returns an ORM object.

Everything is judged as of a day ``as_of`` (default today), by DOMAIN §2/§4: a mediator is *active* with a
membership active that day (:func:`indicators.membership_active`); *former* had a membership started by then and
none active; *never* had none yet. *Trained* = attended an event ending on or before the day (§4
``training.trained``); *leader* = an active tổ trưởng membership; the training deadline is rule 3.7's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, exists, func, or_, select

from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain import tables as t
from hoagiai_desktop.domain.enums import Background, LegalQualification, Role, Sex, TrainingKind
from hoagiai_desktop.domain.ethnic import KINH
from hoagiai_desktop.domain.indicators import membership_active
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import cases_read, common, read_sql
from hoagiai_desktop.services.cases_read import CaseRow
from hoagiai_desktop.services.teams_read import MembershipRow, membership_rows
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.search import search_clause

if TYPE_CHECKING:
    from hoagiai_desktop.domain.indicators import Reader

# the Core tables: the lists run on a Core connection (no ORM to import or configure before the first list)
MEDIATORS, MEMBERSHIPS, TEAMS = t.mediator, t.membership, t.team
ATTENDANCE, EVENTS, ASSIGNMENTS = t.attendance, t.training_event, t.assignment

STATUSES = ("active", "former", "never")


@dataclass(frozen=True)
class MediatorFilter:
    query: str = ""
    village_id: int | None = None
    team_id: int | None = None  # with status "active": active members of the team; else anyone who was in it
    status: str | None = None  # None = all; "active" / "former" / "never" (not yet in any team)
    sex: Sex | None = None
    minority: bool | None = None
    trained: bool | None = None
    leader: bool | None = None
    legal_background: bool | None = None
    recognised_since: dt.date | None = None  # first recognised on or after this day (newly recognised)
    sort: str = "name"  # name, code, birth_year, sex, ethnicity, team, cases
    descending: bool = False


@dataclass(frozen=True)
class MediatorRow:
    id: int
    code: str
    full_name: str
    birth_year: int | None
    sex: Sex
    ethnicity: str
    is_minority: bool
    phone: str | None
    address: str | None
    legal_qualification: LegalQualification
    background: Background | None
    legal_background: bool
    active: bool
    leader: bool  # an active tổ trưởng membership
    teams: str  # the teams the mediator is an active member of, ", "-separated in Vietnamese order
    ever_member: bool  # False: never yet recognised into a team ("not yet in a team", not "former")
    first_recognised: dt.date | None
    left_on: dt.date | None  # last end date when no longer active
    trained: bool  # attended an event ending on or before the day
    training_overdue: bool  # rule 3.7 on the day
    cases: int  # cases the mediator was assigned to


# ---- the filter -------------------------------------------------------------------------------------------------


def _member(*cond: Any) -> ColumnElement[bool]:
    return exists().where(MEMBERSHIPS.c.mediator_id == MEDIATORS.c.id, *cond)


def _status_where(status: str | None, on: dt.date) -> list[ColumnElement[bool]]:
    started = MEMBERSHIPS.c.start_date <= on
    if status == "active":
        return [_member(membership_active(on))]
    if status == "former":
        return [~_member(membership_active(on)), _member(started)]
    if status == "never":
        return [~_member(started)]
    if status is not None:
        raise ValueError(status)
    return []


def _team_where(f: MediatorFilter, on: dt.date) -> list[ColumnElement[bool]]:
    if f.team_id is None and f.village_id is None:
        return []
    ms = MEMBERSHIPS.c
    # uncorrelated: the few members of one team or village are found once, not looked up for every mediator
    member = select(ms.mediator_id).join(TEAMS, TEAMS.c.id == ms.team_id)
    member = member.where(membership_active(on) if f.status == "active" else ms.start_date <= on)
    if f.team_id is not None:
        member = member.where(ms.team_id == f.team_id)
    if f.village_id is not None:
        member = member.where(TEAMS.c.village_id == f.village_id)
    return [MEDIATORS.c.id.in_(member)]


def _legal_background() -> ColumnElement[bool]:
    return or_(
        MEDIATORS.c.legal_qualification != LegalQualification.KHONG,
        MEDIATORS.c.background.in_([b.value for b in Background if b.is_legal]),
    )


def _recognised_since(since: dt.date, on: dt.date) -> ColumnElement[bool]:
    """First recognised (among memberships started by ``on``) on or after ``since`` — one grouped pass."""
    ms = MEMBERSHIPS.c
    first = func.min(func.coalesce(ms.recognition_date, ms.start_date))
    newly = select(ms.mediator_id).where(ms.start_date <= on).group_by(ms.mediator_id).having(first >= since)
    return MEDIATORS.c.id.in_(newly)


def _flag(value: bool | None, clause: ColumnElement[bool]) -> list[ColumnElement[bool]]:
    return [] if value is None else [clause if value else ~clause]


def _person_where(f: MediatorFilter, on: dt.date) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if f.sex is not None:
        where.append(MEDIATORS.c.sex == f.sex)
    # a join inside the EXISTS, not ``event_id IN (SELECT …)``: SQLite re-ran that inner select for every mediator
    # (15 s instead of 0.3 s on 20,000 mediators)
    trained = exists(
        select(ATTENDANCE.c.id)
        .join(EVENTS, EVENTS.c.id == ATTENDANCE.c.event_id)
        .where(
            ATTENDANCE.c.mediator_id == MEDIATORS.c.id,
            ATTENDANCE.c.present.is_(True),
            EVENTS.c.end_on <= on,
        )
    )
    leader = _member(membership_active(on), MEMBERSHIPS.c.role == Role.TO_TRUONG)
    where += _flag(f.minority, MEDIATORS.c.ethnicity != KINH)
    where += _flag(f.trained, trained)
    where += _flag(f.leader, leader)
    where += _flag(f.legal_background, _legal_background())
    if f.recognised_since is not None:
        where.append(_recognised_since(f.recognised_since, on))
    return where


def _ids_select(s: Reader, f: MediatorFilter, on: dt.date) -> Any:
    where = [search_clause(s, MEDIATORS, f.query), *_status_where(f.status, on), *_team_where(f, on)]
    return select(MEDIATORS.c.id).where(*where, *_person_where(f, on))


def _sort_columns(on: dt.date) -> dict[str, Any]:
    first_team = (
        select(func.min(TEAMS.c.sort_key))
        .join(MEMBERSHIPS, MEMBERSHIPS.c.team_id == TEAMS.c.id)
        .where(MEMBERSHIPS.c.mediator_id == MEDIATORS.c.id, membership_active(on))
        .scalar_subquery()
    )
    n_cases = (
        select(func.count(ASSIGNMENTS.c.id))
        .where(ASSIGNMENTS.c.mediator_id == MEDIATORS.c.id)
        .scalar_subquery()
    )
    return {
        "name": MEDIATORS.c.sort_key,
        "code": MEDIATORS.c.code,
        "birth_year": (MEDIATORS.c.birth_year, MEDIATORS.c.sort_key),
        "sex": (MEDIATORS.c.sex, MEDIATORS.c.sort_key),
        "ethnicity": (MEDIATORS.c.ethnicity, MEDIATORS.c.sort_key),
        "team": (first_team, MEDIATORS.c.sort_key),
        "cases": (n_cases, MEDIATORS.c.sort_key),
    }


def mediator_ids(db: Database, f: MediatorFilter, as_of: dt.date | None = None) -> list[int]:
    """Ids of the mediators matching ``f`` on ``as_of`` (default today), in the order asked for (Vietnamese
    order by given name by default)."""
    on = as_of or common.today()
    with db.reading_connection() as s:
        terms, _name = read_sql.order(read_sql.sort_key(f.sort, f.descending), _sort_columns(on), "name")
        return list(s.execute(_ids_select(s, f, on).order_by(*terms, MEDIATORS.c.id)).scalars())


def count_mediators(db: Database, f: MediatorFilter, as_of: dt.date | None = None) -> int:
    """How many mediators match ``f`` (without fetching them)."""
    on = as_of or common.today()
    with db.reading_connection() as s:
        return read_sql.count(s, _ids_select(s, f, on))


# ---- the rows ---------------------------------------------------------------------------------------------------


@dataclass
class _Facts:
    """What the row needs beyond the mediator's own columns, gathered per block of ids."""

    teams: dict[int, list[str]]
    leaders: set[int]
    history: dict[int, tuple[dt.date | None, dt.date | None, int]]  # first recognised, last end, memberships
    first_trained: dict[int, dt.date]  # first event ended (present), any day
    trained: set[int]  # present at an event ending on or before the day
    cases: dict[int, int]


def _active_teams(s: Reader, ids: list[int], on: dt.date) -> tuple[dict[int, list[str]], set[int]]:
    """The teams each mediator is an active member of on ``on`` (Vietnamese order), and who leads one."""
    ms = MEMBERSHIPS.c
    teams: dict[int, list[str]] = defaultdict(list)
    leaders: set[int] = set()
    active = (
        select(ms.mediator_id, TEAMS.c.name, ms.role)
        .join(TEAMS, TEAMS.c.id == ms.team_id)
        .where(ms.mediator_id.in_(ids), membership_active(on))
        .order_by(TEAMS.c.sort_key, TEAMS.c.id)
    )
    for mid, team_name, role in s.execute(active):
        teams[mid].append(team_name)
        if role == Role.TO_TRUONG:
            leaders.add(mid)
    return teams, leaders


def _history(s: Reader, ids: list[int], on: dt.date) -> dict[int, tuple[dt.date | None, dt.date | None, int]]:
    """First recognised, last end and number of memberships started by ``on``, per mediator."""
    ms = MEMBERSHIPS.c
    history_q = (
        select(
            ms.mediator_id,
            func.min(func.coalesce(ms.recognition_date, ms.start_date)),
            func.max(ms.end_date),
            func.count(ms.id),
        )
        .where(ms.mediator_id.in_(ids), ms.start_date <= on)
        .group_by(ms.mediator_id)
    )
    return {
        mid: (read_sql.as_date(first), read_sql.as_date(last), int(n))
        for mid, first, last, n in s.execute(history_q)
    }


def _first_trained(s: Reader, ids: list[int]) -> dict[int, dt.date]:
    """The end of the first event each mediator was present at (any day)."""
    attended = (
        select(ATTENDANCE.c.mediator_id, func.min(EVENTS.c.end_on))
        .join(EVENTS, EVENTS.c.id == ATTENDANCE.c.event_id)
        .where(ATTENDANCE.c.mediator_id.in_(ids), ATTENDANCE.c.present.is_(True))
        .group_by(ATTENDANCE.c.mediator_id)
    )
    return {mid: d for mid, d in ((mid, read_sql.as_date(v)) for mid, v in s.execute(attended)) if d}


def _facts(s: Reader, ids: list[int], on: dt.date) -> _Facts:
    teams, leaders = _active_teams(s, ids, on)
    first_trained = _first_trained(s, ids)
    trained = {mid for mid, d in first_trained.items() if d <= on}
    cases_q = (
        select(ASSIGNMENTS.c.mediator_id, func.count(ASSIGNMENTS.c.id))
        .where(ASSIGNMENTS.c.mediator_id.in_(ids))
        .group_by(ASSIGNMENTS.c.mediator_id)
    )
    cases = {mid: int(n) for mid, n in s.execute(cases_q)}
    return _Facts(teams, leaders, _history(s, ids, on), first_trained, trained, cases)


def _overdue(active: bool, first: dt.date | None, first_trained: dt.date | None, on: dt.date) -> bool:
    """Rule 3.7 on ``on``: active, the 6-month window after the first recognition closed, not trained within it."""
    if not active or first is None:
        return False
    deadline = rules.training_deadline(first)
    return on > deadline and (first_trained is None or first_trained > deadline)


def _block(s: Reader, ids: list[int], on: dt.date) -> dict[int, MediatorRow]:
    facts = _facts(s, ids, on)
    md = MEDIATORS.c
    columns = (md.id, md.code, md.full_name, md.birth_year, md.sex, md.ethnicity, md.phone, md.address,
               md.legal_qualification, md.background)  # fmt: skip
    out: dict[int, MediatorRow] = {}
    # plain columns, not Mediator objects: building ORM instances was most of the time of a block
    for mid, code, name, year, sex, ethnicity, phone, address, qualification, background in s.execute(
        select(*columns).where(md.id.in_(ids))
    ):
        first, last_end, n_all = facts.history.get(mid, (None, None, 0))
        active = mid in facts.teams
        legal = qualification != LegalQualification.KHONG or bool(background and background.is_legal)
        out[mid] = MediatorRow(
            id=mid,
            code=code,
            full_name=name,
            birth_year=year,
            sex=sex,
            ethnicity=ethnicity,
            is_minority=ethnicity != KINH,
            phone=phone,
            address=address,
            legal_qualification=qualification,
            background=background,
            legal_background=legal,
            active=active,
            leader=mid in facts.leaders,
            teams=", ".join(facts.teams.get(mid, [])),
            ever_member=n_all > 0,
            first_recognised=first,
            left_on=None if active else last_end,
            trained=mid in facts.trained,
            training_overdue=_overdue(active, first, facts.first_trained.get(mid), on),
            cases=facts.cases.get(mid, 0),
        )
    return out


def mediator_rows(db: Database, ids: list[int], as_of: dt.date | None = None) -> dict[int, MediatorRow]:
    """Display rows for the given mediator ids (one block of a list), judged on ``as_of`` (default today)."""
    on = as_of or common.today()
    out: dict[int, MediatorRow] = {}
    with db.reading_connection() as s:
        for block in read_sql.chunks(list(ids)):
            out.update(_block(s, block, on))
    return out


def list_mediators(
    db: Database,
    f: MediatorFilter | None = None,
    as_of: dt.date | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[MediatorRow]:
    """:func:`mediator_ids` then :func:`mediator_rows` for the slice [offset, offset + limit), in order."""
    ids = mediator_ids(db, f or MediatorFilter(), as_of)
    ids = ids[offset:] if limit is None else ids[offset : offset + limit]
    rows = mediator_rows(db, ids, as_of)
    return [rows[i] for i in ids]


@dataclass(frozen=True)
class TrainingStatus:
    """Rule 3.7 for one mediator on a day — the ``trained`` and ``training_overdue`` of its row, with what the
    attention list says — read without the rest of the row (teams, cases …) for the hundreds it looks at."""

    id: int
    code: str
    full_name: str
    first_recognised: dt.date | None
    trained: bool  # present at an event ending on or before the day
    training_overdue: bool


def training_status(db: Database, f: MediatorFilter, as_of: dt.date | None = None) -> list[TrainingStatus]:
    """Rule 3.7 on ``as_of`` (default today) for the mediators matching ``f``, in its order; the same judgement
    as :func:`mediator_rows` (the same facts, and :func:`_overdue`).

    One statement: each mediator's first recognition, first training and whether a membership is active are
    looked up by index beside its row — for the attention list's thousand-odd new mediators, a list of ids
    handed back in ``IN (…)`` blocks cost more to bind than to run."""
    on = as_of or common.today()
    md, ms = MEDIATORS.c, MEMBERSHIPS.c
    first = (
        select(func.min(func.coalesce(ms.recognition_date, ms.start_date)))
        .where(ms.mediator_id == md.id, ms.start_date <= on)
        .correlate(MEDIATORS)
        .scalar_subquery()
    )
    first_trained = (
        select(func.min(EVENTS.c.end_on))
        .select_from(ATTENDANCE)
        .join(EVENTS, EVENTS.c.id == ATTENDANCE.c.event_id)
        .where(ATTENDANCE.c.mediator_id == md.id, ATTENDANCE.c.present.is_(True))
        .correlate(MEDIATORS)
        .scalar_subquery()
    )
    out: list[TrainingStatus] = []
    with db.reading_connection() as s:
        terms, _name = read_sql.order(read_sql.sort_key(f.sort, f.descending), _sort_columns(on), "name")
        stmt = _ids_select(s, f, on).add_columns(
            md.code, md.full_name, first, first_trained, _member(membership_active(on))
        )
        for mid, code, name, first_on, trained_value, active in s.execute(stmt.order_by(*terms, md.id)):
            recognised, trained_on = read_sql.as_date(first_on), read_sql.as_date(trained_value)
            overdue = _overdue(bool(active), recognised, trained_on, on)
            trained = trained_on is not None and trained_on <= on
            out.append(TrainingStatus(mid, code, name, recognised, trained, overdue))
    return out


# ---- the detail -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingRow:
    """One training event the mediator was listed at."""

    code: str
    title: str
    kind: TrainingKind
    end_on: dt.date
    present: bool


@dataclass(frozen=True)
class MediatorDetail:
    """Everything the mediator panel shows, as plain values."""

    id: int
    code: str
    full_name: str
    birth_year: int | None
    birth_date: dt.date | None
    sex: Sex
    ethnicity: str
    address: str | None
    phone: str | None
    legal_qualification: LegalQualification
    background: Background | None
    community_role: str | None
    notes: str | None
    memberships: tuple[MembershipRow, ...]  # oldest first
    trainings: tuple[TrainingRow, ...]  # latest first
    cases: tuple[CaseRow, ...]  # the cases the mediator was assigned to, latest received first
    findings: tuple[str, ...]  # rule 3.7 (training) and other warnings, in words


def mediator_detail(db: Database, mediator_id: int, as_of: dt.date | None = None) -> MediatorDetail:
    """One mediator with memberships, trainings, cases and the rule 3.7 finding."""
    on = as_of or common.today()
    with db.reading_connection() as s:
        md = s.execute(select(MEDIATORS).where(MEDIATORS.c.id == mediator_id)).one_or_none()
        if md is None:
            raise UserError(_("The mediator no longer exists; refresh the list."))
        memberships = tuple(membership_rows(s, on, MEMBERSHIPS.c.mediator_id == mediator_id))
        trainings = tuple(
            TrainingRow(code, title, kind, end_on, bool(present))
            for code, title, kind, end_on, present in s.execute(
                select(
                    EVENTS.c.code,
                    EVENTS.c.title,
                    EVENTS.c.kind,
                    EVENTS.c.end_on,
                    ATTENDANCE.c.present,
                )  # fmt: skip
                .join(ATTENDANCE, ATTENDANCE.c.event_id == EVENTS.c.id)
                .where(ATTENDANCE.c.mediator_id == mediator_id)
                .order_by(EVENTS.c.end_on.desc(), EVENTS.c.id.desc())
            )
        )
        first = rules.first_recognition(memberships)
        findings = tuple(
            f.message
            for f in rules.training_findings(
                first, [tr.end_on for tr in trainings if tr.present], on, ref=md.code
            )
        )
        values = (md.id, md.code, md.full_name, md.birth_year, md.birth_date, md.sex, md.ethnicity, md.address,
                  md.phone, md.legal_qualification, md.background, md.community_role, md.notes)  # fmt: skip
    cases = tuple(cases_read.case_list(db, cases_read.CaseFilter(mediator_id=mediator_id)))
    return MediatorDetail(*values, memberships, trainings, cases, findings)


def id_for_code(db: Database, code: str) -> int | None:
    """The id of the mediator with ``code`` (a link or a search by code), or None."""
    with db.reading_connection() as s:
        return s.execute(select(MEDIATORS.c.id).where(MEDIATORS.c.code == code)).scalar_one_or_none()


__all__ = [
    "STATUSES",
    "MediatorDetail",
    "MediatorFilter",
    "MediatorRow",
    "TrainingRow",
    "TrainingStatus",
    "count_mediators",
    "id_for_code",
    "list_mediators",
    "mediator_detail",
    "mediator_ids",
    "mediator_rows",
    "training_status",
]
