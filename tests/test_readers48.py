"""Reader faults named by the labellers of sets 100-101 and found in sets 102-104 (opened at stop 48), and a job's
closing line in capitals. Each test fails on the stop's start code but seven guards: five keep what breakers found
the first versions of these rules broke (a validation line saying 'best' dropped, a countdown read bottom-up, a second
fit() split off, a fold-sorted frame re-sorted, an accuracy in train_log.csv taken for the loss), two that a short
unnamed row and a 'time cost' stay unread.

- ``Step:200\\t{"metric": {"eval_acc": .., "eval_loss": ..}, "step": 200}`` lines (a metric logger's JSON under a
  holder key) were "no training progress";
- ``Saved best model from epoch 22 with validation loss 50.3622`` was a two-point series of its own;
- (with that line gone) a step-less log printing each value on its own line (``Train Loss: ..`` then ``Val Loss: ..``
  under ``Epoch 15/50:``) was split into trainings at a validation spike the training loss one line before did not
  share (the public run's test);
- a second training in the same file, printing a metric the first never did, was joined to the first as its
  continuation;
- an OpenAI fine-tuning job's events export (newest first) was 1,500 runs of one point;
- (102-104) ``Train cost: ..`` lines (no word loss), perplexity epoch lines beside per-epoch list dumps, a
  ``step,value`` export, one line of 150 values in ``train_loss.csv``, a pandas frame sorted by its loss, a constant
  ``bottom`` term taken for the total.
"""
from __future__ import annotations

import csv
import math
import json

import torch
import torch.nn.functional as F

from _runs import blobs, close_logger, file_logger, mlp, public_run, read_resolved, series_by_step, train_epoch, verdict


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


def test_mode_val_json_lines_are_validation_and_config_dicts_no_series(tmp_path):
    """mmcv-style ``{"mode": "val", ...}`` lines: their metrics are validation's (a breaker's log: they were read into
    the training loss); ``"optim": {..}`` / ``"data": {..}`` dicts on every line are configuration."""
    evals = list(_classifier_evals(600, 20))
    with open(tmp_path / "20240501_train.log", "w") as out:
        for step, acc, loss, train in evals:
            print(json.dumps({"mode": "train", "iter": step, "lr": 0.003, "metrics": {"loss": train},
                              "optim": {"lr": 0.003, "beta1": 0.9}, "data": {"batch_size": 120, "seq_len": 8}}),
                  file=out)
            if step % 100 == 0:
                print(json.dumps({"mode": "val", "iter": step, "metrics": {"loss": loss, "acc": acc}}), file=out)
    df, _ = read_resolved(tmp_path)
    assert set(df.tag) == {"loss", "lr", "val_loss", "val_acc"}, sorted(set(df.tag))
    assert len(series_by_step(df, "loss")[0]) == len(evals)
    assert series_by_step(df, "val_loss")[0] == [100, 200, 300, 400, 500, 600]


def test_a_best_line_of_the_current_epoch_is_its_validation_point(tmp_path):
    """``Epoch [3/20] val_loss: 0.41 (new best, saved)`` after the epoch's batch lines: the epoch's own validation
    value, read even where it equals some batch loss at the printed rounding (a breaker's log lost 10 of 20 points)."""
    log = file_logger(tmp_path / "train.log", "%(message)s", "best48")
    best = float("inf")
    epochs = list(_classifier_evals(400, 20))
    for e, (step, _, val, train) in enumerate(epochs, 1):
        for b in range(1, 6):
            log.info("Epoch [%d/%d] Batch [%d/5] loss: %.2f", e, len(epochs), b, train)
        if round(val, 2) < best:
            best = round(val, 2)
            log.info("Epoch [%d/%d] val_loss: %.2f (new best, saved)", e, len(epochs), val)
        else:
            log.info("Epoch [%d/%d] val_loss: %.2f", e, len(epochs), val)
    close_logger(log)
    df, _ = read_resolved(tmp_path)
    assert len(series_by_step(df, "val_loss")[0]) == len(epochs)


def test_a_log_counting_its_steps_down_is_read_as_printed(tmp_path):
    """No times going back: a countdown printed as it ran is never read bottom-up (a breaker's 'Step 3000 remaining'
    log was `diverged` 0.96, its falling loss read as rising)."""
    with open(tmp_path / "train.log", "w") as out:
        for step, _, _, train in _classifier_evals(600, 20):
            print(f"Step {600 - step} remaining | loss {train:.4f}", file=out)
    _, warned = read_resolved(tmp_path)
    assert not any("newest first" in w for w in warned)


def test_a_second_fit_adding_validation_goes_on_as_one_run(tmp_path):
    """Keras ``fit()`` on a head, then ``fit()`` again with validation data: the loss goes on from where it was, so
    the new ``val_loss`` names no new training (a breaker's log was split in two by the added-series rule)."""
    torch.manual_seed(0)
    x, y = blobs(400, seed=1, k=4)
    xv, yv = blobs(200, seed=2, k=4)
    model = mlp(8, 32, 4)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    with open(tmp_path / "train.log", "w") as out:
        for phase, epochs in (("head", 5), ("fine-tune", 10)):
            print(f"Phase: {phase}", file=out)
            for e in range(1, epochs + 1):
                loss = train_epoch(model, opt, x, y, 50)
                line = f"{len(x) // 50}/{len(x) // 50} - 0s - loss: {loss:.4f}"
                if phase == "fine-tune":
                    with torch.no_grad():
                        line += f" - val_loss: {F.cross_entropy(model(xv), yv).item():.4f}"
                print(f"Epoch {e}/{epochs}", file=out)
                print(line, file=out)
    df, _ = read_resolved(tmp_path)
    assert df.dir.nunique() == 1, sorted(set(df.dir))
    assert len(series_by_step(df, "loss")[0]) == 15


def test_a_closing_line_in_capitals_says_the_job_completed(tmp_path):
    """GaitSet's ``print('Training COMPLETE')`` after its last ``iter 80000:, ..`` line (public gaitset46): the job
    ended `not recorded` (only 'Training complete(d)' was known)."""
    with open(tmp_path / "train.out", "w") as out:
        for step, _, _, train in _classifier_evals(600, 20):
            print(f"iter {step}:, hard_loss_metric={train:.8f}, lr=0.003000", file=out)
        print("Training COMPLETE", file=out)
    run = verdict(tmp_path)
    assert run.ended.cause == "completed", run.ended


def test_perplexity_lines_beside_per_epoch_list_dumps_are_the_curve(tmp_path):
    """Set 102 (opened): public ptbmhmorta102 printed after each epoch's ``epoch: 0\\ttrain ppl: ..\\tval ppl: ..``
    line (its last value glued to the next print: ``..: 103.0Additional data (modified)``) a dump of the epoch's
    cumulative validation losses, ``val_loss=[209.95, 419.73, ...]``; the dumps' first values were the only series."""
    from test_readers47 import _tiny_lm

    rows = _tiny_lm(6, lr=2.0)
    with open(tmp_path / "log.txt", "w") as out:
        best = float("inf")
        for e, (tr, va) in enumerate(rows):
            best = min(best, va)
            batches = [math.log(va) * (1 + 0.01 * k) for k in range(40)]
            sums = [sum(batches[:k + 1]) for k in range(40)]
            out.write(f"epoch: {e}\ttrain ppl: {tr}\tval ppl: {va}\tbest val: {best}\ttime (s) spent in epoch: "
                      f"{1.5 + 0.01 * e}Additional data (modified)\nval_loss={sums}, \n")
    df, _ = read_resolved(tmp_path)
    assert series_by_step(df, "train_ppl") == (list(range(6)), [tr for tr, _ in rows])
    assert "val_loss" not in set(df.tag)


def test_public_perplexity_log_with_list_dumps_reads_its_perplexities():
    df, _ = read_resolved(public_run("ptbmhmorta102__1_RNN_ADAM_0"))
    assert len(series_by_step(df, "val_ppl")[0]) == 40


def _epoch_losses(epochs: int, seed: int = 0) -> list[tuple[float, float]]:
    """(train, val) cross-entropy per epoch of a tiny MLP trained for real on blobs."""
    torch.manual_seed(seed)
    x, y = blobs(400, seed=1, k=4)
    xv, yv = blobs(200, seed=2, k=4)
    model = mlp(8, 32, 4)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    out = []
    for _ in range(epochs):
        train = train_epoch(model, opt, x, y, 50)
        with torch.no_grad():
            out.append((train, F.cross_entropy(model(xv), yv).item()))
    return out


def test_a_step_value_export_is_named_by_its_file(tmp_path):
    """Set 103 (opened): public stats507103 ``loss.csv`` (``step,value``, TensorBoard's export less its wall time)
    was "no series named like a loss; tags: value"."""
    import pandas as pd

    rows = _epoch_losses(20)
    pd.DataFrame({"step": range(0, 2000, 100), "value": [t for t, _ in rows]}).to_csv(tmp_path / "loss.csv",
                                                                                         index=False)
    df, _ = read_resolved(tmp_path)
    assert set(df.tag) == {"loss"}
    assert len(series_by_step(df, "loss")[0]) == 20


def test_one_line_of_a_series_named_by_its_file_is_read_along_the_row(tmp_path):
    """Set 103 (opened): public battery103 ``np.savetxt('train_loss.csv', [history['loss']], delimiter=',')`` and
    ``val_loss.csv``: one line of 150 values each, "cannot be told" and not read."""
    import numpy as np

    rows = _epoch_losses(30)
    np.savetxt(tmp_path / "train_loss.csv", [[t for t, _ in rows]], delimiter=",")
    np.savetxt(tmp_path / "val_loss.csv", [[v for _, v in rows]], delimiter=",")
    df, _ = read_resolved(tmp_path)
    assert series_by_step(df, "train_loss")[0] == list(range(30))
    assert series_by_step(df, "val_loss")[0] == list(range(30))


def test_a_short_unnamed_row_stays_unread(tmp_path):
    """Six values on one line may be one epoch's measures: still not read, and said."""
    (tmp_path / "loss.csv").write_text("0.91,0.62,0.55,0.71,0.48,0.33\n")
    df, warned = read_resolved(tmp_path)
    assert len(df) == 0 and any("cannot be told" in w for w in warned)


def test_a_frame_sorted_by_its_loss_is_read_in_index_order(tmp_path):
    """Set 103 (opened): public seutrans103 ``df.sort_values('loss_value1', ascending=False).to_csv('loss.csv')``:
    read in file order each step going back was a resume, most points dropped and the sorted column left."""
    import pandas as pd

    rows = _epoch_losses(25)
    frame = pd.DataFrame({"train_loss": [t for t, _ in rows], "val_loss": [v for _, v in rows]},
                         index=range(1, 26))
    frame.sort_values("val_loss", ascending=False).to_csv(tmp_path / "loss.csv")
    df, warned = read_resolved(tmp_path)
    steps, values = series_by_step(df, "val_loss")
    assert steps == list(range(1, 26))
    assert values == [v for _, v in rows]
    assert any("out of order" in w for w in warned)


def test_a_constant_term_beside_a_moving_one_is_not_the_total(tmp_path):
    """Set 102 (opened): public gasnext102, pix2pix's ``print_current_losses`` with ``L1`` and a ``bottom`` term
    printing 1.000 at every log: the constant was judged as the total (`stalled` 0.99)."""
    with open(tmp_path / "loss_log.txt", "w") as out:
        print("================ Training Loss (Tue Dec  6 07:13:00 2022) ================", file=out)
        for k, (train, _) in enumerate(_epoch_losses(30), 1):
            print(f"(epoch: {1 + k // 10}, iters: {k * 512}, time: 0.017, data: 0.003) L1: {train:.3f} "
                  f"bottom: 1.000 ", file=out)
    run = verdict(tmp_path)
    assert run.roles["train_loss"] == "loss_L1", run.roles


def test_a_frame_sorted_by_its_own_fold_and_epoch_keeps_its_order(tmp_path):
    """Rows carrying their own fold and epoch are in their order whatever the index says (a breaker's k-fold history,
    appended as epochs finished, then ``sort_values(['fold', 'epoch'])``: merged into one run by the first version)."""
    import pandas as pd

    frames = [pd.DataFrame({"fold": f, "epoch": range(10), "train_loss": [t for t, _ in _epoch_losses(10, seed=f)]})
              for f in range(3)]
    whole = pd.concat(frames).sample(frac=1.0, random_state=0).reset_index(drop=True)  # finished in any order
    whole.sort_values(["fold", "epoch"]).to_csv(tmp_path / "cv_history.csv")
    df, warned = read_resolved(tmp_path)
    assert not any("out of order" in w for w in warned)
    assert df.dir.nunique() == 3, sorted(set(df.dir))


def test_a_step_value_file_is_named_by_its_stem_only(tmp_path):
    """``train_log.csv`` of ``step,value`` holding an accuracy: no training loss assumed from the word 'log' (a
    breaker found the first version calling a rising accuracy `diverged`)."""
    import pandas as pd

    pd.DataFrame({"step": range(20), "value": [0.1 + 0.045 * k for k in range(20)]}).to_csv(
        tmp_path / "train_log.csv", index=False)
    df, _ = read_resolved(tmp_path)
    assert set(df.tag) == {"train_log"}


def test_progress_lines_naming_their_loss_a_cost_are_read(tmp_path):
    """Set 104 (opened): public srproj104, a TF1 CTC model printing ``Epoch 26/500`` then ``Train cost: 66.34, train
    label error rate: 1.0``: no word ``loss`` anywhere, read as nothing (`unknown`); its 1000-epoch sibling blew up."""
    with open(tmp_path / "log.txt", "w") as out:
        print("('Running session ...BATCH_SIZE:', 20, 'NUM_EPOCHS:', 500, 'MOMENTUM:', 0.8)", file=out)
        for e, (train, _) in enumerate(_epoch_losses(20), 1):
            print(f"Epoch {e}/20", file=out)
            print(f"Train cost: {train:.9f}, train label error rate: {min(1.0, train):.9f}", file=out)
    df, _ = read_resolved(tmp_path)
    steps, values = series_by_step(df, "Train_cost")
    assert steps == list(range(1, 21)) and len(values) == 20
    assert verdict(tmp_path).verdict != "unknown"


def test_a_time_cost_is_no_loss(tmp_path):
    """``epoch 3 time cost: 12.31s`` lines alone: no loss read from them."""
    (tmp_path / "train.log").write_text("".join(f"epoch {e} time cost: {12 + e * 0.1:.2f}s\n" for e in range(10)))
    df, _ = read_resolved(tmp_path)
    assert len(df) == 0
