"""The data check: file, references, the §4 invariant, rule 3 findings, loose ends, and damaged-file repair."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop.cli import main
from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import Role, Sex
from hoagiai_desktop.storage import backup, integrity

TODAY = dt.date(2026, 11, 22)


def raw(path: Path, *sql: str) -> None:
    con = sqlite3.connect(path)
    try:
        for statement in sql:
            con.execute(statement)
        con.commit()
    finally:
        con.close()


def codes(report: integrity.CheckReport) -> list[tuple[str, str, str | None]]:
    return [(f.severity, f.code, f.ref) for f in report.findings]


def test_sound_data_gives_no_findings(filled: Any) -> None:
    report = integrity.check_database(filled, today=TODAY)
    assert report.ok and report.findings == []


def test_team_composition_and_case_endings_are_reported(filled: Any) -> None:
    with filled.transaction() as s:
        team = s.query(m.Team).filter_by(code="TO02").one()
        for ms in team.memberships:
            if ms.role == Role.HOA_GIAI_VIEN:
                ms.end_date = dt.date(2026, 1, 1)  # two of three leave: one member, a woman leader, is left
    raw(filled.path, "UPDATE case_file SET agreement = NULL WHERE code = 'VV0000'")  # bypasses the services
    report = integrity.check_database(filled, today=TODAY)
    assert ("warning", "rule_3_1", "TO02") in codes(report)
    assert any("at least 3" in f.message for f in report.findings if f.code == "rule_3_1")
    assert ("warning", "rule_3_5", "VV0000") in codes(report)
    assert report.ok  # warnings only
    rc_report = next(f for f in report.findings if f.code == "rule_3_5")
    assert rc_report.message.startswith("Case VV0000:") and rc_report.action


def test_orphans_and_loose_ends(filled: Any) -> None:
    raw(
        filled.path,
        "INSERT INTO party(case_id, kind, name, role) VALUES (999, 'ca_nhan', 'Không Ai', 'ben')",
        "INSERT INTO mediator(code, full_name, sex, ethnicity, legal_qualification, name_fold, sort_key) "
        "VALUES ('HGV99', 'Lẻ Loi', 'nam', 'Kinh', 'khong', '', '')",
        "DELETE FROM party WHERE case_id = (SELECT id FROM case_file WHERE code = 'VV1001')",
    )
    report = integrity.check_database(filled, today=TODAY)
    found = codes(report)
    assert ("error", "foreign_key", None) in found
    fk = next(f for f in report.findings if f.code == "foreign_key")
    assert "1 record in “party” points to a “case_file”" in fk.message
    assert ("info", "orphan", "HGV99") in found and ("info", "orphan", "VV1001") in found
    assert not report.ok


def test_members_still_active_in_a_dissolved_team(filled: Any) -> None:
    raw(filled.path, "UPDATE team SET dissolved_on = '2025-06-30' WHERE code = 'TO01'")
    report = integrity.check_database(filled, today=TODAY)
    dissolved = [f for f in report.findings if f.code == "orphan" and f.ref == "TO01"]
    assert len(dissolved) == 1 and "3 members are still active" in dissolved[0].message
    assert ("warning", "rule_3_1", "TO01") not in codes(
        report
    )  # a dissolved team is not judged on composition


def test_invariant_is_checked_for_five_years_commune_and_each_team(
    filled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    years: list[int] = []
    real_compute, real_by_team = indicators.compute, indicators.compute_by_team

    def compute(session: Any, period: Any) -> Any:
        years.append(period.start.year)
        figures = dict(real_compute(session, period))
        if period.start.year == 2025:
            figures["cases.pending"] += 1  # a bug in the indicators would look like this
        return figures

    def by_team(session: Any, period: Any) -> Any:
        result = {k: dict(v) for k, v in real_by_team(session, period).items()}
        if period.start.year == 2024:
            first = min(result)
            result[first]["cases.handled"] += 1
        return result

    monkeypatch.setattr(indicators, "compute", compute)
    monkeypatch.setattr(indicators, "compute_by_team", by_team)
    report = integrity.check_database(filled, today=TODAY)
    assert years == [2022, 2023, 2024, 2025, 2026]
    inv = [f for f in report.findings if f.code == "invariant"]
    assert [(f.message, f.ref) for f in inv] == [
        ("In 2024 the handled cases of team TO01 do not add up to the cases by result.", "TO01"),
        ("In 2025 the commune's handled cases do not add up to the cases by result.", None),
    ]


def _damage(path: Path) -> bytes:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'case_file'").fetchone()[0]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    offset = (root - 1) * size
    data[offset + 8 : offset + size] = bytes(range(256)) * ((size - 8) // 256) + bytes((size - 8) % 256)
    path.write_bytes(bytes(data))
    return bytes(data)


def test_damaged_file_is_kept_aside_and_the_newest_good_backup_restored(
    filled: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = filled.path
    good = backup.make_backup(filled, reason="auto")
    newest = backup.make_backup(filled, reason="close")
    filled.dispose()
    for side in (".sqlite3-wal", ".sqlite3-shm"):
        Path(str(path).removesuffix(".sqlite3") + side).unlink(missing_ok=True)
    damaged_bytes = _damage(path)
    _damage(newest.path)  # the newest backup is damaged too: the older good one must be chosen
    assert integrity.check_file(path).damaged

    monkeypatch.delenv("CI", raising=False)
    rc = main(["--lang", "en", "--db", str(path), "check"])  # no terminal, no --yes: nothing changes
    out, err = capsys.readouterr()
    assert rc != 0 and "damaged" in out and "add --yes" in err
    assert path.read_bytes() == damaged_bytes

    rc = main(["--lang", "en", "--db", str(path), "check", "--yes"])
    out, _err = capsys.readouterr()
    assert rc == 0 and good.path.name in out
    aside = [p for p in path.parent.glob(path.name + ".damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged_bytes  # kept as it was, never overwritten
    assert not integrity.check_file(path).damaged
    rc = main(["--lang", "en", "--db", str(path), "check"])
    assert rc == 0 and "no problems" in capsys.readouterr().out


def test_damaged_file_without_any_good_backup(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path.write_bytes(b"this was a data file once" * 100)
    rc = main(["--lang", "en", "--db", str(db_path), "check", "--yes"])
    out, _err = capsys.readouterr()
    assert rc == 1 and "not a readable database" in out and "No good backup" in out
    assert db_path.read_bytes() == b"this was a data file once" * 100


def test_cli_check_reports_findings_with_what_to_do(filled: Any, capsys: pytest.CaptureFixture[str]) -> None:
    with filled.transaction() as s:
        s.add(m.Mediator(code="HGV77", full_name="Đinh Văn Lộc", sex=Sex.NAM))
    filled.dispose()
    rc = main(["--lang", "en", "--db", str(filled.path), "check"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "[Note] Mediator HGV77 belongs to no team." in out
    assert "    → Add a membership" in out
    assert os.path.exists(filled.path)


def test_overlapping_memberships_stored_by_an_old_import_are_reported(filled: Any) -> None:
    raw(
        filled.path,
        "INSERT INTO membership(mediator_id, team_id, role, start_date) SELECT mediator_id, team_id, role, "
        "'2023-05-01' FROM membership WHERE mediator_id = (SELECT id FROM mediator WHERE code = 'HGV11')",
    )
    report = integrity.check_database(filled, today=TODAY)
    overlap = [f for f in report.findings if f.code == "rule_3_8"]
    assert [(f.ref, f.message) for f in overlap] == [
        ("TO02", "Team TO02: mediator HGV11 has two memberships that overlap in time.")
    ]


def test_a_sound_file_on_a_read_only_drive_is_not_called_damaged(filled: Any, tmp_path: Path) -> None:
    import subprocess

    if os.geteuid() != 0:
        pytest.skip("needs root to mount a read-only drive")
    drive = tmp_path / "ro"
    drive.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(drive)], capture_output=True
    ).returncode:
        pytest.skip("mount is not possible here")
    try:
        backup.copy_sqlite(filled.path, drive / "d.sqlite3")
        con = sqlite3.connect(drive / "d.sqlite3")
        con.execute("PRAGMA journal_mode=WAL")  # as the app keeps its data file
        con.close()
        subprocess.run(["mount", "-o", "remount,ro", str(drive)], check=True, capture_output=True)
        report = integrity.check_file(drive / "d.sqlite3")
        assert not report.damaged and report.ok, report.findings
    finally:
        subprocess.run(["umount", "-l", str(drive)], capture_output=True)
