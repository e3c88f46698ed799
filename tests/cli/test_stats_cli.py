"""``hoagiai stats`` end to end in a subprocess: the JSON keys of DOMAIN §4, and one-sentence errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.storage.opening import open_database
from tests.domain.test_indicators import EXPECTED_2025, build_commune


def hoagiai(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hoagiai_desktop", *args], capture_output=True, text=True, timeout=120
    )


def test_stats_json_has_exactly_the_nested_keys_and_hand_worked_values(db_path: Path) -> None:
    db = open_database(db_path)
    with db.transaction() as session:
        build_commune(session)
    db.dispose()
    result = hoagiai("--db", str(db_path), "stats", "--period", "2025", "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    # the printed values at the top level; an official year has no estimate, so "actual" is the same
    assert data == {
        **indicators.nest(EXPECTED_2025),
        "actual": indicators.nest(EXPECTED_2025),
        "estimated": [],
    }


def test_stats_for_one_team(db_path: Path) -> None:
    db = open_database(db_path)
    with db.transaction() as session:
        build_commune(session)
    db.dispose()
    result = hoagiai("--db", str(db_path), "stats", "--period", "2025", "--team", "T1", "--json")
    assert json.loads(result.stdout)["cases"]["handled"] == 3
    missing = hoagiai("--db", str(db_path), "stats", "--period", "2025", "--team", "NOPE")
    assert missing.returncode != 0 and "NOPE" in missing.stderr and "Traceback" not in missing.stderr


def test_user_errors_are_one_sentence_without_traceback(tmp_path: Path) -> None:
    bad_period = hoagiai("--db", str(tmp_path / "a.sqlite3"), "stats", "--period", "2025-H3")
    assert bad_period.returncode == 2
    assert bad_period.stderr.count("\n") == 1 and "Traceback" not in bad_period.stderr
    assert "2025-H3" in bad_period.stderr
    not_a_db = tmp_path / "note.sqlite3"
    not_a_db.write_text("not a database")
    refused = hoagiai("--db", str(not_a_db), "stats", "--period", "2025")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr and refused.stderr.strip()
    usage = hoagiai("stats")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_english_messages_with_lang_en(tmp_path: Path) -> None:
    result = hoagiai("--lang", "en", "--db", str(tmp_path / "a.sqlite3"), "stats", "--period", "x")
    assert "Unknown period" in result.stderr
