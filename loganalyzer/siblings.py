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

Only `healthy` is revisited: a run already called nan, diverged, stalled or overfit keeps its label.
"""
from __future__ import annotations

import dataclasses
import os
import re
from collections import defaultdict

from .summary import RunSummary
from .verdict_base import Finding, _fmt

SIBLING_RATIO = 2.0  # the sibling ended (smoothed) at most half as high ...
SIBLING_MARGIN = 0.10  # ... and lower by at least 10% of this run's first logged value,
SIBLING_FAR, SIBLING_HELD = 10.0, 1e-3  # ... or >= 10x lower while this run still holds >= 0.1% of its first value
SIBLING_START = 1.5  # first logged values within 1.5x of each other: the same task at the start
SIBLING_CONFIDENCE = 0.6
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
    `underfit` (see the module notes); the others unchanged, the order kept."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, run in enumerate(runs):
        key = family(run)
        level = _level(run)
        if key is not None and level is not None:
            groups[key + (level[0],)].append(i)
    out = list(runs)
    for members in groups.values():
        if len(members) < 2:
            continue
        for i in members:
            run = runs[i]
            if run.verdict != "healthy":
                continue
            series, first, final = _level(run)
            best = None
            for j in members:
                other = runs[j]
                if j == i or other.verdict not in CREDIBLE:
                    continue
                _, o_first, o_final = _level(other)
                if not (1 / SIBLING_START <= o_first / first <= SIBLING_START):
                    continue
                ratio = final / o_final
                if ratio >= SIBLING_RATIO and (final - o_final >= SIBLING_MARGIN * first or (
                        ratio >= SIBLING_FAR and final >= SIBLING_HELD * first)):
                    if best is None or o_final < best[2]:
                        best = (other, o_first, o_final)
            if best is not None:
                out[i] = _underfit(run, series, first, final, *best)
    return out


def _underfit(run: RunSummary, series: str, first: float, final: float, other: RunSummary, o_first: float,
              o_final: float) -> RunSummary:
    a = run.analysis
    text = (f"`{series}` ended at {_fmt(final)} (smoothed), {final / o_final:.1f}x the {_fmt(o_final)} its sibling "
            f"run {other.run} reached from a similar start ({_fmt(o_first)} against {_fmt(first)} here): far from "
            "what the task allows")
    finding = Finding("sibling_lower", f"the run alone looks healthy ({a.summary.rstrip('.')}), but {text}: underfit")
    advice = (f"Compare with {other.run}: what differs (learning rate, model size, epochs, regularisation, data) is "
              "likely what holds this run back.",
              "Train longer or with a higher learning rate; reduce regularisation; grow the model.")
    evidence = {**a.evidence, "sibling": other.run, "sibling_final": o_final, "sibling_initial": o_first}
    verdict = dataclasses.replace(a, label="underfit", confidence=round(min(a.confidence, SIBLING_CONFIDENCE), 3),
                                  summary=text[0].upper() + text[1:] + ".", evidence=evidence,
                                  findings=a.findings + (finding,), advice=advice, method="rules")
    return dataclasses.replace(run, verdict="underfit", analysis=verdict)
