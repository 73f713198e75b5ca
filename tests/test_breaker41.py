"""breaker41: faults the breaker found in stop 41's printed-log line rules (/work/s41/breaker/FINDINGS.md); each log is
written the way its generator (breaker gen/g1..g5.py) wrote it.

- R3/R4 ``progress=`` printed once an epoch (a curriculum's progress, epochs done / total): a metric, not a position;
- R5/S1 bare ``mAP:`` lines under ``Train:``/``Val:`` headings, or under ``Final evaluation on TEST set``;
- R6 capital keys beside a readable ``loss:`` keep their printed names; S3 ``LOSS: NaN``; S4 ``[GPU: 0]``; S5
  ``TRAIN LOSS:``/``VAL ACC:``;
- R1/R2 ASCII ``Training [===  ] 41.7% 1250/3000`` bars beside ``Validation [====]`` bars or ``Validation:`` lines.
"""
from __future__ import annotations

import math

from test_readers20a import _ids, _read, _series, _write  # noqa: E402



# ------------------------------------------------------------------ R3/R4: progress once an epoch is a metric

def test_curriculum_progress_once_an_epoch_stays_a_series(tmp_path):
    text = "".join(f"epoch {s} | progress={min(1, s / 15):.3f} | reward: {1.5 * s:.2f} | loss: {1 / s:.4f}\n"
                   for s in range(1, 21))
    df, _ = _read(_write(tmp_path, "train.log", text))
    assert _series(df, "loss")[0] == list(range(1, 21))
    steps, values = _series(df, "progress")
    assert steps == list(range(1, 21)) and values[-1] == 1.0


def test_progress_as_epochs_over_total_leaves_the_epochs(tmp_path):
    out = []
    for e in range(1, 11):
        out.append(f"[train] epoch {e} (progress={e / 10:.2f}) | loss: {1 / e:.4f} | lr: 0.0001\n")
        out.append(f"[val] epoch {e} | loss: {1.1 / e:.4f} | acc: {0.5 + e / 25:.4f}\n")
    df, _ = _read(_write(tmp_path, "train.log", "".join(out)))
    assert _series(df, "loss")[0] == list(range(1, 11))
    assert _series(df, "val_loss")[0] == list(range(1, 11))


# ------------------------------------------------------------------ R5/S1: bare mAP lines and their heading

def test_bare_map_in_train_and_val_blocks_is_one_val_point_an_epoch(tmp_path):
    out = []
    for e in range(1, 6):
        out.append(f"Epoch {e}/5\nTrain:\nloss: {1 / e:.4f}\nmAP: {0.5 + e / 20:.4f}\n")
        out.append(f"Val:\nloss: {1.2 / e:.4f}\nmAP: {0.4 + e / 25:.4f}\n")
    df, _ = _read(_write(tmp_path, "train.log", "".join(out)))
    assert _series(df, "loss")[0] == list(range(1, 6))
    assert _series(df, "val_loss")[0] == list(range(1, 6))
    steps, values = _series(df, "val_mAP")
    assert steps == list(range(1, 6)) and values == [round(0.4 + e / 25, 4) for e in range(1, 6)]


def test_bare_map_under_a_test_heading_is_test_map(tmp_path):
    out = []
    for e in range(1, 4):
        for b in (500, 1000):
            out.append(f"Epoch:[ {e} | 3 ]    Batch:[ {b} | 1000 ]    loss: {20 - e - b / 1000:.4f}    lr: 0.0001\n")
        out.append("*" * 20 + "Validate" + "*" * 20 + "\n" + f"mAP:{0.49 + e / 100:g}\n")
    out.append("================ Final evaluation on TEST set ================\nmAP:0.4812\n")
    df, _ = _read(_write(tmp_path, "nohup.out", "".join(out)))
    assert _series(df, "val_mAP")[1] == [0.5, 0.51, 0.52]
    assert _series(df, "test_mAP")[1] == [0.4812]


# ------------------------------------------------------------------ R6/S3/S4/S5: capital keys

def test_capital_keys_beside_a_readable_loss_keep_their_names(tmp_path):
    text = "".join(f"epoch 1 batch {100 * i} loss: {1 - i / 50:.4f} | AVG LOSS: {1 - i / 100:.4f} | LR: 0.001\n"
                   for i in range(8))
    df, _ = _read(_write(tmp_path, "train.log", text))
    assert {"loss", "AVG_LOSS", "LR"} <= set(df.tag)
    assert not {"AVG_loss", "lr"} & set(df.tag)


def test_capital_loss_nan_kept(tmp_path):
    text = "".join(f"Train Epoch: {e:2d} | LOSS: {'NaN' if e > 5 else f'{1 / e:.4f}'} | F1: {0.3 + e / 20:.3f} | "
                   f"ACC: {0.5 + e / 20:.3f}\n" for e in range(1, 9))
    df, _ = _read(_write(tmp_path, "train.txt", text))
    steps, values = _series(df, "loss")
    assert steps == list(range(1, 9)) and all(math.isnan(v) for v in values[5:])
    assert len(_series(df, "acc")[0]) == 8


def test_capital_device_tag_no_series(tmp_path):
    text = "".join(f"[GPU: 0] EPOCH: {e} | STEP: {100 * e} | LOSS: {1 / e:.4f} | MAE: {0.5 / e:.4f} | TIME: 13.5\n"
                   for e in range(1, 7))
    df, _ = _read(_write(tmp_path, "train.log", text))
    assert not {"GPU", "gpu"} & set(df.tag)
    assert _series(df, "loss")[0] == [100 * e for e in range(1, 7)]


def test_capital_two_word_keys_standard_names(tmp_path):
    text = "".join(f"EPOCH {e:02d} | TRAIN LOSS: {1 / e:.4f} | TRAIN ACC: {0.5 + e / 20:.4f} | VAL LOSS: "
                   f"{1.3 / e:.4f} | VAL ACC: {0.4 + e / 20:.4f}\n" for e in range(1, 7))
    df, _ = _read(_write(tmp_path, "train.log", text))
    assert {"train_loss", "train_acc", "val_loss", "val_acc"} <= set(df.tag)
    assert _series(df, "val_loss")[0] == list(range(1, 7))


# ------------------------------------------------------------------ R1/R2: ASCII bars and their evaluations

def _bar(name: str, n: int, total: int, speed: str, loss: float) -> str:
    done = round(10 * n / total)
    return f"{name} [{'=' * done}{' ' * (10 - done)}] {100 * n / total:.1f}% {n}/{total} | {speed} | loss={loss:.4f}\n"


def test_ascii_validation_bar_is_the_evaluation_at_the_training_step(tmp_path):
    out, k = [], 0
    for e in range(3):
        for i in range(1, 5):
            k += 1
            out.append(_bar("Training", 250 * k, 3000, "12.3it/s", 2.0 - 0.125 * k))
        out.append(_bar("Validation", 200, 200, "40.1it/s", 1.9 - 0.2 * e))
    path = _write(tmp_path, "train.log", "".join(out))
    assert len(_ids(path)) == 1
    df, _ = _read(path)
    assert _series(df, "loss")[0] == [250 * k for k in range(1, 13)]
    steps, values = _series(df, "val_loss")
    assert steps == [1000, 2000, 3000] and values == [1.9, 1.7, 1.5]


def test_ascii_bar_counting_within_epochs_and_validation_lines_on_one_axis(tmp_path):
    out = []
    for e in range(1, 4):
        out.append(f"Epoch {e}/3\n")
        for i in range(1, 5):
            out.append(_bar("Training", 250 * i, 1000, "12.3it/s", 2.0 / e - 0.125 * i))
        out.append(f"Validation: loss={2.2 / e:.4f} acc={0.5 + e / 10:.3f}\n")
    df, _ = _read(_write(tmp_path, "train.log", "".join(out)))
    assert _series(df, "loss")[0] == [250 * k for k in range(1, 13)]
    vl = [t for t in set(df.tag) if t.lower().endswith("loss") and t != "loss"]
    assert len(vl) == 1 and _series(df, vl[0])[0] == [1000, 2000, 3000]


# ------------------------------------------------------------------ S11, S9, S10, S6

def test_validation_after_train_on_one_line_standard_names(tmp_path):
    text = "".join(f"Epoch {e}: Train loss: {1 / e:.4f}, acc: {0.6 + e / 20:.4f} | Validation loss: {1.2 / e:.4f}, "
                   f"acc: {0.5 + e / 20:.4f}\n" for e in range(1, 7))
    df, _ = _read(_write(tmp_path, "tuning.log", text))
    assert {"train_loss", "train_acc", "val_loss", "val_acc"} <= set(df.tag)
    assert not {"Validation_loss", "validation_acc"} & set(df.tag)


def test_test_scores_line_after_hf_dicts(tmp_path):
    out = []
    for i in range(1, 9):
        out.append(str({"loss": round(1 / i, 4), "grad_norm": 1.2, "learning_rate": 2e-05,
                        "epoch": round(i * 0.375, 3)}) + "\n")
        if i % 3 == 0:
            out.append(str({"eval_loss": 0.5 - i / 100, "eval_accuracy": 0.8, "eval_runtime": 3.2, "epoch": i / 3})
                       + "\n")
    out.append("test/accuracy: 0.853, test/f1 : 0.812\n")
    df, _ = _read(_write(tmp_path, "train.log", "".join(out)))
    assert _series(df, "test/accuracy")[1] == [0.853]
    assert _series(df, "test/f1")[1] == [0.812]


def test_completed_epoch_with_loss_is_the_epoch_loss(tmp_path):
    out = ["Starting training\n"]
    for e in range(1, 11):
        out += [f"  batch {b}/300 loss {3 / e - b / 1000:.4f}\n" for b in (0, 100, 200)]
        out.append(f"Completed epoch {e} with loss: {3 / e - 0.15:.4f}; Time: {50 + e:.1f}\n")
    out.append("Completed training with loss: 0.15; Time: 520.0\n")
    df, _ = _read(_write(tmp_path, "train.out", "".join(out)))
    assert "with_loss" not in set(df.tag)
    assert len(_series(df, "epoch_loss")[0]) == 10
    assert len(_series(df, "loss")[0]) == 30


def test_fold_before_an_abbreviated_epoch_no_series(tmp_path):
    text = "".join(f"F{f}/5 E{e:3d}/50 | Loss:{1 / e + f / 10:.4f} | VAcc:{40 + e:.2f}%\n"
                   for f in (1, 2) for e in range(1, 13))
    path = _write(tmp_path, "training_output.log", text)
    assert len(_ids(path)) == 2
    df, _ = _read(path)
    assert set(df.tag) == {"Loss", "VAcc"}
    assert _series(df, "Loss", _ids(path)[0])[0] == list(range(1, 13))


# ------------------------------------------------------------------ S8: a val metric file beside the val loss file

def test_val_metric_file_on_the_training_rows_as_its_val_loss(tmp_path):
    (tmp_path / "run_loss.txt").write_text("".join(f"{5 * math.exp(-i / 40) + 0.1:.4f}\n" for i in range(500)))
    (tmp_path / "run_val_loss.txt").write_text("".join(f"{2 * math.exp(-(i + 1) / 4) + 0.2:.4f}\n" for i in range(10)))
    (tmp_path / "run_val_acc.txt").write_text("".join(f"{0.5 + i / 40:.4f}\n" for i in range(10)))
    assert len(_ids(tmp_path)) == 1
    df, _ = _read(tmp_path)
    assert _series(df, "val_loss")[0] == [49 + 50 * i for i in range(10)]
    assert _series(df, "val_acc")[0] == [49 + 50 * i for i in range(10)]


# ------------------------------------------------------------------ S7: 'progress: 25%' within an epoch

def test_percent_progress_within_an_epoch_places_each_line(tmp_path):
    text = "".join(f"epoch {e} | progress: {q}% | loss: {1 / (e + q / 100):.4f}\n"
                   for e in range(1, 7) for q in (25, 50, 75, 100))
    df, warned = _read(_write(tmp_path, "train.log", text))
    steps, values = _series(df, "loss")
    assert len(values) == 24 and steps == sorted(steps) and len(set(steps)) == 24
    assert not any("printed 4 times" in w for w in warned)


# ------------------------------------------------------------------ S2: Chinese split words before capital keys

def test_chinese_split_words_before_capital_keys(tmp_path):
    out = []
    for e in range(1, 7):
        out.append(f"2024-01-01 10:00:0{e} 训练 EPOCH: {e} | LOSS: {1 / e:.4f} | 准确率: {0.5 + e / 20:.4f} | LR: 1E-4\n")
        out.append(f"2024-01-01 10:00:0{e} 验证 EPOCH: {e} | LOSS: {1.2 / e:.4f} | 准确率: {0.45 + e / 20:.4f}\n")
    df, warned = _read(_write(tmp_path, "train.log", "".join(out)))
    assert _series(df, "loss") == (list(range(1, 7)), [round(1 / e, 4) for e in range(1, 7)])
    assert _series(df, "val_loss") == (list(range(1, 7)), [round(1.2 / e, 4) for e in range(1, 7)])
    assert not any("printed 2 times" in w for w in warned)
