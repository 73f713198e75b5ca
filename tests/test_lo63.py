"""Stop 63's reader/discovery faults of dev sets 173-178 (lo63), each from the writer's own shape."""
from __future__ import annotations

import contextlib
import io
import json
import math
import warnings

import loganalyzer
from loganalyzer.curves import find_curves


def _curve(x: float, start: float, end: float, rate: float = 0.3) -> float:
    return end + (start - end) * math.exp(-rate * x)


# ---------------------------------------------------------------- 174: stdout.txt beside logs.json, one training

def _vq_toy(folder, epochs: int = 30, every: int = 10, loss_word: bool = False) -> None:
    """A toy VQ-VAE script as run (public vqtoy174): the history ``json.dump``-ed to ``logs.json`` and every
    ``every`` epochs ``print(f"[{ep:03d}] rec={rec:.5f} angle={a:.4f} ent={h:.3f} dead={d}")``, its stdout
    redirected to ``stdout.txt``."""
    logs = {"val_rec": [], "angle": [], "entropy": [], "dead": []}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for ep in range(1, epochs + 1):
            rec, angle, ent, dead = _curve(ep, 0.05, 0.02), 1.55 - ep / 1000, 2.6, 0
            for key, value in zip(logs, (rec, angle, ent, dead)):
                logs[key].append(value)
            if ep % every == 0:
                word = "loss" if loss_word else "rec"
                print(f"[{ep:03d}] {word}={rec:.5f} angle={angle:.4f} ent={ent:.3f} dead={dead}")
    (folder / "logs.json").write_text(json.dumps(logs, indent=2))
    (folder / "stdout.txt").write_text(out.getvalue())


def test_a_printed_log_with_no_point_beside_its_json_history_is_that_run(tmp_path):
    """The printed log reads no point (no loss word): it was a run of its own (`unknown`, "no scalar series at
    all") beside the history's. Now one run, the history's, its curves from ``logs.json``."""
    _vq_toy(tmp_path)
    runs = loganalyzer.discover(str(tmp_path))
    assert [r.id for r in runs] == ["logs.json"]
    assert sorted(f.format for f in runs[0].files) == ["joblog", "json_history"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = loganalyzer.read_scalars(str(tmp_path), resolve=True)
    assert len(frame[frame.tag == "val_rec"]) == 30


def test_a_printed_log_with_points_beside_a_json_history_stays_its_own_run(tmp_path):
    """A printed log that reads a curve of its own (``loss=``) is not joined: two views, judged apart as before."""
    _vq_toy(tmp_path, every=1, loss_word=True)
    assert sorted(r.id for r in loganalyzer.discover(str(tmp_path))) == ["logs.json", "stdout.txt"]


# ---------------------------------------------------------------- 174: `val_rec` alone is the loss

def _frame(series: dict):
    import pandas as pd

    rows = [(k, i, v) for k, vs in series.items() for i, v in enumerate(vs)]
    return pd.DataFrame({"tag": [r[0] for r in rows], "step": [r[1] for r in rows], "value": [r[2] for r in rows],
                         "dir": "", "wall_time": 0.0})


def test_a_split_reconstruction_term_alone_is_the_loss():
    """``val_rec`` beside codebook statistics (vqtoy174 logs.json): judged as the validation loss, said in a note."""
    curves = find_curves(_frame({"val_rec": [_curve(e, 0.05, 0.02) for e in range(20)], "angle": [1.5] * 20,
                                 "entropy": [2.6] * 20, "dead": [0.0] * 20}))
    assert curves.val_loss is not None and curves.val_loss.tag == "val_rec"
    assert any("reconstruction/likelihood term" in n for n in curves.notes)


def test_rec_beside_a_precision_is_a_recall_not_a_loss():
    """``val_prec``/``val_rec``/``val_f1``: a classifier's recall, no loss role."""
    curves = find_curves(_frame({"val_prec": [0.5 + e / 100 for e in range(20)],
                                 "val_rec": [0.4 + e / 100 for e in range(20)],
                                 "val_f1": [0.45 + e / 100 for e in range(20)]}))
    assert curves.val_loss is None
