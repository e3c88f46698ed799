"""National-size simulation of the province's half (DOMAIN §8, issue 14 item 6), with a floor to compare against.

Run: ``.venv/bin/python benchmarks/bench_national.py [--communes 3321] [--stick 170] [--no-postgres]``.

1. One real commune (demo data) finalises its statistical report for three periods and sends it with the real
   ``hoagiai send`` (``sending.send``): the paper, the figures' shape and the manifest are the product's. Then every
   commune of the country (3,321 since 01/07/2025) gets its own Ed25519 key and perturbed commune-size figures for
   the three periods, and each package is packed and signed by the product's own ``sending.pack`` (manifest with
   hashes, signature, ZIP). Building is not timed.
2. SQLite (a one-person province office): receive a 170-commune stick (every check, storage, a signed .hgr and a
   Giấy biên nhận PDF per package; target ≤ 15 s), then the province statistical report PDF for those 170 communes
   (≤ 3 s).
3. PostgreSQL (a throw-away cluster from tests/pg_cluster.py, as the tests use): receive all 3,321 communes'
   packages of one period with receipts (≤ 120 s), then the national totals (≤ 2 s).

Each measurement is printed with a floor measured in the same run on the same files and the same tables: bare
reading, hashing and Ed25519 verification plus inserting the same rows, one transaction per package — what any
correct receiver must do at least — and the ratio to it. Totals are checked against the sum of the packages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import random
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # tests.pg_cluster: the one throw-away-cluster helper the tests use too
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, update  # noqa: E402

from hoagiai_desktop.demo.generator import generate  # noqa: E402
from hoagiai_desktop.domain import models as m  # noqa: E402
from hoagiai_desktop.domain.enums import UnitKind  # noqa: E402
from hoagiai_desktop.domain.periods import parse_period  # noqa: E402
from hoagiai_desktop.province import keys, package, totals  # noqa: E402
from hoagiai_desktop.reports import finalise  # noqa: E402
from hoagiai_desktop.services import (  # noqa: E402
    province_papers,
    province_receive,
    province_registry,
    province_reports,
    sending,
)
from hoagiai_desktop.storage.database import Database  # noqa: E402
from hoagiai_desktop.storage.opening import open_database  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_province import registry  # noqa: E402  (the registry workbook both province benchmarks use)

T = TypeVar("T")
PERIODS = ("2025", "2025-H1", "2025-Y1")
COMMUNES = 3321  # communes and wards of Việt Nam since 01/07/2025 (3,321 incl. the special zones)


def timed(label: str, fn: Callable[[], T]) -> tuple[T, float]:
    """Wall time, printed with this process's CPU time: on a busy machine the CPU time is the steadier figure
    (the PostgreSQL server's own CPU is not in it)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    took = time.perf_counter() - started
    print(f"  {label:<66} {took:8.2f} s  (CPU {time.process_time() - cpu:.2f} s)", flush=True)
    return result, took


def verdict(label: str, took: float, target: float, floor: float | None = None) -> str:
    ratio = f", {took / floor:4.1f}× the floor ({floor:.2f} s)" if floor else ""
    mark = "within" if took <= target else "MISSED"
    line = f"{label}: {took:.2f} s (target ≤ {target:g} s, {mark}){ratio}"
    print("→ " + line, flush=True)
    return line


# -- building the country's packages -----------------------------------------------------------------------


@dataclass
class Template:
    unit: m.Unit
    finalised: dict[str, m.FinalisedReport]
    figures: dict[str, dict[str, Any]]  # period → figures.json of the real commune
    paper: bytes  # the real thong-ke PDF


def real_commune(folder: Path) -> Template:
    """A demo commune that finalises three periods and sends the first with the real ``send``."""
    db = open_database(folder / "commune.sqlite3")
    try:
        generate(db, seed=11)
        with db.transaction() as s:
            s.execute(update(m.Unit).values(code="10000"))
        for period in PERIODS:
            finalise.finalise(db, "thong-ke", period)
        sent = sending.send(db, PERIODS[0], folder / "real").value
        with zipfile.ZipFile(sent.path) as zf:
            paper = zf.read("thong-ke.pdf")
        from hoagiai_desktop.services import package_content

        with db.reading() as s:
            unit = s.scalars(select(m.Unit)).one()
            fins = {
                f.period: f
                for f in s.scalars(select(m.FinalisedReport).where(m.FinalisedReport.form == "thong-ke"))
            }
        figures = {
            p: package_content.figures_document(db, parse_period(p), json.loads(fins[p].figures))
            for p in PERIODS
        }
        print(
            f"  real package from `send`: {sent.path.stat().st_size / 1024:.0f} KiB, {len(figures[PERIODS[0]]['teams'])} teams"
        )
        return Template(unit=unit, finalised=fins, figures=figures, paper=paper)
    finally:
        db.dispose()


def _perturbed(values: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    sums = {
        k: float(max(0, round(float(values.get(k, 0)) * rng.uniform(0.5, 1.5)))) for k in totals.ADDITIVE_KEYS
    }
    return totals.with_ratios(sums)


def build_country(tpl: Template, out: Path, codes: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """Every commune's signed packages for the three periods in ``out/<period>/``; returns period → code → the
    commune row's values (to check the totals against)."""
    rng = random.Random(2025)
    rows: dict[str, dict[str, dict[str, Any]]] = {p: {} for p in PERIODS}
    for p in PERIODS:
        (out / p).mkdir(parents=True)
    for n, code in enumerate(codes):
        pair = keys.new_signing_pair()  # each commune's own key, as its data file would make it
        unit = m.Unit(code=code, kind=UnitKind.XA, name=f"Xã {code}", province=f"Tỉnh {n // 100:02d}",
                      place_name=f"Xã {code}")  # fmt: skip
        for period in PERIODS:
            fin = tpl.finalised[period]
            doc = json.loads(json.dumps(tpl.figures[period]))
            doc["commune"]["values"] = _perturbed(doc["commune"]["values"], rng)
            for team in doc["teams"]:
                team["values"] = _perturbed(team["values"], rng)
            rows[period][code] = doc["commune"]["values"]
            members = {
                package.FIGURES: json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1).encode(
                    "utf-8"
                ),
                "thong-ke.pdf": tpl.paper,
            }
            stored = json.loads(fin.figures)
            name, data = sending.pack(
                unit, parse_period(period), fin, stored, fin.finalised_at, pair, members
            )
            (out / period / name).write_bytes(data)
    return rows


def province_db(target: str | Path, name: str, codes: list[str], folder: Path) -> Database:
    db = open_database(target)
    province_registry.init_province(db, name, "38")
    province_registry.import_communes(db, registry(folder / f"registry-{len(codes)}.xlsx", codes))
    return db


# -- the floor: read, hash, verify, insert the same rows ---------------------------------------------------


def floor_receive(db: Database, files: list[Path]) -> int:
    """The least a correct receiver does: read each file, check every hash and the signature, parse the figures,
    insert the package row and its figure rows in one transaction per package (no registry, key, supersession or
    receipt logic)."""
    with db.reading() as s:
        commune_ids = {code: id_ for code, id_ in s.execute(select(m.Commune.code, m.Commune.id))}
    now = dt.datetime.now().replace(microsecond=0)
    stored = 0
    for path in files:
        raw = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            members = {name: zf.read(name) for name in zf.namelist()}
        manifest_bytes = members.pop(package.MANIFEST)
        manifest = json.loads(manifest_bytes)
        signature = keys.unb64(members.pop(package.SIGNATURE).decode("ascii").strip())
        assert all(hashlib.sha256(members[k]).hexdigest() == v for k, v in manifest["files"].items())
        assert keys.verify(manifest["signing_key"], signature, manifest_bytes)
        figures = json.loads(members[package.FIGURES])
        report = manifest["report"]
        with db.transaction(audit=False) as s:
            package_row = s.execute(
                insert(m.ReceivedPackage).returning(m.ReceivedPackage.id),
                [{
                    "package_id": manifest["package_id"], "commune_id": commune_ids[manifest["unit"]["code"]],
                    "sender_code": manifest["unit"]["code"], "period": manifest["period"]["code"],
                    "form_id": "thong-ke", "definition_version": manifest["definition"]["version"],
                    "finalised_at": dt.datetime.fromisoformat(report["finalised_at"]),
                    "created_at": dt.datetime.fromisoformat(manifest["created_at"]), "received_at": now,
                    "file_name": path.name, "sha256": hashlib.sha256(raw).hexdigest(), "key_fingerprint": "",
                    "manifest": manifest_bytes.decode("utf-8"), "figures": json.dumps(figures, ensure_ascii=False),
                    "counted": True, "receipt_number": "",
                }],
            ).scalar_one()  # fmt: skip
            s.execute(
                insert(m.ReceivedFigure),
                [{"package_id": package_row, "indicator": k, "value": float(v), "estimated": False}
                 for k, v in figures["commune"]["values"].items()],
            )  # fmt: skip
        stored += 1
    return stored


def check_totals(db: Database, period: str, rows: dict[str, dict[str, Any]]) -> None:
    result = province_reports.figures(db, period)
    expected = totals.add_up(list(rows.values()))
    bad = [k for k in totals.ADDITIVE_KEYS if abs(result.total[k] - expected[k]) > 1e-6]
    assert not bad, f"totals differ from the sum of the packages for {bad[:3]}"
    assert len(result.communes) == len(rows)
    print(f"  totals equal the sum of the {len(rows)} communes' figures for every additive key")


# -- the measurements --------------------------------------------------------------------------------------


def sqlite_province(
    root: Path, stick_codes: list[str], rows: dict[str, dict[str, Any]], country: Path
) -> list[str]:
    print(f"SQLite, one province office: a stick of {len(stick_codes)} communes")
    period = PERIODS[0]
    wanted = set(stick_codes)
    stick = root / "stick"
    stick.mkdir()
    for path in sorted((country / period).iterdir()):
        if path.name.split("_")[1] in wanted:
            (stick / path.name).write_bytes(path.read_bytes())
    files = sorted(stick.iterdir())
    floor_db = province_db(root / "floor.sqlite3", "Thanh Hóa", stick_codes, root)
    try:
        _n, floor = timed(
            f"floor: read, hash, verify, insert {len(files)} packages", lambda: floor_receive(floor_db, files)
        )
    finally:
        floor_db.dispose()
    db = province_db(root / "province.sqlite3", "Thanh Hóa", stick_codes, root)
    try:
        outcomes, took = timed(
            f"receive {len(files)} packages (checks, store, .hgr + Giấy biên nhận PDF)",
            lambda: province_receive.receive(db, [stick], receipts_dir=root / "receipts").value,
        )
        assert all(o.status == province_receive.STORED for o in outcomes), [o.message for o in outcomes][:3]
        lines = [verdict(f"SQLite: receive a {len(files)}-commune stick", took, 15, floor)]
        _sums, sums = timed(
            "floor: the province totals (SQL sums over the stored rows)",
            lambda: province_reports.figures(db, period),
        )
        (_pdf, pages), report = timed(
            f"province statistical report PDF ({len(files)} communes)",
            lambda: province_papers.write_statistical_report(db, period, root / "tinh.pdf"),
        )
        lines.append(
            verdict(f"SQLite: province report for {len(files)} communes ({pages} pages)", report, 3, sums)
        )
        check_totals(db, period, {c: rows[c] for c in stick_codes})
    finally:
        db.dispose()
    return lines


def postgres_country(
    root: Path, codes: list[str], rows: dict[str, dict[str, Any]], country: Path
) -> list[str]:
    from tests import pg_cluster

    period = PERIODS[0]
    files = sorted((country / period).iterdir())
    print(f"PostgreSQL (throw-away cluster): all {len(files)} communes of the country, period {period}")
    with pg_cluster.throwaway_cluster() as server:
        floor_db = province_db(pg_cluster.create_database(server, "floor"), "Việt Nam", codes, root)
        try:
            _n, floor = timed(
                f"floor: read, hash, verify, insert {len(files)} packages",
                lambda: floor_receive(floor_db, files),
            )
        finally:
            floor_db.dispose()
        db = province_db(pg_cluster.create_database(server, "national"), "Việt Nam", codes, root)
        try:
            outcomes, took = timed(
                f"receive {len(files)} packages (checks, store, .hgr + Giấy biên nhận PDF)",
                lambda: (
                    province_receive.receive(db, [country / period], receipts_dir=root / "receipts-pg").value
                ),
            )
            assert all(o.status == province_receive.STORED for o in outcomes), [o.message for o in outcomes][
                :3
            ]
            lines = [verdict(f"PostgreSQL: receive all {len(files)} packages", took, 120, floor)]
            _fig, total = timed(
                f"national totals ({len(files)} communes)", lambda: province_reports.figures(db, period)
            )
            with db.reading() as s:
                started = time.perf_counter()
                s.execute(select(m.ReceivedFigure.indicator, m.ReceivedFigure.value)).all()
                bare = time.perf_counter() - started
            print(f"  {'floor: fetch every stored figure row, no sums':<66} {bare:8.2f} s")
            lines.append(verdict("PostgreSQL: national totals", total, 2, bare))
            check_totals(db, period, rows)
        finally:
            db.dispose()
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--communes", type=int, default=COMMUNES, help=f"communes in the country (default {COMMUNES})"
    )
    parser.add_argument(
        "--stick", type=int, default=170, help="communes on the province's stick (default 170)"
    )
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL part")
    args = parser.parse_args()
    codes = [f"{20000 + i:05d}" for i in range(args.communes)]
    with tempfile.TemporaryDirectory(prefix="hoagiai-national-") as tmp:
        root = Path(tmp)
        print("Building the country's packages (not timed)")
        tpl, _t = timed("a real commune: demo data, three finalisations, `send`", lambda: real_commune(root))
        country = root / "country"
        rows, _t = timed(
            f"{len(codes)} communes × {len(PERIODS)} periods: keys, figures, `sending.pack`",
            lambda: build_country(tpl, country, codes),
        )
        size = sum(p.stat().st_size for p in country.rglob("*.hgp")) / 1024 / 1024
        print(f"  {len(codes) * len(PERIODS)} packages, {size:.0f} MiB")
        lines = sqlite_province(root, codes[: args.stick], rows[PERIODS[0]], country)
        if not args.no_postgres:
            lines += postgres_country(root, codes, rows[PERIODS[0]], country)
    print("\nSummary")
    for line in lines:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
