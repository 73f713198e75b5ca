"""Stop 65's newcomer (ux65, fault 7): the same run worded one way everywhere -- its ending ("not recorded" for a
plain script's log that stops, as the scan says) and its x axis (a ``[e/20] train: ..`` line's counter is the epoch)."""
from __future__ import annotations

import math

from loganalyzer.scan import scan


def _printed_split_phases(path, rising_val: bool = True) -> None:
    """A hand-written loop's ``print(f"[{e}/20] train: loss .. acc ..")`` then ``print(f"[{e}/20] val: ..")`` once an
    epoch (ux65's splitword log, as the newcomer's generator printed it)."""
    path.parent.mkdir(parents=True)

    def tl(s):
        return 0.2 + 2.1 * math.exp(-s / 400)

    with open(path, "w") as f:
        for e in range(1, 21):
            print(f"[{e}/20] train: loss {tl(e * 100):.4f} acc {0.5 + e * 0.02:.3f}", file=f)
            val = tl(e * 100) + 0.1 + (0.03 * (e - 8) if e > 8 and rising_val else 0)
            print(f"[{e}/20] val: loss {val:.4f} acc {0.5 + min(e, 8) * 0.02:.3f}", file=f)


def _printed_plain_steps(path) -> None:
    """A plain script's ``print(f"step {s} loss ..")`` that simply stops (no final line, no batch scheduler)."""
    path.parent.mkdir(parents=True)
    with open(path, "w") as f:
        for s in range(0, 2000, 20):
            print(f"step {s} loss {0.2 + 2.1 * math.exp(-s / 400):.4f}", file=f)


def test_the_served_list_says_not_recorded_where_the_scan_does(tmp_path):
    # serve's /api/runs row said `"ended": "unknown"` where `scan`'s table, CSV and Markdown say "not recorded"
    from loganalyzer.render._text import ended_word
    from loganalyzer.render.csv import render as render_csv
    from loganalyzer.service.listing import row
    from loganalyzer.service.state import snapshot_of

    _printed_plain_steps(tmp_path / "plain" / "train.log")
    report = scan([tmp_path])
    (run,) = report.runs
    assert run.ended is not None and run.ended.cause == "unknown"
    assert ended_word(run) == "not recorded"
    assert "not recorded" in render_csv(report)
    snap, _ = snapshot_of(report, 0.0, 0.0)
    (served,) = snap.runs
    assert row(served, None)["ended"] == "not recorded"
    assert served["ended"]["cause"] == "unknown"  # the structured cause (the `cause` filter's value) is kept


def test_a_bracket_counter_with_a_validation_line_at_each_value_is_called_an_epoch(tmp_path):
    # `[e/20] train: ..` / `[e/20] val: ..` once an epoch: the summary said "Best at step 11 of 20" and "completed at
    # step 20 of 20" of a run of 20 epochs; the points, the verdict and its numbers stay as they were
    _printed_split_phases(tmp_path / "splitword" / "train.log")
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "overfit", run.summary
    assert "lowest at epoch 11 (0.5242)" in run.summary and "Best at epoch 11 of 20" in run.summary
    assert "step 11" not in run.summary and "step 20" not in run.summary
    assert run.ended is not None and run.ended.cause == "completed" and run.ended.detail.get("unit") == "epoch"


def test_a_bracket_counter_at_intervals_stays_a_step(tmp_path):
    # the same print at every 100th iteration, validating there: a per-iteration counter, still called a step
    path = tmp_path / "iters" / "train.log"
    path.parent.mkdir(parents=True)
    with open(path, "w") as f:
        for it in range(100, 2100, 100):
            loss = 0.2 + 2.1 * math.exp(-it / 400)
            print(f"[{it}/2000] train: loss {loss:.4f} acc 0.5", file=f)
            print(f"[{it}/2000] val: loss {loss + 0.1:.4f} acc 0.5", file=f)
    (run,) = scan([tmp_path]).runs
    assert run.ended is None or run.ended.detail.get("unit") != "epoch"
    assert "epoch" not in run.summary, run.summary
