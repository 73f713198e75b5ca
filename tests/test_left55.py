"""Mends of what stop 55's breakers found in the stop's new readers (brk_pr, brk_tab), each failing on the start:

- a Torch7 ``optim.Logger`` ``test.log`` one or two rows shorter than its ``train.log`` (a job killed after
  ``train()`` but before ``test()`` of its last epoch): the test series stayed at its own counter, 2 steps late;
- LAVIS-style JSON-lines evaluation dicts: a counter key (``val_epoch``, a bare ``epoch``) was read as a series;
- a bare-piped table under a dashed rule whose time cells print ``1m 0s`` (or which opens the log, claimed as a
  Keras CSVLogger file split on spaces): nothing was read;
- per-fold list CSVs: an appended ``mean`` row refused the whole file with a false line; pandas' default index
  before ``Fold`` missed the file; lists of ``np.float64(x)`` (numpy 2's repr) or ``tensor(x)`` were no lists;
- Python 2 printed tuples holding a multi-value numpy array (Keras' ``[loss, acc]``) or a double-quoted name
  (``("G's loss: ", ..)``): nothing was read.
"""
from __future__ import annotations

import json

from _runs import read_resolved, series_by_step


def _curve(n: int, start: float, end: float) -> list[float]:
    return [round(start + (end - start) * (i / (n - 1)) ** 0.5, 4) for i in range(n)]


# ---------------------------------------------------------------- Torch7 optim.Logger test.log killed short


def _logger_file(path, names: list[str], rows: list[list]) -> None:
    """torch/optim ``Logger.lua``: each name then a TAB, each value ``%11.4e`` (or ``tostring``) then a TAB."""
    with open(path, "w") as f:
        f.write("".join(n + "\t" for n in names) + "\n")
        for row in rows:
            f.write("".join((v if isinstance(v, str) else "%11.4e" % v) + "\t" for v in row) + "\n")


def _torch7_pair(tmp_path, n_train: int, n_test: int, train_rows=None):
    cost, test = _curve(n_train, 1.008, 0.678), [1.004, 1.003, 1.003, 1.002, 0.825, 0.783, 0.810, 0.871][:n_test]
    _logger_file(tmp_path / "train.log", ["Cost function value"], [[c] for c in (train_rows or cost)])
    _logger_file(tmp_path / "test.log", ["1", "2", "epoch: % fSumTest: % fMinTest: %"],
                 [[repr(t), repr(min(test[:i + 1])), float(i + 2)] for i, t in enumerate(test)])
    return test


def test_torch7_test_log_killed_before_last_test(tmp_path):
    """8 training rows, tests of epochs 2..8 (7 rows): row i of each file is the same epoch, tests at 0..6."""
    test = _torch7_pair(tmp_path, 8, 7)
    df, _ = read_resolved(tmp_path)
    steps, got = series_by_step(df, "test_fSumTest")
    assert steps == list(range(7)) and got == test


def test_torch7_test_log_per_iteration_training_keeps_its_counter(tmp_path):
    """Guard: a ``train.log`` of one row an iteration (80 rows) says nothing of the test rows' epochs."""
    _torch7_pair(tmp_path, 80, 8)
    df, _ = read_resolved(tmp_path)
    steps, _ = series_by_step(df, "test_fSumTest")
    assert steps == list(range(2, 10))


# ---------------------------------------------------------------- LAVIS JSON-lines evaluation dicts' counters


def _lavis_log(path, evals: list[dict]) -> list[float]:
    """salesforce/LAVIS ``RunnerBase.log_stats``: ``json.dumps({f"train_{k}": v})`` of the MetricLogger's
    ``"{:.3f}"`` strings, then ``json.dumps`` of the split's evaluation dict, one line each."""
    losses = _curve(len(evals), 0.912, 0.429)
    with open(path, "w") as f:
        for loss, ev in zip(losses, evals):
            f.write(json.dumps({"train_lr": "0.001", "train_loss": f"{loss:.3f}"}) + "\n")
            f.write(json.dumps(ev) + "\n")
    return losses


def test_lavis_eval_counters_are_no_series(tmp_path):
    acc = _curve(10, 0.5, 0.77)
    _lavis_log(tmp_path / "log.txt", [{"val_acc": a, "val_epoch": e} for e, a in enumerate(acc)])
    df, _ = read_resolved(tmp_path / "log.txt")
    assert "val_epoch" not in set(df.tag)
    steps, got = series_by_step(df, "val_acc")
    assert got == acc and len(steps) == 10
    # a bare counter beside the split's keys: the line is still read, the counter is not
    _lavis_log(tmp_path / "log2.txt", [{"val_acc": a, "epoch": e, "val_iters": 100 * e} for e, a in enumerate(acc)])
    df, _ = read_resolved(tmp_path / "log2.txt")
    assert {"epoch", "val_iters", "val_epoch"}.isdisjoint(set(df.tag))
    assert series_by_step(df, "val_acc")[1] == acc


def test_lavis_eval_metrics_kept(tmp_path):
    """Guard: the evaluation's metrics (unimernet136's shape) are all still series; its ``best`` key is not."""
    bleu = _curve(10, 0.005, 0.095)
    _lavis_log(tmp_path / "log.txt", [{"eval_bleu": b, "eval_edit_distance": 0.5, "eval_best_iters": 1000}
                                      for b in bleu])
    df, _ = read_resolved(tmp_path / "log.txt")
    assert series_by_step(df, "eval_bleu")[1] == bleu
    assert "eval_edit_distance" in set(df.tag) and "eval_best_iters" not in set(df.tag)


# ---------------------------------------------------------------- a bare-piped table's duration cells


def _piped_table(path, times: list[str], preamble: str = "Start training\n") -> tuple[list[float], list[float]]:
    """A trainer's own print (public lgnlut136 shape): ``f"{'epoch':>5} | tr_loss | .."`` over a dashed rule, then
    ``f"{epoch:5d} | {tr:.4f} | {val:.4f} | {acc:.2f}% | {elapsed}"`` a row."""
    tr, val = _curve(len(times), 1.1957, 0.3374), _curve(len(times), 1.1024, 0.5027)
    with open(path, "w") as f:
        f.write(preamble + "epoch | tr_loss | val_loss | val_acc | time\n" + "-" * 50 + "\n")
        for i, (a, b, t) in enumerate(zip(tr, val, times)):
            f.write(f"{i + 1:5d} | {a:.4f} | {b:.4f} | {40 + 2 * i:.2f}% | {t}\n")
    return tr, val


def test_piped_table_with_minutes_cells(tmp_path):
    times = [f"1m {i}s" for i in range(12)]
    tr, val = _piped_table(tmp_path / "train.log", times)
    df, _ = read_resolved(tmp_path / "train.log")
    steps, got = series_by_step(df, "tr_loss")
    assert steps == list(range(1, 13)) and got == tr
    assert series_by_step(df, "val_loss")[1] == val
    assert series_by_step(df, "time")[1] == [60.0 + i for i in range(12)]
    times = ["1h 2m", "1h 4m", "1h 6m", "0:01:01", "12:44", "350ms"] * 2
    _piped_table(tmp_path / "other.log", times)
    df, _ = read_resolved(tmp_path / "other.log")
    assert series_by_step(df, "time")[1] == [3720.0, 3840.0, 3960.0, 61.0, 764.0, 0.35] * 2


def test_piped_table_opening_the_log(tmp_path):
    """The header on the log's first line: no CSVLogger file split on spaces (a column named '|')."""
    tr, _ = _piped_table(tmp_path / "train.log", [f"{60 + i}s" for i in range(12)], preamble="")
    df, _ = read_resolved(tmp_path / "train.log")
    assert "|" not in set(df.tag)
    assert series_by_step(df, "tr_loss") == (list(range(1, 13)), tr)


def test_space_separated_csvlogger_kept(tmp_path):
    """Guard: Keras ``CSVLogger(separator=" ")`` is still a Keras history."""
    loss = _curve(6, 0.9, 0.3)
    with open(tmp_path / "history.csv", "w") as f:
        f.write("epoch loss val_loss\n" + "".join(f"{e} {v} {v + 0.1:.4f}\n" for e, v in enumerate(loss)))
    df, _ = read_resolved(tmp_path / "history.csv")
    assert series_by_step(df, "loss") == (list(range(6)), loss)


# ---------------------------------------------------------------- per-fold list CSVs, as pandas writes them


def _folds(n_folds: int = 3, n: int = 12) -> dict[int, list[float]]:
    return {k: _curve(n, 2.9 + k / 100, 0.37 + k / 100) for k in range(1, n_folds + 1)}


def test_fold_csv_summary_row_left_out(tmp_path):
    import pandas as pd
    from loganalyzer import discover

    folds = _folds()
    df = pd.DataFrame({"Fold": [str(k) for k in folds], "Train Loss": list(folds.values()),
                       "Best Val Acc": [0.8, 0.81, 0.79]})
    df.loc[len(df)] = ["mean", [round(sum(v) / 3, 4) for v in zip(*folds.values())], 0.8]
    df.to_csv(tmp_path / "cv_results.csv", index=False)
    assert [r.id for r in discover(str(tmp_path))] == [f"cv_results.csv#fold{k}" for k in folds]
    got, warns = read_resolved(tmp_path)
    assert series_by_step(got[got.dir.astype(str).str.endswith("#fold3")], "Train Loss") == (list(range(12)), folds[3])
    assert any("'mean'" in w and "left out" in w for w in map(str, warns))


def test_fold_csv_pandas_index_and_wrapped_numbers(tmp_path):
    import numpy as np
    import pandas as pd
    import torch
    from loganalyzer import discover

    folds = _folds()
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir(), (tmp_path / "c").mkdir()
    pd.DataFrame({"Fold": list(folds), "Train Loss": list(folds.values())}).to_csv(tmp_path / "a" / "losses.csv")
    pd.DataFrame({"Fold": list(folds), "Train Loss": [[np.float64(v) for v in f] for f in folds.values()]}).to_csv(
        tmp_path / "b" / "losses.csv", index=False)
    pd.DataFrame({"Fold": list(folds), "Train Loss": [[torch.tensor(v) for v in f] for f in folds.values()],
                  "Val Loss": list(folds.values())}).to_csv(tmp_path / "c" / "losses.csv", index=False)
    assert "np.float64(" in (tmp_path / "b" / "losses.csv").read_text()
    assert "tensor(" in (tmp_path / "c" / "losses.csv").read_text()
    for sub in "abc":
        assert [r.id for r in discover(str(tmp_path / sub))] == [f"losses.csv#fold{k}" for k in folds], sub
        got, _ = read_resolved(tmp_path / sub)
        steps, values = series_by_step(got[got.dir.astype(str).str.endswith("#fold2")], "Train Loss")
        assert steps == list(range(12)) and np.allclose(values, folds[2], atol=1e-4), sub


def test_fold_csv_keyed_otherwise_guard(tmp_path):
    """Guard: a table whose rows are learning rates stays unread, a ``mean`` row or not."""
    import pandas as pd
    from loganalyzer import discover

    pd.DataFrame({"lr": ["0.1", "0.01", "mean"], "Train Loss": list(_folds().values())}).to_csv(
        tmp_path / "train_losses.csv", index=False)
    assert discover(str(tmp_path)) == []


# ---------------------------------------------------------------- Python 2 printed tuples


def _py2_print(f, *items) -> None:
    """Python 2's ``print a, b`` with parentheses: the tuple's ``str`` (each item's repr), as ``str(tuple)`` here."""
    f.write(str(tuple(items)) + "\n")


def test_py2_tuple_multi_value_array(tmp_path):
    import numpy as np

    d_loss, g_loss = _curve(12, 0.7012, 0.4911), _curve(12, 1.8017, 1.2476)
    with open(tmp_path / "train.log", "w") as f:
        for e, (d, g) in enumerate(zip(d_loss, g_loss)):
            _py2_print(f, "Epoch", e, "D loss:", np.array([d, 0.6 - e / 100], dtype=np.float32), "G loss:", g)
    assert "array([0.7012, 0.6   ], dtype=float32)" in (tmp_path / "train.log").read_text()
    df, _ = read_resolved(tmp_path / "train.log")
    steps, got = series_by_step(df, "D_loss")
    assert steps == list(range(12)) and np.allclose(got, d_loss, atol=1e-4)
    assert series_by_step(df, "G_loss")[1] == g_loss


def test_py2_tuple_double_quoted_name(tmp_path):
    g_loss = _curve(12, 1.9968, 0.5334)
    with open(tmp_path / "train.log", "w") as f:
        for e, g in enumerate(g_loss):
            _py2_print(f, "G's loss: ", g, "epoch", e)
    assert (tmp_path / "train.log").read_text().startswith("(\"G's loss: \", 1.9968, 'epoch', 0)")
    df, _ = read_resolved(tmp_path / "train.log")
    assert series_by_step(df, "G_loss") == (list(range(12)), g_loss)


def test_py2_tuple_guard_single_quoted_lists(tmp_path):
    """Guard: the dcgan131 shape (one-number arrays in a list, single-quoted names) reads as before."""
    loss = _curve(8, 0.9505, 0.4)
    with open(tmp_path / "nohup.out", "w") as f:
        for e, v in enumerate(loss):
            f.write(f"('after epoch: ', {e + 1})\n")
            f.write(f"('dcgan Loss: ', [array({v}, dtype=float32), array(0.1171875, dtype=float32)], '\\t "
                    f"discriminator loss', [array(0.5477794, dtype=float32), array(0.7890625, dtype=float32)])\n")
    df, _ = read_resolved(tmp_path / "nohup.out")
    assert series_by_step(df, "dcgan_Loss")[1] == loss
