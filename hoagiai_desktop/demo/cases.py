"""The sample cases: intake, parties, assignments, sessions, outcome, follow-up and court filing (DOMAIN §3).

Every ended case has an end date and an Điều 23 reason, every successful one an agreement; some first sessions
are later than three days and the last cases received are still open, so the checks and lists have work to show.
"""

from __future__ import annotations

import datetime as dt

from hoagiai_desktop.demo import names as nm
from hoagiai_desktop.demo.names import pick
from hoagiai_desktop.demo.shapes import (
    BASIS_WEIGHTS,
    CATEGORY_WEIGHTS,
    DAY,
    FOLLOW_UP_WEIGHTS,
    SUCCESS_RATE,
    BuilderBase,
    Progress,
    Row,
    Team,
    Village,
    between,
    lower_first,
)
from hoagiai_desktop.i18n import _


class CaseBuilder(BuilderBase):
    """Builds the cases of the last four years and everything recorded on them."""

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
                received = between(rng, max(first, today - 20 * DAY), today)
                skeleton.append((received, team.id, "chua" if k % 2 == 0 else "dang"))
            else:
                skeleton.append((between(rng, first, today), team.id, None))
        skeleton.sort(key=lambda s: (s[0], s[1]))
        seq: dict[int, int] = {}
        for k, (received, team_id, forced) in enumerate(skeleton):
            seq[received.year] = seq.get(received.year, 0) + 1
            code = f"VV-{received.year}-{seq[received.year]:04d}"  # the services' format, so new cases continue it
            self.build_case(k + 1, code, self.teams[team_id - 1], received, forced)
            if progress and (k + 1) % 10_000 == 0:
                progress(_("Cases: {done} of {total}").format(done=k + 1, total=total))

    def _party_name(self, village: Village, female: bool) -> str:
        ethnic = village.ethnic if village.ethnic and self.rng.random() < 0.6 else None
        return self.name(female, ethnic)

    def build_case(self, case_id: int, code: str, team: Team, received: dt.date, forced: str | None) -> None:
        rng, today = self.rng, self.today
        village = team.village
        category = pick(rng, CATEGORY_WEIGHTS)
        kind = rng.choice(nm.CASE_KINDS[category])
        basis = pick(rng, BASIS_WEIGHTS)
        place_default = f"Nhà văn hóa {lower_first(village.name)}"
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
            self._invitees(case_id, village)
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
        self._sessions(case_id, held, len(dates), place, outcome)
        if len(held) < len(dates):
            return  # still open today (đang giải quyết)
        ended = dates[-1]
        row["ended_on"] = ended
        if success:
            self._agreement(row, kind, ended)
        else:
            self._no_agreement(row, kind, outcome, parties)

    def _invitees(self, case_id: int, village: Village) -> None:
        """One or two other people invited to the mediation (Điều 18)."""
        rng = self.rng
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

    def _sessions(self, case_id: int, held: list[dt.date], planned: int, place: str, outcome: str) -> None:
        """The sessions held by today; the last of the ``planned`` ones notes how it ended."""
        for j, day in enumerate(held):
            last = j == planned - 1
            note = nm.LAST_SESSION_NOTES[outcome] if last else self.rng.choice(nm.SESSION_NOTES)
            self.rows["mediation_session"].append(
                {"id": len(self.rows["mediation_session"]) + 1, "case_id": case_id, "held_on": day,
                 "place": place, "note": note}
            )  # fmt: skip

    def _agreement(self, row: Row, kind: nm.CaseKind, ended: dt.date) -> None:
        """A successful mediation: the agreement, how it is carried out, follow-up, and sometimes the court."""
        rng, today = self.rng, self.today
        row["result"] = "thanh"
        row["end_reason"] = "thanh"
        row["agreement"] = rng.choice(kind.agreements)
        row["rights_obligations"] = nm.RIGHTS_OBLIGATIONS
        deadline = ended + rng.choice((15, 30, 60, 90)) * DAY
        row["execution_method"] = nm.EXECUTION_METHOD.format(deadline=deadline.strftime("%d/%m/%Y"))
        self.build_follow_ups(row["id"], ended)
        if (
            row["category"] in ("dan_su", "hon_nhan_gia_dinh")
            and rng.random() < 0.05
            and (today - ended).days > 20
        ):
            filed = ended + rng.randint(5, min(170, (today - ended).days)) * DAY
            row["court_filed_on"] = filed
            row["court_name"] = nm.COURTS.format(n=rng.randint(1, 12), province=self.province)
            if (today - filed).days > 15:
                row["court_decision"] = f"{rng.randint(1, 250)}/{filed.year}/QĐST-DS"

    def _no_agreement(self, row: Row, kind: nm.CaseKind, outcome: str, parties: list[Row]) -> None:
        """An unsuccessful mediation: why it ended, where the parties were guided, and each side's position."""
        row["result"] = "khong_thanh"
        row["end_reason"] = outcome
        topic = "land" if kind.subtype == "Tranh chấp đất đai" else row["category"]
        row["referral"] = self.local(self.rng.choice(nm.REFERRALS.get(topic, nm.REFERRALS["other"])))
        sides = [p for p in parties if p["role"] == "ben"]
        for p, position in zip(sides, kind.positions, strict=False):
            p["position"] = position

    def build_parties(self, case_id: int, village: Village, kind: nm.CaseKind) -> list[Row]:
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
