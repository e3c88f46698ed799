"""Values that mean nothing are refused, the same way in a workbook and in the window's forms (services):
"nan", "inf" and 1e300 as training hours, households that are not whole or past any village, birth years 9999,
75, 3001 and 500 (never turned into days of 1900), integers past 2⁶³, codes of zero-width characters, and text
longer than a cell. Each import is refused with a sentence on the cell, and the data file keeps its SHA-256.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop import i18n
from hoagiai_desktop.domain import rules, values
from hoagiai_desktop.interchange import import_workbook
from hoagiai_desktop.services import registry, training
from hoagiai_desktop.services.common import ValidationError
from hoagiai_desktop.storage.opening import open_database
from tests.hostile import hostile_workbooks as hw
from tests.hostile.conftest import LogCapture
from tests.hostile.data_files import fresh_copy, make_demo, one_sentence, private_text, sha256

Rows = dict[str, list[list[Any]]]


def _set(sheet: str, row: int, column: int, value: Any) -> Callable[[], bytes]:
    def make() -> bytes:
        def change(rows: Rows) -> None:
            rows[sheet][row][column] = value

        return hw.with_rows(change)

    return make


# (sheet, header) of the refused cell, and a word of the sentence expected there
CASES: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "hours nan": (_set("TapHuan", 0, 6, "nan"), "Số giờ", "not a number"),
    "hours inf": (_set("TapHuan", 0, 6, "inf"), "Số giờ", "not a number"),
    "hours -inf": (_set("TapHuan", 0, 6, "-Infinity"), "Số giờ", "not a number"),
    "hours 1e300 as text": (_set("TapHuan", 0, 6, "1e300"), "Số giờ", "more than the event"),
    "hours 1e300 as a number": (_set("TapHuan", 0, 6, 1e300), "Số giờ", "more than the event"),
    "hours 49 in a two-day event": (_set("TapHuan", 0, 6, 49), "Số giờ", "at most 48"),
    "hours 1e400 as a number cell": (lambda: _hours_cell("1e400"), "Số giờ", "not a number"),
    "households 12.5 as text": (_set("ThonTo", 0, 4, "12.5"), "Số hộ", "not a whole number"),
    "households 12,5 as a number": (_set("ThonTo", 0, 4, 12.5), "Số hộ", "not a whole number"),
    "households 2^63": (lambda: hw.number_cells({"E": str(2**63)}), "Số hộ", "not plausible"),
    "households of 30 digits": (lambda: hw.number_cells({"E": "9" * 30}), "Số hộ", "not plausible"),
    "households 1e300": (lambda: hw.number_cells({"E": "1e300"}), "Số hộ", "not plausible"),
    "households nan text": (_set("ThonTo", 0, 4, "nan"), "Số hộ", "not a whole number"),
    "birth year 9999": (_set("HoaGiaiVien", 0, 2, 9999), "Năm sinh", "9999 is not plausible"),
    "birth year 75": (_set("HoaGiaiVien", 0, 2, 75), "Năm sinh", "75 is not plausible"),
    "birth year 75 as text": (_set("HoaGiaiVien", 0, 2, "75"), "Năm sinh", "75 is not plausible"),
    "birth year 3001": (_set("HoaGiaiVien", 0, 2, 3001), "Năm sinh", "3001 is not plausible"),
    "birth year 500": (_set("HoaGiaiVien", 0, 2, 500), "Năm sinh", "500 is not plausible"),
    "birth year 1975.5": (_set("HoaGiaiVien", 0, 2, 1975.5), "Năm sinh", "not a year"),
    "birth year 2^63": (_set("HoaGiaiVien", 0, 2, 2**63), "Năm sinh", "not plausible"),
    "date 2^63": (_set("VuViec", 0, 2, 2**63), "Ngày tiếp nhận", "not a date"),
    "text longer than a cell": (
        lambda: hw.long_text("ThonTo", "B2", 45_000),
        "Tên thôn",
        "more than a workbook cell",
    ),
    **{
        f"code of {name}": (
            _set("ThonTo", 1, 0, text),
            "Mã thôn",
            "must be filled in" if not text.strip() else "visible characters",  # white space is trimmed first
        )
        for name, text in hw.INVISIBLE.items()
    },
    "formula with no result as a code": (hw.formula_cells, "Mã thôn", "must be filled in"),
    "team code of zero-width spaces": (_set("VuViec", 0, 1, "\u200b\u200b"), "Mã tổ", "visible characters"),
}


def _hours_cell(text: str) -> bytes:
    """TapHuan's first row with Số giờ (G2) as a raw number cell (past a float's range)."""
    return hw.raw_cell("TapHuan", "G2", f'<c r="G2"><v>{text}</v></c>')


@pytest.fixture(autouse=True)
def _english() -> None:
    """Sentences are asserted in English (the source strings); the commands are run with --lang en."""
    i18n.set_language("en")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"))


@pytest.mark.parametrize("name", list(CASES))
def test_meaningless_value_is_refused_on_its_cell(
    name: str, demo: Path, tmp_path: Path, clean_log: LogCapture
) -> None:
    make, header, words = CASES[name]
    data = fresh_copy(demo, tmp_path / "data")
    workbook = tmp_path / "values.xlsx"
    workbook.write_bytes(make())
    before = sha256(data)
    db = open_database(data)
    try:
        report = import_workbook(db, workbook)
    finally:
        db.dispose()
    assert not report.ok and not report.written
    on_cell = [p for p in report.errors if p.column == header]
    assert on_cell, [(p.column, p.message) for p in report.errors]
    assert any(words in p.message for p in on_cell), [p.message for p in on_cell]
    assert all(one_sentence(p.message) for p in report.errors)
    assert sha256(data) == before
    clean_log.assert_clean(("Nguyễn Văn An", "Tranh chấp ranh giới đất", *private_text(data)))


def test_the_cli_says_the_cell_and_changes_nothing(demo: Path, tmp_path: Path) -> None:
    data = fresh_copy(demo, tmp_path / "data")
    workbook = tmp_path / "values.xlsx"
    workbook.write_bytes(CASES["birth year 9999"][0]())
    before = sha256(data)
    done = subprocess.run(
        ["hoagiai", "--lang", "en", "--db", str(data), "import", str(workbook)],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "HoaGiaiVien, row 2, column “Năm sinh”: The birth year 9999 is not plausible" in done.stderr
    assert "Traceback" not in done.stderr and "unexpected" not in done.stderr
    assert sha256(data) == before


def test_plausible_values_still_import(demo: Path, tmp_path: Path) -> None:
    """The edges that are fine: 1900, this year, 0 and 1,000,000 households, 48 hours in two days, "1.234"."""

    def change(rows: Rows) -> None:
        rows["HoaGiaiVien"][0][2] = 1900
        rows["HoaGiaiVien"][1][2] = str(dt.date.today().year)
        rows["ThonTo"][0][4] = "1.234"
        rows["ThonTo"][1][4] = 0
        rows["TapHuan"][0][6] = 48

    data = fresh_copy(demo, tmp_path / "data")
    workbook = tmp_path / "ok.xlsx"
    workbook.write_bytes(hw.with_rows(change))
    db = open_database(data)
    try:
        report = import_workbook(db, workbook, dry_run=True)
    finally:
        db.dispose()
    assert report.ok, [(p.column, p.message) for p in report.errors]


@pytest.mark.parametrize(
    ("check", "value", "fine"),
    [
        (lambda v: values.hours_problem(v), float("nan"), False),
        (lambda v: values.hours_problem(v), float("inf"), False),
        (lambda v: values.hours_problem(v), 1e300, False),
        (lambda v: values.hours_problem(v, 1), 24.0, True),
        (lambda v: values.hours_problem(v, 1), 24.5, False),
        (lambda v: values.count_problem(v, what="x"), 2**63, False),
        (lambda v: values.count_problem(v, what="x"), 12.5, False),
        (lambda v: values.count_problem(v, what="x"), 1_000_000, True),
        (lambda v: values.birth_year_problem(v, dt.date(2026, 1, 1)), 1899, False),
        (lambda v: values.birth_year_problem(v, dt.date(2026, 1, 1)), 2026, True),
        (lambda v: values.code_problem(v), "\u200b\u2060\ufeff", False),
        (lambda v: values.code_problem(v), "\u00ad", False),
        (lambda v: values.code_problem(v), "T\u200b01", True),
        (lambda v: values.code_problem(v), "Đ1", True),
    ],
)
def test_the_rules_themselves(check: Callable[[Any], str | None], value: Any, fine: bool) -> None:
    problem = check(value)
    assert (problem is None) is fine
    assert problem is None or one_sentence(problem)


def test_the_forms_apply_the_same_rules(demo: Path, tmp_path: Path) -> None:
    """The services behind the window's forms refuse the same values with the same sentences."""
    data = fresh_copy(demo, tmp_path / "data")
    db = open_database(data)
    try:
        with pytest.raises(ValidationError) as err:
            registry.create_village(db, registry.VillageInput(name="Thôn Vô Hình", code="\u200b\u200b"))
        assert err.value.errors["code"] == values.code_problem("\u200b")
        with pytest.raises(ValidationError) as err:
            registry.create_village(db, registry.VillageInput(name="Thôn Lớn", households=2**63))
        assert "not plausible" in err.value.errors["households"]
        with pytest.raises(ValidationError) as err:
            registry.create_mediator(
                db, registry.MediatorInput(full_name="Lò Văn A", sex="Nam", birth_year=9999)
            )
        assert err.value.errors["birth_year"] == values.birth_year_problem(9999, dt.date.today())
        for hours in (float("nan"), float("inf"), 1e300, 25.0):
            with pytest.raises(ValidationError) as err:
                training.create_event(
                    db,
                    training.EventInput(
                        title="Tập huấn", kind="Cơ bản", start_on=dt.date(2025, 6, 10), hours=hours
                    ),
                )
            assert err.value.errors["hours"] == values.hours_problem(hours, 1)
    finally:
        db.dispose()


def test_elections_count_whole_plausible_people() -> None:
    """Votes and voters past any election (2⁶³ would overflow the database) block the write on their field."""
    found = rules.election_findings(2**63, 2**63 + 1, leader_votes=3, leader_voters=5)
    blocks = {f.field: f.message for f in found if f.is_block}
    assert set(blocks) >= {"votes", "voters"} and "not plausible" in blocks["voters"]
    assert not [f for f in rules.election_findings(60, 100) if f.is_block]
