"""The sample data: deterministic, of the promised size, refusing non-empty files, and consistent.

One commune dataset (seed 11, today = 30/06/2026) is generated per module and checked with plain SQL.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from hoagiai_desktop import i18n
from hoagiai_desktop.demo import generate, is_empty
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.storage.opening import open_database

TODAY = dt.date(2026, 6, 30)
ISO_TODAY = TODAY.isoformat()
DUMPED = (
    "unit", "village", "team", "mediator", "membership", "case_file", "party", "assignment", "invitee",
    "mediation_session", "follow_up", "training_event", "attendance", "guest_attendee", "target",
)  # fmt: skip


def _make(path: Path, seed: int, size: str = "commune") -> dict[str, int]:
    db = open_database(path)
    try:
        return generate(db, size=size, seed=seed, today=TODAY)
    finally:
        db.dispose()


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in DUMPED}
    finally:
        con.close()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[sqlite3.Connection, dict[str, int]]]:
    path = tmp_path_factory.mktemp("demo") / "commune.sqlite3"
    counts = _make(path, seed=11)
    con = sqlite3.connect(path)
    yield con, counts
    con.close()


def _one(con: sqlite3.Connection, sql: str, *params: object) -> int:
    return int(con.execute(sql, params).fetchone()[0])


# --- determinism, size, refusal ------------------------------------------------------------------------------------


def test_same_seed_gives_identical_rows_and_another_seed_does_not(tmp_path: Path) -> None:
    _make(tmp_path / "a.sqlite3", seed=5)
    _make(tmp_path / "b.sqlite3", seed=5)
    _make(tmp_path / "c.sqlite3", seed=6)
    a, b, c = (_dump(tmp_path / f"{x}.sqlite3") for x in "abc")
    assert a == b
    assert a["mediator"] != c["mediator"]
    assert a["case_file"] != c["case_file"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_commune_size_is_about_20_teams_150_mediators_400_cases(tmp_path: Path, seed: int) -> None:
    counts = _make(tmp_path / "x.sqlite3", seed=seed)
    assert counts["unit"] == 1
    assert 17 <= counts["team"] <= 23
    assert 127 <= counts["mediator"] <= 173
    assert 340 <= counts["case_file"] <= 460
    assert counts["training_event"] >= 4
    assert counts["attendance"] > counts["mediator"] // 2
    assert counts["target"] >= 5


def test_refuses_a_database_that_already_has_records(tmp_path: Path) -> None:
    i18n.set_language("en")
    path = tmp_path / "x.sqlite3"
    db = open_database(path)
    try:
        assert is_empty(db)
        with db.transaction() as s:
            s.add(m.Village(code="TH01", name="Thôn Đông"))
        assert not is_empty(db)
        with pytest.raises(UserError, match="empty"):
            generate(db, seed=1, today=TODAY)
        with db.reading() as s:
            assert s.query(m.Team).count() == 0
    finally:
        db.dispose()


def test_refuses_a_second_run_and_keeps_the_first(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    _make(path, seed=1)
    before = _dump(path)
    with pytest.raises(UserError):
        _make(path, seed=2)
    assert _dump(path) == before


def test_unknown_size_is_a_user_error(db: object) -> None:
    i18n.set_language("en")
    with pytest.raises(UserError, match="commune or province"):
        generate(db, size="district", today=TODAY)  # type: ignore[arg-type]


# --- invariants the indicators rely on ------------------------------------------------------------------------------


DATE_COLUMNS = (
    ("team", "decision_date"), ("membership", "start_date"), ("membership", "end_date"),
    ("membership", "recognition_date"), ("membership", "termination_date"), ("membership", "leader_since"),
    ("case_file", "received_on"), ("case_file", "ended_on"), ("case_file", "court_filed_on"),
    ("assignment", "assigned_on"), ("mediation_session", "held_on"), ("follow_up", '"on"'),
    ("training_event", "start_on"), ("training_event", "end_on"),
)  # fmt: skip


@pytest.mark.parametrize(("table", "column"), DATE_COLUMNS)
def test_no_date_lies_after_today(
    sample: tuple[sqlite3.Connection, dict[str, int]], table: str, column: str
) -> None:
    con, _ = sample
    assert _one(con, f"SELECT count(*) FROM {table} WHERE {column} > ?", ISO_TODAY) == 0
    assert _one(con, f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL") > 0


def test_membership_dates_are_consistent(sample: tuple[sqlite3.Connection, dict[str, int]]) -> None:
    con, _ = sample
    assert _one(con, "SELECT count(*) FROM membership WHERE end_date < start_date") == 0
    assert _one(con, "SELECT count(*) FROM membership m JOIN team t ON t.id = m.team_id "
                     "WHERE m.start_date < t.decision_date") == 0  # fmt: skip
    # An ended membership has an Điều 11 reason and a termination decision, and only ended ones do.
    assert _one(con, "SELECT count(*) FROM membership WHERE (end_date IS NULL) != (end_reason IS NULL) "
                     "OR (end_date IS NULL) != (termination_no IS NULL)") == 0  # fmt: skip
    overlapping = """
        SELECT count(*) FROM membership a JOIN membership b
          ON a.mediator_id = b.mediator_id AND a.team_id = b.team_id AND a.id < b.id
         WHERE a.start_date < coalesce(b.end_date, '9999-12-31') AND b.start_date < coalesce(a.end_date, '9999-12-31')
    """
    assert _one(con, overlapping) == 0
    assert (
        _one(con, "SELECT count(*) FROM membership WHERE votes > voters OR leader_votes > leader_voters") == 0
    )


def test_ended_cases_have_end_date_reason_and_agreement(
    sample: tuple[sqlite3.Connection, dict[str, int]],
) -> None:
    con, _ = sample
    assert _one(con, "SELECT count(*) FROM case_file WHERE (result IS NULL) != (ended_on IS NULL)") == 0
    assert _one(con, "SELECT count(*) FROM case_file WHERE ended_on < received_on") == 0
    assert _one(con, "SELECT count(*) FROM case_file WHERE ended_on IS NOT NULL AND end_reason IS NULL") == 0
    assert _one(con, "SELECT count(*) FROM case_file WHERE result = 'thanh' "
                     "AND (coalesce(agreement, '') = '' OR end_reason != 'thanh')") == 0  # fmt: skip
    assert _one(con, "SELECT count(*) FROM case_file WHERE result = 'khong_thanh' "
                     "AND (referral IS NULL OR end_reason NOT IN ('khong_thanh', 'ben_rut'))") == 0  # fmt: skip
    # Each side of an unsuccessful mediation has its position recorded.
    assert _one(con, "SELECT count(*) FROM party p JOIN case_file c ON c.id = p.case_id "
                     "WHERE c.result = 'khong_thanh' AND p.role = 'ben' AND p.position IS NULL") == 0  # fmt: skip
    assert _one(con, "SELECT count(*) FROM case_file WHERE category = 'ngoai_pham_vi' "
                     "AND (result IS NOT NULL OR guidance IS NULL)") == 0  # fmt: skip


def test_case_timeline_is_in_order(sample: tuple[sqlite3.Connection, dict[str, int]]) -> None:
    con, _ = sample
    assert _one(con, "SELECT count(*) FROM assignment a JOIN case_file c ON c.id = a.case_id "
                     "WHERE a.assigned_on < c.received_on OR a.assigned_on > coalesce(c.ended_on, ?)", ISO_TODAY) == 0  # fmt: skip
    assert _one(con, "SELECT count(*) FROM mediation_session s JOIN case_file c ON c.id = s.case_id "
                     "WHERE s.held_on < c.received_on OR s.held_on > coalesce(c.ended_on, ?)", ISO_TODAY) == 0  # fmt: skip
    assert _one(con, "SELECT count(*) FROM mediation_session s WHERE NOT EXISTS (SELECT 1 FROM assignment a "
                     "WHERE a.case_id = s.case_id AND a.assigned_on <= s.held_on)") == 0  # fmt: skip
    assert _one(con, "SELECT count(*) FROM follow_up f JOIN case_file c ON c.id = f.case_id "
                     "WHERE c.result IS NOT 'thanh' OR f.\"on\" < c.ended_on") == 0  # fmt: skip
    assert _one(con, "SELECT count(*) FROM case_file WHERE court_filed_on < ended_on OR "
                     "(court_filed_on IS NOT NULL AND result != 'thanh')") == 0  # fmt: skip
    assert _one(con, "SELECT count(*) FROM training_event WHERE end_on < start_on") == 0
    # Rule 3.4: the first session is mostly within three days of the assignment (a few are late on purpose).
    first = con.execute("""
        SELECT julianday(min(s.held_on)) - julianday(min(a.assigned_on)) FROM case_file c
          JOIN assignment a ON a.case_id = c.id JOIN mediation_session s ON s.case_id = c.id GROUP BY c.id
    """).fetchall()  # fmt: skip
    late = sum(1 for (gap,) in first if gap > 3)
    assert 0 < late < len(first) * 0.2


def test_assigned_mediators_are_active_members_of_the_team_and_not_parties(
    sample: tuple[sqlite3.Connection, dict[str, int]],
) -> None:
    con, _ = sample
    not_member = """
        SELECT count(*) FROM assignment a JOIN case_file c ON c.id = a.case_id
         WHERE NOT EXISTS (SELECT 1 FROM membership ms WHERE ms.mediator_id = a.mediator_id AND ms.team_id = c.team_id
                             AND ms.start_date <= a.assigned_on AND (ms.end_date IS NULL OR ms.end_date > a.assigned_on))
    """
    assert _one(con, not_member) == 0
    party = """
        SELECT count(*) FROM assignment a JOIN mediator md ON md.id = a.mediator_id
          JOIN party p ON p.case_id = a.case_id AND p.name = md.full_name AND p.birth_year = md.birth_year
    """
    assert _one(con, party) == 0
    assert _one(con, "SELECT count(*) FROM assignment") > _one(con, "SELECT count(*) FROM case_file") * 0.8


# --- what the checks and reports must find ---------------------------------------------------------------------------

ACTIVE = "ms.start_date <= :d AND (ms.end_date IS NULL OR ms.end_date > :d)"


def _team_facts(con: sqlite3.Connection) -> dict[str, tuple[int, int, int, int, int]]:
    sql = f"""
        SELECT t.code, v.ethnic_area,
               count(DISTINCT md.id),
               count(DISTINCT CASE WHEN md.sex = 'nu' THEN md.id END),
               count(DISTINCT CASE WHEN md.ethnicity != 'Kinh' THEN md.id END),
               count(DISTINCT CASE WHEN ms.role = 'to_truong' THEN ms.id END)
          FROM team t JOIN village v ON v.id = t.village_id
          LEFT JOIN membership ms ON ms.team_id = t.id AND {ACTIVE}
          LEFT JOIN mediator md ON md.id = ms.mediator_id
         GROUP BY t.id
    """
    return {code: tuple(rest) for code, *rest in con.execute(sql, {"d": ISO_TODAY})}


def test_some_teams_break_each_composition_rule_and_most_do_not(
    sample: tuple[sqlite3.Connection, dict[str, int]],
) -> None:
    con, _ = sample
    facts = _team_facts(con)
    too_few = [c for c, (_e, n, _f, _mi, _l) in facts.items() if n < 3]
    no_woman = [c for c, (_e, n, f, _mi, _l) in facts.items() if f == 0]
    no_minority = [c for c, (e, _n, _f, mi, _l) in facts.items() if e and mi == 0]
    no_leader = [c for c, (_e, _n, _f, _mi, leaders) in facts.items() if leaders != 1]
    assert too_few and no_woman and no_minority and no_leader
    broken = set(too_few) | set(no_woman) | set(no_minority) | set(no_leader)
    assert len(broken) <= len(facts) * 0.35


def test_dataset_has_the_interesting_cases(sample: tuple[sqlite3.Connection, dict[str, int]]) -> None:
    con, _ = sample
    assert _one(con, "SELECT count(*) FROM village WHERE ethnic_area") >= 2
    assert _one(con, "SELECT count(*) FROM village WHERE NOT ethnic_area") >= 2
    assert _one(con, "SELECT count(DISTINCT kind) FROM village") >= 2
    assert _one(con, "SELECT count(*) FROM membership WHERE end_date IS NOT NULL") >= 5
    assert _one(con, "SELECT count(DISTINCT end_reason) FROM membership") >= 2
    assert _one(con, "SELECT count(*) FROM (SELECT mediator_id FROM membership GROUP BY mediator_id "
                     "HAVING count(DISTINCT team_id) > 1)") >= 1  # fmt: skip
    assert _one(con, "SELECT count(*) FROM membership WHERE votes * 2 <= voters") >= 1  # rule 3.2 warning
    assert _one(con, "SELECT count(*) FROM team WHERE legal_support") >= 1
    assert _one(con, "SELECT count(*) FROM case_file WHERE category = 'ngoai_pham_vi'") >= 1
    assert _one(con, "SELECT count(*) FROM case_file WHERE court_filed_on IS NOT NULL") >= 1
    assert _one(con, "SELECT count(*) FROM follow_up") >= 10
    assert _one(con, "SELECT count(*) FROM guest_attendee") >= 1
    assert _one(con, "SELECT count(DISTINCT kind) FROM training_event") == 3
    # In-depth training is for team leaders.
    in_depth = """
        SELECT count(*), sum(EXISTS (SELECT 1 FROM membership ms WHERE ms.mediator_id = a.mediator_id
                                       AND ms.role = 'to_truong'))
          FROM attendance a JOIN training_event e ON e.id = a.event_id WHERE e.kind = 'chuyen_sau'
    """
    attended, by_leaders = con.execute(in_depth).fetchone()
    assert attended >= 3 and by_leaders >= attended * 0.65
    # Mediators recognised within the four years: some trained within six months of recognition, some not.
    new_ones = con.execute("""
        SELECT ms.mediator_id, EXISTS (SELECT 1 FROM attendance a JOIN training_event e ON e.id = a.event_id
                                        WHERE a.mediator_id = ms.mediator_id AND a.present
                                          AND e.end_on <= date(ms.start_date, '+6 months'))
          FROM membership ms WHERE ms.start_date > '2022-06-30'
           AND NOT EXISTS (SELECT 1 FROM membership o WHERE o.mediator_id = ms.mediator_id AND o.start_date < ms.start_date)
    """).fetchall()  # fmt: skip
    assert any(t for _m, t in new_ones) and not all(t for _m, t in new_ones)
    open_cases = "SELECT count(*) FROM case_file c WHERE category != 'ngoai_pham_vi' AND ended_on IS NULL AND {} " \
                 "EXISTS (SELECT 1 FROM assignment a WHERE a.case_id = c.id)"  # fmt: skip
    assert _one(con, open_cases.format("")) >= 1  # đang giải quyết
    assert _one(con, open_cases.format("NOT")) >= 1  # chưa giải quyết
    assert _one(con, "SELECT count(*) FROM party WHERE kind = 'to_chuc' AND birth_year IS NOT NULL") == 0
    assert _one(con, "SELECT count(DISTINCT kind) FROM party") >= 2


def test_proportions_are_plausible(sample: tuple[sqlite3.Connection, dict[str, int]]) -> None:
    con, counts = sample
    total = counts["case_file"]
    share = dict(
        con.execute("SELECT category, count(*) * 1.0 / ? FROM case_file GROUP BY category", (total,))
    )
    assert 0.30 <= share["dan_su"] <= 0.50
    assert 0.17 <= share["mau_thuan"] <= 0.33
    assert 0.13 <= share["hon_nhan_gia_dinh"] <= 0.27
    closed = _one(con, "SELECT count(*) FROM case_file WHERE result IS NOT NULL")
    successful = _one(con, "SELECT count(*) FROM case_file WHERE result = 'thanh'")
    assert 0.70 <= successful / closed <= 0.90
    mediators = counts["mediator"]
    female = _one(con, "SELECT count(*) FROM mediator WHERE sex = 'nu'")
    assert 0.25 <= female / mediators <= 0.5
    trained = _one(con, "SELECT count(DISTINCT mediator_id) FROM attendance WHERE present")
    assert 0.6 <= trained / mediators <= 0.97
    # Received dates cover the four years before today.
    first, last = con.execute("SELECT min(received_on), max(received_on) FROM case_file").fetchone()
    assert first < "2022-09-01" and last >= "2026-06-01"


def test_names_are_vietnamese_nfc_with_a_realistic_family_mix(
    sample: tuple[sqlite3.Connection, dict[str, int]],
) -> None:
    con, _ = sample
    texts = [r[0] for r in con.execute(
        "SELECT full_name FROM mediator UNION ALL SELECT address FROM mediator UNION ALL SELECT name FROM party "
        "UNION ALL SELECT summary FROM case_file UNION ALL SELECT name FROM village UNION ALL SELECT name FROM team "
        "UNION ALL SELECT title FROM training_event"
    ) if r[0]]  # fmt: skip
    assert all(unicodedata.normalize("NFC", t) == t and t == t.strip() for t in texts)
    names = [r[0] for r in con.execute("SELECT full_name FROM mediator WHERE ethnicity = 'Kinh' "
                                       "UNION ALL SELECT name FROM party WHERE kind = 'ca_nhan'")]  # fmt: skip
    assert sum(1 for n in names if not n.isascii()) > len(names) * 0.9
    nguyen = sum(1 for n in names if n.startswith("Nguyễn ")) / len(names)
    assert 0.2 <= nguyen <= 0.5
    assert all(len(n.split()) >= 2 for n in names)
    addresses = [r[0] for r in con.execute("SELECT address FROM mediator")]
    unit_name = con.execute("SELECT name FROM unit").fetchone()[0]
    assert all(a.endswith(f", xã {unit_name}") or a.endswith(f", phường {unit_name}") for a in addresses)
    # People in ethnic-minority villages include minority mediators with their own kind of names.
    minority = con.execute("SELECT full_name, ethnicity FROM mediator WHERE ethnicity != 'Kinh'").fetchall()
    assert minority


def test_search_keys_and_index_are_filled(sample: tuple[sqlite3.Connection, dict[str, int]]) -> None:
    con, _ = sample
    assert _one(con, "SELECT count(*) FROM mediator WHERE name_fold = '' OR sort_key = ''") == 0
    assert _one(con, "SELECT count(*) FROM case_file WHERE search_fold = ''") == 0
    assert _one(con, "SELECT count(*) FROM fts_mediator") == _one(con, "SELECT count(*) FROM mediator")
    assert _one(con, "SELECT count(*) FROM fts_case") == _one(con, "SELECT count(*) FROM case_file")


def test_one_summary_audit_entry_and_default_targets(
    sample: tuple[sqlite3.Connection, dict[str, int]],
) -> None:
    con, _ = sample
    assert con.execute("SELECT action FROM audit_entry WHERE entity = 'demo'").fetchall() == [("import",)]
    assert (
        _one(con, "SELECT count(*) FROM audit_entry WHERE entity IN ('case_file', 'mediator', 'party')") == 0
    )
    targets = dict(con.execute("SELECT indicator, value FROM target"))
    assert targets.get("training.pct_trained") == 80
    assert targets.get("cases.success_rate") == 85


def test_indicators_hold_their_invariant_on_the_sample(tmp_path: Path) -> None:
    indicators = pytest.importorskip("hoagiai_desktop.domain.indicators")
    from hoagiai_desktop.domain.periods import parse_period

    path = tmp_path / "x.sqlite3"
    _make(path, seed=4)
    db = open_database(path)
    try:
        with db.reading() as session:
            for code in ("2024", "2025-H1", "2026-H1", "2026-01-01:2026-06-30"):
                figures = indicators.compute(session, parse_period(code, "tt03-2019"))  # H1 = 01/01–30/06
                assert indicators.invariant_holds(figures), code
                assert figures["cases.handled"] > 50
                assert 0 < figures["teams.noncompliant"] < figures["teams.total"]
            latest = indicators.compute(session, parse_period("2026-H1", "tt03-2019"))
            assert latest["cases.ongoing"] + latest["cases.pending"] >= 2
            assert 50 <= latest["training.pct_trained"] <= 100
    finally:
        db.dispose()
