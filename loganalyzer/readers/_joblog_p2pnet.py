"""P2PNet's ``run_log.txt`` (TencentYoutuResearch/CrowdCounting-P2PNet ``train.py`` and its many crowd-counting
forks; used by ``readers/_joblog_whole.py``), read whole.

``train.py`` appends to ``<output_dir>/run_log.txt`` with bare ``log_file.write`` calls, most forks without any
newline, so a whole training is one line: ``Eval Log <date>`` and the ``Namespace(..)`` of the arguments at each
launch, then per epoch ``loss/<term>@<epoch>: <value>`` for each loss term (``loss``, ``loss_ce``; forks add
``loss_den``, ``loss_points``, ``loss_confi``, ...) and ``[ep <epoch>][lr <%.7f>][<%.2f>s]``; every ``eval_freq``
epochs ``mae:<v>, mse:<v>, time:<s>, best mae:<v>`` and ``metric/mae@<k>: <v>metric/mse@<k>: <v>`` (``k`` counts
the evaluations, not epochs)::

    ...)loss/loss@0: 0.0023492863144972086loss/loss_ce@0: 0.0023492863144972086[ep 0][lr 0.0001000][201.98s]loss/
    loss@1: 0.001382773365784327loss/loss_ce@1: 0.001382773365784327[ep 1][lr 0.0001000][223.66s]mae:11.41921397379
    9126, mse:14.581747678403401, time:467.41, best mae:11.419213973799126metric/mae@0: 11.419213973799126metric/ms
    e@0: 14.581747678403401loss/loss@2: ...

(public p2pgalaxy222, p2phosein222, p2pjuan222, p2pwuyang222, fgefnet222, ehnet222: one line, read as 0 rows;
p2pjayis222 ``run_log_vgg.txt``, a newline only after some writes, read as 10 rows of ``ep``, ``lr`` and a
``loss/loss_ce@81`` tag). Read here: each ``loss/<term>`` at step ``<epoch>`` under its TensorBoard tag (the same
names ``writer.add_scalar`` gives the event files of the same runs), the learning rate at the ``[ep N]`` epoch, and
each evaluation as ``metric/mae`` / ``metric/mse`` at the epoch it followed (the evaluation runs after epoch N's
training: the last ``[ep N]`` / ``loss/..@N`` before it), not at the evaluation counter ``k``. The ``mae:..`` line
restates the ``metric/`` pair (``best mae`` the running minimum, ``time`` the evaluation's seconds); it is read
only in a log that has no ``metric/`` token (``writer`` None). Python's float repr ends each value, so a value runs
until the next letter that cannot continue a number (``e`` only with exponent digits).
"""
from __future__ import annotations

import re

from ._progress import Record

_NUM = rb"-?(?:\d+(?:\.\d*)?(?:e[-+]?\d+)?|nan|inf)"
_TOKEN = re.compile(rb"(loss|metric)/([A-Za-z0-9_]+)@(\d+): (" + _NUM + rb")"
                    rb"|\[ep\s+(\d+)\]\s*\[lr (" + _NUM + rb")\]\[" + _NUM + rb"s\]"
                    rb"|mae:(" + _NUM + rb"), mse:(" + _NUM + rb"), time:" + _NUM + rb", best mae:" + _NUM)


def p2pnet_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every P2PNet training/evaluation write (module docstring), or None when ``data`` has no
    ``loss/loss@N: `` write followed by an ``[ep N][lr `` write."""
    first = data.find(b"loss/loss@")
    if first < 0 or data.find(b"][lr ", first) < 0 or re.search(rb"\[ep \d+\]\[lr ", data) is None:
        return None
    has_metric = data.find(b"metric/") >= 0
    out: list[tuple[int, Record]] = []
    epoch = None
    train: list = []  # this epoch's loss terms, emitted at its [ep N] write
    train_at = None

    def flush():
        nonlocal train, train_at
        if train:
            out.append((train_at, Record("p2pnet", tuple(train), step=epoch, epoch=float(epoch), own_step=True)))
        train, train_at = [], None

    for m in _TOKEN.finditer(data):
        if m.group(1) is not None:
            group, name, n, value = m.group(1), m.group(2).decode(), int(m.group(3)), float(m.group(4))
            if group == b"loss":
                if n != epoch:
                    flush()
                    epoch = n
                if train_at is None:
                    train_at = m.start()
                train.append((f"loss/{name}", value))
            elif epoch is not None:
                flush()
                out.append((m.start(), Record("p2pnet", ((f"val_{name}", value),), step=epoch,
                                              epoch=float(epoch), kind="eval", own_step=True)))
        elif m.group(5) is not None:
            n, lr = int(m.group(5)), float(m.group(6))
            if n != epoch:
                flush()
                epoch = n
            if train_at is None:
                train_at = m.start()
            train.append(("lr", lr))
            flush()
        elif not has_metric and epoch is not None:
            flush()
            out.append((m.start(), Record("p2pnet", (("val_mae", float(m.group(7))),
                                                     ("val_mse", float(m.group(8)))),
                                          step=epoch, epoch=float(epoch), kind="eval", own_step=True)))
    flush()
    return out or None
