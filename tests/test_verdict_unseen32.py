"""Issue 9, stop 32: a stall called on a noisy training loss while validation, evaluated often, fell slowly but
steadily to its lowest at the end. The forty-fifth set's clear `healthy` gpt2scratch45 (GPT-2 pre-training, its log
kept from step 70,250: train_loss 3.114 -> 3.183 in batch noise, dev_loss 3.274 -> 3.142 over 331 evaluations, lower
at 66% of its moves, its lowest at the last) was `stalled` 0.98: the "validation still falling" check asked for a fall
at 90% of the moves, which many noisy evaluations never show. domain.md: stalled "barely moves"; a trend that
steady is learning."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import blobs, mlp, public_run, verdict  # noqa: E402

import loganalyzer  # noqa: E402
from loganalyzer.curves import find_curves  # noqa: E402
from loganalyzer.features import run_features  # noqa: E402
from loganalyzer.verdict_latestart import late_start  # noqa: E402
from loganalyzer.verdict_stall import _val_still_falling  # noqa: E402


def test_the_public_pretraining_log_is_healthy_by_its_validation_trend():
    run = verdict(public_run("gpt2scratch45__loss_history"))
    assert run.verdict == "healthy", run.analysis.summary
    said = " ".join(f.message for f in run.analysis.findings)
    assert "3.274 at step 70,250 to 3.142 at step 152,587" in said and "rank correlation with time" in said, said


def test_a_slow_trend_that_never_left_ln_2_stays_stalled():
    """Public dev `stalled` drowsiness-ai (binary, 77 samples): val_loss 0.6899 -> 0.6676 (ln 2 = 0.693), lower at
    33 of its 38 moves: a trend, but one that never left the guessing level."""
    run = verdict(public_run("drowsiness-ai__training_log"))
    assert run.verdict == "stalled", run.analysis.summary


def _resumed_log(tmp_path: Path, lr: float) -> Path:
    """Small-batch SGD on noisy blobs, logged as a resumed job writes it (from step 60,100): the last batch's loss
    and a 8,000-sample validation loss every 100 steps, to a pandas CSV."""
    torch.manual_seed(0)
    x, y = blobs(60000, seed=1, k=4, spread=2.5, noise=0.5)
    xv, yv = blobs(8000, seed=2, k=4, spread=2.5, noise=0.5)
    net = mlp(8, 32, 4)
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    rows = []
    for step in range(1, 4001):
        i = (step * 8) % 59990
        loss = torch.nn.functional.cross_entropy(net(x[i:i + 8]), y[i:i + 8])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 100 == 0:
            with torch.no_grad():
                val = float(torch.nn.functional.cross_entropy(net(xv), yv))
            rows.append({"step": 60000 + step, "train_loss": float(loss), "dev_loss": val})
    out = tmp_path / f"lr{lr}"
    out.mkdir()
    pd.DataFrame(rows).to_csv(out / "loss_history.csv", index=False)
    return out


def test_a_noisy_but_steady_validation_fall_is_still_falling_and_a_flat_one_is_not(tmp_path):
    """Really trained: at lr 0.002 validation falls at ~80% of its 40 evaluations (below the 90% rule) with its
    lowest at the last; the trend check names it, with the rank correlation. At lr 0 nothing moves: no trend."""
    curves = find_curves(loganalyzer.read_scalars(_resumed_log(tmp_path, 0.002)))
    still = _val_still_falling(curves)
    assert still is not None and still[1] < 0.9 * (still[0] - 1), still  # not the 90%-of-moves path
    assert "rank correlation with time -0.9" in still[6], still
    # the log begins late and the training loss did not end below its first log: validation says it still fell
    why = late_start(run_features(curves), curves)
    assert why is not None and "dev_loss` still fell)" in why, why
    flat = find_curves(loganalyzer.read_scalars(_resumed_log(tmp_path, 0.0)))
    assert _val_still_falling(flat) is None
    assert late_start(run_features(flat), flat) is None
