"""Printed values outside the training's series (used by ``joblog.parse``): a settings block printed before the
first step, and the evaluations printed after the last epoch.

``drop_settings_block`` -- a hand-written script prints its settings under a heading, one ``name: value`` a line,
indented, before it trains (public gpt2shakes160 ``training_logs.txt``)::

    Configuration:
      Batch size: 32
      Max iterations: 30000
      Target loss: 0.099999

Read as step-less lines, ``Max iterations`` and ``Target loss`` became one-point series at step 0 (a "loss" of
0.1 before the training's first 10.95). The lines of such a block -- after a line holding only a heading that names
settings (``_HEADING``: configuration, config, settings, hyperparameters, parameters, arguments, options), indented,
up to the first line that is not -- printed before the first training line are no points.

``drop_after_total`` -- a script that prints ``Epoch 20/20, Loss: ..`` per epoch, then evaluates the kept (best)
model and the test set once training is done (public memes160 ``losses.txt``: ``Loss: 1.2825`` and a
classification report after epoch 20's lines, then ``Evaluating on test data...`` ``Loss: 1.2867``; toolwear160
``training_results.txt``: ``Epoch [30/30] ..`` then a ``Best Validation Result`` block, ``Accuracy: 0.9333``, and
later summaries): the step-less lines after the last epoch were placed at it, so the training's ``Loss`` got a
second value at epoch 20 (the best model's validation loss, 1.2825 over the epoch's 1.2409) and ``Accuracy`` four
points at epoch 30. When the last training line reached the total its counter printed (``Epoch N/N``), the step-less
evaluation lines after it that are no evaluation the earlier epochs printed after their line (``Validation Loss``
follows every epoch: kept), from the first such line on, are no points of the curves -- except a test split's own
series (``test_...``: a test point is read as one). The line right after the last epoch's that prints every series
the epochs' evaluations printed (an evaluate-then-train loop's ``val_loss: .. val_acc: .. val_f1: ..`` of the
trained weights, a metric added) is that epoch's evaluation, kept whole.
"""
from __future__ import annotations

import re

_HEADING = re.compile(rb"(?i)^[ \t]*(?:training[ \t]+|model[ \t]+|run[ \t]+)?(?:configuration|config|settings|"
                      rb"hyper-?parameters|hparams|parameters|arguments|args|options)[ \t]*:[ \t]*\r?$")
_INDENTED = re.compile(rb"^[ \t]+\S")


def _block_spans(data, before: int) -> list[tuple[int, int]]:
    """(start, end) byte spans of the indented lines under each settings heading of ``data[:before]``."""
    spans, text = [], bytes(data[:before])
    pos = 0
    lines = text.split(b"\n")
    inside = None
    for line in lines:
        end = pos + len(line) + 1
        if _HEADING.match(line):
            inside = end
        elif inside is not None and not _INDENTED.match(line):
            spans.append((inside, pos))
            inside = None
        pos = end
    if inside is not None:
        spans.append((inside, pos))
    return [(a, b) for a, b in spans if b > a]


def drop_settings_block(data, hits: list, notes: list[str]) -> list:
    """``hits`` less the step-less lines of a settings block printed before the first training line (module
    docstring), with a note."""
    first = next((h.offset for h in hits if h.record.kind == "train" and h.record.step is not None), None)
    if first is None:
        return hits
    spans = _block_spans(data, first)
    if not spans:
        return hits
    out = [h for h in hits if not (h.offset < first and h.record.step is None
                                   and any(a <= h.offset < b for a, b in spans))]
    if len(out) < len(hits):
        notes.append(f"{len(hits) - len(out)} line(s) of a settings block printed before training (a heading "
                     "such as 'Configuration:' over indented 'name: value' lines): settings, not points")
    return out


def _test(tags) -> bool:
    return all(t.lower().startswith("test") for t in tags)


def drop_after_total(hits: list, notes: list[str]) -> list:
    """``hits`` less the evaluations printed after the last epoch of a training that reached its printed total
    (module docstring), with a note."""
    train = [i for i, h in enumerate(hits) if h.record.kind == "train"]
    if len(train) < 3:
        return hits
    last = hits[train[-1]].record
    done = last.total is not None and any(x is not None and x >= last.total for x in (last.epoch, last.step))
    if not done:
        return hits
    own: set = set()  # what each earlier epoch's evaluation printed after its line
    for i in range(train[0], train[-1]):
        h = hits[i]
        if h.record.kind == "eval":
            own.update(t for t, _ in h.record.values)
    out, after = hits[:train[-1] + 1], False
    for k, h in enumerate(hits[train[-1] + 1:]):
        tags = [t for t, _ in h.record.values]
        if k == 0 and own and own <= set(tags):
            out.append(h)  # the last epoch's own evaluation (all the series each epoch's printed), one more beside
            continue
        if h.record.kind == "eval" and h.record.step is None and not set(tags) <= own:
            after = True
        if after and h.record.kind == "eval" and h.record.step is None and not _test(tags):
            continue
        out.append(h)
    if len(out) < len(hits):
        notes.append(f"{len(hits) - len(out)} evaluation line(s) printed after the last epoch had reached its "
                     f"total ({last.total}), of the kept model or a summary: no points of the training's curves")
    return out
