"""The sample commune's registers: the unit, villages, teams, mediators and their memberships.

Some teams break a composition rule on purpose (too few members, no woman, no ethnic-minority member, no
leader), so the checks have something to find; memberships of one mediator in one team never overlap.
"""

from __future__ import annotations

import datetime as dt

from hoagiai_desktop.demo import names as nm
from hoagiai_desktop.demo.names import pick
from hoagiai_desktop.demo.shapes import (
    BROKEN_KINDS,
    DAY,
    ELECTION_WEIGHTS,
    END_REASON_WEIGHTS,
    BuilderBase,
    Member,
    Row,
    Team,
    Village,
    between,
    lower_first,
)


class RegisterBuilder(BuilderBase):
    """Builds the unit, villages, teams, mediators and memberships."""

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
            village = Village(i, name, households, ethnic, kind)
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
            name = f"Tổ hòa giải {'số ' + str(no) + ' ' if no else ''}{lower_first(village.name)}"
            if rng.random() < 0.06:  # a team set up (split off) within the last four years
                founded = between(rng, self.window_start + 60 * DAY, self.today - 200 * DAY)
            else:
                founded = between(rng, self.today - 12 * 365 * DAY, self.window_start - 30 * DAY)
            team = Team(i, village, founded, broken.get(i - 1))
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

    def _broken_plan(self, placements: list[tuple[Village, int]]) -> dict[int, str]:
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

    def new_mediator(self, team: Team, female: bool, ethnic: str | None, leader: bool = False) -> Row:
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
        team: Team,
        mediator: Row,
        start: dt.date,
        *,
        leader: bool = False,
        end: dt.date | None = None,
        decision: str | None = None,
        team_size: int = 5,
    ) -> Member:
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
        member = Member(
            mediator["id"], team.id, mediator["full_name"], mediator["birth_year"], leader, start, end
        )
        team.members.append(member)
        return member

    def _roster(self, team: Team, n: int) -> tuple[list[bool], list[bool], int]:
        """Who is active today: (woman?, ethnic minority?) per member, and which one leads (-1: nobody)."""
        rng, ethnic = self.rng, team.village.ethnic
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
        return females, minority, leader_at

    def _forced_leavers(self, team: Team) -> list[tuple[bool, bool, bool]]:
        """(female, minority, leader) of the leaver whose going breaks the team's composition today."""
        rng, ethnic = self.rng, team.village.ethnic
        if team.broken == "no_woman":
            return [(True, False, False)]
        if team.broken == "no_minority" and ethnic:
            return [(rng.random() < 0.4, True, False)]
        if team.broken == "no_leader":
            return [(False, bool(ethnic) and rng.random() < 0.5, True)]
        if team.broken == "too_few":
            return [(False, False, False)]
        return []

    def build_members(self, team: Team) -> None:
        rng, today = self.rng, self.today
        lo, hi = self.spec.per_team
        n = 2 if team.broken == "too_few" else rng.randint(lo, hi)
        ethnic = team.village.ethnic
        females, minority, leader_at = self._roster(team, n)
        # The roster recognised together (founding or last consolidation before the window).
        if team.founded >= self.window_start - 30 * DAY:
            base = team.founded
        else:
            base = between(rng, max(team.founded, today - 8 * 365 * DAY), self.window_start - 30 * DAY)
        base_decision = self.numbers.decision(base)
        lo_leave = max(self.window_start, base + 120 * DAY)
        hi_leave = today - 45 * DAY
        # People who left within the window; some were replaced by a member active today.
        leavers = sum(rng.random() < 0.13 for _ in range(n))
        forced = self._forced_leavers(team)
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
            end = between(rng, lo_leave, hi_leave)
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
                start = between(rng, max(self.window_start, base + DAY), today - 10 * DAY)
            self._current(
                team, i, females, minority, leader_at, start, n, base_decision if start == base else None
            )
        self.rows["team"][team.id - 1]["planned_size"] = max(n, lo) if team.broken != "too_few" else lo

    def _current(
        self,
        team: Team,
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
            start = between(
                rng, max(other.founded, member.start, self.window_start - 365 * DAY), today - 30 * DAY
            )
            self.add_membership(
                other, self.mediator_rows[member.mediator_id], start, team_size=len(other.members)
            )
