"""Province side of DOMAIN §8: receive packages — check everything, store all of a package or nothing, write the
receipt beside it.

The file checks (:mod:`hoagiai_desktop.province.checks`) run before the database is touched; then, inside the one
transaction that stores the package, the checks that need the data: the commune is in the registry (directly or
as a predecessor of a merged commune), its key is the pinned one (trust on first use; a changed key only with the
officer's explicit confirmation), the form definition is known, the package is not already here. Supersession is
per sender and period: the newest finalisation counts, the others are history.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, fields, replace
from pathlib import Path

from sqlalchemy import and_, bindparam, insert, or_, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.domain import tables
from hoagiai_desktop.domain.enums import AuditAction, UnitKind
from hoagiai_desktop.errors import UserError
from hoagiai_desktop.i18n import _
from hoagiai_desktop.province import keys, package
from hoagiai_desktop.province import receipt as receipt_format
from hoagiai_desktop.province.checks import CheckedPackage, PackageRefused, check_file
from hoagiai_desktop.services import province_receipts, province_registry, unit_keys, users
from hoagiai_desktop.services.changes import NOTHING, Changes
from hoagiai_desktop.services.common import Outcome, writing
from hoagiai_desktop.storage.database import Database

STORED = "stored"
DUPLICATE = "duplicate"
REFUSED = "refused"


@dataclass(frozen=True)
class ReceiveOutcome:
    """What happened to one file: ``status`` is stored / duplicate / refused, ``message`` one sentence."""

    path: Path
    status: str
    message: str
    commune_code: str | None = None
    period: str | None = None
    counted: bool = False
    receipt: Path | None = None
    receipt_pdf: Path | None = None


def package_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The packages named, and every ``.hgp`` inside the folders named (a USB stick), in a stable order."""
    for item in paths:
        path = Path(item)
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob(f"*{package.SUFFIX}")
                if not p.name.startswith(".") and not p.is_symlink()
            )
        else:
            yield path


@dataclass(frozen=True)
class _Commune:
    """The registry's commune a package belongs to, as plain values (receiving reads and writes with Core)."""

    id: int
    code: str
    name: str
    kind: UnitKind


_COMMUNE_COLUMNS = (tables.commune.c.id, tables.commune.c.code, tables.commune.c.name, tables.commune.c.kind)
# The statements of every package are built once, with bound parameters: building a statement and its cache key
# anew for each package cost as much CPU as sending it.
_COMMUNE = select(*_COMMUNE_COLUMNS).where(tables.commune.c.code == bindparam("code"))
_COMMUNE_LOCKED = _COMMUNE.with_for_update()


def _commune_for(conn: Connection, code: str, *, lock: bool = False) -> _Commune | None:
    """The commune of the registry a sender code belongs to: itself, or the commune it was merged into.

    ``lock``: SELECT … FOR UPDATE on the commune's row, in the same statement that finds it (PostgreSQL; SQLite
    has one writer anyway and SQLAlchemy leaves the clause out there) — one package of a commune is stored at a
    time, and after a wait for another officer's transaction that one's package is visible."""
    c = tables.commune.c
    found = conn.execute(_COMMUNE_LOCKED if lock else _COMMUNE, {"code": code}).first()
    if found is not None:
        return _Commune(*found)
    merged = select(*_COMMUNE_COLUMNS, c.predecessors).where(c.predecessors.is_not(None))
    for candidate in conn.execute(merged):
        if code in (candidate.predecessors or "").split(","):
            if lock:
                conn.execute(select(c.id).where(c.id == candidate.id).with_for_update())
            return _Commune(*candidate[:4])
    return None


def _known_definitions(db: Database) -> frozenset[tuple[str, str]]:
    """(form id, version) of every definition this data file knows — read once per ``receive``."""
    from hoagiai_desktop.reports import definitions

    return frozenset((d.form_id, d.version) for d in definitions.all_definitions(db))


def _date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _refusal(pkg: CheckedPackage, sentence: str, **values: str) -> PackageRefused:
    return PackageRefused(sentence.format(file=pkg.path.name, **values))


_PINNED = select(tables.pinned_key.c.signing_key).where(
    tables.pinned_key.c.sender_code == bindparam("sender")
)
_PIN = insert(tables.pinned_key)


def _check_key(
    conn: Connection,
    pkg: CheckedPackage,
    commune: _Commune,
    accept_new_key: Collection[str],
    now: dt.datetime,
) -> None:
    """Trust on first use, per sender code (each merged predecessor had its own data file and key)."""
    pk = tables.pinned_key
    pinned = conn.execute(_PINNED, {"sender": pkg.unit_code}).first()
    if pinned is None:
        conn.execute(
            _PIN,
            {
                "sender_code": pkg.unit_code,
                "commune_id": commune.id,
                "signing_key": pkg.signing_key,
                "pinned_at": now,
            },
        )
    elif pinned.signing_key != pkg.signing_key:
        if pkg.unit_code not in accept_new_key and commune.code not in accept_new_key:
            raise _refusal(
                pkg,
                _(
                    "{file} is signed with a different key than earlier packages of {commune}; call the commune "
                    "to compare the fingerprint {fingerprint}, then receive it again with --accept-new-key {code}."
                ),
                commune=commune.name, fingerprint=keys.fingerprint(pkg.signing_key), code=pkg.unit_code,
            )  # fmt: skip
        conn.execute(
            update(pk)
            .where(pk.c.sender_code == pkg.unit_code)
            .values(signing_key=pkg.signing_key, pinned_at=now)
        )


def _commune_row_figures(pkg: CheckedPackage) -> list[tuple[str, float, bool]]:
    row = pkg.figures["commune"]
    estimated = set(row.get("estimated") or [])
    return [(str(k), float(v), k in estimated) for k, v in row["values"].items()]


@dataclass(frozen=True)
class _Stored:
    """A stored package as plain values — what the outcome, supersession and the receipt read of it."""

    id: int
    package_id: str
    commune_id: int
    sender_code: str
    period: str
    report_number: str | None
    report_date: dt.date | None
    signer: str | None
    finalised_at: dt.datetime
    created_at: dt.datetime
    received_at: dt.datetime
    file_name: str
    sha256: str
    key_fingerprint: str
    manifest: str
    counted: bool
    receipt_number: str


# The stored package's columns :class:`_Stored` holds (not the figures or the sealed roster), in its order.
_STORED_COLUMNS = tuple(tables.received_package.c[f.name] for f in fields(_Stored))


_SAME = select(*_STORED_COLUMNS).where(tables.received_package.c.package_id == bindparam("package"))
_SAME_OR_RIVALS = select(*_STORED_COLUMNS).where(
    or_(
        tables.received_package.c.package_id == bindparam("package"),
        and_(
            tables.received_package.c.commune_id == bindparam("commune"),
            tables.received_package.c.sender_code == bindparam("sender"),
            tables.received_package.c.period == bindparam("period"),
            tables.received_package.c.counted.is_(True),
        ),
    )
)
_INSERT_PACKAGE = insert(tables.received_package).returning(tables.received_package.c.id)
_NUMBER_PACKAGE = (
    update(tables.received_package)
    .where(tables.received_package.c.id == bindparam("row"))
    .values(receipt_number=bindparam("number"))
)
_AUDIT = insert(tables.audit_entry)


def _related(conn: Connection, pkg: CheckedPackage, commune: _Commune | None) -> list[_Stored]:
    """In one statement: this package if it is already here, and the counted packages of the same sender and
    period (the ones a newer finalisation supersedes)."""
    if commune is None:
        found = conn.execute(_SAME, {"package": pkg.package_id})
    else:
        found = conn.execute(
            _SAME_OR_RIVALS,
            {
                "package": pkg.package_id,
                "commune": commune.id,
                "sender": pkg.unit_code,
                "period": pkg.period.code,
            },
        )
    return [_Stored(*r) for r in found]


def _store(
    conn: Connection, pkg: CheckedPackage, commune: _Commune, rivals: list[_Stored], now: dt.datetime
) -> _Stored:
    """Insert the package (then its receipt number, made of its id) and its figures; a newer finalisation
    takes the counted flag from the rivals, an older one is kept as history."""
    manifest = pkg.manifest
    report = manifest["report"]
    finalised_at = dt.datetime.fromisoformat(report["finalised_at"])
    created_at = dt.datetime.fromisoformat(manifest["created_at"])
    newest = all((finalised_at, created_at) > (r.finalised_at, r.created_at) for r in rivals)
    t = tables.received_package
    if newest and rivals:
        conn.execute(update(t).where(t.c.id.in_([r.id for r in rivals])).values(counted=False))
    values = dict(
        package_id=pkg.package_id, commune_id=commune.id, sender_code=pkg.unit_code, period=pkg.period.code,
        report_number=report.get("number"), report_date=_date(report.get("issued_on")), signer=report.get("signer"),
        finalised_at=finalised_at, created_at=created_at, received_at=now, file_name=pkg.path.name,
        sha256=pkg.sha256, key_fingerprint=keys.fingerprint(pkg.signing_key),
        manifest=json.dumps(manifest, ensure_ascii=False, sort_keys=True), counted=newest,
    )  # fmt: skip
    new_id: int = conn.execute(
        _INSERT_PACKAGE,
        {
            **values,
            "form_id": manifest["definition"]["form_id"],
            "definition_version": manifest["definition"]["version"],
            "figures": json.dumps(pkg.figures, ensure_ascii=False, sort_keys=True),
            "roster": pkg.members.get(package.ROSTER),
            "receipt_number": "",
        },
    ).scalar_one()
    receipt_number = f"{new_id:06d}"
    conn.execute(_NUMBER_PACKAGE, {"row": new_id, "number": receipt_number})
    _insert_figures(conn, new_id, _commune_row_figures(pkg))
    return _Stored(id=new_id, receipt_number=receipt_number, **values)


# PostgreSQL: the whole commune row in one short statement of three arrays (prepared once by the server, its
# text parsed once by the driver); a statement per figure, even pipelined, cost a message per figure.
_UNNEST_FIGURES = text(
    "INSERT INTO received_figure (package_id, indicator, value, estimated) "
    "SELECT :package, k, v, e FROM unnest(CAST(:keys AS text[]), CAST(:values AS float8[]), "
    "CAST(:flags AS boolean[])) AS f(k, v, e)"
)


def _insert_figures(conn: Connection, package_id: int, figures: list[tuple[str, float, bool]]) -> None:
    if not figures:
        return
    if conn.dialect.name == "postgresql":
        keys_, values, flags = (list(column) for column in zip(*figures, strict=True))
        conn.execute(
            _UNNEST_FIGURES, {"package": package_id, "keys": keys_, "values": values, "flags": flags}
        )
    else:  # in-process: one executemany of the same cached statement
        conn.execute(
            insert(tables.received_figure),
            [{"package_id": package_id, "indicator": k, "value": v, "estimated": e} for k, v, e in figures],
        )


@dataclass(frozen=True)
class _Province:
    name: str
    code: str
    signing: keys.KeyPair
    sealing_public: str
    definitions: frozenset[tuple[str, str]]


def _province(db: Database) -> _Province:
    unit = province_registry.province_unit(db)
    return _Province(
        name=unit.name, code=unit.code or "", signing=unit_keys.key_pair(db, unit_keys.SIGN),
        sealing_public=unit_keys.key_pair(db, unit_keys.SEAL).public, definitions=_known_definitions(db),
    )  # fmt: skip


def _receive_one(
    db: Database, path: Path, province: _Province, accept_new_key: Collection[str], conn: Connection
) -> tuple[ReceiveOutcome, _Stored | None, _Commune | None]:
    """Check the file once, then store it; a clash with another officer's transaction is retried.

    Server mode: two officers may receive the same stick at once. The commune's row is locked first (below), so
    two transactions about one commune run one after the other and the second sees the first's package. A clash
    the lock cannot prevent (a serialisation failure or deadlock the server reports, a unique key another
    transaction took) rolls everything of this package back; the retry then sees the committed data and gives
    the ordinary answer (already received, a pinned key, …)."""
    pkg = check_file(path)
    definition = pkg.manifest["definition"]
    if (definition["form_id"], definition["version"]) not in province.definitions:
        raise _refusal(
            pkg,
            _(
                "{file} uses the form definition {version}, which this data file does not know; import it with "
                "“hoagiai forms import”, then receive again."
            ),
            version=definition["version"],
        )
    for attempt in range(_ATTEMPTS):
        try:
            return _store_checked(db, pkg, accept_new_key, conn)
        except (IntegrityError, OperationalError) as err:
            if attempt == _ATTEMPTS - 1 or not _clash(err):
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


_ATTEMPTS = 4
_CLASH_CODES = {"40001", "40P01"}  # serialization_failure, deadlock_detected (PostgreSQL)


def _clash(err: IntegrityError | OperationalError) -> bool:
    """Another transaction got in the way (worth one more try), not a broken database."""
    if isinstance(err, IntegrityError):  # a unique key taken meanwhile (PostgreSQL 23505, SQLite's message)
        return getattr(err.orig, "sqlstate", None) == "23505" or "UNIQUE" in str(err.orig)
    return getattr(err.orig, "sqlstate", None) in _CLASH_CODES


def _store_checked(
    db: Database, pkg: CheckedPackage, accept_new_key: Collection[str], conn: Connection
) -> tuple[ReceiveOutcome, _Stored | None, _Commune | None]:
    path = pkg.path
    now = dt.datetime.now().replace(microsecond=0)
    role = users.ADMIN if accept_new_key else users.OFFICER  # trusting a new key manages keys
    # One audit line per package, written below; the statements are Core on the session's connection (the ORM's
    # unit of work cost more CPU per package than the checks and the signature together).
    with writing(db, role=role, audit=False, bind=conn) as session:
        tx = session.connection()
        commune = _commune_for(
            tx, pkg.unit_code, lock=True
        )  # then look: after a wait, the other's is visible
        related = _related(tx, pkg, commune)
        earlier = next((p for p in related if p.package_id == pkg.package_id), None)
        if earlier is not None:
            owner = commune if commune is not None and commune.id == earlier.commune_id else None
            if owner is None:
                found = tx.execute(
                    select(*_COMMUNE_COLUMNS).where(tables.commune.c.id == earlier.commune_id)
                ).first()
                owner = _Commune(*found) if found is not None else None
            message = _("{file} was already received on {day}; nothing changed.").format(
                file=path.name, day=earlier.received_at.strftime("%d/%m/%Y")
            )
            return (
                ReceiveOutcome(path, DUPLICATE, message, pkg.unit_code, pkg.period.code, earlier.counted),
                earlier,
                owner,
            )
        if commune is None:
            raise _refusal(
                pkg,
                _(
                    "{file} comes from the commune with code {code}, which is not in this province's registry; "
                    "add it with “hoagiai province communes import”, then receive again."
                ),
                code=pkg.unit_code,
            )
        _check_key(tx, pkg, commune, accept_new_key, now)
        row = _store(tx, pkg, commune, related, now)
        tx.execute(
            _AUDIT,
            dict(
                at=now, who=db.actor, entity="received_package", entity_code=pkg.package_id,
                action=AuditAction.IMPORT, fields=f"commune={commune.code},period={pkg.period.code}",
            ),
        )  # fmt: skip
    if row.counted:
        message = _("{file}: received the report of {commune} for {period}.").format(
            file=path.name, commune=commune.name, period=pkg.period.code
        )
    else:
        message = _(
            "{file}: received, kept as history — a newer finalisation of {commune} for {period} is already here."
        ).format(file=path.name, commune=commune.name, period=pkg.period.code)
    return ReceiveOutcome(path, STORED, message, commune.code, pkg.period.code, row.counted), row, commune


def _receipt_job(
    row: _Stored, commune: _Commune, province: _Province, folder: Path, *, only_missing: bool
) -> province_receipts.ReceiptJob:
    """The receipt of a committed package, as plain values for the writer thread."""
    from hoagiai_desktop.reports import giay_bien_nhan

    rec = receipt_format.Receipt(
        number=row.receipt_number, package_id=row.package_id, package_sha256=row.sha256,
        commune_code=row.sender_code, period=row.period, received_at=row.received_at.isoformat(),
        province_name=province.name, province_code=province.code, signing_key=province.signing.public,
        sealing_key=province.sealing_public, counted=row.counted,
    )  # fmt: skip
    hgr, pdf = province_receipts.receipt_paths(folder, row.file_name)
    paper = giay_bien_nhan.paper_for(rec, row, commune)
    return province_receipts.ReceiptJob(rec, paper, hgr, pdf, only_missing)


def receive(
    db: Database, paths: Iterable[str | Path], *, receipts_dir: str | Path | None = None,
    accept_new_key: Collection[str] = (),
) -> Outcome[list[ReceiveOutcome]]:  # fmt: skip
    """Receive every package in ``paths`` (files or folders), each on its own: all of it or nothing.

    Each stored package's receipt is handed to a writer thread after its commit and written while the next
    packages are received (:mod:`province_receipts`); the outcomes are returned when every receipt is written."""
    users.require(db, users.ADMIN if accept_new_key else users.OFFICER)  # trusting a new key manages keys
    province = _province(db)
    outcomes: list[ReceiveOutcome] = []
    files = list(package_files(paths))
    if not files:
        raise UserError(_("No report package (.hgp) was found there; check the folder or the USB stick."))
    pending: list[tuple[int, Future[tuple[Path, Path]]]] = []
    with province_receipts.writer(province.signing.private) as receipts, db.connection() as conn:
        for path in files:
            try:
                outcome, row, commune = _receive_one(db, path, province, accept_new_key, conn)
            except PackageRefused as err:
                outcomes.append(ReceiveOutcome(path, REFUSED, err.message))
                continue
            except IntegrityError:  # another officer stored the same package a moment ago
                outcomes.append(ReceiveOutcome(path, DUPLICATE, _("{file} was already received; nothing changed.").format(
                    file=path.name)))  # fmt: skip
                continue
            if row is not None and commune is not None:
                folder = Path(receipts_dir) if receipts_dir else path.parent
                only_missing = outcome.status == DUPLICATE  # a second run writes what a first run could not
                job = _receipt_job(row, commune, province, folder, only_missing=only_missing)
                pending.append((len(outcomes), receipts.submit(job)))
            outcomes.append(outcome)
    for index, done in pending:
        outcome = outcomes[index]
        try:
            hgr, pdf = done.result()
        except UserError as err:
            outcomes[index] = replace(outcome, message=f"{outcome.message} {err.message}")
        else:
            outcomes[index] = replace(outcome, receipt=hgr, receipt_pdf=pdf)
    stored = any(o.status == STORED for o in outcomes)
    return Outcome(outcomes, changes=Changes(province=True) if stored else NOTHING)


@dataclass(frozen=True)
class Verdict:
    """What ``receive`` would do with a file, found without storing anything (the window's preview)."""

    path: Path
    status: str  # STORED (would be stored) / DUPLICATE / REFUSED
    message: str
    commune_code: str | None = None
    period: str | None = None


def preview(db: Database, paths: Iterable[str | Path]) -> list[Verdict]:
    """Every package's verdict before receiving: the same checks, read-only (a changed key shows as refused)."""
    users.require(db, users.VIEWER)
    definitions = _known_definitions(db)
    out: list[Verdict] = []
    for path in package_files(paths):
        try:
            pkg = check_file(path)
            definition = pkg.manifest["definition"]
            if (definition["form_id"], definition["version"]) not in definitions:
                raise _refusal(pkg, _("{file} uses the form definition {version}, which this data file does not "
                                      "know; import it with “hoagiai forms import”, then receive again."),
                               version=definition["version"])  # fmt: skip
            with db.reading() as s:
                earlier = s.scalar(
                    select(m.ReceivedPackage).where(m.ReceivedPackage.package_id == pkg.package_id)
                )
                commune = _commune_for(s.connection(), pkg.unit_code)
                pinned = s.scalar(
                    select(m.PinnedKey.signing_key).where(m.PinnedKey.sender_code == pkg.unit_code)
                )
            if earlier is not None:
                day = earlier.received_at.strftime("%d/%m/%Y")
                message = _("{file} was already received on {day}; nothing changed.").format(
                    file=path.name, day=day
                )
                out.append(Verdict(path, DUPLICATE, message, pkg.unit_code, pkg.period.code))
                continue
            if commune is None:
                raise _refusal(pkg, _("{file} comes from the commune with code {code}, which is not in this "
                                      "province's registry; add it with “hoagiai province communes import”, then "
                                      "receive again."), code=pkg.unit_code)  # fmt: skip
            if pinned is not None and pinned != pkg.signing_key:
                raise _refusal(pkg, _("{file} is signed with a different key than earlier packages of {commune}; "
                                      "call the commune to compare the fingerprint {fingerprint}, then receive it "
                                      "again with --accept-new-key {code}."), commune=commune.name,
                               fingerprint=keys.fingerprint(pkg.signing_key), code=pkg.unit_code)  # fmt: skip
            message = _("{file}: the report of {commune} for {period} can be received.").format(
                file=path.name, commune=commune.name, period=pkg.period.code
            )
            out.append(Verdict(path, STORED, message, commune.code, pkg.period.code))
        except PackageRefused as err:
            out.append(Verdict(path, REFUSED, err.message))
    return out


@dataclass(frozen=True)
class PackageRow:
    """One package received from a commune (its history), read once — no database object leaves the service."""

    period: str
    received_at: dt.datetime
    receipt_number: str
    report_number: str | None
    report_date: dt.date | None
    signer: str | None
    finalised_at: dt.datetime
    file_name: str
    fingerprint: str
    counted: bool


def history(db: Database, commune_code: str) -> list[PackageRow]:
    """Every package of a commune, newest finalisation first within each period (the commune list's history)."""
    with db.reading() as s:
        commune = s.scalar(select(m.Commune).where(m.Commune.code == commune_code))
        if commune is None:
            raise UserError(
                _("There is no commune with code {code} in the registry.").format(code=commune_code)
            )
        return [
            PackageRow(
                p.period,
                p.received_at,
                p.receipt_number,
                p.report_number,
                p.report_date,
                p.signer,
                p.finalised_at,
                p.file_name,
                p.key_fingerprint,
                bool(p.counted),
            )  # fmt: skip
            for p in s.scalars(
                select(m.ReceivedPackage)
                .where(m.ReceivedPackage.commune_id == commune.id)
                .order_by(m.ReceivedPackage.period, m.ReceivedPackage.finalised_at.desc())
            )
        ]
