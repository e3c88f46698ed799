"""``hoagiai stats`` end to end in a subprocess: the JSON keys of DOMAIN §4, and one-sentence errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import UnitKind
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


def test_stats_json_of_an_estimated_period_prints_what_the_paper_prints(
    db_path: Path, tmp_path: Path
) -> None:
    db = open_database(db_path)
    with db.transaction() as session:
        build_commune(session)
        session.add(m.Unit(province="Phú Thọ", name="Tân Lập", kind=UnitKind.XA, place_name="Tân Lập",
                           chairman_name="Nguyễn Văn An"))  # fmt: skip
    db.dispose()
    result = hoagiai("--db", str(db_path), "stats", "--period", "2025-Y1", "--regime", "tt03-2019", "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    cases, actual = data["cases"], data["actual"]["cases"]
    assert "cases.new" in data["estimated"] and "cases.handled" in data["estimated"]
    assert "cases.carried" not in data["estimated"] and "mediators.total" not in data["estimated"]
    assert cases["carried"] == actual["carried"]  # a stock: actual at 31/10
    assert cases["handled"] == cases["carried"] + cases["new"]
    assert cases["handled"] == sum(cases[k] for k in ("successful", "unsuccessful", "ongoing", "pending"))
    assert sum(cases["by_category"].values()) == cases["handled"]
    assert sum(cases["successful_by_category"].values()) == cases["successful"]
    # the same figures as the paper's commune row
    out = tmp_path / "y1.pdf"
    paper = hoagiai("--db", str(db_path), "report", "thong-ke", "--period", "2025-Y1", "--regime", "tt03-2019",
                    "--out", str(out), "--date", "2025-11-15")  # fmt: skip
    assert paper.returncode == 0, paper.stderr
    from tests.reports.conftest import pdf_text

    total = next(
        line for line in pdf_text(out).splitlines() if line.strip().startswith("Tổng số trên địa bàn")
    )
    assert f"{cases['handled']}*" in total.split() and f"{cases['successful']}*" in total.split()
    # under TT 17/2025 the same code is a preliminary report to 31/10 with nothing estimated
    plain = hoagiai("--db", str(db_path), "stats", "--period", "2025-Y1", "--regime", "tt17-2025", "--json")
    assert json.loads(plain.stdout)["estimated"] == []


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
