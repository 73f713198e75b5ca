"""pytorch/examples' ImageNet ``ProgressMeter`` lines, for ``readers/_progress.py`` (kept apart: that module is past
its size)."""
from __future__ import annotations

import re

from ._progress import NUMBER, Record
from ._progress_metriclogger import metric_logger as _metric_logger

_METER = re.compile(r"(?:Epoch:?\s*\[(\d+)\]\s*\[\s*(\d+)/(\d+)\]|(Test|Val|Validation|Eval):\s*\[\s*(\d+)/\d+\])\s")
# a meter's name may be words (``AverageMeter('Loss dro', ':.3f')``, public ISChenawei/DMNIL train_log.txt: 'Loss dro
# 6.354 (6.316)\tcamera dro 0.000 (0.000)' were both 'dro', averaged into one series)
_METER_PAIR = re.compile(r"([A-Za-z][\w@/]*(?: [A-Za-z][\w@]*)*)\s+(" + NUMBER + r")\s+\(\s*(" + NUMBER + r")\s*\)")
_METER_SUMMARY = re.compile(r"^\*\s+((?:[A-Za-z][\w@]*\s+" + NUMBER + r"\s*)+)$")
_METER_TIME = re.compile(r"(?i)[_ ]time$")  # 'Batch_Time', 'Bacth_Time' (sic, reidyz74): clocks
# cluster-contrast's (and its forks', e.g. ASCL) evaluation after an epoch: examples/cluster_contrast_train_usl.py
# ``print('\\n * Finished epoch {:3d}  model mAP: {:5.1%}  best: {:5.1%}{}\\n'.format(epoch, mAP, best_mAP, ' *' if
# is_best else ''))`` -- the validation mAP in %, the running best beside it (no series of its own)
_FINISHED = re.compile(r"^\*\s*Finished epoch\s+(\d+)\s+model mAP:\s*(" + NUMBER + r")%\s+best:\s*" + NUMBER
                       + r"%(?:\s*\*)?\s*$")


def meter(text: str) -> Record | None:
    """pytorch/examples' ImageNet ``ProgressMeter``: ``Epoch: [0][ 10/625]\\tTime  0.085 ( 0.163)\\t...\\tLoss 2.32e+01
    (2.11e+01)\\tAcc@1  25.00 ( 55.68)`` (value, then running average), ``Test: [ 0/10]\\t...`` while validating and
    `` * Acc@1 12.500 Acc@5 33.500`` after it (cluster-contrast's `` * Finished epoch   9  model mAP: 53.8%  best:
    53.8% *``: its ``val_mAP`` in %, ``_FINISHED``). Training points are at epoch x batches + batch; validation's are its
    running averages (the last line's is the whole set's), ``val_``-named at the step of the training line before."""
    m = _METER.match(text)
    if m is None and (done := _FINISHED.match(text)) is not None:
        return Record("meter", (("val_mAP", float(done.group(2))),), epoch=float(done.group(1)), kind="eval")
    if m is None:
        summary = _METER_SUMMARY.match(text)
        if summary is None:
            return None
        pairs = re.findall(r"([A-Za-z][\w@]*)\s+(" + NUMBER + ")", summary.group(1))
        return Record("meter", tuple(("val_" + k, float(v)) for k, v in pairs), kind="eval")
    pairs = [(k, v, avg) for k, v, avg in _METER_PAIR.findall(text, m.end())
             if k.lower().split("/")[0] not in ("time", "data") and not _METER_TIME.search(k)]
    if not pairs and ": " in text[m.end():]:  # torchvision's MetricLogger ``loss: 5.88 (5.93)``
        return _metric_logger(text, m)
    if m.group(4):  # running averages of the pass: its last line is kept (``_progress_meterpass``)
        return Record("meter_test", tuple(("val_" + k, float(avg)) for k, _, avg in pairs), kind="eval")
    epoch, batch, batches = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return Record("meter", tuple((k, float(v)) for k, v, _ in pairs), step=epoch * batches + batch,
                  epoch=float(epoch), per_epoch=batches or None)  # a log counting epochs from 1 ('Epoch: [1][2/404]',
    # reid-baseline's epoch + 1): one epoch earlier (_joblog_epochlen.one_based_epochs; reidyz74 was an epoch late)
