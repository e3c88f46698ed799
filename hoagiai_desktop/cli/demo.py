"""``hoagiai demo [--size commune|province] [--seed N] [--today YYYY-MM-DD]``: fill an empty data file with sample data."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.i18n import _


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a date like 2025-06-30").format(text=text)
        ) from None


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help=_("fill an empty data file with realistic sample data"),
        description=_(
            "Fill an empty data file with realistic sample data (the same seed gives the same data)."
        ),
    )
    parser.add_argument(
        "--size",
        choices=("commune", "province"),
        default="commune",
        help=_("commune: about 20 teams and 400 cases; province: about 3,000 teams and 60,000 cases"),
    )
    parser.add_argument(
        "--seed", type=int, default=1, metavar="N", help=_("seed of the random choices (default 1)")
    )
    parser.add_argument(
        "--today", type=_day, metavar="YYYY-MM-DD", help=_("the last day of the sample data (default: today)")
    )
    parser.set_defaults(func=run)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.demo import generate

    with opened_db(ctx) as db:
        counts = generate(
            db,
            size=args.size,
            seed=args.seed,
            today=args.today,
            progress=_progress if args.size == "province" else None,
        )
    print(
        _(
            "Sample data created in {path}: {villages} villages, {teams} teams, {mediators} mediators, "
            "{cases} cases, {events} training events."
        ).format(
            path=ctx.db_target,
            villages=counts["village"],
            teams=counts["team"],
            mediators=counts["mediator"],
            cases=counts["case_file"],
            events=counts["training_event"],
        )
    )
    return 0
