"""Per-PC preferences and how the window looks: settings file, bundled font, text size, high contrast.

Preferences live in an INI file in the data folder (``settings.ini``), so tests (which get their own
HOAGIAI_DATA_DIR) never touch the real user's settings. Every key, with its type and default, is declared in
``ui/options.py``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from hoagiai_desktop.paths import data_dir, resource
from hoagiai_desktop.ui.options import HIGH_CONTRAST, TEXT_SCALE

log = logging.getLogger(__name__)

BASE_POINT_SIZE = 10.0
_family: str | None = None
_default_palette: QPalette | None = None


# Fields need visible edges on black; the focused one gets a thick yellow frame (the padding shrinks by as much as
# the border grows, so focus never changes a field's size and cuts it). Popups (combo lists, menus) get a frame too.
HIGH_CONTRAST_STYLE = """
QLineEdit, QPlainTextEdit, QComboBox, QSpinBox, QDoubleSpinBox, QTableView, QTreeWidget, QListWidget {
    border: 1px solid #ffffff; padding: 2px; background: #000000; color: #ffffff; }
QLineEdit:disabled, QComboBox:disabled, QSpinBox:disabled { border: 1px dashed #909090; color: #a0a0a0; }
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus,
QTableView:focus, QTreeWidget:focus, QListWidget:focus { border: 3px solid #ffd400; padding: 0px; }
QPushButton { border: 1px solid #ffffff; padding: 3px 10px; background: #1a1a1a; color: #ffffff; }
QPushButton:focus { border: 3px solid #ffd400; padding: 1px 8px; }
QPushButton:disabled { border: 1px dashed #909090; color: #a0a0a0; }
QCheckBox::indicator, QRadioButton::indicator { width: 14px; height: 14px; border: 2px solid #ffffff; background: #000000; }
QCheckBox::indicator:checked, QRadioButton::indicator:checked { background: #ffd400; }
QHeaderView::section { background: #1a1a1a; color: #ffffff; border: 1px solid #808080; }
QComboBox QAbstractItemView { border: 2px solid #ffffff; background: #000000; color: #ffffff;
    selection-background-color: #ffd400; selection-color: #000000; }
QMenu { border: 2px solid #ffffff; background: #000000; color: #ffffff; }
QMenu::item:selected { background: #ffd400; color: #000000; }
QToolTip { border: 1px solid #ffffff; background: #000000; color: #ffffff; }
"""


def open_settings() -> QSettings:
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def load_bundled_font() -> str | None:
    """Register Liberation Sans and return its family (stable rendering whatever fonts the PC has)."""
    global _family
    if _family is not None:
        return _family
    for name in ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"):
        path = resource("fonts", name)
        if path.exists():
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families and _family is None:
                _family = families[0]
    if _family is None:
        log.warning("bundled font not found; using the system font")
    return _family


def text_scale(settings: QSettings) -> int:
    return TEXT_SCALE.get(settings)


def apply_appearance(app: QApplication, settings: QSettings) -> None:
    """Font family and size from the text-size setting; palette for the high-contrast option."""
    global _default_palette
    family = load_bundled_font()
    font = QFont(family) if family else QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * text_scale(settings) / 100.0)
    app.setFont(font)
    if _default_palette is None:
        _default_palette = QPalette(app.palette())
    if HIGH_CONTRAST.get(settings):
        app.setPalette(high_contrast_palette())
        app.setStyleSheet(HIGH_CONTRAST_STYLE)
    else:
        app.setPalette(_default_palette)
        app.setStyleSheet("")


def high_contrast_palette() -> QPalette:
    p = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffd400")
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, black)
        p.setColor(group, QPalette.ColorRole.WindowText, white)
        p.setColor(group, QPalette.ColorRole.Base, black)
        p.setColor(group, QPalette.ColorRole.AlternateBase, QColor("#1a1a1a"))
        p.setColor(group, QPalette.ColorRole.Text, white)
        p.setColor(group, QPalette.ColorRole.Button, QColor("#1a1a1a"))
        p.setColor(group, QPalette.ColorRole.ButtonText, white)
        p.setColor(group, QPalette.ColorRole.Highlight, yellow)
        p.setColor(group, QPalette.ColorRole.HighlightedText, black)
        p.setColor(group, QPalette.ColorRole.ToolTipBase, black)
        p.setColor(group, QPalette.ColorRole.ToolTipText, white)
        p.setColor(group, QPalette.ColorRole.Link, QColor("#7fd4ff"))
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor("#c0c0c0"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#a0a0a0"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#a0a0a0"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#a0a0a0"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Window, black)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, black)
    return p
