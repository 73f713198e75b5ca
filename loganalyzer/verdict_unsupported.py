"""Whether the learned model's label contradicts that label's definition (domain.md), for ``verdict.combine``: the
model is trusted between labels, never against a label's definition. Split out of ``verdict``; each rule's public
source is in its docstring or comment."""
from __future__ import annotations

from .curves import Curves, Series
from .features import RunFeatures
from .features_robust import end_level
from .verdict_base import _chance_name, _fmt, _pct, _rise_y
from .verdict_evidence import MIN_RISE, finite, val_rise
from .verdict_finetune import finetune_fall
from .verdict_floor import UNDERFIT_HIGH, presumed_underfit
from .verdict_latestart import late_start
from .verdict_noisy import noisy_rise, refusal_text
from .verdict_ppl import perplexity_crept
from .verdict_short import falling_at_end, short_steady_fall, stopped_early
from .verdict_trainflat import train_went_nowhere


def _model_label_unsupported(label: str, f: RunFeatures, curves: Curves | None = None) -> str | None:
    """Why the curves contradict what defines ``label`` (domain.md), or None. The learned model is trusted
    between labels, never against a label's definition: it learned from runs where that never came up.

    - underfit "flattens out high": high needs the task's floor (ln k, or a given chance loss, or -- with
      ``curves`` -- the ln k the run's own first logged loss shows, ``verdict_floor``). Without it, a loss that
      removed at least the rules' 35% of its start looks just like a healthy fine-tune, language model or
      noisy-target run (domain.md: "judging underfit is the hard part").
      With the floor known, a loss that fell >= 35% to <= 0.5x of it (the rules' "high") is not underfit either.
    - stalled "barely moves from its initial value": not a steady fall of 10% or more, 5x its noise.
    - overfit "validation loss reaches a minimum and then rises": by more than its evaluation noise (2.5x), and, with
      ``curves``, by >= 5% (the evaluations after the best, or the last ones; ``verdict_evidence.val_rise``): a
      validation loss that wobbles 1-3% above its best while training goes to ~0 is no overfitting (kind 6).
    """
    main = f.train if f.train is not None else f.val
    if main is None:
        return None
    removed = max(main.fraction_removed, main.fraction_removed_first)
    if label == "underfit" and curves is not None:  # from the first logged value, even one the features set aside
        removed = max(removed, _logged_removal(curves.train_loss if f.train is not None else curves.val_loss, main))
    if label == "underfit" and f.final_vs_chance == f.final_vs_chance and f.final_vs_chance <= UNDERFIT_HIGH \
            and removed >= 0.35:
        return (f"the loss fell {removed:.0%} to {f.final_vs_chance:.2f}x {_chance_name(f)} of guessing: not high "
                f"against the task's floor (the rules' underfit needs > {UNDERFIT_HIGH}x)")
    end = falling_at_end(curves.train_loss if f.train is not None else curves.val_loss) \
        if label == "underfit" and curves is not None else None
    if end is not None:  # no plateau at all: the run stopped while the loss fell (verdict_short.falling_at_end)
        return (f"`{end.name}` was still falling when the run stopped: the median of its last fifth of logs "
                f"({_fmt(end.last)}) lies {_pct(end.fall)} below the fifth before it ({_fmt(end.before)}), not a "
                "plateau")
    if label == "underfit" and f.final_vs_chance != f.final_vs_chance and removed >= 0.35:
        if curves is not None and presumed_underfit(f, curves) is not None:
            return None
        steady = short_steady_fall(curves, f.train is not None)
        if steady is not None:  # still falling at its last: no plateau to call high (verdict_short, kind 10)
            return (f"the loss {steady.how} ({_pct(steady.fall)} in all) and was still falling at the last: a short "
                    "run cut short")
        return (f"the loss fell {removed:.0%} and levelled off; healthy fine-tunes and language models look the "
                "same without the task's floor: --num-classes or --chance-loss (or a simpler model's loss) "
                "settles it")
    if label == "stalled" and removed >= 0.10 and main.drop >= 5 * main.noise and not perplexity_crept(main, curves, f) \
            and stopped_early(curves, f.train is not None) is None:
        return f"the loss fell a steady {removed:.0%} (more than 5x its noise), which is not barely moving"
    if label == "stalled" and (finetune_fall(f, removed) or late_start(f, curves)):
        return finetune_fall(f, removed) or late_start(f, curves)
    if label == "overfit" and f.val is not None:
        within_noise = _rise_y(f.val) <= 2.5 * f.val.noise
        if curves is None:
            return ("the validation loss rose after its best by no more than 2.5x its evaluation noise"
                    if within_noise else None)
        vr = val_rise(curves)
        # a rise the noise tests confirm is still no overfitting when training stood still after the best (no gap
        # widened: verdict_trainflat); a wobble is refused as one first (its own words, kind 6)
        nowhere = train_went_nowhere(vr, curves.val_loss.x)
        end_rise = (f.val.final - f.val.minimum) / max(abs(f.val.minimum), 1e-12)
        if vr is not None and (vr.rising or vr.steady_climb
                               or vr.significant and max(vr.rise, vr.rise_end) >= MIN_RISE
                               or noisy_rise(curves, vr) is not None):  # no wobble however noisy
            return nowhere
        if not within_noise and end_rise >= MIN_RISE:
            return nowhere
        if vr is not None:
            return refusal_text(curves, vr)
        return "the validation loss rose after its best by less than 5% or within 2.5x its evaluation noise"
    return None


def _logged_removal(series: Series | None, shape) -> float:
    """1 - end level / first logged value of a positive loss when the features set that first log aside as a
    possible spike (it lies above ``shape.start``), else 0 (also when not positive or < 3 logs). For the question
    "did it flatten out high?" that first log is where the loss was (public clear `healthy` ``aflw-landmarks``: a
    Keras regression's first epoch 0.0087, then 0.0006 -> 0.00049, 94% below its first log, was called `underfit`
    from a 26% fall)."""
    _, v = finite(series)
    if len(v) < 3 or (v <= 0).any() or v[0] <= shape.start * (1 + 1e-9):
        return 0.0
    return float(1 - end_level(v) / v[0])
