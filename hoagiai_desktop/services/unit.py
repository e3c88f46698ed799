"""The commune that owns the database (one row): its names and the signers printed on documents.

Read as a frozen :class:`UnitRecord` through Core (the dashboard names the unit on its reading thread, which then
needs nothing of the ORM); written through the ORM, which only the writes import (the change is audited).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from hoagiai_desktop.domain import tables as t
from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.domain.unit_names import bare_province, split_commune
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.services.common import Errors, Outcome, writing
from hoagiai_desktop.storage.database import Database

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class UnitInput:
    province: str
    name: str
    kind: UnitKind | str = UnitKind.XA
    place_name: str = ""  # blank → the commune name
    chairman_name: str | None = None
    vice_chairman_name: str | None = None
    signer_is_vice: bool = True
    justice_officer_name: str | None = None
    phone: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class UnitRecord:
    """The unit row as plain values."""

    id: int
    province: str
    name: str
    kind: UnitKind
    place_name: str
    chairman_name: str | None
    vice_chairman_name: str | None
    signer_is_vice: bool
    justice_officer_name: str | None
    phone: str | None
    code: str | None

    @property
    def full_name(self) -> str:
        """The kind's word and the name: "Xã Tân Lập"."""
        return f"{self.kind.vi} {self.name}"


_COLUMNS = [f.name for f in fields(UnitRecord)]


def _record(values: Any) -> UnitRecord:
    """A :class:`UnitRecord` from anything with the unit's columns as attributes (a Core row, an ORM unit)."""
    found = {name: getattr(values, name) for name in _COLUMNS}
    return UnitRecord(**{**found, "signer_is_vice": bool(found["signer_is_vice"])})


def get_unit(db: Database) -> UnitRecord | None:
    """The commune of this database, or None before it was set up."""
    unit = t.unit.c
    with db.reading_connection() as s:
        row = s.execute(select(*(unit[c] for c in _COLUMNS)).order_by(unit.id).limit(1)).one_or_none()
    return None if row is None else _record(row)


def unit_name(db: Database) -> str:
    """The commune's full name ("Xã Tân Lập"); empty before it was set up."""
    unit = get_unit(db)
    return unit.full_name if unit is not None else ""


def unit_description(db: Database) -> str | None:
    """The commune as a backup's preview names it: "Phường Việt Hòa (Hà Nội)"; None before it was set up."""
    unit = get_unit(db)
    if unit is None:
        return None
    text = f"{unit.kind.vi if unit.kind else ''} {unit.name}".strip()
    return f"{text} ({unit.province})" if unit.province else text


def save_unit(db: Database, data: UnitInput) -> Outcome[UnitRecord]:
    """Create or replace the single unit row."""
    with writing(db) as s:
        unit, _changed = apply_unit(s, data)
        s.flush()
        return Outcome(_record(unit), [], changes=Changes(unit=True))


def unit_values(data: UnitInput, *, province_file: bool = False) -> dict[str, Any]:
    """The checked column values ``data`` stands for (``UserError`` naming the field when it cannot be saved).

    ``province_file``: the data file already is a province's (DOMAIN §8) — its details and signers (the director of
    the Sở Tư pháp) are edited here too, and its kind stays ``tinh``."""
    err = Errors()
    province = err.text("province", bare_province(data.province), required=True, label=_("province"))
    # "Xã Tân Hòa" typed as the name: keep "Tân Hòa" and take the kind from the word typed (DOMAIN §5)
    bare_name, typed_kind = split_commune(data.name)
    name = err.text("name", bare_name, required=True, label=_("commune name"))
    kind = typed_kind or err.enum("kind", UnitKind, data.kind, label=_("kind of commune"))
    if province_file:
        kind = UnitKind.TINH  # a province's file never turns into a commune's by a form
    elif kind is UnitKind.TINH:  # a province's data file is made with `hoagiai province init`, not this form
        err.add(
            "kind",
            _("Choose xã, phường or đặc khu; a province's data file is made with “hoagiai province init”."),
        )
    err.raise_if_any()
    assert province is not None and name is not None and kind is not None
    values = {
        "province": province,
        "name": name,
        "kind": kind,
        "place_name": split_commune(err.text("place_name", data.place_name))[0] or name,
        "chairman_name": err.text("chairman_name", data.chairman_name),
        "vice_chairman_name": err.text("vice_chairman_name", data.vice_chairman_name),
        "signer_is_vice": bool(data.signer_is_vice),
        "justice_officer_name": err.text("justice_officer_name", data.justice_officer_name),
        "phone": err.text("phone", data.phone),
        "code": err.text("code", data.code),
    }
    return values


def apply_unit(session: Session, data: UnitInput) -> tuple[Any, bool]:
    """Check ``data`` and write it to the unit row inside ``session`` (the caller's transaction, so the workbook
    import writes it all or nothing with the rest); returns the row (``models.Unit``) and whether anything
    changed."""
    from hoagiai_desktop.domain import models as m  # the ORM for writing only: reading the unit needs none

    unit = session.execute(select(m.Unit).order_by(m.Unit.id).limit(1)).scalar_one_or_none()
    values = unit_values(data, province_file=unit is not None and unit.kind is UnitKind.TINH)
    if unit is None:
        unit = m.Unit(**values)
        session.add(unit)
        return unit, True
    changed = any(getattr(unit, k) != v for k, v in values.items())
    for key, value in values.items():
        setattr(unit, key, value)
    return unit, changed


def input_of(unit: UnitRecord) -> UnitInput:
    """The stored unit as the input that would save it unchanged (to change a few fields and save again)."""
    return UnitInput(
        province=unit.province,
        name=unit.name,
        kind=unit.kind,
        place_name=unit.place_name,
        chairman_name=unit.chairman_name,
        vice_chairman_name=unit.vice_chairman_name,
        signer_is_vice=bool(unit.signer_is_vice),
        justice_officer_name=unit.justice_officer_name,
        phone=unit.phone,
        code=unit.code,
    )
