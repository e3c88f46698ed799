"""The case form and the case list driven like an officer would: keys, Ctrl+S, Esc; figures checked with the
indicators of ``hoagiai stats``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QTableWidget, QTableWidgetItem, QWidget
from sqlalchemy import func, select

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import CaseEndReason, CaseState, Category, FollowUpStatus, Result, Role, Sex
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.i18n import _, ngettext
from hoagiai_desktop.services import cases, common, registry
from hoagiai_desktop.ui import appearance
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.pages import case_form
from hoagiai_desktop.ui.pages.case_form import (
    COURT,
    FOLLOW_UP,
    INTAKE,
    MEDIATORS,
    OUTCOME,
    SESSIONS,
    CaseForm,
)
from hoagiai_desktop.ui.pages.cases_page import CasesPage
from hoagiai_desktop.ui.widgets.forms import set_combo_value
from hoagiai_desktop.ui.worker import DbWorker

TODAY = dt.date(2026, 6, 30)
PERIOD = parse_period("2026-01-01:2026-06-30")


@dataclass
class Commune:
    db: Any
    team_id: int
    an: int  # Nguyễn Văn An, 1970, leader
    binh: int  # Trần Thị Bình, 1980
    cuong: int  # Lê Văn Cường, 1975


def add_member(db: Any, team_id: int, name: str, sex: Sex, year: int, role: Role = Role.HOA_GIAI_VIEN) -> int:
    md = registry.create_mediator(db, registry.MediatorInput(full_name=name, sex=sex, birth_year=year)).value
    registry.recognise(
        db,
        registry.RecognitionInput(
            mediator_id=md.id, team_id=team_id, start_date=dt.date(2024, 1, 1), role=role
        ),
    )
    return int(md.id)


@pytest.fixture
def commune(db: Any, monkeypatch: pytest.MonkeyPatch) -> Commune:
    monkeypatch.setattr(common, "today", lambda: TODAY)
    village = registry.create_village(db, registry.VillageInput(name="Thôn Đông")).value
    team = registry.create_team(
        db,
        registry.TeamInput(
            name="Tổ hòa giải thôn Đông", village_id=village.id, decision_date=dt.date(2020, 1, 1)
        ),
    ).value
    an = add_member(db, team.id, "Nguyễn Văn An", Sex.NAM, 1970, Role.TO_TRUONG)
    binh = add_member(db, team.id, "Trần Thị Bình", Sex.NU, 1980)
    cuong = add_member(db, team.id, "Lê Văn Cường", Sex.NAM, 1975)
    return Commune(db, team.id, an, binh, cuong)


@pytest.fixture(autouse=True)
def _never_block_on_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing test must not hang on a modal box at teardown."""
    monkeypatch.setattr(case_form, "ask_unsaved", lambda _parent: "discard")


@pytest.fixture
def ctx(db: Any, qapp: QApplication) -> Iterator[UiContext]:
    worker = DbWorker(db)
    context = UiContext(db, worker, appearance.open_settings())
    errors: list[BaseException] = []
    worker.default_error_handler = errors.append
    context.errors = errors  # type: ignore[attr-defined]
    yield context
    worker.wait_idle()
    worker.stop()
    assert not errors, errors


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def figures(db: Any) -> dict[str, float]:
    with db.reading() as s:
        return dict(indicators.compute(s, PERIOD))


def type_text(widget: QWidget, text: str) -> None:
    """Type like a keyboard (non-ASCII included: key events carrying the text)."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def ctrl_s(qtbot: Any, form: CaseForm) -> None:
    qtbot.keyClick(form.tabs.currentWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def open_form(qtbot: Any, ctx: UiContext, case_id: int | None) -> CaseForm:
    form = CaseForm(ctx, case_id)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitExposed(form)
    ctx.worker.wait_idle()
    return form


def audit_count(db: Any) -> int:
    with db.reading() as s:
        return int(
            s.scalar(select(func.count()).select_from(m.AuditEntry).where(m.AuditEntry.entity != "audit"))
            or 0
        )


def test_case_from_intake_to_success_with_follow_up_moves_the_statistics(
    qtbot: Any, ctx: UiContext, commune: Commune
) -> None:
    db = commune.db
    before = figures(db)
    audits = audit_count(db)
    form = open_form(qtbot, ctx, None)
    assert form.tabs.currentIndex() == INTAKE
    assert not form.tabs.isTabEnabled(MEDIATORS)

    # intake, typed from paper: Enter moves from the date to the next field
    team = form.intake.form.widget("team_id")
    assert isinstance(team, QComboBox)
    set_combo_value(team, commune.team_id)
    received = form.intake.form.widget("received_on")
    received.clear()  # type: ignore[attr-defined]
    received.setFocus()
    qtbot.keyClicks(received, "02/06/2026")
    qtbot.keyClick(received, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is form.intake.form.widget("basis")
    set_combo_value(form.intake.form.widget("category"), Category.DAN_SU)  # type: ignore[arg-type]
    type_text(form.intake.form.widget("summary"), "Tranh chấp lối đi chung giữa hai hộ")
    row0, row1 = form.intake.parties.rows[0]["widgets"], form.intake.parties.rows[1]["widgets"]
    type_text(row0["name"], "Phạm Văn Dũng")
    type_text(row0["birth_year"], "1965")
    type_text(row0["address"], "Thôn Đông")
    type_text(row1["name"], "Hoàng Thị Én")
    assert form.is_dirty()
    ctrl_s(qtbot, form)
    ctx.worker.wait_idle()

    assert form.case_id is not None
    assert form.case is not None and form.case.code == "VV-2026-0001"
    assert [p.name for p in form.case.parties] == ["Phạm Văn Dũng", "Hoàng Thị Én"]
    assert form.tabs.currentIndex() == MEDIATORS  # the next step of the Law's path
    after_intake = figures(db)
    assert after_intake["cases.new"] == before["cases.new"] + 1
    assert after_intake["cases.pending"] == before["cases.pending"] + 1
    assert audit_count(db) > audits

    # assignment: Space ticks the mediator under the cursor
    names = [
        cell(form.mediators.member_table, r, 0).text() for r in range(form.mediators.member_table.rowCount())
    ]
    row = next(i for i, n in enumerate(names) if n.startswith("Trần Thị Bình"))
    form.mediators.member_table.setFocus()
    form.mediators.member_table.setCurrentCell(row, 0)
    qtbot.keyClick(form.mediators.member_table, Qt.Key.Key_Space)
    assert cell(form.mediators.member_table, row, 0).checkState() == Qt.CheckState.Checked
    date = form.mediators.form.widget("assigned_on")
    date.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(date, "03/06/2026")
    ctrl_s(qtbot, form)
    ctx.worker.wait_idle()
    assert [a.mediator_id for a in form.case.assignments] == [commune.binh]
    after_assign = figures(db)
    assert after_assign["cases.ongoing"] == before["cases.ongoing"] + 1
    assert after_assign["cases.pending"] == before["cases.pending"]

    # a session 5 days after the assignment: saved, with the 3-day warning shown (not blocking)
    form.tabs.setCurrentIndex(SESSIONS)
    qtbot.keyClicks(form.sessions.form.widget("held_on"), "08/06/2026")
    type_text(form.sessions.form.widget("place"), "Nhà văn hóa thôn Đông")
    ctrl_s(qtbot, form)
    ctx.worker.wait_idle()
    assert len(form.case.sessions) == 1
    late = _("The first session was held {days} days after the assignment; the law asks for 3 days at most.")
    assert late.format(days=5) in form.strip.text()
    assert form.sessions.table.rowCount() == 1

    # outcome: thành without the agreement is refused, with the sentence shown and nothing saved
    form.tabs.setCurrentIndex(OUTCOME)
    set_combo_value(form.outcome.form.widget("result"), Result.THANH)  # type: ignore[arg-type]
    qtbot.keyClicks(form.outcome.form.widget("ended_on"), "10/06/2026")
    ctrl_s(qtbot, form)
    ctx.worker.wait_idle()
    needs = _("A successful mediation needs the text of the agreement.")
    assert form.strip.text() == needs
    assert form.outcome.form.error_text("agreement") == needs
    assert figures(db)["cases.successful"] == before["cases.successful"]
    type_text(form.outcome.form.widget("agreement"), "Hai hộ thống nhất mở lối đi rộng 1,5 m")
    ctrl_s(qtbot, form)
    ctx.worker.wait_idle()
    assert form.case.result == Result.THANH
    done = figures(db)
    assert done["cases.successful"] == before["cases.successful"] + 1
    assert done["cases.ongoing"] == before["cases.ongoing"]
    assert done["cases.handled"] == before["cases.handled"] + 1
    assert indicators.invariant_holds(done)

    # follow-up of the implementation (Điều 26) and the 6-month court deadline
    assert form.tabs.isTabEnabled(FOLLOW_UP) and form.tabs.isTabEnabled(COURT)
    form.tabs.setCurrentIndex(FOLLOW_UP)
    qtbot.keyClicks(form.follow_up.form.widget("on"), "20/06/2026")
    set_combo_value(form.follow_up.form.widget("status"), FollowUpStatus.XONG)  # type: ignore[arg-type]
    ctrl_s(qtbot, form)
    ctx.worker.wait_idle()
    assert [(f.on, f.status) for f in form.case.follow_ups] == [(dt.date(2026, 6, 20), FollowUpStatus.XONG)]
    assert "10/12/2026" in form.court.deadline.text()
    assert "163" in form.court.deadline.text()  # days from 30/06 to 10/12/2026
    with db.reading() as s:
        stored = s.execute(select(m.Case).where(m.Case.id == form.case_id)).scalar_one()
        assert (stored.result, stored.ended_on) == (Result.THANH, dt.date(2026, 6, 10))
        assert s.scalar(select(func.count()).select_from(m.FollowUp)) == 1
        kinds = set(
            s.execute(select(m.AuditEntry.entity).where(m.AuditEntry.entity_code == "VV-2026-0001")).scalars()
        )
    assert {"case_file", "party", "assignment", "mediation_session", "follow_up"} <= kinds
    form.tabs.setCurrentIndex(COURT)
    qtbot.keyClicks(form.court.form.widget("court_filed_on"), "25/06/2026")
    type_text(form.court.form.widget("court_name"), "Tòa án nhân dân khu vực 1")
    ctrl_s(qtbot, form)
    ctx.worker.wait_idle()
    assert (form.case.court_filed_on, form.case.court_name) == (
        dt.date(2026, 6, 25),
        "Tòa án nhân dân khu vực 1",
    )
    assert not form.is_dirty()


def _case_with_party_an(db: Any, commune: Commune) -> int:
    out = cases.create_case(
        db,
        cases.CaseInput(
            team_id=commune.team_id,
            received_on=dt.date(2026, 6, 1),
            category=Category.MAU_THUAN,
            summary="Mâu thuẫn về tiếng ồn",
            parties=[cases.PartyInput("Nguyễn Văn An", birth_year=1970), cases.PartyInput("Lý Thị Hoa")],
        ),
    )
    return int(out.value.id)


def test_a_party_cannot_be_assigned_and_the_block_is_one_sentence(
    qtbot: Any, ctx: UiContext, commune: Commune
) -> None:
    db = commune.db
    case_id = _case_with_party_an(db, commune)
    form = open_form(qtbot, ctx, case_id)
    form.tabs.setCurrentIndex(MEDIATORS)
    rows = {
        cell(form.mediators.member_table, r, 0).data(Qt.ItemDataRole.UserRole): r
        for r in range(form.mediators.member_table.rowCount())
    }
    assert set(rows) == {commune.an, commune.binh, commune.cuong}
    cell(form.mediators.member_table, rows[commune.an], 0).setCheckState(Qt.CheckState.Checked)
    cell(form.mediators.member_table, rows[commune.cuong], 0).setCheckState(Qt.CheckState.Checked)
    audits = audit_count(db)
    ctrl_s(qtbot, form)
    ctx.worker.wait_idle()

    sentence = _(
        "{name} is a party to this case and cannot mediate it unless a recusal override is recorded."
    ).format(name="Nguyễn Văn An")
    assert form.strip.text() == sentence
    assert form.mediators.form.error_text("mediators") == sentence
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(m.Assignment)) == 0  # not even Lê Văn Cường
    assert audit_count(db) == audits
    assert form.is_dirty()  # what was ticked stays for the officer to correct

    # with the recusal override and its reason, the assignment goes through (a warning remains)
    cell(form.mediators.member_table, rows[commune.an], 1).setCheckState(Qt.CheckState.Checked)
    cell(form.mediators.member_table, rows[commune.an], 2).setText("Các bên đồng ý bằng văn bản")
    ctrl_s(qtbot, form)
    ctx.worker.wait_idle()
    assert form.case is not None
    assert sorted(a.mediator_id for a in form.case.assignments) == sorted([commune.an, commune.cuong])
    same = _("{name} has the same name as a party to this case; check that they are not the same person.")
    assert same.format(name="Nguyễn Văn An") in form.strip.text()
    with db.reading() as s:
        notes = s.execute(
            select(m.Assignment.recusal_note).where(m.Assignment.recusal_override.is_(True))
        ).all()
    assert notes == [("Các bên đồng ý bằng văn bản",)]


def test_unsuccessful_outcome_records_each_side_and_the_referral(
    qtbot: Any, ctx: UiContext, commune: Commune
) -> None:
    db = commune.db
    case_id = _case_with_party_an(db, commune)
    cases.assign_mediators(db, case_id, [commune.binh], dt.date(2026, 6, 2))
    form = open_form(qtbot, ctx, case_id)
    form.tabs.setCurrentIndex(OUTCOME)
    set_combo_value(form.outcome.form.widget("result"), Result.KHONG_THANH)  # type: ignore[arg-type]
    assert not form.outcome.form.widget("agreement").isVisibleTo(form)
    assert form.outcome.form.widget("referral").isVisibleTo(form)
    assert form.outcome.positions_box.isVisibleTo(form) and len(form.outcome.position_edits) == 2
    qtbot.keyClicks(form.outcome.form.widget("ended_on"), "12/06/2026")
    set_combo_value(form.outcome.form.widget("end_reason"), CaseEndReason.KHONG_THANH)  # type: ignore[arg-type]
    first, second = form.outcome.position_edits.values()
    type_text(first, "Yêu cầu bên kia giảm tiếng ồn sau 22 giờ")
    type_text(second, "Không đồng ý")
    before = figures(db)
    ctrl_s(qtbot, form)
    ctx.worker.wait_idle()
    # saved with the warning that the referral is missing (not blocking)
    referral = _("Record where the parties were guided after the unsuccessful mediation.")
    assert referral in form.strip.text()
    assert form.case is not None and form.case.result == Result.KHONG_THANH
    assert [p.position for p in form.case.parties] == [
        "Yêu cầu bên kia giảm tiếng ồn sau 22 giờ",
        "Không đồng ý",
    ]
    assert figures(db)["cases.unsuccessful"] == before["cases.unsuccessful"] + 1
    assert not form.tabs.isTabEnabled(FOLLOW_UP) and not form.tabs.isTabEnabled(COURT)
    type_text(form.outcome.form.widget("referral"), "Hướng dẫn các bên đến Tòa án nhân dân khu vực")
    ctrl_s(qtbot, form)
    ctx.worker.wait_idle()
    assert form.case.referral == "Hướng dẫn các bên đến Tòa án nhân dân khu vực"
    assert referral not in form.strip.text()


def test_esc_asks_before_dropping_edits_and_out_of_scope_shows_guidance(
    qtbot: Any, ctx: UiContext, commune: Commune, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = open_form(qtbot, ctx, None)
    assert not form.intake.form.widget("guidance").isVisibleTo(form)
    set_combo_value(form.intake.form.widget("category"), Category.NGOAI_PHAM_VI)  # type: ignore[arg-type]
    assert form.intake.form.widget("guidance").isVisibleTo(form)
    assert form.intake.scope_note.isVisibleTo(form)
    type_text(form.intake.form.widget("summary"), "Đề nghị ly hôn")
    answers = iter(["cancel", "discard"])
    asked: list[str] = []

    def fake_ask(_parent: Any) -> str:
        asked.append("x")
        return next(answers)

    monkeypatch.setattr(case_form, "ask_unsaved", fake_ask)
    qtbot.keyClick(form.tabs.currentWidget(), Qt.Key.Key_Escape)
    assert form.isVisible() and len(asked) == 1
    qtbot.keyClick(form.tabs.currentWidget(), Qt.Key.Key_Escape)
    assert not form.isVisible() and len(asked) == 2
    with commune.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(m.Case)) == 0


def test_input_errors_are_shown_under_fields_and_nothing_is_sent(
    qtbot: Any, ctx: UiContext, commune: Commune
) -> None:
    form = open_form(qtbot, ctx, None)
    form.intake.form.widget("received_on").setText("31/02/2026")  # type: ignore[attr-defined]
    ctrl_s(qtbot, form)
    assert ctx.worker.is_idle()
    assert form.intake.form.error_text("received_on") == _(
        "Type the date as day/month/year, for example 05/03/2026."
    )
    assert form.intake.form.error_text("summary") == _("This field is required.")
    assert form.case_id is None


def _seed_cases(db: Any, commune: Commune) -> list[int]:
    ids = []
    for day, name, category, summary in (
        (2, "Phạm Văn Dũng", Category.DAN_SU, "Tranh chấp ranh giới đất"),
        (5, "Đỗ Thị Hạnh", Category.HON_NHAN_GIA_DINH, "Mâu thuẫn vợ chồng"),
        (9, "Vũ Văn Lâm", Category.NGOAI_PHAM_VI, "Đề nghị ly hôn"),
    ):
        out = cases.create_case(
            db,
            cases.CaseInput(
                team_id=commune.team_id,
                received_on=dt.date(2026, 5, day),
                category=category,
                summary=summary,
                guidance="Tòa án nhân dân khu vực" if category == Category.NGOAI_PHAM_VI else None,
                parties=[cases.PartyInput(name)],
            ),
        )
        ids.append(int(out.value.id))
    cases.assign_mediators(db, ids[0], [commune.binh], dt.date(2026, 5, 3))
    return ids


def wait_list(qtbot: Any, ctx: UiContext, page: CasesPage) -> list[int]:
    with qtbot.waitSignal(page.ids_loaded, timeout=5000):
        pass
    ctx.worker.wait_idle()
    return page.model.ids()


def test_case_list_filters_and_searches_without_accents(qtbot: Any, ctx: UiContext, commune: Commune) -> None:
    ids = _seed_cases(commune.db, commune)
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    ctx.worker.wait_idle()
    assert page.model.ids() == [ids[2], ids[1], ids[0]]  # newest received first
    assert page.count.text() == ngettext("{n} case", "{n} cases", 3).format(n=3)

    page.search.setText("dung")  # Phạm Văn Dũng, typed without accents
    page.search.flush()
    ctx.worker.wait_idle()
    assert page.model.ids() == [ids[0]]
    page.search.setText("")
    page.search.flush()
    ctx.worker.wait_idle()

    page.filters.set_value("state", "dang")
    ctx.worker.wait_idle()
    assert page.model.ids() == [ids[0]]
    page.filters.set_value("state", "chua")
    ctx.worker.wait_idle()
    assert page.model.ids() == [ids[1]]  # the out-of-scope case has no state
    page.filters.set_value("state", None)
    page.filters.set_value("category", "ngoai_pham_vi")
    ctx.worker.wait_idle()
    assert page.model.ids() == [ids[2]]
    page.filters.set_value("category", None)
    page.filters.set_value("attention", True)
    ctx.worker.wait_idle()
    # Đỗ Thị Hạnh: no mediator 56 days after receipt; Phạm Văn Dũng: no session 58 days after the assignment
    assert page.model.ids() == [ids[1], ids[0]]
    page.filters.set_value("attention", None)
    page.filters.set_value("period", "2025")
    ctx.worker.wait_idle()
    assert page.model.ids() == []
    page.filters.set_value("period", None)
    ctx.worker.wait_idle()

    # rows arrive in blocks from the worker; the cells show them
    page.model.data(page.model.index(0, 0))
    ctx.worker.wait_idle()
    QApplication.processEvents()
    ctx.worker.wait_idle()
    assert page.model.data(page.model.index(2, 0)) == "VV-2026-0001"
    assert page.model.data(page.model.index(2, 4)) == CaseState.DANG.label()
    assert page.model.data(page.model.index(0, 4)) == _("Out of scope")

    # header click sorts in the database
    page.model.sort(0, Qt.SortOrder.AscendingOrder)
    ctx.worker.wait_idle()
    assert page.model.ids() == ids


def test_case_table_model_passes_qtmodeltester(
    qtbot: Any, qtmodeltester: Any, ctx: UiContext, commune: Commune
) -> None:
    _seed_cases(commune.db, commune)
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    ctx.worker.wait_idle()
    qtmodeltester.check(page.model, force_py=True)
    ctx.worker.wait_idle()
    QApplication.processEvents()
    qtmodeltester.check(page.model, force_py=True)


def test_open_record_opens_the_form(qtbot: Any, ctx: UiContext, commune: Commune) -> None:
    _seed_cases(commune.db, commune)
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    page.open_record("VV-2026-0002")
    ctx.worker.wait_idle()
    assert len(page.forms) == 1
    form = page.forms[0]
    assert form.case is not None and form.case.code == "VV-2026-0002"
    assert "VV-2026-0002" in form.heading.text()
    form.reject()
    QApplication.processEvents()


def test_delete_asks_first_and_removes_the_case_in_one_transaction(
    qtbot: Any, ctx: UiContext, commune: Commune, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = commune.db
    case_id = _case_with_party_an(db, commune)
    form = open_form(qtbot, ctx, case_id)
    answers = iter([False, True])
    monkeypatch.setattr(case_form, "confirm_delete", lambda _parent, _code: next(answers))
    form.intake.delete_button.click()
    ctx.worker.wait_idle()
    with db.reading() as s:
        assert s.get(m.Case, case_id) is not None  # the officer said no
    deleted: list[int] = []
    form.deleted.connect(deleted.append)
    form.intake.delete_button.click()
    ctx.worker.wait_idle()
    assert deleted == [case_id] and not form.isVisible()
    with db.reading() as s:
        assert s.get(m.Case, case_id) is None
        assert s.scalar(select(func.count()).select_from(m.Party)) == 0
        actions = s.execute(
            select(m.AuditEntry.action).where(
                m.AuditEntry.entity == "case_file", m.AuditEntry.entity_code == "VV-2026-0001"
            )
        ).scalars()
        assert "delete" in {str(a.value) for a in actions}
