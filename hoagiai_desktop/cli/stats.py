"""``hoagiai stats --period P [--json] [--team CODE]``: the indicators of DOMAIN §4."""

from __future__ import annotations

import argparse
import json
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _, format_number, format_percent


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "stats", help=_("show the indicators for a period"), description=_("Show the indicators of a period.")
    )
    parser.add_argument(
        "--period", required=True, metavar="P", help=_("YYYY, YYYY-H1, YYYY-Y1 or YYYY-MM-DD:YYYY-MM-DD")
    )
    parser.add_argument("--team", metavar="CODE", help=_("only this team"))
    parser.add_argument("--json", action="store_true", help=_("print nested JSON with the indicator keys"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from sqlalchemy import select  # here, not at the top: `hoagiai --help` must not load SQLAlchemy

    from hoagiai_desktop.domain import indicators
    from hoagiai_desktop.domain import models as m

    period = parse_period(args.period)
    with opened_db(ctx, reader=True) as db:
        from hoagiai_desktop.services import province_registry

        if province_registry.is_province(db):  # a province's data file: totals summed from the communes
            from hoagiai_desktop.cli.province_stats import run_province

            return run_province(db, period.code, as_json=args.json)
    with opened_db(ctx, reader=True) as db, db.reading() as session:
        if args.team:
            team_id = session.scalar(select(m.Team.id).where(m.Team.code == args.team))
            if team_id is None:
                raise UserError(_("There is no team with code {code}.").format(code=args.team))
            empty: indicators.Figures = dict.fromkeys(indicators.INDICATOR_KEYS, 0)
            figures = indicators.compute_by_team(session, period).get(team_id, empty)
        else:
            figures = indicators.compute(session, period)
    if args.json:
        print(json.dumps(indicators.nest(figures), ensure_ascii=False, indent=2))
    else:
        print(_("Indicators for {period} ({start} – {end})").format(
            period=period.code, start=period.start.strftime("%d/%m/%Y"), end=period.end.strftime("%d/%m/%Y")
        ))  # fmt: skip
        names = {key: indicators.label(key) for key in figures}
        width = max(len(name) for name in names.values())
        for key, value in figures.items():
            shown = (
                format_percent(float(value))
                if key.endswith(("rate", "rate_closed", "pct_trained"))
                else format_number(value)
            )
            print(f"  {names[key].ljust(width)}  {shown:>8}   {key}")
    return 0
