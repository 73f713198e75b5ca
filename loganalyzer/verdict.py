"""Verdict engine: certain rules first (non-finite loss, or a gradient norm that turned NaN and stayed NaN -> nan),
then the learned model for the shape-based labels, with the rule scores as the transparent fallback and as the
evidence the summary quotes, and definitional overrides the model cannot talk its way past (``combine``).

Precedence (../shared/domain.md): nan > diverged > stalled > underfit > overfit > healthy; unknown only when the
run has no usable loss series.

The modules, each importing only those before it (and none a later stage such as scan or render):
``verdict_base`` (labels, ``Finding``, ``Verdict``, number formatting) -> ``verdict_nan`` (NaN/Inf in the loss or a
monitored signal), ``verdict_climb`` (a collapse or late climb: kinds 2, 3), ``verdict_evidence`` (what the logged
values say: validation after its best, a zigzag, a short steady fall: kinds 1, 6-8, 10; ``verdict_metric``, the task
metric's course; ``verdict_weights``, a climb a loss term's weight explains) -> ``verdict_floor`` (the
ln k a run's first logged loss shows: kind 5) -> ``verdict_chance`` (never left chance: stalled; an accuracy that
stayed low: underfit) -> ``verdict_text`` (summaries quoting logged values: kind 9; ``verdict_findings``, the
findings) -> ``verdict_refine`` (the definitional checks after a label was chosen) and ``verdict_gan`` (a GAN's rise that is no divergence, a
half-stuck GAN) -> ``verdict_rules`` (the rule scores, the model's input) -> this module (the model, ``combine``,
``judge``), which re-exports the public names.
"""
from __future__ import annotations

import dataclasses
import math

from .curves import Curves
from .features import RunFeatures, run_features
from .model import VerdictModel, load_default_model
from .verdict_base import (  # noqa: F401  (re-exported: the public API of loganalyzer.verdict)
    EVIDENCE_STEPS, HELD_BACK_CONFIDENCE, MODEL_ALONE_CAPPED, SEVERITY, SHAPE_LABELS, VERDICTS, Finding, Verdict,
    _chance_name, _fmt, _pct, _rise_y, _step, evidence_steps, overruled, who_chose,
)
from .verdict_climb import CLIMB_RATIO, Climb, _climbed, contrastive_rising, critic_rise, late_climb  # noqa: F401
from .verdict_annealed import likelihood_term
from .verdict_climbtext import _climb_finding, _climb_summary
from .verdict_valonly import (CONFIDENCE as VALONLY_CONFIDENCE, COLLAPSE_CONFIDENCE, ValidationClimb, accuracy_held,
                              overfit_without_training_loss, validation_collapsed)
from .verdict_accgap import CONFIDENCE as ACC_GAP_CONFIDENCE, overfit_by_accuracy
from .verdict_evidence import erratic, steady_fall
from .verdict_ganfrozen import FROZEN_CONFIDENCE, frozen_text, game_failed
from .verdict_repeat import repeat_verdict
from .verdict_ganchance import chance_verdict
from .verdict_ganterms import ganterms_verdict
from .verdict_notargets import no_targets_verdict
from .verdict_metric import metric_course
from .verdict_cut import came_back_in_noise, ended_below_first, noisy_wander
from .verdict_lrblowup import blowup_verdict
from .verdict_latestart import at_chance, late_start
from .verdict_converged import converged_at_ceiling
from .verdict_refine import refine, rules_alone
from .verdict_rl import rl_verdict
from .verdict_stall import HELD_CONFIDENCE, held_finding, validation_held, validation_never_improved
from .curves_gan import GAN_CONFIDENCE
from .verdict_gan import (
    SAMPLES_CONFIDENCE, STUCK_CONFIDENCE, gan_blew_up, gan_rise_text, samples_summary, samples_text, samples_worsened, stuck_half, stuck_text,
)
from .verdict_regacc import accuracy_not_a_classifier
from .verdict_runaway import runaway_below
from .verdict_second import negated_metric, second_opinion
from .verdict_thin import thin_verdict
from .verdict_transient import recovered_nan, transient_nan
from .verdict_nan import NEVER_COMPUTED_CONFIDENCE, _nan_verdict, _signal_findings, never_computed_headline, \
    nonfinite_only_verdict  # noqa: F401
from .verdict_gap import gap_after_best
from .verdict_maskrise import CONFIDENCE as MASK_CONFIDENCE, mask_overfit
from .verdict_rules import MODEL_FEATURE_NAMES, model_vector, rule_scores  # noqa: F401 (re-exported)
from .verdict_text import _UNUSABLE_ADVICE, Why, _summary, unsure_healthy  # noqa: F401
from .verdict_findings import _findings, metric_finding, presumed_finding  # noqa: F401
from .verdict_unsupported import _logged_removal, _model_label_unsupported  # noqa: F401


def combine(scores: dict[str, float], probabilities: dict[str, float], f: RunFeatures, curves: Curves | None = None
            ) -> tuple[str, float, str, Finding | None]:
    """The shape label from the rule scores and the learned model's probabilities: (label, confidence, method,
    a finding when the model's label was held back or overruled).

    A training loss that collapsed or climbed far above its best and stayed there (``late_climb``) is `diverged`
    whatever the model says, unless the learning-rate schedule may explain the climb (``late_climb``; more exactly
    with ``curves``): then the model's label stands, a `diverged` capped at ``HELD_BACK_CONFIDENCE``.

    The model decides, unless its label contradicts that label's definition (``_model_label_unsupported``) where
    the rules disagree: then the rules' label stands, its confidence capped at ``HELD_BACK_CONFIDENCE``, and a
    finding says what the model leaned to and why it was not followed. With ``curves``, ``refine`` then applies
    the definitional checks on the logged values (issue 9, kinds 1, 5, 7, 10) that both paths share.
    """
    return _combine(scores, probabilities, f, curves)[:4]


def _combine(scores, probabilities, f, curves, climb=False):
    rule_label = max(SHAPE_LABELS, key=lambda k: (scores[k], -SHAPE_LABELS.index(k)))
    label = max(probabilities, key=probabilities.get)
    confidence = probabilities[label]
    climb = late_climb(f, curves) if climb is False else climb  # False: not worked out yet (None: no climb)
    if climb is not None and climb.lr_excuse is None and label != "diverged":
        how = ("went back to where it started, its accuracy with it" if climb.accuracy is not None else
               "climbed far above its best and did not come back")
        note = Finding(f"possible_{label}", f"the learned model leans {label} (p={confidence:.2f}), but the training "
                                            f"loss {how}: diverged")
        return "diverged", climb.confidence, "rules", note, Why()
    if climb is not None and climb.lr_excuse is not None and label == "diverged":
        confidence = min(confidence, HELD_BACK_CONFIDENCE)  # the schedule may explain the climb
    back = label == "diverged" and climb is None and f.val is None and came_back_in_noise(f.train, curves)  # (with
    # a validation, ``verdict_stall.validation_held`` weighs a training loss's wander: verdict_cut)
    if label == "diverged" and climb is None and (rule_label != "diverged" and noisy_wander(f.train, curves) or back):
        rule_label = max((k for k in SHAPE_LABELS if k != "diverged"), key=scores.get) if back else rule_label
        note = Finding("possible_diverged", f"{who_chose(label, confidence, 'rules+model')}, but the training loss "
                                            + ("came back to its start, its rise within 4x its noise" if back else
                                               "does not end 1.5x above where it started and its rise from its "
                                               "best is within 4x its noise"))
        return refine(rule_label, min(float(scores[rule_label]), HELD_BACK_CONFIDENCE), "rules", note, f, curves)
    below = ended_below_first(curves) if label == "diverged" and rule_label != "diverged" and (
        climb is None or climb.lr_excuse is not None and climb.weight is None and not climb.past_start) and not (
        curves is not None and curves.components and likelihood_term(curves) is not None) else None
    if below is not None:  # the model alone, on a loss that ended below its start: domain.md's diverged ends above it
        why = f" and {climb.lr_excuse}" if climb is not None else ", and the rules do not see a divergence"
        note = Finding("possible_diverged", f"{who_chose(label, confidence, 'model')}, but the training loss ended "
                                            f"below its first log ({below}){why}: domain.md's diverged climbs above its "
                                            "start")
        return refine(rule_label, min(float(scores[rule_label]), HELD_BACK_CONFIDENCE), "rules", note, f, curves)
    if label != rule_label:
        why = _model_label_unsupported(label, f, curves)
        if why is not None:
            note = Finding(f"possible_{label}", f"the learned model leans {label} (p={confidence:.2f}), but {why}")
            return refine(rule_label, min(float(scores[rule_label]), HELD_BACK_CONFIDENCE), "rules", note, f, curves)
    late = late_start(f, curves) if label == "stalled" and f.val is not None and not at_chance(f) else None
    if late is not None:  # agreed or not, a log that begins late, evaluated as it went, shows no stall (unetv2eva111;
        # verdict_latestart: a training log alone, or one at ln k, may be a run stuck from its start)
        note = Finding("possible_stalled", f"{who_chose(label, confidence, 'rules+model')}, but {late}")
        return refine("healthy", min(confidence, HELD_BACK_CONFIDENCE), "rules", note, f, curves)
    return refine(label, confidence, "model" if label != rule_label else "rules+model", None, f, curves)


def judge(curves: Curves, features: RunFeatures, *, model: VerdictModel | None | bool = True, second: bool = True
          ) -> Verdict:
    """The verdict for one run. ``model=True`` uses the shipped model when present, ``False``/None rules only.
    ``second``: with a model, the learned second opinion (``verdict_second``) may then move a border label."""
    plain = accuracy_not_a_classifier(curves)
    if plain is not None:  # a regression's meaningless `acc`: judged on the losses alone (verdict_regacc)
        chance = features.chance_loss if features.chance_loss == features.chance_loss else None
        alone = judge(plain[0], run_features(plain[0], num_classes=features.num_classes, chance_loss=chance),
                      model=model, second=second)
        return dataclasses.replace(alone, findings=(plain[1],) + alone.findings)
    verdict = _judge_first(curves, features, model)
    verdict = second_opinion(verdict, curves, features) if second and model is not None and model is not False \
        else verdict
    transient = transient_nan(curves) if verdict.label == "nan" else None
    if transient is None:  # 2-3 logs: a first reading, no model-changing advice (verdict_thin)
        return thin_verdict(verdict, curves) or verdict
    clean, finding, evidence = transient  # one NaN/Inf streak the run recovered from: still `nan` (domain.md) ...
    chance = features.chance_loss if features.chance_loss == features.chance_loss else None
    finite = judge(clean, run_features(clean, num_classes=features.num_classes, chance_loss=chance),
                   model=model, second=second)  # ... but said so, with what its finite logs read
    return recovered_nan(verdict, finite, finding, evidence)


def _judge_first(curves: Curves, features: RunFeatures, model) -> Verdict:
    verdict = _judge(curves, features, model)
    blown = blowup_verdict(verdict, curves, features)
    if blown is not None:  # a huge learning rate blew the loss up from its first log (verdict_lrblowup)
        return blown
    stuck = stuck_half(curves) if verdict.label in ("healthy", "underfit", "overfit") else None
    if stuck is not None:  # half of a GAN never learned while the other half did (verdict_gan)
        summary, message, advice = stuck_text(stuck)
        was = Finding("possible_" + verdict.label, f"{who_chose(verdict.label, verdict.confidence, verdict.method)} "
                                                   "on the generator's summed objective, but part of it is stuck")
        return overruled(verdict, "stalled", min(verdict.confidence, STUCK_CONFIDENCE), was,
                         Finding("gan_stuck", message, stuck.step), summary=summary,
                         advice=(advice,) + verdict.advice[1:], stuck_terms=[n for n, _ in stuck.stuck])
    froze = game_failed(curves) if verdict.label in ("healthy", "underfit", "overfit", "stalled") else None
    if froze is not None:  # both GAN players froze, or the discriminator won: the game stopped (verdict_ganfrozen)
        summary, message, advice = frozen_text(froze, curves.train_loss.x)
        was = Finding("possible_" + verdict.label, f"{who_chose(verdict.label, verdict.confidence, verdict.method)} "
                                                   "on the generator's loss, but the game stopped")
        return overruled(verdict, "diverged", FROZEN_CONFIDENCE, was, Finding(froze.kind, message, froze.since_step),
                         summary=summary, advice=advice, frozen_since_step=froze.since_step)
    terms = ganterms_verdict(verdict, curves)
    if terms is not None:  # a summed GAN generator read term by term: an adversarial term blew up, or the
        return terms  # reconstruction learned under a flat sum (verdict_ganterms)
    repeated = repeat_verdict(verdict, curves) or chance_verdict(verdict, curves) \
        or no_targets_verdict(verdict, curves)  # (verdict_ganchance; verdict_notargets: a detector with no target)
    if repeated is not None:  # the training loss repeats a block of values exactly: no learning (verdict_repeat)
        return repeated
    if verdict.label == "diverged" and curves.components and curves.train_loss is not None:
        found = likelihood_term(curves)
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
    if curves.nonfinite_losses and (curves.unusable_reason or _nan_verdict(curves, features) is None):
        return nonfinite_only_verdict(curves)  # too short for a curve, but a NaN/Inf loss is the nan verdict
    if curves.unusable_reason or (features.train is None and features.val is None):
        reason = curves.unusable_reason or "no loss series"
        key = None if reason == "no scalar series at all" else (
            "single point" in reason or reason.startswith("no loss series with two"))
        accuracies = [a.name for a in (curves.train_acc, curves.val_acc) if a is not None] \
            if key is False and not curves.components else []  # a loss term was found: not "only accuracies"
        advice = _UNUSABLE_ADVICE[key] if not accuracies else (  # newcomer35: Torch7 logs of accuracies alone
            f"Only accuracies were found ({', '.join(f'`{n}`' for n in accuracies)}), no loss: the verdicts read the "
            "loss curve, so log the training (and validation) loss; if a series here is a loss under another name, "
            "name it with --train-series/--val-series.")
        return Verdict("unknown", 1.0, f"no usable loss: {reason}.", {"reason": reason}, (), (advice,))
    nan = _nan_verdict(curves, features)
    if nan is not None:
        findings = _findings(curves, features) + _signal_findings(curves, skip=nan.evidence.get("signal"))
        return Verdict(nan.label, nan.confidence, nan.summary, nan.evidence, tuple(findings), nan.advice, {},
                       "rules")
    away = runaway_below(curves)
    if away is not None:  # a loss unbounded below, still falling by orders of magnitude (verdict_runaway)
        return dataclasses.replace(away, findings=tuple(_findings(curves, features) + _signal_findings(curves)))
    rl = rl_verdict(curves)
    if rl is not None:  # a policy-gradient loss around 0 beside a reward: judged on the reward (verdict_rl)
        return dataclasses.replace(rl, findings=rl.findings + tuple(_signal_findings(curves)))
    scores = rule_scores(features)
    rule_label = max(SHAPE_LABELS, key=lambda k: (scores[k], -SHAPE_LABELS.index(k)))
    if model is True:
        model = load_default_model()
    if model and (negated_metric(curves) or contrastive_rising(curves)):  # a loss from ~0 down to -1 (verdict_second),
        model = None  # an energy model's loss about 0 (verdict_climb): the models' ratios misread them
    probabilities: dict[str, float] = {}
    label, confidence, method = rule_label, float(scores[rule_label]), "rules"
    held_back, why = None, Why()
    climb = late_climb(features, curves)
    if model:
        p = model.predict_proba(model_vector(features, scores)[None, :])[0]
        probabilities = {c: float(x) for c, x in zip(model.classes, p)}
        label, confidence, method, held_back, why = _combine(scores, probabilities, features, curves, climb)
    elif climb is not None and climb.lr_excuse is None:
        label, confidence = "diverged", climb.confidence
    else:
        if climb is not None and label == "diverged":
            confidence = min(confidence, HELD_BACK_CONFIDENCE)
        label, confidence, method, held_back, why = refine(label, confidence, method, None, features, curves)
    held = validation_held(features, curves, metric_too=climb is not None and climb.weight is not None) \
        if label == "diverged" and why.chance is None and not (  # (validation at ln k too: not held at a best)
        curves.components and likelihood_term(curves) is not None) else None  # an annealed total: judge() sees to it
    if held is not None:  # training climbed, validation sat at its best: not the model diverging (verdict_stall)
        cause = climb.lr_excuse if climb is not None and climb.weight is not None else None
        held_back, climb = held_finding(held, label, confidence, method, cause), None
        label = "stalled" if held.fall < STALL_FALL else "healthy"
        confidence, method, why = min(confidence, HELD_CONFIDENCE), "rules", Why()
    worse = samples_worsened(curves) if curves.adversary is not None else None
    if worse is not None:  # the GAN's FID ended worse than it began (verdict_gan): the samples say diverged
        if label != "diverged":
            held_back = Finding(f"possible_{label}", f"{who_chose(label, confidence, method)} on the generator's "
                                                     f"loss, but {samples_text(worse)}", worse.last_step)
            label, confidence, method, why, climb = "diverged", SAMPLES_CONFIDENCE, "rules", Why(), None
        else:
            held_back = Finding("samples_worsened", samples_text(worse), worse.last_step)
    elif label == "diverged" and curves.adversary is not None and features.train is not None \
            and not gan_blew_up(features.train, curves.train_loss):  # adversarial rises are no divergence (verdict_gan)
        held_back = Finding("possible_diverged", gan_rise_text(features.train, curves.train_loss, curves.adversary))
        label, confidence, method, why, climb = "healthy", min(confidence, 0.5), "rules", Why(), None
    critic = critic_rise(curves) if label == "diverged" else None
    if critic is not None:  # only a WGAN critic's loss, rising towards 0 (verdict_climb)
        held_back, label, confidence, method, why, climb = critic, "healthy", min(confidence, 0.5), "rules", Why(), None
    main = features.train if features.train is not None else features.val
    within = label == "healthy" and main is not None and main.noise > 0 and abs(main.drop) < _level_noise(main) \
        and steady_fall(curves.train_loss if features.train is not None else curves.val_loss) is None
    flat_val = validation_never_improved(curves) if within and features.train is not None \
        and converged_at_ceiling(curves) is None else None  # a metric >= 0.99 throughout: converged (verdict_converged)
    if flat_val is not None:  # neither loss shows any learning: stalled (verdict_stall.validation_never_improved)
        held_back = Finding("possible_healthy", f"{who_chose(label, confidence, method)}, but the training loss moved "
                                                f"less than 3x its noise and {flat_val}: stalled")
        label, confidence, method, why, within = "stalled", min(confidence, HELD_CONFIDENCE), "rules", Why(), False
    if climb is not None and climb.lr_excuse is None and label == "diverged":
        if climb.warmup is not None:  # began during the warm-up: the schedule's peak, a cause worth the doubt
            confidence = min(confidence, climb.confidence)
        summary, evidence, advice = _climb_summary(climb, curves, features)
    else:
        summary, evidence, advice = _summary(label, curves, features, why)
    if worse is not None and label == "diverged":  # the samples' text (the loss's own climb, when it has one)
        summary_worse, advice = samples_summary(worse, curves.train_loss)
        summary = summary if climb is not None and climb.lr_excuse is None else summary_worse
        evidence["val_metric_worse"] = {"series": worse.name, "first": worse.first, "best": worse.best,
                                        "best_step": worse.best_step, "last": worse.last}
    if flat_val is not None:
        summary += f" That fall is within the per-log noise, and {flat_val}: nothing was learned."
    by_acc = overfit_by_accuracy(curves) if label == "healthy" else None
    by_acc = by_acc or (overfit_without_training_loss(curves) if label == "healthy" or (
        label == "diverged" and accuracy_held(curves)) else None)  # its accuracy held: overconfident, not diverged
    if by_acc is not None and label == "diverged":
        held_back = Finding("possible_diverged", f"{who_chose(label, confidence, method)} on the validation loss "
                                                 f"alone, but `{curves.val_acc.name}` held its best: overfit")
    if by_acc is not None:  # no validation loss: the validation accuracy fell back (verdict_accgap); no training
        label, method = "overfit", "rules"  # loss: validation climbed (verdict_valonly)
        confidence = VALONLY_CONFIDENCE if isinstance(by_acc, ValidationClimb) else ACC_GAP_CONFIDENCE
        summary, advice, within = by_acc.summary, by_acc.advice, False
    masks = mask_overfit(curves) if label == "healthy" and by_acc is None else None
    if masks is not None:  # a YOLO-seg run's mask loss rose after its best as the mask mAP fell (verdict_maskrise)
        held_back = Finding("possible_healthy", f"{who_chose(label, confidence, method)} on the summed losses, "
                                                "but the mask term overfit")
        label, confidence, method, within = "overfit", MASK_CONFIDENCE, "rules", False
        summary, advice = masks.summary, masks.advice
        evidence["mask_overfit"] = {"series": masks.val_name, "best": masks.best, "best_step": masks.best_step,
                                    "end": masks.end, "metric": masks.metric_name, "metric_best": masks.metric_best,
                                    "metric_best_step": masks.metric_best_step, "metric_end": masks.metric_end}
    lost = validation_collapsed(curves) if label in ("healthy", "underfit", "overfit", "stalled") else None
    if lost is not None:  # no training loss: validation's loss up, its accuracy gone (verdict_valonly)
        held_back = Finding(f"possible_{label}", f"{who_chose(label, confidence, method)}, but {lost}: diverged")
        label, confidence, method, within = "diverged", COLLAPSE_CONFIDENCE, "rules", False
        summary = f"No training loss logged; {lost}: the model lost what it had learned (diverged)."
        advice = ("Lower the learning rate (~10x) or add warm-up and gradient clipping.",
                  "Log the training loss too: it shows where the training went wrong.")
    evidence["rule_scores"] = {k: round(v, 3) for k, v in scores.items()}
    if method == "model" and not (climb is not None and climb.lr_excuse is None and label == "diverged"):
        alone = rules_alone(rule_label, scores, features, curves, climb)
        if alone != label:  # the rules' label after their own checks (newcomer41: never "would say healthy" for
            summary += f" (rules alone would say {alone})"  # a run --rules-only calls stalled at chance)
    zigzag = erratic(curves.val_loss)
    findings = _findings(curves, features, zigzag) + _signal_findings(curves)
    confidence = min(confidence, NEVER_COMPUTED_CONFIDENCE) if never_computed_headline(curves) else confidence
    if held_back is not None:
        findings.append(held_back)
    if by_acc is not None:
        findings.append(by_acc.finding)
    if masks is not None:
        findings.append(masks.finding)
    course = metric_course(curves.val_metric)
    if course is not None:
        finding, doubt = metric_finding(course, label, curves)
        findings.append(finding)
        evidence["val_metric"] = {"series": course.name, "higher_is_better": course.higher_is_better,
                                  "best": course.best, "best_step": course.best_step, "last": course.last}
        if doubt:
            confidence = min(confidence, METRIC_DOUBT_CONFIDENCE)
    if why.floor is not None:
        findings.append(presumed_finding(why.floor))
    if climb is not None and climb.lr_excuse is not None:
        findings.append(_climb_finding(climb, features))
    if (features.train is not None and features.train.points < 10) or (
            features.train is None and features.val is not None and features.val.points < 10):
        findings.append(Finding("thin_evidence", "fewer than 10 points: the verdict rests on little evidence"))
        confidence = min(confidence, 0.5)
    robust = (climb is not None and climb.lr_excuse is None and label == "diverged") or (
        label == "overfit" and why.val_rise is not None and why.val_rise.stayed_above)
    if zigzag is not None and not robust:
        # kind 8: judged on a zigzag, any label is a guess -- unless the level after validation's best stands out
        # of the zigzag (overfit beyond the noise) or training alone decided (a climb of the training loss)
        confidence = min(confidence, ERRATIC_CONFIDENCE)
    if curves.adversary is not None:  # a GAN's losses need not fall (curves_gan)
        confidence = min(confidence, GAN_CONFIDENCE)
    if features.train is None:
        findings.append(Finding("no_train_loss", "no training loss logged; judged on the validation loss"))
    if within:
        # a "fall" no bigger than the noise of the start and end levels is no evidence of learning (nor of its
        # absence)
        findings.append(Finding("within_noise", "the loss moved less than 3x the noise of its start and end levels: "
                                                "it may have converged before the first log, or not learned at all"))
        confidence = min(confidence, 0.55)
    if method == "model" and label in MODEL_ALONE_CAPPED and not (climb is not None and climb.lr_excuse is None):
        confidence = min(confidence, HELD_BACK_CONFIDENCE)
    if method == "rules":  # rule scores are not probabilities: nothing is certain, less so without validation
        confidence = min(confidence, 0.95 if features.val is not None else 0.85)
    gap = gap_after_best(curves) if label == "healthy" else None
    if gap is not None:  # validation stopped early, training went on far below it (verdict_gap): say so
        findings.append(gap[0])
        advice = [gap[1]] + list(advice[1:]) if advice and advice[0].startswith("Nothing to fix") else advice
    if label == "healthy" and held_back is not None and held_back.kind == "possible_underfit":
        advice = unsure_healthy(advice)
    return Verdict(label, round(confidence, 3), summary, evidence, tuple(findings), tuple(advice[:4]),
                   probabilities, method)


STALL_FALL = 0.05  # validation that fell < 5% to its best barely moved: stalled (rule_scores' stalled moves < 5%)


ERRATIC_CONFIDENCE = 0.55
METRIC_DOUBT_CONFIDENCE = 0.55  # overfit by the loss while the task's metric kept improving (verdict_text)


def _level_noise(shape) -> float:
    """3 standard errors of the difference between the start and end levels (medians of ``k`` points each, as the
    features take them) for a point-to-point noise ``shape.noise``: per-step logs average out their batch noise."""
    k = int(min(20, max(3, shape.points // 10)))
    return 3 * 1.25 * math.sqrt(2 / k) * shape.noise / 0.954
