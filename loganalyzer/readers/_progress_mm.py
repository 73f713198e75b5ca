"""Printed progress shapes of OpenMMLab (mmengine, mmcv 1.x) and timm's ``train.py``, for ``readers/_progress.py``.

Formats as their sources print them (a log-level/timestamp prefix is stripped by ``_progress.clean`` first):

- mmengine ``LogProcessor.get_log_after_iter`` (mmengine/runner/log_processing.py): ``Epoch(train) [4][ 8/16]  lr:
  1.0000e-01  eta: 0:00:01  time: 0.0232  data_time: 0.0005  loss: 0.6852  loss_cls: 0.6352`` (``[epoch][iter within
  the epoch/iters per epoch]``, keys separated by two spaces), ``Iter(train) [  50/1000]  ...`` for an iteration-based
  loop; ``get_log_after_epoch``: ``Epoch(val) [4][4/4]    cls/accuracy: 92.1875  data_time: 0.0010  time: 0.0012``
  (the metrics of the whole validation set; the same line without metrics is the validation loop's progress).
- mmcv 1.x ``TextLoggerHook._log_info`` (mmcv/runner/hooks/logger/text.py): ``Epoch [1][50/7330]\\tlr: 2.000e-02,
  eta: 1 day, 0:12:41, time: 0.512, data_time: 0.050, memory: 3000, loss_rpn_cls: 0.5327, ..., loss: 1.2``;
  ``Iter [50/90000]\\t...``; validation ``Epoch(val) [1][625]\\tbbox_mAP: 0.1230, bbox_mAP_50: ...``.
- timm ``train.py`` ``train_one_epoch``: ``Train: 3 [  50/1251 (  4%)]  Loss: 6.933 (6.93)  Time: 0.456s, 561.23/s
  (0.470s, 544.68/s)  LR: 1.000e-05  Data: 0.012 (0.015)`` (epoch 0-based, the update index within the epoch, the
  loss now and its running mean); ``validate``: ``Test: [   0/48]  Time: 0.5 (0.5)  Loss:  0.6934 (0.6934)  Acc@1:
  50.0000 ( 50.0000)  Acc@5: 100.0000 (100.0000)`` (running means: only the last line's, ``batch_idx == last_idx``,
  are the whole set's, and only that line is a point).

Steps: epoch-major, ``(epoch - 1) x iters + iter`` (mmengine/mmcv, 1-based epochs) and ``epoch x updates + update``
(timm, as ``_meter``); validation lines take the step of the training line before (``step=None``). Validation keys
are named ``val/<key>`` (mmengine/mmcv, as ``json_history`` names the lines of their JSON logs) and ``val_<key>``
(timm, as ``_meter`` names the ImageNet ``ProgressMeter``'s).
"""
from __future__ import annotations

import re

from ._progress import _CLAIMED, NUMBER, SKIPPED_KEYS, Record, tag_name, to_float

_MM = re.compile(r"(Epoch|Iter)(?:\((train|val|test)\))?\s*\[\s*(\d+)\s*(?:/\s*(\d+)\s*)?\]"
                 r"(?:\[\s*(\d+)\s*(?:/\s*(\d+)\s*)?\])?(?=\s)")
# the logger's prefix ``_progress.clean`` leaves: mmengine's ``MMFormatter`` (mmengine/logging/logger.py) writes
# ``2026/12/01 09:47:25 - mmengine - INFO - `` to the file and ``12/01 09:47:25 - mmengine - INFO - `` to the console;
# mmcv 1.x's ``get_logger`` (mmcv/utils/logging.py) ``%(asctime)s - %(name)s - %(levelname)s - `` (clean() takes
# the ISO time off)
_MM_PREFIX = re.compile(r"(?:(?:\d{4}/)?\d{2}/\d{2} \d{2}:\d{2}:\d{2}\s+-\s+)?"
                        r"(?:[\w.]+\s+-\s+(?:INFO|WARNING|ERROR|DEBUG|CRITICAL)\s+-\s+)?")
_MM_PAIR = re.compile(r"(?:^|\s|,)([A-Za-z_][\w/.@-]*):\s*(" + NUMBER + r")(?=,|\s|$)")
_MM_SKIPPED = frozenset({"eta", "time", "data_time", "memory"})
# the ``(val) [`` of mmengine's/mmcv's validation lines, which hold no loss: ``joblog`` looks for them too
VAL_NEEDLE = b"(val) ["

_TIMM_TRAIN = re.compile(r"Train:\s*(\d+)\s*\[\s*(\d+)/(\d+)\s*\(\s*\d+%\)\]\s")
_TIMM_TEST = re.compile(r"Test(\s*\(EMA\))?:\s*\[\s*(\d+)/(\d+)\]\s")  # ' (EMA)': the EMA weights' validate()
_TIMM_PAIR = re.compile(r"([A-Za-z][\w@]*):\s*(" + NUMBER + r")s?(?:,\s*[\d.]+/s)?\s+\(\s*(" + NUMBER + r")")
_TIMM_LR = re.compile(r"\bLR:\s*(" + NUMBER + ")")
_STEP_LIMIT = 2 ** 62  # a step the table's int64 holds (a garbled line's digits are no step)


def _step(step: int) -> int | None:
    return step if 0 <= step < _STEP_LIMIT else None


def mm(text: str) -> Record | None:
    """A line of mmengine's or mmcv 1.x's printed log (module docstring), or None."""
    m = _MM.match(text, _MM_PREFIX.match(text).end())
    if m is None:
        return None
    unit, mode = m.group(1), m.group(2) or "train"
    pairs = [(k, to_float(v)) for k, v in _MM_PAIR.findall(text, m.end())]
    pairs = [(k, v) for k, v in pairs if v is not None and k.lower() not in _MM_SKIPPED | SKIPPED_KEYS
             and not k.endswith("_copypaste")]  # 'bbox_mAP_copypaste: 0.011 0.017 ...': six numbers, no series
    if mode != "train":
        # the whole set's metrics, at the training line before; a line with none is the loop's progress: no point
        return Record("mm", tuple((f"{mode}/{k}", v) for k, v in pairs), kind="eval") if pairs else _CLAIMED
    if not any("loss" in k.lower() for k, _ in pairs):
        return None
    values = tuple((tag_name(k), v) for k, v in pairs)
    if unit == "Iter":  # 'Iter [50/90000]': the global iteration
        if m.group(4) is None or _step(int(m.group(3))) is None:
            return None
        return Record("mm", values, step=int(m.group(3)), total=int(m.group(4)))
    if m.group(4) is not None or m.group(5) is None or m.group(6) is None:
        return None
    epoch, inner, per = int(m.group(3)), int(m.group(5)), int(m.group(6))
    if epoch < 1 or _step((epoch - 1) * per + inner) is None:
        return None
    return Record("mm", values, step=(epoch - 1) * per + inner, epoch=float(epoch))


def timm(text: str) -> Record | None:
    """A line of timm's ``train.py`` (module docstring), or None."""
    m = _TIMM_TRAIN.match(text)
    if m is not None:
        epoch, update, updates = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _step(epoch * updates + update) is None:
            return None
        # 'Loss: 13.39 (13.5)  Loss_gt: 6.788 (6.89)  Loss_kd: 1.321 (1.33)': a distillation's terms too (public
        # Becai/Cumulative-Feature-Fusion train.log: only the total was read)
        values = [(k, to_float(v)) for k, v, _ in _TIMM_PAIR.findall(text, m.end()) if "loss" in k.lower()]
        lr = _TIMM_LR.search(text, m.end())
        if lr is not None:
            values.append(("LR", to_float(lr.group(1))))
        values = [(k, v) for k, v in values if v is not None]
        if not any(k == "Loss" for k, _ in values):
            return None
        return Record("timm", tuple(values), step=epoch * updates + update, epoch=float(epoch), own_step=True)
    m = _TIMM_TEST.match(text)
    if m is None:
        return None
    name = "val_ema_" if m.group(1) else "val_"
    values = [(name + k, to_float(avg)) for k, _, avg in _TIMM_PAIR.findall(text, m.end())
              if k.lower() not in ("time", "data")]
    values = [(k, v) for k, v in values if v is not None]
    if values and m.group(2) != m.group(3):
        return _CLAIMED  # a running mean over part of the set: only the last batch's (batch_idx == last_idx) is whole
    return Record("timm", tuple(values), kind="eval") if values else None
