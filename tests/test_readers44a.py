"""Stop 44's CSV/JSON reader fixes (opened sets 86/87's reader faults, each a kind of real output, written the way
its producer writes it): a time column of datetimes (pixcontrast87), a column of quoted lists (rotnet87), a
headerless epoch column that never goes down (xianfucnn87), one unnamed value in a training's file (nsa87), a fold
key and a ``total`` beside loss terms (iapr87), losses.csv + metrics.csv of one history (valcv87), a per-batch spike
taken for a new training (cs321nn87), HF's epoch beside its step (littlelm87), a printed ``batch_index`` (gpt2kh86)
and a printed ``epoch: 1, ...`` record taken for a Keras header (StyIns). Guard tests beside them keep the old reading
where it was right (they pass before and after).
"""
from __future__ import annotations

import csv
import datetime as dt
import json

import numpy as np
import pandas as pd

import loganalyzer

from test_readers20a import _ids, _read, _series  # noqa: E402


def _falling(n: int, start: float = 1.8, seed: int = 0) -> list[float]:
    rng = np.random.default_rng(seed)
    return [round(start * 0.93 ** i + 0.01 * rng.random(), 4) for i in range(n)]


def test_loss_csv_with_a_datetime_time_column_is_read(tmp_path):
    """pixcontrast87 ``loss.csv``: ``loss,supervised_loss,contrastive_loss,time`` with 'YYYY-MM-DD HH:MM:SS' times
    (a pandas frame of per-epoch records). Before: "no column is named like a loss", no run."""
    loss = _falling(20)
    sup = [round(v * 0.12, 4) for v in loss]
    t0 = dt.datetime(2024, 5, 13, 12, 26, 23)
    times = [(t0 + dt.timedelta(seconds=35 * i)).strftime("%Y-%m-%d %H:%M:%S") for i in range(20)]
    pd.DataFrame({"loss": loss, "supervised_loss": sup, "contrastive_loss": [round(a - b, 4) for a, b in
                                                                             zip(loss, sup)], "time": times}
                 ).to_csv(tmp_path / "loss.csv", index=False)
    assert _ids(tmp_path) == ["loss.csv"]
    df, caught = _read(tmp_path)
    assert set(df.tag) == {"loss", "supervised_loss", "contrastive_loss"}  # time is the wall time, no series
    assert _series(df, "loss") == (list(range(20)), [round(v, 4) for v in loss])
    wall = df[df.tag == "loss"].wall_time.to_numpy()
    assert wall[0] == dt.datetime(2024, 5, 13, 12, 26, 23, tzinfo=dt.timezone.utc).timestamp()
    assert np.allclose(np.diff(wall), 35)
    assert not [w for w in caught if "no column is named like a loss" in w]


def _interval_rows(epochs: int) -> list[tuple[float, float, float, float, list[float]]]:
    train, test = _falling(epochs, 0.44), _falling(epochs, 0.38, seed=1)
    acc = [round(0.83 + 0.002 * i, 6) for i in range(epochs)]
    intervals = [[round(t * (1.4 - 0.02 * k), 6) for k in range(20)] for t in train]
    return [(a, b, c, 10.398933717746608, d) for a, b, c, d in zip(train, test, acc, intervals)]


def test_csv_writer_row_with_a_quoted_list_column_reads_the_scalars(tmp_path):
    """rotnet87 ``training_results.csv``: csv.writer rows ``Train Loss,Test Loss,Accuracy,Base Loss,Interval Loss``,
    the last a quoted ', '-joined list of per-interval losses. Before: no run and no warning (a silent skip)."""
    rows = _interval_rows(15)
    with open(tmp_path / "training_results.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Train Loss", "Test Loss", "Accuracy", "Base Loss", "Interval Loss"])
        for a, b, c, d, e in rows:
            w.writerow([a, b, c, d, ", ".join(map(str, e))])
    assert _ids(tmp_path) == ["training_results.csv"]
    df, caught = _read(tmp_path)
    assert set(df.tag) == {"Train Loss", "Test Loss", "Accuracy", "Base Loss"}
    assert _series(df, "Test Loss") == (list(range(15)), [round(r[1], 4) for r in rows])
    assert _series(df, "Train Loss")[1] == [round(r[0], 4) for r in rows]
    said = [w for w in caught if "'Interval Loss'" in w]
    assert len(said) == 1 and "training_results.csv" in said[0] and "a list of numbers in each cell" in said[0]


def test_pandas_frame_with_a_list_column_reads_the_scalars(tmp_path):
    """Sibling: the same records as a pandas frame (``to_csv``), its list column printed '[0.61, 0.55, ...]'."""
    rows = _interval_rows(12)
    pd.DataFrame([{"train_loss": a, "val_loss": b, "val_acc": c, "batch_losses": e} for a, b, c, _, e in rows]
                 ).to_csv(tmp_path / "results.csv", index=False)
    df, caught = _read(tmp_path)
    assert set(df.tag) == {"train_loss", "val_loss", "val_acc"}
    assert _series(df, "val_loss") == (list(range(12)), [round(r[1], 4) for r in rows])
    assert len([w for w in caught if "'batch_losses'" in w and "a list of numbers" in w]) == 1


def test_table_of_list_cells_only_is_still_said_as_histories(tmp_path):
    """No scalar loss beside the lists (a row per configuration, Spike_data losses.csv): no run, one line says why."""
    pd.DataFrame({"Train Losses": [_falling(8), _falling(8, seed=2)], "Test Losses": [_falling(8, seed=3),
                                                                                      _falling(8, seed=4)]},
                 index=pd.Index(["a", "b"], name="Feature")).to_csv(tmp_path / "losses.csv")
    assert _ids(tmp_path) == []
    _, caught = _read(tmp_path)
    assert any("per-configuration histories" in w for w in caught)


def test_headerless_loss_csv_of_one_epochs_batches_is_epoch_and_loss(tmp_path):
    """xianfucnn87 ``loss.csv``: csv.writer rows ``[epoch, loss.item()]`` once per batch of a 1-epoch training
    (``1`` on all 120 rows). Before: column 0 read as a constant ``train_loss`` 1.0, the loss as ``val_loss``."""
    losses = [round(v, 7) for v in _falling(120, 1.3)]
    with open(tmp_path / "loss.csv", "w", newline="") as f:
        w = csv.writer(f)
        for v in losses:
            w.writerow([1, v])
    assert _ids(tmp_path) == ["loss.csv"]
    df, caught = _read(tmp_path)
    assert "train_loss" not in set(df.tag) and "val_loss" not in set(df.tag)
    assert _series(df, "loss") == (list(range(120)), [round(v, 4) for v in losses])  # rows of the epoch: steps
    assert any("read as epoch, loss" in w and "loss.csv" in w for w in caught)


def test_headerless_loss_txt_of_batches_over_epochs_is_epoch_and_loss(tmp_path):
    """Sibling: ``np.savetxt`` of (epoch, loss) per batch over 3 epochs of 20 batches (epochs 0, 0, ... 2)."""
    losses = _falling(60, 2.0)
    epochs = np.repeat(np.arange(3), 20)
    np.savetxt(tmp_path / "losses.csv", np.c_[epochs, losses], delimiter=",", fmt=["%d", "%.6f"])
    df, _ = _read(tmp_path)
    assert set(df.tag) <= {"loss", "epoch"}
    assert _series(df, "loss") == (list(range(60)), [round(v, 4) for v in losses])


def test_headerless_train_metrics_of_one_value_is_the_loss(tmp_path):
    """nsa87 ``train_metrics.csv`` / ``pretrain_metrics.csv``: ``f.write(f"{epoch},{loss}\\n")`` each epoch, no header.
    Before: the value column was ``value_1``, so the run had no loss (verdict unknown)."""
    for name in ("train_metrics.csv", "pretrain_metrics.csv"):
        run = tmp_path / name.split(".")[0]
        run.mkdir()
        losses = [round(v * 1000, 4) for v in _falling(30, 1.65)]
        with open(run / name, "w") as f:
            for epoch, loss in enumerate(losses):
                f.write(f"{epoch},{loss}\n")
        df, caught = _read(run)
        assert set(df.tag) == {"loss"}
        assert _series(df, "loss") == (list(range(30)), losses)
        assert any(name in w and "then loss (assumed" in w for w in caught)


def test_headerless_validation_metrics_of_one_value_keep_their_position_name(tmp_path):
    """A split's or another measure's file is no training loss: still ``value_1``."""
    with open(tmp_path / "val_metrics.csv", "w") as f:
        for epoch in range(10):
            f.write(f"{epoch},{0.5 + epoch / 50}\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"value_1"}


def _cv_folds(path, folds: int, epochs: int, final: bool = True) -> dict:
    """A k-fold detector's loop logging ``fold,epoch,cls,box,total,avg_batch_iou,val_f1`` with csv.writer, each fold
    from epoch 1, then the final fit on all data logged with fold 'Final' (iapr87 ``train_metrics.csv``)."""
    logged = {}
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["fold", "epoch", "cls", "box", "total", "avg_batch_iou", "val_f1"])
        for k, fold in enumerate([*range(1, folds + 1), *(["Final"] if final else [])]):
            cls, box = _falling(epochs, 2.6, seed=k), _falling(epochs, 0.02, seed=10 + k)
            total = [round(c + 5 * b + 0.5 * 0.9 ** e, 4) for e, (c, b) in enumerate(zip(cls, box))]
            for e in range(epochs):
                w.writerow([fold, e + 1, cls[e], box[e], total[e], round(0.06 + 0.8 * e / epochs, 3),
                            round(0.8 * e / epochs, 4)])
            logged[fold] = total
    return logged


def test_fold_column_of_cv_trainings_is_no_series(tmp_path):
    """iapr87: each fold is a run (split by the epoch starting over); ``fold`` is their key, never a series, and the
    'Final' fold's word cells are said in that same line. Before: ``fold`` read as a series, 'Final' cells warned."""
    _cv_folds(tmp_path / "train_metrics.csv", folds=3, epochs=12)
    assert _ids(tmp_path) == [f"train_metrics.csv#{k}" for k in range(1, 5)]
    df, caught = _read(tmp_path)
    assert "fold" not in set(df.tag)
    assert sorted(set(df.dir)) == [f"train_metrics.csv#{k}" for k in range(1, 5)]
    assert _series(df, "val_f1", "train_metrics.csv#4")[0] == list(range(1, 13))
    said = [w for w in caught if "'fold'" in w]
    assert len(said) == 1 and "one value in each run" in said[0] and "12 row(s)" in said[0]


def test_total_beside_loss_terms_is_the_training_loss(tmp_path):
    """iapr87: ``cls``, ``box`` and their weighted sum ``total``, no column named like a loss. Before: no loss found
    (verdict unknown); now ``total`` is ``total_loss``, with one line saying so."""
    logged = _cv_folds(tmp_path / "train_metrics.csv", folds=2, epochs=10)
    df, caught = _read(tmp_path)
    assert "total" not in set(df.tag)
    assert _series(df, "total_loss", "train_metrics.csv#3") == (list(range(1, 11)), logged["Final"])
    assert _series(df, "total_loss", "train_metrics.csv#1")[1] == logged[1]
    assert any("'total' sums loss terms" in w and "'total_loss'" in w for w in caught)


def test_total_beside_a_named_loss_keeps_its_name(tmp_path):
    """With a column named like a loss the loss is known: ``total`` (of images, of time...) stays as it is."""
    pd.DataFrame({"epoch": range(6), "loss": _falling(6), "cls": _falling(6, 1.0), "box": _falling(6, 0.1),
                  "total": [100] * 6}).to_csv(tmp_path / "log.csv", index=False)
    df, _ = _read(tmp_path)
    assert "total" in set(df.tag) and "total_loss" not in set(df.tag)


def test_losses_and_metrics_csv_of_one_history_are_one_run(tmp_path):
    """valcv87 ``cv_project/``: ``pd.DataFrame({"train loss": .., "valid loss": ..}).to_csv("losses.csv")`` and the
    same for ``train rmse``/``valid rmse`` into ``metrics.csv``. Before: two runs, the metrics judged alone."""
    run = tmp_path / "cv_project"
    run.mkdir()
    train, valid = _falling(40, 0.18), _falling(40, 0.1, seed=5)
    pd.DataFrame({"train loss": train, "valid loss": valid}).to_csv(run / "losses.csv")
    pd.DataFrame({"train rmse": [round(v ** 0.5, 4) for v in train], "valid rmse": [round(v ** 0.5, 4)
                                                                                     for v in valid]}
                 ).to_csv(run / "metrics.csv")
    assert _ids(tmp_path) == ["cv_project/losses.csv"]
    df, caught = _read(tmp_path)
    assert set(df.tag) == {"train loss", "valid loss", "train rmse", "valid rmse"}
    assert set(df.dir) == {"cv_project/losses.csv"}
    assert _series(df, "valid loss") == (list(range(40)), valid)
    assert _series(df, "valid rmse") == (list(range(40)), [round(v ** 0.5, 4) for v in valid])
    assert len([w for w in caught if "metrics.csv beside losses.csv" in w and "one run" in w]) == 1


def test_losses_and_metrics_csv_of_other_lengths_stay_two_runs(tmp_path):
    """Two trainings' files (other row counts) are not joined."""
    pd.DataFrame({"train loss": _falling(40)}).to_csv(tmp_path / "losses.csv")
    pd.DataFrame({"train rmse": _falling(30)}).to_csv(tmp_path / "metrics.csv")
    assert sorted(_ids(tmp_path)) == ["losses.csv", "metrics.csv"]


def _per_batch_losses(n: int) -> np.ndarray:
    """A fresh binary classifier's per-batch loss: 0.693 (ln 2) falling smoothly over its first 15 batches, then at
    its floor with per-batch spikes as high as 0.85-1.5 all through (cs321nn87 ``losses.csv``'s shape)."""
    head = [0.6933, 0.6876, 0.6812, 0.6719, 0.6545, 0.6086, 0.5949, 0.4787, 0.3678, 0.3618, 0.2607, 0.6137,
            0.0242, 0.0164, 0.0105]
    rng = np.random.default_rng(3)
    tail = np.exp(rng.normal(np.log(0.02), 1.4, n - len(head)))
    tail[:4] = [0.8457, 0.3491, 0.3343, 0.0128]
    tail[rng.choice(np.arange(20, len(tail)), 8, replace=False)] = rng.uniform(0.8, 1.6, 8)
    return np.minimum(np.r_[head, tail], 1.6)


def test_per_batch_spike_after_a_smooth_start_is_no_second_training(tmp_path):
    """cs321nn87: ``np.savetxt('losses.csv', losses)`` of one training's per-batch losses. Before: split at line 17
    into ``#1`` (15 values) and ``#2`` because "values start over"; the 0.846 there is a spike like the later ones
    (the next rows are back at 0.013), and the values never come back near ln 2: one training."""
    losses = _per_batch_losses(400)
    np.savetxt(tmp_path / "losses.csv", losses)
    assert _ids(tmp_path) == ["losses.csv"]
    df, caught = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert steps == list(range(400)) and np.allclose(values, losses, atol=1e-4)
    assert not [w for w in caught if "start over" in w]


def test_losses_appended_by_two_trainings_still_start_over(tmp_path):
    """Two fresh trainings appended (each from ln 2, falling): still two runs."""
    one = [round(0.6931 * 0.8 ** k + 0.01, 4) for k in range(30)]
    np.savetxt(tmp_path / "losses.csv", np.r_[one, one[:20]])
    assert _ids(tmp_path) == ["losses.csv#1", "losses.csv#2"]


def test_printed_batch_index_is_the_step_not_a_series(tmp_path):
    """gpt2kh86 ``train_log.txt``: loguru lines ``[0.06%] batch_index=64 loss=11.0210`` every 64 batches (written here
    with ``logging`` in loguru's format). Before: ``batch_index`` a series, the loss at the line numbers 1, 2, ..."""
    from test_readers43 import _file_logger

    losses = [round(v * 6, 4) for v in _falling(40, 1.85)]
    fmt = "%(asctime)s.%(msecs)03d | %(levelname)-8s | __main__:train:58 - %(message)s"
    with _file_logger(tmp_path / "train_log.txt", "gpt2kh", fmt, "%Y-%m-%d %H:%M:%S") as logger:
        logger.info("Start training!")
        for k, loss in enumerate(losses, 1):
            logger.info(f"[{k * 64 / 105536 * 100:.2f}%] batch_index={k * 64} loss={loss:.4f}")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss"}
    assert _series(df, "loss") == ([64 * k for k in range(1, 41)], losses)


def test_total_beside_loss_terms_in_keras_shaped_csvs_of_a_tree(tmp_path):
    """Sibling: ``epoch,cls,box,total`` (epoch first: the Keras-like reader) in several runs of one tree (the batch
    CSV path): ``total`` is ``total_loss`` there too."""
    for k in range(3):
        run = tmp_path / f"train{k}"
        run.mkdir()
        cls, box = _falling(10, 2.0, seed=k), _falling(10, 0.1, seed=5 + k)
        pd.DataFrame({"epoch": range(1, 11), "cls": cls, "box": box,
                      "total": [round(c + 7.5 * b, 4) for c, b in zip(cls, box)]}).to_csv(run / "results.csv",
                                                                                        index=False)
    df, caught = _read(tmp_path)
    assert "total" not in set(df.tag) and set(df[df.tag == "total_loss"].dir) == {f"train{k}/results.csv"
                                                                                  for k in range(3)}
    assert len([w for w in caught if "'total' sums loss terms" in w]) == 3


def test_hf_eval_log_csv_epoch_beside_step_is_no_series(tmp_path):
    """littlelm87 ``training_results.csv``: an HF Trainer's eval log_history dumped with pandas
    (``eval_loss,eval_accuracy,eval_runtime,...,epoch,step``). Before: ``epoch`` read as a metric series; it is the
    epoch axis beside the step. Two such files (the batch CSV path) and one alone read the same."""
    for k in range(3):
        run = tmp_path / f"run{k}"
        run.mkdir()
        history = [{"eval_loss": v, "eval_accuracy": 0.5, "eval_runtime": 0.07, "epoch": float(e + 1),
                    "step": 2 * (e + 1)} for e, v in enumerate(_falling(5, 0.95, seed=k))]
        pd.DataFrame(history).to_csv(run / "training_results.csv", index=False)
        df, _ = _read(run)
        assert "epoch" not in set(df.tag)
        assert _series(df, "eval_loss") == ([2, 4, 6, 8, 10], [h["eval_loss"] for h in history])
    df, _ = _read(tmp_path)
    assert "epoch" not in set(df.tag) and len(set(df.dir)) == 3


def test_printed_epoch_colon_records_are_no_keras_csv(tmp_path):
    """StyIns (set 86) ``log/train_log.txt``: its logger appends multi-line records, ``"epoch: %d, %s, %.2fs per iter,
    lr: %.4f, tr: %.2f, ts: %d"`` then indented ``recon loss: %.3f  ppl:%.2f, style loss: ...`` lines. Before: the
    first line was taken for a Keras CSVLogger header with ':' as its separator and no series came out."""
    import math

    recon = [5.681, 5.83, 5.857, 5.942, 5.983, 6.044, 6.066, 6.119, 6.141, 6.148, 6.149, 6.195, 6.201, 6.211]
    (tmp_path / "log").mkdir()
    with open(tmp_path / "log" / "train_log.txt", "a") as fout:
        for k, loss in enumerate(recon):
            step = 10 * k + 1
            process = "%d/%d %.1f%%" % (step, 125, step / 125 * 100)
            info = ("epoch: %d, %s, %.2fs per iter, lr: %.4f, tr: %.2f, ts: %d" % (1, process, 6.5, 0.0004, 1.0, 0)
                    + "\n" + "    recon loss: %.3f  ppl:%.2f, style loss: %.3f, cycle loss: %.3f"
                    % (loss, math.exp(loss), 1.2, loss + 0.001)
                    + "\n" + "    dis real1 loss: %.3f, dis real2 loss: %.3f, dis fake loss: %.3f" % (1.2, 0.9, 0.85)
                    + "\n" + "    teach prior loss: %.3f, teach post loss: %.3f, teach kl obj: %.3f" % (0, 0, 0))
            fout.write(info + "\n\n")
    (run,) = loganalyzer.discover(str(tmp_path))
    assert run.format != "keras_csv"
    df, caught = _read(tmp_path)
    assert _series(df, "recon_loss")[1] == recon
    assert not [w for w in caught if "is not a number" in w or "holds no numbers" in w]
