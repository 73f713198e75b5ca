"""Stop 61, mend61: the breaker's regressions of the stop's new reader rules (/work/s61/brk/FINDINGS.md), each a
kind, each test written from the format (the real writer where cheap: Python logging) and failing on fx61."""
from __future__ import annotations

import logging
import math

import loganalyzer

from _runs import runs_points as _runs


def _curve(i: float, a: float = 2.5, b: float = 0.3) -> float:
    return round(b + (a - b) * math.exp(-0.15 * i), 5)


def _log_from(path, fmt: str, func: str, messages: list[str]) -> None:
    """Python logging with ``fmt``, each message logged from a function named ``func`` (its ``%(funcName)s``)."""
    logger = logging.getLogger(f"mend61_{func}")
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter(fmt))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    code = compile("def {0}(logger, m):\n    logger.info('%s', m)\n".format(func), "trainer.py", "exec")
    space: dict = {}
    exec(code, space)
    try:
        for m in messages:
            space[func](logger, m)
    finally:
        logger.removeHandler(handler)
        handler.close()


# ---------------------------------------------------------------- R1: funcName 'step' [lineno] - iter N

def test_logging_prefix_of_a_function_named_step_is_no_step(tmp_path):
    """``%(funcName)s [%(lineno)d] - %(message)s`` from ``def step(self, batch)``: ``step [2] - iter 100 loss: ..``
    on every line. The message carries the counter (``iter N``); the bracket is the line number (40 one-point runs
    at step 2 on fx61)."""
    msgs = [f"iter {100 * (k + 1)} loss: {_curve(k)} lr: 0.000100" for k in range(30)]
    _log_from(tmp_path / "train.log", "%(asctime)s - %(levelname)s - %(funcName)s [%(lineno)d] - %(message)s",
              "step", msgs)
    (run,) = _runs(tmp_path).values()
    assert run["loss"] == ([100 * (k + 1) for k in range(30)], [_curve(k) for k in range(30)])


def test_logging_prefix_of_a_function_named_epoch_keeps_the_batch_steps(tmp_path):
    """``epoch [2] - batch 10/400 loss: ..`` (a method ``def epoch(..)``): the steps are the batches, not the line
    number times the batch total."""
    msgs = [f"batch {10 * (k + 1)}/400 loss: {_curve(k)}" for k in range(30)]
    _log_from(tmp_path / "train.log", "%(asctime)s - %(levelname)s - %(funcName)s [%(lineno)d] - %(message)s",
              "epoch", msgs)
    (run,) = _runs(tmp_path).values()
    assert run["loss"][0] == [10 * (k + 1) for k in range(30)]



# ---------------------------------------------------------------- R2: scripts/configs with pasted output in comments

def test_batch_script_with_expected_output_in_comments_stays_a_script(tmp_path):
    """An SBATCH script with its expected output pasted in ``#`` comments is the script: refused given by path (a
    usage error naming it) and not taken by the folder walk either (the two agree)."""
    lines = ["#!/bin/bash", "#SBATCH --gres=gpu:1", "set -e", "", "python train.py --lr 0.01 --epochs 30", "",
             "# expected output:"]
    lines += [f"# Epoch {e} loss: {_curve(e):.4f} acc: {0.5 + 0.015 * e:.4f}" for e in range(1, 31)]
    script = tmp_path / "train.sh"
    script.write_text("\n".join(lines) + "\n")
    problems: list = []
    assert loganalyzer.discover(str(script), problems) == []
    assert "shell script" in str(problems[0])
    assert loganalyzer.discover(str(tmp_path), []) == []


def test_yaml_config_with_commented_results_stays_a_config(tmp_path):
    """A previous run's results commented above a YAML config's keys: the config is judged by its keys, no log."""
    lines = ["# config for exp 12", "# results of the previous run:"]
    lines += [f"#   epoch {e:3d} | train loss {_curve(e):.4f} | val loss {_curve(e) + 0.05:.4f}" for e in range(1, 31)]
    lines += ["model: resnet18", "lr: 0.001", "epochs: 30"]
    config = tmp_path / "exp12.yaml"
    config.write_text("\n".join(lines) + "\n")
    problems: list = []
    assert loganalyzer.discover(str(config), problems) == []
    assert "YAML config" in str(problems[0])


# ---------------------------------------------------------------- R3: an error count is the metric, no set size

def test_total_mistakes_is_a_series_total_signals_a_set_size(tmp_path):
    """``epoch N, loss: .., total mistakes 330`` (a perceptron-style error count per epoch) is the task's metric and
    stays a series; ``total signals 900`` (how many items the epoch saw, langid166) is still no series."""
    lines = [f"epoch {e}, loss: {_curve(e):.4f}, total mistakes {330 - 15 * e}" for e in range(1, 21)]
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "train.log").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path / "a").values()
    assert run["total_mistakes"] == (list(range(1, 21)), [330.0 - 15 * e for e in range(1, 21)])
    lines = [f"epoch {e}, total signals 900, average_loss_per_batch: {_curve(e):.6f}" for e in range(12)]
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "train.log").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path / "b").values()
    assert "total_signals" not in run and len(run["average_loss_per_batch"][0]) == 12
