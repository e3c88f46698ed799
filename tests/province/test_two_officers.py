"""Server mode for real: two officers (two users, two processes, two connections) receive the same USB stick at
the same moment on the PostgreSQL cluster. Each package is stored exactly once, both finish without a traceback,
for every package one of them stores it and the other is told it was already received, and for each commune and
period exactly one package counts (the newest finalisation), whatever the interleaving was."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing as mp
import traceback
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.province import keys, package
from hoagiai_desktop.services import province_receive as pr
from hoagiai_desktop.services import user_admin, users
from tests.province.helpers import FINALISED, make_package

pytestmark = pytest.mark.postgres

PASSWORD = "mật khẩu tốt 2026"
OFFICERS = ("Lan", "Hùng")
SENDERS = ("26734", "26750", "26740", "26741", "26742")  # 26741/26742: predecessors merged into 26740
PERIODS = ("2025", "2024")


def _officer(url: str, name: str, stick: str, barrier: Any, results: Any) -> None:  # runs in a child
    """One officer's process: log in, wait for the other, receive the whole stick; report every outcome."""
    try:
        from hoagiai_desktop import i18n
        from hoagiai_desktop.storage.opening import open_database

        i18n.set_language("vi")
        db = open_database(url)
        try:
            users.login(db, name, PASSWORD)
            barrier.wait(timeout=120)
            outcomes = pr.receive(db, [stick]).value
        finally:
            db.dispose()
        results.put((name, [(o.path.name, o.status, o.message) for o in outcomes], None))
    except BaseException:
        results.put((name, [], traceback.format_exc()))


def _stick(folder: Path) -> dict[str, dict[str, Any]]:
    """Every sender's packages for two periods, plus a second (newer) finalisation of one commune's 2025."""
    made: dict[str, dict[str, Any]] = {}
    for n, code in enumerate(SENDERS):
        pair = keys.new_signing_pair()
        for k, period in enumerate(PERIODS):  # one finalisation per period, as the commune makes them
            path = make_package(folder, code, pair, seed=n, period=period, finalised_id=k + 1)
            made[path.name] = {"sender": code, "period": period, "finalised": FINALISED}
        if code == "26734":
            later = FINALISED + dt.timedelta(days=2)
            path = make_package(folder, code, pair, seed=99, finalised_at=later, finalised_id=9)
            made[path.name] = {"sender": code, "period": "2025", "finalised": later}
    return made


def _officers(db: Any) -> None:
    user_admin.add_user(db, "quản trị", users.ADMIN, PASSWORD)
    users.login(db, "quản trị", PASSWORD)
    for name in OFFICERS:
        user_admin.add_user(db, name, users.OFFICER, PASSWORD)


def _at_once(db: Any, sticks: dict[str, Path]) -> list[tuple[str, list[tuple[str, str, str]], str | None]]:
    """Each officer in its own process, released together by a barrier; their outcomes (no error allowed)."""
    ctx = mp.get_context("spawn")  # fresh interpreters: nothing shared with this process but the server
    barrier, results = ctx.Barrier(len(sticks)), ctx.Queue()
    procs = [
        ctx.Process(target=_officer, args=(db.target, name, str(stick), barrier, results))
        for name, stick in sticks.items()
    ]
    for proc in procs:
        proc.start()
    reports = [results.get(timeout=300) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0
    for name, _outcomes, error in reports:
        assert error is None, f"{name}: {error}"
    return reports


# Only on the server: a SQLite file has one writer at a time (the writer lock refuses a second program).
@pytest.mark.parametrize("province_target", ["postgresql"], indirect=True)
def test_two_officers_receive_the_same_stick_at_once(province: Any, tmp_path: Path) -> None:
    assert province.engine.dialect.name == "postgresql"
    _officers(province)
    stick = tmp_path / "usb"
    made = _stick(stick)
    reports = _at_once(province, {name: stick for name in OFFICERS})

    # Per package: exactly one officer stored it, the other was told it was already received.
    by_file: dict[str, list[tuple[str, str]]] = {}
    for _name, outcomes, _error in reports:
        assert len(outcomes) == len(made)
        for file, status, message in outcomes:
            by_file.setdefault(file, []).append((status, message))
            assert "Traceback" not in message
    assert set(by_file) == set(made)
    for file, seen in by_file.items():
        statuses = sorted(status for status, _message in seen)
        assert statuses == [pr.DUPLICATE, pr.STORED], (file, seen)
        [duplicate] = [message for status, message in seen if status == pr.DUPLICATE]
        assert file in duplicate and "đã nhận ngày" in duplicate, duplicate

    with province.reading() as s:
        rows = list(s.scalars(select(m.ReceivedPackage)))
        figures = s.scalar(select(func.count()).select_from(m.ReceivedFigure))
        pinned = Counter(s.scalars(select(m.PinnedKey.sender_code)))
        audited = list(s.scalars(select(m.AuditEntry.who).where(m.AuditEntry.entity == "received_package")))
    assert len(rows) == len(made) and len({r.package_id for r in rows}) == len(made)  # each stored once
    assert pinned == Counter(SENDERS)  # one pinned key per sender, not one per officer
    expected_figures = sum(
        len(json.loads(zipfile.ZipFile(stick / f).read(package.FIGURES))["commune"]["values"]) for f in made
    )
    assert figures == expected_figures
    assert len(audited) == len(made) and set(audited) <= set(OFFICERS)  # audited with who stored it
    counted = Counter((r.sender_code, r.period) for r in rows if r.counted)
    assert counted == Counter((code, period) for code in SENDERS for period in PERIODS)  # one counts each
    newest = next(r for r in rows if r.sender_code == "26734" and r.period == "2025" and r.counted)
    assert newest.finalised_at == FINALISED + dt.timedelta(days=2)
    for file in made:  # a receipt beside every package, written whole (two writers, atomic renames)
        hgr = (stick / file).with_suffix(".hgr")
        assert hgr.exists() and json.loads(hgr.read_text(encoding="utf-8"))["receipt"]["package_id"]


@pytest.mark.parametrize("province_target", ["postgresql"], indirect=True)
def test_an_older_and_a_newer_finalisation_received_at_once_count_once(province: Any, tmp_path: Path) -> None:
    """One officer receives the communes' first finalisations while the other receives their corrections, period
    by period in the same order: without the commune lock both would see no rival and both would count."""
    _officers(province)
    periods = [f"{year}{half}" for year in range(2019, 2026) for half in ("", "-H1", "-Y1")]
    older, newer = tmp_path / "first", tmp_path / "corrections"
    for n, code in enumerate(("26734", "26750")):
        pair = keys.new_signing_pair()
        for k, period in enumerate(periods):
            make_package(older, code, pair, seed=n, period=period, finalised_id=2 * k + 1)
            make_package(newer, code, pair, seed=n + 50, period=period, finalised_id=2 * k + 2,
                         finalised_at=FINALISED + dt.timedelta(days=3))  # fmt: skip
    reports = _at_once(province, {OFFICERS[0]: older, OFFICERS[1]: newer})
    for _name, outcomes, _error in reports:
        assert {status for _file, status, _message in outcomes} == {pr.STORED}
    with province.reading() as s:
        rows = list(s.scalars(select(m.ReceivedPackage)))
    assert len(rows) == 2 * 2 * len(periods)
    counted = [r for r in rows if r.counted]
    assert Counter((r.sender_code, r.period) for r in counted) == Counter(
        (code, period) for code in ("26734", "26750") for period in periods
    )
    assert {r.finalised_at for r in counted} == {FINALISED + dt.timedelta(days=3)}  # the newest counts
