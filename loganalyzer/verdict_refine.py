"""Definitional checks on the logged values after the model or the rules chose a label (``refine``): what the curves
say a label cannot be, or must be, whatever the shape's scores said (issue 9). Used by ``verdict._combine`` and the
rules-only path of ``verdict._judge``; each check lives in the module named beside it.
"""
from __future__ import annotations

import dataclasses

from .curves import Curves
from .features import RunFeatures
from .verdict_base import times, Finding, _fmt, _pct, _step, who_chose
from .verdict_anneal import ANNEAL_CONFIDENCE, annealed_plateau
from .verdict_cut import CUT_CONFIDENCE, END_BLOWUP_CONFIDENCE, blew_up_at_end, cut_off, too_short_for_a_stall
from .verdict_dip import DIP_CONFIDENCE, dip_finding, lucky_dip
from .verdict_chance import CHANCE_CONFIDENCE, accuracy_stayed_low, stuck_at_chance, task_solved
from .verdict_valfar import far_text, val_climbed_far
from .verdict_evidence import steady_fall, val_rise
from .verdict_shortrise import short_val_rise
from .verdict_short import short_steady_fall
from .verdict_measure import measure_declined
from .verdict_drift import drift_text, val_drift
from .verdict_trendrise import trend_rise, trend_text
from .verdict_memorise import memorised, memorised_text
from .verdict_noisy import noisy_rise
from .verdict_metric import held_finding, held_measure, metric_course
from .verdict_flatacc import ACC_FLAT_CONFIDENCE, FLAT_STALL_FALL, accuracy_never_rose, prior_stall, prior_stall_text
from .verdict_prioronly import prior_only
from .verdict_floor import PRESUMED_CONFIDENCE, high_for_a_classifier, metric_still_rising, presumed_underfit
from .verdict_plateau import chance_plateau
from .verdict_pretrained import PRETRAINED_CONFIDENCE, pretrained_start
from .verdict_nooverlap import overlap_never_rose
from .verdict_nofall import NO_FALL_CONFIDENCE, never_fell
from .verdict_stall import REFUTED_CONFIDENCE, NoStall, frozen_validation, stall_refuted, validation_never_improved
from .verdict_improved import NEVER_TRAIN_FALL, _measure_moved, _never_improved
from .verdict_metricrose import metric_rose
from .verdict_shortfall import short_fall
from .verdict_guesslevel import sat_at_guess
from .verdict_accclimb import accuracy_climbed
from .verdict_creep import creep_refuted
from .verdict_learned import learned_refuted
from .verdict_ceiling import ceiling_healthy
from .verdict_unanchored import unanchored_underfit
from .verdict_zeroacc import zero_accuracy
from .verdict_text import Why

FAR_CONFIDENCE = 0.7  # validation several times its best as a trend, training flat (verdict_valfar)
MILD_OVERFIT_CONFIDENCE = 0.55  # mild overfitting on few or noisy evaluations: a lean, not a certainty
MILD_RISE, MILD_CAP = 0.15, 0.6  # an overfit whose validation stayed < 15% above its best: confidence <= 0.6
CUT_SHORT_FALL = 0.35  # a short steady fall that removed less than this is a run cut short: underfit (thin)


# A validation accuracy identical at every log at a high level (quoraspam's 0.9375, newcomer35's 0.972 on data with
# 2.8% positives): a model giving the majority class for every example learned nothing a loss-weighted task asks,
# but a metric at its ceiling reads the same; the labellers called the tenth set's quoraspam underfit, so the label
# stays, its confidence below the model's usual 0.5 (the rest of domain.md's "say so with a lower confidence").
ONE_ANSWER_CONFIDENCE = 0.4


def refine(label: str, confidence: float, method: str, note: Finding | None, f: RunFeatures,
           curves: Curves | None) -> tuple[str, float, str, Finding | None, Why]:
    """``_refine`` (the checks below), then a short run still falling at its last that stayed `healthy`: its words
    ("N logs/evaluations are thin evidence, the run may have been cut short") and confidence <= 0.45, when its
    training judged per evaluation fell steadily by < 35% (a per-batch log of what a per-epoch log shows:
    ``verdict_short``), or when the model leaned underfit and was held back (``_model_label_unsupported``: a loss
    still falling has no plateau to call high). The newcomer's stop-27 ``torch_tb_cut3`` said "levelled off" where
    its Keras CSV said "cut short". The label is never changed here (dev: letting these falls change labels or skip
    the later checks moved 7 public rows, 6 of them wrong)."""
    out = _settle(label, confidence, method, note, f, curves)
    if out[0] != "healthy" or label != "healthy" or out[4].steady is not None or curves is None:
        return out
    steady = short_steady_fall(curves, f.train is not None)
    held_back = note is not None and note.kind == "possible_underfit" and out[3] is note
    if steady is None or not (held_back or (steady.unit != "log" and steady.fall < CUT_SHORT_FALL)):
        return out
    return out[0], min(out[1], 0.45), out[2], out[3], dataclasses.replace(out[4], steady=steady)


def _settle(label: str, confidence: float, method: str, note: Finding | None, f: RunFeatures,
            curves: Curves | None) -> tuple[str, float, str, Finding | None, Why]:
    """Definitional checks on the logged values, after the model or the rules chose ``label`` (both paths):

    - any label but `diverged`: the run's last log is the highest of all, far above its first and its lowest:
      `diverged`, <= 0.5 (``verdict_cut.blew_up_at_end``);
    - any label but `diverged`: the run never left chance (loss held at ln k, or validation accuracy 1/k at every
      evaluation): `stalled` (``verdict_chance.stuck_at_chance``); a loss flat at ln k from early on whatever its
      first logs (a blow-up before the plateau): `stalled`, or `diverged` when it had learned first
      (``verdict_plateau.chance_plateau``);
    - `overfit` on a rise >= 10% the noise tests cannot confirm (``verdict_noisy.noisy_rise``): confidence <= 0.55,
      a finding quoting the best, the level after it and training after it;
    - `overfit` whose validation best was a lone early dip: `healthy`, <= 0.6 (``verdict_dip.lucky_dip``); an
      `overfit` whose validation stayed < 15% above its best: confidence <= 0.6, and `healthy` (<= 0.55) when the task's
      metric held its best (``_metric_held``), unless validation drifted up as a trend (``verdict_drift``);
    - `underfit` while the task's own measure ended high (accuracy >= 0.85, COCO mAP >= 0.75, another [0, 1] metric
      >= 0.9): `healthy` (``verdict_chance.task_solved``);
    - `healthy` on a short log cut off while its loss still fell steeply (``verdict_cut.cut_off``): `underfit`,
      confidence <= 0.45;
    - `healthy` while validation never improved and training removed >= 30%: `overfit`, <= 0.6 (a mismatch named);
    - `healthy` with a validation loss frozen to float32 precision (``verdict_stall.frozen_validation``) or an
      accuracy that ended <= 0.5, training no better (``verdict_chance.accuracy_stayed_low``): `underfit`;
    - `underfit` whose main loss ended at or above its first logged value (below 1.5x), no stall
      refuted: `stalled`, <= 0.55 (``verdict_nofall.never_fell``);
    - `stalled` on <= 3 training logs that fell >= 5% (or validation >= 10%): `underfit`, <= 0.45, cut short
      (``verdict_cut.too_short_for_a_stall``);
    - `stalled` while validation fell >= 10% beyond its noise (or at >= 90% of >= 8 evaluations, still falling at
      the end: `healthy`), or flat from a first log far below the known chance
      loss, or a loss logged at one value while the accuracy rose: not a stall -- `healthy`/`underfit`, confidence
      <= 0.6 (``verdict_stall.stall_refuted``); so is a validation metric that improved through the run beyond its
      noise (``verdict_metricrose.metric_rose``), or a loss >= 5% below its first log still setting new lows as a
      trend to its end (``verdict_creep.crept_to_the_end``): `healthy`;
      so, last, is a sign of learning the judged loss hides (``verdict_learned``: a term of the objective fell >= 5x,
      a [0, 1] task metric >= 0.99 at every evaluation, a short run better at every log on every series, a noisy
      loss whose tenths' means fell as a trend);

    - kind 10: `stalled` (or `healthy`) on a short log that fell at (nearly) every log and was still falling: not a
      stall, a run cut short -- `underfit` while it removed < 35% (the labels' "cut off after a few epochs while
      the loss is still high and falling"), else `healthy`; confidence <= 0.45 (``steady_fall``);
    - kind 5: `healthy` (or `underfit`) on a classifier whose first logged loss is ln k and which flattened early at
      a large fraction of it: `underfit`, confidence <= 0.65 (``verdict_floor.presumed_underfit``);
    - `underfit` (no floor known) whose loss levelled off while a smooth learning-rate schedule ran down to <= 1/8 of
      its peak, on a cross-entropy's scale, no task measure low: `healthy`, <= 0.5
      (``verdict_anneal.annealed_plateau``);
    - kinds 1, 7: `healthy` while every evaluation after validation's best stayed >= 5% above it beyond the noise
      and training kept falling: `overfit` (``verdict_evidence.val_rise``);
    - kind 1 on few or noisy evaluations: `healthy` while the best came in the first two thirds of the evaluations
      and the later ones stayed >= 5% above the level around it without coming back down, training still falling
      (``ValRise.mild``): `overfit` at ``MILD_OVERFIT_CONFIDENCE``, with the model's or the rules' lean as a finding;
    - kind 1 on erratic validation: `healthy` while training fell >= 10x below its level at validation's best and
      validation stayed >= 10% above that best (``verdict_memorise.memorised``): `overfit` at
      ``MILD_OVERFIT_CONFIDENCE``;
    - `healthy` while the validation accuracy/metric peaked early and gave back >= 25% of its gain for good, training
      still falling: `overfit` at ``MILD_OVERFIT_CONFIDENCE`` (``verdict_measure.measure_declined``);
    - kind 1 on a mild rise: `healthy` while validation's best came early, the evaluations after it stayed >= 5%
      above it trending up, training still falling and the task's measure not at its best late:
      `overfit` at ``MILD_OVERFIT_CONFIDENCE`` (``verdict_drift.val_drift``);
    - kind 1 on a small rise that is a trend: `healthy` while the >= 10 evaluations after an early best climbed with
      Kendall's tau >= 0.6, ending >= 1% above it, training still falling: `overfit` at ``MILD_OVERFIT_CONFIDENCE``
      (``verdict_trendrise.trend_rise``);
    - `healthy` while validation climbed as a trend to >= 3x its early best and training held its low level (not
      falling, not climbing with it): `overfit` at ``FAR_CONFIDENCE`` (``verdict_valfar.val_climbed_far``);
    - `overfit` on a validation accuracy risen to >= 0.99 and held: `healthy` (``verdict_ceiling``);
    - last, on whatever the checks above chose: `underfit` while the task's validation measure was already >= 0.7 at
      its first evaluation and still rose (a pretrained start): `healthy`, <= 0.5
      (``verdict_pretrained.pretrained_start``) -- unless the checks found the run stopped learning (validation
      frozen to float32 precision), cut off while still falling steeply, or its overlap metric never left zero (a
      pixel accuracy at the background share is no task level: ``verdict_nooverlap``): underfit whatever the start.
    """
    out = _refine(label, confidence, method, note, f, curves)
    out = ceiling_healthy(out, curves)  # an overfit on a solved task's loss noise: healthy (verdict_ceiling)
    stopped = out[4].cut is not None or (out[3] is not None and out[3].kind == "frozen") or (
        out[0] == "underfit" and curves is not None and overlap_never_rose(curves) is not None)  # IoU/Dice ~0: no level
    start = pretrained_start(curves) if out[0] == "underfit" and not stopped else None
    if start is not None:  # started near its task's level and improved: a fine-tune's end (verdict_pretrained)
        who = who_chose(out[0], out[1], out[2])
        found = Finding("possible_underfit", f"{who}, but {start.reason}: healthy", start.first_step)
        return "healthy", min(out[1], PRETRAINED_CONFIDENCE), "rules", found, Why()
    loose = unanchored_underfit(*out[:3], f, curves, out[4]) if not stopped else None
    if loose is not None:  # a low lean with no floor to measure it against: healthy, as unsure (verdict_unanchored)
        return "healthy", out[1], "rules", Finding("possible_underfit", f"{who_chose(*out[:3])}, but {loose}"), Why()
    return out


def _refine(label, confidence, method, note, f, curves):
    who = who_chose(label, confidence, method)
    chance = stuck_at_chance(curves) if curves is not None and label != "diverged" else None
    if chance is None and label != "diverged":  # flat at ln k after a blow-up hid the start (verdict_plateau)
        chance = chance_plateau(curves, f) or sat_at_guess(curves, f)  # (verdict_guesslevel: fell into ln k)
    if chance is not None and chance.how == "collapsed":  # learned, then fell back to chance for good
        note = Finding(f"possible_{label}", f"{who}, but {chance.reason}: diverged")
        return "diverged", min(max(confidence, 0.55), CHANCE_CONFIDENCE), "rules", note, Why(chance=chance)
    if chance is not None:  # never left the guessing level: stalled, whatever the shape said (verdict_chance)
        note = note if label == "stalled" else Finding(f"possible_{label}", f"{who}, but {chance.reason}: stalled")
        confidence = confidence if label == "stalled" else min(max(confidence, 0.55), CHANCE_CONFIDENCE)
        return "stalled", confidence, method if label == "stalled" else "rules", note, Why(chance=chance)
    blowup = blew_up_at_end(curves) if label != "diverged" else None
    if blowup is not None:  # its last log the highest of all: the run ended on a blow-up (verdict_cut)
        note = Finding(f"possible_{label}", f"{who}, but its last log `{blowup.name}` = {_fmt(blowup.last)} (step "
                                            f"{_step(blowup.last_step)}) is the highest of the run, "
                                            f"{times(blowup.last / blowup.first)} its first and "
                                            f"{times(blowup.last / blowup.low)} its lowest: diverged")
        return "diverged", min(max(confidence, 0.45), END_BLOWUP_CONFIDENCE), "rules", note, Why()
    dip = lucky_dip(curves) if label in ("overfit", "healthy") else None
    if dip is not None and label == "overfit":  # the lowest evaluation was a lone dip: validation never turned
        return "healthy", min(confidence, DIP_CONFIDENCE), "rules", dip_finding(dip, who), Why()
    if curves is None or label in ("diverged", "overfit"):
        vr = val_rise(curves) if curves is not None and label == "overfit" else None
        held = _metric_held(curves) if vr is not None and _mild_rise(vr, METRIC_HELD_RISE) \
            and val_drift(curves) is None and not _never_improved(f, curves) else None  # a drift with a trend
        # is overfit however the metric held; so is a validation loss that never improved at all
        if held is not None:  # a mild loss rise while the task's metric held its best: no worse predictions
            return "healthy", min(confidence, METRIC_HELD_CONFIDENCE), "rules", held_finding(vr, held, who), \
                Why(val_rise=vr)
        if vr is not None and _mild_rise(vr):  # 5-15% above the best: mild, a lean
            confidence = min(confidence, MILD_CAP)
        noisy = noisy_rise(curves, vr) if label == "overfit" else None
        if noisy is not None:  # a rise >= 10% the noise tests cannot confirm: no wobble, a lean (verdict_noisy)
            note = Finding("possible_healthy", noisy.text(who), vr.best_step)
            confidence = min(confidence, MILD_OVERFIT_CONFIDENCE)
        return label, confidence, method, note, Why(val_rise=vr)
    solved = task_solved(curves) if label == "underfit" or (label == "stalled" and _measure_moved(curves)) else None
    if solved is not None:  # the task's own measure is near its best: not "high relative to what the task allows"
        # (nor a stall: a model at its task's level that still improved learned before its first log)
        note = Finding(f"possible_{label}", f"{who}, but {solved}: healthy")
        label, confidence, method, who = "healthy", min(confidence, CHANCE_CONFIDENCE), "rules", "the rules say healthy"
    refuted = stall_refuted(f, curves) if label == "stalled" else None
    rose = metric_rose(curves) or accuracy_climbed(curves) if label == "stalled" and refuted is None else None
    refuted = NoStall("healthy", rose, "metric_rose") if rose is not None else refuted  # (verdict_metricrose)
    refuted = refuted or (creep_refuted(f, curves) if label == "stalled" else None)  # (verdict_creep)
    refuted = refuted or (learned_refuted(f, curves) if label == "stalled" else None)  # (verdict_learned)
    refuted = refuted or (short_fall(f, curves) if label == "stalled" else None)  # (verdict_shortfall)
    steady = steady_fall(curves.train_loss if f.train is not None else curves.val_loss)
    short = too_short_for_a_stall(curves) if label == "stalled" and (refuted is None or refuted.label != "healthy") \
        and steady is None else None
    if short is not None:  # 2-3 logs that fell: cut short, not flat (verdict_cut); by half or more: it learned
        note = Finding("possible_stalled", f"{who}, but {short.reason}: {short.label}")
        return short.label, min(confidence, CUT_CONFIDENCE), "rules", note, Why()
    if refuted is not None:  # a flat training loss while validation fell, or flat far below chance from the start
        note = Finding("possible_stalled", f"{who}, but {refuted.reason}: {refuted.label}")
        label, confidence, method = refuted.label, min(confidence, REFUTED_CONFIDENCE), "rules"
        who = f"the rules say {label}"
    flat = never_fell(f, curves) if label == "underfit" and solved is None else None
    if flat is not None:  # underfit "does decrease": one that never fell is a stall (verdict_nofall)
        note = Finding("possible_underfit", f"{who}, but {flat.reason}: stalled")
        return "stalled", min(max(confidence, 0.5), NO_FALL_CONFIDENCE), "rules", note, Why()
    vr = val_rise(curves) if label == "healthy" and curves is not None else None  # (the same one used below)
    climbing = vr is not None and _val_climbing(vr, curves)  # validation rising after its best: overfit's, below
    if steady is not None and not climbing and (label == "stalled" or (label in ("healthy", "underfit")
                                                                       and steady.fall < CUT_SHORT_FALL)):
        new = "underfit" if steady.fall < CUT_SHORT_FALL and high_for_a_classifier(f, steady, curves) else "healthy"
        note = Finding(f"possible_{label}", f"{who}, but the loss {steady.how} ({_pct(steady.fall)} in all) and was "
                                            f"still falling at the last: a short run cut short"
                                            + (", not a stall" if label == "stalled" else "")) if label != new else note
        return new, min(confidence, 0.45), "rules" if label != new else method, note, Why(steady=steady)
    if label in ("healthy", "underfit") and f.final_vs_chance != f.final_vs_chance and solved is None:
        floor = presumed_underfit(f, curves)
        flat = prior_stall(curves) if floor is not None else None
        if flat is not None:  # from ln k, a few % lower, accuracy flat: nothing learned (verdict_floor)
            note = Finding(f"possible_{label}", prior_stall_text(flat, floor.k, who))
            return "stalled", min(max(confidence, 0.55), ACC_FLAT_CONFIDENCE), "rules", note, Why(accuracy=flat)
        if floor is not None:
            if label == "healthy":
                note = Finding("possible_healthy", f"{who}, but the loss started at ln {floor.k} (guessing among "
                                                   f"{floor.k} classes) and flattened early at "
                                                   f"{floor.final_fraction:.0%} of it, training and validation "
                                                   "together: underfit")
                confidence, method = PRESUMED_CONFIDENCE, "rules"
            return "underfit", min(max(confidence, 0.55), PRESUMED_CONFIDENCE), method, note, Why(floor=floor)
    annealed = annealed_plateau(f, curves) if label == "underfit" and solved is None else None
    if annealed is not None:  # flattened as a planned schedule ran down: a fine-tune's or LM's end (verdict_anneal)
        note = Finding("possible_underfit", f"{who}, but {annealed.reason}: healthy")
        return "healthy", min(confidence, ANNEAL_CONFIDENCE), "rules", note, Why()
    flat = (accuracy_never_rose(curves) or zero_accuracy(curves)) if label == "healthy" and not climbing else None
    if flat is not None and flat.one_answer and (prior := prior_only(curves, flat)) is not None:  # verdict_prioronly
        note = Finding("possible_healthy", f"{who}, but `{flat.name}` was {_fmt(flat.last)} at every one of its "
                                           f"{flat.points} logs and the training loss ended at {prior[0]:.3g}, the "
                                           f"entropy of that class prior ({prior[1]:.3g} nats): the model learned "
                                           "the prior only, one answer for every example: stalled")
        return "stalled", min(max(confidence, 0.55), ACC_FLAT_CONFIDENCE), "rules", note, Why(accuracy=flat)
    if flat is not None and flat.one_answer:  # a high accuracy at every log: weak evidence (ONE_ANSWER_CONFIDENCE)
        note = Finding("possible_healthy", f"{who}, but `{flat.name}` was {_fmt(flat.last)} at every one of its "
                                           f"{flat.points} logs: the same answer for every example (the majority "
                                           "class) or a saturated metric; underfit at low confidence")
        return "underfit", min(confidence, ONE_ANSWER_CONFIDENCE), "rules", note, Why(accuracy=flat)
    if flat is not None:
        got = "stalled" if flat.loss_fall is not None and flat.loss_fall < FLAT_STALL_FALL else "underfit"
        note = Finding("possible_healthy", f"{who}, but `{flat.name}` never rose ({_fmt(flat.first)} at first, at "
                                           f"most {_fmt(flat.peak)}, {_fmt(flat.last)} at the last of "
                                           f"{flat.points} logs): {got}")
        return got, min(max(confidence, 0.55), ACC_FLAT_CONFIDENCE), "rules", note, Why(accuracy=flat)
    frozen = frozen_validation(curves) if label == "healthy" else None
    if frozen is not None:
        note = Finding("frozen", f"validation `{frozen.name}` was {_fmt(frozen.value)} at each of its last "
                                 f"{frozen.evals} of {frozen.of} evaluations ({frozen.x} {_step(frozen.since_step)}-"
                                 f"{_step(frozen.last_step)}), identical to float32 precision: the weights stopped "
                                 "changing (a learning rate of 0, frozen parameters, or optimizer steps skipped for "
                                 f"NaN/Inf gradients), so the run stopped learning by {frozen.x} "
                                 f"{_step(frozen.since_step)}: underfit ({who})", frozen.since_step)
        return "underfit", min(max(confidence, 0.55), CHANCE_CONFIDENCE), "rules", note, Why()
    low = accuracy_stayed_low(curves) if label == "healthy" and not metric_still_rising(curves) else None
    if low is not None:
        note = Finding("possible_healthy", f"{who}, but `{low.name}` ended at {_fmt(low.last)} (step "
                                           f"{_step(low.last_step)})" + ("" if low.train_last is None else
                                           f", training accuracy {_fmt(low.train_last)}") + ": underfit")
        return "underfit", min(max(confidence, 0.55), CHANCE_CONFIDENCE), "rules", note, Why(low_accuracy=low)
    cut = cut_off(curves) if label == "healthy" else None
    if cut is not None:
        note = Finding("possible_healthy", f"{who}, but `{cut.name}` was still falling {_pct(cut.per_eval)} an "
                                           f"evaluation at its last ({cut.points} evaluations, {_pct(cut.fall)} "
                                           "below its first): the run was cut off with far to go: underfit")
        return "underfit", min(confidence, CUT_CONFIDENCE), "rules", note, Why(cut=cut)
    never = validation_never_improved(curves) if label == "healthy" and f.train is not None \
        and f.train.fraction_removed >= NEVER_TRAIN_FALL else None
    if never is not None:  # training learned, validation never did: the gap widened from the first evaluation
        note = Finding("possible_healthy", f"{who}, but validation never improved while training fell "
                                           f"{f.train.fraction_removed:.0%}: overfit from the start (or a "
                                           "train/validation mismatch)")
        return "overfit", min(max(confidence, 0.5), MILD_CAP), "rules", note, Why(never=never)
    vr = vr if label == "healthy" else val_rise(curves)
    if label == "healthy" and dip is not None and vr is not None and (vr.stayed_above or vr.mild):
        return label, confidence, method, dip_finding(dip, "the evaluations after it lean overfit"), Why()
    drift = val_drift(curves) if label == "healthy" and dip is None else None
    if label == "healthy" and vr is not None and (vr.stayed_above or vr.mild) and _mild_rise(vr, METRIC_HELD_RISE) \
            and drift is None:  # a drift with a trend is overfit however the metric held (verdict_drift)
        held = _metric_held(curves)
        if held is not None:  # the loss rose a little, the task's metric held its best: stays healthy
            return label, confidence, method, held_finding(vr, held, "the validation loss leans overfit"), Why()
    if label == "healthy" and vr is not None and vr.stayed_above:
        note = None if method == "rules" else Finding(
            "possible_healthy", f"{who}, but the {vr.evals_after} validation evaluations after its best stayed "
                                f"{_pct(vr.rise)} above it (median) while training kept falling: overfit")
        cap = MILD_CAP if _mild_rise(vr) else 0.8
        return "overfit", round(min(cap, 0.55 + 0.1 * min(vr.z, 2.5)), 3), "rules", note, Why(val_rise=vr)
    if label == "healthy" and vr is not None and (vr.rising or vr.steady_climb) and not vr.mild:
        note = Finding("possible_healthy", f"{who}, but validation rose at each of its {vr.evals_after} evaluations "
                                           f"after its best ({_fmt(vr.best)} at {curves.val_loss.x} "
                                           f"{_step(vr.best_step)}), to {_pct(vr.rise_end)} above it, while training "
                                           "kept falling: overfitting (few evaluations: low confidence)")
        return "overfit", MILD_OVERFIT_CONFIDENCE, "rules", note, Why(val_rise=vr)
    if label == "healthy" and vr is not None and vr.mild:
        note = Finding("possible_healthy", f"{who}, but validation's best came early ({vr.evals_after} of "
                                           f"{vr.evals} evaluations after it) and its later evaluations stayed "
                                           f"{_pct(vr.late_rise)} above the level around it, not coming back down, "
                                           "while training kept falling: mild overfitting (few or noisy "
                                           "evaluations: low confidence)")
        return "overfit", MILD_OVERFIT_CONFIDENCE, "rules", note, Why(val_rise=vr)
    went_on = memorised(curves, vr) if label == "healthy" and dip is None else None
    if went_on is not None:  # training fell 10x more after validation's best, validation stayed above it
        note = Finding("possible_healthy", memorised_text(went_on, who), went_on.best_step)
        return "overfit", MILD_OVERFIT_CONFIDENCE, "rules", note, Why(val_rise=vr)
    fell = measure_declined(curves) if label == "healthy" else None
    if fell is not None:  # the task's accuracy/metric fell back for good while training improved (verdict_measure)
        note = Finding("possible_healthy", f"{who}, but validation `{fell.name}` peaked at {_fmt(fell.best)} "
                                           f"({fell.x} {_step(fell.best_step)}; {_fmt(fell.first)} at its first "
                                           f"evaluation) and then gave back {_pct(fell.gave_back)} of that gain "
                                           f"(median after it {_fmt(fell.level_after)}, last logged "
                                           f"{_fmt(fell.last)} at {fell.x} {_step(fell.last_step)}) while training "
                                           f"fell from {_fmt(fell.train_at_best)} (median around the peak) to "
                                           f"{_fmt(fell.train_last)}: overfitting by the task's measure (low "
                                           "confidence)", fell.best_step)
        return "overfit", MILD_OVERFIT_CONFIDENCE, "rules", note, Why(val_rise=vr, measure=fell)
    short = short_val_rise(curves) if label == "healthy" and (vr is None or vr.evals <= 5) else None
    if short is not None:
        note = Finding("possible_healthy", f"{who}, but validation rose after its best "
                                           f"({_fmt(short.best)} at {curves.val_loss.x} {_step(short.best_step)}) to "
                                           f"{_fmt(short.last)} ({_pct(short.rise)} higher) while training fell "
                                           f"from {_fmt(short.train_at_best)} to {_fmt(short.train_last)}: "
                                           f"overfitting on {short.evals} evaluations (thin evidence)")
        return "overfit", MILD_OVERFIT_CONFIDENCE, "rules", note, Why(val_rise=vr)
    if drift is not None:  # an early best, validation trending up above it, training still falling (verdict_drift)
        note = Finding("possible_healthy", drift_text(drift, who), drift.best_step)
        return "overfit", MILD_OVERFIT_CONFIDENCE, "rules", note, Why(val_rise=vr)
    trend = trend_rise(curves) if label == "healthy" and dip is None else None
    if trend is not None:  # a 1-5% rise climbing at nearly every evaluation after an early best (verdict_trendrise)
        return "overfit", MILD_OVERFIT_CONFIDENCE, "rules", Finding("possible_healthy", trend_text(trend, who),
                                                                     trend.best_step), Why(val_rise=vr)
    far = val_climbed_far(curves) if label == "healthy" and dip is None else None
    if far is not None:  # validation climbed to several times its early best, training held its floor (verdict_valfar)
        note = Finding("possible_healthy", far_text(far, who), far.best_step)
        return "overfit", FAR_CONFIDENCE, "rules", note, Why(val_rise=vr)
    return label, confidence, method, note, Why(val_rise=vr)


METRIC_HELD, METRIC_HELD_CONFIDENCE = 0.1, 0.55  # the metric's last eval gave back <= 10% of its gain
METRIC_HELD_RISE = 0.2  # ... while validation's loss stayed < 20% above its best


def _metric_held(curves: Curves):
    """The task's validation metric (``verdict_metric.metric_course``, >= 3 evaluations) when it improved and its
    last evaluation gave back at most ``METRIC_HELD`` of that gain, else None. Overfitting is generalisation getting
    worse; a validation loss that drifts up a little (< 20%: ``METRIC_HELD_RISE``) while the metric the task is judged
    by holds its best is the loss of a model growing more confident, not worse predictions. Public `healthy`
    ``cell-yolov5 exp2`` (YOLOv5, 300 epochs: the summed validation loss 7% above its best, moved by the objectness
    term alone, while mAP@0.5:0.95 rose 0.007 -> 0.644 and ended at 0.635) was called `overfit`; the labelled
    `overfit` runs whose metric kept improving rose 24-67% (codebert-tactics, dnabert2, ner-mti881, two Whisper
    fine-tunes); `healthy` ``g2p`` (a grapheme-to-phoneme model: val_loss 13% above its best over 99 epochs, 16% at
    the last, while the phoneme error rate reached its best) was called `overfit` under a 15% limit."""
    course = metric_course(curves.val_metric)
    if course is None or not course.improved or course.gave_back > METRIC_HELD:
        return None
    return course


def _mild_rise(vr, limit: float = MILD_RISE) -> bool:
    """Validation stayed < ``limit`` above its best (the evaluations after it, and its last ones)."""
    return max(vr.rise, vr.rise_end) < limit


def rules_alone(rule_label: str, scores, features: RunFeatures, curves: Curves, climb) -> str:
    """What ``--rules-only`` labels the run before the later overrides: the rules' label after ``refine``."""
    if climb is not None and climb.lr_excuse is None:
        return "diverged"
    return refine(rule_label, float(scores[rule_label]), "rules", None, features, curves)[0]


def _val_climbing(vr, curves) -> bool:
    """Validation (``vr``: its ``val_rise``) rose at each of its evaluations after its best while training fell
    (``ValRise.rising`` or ``steady_climb``): what decides `overfit` below, taken before "a short run cut short" and "an
    accuracy that never rose" (public clear `overfit` plantclip108, a CLIP fine-tune of 10 epochs: val_loss 0.7173
    at epoch 6, then 0.7197, 0.7266, 0.7474, 0.7745 while train_loss fell 0.715 -> 0.642, its retrieval accuracy
    flat at 0.58 all run, was `underfit` "cut short")."""
    # not while the task's accuracy/metric improved and held its gain (a fine-tune's loss creeping up 3% while its
    # recall@10 rose at every epoch: a stop-50 breaker's case, `overfit` 0.55 before this guard)
    return (vr.rising or vr.steady_climb) and held_measure(curves) is None
