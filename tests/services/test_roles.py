"""Roles enforced at the one door of every write (``services.common.writing``): with users, a read-only login
(chỉ xem) is refused in one sentence, a cán bộ writes, and the audit log names who wrote; without users, all is
allowed. Whether the file has users is asked once per open database, not on every write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import Category
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.interchange.exporter import export_workbook
from hoagiai_desktop.interchange.importer import import_workbook
from hoagiai_desktop.reports import finalise
from hoagiai_desktop.services import cases, registry, training, user_admin, users
from hoagiai_desktop.storage.opening import open_database
from tests.services.services_fixtures import Commune

D = dt.date
PASSWORD = "mat-khau-dai"


def with_users(db: Any) -> None:
    """The file gets an administrator, a cán bộ and a chỉ xem; nobody is logged in afterwards."""
    user_admin.add_user(db, "quantri", users.ADMIN, PASSWORD)
    users.login(db, "quantri", PASSWORD)
    user_admin.add_user(db, "canbo", users.OFFICER, PASSWORD)
    user_admin.add_user(db, "chixem", users.VIEWER, PASSWORD)
    db.user_role = None


def reopened(db: Any, name: str) -> Any:
    """The same file opened again and logged in as ``name`` (as a second program would)."""
    other = open_database(db.path)
    users.login(other, name, PASSWORD)
    return other


def audit_who(db: Any, entity: str) -> list[str]:
    with db.reading() as s:
        return list(s.scalars(select(m.AuditEntry.who).where(m.AuditEntry.entity == entity)))


def case_input(commune: Commune) -> cases.CaseInput:
    return cases.CaseInput(team_id=commune.team.id, received_on=D(2026, 3, 1), category=Category.DAN_SU,
                           summary="Tranh chấp lối đi")  # fmt: skip


def test_without_users_every_write_is_allowed(commune: Commune) -> None:
    assert not users.has_users(commune.db)
    assert cases.create_case(commune.db, case_input(commune)).value.code


def test_a_read_only_login_writes_nothing(commune: Commune, tmp_path: Path) -> None:
    with_users(commune.db)
    viewer = reopened(commune.db, "chixem")
    try:
        attempts = [
            lambda: registry.create_village(viewer, registry.VillageInput(name="Thôn Mới")),
            lambda: cases.create_case(viewer, case_input(commune)),
            lambda: training.create_event(viewer, training.EventInput("Lớp", "co_ban", D(2026, 4, 10))),
            lambda: registry.delete_mediator(viewer, commune.third.id),
            lambda: finalise.finalise(viewer, "thong-ke", "2025"),
        ]
        for attempt in attempts:
            with pytest.raises(UserError) as refused:
                attempt()
            sentence = str(refused.value)
            assert sentence.count(".") == 1 and "\n" not in sentence  # one sentence, no traceback
        with viewer.reading() as s:
            assert s.scalar(select(m.Village).where(m.Village.name == "Thôn Mới")) is None
            assert s.scalar(select(m.Case)) is None and s.scalar(select(m.TrainingEvent)) is None
            assert s.get(m.Mediator, commune.third.id) is not None
    finally:
        viewer.dispose()


def test_a_read_only_login_cannot_import(commune: Commune, tmp_path: Path) -> None:
    workbook = tmp_path / "so.xlsx"
    export_workbook(commune.db, workbook)
    target = open_database(tmp_path / "other.sqlite3")
    try:
        with_users(target)
        users.login(target, "chixem", PASSWORD)
        with pytest.raises(UserError):
            import_workbook(target, workbook, backup=False)
        with target.reading() as s:
            assert s.scalar(select(m.Village)) is None
        users.login(target, "canbo", PASSWORD)
        report = import_workbook(target, workbook, backup=False)
        assert report.written
        assert audit_who(target, "workbook") == ["canbo"]
    finally:
        target.dispose()


def test_an_officer_writes_and_the_audit_names_them(commune: Commune) -> None:
    with_users(commune.db)
    officer = reopened(commune.db, "canbo")
    try:
        village = registry.create_village(officer, registry.VillageInput(name="Thôn Mới")).value
        made = cases.create_case(officer, case_input(commune)).value
        event_made = training.create_event(
            officer, training.EventInput("Lớp", "co_ban", D(2026, 4, 10))
        ).value
    finally:
        officer.dispose()
    with commune.db.reading() as s:
        rows = s.execute(select(m.AuditEntry.entity, m.AuditEntry.entity_code, m.AuditEntry.who)).all()
    written = {(entity, code): who for entity, code, who in rows}
    assert written[("village", village.code)] == "canbo"
    assert written[("case_file", made.code)] == "canbo"
    assert written[("training_event", event_made.code)] == "canbo"


def test_nobody_logged_in_on_a_file_with_users_is_refused(commune: Commune) -> None:
    with_users(commune.db)
    stranger = open_database(commune.db.path)
    try:
        with pytest.raises(UserError, match="--user"):
            registry.create_village(stranger, registry.VillageInput(name="Thôn Mới"))
    finally:
        stranger.dispose()


def test_the_user_table_is_asked_once_per_open_file(commune: Commune) -> None:
    db = commune.db
    asked: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "app_user" in statement:
            asked.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for name in ("Thôn 1", "Thôn 2", "Thôn 3"):
            registry.create_village(db, registry.VillageInput(name=name))
        assert len(asked) <= 1 and db.has_users is False
        user_admin.add_user(db, "quantri", users.ADMIN, PASSWORD)  # the first user: the file now has users
        assert db.has_users is True
        with pytest.raises(UserError):
            registry.create_village(db, registry.VillageInput(name="Thôn 4"))  # nobody logged in now
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_every_service_writes_through_the_one_door() -> None:
    """No service opens a transaction beside ``writing`` (users.py logs in and manages users itself)."""
    import hoagiai_desktop.services as services

    folder = Path(services.__file__).parent
    beside = sorted(p.name for p in folder.glob("*.py") if ".transaction(" in p.read_text(encoding="utf-8"))
    assert beside == ["common.py", "users.py"]
