"""The report preview: a rendered PDF shown page by page inside the window, rasterised off the GUI thread.

Pages are turned into images one at a time, when shown (the next one is fetched ahead), on a small thread pool:
with PySide6's QtPdf when this build has it, otherwise with poppler's ``pdftoppm``. When neither exists the pane
says so in one sentence; saving the PDF still works. Printing paints the pages rasterised at 300 dpi onto a
QPrinter on the same pool (QPainter may paint on a QPrinter outside the GUI thread).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QImage, QKeyEvent, QPageLayout, QPainter, QPixmap, QResizeEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _

PREVIEW_DPI = 144  # sharp up to 150 % on a 96 dpi screen
PRINT_DPI = 300
SCREEN_DPI = 96
ZOOM_STEP = 1.25
PAGE_MARGIN = 16  # grey around the paper
MIN_ZOOM, MAX_ZOOM = 0.25, 4.0


# ---- rasterising (any thread) ------------------------------------------------------------------------------------


def rasteriser() -> str | None:
    """Which rasteriser: "qtpdf", "pdftoppm", or None when this computer has no way to turn PDF pages into images."""
    try:
        importlib.import_module("PySide6.QtPdf")  # a wheel of its own; present in the Windows build
        return "qtpdf"
    except ImportError:  # absent, or present without the Qt libraries it needs
        pass
    if shutil.which("pdftoppm"):
        return "pdftoppm"
    return None


def _qtpdf_page(pdf: Path, page: int, dpi: int) -> QImage:
    qtpdf: Any = importlib.import_module("PySide6.QtPdf")
    doc = qtpdf.QPdfDocument()
    try:
        doc.load(str(pdf))
        if page >= doc.pageCount():
            raise UserError(
                _("Page {page} of the report could not be shown as an image.").format(page=page + 1)
            )
        size = doc.pagePointSize(page)
        pixels = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
        drawn: QImage = doc.render(page, pixels)  # transparent where the paper is blank
    finally:
        doc.close()
    paper = QImage(pixels, QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, drawn)
    painter.end()
    return paper


def _pdftoppm_page(pdf: Path, page: int, dpi: int) -> QImage:
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
    done = subprocess.run(
        [
            "pdftoppm",
            "-f",
            str(page + 1),
            "-l",
            str(page + 1),
            "-r",
            str(dpi),
            "-png",
            "-singlefile",
            str(pdf),
        ],
        capture_output=True,
        timeout=300,
        check=False,
        creationflags=flags,
    )
    image = QImage.fromData(QByteArray(done.stdout)) if done.returncode == 0 else QImage()
    if image.isNull():
        raise UserError(_("Page {page} of the report could not be shown as an image.").format(page=page + 1))
    return image


def rasterise_page(pdf: Path, page: int, dpi: int = PREVIEW_DPI, kind: str | None = None) -> QImage:
    """Page ``page`` (0-based) of ``pdf`` as an image at ``dpi``."""
    kind = kind or rasteriser()
    if kind == "qtpdf":
        return _qtpdf_page(pdf, page, dpi)
    if kind == "pdftoppm":
        return _pdftoppm_page(pdf, page, dpi)
    raise UserError(_("This computer cannot show PDF pages as images; save the report as PDF to look at it."))


def print_pages(pdf: Path, pages: int, printer: QPrinter, kind: str | None = None) -> int:
    """Paint every page, rasterised at 300 dpi, onto ``printer`` (landscape pages turn the paper); returns pages."""
    printer.setFullPage(True)
    painter = QPainter()
    try:
        for n in range(pages):
            image = rasterise_page(pdf, n, PRINT_DPI, kind)
            orientation = (
                QPageLayout.Orientation.Landscape
                if image.width() > image.height()
                else QPageLayout.Orientation.Portrait
            )
            if n == 0:
                printer.setPageOrientation(orientation)
                if not painter.begin(printer):
                    raise UserError(
                        _("The printer could not be started; check that it is switched on and ready.")
                    )
            else:
                printer.setPageOrientation(orientation)
                printer.newPage()
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = target.x() + (target.width() - scaled.width()) // 2
            y = target.y() + (target.height() - scaled.height()) // 2
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRect(x, y, scaled.width(), scaled.height()), image)
    finally:
        if painter.isActive():
            painter.end()
    return pages


# ---- work on a thread pool that reports back on the GUI thread ----------------------------------------------------


class _Relay(QObject):
    """Created on the GUI thread; its signals, emitted on a pool thread, arrive queued on the GUI thread."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        finished: Callable[[_Relay], None],
    ) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self._finished = finished
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)

    @Slot(object)
    def _deliver_done(self, result: Any) -> None:
        self._finished(self)
        self._on_done(result)

    @Slot(object)
    def _deliver_failed(self, exc: Any) -> None:
        self._finished(self)
        self._on_error(exc)


def _close(pool: ThreadPoolExecutor, alive: list[bool]) -> None:
    alive[0] = False
    pool.shutdown(wait=False, cancel_futures=True)


class TaskRunner(QObject):
    """Runs plain functions (no database) on a small pool of Python threads; callbacks come on the GUI thread.

    Python threads rather than QRunnables: nothing on the Qt side has to outlive the Python object that ran.
    """

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="hoagiai-pages")
        self._waiting: set[_Relay] = set()
        self._futures: list[Future[None]] = []
        self._alive = [True]  # cleared when the runner (and so its page) is gone: late results are dropped
        self.destroyed.connect(lambda *_a, pool=self.pool, alive=self._alive: _close(pool, alive))

    def start(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        alive = self._alive

        def deliver(callback: Callable[[Any], None]) -> Callable[[Any], None]:
            return lambda value: callback(value) if alive[0] else None

        relay = _Relay(deliver(on_done), deliver(on_error), self._waiting.discard)
        self._waiting.add(relay)

        def work() -> None:
            try:
                result = fn()
            except BaseException as exc:  # reported on the GUI thread, never lost
                relay.failed.emit(exc)
            else:
                relay.done.emit(result)

        self._futures = [f for f in self._futures if not f.done()] + [self.pool.submit(work)]

    def is_idle(self) -> bool:
        return not self._waiting

    def wait(self, timeout_s: float = 30) -> bool:
        """Wait until the running work finished (its callbacks are still queued); for tests and closing."""
        _done, pending = futures_wait(self._futures, timeout=timeout_s)
        return not pending


# ---- the pane ----------------------------------------------------------------------------------------------------


class PreviewPane(QWidget):
    """Pages of one PDF: previous / next (PgUp / PgDn), zoom out / in (Ctrl+- / Ctrl++) and fit to width."""

    page_shown = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self.kind = rasteriser()
        self.pdf: Path | None = None
        self.page_count = 0
        self.current = 0
        self.zoom: float | None = None  # None = fit to the width of the pane
        self.images: dict[int, QImage] = {}
        self._asked: set[int] = set()
        self._generation = 0
        self.last_error: BaseException | None = None

        self.prev_button = QPushButton()
        self.prev_button.setObjectName("preview_prev")
        self.prev_button.clicked.connect(self.previous_page)
        self.next_button = QPushButton()
        self.next_button.setObjectName("preview_next")
        self.next_button.clicked.connect(self.next_page)
        self.page_label = QLabel()
        self.page_label.setObjectName("preview_page_label")
        self.zoom_out_button = QPushButton()
        self.zoom_out_button.setObjectName("preview_zoom_out")
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button = QPushButton()
        self.zoom_in_button.setObjectName("preview_zoom_in")
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button = QPushButton()
        self.fit_button.setObjectName("preview_fit")
        self.fit_button.clicked.connect(self.fit_width)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(70)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for button in (self.zoom_out_button, self.zoom_in_button):
            button.setFixedWidth(40)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for w in (self.prev_button, self.page_label, self.next_button):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addWidget(w)

        self.image_label = QLabel()
        self.image_label.setObjectName("preview_image")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setWordWrap(True)
        self.image_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("preview_scroll")
        self.scroll_area.setWidget(self.image_label)
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area.setStyleSheet("QScrollArea#preview_scroll { background: #8a8f96; }")
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)

        self.scroll_area.installEventFilter(self)
        self.retranslate()
        self.show_message(_("Choose a report on the left and press Preview."))

    # -- public ----------------------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.prev_button.setText(_("◀ Previous"))
        self.prev_button.setToolTip(_("Previous page (Page Up)"))
        self.next_button.setText(_("Next ▶"))
        self.next_button.setToolTip(_("Next page (Page Down)"))
        self.zoom_out_button.setText("−")
        self.zoom_out_button.setToolTip(_("Zoom out (Ctrl+-)"))
        self.zoom_out_button.setAccessibleName(_("Zoom out"))
        self.zoom_in_button.setText("+")
        self.zoom_in_button.setToolTip(_("Zoom in (Ctrl++)"))
        self.zoom_in_button.setAccessibleName(_("Zoom in"))
        self.fit_button.setText(_("Fit width"))
        self._update_bar()

    def show_message(self, text: str) -> None:
        """A sentence in place of the pages (nothing built yet, no rasteriser, an error)."""
        self._generation += 1
        self.pdf = None
        self.page_count = 0
        self.images.clear()
        self._asked.clear()
        self.image_label.setPixmap(QPixmap())
        # dark text on the light grey behind the pages (white on grey was hard to read)
        self.image_label.setStyleSheet(
            "color: #111111; background: #d9dce0; border: 1px solid #5f656d; padding: 24px;"
        )
        self.image_label.setText(text)
        self._place_label()
        self._update_bar()

    def show_pdf(self, pdf: Path, pages: int) -> bool:
        """Show ``pdf`` from its first page; False (and a sentence) when this computer cannot rasterise."""
        if self.kind is None:
            self.show_message(
                _(
                    "This computer cannot show the pages here (no PDF viewer part is installed); "
                    "the report can still be saved as PDF and printed."
                )  # fmt: skip
            )
            return False
        self._generation += 1
        self.pdf = pdf
        self.page_count = pages
        self.current = 0
        self.images.clear()
        self._asked.clear()
        self.last_error = None
        self.image_label.setStyleSheet("")
        self.image_label.setText(_("Preparing page 1…"))
        self._request(0)
        self._update_bar()
        return True

    def go_to(self, page: int) -> None:
        if not self.page_count:
            return
        self.current = max(0, min(self.page_count - 1, page))
        self._request(self.current)
        self._update_bar()

    def next_page(self) -> None:
        self.go_to(self.current + 1)

    def previous_page(self) -> None:
        self.go_to(self.current - 1)

    def zoom_in(self) -> None:
        self._set_zoom(self._effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self._effective_zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.zoom = None
        self._display()

    def is_idle(self) -> bool:
        return self.runner.is_idle()

    def handle_key(self, event: QKeyEvent) -> bool:
        """Page Up / Page Down turn the page; Ctrl++ / Ctrl+- zoom (in the pages or on the pane's buttons)."""
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_PageDown:
            self.next_page()
        elif key == Qt.Key.Key_PageUp:
            self.previous_page()
        elif ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif ctrl and key == Qt.Key.Key_Minus:
            self.zoom_out()
        else:
            return False
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.scroll_area
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            return self.handle_key(event)
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event):
            super().keyPressEvent(event)

    # -- internals -------------------------------------------------------------------------------------------------

    def _set_zoom(self, value: float) -> None:
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, value))
        self._display()

    def _effective_zoom(self) -> float:
        """The scale shown, 1.0 = the paper's real size on a 96 dpi screen."""
        if self.zoom is not None:
            return self.zoom
        image = self.images.get(self.current)
        if image is None or image.isNull():
            return 1.0
        natural = image.width() * SCREEN_DPI / PREVIEW_DPI
        # leave room for the vertical scroll bar, which a page shown at full width usually needs
        room = self.scroll_area.width() - 2 * self.scroll_area.frameWidth()
        room -= self.scroll_area.verticalScrollBar().sizeHint().width() + 2 * PAGE_MARGIN
        return max(MIN_ZOOM, room / natural)

    def _request(self, page: int) -> None:
        pdf, kind, generation = self.pdf, self.kind, self._generation
        for n in (page, page + 1):  # the page asked for, then the next one ahead
            if pdf is None or n >= self.page_count or n in self.images or n in self._asked:
                continue
            self._asked.add(n)
            self._rasterise(pdf, n, kind, generation)
        self._display()

    def _rasterise(self, pdf: Path, page: int, kind: str | None, generation: int) -> None:
        def work() -> QImage:
            return rasterise_page(pdf, page, PREVIEW_DPI, kind)

        def done(image: QImage) -> None:
            self._arrived(generation, page, image)

        def failed(exc: BaseException) -> None:
            self._failed(generation, page, exc)

        self.runner.start(work, done, failed)

    def _arrived(self, generation: int, page: int, image: QImage) -> None:
        if generation != self._generation:
            return
        self.images[page] = image
        if page == self.current:
            self._display()
            self.page_shown.emit(page)

    def _failed(self, generation: int, page: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._asked.discard(page)
        self.last_error = exc
        if page == self.current:
            message = (
                str(exc) if isinstance(exc, UserError) else _("The page could not be shown as an image.")
            )
            self.image_label.setPixmap(QPixmap())
            self.image_label.setText(message)
            self._place_label()

    def _display(self) -> None:
        image = self.images.get(self.current)
        if image is None:
            if self.pdf is not None:
                self.image_label.setPixmap(QPixmap())
                self.image_label.setText(_("Preparing page {page}…").format(page=self.current + 1))
                self._place_label()
            self._update_bar()
            return
        zoom = self._effective_zoom()
        width = max(50, round(image.width() * SCREEN_DPI / PREVIEW_DPI * zoom))
        scaled = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.image_label.setText("")
        self.image_label.setPixmap(QPixmap.fromImage(scaled))
        self.image_label.resize(scaled.width() + 2 * PAGE_MARGIN, scaled.height() + 2 * PAGE_MARGIN)
        self._update_bar()

    def _place_label(self) -> None:
        viewport = self.scroll_area.viewport().size()
        self.image_label.resize(max(200, viewport.width() - 4), max(120, viewport.height() - 4))

    def _update_bar(self) -> None:
        has_pages = self.page_count > 0
        self.prev_button.setEnabled(has_pages and self.current > 0)
        self.next_button.setEnabled(has_pages and self.current < self.page_count - 1)
        for button in (self.zoom_in_button, self.zoom_out_button):
            button.setEnabled(has_pages)
        # "Fit width" is a button to press when the page is not fitted; the label always gives the scale as a
        # percentage (it said "fit width" beside a button of the same words).
        self.fit_button.setEnabled(has_pages and self.zoom is not None)
        self.page_label.setText(
            _("Page {page} of {pages}").format(page=self.current + 1, pages=self.page_count)
            if has_pages
            else ""
        )
        if not has_pages:
            self.zoom_label.setText("")
        else:
            self.zoom_label.setText(f"{round(self._effective_zoom() * 100)} %")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.zoom is None and self.images.get(self.current) is not None:
            self._display()
        elif self.images.get(self.current) is None:
            self._place_label()
