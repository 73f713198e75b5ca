"""fx69a: newcomer ux69's findings 1, 3 and 5 (/work/s69/ux69/FINDINGS.md), with real writers and real training.

- F1: an SGD MLP at lr=3.0 (the `lr` series logged) blew up (train loss 1.13 -> ~97, validation -> ~7e7) and then sat
  at chance (ln 3, the majority class's accuracy) for the rest of the run: `stalled` ("the rules say healthy"), its
  spike "1 recovered", the LR never named, the advice about the data pipeline. Its loss started at chance (1.13 ~
  ln 3) and never got below it: `stalled` still (domain.md; stop 30's rule for a blow-up in the first logs), now with
  the blow-up named -- verdict_lrblowup's second kind, `diverged` only where the loss had learned below chance first
  -- the spike's step and size, the chance level and the logged LR in its evidence; "recovered" only for a
  spike after which the loss came back near its pre-spike level.
- F3: a tqdm-printing torch script killed inside "Epoch 6/8" was `[ended: completed]` (the bars' per-epoch total
  40 against a step counter running over the epochs): now `not recorded`, the log said to stop inside epoch 6 of 8.
- F5: 2-3 logged points gave `underfit` with "grow the model" advice and "fell 20% ... flat since step 10" (its
  first step): now a thin-evidence label (verdict_thin) with only train-longer / log-more advice.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner

from loganalyzer.cli import main


def scan_json(*args) -> dict:
    result = CliRunner().invoke(main, ["scan", *map(str, args), "--format", "json", "--no-cache"],
                                env={"COLUMNS": None})
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def only_run(*args) -> dict:
    runs = scan_json(*args)["runs"]
    assert len(runs) == 1, [r["run"] for r in runs]
    return runs[0]


# ------------------------------------------------------------------------------------------------- F3

TQDM_SCRIPT = r'''
import os, sys, torch, torch.nn as nn
from tqdm import tqdm
torch.set_num_threads(1); torch.manual_seed(0)
x = torch.randn(800, 10); y = (x[:, :3].sum(1) > 0).long()
xv = torch.randn(200, 10); yv = (xv[:, :3].sum(1) > 0).long()
m = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 2)); o = torch.optim.Adam(m.parameters(), 1e-2)
kill_epoch, kill_batch = int(sys.argv[1]), int(sys.argv[2])
for ep in range(8):
    bar = tqdm(range(0, 800, 40), desc=f"Epoch {ep+1}/8")
    tot = 0
    for b, i in enumerate(bar):
        if ep + 1 == kill_epoch and b == kill_batch:
            sys.stdout.flush(); sys.stderr.flush(); os._exit(137)  # killed: the bar is never closed
        l = nn.functional.cross_entropy(m(x[i:i+40]), y[i:i+40]); o.zero_grad(); l.backward(); o.step()
        tot += l.item(); bar.set_postfix(loss=f"{l.item():.4f}")
    with torch.no_grad():
        vl = nn.functional.cross_entropy(m(xv), yv).item(); acc = (m(xv).argmax(1) == yv).float().mean().item()
    print(f"Epoch {ep+1}: train_loss={tot/20:.4f} val_loss={vl:.4f} val_acc={acc:.4f}", flush=True)
'''


def _tqdm_log(tmp_path: Path, name: str, kill_epoch: int, kill_batch: int) -> Path:
    """A real tqdm-printing torch run, its stdout and stderr in one file (``python train.py > train.log 2>&1``)."""
    script = tmp_path / "train_script.py"
    script.write_text(TQDM_SCRIPT)
    out = tmp_path / name
    out.mkdir()
    with open(out / "train.log", "w") as f:
        subprocess.run([sys.executable, str(script), str(kill_epoch), str(kill_batch)], stdout=f,
                       stderr=subprocess.STDOUT, check=False, timeout=120)
    return out


def test_f3_killed_inside_epoch_6_of_8_is_not_completed(tmp_path):
    cut = _tqdm_log(tmp_path, "killed", 6, 3)
    assert "Epoch 6/8" in (cut / "train.log").read_text(encoding="utf-8")
    run = only_run(cut)
    assert run["ended"]["cause"] == "unknown" and run["ended"]["detail"].get("scheduler") is False, run["ended"]
    said = run["ended"]["detail"]["cut_inside"]  # (tqdm redraws its count lazily: 0/20 to 3/20 as printed)
    assert said.startswith("epoch 6 of 8, its progress bar at ") and said.endswith("/20") and "20/20" not in said
    assert "stops inside the training (epoch 6 of 8" in run["ended"]["summary"]
    text = CliRunner().invoke(main, ["scan", str(cut), "--no-cache"], env={"COLUMNS": "200"}).output
    assert "[ended: not recorded]" in text and "[ended: completed]" not in text


def test_f3_killed_between_epochs_counter_below_total(tmp_path):
    """Killed before epoch 6's first batch was drawn: the last bar is closed (5/8 at 20/20), the epoch counter 6/8
    printed by the bar's first draw is below its total."""
    cut = _tqdm_log(tmp_path, "between", 6, 0)
    run = only_run(cut)
    assert run["ended"]["cause"] == "unknown", run["ended"]
    assert run["ended"]["detail"]["cut_inside"].startswith("epoch 6 of 8")


def test_f3_sibling_whole_run_stays_completed(tmp_path):
    whole = _tqdm_log(tmp_path, "whole", 99, 0)
    assert "Epoch 8/8: 100%" in (whole / "train.log").read_text(encoding="utf-8")
    run = only_run(whole)
    assert run["ended"]["cause"] == "completed", run["ended"]
    assert "cut_inside" not in run["ended"]["detail"]


# ------------------------------------------------------------------------------------------------- F1

def _sgd_run(out: Path, lr: float, steps: int, kick: tuple[int, float] | None = None) -> Path:
    """A real 3-class MLP trained with SGD + momentum, logged every 10 steps with torch's SummaryWriter (train/loss,
    lr, val/loss, val/acc), as ux69's repro/make_logs.py does; ``kick``: (step, lr) for one step at another rate."""
    import torch
    import torch.nn as nn
    from torch.utils.tensorboard import SummaryWriter

    torch.set_num_threads(1)

    def data(n, seed):
        g = torch.Generator().manual_seed(seed)
        x = torch.randn(n, 20, generator=g)
        w = torch.randn(20, 3, generator=torch.Generator().manual_seed(42))
        return x, (x @ w + 0.5 * torch.randn(n, 3, generator=g)).argmax(1)

    torch.manual_seed(0)
    xtr, ytr = data(5000, 1)
    xva, yva = data(500, 2)
    m = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
    opt = torch.optim.SGD(m.parameters(), lr=lr, momentum=0.9)
    writer, lossf = SummaryWriter(str(out)), nn.CrossEntropyLoss()
    for s in range(steps):
        for group in opt.param_groups:
            group["lr"] = kick[1] if kick is not None and s == kick[0] else lr
        idx = torch.randint(0, 5000, (32,))
        loss = lossf(m(xtr[idx]), ytr[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if s % 10 == 0:
            writer.add_scalar("train/loss", loss.item(), s)
            writer.add_scalar("lr", opt.param_groups[0]["lr"], s)
            with torch.no_grad():
                logits = m(xva)
                writer.add_scalar("val/loss", lossf(logits, yva).item(), s)
                writer.add_scalar("val/acc", (logits.argmax(1) == yva).float().mean().item(), s)
    writer.close()
    return out


def test_f1_lr_blowup_that_left_the_model_at_chance_is_said(tmp_path):
    run_dir = _sgd_run(tmp_path / "lr_too_high", 3.0, 600)
    run = only_run(run_dir)
    assert run["verdict"] == "stalled", run["summary"]  # never below chance before the blow-up (domain.md)
    ev = run["evidence"]["blown_to_chance"]
    assert ev["step"] == 10 and ev["ratio"] >= 10 and ev["lr"] == 3.0 and ev["num_classes"] == 3
    assert not ev["chance_given"] and run["evidence"]["divergence_start_step"] == 10
    assert "blew up at step 10 with the learning rate at 3" in run["summary"] and "ln 3 = 1.099" in run["summary"]
    assert "it was 3 at the blow-up" in run["advice"][0]
    spikes = [f["message"] for f in run["findings"] if f["kind"] == "spike"]
    assert spikes and all("not recovered: the loss went back to chance" in m for m in spikes), spikes
    given = only_run(run_dir, "--num-classes", "3")  # the class count makes the ln-k evidence stronger
    assert given["verdict"] == "stalled" and given["confidence"] > run["confidence"]
    assert given["evidence"]["blown_to_chance"]["chance_given"] and "presumed" not in given["summary"]
    gate = CliRunner().invoke(main, ["scan", str(run_dir), "--quiet", "--no-cache", "--fail-on", "nan,diverged,stalled"])
    assert gate.exit_code == 1, gate.output


def test_f1_siblings_a_spike_that_came_back_and_a_run_at_chance_without_blowup(tmp_path):
    """A one-step kick to lr 5.0 in an SGD run at 0.05 (train 0.08 -> 17.7 at step 300, back to 0.28 and 0.15 by
    step 390, then falling) stays healthy with its spike recovered; a run at lr 1e-5 that never left ln 3 (no
    blow-up) stays stalled."""
    kicked = only_run(_sgd_run(tmp_path / "kicked", 0.05, 800, kick=(299, 5.0)))
    assert kicked["verdict"] == "healthy", kicked["summary"]
    spikes = [f["message"] for f in kicked["findings"] if f["kind"] == "spike"]
    assert any("training loss (first at step 300), 1 recovered" in m for m in spikes), spikes
    assert "blown_to_chance" not in kicked["evidence"]
    slow = only_run(_sgd_run(tmp_path / "slow", 1e-5, 600))
    assert slow["verdict"] == "stalled" and "blown_to_chance" not in slow["evidence"], slow["summary"]


# ------------------------------------------------------------------------------------------------- F5

def _lightning_csv(out: Path, epochs: int) -> Path:
    """A real tiny torch regression trained ``epochs`` epochs, logged per epoch with Lightning's own ``CSVLogger``
    (``metrics.csv``: epoch, step, train_loss, val_loss), as ux69's noperm_run."""
    import torch
    import torch.nn as nn
    from pytorch_lightning.loggers import CSVLogger

    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = x @ torch.randn(8, 1) + 0.3 * torch.randn(256, 1)
    m = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))
    opt = torch.optim.SGD(m.parameters(), lr=0.003)
    logger = CSVLogger(str(out), name="", version="")
    for epoch in range(epochs):
        for i in range(0, 192, 32):
            loss = nn.functional.mse_loss(m(x[i:i + 32]), y[i:i + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            train = nn.functional.mse_loss(m(x[:192]), y[:192]).item()
            val = nn.functional.mse_loss(m(x[192:]), y[192:]).item()
        logger.log_metrics({"train_loss": train, "val_loss": val, "epoch": epoch}, step=(epoch + 1) * 6 - 1)
    logger.save()
    logger.finalize("success")
    return out


def test_f5_two_or_three_points_give_a_thin_first_reading_without_model_advice(tmp_path):
    for epochs in (2, 3):
        run = only_run(_lightning_csv(tmp_path / f"e{epochs}", epochs))
        assert run["verdict"] in ("healthy", "underfit", "overfit", "stalled"), run["summary"]
        assert run["evidence"]["thin_points"] == epochs and run["confidence"] <= 0.5
        assert "flat since" not in run["summary"] and "thin evidence" in run["summary"]
        thin = [f["message"] for f in run["findings"] if f["kind"] == "thin_evidence"]
        assert thin == [f"only {epochs} logs of `train_loss`: thin evidence -- the {run['verdict']} label is a first "
                        "reading of where the run stopped, not a diagnosis of the model"]
        assert run["advice"][-2].startswith("Train longer") and run["advice"][-1].startswith("Log more often")
        said = " ".join(run["advice"]).lower()
        assert not any(w in said for w in ("grow the model", "regularis", "smaller model", "higher learning rate",
                                           "data quality")), run["advice"]


def test_f5_sibling_four_points_is_no_thin_reading(tmp_path):
    run = only_run(_lightning_csv(tmp_path / "e4", 4))
    assert "thin_points" not in run["evidence"]
    assert not any(f["message"].startswith("only ") for f in run["findings"] if f["kind"] == "thin_evidence")
