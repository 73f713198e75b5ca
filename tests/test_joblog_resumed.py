"""A job log of a training resumed from a checkpoint (eval/public skinlesion14: epochs 21-25 printed twice, the
second time after ``[Checkpoint] Loaded ... (epoch=20, val_loss=1.0521)``).

- The resolved view (what the verdicts judge) keeps the later session's values at the steps printed twice, with a
  ``later_session_replaces`` warning, as for a resumed TensorBoard/W&B run; the raw view keeps every printed point.
- A checkpoint-load line is no progress line (it made a fake 3-point ``val_loss`` series at steps 0-2), nor is a
  best-so-far summary (``Best ValLoss: 1.0521`` made a one-point ``Best_ValLoss``).

The log is written by the real writer: a torch training loop logging through Python's ``logging`` (the project's
format, ``%(asctime)s | %(levelname)s | %(message)s``), run twice into one log file, the second run loading the
checkpoint the first one saved.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import warnings

import pytest

from loganalyzer import LogReadWarning, discover, read_scalars

TRAIN = """
import logging, sys, torch
logging.basicConfig(filename="training.log", filemode="a", level=logging.INFO,
                    format="%(asctime)s | %(levelname)s | %(message)s", datefmt="%Y-%m-%d %H:%M:%S")
log = logging.getLogger()
torch.manual_seed(0)
x = torch.randn(256, 8); y = (x.sum(1) > 0).long()
xv = torch.randn(64, 8); yv = (xv.sum(1) > 0).long()
model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.05)
loss_fn = torch.nn.CrossEntropyLoss()
epochs, stop = 10, int(sys.argv[1])
start, best = 1, float("inf")
log.info("[Training] Starting - %d epochs max", epochs)
if stop == 0:  # the resumed job: the best checkpoint of the first one
    state = torch.load("best.pth")
    model.load_state_dict(state["model"]); opt.load_state_dict(state["opt"])
    start, best = state["epoch"] + 1, state["val_loss"]
    for group in opt.param_groups:  # resumed with a lower learning rate: the epochs printed again differ
        group["lr"] = 0.02
    log.info("[Checkpoint] Loaded <- best.pth  (epoch=%d, val_loss=%.4f)", state["epoch"], best)
for epoch in range(start, (stop or epochs) + 1):
    for i in range(0, 256, 32):
        opt.zero_grad(); loss = loss_fn(model(x[i:i + 32]), y[i:i + 32]); loss.backward(); opt.step()
    with torch.no_grad():
        train_loss = loss_fn(model(x), y).item(); val_loss = loss_fn(model(xv), yv).item()
    log.info("Epoch [%03d/%d] TrainLoss=%.4f | ValLoss=%.4f | LR=%.2e", epoch, epochs, train_loss, val_loss,
             opt.param_groups[0]["lr"])
    if val_loss < best and epoch <= 4:
        best = val_loss
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "epoch": epoch, "val_loss": val_loss},
                   "best.pth")
if stop == 0:
    log.info("[Training] Complete - Total time: 0.1 min | Best ValLoss: %.4f", best)
    log.info("[Checkpoint] Loaded <- best.pth  (epoch=%d, val_loss=%.4f)", 4, best)
"""


@pytest.fixture(scope="module")
def resumed(tmp_path_factory):
    root = tmp_path_factory.mktemp("resumed_log")
    (root / "train.py").write_text(textwrap.dedent(TRAIN))
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    for stop in ("7", "0"):  # epochs 1-7 (the best checkpoint at epoch 4), then resumed from it: 5-10
        subprocess.run([sys.executable, "train.py", stop], cwd=root, env=env, check=True, capture_output=True)
    (root / "train.py").unlink()
    (root / "best.pth").unlink()
    return root


def _read(root, resolve):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(root, resolve=resolve)
    return table, [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]


def _printed(root):
    """(epoch, TrainLoss) of every epoch line, in the file's order."""
    out = []
    for line in (root / "training.log").read_text().splitlines():
        if "Epoch [" in line:
            out.append((int(line.split("[")[1].split("/")[0]), float(line.split("TrainLoss=")[1].split()[0])))
    return out


def test_writer_logged_epochs_5_to_7_twice(resumed):
    assert [e for e, _ in _printed(resumed)] == [1, 2, 3, 4, 5, 6, 7, 5, 6, 7, 8, 9, 10]
    assert [r.format for r in discover(resumed)] == ["joblog"]


def test_checkpoint_load_and_best_lines_are_no_series(resumed):
    raw, _ = _read(resumed, False)
    assert sorted(raw["tag"].unique()) == ["LR", "TrainLoss", "ValLoss"]


def test_raw_view_keeps_every_printed_point(resumed):
    raw, _ = _read(resumed, False)
    loss = raw[raw["tag"] == "TrainLoss"]
    assert list(zip(loss["step"], loss["value"])) == sorted(_printed(resumed), key=lambda p: p[0])


def test_resolved_view_later_session_wins(resumed):
    resolved, lines = _read(resumed, True)
    printed = _printed(resumed)
    loss = resolved[resolved["tag"] == "TrainLoss"]
    assert loss["step"].tolist() == list(range(1, 11))
    assert loss["value"].tolist() == [v for _, v in printed[:4]] + [v for _, v in printed[7:]]
    assert resolved.attrs["step_rules"] == ("later_session_replaces",)
    assert any("training.log: this session resumed at step 5" in line for line in lines), lines


def test_scan_judges_the_resumed_curve(resumed):
    from loganalyzer.scan import scan

    run, = scan([str(resumed)]).runs
    assert run.analysis.evidence["final"] == pytest.approx(_printed(resumed)[-1][1])
    assert run.analysis.evidence["logs"] == 10
    assert run.step_rules == ("later_session_replaces",)
    assert any("resumed at step 5" in w for w in run.warnings)
    assert run.ended.step == 10  # the last epoch, not the checkpoint-load line's epoch=4
