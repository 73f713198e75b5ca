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
