"""Printed-log reader kinds of the sets opened at stop 54 (125-130), each failing on the stop's start code, with
guards:

- a printed log named in Chinese (``训练日志.txt`` "training log", ``训练记录.txt`` "training record") whose head is a
  printed model (tegcn125, zmdpenguin125): not found in a folder where ``train_log.txt`` is;
- CTR-GCN/TE-GCN ``print_log`` epoch blocks with the tqdm bar and a bare ``Accuracy: .. Best ..`` print inside
  (tegcn125): read as a series of the time prefix ``Fri_Oct``;
- YOLOv5's validation bar cut by ``WARNING  NMS time limit 1.500s exceeded`` and drawn again (zmdpenguin125): that
  epoch's validation lost.
"""
from __future__ import annotations

import time

import torch
from tqdm import tqdm

from _runs import read_resolved, series_by_step


def _model_print(f, layers: int = 160) -> None:
    """The model printed first, as these trainers do (``print(model)``): over 8 KiB before any progress line."""
    model = torch.nn.Sequential(*[torch.nn.Linear(4, 4) for _ in range(layers)])
    print(model, file=f)


def _curve(n: int, start: float, end: float) -> list[float]:
    return [round(start + (end - start) * (i / (n - 1)) ** 0.5, 4) for i in range(n)]


# ---------------------------------------------------------------- TE-GCN / CTR-GCN print_log, named in Chinese


def _torchlight_log(path, epochs: int = 6) -> tuple[list[float], list[float], list[float]]:
    """TE-GCN's ``main.py``: ``print_log`` writes ``[ <time.asctime()> ] <text>``; the epoch's tqdm bar goes to the
    same captured stream, and the eval prints ``Accuracy: <acc> Best <best> ep <i>  model: <name>`` itself."""
    train, test, top1 = _curve(epochs, 4.65, 0.9), _curve(epochs, 4.4, 1.1), _curve(epochs, 3.7, 70.0)
    with open(path, "w", encoding="utf-8") as f:
        def log(text: str) -> None:
            print(f"[ {time.asctime()} ] " + text, file=f)

        print("Torch Version 1.8.0+cu111", file=f)
        _model_print(f)
        log("Parameters:")
        print("{'work_dir': 'work_dir/2102', 'phase': 'train', 'num_epoch': %d}" % epochs, file=f)
        print("", file=f)
        best = 0.0
        for e in range(epochs):
            log(f"Training epoch: {e + 1}")
            for _ in tqdm(range(5), file=f, ascii=False):
                pass
            log(f"\tMean training loss: {train[e]:.4f}.")
            log("\tTime consumption: [Data]01%, [Network]99%")
            log(f"Eval epoch: {e + 1}")
            for _ in tqdm(range(3), file=f):
                pass
            best = max(best, top1[e] / 100)
            print("Accuracy: ", top1[e] / 100, "Best", best, "ep", e, " model: ", "runs/2102", file=f)
            log(f"\tMean test loss of 63 batches: {test[e]}.")
            log(f"\tTop1: {top1[e]:.2f}%")
            log(f"\tTop5: {min(top1[e] * 2, 99):.2f}%")
    return train, test, top1


def test_chinese_named_log_found_in_folder(tmp_path):
    train, test, _ = _torchlight_log(tmp_path / "训练日志.txt")
    df, _ = read_resolved(tmp_path)
    assert series_by_step(df, "Mean_training_loss") == (list(range(1, 7)), train)


def test_torchlight_blocks_with_tqdm_and_bare_print(tmp_path):
    """The values of each block at its epoch; the time prefix names no series."""
    train, test, top1 = _torchlight_log(tmp_path / "train_log.txt")
    df, _ = read_resolved(tmp_path / "train_log.txt")
    assert series_by_step(df, "Mean_training_loss") == (list(range(1, 7)), train)
    assert series_by_step(df, "Mean_test_loss") == (list(range(1, 7)), test)
    assert series_by_step(df, "val_Top1")[1] == [round(v, 2) for v in top1]
    assert not any(t.startswith(("Fri", "Mon", "Tue", "Wed", "Thu", "Sat", "Sun")) for t in set(df.tag))


def test_data_list_named_in_chinese_not_a_run(tmp_path):
    """Guard: a ``*.txt`` named in Chinese without a log word (``训练集.txt``, "training set" ... a list of files)
    whose head shows no progress makes no run and no line naming a log."""
    with open(tmp_path / "数据集.txt", "w", encoding="utf-8") as f:
        for i in range(2000):
            print(f"images/{i:05d}.jpg {i % 7}", file=f)
    df, warns = read_resolved(tmp_path)
    assert df.empty


# ---------------------------------------------------------------- YOLOv5 train.py with NMS warnings


_V5_HEAD = ('\n' + '%11s' * 7) % ('Epoch', 'GPU_mem', 'box_loss', 'obj_loss', 'cls_loss', 'Instances', 'Size')
_V5_VAL = ('%22s' + '%11s' * 6) % ('Class', 'Images', 'Instances', 'P', 'R', 'mAP50', 'mAP50-95')


def _yolov5_log(path, epochs: int = 6, warn_every: int = 2) -> list[float]:
    """YOLOv5 ``train.py``'s stdout (its tqdm bars to the same file): the epoch bar, the validation bar, and on some
    epochs val.py's ``WARNING  NMS time limit 1.500s exceeded`` printed at the end of the bar's first draw, so the
    bar is drawn again on the next line."""
    maps = _curve(epochs, 0.001, 0.9)
    with open(path, "w", encoding="utf-8") as f:
        print("train: weights=yolov5s.pt, cfg=, data=data.yaml, epochs=%d" % epochs, file=f)
        _model_print(f)
        print("Starting training for %d epochs..." % epochs, file=f)
        for e in range(epochs):
            print(_V5_HEAD, file=f)
            desc = ('%11s' * 2 + '%11.4g' * 5) % (f'{e}/{epochs - 1}', '0G', 0.13 - e * 0.01, 0.08, 0.07, 286, 640)
            for _ in tqdm(range(7), desc=desc, file=f, bar_format='{l_bar}{bar:10}{r_bar}'):
                pass
            bar = tqdm(range(1), desc=_V5_VAL, file=f, bar_format='{l_bar}{bar:10}{r_bar}')
            if e % warn_every == 0:
                bar.refresh()
                f.write("WARNING  NMS time limit 1.500s exceeded\n")
            for _ in bar:
                pass
            print(('%22s' + '%11i' * 2 + '%11.3g' * 4) % ('all', 20, 262, 0.5, 0.4, maps[e], maps[e] / 2), file=f)
        print(f"\n{epochs} epochs completed in 0.5 hours.", file=f)
    return maps


def test_yolov5_validation_after_nms_warning(tmp_path):
    maps = _yolov5_log(tmp_path / "训练记录.txt")
    df, _ = read_resolved(tmp_path)
    steps, values = series_by_step(df, "metrics/mAP_0.5")
    assert steps == list(range(6))
    assert values == [float('%.3g' % m) for m in maps]
    assert series_by_step(df, "train/box_loss")[0] == list(range(6))
