"""The statistical form read back from the PDF: every figure equals the indicator; estimates; forms as data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from hoagiai_desktop.domain import indicators, periods
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import Category
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import set_language
from hoagiai_desktop.reports import definitions
from hoagiai_desktop.reports.base import fmt_number
from hoagiai_desktop.reports.estimates import propose_estimates
from hoagiai_desktop.reports.render import render_report
from tests.reports.conftest import NUMBER, page_sizes, pdf_fonts, pdf_text

LABELS = {"total": "Tổng số trên địa bàn", "T01": "Tổ hòa giải thôn Đông", "T02": "Tổ hòa giải bản Mường Ẳng"}


def row_values(text: str, label: str) -> list[str]:
    """The figures printed on the table row that starts with ``label``."""
    for line in text.splitlines():
        if line.strip().startswith(label):
            tokens = line.strip()[len(label) :].split()
            return [t for t in tokens if NUMBER.match(t)]
    raise AssertionError(f"row {label!r} not found")


def expected_row(
    figures: dict[str, Any], defn: definitions.FormDef, estimated: set[str] = frozenset()
) -> list[str]:  # type: ignore[assignment]
    return [
        fmt_number(figures[leaf.indicator], leaf.fmt) + ("*" if leaf.indicator in estimated else "")
        for leaf in defn.leaves()
        if leaf.indicator
    ]


def test_year_figures_equal_the_indicators(commune: Any, tmp_path: Path) -> None:
    period = parse_period("2026")
    out = tmp_path / "tk.pdf"
    result = render_report(commune, "thong-ke", "2026", out)
    text = pdf_text(out)
    defn = definitions.definition_for(commune, "thong-ke", period)
    with commune.reading() as s:
        total = indicators.compute(s, period)
        by_team = indicators.compute_by_team(s, period)
        team_ids = {t.code: t.id for t in s.query(m.Team)}
    assert row_values(text, LABELS["total"]) == expected_row(total, defn)
    for code in ("T01", "T02"):
        assert row_values(text, LABELS[code]) == expected_row(by_team[team_ids[code]], defn)
    # hand-worked: 2026 handled = C01..C05 (C03 still open, C06 out of scope); C01, C04, C05 thành → 60,0 %
    assert row_values(text, LABELS["total"])[6:9] == ["5", "1", "4"]
    assert row_values(text, LABELS["total"])[14] == "3"
    assert row_values(text, LABELS["total"])[-1] == "60,0"
    assert "Tổ hòa giải xóm Cũ" not in text  # dissolved in 2025: no row
    assert "(*)" not in text and result.estimated_cells == 0
    assert "Mẫu tham khảo" not in text and result.reference_layout  # said on screen, never on paper
    assert text.index(LABELS["total"]) < text.index(LABELS["T01"]) < text.index(LABELS["T02"])
    assert all(w > h for w, h in page_sizes(out)) and page_sizes(out)[0] == (842, 595)


def test_half_year_estimates_are_marked_and_footnoted(commune: Any, tmp_path: Path) -> None:
    period = parse_period("2026-H1", "tt03-2019")  # the regime the fixture's province asks for
    proposals = propose_estimates(commune, period)
    # actual to 31/05: new = C01 dân sự, C02 HNGĐ (T01), C05 vi phạm (T02) = 3 → 3 × 6 ÷ 5 = 3.6 → 4; each leaf
    # 1.2, the largest-remainder seat to the first (T01 dân sự); handled = carried 1 + 4
    assert (proposals["cases.new"].actual, proposals["cases.new"].proposed) == (3, 4)
    assert proposals["cases.new_by_category.dan_su"].proposed == 2
    assert proposals["cases.handled"].proposed == 5
    assert "cases.carried" not in proposals and "mediators.total" not in proposals  # stocks are not estimated
    team = propose_estimates(commune, period, team_code="T02")  # C05 only: 1 × 6 ÷ 5 = 1.2 → 1
    assert (team["cases.new"].actual, team["cases.new"].proposed, team["cases.handled"].proposed) == (1, 1, 1)
    out = tmp_path / "h1.pdf"
    render_report(commune, "thong-ke", period, out)
    text = pdf_text(out)
    total = row_values(text, LABELS["total"])
    assert total[1] == "6"  # mediators.total: a stock, printed as is
    assert total[6:9] == ["5*", "1", "4*"]
    assert "(*) Số liệu ước tính: số liệu thực tế tính đến ngày 31/05/2026" in text


def test_officer_overrides_an_estimate(commune: Any, tmp_path: Path) -> None:
    out = tmp_path / "h1.pdf"
    result = render_report(
        commune, "thong-ke", "2026-H1", out,
        estimates={"cases.new_by_category.dan_su": 8, "T02:cases.new_by_category.vi_pham": 7},
    )  # fmt: skip
    text = pdf_text(out)
    # T01: dân sự 8 (the commune figure, T02 has none), HNGĐ 1 → new 9; T02: vi phạm 7 → new 7;
    # commune new = 16 and handled = carried 1 + 16, every figure above the leaves recomputed
    assert row_values(text, LABELS["total"])[6:9] == ["17*", "1", "16*"]
    assert row_values(text, LABELS["T01"])[6:9] == ["10*", "1", "9*"]
    assert row_values(text, LABELS["T02"])[6:9] == ["7*", "0", "7*"]
    assert result.estimated_cells > 0
    for figure in ("mediators.total", "cases.new", "cases.handled", "cases.successful"):
        with pytest.raises(UserError):  # a stock, or a figure made of leaves: never typed
            render_report(commune, "thong-ke", "2026-H1", out, estimates={figure: 3})
    with pytest.raises(UserError):
        render_report(commune, "thong-ke", "2026-H1", out, estimates={"T99:cases.new": 3})


@pytest.mark.parametrize("period", ["2026", "2026-01-01:2026-03-31"])
def test_no_estimate_without_a_cut_off(commune: Any, tmp_path: Path, period: str) -> None:
    out = tmp_path / "p.pdf"
    render_report(commune, "thong-ke", period, out)
    text = pdf_text(out)
    assert "Số liệu ước tính" not in text and "*" not in "".join(row_values(text, LABELS["total"]))
    assert propose_estimates(commune, parse_period(period, "tt03-2019")) == {}


def test_fonts_embedded_and_vietnamese_extracts_as_nfc(commune: Any, tmp_path: Path) -> None:
    out = tmp_path / "tk.pdf"
    render_report(commune, "thong-ke", "2026", out, number="15")
    fonts = pdf_fonts(out)
    assert fonts and all(" yes " in line.split("TrueType", 1)[-1] for line in fonts)
    assert not any("Helvetica" in line or "Times" in line for line in fonts)
    raw = pdf_text(out).replace("\u00a0", " ")
    for phrase in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN", "XÃ TÂN LẬP",
                   "Số: 15/BC-UBND", "Tân Lập, ngày", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                   "Trần Thị Bình", "Nơi nhận:", "Người lập biểu", "bản Mường Ẳng"):  # fmt: skip
        assert phrase in raw, phrase
    import subprocess

    unnormalised = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True
    )
    assert "Mường Ẳng" in unnormalised.stdout.decode()  # NFC as written, no decomposed marks


def test_xlsx_has_the_same_grouped_layout(commune: Any, tmp_path: Path) -> None:
    xl = tmp_path / "tk.xlsx"
    render_report(commune, "thong-ke", "2026", tmp_path / "tk.pdf", xlsx=xl)
    ws = load_workbook(xl).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    cells = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    assert {
        "Hòa giải viên",
        "Số vụ, việc hòa giải",
        "Kết quả hòa giải",
        "(24)",
        "Tổng số trên địa bàn",
    } <= cells
    hgv = next(c for row in ws.iter_rows() for c in row if c.value == "Hòa giải viên")
    assert any(r.startswith(hgv.coordinate + ":") for r in merged)
    total_row = next(row for row in ws.iter_rows() if row[0].value == "Tổng số trên địa bàn")
    assert [c.value for c in total_row[7:10]] == [5, 1, 4]  # numbers Excel can add
    assert total_row[24].value == 60.0 and total_row[24].number_format == "#,##0.0"
    assert not list(tmp_path.glob(".*tmp"))  # nothing half-written left behind


SMALL_FORM_FILE = Path(__file__).with_name("form-test-2027.json")  # different columns, valid from 2027
SMALL_FORM: dict[str, Any] = json.loads(SMALL_FORM_FILE.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict[str, Any], name: str = "form.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_imported_definition_changes_the_layout_without_code(
    commune: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    definitions.import_definition(commune, SMALL_FORM_FILE)
    with commune.transaction() as s:
        team = s.query(m.Team).filter_by(code="T01").one()
        s.add(m.Case(code="C27", team=team, received_on=dt.date(2027, 2, 1), category=Category.DAN_SU))
    old = tmp_path / "2026.pdf"
    new = tmp_path / "2027.pdf"
    render_report(commune, "thong-ke", "2026", old)
    monkeypatch.setattr(periods, "today", lambda: dt.date(2028, 1, 10))  # 2027 is over
    result = render_report(commune, "thong-ke", "2027", new)
    text = pdf_text(new)
    assert result.definition_version == "TEST-2027" and not result.reference_layout
    assert "BIỂU THỐNG KÊ RÚT GỌN" in text and "Thành công" in text and "(3)" in text and "(4)" not in text
    assert "Mẫu tham khảo" not in text and "Hòa giải viên" not in text
    # 2027: handled = C03 (carried, still open) + C27 → 2; successful 0; unsuccessful 0
    assert row_values(text, "Toàn xã") == ["2", "0", "0"]
    assert page_sizes(new)[0] == (595, 842)  # three columns fit on a portrait page
    assert "Hòa giải viên" in pdf_text(old)  # 2026 still renders with the reference layout
    listed = {(d.version, d.source) for d in definitions.list_definitions(commune)}
    assert {("TEST-2027", "imported"), ("TT03-2019-tham-khao", "shipped")} <= listed


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"columns": [{"label": "X", "indicator": "cases.nonsense"}]}, "unknown indicator “cases.nonsense”"),
        ({"title": None}, "lacks the field “title”"),
        ({"valid_from": "01/01/2027"}, "not a date"),
        ({"valid_to": "2026-01-01"}, "stops being valid"),
        ({"columns": [{"label": "X"}]}, "has no indicator"),
        ({"form_id": "so-theo-doi"}, "only these forms"),
    ],
)
def test_bad_definitions_are_refused_with_one_sentence(
    commune: Any, tmp_path: Path, change: dict[str, Any], fragment: str
) -> None:
    set_language("en")
    bad = {**SMALL_FORM, **change}
    with pytest.raises(UserError) as err:
        definitions.import_definition(commune, _write(tmp_path, bad))
    assert fragment in str(err.value) and "\n" not in str(err.value)
    with commune.reading() as s:
        assert s.query(m.FormDefinition).count() == 0


def test_no_definition_valid_for_an_old_period(commune: Any, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="forms import"):
        render_report(commune, "thong-ke", "2018", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
