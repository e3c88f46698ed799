"""Exporting the whole database as the standard workbook (``hoagiai export``).

The workbook is the importer's format, so export → import into an empty database reproduces every figure. Two
optional columns beyond DOMAIN §6 carry what the figures need and the table lacks: ``Ngày giải thể`` (teams) and
``Ngày bắt đầu`` (a membership that started on another day than its recognition; blank when the same).
Rows are read with plain SELECTs and written with a write-only workbook, so a province-size file stays quick.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import CaseState, Result
from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange import safe_cells
from hoagiai_desktop.interchange.importer import format_parties
from hoagiai_desktop.interchange.schema import (
    DIEM_DANH,
    DON_VI,
    HOA_GIAI_VIEN,
    INSTRUCTIONS_SHEET,
    TAP_HUAN,
    THON_TO,
    TO_HOA_GIAI,
    VU_VIEC,
    WORKBOOK_SHEETS,
    Sheet,
)
from hoagiai_desktop.interchange.template import GENERAL_RULES, column_note
from hoagiai_desktop.interchange.unit_sheet import unit_row
from hoagiai_desktop.interchange.xlsx_io import (
    DATE_FORMAT,
    check_workbook_target,
    discard,
    keep_rows_in,
    save_atomically,
)
from hoagiai_desktop.output import target_error
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.private import new_work_dir, remove_tree

YES, NO = "Có", "Không"


@dataclass
class ExportSummary:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)


def _yes_no(flag: bool | None) -> str:
    return YES if flag else NO


def _vi(member: Any) -> str | None:
    return member.vi if member is not None else None


class _Writer:
    def __init__(self, wb: Workbook, sheet: Sheet, work: Path):
        self.ws = wb.create_sheet(sheet.name)
        keep_rows_in(self.ws, work)
        self.sheet = sheet
        for i, col in enumerate(sheet.columns, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = col.width
        self.ws.freeze_panes = "A2"
        header = []
        for col in sheet.columns:
            cell = WriteOnlyCell(self.ws, value=col.header)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            header.append(cell)
        self.ws.append(header)
        self.headers = [col.header for col in sheet.columns]
        self.count = 0

    def row(self, values: Iterable[Any]) -> None:
        """One record; text never becomes a formula and is never cut (``safe_cells``)."""
        values = list(values)

        def record() -> str:
            return _("record {code} of sheet {sheet}").format(code=values[0], sheet=self.sheet.name)

        out: list[Any] = []
        headers = self.headers
        for i, v in enumerate(values):
            if isinstance(v, dt.date):
                cell = WriteOnlyCell(self.ws, value=v)
                cell.number_format = DATE_FORMAT
                out.append(cell)
            else:
                out.append(
                    safe_cells.write_only(
                        self.ws, v, record=record, column=headers[i] if i < len(headers) else ""
                    )
                )
        self.ws.append(out)
        self.count += 1


def _instructions(wb: Workbook, work: Path) -> None:
    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    keep_rows_in(ws, work)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 90
    for line in GENERAL_RULES:
        ws.append([line])
    for sheet in WORKBOOK_SHEETS:
        ws.append([f"Sheet {sheet.name}: {sheet.title}"])
        for col in sheet.columns:
            ws.append([None, col.header, column_note(col)])
        ws.append([])


def _case_state(result: Result | None, started: dt.date | None, today: dt.date) -> str | None:
    if result is Result.THANH:
        return "Thành"
    if result is Result.KHONG_THANH:
        return "Không thành"
    return CaseState.DANG.vi if started is not None and started <= today else CaseState.CHUA.vi


def _write_all(session: Session, wb: Workbook, work: Path, tick: Callable[[], None]) -> dict[str, int]:
    today = dt.date.today()
    village_code = dict(session.execute(select(m.Village.id, m.Village.code)).all())
    team_code = dict(session.execute(select(m.Team.id, m.Team.code)).all())
    mediator_code = dict(session.execute(select(m.Mediator.id, m.Mediator.code)).all())

    w = _Writer(wb, DON_VI, work)  # the commune's details (optional on import; exported when set up)
    unit = unit_row(session)
    if unit is not None:
        w.row(unit)
    counts = {DON_VI.name: w.count}

    w = _Writer(wb, THON_TO, work)
    for v in session.execute(select(m.Village).order_by(m.Village.code)).scalars():
        w.row([v.code, v.name, _vi(v.kind), _yes_no(v.ethnic_area), v.households])
        tick()
    counts[THON_TO.name] = w.count

    w = _Writer(wb, TO_HOA_GIAI, work)
    for t in session.execute(select(m.Team).order_by(m.Team.code)).scalars():
        w.row([t.code, t.name, village_code.get(t.village_id), t.decision_no, t.decision_date,
               _yes_no(t.legal_support), t.legal_support_name, t.notes, t.dissolved_on])  # fmt: skip
        tick()
    counts[TO_HOA_GIAI.name] = w.count

    memberships: dict[int, list[m.Membership]] = defaultdict(list)
    for ms in session.execute(
        select(m.Membership).order_by(m.Membership.start_date, m.Membership.id)
    ).scalars():
        memberships[ms.mediator_id].append(ms)
    w = _Writer(wb, HOA_GIAI_VIEN, work)
    for p in session.execute(select(m.Mediator).order_by(m.Mediator.code)).scalars():
        person = [p.code, p.full_name, p.birth_date or p.birth_year, _vi(p.sex), p.ethnicity, p.address, p.phone,
                  _vi(p.legal_qualification), _vi(p.background)]  # fmt: skip
        rows: list[m.Membership | None] = [*memberships.get(p.id, [])] or [None]
        for one in rows:
            if one is None:
                w.row([*person, None, None, None, None, None, None, None])
                continue
            recognised = one.recognition_date or one.start_date
            w.row([*person, team_code.get(one.team_id), _vi(one.role), one.recognition_no, recognised, one.end_date,
                   _vi(one.end_reason), one.start_date if one.start_date != recognised else None])  # fmt: skip
        tick()
    counts[HOA_GIAI_VIEN.name] = w.count

    parties: dict[int, list[Any]] = defaultdict(list)
    for party in session.execute(select(m.Party).order_by(m.Party.id)).scalars():
        parties[party.case_id].append(party)
    assigned: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    recused: dict[int, list[str]] = defaultdict(list)
    for case_id, mediator_id, on, override in session.execute(
        select(m.Assignment.case_id, m.Assignment.mediator_id, m.Assignment.assigned_on,
               m.Assignment.recusal_override).order_by(m.Assignment.id)
    ):  # fmt: skip
        assigned[case_id].append((mediator_code[mediator_id], on))
        if override:
            recused[case_id].append(mediator_code[mediator_id])
    first_session: dict[int, dt.date] = {}
    for case_id, held_on in session.execute(select(m.MediationSession.case_id, m.MediationSession.held_on)):
        if case_id not in first_session or held_on < first_session[case_id]:
            first_session[case_id] = held_on
    w = _Writer(wb, VU_VIEC, work)
    for c in session.execute(select(m.Case).order_by(m.Case.received_on, m.Case.code)).scalars():
        a = assigned.get(c.id, [])
        assigned_on = min((on for _code, on in a), default=None)
        session_on = first_session.get(c.id)
        started = min((d for d in (assigned_on, session_on) if d is not None), default=None)
        w.row([c.code, team_code.get(c.team_id), c.received_on, _vi(c.basis), _vi(c.category), c.summary or None,
               format_parties(parties.get(c.id, [])) or None, "; ".join(code for code, _on in a) or None,
               assigned_on, session_on, _case_state(c.result, started, today), c.ended_on, c.agreement, c.notes,
               "; ".join(recused.get(c.id, [])) or None])  # fmt: skip
        tick()
    counts[VU_VIEC.name] = w.count

    w = _Writer(wb, TAP_HUAN, work)
    for e in session.execute(
        select(m.TrainingEvent).order_by(m.TrainingEvent.start_on, m.TrainingEvent.code)
    ).scalars():
        w.row([e.code, e.title, _vi(e.kind), _vi(e.organiser_level), e.start_on, e.end_on, e.hours, e.venue])
        tick()
    counts[TAP_HUAN.name] = w.count

    event_code = dict(session.execute(select(m.TrainingEvent.id, m.TrainingEvent.code)).all())
    w = _Writer(wb, DIEM_DANH, work)
    for event_id, mediator_id, present in session.execute(
        select(m.Attendance.event_id, m.Attendance.mediator_id, m.Attendance.present).order_by(
            m.Attendance.id
        )
    ):
        w.row([event_code[event_id], mediator_code[mediator_id], _yes_no(present)])
        tick()
    counts[DIEM_DANH.name] = w.count
    return counts


def export_workbook(
    db: Database, path: str | Path, *, progress: Callable[[int, int], None] | None = None
) -> ExportSummary:
    """Write every village, team, mediator (one row per membership), case, training event and attendance."""
    target = check_workbook_target(path)  # a missing folder is said before the export, not after it
    # Rows wait in a private work folder of the data folder (the target's folder for a server database or a
    # data folder that cannot be written), removed with the folder whatever happens.
    base = db.path.parent if db.path is not None and os.access(db.path.parent, os.W_OK) else target.parent
    try:
        work = new_work_dir(base)
    except OSError as exc:
        raise target_error(exc, target) from exc
    try:
        return _export(db, target, work, progress)
    finally:
        remove_tree(work)


def _export(
    db: Database, target: Path, work: Path, progress: Callable[[int, int], None] | None
) -> ExportSummary:
    wb = Workbook(write_only=True)
    with db.reading() as session:
        total = sum(
            int(session.execute(select(func.count()).select_from(model)).scalar_one())
            for model in (m.Village, m.Team, m.Mediator, m.Case, m.TrainingEvent, m.Attendance)
        )
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            if progress is not None and (done % 1000 == 0 or done == total):
                progress(done, total)

        try:
            counts = _write_all(session, wb, work, tick)
        except BaseException:
            discard(wb)
            raise
    _instructions(wb, work)
    return ExportSummary(save_atomically(wb, target), counts)
