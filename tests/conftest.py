"""Shared fixtures. Qt runs offscreen; every test gets its own data folder and database file."""

from __future__ import annotations

import gc
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

from collections.abc import Iterator
from pathlib import Path

import pytest

from hoagiai_desktop import i18n


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real per-user folder: settings, logs and default databases go to a temp folder."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("HOAGIAI_DATA_DIR", str(data))
    monkeypatch.delenv("HOAGIAI_DB", raising=False)
    i18n.set_language("vi")


@pytest.fixture(autouse=True, scope="session")
def _garbage_collected_on_the_main_thread() -> Iterator[None]:
    """As the window does (ui.application.collect_garbage_on_gui_thread): Python's cycle collector runs on
    whichever thread allocates, and a Qt widget left in a cycle by one test would then be destroyed on a later
    test's database or PDF worker thread, where Qt aborts the whole run. So automatic collection is off and the
    garbage is collected between tests, on the main (GUI) thread."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_between_tests() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _no_qt_translator_left_behind() -> Iterator[None]:
    """A window test that switched Qt's own buttons to Vietnamese must not leave them so for the next test."""
    yield
    language = sys.modules.get("hoagiai_desktop.ui.language")
    if language is not None and getattr(language, "_qt_translator", None) is not None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if isinstance(app, QApplication):
            language.install_qt_translator(app, "en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[object]:
    """A fresh, migrated SQLite database."""
    from hoagiai_desktop.storage.opening import open_database

    database = open_database(db_path)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A throw-away PostgreSQL cluster for the session (tests.pg_cluster), or HOAGIAI_TEST_PG_URL's server.

    Here, not in one folder's conftest, so that the province, interchange and postgres tests share one cluster."""
    url = os.environ.get("HOAGIAI_TEST_PG_URL")
    if url:
        yield url
        return
    from tests import pg_cluster

    if pg_cluster.pg_bin() is None:
        pytest.skip(
            "PostgreSQL server binaries are not installed (apt-get install postgresql); .ci/run installs them"
        )
    with pg_cluster.throwaway_cluster() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh database on the server for one test."""
    from tests import pg_cluster

    url = pg_cluster.create_database(pg_server)
    yield url
    pg_cluster.drop_database(pg_server, url)
