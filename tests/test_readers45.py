"""Stop 45's fixes from the opened sets 90/91 (each log printed the way its script prints it, numbers from real tiny
trainings).

- A Markdown write-up whose pasted console output starts after more than 8 KiB of setup and prose (a homework's
  ``step=5 loss=3.66`` lines from line 257; a ``*.log.md`` of pip installs and TensorFlow banners before Keras lines
  piped without their ``Epoch N/M`` headers) was no run.
- A logger's ``[name:lineno]`` beside its level (``[INFO][trainer:837]``) made a series ``trainer`` = 837.
- ``Saving model at Epoch 1 with Validation Accuracy: 33.73%`` after each improving epoch's summary line made a
  second, best-so-far validation accuracy point and a series ``at_Epoch``.
- A loss that is the validation metric negated (Keras' ``dice_coef_loss = -dice_coef``) was called underfit by the
  learned models, which read its fall from -0.42 to -0.92 as a shallow one; the rules judge it.
"""
from __future__ import annotations

import logging
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from test_readers20a import _ids, _read, _series  # noqa: E402
from test_readers43 import _file_logger  # noqa: E402
from test_readers43b import history  # noqa: E402,F401 (the fixture)
from test_readers45p import _losses as _step_losses  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import verdict  # noqa: E402

PROSE = ("## Setup\n\nThis homework trains a small model on the cluster. First we install the packages and check "
         "the GPU; the output of each command is pasted below, then the training and what we saw.\n\n")


def _losses(steps: int) -> list[float]:
    """The loss every 5 steps of a tiny real torch regression trained for ``steps`` steps (test_readers45p's), as
    the logs print it (4 decimals)."""
    return [round(v, 4) for v in _step_losses(steps)[4::5]]


def test_markdown_homework_with_console_output_after_long_prose_is_a_run(tmp_path):
    losses = _losses(60)
    log = tmp_path / "train.txt"
    with _file_logger(log, "ezpz.trainer", "[%(asctime)s][%(levelname)s][trainer:837] - %(message)s") as logger:
        for k, loss in enumerate(losses, 1):
            logger.info(f"step={5 * k} loss={loss:.4f} dt=108.1093 sps=73.9992")
    pasted = log.read_text(encoding="utf-8")
    text = "# Homework 6\n\n" + PROSE * 60 + "```\n" + pasted + "```\n\nThe loss fell steadily.\n"
    assert text.encode().index(b"step=5 ") > 8192  # past the 8 KiB head
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "homework_6.md").write_text(text, encoding="utf-8")
    assert _ids(tmp_path / "run") == ["homework_6.md"]
    df, _ = _read(tmp_path / "run")
    assert _series(df, "loss") == ([5 * k for k in range(1, 13)], losses)
    assert "trainer" not in set(df.tag)  # the logger's line number, no metric
    assert "sps" in set(df.tag)


def test_markdown_log_with_piped_keras_lines_past_the_head_is_a_run(tmp_path):
    import keras

    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    hist = model.fit(x, x.sum(1, keepdims=True), epochs=6, batch_size=16, verbose=0).history["loss"]
    banner = ("2025-06-20 22:49:05.945001: I tensorflow/core/util/port.cc:110] oneDNN custom operations are on. You may "
              "see slightly different numerical results due to floating-point round-off errors.\n")
    lines = [f"4/4 [==============================] - 1s 6ms/step - loss: {v:.4f}" for v in hist]
    text = ("# Image captioning experiment log\n\n```\n$ pip install opencv-python\n" + banner * 80 + "Training model "
            "for 6 epochs...\n" + "\n".join(lines) + "\nModel saved to ./model/best_model.h5\n```\n")
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "img2txt.log.md").write_text(text, encoding="utf-8")
    assert _ids(tmp_path / "run") == ["img2txt.log.md"]
    df, _ = _read(tmp_path / "run")
    assert _series(df, "loss") == (list(range(1, 7)), [round(float(f"{v:.4f}"), 4) for v in hist])


def test_markdown_readme_naming_a_loss_without_progress_lines_stays_documentation(tmp_path):
    text = "# Results\n\n" + PROSE * 80 + "| model | final loss |\n|---|---|\n| A | 0.31 |\n| B | 0.28 |\n"
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    (tmp_path / "history.csv").write_text("epoch,loss\n0,1.0\n1,0.5\n2,0.3\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert _ids(tmp_path) == ["history.csv"]
    assert not [w for w in caught if "README.md" in str(w.message)]


def test_checkpoint_save_note_restating_the_metric_is_not_a_second_point(tmp_path, history):
    log = tmp_path / "FT.md"
    lines = ["First 12 epochs", "", "```"]
    best = -1.0
    for h in history:
        if h["val_acc"] > best:
            best = h["val_acc"]
            lines.append(f"Saving model at Epoch {h['epoch']} with Validation Accuracy: {100 * h['val_acc']:.2f}%")
        lines.append(f"Epoch {h['epoch']}/12 - Train Loss: {h['train_loss']:.4f}, Train Accuracy: "
                     f"{100 * h['train_acc']:.2f}%, Validation Loss: {h['val_loss']:.4f}, Validation Accuracy: "
                     f"{100 * h['val_acc']:.2f}%")
    log.write_text("\n".join(lines + ["```", ""]), encoding="utf-8")
    df, _ = _read(log)
    steps, values = _series(df, "Validation_Accuracy")
    assert values == [round(100 * h["val_acc"], 4) for h in history]
    assert "at_Epoch" not in set(df.tag)


def test_save_note_that_is_the_only_print_of_its_series_stays(tmp_path, history):
    log = tmp_path / "train.log"
    lines = []
    best = float("inf")
    for h in history:
        lines.append(f"epoch {h['epoch']} train_loss {h['train_loss']:.4f}")
        if h["val_loss"] < best:
            best = h["val_loss"]
            lines.append(f"Saving model at epoch {h['epoch']} with val_loss {h['val_loss']:.4f}")
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, _ = _read(log)
    saved = [h for i, h in enumerate(history) if h["val_loss"] < min([x["val_loss"] for x in history[:i]] + [9e9])]
    # printed only on saving: still read (under the line's own words), its 'at epoch N' no series
    assert _series(df, "with_val_loss") == ([h["epoch"] for h in saved], [round(h["val_loss"], 4) for h in saved])
    assert "at_epoch" not in set(df.tag) and len(_series(df, "train_loss")[1]) == 12


def _keras_dice_run(path: Path) -> None:
    """A tiny real Keras segmentation net trained with ``dice_coef_loss = -dice_coef`` (the Keras U-Net idiom),
    logged by ``CSVLogger``: the loss runs from ~-0.3 towards -1 and ``val_loss`` is ``-val_dice_coef``."""
    import keras
    from keras import ops

    def dice_coef(y_true, y_pred):
        inter = ops.sum(y_true * y_pred)
        return (2.0 * inter + 1.0) / (ops.sum(y_true) + ops.sum(y_pred) + 1.0)

    def dice_coef_loss(y_true, y_pred):
        return -dice_coef(y_true, y_pred)

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(96, 8, 8, 1)).astype("float32")
    y = (x > 0.3).astype("float32")
    model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3, padding="same", activation="relu"),
                              keras.layers.Conv2D(1, 1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss=dice_coef_loss, metrics=[dice_coef])
    model.fit(x[:64], y[:64], validation_data=(x[64:], y[64:]), epochs=30, batch_size=16, verbose=0,
              callbacks=[keras.callbacks.CSVLogger(str(path))])


def test_negated_dice_loss_is_judged_by_the_rules(tmp_path):
    import loganalyzer
    from loganalyzer.verdict_second import negated_metric

    run = tmp_path / "unet"
    run.mkdir()
    _keras_dice_run(run / "training.csv")
    from loganalyzer.curves import find_curves

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        curves = find_curves(loganalyzer.load_run(loganalyzer.discover(str(run))[0]).scalars, x_hint="epoch")
    assert curves.val_loss.values.max() < 0 and curves.val_metric.tag == "val_dice_coef"
    assert negated_metric(curves)
    result = verdict(run)
    rules = verdict(run, use_model=False)
    assert (result.verdict, result.confidence) == (rules.verdict, rules.confidence)  # the rules' own call
    assert "rules alone would say" not in result.summary and "second opinion" not in result.summary


def test_ordinary_loss_beside_a_metric_is_no_negated_metric(tmp_path, history):
    from loganalyzer.curves_series import Curves, Series
    from loganalyzer.verdict_second import negated_metric

    steps = np.array([h["epoch"] for h in history])
    vl = Series("val_loss", "", "val_loss", steps, np.array([h["val_loss"] for h in history]), "epoch")
    va = Series("val_metric", "", "val_dice", steps, np.array([h["val_acc"] for h in history]), "epoch")
    assert not negated_metric(Curves(val_loss=vl, val_metric=va))
    neg = Series("val_loss", "", "val_loss", steps, -va.values, "epoch")
    assert negated_metric(Curves(val_loss=neg, val_metric=va))


# ------------------------------------------------------------- newcomer breaker F (printed logs of research code)

_CYAN, _GREEN, _MAGENTA, _RED, _END = "\033[36m", "\033[32m", "\033[35m", "\033[31m", "\033[0m"


def test_skorch_table_with_colours_and_a_rule_row_is_read_whole(tmp_path, history):
    """skorch's PrintLog (braindecode's EEG trainings): tabulate's 'simple' table, a rule of dashes under the
    header, each column's new best value wrapped in its ANSI colour (skorch's ``Ansi``), written to a file."""
    names = ["epoch", "train_accuracy", "train_loss", "valid_accuracy", "valid_loss", "dur"]
    widths = [7, 16, 12, 16, 12, 6]
    keys = {"train_accuracy": ("train_acc", max, _CYAN), "train_loss": ("train_loss", min, _GREEN),
            "valid_accuracy": ("val_acc", max, _MAGENTA), "valid_loss": ("val_loss", min, _RED)}
    lines = ["  ".join(n.rjust(w) for n, w in zip(names, widths)), "  ".join("-" * w for w in widths)]
    best: dict = {}
    for h in history:
        cells = [str(h["epoch"]).rjust(widths[0])]
        for name, w in zip(names[1:5], widths[1:5]):
            key, better, colour = keys[name]
            text = f"{h[key]:.4f}".rjust(w)
            if name not in best or better(h[key], best[name]) == h[key] and h[key] != best[name]:
                best[name] = h[key]
                text = colour + text + _END
            cells.append(text)
        cells.append("0.0512".rjust(widths[5]))
        lines.append("  ".join(cells))
    path = tmp_path / "bci_subject3.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "\033[" in path.read_text()
    df, caught = _read(path)
    assert _series(df, "valid_loss") == (list(range(1, 13)), [round(h["val_loss"], 4) for h in history])
    assert _series(df, "train_accuracy")[1] == [round(h["train_acc"], 4) for h in history]
    assert not [m for m in caught if "not a number" in m or "row skipped" in m]


def test_pyg_example_splits_beside_the_loss_are_scores(tmp_path, history):
    """PyTorch Geometric's examples: ``log(Epoch=epoch, Loss=loss, Train=train_acc, Val=val_acc, Test=test_acc)``
    prints ``Epoch: 001, Loss: 1.0986, Train: 0.3500, Val: 0.3300, Test: 0.3400``."""
    path = tmp_path / "output.txt"
    path.write_text("".join(f"Epoch: {h['epoch']:03d}, Loss: {h['train_loss']:.4f}, Train: {h['train_acc']:.4f}, "
                            f"Val: {h['val_acc']:.4f}, Test: {h['val_acc'] - 0.01:.4f}\n" for h in history),
                    encoding="utf-8")
    df, _ = _read(path)
    assert {"Loss", "Train_score", "Val_score", "Test_score"} <= set(df.tag)
    assert _series(df, "Val_score") == (list(range(1, 13)), [round(h["val_acc"], 4) for h in history])
    import loganalyzer
    from loganalyzer.curves import find_curves

    curves = find_curves(loganalyzer.load_run(loganalyzer.discover(str(path))[0]).scalars)
    assert curves.val_metric is not None and curves.val_metric.tag == "Val_score"


def test_tslib_iteration_lines_and_epoch_summaries_share_one_axis(tmp_path):
    """Time-Series-Library (Informer/Autoformer) ``exp_long_term_forecasting.train``: ``\\titers: {i+1}, epoch:
    {epoch+1} | loss: {loss:.7f}`` every 100 iterations, then ``Epoch: {epoch+1}, Steps: {train_steps} | Train Loss:
    .. Vali Loss: .. Test Loss: ..``: epoch e ends at step 265 x e."""
    losses = _losses(100)
    lines = ["Args in experiment:", "train 8449", "val 2785", "test 2785"]
    for epoch in range(1, 6):
        for i in (100, 200):
            lines.append(f"\titers: {i}, epoch: {epoch} | loss: {losses[epoch * 2 + i // 100]:.7f}")
            lines.append(f"\tspeed: 0.0512s/iter; left time: {1104.5 - 100 * epoch:.4f}s")
        lines.append(f"Epoch: {epoch} cost time: 14.84")
        lines.append(f"Epoch: {epoch}, Steps: 265 | Train Loss: {losses[epoch]:.7f} Vali Loss: "
                     f"{losses[epoch] + 0.1:.7f} Test Loss: {losses[epoch] + 0.05:.7f}")
        lines.append("Updating learning rate to 0.0001")
    path = tmp_path / "train.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, _ = _read(path)
    assert _series(df, "Train_Loss")[0] == [265 * e for e in range(1, 6)]
    assert _series(df, "loss")[0] == [265 * (e - 1) + i for e in range(1, 6) for i in (100, 200)]


def test_counter_columns_named_with_number_are_the_step(tmp_path):
    """``epoch_number,step_number,training_loss`` (a pandas DataFrame of a fine-tune's per-step losses, public
    novatag89 ``train_metrics.csv``): ``step_number`` is the step, not the row number and a series."""
    import pandas as pd

    losses = _losses(200)
    frame = pd.DataFrame({"epoch_number": [round(i / 40, 3) for i in range(40)],
                          "step_number": [5 * (i + 1) for i in range(40)], "training_loss": losses})
    frame.to_csv(tmp_path / "train_metrics.csv", index=False)
    df, caught = _read(tmp_path / "train_metrics.csv")
    assert _series(df, "training_loss") == ([5 * (i + 1) for i in range(40)], losses)
    assert "step_number" not in set(df.tag) and not [m for m in caught if "row number" in m]


def test_a_stale_evaluation_printed_on_every_line_is_not_the_training_loss(tmp_path):
    """ezpz's trainer prints its one evaluation again on every progress line (``step=5 loss=3.66 .. train_loss=4.29
    val_loss=4.29``): the training loss is ``loss``, which moves, not the constant copy."""
    import loganalyzer
    from loganalyzer.curves import find_curves

    losses = _losses(100)
    log = tmp_path / "job" / "train.log"
    log.parent.mkdir()
    with _file_logger(log, "ezpz.stale", "[%(asctime)s][%(levelname)s][trainer:837] - %(message)s") as logger:
        for k, loss in enumerate(losses, 1):
            logger.info(f"step={5 * k} loss={loss:.4f} dt=85.2 sps=93.8 train_loss=4.2922 val_loss=4.2905")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        curves = find_curves(loganalyzer.load_run(loganalyzer.discover(str(log.parent))[0]).scalars)
    assert curves.train_loss.tag == "loss"
    assert any("printed one value at every one of its logs" in n for n in curves.notes)
    assert verdict(log.parent).verdict != "stalled"


def test_grpo_loss_growing_from_zero_with_its_kl_is_judged_on_the_reward(tmp_path):
    """TRL's GRPO prints the Trainer's log dicts: ``loss`` is exactly 0 at the start (group-normalised advantages:
    the policy term is 0 on-policy; the KL to the reference starts at 0) and then grows as beta x KL while the reward
    rises: a tiny real GRPO on a 4-armed bandit (softmax policy, groups of 8 samples, beta 0.04)."""
    import torch

    torch.manual_seed(0)
    logits = torch.zeros(4, requires_grad=True)
    ref = torch.zeros(4)
    pay = torch.tensor([0.1, 0.2, 0.3, 0.9])
    opt = torch.optim.Adam([logits], lr=0.05)
    lines = []
    for step in range(1, 121):
        probs = torch.softmax(logits, 0)
        acts = torch.multinomial(probs.detach(), 8, replacement=True)
        rewards = (torch.rand(8) < pay[acts]).float()
        adv = (rewards - rewards.mean()) / (rewards.std() + 1e-4)
        logp = torch.log_softmax(logits, 0)[acts]
        ratio = torch.exp(logp - logp.detach())
        kl = (probs * (torch.log_softmax(logits, 0) - torch.log_softmax(ref, 0))).sum()
        loss = -(ratio * adv).mean() + 0.04 * kl
        opt.zero_grad()
        loss.backward()
        opt.step()
        lines.append(str({"loss": round(loss.item(), 4) + 0.0, "grad_norm": 1.0, "learning_rate": 1e-06,
                          "reward": round(rewards.mean().item(), 4), "kl": round(kl.item(), 4),
                          "epoch": round(step / 120, 4)}))
    run = tmp_path / "grpo"
    run.mkdir()
    (run / "grpo.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines[0].startswith("{'loss': 0.0,")
    result = verdict(run)
    assert result.verdict == "healthy" and "judged on the reward" in result.summary, result.summary


def test_a_constant_loss_stays_chosen_beside_a_short_constant_one(tmp_path):
    """A run whose per-step loss is 0.0 at every one of its 115 logs and whose per-epoch aggregate is 0.0 at its 3
    (public lyricalign43 v7, labelled stalled): no loss there moves, so no copy is set aside."""
    import pandas as pd
    from loganalyzer.curves import find_curves

    rows = [("", "train_loss_step", s, 0.0, float(s)) for s in range(115)]
    rows += [("", "train_loss_epoch", s, 0.0, float(s)) for s in (28, 57, 86)]
    table = pd.DataFrame(rows, columns=["dir", "tag", "step", "value", "wall_time"])
    curves = find_curves(table)
    assert curves.train_loss.tag == "train_loss_step"
    assert not any("printed one value" in n for n in curves.notes)


# ------------------------------------------------------------- a fresh breaker on the rules above (all read right now)


def test_readme_with_two_example_lines_past_the_head_is_no_run(tmp_path):
    (tmp_path / "README.md").write_text("# Project\n\n" + PROSE * 60 + "Example output:\n\n```\nstep=10 loss=2.31\n"
                                        "step=20 loss=2.05\n```\n", encoding="utf-8")
    (tmp_path / "history.csv").write_text("epoch,loss\n0,1.0\n1,0.5\n2,0.3\n", encoding="utf-8")
    assert _ids(tmp_path) == ["history.csv"]


def test_save_notes_differing_from_an_early_evaluation_keep_their_values(tmp_path, history):
    lines = [f"val_loss: 1.1500, val_acc: 0.3000"]
    for h in history:
        lines.append(f"epoch {h['epoch']} loss: {h['train_loss']:.4f}")
        lines.append(f"Saving checkpoint at epoch {h['epoch']} with val_loss: {h['val_loss']:.4f}, "
                     f"val_acc: {h['val_acc']:.4f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, _ = _read(tmp_path / "train.log")
    assert len(_series(df, "val_acc")[1]) == 1 + len(history)


def test_an_epoch_line_led_by_the_best_so_far_is_read(tmp_path, history):
    best = float("inf")
    lines = []
    for h in history:
        best = min(best, h["val_loss"])
        lines.append(f"[best {best:.4f} @ epoch {h['epoch']}] epoch {h['epoch']} train_loss={h['train_loss']:.4f} "
                     f"val_loss={h['val_loss']:.4f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, _ = _read(tmp_path / "train.log")
    assert _series(df, "val_loss")[1] == [round(h["val_loss"], 4) for h in history]


def test_pyg_regression_errors_keep_their_names(tmp_path, history):
    """PyG's regression examples print ``Val: <MAE>`` the same way: falling errors, no scores."""
    path = tmp_path / "log.txt"
    path.write_text("".join(f"Epoch: {h['epoch']:03d}, Loss: {h['train_loss']:.4f}, Val: {h['val_loss'] / 4:.4f}, "
                            f"Test: {h['val_loss'] / 4 + 0.01:.4f}\n" for h in history), encoding="utf-8")
    df, _ = _read(path)
    assert {"Val", "Test"} <= set(df.tag) and not {"Val_score", "Test_score"} & set(df.tag)


def test_rllib_progress_keeps_its_env_steps(tmp_path):
    """RLlib's trial ``progress.csv`` has ``training_iteration`` and ``timesteps_total``: the env steps are the axis."""
    import pandas as pd

    run = tmp_path / "PPO_CartPole-v1_0"
    run.mkdir()
    pd.DataFrame({"episode_reward_mean": [20.0 + 15 * i for i in range(12)],
                  "timesteps_total": [4000 * (i + 1) for i in range(12)],
                  "training_iteration": list(range(1, 13)),
                  "info/learner/default_policy/learner_stats/total_loss": [8.0 - 0.5 * i for i in range(12)]}
                 ).to_csv(run / "progress.csv", index=False)
    df, _ = _read(run)
    assert _series(df, "episode_reward_mean")[0] == [4000 * (i + 1) for i in range(12)]
