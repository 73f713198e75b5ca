"""Reader faults named by the labellers of sets 100-101 (opened at stop 48); each test fails on the stop's start code.

- ``Step:200\\t{"metric": {"eval_acc": .., "eval_loss": ..}, "step": 200}`` lines (a metric logger's JSON under a
  holder key) were "no training progress";
- ``Saved best model from epoch 22 with validation loss 50.3622`` was a two-point series of its own;
- (with that line gone) a step-less log printing each value on its own line (``Train Loss: ..`` then ``Val Loss: ..``
  under ``Epoch 15/50:``) was split into trainings at a validation spike the training loss one line before did not
  share (the public run's test);
- a second training in the same file, printing a metric the first never did, was joined to the first as its
  continuation;
- an OpenAI fine-tuning job's events export (newest first) was 1,500 runs of one point.
"""
from __future__ import annotations

import csv
import json

import torch
import torch.nn.functional as F

from _runs import blobs, close_logger, file_logger, mlp, public_run, read_resolved, series_by_step, verdict


def _classifier_evals(steps: int, every: int, seed: int = 0):
    """(step, eval accuracy, eval loss, train loss) of a tiny MLP trained for real on noisy blobs (it overfits)."""
    torch.manual_seed(seed)
    x, y = blobs(120, seed=1, k=2, spread=3.0, noise=0.3)
    xv, yv = blobs(400, seed=2, k=2, spread=3.0, noise=0.3)
    model = mlp(8, 128, 128, 2)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for step in range(1, steps + 1):
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % every == 0:
            with torch.no_grad():
                out = model(xv)
                yield step, (out.argmax(1) == yv).float().mean().item(), F.cross_entropy(out, yv).item(), loss.item()


def test_json_lines_holding_their_metrics_under_a_key_are_read(tmp_path):
    log = file_logger(tmp_path / "metric.log", "%(message)s", "metric48")
    evals = list(_classifier_evals(600, 20))
    for step, acc, loss, _ in evals:
        log.info("Step:%d\t%s", step, json.dumps({"metric": {"eval_acc": acc, "eval_loss": loss}, "step": step}))
    close_logger(log)
    df, _ = read_resolved(tmp_path)
    steps, values = series_by_step(df, "eval_loss")
    assert steps == [s for s, *_ in evals]
    assert values == [round(v, 12) for _, _, v, _ in evals] or all(abs(a - b) < 1e-9 for a, (_, _, b, _) in
                                                                    zip(values, evals))
    assert series_by_step(df, "eval_acc")[0] == steps
    assert set(df.tag) == {"eval_acc", "eval_loss"}


def test_a_split_key_holding_numbers_names_its_series_and_a_config_dict_is_no_series(tmp_path):
    with open(tmp_path / "train.log", "w") as out:
        print(json.dumps({"config": {"lr": 0.003, "optimizer": "adam"}, "loss": 0.9, "step": 0}), file=out)
        for step, acc, loss, train in _classifier_evals(300, 30):
            print(json.dumps({"train": {"loss": train}, "val": {"loss": loss, "acc": acc}, "step": step}), file=out)
    df, _ = read_resolved(tmp_path)
    assert {"train_loss", "val_loss", "val_acc"} <= set(df.tag)
    assert not any(t.startswith("config") for t in df.tag)
    assert len(series_by_step(df, "val_loss")[0]) == 10


def _regression_epochs(epochs: int, seed: int = 0, spike_at: int | None = None):
    """(train MSE, val MSE) per epoch of a tiny regression MLP trained for real; at epoch ``spike_at`` the learning
    rate is 30x for one epoch (a real loss spike)."""
    torch.manual_seed(seed)
    x = torch.randn(512, 6)
    w = torch.randn(6, 1)
    y = (x @ w) * 20 + 60 + torch.randn(512, 1)
    xv, yv = x[400:], y[400:]
    x, y = x[:400], y[:400]
    model = mlp(6, 32, 1)
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    for epoch in range(1, epochs + 1):
        for g in opt.param_groups:
            g["lr"] = 1.5 if epoch == spike_at else 0.05
        total = 0.0
        for i in range(0, 400, 50):
            loss = F.mse_loss(model(x[i:i + 50]), y[i:i + 50])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() / 8
        with torch.no_grad():
            yield total, F.mse_loss(model(xv), yv).item()


def _print_epochs(out, rows, total: int, extra=None) -> None:
    """One value a line under an ``Epoch N/M:`` header, as public ppghr100's ``train_save.py`` prints them."""
    best = float("inf")
    for epoch, (train, val) in enumerate(rows, 1):
        print(f"Epoch {epoch}/{total}:", file=out)
        print(f"Train Loss: {train:.4f}", file=out)
        print(f"Val Loss: {val:.4f}", file=out)
        if extra is not None:
            print(f"Val Accuracy: {extra(epoch):.4f}", file=out)
        print("-" * 50, file=out)
        if val < best:
            print(f"Validation loss decreased from {best:.4f} to {val:.4f}. Saving model...", file=out)
            best, best_epoch = val, epoch
        else:
            print(f"Validation loss did not decrease. Best was {best:.4f} at epoch {best_epoch}.", file=out)
    print(f"Saved best model from epoch {best_epoch} with validation loss {best:.4f}", file=out)


def test_a_second_training_printing_another_metric_is_a_run_of_its_own(tmp_path):
    first = list(_regression_epochs(12))
    second = [(t / 800, v / 800) for t, v in _regression_epochs(20, seed=3)]  # a task on another scale
    with open(tmp_path / "train_output.txt", "w") as out:
        print("Starting Challenge 1: heart rate", file=out)
        _print_epochs(out, first, 50)
        print("Starting Challenge 2: noise detection", file=out)
        _print_epochs(out, second, 50, extra=lambda e: 0.9 + e / 400)
    df, _ = read_resolved(tmp_path)
    runs = sorted(set(df.dir))
    assert len(runs) == 2, runs
    one, two = (df[df.dir == r] for r in runs)
    assert "Val_Accuracy" not in set(one.tag) and "Val_Accuracy" in set(two.tag)
    assert "validation_loss" not in set(df.tag)  # 'Saved best model from epoch N with validation loss ..'
    assert series_by_step(one, "Train_Loss")[0] == list(range(1, 13))
    assert series_by_step(two, "Train_Loss")[0] == list(range(1, 21))


def test_public_two_challenges_in_one_output_are_two_runs_with_their_own_epochs():
    df, _ = read_resolved(public_run("ppghr100__train_output"))
    runs = sorted(set(df.dir))
    assert len(runs) == 2, runs
    assert [len(series_by_step(df[df.dir == r], "Train_Loss")[0]) for r in runs] == [27, 50]
    assert "validation_loss" not in set(df.tag)


def test_a_fine_tuning_events_export_listed_newest_first_is_one_run(tmp_path):
    torch.manual_seed(0)
    x, y = blobs(400, seed=1, k=4)
    model = mlp(8, 32, 4)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    events, t = [], 1732157059
    events.append((t, "info", "Created fine-tuning job: ftjob-abc", "message"))
    events.append((t + 100, "info", "Fine-tuning job started", "message"))
    for step in range(1, 201):
        idx = torch.randint(0, 400, (16,))
        loss = F.cross_entropy(model(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        events.append((t + 100 + step, "info", f"Step {step}/200: training loss={loss.item():.2f}", "metrics"))
    events.append((t + 400, "info", "The job has successfully completed", "message"))
    with open(tmp_path / "training_results.csv", "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["created_at", "level", "message", "type"])
        w.writerows(reversed(events))  # the export lists the newest event first
    df, warned = read_resolved(tmp_path)
    assert df.dir.nunique() == 1, df.dir.nunique()
    steps, values = series_by_step(df, "training_loss")
    assert steps == list(range(1, 201))
    assert values[0] == float(events[2][2].split("=")[1])
    assert any("newest first" in w for w in warned)
    run = verdict(tmp_path)
    assert run.verdict == "healthy", run.summary
