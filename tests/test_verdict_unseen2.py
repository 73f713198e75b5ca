"""Issue 9 follow-up: more kinds on NEW runs made here by really training tiny torch models (one CPU thread, a few
seconds), plus the two dev runs behind the stall definition. Labels come from how each run was made:

- diverged (a collapse that had learned little): a linear model on a 17-class teacher learns part of the way
  (2.79 -> 1.86, ratio 1.5x or less), then a weight-decay bug shrinks it back to a constant prediction (ln 17) and it
  stays there -- W&B exports with train and validation on alternating ``_step``s (per epoch, and per step with the
  validation rows between), and a 12-epoch Keras log; with and without the learned model;
- underfit, not stalled (flat from its first log far below the known chance loss): a linear model on a 7-class teacher
  learns all it can in the first epoch (first log 1.51 = 0.77x ln 7) and stays there, Lightning CSV with
  ``num_classes`` in hparams.yaml;
- overfit: a pretrained MLP fine-tuned on 200 noisy digits, validation best at its first evaluations, rising
  steadily after while training goes to ~0 (HF trainer_state and Keras CSV);
- the dev runs: public ``tcc-cnn1d v0`` (healthy: dropout-inflated training loss flat, validation fell 45%) and shared
  ``forestcover v0`` (underfit: flat from its first log at 0.45x ln 7, train = val).
"""
from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import mlp, pretrain, run_dir_fixture, verdict  # noqa: E402
from test_verdict_unseen import digits, teacher, train, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ROOT / "eval" / "public"
REAL = ROOT.parent / "shared" / "real_logs"


def partial_collapse(out: Path, *, fmt: str, epochs: int = 30, at: int = 12) -> None:
    """Linear model, 17-class teacher, AdamW 3e-3; from epoch ``at`` a weight decay of 30 (a bug) collapses it."""
    torch.manual_seed(0)
    k = 17
    x, y = teacher(4000, k=k, seed=0, lin=1.0)
    xv, yv = teacher(1000, k=k, seed=1, lin=1.0)
    net = torch.nn.Linear(10, k)
    opt = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=0.0)
    per_epoch = math.ceil(len(x) / 64)
    steps, rows = train(net, opt, x, y, xv, yv, epochs=epochs,
                        wd_at=lambda s: 30.0 if s >= at * per_epoch else 0.0)
    if fmt != "wandb_steps":
        write(out, fmt, steps, rows)
        return
    out.mkdir(parents=True, exist_ok=True)  # W&B: every 10th step's train loss, the evaluation on its own _step
    ends = {s: vl for _, s, _, _, vl, _ in rows}
    with open(out / "wandb_export.csv", "w", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(["Step"] + [f"run-3 - {m}{s}" for m in ("train_loss", "val_loss") for s in ("", "__MIN", "__MAX")])
        i = 0
        for s, v in steps:
            if s % 10 == 0:
                w.writerow([i] + [v] * 3 + [""] * 3)
                i += 1
            if s + 1 in ends:
                w.writerow([i] + [""] * 3 + [ends[s + 1]] * 3)
                i += 1


def flat_learned(out: Path, *, k: int = 7) -> None:
    """A linear model on a k-class teacher (Adam 3e-2): all it can learn comes in epoch 1; Lightning per-epoch
    aggregates and ``num_classes`` in hparams.yaml."""
    torch.manual_seed(0)
    x, y = teacher(6000, k=k, seed=0, lin=1.0)
    xv, yv = teacher(1500, k=k, seed=1, lin=1.0)
    net = torch.nn.Linear(10, k)
    steps, rows = train(net, torch.optim.Adam(net.parameters(), lr=3e-2), x, y, xv, yv, epochs=12)
    write(out, "lightning", steps, rows)
    (out / "version_0" / "hparams.yaml").write_text(f"num_classes: {k}\n")


def finetune_overfit(out: Path, *, fmt: str, epochs: int = 15) -> None:
    """A 64-256-256-10 MLP pretrained on noisy digits, fine-tuned (AdamW 2e-3, batch 16) on 200 digits with 25% of
    the labels redrawn: validation is best at its first evaluations and rises after, training goes to ~0."""
    torch.manual_seed(0)
    x, y, xv, yv = digits()
    net = mlp(64, 256, 256, 10)
    pretrain(net, x[:600] + 0.5 * torch.randn(600, 64), y[:600], iters=150, batch=64)
    g = torch.Generator().manual_seed(3)
    noisy = torch.where(torch.rand(200, generator=g) < 0.25, torch.randint(0, 10, (200,), generator=g), y[600:800])
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=0.0)
    steps, rows = train(net, opt, x[600:800], noisy, xv, yv, epochs=epochs, batch=16)
    write(out, fmt, steps, rows, every=2)


RUNS = {
    "wandb_partial_collapse": ("diverged", lambda p: partial_collapse(p, fmt="wandb")),
    "wandb_steps_partial_collapse": ("diverged", lambda p: partial_collapse(p, fmt="wandb_steps")),
    "keras_partial_collapse_12ep": ("diverged", lambda p: partial_collapse(p, fmt="keras", epochs=12, at=5)),
    "lightning_flat_learned_k7": ("underfit", flat_learned),
    "hf_finetune_overfit": ("overfit", lambda p: finetune_overfit(p, fmt="hf")),
    "keras_finetune_overfit": ("overfit", lambda p: finetune_overfit(p, fmt="keras")),
}

run_dir = run_dir_fixture({name: make for name, (_, make) in RUNS.items()}, "unseen2")


@pytest.mark.parametrize("name", list(RUNS))
def test_generated_runs_get_their_label(run_dir, name):
    run = verdict(run_dir(name))
    assert run.verdict == RUNS[name][0], run.analysis.summary


@pytest.mark.parametrize("name", [n for n, (label, _) in RUNS.items() if label == "diverged"])
def test_a_collapse_that_learned_little_is_diverged_by_the_rules_alone(run_dir, name):
    run = verdict(run_dir(name), use_model=False)
    assert run.verdict == "diverged", run.analysis.summary


def test_flat_far_below_chance_from_the_first_log_is_no_stall(run_dir):
    run = verdict(run_dir("lightning_flat_learned_k7"))
    assert run.analysis.confidence <= 0.6
    assert any(f.kind == "possible_stalled" and "before the first log" in f.message for f in run.analysis.findings)


@pytest.mark.skipif(not (PUBLIC / "tcc-cnn1d__version_0").is_dir(), reason="eval/public absent")
def test_flat_training_loss_while_validation_fell_is_no_stall():
    run = verdict(PUBLIC / "tcc-cnn1d__version_0")
    assert run.verdict == "healthy", run.analysis.summary
    assert any(f.kind == "possible_stalled" and "fell 45%" in f.message for f in run.analysis.findings)


@pytest.mark.skipif(not (REAL / "forestcover__version_0").is_dir(), reason="../shared/real_logs absent")
def test_plateau_from_the_first_log_far_below_chance_is_underfit():
    run = verdict(REAL / "forestcover__version_0")
    assert run.verdict == "underfit", run.analysis.summary
    assert run.analysis.confidence <= 0.6
