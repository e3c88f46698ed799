"""The officer's own paragraphs of the narrative report (``bao-cao``), kept in the data file's ``setting`` table.

They belong to the data, not to the computer: a backup carries them, another PC opening the file sees them.
One row per period and section: key ``narrative/<period code>/<section>``, the NFC text as value (an empty text
deletes the row). Older versions kept them in the user's QSettings; the window hands those over once with
:func:`adopt` and then removes them there.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.services import common
from hoagiai_desktop.services.changes import NOTHING, Changes
from hoagiai_desktop.services.common import Outcome, writing
from hoagiai_desktop.storage.database import Database
from hoagiai_desktop.text import nfc

PREFIX = "narrative/"
_NARRATIVE = Changes(narrative=True)


def _key(period_code: str, section: str) -> str:
    return f"{PREFIX}{period_code}/{section}"


def get_narrative(db: Database, period_code: str) -> dict[str, str]:
    """The paragraphs of one period, by section (sections never written are absent)."""
    prefix = _key(period_code, "")
    with common.read(db) as s:
        rows = s.execute(
            select(m.Setting.key, m.Setting.value).where(m.Setting.key.startswith(prefix, autoescape=True))
        ).all()
    return {key[len(prefix) :]: value for key, value in rows if value}


def save_narrative(db: Database, period_code: str, texts: Mapping[str, str]) -> Outcome[None]:
    """Store the given sections of one period in one transaction (an empty text removes that section)."""
    with writing(db) as s:
        for section, text in texts.items():
            _put(s, _key(period_code, section), nfc(text).strip())
    return Outcome(None, changes=_NARRATIVE)


def adopt(db: Database, drafts: Mapping[tuple[str, str], str]) -> Outcome[int]:
    """Take over paragraphs from the old per-computer place: ``{(period code, section): text}``. A section the data
    file already has is kept (the file wins). Returns how many were taken over."""
    taken = 0
    with writing(db) as s:
        for (period_code, section), text in drafts.items():
            key = _key(period_code, section)
            value = nfc(text).strip()
            if value and s.get(m.Setting, key) is None:
                s.add(m.Setting(key=key, value=value))
                taken += 1
    return Outcome(taken, changes=_NARRATIVE if taken else NOTHING)


def _put(s: Session, key: str, value: str) -> None:
    if not value:
        s.execute(delete(m.Setting).where(m.Setting.key == key))
        return
    row = s.get(m.Setting, key) or m.Setting(key=key)
    row.value = value
    s.add(row)
