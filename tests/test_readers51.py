"""Reader kinds of the sets opened at stop 51 (109-112), each failing on the stop's start code, with guards:

- W&B panel exports (``wandb_export_<time>.csv``) of one run saved side by side, one metric each (bebladii112):
  found as one run each, the loss judged without its grad norm and the grad norm as a run of no loss;
- ``<epoch>_<loss>`` lines (gec111 ``train_loss.txt`` / ``val_loss.txt``) and ``epoch N:<loss>`` lines (bbdmsde111:
  taken for a Keras CSV with the header ``epoch 0:1655.59``): nothing read;
- ``N value`` lines in ``train_history.txt`` (drucker111) and one number a line in ``train_logs.txt`` /
  ``val_logs.txt`` (dit111): "which column is the loss is not certain" / not found;
- per-epoch records kept per split, ``{"train": [{..}], "val": [{..}]}`` (rgbd0421112: not found, its losses named
  ``total``; flowercls110: ``val`` dropped);
- a printed log naming its loss ``CE`` (zged111 ``Train - CE: 0.1454, KL: .., acc: 95.3%``): no value read.
"""
from __future__ import annotations

import json

import torch

import loganalyzer
from _runs import F, read_resolved, series_by_step, tiny_epochs, tiny_regression, verdict


def _write_wandb_export(path, run: str, metric: str, steps, values) -> None:
    """What W&B's "Export panel data -> CSV" writes: every field quoted, the value and its bucket's min and max."""
    with open(path, "w", newline="") as f:
        f.write(f'"Step","{run} - {metric}","{run} - {metric}__MIN","{run} - {metric}__MAX"\n')
        for s, v in zip(steps, values):
            f.write(f'"{s}","{v}","{v}","{v}"\n')


def test_wandb_panel_exports_of_one_run_are_one_run(tmp_path):
    train, val = tiny_regression(80, seed=2, lr=3e-3)
    run = tmp_path / "exports"
    run.mkdir()
    _write_wandb_export(run / "wandb_export_2026-04-15T06_36_36.372+02_00.csv", "phase1", "train/loss",
                        range(80), train)
    _write_wandb_export(run / "wandb_export_2026-04-15T06_36_50.295+02_00.csv", "phase1", "val/loss",
                        range(9, 80, 10), val[9::10])
    _write_wandb_export(run / "wandb_export_2026-04-15T06_37_02.001+02_00.csv", "phase1", "grad_norm",
                        range(80), [float("inf")] * 3 + [1.0] * 77)
    runs = loganalyzer.discover(str(tmp_path))
    assert [r.id for r in runs] == ["exports/phase1"], runs
    df = read_resolved(run)[0]
    assert sorted(set(df.tag)) == ["grad_norm", "train/loss", "val/loss"]
    assert series_by_step(df, "val/loss")[0] == list(range(9, 80, 10))
    s = verdict(run)
    assert "`train/loss`" in s.summary and "`val/loss`" in s.summary, s.summary


def test_wandb_exports_of_two_runs_or_one_metric_twice_stay_apart(tmp_path):
    """Guard: exports of different W&B runs, or two exports of the same chart (copies), are not joined."""
    train, _ = tiny_regression(30, seed=3)
    a, b = tmp_path / "two_runs", tmp_path / "copies"
    a.mkdir()
    b.mkdir()
    _write_wandb_export(a / "wandb_export_1.csv", "run-a", "loss", range(30), train)
    _write_wandb_export(a / "wandb_export_2.csv", "run-b", "grad_norm", range(30), train)
    _write_wandb_export(b / "wandb_export_1.csv", "run-c", "loss", range(30), train)
    _write_wandb_export(b / "wandb_export_2.csv", "run-c", "loss", range(30), train)
    ids = sorted(r.id for r in loganalyzer.discover(str(tmp_path)))
    assert ids == ["copies/wandb_export_1.csv", "copies/wandb_export_2.csv", "two_runs/wandb_export_1.csv",
                   "two_runs/wandb_export_2.csv"], ids


def test_epoch_underscore_loss_lines_in_split_files(tmp_path):
    train, val = tiny_regression(60, seed=4, lr=3e-3)
    run = tmp_path / "gec"
    run.mkdir()
    with open(run / "train_loss.txt", "w") as ft, open(run / "val_loss.txt", "w") as fv:
        for epoch, (t, v) in enumerate(zip(train, val), start=1):
            ft.write(f"{epoch}_{t}\n")  # the script's f.write(f"{epoch}_{loss}\n")
            fv.write(f"{epoch}_{v}\n")
    assert len(loganalyzer.discover(str(run))) == 1
    df = read_resolved(run)[0]
    assert series_by_step(df, "train_loss")[1] == train and series_by_step(df, "val_loss")[1] == val
    assert verdict(run).verdict == "healthy"


def test_epoch_word_colon_loss_lines_are_no_keras_header(tmp_path):
    train, _ = tiny_regression(40, seed=5, lr=3e-3)
    run = tmp_path / "diffusion"
    run.mkdir()
    with open(run / "train_loss.txt", "w") as f:
        for epoch, t in enumerate(train):
            f.write(f"epoch {epoch}:{t}\n")
    (found,) = loganalyzer.discover(str(run))
    assert found.format != "keras_csv"
    steps, values = series_by_step(read_resolved(run)[0], "loss")
    assert steps == list(range(40)) and values == train


def test_history_file_of_epoch_and_falling_value_is_the_loss(tmp_path):
    train = [v * 1000 for v in tiny_regression(120, seed=6)[0]]
    run = tmp_path / "pinn"
    run.mkdir()
    with open(run / "train_history.txt", "w") as f:
        for epoch, t in enumerate(train, start=1):
            print(epoch, t, file=f)
    df, said = read_resolved(run)
    assert series_by_step(df, "loss")[1] == train
    assert any("assumed" in w for w in said), said


def test_history_file_of_rising_share_stays_unread(tmp_path):
    """Guard: an epoch count beside a share rising in [0, 1] (an accuracy) is no loss."""
    x = torch.randn(96, 5)
    y = (x[:, 0] > 0).long()
    accs = [acc for _, acc, _, _ in tiny_epochs(x, y, 40, lr=0.5)]
    run = tmp_path / "acc"
    run.mkdir()
    with open(run / "train_history.txt", "w") as f:
        for epoch, a in enumerate(accs, start=1):
            print(epoch, 0.3 + 0.6 * a * epoch / 40, file=f)
    df = read_resolved(run)[0]
    assert "loss" not in set(df.tag) if len(df) else True


def test_split_log_files_of_one_number_a_line_are_one_run(tmp_path):
    train, val = tiny_regression(90, seed=7, lr=3e-3)
    run = tmp_path / "logs"
    run.mkdir()
    (run / "train_logs.txt").write_text("".join(f"{t:.6f}\n" for t in train))
    (run / "val_logs.txt").write_text("".join(f"{v:.6f}\n" for v in val))
    (found,) = loganalyzer.discover(str(run))
    df = read_resolved(run)[0]
    assert len(series_by_step(df, "train_loss")[1]) == 90 and len(series_by_step(df, "val_loss")[1]) == 90
    assert verdict(run).verdict == "healthy"


def test_split_log_file_of_a_rising_share_is_no_loss(tmp_path):
    """Guard: a training's file of one number a line rising in [0, 1] (its accuracy) is not read as a loss."""
    run = tmp_path / "accs"
    run.mkdir()
    (run / "train_log.txt").write_text("".join(f"{0.5 + 0.4 * (1 - 0.9 ** k):.4f}\n" for k in range(50)))
    runs = loganalyzer.discover(str(run))
    df = read_resolved(run)[0] if runs else None
    assert not runs or "loss" not in set(df.tag)


def test_records_kept_per_split_with_a_total(tmp_path):
    train, val = tiny_regression(50, seed=8, lr=3e-3)
    stats = {"train": [{"total": t, "bbox": t / 3, "rotation": t / 2} for t in train],
             "val": [{"total": v, "bbox": v / 3, "rotation": v / 2} for v in val]}
    run = tmp_path / "pose"
    run.mkdir()
    with open(run / "loss_history.json", "w") as f:
        json.dump(stats, f, indent=2)
    df = read_resolved(run)[0]
    assert series_by_step(df, "train_loss")[1] == train and series_by_step(df, "val_loss")[1] == val
    assert "val_bbox" in set(df.tag)
    assert verdict(run).verdict == "healthy"


def test_records_kept_per_split_keep_the_validation(tmp_path):
    x = torch.randn(96, 5)
    y = (x[:, 0] + 0.3 * x[:, 1] > 0).long()
    stats = {"train": [], "val": []}
    for loss, acc, val_loss, val_acc in tiny_epochs(x, y, 30, lr=0.5):
        stats["train"].append({"loss": loss, "accuracy": acc})
        stats["val"].append({"loss": val_loss, "accuracy": val_acc})
    run = tmp_path / "cls"
    run.mkdir()
    (run / "training_stats.json").write_text(json.dumps(stats))
    df = read_resolved(run)[0]
    assert {"train_loss", "train_accuracy", "val_loss", "val_accuracy"} <= set(df.tag)
    assert series_by_step(df, "val_loss")[1] == [r["loss"] for r in stats["val"]]


def test_printed_log_naming_its_loss_ce(tmp_path):
    torch.manual_seed(0)
    x = torch.randn(200, 6)
    y = (x[:, :2].sum(1) > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    run = tmp_path / "decoder"
    run.mkdir()
    ce_train = []
    with open(run / "train_log.txt", "w") as f:
        for epoch in range(1, 31):
            out = model(x[:150])
            loss = F.cross_entropy(out, y[:150])
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                val = model(x[150:])
                val_ce = F.cross_entropy(val, y[150:]).item()
                val_acc = (val.argmax(1) == y[150:]).float().mean().item() * 100
            acc = (out.argmax(1) == y[:150]).float().mean().item() * 100
            ce_train.append(round(loss.item(), 4))
            print(f"\nEpoch {epoch}", file=f)
            print(f"  Train - CE: {loss.item():.4f}, acc: {acc:.1f}%", file=f)
            print(f"  Val   - CE: {val_ce:.4f}, acc: {val_acc:.1f}%", file=f)
    df = read_resolved(run)[0]
    assert series_by_step(df, "Train_CE")[1] == ce_train
    assert len(series_by_step(df, "Val_CE")[1]) == 30
    s = verdict(run)
    assert "`Train_CE`" in s.summary and "`Val_CE`" in s.summary, s.summary


def test_distiller_validate_blocks_are_the_validation(tmp_path):
    """Distiller / ai8x-training's log (max78k109): the per-batch validation line under '--- validate (epoch=N)---'
    and a sample-count line is the validation's, its '==> Top1: .. Loss: ..' summary no point of its own."""
    import logging

    torch.manual_seed(1)
    x, y = torch.randn(600, 8), torch.randint(0, 4, (600,))
    y = (x[:, :4].argmax(1) + (torch.rand(600) < 0.1).long()) % 4
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    run = tmp_path / "ai8x"
    run.mkdir()
    log = logging.getLogger("distiller51")
    handler = logging.FileHandler(run / "log_training.txt")
    handler.setFormatter(logging.Formatter("%(asctime)s - %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    val_losses = []
    for epoch in range(12):
        log.info("Training epoch: 500 samples (100 per mini-batch)")
        total = 0.0
        for k in range(5):
            xb, yb = x[k * 100:(k + 1) * 100], y[k * 100:(k + 1) * 100]
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            top = ((model(xb).argmax(1) == yb).float().mean().item() * 100)
            extra = f"    Top1 {top:.6f}    Top5 100.000000" if k == 4 else ""
            log.info(f"Epoch: [{epoch}][  {(k + 1) * 100}/  500]    Overall Loss {total / (k + 1):.6f}    "
                     f"Objective Loss {total / (k + 1):.6f}{extra}    LR 0.100000    Time 0.040000    ")
        with torch.no_grad():
            out = model(x[500:])
            vl = F.cross_entropy(out, y[500:]).item()
            top1 = (out.argmax(1) == y[500:]).float().mean().item() * 100
        val_losses.append(round(vl, 6))
        log.info(f"--- validate (epoch={epoch})-----------")
        log.info("100 samples (100 per mini-batch)")
        log.info(f"Epoch: [{epoch}][  100/  100]    Loss {vl:.6f}    Top1 {top1:.6f}    Top5 100.000000    ")
        log.info(f"==> Top1: {top1:.3f}    Top5: 100.000    Loss: {vl:.3f}\n")
    log.removeHandler(handler)
    handler.close()
    assert len(loganalyzer.discover(str(run))) == 1
    df = read_resolved(run)[0]
    assert series_by_step(df, "val_Loss")[1] == val_losses
    assert "Loss" not in set(df.tag)
    assert len(series_by_step(df, "Top1")[1]) == 12


def test_end_of_epoch_is_the_epoch_not_a_series(tmp_path):
    """'Average training loss is 19.46 at the end of epoch 0' (adpred109) and denoiser's 'Train Summary | End of Epoch
    1 | Time 26.77s | Train Loss 0.5' (denoiser109): the epoch, no series 'of_epoch' of epoch numbers; the sentence's
    accuracies are read beside the loss."""
    import logging

    x = torch.randn(96, 5)
    y = (x[:, 0] - x[:, 2] > 0).long()
    run = tmp_path / "sentences"
    run.mkdir()
    log = logging.getLogger("sentences51")
    handler = logging.FileHandler(run / "output.txt")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s: %(message)s", "%Y-%m-%d %H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    rows = list(tiny_epochs(x, y, 25, lr=0.5))
    for epoch, (loss, acc, _, val_acc) in enumerate(rows):
        log.info(f"Average training loss is {loss:.5f} at the end of epoch {epoch}")
        log.info(f"Average training accuracy is {acc:.5f} at the end of epoch {epoch}")
        log.info(f"Average validation accuracy is {val_acc:.5f} at the end of epoch {epoch}")
    log.removeHandler(handler)
    handler.close()
    df = read_resolved(run)[0]
    assert not any("of_epoch" in t.lower() for t in set(df.tag)), set(df.tag)
    steps, values = series_by_step(df, "training_loss")
    assert steps == list(range(25)) and values == [round(r[0], 5) for r in rows]
    assert series_by_step(df, "validation_accuracy")[1] == [round(r[3], 5) for r in rows]

    other = tmp_path / "denoiser"
    other.mkdir()
    with open(other / "train.log", "w") as f:
        for epoch, (loss, _, val_loss, _) in enumerate(rows, start=1):
            f.write(f"[2023-12-10 10:41:46,989][denoiser.solver][INFO] - Train Summary | End of Epoch {epoch} | "
                    f"Time 26.77s | Train Loss {loss:.5f}\n")
            f.write(f"[2023-12-10 10:41:50,419][denoiser.solver][INFO] - Valid Summary | End of Epoch {epoch} | "
                    f"Time 5.10s | Valid Loss {val_loss:.5f}\n")
    df = read_resolved(other)[0]
    assert not any("of_epoch" in t.lower() for t in set(df.tag)), set(df.tag)
    assert series_by_step(df, "Train_Loss")[0] == list(range(1, 26))


def test_printed_estimator_eval_dicts_at_their_global_step(tmp_path):
    """TF Estimator's evaluate() results printed by a script (particle109: "INFO:root:eval: {'average_loss': ..,
    'loss': .., 'rmse': .., 'global_step': 5000}" every 50,000 steps): at their global step, not numbered 1..N."""
    train, val = tiny_regression(40, seed=11, lr=3e-3)
    run = tmp_path / "estimator"
    run.mkdir()
    with open(run / "log.txt", "w") as f:
        f.write("INFO:root:Train the DNN Regressor...\n\n")
        for k, v in enumerate(val):
            f.write(f"INFO:root:Progress: epoch {10 * k}\n")
            f.write(f"INFO:root:eval: {{'average_loss': {v!r}, 'loss': {v * 500!r}, 'rmse': {v ** 0.5!r}, "
                    f"'global_step': {5000 + 50000 * k}}}\n")
    df = read_resolved(run)[0]
    steps, values = series_by_step(df, "val_average_loss")
    assert steps == [5000 + 50000 * k for k in range(40)] and values == val
    assert "global_step" not in " ".join(set(df.tag))


def test_lone_loss_file_keeps_its_accuracy_file(tmp_path):
    """``np.savetxt('train_loss.txt', losses)`` beside ``np.savetxt('train_acc.txt', accs)`` with no validation files
    (snnmnist111, protofs111): the accuracy was dropped; now one run of both."""
    import numpy as np

    x = torch.randn(96, 5)
    y = (x[:, 1] > 0).long()
    rows = list(tiny_epochs(x, y, 30, lr=0.5))
    run = tmp_path / "snn"
    run.mkdir()
    np.savetxt(run / "train_loss.txt", [r[0] for r in rows])
    np.savetxt(run / "train_acc.txt", [r[1] for r in rows])
    assert len(loganalyzer.discover(str(run))) == 1
    df = read_resolved(run)[0]
    assert len(series_by_step(df, "train_acc")[1]) == 30 and len(series_by_step(df, "train_loss")[1]) == 30


def test_split_metrics_records_beside_history_lists(tmp_path):
    """``{"train_loss": [..], "val_acc": [..], "val_metrics": [{"accuracy": .., "f1": ..}, ..]}`` (cornproject112):
    the per-epoch metric dicts were dropped as "not a list of numbers"."""
    x = torch.randn(96, 5)
    y = (x[:, 3] > 0).long()
    rows = list(tiny_epochs(x, y, 20, lr=0.5))
    hist = {"train_loss": [r[0] for r in rows], "val_acc": [r[3] for r in rows],
            "val_metrics": [{"accuracy": r[3], "f1": r[3] * 0.9} for r in rows]}
    run = tmp_path / "corn"
    run.mkdir()
    (run / "training_history.json").write_text(json.dumps(hist))
    df, said = read_resolved(run)
    assert series_by_step(df, "val_f1")[1] == [r[3] * 0.9 for r in rows]
    assert not any("val_metrics" in w for w in said), said


# ---- guards from the stop's breaker (each input a regression of an earlier version of this stop's rules)

def test_split_records_total_count_is_no_loss_and_epoch_key_places_them(tmp_path):
    rows = list(tiny_epochs(torch.randn(96, 5), torch.randint(0, 2, (96,)), 30, lr=0.5))
    stats = {"train": [{"epoch": e + 1, "loss": r[0], "correct": int(r[1] * 48), "total": 48}
                       for e, r in enumerate(rows)],
             "val": [{"epoch": e + 1, "loss": r[2], "correct": int(r[3] * 48), "total": 48}
                     for e, r in enumerate(rows) if (e + 1) % 5 == 0]}
    run = tmp_path / "counts"
    run.mkdir()
    (run / "stats.json").write_text(json.dumps(stats))
    df = read_resolved(run)[0]
    assert series_by_step(df, "val_loss")[0] == [5, 10, 15, 20, 25, 30]
    assert series_by_step(df, "val_total")[1] == [48] * 6  # a count, kept under its own name
    assert series_by_step(df, "train_loss")[1] == [r[0] for r in rows]


def test_history_or_split_logs_of_metrics_are_no_loss(tmp_path):
    """A validation accuracy in percent in ``val_log.csv``, a learning rate in ``lr_history.txt``, an iteration
    counter restarting each epoch in ``iter N: v`` lines: none is read as a loss."""
    train, _ = tiny_regression(30, seed=13, lr=3e-3)
    acc = tmp_path / "acc"
    acc.mkdir()
    (acc / "train_log.csv").write_text("epoch,loss\n" + "".join(f"{k},{t}\n" for k, t in enumerate(train)))
    (acc / "val_log.csv").write_text("".join(f"{56 + k:.2f}\n" for k in range(30)))
    lr = tmp_path / "lr"
    lr.mkdir()
    (lr / "lr_history.txt").write_text("".join(f"{k} {1e-3 * 0.9 ** k}\n" for k in range(30)))
    it = tmp_path / "iters"
    it.mkdir()
    (it / "loss.txt").write_text("".join(f"iter {100 * (k % 5 + 1)}: {t:.4f}\n" for k, t in enumerate(train)))
    df = read_resolved(acc)[0]
    assert "val_loss" not in set(df.tag)
    assert not loganalyzer.discover(str(lr))
    df = read_resolved(it)[0] if loganalyzer.discover(str(it)) else None
    assert df is None or not any(v > 99 for v in df.value)


def test_ce_bars_kept_when_only_validation_prints_result_lines(tmp_path):
    torch.manual_seed(3)
    x, y = torch.randn(300, 6), torch.randint(0, 3, (300,))
    model = torch.nn.Sequential(torch.nn.Linear(6, 64), torch.nn.ReLU(), torch.nn.Linear(64, 3))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    run = tmp_path / "bars"
    run.mkdir()
    with open(run / "train_log.txt", "w") as f:
        for epoch in range(1, 21):
            for b in range(4):
                loss = F.cross_entropy(model(x[b * 50:(b + 1) * 50]), y[b * 50:(b + 1) * 50])
                opt.zero_grad()
                loss.backward()
                opt.step()
                f.write(f"Epoch {epoch}: {25 * (b + 1)}%|##| {b + 1}/4 [00:01<00:00, 3.1it/s, CE={loss.item():.3f}]\n")
            with torch.no_grad():
                f.write(f"  Val - CE: {F.cross_entropy(model(x[200:]), y[200:]).item():.4f}\n")
    df = read_resolved(run)[0]
    assert len(series_by_step(df, "CE")[1]) >= 40 and len(series_by_step(df, "Val_CE")[1]) == 20


def test_global_step_dicts_beside_epoch_lines_share_one_axis(tmp_path):
    train, val = tiny_regression(20, seed=14, lr=3e-3)
    run = tmp_path / "mixed"
    run.mkdir()
    with open(run / "out.log", "w") as f:
        for e, (t, v) in enumerate(zip(train, val), start=1):
            f.write(f"{{'loss': {t:.4f}, 'epoch': {e}}}\n")
            f.write(f"eval: {{'eval_loss': {v:.4f}, 'global_step': {500 * e}}}\n")
    df = read_resolved(run)[0]
    assert max(series_by_step(df, "eval_loss")[0]) <= 20


def test_two_rows_of_a_gaussian_nll_falling_through_zero(tmp_path):
    """``np.savetxt('losses.csv', [train, val], delimiter=',')`` of a Gaussian NLL training loss falling below 0 and a
    validation MSE (pedmood110: 21.98 -> -45.71 and 6.51 -> 0.066): unread, since a row with negatives was no curve."""
    import numpy as np

    torch.manual_seed(4)
    x, xv = torch.randn(256, 4), torch.randn(128, 4)
    w = torch.randn(4, 1)
    y, yv = x @ w + 0.01 * torch.randn(256, 1), xv @ w + 0.01 * torch.randn(128, 1)
    model = torch.nn.Sequential(torch.nn.Linear(4, 32), torch.nn.Tanh(), torch.nn.Linear(32, 2))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    train, val = [], []
    for _ in range(300):
        out = model(x)
        loss = F.gaussian_nll_loss(out[:, :1], y, out[:, 1:].exp())
        opt.zero_grad()
        loss.backward()
        opt.step()
        train.append(loss.item())
        with torch.no_grad():
            val.append(F.mse_loss(model(xv)[:, :1], yv).item())
    assert train[0] > 0 > train[-1]
    run = tmp_path / "nll"
    run.mkdir()
    np.savetxt(run / "losses.csv", [train, val], delimiter=",")
    df = read_resolved(run)[0]
    assert len(series_by_step(df, "train_loss")[1]) == 300 and len(series_by_step(df, "val_loss")[1]) == 300


def test_txt_log_of_a_loss_and_its_running_mean(tmp_path):
    """``TrainLog_<date>.txt`` of ``f.write(f"{loss},{smooth}\\n")`` with ``smooth = 0.9 * smooth + 0.1 * loss``
    (midtermpj111): not discovered. The values tell the columns apart; two unrelated columns stay unread."""
    train, val = tiny_regression(80, seed=16, lr=3e-3)
    run = tmp_path / "ema"
    run.mkdir()
    smooth = train[0]
    with open(run / "TrainLog_2021-4-29-9-22.txt", "w") as f:
        for t in train:
            smooth = 0.9 * smooth + 0.1 * t
            f.write(f"{t:.6f},{smooth:.6f}\n")
    df = read_resolved(run)[0]
    assert series_by_step(df, "loss")[1] == [round(t, 6) for t in train]
    assert len(series_by_step(df, "loss_smoothed")[1]) == 80
    other = tmp_path / "pairs"
    other.mkdir()
    with open(other / "TrainLog_2021-4-30.txt", "w") as f:
        for t, v in zip(train, val):
            f.write(f"{t:.6f},{v:.6f}\n")
    assert not loganalyzer.discover(str(other))


def test_running_mean_of_an_accuracy_or_nll_beside_lr_is_no_loss(tmp_path):
    """Third breaker: an accuracy and its running mean in ``train_log.txt`` (it rises), and ``np.savetxt('loss.csv',
    [train_nll, lrs])`` (the learning rate is no validation loss): not read as losses."""
    import numpy as np

    acc = tmp_path / "acc"
    acc.mkdir()
    smooth, lines = 0.3, []
    for k in range(40):
        a = 0.3 + 0.6 * (1 - 0.9 ** k)
        smooth = 0.9 * smooth + 0.1 * a if k else a
        lines.append(f"{a:.6f},{smooth:.6f}")
    (acc / "train_log.txt").write_text("\n".join(lines) + "\n")
    assert not loganalyzer.discover(str(acc))
    nll = tmp_path / "nll"
    nll.mkdir()
    train = [2.0 - 0.1 * k for k in range(40)]
    np.savetxt(nll / "loss.csv", [train, [1e-3 * 0.95 ** k for k in range(40)]], delimiter=",")
    runs = loganalyzer.discover(str(nll))
    assert not runs or "val_loss" not in set(read_resolved(nll)[0].tag)


def test_review_odd_values_do_not_stop_a_scan(tmp_path):
    """Review: a NaN in a one-value-a-line split log, a NaN epoch or total in split records, a NaN global_step in a
    printed dict: each file is read or declined with a line, never an exception that stops the scan."""
    a = tmp_path / "a"
    a.mkdir()
    (a / "train_logs.txt").write_text("4\n3\nnan\n2.5\n2.2\n2.0\n")
    b = tmp_path / "b"
    b.mkdir()
    (b / "loss_history.json").write_text('{"train": [{"total": NaN, "epoch": 1}, {"total": 2.0, "epoch": NaN}], '
                                         '"val": [{"total": 1.5, "epoch": 1}, {"total": 1.2, "epoch": 2}]}')
    c = tmp_path / "c"
    c.mkdir()
    (c / "out.log").write_text("".join(f"eval: {{'average_loss': {1.0 / k}, 'global_step': nan}}\n"
                                       for k in range(1, 6)))
    ok = tmp_path / "ok"
    ok.mkdir()
    train, _ = tiny_regression(20, seed=19, lr=3e-3)
    (ok / "metrics.csv").write_text("epoch,loss\n" + "".join(f"{k},{t}\n" for k, t in enumerate(train)))
    summaries = loganalyzer.analyze(str(tmp_path), config=False).runs
    assert any(s.verdict == "healthy" for s in summaries)
