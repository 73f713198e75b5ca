"""Issue 13 (the service core): `loganalyzer serve` as a real process — uvicorn on 127.0.0.1, a real SQLite store —
over event files written by torch's SummaryWriter and a CSV, queried over HTTP with httpx."""
from __future__ import annotations

import math
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from test_scan import write_tensorboard  # noqa: E402

GOOD_TRAIN = [(s, 0.1 + 2.2 * 0.985 ** s) for s in range(0, 400, 4)]
GOOD_VAL = [(s, 0.15 + 2.1 * 0.985 ** s) for s in range(0, 400, 20)]
NAN_AT_30 = [(s, 2.0 - 0.05 * s if s < 30 else float("nan")) for s in range(40)]
TOKEN = "s3cret-token-for-tests"
CSV_RUN = "csvrun/metrics.csv"  # a single-file run: its id is the file
CSV_HEAD = "step,train_loss,val_loss\n"


def csv_rows(steps, nan_from: int | None = None) -> str:
    out = []
    for s in steps:
        train, val = 0.1 + 2.0 * 0.97 ** s, 0.2 + 2.0 * 0.97 ** s
        if nan_from is not None and s >= nan_from:
            train = val = math.nan
        out.append(f"{s},{train},{val}\n")
    return "".join(out)


def make_tree(root: Path) -> Path:
    write_tensorboard(root / "good", {"train/loss": GOOD_TRAIN, "val/loss": GOOD_VAL})
    write_tensorboard(root / "blowup", {"loss": NAN_AT_30})
    (root / "csvrun").mkdir(parents=True)
    (root / CSV_RUN).write_text(CSV_HEAD + csv_rows(range(0, 200, 2)))
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(root: Path | list, db, *extra: str, token: str | None = None, work: Path | None = None,
          scans: int = 1):
    """`loganalyzer serve` in a subprocess; yields (base URL, headers) once ``scans`` scans are done; stops it.
    ``db``: an SQLite file (Path) or a database URL (str); ``work``: where its log and token file go (default: the
    SQLite file's folder)."""
    port = free_port()
    work = work or Path(db).parent
    url = db if isinstance(db, str) else f"sqlite:///{db}"
    roots = [a for r in (root if isinstance(root, list) else [root]) for a in ("--root", str(r))]
    args = [sys.executable, "-m", "loganalyzer", "serve", *roots, "--db", url,
            "--port", str(port), "--poll", "3600", *extra]
    headers = {}
    if token is not None:
        token_file = work / "token"
        token_file.write_text(token + "\n")
        args += ["--token-file", str(token_file)]
        headers = {"Authorization": f"Bearer {token}"}
    log = open(work / f"server-{port}.log", "w+")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, f"server exited: {Path(log.name).read_text()}"
            try:
                health = httpx.get(f"{base}/api/health", timeout=5).json()
                if health["scans"] >= scans:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, Path(log.name).read_text()
            time.sleep(0.1)
        yield base, headers
    finally:
        proc.terminate()  # SIGTERM: uvicorn shuts down, the lifespan stops the poll thread and closes the store
        try:
            code = proc.wait(30)
        finally:
            if proc.poll() is None:
                proc.kill()
            log.close()
    text = Path(log.name).read_text()
    # uvicorn shuts down gracefully, then re-raises the SIGTERM it caught (newer versions): -15 is a clean stop
    assert code in (0, -signal.SIGTERM) and "Application shutdown complete" in text, text
    assert "Traceback" not in text, text
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{base}/api/health", timeout=2)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = make_tree(tmp_path_factory.mktemp("logs"))
    work = tmp_path_factory.mktemp("service")
    with serve(root, work / "store.sqlite", token=TOKEN) as (base, headers):
        yield httpx.Client(base_url=base, headers=headers, timeout=60)


def test_health_needs_no_token_and_names_the_scan(server):
    response = httpx.get(f"{server.base_url}/api/health")
    assert response.status_code == 200
    health = response.json()
    assert health["status"] == "ok" and health["scans"] >= 1 and len(health["roots"]) == 1
    scan = health["last_scan"]
    assert scan["runs"] == 3 and scan["errors"] == 0 and scan["counts"]["nan"] == 1 and not scan["from_store"]


def test_token_is_required_everywhere_else(server):
    base = server.base_url
    for method, path in [("GET", "/api/runs"), ("GET", "/api/runs/good"), ("POST", "/api/scan"),
                         ("GET", "/metrics")]:
        bare = httpx.request(method, f"{base}{path}")
        assert bare.status_code == 401, path
        assert bare.headers["www-authenticate"] == "Bearer"
        assert "token" in bare.json()["detail"]
        wrong = httpx.request(method, f"{base}{path}", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401, path
    assert server.get("/api/runs").status_code == 200


def test_runs_worst_first_filter_and_pages(server):
    listing = server.get("/api/runs").json()
    assert listing["total"] == 3 and listing["pages"] == 1
    ids = [r["run"] for r in listing["runs"]]
    assert ids[0] == "blowup" and listing["runs"][0]["verdict"] == "nan"
    assert set(ids) == {"blowup", "good", CSV_RUN}
    verdicts = {r["run"]: r["verdict"] for r in listing["runs"]}
    assert verdicts["good"] == "healthy"

    only_nan = server.get("/api/runs", params={"verdict": "nan"}).json()
    assert [r["run"] for r in only_nan["runs"]] == ["blowup"] and only_nan["total"] == 1
    healthy = server.get("/api/runs", params={"verdict": "healthy"}).json()
    assert "good" in [r["run"] for r in healthy["runs"]] and "blowup" not in [r["run"] for r in healthy["runs"]]
    assert [r["run"] for r in server.get("/api/runs", params={"q": "GOO"}).json()["runs"]] == ["good"]

    pages = [server.get("/api/runs", params={"per_page": 2, "page": p}).json() for p in (1, 2, 3)]
    assert [len(p["runs"]) for p in pages] == [2, 1, 0] and pages[0]["pages"] == 2
    assert [r["run"] for p in pages for r in p["runs"]] == ids

    bad = server.get("/api/runs", params={"verdict": "purple"})
    assert bad.status_code == 400 and "unknown verdict" in bad.json()["detail"]
    assert server.get("/api/runs", params={"page": 0}).status_code == 422


def test_one_run_by_id(server):
    run = server.get("/api/runs/blowup").json()
    assert run["run"] == "blowup" and run["verdict"] == "nan" and run["series"]
    assert run["summary"] and run["evidence"] and {"confidence", "findings", "advice", "roles"} <= set(run)
    missing = server.get("/api/runs/" + quote("no/such#run", safe=""))
    assert missing.status_code == 404 and "no/such#run" in missing.json()["detail"]
    assert server.get("/api/runs/../../etc/passwd").status_code == 404


def test_metrics_text(server):
    response = server.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'loganalyzer_runs{verdict="nan"} 1' in text
    assert 'loganalyzer_runs{verdict="diverged"} 0' in text
    assert "# TYPE loganalyzer_scan_duration_seconds gauge" in text
    assert "loganalyzer_scan_errors 0.0" in text
    assert "loganalyzer_scans_total " in text and "loganalyzer_scan_failures_total 0" in text


def test_openapi_docs(server):
    assert httpx.get(f"{server.base_url}/docs").status_code == 200
    schema = httpx.get(f"{server.base_url}/openapi.json").json()
    assert {"/api/runs", "/api/runs/{run_id}", "/api/scan", "/api/health", "/metrics"} <= set(schema["paths"])


def test_rescan_picks_up_grown_file_and_new_run_and_restart_serves_the_store(tmp_path):
    root = make_tree(tmp_path / "logs")
    db = tmp_path / "store.sqlite"
    # polling hourly, no file-system events: the POST below is the only rescan (with watchdog, the writes below also
    # start a debounced rescan of their own, 1 s later, and the scan count raced it)
    with serve(root, db, "--watch", "poll") as (base, _):
        client = httpx.Client(base_url=base, timeout=60)
        before = {r["run"]: r["verdict"] for r in client.get("/api/runs").json()["runs"]}
        assert before[CSV_RUN] != "nan" and len(before) == 3

        with open(root / CSV_RUN, "a") as f:  # the CSV grows: the run goes NaN
            f.write(csv_rows(range(200, 260, 2), nan_from=230))
        write_tensorboard(root / "late" / "nested#1", {"loss": NAN_AT_30})  # a new run ('#' in its id)
        counts = client.post("/api/scan").json()
        assert counts["runs"] == 4 and counts["counts"]["nan"] == 3

        after = {r["run"]: r["verdict"] for r in client.get("/api/runs").json()["runs"]}
        assert after[CSV_RUN] == "nan" and after["late/nested#1"] == "nan"
        one = client.get("/api/runs/" + quote("late/nested#1"))  # '#' as %23, '/' kept
        assert one.status_code == 200 and one.json()["run"] == "late/nested#1"
        assert client.get("/api/runs/" + quote("late/nested#1", safe="")).json()["run"] == "late/nested#1"
        assert client.get("/metrics").text.count('loganalyzer_runs{verdict="nan"} 3') == 1
        assert client.get("/api/health").json()["scans"] == 2
        from loganalyzer.scan import scan  # the API gives the library's scan JSON, unchanged

        direct = {r["run"]: r for r in scan([root]).to_dict()["runs"]}
        assert client.get("/api/runs/good").json() == direct["good"]
        assert client.get(f"/api/runs/{CSV_RUN}").json() == direct[CSV_RUN]

    import sqlite3

    with sqlite3.connect(db) as conn:  # both scans kept, as JSON
        assert conn.execute("SELECT runs FROM scans ORDER BY id").fetchall() == [(3,), (4,)]

    with serve(root, db) as (base, _):  # a restart: the same answers (the store's runs)
        client = httpx.Client(base_url=base, timeout=60)
        again = {r["run"]: r["verdict"] for r in client.get("/api/runs").json()["runs"]}
        assert again == after


def test_refuses_to_start_badly(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "loganalyzer", "serve", *args], capture_output=True,
                              text=True, timeout=60)

    missing = run("--root", str(tmp_path / "nope"), "--db", "off")
    assert missing.returncode != 0 and "no such file or directory" in missing.stderr
    open_host = run("--root", str(tmp_path), "--db", "off", "--host", "0.0.0.0")
    assert open_host.returncode != 0 and "--token-file" in open_host.stderr
    (tmp_path / "empty").write_text("\n")
    empty = run("--root", str(tmp_path), "--db", "off", "--token-file", str(tmp_path / "empty"))
    assert empty.returncode != 0 and "empty" in empty.stderr
