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
