"""Printed split words and cumulative series named by the labellers of sets 187 and 188 (opened at stop 64), each
failing on the stop's start code. Logs are written by a real ``logging`` logger with the script's format and its
print calls' format strings; TensorBoard files by torch's ``SummaryWriter``."""
from __future__ import annotations

import logging
import math

from _runs import close_logger, file_logger, read_resolved, series_by_step, verdict


# ------------------------------------------------- 'Epoch N Val, MAE: ..': the split word after the epoch, a timing


def _counting_log(path, epochs: int = 12, start_val: int = 4):
    """t2icount188's ``train.log``: a logger formatted ``'%(asctime)s, %(message)s'`` (datefmt ``'%m-%d %H:%M:%S'``)
    and its three calls per epoch, the training's, validation's and test's, each ending with the phase's time."""
    log = file_logger(path, "%(asctime)s, %(message)s", "rd64f_count")
    log.handlers[0].setFormatter(logging.Formatter("%(asctime)s, %(message)s", "%m-%d %H:%M:%S"))
    val = []
    for epoch in range(epochs):
        reg = 0.12 + 0.2 * math.exp(-epoch / 3)
        mae = 9 + 75 * math.exp(-epoch / 2)
        log.info("{}Epoch:{}/{}{}".format("-" * 50, epoch, epochs - 1, "-" * 50))
        log.info("Epoch {} Train, reg:{:.4f}, RRC_stage1:{:.4f}, RRC_stage2:{:.4f}, mae:{:.2f}, mse:{:.2f}, "
                 "Cost: {:.1f} sec ".format(epoch, reg, reg * 2, reg * 1.8, mae, mae * 1.4, 668.0 + epoch % 3))
        if epoch >= start_val:
            v = 12 + 0.8 * (epoch - start_val)
            val.append((epoch, round(v, 2)))
            log.info("Epoch {} Val, MAE: {:.2f}, MSE: {:.2f} Cost {:.1f} sec".format(epoch, v, v * 4, 208.0))
            log.info("Epoch {} Test, MAE: {:.2f}, MSE: {:.2f} Cost {:.1f} sec".format(epoch, v - 1, v * 7, 192.0))
    close_logger(log)
    return val


def test_split_word_after_the_epoch_prefixes_the_names_and_a_timing_is_no_series(tmp_path):
    """Read as TF1 'cost' lines, the validation's and test's MAE made ONE series with two points per epoch and the
    phases' times (``Cost: 715.7 sec``) were the run's loss. Now: ``val_MAE``, ``test_MAE`` and no ``Cost``."""
    val = _counting_log(tmp_path / "train.log")
    df, _ = read_resolved(tmp_path)
    tags = set(df.tag.astype(str))
    assert not any("cost" in t.lower() for t in tags)
    assert {"reg", "mae", "mse", "val_MAE", "val_MSE", "test_MAE", "test_MSE"} <= tags
    assert "MAE" not in tags
    steps, values = series_by_step(df, "val_MAE")
    assert list(zip(steps, values)) == val
    assert series_by_step(df, "mae")[0] == list(range(12))


def test_a_validation_mae_that_climbs_while_training_falls_is_overfit(tmp_path):
    """The run's shape: the training error falls, the validation MAE climbs from its first evaluation."""
    _counting_log(tmp_path / "train.log", epochs=30, start_val=6)
    assert verdict(tmp_path).verdict == "overfit"


def test_a_cost_with_a_unit_of_time_is_no_loss_but_a_plain_cost_still_is(tmp_path):
    """TF1's ``Train cost: 66.34`` stays the loss (srproj104's shape) beside a ``time cost: 12.3s``."""
    log = file_logger(tmp_path / "log.txt", "%(message)s", "rd64f_cost")
    for epoch in range(6):
        log.info("Epoch {}/50, Train cost: {:.2f}, train label error rate: {:.2f}, time cost: {:.1f}s".format(
            epoch, 90 * math.exp(-epoch / 3), 1.0, 12.3))
    close_logger(log)
    df, _ = read_resolved(tmp_path)
    tags = set(df.tag.astype(str))
    assert any(t.lower().endswith("cost") and "time" not in t.lower() for t in tags), tags


# ------------------------------------------------- '[epoch, value]' pair lists in a JSON history


def _caption_history(path, epochs: int = 12):
    """lucascap188's ``history_*.json``: per-epoch losses appended as numbers, the schedule and the scores as
    ``(epoch, value)`` tuples (1-based epochs), ``json.dump``-ed."""
    import json

    history = {"model": "cnn", "scheduler": "cosine", "train_losses": [], "val_losses": [], "perplexities": [],
               "lr_history": [], "bleu4_scores": [], "cider_scores": []}
    for epoch in range(1, epochs + 1):
        val = 3.4 + 1.2 * math.exp(-epoch / 3)
        history["train_losses"].append(3.3 + 1.5 * math.exp(-epoch / 3))
        history["val_losses"].append(val)
        history["perplexities"].append(math.exp(val))
        history["lr_history"].append((epoch, 6e-5 * min(epoch, 5)))
        history["bleu4_scores"].append((epoch, 0.22 - 0.18 * math.exp(-epoch / 4)))
        history["cider_scores"].append((epoch, None if epoch == 3 else 0.1 - 0.09 * math.exp(-epoch / 4)))
    history["best_val_loss"] = min(history["val_losses"])
    path.write_text(json.dumps(history, indent=4))
    return history


def test_epoch_value_pair_lists_are_series_on_the_epochs_of_the_plain_lists(tmp_path):
    """They were 'not a list of numbers' (the scores and the schedule dropped); now series, the pair for epoch 1 at
    row 0 beside the first value of ``train_losses``."""
    history = _caption_history(tmp_path / "history_cnn_cosine.json")
    df, warned = read_resolved(tmp_path)
    steps, values = series_by_step(df, "bleu4_scores")
    assert steps == list(range(12))
    assert values == [v for _, v in history["bleu4_scores"]]
    assert series_by_step(df, "lr_history")[0] == series_by_step(df, "train_losses")[0]
    cider = series_by_step(df, "cider_scores")
    assert len(cider[0]) in (11, 12)
    assert not any("bleu4_scores" in w or "lr_history" in w for w in warned)
    assert verdict(tmp_path).roles.get("lr") == "lr_history"


def test_a_list_of_pairs_that_is_no_counter_and_value_stays_unread(tmp_path):
    """Box corners ``[[x, y], ..]`` whose first numbers do not increase are no series (the key still named)."""
    import json

    (tmp_path / "history.json").write_text(json.dumps({"loss": [1.0, 0.8, 0.6, 0.5], "boxes": [[3, 1.0], [2, 4.0],
                                                                                               [5, 2.0]]}))
    df, warned = read_resolved(tmp_path)
    assert "boxes" not in set(df.tag.astype(str))
    assert any("boxes" in w for w in warned)
