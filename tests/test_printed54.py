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


# ---------------------------------------------------------------- split-named values between spaces, bracketed terms


def test_split_named_with_bracketed_terms_and_at_names(tmp_path):
    """adlcv127: ``print(f"Epoch {e}  train={tr:.4f}  val={va:.4f}  (box={b:.4f} score={s:.4f})  recall@5@0.5=
    {r:.3f}  spearman={rho:.3f}")``: val, its terms and the recall were lost."""
    train, val = _curve(5, 0.13, 0.105), _curve(5, 0.113, 0.104)
    with open(tmp_path / "out_1.out", "w") as f:
        print("Loading datasets...\nBuilding model...\n  Trainable params: 10,192,481", file=f)
        for e in range(5):
            print(f"Epoch {e + 1}  train={train[e]:.4f}  val={val[e]:.4f}  (box={val[e] * 0.45:.4f} "
                  f"score={val[e] * 0.55:.4f})  recall@5@0.5={0.17 + e / 100:.3f}  spearman={0.678:.3f}", file=f)
        print("Saved to output/detr_placement.pt", file=f)
    df, _ = read_resolved(tmp_path)
    assert series_by_step(df, "val_loss") == (list(range(1, 6)), [round(v, 4) for v in val])
    assert series_by_step(df, "train_loss")[1] == [round(v, 4) for v in train]
    assert series_by_step(df, "val_box")[1] == [round(v * 0.45, 4) for v in val]
    assert series_by_step(df, "recall@5@0.5")[1] == [round(0.17 + e / 100, 3) for e in range(5)]
    assert set(df.tag) == {"train_loss", "val_loss", "val_box", "val_score", "recall@5@0.5", "spearman"}


def test_split_named_ft_stage_unchanged(tmp_path):
    """Guard: ``ft ep  1/50  train=0.12532  val_r=-0.112`` after a pre-training's loss lines, as before."""
    with open(tmp_path / "ssl.log", "w") as f:
        for e in range(3):
            print(f"  mae pretrain ep {e + 1:2d}/3  loss={0.04 - e * 0.005:.5f}", file=f)
        for e in range(3):
            print(f"  ft ep {e + 1:2d}/3  train={0.125 - e * 0.01:.5f}  val_r={-0.11 + e * 0.1:.3f}", file=f)
    df, _ = read_resolved(tmp_path / "ssl.log")
    assert "val_r" in set(df.tag) and "train_loss" in set(df.tag)


# ---------------------------------------------------------------- 'Epo N:' (Spanish época, cut short)


def test_epo_is_the_epoch(tmp_path):
    """tecparla125: ``print(f"  Epo {epoch}: Loss={loss:.4f} | Acc={acc:.2f}%")``: 'Epo' was a series."""
    loss = _curve(8, 1.59, 0.09)
    with open(tmp_path / "entrenamiento.log", "w", encoding="utf-8") as f:
        print("--- Inicio entrenamiento: 8 épocas (17:56:47) ---", file=f)
        for e in range(8):
            print(f"  Epo {e + 1}: Loss={loss[e]:.4f} | Acc={25 + e * 9:.2f}%", file=f)
    df, _ = read_resolved(tmp_path / "entrenamiento.log")
    assert set(df.tag) == {"Loss", "Acc"}
    assert series_by_step(df, "Loss") == (list(range(1, 9)), loss)


# ---------------------------------------------------------------- 'Train - Acc: ..' / 'Val   - Acc: ..'


def test_train_and_val_metric_lines_are_two_splits(tmp_path):
    """signhello125: ``print(f"Epoch {e}/{n} Loss: {loss:.4f}")`` then ``print(f"Train - Acc: {a:.4f}, Prec: ..,
    Rec: .., F1: ..")`` and ``print(f"Val   - Acc: ..")``: one series 'Acc' of two values an epoch."""
    loss = _curve(6, 1.26, 0.05)
    with open(tmp_path / "train_log.txt", "w", encoding="utf-8") as f:
        for e in range(6):
            for _ in tqdm(range(3), desc=f"Epoch {e + 1}/6", file=f):
                pass
            print(f"Epoch {e + 1}/6 Loss: {loss[e]:.4f}", file=f)
            tr, va = 0.45 + e * 0.05, 0.57 + e * 0.07
            print(f"Train - Acc: {tr:.4f}, Prec: {tr:.4f}, Rec: 1.0000, F1: {tr:.4f}", file=f)
            print(f"Val   - Acc: {va:.4f}, Prec: {va:.4f}, Rec: 1.0000, F1: {va:.4f}", file=f)
            print("", file=f)
    df, _ = read_resolved(tmp_path / "train_log.txt")
    tags = {t.lower() for t in df.tag}
    assert "acc" not in tags and {"train_acc", "val_acc", "val_f1"} <= tags
    val = df[df.tag.str.lower() == "val_acc"].sort_values("step")
    assert val.step.tolist() == list(range(1, 7))
    assert val.value.tolist() == [round(0.57 + e * 0.07, 4) for e in range(6)]


def test_validation_accuracy_line_unchanged(tmp_path):
    """Guard: ``Validation Accuracy: 0.94`` after an epoch's loss line keeps its one name."""
    with open(tmp_path / "train.log", "w") as f:
        for e in range(4):
            print(f"Epoch {e + 1}/4 Loss: {1.0 - e * 0.2:.4f}", file=f)
            print(f"Validation Accuracy: {0.6 + e * 0.1:.4f}", file=f)
    df, _ = read_resolved(tmp_path / "train.log")
    assert "Validation_Accuracy" in set(df.tag) or "Validation Accuracy" in set(df.tag), set(df.tag)


# ---------------------------------------------------------------- a Keras callback's dev accuracy and its best so far


def test_keras_callback_accuracy_without_best_series(tmp_path):
    """ccks2019se125: Keras' bar per epoch, then a callback evaluating the dev set under tqdm (no total, so the bar
    reads ``1607it [00:17, 98.42it/s]``) and ``print('acc: %.4f, best acc: %.4f' % (acc, best))`` after it."""
    loss, acc = _curve(6, 0.23, 0.18), [0.785, 0.79, 0.787, 0.795, 0.792, 0.798]
    with open(tmp_path / "运行结果.txt", "w", encoding="utf-8") as f:
        best = 0.0
        for e in range(6):
            print(f"Epoch {e + 1}/6\n", file=f)
            for i in range(1, 4):
                print(f"  {i}/202 [>.............................] - ETA: 45s - loss: {loss[e] + 0.01:.4f}", file=f)
            print(f"202/202 [==============================] - 47s 233ms/step - loss: {loss[e]:.4f}", file=f)
            best = max(best, acc[e])
            f.write(f"\r0it [00:00, ?it/s]\r{1600 + e}it [00:17, 98.42it/s]")
            print("acc: %.4f, best acc: %.4f" % (acc[e], best), file=f)
    df, _ = read_resolved(tmp_path / "运行结果.txt")
    assert not any("best" in t.lower() for t in set(df.tag))
    steps, values = series_by_step(df, "acc")
    assert values == acc and steps == series_by_step(df, "loss")[0][-6:]


def test_loss_beside_best_loss_unchanged(tmp_path):
    """Guard: a loss line printing its best so far (``val_loss 0.5 | best val_loss 0.45``) is read whole, as before:
    only an accuracy line's best is left out."""
    with open(tmp_path / "train.log", "w") as f:
        for e in range(4):
            print(f"epoch {e + 1} | val_loss {0.5 - e * 0.05:.3f} | best val_loss {0.45:.3f}", file=f)
    df, _ = read_resolved(tmp_path / "train.log")
    assert "val_loss" in set(df.tag)


# ---------------------------------------------------------------- torchvision reference: segmentation evaluations


def _metric_logger_line(header: str, i: int, n: int, meters: dict) -> str:
    """torchvision ``references/*/utils.py`` ``MetricLogger.log_every``'s line (its format string)."""
    space = str(len(str(n)))
    body = "  ".join(f"{k}: {v[0]:.6f}" if k == "lr" else f"{k}: {v[0]:.4f} ({v[1]:.4f})" for k, v in meters.items())
    return (header + "  [{0:" + space + "d}/{1}]").format(i, n) + \
        f"  eta: 0:05:34  {body}  time: 0.9404  data: 0.0241  max mem: 4457"


def _tv_seg_log(path, epochs: int = 4, own_line: bool = False) -> tuple[list[float], list[float]]:
    """``train.py``: each epoch's MetricLogger lines (every 10 of 40 iterations), the ``Test:`` pass, then
    ``print(confmat)`` (``ConfusionMatrix.__str__``) or the U-2-Net script's ``[epoch: e] val_MAE: .. val_maxF1: ..``."""
    miou, acc = _curve(epochs, 70.2, 66.7), _curve(epochs, 93.3, 92.4)
    with open(path, "w", encoding="utf-8") as f:
        for e in range(epochs):
            for i in range(0, 40, 10):
                loss = 1.5 - e * 0.2 - i * 0.001
                print(_metric_logger_line(f"Epoch: [{e}]", i, 40, {"lr": (1e-4 * (1 - e / epochs),),
                                                                   "loss": (loss, loss + 0.01)}), file=f)
            print(f"Epoch: [{e}] Total time: 0:05:31", file=f)
            for i in range(0, 20, 10):
                print(f"Test:  [{i:2d}/20]  eta: 0:00:19    time: 0.1267  data: 0.0003  max mem: 4457", file=f)
            print("Test: Total time: 0:03:05", file=f)
            if own_line:
                print(f"[epoch: {e}] val_MAE: {0.186 - e * 0.03:.3f} val_maxF1: {0.564 + e * 0.05:.3f}", file=f)
            else:
                print("global correct: {:.1f}\naverage row correct: {}\nIoU: {}\nmean IoU: {:.1f}".format(
                    acc[e], ['96.8', '89.8'], ['93.2', '84.9'], miou[e]), file=f)
    return [round(v, 1) for v in acc], [round(v, 1) for v in miou]


def test_torchvision_segmentation_confmat(tmp_path):
    acc, miou = _tv_seg_log(tmp_path / "运行结果.txt")
    df, _ = read_resolved(tmp_path / "运行结果.txt")
    assert series_by_step(df, "val_mIoU") == ([30, 70, 110, 150], miou)
    assert series_by_step(df, "val_pixel_acc")[1] == acc
    assert not any("row" in t or t == "IoU" for t in set(df.tag))


def test_metric_logger_epoch_val_line(tmp_path):
    _tv_seg_log(tmp_path / "train_log.txt", own_line=True)
    df, _ = read_resolved(tmp_path / "train_log.txt")
    assert series_by_step(df, "val_MAE") == ([30, 70, 110, 150], [round(0.186 - e * 0.03, 3) for e in range(4)])
    assert series_by_step(df, "val_maxF1")[1] == [round(0.564 + e * 0.05, 3) for e in range(4)]


def test_confmat_print_without_metric_logger_unchanged(tmp_path):
    """Guard: the same ``global correct`` block in a log whose training lines are no MetricLogger's adds nothing."""
    with open(tmp_path / "train.log", "w") as f:
        for e in range(3):
            print(f"epoch {e + 1} loss: {1.0 - e * 0.2:.4f}", file=f)
            print(f"global correct: 9{e}.0\nmean IoU: 6{e}.0", file=f)
    df, _ = read_resolved(tmp_path / "train.log")
    assert "val_mIoU" not in set(df.tag)


# ---------------------------------------------------------------- a 12-hour clock, 'Loss per epochs:'


def test_twelve_hour_stamp_and_loss_per_epochs(tmp_path):
    """cifarcnn130: ``logging.basicConfig(format='%(asctime)s %(message)s', datefmt='%m/%d/%Y %I:%M:%S %p')`` and
    ``logging.info(f"Loss per epochs:{running_loss}")`` once an epoch: 'PM' was read as a key, nothing read."""
    import logging
    from _runs import close_logger, file_logger

    log = file_logger(tmp_path / "run.log", "%(asctime)s %(message)s", "cifarcnn54")
    for handler in log.handlers:
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%m/%d/%Y %I:%M:%S %p"))
    loss = [927.14, 818.77, 812.70, 812.04, 812.01]
    log.info("Download image data to /data/")
    for value in loss:
        log.info(f"Loss per epochs:{value}")
    close_logger(log)
    df, _ = read_resolved(tmp_path / "run.log")
    assert set(df.tag) == {"Loss"}
    assert series_by_step(df, "Loss") == ([1, 2, 3, 4, 5], loss)


# ---------------------------------------------------------------- '[i/N] running loss of epoch e is : sum'


def _unet_log(path, sessions=((2, 0.0), (4, 0.3))) -> list[tuple[list[float], list[float]]]:
    """The U-Net loop: ``running_loss += loss.item()`` and ``print(f"[{i}/{len(loader)}] running loss of epoch
    {epoch} is : {running_loss}")`` per batch, over the training loader (10 batches), then the validation loader
    (4 batches); the script run twice into the same file."""
    out = []
    with open(path, "w") as f:
        for epochs, shift in sessions:
            train, val = [], []
            for e in range(epochs):
                for n, means in ((10, train), (4, val)):
                    running = 0.0
                    level = 1.2 / (e + 1) + shift + (0.0 if n == 10 else -0.05)
                    for i in range(n):
                        running += level + 0.01 * ((i * 7) % 3 - 1)
                        print(f"[{i}/{n}] running loss of epoch {e} is : {running}", file=f)
                    means.append(running / n)
            out.append((train, val))
    return out


def test_running_loss_sums_per_pass(tmp_path):
    sessions = _unet_log(tmp_path / "train_log.txt")
    df, _ = read_resolved(tmp_path / "train_log.txt", resolve=False)
    runs = sorted(set(df.dir))
    assert len(runs) == 2
    for run, (train, val) in zip(runs, sessions):
        rows = df[(df.dir == run) & (df.tag == "val_loss")].sort_values("step")
        assert rows.step.tolist() == list(range(len(val)))
        assert [round(v, 9) for v in rows.value] == [round(v, 9) for v in val]
        rows = df[(df.dir == run) & (df.tag == "train_loss")].sort_values("step")
        assert [round(v, 9) for v in rows.value] == [round(v, 9) for v in train]


# ---------------------------------------------------------------- Keras ACGAN example's component table


def _acgan_log(path, iters: int = 5, test_rows: bool = False) -> list[float]:
    """``mnist_acgan.py``'s table per iteration (its format strings), then ``print('Iters', i)``."""
    names = ["loss", "generation_loss", "aux_eyes_loss", "aux_hair_loss"]
    gen = _curve(iters, 5.71, 1.35) if iters > 1 else [5.71]
    row = '{0:<22s} | {1:<4.2f} | {2:<15.4f} | {3:<5.4f} | {4:<5.4f}'
    with open(path, "w") as f:
        for i in range(iters):
            end = "\r" if i % 2 else "\n"  # the bar's last redraw closed by a newline or by '\r' alone
            f.write("  1/100 [..............................] - ETA: 39s  2/100 [....] - ETA: 39s" + end)
            print('{0:<22s} | {1:4s} | {2:15s} | {3:5s} | {4:5s}'.format('component', *names), file=f)
            print('-' * 100, file=f)
            print(row.format('generator (train)', gen[i], 0.74, 2.48, 2.49), file=f)
            if test_rows:
                print(row.format('generator (test)', gen[i] + 0.1, 0.8, 2.5, 2.5), file=f)
            print(row.format('discriminator (train)', 6.44 - i * 0.3, 0.51, 3.15, 2.79), file=f)
            print('Iters', i + 1, file=f)
    return [round(v, 2) for v in gen]


def test_acgan_component_table(tmp_path):
    gen = _acgan_log(tmp_path / "src.out")
    df, _ = read_resolved(tmp_path / "src.out")
    assert series_by_step(df, "generator/loss") == ([1, 2, 3, 4, 5], gen)
    assert series_by_step(df, "discriminator/aux_eyes_loss")[1] == [3.15] * 5
    assert len(set(df.tag)) == 8


def test_acgan_test_rows_are_validation(tmp_path):
    gen = _acgan_log(tmp_path / "src.out", test_rows=True)
    df, _ = read_resolved(tmp_path / "src.out")
    assert series_by_step(df, "val_generator/loss")[1] == [round(g + 0.1, 2) for g in gen]


def test_one_component_table_not_read(tmp_path):
    """Guard: a single table (a summary printed once) is no curve."""
    _acgan_log(tmp_path / "src.out", iters=1)
    df, _ = read_resolved(tmp_path / "src.out")
    assert df.empty


# ---------------------------------------------------------------- 'Batch 500,TrainLoss:' under 'Epoch e/E' headers


def _jay_log(path, epochs: int = 4, glued: bool = False) -> tuple[list[float], list[float]]:
    """The author's loop: ``print(f"Epoch {epoch}/{epochs - 1}")``, ``print("-" * 50)``, ``print("Training...")``,
    every 500 batches ``print(f"Batch {i},TrainLoss: {l:.4f},TrainAcc: {a:.4f}")`` (``Batch{i},TrainLoss:{l:.4f}``
    in the other script), then ``print(f"train Loss:{l:.4f} Acc:{a:.4f}%")`` and ``print(f"valid Loss:..")``."""
    train, val = _curve(epochs, 0.414, 0.1245), _curve(epochs, 0.2362, 0.0791)
    with open(path, "w", encoding="utf-8") as f:
        print("Using GPU for training!!!!! ", file=f)
        for e in range(epochs):
            print(f"Epoch {e}/{epochs - 1}\n" + "-" * 50 + "\nTraining...", file=f)
            for b in (500, 1000, 1500):
                loss = train[e] + 0.1 * (1500 - b) / 1500
                print(f"Batch{b},TrainLoss:{loss:.4f},TrainAcc:{80 + e:.4f}" if glued else
                      f"Batch {b},TrainLoss: {loss:.4f},TrainAcc: {80 + e:.4f}", file=f)
            print(f"train Loss:{train[e]:.4f} Acc:{89.47 + e:.4f}%\nValidating...", file=f)
            print(f"valid Loss:{val[e]:.4f} Acc:{97.36:.4f}%", file=f)
    return train, val


def test_epoch_summary_on_the_batch_axis(tmp_path):
    """jaycnn125: the batch lines at epoch x 1500 + batch, the epoch's ``train Loss``/``valid Loss`` at 0..3 beside
    them; now at the epoch's last batch step, one axis."""
    for glued in (False, True):
        path = tmp_path / f"run{int(glued)}.txt"
        train, val = _jay_log(path, glued=glued)
        df, _ = read_resolved(path)
        assert series_by_step(df, "TrainLoss")[0] == [500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500,
                                                      5000, 5500, 6000], glued
        assert series_by_step(df, "val_Loss") == ([1500, 3000, 4500, 6000], [round(v, 4) for v in val]), glued
        assert series_by_step(df, "train_Loss")[0] == [1500, 3000, 4500, 6000], glued


def test_epoch_header_stepless_lines_unchanged(tmp_path):
    """Guard: under ``Epoch e/E`` headers with no per-batch counter the epoch's lines stay at the header's epoch."""
    with open(tmp_path / "training_logs.txt", "w") as f:
        for e in range(1, 5):
            print(f"Epoch {e}/4", file=f)
            print(f"Train Loss: {1.0 - e * 0.1:.4f}, Val Loss: {1.1 - e * 0.1:.4f}", file=f)
    df, _ = read_resolved(tmp_path / "training_logs.txt")
    assert series_by_step(df, "Val Loss")[0] == [1, 2, 3, 4] or series_by_step(df, "Val_Loss")[0] == [1, 2, 3, 4]


# ---------------------------------------------------------------- an earlier session's result printed again at the end


def _session(f, epochs: int, level: float, result: tuple[float, float] | None) -> None:
    """train.py's loop (``print(f"Epoch {e}/{n}")``, ``print(f"Train Loss: {t:.4f}, Val Loss: {v:.4f}")``) then
    evaluate.py's ``print(f"mIoU       {miou:.4f}")`` / ``print(f"Pixel Accuracy: {pa:.4f}")``."""
    for e in range(1, epochs + 1):
        print(f"\nEpoch {e}/{epochs}\nLR: 0.001", file=f)
        print(f"Train Loss: {level + 1.0 / e:.4f}, Val Loss: {level + 1.1 / e:.4f}", file=f)
    print("Training finished. Total time: 2256.13 seconds", file=f)
    if result is not None:
        print(f"Class         IoU\nbg         0.8232\nmIoU       {result[0]:.4f}\nPixel Accuracy: {result[1]:.4f}",
              file=f)


def test_comparison_after_last_session_not_its_points(tmp_path):
    """pascalfcn125: the second session's end repeats the first model's evaluation (a comparison script)."""
    first, second = (0.5740, 0.8395), (0.6217, 0.8592)
    with open(tmp_path / "train_log.txt", "w", encoding="utf-8") as f:
        _session(f, 5, 1.0, first)
        _session(f, 5, 0.9, second)
        for name, (miou, pa) in (("resnet18", first), ("resnet34", second)):
            print(f"=== Experiment with backbone: {name} ===", file=f)
            print(f"Class         IoU\nmIoU       {miou:.4f}\nPixel Accuracy: {pa:.4f}", file=f)
    df, _ = read_resolved(tmp_path / "train_log.txt", resolve=False)
    runs = sorted(set(df.dir))
    assert len(runs) == 2
    last = df[(df.dir == runs[1]) & (df.tag == "mIoU")]
    assert set(last.value) == {0.6217}
    first_run = df[(df.dir == runs[0]) & (df.tag == "mIoU")]
    assert first_run.value.tolist() == [0.574]


def test_equal_result_of_two_sessions_kept(tmp_path):
    """Guard: the last session's own result equal to the first's by chance (a validation accuracy of 1.0) is kept."""
    with open(tmp_path / "train_log.txt", "w", encoding="utf-8") as f:
        _session(f, 4, 1.0, (1.0, 1.0))
        _session(f, 4, 0.9, (1.0, 1.0))
    df, _ = read_resolved(tmp_path / "train_log.txt", resolve=False)
    runs = sorted(set(df.dir))
    assert len(runs) == 2
    assert df[(df.dir == runs[1]) & (df.tag == "mIoU")].value.tolist() == [1.0]
