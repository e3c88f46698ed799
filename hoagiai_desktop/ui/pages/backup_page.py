"""Sao lưu & USB: backups (list, make now, restore), the data check, and a backup copied to a USB stick.

Everything that touches the database or a file runs on the DB worker (``ctx.run``); this page only asks and shows.
A restore shows the backup's date, unit and record counts and asks before anything changes; afterwards the whole
window works on the reopened data file (``_adopt``) and every page reloads (``Changes.all()``).

The automatic backups (every 30 minutes of changes, and on quitting) are wired by ``ui.autobackup``, which the window
installs at start without importing this page (its Excel and backup libraries); ``install_autobackup`` is re-exported
here for the callers that already have the page.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from hoagiai_desktop.i18n import _
from hoagiai_desktop.services import bulk
from hoagiai_desktop.services.changes import Changes, Outcome
from hoagiai_desktop.storage import backup, integrity, restore, thinning
from hoagiai_desktop.storage.autobackup import AutoBackup
from hoagiai_desktop.ui.autobackup import AUTOBACKUP_ATTR, install_autobackup
from hoagiai_desktop.ui.context import UiContext
from hoagiai_desktop.ui.ops import run_op
from hoagiai_desktop.ui.pages.base import Page, page_title_label

log = logging.getLogger(__name__)

__all__ = ["BackupPage", "install_autobackup"]


# ---- jobs (run on the DB worker: they receive the Database) ------------------------------------------------


def _list_job(db: Any) -> list[backup.BackupInfo]:
    return backup.list_backups(db.path) if db.path is not None else []


def _backup_job(db: Any) -> backup.BackupInfo:
    return thinning.backup_now(db, reason="manual")


def _check_job(db: Any) -> integrity.CheckReport:
    return integrity.check_database(db)


def _preview_job(db: Any, path: Path, password: str | None) -> tuple[restore.BackupPreview, str | None]:
    """What the backup holds, and the unit of the data now open (to say when the backup is another unit's)."""
    from hoagiai_desktop.services import unit

    return restore.preview(path, password=password), unit.unit_description(db)


def same_unit(a: str | None, b: str | None) -> bool:
    """Whether two unit descriptions name the same unit (unknown on either side counts as the same: nothing to
    compare, and a fresh data file restoring its first backup is the common case)."""
    from hoagiai_desktop.text import fold

    return a is None or b is None or fold(a) == fold(b)


def _restore_job(db: Any, path: Path, password: str | None, worker: Any) -> Outcome[restore.RestoreResult]:
    outcome = bulk.restore_backup(db, path, password=password)
    worker.switch_database_here(
        outcome.value.db
    )  # we are on the worker thread: the next queued job uses the new file
    return outcome


def _export_job(db: Any, folder: Path, password: str | None) -> Path:
    return backup.backup_to(db, str(folder) + "/", password=password)


def usb_done_text(path: Path, *, encrypted: bool) -> str:
    """Where the USB copy is and how to bring it back — the whole path, in a dialog (not a status-bar line)."""
    lines = [
        _("The backup was written and verified:"),
        str(path),
        "",
        _(
            "To restore it: open HoaGiai, go to the “{page}” page, choose “{button}” and pick this file."
        ).format(page=_("Backup & USB"), button=_("Restore from a file…")),
    ]
    if encrypted:
        lines.append(_("You will be asked for its password; without the password the copy cannot be opened."))
    return "\n".join(lines)


def restored_message(result: restore.RestoreResult) -> str:
    if result.damaged_kept_as is not None:
        return _("The damaged file was kept as {aside}; the backup is now in use.").format(
            aside=result.damaged_kept_as.name
        )
    return _("Restored. The data as it was just before is kept in {path}.").format(
        path=result.safety_backup.path.name if result.safety_backup else "-"
    )


# ---- the page ----------------------------------------------------------------------------------------------


class BackupPage(Page):
    watches = Changes(everything=True)  # any write: the list of backups and their notes may differ

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.backups: list[backup.BackupInfo] = []
        self.report: integrity.CheckReport | None = None

        self.title = page_title_label()
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.backup_button = QPushButton()
        self.backup_button.setObjectName("backup_now")
        self.backup_button.clicked.connect(self.backup_now)
        self.usb_button = QPushButton()
        self.usb_button.setObjectName("backup_to_usb")
        self.usb_button.clicked.connect(self.backup_to_usb)
        self.restore_file_button = QPushButton()
        self.restore_file_button.setObjectName("restore_file")
        self.restore_file_button.clicked.connect(self.restore_from_file)
        actions = QHBoxLayout()
        for button in (self.backup_button, self.usb_button, self.restore_file_button):
            actions.addWidget(button)
        actions.addStretch(1)

        self.backups_box = QGroupBox()
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("backups")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.restore_selected_button = QPushButton()
        self.restore_selected_button.setObjectName("restore_selected")
        self.restore_selected_button.setEnabled(False)
        self.restore_selected_button.clicked.connect(self.restore_selected)
        box = QVBoxLayout(self.backups_box)
        box.addWidget(self.table)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.restore_selected_button)
        box.addLayout(row)

        self.check_box = QGroupBox()
        self.check_button = QPushButton()
        self.check_button.setObjectName("check_data")
        self.check_button.clicked.connect(self.check_data)
        self.check_summary = QLabel()
        self.check_summary.setWordWrap(True)
        self.findings = QTableWidget(0, 3)
        self.findings.setObjectName("findings")
        self.findings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings.setWordWrap(True)
        self.findings.verticalHeader().setVisible(False)
        header = self.findings.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        check = QVBoxLayout(self.check_box)
        top = QHBoxLayout()
        top.addWidget(self.check_button)
        top.addWidget(self.check_summary, 1)
        check.addLayout(top)
        check.addWidget(self.findings)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.where)
        layout.addLayout(actions)
        layout.addWidget(self.backups_box, 1)
        layout.addWidget(self.check_box, 1)
        self.retranslate()

    # -- contract -----------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Backup & USB"))
        self.backup_button.setText(_("Back up now"))
        self.usb_button.setText(_("Copy a backup to a USB stick…"))
        self.restore_file_button.setText(_("Restore from a file…"))
        self.backups_box.setTitle(_("Backups on this computer"))
        self.table.setHorizontalHeaderLabels([_("Made on"), _("Why"), _("File")])
        self.restore_selected_button.setText(_("Restore the selected backup…"))
        self.check_box.setTitle(_("Data check"))
        self.check_button.setText(_("Check the data"))
        self.findings.setHorizontalHeaderLabels([_("Kind"), _("What was found"), _("What to do")])
        self._show_where()
        self._show_backups(self.backups)
        if self.report is not None:
            self._show_report(self.report)
        else:
            self.check_summary.setText(_("Checks that the data file is sound and that the figures add up."))

    def refresh(self) -> None:
        self._show_where()
        self.ctx.run(_list_job, on_done=self._show_backups)

    # -- backups ------------------------------------------------------------------------------------------

    def _show_where(self) -> None:
        from hoagiai_desktop.storage.lock import lock_status

        db = self.ctx.db
        text = _("Data file: {path}").format(path=db.describe())
        if db.path is not None and lock_status(db.path).held_here:
            text += "\n" + _("This window is the only one writing to it.")
        elif getattr(db, "read_only", False):
            text += "\n" + _("Opened read-only: another window is writing to it.")
        self.where.setText(text)

    def _show_backups(self, found: list[backup.BackupInfo]) -> None:
        self.backups = list(found)
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            cells = (
                info.created.strftime("%d/%m/%Y %H:%M:%S"),
                backup.reason_label(info.reason),
                info.path.name,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(info.path))
                self.table.setItem(row, col, item)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.restore_selected_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def backup_now(self) -> None:
        self.backup_button.setEnabled(False)

        def done(info: backup.BackupInfo) -> None:
            self.backup_button.setEnabled(True)
            self.ctx.status(
                _("Backup made and verified: {path}").format(path=info.path.name)
                + " — "
                + backup.describe_counts(info.counts)
            )
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.backup_button.setEnabled(True)
            self.ctx.show_error(exc, self)

        self.ctx.run(_backup_job, on_done=done, on_error=failed)

    # -- restore ------------------------------------------------------------------------------------------

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.start_restore(self.backups[rows[0].row()].path)

    def restore_from_file(self) -> None:
        path = self.choose_backup_file()
        if path is not None:
            self.start_restore(path)

    def start_restore(self, path: Path, password: str | None = None) -> None:
        """Preview first (date, unit, counts), ask, then restore — each step on the worker."""
        from hoagiai_desktop.storage.crypto import is_encrypted

        if password is None and is_encrypted(path):
            password = self.ask_password(
                _("The backup {name} is encrypted. Enter its password:").format(name=path.name)
            )
            if password is None:
                return
        self.ctx.run(
            _preview_job,
            path,
            password,
            on_done=lambda found: self._confirm_restore(found[0], found[1], password),
        )

    def _confirm_restore(
        self, info: restore.BackupPreview, current: str | None, password: str | None
    ) -> None:
        text = self.preview_text(info)
        other = not same_unit(info.unit, current)
        if other:  # another commune's backup (data files in one folder): say so, and No is the default answer
            text = (
                _(
                    "This backup is of another unit: {backup_unit}. The data open now is of {current_unit}; "
                    "restoring would replace it with the other unit's data."
                ).format(backup_unit=info.unit, current_unit=current)
                + "\n\n"
                + text
            )
        if not self.confirm(text, default_yes=not other):
            self.ctx.status(_("Nothing was changed."))
            return
        run_op(self.ctx, _restore_job, info.path, password, self.ctx.worker, on_done=self._restored,
               label=_("Restoring the backup…"))  # fmt: skip

    def preview_text(self, info: restore.BackupPreview) -> str:
        when = info.created.strftime("%H:%M %d/%m/%Y") if info.created else "?"
        why = f" ({backup.reason_label(info.reason)})" if info.reason else ""
        lines = [
            _("Replace the current data with this backup?"),
            "",
            _("Made on: {when}").format(when=when) + why,
            _("Unit: {unit}").format(unit=info.unit or _("(not entered)")),
            _("Records: {counts}").format(counts=backup.describe_counts(info.counts)),
            "",
            _("The current data is backed up first, so this can be undone."),
        ]
        return "\n".join(lines)

    def _restored(self, outcome: Outcome[restore.RestoreResult]) -> None:
        self._adopt(outcome.value.db)  # then run_op tells every page to reload (everything changed)
        self.ctx.status(restored_message(outcome.value))

    def _adopt(self, db: Any) -> None:
        """From now on every page, both workers, the status bar and the auto-backup use the reopened file."""
        self.ctx.adopt_database(db)
        policy = getattr(self.ctx, AUTOBACKUP_ATTR, None)
        if isinstance(policy, AutoBackup):
            policy.rebind(db)

    # -- USB ----------------------------------------------------------------------------------------------

    def backup_to_usb(self) -> None:
        folder = self.choose_folder()
        if folder is None:
            return
        password = self.ask_usb_password()
        if password is None:
            return
        self.usb_button.setEnabled(False)

        def done(path: Path) -> None:
            self.usb_button.setEnabled(True)
            self.ctx.status(_("Backup written and verified: {path}").format(path=path))
            self.tell(usb_done_text(path, encrypted=bool(password)))

        def failed(exc: BaseException) -> None:
            self.usb_button.setEnabled(True)
            self.ctx.show_error(exc, self)

        self.ctx.run(_export_job, folder, password or None, on_done=done, on_error=failed)

    # -- data check ---------------------------------------------------------------------------------------

    def check_data(self) -> None:
        self.check_button.setEnabled(False)
        self.check_summary.setText(_("Checking…"))

        def done(report: integrity.CheckReport) -> None:
            self.check_button.setEnabled(True)
            self._show_report(report)

        def failed(exc: BaseException) -> None:
            self.check_button.setEnabled(True)
            self.check_summary.setText("")
            self.ctx.show_error(exc, self)

        self.ctx.run(_check_job, on_done=done, on_error=failed)

    def _show_report(self, report: integrity.CheckReport) -> None:
        self.report = report
        labels = {"error": _("Error"), "warning": _("Warning"), "info": _("Note")}
        self.findings.setRowCount(len(report.findings))
        for row, finding in enumerate(report.findings):
            for col, text in enumerate((labels[finding.severity], finding.message, finding.action)):
                self.findings.setItem(row, col, QTableWidgetItem(text))
        self.findings.resizeRowsToContents()
        if report.damaged:
            summary = _("The data file is damaged. Restore the newest good backup from the list above.")
        elif not report.findings:
            summary = _("The data file is sound and no problems were found.")
        else:
            summary = _("{errors} errors, {warnings} warnings.").format(
                errors=len(report.errors), warnings=len(report.warnings)
            )
        self.check_summary.setText(summary)

    # -- questions (separate so tests can answer them) ----------------------------------------------------

    def confirm(self, text: str, *, default_yes: bool = True) -> bool:
        default = QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
        answer = QMessageBox.question(
            self,
            _("Restore"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            default,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_usb_password(self) -> str | None:
        """The password of a USB copy, typed twice, with the plain warning; "" = no encryption, None = cancelled."""
        warning = _(
            "A backup that leaves this computer should be encrypted. Enter a password to encrypt it (leave empty "
            "for no encryption). Write the password down and keep it safe: if it is forgotten, nobody can open "
            "the copy, not even HoaGiai."
        )
        while True:
            first = self.ask_password(warning)
            if first is None or first == "":
                return first
            second = self.ask_password(_("Type the same password again:"))
            if second is None:
                return None
            if second == first:
                return first
            warning = _("The two passwords were not the same. Enter the password again:")

    def tell(self, text: str) -> None:
        """A plain information box (separate so tests can read it)."""
        QMessageBox.information(self, _("Backup to USB"), text)

    def ask_password(self, label: str) -> str | None:
        text, ok = QInputDialog.getText(self, _("Password"), label, QLineEdit.EchoMode.Password)
        return text if ok else None

    def choose_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the USB stick or folder"))
        return Path(folder) if folder else None

    def choose_backup_file(self) -> Path | None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a backup"), "", _("HoaGiai backups (*.sqlite3 *.hgbak);;All files (*)")
        )
        return Path(path) if path else None
