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


# ---------------------------------------------------------------- W1: ranking metrics at K have no chance level

def _kgat_epoch(e: int, loss: float, ndcg: float | None) -> str:
    """KGAT/NGCF ``Main.py``: ``Epoch %d [%.1fs]: train==[%.5f=%.5f + %.5f + %.5f]`` then, on test epochs,
    ``[..s + ..s]: train==[..], recall=[%s], precision=[%s], hit=[%s], ndcg=[%s]`` at Ks = [20, 40]."""
    head = f"Epoch {e} [12.3s"
    train = f"train==[{loss:.5f}={0.8 * loss:.5f} + {0.15 * loss:.5f} + {0.05 * loss:.5f}]"
    if ndcg is None:
        return f"{head}]: {train}"
    rec = 1.6 * ndcg
    return (f"{head} + 3.1s]: {train}, recall=[{rec:.5f}, {rec + 0.2:.5f}], precision=[{rec / 10:.5f}, "
            f"{rec / 20:.5f}], hit=[{0.4 + ndcg:.5f}, {0.6 + ndcg:.5f}], ndcg=[{ndcg:.5f}, {ndcg + 0.045:.5f}]")


def test_ranking_metric_that_rose_a_third_is_no_underfit(tmp_path):
    """NDCG@20 0.0745 -> 0.0995 (+33%) while the loss fell: a recommender that improved (NDCG@20 ~0.1 is the usual
    level), not an accuracy stuck at chance (fx61: `underfit` "test_ndcg never rose")."""
    ndcg = [0.0745, 0.085, 0.092, 0.096, 0.0985, 0.0995]
    lines = [_kgat_epoch(e, 0.22 * math.exp(-0.035 * e), ndcg[e // 10] if e % 10 == 9 else None) for e in range(60)]
    (tmp_path / "ngcf.log").write_text("\n".join(lines) + "\n")
    (run,) = loganalyzer.analyze(str(tmp_path)).runs
    assert run.verdict != "underfit"


# ---------------------------------------------------------------- W2: KGAT's NaN exit

def test_kgat_nan_exit_line_is_a_nan_run(tmp_path):
    """KGAT/NGCF ``Main.py``: ``if np.isnan(loss) == True: print('ERROR: loss@epoch is nan.'); sys.exit()`` after
    the last epoch line: the loss became NaN (fx61: `healthy`, ending not recorded)."""
    lines = [_kgat_epoch(e, 0.22 * math.exp(-0.04 * e), None) for e in range(23)] + ["ERROR: loss@epoch is nan."]
    (tmp_path / "kgat.log").write_text("\n".join(lines) + "\n")
    (run,) = loganalyzer.analyze(str(tmp_path)).runs
    assert run.verdict == "nan"


# ---------------------------------------------------------------- W4: PySlowFast multigrid epoch lengths

def test_slowfast_multigrid_steps_sum_each_epochs_own_iterations(tmp_path):
    """``MULTIGRID.LONG_CYCLE`` changes ``epoch_iters`` per epoch (``"iter": "10/40"``, ``"x/80"``, ``"x/160"``):
    steps are cumulative, no iteration collides with the next epoch's (fx61 lost records past the first total)."""
    import json

    def stats(**kv) -> str:  # slowfast/utils/logging.py:log_json_stats: keys sorted
        return "[INFO: logging.py:   97]: json_stats: " + json.dumps(kv, sort_keys=True)

    lengths = [40, 80, 160, 40, 80, 160]
    lines, step, want = [], 0, []
    for e, n in enumerate(lengths, 1):
        for i in range(10, n + 1, 10):
            lines.append(stats(_type="train_iter", epoch=f"{e}/6", iter=f"{i}/{n}", dt=0.5, eta="0:01:00",
                               loss=_curve(len(want)), lr=0.1))
            want.append(step + i)
        step += n
        lines.append(stats(_type="train_epoch", epoch=f"{e}/6", loss=_curve(len(want)), lr=0.1, gpu_mem="9.9G"))
    (tmp_path / "stdout.log").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path).values()
    assert run["loss"][0] == want
    assert run["loss_epoch"][0] == [sum(lengths[:e]) for e in range(1, 7)]
