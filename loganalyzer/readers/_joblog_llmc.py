"""llm.c's log file (``-o <dir>``: ``<dir>/main.log``), read by ``readers/_joblog_stepname.py``.

Karpathy's llm.c (``train_gpt2.cu``) appends to ``main.log``, at each validation, HellaSwag evaluation and step::

    fprintf(logfile, "s:%d tel:%.4f\\n", step, val_loss);
    fprintf(logfile, "s:%d eval:%.4f\\n", step, (float)eval_acc_norm / num_eval_batches);
    fprintf(logfile, "s:%d trl:%.4f lr:%.6f norm:%.2f\\n", step, accumulated_loss, step_learning_rate, grad_norm);

(``trl`` the training loss, ``tel`` the validation loss, ``eval`` HellaSwag's normalised accuracy). No line holds a
loss word, an epoch or a bar, so the file was not even found (public gpt2cuda164 ``log124M/main.log``: a 124M
GPT-2's 19,552 steps). Read here when the file's first lines are all of that shape: every line is a point at its
step, ``trl``/``tel``/``eval`` named ``train_loss``/``val_loss``/``hellaswag_acc``, ``lr`` and ``norm`` kept as
``lr`` and ``grad_norm``, any other name as printed.
"""
from __future__ import annotations

import re

_NUM = rb"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+|nan|-?inf)"
_LINE = re.compile(rb"(?m)^s:(\d{1,12})((?:[ \t]+[A-Za-z]\w{0,30}:" + _NUM + rb")+)[ \t]*\r?$")
_PAIR = re.compile(rb"([A-Za-z]\w{0,30}):(" + _NUM + rb")")
NAMES = {"trl": "train_loss", "tel": "val_loss", "eval": "hellaswag_acc", "norm": "grad_norm"}
_EVALS = ("val_loss", "hellaswag_acc")
_HEAD_LINES = 3


def looks(lines: list[bytes]) -> bool:
    """Whether a head's non-empty lines (3 or more) are all llm.c ``s:N name:value`` lines, one naming ``trl`` or
    ``tel``, the steps never going back."""
    if len(lines) < _HEAD_LINES:
        return False
    found = [_LINE.match(line) for line in lines]
    if not all(found):
        return False
    steps = [int(m.group(1)) for m in found]
    names = {k for m in found for k, _ in _PAIR.findall(m.group(2))}
    return all(b >= a for a, b in zip(steps, steps[1:])) and bool(names & {b"trl", b"tel"})


def llmc_points(text: bytes, limit: int):
    """(offset, step, ((tag, value), ...), kind) of each llm.c line of ``text`` (at most ``limit``)."""
    for n, m in enumerate(_LINE.finditer(text)):
        if n >= limit:
            break
        values = tuple((NAMES.get(k.decode(), k.decode()), float(v)) for k, v in _PAIR.findall(m.group(2)))
        kind = "eval" if values and values[0][0] in _EVALS else "train"
        yield m.start(), int(m.group(1)), values, kind
