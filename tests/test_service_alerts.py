"""Issue 13, alerts: `loganalyzer serve --notify-url` POSTs JSON (Slack's shape plus fields) to real HTTP receivers
on 127.0.0.1 when a run turns nan or its job ends in a crash; once per run and transition, kept in the store so a
restart resends nothing; a receiver failing twice gets it on the third try; one answering 400 is given up."""
from __future__ import annotations

import sqlite3
import time

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from _receiver import receiving  # noqa: E402
from test_service import CSV_RUN, csv_rows, make_tree, serve  # noqa: E402

from loganalyzer.service.alerts import ALERT_CAUSES, Alert, payload, transitions  # noqa: E402

PROGRESS = "".join(f"iter {i}: loss {3.0 / (1 + i / 50):.4f}, time 41.2ms\n" for i in range(0, 300, 10))
OOM = ("Traceback (most recent call last):\n  File \"train.py\", line 88, in <module>\n    loss.backward()\n"
       "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.\n")


def test_alerts_once_with_retries_kept_across_restart(tmp_path):
    root = make_tree(tmp_path / "logs")
    (root / "job").mkdir()
    (root / "job" / "slurm-77.out").write_text("Loading modules...\n" + PROGRESS)
    db = tmp_path / "store.sqlite"
    flags = ("--notify-backoff", "0.2", "--notify-attempts", "4")
    with receiving() as good, receiving(fail_first=2) as flaky, receiving(status=400) as refusing:
        hooks = [a for h in (good, flaky, refusing) for a in ("--notify-url", h.url)]
        with serve(root, db, *hooks, *flags) as (base, _):
            client = httpx.Client(base_url=base, timeout=60)
            assert client.get("/api/health").json()["alerts"]["receivers"] == 3
            time.sleep(0.3)
            assert good.requests == []  # the first scan is the baseline: 'blowup' was nan already

            with open(root / CSV_RUN, "a") as f:  # the CSV run goes NaN
                f.write(csv_rows(range(200, 260, 2), nan_from=230))
            with open(root / "job" / "slurm-77.out", "a") as f:  # the job dies of a CUDA OOM
                f.write(OOM)
            client.post("/api/scan")
            alerts = {(a["run"], a["kind"]): a for a in good.wait(2)}
            nan = alerts[(CSV_RUN, "verdict")]
            assert nan["verdict"] == "nan" and nan["previous"] != "nan" and nan["previous"]
            assert nan["text"].startswith(":rotating_light: run `csvrun/metrics.csv` turned *nan*")
            assert nan["url"] == f"{base}/#run=csvrun/metrics.csv" and nan["summary"]  # the dashboard's run page
            assert nan["api_url"] == f"{base}/api/runs/csvrun/metrics.csv"
            oom = alerts[("job/slurm-77.out", "ended")]
            assert oom["cause"] == "cuda_oom" and oom["previous"] == "unknown" and "ended: *cuda_oom*" in oom["text"]
            assert sorted(map(str, flaky.wait(2, timeout=20))) == sorted(map(str, good.delivered))
            assert len(flaky.requests) == 4  # 2 x 503, then both delivered
            deadline = time.monotonic() + 10
            while client.get("/api/health").json()["alerts"]["failed"] < 2:
                assert time.monotonic() < deadline
                time.sleep(0.1)
            assert len(refusing.requests) == 2  # a 400 is final: no retries
            metrics = client.get("/metrics").text
            assert "loganalyzer_alerts_sent_total 4" in metrics and "loganalyzer_alerts_failed_total 2" in metrics
            assert "loganalyzer_alert_retries_total 2" in metrics

            client.post("/api/scan")  # nothing new
            time.sleep(0.5)
            assert len(good.requests) == 2 and len(flaky.requests) == 4

        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT run, kind, state, url, status, attempts FROM alerts ORDER BY id").fetchall()
        assert len(rows) == 6 and len({(r[0], r[1], r[3]) for r in rows}) == 6
        by_url = {}
        for run, kind, state, url, status, attempts in rows:
            by_url.setdefault(url, set()).add((run, state, status, attempts))
        assert by_url[good.url] == {(CSV_RUN, "nan", "sent", 1), ("job/slurm-77.out", "cuda_oom", "sent", 1)}
        assert {(s, a) for _, _, s, a in by_url[flaky.url]} <= {("sent", 2), ("sent", 3)}
        assert {(s, a) for _, _, s, a in by_url[refusing.url]} == {("rejected", 1)}  # a 4xx: never retried

        with serve(root, db, *hooks, *flags) as (base, _):  # a restart: nothing resent
            time.sleep(1.0)
            client = httpx.Client(base_url=base, timeout=60)
            client.post("/api/scan")
            time.sleep(0.5)
            assert len(good.requests) == 2 and len(flaky.requests) == 4 and len(refusing.requests) == 2


def test_transitions_rules():
    run = {"run": "a", "verdict": "nan", "summary": "went NaN", "confidence": 1.0}
    assert transitions(None, [run]) == []  # baseline
    (alert,) = transitions({"a": {**run, "verdict": "healthy"}}, [run])
    assert (alert.kind, alert.state, alert.previous) == ("verdict", "nan", "healthy")
    assert transitions({"a": run}, [run]) == []
    (new,) = transitions({}, [run])
    assert new.previous is None
    for verdict in ("healthy", "overfit", "underfit", "unknown", None):
        assert transitions({}, [{**run, "verdict": verdict}]) == []
    crashed = {**run, "verdict": "healthy", "ended": {"cause": "nccl_timeout", "summary": "NCCL timeout"}}
    (ended,) = transitions({"a": {**crashed, "ended": {"cause": "unknown"}}}, [crashed])
    assert (ended.kind, ended.state, ended.previous, ended.summary) == ("ended", "nccl_timeout", "unknown",
                                                                          "NCCL timeout")
    assert transitions({}, [{**crashed, "ended": {"cause": "completed"}}]) == []
    assert "completed" not in ALERT_CAUSES and "cuda_oom" in ALERT_CAUSES
    body = payload(Alert("x/y#2", "verdict", "diverged", "healthy", "diverged", "loss rose", 0.9), "http://h:1/")
    assert body["url"] == "http://h:1/#run=x/y%232" and body["api_url"] == "http://h:1/api/runs/x/y%232" and set(body) >= {"text", "run", "verdict", "previous",
                                                                         "summary", "url"}
