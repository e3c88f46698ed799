"""The optional ``DonVi`` sheet (DOMAIN §6): the commune's details in one row, read on import, written on export.

A workbook without the sheet, or with the sheet but no data row, leaves the stored details alone. The row goes
through ``services.unit.apply_unit`` inside the import's one transaction, so it is written all or nothing with
the rest and a kind word typed into the name ("Xã Tân Hòa") is recognised as in the window.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.i18n import _
from hoagiai_desktop.interchange.schema import DON_VI, Signer
from hoagiai_desktop.services.unit import UnitInput, apply_unit, unit_values

UnitRow = tuple[int, UnitInput]  # (Excel row number, the details it holds)


def read_unit(run: Any, ps: Any, epoch_1904: bool, cells: Any) -> UnitRow | None:
    """The (row number, details) of the sheet's one data row; problems go to ``run`` (the importer's ``_Run``);
    ``cells`` is the importer's cell reader class (passed in, so this module does not import the importer)."""
    if ps is None or not ps.rows:
        return None
    if len(ps.rows) > 1:
        run.problem(DON_VI, ps.rows[1].number, None,
                    _("The sheet DonVi holds one row only: the details of this commune."),
                    _("Delete the rows below the first one."))  # fmt: skip
        return None
    row = ps.rows[0]
    c = cells(run, DON_VI, row, epoch_1904)
    province, name = c.text("province", required=True), c.text("name", required=True)
    kind = c.enum("kind") if c.has("kind") else None
    signer = c.enum("signer") if c.has("signer") else None
    vice = c.text("vice_chairman_name")
    if signer is Signer.PHO_CHU_TICH and not vice:
        c.fail(DON_VI.column("signer"), _("The vice-chairman signs but the vice-chairman's name is empty."),
               _("Fill in “Phó Chủ tịch” or write “Chủ tịch” as the signer."))  # fmt: skip
    details = UnitInput(
        province=province or "",
        name=name or "",
        kind=kind or UnitKind.XA,
        place_name=c.text("place_name") or "",
        chairman_name=c.text("chairman_name"),
        vice_chairman_name=vice,
        signer_is_vice=signer is not Signer.CHU_TICH and bool(vice),
        justice_officer_name=c.text("justice_officer_name"),
        phone=c.text("phone"),
        code=c.text("code"),
    )
    run.tick()
    return (row.number, details) if c.ok else None


def status(session: Session, details: UnitInput) -> str:
    """What importing ``details`` would do to the stored unit: "added", "updated" or "unchanged"."""
    unit = session.scalars(select(m.Unit).order_by(m.Unit.id).limit(1)).first()
    if unit is None:
        return "added"
    changed = any(getattr(unit, key) != value for key, value in unit_values(details).items())
    return "updated" if changed else "unchanged"


def write_unit(session: Session, found: UnitRow | None) -> None:
    """Apply the row inside the import's transaction (nothing without a row)."""
    if found is not None:
        apply_unit(session, found[1])


def unit_row(session: Session) -> list[Any] | None:
    """The stored details as the sheet's one row (None before the commune was set up)."""
    unit = session.scalars(select(m.Unit).order_by(m.Unit.id).limit(1)).first()
    if unit is None:
        return None
    vice_signs = bool(unit.signer_is_vice) and bool(unit.vice_chairman_name)
    return [
        unit.province, unit.name, unit.kind.vi, unit.code, unit.place_name, unit.chairman_name,
        unit.vice_chairman_name, (Signer.PHO_CHU_TICH if vice_signs else Signer.CHU_TICH).vi,
        unit.justice_officer_name, unit.phone,
    ]  # fmt: skip
