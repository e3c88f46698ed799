"""Province side of DOMAIN §8: make a data file a province's, and its registry of communes.

The registry comes from an .xlsx with one commune a row (code, name, kind, and the codes of the old communes
merged into it in 2025), so packages sent under a predecessor's code count towards its successor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.domain.unit_names import split_commune
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.province import keys
from hoagiai_desktop.services import users
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.services.common import Outcome, writing
from hoagiai_desktop.services.unit_kind import is_province as is_province  # where the province code finds it
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.text import nfc

# Header words accepted for each column (folded: lower case, no diacritics).
_HEADERS = {
    "code": ("code", "ma", "ma xa", "ma don vi", "ma dvhc"),
    "name": ("name", "ten", "ten xa", "ten don vi"),
    "kind": ("kind", "loai", "cap"),
    "predecessors": ("predecessors", "tien than", "xa cu", "ma xa cu", "sap nhap tu"),
}
MAX_COMMUNES = 5000


@dataclass(frozen=True)
class CommuneRow:
    code: str
    name: str
    kind: UnitKind
    predecessors: tuple[str, ...]
    fingerprint: str | None
    key_pinned_at: dt.datetime | None

    @property
    def full_name(self) -> str:
        return f"{self.kind.vi} {self.name}"


def province_unit(db: Database) -> m.Unit:
    """The province that owns this data file; a sentence when it is a commune's."""
    with db.reading() as s:
        unit = s.scalars(select(m.Unit).order_by(m.Unit.id)).first()
    if unit is None or unit.kind is not UnitKind.TINH:
        raise UserError(
            _("This data file is not a province's; make one with “hoagiai province init --province NAME”.")
        )
    return unit


def init_province(db: Database, name: str, code: str | None = None) -> Outcome[m.Unit]:
    """Make an empty data file a province's (unit kind ``tinh``)."""
    users.require(db, users.ADMIN)
    name = nfc(name).strip()
    if not name:
        raise UserError(_("Give the province's name with --province NAME."))
    with writing(db, role=users.ADMIN) as s:
        unit = s.scalars(select(m.Unit).order_by(m.Unit.id)).first()
        if unit is not None and unit.kind is not UnitKind.TINH:
            raise UserError(_("This data file already belongs to a commune; use a new, empty data file."))
        if s.scalar(select(func.count()).select_from(m.Team)) or s.scalar(
            select(func.count()).select_from(m.Case)
        ):
            raise UserError(_("This data file already holds commune records; use a new, empty data file."))
        if unit is None:
            unit = m.Unit(province=name, name=name, kind=UnitKind.TINH, place_name=name)
            s.add(unit)
        unit.province = unit.name = unit.place_name = name
        unit.code = nfc(code).strip() or None if code else unit.code
        s.flush()
        s.expunge(unit)
    return Outcome(unit, changes=Changes(unit=True, province=True))


def _fold(text: str) -> str:
    from hoagiai_desktop.text import fold

    return " ".join(fold(text).replace("_", " ").split())


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def _read_rows(path: Path) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise UserError(_("The file {path} does not exist.").format(path=path)) from None
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise UserError(_("{file} is not an .xlsx workbook; save it as .xlsx and try again.").format(
            file=path.name)) from None  # fmt: skip
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [_fold(_cell(v)) for v in next(rows, ())]
        where = {
            field: next((i for i, h in enumerate(header) if h in words), None)
            for field, words in _HEADERS.items()
        }
        if where["code"] is None or where["name"] is None:
            raise UserError(
                _("{file} needs a first row naming the columns, with at least “code” and “name”.").format(
                    file=path.name
                )
            )
        out: list[dict[str, str]] = []
        for values in rows:
            row = {
                f: (_cell(values[i]) if i is not None and i < len(values) else "") for f, i in where.items()
            }
            if any(row.values()):
                out.append(row)
            if len(out) > MAX_COMMUNES:
                raise UserError(
                    _("{file} has more rows than a province has communes.").format(file=path.name)
                )
        return out
    finally:
        book.close()


def _kind(text: str, line: int, path: Path) -> UnitKind:
    if not text:
        return UnitKind.XA
    try:
        kind = UnitKind.parse(text)
    except (ValueError, KeyError):
        kind = None
    if kind is None or kind is UnitKind.TINH:
        raise UserError(
            _("Row {line} of {file}: the kind must be xã, phường or đặc khu.").format(
                line=line, file=path.name
            )
        )
    return kind


def import_communes(db: Database, path: str | Path) -> Outcome[tuple[int, int]]:
    """Add or update the registry from ``path``; returns (added, updated). All or nothing."""
    path = Path(path)
    province_unit(db)
    users.require(db, users.OFFICER)
    rows = _read_rows(path)
    parsed: list[tuple[str, str, UnitKind, str | None]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        if not row["code"] or not row["name"]:
            raise UserError(
                _("Row {line} of {file} needs both a code and a name.").format(line=line, file=path.name)
            )
        if row["code"] in seen:
            raise UserError(
                _("Row {line} of {file} repeats the code {code}.").format(
                    line=line, file=path.name, code=row["code"]
                )
            )
        seen.add(row["code"])
        old = [p.strip() for p in row.get("predecessors", "").replace(";", ",").split(",") if p.strip()]
        # "Xã Tân Hòa" typed as the name: store "Tân Hòa", so that papers and receipts add the kind word once
        # (not "Xã Xã Tân Hòa"); the word typed stands for the kind when the kind column is empty
        name, named_kind = split_commune(row["name"])
        kind = _kind(row["kind"], line, path) if row.get("kind") else (named_kind or UnitKind.XA)
        parsed.append((row["code"], name, kind, ",".join(old) or None))
    added = updated = 0
    with writing(db) as s:
        existing = {c.code: c for c in s.scalars(select(m.Commune))}
        for code, name, kind, preds in parsed:
            commune = existing.get(code)
            if commune is None:
                s.add(m.Commune(code=code, name=name, kind=kind, predecessors=preds))
                added += 1
            else:
                commune.name, commune.kind, commune.predecessors = name, kind, preds
                updated += 1
    return Outcome((added, updated), changes=Changes(province=True))


def list_communes(db: Database) -> list[CommuneRow]:
    with db.reading() as s:
        communes = list(s.scalars(select(m.Commune).order_by(m.Commune.code)))
        keys_rows = s.execute(
            select(m.PinnedKey.sender_code, m.PinnedKey.signing_key, m.PinnedKey.pinned_at)
        ).all()
    pinned = {code: key for code, key, _at in keys_rows}
    pinned_at = {code: at for code, _key, at in keys_rows}
    return [
        CommuneRow(
            code=c.code,
            name=c.name,
            kind=c.kind,
            predecessors=tuple(p for p in (c.predecessors or "").split(",") if p),
            fingerprint=keys.fingerprint(pinned[c.code]) if c.code in pinned else None,
            key_pinned_at=pinned_at.get(c.code),
        )  # fmt: skip
        for c in communes
    ]
