"""breaker41d: regressions breaker4 found in today's printed-log rules (mend41d).

Each test writes a few lines in the shape a training script prints and checks the series, steps and runs read
are what BASE (before the rule) read, or better.
"""
from __future__ import annotations

from loganalyzer import discover
from test_readers20a import _read, _series


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ R1-R4: labelled list keeps a split / counter label


def test_split_label_before_list_kept(tmp_path):
    """R1: ``Train: [loss: x, accuracy: y]`` / ``Validation: [loss: ..]``: two splits, not one doubled curve."""
    text = "".join(f"=> Epoch {e}\nTrain: [loss: {2 - 0.1 * e:.4f}, accuracy: 0.{50 + e}00]\n"
                   f"Validation: [loss: {2.5 - 0.1 * e:.4f}, accuracy: 0.{40 + e}00]\n" for e in range(1, 7))
    _write(tmp_path, "logs/train.log", text)
    df, _ = _read(tmp_path)
    assert "loss" not in set(df["tag"])
    assert len(_series(df, "Train_loss")[1]) == 6
    assert _series(df, "Validation_loss")[1][0] == 2.4


def test_eval_results_label_before_list_kept(tmp_path):
    """R2: ``epoch N loss: x`` then ``Eval results: [precision: .., recall: .., loss: ..]``."""
    text = "".join(f"epoch {e} loss: {2 - 0.1 * e:.4f}\nEval results: [precision: 0.{50 + e}, recall: 0.{40 + e}, "
                   f"loss: {2.5 - 0.1 * e:.4f}]\n" for e in range(1, 7))
    _write(tmp_path, "logs/train.log", text)
    df, _ = _read(tmp_path)
    assert _series(df, "loss")[1] == [1.9, 1.8, 1.7, 1.6, 1.5, 1.4]
    assert _series(df, "Eval_loss")[1][0] == 2.4


def test_counter_label_before_list_gives_steps(tmp_path):
    """R3/R4: ``Epoch 20: [loss: ..]`` and ``Step 100: [loss: .., lr: ..]``: the counter is the step."""
    epochs = [1, 2, 3, 5, 8, 10, 15, 20]
    text = "Starting run with lr=0.001\n" + "".join(f"Epoch {e}: [loss: {2 - 0.05 * e:.4f}, acc: 0.{50 + e}]\n"
                                                     for e in epochs)
    _write(tmp_path, "logs/train.log", text)
    df, _ = _read(tmp_path)
    assert _series(df, "loss")[0] == epochs


# ------------------------------------------------------------------ R5-R7: a phase's end / start is no launch


def test_epoch_training_done_is_no_launch_end(tmp_path):
    """R5: ``Epoch 1: train_loss=..`` / ``Epoch 1 training done in 31.2s`` / ``Epoch 1: train_acc=..``: one run."""
    text = "Files already downloaded and verified\nFiles already downloaded and verified\n" + "".join(
        f"Epoch {e}: train_loss={2 - 0.1 * e:.4f}\nEpoch {e} training done in 3{e}.2s\n"
        f"Epoch {e}: train_acc=0.{50 + e} train_loss_ema={2.1 - 0.1 * e:.4f}\nEpoch {e}: val_loss={2.5 - 0.1 * e:.4f}\n"
        for e in range(1, 6))
    path = _write(tmp_path, "logs/train.log", text)
    assert len(discover(path)) == 1
    df, _ = _read(tmp_path)
    assert _series(df, "train_loss")[0] == [1, 2, 3, 4, 5]


def test_train_finished_evaluating_is_no_launch_end(tmp_path):
    """R6: ``[Epoch 0] step 0 loss=..`` / ``[Epoch 0] train finished, evaluating...`` / ``[Epoch 0] step 0 ..``."""
    text = "".join(f"[Epoch {e}] step 0 loss={2 - 0.1 * e:.4f}\n[Epoch {e}] train finished, evaluating...\n"
                   f"[Epoch {e}] step 0 loss={1.9 - 0.1 * e:.4f} (ema)\n" for e in range(5))
    path = _write(tmp_path, "logs/train.log", text)
    assert len(discover(path)) == 1


def test_per_epoch_start_training_phase_is_no_banner(tmp_path):
    """R7: ``Epoch 1: start training discriminator`` / ``Epoch 1: D_loss: ..`` / ``.. generator`` / ``G_loss``."""
    text = "Namespace(lr=0.0002, epochs=6)\n" + "".join(
        f"Epoch {e}: start training discriminator\nEpoch {e}: D_loss: 0.{80 - e}00\n"
        f"Epoch {e}: start training generator\nEpoch {e}: G_loss: {2 - 0.1 * e:.4f}\n" for e in range(1, 7))
    path = _write(tmp_path, "logs/train.log", text)
    assert len(discover(path)) == 1
    df, _ = _read(tmp_path)
    assert _series(df, "D_loss")[0] == [1, 2, 3, 4, 5, 6]


# ------------------------------------------------------------------ R9: an untagged PointNet batch counter with values


def test_pointnet_untagged_batch_counter_with_values(tmp_path):
    """R9: ``**** EPOCH 000 ****`` / ``Epoch 0 | batch 0100/0500 | loss: .. | acc: ..`` / ``---- EPOCH 000
    EVALUATION ----`` / ``eval mean loss: ..``: the counter line's values at its step, the eval block kept."""
    text = ""
    for e in range(3):
        text += f"**** EPOCH {e:03d} ****\n" + "".join(
            f"Epoch {e} | batch {b:04d}/0500 | loss: {2 - 0.1 * e - 0.01 * b / 100:.4f} | acc: 0.{60 + e}00\n"
            for b in range(100, 600, 100))
        text += f"---- EPOCH {e:03d} EVALUATION ----\neval mean loss: {1.8 - 0.1 * e:.6f}\neval accuracy: 0.5{e}0000\n"
    _write(tmp_path, "logs/log_train.txt", text)
    df, _ = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert steps[:5] == [100, 200, 300, 400, 500] and steps[-1] == 1500
    assert len(_series(df, "eval_mean_loss")[1]) == 3


# ------------------------------------------------------------------ R10/R11: a slash pair's leading word, a dict's name


def test_slash_pair_leading_word_names_both(tmp_path):
    """R10: ``Epoch 3/6 - Loss Train/Val: [0.83 / 0.98] - Acc Train/Val: [0.65 / 0.60]``: four series."""
    text = "".join(f"Epoch {e}/6 - Loss Train/Val: [{2 - 0.1 * e:.4f} / {2.5 - 0.1 * e:.4f}] - Acc Train/Val: "
                   f"[0.{50 + e}00 / 0.{40 + e}00]\n" for e in range(1, 7))
    _write(tmp_path, "logs/train.log", text)
    df, _ = _read(tmp_path)
    assert _series(df, "Loss_Val")[1][0] == 2.4
    assert _series(df, "Acc_Val")[1][0] == 0.41
    assert "Val" not in set(df["tag"])


def test_dict_keys_keep_the_dicts_name(tmp_path):
    """R11: ``Epoch 3 | loss: .. | lr: {'backbone': 7.3e-05, 'head': 0.00073}``: lr_backbone / lr_head."""
    text = "".join(f"Epoch {e} | loss: {2 - 0.1 * e:.4f} | lr: {{'backbone': 0.0000{9 - e}0, 'head': 0.000{9 - e}00}}\n"
                   for e in range(1, 7))
    _write(tmp_path, "logs/train.log", text)
    df, _ = _read(tmp_path)
    assert {"backbone", "head"}.isdisjoint(set(df["tag"]))
    assert _series(df, "lr_head")[1][0] == 0.0008


# ------------------------------------------------------------------ R12: HF k-fold trainings keep their eval epochs


def test_hf_kfold_evals_keep_epochs(tmp_path):
    """R12: per fold three ``{'eval_loss': .., 'epoch': 1.0/2.0/3.0}`` then ``{'train_runtime': .., 'train_loss':
    .., 'epoch': 3.0}``: one run per fold, each fold's eval curve at three steps in order."""
    text = ""
    for k in range(3):
        text += f"===== Fold {k + 1} =====\n" + "".join(
            f"{{'eval_loss': {1.8 - 0.3 * e + 0.1 * k:.4f}, 'eval_accuracy': 0.{60 + 5 * e}00, 'eval_runtime': 3.2, "
            f"'epoch': {e}.0}}\n" for e in range(1, 4))
        text += (f"{{'train_runtime': 120.5, 'train_samples_per_second': 250.1, 'train_steps_per_second': 7.8, "
                 f"'train_loss': {1.3 + 0.1 * k:.4f}, 'epoch': 3.0}}\n")
    path = _write(tmp_path, "logs/train.out", text)
    assert len(discover(path)) == 3
    df, _ = _read(tmp_path)
    runs = df[df["tag"] == "eval_loss"].groupby("dir")
    assert len(runs) == 3
    for run, part in runs:
        assert len(set(part["step"])) == 3, run


# ------------------------------------------------------------------ R8: per-rank '.N' files are no rotated parts


def test_rank_suffix_files_stay_two_runs(tmp_path):
    """R8: ``train.log`` (rank 0) and ``train.log.1`` (rank 1), both at epochs 1..10: two runs, both curves."""
    for rank, name in ((0, "train.log"), (1, "train.log.1")):
        _write(tmp_path, f"logs/{name}", "".join(f"[rank{rank}] Epoch {e}/10 - loss: {2 - 0.1 * e + 0.01 * rank:.4f}\n"
                                                for e in range(1, 11)))
    assert len(discover(tmp_path / "logs")) == 2
    df, _ = _read(tmp_path)
    assert len(df[df["tag"] == "loss"]) == 20


def test_rotated_parts_still_join(tmp_path):
    """R8's rule kept: ``train.log.1`` at epochs 1..5 then ``train.log`` at 6..10 (RotatingFileHandler): one run."""
    _write(tmp_path, "logs/train.log.1", "".join(f"Epoch {e}/10 - loss: {2 - 0.1 * e:.4f}\n" for e in range(1, 6)))
    _write(tmp_path, "logs/train.log", "".join(f"Epoch {e}/10 - loss: {2 - 0.1 * e:.4f}\n" for e in range(6, 11)))
    assert len(discover(tmp_path / "logs")) == 1
    df, _ = _read(tmp_path)
    assert _series(df, "loss")[0] == list(range(1, 11))


def test_dict_named_split_metrics_keeps_its_split(tmp_path):
    """S1 (with R11's rule): ``Epoch 3/6, loss: 0.91, val_metrics: {'loss': 1.18, 'acc': 0.65}``: val_loss, val_acc
    beside the train loss (not a second value of ``loss``); a bare ``metrics: {..}`` names nothing."""
    text = "".join(f"Epoch {e}/6, loss: {2 - 0.1 * e:.4f}, val_metrics: {{'loss': {2.5 - 0.1 * e:.4f}, 'acc': 0.{40 + e}}}\n"
                   for e in range(1, 7))
    _write(tmp_path, "logs/train.log", text)
    df, _ = _read(tmp_path)
    assert _series(df, "loss")[1] == [1.9, 1.8, 1.7, 1.6, 1.5, 1.4]
    assert _series(df, "val_loss")[1][0] == 2.4
