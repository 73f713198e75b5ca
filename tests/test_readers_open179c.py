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


def test_training_line_with_its_step_right_after_a_banner_block_stays_training(tmp_path):
    """A ``>>>VAL METRIC<<<`` banner's unindented lines are the validation's only while they name no step: the next
    epoch's ``Epoch: N -- loss: ..`` record written right under the block (logging, loguru's layout) is the
    training's (the banner rule of stop 63 had carried the block on to it, and to every training line after an
    indented block: tests/test_readers43, test_readers44)."""
    import logging

    path = tmp_path / "train.log"
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s | %(levelname)-8s | %(name)s:%(funcName)s:%(lineno)d - "
                                           "%(message)s"))
    logger = logging.getLogger("trainer65a")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        for e in range(1, 9):
            logger.info(f"Epoch: {e} -- loss: {1 / e:.4f}")
            logger.info(">>>>>>>>>>>>>VAL METRIC<<<<<<<<<<<<<<")
            logger.info(f"Epoch: {e}, acc: {0.6 + e / 50:.4f}, miou: {0.4 + e / 50:.4f}")
            logger.info(f"iou_0: {0.7 + e / 50:.4f}, F1_0: {0.8 + e / 100:.4f}")
    finally:
        logger.removeHandler(handler)
        handler.close()
    df = la.read_scalars(str(path), resolve=True)
    series = {t: g.sort_values("step") for t, g in df.groupby("tag")}
    assert series["loss"].step.tolist() == list(range(1, 9))
    assert [round(v, 4) for v in series["loss"].value] == [round(1 / e, 4) for e in range(1, 9)]
    assert "val_loss" not in series
    assert series["val_iou_0"].step.tolist() == list(range(1, 9))


def test_line_rules_cost_each_line_once(tmp_path, monkeypatch):
    """A display redrawn with ``print(.., end="\\r")`` before the first step is one line holding thousands of
    step-less hits: the one-line-repr check (``_config_dump``) and the best-block look-back (``_joblog_bestblock``)
    had found and decoded the whole line per hit -- quadratic (5,000 redraws: ~100 s). Now each line is found and
    decoded once, whatever its hits: counted on the real ``_linespans.Lines`` (a subclass that counts, no timing)."""
    import contextlib

    from loganalyzer.readers import _config_dump, _joblog_bestblock, _linespans, joblog

    found, decoded = [], []

    class Counted(_linespans.Lines):
        def span(self, offset):
            known = len(self.starts)
            out = super().span(offset)
            if len(self.starts) > known:
                found.append(out)
            return out

        def text(self, offset):
            known = len(self.texts)
            out = super().text(offset)
            if len(self.texts) > known:
                decoded.append(offset)
            return out

    monkeypatch.setattr(_config_dump, "Lines", Counted)
    monkeypatch.setattr(_joblog_bestblock, "Lines", Counted)
    path = tmp_path / "train.log"
    with open(path, "w") as f, contextlib.redirect_stdout(f):
        print("best model kept")
        for i in range(20000):
            print(f"loss: {1 / (i + 2):.4f} acc: 0.5000", end="\r")
        print()
        print("Epoch 1 loss 0.5000")
    data = path.read_bytes()
    one = joblog.parse(b"loss: 0.5000 acc: 0.5000\n", "one.log").hits[0]
    offsets, o = [], data.index(b"loss")
    while o >= 0 and o < data.index(b"\n", data.index(b"loss")):
        offsets.append(o)
        o = data.find(b"loss", o + 1)
    hits = [joblog._Hit(o, one.record, False) for o in offsets]
    assert len(hits) == 20000
    assert len(_config_dump.drop(data, hits)) == len(hits)
    assert len(_joblog_bestblock.drop(data, hits, [])) == len(hits)
    redraw = [span for span in found if span[1] - span[0] > 1000]
    assert len(redraw) == 2  # the redraw line found once per rule (two rules, one Lines each), not once per hit
    assert len(decoded) <= len(found)  # and decoded at most once per line found
