"""Printed job-log shapes the twenty-second blind labeller found misread (branch readers7), each a kind; the values
come from tiny torch models really trained, printed through ``print``/``logging``/tqdm as the public files have them.

- three lines per epoch, ``epoch   1`` / ``loss: 6.6`` / ``test accuracy: 20.78%, (512570/2466133)`` (bilstm-cnlm):
  read as a whitespace table, every row skipped;
- ``- Train metrics: ...`` / ``- Eval metrics: ...`` (the CS230 template, inr-currency): one series of both;
- ``Training loss: x; Acc: y`` / ``Validation loss: x; Acc: y`` under ``Epoch: 1`` (garbage-cls): a shared line
  counter for the steps, train and validation accuracy one series;
- ``epoch=0 i=12/530 total loss=...`` (cisc867-tts): every point at the epoch, ``i`` a series;
- ``Epoch: 3/50, Iteration step: 1300, loss: ...`` + ``====Epoch: 3/50,top 1 acc: 0.07====`` (tinyimg-mobilevit):
  write-order steps, the accuracies dropped;
- ``train.py[line:125] - INFO: Train Epoch 1 --- ...`` / ``Test Epoch 1 --- ...`` (numpy-mlp): ``line`` and
  ``Test_Epoch`` series;
- per-batch ``TRAINING - Epoch: [e][n/N] ... Loss v (avg)`` lines beside epoch summaries (dls-optim);
- Lightning's bar postfix ``train_loss=nan.0`` (HP-VADE);
- Keras 2 trainings appended to one log, each stopped before its ``Epoch N/150`` was done (Semantic-Segmentation);
- ``Epoch: 0001`` then ``iter:0020 loss_train: ...`` restarting every epoch (gcn_graph_classification).
"""
from __future__ import annotations

import logging
import math
import warnings

import numpy as np
import pytest
from tqdm import tqdm

from loganalyzer import read_scalars

torch = pytest.importorskip("torch")


def _model(seed: int):
    torch.manual_seed(seed)
    x = torch.randn(256, 8)
    y = (x[:, :2].sum(1) > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    return x, y, model, torch.optim.SGD(model.parameters(), lr=0.1)


def _epochs(epochs: int, seed: int = 0, batches: int = 1) -> list[list[tuple[float, float]]]:
    """Per epoch, per batch: (train loss, train accuracy) of a tiny model really trained; the last item of each
    epoch is its validation (loss, accuracy)."""
    x, y, model, opt = _model(seed)
    xv, yv = x[:64] + 0.3 * torch.randn(64, 8), y[:64]
    out = []
    for _ in range(epochs):
        rows = []
        for b in range(batches):
            xb, yb = x[b::batches], y[b::batches]
            opt.zero_grad()
            logits = model(xb)
            loss = torch.nn.functional.cross_entropy(logits, yb)
            loss.backward()
            opt.step()
            rows.append((loss.item(), (logits.argmax(1) == yb).float().mean().item()))
        with torch.no_grad():
            logits = model(xv)
            rows.append((torch.nn.functional.cross_entropy(logits, yv).item(),
                         (logits.argmax(1) == yv).float().mean().item()))
        out.append(rows)
    return out


def _series(df, tag):
    got = df[df.tag == tag].sort_values("step")
    return got.step.tolist(), got.value.to_numpy()


def _read(path, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(path, **kw)
    return df, [str(w.message) for w in caught]


def test_three_lines_per_epoch_are_a_job_log_with_epoch_steps(tmp_path):
    runs = _epochs(8)
    text = ""
    for e, rows in enumerate(runs, 1):
        (loss, _), (_, acc) = rows[0], rows[-1]
        right = int(acc * 2466133)
        text += f"epoch {e:3d}\nloss: {loss:.6f}\ntest accuracy: {acc * 100:.2f}%, ({right}/2466133)\n"
    (tmp_path / "train_log.txt").write_text(text)
    df, notes = _read(tmp_path, resolve=True)
    assert not any("row skipped" in n for n in notes)
    steps, values = _series(df, "loss")
    assert steps == list(range(1, 9)) and np.allclose(values, [round(r[0][0], 6) for r in runs])
    steps, values = _series(df, "test_accuracy")
    assert steps == list(range(1, 9)) and np.allclose(values, [round(r[-1][1] * 100, 2) for r in runs])


def _logger(path, fmt):
    log = logging.getLogger(f"r7-{path.name}")
    log.handlers.clear()
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter(fmt))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return log, handler


def test_cs230_train_and_eval_metrics_lines_are_two_splits(tmp_path):
    runs = _epochs(6)
    log, handler = _logger(tmp_path / "train.log", "%(asctime)s:%(levelname)s: %(message)s")  # the template's
    log.info("Starting training for 6 epoch(s)")
    for e, rows in enumerate(runs, 1):
        log.info(f"Epoch {e}/6")
        (tl, ta), (vl, va) = rows[0], rows[-1]
        log.info(f"- Train metrics: accuracy: {ta:05.3f} ; loss: {tl:05.3f}")
        log.info(f"- Eval metrics: accuracy: {va:05.3f} ; loss: {vl:05.3f}")
        log.info(f"- Found new best accuracy, saving in experiments/base_model/best_weights/after-epoch-{e}")
    handler.close()
    df, _ = _read(tmp_path, resolve=True)
    assert {"Train_loss", "Eval_loss", "Train_accuracy", "Eval_accuracy"} <= set(df.tag)
    assert "loss" not in set(df.tag)
    steps, values = _series(df, "Eval_loss")
    assert steps == list(range(1, 7)) and np.allclose(values, [round(r[-1][0], 3) for r in runs])
    steps, values = _series(df, "Train_loss")
    assert steps == list(range(1, 7)) and np.allclose(values, [round(r[0][0], 3) for r in runs])


def test_training_and_validation_lines_under_an_epoch_header(tmp_path):
    runs = _epochs(5)
    text = "Device: cuda\nTrain set: 11648\n\n"
    for e, rows in enumerate(runs, 1):
        (tl, ta), (vl, va) = rows[0], rows[-1]
        text += f"Epoch: {e}\n----------\nTraining loss: {tl}; Acc: {ta}\nValidation loss: {vl}; Acc: {va}\n\n"
    (tmp_path / "training.out").write_text(text)
    df, _ = _read(tmp_path, resolve=True)
    assert "Acc" not in set(df.tag)
    for tag, i, j in (("Training_loss", 0, 0), ("Validation_loss", -1, 0), ("Training_Acc", 0, 1),
                      ("Validation_Acc", -1, 1)):
        steps, values = _series(df, tag)
        assert steps == list(range(1, 6)), tag
        assert np.allclose(values, [r[i][j] for r in runs]), tag


def test_a_batch_counter_of_n_over_total_beside_the_epoch(tmp_path):
    runs = _epochs(3, batches=4)
    text = "Beginning training 3 epochs, logging every 1.\n"
    for e, rows in enumerate(runs):
        for i, (loss, _) in enumerate(rows[:-1]):
            text += f"epoch={e} i={i}/4 total loss={loss:.5f} spectro loss={loss * 0.9:.5f}\n"
    (tmp_path / "train.log").write_text(text)
    df, _ = _read(tmp_path, resolve=True)
    assert "i" not in set(df.tag)
    steps, values = _series(df, "total_loss")
    assert steps == list(range(12))
    assert np.allclose(values, [round(r[0], 5) for rows in runs for r in rows[:-1]])


def test_a_batch_counter_running_past_its_total_goes_on_at_the_next_epoch(tmp_path):
    runs = _epochs(2, batches=6)
    text = ""
    for e, rows in enumerate(runs):  # the public script's counter ran past the /N it printed
        for i, (loss, _) in enumerate(rows[:-1]):
            text += f"epoch={e} i={i}/3 total loss={loss:.5f}\n"
    (tmp_path / "overnight.log").write_text(text)
    df, notes = _read(tmp_path, resolve=True)
    steps, values = _series(df, "total_loss")
    assert len(steps) == 12 and steps == sorted(steps) and len(set(steps)) == 12
    assert np.allclose(values, [round(r[0], 5) for rows in runs for r in rows[:-1]])
    assert not any("resumed" in n for n in notes)


def test_iteration_step_and_framed_top_k_accuracy_lines(tmp_path):
    runs = _epochs(4, batches=2)
    log, handler = _logger(tmp_path / "train.log", "%(asctime)s %(levelname)s: %(message)s")
    step = 0
    for e, rows in enumerate(runs):
        for loss, _ in rows[:-1]:
            step += 1300
            log.info(f"Epoch: {e}/50, Iteration step: {step}, loss: {loss}")
        log.info(f"==============Epoch: {e}/50,top 1 acc: {rows[-1][1]:.4f}==============")
        log.info(f"==============Epoch: {e}/50,top 5 acc: {min(1.0, rows[-1][1] + 0.1):.4f}==============")
    handler.close()
    df, _ = _read(tmp_path, resolve=True)
    assert "Iteration_step" not in set(df.tag)
    steps, values = _series(df, "loss")
    assert steps == [1300 * k for k in range(1, 9)]
    assert np.allclose(values, [r[0] for rows in runs for r in rows[:-1]])
    steps, values = _series(df, "top1_acc")
    assert steps == [2600 * k for k in range(1, 5)]  # each at the last step of its epoch
    assert np.allclose(values, [round(rows[-1][1], 4) for rows in runs])
    assert "top5_acc" in set(df.tag)


def test_logging_source_prefix_and_test_epoch_lines(tmp_path):
    runs = _epochs(5)
    log, handler = _logger(tmp_path / "train.log",
                           "%(asctime)s - %(filename)s[line:%(lineno)d] - %(levelname)s: %(message)s")
    for e, rows in enumerate(runs, 1):
        (tl, ta), (vl, va) = rows[0], rows[-1]
        log.info(f"Train Epoch {e} --- train loss : {tl} --- train accuracy:{ta}")
        log.info(f"Test Epoch {e} --- test loss : {vl} --- test accuracy:{va}")
    handler.close()
    df, notes = _read(tmp_path, resolve=True)
    assert set(df.tag) == {"train_loss", "train_accuracy", "test_loss", "test_accuracy"}
    assert not any("printed 2 times" in n for n in notes)
    steps, values = _series(df, "test_loss")
    assert steps == list(range(1, 6)) and np.allclose(values, [r[-1][0] for r in runs])


class _Meter:
    def __init__(self):
        self.values = []

    def update(self, v):
        self.values.append(v)

    @property
    def avg(self):
        return sum(self.values) / len(self.values)


def test_per_batch_phase_lines_beside_epoch_summaries(tmp_path):
    runs = _epochs(4, batches=3)
    text = "Start Training AdaGrad\n"
    for e, rows in enumerate(runs, 1):
        text += f"Epoch #{e}\n"
        loss_m, acc_m = _Meter(), _Meter()
        for n, (loss, acc) in enumerate(rows[:-1]):
            loss_m.update(loss), acc_m.update(acc)
            text += (f"TRAINING - Epoch: [{e}][{n}/3]\tTime 0.010 (0.0103)\tData 0.009 (0.0093)\t"
                     f"Loss {loss:.4f} ({loss_m.avg:.4f})\tAcc {acc:.3f} ({acc_m.avg:.3f})\t\n")
        vl, va = rows[-1]
        text += (f"EVALUATING - Epoch: [{e}][0/1]\tTime 0.364 (0.364)\tData 0.363 (0.363)\t"
                 f"Loss {vl:.4f} ({vl:.4f})\tAcc {va:.3f} ({va:.3f})\t\n")
        text += (f"\nResults - Epoch: {e}\nTraining Loss {loss_m.avg:.4f} \tTraining Accuracy {acc_m.avg:.4f} \t"
                 f"Training Step Time  4.0394 \tTraining Data Time  3.6369 \tValidation Loss {vl:.4f} \t"
                 f"Validation Accuracy {va:.4f} \n\n")
    (tmp_path / "problem1.out").write_text(text)
    df, _ = _read(tmp_path, resolve=True)
    assert set(df.tag) == {"Training_Loss", "Training_Accuracy", "Validation_Loss", "Validation_Accuracy"}
    steps, values = _series(df, "Validation_Loss")
    assert steps == [1, 2, 3, 4] and np.allclose(values, [round(r[-1][0], 4) for r in runs])


def test_phase_lines_alone_are_read(tmp_path):
    runs = _epochs(2, batches=3)
    text = ""
    for e, rows in enumerate(runs, 1):
        for n, (loss, acc) in enumerate(rows[:-1]):
            text += f"TRAINING - Epoch: [{e}][{n}/3]\tTime 0.010 (0.0103)\tLoss {loss:.4f} ({loss:.4f})\t\n"
    (tmp_path / "job.out").write_text(text)
    df, _ = _read(tmp_path, resolve=True)
    steps, values = _series(df, "Loss")
    assert steps == [3, 4, 5, 6, 7, 8] and np.allclose(values, [round(r[0], 4) for rows in runs
                                                                for r in rows[:-1]])


def test_lightning_postfix_nan_point_zero(tmp_path):
    text = ""
    for n, loss in enumerate([0.9, 0.7, math.inf, math.nan], 1):
        postfix = f"v_num=0, train_loss={loss:.3g}".replace("=nan", "=nan.0").replace("=inf", "=inf.0")
        text += "\r" + tqdm.format_meter(n, 4, elapsed=n, prefix="Epoch 0", postfix=postfix) + "\n"
    (tmp_path / "log_train.txt").write_text(text)
    df, _ = _read(tmp_path)
    steps, values = _series(df, "train_loss")
    assert steps == [1, 2, 3, 4] and values[0] == 0.9 and math.isinf(values[2]) and math.isnan(values[3])


def _keras2(parts) -> str:
    text = ""
    for losses, stop in parts:  # each a new process: fit(epochs=150) killed after `stop` epochs
        text += "Train on 367 samples, validate on 101 samples\n"
        for e, loss in enumerate(losses[:stop], 1):
            text += (f"Epoch {e}/150\n - 10s - loss: {loss:.4f} - acc: 0.5000 - val_loss: {loss * 1.1:.4f} - "
                     f"val_acc: 0.5000\n\nEpoch {e:05d}: val_acc improved from -inf to 0.5, saving model to w.hdf5\n")
    return text


def test_keras_trainings_stopped_before_their_epochs_are_runs_of_their_own(tmp_path):
    first = [r[0][0] for r in _epochs(6, seed=1)]
    second = [r[0][0] * 0.2 for r in _epochs(4, seed=2)]  # a lower start: read as the first "going on" before
    (tmp_path / "train_fcn8.log").write_text(_keras2([(first, 6), (second, 4)]))
    df, _ = _read(tmp_path)
    assert sorted(set(df.dir)) == ["train_fcn8.log#1", "train_fcn8.log#2"]
    one = df[(df.dir == "train_fcn8.log#2") & (df.tag == "loss")].sort_values("step")
    assert one.step.tolist() == [1, 2, 3, 4] and np.allclose(one.value, np.round(second, 4))


def test_a_second_fit_after_the_first_finished_still_goes_on(tmp_path):
    losses = [r[0][0] for r in _epochs(6, seed=1)]
    text = ""
    for part in (losses[:3], losses[3:]):  # fit(epochs=3) twice on one model: both done, one training
        text += "Train on 367 samples, validate on 101 samples\n"
        for e, loss in enumerate(part, 1):
            text += f"Epoch {e}/3\n - 10s - loss: {loss:.4f} - acc: 0.5000 - val_loss: {loss:.4f}\n"
    (tmp_path / "fit.log").write_text(text)
    df, _ = _read(tmp_path)
    assert set(df.dir) == {"fit.log"}
    assert _series(df, "loss")[0] == [1, 2, 3, 4, 5, 6]


def test_a_counter_restarting_under_each_epoch_header_is_one_training(tmp_path):
    runs = _epochs(4, batches=3)
    log, handler = _logger(tmp_path / "train.log", "[%(asctime)s]%(message)s")
    for e, rows in enumerate(runs, 1):
        log.info(f"Epoch: {e:04d}")
        for i, (loss, acc) in enumerate(rows[:-1], 1):
            log.info(f"iter:{i * 20:04d} loss_train: {loss:.4f} acc_train: {acc:.4f} time: 0.1659s")
        log.info(f"this epoch:\nloss= {rows[-1][0]:.4f} accuracy= {rows[-1][1]:.4f}")
    handler.close()
    df, _ = _read(tmp_path, resolve=True)
    assert set(df.dir) == {"train.log"}
    steps, values = _series(df, "loss_train")
    assert steps == [20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220, 240]
    assert np.allclose(values, [round(r[0], 4) for rows in runs for r in rows[:-1]])
    assert _series(df, "loss")[0] == [60, 120, 180, 240]


def test_a_resumed_epoch_log_stays_a_resumed_session(tmp_path):
    """An epoch going back (a job resumed from its checkpoint) is no counter to continue (public skinlesion14)."""
    first, again = _epochs(5, seed=1), _epochs(8, seed=2)  # the resumed job's epochs 3-8 print other values
    text = ""
    for e, rows in [*((e, first[e - 1]) for e in range(1, 6)), *((e, again[e - 1]) for e in range(3, 9))]:
        (tl, _), (vl, _) = rows[0], rows[-1]
        text += f"2026-05-08 22:49:56 | INFO | Epoch [{e:03d}/30] TrainLoss={tl:.4f} | ValLoss={vl:.4f} | LR=1.00e-04\n"
    (tmp_path / "training.log").write_text(text)
    df, notes = _read(tmp_path, resolve=True)
    steps, values = _series(df, "ValLoss")
    want = [first[0][-1][0], first[1][-1][0]] + [again[e - 1][-1][0] for e in range(3, 9)]
    assert steps == list(range(1, 9)) and np.allclose(values, np.round(want, 4))
    assert any("resumed at step 3" in n for n in notes)


def test_darknet_avg_loss_lines(tmp_path):
    """AlexeyAB/darknet's ``%d: %f, %f avg loss, %f rate, %lf seconds, %d images`` (item 14: 0 runs, in silence)."""
    x, y, model, opt = _model(3)
    text, avg = "yolo-obj\nLoaded: 0.000040 seconds\n", None
    for it in range(1, 7):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        avg = loss.item() if avg is None else avg * 0.9 + loss.item() * 0.1
        text += f" {it}: {loss.item():f}, {avg:f} avg loss, 0.001000 rate, 3.2 seconds, {it * 64} images\n"
    (tmp_path / "train.log").write_text(text)
    df, _ = _read(tmp_path)
    steps, values = _series(df, "avg_loss")
    assert steps == list(range(1, 7)) and values[-1] == pytest.approx(avg, abs=1e-6)
    assert _series(df, "loss")[0] == list(range(1, 7))


def test_theano_cost_lines_are_read_as_the_loss(tmp_path):
    """Theano's SdA tutorial prints 'Pre-training layer 0, epoch 0, cost 0.200519': no loss word (item 14: once not
    read and quoted in the note; since stop 48 the cost is read as the loss)."""
    x, y, model, opt = _model(4)
    text = "... pre-training the model\n"
    for epoch in range(3):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        text += f"Pre-training layer 0, epoch {epoch}, cost {loss.item():f}\n"
    (tmp_path / "slurm-4.out").write_text(text)
    df, notes = _read(tmp_path)
    # stop 48: a cost is the loss by another name (_joblog_costnamed): read, the layer number no series
    assert set(df.tag) == {"cost"} and len(df) == 3
