"""Runs judged against their siblings: what the same experiment reached elsewhere tells what the task allows.

domain.md's underfit is a loss "still high relative to what the task allows". For one run alone that floor is
unknown unless the class count or a chance loss is given; but a tree usually holds several versions of one experiment
(Lightning's ``version_0``, ``version_1``, ...; YOLO's ``exp``, ``exp2``; the appended runs ``#1``, ``#2`` of one
Keras CSV), and when a sibling that started from the same loss reached a level several times lower, the run that
stopped far above it underfits -- the very comparison careful labellers make ("the same setup, version_12, reaches
val 0.44 / acc 0.85"; "another run of the project reaches 2e-4").

The rule (``compare_siblings``, a pass over a whole scan's summaries, after every run was judged alone):

- siblings: runs in the same directory whose names differ only in their trailing number (``version_8`` and
  ``version_28``; ``exp`` and ``exp2``; ``log.csv#1`` and ``log.csv#4``), of the same format, judged on a loss
  series of the same name;
- a `healthy` run becomes `underfit` when a sibling judged `healthy`, `overfit` or `underfit` (a credible level, not a
  diverged or NaN run), whose first logged value lies within 1.5x of this run's (the same task at the start), ended
  (smoothed) at most half as high as this run did, by at least 10% of this run's first value (``SIBLING_RATIO``,
  ``SIBLING_MARGIN``) -- or at least 10x lower while this run still holds >= 0.1% of its first value (losses spanning
  decades: a PINN stuck at 5.8 from 307 while its sibling reaches 2e-4 from 231; two runs both at ~1e-5 of their
  start are both converged). Both on the same series name; positive losses only.
- confidence at most ``SIBLING_CONFIDENCE``: the sibling may differ in ways the logs do not show (more data, another
  model); the finding names it and its values, so a reader can judge.

Only `healthy` is revisited: a run already called nan, diverged, stalled or overfit keeps its label; so does a run
whose validation loss went under half its own training level (``_regularised``: the training loss measures noisy
labels or a regularised model, not the fit).
"""
from __future__ import annotations

import dataclasses
import os
import re
from collections import defaultdict, deque

from .summary import RunSummary
from .verdict_base import SOFTMAX_WORDS, times, Finding, _fmt

SIBLING_RATIO = 2.0  # the sibling ended (smoothed) at most half as high ...
SIBLING_MARGIN = 0.10  # ... and lower by at least 10% of this run's first logged value,
SIBLING_FAR, SIBLING_HELD = 10.0, 1e-3  # ... or >= 10x lower while this run still holds >= 0.1% of its first value
SIBLING_START = 1.5  # first logged values within 1.5x of each other: the same task at the start
SIBLING_CONFIDENCE = 0.6
SIBLING_LONGER = 1.5  # a sibling that trained over > 1.5x this run's steps shows what training longer gives, not a cap
STILL_LOW = 0.05  # a smoothed minimum within the last 5% of the span: still at its lowest when it stopped
SIBLING_VAL_MATCH = 1.25  # this run's best validation loss within 25% of the sibling's: it generalises as well
SIBLING_VAL_BELOW = 0.5  # validation's best under half the training level: the training loss is no measure of fit
SIBLING_SCAN = 256  # candidates looked through for a sibling no longer than this run (bounded work in a sweep)
CREDIBLE = ("healthy", "overfit", "underfit")

_TRAILING_NUMBER = re.compile(r"\d+$")


def family(run: RunSummary) -> tuple[str, str, str] | None:
    """(format, directory, name without its trailing number) -- runs sharing it are versions of one experiment."""
    path = run.run
    appended = ""
    if "#" in path:  # runs appended to one file: log.csv#1, log.csv#2
        path, appended = path.rsplit("#", 1)
        if not appended.isdigit():
            return None
        return run.format, path, "#"
    head, name = os.path.split(path.rstrip("/"))
    stem = _TRAILING_NUMBER.sub("", name)
    if not stem:
        return None
    return run.format, head, stem


# torch's SummaryWriter and HF's Trainer name their default log dir ``runs/<%b%d_%H-%M-%S>_<hostname>``
# (torch.utils.tensorboard.writer.SummaryWriter: "runs/CURRENT_DATETIME_HOSTNAME"; transformers'
# TrainingArguments.logging_dir): one such dir per launch, so sibling runs' series differ only in it.
_LAUNCH_DIR = re.compile(r"(?:^|/)[A-Z][a-z]{2}\d{2}_\d{2}-\d{2}-\d{2}_[^/]+/")


def series_key(name: str) -> str:
    """A series name with a default launch directory left out: ``runs/Dec01_15-18-56_vm/train/loss`` and
    ``runs/Dec01_15-18-54_vm/train/loss`` (two launches of one experiment) are the same series ``runs/train/loss``."""
    return _LAUNCH_DIR.sub("/", name).lstrip("/") if "_" in name else name


def _span(run: RunSummary) -> float | None:
    """Steps from the judged series' first log to its last (the evidence's ``initial_step``/``final_step``) when the
    run was still improving when it stopped (its smoothed minimum at its last step), else None: a run that levelled
    off earlier shows its level whatever its sibling's length (shared real_logs pendulum-pinn v25, flat at 5.8 from
    step ~6,900 of 8,000 while v28 ran longer to 2e-4: underfit all the same). "At its last step" allows the last
    ``STILL_LOW`` (5%) of the span: a noisy per-batch loss smoothed over ~1% of its logs has its smoothed minimum a
    few logs before the end while still falling (public swlabpn56's TF1 PointNet, smoothed minimum at step 3,074 of
    3,175, decile means 3.73 -> 1.14 still falling, beside a sibling that ran twice as long), or the last two log
    intervals when that is more (an 8-epoch run's smoothed minimum at epoch 7: public ct2mri55's CycleGAN sessions
    beside a 500-epoch one)."""
    ev = run.analysis.evidence if run.analysis is not None else {}
    low, last, length = (ev.get("smoothed") or {}).get("minimum_step"), ev.get("final_step"), _length(run)
    logs = ev.get("logs")
    gaps = 2 * length / max(int(logs) - 1, 1) if length is not None and isinstance(logs, int) else 0.0
    still = isinstance(low, (int, float)) and isinstance(last, (int, float)) and length is not None and (
        low >= last - max(STILL_LOW * length, gaps))
    return length if still else None


def _length(run: RunSummary) -> float | None:
    """Steps from the judged series' first log to its last, or None."""
    ev = run.analysis.evidence if run.analysis is not None else {}
    a, b = ev.get("initial_step"), ev.get("final_step")
    return float(b) - float(a) if isinstance(a, (int, float)) and isinstance(b, (int, float)) else None


def _no_longer(span: float | None, o_span: float | None) -> bool:
    """Whether a sibling that trained over ``o_span`` steps compares with this run, still improving when it stopped
    after ``span`` steps: not when the sibling trained over more than ``SIBLING_LONGER`` times as many (a 5-epoch
    run beside its 10-epoch twin ends higher because it stopped sooner: public digitrec55's two Keras fits, both
    labelled healthy; beer49 v19, loadfc50 v2, duckyolo52 exp5 too). Unknown spans compare."""
    return span is None or o_span is None or o_span <= SIBLING_LONGER * max(span, 1.0)


def _level(run: RunSummary) -> tuple[str, float, float] | None:
    """(series, first logged value, smoothed final) of the loss a verdict was judged on, positive values only."""
    a = run.analysis
    if a is None:
        return None
    ev = a.evidence
    series, first = ev.get("series"), ev.get("initial")
    final = (ev.get("smoothed") or {}).get("final", ev.get("final"))
    if not isinstance(series, str) or not isinstance(first, (int, float)) or not isinstance(final, (int, float)):
        return None
    if not (first > 0 and final > 0):
        return None
    return series, float(first), float(final)


def compare_siblings(runs: list[RunSummary]) -> list[RunSummary]:
    """The summaries, with each `healthy` run that a sibling shows to be far from what its task allows turned
    `underfit` (see the module notes); the others unchanged, the order kept. O(n log n): a family of 10,000 runs
    (a sweep) costs one sort and one sliding window, not 10,000 x 10,000 comparisons."""
    groups: dict[tuple, list[tuple[float, float, int]]] = defaultdict(list)
    levels: dict[int, tuple[str, float, float]] = {}
    for i, run in enumerate(runs):
        key = family(run)
        level = _level(run) if key is not None else None
        if level is not None:
            levels[i] = level
            groups[key + (series_key(level[0]),)].append((level[1], level[2], i))  # (first, final, index)
    out = list(runs)
    for members in groups.values():
        if len(members) < 2:
            continue
        candidates = sorted((m for m in members if runs[m[2]].verdict in CREDIBLE), key=lambda m: (m[0], m[2]))
        queries = sorted((m for m in members if runs[m[2]].verdict == "healthy"), key=lambda m: (m[0], m[2]))
        window: deque = deque()  # candidates whose first lies in range, finals increasing: the lowest at the left
        lo = hi = 0
        for first, final, i in queries:  # the window [first / 1.5, first * 1.5] only moves right as first grows
            while hi < len(candidates) and candidates[hi][0] <= first * SIBLING_START:
                while window and candidates[window[-1]][1] >= candidates[hi][1]:
                    window.pop()
                window.append(hi)
                hi += 1
            while lo < hi and candidates[lo][0] < first / SIBLING_START:
                lo += 1
            while window and window[0] < lo:
                window.popleft()
            if not window or _regularised(runs[i]):
                continue
            o_first, o_final, j = candidates[window[0]]  # the lowest final in range (never this run: >= its own)
            span = _span(runs[i])
            if not _no_longer(span, _length(runs[j])):  # trained far longer: the lowest among those that did not
                fits = [c for c in candidates[lo:min(hi, lo + SIBLING_SCAN)] if _no_longer(span, _length(runs[c[2]]))]
                o_first, o_final, j = min(fits, key=lambda c: (c[1], c[2]), default=(first, final, i))
            if j != i and _far_below(first, final, o_final) and not _validates_as_well(runs[i], runs[j]):
                out[i] = _underfit(runs[i], levels[i][0], first, final, runs[j].run, o_first, o_final,
                                   _length(runs[j]))
    return out


def _regularised(run: RunSummary) -> bool:
    """Whether the run's validation loss reached under ``SIBLING_VAL_BELOW`` of its own smoothed training level
    (same loss name family, the evidence's ``best_val`` against ``smoothed.final``): training measured on noisy
    labels, under dropout or heavy augmentation sits far above what the model does on clean data, so a sibling's
    lower training loss says nothing of this run's fit. Public resnetmnist56 (ResNet18 on MNIST with 10% and 40%
    symmetric label noise: training 0.53 and 1.60, validation 0.137 and 0.589, accuracy 99.4% and 97.8%, both
    labelled healthy) was `underfit` against its clean-label sibling's training loss 0.021. Likewise a loss at the
    floor of cross-entropy over softmax outputs (public eegdec67 version_1 at 0.7437, accuracy 0.998, beside a
    version_11 without the extra softmax at 0.0014)."""
    if run.analysis is not None and any(SOFTMAX_WORDS in f.message for f in run.analysis.findings):
        return True  # a loss at its own function's floor (verdict_stall.double_softmax_floor): no sibling's measure
    ev = run.analysis.evidence if run.analysis is not None else {}
    val, final = ev.get("best_val"), (ev.get("smoothed") or {}).get("final", ev.get("final"))
    return isinstance(val, (int, float)) and isinstance(final, (int, float)) and 0 < val < SIBLING_VAL_BELOW * final


def _validates_as_well(run: RunSummary, sibling: RunSummary) -> bool:
    """Whether ``run``'s best validation loss is no worse than ``SIBLING_VAL_MATCH`` x the sibling's (both logged,
    the same name): then the sibling's lower training loss shows it fit its training data closer, not that this run
    stopped short of what the task allows -- domain.md's underfit has both losses high. A script comparing
    architectures in one log (a newcomer breaker's ResNet18 beside an overfitting VGG11: test loss 0.27 against
    0.43, train 0.27 against 0.09) had its healthy model called underfit."""
    ev = run.analysis.evidence if run.analysis is not None else {}
    o_ev = sibling.analysis.evidence if sibling.analysis is not None else {}
    val, o_val = ev.get("best_val"), o_ev.get("best_val")
    if not (isinstance(val, (int, float)) and isinstance(o_val, (int, float)) and val > 0 and o_val > 0):
        return False
    if ev.get("val_series", "") != o_ev.get("val_series", ""):
        return False
    return val <= SIBLING_VAL_MATCH * o_val


def _far_below(first: float, final: float, o_final: float) -> bool:
    """Whether a sibling's smoothed final ``o_final`` lies far below this run's ``final`` (first logged ``first``)."""
    ratio = final / o_final
    return ratio >= SIBLING_RATIO and (final - o_final >= SIBLING_MARGIN * first or (
        ratio >= SIBLING_FAR and final >= SIBLING_HELD * first))


def against_sibling(run: RunSummary, sibling: str, o_first: float, o_final: float,
                    o_span: float | None = None) -> RunSummary:
    """``run`` judged against the sibling an earlier whole-tree scan named (its id, first logged and smoothed final
    levels: the ``sibling``, ``sibling_initial`` and ``sibling_final`` evidence that scan recorded). A rescan of one
    run -- the service's report page -- cannot see its siblings; this keeps its verdict the tree's. ``run`` comes
    back unchanged unless it is `healthy` and still matches the rule against those levels (same start within
    ``SIBLING_START``, ended far above)."""
    level = _level(run)
    if run.verdict != "healthy" or level is None or not (o_first > 0 and o_final > 0) or _regularised(run):
        return run
    if not _no_longer(_span(run), o_span):
        return run
    series, first, final = level
    if not (first / SIBLING_START <= o_first <= first * SIBLING_START and _far_below(first, final, o_final)):
        return run
    return _underfit(run, series, first, final, sibling, o_first, o_final, o_span)


def _underfit(run: RunSummary, series: str, first: float, final: float, other: str, o_first: float,
              o_final: float, o_span: float | None = None) -> RunSummary:
    a = run.analysis
    text = (f"`{series}` ended at {_fmt(final)} (smoothed), {times(final / o_final)} the {_fmt(o_final)} its sibling "
            f"run {other} reached from a similar start ({_fmt(o_first)} against {_fmt(first)} here): far from "
            "what the task allows")
    finding = Finding("sibling_lower", f"the run alone looks healthy ({a.summary.rstrip('.')}), but {text}: underfit")
    advice = (f"Compare with {other}: what differs (learning rate, model size, epochs, regularisation, data) is "
              "likely what holds this run back.",
              "Train longer or with a higher learning rate; reduce regularisation; grow the model.")
    evidence = {**a.evidence, "sibling": other, "sibling_final": o_final, "sibling_initial": o_first,
                "sibling_span": o_span}
    verdict = dataclasses.replace(a, label="underfit", confidence=round(min(a.confidence, SIBLING_CONFIDENCE), 3),
                                  summary=text[0].upper() + text[1:] + ".", evidence=evidence,
                                  findings=a.findings + (finding,), advice=advice, method="rules")
    return dataclasses.replace(run, verdict="underfit", analysis=verdict)
