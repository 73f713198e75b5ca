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


# ------------------------------------------------------------------ 2. '@k' keys: dicts of them, '-95', CMC ranks


def test_dict_valued_metrics_and_map_range_read(tmp_path):
    """Bigtais ``MAP: {'test_map@20': ..}, Recall: {..}`` beside the losses; Falcon-Yolo ``mAP@0.5-95: ..``."""
    text = ""
    for e in range(1, 5):
        text += (f"2025-06-27 01:0{e}:59,732 - INFO - Epoch {e}: Train Loss: {3.8 - 0.1 * e:.4f}, Val Loss: "
                 f"{3.7 - 0.1 * e:.4f}, MAP: {{'test_map@20': 0.5{e}, 'test_map@40': 0.6{e}}}, Recall: "
                 f"{{'test_recall@20': 0.3{e}, 'test_recall@40': 0.4{e}}}\n")
    _write(tmp_path / "a", "logs/training.log", text)
    df, _ = _read(tmp_path / "a")
    assert _series(df, "Train_Loss")[1] == [3.7, 3.6, 3.5, 3.4]
    assert _series(df, "test_map@20") == ([1, 2, 3, 4], [0.51, 0.52, 0.53, 0.54])
    assert _series(df, "test_recall@40")[1] == [0.41, 0.42, 0.43, 0.44]
    text = "".join(f"2025-08-01 19:44:44,430 - INFO - Epoch {e}/100 | mAP@0.5: 0.6{e}00, mAP@0.5-95: 0.4{e}00, "
                   f"Precision: 0.7536, Recall: 0.6155, Loss: {2 - 0.1 * e:.4f}\n" for e in range(1, 5))
    _write(tmp_path / "b", "logs/train.log", text)
    df, _ = _read(tmp_path / "b")
    assert _series(df, "mAP@0.5-95") == ([1, 2, 3, 4], [0.41, 0.42, 0.43, 0.44])
    assert _series(df, "mAP@0.5")[1] == [0.61, 0.62, 0.63, 0.64]


def test_torchreid_results_block_ranks_read(tmp_path):
    """STCANet (deep-person-reid 0.x): ``Results ----------`` / ``mAP: x%`` / ``CMC curve`` / ``Rank-1  : y%``."""
    text = "==> Start training\n"
    for e in range(1, 5):
        text += f"Epoch{e} Time:178.1s Data:47.8s Loss:{5 - e:.4f} Xent:{4 - e:.4f} Htri:0.2762 Acc:{10 * e:.2f}% \n"
        if e % 2 == 0:
            text += ("==> Test\nComputing CMC and mAP\nResults ----------\n"
                     f"mAP: 4{e}.75%\nCMC curve\nRank-1  : 7{e}.88%\nRank-5  : 85.99%\nRank-10 : 90.53%\n"
                     "Rank-20 : 94.15%\n------------------\n")
    _write(tmp_path, "logs/log_train.txt", text)
    df, _ = _read(tmp_path)
    assert _series(df, "Loss")[1] == [4.0, 3.0, 2.0, 1.0]
    assert _series(df, "val_mAP") == ([2, 4], [42.75, 44.75])
    assert _series(df, "val_rank1") == ([2, 4], [72.88, 74.88])
    assert _series(df, "val_rank20")[1] == [94.15, 94.15]


# ------------------------------------------------------------------ 3. a qualifier in parentheses, '[a / b]' pairs


def test_parenthesised_qualifier_and_slashed_pair_read(tmp_path):
    """FGDCC: ``-Autoencoder Loss (total): x - Reconstruction/K-Means Loss: [a / b]``."""
    text = ""
    for i in range(0, 100, 25):
        text += (f"INFO:root:[1, {i:5d}/ 2562] - train_losses - Parent Class: 7.{i:03d} - Children class: 0.693 "
                 f"-Autoencoder Loss (total): {200 + i}.5 - Reconstruction/K-Means Loss: [0.{i + 1:03d} / {200 + i}.4]"
                 f" - [wd: 5.00e-02] [lr: 7.50e-05] [mem: 6.00e+04] (3043.0 ms)\n")
    _write(tmp_path, "logs/nohup.out", text)
    df, _ = _read(tmp_path)
    assert _series(df, "Autoencoder_Loss_total")[1] == [200.5, 225.5, 250.5, 275.5]
    assert _series(df, "Reconstruction_Loss")[1] == [0.001, 0.026, 0.051, 0.076]
    assert _series(df, "K-Means_Loss")[1] == [200.4, 225.4, 250.4, 275.4]
    assert _series(df, "Parent_Class")[1] == [7.0, 7.025, 7.05, 7.075]


# ------------------------------------------------------------------ 6. one-step launches appended to one log


def test_one_epoch_launches_after_training_completed_are_runs(tmp_path):
    """PyISV: ``Epoch 1/1, Loss: x`` / ``Validation Loss: y`` / ``Training completed.`` launched four times."""
    text = ""
    for k, loss in enumerate((12.4414, 12.4414, 15.2674, 15.2674)):
        text += (f"2025-05-03 12:3{k}:24,473 - INFO - Epoch 1/1, Loss: {loss}\n"
                 f"2025-05-03 12:3{k}:38,231 - INFO - Validation Loss: 0.76{k}\n"
                 f"2025-05-03 12:3{k}:38,262 - INFO - Training completed.\n"
                 f"2025-05-03 12:3{k}:39,101 - INFO - Traced model saved to traced_model.pt\n")
    _write(tmp_path, "logs/train_log.txt", text)
    assert len(discover(str(tmp_path))) == 4
    df, _ = _read(tmp_path)
    assert sorted(df[df.tag == "Loss"].groupby("dir").value.first()) == [12.4414, 12.4414, 15.2674, 15.2674]


def test_start_up_printed_again_after_one_epoch_is_a_new_run(tmp_path):
    """MVim: the start-up lines printed again, then ``Epoch [1/50]`` again: two trainings, not two values at 1."""
    head = ("2025-10-30 19:3{m}:48,194 - INFO - 成功加载真实数据集，训练集大小: 15695, 验证集大小: 3365\n"
            "2025-10-30 19:3{m}:48,195 - WARNING - 模型文件不存在: checkpoints/latest_model.pth，重新训练模型\n")
    line = ("2025-10-30 19:3{m}:14,492 - INFO - Epoch [{e}/50], Train Loss: {l:.4f}, Train Acc: 0.3179, "
            "Val Loss: 1.0367\n")
    text = head.format(m=1) + line.format(m=1, e=1, l=1.8473) + head.format(m=5)
    text += "".join(line.format(m=6, e=e, l=2.4 - 0.01 * e) for e in range(1, 5))
    _write(tmp_path, "logs/training.log", text)
    assert len(discover(str(tmp_path))) == 2
    df, _ = _read(tmp_path)
    runs = {d: g.value.tolist() for d, g in df[df.tag == "Train_Loss"].groupby("dir")}
    assert sorted(runs.values(), key=len) == [[1.8473], [2.39, 2.38, 2.37, 2.36]]


# ------------------------------------------------------------------ 5. RandLA-Net's '[TRAIN]' PointNet-style blocks


def test_randlanet_tagged_block_log_read_at_batch_counter(tmp_path):
    """lidar-point-cloud-segmentation: ``**** EPOCH 000 / 149 ****`` / ``[TRAIN] Epoch 000 | batch 0010/9565 (..)``
    / ``[TRAIN] mean acc: x`` / ``[TRAIN] mean loss: y``, relaunched with its settings printed again."""
    head = ("Train samples: 19130\nBatch size: 2\n====================================\nSTART TRAINING\n"
            "start_epoch: 0\nmax_epoch: 150\n====================================\n**** EPOCH 000 / 149 ****\n"
            "2026-03-11 17:43:36.884895\n[TRAIN] Epoch 000 started | lr=0.00950000\n")
    text = ""
    for launch, n in ((0, 3), (1, 4)):
        text += head
        for b in range(1, n + 1):
            text += (f"[TRAIN] Epoch 000 | batch {10 * b:04d}/9565 (  0.{b}%) | 0.195s/batch\n"
                     f"[TRAIN] mean acc: 0.{launch}{b}0000\n[TRAIN] mean loss: {25 - b - launch:.6f}\n")
    _write(tmp_path, "logs/log_train.txt", text)
    runs = discover(str(tmp_path))
    assert len(runs) == 2
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"mean_loss", "mean_acc"}
    first, second = sorted(df.dir.unique())
    assert _series(df, "mean_loss", first) == ([10, 20, 30], [24.0, 23.0, 22.0])
    assert _series(df, "mean_acc", second) == ([10, 20, 30, 40], [0.11, 0.12, 0.13, 0.14])


# ------------------------------------------------------------------ 4. a label before a bracketed list of pairs


def test_labelled_bracket_pairs_read(tmp_path):
    """WAFFLE-WM: ``Round N`` / ``server stats: [loss: x`` / ``server stats: [accuracy: y`` (no closing bracket)."""
    text = "".join(f"Round {r}\nserver stats: [loss: {2 - 0.1 * r:.3f}\nserver stats: [accuracy: {60 + r}.5\n"
                   for r in range(4))
    _write(tmp_path, "logs/nohup.out", text)
    df, _ = _read(tmp_path)
    assert _series(df, "loss")[1] == [2.0, 1.9, 1.8, 1.7]
    assert _series(df, "accuracy")[1] == [60.5, 61.5, 62.5, 63.5]
