"""The rule scores (transparent, and the fallback) and what the learned model sees: ``rule_scores`` gives each
shape label a score in 0..1 from explicit thresholds (documented inline; ``verdict`` re-exports it),
``model_vector`` the curve features plus those scores (``MODEL_FEATURE_NAMES``).
"""
from __future__ import annotations

import numpy as np

from .features import FEATURE_NAMES, RunFeatures
from .verdict_base import SHAPE_LABELS, _rise_y


def rule_scores(f: RunFeatures) -> dict[str, float]:
    """A score in 0..1 per shape label from explicit thresholds (documented inline)."""
    t, v = f.train, f.val
    main = t if t is not None and t.initial == t.initial else v
    scores = {label: 0.0 for label in SHAPE_LABELS}
    if main is None:
        return scores
    decade = 1.0 if main.log_scale else max(abs(main.initial), 1e-12)  # what counts as "a lot" in y units
    # diverged: ends clearly above its start (>= 1.5x) after giving back all its improvement, and stays there
    rise = main.rise_above_start / (0.176 * decade)  # 0.176 decades = 1.5x
    if main.giveback > 1.0 and rise > 1.0 and main.end_slope_snr > -5:
        scores["diverged"] = min(1.0, 0.5 + 0.25 * rise)
    elif main.peak_above_start > 1.0 * decade and main.giveback > 1.0:
        scores["diverged"] = 0.6
    # stalled: less than 5% below where it started (robust start, and the first logged value) at the end
    moved = max(main.fraction_removed, main.fraction_removed_first)
    if moved < 0.05 and scores["diverged"] == 0:
        scores["stalled"] = min(1.0, 0.6 + 8 * (0.05 - max(moved, 0)))
    # overfit: validation bottomed out, then rose by >= 25% of its improvement (and >= 5% in value),
    # while training loss kept falling
    if (
        f.val_rise_after_min == f.val_rise_after_min
        and v is not None
        and f.val_rise_after_min > 0.25
        and v.min_position < 0.9
        and (v.final - v.minimum) / max(abs(v.minimum), 1e-12) > 0.05
        and _rise_y(v) > 2.5 * v.noise  # more than the evaluation noise
        and f.train_drop_after_val_min > 0.02
        and not _train_noise_only(f)
    ):
        scores["overfit"] = min(1.0, 0.5 + 0.5 * min(f.val_rise_after_min, 1.0))
    # underfit: improved somewhat but less than 35% (language models and fine-tunes that end high still remove
    # 40%+ of their starting loss), then flattened early, train close to validation
    if scores["stalled"] == 0 and scores["diverged"] == 0 and t is not None:
        # flat: the last 30% of the run gave < ~9% of the improvement (or moves within the noise)
        flat_early = t.plateau_start_position < 0.75 and (t.end_slope_rel > -0.3 or abs(t.end_slope_snr) < 2.0)
        close = f.gap_final != f.gap_final or abs(f.gap_final) < (0.1 if t.log_scale else 0.1 * decade)
        removed = max(t.fraction_removed, t.fraction_removed_first)
        high = removed < 0.35
        if f.final_vs_chance == f.final_vs_chance:
            high = high or f.final_vs_chance > 0.5
        if flat_early and close and high:
            scores["underfit"] = 0.55 + 0.4 * (0.35 - min(removed, 0.35))
    scores["healthy"] = max(0.0, 1.0 - max(scores[k] for k in ("diverged", "stalled", "underfit", "overfit")))
    return scores


def _train_noise_only(f: RunFeatures) -> bool:
    """Training's fall after validation's best no larger than its own noise (``LossShape.noise``): one noisy point at
    the best, not training going on. ``train_drop_after_val_min`` is that fall over ``max(|span|, noise)`` (features)
    from the training value logged at validation's best step, one point on a short log: public dogbreedsilve223's
    InceptionV3 head (labelled `healthy`: training alternating 0.56-0.76 after epoch 1, 0.7606 at validation's best
    epoch 5 and 0.6415 at the last; validation 0.377 -> 0.404) "fell" 0.12, one noise unit, and the rule said overfit
    1.0 where training "did not fall further" (its own summary). Domain.md's overfit: training keeps falling."""
    t = f.train
    if t is None or not t.noise == t.noise or t.noise <= 0:
        return False
    return f.train_drop_after_val_min * max(abs(t.span), t.noise) <= t.noise


MODEL_FEATURE_NAMES = FEATURE_NAMES + tuple(f"rule.{label}" for label in SHAPE_LABELS)


def model_vector(f: RunFeatures, scores: dict[str, float] | None = None) -> np.ndarray:
    """What the learned model sees: the curve features plus the rule scores (it learns where rules err)."""
    scores = rule_scores(f) if scores is None else scores
    return np.concatenate([f.vector(), [scores[label] for label in SHAPE_LABELS]])
