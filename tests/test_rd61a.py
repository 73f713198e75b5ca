"""Reader kinds named by the blind labellers of sets 167 (graph neural networks), 168 (time series / tabular) and 169
(OpenMMLab structured logs), opened at stop 61, each failing on the stop's start code. Files are written with the
writer the program used (numpy, json) or in its exact printed format (small, hand-written from its print call)."""
from __future__ import annotations

import json
import math
from collections import OrderedDict

import numpy as np

import loganalyzer

from _runs import runs_points


def _decay(n: int, a: float, b: float, rate: float = 8.0) -> list[float]:
    return [round(b + (a - b) * math.exp(-i / rate), 6) for i in range(n)]


# ---------------------------------------------------------------- 167: 'Epoch [500] - Train Loss: ..'


def test_bracketed_epoch_before_a_dash_is_the_epoch(tmp_path):
    """omidgcn167: ``print(f"Epoch [{epoch}] - Train Loss: {loss:.6f} | Train Accuracy: {acc:.2f}%")`` every 500
    epochs. ``Epoch [500] -`` was taken for a logging source's ``funcName [lineno] -`` and dropped: the 20 lines were
    at steps 1..20 (their ordinals)."""
    losses = _decay(20, 0.0138, 0.0023)
    lines = ["  NumNodes: 2708", "Done loading data from cached files."]
    lines += [f"Epoch [{500 * (k + 1)}] - Train Loss: {v:.6f} | Train Accuracy: {40 + 2.5 * k:.2f}%"
              for k, v in enumerate(losses)]
    (tmp_path / "cora.txt").write_text("\n".join(lines) + "\nTest Loss: 0.00068 | Test Accuracy: 79.50%\n")
    (points,) = runs_points(tmp_path).values()
    steps, values = points["Train_Loss"]
    assert steps == [500 * (k + 1) for k in range(20)]
    assert values == losses


# ---------------------------------------------------------------- 168: 'train_smooth_l1=.. val_smooth_l1=..'


def test_epoch_lines_of_a_train_val_pair_without_a_loss_word(tmp_path):
    """deepltsf168 ``train_v3.log``: ``print(f"epoch {ep:02d}  lr={lr:.2e}  train_smooth_l1={tr:.6f}  val_smooth_l1=
    {va:.6f}")`` after a few set-up lines: 'not read: named like a log, but its first 1,075 bytes hold no training
    progress'. Now read at its epochs, both splits' series."""
    train, val = _decay(8, 1.93, 1.29), _decay(8, 1.50, 1.28)
    lines = ["--> device: mps", "train rows=331776 val rows=82944", "materializing training windows..."]
    for k in range(8):
        lines.append(f"epoch {k + 1:02d}  lr={1e-3 * (1 - k / 50):.2e}  train_smooth_l1={train[k]:.6f}  "
                     f"val_smooth_l1={val[k]:.6f}")
        lines.append(f"  saved best -> checkpoint.pt (val_smooth_l1={val[k]:.6f})")
    (tmp_path / "train_v3.log").write_text("\n".join(lines) + "\n")
    (points,) = runs_points(tmp_path).values()
    assert points["train_smooth_l1"] == (list(range(1, 9)), train)
    assert points["val_smooth_l1"] == (list(range(1, 9)), val)


# ---------------------------------------------------------------- 169: mmcv log.json of validation lines only


def test_mmcv_log_json_of_val_lines_only_steps_by_epoch(tmp_path):
    """crazyw169: an mmcls job whose ``log_config.interval`` exceeds an epoch's iterations logs only its
    evaluations, ``{"mode": "val", "epoch": e, "iter": 3, ...}`` (TextLoggerHook's ``iter`` of the validation
    loop): 20 epochs collapsed to one point at step 3. Now each at its epoch."""
    acc, loss = _decay(20, 82.0, 92.1), _decay(20, 1.02, 0.28)
    rows = [json.dumps({"env_info": "sys.platform: linux", "seed": 0, "exp_name": "flower.py"})]
    for e in range(1, 21):
        rows.append(json.dumps(OrderedDict(mode="val", epoch=e, iter=3, lr=0.0003, **{"accuracy_top-1": acc[e - 1]})))
        rows.append(json.dumps(OrderedDict(mode="val", epoch=e, iter=3, lr=0.0003, memory=575, data_time=1.05,
                                           loss=loss[e - 1], time=1.07)))
    (tmp_path / "20230205_145053.log.json").write_text("\n".join(rows) + "\n")
    (points,) = runs_points(tmp_path).values()
    assert points["val/loss"] == (list(range(1, 21)), loss)
    assert points["val/accuracy_top-1"] == (list(range(1, 21)), acc)


# ---------------------------------------------------------------- 167: a str(list) of 500 losses per split


def test_printed_lists_of_losses_named_by_model_and_split(tmp_path):
    """chemgcn167: ``f.write(str(train_losses))`` into ``GCN_fold1_trainLoss.txt`` and ``GCN_fold1_testLoss.txt``,
    500 values each (~10 KB, longer than the sniffed head): found as no file at all. Now one run, both splits."""
    train, test = _decay(500, 146.7, 6.6, 40.0), _decay(500, 44.4, 15.9, 60.0)
    run = tmp_path / "GCN_fold1"
    run.mkdir()
    (run / "GCN_fold1_trainLoss.txt").write_text(str(train))
    (run / "GCN_fold1_testLoss.txt").write_text(str(test))
    (points,) = runs_points(tmp_path).values()
    assert points["train_loss"] == (list(range(500)), train)
    assert points["test_loss"] == (list(range(500)), test)


# ---------------------------------------------------------------- 167: Lightning's bar glued to its callbacks' lines


def test_lightning_bar_glued_to_checkpoint_and_early_stopping_lines(tmp_path):
    """qkangnn167: a terminal copy of a Lightning run, each epoch's last bar redraw followed on its line by
    ModelCheckpoint's ``Epoch N, global step M: 'val_auc' reached ..`` or EarlyStopping's ``Metric val_auc improved
    by ..``: the bar's ``val_loss`` was kept for 2 epochs of 24. Now at every epoch."""
    val = _decay(6, 0.68, 0.46)
    lines = []
    for e in range(6):
        bar = (f"Epoch {e}: 100%|" + "\u2588" * 40 + f"| 235/235 [01:22<00:00,  2.85it/s, v_num=2903, "
               f"val_loss={val[e]:.3f}, val_auc={0.85 + e / 1000:.3f}]")
        if e % 2:
            tail = (f"Metric val_auc improved by 0.001 >= min_delta = 0.0. New best score: {0.85 + e / 1000:.3f}")
        else:
            tail = (f"Epoch {e}, global step {235 * (e + 1)}: 'val_auc' reached {0.85 + e / 1000:.5f} (best "
                    f"{0.85 + e / 1000:.5f}), saving model to '/w/checkpoints/epoch={e}-val_auc=0.85.ckpt' as top 3")
        lines.append(bar + tail)
    (tmp_path / "logs_gcn.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (points,) = runs_points(tmp_path).values()
    steps, values = points["val_loss"]
    assert steps == [235 * (e + 1) for e in range(6)]
    assert values == [round(v, 3) for v in val]


# ---------------------------------------------------------------- 167: per-epoch .npy scores beside loss.npy


def test_split_metric_npy_files_beside_a_loss_array_are_one_run(tmp_path):
    """hgfpqm9167: ``np.save('loss.npy', losses)`` once a batch, then ``rmse_tr.npy``/``rmse_vl.npy``/``r2_tr.npy``
    once an epoch into the same folder: only ``loss.npy`` was read, the validation scores never. Now one run, each
    score under its file's stem by its index."""
    run = tmp_path / "2020-02-16-134452279186"
    run.mkdir()
    loss = np.array(_decay(300, 1.1, 0.57, 60.0))
    rmse_tr, rmse_vl, r2_tr = (np.array(_decay(10, a, b, 3.0)) for a, b in ((219, 186), (215, 186), (0.29, 0.49)))
    np.save(run / "loss.npy", loss)
    np.save(run / "rmse_tr.npy", rmse_tr)
    np.save(run / "rmse_vl.npy", rmse_vl)
    np.save(run / "r2_tr.npy", r2_tr)
    (run / "report.md").write_text("# Model Summary\nmodel=gcn\n")
    (points,) = runs_points(tmp_path).values()
    assert points["loss"] == (list(range(300)), loss.tolist())
    assert points["rmse_vl"] == (list(range(10)), rmse_vl.tolist())
    assert points["rmse_tr"] == (list(range(10)), rmse_tr.tolist())
    assert points["r2_tr"] == (list(range(10)), r2_tr.tolist())


def test_a_lone_split_metric_npy_is_no_run(tmp_path):
    """The split-named scores are read only beside a loss array: alone, ``rmse_vl.npy`` is no run (as before)."""
    np.save(tmp_path / "rmse_vl.npy", np.array(_decay(10, 215, 186, 3.0)))
    assert runs_points(tmp_path) == {}


# ---------------------------------------------------------------- 167: counters and timers are no series


def test_outer_loop_e_before_the_index_is_the_epoch(tmp_path):
    """gnnthesis167: ``print("e", e, "i", i, "loss:", loss, "mean:", mean, "time:", t, "acc:", acc)`` -- ``e`` (the
    outer loop's epoch) was a series beside the loss. Now the epoch, ``i`` the step."""
    loss = _decay(6, 2.60, 2.54)
    lines = []
    for k, v in enumerate(loss):
        lines.append(f"e 0 i {2498 + 500 * k} loss: {v} mean: {v + 0.01} time: 462.39 acc: 12.4 chance: 0.126")
        if k % 2:
            lines.append(f"saving model at e 0 i: {2498 + 500 * k}")
    (tmp_path / "paste_loss_print.txt").write_text("\n".join(lines) + "\n")
    (points,) = runs_points(tmp_path).values()
    assert "e" not in points and "time" not in points
    assert points["loss"] == ([2498 + 500 * k for k in range(6)], loss)


def test_an_epoch_blocks_timer_line_is_no_series(tmp_path):
    """dfrscore167 ``training.log``: ``  1th epoch,`` / ``   training loss: ..`` / ``   val loss: ..`` / ``   epoch
    time: 28.80``: the seconds each epoch took were a series ``epoch_time``. The losses stay, the timer goes."""
    train, val = _decay(5, 1.60, 0.90, 2.0), _decay(5, 1.26, 0.94, 2.0)
    lines = ["  ----- Training Log -----"]
    for k in range(5):
        lines += [f"  {k + 1}th epoch,", f"   training loss: {train[k]}", f"   val loss: {val[k]}",
                  f"   epoch time: {28.8 - k:.2f}"]
    (tmp_path / "training.log").write_text("\n".join(lines) + "\n")
    (points,) = runs_points(tmp_path).values()
    assert "epoch_time" not in points
    assert points["training_loss"] == (list(range(1, 6)), train)
    assert points["val_loss"] == (list(range(1, 6)), val)
