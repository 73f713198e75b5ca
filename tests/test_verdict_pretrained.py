"""Stop 28 (verdict28a): a task measure already high at its first evaluation that still improved is a pretrained
start, not an underfit (``verdict_pretrained.pretrained_start``, applied last in ``verdict_refine.refine``).

The runs are really trained here: a small MLP "pretrained" on a 4-blob task whose labels are 30% noise (so the loss
cannot go far below ~0.75 and the accuracy tops out near 0.8), then fine-tuned on fresh data of the same task with
HF Trainer-style logging (``trainer_state.json``: loss every 10 steps, eval_loss and eval_accuracy every 50). The
fine-tune's loss falls only ~25% from its first log and levels off -- the shape the rules and the model read as
`underfit` -- while its eval_accuracy was 0.77 at the first evaluation and rose to 0.80.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import blobs, mlp, one_thread, pretrain, run_dir_fixture, save_trainer_state, verdict  # noqa: E402,F401

import loganalyzer.verdict_refine as refine_module  # noqa: E402
import loganalyzer.verdict_second as verdict_second  # noqa: E402
from loganalyzer.curves import find_curves  # noqa: E402
from loganalyzer.discover import discover  # noqa: E402
from loganalyzer.load import load_run  # noqa: E402
from loganalyzer.verdict_pretrained import pretrained_start  # noqa: E402

F = torch.nn.functional


def _fine_tune(path: Path, *, pre_iters: int, lr: float, steps: int = 400) -> None:
    """``pre_iters`` Adam steps of pretraining (0: from scratch), then ``steps`` AdamW steps at a constant ``lr`` on
    batches of 16, logged as HF's Trainer does."""
    torch.manual_seed(0)
    model = mlp(8, 32, 4)
    if pre_iters:
        xp, yp = blobs(2048, seed=1, noise=0.3)
        pretrain(model, xp, yp, iters=pre_iters, batch=32)
    x, y = blobs(steps * 16, seed=2, noise=0.3)
    xv, yv = blobs(512, seed=3, noise=0.3)
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    history, total, last = [], 0.0, 0
    for step in range(1, steps + 1):
        loss = F.cross_entropy(model(x[(step - 1) * 16: step * 16]), y[(step - 1) * 16: step * 16])
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += float(loss.detach())
        if step % 10 == 0:
            history.append({"epoch": round(step / steps, 4), "learning_rate": lr,
                            "loss": round(total / (step - last), 4), "step": step})
            total, last = 0.0, step
        if step % 50 == 0:
            with torch.no_grad():
                out = model(xv)
                history.append({"epoch": round(step / steps, 4), "eval_loss": float(F.cross_entropy(out, yv)),
                                "eval_accuracy": float((out.argmax(1) == yv).float().mean()), "step": step})
    save_trainer_state(path, history, steps, 10, 50)


RUNS = {
    "finetune": lambda p: _fine_tune(p, pre_iters=5, lr=1e-3),  # pretrained start: eval_accuracy 0.77 -> 0.80
    "scratch": lambda p: _fine_tune(p, pre_iters=0, lr=3e-4),  # from scratch: eval_accuracy 0.50 at the first eval
    "converged": lambda p: _fine_tune(p, pre_iters=80, lr=3e-4),  # 0.795 -> 0.803: high from the start, no gain
}
run_dir = run_dir_fixture(RUNS, "pretrained")


def _curves(path: Path):
    (run,) = discover(path)
    return find_curves(load_run(run).scalars)


def test_pretrained_finetune_is_healthy_not_underfit(run_dir, monkeypatch):
    path = run_dir("finetune")
    got = verdict(path)
    assert got.verdict == "healthy"
    assert got.confidence <= 0.5
    words = " ".join(f.message for f in got.analysis.findings)
    assert "`eval_accuracy` was already 0.7695 at its first evaluation (step 50)" in words
    assert "pretrained start" in words
    # without the rule the same logged values read as underfit (the shape: loss 1.129 -> 0.844, 25% lower) -- to
    # the rules and model: the learned second opinion (verdict_second) reads this run healthy too
    monkeypatch.setattr(refine_module, "pretrained_start", lambda curves: None)
    monkeypatch.setattr(verdict_second, "load_second_model", lambda: None)
    assert verdict(path).verdict == "underfit"


def test_from_scratch_accuracy_is_no_pretrained_start(run_dir):
    start = pretrained_start(_curves(run_dir("scratch")))
    assert start is None  # eval_accuracy 0.498 at its first evaluation: a random start of a 4-way task


def test_high_from_the_start_without_gain_is_no_pretrained_start(run_dir):
    curves = _curves(run_dir("converged"))
    assert curves.val_acc is not None and curves.val_acc.values[0] >= 0.7
    assert pretrained_start(curves) is None  # a majority-class rate, or a converged model: no evidence of a fine-tune


@pytest.mark.parametrize("name", ["finetune"])
def test_pretrained_start_quotes_logged_values(run_dir, name):
    start = pretrained_start(_curves(run_dir(name)))
    assert start is not None
    assert (start.first, start.first_step, start.evals) == (pytest.approx(0.7695, abs=1e-4), 50, 8)
    assert start.last == pytest.approx(0.8027, abs=1e-4) and start.last_step == 400
