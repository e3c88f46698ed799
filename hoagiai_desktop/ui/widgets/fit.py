"""Windows fit the screen they are on, whatever the text size (issue 12).

* :func:`scrolling` puts a page or a form into a frameless scroll area, so its minimum size never pushes the window
  past the screen: at 1280×720 with 200 % text the content scrolls inside instead.
* :func:`fit_to_screen` shrinks and moves a top-level window into the available area of its screen (taskbar
  excluded); :class:`ScreenFitter`, installed once on the application, does it for every window and dialog the
  moment it is shown — message boxes and Qt's own dialogs included.
* :class:`ElidedLabel` is a one-line label that may be narrower than its text: it elides in the middle and shows
  the whole text as a tooltip (the data file's path in the status bar).
* :func:`tooltip_shows_current_text`: a combo box narrower than its current choice (Qt clips it, without "…")
  carries the whole choice as its tooltip; :class:`ElidingComboBox` also ends the cut choice with "…", so one sees
  that there is more to read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QFileSystemModel,
    QFrame,
    QHeaderView,
    QLabel,
    QListView,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTreeView,
    QWidget,
)

from hoagiai_desktop.ui.widgets.columns import guard_tables


def scrolling(content: QWidget, name: str = "") -> QScrollArea:
    """A frameless scroll area around ``content`` that resizes it to the area while there is room."""
    area = QScrollArea()
    if name:
        area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    hold_scroll_contents(area)
    return area


class _MinimumWidthHolder(QObject):
    """Keeps a scroll area's content at least as wide as its layout's minimum.

    A resizable QScrollArea whose content has height-for-width (wrapped labels, a form with wrapping labels) gives
    it the viewport's width even when that is narrower than the layout's minimum: buttons and fields were squeezed
    and cut instead of the area scrolling sideways."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and isinstance(watched, QWidget):
            layout = watched.layout()
            if layout is not None:
                width = layout.totalMinimumSize().width()
                if watched.minimumWidth() != width:
                    watched.setMinimumWidth(width)
        return False


def hold_scroll_contents(root: QWidget) -> None:
    """Install the minimum-width holder on the content of every resizable scroll area under ``root`` (once)."""
    areas = root.findChildren(QScrollArea)
    if isinstance(root, QScrollArea):
        areas.append(root)
    for area in areas:
        content = area.widget()
        if (
            not area.widgetResizable()
            or content is None
            or content.findChild(_MinimumWidthHolder, "", Qt.FindChildOption.FindDirectChildrenOnly)
        ):
            continue
        holder = _MinimumWidthHolder(content)
        content.installEventFilter(holder)
        layout = content.layout()
        if layout is not None:
            content.setMinimumWidth(layout.totalMinimumSize().width())


def available_area(widget: QWidget | None = None) -> QRect:
    """The available geometry (without taskbar) of the screen ``widget`` is on, else of the primary screen."""
    screen = widget.screen() if widget is not None else None
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def frame_margins(window: QWidget) -> QSize:
    """Width and height the window manager's frame adds (0×0 before the window is shown or without a frame)."""
    frame, inner = window.frameGeometry(), window.geometry()
    return QSize(max(0, frame.width() - inner.width()), max(0, frame.height() - inner.height()))


def fit_to_screen(window: QWidget) -> None:
    """Shrink ``window`` to the available area of its screen (frame included) and move it fully inside."""
    area = available_area(window)
    extra = frame_margins(window)
    max_w, max_h = area.width() - extra.width(), area.height() - extra.height()
    # a minimum size from an earlier, bigger screen must not hold the window larger than this one
    if window.minimumWidth() > max_w or window.minimumHeight() > max_h:
        window.setMinimumSize(min(window.minimumWidth(), max_w), min(window.minimumHeight(), max_h))
    width, height = min(window.width(), max_w), min(window.height(), max_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.y()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, area.x()), max(y, area.y()))


def needed_height(window: QWidget) -> int:
    """The height ``window``'s layout needs at its current width (wrapped labels included)."""
    layout = window.layout()
    if layout is None:
        return window.height()
    need = layout.totalMinimumSize().height()
    if layout.hasHeightForWidth():
        need = max(need, layout.totalHeightForWidth(window.width()))
    return need


def grow_to_content(window: QWidget) -> None:
    """Make a dialog tall enough for its content after the content grew (an error message appeared).

    Qt gives a top-level window the minimum height of its layout but ignores height-for-width, so a word-wrapped
    error under a field was cut to half a line; this grows the window instead (never past the screen)."""
    if not window.isVisible():
        return
    need = needed_height(window)
    if need > window.height():
        limit = available_area(window).height() - frame_margins(window).height()
        window.resize(window.width(), min(need, limit))
        fit_to_screen(window)


def widen_file_dialog(dialog: QFileDialog) -> None:
    """Qt's own file dialog (where the platform has no native one) is sized for English: "Kích thước" was cut to
    "Kích thướ", "Thư mục" to "Th…ục", "Máy tính" to "Má…". Make it roomier (within the screen), widen every column
    to its title now and to its contents once the folder is read, and the places list to its entries."""
    metrics = dialog.fontMetrics()
    area = available_area(dialog)
    width = min(max(dialog.width(), metrics.averageCharWidth() * 84), int(area.width() * 0.9))
    height = min(max(dialog.height(), metrics.height() * 26), int(area.height() * 0.85))
    if (width, height) != (dialog.width(), dialog.height()):
        dialog.resize(width, height)
    for header in dialog.findChildren(QHeaderView):
        if header.orientation() != Qt.Orientation.Horizontal:
            continue
        for section in range(header.count()):
            need = header.sectionSizeHint(section)
            if not header.isSectionHidden(section) and header.sectionSize(section) < need:
                header.resizeSection(section, need)
    sidebar = dialog.findChild(QListView, "sidebar")
    if sidebar is not None:
        sidebar.setMinimumWidth(sidebar.sizeHintForColumn(0) + 2 * sidebar.frameWidth() + 8)
    model = dialog.findChild(QFileSystemModel)
    if model is not None and not model.property("hoagiai_widened"):
        model.setProperty("hoagiai_widened", True)
        model.directoryLoaded.connect(lambda _path: _fit_columns(dialog))


def _fit_columns(dialog: QFileDialog) -> None:
    if not shiboken6.isValid(dialog):
        return
    for view in dialog.findChildren(QTreeView):
        for column in range(1, view.header().count()):  # the name column stretches
            view.resizeColumnToContents(column)


def _widen_if_alive(dialog: QFileDialog) -> None:
    if shiboken6.isValid(dialog):
        widen_file_dialog(dialog)


class ScreenFitter(QObject):
    """Application-wide event filter: each top-level window is fitted to its screen when it is shown, and a
    dialog grows when its content needs more height (wrapped messages)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: list[QWidget] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.Show, QEvent.Type.LayoutRequest):
            return False
        if not isinstance(watched, QWidget) or not watched.isWindow():
            return False
        if watched.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen):
            return False
        if kind == QEvent.Type.Show:
            fit_to_screen(watched)
            guard_tables(watched)
            hold_scroll_contents(watched)
            if isinstance(watched, QFileDialog):
                widen_file_dialog(watched)
                QTimer.singleShot(0, lambda: _widen_if_alive(watched))
        elif isinstance(watched, QDialog) and watched not in self._pending:
            # the layout recomputes after this event: look once it has
            self._pending.append(watched)
            QTimer.singleShot(0, self._grow_pending)
        return False

    def _grow_pending(self) -> None:
        pending, self._pending = self._pending, []
        for window in pending:
            if shiboken6.isValid(window):
                grow_to_content(window)


_fitter: ScreenFitter | None = None


def install_screen_fitter(app: QApplication) -> None:
    global _fitter
    if _fitter is None:
        _fitter = ScreenFitter(app)
        app.installEventFilter(_fitter)


@contextlib.contextmanager
def screen_fitter_paused() -> Iterator[None]:
    """No screen fitting while the body runs: for building and showing a page inside the main window, where no
    window can appear. The fitter is a Python event filter on the whole application — every event of every
    widget passes through it (several thousand for a page), and while a worker thread runs Python each one waits
    for the interpreter: it made building a page take two to three times as long."""
    app = QApplication.instance()
    if _fitter is None or app is None:
        yield
        return
    app.removeEventFilter(_fitter)
    try:
        yield
    finally:
        app.installEventFilter(_fitter)


def tooltip_shows_current_text(combo: QComboBox) -> None:
    """Keep ``combo``'s tooltip equal to its current text (its items' own tooltips are untouched). A caller that
    refills the combo with its signals blocked sets the tooltip again itself."""
    combo.currentTextChanged.connect(combo.setToolTip)
    combo.setToolTip(combo.currentText())


class ElidingComboBox(QComboBox):
    """A combo box that may be narrower than its current choice: the choice is elided at the right ("…") instead of
    clipped, and is whole in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tooltip_shows_current_text(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        # QComboBox.paintEvent, with the label's text elided to the field it is drawn in
        painter = QStylePainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, max(0, field.width() - 2)
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class ElidedLabel(QLabel):
    """One line of text that may be narrower than the text: elided in the middle, whole text in the tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
        self.update()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), self.fontMetrics().averageCharWidth() * 80), hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().averageCharWidth() * 12), hint.height())

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), shown)
