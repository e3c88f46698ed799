"""Step 2 of the import, per entity: the rows of each sheet built into records (``Rec``) of model fields.

Only the columns present in the workbook are filled in, so a column left out leaves the database alone. Checks
that need only one row (a date before another on the same row) are made here; checks across sheets and against
the database are the plan's (``import_plan``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hoagiai_desktop.domain import values
from hoagiai_desktop.domain.enums import (
    CaseBasis,
    LegalQualification,
    OrganiserLevel,
    Role,
    VillageKind,
)
from hoagiai_desktop.domain.ethnic import KINH
from hoagiai_desktop.i18n import _, format_date
from hoagiai_desktop.interchange import reading
from hoagiai_desktop.interchange.import_cells import Cells, parse_parties
from hoagiai_desktop.interchange.import_run import WARNING, ImportRun
from hoagiai_desktop.interchange.import_sheets import ParsedSheet
from hoagiai_desktop.interchange.reading import code_key
from hoagiai_desktop.interchange.schema import (
    DIEM_DANH,
    HOA_GIAI_VIEN,
    TAP_HUAN,
    THON_TO,
    TO_HOA_GIAI,
    VU_VIEC,
)
from hoagiai_desktop.text import fold


@dataclass
class Rec:
    row: int
    code: str
    fields: dict[str, Any]
    refs: dict[str, Any] = field(default_factory=dict)


def read_villages(run: ImportRun, ps: ParsedSheet, epoch: bool) -> list[Rec]:
    recs = []
    for row in ps.rows:
        c = Cells(run, ps.sheet, row, epoch)
        code, name = c.code("code", required=True), c.text("name", required=True)
        f: dict[str, Any] = {"name": name}
        if c.has("kind"):
            f["kind"] = c.enum("kind") or VillageKind.THON
        if c.has("ethnic_area"):
            f["ethnic_area"] = bool(c.yes_no("ethnic_area"))
        if c.has("households"):
            f["households"] = c.integer("households")
        run.tick()
        if c.ok and code:
            recs.append(Rec(row.number, code, f))
    return recs


def read_teams(run: ImportRun, ps: ParsedSheet, epoch: bool) -> list[Rec]:
    recs = []
    for row in ps.rows:
        c = Cells(run, ps.sheet, row, epoch)
        code, name, village = (
            c.code("code", required=True),
            c.text("name", required=True),
            c.code("village", required=True),
        )
        f: dict[str, Any] = {"name": name}
        for key in ("decision_no", "notes", "legal_support_name"):
            if c.has(key):
                f[key] = c.text(key)
        if c.has("decision_date"):
            f["decision_date"] = c.date("decision_date")
        if c.has("dissolved_on"):
            f["dissolved_on"] = c.date("dissolved_on")
        if c.has("legal_support"):
            flag = c.yes_no("legal_support")
            f["legal_support"] = bool(flag) if flag is not None else bool(f.get("legal_support_name"))
        elif f.get("legal_support_name"):
            f["legal_support"] = True
        if f.get("decision_date") and f.get("dissolved_on") and f["dissolved_on"] < f["decision_date"]:
            c.fail(TO_HOA_GIAI.column("dissolved_on"), _("{end} is earlier than {start}.").format(
                end=format_date(f["dissolved_on"]), start=format_date(f["decision_date"])), _("Check both dates."))  # fmt: skip
        run.tick()
        if c.ok and code:
            recs.append(Rec(row.number, code, f, {"village": village}))
    return recs


PERSON_FIELDS = ("full_name", "birth_year", "birth_date", "sex", "ethnicity", "address", "phone",
                  "legal_qualification", "background")  # fmt: skip


def read_mediators(run: ImportRun, ps: ParsedSheet, epoch: bool) -> list[Rec]:
    recs = []
    for row in ps.rows:
        c = Cells(run, ps.sheet, row, epoch)
        code = c.code("code", required=True)
        person: dict[str, Any] = {
            "full_name": c.text("full_name", required=True),
            "sex": c.enum("sex", required=True),
        }
        if c.has("birth"):
            person["birth_year"], person["birth_date"] = c.birth("birth")
        if c.has("ethnicity"):
            person["ethnicity"] = c.ethnicity("ethnicity") or KINH
        for key in ("address", "phone"):
            if c.has(key):
                person[key] = c.text(key)
        if c.has("legal_qualification"):
            person["legal_qualification"] = c.enum("legal_qualification") or LegalQualification.KHONG
        if c.has("background"):
            person["background"] = c.enum("background")
        team = c.code("team") if c.has("team") else None
        if code and team:
            run.pairs.add((code_key(code), code_key(team)))
        membership: dict[str, Any] | None = None
        if team:
            membership = {}
            if c.has("role"):
                membership["role"] = c.enum("role") or Role.HOA_GIAI_VIEN
            if c.has("recognition_no"):
                membership["recognition_no"] = c.text("recognition_no")
            recognised = c.date("recognition_date") if c.has("recognition_date") else None
            start = c.date("start_date") if c.has("start_date") else None
            if c.has("recognition_date"):
                membership["recognition_date"] = recognised
            membership["start_date"] = start or recognised
            if membership["start_date"] is None and c.ok:
                c.fail(
                    HOA_GIAI_VIEN.column("recognition_date"), _("A member of a team needs the date of recognition."),
                    _("Fill in “{column}” (the date of the recognition decision).").format(column="Ngày công nhận"),
                )  # fmt: skip
            end = c.date("end_date") if c.has("end_date") else None
            reason = c.enum("end_reason") if c.has("end_reason") else None
            if c.has("end_date"):
                membership["end_date"] = end
            if c.has("end_reason"):
                membership["end_reason"] = reason
            if reason is not None and end is None and c.ok:
                c.fail(HOA_GIAI_VIEN.column("end_date"), _("A reason for leaving is given but not the date."),
                       _("Fill in “{column}” or clear “{other}”.").format(column="Ngày thôi", other="Lý do thôi"))  # fmt: skip
            if end is not None and membership["start_date"] is not None and end < membership["start_date"]:
                c.fail(HOA_GIAI_VIEN.column("end_date"), _("{end} is earlier than {start}.").format(
                    end=format_date(end), start=format_date(membership["start_date"])), _("Check both dates."))  # fmt: skip
        run.tick()
        if c.ok and code:
            recs.append(Rec(row.number, code, person, {"team": team, "membership": membership,
                                                       "start_given": c.has("start_date"),
                                                       "start_value": start if team else None}))  # fmt: skip
    return recs


def read_cases(run: ImportRun, ps: ParsedSheet, epoch: bool) -> list[Rec]:
    """The VuViec rows. Their dates are read without the cell reader's own "in the future" check: the case
    rules judge them (3.8, in ``import_judge``), with the same sentences as the window."""
    recs = []
    for row in ps.rows:
        c = Cells(run, ps.sheet, row, epoch)
        code, team = c.code("code", required=True), c.code("team", required=True)
        f: dict[str, Any] = {
            "received_on": c.date("received_on", required=True, future_ok=True),
            "category": c.enum("category", required=True),
        }
        if c.has("basis"):
            f["basis"] = c.enum("basis") or CaseBasis.CAC_BEN_YEU_CAU
        if c.has("summary"):
            f["summary"] = c.text("summary") or ""
        for key in ("agreement", "notes"):
            if c.has(key):
                f[key] = c.text(key)
        if c.has("result") or c.has("ended_on"):
            f["result"] = c.result("result")[1] if c.has("result") else None
            f["ended_on"] = c.date("ended_on", future_ok=True) if c.has("ended_on") else None
        refs = _case_refs(c, team)
        _warn_open_without_dates(run, c, f, refs)
        run.tick()
        if c.ok and code:
            recs.append(Rec(row.number, code, f, refs))
    return recs


def _case_refs(c: Cells, team: str | None) -> dict[str, Any]:
    refs: dict[str, Any] = {"team": team}
    if c.has("parties"):
        refs["parties"] = parse_parties(c.text("parties"))
    if c.has("mediators"):
        refs["mediators"] = c.code_list("mediators")
    if c.has("overrides"):
        refs["overrides"] = c.code_list("overrides")
    refs["assigned_on"] = c.date("assigned_on", future_ok=True) if c.has("assigned_on") else None
    refs["first_session"] = c.date("first_session", future_ok=True) if c.has("first_session") else None
    return refs


def _warn_open_without_dates(run: ImportRun, c: Cells, f: dict[str, Any], refs: dict[str, Any]) -> None:
    """ "Đang giải quyết" is not stored: the open state comes from the dates (DOMAIN §2), so say so when none."""
    if not c.has("result") or f.get("result") is not None:
        return
    if not fold(reading.read_text(c.raw("result")) or "").startswith("dang"):
        return
    if refs.get("mediators") or refs["first_session"] is not None or refs["assigned_on"] is not None:
        return
    run.problem(
        VU_VIEC, c.row.number, VU_VIEC.column("result"),
        _("“Đang giải quyết” is worked out from the dates, and this case has no mediator or session yet: "
          "it will show as not started."),
        _("Fill in “{column}” and “{other}”, or the date of the first session.").format(
            column="Mã HGV", other="Ngày phân công"),
        WARNING,
    )  # fmt: skip


def read_events(run: ImportRun, ps: ParsedSheet, epoch: bool) -> list[Rec]:
    recs = []
    for row in ps.rows:
        c = Cells(run, ps.sheet, row, epoch)
        code, title = c.code("code", required=True), c.text("title", required=True)
        start = c.date("start_on", required=True)
        end = c.date("end_on") if c.has("end_on") else None
        f: dict[str, Any] = {
            "title": title,
            "kind": c.enum("kind", required=True),
            "start_on": start,
            "end_on": end or start,
        }
        if c.has("organiser_level"):
            f["organiser_level"] = c.enum("organiser_level") or OrganiserLevel.XA
        if c.has("hours"):
            f["hours"] = c.number("hours")
            days = (
                ((end or start) - start).days + 1 if start is not None and (end or start) >= start else None
            )
            if (problem := values.hours_problem(f["hours"], days)) is not None:
                c.fail(
                    TAP_HUAN.column("hours"), problem, _("Write the hours of the whole event, e.g. 8 or 7,5.")
                )
        if c.has("venue"):
            f["venue"] = c.text("venue")
        if start is not None and end is not None and end < start:
            c.fail(TAP_HUAN.column("end_on"), _("{end} is earlier than {start}.").format(
                end=format_date(end), start=format_date(start)), _("Check both dates."))  # fmt: skip
        run.tick()
        if c.ok and code:
            recs.append(Rec(row.number, code, f))
    return recs


def read_attendance(run: ImportRun, ps: ParsedSheet, epoch: bool) -> list[Rec]:
    recs = []
    for row in ps.rows:
        c = Cells(run, ps.sheet, row, epoch)
        event, mediator = c.code("event", required=True), c.code("mediator", required=True)
        present = c.yes_no("present") if c.has("present") else None
        run.tick()
        if c.ok and event and mediator:
            recs.append(
                Rec(
                    row.number,
                    event,
                    {"present": True if present is None else present},
                    {"mediator": mediator},
                )
            )
    return recs


READERS: dict[str, Callable[[ImportRun, ParsedSheet, bool], list[Rec]]] = {
    THON_TO.name: read_villages,
    TO_HOA_GIAI.name: read_teams,
    HOA_GIAI_VIEN.name: read_mediators,
    VU_VIEC.name: read_cases,
    TAP_HUAN.name: read_events,
    DIEM_DANH.name: read_attendance,
}
