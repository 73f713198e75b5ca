"""printed39b: printed-log shapes the blind labellers of sets 66 and 68 found read wrong.

- tqdm bars per pass and an epoch result line restating their last postfix, under ``Epoch [k/N]`` headers (public
  polyp-segmentation ``trainlog.txt``, polypseg68): the bars' counters were read as two interleaved training
  curves, the run split in two and resumed at every epoch;
- Deep-MIML-Network's ``Display training progress at (epoch N, total_steps M)`` blocks (deepmiml68 ``train.log``):
  ``mAP:`` and ``validation mAP is:`` lines unread, ``validation_loss_is``;
- a ProgressMeter drawn as a tqdm description whose per-batch loss is one image's (crowdcount68
  ``train_alt_1.out``): thousands of noisy batch values instead of the epoch averages;
- a one-epoch session, then a relaunch logging epoch 1 again after its ``Running with config`` line (capp66
  ``Mcheckpoints/train.log``): one series with two points at epoch 1.
"""
from __future__ import annotations

import random

from loganalyzer import discover  # noqa: E402
from test_readers20a import _read, _series  # noqa: E402


def _ids(path) -> list[str]:
    return [r.id for r in discover(str(path))]


# ------------------------------------------------------------------ bars restated by an epoch result line


def _bar(n: int, loss: float, iou: float) -> str:
    return (f"100%|{'█' * 60}| {n}/{n} [09:37<00:00, 19.26s/it, loss={loss:.3g}, iou={iou:.3g}] ")


def _polyp_log(first: int, last: int, total: int = 300, restate: bool = True) -> tuple[str, list, list]:
    rnd = random.Random(0)
    lines, losses, vals = [], [], []
    for epoch in range(first - 1, last + 1):
        if epoch >= first:
            lines.append(f"Epoch [{epoch}/{total}]")
        loss, iou = 0.2 - 0.0004 * (epoch - first), 0.35 + 0.002 * (epoch - first)
        vloss, viou = 0.25 + 0.1 * rnd.random(), 0.3 * rnd.random()
        lines.append(_bar(30, loss, iou))
        lines.append(_bar(8, vloss, viou))
        if restate:
            lines.append(f"loss {loss:.4f} - iou {iou:.4f} - val_loss {vloss:.4f} - val_iou {viou:.4f}")
        else:  # another script's summary: other numbers than its bars'
            lines.append(f"loss {loss * 0.8:.4f} - iou {iou:.4f} - val_loss {vloss * 1.3:.4f} - val_iou {viou:.4f}")
        losses.append(round(loss, 4))
        vals.append(round(vloss, 4))
    return "\n".join(lines) + "\n", losses, vals


def test_bars_restated_by_the_epoch_result_line_are_left_out(tmp_path):
    text, losses, vals = _polyp_log(47, 60)
    (tmp_path / "trainlog.txt").write_text(text)
    assert _ids(tmp_path) == ["trainlog.txt"]
    df, _ = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert steps == list(range(46, 61))  # the line before the first header: epoch 46
    assert values == losses
    assert _series(df, "val_loss") == (list(range(46, 61)), vals)
    assert set(df.tag) == {"loss", "iou", "val_loss", "val_iou"}


def test_bars_a_result_line_does_not_restate_stay(tmp_path):
    text, _, _ = _polyp_log(47, 60, restate=False)
    (tmp_path / "trainlog.txt").write_text(text)
    df, _ = _read(tmp_path)
    steps, _ = _series(df, "loss")
    assert max(steps) > 300  # a bar's counter still read (as before: the rule needs its values restated)


# ------------------------------------------------------------------ Deep-MIML display blocks


def _miml_launch(displays: int, start_loss: float, val_map: float, every: int = 4) -> tuple[list, list, list]:
    lines = ["------------ Options -------------", "batchSize: 64", "display_freq: 20", "-------------- End ----------------",
             "starting from epoch  0"]
    losses, vmaps = [], []
    for k in range(1, displays + 1):
        epoch, steps = 10 * k, 2560 * k
        loss = start_loss * 0.97 ** k
        lines += [f"Display training progress at (epoch {epoch}, total_steps {steps})", f"loss: {loss!r}",
                  f"mAP: {0.2 + 0.01 * k!r}", f"average forward time: {0.15 + 0.001 * k!r}", "end of display ", ""]
        losses.append(round(loss, 4))
        if k % every == 0:
            lines += [f"Display validation results at (epoch {epoch}, total_steps {steps})",
                      f"validation mAP is: {val_map!r}", f"validation loss is: {loss * 0.8!r}", "end of display ", ""]
            vmaps.append((steps, val_map))
        lines += [f"saving the latest model (epoch {epoch}, total_steps {steps})",  # no display block below it
                  f"current learning rate: {0.001 * 0.94 ** k!r}",
                  f"saving the model at the end of epoch {epoch}, total_steps {steps}"]
    return lines, losses, vmaps


def test_display_blocks_read_whole_per_launch(tmp_path):
    a, la, va = _miml_launch(8, 0.9, 0.3333)
    b, lb, vb = _miml_launch(12, 0.45, 0.85)
    (tmp_path / "train.log").write_text("\n".join(a + b) + "\n")
    assert _ids(tmp_path) == ["train.log#1", "train.log#2"]
    df, _ = _read(tmp_path)
    assert _series(df, "loss", "train.log#1") == ([2560 * k for k in range(1, 9)], la)
    assert _series(df, "val_mAP", "train.log#1") == ([s for s, _ in va], [v for _, v in va])
    assert _series(df, "val_mAP", "train.log#2")[1] == [0.85] * 3
    assert _series(df, "mAP", "train.log#2")[0] == [2560 * k for k in range(1, 13)]
    assert len(_series(df, "val_loss", "train.log#2")[0]) == 3
    assert not any("time" in t or "rate" in t or t.endswith("_is") for t in set(df.tag))


# ------------------------------------------------------------------ a noisy ProgressMeter: its epoch averages


def _meter_log(epochs: int, batches: int, noise: float) -> tuple[str, list]:
    rnd = random.Random(1)
    out, averages = [], []
    for epoch in range(epochs):
        total = 0.0
        for bi in range(batches):
            level = 240 - 8 * epoch
            value = level * (1 + noise * (2 * rnd.random() - 1))
            total += value
            avg = total / (bi + 1)
            out.append(f"Epoch [{epoch}][{bi}/{batches}] Time/b 0.61 (1.21) Loss {value:.4f} ({avg:.3f}) :  "
                       f"{100 * bi // batches:3d}%|#####     | {bi}/{batches} [00:10<00:10,  1.11it/s]\r")
        averages.append(round(avg, 3))
    return "".join(out) + "\n", averages


def test_noisy_meter_gives_its_epoch_averages(tmp_path):
    text, averages = _meter_log(5, 60, noise=0.9)
    (tmp_path / "train.out").write_text(text)
    df, _ = _read(tmp_path)
    steps, values = _series(df, "Loss")
    assert values == averages
    assert steps == [60 * e + 59 for e in range(5)]


def test_a_meter_following_its_curve_keeps_every_batch(tmp_path):
    text, _ = _meter_log(5, 60, noise=0.02)
    (tmp_path / "train.out").write_text(text)
    df, _ = _read(tmp_path)
    assert len(_series(df, "Loss")[0]) > 100


# ------------------------------------------------------------------ a one-epoch session, then a relaunch


def _capp_session(epochs: int, start: float, hour: int) -> list[str]:
    out = [f"2019-05-23 {hour:02d}:18:51,172 - DEBUG - Running with config {{'cuda': True, 'bs': 8, 'epochs': 10, "
           f"'load_from': None, 'checkpoint_dir': 'checkpoints'}}"]
    for e in range(1, epochs + 1):
        out.append(f"2019-05-23 {hour:02d}:29:39,025 - DEBUG - Training Epoch: {e}, Loss: {start * 0.8 ** e:.5g}.")
        out.append(f"2019-05-23 {hour:02d}:30:24,179 - INFO - Validating Epoch: {e}, accuracy: 0.97, Pk: 0.2 . ")
    return out


def test_a_one_epoch_session_then_a_relaunch_are_two_runs(tmp_path):
    lines = _capp_session(5, 0.2, 1) + _capp_session(1, 0.21, 9) + _capp_session(3, 0.19, 10)
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    assert _ids(tmp_path) == ["train.log#1", "train.log#2", "train.log#3"]
    df, _ = _read(tmp_path)
    assert _series(df, "Loss", "train.log#2") == ([1], [round(0.21 * 0.8, 4)])
    assert _series(df, "Loss", "train.log#3")[0] == [1, 2, 3]


def test_the_same_epoch_twice_without_a_banner_is_no_relaunch(tmp_path):
    lines = _capp_session(5, 0.2, 1)
    lines.insert(3, lines[1])  # epoch 1's line printed twice, nothing between but its validation
    lines += _capp_session(1, 0.03, 9)[1:]  # epoch 1 again, no config line
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    assert len(_ids(tmp_path)) <= 2
    lines = _capp_session(1, 0.2, 1) + _capp_session(1, 0.2, 2)[1:]  # no banner before the second epoch 1
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    assert _ids(tmp_path) == ["train.log"]
