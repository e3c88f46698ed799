"""A new, empty data file opens on "first steps" (villages → teams → mediators, import, sample data) with buttons
that do it; a data file with a register opens on the dashboard."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from hoagiai_desktop.domain.enums import Sex
from hoagiai_desktop.services import registry
from hoagiai_desktop.services.changes import Changes
from tests.ui.conftest import settle


def _dashboard(window: Any) -> Any:
    window.show_page("dashboard")
    settle(window)
    return window.pages["dashboard"]


def test_an_empty_file_opens_on_first_steps_and_its_buttons_do_it(
    db: Any, make_window: Any, qtbot: Any
) -> None:
    window = make_window(db)
    page = _dashboard(window)
    steps = page.first_steps
    assert page.stack.currentWidget() is steps and steps.isVisible()
    assert not steps.step_buttons["teams"].isEnabled()  # a team needs a village first
    assert steps.demo_button.isVisible()
    qtbot.mouseClick(steps.step_buttons["villages"], Qt.MouseButton.LeftButton)
    settle(window)
    villages = window.pages["villages"]
    assert window.current_page() is villages and villages.detail.mode == "new"

    village = registry.create_village(db, registry.VillageInput(name="Thôn Đông")).value
    window.ctx.changes_made.emit(Changes(villages=True))
    page = _dashboard(window)
    assert page.stack.currentWidget() is steps  # still no team or mediator
    assert steps.step_labels["villages"].text().startswith("✓")
    assert steps.step_buttons["teams"].isEnabled() and not steps.step_buttons["mediators"].isEnabled()
    assert not steps.demo_button.isVisible()  # sample data needs a wholly empty file
    qtbot.mouseClick(steps.step_buttons["teams"], Qt.MouseButton.LeftButton)
    settle(window)
    assert window.current_page() is window.pages["teams"] and window.pages["teams"].detail.mode == "new"

    team = registry.create_team(db, registry.TeamInput(name="Tổ Đông", village_id=village.id)).value
    md = registry.create_mediator(db, registry.MediatorInput(full_name="Lê Thị Hoa", sex=Sex.NU)).value
    registry.recognise(
        db, registry.RecognitionInput(mediator_id=md.id, team_id=team.id, start_date=team_day())
    )
    window.ctx.changes_made.emit(Changes(teams=True, mediators=True))
    page = _dashboard(window)
    assert page.stack.currentIndex() == 0  # the register is set up: the dashboard is back

    window.show_page("import")
    settle(window)
    page = _dashboard(window)
    assert page.stack.currentIndex() == 0


def team_day() -> Any:
    import datetime as dt

    return dt.date.today() - dt.timedelta(days=30)


def test_import_and_sample_data_from_first_steps(
    db: Any, make_window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(db)
    page = _dashboard(window)
    steps = page.first_steps
    qtbot.mouseClick(steps.import_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert window.current_page() is window.pages["import"]
    page = _dashboard(window)
    monkeypatch.setattr(steps, "confirm_demo", lambda: True)
    qtbot.mouseClick(steps.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 0, timeout=120_000)  # sample commune loaded
    settle(window)
    from hoagiai_desktop.services.overview import register_counts

    counts = register_counts(db)
    assert counts.villages and counts.teams and counts.mediators and counts.cases


def test_a_file_with_a_register_opens_on_the_dashboard(demo_db: Any, make_window: Any) -> None:
    window = make_window(demo_db)
    page = _dashboard(window)
    assert page.stack.currentIndex() == 0 and not page.first_steps.isVisible()
