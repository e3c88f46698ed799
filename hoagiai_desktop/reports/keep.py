"""Keeping things together on paper: a heading with the start of what it heads, and the signature block with the
end of the content (DOMAIN §5: "never alone on a page").

ReportLab's ``KeepTogether`` moves a whole group to the next page, which does nothing for a group taller than a
page (a long table, a 20,000-character agreement) and leaves half-empty pages for a group almost that tall. These
flowables cut the content itself instead: :class:`KeepWithTail` carries the last rows or lines of the content over
with the signature block; :class:`KeepWithNext` keeps a heading with the first lines of its text. Like
``KeepTogether`` they only ever split (their ``wrap`` asks for more room than any page), so they draw nothing
themselves.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer
from reportlab.platypus.doctemplate import FrameBreak
from reportlab.platypus.flowables import _listWrapOn

_HUGE = 0xFFFFFF


def flatten(items: list[Flowable]) -> list[Flowable]:
    """``items`` with ``KeepTogether`` groups opened (their height is measurable; ours keeps them together)."""
    out: list[Flowable] = []
    for item in items:
        if isinstance(item, KeepTogether):
            out.extend(flatten(list(item._content)))
        else:
            out.append(item)
    return out


def _height(items: list[Flowable], width: float, canv: Any) -> float:
    return float(_listWrapOn(items, width, canv)[1])


def _at_top(flowable: Flowable) -> bool:
    frame = getattr(flowable, "_frame", None)
    return bool(frame is not None and getattr(frame, "_atTop", False))


def _carry_height(body: Flowable, body_h: float) -> float:
    """How much of the end of ``body`` goes over to the next page with the tail: the last two table rows, or
    the last two lines of a paragraph (a little more than that, so the split lands before them)."""
    heights = getattr(body, "_rowHeights", None)
    if heights:
        return float(sum(heights[-2:])) + 1
    style = getattr(body, "style", None)
    leading = float(getattr(style, "leading", 0) or 0)
    if leading:
        return 2 * leading + 1
    return body_h  # not splittable: the whole body goes with the tail


class KeepWithTail(Flowable):
    """``body`` (a table or a paragraph, the last content) followed by ``tail`` (notes, signatures, "Nơi nhận"),
    arranged so the tail never starts a page: when both do not fit, the end of the body moves with the tail.
    ``lead`` (a heading over the body) stays with the start of the body."""

    def __init__(self, body: Flowable, tail: list[Flowable], lead: list[Flowable] | None = None) -> None:
        super().__init__()
        if isinstance(body, KeepWithNext):  # a heading over the last paragraph: keep all three together
            lead, body = [*(lead or []), *body.head], body.body
        self.body = body
        self.tail = flatten(tail)
        self.lead = flatten(lead or [])

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, _HUGE

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        canv = self.canv
        tail_h = _height(self.tail, avail_width, canv)
        lead_h = _height(self.lead, avail_width, canv) if self.lead else 0.0
        body_h = float(self.body.wrapOn(canv, avail_width, _HUGE)[1])
        if lead_h + body_h + tail_h <= avail_height:
            return [*self.lead, self.body, *self.tail]
        cut = min(avail_height - lead_h, body_h - _carry_height(self.body, body_h))
        parts = self.body.splitOn(canv, avail_width, cut) if cut > 0 else []
        if len(parts) >= 2:
            return [*self.lead, *parts[:-1], FrameBreak(), KeepWithTail(parts[-1], self.tail)]
        if _at_top(self):  # nothing can be carried and a fresh page is no better: print as it comes
            return [*self.lead, self.body, *self.tail]
        return [FrameBreak(), KeepWithTail(self.body, self.tail, self.lead)]


# A heading over a table stays only with this many body rows under it (a header and a total row alone under a
# heading are no more use than the heading alone).
MIN_ROWS_UNDER_HEADING = 3


def _enough_under(body: Flowable, parts: list[Flowable]) -> bool:
    """Whether the first part of a split ``body`` is enough of it to stay under its heading."""
    if len(parts) < 2:
        return False
    rows = getattr(body, "_cellvalues", None)
    if rows is None:
        return True  # a paragraph: ReportLab already keeps at least its first lines (widows/orphans)
    repeat = getattr(body, "repeatRows", 0)
    header = len(repeat) if isinstance(repeat, tuple) else int(repeat or 0)
    first_rows = len(getattr(parts[0], "_cellvalues", rows))
    return first_rows - header >= min(MIN_ROWS_UNDER_HEADING, len(rows) - header)


class KeepWithNext(Flowable):
    """A heading and the text it heads: the heading moves to the next page unless the first lines (or rows) of
    the text fit under it. Unlike ``keepWithNext`` the text may be longer than a page."""

    def __init__(self, head: list[Flowable], body: Flowable) -> None:
        super().__init__()
        self.head = flatten(head)
        self.body = body

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, _HUGE

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        canv = self.canv
        head_h = _height(self.head, avail_width, canv)
        room = avail_height - head_h
        if room > 0:
            body_h = float(self.body.wrapOn(canv, avail_width, _HUGE)[1])
            if body_h <= room or _enough_under(self.body, self.body.splitOn(canv, avail_width, room)):
                return [*self.head, self.body]
        if _at_top(self):
            return [*self.head, self.body]
        return [FrameBreak(), *self.head, self.body]


def end_with(story: list[Flowable], tail: list[Flowable]) -> list[Flowable]:
    """``story`` whose last content flowable is kept with ``tail`` (trailing spacers join the tail)."""
    story = list(story)
    lead: list[Flowable] = []
    while story and isinstance(story[-1], Spacer):
        lead.insert(0, story.pop())
    if not story:
        return lead + tail
    last = story.pop()
    if isinstance(last, KeepTogether):
        inner = flatten([last])
        story.extend(inner[:-1])
        last = inner[-1]
    story.append(KeepWithTail(last, lead + tail))
    return story


def headed(head: list[Flowable], body: list[Flowable]) -> list[Flowable]:
    """``head`` kept with the first flowable of ``body`` (no heading at the foot of a page)."""
    if not body:
        return head
    return [KeepWithNext(head, body[0]), *body[1:]]


class StoryBuilder:
    """A story whose headings are kept with the first flowable after them and whose last flowable is kept with
    the signature block: ``heading()`` for titles, ``add()`` for content, ``finish(tail)`` at the end."""

    def __init__(self, story: list[Flowable] | None = None) -> None:
        self.items: list[Flowable] = list(story or [])
        self._heads: list[Flowable] = []

    def heading(self, flowable: Flowable) -> None:
        self._heads.append(flowable)

    def add(self, *flowables: Flowable) -> None:
        for flowable in flowables:
            if self._heads and not isinstance(flowable, Spacer):
                self.items.append(KeepWithNext(self._heads, flowable))
                self._heads = []
            elif self._heads:
                self._heads.append(flowable)
            else:
                self.items.append(flowable)

    def finish(self, tail: list[Flowable]) -> list[Flowable]:
        items = self.items + self._heads
        self._heads = []
        return end_with(items, tail)
