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


# ------------------------------------------------------------------ COCOeval rows: their labels are no metrics

_COCO_ROWS = [("Precision", "AP", "0.50:0.95", "   all", 100), ("Precision", "AP", "0.50     ", "   all", 100),
              ("Precision", "AP", "0.75     ", "   all", 100), ("Precision", "AP", "0.50:0.95", " small", 100),
              ("Precision", "AP", "0.50:0.95", "medium", 100), ("Precision", "AP", "0.50:0.95", " large", 100),
              ("Recall   ", "AR", "0.50:0.95", "   all", 1), ("Recall   ", "AR", "0.50:0.95", "   all", 10),
              ("Recall   ", "AR", "0.50:0.95", "   all", 100), ("Recall   ", "AR", "0.50:0.95", " small", 100),
              ("Recall   ", "AR", "0.50:0.95", "medium", 100), ("Recall   ", "AR", "0.50:0.95", " large", 100)]


def test_coco_rows_give_no_iou_or_maxdets_series(tmp_path):
    """YOLOX's loguru lines and, after each evaluation, pycocotools' summary (its exact ``%-18s %2s @[ IoU=%<9s |
    area=%6s | maxDets=%3d ] = %0.3f`` rows): ``IoU``/``maxDets`` were read as metrics (their labels' mean)."""
    lines, aps = [], []
    head = "2022-03-03 13:20:30.094 | INFO     | yolox.core.trainer:after_iter:260 - "
    for epoch in range(1, 4):
        for it in (10, 20):
            loss = 13.0 / (epoch + it / 20)
            lines.append(head + f"epoch: {epoch}/500, iter: {it}/20, mem: 6100Mb, iter_time: 1.227s, data_time: "
                                f"0.001s, total_loss: {loss:.1f}, iou_loss: 4.9, l1_loss: 0.0, conf_loss: 7.2, "
                                f"cls_loss: 0.5, lr: 4.695e-07, size: 640, ETA: 1 day, 19:57:27")
        lines.append("2022-03-03 15:13:44.811 | INFO     | yolox.core.trainer:evaluate_and_save_model:340 - ")
        lines.append("Average forward time: 5.79 ms, Average NMS time: 0.34 ms, Average inference time: 6.13 ms")
        aps.append(round(0.1 * epoch, 3))
        for k, (word, short, iou, area, dets) in enumerate(_COCO_ROWS):
            value = aps[-1] if k == 0 else 0.05 * epoch
            lines.append(" Average %-9s  (%s) @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %0.3f"
                         % (word.strip(), short, iou.strip(), area, dets, value))
        lines.append("")
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path / "train_log.txt")
    assert not {"IoU", "maxDets"} & set(df.tag)
    assert len(_series(df, "total_loss")[0]) == 6


# ------------------------------------------------------------------ Caffe: 'Train net output #0: loss' repeats 'loss'


_CAFFE = """I0728 23:55:38.867300  4259 solver.cpp:57] Solver scaffolding done.
I0728 23:55:38.867548  4259 caffe.cpp:239] Starting Optimization
I0728 23:55:38.867568  4259 solver.cpp:293] Solving LeNet
I0728 23:55:38.867576  4259 solver.cpp:294] Learning Rate Policy: inv
I0728 23:55:38.868700  4259 solver.cpp:351] Iteration 0, Testing net (#0)
I0728 23:55:39.029675  4259 solver.cpp:418]     Test net output #0: accuracy = 0.0856
I0728 23:55:39.029712  4259 solver.cpp:418]     Test net output #1: loss = 2.37484 (* 1 = 2.37484 loss)
"""


def _caffe_log(path, smoothed: bool) -> list:
    lines, losses = [_CAFFE], []
    for it in range(0, 501, 100):
        raw = round(2.4 / (1 + it / 50), 6)
        shown = round(raw * 1.1, 6) if smoothed and it else raw  # average_loss > 1: the display loss smoothed
        losses.append((it, shown, raw))
        lines.append(f"I0728 23:55:39.066728  4259 solver.cpp:218] Iteration {it} (4.71409 iter/s, 21.213s/100 "
                     f"iters), loss = {shown}\n"
                     f"I0728 23:55:39.066808  4259 solver.cpp:237]     Train net output #0: loss = {raw} "
                     f"(* 1 = {raw} loss)\n"
                     f"I0728 23:55:39.066838  4259 sgd_solver.cpp:105] Iteration {it}, lr = 0.01\n")
    (path / "train.log").write_text("".join(lines))
    return losses


def test_caffe_train_net_output_repeating_the_display_loss_is_no_second_series(tmp_path):
    losses = _caffe_log(tmp_path, smoothed=False)
    df, _ = _read(tmp_path / "train.log")
    assert "Train_loss" not in set(df.tag)
    assert _series(df, "loss") == ([s for s, _, _ in losses], [round(v, 4) for _, v, _ in losses])
    assert _series(df, "Test_accuracy")[1] == [0.0856]


def test_caffe_train_net_output_differing_from_the_display_loss_is_kept(tmp_path):
    losses = _caffe_log(tmp_path, smoothed=True)
    df, _ = _read(tmp_path / "train.log")
    assert _series(df, "Train_loss")[1] == [round(v, 4) for _, _, v in losses]


# ------------------------------------------------------------------ a final summary restating the last iteration


def _loguru_ppo(path, trainings=(2, 4), summary=True) -> list:
    head = "2025-11-23 20:38:07.485 | INFO     | __main__:_log_metrics:146 - "
    lines, runs = [], []
    for n in trainings:
        lines.append("2025-11-23 20:38:00.000 | INFO     | __main__:main:120 - Starting PPO training")
        values = []
        for it in range(n):
            v = (round(-0.06 + 0.01 * it, 4), round(0.21 - 0.002 * it, 4), round(3.5 - 0.3 * it, 4))
            values.append(v)
            lines.append(head + f"iter={it:04d} reward={0.3 - 0.05 * it:.4f} clip_fraction={v[1]:.4f} "
                                f"entropy={v[2]:.4f} kl_approx=0.0425 loss_objective={v[0]:.4f}")
        if summary:
            v = values[-1]
            lines.append("2025-11-23 20:38:11.269 | INFO     | __main__:main:185 - Final PPO metrics: "
                         f"loss_objective={v[0]:.4f}, clip_fraction={v[1]:.4f}, kl_approx=0.0425, entropy={v[2]:.4f}")
        runs.append(values)
    (path / "hppo_training.log").write_text("\n".join(lines) + "\n")
    return runs


def test_a_final_summary_restating_the_last_iteration_is_no_extra_point(tmp_path):
    runs = _loguru_ppo(tmp_path)
    df, warns = _read(tmp_path / "hppo_training.log")
    assert sorted(df.dir.unique()) == ["hppo_training.log#1", "hppo_training.log#2"]
    for i, values in enumerate(runs, 1):
        steps, got = _series(df, "loss_objective", f"hppo_training.log#{i}")
        assert steps == list(range(len(values))) and got == [v[0] for v in values]
        assert len(_series(df, "entropy", f"hppo_training.log#{i}")[0]) == len(values)
    assert any("restating" in w for w in warns)


def test_a_summary_with_other_values_is_read(tmp_path):
    """A step-less line after the last iteration whose values differ (a final evaluation) is read as before."""
    runs = _loguru_ppo(tmp_path, trainings=(4,), summary=False)
    p = tmp_path / "hppo_training.log"
    p.write_text(p.read_text() + "2025-11-23 20:38:11.269 | INFO     | __main__:main:185 - Final PPO metrics: "
                 "loss_objective=-0.0111, clip_fraction=0.1, kl_approx=0.0425, entropy=1.0\n")
    df, _ = _read(p)
    assert len(_series(df, "loss_objective")[0]) == len(runs[0]) + 1


# ------------------------------------------------------------------ AlphaZero's update lines under 'batch i:N'


def _alphazero_log(path, batches: int = 12, every: int = 0) -> list:
    """junxiaosong/AlphaZero_Gomoku's train_pipeline.run(): 'batch i:{i+1}, episode_len:..' per self-play game, then
    the policy update's line once the buffer holds a batch (from the second game on), a win ratio every 5 batches."""
    lines, updates = [], []
    for i in range(batches):
        lines.append(f"2025-06-04 19:53:{i % 60:02d}, batch i:{i + 1}, episode_len:{28 + i % 7}")
        if i >= 1:
            loss = round(5.3 / (1 + i / 10), 6)
            updates.append((i + 1, loss))
            lines.append(f"kl:0.01113,lr_multiplier:1.000,loss:{loss},entropy:4.372379302978516,"
                         f"explained_var_old:0.000,explained_var_new:0.106")
        if (i + 1) % 5 == 0:
            lines += [f"current self-play batch: {i + 1}", "num_playouts:1000, win: 7, lose: 3, tie:0"]
    (path / "train.log").write_text("\n".join(lines) + "\n")
    return updates


def test_update_lines_take_the_batch_counter_above_them(tmp_path):
    updates = _alphazero_log(tmp_path)
    df, _ = _read(tmp_path / "train.log")
    assert _series(df, "loss") == ([s for s, _ in updates], [round(v, 4) for _, v in updates])


def test_counters_not_counting_up_leave_line_steps(tmp_path):
    """Two games logged under the same counter (a counter that does not count up): steps as before (1, 2, ...)."""
    _alphazero_log(tmp_path)
    p = tmp_path / "train.log"
    p.write_text(p.read_text().replace("batch i:4,", "batch i:3,"))
    df, _ = _read(p)
    steps = _series(df, "loss")[0]
    assert steps == list(range(1, len(steps) + 1))
