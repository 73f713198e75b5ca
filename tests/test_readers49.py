"""Reader faults named by the labeller of set 106 (opened at stop 49), each a kind, and one verdict kind from it.
Each test fails on the stop's start code but the guards (what stays unread, what stays apart).

- one line of numbers per file, ``train_loss.csv``/``val_loss.csv``/``train_acc.csv``/``val_acc.csv`` of 15 and 24
  epochs (cnnsg106): "no run" (the one-line rule wanted 30 values);
- two headerless lines of as many numbers, ``np.savetxt('loss.csv', [train, val], delimiter=',')`` (audiogan106 2 x
  225, cudann106 ``model_history.csv`` 2 x 30): not read;
- a JSON list of ``[step, train_loss, val_loss]`` rows in ``loss_history.json`` (collinllm106): not read;
- TensorBoard "Download CSV" exports of one run's tags side by side (seq2seq106): two runs, the validation loss
  renamed ``val_validation_loss``, the BLEU a run of its own;
- one training's loss spiking once to near its first level (in104106 ``loss.csv``, no step column) split in two as
  "values start over";
- a language model's validation rising at 9 of 10 evaluations after its best, 2.8% by the last (collinllm106):
  `healthy`, "a wobble".
"""
from __future__ import annotations

import csv
import json
import warnings

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.tensorboard import SummaryWriter

import loganalyzer
from _runs import mlp, public_run, read_resolved, series_by_step, tiny_history, tiny_regression, verdict


def _regression(epochs: int, seed: int = 0) -> tuple[list[float], list[float]]:
    return tiny_regression(epochs, seed, lr=1e-3)


def test_one_line_per_split_named_file_is_a_series_with_its_metric_siblings(tmp_path):
    h = tiny_history(15)
    for split, prefix in (("train", ""), ("val", "val_")):
        np.savetxt(tmp_path / f"{split}_loss.csv", [h[prefix + "loss"]], delimiter=",")
        np.savetxt(tmp_path / f"{split}_acc.csv", [h[prefix + "acc"]], delimiter=",")
    df, _ = read_resolved(tmp_path)
    assert set(df.tag) == {"train_loss", "val_loss", "train_acc", "val_acc"}
    steps, values = series_by_step(df, "val_loss")
    assert steps == list(range(15))
    assert np.allclose(values, h["val_loss"])
    assert np.allclose(series_by_step(df, "train_acc")[1], h["acc"])


def test_a_short_or_unsplit_one_line_file_stays_unread(tmp_path):
    h = tiny_history(15)
    np.savetxt(tmp_path / "loss.csv", [h["loss"]], delimiter=",")  # 15 values, no split named: < 30
    np.savetxt(tmp_path / "b_train_loss.csv", [h["loss"][:6]], delimiter=",")  # split named, 6 values: < 10
    df, warned = read_resolved(tmp_path)
    said = " ".join(warned)
    assert len(df) == 0 and "one line of 15 numbers" in said and "one line of 6 numbers" in said


def test_two_headerless_rows_of_a_loss_or_history_file_are_train_then_validation(tmp_path):
    train, val = _regression(40)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    np.savetxt(tmp_path / "a" / "loss.csv", [train, val], delimiter=",")  # numpy's default '%.18e'
    with open(tmp_path / "b" / "model_history.csv", "w") as out:  # a C program's fprintf rows
        for row in (train, val):
            out.write(",".join(f"{v:f}" for v in row) + "\n")
    df, problems = read_resolved(tmp_path)
    for run in ("a", "b"):
        part = df[df.dir.str.startswith(run)]
        assert set(part.tag) == {"train_loss", "val_loss"}
        assert sorted(part[part.tag == "val_loss"].step) == list(range(40))
        assert np.allclose(part[part.tag == "val_loss"].sort_values("step").value, val, atol=1e-6)
    assert any("two lines of 40 numbers" in str(p) for p in problems)


def test_three_headerless_rows_stay_unread(tmp_path):
    train, val = _regression(40)
    np.savetxt(tmp_path / "loss.csv", [train, val, val], delimiter=",")
    df, warned = read_resolved(tmp_path)
    assert len(df) == 0 and any("loss.csv" in w for w in warned)


def test_a_json_list_of_step_train_val_rows_in_a_loss_file_is_read(tmp_path):
    train, val = _regression(25)
    rows = [[200 * (k + 1), t, v] for k, (t, v) in enumerate(zip(train, val))]
    (tmp_path / "loss_history.json").write_text(json.dumps(rows, indent=2))
    df, problems = read_resolved(tmp_path)
    steps, values = series_by_step(df, "val_loss")
    assert steps == [r[0] for r in rows]
    assert np.allclose(values, val)
    assert np.allclose(series_by_step(df, "train_loss")[1], train)
    assert any("counts up by 200" in str(p) for p in problems)


def test_a_json_list_of_rows_without_a_counting_first_column_stays_unread(tmp_path):
    train, val = _regression(25)
    (tmp_path / "loss_history.json").write_text(json.dumps([[t, v] for t, v in zip(train, val)]))
    df, warned = read_resolved(tmp_path)
    assert len(df) == 0 and any("a list of rows of 2 numbers" in w for w in warned)


def _export(event_dir, out_dir, prefix: str) -> None:
    """Each scalar tag of the event files in ``event_dir`` as TensorBoard's dashboard downloads it:
    ``Wall time,Step,Value`` rows in ``<prefix>-tag-<tag with / as _>.csv``."""
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    acc = EventAccumulator(str(event_dir))
    acc.Reload()
    for tag in acc.Tags()["scalars"]:
        with open(out_dir / f"{prefix}-tag-{tag.replace('/', '_')}.csv", "w", newline="") as out:
            w = csv.writer(out)
            w.writerow(["Wall time", "Step", "Value"])
            for e in acc.Scalars(tag):
                w.writerow([e.wall_time, e.step, e.value])


def test_tensorboard_csv_exports_of_one_run_are_one_run(tmp_path):
    h = tiny_history(30)
    for name in ("run1", "run2"):
        with SummaryWriter(tmp_path / "tb" / name) as w:
            for epoch in range(30):
                w.add_scalar("train_loss", h["loss"][epoch], epoch)
                w.add_scalar("validation_loss", h["val_loss"][epoch], epoch)
                w.add_scalar("validation_bleu", h["val_acc"][epoch], epoch)
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    _export(tmp_path / "tb" / "run1", one, "run_.")
    _export(tmp_path / "tb" / "run1", two, "run-run1")
    _export(tmp_path / "tb" / "run2", two, "run-run2")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runs = loganalyzer.discover(one)
        assert len(runs) == 1 and len(runs[0].files) == 3
        assert len(loganalyzer.discover(two)) == 2  # two runs' exports stay two runs
    df, _ = read_resolved(one)
    assert set(df.tag) == {"train_loss", "validation_loss", "validation_bleu"}
    assert np.allclose(series_by_step(df, "validation_loss")[1], h["val_loss"], atol=1e-6)


def test_a_language_models_long_steady_validation_climb_is_overfitting():
    run = verdict(public_run("collinllm106__loss_history"))
    assert run.verdict == "overfit", run.summary
    assert "step 3,000" in run.summary and "4.802" in run.summary


def _slow_spiked(epochs: int, spike_at: int) -> list[float]:
    """Per-epoch mean MSE of a tiny regression MLP trained for real with a small SGD learning rate (a slow, smooth
    fall), the rate 330x for epoch ``spike_at`` (one real spike back towards the first level)."""
    torch.manual_seed(0)
    x = torch.randn(512, 6)
    y = (x @ torch.randn(6, 1)) * 3 + 8 + 0.3 * torch.randn(512, 1)
    model = mlp(6, 32, 1)
    opt = torch.optim.SGD(model.parameters(), lr=3e-4)
    out = []
    for epoch in range(epochs):
        for g in opt.param_groups:
            g["lr"] = 0.1 if epoch == spike_at else 3e-4
        total = 0.0
        for i in range(0, 512, 64):
            loss = F.mse_loss(model(x[i:i + 64]), y[i:i + 64])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() / 8
        out.append(total)
    return out


def test_one_spike_back_towards_the_first_level_does_not_start_a_training_over(tmp_path):
    losses = _slow_spiked(150, 57)
    assert losses[57] > 3 * losses[56] and min(losses[58:61]) > losses[56]  # the shape: a spike, not back at once
    np.savetxt(tmp_path / "loss.csv", losses)
    df, warned = read_resolved(tmp_path)
    assert df.dir.nunique() == 1 and len(df) == 150
    assert not any("start over" in w for w in warned)


# Guards from the stop's breaker: shapes the first versions of these rules read wrongly.

def test_keras_exports_named_by_split_stay_one_run_with_its_validation(tmp_path):
    h = tiny_history(20)
    for split, prefix in (("train", ""), ("validation", "val_")):
        with SummaryWriter(tmp_path / "tb" / split) as w:
            for epoch in range(20):
                w.add_scalar("epoch_loss", h[prefix + "loss"][epoch], epoch)
                w.add_scalar("epoch_accuracy", h[prefix + "acc"][epoch], epoch)
        (tmp_path / "out").mkdir(exist_ok=True)
        _export(tmp_path / "tb" / split, tmp_path / "out", f"run-{split}")
    df, _ = read_resolved(tmp_path / "out")
    assert df.dir.nunique() == 1
    assert {"train_epoch_loss", "val_epoch_loss"} <= set(df.tag)


def _train_lines(out, lr: float, epochs: int, seed: int) -> None:
    torch.manual_seed(seed)
    x = torch.randn(256, 10)
    y = (x[:, :3].sum(1) > 0).long() + (x[:, 3] > 1).long()
    model = mlp(10, 32, 3)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(epochs):
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        print(f"loss: {loss.item():.4f}", file=out)


def test_an_appended_training_at_a_higher_learning_rate_still_starts_over(tmp_path):
    with open(tmp_path / "train.log", "w") as out:  # `python train.py >> train.log` twice, the second at 10x the rate
        _train_lines(out, 0.2, 150, seed=0)
        _train_lines(out, 2.0, 80, seed=1)
    df, warned = read_resolved(tmp_path)
    assert df.dir.nunique() == 2 and any("start over" in w for w in warned)


def test_two_rows_that_are_no_train_and_validation_losses_stay_unread(tmp_path):
    h = tiny_history(20)
    for name, rows in (("a/loss.csv", [h["loss"], h["acc"]]), ("b/history.csv", [h["acc"], h["val_acc"]]),
                       ("c/losses.csv", [list(range(20)), h["loss"]])):
        (tmp_path / name).parent.mkdir()
        np.savetxt(tmp_path / name, rows, delimiter=",")
    df, _ = read_resolved(tmp_path)
    assert len(df) == 0


def test_json_rows_of_a_loss_and_an_accuracy_are_said_not_read_and_a_short_last_stride_is_read(tmp_path):
    h = tiny_history(20)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "loss_acc.json").write_text(json.dumps([[10 * k, h["loss"][k], h["acc"][k]] for k in range(20)]))
    steps = [500 * k for k in range(10)] + [4999]  # nanoGPT-style: every 500 iterations and at max_iters - 1
    (tmp_path / "b" / "loss_history.json").write_text(json.dumps(
        [[float(s), h["loss"][k], h["val_loss"][k]] for k, s in enumerate(steps)]))
    df, warned = read_resolved(tmp_path)
    assert set(df.dir) == {"b/loss_history.json"}
    assert series_by_step(df, "val_loss")[0] == steps
    assert any("loss_acc.json" in w and "not losses" in w for w in warned)


def test_a_split_named_row_of_per_class_losses_stays_unread(tmp_path):
    rng = np.random.default_rng(0)
    np.savetxt(tmp_path / "train_loss.csv", [rng.uniform(0.2, 2.0, 10)], delimiter=",")  # 10 classes' losses
    df, _ = read_resolved(tmp_path)
    assert len(df) == 0


def test_a_long_validation_creep_is_no_climb_while_validation_accuracy_keeps_improving(tmp_path):
    from loganalyzer.curves import Curves, Series
    from loganalyzer.verdict_evidence import val_rise

    steps = np.arange(20)
    val = np.r_[np.linspace(0.60, 0.3321, 10), 0.3321 * (1 + 0.0026 * np.arange(1, 11))]
    val[14] -= 0.0015  # one dip
    train = np.linspace(0.74, 0.03, 20)
    acc = np.linspace(0.70, 0.91, 20)

    def curves(with_acc: bool):
        return Curves(train_loss=Series("train_loss", "", "train_loss", steps, train),
                      val_loss=Series("val_loss", "", "val_loss", steps, val),
                      val_acc=Series("val_acc", "", "val_acc", steps, acc) if with_acc else None)

    assert val_rise(curves(False)).long_climb
    assert not val_rise(curves(True)).long_climb


def test_a_log_naming_its_losses_by_the_split_alone_is_judged_on_them(tmp_path):
    h = tiny_history(25)  # (validation ends below its first value: an overfit loss in [0, 1] ending above it is, by
    (tmp_path / "losses").mkdir()  # its numbers, a score rising -- curves_names._rising_fraction)
    (tmp_path / "accs").mkdir()
    for folder, (a, b) in (("losses", ("loss", "val_loss")), ("accs", ("acc", "val_acc"))):
        with open(tmp_path / folder / "log.csv", "w", newline="") as out:  # {'train': .., 'val': ..} per epoch
            w = csv.writer(out)
            w.writerow(["epoch", "train", "val"])
            for epoch in range(25):
                w.writerow([epoch + 1, h[a][epoch], h[b][epoch]])
    run = verdict(tmp_path / "losses")
    assert run.verdict == "overfit" and {"training loss: train", "validation loss: val"} <= set(run.notes)
    run = verdict(tmp_path / "accs")  # rising accuracies under the same names are no losses
    assert run.verdict == "unknown", run.summary


def test_models_trained_one_after_another_with_bracket_epoch_counters_stay_runs_of_their_own(tmp_path):
    """Opened set 107's wildfire107: six models, each printing '[ k/10] Train Loss = ..; Valid Loss = ..' after its
    name; the item-counter rule of stop 49 (``Patch number: 99 / 20955``) took '[ k/10]' for a counter within an
    epoch and joined pairs of models into 20-epoch runs."""
    with open(tmp_path / "training_logs.txt", "w") as out:
        for k, width in enumerate((16, 64, 8)):
            print(f"{width}_Hidden_MLP\n" + "-" * 40 + "\n", file=out)
            torch.manual_seed(k)
            x = torch.randn(300, 10)
            y = (x[:, :2].sum(1) > 0).long()
            model = mlp(10, width, 2)
            opt = torch.optim.Adam(model.parameters(), lr=0.01)
            for epoch in range(1, 11):
                loss = F.cross_entropy(model(x[:200]), y[:200])
                opt.zero_grad()
                loss.backward()
                opt.step()
                with torch.no_grad():
                    out_v = model(x[200:])
                    val, acc = F.cross_entropy(out_v, y[200:]).item(), (out_v.argmax(1) == y[200:]).float().mean()
                print(f"[{epoch:2d}/10] Train Loss = {loss.item():.4f}; Valid Loss = {val:.4f}; "
                      f"Valid Accuracy = {100 * acc:.1f}%", file=out)
            print("\n\nTest Loss = 0.3748\nTest Accuracy = 93.5%\n", file=out)
    df, _ = read_resolved(tmp_path)
    assert df.dir.nunique() == 3
    assert all(sorted(g[g.tag == "Train_Loss"].step) == list(range(1, 11)) for _, g in df.groupby("dir"))
