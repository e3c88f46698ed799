"""Which backups to keep: everything recent, then one a day, one a week, one a month, one a year.

Kept, for a backup taken at time T (``now`` is the time of thinning):

* every backup of the last 24 hours;
* the newest backup of each calendar day, for days within the last 7 days;
* the newest of each ISO week, for weeks within the last 5 weeks;
* the newest of each month, within the last 12 months;
* the newest of each year, for ever;
* the newest backup of all, whatever its age;
* every *protected* backup: a restore protects every backup that existed before it, so going back in time never
  costs the way forward. The protected names live in ``.protected.json`` in the backups folder.

Only files named like the app's backups are ever removed.

``backup_now`` (a backup, then thinning) lives here rather than in ``backup``: thinning reads the backup listing,
so the listing is the lower module and the step that uses both sits above it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path

from hoagiai_desktop.storage.backup import (
    BackupInfo,
    backup_order_key,
    backup_owner,
    list_backups,
    make_backup,
)
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.storage.safe_files import write_bytes_atomic

PROTECTED_FILE = ".protected.json"


@dataclass(frozen=True)
class Policy:
    recent: dt.timedelta = dt.timedelta(hours=24)
    daily_days: int = 7
    weekly_weeks: int = 5
    monthly_months: int = 12
    yearly: bool = True


def plan(
    backups: Iterable[BackupInfo],
    now: dt.datetime,
    *,
    protected: set[str] | frozenset[str] = frozenset(),
    policy: Policy | None = None,
) -> tuple[list[BackupInfo], list[BackupInfo]]:
    """Split ``backups`` into (keep, remove), both newest first. Pure: touches no file."""
    policy = policy or Policy()
    ordered = sorted(backups, key=backup_order_key, reverse=True)
    keep_names: set[str] = {b.path.name for b in ordered if b.path.name in protected}
    if ordered:
        keep_names.add(ordered[0].path.name)
    for b in ordered:
        if now - b.created <= policy.recent:
            keep_names.add(b.path.name)

    def newest_per(key: Callable[[BackupInfo], Hashable], within: Callable[[BackupInfo], bool]) -> None:
        seen: set[Hashable] = set()
        for b in ordered:  # newest first, so the first of each bucket is its newest
            if not within(b):
                continue
            k = key(b)
            if k not in seen:
                seen.add(k)
                keep_names.add(b.path.name)

    today = now.date()
    newest_per(lambda b: b.created.date(), lambda b: (today - b.created.date()).days < policy.daily_days)
    newest_per(
        lambda b: tuple(b.created.isocalendar())[:2],
        lambda b: (today - b.created.date()).days < policy.weekly_weeks * 7,
    )

    def months_ago(b: BackupInfo) -> int:
        return (today.year - b.created.year) * 12 + today.month - b.created.month

    newest_per(lambda b: (b.created.year, b.created.month), lambda b: months_ago(b) < policy.monthly_months)
    if policy.yearly:
        newest_per(lambda b: b.created.year, lambda b: True)
    keep = [b for b in ordered if b.path.name in keep_names]
    remove = [b for b in ordered if b.path.name not in keep_names]
    return keep, remove


def protected_names(folder: Path) -> set[str]:
    path = folder / PROTECTED_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    names = data.get("names", []) if isinstance(data, dict) else []
    return {str(n) for n in names}


def protect(folder: Path, names: Iterable[str]) -> None:
    """Never let thinning remove these backups (used by restore for every backup that existed before it)."""
    current = protected_names(folder) | set(names)
    payload = json.dumps({"names": sorted(current)}, ensure_ascii=False, indent=1).encode("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(folder / PROTECTED_FILE, payload)


def thin(folder: Path, *, now: dt.datetime | None = None, policy: Policy | None = None) -> list[Path]:
    """Remove the backups in ``folder`` that the policy does not keep; returns what was removed."""
    backups = list_backups(folder / "_", directory=folder, every_file=True)
    by_owner: dict[str | None, list[BackupInfo]] = {}
    for b in backups:  # each data file sharing the folder keeps its own daily / weekly / monthly backups
        by_owner.setdefault(backup_owner(b.path), []).append(b)
    protected = protected_names(folder)
    remove = []
    for group in by_owner.values():
        remove += plan(group, now or dt.datetime.now(), protected=protected, policy=policy)[1]
    removed = []
    for b in remove:
        try:
            b.path.unlink()
        except FileNotFoundError:
            continue
        removed.append(b.path)
    return removed


def backup_now(db: Database, *, reason: str = "manual") -> BackupInfo:
    """A verified backup in the backups folder, then thinning of the older ones (daily / weekly / monthly)."""
    info = make_backup(db, reason=reason)
    with contextlib.suppress(OSError):  # thinning is housekeeping: never let it fail a backup that was made
        thin(info.path.parent)
    return info
