"""A hyper-parameter sweep's per-config summary lines: no training curve (used by ``readers/joblog.py``).

A grid or random search prints one line per setting once that setting's training is over::

    lr=0.01 wd=0.0001 final val_loss 0.52 val_acc 0.81
    lr=0.01 wd=0.001 final val_loss 0.55 val_acc 0.80
    config 3/12: lr=0.001 batch_size=128 best_val_loss=0.41 best_acc=0.7111

(the loop's ``print(f"lr={lr} wd={wd} final val_loss {..} val_acc {..}")``, or ``config {i}/{n}: ..`` of a search
script; the shape a stop-61 reader helper found read as one run's curve). Each line is a different training's end,
so over a line counter they made series ``final_val_loss``, ``val_acc``, ``lr``, ``wd`` of one point a setting, which
the verdict judged as a curve (stalled, overfit...). Such a line is a sweep summary when it assigns a
hyper-parameter (``lr=``, ``wd=``, ``weight_decay=``, ``batch_size=``, ``dropout=``...), says ``final``/``best`` or
starts with a ``config|trial|setting i/N`` counter, and counts no epoch, step or iteration of its own; the lines are
dropped when at least two of them assign different settings, with one note (how many, and the first line). A real
per-epoch log around them (each setting's ``Epoch 3 loss ..`` lines) still reads; a file of summaries alone gives
no run (the note, then why nothing was read).
"""
from __future__ import annotations

import re

from ._linestart import line_end, line_start

# an assignment of a hyper-parameter: 'lr=0.01', 'weight_decay: 1e-4', 'bs=64'
_HP = re.compile(r"(?i)(?<![\w.])(lr|learning[_ ]rate|wd|weight[_ ]decay|bs|batch[_ ]size|dropout|drop[_ ]rate"
                 r"|momentum|hidden(?:[_ ](?:size|dim))?|(?:n|num)[_ ]layers|heads|alpha|beta|gamma|lambda|l2"
                 r"|temperature|warmup(?:[_ ]steps)?|optim(?:izer)?)\s*[=:]\s*([-+\w.]+)")
_FINAL = re.compile(r"(?i)(?<![A-Za-z])(?:final|best)(?![A-Za-z])")
_CONFIG = re.compile(r"(?i)^\W*(?:config(?:uration)?|trial|setting|combination|combo|grid(?:\s+point)?|sweep)"
                     r"\s*#?\s*\d+\s*(?:/|of)\s*\d+")
# the line's own progress counter: 'Epoch 3', 'step: 400', 'iter 20' ('best_epoch=9' is no counter: '_' before it)
_COUNTER = re.compile(r"(?i)(?<![\w])(?:epoch|ep|step|iter|iteration|it|batch)\s*[:=#\[]?\s*\d")


def _summary(line: str):
    """The line's hyper-parameter settings (a tuple) where it is a sweep summary line, else None."""
    low = line.lower()  # ('final'/'best' hold 'nal'/'be', letters no other character matches case-blind)
    if not (("nal" in low or "be" in low) and _FINAL.search(line) or _CONFIG.match(line)):  # (first: most lines say neither, and it is cheap)
        return None
    hps = tuple((m.group(1).lower(), m.group(2)) for m in _HP.finditer(line))
    if not hps or _COUNTER.search(line):
        return None
    return hps


def drop_sweep_summaries(data, hits: list, notes: list) -> list:
    """``hits`` less those on sweep summary lines (module docstring), with a note; ``hits`` unchanged when fewer
    than two such lines assign different settings."""
    if len(hits) < 2:
        return hits
    cache: dict = {}
    marked = []
    for h in hits:
        start = line_start(data, h.offset, max(0, h.offset - 4096))
        if start not in cache:
            end = line_end(data, h.offset)  # a bar's redraw ends at its '\r'
            line = bytes(data[start:end]).decode("utf-8", "replace").strip()
            cache[start] = (_summary(line), line)
        marked.append(cache[start])
    settings = {hp for hp, _ in marked if hp is not None}
    if len(settings) < 2:
        return hits
    lines = [line for hp, line in dict.fromkeys((hp, line) for hp, line in marked if hp is not None)]
    notes.append(f"{len(lines)} hyper-parameter sweep summary lines (one per setting, e.g. '{lines[0][:80]}'): each "
                 "a different training's result, not read as a training curve")
    return [h for h, (hp, _) in zip(hits, marked) if hp is None]
