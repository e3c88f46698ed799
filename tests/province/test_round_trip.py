"""Commune → province → receipt → commune with real data files, the real papers and the command line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from hoagiai_desktop.demo.generator import generate
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.province import keys, package
from hoagiai_desktop.reports import finalise
from hoagiai_desktop.services import province_receive as pr
from hoagiai_desktop.services import province_reports, sending, unit_keys
from hoagiai_desktop.storage.opening import open_database

PERIOD = "2025"


@pytest.fixture(scope="module")
def commune_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("commune") / "commune.sqlite3"
    db = open_database(path)
    generate(db, seed=7)
    with db.transaction() as s:
        s.execute(update(m.Unit).values(code="26734"))
    finalise.finalise(db, "thong-ke", PERIOD, number="12")
    finalise.finalise(db, "bao-cao", PERIOD, number="13")
    db.dispose()
    return path


@pytest.fixture
def commune(commune_template: Path, tmp_path: Path) -> Iterator[Any]:
    path = tmp_path / "commune.sqlite3"
    path.write_bytes(commune_template.read_bytes())
    db = open_database(path)
    yield db
    db.dispose()


def _finalised_total(db: Any) -> dict[str, Any]:
    with db.reading() as s:
        row = s.scalars(select(m.FinalisedReport).where(m.FinalisedReport.form == "thong-ke")).one()
    data = json.loads(row.figures)
    return next(r for r in data["rows"] if not r.get("team_code"))["values"]


def test_round_trip_send_receive_receipt(commune: Any, province: Any, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    sent = sending.send(commune, PERIOD, usb, papers=["thong-ke", "bao-cao"]).value
    assert sent.path.exists() and sent.path.suffix == ".hgp" and not list(usb.glob(".*part"))
    assert sent.fingerprint == unit_keys.public_keys(commune).fingerprint
    with zipfile.ZipFile(sent.path) as zf:
        assert set(zf.namelist()) == {
            "manifest.json",
            "signature",
            "figures.json",
            "thong-ke.pdf",
            "bao-cao.pdf",
        }
        figures = json.loads(zf.read("figures.json"))
        text = "".join(page.extract_text() for page in PdfReader(zf.open("thong-ke.pdf")).pages)
    assert "THỐNG KÊ" in text.upper()
    assert all(set(t["values"]) >= set(figures["commune"]["values"]) for t in figures["teams"])
    again = sending.send(commune, PERIOD, tmp_path / "usb2").value
    assert again.package_id == sent.package_id and again.resent

    [outcome] = pr.receive(province, [usb]).value
    assert outcome.status == pr.STORED and outcome.counted
    assert outcome.receipt is not None and outcome.receipt_pdf is not None
    receipt_text = "".join(p.extract_text() for p in PdfReader(outcome.receipt_pdf).pages)
    for words in ("GIẤY BIÊN NHẬN", "SỞ TƯ PHÁP", sent.package_id, sent.fingerprint, "Tiên Phong"):
        assert words in receipt_text, words

    total = province_reports.figures(province, PERIOD)
    for key, value in _finalised_total(commune).items():
        assert total.total[key] == value, key
        assert total.communes["26734"][key] == value, key

    result = sending.record_receipt(commune, outcome.receipt).value
    assert result.first_key and result.counted
    status = sending.sent_status(commune, _finalised_id(commune))
    assert status is not None and status.receipt_number == result.number
    assert f"biên nhận số {result.number}" in status.describe()
    assert status.describe().startswith("Đã gửi ngày ")

    # The commune now knows the province's key: a roster can be sealed to it.
    with_roster = sending.send(commune, PERIOD, tmp_path / "usb3", roster=True).value
    with zipfile.ZipFile(with_roster.path) as zf:
        sealed = zf.read(package.ROSTER)
        readable = zf.read("manifest.json").decode() + zf.read("figures.json").decode()
        readable += "".join(p.extract_text() for p in PdfReader(io.BytesIO(zf.read("thong-ke.pdf"))).pages)
    assert b"mediators" not in sealed  # encrypted, not merely signed
    with province.reading() as s:
        private = s.scalar(select(m.UnitKey.private_key).where(m.UnitKey.purpose == "seal"))
    roster = json.loads(keys.open_sealed(private, sealed) or b"{}")
    assert roster["mediators"] and set(roster["mediators"][0]) == set(package.ROSTER_FIELDS)
    readable += json.dumps(roster, ensure_ascii=False)
    with commune.reading() as s:
        unit = s.scalars(select(m.Unit)).one()
        signers = {
            unit.chairman_name,
            unit.vice_chairman_name,
            unit.justice_officer_name,
        }  # printed on papers
        mediators = set(s.scalars(select(m.Mediator.full_name))) | signers
        private_texts = [
            *s.scalars(select(m.Mediator.phone)), *s.scalars(select(m.Mediator.address)),
            *s.scalars(select(m.Party.address)), *(n for n in s.scalars(select(m.Party.name)) if n not in mediators),
            *(t[:40] for t in s.scalars(select(m.Case.summary))),
        ]  # fmt: skip
    private_texts = [t for t in private_texts if t and len(t) > 6]
    assert len(private_texts) > 50
    assert [t for t in private_texts if t in readable] == []


def _finalised_id(db: Any) -> int:
    with db.reading() as s:
        return int(s.scalar(select(m.FinalisedReport.id).where(m.FinalisedReport.form == "thong-ke")) or 0)


def test_a_receipt_signed_by_another_province_key_is_refused(
    commune: Any, province: Any, tmp_path: Path
) -> None:
    from hoagiai_desktop.errors import UserError
    from hoagiai_desktop.province import receipt as rf

    sent = sending.send(commune, PERIOD, tmp_path / "usb").value
    [outcome] = pr.receive(province, [sent.path]).value
    assert outcome.receipt is not None
    sending.record_receipt(commune, outcome.receipt)
    genuine = rf.read(outcome.receipt)
    impostor = keys.new_signing_pair()
    forged = tmp_path / "forged.hgr"
    forged.write_bytes(
        rf.build(rf.Receipt(**{**genuine.as_dict(), "signing_key": impostor.public}), impostor.private)
    )
    with pytest.raises(UserError):
        sending.record_receipt(commune, forged)
    tampered = tmp_path / "tampered.hgr"
    doc = json.loads(outcome.receipt.read_text(encoding="utf-8"))
    doc["receipt"]["number"] = "999999"
    tampered.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(UserError):
        sending.record_receipt(commune, tampered)


def test_only_a_finalised_report_is_sent(province: Any, tmp_path: Path) -> None:
    from hoagiai_desktop.errors import UserError

    db = open_database(tmp_path / "fresh.sqlite3")
    try:
        generate(db, seed=3)
        with db.transaction() as s:
            s.execute(update(m.Unit).values(code="26734"))
        with pytest.raises(UserError, match="2025"):
            sending.send(db, PERIOD, tmp_path / "usb")
        with pytest.raises(UserError):  # the province's data file sends nothing
            sending.send(province, PERIOD, tmp_path / "usb")
    finally:
        db.dispose()
    assert not (tmp_path / "usb").exists() or not list((tmp_path / "usb").iterdir())


def _hoagiai(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONUTF8="1")
    return subprocess.run(
        [sys.executable, "-m", "hoagiai_desktop", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_the_commands_end_to_end(commune_template: Path, province_target: str, tmp_path: Path) -> None:
    commune = tmp_path / "commune.sqlite3"
    commune.write_bytes(commune_template.read_bytes())
    # the province on a file or on the server, named as an officer types it (postgresql://, no driver)
    prov = province_target.replace("postgresql+psycopg://", "postgresql://")
    shown = _hoagiai("--db", str(commune), "key", "show")
    assert shown.returncode == 0 and len(shown.stdout.split(":")[-1].split()) == 8
    r = _hoagiai("--db", str(commune), "send", "--period", PERIOD, "--out", str(tmp_path / "usb"))
    assert r.returncode == 0, r.stderr
    assert (
        _hoagiai("--db", str(prov), "province", "init", "--province", "Cao Bằng", "--code", "04").returncode
        == 0
    )
    from tests.province.helpers import registry_xlsx

    registry_xlsx(
        tmp_path / "reg.xlsx", [("26734", "Tiên Phong", "xã", ""), ("26750", "Cô Tô", "đặc khu", "")]
    )
    assert (
        _hoagiai("--db", str(prov), "province", "communes", "import", str(tmp_path / "reg.xlsx")).returncode
        == 0
    )
    listed = _hoagiai("--db", str(prov), "province", "communes", "list")
    assert "26734" in listed.stdout and "26750" in listed.stdout
    r = _hoagiai(
        "--db", str(prov), "receive", str(tmp_path / "usb"), "--receipts", str(tmp_path / "receipts")
    )
    assert r.returncode == 0, r.stderr
    [hgr] = (tmp_path / "receipts").glob("*.hgr")
    again = _hoagiai("--db", str(prov), "receive", str(tmp_path / "usb"))
    assert again.returncode == 0 and "đã nhận ngày" in again.stdout
    done = json.loads(_hoagiai("--db", str(prov), "completeness", "--period", PERIOD, "--json").stdout)
    assert done["communes"]["26750"]["status"] == "chua_nop"
    assert done["communes"]["26734"]["status"] in ("dung_han", "muon")
    stats = json.loads(_hoagiai("--db", str(prov), "stats", "--period", PERIOD, "--json").stdout)
    assert set(stats["communes"]) == {"26734"}
    assert stats["cases"]["handled"] == stats["communes"]["26734"]["cases"]["handled"]
    r = _hoagiai("--db", str(commune), "receipt", str(hgr))
    assert r.returncode == 0 and "biên nhận số" in r.stdout, r.stderr
    listed = _hoagiai("--db", str(commune), "report", "thong-ke", "--list-finalised")
    assert "Đã gửi ngày" in listed.stdout and "biên nhận số 000001" in listed.stdout
    bad = tmp_path / "usb" / "junk.hgp"
    bad.write_text("not a zip", encoding="utf-8")
    refused = _hoagiai("--db", str(prov), "receive", str(bad))
    assert refused.returncode != 0 and "junk.hgp" in refused.stderr and "Traceback" not in refused.stderr
