"""Crafted packages for the province tests: real ZIPs signed with real keys, built with the package module, plus
hand-made hostile ZIPs (path tricks, links, bombs) that the builder would never write."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from hoagiai_desktop.domain.indicators import INDICATOR_KEYS
from hoagiai_desktop.province import keys, package, totals

FINALISED = dt.datetime(2026, 1, 10, 9, 0, 0)
DEFINITION = "TT03-2019-tham-khao"


def commune_figures(seed: int) -> dict[str, int | float]:
    """Plausible figures of one commune: additive keys random, ratios recomputed from them."""
    rng = random.Random(seed)
    sums = {k: float(rng.randint(0, 60)) for k in totals.ADDITIVE_KEYS}
    sums["cases.handled"] = sums["cases.successful"] + sums["cases.unsuccessful"] + rng.randint(0, 5)
    sums["mediators.total"] = max(sums["mediators.total"], sums["training.trained"])
    return totals.with_ratios(sums)


def figures_doc(
    values: dict[str, Any], period: str = "2025", estimated: tuple[str, ...] = ()
) -> dict[str, Any]:
    team = {"code": "TO-001", "name": "Tổ hòa giải thôn Một", "values": values, "estimated": list(estimated)}
    return {
        "format": package.FIGURES_FORMAT, "period": period,
        "commune": {"values": values, "estimated": list(estimated)}, "teams": [team],
    }  # fmt: skip


def manifest(
    code: str, signing_public: str, *, period: str = "2025", finalised_at: dt.datetime = FINALISED,
    finalised_id: int = 1, version: str = DEFINITION,
) -> dict[str, Any]:  # fmt: skip
    return {
        "package_id": package.package_id(code, signing_public, finalised_id, finalised_at.isoformat()),
        "unit": {"code": code, "kind": "xa", "name": f"Xã {code}", "province": "Cao Bằng"},
        "period": {"code": period, "start": "2025-01-01", "end": "2025-12-31", "kind": "year", "label": period,
                   "regime": "tt03-2019", "legal_basis": "Thông tư 03/2019/TT-BTP"},
        "definition": {"form_id": "thong-ke", "version": version},
        "report": {"finalised_id": finalised_id, "number": "12", "issued_on": "2026-01-10", "signer": "Nguyễn Văn A",
                   "finalised_at": finalised_at.isoformat()},
        "created_at": (finalised_at + dt.timedelta(hours=1)).isoformat(),
        "program_version": "test",
        "signing_key": signing_public,
        "fingerprint": keys.fingerprint(signing_public),
    }  # fmt: skip


def make_package(
    folder: Path, code: str, pair: keys.KeyPair | None = None, *, seed: int | None = None,
    values: dict[str, Any] | None = None, name: str | None = None, estimated: tuple[str, ...] = (),
    **manifest_options: Any,
) -> Path:  # fmt: skip
    """A valid package of commune ``code`` written into ``folder``."""
    pair = pair or keys.new_signing_pair()
    man = manifest(code, pair.public, **manifest_options)
    values = (
        values if values is not None else commune_figures(seed if seed is not None else hash(code) % 1000)
    )
    members = {
        package.FIGURES: json.dumps(
            figures_doc(values, man["period"]["code"], estimated), ensure_ascii=False
        ).encode(),
        "thong-ke.pdf": b"%PDF-1.4 test paper\n%%EOF\n",
    }
    data = package.build(man, members, pair.private)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or package.file_name(code, man["period"]["code"], man["package_id"]))
    path.write_bytes(data)
    return path


def rezip(
    source: Path,
    target: Path,
    change: dict[str, bytes | None],
    extra: tuple[tuple[zipfile.ZipInfo, bytes], ...] = (),
) -> Path:
    """A copy of ``source`` with members replaced (bytes) or dropped (None), plus ``extra`` members."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in change:
                if change[info.filename] is None:
                    continue
                data = change[info.filename] or b""
            zout.writestr(info.filename, data)
        for extra_info, extra_data in extra:
            zout.writestr(extra_info, extra_data)
    return target


def registry_xlsx(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Mã", "Tên", "Loại", "Tiền thân"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def zip_bytes(entries: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return buf.getvalue()


ALL_KEYS = INDICATOR_KEYS
