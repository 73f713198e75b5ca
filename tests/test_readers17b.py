"""Reader kinds of branch readers17b (label29's notes on CSV/JSON logs), each input written by its real writer:

- a script's own metrics CSV appended to by a training resumed from an earlier checkpoint (the step goes back but
  stays above the run's start): the resolved view takes the re-logged steps from the later session
  (``later_session_replaces``, with its warning) instead of keeping both sessions' values at one step;
- column names in another language (Chinese ``步骤,损失,准确率``, Spanish, Japanese...) read as English names; a CSV
  named like a log that gives no run is said in one line;
- cells written as one-number tensor reprs (``tf.Tensor(51.09, shape=(), dtype=float32)``, TensorFlow's
  ``<tf.Tensor: ... numpy=0.5>``, ``tensor(0.51, grad_fn=...)``, ``np.float32(0.5)``) are their numbers;
- loss logs without usable column names (no header, pandas' ``,0`` header, one row per series) read with the
  documented guess (one column: the loss; two: train, then validation);
- index-like columns are no series: a run id constant in each run (``model``), a ``timestamp`` of seconds in an
  ``epoch,...`` file (the wall time), projected columns past the logged epochs; a row of its step alone is said.
"""
from __future__ import annotations

import csv
import warnings

import numpy as np
import pandas as pd

import torch

from loganalyzer import read_scalars

from _runs import one_thread  # noqa: F401,E402  (one_thread: autouse)


def scalars(path, resolve=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=resolve)
    return df, [str(w.message) for w in caught]


def _tiny_problem(seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(256, 8, generator=g)
    y = (x[:, :1] * 2 - x[:, 1:2]) + 0.1 * torch.randn(256, 1, generator=g)
    return x, y


def _train(model, opt, x, y, steps, log, every):
    for step in steps:
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        if step % every == 0:
            log(step, loss.item(), opt.param_groups[0]["lr"])


def test_resumed_metrics_csv_later_session_replaces(tmp_path):
    """Session 1 logs steps 10..300 and saves a checkpoint at 150; session 2 (changed lr) loads it and logs
    160..400 into the same file (csv.writer in append mode, the header once)."""
    path = tmp_path / "logs" / "metrics.csv"
    path.parent.mkdir()
    x, y = _tiny_problem()
    torch.manual_seed(0)
    model = torch.nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    written = {}

    def logger(session):
        def log(step, loss, lr):
            new = not path.exists()
            with open(path, "a", newline="") as f:
                w = csv.writer(f)
                if new:
                    w.writerow(["timestamp", "step", "loss", "learning_rate", "phase"])
                w.writerow(["", step, round(loss, 5), lr, session])
            written[step] = round(loss, 5)
        return log

    ckpt = None
    for step in range(1, 301):
        _train(model, opt, x, y, [step], logger("first"), 10)
        if step == 150:
            ckpt = ({k: v.clone() for k, v in model.state_dict().items()}, opt.state_dict())
    model.load_state_dict(ckpt[0])
    opt = torch.optim.SGD(model.parameters(), lr=0.003)
    _train(model, opt, x, y, range(151, 401), logger("resumed"), 10)

    raw, _ = scalars(tmp_path, resolve=False)
    resolved, messages = scalars(tmp_path, resolve=True)
    raw_loss = raw[raw.tag == "loss"]
    assert len(raw_loss) == 30 + 25  # both sessions' points kept in the raw view
    loss = resolved[resolved.tag == "loss"]
    assert loss.step.is_unique and loss.step.tolist() == list(range(10, 401, 10))
    assert loss.set_index("step").value.to_dict() == written  # the later session's values at 160..300
    assert "later_session_replaces" in resolved.attrs["step_rules"]
    assert any("resumed at step 160" in m for m in messages)


def _classify_epochs(n_epochs, seed=0):
    """(epoch, loss, accuracy) of a tiny real classifier trained ``n_epochs`` epochs."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(200, 4, generator=g)
    y = (x[:, 0] + x[:, 1] > 0).long()
    torch.manual_seed(seed)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    out = []
    for epoch in range(1, n_epochs + 1):
        opt.zero_grad()
        logits = model(x)
        loss = torch.nn.functional.cross_entropy(logits, y)
        loss.backward()
        opt.step()
        out.append((epoch, round(loss.item(), 6), round((logits.argmax(1) == y).float().mean().item(), 6)))
    return out


def test_foreign_column_names(tmp_path):
    rows = _classify_epochs(12)
    zh = tmp_path / "zh"
    zh.mkdir()
    with open(zh / "training_metrics.csv", "w", newline="", encoding="utf-8") as f:  # csv.writer, Chinese header
        w = csv.writer(f)
        w.writerow(["步骤", "损失", "准确率", "步骤准确率"])
        for epoch, loss, acc in rows:
            w.writerow([epoch, loss, acc, acc])
    es = tmp_path / "es"
    es.mkdir()
    pd.DataFrame({"Época": [r[0] for r in rows], "Pérdida de entrenamiento": [r[1] for r in rows],
                  "Pérdida de validación": [r[1] * 1.1 for r in rows]}).to_csv(es / "historial.csv", index=False)
    ja = tmp_path / "ja"
    ja.mkdir()
    pd.DataFrame({"エポック": [r[0] for r in rows], "訓練損失": [r[1] for r in rows],
                  "検証精度": [r[2] for r in rows]}).to_csv(ja / "log.csv", index=False)
    df, messages = scalars(tmp_path)
    got = {(d.split("/")[0], t): g for (d, t), g in df.groupby(["dir", "tag"], observed=True)}
    assert set(got) == {("zh", "loss"), ("zh", "accuracy"), ("zh", "step_accuracy"), ("es", "train_loss"),
                        ("es", "val_loss"), ("ja", "train_loss"), ("ja", "val_accuracy")}
    assert got["zh", "loss"].step.tolist() == list(range(1, 13))
    assert got["zh", "loss"].value.tolist() == [r[1] for r in rows]
    assert got["ja", "val_accuracy"].value.tolist() == [r[2] for r in rows]
    assert any("'损失' -> 'loss'" in m for m in messages)


def test_log_named_csv_without_run_is_said(tmp_path):
    pd.DataFrame({"модель": ["a", "b"], "примечание": ["x", "y"]}).to_csv(tmp_path / "train_log.csv", index=False)
    df, messages = scalars(tmp_path)
    assert df.empty
    assert [m for m in messages if "train_log.csv" in m and "named like a training log" in m]


class EagerTensor:
    """A TensorFlow scalar's ``__str__``/``__repr__`` as ``tensorflow/python/framework/ops.py`` writes them
    (``"tf.Tensor(%s, shape=%s, dtype=%s)"`` and ``"<tf.Tensor: shape=%s, dtype=%s, numpy=%s>"``; TensorFlow is not
    installed here), over numpy's own text of the value."""

    def __init__(self, value):
        self.value = np.float32(value)

    def __str__(self):
        return "tf.Tensor(%s, shape=%s, dtype=%s)" % (np.array2string(np.asarray(self.value)), "()", "float32")

    def __repr__(self):
        return "<tf.Tensor: shape=%s, dtype=%s, numpy=%s>" % ("()", "float32", np.array2string(np.asarray(self.value)))


def test_tensor_repr_cells(tmp_path):
    g = torch.Generator().manual_seed(1)
    x = torch.randn(128, 4, generator=g)
    y = (x[:, 0] > 0).long()
    torch.manual_seed(1)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    expect = []
    with open(tmp_path / "aug_1_50.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "train_loss", "val_loss", "val_acc", "eval_loss"])
        for epoch in range(8):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            with torch.no_grad():
                logits = model(x)
                val = torch.nn.functional.cross_entropy(logits, y)
                acc = np.float32((logits.argmax(1) == y).float().mean().item())
            # the tensor itself (str: tensor(0.6931, grad_fn=<NllLossBackward0>)), TF's str, numpy 2's repr, TF's repr
            w.writerow([epoch, loss, str(EagerTensor(val.item())), repr(acc), repr(EagerTensor(val.item()))])
            expect.append((loss.item(), float(np.float32(val.item())), float(acc)))
    df, messages = scalars(tmp_path)
    series = {t: g.sort_values("step") for t, g in df.groupby("tag", observed=True)}
    assert set(series) == {"train_loss", "val_loss", "val_acc", "eval_loss"}
    assert series["val_loss"].step.tolist() == list(range(8))
    assert np.allclose(series["train_loss"].value, [e[0] for e in expect], atol=1e-4)
    assert np.allclose(series["val_loss"].value, [e[1] for e in expect], atol=1e-6)
    assert np.allclose(series["eval_loss"].value, [e[1] for e in expect], atol=1e-6)
    assert np.allclose(series["val_acc"].value, [e[2] for e in expect])


def _train_val_losses(n=10, seed=2):
    g = torch.Generator().manual_seed(seed)
    x, xv = torch.randn(128, 4, generator=g), torch.randn(64, 4, generator=g)
    y, yv = x @ torch.ones(4, 1), xv @ torch.ones(4, 1)
    torch.manual_seed(seed)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    train, val = [], []
    for _ in range(n):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        with torch.no_grad():
            val.append(torch.nn.functional.mse_loss(model(xv), yv).item())
        train.append(loss.item())
    return train, val


def test_loss_logs_without_column_names(tmp_path):
    train, val = _train_val_losses()
    for d in ("savetxt", "one", "pandas", "rows", "frame"):
        (tmp_path / d).mkdir()
    np.savetxt(tmp_path / "savetxt" / "losses.csv", np.c_[train, val], delimiter=",")  # no header, 2 columns
    with open(tmp_path / "one" / "loss.csv", "w", newline="") as f:  # one headerless column
        csv.writer(f).writerows([[v] for v in train])
    pd.DataFrame(train).to_csv(tmp_path / "pandas" / "loss.csv")  # header ',0'
    with open(tmp_path / "rows" / "losses.csv", "w", newline="") as f:  # one row per series
        csv.writer(f).writerows([["train_loss", *train], ["val_loss", *val]])
    pd.DataFrame([train, val], index=["train", "val"]).to_csv(tmp_path / "frame" / "losses.csv")  # ',0,1,...'
    df, messages = scalars(tmp_path)
    got = {(d.split("/")[0], t): g.sort_values("step") for (d, t), g in df.groupby(["dir", "tag"], observed=True)}
    assert set(got) == {("savetxt", "train_loss"), ("savetxt", "val_loss"), ("one", "loss"), ("pandas", "loss"),
                        ("rows", "train_loss"), ("rows", "val_loss"), ("frame", "train_loss"), ("frame", "val_loss")}
    for key, want in got.items():
        assert want.step.tolist() == list(range(10)), key
        expect = val if key[1] == "val_loss" else train
        assert np.allclose(want.value, expect), key
    assert any("savetxt/losses.csv" in m and "train, then validation" in m for m in messages)
    assert any("rows/losses.csv" in m and "read transposed" in m for m in messages)


def test_index_like_columns(tmp_path):
    import time

    train, val = _train_val_losses(n=6)
    for d in ("models", "clock", "proj", "gap"):
        (tmp_path / d).mkdir()
    with open(tmp_path / "models" / "loss_history.csv", "w", newline="") as f:  # 3 models appended, id column
        w = csv.writer(f)
        w.writerow(["model", "epoch", "loss"])
        for model in (1, 2, 3):
            tr, _ = _train_val_losses(n=4, seed=model)
            for epoch, loss in enumerate(tr, 1):
                w.writerow([model, epoch, loss])
    start = time.time()
    pd.DataFrame({"epoch": range(6), "timestamp": [time.time() - start + i for i in range(6)], "loss": train,
                  "val_loss": val}).to_csv(tmp_path / "clock" / "epoch_metrics.csv", index=False)
    fit = np.polyfit(np.arange(6), np.log(val), 1)  # a projection of the validation loss over 15 epochs
    proj = pd.DataFrame({"epoch": range(15), "train_loss": train + [None] * 9, "val_loss": val + [None] * 9,
                         "proj_val_loss": np.exp(np.polyval(fit, np.arange(15))),
                         "val_loss_plot": np.exp(np.polyval(fit, np.arange(15)))})
    proj.to_csv(tmp_path / "proj" / "epoch_metrics_with_projection.csv", index=False)
    with open(tmp_path / "gap" / "loss_history.csv", "w", newline="") as f:  # epoch 3's values never written
        w = csv.writer(f)
        w.writerow(["epoch", "train_loss", "val_loss"])
        for epoch, (a, b) in enumerate(zip(train, val), 1):
            w.writerow([epoch, "", ""] if epoch == 3 else [epoch, a, b])
    df, messages = scalars(tmp_path)
    tags = {d: set(g.tag.astype(str)) for d, g in df.groupby("dir", observed=True)}
    assert tags == {"models/loss_history.csv#1": {"loss"}, "models/loss_history.csv#2": {"loss"},
                    "models/loss_history.csv#3": {"loss"}, "clock/epoch_metrics.csv": {"loss", "val_loss"},
                    "proj/epoch_metrics_with_projection.csv": {"train_loss", "val_loss"},
                    "gap/loss_history.csv": {"train_loss", "val_loss"}}
    clock = df[df.dir == "clock/epoch_metrics.csv"]
    assert clock.wall_time.notna().all()
    assert df[df.dir == "proj/epoch_metrics_with_projection.csv"].step.max() == 5
    gap = df[(df.dir == "gap/loss_history.csv") & (df.tag == "val_loss")]
    assert gap.step.tolist() == [1, 2, 4, 5, 6]
    assert any("'model' holds one value in each run" in m for m in messages)
    assert any("'proj_val_loss'" in m and "left out" in m for m in messages)
    assert any("gap/loss_history.csv" in m and "no value (step(s) 3)" in m for m in messages)
