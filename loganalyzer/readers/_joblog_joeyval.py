"""Joey NMT's validation report, ``<model_dir>/validations.txt``: a validation log, not a training log (used by
``readers/joblog.py``).

Joey NMT's ``TrainManager._add_report`` (joeynmt/training.py) appends one line per validation to
``validations.txt``::

    Steps: 500\tloss: 4.03625\tacc: 0.08605\tppl: 56.61356\tLR: 0.00030000\t*        (2.x: its valid scores)
    Steps: 1000\tLoss: 412691.40625\tPPL: 186.19353\tbleu: 0.04071\tLR: 0.00030000\t*  (1.x: summed loss, PPL, metric)

Every value but ``LR`` is the validation set's (loss, perplexity, token accuracy, the eval metric: BLEU, chrF);
``*`` marks a new best checkpoint. Read like any ``key: value`` line, ``loss`` was the run's TRAINING loss (an
unmarked loss is the training loss) and the run had no validation: public set 206's Joey NMT course runs
(``joyoemmt3-206__deen_transformer_regular``, ``xuyuanmt4-206``, ``janinemt4-206__model_post``, ``shtostimt4-206``,
``zonamt3-206`` x2, ``mwittmt4-206__transformer_bpe_1000``, ``annalenamt4-206__transformer_word``: 81 validations,
val loss 4.036 @500 -> 2.081 @40,500, ppl 56.6 -> 8.0; labelled healthy, most of them clear) were `underfit` 0.55
"its first logged loss 4.036 is ln 57", their validation judged as a training.

The rule: a printed log every one of whose (>= 2) progress lines has this shape -- ``Steps: N`` first, ``key: value``
pairs, ``LR: x`` last but for the best mark -- with ``*`` on at least one line (Joey's first validation is always a
new best), whatever its separators (a copy with tabs turned to spaces: public ``zonamt3-206 postnorm``), names its
values ``val_<key>`` (``val_loss``, ``val_ppl``, ``val_acc``, ``val_bleu``); ``LR`` keeps its name. One note says so.
Its training loss lives in Joey's ``train.log`` beside it, when present (``discover_joeypair``: one run).
"""
from __future__ import annotations

import re
from dataclasses import replace

# 'Steps: 500<sep>key: value<sep>...LR: 0.00030000<sep>*' (the best mark optional): Joey NMT's _add_report line
_LINE = re.compile(rb"^Steps:\s*\d+(?:\s+[A-Za-z][\w-]*:\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)+?"
                   rb"\s+LR:\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*(\*)?\s*$")
NOTE = ("Joey NMT's validation report (validations.txt: 'Steps: N  loss: ..  ppl: ..  LR: ..  *' per validation): "
        "its values read as the validation's (val_loss, val_ppl, ...), LR as the learning rate")


def _line(data, offset: int) -> bytes:
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    return bytes(data[start:len(data) if end < 0 else end]).rstrip(b"\r")


def is_report(data, hits: list) -> bool:
    """Whether every hit of a log sits on a Joey NMT validation-report line (>= 2 of them, one marked best)."""
    if len(hits) < 2:
        return False
    best = False
    seen = set()
    for h in hits:
        line_start = data.rfind(b"\n", 0, h.offset) + 1
        if line_start in seen:
            continue
        seen.add(line_start)
        m = _LINE.match(_line(data, h.offset))
        if m is None:
            return False
        best = best or m.group(1) is not None
    return best and len(seen) >= 2


def validation_names(data, hits: list, notes: list, rebuild) -> list:
    """``hits`` with a Joey NMT validation report's values named ``val_<key>`` (module docstring); ``rebuild(hit,
    values)`` makes a hit with new values."""
    if not hits or not is_report(data, hits):
        return hits
    out = []
    for h in hits:
        values = tuple((t if t.lower() == "lr" or t.lower().startswith("val_") else f"val_{t}", v)
                       for t, v in h.record.values)
        out.append(rebuild(h, replace(h.record, values=values)))
    notes.append(NOTE)
    return out
