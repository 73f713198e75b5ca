"""Newcomer ux69 findings 2 and 4.

2. Step-less launches appended to one ``logging.FileHandler`` log, each opening with ``Starting MAML for 20 meta
   epoch(s)`` / ``Meta epoch 0...`` again (``readers/_joblog_epochrestart``): each launch its own run, and points
   said by their record number (``verdict_records``), not an invented "step". Public ANarayan/DAMSL-CS224N-
   FinalProject ``train.log`` (commit fedf0d8ec4812b2a2b82f8e1ec7e23e1cb5d4457, ``tests/data/newcomer69``) was one
   run, `diverged` 0.98, "keep the checkpoint from step 187".
4. An MXNet SSD's Speedometer log whose only loss is ``Train-SmoothL1`` beside ``Train-Acc`` / ``Train-ObjectAcc``
   (``curves_termonly``): judged on that term, never "Only accuracies were found". Public BingzheWu/ssd-sign
   ``train.log`` (commit e3037d0ce672401e6fba60acc613b4ee89e67001, its first 400 lines in ``tests/data/newcomer69``)
   was `unknown` in all its runs.

The logs are written with the real writer: Python's ``logging`` (a ``FileHandler`` in append mode, as both scripts
use), with the format strings of DAMSL's ``utils.set_logger`` (``%(asctime)s:%(levelname)s: %(message)s``) and of
MXNet 0.x's ``mx.callback.Speedometer`` / ``Module.fit`` (``Epoch[%d] Batch [%d]\\tSpeed: %.2f samples/sec\\tTrain-
%s=%f``, ``Epoch[%d] Train-%s=%f``, ``Epoch[%d] Time cost=%.3f``, ``Epoch[%d] Validation-%s=%f``).
"""
from __future__ import annotations

import csv
import logging
import math
import re
import warnings
from pathlib import Path

import pytest

import loganalyzer

DATA = Path(__file__).resolve().parent / "data" / "newcomer69"


def _runs(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sorted(loganalyzer.analyze(path, config=False).runs, key=lambda r: r.run)


def _logger(path: Path, fmt: str) -> logging.Logger:
    """A fresh logger writing to ``path`` through a FileHandler in append mode (each call: one launch)."""
    logger = logging.getLogger(f"fx69b.{path}.{fmt}")
    for h in list(logger.handlers):
        h.close()
        logger.removeHandler(h)
    handler = logging.FileHandler(path, mode="a")
    handler.setFormatter(logging.Formatter(fmt))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


def _close(logger: logging.Logger) -> None:
    for h in list(logger.handlers):
        h.close()
        logger.removeHandler(h)


MAML_FMT = "%(asctime)s:%(levelname)s: %(message)s"  # DAMSL utils.set_logger


def _maml_launch(path: Path, losses: list[list[float]], first_epoch: int = 0) -> None:
    """One launch of DAMSL's MAML script: the banner, then per meta epoch its batch losses and total."""
    log = _logger(path, MAML_FMT)
    log.info("Loading the datasets...")
    log.info("-done")
    log.info("Starting MAML for 20 meta epoch(s)")
    for k, epoch in enumerate(losses):
        log.info(f"Meta epoch {first_epoch + k}...")
        for v in epoch:
            log.info(f"Meta batch loss: {v}")
        if epoch:
            log.info(f"Total train loss: {sum(epoch) / len(epoch)}")
    _close(log)


@pytest.fixture()
def restarts(tmp_path):
    """One good launch (12 meta epochs, loss 9 -> ~1), then four launches of another set-up killed in epoch 0
    with a first loss of 2,000-11,000 (the shape of the DAMSL log's last launches)."""
    path = tmp_path / "restarts" / "train.log"
    path.parent.mkdir()
    loss, good = 9.0, []
    for _ in range(12):
        epoch = []
        for _ in range(3):
            loss *= 0.93
            epoch.append(round(loss, 4))
        good.append(epoch)
    _maml_launch(path, good)
    for first in (6807.2, 2935.9, 10897.7, 1983.9):
        _maml_launch(path, [[first]])
    return path


def test_appended_launches_are_runs_of_their_own(restarts):
    runs = _runs(restarts.parent)
    assert len(runs) == 5  # before: one run, `diverged` 0.99 "Keep the checkpoint from step 36"
    assert [r.verdict for r in runs].count("diverged") == 0
    first = runs[0]
    assert first.run.endswith("#1") and first.verdict == "healthy"
    text = " ".join([first.analysis.summary, *first.analysis.advice, *(f.message for f in first.analysis.findings)])
    assert "record " in text and "step " not in text  # no line prints a step: its points are records


def test_resumed_launch_continuing_its_epochs_stays_one_run(tmp_path):
    """A launch killed in meta epoch 5, then launched again from a checkpoint printing ``Meta epoch 6...``: the
    counter goes on, no new training."""
    path = tmp_path / "resumed" / "train.log"
    path.parent.mkdir()
    _maml_launch(path, [[9.0 - k - 0.1 * b for b in range(3)] for k in range(6)])
    _maml_launch(path, [[3.0 - 0.2 * k - 0.05 * b for b in range(3)] for k in range(6)], first_epoch=6)
    (run,) = _runs(path.parent)
    assert run.verdict == "healthy"


def test_other_line_naming_epoch_0_opens_no_launch(tmp_path):
    """One launch that logs ``Best model so far: meta epoch 0`` after its later epochs: not the loop's header, no
    restart."""
    path = tmp_path / "best" / "train.log"
    path.parent.mkdir()
    log = _logger(path, MAML_FMT)
    log.info("Starting MAML for 20 meta epoch(s)")
    for k in range(8):
        log.info(f"Meta epoch {k}...")
        for b in range(3):
            log.info(f"Meta batch loss: {9.0 - k - 0.1 * b}")
        log.info("Best model so far: meta epoch 0")
    _close(log)
    (run,) = _runs(path.parent)
    assert run.verdict == "healthy"


def test_public_damsl_log_is_split_into_its_launches():
    runs = _runs(DATA / "damsl_train.log")
    assert len(runs) > 30  # before: one run
    assert not any(r.verdict == "diverged" for r in runs)  # before: `diverged` 0.98 "step 187"
    for r in runs:
        # no invented step number anywhere (generic advice such as "log every few steps" may name the unit)
        assert "step 187" not in r.analysis.summary
        assert not any(re.search(r"\bsteps? [\d,]+", a) for a in r.analysis.advice), r.analysis.advice


def _speedometer(path: Path, epochs: int, names: tuple[str, ...], val: tuple[str, ...] = ()) -> None:
    """MXNet 0.x ``Speedometer`` lines (one line a metric) and ``Module.fit``'s epoch lines, through logging."""
    log = _logger(path, "%(message)s")
    log.info("Start training with (gpu(0)) from pretrained model model/ssd_300")
    level = {"Acc": 0.87, "ObjectAcc": 0.6, "SmoothL1": 24.0, "CrossEntropy": 2.5}
    for epoch in range(epochs):
        for batch in range(20, 220, 20):
            level["SmoothL1"] *= 0.99
            level["CrossEntropy"] *= 0.995
            level["Acc"] = min(0.99, level["Acc"] + 0.0005)
            level["ObjectAcc"] = min(0.95, level["ObjectAcc"] + 0.001)
            for name in names:
                wobble = 0.3 * math.sin(batch + epoch) if name == "SmoothL1" else 0.0
                log.info("Epoch[%d] Batch [%d]\tSpeed: %.2f samples/sec\tTrain-%s=%f", epoch, batch, 19.7, name,
                         level[name] + wobble)
        for name in names:
            log.info("Epoch[%d] Train-%s=%f", epoch, name, level[name])
        log.info("Epoch[%d] Time cost=%.3f", epoch, 585.188)
        for name in val:
            log.info("Epoch[%d] Validation-%s=%f", epoch, name, level[name] * (0.9 if name == "SmoothL1" else 1.02))
    _close(log)


def test_ssd_smoothl1_is_judged_when_it_is_the_only_loss(tmp_path):
    path = tmp_path / "ssd" / "train.log"
    path.parent.mkdir()
    _speedometer(path, 25, ("Acc", "ObjectAcc", "SmoothL1"), ("Acc", "SmoothL1"))
    (run,) = _runs(path.parent)
    assert run.verdict == "healthy"  # before: `unknown` 1.00, "no series named like a loss"
    assert "SmoothL1" in run.roles["train_loss"] and "SmoothL1" in run.roles["val_loss"]
    assert not any("Only accuracies" in a for a in run.analysis.advice)
    assert any("loss term" in n for n in run.notes)


def test_ssd_cross_entropy_stays_the_loss_beside_smoothl1(tmp_path):
    """The later MXNet SSD example's MultiBoxMetric prints ``CrossEntropy`` and ``SmoothL1``: the loss named by its
    loss function is the loss, SmoothL1 its component, as before."""
    path = tmp_path / "ssd2" / "train.log"
    path.parent.mkdir()
    _speedometer(path, 25, ("CrossEntropy", "SmoothL1"))
    (run,) = _runs(path.parent)
    assert "CrossEntropy" in run.roles["train_loss"]
    assert any("components" in n and "SmoothL1" in n for n in run.notes)


def test_detector_terms_without_a_total_are_summed(tmp_path):
    """A CSV (``csv.writer``) of a detector's box and class terms named without "loss", no total: their sum."""
    run_dir = tmp_path / "det"
    run_dir.mkdir()
    with open(run_dir / "metrics.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "train/box", "train/cls", "val/box", "val/cls", "val/accuracy"])
        for e in range(30):
            w.writerow([e, 2.0 * 0.93 ** e, 1.0 * 0.95 ** e, 2.1 * 0.94 ** e, 1.1 * 0.96 ** e, 0.5 + 0.01 * e])
    (run,) = _runs(run_dir)
    assert "+" in run.roles["train_loss"] and "+" in run.roles["val_loss"]
    assert run.verdict == "healthy"


def test_public_ssd_sign_log_has_no_only_accuracies_verdict():
    runs = _runs(DATA / "ssdsign_train_head.log")
    assert runs
    for r in runs:
        assert not any("Only accuracies" in a for a in r.analysis.advice)
    assert any(r.verdict != "unknown" for r in runs)  # before: every run `unknown`
