"""The official outputs of DOMAIN §5 by id, with their labels in the window and the command line.

Kept apart from ``render`` so that listing the outputs (``hoagiai --help``, ``hoagiai report --help``) loads
neither ReportLab nor the database layer.
"""

from __future__ import annotations

from hoagiai_desktop.i18n import N_

# Output id → UI label (translate with ``form_label``); the official titles are Vietnamese and live in the modules.
FORMS: dict[str, str] = {
    "thong-ke": N_("Statistical report (commune total and one row per team)"),
    "so-theo-doi": N_("Logbook of a mediation team"),
    "bao-cao": N_("Narrative report on grassroots mediation"),
    "de-an": N_("Đề án implementation: indicators against targets"),
    "danh-sach": N_("Roster of teams and mediators"),
    "tap-huan": N_("Training event report and sign-in sheet"),
    "van-ban-hgt": N_("Record of successful mediation (Article 24)"),
}
