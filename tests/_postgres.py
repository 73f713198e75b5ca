"""A PostgreSQL server of our own on 127.0.0.1 for the store and service tests (skipped, with the reason, where its
binaries are absent or it cannot start). ``start(base)`` starts one in ``base`` and returns (URL, stop);
``fresh_database(url, name)`` makes an empty database on it and returns its URL."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(base: Path):
    """Start PostgreSQL in ``base`` (as an unprivileged user when run as root): (URL, stop()); pytest.skip when it
    cannot."""
    pytest.importorskip("psycopg2")
    # on PATH, or where Debian's postgresql package puts them (not on PATH): /usr/lib/postgresql/N/bin
    dirs = [os.path.dirname(shutil.which("initdb") or "")] + sorted(glob.glob("/usr/lib/postgresql/*/bin"))[::-1]
    bindir = next((d for d in dirs if d and all(os.access(os.path.join(d, b), os.X_OK)
                                                for b in ("initdb", "pg_ctl", "postgres"))), None)
    if bindir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl, postgres) not installed")
    initdb, pg_ctl = os.path.join(bindir, "initdb"), os.path.join(bindir, "pg_ctl")
    data, port = base / "data", free_port()
    prefix: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root
        user = "loganalyzer_pg"
        if subprocess.run(["id", user], capture_output=True).returncode != 0:
            made = subprocess.run(["useradd", "--system", "--no-create-home", user], capture_output=True, text=True)
            if made.returncode != 0 and subprocess.run(["id", user], capture_output=True).returncode != 0:
                pytest.skip(f"cannot create a user for PostgreSQL: {made.stderr.strip()}")
        os.chmod(base, 0o777)
        for parent in base.parents:  # the user must be able to reach the data directory
            if parent == Path("/"):
                break
            os.chmod(parent, os.stat(parent).st_mode | 0o011)
        prefix = ["runuser", "-u", user, "--"]
    init = subprocess.run(prefix + [initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
                          capture_output=True, text=True)
    if init.returncode != 0:
        pytest.skip(f"initdb failed: {init.stderr.strip()[-300:]}")
    started = subprocess.run(prefix + [pg_ctl, "-D", str(data), "-l", str(base / "log"), "-w", "-t", "60", "-o",
                                       f"-h 127.0.0.1 -p {port} -k {base}", "start"], capture_output=True, text=True)
    if started.returncode != 0:
        log = (base / "log").read_text()[-300:] if (base / "log").exists() else started.stderr[-300:]
        pytest.skip(f"PostgreSQL did not start: {log}")

    def stop() -> None:
        subprocess.run(prefix + [pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True)

    return f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres", stop


def fresh_database(url: str, name: str) -> str:
    """An empty database ``name`` on the server of ``url`` (dropped first if there): its URL."""
    import psycopg2

    server = url.rsplit("/", 1)[0]
    dsn = server.replace("postgresql+psycopg2://", "postgresql://") + "/postgres"
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cur.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()
    return f"{server}/{name}"
