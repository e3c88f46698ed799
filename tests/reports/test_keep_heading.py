"""A heading over a table keeps at least a few body rows under it: a heading with only the table's header and
one row at the foot of a page (the province's Đề án table showed just "Toàn tỉnh" there) moves to the next page."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from hoagiai_desktop.reports.keep import MIN_ROWS_UNDER_HEADING, headed

ROW_H = 20.0


def _pages(tmp_path: Path, rows_that_fit: int) -> list[str]:
    """A page filled so that the heading, the table's header row and ``rows_that_fit`` body rows fit at its foot."""
    styles = getSampleStyleSheet()
    heading = Paragraph("HEADING", styles["Heading2"])
    table = Table([["Header"]] + [[f"row {n}"] for n in range(1, 41)], rowHeights=ROW_H, repeatRows=1)
    doc = SimpleDocTemplate(str(tmp_path / "k.pdf"), pagesize=A4)
    heading_h = heading.wrap(doc.width, doc.height)[1] + heading.getSpaceBefore() + heading.getSpaceAfter()
    filler = doc.height - heading_h - ROW_H * (1 + rows_that_fit) - 5
    doc.build([Spacer(1, filler), *headed([heading], [table])])
    return [page.extract_text() for page in PdfReader(str(tmp_path / "k.pdf")).pages]


@pytest.mark.parametrize("rows_that_fit", [1, MIN_ROWS_UNDER_HEADING - 1])
def test_a_heading_with_too_few_rows_under_it_moves_on(tmp_path: Path, rows_that_fit: int) -> None:
    pages = _pages(tmp_path, rows_that_fit)
    assert "HEADING" not in pages[0] and "row 1" not in pages[0]
    assert pages[1].startswith("HEADING")


def test_a_heading_with_enough_rows_under_it_stays(tmp_path: Path) -> None:
    pages = _pages(tmp_path, MIN_ROWS_UNDER_HEADING + 1)
    assert "HEADING" in pages[0] and f"row {MIN_ROWS_UNDER_HEADING}" in pages[0]
