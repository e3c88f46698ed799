"""Step 3 of the import: cross-sheet checks (codes, duplicates, memberships) and the plan of what to write.

Codes are the keys: each row adds, updates or leaves a record unchanged, so a second import changes nothing.
Rows inserted by the same import are referred to by code (``_village``, ``_team`` …) until ``import_apply``
knows their ids. The cases' own checks are in ``import_cases``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from hoagiai_desktop.domain import rules
from hoagiai_desktop.domain.enums import Role
from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange.import_cases import CaseContext, plan_case
from hoagiai_desktop.interchange.import_existing import Existing, Plan, changed_fields, unknown_code
from hoagiai_desktop.interchange.import_rows import Rec
from hoagiai_desktop.interchange.import_run import WARNING, ImportRun, SheetCounts
from hoagiai_desktop.interchange.reading import code_key
from hoagiai_desktop.interchange.schema import (
    DIEM_DANH,
    HOA_GIAI_VIEN,
    TAP_HUAN,
    THON_TO,
    TO_HOA_GIAI,
    VU_VIEC,
    Column,
    Sheet,
)


def dedupe(run: ImportRun, sheet: Sheet, recs: list[Rec], column: Column) -> list[Rec]:
    seen: dict[str, int] = {}
    kept = []
    for rec in recs:
        key = code_key(rec.code)
        if key in seen:
            run.problem(
                sheet, rec.row, column, _("The code {code} already appears in row {row}.").format(code=rec.code, row=seen[key]),
                _("Each code must be unique in the sheet; give this row another code or delete one of the two rows."),
            )  # fmt: skip
            continue
        seen[key] = rec.row
        kept.append(rec)
    return kept


def plan_import(run: ImportRun, ex: Existing, recs: dict[str, list[Rec]]) -> Plan:
    plan = Plan()
    counts = run.report.counts

    # Villages
    villages = dedupe(run, THON_TO, recs[THON_TO.name], THON_TO.column("code"))
    village_codes = run.codes[THON_TO.name] | set(ex.villages)
    for rec in villages:
        key = code_key(rec.code)
        settle(counts[THON_TO.name], plan.villages_new, plan.villages_upd, ex.villages.get(key),
                {"code": rec.code, **rec.fields}, rec.fields)  # fmt: skip

    # Teams
    teams = dedupe(run, TO_HOA_GIAI, recs[TO_HOA_GIAI.name], TO_HOA_GIAI.column("code"))
    team_codes = run.codes[TO_HOA_GIAI.name] | set(ex.teams)
    for rec in teams:
        village = rec.refs["village"]
        if code_key(village) not in village_codes:
            unknown_code(run, TO_HOA_GIAI, rec.row, TO_HOA_GIAI.column("village"), village, THON_TO)
            continue
        existing = ex.teams.get(code_key(rec.code))
        fields = dict(rec.fields)
        vkey = code_key(village)
        if vkey in ex.villages:
            fields["village_id"] = ex.villages[vkey][0]
            settle(counts[TO_HOA_GIAI.name], plan.teams_new, plan.teams_upd, existing,
                    {"code": rec.code, **fields}, fields)  # fmt: skip
        else:  # village inserted by this import
            if existing is None:
                counts[TO_HOA_GIAI.name].added += 1
                plan.teams_new.append({"code": rec.code, **fields, "_village": vkey})
            else:
                counts[TO_HOA_GIAI.name].updated += 1
                plan.teams_upd.append({"id": existing[0], **fields, "_village": vkey})

    # Mediators and memberships
    sheet = HOA_GIAI_VIEN
    rows_by_code: dict[str, list[Rec]] = defaultdict(list)
    for rec in recs[sheet.name]:
        rows_by_code[code_key(rec.code)].append(rec)
    person_of: dict[str, dict[str, Any]] = {}
    member_pairs = set(run.pairs)  # (mediator key, team key) from the workbook and the database
    for mid, memberships in ex.memberships.items():
        for ms in memberships:
            member_pairs.add((ex.mediator_code_by_id.get(mid, ""), ex.team_code_by_id.get(ms["team_id"], "")))
    for key, rows in rows_by_code.items():
        merged: dict[str, Any] = {}
        for rec in rows:
            for name, value in rec.fields.items():
                if value is None:
                    merged.setdefault(name, None)
                elif merged.get(name) is None:
                    merged[name] = value
                elif merged[name] != value:
                    header = sheet.column(
                        {"birth_year": "birth", "birth_date": "birth"}.get(name, name)
                    ).header
                    run.problem(
                        sheet, rec.row, header,
                        _("Mediator {code} has a different “{column}” in row {row}.").format(
                            code=rec.code, column=header, row=rows[0].row),
                        _("Rows with the same Mã HGV describe the same person; make the personal details identical."),
                    )  # fmt: skip
        person_of[key] = merged
        for rec in rows:
            team = rec.refs["team"]
            if team:
                if code_key(team) not in team_codes:
                    unknown_code(run, sheet, rec.row, sheet.column("team"), team, TO_HOA_GIAI)
                member_pairs.add((key, code_key(team)))
    plan_mediators(run, ex, plan, rows_by_code, person_of)

    # Cases
    cases = dedupe(run, VU_VIEC, recs[VU_VIEC.name], VU_VIEC.column("code"))
    mediator_codes = run.codes[HOA_GIAI_VIEN.name] | set(ex.mediators)
    people = dict(person_of)
    for key, (_id, fields) in ex.mediators.items():
        people.setdefault(key, fields)
    ctx = CaseContext(team_codes, mediator_codes, member_pairs, people, _team_dates(ex, teams))
    for rec in cases:
        plan_case(run, ex, plan, rec, ctx)

    # Training events and attendance
    events = dedupe(run, TAP_HUAN, recs[TAP_HUAN.name], TAP_HUAN.column("code"))
    event_codes = run.codes[TAP_HUAN.name] | set(ex.events)
    for rec in events:
        settle(counts[TAP_HUAN.name], plan.events_new, plan.events_upd, ex.events.get(code_key(rec.code)),
                {"code": rec.code, **rec.fields}, rec.fields)  # fmt: skip
    seen: dict[tuple[str, str], int] = {}
    for rec in recs[DIEM_DANH.name]:
        ekey, mkey = code_key(rec.code), code_key(rec.refs["mediator"])
        ok = True
        if ekey not in event_codes:
            unknown_code(run, DIEM_DANH, rec.row, DIEM_DANH.column("event"), rec.code, TAP_HUAN)
            ok = False
        if mkey not in mediator_codes:
            unknown_code(
                run, DIEM_DANH, rec.row, DIEM_DANH.column("mediator"), rec.refs["mediator"], HOA_GIAI_VIEN
            )
            ok = False
        if (ekey, mkey) in seen:
            run.problem(DIEM_DANH, rec.row, DIEM_DANH.column("mediator"),
                        _("This attendance already appears in row {row}.").format(row=seen[(ekey, mkey)]),
                        _("Delete one of the two rows."))  # fmt: skip
            ok = False
        seen[(ekey, mkey)] = rec.row
        if not ok:
            continue
        counts_dd = counts[DIEM_DANH.name]
        present_flag = rec.fields["present"]
        if ekey in ex.events and mkey in ex.mediators:
            old = ex.attendance.get((ex.events[ekey][0], ex.mediators[mkey][0]))
            if old is not None:
                if old[1] == present_flag:
                    counts_dd.unchanged += 1
                else:
                    counts_dd.updated += 1
                    plan.attendance_upd.append({"id": old[0], "present": present_flag})
                continue
        counts_dd.added += 1
        plan.attendance_new.append({"_event": ekey, "_mediator": mkey, "present": present_flag})
    return plan


def _team_dates(ex: Existing, teams: list[Rec]) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    """(founding decision, dissolution) of each team after the import, for "the team is active" (rule 3.8)."""
    dates = {k: (f.get("decision_date"), f.get("dissolved_on")) for k, (_i, f) in ex.teams.items()}
    for rec in teams:
        old = dates.get(code_key(rec.code), (None, None))
        dates[code_key(rec.code)] = (
            rec.fields.get("decision_date", old[0]),
            rec.fields.get("dissolved_on", old[1]),
        )
    return dates


def settle(
    counts: SheetCounts, new_list: list[dict[str, Any]], upd_list: list[dict[str, Any]],
    existing: tuple[int, dict[str, Any]] | None, insert_row: dict[str, Any], fields: dict[str, Any],
) -> None:  # fmt: skip
    if existing is None:
        counts.added += 1
        new_list.append(insert_row)
        return
    changed = changed_fields(fields, existing[1])
    if changed:
        counts.updated += 1
        upd_list.append({"id": existing[0], **changed})
    else:
        counts.unchanged += 1


def plan_mediators(
    run: ImportRun,
    ex: Existing,
    plan: Plan,
    rows_by_code: dict[str, list[Rec]],
    person_of: dict[str, dict[str, Any]],
) -> None:
    sheet = HOA_GIAI_VIEN
    counts = run.report.counts[sheet.name]
    for key, rows in rows_by_code.items():
        person = dict(person_of[key])
        existing = ex.mediators.get(key)
        person_changed = False
        if existing is None:
            plan.mediators_new.append({"code": rows[0].code, **person})
        else:
            old = existing[1]
            # A year alone keeps a full date of birth of the same year.
            old_born = old.get("birth_date")
            if "birth_year" in person and person.get("birth_date") is None and old_born is not None \
                    and old_born.year == person["birth_year"]:  # fmt: skip
                person.pop("birth_date")
            changed = changed_fields(person, old)
            if changed:
                person_changed = True
                plan.mediators_upd.append({"id": existing[0], **changed})
        old_memberships = list(ex.memberships.get(existing[0], [])) if existing else []
        matched: set[int] = set()
        seen_periods: list[tuple[str, dt.date, dt.date | None, int]] = []
        for i, rec in enumerate(rows):
            status = (
                "added" if existing is None else ("updated" if person_changed and i == 0 else "unchanged")
            )
            ms = rec.refs["membership"]
            team = rec.refs["team"]
            if ms is not None and team:
                tkey = code_key(team)
                for other_team, start, end, row in seen_periods:
                    if other_team == tkey and start == ms["start_date"]:
                        run.problem(sheet, rec.row, sheet.column("team"),
                                    _("This membership already appears in row {row}.").format(row=row),
                                    _("Delete one of the two rows."))  # fmt: skip
                    elif other_team == tkey and rules.periods_overlap(
                        start, end, ms["start_date"], ms.get("end_date")
                    ):
                        run.problem(sheet, rec.row, sheet.column("recognition_date"),
                                    _("This membership overlaps the one in row {row} of the same team.").format(row=row),
                                    _("Check the dates of recognition and leaving."), WARNING)  # fmt: skip
                seen_periods.append((tkey, ms["start_date"], ms.get("end_date"), rec.row))
                fields = dict(ms)
                team_id = ex.teams[tkey][0] if tkey in ex.teams else None
                hit = _match_membership(old_memberships, matched, team_id, fields, rec.refs["start_given"])
                if hit is None:
                    row_new = {
                        "role": Role.HOA_GIAI_VIEN,
                        "recognition_date": None,
                        **fields,
                        "_mediator": key,
                        "_team": tkey,
                    }
                    plan.memberships_new.append(row_new)
                    status = "added"
                else:
                    matched.add(hit["id"])
                    if not rec.refs["start_given"] and "recognition_date" in fields:
                        fields.pop("start_date")  # keep a start date typed in the app
                    if rec.refs["start_value"] is None and hit["recognition_date"] is None \
                            and fields.get("recognition_date") == hit["start_date"]:  # fmt: skip
                        fields.pop(
                            "recognition_date"
                        )  # "Ngày công nhận" stood in for an unknown recognition date
                    changed = changed_fields(fields, hit)
                    if changed:
                        plan.memberships_upd.append({"id": hit["id"], **changed})
                        if status != "added":
                            status = "updated"
            setattr(counts, status, getattr(counts, status) + 1)


def _match_membership(
    olds: list[dict[str, Any]],
    matched: set[int],
    team_id: int | None,
    fields: dict[str, Any],
    start_given: bool,
) -> dict[str, Any] | None:
    if team_id is None:
        return None
    candidates = [o for o in olds if o["team_id"] == team_id and o["id"] not in matched]
    start = fields["start_date"]
    for o in candidates:
        if o["start_date"] == start or (
            not start_given and (o["recognition_date"] or o["start_date"]) == start
        ):
            return o
    for o in candidates:
        if rules.periods_overlap(o["start_date"], o["end_date"], start, fields.get("end_date")):
            return o
    return None
