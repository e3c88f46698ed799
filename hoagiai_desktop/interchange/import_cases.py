"""Step 3 of the import for the sheet VuViec: a case row checked against the workbook and the database, and planned.

Its mediators must exist and belong to the case's team; a mediator who is a party is judged by
``domain.rules.party_conflicts``, as the case service judges it.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain.enums import CaseEndReason, Result
from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange.import_cells import PartyRec
from hoagiai_desktop.interchange.import_existing import Existing, Plan, changed_fields, unknown_code
from hoagiai_desktop.interchange.import_rows import Rec
from hoagiai_desktop.interchange.import_run import WARNING, ImportRun
from hoagiai_desktop.interchange.reading import code_key
from hoagiai_desktop.interchange.schema import HOA_GIAI_VIEN, TO_HOA_GIAI, VU_VIEC
from hoagiai_desktop.text import fold


def plan_case(
    run: ImportRun, ex: Existing, plan: Plan, rec: Rec, team_codes: set[str], mediator_codes: set[str],
    member_pairs: set[tuple[str, str]], people: dict[str, dict[str, Any]],
) -> None:  # fmt: skip
    sheet = VU_VIEC
    counts = run.report.counts[sheet.name]
    tkey = code_key(rec.refs["team"])
    ok = True
    if tkey not in team_codes:
        unknown_code(run, sheet, rec.row, sheet.column("team"), rec.refs["team"], TO_HOA_GIAI)
        ok = False
    ckey = code_key(rec.code)
    existing = ex.cases.get(ckey)
    case_id = existing[0] if existing else None
    mediators: list[str] | None = rec.refs.get("mediators")
    parties: list[PartyRec] | None = rec.refs.get("parties")
    listed: set[str] | None = None  # mediators whose conflict with a party is recorded (optional column)
    if rec.refs.get("overrides") is not None:
        listed = {code_key(x) for x in rec.refs["overrides"]}
    overrides = (
        listed
        if listed is not None
        else {
            ex.mediator_code_by_id.get(a["mediator_id"], "")
            for a in ex.assignments.get(case_id or -1, [])
            if a["override"]
        }
    )
    mkeys: list[str] = []
    for code in mediators or []:
        mkey = code_key(code)
        if mkey in mkeys:
            continue
        mkeys.append(mkey)
        if mkey not in mediator_codes:
            unknown_code(run, sheet, rec.row, sheet.column("mediators"), code, HOA_GIAI_VIEN)
            ok = False
            continue
        if tkey in team_codes and (mkey, tkey) not in member_pairs:
            run.problem(
                sheet, rec.row, sheet.column("mediators"),
                _("Mediator {code} is not a member of team {team}, which handles this case.").format(
                    code=code, team=rec.refs["team"]),
                _("Assign a member of team {team}, or add this membership to sheet HoaGiaiVien.").format(
                    team=rec.refs["team"]),
            )  # fmt: skip
            ok = False
        person = people.get(mkey)
        party_list = (
            parties
            if parties is not None
            else [
                PartyRec(p["name"], p["birth_year"], p["address"]) for p in ex.parties.get(case_id or -1, [])
            ]
        )
        if person is not None and person.get("full_name"):
            mediator = SimpleNamespace(full_name=person["full_name"], birth_year=person.get("birth_year"),
                                       birth_date=person.get("birth_date"))  # fmt: skip
            for finding in rules.party_conflicts(
                mediator, party_list, recusal_override=mkey in overrides, ref=rec.code
            ):
                if finding.is_block:
                    run.problem(sheet, rec.row, sheet.column("mediators"), finding.message,
                                _("Assign another mediator of the team."))  # fmt: skip
                    ok = False
                else:
                    run.problem(sheet, rec.row, sheet.column("mediators"), finding.message, severity=WARNING)
    if not ok or run.report.errors:
        return
    fields = dict(rec.fields)
    if "result" in fields:
        result = fields["result"]
        old_reason = existing[1].get("end_reason") if existing else None
        if result is Result.THANH:
            fields["end_reason"] = CaseEndReason.THANH
        elif result is Result.KHONG_THANH:
            fields["end_reason"] = (
                old_reason
                if old_reason in (CaseEndReason.BEN_RUT, CaseEndReason.KHONG_THANH)
                else CaseEndReason.KHONG_THANH
            )
        else:
            fields["end_reason"] = None
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
        counts.added += 1
        return
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
    if changed or changed_children:
        counts.updated += 1
    else:
        counts.unchanged += 1
