"""Official outputs of DOMAIN §5: NĐ 30/2020 PDFs (and .xlsx for the tables), forms as data, estimates, finalising.

The public names are importable from here (loaded on first use, so importing one small module stays cheap):
``render_report``, ``RenderResult``, ``FORMS``, ``form_label``, ``propose_estimates``, ``Estimate``,
``changes_since_finalised``, ``list_finalised``, ``list_definitions``, ``import_definition``. ``finalise`` is also the name of its module: import it as
``from hoagiai_desktop.reports.finalise import finalise``.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "render_report": "render",
    "RenderResult": "render",
    "FORMS": "outputs",
    "TABULAR_FORMS": "render",
    "form_label": "render",
    "propose_estimates": "estimates",
    "Estimate": "estimates",
    "changes_since_finalised": "finalise",
    "list_finalised": "finalise",
    "list_definitions": "definitions",
    "import_definition": "definitions",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"hoagiai_desktop.reports.{module}"), name)
