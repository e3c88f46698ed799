"""``hoagiai users add NAME --role R`` / ``users list`` / ``users disable NAME`` (server mode, DOMAIN §8)."""

from __future__ import annotations

import argparse
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "users",
        help=_("officers who log in (server mode)"),
        description=_(
            "Manage the officers who log in to a shared province data file: quan-tri manages users and keys, "
            "can-bo receives and reports, chi-xem only reads. The first user must be quan-tri."
        ),
    )
    sub = parser.add_subparsers(dest="users_command", metavar=_("ACTION"), parser_class=type(parser))
    add = sub.add_parser("add", help=_("add a user"))
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--role", required=True, choices=("quan-tri", "can-bo", "chi-xem"), help=_("the user's role")
    )
    add.add_argument("--new-password-file", metavar="FILE", help=_("the new user's password (first line)"))
    add.set_defaults(func=run_add)
    lst = sub.add_parser("list", help=_("list the users"))
    lst.set_defaults(func=run_list)
    dis = sub.add_parser("disable", help=_("stop a user from logging in"))
    dis.add_argument("name", metavar="NAME")
    dis.set_defaults(func=run_disable)
    parser.set_defaults(func=lambda args, ctx: parser.print_help() or 0)


def run_add(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.cli.login import read_password
    from hoagiai_desktop.services import user_admin

    with opened_db(ctx) as db:
        password = read_password(args.new_password_file, _("Password for {user}: ").format(user=args.name))
        user_admin.add_user(db, args.name, args.role, password)
    print(_("Added the user {name}.").format(name=args.name))
    return 0


def run_list(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import users

    with opened_db(ctx, reader=True) as db:
        rows = users.list_users(db)
    for row in rows:
        state = _("disabled") if row.disabled else (_("locked") if row.locked() else "")
        print(f"{row.name}\t{row.role}\t{state}")
    return 0


def run_disable(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import user_admin

    with opened_db(ctx) as db:
        user_admin.disable_user(db, args.name)
    print(_("{name} can no longer log in.").format(name=args.name))
    return 0
