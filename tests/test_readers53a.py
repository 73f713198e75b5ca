"""Stop 53 (branch s53a): one training's files found as several runs.

1. CatBoost's ``catboost_info/learn/`` + ``test/`` event files alone (public hddcatboost119): one run, test its
   validation.
2. ``losses0.csv`` .. ``losses9.csv``, one pandas CSV per epoch (public facercnn122): one run, steps continuing.
3. ``train_loss.csv`` + ``val_loss.csv`` ``eporch,iteration,loss_val,loss_avg,...`` (public s3fdrepvgg122): the
   misspelt epoch column, the within-epoch iteration and the AverageMeter's ``_val``/``_avg``: one run, validation
   placed on the training's epochs.
4. Per-tag CSV exports side by side (public ersnet122, nlplab122: TensorBoard's ``Wall time,Step,Value`` named by the
   tag; mitproject124: ``pd.Series(...).to_csv(index=False)``, header ``0``): one run, tags from the file names.
"""
from __future__ import annotations

import csv
import os

import numpy as np
import pandas as pd
import pytest
import torch

from loganalyzer.discover import discover
from test_readers5 import warned


def _ids(path) -> list[str]:
    return sorted(r.id for r in discover(str(path)))


def _series(df, tag: str, d: str | None = None):
    s = df[(df.tag == tag) & ((df.dir == d) if d is not None else True)]
    return s.step.tolist(), s.value.tolist()


def _run(path):
    from loganalyzer import analyze

    runs = analyze(str(path)).runs
    assert len(runs) == 1, [r.run for r in runs]
    return runs[0]


def _losses(steps: int, seed: int = 0, start: float = 2.0) -> list[float]:
    """A tiny regression trained with torch SGD: its per-step loss (scaled to start near ``start``)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(64, 4, generator=g)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]])
    model = torch.nn.Linear(4, 1)
    torch.nn.init.zeros_(model.weight)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    out = []
    for _ in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        out.append(loss.item())
    return [v * start / out[0] for v in out]


# ---------------------------------------------------------------- 1. CatBoost's event files alone


def _catboost_events(train_dir, learn, test, fixed_name: bool = True, splits=("learn", "test")):
    """CatBoost's TensorBoard files: ``<train_dir>/learn/events.out.tfevents`` (+ ``test/``), tag ``Logloss`` per
    iteration (written here with torch's SummaryWriter, renamed to CatBoost's fixed file name)."""
    from torch.utils.tensorboard import SummaryWriter

    for split, values in zip(splits, (learn, test)):
        d = os.path.join(train_dir, split)
        w = SummaryWriter(d)
        for i, v in enumerate(values):
            w.add_scalar("Logloss", v, i)
        w.close()
        if fixed_name:
            (name,) = [n for n in os.listdir(d) if "tfevents" in n]
            os.rename(os.path.join(d, name), os.path.join(d, "events.out.tfevents"))


def test_catboost_learn_and_test_event_dirs_alone_are_one_run(tmp_path):
    """public hddcatboost119: two runs 'learn' and 'test', the evaluation set judged as a training of its own."""
    learn, test = _losses(40), [v * 1.05 + 0.02 for v in _losses(40)]
    _catboost_events(tmp_path / "catboost_info", learn, test)
    assert _ids(tmp_path) == ["catboost_info"]
    df, _ = warned(str(tmp_path))
    assert _series(df, "Logloss", "catboost_info/learn")[0] == list(range(40))
    np.testing.assert_allclose(_series(df, "Logloss", "catboost_info/test")[1], test, rtol=1e-6)
    run = _run(tmp_path)
    assert run.roles["train_loss"] == "learn/Logloss" and run.roles["val_loss"] == "test/Logloss"


def test_catboost_learn_dir_alone_is_its_run(tmp_path):
    _catboost_events(tmp_path / "catboost_info", _losses(20), [], splits=("learn", "test"))
    os.remove(tmp_path / "catboost_info" / "test" / "events.out.tfevents")
    os.rmdir(tmp_path / "catboost_info" / "test")
    assert _ids(tmp_path) == ["catboost_info"]


@pytest.mark.parametrize("case", ["writer_names", "other_child"])
def test_learn_test_dirs_not_catboost_stay_apart(tmp_path, case):
    """Guards: SummaryWriter's own file names (no CatBoost), or a third child beside learn/ (another run)."""
    root = tmp_path / "logs"
    if case == "writer_names":
        _catboost_events(root, _losses(10), _losses(10, 1), fixed_name=False)
        assert _ids(tmp_path) == ["logs/learn", "logs/test"]
    else:
        _catboost_events(root, _losses(10), _losses(10, 1), splits=("learn", "baseline"))
        assert _ids(tmp_path) == ["logs/baseline", "logs/learn"]


# ---------------------------------------------------------------- 2. one CSV per epoch


_FRCNN = ["Loss", "RPN Classification Loss", "RCNN Classification Loss"]


def _epoch_files(d, epochs: int, batches: int, stem: str = "losses", columns=_FRCNN, seed: int = 0):
    """Face-R-FCN's loop: ``pd.DataFrame(rows, columns=['Batch', ...]).to_csv(f'losses/losses{epoch}.csv')`` at each
    epoch's end (pandas' unnamed index first, ``Batch`` from 0 in every file)."""
    os.makedirs(d, exist_ok=True)
    values = _losses(epochs * batches, seed)
    for e in range(epochs):
        rows = [[b] + [values[e * batches + b] * (k + 1) for k in range(len(columns))] for b in range(batches)]
        pd.DataFrame(rows, columns=["Batch", *columns]).to_csv(os.path.join(d, f"{stem}{e}.csv"))
    return values


def test_numbered_per_epoch_csvs_are_one_run_steps_continuing(tmp_path):
    """public facercnn122: losses0.csv .. losses9.csv were 10 runs, each epoch judged alone."""
    values = _epoch_files(tmp_path / "losses", 10, 30)
    assert _ids(tmp_path) == ["losses/losses"]
    df, said = warned(str(tmp_path))
    steps, got = _series(df, "Loss")
    assert steps == list(range(300))  # Batch 0..29 of epoch 0, then 30..59 for epoch 1, ...
    np.testing.assert_allclose(got, values, rtol=1e-9)
    assert sum("losses0.csv .. losses9.csv" in m and "one file per epoch" in m for m in said) == 1


def test_numbered_files_in_number_order_not_name_order(tmp_path):
    """losses10.csv sorts before losses2.csv by name: joined in the numbers' order."""
    values = _epoch_files(tmp_path / "losses", 12, 5)
    df, _ = warned(str(tmp_path))
    np.testing.assert_allclose(_series(df, "Loss")[1], values, rtol=1e-9)


def test_numbered_files_whose_steps_go_on_are_kept(tmp_path):
    """A global step already continuing across the files stays as written."""
    d = tmp_path / "logs"
    os.makedirs(d)
    values = _losses(30)
    for e in range(3):
        pd.DataFrame({"step": range(e * 10 + 1, e * 10 + 11), "loss": values[e * 10:e * 10 + 10]}).to_csv(
            d / f"log_{e + 1}.csv", index=False)
    df, _ = warned(str(tmp_path))
    assert _ids(tmp_path) == ["logs/log"]
    assert _series(df, "loss")[0] == list(range(1, 31))


@pytest.mark.parametrize("case", ["seed", "fold", "headers", "gap", "two"])
def test_numbered_files_that_are_not_epochs_stay_apart(tmp_path, case):
    """Guards: names saying seed/fold (trainings repeated), different headers, numbers with a gap, two files."""
    d = tmp_path / "out"
    if case in ("seed", "fold"):
        for s in range(3):
            _epoch_files(d, 1, 20, stem=f"{case}", seed=s)
            os.rename(d / f"{case}0.csv", d / f"tmp{s}.csv")
        for s in range(3):
            os.rename(d / f"tmp{s}.csv", d / f"{case}{s}.csv")
        assert len(_ids(tmp_path)) == 3
    elif case == "headers":
        _epoch_files(d, 3, 20)
        _epoch_files(tmp_path / "other", 1, 20, columns=["Loss", "Accuracy", "F1"])
        os.replace(tmp_path / "other" / "losses0.csv", d / "losses1.csv")
        assert len(_ids(d)) == 3
    elif case == "gap":
        _epoch_files(d, 6, 20)
        for k in (1, 2, 4):
            os.remove(d / f"losses{k}.csv")
        assert len(_ids(tmp_path)) == 3
    else:
        _epoch_files(d, 2, 20)
        assert len(_ids(tmp_path)) == 2


# ---------------------------------------------------------------- 3. eporch + iteration per epoch, AverageMeter


class AverageMeter:
    """The AverageMeter of PyTorch's ImageNet example: ``.val`` the last value, ``.avg`` the running mean."""

    def __init__(self):
        self.val = self.avg = self.sum = self.count = 0.0

    def update(self, val):
        self.val, self.sum, self.count = val, self.sum + val, self.count + 1
        self.avg = self.sum / self.count


def _s3fd_logs(d, epochs: int = 6, train_iters: int = 40, val_iters: int = 20, every: int = 10, header="eporch"):
    """S3FD_RepVGG's train.py: ``csv.writer`` rows ``[epoch, iteration, loss.val, loss.avg, ...]`` every ``every``
    iterations, the iteration counted from 1 within each epoch, train_loss.csv and val_loss.csv (no lr)."""
    os.makedirs(d, exist_ok=True)
    train = _losses(epochs * train_iters, 0, 10.0)
    val = _losses(epochs * val_iters, 1, 8.0)
    out = {}
    for name, values, per in (("train_loss.csv", train, train_iters), ("val_loss.csv", val, val_iters)):
        rows = []
        for e in range(epochs):
            meter = AverageMeter()
            for i in range(1, per + 1):
                meter.update(values[e * per + i - 1])
                if i % every == 0:
                    rows.append([e, i, meter.val, meter.avg] + ([1e-4] if name.startswith("train") else []))
        with open(os.path.join(d, name), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow([header, "iteration", "loss_val", "loss_avg"] + (["lr"] if name.startswith("train") else []))
            w.writerows(rows)
        out[name] = rows
    return out


def test_misspelt_epoch_and_meter_columns_make_one_run_val_on_training_epochs(tmp_path):
    """public s3fdrepvgg122: ~90 runs per file (the iteration's restart taken for new trainings), no validation."""
    rows = _s3fd_logs(tmp_path / "loss")
    assert _ids(tmp_path) == ["loss/loss"]
    df, said = warned(str(tmp_path))
    steps, values = _series(df, "train_loss_avg")
    assert steps == [10, 20, 30, 40, 50, 60, 70, 80] + [k * 10 for k in range(9, 25)]
    np.testing.assert_allclose(values, [r[3] for r in rows["train_loss.csv"]], rtol=1e-9)
    v_steps, v_values = _series(df, "val_loss_avg")
    assert v_steps == [20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220, 240]  # epoch e's last at the training's
    np.testing.assert_allclose(v_values, [r[3] for r in rows["val_loss.csv"]], rtol=1e-9)
    assert sum("'eporch' -> 'epoch'" in m for m in said) == 2
    assert any("placed on the training file train_loss.csv's 'epoch' epochs" in m for m in said)


@pytest.mark.parametrize("name,want", [("eporch", "epoch"), ("epcoh", "epoch"), ("Eproch", "epoch"),
                                       ("iteraton", "iteration"), ("epochs", None), ("ep", None), ("epoch", None),
                                       ("batch", None), ("march", None), ("loss", None), ("spoch_1", None)])
def test_misspelt_counter_names(name, want):
    from loganalyzer.readers._names_i18n import misspelt_counter

    assert misspelt_counter(name) == want


def test_a_real_val_column_still_blocks_the_split_pair(tmp_path):
    """Guard: ``train_metrics.csv`` holding ``val_loss`` (no ``_avg`` twin) is a file of both splits, not paired."""
    d = tmp_path / "m"
    os.makedirs(d)
    pd.DataFrame({"epoch": range(5), "loss": _losses(5), "loss_val": _losses(5, 1)}).to_csv(
        d / "train_metrics.csv", index=False)
    pd.DataFrame({"epoch": range(5), "loss": _losses(5, 2)}).to_csv(d / "val_metrics.csv", index=False)
    assert len(_ids(tmp_path)) == 2


# ---------------------------------------------------------------- 4. per-tag exports side by side


def _tb_download(path, values, start: int = 1, t0: float = 1680744062.58, dt: float = 30.0, every: int = 1):
    """TensorBoard's scalar dashboard "Download CSV": ``Wall time,Step,Value`` (csv module), saved by hand as
    ``<tag>.csv``."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Wall time", "Step", "Value"])
        for k, v in enumerate(values):
            w.writerow([t0 + dt * k * every, start + k * every, v])


def test_tag_named_tensorboard_exports_are_one_run(tmp_path):
    """public ersnet122 train/train_loss.csv + train_oa.csv: two runs, the accuracy a run of no loss."""
    d = tmp_path / "train"
    os.makedirs(d)
    loss = _losses(30)
    _tb_download(d / "train_loss.csv", loss)
    _tb_download(d / "train_oa.csv", [1 - v / 3 for v in loss])
    assert _ids(tmp_path) == ["train/train"]  # named as discover_splitpair names a pair
    df, _ = warned(str(tmp_path))
    assert set(df.tag) == {"train_loss", "train_oa"}
    np.testing.assert_allclose(_series(df, "train_loss")[1], loss, rtol=1e-9)


def test_tag_named_exports_with_validation_and_accuracy_are_one_run(tmp_path):
    """public nlplab122: train_loss + val_loss paired, train_acc.csv a run of its own."""
    d = tmp_path / "lightning_logs"
    os.makedirs(d)
    _tb_download(d / "train_loss.csv", _losses(40), start=49, every=50)
    _tb_download(d / "train_acc.csv", [0.1 + k / 100 for k in range(40)], start=49, every=50)
    _tb_download(d / "val_loss.csv", _losses(4, 1), start=499, t0=1680744062.58 + 30 * 450, every=500)
    assert _ids(tmp_path) == ["lightning_logs/lightning_logs"]
    run = _run(tmp_path)
    assert run.roles["train_loss"] == "train_loss" and run.roles["val_loss"] == "val_loss"


@pytest.mark.parametrize("case", ["two_losses", "apart_in_time"])
def test_tag_named_exports_of_different_trainings_stay_apart(tmp_path, case):
    """Guards: two training losses (``lr0.1_loss``, ``lr0.01_loss``: two runs), or exports logged at other times."""
    d = tmp_path / "exports"
    os.makedirs(d)
    if case == "two_losses":
        _tb_download(d / "lr0.1_loss.csv", _losses(10))
        _tb_download(d / "lr0.01_loss.csv", _losses(10, 1))
    else:
        _tb_download(d / "train_loss.csv", _losses(10))
        _tb_download(d / "train_acc.csv", [0.5] * 10, t0=1680744062.58 + 86400)
    assert len(_ids(tmp_path)) == 2


def test_pandas_series_header_zero_is_a_header_in_metric_files(tmp_path):
    """public mitproject124: ``pd.Series(history).to_csv(f, index=False)`` writes ``0`` first; the loss files took
    it for a header, the accuracy files for a first value 0.0."""
    d = tmp_path / "train"
    os.makedirs(d)
    acc = [0.52 + k / 1000 for k in range(20)]
    for name, values in (("train_loss", _losses(20)), ("val_loss", _losses(20, 1)), ("train_acc", acc),
                         ("val_acc", [a + 0.01 for a in acc])):
        pd.Series(values).to_csv(d / f"{name}.csv", index=False)
    df, said = warned(str(tmp_path))
    steps, values = _series(df, "train_acc")
    assert steps == list(range(20))
    np.testing.assert_allclose(values, acc, rtol=1e-12)
    assert _series(df, "val_acc")[1][0] == pytest.approx(0.53)
    assert sum("its first line '0' is pandas' column name" in m for m in said) == 2


def test_whole_number_file_keeps_its_zero():
    """Guard: a one-number file of counts (``0``, ``1``, ``2``) keeps its first 0."""
    from loganalyzer.readers.split_csv import _pandas_name_first

    assert not _pandas_name_first([b"0", b"1", b"2"])
    assert _pandas_name_first([b"0", b"0.52", b"0.53"])


def test_a_first_zero_beside_loss_files_without_that_header_is_a_value(tmp_path):
    """Guard (the stop's breaker): ``val_acc.csv`` starting with an int ``0`` (an F1 of ``0 if p + r == 0``) beside
    loss files written without pandas' ``0`` line: the 0 is the first epoch's value, not a header."""
    d = tmp_path / "train"
    os.makedirs(d)
    for name, values in (("train_loss", _losses(12)), ("val_loss", _losses(12, 1))):
        (d / f"{name}.csv").write_text("".join(f"{v}\n" for v in values))
    (d / "val_acc.csv").write_text("0\n" + "".join(f"{0.7 + k / 100}\n" for k in range(11)))
    df, _ = warned(str(tmp_path))
    steps, values = _series(df, "val_acc")
    assert steps[0] == 0 and values[0] == 0.0 and len(values) == 12


@pytest.mark.parametrize("stem", ["history", "log"])
def test_numbered_whole_trainings_stay_apart(tmp_path, stem):
    """Guard (the stop's breaker): a k-fold or lr-sweep loop saving Keras CSVLogger files ``history0..4.csv`` /
    ``log1..3.csv``, each a whole training counted in epochs from 0: separate runs, not one run that 'climbed'."""
    d = tmp_path / "data"
    os.makedirs(d)
    for k in range(4):
        losses = _losses(10, k)
        pd.DataFrame({"epoch": range(10), "loss": losses, "val_loss": [v * 1.1 for v in losses]}).to_csv(
            d / f"{stem}{k}.csv", index=False)
    assert len(_ids(tmp_path)) == 4


def test_numbered_trainings_on_their_own_global_step_stay_apart(tmp_path):
    """Guard (test_batchcsv's tree): ``p0.csv`` .. ``p11.csv``, each ``step,loss,val_loss`` from step 0: whole
    trainings on their own global step, not one training's epochs."""
    for k in range(4):
        losses = _losses(20, k)
        pd.DataFrame({"step": range(20), "loss": losses, "val_loss": [v * 1.1 for v in losses]}).to_csv(
            tmp_path / f"p{k}.csv", index=False)
    assert len(_ids(tmp_path)) == 4
