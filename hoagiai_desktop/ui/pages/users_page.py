"""Người dùng: the officers who log in to a shared province data file (server mode, DOMAIN §8), for a quản trị —
the list, add a user, and for the user chosen: change the role, set a new password, unlock, disable or enable.

On a data file without users (the one-person office, no login) the page explains that, and offers to make the
first user, who is always a quản trị: the program then acts as that user, and every later start asks for a login.
The window shows the page only to a quản trị or on a file without users; the services refuse everyone else anyway.
Every write is ``services.user_admin`` through ``ui.ops.run_op``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import user_admin, users
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.text import nfc
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.pages.base import Page, page_title_label
from hoagiai_desktop.ui.pages.province_common import day, fill, table
from hoagiai_desktop.ui.widgets.forms import ERROR_STYLE

ROLES = (users.ADMIN, users.OFFICER, users.VIEWER)


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _role_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for role in ROLES:
        combo.addItem("", role)
    return combo


def _label(buddy: Any) -> QLabel:
    label = QLabel()  # not wrapped: a form's label column takes its width (a wrapped one is cut, "Vai / trò")
    label.setBuddy(buddy)
    return label


class UsersPage(Page):
    watches = Changes(users=True)
    loaded = Signal()  # tests wait on it
    done = Signal()  # a write finished (or was refused)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.rows: list[users.UserRow] = []
        self.first_user = False  # the file has no users yet: only the first quản trị can be made
        self.title = page_title_label()
        self.intro = QLabel()
        self.intro.setObjectName("users_intro")
        self.intro.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("users_message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.users_table = table(4, "users_table", stretch=0)
        self.users_table.itemSelectionChanged.connect(self._selected)

        # the user chosen in the list
        self.chosen_box = QGroupBox()
        self.role = _role_combo("chosen_role")
        self.role_button = QPushButton()
        self.role_button.setObjectName("change_role")
        self.role_button.clicked.connect(self.change_role)
        self.new_password = _password_field("reset_password")
        self.new_password_again = _password_field("reset_password_again")
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("reset_password_button")
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("unlock_user")
        self.unlock_button.clicked.connect(self.unlock)
        self.disable_button = QPushButton()
        self.disable_button.setObjectName("disable_user")
        self.disable_button.clicked.connect(self.toggle_disabled)
        self.role_label = _label(self.role)
        self.new_password_label = _label(self.new_password)
        self.new_password_again_label = _label(self.new_password_again)
        chosen = QFormLayout(self.chosen_box)
        role_row = QHBoxLayout()
        role_row.addWidget(self.role)
        role_row.addWidget(self.role_button)
        role_row.addStretch(1)
        chosen.addRow(self.role_label, role_row)
        chosen.addRow(self.new_password_label, self.new_password)
        reset_row = QHBoxLayout()
        reset_row.addWidget(self.new_password_again, 1)
        reset_row.addWidget(self.reset_button)
        chosen.addRow(self.new_password_again_label, reset_row)
        state_row = QHBoxLayout()
        state_row.addWidget(self.unlock_button)
        state_row.addWidget(self.disable_button)
        state_row.addStretch(1)
        chosen.addRow(state_row)

        # a new user
        self.add_box = QGroupBox()
        self.add_name = QLineEdit()
        self.add_name.setObjectName("add_name")
        self.add_name.setMaxLength(100)
        self.add_role = _role_combo("add_role")
        self.add_password = _password_field("add_password")
        self.add_password_again = _password_field("add_password_again")
        self.add_button = QPushButton()
        self.add_button.setObjectName("add_user")
        self.add_button.clicked.connect(self.add_user)
        self.add_name_label = _label(self.add_name)
        self.add_role_label = _label(self.add_role)
        self.add_password_label = _label(self.add_password)
        self.add_password_again_label = _label(self.add_password_again)
        add = QFormLayout(self.add_box)
        add.addRow(self.add_name_label, self.add_name)
        add.addRow(self.add_role_label, self.add_role)
        add.addRow(self.add_password_label, self.add_password)
        add.addRow(self.add_password_again_label, self.add_password_again)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        add.addRow(add_row)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.message)
        layout.addWidget(self.users_table, 1)
        layout.addWidget(self.chosen_box)
        layout.addWidget(self.add_box)
        layout.addStretch(
            0
        )  # takes the table's room while the table is hidden (first user): nothing spreads out
        self.page_layout = layout
        self.add_role.setCurrentIndex(ROLES.index(users.OFFICER))
        self._show_mode()
        self.retranslate()

    # -- text ---------------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Users"))
        self._say_intro()
        self.users_table.setHorizontalHeaderLabels([_("User name"), _("Role"), _("State"), _("Added on")])
        for combo in (self.role, self.add_role):
            for n, role in enumerate(ROLES):
                combo.setItemText(n, _(users.ROLE_LABELS[role]))
        self.role_label.setText(_("&Role"))
        self.role_button.setText(_("Change role"))
        self.new_password_label.setText(_("New password"))
        self.new_password_again_label.setText(_("Repeat it"))
        self.reset_button.setText(_("Set new password"))
        self.unlock_button.setText(_("Unlock"))
        self.add_name_label.setText(_("User &name"))
        self.add_role_label.setText(_("Role"))
        self.add_password_label.setText(_("Password"))
        self.add_password_again_label.setText(_("Repeat the password"))
        self.add_box.setTitle(_("First administrator") if self.first_user else _("Add a user"))
        self.add_button.setText(_("Create the administrator") if self.first_user else _("Add the user"))
        self._say_chosen()
        if self.rows:
            self._fill()

    def _say_intro(self) -> None:
        if self.first_user:
            self.intro.setText(
                _(
                    "Nobody logs in to this data file: it is meant for one officer. When several officers share it "
                    "(the province office's PostgreSQL server), make the first user here — always an "
                    "administrator, who then adds the others. From the next start everyone logs in with a user "
                    "name and password (at least {n} characters); five wrong passwords lock an account for "
                    "{minutes} minutes."
                ).format(n=users.MIN_PASSWORD, minutes=users.LOCK_MINUTES)
            )
        else:
            self.intro.setText(
                _(
                    "The officers who log in to this data file. An administrator manages users and keys, an "
                    "officer receives and reports, read only can only look. Users are never deleted: disable "
                    "the account of someone who leaves. The last administrator cannot be demoted or disabled."
                )
            )

    def _say_chosen(self) -> None:
        row = self._chosen()
        self.chosen_box.setTitle(
            _("User {name}").format(name=row.name) if row else _("Choose a user in the list to change it.")
        )
        self.disable_button.setText(_("Enable") if row is not None and row.disabled else _("Disable"))

    def _state(self, row: users.UserRow) -> str:
        if row.disabled:
            return _("disabled")
        if row.locked() and row.locked_until is not None:
            return _("locked until {time}").format(time=day(row.locked_until, True))
        return _("active")

    # -- loading ------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.ctx.run(_load, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, result: tuple[bool, list[users.UserRow]]) -> None:
        chosen = self._chosen()
        self.first_user, self.rows = result
        self._show_mode()
        self.retranslate()  # the texts depend on the mode; it fills the table too
        for n, row in enumerate(self.rows):
            if chosen is not None and row.name == chosen.name:
                self.users_table.selectRow(n)
        self._selected()
        self.loaded.emit()

    def _fill(self) -> None:
        fill(self.users_table, [[r.name, _(users.ROLE_LABELS.get(r.role, r.role)), self._state(r), day(r.created_at)]
                                for r in self.rows])  # fmt: skip

    def _show_mode(self) -> None:
        """Without users only the first administrator can be made: no list, no chosen user, the role fixed."""
        self.users_table.setVisible(not self.first_user)
        self.chosen_box.setVisible(not self.first_user)
        if self.first_user:
            self.add_role.setCurrentIndex(ROLES.index(users.ADMIN))
        elif not self.add_role.isEnabled():  # users now: a new one is a cán bộ unless chosen otherwise
            self.add_role.setCurrentIndex(ROLES.index(users.OFFICER))
        self.add_role.setEnabled(not self.first_user)
        self.page_layout.setStretch(self.page_layout.count() - 1, 1 if self.first_user else 0)
        self._enable_chosen()

    def _chosen(self) -> users.UserRow | None:
        rows = self.users_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def _selected(self) -> None:
        row = self._chosen()
        if row is not None:
            self.role.setCurrentIndex(ROLES.index(row.role) if row.role in ROLES else 0)
        self._say_chosen()
        self._enable_chosen()

    def _enable_chosen(self) -> None:
        row = self._chosen()
        for w in (self.role, self.role_button, self.new_password, self.new_password_again, self.reset_button,
                  self.disable_button):  # fmt: skip
            w.setEnabled(row is not None)
        self.unlock_button.setEnabled(row is not None and row.locked())

    # -- writing ------------------------------------------------------------------------------------------

    def say(self, sentence: str, *, error: bool = True) -> None:
        self.message.setText(sentence)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setVisible(bool(sentence))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.say(exc.message)
            self.ctx.not_saved(exc)
            self.loaded.emit()
            self.done.emit()
        else:
            self.ctx.show_error(exc, self)

    def _write(self, fn: Callable[..., Any], *args: Any, said: str) -> None:
        def finished(_outcome: Any) -> None:
            self.say(said, error=False)
            self.ctx.status(said)
            self.done.emit()

        self.say("")
        run_op(self.ctx, fn, *args, on_done=finished, on_error=self._failed, label=_("Saving…"))

    def _passwords(self, first: QLineEdit, second: QLineEdit) -> str | None:
        """The password typed twice, or None after saying what is wrong (the fields are cleared then)."""
        password = first.text()
        if password != second.text():
            self.say(_("The two passwords differ; type the same password twice."))
        elif len(password) < users.MIN_PASSWORD:
            self.say(_("The password must have at least {n} characters.").format(n=users.MIN_PASSWORD))
        else:
            first.clear()
            second.clear()
            return password
        first.clear()
        second.clear()
        first.setFocus()
        return None

    def add_user(self) -> None:
        name = nfc(self.add_name.text()).strip()
        if not name:
            self.say(_("Give the user's name."))
            self.add_name.setFocus()
            return
        password = self._passwords(self.add_password, self.add_password_again)
        if password is None:
            return
        self.add_name.clear()
        if self.first_user:
            said = _("{name} is the administrator; from the next start everyone logs in.").format(name=name)
            self._write(user_admin.add_first_admin, name, password, said=said)
        else:
            role = str(self.add_role.currentData())
            self._write(
                user_admin.add_user, name, role, password, said=_("Added the user {name}.").format(name=name)
            )

    def change_role(self) -> None:
        row = self._chosen()
        if row is None:
            return
        role = str(self.role.currentData())
        said = _("{name} is now: {role}.").format(name=row.name, role=_(users.ROLE_LABELS[role]))
        self._write(user_admin.set_role, row.name, role, said=said)

    def reset_password(self) -> None:
        row = self._chosen()
        if row is None:
            return
        password = self._passwords(self.new_password, self.new_password_again)
        if password is not None:
            said = _("{name} has a new password; tell it to them in person.").format(name=row.name)
            self._write(user_admin.reset_password, row.name, password, said=said)

    def unlock(self) -> None:
        row = self._chosen()
        if row is not None:
            self._write(
                user_admin.unlock_user, row.name, said=_("{name} can log in again.").format(name=row.name)
            )

    def toggle_disabled(self) -> None:
        row = self._chosen()
        if row is None:
            return
        if row.disabled:
            self._write(
                user_admin.enable_user, row.name, said=_("{name} can log in again.").format(name=row.name)
            )
        else:
            said = _("{name} can no longer log in.").format(name=row.name)
            self._write(user_admin.disable_user, row.name, said=said)


def _load(db: Any) -> tuple[bool, list[users.UserRow]]:
    """(no users yet, the users) — on the worker."""
    if not users.has_users(db):
        return True, []
    return False, users.list_users(db)
