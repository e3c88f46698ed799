"""Time the province's half (DOMAIN §8) on a simulated province: many communes' signed packages received at once.

Run: ``.venv/bin/python benchmarks/bench_province.py [--communes 170] [--periods 1]``. One real commune (demo data)
finalises and sends its statistical report once, so the paper and the figures' shape are real; the other communes'
packages are built from it with their own keys and perturbed figures (building is not timed). Then it times:
receiving the whole stick (every check, storage, a signed .hgr and a Giấy biên nhận PDF per package), receiving it
again (all duplicates), the province totals for a period (SQL sums over the stored commune rows), the
completeness list, and checks that the totals equal the sum of the packages' figures.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import Workbook
from sqlalchemy import update

from hoagiai_desktop.demo.generator import generate
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.province import keys, package, totals
from hoagiai_desktop.reports import finalise
from hoagiai_desktop.services import province_receive, province_registry, province_reports, sending
from hoagiai_desktop.storage.opening import open_database

T = TypeVar("T")
PERIODS = ("2025", "2025-H1", "2025-Y1")


def timed(label: str, fn: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = fn()
    print(f"{label:<58} {time.perf_counter() - started:8.2f} s")
    return result


def real_package(folder: Path) -> Path:
    db = open_database(folder / "commune.sqlite3")
    try:
        generate(db, seed=11)
        with db.transaction() as s:
            s.execute(update(m.Unit).values(code="10000"))
        for period in PERIODS:
            finalise.finalise(db, "thong-ke", period)
        return sending.send(db, PERIODS[0], folder / "real").value.path
    finally:
        db.dispose()


def perturbed(values: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    sums = {
        k: float(max(0, round(float(values.get(k, 0)) * rng.uniform(0.5, 1.5)))) for k in totals.ADDITIVE_KEYS
    }
    return totals.with_ratios(sums)


def simulate(template: Path, out: Path, codes: list[str], periods: tuple[str, ...]) -> list[dict[str, Any]]:
    """One package per commune and period, each signed by its commune's own key; returns the commune rows."""
    with zipfile.ZipFile(template) as zf:
        manifest = json.loads(zf.read(package.MANIFEST))
        figures = json.loads(zf.read(package.FIGURES))
        paper = zf.read("thong-ke.pdf")
    rng = random.Random(5)
    rows = []
    out.mkdir(parents=True)
    for code in codes:
        pair = keys.new_signing_pair()
        for period in periods:
            man = json.loads(json.dumps(manifest))
            man["unit"]["code"], man["unit"]["name"] = code, f"Xã {code}"
            man["period"]["code"] = period
            man["signing_key"], man["fingerprint"] = pair.public, keys.fingerprint(pair.public)
            man["package_id"] = package.package_id(
                code, pair.public, 1, f"{period}:{man['report']['finalised_at']}"
            )
            doc = json.loads(json.dumps(figures))
            doc["period"] = period
            doc["commune"]["values"] = perturbed(doc["commune"]["values"], rng)
            for team in doc["teams"]:
                team["values"] = perturbed(team["values"], rng)
            if period == periods[0]:
                rows.append(doc["commune"]["values"])
            members = {package.FIGURES: json.dumps(doc, ensure_ascii=False).encode(), "thong-ke.pdf": paper}
            data = package.build(man, members, pair.private)
            (out / package.file_name(code, period, man["package_id"])).write_bytes(data)
    return rows


def registry(path: Path, codes: list[str]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["code", "name", "kind"])
    for code in codes:
        ws.append([code, f"Xã {code}", "xã"])
    wb.save(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--communes", type=int, default=170, help="communes in the province (default 170)")
    parser.add_argument("--periods", type=int, default=1, choices=(1, 2, 3), help="periods per commune")
    args = parser.parse_args()
    codes = [f"{20000 + i}" for i in range(args.communes)]
    periods = PERIODS[: args.periods]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        template = real_package(root)
        print(f"template package: {template.stat().st_size / 1024:.0f} KiB (real thong-ke paper and figures)")
        stick = root / "usb"
        rows = simulate(template, stick, codes, periods)
        size = sum(p.stat().st_size for p in stick.iterdir()) / 1024 / 1024
        print(f"stick: {len(codes) * len(periods)} packages, {size:.1f} MiB")
        db = open_database(root / "province.sqlite3")
        try:
            province_registry.init_province(db, "Thanh Hóa", "38")
            province_registry.import_communes(db, registry(root / "registry.xlsx", codes))
            outcomes = timed(
                f"receive {len(codes) * len(periods)} packages (checks, store, receipts)",
                lambda: province_receive.receive(db, [stick], receipts_dir=root / "receipts").value,
            )
            stored = sum(o.status == province_receive.STORED for o in outcomes)
            assert stored == len(codes) * len(periods), [o.message for o in outcomes if o.status != "stored"][
                :3
            ]
            again = timed(
                "receive the same stick again (all duplicates)",
                lambda: province_receive.receive(db, [stick]).value,
            )
            assert all(o.status == province_receive.DUPLICATE for o in again)
            result = timed(f"province totals for {periods[0]} ({len(codes)} communes)",
                           lambda: province_reports.figures(db, periods[0]))  # fmt: skip
            timed(f"completeness for {periods[0]}", lambda: province_reports.completeness(db, periods[0]))
            expected = totals.add_up(rows)
            assert all(result.total[k] == expected[k] for k in totals.ADDITIVE_KEYS), (
                "totals differ from the sum"
            )
            print(
                f"province totals equal the sum of the {len(rows)} communes' figures for every additive key"
            )
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
