"""readers54: CSV/JSON/TensorBoard logs read wrongly (stop 54, development runs of sets 125-130 opened).

- an object keyed by epoch numbers out of order, each ``{"val": x, "train": y}`` (public vitaudio129
  ``losses.json``) was not found at all;
- a ``minibatch`` counter counting examples from each epoch's start beside ``iteration`` and ``epoch`` (public
  bigdatato129 ``training_stats.csv``) was a metric series;
- an LLM loop's stats dump (public llmqat126 ``qat_training_stats_*.json``): Adam's ``betas`` under
  ``training_config`` were a 2-point series; 19 validation losses (every ``eval_interval`` 50 iterations, or where
  ``best_iteration`` says) were placed every 52; per-bit-width losses at their own indices, not at their iterations;
- a headerless curve log, ``epoch,train_loss,ade,fde,..`` as STAR's trainer writes it (public trajpred130
  ``log_curve.txt``), was not read;
"""
from __future__ import annotations

import json
import random

import numpy as np
import pandas as pd

from loganalyzer import discover
from test_readers20a import _read, _series


def _falling(n: int, seed: int = 0, start: float = 1.0) -> list[float]:
    rng = np.random.default_rng(seed)
    return [round(float(start * np.exp(-i / (n / 4)) + 0.01 * rng.random()), 4) for i in range(n)]


# ------------------------------------------------------------------ 1. {"epoch": {"val": .., "train": ..}}


def _epoch_split_dump(path, n: int = 30) -> tuple[list, list]:
    train, val = _falling(n, 1, 2.0), _falling(n, 2, 2.2)
    losses = {}
    order = list(range(1, n + 1))
    random.Random(3).shuffle(order)  # the script fills its dict as epochs finish out of order (a resumed pool)
    for epoch in order:
        losses[str(epoch)] = {"val": val[epoch - 1], "train": train[epoch - 1]}
    with open(path, "w") as f:
        json.dump(losses, f)
    return train, val


def test_epoch_keyed_split_losses_read_by_epoch(tmp_path):
    train, val = _epoch_split_dump(tmp_path / "losses.json")
    assert [r.id for r in discover(str(tmp_path))] == ["losses.json"]
    df, warns = _read(tmp_path)
    assert set(df.tag) == {"train_loss", "val_loss"}
    assert _series(df, "train_loss") == (list(range(1, 31)), train)
    assert _series(df, "val_loss") == (list(range(1, 31)), val)
    assert any("'train' -> 'train_loss'" in w for w in warns)


def test_guard_epoch_keyed_records_named_otherwise_stay(tmp_path):
    """Guard: the same shape in a file not named like a loss log, or naming metrics (not splits), is not renamed."""
    _epoch_split_dump(tmp_path / "results.json")
    assert discover(str(tmp_path)) == [] or "train_loss" not in set(_read(tmp_path)[0].tag)
    (tmp_path / "results.json").unlink()
    with open(tmp_path / "losses.json", "w") as f:
        json.dump({str(e): {"loss": 1.0 / e, "acc": 0.1 * e} for e in range(1, 9)}, f)
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss", "acc"}


# ------------------------------------------------------------------ 2. a within-epoch counter beside the step


def _stats_frame(n_epochs: int = 6, per: int = 5, size: int = 21859, chunk: int = 2186) -> pd.DataFrame:
    rows, seen = [], 0
    cost = _falling(n_epochs * per, 4, 30.0)
    for e in range(n_epochs):
        start = seen
        for b in range(per):
            seen += chunk
            rows.append({"iteration": seen - 1, "epoch": float(e + 1), "minibatch": float(seen - e * size),
                         "cost": cost[len(rows)], "mode_prime": round(0.37 - 0.002 * len(rows), 4)})
        seen = start + size  # the epoch's last partial chunk
    return pd.DataFrame(rows)


def test_within_epoch_counter_beside_epoch_is_an_axis(tmp_path):
    frame = _stats_frame()
    assert (frame.minibatch.diff() < 0).sum() == 5 and (frame.minibatch > 1).all()
    frame.to_csv(tmp_path / "training_stats.csv", index=False)  # the script's pandas dump
    df, warns = _read(tmp_path)
    assert set(df.tag) == {"cost", "mode_prime", "epoch"}, set(df.tag)
    assert _series(df, "cost")[0] == frame.iteration.tolist()
    assert any("'minibatch'" in w and "axes" in w for w in warns)


def test_guard_counter_going_down_within_an_epoch_stays_a_series(tmp_path):
    """Guard: a counter-named column going down where the epoch does not change is no within-epoch count."""
    frame = _stats_frame()
    frame.loc[2, "minibatch"] = 3.0  # down in the middle of epoch 1
    frame.to_csv(tmp_path / "training_stats.csv", index=False)
    df, _ = _read(tmp_path)
    assert "minibatch" in set(df.tag)


# ------------------------------------------------------------------ 3. an LLM loop's JSON stats dump


def _qat_loop(path, n: int = 1000, eval_interval: int = 50, config: bool = True, best: bool = True,
              from_zero: bool = False) -> dict:
    """The loop as the script runs it: a bit width drawn each iteration, ``if it > 0 and it % eval_interval == 0``
    evaluated (from 0 when ``from_zero``), the stats dumped with ``json.dump`` at the end."""
    rng = random.Random(5)
    stats = {"iteration_losses": [], "validation_losses": [], "bit_width_usage": [], "learning_rates": [],
             "losses_per_bit": {"4": [], "8": [], "16": []}}
    best_val, best_it = float("inf"), None
    for it in range(n):
        bits = rng.choice([4, 8, 16])
        loss = 8.0 * np.exp(-it / 200) + 0.5 + 0.1 * rng.random()
        stats["iteration_losses"].append(loss)
        stats["bit_width_usage"].append(bits)
        stats["losses_per_bit"][str(bits)].append(loss)
        stats["learning_rates"].append(1e-4 * (1 - it / n))
        if (it > 0 or from_zero) and it % eval_interval == 0:
            val = 3.0 * np.exp(-it / 300) + 2.0 + 0.01 * rng.random()
            stats["validation_losses"].append(val)
            if val < best_val:
                best_val, best_it = val, it
    if best:
        stats["best_val_loss"], stats["best_iteration"] = best_val, best_it
    if config:
        stats["training_config"] = {"learning_rate": 1e-4, "adam_betas": [0.9, 0.999], "num_iterations": n,
                                    "eval_interval": eval_interval, "save_interval": 100}
    with open(path, "w") as f:
        json.dump(stats, f, indent=2)
    return stats


def test_stats_dump_config_is_no_series_and_validation_on_eval_interval(tmp_path):
    stats = _qat_loop(tmp_path / "qat_training_stats_20250915_120607.json", best=False)
    df, warns = _read(tmp_path)
    assert not any(t.startswith("training_config") for t in set(df.tag)), set(df.tag)
    steps, values = _series(df, "validation_losses")
    assert steps == list(range(50, 1000, 50)) and len(values) == 19
    assert any("'eval_interval' is 50" in w for w in warns)
    bw = stats["bit_width_usage"]
    for bits in ("4", "8", "16"):
        at, _ = _series(df, f"losses_per_bit/{bits}")
        assert at == [i for i, b in enumerate(bw) if b == int(bits)]


def test_stats_dump_validation_placed_by_best_iteration(tmp_path):
    """part1's shape: no interval key, 499 evaluations every 2 iterations, ``best_iteration`` 998 the last."""
    stats = _qat_loop(tmp_path / "training_stats.json", eval_interval=2, config=False)
    df, warns = _read(tmp_path)
    steps, _ = _series(df, "validation_losses")
    assert steps == list(range(2, 1000, 2))
    assert any(f"'best_iteration' {stats['best_iteration']}" in w for w in warns)


def test_stats_dump_eval_from_iteration_zero(tmp_path):
    """nanoGPT's ``if iter_num % eval_interval == 0``: 20 evaluations, from 0, the file's best iteration saying so."""
    _qat_loop(tmp_path / "stats.json", from_zero=True, best=True)
    df, _ = _read(tmp_path)
    assert _series(df, "validation_losses")[0] == list(range(0, 1000, 50))


def test_guard_two_fitting_placements_and_no_best_stay_as_before(tmp_path):
    """Guard (breaker, stop 54): 20 evaluations every 50 of 1,000 iterations fit both ``it % 50 == 0`` (0..950) and
    ``(it + 1) % 50 == 0`` (49..999); with no best evaluation named, the earlier rule's end-of-interval placement."""
    _qat_loop(tmp_path / "stats.json", from_zero=True, best=False)
    df, _ = _read(tmp_path)
    assert _series(df, "validation_losses")[0] == [50 * (i + 1) - 1 for i in range(20)]


def test_guard_stats_dump_without_interval_or_best_stays_as_before(tmp_path):
    """Guard: nanoGPT's ``eval_iters`` (batches per evaluation) is no interval; a best loss matching no value gives
    no anchor; lists keyed by numbers whose lengths fit no per-step list stay at their own indices."""
    stats = _qat_loop(tmp_path / "stats.json", config=False, best=False)
    stats["training_config"] = {"eval_iters": 200}
    stats["best_val_loss"], stats["best_iteration"] = 0.123, 550
    stats["losses_per_bit"]["4"] = stats["losses_per_bit"]["4"][:-1]
    with open(tmp_path / "stats.json", "w") as f:
        json.dump(stats, f)
    df, _ = _read(tmp_path)
    assert _series(df, "validation_losses")[0] == [52 * (i + 1) - 1 for i in range(19)]  # Keras' every n // m
    assert _series(df, "losses_per_bit/4")[0] == list(range(len(stats["losses_per_bit"]["4"])))


def test_guard_top_level_list_named_like_settings_word_still_read(tmp_path):
    """Guard: only an object under a ``*_config`` name is settings; a list ``lr_params`` or a history's nested
    ``train_metrics`` object is read as before."""
    with open(tmp_path / "history.json", "w") as f:
        json.dump({"loss": _falling(10), "train_metrics": {"acc": [0.1 * i for i in range(10)]}}, f)
    df, _ = _read(tmp_path)
    assert {"loss", "train_metrics/acc"} <= set(df.tag)


# ------------------------------------------------------------------ 4. a headerless curve log (STAR's log_curve.txt)


def _star_curve(path, n: int = 60, lr_column: bool = False, counter: bool = True):
    rng = np.random.default_rng(7)
    train = []
    with open(path, "a+") as log_file_curve:  # the trainer's own open mode
        for epoch in range(n):
            train_loss = 0.3 * np.exp(-epoch / 10) + 0.002 + 0.001 * rng.random()
            if lr_column:
                train_loss = 0.01 * 0.95 ** epoch  # a decaying learning rate in that place
            ade, fde = 0.8 - 0.3 * epoch / n + 0.05 * rng.random(), 1.8 - 0.5 * epoch / n + 0.1 * rng.random()
            test = (0, 0) if epoch < 10 else (ade * 1.1, fde * 1.1)
            first = epoch if counter else float(rng.random())
            log_file_curve.write(str(first) + ',' + str(train_loss) + ',' + str(ade) + ',' + str(fde) + ','
                                 + str(test[0]) + ',' + str(test[1]) + '\n')
            train.append(round(float(train_loss), 4))
    return train


def test_star_curve_log_read_as_epoch_and_loss(tmp_path):
    train = _star_curve(tmp_path / "log_curve.txt")
    assert [r.id for r in discover(str(tmp_path))] == ["log_curve.txt"]
    df, warns = _read(tmp_path)
    assert set(df.tag) == {"loss"}
    assert _series(df, "loss") == (list(range(60)), train)
    assert any("curve log with no header line" in w for w in warns)


def test_guard_curve_log_of_a_learning_rate_or_no_counter_stays_unread(tmp_path):
    """Guard: a second column that never rises (a learning rate's decay), a first column counting nothing, or the
    same table under a name of no curve log stay unread, said as before."""
    for kwargs, name in (({"lr_column": True}, "log_curve.txt"), ({"counter": False}, "log_curve.txt"),
                         ({}, "results.txt")):
        folder = tmp_path / (name + str(len(kwargs)) + str(kwargs))
        folder.mkdir()
        _star_curve(folder / name, **kwargs)
        df, warns = _read(folder)
        assert len(df) == 0, (kwargs, name, set(df.tag))
        assert name == "results.txt" or any(name in w for w in warns), (kwargs, name, warns)  # (never found)


# ------------------------------------------------------------------ 5. validation epochs from 1 beside per-step losses


def test_validation_epochs_from_one_end_their_epochs_on_the_step_axis(tmp_path):
    from loganalyzer.curves import find_curves

    rng = np.random.default_rng(11)
    with open(tmp_path / "train_result.txt", "w") as f, open(tmp_path / "val_result.txt", "w") as g:
        for epoch in range(1, 31):
            total = 0.0
            for step in range(16):  # the script's own per-epoch step counter
                loss = 0.7 * np.exp(-epoch / 10) + 0.2 * rng.random()
                total += loss
                print(f"train => epoch:{epoch} - step:{step} - loss:{loss:.4f} - loss_time:{total / (step + 1):.4f}"
                      f" - acc:{0.5 + epoch / 80:.4f} - acc_time:{0.5 + epoch / 80:.4f}", file=f)
            print(f"Epoch {epoch}: Validation Loss: {0.73 - 0.003 * epoch + 0.01 * rng.random():.4f}, "
                  f"Validation Accuracy: {0.5 + epoch / 200:.4f}", file=g)
    df, _ = _read(tmp_path)
    curves = find_curves(df)
    assert curves.val_loss is not None and curves.train_loss is not None
    assert int(curves.train_loss.steps.max()) == 479
    assert curves.val_loss.steps.tolist() == [16 * e - 1 for e in range(1, 31)]


# ------------------------------------------------------------------ 6. a TB counter cycling in one session (guard)


def test_guard_tensorboard_counter_cycling_in_one_session_stays_one_run(tmp_path):
    from torch.utils.tensorboard import SummaryWriter

    w = SummaryWriter(str(tmp_path / "Nov06_16-44-17"))
    for epoch in range(133):  # add_scalar(tag, v, epoch % 10): the cosine restart's own epoch, one process
        wall = 1667724257.0 + 75.0 * epoch
        w.add_scalar("Train loss:", 3.3 * np.exp(-epoch / 40) + 1.0, epoch % 10, walltime=wall)
        w.add_scalar("Valid loss:", 2.3 * np.exp(-epoch / 40) + 1.0, epoch % 10, walltime=wall + 1)
    w.close()
    assert len(discover(str(tmp_path))) == 1
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"Train loss:", "Valid loss:"}
    steps, values = _series(df, "Valid loss:")
    assert steps == list(range(133)) and values[0] > values[-1]
