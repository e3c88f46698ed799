"""The sample training events and who attended them (QĐ 315: new mediators trained within six months).

Teams are grouped in clusters served by one series of events a year; a few mediators are reluctant, so some
newly recognised mediators are not trained in time.
"""

from __future__ import annotations

import datetime as dt

from hoagiai_desktop.demo import names as nm
from hoagiai_desktop.demo.names import pick
from hoagiai_desktop.demo.shapes import DAY, BuilderBase, Member, Team, between, lower_first
from hoagiai_desktop.domain.periods import add_months

_UPDATE_BY = (("xa", 6), ("tinh", 3), ("khac", 1))  # who organises an update course (weights)
_IN_DEPTH_BY = (("tinh", 8), ("trung_uong", 1))  # and an in-depth one


class TrainingBuilder(BuilderBase):
    """Builds the training events, their attendance and guest attendees."""

    def build_training(self) -> None:
        size = self.spec.cluster
        clusters = [self.teams[i : i + size] for i in range(0, len(self.teams), size)]
        trained: dict[int, dt.date] = {}  # mediator id → end of the first event attended
        for k, (start, kind, level, c) in enumerate(self._training_plans(len(clusters)), start=1):
            end = self._event(k, start, kind, level)
            for member in self._attendees(clusters[c], start, kind, trained):
                present = self.rng.random() < 0.93
                self.rows["attendance"].append(
                    {"id": len(self.rows["attendance"]) + 1, "event_id": k,
                     "mediator_id": member.mediator_id, "present": present}
                )  # fmt: skip
                if present:
                    trained.setdefault(member.mediator_id, end)
            if level in ("xa", "khac") or self.rng.random() < 0.3:
                self._guests(k)

    def _training_plans(self, clusters: int) -> list[tuple[dt.date, str, str, int]]:
        """(start, kind, organiser level, cluster) of every event: a basic course a year per cluster, often an
        update, sometimes an in-depth course — in date order."""
        rng, today = self.rng, self.today
        plans: list[tuple[dt.date, str, str, int]] = []
        for c in range(clusters):
            year_start = self.window_start
            while year_start < today:
                year_end = min(add_months(year_start, 12), today)
                plans.append((between(rng, year_start, year_end - 2 * DAY), "co_ban", "xa", c))
                if rng.random() < 0.75:
                    plans.append(
                        (between(rng, year_start, year_end - 2 * DAY), "cap_nhat", pick(rng, _UPDATE_BY), c)
                    )
                if rng.random() < 0.55:
                    plans.append(
                        (
                            between(rng, year_start, year_end - 2 * DAY),
                            "chuyen_sau",
                            pick(rng, _IN_DEPTH_BY),
                            c,
                        )
                    )
                year_start = year_end
        plans.sort(key=lambda p: (p[0], p[3], p[1]))
        return plans

    def _event(self, k: int, start: dt.date, kind: str, level: str) -> dt.date:
        """Write training event ``k``; its end date."""
        rng, today = self.rng, self.today
        days = 0 if kind == "cap_nhat" else rng.choice((0, 1, 1, 2))
        end = min(start + days * DAY, today)
        hours = {"co_ban": 8.0 * (days + 1), "chuyen_sau": 8.0 * (days + 1), "cap_nhat": 4.0}[kind]
        venue = {
            "xa": f"Hội trường Ủy ban nhân dân {self.kind_word} {self.commune}",
            "tinh": f"Hội trường Sở Tư pháp tỉnh {self.province}",
            "trung_uong": f"Trực tuyến, điểm cầu Ủy ban nhân dân {self.kind_word} {self.commune}",
            "khac": f"Nhà văn hóa {lower_first(rng.choice(self.villages).name)}",
        }[level]  # every value is built (the village is drawn whatever the level): the same draws as ever
        trainer_role = self.local(rng.choice(nm.TRAINERS[level]))
        self.rows["training_event"].append(
            {
                "id": k, "code": f"TH-{start.year}-{k:02d}",
                "title": rng.choice(nm.TRAINING_TITLES[kind]).format(year=start.year), "kind": kind,
                "organiser_level": level, "start_on": start, "end_on": end, "hours": hours, "venue": venue,
                "trainers": f"{self.name(rng.random() < 0.5)} ({trainer_role})",
                "materials": "; ".join(rng.sample(nm.MATERIALS, rng.randint(1, 3))), "notes": None,
                "name_fold": "",
            }
        )  # fmt: skip
        return end

    def _attendees(
        self, teams: list[Team], start: dt.date, kind: str, trained: dict[int, dt.date]
    ) -> list[Member]:
        """Who of the cluster's active members comes: the untrained and recent to a basic course, leaders to an
        in-depth one, a few to an update — less often for the reluctant (``keen``)."""
        attendees: list[Member] = []
        seen: set[int] = set()
        for team in teams:
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
                if self.rng.random() < p * self.keen[member.mediator_id]:
                    attendees.append(member)
        return attendees

    def _guests(self, event_id: int) -> None:
        """One to three other attendees (commune officials, village heads, mass organisations)."""
        rng = self.rng
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
