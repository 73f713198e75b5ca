"""newcomer35: faults a first-time user met on tiny real trainings and public logs.

- A validation accuracy at 0.972 at every epoch (a classifier on data with 2.8% positives giving the majority class
  throughout) was `underfit` 0.55 "`val/acc` never rose ... did not learn to classify better than it did at the
  start": a high flat accuracy is no underfit evidence; the text now says what it may mean (one answer for every
  example, or a saturated metric) and the confidence stays low.
- Grid Engine/PBS job logs (``SOAP_10.o123456``/``SOAP_10.e123456``, Torque array tasks ``job.o77-3``, SGE/PBS Pro
  ``job.o88.2``, a bare ``job.o``) were not found: "no training runs found". The "no training runs found" lines
  did not say that printed job logs are looked for at all.
- ``/api/health``'s ``last_scan.counts`` came in the order the runs were met, not the CLI summary's.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from loganalyzer.names import VERDICTS
from loganalyzer.render._text import verdict_counts
from loganalyzer.scan import scan
from loganalyzer.service.state import Snapshot

torch = pytest.importorskip("torch")

_IMBALANCED = r'''
import sys, torch
from torch.utils.tensorboard import SummaryWriter
torch.manual_seed(0)
n = 5000
y = (torch.rand(n) < 0.028).long()
x = torch.randn(n, 8) + 0.3 * y[:, None].float()
vy = torch.zeros(1000, dtype=torch.long); vy[:28] = 1  # validation: 97.2% of one class
vx = torch.randn(1000, 8) + 0.3 * vy[:, None].float()
net = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
with torch.no_grad():
    net[2].bias.copy_(torch.tensor([1.5, -1.5]))  # the majority class from the first step
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
w = SummaryWriter(sys.argv[1])
step = 0
for epoch in range(30):
    perm = torch.randperm(n)
    for b in range(0, n, 250):
        idx = perm[b:b + 250]
        loss = torch.nn.functional.cross_entropy(net(x[idx]), y[idx])
        opt.zero_grad(); loss.backward(); opt.step(); step += 1
        w.add_scalar("train/loss", loss.item(), step)
    with torch.no_grad():
        out = net(vx)
        w.add_scalar("val/loss", torch.nn.functional.cross_entropy(out, vy).item(), step)
        w.add_scalar("val/acc", (out.argmax(1) == vy).float().mean().item(), step)
w.close()
'''


@pytest.mark.slow
def test_a_high_accuracy_flat_at_the_majority_rate_is_no_underfit_evidence(tmp_path: Path):
    subprocess.run([sys.executable, "-c", _IMBALANCED, str(tmp_path / "run")], check=True, timeout=300)
    (run,) = scan([str(tmp_path / "run")]).runs
    a = run.analysis
    assert a.evidence["accuracy_never_rose"]["last"] == pytest.approx(0.972)
    assert a.evidence["accuracy_never_rose"]["one_answer"] is True
    assert "never rose" not in a.summary and "did not learn to classify" not in a.summary
    assert "0.972 at every one of its 30 logs" in a.summary
    assert "majority-class rate" in a.summary and "saturated" in a.summary
    assert a.confidence <= 0.4
    assert not any("never rose" in f.message for f in a.findings)
    assert any("largest class" in line for line in a.advice)


_PRINTED = r'''
import torch
torch.manual_seed(0)
x = torch.randn(512, 10); y = (x[:, 0] + 0.5 * x[:, 1] > 0).long()
net = torch.nn.Sequential(torch.nn.Linear(10, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
opt = torch.optim.SGD(net.parameters(), lr=0.5)
for epoch in range(1, 21):
    loss = torch.nn.functional.cross_entropy(net(x[:400]), y[:400])
    opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        vl = torch.nn.functional.cross_entropy(net(x[400:]), y[400:])
    print(f"Epoch {epoch}/20 - loss: {loss.item():.4f} - val_loss: {vl.item():.4f}")
'''


def test_grid_engine_and_pbs_job_logs_are_found_and_paired(tmp_path: Path):
    printed = subprocess.run([sys.executable, "-c", _PRINTED], check=True, capture_output=True, text=True,
                             timeout=300).stdout
    for name in ("SOAP_10.o123456", "arr.o77-3", "sge.o88.2", "bare.o", "pe.po4242"):
        (tmp_path / name).write_text(printed)
    (tmp_path / "SOAP_10.e123456").write_text("Traceback (most recent call last):\n  File \"t.py\", line 3\n"
                                              "RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB\n")
    (tmp_path / "util.o").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(200))  # an object file: no job log
    report = scan([str(tmp_path)])
    runs = {run.run: run for run in report.runs}
    assert set(runs) == {"SOAP_10.o123456", "arr.o77-3", "sge.o88.2", "bare.o", "pe.po4242"}
    assert all(len(run.series) >= 2 for run in runs.values())
    soap = runs["SOAP_10.o123456"]  # its .e123456 is the same job: the ending comes from there
    assert soap.ended is not None and soap.ended.cause == "cuda_oom"
    assert not any("util.o" in str(e) for e in report.errors)


def test_no_runs_found_names_the_job_logs_looked_for(tmp_path: Path):
    from loganalyzer.render.table import NO_RUNS

    result = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", str(tmp_path)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert "printed job logs (*.log, slurm-*.out/.err, Grid Engine/PBS job.o123/.e123)" in result.stderr
    assert "printed job logs" in NO_RUNS


def test_health_counts_in_the_summary_order(tmp_path: Path):
    root = Path(__file__).resolve().parent.parent / "sample_logs"
    report = scan([str(root)])
    document = report.to_dict()
    runs = tuple(reversed(document["runs"])) + ({"run": "nothing", "verdict": None},)
    counts = Snapshot(runs=runs).counts()
    assert len(set(counts) - {"none"}) >= 3
    assert list(counts)[:-1] == [label for label, _ in verdict_counts(report)]
    assert list(counts)[-1] == "none"
    assert [label for label in counts if label in VERDICTS] == [label for label in VERDICTS if label in counts]


def test_accuracies_alone_are_not_told_to_name_a_loss():
    """Ipiano/MNistClassifier (a93d08c6079fcc0c1254c5ada20bf5f96bb1f2da) logs/250-epochs_4294967296-data_100-
    minibatch/{train,test}.log, byte for byte: Torch7 optim.Logger files holding only '% mean class accuracy'. The
    advice was "Name the loss series with --train-series", though no series is a loss."""
    (run,) = scan([str(Path(__file__).parent / "data" / "newcomer35" / "mnist_torch7")]).runs
    assert run.verdict == "unknown"
    (advice,) = run.analysis.advice
    assert advice.startswith("Only accuracies were found (`% mean class accuracy (train set)`, `% mean class "
                             "accuracy (test set)`), no loss")


def test_serve_takes_roots_as_arguments_and_refuses_unknown_query_words(tmp_path: Path):
    """`loganalyzer serve runs/` (as `scan runs/`) said "Got unexpected extra arguments"; `/api/runs?limit=2` answered
    all 50 of a page, the word ignored. A real uvicorn on a free port."""
    import os
    import time

    import httpx
    from test_service import free_port

    root = Path(__file__).resolve().parent.parent / "sample_logs" / "csv"
    port = free_port()
    log = open(tmp_path / "server.log", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "loganalyzer", "serve", str(root), "--db", "off", "--port",
                             str(port), "--poll", "3600"], stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            try:
                health = httpx.get(f"{base}/api/health", timeout=5).json()
                if health["scans"] >= 1:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert health["roots"] == [str(root)]
        counts = health["last_scan"]["counts"]
        assert list(counts) == [v for v in VERDICTS if v in counts] and len(counts) >= 2
        wrong = httpx.get(f"{base}/api/runs?limit=2", timeout=30)
        assert wrong.status_code == 400
        assert wrong.json()["detail"].startswith("unknown query parameter 'limit'; known: cause, page, per_page")
        assert len(httpx.get(f"{base}/api/runs?per_page=2", timeout=30).json()["runs"]) == 2
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


def test_cache_info_says_what_it_counts(tmp_path: Path):
    db = tmp_path / "store.sqlite"
    root = Path(__file__).resolve().parent.parent / "sample_logs" / "csv"
    env = {"LOGANALYZER_DB": str(db)}
    import os

    run = dict(capture_output=True, text=True, timeout=300, env={**os.environ, **env})
    assert subprocess.run([sys.executable, "-m", "loganalyzer", "scan", str(root)], **run).returncode == 0
    info = subprocess.run([sys.executable, "-m", "loganalyzer", "cache", "info"], **run).stdout
    (line,) = [row for row in info.splitlines() if row.startswith("files:")]
    assert "(their scalars)" in line and "(their format)" in line
    assert " 1 files " not in line and " 1 parsed files " not in line


def test_help_names_printed_job_logs():
    out = subprocess.run([sys.executable, "-m", "loganalyzer", "--help"], capture_output=True, text=True,
                         timeout=120).stdout
    assert "SLURM/Grid Engine/PBS jobs printed" in " ".join(out.split())
