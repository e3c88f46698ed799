"""Base class of every page in the navigation (the page contract of ``navigation.py``).

Subclasses override what they need; the defaults do nothing. The window calls:

* ``refresh()`` when the page is first shown, when shown again after a write changed what it shows, and on F5;
* ``retranslate()`` after the UI language changes (set every label, header, placeholder again);
* ``open_record(code)`` after ``ctx.open_record(kind, code)`` selected this page;
* ``new_record()`` on Ctrl+N, ``focus_search()`` on Ctrl+F, ``save()`` on Ctrl+S, ``cancel()`` on Esc;
* ``can_leave()`` before switching away or closing: return False to stay (e.g. the user chose "Keep editing").

Every write's ``Changes`` (``ctx.changes_made``, broadcast by ``ui/ops.run_op``) reach :meth:`on_data_changed`; the
default marks the page stale when they touch what the page ``watches`` (a ``Changes`` naming the kinds it shows)
and refreshes it now if visible, otherwise when it is next shown.

Text size: labels named ``page_title`` (and any other label with an explicit point size given as a multiple of
the application font) keep that multiple when the text size changes in Settings — :meth:`follow_text_size`
runs on ``ctx.appearance_changed``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QWidget

from hoagiai_desktop.services.changes import NOTHING, Changes
from hoagiai_desktop.ui.context import UiContext

_SIZE_RESOLVED = 0x0002  # QFont::SizeResolved: the font's size was set explicitly


TITLE_SCALE = 1.4  # page titles: bold, 1.4 × the text size (they follow it, see Page.follow_text_size)


def page_title_label() -> QLabel:
    """The bold title at the top of every page (one look everywhere; found by tests as "page_title")."""
    title = QLabel()
    title.setObjectName("page_title")
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * TITLE_SCALE)
    font.setBold(True)
    title.setFont(font)
    return title


class Page(QWidget):
    watches: Changes = NOTHING  # the kinds of record this page shows

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._stale = True
        self._font_base = QApplication.font().pointSizeF()  # the application font the labels were sized for
        ctx.changes_made.connect(self.on_data_changed)
        ctx.appearance_changed.connect(self.follow_text_size)

    # -- the contract -------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        pass

    def refresh(self) -> None:
        pass

    def open_record(self, code: str) -> None:
        pass

    def new_record(self) -> None:
        pass

    def focus_search(self) -> None:
        pass

    def save(self) -> None:
        pass

    def cancel(self) -> None:
        pass

    def can_leave(self) -> bool:
        return True

    # -- staleness ----------------------------------------------------------------------------------------

    def on_data_changed(self, changes: Changes) -> None:
        if not changes.touches(self.watches):
            return
        if self.isVisible():
            self.refresh()
            self._stale = False
        else:
            self._stale = True

    def shown(self) -> None:
        """Called by the window each time the page becomes current."""
        if self._stale:
            self._stale = False
            self.refresh()

    # -- text size ----------------------------------------------------------------------------------------

    def follow_text_size(self) -> None:
        """Rescale titles (and other labels with an explicit size) to the new application font size."""
        new_base = QApplication.font().pointSizeF()
        old_base = self._font_base
        self._font_base = new_base
        if old_base <= 0 or new_base <= 0 or new_base == old_base:
            return
        for label in self.findChildren(QLabel):
            font = label.font()
            if not font.resolveMask() & _SIZE_RESOLVED:
                continue  # the size follows the application font by itself
            size = font.pointSizeF()
            if size <= 0:
                continue
            font.setPointSizeF(size * new_base / old_base)
            label.setFont(font)
