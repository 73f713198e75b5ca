"""Issue 13, watching: `loganalyzer serve` notices growing logs by itself. A real TensorBoard event file written by
torch's SummaryWriter grows NaN while the service watches it with watchdog (no poll, no POST /api/scan): the run's
verdict goes healthy -> nan and the alert arrives at a real HTTP receiver. Polling (network file systems, URLs) is
checked the same way, and the choice between the two on real mount tables."""
from __future__ import annotations

import math
import time

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("watchdog")
SummaryWriter = pytest.importorskip("torch.utils.tensorboard").SummaryWriter

from _receiver import receiving  # noqa: E402
from test_service import CSV_HEAD, GOOD_TRAIN, GOOD_VAL, csv_rows, serve  # noqa: E402

from loganalyzer.service.watch import WatchError, is_network_fs, mount_type, plan  # noqa: E402


def wait_for(check, timeout: float = 30.0, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, "timed out"
        time.sleep(every)


def test_event_file_goes_nan_while_watched_and_the_alert_arrives(tmp_path):
    root = tmp_path / "logs"
    writer = SummaryWriter(str(root / "exp1"))
    for step, value in GOOD_TRAIN:
        writer.add_scalar("train/loss", value, step)
    for step, value in GOOD_VAL:
        writer.add_scalar("val/loss", value, step)
    writer.flush()
    try:
        with receiving() as hook, serve(root, tmp_path / "store.sqlite", "--watch", "watchdog", "--debounce", "0.2",
                                        "--notify-url", hook.url) as (base, _):
            client = httpx.Client(base_url=base, timeout=30)
            health = client.get("/api/health").json()
            assert health["watch"] == {str(root): "watchdog"} and health["scans"] == 1
            assert client.get("/api/runs/exp1").json()["verdict"] == "healthy"

            started = time.monotonic()
            for step in range(400, 440, 4):  # the same writer, the same file: NaN from step 400 on
                writer.add_scalar("train/loss", math.nan, step)
            writer.flush()
            run = wait_for(lambda: (r := client.get("/api/runs/exp1").json())["verdict"] == "nan" and r)
            seen_after = time.monotonic() - started
            assert run["series"][0]["nonfinite"] > 0 or any(s["nonfinite"] for s in run["series"])
            (alert,) = hook.wait(1)
            assert alert["run"] == "exp1" and alert["verdict"] == "nan" and alert["previous"] == "healthy"
            assert alert["kind"] == "verdict" and "exp1" in alert["text"] and "nan" in alert["text"]
            assert alert["url"] == f"{base}/#run=exp1" and alert["summary"]
            assert hook.requests[0]["content_type"] == "application/json"
            # the hook has the alert; the server counts it sent once the hook's answer is back (a race under load)
            health = wait_for(lambda: (h := client.get("/api/health").json())["alerts"]["sent"] >= 1 and h)
            assert health["scans"] >= 2 and health["alerts"]["sent"] == 1  # scanned on the event: poll is 3600 s
            assert seen_after < 20
            metrics = client.get("/metrics").text
            assert "loganalyzer_alerts_sent_total 1" in metrics and 'loganalyzer_runs{verdict="nan"} 1' in metrics
            time.sleep(0.5)
            assert len(hook.requests) == 1  # once per run and transition
    finally:
        writer.close()


def test_polling_picks_up_a_growing_csv(tmp_path):
    root = tmp_path / "logs"
    (root / "r").mkdir(parents=True)
    log = root / "r" / "metrics.csv"
    log.write_text(CSV_HEAD + csv_rows(range(0, 200, 2)))
    with serve(root, tmp_path / "store.sqlite", "--watch", "poll", "--poll", "0.3") as (base, _):
        client = httpx.Client(base_url=base, timeout=30)
        assert client.get("/api/health").json()["watch"] == {str(root): "poll"}
        assert client.get("/api/runs/r/metrics.csv").json()["verdict"] != "nan"
        with open(log, "a") as f:
            f.write(csv_rows(range(200, 260, 2), nan_from=230))
        wait_for(lambda: client.get("/api/runs/r/metrics.csv").json()["verdict"] == "nan")


def test_watch_plan_local_network_and_urls(tmp_path):
    assert plan([str(tmp_path)], "auto") == {str(tmp_path): "watchdog"}  # this machine's tmp: ext4/tmpfs/overlay
    assert plan([str(tmp_path), "memory://bucket/logs"], "auto")["memory://bucket/logs"] == "poll"
    assert plan([str(tmp_path)], "poll") == {str(tmp_path): "poll"}
    assert plan(["s3://b/p"], "watchdog") == {"s3://b/p": "poll"}  # buckets have no events
    with pytest.raises(WatchError):
        plan([str(tmp_path)], "inotify")
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/sda1 / ext4 rw 0 0\nserver:/export /mnt/nfs nfs4 rw 0 0\n"
                      "sshfs#me@h:/ /mnt/remote\\040dir fuse.sshfs rw 0 0\n")
    assert mount_type("/mnt/nfs/team/run1", str(mounts)) == "nfs4"
    assert mount_type("/mnt/nfsother", str(mounts)) == "ext4"
    assert mount_type("/mnt/remote dir/x", str(mounts)) == "fuse.sshfs"
    assert not is_network_fs(str(tmp_path))
