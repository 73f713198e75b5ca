"""Evaluation lines naming only the splits their losses were measured on (used by ``_joblog_scan``).

nanoGPT's ``train.py`` prints its periodic ``estimate_loss()`` as ``step 500: train loss 4.2927, val loss 4.2780``;
forks print the same two numbers with the word ``loss`` left out, after their own tag::

    [eval] iter 500: train 4.2927 val 4.2780 lr 3.00e-04          (public ethellight565/nanogpt-seis train_mix.log)

No ``loss`` on the line, so the scan (which finds lines by ``oss``) never read them: the run had its training
lines (``[train] iter 10: loss 8.6864``) but no validation and no learning rate. A line that is a step counter
(``iter``, ``step``, ``iteration``; an ``epoch 3: train 0.95`` may print accuracies) and then only split words each
followed by a bare number (``train``, ``val``, ``valid``, ``validation``, ``test``, ``dev``; no ``:`` or ``=``
between), at least one not ``train``, and optionally ``lr``, is read as nanoGPT's own line is: ``<split>_loss`` per
split (what a bare split's number is on such a line: its estimated loss), ``lr`` the learning rate, at the counter's
step. Read only in a log whose other lines hold a loss.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, clean, to_float

NEEDLES = (b" val ", b" valid ", b" validation ", b" test ", b" dev ")
# ' - '-separated bracketed splits (``_BRACKETED``): losses only where the training one falls (``falling``), wherever
# they are found -- the same print with accuracies (a MAML fork's ``[train]: 0.22 - [valid]: 0.215`` rising) is none
BRACKET_NEEDLES = (b"[val]:", b"[valid]:", b"[validation]:", b"[test]:", b"[dev]:")
_SPLITS = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val", "test": "test",
           "dev": "dev"}
_LINE = re.compile(r"^(?:\[\w+\]\s*)?(?:iter|iteration|step)\s+(?P<n>\d+)\s*[:|,-]\s*"
                   r"(?P<pairs>(?:(?:train|training|val|valid|validation|test|dev)\s+" + NUMBER
                   + r"\s*[,|]?\s*){1,4})(?:lr\s*[:=]?\s+(?P<lr>" + NUMBER + r"))?\s*$", re.IGNORECASE)
_PAIR = re.compile(r"([A-Za-z]+)\s+(" + NUMBER + r")")


def split_values_line(segment: bytes) -> Record | None:
    """The record of one ``[eval] iter N: train X val Y lr Z`` line (module docstring), or None."""
    text, rank, _ = clean(segment)
    m = _LINE.match(text)
    if m is None:
        return _fields_line(text, rank)
    values = []
    for key, raw in _PAIR.findall(m.group("pairs")):
        value = to_float(raw)
        if value is None:
            return None
        values.append((f"{_SPLITS[key.lower()]}_loss", value))
    if all(name == "train_loss" for name, _ in values) or len({n for n, _ in values}) != len(values):
        return None
    if m.group("lr") is not None and (lr := to_float(m.group("lr"))) is not None:
        values.append(("lr", lr))
    return Record("kv", tuple(values), step=int(m.group("n")), kind="train", rank=rank, own_step=True)


# The same numbers between pipes, with a counter first and fields the line's own after them (a newcomer's
# ``step   100 | train 2.5931 | val 2.5916 | lr 1.00e-03 | 14s``, public olivergpt; ``epoch 201 | train 1.1132 (seg
# 0.0766, thick 1.0367) | val 1.3223 (seg 0.0771, thick 1.2452) | lr 3.91e-06 | epoch time 12m 44s | ..``, public
# runout: the loss's terms in brackets, ``<split>_<term>``). Fields that are neither (durations, ETA) are skipped.
_COUNTER = re.compile(r"(?:\[\w+\]\s*)?(iter|iteration|step|epoch)\s+(\d{1,9})\s*:?", re.IGNORECASE)
_FIELD = re.compile(r"(train|training|val|valid|validation|test|dev)\s+(" + NUMBER + r")(?:\s*\((.*)\))?",
                    re.IGNORECASE)
# The same fields between ' - ', each split bracketed before a colon: lmzintgraf/cavia's regression forks print
# ``Iter 0    - time: 1     - [train]: 0.9425 - [valid]: 0.9509 - [adapt]: 0.9374 - [adapt_test]: 0.9493`` (public
# cavia131 nohup.log; cavia's own print says ``[train] loss: 1.246 (+/-0.219 )``): the split's loss, the other
# bracketed names (the adaptation's) and the time passed over.
_BRACKETED = re.compile(r"\[(train|training|val|valid|validation|test|dev)\]:\s*(" + NUMBER + r")", re.IGNORECASE)
_DASHED = " - "
_LR = re.compile(r"lr\s*[:=]?\s*(" + NUMBER + ")", re.IGNORECASE)


# The same fields apart by runs of spaces, the counter with its total: a newcomer's masked-token trainer prints
# ``epoch  12/300  train 4.4470  val 4.2903  mr 0.50  pf 0.00  lr 1.00e-03  gn 10.760  t 37s  mps 121MB`` (public
# cptfm137 train.log: ``print(f"epoch {ep:3d}/{E}  train {tr:.4f}  val {va:.4f}  ...")``; fields apart by two or more
# spaces, the other short names -- mask ratio, timings, memory -- passed over as between pipes).
_SPACED = re.compile(r"((?:\[\w+\]\s*)?(?:iter|iteration|step|epoch)\s+\d{1,9})\s*/\s*\d{1,9}\s*:?\s{2,}(\S.*)$",
                     re.IGNORECASE)
_GAP = re.compile(r"\s{2,}")
# The same print with one space between everything (``print(f"epoch {ep}/{E} train {tr:.3f} val {va:.3f} lr
# {lr}")``, a hand-written loop's one line per epoch): after ``epoch N/M``, only name-number pairs -- each pair
# one field, so a name is never taken for the number of the name before it.
_SINGLE = re.compile(r"((?:\[\w+\]\s*)?(?:iter|iteration|step|epoch)\s+\d{1,9})\s*/\s*\d{1,9}\s*:?\s+"
                     r"((?:[A-Za-z_]\w*\s+" + NUMBER + r"\s+)*[A-Za-z_]\w*\s+" + NUMBER + r")$", re.IGNORECASE)
_NAMED = re.compile(r"[A-Za-z_]\w*\s+" + NUMBER)


def _fields(text: str) -> tuple[bool, list[str]]:
    """(dashed, fields) of a line whose fields are apart by pipes, ' - ' or runs of spaces after an ``epoch N/M``,
    or are name-number pairs apart by single spaces after it."""
    if "|" not in text and (m := _SPACED.match(text.strip())) is not None:
        return False, [m.group(1)] + _GAP.split(m.group(2).strip())
    if "|" not in text and (m := _SINGLE.match(text.strip())) is not None:
        return False, [m.group(1)] + _NAMED.findall(m.group(2))
    dashed = "|" not in text and _DASHED in text
    return dashed, [f.strip() for f in text.split(_DASHED if dashed else "|")]


def _fields_line(text: str, rank) -> Record | None:
    dashed, fields = _fields(text)
    if len(fields) < 3 or (c := _COUNTER.fullmatch(fields[0])) is None:
        return None
    values, splits = [], set()
    for field in fields[1:]:
        if (m := (_BRACKETED if dashed else _FIELD).fullmatch(field)) is not None:
            split = _SPLITS[m.group(1).lower()]
            if (value := to_float(m.group(2))) is None or split in splits:
                return None
            splits.add(split)
            values.append((f"{split}_loss", value))
            for name, raw in _PAIR.findall((m.group(3) if not dashed else None) or ""):
                if (term := to_float(raw)) is not None:
                    values.append((f"{split}_{name}", term))
        elif (m := _LR.fullmatch(field)) is not None and (lr := to_float(m.group(1))) is not None:
            values.append(("lr", lr))
    if not splits - {"train"}:
        return None
    epoch = c.group(1).lower() == "epoch"
    n = int(c.group(2))
    return Record("kv", tuple(values), step=n, epoch=float(n) if epoch else None, kind="train", rank=rank,
                  own_step=not epoch)


def falling(records) -> bool:
    """Whether the ``train_loss`` of these records (in file order) ends below where it started: a loss, where a log
    holding no other loss line may print accuracies the same way (``epoch 3 | train 0.95 | val 0.90``)."""
    train = [v for r in records for k, v in r.values if k == "train_loss"]
    return len(train) >= 2 and train[-1] < train[0]



# A split word, its loss, a slash and its accuracy in percent: ``Epoch 2: Train 0.0319/45.05% | Val 0.0301/46.86%``
# (public vqafuse88's ViLT/LXMERT heads; an epoch without an evaluation prints ``(Validation skipped, ..)`` after its
# training pair). No key names either number: such a log made no point. Read as ``<split>_loss`` and ``<split>_acc``
# (percent) at the epoch, in any log holding at least two such lines.
_SLASH_LINE = re.compile(rb"(?im)^[^\n]*?\bepoch\s*[:#]?\s*(\d{1,7})\b[^\n]*?\b(?:train|training)\s+(?:loss\s+)?("
                         + NUMBER.encode() + rb")\s*/\s*(" + NUMBER.encode() + rb")\s*%([^\n]*)$")
# the train pair alone, found first: ``_SLASH_LINE``'s lazy ``^..epoch..train`` run over every line re-scanned each
# ``Epoch 3:`` of a tqdm bar's redraws (one \\n-line of 50,000 '\\r'-joined redraws) to the line's end: quadratic in
# the bar (a 1.4 MB log of epoch bars took 37 s here)
_SLASH_TRAIN = re.compile(rb"(?i)\b(?:train|training)\s+(?:loss\s+)?" + NUMBER.encode() + rb"\s*/\s*"
                          + NUMBER.encode() + rb"\s*%")
_SLASH_EVAL = re.compile(r"\b(val|valid|validation|test|dev)\s+(?:loss\s+)?(" + NUMBER + r")\s*/\s*(" + NUMBER
                         + r")\s*%", re.IGNORECASE)


def slash_pair_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every ``Train <loss>/<acc>% | Val <loss>/<acc>%`` line (above), or [] under two lines."""
    if data.find(b"%") < 0:
        return []
    out, after, lo, tried = [], 0, 0, None
    for t in _SLASH_TRAIN.finditer(data, 0, size):  # only lines holding a train pair can match: one try a line
        if t.start() < after:
            continue
        nl = data.rfind(b"\n", lo, t.start())
        lo = start = nl + 1 if nl >= 0 else lo  # lo: always a line's start
        end = data.find(b"\n", t.end(), size)
        end = size if end < 0 else end
        if (start, end) == tried:
            continue
        m = _SLASH_LINE.match(data, start, end)
        if m is None:
            tried = (start, end)
            continue
        after = lo = min(end + 1, size)
        loss, acc = to_float(m.group(2).decode()), to_float(m.group(3).decode())
        if loss is None or acc is None:
            continue
        epoch = int(m.group(1))
        values = [("train_loss", loss), ("train_acc", acc)]
        for split, v_loss, v_acc in _SLASH_EVAL.findall(m.group(4).decode("utf-8", "replace")):
            name = _SPLITS[split.lower()]
            if (a := to_float(v_loss)) is not None and (b := to_float(v_acc)) is not None:
                values += [(f"{name}_loss", a), (f"{name}_acc", b)]
        out.append((m.start(), Record("kv", tuple(values), step=epoch, epoch=float(epoch), kind="train",
                                      own_step=False)))
    return out if len(out) >= 2 else []


def with_slash_pairs(data, size: int, hits: list, extra: list, make) -> tuple[list, list]:
    """``hits`` and ``extra`` with the ``Train <loss>/<acc>%`` lines' records (``slash_pair_hits``, ``make(offset,
    record)``) over what the scans read of those lines (a ``best_loss=inf`` aside on one of them)."""
    found = slash_pair_hits(data, size)
    if not found:
        return hits, extra
    mine = {offset for offset, _ in found}

    def other(h) -> bool:
        return data.rfind(b"\n", 0, h.offset) + 1 not in mine

    return [h for h in hits if other(h)], [h for h in extra if other(h)] + [make(o, r) for o, r in found]
