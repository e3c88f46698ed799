"""Painted charts for the dashboard, readable at a glance and at any text size.

* :class:`TargetBars` — one horizontal bar per plan target: the actual percentage as a filled bar, the target as
  a dark tick, green when the target is met and red when not, with "actual % / target %" in words beside it.
* :class:`StackedBar` — one bar split into parts (e.g. cases: successful / unsuccessful / in progress / not
  started) with a legend that gives every count.

They paint with the widget's font and palette, so the text-size and high-contrast settings apply to them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from hoagiai_desktop.i18n import _, format_number, format_percent

MET = QColor("#2e7d32")
NOT_MET = QColor("#c62828")


def _on_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def _met_colours(widget: QWidget) -> tuple[QColor, QColor]:
    """Bar colours; brighter on a dark (high-contrast) background."""
    return (QColor("#69f0ae"), QColor("#ff8a80")) if _on_dark(widget) else (MET, NOT_MET)


@dataclass(frozen=True)
class TargetBar:
    label: str
    actual: float | None  # percent
    target: float  # percent
    detail: str = ""  # e.g. "2 820 / 3 000"

    @property
    def met(self) -> bool:
        return self.actual is not None and self.actual >= self.target


class TargetBars(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[TargetBar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[TargetBar]) -> None:
        self.bars = bars
        self.setAccessibleDescription(
            "; ".join(f"{b.label}: {format_percent(b.actual)} / {format_percent(b.target)}" for b in bars)
        )
        self.setMinimumHeight(self._height_for(max(300, self.width())))
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return int(self.fontMetrics().height() * 2.6)

    def _label_width(self, width: int) -> int:
        return int(width * 0.38)

    def _row_heights(self, width: int) -> list[int]:
        """Each row is tall enough for its label wrapped to the label column (three lines at 150 % text)."""
        fm = self.fontMetrics()
        label_w = max(1, self._label_width(width))
        heights = []
        for bar in self.bars:
            wrapped = fm.boundingRect(QRect(0, 0, label_w, 100_000), int(Qt.TextFlag.TextWordWrap), bar.label)
            heights.append(max(self._row_height(), wrapped.height() + 12))
        return heights

    def _height_for(self, width: int) -> int:
        return max(self._row_height(), sum(self._row_heights(width))) + 8

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height_for(width)

    def sizeHint(self) -> QSize:
        return QSize(520, self._height_for(max(520, self.width())))

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self._height_for(max(300, self.width())))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.setMinimumHeight(self._height_for(self.width()))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        track = self.palette().color(QPalette.ColorRole.Mid)
        heights = self._row_heights(self.width())
        label_w = self._label_width(self.width())
        # the value column is as wide as its widest line (a long detail such as the province's "82 / 117 · 2/9
        # xã đạt" must not run off the widget's edge)
        widest = max([fm.horizontalAdvance(b.detail) for b in self.bars if b.detail], default=0)
        value_w = max(fm.horizontalAdvance("100,0 % / 100,0 %  ✔"), widest) + 8
        bar_x = label_w + 8
        bar_w = max(40, self.width() - bar_x - value_w - 8)
        bar_h = max(10, int(fm.height() * 0.9))
        met_colour, not_met_colour = _met_colours(self)
        y = 4
        for bar, row_h in zip(self.bars, heights, strict=True):
            p.setPen(text_colour)
            p.drawText(
                QRectF(0, y, label_w, row_h - 8),
                Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                bar.label,
            )
            by = y + (row_h - 8 - bar_h) / 2
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(track)
            p.drawRoundedRect(QRectF(bar_x, by, bar_w, bar_h), 3, 3)
            actual = max(0.0, min(100.0, bar.actual or 0.0))
            p.setBrush(met_colour if bar.met else not_met_colour)
            p.drawRoundedRect(QRectF(bar_x, by, bar_w * actual / 100.0, bar_h), 3, 3)
            tx = bar_x + bar_w * max(0.0, min(100.0, bar.target)) / 100.0
            p.setPen(QPen(text_colour, 3))
            p.drawLine(int(tx), int(by - 4), int(tx), int(by + bar_h + 4))
            mark = "✔" if bar.met else ("✘" if bar.actual is not None else "")
            p.setPen(text_colour if bar.actual is None else met_colour if bar.met else not_met_colour)
            value = f"{format_percent(bar.actual)} / {format_percent(bar.target)}  {mark}"
            value_rect = QRectF(bar_x + bar_w + 8, y, value_w, row_h - 8)
            if bar.detail:
                # Two lines in the value column: the percentages, then the counts ("17 / 21") in the text colour,
                # so the counts are never drawn under the bar where the next row and the target tick cover them.
                top = y + (row_h - 8 - 2 * fm.height()) / 2
                p.drawText(
                    QRectF(value_rect.x(), top, value_w, fm.height()), Qt.AlignmentFlag.AlignLeft, value
                )
                p.setPen(text_colour)
                p.drawText(
                    QRectF(value_rect.x(), top + fm.height(), value_w, fm.height()),
                    Qt.AlignmentFlag.AlignLeft,
                    bar.detail,
                )
            else:
                p.drawText(value_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, value)
            y += row_h
        p.end()


@dataclass(frozen=True)
class Part:
    label: str
    value: int
    colour: str


class StackedBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts: list[Part] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_parts(self, parts: list[Part]) -> None:
        self.parts = parts
        self.setAccessibleDescription("; ".join(f"{x.label}: {x.value}" for x in parts))
        self.setMinimumHeight(self._height_for(max(200, self.width())))
        self.updateGeometry()
        self.update()

    def _texts(self) -> list[str]:
        total = sum(x.value for x in self.parts)
        return [
            f"{x.label}: {format_number(x.value)}"
            + (f" ({format_percent(100.0 * x.value / total)})" if total else "")
            for x in self.parts
        ]

    def _columns(self, width: int) -> int:
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(t) for t in self._texts()), default=0) + fm.height() + 12
        return 2 if widest * 2 <= width else 1

    def _height_for(self, width: int) -> int:
        fm = self.fontMetrics()
        rows = -(-len(self.parts) // self._columns(width)) if self.parts else 0
        return int(fm.height() * 1.4 + 10 + rows * fm.height() * 1.5)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height_for(width)

    def sizeHint(self) -> QSize:
        return QSize(420, self._height_for(420))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self._height_for(max(200, self.width())))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.setMinimumHeight(self._height_for(self.width()))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        total = sum(x.value for x in self.parts)
        bar_h = int(fm.height() * 1.4)
        x = 0.0
        width = float(self.width() - 2)
        p.setPen(Qt.PenStyle.NoPen)
        if total == 0:
            p.setBrush(self.palette().color(QPalette.ColorRole.Mid))
            p.drawRect(QRectF(0, 0, width, bar_h))
        for part in self.parts:
            w = width * part.value / total if total else 0
            p.setBrush(QColor(part.colour))
            p.drawRect(QRectF(x, 0, w, bar_h))
            x += w
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        columns = self._columns(self.width())
        col_w = self.width() / columns
        texts = self._texts()
        for i, part in enumerate(self.parts):
            row, col = divmod(i, columns)
            y = bar_h + 6 + row * fm.height() * 1.5
            lx = col * col_w
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(part.colour))
            p.drawRect(QRectF(lx, y + 3, fm.height() - 6, fm.height() - 6))
            p.setPen(text_colour)
            p.drawText(
                QRectF(lx + fm.height(), y, col_w - fm.height(), fm.height() * 1.4),
                Qt.AlignmentFlag.AlignLeft,
                texts[i],
            )
        p.end()


def no_data_text() -> str:
    return _("No data for this period yet.")
