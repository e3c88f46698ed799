"""What the sample data is made of: sizes, weights, the plain records the builders share, and the builder's base.

``BuilderBase`` holds the one ``random.Random(seed)``, the fixed ``today`` and the rows built so far; the builders
of ``registers``, ``cases`` and ``training`` extend it and ``generator.Builder`` runs them in a fixed order, so the
same seed and day give the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hoagiai_desktop.demo import names as nm
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.periods import add_months

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
class Spec:
    villages: int
    teams: int
    per_team: tuple[int, int]  # active mediators of a compliant team today
    cases: int  # over the four years before today
    cluster: int  # teams served by one training event series
    broken_share: float


SPECS = {
    "commune": Spec(villages=15, teams=20, per_team=(5, 9), cases=400, cluster=10_000, broken_share=0.1),
    "province": Spec(villages=2300, teams=3000, per_team=(4, 8), cases=60_000, cluster=60, broken_share=0.06),
}


@dataclass
class Village:
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
class Member:
    """One membership, with what the case generator needs to know about its mediator."""

    mediator_id: int
    team_id: int
    name: str
    birth_year: int
    leader: bool
    start: dt.date
    end: dt.date | None


@dataclass
class Team:
    id: int
    village: Village
    founded: dt.date
    broken: str | None
    members: list[Member] = field(default_factory=list)

    def active(self, on: dt.date) -> list[Member]:
        return [x for x in self.members if x.start <= on and (x.end is None or x.end > on)]


class DecisionNumbers:
    """Decision numbers of the commune People's Committee, counted per year ("15/QĐ-UBND")."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._next: dict[int, int] = {}

    def decision(self, on: dt.date) -> str:
        n = self._next.get(on.year) or self._rng.randint(3, 40)
        self._next[on.year] = n + self._rng.randint(1, 4)
        return f"{n}/QĐ-UBND"


def between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


class BuilderBase:
    """The state every builder shares: the random source, the day, the rows per table, the commune's names."""

    commune: str  # set by RegisterBuilder.build_unit, before anything else is built
    unit_kind: str
    kind_word: str
    province: str

    def __init__(self, spec: Spec, seed: int, today: dt.date) -> None:
        self.spec = spec
        self.rng = random.Random(seed)
        self.today = today
        self.window_start = add_months(today, -48)
        self.numbers = DecisionNumbers(self.rng)
        self.rows: dict[str, list[Row]] = {t: [] for t in m.COUNTED_TABLES if t != "target"}
        self.villages: list[Village] = []
        self.teams: list[Team] = []
        self.mediator_rows: dict[int, Row] = {}
        self.keen: dict[int, float] = {}  # willingness to attend training
        self.region = self.rng.choice(nm.REGIONS)

    def name(self, female: bool, ethnic: str | None = None) -> str:
        return nm.person_name(self.rng, ethnic or "Kinh", female, self.region.south)

    def local(self, text: str) -> str:
        """Wording of a commune-level text for this unit (a ward says "phường" where a commune says "xã")."""
        return text.replace(" xã", f" {self.kind_word}") if self.kind_word != "xã" else text

    def address(self, village: Village) -> str:
        return f"{village.name}, {self.kind_word} {self.commune}"
