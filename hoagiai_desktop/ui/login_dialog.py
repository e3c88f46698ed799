"""The login dialog (server mode, DOMAIN §8): asked before any data is shown when the data file has users.

The dialog only collects the name and the password and says the service's one sentence (wrong password — which
counts towards the five-failure lock-out —, locked until a time, disabled); the check itself is
``services.users.login`` (scrypt, lock-out), the same one the command line's ``--user`` uses. Esc or closing the
dialog quits the program without showing anything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import users
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.text import nfc
from hoagiai_desktop.ui.widgets.forms import ERROR_STYLE


class LoginDialog(QDialog):
    """Name and password for ``db``; accepted only once ``users.login`` succeeded (the db then acts as the user)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("login_dialog")
        self.setModal(True)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.heading = QLabel()  # the title bar may be missing (no window manager) or cut: say it inside too
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.heading.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.place = QLabel()
        self.place.setObjectName("login_place")
        self.place.setWordWrap(True)
        self.place.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name = QLineEdit()
        self.name.setObjectName("login_name")
        self.password = QLineEdit()
        self.password.setObjectName("login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("login_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setAccessibleName(_("Login problem"))
        self.error.hide()
        form = QFormLayout()
        self.name_label = QLabel()
        self.password_label = QLabel()
        self.name_label.setBuddy(self.name)
        self.password_label.setBuddy(self.password)
        form.addRow(self.name_label, self.name)
        form.addRow(self.password_label, self.password)
        self.buttons = QDialogButtonBox()
        self.ok_button = QPushButton()
        self.ok_button.setObjectName("login_ok")
        self.ok_button.setDefault(True)
        self.quit_button = QPushButton()
        self.quit_button.setObjectName("login_quit")
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        self.name.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_login)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.place)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.name.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("HoaGiai — log in"))
        self.heading.setText(_("Log in"))
        self.place.setText(_("Data file: {path}").format(path=self.db.describe()))
        self.intro.setText(_("This data file is shared by several officers; log in with your user name."))
        self.name_label.setText(_("&User name"))
        self.password_label.setText(_("&Password"))
        self.ok_button.setText(_("Log in"))
        self.quit_button.setText(_("Quit"))

    def say(self, sentence: str) -> None:
        self.error.setText(sentence)
        self.error.show()

    def try_login(self) -> None:
        """Check the password with the service (scrypt takes a moment: a wait cursor, on purpose not a thread —
        nothing else can happen before the login anyway)."""
        name = nfc(self.name.text()).strip()
        if not name:
            self.say(_("Give your user name."))
            self.name.setFocus()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            users.login(self.db, name, self.password.text())
        except UserError as err:
            self.say(err.message)
            self.password.clear()
            self.password.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()


def ask_login(db: Database, parent: QWidget | None = None) -> bool:
    """True when nobody needs to log in or the user did; False when the user quit (Esc, Quit, closed)."""
    if not users.has_users(db):
        return True
    return LoginDialog(db, parent).exec() == QDialog.DialogCode.Accepted
