"""Step 3 of the import for the sheet VuViec: a case row checked against the workbook and the database, and planned.

Its team and mediators must exist and the mediators belong to the team; a case the import adds or changes is then
judged by ``import_judge`` through ``domain/case_rules.py``, as the case service judges it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange.import_cells import PartyRec
from hoagiai_desktop.interchange.import_existing import Existing, Plan, changed_fields, unknown_code
from hoagiai_desktop.interchange.import_judge import (
    Assigned,
    CaseState,
    judge_case,
    report_findings,
    workbook_end_reason,
)
from hoagiai_desktop.interchange.import_rows import Rec
from hoagiai_desktop.interchange.import_run import ImportRun
from hoagiai_desktop.interchange.reading import code_key
from hoagiai_desktop.interchange.schema import HOA_GIAI_VIEN, TO_HOA_GIAI, VU_VIEC
from hoagiai_desktop.text import fold


@dataclass
class CaseContext:
    """What every case row is checked against: the codes known in the workbook and the database, the
    (mediator, team) memberships, each mediator's name and birth, and each team's founding / dissolution dates."""

    team_codes: set[str]
    mediator_codes: set[str]
    member_pairs: set[tuple[str, str]]
    people: dict[str, dict[str, Any]]
    team_dates: dict[str, tuple[dt.date | None, dt.date | None]]


@dataclass
class _Resolved:
    mkeys: list[str]  # the listed mediators (codes folded), in order, once each
    overrides: set[str]  # mediators whose conflict with a party is recorded
    listed: set[str] | None  # the same, when the optional column is present
    parties: list[PartyRec]  # the case's parties after the import


def _resolve(run: ImportRun, ex: Existing, rec: Rec, ctx: CaseContext) -> _Resolved | None:
    """The row's team and mediators checked against the workbook and the database (None after an error)."""
    sheet = VU_VIEC
    tkey = code_key(rec.refs["team"])
    ok = True
    if tkey not in ctx.team_codes:
        unknown_code(run, sheet, rec.row, sheet.column("team"), rec.refs["team"], TO_HOA_GIAI)
        ok = False
    existing = ex.cases.get(code_key(rec.code))
    case_id = existing[0] if existing else -1
    listed: set[str] | None = None
    if rec.refs.get("overrides") is not None:
        listed = {code_key(x) for x in rec.refs["overrides"]}
    stored = {
        ex.mediator_code_by_id.get(a["mediator_id"], "")
        for a in ex.assignments.get(case_id, [])
        if a["override"]
    }
    mkeys: list[str] = []
    for code in rec.refs.get("mediators") or []:
        mkey = code_key(code)
        if mkey in mkeys:
            continue
        mkeys.append(mkey)
        if mkey not in ctx.mediator_codes:
            unknown_code(run, sheet, rec.row, sheet.column("mediators"), code, HOA_GIAI_VIEN)
            ok = False
        elif tkey in ctx.team_codes and (mkey, tkey) not in ctx.member_pairs:
            run.problem(
                sheet, rec.row, sheet.column("mediators"),
                _("Mediator {code} is not a member of team {team}, which handles this case.").format(
                    code=code, team=rec.refs["team"]),
                _("Assign a member of team {team}, or add this membership to sheet HoaGiaiVien.").format(
                    team=rec.refs["team"]),
            )  # fmt: skip
            ok = False
    parties: list[PartyRec] | None = rec.refs.get("parties")
    if parties is None:
        parties = [PartyRec(p["name"], p["birth_year"], p["address"]) for p in ex.parties.get(case_id, [])]
    return _Resolved(mkeys, listed if listed is not None else stored, listed, parties) if ok else None


def _state(ex: Existing, rec: Rec, ctx: CaseContext, fields: dict[str, Any], res: _Resolved) -> CaseState:
    """The case as it stands once the plan is written, for :func:`import_judge.judge_case`."""
    existing = ex.cases.get(code_key(rec.code))
    case_id = existing[0] if existing else -1
    values = {**(existing[1] if existing else {}), **fields}
    received = values["received_on"]
    tkey = code_key(rec.refs["team"])
    decided, dissolved = ctx.team_dates.get(tkey, (None, None))
    sessions = sorted(d for _i, d in ex.sessions.get(case_id, []))
    first_session = rec.refs["first_session"]
    if first_session is not None:
        sessions = [first_session, *sessions[1:]]
    olds = {
        ex.mediator_code_by_id.get(a["mediator_id"], ""): a["assigned_on"]
        for a in ex.assignments.get(case_id, [])
    }
    given = rec.refs["assigned_on"]
    if rec.refs.get("mediators") is None:
        dates = olds
    else:
        when = given or min(olds.values(), default=None) or first_session or received
        dates = {k: (given or olds[k]) if k in olds else when for k in res.mkeys}
    assignments: dict[dt.date, list[Assigned]] = {}
    for mkey, on in dates.items():
        person = ctx.people.get(mkey) or {}
        assignments.setdefault(on, []).append(
            Assigned(person.get("full_name") or "", person.get("birth_year"), person.get("birth_date"),
                     mkey in res.overrides)
        )  # fmt: skip
    return CaseState(
        code=rec.code, received_on=received, category=values.get("category"),
        team_active=m.Team(decision_date=decided, dissolved_on=dissolved).is_active(received),
        team_ref=rec.refs["team"], parties=res.parties, guidance=values.get("guidance"),
        referral=values.get("referral"), immediate=bool(values.get("immediate")),
        court_filed_on=values.get("court_filed_on"), session_dates=sessions, assignments=assignments,
        result=values.get("result"), ended_on=values.get("ended_on"), end_reason=values.get("end_reason"),
        agreement=values.get("agreement"),
    )  # fmt: skip


def plan_case(run: ImportRun, ex: Existing, plan: Plan, rec: Rec, ctx: CaseContext) -> None:
    """Check one case row, plan its writes, and judge the case as the case service would (only when it changes)."""
    res = _resolve(run, ex, rec, ctx)
    if res is None:
        return
    existing = ex.cases.get(code_key(rec.code))
    fields = dict(rec.fields)
    if "result" in fields:
        stored_reason = existing[1].get("end_reason") if existing else None
        fields["end_reason"] = workbook_end_reason(fields["result"], stored_reason)
    status = _plan_writes(ex, plan, rec, fields, res)
    counts = run.report.counts[VU_VIEC.name]
    setattr(counts, status, getattr(counts, status) + 1)
    if status != "unchanged":
        report_findings(run, rec.row, judge_case(_state(ex, rec, ctx, fields, res), run.today))


def _plan_writes(ex: Existing, plan: Plan, rec: Rec, fields: dict[str, Any], res: _Resolved) -> str:
    """Add the row's writes to the plan; "added", "updated" or "unchanged"."""
    tkey = code_key(rec.refs["team"])
    ckey = code_key(rec.code)
    existing = ex.cases.get(ckey)
    case_id = existing[0] if existing else None
    mediators: list[str] | None = rec.refs.get("mediators")
    parties: list[PartyRec] | None = rec.refs.get("parties")
    mkeys, overrides, listed = res.mkeys, res.overrides, res.listed
    team_id = ex.teams[tkey][0] if tkey in ex.teams else None
    received = fields["received_on"]
    assigned_on = rec.refs["assigned_on"]
    first_session = rec.refs["first_session"]
    changed_children = False
    if existing is None:
        row_new = {"code": rec.code, "summary": "", **fields, "_team": tkey}
        if team_id is not None:
            row_new["team_id"] = team_id
        plan.cases_new.append(row_new)
        for p in parties or []:
            plan.parties_new.append(
                {"_case": ckey, "name": p.name, "birth_year": p.birth_year, "address": p.address}
            )
        when = assigned_on or first_session or received
        for mkey in mkeys:
            plan.assignments_new.append({"_case": ckey, "_mediator": mkey, "assigned_on": when,
                                         "recusal_override": mkey in overrides})  # fmt: skip
        if first_session is not None:
            plan.sessions_new.append({"_case": ckey, "held_on": first_session})
        return "added"
    assert case_id is not None
    if team_id is not None:
        fields["team_id"] = team_id
    else:
        fields["_team"] = tkey
    changed = changed_fields({k: v for k, v in fields.items() if not k.startswith("_")}, existing[1])
    if "_team" in fields:
        changed["_team"] = tkey
    # Parties: matched by name, kept (with what the app knows about them) or updated; the rest replaced.
    if parties is not None:
        olds = ex.parties.get(case_id, [])
        if [(p.name, p.birth_year, p.address) for p in parties] != [
            (o["name"], o["birth_year"], o["address"]) for o in olds
        ]:
            changed_children = True
            free = list(olds)
            for p in parties:
                hit = next((o for o in free if fold(o["name"]) == fold(p.name)), None)
                if hit is None:
                    plan.parties_new.append(
                        {"_case": ckey, "name": p.name, "birth_year": p.birth_year, "address": p.address}
                    )
                    continue
                free.remove(hit)
                upd = changed_fields({"name": p.name, "birth_year": p.birth_year, "address": p.address}, hit)
                if upd:
                    plan.parties_upd.append({"id": hit["id"], **upd})
            plan.parties_del.extend(o["id"] for o in free)
    # Assignments: the listed mediators, on the given date.
    if mediators is not None:
        olds_a = ex.assignments.get(case_id, [])
        old_keys = {ex.mediator_code_by_id.get(a["mediator_id"], ""): a for a in olds_a}
        first = min((a["assigned_on"] for a in olds_a), default=None)
        if set(old_keys) != set(mkeys) or (assigned_on is not None and mkeys and first != assigned_on):
            changed_children = True
            for okey, a in old_keys.items():
                if okey not in mkeys:
                    plan.assignments_del.append(a["id"])
                elif assigned_on is not None and a["assigned_on"] != assigned_on:
                    plan.assignments_upd.append({"id": a["id"], "assigned_on": assigned_on})
            when = assigned_on or first or first_session or received
            for mkey in mkeys:
                if mkey not in old_keys:
                    plan.assignments_new.append({"_case": ckey, "_mediator": mkey, "assigned_on": when,
                                                 "recusal_override": mkey in overrides})  # fmt: skip
        if listed is not None:
            for okey, a in old_keys.items():
                if okey in mkeys and a["override"] != (okey in listed):
                    changed_children = True
                    plan.assignments_upd.append({"id": a["id"], "recusal_override": okey in listed})
    # First session: the earliest session takes the given date (later sessions stay).
    if first_session is not None:
        olds_s = sorted(ex.sessions.get(case_id, []), key=lambda s: s[1])
        if not olds_s:
            changed_children = True
            plan.sessions_new.append({"_case": ckey, "held_on": first_session})
        elif olds_s[0][1] != first_session:
            changed_children = True
            plan.sessions_upd.append({"id": olds_s[0][0], "held_on": first_session})
    if changed:
        plan.cases_upd.append({"id": case_id, **changed})
    return "updated" if changed or changed_children else "unchanged"
