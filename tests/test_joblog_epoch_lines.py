"""A printed log with per-step lines (``[step    45] loss=2.2672 lr=1.00e-02``) and per-epoch summaries that name
only the epoch (``=> epoch 2/50 done: train_loss=... val_loss=... val_acc=...``), as the blind generated set's
``log_digits_killed_epoch3`` (eval/generated) prints. The summaries' epoch numbers (1, 2, 3) are no steps: read as
steps they sent the step "back" from 40 to 1, the one training became two runs and the resolved view dropped the
step lines of epoch 2 as an abandoned session. Each summary now sits at the step its epoch ended at.

The log is the real writer's: a tiny torch classifier trained for 3 epochs, printing to stdout, captured.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings

import pytest

from loganalyzer import LogReadWarning, discover, read_scalars

TRAIN = """
import torch
torch.manual_seed(0)
x = torch.randn(320, 8); y = (x[:, 0] + x[:, 1] > 0).long()
xv = torch.randn(64, 8); yv = (xv[:, 0] + xv[:, 1] > 0).long()
model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.05)
loss_fn = torch.nn.CrossEntropyLoss()
print("max_epochs=50 batch_size=32", flush=True)
step = 0
for epoch in range(1, 4):
    total = 0.0
    for i in range(0, 320, 32):
        opt.zero_grad(); loss = loss_fn(model(x[i:i + 32]), y[i:i + 32]); loss.backward(); opt.step()
        step += 1; total += loss.item()
        if step % 5 == 0:
            print(f"[step {step:5d}] loss={loss.item():.4f} lr={opt.param_groups[0]['lr']:.2e}", flush=True)
    with torch.no_grad():
        val_loss = loss_fn(model(xv), yv).item(); val_acc = (model(xv).argmax(1) == yv).float().mean().item()
    print(f"=> epoch {epoch}/50 done: train_loss={total / 10:.4f} val_loss={val_loss:.4f} val_acc={val_acc:.4f}",
          flush=True)
"""


def test_epoch_summaries_sit_at_the_step_their_epoch_ended(tmp_path):
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(TRAIN)], capture_output=True, text=True, check=True)
    (tmp_path / "train.log").write_text(out.stdout)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LogReadWarning)  # no "resumed at step" warning: nothing is dropped
        runs = discover(tmp_path)
        assert [r.id for r in runs] == ["train.log"]
        df = read_scalars(tmp_path, resolve=True)
    steps = {tag: sorted(g.step.tolist()) for tag, g in df.groupby("tag")}
    assert steps["loss"] == list(range(5, 31, 5))  # every printed step line kept
    assert steps["val_loss"] == steps["train_loss"] == [10, 20, 30]  # epoch ends, not 1, 2, 3
    val = df[df.tag == "val_acc"].sort_values("step").value.tolist()
    printed = [float(line.rsplit("val_acc=", 1)[1]) for line in out.stdout.splitlines() if "val_acc=" in line]
    assert val == printed


def test_lines_naming_epoch_and_step_keep_their_step(tmp_path):
    """A line that prints both (``epoch 2 iter 300 loss=0.3``) keeps its own step: only epoch-only lines move."""
    (tmp_path / "train.log").write_text("".join(
        f"epoch {e} iter {e * 100 + i * 50} loss={1 / (e * 100 + i * 50):.4f}\n" for e in range(1, 4) for i in (0, 1)))
    df = read_scalars(tmp_path, resolve=True)
    assert sorted(df[df.tag == "loss"].step.tolist()) == [100, 150, 200, 250, 300, 350]


def _epoch_log(tmp_path, stop: int) -> None:
    script = TRAIN.replace("for epoch in range(1, 4):", f"for epoch in range(1, {stop + 1}):").replace(
        'print(f"[step {step:5d}] loss={loss.item():.4f} lr={opt.param_groups[0][\'lr\']:.2e}", flush=True)', "pass")
    script = script.replace("{epoch}/50", "{epoch}/8")
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, check=True)
    (tmp_path / "train.log").write_text(out.stdout)


@pytest.mark.slow
def test_an_epoch_counted_as_n_of_total_says_how_far_the_job_got(tmp_path):
    """'=> epoch 3/8 done: ...' lines alone: the planned epochs are the job's total, as Keras' 'Epoch 3/8' is:
    a log that stops at 3 of 8 says so, one that reached 8 of 8 completed (public training.log files printing
    'Epoch [10/10] Train Loss ...', 'Epoch 35/35, Train Loss ...' were 'unknown')."""
    from loganalyzer.scan import scan

    for name, stop in (("cut", 3), ("done", 8)):
        (tmp_path / name).mkdir()
        _epoch_log(tmp_path / name, stop)
    runs = {r.run: r for r in scan([str(tmp_path)], siblings=False).runs}
    cut, done = runs["cut/train.log"].ended, runs["done/train.log"].ended
    assert (cut.cause, cut.step, cut.detail["total"]) == ("unknown", 3, 8)
    assert "the last progress was epoch 3 of 8 planned (38%)" in cut.summary  # a printed epoch (newcomer28, #11)
    assert done.cause == "completed"
