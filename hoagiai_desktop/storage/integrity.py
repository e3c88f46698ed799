"""The data check (``hoagiai check`` and the window's "Kiểm tra dữ liệu"): is the file sound, and do the
records make sense?

1. the file: SQLite ``integrity_check`` (a damaged file stops the check: restore the newest good backup);
2. references: ``foreign_key_check`` — records pointing at something that no longer exists (orphans);
3. the §4 invariant: handled = successful + unsuccessful + ongoing + pending, for the current year and each of the
   four years before it, for the commune and for each team;
4. the rules of §3 on stored data: team composition (3.1), case endings (3.5), end before start (3.8);
5. loose ends: mediators who belong to no team, members still active in a dissolved team, cases without parties.

Every finding carries a plain sentence and what to do, both translated.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hoagiai_desktop.i18n import _, ngettext
from hoagiai_desktop.storage.database import Database

Severity = Literal["error", "warning", "info"]
ERROR: Severity = "error"
WARNING: Severity = "warning"
INFO: Severity = "info"

INVARIANT_YEARS = 5  # the current year and the four before it


@dataclass(frozen=True)
class CheckFinding:
    severity: Severity
    code: str  # stable: "damaged", "foreign_key", "invariant", "rule_3_1", "rule_3_5", "rule_3_8", "orphan", ...
    message: str  # what is wrong, one plain sentence
    action: str  # what to do about it
    ref: str | None = None  # code of the record (team / case / mediator) when there is one


@dataclass
class CheckReport:
    findings: list[CheckFinding] = field(default_factory=list)
    damaged: bool = False

    @property
    def errors(self) -> list[CheckFinding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[CheckFinding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, severity: Severity, code: str, message: str, action: str, ref: str | None = None) -> None:
        self.findings.append(CheckFinding(severity, code, message, action, ref))


def _restore_action() -> str:
    return _(
        "Restore the newest good backup (the check offers it; the damaged file is kept aside, never overwritten)."
    )


def _damaged(report: CheckReport, message: str) -> CheckReport:
    """Mark the file damaged (the check stops there) with ``message`` and the way out: restore a backup."""
    report.damaged = True
    report.add(ERROR, "damaged", message, _restore_action())
    return report


def _sqlite_checks(db_path: Path) -> tuple[list[str], list[tuple[str, int, str, int]]]:
    """integrity_check and foreign_key_check, read-only. On read-only media a WAL file cannot be opened the
    usual way; it is then read as immutable (nobody can be writing to it there)."""
    last: sqlite3.OperationalError | None = None
    for uri in (f"file:{db_path}?mode=ro", f"file:{db_path}?mode=ro&immutable=1"):
        try:
            con = sqlite3.connect(uri, uri=True)
            try:
                problems = [r[0] for r in con.execute("PRAGMA integrity_check(20)")]
                fk_rows = [] if problems != ["ok"] else con.execute("PRAGMA foreign_key_check").fetchall()
            finally:
                con.close()
            return problems, fk_rows
        except sqlite3.OperationalError as exc:
            last = exc
    assert last is not None
    raise last


def check_file(db_path: Path) -> CheckReport:
    """Low-level checks on the SQLite file itself, without opening it through the app (safe on a damaged file)."""
    report = CheckReport()
    db_path = Path(db_path)
    if not db_path.exists():
        report.add(ERROR, "missing", _("The data file {path} does not exist.").format(path=db_path),
                   _("Check the path, or restore a backup."))  # fmt: skip
        return report
    if db_path.stat().st_size == 0:
        report.add(INFO, "empty", _("The data file is empty."), _("Open the app to start entering data."))
        return report
    try:
        with db_path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        report.add(ERROR, "unreadable", _("The data file cannot be read ({error}).").format(error=exc.strerror),
                   _("Check the disk and the file's permissions."))  # fmt: skip
        return report
    if head != b"SQLite format 3\x00":
        return _damaged(report, _("The data file is not a readable database: it is damaged."))
    try:
        problems, fk_rows = _sqlite_checks(db_path)
    except sqlite3.OperationalError as exc:  # cannot open (read-only drive, permissions): not damage
        report.add(ERROR, "unreadable", _("The data file cannot be read ({error}).").format(error=exc),
                   _("Check the disk and the file's permissions, or copy the file to this computer."))  # fmt: skip
        return report
    except sqlite3.DatabaseError as exc:
        return _damaged(report, _("The data file is damaged ({error}).").format(error=exc))
    if problems != ["ok"]:
        return _damaged(report, _("The data file is damaged: the database's own check found errors in it."))
    orphans: dict[tuple[str, str], int] = defaultdict(int)
    for table, _rowid, parent, _fk in fk_rows:
        orphans[(table, parent)] += 1
    for (table, parent), n in sorted(orphans.items()):
        report.add(
            ERROR,
            "foreign_key",
            ngettext(
                "{n} record in “{table}” points to a “{parent}” record that no longer exists.",
                "{n} records in “{table}” point to a “{parent}” record that no longer exists.",
                n,
            ).format(n=n, table=table, parent=parent),
            _("Restore a backup made before the problem, or re-enter the missing records."),
        )
    return report


def check_invariant(session: Session, report: CheckReport, *, today: dt.date) -> None:
    from hoagiai_desktop.domain import indicators
    from hoagiai_desktop.domain.models import Team
    from hoagiai_desktop.domain.periods import parse_period

    codes = {row[0]: row[1] for row in session.execute(select(Team.id, Team.code))}
    for year in range(today.year - INVARIANT_YEARS + 1, today.year + 1):
        period = parse_period(str(year))
        action = _(
            "Report this to the maintainers with the log file; the reports of {year} are not reliable."
        ).format(year=year)
        if not indicators.invariant_holds(indicators.compute(session, period)):
            report.add(
                ERROR,
                "invariant",
                _("In {year} the commune's handled cases do not add up to the cases by result.").format(
                    year=year
                ),
                action,
            )
        for team_id, figures in indicators.compute_by_team(session, period).items():
            if not indicators.invariant_holds(figures):
                code = codes.get(team_id, str(team_id))
                report.add(
                    ERROR,
                    "invariant",
                    _(
                        "In {year} the handled cases of team {team} do not add up to the cases by result."
                    ).format(year=year, team=code),
                    action,
                    ref=code,
                )


def check_rules(session: Session, report: CheckReport, *, today: dt.date) -> None:
    from hoagiai_desktop.domain import rules
    from hoagiai_desktop.domain.models import Case, Membership, Team

    teams = session.scalars(
        select(Team)
        .options(selectinload(Team.village), selectinload(Team.memberships).selectinload(Membership.mediator))
        .order_by(Team.code)
    ).all()
    for team in teams:
        if not team.is_active(today):
            continue
        for finding in rules.team_compliance(team, team.memberships, today):
            report.add(
                WARNING,
                "rule_3_1",
                _("Team {team}: {problem}").format(team=team.code, problem=finding.message),
                _("Recognise or elect members so the team meets the legal composition."),
                ref=team.code,
            )
    for team in teams:  # rule 3.8 on stored memberships, active team or not
        by_mediator: dict[int, list[Membership]] = defaultdict(list)
        for ms in team.memberships:
            by_mediator[ms.mediator_id].append(ms)
            if ms.end_date is not None and ms.end_date < ms.start_date:
                report.add(
                    WARNING,
                    "rule_3_8",
                    _("Team {team}: mediator {code} has a membership that ends before it starts.").format(
                        team=team.code, code=ms.mediator.code
                    ),
                    _("Correct the membership dates."),
                    ref=team.code,
                )
        for periods in by_mediator.values():
            periods.sort(key=lambda ms: ms.start_date)
            for a, b in itertools.pairwise(periods):
                if rules.periods_overlap(a.start_date, a.end_date, b.start_date, b.end_date):
                    report.add(
                        WARNING,
                        "rule_3_8",
                        _("Team {team}: mediator {code} has two memberships that overlap in time.").format(
                            team=team.code, code=a.mediator.code
                        ),
                        _("End the earlier membership before the later one starts, or delete the duplicate."),
                        ref=team.code,
                    )
    for case in session.scalars(select(Case).where(Case.result.is_not(None) | Case.ended_on.is_not(None))):
        for finding in rules.case_outcome_findings(case):
            report.add(
                WARNING,
                "rule_3_5",
                _("Case {case}: {problem}").format(case=case.code, problem=finding.message),
                _("Open the case and complete its result."),
                ref=case.code,
            )


def _note_orphans(
    report: CheckReport, codes: Iterable[str], message: Callable[[str], str], action: str
) -> None:
    """One note per record (by code) that lacks what it should have."""
    for code in codes:
        report.add(INFO, "orphan", message(code), action, ref=code)


def check_loose_ends(session: Session, report: CheckReport) -> None:
    from hoagiai_desktop.domain.models import Case, Mediator, Membership, Party, Team

    no_team = session.scalars(
        select(Mediator.code).where(
            ~select(Membership.id).where(Membership.mediator_id == Mediator.id).exists()
        )
    ).all()
    _note_orphans(
        report,
        no_team,
        lambda code: _("Mediator {code} belongs to no team.").format(code=code),
        _("Add a membership, or delete the mediator if entered by mistake."),
    )
    dissolved_members = session.execute(
        select(Team.code, Membership.id)
        .join(Membership, Membership.team_id == Team.id)
        .where(
            Team.dissolved_on.is_not(None),
            (Membership.end_date.is_(None)) | (Membership.end_date > Team.dissolved_on),
        )
    ).all()
    counted: dict[str, int] = defaultdict(int)
    for team_code, _id in dissolved_members:
        counted[team_code] += 1
    for team_code, n in sorted(counted.items()):
        report.add(
            WARNING,
            "orphan",
            ngettext(
                "Team {team} was dissolved but {n} member is still active in it.",
                "Team {team} was dissolved but {n} members are still active in it.",
                n,
            ).format(team=team_code, n=n),
            _(
                "End these memberships on the day the team was dissolved, or move the members to another team."
            ),
            ref=team_code,
        )
    no_party = session.scalars(
        select(Case.code)
        .where(~select(Party.id).where(Party.case_id == Case.id).exists())
        .order_by(Case.code)
    ).all()
    _note_orphans(
        report,
        no_party,
        lambda code: _("Case {case} has no parties recorded.").format(case=code),
        _("Open the case and add the parties."),
    )


def check_database(db: Database, *, today: dt.date | None = None) -> CheckReport:
    """The whole data check on an open database. A damaged file stops after the file check."""
    today = today or dt.date.today()
    report = check_file(db.path) if db.path is not None else CheckReport()
    if report.damaged or any(f.code in ("missing", "unreadable") for f in report.findings):
        return report
    with db.reading() as session:
        check_invariant(session, report, today=today)
        check_rules(session, report, today=today)
        check_loose_ends(session, report)
    return report
