"""Issue 9, kind 2 (learned, then collapsed back to the chance level) when the run learned little before it collapsed:

- a linear 17-class model (zero-initialised: its first loss is ln 17) on blobs with 60% of the labels redrawn learns
  what it can (2.83 -> 2.28 per step, 20%), then a weight-decay bug (200 from epoch 5) shrinks it back to a
  constant prediction at ln 17 and it stays there, flat: TensorBoard (per-step training loss, per-epoch validation)
  and a Keras CSV (8 epochs). `diverged`, and the words say it came back to where it started;
- the public W&B run ``upstage-cv7 2owu8boc`` (17 classes): training 2.553 -> 2.333 -> 2.836 (9% learned), its
  validation accuracy 0.086 -> 0.212 -> 0.064: the accuracy shows the collapse that the loss alone barely does.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import blobs, run_dir_fixture, verdict  # noqa: E402
from test_verdict_unseen import train, write  # noqa: E402

PUBLIC = Path(__file__).resolve().parents[1] / "eval" / "public"


def weak_collapse(out: Path, *, fmt: str, epochs: int = 8, at: int = 5) -> None:
    torch.manual_seed(0)
    k = 17
    x, y = blobs(3000, seed=0, k=k, d=10, spread=1.5, noise=0.6)
    xv, yv = blobs(800, seed=1, k=k, d=10, spread=1.5, noise=0.6)
    net = torch.nn.Linear(10, k)
    torch.nn.init.zeros_(net.weight)
    torch.nn.init.zeros_(net.bias)
    opt = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=0.0)
    per_epoch = math.ceil(len(x) / 64)
    steps, rows = train(net, opt, x, y, xv, yv, epochs=epochs,
                        wd_at=lambda s: 200.0 if s >= at * per_epoch else 0.0)
    write(out, fmt, steps, rows)


RUNS = {"tb_weak_collapse": lambda p: weak_collapse(p, fmt="tb"),
        "keras_weak_collapse": lambda p: weak_collapse(p, fmt="keras")}
run_dir = run_dir_fixture(RUNS, "unseen3")


@pytest.mark.parametrize("name", list(RUNS))
def test_a_collapse_after_learning_little_is_diverged(run_dir, name):
    run = verdict(run_dir(name))
    assert run.verdict == "diverged", run.analysis.summary


def test_the_rules_alone_see_the_collapse_in_a_per_step_log_and_say_so(run_dir):
    run = verdict(run_dir("tb_weak_collapse"), use_model=False)
    assert run.verdict == "diverged", run.analysis.summary
    assert run.analysis.evidence["climb"] == "collapse"
    assert "where it started" in run.analysis.summary and "ln 17" in run.analysis.summary


@pytest.mark.skipif(not (PUBLIC / "upstage-cv7__2owu8boc").is_dir(), reason="eval/public absent")
@pytest.mark.parametrize("use_model", [True, False])
def test_an_accuracy_back_at_its_start_confirms_the_collapse(use_model):
    run = verdict(PUBLIC / "upstage-cv7__2owu8boc", use_model=use_model)
    assert run.verdict == "diverged", run.analysis.summary
    acc = run.analysis.evidence["accuracy_collapse"]
    assert acc["series"] == "val/acc" and acc["peak"] == pytest.approx(0.2118, abs=1e-4)
    assert "fell back to 0.06369" in run.analysis.summary
    assert run.analysis.confidence <= 0.5  # 7 logs: thin evidence


@pytest.mark.skipif(not (PUBLIC / "upstage-cv7__659vx7by").is_dir(), reason="eval/public absent")
def test_a_run_whose_accuracy_kept_rising_is_no_collapse():
    run = verdict(PUBLIC / "upstage-cv7__659vx7by")
    assert run.verdict != "diverged", run.analysis.summary
    assert "accuracy_collapse" not in run.analysis.evidence
