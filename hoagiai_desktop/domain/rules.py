"""The law's rules of DOMAIN §3, as pure functions that return findings.

Every function takes plain values or ORM objects whose needed relations are already loaded and never touches the
database, so the window, the command line, import and the reports all judge data the same way. A finding is
either a ``warning`` (shown, the write goes ahead) or a ``block`` (the service refuses the write).

**Decisions** where DOMAIN §3 leaves the severity open:

* 3.8 a date of something that has happened cannot be in the future: a block on that field, everywhere (birth,
  intake, village, team, membership, session …). Only what may be planned ahead is exempt (a training event's
  dates, passed as ``planned``); a stored date given only as the other end of a range (``context``) is not judged
  again, so an old record never blocks an unrelated edit. An end before its start and overlapping memberships of
  one mediator in one team are blocks, because the indicators of §4 would count them twice or not at all.
* 3.3 the same folded name with an unknown birth year on either side is a warning (possibly the same person);
  the same name *and* the same birth year is the block of the law.
* 3.6 the court deadline is only watched for successful cases not yet filed at the court.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from hoagiai_desktop.domain import values
from hoagiai_desktop.domain.enums import Result, Role, Sex
from hoagiai_desktop.domain.ethnic import is_minority
from hoagiai_desktop.domain.periods import add_months
from hoagiai_desktop.i18n import N_, _, format_date, ngettext
from hoagiai_desktop.text import fold, nfc

Severity = Literal["warning", "block"]
WARNING: Severity = "warning"
BLOCK: Severity = "block"

MIN_TEAM_SIZE = 3  # Điều 12(1)
FIRST_SESSION_DAYS = 3  # Điều 20(2)
COURT_MONTHS = 6  # BLTTDS Điều 418
COURT_WARN_DAYS = 30
TRAINING_MONTHS = 6  # QĐ 315: newly recognised mediators trained within 6 months


@dataclass(frozen=True)
class Finding:
    """One result of a rule: which rule (``"3.1"``…``"3.9"``), how serious, a sentence, and where it points."""

    rule: str
    severity: Severity
    message: str
    field: str | None = None
    ref: str | None = None

    @property
    def is_block(self) -> bool:
        return self.severity == BLOCK


def blocks(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that refuse a write."""
    return [f for f in findings if f.is_block]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that are only shown."""
    return [f for f in findings if not f.is_block]


def _is_active(membership: Any, on: dt.date) -> bool:
    return bool(membership.start_date <= on and (membership.end_date is None or membership.end_date > on))


def _is_leader(membership: Any, on: dt.date) -> bool:
    if membership.role != Role.TO_TRUONG:
        return False
    since = getattr(membership, "leader_since", None)
    return since is None or since <= on


# ---- 3.1 team composition -----------------------------------------------------------------------------------


def team_compliance(
    team: Any, memberships: Iterable[Any], on: dt.date, *, ethnic_area: bool | None = None
) -> list[Finding]:
    """Điều 12(1): why ``team`` is not legally composed on ``on`` (empty list = compliant).

    ``memberships`` are the team's memberships with ``mediator`` loaded (inactive ones are ignored).
    ``ethnic_area`` defaults to ``team.village.ethnic_area``.
    """
    ref = getattr(team, "code", None)
    if ethnic_area is None:
        village = getattr(team, "village", None)
        ethnic_area = bool(village is not None and village.ethnic_area)
    active = [ms for ms in memberships if _is_active(ms, on)]
    mediators = {ms.mediator_id: ms.mediator for ms in active}
    found: list[Finding] = []
    if len(mediators) < MIN_TEAM_SIZE:
        message = ngettext(
            "The team has {n} active mediator; the law requires at least 3.",
            "The team has {n} active mediators; the law requires at least 3.",
            len(mediators),
        )
        found.append(Finding("3.1", WARNING, message.format(n=len(mediators)), "members", ref))
    if not any(md.sex == Sex.NU for md in mediators.values()):
        found.append(
            Finding(
                "3.1",
                WARNING,
                _("The team has no woman mediator; the law requires at least one."),
                "members",
                ref,
            )
        )
    if ethnic_area and not any(is_minority(md.ethnicity) for md in mediators.values()):
        found.append(
            Finding(
                "3.1",
                WARNING,
                _("The village is an ethnic-minority area but the team has no ethnic-minority mediator."),
                "members",
                ref,
            )
        )
    leaders = [ms for ms in active if _is_leader(ms, on)]
    if not leaders:
        found.append(
            Finding("3.1", WARNING, _("The team has no active team leader; elect one."), "leader", ref)
        )
    elif len({ms.mediator_id for ms in leaders}) > 1:
        found.append(
            Finding(
                "3.1",
                WARNING,
                _("The team has {n} active team leaders; it must have exactly one.").format(
                    n=len({ms.mediator_id for ms in leaders})
                ),
                "leader",
                ref,
            )
        )
    return found


def is_compliant(
    team: Any, memberships: Iterable[Any], on: dt.date, *, ethnic_area: bool | None = None
) -> bool:
    """True when :func:`team_compliance` finds nothing."""
    return not team_compliance(team, memberships, on, ethnic_area=ethnic_area)


# ---- 3.2 election results -----------------------------------------------------------------------------------


def majority(votes: int | None, voters: int | None) -> bool | None:
    """True when ``votes`` is more than half of ``voters``; None when either is unknown."""
    if votes is None or voters is None or voters <= 0:
        return None
    return votes * 2 > voters


def election_findings(
    votes: int | None,
    voters: int | None,
    *,
    leader_votes: int | None = None,
    leader_voters: int | None = None,
    ref: str | None = None,
) -> list[Finding]:
    """Điều 8(3), 14: a mediator needs > 50 % of household representatives, a team leader > 50 % of the team."""
    found: list[Finding] = []
    counts = (("votes", votes, _("number of votes")), ("voters", voters, _("number of voters")),
              ("leader_votes", leader_votes, _("number of votes")),
              ("leader_voters", leader_voters, _("number of voters")))  # fmt: skip
    for name, value, label in counts:  # people are counted in whole, plausible numbers (domain/values.py)
        if value is not None and value >= 0 and (problem := values.count_problem(value, what=label)):
            found.append(Finding("3.2", BLOCK, problem, name, ref))
    if votes is not None and voters is not None:
        if voters <= 0 or votes < 0:
            found.append(
                Finding("3.2", BLOCK, _("The number of voters must be a positive number."), "voters", ref)
            )
        elif votes > voters:
            found.append(
                Finding("3.2", BLOCK, _("The votes cannot be more than the number of voters."), "votes", ref)
            )
        elif not majority(votes, voters):
            found.append(
                Finding(
                    "3.2",
                    WARNING,
                    _(
                        "{votes} of {voters} votes is not more than half; the law requires a majority of households."
                    ).format(votes=votes, voters=voters),
                    "votes",
                    ref,
                )
            )
    if leader_votes is not None and leader_voters is not None:
        if leader_voters <= 0 or leader_votes < 0:
            found.append(
                Finding(
                    "3.2", BLOCK, _("The number of voters must be a positive number."), "leader_voters", ref
                )
            )
        elif leader_votes > leader_voters:
            found.append(
                Finding(
                    "3.2",
                    BLOCK,
                    _("The votes cannot be more than the number of voters."),
                    "leader_votes",
                    ref,
                )
            )
        elif not majority(leader_votes, leader_voters):
            found.append(
                Finding(
                    "3.2",
                    WARNING,
                    _(
                        "{votes} of {voters} votes is not more than half; a team leader needs a majority of the team."
                    ).format(votes=leader_votes, voters=leader_voters),
                    "leader_votes",
                    ref,
                )
            )
    return found


# ---- 3.3 a party cannot mediate its own case ----------------------------------------------------------------


def _birth_year(person: Any) -> int | None:
    year = getattr(person, "birth_year", None)
    if year is None and getattr(person, "birth_date", None) is not None:
        year = person.birth_date.year
    return int(year) if year is not None else None


def party_conflicts(
    mediator: Any, parties: Iterable[Any], *, recusal_override: bool = False, ref: str | None = None
) -> list[Finding]:
    """Rule 3.3: BLOCK assigning a mediator who is a party (same name and birth year) without an override.

    Names are compared ignoring case and spacing; names equal only once accents are removed ("Hung" / "Hùng"),
    or with a birth year unknown on either side, give a warning. With ``recusal_override`` the conflict is still
    reported, as a warning.
    """
    name = fold(mediator.full_name)
    exact = nfc(mediator.full_name).casefold()
    year = _birth_year(mediator)
    found: list[Finding] = []
    for party in parties:
        if fold(party.name) != name:
            continue
        party_year = _birth_year(party)
        if year is not None and party_year is not None and year != party_year:
            continue
        certain = year is not None and party_year is not None and nfc(party.name).casefold() == exact
        if certain and not recusal_override:
            message = _(
                "{name} is a party to this case and cannot mediate it unless a recusal override is recorded."
            ).format(name=mediator.full_name)
            found.append(Finding("3.3", BLOCK, message, "mediators", ref))
        else:
            message = _(
                "{name} has the same name as a party to this case; check that they are not the same person."
            ).format(name=mediator.full_name)
            found.append(Finding("3.3", WARNING, message, "mediators", ref))
    return found


# ---- 3.4 first session within 3 days of the assignment -------------------------------------------------------


def first_assignment(case: Any) -> dt.date | None:
    """The earliest assignment date of a case (None when nobody is assigned)."""
    dates = [a.assigned_on for a in case.assignments]
    return min(dates) if dates else None


def first_session(case: Any) -> dt.date | None:
    """The date of the first mediation session (None when none was held)."""
    dates = [s.held_on for s in case.sessions]
    return min(dates) if dates else None


def session_deadline(case: Any) -> dt.date | None:
    """The last day for the first session under Điều 20(2): assignment + 3 days."""
    assigned = first_assignment(case)
    return None if assigned is None else assigned + dt.timedelta(days=FIRST_SESSION_DAYS)


def first_session_findings(case: Any, on: dt.date) -> list[Finding]:
    """Rule 3.4: the first session was (or, still open on ``on``, is) later than assignment + 3 days."""
    if getattr(case, "immediate", False):
        return []
    deadline = session_deadline(case)
    if deadline is None:
        return []
    held = first_session(case)
    ref = getattr(case, "code", None)
    if held is not None:
        if held > deadline:
            return [
                Finding(
                    "3.4",
                    WARNING,
                    _(
                        "The first session was held {days} days after the assignment; the law asks for 3 days at most."
                    ).format(days=(held - deadline).days + FIRST_SESSION_DAYS),
                    "sessions",
                    ref,
                )
            ]
        return []
    if case.result is None and case.ended_on is None and on > deadline:
        return [
            Finding(
                "3.4",
                WARNING,
                _(
                    "No session has been held {days} days after the assignment; the law asks for 3 days at most."
                ).format(days=(on - deadline).days + FIRST_SESSION_DAYS),
                "sessions",
                ref,
            )
        ]
    return []


# ---- 3.5 ending a case ----------------------------------------------------------------------------------------


def outcome_findings(
    *,
    result: Result | None,
    ended_on: dt.date | None,
    end_reason: Any,
    agreement: str | None,
    received_on: dt.date,
    ref: str | None = None,
) -> list[Finding]:
    """Rule 3.5 (BLOCK): ``thanh`` needs an agreement; any end needs a result, an end date ≥ received and a reason."""
    found: list[Finding] = []
    ending = result is not None or ended_on is not None or end_reason is not None
    if not ending:
        return found
    if result is None:
        found.append(Finding("3.5", BLOCK, _("Choose the result of the mediation."), "result", ref))
    if ended_on is None:
        found.append(Finding("3.5", BLOCK, _("Enter the date the mediation ended."), "ended_on", ref))
    elif ended_on < received_on:
        found.append(
            Finding(
                "3.5",
                BLOCK,
                _("The end date {end} is before the date the case was received ({received}).").format(
                    end=format_date(ended_on), received=format_date(received_on)
                ),
                "ended_on",
                ref,
            )
        )
    if end_reason is None:
        found.append(
            Finding("3.5", BLOCK, _("Choose why the mediation ended (Article 23)."), "end_reason", ref)
        )
    if result == Result.THANH and not (agreement or "").strip():
        found.append(
            Finding(
                "3.5", BLOCK, _("A successful mediation needs the text of the agreement."), "agreement", ref
            )
        )
    return found


def case_outcome_findings(case: Any) -> list[Finding]:
    """:func:`outcome_findings` applied to a stored case."""
    return outcome_findings(
        result=case.result,
        ended_on=case.ended_on,
        end_reason=case.end_reason,
        agreement=case.agreement,
        received_on=case.received_on,
        ref=getattr(case, "code", None),
    )


# ---- 3.6 court recognition deadline ---------------------------------------------------------------------------


def court_deadline(case: Any) -> dt.date | None:
    """Agreement date + 6 months (BLTTDS Điều 418) for a successful case; None otherwise."""
    if case.result != Result.THANH or case.ended_on is None:
        return None
    return add_months(case.ended_on, COURT_MONTHS)


def court_findings(case: Any, on: dt.date) -> list[Finding]:
    """Rule 3.6: warn from 30 days before the deadline to the deadline itself, unless already filed."""
    deadline = court_deadline(case)
    if deadline is None or case.court_filed_on is not None:
        return []
    left = (deadline - on).days
    if 0 <= left <= COURT_WARN_DAYS:
        return [
            Finding(
                "3.6",
                WARNING,
                _(
                    "The parties can ask the court to recognise the agreement until {date} ({days} days left)."
                ).format(date=format_date(deadline), days=left),
                "court_filed_on",
                getattr(case, "code", None),
            )
        ]
    return []


# ---- 3.7 newly recognised mediators trained within 6 months ----------------------------------------------------


def training_deadline(recognised_on: dt.date) -> dt.date:
    """The last day a newly recognised mediator should have been trained: recognition + 6 months."""
    return add_months(recognised_on, TRAINING_MONTHS)


def trained_in_time(recognised_on: dt.date, event_end_dates: Iterable[dt.date]) -> bool:
    """True when an attended event ended no later than 6 months after recognition (§4 ``new_trained_6m``)."""
    deadline = training_deadline(recognised_on)
    return any(d <= deadline for d in event_end_dates)


def training_findings(
    recognised_on: dt.date | None, event_end_dates: Iterable[dt.date], on: dt.date, *, ref: str | None = None
) -> list[Finding]:
    """Rule 3.7: warn once the 6-month window has closed (``on`` after the deadline) without training."""
    if recognised_on is None:
        return []
    deadline = training_deadline(recognised_on)
    if on <= deadline or trained_in_time(recognised_on, event_end_dates):
        return []
    return [
        Finding(
            "3.7",
            WARNING,
            _("Recognised on {date} but not trained within 6 months (by {deadline}).").format(
                date=format_date(recognised_on), deadline=format_date(deadline)
            ),
            "trainings",
            ref,
        )
    ]


def first_recognition(memberships: Iterable[Any]) -> dt.date | None:
    """The day a mediator was first recognised: the earliest recognition date (or start date)."""
    dates = [ms.recognition_date or ms.start_date for ms in memberships]
    return min(dates) if dates else None


# ---- 3.8 dates ---------------------------------------------------------------------------------------------------


# What each date field is called in a sentence (lower case, it follows "The …"); unknown fields say "date".
DATE_LABELS: dict[str, str] = {
    "received_on": N_("date the case was received"),
    "assigned_on": N_("assignment date"),
    "held_on": N_("session date"),
    "ended_on": N_("end date of the mediation"),
    "on": N_("follow-up date"),
    "court_filed_on": N_("date filed at the court"),
    "start_date": N_("start date of the membership"),
    "end_date": N_("end date of the membership"),
    "recognition_date": N_("recognition decision date"),
    "termination_date": N_("termination decision date"),
    "leader_since": N_("date the leader took office"),
    "active_from": N_("date the village was established"),
    "merged_on": N_("date the village was merged"),
    "decision_date": N_("date of the founding decision"),
    "dissolved_on": N_("date the team was dissolved"),
    "birth_date": N_("date of birth"),
    "start_on": N_("start date of the training"),
    "end_on": N_("end date of the training"),
}


def date_label(name: str) -> str:
    """The translated name of a date field for sentences ("date the case was received")."""
    label = DATE_LABELS.get(name)
    return _(label) if label is not None else _("date")


def future_finding(name: str, value: dt.date, today: dt.date, ref: str | None = None) -> Finding | None:
    """Rule 3.8 (BLOCK): a date of something that has happened that lies after ``today``."""
    if value <= today:
        return None
    return Finding(
        "3.8",
        BLOCK,
        _("The {label} {date} is in the future; enter a date up to today ({today}).").format(
            label=date_label(name), date=format_date(value), today=format_date(today)
        ),
        name,
        ref,
    )


def date_findings(
    dates: dict[str, dt.date | None],
    today: dt.date,
    *,
    ranges: Sequence[tuple[str, str]] = (),
    ref: str | None = None,
    context: Iterable[str] = (),
    planned: Iterable[str] = (),
) -> list[Finding]:
    """Rule 3.8: BLOCK each date after ``today`` and each ``(start_field, end_field)`` pair whose end is before start.

    ``context`` names stored dates given only as one end of a range (not judged for the future again);
    ``planned`` names dates that may lie ahead (a planned training event). Sentences name the real fields.
    """
    found: list[Finding] = []
    skip = set(context) | set(planned)
    for name, value in dates.items():
        if value is not None and name not in skip:
            finding = future_finding(name, value, today, ref)
            if finding is not None:
                found.append(finding)
    for start_field, end_field in ranges:
        start, end = dates.get(start_field), dates.get(end_field)
        if start is not None and end is not None and end < start:
            found.append(
                Finding(
                    "3.8",
                    BLOCK,
                    _("The {end_label} ({end}) cannot be before the {start_label} ({start}).").format(
                        end_label=date_label(end_field),
                        end=format_date(end),
                        start_label=date_label(start_field),
                        start=format_date(start),
                    ),
                    end_field,
                    ref,
                )
            )
    return found


def periods_overlap(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None) -> bool:
    """True when two half-open periods [start, end) overlap (an open end runs forever)."""
    a_before_b = a_end is not None and a_end <= b_start
    b_before_a = b_end is not None and b_end <= a_start
    return not (a_before_b or b_before_a)


def membership_overlap_findings(
    start: dt.date, end: dt.date | None, others: Iterable[Any], *, ref: str | None = None
) -> list[Finding]:
    """Rule 3.8 (BLOCK): a new or changed membership period overlaps another of the same mediator in the same team.

    ``others`` are the mediator's other memberships of that team (exclude the one being edited).
    """
    for other in others:
        if periods_overlap(start, end, other.start_date, other.end_date):
            return [
                Finding(
                    "3.8",
                    BLOCK,
                    _(
                        "This mediator is already a member of the team from {start}; end that membership first."
                    ).format(start=format_date(other.start_date)),
                    "start_date",
                    ref,
                )
            ]
    return []


# ---- 3.9 text -----------------------------------------------------------------------------------------------------


def case_findings(case: Any, on: dt.date) -> list[Finding]:
    """Everything rules 3.4–3.6 say about a stored case on ``on`` (assignments, sessions loaded)."""
    return first_session_findings(case, on) + case_outcome_findings(case) + court_findings(case, on)


def text_findings(values: dict[str, str | None], *, ref: str | None = None) -> list[Finding]:
    """Rule 3.9: text that is not NFC-normalised and trimmed (services normalise; import uses this to report)."""
    found: list[Finding] = []
    for name, value in values.items():
        if value is not None and nfc(value) != value:
            found.append(
                Finding("3.9", WARNING, _("The text was normalised (spaces and accents)."), name, ref)
            )
    return found
