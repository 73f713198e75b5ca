"""The secondary findings of a verdict (``verdict_text`` holds its summary and advice): spikes, oscillation and a
zigzagging validation loss, the learning-rate schedule, a train/validation mismatch, the initial loss against
chance, the gradient norm, a broken accuracy, a GAN's two objectives, loss components (``_findings``); the presumed
class count (``presumed_finding``) and the validation metric's course (``metric_finding``).
"""
from __future__ import annotations

from .curves import Curves
from .features import RunFeatures
from .verdict_base import times_log10, Finding, _chance_name, _fmt, _pct, _step
from .verdict_evidence import Erratic, broken_accuracy, finite, logged
from .verdict_metric import MetricCourse
from .verdict_floor import Floor
from .verdict_text import _at
from .verdict_zeroacc import zero_accuracy
from .verdict_lrtext import decay_text, lr_raise, raise_text

def _findings(curves: Curves, f: RunFeatures, erratic_val: Erratic | None = None) -> list[Finding]:
    out: list[Finding] = []
    for role, shape, series in (("training", f.train, curves.train_loss), ("validation", f.val, curves.val_loss)):
        if shape is None:
            continue
        if shape.spike_steps:
            x = "epoch" if series is not None and series.x == "epoch" else "step"
            out.append(Finding("spike", f"{len(shape.spike_steps)} spike(s) in the {role} loss (first at {x} "
                                        f"{_step(shape.spike_steps[0])}), {shape.spike_steps_recovered} recovered",
                               shape.spike_steps[0]))
        if shape.oscillation > 0.6 and shape.points > 20:
            out.append(Finding("oscillation", f"the {role} loss oscillates ({_pct(shape.oscillation)} of smoothed "
                                              "moves change direction)"))
    if erratic_val is not None and not any(x.kind == "oscillation" and "validation" in x.message for x in out):
        e = erratic_val
        last = logged(curves.val_loss)
        out.append(Finding("oscillation", f"validation `{e.name}` zigzags: {e.changes} of its {e.moves} moves "
                                          f"reverse the one before (last logged {_at(last, 'last')}); any verdict "
                                          "resting on it is a guess"))
    raised = lr_raise(curves.lr, f.lr_cycles)  # a sudden raise after the start is no warm-up (verdict_lrtext)
    if raised is not None:
        out.append(Finding("lr_schedule", raise_text(raised), raised.step))
    elif f.lr_warmup:
        out.append(Finding("lr_schedule", "learning-rate warm-up at the start"))
    if f.lr_cycles >= 2:
        out.append(Finding("lr_schedule", f"cyclical learning rate ({f.lr_cycles} cycles)"))
    elif f.lr_decay == f.lr_decay and f.lr_decay > 0.5:
        out.append(Finding("lr_schedule", decay_text(curves.lr, f.lr_warmup or raised is not None, f.lr_decay)))
    if f.mismatch_first_eval == f.mismatch_first_eval and f.train is not None and f.train.log_scale \
            and f.mismatch_first_eval > 0.5:
        once = logged(curves.val_loss)
        if once is not None and once.points == 1:  # one evaluation, after training: no "from the start" to tell
            out.append(Finding("mismatch", f"validation `{once.name}`, logged once ({_at(once, 'last')}), was "
                                           f"{_times(f.mismatch_first_eval, 1)} the training loss: the model fits its "
                                           "training data far better than held-out data -- overfitting or a "
                                           "train/validation mismatch, which one evaluation cannot tell apart",
                               once.last_step))
        else:
            out.append(Finding("mismatch", f"validation loss was {_times(f.mismatch_first_eval, 1)} the training "
                                           "loss from the first evaluation on: suspect a train/validation "
                                           "distribution mismatch"))
    if f.initial_vs_chance == f.initial_vs_chance:
        if f.initial_vs_chance > 3:
            out.append(Finding("initial_loss", f"initial loss {f.initial_vs_chance:.1f}x {_chance_name(f)}: "
                                               "bad initialisation or a scale bug"))
        elif f.initial_vs_chance < 0.3:
            out.append(Finding("initial_loss", f"initial loss only {f.initial_vs_chance:.2f}x {_chance_name(f)}: "
                                               "a label leak, a pretrained start, or a different loss"))
    if f.grad_norm_collapse:
        out.append(Finding("grad_norm", "gradient norm collapsed towards 0"))
    elif f.grad_norm_growth == f.grad_norm_growth and f.grad_norm_growth > 2:
        out.append(Finding("grad_norm", f"gradient norm grew {_times(f.grad_norm_growth, 0)}"))
    zero = zero_accuracy(curves)  # a zero accuracy a second measure confirms is the model's, not set aside
    for acc in (curves.val_acc, curves.train_acc):
        v = finite(acc)[1]
        if len(v) and v.min() >= 0 and broken_accuracy(v) and zero is None:
            out.append(Finding("broken_metric", f"`{acc.name}` never rose above {_fmt(float(v.max()))} in its "
                                                f"{len(v)} logs: below the chance rate of any task, so not the task's "
                                                "accuracy (a placeholder or a misconfigured metric); set aside"))
    if curves.adversary is not None and curves.train_loss is not None:
        out.append(Finding("gan", f"GAN: `{curves.train_loss.name}` (generator) and `{curves.adversary.name}` "
                                  "(discriminator) are two adversarial objectives, neither the other's total nor "
                                  "component; judged on the generator's, which adversarial training need not drive "
                                  "down: low confidence"))
    if curves.components:
        names = ", ".join(c.name for c in curves.components[:4])
        out.append(Finding("components", f"loss components logged ({names}); judged on the total"))
    return out


def presumed_finding(floor: Floor) -> Finding:
    return Finding("presumed_classes", f"no class count given: the first logged loss {_fmt(floor.first)} (step "
                                       f"{_step(floor.first_step)}) is ln {floor.k} = {floor.chance:.3f}, so {floor.k} "
                                       f"classes starting at chance are presumed; --num-classes {floor.k} (or "
                                       "--chance-loss) confirms it, another value corrects it", floor.first_step)


METRIC_AGREES = 0.1  # the metric gave back >= 10% of its improvement after its best: it agrees with a rising loss


def metric_finding(m: MetricCourse, label: str, curves: Curves) -> tuple[Finding, bool]:
    """The validation metric's course as a finding, and whether it casts doubt on `overfit`: a metric still improving
    in its last evaluations (``MetricCourse.kept_improving``), its best after the validation loss's lowest, says the
    predictions kept getting better while the loss rose -- over-confidence rather than worse predictions, the reason
    practitioners stop on the metric (the labels of public YOLO runs: mAP rising to its last epochs while a
    validation loss term rose is healthy)."""
    def at(value: float, step: int) -> str:
        return f"{_fmt(value)} at {m.x} {_step(step)}"

    text = (f"validation metric `{m.name}` ({'higher' if m.higher_is_better else 'lower'} is better): "
            f"{at(m.first, m.first_step)} (the first of {m.points} evaluations), best {at(m.best, m.best_step)}, "
            f"last {'finite ' if m.nonfinite else ''}{at(m.last, m.last_step)}")
    doubt = False
    low = logged(curves.val_loss)
    if not m.improved:
        text += "; it never improved on its first evaluation"
    elif label == "overfit" and low is not None:
        if m.kept_improving and m.best_step > low.low_step:
            doubt = True
            text += (f"; it kept improving after the validation loss's lowest ({m.x} {_step(low.low_step)}): the "
                     "loss's rise may be over-confidence rather than worse predictions; if the metric is what "
                     f"matters, stop on it ({m.x} {_step(m.best_step)})")
        elif m.gave_back >= METRIC_AGREES:
            text += (f"; it gave back {_pct(min(m.gave_back, 1.0))} of its gain after its best: the metric agrees "
                     "with the validation loss")
    return Finding("val_metric", text + ".", m.best_step), doubt


def _times(log10: float, digits: int) -> str:
    """``10 ** log10`` as a ratio (``verdict_base.times_log10``; ``digits`` is kept for callers, the helper decides)."""
    return times_log10(log10)
