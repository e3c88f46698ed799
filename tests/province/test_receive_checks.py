"""Every check of DOMAIN §8 with a crafted bad package: each is refused in one sentence naming the file, and a
refused package changes nothing in the province's data file."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.province import checks, keys, package
from hoagiai_desktop.services import province_receive as pr
from tests.province.helpers import FINALISED, make_package, rezip, zip_bytes


def _counts(db: Any) -> dict[str, Any]:
    with db.reading() as s:
        return {
            "packages": s.scalar(select(func.count()).select_from(m.ReceivedPackage)),
            "figures": s.scalar(select(func.count()).select_from(m.ReceivedFigure)),
            "keys": sorted((k.sender_code, k.signing_key) for k in s.scalars(select(m.PinnedKey))),
            "counted": sorted(
                s.scalars(select(m.ReceivedPackage.package_id).where(m.ReceivedPackage.counted))
            ),
        }


def _refused(db: Any, path: Path, **options: Any) -> str:
    before = _counts(db)
    [outcome] = pr.receive(db, [path], **options).value
    assert outcome.status == pr.REFUSED, outcome.message
    assert path.name in outcome.message
    assert outcome.message.count(". ") == 0 and outcome.message.endswith(".")  # one sentence
    assert _counts(db) == before
    assert not list(path.parent.glob("*.hgr")) and not list(path.parent.glob("*.pdf"))
    return outcome.message


def test_a_good_package_is_stored_with_every_figure_and_a_receipt(province: Any, tmp_path: Path) -> None:
    path = make_package(tmp_path / "usb", "26734", seed=3)
    [outcome] = pr.receive(province, [tmp_path / "usb"]).value
    assert outcome.status == pr.STORED and outcome.counted
    assert outcome.receipt is not None and outcome.receipt.exists() and outcome.receipt.parent == path.parent
    assert outcome.receipt_pdf is not None and outcome.receipt_pdf.read_bytes().startswith(b"%PDF")
    counts = _counts(province)
    assert counts["packages"] == 1 and counts["figures"] == len(json.loads(
        zipfile.ZipFile(path).read("figures.json"))["commune"]["values"])  # fmt: skip


def test_tampered_figures_fail_the_hash(province: Any, tmp_path: Path) -> None:
    good = make_package(tmp_path / "src", "26734")
    doc = json.loads(zipfile.ZipFile(good).read("figures.json"))
    doc["commune"]["values"]["cases.successful"] += 100
    bad = rezip(good, tmp_path / "usb" / "tampered.hgp", {"figures.json": json.dumps(doc).encode()}) if (
        tmp_path / "usb").mkdir() is None else good  # fmt: skip
    assert "tampered.hgp" in _refused(province, bad)


def test_changed_manifest_fails_the_signature(province: Any, tmp_path: Path) -> None:
    good = make_package(tmp_path / "src", "26734")
    man = json.loads(zipfile.ZipFile(good).read("manifest.json"))
    man["unit"]["code"] = "26750"  # pretend to be another commune
    (tmp_path / "usb").mkdir()
    bad = rezip(good, tmp_path / "usb" / "forged.hgp", {"manifest.json": json.dumps(man).encode()})
    message = _refused(province, bad)
    assert "chữ ký" in message or "signature" in message


def test_a_missing_member_listed_in_the_manifest_is_refused(province: Any, tmp_path: Path) -> None:
    good = make_package(tmp_path / "src", "26734")
    (tmp_path / "usb").mkdir()
    _refused(province, rezip(good, tmp_path / "usb" / "short.hgp", {"thong-ke.pdf": None}))


def test_a_changed_key_is_refused_until_the_officer_accepts_it(province: Any, tmp_path: Path) -> None:
    first = make_package(tmp_path / "a", "26734")
    assert pr.receive(province, [first]).value[0].status == pr.STORED
    new_pair = keys.new_signing_pair()
    later = make_package(tmp_path / "b", "26734", new_pair, finalised_at=FINALISED + dt.timedelta(days=2))
    message = _refused(province, later)
    assert keys.fingerprint(new_pair.public) in message and "--accept-new-key 26734" in message
    [outcome] = pr.receive(province, [later], accept_new_key={"26734"}).value
    assert outcome.status == pr.STORED and outcome.counted
    with province.reading() as s:
        assert (
            s.scalar(select(m.PinnedKey.signing_key).where(m.PinnedKey.sender_code == "26734"))
            == new_pair.public
        )


def test_accepting_a_new_key_for_another_commune_does_not_help(province: Any, tmp_path: Path) -> None:
    pr.receive(province, [make_package(tmp_path / "a", "26734")])
    later = make_package(tmp_path / "b", "26734", finalised_at=FINALISED + dt.timedelta(days=2))
    _refused(province, later, accept_new_key={"26750"})


def test_unknown_commune_is_refused(province: Any, tmp_path: Path) -> None:
    assert "99999" in _refused(province, make_package(tmp_path / "usb", "99999"))


def test_unknown_definition_is_refused(province: Any, tmp_path: Path) -> None:
    assert "TT99" in _refused(province, make_package(tmp_path / "usb", "26734", version="TT99-2030"))


def test_unknown_period_is_refused(province: Any, tmp_path: Path) -> None:
    _refused(province, make_package(tmp_path / "usb", "26734", period="2025-Q7"))


@pytest.mark.parametrize(
    "name", ["../evil.json", "/etc/cron.d/evil", "sub/../../evil", "C:\\evil.bat", "papers/thong-ke.pdf"]
)
def test_path_tricks_are_refused(province: Any, tmp_path: Path, name: str) -> None:
    good = make_package(tmp_path / "src", "26734")
    (tmp_path / "usb").mkdir()
    info = zipfile.ZipInfo(name)
    bad = rezip(good, tmp_path / "usb" / "trick.hgp", {}, ((info, b"boom"),))
    _refused(province, bad)


def test_a_symlink_member_is_refused(province: Any, tmp_path: Path) -> None:
    good = make_package(tmp_path / "src", "26734")
    (tmp_path / "usb").mkdir()
    link = zipfile.ZipInfo("de-an.pdf")
    link.external_attr = 0o120777 << 16  # a symbolic link to /etc/passwd
    bad = rezip(good, tmp_path / "usb" / "link.hgp", {}, ((link, b"/etc/passwd"),))
    message = _refused(province, bad)
    assert "link.hgp" in message


def test_a_zip_bomb_is_refused_without_inflating_it(province: Any, tmp_path: Path) -> None:
    good = make_package(tmp_path / "src", "26734")
    (tmp_path / "usb").mkdir()
    bomb = b"0" * (8 * 1024 * 1024)  # compresses about a thousand times
    bad = rezip(good, tmp_path / "usb" / "bomb.hgp", {"thong-ke.pdf": bomb})
    assert bad.stat().st_size < 100_000
    _refused(province, bad)


def test_a_member_that_lies_about_its_size_is_stopped_while_reading(
    province: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header says small, the stream inflates past the limit: the reader counts real bytes."""
    monkeypatch.setattr(checks, "MAX_MEMBER_BYTES", 1024)
    good = make_package(tmp_path / "src", "26734")
    (tmp_path / "usb").mkdir()
    bad = rezip(good, tmp_path / "usb" / "liar.hgp", {"thong-ke.pdf": b"%PDF" + b"1" * 5000})
    _refused(province, bad)


def test_not_a_zip_and_an_empty_file_are_refused(province: Any, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "notes.hgp").write_text("hello", encoding="utf-8")
    _refused(province, usb / "notes.hgp")
    (usb / "notes.hgp").unlink()
    (usb / "empty.hgp").write_bytes(zip_bytes([]))
    _refused(province, usb / "empty.hgp")


def test_an_extra_member_is_refused(province: Any, tmp_path: Path) -> None:
    good = make_package(tmp_path / "src", "26734")
    (tmp_path / "usb").mkdir()
    _refused(
        province, rezip(good, tmp_path / "usb" / "extra.hgp", {}, ((zipfile.ZipInfo("run.exe"), b"MZ"),))
    )


def test_the_same_package_twice_changes_nothing(province: Any, tmp_path: Path) -> None:
    path = make_package(tmp_path / "usb", "26734")
    pr.receive(province, [path])
    before = _counts(province)
    [again] = pr.receive(province, [path]).value
    assert again.status == pr.DUPLICATE and path.name in again.message
    assert "đã nhận" in again.message.lower() or "already received" in again.message
    assert _counts(province) == before


def _counted(db: Any) -> dict[str, bool]:
    with db.reading() as s:
        return {r.report_number or "": r.counted for r in s.scalars(select(m.ReceivedPackage))}


def _finalisation(tmp: Path, name: str, pair: keys.KeyPair, days: int, seed: int) -> Path:
    when = FINALISED + dt.timedelta(days=days)
    return make_package(tmp, "26734", pair, seed=seed, finalised_at=when, finalised_id=days + 1, name=name)


def test_a_newer_finalisation_supersedes_and_the_older_stays_as_history(
    province: Any, tmp_path: Path
) -> None:
    from hoagiai_desktop.services import province_reports

    pair = keys.new_signing_pair()
    old = _finalisation(tmp_path / "usb", "old.hgp", pair, 0, seed=1)
    new = _finalisation(tmp_path / "usb", "new.hgp", pair, 5, seed=2)
    [o1] = pr.receive(province, [old]).value
    [o2] = pr.receive(province, [new]).value
    assert o1.counted and o2.counted
    with province.reading() as s:
        rows = {r.file_name: r.counted for r in s.scalars(select(m.ReceivedPackage))}
    assert rows == {"old.hgp": False, "new.hgp": True}
    new_values = json.loads(zipfile.ZipFile(new).read("figures.json"))["commune"]["values"]
    assert province_reports.figures(province, "2025").total["cases.handled"] == new_values["cases.handled"]
    _due, status = province_reports.completeness(province, "2025")
    assert {r.code: r.status for r in status}["26734"] == province_reports.REPLACED
    assert len(pr.history(province, "26734")) == 2


def test_an_older_finalisation_arriving_later_is_history_only(province: Any, tmp_path: Path) -> None:
    from hoagiai_desktop.services import province_reports

    pair = keys.new_signing_pair()
    old = _finalisation(tmp_path / "usb", "old.hgp", pair, 0, seed=1)
    new = _finalisation(tmp_path / "usb", "new.hgp", pair, 5, seed=2)
    pr.receive(province, [new])
    [late] = pr.receive(province, [old]).value
    assert late.status == pr.STORED and not late.counted
    with province.reading() as s:
        rows = {r.file_name: r.counted for r in s.scalars(select(m.ReceivedPackage))}
    assert rows == {"old.hgp": False, "new.hgp": True}
    new_values = json.loads(zipfile.ZipFile(new).read("figures.json"))["commune"]["values"]
    assert province_reports.figures(province, "2025").total["cases.handled"] == new_values["cases.handled"]
    receipt = json.loads(late.receipt.read_text(encoding="utf-8")) if late.receipt else {}
    assert receipt["receipt"]["counted"] is False


def test_a_predecessor_package_counts_towards_its_successor(province: Any, tmp_path: Path) -> None:
    from hoagiai_desktop.services import province_reports

    a = make_package(tmp_path / "usb", "26741", seed=5)
    b = make_package(tmp_path / "usb", "26742", seed=6)
    outcomes = pr.receive(province, [tmp_path / "usb"]).value
    assert [o.status for o in outcomes] == [pr.STORED, pr.STORED] and all(o.counted for o in outcomes)
    values = [json.loads(zipfile.ZipFile(p).read("figures.json"))["commune"]["values"] for p in (a, b)]
    result = province_reports.figures(province, "2025")
    assert result.communes["26740"]["cases.new"] == values[0]["cases.new"] + values[1]["cases.new"]


def test_a_folder_with_good_and_bad_packages_stores_the_good_ones(province: Any, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    make_package(usb, "26734")
    make_package(usb / "sub", "26750")
    make_package(usb, "99999")
    outcomes = pr.receive(province, [usb]).value
    assert sorted(o.status for o in outcomes) == [pr.REFUSED, pr.STORED, pr.STORED]
    assert _counts(province)["packages"] == 2


def test_the_package_builder_refuses_foreign_members() -> None:
    with pytest.raises(ValueError):
        package.build(
            {"created_at": "2026-01-01T00:00:00"}, {"evil.sh": b""}, keys.new_signing_pair().private
        )
