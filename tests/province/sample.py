"""A province data file with plausible received reports, for the layout audit and the screenshots: twelve
communes of Cao Bằng, nine of which have reported for 2025 (one of them twice), with figures whose parts never
exceed their wholes, so the dashboard and the papers look like a real province's."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from hoagiai_desktop.province import keys, totals
from hoagiai_desktop.services import province_receive, province_registry
from hoagiai_desktop.storage.opening import open_database
from tests.province.helpers import FINALISED, make_package, registry_xlsx

COMMUNES = [
    ("04001", "Thục Phán", "phường"), ("04002", "Nùng Trí Cao", "phường"), ("04003", "Tân Giang", "phường"),
    ("04010", "Hòa An", "xã"), ("04011", "Nguyên Bình", "xã"), ("04012", "Tĩnh Túc", "xã"),
    ("04013", "Trùng Khánh", "xã"), ("04014", "Đàm Thủy", "xã"), ("04015", "Quảng Uyên", "xã"),
    ("04016", "Hạ Lang", "xã"), ("04017", "Bảo Lạc", "xã"), ("04018", "Hà Quảng", "xã"),
]  # fmt: skip


def plausible_figures(seed: int) -> dict[str, int | float]:
    """One commune's figures: counts drawn from the wholes they are parts of."""
    rng = random.Random(seed)
    skill = rng.uniform(0.3, 1.0)  # how well this commune does
    teams = rng.randint(8, 24)
    mediators = teams * rng.randint(5, 7)
    leaders = teams
    new = rng.randint(2, 9)
    handled = rng.randint(10, 60)
    successful = int(handled * rng.uniform(0.55, 0.98) * (0.7 + 0.3 * skill))
    sums = {k: 0.0 for k in totals.ADDITIVE_KEYS}
    sums.update({
        "teams.total": teams, "teams.compliant": round(teams * min(1.0, skill + 0.1)),
        "teams.legal_support": round(teams * skill * 0.3), "mediators.total": mediators,
        "mediators.leaders": leaders, "training.trained": round(mediators * min(1.0, skill * 0.95)),
        "training.new": new, "training.new_trained_6m": round(new * skill),
        "training.leaders_in_depth": round(leaders * skill * 0.9), "cases.handled": handled,
        "cases.successful": successful, "cases.unsuccessful": rng.randint(0, handled - successful),
    })  # fmt: skip
    return totals.with_ratios({k: float(v) for k, v in sums.items()})


def make_province_sample(path: Path, *, reported: int = 9) -> Path:
    """Write the sample province data file at ``path`` (the packages and receipts go beside it)."""
    db = open_database(path)
    try:
        province_registry.init_province(db, "Cao Bằng", "04")
        rows = [(code, name, kind, "") for code, name, kind in COMMUNES]
        province_registry.import_communes(db, registry_xlsx(path.parent / "registry.xlsx", rows))
        stick = path.parent / "usb"
        pairs = {code: keys.new_signing_pair() for code, *_rest in COMMUNES[:reported]}
        for n, (code, pair) in enumerate(pairs.items()):
            make_package(stick, code, pair, values=plausible_figures(n))
        province_receive.receive(db, [stick])
        first = COMMUNES[0][0]  # one commune sends a corrected report: "đã thay thế"
        again = make_package(path.parent / "usb2", first, pairs[first], values=plausible_figures(99),
                             finalised_id=2, finalised_at=FINALISED + dt.timedelta(days=2))  # fmt: skip
        province_receive.receive(db, [again])
    finally:
        db.dispose()
    return path


def make_next_stick(path: Path) -> Path:
    """A stick beside the sample province for the receiving page: two new communes' reports, one already
    received, and one from a commune outside the registry."""
    import shutil

    stick = path.parent / "stick"
    stick.mkdir(exist_ok=True)
    known = sorted((path.parent / "usb").glob("*.hgp"))[1]
    shutil.copy(known, stick / known.name)
    for n, (code, *_rest) in enumerate(COMMUNES[9:11]):
        make_package(stick, code, values=plausible_figures(20 + n))
    make_package(stick, "05123", values=plausible_figures(30))  # another province's commune
    return stick
