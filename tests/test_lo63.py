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


# ---------------------------------------------------------------- 174: test-tube metrics.csv, no step column

def test_a_test_tube_metrics_csv_with_an_epoch_only_on_epoch_rows_is_read_by_row(tmp_path):
    """test-tube's ``Experiment`` (Lightning 0.x) writes one row per ``log`` call, ``pd.DataFrame(metrics)
    .to_csv``: the training step's rows hold ``loss,MSE,KLD,created_at`` and no ``epoch``, the epoch rows ``epoch``
    and the validation's ``avg_val_loss`` (public torchvae174). Every training row was skipped ("no 'epoch'")."""
    import pandas as pd

    rows, t = [], 0
    for epoch in range(5):
        for _ in range(20):
            t += 1
            rows.append({"loss": _curve(t / 10, 2.0, 0.8), "MSE": _curve(t / 10, 1.9, 0.7), "KLD": -10 - t / 10,
                         "created_at": f"2020-08-16 12:26:{t % 60:02d}.000000"})
        rows.append({"created_at": "2020-08-16 12:27:00.000000", "epoch": float(epoch),
                     "avg_val_loss": 89.0 + epoch})
    pd.DataFrame(rows).to_csv(tmp_path / "metrics.csv", index=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = loganalyzer.read_scalars(str(tmp_path / "metrics.csv"), resolve=True)
    assert len(frame[frame.tag == "loss"]) == 100 and len(frame[frame.tag == "avg_val_loss"]) == 5
    assert list(frame[frame.tag == "avg_val_loss"].step) == [20, 41, 62, 83, 104]
    assert any("the row number is the step" in str(w.message) for w in caught)


def test_an_epoch_column_with_a_few_holes_still_skips_those_rows(tmp_path):
    """A Keras-style log with two rows missing their epoch stays on its epoch axis, the rows skipped and said."""
    lines = ["epoch,loss,val_loss"] + [f"{e},{_curve(e, 1, 0.1):.4f},{_curve(e, 1.1, 0.2):.4f}" for e in range(30)]
    lines[5] = "," + lines[5].split(",", 1)[1]
    (tmp_path / "log.csv").write_text("\n".join(lines) + "\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = loganalyzer.read_scalars(str(tmp_path / "log.csv"), resolve=True)
    assert len(frame[frame.tag == "loss"]) == 29 and any("row skipped" in str(w.message) for w in caught)


# ---------------------------------------------------------------- 174: the VAE example's test batch lines

def test_test_epoch_batch_lines_are_not_the_training_loss(tmp_path):
    """pytorch/examples vae main.py with a per-batch print in test() too (public dlhw174 train_vae.log):
    ``Test Epoch: 0 [2560/10000 (25%)]\\tLoss: ..`` lines were read as training losses on the sample counter, each
    epoch a 'resumed session' (144 of 720 training points kept)."""
    lines = []
    for epoch in range(6):
        for seen in range(0, 60000, 2560):
            lines.append(f"Train Epoch: {epoch} [{seen}/60000 ({100 * seen // 60000}%)]\tLoss: "
                         f"{_curve(epoch + seen / 60000, 546, 240):.6f}")
        lines.append(f"====> Epoch: {epoch} Average loss: {_curve(epoch + 0.5, 546, 240):.4f}")
        for seen in range(0, 10000, 2560):
            lines.append(f"Test Epoch: {epoch} [{seen}/10000 ({100 * seen // 10000}%)]\tLoss: "
                         f"{_curve(epoch + 1, 546, 240) + seen / 1e4:.6f}")
        lines.append(f"====> Test set loss: {_curve(epoch + 1, 546, 240):.4f}")
    (tmp_path / "train_vae.log").write_text("\n".join(lines) + "\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = loganalyzer.read_scalars(str(tmp_path / "train_vae.log"), resolve=True)
    assert len(frame[frame.tag == "loss"]) == 6 * 24
    assert frame[frame.tag == "loss"].step.is_monotonic_increasing
