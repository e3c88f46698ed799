"""The training page: events, attendance ticked with the keyboard, guests, and the coverage panel moving with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import OrganiserLevel, Role, Sex, TrainingKind
from hoagiai_desktop.i18n import _, format_percent
from hoagiai_desktop.services import common, registry, training, training_read
from hoagiai_desktop.ui import appearance
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.pages import training_page
from hoagiai_desktop.ui.pages.attendance import IS_GROUP_ROLE, MEDIATOR_ID_ROLE, RosterModel
from hoagiai_desktop.ui.pages.training_page import ATTENDANCE, TrainingPage
from hoagiai_desktop.ui.worker import DbWorker

TODAY = dt.date(2026, 6, 30)


@dataclass
class Setup:
    db: Any
    event_id: int
    people: dict[str, int]


def member(
    db: Any, team_id: int, name: str, sex: Sex, start: dt.date, role: Role = Role.HOA_GIAI_VIEN
) -> int:
    md = registry.create_mediator(db, registry.MediatorInput(full_name=name, sex=sex, birth_year=1970)).value
    registry.recognise(
        db, registry.RecognitionInput(mediator_id=md.id, team_id=team_id, start_date=start, role=role)
    )
    return int(md.id)


@pytest.fixture
def setup(db: Any, monkeypatch: pytest.MonkeyPatch) -> Setup:
    monkeypatch.setattr(common, "today", lambda: TODAY)
    monkeypatch.setattr(training_page, "ask_unsaved", lambda _parent: "discard")
    village = registry.create_village(db, registry.VillageInput(name="Thôn Đông")).value
    dong = registry.create_team(
        db,
        registry.TeamInput(
            name="Tổ hòa giải thôn Đông", village_id=village.id, decision_date=dt.date(2020, 1, 1)
        ),
    ).value
    tay = registry.create_team(
        db,
        registry.TeamInput(
            name="Tổ hòa giải thôn Tây", village_id=village.id, decision_date=dt.date(2020, 1, 1)
        ),
    ).value
    early = dt.date(2024, 1, 1)
    people = {
        "an": member(db, dong.id, "Nguyễn Văn An", Sex.NAM, early, Role.TO_TRUONG),
        "binh": member(db, dong.id, "Trần Thị Bình", Sex.NU, early),
        "cuong": member(db, dong.id, "Lê Văn Cường", Sex.NAM, early),
        "dung": member(db, tay.id, "Phạm Văn Dũng", Sex.NAM, early, Role.TO_TRUONG),
        "en": member(db, tay.id, "Hoàng Thị Én", Sex.NU, dt.date(2026, 3, 1)),  # newly recognised
    }
    event = training.create_event(
        db,
        training.EventInput(
            title="Bồi dưỡng chuyên sâu kỹ năng hòa giải",
            kind=TrainingKind.CHUYEN_SAU,
            start_on=dt.date(2026, 6, 10),
            end_on=dt.date(2026, 6, 11),
            organiser_level=OrganiserLevel.TINH,
            hours=12,
        ),
    ).value
    return Setup(db, int(event.id), people)


@pytest.fixture
def ctx(db: Any, qapp: QApplication) -> Iterator[UiContext]:
    worker = DbWorker(db)
    context = UiContext(db, worker, appearance.open_settings())
    errors: list[BaseException] = []
    worker.default_error_handler = errors.append
    yield context
    worker.wait_idle()
    worker.stop()
    assert not errors, errors


def open_page(qtbot: Any, ctx: UiContext, setup: Setup) -> TrainingPage:
    page = TrainingPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.refresh()
    ctx.worker.wait_idle()
    page.select_event(setup.event_id)
    ctx.worker.wait_idle()
    ctx.worker.wait_idle()
    return page


def type_keys(widget: QWidget, text: str) -> None:
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def shown_rows(model: RosterModel) -> list[str]:
    return [str(model.data(model.index(r, 0))) for r in range(model.rowCount())]


def test_attendance_ticked_with_space_moves_the_coverage(qtbot: Any, ctx: UiContext, setup: Setup) -> None:
    page = open_page(qtbot, ctx, setup)
    cov = page.coverage.coverage
    assert cov is not None
    f = cov.figures
    assert (f["mediators.total"], f["training.trained"], f["training.new"], f["training.new_pending"]) == (
        5,
        0,
        1,
        1,
    )
    assert (f["mediators.leaders"], f["training.leaders_in_depth"]) == (2, 0)

    page.tabs.setCurrentIndex(ATTENDANCE)
    roster = page.roster
    leader = "  — " + _("team leader")
    assert shown_rows(roster) == [
        "Tổ hòa giải thôn Đông  (0/3)",
        "Nguyễn Văn An" + leader,  # the leader first, then by given name: Bình before Cường
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Tổ hòa giải thôn Tây  (0/2)",
        "Phạm Văn Dũng" + leader,
        "Hoàng Thị Én",
    ]

    view = page.checklist
    view.setFocus()
    # type to find, without accents: "en" jumps to Hoàng Thị Én; Space ticks her
    type_keys(view, "en")
    assert roster.data(view.currentIndex(), MEDIATOR_ID_ROLE) == setup.people["en"]
    qtbot.keyClick(view, Qt.Key.Key_Space)
    # Space on a team row ticks the whole team
    view.go_to_row(0)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert roster.data(roster.index(0, 0)) == "Tổ hòa giải thôn Đông  (3/3)"
    assert roster.data(roster.index(0, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    # and again on one person unticks just that person
    view.go_to_row(3)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert roster.data(roster.index(0, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.PartiallyChecked
    qtbot.keyClick(view, Qt.Key.Key_Space)
    type_keys(view, "dung")
    assert roster.data(view.currentIndex(), MEDIATOR_ID_ROLE) == setup.people["dung"]
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert set(roster.present_ids()) == set(setup.people.values())
    assert page.is_dirty()

    with qtbot.waitSignal(page.coverage.refreshed, timeout=5000):
        page.save()  # what Ctrl+S does through the window
    ctx.worker.wait_idle()
    assert not page.is_dirty()
    with setup.db.reading() as s:
        present = set(
            s.execute(
                select(m.Attendance.mediator_id).where(
                    m.Attendance.event_id == setup.event_id, m.Attendance.present.is_(True)
                )
            ).scalars()
        )
        expected = indicators.compute(s, training_read.coverage_period("year"))
    assert present == set(setup.people.values())
    cov = page.coverage.coverage
    assert cov is not None
    assert cov.figures == expected
    assert (expected["training.trained"], expected["training.pct_trained"]) == (5, 100.0)
    assert (expected["training.new_trained_6m"], expected["training.new_pending"]) == (1, 0)
    assert expected["training.leaders_in_depth"] == 2
    assert format_percent(100.0) in page.coverage.buttons["trained"].text()

    # each count opens the people behind it
    page.coverage.buttons["leaders_in_depth"].click()
    ctx.worker.wait_idle()
    dialog = page.coverage.dialogs[-1]
    assert [dialog.model.row_object(r).name for r in range(dialog.model.rowCount())] == [
        "Nguyễn Văn An",
        "Phạm Văn Dũng",
    ]
    dialog.reject()


def test_guests_and_a_new_event_through_the_form(qtbot: Any, ctx: UiContext, setup: Setup) -> None:
    page = open_page(qtbot, ctx, setup)
    page.tabs.setCurrentIndex(ATTENDANCE)
    page.guest_name.setText("Lò Văn Pọng")
    page.guest_unit.setText("Ủy ban nhân dân xã")
    page.guest_role.setText("Phó Chủ tịch")
    page.add_guest_button.click()
    ctx.worker.wait_idle()
    assert [g.name for g in page.guest_model.rows()] == ["Lò Văn Pọng"]
    assert page.event_model.rows()[0].guests == 1

    page.new_record()
    title = page.form.widget("title")
    title.setFocus()
    type_keys(title, "Cập nhật Luật Đất đai 2024")
    start = page.form.widget("start_on")
    start.setFocus()
    qtbot.keyClicks(start, "20/05/2026")
    page.form.widget("hours").setText("4,5")  # type: ignore[attr-defined]
    page.save()
    ctx.worker.wait_idle()
    ctx.worker.wait_idle()
    assert page.current_event is not None
    assert (page.current_event.code, page.current_event.hours) == ("TH-2026-02", 4.5)
    assert page.current_event.end_on == dt.date(2026, 5, 20)
    assert [e.title for e in page.event_model.rows()] == [
        "Bồi dưỡng chuyên sâu kỹ năng hòa giải",
        "Cập nhật Luật Đất đai 2024",
    ]
    assert page.tabs.isTabEnabled(ATTENDANCE)


def test_filter_and_the_roster_model_pass_qtmodeltester(
    qtbot: Any, qtmodeltester: Any, ctx: UiContext, setup: Setup
) -> None:
    page = open_page(qtbot, ctx, setup)
    roster = page.roster
    qtmodeltester.check(roster, force_py=True)
    roster.set_filter("tay")  # the team's name, without accents
    assert [roster.data(roster.index(r, 0), IS_GROUP_ROLE) for r in range(roster.rowCount())] == [
        True,
        False,
        False,
    ]
    roster.set_filter("binh")
    assert roster.rowCount() == 2 and roster.data(roster.index(1, 0)) == "Trần Thị Bình"
    roster.set_rows_checked([1], True)
    roster.set_filter("")
    assert roster.present_ids() == [setup.people["binh"]]
    qtmodeltester.check(roster, force_py=True)
    qtmodeltester.check(page.event_model, force_py=True)


def test_in_the_window_space_and_ctrl_s_save_the_attendance(
    qtbot: Any, db: Any, setup: Setup, make_window: Any
) -> None:
    # make_window stops both database threads and deletes the window on the GUI thread afterwards: a reading
    # thread left running here was destroyed by a later test's garbage collection, and Qt aborted the run.
    window = make_window(db, resize=False)
    window.activateWindow()
    qtbot.waitExposed(window)
    page = window.show_page("training")
    assert isinstance(page, TrainingPage)
    worker = window.ctx.worker
    worker.wait_idle()
    page.select_event(setup.event_id)
    worker.wait_idle()
    worker.wait_idle()
    page.tabs.setCurrentIndex(ATTENDANCE)
    view = page.checklist
    view.setFocus()
    type_keys(view, "binh")
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    worker.wait_idle()
    worker.wait_idle()
    with setup.db.reading() as s:
        present = (
            s.execute(
                select(m.Attendance.mediator_id).where(
                    m.Attendance.event_id == setup.event_id, m.Attendance.present.is_(True)
                )
            )
            .scalars()
            .all()
        )
    assert present == [setup.people["binh"]]
    assert not page.is_dirty()
