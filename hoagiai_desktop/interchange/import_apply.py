"""Step 4 of the import: the plan written all or nothing, in ONE transaction with bulk statements.

Inserted rows get their ids from the database between the tables (codes stand in for them in the plan); the
search index is rebuilt and one summary audit entry added in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import AuditAction
from hoagiai_desktop.interchange import unit_sheet
from hoagiai_desktop.interchange.import_existing import Plan
from hoagiai_desktop.interchange.import_run import ImportReport, ImportRun
from hoagiai_desktop.interchange.reading import code_key
from hoagiai_desktop.services.common import writing
from hoagiai_desktop.storage import derived
from hoagiai_desktop.storage.database import Database


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _ids(session: Session, model: Any) -> dict[str, int]:
    return {code_key(code): i for i, code in session.execute(select(model.id, model.code))}


def write_plan(run: ImportRun, session: Session, plan: Plan) -> None:
    def ins(model: Any, rows: list[dict[str, Any]]) -> None:
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            groups[tuple(sorted(row))].append(row)
        for group in groups.values():
            for chunk in _chunks(group, 2000):
                session.execute(insert(model), chunk)
                run.tick(len(chunk))

    def upd(model: Any, rows: list[dict[str, Any]]) -> None:
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            groups[tuple(sorted(row))].append(row)
        for group in groups.values():
            for chunk in _chunks(group, 2000):
                session.execute(update(model), chunk)
                run.tick(len(chunk))

    def dele(model: Any, ids: list[int]) -> None:
        for chunk in _chunks(ids):
            session.execute(delete(model).where(model.id.in_(chunk)))
            run.tick(len(chunk))

    def strip(rows: list[dict[str, Any]], **refs: dict[str, int]) -> list[dict[str, Any]]:
        out = []
        for row in rows:
            clean = {k: v for k, v in row.items() if not k.startswith("_")}
            for ref, table in refs.items():
                if f"_{ref}" in row:
                    clean[f"{ref}_id"] = table[row[f"_{ref}"]]
            out.append(clean)
        return out

    ins(m.Village, plan.villages_new)
    upd(m.Village, plan.villages_upd)
    village_ids = _ids(session, m.Village)
    ins(m.Team, strip(plan.teams_new, village=village_ids))
    upd(m.Team, strip(plan.teams_upd, village=village_ids))
    team_ids = _ids(session, m.Team)
    ins(m.Mediator, plan.mediators_new)
    upd(m.Mediator, plan.mediators_upd)
    mediator_ids = _ids(session, m.Mediator)
    ins(m.Membership, strip(plan.memberships_new, mediator=mediator_ids, team=team_ids))
    upd(m.Membership, plan.memberships_upd)
    run.check_cancel()
    ins(m.Case, strip(plan.cases_new, team=team_ids))
    upd(m.Case, strip(plan.cases_upd, team=team_ids))
    case_ids = _ids(session, m.Case)
    dele(m.Party, plan.parties_del)
    dele(m.Assignment, plan.assignments_del)
    ins(m.Party, strip(plan.parties_new, case=case_ids))
    upd(m.Party, plan.parties_upd)
    ins(m.Assignment, strip(plan.assignments_new, case=case_ids, mediator=mediator_ids))
    upd(m.Assignment, plan.assignments_upd)
    ins(m.MediationSession, strip(plan.sessions_new, case=case_ids))
    upd(m.MediationSession, plan.sessions_upd)
    run.check_cancel()
    ins(m.TrainingEvent, plan.events_new)
    upd(m.TrainingEvent, plan.events_upd)
    event_ids = _ids(session, m.TrainingEvent)
    ins(m.Attendance, strip(plan.attendance_new, event=event_ids, mediator=mediator_ids))
    upd(m.Attendance, plan.attendance_upd)
    run.check_cancel()


def apply_plan(
    db: Database,
    run: ImportRun,
    plan: Plan,
    report: ImportReport,
    path: Path,
    unit: unit_sheet.UnitRow | None,
) -> None:
    with writing(db, audit=False) as session:  # the role check of every write (services.common)
        write_plan(run, session, plan)
        unit_sheet.write_unit(session, unit)
        derived.rebuild_search(session)
        summary = {name: vars(c) for name, c in report.counts.items()}
        summary["legacy_cells"] = {"converted": report.converted_cells}
        session.add(
            m.AuditEntry(
                at=dt.datetime.now().replace(microsecond=0), who=str(session.info.get("actor") or "?"),
                entity="workbook", entity_code=path.name[:64], action=AuditAction.IMPORT,
                fields=json.dumps(summary, ensure_ascii=False, separators=(",", ":")),
            )
        )  # fmt: skip
