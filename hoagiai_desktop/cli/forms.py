"""``hoagiai forms list | import FILE``: the statistical form definitions (forms are data, DOMAIN §5)."""

from __future__ import annotations

import argparse
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "forms",
        help=_("list or import statistical form definitions"),
        description=_("List the statistical form definitions, or import a new one from a JSON file."),
    )
    sub = parser.add_subparsers(dest="forms_command", metavar=_("ACTION"), required=True)
    sub.add_parser("list", help=_("list the form definitions and their validity"))
    imp = sub.add_parser("import", help=_("check a definition file and add it"))
    imp.add_argument("file", metavar="FILE.json", help=_("the definition file"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.reports import definitions

    if args.forms_command == "import":
        # Validate before touching the database, so a bad file changes nothing and needs no data file.
        definitions.load_file(args.file, source="imported")
    with opened_db(ctx) as db:
        if args.forms_command == "import":
            defn = definitions.import_definition(db, args.file)
            print(_("Imported the definition {version} of the form {form}, valid from {start}.").format(
                version=defn.version, form=defn.form_id, start=defn.valid_from.strftime("%d/%m/%Y")))  # fmt: skip
            return 0
        for d in definitions.list_definitions(db):
            until = d.valid_to.strftime("%d/%m/%Y") if d.valid_to else "…"
            source = _("built-in") if d.source == "shipped" else _("imported")
            note = "  " + _("reference layout (Mẫu tham khảo)") if d.reference else ""
            print(
                f"{d.form_id}\t{d.version}\t{d.valid_from:%d/%m/%Y} – {until}\t{source}{note}\n    {d.name}"
            )
        return 0
