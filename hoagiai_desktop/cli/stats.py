"""``hoagiai stats --period P [--json] [--team CODE] [--regime R]``: the indicators of DOMAIN §4.

The figures are the ones every paper prints for P (one period, one set of figures): in an estimated period
(TT 03/2019 H1 / Y1) the estimates, and ``--json`` adds ``actual`` (the figures to the actual-data date) and
``estimated`` (the keys whose value is an estimate).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from hoagiai_desktop.cli.common import loading_libraries, opened_db
from hoagiai_desktop.domain.periods import parse_period
from hoagiai_desktop.domain.periods_regimes import AUTO, regimes
from hoagiai_desktop.i18n import _, format_number, format_percent


def add_regime_option(parser: argparse.ArgumentParser) -> None:
    choices = ", ".join([AUTO, *regimes()])
    parser.add_argument(
        "--regime", metavar="R",
        help=_("reporting regime: {choices} (default: the one chosen in Settings, else by year)").format(
            choices=choices
        ),
    )  # fmt: skip


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "stats", help=_("show the indicators for a period"), description=_("Show the indicators of a period.")
    )
    parser.add_argument(
        "--period", required=True, metavar="P", help=_("YYYY, YYYY-H1, YYYY-Y1 or YYYY-MM-DD:YYYY-MM-DD")
    )
    parser.add_argument("--team", metavar="CODE", help=_("only this team"))
    parser.add_argument("--json", action="store_true", help=_("print nested JSON with the indicator keys"))
    add_regime_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    # here, not at the top: `hoagiai --help` must not load the database layer
    with loading_libraries():
        from hoagiai_desktop.domain import indicators
        from hoagiai_desktop.services import reporting

    period = parse_period(args.period, args.regime)  # a bad period or regime fails before the data file opens
    with opened_db(
        ctx, reader=True
    ) as db:  # opened once: a second opening costs as much as a third of the query
        from hoagiai_desktop.services.unit_kind import is_province

        if is_province(db):  # a province's data file: totals summed from the communes
            from hoagiai_desktop.cli.province_stats import run_province

            return run_province(db, period.code, as_json=args.json)
        # Only the commune's row (or one team's) is printed: no row for every team (benchmarks/bench_stats.py).
        period, pf, team_id = reporting.period_figures(
            db, args.period, args.regime, team_code=args.team, team_rows=False
        )
    figures = pf.row(team_id)
    actual = pf.total_actual if team_id is None else pf.team_actual[team_id]
    estimated = [k for k in indicators.INDICATOR_KEYS if k in pf.estimates(team_id)]
    if args.json:
        out = indicators.nest(figures)
        out["actual"] = indicators.nest(actual)
        out["estimated"] = estimated
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(_("Indicators for {period}").format(period=period.words()))
    if estimated:
        print(_("Figures marked * are estimates; the data are actual up to {date}.").format(
            date=period.actual_to.strftime("%d/%m/%Y")))  # fmt: skip
    names = {key: indicators.label(key) for key in figures}
    width = max(len(name) for name in names.values())
    for key, value in figures.items():
        shown = (
            format_percent(float(value))
            if key.endswith(("rate", "rate_closed", "pct_trained"))
            else format_number(value)
        )
        mark = "*" if key in estimated else " "
        print(f"  {names[key].ljust(width)}  {shown:>8}{mark}  {key}")
    return 0
