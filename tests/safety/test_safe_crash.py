"""Crash safety: a writer SIGKILLed at random moments, over and over, never loses a commit it reported.

A forked child opens the data file the way the app does (``open_database``: writer lock, migration check) and
writes through ``Database.transaction`` with the ORM — each unit of work one case with three parties, plus a
setting that names the newest case — and after each commit appends the case code to a log it fsyncs. The parent
kills it with SIGKILL after a random delay (sometimes while it is still opening), then checks the file the way a
restarted app would: integrity_check ok, no broken references, no half transaction (every case has exactly three
parties; the setting names a case that exists), and every code in the log is present. The next child must get
the writer lock at once: a lock left by a killed process is recovered.
See research/stack.md §9 for the recipe this follows.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import select
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.storage.opening import open_database

KILLS = 120
TIME_BUDGET = 45.0  # seconds: stop adding kills past this (the count below is still required)
MIN_KILLS = 100


def _child(db_path: Path, log_path: Path, ready_fd: int, tag: int) -> None:
    from hoagiai_desktop.domain import models as m
    from hoagiai_desktop.domain.enums import Category

    db = open_database(db_path)
    with db.reading() as s:
        team_id = s.query(m.Team.id).order_by(m.Team.id).first()[0]
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.write(ready_fd, b"r")
    i = 0
    while True:
        code = f"K{tag:03d}-{i:05d}"
        with db.transaction() as s:
            case = m.Case(code=code, team_id=team_id, received_on=dt.date(2026, 3, 1), category=Category.DAN_SU,
                          summary="Tranh chấp lối đi chung giữa các hộ " * 8)  # fmt: skip
            case.parties = [m.Party(name=f"Nguyễn Văn Bên {k}", birth_year=1960 + k) for k in range(3)]
            s.add(case)
            s.merge(m.Setting(key="crash.last", value=code))
        os.write(log, (code + "\n").encode())
        os.fsync(log)
        i += 1


def _spawn(db_path: Path, log_path: Path, tag: int) -> tuple[int, int]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        code = 1
        try:
            os.close(read_fd)
            _child(db_path, log_path, write_fd, tag)
        except BaseException:
            code = 2
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def _verify(db_path: Path, log_path: Path) -> tuple[int, int]:
    con = sqlite3.connect(db_path)  # runs WAL recovery like the next start of the app
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        bad = con.execute(
            "SELECT c.code, COUNT(p.id) FROM case_file c LEFT JOIN party p ON p.case_id = c.id "
            "WHERE c.code LIKE 'K%' GROUP BY c.id HAVING COUNT(p.id) != 3"
        ).fetchall()
        assert bad == [], f"half-written transactions: {bad[:5]}"
        present = {r[0] for r in con.execute("SELECT code FROM case_file WHERE code LIKE 'K%'")}
        last = con.execute("SELECT value FROM setting WHERE key = 'crash.last'").fetchone()
        assert last is None or last[0] in present
    finally:
        con.close()
    text = log_path.read_text() if log_path.exists() else ""
    logged = [line for line in text.split("\n")[:-1] if line]  # only complete lines
    missing = [c for c in logged if c not in present]
    assert missing == [], f"committed and logged but lost: {missing[:5]}"
    return len(present), len(logged)


def _logged_count(log_path: Path) -> int:
    text = log_path.read_text() if log_path.exists() else ""
    return text.count("\n")


def _wait_for_log(log_path: Path, past: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while _logged_count(log_path) <= past:
        assert time.monotonic() < deadline, "the writer logged no commit"
        time.sleep(0.002)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_sigkill_at_random_moments_loses_no_reported_commit(db: Any, tmp_path: Path) -> None:
    from tests.safety.conftest import fill

    fill(db, teams=1, cases_per_team=1)
    db_path = db.path
    db.dispose()
    log_path = tmp_path / "committed.log"
    rng = random.Random(20261122)
    started = time.monotonic()
    kills = working_kills = 0
    while kills < KILLS and (kills < MIN_KILLS or time.monotonic() - started < TIME_BUDGET):
        logged_before = _logged_count(log_path)
        pid, ready = _spawn(db_path, log_path, kills)
        try:
            if rng.random() < 0.2:
                time.sleep(rng.uniform(0, 0.03))  # sometimes while it is still opening the file
            else:
                readable, _w, _x = select.select([ready], [], [], 20)
                assert readable and os.read(ready, 1) == b"r", "the writer could not open the data file"
                # Wait for this writer's first logged commit, so every such kill proves work was done however
                # slow the machine is; then kill at a random moment among the commits that follow.
                _wait_for_log(log_path, past=logged_before, timeout=20)
                working_kills += 1
                time.sleep(rng.uniform(0, 0.06))
            os.kill(pid, signal.SIGKILL)
        finally:
            _pid, status = os.waitpid(pid, 0)
            os.close(ready)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
            "the writer stopped by itself"
        )
        kills += 1
        present, logged = _verify(db_path, log_path)  # after every kill, as a restarted app would find it
    print(f"{kills} kills, {logged} commits logged, {present} present")
    assert kills >= MIN_KILLS
    # Work was really done: at least one logged commit per writer killed after its first commit (a count
    # that does not depend on the machine's speed); commits made but not yet logged may also be there.
    assert working_kills >= MIN_KILLS // 2
    assert logged >= working_kills and present >= logged
    reopened = open_database(db_path)  # and the app opens it for writing again
    reopened.dispose()
