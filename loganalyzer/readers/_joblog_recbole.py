"""RecBole's evaluations (``recbole/trainer/trainer.py``, ``Trainer.fit``), for ``joblog``.

After each epoch's ``epoch 0 training [time: 1.04s, train loss: 275.1]`` RecBole logs (file format
``%(asctime)-15s %(levelname)s  %(message)s``, datefmt ``%a %d %b %Y %H:%M:%S``; on stdout the names coloured by
``set_color``)::

    Tue 14 May 2024 10:00:15 INFO  epoch 0 evaluating [time: 0.12s, valid_score: 0.052064]
    Tue 14 May 2024 10:00:18 INFO  valid result: 
    recall@10 : 0.0312    mrr@10 : 0.0521    ndcg@10 : 0.0286    hit@10 : 0.0989    precision@10 : 0.0125

(``valid_score_output`` and ``"valid result" + ": \\n" + dict2str(valid_result)``). The evaluating line names no
loss: its ``valid_score`` (the ``valid_metric`` early stopping watches) was dropped; the result line under the header
was read by the score-at-k rule (``_progress_task``) with bare names, so ``recall@10``... had no validation role and
the verdict used the training loss only (a newcomer breaker's RecBole logs). Read here: ``valid_score`` at the
evaluated epoch, and the result line's names as ``val_<name>``, both validation records. The closing ``best valid :``
and ``test result:`` dicts are no curve (not read).
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, clean, to_float

_EVALUATING = re.compile(r"^epoch (\d+) evaluating \[time: [\d.]+s, valid_score: (" + NUMBER + r")\]")
_HEADER = re.compile(r"^valid result:\s*$")
_PAIR = re.compile(r"([\w@.-]+) : (" + NUMBER + r")(?=\s|$)")


def _line(data, start: int) -> tuple[str, int]:
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    return clean(bytes(data[start:end]).rstrip(b"\r"))[0], end


def recbole_evals(data, hits: list, make) -> list:
    """``hits`` with RecBole's evaluations as validation records (module docstring; ``make(offset, record)``)."""
    if not hits or data.find(b"evaluating") < 0 or data.find(b"valid_score") < 0:
        return hits
    out = {h.offset: h for h in hits}
    pos = 0
    while (p := data.find(b"valid_score", pos)) >= 0:
        start = data.rfind(b"\n", 0, p) + 1
        text, end = _line(data, start)
        pos = end + 1
        m = _EVALUATING.match(text)
        if m is None or (score := to_float(m.group(2))) is None:
            continue
        epoch = int(m.group(1))
        out[start] = make(start, Record("recbole", (("valid_score", score),), step=epoch, epoch=float(epoch),
                                        kind="eval"))
        text, end = _line(data, pos)  # the 'valid result:' header, then its line
        if not _HEADER.match(text):
            continue
        below = end + 1
        text, _ = _line(data, below)
        values = tuple((f"val_{k}", v) for k, raw in _PAIR.findall(text) if (v := to_float(raw)) is not None)
        if values:
            for offset in [o for o in out if below <= o < below + len(text) + 1]:
                del out[offset]  # the score-at-k rule's reading of it, bare names
            out[below] = make(below, Record("recbole", values, step=epoch, epoch=float(epoch), kind="eval"))
    return [out[o] for o in sorted(out)]
