"""breaker3's misreads of stop 41's CSV/JSON/framework rules (json41, csv41, fw41), each fixed and kept here as the
shape it broke (logs as breaker3's gen/ scripts wrote them, trimmed):

- R1: numeric text (``"timestamp": "1714564807.310"``, ``"git_sha": "4821907"``, ``"gpu": "0"``) stays text unless
  its key names a metric or holds real numbers elsewhere; step-less structlog events fake no resume;
- S1: ``"loss": "nan"`` is NaN (a diverged run reads ``nan``);
- R2: a step-less end record holding metrics (``{"type": "end", "final_eval_loss": ..}``, ``final_wer``) is kept;
- S3: a config record in an epoch-stepped JSON-lines log is no series;
- R3: a detectron2-style resume re-running its LR warm-up, its loss carrying on, is one training;
- R4: a dict of histories keyed by a sweep's numbers (64/128/256) is no CV: runs keep their keys, in file order;
- S10: lists of numbers written as text are read;
- S5: an mmseg IterBasedRunner log.json's constant ``epoch`` is no series;
- S11: ``train.log.1``/``train.log.2024-05-01`` beside ``train.log``: one run, oldest part first.
"""
from __future__ import annotations

import json
import math
import warnings

import loganalyzer as la


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = la.read_scalars(path, resolve=True)
    return df, [str(w.message) for w in caught]


def _lines(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_numeric_text_metadata_stays_text(tmp_path):
    _lines(tmp_path / "train_log.jsonl", [
        {"run_id": "20231204", "git_sha": "4821907", "host": "node017", "step": s,
         "loss": round(2.5 * 0.6 ** (s / 50), 4), "lr": 0.001, "timestamp": f"{1701680060 + s}", "version": "2.0",
         "gpu": "0", "fold": "3"}
        for s in range(0, 500, 50)])
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss", "lr"}
    assert len(df[df.tag == "loss"]) == 10


def test_structlog_events_with_text_stamps_fake_no_resume(tmp_path):
    rows = [{"timestamp": "1714564807.310", "level": "info", "event": "loading dataset", "path": "/data/cifar10"}]
    for e in range(1, 7):
        rows.append({"timestamp": f"{1714564821.93 + 14.6 * e:.3f}", "level": "info", "event": "validation started"})
        rows.append({"timestamp": f"{1714564829.24 + 14.6 * e:.3f}", "level": "info", "event": "epoch_end",
                     "epoch": e, "train_loss": round(2.0 / e, 4), "val_loss": round(2.2 / e, 4),
                     "val_acc": 0.5 + e / 20})
    _lines(tmp_path / "train_log.jsonl", rows)
    df, caught = _read(tmp_path)
    assert set(df.tag) == {"train_loss", "val_loss", "val_acc"}
    assert sorted(df[df.tag == "train_loss"].step) == [1, 2, 3, 4, 5, 6]
    assert not any("resumed" in w for w in caught)


def test_metric_numbers_as_text_still_read(tmp_path):  # ATMI/Megatoken log.json, json.dump(default=str)
    _lines(tmp_path / "log.jsonl", [{"epoch": f"{e}/10", "step": str(100 * e), "loss": str(round(1 / e, 4)),
                                     "lr": "1e-04", "fold": "3"} for e in range(1, 11)])
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss", "lr"}
    assert sorted(df[df.tag == "loss"].step) == list(range(100, 1001, 100))


def test_nan_text_is_nan(tmp_path):
    rows = [{"step": 100 * i, "loss": str(round(2.0 * 0.82 ** i, 4)), "grad_norm": str(1 + i / 10)} for i in range(6)]
    rows += [{"step": 100 * i, "loss": "nan", "grad_norm": "inf"} for i in range(6, 10)]
    _lines(tmp_path / "log.jsonl", rows)
    df, _ = _read(tmp_path)
    loss = df[df.tag == "loss"].sort_values("step")
    assert len(loss) == 10 and math.isnan(loss.value.iloc[-1])
    assert math.isinf(df[df.tag == "grad_norm"].value.iloc[-1])
    assert la.analyze(tmp_path).runs[0].verdict == "nan"


def test_end_record_with_final_eval_is_kept(tmp_path):
    rows = [{"type": "start", "run": "a", "lr": 0.001}]
    rows += [{"type": "train", "step": 20 * i, "loss": round(2.0 * 0.85 ** i, 4)} for i in range(10)]
    rows += [{"type": "end", "final_eval_accuracy": 0.91, "final_eval_loss": 0.33}]
    _lines(tmp_path / "log.jsonl", rows)
    df, _ = _read(tmp_path)
    assert {"final_eval_accuracy", "final_eval_loss", "loss"} <= set(df.tag)
    assert "run" not in set(df.tag) and "lr" not in set(df.tag)


def test_final_wer_line_without_step_is_kept(tmp_path):
    rows = [{"step": 250 * i, "loss": round(3.0 * 0.78 ** i, 4), "wer": round(0.9 * 0.88 ** i, 4)} for i in range(12)]
    rows += [{"final_wer": 0.182, "final_cer": 0.061}]
    _lines(tmp_path / "train_log.jsonl", rows)
    df, _ = _read(tmp_path)
    assert list(df[df.tag == "final_wer"].value) == [0.182]
    assert list(df[df.tag == "final_cer"].value) == [0.061]


def test_config_record_in_epoch_stepped_log_is_no_series(tmp_path):
    rows = [{"event": "config", "lr": 3e-4, "batch_size": 64, "epochs": 10, "model": "resnet18", "seed": 1}]
    rows += [{"event": "epoch", "epoch": e, "train_loss": round(1.2 * 0.8 ** (e - 1), 4),
              "val_loss": round(1.33 * 0.82 ** (e - 1), 4)} for e in range(1, 11)]
    _lines(tmp_path / "train_log.jsonl", rows)
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"train_loss", "val_loss"}


def test_resume_rerunning_its_warmup_is_one_training(tmp_path):
    def lr(i, start):
        k = i - start
        return 0.001 * min(1.0, (k + 1) / 500) if k < 500 else 0.001

    rows = [{"iteration": i, "lr": lr(i, 0), "loss": round(3.0 * math.exp(-i / 1950), 5)} for i in range(0, 5001, 100)]
    rows += [{"iteration": i, "lr": lr(i, 4100), "loss": round(3.0 * math.exp(-(i - 100) / 1950), 5)}
             for i in range(4100, 8001, 100)]  # resumed from the 4000 checkpoint: warm-up again, loss goes on
    _lines(tmp_path / "metrics.json", rows)
    assert [r.id for r in la.discover(tmp_path)] == ["metrics.json"]
    df, caught = _read(tmp_path)
    loss = df[df.tag == "loss"]
    assert loss.step.min() == 0 and loss.step.max() == 8000
    assert any("resumed at step 4,100" in w for w in caught)


def test_new_training_at_another_lr_still_splits(tmp_path):  # pathway_retinanet: the loss never came down
    rows = [{"iteration": i, "lr": 0.001 * (i + 1) / 1000, "total_loss": 3.4 - i / 3000} for i in range(19, 320, 20)]
    rows += [{"iteration": i, "lr": 0.01 * (i + 1) / 1000, "total_loss": 3.4 - i / 2500} for i in range(99, 2000, 100)]
    _lines(tmp_path / "metrics.json", rows)
    assert len(la.discover(tmp_path)) == 2


def _hist(scale):
    return {"loss": [round(scale * 0.9 ** e, 4) for e in range(10)], "val_loss": [round(scale * 1.1 * 0.92 ** e, 4)
                                                                                  for e in range(10)]}


def test_sweep_keyed_by_number_is_no_cv(tmp_path):
    (tmp_path / "histories.json").write_text(json.dumps({"64": _hist(1.0), "128": _hist(0.9), "256": _hist(0.8)}))
    assert [r.id for r in la.discover(tmp_path)] == ["histories.json#64", "histories.json#128", "histories.json#256"]


def test_cv_folds_still_folds(tmp_path):
    (tmp_path / "histories.json").write_text(json.dumps({"0": _hist(1.0), "1": _hist(0.9), "2": _hist(0.8)}))
    assert [r.id for r in la.discover(tmp_path)] == ["histories.json#fold0", "histories.json#fold1",
                                                     "histories.json#fold2"]


def test_numbers_written_as_text_in_lists(tmp_path):
    train = [str(round(2.0 * 0.8 ** e, 4)) for e in range(10)]
    val = [str(round(2.1 * 0.82 ** e, 4)) for e in range(10)]
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loss_history.json").write_text(json.dumps({"train": train, "val": val}))
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "losses.json").write_text(json.dumps(train))
    df, _ = _read(tmp_path / "a")
    assert set(df.tag) == {"train_loss", "val_loss"} and len(df) == 20
    df, _ = _read(tmp_path / "b")
    assert list(df.tag.unique()) == ["loss"] and len(df) == 10


def test_mmseg_iterbased_constant_epoch_is_no_series(tmp_path):
    rows = [{"env_info": "sys.platform: linux", "config": "model = dict()", "seed": 0, "exp_name": "deeplab.py"}]
    for i in range(50, 2001, 50):
        rows.append({"mode": "train", "epoch": 1, "iter": i, "lr": 0.01 * (1 - i / 2000) ** 0.9, "memory": 9000,
                     "data_time": 0.01, "decode.loss_ce": 1.4 * 0.95 ** (i / 50), "loss": 2.0 * 0.95 ** (i / 50),
                     "time": 0.4})
        if i % 500 == 0:
            rows.append({"mode": "val", "epoch": 1, "iter": 500, "lr": 0.01, "aAcc": 0.8, "mIoU": 0.4})
    _lines(tmp_path / "20220301_101010.log.json", rows)
    df, _ = _read(tmp_path)
    assert "epoch" not in set(df.tag) and "loss" in set(df.tag)
    assert df[df.tag == "loss"].step.max() == 2000


def _epochs(first, last):
    return "".join(f"2024-05-01 10:{e:02d}:00 INFO Epoch {e}/20 - loss: {1.7 * 0.85 ** (e - 1):.4f} - "
                   f"val_loss: {1.83 * 0.87 ** (e - 1):.4f} - val_acc: {0.4 + 0.025 * e:.4f}\n"
                   for e in range(first, last + 1))


def test_rotated_log_parts_are_one_run(tmp_path):
    for suffix in ("1", "2024-05-01"):
        d = tmp_path / suffix
        d.mkdir()
        (d / f"train.log.{suffix}").write_text(_epochs(1, 10))
        (d / "train.log").write_text(_epochs(11, 20))
        assert [r.id for r in la.discover(d)] == ["train.log"]
        df, _ = _read(d)
        loss = df[df.tag == "loss"]
        assert sorted(loss.step) == list(range(1, 21))


def test_split_keyed_per_batch_and_per_epoch_lists_line_up(tmp_path):
    train = [round(2.0 * 0.995 ** b, 4) for b in range(500)]
    val = [round(2.1 * 0.85 ** e, 4) for e in range(10)]
    (tmp_path / "loss_history.json").write_text(json.dumps({"train": train, "val": val}))
    df, caught = _read(tmp_path)
    assert sorted(df[df.tag == "val_loss"].step) == list(range(49, 500, 50))
    assert sorted(df[df.tag == "train_loss"].step) == list(range(500))
    assert any("per epoch and per batch" in w for w in caught)


def test_cv_folds_beside_a_summary_value_are_folds(tmp_path):  # S2
    obj = {"1": _hist(1.0), "2": _hist(0.9), "3": _hist(0.8), "mean_val_loss": 0.41}
    (tmp_path / "cv_history.json").write_text(json.dumps(obj))
    assert [r.id for r in la.discover(tmp_path)] == ["cv_history.json#fold1", "cv_history.json#fold2",
                                                     "cv_history.json#fold3"]


def test_loguru_serialized_records_are_read_from_their_messages(tmp_path):  # S8
    rows = []
    for e in range(1, 6):
        msg = f"Epoch {e} | train_loss: {1.84 * 0.8 ** (e - 1):.4f} | val_loss: {1.968 * 0.82 ** (e - 1):.4f}"
        rows.append({"text": f"2024-03-01 10:00:0{e}.123 | INFO | __main__:train:42 - {msg}\n",
                     "record": {"elapsed": {"repr": f"0:00:0{e}", "seconds": float(e)}, "exception": None,
                                "extra": {}, "function": "train", "level": {"name": "INFO", "no": 20}, "line": 42,
                                "message": msg, "module": "train", "name": "__main__",
                                "time": {"repr": f"2024-03-01 10:00:0{e}.123+00:00", "timestamp": 1709287200.0 + e}}})
    _lines(tmp_path / "train.log.json", rows)
    df, _ = _read(tmp_path)
    assert sorted(df[df.tag == "train_loss"].step) == [1, 2, 3, 4, 5]
    assert len(df[df.tag == "val_loss"]) == 5


def test_pair_rows_with_the_epoch_first_are_read(tmp_path):  # S6: no Keras CSVLogger header
    rows = [f"epoch,{e},loss,{2.0 / e:.4f},val_loss,{2.2 / e:.4f},acc,{0.5 + 0.04 * e:.4f}" for e in range(1, 11)]
    (tmp_path / "log.csv").write_text("\n".join(rows) + "\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss", "val_loss", "acc"}
    assert sorted(df[df.tag == "loss"].step) == list(range(1, 11))
