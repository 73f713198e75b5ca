"""A bare image-quality column of an epoch table: the validation loop's task metric (for ``curves_choose``).

Super-resolution and restoration scripts compute PSNR and SSIM in their validation loop only and write them into
the per-epoch table beside the training loop's running means, with no split word on any column. leftthomas/SRGAN's
``train.py`` (and its forks: public Soumyadeepj/VSRGAN 5c9526d, Clair3/SRGAN 45bd5b8) averages ``d_loss``,
``g_loss``, ``d_score``, ``g_score`` over the training batches, then runs ``netG.eval()`` over ``val_loader`` into
``valing_results['psnr']``/``['ssim']``, and writes every 10 epochs

    Epoch,Loss_D,Loss_G,Score_D,Score_G,PSNR,SSIM        (statistics/srf_<scale>_train_results.csv)

one row per epoch. The unmarked ``PSNR`` was read but took no role (an unmarked metric counts only under a
``metrics`` name), so a clear overfit -- the generator's loss still falling while the validation PSNR gave back its
gain (open vsrgan191: best 21.2 at epoch 9, 14.0 at 100) -- was judged on the training losses alone, healthy.

Rule: a column named by an image-quality word alone (``PSNR``, ``SSIM``, ``avg_psnr``; ``QUALITY``) with no split
word, in a dir whose other columns carry no split word either (no ``val``/``test``/``train`` in a column's name: a
named split would say where the bare one was computed; a ``train`` in the file's name alone, SRGAN's
``*_train_results.csv``, names the training script's table, not a split), beside a loss of that dir at the same steps, at least 3 rows whose steps
count up by one (an epoch table, not a per-iteration log that may print the training batch's PSNR), is the
validation task metric (higher is better, ``curves_names.METRIC_UP``). PSNR before SSIM (``metric_word`` rank).
"""
from __future__ import annotations

import numpy as np

from .curves_names import LOSS_WORDS, _Cand, _marker

QUALITY = frozenset({"psnr", "ssim"})
_PLAIN = frozenset({"avg", "mean", "average"})
WHY = "a bare image-quality column of an epoch table, written by the validation loop"


def bare_quality(cands: list[_Cand]) -> list[_Cand]:
    """The candidates of ``cands`` that are such a validation metric (module docstring), or []."""
    out = []
    for c in cands:
        ws = set(c.words) - _PLAIN
        if c.marker not in (None, "train") or len(ws) != 1 or not ws <= QUALITY or c.n < 3 or c.src is None:
            continue
        same_dir = [o for o in (getattr(c.src, "cands", None) or cands) if o.dir == c.dir]
        if any(o.marker not in (None, "train") or _marker(list(o.words), []) is not None for o in same_dir):
            continue  # a split named on a column (or 'train' by any but the file's name: 'srf_4_train_results.csv')
        steps = c.src.steps_of(c)
        if not np.array_equal(np.diff(steps), np.ones(len(steps) - 1)) or np.isfinite(c.values()).sum() < 3:
            continue
        if any(o.wordset & LOSS_WORDS and o.n == c.n and np.array_equal(o.src.steps_of(o), steps) for o in same_dir):
            out.append(c)
    return out
