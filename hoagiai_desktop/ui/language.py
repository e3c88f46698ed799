"""The language of the window: gettext for our strings (pages re-translate through the i18n listener), Qt's own
buttons and dialogs through Qt's translator, and Qt's number and date widgets through the default QLocale.

Its own module so the settings page can switch language without importing the application start-up.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from hoagiai_desktop import i18n
from hoagiai_desktop.paths import package_root

_qt_translator: QTranslator | None = None


def install_qt_translator(app: QApplication, lang: str) -> None:
    """Qt's own buttons (OK/Cancel/Yes/No, line-edit menu) in Vietnamese when the catalogue is shipped."""
    global _qt_translator
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if lang != "vi":
        return
    folder = package_root() / "locale"
    if not (folder / "qtbase_vi.qm").exists():
        return
    translator = QTranslator(app)
    if translator.load(
        QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam), "qtbase", "_", str(folder)
    ):
        app.installTranslator(translator)
        _qt_translator = translator


def apply_language(lang: str) -> str:
    """Switch language everywhere: gettext (pages re-translate through the listener) and Qt's buttons."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        install_qt_translator(app, lang)
    # Qt's own number and date widgets follow the UI language too (decimal comma in Vietnamese).
    QLocale.setDefault(
        QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
        if lang == "vi"
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    )
    return i18n.set_language(lang)
