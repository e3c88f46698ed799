"""Province side of DOMAIN §8: who has reported (completeness and timeliness) and the province's figures.

The figures are SQL sums of the stored commune rows of the counted packages (``received_figure``), never typed;
the three ratios are recomputed from the summed parts (:mod:`hoagiai_desktop.province.totals`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.periods import Period, parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import N_, _
from hoagiai_desktop.province import totals
from hoagiai_desktop.services import province_registry, users
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.services.common import Outcome, writing
from hoagiai_desktop.storage.database import Database

NOT_SENT = "chua_nop"
ON_TIME = "dung_han"
LATE = "muon"
REPLACED = "da_thay_the"
STATUS_LABELS = {
    NOT_SENT: ("chưa nộp", N_("not sent")),
    ON_TIME: ("đúng hạn", N_("on time")),
    LATE: ("muộn", N_("late")),
    REPLACED: ("đã thay thế", N_("replaced")),
}
DEADLINE_SETTING = "province.deadline.{period}"


def default_deadline(period: Period) -> dt.date | None:
    """TT 03/2019 as secondary sources give it: 06/6 for the six months, 07/11 for ten, 20/01 for the year."""
    year = period.start.year
    return {
        "H1": dt.date(year, 6, 6),
        "Y1": dt.date(year, 11, 7),
        "year": dt.date(year + 1, 1, 20),
    }.get(period.kind)


def deadline(db: Database, period: Period) -> dt.date | None:
    """The province's own deadline for the period when it set one, else the default."""
    with db.reading() as s:
        text = s.scalar(
            select(m.Setting.value).where(m.Setting.key == DEADLINE_SETTING.format(period=period.code))
        )
    return dt.date.fromisoformat(text) if text else default_deadline(period)


def set_deadline(db: Database, period_code: str, day: dt.date) -> Outcome[None]:
    period = parse_period(period_code)
    province_registry.province_unit(db)
    users.require(db, users.OFFICER)
    key = DEADLINE_SETTING.format(period=period.code)
    with writing(db) as s:
        row = s.get(m.Setting, key) or m.Setting(key=key)
        row.value = day.isoformat()
        s.add(row)
    return Outcome(None, changes=Changes(province=True))


@dataclass(frozen=True)
class CompletenessRow:
    code: str
    name: str
    status: str
    received_at: dt.datetime | None  # of the first package of the period
    packages: int
    report_number: str | None  # of the package that counts
    receipt_number: str | None = None  # of the package that counts
    counted_at: dt.datetime | None = None  # when the package that counts was received (later when replaced)
    full_name: str = ""  # "Xã Tiên Phong"

    @property
    def status_vi(self) -> str:
        return STATUS_LABELS[self.status][0]

    @property
    def status_label(self) -> str:
        return _(STATUS_LABELS[self.status][1])


def completeness(db: Database, period_code: str) -> tuple[dt.date | None, list[CompletenessRow]]:
    """Every commune of the registry with its status for the period, in registry order."""
    period = parse_period(period_code)
    province_registry.province_unit(db)
    due = deadline(db, period)
    with db.reading() as s:
        communes = list(s.scalars(select(m.Commune).order_by(m.Commune.code)))
        packages = list(
            s.scalars(
                select(m.ReceivedPackage)
                .where(m.ReceivedPackage.period == period.code)
                .order_by(m.ReceivedPackage.received_at, m.ReceivedPackage.id)
            )
        )
    by_commune: dict[int, list[m.ReceivedPackage]] = defaultdict(list)
    for p in packages:
        by_commune[p.commune_id].append(p)
    rows = []
    for c in communes:
        got = by_commune.get(c.id, [])
        if not got:
            rows.append(
                CompletenessRow(c.code, c.name, NOT_SENT, None, 0, None, full_name=f"{c.kind.vi} {c.name}")
            )
            continue
        first = got[0]
        counted = [p for p in got if p.counted]
        senders = {p.sender_code for p in got}
        if len(got) > len(senders):
            status = REPLACED
        elif due is None or first.received_at.date() <= due:
            status = ON_TIME
        else:
            status = LATE
        last = counted[-1] if counted else got[-1]
        rows.append(CompletenessRow(c.code, c.name, status, first.received_at, len(got), last.report_number,
                                    last.receipt_number, last.received_at, f"{c.kind.vi} {c.name}"))  # fmt: skip
    return due, rows


@dataclass(frozen=True)
class ProvinceFigures:
    period: str
    total: dict[str, int | float]
    communes: dict[str, dict[str, int | float]]  # commune code → figures (only communes that reported)
    estimated: dict[str, list[str]]  # commune code → keys estimated in its counted packages


def figures(db: Database, period_code: str) -> ProvinceFigures:
    """The province's figures for the period, from the counted packages' commune rows: the province total is
    an SQL sum over every stored row; each commune's figures are its stored rows (added up when merged
    predecessors sent packages of their own)."""
    period = parse_period(period_code)
    province_registry.province_unit(db)
    fig, pkg = m.ReceivedFigure, m.ReceivedPackage
    counted = (pkg.period == period.code, pkg.counted.is_(True), fig.indicator.in_(totals.ADDITIVE_KEYS))
    with db.reading() as s:
        total_rows = s.execute(
            select(fig.indicator, func.sum(fig.value))
            .join(pkg, pkg.id == fig.package_id)
            .where(*counted)
            .group_by(fig.indicator)
        ).all()
        per, estimated = _per_commune(s, counted)
    return ProvinceFigures(
        period=period.code,
        total=totals.with_ratios({k: float(v) for k, v in total_rows}),
        communes={code: totals.with_ratios(values) for code, values in sorted(per.items())},
        estimated={k: sorted(v) for k, v in estimated.items()},
    )


def _per_commune(
    s: Session, counted: tuple[ColumnElement[bool], ...]
) -> tuple[dict[str, dict[str, float]], dict[str, set[str]]]:
    """Commune code → its figures, and → the keys estimated in them, from every counted figure row.

    On PostgreSQL one row per package with its figures as arrays: the whole country is 3,321 rows over the wire
    instead of 136,000 (the national totals of DOMAIN §8 were mostly that transfer)."""
    fig, pkg = m.ReceivedFigure, m.ReceivedPackage
    codes: dict[int, str] = {cid: code for cid, code in s.execute(select(m.Commune.id, m.Commune.code))}
    per: dict[str, dict[str, float]] = {}
    estimated: dict[str, set[str]] = defaultdict(set)
    packages: Iterable[Any]  # (commune id, keys, values, estimated flags) per package
    if s.get_bind().dialect.name == "postgresql":
        as_arrays = [func.array_agg(c, type_=NullType()) for c in (fig.indicator, fig.value, fig.estimated)]
        packages = s.execute(
            select(pkg.commune_id, *as_arrays)
            .join(pkg, pkg.id == fig.package_id)
            .where(*counted)
            .group_by(pkg.id, pkg.commune_id)
        )
    else:  # in-process: the rows themselves, gathered per package here
        gathered: dict[int, tuple[int, list[str], list[float], list[bool]]] = {}
        for package_id, commune_id, key, value, est in s.execute(
            select(pkg.id, pkg.commune_id, fig.indicator, fig.value, fig.estimated)
            .join(pkg, pkg.id == fig.package_id)
            .where(*counted)
        ):
            entry = gathered.setdefault(package_id, (commune_id, [], [], []))
            entry[1].append(key)
            entry[2].append(value)
            entry[3].append(est)
        packages = gathered.values()
    for package in packages:
        commune_id, keys, values, flags = package
        code = codes[commune_id]
        mine = dict(zip(keys, map(float, values), strict=True))
        if code in per:  # a merged predecessor's package too: add it up
            mine = {k: per[code].get(k, 0.0) + mine.get(k, 0.0) for k in per[code].keys() | mine.keys()}
        per[code] = mine
        estimated[code].update(k for k, e in zip(keys, flags, strict=True) if e)
    return per, {k: v for k, v in estimated.items() if v}


def latest_period(db: Database) -> str | None:
    """The period of the package received last (the one the province is most likely collecting), or None."""
    with db.reading() as s:
        found: str | None = s.scalar(
            select(m.ReceivedPackage.period).order_by(m.ReceivedPackage.received_at.desc()).limit(1)
        )
    return found


def require_province(db: Database) -> None:
    if not province_registry.is_province(db):
        raise UserError(
            _("This data file is not a province's; make one with “hoagiai province init --province NAME”.")
        )
