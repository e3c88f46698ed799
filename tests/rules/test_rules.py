"""Every rule of DOMAIN §3 with hand-worked cases, including the edge days."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS
from typing import Any

import pytest

from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain.enums import CaseEndReason, Result, Role, Sex

D = dt.date


def person(
    i: int, sex: Sex = Sex.NAM, ethnicity: str = "Kinh", name: str = "", birth_year: int | None = None
) -> Any:
    return NS(
        id=i,
        full_name=name or f"Người {i}",
        sex=sex,
        ethnicity=ethnicity,
        birth_year=birth_year,
        birth_date=None,
    )


START = D(2024, 1, 1)


def member(md: Any, start: dt.date = START, end: dt.date | None = None, role: Role = Role.HOA_GIAI_VIEN,
           leader_since: dt.date | None = None) -> Any:  # fmt: skip
    return NS(mediator_id=md.id, mediator=md, start_date=start, end_date=end, role=role, leader_since=leader_since,
              recognition_date=None)  # fmt: skip


def team(ethnic_area: bool = False) -> Any:
    return NS(code="TO-001", village=NS(ethnic_area=ethnic_area))


ON = D(2026, 6, 30)


def good_team() -> list[Any]:
    return [
        member(person(1, Sex.NU), role=Role.TO_TRUONG),
        member(person(2)),
        member(person(3)),
    ]


# ---- 3.1 -----------------------------------------------------------------------------------------------------------


def test_compliant_team_has_no_findings() -> None:
    assert rules.team_compliance(team(), good_team(), ON) == []
    assert rules.is_compliant(team(), good_team(), ON)


def test_two_members_no_woman_no_leader() -> None:
    found = rules.team_compliance(team(), [member(person(1)), member(person(2))], ON)
    assert [f.rule for f in found] == ["3.1", "3.1", "3.1"]
    assert all(f.severity == "warning" and f.ref == "TO-001" for f in found)
    assert [f.field for f in found] == ["members", "members", "leader"]
    assert "2" in found[0].message


def test_ended_membership_does_not_count_on_its_end_day() -> None:
    ms = good_team()
    ms[2] = member(person(3), end=ON)  # end_date == on → no longer active
    found = rules.team_compliance(team(), ms, ON)
    assert len(found) == 1 and found[0].field == "members"
    # the day before, the member still counts
    assert rules.team_compliance(team(), ms, ON - dt.timedelta(days=1)) == []


def test_membership_starting_later_does_not_count() -> None:
    ms = good_team()
    ms[1] = member(person(2), start=ON + dt.timedelta(days=1))
    assert len(rules.team_compliance(team(), ms, ON)) == 1


def test_ethnic_area_needs_a_minority_member() -> None:
    assert len(rules.team_compliance(team(ethnic_area=True), good_team(), ON)) == 1
    ms = good_team()
    ms[1] = member(person(2, ethnicity="Tày"))
    assert rules.team_compliance(team(ethnic_area=True), ms, ON) == []
    # the explicit flag wins over the village
    assert rules.team_compliance(team(ethnic_area=True), good_team(), ON, ethnic_area=False) == []


def test_exactly_one_leader() -> None:
    ms = good_team()
    ms[1] = member(person(2), role=Role.TO_TRUONG)
    found = rules.team_compliance(team(), ms, ON)
    assert len(found) == 1 and found[0].field == "leader" and "2" in found[0].message
    # a leader whose membership ended is not a leader
    ms = good_team()
    ms[0] = member(person(1, Sex.NU), role=Role.TO_TRUONG, end=D(2025, 1, 1))
    ms.append(member(person(4, Sex.NU)))
    assert [f.field for f in rules.team_compliance(team(), ms, ON)] == ["leader"]
    # elected later than the day asked about
    ms = good_team()
    ms[0] = member(person(1, Sex.NU), role=Role.TO_TRUONG, leader_since=ON + dt.timedelta(days=1))
    assert [f.field for f in rules.team_compliance(team(), ms, ON)] == ["leader"]


def test_same_mediator_twice_counts_once() -> None:
    one = person(2)
    ms = [member(person(1, Sex.NU), role=Role.TO_TRUONG), member(one), member(one, start=D(2020, 1, 1))]
    assert [f.field for f in rules.team_compliance(team(), ms, ON)] == ["members"]


# ---- 3.2 -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes", "voters", "ok"), [(51, 100, True), (50, 100, False), (2, 3, True), (1, 2, False), (3, 4, True)]
)
def test_majority_is_strictly_more_than_half(votes: int, voters: int, ok: bool) -> None:
    assert rules.majority(votes, voters) is ok
    found = rules.election_findings(votes, voters)
    assert (found == []) is ok
    if not ok:
        assert found[0].rule == "3.2" and found[0].severity == "warning" and found[0].field == "votes"


def test_election_unknown_and_impossible_numbers() -> None:
    assert rules.majority(None, 10) is None
    assert rules.election_findings(None, None) == []
    assert rules.election_findings(11, 10)[0].severity == "block"
    assert rules.election_findings(1, 0)[0].field == "voters"
    leader = rules.election_findings(None, None, leader_votes=2, leader_voters=4)
    assert [(f.field, f.severity) for f in leader] == [("leader_votes", "warning")]
    assert rules.election_findings(None, None, leader_votes=3, leader_voters=4) == []


# ---- 3.3 -----------------------------------------------------------------------------------------------------------


def test_party_as_mediator_blocks_same_name_and_year() -> None:
    md = person(1, name="Đặng Văn Hùng", birth_year=1970)
    parties = [NS(name="đặng văn  HÙNG", birth_year=1970, birth_date=None)]
    found = rules.party_conflicts(md, parties, ref="VV-2026-0001")
    assert [(f.rule, f.severity, f.field, f.ref) for f in found] == [
        ("3.3", "block", "mediators", "VV-2026-0001")
    ]


def test_party_as_mediator_override_and_other_years() -> None:
    md = person(1, name="Đặng Văn Hùng", birth_year=1970)
    same = [NS(name="Đặng Văn Hùng", birth_year=1970)]
    assert rules.party_conflicts(md, same, recusal_override=True)[0].severity == "warning"
    assert rules.party_conflicts(md, [NS(name="Đặng Văn Hùng", birth_year=1971)]) == []
    accents = rules.party_conflicts(
        md, [NS(name="Đặng Văn Hưng", birth_year=1970)]
    )  # only the accents differ
    assert [f.severity for f in accents] == ["warning"]
    no_accents = rules.party_conflicts(
        md, [NS(name="Dang Van Hung", birth_year=1970)]
    )  # typed without accents
    assert [f.severity for f in no_accents] == ["warning"]
    assert rules.party_conflicts(md, [NS(name="Đặng Văn Hải", birth_year=1970)]) == []
    unknown = rules.party_conflicts(md, [NS(name="Đặng Văn Hùng", birth_year=None)])
    assert [f.severity for f in unknown] == ["warning"]


# ---- 3.4 -----------------------------------------------------------------------------------------------------------


def a_case(**kw: Any) -> Any:
    values: dict[str, Any] = dict(
        code="VV-2026-0001", received_on=D(2026, 3, 1), assignments=[], sessions=[], immediate=False, result=None,
        ended_on=None, end_reason=None, agreement=None, court_filed_on=None,
    )  # fmt: skip
    values.update(kw)
    return NS(**values)


def assigned(day: dt.date) -> Any:
    return NS(assigned_on=day)


def held(day: dt.date) -> Any:
    return NS(held_on=day)


def test_first_session_exactly_three_days_is_fine() -> None:
    case = a_case(assignments=[assigned(D(2026, 3, 2))], sessions=[held(D(2026, 3, 5))])
    assert rules.session_deadline(case) == D(2026, 3, 5)
    assert rules.first_session_findings(case, ON) == []


def test_first_session_four_days_warns() -> None:
    case = a_case(assignments=[assigned(D(2026, 3, 2))], sessions=[held(D(2026, 3, 8)), held(D(2026, 3, 6))])
    found = rules.first_session_findings(case, ON)
    assert [(f.rule, f.severity, f.field) for f in found] == [("3.4", "warning", "sessions")]
    assert "4" in found[0].message


def test_first_session_immediate_is_exempt() -> None:
    case = a_case(assignments=[assigned(D(2026, 3, 2))], sessions=[held(D(2026, 3, 20))], immediate=True)
    assert rules.first_session_findings(case, ON) == []


def test_no_session_yet_warns_only_after_day_three() -> None:
    case = a_case(assignments=[assigned(D(2026, 3, 2)), assigned(D(2026, 3, 4))])
    assert rules.first_session_findings(case, D(2026, 3, 5)) == []
    assert len(rules.first_session_findings(case, D(2026, 3, 6))) == 1
    assert rules.first_session_findings(a_case(), ON) == []  # nobody assigned: nothing to measure


# ---- 3.5 -----------------------------------------------------------------------------------------------------------


def outcome(**kw: Any) -> list[rules.Finding]:
    values: dict[str, Any] = dict(result=Result.THANH, ended_on=D(2026, 3, 5), end_reason=CaseEndReason.THANH,
                                  agreement="Hai bên thống nhất", received_on=D(2026, 3, 1))  # fmt: skip
    values.update(kw)
    return rules.outcome_findings(**values)


def test_outcome_complete_passes() -> None:
    assert outcome() == []
    assert outcome(ended_on=D(2026, 3, 1)) == []  # same day as received
    assert outcome(result=None, ended_on=None, end_reason=None, agreement=None) == []  # still open


def test_outcome_blocks() -> None:
    assert [f.field for f in outcome(agreement="  ")] == ["agreement"]
    assert [f.field for f in outcome(ended_on=None)] == ["ended_on"]
    assert [f.field for f in outcome(ended_on=D(2026, 2, 28))] == ["ended_on"]
    assert [f.field for f in outcome(end_reason=None)] == ["end_reason"]
    assert [f.field for f in outcome(result=None)] == ["result"]
    assert all(f.severity == "block" and f.rule == "3.5" for f in outcome(agreement=None, end_reason=None))
    assert outcome(result=Result.KHONG_THANH, agreement=None, end_reason=CaseEndReason.KHONG_THANH) == []


# ---- 3.6 -----------------------------------------------------------------------------------------------------------


def test_court_deadline_is_six_months_clamped() -> None:
    assert rules.court_deadline(a_case(result=Result.THANH, ended_on=D(2026, 3, 5))) == D(2026, 9, 5)
    assert rules.court_deadline(a_case(result=Result.THANH, ended_on=D(2025, 8, 31))) == D(2026, 2, 28)
    assert rules.court_deadline(a_case(result=Result.KHONG_THANH, ended_on=D(2026, 3, 5))) is None


def test_court_warning_window_is_thirty_days_up_to_the_deadline() -> None:
    case = a_case(result=Result.THANH, ended_on=D(2026, 3, 5))  # deadline 05/09/2026
    assert rules.court_findings(case, D(2026, 8, 5)) == []  # 31 days left
    found = rules.court_findings(case, D(2026, 8, 6))  # exactly 30 days left
    assert [(f.rule, f.severity) for f in found] == [("3.6", "warning")] and "30" in found[0].message
    assert len(rules.court_findings(case, D(2026, 9, 5))) == 1  # the deadline itself, 0 days left
    assert rules.court_findings(case, D(2026, 9, 6)) == []  # passed
    filed = a_case(result=Result.THANH, ended_on=D(2026, 3, 5), court_filed_on=D(2026, 8, 1))
    assert rules.court_findings(filed, D(2026, 8, 20)) == []


# ---- 3.7 -----------------------------------------------------------------------------------------------------------


def test_training_deadline_exactly_six_months() -> None:
    recognised = D(2026, 1, 15)
    assert rules.training_deadline(recognised) == D(2026, 7, 15)
    assert rules.trained_in_time(recognised, [D(2026, 7, 15)])
    assert not rules.trained_in_time(recognised, [D(2026, 7, 16)])
    assert rules.trained_in_time(recognised, [D(2025, 12, 1)])  # trained before recognition counts


def test_training_warning_only_after_the_window_closes() -> None:
    recognised = D(2026, 1, 15)
    assert rules.training_findings(recognised, [], D(2026, 7, 15)) == []
    found = rules.training_findings(recognised, [], D(2026, 7, 16), ref="HGV-00001")
    assert [(f.rule, f.severity, f.ref) for f in found] == [("3.7", "warning", "HGV-00001")]
    assert rules.training_findings(recognised, [D(2026, 7, 15)], D(2027, 1, 1)) == []
    assert rules.training_findings(recognised, [D(2026, 8, 1)], D(2027, 1, 1)) != []  # trained too late
    assert rules.training_findings(None, [], ON) == []


def test_first_recognition_prefers_decision_date() -> None:
    ms = [
        NS(recognition_date=D(2020, 2, 1), start_date=D(2020, 1, 1)),
        NS(recognition_date=None, start_date=D(2019, 5, 1)),
    ]
    assert rules.first_recognition(ms) == D(2019, 5, 1)
    assert rules.first_recognition([]) is None


# ---- 3.8 -----------------------------------------------------------------------------------------------------------


def test_future_dates_and_reversed_ranges_block() -> None:
    today = D(2026, 6, 1)
    found = rules.date_findings({"start": D(2026, 6, 2), "end": None}, today)
    assert [(f.rule, f.severity, f.field) for f in found] == [("3.8", "block", "start")]
    assert rules.date_findings({"start": today}, today) == []
    # a planned date (training) may lie ahead; a stored date given only as a range end is not judged again
    assert rules.date_findings({"start_on": D(2026, 7, 1)}, today, planned=["start_on"]) == []
    assert rules.date_findings({"ended_on": D(2026, 7, 1)}, today, context=["ended_on"]) == []
    found = rules.date_findings(
        {"start": D(2026, 5, 2), "end": D(2026, 5, 1)}, today, ranges=[("start", "end")]
    )
    assert [(f.severity, f.field) for f in found] == [("block", "end")]
    assert (
        rules.date_findings({"start": D(2026, 5, 2), "end": D(2026, 5, 2)}, today, ranges=[("start", "end")])
        == []
    )


def test_range_sentence_names_the_real_fields() -> None:
    found = rules.date_findings(
        {"received_on": D(2026, 5, 10), "assigned_on": D(2026, 5, 2)},
        D(2026, 6, 1),
        ranges=[("received_on", "assigned_on")],
        context=["received_on"],
    )
    assert [(f.severity, f.field) for f in found] == [("block", "assigned_on")]
    message = found[0].message
    assert f"{rules.date_label('assigned_on')} (02/05/2026)" in message
    assert f"{rules.date_label('received_on')} (10/05/2026)" in message
    assert rules.date_label("end_date") not in message and rules.date_label("start_date") not in message


def test_membership_overlap() -> None:
    other = NS(start_date=D(2020, 1, 1), end_date=D(2022, 1, 1))
    assert (
        rules.membership_overlap_findings(D(2022, 1, 1), None, [other]) == []
    )  # starts the day the other ended
    blocked = rules.membership_overlap_findings(D(2021, 12, 31), None, [other])
    assert [(f.rule, f.severity) for f in blocked] == [("3.8", "block")]
    assert rules.membership_overlap_findings(D(2018, 1, 1), D(2020, 1, 1), [other]) == []
    assert rules.membership_overlap_findings(D(2018, 1, 1), D(2020, 1, 2), [other]) != []
    open_other = NS(start_date=D(2020, 1, 1), end_date=None)
    assert rules.membership_overlap_findings(D(2030, 1, 1), None, [open_other]) != []


# ---- 3.9 and helpers -----------------------------------------------------------------------------------------------


def test_text_findings_and_blocks_split() -> None:
    decomposed = "Nguye\u0302\u0303n"
    found = rules.text_findings({"name": decomposed, "ok": "Nguyễn", "none": None})
    assert [(f.rule, f.field) for f in found] == [("3.9", "name")]
    mixed = [rules.Finding("3.5", "block", "x"), rules.Finding("3.4", "warning", "y")]
    assert [f.rule for f in rules.blocks(mixed)] == ["3.5"]
    assert [f.rule for f in rules.warnings(mixed)] == ["3.4"]
