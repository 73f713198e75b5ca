"""The words of a verdict: the summary and advice per shape label (the secondary findings: ``verdict_findings``).

Issue 9, kind 9: a reader checks the summary against the log. Every value quoted with a step is a logged value at
that step (first, last, lowest logged); anything computed from the smoothed curve says "smoothed". "Barely moved" is
said only when the loss did (< 5% between the first and the last log, and smoothed).
"""
from __future__ import annotations

from dataclasses import dataclass

from .curves import Curves
from .features import RunFeatures
from .verdict_onset import climb_onset, onset_words
from .verdict_base import higher_lower, times, _chance_name, _fmt, _pct, _step, _value_at
from .verdict_evidence import MIN_RISE, Logged, SteadyFall, ValRise, logged
from .verdict_chance import AtChance, LowAccuracy
from .verdict_plateau import blowup_advice
from .verdict_blowup import with_blowup
from .verdict_cut import CutOff
from .verdict_flatacc import ACC_FLAT_MAX, FlatAccuracy
from .verdict_floor import Floor
from .verdict_measure import MeasureDecline, measure_text
from .verdict_lrtext import lr_raise, raise_advice
from .verdict_lrblowup import lr_is_huge
from .verdict_thin import THIN_POINTS


@dataclass(frozen=True)
class Why:
    """What decided a label beyond the rule scores, for the texts: the validation after its best (kinds 1, 6, 7),
    the presumed chance level (kind 5), a short steady fall (kind 10)."""

    val_rise: ValRise | None = None
    floor: Floor | None = None
    steady: SteadyFall | None = None
    accuracy: FlatAccuracy | None = None  # an accuracy that never rose (verdict_flatacc.accuracy_never_rose)
    chance: AtChance | None = None  # never left the guessing level (verdict_chance.stuck_at_chance)
    low_accuracy: LowAccuracy | None = None  # an accuracy that ended <= 0.5 (verdict_chance.accuracy_stayed_low)
    cut: CutOff | None = None  # cut off while still falling steeply (verdict_cut.cut_off)
    never: str | None = None  # validation never improved while training fell (verdict_stall.validation_never_improved)
    measure: MeasureDecline | None = None  # the task's measure fell back (verdict_measure.measure_declined)


def _went(name: str, lg: Logged, fell: str) -> str:
    return f"`{name}` went from {_at(lg, 'first')} to {_at(lg, 'last')} ({fell})"


SMOOTHED_MIN_POINTS = 5  # fewer logs than this: no smoothed share is quoted, the logged one is (issue 9, kind 9)


def _fell_text(fell: str, lg: Logged, main=None) -> str:
    """"smoothed, {fell}"; with fewer than ``SMOOTHED_MIN_POINTS`` logs of a positive loss, the logged share
    ("81% lower as logged"): a 4-point log's robust start and end are the same median ("fell from 0.2568 to 0.04763
    (smoothed, 0% lower)", public japchars93, said what the log does not). When the smoothed share of a positive loss
    (``main``: its ``LossShape``) is ``VISIBLE_GAP`` or more off the share of the logged first and last values the
    summary quotes beside it, both are said, the smoothed one with its own ends ("10% higher as logged; smoothed
    2.337 -> 2.222, 5% lower"): a reader checks a percentage against the numbers next to it (issue 9, kind 9)."""
    if lg.first > 0 and lg.last > 0:
        if lg.points < SMOOTHED_MIN_POINTS:
            return f"{_logged_share(lg)} as logged"
        if main is not None and main.log_scale and \
                abs((1 - lg.last / lg.first) - main.fraction_removed_first) >= VISIBLE_GAP:
            return f"{_logged_share(lg)} as logged; smoothed {_fmt(main.start)} -> {_fmt(main.final)}, {fell}"
    return f"smoothed, {fell}"


VISIBLE_GAP = 0.05  # logged and smoothed shares 5+ points apart: a reader sees they disagree


def _logged_share(lg: Logged) -> str:
    """How the last logged value compares with the first (both positive): "81% lower", "10% higher", "3.2x higher"."""
    return higher_lower(lg.last / lg.first)


def _val_last(vlg: Logged | None) -> str:
    return f"; validation `{vlg.name}` last logged {_at(vlg, 'last')}" if vlg is not None else ""


def _at(lg: Logged, which: str) -> str:
    """"1.234 at step 1,000" for the first/last/low logged value."""
    value, step = {"first": (lg.first, lg.first_step), "last": (lg.last, lg.last_step),
                   "low": (lg.low, lg.low_step)}[which]
    return f"{_fmt(value)} at {lg.x} {_step(step)}"


def _logged_evidence(lg: Logged) -> dict:  # all of `series`; best_step_series says whose best_step is (README)
    return {"series": lg.name, "initial": lg.first, "initial_step": lg.first_step, "minimum": lg.low,
            "minimum_step": lg.low_step, "best_step": lg.low_step, "best_step_series": lg.name, "final": lg.last,
            "final_step": lg.last_step, "logs": lg.points}


def _barely_moved(lg: Logged, main) -> bool:
    moved = abs(lg.last - lg.first) / max(abs(lg.first), 1e-12)
    return moved < 0.05 and max(main.fraction_removed, main.fraction_removed_first) < 0.05


def _summary(label: str, curves: Curves, f: RunFeatures, why: Why = Why()) -> tuple[str, dict, list[str]]:
    t, v = f.train, f.val
    main, series = (t, curves.train_loss) if t is not None and t.initial == t.initial else (v, curves.val_loss)
    lg = logged(series)
    vlg = logged(curves.val_loss) if t is not None and v is not None else None
    x = lg.x
    name = series.name
    ev: dict = _logged_evidence(lg)
    ev["smoothed"] = {"start": main.start, "minimum": main.minimum, "minimum_step": main.min_step,
                      "final": main.final}
    # how far the smoothed curve fell: a share for positive losses, from/to values otherwise (a "100% lower"
    # log-likelihood that went from 1.0 to -1.6 says nothing)
    fell = (f"{_pct(max(main.fraction_removed_first, 0))} lower" if main.log_scale and main.final <= main.start else
            higher_lower(main.final / main.start) if main.log_scale else f"from {_fmt(main.start)} to {_fmt(main.final)}")
    fell_text = _fell_text(fell, lg, main)
    if label == "diverged":
        start = main.divergence_start_step if main.divergence_start_step is not None else lg.low_step
        onset = climb_onset(series, lg.low_step, start)
        lr_trouble = _value_at(curves.lr, onset.began if onset is not None else start)
        ev["divergence_start_step"] = start
        if onset is not None:
            ev["climb_began_step"] = onset.began
        ratio = lg.last / lg.first if lg.first > 0 and lg.last > 0 else None
        text = (f"`{name}` reached its lowest logged {_at(lg, 'low')}, then {onset_words(onset, x) if onset is not None else f'climbed from {x} {_step(start)}'} to "
                f"{_at(lg, 'last')} (the last log)"
                + (f", {times(ratio)} its first logged {_at(lg, 'first')}" if ratio else
                   f" (first logged {_at(lg, 'first')})")
                + ", and did not come back"
                + (f"; the learning rate was {_fmt(lr_trouble)} when the climb began" if lr_trouble is not None else "")
                + ".")
        if why.chance is not None:  # collapsed back to ln k after learning (verdict_plateau)
            text, ev["at_chance"] = text[:-1] + f"; {why.chance.reason}.", {"classes": why.chance.k, "how": "collapsed"}
        raised = lr_raise(curves.lr, f.lr_cycles)  # a sudden raise: no warm-up to extend (verdict_lrtext)
        advice = [
            raise_advice(raised, lr_trouble, "when the climb began") if raised is not None else
            f"Lower the peak learning rate{f' (it was {_fmt(lr_trouble)})' if lr_trouble is not None else ''} "
            "by 3-10x, or add/extend warm-up.",
            "Clip gradients (clip_grad_norm_ at 1.0) and check that inputs are normalised.",
            f"If you keep this run, use the checkpoint from {x} {_step(lg.low_step)} (the lowest logged loss).",
        ]
    elif label == "stalled":
        ev["plateau_start_step"] = main.plateau_start_step
        if _barely_moved(lg, main):
            text = (f"`{name}` barely moved: {_at(lg, 'first')} (the first log), {_at(lg, 'last')} (the last), "
                    f"never below {_at(lg, 'low')}; {fell_text} over {lg.points} logs.")
        else:  # the logged points moved (per-step noise, a bump): the smoothed level barely did
            flat = (f", flat since {x} {_step(main.plateau_start_step)}" if main.plateau_start_position < 0.9
                    and lg.points > THIN_POINTS else "")  # two or three logs have no plateau (verdict_thin)
            text = (f"`{name}` went from {_at(lg, 'first')} to {_at(lg, 'last')} (lowest logged {_at(lg, 'low')}); "
                    f"{fell_text} over {lg.points} logs{flat}.")
        if why.chance is not None:
            ev["at_chance"] = {"classes": why.chance.k, "how": why.chance.how}
            if why.chance.since_step is not None:  # "held at ln k for most of the run": flat from its first log there
                ev["plateau_start_step"] = why.chance.since_step
            text = text[:-1] + f"; {why.chance.reason}."
        if why.accuracy is not None:  # a loss that fell < 10% beside an accuracy that never rose (verdict_floor)
            a = why.accuracy
            ev["accuracy_never_rose"] = {"series": a.name, "first": a.first, "peak": a.peak, "last": a.last,
                                         "points": a.points}
            text = text[:-1] + (f"; `{a.name}` never rose ({_fmt(a.first)} at its first log, at most {_fmt(a.peak)}, "
                                f"{_fmt(a.last)} at the last of {a.points}): nothing was learned.")
        lr = f.lr_log10_median
        advice = []
        if why.chance is not None and why.chance.blowup is not None:
            advice.append(blowup_advice(why.chance))
        elif lr == lr and lr < -5:
            advice.append(f"The learning rate is tiny (~{_fmt(10 ** lr)}): raise it by 100-1000x.")
        advice += [
            "Overfit one small batch first: if the loss does not drop, the bug is in the model/loss/data pipeline.",
            "Check for dead ReLUs or vanishing gradients (replay a checkpoint: `loganalyzer replay`); try "
            "LeakyReLU, He/Glorot init, normalisation or residual connections.",
            "Check that parameters are not frozen and that labels match inputs (not shuffled separately).",
        ]
        if f.grad_norm_collapse:
            advice.insert(0, "The gradient norm collapsed to ~0: the model is stuck (dead units or saturation).")
    elif label == "underfit" and why.cut is not None:
        c = why.cut
        ev["cut_off"] = {"series": c.name, "first": c.first, "first_step": c.first_step, "last": c.last,
                         "last_step": c.last_step, "evaluations": c.points, "fall_per_evaluation": c.per_eval}
        text = (f"`{c.name}` was still falling steeply when the run stopped: {_fmt(c.first)} at {c.x} "
                f"{_step(c.first_step)} (its first log), {_fmt(c.last)} at {c.x} {_step(c.last_step)} (its last and "
                f"lowest, {_pct(c.fall)} lower), {_pct(c.per_eval)} an evaluation over its last two; {c.points} "
                "evaluations are thin evidence, but the run was cut off with far to go (undertrained).")
        advice = [
            "Train longer: the loss was still falling steeply when the run stopped.",
            "If it must stay short, raise the learning rate (or use a schedule with warm-up) so it converges sooner.",
        ]
    elif label == "underfit" and why.steady is not None:
        s = why.steady
        text = (f"`{name}` {s.how}, from {_at(lg, 'first')} to "
                f"{_at(lg, 'last')} ({_pct(s.fall)} lower), and was still falling at the last log: {s.points} logs "
                "are thin evidence; the run looks cut short (undertrained), not stalled"
                + (f"; validation `{vlg.name}`: {_at(vlg, 'first')}, {_at(vlg, 'last')}" if vlg is not None else "")
                + ".")
        advice = [
            "Train longer: the loss was still falling when the run stopped.",
            "If it must stay short, raise the learning rate (or use a schedule with warm-up) so it converges sooner.",
            "Log more often (every few steps) so the next verdict rests on more than a handful of points.",
        ]
    elif label == "underfit" and why.accuracy is not None and why.accuracy.one_answer:
        a = why.accuracy
        ev["accuracy_never_rose"] = {"series": a.name, "first": a.first, "peak": a.peak, "last": a.last,
                                     "points": a.points, "one_answer": True}
        text = (f"{_went(name, lg, fell_text)}, but `{a.name}` was {_fmt(a.last)} at every one of its {a.points} logs "
                f"({x}s {_step(a.first_step)}-{_step(a.last_step)}). A high accuracy that never moves is no proof of "
                "underfit: it may be the majority-class rate (the model gives one answer for every example) or a "
                f"metric saturated at the task's ceiling; judged underfit at low confidence{_val_last(vlg)}.")
        advice = [
            "Compare the accuracy with the share of the largest class in the validation data: equal means the model "
            "predicts that class for every example (weight the loss or resample, and log a per-class metric: "
            "recall, F1, AUC).",
            "If the accuracy is at the task's ceiling instead, judge the run by its loss or a finer metric.",
        ]
    elif label == "underfit" and why.accuracy is not None:
        a = why.accuracy
        ev["accuracy_never_rose"] = {"series": a.name, "first": a.first, "peak": a.peak, "last": a.last,
                                     "points": a.points}
        text = (f"{_went(name, lg, fell_text)}, but `{a.name}` never rose: {_fmt(a.first)} at {x} {_step(a.first_step)} "
                f"(its first log), at most {_fmt(a.peak)} (at {x} {_step(a.peak_step)}), {_fmt(a.last)} at the last "
                f"of its {a.points} logs. " + ("The falling loss bought no better predictions by the task's own "
                                               "measure" if a.metric else "The model did not learn to classify better "
                                               "than it did at the start (chance, or the majority-class rate)")
                + f"{_val_last(vlg)}.")
        advice = [
            "Check the class balance: an accuracy stuck at the majority-class rate means the model predicts one "
            "class (weight the loss or resample).",
            "Check that labels match the inputs and that the loss is the task's (a loss on the wrong scale can fall "
            "while the accuracy stays at chance).",
            "Then raise the learning rate, train longer or grow the model.",
        ]
        if a.peak <= ACC_FLAT_MAX:  # a blown-up first log: the learning rate, not capacity (not at a high level:
            advice = with_blowup(lg, curves, advice, ev)  # newcomer34's 0.972 at every epoch, loss 378x lower)
    elif label == "underfit" and why.low_accuracy is not None:
        a = why.low_accuracy
        ev["accuracy_stayed_low"] = {"series": a.name, "first": a.first, "last": a.last, "train_last": a.train_last}
        text = (f"{_went(name, lg, fell_text)}, but `{a.name}` ended at {_fmt(a.last)} ({x} {_step(a.last_step)}; "
                f"{_fmt(a.first)} at its first log)"
                + ("" if a.train_last is None else f", the training accuracy at {_fmt(a.train_last)}, no better")
                + f": the model could not fit even its training data well{_val_last(vlg)}.")
        advice = [
            "Grow the model or remove regularisation (dropout, weight decay) first: training accuracy is as low as "
            "validation's.",
            "Train longer or raise the learning rate if the loss was still falling; check the inputs' "
            "normalisation and that labels match them.",
        ]
    elif label == "underfit":
        ev["plateau_start_step"] = main.plateau_start_step
        gap = ""
        if vlg is not None:
            gap = f"; validation `{vlg.name}` last logged {_at(vlg, 'last')}, close to training"
        chance = ""
        if f.final_vs_chance == f.final_vs_chance:
            chance = f"; smoothed, it ends at {f.final_vs_chance:.2f}x {_chance_name(f)} of guessing"
        elif why.floor is not None:
            fl = why.floor
            chance = (f"; its first logged loss {_fmt(fl.first)} is ln {fl.k} = {fl.chance:.3f}, guessing among {fl.k} "
                      f"classes, and it ends (smoothed) at {fl.final_fraction:.0%} of that")
            ev["presumed_classes"] = fl.k
            ev["presumed_chance_loss"] = round(fl.chance, 4)
        only = f"smoothed, only {fell}"
        if lg.first > 0 and lg.last > 0 and lg.first >= 2 * lg.last and main.log_scale:
            # a first log far above the rest is not part of the smoothed start: say both (kind 9)
            below = _pct(1 - lg.last / lg.first)
            only = (f"{below} below its first log, but smoothed over the rest only {fell}"
                    if not fell.startswith(below + " ") else f"{below} below its first log")
        elif not fell_text.startswith("smoothed, "):  # the logged ends tell another share: both (_fell_text)
            only = fell_text
        flat = (f" and, smoothed, has been flat since {x} {_step(main.plateau_start_step)}"
                if main.plateau_start_position < 0.9 and lg.points > THIN_POINTS else "")  # a "plateau" at the last
        # logs names no flat stretch; two or three logs have none (ux69 F5: "20% lower ... flat since" its first step)
        text = f"`{name}` went from {_at(lg, 'first')} to {_at(lg, 'last')} ({only}){flat}{chance}{gap}."
        advice = [
            "Reduce regularisation first (dropout, weight decay), then grow the model (width/depth).",
            "Train longer if the curve was still creeping down." if lr_is_huge(curves) else  # (verdict_lrblowup)
            "Train longer or with a higher learning rate if the curve was still creeping down.",
            "Check data quality and input normalisation; noisy labels cap the reachable loss.",
        ]
        advice = with_blowup(lg, curves, advice, ev, rest_fell=main.fraction_removed_first)
    elif label == "overfit" and why.never is not None:  # validation never improved while training learned
        ev["validation_never_improved"] = True
        text = (f"{why.never}, while training `{name}` fell from {_at(lg, 'first')} to {_at(lg, 'last')}: the gap "
                "widened from the first evaluation on, so there is no good step to stop at.")
        advice = [
            "Validation never improved: check the split first (is validation drawn like training?), then for "
            "leakage or a validation loss/metric computed on the wrong outputs.",
            "If the split is sound, the model memorises from the start: regularise (dropout, weight decay, "
            "augmentation), get more data or use a smaller model.",
        ]
    elif label == "overfit" and why.measure is not None:  # the task's accuracy/metric decided (verdict_measure)
        val = "" if vlg is None else (f"; validation `{vlg.name}`: lowest {_at(vlg, 'low')}, last logged "
                                      f"{_at(vlg, 'last')}")
        text, ev_m, advice = measure_text(why.measure, lg.name, _at(lg, "last"), val)
        ev.update(ev_m)
    elif label == "overfit":
        text, ev_over, advice = _overfit_text(curves, f, why.val_rise, lg)
        ev.update(ev_over)
    else:  # healthy
        verb = "fell" if lg.last < lg.first else "went"  # a noisy last log can sit above a low first one
        text = (f"`{name}` {verb} from {_at(lg, 'first')} to {_at(lg, 'last')} ({fell_text}; lowest logged "
                f"{_at(lg, 'low')})")
        best = lg.low_step
        if vlg is not None:
            text += f"; validation `{vlg.name}`: lowest {_at(vlg, 'low')}, last logged {_at(vlg, 'last')}"
            best = vlg.low_step
            ev.update(best_val_step=best, best_val=vlg.low, val_series=vlg.name, best_step_series=vlg.name)
        ev["best_step"] = best
        if why.steady is not None:  # a short log still falling: no sign of trouble, but little to go on (kind 10)
            text += (f"; it {why.steady.how} and was still falling at the last: {why.steady.points} "
                     f"{why.steady.unit}s are thin evidence, the run may have been cut short (no floor known to call "
                     "that underfit)")
        text += "."
        advice = [f"{NOTHING_TO_FIX}the lowest {'validation ' if vlg is not None else ''}loss was logged at {x} "
                  f"{_step(best)}."]
        if why.steady is not None:
            advice.append("Train longer if the loss should go lower: it was still falling when the run stopped.")
    return text, ev, advice


def _overfit_text(curves: Curves, f: RunFeatures, vr: ValRise | None, lg: Logged) -> tuple[str, dict, list[str]]:
    vlg = logged(curves.val_loss)
    x, low_step, low, luck = vlg.x, vlg.low_step, vlg.low, ""
    if vr is not None and vr.smoothed:  # per-batch noise: its running level's best, not one lucky batch's
        low_step, low, luck = vr.best_step, vr.best, f", its running median; one evaluation logged {_at(vlg, 'low')}"
    ev: dict = {"val_series": vlg.name, "best_val_step": low_step, "best_val": low, "val_final": vlg.last,
                "val_final_step": vlg.last_step,  # the checkpoint the advice keeps is validation's best (README)
                "best_step": low_step, "best_step_series": vlg.name}
    train_part = (f"training `{lg.name}` kept falling, to {_at(lg, 'last')}" if lg.last < lg.first else
                  f"training `{lg.name}` went from {_at(lg, 'first')} to {_at(lg, 'last')}")
    if vr is not None:
        ev.update({"val_level_after_best": vr.level_after, "val_rise_after_best": round(vr.rise, 4),
                   "evaluations_after_best": vr.evals_after, "run_after_best": round(vr.saved, 3)})
        after = (f"the {vr.evals_after} evaluations after it have a median of {_fmt(vr.level_after)} "
                 f"({_pct(vr.rise)} higher) and the last logged is {_at(vlg, 'last')}")
        if vr.train_at_best == vr.train_at_best:
            same = _fmt(lg.last) == _fmt(vr.train_at_best)  # equal as quoted: never "fell from 0.0171 to 0.0171"
            verb = "kept falling" if (vr.train_fell or lg.last < vr.train_at_best) and not same else \
                "did not fall further"
            if verb == "kept falling" and not vr.train_fell and lg.last > (1 - MIN_RISE) * vr.train_at_best > 0:
                verb = f"barely fell ({100 * (1 - lg.last / vr.train_at_best):.1f}% lower)"  # < 5%: never "kept falling"
                # for 0.004893 -> 0.004869 (``val_rise.train_fell``'s floor: training "keeps falling" >= 5%)
            train_part = (f"training `{lg.name}` {verb}, from {_fmt(vr.train_at_best)} (smoothed, at the best) to "
                          f"{_at(lg, 'last')}")
            if vr.train_fell and (lg.last >= vr.train_at_best or same) and f.train is not None:  # a noisy last log:
                # never "fell from 0.079 to 0.087" (a newcomer's stop-27 report); both smoothed, then the last log
                train_part = (f"training `{lg.name}` kept falling, smoothed from {_fmt(vr.train_at_best)} at the "
                              f"best to {_fmt(f.train.final)} at the end (its last log, noisy: {_at(lg, 'last')})")
        saved = (f" Best at {x} {_step(vr.best_step)} of {_step(vr.end_step)}: early stopping would have saved "
                 f"{_pct(vr.saved)} of the run.")
    else:
        rise = (vlg.last - vlg.low) / abs(vlg.low) if vlg.low else 0.0
        after = f"it was {_at(vlg, 'last')} at the last log ({_pct(rise)} higher)"
        saved = ""
    if (vr.never_improved if vr is not None else vlg.low_step == vlg.first_step):
        text = (f"validation `{vlg.name}` never improved on its first evaluation ({_at(vlg, 'low')}): {after}, "
                f"while {train_part}.")
        advice = [
            "Validation never improved while training did: check the split for leakage or duplicates, that "
            "validation data is preprocessed like training data, and that the logged metric is the one optimised.",
            "If the split is sound, the model overfits from the start: regularise (dropout, weight decay), augment, "
            "or use a smaller model.",
        ]
        if vlg.low_step > lg.first_step:  # training ran before the first evaluation: its peak may lie earlier
            advice.append(f"Evaluate earlier and more often: the best checkpoint logged is the first evaluated one "
                          f"({x} {_step(vlg.low_step)}), and validation may have peaked before it.")
        return text, ev, advice
    text = (f"validation `{vlg.name}` was lowest at {x} {_step(low_step)} ({_fmt(low)}{luck}); {after}, while "
            f"{train_part}." + saved)
    advice = [
        f"Stop at {x} {_step(low_step)} (the lowest validation loss, {_fmt(low)}): enable early stopping / "
        "keep that checkpoint.",
        "Add regularisation (dropout, weight decay) or data augmentation; get more data if you can.",
        "Or use a smaller model.",
    ]
    return text, ev, advice


_UNUSABLE_ADVICE = {  # by whether the losses are there but too short for a curve
    False: "Name the loss series with --train-series/--val-series or in loganalyzer.toml.",
    True: "The loss was logged fewer than two times: the run stopped (or is still starting) right after its first "
          "log; scan it again once it has logged more, or look at how the job ended.",
    None: "Nothing here is a series to name. A log with no data rows yet (a header only: see the warnings) is a "
          "job that has just started: scan it again once it has logged. Otherwise scan the logger's own files "
          "(metrics.csv, event files, trainer_state.json) or print the loss; a line shape of your own needs a "
          "joblog.patterns regex.",
}


NOTHING_TO_FIX = "Nothing to fix; "  # how a healthy verdict's advice opens (``_summary`` above)


def releaded(advice, lead: str):
    """``advice`` (a list or tuple, returned as the same type) with its opening "Nothing to fix; ..." line led by
    ``lead`` instead, the rest of the line kept; ``advice`` itself when it does not open so."""
    if not advice or not advice[0].startswith(NOTHING_TO_FIX):
        return advice
    return type(advice)([lead + advice[0].removeprefix(NOTHING_TO_FIX), *advice[1:]])


def unsure_healthy(advice: list[str]) -> list[str]:
    """The advice of a `healthy` that overruled an underfit lean: no fault shown, but "Nothing to fix" would claim
    what the log cannot tell (newcomer29: a too-small model at val_acc 0.50 on 10 classes read "Nothing to fix")."""
    return releaded(advice, "No fault the log can show, but not shown to be as low as the task allows (the task's "
                            "floor settles it: --num-classes, or a simpler model's loss); ")

