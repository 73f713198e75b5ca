"""OpenMMLab logs written as their writers write them (readers14a): mmengine < 0.8's ``vis_data/scalars.json``
(training lines without ``iter``), mmcv 1.x's ``*.log.json`` logged once per epoch, MMEngine's printed ``.log``
behind a long config dump.

mmengine and mmcv are not installed here, so a tiny torch loop writes the lines as their source does:

- mmengine 0.7 ``LogProcessor.get_log_after_iter`` (mmengine/runner/log_processor.py): the tag holds ``lr``, the
  window means of ``data_time``/``loss*``/``time``, ``epoch`` (by_epoch only), ``memory`` (CUDA only); no ``iter``
  (added in 0.8). ``LoggerHook.after_train_iter`` logs every ``interval`` inner iterations (the epoch's last batch
  left out: ``ignore_last=True``) with ``step = runner.iter + 1``; ``after_val_epoch`` logs the evaluator's metrics
  and the validation loop's ``data_time``/``time`` with ``step = runner.epoch`` (``log_metric_by_epoch=True``) or
  ``runner.iter`` (False). ``LocalVisBackend.add_scalars``: ``json.dumps(dict + {"step": step})`` a line.
"""
from __future__ import annotations

import json
import warnings

import numpy as np
import torch

from loganalyzer import read_scalars
from loganalyzer.load import LogReadWarning

ITERS, INTERVAL, EPOCHS = 10, 4, 6


def _train(by_epoch: bool, metric_by_epoch: bool):
    """The lines mmengine 0.7 writes for a tiny regression trained ``EPOCHS`` x ``ITERS`` iterations, validated
    every 2 epochs (``val_interval=2``)."""
    torch.manual_seed(0)
    x = torch.randn(40, 3)
    y = x @ torch.tensor([1.0, -2.0, 0.5]) + 0.1 * torch.randn(40)
    model = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    lines, window, it = [], [], 0
    for epoch in range(EPOCHS):
        for b in range(ITERS):
            xb, yb = x[b * 4:(b + 1) * 4], y[b * 4:(b + 1) * 4]
            loss = torch.nn.functional.mse_loss(model(xb).squeeze(1), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            it += 1
            window = (window + [loss.item()])[-10:]
            if (b + 1) % INTERVAL == 0:
                tag = {"lr": 0.05, "data_time": 0.001, "loss": float(np.mean(window)), "time": 0.002}
                if by_epoch:
                    tag["epoch"] = epoch + 1
                tag["step"] = it
                lines.append(tag)
        if (epoch + 1) % 2 == 0:
            with torch.no_grad():
                mse = torch.nn.functional.mse_loss(model(x).squeeze(1), y).item()
            lines.append({"mse": mse, "data_time": 0.0005, "time": 0.001,
                          "step": epoch + 1 if metric_by_epoch else it})
    return lines


def _write(tmp_path, lines):
    vis = tmp_path / "work_dirs" / "tiny" / "20260101_000000" / "vis_data"
    vis.mkdir(parents=True)
    with open(vis / "scalars.json", "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    return vis / "scalars.json"


def _read(path, resolve=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(path, resolve=resolve)
    return table, [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]


def test_mmengine_07_epoch_based_validation_is_no_resume(tmp_path):
    """Validation lines at step = epoch (2, 4, 6) after training lines at iterations 4..58 were read as a resumed
    session and the training points before them dropped. Now: every training point kept, validation at the end of
    its epoch (epoch x 10 iterations), named val/, no resume."""
    lines = _train(by_epoch=True, metric_by_epoch=True)
    table, warns = _read(_write(tmp_path, lines).parent.parent)
    loss = table[table.tag == "loss"]
    train = [r for r in lines if "loss" in r]
    assert list(loss.step) == [r["step"] for r in train] == [e * ITERS + i for e in range(EPOCHS) for i in (4, 8)]
    assert np.allclose(loss.value, [r["loss"] for r in train])
    val = table[table.tag == "val/mse"]
    assert list(val.step) == [20, 40, 60]
    assert np.allclose(val.value, [r["mse"] for r in lines if "mse" in r])
    assert list(table[table.tag == "time"].step) == list(loss.step)  # validation timings not mixed in
    assert not any("resumed" in w for w in warns)


def test_mmengine_07_iteration_based_validation_at_epoch_count(tmp_path):
    """by_epoch=False (no ``epoch`` on training lines) with ``log_metric_by_epoch=True``: validation's step is a
    small count; it sits at the training line written before it, the training curve whole."""
    lines = _train(by_epoch=False, metric_by_epoch=True)
    table, warns = _read(_write(tmp_path, lines).parent.parent)
    assert len(table[table.tag == "loss"]) == EPOCHS * 2
    assert list(table[table.tag == "val/mse"].step) == [18, 38, 58]
    assert not any("resumed" in w for w in warns)


def test_mmengine_07_validation_on_the_iteration_axis_unchanged(tmp_path):
    """``log_metric_by_epoch=False``: validation already at iterations; read as before (no val/ names)."""
    lines = _train(by_epoch=False, metric_by_epoch=False)
    table, _ = _read(_write(tmp_path, lines).parent.parent)
    assert list(table[table.tag == "mse"].step) == [20, 40, 60]
    assert len(table[table.tag == "loss"]) == EPOCHS * 2




def _mmcv_round(value):
    """mmcv TextLoggerHook._round_float: floats rounded to 5 places."""
    return round(value, 5) if isinstance(value, float) else value


def test_mmcv_log_json_one_line_an_epoch_on_distinct_steps(tmp_path):
    """mmcv 1.x ``TextLoggerHook`` (mmcv/runner/hooks/logger/text.py) with ``interval`` fitting once into the epoch
    (7 batches, interval 5): every training line has ``iter`` = 5 (within the epoch), so all points sat at step 5.
    Now ``(epoch - 1) x 5 + iter`` (the largest ``iter`` taken as the epoch's length): 20 distinct training steps,
    the ``val`` workflow's lines at their epoch's end, named val/."""
    torch.manual_seed(0)
    x, y = torch.randn(28, 3), torch.randn(28)
    model = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    path = tmp_path / "work_dir" / "20230205_164050.log.json"
    path.parent.mkdir()
    with open(path, "a+") as f:
        json.dump({"env_info": "sys.platform: linux\nPyTorch: 1.13", "config": "model = dict()", "seed": 0,
                   "exp_name": "tiny.py"}, f)
        f.write("\n")
        for epoch in range(1, 21):
            losses = []
            for b in range(7):
                loss = torch.nn.functional.mse_loss(model(x[b * 4:(b + 1) * 4]).squeeze(1), y[b * 4:(b + 1) * 4])
                opt.zero_grad()
                loss.backward()
                opt.step()
                losses.append(loss.item())
                if (b + 1) % 5 == 0:  # every_n_inner_iters(runner, interval)
                    line = {"mode": "train", "epoch": epoch, "iter": b + 1, "lr": 0.01, "data_time": 0.001,
                            "loss": float(np.mean(losses)), "time": 0.002}
                    json.dump({k: _mmcv_round(v) for k, v in line.items()}, f)
                    f.write("\n")
                    losses = []
            if epoch % 4 == 0:  # workflow [('train', 4), ('val', 1)]: the val epoch logs its loss, iter = len(loader)
                with torch.no_grad():
                    val = torch.nn.functional.mse_loss(model(x).squeeze(1), y).item()
                line = {"mode": "val", "epoch": epoch, "iter": 7, "lr": 0.01, "loss": val}
                json.dump({k: _mmcv_round(v) for k, v in line.items()}, f)
                f.write("\n")
    table, _ = _read(path)
    assert list(table[table.tag == "loss"].step) == [5 * e for e in range(1, 21)]
    assert list(table[table.tag == "val/loss"].step) == [20, 40, 60, 80, 100]
    assert len(table[table.tag == "val/loss"]) == 5


def _mmengine_log(log_dir, lines):
    """The printed ``<stamp>.log`` of the same training, written through ``logging`` as mmengine's ``MMLogger``
    (file handler, ``MMFormatter``: ``%(asctime)s - %(name)s - %(levelname)s - %(message)s``, date
    ``%Y/%m/%d %H:%M:%S``): ``Runner`` logs the environment and then ``Config:\\n{cfg.pretty_text}`` (here 60 KB of
    model/dataset dicts, ``loss_weight=1.0`` among them) before the first ``Epoch(train)`` line."""
    import logging

    logger = logging.getLogger(f"mmengine.{log_dir.name}.{id(lines)}")
    logger.propagate = False
    handler = logging.FileHandler(log_dir / f"{log_dir.name}.log", mode="w")
    handler.setFormatter(logging.Formatter("%(asctime)s - mmengine - %(levelname)s - %(message)s", "%Y/%m/%d %H:%M:%S"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    env = "\n".join(f"    key_{i}: value {i}" for i in range(40))
    logger.info(f"\n{'-' * 60}\nSystem environment:\n{env}\n\nRuntime environment:\n    seed: 0\n{'-' * 60}\n")
    heads = "\n".join(f"    head_{i}=dict(\n        type='FCNHead', in_channels={64 * i},\n        loss_decode=dict("
                      f"type='CrossEntropyLoss', use_sigmoid=False, loss_weight={0.4 + i % 3})),"
                      for i in range(600))
    logger.info(f"Config:\nmodel = dict(\n    type='EncoderDecoder',\n{heads}\n)\nwork_dir = './work_dirs/tiny'\n")
    for line in lines:
        if "loss" in line:
            inner = line["step"] - (line["epoch"] - 1) * ITERS
            logger.info(f"Epoch(train) [{line['epoch']}][{inner:>2d}/{ITERS}]  lr: 5.0000e-02  eta: 0:00:01  "
                        f"time: 0.0020  data_time: 0.0010  loss: {line['loss']:.4f}")
        else:
            logger.info(f"Epoch(val) [{line['step']}][4/4]    mse: {line['mse']:.4f}  data_time: 0.0005  "
                        "time: 0.0010")
    handler.close()
    logger.removeHandler(handler)
    return log_dir / f"{log_dir.name}.log"


def test_mmengine_log_behind_a_long_config_dump_is_read_without_config_values(tmp_path):
    """The first ``Epoch(train)`` line sits past 64 KB of environment and config: the log was 'not read' (the
    sniff saw only its first 8 KB), and ``loss_weight=...`` of the config became a series when it was read."""
    lines = _train(by_epoch=True, metric_by_epoch=True)
    log_dir = tmp_path / "work_dirs" / "tiny" / "20260101_000000"
    log_dir.mkdir(parents=True)
    log = _mmengine_log(log_dir, lines)
    assert log.read_bytes().find(b"Epoch(train)") > 64 * 1024
    table, warns = _read(tmp_path)
    assert not any("not read" in w for w in warns)
    loss = table[table.tag == "loss"]
    assert list(loss.step) == [r["step"] for r in lines if "loss" in r]
    assert np.allclose(loss.value, [round(r["loss"], 4) for r in lines if "loss" in r])
    assert not any("loss_weight" in t or "in_channels" in t for t in set(table.tag))


def test_mmengine_log_and_scalars_json_give_the_curve_once(tmp_path):
    """A work dir keeping both the printed ``.log`` and ``vis_data/scalars.json``: ``read_scalars(resolve=True)``
    gave the loss twice (two dirs) while ``scan`` used one; now one source, as ``scan`` does, with a note."""
    lines = _train(by_epoch=True, metric_by_epoch=True)
    path = _write(tmp_path, lines)
    _mmengine_log(path.parent.parent, lines)
    table, warns = _read(tmp_path)
    assert table[table.tag == "loss"].dir.nunique() == 1
    assert len(table[table.tag == "loss"]) == EPOCHS * 2
    assert any("curves taken from" in w for w in warns)


def test_config_dump_without_a_next_logger_record_drops_nothing(tmp_path):
    """A ``Config:`` record followed by lines printed without the logger's prefix: where the dump ends is unknown,
    so the printed progress after it is still read."""
    import logging

    path = tmp_path / "train.log"
    handler = logging.FileHandler(path, mode="w")
    handler.setFormatter(logging.Formatter("%(asctime)s - mmengine - %(levelname)s - %(message)s", "%Y/%m/%d %H:%M:%S"))
    logger = logging.getLogger(f"mmengine.noprefix.{id(path)}")
    logger.propagate = False
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.info("Config:\nmodel = dict(type='Net')")
    handler.close()
    logger.removeHandler(handler)
    losses = [r["loss"] for r in _train(by_epoch=True, metric_by_epoch=True) if "loss" in r][:6]
    with open(path, "a") as f:
        for epoch, loss in enumerate(losses, 1):
            print(f"epoch {epoch} loss: {loss:.4f}", file=f)
    table, _ = _read(path)
    assert len(table[table.tag == "loss"]) == 6
