"""Reporting regimes as data (DOMAIN §4): which dates ``YYYY-H1``, ``YYYY-Y1`` and ``YYYY`` cover under each legal
instrument, which part is estimated, and what the period is called on paper.

The regimes are JSON files in ``domain/regimes/`` (one per instrument, with its legal basis and the years it is the
default for), so a new circular is a new file, not a code change. The officer may pick the regime the province asks
for; the choice is stored in the data file's ``setting`` table under :data:`SETTING_KEY` ("auto" or absent = the
default for the period's year).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _

FORMAT = "hoagiai-regime/1"
AUTO = "auto"
SETTING_KEY = "report.regime"
KINDS = ("H1", "Y1", "year")
_DIR = Path(__file__).resolve().parent / "regimes"

if TYPE_CHECKING:  # `hoagiai --help` parses periods without loading SQLAlchemy
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class PeriodRule:
    """One kind of period of a regime: its name (``{year}`` filled in) and its dates as MM-DD within the year."""

    name: str
    start: str
    end: str
    actual_to: str

    def dates(self, year: int) -> tuple[dt.date, dt.date, dt.date]:
        return tuple(  # type: ignore[return-value]
            dt.date.fromisoformat(f"{year:04d}-{md}") for md in (self.start, self.end, self.actual_to)
        )


@dataclass(frozen=True)
class Regime:
    id: str
    name: str  # short, e.g. "Thông tư 03/2019/TT-BTP"
    legal_basis: str  # printed on paper as the basis of the report
    status: str
    default_from: int | None
    default_to: int | None
    periods: dict[str, PeriodRule]

    def is_default_for(self, year: int) -> bool:
        return (self.default_from is None or self.default_from <= year) and (
            self.default_to is None or year <= self.default_to
        )


def _parse(data: Any, where: str) -> Regime:
    try:
        if data["format"] != FORMAT:
            raise ValueError(data["format"])
        periods = {
            kind: PeriodRule(
                str(p["name"]), str(p["start"]), str(p["end"]), str(p.get("actual_to") or p["end"])
            )
            for kind, p in data["periods"].items()
        }
        if set(periods) != set(KINDS):
            raise ValueError("periods")
        for rule in periods.values():
            rule.dates(2024)  # a leap year: every MM-DD must be a real day
        years = data.get("default_years") or {}
        return Regime(
            id=str(data["id"]),
            name=str(data["name"]),
            legal_basis=str(data["legal_basis"]),
            status=str(data.get("status", "")),
            default_from=years.get("from"),
            default_to=years.get("to"),
            periods=periods,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # Shipped data: a broken file is a programming error, but say which file.
        raise RuntimeError(f"broken reporting regime file {where}: {exc!r}") from exc


@cache
def regimes() -> dict[str, Regime]:
    """The shipped regimes by id, oldest default first."""
    out = [_parse(json.loads(p.read_text(encoding="utf-8")), p.name) for p in sorted(_DIR.glob("*.json"))]
    out.sort(key=lambda r: r.default_from or 0)
    return {r.id: r for r in out}


def default_regime(year: int) -> Regime:
    """The regime that applies to ``year`` unless the officer chose another (≤ 2025 TT 03/2019, ≥ 2026 TT 17/2025)."""
    for regime in regimes().values():
        if regime.is_default_for(year):
            return regime
    return list(regimes().values())[-1]


def get_regime(regime_id: str | None, year: int) -> Regime:
    """The regime called ``regime_id`` ("auto", "" or None = the default for ``year``); unknown → UserError."""
    key = (regime_id or AUTO).strip().lower()
    if key == AUTO:
        return default_regime(year)
    if key not in regimes():
        raise UserError(
            _("Unknown reporting regime “{regime}”; choose one of: {choices}.").format(
                regime=regime_id, choices=", ".join([AUTO, *regimes()])
            )
        )
    return regimes()[key]


def regime_choices() -> list[tuple[str, str]]:
    """(id, name) of every regime, for the Settings page and ``--regime``."""
    return [(r.id, r.name) for r in regimes().values()]


# ---- the officer's choice, stored with the data --------------------------------------------------------------


def stored_regime(session: Session | Connection) -> str:
    """The regime chosen in Settings ("auto" when none was chosen); read with Core SQL, so a Core connection
    (``hoagiai stats``) does as well as a session."""
    from sqlalchemy import select

    from hoagiai_desktop.domain.tables import setting

    stored = session.scalar(select(setting.c.value).where(setting.c.key == SETTING_KEY))
    value = (stored or "").strip()
    return value if value in regimes() else AUTO


def store_regime(session: Session, regime_id: str) -> None:
    """Remember the regime the province asks for ("auto" = the default by year)."""
    from hoagiai_desktop.domain.models import Setting

    key = (regime_id or AUTO).strip().lower()
    if key != AUTO:
        get_regime(key, 2000)  # raises the one-sentence error for an unknown id
    row = session.get(Setting, SETTING_KEY)
    if row is None:
        session.add(Setting(key=SETTING_KEY, value=key))
    else:
        row.value = key
