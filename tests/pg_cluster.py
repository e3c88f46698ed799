"""A throw-away PostgreSQL cluster: the tests' ``pg_server`` fixture and ``benchmarks/bench_national.py`` both use
this one helper (no pytest here, so a benchmark can import it).

The cluster lives in a temp folder, listens only on 127.0.0.1 at a free port, runs with fsync off (its data dies
with it) and is stopped and deleted on exit. As root (CI containers) the server runs as the ``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class NoPostgres(RuntimeError):
    """The PostgreSQL server binaries are not installed."""


def pg_bin() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    return Path(candidates[0]) if candidates else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(cmd)]


@contextmanager
def throwaway_cluster(*, max_connections: int = 100) -> Iterator[str]:
    """Start a fresh cluster; yields the SQLAlchemy URL of its ``postgres`` database."""
    binaries = pg_bin()
    if binaries is None:
        raise NoPostgres("PostgreSQL server binaries are not installed (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="hoagiai-pg-"))
    data = root / "data"
    port = free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    subprocess.run(
        _as_postgres([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                      "--locale=C.UTF-8"]),
        check=True, capture_output=True,
    )  # fmt: skip
    options = f"'-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c max_connections={max_connections}'"
    try:
        subprocess.run(
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-o", options,
                          "-w", "start"]),
            check=True, capture_output=True,
        )  # fmt: skip
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


def _plain(server_url: str) -> str:
    return server_url.replace("postgresql+psycopg://", "postgresql://")


def create_database(server_url: str, name: str | None = None) -> str:
    """A fresh empty database on the server; returns its SQLAlchemy URL."""
    import psycopg

    name = name or f"t_{os.getpid()}_{free_port()}"
    with psycopg.connect(_plain(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(server_url: str, database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(_plain(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
