"""The same cases through the two doors — a real .xlsx import and the case service, step by step — give the same
findings, one by one: same case, same rule, same severity, same sentence.

Each case of ``CASES`` is valid or breaks one case rule of DOMAIN §3 (3.3 a party as mediator, 3.4 the first
session, 3.5 the end of a mediation, 3.6 the court deadline, 3.8 dates and the team's activity). The workbook
goes into one database; the same cases go into a second database (same registers) through ``create_case`` →
``add_session`` → ``assign_mediators`` → ``record_outcome``, stopping where the service refuses (``RuleBlocked``),
as a person at the window would. ``EXPECTED`` pins the rules each case must raise, so a rule dropped from (or added
to) the shared functions of ``domain/case_rules.py`` fails here too, not only a difference between the doors.

Not in the workbook (DOMAIN §6), so not comparable here: follow-up entries (Điều 26), the court filing date, a
Điều 23 reason other than the one a result implies; ``test_the_workbook_has_no_column_for_them`` fails the day
one is added, so that this test grows with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.domain.enums import CaseBasis, CaseEndReason, Category, Result
from hoagiai_desktop.interchange import import_workbook
from hoagiai_desktop.interchange.import_cells import parse_parties
from hoagiai_desktop.interchange.import_run import ERROR
from hoagiai_desktop.interchange.schema import VU_VIEC
from hoagiai_desktop.services import cases, common
from hoagiai_desktop.services.common import RuleBlocked
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.opening import open_database
from tests.interchange.conftest import HEADERS, sample_rows, write_workbook

TODAY = dt.date(2026, 6, 30)
OVERRIDES = "HGV là một bên"  # the optional column naming mediators whose conflict with a party is recorded


@dataclass(frozen=True)
class Row:
    code: str
    received: str
    category: str = "Dân sự"
    team: str = "THG01"
    parties: str = "Phạm Văn Tư, 1970, thôn Đông; Hoàng Văn Năm, 1972"
    mediators: str | None = None
    assigned: str | None = None
    session: str | None = None
    result: str | None = None
    ended: str | None = None
    agreement: str | None = None
    overrides: str | None = None


CASES = [
    Row("OK-01", "01/03/2026", mediators="HGV02", assigned="02/03/2026", session="04/03/2026",
        result="Thành", ended="04/03/2026", agreement="Hai bên thống nhất"),
    Row("OK-02", "20/06/2026", mediators="HGV02", assigned="21/06/2026", session="23/06/2026"),
    Row("NEW-01", "28/06/2026"),  # received, nobody assigned yet
    Row("FUT-01", "15/07/2026"),  # 3.8 received after today
    Row("FUT-02", "01/06/2026", mediators="HGV02", assigned="05/07/2026"),  # 3.8 assigned after today
    Row("FUT-03", "01/06/2026", session="02/07/2026"),  # 3.8 session after today
    Row("FUT-04", "01/06/2026", result="Không thành", ended="10/07/2026"),  # 3.8 ended after today
    Row("ORD-01", "10/03/2026", mediators="HGV02", assigned="05/03/2026"),  # 3.8 assigned before received
    Row("ORD-02", "10/03/2026", session="08/03/2026"),  # 3.8 session before received
    Row("ORD-03", "10/03/2026", mediators="HGV02", assigned="11/03/2026", session="13/03/2026",
        result="Thành", ended="12/03/2026", agreement="Trả lại lối đi"),  # 3.8 ended before the session
    Row("END-01", "10/03/2026", result="Không thành", ended="01/03/2026"),  # 3.5 ended before received
    Row("END-02", "10/03/2026", mediators="HGV02", assigned="10/03/2026", session="11/03/2026",
        result="Thành", ended="11/03/2026"),  # 3.5 thành without the agreement
    Row("END-03", "10/03/2026", mediators="HGV02", assigned="10/03/2026", session="12/03/2026",
        result="Không thành", ended="12/03/2026"),  # 3.5 warning: where the parties were guided
    Row("OOS-01", "10/03/2026", category="Ngoài phạm vi"),  # 3.5 warning: out of scope, guidance
    Row("OOS-02", "10/03/2026", category="Ngoài phạm vi", result="Thành", ended="12/03/2026",
        agreement="x"),  # 3.5 BLOCK: an out-of-scope case has no result
    Row("S34-01", "01/03/2026", mediators="HGV02", assigned="02/03/2026", session="09/03/2026"),  # 3.4 late
    Row("S34-02", "20/05/2026", mediators="HGV02", assigned="21/05/2026"),  # 3.4 no session held
    Row("S34-03", "20/05/2026", mediators="HGV02", assigned="21/05/2026", result="Không thành",
        ended="22/06/2026"),  # 3.4 gone once it ended, 3.5 referral
    Row("PTY-01", "01/03/2026", parties="Lê Văn Cường, 1980; Phạm Văn Tư, 1970", mediators="HGV06",
        assigned="02/03/2026", session="03/03/2026"),  # 3.3 BLOCK: the mediator is a party
    Row("PTY-02", "01/03/2026", parties="Lê Văn Cường, 1980; Phạm Văn Tư, 1970", mediators="HGV06",
        assigned="02/03/2026", session="03/03/2026", overrides="HGV06"),  # 3.3 warning: recorded override
    Row("PTY-03", "01/03/2026", parties="Lê Văn Cường; Phạm Văn Tư, 1970", mediators="HGV02; HGV06",
        assigned="02/03/2026", session="03/03/2026"),  # 3.3 warning: same name, birth year unknown
    Row("CRT-01", "10/01/2026", mediators="HGV02", assigned="10/01/2026", session="12/01/2026",
        result="Thành", ended="15/01/2026", agreement="Chia lại ranh giới"),  # 3.6 deadline 15/07 near
    Row("TEAM-01", "01/06/2025", team="THG03"),  # 3.8 warning: the team was founded later
]  # fmt: skip

EXPECTED: dict[str, set[tuple[str, str]]] = {  # the rules each case raises (same in both doors)
    "OK-01": set(), "OK-02": set(), "NEW-01": set(),
    "FUT-01": {("3.8", "block")}, "FUT-02": {("3.8", "block")}, "FUT-03": {("3.8", "block")},
    "FUT-04": {("3.8", "block")}, "ORD-01": {("3.8", "block")}, "ORD-02": {("3.8", "block")},
    "ORD-03": {("3.8", "block")}, "END-01": {("3.5", "block")}, "END-02": {("3.5", "block")},
    "END-03": {("3.5", "warning")}, "OOS-01": {("3.5", "warning")},
    "OOS-02": {("3.5", "warning"), ("3.5", "block")}, "S34-01": {("3.4", "warning")},
    "S34-02": {("3.4", "warning")}, "S34-03": {("3.4", "warning"), ("3.5", "warning")},
    "PTY-01": {("3.3", "block")}, "PTY-02": {("3.3", "warning")}, "PTY-03": {("3.3", "warning")},
    "CRT-01": {("3.6", "warning")}, "TEAM-01": {("3.8", "warning")},
}  # fmt: skip

Finding = tuple[str, str, str, str]  # (case, rule, severity, sentence)


def _d(text: str | None) -> dt.date | None:
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


def _registers() -> dict[str, list[list[Any]]]:
    """The sample's villages, teams and mediators, plus team THG03 founded on 01/01/2026 (HGV05 in it) and
    HGV06 in THG01, who is a party to the PTY cases."""
    rows = sample_rows()
    rows["ToHoaGiai"].append(["THG03", "Tổ hòa giải số 2 thôn Đông", "T01", "30/QĐ-UBND", "01/01/2026", "Không",
                              None, None])  # fmt: skip
    rows["HoaGiaiVien"].append(["HGV05", "Đỗ Thị Hoa", 1975, "Nữ", "Kinh", "thôn Đông", None, "Không", None,
                                "THG03", "Tổ trưởng", "31/QĐ-UBND", "02/01/2026", None, None])  # fmt: skip
    rows["HoaGiaiVien"].append(["HGV06", "Lê Văn Cường", 1980, "Nam", "Kinh", "thôn Đông", None, "Không", None,
                                "THG01", "Hòa giải viên", "32/QĐ-UBND", "02/01/2026", None, None])  # fmt: skip
    rows["VuViec"], rows["TapHuan"], rows["DiemDanh"] = [], [], []
    return rows


def _workbook_rows() -> list[list[Any]]:
    return [
        [r.code, r.team, r.received, None, r.category, f"Vụ {r.code}", r.parties, r.mediators, r.assigned,
         r.session, r.result, r.ended, r.agreement, None, r.overrides]
        for r in CASES
    ]  # fmt: skip


def through_import(path: Path, tmp_path: Path) -> list[Finding]:
    rows = _registers()
    rows["VuViec"] = _workbook_rows()
    headers = dict(HEADERS)
    headers["VuViec"] = [*HEADERS["VuViec"], OVERRIDES]
    workbook = write_workbook(tmp_path / "cases.xlsx", rows, headers=headers)
    db = open_database(path)
    try:
        report = import_workbook(db, workbook, today=TODAY, backup=False)
    finally:
        db.dispose()
    code_of_row = {i + 2: r.code for i, r in enumerate(CASES)}
    others = [p for p in report.problems if p.rule is None]
    assert others == [], others  # nothing but the rules' findings: the comparison is about them
    assert not report.written  # the blocks refused the whole workbook
    return [
        (code_of_row[p.row or 0], p.rule or "", "block" if p.severity == ERROR else "warning", p.message)
        for p in report.problems
        if p.sheet == VU_VIEC.name
    ]


def _case_input(db: Database, r: Row) -> cases.CaseInput:
    from hoagiai_desktop.services import teams_read

    team_id = {t.code: t.id for t in teams_read.team_choices(db)}[r.team]
    parties = [cases.PartyInput(name=p.name, birth_year=p.birth_year, address=p.address)
               for p in parse_parties(r.parties)]  # fmt: skip
    category = Category.parse(r.category)
    assert category is not None
    return cases.CaseInput(team_id=team_id, received_on=_d(r.received), category=category,  # type: ignore[arg-type]
                           summary=f"Vụ {r.code}", basis=CaseBasis.CAC_BEN_YEU_CAU, code=r.code, parties=parties)  # fmt: skip


def _one_case(db: Database, r: Row, mediator_ids: dict[str, int]) -> list[Any]:
    """The case entered at the window, step by step; the findings of every step, up to a refusal."""
    found: list[Any] = []
    try:
        out = cases.create_case(db, _case_input(db, r))
        found += out.warnings
        case_id = out.value.id
        if r.session:
            found += cases.add_session(db, case_id, cases.SessionInput(held_on=_d(r.session))).warnings  # type: ignore[arg-type]
        codes = [c.strip() for c in (r.mediators or "").split(";") if c.strip()]
        if codes:
            when = _d(r.assigned) or _d(r.session) or _d(r.received)
            notes = {
                mediator_ids[c]: "Các bên đồng ý bằng văn bản" for c in (r.overrides or "").split(";") if c
            }
            found += cases.assign_mediators(db, case_id, [mediator_ids[c] for c in codes], when,  # type: ignore[arg-type]
                                            recusal_overrides=notes).warnings  # fmt: skip
        if r.result or r.ended:
            result = Result.parse(r.result or "")
            reason = (
                CaseEndReason.KHONG_THANH if result is Result.KHONG_THANH else None
            )  # as the workbook means
            outcome = cases.OutcomeInput(result=result, ended_on=_d(r.ended), end_reason=reason,  # type: ignore[arg-type]
                                         agreement=r.agreement)  # fmt: skip
            found += cases.record_outcome(db, case_id, outcome).warnings
    except RuleBlocked as refused:
        found += refused.findings
    return found


def through_service(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    monkeypatch.setattr(common, "today", lambda: TODAY)
    db = open_database(path)
    try:
        registers = import_workbook(
            db, write_workbook(tmp_path / "registers.xlsx", _registers()), today=TODAY
        )
        assert registers.ok and registers.written, registers.problems
        from hoagiai_desktop.services import mediators_read

        ids = mediators_read.mediator_ids(db, mediators_read.MediatorFilter())
        mediator_ids = {row.code: i for i, row in mediators_read.mediator_rows(db, ids).items()}
        return [
            (r.code, f.rule, f.severity, f.message) for r in CASES for f in _one_case(db, r, mediator_ids)
        ]
    finally:
        db.dispose()


def _by_case(found: list[Finding]) -> dict[str, list[tuple[str, str, str]]]:
    """Distinct findings per case (the window shows a warning once even when several steps repeat it)."""
    out: dict[str, list[tuple[str, str, str]]] = {r.code: [] for r in CASES}
    for code, rule, severity, message in found:
        if (rule, severity, message) not in out[code]:
            out[code].append((rule, severity, message))
    return {code: sorted(items) for code, items in out.items()}


def test_import_and_case_service_judge_every_case_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported = _by_case(through_import(tmp_path / "imported.sqlite3", tmp_path))
    entered = _by_case(through_service(tmp_path / "entered.sqlite3", tmp_path, monkeypatch))
    for r in CASES:  # one by one, so a failure names the case
        assert imported[r.code] == entered[r.code], r.code
        assert {(rule, severity) for rule, severity, _m in entered[r.code]} == EXPECTED[r.code], r.code
    covered = {rule for items in entered.values() for rule, _s, _m in items}
    assert covered == {"3.3", "3.4", "3.5", "3.6", "3.8"}


def test_the_workbook_has_no_column_for_them() -> None:
    """Follow-up, court filing and a chosen Điều 23 reason cannot come from a workbook (see the module docstring)."""
    keys = {c.key for c in VU_VIEC.columns}
    assert not keys & {
        "follow_up",
        "follow_ups",
        "court_filed_on",
        "court_name",
        "end_reason",
        "referral",
        "guidance",
    }
