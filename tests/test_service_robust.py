"""Issue 13, robustness, for real: `kill -9` of `loganalyzer serve` in the middle of a scan, then a restart: nothing
lost, nothing twice (store and API); the service suite's core (list, rescan of a grown file, alerts, restart from
the store) on a real PostgreSQL; and the load test's smoke run (benchmarks/bench_service.py, a few seconds)."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")

import _postgres  # noqa: E402
from _receiver import receiving  # noqa: E402
from test_service import CSV_RUN, csv_rows, free_port, make_tree, serve  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from scale_tree import generate  # noqa: E402

from loganalyzer.scan import scan  # noqa: E402


def test_kill_9_during_a_scan_then_restart(tmp_path):
    root = tmp_path / "tree"
    generate(root, 400, 100)
    db = tmp_path / "store.sqlite"
    port = free_port()
    log = open(tmp_path / "killed.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "loganalyzer", "serve", "--root", str(root), "--db",
                             f"sqlite:///{db}", "--port", str(port), "--poll", "3600", "--watch", "poll"],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        stored = 0
        while True:  # kill once discovery is kept (the sniffs) and the runs are being judged
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "killed.log").read_text()
            if db.exists():
                try:
                    with sqlite3.connect(db, timeout=1) as conn:
                        stored = conn.execute("SELECT count(*) FROM sniffs").fetchone()[0]
                except sqlite3.OperationalError:
                    stored = 0
            if stored > 0:
                break
            time.sleep(0.02)
        time.sleep(0.3)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
    with sqlite3.connect(db) as conn:
        partial = conn.execute("SELECT count(*) FROM runs").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM scans").fetchone()[0] == 0  # killed before the scan ended
    assert partial < 400

    direct = {r["run"]: r for r in scan([str(root)]).to_dict()["runs"]}
    with serve(root, db, "--watch", "poll") as (base, _):
        listing = httpx.get(f"{base}/api/runs", params={"per_page": 500}, timeout=60).json()
        served = [r["run"] for r in listing["runs"]]
        assert len(served) == len(set(served)) == listing["total"] == 400
        assert {r["run"]: r["verdict"] for r in listing["runs"]} == {k: v["verdict"] for k, v in direct.items()}
        some = sorted(direct)[::97]
        for run_id in some:
            assert httpx.get(f"{base}/api/runs/{run_id}", timeout=60).json() == direct[run_id]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT key), count(DISTINCT path) FROM runs").fetchone()[:2] \
            == (400, 400)
        assert conn.execute("SELECT runs FROM scans").fetchall() == [(400,)]


@pytest.fixture
def pg_url(postgres_server, request):
    return _postgres.fresh_database(postgres_server, f"svc_{request.node.name[:40].lower()}_{os.getpid()}")


def test_service_on_postgresql(pg_url, tmp_path):
    root = make_tree(tmp_path / "logs")
    work = tmp_path / "work"
    work.mkdir()
    with receiving() as hook:
        with serve(root, pg_url, "--notify-url", hook.url, "--watch", "poll", work=work,
                   token="pg-token") as (base, headers):
            client = httpx.Client(base_url=base, headers=headers, timeout=60)
            listing = client.get("/api/runs").json()
            assert listing["total"] == 3 and listing["runs"][0]["verdict"] == "nan"
            assert client.get("/api/runs", params={"verdict": "healthy", "q": "goo"}).json()["total"] == 1
            with open(root / CSV_RUN, "a") as f:
                f.write(csv_rows(range(200, 260, 2), nan_from=230))
            assert client.post("/api/scan").json()["counts"]["nan"] == 2
            (alert,) = hook.wait(1)
            assert alert["run"] == CSV_RUN and alert["verdict"] == "nan"
            assert client.get(f"/api/runs/{CSV_RUN}").json()["verdict"] == "nan"
        with serve(root, pg_url, "--notify-url", hook.url, "--watch", "poll", work=work) as (base, _):
            again = httpx.get(f"{base}/api/runs", timeout=60).json()
            assert {r["run"]: r["verdict"] for r in again["runs"]}[CSV_RUN] == "nan"
            httpx.post(f"{base}/api/scan", timeout=60)
            time.sleep(0.5)
            assert len(hook.requests) == 1  # kept in PostgreSQL: not resent
    from loganalyzer.store import Store

    store = Store.open(pg_url)
    try:
        assert store.info()["runs"] == 3 and [a["status"] for a in store.alerts(_roots_key(root))] == ["sent"]
    finally:
        store.close()


def _roots_key(root: Path) -> str:
    from loganalyzer.service.state import roots_key

    return roots_key([str(root)])


def test_load_test_smoke():
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_service.py"), "--runs", "40",
                             "--clients", "8", "--duration", "2"], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors: 0" in result.stdout and "p99 ms" in result.stdout
    assert json.dumps(result.stdout)  # printed text only
