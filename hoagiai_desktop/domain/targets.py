"""The one table of the Đề án targets (Quyết định 315/QĐ-TTg): value, base and wording of each indicator.

Before this table the targets were defined twice (``services.targets`` for the window and ``reports.de_an`` for
the paper) and disagreed on the base of ``training.pct_trained`` (a share of ``mediators.total`` in one, "already a
percentage" in the other). Both facts are kept here, once: ``base`` is the indicator the percentage is *of*;
``percent`` says the indicator key is itself that percentage (``count`` then names the numerator), so the actual
value is read as is; otherwise it is ``indicator ÷ base × 100``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hoagiai_desktop.i18n import N_

PLAN = "QĐ 315/QĐ-TTg"
LEGAL_BASIS = "Quyết định số 315/QĐ-TTg ngày 17/4/2024 của Thủ tướng Chính phủ"
YEARS = (2024, 2030)


@dataclass(frozen=True)
class TargetDef:
    indicator: str
    default: float | None  # the QĐ 315 target in %; None = no default (a local plan may set one)
    base: str | None  # the indicator key the percentage is of (None: a sum of several)
    percent: bool  # the indicator key is already that percentage
    count: str | None  # for a ready percentage: the numerator behind it
    official: str  # the Vietnamese wording printed on paper (official text, never translated)
    description: str  # N_() marked; show with _()

    @property
    def value(self) -> float:
        """The QĐ 315 value (every row of :data:`DEFAULTS` has one)."""
        return float(self.default or 0.0)


TARGETS: tuple[TargetDef, ...] = (
    TargetDef("teams.compliant", 100.0, "teams.total", False, None,
              "Tỷ lệ tổ hòa giải được củng cố, kiện toàn đủ thành phần theo quy định",
              N_("Teams with the legal composition")),
    TargetDef("teams.legal_support", 10.0, "teams.total", False, None,
              "Tỷ lệ tổ hòa giải có người có chuyên môn pháp luật hỗ trợ",
              N_("Teams supported by a legal professional")),
    TargetDef("training.pct_trained", 80.0, "mediators.total", True, "training.trained",
              "Tỷ lệ hòa giải viên được tập huấn, bồi dưỡng kiến thức pháp luật, kỹ năng hòa giải",
              N_("Mediators trained")),
    TargetDef("training.new_trained_6m", 100.0, "training.new", False, None,
              "Tỷ lệ hòa giải viên mới được công nhận được tập huấn trong 06 tháng",
              N_("New mediators trained within 6 months")),
    TargetDef("training.leaders_in_depth", 80.0, "mediators.leaders", False, None,
              "Tỷ lệ tổ trưởng tổ hòa giải được tập huấn chuyên sâu",
              N_("Team leaders trained in depth")),
    TargetDef("cases.success_rate", 85.0, "cases.handled", True, "cases.successful",
              "Tỷ lệ hòa giải thành", N_("Cases mediated successfully")),
    # no QĐ 315 value; its base (successful + unsuccessful) is no single indicator
    TargetDef("cases.success_rate_closed", None, None, True, "cases.successful",
              "Tỷ lệ hòa giải thành trên số vụ, việc đã kết thúc", N_("Success rate of closed cases (%)")),
)  # fmt: skip
BY_KEY: dict[str, TargetDef] = {t.indicator: t for t in TARGETS}
DEFAULTS: tuple[TargetDef, ...] = tuple(t for t in TARGETS if t.default is not None)


def actual_percent(key: str, figures: Mapping[str, float | int]) -> float | None:
    """The actual value compared with a target: a ready percentage as is, else ``indicator ÷ base × 100``."""
    t = BY_KEY.get(key)
    if t is None or t.percent:
        value = figures.get(key)
        return None if value is None else round(float(value), 1)
    whole = figures.get(t.base, 0) if t.base else 0
    if not whole:
        return None
    return round(float(figures.get(key, 0)) * 100 / float(whole), 1)


__all__ = ["BY_KEY", "DEFAULTS", "LEGAL_BASIS", "PLAN", "TARGETS", "YEARS", "TargetDef", "actual_percent"]
