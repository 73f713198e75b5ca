"""printed40b: printed-log line shapes an audit of unseen public logs (audit40p) found read wrong or not at all.

- ``Epoch 3\\tAcc: 0.9034\\tnmi: 0.8431\\tari: 0.8020`` (E2DTC's per-epoch clustering evaluation, tab-separated,
  public Gila-6/E2DTC slurm.out) between ``Iteration: N\\tLoss: ..`` lines: not read;
- Marvin's two-column output (``Training:`` left, ``Testing:`` right, public FelixZhang00/fecnn): the test lines,
  indented into the right column, were merged into the training ``loss``/``eval`` (two values at each test step);
- a UTF-8 log whose only loss is named in Chinese (``INFO - 训练损失: 32.1293``, public MathAlphaZero1.0): no run
  rows; a log printing an English loss keeps its Chinese keys unread, as before (transformer40).
"""
from __future__ import annotations

import math

from test_readers20a import _read, _series  # noqa: E402


# ------------------------------------------------------------------ tab-separated per-epoch evaluation lines


def _e2dtc_log(path, epochs: int = 4, per_epoch: int = 3) -> tuple[list, list, list]:
    """E2DTC's train.py prints an evaluation (``Epoch k\\tAcc: ..\\tnmi: ..\\tari: ..``) at each epoch's start, then
    its iterations every 100 (``Iteration: N\\tLoss: ..\\tRc Loss: ..``), then a ``Best Epoch`` line at the end."""
    lines = ["=> Epoch starts at 0 and will end at 19"]
    losses, accs, steps_at = [], [], []
    it = 0
    for epoch in range(epochs):
        acc = 0.91 - 0.01 * epoch
        accs.append(round(acc, 4))
        steps_at.append(max(0, it - 100))  # the model evaluated is that of the last iteration printed before
        lines.append(f"Epoch {epoch}\tAcc: {acc:.4f}\tnmi: {acc - 0.05:.4f}\tari: {acc - 0.09:.4f}")
        for _ in range(per_epoch):
            loss = 50.0 / (1 + it / 50)
            losses.append(round(loss, 3))
            lines.append(f"Iteration: {it}\tLoss: {loss:.3f}\tRc Loss: {loss * 0.9:.3f}\tKL Loss: 0.985\t"
                         f"Triplet Loss: 0.0000")
            it += 100
    lines += ["=================", f"Best Epoch 0\tAcc: {accs[0]:.4f}\tnmi: {accs[0] - 0.05:.4f}\tari: 0.8221"]
    (path / "slurm.out").write_text("\n".join(lines) + "\n")
    return losses, accs, steps_at


def test_tab_separated_epoch_evaluations_are_read(tmp_path):
    losses, accs, steps_at = _e2dtc_log(tmp_path)
    df, _ = _read(tmp_path)
    assert df.dir.nunique() == 1
    assert _series(df, "Loss")[1] == losses
    steps, values = _series(df, "Acc")
    assert values == accs  # one point an epoch, the 'Best Epoch' summary no point
    assert steps == steps_at  # at the last iteration printed before it (the first, before any: at 0)
    assert _series(df, "nmi")[1] == [round(a - 0.05, 4) for a in accs]


# ------------------------------------------------------------------ Marvin's side-by-side Testing: column


def _marvin_log(path) -> tuple[list, list]:
    """Marvin's solver output: a test pass every 200 iterations printed in the right-hand column (88 blanks), the
    training's line every 100 iterations in the left one (with the learning rate)."""
    rule = "=" * 139
    lines = ["[Solver] GPU 0: Total GPU memory: 28.2267 MB", rule,
             "  Training:" + " " * 76 + "Testing:" + " " * 44, rule]
    train, test = [], []
    for it in range(0, 1001, 100):
        if it % 200 == 0:
            t = round(2.3 / (1 + it / 100) + 0.05, 4)
            test.append((it, t))
            lines.append(" " * 88 + f"Epoch {it // 600}  Iteration {it} loss = {t} * 1  eval = 0.9   ")
        loss = round(2.2 / (1 + it / 80), 4)
        train.append((it, loss))
        lines.append(f"Epoch {it // 600}  Iteration {it}  learning_rate = 0.01 loss = {loss} * 1  eval = 0.91   ")
    lines.append("After Train 1000 Iterations Needs Time: Time passes 22.1424 seconds")
    (path / "train_output.txt").write_text("\n".join(lines) + "\n")
    return train, test


def test_a_right_hand_testing_column_is_its_own_series(tmp_path):
    train, test = _marvin_log(tmp_path)
    df, _ = _read(tmp_path / "train_output.txt")
    assert _series(df, "loss") == ([s for s, _ in train], [v for _, v in train])  # one value a step
    assert _series(df, "test_loss") == ([s for s, _ in test], [v for _, v in test])
    assert len(_series(df, "test_eval")[0]) == len(test)
    assert len(_series(df, "learning_rate")[0]) == len(train)


def test_no_header_no_test_column(tmp_path):
    """Without the ``Training: .. Testing:`` header an indented line is read as before (a training line)."""
    _marvin_log(tmp_path)
    p = tmp_path / "train_output.txt"
    p.write_text("\n".join(l for l in p.read_text().splitlines() if "Testing:" not in l) + "\n")
    df, _ = _read(p)
    assert "test_loss" not in set(df.tag)


# ------------------------------------------------------------------ a UTF-8 log's Chinese loss key


def _zh_log(path, epochs: int = 6) -> list:
    """MathAlphaZero's logging.info lines: an epoch header, the training loss, a success rate (not a loss)."""
    lines = ["2026-05-22 02:56:38,753 - INFO - ====== MathAlphaZero 3.0 自动训练（最终修复版）启动 ======",
             "2026-05-22 02:56:39,150 - WARNING - 部分权重不匹配，已忽略 66 个键"]
    losses = []
    for epoch in range(1, epochs + 1):
        loss = round(32.0 / math.sqrt(epoch) + 0.1293, 4)
        losses.append(loss)
        lines += [f"2026-05-22 02:56:39,224 - INFO - Epoch {epoch}/100 | 课程深度: 2 | 经验池大小: {80 + epoch}",
                  f"2026-05-22 02:57:12,678 - INFO - 训练损失: {loss:.4f}",
                  f"2026-05-22 02:57:12,716 - INFO - Epoch {epoch} 完成 | 成功率: 15.0% | 累计成功: 9"]
    (path / "training.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return losses


def test_a_utf8_log_whose_only_loss_is_chinese_is_read(tmp_path):
    losses = _zh_log(tmp_path)
    df, _ = _read(tmp_path / "training.log")
    assert _series(df, "train_loss") == (list(range(1, len(losses) + 1)), losses)


def test_chinese_keys_beside_an_english_loss_stay_unread(tmp_path):
    """transformer40's shape: ``Loss:`` per batch (read) and a Chinese epoch summary (left as before: reading it
    flipped that run's verdict, tests/test_verdict_unseen14)."""
    lines = []
    for epoch in range(16, 20):
        for b in range(10, 101, 10):
            lines.append(f"Epoch: {epoch:3d} | Batch: {b:5d}/  100 | LR: 2.97e-04 |Loss: {4.6 - epoch * 0.01:.4f} | "
                         f"Time: 26.5s")
        lines.append(f"Epoch {epoch} 完成 | 训练损失: {4.6 - epoch * 0.01:.4f} | 验证损失: 6.0073 | 时间: 385.8s")
    (tmp_path / "training_log.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, _ = _read(tmp_path / "training_log.txt")
    assert set(df.tag) == {"Loss", "LR"}
    assert len(_series(df, "Loss")[0]) == 40
