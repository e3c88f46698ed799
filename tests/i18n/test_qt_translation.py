"""Qt's own buttons, dialogs and context menus speak Vietnamese once i18n/qtbase_vi.ts is loaded (§ issue 2)."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hoagiai_desktop import i18n_build

TS = Path(__file__).resolve().parents[2] / "i18n" / "qtbase_vi.ts"

pytestmark = pytest.mark.skipif(
    i18n_build.lrelease_command() is None, reason="pyside6-lrelease not installed"
)


@pytest.fixture
def vi_translator(qapp: object, tmp_path: Path) -> Iterator[object]:
    from PySide6.QtCore import QCoreApplication, QTranslator

    path = i18n_build.compile_ts(TS, tmp_path / "qtbase_vi.qm")
    translator = QTranslator()
    assert translator.load(str(path))
    QCoreApplication.installTranslator(translator)
    yield translator
    QCoreApplication.removeTranslator(translator)


def _plain(text: str) -> str:
    return text.replace("&", "")


def test_message_box_standard_buttons_are_vietnamese(vi_translator: object) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox()
    box.setStandardButtons(
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel
    )
    assert _plain(box.button(QMessageBox.StandardButton.Yes).text()) == "Có"
    assert _plain(box.button(QMessageBox.StandardButton.No).text()) == "Không"
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Hủy"


def test_dialog_button_box_save_discard_close_apply_open(vi_translator: object) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    sb = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(sb.Ok | sb.Save | sb.Discard | sb.Close | sb.Apply | sb.Open | sb.RestoreDefaults)
    texts = {b: box.button(b).text() for b in (sb.Ok, sb.Save, sb.Discard, sb.Close, sb.Apply, sb.Open)}
    assert texts == {
        sb.Ok: "OK", sb.Save: "Lưu", sb.Discard: "Không lưu", sb.Close: "Đóng", sb.Apply: "Áp dụng", sb.Open: "Mở",
    }  # fmt: skip
    assert box.button(sb.RestoreDefaults).text() == "Khôi phục mặc định"


def test_line_edit_context_menu_is_vietnamese(vi_translator: object) -> None:
    from PySide6.QtWidgets import QLineEdit

    edit = QLineEdit("Nguyễn Thị Hường")
    menu = edit.createStandardContextMenu()
    labels = [_plain(a.text()).split("\t")[0] for a in menu.actions() if not a.isSeparator()]
    assert labels[:6] == ["Hoàn tác", "Làm lại", "Cắt", "Sao chép", "Dán", "Xóa"]
    assert "Chọn tất cả" in labels
    menu.deleteLater()


def test_qt_translation_file_is_never_older_than_the_source() -> None:
    path = i18n_build.qt_translation_file("vi")
    assert path is not None and path.exists()
    assert path.stat().st_mtime >= TS.stat().st_mtime


def test_without_translator_buttons_stay_english(qapp: object) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Yes)
    assert _plain(box.button(QMessageBox.StandardButton.Yes).text()) == "Yes"


def test_every_qt_message_is_translated_and_keeps_its_placeholders() -> None:
    root = ET.parse(TS).getroot()
    contexts = {c.findtext("name") for c in root.iter("context")}
    assert {
        "QPlatformTheme",
        "QDialogButtonBox",
        "QMessageBox",
        "QFileDialog",
        "QWidgetTextControl",
        "QLineEdit",
    } <= contexts
    problems = []
    for context in root.iter("context"):
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            text = translation.text or ""
            if not text or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                problems.append(f"untranslated: {context.findtext('name')} {source!r}")
            for n in range(1, 10):
                if (f"%{n}" in source) != (f"%{n}" in text):
                    problems.append(f"placeholder %{n}: {source!r}")
            if source.count("&") != text.count("&"):
                problems.append(f"accelerator: {source!r} -> {text!r}")
    assert problems == []


def test_the_apps_own_translator_hook_makes_buttons_vietnamese(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end with the window's start-up code: compiled qtbase_vi.qm in <package>/locale → Vietnamese buttons."""
    language = pytest.importorskip("hoagiai_desktop.ui.language")
    from PySide6.QtWidgets import QApplication, QMessageBox

    i18n_build.compile_ts(TS, tmp_path / "locale" / "qtbase_vi.qm")
    monkeypatch.setattr(language, "package_root", lambda: tmp_path)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        language.install_qt_translator(app, "vi")
        box = QMessageBox()
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard)
        assert _plain(box.button(QMessageBox.StandardButton.Yes).text()) == "Có"
        assert box.button(QMessageBox.StandardButton.Discard).text() == "Không lưu"
        language.install_qt_translator(app, "en")
        english = QMessageBox()
        english.setStandardButtons(QMessageBox.StandardButton.Yes)
        assert _plain(english.button(QMessageBox.StandardButton.Yes).text()) == "Yes"
    finally:
        language.install_qt_translator(app, "en")


def test_print_dialog_drawn_by_qt_is_vietnamese(vi_translator: object) -> None:
    """On Linux Qt draws the print dialog itself (Windows shows its own, in the system's language)."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QPushButton

    printer = QPrinter()
    dialog = QPrintDialog(printer)
    texts = {b.text() for b in dialog.findChildren(QPushButton)}
    assert {"&In", "Hủy"} <= texts
    dialog.deleteLater()


def _cells(tree: Any) -> list[tuple[int, str]]:
    """(column, text) of the size, kind and date cells the file dialog's detail view shows."""
    model, root = tree.model(), tree.rootIndex()
    return [
        (c, str(model.index(r, c, root).data() or "")) for r in range(model.rowCount(root)) for c in (1, 2, 3)
    ]


def test_qt_drawn_file_dialog_is_wholly_vietnamese_and_unclipped(
    vi_translator: object, tmp_path: Path
) -> None:
    """Where the platform has no native file dialog Qt draws its own: every label, button, tooltip and column
    header in Vietnamese (it said "Look in:" and "Files of type:"), and no column header cut ("Kích thướ")."""
    from PySide6.QtWidgets import QApplication

    from hoagiai_desktop.ui.widgets.fit import install_screen_fitter

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_screen_fitter(app)
    font = app.font()
    large = app.font()
    large.setPointSizeF(font.pointSizeF() * 1.5)  # 150 % text, where "Thư mục" was cut to "Th…ục"
    app.setFont(large)
    try:
        _check_file_dialogs(tmp_path)
    finally:
        app.setFont(font)


def _check_file_dialogs(tmp_path: Path) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QHeaderView, QLabel, QTreeView

    (tmp_path / "Sổ hòa giải.xlsx").write_bytes(b"x" * 5000)
    (tmp_path / "Báo cáo").mkdir()
    english = {"Look in", "Files of type", "File name", "Name", "Size", "Type", "Date Modified", "Open", "Cancel",
               "Save", "Back", "Forward", "Parent Directory", "Create New Folder", "List View", "Detail View"}  # fmt: skip
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "Chọn tệp", str(tmp_path), "Sổ Excel (*.xlsx)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(mode)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        dialog.show()
        for _ in range(20):
            QCoreApplication.processEvents()
        texts = [_plain(w.text()).rstrip(":") for w in dialog.findChildren(QLabel)]
        texts += [_plain(b.text()) for b in dialog.findChildren(QAbstractButton)]
        texts += [b.toolTip() for b in dialog.findChildren(QAbstractButton)]
        headers = [h for h in dialog.findChildren(QHeaderView) if h.orientation().name == "Horizontal"]
        assert headers
        for header in headers:
            model = header.model()
            titles = [str(model.headerData(i, header.orientation())) for i in range(header.count())]
            texts += titles
            assert {"Tên", "Kích thước", "Loại", "Ngày sửa đổi"} <= set(titles)
            metrics = header.fontMetrics()
            for i, title in enumerate(titles):
                if not header.isSectionHidden(i) and i < header.count() - 1:
                    assert header.sectionSize(i) >= metrics.horizontalAdvance(title), title
        assert "Tìm trong" in texts and "Loại tệp" in texts
        assert not english & set(texts), english & set(texts)
        # once the folder is read, the size, kind and date columns are as wide as what they show ("Th…ục" before)
        tree = next(v for v in dialog.findChildren(QTreeView) if v.isVisible())
        for _ in range(200):
            QCoreApplication.processEvents()
            if any(text == "Thư mục" for _c, text in _cells(tree)):
                break
            time.sleep(0.01)
        assert any(text == "Thư mục" for _c, text in _cells(tree))
        for _ in range(20):
            QCoreApplication.processEvents()
        metrics = tree.fontMetrics()
        for column, text in _cells(tree):
            assert tree.columnWidth(column) >= metrics.horizontalAdvance(text), text
        dialog.close()
        dialog.deleteLater()
