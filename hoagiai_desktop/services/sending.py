"""Commune side of DOMAIN §8: write the signed package of a finalised report, record the province's receipt.

The package goes to a folder or USB stick the way every export does: built in memory, written to a temporary
name, fsynced, read back and compared by SHA-256, then renamed (:func:`storage.safe_files.copy_verified`).
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hoagiai_desktop import __version__
from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain.enums import UnitKind
from hoagiai_desktop.domain.periods import Period, parse_period
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.province import keys, package
from hoagiai_desktop.province import receipt as receipt_format
from hoagiai_desktop.services import package_content, unit_keys, users
from hoagiai_desktop.services.changes import Changes
from hoagiai_desktop.services.common import Outcome, writing
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.safe_files import copy_verified, drive_error

# What the commune learned from the province's first receipt (trust on first use).
PROVINCE_SIGNING_KEY = "province.signing_key"
PROVINCE_SEALING_KEY = "province.sealing_key"
PROVINCE_NAME = "province.name"
REGIME = "tt03-2019"
_REPORT = Changes(report=True)  # sent packages and receipts show on the reports page


@dataclass(frozen=True)
class SendResult:
    path: Path
    package_id: str
    papers: tuple[str, ...]
    roster: bool
    fingerprint: str
    resent: bool  # the same finalisation was written before (same package id)


@dataclass(frozen=True)
class SentStatus:
    """What the reports page and ``send`` print about a finalised report's package."""

    package_id: str
    file_name: str
    written_at: dt.datetime
    receipt_number: str | None
    receipt_at: dt.datetime | None

    def describe(self) -> str:
        if self.receipt_number and self.receipt_at:
            return _("Sent on {day}, receipt number {number}.").format(
                day=self.receipt_at.strftime("%d/%m/%Y"), number=self.receipt_number
            )
        return _("Package written on {day}; no receipt from the province yet.").format(
            day=self.written_at.strftime("%d/%m/%Y")
        )


def _unit(db: Database) -> m.Unit:
    with db.reading() as s:
        unit = s.scalars(select(m.Unit).order_by(m.Unit.id)).first()
    if unit is None:
        raise UserError(_("Enter the commune's details (name, province, signers) before sending a report."))
    if unit.kind is UnitKind.TINH:
        raise UserError(
            _("This data file is a province's; report packages are sent from a commune's data file.")
        )
    if not unit.code:
        raise UserError(
            _("Enter the commune's code (mã đơn vị hành chính) in the settings before sending a report.")
        )
    return unit


def _latest_finalised(db: Database, form: str, period: Period) -> m.FinalisedReport:
    with db.reading() as s:
        row = s.scalars(
            select(m.FinalisedReport)
            .where(m.FinalisedReport.form == form, m.FinalisedReport.period == period.code)
            .where(m.FinalisedReport.team_code.is_(None))
            .order_by(m.FinalisedReport.finalised_at.desc(), m.FinalisedReport.id.desc())
        ).first()
    if row is None:
        raise UserError(
            _(
                "The {form} report for {period} is not finalised; finalise it first (“hoagiai report {form} "
                "--period {period} --finalise …” or the reports page)."
            ).format(form=form, period=period.code)
        )
    return row


def _chosen(db: Database, finalised_id: int) -> m.FinalisedReport:
    """A finalisation the officer picked (the reports page): it must be the commune's statistical report."""
    with db.reading() as s:
        row = s.get(m.FinalisedReport, finalised_id)
    if row is None or row.form != "thong-ke" or row.team_code:
        raise UserError(
            _("Only the commune's finalised statistical report (thong-ke) is sent to the province.")
        )
    return row


def send_finalised(
    db: Database, finalised_id: int, out_dir: str | Path, *, papers: Sequence[str] = ("thong-ke",),
    roster: bool = False,
) -> Outcome[SendResult]:  # fmt: skip
    """Send the finalised statistical report ``finalised_id`` (the reports page's selected row)."""
    row = _chosen(db, finalised_id)
    return send(db, row.period, out_dir, papers=papers, roster=roster, finalised_id=finalised_id)


def _setting(db: Database, key: str) -> str | None:
    with db.reading() as s:
        return s.scalar(select(m.Setting.value).where(m.Setting.key == key))


def _paper_pdf(report: m.FinalisedReport, folder: Path) -> bytes:
    """The paper exactly as it was finalised (from the stored figures, not today's data)."""
    from hoagiai_desktop.reports.render import render_collected

    out = folder / f"{report.form}.pdf"
    render_collected(json.loads(report.figures), out, None)
    return out.read_bytes()


def _manifest(
    unit: m.Unit, period: Period, fin: m.FinalisedReport, stored: dict[str, Any], pkg_id: str,
    created_at: dt.datetime, signing_public: str,
) -> dict[str, Any]:  # fmt: skip
    definition = stored.get("definition") or {}
    return {
        "package_id": pkg_id,
        "unit": {"code": unit.code, "kind": unit.kind.value, "name": unit.name, "province": unit.province},
        "period": {
            "code": period.code,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "kind": period.kind,
            "label": stored.get("period_label", ""),
            "regime": REGIME,
            "legal_basis": definition.get("legal_basis", ""),
        },  # fmt: skip
        "definition": {"form_id": fin.form, "version": fin.definition_version or ""},
        "report": {
            "finalised_id": fin.id,
            "number": fin.number,
            "issued_on": fin.issued_on.isoformat(),
            "signer": fin.signer,
            "finalised_at": fin.finalised_at.isoformat(),
        },  # fmt: skip
        "created_at": created_at.isoformat(),
        "program_version": __version__,
        "signing_key": signing_public,
        "fingerprint": keys.fingerprint(signing_public),
    }


def pack(
    unit: m.Unit, period: Period, fin: m.FinalisedReport, stored: dict[str, Any], created_at: dt.datetime,
    signing: keys.KeyPair, members: dict[str, bytes],
) -> tuple[str, bytes]:  # fmt: skip
    """The package's file name and bytes: manifest (with every member's hash), signature, ZIP — nothing read
    from or written to the database (``send`` gathers the members; the national benchmark packs thousands)."""
    assert unit.code is not None
    pkg_id = package.package_id(unit.code, signing.public, fin.id, fin.finalised_at.isoformat())
    manifest = _manifest(unit, period, fin, stored, pkg_id, created_at, signing.public)
    data = package.build(manifest, members, signing.private)
    return package.file_name(unit.code, period.code, pkg_id), data


def send(
    db: Database, period_code: str, out_dir: str | Path, *, papers: Sequence[str] = ("thong-ke",),
    roster: bool = False, finalised_id: int | None = None,
) -> Outcome[SendResult]:  # fmt: skip
    """Write the package of the finalised statistical report for the period into ``out_dir``."""
    users.require(db, users.OFFICER)
    period = parse_period(period_code)
    chosen = tuple(dict.fromkeys(["thong-ke", *papers]))
    for paper in chosen:
        if paper not in package.PAPERS:
            raise UserError(
                _("Unknown paper {paper}; choose from {choices}.").format(
                    paper=paper, choices=", ".join(package.PAPERS)
                )
            )
    unit = _unit(db)
    assert unit.code is not None
    fin = _latest_finalised(db, "thong-ke", period) if finalised_id is None else _chosen(db, finalised_id)
    others = {paper: _latest_finalised(db, paper, period) for paper in chosen if paper != "thong-ke"}
    sealing_key = _setting(db, PROVINCE_SEALING_KEY) if roster else None
    if roster and not sealing_key:
        raise UserError(
            _(
                "The province's key is not known yet; record a receipt from the province first (“hoagiai receipt”)."
            )
        )
    signing = unit_keys.key_pair(db, unit_keys.SIGN)
    pkg_id = package.package_id(unit.code, signing.public, fin.id, fin.finalised_at.isoformat())
    with db.reading() as s:
        earlier = s.scalar(select(m.SentPackage).where(m.SentPackage.package_id == pkg_id))
    now = dt.datetime.now().replace(microsecond=0)
    stored = json.loads(fin.figures)
    if earlier is not None:
        created_at, figures_text = earlier.created_at, earlier.figures
    else:
        created_at = now
        figures_text = json.dumps(
            package_content.figures_document(db, period, stored), ensure_ascii=False, sort_keys=True, indent=1
        )
    members: dict[str, bytes] = {package.FIGURES: figures_text.encode("utf-8")}
    with tempfile.TemporaryDirectory(prefix="hoagiai-send-") as tmp:
        members["thong-ke.pdf"] = _paper_pdf(fin, Path(tmp))
        for paper, other in others.items():
            members[f"{paper}.pdf"] = _paper_pdf(other, Path(tmp))
        if sealing_key:
            plain = json.dumps(package_content.roster_document(db, period), ensure_ascii=False).encode(
                "utf-8"
            )
            members[package.ROSTER] = keys.seal(sealing_key, plain)
        name, data = pack(unit, period, fin, stored, created_at, signing, members)
        staged = Path(tmp) / name
        staged.write_bytes(data)
        out = Path(out_dir)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise drive_error(exc, out / name) from exc
        copy_verified(staged, out / name)
    _record_sent(db, pkg_id, fin, period, name, created_at, figures_text, now)
    result = SendResult(
        path=out / name, package_id=pkg_id, papers=chosen, roster=bool(sealing_key),
        fingerprint=keys.fingerprint(signing.public), resent=earlier is not None,
    )  # fmt: skip
    return Outcome(result, changes=_REPORT)


def _record_sent(
    db: Database, pkg_id: str, fin: m.FinalisedReport, period: Period, name: str, created_at: dt.datetime,
    figures_text: str, now: dt.datetime,
) -> None:  # fmt: skip
    with writing(db) as s:
        row = s.scalar(select(m.SentPackage).where(m.SentPackage.package_id == pkg_id))
        if row is None:
            s.add(
                m.SentPackage(
                    package_id=pkg_id, finalised_id=fin.id, period=period.code, file_name=name,
                    created_at=created_at, last_written_at=now, figures=figures_text,
                )
            )  # fmt: skip
        else:
            row.last_written_at = now


def sent_status(db: Database, finalised_id: int) -> SentStatus | None:
    """The newest package written for a finalised report, or None."""
    with db.reading() as s:
        row = s.scalars(
            select(m.SentPackage)
            .where(m.SentPackage.finalised_id == finalised_id)
            .order_by(m.SentPackage.last_written_at.desc())
        ).first()
    if row is None:
        return None
    return SentStatus(row.package_id, row.file_name, row.last_written_at, row.receipt_number, row.receipt_at)


@dataclass(frozen=True)
class ReceiptResult:
    number: str
    received_at: dt.datetime
    period: str
    counted: bool
    province_name: str
    first_key: bool  # the province's key was learned from this receipt


def province_key_known(db: Database) -> bool:
    """Whether a roster can be sealed: the province's key came with an earlier receipt."""
    return bool(_setting(db, PROVINCE_SEALING_KEY))


def record_receipt(db: Database, path: str | Path) -> Outcome[ReceiptResult]:
    """Check a ``.hgr`` receipt and record it against the package it acknowledges."""
    users.require(db, users.OFFICER)
    rec = receipt_format.read(Path(path))
    name = Path(path).name
    known_key = _setting(db, PROVINCE_SIGNING_KEY)
    if known_key and known_key != rec.signing_key:
        raise UserError(
            _(
                "{file} is signed by a different province key than earlier receipts; call the province to "
                "compare key fingerprints before trusting it."
            ).format(file=name)
        )
    received_at = dt.datetime.fromisoformat(rec.received_at)
    with writing(db) as s:
        row = s.scalar(select(m.SentPackage).where(m.SentPackage.package_id == rec.package_id))
        if row is None:
            raise UserError(
                _("{file} is a receipt for a package this data file did not send; check the file.").format(
                    file=name
                )
            )
        row.receipt_number = rec.number
        row.receipt_at = received_at
        row.receipt_recorded_at = dt.datetime.now().replace(microsecond=0)
        if not known_key:
            for key, value in (
                (PROVINCE_SIGNING_KEY, rec.signing_key), (PROVINCE_SEALING_KEY, rec.sealing_key),
                (PROVINCE_NAME, rec.province_name),
            ):  # fmt: skip
                setting = s.get(m.Setting, key) or m.Setting(key=key)
                setting.value = value
                s.add(setting)
    result = ReceiptResult(rec.number, received_at, rec.period, rec.counted, rec.province_name, not known_key)
    return Outcome(result, changes=_REPORT)
