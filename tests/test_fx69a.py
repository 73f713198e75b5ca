"""fx69a: newcomer ux69's findings 1, 3 and 5 (/work/s69/ux69/FINDINGS.md), with real writers and real training.

- F1: an SGD MLP at lr=3.0 (the `lr` series logged) blew up (train loss 1.13 -> ~97, validation -> ~7e7) and then sat
  at chance (ln 3, the majority class's accuracy) for the rest of the run: `stalled` ("the rules say healthy"), its
  spike "1 recovered", the LR never named, `--fail-on nan,diverged` passed. Now `diverged` (verdict_lrblowup's
  second kind), the spike's step and size, the chance level and the logged LR in its evidence; "recovered" only for a
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
