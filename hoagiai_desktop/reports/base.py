"""What every output shares: the request, the JSON-able data an output is drawn from, and small formatters.

Each output module has ``collect(session, request) -> dict`` (everything printed, as plain JSON values, so a
finalised report can store it and re-export it exactly) and ``layout(data) -> Layout`` (the flowables, the page
orientation and the tables for the workbook). ``data["figures"]`` is a flat mapping of the numbers the output
prints, compared by :mod:`hoagiai_desktop.reports.finalise` to tell what changed after finalising.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hoagiai_desktop.domain.indicators import case_state
from hoagiai_desktop.domain.models import Team
from hoagiai_desktop.domain.periods import Period, period_words
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.reports import nd30, paper
from hoagiai_desktop.reports.tables import Grid

Number = int | float


@dataclass
class Request:
    form: str
    period: Period
    team_code: str | None = None
    case_code: str | None = None
    event_code: str | None = None
    overrides: dict[str | None, dict[str, int]] = field(default_factory=dict)
    narrative: dict[str, str] = field(default_factory=dict)
    number: str | None = None
    issued_on: dt.date = field(default_factory=dt.date.today)
    preparer: str | None = None
    checker: str | None = None


@dataclass
class Layout:
    story: list[Flowable]
    landscape: bool = False
    grids: list[Grid] = field(default_factory=list)


def common(session: Session, req: Request) -> dict[str, Any]:
    unit = nd30.unit_info(session)
    return {
        "form": req.form,
        "period": req.period.code,
        "period_label": req.period.label_vi(),
        "period_words": req.period.words(),  # "Sơ bộ năm 2026 (từ ngày … đến ngày …)": headings, never a code
        "regime": req.period.regime,
        "regime_basis": req.period.legal_basis(),
        "period_start": req.period.start.isoformat(),
        "period_end": req.period.end.isoformat(),
        "unit": unit.to_dict(),
        "number": req.number,
        "issued_on": req.issued_on.isoformat(),
        "preparer": req.preparer,
        "checker": req.checker,
    }


def unit_of(data: Mapping[str, Any]) -> nd30.UnitInfo:
    return nd30.UnitInfo.from_dict(data["unit"])


def heading(
    data: Mapping[str, Any],
    title: str,
    subtitles: list[str] | None = None,
    number_suffix: str | None = "BC-UBND",
) -> nd30.Heading:
    unit = unit_of(data)
    if unit.is_province and number_suffix is not None:  # "BC-UBND" → "BC-STP": the Sở's own code
        number_suffix = number_suffix.replace("-UBND", "-STP")
    return nd30.Heading(
        issuer=unit.issuer,
        superior_lines=unit.superior_lines,
        place=unit.place_name,
        date=dt.date.fromisoformat(data["issued_on"]),
        title=title,
        subtitles=subtitles or [],
        number=data.get("number"),
        number_suffix=number_suffix,
    )


def period_line(data: Mapping[str, Any]) -> str:
    """ "Kỳ báo cáo: Sơ bộ năm 2026 (từ ngày 01/01/2026 đến ngày 31/10/2026)" — the period in words."""
    start = dt.date.fromisoformat(data["period_start"])
    end = dt.date.fromisoformat(data["period_end"])
    return f"Kỳ báo cáo: {period_words(data['period_label'], start, end)}"


def fmt_number(value: Number | None, fmt: str = "int") -> str:
    """A printed figure: "1.283", "72,1", "—" for a rate with nothing to divide (DOMAIN §5)."""
    return paper.fmt_value(value, fmt)


def fmt_date(value: str | dt.date | None) -> str:
    if not value:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


def find_team(session: Session, code: str | None) -> Team:
    if not code:
        raise UserError(_("Choose a team with --team CODE for this report."))
    team = session.scalars(select(Team).where(Team.code == code.strip())).first()
    if team is None:
        raise UserError(_("There is no team with code {code}.").format(code=code))
    return team


def active_teams(session: Session, on: dt.date) -> list[Team]:
    teams = session.scalars(select(Team).order_by(Team.code).options(selectinload(Team.village))).all()
    return [t for t in teams if t.is_active(on)]


def case_state_vi(case: Any, on: dt.date) -> str:
    """The case's state as of ``on`` in the logbook's words (:func:`indicators.case_state`, DOMAIN §2)."""
    state = case_state(case, on)
    return "Ngoài phạm vi (đã hướng dẫn)" if state is None else state.vi


def age_on(birth_year: int | None, on: dt.date) -> str:
    return str(on.year - birth_year) if birth_year else ""


def two_teams_note(columns: list[str]) -> str | None:
    """The note under a table whose team rows count a person of two teams in each while the commune row counts
    them once (``columns`` = the numbers of the columns where it shows, "(2)", …); None when it never does."""
    if not columns:
        return None
    return (
        "Ghi chú: hòa giải viên tham gia hai tổ hòa giải trở lên được tính ở mỗi tổ, nhưng chỉ được tính một lần "
        f"ở dòng tổng số của địa bàn; vì vậy ở cột {', '.join(columns)}, dòng tổng số nhỏ hơn tổng các dòng của tổ."
    )
