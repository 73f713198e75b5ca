"""A counter printed as ``[ n | total ]`` (used by ``_progress_text.rewrite``)::

    Epoch:[ 1 | 19 ]    Batch:[ 100 | 2068 ]    loss_giou: 4.1999    loss_conf: 7.6061    loss_cls: 13.8891    loss: 25.6951    lr: 0.0001

(public CV-YYDS/YOLOV3 ``nohup.log``, a YOLOv3 trainer's ``'Epoch:[ %d | %d ]    Batch:[ %d | %d ]  ...'``). The bar
between the counter and its total is no ``n/total`` for the printed-pair rule: the batch was read as the line's
step with no total, and the steps per epoch were guessed from the largest batch printed (2000 + the print interval:
2100, where the file says 2068). Rewritten as ``Epoch:[ 1/19 ]  Batch:[ 100/2068 ]``, the line's step is
epoch x 2068 + batch, as for any ``batch n/total`` counter. Only a counter's name (epoch, batch, iter, step) is
rewritten: ``| a | b |`` table cells are left alone.
"""
from __future__ import annotations

import re

_PIPE_COUNTER = re.compile(r"(?i)\b(epoch|epochs|batch|iter|iteration|step|it)(\s*:?\s*)\[\s*(\d+)\s*\|\s*(\d+)\s*\]")

_PIPE_BRACKET = re.compile(r"\[\s*\d+\s*\|")  # what every _PIPE_COUNTER match holds


def pipe_counters(text: str) -> str:
    """``text`` with each ``Name:[ n | total ]`` counter written ``Name:[ n/total ]``."""
    if _PIPE_BRACKET.search(text) is None:  # (no '[ n |' at all: the common case, without the slower pattern)
        return text
    return _PIPE_COUNTER.sub(lambda m: f"{m.group(1)}{m.group(2)}[ {m.group(3)}/{m.group(4)} ]", text)
