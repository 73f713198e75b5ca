"""A run of 2-3 logged points: its shape label stays a first reading, said so, with no advice that changes the model.

Kind (newcomer ux69 F5): a Lightning-style ``metrics.csv`` of 2 rows (``train_loss`` 1.0 -> 0.8, ``val_loss`` 1.1 ->
0.9) was `underfit` 0.45, "went from 1 at step 10 to 0.8 at step 20 (20% lower as logged) and, smoothed, has been
flat since step 10" (its first step: a fall and "flat" in one sentence) and advised "Reduce regularisation first
(dropout, weight decay), then grow the model (width/depth)"; its 3-row sibling was `underfit` 0.45 too. Two or three
points show where a run was when it stopped, nothing of its capacity.

Decision: the label stays (low confidence, the 0.5 cap of "fewer than 10 points" in ``verdict``), not `unknown`.
Measured first (fx69a, 454 open dev folders sampled, ``/work/s69/ba.py``-style): 125 runs have 2-3 points on
their main loss (2 of them the repro runs), 105 labelled in eval/public/labels.tsv, and the labels are concrete -- healthy 68 ("only 3
epochs: ... still falling"), stalled 14 (csta, fdsfinal99, lightseg45: a loss that did not move), overfit 11
(bert-imdb: validation rose at its 2nd and 3rd evaluation), underfit 8 (runs "cut off after 2 epochs" while high:
glitch, ramen, fer, dental-xray), unclear 3, diverged 1; the tool agreed on 83.
`unknown` would throw those readings away, and domain.md asks for "a lower confidence rather than forcing a label"
when the evidence is thin. What changes (``thin_verdict``), for a shape label (healthy, underfit, overfit, stalled;
`nan` and `diverged` are definitional) on a main loss (training, else validation) of <= ``THIN_POINTS`` finite logs:
- the ``thin_evidence`` finding says how many logs and that the label is a first reading;
- the advice keeps only what changes nothing (``KEEP``: "Nothing to fix ...", "Stop at step N ..." -- the best step
  the log shows, "No fault the log can show ..."); model-, data- or optimiser-changing advice (grow the model,
  regularisation, data quality, a higher learning rate) rests on a shape two or three points cannot show. "Train
  longer" and "Log more often" are said instead;
- the summary says "thin evidence" when it does not already; ``verdict_text`` no longer says "flat since" over <=
  ``THIN_POINTS`` logs (two points have no plateau).
``THIN_POINTS`` = 3 is ``verdict_cut.SHORT_LOGS`` (issue 9 item 10's "few points": a training loss of <= 3 logs).
"""
from __future__ import annotations

import dataclasses

import numpy as np

from .verdict_base import Finding, Verdict

THIN_POINTS = 3
KEEP = ("Nothing to fix", "Stop at ", "No fault the log can show")


def main_points(curves) -> tuple[str, int] | None:
    """(name, finite logs) of the main loss: training when logged, else validation; None without either."""
    series = curves.train_loss if curves.train_loss is not None else curves.val_loss
    if series is None:
        return None
    return series.name, int(np.isfinite(np.asarray(series.values, dtype=float)).sum())


def thin_verdict(verdict: Verdict, curves) -> Verdict | None:
    """``verdict`` with the thin-evidence finding, summary and advice of the module docstring, or None when the run
    has more than ``THIN_POINTS`` logs on its main loss or a label that is not a shape label."""
    if verdict.label not in ("healthy", "underfit", "overfit", "stalled"):
        return None
    found = main_points(curves)
    if found is None or not 2 <= found[1] <= THIN_POINTS:
        return None
    name, n = found
    note = Finding("thin_evidence", f"only {n} logs of `{name}`: thin evidence -- the {verdict.label} label is a first "
                                    "reading of where the run stopped, not a diagnosis of the model")
    findings = tuple(f for f in verdict.findings if f.kind != "thin_evidence") + (note,)
    kept = [a for a in verdict.advice if a.startswith(KEEP)]
    advice = tuple(kept[:2]) + (
        f"Train longer: {n} logs show only the start of the run; judge it again once it has run further.",
        f"Log more often (every few steps, and validation each epoch) so the next verdict rests on more than {n} "
        "points.")
    summary = verdict.summary
    if "thin evidence" not in summary:
        summary = summary.rstrip(".") + f". Only {n} logs: thin evidence."
    return dataclasses.replace(verdict, findings=findings, advice=advice, summary=summary,
                               evidence={**verdict.evidence, "thin_points": n})
