"""Stop 57 mends (branch mend57) of brk57's regressions, each guarded on the breaker's case written here:
fp16-skip excuse only for a loss clearly falling (R4), a held accuracy evaluated inside the climb and not falling
through it (R2, R3), a cut tqdm frame keeping its complete pairs (R1), the model column only where the counter goes
back (R5), no statistical/RL error as the loss (R6)."""
from __future__ import annotations

import csv
import math
import random
import warnings

import loganalyzer


def scan(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return loganalyzer.analyze(path, config=False)


def _csv(path, cols, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        w.writerows(rows)


def _verdicts(path):
    return [(r.analysis.label, r.analysis.summary) for r in scan(path).runs]


# ---------------------------------------------------------------- 1. fp16 skip: the loss must clearly keep falling

def test_inf_grad_norm_beside_a_flat_loss_is_nan(tmp_path):
    """brk57 R4 ampskip_frozen: grad_norm inf from step 300 to the end, the loss flat within batch noise (every step
    skipped: the model is frozen) -- not "went on learning"."""
    r = random.Random(1)
    rows = []
    for s in range(0, 1000, 10):
        loss = 2.3 * math.exp(-s / 150) + 1.2 if s < 300 else 2.3 * math.exp(-2) + 1.2 + r.gauss(0, 0.01)
        rows.append([s, f"{loss:.4f}", f"{3 + r.gauss(0, .3):.3f}" if s < 300 else "inf"])
    _csv(tmp_path / "train.csv", ["step", "loss", "grad_norm"], rows)
    [(label, summary)] = _verdicts(tmp_path)
    assert label == "nan", summary


def test_nan_grad_norm_beside_a_rising_loss_is_nan(tmp_path):
    """brk57 R4 ampskip_nanclimb: grad_norm NaN from step 400, the loss rising a little at every log to the end."""
    rows = []
    for s in range(0, 1000, 10):
        loss = 2.3 * math.exp(-s / 150) + 0.5 if s < 400 else 0.5 + 2.3 * math.exp(-400 / 150) + 0.0002 * (s - 400) / 10
        rows.append([s, f"{loss:.4f}", f"{3 + 0.01 * (s % 7):.3f}" if s < 400 else "nan"])
    _csv(tmp_path / "train.csv", ["step", "loss", "grad_norm"], rows)
    [(label, summary)] = _verdicts(tmp_path)
    assert label == "nan", summary


def test_inf_grad_norm_beside_a_falling_loss_stays_excused(tmp_path):
    """The kind verdict_ampskip excuses (MAE's per-epoch mean norm inf from the first skip, loss falling): healthy."""
    rows = [[e, f"{0.48 - 0.0006 * e:.5f}", f"{1.0 + 0.01 * e:.3f}" if e < 24 else "inf"] for e in range(30)]
    _csv(tmp_path / "log.csv", ["epoch", "train_loss", "train_grad_norm"], rows)
    [(label, summary)] = _verdicts(tmp_path)
    assert label != "nan", summary
