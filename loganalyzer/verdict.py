"""Verdict engine: certain rules first (non-finite loss -> nan), then the learned model for the shape-based
labels, with the rule scores as the transparent fallback and as the evidence the summary quotes.

Precedence (../shared/domain.md): nan > diverged > stalled > underfit > overfit > healthy; unknown only when the
run has no usable loss series.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from .curves import Curves, Series
from .features import FEATURE_NAMES, RunFeatures, loss_shape, run_features
from .model import VerdictModel, load_default_model

VERDICTS = ("nan", "diverged", "stalled", "underfit", "overfit", "healthy", "unknown")
SEVERITY = {v: i for i, v in enumerate(VERDICTS)}  # worst first, for sorting reports
SHAPE_LABELS = ("diverged", "stalled", "underfit", "overfit", "healthy")


@dataclass(frozen=True)
class Finding:
    """A secondary observation worth a line in the report, with the step it happened at."""

    kind: str  # spike, oscillation, lr_warmup, lr_schedule, mismatch, initial_loss, grad_norm, nonfinite_recovered...
    message: str
    step: int | None = None


@dataclass(frozen=True)
class Verdict:
    label: str
    confidence: float
    summary: str
    evidence: dict = field(default_factory=dict)  # named steps and values: first_nonfinite_step, best_val_step...
    findings: tuple[Finding, ...] = ()
    advice: tuple[str, ...] = ()
    probabilities: dict = field(default_factory=dict)  # the model's calibrated probabilities per shape label
    method: str = "rules"  # 'rules', 'model', or 'rules+model'


EVIDENCE_STEPS = ("first_nonfinite_step", "divergence_start_step", "best_val_step", "best_step", "plateau_start_step")


def evidence_steps(evidence: dict) -> dict[str, int]:
    """The steps a verdict's evidence names (``EVIDENCE_STEPS`` that hold a step), by name: what charts mark."""
    return {key: int(evidence[key]) for key in EVIDENCE_STEPS
            if isinstance(evidence.get(key), (int, np.integer)) and not isinstance(evidence.get(key), bool)}


def _fmt(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    ax = abs(x)
    if ax != 0 and (ax >= 1e5 or ax < 1e-3):
        return f"{x:.3g}"
    return f"{x:.4g}" if ax < 100 else f"{x:,.1f}"


def _step(x: int | None) -> str:
    return "n/a" if x is None else f"{x:,}"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _value_at(series: Series | None, step: int | None) -> float | None:
    """The value of a series at (or just before) a step, e.g. the LR when trouble began."""
    if series is None or step is None or len(series.steps) == 0:
        return None
    i = int(np.searchsorted(np.asarray(series.steps), step, side="right")) - 1
    i = min(max(i, 0), len(series.steps) - 1)
    v = float(series.values[i])
    return v if math.isfinite(v) else None


def _chance_name(f: RunFeatures) -> str:
    """How the chance level was known, for the texts: "the ln k=2.303" or "the chance loss 1"."""
    if f.num_classes and abs(f.chance_loss - math.log(f.num_classes)) < 1e-9:
        return f"the ln k={f.chance_loss:.3f}"
    return f"the chance loss {_fmt(f.chance_loss)}"


# ---------------------------------------------------------------- rule scores (transparent, and the fallback)


def _rise_y(shape) -> float:
    """How far the end lies above the minimum, in the y units of ``noise`` (decades for log-scale losses)."""
    if shape.log_scale and shape.minimum > 0 and shape.final > 0:
        return math.log10(shape.final / shape.minimum)
    return shape.final - shape.minimum


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


MODEL_FEATURE_NAMES = FEATURE_NAMES + tuple(f"rule.{label}" for label in SHAPE_LABELS)


def model_vector(f: RunFeatures, scores: dict[str, float] | None = None) -> np.ndarray:
    """What the learned model sees: the curve features plus the rule scores (it learns where rules err)."""
    scores = rule_scores(f) if scores is None else scores
    return np.concatenate([f.vector(), [scores[label] for label in SHAPE_LABELS]])


HELD_BACK_CONFIDENCE = 0.6  # the most we claim when the model's label was held back for lack of evidence


def _model_label_unsupported(label: str, f: RunFeatures) -> str | None:
    """Why the curves contradict what defines ``label`` (domain.md), or None. The learned model is trusted
    between labels, never against a label's definition: it learned from runs where that never came up.

    - underfit "flattens out high": high needs the task's floor (ln k, or a given chance loss). Without it, a
      loss that removed at least the rules' 35% of its start looks just like a healthy fine-tune, language model
      or noisy-target run (domain.md: "judging underfit is the hard part").
    - stalled "barely moves from its initial value": not a steady fall of 10% or more, 5x its noise.
    - overfit "validation loss reaches a minimum and then rises": by more than its evaluation noise (2.5x).
    """
    main = f.train if f.train is not None else f.val
    if main is None:
        return None
    removed = max(main.fraction_removed, main.fraction_removed_first)
    if label == "underfit" and f.final_vs_chance != f.final_vs_chance and removed >= 0.35:
        return (f"the loss fell {removed:.0%} and levelled off; healthy fine-tunes and language models look the "
                "same without the task's floor: --num-classes or --chance-loss (or a simpler model's loss) "
                "settles it")
    if label == "stalled" and removed >= 0.10 and main.drop >= 5 * main.noise:
        return f"the loss fell a steady {removed:.0%} (more than 5x its noise), which is not barely moving"
    if label == "overfit" and f.val is not None and _rise_y(f.val) <= 2.5 * f.val.noise:
        return "the validation loss rose after its best by no more than 2.5x its evaluation noise"
    return None


def combine(scores: dict[str, float], probabilities: dict[str, float], f: RunFeatures
            ) -> tuple[str, float, str, Finding | None]:
    """The shape label from the rule scores and the learned model's probabilities: (label, confidence, method,
    a finding when the model's label was held back).

    The model decides, unless its label contradicts that label's definition (``_model_label_unsupported``) where
    the rules disagree: then the rules' label stands, its confidence capped at ``HELD_BACK_CONFIDENCE``, and a
    finding says what the model leaned to and why it was not followed.
    """
    rule_label = max(SHAPE_LABELS, key=lambda k: (scores[k], -SHAPE_LABELS.index(k)))
    label = max(probabilities, key=probabilities.get)
    confidence = probabilities[label]
    if label != rule_label:
        why = _model_label_unsupported(label, f)
        if why is not None:
            note = Finding(f"possible_{label}", f"the learned model leans {label} (p={confidence:.2f}), but {why}")
            return rule_label, min(float(scores[rule_label]), HELD_BACK_CONFIDENCE), "rules", note
    return label, confidence, "model" if label != rule_label else "rules+model", None


# ---------------------------------------------------------------- the verdict


def _nan_verdict(curves: Curves, f: RunFeatures) -> Verdict | None:
    hits = [(s, series) for s, series in ((f.train, curves.train_loss), (f.val, curves.val_loss))
            if s is not None and s.first_nonfinite_step is not None]
    if not hits:
        return None
    shape, series = min(hits, key=lambda h: h[0].first_nonfinite_step)
    step = shape.first_nonfinite_step
    idx = int(np.searchsorted(np.asarray(series.steps), step))
    bad = float(series.values[min(idx, len(series.values) - 1)])
    before = np.asarray(series.values[:idx], dtype=np.float64)
    before = before[np.isfinite(before)]
    last_ok = float(before[-1]) if len(before) else None
    lr = _value_at(curves.lr, step)
    evidence = {"first_nonfinite_step": step, "nonfinite_value": "nan" if math.isnan(bad) else str(bad),
                "series": series.name, "last_finite_value": last_ok, "recovered": shape.nonfinite_recovered}
    if lr is not None:
        evidence["lr_at_first_nonfinite"] = lr
    where = "training" if series is curves.train_loss else "validation"
    summary = (f"{where} loss `{series.name}` became {'NaN' if math.isnan(bad) else bad} at step "
               f"{_step(step)}" + (f" (last finite value {_fmt(last_ok)})" if last_ok is not None else "")
               + ("; it later logged finite values again" if shape.nonfinite_recovered else " and never recovered")
               + (f"; the learning rate was {_fmt(lr)}" if lr is not None else "") + ".")
    advice = [
        f"Lower the learning rate ~10x{f' (it was {_fmt(lr)} at step {_step(step)})' if lr is not None else ''} "
        "and add gradient clipping (e.g. clip_grad_norm_ at 1.0).",
        "Clamp inside log/div in the loss (log(x + eps), x.clamp_min(eps)) and check inputs for NaN/Inf.",
        f"Re-run up to step {_step(step)} under torch.autograd.detect_anomaly() to find the op that produced it.",
    ]
    spike = shape.spikes and last_ok is not None
    if spike:
        advice.append("A loss spike preceded the NaN: the classic sign of a learning rate too high; try warm-up.")
    return Verdict("nan", 0.99 if not shape.nonfinite_recovered else 0.9, summary, evidence, (), tuple(advice),
                   {}, "rules")


def _summary(label: str, curves: Curves, f: RunFeatures) -> tuple[str, dict, list[str]]:
    t, v = f.train, f.val
    main, series = (t, curves.train_loss) if t is not None and t.initial == t.initial else (v, curves.val_loss)
    name = series.name
    ev: dict = {"series": name, "initial": main.start, "minimum": main.minimum, "final": main.final,
                "best_step": main.min_step}
    lr_trouble = None
    if label == "diverged":
        start = main.divergence_start_step if main.divergence_start_step is not None else main.min_step
        lr_trouble = _value_at(curves.lr, start)
        ev["divergence_start_step"] = start
        ratio = main.final / main.initial if main.log_scale and main.initial else None
        text = (f"`{name}` fell to {_fmt(main.minimum)} at step {_step(main.min_step)}, then climbed from step "
                f"{_step(start)} to {_fmt(main.final)}"
                + (f", {ratio:.1f}x its starting {_fmt(main.initial)}" if ratio else f" (started at {_fmt(main.start)})")
                + ", and did not come back"
                + (f"; the learning rate was {_fmt(lr_trouble)} when the climb began" if lr_trouble is not None else "")
                + ".")
        advice = [
            f"Lower the peak learning rate{f' (it was {_fmt(lr_trouble)})' if lr_trouble is not None else ''} "
            "by 3-10x, or add/extend warm-up.",
            "Clip gradients (clip_grad_norm_ at 1.0) and check that inputs are normalised.",
            f"If you keep this run, use the checkpoint from step {_step(main.min_step)} (the best loss).",
        ]
    elif label == "stalled":
        ev["plateau_start_step"] = main.plateau_start_step
        text = (f"`{name}` barely moved: {_fmt(main.start)} at the start, {_fmt(main.final)} at the end "
                f"({_pct(max(main.fraction_removed_first, 0))} lower), never below {_fmt(main.minimum)}.")
        lr = f.lr_log10_median
        advice = []
        if lr == lr and lr < -5:
            advice.append(f"The learning rate is tiny (~{_fmt(10 ** lr)}): raise it by 100-1000x.")
        advice += [
            "Overfit one small batch first: if the loss does not drop, the bug is in the model/loss/data pipeline.",
            "Check for dead ReLUs or vanishing gradients (replay a checkpoint: `loganalyzer replay`); try "
            "LeakyReLU, He/Glorot init, normalisation or residual connections.",
            "Check that parameters are not frozen and that labels match inputs (not shuffled separately).",
        ]
        if f.grad_norm_collapse:
            advice.insert(0, "The gradient norm collapsed to ~0: the model is stuck (dead units or saturation).")
    elif label == "underfit":
        ev["plateau_start_step"] = main.plateau_start_step
        gap = ""
        if v is not None and t is not None:
            gap = f"; validation ends at {_fmt(v.final)}, close to training"
        chance = ""
        if f.final_vs_chance == f.final_vs_chance:
            chance = f" ({f.final_vs_chance:.2f}x {_chance_name(f)} of guessing)"
        text = (f"`{name}` fell only {_pct(max(main.fraction_removed_first, 0))}, from {_fmt(main.start)} to "
                f"{_fmt(main.final)}{chance}, and has been flat since step {_step(main.plateau_start_step)}{gap}.")
        advice = [
            "Reduce regularisation first (dropout, weight decay), then grow the model (width/depth).",
            "Train longer or with a higher learning rate if the curve was still creeping down.",
            "Check data quality and input normalisation; noisy labels cap the reachable loss.",
        ]
    elif label == "overfit":
        best = f.val_best_step
        ev["best_val_step"] = best
        rise = (v.final - v.minimum) / abs(v.minimum) if v.minimum else 0.0
        text = (f"validation loss `{curves.val_loss.name}` bottomed at {_fmt(v.minimum)} at step "
                f"{_step(best)} and rose {_pct(rise)} to {_fmt(v.final)} while training loss kept falling "
                f"to {_fmt(t.final)}.")
        advice = [
            f"Stop at step {_step(best)} (the best validation loss): enable early stopping / keep that checkpoint.",
            "Add regularisation (dropout, weight decay) or data augmentation; get more data if you can.",
            "Or use a smaller model.",
        ]
    else:  # healthy
        best = f.val_best_step if v is not None and f.val_best_step is not None else main.min_step
        ev["best_step"] = best
        text = (f"`{name}` fell from {_fmt(main.start)} to {_fmt(main.final)} "
                f"({_pct(max(main.fraction_removed_first, 0))} lower)"
                + (f"; validation followed to {_fmt(v.final)}, best at step {_step(f.val_best_step)}"
                   if v is not None and t is not None else "") + ".")
        advice = [f"Nothing to fix; the best {'validation ' if v is not None else ''}loss was at step {_step(best)}."]
    return text, ev, advice


def _findings(curves: Curves, f: RunFeatures) -> list[Finding]:
    out: list[Finding] = []
    for role, shape in (("training", f.train), ("validation", f.val)):
        if shape is None:
            continue
        if shape.spikes:
            out.append(Finding("spike", f"{shape.spikes} spike(s) in the {role} loss, {shape.spikes_recovered} recovered"))
        if shape.oscillation > 0.6 and shape.points > 20:
            out.append(Finding("oscillation", f"the {role} loss oscillates ({_pct(shape.oscillation)} of smoothed "
                                              "moves change direction)"))
    if f.lr_warmup:
        out.append(Finding("lr_schedule", "learning-rate warm-up at the start"))
    if f.lr_cycles >= 2:
        out.append(Finding("lr_schedule", f"cyclical learning rate ({f.lr_cycles} cycles)"))
    elif f.lr_decay == f.lr_decay and f.lr_decay > 0.5:
        out.append(Finding("lr_schedule", f"learning rate decayed {10 ** f.lr_decay:.0f}x"))
    if f.mismatch_first_eval == f.mismatch_first_eval and f.train is not None and f.train.log_scale \
            and f.mismatch_first_eval > 0.5:
        out.append(Finding("mismatch", f"validation loss was {10 ** f.mismatch_first_eval:.1f}x the training loss "
                                       "from the first evaluation on: suspect a train/validation distribution mismatch"))
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
        out.append(Finding("grad_norm", f"gradient norm grew {10 ** f.grad_norm_growth:.0f}x"))
    if curves.components:
        names = ", ".join(c.name for c in curves.components[:4])
        out.append(Finding("components", f"loss components logged ({names}); judged on the total"))
    return out


# names of terms whose weight is typically annealed (KL warm-up, beta schedules): their rise is by design
_ANNEALED_WORDS = ("kl", "kld", "beta", "commitment", "reg", "penalty")


def _likelihood_term(curves: Curves) -> tuple[Series, float] | None:
    """The loss component that did not rise (a VAE's likelihood/reconstruction term) when the total did:
    a total that climbs because an annealed term's weight grows is not divergence (domain.md)."""
    best = None
    for comp in curves.components:
        words = comp.tag.lower().replace("/", "_").split("_")
        if any(w in _ANNEALED_WORDS for w in words):
            continue
        shape = loss_shape(comp)
        if shape is None or shape.initial != shape.initial or shape.first_nonfinite_step is not None:
            continue
        tolerance = 0.05 if shape.log_scale else 0.05 * max(abs(shape.initial), 1e-12)
        if shape.rise_above_start <= tolerance and shape.giveback < 1.0:
            if best is None or shape.drop > best[1]:
                best = (comp, shape.drop)
    return best


def judge(curves: Curves, features: RunFeatures, *, model: VerdictModel | None | bool = True) -> Verdict:
    """The verdict for one run. ``model=True`` uses the shipped model when present, ``False``/None rules only."""
    verdict = _judge(curves, features, model)
    if verdict.label == "diverged" and curves.components and curves.train_loss is not None:
        found = _likelihood_term(curves)
        if found is not None:
            term = dataclasses.replace(found[0], role="train_loss")
            sub_curves = dataclasses.replace(curves, train_loss=term, components=())
            chance = features.chance_loss if features.chance_loss == features.chance_loss else None
            sub = _judge(sub_curves, run_features(sub_curves, num_classes=features.num_classes, chance_loss=chance),
                         model)
            note = Finding("annealed_total", f"the total `{curves.train_loss.name}` rises while the "
                                             f"component `{term.name}` does not: the rise comes from a weighted "
                                             "term (e.g. KL warm-up), not divergence; judged on that component")
            return dataclasses.replace(sub, findings=(note,) + sub.findings,
                                       evidence={**sub.evidence, "total_series": curves.train_loss.name})
    return verdict


def _judge(curves: Curves, features: RunFeatures, model) -> Verdict:
    if curves.unusable_reason or (features.train is None and features.val is None):
        reason = curves.unusable_reason or "no loss series"
        return Verdict("unknown", 1.0, f"no usable loss: {reason}.", {"reason": reason}, (),
                       ("Name the loss series with --train-series/--val-series or in loganalyzer.toml.",))
    nan = _nan_verdict(curves, features)
    if nan is not None:
        return Verdict(nan.label, nan.confidence, nan.summary, nan.evidence,
                       tuple(_findings(curves, features)), nan.advice, {}, "rules")
    scores = rule_scores(features)
    rule_label = max(SHAPE_LABELS, key=lambda k: (scores[k], -SHAPE_LABELS.index(k)))
    if model is True:
        model = load_default_model()
    probabilities: dict[str, float] = {}
    label, confidence, method = rule_label, float(scores[rule_label]), "rules"
    held_back = None
    if model:
        p = model.predict_proba(model_vector(features, scores)[None, :])[0]
        probabilities = {c: float(x) for c, x in zip(model.classes, p)}
        label, confidence, method, held_back = combine(scores, probabilities, features)
    summary, evidence, advice = _summary(label, curves, features)
    evidence["rule_scores"] = {k: round(v, 3) for k, v in scores.items()}
    if method == "model":
        summary += f" (rules alone would say {rule_label})"
    findings = _findings(curves, features)
    if held_back is not None:
        findings.append(held_back)
    if (features.train is not None and features.train.points < 10) or (
            features.train is None and features.val is not None and features.val.points < 10):
        findings.append(Finding("thin_evidence", "fewer than 10 points: the verdict rests on little evidence"))
        confidence = min(confidence, 0.5)
    if features.train is None:
        findings.append(Finding("no_train_loss", "no training loss logged; judged on the validation loss"))
    main = features.train if features.train is not None else features.val
    if label == "healthy" and main is not None and main.noise > 0 and abs(main.drop) < 3 * main.noise:
        # a "fall" no bigger than the point-to-point noise is no evidence of learning (nor of its absence)
        findings.append(Finding("within_noise", "the loss moved less than 3x its point-to-point noise: it may have "
                                                "converged before the first log, or not learned at all"))
        confidence = min(confidence, 0.55)
    if method == "rules":  # rule scores are not probabilities: nothing is certain, less so without validation
        confidence = min(confidence, 0.95 if features.val is not None else 0.85)
    return Verdict(label, round(confidence, 3), summary, evidence, tuple(findings), tuple(advice[:4]),
                   probabilities, method)
