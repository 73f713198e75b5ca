"""torchreid's ProgressMeter lines naming the losses ``Xent`` and ``Htri`` (used by ``readers/_joblog_fallbacks.py``
when no line names a loss).

KaiyangZhou/deep-person-reid 0.x ``train_imgreid_xent_htri.py`` (and the many re-id repositories copied from it:
ten public copies of the print, some with ``Xent_rs``/``Htri_rs``/``Orth``/``LSTMloss`` meters beside) prints every
``print_freq`` batches::

    print('Epoch: [{0}][{1}/{2}]\\t'
          'Time {batch_time.val:.3f} ({batch_time.avg:.3f})\\t'
          'Data {data_time.val:.4f} ({data_time.avg:.4f})\\t'
          'Xent {xent.val:.4f} ({xent.avg:.4f})\\t'
          'Htri {htri.val:.4f} ({htri.avg:.4f})\\t'
          'Acc {acc.val:.2f} ({acc.avg:.2f})\\t'.format(...))

``Xent`` is the identity cross-entropy, ``Htri`` the hard-mined triplet loss; no word ``loss`` is on the line, so
set 218's eeem071cub218 ``log_train.txt`` (``Epoch: [1][10/275]\\tTime 0.112 (0.219)\\tData 0.0001 (0.0351)\\tXent
4.9875 (5.1005)\\tHtri 0.2562 (0.6489)\\tAcc 9.38 (3.12)``, 39 lines, Xent 4.99 -> 2.88 per batch, running average
5.10 -> 2.90) was "no training progress": no run. Such a line is read as any ProgressMeter line is
(``_progress.parse``: each meter's current value, the running average in brackets left out, steps from
``[epoch][batch/batches]``), ``Xent``/``Htri`` (and their ``_<suffix>`` variants) renamed ``loss_xent``/``loss_htri``
so the losses are known as losses; at least ``MIN_LINES`` such lines, or nothing is read. Discovery's sniff takes the
same line (``_joblog_names._HEAD_HINT``'s ``Xent``/``Htri`` meter alternative)."""
from __future__ import annotations

import re

MIN_LINES = 3
EVERY = 1 << 62  # every line is the log's loss (as _joblog_costnamed.EVERY)
# a meter named Xent/Htri (a suffix allowed: 'Xent_rs'), its value, then its running average in brackets
_NAME = re.compile(r"(?i)(?:xent|htri)(?:_[a-z0-9]{1,8})?")
_METER = re.compile(rb"(?<![\w.])(Xent|Htri)(_[A-Za-z0-9]{1,8})?(?=[ \t]+[-+]?(?:\d|\.\d|nan|inf)\S*[ \t]+\()",
                    re.IGNORECASE)


def _line(segment):
    from ._progress import parse

    record = parse(bytes(segment))
    if record is None or record.shape != "meter" or not any(_NAME.fullmatch(str(k)) for k, _ in record.values):
        return None
    return record


def reid_meter_only(data, size: int, needle_hits) -> list:
    """The hits of a log whose ProgressMeter lines name ``Xent``/``Htri`` (module docstring), or [] when fewer than
    ``MIN_LINES``. ``needle_hits``: the job-log reader's needle search."""
    hits = [h for needle in (b"Xent", b"Htri", b"xent", b"htri")
            for h in needle_hits(data, size, needle, parse=_line, limit=EVERY)]
    unique = {h.offset: h for h in hits}
    hits = [unique[o] for o in sorted(unique)]
    return hits if len(hits) >= MIN_LINES else []
