"""A training log written as Markdown bullets (used by ``readers/_joblog_whole.py``), read whole: a knowledge-graph
trainer's ``*.md`` log (set 200's geognn200, a CompGCN link-prediction script writing its own report)::

    * epoch 1
    	 * loss `72.03659057617188`, time `2021-10-20 17:52:05`
    	 * validation results (raw)  at epoch `1`
    		|  metric  |  head  |  tail  |  mean  |
    		|  ----  |  ----  |  ----  |  ----  |
    		|  mean reciprocal rank (MRR)  |  `0.0102`  |  `0.0350`  |  `0.0226`  |
    		|  hits@10  |  `0.0145`  |  `0.0576`  |  `0.0360`  |

No line was a progress line the printed-log parser knew (no run). Read here: ``loss`` at each ``* epoch N`` (the
epoch the step), and each validation table row's last column (the mean over head and tail prediction) as
``val_<metric>`` at that epoch, an evaluation -- the metric by its parenthesised abbreviation (``val_MRR``,
``val_MR``) or its words joined by ``_`` (``val_hits@10``, ``val_mrr_considering_equals``); the table under a final
``- testing results`` line as ``test_<metric>`` at the last epoch. Other bullets (cluster sizes, a saved model) and
tables under other headings hold no curve.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_EPOCH = re.compile(rb"(?m)^\* epoch (\d+)[ \t]*\r?$")
_LOSS = re.compile(rb"(?m)^[ \t]*\* loss `(" + NUMBER.encode() + rb")`")
_EVAL = re.compile(rb"(?m)^[ \t]*\* validation results \(\w+\)[ \t]+at epoch `(\d+)`")
_ROW = re.compile(rb"(?m)^[ \t]*\|[ \t]*([^|`\r\n]+?)[ \t]*\|(?:[ \t]*`[^`\r\n]*`[ \t]*\|)*[ \t]*`("
                  + NUMBER.encode() + rb")`[ \t]*\|[ \t]*\r?$")
_TEST = re.compile(rb"(?m)^[ \t]*[-*] test(?:ing)? results")
_HEADING = re.compile(rb"(?m)^#")
_ABBREVIATION = re.compile(r"\(([A-Za-z@\d]+)\)")


def _metric(words: str, prefix: str) -> str:
    found = _ABBREVIATION.search(words)
    return prefix + (found.group(1) if found else re.sub(r"\s+", "_", words.strip()))


def md_bullet_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every epoch's loss and validation row (module docstring), or None when ``data`` has no
    ``* epoch N`` line followed by a ``* loss `x``` bullet."""
    if data.find(b"* loss `") < 0 or _EPOCH.search(data) is None:
        return None
    lines = sorted([(m.start(), "epoch", m) for m in _EPOCH.finditer(data)]
                   + [(m.start(), "loss", m) for m in _LOSS.finditer(data)]
                   + [(m.start(), "eval", m) for m in _EVAL.finditer(data)]
                   + [(m.start(), "test", m) for m in _TEST.finditer(data)]
                   + [(m.start(), "heading", m) for m in _HEADING.finditer(data)]
                   + [(m.start(), "row", m) for m in _ROW.finditer(data)], key=lambda t: t[0])
    out: list[tuple[int, Record]] = []
    epoch, evaluated, prefix = None, None, "val_"
    for offset, kind, m in lines:
        if kind == "epoch":
            epoch, evaluated = int(m.group(1)), None
        elif kind == "loss" and epoch is not None:
            out.append((offset, Record("md_bullets", (("loss", float(m.group(1))),), step=epoch, epoch=float(epoch))))
        elif kind == "eval":
            evaluated, prefix = int(m.group(1)), "val_"
        elif kind == "test":
            evaluated, prefix = epoch, "test_"
        elif kind == "heading":
            evaluated = None
        elif kind == "row" and evaluated is not None:
            out.append((offset, Record("md_bullets", ((_metric(m.group(1).decode("utf-8", "replace"), prefix),
                                                        float(m.group(2))),), step=evaluated,
                                       epoch=float(evaluated), kind="eval")))
    return out if any(r.values[0][0] == "loss" for _, r in out) else None
