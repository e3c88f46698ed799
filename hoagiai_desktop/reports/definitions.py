"""Statistical forms as data (DOMAIN §5 "Forms are data").

A definition is a JSON document: rows, grouped columns with their labels, each leaf column mapped to an indicator
key of DOMAIN §4, the legal basis and the validity dates. The shipped ones live in ``reports/forms/``; more are
imported into table ``form_definition`` (``hoagiai forms import FILE``) without a code change. A period renders
with the definition valid on its last day; among several, the one that started latest wins, and an imported one
beats a shipped one with the same start.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hoagiai_desktop.domain.indicators import INDICATOR_KEYS
from hoagiai_desktop.domain.models import FormDefinition
from hoagiai_desktop.domain.periods import Period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.services.common import writing
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.text import nfc

FORMAT = "hoagiai-form/1"
DATA_FORMS = ("thong-ke",)  # forms whose layout comes from a definition
_FORMS_DIR = Path(__file__).resolve().parent / "forms"
_FORMATS = ("int", "percent")
_REQUIRED = ("format", "form_id", "version", "name", "title", "legal_basis", "valid_from", "columns")


@dataclass(frozen=True)
class Column:
    label: str
    indicator: str | None = None
    fmt: str = "int"
    children: tuple[Column, ...] = ()
    number: int | None = None  # leaf numbering (1), (2)… in reading order

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def depth(self) -> int:
        return 1 + (max(c.depth() for c in self.children) if self.children else 0)

    def width(self) -> int:
        return 1 if self.is_leaf else sum(c.width() for c in self.children)


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True)
class FormDef:
    form_id: str
    version: str
    name: str
    title: str
    legal_basis: str
    valid_from: dt.date
    valid_to: dt.date | None
    columns: tuple[Column, ...]
    reference: bool = False
    reference_note: str = ""
    receiver: str = "Sở Tư pháp"
    unit_of_measure: str = ""
    label_header: str = "Tên tổ hòa giải"
    total_label: str = "Tổng số trên địa bàn"
    per_team: bool = True
    source: str = "shipped"  # "shipped" or "imported"
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def leaves(self) -> list[Column]:
        out: list[Column] = []

        def walk(cols: Sequence[Column]) -> None:
            for c in cols:
                if c.is_leaf:
                    out.append(c)
                else:
                    walk(c.children)

        walk(self.columns)
        return out

    def header_depth(self) -> int:
        return max(c.depth() for c in self.columns)

    def header_cells(self) -> list[HeaderCell]:
        """The grouped header as a grid: column 0 is the row label; leaves span down to the last header row.

        The numbering row ("A", "(1)", "(2)"…) comes after the ``header_depth()`` label rows.
        """
        depth = self.header_depth()
        cells = [HeaderCell(self.label_header, 0, 0, row_span=depth)]

        def walk(cols: Sequence[Column], row: int, col: int) -> int:
            for c in cols:
                if c.is_leaf:
                    cells.append(HeaderCell(c.label, row, col, row_span=depth - row))
                    col += 1
                else:
                    cells.append(HeaderCell(c.label, row, col, col_span=c.width()))
                    col = walk(c.children, row + 1, col)
            return col

        walk(self.columns, 0, 1)
        cells.append(HeaderCell("A", depth, 0))
        cells.extend(HeaderCell(f"({leaf.number})", depth, i + 1) for i, leaf in enumerate(self.leaves()))
        return cells

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class DefinitionInfo:
    """One row of ``hoagiai forms list`` / the window's list of definitions."""

    form_id: str
    version: str
    name: str
    valid_from: dt.date
    valid_to: dt.date | None
    source: str
    reference: bool


def _date(data: dict[str, Any], key: str, where: str) -> dt.date | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise UserError(
            _(
                "The form definition {where} has “{value}” in field {field}, which is not a date; write it as YYYY-MM-DD."
            ).format(where=where, value=value, field=key)
        ) from None


def _text(data: dict[str, Any], key: str, default: str = "") -> str:
    value = data.get(key, default)
    return nfc(str(value)) if value is not None else default


def _parse_columns(items: Any, where: str, counter: list[int]) -> tuple[Column, ...]:
    if not isinstance(items, list) or not items:
        raise UserError(
            _("The form definition {where} has an empty or malformed column list.").format(where=where)
        )
    out: list[Column] = []
    for item in items:
        if not isinstance(item, dict) or not _text(item, "label"):
            raise UserError(
                _("The form definition {where} has a column without a label.").format(where=where)
            )
        label = _text(item, "label")
        children = item.get("children")
        indicator = item.get("indicator")
        if children:
            if indicator:
                raise UserError(
                    _(
                        "Column “{label}” of the form definition {where} has both sub-columns and an indicator; keep one."
                    ).format(label=label, where=where)
                )
            out.append(Column(label=label, children=_parse_columns(children, where, counter)))
            continue
        if not indicator:
            raise UserError(
                _("Column “{label}” of the form definition {where} has no indicator.").format(
                    label=label, where=where
                )
            )
        if indicator not in INDICATOR_KEYS:
            raise UserError(
                _(
                    "Column “{label}” of the form definition {where} refers to the unknown indicator “{key}”."
                ).format(label=label, where=where, key=indicator)
            )
        fmt = str(item.get("format") or ("percent" if "rate" in indicator or "pct" in indicator else "int"))
        if fmt not in _FORMATS:
            raise UserError(
                _(
                    "Column “{label}” of the form definition {where} has the unknown format “{fmt}”; use int or percent."
                ).format(label=label, where=where, fmt=fmt)
            )
        counter[0] += 1
        out.append(Column(label=label, indicator=str(indicator), fmt=fmt, number=counter[0]))
    return tuple(out)


def parse_definition(data: Any, *, where: str = "", source: str = "shipped") -> FormDef:
    """Validate a decoded JSON document; any problem raises a UserError with one sentence saying what to fix."""
    where = where or _("(unnamed)")
    if not isinstance(data, dict):
        raise UserError(_("The form definition {where} must be a JSON object.").format(where=where))
    for key in _REQUIRED:
        if data.get(key) in (None, "", []):
            raise UserError(
                _("The form definition {where} lacks the field “{field}”.").format(where=where, field=key)
            )
    if data["format"] != FORMAT:
        raise UserError(
            _(
                "The form definition {where} has format “{found}”; this version of the app reads “{expected}”."
            ).format(where=where, found=data["format"], expected=FORMAT)
        )
    form_id = _text(data, "form_id")
    if form_id not in DATA_FORMS:
        raise UserError(
            _(
                "The form definition {where} is for the form “{form}”; only these forms are defined by files: {forms}."
            ).format(where=where, form=form_id, forms=", ".join(DATA_FORMS))
        )
    valid_from = _date(data, "valid_from", where)
    valid_to = _date(data, "valid_to", where)
    assert valid_from is not None
    if valid_to is not None and valid_to < valid_from:
        raise UserError(
            _("The form definition {where} stops being valid ({end}) before it starts ({start}).").format(
                where=where, end=valid_to.isoformat(), start=valid_from.isoformat()
            )
        )
    rows = data.get("rows") or {}
    if not isinstance(rows, dict):
        raise UserError(_("The form definition {where} has a malformed “rows” field.").format(where=where))
    return FormDef(
        form_id=form_id,
        version=_text(data, "version"),
        name=_text(data, "name"),
        title=_text(data, "title"),
        legal_basis=_text(data, "legal_basis"),
        valid_from=valid_from,
        valid_to=valid_to,
        columns=_parse_columns(data["columns"], where, [0]),
        reference=bool(data.get("reference", False)),
        reference_note=_text(data, "reference_note"),
        receiver=_text(data, "receiver", "Sở Tư pháp"),
        unit_of_measure=_text(data, "unit_of_measure"),
        label_header=_text(rows, "label_header", "Tên tổ hòa giải"),
        total_label=_text(rows, "total_label", "Tổng số trên địa bàn"),
        per_team=bool(rows.get("per_team", True)),
        source=source,
        raw=data,
    )


def load_file(path: str | Path, *, source: str = "shipped") -> FormDef:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(_("The file {path} does not exist.").format(path=p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(_("Cannot read {path} as UTF-8 text.").format(path=p)) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(
            _("The form definition {where} is not valid JSON (line {line}, column {col}).").format(
                where=p.name, line=exc.lineno, col=exc.colno
            )
        ) from None
    return parse_definition(data, where=p.name, source=source)


def shipped_definitions() -> list[FormDef]:
    return [load_file(p) for p in sorted(_FORMS_DIR.glob("*.json"))]


def _imported(db: Database) -> list[tuple[FormDef, dt.datetime]]:
    out: list[tuple[FormDef, dt.datetime]] = []
    with db.reading() as s:
        for row in s.scalars(select(FormDefinition).order_by(FormDefinition.id)):
            defn = parse_definition(
                json.loads(row.content), where=f"{row.form_id} {row.version}", source="imported"
            )
            out.append((defn, row.imported_at))
    return out


def all_definitions(db: Database) -> list[FormDef]:
    return shipped_definitions() + [d for d, _when in _imported(db)]


def list_definitions(db: Database) -> list[DefinitionInfo]:
    return [
        DefinitionInfo(d.form_id, d.version, d.name, d.valid_from, d.valid_to, d.source, d.reference)
        for d in all_definitions(db)
    ]


def choose(definitions: Sequence[FormDef], form_id: str, period: Period) -> FormDef:
    """The definition of ``form_id`` valid on the period's last day (latest start; imported before shipped)."""
    candidates = [d for d in definitions if d.form_id == form_id and d.is_valid_on(period.end)]
    if not candidates:
        raise UserError(
            _(
                "No definition of the form {form} is valid on {day}; import one with “hoagiai forms import FILE”."
            ).format(form=form_id, day=period.end.strftime("%d/%m/%Y"))
        )
    return max(enumerate(candidates), key=lambda iv: (iv[1].valid_from, iv[1].source == "imported", iv[0]))[1]


def definition_for(db: Database, form_id: str, period: Period) -> FormDef:
    return choose(all_definitions(db), form_id, period)


def import_definition(db: Database, path: str | Path) -> FormDef:
    """Validate the file and store it; importing the same form and version again replaces the stored copy."""
    import datetime

    defn = load_file(path, source="imported")
    if any(d.version == defn.version and d.form_id == defn.form_id for d in shipped_definitions()):
        raise UserError(
            _(
                "The version “{version}” is the name of a built-in definition; give the new one another version."
            ).format(version=defn.version)
        )
    content = json.dumps(defn.raw, ensure_ascii=False, indent=1, sort_keys=True)
    with writing(db) as s:
        row = s.scalars(
            select(FormDefinition).where(
                FormDefinition.form_id == defn.form_id, FormDefinition.version == defn.version
            )
        ).first()
        if row is None:
            row = FormDefinition(form_id=defn.form_id, version=defn.version)
            s.add(row)
        row.valid_from = defn.valid_from
        row.valid_to = defn.valid_to
        row.content = content
        row.imported_at = datetime.datetime.now().replace(microsecond=0)
    return defn
