"""Reader kinds of the sets opened at stop 52 (113-118), each failing on the stop's start code, with guards:

- HF ``log_history`` split into a per-step training CSV (fractional ``epoch``) and a per-epoch evaluation CSV (a
  loss and metrics) in one folder (climate116): two runs, the evaluation's loss judged as a training loss;
- (a validation loss Inf at every evaluation stays `nan`: the labellers' convention, a guard);
- ``json.dump(history.history)`` cut short mid-write (pz01116, defectoscan116 nested per phase): nothing read;
- a printed WGAN log naming its losses ``L_D`` / ``L_G`` (wgancorr117): not even discovered;
- a `` - ``-separated table printed by the epoch loop (asvspoof113 ``Epoch - Loss - Training Accuracy - ..``,
  running values and messages between the rows): nothing read.
"""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest
import torch

import loganalyzer
from _runs import F, close_logger, file_logger, mlp, read_resolved, series_by_step, tiny_regression, verdict
from test_readers5 import _save_metrics, warned


# ---------------------------------------------------------------- one training's train/eval log_history split in two


def _memorising_run(epochs: int = 12, batch: int = 8) -> tuple[list[dict], list[dict]]:
    """(training entries, evaluation entries) of a real training that memorises random labels: per step the loss at
    its fractional epoch (HF's ``{"loss", "epoch"}``), per epoch (0 = before training) the evaluation's loss,
    accuracy and F1 on held-out random labels."""
    torch.manual_seed(0)
    x, y = torch.randn(64, 10), torch.randint(0, 2, (64,))
    xv, yv = torch.randn(64, 10), torch.randint(0, 2, (64,))
    model = mlp(10, 128, 2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    per_epoch = len(x) // batch
    train, evals = [], []

    def evaluate(epoch: float) -> None:
        with torch.no_grad():
            out = model(xv)
            pred = out.argmax(1)
            tp = int(((pred == 1) & (yv == 1)).sum())
            f1 = 2 * tp / max(int((pred == 1).sum()) + int((yv == 1).sum()), 1)
            evals.append({"epoch": epoch, "loss": F.cross_entropy(out, yv).item(),
                          "accuracy": (pred == yv).float().mean().item(), "f1": f1})

    evaluate(0.0)
    for epoch in range(epochs):
        for i in range(per_epoch):
            loss = F.cross_entropy(model(x[i * batch:(i + 1) * batch]), y[i * batch:(i + 1) * batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
            train.append({"epoch": epoch + (i + 1) / per_epoch, "loss": round(loss.item(), 4)})
        evaluate(float(epoch + 1))
    return train, evals


def test_per_step_train_csv_and_per_epoch_eval_csv_of_one_training_are_one_run(tmp_path):
    train, evals = _memorising_run()
    run = tmp_path / "run"
    run.mkdir()
    pd.DataFrame(evals).to_csv(run / "training_history.csv", index=False)
    pd.DataFrame(train).to_csv(run / "training_history_loss.csv", index=False)
    assert [r.id for r in loganalyzer.discover(str(tmp_path))] == ["run/training_history.csv"]
    df, lines = warned(run)
    ev = df[df["dir"].astype(str).str.endswith("/eval")]
    assert sorted(set(ev.tag)) == ["accuracy", "f1", "loss"] and len(ev[ev.tag == "loss"]) == len(evals)
    assert sorted(set(df[~df.index.isin(ev.index)].tag)) == ["epoch", "loss"]
    assert any("read as one run" in line and "training_history_loss.csv" in line for line in lines), lines
    s = verdict(run)
    assert s.verdict == "overfit", (s.verdict, s.summary)
    assert "`eval/loss`" in s.summary and "`loss`" in s.summary, s.summary
    last_eval = int(s.summary.split("the last logged is ")[1].split(" at step ")[1].split(",")[0].rstrip(".)"))
    assert last_eval <= len(train), s.summary  # the last evaluation placed at the training's end, not beyond it


def test_two_training_csvs_or_a_metricless_eval_are_not_joined(tmp_path):
    """Guards: two per-step logs (both fractional epochs), and a per-epoch file with a loss only (no metric: it may
    be the training's epoch means), stay runs of their own."""
    train, evals = _memorising_run(epochs=6)
    a, b = tmp_path / "two_train", tmp_path / "no_metric"
    a.mkdir()
    b.mkdir()
    pd.DataFrame(train).to_csv(a / "history_a.csv", index=False)
    pd.DataFrame(train).assign(loss=lambda d: d.loss * 1.1).to_csv(a / "history_b.csv", index=False)
    pd.DataFrame(train).to_csv(b / "steps.csv", index=False)
    pd.DataFrame(evals)[["epoch", "loss"]].to_csv(b / "epochs.csv", index=False)
    ids = sorted(r.id for r in loganalyzer.discover(str(tmp_path)))
    assert ids == ["no_metric/epochs.csv", "no_metric/steps.csv", "two_train/history_a.csv",
                   "two_train/history_b.csv"], ids


# ---------------------------------------------------------------- a validation loss never computed


def test_validation_loss_inf_at_every_epoch_stays_nan(tmp_path):
    """The labellers' convention (courtvision41, aquaman81, marathiasr55: five rows, `nan`; anpr118 alone said
    `healthy`): a monitored validation loss Inf at every evaluation is `nan`, even beside a training that looks fine
    (a rule reading it as "never computed" was withdrawn at stop 52, the breaker's p03b/p17 among the reasons)."""
    path = tmp_path / "train" / "results.csv"
    path.parent.mkdir()
    train, _ = tiny_regression(40, seed=4, lr=3e-3)
    for epoch, loss in enumerate(train):
        _save_metrics(path, epoch, 12.0 * (epoch + 1), {
            "train/box_loss": loss, "train/cls_loss": 2 * loss, "train/dfl_loss": 0.5 * loss,
            "metrics/precision(B)": 0.1 + epoch / 50, "metrics/recall(B)": 0.2 + epoch / 60,
            "metrics/mAP50(B)": 0.05 + epoch / 45, "metrics/mAP50-95(B)": 0.02 + epoch / 90,
            "val/box_loss": 0.0, "val/cls_loss": math.inf, "val/dfl_loss": 0.0,
            "lr/pg0": 1e-3, "lr/pg1": 1e-3, "lr/pg2": 1e-3})
    assert verdict(path.parent).verdict == "nan"


def test_validation_loss_that_becomes_inf_is_still_nan(tmp_path):
    """Guard: finite evaluations first, then Inf to the end: a loss that became non-finite (`nan`)."""
    path = tmp_path / "train" / "results.csv"
    path.parent.mkdir()
    train, val = tiny_regression(40, seed=4, lr=3e-3)
    for epoch, (loss, v) in enumerate(zip(train, val)):
        _save_metrics(path, epoch, 12.0 * (epoch + 1), {
            "train/box_loss": loss, "train/cls_loss": 2 * loss, "train/dfl_loss": 0.5 * loss,
            "metrics/mAP50(B)": 0.05 + epoch / 45,
            "val/box_loss": v, "val/cls_loss": 2 * v if epoch < 20 else math.inf, "val/dfl_loss": 0.5 * v,
            "lr/pg0": 1e-3})
    assert verdict(path.parent).verdict == "nan"


# ---------------------------------------------------------------- a JSON history cut short


def _history() -> dict:
    train, val = tiny_regression(17, seed=5)
    return {"loss": train, "val_loss": val, "lr": [1e-3] * 17}


def test_json_history_cut_short_keeps_its_complete_lists(tmp_path):
    for name, obj in (("flat", _history()), ("nested", {"phase1": _history()})):
        run = tmp_path / name
        run.mkdir()
        text = json.dumps(obj, indent=4)
        cut = text[:text.index('"lr": [') + len('"lr": [\n        ')]
        (run / "training_history.json").write_text(cut)
        df, lines = warned(run)
        prefix = "phase1/" if name == "nested" else ""
        assert sorted(set(df.tag)) == [f"{prefix}loss", f"{prefix}val_loss"], (name, sorted(set(df.tag)))
        assert series_by_step(df, f"{prefix}loss")[1] == _history()["loss"]
        (line,) = [x for x in lines if "cut short" in x]
        assert f'inside "{prefix.replace("/", ".")}lr"' in line and str(len(cut.encode())) in line, line


def test_json_broken_in_the_middle_is_still_refused(tmp_path):
    """Guard: an error inside the text (not at its end) is no write cut short: one line names the file, nothing
    read, nothing said to be cut short."""
    text = json.dumps(_history(), indent=4).replace('"val_loss"', '"val_loss" oops', 1)
    (tmp_path / "history.json").write_text(text)
    df, lines = warned(tmp_path)
    assert len(df) == 0 and lines and all("history.json" in x and "cut short" not in x for x in lines), lines


# ---------------------------------------------------------------- printed logs


def test_printed_wgan_losses_named_l_d_and_l_g_are_read(tmp_path):
    log = file_logger(tmp_path / "train_log.txt", "%(asctime)s  %(levelname)-8s  %(message)s", "wgan52")
    try:
        log.info("Training on device: cpu")
        train, val = tiny_regression(30, seed=6)
        for epoch in range(0, 30, 3):
            log.info(f"Epoch {epoch + 1:4d}/30 | L_D={-5 + train[epoch]:.4f} | L_G={-13 - epoch / 3:.4f} | "
                     f"frob={train[epoch]:.4f} | val_frob={val[epoch]:.4f} | 4.6s")
        log.info("Training complete.")
    finally:
        close_logger(log)
    assert [r.id for r in loganalyzer.discover(str(tmp_path))] == ["train_log.txt"]
    df = read_resolved(tmp_path)[0]
    assert {"loss_D", "loss_G", "frob", "val_frob"} <= set(df.tag), sorted(set(df.tag))
    assert series_by_step(df, "loss_G")[0] == list(range(1, 31, 3))


def test_dash_separated_history_table_with_lines_between_rows(tmp_path, capsys):
    x = torch.randn(96, 6)
    y = (x[:, 0] > 0).long()
    model = mlp(6, 16, 2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    print("Epoch - Loss - Training Accuracy - Validation Accuracy")
    for epoch in range(12):
        out = model(x[:64])
        loss = F.cross_entropy(out, y[:64])
        opt.zero_grad()
        loss.backward()
        opt.step()
        acc = (out.argmax(1) == y[:64]).float().mean().item() * 100
        print(f"         {acc:.2f}")
        with torch.no_grad():
            val = (model(x[64:]).argmax(1) == y[64:]).float().mean().item() * 100
        print(f"{epoch} - {loss.item()} - {acc:.2f} - {val:.2f}")
        if epoch % 4 == 0:
            print(f"best model find at epoch {epoch}")
    (tmp_path / "train_result.txt").write_text(capsys.readouterr().out)
    df = read_resolved(tmp_path)[0]
    steps, values = series_by_step(df, "Loss")
    assert steps == list(range(12)), steps
    assert {"Training Accuracy", "Validation Accuracy"} <= set(df.tag)


def test_json_list_of_epoch_records_cut_short_keeps_its_complete_records(tmp_path):
    train, val = tiny_regression(20, seed=7)
    text = json.dumps([{"epoch": i, "loss": t, "val_loss": v} for i, (t, v) in enumerate(zip(train, val))], indent=2)
    cut = text[:text.index('"epoch": 16') + 5]
    (tmp_path / "history.json").write_text(cut)
    df, lines = warned(tmp_path)
    assert series_by_step(df, "loss") == (list(range(16)), train[:16])
    assert any("cut short" in x and "16 complete record(s)" in x for x in lines), lines


def test_printed_train_and_val_logs_named_by_split_are_one_run(tmp_path):
    """laneseg65: ``print(..., file=train_log)`` / ``file=val_log`` per epoch (CSV-named files; the validation's
    per-class IoU lines above its loss line): one run, the validation's series under ``val/``."""
    torch.manual_seed(1)
    x, y = torch.randn(160, 6), torch.randint(0, 3, (160,))
    model = mlp(6, 32, 3)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    run = tmp_path / "seg"
    run.mkdir()
    with open(run / "train_log.csv", "w") as train_log, open(run / "val_log.csv", "w") as val_log:
        for epoch in range(10):
            loss = F.cross_entropy(model(x[:128]), y[:128])
            opt.zero_grad()
            loss.backward()
            opt.step()
            print(f"Epoch:{epoch}, mask loss is {loss.item():.4f} ", file=train_log)
            with torch.no_grad():
                out = model(x[128:])
                pred = out.argmax(1)
            print(f"Epoch:{epoch} ", file=val_log)
            for c in range(3):
                inter = int(((pred == c) & (y[128:] == c)).sum())
                union = int(((pred == c) | (y[128:] == c)).sum())
                print(f"{c}: {inter / max(union, 1):.4f} ", file=val_log)
            print(f"Epoch:{epoch}, mask loss is {F.cross_entropy(out, y[128:]).item():.4f} ", file=val_log)
    assert [r.id for r in loganalyzer.discover(str(tmp_path))] == ["seg/train_log.csv"]
    df, lines = warned(run)
    val = df[df["dir"].astype(str).str.endswith("/val")]
    assert len(val[val.tag == "mask_loss"]) == 10 and len(df[(df.tag == "mask_loss") & ~df.index.isin(val.index)]) == 10
    assert any("read as one run" in x and "val_log.csv" in x for x in lines), lines


def test_printed_train_and_test_logs_stay_apart(tmp_path):
    """Guard: ``train.log`` beside ``test.log`` (a later evaluation job's own log, most often) is not joined."""
    for name in ("train.log", "test.log"):
        (tmp_path / name).write_text("".join(f"Epoch {e}/5 - loss: {1 / (e + 1):.4f}\n" for e in range(1, 6)))
    assert sorted(r.id for r in loganalyzer.discover(str(tmp_path))) == ["test.log", "train.log"]



@pytest.mark.parametrize("sep", ["\t", ";", " | ", " - "])
def test_printed_history_table_with_another_separator_is_read(tmp_path, sep):
    """Siblings of asvspoof113's `` - `` table: a header printed after other lines, separated by tabs, semicolons or
    pipes without a border, then one row per epoch (the losses of a real training)."""
    train, val = tiny_regression(12, seed=9)
    names = ["Epoch", "Train Loss", "Val Loss"] if sep != ";" else ["epoch", "train_loss", "val_loss"]
    text = "Starting training on cpu\n" + sep.join(names) + "\n"
    text += "".join(f"{e}{sep}{t:.5f}{sep}{v:.5f}\n" for e, (t, v) in enumerate(zip(train, val))) + "Done.\n"
    (tmp_path / "train_log.txt").write_text(text)
    df = read_resolved(tmp_path)[0]
    steps, values = series_by_step(df, names[1])
    assert steps == list(range(12)) and values == pytest.approx(train, abs=1e-5), (steps, values)
    assert series_by_step(df, names[2])[0] == list(range(12))


# ---------------------------------------------------------------- the stop's breaker: near misses left alone


def test_printed_tables_that_are_no_history_stay_unread(tmp_path):
    """A per-class report (``class;loss;precision``) and a sweep's table (``trial | lr | train_loss``) printed in a
    log are no training's rows (a breaker's p08 and p07 were `diverged`)."""
    per_class = tmp_path / "report"
    sweep = tmp_path / "sweep"
    per_class.mkdir()
    sweep.mkdir()
    (per_class / "eval.log").write_text("Evaluating best.pt\nclass;loss;precision;recall\n" + "".join(
        f"{c};{0.1 + c / 10:.3f};{0.9 - c / 50:.3f};{0.8 - c / 40:.3f}\n" for c in range(10)) + "done\n")
    (sweep / "sweep.log").write_text("LR sweep\ntrial | lr | train_loss | val_loss\n" + "".join(
        f"{t} | {10 ** -(t % 5 + 1):.0e} | {0.2 + t / 20:.3f} | {0.3 + t / 15:.3f}\n" for t in range(8)) + "best: 0\n")
    for run in (per_class, sweep):
        assert len(read_resolved(run)[0]) == 0, run


def test_a_printed_table_whose_epochs_start_again_keeps_its_epochs(tmp_path):
    """A head-training phase and a fine-tuning phase, each counting epochs from 0 (the breaker's p16: spliced into
    one table, ``Epoch`` a series, row numbers the steps): each phase's rows on their own epochs, judged by the job
    log's restart rules (here the loss goes on where it was: one run, the second phase's epochs continued)."""
    train, val = tiny_regression(20, seed=10)
    lines = ["Epoch - Loss - Validation Loss"]
    lines += [f"{e} - {train[e]:.5f} - {val[e]:.5f}" for e in range(10)]
    lines += ["Unfreezing backbone, fine-tuning with lr=1e-5"]
    lines += [f"{e} - {train[10 + e]:.5f} - {val[10 + e]:.5f}" for e in range(10)]
    (tmp_path / "train_result.txt").write_text("\n".join(lines) + "\n")
    df, lines = warned(tmp_path)
    assert sorted(set(df.tag)) == ["Loss", "Validation Loss"]
    assert series_by_step(df, "Loss") == (list(range(20)), pytest.approx([round(t, 5) for t in train], abs=1e-5))
    assert any("step went back to 0 after 9" in w for w in lines), lines


def test_l_subscripts_of_lengths_are_no_losses(tmp_path):
    """``L_max`` / ``L_mean`` are sequence lengths (the breaker's p04: read as losses, `healthy` "16x higher")."""
    (tmp_path / "train.log").write_text("".join(
        f"Epoch {e:3d}/20 | L_max={64 * (e + 1)} | L_mean={9.6 * (e + 1):.1f} | tokens={1000 * e}\n" for e in range(20)))
    assert not any("loss" in t for t in set(read_resolved(tmp_path)[0].tag))


def test_split_named_logs_of_other_lengths_or_an_evaluation_job_stay_apart(tmp_path):
    """A 30-epoch train.log beside a val.log that runs to epoch 100 (another run's), and beside an evaluation job's
    per-dataset lines (the breaker's p19 and p13)."""
    train, val = tiny_regression(100, seed=11)
    longer, job = tmp_path / "longer", tmp_path / "job"
    for d in (longer, job):
        d.mkdir()
        (d / "train.log").write_text("".join(f"Epoch [{e}/30] loss: {train[e]:.4f}\n" for e in range(1, 31)))
    (longer / "val.log").write_text("".join(f"Epoch [{e}/100] loss: {val[e - 1]:.4f}\n" for e in range(1, 101)))
    (job / "val.log").write_text("".join(f"[{i}/4] dataset={n} loss: {val[i]:.4f} acc: 0.9\n"
                                         for i, n in enumerate(["cifar10", "svhn", "stl10", "mnist"], 1)))
    assert sorted(r.id for r in loganalyzer.discover(str(tmp_path))) == [
        "job/train.log", "job/val.log", "longer/train.log", "longer/val.log"]


def test_per_step_log_beside_its_own_epoch_means_is_not_an_evaluation(tmp_path):
    """``epoch,loss,accuracy`` holding the training steps' mean per epoch (no validation logged: the breaker's p01)
    beside the per-step log is no evaluation table: not joined as ``eval/``."""
    train, _ = _memorising_run(epochs=8)
    steps = pd.DataFrame(train)
    steps.to_csv(tmp_path / "batch_log.csv", index=False)
    means = [{"epoch": e, "loss": steps[(steps.epoch > e - 1) & (steps.epoch <= e)].loss.mean(), "accuracy": 0.5}
             for e in range(1, 9)]
    pd.DataFrame(means).to_csv(tmp_path / "epoch_summary.csv", index=False)
    assert sorted(r.id for r in loganalyzer.discover(str(tmp_path))) == ["batch_log.csv", "epoch_summary.csv"]


# ---------------------------------------------------------------- the stop's second breaker


def test_keras_batch_log_beside_its_zero_based_epoch_summary_is_not_joined(tmp_path):
    """A per-batch log (fractional epochs) beside Keras' CSVLogger file of the same training, epochs counted from 0
    and no validation (the second breaker's q01a: joined, the training's epoch means filed as ``eval/loss``)."""
    train, _ = _memorising_run(epochs=8)
    steps = pd.DataFrame(train)
    steps.to_csv(tmp_path / "batch_log.csv", index=False)
    means = [{"epoch": e, "accuracy": 0.5 + e / 20, "loss": steps[(steps.epoch > e) & (steps.epoch <= e + 1)].loss.mean()}
             for e in range(8)]
    pd.DataFrame(means).to_csv(tmp_path / "training.log.csv", index=False)
    assert sorted(r.id for r in loganalyzer.discover(str(tmp_path))) == ["batch_log.csv", "training.log.csv"]


def test_a_wgan_log_of_more_than_100000_lines_is_read_to_its_end(tmp_path):
    """The ``L_D``/``L_G`` lines are the log's loss: every one read (the second breaker's q09b: a NaN after line
    100,000 unseen, `healthy`)."""
    lines = [f"Epoch {i:6d}/100050 | L_D={-1.0 - i / 1e6:.6f} | L_G={0.5 + i / 2e6:.6f}" for i in range(1, 100_001)]
    lines += [f"Epoch {i:6d}/100050 | L_D=nan | L_G=nan" for i in range(100_001, 100_051)]
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    df = read_resolved(tmp_path)[0]
    g = df[df.tag == "loss_G"]
    assert len(g) == 100_050 and g.value.isna().sum() == 50


@pytest.mark.parametrize("sep", [" | ", "\t"])
def test_printed_table_with_early_stopping_lines_between_rows_is_read_whole(tmp_path, sep):
    """``EarlyStopping counter: 3 out of 10`` printed between a table's rows (the second breaker's q24: only the
    first 4 of 15 epochs read)."""
    train, val = tiny_regression(15, seed=13)
    rows = ["Epoch" + sep + "Train Loss" + sep + "Val Loss"]
    for e, (t, v) in enumerate(zip(train, val), 1):
        rows.append(f"{e}{sep}{t:.5f}{sep}{v:.5f}")
        if e > 4:
            rows.append(f"EarlyStopping counter: {e - 4} out of 20")
    (tmp_path / "train.log").write_text("Training\n" + "\n".join(rows) + "\n")
    assert series_by_step(read_resolved(tmp_path)[0], "Val Loss")[0] == list(range(1, 16))


def test_validation_logs_that_are_no_split_of_the_training_stay_apart(tmp_path):
    """An ``eval.log`` (a linear probe's own training), a ``val.log`` printing every validation batch, and a
    ``val.log`` that also prints the training loss (the second breaker's q08, q13b, q21) are not joined."""
    train, val = tiny_regression(30, seed=14)
    for name, text in (
            ("probe", ("eval.log", "".join(f"Epoch [{e}/30] loss: {v:.4f}\n" for e, v in enumerate(val, 1)))),
            ("batches", ("val.log", "".join(f"Epoch [{e}/30] Iter [{i}/5] loss: {v:.4f}\n"
                                             for e, v in enumerate(val, 1) for i in range(1, 6)))),
            ("both", ("val.log", "".join(f"Epoch [{e}/30] train_loss: {t:.4f} val_loss: {v:.4f}\n"
                                          for e, (t, v) in enumerate(zip(train, val), 1))))):
        d = tmp_path / name
        d.mkdir()
        (d / "train.log").write_text("".join(f"Epoch [{e}/30] loss: {t:.4f}\n" for e, t in enumerate(train, 1)))
        (d / text[0]).write_text(text[1])
        assert len(loganalyzer.discover(str(d))) == 2, name


# ---------------------------------------------------------------- the stop's review


def test_printed_tables_the_start_code_read_still_read(tmp_path):
    """The review's guards: a per-batch table with the epoch first (``epoch,batch,loss``: the epoch repeats row after
    row, no restart) and pandas' tab-separated frame with its unnamed index (``\\tloss\\tval_loss``)."""
    train, val = tiny_regression(80, seed=15)
    batches, frame = tmp_path / "batches", tmp_path / "frame"
    batches.mkdir()
    frame.mkdir()
    (batches / "log.txt").write_text("Start\nepoch,batch,loss\n" + "".join(
        f"{i // 4},{i % 4},{t:.5f}\n" for i, t in enumerate(train)) + "done\n")
    (frame / "log.txt").write_text("Start\n" + pd.DataFrame({"loss": train[:12], "val_loss": val[:12]}).to_csv(
        sep="\t", float_format="%.5f") + "done\n")
    assert len(read_resolved(batches)[0].query("tag == 'loss'")) == 80
    assert series_by_step(read_resolved(frame)[0], "val_loss")[0] == list(range(12))


def test_json_list_cut_right_after_a_complete_record_keeps_them(tmp_path):
    train, val = tiny_regression(10, seed=16)
    text = json.dumps([{"epoch": i, "loss": t, "val_loss": v} for i, (t, v) in enumerate(zip(train, val))])
    cut = text[:text.index('{"epoch": 6')].rstrip(", ")
    assert cut.endswith("}")
    (tmp_path / "history.json").write_text(cut)
    assert series_by_step(warned(tmp_path)[0], "loss")[0] == list(range(6))


def test_evaluations_past_the_fractional_counter_s_end_are_placed_at_its_pace(tmp_path):
    """The review's finding 3: evaluations at epochs 0..10 beside a training log whose fractional counter ends at
    9.94 (a logging interval that is no divisor of an epoch): the tenth evaluation at the training's end, not an
    epoch later."""
    train, evals = _memorising_run(epochs=10, batch=4)
    kept = [r for i, r in enumerate(train) if i % 3 == 2]  # every third of 16 steps an epoch: the last at 9.9375
    run = tmp_path / "run"
    run.mkdir()
    pd.DataFrame(evals).to_csv(run / "history.csv", index=False)
    pd.DataFrame(kept).to_csv(run / "history_loss.csv", index=False)
    s = verdict(run)
    last = int(s.summary.split("the last logged is ")[1].split(" at step ")[1].split(",")[0].rstrip(".)"))
    assert abs(last - len(kept)) <= 1, (last, len(kept), s.summary)
