"""The registry of pages shown in the left navigation.

Each entry is ``PageSpec(key, title, module, cls, kinds, files)``: ``title`` is an English msgid (translated
when shown), ``module``/``cls`` name the page class, ``kinds`` the record kinds that page opens via
``ctx.open_record(kind, code)``, ``files`` the kinds of data file the page belongs to (DOMAIN §8: a data file is
a commune's or a province's, and the window shows only the pages that fit it — a province keeps no villages or
cases, a commune receives no packages). Nothing is skipped in silence: a page whose module fails to import (missing
from the build included) or lacks its class keeps its menu entry and shows :class:`UnavailablePage` — one
sentence — while the traceback goes to the log; the tests import every entry directly, so there it fails loudly.

Page contract (see ``pages/base.py``)::

    class XPage(Page):                 # Page is a QWidget
        def __init__(self, ctx: UiContext) -> None
        def retranslate(self) -> None  # language changed: re-set every visible string
        def refresh(self) -> None      # (re)load data through ctx.worker; called when the page is shown
                                       #   and after ctx.changes_made if the page was already built
        def open_record(self, code: str) -> None   # show that record
    optional: new_record() (Ctrl+N), focus_search() (Ctrl+F), save() (Ctrl+S), cancel() (Esc),
              can_leave() -> bool (unsaved-changes prompt before switching pages or closing)
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import Any

from hoagiai_desktop.i18n import N_, _

log = logging.getLogger(__name__)


# The kinds of data file (see :func:`file_kind`).
COMMUNE = "commune"
PROVINCE = "province"
BOTH: tuple[str, ...] = (COMMUNE, PROVINCE)


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # English msgid; show with _(spec.title)
    module: str
    cls: str
    kinds: tuple[str, ...] = ()
    files: tuple[str, ...] = (COMMUNE,)  # the kinds of data file this page is shown on
    admin_only: bool = False  # shown only to a logged-in quản trị, or on a file without users (DOMAIN §8)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("dashboard", N_("Overview"), "hoagiai_desktop.ui.pages.dashboard_page", "DashboardPage"),
    PageSpec(
        "villages", N_("Villages"), "hoagiai_desktop.ui.pages.villages_page", "VillagesPage", ("village",)
    ),
    PageSpec("teams", N_("Mediation teams"), "hoagiai_desktop.ui.pages.teams_page", "TeamsPage", ("team",)),
    PageSpec(
        "mediators",
        N_("Mediators"),
        "hoagiai_desktop.ui.pages.mediators_page",
        "MediatorsPage",
        ("mediator",),
    ),
    PageSpec("cases", N_("Cases"), "hoagiai_desktop.ui.pages.cases_page", "CasesPage", ("case",)),
    PageSpec(
        "training", N_("Training"), "hoagiai_desktop.ui.pages.training_page", "TrainingPage", ("training",)
    ),
    PageSpec("reports", N_("Reports"), "hoagiai_desktop.ui.pages.reports_page", "ReportsPage"),
    # the province's pages (DOMAIN §8), only on a province's data file
    PageSpec("province_dashboard", N_("Province overview"), "hoagiai_desktop.ui.pages.province_dashboard",
             "ProvinceDashboardPage", files=(PROVINCE,)),
    PageSpec("province_receive", N_("Receive reports"), "hoagiai_desktop.ui.pages.province_receive",
             "ProvinceReceivePage", files=(PROVINCE,)),
    PageSpec("province_completeness", N_("Reporting status"), "hoagiai_desktop.ui.pages.province_completeness",
             "ProvinceCompletenessPage", files=(PROVINCE,)),
    PageSpec("province_communes", N_("Communes"), "hoagiai_desktop.ui.pages.province_communes",
             "ProvinceCommunesPage", ("commune",), files=(PROVINCE,)),
    PageSpec("users", N_("Users"), "hoagiai_desktop.ui.pages.users_page", "UsersPage", files=(PROVINCE,),
             admin_only=True),
    PageSpec("backup", N_("Backup & USB"), "hoagiai_desktop.ui.pages.backup_page", "BackupPage", files=BOTH),
    PageSpec("import", N_("Import from Excel"), "hoagiai_desktop.ui.pages.import_page", "ImportPage"),
    PageSpec("settings", N_("Settings"), "hoagiai_desktop.ui.pages.settings_page", "SettingsPage", files=BOTH),
)  # fmt: skip


def page_for_kind(kind: str) -> PageSpec | None:
    return next((p for p in PAGES if kind in p.kinds), None)


def unavailable_page_class() -> type:
    """A page that only says this part could not be loaded (built lazily: this module stays free of Qt)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    from hoagiai_desktop.ui.pages.base import Page

    class UnavailablePage(Page):
        def __init__(self, ctx: Any) -> None:
            super().__init__(ctx)
            self.message = QLabel()
            self.message.setObjectName("page_unavailable")
            self.message.setWordWrap(True)
            self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout = QVBoxLayout(self)
            layout.addWidget(self.message)
            self.retranslate()

        def retranslate(self) -> None:
            self.message.setText(
                _("This part of the program could not be loaded; the details are in the log file.")
            )

    return UnavailablePage


def load_page_class(spec: PageSpec) -> type:
    """The page class, or a placeholder page saying it could not be loaded (the reason goes to the log)."""
    try:
        module = importlib.import_module(spec.module)
        cls: type = getattr(module, spec.cls)
    except Exception:
        log.exception("page %s (%s.%s) could not be loaded", spec.key, spec.module, spec.cls)
        return unavailable_page_class()
    return cls


def pages_for(file: str | None = None, *, admin: bool = True) -> list[PageSpec]:
    """The pages shown on a data file of kind ``file`` (``COMMUNE``/``PROVINCE``; None: every page); without
    ``admin`` (a cán bộ or chỉ xem logged in) not the quản trị's pages."""
    return [spec for spec in PAGES if (file is None or file in spec.files) and (admin or not spec.admin_only)]


def shown_pages(file: str, db: Any) -> list[PageSpec]:
    """The pages this window shows on ``db`` of kind ``file``; asks about users only when the kind has a quản trị's
    page (a commune's file, the usual start, pays nothing)."""
    every = pages_for(file)
    if not any(spec.admin_only for spec in every):
        return every
    return pages_for(file, admin=manages_users(db))


def manages_users(db: Any) -> bool:
    """Whether this window's user may see the quản trị's pages: a quản trị logged in, or a file without users (on
    which the users page makes the first one). The services check the role again on every write."""
    from hoagiai_desktop.services.access import ADMIN, has_users

    role = getattr(db, "user_role", None)
    return role == ADMIN if role is not None else not has_users(db)


def available_pages(file: str | None = None) -> list[tuple[PageSpec, type]]:
    """The pages of a data file of kind ``file`` (None: every registered page), in navigation order (a broken one
    as its placeholder)."""
    return [(spec, load_page_class(spec)) for spec in pages_for(file)]


def file_kind(db: Any) -> str:
    """``PROVINCE`` for a province's data file (unit kind ``tinh``), else ``COMMUNE`` (also a new, empty file: the
    first-run form makes it a commune's; a province is made with ``hoagiai province init``)."""
    from hoagiai_desktop.services.unit_kind import is_province

    return PROVINCE if is_province(db) else COMMUNE
