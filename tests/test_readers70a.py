"""Validation lines the job-log reader passed over (dev sets 223-228, opened at stop 70): both were clear overfits
called `healthy` on the training loss alone.

- ``readers/_joblog_bpclines``: a Keras char-RNN's ``logging`` lines ``epoch: 10, duration: 361s, loss: 1.43.``
  then ``bpc = 2.159814`` / ``best bpc = ...`` every 10 epochs (public kerascharrnn224).
- ``readers/_joblog_evalsplits``: a small GPT's ``iter 400 | loss 0.7636 | lr 4.65e-04 | 36s`` beside ``  eval
  420: train 0.7913 | val 1.7533 | 2.5294 bpc`` (public tinyshrek224 ``scratch.log``).
Each log is written the way its script wrote it (``logging`` with the script's format; ``print``).
"""
from __future__ import annotations

import logging
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import verdict  # noqa: E402

from loganalyzer import read_scalars  # noqa: E402


def _char_rnn_log(path: Path, bpc_curve, epochs: int = 300) -> None:
    """What ``keras_model.py train`` logs: the logging module's ``asctime - name - levelname - message``."""
    logger = logging.getLogger(f"__main__.{path.stem}")
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.info("start of training.")
    best = math.inf
    for epoch in range(epochs):
        logger.info("epoch: %s, duration: %ss, loss: %.6g.", epoch, 360, 1.0 + 2.2 * math.exp(-epoch / 25))
        logger.info("generating 512 characters from top 10 choices.")
        if epoch % 10 == 0:
            bpc = bpc_curve(epoch)
            logger.info("bpc = %f", bpc)
            logger.info("best bpc = %s", best)
            logger.info("test duration: %ss", 1190)
            best = min(best, bpc)
    logger.removeHandler(handler)
    handler.close()


def test_bare_bpc_lines_are_the_evaluation_and_an_overfit_is_read(tmp_path):
    rng = np.random.default_rng(3)
    log = tmp_path / "shakespeare.log"
    _char_rnn_log(log, lambda e: 2.0 + 1.8 * math.exp(-e / 12) + 0.0009 * max(e - 60, 0) + rng.normal(0, 0.006))
    table = read_scalars(log, resolve=True)
    bpc = table[table["tag"] == "eval_bpc"]
    assert len(bpc) == 30 and list(bpc["step"][:3]) == [0, 10, 20]  # at the epoch it followed; 'best bpc' unread
    run = verdict(log)
    assert run.roles["val_loss"] == "eval_bpc" and run.verdict == "overfit"


def test_bare_bpc_lines_falling_stay_healthy(tmp_path):
    log = tmp_path / "healthy.log"
    _char_rnn_log(log, lambda e: 1.9 + 1.8 * math.exp(-e / 40))
    run = verdict(log)
    assert run.roles["val_loss"] == "eval_bpc" and run.verdict == "healthy"


def _gpt_log(path: Path, val_curve, iters: int = 450) -> None:
    """A nanoGPT-style loop's prints: the training every 50 iterations, both splits estimated every 20."""
    rng = np.random.default_rng(4)
    with path.open("w") as f:
        print("scratch: train 105,154 | val 16,282 tokens", file=f)
        for it in range(iters):
            train = 0.6 + 4.0 * math.exp(-it / 90) + rng.normal(0, 0.02)
            if it % 50 == 0:
                print(f"iter {it:6d} | loss {train:.4f} | lr {6e-4:.2e} | {it // 10}s", file=f)
            if it % 20 == 0 and it:
                val = val_curve(it)
                print(f"  eval {it}: train {train + 0.05:.4f} | val {val:.4f} | {val / math.log(2):.4f} bpc", file=f)


def test_split_named_eval_lines_between_loss_lines(tmp_path):
    log = tmp_path / "scratch.log"
    _gpt_log(log, lambda it: 1.55 + 3.0 * math.exp(-it / 60) + 0.0015 * max(it - 280, 0))
    table = read_scalars(log, resolve=True)
    assert set(table["tag"]) >= {"loss", "train_loss", "val_loss"}
    assert sorted(table[table["tag"] == "val_loss"]["step"])[:2] == [20, 40]  # the iteration printed
    run = verdict(log)
    assert run.roles["val_loss"] == "val_loss" and run.verdict == "overfit"


def test_split_named_accuracies_between_loss_lines_are_not_read_as_losses(tmp_path):
    log = tmp_path / "acc.log"
    with log.open("w") as f:
        for it in range(0, 400, 20):
            if it % 50 == 0:
                print(f"iter {it:6d} | loss {2.0 * math.exp(-it / 100) + 0.1:.4f} | lr {1e-3:.2e}", file=f)
            print(f"  eval {it}: train {0.5 + it / 1000:.4f} | val {0.5 + it / 1200:.4f}", file=f)
    table = read_scalars(log, resolve=True)
    assert "val_loss" not in set(table["tag"])
