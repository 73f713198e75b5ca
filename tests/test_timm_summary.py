"""timm's ``train.py`` ``summary.csv`` (``timm.utils.update_summary``): its ``eval_top1`` is the validation accuracy.

timm is not installed here (it needs torchvision, which pulls its own torch); its writer is pure ``csv``, so it is
used as timm 1.0.31 ships it (timm/utils/summary.py ``update_summary``) when timm is importable, else the same
lines copied below: ``OrderedDict(epoch=epoch)``, ``train_<k>`` and ``eval_<k>`` of ``train_one_epoch``'s
``OrderedDict([('loss', ...)])`` and ``validate``'s ``OrderedDict([('loss', ...), ('top1', ...), ('top5', ...)])``,
then ``lr``; a ``csv.DictWriter`` writing the header into a new file. Before: ``eval_top1`` had no role (no
validation accuracy: the accuracy checks of the verdict never saw it).
"""
from __future__ import annotations

import csv
import os
from collections import OrderedDict

from loganalyzer import read_scalars
from loganalyzer.scan import scan
from test_openmmlab_logs import _training


def _update_summary(epoch, train_metrics, eval_metrics, filename, lr=None, write_header=None):
    try:
        from timm.utils import update_summary
    except ImportError:
        pass
    else:
        return update_summary(epoch, train_metrics, eval_metrics, filename, lr=lr, write_header=write_header)
    rowd = OrderedDict(epoch=epoch)
    rowd.update([("train_" + k, v) for k, v in train_metrics.items()])
    if eval_metrics:
        rowd.update([("eval_" + k, v) for k, v in eval_metrics.items()])
    if lr is not None:
        rowd["lr"] = lr
    if write_header is None:
        write_header = not os.path.exists(filename) or os.path.getsize(filename) == 0
    with open(filename, mode="a") as cf:
        dw = csv.DictWriter(cf, fieldnames=rowd.keys())
        if write_header:
            dw.writeheader()
        dw.writerow(rowd)


def test_timm_summary_top1_is_the_validation_accuracy(tmp_path):
    iters, evals = _training()
    out = tmp_path / "output" / "train" / "20261201-094500-resnet18-224"
    out.mkdir(parents=True)
    for epoch, (acc, vloss) in enumerate(evals):
        train = [ce + reg for e, _, ce, reg in iters if e == epoch + 1]
        _update_summary(epoch, OrderedDict([("loss", sum(train) / len(train))]),
                        OrderedDict([("loss", vloss), ("top1", acc), ("top5", 100.0)]), str(out / "summary.csv"),
                        lr=0.1)
    table = read_scalars(out / "summary.csv")
    assert list(table[table.tag == "eval_top1"].value) == [e[0] for e in evals]
    (run,) = scan([str(tmp_path)], siblings=False).runs
    roles = run.to_dict()["roles"]
    assert roles == {"train_loss": "train_loss", "val_loss": "eval_loss", "lr": "lr", "val_acc": "eval_top1"}
