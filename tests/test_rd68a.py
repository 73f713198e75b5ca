"""Stop 68 reader/discovery kinds shown by the opened dev sets 211, 212 and 215 (rd68a)."""
from __future__ import annotations

import csv
import json
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_readers20a import _ids, _read, _series  # noqa: E402


# ------------------------------------------------------------------ Ray Tune progress.csv / result.json
def _ray_trial(folder: Path, val_losses: list[float], csv_only: bool = False) -> None:
    """A Ray Tune 1.x trial dir as its loggers write it: ``JsonLogger`` (``json.dump(result)`` + newline a report,
    ``config`` inside) and ``CSVLogger`` (``csv.DictWriter`` over the result without ``config``, ``None`` -> '')."""
    folder.mkdir()
    config = {"lr": 0.001, "batch_size": 64, "conv_filter": [16, 64]}
    rows = []
    for i, v in enumerate(val_losses, 1):
        rows.append({"val_loss": v, "train_loss": v * 0.9, "time_this_iter_s": 60.0 + i, "should_checkpoint": True,
                     "done": False, "timesteps_total": None, "episodes_total": None, "training_iteration": i,
                     "experiment_id": "e2b99a9b7e0c40449e50ccf2e07b0b50", "date": f"2021-01-13_22-{i:02d}-04",
                     "timestamp": 1610606224 + 60 * i, "time_total_s": 60.0 * i, "pid": 31008,
                     "hostname": "cgpu17", "node_ip": "128.55.224.197", "config": config,
                     "time_since_restore": 60.0 * i, "timesteps_since_restore": 0, "iterations_since_restore": i,
                     "trial_id": "bb715_00000", "experiment_tag": "0_batch_size=64,conv_filter=[16, 64],lr=0.001"})
    if not csv_only:
        with open(folder / "result.json", "w") as f:
            for r in rows:
                json.dump(r, f)
                f.write("\n")
    with open(folder / "progress.csv", "w") as f:
        flat = [{k: v for k, v in r.items() if k != "config"} for r in rows]
        w = csv.DictWriter(f, flat[0].keys())
        w.writeheader()
        for r in flat:
            w.writerow(r)


def test_ray_tune_progress_csv_with_empty_timesteps_is_read_on_training_iteration(tmp_path):
    """Public cellspike212 ``trial-1/progress.csv`` (Ray Tune, 13 reports, ``timesteps_total`` empty): 0 rows before."""
    losses = [1.0186, 1.0187, 1.0183, 1.0185, 1.0184, 1.0186, 1.0184]
    _ray_trial(tmp_path / "trial-1", losses, csv_only=True)
    df, said = _read(tmp_path / "trial-1")
    steps, values = _series(df, "val_loss")
    assert steps == list(range(1, len(losses) + 1)) and values == losses
    assert not any("no 'timesteps_total'" in s for s in said)


def test_ray_tune_trial_progress_csv_and_result_json_are_one_run(tmp_path):
    """Public nempc212 ``train_*``: ``progress.csv`` (0 rows) and ``result.json`` were two runs of one trial."""
    _ray_trial(tmp_path / "train_21f01584_85", [0.5 / i for i in range(1, 21)])
    assert len(_ids(tmp_path)) == 1
    df, _ = _read(tmp_path)
    assert _series(df, "val_loss")[0] == list(range(1, 21))


# ------------------------------------------------------------------ FreeRec's Coach lines
def _freerec_log(path: Path, epochs: int = 30, freq: int = 5) -> None:
    """A FreeRec ``log.txt`` as its Coach logs it (``logging`` format ``%(asctime)s:\\t%(message)s``): a TRAIN,
    VALID and TEST line per epoch, the validation meters filled every ``freq`` epochs from epoch 0, then the summary
    table and the best checkpoint's re-evaluation (public sevo215 / stablegcn215 ``log.txt``)."""
    import logging

    logger = logging.getLogger(f"freerec-{path}")
    logger.propagate = False
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s:\t%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.info("[Seed] >>> Set seed: 0")
    logger.info("[Coach] >>> Set best meter: NDCG@10 ")

    def meters(vals: dict) -> str:
        return "" if not vals else " || " + " || ".join(f"{k} Avg: {v:.4f}" for k, v in vals.items())

    for e in range(epochs + 1):
        train = {} if e == 0 else {"LOSS": 7.9 / (1 + 0.05 * e)}
        val = {"HITRATE@10": 0.3 * e / (e + 5), "NDCG@10": 0.17 * e / (e + 5)} if e % freq == 0 else {}
        logger.info(f"[Coach] >>> TRAIN @Epoch: {e:<4d} >>> {meters(train)}")
        logger.info(f"[Coach] >>> VALID @Epoch: {e:<4d} >>> {meters(val)}")
        logger.info(f"[Coach] >>> TEST  @Epoch: {e:<4d} >>> ")
    logger.info("  Prefix     Metric      Best  @Epoch\n0  train       LOSS  1.000000      30")
    logger.info("[Coach] >>> Load best model @Epoch 25   ")
    logger.info(f"[Coach] >>> TRAIN @Epoch: 25   >>> ")
    logger.info(f"[Coach] >>> VALID @Epoch: 25   >>> {meters({'HITRATE@10': 0.25, 'NDCG@10': 0.14})}")
    handler.close()
    logger.removeHandler(handler)


def test_freerec_log_is_discovered_and_its_validation_lines_read(tmp_path):
    """Public sevo215 (not discovered: 'LOSS' upper-case only) and stablegcn215 (VALID lines unread)."""
    run = tmp_path / "0-0920160138"
    run.mkdir()
    _freerec_log(run / "log.txt")
    assert len(_ids(tmp_path)) == 1
    df, _ = _read(tmp_path)
    steps, values = _series(df, "train_loss")
    assert steps == list(range(1, 31)) and values[0] == round(7.9 / 1.05, 4)
    steps, values = _series(df, "val_NDCG@10")
    assert steps == list(range(0, 31, 5)) and values[0] == 0.0  # not the re-evaluation at 25 after the end
    assert values[-1] == round(0.17 * 30 / 35, 4)


# ------------------------------------------------------------------ a printed log of any name, progress past 8 KiB
def test_keras_stdout_of_any_name_is_discovered_past_a_long_dump(tmp_path):
    """Public cellspike212 ``yaml-file/log.train_0_bbp153``: TF 2.1 Keras epoch lines (``4032/4032 - 207s - loss:
    0.1081 - val_loss: 0.0825``), each after ~15 KB of a generator's Progbar frames, the first after ~8 KiB of
    start-up lines and an argument dump: not discovered."""
    run = tmp_path / "yaml-file"
    run.mkdir()
    with open(run / "log.train_0_bbp153", "w") as f:
        for i in range(30):
            print(f"2020-11-04 15:57:46.860480: I tensorflow/stream_executor/platform/default/dso_loader.cc:44] "
                  f"Successfully opened dynamic library libnvinfer.so.{i}", file=f)
        print("build_model: loss= mse  opt= ['nadam', 0.001, 1.1e-07]", file=f)  # the head's one loss word
        for i in range(120):
            print(f"myArg: option_{i} {i * 0.5} (a long description of the option number {i})", file=f)
        for e in range(1, 13):
            print(f"Epoch {e}/12", file=f)
            for n in range(1, 481, 5):  # the data generator's Keras Progbar frames: '\r', the frame, '\b' x width
                bar = ("=" * (30 * n // 480 - 1) + ">").ljust(30, ".") if n >= 16 else "." * 30
                f.write(f"\r{n:>3}/480 [{bar}] - ETA: 7s - loss: {0.11 / e ** 0.5 + 0.01 / n:.4f}" + "\b" * 66)
            print(f"\n4032/4032 - 207s - loss: {0.11 / e ** 0.5:.4f} - val_loss: {0.09 / e ** 0.5:.4f}", file=f)
    (run / "log.notes").write_text("what I tried: a smaller lr, then the loss went down a bit\n" * 3)
    assert [i.rsplit("/", 1)[-1] for i in _ids(tmp_path)] == ["log.train_0_bbp153"]
    df, _ = _read(tmp_path)
    assert _series(df, "val_loss")[0] == list(range(1, 13))


# ------------------------------------------------------------------ a JSON list of records, long lists first
def test_json_epoch_records_with_long_lists_before_their_scalars_are_discovered(tmp_path):
    """Public metricgants211 ``history.json``: ``json.dump(history, f, indent=2)`` of 6 records whose sorted keys put
    a ``calibration`` dict of three 200-float lists before ``epoch`` and the losses: passed over on its 8 KiB head."""
    import random

    rng = random.Random(0)
    history = []
    for epoch in range(1, 7):
        history.append({"best_epoch": 1, "best_score": 0.316,
                        "calibration": {"count": 200, "estimated_input_snr_db": [rng.uniform(-3, 15) for _ in range(200)],
                                        "mse": 2.3 + 0.2 * epoch, "predictions": [rng.uniform(0, 4) for _ in range(200)],
                                        "targets": [rng.uniform(1, 4) for _ in range(200)]},
                        "current_first_mse": 0.088 / epoch, "epoch": epoch, "selection_score": 0.31 + 0.02 * epoch})
    run = tmp_path / "20260728-t2-d2-official-negative"
    run.mkdir()
    with open(run / "history.json", "w") as f:
        json.dump(history, f, indent=2, sort_keys=True)
    assert len(_ids(tmp_path)) == 1
    df, _ = _read(tmp_path)
    assert _series(df, "current_first_mse")[0] == list(range(1, 7))


# ------------------------------------------------------------------ 'LOSS' / 'tensor(..)' debug printouts
def test_debug_printout_of_loss_tensors_turning_nan_is_discovered(tmp_path):
    """Public umxloss211 ``bug.txt``: ``print("LOSS"); print(loss)`` per batch among other debug prints, the tensor
    turning NaN at batch 39: not discovered (upper-case name, the value on the next line)."""
    import contextlib

    import torch

    w = torch.tensor([1.0], requires_grad=True)
    run = tmp_path / "bug"
    run.mkdir()
    with open(run / "bug.txt", "w") as f, contextlib.redirect_stdout(f):
        print("Using GPU: False\nlearning rate:\n0.001\nChosen loss: \nSNRPSA")
        for batch in range(1, 61):
            print("lstm output mean")
            print((w * 0.001 * batch).mean())
            scale = float("nan") if batch >= 39 else 4.7 / batch
            loss = (w * scale).sum() / 1.0
            print("\n\nMEAN")
            print(loss.abs().mean())
            print("LOSS")
            print(loss)
    assert len(_ids(tmp_path)) == 1
    df, _ = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert steps == list(range(1, 61)) and values[0] == 4.7 and values[37] == round(4.7 / 38, 4)
    assert all(v != v for v in values[38:])  # NaN from batch 39 on
    assert not any(t.startswith(("mean", "lstm")) for t in set(df.tag))

    from loganalyzer.scan import scan

    assert scan(str(tmp_path)).runs[0].verdict == "nan"
