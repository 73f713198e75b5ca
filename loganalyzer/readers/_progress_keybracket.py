"""A counter printed glued to its key in brackets: ``fold[1/5] epoch[10/100] loss: 2.217 train accuracy: 0.500``
(a skin-lesion classifier's ``train_log.txt``, forty-eighth labeller's set; used by ``_progress_text.rewrite``).
The ``key: value`` parse read no epoch there (``epoch[10/100]`` is no ``key value`` pair): every line was numbered
1, 2, 3..., which put the validation lines printed between them (``val accuracy: 0.258`` every 10 epochs) on the
count too. Rewritten ``fold 1/5 epoch 10/100``: the counters the ``kv`` shape knows (the fold names the run, no
series)."""
from __future__ import annotations

import re

_KEYS = r"epoch|epochs|iter|iteration|step|batch|fold|ep"
_GLUED = re.compile(r"(?i)(?<![\w\[])(" + _KEYS + r")\[\s*(\d+)\s*(?:/\s*(\d+)\s*)?\]")


def _spaced(m: re.Match) -> str:
    return f"{m.group(1)} {m.group(2)}/{m.group(3)}" if m.group(3) else f"{m.group(1)} {m.group(2)}"


def key_brackets(text: str) -> str:
    """``text`` with each ``key[n/N]`` counter written ``key n/N`` (module docstring)."""
    return _GLUED.sub(_spaced, text)
