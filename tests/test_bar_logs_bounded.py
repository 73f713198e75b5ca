"""Printed logs made mostly of progress-bar redraws read in time linear in the file (stop 63, issue 12's hang).

A Gaussian-splatting / NeRF trainer's stdout saved to a ``.log`` is mostly tqdm redraws joined by ``\\r`` (one
``\\n``-line holds a whole bar: 10,000 redraws, ~200 KB), with ``Loss=`` / ``PSNR=`` postfixes. Two scans took a
whole bar for "the line" of each hit and searched it again per hit: ``_joblog_sweep`` (a hit's line ran to the next
``\\n``) and ``_joblog_splitvalues.slash_pair_hits`` (a lazy ``^..epoch..train`` regex re-scanned each ``Epoch N``
redraw to the line's end). A 570 KB log took 50 s of CPU and 0.9 GB in ``read_scalars``; a user's 600 KB log was
reported at > 10 minutes and ~3 GB. The logs here are written by real tqdm (``file=f``, ``set_postfix``); the checks
are structural (how much text each scan examines) and on the output, never timed.
"""
from __future__ import annotations

import math

import pytest

tqdm = pytest.importorskip("tqdm").tqdm

import loganalyzer  # noqa: E402
from loganalyzer.readers import _joblog_splitvalues, _joblog_sweep  # noqa: E402


def _splat_log(path, iters=30_000, bars=3, every=6):
    """A 3DGS-style log: ``bars`` bars of ``iters / bars`` iterations, a postfix every ``every``, evaluations."""
    per = iters // bars
    with open(path, "w") as f:
        f.write("Optimizing output/scene\nOutput folder: output/scene [07/12 10:00:00]\n")
        it = 0
        for _ in range(bars):
            bar = tqdm(total=per, desc="Training progress", file=f, mininterval=0, miniters=every)
            for i in range(per):
                it += 1
                if i % every == 0:
                    loss = 0.5 * math.exp(-it / 8000) + 0.001 * (i % 7)
                    bar.set_postfix({"Loss": f"{loss:.7f}", "PSNR": f"{30 - 10 * loss:.2f}"}, refresh=False)
                bar.update(1)
            bar.close()
            f.write(f"\n[ITER {it}] Evaluating test: L1 {0.05 * math.exp(-it / 9000):.6f} PSNR {25 + it / 3000:.4f}\n")
        f.write("\nTraining complete.\n")


def _epoch_bars_log(path, epochs=30, per=1000, every=2):
    """A train bar (``loss`` postfix) and a val bar (``PSNR``) per epoch, every redraw saved."""
    with open(path, "w") as f:
        for e in range(epochs):
            bar = tqdm(total=per, desc=f"Epoch {e}", file=f, mininterval=0, miniters=every)
            for i in range(per):
                if i % every == 0:
                    bar.set_postfix(loss=f"{0.5 * math.exp(-(e * per + i) / 5000) + 0.01:.4f}", refresh=False)
                bar.update(1)
            bar.close()
            val = tqdm(total=50, desc="val", file=f, mininterval=0)
            for _ in range(50):
                val.set_postfix(PSNR=f"{20 + e * 0.3:.2f}", refresh=False)
                val.update(1)
            val.close()


def test_splat_bar_log_sweep_scan_sees_one_redraw_per_hit(tmp_path, monkeypatch):
    run = tmp_path / "scene"
    run.mkdir()
    _splat_log(run / "train.log")
    size = (run / "train.log").stat().st_size
    assert 450_000 < size < 800_000  # the reported ~600 KB shape
    seen = []
    summary = _joblog_sweep._summary

    def counting(line):
        seen.append(len(line))
        return summary(line)

    monkeypatch.setattr(_joblog_sweep, "_summary", counting)
    df = loganalyzer.read_scalars(str(run), resolve=True)
    # each hit's line is its own redraw (~120 characters), not the rest of the bar (~200,000)
    assert seen and max(seen) < 400
    assert sum(seen) < 2 * size
    counts = df.groupby("tag").size().to_dict()
    assert counts == {"Loss": 5_001, "PSNR": 5_001}
    loss = df[df.tag == "Loss"].sort_values("step")
    assert loss.value.iloc[0] > 0.45 and loss.value.iloc[-1] < 0.05


def test_epoch_bars_log_slash_scan_tries_no_bar_line(tmp_path, monkeypatch):
    run = tmp_path / "nerf"
    run.mkdir()
    _epoch_bars_log(run / "train.log")
    size = (run / "train.log").stat().st_size
    assert size > 1_000_000
    tries = []
    line = _joblog_splitvalues._SLASH_LINE

    class Counting:
        def match(self, *args):
            tries.append(args[1:])
            return line.match(*args)

        def finditer(self, *args):  # the pre-stop-63 whole-file scan
            tries.append(("finditer",))
            return line.finditer(*args)

    monkeypatch.setattr(_joblog_splitvalues, "_SLASH_LINE", Counting())
    df = loganalyzer.read_scalars(str(run), resolve=True)
    assert tries == []  # no line holds a 'train <loss>/<acc>%' pair: no bar is searched for one
    assert set(df.tag) == {"loss"}  # the val bars' PSNR (a bar restarting each epoch) is no series, as before
    loss = df[df.tag == "loss"]
    assert len(loss) > 1_000 and loss.value.iloc[-1] < loss.value.iloc[0]


def test_slash_pair_lines_still_read_beside_bars(tmp_path):
    """The ``Epoch 2: Train <loss>/<acc>% | Val ..`` lines (public vqafuse88) still read with bars around them."""
    run = tmp_path / "vqa"
    run.mkdir()
    with open(run / "train.log", "w") as f:
        for e in range(1, 5):
            bar = tqdm(total=200, desc=f"Epoch {e}", file=f, mininterval=0)
            for _ in range(200):
                bar.update(1)
            bar.close()
            f.write(f"Epoch {e}: Train {0.05 / e:.4f}/{40 + e:.2f}% | Val {0.06 / e:.4f}/{38 + e:.2f}%\n")
    df = loganalyzer.read_scalars(str(run), resolve=True)
    got = {t: list(g.sort_values("step").value) for t, g in df.groupby("tag")}
    assert got["train_loss"] == pytest.approx([0.05, 0.025, 0.0167, 0.0125], abs=1e-4)
    assert got["val_acc"] == pytest.approx([39.0, 40.0, 41.0, 42.0])
