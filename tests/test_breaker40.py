"""A breaker's misreads of stop 40's new reading rules, each fixed and kept here as the shape it broke.

- a JSON-lines log whose relaunch wrote a blank line before resuming at an earlier step (2100 after 3000) is one
  training resumed, never a sweep's next training (the `//`/blank-line sweep split needs the step back at the
  series' start);
- a headerless ``epoch,loss,acc`` file whose epoch repeats per batch and starts over once (a resume) is read as
  before (``value_1..3``), never refused as "several runs interleaved" (that needs the count to start over >= 3x);
- a Chinese log naming an averaged or validation loss (`平均训练损失`, `验证集 损失`) beside the training loss stays
  unread with its line, never merged into the training loss.
"""
from __future__ import annotations

import json
import warnings

import loganalyzer as la


def test_jsonl_resume_after_a_blank_line_is_one_training(tmp_path):
    rows = [{"step": s, "epoch": s // 1000, "train/loss": 3.2 - s / 1000, "lr": 3e-4} for s in range(100, 3100, 100)]
    resumed = [{"step": s, "epoch": s // 1000, "train/loss": 1.15 - (s - 2100) / 2000, "lr": 3e-4}
               for s in range(2100, 4100, 100)]
    text = "\n".join(json.dumps(r) for r in rows) + "\n\n" + "\n".join(json.dumps(r) for r in resumed) + "\n"
    (tmp_path / "metrics.jsonl").write_text(text)
    assert [r.id for r in la.discover(tmp_path)] == ["metrics.jsonl"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = la.read_scalars(tmp_path, resolve=True)
    loss = df[df.tag == "train/loss"]
    assert len(loss) == 40 and loss.step.min() == 100 and loss.step.max() == 4000  # 20 kept + 20 resumed


def test_jsonl_sweep_under_blank_lines_still_splits(tmp_path):
    runs = [[{"epoch": e, "loss": 1.0 / (e + 1) + k, "val_loss": 1.2 / (e + 1) + k} for e in range(5)] for k in range(3)]
    text = "\n\n".join("\n".join(json.dumps(r) for r in run) for run in runs) + "\n"
    (tmp_path / "log.jsonl").write_text(text)
    assert len(la.discover(tmp_path)) == 3


def test_headerless_epoch_loss_acc_resumed_once_is_read(tmp_path):
    lines = [f"{e},{1.6 - 0.1 * e - 0.01 * b:.4f},{0.37 + 0.03 * e:.4f}" for e in range(1, 5) for b in range(3)]
    lines += [f"{e},{1.3 - 0.1 * e - 0.01 * b:.4f},{0.45 + 0.03 * e:.4f}" for e in range(3, 9) for b in range(3)]
    (tmp_path / "history_resumed.csv").write_text("\n".join(lines) + "\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = la.read_scalars(tmp_path, resolve=True)
    assert len(df) > 0, [str(w.message) for w in caught]
    assert not any("interleaved" in str(w.message) for w in caught)


def test_chinese_log_with_average_and_validation_losses_is_not_merged(tmp_path):
    lines = []
    for e in range(1, 6):
        lines += [f"2024-03-01 10:0{e}:00 - INFO - 轮次 {e}/5 批次 {b}/100 训练损失: {1.4 - 0.2 * e - 0.001 * b:.4f}"
                  for b in (50, 100)]
        lines.append(f"2024-03-01 10:0{e}:30 - INFO - 第{e}轮完成 | 平均训练损失: {1.4 - 0.2 * e:.4f} | "
                     f"验证损失: {1.5 - 0.2 * e:.4f} | 验证准确率: {50 + 4 * e:.2f}%")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = la.read_scalars(tmp_path, resolve=True)
    assert "train_loss" not in set(df.tag)  # not the batch and epoch-average losses merged into one series


def test_chinese_log_with_one_training_loss_key_is_read(tmp_path):
    lines = [f"2026-05-22 02:5{e}:12,678 - INFO - 训练损失: {32.0 / (e + 1):.4f}" for e in range(8)]
    (tmp_path / "training.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = la.read_scalars(tmp_path, resolve=True)
    assert (df.tag == "train_loss").sum() == 8


# --- a second breaker, against the printed-log rules merged later the same stop ---

def _read(tmp_path, text, name="train.log"):
    (tmp_path / name).write_text(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return la.read_scalars(tmp_path, resolve=True)


def _counts(df):
    return df.groupby("tag", observed=True).step.agg(["count", "min", "max"]).T.to_dict()


def test_a_capitalised_word_heading_a_line_is_no_objective_label(tmp_path):
    """Only an augmentation's/auxiliary head's label (`Mixup:`) prefixes a line's names; `Epoch3:`, `Trainer:` and
    `Validate:` are the line's context: the loss stays `loss`, the counters stay the step, validation stays val."""
    epochs = "".join(f"Epoch{e}: loss: {2 - e / 40:.4f} acc: {0.5 + e / 100:.4f}\n" for e in range(1, 41))
    for d in "abc":
        (tmp_path / d).mkdir()
    assert {t: c["count"] for t, c in _counts(_read(tmp_path / "a", epochs)).items()} == {"acc": 40, "loss": 40}
    trainer = "".join(f"Trainer: epoch: {i // 1000} iter: {i} loss: {2 - i / 20000:.4f} lr: 0.001\n"
                      for i in range(0, 15000, 100))
    c = _counts(_read(tmp_path / "b", trainer))
    assert set(c) == {"loss", "lr"} and c["loss"]["max"] == 14900
    val = "".join(f"Epoch: {e} loss: {2 - e / 40:.4f} acc: {0.5 + e / 100:.4f}\n"
                  f"Validate: loss: {2.1 - e / 40:.4f} acc: {0.45 + e / 100:.4f}\n" for e in range(1, 41))
    assert {"loss", "val_loss", "acc", "val_acc"} <= set(_counts(_read(tmp_path / "c", val)))


def test_mixup_label_still_prefixes(tmp_path):
    text = "".join(f"epoch:{e}/500\tSegCE loss:{0.5 - e / 1000:.5f} \tSegJaccard loss:{0.6 - e / 1000:.5f} \n"
                   f"Mixup:\tSegCE loss:{0.9 - e / 1000:.5f} \tSegJaccard loss:{0.8 - e / 1000:.5f} \n"
                   for e in range(50, 80))
    tags = set(_read(tmp_path, text, "log.out").tag)
    assert "Mixup_SegCE_loss" in tags and "SegCE_loss" in tags, tags


def test_one_test_set_on_a_subset_then_in_full_is_one_series(tmp_path):
    blocks = []
    for e in range(20):
        n = 1000 if e < 10 else 10000
        blocks.append(f"Epoch: {e}\nLoss: {2 - e / 20:.3f} | Acc: {50 + e:.3f}% ({25000 + e}/50000)\nTest results:\n"
                      f"Loss: {2.2 - e / 20:.3f} | Acc: {45 + e:.3f}% ({n * (45 + e) // 100}/{n})\n")
    c = _counts(_read(tmp_path, "".join(blocks)))
    assert not any("_n1000_" in t for t in c) and c["test_Loss"]["count"] == 20, c


def test_a_first_epoch_logged_line_by_line_is_no_relaunch(tmp_path):
    text = "".join(f"epoch:0\tloss:{2.5 - 0.1 * i:.4f}\tacc:0.1\n" for i in range(4))
    text += "".join(f"epoch:{e}\tloss:{1.8 * 0.9 ** (e - 1):.4f}\tacc:0.5\n" for e in range(1, 20))
    (tmp_path / "train.log").write_text(text)
    assert [r.id for r in la.discover(tmp_path)] == ["train.log"]
