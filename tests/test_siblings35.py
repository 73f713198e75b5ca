"""Siblings that trained longer (loganalyzer/siblings.py, ``SIBLING_LONGER``): a run stopped after a few epochs
ends above its twin that trained for many more; that shows what more epochs give, not a task floor the short run
failed to reach. Held-out public digitrec55 (two Keras fits appended to one CSV, 5 and 10 epochs, both labelled
healthy) was called `underfit` 0.40 against its 10-epoch twin before this rule.

Really-trained Lightning CSVLogger regressions of one task (tests/test_siblings.py's ``regression``): version_0 a
8-128-128-1 MLP for 20 epochs, version_1 the same MLP stopped after 4 epochs, version_2 an 8-3-1 MLP for 20 epochs.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import mlp  # noqa: E402
from test_siblings import _runs, lightning_tree  # noqa: E402


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    return lightning_tree(tmp_path_factory.mktemp("siblings35"), lambda: (
        (mlp(8, 128, 128, 1), 20), (mlp(8, 128, 128, 1), 4), (mlp(8, 3, 1), 20)))


def test_a_run_stopped_sooner_than_its_sibling_is_not_underfit_for_it(tree):
    runs = _runs(tree)
    long, short, small = (runs[f"lightning_logs/version_{i}"] for i in range(3))
    assert long.verdict == "healthy"
    ev = short.analysis.evidence
    # the short run did end far above the long one (the old rule's trigger) ...
    assert ev["smoothed"]["final"] >= 2 * long.analysis.evidence["smoothed"]["final"]
    assert ev["final_step"] - ev["initial_step"] < (long.analysis.evidence["final_step"]) / 1.5
    # ... but only because it stopped sooner: judged alone
    assert short.verdict != "underfit" and "sibling" not in ev, short.summary
    # a sibling as long that stopped far above is still underfit against version_0
    assert small.verdict == "underfit" and small.analysis.evidence["sibling"] == "lightning_logs/version_0"
    assert small.analysis.evidence["sibling_span"] == long.analysis.evidence["final_step"] - \
        long.analysis.evidence["initial_step"]


def test_a_rescan_of_one_run_keeps_the_span_rule(tree):
    from loganalyzer.siblings import against_sibling

    runs = _runs(tree, siblings=False)
    long, short = runs["lightning_logs/version_0"], runs["lightning_logs/version_1"]
    lev = long.analysis.evidence
    span = lev["final_step"] - lev["initial_step"]
    args = (short, long.run, lev["initial"], lev["smoothed"]["final"])
    assert against_sibling(*args).verdict == "underfit"  # no span known (a store from before): the old rule
    assert against_sibling(*args, span).verdict == short.verdict == "healthy"
