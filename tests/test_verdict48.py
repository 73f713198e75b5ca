"""Verdict kinds found in the sets opened at stop 48 (100-101); each test fails on the stop's start code.

- a 40-class classifier whose loss fell from ln 40 by 5% in five epochs and stayed there, its validation accuracy
  at the most frequent class's share (0.033 -> 0.055), was `underfit` by the presumed ln k floor; nothing was
  learned: `stalled` (public trafficsign101, labelled `stalled` clear). Classifiers trained here on signal-free
  features (tests/test_verdict47.py's lr-far-too-small MLP, a linear model on a skewed prior) are `stalled` by the
  stall rules already; the public run's fall passes them and met the ln k floor first.
"""
from __future__ import annotations

from _runs import public_run, verdict


def test_public_traffic_sign_model_at_its_class_prior_is_stalled():
    run = verdict(public_run("trafficsign101__training_history"))
    assert run.verdict == "stalled", run.summary
    assert "never rose" in run.summary
