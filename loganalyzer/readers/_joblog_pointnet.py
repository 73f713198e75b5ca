"""The block log of PointNet-family training scripts (used by ``readers/joblog.py``): PointNet/PointNet++ and
Frustum-PointNets ``train.py``'s ``log_string`` writes to ``log_train.txt`` (and stdout)::

    **** EPOCH 000 ****
    2018-11-30 00:30:00.504209
     -- 010 / 2297 --                      (PointNet: ' ---- batch 010 ----')
    mean loss: 71.336302
    segmentation accuracy: 0.544778
    box IoU (ground/3D): 0.077056 / 0.040590
    box estimation accuracy (IoU=0.7): 0.000000
    ...
    ---- EPOCH 000 EVALUATION ----
    eval mean loss: 9.594364
    eval segmentation avg class acc: 0.868011
    eval box IoU (ground/3D): 0.578737 / 0.529957

One value per line and no step on any of them: the reader numbered the lines (steps 1..28273, each series on its own
grid) and dropped the lines without a loss or an accuracy word. Here each block's values are at the batch counter's
step, ``epoch x batches + batch`` (where the counter prints no total, the counts go on from the last epoch's last
one); the evaluation block's values (``eval_<name>``) at the step of the training block before it; a value
qualified by two names (``box IoU (ground/3D): a / b``) is two series (``box_IoU_ground``, ``box_IoU_3D``), another
qualifier is part of the name (``box_estimation_accuracy_IoU_0.7``). PointNet++'s part-segmentation script
(public pointnetsw ``log_train.txt``, fiftieth labeller's set) prints `` ---- batch: 010 ----`` counters and an
evaluation block ``**** EVAL EPOCH 000 START****`` .. ``eval mean loss: ..`` .. ``**** EVAL EPOCH 000 END****`` whose
own batch counters are no training step; relaunches that printed only ``**** EPOCH 000 ****`` add nothing.
RandLA-Net-Pytorch forks (public Eliott133/lidar-point-cloud-segmentation ``logs/log_train.txt``) print ``**** EPOCH 000 / 149 ****``, then ``[TRAIN]
Epoch 000 | batch 0010/9565 (  0.1%) | 0.539s/batch`` counters and ``[TRAIN] mean acc: x`` / ``[TRAIN] mean loss: y``:
the counter is the step (``epoch x 9565 + 10``) and a bracketed ``[VAL]``/``[TEST]`` tag makes a line an evaluation's
(the accuracy had been dropped and the losses numbered 1, 2, 3). Untagged, the counter line may carry its own values,
``Epoch 0 | batch 0100/0500 | loss: 0.53 | acc: 0.81`` (read at its step), and the lines after it still hold
values (``eval mean loss: ..`` after ``---- EPOCH 000 EVALUATION ----``; breaker4 R9).

Chunk markers (readers35b). charlesq34/pointnet's ``train.py`` prints ``'----' + str(fn) + '-----'`` for each of the
training's data files and again for each test file before ``eval mean loss: ..`` (public APVGITHUB/pointnet
``log/log_train.txt``); its sem_seg forks print a bare ``----`` (public kargarisaac/PointNet-SemSeg-indoor3d-dataset).
Such a marker counts data files, from 0 in every epoch and in every evaluation: no step. Read as steps they made one
run per epoch block (20-380 runs from one file) and put train and eval values of different epochs on one step. In an
epoch holding such markers (or no marker at all, in a file with no batch counter), the epoch is the step: each
training name's value is the mean of the epoch's chunk values (each chunk's ``mean loss`` is the mean over its
file's batches: equal files, the epoch's mean), a line starting ``eval`` is an evaluation value at that epoch (the
last one printed), and a line says how many epochs were averaged.
"""
from __future__ import annotations

import re

from ._lazy import lazy_re
from ._progress import NUMBER, Record, to_float

_EPOCH = lazy_re(r"\*{3,}\s*EPOCH\s+(\d+)\s*(?:/\s*\d+\s*)?\*{3,}")  # (RandLA-Net: '**** EPOCH 000 / 149 ****')
_EVAL = lazy_re(r"-{3,}\s*EPOCH\s+(\d+)\s+EVALUATION[A-Za-z ]*-{3,}")  # (pointnet2 scannet: '.. WHOLE SCENE----')
_EVAL_BLOCK = lazy_re(r"\*{3,}\s*EVAL\s+EPOCH\s+(\d+)\s+(START|END)\s*\*{3,}")
_BATCH = lazy_re(r"-{2,}\s*(batch\s*:?\s*)?(\d+)\s*(?:/\s*(\d+)\s*)?-{2,}")
_CHUNK = lazy_re(rb"(?m)^[ \t]*-{4,}[ \t]*\d*[ \t]*-{0,}[ \t]*\r?$")  # '----0-----' / '----': a data-file chunk
_VALUE = lazy_re(r"([A-Za-z][\w ]*?)\s*(?:\(([^)]*)\))?\s*:\s*(" + NUMBER + r")(?:\s*/\s*(" + NUMBER + r"))?")
_MAX_SIZE = 1 << 28
# RandLA-Net-Pytorch forks: '[TRAIN] Epoch 000 | batch 0010/9565 (  0.1%) | 0.539s/batch' then '[TRAIN] mean acc: ..'
_SPLIT_BATCH = lazy_re(r"(?:\[[A-Za-z]+\]\s*)?Epoch\s+(\d+)\s*\|\s*batch\s+(\d+)\s*/\s*(\d+)\b.*")
_TAG = lazy_re(r"\[(TRAIN|TRAINING|VAL|VALID|VALIDATION|EVAL|TEST)\]\s*", re.IGNORECASE)


def _names(name: str, qualifier: str | None, count: int) -> list[str]:
    base = re.sub(r"\s+", "_", name.strip())
    if qualifier is None:
        return [base] if count == 1 else []
    parts = [p.strip() for p in qualifier.split("/")]
    if count == 2:
        return [f"{base}_{p}" for p in parts] if len(parts) == 2 else []
    return [base + "_" + re.sub(r"[^\w.]+", "_", qualifier).strip("_")] if count == 1 else []


def pointnet_hits(data, size: int, notes: list | None = None) -> list[tuple[int, Record]] | None:
    """(offset, record) of every value line of a PointNet-style block log, or None when ``data`` is no such log
    (no ``**** EPOCH N ****`` header and ``-- n / N --`` counter line, ``----N-----`` chunk marker or bare
    ``----``). ``notes`` gets a line when chunk values were averaged into their epoch."""
    if size > _MAX_SIZE:
        return None
    head = data.find(b"**** EPOCH ")
    if head < 0 or (data.find(b"EVALUATION ----") < 0 and data.find(b" --\n", head) < 0
                    and data.find(b"**** EVAL EPOCH ", head) < 0 and data.find(b" | batch ", head) < 0
                    and _CHUNK().search(bytes(data[head:head + (1 << 20)])) is None):
        return None
    out: list[tuple[int, Record]] = []
    epoch, step, offset, last, counters, in_eval, eval_block = None, None, 0, 0, 0, False, False
    first, relaunched = None, False  # the first header's epoch; whether a header went back to it
    tagged = False  # '[TRAIN] Epoch 000 | batch ..' counters seen: only '[TRAIN]'/'[VAL]' lines hold values
    chunks = _Chunks(out)
    at = data.rfind(b"\n", 0, head) + 1
    text = bytes(data[at:]).decode("utf-8", "replace")
    for line in text.split("\n"):
        here, at = at, at + len(line.encode("utf-8", "replace")) + 1
        line = line.strip()
        m = _EPOCH().fullmatch(line)
        if m is not None:
            chunks.flush()
            if epoch is not None and first is not None and int(m.group(1)) <= first and not relaunched:
                relaunched = True  # the first launch stopped: its points are left out when it printed < 2 losses
                if _aborted(out, notes, int(m.group(1))):
                    step, offset, last, chunks.epochs, chunks.averaged = None, 0, 0, 0, 0
            first = int(m.group(1)) if first is None else first
            epoch, in_eval, eval_block = int(m.group(1)), False, False
            chunks.epoch = epoch if step is None else None  # no batch counter yet: the epoch is the step
            continue
        m = _EVAL().fullmatch(line)
        if m is not None:
            in_eval = True
            continue
        m = _EVAL_BLOCK().fullmatch(line)
        if m is not None:  # PointNet++ part segmentation: '**** EVAL EPOCH 000 START****' .. 'END****'
            in_eval = eval_block = m.group(2) == "START"
            continue
        if epoch is not None and _CHUNK().fullmatch(line.encode()) is not None:  # a data-file chunk: no step
            chunks.epoch = epoch
            counters += 1
            continue
        tag = _TAG().match(line)
        if tag is not None:  # '[TRAIN] mean loss: ..' / '[VAL] ..': the block's split in brackets
            line = line[tag.end():]
            in_eval = tag.group(1).upper() not in ("TRAIN", "TRAINING")
        m = _SPLIT_BATCH().fullmatch(line) if epoch is not None and " | batch " in line else None
        if m is not None and not in_eval:
            chunks.flush()
            chunks.epoch, tagged = None, tagged or tag is not None  # untagged counters: other lines still hold values
            step = int(m.group(1)) * int(m.group(3)) + int(m.group(2))
            counters += 1
            pairs = [v.groups() for v in (_VALUE().fullmatch(c.strip()) for c in line.split("|")[2:])
                     if v is not None]
            pairs = [(n.strip().replace(" ", "_"), to_float(x)) for n, _, x, y in pairs if y is None]
            if pairs and all(x is not None for _, x in pairs):  # 'Epoch 0 | batch 0100/0500 | loss: 0.53 | acc: ..'
                out.append((here, Record("pointnet", tuple(pairs), step=step, epoch=float(epoch), own_step=True)))
            continue
        if tagged and tag is None:
            continue  # a relaunch's 'Batch size: 2', 'max_epoch: 150' between blocks of '[TRAIN]' lines: no value
        m = _BATCH().fullmatch(line)
        if m is not None and eval_block:  # the evaluation's own batch counter: no training step
            continue
        if m is not None and epoch is not None:
            chunks.flush()
            chunks.epoch = None
            n = int(m.group(2))
            if m.group(3):
                step = epoch * int(m.group(3)) + n
            else:
                if n <= last:
                    offset += last
                step, last = offset + n, n
            counters += 1
            in_eval = False
            continue
        m = _VALUE().fullmatch(line)
        if m is None or epoch is None:
            continue
        values = [to_float(v) for v in (m.group(3), m.group(4)) if v is not None]
        names = _names(m.group(1), m.group(2), len(values))
        if not names or any(v is None for v in values):
            continue
        if chunks.epoch is not None:
            chunks.add(here, names, values, in_eval or line[:4].lower() == "eval")
        elif in_eval or line[:4].lower() == "eval":  # 'eval mean loss: ..' is an evaluation's wherever printed
            names = [n if n.lower().startswith("eval") else f"eval_{n}" for n in names]
            out.append((here, Record("pointnet", tuple(zip(names, values)), kind="eval")))
        elif step is not None:
            out.append((here, Record("pointnet", tuple(zip(names, values)), step=step, epoch=float(epoch),
                                     own_step=True)))
    chunks.flush()
    if chunks.averaged and notes is not None:
        notes.append(f"PointNet-style '----N-----' chunk markers count data files, not steps: the epoch is the step; "
                     f"the training values of {chunks.averaged} epochs are the means of their chunks' values")
    if chunks.epochs and not any("loss" in t.lower() for _, r in out for t, _ in r.values):
        return None
    return sorted(out, key=lambda p: p[0]) if counters or chunks.epochs >= 2 else None


def _aborted(out: list, notes: list | None, epoch: int) -> bool:
    """Empty ``out`` (the first launch's records) when they hold fewer than two training loss points, with a line in
    ``notes``: a launch stopped in its first epoch, then started again (module docstring); whether it did."""
    losses = [r.step for _, r in out if r.kind == "train" and any("loss" in t.lower() for t, _ in r.values)]
    if len(losses) >= 2:
        return False
    out.clear()
    if notes is not None:
        notes.append(f"PointNet-style log: a first launch stopped after {len(losses)} training loss point(s), then "
                     f"'EPOCH {epoch:03d}' started again: the first launch is left out, the second is the run")
    return True


class _Chunks:
    """One epoch's values under chunk markers: training values summed per name, evaluation values kept (the last),
    written to ``out`` as one record per name at the epoch (``flush``)."""

    def __init__(self, out: list):
        self.out, self.epoch, self.epochs, self.averaged = out, None, 0, 0
        self.train: dict = {}
        self.evals: dict = {}

    def add(self, at: int, names: list, values: list, evaluation: bool) -> None:
        for name, value in zip(names, values):
            if evaluation:
                self.evals[name if name.lower().startswith("eval") else f"eval_{name}"] = (at, value)
            else:
                first, total, n = self.train.get(name, (at, 0.0, 0))
                self.train[name] = (first, total + value, n + 1)

    def flush(self) -> None:
        if self.epoch is None or not (self.train or self.evals):
            return
        e = self.epoch
        self.epochs += 1
        self.averaged += any(n > 1 for _, _, n in self.train.values())
        for name, (at, total, n) in self.train.items():
            self.out.append((at, Record("pointnet", ((name, total / n),), step=e, epoch=float(e), own_step=True)))
        for name, (at, value) in self.evals.items():
            self.out.append((at, Record("pointnet", ((name, value),), step=e, epoch=float(e), kind="eval",
                                        own_step=True)))
        self.train, self.evals = {}, {}
