"""The newcomer's findings on `loganalyzer serve`, on a real server: a catastrophic `q=` regex is a quick 400 while
health keeps answering (B1); the Host header is checked and cross-site POSTs are refused (B6); unreadable files are
listed (`GET /api/errors`); an alert whose receiver is down stays `failed`, is retried later and after a restart
(B3); a run that recovers and goes NaN again alerts twice (B4); `GET /api/alerts` lists them."""
from __future__ import annotations

import threading
import time

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")
pytest.importorskip("regex")

from _receiver import receiving  # noqa: E402
from test_service import CSV_HEAD, CSV_RUN, csv_rows, make_tree, serve  # noqa: E402


@pytest.fixture(scope="module")
def loopback(tmp_path_factory):
    base = tmp_path_factory.mktemp("fixes")
    root = make_tree(base / "logs")
    slow = root / ("a" * 30 + "!")
    slow.mkdir()
    (slow / "metrics.csv").write_text(CSV_HEAD + csv_rows(range(0, 60, 2)))
    (root / "corrupt").mkdir()
    (root / "corrupt" / "events.out.tfevents.1.host.0").write_bytes(b"\x00garbage, not a record" * 8)
    with serve(root, base / "store.sqlite", "--allowed-host", "logs.example") as (url, _):
        yield httpx.Client(base_url=url, timeout=60), root


def wait_for(check, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not (got := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
    return got


def test_catastrophic_regex_is_a_quick_400_and_health_answers(loopback):
    client, _ = loopback
    health_times = []

    def poll_health():
        for _ in range(10):
            started = time.monotonic()
            assert client.get("/api/health", timeout=5).status_code == 200
            health_times.append(time.monotonic() - started)
            time.sleep(0.05)

    thread = threading.Thread(target=poll_health)
    thread.start()
    started = time.monotonic()
    response = client.get("/api/runs", params={"q": "(a|aa)+$"})
    took = time.monotonic() - started
    thread.join()
    assert response.status_code == 400 and "took over" in response.json()["detail"], response.text
    assert took < 3.0 and max(health_times) < 1.0
    assert client.get("/api/runs", params={"q": "(a+)+$"}).status_code == 200  # linear in `regex`: fine
    bad = client.get("/api/runs", params={"q": "("})
    assert bad.status_code == 400 and bad.json()["detail"].startswith("q: invalid regex: missing )")


def test_host_header_is_checked(loopback):
    client, _ = loopback
    port = client.base_url.port
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.2"):
        response = client.get("/api/runs", headers={"Host": host})
        assert response.status_code == 400 and "not allowed" in response.json()["detail"], host
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "logs.example", "LOGS.example.:80"):
        assert client.get("/api/runs", headers={"Host": host}).status_code == 200, host
    assert client.get("/api/health", headers={"Host": "evil.example"}).status_code == 400


def test_cross_site_posts_are_refused(loopback):
    client, _ = loopback
    own = f"http://127.0.0.1:{client.base_url.port}"
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Origin": "http://127.0.0.1:1"}, {"Sec-Fetch-Site": "same-site"}):
        response = client.post("/api/scan", headers=headers)
        assert response.status_code == 403 and "cross-site" in response.json()["detail"], headers
        assert client.post("/api/analyze", headers=headers, files={"file": ("a.csv", b"x")}).status_code == 403
    assert client.post("/api/scan").status_code == 200  # curl: no Origin
    assert client.post("/api/scan", headers={"Origin": own, "Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert client.get("/api/runs", headers={"Origin": "http://evil.example"}).status_code == 200  # reads: CORS


def test_unreadable_files_are_listed(loopback):
    client, root = loopback
    doc = client.get("/api/errors").json()
    paths = [e["path"] for e in doc["errors"]]
    assert doc["scan"]["errors"] == len(paths) >= 1
    assert any("corrupt" in p for p in paths) and all(e["message"] for e in doc["errors"])


def test_failed_alerts_are_kept_retried_and_resent_after_restart(tmp_path):
    root = make_tree(tmp_path / "logs")
    (root / "later").mkdir()
    (root / "later" / "metrics.csv").write_text(CSV_HEAD + csv_rows(range(0, 100, 2)))
    db = tmp_path / "store.sqlite"
    with receiving(fail_first=10**6) as hook:
        flags = ("--notify-url", hook.url, "--notify-attempts", "2", "--notify-backoff", "0.05")
        with serve(root, db, *flags, "--notify-max-delay", "0.5") as (base, _):
            client = httpx.Client(base_url=base, timeout=60)
            with open(root / CSV_RUN, "a") as f:
                f.write(csv_rows(range(200, 260, 2), nan_from=230))
            client.post("/api/scan")
            (alert,) = wait_for(lambda: [a for a in client.get("/api/alerts").json()["alerts"]
                                         if a["status"] == "failed"])
            assert alert["run"] == CSV_RUN and alert["attempts"] >= 2 and "503" in alert["last_error"]
            assert client.get("/api/health").json()["alerts"]["failed"] == 1
            hook.fail_first = 0  # the receiver is back: the next periodic retry delivers
            (body,) = hook.wait(1, timeout=10)
            assert body["run"] == CSV_RUN
            (alert,) = client.get("/api/alerts").json()["alerts"]
            assert alert["status"] == "sent" and alert["attempts"] >= 3

        hook.fail_first = 10**6
        with serve(root, db, *flags, "--notify-max-delay", "600") as (base, _):  # no periodic retry in this one
            client = httpx.Client(base_url=base, timeout=60)
            with open(root / "later" / "metrics.csv", "a") as f:
                f.write(csv_rows(range(100, 160, 2), nan_from=120))
            client.post("/api/scan")
            wait_for(lambda: [a for a in client.get("/api/alerts").json()["alerts"]
                              if a["run"] == "later/metrics.csv" and a["status"] == "failed"])
        hook.fail_first = 0
        with serve(root, db, *flags) as (base, _):  # a restart resends what failed, not what was sent
            client = httpx.Client(base_url=base, timeout=60)
            delivered = hook.wait(2, timeout=15)
            assert [b["run"] for b in delivered] == [CSV_RUN, "later/metrics.csv"]
            wait_for(lambda: all(a["status"] == "sent" for a in client.get("/api/alerts").json()["alerts"]))
            time.sleep(0.5)
            assert len(hook.delivered) == 2
            assert client.get("/api/alerts", headers={"Host": "evil.example"}).status_code == 400


def test_a_run_that_recovers_and_goes_nan_again_alerts_twice(tmp_path):
    root = make_tree(tmp_path / "logs")
    csv = root / CSV_RUN
    with receiving() as hook:
        with serve(root, tmp_path / "store.sqlite", "--notify-url", hook.url) as (base, _):
            client = httpx.Client(base_url=base, timeout=60)
            with open(csv, "a") as f:
                f.write(csv_rows(range(200, 260, 2), nan_from=230))
            client.post("/api/scan")
            (first,) = hook.wait(1)
            assert first["verdict"] == "nan"
            csv.write_text(CSV_HEAD + csv_rows(range(0, 200, 2)))  # the job restarts and rewrites its CSV
            client.post("/api/scan")
            assert client.get(f"/api/runs/{CSV_RUN}").json()["verdict"] != "nan"
            with open(csv, "a") as f:
                f.write("200,nan,nan\n202,nan,nan\n204,nan,nan\n206,nan,nan\n")
            client.post("/api/scan")
            assert client.get(f"/api/runs/{CSV_RUN}").json()["verdict"] == "nan"
            second = hook.wait(2)[1]
            assert second["run"] == CSV_RUN and second["verdict"] == "nan" and second["previous"] != "nan"
            client.post("/api/scan")  # nothing new
            time.sleep(0.5)
            assert len(hook.requests) == 2
            assert [a["status"] for a in client.get("/api/alerts").json()["alerts"]] == ["sent", "sent"]
        with serve(root, tmp_path / "store.sqlite", "--notify-url", hook.url) as (base, _):  # restart: no resend
            httpx.post(f"{base}/api/scan", timeout=60)
            time.sleep(0.5)
            assert len(hook.requests) == 2
