"""Printed training logs of OpenMMLab (mmengine, mmcv 1.x) and timm's ``train.py`` (``readers/_progress_mm.py``).

The lines are the writers' own f-strings (cited at each writer below) filled with the values of a real tiny torch
training; mmengine's were also checked against a real mmengine 0.10.7 ``Runner`` run here (OpenCV stubbed), whose
``<timestamp>.log`` and console output have exactly these shapes. Before: mmengine's lines were read at the line
count (1, 2, 3... instead of iterations 4, 8, 12...) and its validation lines not at all; mmcv's ``Epoch [e][i/N]``
lines were averaged into one point per epoch; timm's ``Train: 3 [...]`` made a series ``Train`` of the epoch numbers
and its ``Test:`` lines (loss, Acc@1) were lost.
"""
from __future__ import annotations

import datetime
import warnings
from pathlib import Path


from loganalyzer import read_scalars
from loganalyzer.load import LogReadWarning
from loganalyzer.scan import scan
from test_openmmlab_logs import EPOCHS, INTERVAL, ITERS, _training


def _table(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LogReadWarning)
        return read_scalars(path)


def _series(table, tag):
    rows = table[table.tag == tag]
    return list(rows.step), list(rows.value)


def _read_as_printed(table, iters, evals, val_tag: str, absent: set) -> None:
    """The loss at every logged iteration (4, 8, ..., 64: epoch-major), validation's accuracy at each epoch's end,
    and no timing/eta/memory item read as a series."""
    steps, values = _series(table, "loss")
    assert steps == list(range(4, 65, 4))
    assert values == [round(ce + reg, 4) for _, inner, ce, reg in iters if inner % INTERVAL == 0]
    assert _series(table, val_tag) == ([16, 32, 48, 64], [round(e[0], 4) for e in evals])
    assert not absent & set(table.tag)


def test_mmengine_printed_log_steps_are_iterations_and_validation_is_read(tmp_path):
    """mmengine/runner/log_processing.py ``get_log_after_iter``: ``Epoch(train) [{epoch}][{iter:>{len(str(N))}d}/{N}]
    `` + ``lr: {lr:.4e}  eta: {eta}  time: {t:.4f}  data_time: {d:.4f}  `` + ``{name}: {val:.4f}  ``;
    ``get_log_after_epoch``: ``Epoch(val) [{epoch}][{n}/{n}]    `` + metrics; MMFormatter's prefix
    ``%Y/%m/%d %H:%M:%S - mmengine - INFO - `` (the file) and ``%m/%d %H:%M:%S - ...`` (the console)."""
    iters, evals = _training()
    for stamp in ("2026/12/01 09:47:25", "12/01 09:47:25"):
        lines = []
        for epoch, inner, ce, reg in iters:
            if inner % INTERVAL == 0:
                lines.append(f"{stamp} - mmengine - INFO - Epoch(train) [{epoch}][{inner:>2d}/{ITERS}]  lr: 1.0000e-01"
                             f"  eta: 0:00:01  time: 0.0232  data_time: 0.0005  loss: {ce + reg:.4f}  "
                             f"loss_cls: {ce:.4f}  loss_reg: {reg:.4f}")
            if inner == ITERS:
                lines.append(f"{stamp} - mmengine - INFO - Epoch(val) [{epoch}][4/4]    eta: 0:00:00  time: 0.0008  "
                             "data_time: 0.0006  ")
                lines.append(f"{stamp} - mmengine - INFO - Epoch(val) [{epoch}][4/4]    "
                             f"cls/accuracy: {evals[epoch - 1][0]:.4f}  data_time: 0.0010  time: 0.0012")
        path = tmp_path / "20261201_094724.log"
        path.write_text("\n".join(lines) + "\n")
        _read_as_printed(_table(path), iters, evals, "val/cls/accuracy", {"time", "data_time", "eta", "val/time"})


def test_mmcv_printed_log_keeps_every_line_in_epoch_major_order(tmp_path):
    """mmcv/runner/hooks/logger/text.py ``_log_info``: ``Epoch [{epoch}][{iter}/{len(data_loader)}]\\t`` +
    ``lr: {lr:.3e}, `` + ``eta: {eta_str}, `` + ``time: {t:.3f}, data_time: {d:.3f}, `` + ``memory: {m}, `` + the
    other items ``{name}: {val:.4f}`` joined by ``, ``; validation ``Epoch(val) [{epoch}][{iter}]\\t`` + items;
    mmcv's logger prefix ``%(asctime)s - %(name)s - %(levelname)s - ``."""
    iters, evals = _training()
    lines = []
    for epoch, inner, ce, reg in iters:
        if inner % INTERVAL == 0:
            eta = str(datetime.timedelta(seconds=int(0.5 * (EPOCHS * ITERS - (epoch - 1) * ITERS - inner))))
            lines.append(f"2021-06-01 12:00:00,123 - mmcls - INFO - Epoch [{epoch}][{inner}/{ITERS}]\tlr: "
                         f"{0.1:.3e}, eta: {eta}, time: {0.5:.3f}, data_time: {0.05:.3f}, memory: 3000, "
                         f"loss_cls: {ce:.4f}, loss_reg: {reg:.4f}, loss: {ce + reg:.4f}")
        if inner == ITERS:
            lines.append(f"2021-06-01 12:00:01,456 - mmcls - INFO - Epoch(val) [{epoch}][4]\t"
                         f"accuracy_top-1: {evals[epoch - 1][0]:.4f}, accuracy_top-5: {100.0:.4f}")
    path = tmp_path / "20210601_120000.log"
    path.write_text("\n".join(lines) + "\n")
    _read_as_printed(_table(path), iters, evals, "val/accuracy_top-1", {"eta", "memory", "time"})


def _timm_log(path: Path) -> tuple[list, list]:
    """timm train.py ``train_one_epoch`` (every ``log_interval`` updates and the last) and ``validate``: the
    f-strings of pytorch-image-models' train.py; its INFO lines are bare (``FormatterNoInfo``)."""
    iters, evals = _training()
    lines, train, val = [], [], []
    updates = ITERS
    for epoch, inner, ce, reg in iters:
        update_idx, loss = inner - 1, ce + reg
        if update_idx % INTERVAL == 0 or inner == ITERS:
            lines.append(f"Train: {epoch - 1} [{update_idx:>4d}/{updates} ({100. * (update_idx + 1) / updates:>3.0f}%)]  "
                         f"Loss: {loss:#.3g} ({loss * 1.01:#.3g})  Time: 0.021s,  761.90/s  (0.025s,  640.00/s)  "
                         f"LR: {0.1:.3e}  Data: 0.001 (0.002)")
            train.append(((epoch - 1) * updates + update_idx, float(f"{loss:#.3g}")))
        if inner == ITERS:
            acc, vloss = evals[epoch - 1]
            for batch_idx, last_idx in ((0, 3), (3, 3)):
                lines.append(f"Test: [{batch_idx:>4d}/{last_idx}]  Time: 0.004 (0.004)  "
                             f"Loss: {vloss * 1.1:>7.3f} ({vloss:>6.3f})  Acc@1: {acc + 1:>7.3f} ({acc:>7.3f})  "
                             f"Acc@5: {100:>7.3f} ({100:>7.3f})")
            val.append(((epoch - 1) * updates + update_idx, float(f"{vloss:>6.3f}"), float(f"{acc:>7.3f}")))
            lines.append(f"Current checkpoints:\n ('./output/train/x/checkpoint-{epoch - 1}.pth.tar', {acc})\n")
    path.write_text("\n".join(lines) + "\n")
    return train, val


def test_timm_printed_log_reads_training_and_validation(tmp_path):
    train, val = _timm_log(tmp_path / "train.log")
    table = _table(tmp_path / "train.log")
    assert "Train" not in set(table.tag)  # the epoch number is no series
    assert list(zip(*_series(table, "Loss"))) == train
    resolved = read_scalars(tmp_path / "train.log", resolve=True)
    assert list(zip(*_series(resolved, "val_Loss"))) == [(s, v) for s, v, _ in val]
    assert list(zip(*_series(resolved, "val_Acc@1"))) == [(s, a) for s, _, a in val]
    (run,) = scan([str(tmp_path)], siblings=False).runs
    roles = run.to_dict()["roles"]
    assert (roles["train_loss"], roles["val_loss"], roles["val_acc"]) == ("Loss", "val_Loss", "val_Acc@1")


def test_absurd_step_numbers_are_no_step_and_no_error(tmp_path):
    """A garbled line's 20-digit epoch/iteration overflowed the int64 step column: an 'internal error' warning and
    the whole log lost. Such a line is no step now (the shapes decline it; a ``step`` key that large is none)."""
    path = tmp_path / "train.log"
    path.write_text("Epoch(train) [99999999999999999999][ 4/16]  lr: 1.0e-01  loss: 0.5\n"
                    "Iter [99999999999999999999999/5]  loss: 0.3\n"
                    "Train: 99999999999999999999 [   0/8 (  0%)]  Loss: 2.3 (2.3)  LR: 1.0e-3\n"
                    "step 99999999999999999999999 loss 0.3\n"
                    "Epoch(train) [1][ 8/16]  lr: 1.0e-01  loss: 0.4\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(path)
    assert not [str(w.message) for w in caught if "internal error" in str(w.message)]
    assert 8 in set(table[table.tag == "loss"].step)
