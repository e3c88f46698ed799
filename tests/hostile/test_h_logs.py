"""The log keeps what support needs (frames, exception classes, error codes) and never a name or case text —
also when a database error carries the values it was writing, or a traceback is passed as text."""

from __future__ import annotations

import errno
import logging
import sqlite3
import traceback
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from hoagiai_desktop.domain import models as m
from hoagiai_desktop.storage import faults
from tests.hostile.conftest import SECRETS, LogCapture

pytestmark = pytest.mark.usefixtures("english")

log = logging.getLogger("hoagiai_desktop.test")


def test_a_failing_write_logs_frames_and_codes_but_no_values(hostile_db: Any, clean_log: LogCapture) -> None:
    """A unique-key clash on a case carrying names: SQLAlchemy's message would quote every parameter."""
    try:
        with hostile_db.transaction() as s:
            s.add(m.Village(code="T01", name=SECRETS[0]))  # the code T01 exists: the insert fails
    except Exception as exc:
        assert SECRETS[0] not in str(exc)  # hide_parameters: the values are not even in the exception
        log.exception("saving failed")
        log.error("job %s failed:\n%s", "save_village", traceback.format_exc())
        log.error("import %s failed: %s", "workbook", repr(exc) + SECRETS[3])
    text = clean_log.text()
    assert "IntegrityError" in text and 'File "' in text and "save_village" in text
    assert "‹text," in text


def test_drive_faults_wrapped_by_sqlalchemy_are_recognised(tmp_path: Path) -> None:
    def wrapped(code: int) -> OperationalError:
        inner = sqlite3.OperationalError("database or disk is full")
        inner.sqlite_errorcode = code  # type: ignore[attr-defined]
        return OperationalError("INSERT …", {}, inner)

    data = tmp_path / "d.sqlite3"
    data.touch()
    full = faults.explain(wrapped(13), data)
    assert full is not None and "is full" in full.message
    ro = faults.explain(wrapped(8), data)
    assert ro is not None and "read-only drive" in ro.message
    denied = faults.explain(OSError(errno.EACCES, "denied"), data)
    assert denied is not None and "permission" in denied.message
    gone = faults.explain(OSError(errno.ENODEV, "gone"), tmp_path / "missing" / "d.sqlite3")
    assert gone is not None and "can no longer be reached" in gone.message
    assert faults.explain(ValueError("x"), data) is None
