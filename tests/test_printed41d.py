"""printed41d: printed-log faults from reader audit 41r (unseen public logs).

Each test writes a few lines in the shape the real log prints (copied from it, values changed) and checks the
series, steps and runs read.
"""
from __future__ import annotations

from loganalyzer import discover
from test_readers20a import _read, _series


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ 1. Chinese keys beside validation keys

_FACE = """2026-01-28 18:27:57,601 - train_face - INFO - 训练集大小: 32204
2026-01-28 18:27:57,601 - train_face - INFO - 验证集大小: 8054
2026-01-28 18:27:57,763 - train_face - INFO - 开始训练...
"""


def test_chinese_train_and_val_keys_read(tmp_path):
    """BreezeDaisy/MVim ``train_face.log``: ``训练损失: x, 训练准确率: y%`` / ``验证损失: ..`` / ``EMA 验证损失: ..``
    each its own series; ``最佳 EMA 验证准确率`` and ``最佳验证准确率`` (best) are no validation value."""
    text = _FACE
    for e in range(1, 5):
        tl, vl = 1.6 - 0.1 * e, 1.4 - 0.05 * e
        text += (f"Epoch {e}/100\n2026-01-28 18:28:20,294 - train_face - INFO - 训练损失: {tl:.4f}, 训练准确率: {30 + e:.2f}%\n"
                 f"2026-01-28 18:28:24,560 - train_face - INFO - 验证损失: {vl:.4f}, 验证准确率: {40 + e:.2f}%\n"
                 f"2026-01-28 18:28:24,560 - train_face - INFO - EMA 验证损失: {vl + 0.5:.4f}, EMA 验证准确率: {20 + e:.2f}%\n"
                 f"2026-01-28 18:28:24,560 - train_face - INFO - 最佳验证准确率: 9.{e}\n"
                 f"2026-01-28 18:28:24,569 - train_face - INFO - 最佳 EMA 验证准确率: 99.{e}%\n")
    _write(tmp_path, "logs/train_face.log", text)
    df, _ = _read(tmp_path)
    assert _series(df, "train_loss") == ([1, 2, 3, 4], [1.5, 1.4, 1.3, 1.2])
    assert _series(df, "val_loss") == ([1, 2, 3, 4], [1.35, 1.3, 1.25, 1.2])
    assert _series(df, "val_accuracy")[1] == [41.0, 42.0, 43.0, 44.0]
    assert _series(df, "EMA_val_loss")[1] == [1.85, 1.8, 1.75, 1.7]
    assert _series(df, "EMA_val_accuracy")[1] == [21.0, 22.0, 23.0, 24.0]
    assert not any(v in df.value.tolist() for v in (9.1, 99.1))
