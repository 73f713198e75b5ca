"""Stop 62, lo62: reader/discovery faults stop 61's breaker and reader helpers found and left, each a kind, each test
written with the real writer (Python logging, print, json, numpy) or the exact text the framework's format strings
print, and failing on the stop's start code (fc02c7f7)."""
from __future__ import annotations

import itertools
import logging
import math

from _runs import read_resolved
from _runs import runs_points as _runs


def _curve(i: float, a: float = 2.5, b: float = 0.3) -> float:
    return round(b + (a - b) * math.exp(-0.15 * i), 5)


# ---------------------------------------------------------------- 1: a sweep's per-config summary lines

def _sweep_lines() -> list[str]:
    lines = []
    for n, (lr, wd) in enumerate(itertools.product([0.1, 0.01, 0.001], [1e-4, 1e-3, 1e-2])):
        print_line = f"lr={lr} wd={wd:g} final val_loss {0.4 + 0.05 * (n % 4):.2f} val_acc {0.8 - 0.02 * (n % 3):.2f}"
        lines.append(print_line)
    return lines


def test_sweep_summary_lines_alone_are_no_training_curve(tmp_path):
    """``lr=0.01 wd=1e-4 final val_loss 0.52 val_acc 0.81``, one line per setting (a grid search's print): each line a
    different training's result. Before: series final_val_loss, val_acc, lr, wd over a line counter (judged as a
    curve); now no run's points and a warning naming the sweep lines."""
    (tmp_path / "sweep.log").write_text("\n".join(_sweep_lines()) + "\n")
    df, warned = read_resolved(tmp_path / "sweep.log")
    assert df.empty
    assert any("sweep summary lines" in w and "sweep.log" in w for w in warned)


def test_sweep_summary_lines_after_per_epoch_lines_leave_the_epochs(tmp_path):
    """Each setting's per-epoch lines then its summary line: the epochs read (one run a setting), the summaries add
    no point (before: a ``final_val_loss``/``lr``/``wd`` point and an 11th ``val_acc`` point per run)."""
    lines = []
    for lr in (0.1, 0.01):
        for e in range(1, 11):
            lines.append(f"Epoch {e}/10 - loss: {_curve(e):.4f} - val_loss: {_curve(e, 2.6, 0.4):.4f} - val_acc: "
                         f"{0.5 + 0.03 * e:.4f}")
        lines.append(f"lr={lr} wd=0.0001 final val_loss {_curve(10, 2.6, 0.4):.2f} val_acc {0.8:.2f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    runs = _runs(tmp_path)
    assert len(runs) == 2
    for run in runs.values():
        assert set(run) == {"loss", "val_loss", "val_acc"}
        assert run["val_acc"][0] == list(range(1, 11))


# ---------------------------------------------------------------- 2: NeuRec, a second launch appended

def test_neurec_second_launch_names_its_rows_by_its_own_header(tmp_path):
    """NeuRec/SGL-Torch logging twice into one file: the first launch evaluates @20, the second @10. Each launch's
    ``metrics:`` header names its own rows (before: the second launch's rows were read as ``Precision@20``...)."""
    logger = logging.getLogger("lo62_neurec")
    handler = logging.FileHandler(tmp_path / "SGL_yelp.log")
    handler.setFormatter(logging.Formatter("%(asctime)s.%(msecs)03d: %(message)s", "%Y-%m-%d %H:%M:%S"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        for k in (20, 10):
            logger.info("model: model.general_recommender.SGL")
            logger.info("metrics:\t%s", "\t".join(f"{m:<12}" for m in (f"Precision@{k}", f"Recall@{k}", f"NDCG@{k}")))
            for e in range(1, 6):
                bpr, ssl = _curve(e, 0.6931, 0.04), 6.3374
                logger.info("[iter %d : loss : %.4f = %.4f + %.4f + %.4f, time: 362.55]", e, bpr + ssl, bpr, ssl, 0.0)
                logger.info("epoch %d:\t%s", e, "\t".join(f"{v:<12.8f}" for v in (0.002 * e, 0.005 * e, 0.004 * e)))
    finally:
        logger.removeHandler(handler)
        handler.close()
    runs = _runs(tmp_path)
    names = [{t for t in run if "@" in t} for run in runs.values()]
    assert {"Recall@20", "Recall@10"} <= set().union(*names)
    for run in runs.values():
        for tag in run:
            if "@" in tag:
                assert len(run[tag][0]) == 5, (tag, run[tag])


# ---------------------------------------------------------------- 3: mmcv log.json, val lines only, two launches

def test_mmcv_val_only_log_json_of_two_launches_reads_each_on_its_epochs(tmp_path):
    """mmcls's TextLoggerHook with ``log_config.interval`` past an epoch's iterations writes only ``"mode": "val"``
    lines (``iter`` the validation loop's, constant); a second launch appends its meta line and starts again at epoch
    1. Each launch is a run on its epochs (before: both fell back to ``iter``: one point each at step 3)."""
    import json

    with open(tmp_path / "20230101_120000.log.json", "w") as f:
        for last in (8, 12):
            f.write(json.dumps({"env_info": "sys.platform: linux", "config": "model = dict()", "seed": 0,
                                "exp_name": "resnet18_cifar.py"}) + "\n")
            for e in range(1, last + 1):
                f.write(json.dumps({"mode": "val", "epoch": e, "iter": 3, "lr": 0.1,
                                    "accuracy_top-1": round(40 + 2 * e, 2)}) + "\n")
    runs = _runs(tmp_path)
    assert sorted(len(run["val/accuracy_top-1"][0]) for run in runs.values()) == [8, 12]
    for run in runs.values():
        steps = run["val/accuracy_top-1"][0]
        assert steps == list(range(1, len(steps) + 1))


# ---------------------------------------------------------------- 4: a per-sample array beside per-epoch arrays

def test_per_sample_test_array_beside_epoch_arrays_is_no_series(tmp_path):
    """``mae_test.npy`` of 10,000 per-example errors beside ``loss.npy``/``val_loss.npy`` of 50 epochs (np.save):
    left out with a warning naming it (before: joined as a 10,000-point ``mae_test`` series)."""
    import numpy as np

    e = np.arange(50)
    np.save(tmp_path / "loss.npy", 2 * np.exp(-e / 10) + 0.1)
    np.save(tmp_path / "val_loss.npy", 2 * np.exp(-e / 10) + 0.2)
    np.save(tmp_path / "mae_test.npy", np.abs(np.random.default_rng(0).normal(0, 0.3, 10_000)))
    df, warned = read_resolved(tmp_path)
    assert set(df.tag) == {"loss", "val_loss"}
    assert len(df) == 100
    assert any("mae_test.npy" in w and "per-sample" in w for w in warned)


# ---------------------------------------------------------------- 5: a bar's rounded value and the checkpoint's

def test_bar_redraw_and_checkpoint_line_at_one_step_are_one_point(tmp_path):
    """Lightning's last redraw of an epoch's bar (``val_auc=0.863``) with ModelCheckpoint's line glued after it
    (``'val_auc' reached 0.86259``, 5 decimals): one point a step, the more precise (before: two at some steps)."""
    out, step, before = [], 0, ""
    aucs = [round(0.80059 + 0.01237 * ep, 5) for ep in range(6)]
    for ep, auc in enumerate(aucs):
        loss = round(0.7 * math.exp(-ep / 3) + 0.3, 3)
        for b in range(0, 101, 25):
            out.append(f"\rEpoch {ep}: {b:3d}%|{'#' * (b // 10):<10}| {b}/100 [00:05<00:00, 19.5it/s, v_num=0, "
                       f"train_loss={loss:.3f}{before}]")
        step += 100
        out.append(f"\rEpoch {ep}: 100%|##########| 100/100 [00:05<00:00, 19.5it/s, v_num=0, train_loss={loss:.3f}, "
                   f"val_auc={auc:.3f}]")
        out.append(f"Epoch {ep}, global step {step}: 'val_auc' reached {auc:.5f} (best {auc:.5f}), saving model to "
                   f"'/ckpt/epoch={ep}-step={step}.ckpt' as top 1\n")
        before = f", val_auc={auc:.3f}"
    (tmp_path / "train.log").write_text("".join(out))
    (run,) = _runs(tmp_path).values()
    steps, values = run["val_auc"]
    assert steps == [100 * (ep + 1) for ep in range(6)]
    assert all(abs(v - a) < 5e-4 for v, a in zip(values, aucs))
    assert values[0] == aucs[0]  # both read at the step: the checkpoint's 5 decimals kept


# ---------------------------------------------------------------- 6: DKT's Test AUC; KGAT's closing summary

def test_dkt_test_auc_after_each_epoch_is_read_at_the_epochs_last_step(tmp_path):
    """DKT prints ``Test AUC: 0.81`` after each epoch's ``Training steps: N Loss: ..`` lines (print): a ``test_auc``
    point at the epoch's last training step (before: only ``Loss`` was read)."""
    lines, step = ["Loading Assisment..."], 0
    for e in range(1, 7):
        lines.append(f"Start Training: Epoch {e}")
        for _ in range(3):
            step += 10
            lines.append(f"Training steps: {step} Loss: {_curve(step / 10, 0.8, 0.3)}")
        lines.append(f"Test AUC: {0.70 + 0.02 * e:.4f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path).values()
    assert run["test_auc"] == ([30 * e for e in range(1, 7)], [round(0.70 + 0.02 * e, 4) for e in range(1, 7)])


def test_kgat_best_iter_summary_is_no_point(tmp_path):
    """KGAT's closing ``Best Iter=[3]@[1405.2]\\trecall=[..]`` (Main.py's ``final_perf``) adds no point: the test
    series keep the evaluated epochs only (a guard: right at the start code too)."""
    lines = []
    for e in range(40):
        loss = 0.5 * math.exp(-e / 10) + 0.1
        line = f"Epoch {e} [31.2s]: train==[{loss:.5f}={loss - 0.01:.5f} + 0.00500 + 0.00500]"
        if e % 10 == 9:
            line = (f"Epoch {e} [31.2s + 12.1s]: train==[{loss:.5f}={loss - 0.01:.5f} + 0.00500 + 0.00500], "
                    f"recall=[{0.05 + 0.002 * e:.5f}, 0.2], precision=[0.01, 0.005], hit=[0.2, 0.5], ndcg=[0.1, 0.2]")
        lines.append(line)
    lines.append("Best Iter=[3]@[1405.2]\trecall=[0.12800\t0.19900\t0.24500], precision=[0.01000\t0.00800\t0.00700], "
                 "hit=[0.2\t0.3\t0.4], ndcg=[0.10000\t0.13000\t0.15000]")
    (tmp_path / "kgat.log").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path).values()
    assert run["test_recall"][0] == [9, 19, 29, 39]


# ---------------------------------------------------------------- 7: 'train 25.00% [250/1000]': a loop's progress

def test_split_percentage_with_its_loop_counter_is_progress_not_accuracy(tmp_path):
    """``epoch 1 train 25.00% [250/1000] loss: ..`` (print): the percentage is how far the loop got (its counter
    follows and agrees): no ``train_acc`` (before: a train_acc series of 25, 50, 75, 100 averaged); ``train 32.89%``
    with no counter stays the running accuracy (lo61)."""
    lines = []
    for e in range(1, 6):
        for k in (250, 500, 750, 1000):
            lines.append(f"epoch {e} train {k / 10:.2f}% [{k}/1000] loss: {_curve(e * 4 + k / 250, 1.0, 0.3):.4f}")
        lines.append(f"epoch {e} val loss: {_curve(e * 4, 1.0, 0.35):.4f}")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "train.log").write_text("\n".join(lines) + "\n")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "train.log").write_text("".join(
        f"epoch {e}, total signals 900, average_loss_per_batch: {_curve(e, 1.4, 0.5)}, train {30 + 2.89 * e:.2f}%\n"
        for e in range(6)))
    runs = _runs(tmp_path)
    assert "train_acc" not in runs["a/train.log"] and "loss" in runs["a/train.log"]
    assert runs["b/train.log"]["train_acc"][1][:2] == [30.0, 32.89]
