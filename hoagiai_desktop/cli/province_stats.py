"""``hoagiai stats`` on a province's data file: province totals and a ``communes`` object keyed by commune code.

Not a command itself (not in ``COMMAND_MODULES``); ``cli/stats.py`` hands over to it.
"""

from __future__ import annotations

import json

from hoagiai_desktop.domain import indicators
from hoagiai_desktop.i18n import _, format_number
from hoagiai_desktop.storage.database import Database


def run_province(db: Database, period_code: str, *, as_json: bool) -> int:
    from hoagiai_desktop.services import province_reports

    result = province_reports.figures(db, period_code)
    if as_json:
        doc = indicators.nest(dict(result.total))
        doc["communes"] = {code: indicators.nest(dict(f)) for code, f in result.communes.items()}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(_("Province totals for {period}, from {n} communes' reports").format(
        period=result.period, n=len(result.communes)))  # fmt: skip
    width = max(len(indicators.label(k)) for k in result.total)
    for key, value in result.total.items():
        print(f"  {indicators.label(key).ljust(width)}  {format_number(value):>8}   {key}")
    return 0
