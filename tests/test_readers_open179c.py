"""Open sets 180/181 (stop 63, helper rd63c): reader faults the blind labellers named, each from the real shape."""
from __future__ import annotations

import math
import os
import warnings

import loganalyzer as la


def _fs2_logs(root, launches: list[int], evals: int) -> None:
    """ming024/FastSpeech2's train.py / evaluate.py: ``<log_path>/train/log.txt`` and ``val/log.txt``, opened in
    append mode ("a") on every launch, one line per ``log_step`` (100) / ``val_step`` (1000), the same format strings."""
    for d in ("train", "val"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    with open(os.path.join(root, "train", "log.txt"), "a") as f:
        for n in launches:  # relaunches: the step starts again at 100
            for step in range(100, 100 * n + 1, 100):
                losses = [30.0 * math.exp(-step / 800) + 0.5 + 0.01 * k for k in range(6)]
                message1 = "Step {}/{}, ".format(step, 500000)
                message2 = ("Total Loss: {:.4f}, Mel Loss: {:.4f}, Mel PostNet Loss: {:.4f}, Pitch Loss: {:.4f}, "
                            "Energy Loss: {:.4f}, Duration Loss: {:.4f}").format(*losses)
                f.write(message1 + message2 + "\n")
    with open(os.path.join(root, "val", "log.txt"), "a") as f:
        for step in range(1000, 1000 * evals + 1, 1000):
            losses = [3.0 + step / 20000 + 0.01 * k for k in range(6)]
            f.write(("Validation Step {}, Total Loss: {:.4f}, Mel Loss: {:.4f}, Mel PostNet Loss: {:.4f}, Pitch Loss: "
                     "{:.4f}, Energy Loss: {:.4f}, Duration Loss: {:.4f}").format(step, *losses) + "\n")


def test_fastspeech2_train_val_dirs_are_one_run_with_relaunches_as_sessions(tmp_path):
    """public jiffzhangfs180 LJSpeech: train/log.txt (launches of 4 and 3 lines, then the training) and val/log.txt
    were four runs, the first (4 lines) standing for the folder: one run now, the resolved view the last launch's."""
    root = tmp_path / "LJSpeech"
    _fs2_logs(str(root), [4, 3, 60], 6)
    runs = la.discover(str(tmp_path))
    assert [(r.id, r.format) for r in runs] == [("LJSpeech", "joblog+joblog_dirs")]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = la.read_scalars(str(tmp_path), resolve=True)
    total = df[df.tag == "Total_Loss"]
    assert total.step.tolist() == list(range(100, 6001, 100))  # the last launch's, once each
    assert total.value.iloc[0] > 20  # from its own start, not an aborted launch's
    val = df[df.tag == "val_Total_Loss"]
    assert val.step.tolist() == list(range(1000, 6001, 1000))
    assert any("ming024/FastSpeech2" in str(w.message) for w in caught)


def test_split_dirs_of_other_trainings_stay_apart(tmp_path):
    """A val/log.txt whose steps end far from the training's (another job's evaluation) is no part of it."""
    _fs2_logs(str(tmp_path / "exp"), [60], 40)  # validation to step 40000, training to 6000
    assert sorted(r.id for r in la.discover(str(tmp_path))) == ["exp/train/log.txt", "exp/val/log.txt"]


def _cd_log(path, epochs: int) -> None:
    """public rscd181's change-detection trainer (loguru's default format): the config repr, then per epoch a TRAIN
    METRIC and a VAL METRIC banner over ``Epoch: N, acc:, miou:, mf1:`` and per-class lines, the train loss, and a
    BEST RESULT block (the best validation so far, no epoch) after each epoch."""
    lines = ["2025-04-07 19:38:00.681 | INFO     | __main__:<module>:58 - Config(train={'batch_size': 16, "
             "'num_epochs': 20, 'eval_interval': 1, 'num_classes': 2, 'lr': 1e-05, 'epoch': 20}, "
             "model={'name': 'resnet18', 'hidden_dim': 128, 'num_classes': 10}, data={'dataset': 'LEVIR'})"]
    pre = "2025-04-07 19:52:10.245 | INFO     | trainer.BaseTransformerTrainer:"
    best = None
    for e in range(1, epochs + 1):
        tr, va = 0.40 + 0.02 * e, 0.45 + (0.01 * e if e < 5 else 0.05 - 0.01 * (e - 5))
        lines.append(pre + f"train_one_epoch:99 - Training Epoch {e} ......")
        for split, m in (("TRAIN", tr), ("VAL", va)):
            lines.append(pre + f"get_all_metric:187 - >>>>>>>>>>>>>{split} METRIC<<<<<<<<<<<<<<")
            lines.append(pre + f"get_all_metric:190 - Epoch: {e}, acc: {m + 0.3}, miou: {m}, mf1: {m + 0.1}")
            lines.append(pre + f"get_all_metric:191 - iou_0: {m + 0.29}, F1_0: {m + 0.4}, F1_1: {m - 0.2}")
            if split == "TRAIN":
                lines.append(pre + f"start_train:79 - Epoch: {e} -- Train Loss: {0.02 / e}")
                lines.append(pre + "start_train:95 - Starting Validate....")
        best = va if best is None or va > best else best
        lines.append(pre + "update_best_result:60 - >>>>>>>>>>>>>BEST RESULT<<<<<<<<<<<<<<")
        lines.append(pre + f"update_best_result:65 - acc: {best + 0.3}, miou: {best}, mf1: {best + 0.1}")
        lines.append(pre + f"update_best_result:66 - iou_0: {best + 0.29}, F1_0: {best + 0.4}, F1_1: {best - 0.2}")
    path.write_text("\n".join(lines) + "\n")


def test_change_detection_train_val_best_blocks_kept_apart(tmp_path):
    """public rscd181: the validation's per-class lines were one series with the training's, the BEST RESULT
    block's restated best averaged into the training's acc/miou at each epoch, the config's values points at 0."""
    log = tmp_path / "2025-04-07_19-38-00_680525-resnet18focal-LEVIR-adam.log"
    _cd_log(log, 10)
    df = la.read_scalars(str(log), resolve=True)
    series = {t: g.sort_values("step") for t, g in df.groupby("tag")}
    assert not {"batch_size", "lr", "num_classes", "hidden_dim"} & set(series)
    for tag in ("miou", "iou_0", "val_miou", "val_iou_0", "val_F1_1"):
        assert series[tag].step.tolist() == list(range(1, 11)), tag
    assert abs(series["miou"].value.iloc[0] - 0.42) < 1e-9  # the training's own, no mean with the best's
    assert abs(series["iou_0"].value.iloc[-1] - (0.60 + 0.29)) < 1e-9
    assert abs(series["val_iou_0"].value.iloc[-1] - (0.45 + 0.0 + 0.29)) < 1e-9
