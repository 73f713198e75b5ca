"""OpenMMLab's JSON-lines logs (MMDetection, MMPretrain... on mmengine; mmcv 1.x), written as their writers write them.

mmengine and mmcv are not installed here (mmcv 1.x needs its own torch; mmengine imports OpenCV at import time), so
the bytes are reproduced from the writers' source, with the values of a real tiny torch training:

- mmengine 0.10.7 ``LocalVisBackend.add_scalars`` (mmengine/visualization/vis_backend.py): ``scalar_dict`` +
  ``setdefault('step', step)``, ``json.dump`` then ``\\n`` into ``vis_data/scalars.json`` and, as ``LoggerHook`` passes
  ``file_path=f'{runner.timestamp}.json'`` (mmengine/hooks/logger_hook.py), into ``vis_data/<timestamp>.json``
  too; training lines at ``step=runner.iter + 1`` with the keys ``LogProcessor.get_log_after_iter`` gives them
  (``lr, data_time, loss, loss_*, time, epoch, iter``), validation lines at ``step=runner.epoch``
  (``after_val_epoch``, ``log_metric_by_epoch=True``) with the metrics, ``data_time`` and ``time``. A run of
  mmengine 0.10.7's ``Runner`` here (OpenCV stubbed) wrote exactly these key orders and both identical files,
  next to ``<timestamp>/<timestamp>.log``.
- mmcv 1.x ``TextLoggerHook._dump_log`` (mmcv/runner/hooks/logger/text.py): ``OrderedDict(mode, epoch, iter=inner
  iteration, lr, memory, ...)`` with floats ``round(v, 5)``, ``mmcv.dump(json_log, f, file_format='json')`` then
  ``\\n`` into ``<work_dir>/<timestamp>.log.json``; the first line is ``runner.meta`` (env_info, config, seed).
"""
from __future__ import annotations

import json
import math
import warnings
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest
import torch

from loganalyzer import read_scalars
from loganalyzer.discover import discover
from loganalyzer.load import LogReadWarning
from loganalyzer.scan import scan

EPOCHS, ITERS, INTERVAL = 4, 16, 4  # 256 samples, batch 16: 16 iterations an epoch, a line every 4


def _training():
    """Per iteration (epoch 1-based, inner iteration 1-based, loss_cls, loss_reg) and per epoch the validation
    accuracy (%) and loss of a tiny classifier trained for real."""
    torch.manual_seed(0)
    x = torch.randn(320, 6)
    y = (x[:, 0] - x[:, 1] > 0).long()
    xv, yv, x, y = x[256:], y[256:], x[:256], y[:256]
    model = torch.nn.Sequential(torch.nn.Linear(6, 12), torch.nn.ReLU(), torch.nn.Linear(12, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    iters, evals = [], []
    for epoch in range(1, EPOCHS + 1):
        for inner in range(1, ITERS + 1):
            i = (inner - 1) * 16
            ce = torch.nn.functional.cross_entropy(model(x[i:i + 16]), y[i:i + 16])
            reg = 0.01 * sum(p.pow(2).sum() for p in model.parameters())
            opt.zero_grad()
            (ce + reg).backward()
            opt.step()
            iters.append((epoch, inner, ce.item(), reg.item()))
        with torch.no_grad():
            out = model(xv)
            evals.append((100 * (out.argmax(1) == yv).float().mean().item(),
                          torch.nn.functional.cross_entropy(out, yv).item()))
    return iters, evals


def _dump(f, obj) -> None:
    json.dump(obj, f)  # mmengine.fileio.dump / mmcv.dump of a dict to a file object: json.dump, default separators
    f.write("\n")


@pytest.fixture(scope="module")
def mmengine_dir(tmp_path_factory) -> Path:
    """``work_dirs/tiny/20261201_094724/`` as mmengine's Runner leaves it (LocalVisBackend, LoggerHook(interval=4))."""
    iters, evals = _training()
    stamp = "20261201_094724"
    log_dir = tmp_path_factory.mktemp("mmengine") / "work_dirs" / "tiny" / stamp
    (log_dir / "vis_data").mkdir(parents=True)
    files = [open(log_dir / "vis_data" / "scalars.json", "a+"), open(log_dir / "vis_data" / f"{stamp}.json", "a+")]
    printed = []
    for n, (epoch, inner, ce, reg) in enumerate(iters, 1):
        if inner % INTERVAL == 0:
            tag = OrderedDict(lr=0.1, data_time=0.0005, loss=ce + reg, loss_cls=ce, loss_reg=reg, time=0.02,
                              epoch=epoch, iter=n)
            tag.setdefault("step", n)
            for f in files:
                _dump(f, tag)
            printed.append(f"2026/12/01 09:47:25 - mmengine - INFO - Epoch(train) [{epoch}][{inner:>2d}/{ITERS}]  "
                           f"lr: 1.0000e-01  eta: 0:00:01  time: 0.0200  data_time: 0.0005  loss: {ce + reg:.4f}  "
                           f"loss_cls: {ce:.4f}  loss_reg: {reg:.4f}")
        if inner == ITERS:
            acc = evals[epoch - 1][0]
            tag = OrderedDict([("cls/accuracy", acc), ("data_time", 0.0002), ("time", 0.0004)])
            tag.setdefault("step", epoch)
            for f in files:
                _dump(f, tag)
            printed.append(f"2026/12/01 09:47:25 - mmengine - INFO - Epoch(val) [{epoch}][4/4]    "
                           f"cls/accuracy: {acc:.4f}  data_time: 0.0002  time: 0.0004")
    for f in files:
        f.close()
    (log_dir / f"{stamp}.log").write_text("\n".join(printed) + "\n")
    return log_dir


def _warned(path, resolve=False):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(path, resolve=resolve)
    return table, [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]


def test_mmengine_validation_lines_sit_at_the_iteration_of_their_epoch(mmengine_dir):
    """Validation lines carry ``step`` = the epoch (1..4) while training lines count iterations (4..64): they were
    read at steps 1..4, before all training. Each now sits at the end of its epoch (16, 32, 48, 64), named val/."""
    table, warns = _warned(mmengine_dir / "vis_data" / "scalars.json")
    acc = table[table.tag == "val/cls/accuracy"]
    assert list(acc.step) == [16, 32, 48, 64]
    raw = [json.loads(line) for line in (mmengine_dir / "vis_data" / "scalars.json").read_text().splitlines()]
    assert list(acc.value) == [r["cls/accuracy"] for r in raw if "iter" not in r]
    loss = table[table.tag == "loss"]
    assert list(loss.step) == list(range(4, 65, 4)) and list(loss.value) == [r["loss"] for r in raw if "iter" in r]
    # the validation loop's timings are no training timings
    assert list(table[table.tag == "data_time"].step) == list(range(4, 65, 4))
    assert list(table[table.tag == "val/time"].step) == [16, 32, 48, 64]
    assert "iter" not in set(table.tag) and "val/step" not in set(table.tag)
    assert any("step = epoch placed at the iteration" in w for w in warns)


def test_mmengine_run_is_found_once_with_its_printed_log(mmengine_dir):
    """``scalars.json``, its copy ``<timestamp>.json`` and the printed ``<timestamp>.log`` of one training were
    three runs; they are one, named by the log dir, judged on scalars.json with the validation accuracy."""
    runs = discover(mmengine_dir.parent.parent.parent)
    assert [r.id for r in runs] == ["work_dirs/tiny/20261201_094724"]
    names = sorted(Path(f.path).name for f in runs[0].files)
    assert names == ["20261201_094724.log", "scalars.json"]
    report = scan([str(mmengine_dir.parent.parent.parent)], siblings=False)
    (run,) = report.runs
    roles = run.to_dict()["roles"]
    assert roles["train_loss"].endswith("loss") and roles["val_acc"].endswith("val/cls/accuracy")


def _mmcv_log(path: Path, val_loss: bool) -> list[OrderedDict]:
    """``<timestamp>.log.json`` of an mmcv 1.x EpochBasedRunner (TextLoggerHook interval 4, workflow
    ``[('train', 1), ('val', 1)]`` when ``val_loss``: the val workflow logs its loss under the same key)."""
    iters, evals = _training()
    lines = [OrderedDict(env_info="sys.platform: linux\nPython: 3.8.10", config="model = dict(type='Tiny')\n",
                         seed=0, exp_name="tiny.py")]
    for epoch, inner, ce, reg in iters:
        if inner % INTERVAL == 0:
            lines.append(OrderedDict(mode="train", epoch=epoch, iter=inner, lr=0.1, memory=120, data_time=0.0005,
                                     loss_cls=ce, loss_reg=reg, loss=ce + reg, time=0.02))
        if inner == ITERS:
            acc, vloss = evals[epoch - 1]
            if val_loss:
                lines.append(OrderedDict(mode="val", epoch=epoch, iter=4, lr=0.1, loss=vloss))
            else:
                lines.append(OrderedDict(mode="val", epoch=epoch, iter=64, lr=0.1, accuracy_top1=acc))
    with open(path, "a+") as f:
        for line in lines:
            _dump(f, OrderedDict((k, round(v, 5) if isinstance(v, float) else v) for k, v in line.items()))
    return lines


@pytest.mark.parametrize("val_loss", [False, True])
def test_mmcv_log_json_training_on_the_epoch_major_axis(tmp_path, val_loss):
    """mmcv 1.x lines give the iteration within the epoch: the step was the epoch (every training line of an epoch
    on one step, the resolved view keeping one point an epoch), and a val workflow's ``loss`` was read into the
    training loss. Now training sits at (epoch, iter) in epoch-major order, validation keys are ``val/...`` at the
    end of their epoch, the meta line is no point."""
    path = tmp_path / "20260101_120000.log.json"
    lines = _mmcv_log(path, val_loss)
    table, warns = _warned(path)
    loss = table[table.tag == "loss"]
    train = [ln for ln in lines if ln.get("mode") == "train"]
    assert list(loss.value) == [round(ln["loss"], 5) for ln in train]
    assert list(loss.step) == list(range(4, 65, 4))
    key = "val/loss" if val_loss else "val/accuracy_top1"
    assert list(table[table.tag == key].step) == [16, 32, 48, 64]
    assert "seed" not in set(table.tag) and "mode" not in set(table.tag)
    resolved, _ = _warned(path, resolve=True)
    assert len(resolved[resolved.tag == "loss"]) == len(train)
    if val_loss:
        (run,) = scan([str(path)], siblings=False).runs
        roles = run.to_dict()["roles"]
        assert roles["train_loss"] == "loss" and roles["val_loss"] == "val/loss"


def test_mmcv_work_dir_is_one_run_with_its_printed_log(tmp_path):
    """mmcv 1.x writes ``<timestamp>.log.json`` and ``<timestamp>.log`` of one training into its work_dir (with the
    config copy and checkpoints): they were two runs; they are one, the work_dir, judged on the JSON lines."""
    work_dir = tmp_path / "work_dirs" / "faster_rcnn_r50_fpn_1x_coco"
    work_dir.mkdir(parents=True)
    lines = _mmcv_log(work_dir / "20210601_120000.log.json", val_loss=False)
    printed = [f"2021-06-01 12:00:00,123 - mmdet - INFO - Epoch [{ln['epoch']}][{ln['iter']}/{ITERS}]\tlr: 1.000e-01, "
               f"eta: 0:00:10, time: 0.500, data_time: 0.050, memory: 120, loss_cls: {ln['loss_cls']:.4f}, "
               f"loss_reg: {ln['loss_reg']:.4f}, loss: {ln['loss']:.4f}" for ln in lines if ln.get("mode") == "train"]
    (work_dir / "20210601_120000.log").write_text("\n".join(printed) + "\n")
    (work_dir / "faster_rcnn_r50_fpn_1x_coco.py").write_text("model = dict(type='FasterRCNN')\n")
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["work_dirs/faster_rcnn_r50_fpn_1x_coco"]
    assert sorted(Path(f.path).name for f in runs[0].files) == ["20210601_120000.log", "20210601_120000.log.json"]
    (run,) = scan([str(tmp_path)], siblings=False).runs
    assert run.to_dict()["series"][0]["dir"] == ""
    assert {s["tag"] for s in run.to_dict()["series"]} >= {"loss", "val/accuracy_top1"}


def test_mmengine_with_tensorboard_backend_is_one_run_read_from_scalars_json(mmengine_dir, tmp_path):
    """``vis_backends=[LocalVisBackend, TensorboardVisBackend]``: the latter's ``add_scalars`` calls ``add_scalar(key,
    value, step)`` for every key of the same dicts (mmengine/visualization/vis_backend.py; a torch
    ``SummaryWriter(save_dir)``, used here for real) into ``vis_data/``. That made the vis_data dir a run of its own
    beside the printed log's, with the event file's validation accuracy at steps 1..4 taken for a training
    accuracy. Now: one run, the log dir, its points from scalars.json."""
    import shutil

    from torch.utils.tensorboard import SummaryWriter

    root = tmp_path / "tb"
    shutil.copytree(mmengine_dir.parent.parent.parent, root)
    log_dir = root / "work_dirs" / "tiny" / mmengine_dir.name
    tb = SummaryWriter(str(log_dir / "vis_data"))
    for line in (log_dir / "vis_data" / "scalars.json").read_text().splitlines():
        scalars = json.loads(line)
        step = scalars.pop("step")
        for key, value in scalars.items():
            tb.add_scalar(key, value, step)
    tb.close()
    runs = discover(root)
    assert [r.id for r in runs] == [f"work_dirs/tiny/{mmengine_dir.name}"]
    (run,) = scan([str(root)], siblings=False).runs
    summary = run.to_dict()
    roles = summary["roles"]
    assert "train_acc" not in roles and roles["val_acc"].endswith("val/cls/accuracy")
    acc = next(s for s in summary["series"] if s["tag"] == "val/cls/accuracy")
    assert (acc["points"], acc["first_step"], acc["last_step"]) == (4, 16, 64)


def test_mmcv_log_json_with_a_long_meta_line_is_found(tmp_path):
    """mmdet/mmcls/mmseg 2.x ``tools/train.py`` put ``meta['config'] = cfg.pretty_text`` (the whole config, 10-30 KB)
    in ``runner.meta``, the log.json's first line: past the 8 KB discovery sniffs, so the file was no run at all
    ("no training runs found")."""
    path = tmp_path / "work_dirs" / "faster_rcnn" / "20210601_120000.log.json"
    path.parent.mkdir(parents=True)
    _mmcv_log(path, val_loss=False)
    lines = path.read_text().splitlines()
    meta = json.loads(lines[0])
    meta["config"] = "model = dict(\n    type='FasterRCNN',\n" + "".join(
        f"    layer{i}=dict(type='ConvModule', in_channels=256, out_channels=256, kernel_size=3),\n"
        for i in range(250)) + ")\n"
    lines[0] = json.dumps(meta)
    assert len(lines[0]) > 16384
    path.write_text("\n".join(lines) + "\n")
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["work_dirs/faster_rcnn"]
    table = read_scalars(tmp_path)
    assert len(table[table.tag == "loss"]) == EPOCHS * ITERS // INTERVAL


def test_absurd_json_steps_are_no_openmmlab_steps(tmp_path):
    """A JSON int past int64 as ``iter``/``step``/``epoch`` made an 'internal error'; it is no step now."""
    path = tmp_path / "scalars.json"
    path.write_text(json.dumps({"loss": 0.5, "iter": 2 ** 70, "step": 2 ** 70}) + "\n"
                    + json.dumps({"loss": 0.4, "iter": 8, "step": 8}) + "\n" + json.dumps({"acc": 1, "step": 1}) + "\n")
    log = tmp_path / "20210601_120000.log.json"
    log.write_text(json.dumps({"mode": "train", "epoch": 2 ** 70, "iter": 3, "loss": 0.5}) + "\n"
                   + json.dumps({"mode": "train", "epoch": 1, "iter": 4, "loss": 0.4}) + "\n")
    for p in (path, log):
        table, warns = _warned(p)
        assert not [w for w in warns if "internal error" in w] and len(table[table.tag == "loss"])
