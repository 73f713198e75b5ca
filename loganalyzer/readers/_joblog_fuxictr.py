"""FuxiCTR's training log (reczoo/FuxiCTR, the BARS click-through-rate benchmark; used by ``readers/_joblog_scan.py``).

``fuxictr/pytorch/models/rank_model.py`` logs, for each epoch::

    ************ Epoch=3 start ************            (FuxiCTR 1.x prints only the 'end' banner)
    [Metrics] AUC: 0.952665 - logloss: 0.248138       evaluate(valid_gen) in eval_step, at the epoch's end
    Save best model: monitor(max): 0.704527
    --- 343/343 batches finished ---
    Train loss: 0.339227                              the epoch's mean training loss
    Train loss @epoch 3: 0.239565                     (FuxiCTR 2.x, e.g. the FinalMLP/DualMLP BARS logs of
                                                       reczoo/FinalMLP: the same mean, the epoch named; its
                                                       [Metrics] line comes first, before 'batches finished')
    ************ Epoch=3 end ************

then ``Training finished.``, and ``run_expid.py`` evaluates the best checkpoint again: ``****** Validation
evaluation ******`` and ``******** Test evaluation ********``, each followed by a ``[Metrics]`` line. The
per-epoch ``[Metrics]`` lines measure the validation set (``validation_data=valid_gen``); a line naming no loss
(``[Metrics] AUC: 0.726351 - gAUC: 0.638676``: the monitored metrics only) was not read at all, one naming
``logloss`` was read as a training series, and the two closing evaluations extended the curve by two points (the
best epoch's values again, at steps past the last epoch: public bars148).

Read here: ``train_loss`` at each epoch, the per-epoch ``[Metrics]`` as ``val_<metric>`` evaluations at the epoch
they close, ``Reduce learning rate on plateau: x`` as ``lr`` from the next epoch on (none past the last epoch; placed after
the epoch's ``Train loss`` line, which follows it in the file: read where printed, the next epoch's step before this
epoch's loss was taken for a resumed session and dropped points: bars148 DIN_kuaivideo, finalmlp196); the closing evaluations are no
points of the curve (they measure the best checkpoint, not the last epoch): their values are said in a note.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_BANNER = re.compile(rb"\*{6,} Epoch=(\d+) (start|end) \*{6,}")
_LINE = re.compile(rb"(?m)(?:\[Metrics\] ([^\r\n]*)|Train loss(?: @epoch (\d+))?: (" + NUMBER.encode() + rb")"
                   rb"|\*{6,} Epoch=(\d+) (start|end) \*{6,}|(Training finished\.)"
                   rb"|\*{4,} (Validation|Test) evaluation \*{4,}|Reduce learning rate on plateau: (" + NUMBER.encode()
                   + rb"))")
_TRAIN = re.compile(rb"Train loss(?: @epoch \d+)?: ")
_PAIR = re.compile(r"([A-Za-z][\w@.()/-]*): (" + NUMBER + r")")


def fuxictr_hits(data, size: int, notes: list | None = None) -> list[tuple[int, Record]] | None:
    """(offset, record) of every FuxiCTR epoch line (module docstring), or None when ``data`` is no FuxiCTR log
    (no ``Epoch=N end`` banner, ``[Metrics]`` line and ``Train loss:`` / ``Train loss @epoch N:`` line)."""
    if data.find(b"[Metrics] ") < 0 or _TRAIN.search(data) is None or _BANNER.search(data) is None:
        return None
    out: list[tuple[int, Record]] = []
    epoch, finished, closing, said, pending = 1, False, None, [], None
    for m in _LINE.finditer(data):
        metrics, at, loss, banner, edge, done, which, lr = m.groups()
        if banner is not None:
            epoch = int(banner) + (edge == b"end")
        elif done is not None:
            finished = True
        elif which is not None:
            closing = which.decode().lower()
        elif lr is not None and not finished:  # printed before the epoch's train loss: placed after it
            pending = Record("fuxictr", (("lr", float(lr)),), step=epoch + 1, epoch=float(epoch + 1), own_step=True)
        elif loss is not None and not finished:
            if at is not None:  # FuxiCTR 2.x names the epoch: 'Train loss @epoch 3: 0.239565'
                epoch = int(at)
            out.append((m.start(), Record("fuxictr", (("train_loss", float(loss)),), step=epoch, epoch=float(epoch),
                                          own_step=True)))
            if pending is not None:
                out.append((m.end(), pending))
                pending = None
        elif metrics is not None:
            pairs = _PAIR.findall(metrics.decode("utf-8", "replace"))
            if finished:
                said.append(f"{closing or 'closing'} " + ", ".join(f"{k} {v}" for k, v in pairs))
            elif pairs:
                out.append((m.start(), Record("fuxictr", tuple((f"val_{k}", float(v)) for k, v in pairs),
                                              step=epoch, epoch=float(epoch), kind="eval", own_step=True)))
    last = max((r.step for _, r in out if r.values[0][0] == "train_loss"), default=None)
    out = [(o, r) for o, r in out if r.values[0][0] != "lr" or last is None or r.step <= last]  # a cut at the end
    if said and notes is not None:
        notes.append("FuxiCTR: the evaluations of the best checkpoint after 'Training finished.' are no points of "
                     "the curve: " + "; ".join(said))
    return out or None
