"""Base class of every page in the navigation (the page contract of ``navigation.py``).

Subclasses override what they need; the defaults do nothing. The window calls:

* ``refresh()`` when the page is first shown, when shown again after ``ctx.data_changed``, and on F5;
* ``retranslate()`` after the UI language changes (set every label, header, placeholder again);
* ``open_record(code)`` after ``ctx.open_record(kind, code)`` selected this page;
* ``new_record()`` on Ctrl+N, ``focus_search()`` on Ctrl+F, ``save()`` on Ctrl+S, ``cancel()`` on Esc;
* ``can_leave()`` before switching away or closing: return False to stay (e.g. the user chose "Keep editing").

``data_changed(kind)`` reaches :meth:`on_data_changed`; the default marks the page stale when ``kind`` is in
``watches`` (or is "*") and refreshes it now if visible, otherwise when it is next shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from hoagiai_desktop.ui.context import UiContext


class Page(QWidget):
    watches: tuple[str, ...] = ()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._stale = True
        ctx.data_changed.connect(self.on_data_changed)

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

    def on_data_changed(self, kind: str) -> None:
        if kind != "*" and kind not in self.watches:
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
