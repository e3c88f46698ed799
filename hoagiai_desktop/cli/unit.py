"""``hoagiai unit``: show or set the commune's details (DOMAIN §7), so a commune can be set up without the window.

Without options it prints the details; with options it changes only the fields given (through
``services.unit.save_unit``, the same door as the window's Settings page) and prints the result. A kind word
typed into the name ("Xã Tân Hòa") is recognised there, so the papers print it once.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from hoagiai_desktop.cli.common import opened_db
from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _

KINDS = {"xa": UnitKind.XA, "phuong": UnitKind.PHUONG, "dac-khu": UnitKind.DAC_KHU}
SIGNERS = {"chairman": False, "vice": True}
_FIELDS = (
    "province",
    "name",
    "kind",
    "code",
    "chairman",
    "vice_chairman",
    "signer",
    "officer",
    "phone",
    "place",
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "unit",
        help=_("show or set the commune's details"),
        description=_(
            "Show the commune's details (printed on every report), or set the ones given; the others are kept."
        ),
    )
    parser.add_argument("--province", metavar="P", help=_("province or city"))
    parser.add_argument(
        "--name", metavar="N", help=_("commune name (a typed “Xã …”/“Phường …” is recognised)")
    )
    parser.add_argument("--kind", choices=tuple(KINDS), help=_("kind of commune"))
    parser.add_argument("--code", metavar="C", help=_("administrative unit code"))
    parser.add_argument("--place", metavar="N", help=_("place name on documents (default: the commune name)"))
    parser.add_argument("--chairman", metavar="N", help=_("chairman's full name"))
    parser.add_argument("--vice-chairman", metavar="N", help=_("vice-chairman's full name"))
    parser.add_argument("--signer", choices=tuple(SIGNERS), help=_("who signs the reports"))
    parser.add_argument("--officer", metavar="N", help=_("justice officer's full name"))
    parser.add_argument("--phone", metavar="T", help=_("phone number"))
    parser.set_defaults(func=run)


def describe(unit: Any) -> list[str]:
    """The details as "label: value" lines in the user's language (values as stored)."""
    vice_signs = bool(unit.signer_is_vice) and bool(unit.vice_chairman_name)  # as the papers decide
    signer = _("vice-chairman") if vice_signs else _("chairman")
    rows = [
        (_("Province / city"), unit.province),
        (_("Commune-level unit"), unit.full_name),
        (_("Kind of commune"), unit.kind.label()),
        (_("Administrative unit code"), unit.code),
        (_("Place name on documents"), unit.place_name),
        (_("Chairman"), unit.chairman_name),
        (_("Vice-chairman"), unit.vice_chairman_name),
        (_("Signs the reports"), signer),
        (_("Justice officer"), unit.justice_officer_name),
        (_("Phone"), unit.phone),
    ]
    return [f"{label}: {value or '—'}" for label, value in rows]


def run(args: argparse.Namespace, ctx: Any) -> int:
    from hoagiai_desktop.services import unit as units

    changes = {f: getattr(args, f) for f in _FIELDS if getattr(args, f) is not None}
    with opened_db(ctx, reader=not changes) as db:
        current = units.get_unit(db)
        if changes:
            if current is None and not (changes.get("province") and changes.get("name")):
                raise UserError(
                    _("The commune is not set up yet; give at least --province and --name (and --kind).")
                )
            data = units.UnitInput(province="", name="") if current is None else units.input_of(current)
            data = replace(
                data,
                province=changes.get("province", data.province),
                name=changes.get("name", data.name),
                kind=KINDS[changes["kind"]] if "kind" in changes else data.kind,
                code=changes.get("code", data.code),
                place_name=changes.get(
                    "place", data.place_name if current is None or data.place_name != data.name else ""
                ),  # fmt: skip
                chairman_name=changes.get("chairman", data.chairman_name),
                vice_chairman_name=changes.get("vice_chairman", data.vice_chairman_name),
                signer_is_vice=SIGNERS[changes["signer"]] if "signer" in changes else data.signer_is_vice,
                justice_officer_name=changes.get("officer", data.justice_officer_name),
                phone=changes.get("phone", data.phone),
            )
            if data.signer_is_vice and not (data.vice_chairman_name or "").strip() and "signer" in changes:
                raise UserError(
                    _("Give the vice-chairman's name with --vice-chairman before choosing --signer vice.")
                )
            units.save_unit(db, data)
            current = units.get_unit(db)
            print(_("Saved the commune's details."))
        if current is None:
            raise UserError(
                _("The commune is not set up yet; set it with: hoagiai unit --province P --name N --kind xa.")
            )
        for line in describe(current):
            print(line)
    return 0
