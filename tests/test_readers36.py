"""readers36: printed-log and CSV reader faults seen on the opened blind sets 56/57, each as a kind.

- legendhua/CNN_Numpy ``log/log_train.txt`` (cnnnumpy56): ``------------start train k/20----------`` banners over
  ``100/1718 (batchs) completed!`` counters over step-less ``train mean loss: ..`` lines: 11 runs -> one, steps
  ``k x 1718 + n`` (``_joblog_counterlines``).
- kargarisaac/3d-MNIST-classification-PointNet and PointNet-SemSeg-VKITTI3D ``log/log_train.txt`` (mnist3d56,
  vkitti56): a first launch stopped in ``**** EPOCH 000 ****`` with one loss point, then ``EPOCH 000`` again: an
  ``unknown`` run ``#1`` beside the training -> one run (``_joblog_pointnet``).
- ahmetkucuk/gbm-classification ``output_sgd.txt`` (gbmtissue56): 2,038 patch names before the first
  ``Global Iter: 100 training loss: ..``: no run found -> found (``_joblog_files.far_named``).
- herywang/defog ``train_log.csv`` (defog57): a TensorBoard "Download CSV" renamed ``train_log.csv``: a series
  ``train_log``, ``unknown`` -> ``train_loss`` (``_tb_export``).
- JSON lines naming their split (``{"split": "train", "loss": ..}``) -> ``train_loss``/``val_loss``
  (``_json_splitrows``); an upper-case ``EPOCH k/N`` header over a quickstart loop -> read as ``Epoch k/N``.

The logs are printed here by tiny trainings in the scripts' own formats (numpy softmax regressions; torch where the
shape is torch's), not copied.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from loganalyzer.discover import discover

from test_readers20a import _read, _series


def _softmax_steps(epochs: int, batches: int, seed: int = 0):
    """A numpy softmax regression on blobs: yields (epoch, batch, running mean loss, running accuracy) per batch and
    (None, None, eval loss, eval accuracy) before the training and after each epoch."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batches * 16 + 64, 5))
    y = (x[:, 0] + x[:, 1] > 0).astype(int)
    w = np.zeros((5, 2))

    def loss_acc(xs, ys):
        z = xs @ w
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        return float(-np.log(p[np.arange(len(ys)), ys]).mean()), float((p.argmax(1) == ys).mean()), p

    def evaluate():
        loss, acc, _ = loss_acc(x[-64:], y[-64:])
        return None, None, loss, acc

    yield evaluate()
    for epoch in range(epochs):
        total = correct = 0.0
        for b in range(batches):
            xs, ys = x[b * 16:b * 16 + 16], y[b * 16:b * 16 + 16]
            loss, acc, p = loss_acc(xs, ys)
            total, correct = total + loss, correct + acc
            p[np.arange(16), ys] -= 1
            w -= 0.5 * xs.T @ p / 16
            yield epoch, b + 1, total / (b + 1), correct / (b + 1)
        yield evaluate()


# ------------------------------------------------------------------ CNN_Numpy's banners over batch counters

def _cnn_numpy_log(epochs: int = 4, batches: int = 40, every: int = 10) -> tuple[str, list, list, list]:
    """The text CNN_Numpy's train.py prints (log_string): (text, train steps, train losses, eval losses)."""
    lines, steps, losses, evals = [], [], [], []
    for epoch, b, loss, acc in _softmax_steps(epochs, batches):
        if epoch is None:
            lines += ["------------start eval----------", f"eval mean loss: {loss}", f"eval accuracy: {acc}"]
            evals.append(round(loss, 4))
            continue
        if b == 1:
            lines.append(f"------------start train {epoch}/{epochs}----------")
        if b % every == 0:
            lines += ["-----------train loss & acc-----------", f"{b}/{batches} (batchs) completed!",
                      f"train mean loss: {loss}", f"train accuracy: {acc}"]
            steps.append(epoch * batches + b)
            losses.append(round(loss, 4))
    return "\n".join(lines) + "\n", steps, losses, evals


def test_banners_counting_epochs_over_batch_counters_are_one_run(tmp_path):
    text, steps, losses, evals = _cnn_numpy_log()
    (tmp_path / "log_train.txt").write_text(text)
    assert [r.id for r in discover(str(tmp_path))] == ["log_train.txt"]  # was one run per 'start train k/N'
    df, _ = _read(tmp_path)
    assert _series(df, "train_mean_loss") == (steps, losses)
    eval_steps, eval_values = _series(df, "eval_mean_loss")
    assert eval_values == evals
    assert eval_steps == [0] + [steps[i] for i in range(3, len(steps), 4)]  # at each epoch's last training step


def test_a_banner_counting_back_still_opens_a_second_training(tmp_path):
    first, steps, losses, _ = _cnn_numpy_log(epochs=3)
    second, *_ = _cnn_numpy_log(epochs=3)
    (tmp_path / "log_train.txt").write_text(first + second)
    assert [r.id for r in discover(str(tmp_path))] == ["log_train.txt#1", "log_train.txt#2"]
    df, _ = _read(tmp_path)
    assert _series(df, "train_mean_loss", run="log_train.txt#1") == (steps, losses)


# ------------------------------------------------------------------ PointNet: a first launch stopped at once

def _pointnet_log(epochs: int, batches: int = 30, aborted: bool = True) -> tuple[str, list]:
    """charlesq34/pointnet's train.py log_string text (a bare '----' chunk marker, per-batch 'mean loss:' lines,
    'eval mean loss:' after each epoch), after a first launch stopped in epoch 0: (text, the epoch means)."""
    lines, means = [], []
    if aborted:
        lines += ["**** EPOCH 000 ****", "----", "mean loss: 2.407614", "accuracy: 0.289210", "----"]
    per_epoch: list = []
    for epoch, b, loss, acc in _softmax_steps(epochs, batches, seed=3):
        if epoch is None:
            if per_epoch:
                lines += ["----", f"eval mean loss: {loss:f}", f"eval accuracy: {acc:f}", "Model saved in file: x"]
                means.append(round(float(np.mean(per_epoch)), 4))
                per_epoch = []
            continue
        if b == 1:
            lines += [f"**** EPOCH {epoch:03d} ****", "----"]
        if b % 10 == 0:
            lines += [f"mean loss: {loss:f}", f"accuracy: {acc:f}"]
            per_epoch.append(float(f"{loss:f}"))
    return "\n".join(lines) + "\n", means


def test_a_pointnet_launch_stopped_in_its_first_epoch_is_no_run_of_its_own(tmp_path):
    text, means = _pointnet_log(5)
    (tmp_path / "log_train.txt").write_text(text)
    assert [r.id for r in discover(str(tmp_path))] == ["log_train.txt"]  # was #1 (1 point, unknown) + #2
    df, notes = _read(tmp_path)
    steps, values = _series(df, "mean_loss")
    assert steps == list(range(5)) and values == pytest.approx(means, abs=1e-4)
    assert any("first launch stopped" in n for n in notes)


def test_a_pointnet_relaunch_after_two_epochs_stays_its_own_run(tmp_path):
    first, _ = _pointnet_log(2, aborted=False)
    second, _ = _pointnet_log(3, aborted=False)
    (tmp_path / "log_train.txt").write_text(first + second)
    assert len(discover(str(tmp_path))) == 2


# ------------------------------------------------------------------ a printed output whose loss lines start late

def test_an_output_txt_whose_first_loss_line_comes_late_is_found(tmp_path):
    """gbm-classification's train script prints each patch it loads (``TCGA-..annotation0`` / ``in MUT``) before
    ``Global Iter: N training loss: ..``: ~64 KB of names first."""
    lines = []
    for i in range(2200):
        lines += [f"TCGA-CS-{5393 + i % 40}annotation{i % 4}", "in MUT" if i % 3 else "in WT"]
    lines.append("Number of Patches: 2200")
    losses = []
    for it, _, loss, acc in (s for s in _softmax_steps(1, 60, seed=5) if s[0] is not None):
        lines += [f"Global Iter: {it * 100} training loss: {loss:g}", f"Global Iter: {it * 100} training acc: {acc:g}"]
        losses.append(round(float(f"{loss:g}"), 4))
    (tmp_path / "output_sgd.txt").write_text("\n".join(lines) + "\n")
    assert [r.id for r in discover(str(tmp_path))] == ["output_sgd.txt"]  # was 'no training runs found'
    df, _ = _read(tmp_path)
    assert _series(df, "training_loss")[1] == losses


def test_a_data_list_named_output_is_no_run_and_no_warning(tmp_path):
    (tmp_path / "output_files.txt").write_text("\n".join(f"img_{i:05d}.png" for i in range(3000)) + "\n")
    problems: list = []
    runs = discover(str(tmp_path), problems)
    assert runs == [] and not [p for p in problems if "output_files" in str(p)]


# ------------------------------------------------------------------ a TensorBoard CSV export renamed train_log.csv

def _tb_export(steps, values) -> str:
    rows = [f"{1.6e9 + 3 * s:.3f},{s},{v}" for s, v in zip(steps, values)]
    return "Wall time,Step,Value\n" + "\n".join(rows) + "\n"


@pytest.mark.parametrize("name, tag", [("train_log.csv", "train_loss"), ("training.csv", "train_loss"),
                                       ("run-x-tag-train_acc.csv", "train_acc"), ("val_log.csv", "val_log")])
def test_a_tensorboard_export_named_as_a_training_log_is_its_loss(tmp_path, name, tag):
    steps = list(range(4, 400, 4))
    values = [round(4.4 * 0.98 ** i + 0.3, 4) for i in range(len(steps))]
    (tmp_path / name).write_text(_tb_export(steps, values))
    df, notes = _read(tmp_path)
    assert sorted(set(df.tag)) == [tag]
    assert _series(df, tag) == (steps, values)
    assert any(("assumed" in n) == (tag == "train_loss") for n in notes)


# ------------------------------------------------------------------ JSON lines naming their split

def test_json_rows_naming_their_split_are_two_series(tmp_path):
    rows, train, val = [], [], []
    for epoch, _, loss, acc in (s for s in _softmax_steps(6, 8, seed=2) if s[0] is not None and s[1] == 8):
        rows.append({"epoch": epoch, "split": "train", "loss": round(loss, 5), "acc": round(acc, 4)})
        vloss = round(loss * 1.1, 5)
        rows.append({"epoch": epoch, "split": "val", "loss": vloss, "acc": round(acc * 0.97, 4)})
        train.append(round(loss, 4))
        val.append(round(vloss, 4))
    (tmp_path / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    df, notes = _read(tmp_path)
    assert sorted(set(df.tag)) == ["train_acc", "train_loss", "val_acc", "val_loss"]  # was one 'loss', 2 a step
    assert _series(df, "train_loss") == (list(range(6)), train)
    assert _series(df, "val_loss") == (list(range(6)), val)
    assert any("name their split" in n for n in notes)


# ------------------------------------------------------------------ upper-case EPOCH k/N headers

@pytest.mark.parametrize("header", ["EPOCH {e}/{n}", "EPOCH {e}/{n}\n----------"])
def test_upper_case_epoch_headers_read_as_epoch_headers(tmp_path, header):
    pytest.importorskip("torch")
    from test_readers35c_epochblocks import _quickstart

    text, losses, tests = _quickstart(6, seed=0, header=header)
    (tmp_path / "train.log").write_text(text)
    runs = discover(str(tmp_path))
    assert [(r.id, r.format) for r in runs] == [("train.log", "joblog")]  # was a whitespace table: no series
    df, _ = _read(tmp_path)
    assert _series(df, "loss")[1] == losses
    assert _series(df, "test_Avg_loss")[1] == [avg for _, avg in tests]
