"""``hoagiai users add NAME --role R`` / ``users list`` / ``users disable NAME`` (server mode, DOMAIN §8), and what
the window's users page does besides: ``users role NAME --role R``, ``users password NAME``, ``users unlock NAME``,
``users enable NAME`` — the same ``services.user_admin``."""

from __future__ import annotations

import argparse
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.i18n import N_, _


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
    ena = sub.add_parser("enable", help=_("let a disabled user log in again"))
    ena.add_argument("name", metavar="NAME")
    ena.set_defaults(func=run_simple, action="enable_user", said=N_("{name} can log in again."))
    unl = sub.add_parser("unlock", help=_("end a lock-out after five wrong passwords"))
    unl.add_argument("name", metavar="NAME")
    unl.set_defaults(func=run_simple, action="unlock_user", said=N_("{name} can log in again."))
    role = sub.add_parser("role", help=_("change a user's role"))
    role.add_argument("name", metavar="NAME")
    role.add_argument(
        "--role", required=True, choices=("quan-tri", "can-bo", "chi-xem"), help=_("the user's role")
    )
    role.set_defaults(func=run_role)
    pwd = sub.add_parser("password", help=_("set a new password for a user (also ends a lock-out)"))
    pwd.add_argument("name", metavar="NAME")
    pwd.add_argument("--new-password-file", metavar="FILE", help=_("the new password (first line)"))
    pwd.set_defaults(func=run_password)
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


def run_simple(args: argparse.Namespace, ctx: Any) -> int:
    """``enable`` / ``unlock``: one service call on one user."""
    from hoagiai_desktop.services import user_admin

    with opened_db(ctx) as db:
        getattr(user_admin, args.action)(db, args.name)
    print(_(args.said).format(name=args.name))
    return 0


def run_role(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import user_admin, users

    with opened_db(ctx) as db:
        user_admin.set_role(db, args.name, args.role)
    print(_("{name} is now: {role}.").format(name=args.name, role=_(users.ROLE_LABELS[args.role])))
    return 0


def run_password(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.cli.login import read_password
    from hoagiai_desktop.services import user_admin

    with opened_db(ctx) as db:
        password = read_password(
            args.new_password_file, _("New password for {user}: ").format(user=args.name)
        )
        user_admin.reset_password(db, args.name, password)
    print(_("{name} has a new password; tell it to them in person.").format(name=args.name))
    return 0
