"""The register pages driven through the window: every page opens on sample data, search ignores accents,
a mediator is created, edited, recognised into a team and terminated through the forms, and a team turns
non-compliant (in words) when its only woman leaves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import EndReason, Role, Sex
from hoagiai_desktop.services import registry
from hoagiai_desktop.text import fold
from hoagiai_desktop.ui.navigation import PAGES
from tests.ui.conftest import settle


def with_dialog(window: Any, action: Callable[[], None], drive: Callable[[Any], None]) -> None:
    """Run ``action`` (which opens a modal dialog) and ``drive`` the dialog once it is shown."""
    seen: list[Any] = []

    def poke() -> None:
        dialog: Any = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poke)
            return
        seen.append(dialog)
        window.ctx.worker.wait_idle()  # choices the dialog loads
        QApplication.processEvents()
        try:
            drive(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, poke)
    action()
    assert seen, "no dialog appeared"
    settle(window)


def submit_and_wait(window: Any, dialog: Any) -> None:
    dialog._ok()
    for _ in range(200):
        if not dialog.isVisible():
            return
        QApplication.processEvents()
        window.ctx.worker.wait_idle(100)
    errors = {k: f.error.text() for k, f in dialog.form.fields.items() if f.error.text()}
    dialog.reject()
    raise AssertionError(dialog.error.text() or errors or "dialog stayed open")


def test_every_page_opens_on_sample_data(demo_db: Any, make_window: Any) -> None:
    window = make_window(demo_db)
    keys = window.page_keys()
    for wanted in ("dashboard", "villages", "teams", "mediators", "settings"):
        assert wanted in keys
    assert [k for k in keys if k in {p.key for p in PAGES}] == keys  # registry order
    for key in keys:
        window.show_page(key)
        settle(window)
        assert window.stack.currentWidget() is window.page_area(key)
        if hasattr(window.pages[key], "model"):
            assert window.pages[key].model.rowCount() > 0, key
    assert "HoaGiai" in window.windowTitle()
    assert str(demo_db.path) in window.db_label.text()


def test_search_ignores_accents_and_case(demo_db: Any, make_window: Any) -> None:
    with demo_db.reading() as s:
        names = list(s.execute(select(m.Mediator.full_name)).scalars())
    target = next(n for n in names if fold(n) != n.lower())  # a name with diacritics
    window = make_window(demo_db)
    window.show_page("mediators")
    settle(window)
    page = window.pages["mediators"]
    total = page.model.rowCount()
    page.search.setText(fold(target).upper())
    page.search.flush()
    settle(window)
    expected = {
        n
        for n in names
        if all(
            w in fold(n).split() or any(x.startswith(w) for x in fold(n).split())
            for w in fold(target).split()
        )
    }
    shown = {page.model.row_object(r).full_name for r in range(page.model.rowCount())}
    assert target in shown
    assert shown == expected
    assert page.model.rowCount() < total
    page.search.setText("")
    page.search.flush()
    settle(window)
    assert page.model.rowCount() == total


def test_lists_are_in_vietnamese_order_people_by_given_name(demo_db: Any, make_window: Any) -> None:
    from hoagiai_desktop.text import person_sort_key, sort_key

    window = make_window(demo_db)
    window.show_page("mediators")
    settle(window)
    page = window.pages["mediators"]
    first = [page.model.row_object(r) for r in range(min(page.model.rowCount(), 150))]
    settle(window)
    first = [page.model.row_object(r) for r in range(min(page.model.rowCount(), 150))]
    names = [r.full_name for r in first if r is not None]
    assert len(names) > 50
    assert names == sorted(names, key=person_sort_key)
    window.show_page("villages")
    settle(window)
    vpage = window.pages["villages"]
    settle(window)
    villages = [vpage.model.row_object(r).name for r in range(vpage.model.rowCount())]
    assert villages == sorted(villages, key=sort_key)


def _small_register(db: Any) -> dict[str, Any]:
    village = registry.create_village(db, registry.VillageInput(name="Thôn Đông")).value
    team = registry.create_team(
        db, registry.TeamInput(name="Tổ hòa giải thôn Đông", village_id=village.id)
    ).value
    start = dt.date(2024, 1, 10)
    people = {}
    for name, sex in (("Nguyễn Văn An", Sex.NAM), ("Trần Thị Bình", Sex.NU), ("Lê Văn Cường", Sex.NAM)):
        md = registry.create_mediator(db, registry.MediatorInput(full_name=name, sex=sex)).value
        role = Role.TO_TRUONG if name.endswith("An") else Role.HOA_GIAI_VIEN
        registry.recognise(
            db, registry.RecognitionInput(mediator_id=md.id, team_id=team.id, start_date=start, role=role)
        )
        people[name] = md
    return {"team": team, "people": people}


def test_team_turns_noncompliant_when_its_only_woman_leaves(db: Any, make_window: Any) -> None:
    reg = _small_register(db)
    window = make_window(db)
    window.ctx.open_record("team", reg["team"].code)
    settle(window)
    page = window.pages["teams"]
    detail = page.detail
    assert detail.record_id == reg["team"].id
    assert "3" in detail.compliance.text()  # "meets the rule: 3 members, 1 women, one leader"
    assert detail.detail.row.problems == ()
    rows = detail.members.rows()
    woman = next(i for i, r in enumerate(rows) if r.mediator_name == "Trần Thị Bình")
    detail.members_view.selectRow(woman)

    def drive(dialog: Any) -> None:
        dialog.end_date.setText("15/03/2025")
        dialog.reason.setCurrentIndex(dialog.reason.findData(EndReason.NGUYEN_VONG))
        dialog.decision_no.setText("12/QĐ-UBND")
        submit_and_wait(window, dialog)

    with_dialog(window, detail._end_member, drive)
    settle(window)
    assert detail.detail.row.problems, "the team should no longer meet rule 3.1"
    text = detail.compliance.text()
    assert "nữ" in text or "woman" in text
    with db.reading() as s:
        ms = s.execute(
            select(m.Membership).join(m.Mediator).where(m.Mediator.full_name == "Trần Thị Bình")
        ).scalar_one()
    assert ms.end_date == dt.date(2025, 3, 15)
    assert ms.end_reason == EndReason.NGUYEN_VONG
    assert ms.termination_no == "12/QĐ-UBND"
    # the list shows it too
    page.model.invalidate()
    settle(window)
    row = page.model.row_object(page.model.row_of(reg["team"].id))
    assert not row.compliant


def test_create_edit_recognise_and_terminate_a_mediator_through_the_forms(db: Any, make_window: Any) -> None:
    reg = _small_register(db)
    window = make_window(db)
    window.show_page("mediators")
    settle(window)
    page = window.pages["mediators"]
    page.new_record()
    d = page.detail
    assert d.mode == "new"
    d.save()  # nothing typed: field errors, nothing saved
    assert d.form.error_text("full_name")
    assert d.form.error_text("sex")
    d.full_name.setText("  Hoàng Thị Hường ")
    d.sex.setCurrentIndex(d.sex.findData(Sex.NU))
    d.birth_year.setText("1975")
    d.ethnicity.setText("tay")
    d.save()
    settle(window)
    with db.reading() as s:
        md = s.execute(select(m.Mediator).where(m.Mediator.full_name == "Hoàng Thị Hường")).scalar_one()
    assert md.ethnicity == "Tày" and md.birth_year == 1975 and md.sex == Sex.NU
    assert d.record_id == md.id and d.mode == "edit" and not d.form.dirty

    # edit: a wrong year is refused next to the field, a good one saved
    d.birth_year.setText("1795")
    d.save()
    settle(window)
    assert d.form.error_text("birth_year")
    d.birth_year.setText("1976")
    d.phone.setText("0912 345 678")
    d.save()
    settle(window)
    with db.reading() as s:
        md = s.get(m.Mediator, md.id)
    assert md.birth_year == 1976 and md.phone == "0912 345 678"

    # recognise into the team
    def recognise(dialog: Any) -> None:
        dialog.team_combo.setCurrentIndex(dialog.team_combo.findData(reg["team"].id))
        dialog.role.setCurrentIndex(dialog.role.findData(Role.HOA_GIAI_VIEN))
        dialog.method.setCurrentIndex(1)
        dialog.votes.setText("80")
        dialog.voters.setText("120")
        dialog.decision_no.setText("5/QĐ-UBND")
        dialog.decision_date.setText("01/02/2024")
        dialog.start.setText("01/02/2024")
        submit_and_wait(window, dialog)

    assert not d.form.dirty
    with_dialog(window, d._recognise, recognise)
    assert [r.team_name for r in d.memberships.rows() if r.active] == ["Tổ hòa giải thôn Đông"]

    # terminate
    d.memberships_view.selectRow(0)

    def terminate(dialog: Any) -> None:
        dialog.end_date.setText("30/06/2025")
        dialog.reason.setCurrentIndex(dialog.reason.findData(EndReason.KHONG_DAP_UNG))
        submit_and_wait(window, dialog)

    with_dialog(window, d._end, terminate)
    with db.reading() as s:
        ms = s.execute(select(m.Membership).where(m.Membership.mediator_id == md.id)).scalar_one()
    assert ms.end_date == dt.date(2025, 6, 30) and ms.end_reason == EndReason.KHONG_DAP_UNG
    assert ms.recognition_no == "5/QĐ-UBND" and ms.votes == 80 and ms.voters == 120
    assert not any(r.active for r in d.memberships.rows())


def test_unsaved_changes_are_not_lost_silently(db: Any, make_window: Any, monkeypatch: Any) -> None:
    reg = _small_register(db)
    window = make_window(db)
    window.ctx.open_record("mediator", reg["people"]["Lê Văn Cường"].code)
    settle(window)
    page = window.pages["mediators"]
    page.detail.phone.setText("0900")
    assert page.detail.form.dirty
    answers = iter(["cancel", "discard"])
    monkeypatch.setattr("hoagiai_desktop.ui.pages.detail.ask_unsaved", lambda parent: next(answers))
    window.show_page("teams")  # "keep editing": stays
    assert window.current_page() is page
    assert page.detail.phone.text() == "0900"
    window.show_page("teams")  # "discard": leaves
    settle(window)
    assert window.current_page() is window.pages["teams"]


def test_keyboard_shortcuts_reach_the_page(db: Any, make_window: Any, qtbot: Any) -> None:
    _small_register(db)
    window = make_window(db)
    window.show_page("villages")
    settle(window)
    page = window.pages["villages"]
    window._forward("new_record")  # Ctrl+N
    assert page.detail.mode == "new"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.detail.code)
    window._forward("cancel")  # Esc
    assert page.detail.mode == "empty"
    window._forward("focus_search")  # Ctrl+F
    qtbot.waitUntil(page.search.hasFocus)
    page.new_record()
    page.detail.name.setText("Bản Phiêng")
    window._forward("save")  # Ctrl+S
    settle(window)
    with db.reading() as s:
        assert s.execute(select(m.Village).where(m.Village.name == "Bản Phiêng")).scalar_one()


def test_every_list_model_passes_qtmodeltester(demo_db: Any, make_window: Any, qtmodeltester: Any) -> None:
    window = make_window(demo_db)
    for key in ("villages", "teams", "mediators"):
        window.show_page(key)
        settle(window)
        page = window.pages[key]
        for r in range(min(page.model.rowCount(), 30)):
            page.model.data(page.model.index(r, 0))
        settle(window)
        qtmodeltester.check(page.model)
        settle(window)
        if page.model.rowCount():
            page.select_row(0)
            settle(window)
    for model in (window.pages["teams"].detail.members, window.pages["mediators"].detail.memberships):
        qtmodeltester.check(model)


def test_team_composition_filter_matches_the_rule(demo_db: Any, make_window: Any) -> None:
    from hoagiai_desktop.domain import rules

    on = dt.date.today()
    with demo_db.reading() as s:
        from sqlalchemy.orm import selectinload

        teams = (
            s.execute(
                select(m.Team).options(
                    selectinload(m.Team.village),
                    selectinload(m.Team.memberships).selectinload(m.Membership.mediator),
                )
            )
            .scalars()
            .all()
        )
        bad = {t.code for t in teams if t.is_active(on) and rules.team_compliance(t, t.memberships, on)}
    assert bad, "the sample data has non-compliant teams on purpose"
    window = make_window(demo_db)
    window.show_page("teams")
    settle(window)
    page = window.pages["teams"]
    page.filters.set_value("status", "active")
    page.filters.set_value("compliant", False)
    settle(window)
    shown = {page.model.row_object(r).code for r in range(page.model.rowCount())}
    assert shown == bad
    assert all(page.model.row_object(r).problems for r in range(page.model.rowCount()))


def test_tab_goes_from_search_through_filters_to_the_list(db: Any, make_window: Any, qtbot: Any) -> None:
    window = make_window(db)
    window.show_page("mediators")
    settle(window)
    page = window.pages["mediators"]
    page.focus_search()
    qtbot.waitUntil(page.search.hasFocus)
    order = []
    widget = page.search
    for _ in range(8):
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & widget.focusPolicy().TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
        order.append(widget.objectName())
    assert order[:7] == ["filter_village", "filter_team", "filter_status", "filter_sex", "filter_minority",
                         "filter_trained", "list"]  # fmt: skip


def test_recognise_a_member_from_the_team_page_with_the_mediator_picker(db: Any, make_window: Any) -> None:
    reg = _small_register(db)
    newcomer = registry.create_mediator(
        db, registry.MediatorInput(full_name="Đặng Thị Hoa", sex=Sex.NU)
    ).value
    window = make_window(db)
    window.ctx.open_record("team", reg["team"].code)
    settle(window)
    detail = window.pages["teams"].detail

    def drive(dialog: Any) -> None:
        from hoagiai_desktop.ui.dialogs import MediatorPicker

        dialog._ok()  # nobody chosen yet: the error sits under the field
        assert dialog.form.error_text("mediator_id")
        picker = MediatorPicker(dialog, window.ctx)
        picker.search.setText("dang hoa")
        picker.search.flush()
        settle(window)
        assert picker.model.rowCount() == 1
        picker.table.selectRow(0)
        settle(window)
        picker._choose()
        settle(window)
        assert picker.chosen == (newcomer.id, "Đặng Thị Hoa")
        dialog.choose_mediator(*picker.chosen)
        assert dialog.form.error_text("role")  # no role preselected: a hasty OK must not record a wrong one
        dialog.role.setCurrentIndex(dialog.role.findData(Role.HOA_GIAI_VIEN))
        dialog.start.setText("01/06/2025")
        submit_and_wait(window, dialog)

    with_dialog(window, detail._add_member, drive)
    names = [r.mediator_name for r in detail.members.rows() if r.active]
    assert "Đặng Thị Hoa" in names and len(names) == 4
