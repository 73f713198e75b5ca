"""The source location Python logging formats put before a message (for ``readers/_progress_text.rewrite``).

``%(asctime)s - %(levelname)s - %(name)s - %(pathname)s : %(funcName)s [%(lineno)d] - %(message)s`` (AntiDrift's
trainer: ``... - /home/u/trainer/trainer.py : train [228] - finished eval of epoch-1 of train-set  eval_loss=0.54``)
and ``%(module)s.py:%(lineno)d`` / ``%(filename)s:%(lineno)d`` prefixes: after the timestamp, level and logger
name are stripped (``_progress.clean``), the file, function and line number are left; ``train [228]`` had become a
constant series ``train`` = 228. They are dropped here.

A counter word is no function name: ``Epoch [500] - Train Loss: 0.0138 | Train Accuracy: 43.57%`` (a DGL GCN
example's print, public omidgcn167: ``print(f"Epoch [{epoch}] - Train Loss: ..")``) is the epoch, then the metrics;
taken as ``funcName [lineno] -`` the counter was dropped and the 20 lines got their line indices as steps.
But a trainer method may be named ``step``/``epoch``/``iter`` (``def step(self, batch)``): with
``%(funcName)s [%(lineno)d] - %(message)s`` every line reads ``step [212] - iter 100 loss: 1.9097`` -- the same line
number on each line, and the message carries its own counter. So a counter word's ``[N] -`` is the source when the
message after it names another counter (``iter 100``, ``batch 10/400``, ``step 5``) and the word is written as a
function name (lower case, PEP 8); an epoch counter's line carries no second counter, or is a print's capitalised
``Epoch [5] - Batch [10/400]`` (the line alone cannot show that the logging prefix's number never changes: the
reader reads line by line) (the breaker's stop-61 R1).
"""
from __future__ import annotations

import re

# a counter in the message after 'step [212] - ' ('iter 100', 'batch 10/400', 'Epoch: 3', 'step[5]')
_COUNTED = r"(?:.*?\b)?(?i:epoch|step|iter(?:ation)?|it|batch|round)\s*[\[:=#]?\s*\d"
_SOURCE = re.compile(r"^(?:[\w.~/\\:-]*[\w-]\.py\s*:\s*(?:[<\w.>]+\s*\[\s*\d+\s*\]|\d+)(?:\s*\([<\w.>]+\))?"
                     r"|(?!(?i:epoch|step|iter(?:ation)?|batch|round)\s*\[)[<\w.>]+\s*\[\s*\d+\s*\](?=\s*-\s)"
                     r"|(?:epoch|step|iter(?:ation)?|batch|round)\s*\[\s*\d+\s*\](?=\s*-\s+" + _COUNTED + r"))"
                     r"\s*[-:|]?\s*")


# '[%(levelname)s | %(filename)s:%(lineno)d] %(asctime)s: %(message)s' (public ketsuzhou/NIPS_ZSL log/train.log:
# '[INFO | main.py:45] 2021-01-23 22:55:28,033: [Epoch    1] Loss: 2.307'): ``_progress.clean`` takes the level,
# 'main.py:45] <time>: ' is left (a series 'main.py' = 45 every line)
_BRACKETED = re.compile(r"^[\w.~/\\-]*[\w-]\.py\s*:\s*\d+\s*\]\s*(?:\d{4}-\d{2}-\d{2}[T _]\d{2}:\d{2}:\d{2}"
                        r"(?:[.,]\d+)?)?\s*[-:|]?\s*")


def without_source(text: str) -> str:
    """``text`` without a leading logging source location (module docstring)."""
    if (b := _BRACKETED.match(text)) is not None and b.end() < len(text):
        return text[b.end():]
    m = _SOURCE.match(text)
    if m is None or m.end() >= len(text) or text[m.end()] in "])":
        return text
    return text[m.end():]
