"""QA findings on the dashboard: the counts behind every target are shown, and drawn where nothing covers them."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from tests.ui.conftest import settle


def _ink(image: QImage, x0: int, y0: int, x1: int, y1: int, darker_than: int) -> int:
    """Pixels in the rectangle darker than the given lightness (the background is light)."""
    count = 0
    for y in range(max(0, y0), min(image.height(), y1)):
        for x in range(max(0, x0), min(image.width(), x1)):
            if QColor(image.pixel(x, y)).lightness() < darker_than:
                count += 1
    return count


def test_target_counts_are_drawn_beside_the_bar_not_under_it(qtbot: Any) -> None:
    from hoagiai_desktop.ui.charts import TargetBar, TargetBars

    holder = QWidget()
    qtbot.addWidget(holder)
    bars = TargetBars(holder)
    bars.resize(700, 200)
    bars.set_bars([TargetBar("Tổ hòa giải có thành phần đúng quy định", 81.0, 100.0, "17 / 21")])
    image = bars.grab().toImage()
    background = QColor(image.pixel(1, 1)).lightness()

    fm = bars.fontMetrics()
    row_h = bars._row_height()
    label_w = int(bars.width() * 0.38)
    value_w = fm.horizontalAdvance("100,0 % / 100,0 %  ✔") + 8
    bar_x = label_w + 8
    bar_w = max(40, bars.width() - bar_x - value_w - 8)
    bar_h = max(10, int(fm.height() * 0.9))
    by = 4 + (row_h - 8 - bar_h) / 2
    # Below the bar (and its target tick) nothing is written: the old chart put "17 / 21" there in light grey,
    # where the next row's label and the tick covered it.
    assert _ink(image, bar_x, int(by + bar_h + 5), bar_x + bar_w - 8, row_h, background - 20) == 0
    # The counts are a second line in the value column, in the (dark) text colour.
    value_x = bar_x + bar_w + 8
    mid = 4 + (row_h - 8) // 2
    assert _ink(image, value_x, mid, value_x + value_w, row_h, 120) > 10


def test_every_target_shows_the_counts_behind_it(demo_db: Any, make_window: Any) -> None:
    from hoagiai_desktop.i18n import format_number

    window = make_window(demo_db)
    window.show_page("dashboard")
    settle(window)
    page = window.pages["dashboard"]
    f = page.data.figures
    details = {bar.label: bar.detail for bar in page.target_bars.bars}
    assert all(details.values()), details
    # The two targets given as ready percentages show their counts too (they showed nothing before).
    trained = f"{format_number(f['training.trained'])} / {format_number(f['mediators.total'])}"
    success = f"{format_number(f['cases.successful'])} / {format_number(f['cases.handled'])}"
    assert trained in details.values()
    assert success in details.values()


def test_a_long_target_label_at_large_text_gets_a_taller_row(qtbot: Any) -> None:
    from PySide6.QtCore import QRect, Qt

    from hoagiai_desktop.ui.charts import TargetBar, TargetBars

    bars = TargetBars()
    qtbot.addWidget(bars)
    font = bars.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    bars.setFont(font)
    label = "Tổ hòa giải có người hỗ trợ là người có chuyên môn pháp luật"
    bars.set_bars(
        [TargetBar(label, 23.8, 10.0, "5 / 21"), TargetBar("Vụ việc hòa giải thành", 73.0, 85.0, "65 / 89")]
    )
    width = 560
    fm = bars.fontMetrics()
    wrapped = fm.boundingRect(QRect(0, 0, int(width * 0.38), 100_000), int(Qt.TextFlag.TextWordWrap), label)
    assert wrapped.height() > 2.6 * fm.height()  # three lines: the old fixed row (2.6 lines) clipped it
    # The widget asks for enough height for the wrapped label plus a normal row for the short one.
    assert bars.heightForWidth(width) >= wrapped.height() + int(fm.height() * 2.6)
    bars.resize(width, bars.heightForWidth(width))
    assert bars.minimumHeight() == bars.heightForWidth(width)


def test_an_empty_commune_shows_no_percentage_rather_than_a_red_zero(db: Any, make_window: Any) -> None:
    window = make_window(db)
    window.show_page("dashboard")
    settle(window)
    page = window.pages["dashboard"]
    assert page.tiles[3].value.text() == "—"  # success rate with no case handled
    assert [bar.actual for bar in page.target_bars.bars] == [None] * len(page.target_bars.bars)
    assert not any(bar.met for bar in page.target_bars.bars)


def test_switching_language_relabels_the_targets_and_the_attention_list(
    demo_db: Any, make_window: Any
) -> None:
    from hoagiai_desktop import i18n
    from hoagiai_desktop.services.targets import DEFAULT_TARGETS
    from hoagiai_desktop.ui.language import apply_language

    before = i18n.language()
    apply_language("vi")
    try:
        window = make_window(demo_db)
        window.show_page("dashboard")
        settle(window)
        page = window.pages["dashboard"]
        tree = page.attention_tree
        first_line = tree.topLevelItem(0).child(0).text(0)
        assert first_line.startswith("Có thể yêu cầu Tòa án")  # court-recognition deadline, in Vietnamese
        apply_language("en")
        settle(window)
        english = {t.description for t in DEFAULT_TARGETS}
        assert {bar.label for bar in page.target_bars.bars} <= english
        # the sentences of the attention list are made again in English (they stayed Vietnamese)
        line = tree.topLevelItem(0).child(0).text(0)
        assert line.isascii(), line
    finally:
        apply_language(before)
