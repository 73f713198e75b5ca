"""Resolved view, rule ``indexed_tags_joined`` (loganalyzer/combine_indexed.py): a loss logged under a new tag every
epoch (``loss: 0``, ``loss: 1``, ... each holding the next global steps, as the public ``blastformer`` run did) is one
series; indexed tags logged side by side stay apart. Written with torch's SummaryWriter from a real training loop."""
from __future__ import annotations

import warnings

import pytest
import torch
from torch.utils.tensorboard import SummaryWriter

import loganalyzer


def _train(logdir, per_epoch_tags: bool, epochs: int = 4, steps: int = 25) -> list[float]:
    torch.manual_seed(0)
    x, y = torch.randn(256, 6), torch.randint(0, 3, (256,))
    net = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    w = SummaryWriter(str(logdir))
    losses = []
    for epoch in range(epochs):
        for i in range(steps):
            step = epoch * steps + i
            loss = torch.nn.functional.cross_entropy(net(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
            if per_epoch_tags:
                w.add_scalar(f"loss: {epoch}", loss.item(), step)
            else:  # per-layer gradient norms, side by side at every step
                for k, p in enumerate(net.parameters()):
                    w.add_scalar(f"grad_{k}", p.grad.norm().item(), step)
    w.close()
    return losses


def _read(path, resolve):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return loganalyzer.read_scalars(path, resolve=resolve)


def test_a_tag_per_epoch_tiling_the_steps_is_one_series(tmp_path):
    losses = _train(tmp_path, per_epoch_tags=True)
    resolved = _read(tmp_path, True)
    assert sorted(resolved.tag.unique()) == ["loss"]
    assert resolved.step.tolist() == list(range(100))
    assert resolved.value.tolist() == pytest.approx(losses, rel=1e-6)
    raw = _read(tmp_path, False)  # tbparse's table: the tags as written
    assert sorted(raw.tag.unique()) == ["loss: 0", "loss: 1", "loss: 2", "loss: 3"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (run,) = loganalyzer.analyze(tmp_path, config=False).runs
    assert run.step_rules == ("indexed_tags_joined",)
    assert any("4 series `loss: 0` .. `loss: 3` each hold the next stretch of steps (0-24, then 25-49" in w
               for w in run.warnings)
    assert run.analysis.evidence["series"] == "loss"


def test_indexed_tags_logged_side_by_side_stay_apart(tmp_path):
    _train(tmp_path, per_epoch_tags=False)
    resolved = _read(tmp_path, True)
    assert sorted(resolved.tag.unique()) == ["grad_0", "grad_1", "grad_2", "grad_3"]


def test_coco_ap_under_a_validation_split_is_the_task_metric(tmp_path):
    """COCO's ``AP`` (mAP@[.5:.95], detectron2's and DETR's name) is a validation metric like ``mAP``."""
    _train(tmp_path, per_epoch_tags=True)
    w = SummaryWriter(str(tmp_path))
    for step, ap in ((24, 0.12), (49, 0.25), (74, 0.31), (99, 0.33)):
        w.add_scalar("val/AP", ap, step)
        w.add_scalar("val/AP50", ap + 0.2, step)
    w.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (run,) = loganalyzer.analyze(tmp_path, config=False).runs
    assert run.roles["val_metric"] == "val/AP"
