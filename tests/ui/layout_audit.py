"""Layout audit: every page and dialog at one screen size, with 100/150/200 % text and high contrast.

Run by ``test_layout_audit.py`` in a child process whose offscreen screen has the size under test (Qt reads the
screen once, at start-up)::

    QT_QPA_PLATFORM=offscreen:configfile=screen.json python -m tests.ui.layout_audit DB.sqlite3

It prints a JSON list of problems (empty = all good). For each configuration it builds the real window on the
database, shows every page of the file's kind (a commune's or a province's; list pages with a record selected),
then on a commune's file opens every dialog — the case form on each of
its steps, the register dialogs with an error message showing, an error message box, Qt's own file dialogs — and
checks each visible window:

* the window (frame included) lies inside the screen's available area;
* no widget is squeezed below its minimum size hint (what happens when a window is held smaller than its layout
  needs: text cut, buttons overlapping);
* a one-line label is as wide as its text; a wrapped label (an error message) as tall as its lines need;
* a button or check box shows its whole text;
* a combo box shows its whole current text, or carries it whole as its tooltip (an elided label's rule);
* a group box's title fits; a list's column headers fit; in lists sized by ``ColumnSizer`` every short-content
  column (names, codes, dates, states, teams) is as wide as its widest loaded cell;
* every button lies inside its window or inside a scroll area (so it can be reached).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

CONFIGS = [(100, False), (150, False), (200, False), (200, True)]  # (text %, high contrast)
TOLERANCE = 1  # pixels of rounding


def _text_width(metrics: Any, text: str) -> int:
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def _in_scroll_area(widget: Any, window: Any) -> bool:
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _name(widget: Any) -> str:
    name = widget.objectName() or ""
    text = ""
    for attr in ("text", "title"):
        getter = getattr(widget, attr, None)
        if callable(getter):
            try:
                value = getter()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                text = value[:40]
                break
    where = ""
    if not name:  # say where an unnamed widget is: the nearest named ancestor
        parent = widget.parentWidget()
        while parent is not None and not parent.objectName():
            parent = parent.parentWidget()
        where = f" in {parent.objectName()}" if parent is not None else ""
    return f"{type(widget).__name__}{'#' + name if name else ''}{' ' + repr(text) if text else ''}{where}"


def audit_window(window: Any, where: str) -> list[str]:
    """Problems of one shown top-level window (see the module docstring)."""
    from PySide6.QtWidgets import QWidget

    from hoagiai_desktop.ui.widgets.fit import available_area

    problems: list[str] = []
    area = available_area(window)
    frame = window.frameGeometry()
    if not area.contains(frame):
        problems.append(
            f"{where}: window {frame.width()}×{frame.height()} at {frame.x()},{frame.y()} is outside the "
            f"available {area.width()}×{area.height()}"
        )
    for widget in [window, *window.findChildren(QWidget)]:
        if widget.isVisible() and (widget is window or not widget.isWindow()):
            problems += _widget_problems(widget, window, where)
    return problems


def _squeezed(widget: Any) -> str | None:
    """Why ``widget`` is smaller than its minimum size hint, or None."""
    from PySide6.QtWidgets import (
        QAbstractSpinBox,
        QComboBox,
        QHeaderView,
        QScrollBar,
        QSizePolicy,
        QToolButton,
    )

    from hoagiai_desktop.ui.widgets.fit import ElidedLabel

    # scroll bars, headers, tab-bar arrows and a spin box's inner editor may be smaller than their hint
    # without cutting anything; an elided label and a combo box show the whole text as a tooltip / popup
    if isinstance(widget, (QScrollBar, ElidedLabel, QComboBox, QHeaderView, QToolButton)) or (
        isinstance(widget.parentWidget(), QAbstractSpinBox) or widget.inherits("QTabBar")
    ):
        return None
    hint = widget.minimumSizeHint()
    if not hint.isValid():
        return None
    policy = widget.sizePolicy()
    ignored = QSizePolicy.Policy.Ignored
    too_narrow = policy.horizontalPolicy() != ignored and widget.width() + TOLERANCE < min(
        hint.width(), widget.maximumWidth()
    )
    too_low = policy.verticalPolicy() != ignored and widget.height() + TOLERANCE < min(
        hint.height(), widget.maximumHeight()
    )
    if too_narrow or too_low:
        return f"squeezed to {widget.width()}×{widget.height()} (needs {hint.width()}×{hint.height()})"
    return None


def _widget_problems(widget: Any, window: Any, where: str) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QTableView, QToolButton

    from hoagiai_desktop.ui.widgets.columns import ColumnSizer
    from hoagiai_desktop.ui.widgets.fit import ElidedLabel

    label = _name(widget)
    squeezed = _squeezed(widget)
    if squeezed:
        return [f"{where}: {label} {squeezed}"]
    if isinstance(widget, QLabel) and not isinstance(widget, ElidedLabel):
        return _label_problems(widget, where, label)
    if isinstance(widget, QAbstractButton) and not isinstance(widget, QToolButton):
        return _button_problems(widget, window, where, label)
    if isinstance(widget, QComboBox):
        return _combo_problems(widget, where, label)
    if isinstance(widget, QGroupBox) and widget.title():
        need = widget.fontMetrics().horizontalAdvance(widget.title().replace("&", ""))
        return [f"{where}: {label} title cut"] if widget.width() < need else []
    if isinstance(widget, QTableView):
        return _table_problems(widget, where, label, widget.findChild(ColumnSizer))
    return []


def _button_problems(widget: Any, window: Any, where: str, label: str) -> list[str]:
    problems = []
    text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    need = _button_text_width(widget, text)
    if text and widget.width() + TOLERANCE < need:
        problems.append(f"{where}: {label} cut ({widget.width()} < {need} px)")
    if not _in_scroll_area(widget, window):
        inside = widget.mapTo(window, widget.rect().bottomRight())
        if not window.rect().contains(inside):
            problems.append(f"{where}: {label} outside its window (not reachable)")
    return problems


def _combo_problems(combo: Any, where: str, label: str) -> list[str]:
    """A combo box's current text must fit the field it is drawn in (Qt clips it there, without "…"), unless the
    combo carries the whole text as its tooltip. An editable combo is a line edit that scrolls: not checked."""
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    text = combo.currentText()
    if not text or combo.isEditable():
        return []
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    need = combo.fontMetrics().horizontalAdvance(text) + 2  # Qt draws the label 1 px in on each side
    if not option.currentIcon.isNull():
        need += combo.iconSize().width() + 4
    if field.width() + TOLERANCE >= need or text in combo.toolTip():
        return []
    return [f"{where}: {label} current text {text[:40]!r} cut ({field.width()} < {need} px), no tooltip"]


def _button_text_width(button: Any, text: str) -> int:
    """Width a button needs to show its text and icon (a check box adds its indicator), without Qt's minimum
    button width: a compact "+" button is fine as long as the "+" shows."""
    from PySide6.QtWidgets import QCheckBox, QRadioButton, QStyle

    style = button.style()
    need = button.fontMetrics().horizontalAdvance(text)
    if not button.icon().isNull():
        need += button.iconSize().width() + 4
    if isinstance(button, (QCheckBox, QRadioButton)):
        metric = (
            QStyle.PixelMetric.PM_IndicatorWidth
            if isinstance(button, QCheckBox)
            else (QStyle.PixelMetric.PM_ExclusiveIndicatorWidth)
        )
        need += style.pixelMetric(metric, None, button) + 4
    else:
        need += 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, button) // 2
    return need


def _label_problems(widget: Any, where: str, label: str) -> list[str]:
    from PySide6.QtGui import Qt  # QtGui's Qt namespace also has mightBeRichText

    text = widget.text()
    if not text or (widget.pixmap() is not None and not widget.pixmap().isNull()):
        return []
    rect = widget.contentsRect()
    margin = 2 * widget.margin() + max(0, widget.indent())
    if widget.wordWrap():
        need = widget.heightForWidth(widget.width())
        if need > widget.height() + TOLERANCE:
            return [f"{where}: {label} wrapped text cut ({widget.height()} < {need} px high)"]
        return []
    rich = widget.textFormat() == Qt.TextFormat.RichText or (
        widget.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
    )
    if rich:
        need_w = widget.sizeHint().width()
        if widget.width() + TOLERANCE < need_w:
            return [f"{where}: {label} cut ({widget.width()} < {need_w} px)"]
        return []
    shown = text.replace("&&", "\0").replace("&", "").replace("\0", "&") if widget.buddy() else text
    metrics = widget.fontMetrics()
    need_w = _text_width(metrics, shown) + margin
    lines = shown.count("\n") + 1
    if rect.width() + TOLERANCE < need_w:
        return [f"{where}: {label} cut ({rect.width()} < {need_w} px)"]
    if rect.height() + TOLERANCE < metrics.height() * lines:
        return [f"{where}: {label} cut in height"]
    return []


def _table_problems(table: Any, where: str, label: str, sizer: Any) -> list[str]:
    from PySide6.QtCore import Qt

    problems = []
    header = table.horizontalHeader()
    model = table.model()
    if model is None or header.isHidden():
        return []
    metrics = header.fontMetrics()
    last = header.count() - 1
    for col in range(header.count()):
        if header.isSectionHidden(col) or (col == last and header.stretchLastSection()):
            continue
        title = model.headerData(col, Qt.Orientation.Horizontal)
        if title and header.sectionSize(col) + TOLERANCE < metrics.horizontalAdvance(str(title)):
            problems.append(f"{where}: {label} column header {str(title)!r} cut")
    if sizer is not None:
        contents = sizer.content_widths()
        for col, column in enumerate(sizer.columns):
            if column.long or column.max_chars or header.isSectionHidden(col):
                continue
            if table.columnWidth(col) + TOLERANCE < contents[col]:
                problems.append(
                    f"{where}: {label} column {column.key!r} narrower than its text "
                    f"({table.columnWidth(col)} < {contents[col]})"
                )
    return problems


# -- walking the application ----------------------------------------------------------------------------------


def _spin(app: Any, seconds: float = 0.05) -> None:
    end = time.monotonic() + seconds
    while True:
        app.processEvents()
        if time.monotonic() >= end:
            break
        time.sleep(0.005)


def _settle(window: Any) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    for _ in range(4):
        app.processEvents()
        window.ctx.worker.wait_idle(30_000)
        window.ctx.reader.wait_idle(30_000)
    _spin(app, 0.05)


Step = tuple[str, Callable[[], Any], Callable[[Any], None] | None]


def _dialogs(window: Any) -> Iterator[Step]:
    """(name, factory, then) of every dialog the audit opens: the factory returns a dialog ready to show, ``then``
    (if any) runs once it is shown — an error message appearing in an open dialog must not be cut."""
    from PySide6.QtWidgets import QFileDialog

    from hoagiai_desktop.domain import models as m
    from hoagiai_desktop.errors import UserError
    from hoagiai_desktop.ui import dialogs as d
    from hoagiai_desktop.ui.pages.case_form import CaseForm
    from hoagiai_desktop.ui.widgets.error_dialog import build_error_box

    ctx = window.ctx
    with ctx.db.session() as s:
        case_id = s.query(m.Case.id).order_by(m.Case.id.desc()).first()[0]
        team = s.query(m.Team).order_by(m.Team.id).first()
        team_id, team_name = team.id, team.name
        members = [(mm.full_name, mm.id) for mm in s.query(m.Mediator).order_by(m.Mediator.id).limit(5)]
    long_error = (
        "Số phiếu đồng ý (12) không được lớn hơn số người tham gia biểu quyết (10); hãy kiểm tra lại biên bản "
        "bầu hòa giải viên rồi nhập lại hai con số này."
    )

    date_error = (
        f"Ngày bầu tổ trưởng không được sau ngày hôm nay ({dt.date.today():%d/%m/%Y}); hãy nhập ngày đã diễn ra "
        "cuộc bầu theo biên bản."
    )

    def vote_error(dialog: Any) -> None:
        dialog.form.set_errors({"votes": long_error})

    def date_error_on(dialog: Any) -> None:
        keys = list(dialog.form.fields)
        dialog.form.set_errors({next((k for k in keys if "date" in k), keys[-1]): date_error})

    yield "case form (new)", lambda: CaseForm(ctx, None, window), None
    yield "case form (existing)", lambda: CaseForm(ctx, case_id, window), None
    yield (
        "recognition dialog with a vote error",
        lambda: d.RecognitionDialog(window, ctx, team_id=team_id, team_name=team_name),
        vote_error,
    )
    yield (
        "elect leader dialog with a date error",
        lambda: d.ElectLeaderDialog(window, members, None),
        date_error_on,
    )
    yield (
        "date dialog with a sentence error",
        lambda: d.DateDialog(window, "Giải thể tổ hòa giải", "Ngày giải thể"),
        lambda dialog: dialog.show_errors(UserError(long_error)),
    )
    yield "termination dialog", lambda: d.TerminationDialog(window, "Nguyễn Thị Hường"), None
    yield "mediator picker", lambda: d.MediatorPicker(window, ctx), None
    yield "error message box", lambda: build_error_box(window, UserError(long_error)), None

    def people() -> Any:
        from hoagiai_desktop.services.training_read import PersonRow
        from hoagiai_desktop.ui.pages.training_coverage import PeopleDialog

        rows = [PersonRow(i, f"HGV-{i:05d}", name, "Tổ hòa giải tổ dân phố Bãi Sậy", "Chưa được tập huấn")
                for i, (name, _id) in enumerate(members, 1)]  # fmt: skip
        return PeopleDialog(ctx, "Hòa giải viên chưa được tập huấn", rows, window)

    yield "people behind a figure", people, None

    def first_run() -> Any:
        from hoagiai_desktop.ui.first_run import FirstRunDialog

        return FirstRunDialog(window)

    yield "first-run dialog", first_run, None

    def file_dialog(save: bool) -> Callable[[], Any]:
        def make() -> Any:
            dialog = QFileDialog(window, "Xuất ra Excel", str(Path.home()), "Sổ Excel (*.xlsx)")
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
            dialog.setViewMode(QFileDialog.ViewMode.Detail)
            if save:
                dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            return dialog

        return make

    yield "file dialog (open)", file_dialog(False), None
    yield "file dialog (save)", file_dialog(True), None


def audit_application(
    db_path: str,
    configs: list[tuple[int, bool]] = CONFIGS,
    *,
    login: tuple[str, str] | None = None,
    pages: set[str] | None = None,
) -> list[str]:
    """``login``: (name, password) of the user to log in as (server mode: the pages a quản trị sees); ``pages``:
    audit only these pages (and no dialog)."""
    from PySide6.QtWidgets import QTabWidget

    from hoagiai_desktop.storage.opening import open_database
    from hoagiai_desktop.ui import application
    from hoagiai_desktop.ui.appearance import open_settings
    from hoagiai_desktop.ui.pages.list_page import ListPage

    app = application.ensure_app()
    application.apply_language("vi")
    problems: list[str] = []
    db = open_database(db_path)
    if login is not None:
        from hoagiai_desktop.services.users import login as log_in

        log_in(db, *login)
    try:
        for scale, contrast in configs:
            settings = open_settings()
            settings.clear()
            settings.setValue("ui/text_scale", scale)
            settings.setValue("ui/high_contrast", contrast)
            window = application.build_window(db, settings)
            window.show()
            tag = f"{scale} %{' high contrast' if contrast else ''}"
            try:
                keys = [k for k in window.page_keys() if pages is None or k in pages]
                assert pages is None or set(keys) == pages, keys  # a page asked for must be there
                for key in keys:
                    window.show_page(key)
                    _settle(window)
                    page = window.pages[key]
                    if isinstance(page, ListPage) and page.model.rowCount():
                        page.select_row(0)
                        _settle(window)
                    problems += audit_window(window, f"{tag}, page {key}")
                # the dialogs are the commune's (case form, registers); a province's file has none of them
                dialogs = _dialogs(window) if window.file_kind == "commune" and pages is None else iter(())
                for name, make, then in dialogs:
                    dialog = make()
                    dialog.show()
                    _settle(window)
                    if then is not None:
                        then(dialog)
                        _settle(window)
                    tabs = dialog.findChild(QTabWidget)
                    steps = range(tabs.count()) if tabs is not None else [0]
                    for step in steps:
                        if tabs is not None:
                            tabs.setCurrentIndex(step)
                            _spin(app, 0.02)
                        where = f"{tag}, {name}" + (f" step {step + 1}" if tabs is not None else "")
                        problems += audit_window(dialog, where)
                    dialog.close()
                    dialog.deleteLater()
            finally:
                window.ctx.worker.stop()
                window.ctx.reader.stop()
                window.close()
                window.deleteLater()
                _spin(app, 0.01)
    finally:
        db.dispose()
    return problems


def screen_config(width: int, height: int, folder: Path) -> Path:
    """A config file for Qt's offscreen platform with one screen of ``width``×``height`` at 96 dpi."""
    path = folder / f"screen-{width}x{height}.json"
    screen = {"name": "audit", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}  # fmt: skip
    path.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}), encoding="utf-8")
    return path


if __name__ == "__main__":
    # DB [--login NAME PASSWORD] [--pages KEY,KEY]
    args = sys.argv[1:]
    user = (args[args.index("--login") + 1], args[args.index("--login") + 2]) if "--login" in args else None
    only = set(args[args.index("--pages") + 1].split(",")) if "--pages" in args else None
    print(json.dumps(audit_application(args[0], login=user, pages=only), ensure_ascii=False, indent=1))
