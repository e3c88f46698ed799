"""``hoagiai province init`` / ``province communes import|list`` / ``province history CODE`` (DOMAIN §8)."""

from __future__ import annotations

import argparse
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "province",
        help=_("set up a province's data file and its commune registry"),
        description=_(
            "Make an empty data file a province's (Department of Justice) and manage its communes."
        ),
    )
    sub = parser.add_subparsers(dest="province_command", metavar=_("ACTION"), parser_class=type(parser))
    init = sub.add_parser("init", help=_("make an empty data file a province's"))
    init.add_argument("--province", required=True, metavar="NAME", help=_("the province's name"))
    init.add_argument("--code", metavar="C", help=_("the province's code"))
    init.set_defaults(func=run_init)
    communes = sub.add_parser("communes", help=_("the registry of communes"))
    csub = communes.add_subparsers(dest="communes_command", metavar=_("ACTION"), parser_class=type(parser))
    imp = csub.add_parser(
        "import", help=_("add or update communes from an .xlsx (code, name, kind, predecessors)")
    )
    imp.add_argument("file", metavar="FILE.xlsx")
    imp.set_defaults(func=run_import)
    lst = csub.add_parser("list", help=_("list the registry"))
    lst.set_defaults(func=run_list)
    communes.set_defaults(func=run_list)
    rep = sub.add_parser(
        "report",
        help=_(
            "a province paper (PDF): thong-ke (total and one row per commune), de-an (Đề án indicators with a "
            "table per commune) or danh-sach-nop (who has reported)"
        ),
    )
    rep.add_argument(
        "--form", default="thong-ke", choices=("thong-ke", "de-an", "danh-sach-nop"), help=_("which paper")
    )
    rep.add_argument("--period", required=True, metavar="P")
    rep.add_argument("--out", required=True, metavar="OUT.pdf")
    rep.set_defaults(func=run_report)
    hist = sub.add_parser("history", help=_("every package received from one commune"))
    hist.add_argument("code", metavar="CODE")
    hist.set_defaults(func=run_history)
    parser.set_defaults(func=lambda args, ctx: parser.print_help() or 0)


def run_init(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import province_registry, unit_keys

    with opened_db(ctx) as db:
        unit = province_registry.init_province(db, args.province, args.code).value
        fingerprint = unit_keys.public_keys(db).fingerprint
    print(
        _("This data file now belongs to the Department of Justice of {province}.").format(province=unit.name)
    )
    print(_("Key fingerprint: {fingerprint}").format(fingerprint=fingerprint))
    return 0


def run_import(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import province_registry

    with opened_db(ctx) as db:
        added, updated = province_registry.import_communes(db, args.file).value
    print(_("Communes added: {added}; updated: {updated}.").format(added=added, updated=updated))
    return 0


def run_list(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import province_registry

    with opened_db(ctx, reader=True) as db:
        province_registry.province_unit(db)
        rows = province_registry.list_communes(db)
    for row in rows:
        preds = ",".join(row.predecessors)
        print(f"{row.code}\t{row.full_name}\t{preds}\t{row.fingerprint or ''}")
    print(_("{n} communes.").format(n=len(rows)))
    return 0


def run_report(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import province_papers

    with opened_db(ctx, reader=True) as db:
        path, pages = province_papers.WRITERS[args.form](db, args.period, args.out)
    print(_("Wrote {path} ({pages} pages).").format(path=path, pages=pages))
    return 0


def run_history(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import province_receive

    with opened_db(ctx, reader=True) as db:
        rows = province_receive.history(db, args.code)
    if not rows:
        raise UserError(_("No package has been received from {code} yet.").format(code=args.code))
    for r in rows:
        state = _("counted") if r.counted else _("history")
        print(f"{r.period}\t{r.received_at:%d/%m/%Y %H:%M}\t{r.receipt_number}\t{r.report_number or ''}\t"
              f"{r.finalised_at:%d/%m/%Y %H:%M}\t{state}")  # fmt: skip
    return 0
