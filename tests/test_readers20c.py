"""readers20c: printed logs the loader missed or split (a blind labeller's findings on eval/public).

- A logger's ``%(asctime)s - %(levelname)s - `` prefix before ``Epoch: [ 3/200] Iter [  10/1487] || ...``
  (Tramac/Fast-SCNN-pytorch ``train.py``, public fastscnn ``train.log``): ``Epoch:`` was taken for the logger's
  name and cut off, so the in-epoch ``Iter`` counter became the step (nine runs, "resumed session" warnings).
- ``*.log`` files whose progress starts past their first 8 KiB (WS-DAN's ``trainable parameter: ...`` list before
  the ImageNet-example ``Epoch: [0][0/250] ... Loss 13.06 (13.06)`` lines, public wsdan; a logger's settings block
  before ``Epoch 0 | Step 10/6501 | Loss: ...``, public gpt2ft; tf.estimator's RunConfig dumps before
  ``INFO:tensorflow:loss = 1.02, step = 0``, public bertsim; ``key : value`` settings before ``Iter: 0 | Train
  Loss: ...``, public cmner): not discovered at all.
- The old ImageNet example's validation summary `` * Prec@1 52.365 Prec@5 80.394`` (pytorch/examples before 2019,
  WS-DAN) was not read (only ``Acc@`` was looked for).
- ``Current batch:200/1600`` (public catvsdog ``resnet.log``): a counter, not a metric.

Every log here is printed by a real tiny torch training loop through ``logging`` or ``print``.
"""
from __future__ import annotations

import logging
import warnings

import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _loop(steps: int, seed: int = 0):
    """(loss, accuracy %) of each optimisation step of a tiny classifier."""
    torch.manual_seed(seed)
    x = torch.randn(96, 6)
    y = (x[:, 0] + x[:, 1] > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    for _ in range(steps):
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        yield loss.item(), (model(x).argmax(1) == y).float().mean().item() * 100, model


def _logger(path, fmt: str) -> logging.Logger:
    log = logging.getLogger(f"readers20c.{path}")
    log.handlers.clear()
    log.propagate = False
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter(fmt))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return log


def _read(folder):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        runs = discover(str(folder))
        df = read_scalars(str(folder), resolve=True)
    return runs, df, [str(w.message) for w in caught]


def test_fastscnn_epoch_iter_after_logger_prefix_is_one_run(tmp_path):
    """Fast-SCNN's ``logger.info('Epoch: [%2d/%2d] Iter [%4d/%4d] || Time: %.4f sec || lr: %.8f || Loss: %.4f')``
    every 10 global iterations (the in-epoch counter shifts each epoch: 37 batches an epoch) is one run at
    epoch x 37 + iter."""
    per_epoch, epochs = 37, 4
    log = _logger(tmp_path / "train.log", "%(asctime)s - %(levelname)s - %(message)s")
    expected = {}
    for it, (loss, _, _) in enumerate(_loop(per_epoch * epochs), 1):
        epoch, i = divmod(it - 1, per_epoch)
        if it % 10 == 0:
            log.info("Epoch: [%2d/%2d] Iter [%4d/%4d] || Time: %.4f sec || lr: %.8f || Loss: %.4f",
                     epoch, epochs, i + 1, per_epoch, it * 0.3, 0.01 * (1 - it / 148) ** 0.9, loss)
            expected[epoch * per_epoch + i + 1] = round(loss, 4)
    logging.shutdown()
    runs, df, messages = _read(tmp_path)
    assert [r.id for r in runs] == ["train.log"]
    loss = df[df.tag == "Loss"]
    assert loss.step.tolist() == list(expected)  # 10, 20, ... 140: the global iteration
    assert loss.value.round(4).tolist() == list(expected.values())
    assert not [m for m in messages if "resumed" in m or "went back" in m]


def test_sibling_iteration_key_after_logger_prefix_is_the_step(tmp_path):
    """Sibling: ``- INFO - Iteration: [120/600] || Loss: ..`` (a global iteration key after the level) is the step,
    not a logger named 'Iteration'."""
    log = _logger(tmp_path / "train.log", "%(asctime)s - %(levelname)s - %(message)s")
    expected = {}
    for it, (loss, _, _) in enumerate(_loop(60), 1):
        if it % 5 == 0:
            log.info("Iteration: [%d/60] || Loss: %.4f", it, loss)
            expected[it] = round(loss, 4)
    logging.shutdown()
    runs, df, _ = _read(tmp_path)
    assert len(runs) == 1
    loss = df[df.tag == "Loss"]
    assert loss.step.tolist() == list(expected)
    assert loss.value.round(4).tolist() == list(expected.values())


def _param_list(model) -> str:
    """WS-DAN's ``print('trainable parameter: ', name)`` for each parameter, repeated past 8 KiB."""
    names = [n for n, _ in model.named_parameters()]
    lines = []
    while sum(len(s) for s in lines) < 12000:
        for layer in range(len(lines) // len(names), len(lines) // len(names) + 1):
            lines += [f"trainable parameter:  module.Mixed_{layer}b.branch1x1.{n}\n" for n in names]
    return "".join(lines)


def test_wsdan_meter_log_past_a_long_parameter_list(tmp_path):
    """WS-DAN (wvinzh/WS_DAN_PyTorch ``train_bap.py``, public wsdan ``train.log``): a >8 KiB parameter list, then the
    ImageNet example's AverageMeter lines ``Epoch: [0][10/30]\\tTime .. (..)\\tLoss x (avg)`` and, after each
    validation pass, `` * Prec@1 52.365 Prec@5 80.394``: discovered; training points at epoch x 30 + batch, one
    val_Prec@1 per epoch."""
    batches, epochs = 30, 3
    steps = list(_loop(batches * epochs))
    text = ["Dataset Name:bird, Train:[720], Val:[240]\n", _param_list(steps[0][2])]
    expected, val = {}, []
    for epoch in range(epochs):
        text.append(f"Start epoch {epoch} ==========,lr=0.001000\n")
        run = 0.0
        for b in range(batches):
            loss, acc, _ = steps[epoch * batches + b]
            run += loss
            if b % 10 == 0:
                text.append(f"Epoch: [{epoch}][{b}/{batches}]\tTime 1.154 (1.408)\tData 0.371 (0.374)\t"
                            f"Loss {loss:.4f} ({run / (b + 1):.4f})\n")
                text.append(f"Prec@1     {acc:.3f} ({acc:.3f})\tPrec@5     100.000 (100.000)\n")
                expected[epoch * batches + b] = round(loss, 4)
        for b in range(0, 10, 5):
            text.append(f"Test: [{b}/10]\tTime 0.604 (0.604)\tLoss {loss:.4f} ({loss:.4f})\n")
        text.append(f" * Prec@1     {acc:.3f} Prec@5 100.000\n")
        val.append(round(acc, 3))
    (tmp_path / "train.log").write_text("".join(text))
    assert len("".join(text[:2]).encode()) > 8192
    runs, df, messages = _read(tmp_path)
    assert [r.id for r in runs] == ["train.log"], messages
    loss = df[df.tag == "Loss"]
    assert loss.step.tolist() == list(expected)
    assert loss.value.round(4).tolist() == list(expected.values())
    prec = df[df.tag == "val_Prec@1"]
    assert prec.value.round(3).tolist() == val
    assert prec.step.tolist() == [20, 50, 80]  # the step of the training line before each pass


def test_tf_estimator_loss_lines_past_a_settings_block(tmp_path):
    """Sibling (public bertsim, google-research/bert ``run_classifier.py``): tf.estimator's
    ``INFO:tensorflow:loss = 1.0218862, step = 0`` and ``global_step/sec`` lines after >8 KiB of a logger's
    ``key: value`` settings (public gpt2ft/cmner print such blocks too)."""
    text = []
    while sum(len(s) for s in text) < 10000:
        text += [f"INFO:__main__:  option_{len(text)}: {len(text) * 0.5}\n"]
    expected = {}
    for step, (loss, _, _) in enumerate(_loop(501)):
        if step % 100 == 0:
            if step:
                text.append(f"INFO:tensorflow:global_step/sec: {0.69 + step * 1e-5:.6f}\n")
            text.append(f"INFO:tensorflow:loss = {loss:.7f}, step = {step}" + (" (144.1 sec)" if step else "") + "\n")
            expected[step] = float(f"{loss:.7f}")
    (tmp_path / "train.log").write_text("".join(text))
    runs, df, messages = _read(tmp_path)
    assert len(runs) == 1, messages
    loss = df[df.tag == "loss"]
    assert loss.step.tolist() == list(expected)
    assert loss.value.round(7).tolist() == list(expected.values())


def test_named_log_without_progress_in_its_first_64k_still_said(tmp_path):
    """A ``*.log`` of 20 KB of other text (and no progress) is still no run, and said with its name."""
    (tmp_path / "build.log").write_text("".join(f"compiling module_{i}.c ok\n" for i in range(1000)))
    runs, df, messages = _read(tmp_path)
    assert runs == []
    assert any("build.log" in m and "not read" in m for m in messages)


def test_current_batch_counter_is_no_metric(tmp_path):
    """catvsdog (public ``resnet.log``): ``train --- Current batch:200/1600  loss:[ 0.59]`` then ``Epoch [0]/[199]
    \\t Training Phase Loss: 0.0699 \\t Accuracy: 0.5862``: the batch counter is no series."""
    log = _logger(tmp_path / "resnet.log", "%(asctime)s %(levelname)-8s: %(message)s")
    losses = []
    for epoch in range(3):
        total = 0.0
        for b, (loss, acc, _) in enumerate(_loop(8, seed=epoch), 1):
            total += loss
            if b % 2 == 0:
                log.info("train --- Current batch:%d/8  loss:[ %.8f]", b, loss)
        log.info("Epoch [%d]/[2] \t Training Phase Loss: %.12f \t Accuracy: %.4f", epoch, total / 8 / 8, acc / 100)
        losses.append(round(total / 64, 6))
    logging.shutdown()
    runs, df, _ = _read(tmp_path)
    assert len(runs) == 1
    assert not any("batch" in t.lower() for t in df.tag.unique())
    phase = df[df.tag == "Phase_Loss"]
    assert phase.step.tolist() == [0, 1, 2]
    assert phase.value.round(6).tolist() == losses


def test_prednet_avg_loss_so_far_is_read(tmp_path):
    """PredNet-style (public prednet ``train.log``): ``Epoch 0, Step 25, total used time 7.17 (s), avg loss so far is
    0.1098`` every 25 steps, ``Epoch 0, val loss is 0.0477, val mse is 0.0242.`` after each epoch: the running
    training loss is a series at epoch x 100 + step (it was never read); the clock is none."""
    per_epoch = 100
    lines, expected, total = [], {}, 0.0
    for it, (loss, _, _) in enumerate(_loop(per_epoch * 2), 1):
        epoch, step = divmod(it - 1, per_epoch)
        step += 1
        total = loss if step == 1 else total + loss
        if step % 25 == 0:
            lines.append(f"Epoch {epoch}, Step {step}, total used time {it * 0.28} (s), avg loss so far is "
                         f"{total / step}")
            expected[epoch * per_epoch + step] = round(total / step, 8)
        if step == per_epoch:
            lines.append(f"Epoch {epoch}, val loss is {loss * 0.9}, val mse is {loss * 0.4}.")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    runs, df, _ = _read(tmp_path)
    assert len(runs) == 1
    avg = df[df.tag == "avg_loss"]
    assert avg.step.tolist() == list(expected)
    assert avg.value.round(8).tolist() == list(expected.values())
    assert df[df.tag == "val_loss"].step.tolist() == [100, 200]
    assert not any("time" in t for t in df.tag.unique())


@pytest.mark.parametrize("word", ["acc", "accuracy"])
def test_epoch_val_acc_is_percent_lines_are_read(tmp_path, word):
    """Liveness (public liveness ``train.log``): ``Epoch: 1| train loss: 0.56`` lines, then ``Epoch 1: Val acc is
    86.0026%`` after each epoch (no loss on it: it was never read); sibling ``Epoch 1: Val accuracy is 86.0%``."""
    lines, accs = ["Training..."], []
    steps = list(_loop(4 * 3))
    for epoch in range(1, 5):
        for loss, acc, _ in steps[(epoch - 1) * 3:epoch * 3]:
            lines.append(f"Epoch: {epoch}| train loss: {loss}")
        lines.append(f"Epoch {epoch}: Val {word} is {acc}%")
        accs.append(round(acc, 6))
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    runs, df, _ = _read(tmp_path)
    assert len(runs) == 1
    val = df[df.tag == f"Val_{word}"]
    assert val.step.tolist() == [1, 2, 3, 4]
    assert val.value.round(6).tolist() == accs
