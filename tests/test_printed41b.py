"""printed41b: printed-log line shapes misread (audit41p, unseen public logs).

- headerless ``[epoch] step loss seconds`` rows with ``[e] step IOU:  [a, b]`` lines and a ``Validation loss:``
  (public Bargain18/AISL-UBEV ``train.out``): the training loss was dropped, IOU at ordinal steps, one class kept;
- ``val/IOU: x, val/dice : y`` after printed ``{'train/loss': ..}`` dicts (public UreMine02/DQN-MedSAM2);
- ``Epoch:[ 1 | 19 ]    Batch:[ 100 | 2068 ]`` counters and a bare ``mAP:0.53`` line (public CV-YYDS/YOLOV3);
- series from non-metric lines: ``left time=``, ``[config.py:958:print]``, DeepSpeed's config print and overflow
  note, quoted ``'name=value'`` flags, ``Completed training with loss: x``; ``lr, 0.001`` over the epoch line;
- ``Validation loss: x, acc: y``: the split's loss named ``Validation_loss`` beside its ``val_acc``;
- MetricLogger's ``Averaged stats:`` restating the epoch's last iteration line (public dino-main ``train.out``).
"""
from __future__ import annotations

from test_readers20a import _read, _series  # noqa: E402


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    return path


def _tags(df) -> set:
    return set(df.tag.unique())


# ------------------------------------------------------------------ 1. '[epoch] step loss seconds' rows


def _aisl(epochs: int = 3, per_epoch: int = 100, with_val: bool = True) -> tuple[str, list, list]:
    lines = ["Torch version: 2.3.1+cu121", "Val loader: 4625", "Using loss ce", "-" * 50]
    steps, losses = [], []
    step = 0
    for epoch in range(epochs):
        for i in range(per_epoch // 10):
            step += 10
            loss = 40.0 / (1 + step / 50)
            steps.append(step)
            losses.append(round(loss, 4))
            lines.append(f"[{epoch}] {step} {loss} {0.3 + (i % 5) / 100}")
            if step % 50 == 0:
                lines.append(f"[{epoch}] {step} IOU:  [{0.3 + step / 10000}, {0.2 + step / 20000}]")
        if with_val:
            lines.append(f"Validation mIOU: [{0.4 + epoch / 100}, {0.5 + epoch / 100}]")
            lines.append(f"Validation loss: {5.0 + epoch}")
    return "\n".join(lines) + "\n", steps, losses


def test_bracket_rows_read_as_loss_at_their_step(tmp_path):
    text, steps, losses = _aisl()
    df, _ = _read(_write(tmp_path, "train.out", text))
    assert _series(df, "loss") == (steps, losses)
    iou_steps, iou = _series(df, "IOU_0")
    assert iou_steps == list(range(50, 301, 50))
    assert _series(df, "IOU_1")[1][0] == round(0.2 + 50 / 20000, 4)
    assert _series(df, "val_loss") == ([100, 200, 300], [5.0, 6.0, 7.0])
    assert _series(df, "val_mIOU_1") == ([100, 200, 300], [0.5, 0.51, 0.52])
    assert "val_loader" not in _tags(df)  # a setting printed before the first row


def test_bracket_rows_without_a_split_loss_stay_unread(tmp_path):
    text, _, _ = _aisl(with_val=False)
    df, _ = _read(_write(tmp_path, "train.out", text))
    assert "loss" not in _tags(df)  # nothing says the unnamed value is a loss


# ------------------------------------------------------------------ 2. 'val/IOU: x, val/dice : y'

def test_split_named_scores_after_printed_dicts(tmp_path):
    text = ("{'train/loss': 0.6507002163632232, 'train/dice loss': 0.40878378379970004, 'train/actor_loss': 0}\n"
            "time_for_training  28.283672332763672\n"
            "Name: Task02_Heart_1 Dice score: 0.5871579806735155 IoU score: 0.4795198391804806\n"
            "val/IOU: 0.528205565514832, val/dice : 0.6217346868603878\n"
            "Achieve best Dice: 0.6217346868603878 > 0.6217346868603878\n")
    df, _ = _read(_write(tmp_path, "log_train.out", text))
    assert _series(df, "val/IOU")[1] == [0.5282]
    assert _series(df, "val/dice")[1] == [0.6217]
    assert "Dice_score" not in _tags(df)  # one case's score


# ------------------------------------------------------------------ 3. 'Batch:[ n | total ]' and 'mAP:x'

def test_pipe_counters_and_bare_map(tmp_path):
    lines, steps = [], []
    for epoch in range(3):
        for batch in range(0, 2001, 500):
            lines.append(f"Epoch:[ {epoch} | 19 ]    Batch:[ {batch} | 2068 ]    loss_giou: 4.7706    "
                         f"loss_conf: 11.5621    loss_cls: 19.4760    loss: {30 - epoch - batch / 1000:.4f}    lr: 0.0001")
            steps.append(epoch * 2068 + batch)
        lines += ["********************Validate********************", "aeroplane --> mAP : 0.6153449742834498",
                  "train --> mAP : 0.44252731615419416", f"mAP:{0.5 + epoch / 100:g}", f"best mAP : {0.5 + epoch / 100:g}"]
    df, _ = _read(_write(tmp_path, "nohup.out", "\n".join(lines) + "\n"))
    assert _series(df, "loss")[0] == steps
    assert _series(df, "val_mAP") == ([2000, 2068 + 2000, 2 * 2068 + 2000], [0.5, 0.51, 0.52])
    assert not any("train" == t or "aeroplane" in t for t in _tags(df))


# ------------------------------------------------------------------ 4. series from non-metric lines

def test_time_estimate_and_lr_over_epoch_line(tmp_path):
    lines = ["experiment, chair_exp, category: chair, gpu:0", "lr, 0.001"]
    for epoch in range(12):
        lines.append(f"epoch={epoch}/250,total_loss={2 - epoch / 10:.6f}, 1 epoch time=61.98, left time={4.3 - epoch / 60:.6f}")
        lines.append(f"lr, {0.001 * 0.99 ** (epoch + 1):.8f}")
    df, _ = _read(_write(tmp_path, "nohup.out", "\n".join(lines) + "\n"))
    assert "left_time" not in _tags(df)
    assert len(_series(df, "total_loss")[0]) == 12
    steps, lrs = _series(df, "lr")
    assert steps[:3] == [0, 1, 2] and lrs[0] == 0.001


def test_deepspeed_config_and_overflow_lines(tmp_path):
    lines = ["[2025-10-28 20:50:29,618] [INFO] [config.py:958:print]   float16_config ............... enabled=True "
             "auto_cast=False loss_scale=0.0 initial_scale_power=16 loss_scale_window=1000 hysteresis=2 "
             "consecutive_hysteresis=False min_loss_scale=1"]
    for step in range(1, 31):
        lines.append(f"[Step {step}/100] Loss: {5.05 - step / 100:.4f}")
        if step == 2:
            lines.append("[2025-10-28 20:50:31,653] [INFO] [loss_scaler.py:191:update_scale] [deepspeed] OVERFLOW! "
                         "Rank 0 Skipping step. Attempted loss scale: 65536, but hysteresis is 2. Reducing hysteresis to 1")
            lines.append("[2025-10-28 20:50:33,186] [INFO] [loss_scaler.py:184:update_scale] [deepspeed] OVERFLOW! "
                         "Rank 0 Skipping step. Attempted loss scale: 65536, reducing to 32768")
    df, _ = _read(_write(tmp_path, "zero_3.out", "\n".join(lines) + "\n"))
    assert _tags(df) == {"Loss"}
    assert len(_series(df, "Loss")[0]) == 30


def test_quoted_flags_and_closing_summary(tmp_path):
    flags = ["'pixel_cls_loss_weight_lambda=2.0'", "'pixel_link_loss_weight=1.0'", "'num_classes=2'"]
    df, _ = _read(_write(tmp_path, "flags.out", "\n".join(flags) + "\nTraceback (most recent call last):\n"))
    assert df is None or len(df) == 0 or not any("weight" in t for t in _tags(df))
    lines = ["started latent_dim 256"] + [f"Epoch {e}  Loss:{1000 - e * 5}.5" for e in range(0, 100, 10)]
    lines += ["Epoch 99  Loss:380.375", "Completed training with loss: 380.375; Time: 52.8", "done"]
    df, _ = _read(_write(tmp_path, "train.out", "\n".join(lines) + "\n"))
    assert _tags(df) == {"Loss"}
    assert _series(df, "Loss")[0][-1] == 99


# ------------------------------------------------------------------ 5. title-case split names

def test_title_case_split_names(tmp_path):
    lines = []
    for e in range(8):
        lines += [f"Epoch {e} Train Loss: {600 - e * 10}.5", f"Epoch: {e} True Loss: {900 - e}.25",
                  f"Epoch: {e} Val Acc: {0.1 + e / 100:.4f}"]
    df, _ = _read(_write(tmp_path, "nohup.out", "\n".join(lines) + "\n"))
    assert {"Train_Loss", "Val_Acc", "True_Loss"} <= _tags(df)  # alone on its line: kept as printed (its role is found)
    lines = []
    for e in range(1, 6):
        lines += [f"| 2021-07-12 17:5{e}:02 | INFO | Start epoch {e}:",
                  f"| 2021-07-12 17:5{e}:03 | INFO | Train Loss: 0.5{e}, Acc: 0.9{e}",
                  f"| 2021-07-12 17:5{e}:04 | INFO | Validation loss: 0.4{e}, acc: 0.8{e}, F1: 0.4{e}"]
    df, _ = _read(_write(tmp_path, "tuning.log.out", "\n".join(lines) + "\n"))
    assert {"val_loss", "val_acc"} <= _tags(df) and "Validation_loss" not in _tags(df)


# ------------------------------------------------------------------ 6. MetricLogger 'Averaged stats:'

def test_averaged_stats_no_second_point(tmp_path):
    lines = []
    for epoch in range(3):
        for it in list(range(0, 100, 10)) + [99]:
            lines.append(f"Epoch: [{epoch}/100]  [{it:>3}/100]  eta: 0:00:01  loss: {9 - epoch - it / 100:.6f} "
                         f"(9.531198)  lr: 0.000012 (0.000006)  wd: 0.040088 (0.040030)  time: 0.514709  data: 0.000200")
        lines.append(f"Epoch: [{epoch}/100] Total time: 0:13:11 (0.506737 s / it)")
        lines.append(f"Averaged stats: loss: {9 - epoch - 0.99:.6f} (9.531198)  lr: 0.000012 (0.000006)  "
                     "wd: 0.040088 (0.040030)")
    df, _ = _read(_write(tmp_path, "train.out", "\n".join(lines) + "\n"))
    steps, _ = _series(df, "loss")
    assert len(steps) == 33 and len(set(steps)) == 33
    assert steps[-1] == 2 * 100 + 99
