"""Realistic, deterministic sample data for an empty database (``hoagiai demo``, DOMAIN §7).

Everything is drawn from one ``random.Random(seed)`` and anchored on a fixed ``today``: the same seed and day give
the same rows, and no date lies after ``today``. The data respects the invariants the indicators rely on (end ≥ start,
no overlapping memberships of one mediator in one team, every ended case has an end date and an Điều 23 reason,
every successful case an agreement) while containing, on purpose, what the checks must find: teams that break
the composition rules, mediators elected by too few households, sessions later than three days, mediators not
trained within six months.

Rows are built in memory as plain dicts with their ids and written with Core bulk inserts in one transaction
(a province-size set is about half a million rows).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select, text

from hoagiai_desktop.demo import names as nm
from hoagiai_desktop.demo.names import pick
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import AuditAction
from hoagiai_desktop.domain.periods import add_months
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import N_, _
from hoagiai_desktop.services import targets
from hoagiai_desktop.storage import derived
from hoagiai_desktop.storage.database import Database

Progress = Callable[[str], None]
Row = dict[str, Any]

SIZES = ("commune", "province")
DAY = dt.timedelta(days=1)

CATEGORY_WEIGHTS = (
    ("dan_su", 40), ("mau_thuan", 25), ("hon_nhan_gia_dinh", 20), ("vi_pham", 8), ("khac", 5), ("ngoai_pham_vi", 2),
)  # fmt: skip
SUCCESS_RATE = {"dan_su": 0.76, "mau_thuan": 0.88, "hon_nhan_gia_dinh": 0.72, "vi_pham": 0.88, "khac": 0.85}
BASIS_WEIGHTS = (
    ("cac_ben_yeu_cau", 60),
    ("hgv_chung_kien", 15),
    ("to_truong_phan_cong", 15),
    ("co_quan_de_nghi", 10),
)
ELECTION_WEIGHTS = (("bieu_quyet", 55), ("y_kien_ho", 30), ("bo_phieu_kin", 15))
END_REASON_WEIGHTS = (("nguyen_vong", 60), ("khong_dap_ung", 30), ("vi_pham", 10))
FOLLOW_UP_WEIGHTS = (("xong", 75), ("dang", 15), ("khong", 7), ("bat_kha_khang", 3))
BROKEN_KINDS = ("too_few", "no_woman", "no_minority", "no_leader")


@dataclass(frozen=True)
class _Spec:
    villages: int
    teams: int
    per_team: tuple[int, int]  # active mediators of a compliant team today
    cases: int  # over the four years before today
    cluster: int  # teams served by one training event series
    broken_share: float


SPECS = {
    "commune": _Spec(villages=15, teams=20, per_team=(5, 9), cases=400, cluster=10_000, broken_share=0.1),
    "province": _Spec(
        villages=2300, teams=3000, per_team=(4, 8), cases=60_000, cluster=60, broken_share=0.06
    ),
}


@dataclass
class _Village:
    id: int
    name: str
    households: int
    ethnic: str | None  # the minority group of an ethnic-minority area
    kind: str = "thon"

    @property
    def head(self) -> str:
        """Title of the village head ("Trưởng thôn", "Trưởng bản", "Tổ trưởng tổ dân phố"…)."""
        return nm.VILLAGE_HEAD[self.kind]


@dataclass
class _Member:
    """One membership, with what the case generator needs to know about its mediator."""

    mediator_id: int
    team_id: int
    name: str
    birth_year: int
    leader: bool
    start: dt.date
    end: dt.date | None


@dataclass
class _Team:
    id: int
    village: _Village
    founded: dt.date
    broken: str | None
    members: list[_Member] = field(default_factory=list)

    def active(self, on: dt.date) -> list[_Member]:
        return [x for x in self.members if x.start <= on and (x.end is None or x.end > on)]


class _Numbers:
    """Decision numbers of the commune People's Committee, counted per year ("15/QĐ-UBND")."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._next: dict[int, int] = {}

    def decision(self, on: dt.date) -> str:
        n = self._next.get(on.year) or self._rng.randint(3, 40)
        self._next[on.year] = n + self._rng.randint(1, 4)
        return f"{n}/QĐ-UBND"


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


class _Builder:
    def __init__(self, spec: _Spec, seed: int, today: dt.date) -> None:
        self.spec = spec
        self.rng = random.Random(seed)
        self.today = today
        self.window_start = add_months(today, -48)
        self.numbers = _Numbers(self.rng)
        self.rows: dict[str, list[Row]] = {t: [] for t in m.COUNTED_TABLES if t != "target"}
        self.villages: list[_Village] = []
        self.teams: list[_Team] = []
        self.mediator_rows: dict[int, Row] = {}
        self.keen: dict[int, float] = {}  # willingness to attend training
        self.region = self.rng.choice(nm.REGIONS)

    # --- unit, villages, teams -------------------------------------------------------------------------------

    def name(self, female: bool, ethnic: str | None = None) -> str:
        return nm.person_name(self.rng, ethnic or "Kinh", female, self.region.south)

    def build_unit(self) -> None:
        rng = self.rng
        self.commune = rng.choice(nm.COMMUNE_NAMES)
        self.unit_kind = "phuong" if rng.random() < 0.15 else "xa"
        self.kind_word = "phường" if self.unit_kind == "phuong" else "xã"
        self.province = rng.choice(self.region.provinces)
        self.rows["unit"].append(
            {
                "id": 1, "province": self.province, "name": self.commune, "kind": self.unit_kind,
                "place_name": self.commune, "chairman_name": self.name(rng.random() < 0.2),
                "vice_chairman_name": self.name(rng.random() < 0.35), "signer_is_vice": True,
                "justice_officer_name": self.name(rng.random() < 0.55),
                "phone": f"02{rng.randint(10, 99)} {rng.randint(3000000, 3999999)}",
                "code": f"{rng.randint(100, 32000):05d}",
            }
        )  # fmt: skip

    def local(self, text: str) -> str:
        """Wording of a commune-level text for this unit (a ward says "phường" where a commune says "xã")."""
        return text.replace(" xã", f" {self.kind_word}") if self.kind_word != "xã" else text

    def address(self, village: _Village) -> str:
        return f"{village.name}, {self.kind_word} {self.commune}"

    def build_villages(self) -> None:
        rng, region = self.rng, self.region
        count = self.spec.villages if self.spec.villages > 100 else self.spec.villages + rng.randint(-1, 1)
        used: set[str] = set()
        numbered: dict[str, int] = {}
        kinh_kinds = (
            (("to_dan_pho", 4), ("khu_pho", 1)) if self.unit_kind == "phuong" else region.village_kinds
        )
        for i in range(1, count + 1):
            ethnic = pick(rng, region.minorities) if rng.random() < region.ethnic_share else None
            kind = pick(rng, region.ethnic_kinds if ethnic else kinh_kinds)
            word = nm.VILLAGE_KIND_WORD[kind]
            stems = region.ethnic_village_names if ethnic else nm.kinh_village_stems(region.south)
            name = f"{word} {rng.choice(stems)}"
            if name in used or (kind in ("to_dan_pho", "khu_pho") and rng.random() < 0.6):
                numbered[word] = numbered.get(word, 0) + 1
                name = f"{word} số {numbered[word]}" if kind == "to_dan_pho" else f"{word} {numbered[word]}"
                while name in used:
                    numbered[word] += 1
                    name = f"{word} {numbered[word]}"
            used.add(name)
            households = (
                rng.randint(60, 260)
                if kind in ("ban", "buon", "lang", "phum", "soc")
                else rng.randint(150, 650)
            )
            village = _Village(i, name, households, ethnic, kind)
            self.villages.append(village)
            self.rows["village"].append(
                {
                    "id": i, "code": f"T-{i:02d}", "name": name, "kind": kind,
                    "households": households, "ethnic_area": ethnic is not None, "active_from": None,
                    "merged_on": None, "notes": None, "name_fold": "", "sort_key": "",
                }
            )  # fmt: skip

    def build_teams(self) -> None:
        rng, spec = self.rng, self.spec
        count = spec.teams if spec.teams > 100 else spec.teams + rng.randint(-1, 1)
        second = rng.sample(self.villages, min(len(self.villages), max(0, count - len(self.villages))))
        placements = [(v, 0) for v in self.villages] + [(v, 2) for v in second]
        placements.sort(key=lambda p: (p[0].id, p[1]))
        broken = self._broken_plan(placements)
        with_two = {v.id for v in second}
        for i, (village, number) in enumerate(placements, start=1):
            doubled = village.id in with_two
            no = 2 if number == 2 else (1 if doubled else 0)
            name = f"Tổ hòa giải {'số ' + str(no) + ' ' if no else ''}{_lower_first(village.name)}"
            if rng.random() < 0.06:  # a team set up (split off) within the last four years
                founded = _between(rng, self.window_start + 60 * DAY, self.today - 200 * DAY)
            else:
                founded = _between(rng, self.today - 12 * 365 * DAY, self.window_start - 30 * DAY)
            team = _Team(i, village, founded, broken.get(i - 1))
            self.teams.append(team)
            support = rng.random() < 0.12
            self.rows["team"].append(
                {
                    "id": i, "code": f"TO-{i:03d}", "name": name,
                    "village_id": village.id, "decision_no": self.numbers.decision(founded), "decision_date": founded,
                    "planned_size": None, "dissolved_on": None, "dissolution_note": None, "legal_support": support,
                    "legal_support_name": self.name(rng.random() < 0.4) if support else None,
                    "legal_support_category": pick(rng, nm.LEGAL_SUPPORT_CATEGORIES) if support else None,
                    "notes": None, "name_fold": "", "sort_key": "",
                }
            )  # fmt: skip

    def _broken_plan(self, placements: list[tuple[_Village, int]]) -> dict[int, str]:
        """Which teams break a composition rule today (each kind at least once when possible)."""
        rng = self.rng
        n = len(placements)
        ethnic_idx = [i for i, (v, _n) in enumerate(placements) if v.ethnic]
        plan: dict[int, str] = {}
        wanted = max(len(BROKEN_KINDS), round(n * self.spec.broken_share))
        if ethnic_idx:
            plan[rng.choice(ethnic_idx)] = "no_minority"
        others = [i for i in range(n) if i not in plan]
        rng.shuffle(others)
        kinds = [k for k in BROKEN_KINDS if k != "no_minority"]
        for k, i in enumerate(others[: wanted - len(plan)]):
            plan[i] = kinds[k % len(kinds)]
        return plan

    # --- mediators and memberships ---------------------------------------------------------------------------

    def new_mediator(self, team: _Team, female: bool, ethnic: str | None, leader: bool = False) -> Row:
        rng = self.rng
        mid = len(self.mediator_rows) + 1
        age = int(rng.triangular(27, 76, 58))
        roles = nm.COMMUNITY_ROLES_FEMALE if female else nm.COMMUNITY_ROLES_MALE
        role = pick(rng, roles)
        if leader and rng.random() < 0.5:
            role = "Trưởng ban công tác Mặt trận"
        if role == "Trưởng thôn":
            role = team.village.head
        if ethnic and not female and rng.random() < 0.15:
            role = "Già làng"
        background = pick(rng, nm.BACKGROUNDS)
        if role in ("Già làng", "Người có uy tín", "Trưởng họ") and rng.random() < 0.7:
            background = "nguoi_uy_tin"
        elif role == "Công an viên" and rng.random() < 0.5:
            background = "cong_an"
        elif role.endswith("Cựu chiến binh") and rng.random() < 0.4:
            background = "quan_doi"
        row = {
            "id": mid, "code": f"HGV-{mid:05d}",
            "full_name": self.name(female, ethnic), "birth_year": self.today.year - age, "birth_date": None,
            "sex": "nu" if female else "nam", "ethnicity": ethnic or "Kinh", "address": self.address(team.village),
            "phone": f"09{rng.randint(10000000, 99999999)}" if rng.random() < 0.75 else None,
            "legal_qualification": pick(rng, nm.LEGAL_QUALIFICATIONS), "background": background,
            "community_role": role or None, "notes": None, "name_fold": "", "sort_key": "",
        }  # fmt: skip
        self.mediator_rows[mid] = row
        self.keen[mid] = 0.15 if rng.random() < 0.12 else 1.0
        return row

    def add_membership(
        self,
        team: _Team,
        mediator: Row,
        start: dt.date,
        *,
        leader: bool = False,
        end: dt.date | None = None,
        decision: str | None = None,
        team_size: int = 5,
    ) -> _Member:
        rng = self.rng
        households = team.village.households
        voters = int(households * rng.uniform(0.6, 0.92))
        share = rng.uniform(0.4, 0.5) if rng.random() < 0.03 else rng.uniform(0.56, 0.97)
        method = pick(rng, ELECTION_WEIGHTS)
        row: Row = {
            "id": len(self.rows["membership"]) + 1, "mediator_id": mediator["id"], "team_id": team.id,
            "role": "to_truong" if leader else "hoa_giai_vien", "election_method": method,
            "votes": int(voters * share), "voters": voters,
            "leader_since": start if leader else None,
            "leader_votes": rng.randint(team_size // 2 + 1, team_size) if leader else None,
            "leader_voters": team_size if leader else None,
            "recognition_no": decision or self.numbers.decision(start), "recognition_date": start,
            "start_date": start, "end_date": end, "end_reason": None, "termination_no": None,
            "termination_date": None,
        }  # fmt: skip
        if end is not None:
            row["end_reason"] = pick(rng, END_REASON_WEIGHTS)
            row["termination_no"] = self.numbers.decision(end)
            row["termination_date"] = end
        self.rows["membership"].append(row)
        member = _Member(
            mediator["id"], team.id, mediator["full_name"], mediator["birth_year"], leader, start, end
        )
        team.members.append(member)
        return member

    def build_members(self, team: _Team) -> None:
        rng, today = self.rng, self.today
        lo, hi = self.spec.per_team
        n = 2 if team.broken == "too_few" else rng.randint(lo, hi)
        ethnic = team.village.ethnic
        # Who is active today.
        females = [rng.random() < 0.36 for _ in range(n)]
        if team.broken == "no_woman":
            females = [False] * n
        elif not any(females):
            females[rng.randrange(n)] = True
        minority = [bool(ethnic) and rng.random() < 0.65 for _ in range(n)]
        if ethnic and team.broken != "no_minority" and not any(minority):
            minority[rng.randrange(n)] = True
        if team.broken == "no_minority":
            minority = [False] * n
        leader_at = -1 if team.broken == "no_leader" else rng.randrange(n)
        # The roster recognised together (founding or last consolidation before the window).
        if team.founded >= self.window_start - 30 * DAY:
            base = team.founded
        else:
            base = _between(rng, max(team.founded, today - 8 * 365 * DAY), self.window_start - 30 * DAY)
        base_decision = self.numbers.decision(base)
        lo_leave = max(self.window_start, base + 120 * DAY)
        hi_leave = today - 45 * DAY
        # People who left within the window; some were replaced by a member active today.
        leavers = sum(rng.random() < 0.13 for _ in range(n))
        forced: list[
            tuple[bool, bool, bool]
        ] = []  # (female, minority, leader) of a leaver that breaks the team
        if team.broken == "no_woman":
            forced.append((True, False, False))
        elif team.broken == "no_minority" and ethnic:
            forced.append((rng.random() < 0.4, True, False))
        elif team.broken == "no_leader":
            forced.append((False, bool(ethnic) and rng.random() < 0.5, True))
        elif team.broken == "too_few":
            forced.append((False, False, False))
        replaceable = [i for i in range(n) if i != leader_at]
        rng.shuffle(replaceable)
        created: set[int] = set()
        if lo_leave >= hi_leave:
            leavers, forced = 0, []
        for k in range(leavers + len(forced)):
            is_forced = k < len(forced)
            if is_forced:
                female, is_min, was_leader = forced[k]
            else:
                female, is_min, was_leader = rng.random() < 0.3, bool(ethnic) and rng.random() < 0.5, False
            end = _between(rng, lo_leave, hi_leave)
            mediator = self.new_mediator(team, female, ethnic if is_min else None, was_leader)
            self.add_membership(
                team, mediator, base, leader=was_leader, end=end, decision=base_decision, team_size=n + 1
            )
            if not is_forced and replaceable and rng.random() < 0.85:
                successor = replaceable.pop()
                start = end + rng.randint(20, 150) * DAY
                if start < today:
                    self._current(team, successor, females, minority, leader_at, start, n)
                    created.add(successor)
        for i in range(n):
            if i in created:
                continue
            start = base
            if i != leader_at and rng.random() < 0.05:  # the team grew within the window
                start = _between(rng, max(self.window_start, base + DAY), today - 10 * DAY)
            self._current(
                team, i, females, minority, leader_at, start, n, base_decision if start == base else None
            )
        self.rows["team"][team.id - 1]["planned_size"] = max(n, lo) if team.broken != "too_few" else lo

    def _current(
        self,
        team: _Team,
        i: int,
        females: list[bool],
        minority: list[bool],
        leader_at: int,
        start: dt.date,
        n: int,
        decision: str | None = None,
    ) -> None:
        ethnic = team.village.ethnic if minority[i] else None
        mediator = self.new_mediator(team, bool(females[i]), ethnic, i == leader_at)
        self.add_membership(team, mediator, start, leader=i == leader_at, decision=decision, team_size=n)

    def build_second_memberships(self) -> None:
        """A few mediators also serve in a neighbouring team."""
        rng, today = self.rng, self.today
        healthy = [t for t in self.teams if t.broken is None]
        count = max(2, round(len(self.mediator_rows) * 0.015))
        for _i in range(count):
            if len(healthy) < 2:
                return
            home = rng.choice(healthy)
            candidates = [x for x in home.members if x.end is None and not x.leader]
            others = [t for t in healthy if t is not home and abs(t.village.id - home.village.id) <= 2]
            if not candidates or not others:
                continue
            member = rng.choice(candidates)
            other = rng.choice(others)
            if any(x.mediator_id == member.mediator_id for x in other.members):
                continue
            start = _between(
                rng, max(other.founded, member.start, self.window_start - 365 * DAY), today - 30 * DAY
            )
            self.add_membership(
                other, self.mediator_rows[member.mediator_id], start, team_size=len(other.members)
            )

    # --- cases -----------------------------------------------------------------------------------------------

    def build_cases(self, progress: Progress | None) -> None:
        rng, today = self.rng, self.today
        total = round(self.spec.cases * rng.uniform(0.95, 1.05))
        weights = []
        for team in self.teams:
            days = (today - max(team.founded, self.window_start)).days
            weights.append(max(days, 0) * rng.uniform(0.3, 1.8))
        chosen = rng.choices(self.teams, weights=weights, k=total)
        skeleton: list[tuple[dt.date, int, str | None]] = []
        recent = max(4, total // 80)
        for k, team in enumerate(chosen):
            first = max(team.founded, self.window_start) + DAY
            if k < recent:  # open cases just before today: half not started, half under way
                received = _between(rng, max(first, today - 20 * DAY), today)
                skeleton.append((received, team.id, "chua" if k % 2 == 0 else "dang"))
            else:
                skeleton.append((_between(rng, first, today), team.id, None))
        skeleton.sort(key=lambda s: (s[0], s[1]))
        seq: dict[int, int] = {}
        for k, (received, team_id, forced) in enumerate(skeleton):
            seq[received.year] = seq.get(received.year, 0) + 1
            code = f"VV-{received.year}-{seq[received.year]:04d}"  # the services' format, so new cases continue it
            self.build_case(k + 1, code, self.teams[team_id - 1], received, forced)
            if progress and (k + 1) % 10_000 == 0:
                progress(_("Cases: {done} of {total}").format(done=k + 1, total=total))

    def _party_name(self, village: _Village, female: bool) -> str:
        ethnic = village.ethnic if village.ethnic and self.rng.random() < 0.6 else None
        return self.name(female, ethnic)

    def build_case(self, case_id: int, code: str, team: _Team, received: dt.date, forced: str | None) -> None:
        rng, today = self.rng, self.today
        village = team.village
        category = pick(rng, CATEGORY_WEIGHTS)
        kind = rng.choice(nm.CASE_KINDS[category])
        basis = pick(rng, BASIS_WEIGHTS)
        place_default = f"Nhà văn hóa {_lower_first(village.name)}"
        row: Row = {
            "id": case_id, "code": code, "team_id": team.id, "received_on": received, "basis": basis,
            "category": category, "subtype": kind.subtype, "summary": rng.choice(kind.summaries),
            "place": self.address(village), "is_public": False, "immediate": False, "guidance": None,
            "result": None, "ended_on": None, "end_reason": None, "agreement": None, "rights_obligations": None,
            "execution_method": None, "referral": None, "court_filed_on": None, "court_name": None,
            "court_decision": None, "notes": None, "search_fold": "",
        }  # fmt: skip
        self.rows["case_file"].append(row)
        parties = self.build_parties(case_id, village, kind)
        if category == "ngoai_pham_vi":
            # Kept in the logbook, guided to the competent authority; counted in no result column.
            row["guidance"] = self.local(rng.choice(nm.GUIDANCE))
            return
        # Assignment (Điều 19).
        delay = pick(rng, (("0", 35), ("1", 25), ("2", 15), ("3", 10), ("x", 15)))
        assigned = received + (rng.randint(4, 10) if delay == "x" else int(delay)) * DAY
        if forced == "chua":
            return
        if forced == "dang":
            assigned = min(max(assigned, received), today)
        if assigned > today:
            return
        party_keys = {(p["name"], p["birth_year"]) for p in parties}
        candidates = [x for x in team.active(assigned) if (x.name, x.birth_year) not in party_keys]
        if not candidates:
            return
        how_many = min(len(candidates), int(pick(rng, (("1", 55), ("2", 35), ("3", 10)))))
        assignees = rng.sample(candidates, how_many)
        for member in assignees:
            self.rows["assignment"].append(
                {"id": len(self.rows["assignment"]) + 1, "case_id": case_id, "mediator_id": member.mediator_id,
                 "assigned_on": assigned, "recusal_override": False, "recusal_note": None}
            )  # fmt: skip
        if rng.random() < 0.2:
            for _i in range(rng.randint(1, 2)):
                female = rng.random() < 0.3
                self.rows["invitee"].append(
                    {
                        "id": len(self.rows["invitee"]) + 1,
                        "case_id": case_id,
                        "name": self._party_name(village, female),
                        "note": self.local(rng.choice(nm.INVITEE_ROLES)).replace("Trưởng thôn", village.head),
                    }
                )
        # Sessions (Điều 20): mostly within three days of the assignment.
        first = (
            assigned + int(pick(rng, (("0", 30), ("1", 25), ("2", 20), ("3", 15), ("5", 6), ("7", 4)))) * DAY
        )
        immediate = basis == "hgv_chung_kien" and first == received and rng.random() < 0.5
        row["immediate"] = immediate
        row["is_public"] = category in ("mau_thuan", "khac") and rng.random() < 0.15
        n_sessions = int(pick(rng, (("1", 60), ("2", 28), ("3", 12))))
        long_running = rng.random() < 0.04
        success = rng.random() < SUCCESS_RATE[category]
        outcome = "thanh" if success else ("ben_rut" if rng.random() < 0.2 else "khong_thanh")
        dates = [first]
        for _i in range(n_sessions - 1):
            dates.append(dates[-1] + (rng.randint(30, 90) if long_running else rng.randint(3, 20)) * DAY)
        if forced == "dang" and dates[-1] <= today:
            dates.append(today + DAY)  # the last session is still to come
        held = [d for d in dates if d <= today]
        place = place_default if rng.random() < 0.7 else row["place"]
        for j, day in enumerate(held):
            last = j == len(dates) - 1
            note = nm.LAST_SESSION_NOTES[outcome] if last else rng.choice(nm.SESSION_NOTES)
            self.rows["mediation_session"].append(
                {"id": len(self.rows["mediation_session"]) + 1, "case_id": case_id, "held_on": day,
                 "place": place, "note": note}
            )  # fmt: skip
        if len(held) < len(dates):
            return  # still open today (đang giải quyết)
        ended = dates[-1]
        row["ended_on"] = ended
        if success:
            row["result"] = "thanh"
            row["end_reason"] = "thanh"
            row["agreement"] = rng.choice(kind.agreements)
            row["rights_obligations"] = nm.RIGHTS_OBLIGATIONS
            deadline = ended + rng.choice((15, 30, 60, 90)) * DAY
            row["execution_method"] = nm.EXECUTION_METHOD.format(deadline=deadline.strftime("%d/%m/%Y"))
            self.build_follow_ups(case_id, ended)
            if (
                category in ("dan_su", "hon_nhan_gia_dinh")
                and rng.random() < 0.05
                and (today - ended).days > 20
            ):
                filed = ended + rng.randint(5, min(170, (today - ended).days)) * DAY
                row["court_filed_on"] = filed
                row["court_name"] = nm.COURTS.format(n=rng.randint(1, 12), province=self.province)
                if (today - filed).days > 15:
                    row["court_decision"] = f"{rng.randint(1, 250)}/{filed.year}/QĐST-DS"
        else:
            row["result"] = "khong_thanh"
            row["end_reason"] = outcome
            topic = "land" if kind.subtype == "Tranh chấp đất đai" else category
            row["referral"] = self.local(rng.choice(nm.REFERRALS.get(topic, nm.REFERRALS["other"])))
            sides = [p for p in parties if p["role"] == "ben"]
            for p, position in zip(sides, kind.positions, strict=False):
                p["position"] = position

    def build_parties(self, case_id: int, village: _Village, kind: nm.CaseKind) -> list[Row]:
        rng, today = self.rng, self.today
        out: list[Row] = []

        def add(
            name: str, birth: int | None, sex: str | None, address: str, pkind: str, role: str = "ben"
        ) -> Row:
            row: Row = {
                "id": len(self.rows["party"]) + 1, "case_id": case_id, "kind": pkind, "name": name,
                "birth_year": birth, "sex": sex, "address": address, "role": role, "position": None,
            }  # fmt: skip
            self.rows["party"].append(row)
            out.append(row)
            return row

        home = self.address(village)

        def person(female: bool, age_lo: int = 22, age_hi: int = 78, where: str | None = None) -> None:
            add(self._party_name(village, female), today.year - rng.randint(age_lo, age_hi),
                "nu" if female else "nam", where or home, "ca_nhan")  # fmt: skip

        if kind.family and kind.subtype == "Mâu thuẫn vợ chồng":
            age = rng.randint(24, 60)
            person(False, age, age + 4)
            person(True, age - 3, age + 1)
        elif kind.family:
            for _i in range(2):
                person(rng.random() < 0.5, 35, 70)
            if rng.random() < 0.3:
                female = rng.random() < 0.5
                add(self._party_name(village, female), today.year - rng.randint(30, 80),
                    "nu" if female else "nam", home, "ca_nhan", "lien_quan")  # fmt: skip
        else:
            for side in range(2):
                r = rng.random()
                if side == 1 and kind.organisation and r < 0.15:
                    add(rng.choice(nm.ORGANISATIONS).format(commune=self.commune), None, None,
                        f"{self.kind_word.capitalize()} {self.commune}", "to_chuc")  # fmt: skip
                elif r < 0.2:
                    female = rng.random() < 0.3
                    head = self._party_name(village, female)
                    add(f"Hộ {'bà' if female else 'ông'} {head}", today.year - rng.randint(30, 75),
                        "nu" if female else "nam", home, "gia_dinh")  # fmt: skip
                else:
                    elsewhere = rng.random() < 0.15 and len(self.villages) > 1
                    where = self.address(rng.choice(self.villages)) if elsewhere else home
                    person(rng.random() < 0.35, where=where)
        return out

    def build_follow_ups(self, case_id: int, ended: dt.date) -> None:
        rng, today = self.rng, self.today
        if (today - ended).days < 10 or rng.random() > 0.6:
            return
        on = ended + rng.randint(7, min(45, (today - ended).days)) * DAY
        status = pick(rng, FOLLOW_UP_WEIGHTS)
        self._follow_up(case_id, on, status)
        later = on + rng.randint(30, 90) * DAY
        if status in ("dang", "bat_kha_khang") and later <= today and rng.random() < 0.7:
            self._follow_up(case_id, later, "xong")

    def _follow_up(self, case_id: int, on: dt.date, status: str) -> None:
        self.rows["follow_up"].append(
            {"id": len(self.rows["follow_up"]) + 1, "case_id": case_id, "on": on, "status": status,
             "note": nm.FOLLOW_UP_NOTES[status]}
        )  # fmt: skip

    # --- training --------------------------------------------------------------------------------------------

    def build_training(self) -> None:
        rng, today = self.rng, self.today
        size = self.spec.cluster
        clusters = [self.teams[i : i + size] for i in range(0, len(self.teams), size)]
        trained: dict[int, dt.date] = {}
        plans: list[tuple[dt.date, str, str, int]] = []
        for c, _cluster in enumerate(clusters):
            year_start = self.window_start
            while year_start < today:
                year_end = min(add_months(year_start, 12), today)
                plans.append((_between(rng, year_start, year_end - 2 * DAY), "co_ban", "xa", c))
                if rng.random() < 0.75:
                    plans.append(
                        (
                            _between(rng, year_start, year_end - 2 * DAY),
                            "cap_nhat",
                            pick(rng, (("xa", 6), ("tinh", 3), ("khac", 1))),
                            c,
                        )
                    )
                if rng.random() < 0.55:
                    plans.append(
                        (
                            _between(rng, year_start, year_end - 2 * DAY),
                            "chuyen_sau",
                            pick(rng, (("tinh", 8), ("trung_uong", 1))),
                            c,
                        )
                    )
                year_start = year_end
        plans.sort(key=lambda p: (p[0], p[3], p[1]))
        for k, (start, kind, level, c) in enumerate(plans, start=1):
            days = 0 if kind == "cap_nhat" else rng.choice((0, 1, 1, 2))
            end = min(start + days * DAY, today)
            hours = {"co_ban": 8.0 * (days + 1), "chuyen_sau": 8.0 * (days + 1), "cap_nhat": 4.0}[kind]
            venue = {
                "xa": f"Hội trường Ủy ban nhân dân {self.kind_word} {self.commune}",
                "tinh": f"Hội trường Sở Tư pháp tỉnh {self.province}",
                "trung_uong": f"Trực tuyến, điểm cầu Ủy ban nhân dân {self.kind_word} {self.commune}",
                "khac": f"Nhà văn hóa {_lower_first(rng.choice(self.villages).name)}",
            }[level]
            trainer_role = self.local(rng.choice(nm.TRAINERS[level]))
            event_id = k
            self.rows["training_event"].append(
                {
                    "id": event_id, "code": f"TH-{start.year}-{k:02d}",
                    "title": rng.choice(nm.TRAINING_TITLES[kind]).format(year=start.year), "kind": kind,
                    "organiser_level": level, "start_on": start, "end_on": end, "hours": hours, "venue": venue,
                    "trainers": f"{self.name(rng.random() < 0.5)} ({trainer_role})",
                    "materials": "; ".join(rng.sample(nm.MATERIALS, rng.randint(1, 3))), "notes": None,
                    "name_fold": "",
                }
            )  # fmt: skip
            attendees: list[_Member] = []
            seen: set[int] = set()
            for team in clusters[c]:
                for member in team.active(start):
                    if member.mediator_id in seen:
                        continue
                    seen.add(member.mediator_id)
                    untrained = member.mediator_id not in trained
                    if kind == "co_ban":
                        recent = (start - member.start).days <= 183
                        p = (0.85 if recent else 0.35) if untrained else 0.05
                    elif kind == "chuyen_sau":
                        p = 0.6 if member.leader else 0.02
                    else:
                        p = 0.2
                    if rng.random() < p * self.keen[member.mediator_id]:
                        attendees.append(member)
            for member in attendees:
                present = rng.random() < 0.93
                self.rows["attendance"].append(
                    {"id": len(self.rows["attendance"]) + 1, "event_id": event_id,
                     "mediator_id": member.mediator_id, "present": present}
                )  # fmt: skip
                if present:
                    trained.setdefault(member.mediator_id, end)
            if level in ("xa", "khac") or rng.random() < 0.3:
                for _i in range(rng.randint(1, 3)):
                    role, unit = rng.choice(nm.GUEST_ROLES)
                    if unit.endswith("xã"):
                        unit = f"{unit[:-2]}{self.kind_word} {self.commune}"
                    elif unit == "Thôn":
                        village = rng.choice(self.villages)
                        unit, role = village.name, village.head
                    female = "Phụ nữ" in unit or rng.random() < 0.4
                    self.rows["guest_attendee"].append(
                        {"id": len(self.rows["guest_attendee"]) + 1, "event_id": event_id,
                         "name": self.name(female), "unit": unit, "role": role,
                         "present": rng.random() < 0.95}
                    )  # fmt: skip

    def build(self, progress: Progress | None) -> None:
        say = progress or (lambda _msg: None)
        self.build_unit()
        self.build_villages()
        self.build_teams()
        for team in self.teams:
            self.build_members(team)
        self.build_second_memberships()
        self.rows["mediator"] = [self.mediator_rows[k] for k in sorted(self.mediator_rows)]
        say(_("Teams and mediators ready: {teams} teams, {mediators} mediators.").format(
            teams=len(self.teams), mediators=len(self.mediator_rows)))  # fmt: skip
        self.build_cases(progress)
        self.build_training()


# --- writing -------------------------------------------------------------------------------------------------------

_WRITE_ORDER = (
    "unit", "village", "team", "mediator", "membership", "case_file", "party", "assignment", "invitee",
    "mediation_session", "follow_up", "training_event", "attendance", "guest_attendee",
)  # fmt: skip
_MUST_BE_EMPTY = (m.Unit, m.Village, m.Team, m.Mediator, m.Case)
# What the progress line calls each table (shown with _()).
_TABLE_LABELS = {
    "unit": N_("the commune"), "village": N_("villages"), "team": N_("mediation teams"), "mediator": N_("mediators"),
    "membership": N_("memberships"), "case_file": N_("cases"), "party": N_("parties"), "assignment": N_("assignments"),
    "invitee": N_("invited persons"), "mediation_session": N_("mediation sessions"), "follow_up": N_("follow-up entries"),
    "training_event": N_("training events"), "attendance": N_("attendance"), "guest_attendee": N_("other attendees"),
}  # fmt: skip


def is_empty(db: Database) -> bool:
    """True when the database holds no unit, village, team, mediator or case."""
    with db.reading() as session:
        return all(session.scalar(select(model.id).limit(1)) is None for model in _MUST_BE_EMPTY)


def _chunks(rows: list[Row], size: int = 20_000) -> Iterable[list[Row]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def generate(
    db: Database,
    size: str = "commune",
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill an empty database with sample data; return the number of rows written per table.

    ``today`` anchors every date (nothing lies after it); ``progress`` receives short translated stage messages.
    """
    if size not in SPECS:
        raise UserError(_("Unknown sample size {size}; choose commune or province.").format(size=size))
    if db.read_only:
        raise UserError(_("The data file is open read-only; sample data cannot be written to it."))
    if not is_empty(db):
        raise UserError(
            _("This data file already holds records; sample data can only be created in an empty data file.")
        )
    today = today or dt.date.today()
    say = progress or (lambda _msg: None)
    builder = _Builder(SPECS[size], seed, today)
    builder.build(progress)
    counts: dict[str, int] = {}
    with db.transaction(audit=False) as session:
        for table in _WRITE_ORDER:
            rows = builder.rows[table]
            counts[table] = len(rows)
            if not rows:
                continue
            say(_("Writing {table}: {n} rows").format(table=_(_TABLE_LABELS[table]), n=len(rows)))
            for chunk in _chunks(rows):
                session.execute(insert(m.Base.metadata.tables[table]), chunk)
        if session.get_bind().dialect.name == "postgresql":
            # Ids were given explicitly: move each id sequence past them so later inserts get fresh ids.
            for table in _WRITE_ORDER:
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
                )
        say(_("Building the search index"))
        derived.rebuild_search(session)
        session.add(
            m.AuditEntry(
                at=dt.datetime.now().replace(microsecond=0), who=db.actor, entity="demo", entity_code=f"seed={seed}",
                action=AuditAction.IMPORT, fields=f"size={size}," + ",".join(f"{t}={n}" for t, n in counts.items()),
            )
        )  # fmt: skip
    targets.ensure_default_targets(db)  # the same QĐ 315 plan the settings page edits
    with db.reading() as session:
        counts["target"] = int(session.scalar(select(func.count()).select_from(m.Target)) or 0)
    return counts
