"""``curves.find_curves``: which series plays which role, for every naming convention met in real logs, on the
52 real runs (hand-made expectations below), with overrides and config files."""
from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loganalyzer.config import ConfigError, find_config, load_config
from loganalyzer.curves import Curves, Series, find_curves, words

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL_LOGS = SHARED / "real_logs"


# ---------------------------------------------------------------- building tidy tables


def tidy(*series: tuple) -> pd.DataFrame:
    """A tidy scalars table from (tag, steps, values) or (dir, tag, steps, values) tuples, as ``load`` returns it."""
    rows = []
    for s in series:
        d, tag, steps, values = s if len(s) == 4 else ("", *s)
        steps = list(steps)
        values = list(values) if np.ndim(values) else [values] * len(steps)
        assert len(steps) == len(values)
        rows += [(d, tag, int(st), float(v), math.nan) for st, v in zip(steps, values)]
    frame = pd.DataFrame(rows, columns=["dir", "tag", "step", "value", "wall_time"])
    frame = frame.sort_values(["dir", "tag", "step"], kind="stable").reset_index(drop=True)
    frame["dir"] = frame["dir"].astype("category")
    frame["tag"] = frame["tag"].astype("category")
    frame["step"] = frame["step"].astype(np.int64)
    return frame


def falling(n: int, start: float = 2.0, end: float = 0.5) -> np.ndarray:
    return np.geomspace(start, end, n)


def name(s: Series | None) -> str | None:
    return None if s is None else s.name


def note_for(curves: Curves, prefix: str) -> str:
    found = [n for n in curves.notes if n.startswith(prefix)]
    assert len(found) == 1, (prefix, curves.notes)
    return found[0]


# ---------------------------------------------------------------- (a) naming conventions


@pytest.mark.parametrize(
    "train_tag, val_tag",
    [
        ("Loss/train", "Loss/val"),  # torch add_scalar with metric-first names
        ("train/loss", "val/loss"),
        ("train_loss", "val_loss"),
        ("loss", "val_loss"),  # Keras: the unmarked loss is the training loss
        ("loss", "eval_loss"),  # HF trainer_state
        ("train/loss", "eval/loss"),  # HF runs/ event files
        ("train_loss", "valid_loss"),
        ("loss", "validation_epoch_average"),  # a Lightning module's own val average
        ("trainLoss", "valLoss"),  # camelCase
        ("loss/training", "loss/validation"),
    ],
)
def test_train_and_validation_names(train_tag, val_tag):
    frame = tidy((train_tag, range(0, 100, 10), falling(10)), (val_tag, [49, 99], [1.0, 0.9]),
                 ("hp_metric", [0], [-1.0]))
    curves = find_curves(frame)
    assert name(curves.train_loss) == train_tag
    assert name(curves.val_loss) == val_tag
    assert curves.unusable_reason is None
    assert curves.train_loss.role == "train_loss" and curves.val_loss.role == "val_loss"
    assert curves.train_loss.x == "step"
    assert note_for(curves, "training loss:").startswith(f"training loss: {train_tag}")
    assert note_for(curves, "validation loss:").startswith(f"validation loss: {val_tag}")


def test_series_arrays_are_typed_sorted_and_keep_nonfinite_values():
    # hand-built, unsorted, plain-string columns: the stage must not rely on the loader's sorting
    frame = pd.DataFrame({
        "dir": ["", "", "", "", ""],
        "tag": ["train_loss", "train_loss", "val_loss", "train_loss", "train_loss"],
        "step": [30, 10, 5, 20, 40],
        "value": [math.nan, 1.0, 0.7, math.inf, 0.2],
        "wall_time": [math.nan] * 5,
    })
    curves = find_curves(frame)
    t = curves.train_loss
    assert t.steps.dtype == np.int64 and t.values.dtype == np.float64
    assert t.steps.tolist() == [10, 20, 30, 40]
    assert t.values[0] == 1.0 and np.isposinf(t.values[1]) and np.isnan(t.values[2]) and t.values[3] == 0.2
    assert curves.val_loss.steps.tolist() == [5]


def test_nan_only_loss_is_still_the_loss():
    frame = tidy(("train_loss", range(10), [math.nan] * 10), ("train_accuracy", range(10), 1.0))
    curves = find_curves(frame)
    assert name(curves.train_loss) == "train_loss"
    assert np.isnan(curves.train_loss.values).all() and len(curves.train_loss.steps) == 10
    assert curves.unusable_reason is None  # a NaN loss is a verdict (nan), not an unusable run


def test_keras_csv_everything_counts_epochs():
    frame = tidy(
        ("accuracy", range(20), 0.5), ("loss", range(20), falling(20)), ("lr", range(20), 1e-3),
        ("val_accuracy", range(20), 0.4), ("val_loss", range(20), falling(20, 2.1, 0.7)),
    )
    curves = find_curves(frame, x_hint="epoch")
    assert (name(curves.train_loss), name(curves.val_loss)) == ("loss", "val_loss")
    assert (name(curves.train_acc), name(curves.val_acc), name(curves.lr)) == ("accuracy", "val_accuracy", "lr")
    assert {s.x for s in (curves.train_loss, curves.val_loss, curves.lr, curves.train_acc, curves.val_acc)} == {"epoch"}
    assert curves.val_loss.steps.tolist() == list(range(20))  # nothing converted: both on epochs
    assert not any(n.startswith("x axis") for n in curves.notes)


def test_keras_tensorboard_dirs_decide_the_role():
    frame = tidy(
        ("train", "epoch_loss", range(8), falling(8)),
        ("train", "epoch_accuracy", range(8), 0.6),
        ("train", "epoch_learning_rate", range(8), 1e-3),
        ("validation", "epoch_loss", range(8), falling(8, 2.2, 0.9)),
        ("validation", "epoch_accuracy", range(8), 0.5),
    )
    curves = find_curves(frame)
    assert (curves.train_loss.dir, curves.train_loss.tag) == ("train", "epoch_loss")
    assert (curves.val_loss.dir, curves.val_loss.tag) == ("validation", "epoch_loss")
    assert name(curves.lr) == "train/epoch_learning_rate"
    assert (name(curves.train_acc), name(curves.val_acc)) == ("train/epoch_accuracy", "validation/epoch_accuracy")
    # Keras writes epoch_* at step = epoch
    assert curves.train_loss.x == "epoch" and curves.val_loss.x == "epoch"


def test_keras_tensorboard_batch_loss_puts_validation_epochs_on_steps():
    # 10 epochs of 50 batches: batch_loss at global batch 0..499, epoch_loss at epochs 0..9
    frame = tidy(
        ("train", "batch_loss", range(500), falling(500)),
        ("train", "epoch_loss", range(10), falling(10)),
        ("validation", "epoch_loss", range(10), falling(10, 2.5, 1.0)),
    )
    curves = find_curves(frame)
    assert name(curves.train_loss) == "train/batch_loss" and curves.train_loss.x == "step"
    assert name(curves.val_loss) == "validation/epoch_loss"
    assert curves.val_loss.x == "step"
    assert curves.val_loss.steps.tolist() == [49 + 50 * e for e in range(10)]  # the last batch of each epoch
    assert "density" in note_for(curves, "x axis:")


def test_epochs_converted_through_the_epoch_counter():
    # a hand-written loop: train/loss per step, val/loss at add_scalar(..., epoch); epochs of uneven length
    ends = [99, 249, 349, 499]
    epoch_steps = list(range(0, 500, 10))
    epoch_values = [sum(s > e for e in ends) for s in epoch_steps]
    frame = tidy(
        ("train/loss", range(0, 500, 10), falling(50)),
        ("val/loss", range(4), [1.5, 1.2, 1.0, 0.9]),
        ("epoch", epoch_steps, epoch_values),
    )
    curves = find_curves(frame)
    assert name(curves.val_loss) == "val/loss"
    assert curves.val_loss.x == "step"
    assert curves.val_loss.steps.tolist() == [90, 240, 340, 490]  # last logged step of each epoch
    assert curves.val_loss.values.tolist() == [1.5, 1.2, 1.0, 0.9]
    notes = [n for n in curves.notes if n.startswith("x axis:")]
    assert any("epoch indices" in n for n in notes) and any("`epoch` series" in n for n in notes)


def test_lightning_validation_at_epoch_end_steps_is_left_alone():
    frame = tidy(
        ("train_loss_step", range(49, 1000, 50), falling(20)),
        ("train_loss_epoch", [199, 399, 599, 799, 999], falling(5)),
        ("val_loss", [199, 399, 599, 799, 999], falling(5, 1.9, 0.8)),
        ("epoch", range(49, 1000, 50), [s // 200 for s in range(49, 1000, 50)]),
    )
    curves = find_curves(frame)
    assert name(curves.train_loss) == "train_loss_step"
    assert "per-step" in note_for(curves, "training loss:")
    assert curves.val_loss.steps.tolist() == [199, 399, 599, 799, 999]
    assert curves.val_loss.x == "step"
    assert not any(n.startswith("x axis") for n in curves.notes)


def test_lightning_epoch_series_wins_when_it_is_denser():
    # full-batch training: an epoch every 8 steps, per-step values logged every 50 steps
    frame = tidy(
        ("train_loss_step", range(49, 8000, 50), falling(160)),
        ("train_loss_epoch", range(7, 8000, 8), falling(1000)),
        ("epoch", range(7, 8000, 8), range(1000)),
    )
    curves = find_curves(frame)
    assert name(curves.train_loss) == "train_loss_epoch"
    note = note_for(curves, "training loss:")
    assert "per-epoch series has more points" in note and "1000 vs 160" in note


def test_hf_summary_train_loss_is_never_the_curve():
    steps = list(range(10, 510, 10))
    frame = tidy(
        ("loss", steps, falling(50)), ("grad_norm", steps, 1.0), ("learning_rate", steps, 5e-5),
        ("epoch", steps + [500], [s / 500 for s in steps] + [1.0]),
        ("eval_loss", [100, 200, 300, 400, 500], falling(5, 1.5, 1.0)),
        # the final summary entry; a resumed run can leave two of them, still summaries
        ("train_loss", [250, 500], [0.9, 0.8]), ("train_runtime", [250, 500], [100.0, 200.0]),
        ("total_flos", [500], 1e15),
    )
    curves = find_curves(frame)
    assert name(curves.train_loss) == "loss"
    assert name(curves.val_loss) == "eval_loss"
    assert (name(curves.lr), name(curves.grad_norm)) == ("learning_rate", "grad_norm")
    assert "train_loss is the run summary" in note_for(curves, "training loss:")
    assert not curves.components


def test_explicit_train_loss_beats_an_unmarked_one():
    frame = tidy(("loss", range(10), falling(10)), ("train/loss", range(10), falling(10)))
    curves = find_curves(frame)
    assert name(curves.train_loss) == "train/loss"
    assert "over loss" in note_for(curves, "training loss:")


def test_ray_tune_duplicate_prefers_the_plain_name():
    frame = tidy(("train_loss", range(10), falling(10)), ("ptl/val_loss", [4, 9], [1.0, 0.9]),
                 ("valid_loss", [4, 9], [1.0, 0.9]))
    curves = find_curves(frame)
    assert name(curves.val_loss) == "valid_loss"
    assert "over ptl/val_loss" in note_for(curves, "validation loss:")


def test_indexed_copies_are_neither_the_loss_nor_components():
    frame = tidy(("train_loss", range(0, 100, 5), falling(20)), ("train_loss_0", [19, 39], [1.0, 0.8]),
                 ("valid_loss_0", [19, 39], [1.1, 0.9]), ("valid_loss", [19, 39], [1.1, 0.9]),
                 ("val_loss/dataloader_idx_1", [19, 39], [2.0, 1.9]))
    curves = find_curves(frame)
    assert (name(curves.train_loss), name(curves.val_loss)) == ("train_loss", "valid_loss")
    assert curves.components == ()


def test_vae_components_are_not_the_total():
    # KL warm-up: the total rises while the likelihood term is flat
    n = 30
    frame = tidy(
        ("train_loss_step", range(n), np.linspace(0.3, 150, n)),
        ("train_loss_epoch", range(9, n, 10), [1.0, 50.0, 140.0]),
        ("train_kl_step", range(n), 7e5), ("train_kl_epoch", range(9, n, 10), 7e5),
        ("train_nll_step", range(n), 0.3), ("train_nll_epoch", range(9, n, 10), 0.3),
        ("kl_weight", range(n), np.linspace(0, 1, n)),
        ("val_loss", range(9, n, 10), [0.5, 0.5, 0.5]),
    )
    curves = find_curves(frame)
    assert name(curves.train_loss) == "train_loss_step"
    assert [c.name for c in curves.components] == ["train_kl_step", "train_nll_step"]
    assert all(c.role == "component" for c in curves.components)
    assert "train_kl_step" in note_for(curves, "loss components")


@pytest.mark.parametrize("component", ["kl_loss", "recon_loss", "dynamics_loss", "reg_loss", "aux_loss", "loss_ce",
                                       "train/kl", "nll", "initial_theta_loss"])
def test_a_component_never_replaces_an_existing_total(component):
    frame = tidy((component, range(100), np.linspace(5, 0.1, 100)), ("loss", range(0, 100, 10), falling(10)),
                 ("val_loss", [49, 99], [1.0, 0.9]))
    curves = find_curves(frame)
    assert name(curves.train_loss) == "loss"
    assert [c.name for c in curves.components] == [component]


def test_total_loss_and_mean_loss_are_plain_names():
    frame = tidy(("total_loss", range(10), falling(10)), ("recon_loss", range(10), falling(10)),
                 ("kl_loss", range(10), 0.1))
    assert name(find_curves(frame).train_loss) == "total_loss"
    pinn = tidy(("Conductor_Copper_loss", range(10), 1.0), ("initial_phi_port_port1_loss", range(10), 1.0),
                ("mean_loss", range(10), falling(10)), ("epoch", range(10), range(10)))
    curves = find_curves(pinn)
    assert name(curves.train_loss) == "mean_loss"
    assert [c.name for c in curves.components] == ["Conductor_Copper_loss", "initial_phi_port_port1_loss"]
    assert curves.val_loss is None and note_for(curves, "validation loss:").startswith("validation loss: none")


def test_only_components_and_no_total_is_unusable():
    frame = tidy(("recon_loss", range(10), falling(10)), ("kl_loss", range(10), 0.1))
    curves = find_curves(frame)
    assert curves.train_loss is None
    assert curves.unusable_reason is not None
    assert "only loss components" in curves.unusable_reason and "kl_loss" in curves.unusable_reason
    assert [c.name for c in curves.components] == ["kl_loss", "recon_loss"]


def test_a_lone_component_named_loss_is_the_loss():
    curves = find_curves(tidy(("recon_loss", range(10), falling(10)), ("val_recon_loss", [9], 0.5)))
    assert name(curves.train_loss) == "recon_loss"
    assert name(curves.val_loss) == "val_recon_loss"
    qualified = find_curves(tidy(("loss_ce", range(10), falling(10))))
    assert name(qualified.train_loss) == "loss_ce"
    assert "no plainly named loss" in note_for(qualified, "training loss:")


def test_test_loss_is_validation_only_when_nothing_else_exists():
    alone = find_curves(tidy(("train_loss", range(10), falling(10)), ("test_loss", [10], 0.4)))
    assert name(alone.val_loss) == "test_loss"
    assert note_for(alone, "validation loss:").startswith("validation loss: test_loss (no validation series")
    both = find_curves(tidy(("train_loss", range(10), falling(10)), ("test_loss", [10], 0.4),
                            ("val_loss", [4, 9], [0.6, 0.5]), ("predict_loss", [4, 9], [0.6, 0.5])))
    assert name(both.val_loss) == "val_loss"


def test_single_point_train_loss_is_not_a_curve():
    frame = tidy(("train_loss", [9999], 0.68), ("val_loss", range(199, 10000, 200), 0.69),
                 ("train_acc", range(199, 10000, 200), 0.5))
    curves = find_curves(frame)
    assert curves.train_loss is None
    assert name(curves.val_loss) == "val_loss"
    assert curves.unusable_reason is None
    assert "single point" in note_for(curves, "training loss:")
    only = find_curves(tidy(("train_loss", [10], 0.5), ("epoch", [10], 0.0)))
    assert only.train_loss is None and only.val_loss is None
    assert "train_loss (1 point)" in only.unusable_reason


def test_no_loss_at_all_names_the_tags():
    frame = tidy(("accuracy", range(5), 0.5), ("train/f1", range(5), 0.4), ("eval/bleu", [4], 20.0))
    curves = find_curves(frame)
    assert curves.train_loss is None and curves.val_loss is None
    assert curves.unusable_reason.startswith("no series named like a loss; tags: ")
    for tag in ("accuracy", "train/f1", "eval/bleu"):
        assert tag in curves.unusable_reason
    assert name(curves.train_acc) == "accuracy"  # other roles are still found


def test_empty_table():
    curves = find_curves(tidy())
    assert curves.unusable_reason == "no scalar series at all"
    assert curves.train_loss is None and curves.components == ()


def test_runtime_is_no_loss_and_perplexity_alone_is_judged_as_one():
    """Runtimes and FLOPs are never a loss; a perplexity (exp of the cross-entropy) logged with no loss is judged
    as the loss, said in a note (a held-out language model logging only its train/validation perplexity was
    `unknown`: readers17a)."""
    frame = tidy(("train_perplexity_step", range(10), 100.0), ("eval_runtime", [9], 3.0), ("total_flos", [9], 1.0),
                 ("epoch_time", [9], 3.0))
    curves = find_curves(frame)
    assert curves.train_loss.name == "train_perplexity_step" and curves.val_loss is None
    assert any("`train_perplexity_step` is judged as the loss" in n for n in curves.notes)
    frame = tidy(("eval_runtime", [9], 3.0), ("total_flos", [9], 1.0), ("epoch_time", range(10), 3.0))
    assert find_curves(frame).unusable_reason.startswith("no series named like a loss")


@pytest.mark.parametrize("tag", ["lr-Adam", "lr-SGD", "learning_rate", "lr", "train/learning_rate", "lr-AdamW/pg1",
                                 "LearningRate"])
def test_learning_rate_names(tag):
    frame = tidy(("loss", range(10), falling(10)), (tag, range(10), 1e-3), ("lr-Adam-momentum", range(10), 0.9))
    assert name(find_curves(frame).lr) == tag


def test_keras_epoch_learning_rate_and_first_param_group():
    frame = tidy(("train", "epoch_loss", range(5), falling(5)), ("train", "epoch_learning_rate", range(5), 1e-3))
    assert name(find_curves(frame).lr) == "train/epoch_learning_rate"
    groups = tidy(("loss", range(10), falling(10)), ("lr-Adam/pg2", range(10), 1e-4), ("lr-Adam/pg1", range(10), 1e-3))
    assert name(find_curves(groups).lr) == "lr-Adam/pg1"


@pytest.mark.parametrize("tag", ["grad_norm", "train/grad_norm", "grad_2.0_norm_total", "gradient_norm"])
def test_gradient_norm_names(tag):
    frame = tidy(("loss", range(10), falling(10)), (tag, range(10), 1.0),
                 ("grad_2.0_norm/encoder.layer1.weight", range(10), 0.1))
    assert name(find_curves(frame).grad_norm) == tag


@pytest.mark.parametrize(
    "tag, role",
    [("acc", "train_acc"), ("accuracy", "train_acc"), ("train_acc", "train_acc"), ("train_accuracy", "train_acc"),
     ("categorical_accuracy", "train_acc"), ("mean_token_accuracy", "train_acc"), ("val_accuracy", "val_acc"),
     ("val_acc", "val_acc"), ("eval_accuracy", "val_acc"), ("val_categorical_accuracy", "val_acc"),
     ("eval_mean_token_accuracy", "val_acc"), ("valid_accuracy", "val_acc"), ("test_acc", "val_acc")],
)
def test_accuracy_names(tag, role):
    curves = find_curves(tidy(("loss", range(10), falling(10)), (tag, range(10), 0.5)))
    other = "val_acc" if role == "train_acc" else "train_acc"
    assert name(getattr(curves, role)) == tag
    assert getattr(curves, other) is None


def test_accuracy_prefers_plain_names_and_validation_over_test():
    frame = tidy(("loss", range(10), falling(10)), ("val_char_acc", range(10), 0.5), ("val_acc", range(10), 0.5),
                 ("test_acc", [10], 0.6))
    assert name(find_curves(frame).val_acc) == "val_acc"


def test_add_scalars_subdirectories():
    # add_scalars('Loss', {'train': ..., 'val': ...}): the role is in the dir, the metric in the tag
    frame = tidy(("Loss_train", "Loss", range(10), falling(10)), ("Loss_val", "Loss", [4, 9], [1.0, 0.9]))
    curves = find_curves(frame)
    assert name(curves.train_loss) == "Loss_train/Loss"
    assert name(curves.val_loss) == "Loss_val/Loss"
    # add_scalars('train', {'loss': ..., 'acc': ...}): the metric is in the dir, the role in the tag
    frame = tidy(("train_loss", "train", range(10), falling(10)), ("train_acc", "train", range(10), 0.5),
                 ("val_loss", "val", [4, 9], [1.0, 0.9]), ("val_acc", "val", [4, 9], 0.4))
    curves = find_curves(frame)
    assert (name(curves.train_loss), name(curves.val_loss)) == ("train_loss/train", "val_loss/val")
    assert (name(curves.train_acc), name(curves.val_acc)) == ("train_acc/train", "val_acc/val")


def test_x_hint_is_checked():
    with pytest.raises(ValueError, match="x_hint"):
        find_curves(tidy(("loss", range(3), 1.0)), x_hint="epochs")


def test_words():
    assert words("lr-Adam/pg1") == ["lr", "adam", "pg", "1"]
    assert words("valLoss") == ["val", "loss"]
    assert words("NLLLoss") == ["nll", "loss"]
    assert words("train/loss_epoch") == ["train", "loss", "epoch"]


# ---------------------------------------------------------------- (c) overrides and config files


def keras_tb_frame() -> pd.DataFrame:
    return tidy(
        ("train", "epoch_loss", range(8), falling(8)),
        ("validation", "epoch_loss", range(8), falling(8, 2.2, 0.9)),
        ("train_loss_step", range(8), falling(8)), ("train_loss_epoch", range(8), falling(8)),
        ("val_loss", range(8), falling(8)), ("aux_loss", range(8), 1.0),
    )


def test_override_by_tag_is_used_as_is():
    curves = find_curves(keras_tb_frame(), train_series="train_loss_epoch", val_series="aux_loss")
    assert name(curves.train_loss) == "train_loss_epoch"
    assert name(curves.val_loss) == "aux_loss"
    assert note_for(curves, "training loss:") == "training loss: train_loss_epoch (set by train_series)"
    assert note_for(curves, "validation loss:") == "validation loss: aux_loss (set by val_series)"
    assert "aux_loss" not in [c.name for c in curves.components]


@pytest.mark.parametrize("spec", ["validation:epoch_loss", "validation/epoch_loss"])
def test_override_by_dir_and_tag(spec):
    curves = find_curves(keras_tb_frame(), train_series="train:epoch_loss", val_series=spec)
    assert (curves.train_loss.dir, curves.train_loss.tag) == ("train", "epoch_loss")
    assert (curves.val_loss.dir, curves.val_loss.tag) == ("validation", "epoch_loss")


def test_override_of_a_tag_in_several_dirs_must_name_the_dir():
    with pytest.raises(ValueError, match=r"several dirs.*train:epoch_loss.*validation:epoch_loss"):
        find_curves(keras_tb_frame(), val_series="epoch_loss")


def test_override_naming_nothing_lists_close_matches():
    with pytest.raises(ValueError) as info:
        find_curves(keras_tb_frame(), val_series="val_los")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("val_series 'val_los' names no series of this run; close matches: val_loss")
    with pytest.raises(ValueError, match=r"train_series 'zzz' names no series of this run; series: "):
        find_curves(keras_tb_frame(), train_series="zzz")


def test_load_config_from_loganalyzer_toml_upward(tmp_path):
    (tmp_path / "loganalyzer.toml").write_text(
        'train_series = "train_loss_epoch"\nval_series = "validation:epoch_loss"\nnum_classes = 10\n'
        'anything_else = ["kept", "as is"]\n')
    deep = tmp_path / "runs" / "exp1" / "version_0"
    deep.mkdir(parents=True)
    cfg = load_config(deep)
    assert cfg == {"train_series": "train_loss_epoch", "val_series": "validation:epoch_loss", "num_classes": 10,
                   "anything_else": ["kept", "as is"]}
    curves = find_curves(keras_tb_frame(), train_series=cfg["train_series"], val_series=cfg["val_series"])
    assert (name(curves.train_loss), name(curves.val_loss)) == ("train_loss_epoch", "validation/epoch_loss")
    # a file as the start point searches from its directory
    log = deep / "metrics.csv"
    log.write_text("epoch,step,loss\n")
    assert load_config(log)["num_classes"] == 10


def test_load_config_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.loganalyzer]\nval_series = "eval_loss"\nnum_classes = 2\n')
    assert load_config(tmp_path) == {"val_series": "eval_loss", "num_classes": 2}
    assert find_config(tmp_path) == (tmp_path / "pyproject.toml").resolve()


def test_nearest_config_wins_and_plain_pyprojects_are_skipped(tmp_path):
    (tmp_path / "loganalyzer.toml").write_text('train_series = "outer"\n')
    inner = tmp_path / "project"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[tool.loganalyzer]\ntrain_series = "inner"\n')
    plain = inner / "sub"
    plain.mkdir()
    (plain / "pyproject.toml").write_text('[project]\nname = "no-config-here"\n[tool.black]\nline-length = 100\n')
    assert load_config(plain) == {"train_series": "inner"}  # the plain pyproject is not a config
    assert load_config(tmp_path) == {"train_series": "outer"}
    (inner / "loganalyzer.toml").write_text('train_series = "same-dir toml"\n')
    assert load_config(plain) == {"train_series": "same-dir toml"}  # loganalyzer.toml before pyproject.toml


def test_no_config_anywhere(tmp_path):
    if find_config(tmp_path) is not None:
        pytest.skip("a config file sits above the temporary directory")
    assert load_config(tmp_path) == {}


@pytest.mark.parametrize(
    "text, message",
    [("train_series = [", "not valid TOML"), ("num_classes = 1", "num_classes must be an integer >= 2"),
     ('num_classes = "10"', "num_classes must be an integer"), ("val_series = 3", "val_series must be a series name")],
)
def test_bad_config_is_one_clear_line(tmp_path, text, message):
    (tmp_path / "loganalyzer.toml").write_text(text + "\n")
    with pytest.raises(ConfigError, match=message) as info:
        load_config(tmp_path)
    assert isinstance(info.value, ValueError)
    assert str(tmp_path / "loganalyzer.toml") in str(info.value) and "\n" not in str(info.value)


# ---------------------------------------------------------------- (b) the real logs

# "<dir under real_logs>::<run id>": (training loss, validation loss, why) -- decided by hand from each run's tags
# and point counts before the code was written; None = no series for the role.
REAL_ROLES = {
    "abdulaa-lstm-textgen__version_0::.": ("train_loss", "val_loss", "Lightning TB, per-step train, per-epoch val"),
    **{f"brain-tumor-cnn__training_log::training_log.csv#{i}": ("loss", "val_loss", "Keras CSV, segment of 4")
       for i in range(1, 5)},
    "brats2020__training::training.log": ("loss", "val_loss", "Keras CSV; dice/IoU/precision are metrics"),
    "bullseye-da6401__version_13::.": ("train_loss_step", "val_loss", "_step 96 pts > _epoch 7; test_loss ignored"),
    "bullseye-da6401__version_15::.": ("train_loss_step", "val_loss", "_step 234 pts > _epoch 17"),
    "car-prediction-cnn__training::training.log": ("loss", "val_loss", "Keras CSV"),
    "cpt__trainer_state::.": ("loss", "eval_loss", "HF; train_loss is the summary, predict_loss is test"),
    "debajyoti-braintumor__version_1::.": ("train_loss", "test_loss", "no val series: 1-point test_loss"),
    "debajyoti-braintumor__version_3::.": ("train_loss", "test_loss", "same layout, every loss NaN"),
    "deepfake-detector__training_log::training_log.csv": ("loss", "val_loss", "Keras CSV"),
    "dlgn__version_0::.": ("train_loss", "val_loss", "Lightning TB, losses 1e12"),
    "dlgn__version_10::.": ("train_loss", "val_loss", "Lightning TB"),
    "dlgn__version_11::.": ("train_loss", "val_loss", "Lightning TB"),
    "dlgn__version_37::.": ("train_loss", "val_loss", "Lightning TB"),
    "dlgn__version_39::.": ("train_loss", "val_loss", "Lightning TB"),
    "dlgn__version_58::.": (None, "val_loss", "train_loss has 1 point (end of run): no train curve"),
    "dlgn__version_65::.": ("train_loss", "val_loss", "Lightning TB"),
    "emotion-resnet50__training::training.log": ("loss", "val_loss", "Keras CSV"),
    "eng-javanese-lstm__training_log::training_log.csv": ("loss", "val_loss", "Keras CSV"),
    "forestcover__version_0::.": ("train_loss", "valid_loss", "train_loss_0/valid_loss_0 are indexed copies"),
    "forestcover__version_33::.": ("train_loss", "valid_loss", "same"),
    "gemma3-1b__trainer_state::.": ("loss", "eval_loss", "HF; train_loss summary"),
    "hmm-miracles__version_108::.": ("train_loss_step", "val_loss", "KL-annealed VAE: kl/nll are components"),
    "hmm-miracles__version_60::.": ("train_loss_epoch", "val_loss",
                                    "_step 208 pts > _epoch 50, but the _step noise (0.06) exceeds all the _epoch "
                                    "series moved (0.007): the per-epoch aggregate (issue 9 kind 12)"),
    "hns-deeplearning__version_0::.": ("train_loss", None, "train only"),
    "hns-deeplearning__version_24::.": ("loss", "validation_epoch_average", "bare validation average"),
    "irfanet__logs191017_run1508353603::.": ("loss", "val_loss", "Keras/TF1 TB callback, one dir"),
    "irfanet__logs221017_run1508627367::.": ("loss", "val_loss", "Keras/TF1 TB callback, one dir"),
    "kankan__version_1::.": ("train_loss_epoch", "valid_loss", "_epoch 400 pts > _step 8; ptl/val_loss duplicate"),
    "labeled-contrastive__version_0::.": ("train_loss", "val_loss", "Lightning TB"),
    "lung-cancer__training_log::training_log.csv": ("loss", "val_loss", "Keras CSV"),
    "mt5-azerbaijani__trainer_state::.": ("loss", "eval_loss", "HF"),
    "pendulum-pinn__version_25::.": ("train_loss_epoch", None, "full batch: _epoch 1000 pts > _step 160"),
    "pendulum-pinn__version_28::.": ("train_loss_epoch", None, "_epoch 10000 pts > _step 6400"),
    "pendulum-pinn__version_8::.": ("train_loss_step", None, "_step 1260 pts > _epoch 1000"),
    "pinn-em__version_0::.": ("mean_loss", None, "mean of 4 named physics terms"),
    "pinn-em__version_13::.": ("mean_loss", None, "same, losses 1e25"),
    "pinn-em__version_14::.": ("mean_loss", None, "same, ends NaN"),
    "slm-training__version_0::.": ("train_loss_step", "val_loss", "perplexities are not losses"),
    "slm-training__version_5::.": ("train_loss_step", "val_loss", "resumed at epoch 10"),
    "slm-training__version_7::.": ("train_loss_step", None, "only _step logged"),
    "swahili-stt__mlflow_ed05f9cd::mlruns/1/ed05f9cd599442fe9a0c9222184710b8": (
        "artifacts/tensorboard_logs/train/epoch_loss", None, "dir train/ marks it; MLflow `loss` is a copy"),
    "t5-summarization-demo__Mar24_22-23-40::.": ("loss", "eval/loss", "the trainer_state copy `loss` of TB train/loss (one kept: load_hftb)"),
    "tinyllama-finetune__trainer_state::.": ("loss", "eval_loss", "HF (TRL)"),
    "tomato-leaf-cnn__training_log::training_log.csv": ("loss", "val_loss", "Keras CSV"),
    "vae-mirt__version_12::.": ("train_loss", None, "train only"),
    "voice-identification__speaker250::speaker250_training.log": ("loss", "val_loss", "Keras CSV, acc/val_acc"),
    "whisper-large-v2-ja__trainer_state::.": ("loss", "eval_loss", "HF; train_loss summary"),
    "whisper-small-braj__trainer_state::.": ("loss", "eval_loss", "HF, 5 train points"),
    "whisper-small-hi__trainer_state::.": ("loss", "eval_loss", "HF; train_loss summary"),
    "whisper-tiny-nb__trainer_state::.": ("loss", "eval_loss", "HF; train_loss summary"),
    "whisper-v2-flemish__trainer_state::.": ("loss", "eval_loss", "HF; train_loss summary"),
}

_PENDULUM_TERMS = ["dynamics_loss", "initial_omega_loss", "initial_theta_loss"]
_PINN_EM_TERMS = ["Conductor_Copper_loss", "Dielectric_Air_loss", "initial_phi_port_port1_loss",
                  "initial_phi_port_port2_loss"]
# every real run with loss components (all others have none); variants follow the total's _step/_epoch choice
REAL_COMPONENTS = {
    "hmm-miracles__version_108::.": ["train_kl_step", "train_nll_step"],
    "hmm-miracles__version_60::.": ["train_kl_epoch", "train_nll_epoch"],
    "pendulum-pinn__version_25::.": [f"{t}_epoch" for t in _PENDULUM_TERMS],
    "pendulum-pinn__version_28::.": [f"{t}_epoch" for t in _PENDULUM_TERMS],
    "pendulum-pinn__version_8::.": [f"{t}_step" for t in _PENDULUM_TERMS],
    "pinn-em__version_0::.": _PINN_EM_TERMS,
    "pinn-em__version_13::.": _PINN_EM_TERMS,
    "pinn-em__version_14::.": _PINN_EM_TERMS,
}


@pytest.fixture(scope="module")
def real_curves() -> dict[str, tuple[str, Curves]]:
    if not REAL_LOGS.is_dir():
        pytest.skip(f"{REAL_LOGS} is absent")
    discover = pytest.importorskip("loganalyzer.discover").discover
    load_run = pytest.importorskip("loganalyzer.load").load_run
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for d in sorted(p for p in REAL_LOGS.iterdir() if p.is_dir()):
            for run in discover(d):
                loaded = load_run(run)
                x_hint = "epoch" if run.format == "keras_csv" else "step"
                out[f"{d.name}::{run.id}"] = (run.format, find_curves(loaded.scalars, x_hint=x_hint))
    return out


def test_real_runs_match_the_table_exactly(real_curves):
    assert sorted(real_curves) == sorted(REAL_ROLES)


@pytest.mark.parametrize("key", sorted(REAL_ROLES))
def test_real_run_roles(real_curves, key):
    if key not in real_curves:
        pytest.fail(f"{key} not discovered")
    fmt, curves = real_curves[key]
    train, val, _why = REAL_ROLES[key]
    assert (name(curves.train_loss), name(curves.val_loss)) == (train, val), curves.notes
    assert curves.unusable_reason is None
    if key in REAL_COMPONENTS:
        assert [c.name for c in curves.components] == REAL_COMPONENTS[key]
    else:
        assert curves.components == ()
    for s in (curves.train_loss, curves.val_loss):
        if s is not None:
            assert s.x == ("epoch" if fmt == "keras_csv" or s.tag.startswith("epoch_") else "step")
            assert len(s.steps) == len(s.values) and (np.diff(s.steps) > 0).all()
