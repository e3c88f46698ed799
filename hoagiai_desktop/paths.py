"""Where the app keeps its files: a per-user data folder, overridable by ``--db`` or ``HOAGIAI_DB``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "HoaGiai"
APP_AUTHOR = "HoaGiai"
DB_FILENAME = "hoagiai.sqlite3"


def data_dir() -> Path:
    override = os.environ.get("HOAGIAI_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    if not path.is_dir():
        # it will hold the data, its backups and the log: for the user's eyes only (storage.private's rule,
        # written out here because the layers below paths import nothing)
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name != "nt":
            os.chmod(path, 0o700)
    return path


def default_db_path() -> Path:
    env = os.environ.get("HOAGIAI_DB")
    if env:
        return Path(env)
    return data_dir() / DB_FILENAME


def backup_dir_for(db_path: Path) -> Path:
    """Backups live beside the database in a ``backups`` folder, so a copied data folder keeps them."""
    return db_path.parent / "backups"


def package_root() -> Path:
    """The installed package folder (inside a PyInstaller bundle too)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "hoagiai_desktop"
    return Path(__file__).resolve().parent


def resource(*parts: str) -> Path:
    return package_root().joinpath("resources", *parts)
