"""Epoch lines whose values are named only by an objective's terms (used by ``readers/joblog.py`` when no line names
a loss).

A physics-informed VAE's loop (public dexma001/PVTVAE ``checkpoints/log.txt``, forty-second labeller's set) prints per
epoch ``Epoch [1/100] Recon: 0.1283 | KL: 39.7717 | Phys: 0.0000 (λ=0.000)``: the reconstruction error, the KL term
and a physics penalty, no word ``loss`` anywhere, so the file was not even listed as a run. Such terms are losses by
name (``curves_names.COMPONENT_WORDS``: recon, kl, nll...; the objectives ``elbo``, ``mse``, ``bpd``...): a line
starting with its epoch (``Epoch N``, ``Epoch [N/M]``, ``epoch N:``) whose ``|``/``,``-separated ``name: value``
parts include at least one such term is read at that epoch, every part under its own name (a bracketed ``(λ=0.1)``
after a value, the term's weight, is left out). A part may hold several space-separated ``name=value`` pairs and the
line may end with a ``|`` (a beta-VAE's loop, public hustcs74 ``VAE-0.log``: ``Epoch 01/20 | beta=0.20 |
train_total=304.85 recon=287.28 kl=87.84 | test_recon=191.49 |``: the total, its terms and the test reconstruction
error). At least ``MIN_LINES`` such lines, or nothing is read.

A language model's loop may print only perplexities, tab-separated, under names of two words (public ptblm98, a PTB
word-LM assignment's ``log.txt``: ``epoch: 0\ttrain ppl: 111525.3\tval ppl: 5975.6\tbest val: 5975.6\ttime (s)
spent in epoch: 62.9``): three trainings were found as no run at all. A perplexity is exp of the cross-entropy, the
loss by another scale (``curves_errors.PERPLEXITY_WORDS``), so ``ppl``/``perplexity`` are terms here; tabs separate
parts as ``|`` and ``,`` do, a name may hold words separated by single spaces (``train ppl`` is read as
``train_ppl``) and a short bracketed unit (``time (s) spent in epoch``).

A part before the values may say the line is the epoch's summary (``Epoch 1/100 done | Avg Recon: 0.0156 | Avg KL:
1.20``) or give a step within the run (``Epoch 1/100 | Step 50 | Recon: 0.0207 | KL: 0.90``: the step is that, its
own axis); in a log printing both, an epoch's summary is at the step of the last line before it, the steps' values
and the summaries' (``Avg_Recon``) on one axis (public oamddpm174 ``oam_train.25150422``: not read).

A split word as the first part after the epoch names the split of the line's values (public t2icount188
``train.log``, a logger formatted ``'%(asctime)s, %(message)s'`` with datefmt ``'%m-%d %H:%M:%S'``: ``Epoch 50 Train,
reg:0.1397, .., mae:10.68, mse:31.32, Cost: 673.8 sec`` then ``Epoch 50 Val, MAE: 14.68, MSE: 64.80 Cost 239.5 sec``
and ``Epoch 50 Test, ..``): validation's and test's names take ``val_``/``test_`` (``_progress_split.named``), the
training's keep theirs; the phase's time last on the line (a value with a unit of time) is no metric. Read as TF1
cost lines before, the validation and test MAE made one series and the times were the loss.

A line naming no term is read too when one name follows both ``train_`` and ``val_`` (``split_pair``: the objective
printed for both splits, ``train_smooth_l1=1.93  val_smooth_l1=1.50``), or is a Keras metric's bare name beside its
``val_`` twin (``acc 0.54 val_acc 0.50``, ``accuracy: 0.54, val_accuracy: 0.50``).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._bar_glued import after_bar
from ._lazy import lazy_re
from ._progress import NUMBER, Record, clean, to_float
from ._progress_split import named

MIN_LINES = 2
_LINE = lazy_re(r"\s*epoch\s*[:#]?\s*[\[(]?\s*(\d+)(?:\s*/\s*(\d+))?\s*[\])]?\s*[:|,]?\s*(.*?)\s*", re.IGNORECASE)
_PART = lazy_re(r"([A-Za-z][\w/.-]*(?: (?:[A-Za-z][\w/.-]*|\([a-z%]{1,4}\)))*)(?:\s*[:=]\s*|\s{1,8})(" + NUMBER
                + r")(?:\s*\([^()]*\))?", re.IGNORECASE)
# the terms (lower-cased, the name's words): an objective's parts and the objectives named without 'loss'
TERMS = frozenset({"recon", "reconstruction", "rec", "kl", "kld", "nll", "elbo", "bce", "mse", "rmse", "mae", "bpd",
                   "xent", "physics", "phys", "pde", "commitment", "vq", "ppl", "perplexity"})
_WORDS = lazy_re(r"[a-z]+")
_DURATION = lazy_re(r"\s*\(\s*[\d.:]+\s*(?:s|sec|secs|m|min|h)?\s*\)\s*$")
# the epoch's timing last on the line, a value with its unit of time ('Cost: 715.7 sec', 'time 12.3s', public
# t2icount188 train.log): no metric
_TIMING = lazy_re(r"\s*[,|]?\s*(?:time\s*)?(?:cost|time|took|elapsed)\s*[:=]?\s*[\d.]+\s*(?:s|sec|secs|seconds)\.?\s*$",
                  re.IGNORECASE)
# '%m-%d %H:%M:%S, ' before the message (a logger's asctime with that datefmt and ', ' after it; public t2icount188
# train.log: '04-06 22:00:33, Epoch 0 Train, reg:0.3237, ..'), which ``clean`` leaves
_MONTH_DAY = lazy_re(r"\s*\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:[.,]\d+)?,?\s+")
_UNIT = lazy_re(r" \([a-z%]{1,4}\)", re.IGNORECASE)  # 'time (s) spent in epoch': the unit left out of the name
_NOT_WORD = lazy_re(r" +")  # 'train ppl' -> 'train_ppl'
_NEEDLE = b"poch"
# a part before the values: the epoch's summary ('Epoch 1/100 done | Avg Recon: ..'), or a step within the run
# ('Epoch 1/100 | Step 50 | Recon: 0.0207 | KL: 0.90': public oamddpm174, a latent-diffusion VAE's SLURM log)
_DONE = lazy_re(r"(?:done|finished|complete|completed|end|ended|summary)", re.IGNORECASE)
_STEP_PART = lazy_re(r"(?:step|iter|iteration|it|batch)\s*[:=]?\s*\[?\s*(\d+)(?:\s*/\s*(\d+))?\s*\]?",
                     re.IGNORECASE)
# the last part's value with text glued to it, the next print's with no newline between (public ptbmhmorta102:
# '.. time (s) spent in epoch: 103.01833653450012Additional data (modified)', every epoch line): the value is read
_GLUED = lazy_re(r"(.*?\d)(?=[A-Z][a-z])[A-Za-z].*")


# a split word as the line's first part, after its epoch ('Epoch 0 Train, reg:0.32, ..' / 'Epoch 50 Val, MAE: 14.68'
# / 'Epoch 50 Test, MAE: 13.58': public t2icount188 train.log): validation's and test's names take its prefix
_SPLIT_PART = lazy_re(r"(train|training|val|valid|validation|eval|evaluation|test|testing|dev)", re.IGNORECASE)
_SPLIT_PREFIX = {"val": "val", "valid": "val", "validation": "val", "eval": "val", "evaluation": "val",
                 "test": "test", "testing": "test", "dev": "dev"}
_TRAIN_SPLIT = lazy_re(r"(?:train|training|trn)_(\w+)", re.IGNORECASE)
_EVAL_SPLIT = lazy_re(r"(?:val|valid|validation|dev|test)_(\w+)", re.IGNORECASE)


def split_pair(names) -> bool:
    """True when one name follows both ``train_`` and a held-out split's prefix (``val_``, ``valid_``, ``test_``...):
    the objective the loop prints for both splits, whatever it is called. Public deepltsf168 ``train_v3.log``, a
    forecasting script's ``epoch 01  lr=9.97e-04  train_smooth_l1=1.933159  val_smooth_l1=1.496713`` (torch's
    SmoothL1Loss by its name): no loss word, no term, and the file was not read."""
    train = {m.group(1).lower() for n in names if (m := _TRAIN_SPLIT().fullmatch(n)) is not None}
    train |= {n.lower() for n in names if n.lower() in _KERAS_BARE}  # 'acc 0.54 val_acc 0.50': Keras' history names
    return any((m := _EVAL_SPLIT().fullmatch(n)) is not None and m.group(1).lower() in train for n in names)


# the training's value under the bare name beside ``val_<name>``: Keras' ``History`` keys (``acc``/``val_acc``,
# ``accuracy``/``val_accuracy``, ``Model.fit`` in ``keras/engine/training.py`` prefixes the validation's ``val_``),
# which print loops copy (``print(f"Epoch {e}: acc {h['acc'][-1]:.3f} val_acc {h['val_acc'][-1]:.3f}")``, the
# newcomer's ux65 #4): read as ``train_acc val_acc`` lines were, accuracy only (the verdict says so). Only accuracy
# names: a bare counter or time beside its ``val_`` twin is no training's series.
_KERAS_BARE = frozenset({"acc", "accuracy", "acc1", "acc5", "top1", "top5"})


def _is_term(name: str) -> bool:
    return any(w in TERMS for w in _WORDS().findall(name.lower()))


def _pairs(part: str):
    """The ``(name, value)`` pairs of one part (``recon: 0.12`` or ``train_total=304.85 recon=287.28``), or None when
    the part is anything else."""
    pairs, at = [], 0
    while at < len(part):
        p = _PART().match(part, at)
        if p is None or (pairs and not part[at - 1].isspace()):
            return None
        pairs.append((p.group(1), p.group(2)))
        at = p.end()
        while at < len(part) and part[at].isspace():
            at += 1
    return pairs or None


def term_named_line(segment) -> Record | None:
    """The record of one ``Epoch [N/M] Recon: x | KL: y`` line (module docstring), or None."""
    text = clean(bytes(segment))[0]  # a logger's time and level before it ('23:37:06 | INFO     | Epoch 001/120 ..')
    cut = after_bar(text.encode())  # tqdm's epoch bar before it on the line ('Epoch:   1%|..| 1/100 [..]Epoch 000 |')
    text = text.encode()[cut:].decode() if cut is not None else text
    text = _DURATION().sub("", text)  # ('.. va_full=0.1354  (62s)': the epoch's duration, public dmrs88)
    text = _TIMING().sub("", _MONTH_DAY().sub("", text, count=1))
    m = _LINE().fullmatch(text)
    if m is None or not m.group(3):
        return None
    values, terms = [], 0
    parts = [p for p in re.split(r"\s*[|,\t]\s*", m.group(3)) if p]  # (a closing bar 'test_recon=191.49 |', a
    # comma before the bar 'val normalized MSE   0.5156, | val MAE ..': no part)
    step = per_epoch = split = None
    if len(parts) > 1 and (word := _SPLIT_PART().fullmatch(parts[0])) is not None:
        parts.pop(0)  # 'Epoch 50 Val, MAE: 14.68, MSE: 64.80': the split the line's values are of (module docstring)
        split = _SPLIT_PREFIX.get(word.group(1).lower())
    if parts and _DONE().fullmatch(parts[0]):
        parts.pop(0)  # 'Epoch 1/100 done | Avg Recon: ..': the epoch's summary
    elif len(parts) > 1 and (at := _STEP_PART().fullmatch(parts[0])) is not None:
        step = int(at.group(1))  # 'Epoch 1/100 | Step 50 | Recon: ..': a step within the run, its own axis
        if at.group(2) and int(at.group(2)) > 0:  # 'Batch 100/469': the count within the epoch, restarting each
            per_epoch = int(at.group(2))
            step += int(m.group(1)) * per_epoch  # epoch x per_epoch + n (_joblog_epochlen moves 1-based epochs back)
        parts.pop(0)
    for i, part in enumerate(parts):
        pairs = _pairs(part)
        if pairs is None and i == len(parts) - 1 and (glued := _GLUED().match(part)) is not None:
            pairs = _pairs(glued.group(1))  # 'time (s) spent in epoch: 103.02Additional data (modified)'
        if pairs is None:
            return None  # a part of another shape: not such a line
        for name, value in pairs:
            x = to_float(value)
            if x is None:
                continue
            terms += _is_term(name)
            values.append((_NOT_WORD().sub("_", _UNIT().sub("", name)), x))
    if not terms and not split_pair([name for name, _ in values]):
        return None
    if split is not None:
        values = list(named(values, split))
    epoch = int(m.group(1))
    return Record("termnamed", tuple(values), step=epoch if step is None else step, epoch=float(epoch), kind="train",
                  total=int(m.group(2)) if m.group(2) else None, own_step=step is not None,
                  per_epoch=per_epoch)


def term_named_only(data, size: int, needle_hits) -> list:
    """The hits of a log of term-named epoch lines (``needle_hits`` is the job-log reader's needle search), or []
    when fewer than ``MIN_LINES``."""
    hits = needle_hits(data, size, _NEEDLE, parse=term_named_line)
    if any(not h.record.own_step for h in hits) and any(h.record.own_step for h in hits):
        last, per = 0, None  # an epoch's summary at its last step: one axis (as _joblog_slowfast's train_epoch)
        for h in hits:
            if h.record.own_step:
                last, per = h.record.step, h.record.per_epoch
            else:  # (placed by the same epoch x per_epoch formula, so moved back with its steps: _joblog_epochlen)
                h.record = replace(h.record, step=last, own_step=True, per_epoch=per)
    return hits if len(hits) >= MIN_LINES else []


def beside_list_dumps(data, size: int, needle_hits, hits: list) -> list:
    """The term-named epoch lines instead of ``hits`` when every hit is the first value of a bracketed list printed
    under a loss's name (``val_loss=[209.95, 419.73, ...]``): public ptbmhmorta102 printed, after each epoch's
    ``epoch: 0\ttrain ppl: 656.2\tval ppl: 401.8 ...`` line, debug dumps of the epoch's cumulative validation losses
    (hundreds of values a line); their first values were the run's only series, `val_loss` 210 -> 179, and the
    perplexities went unread. ``hits`` as they are otherwise."""
    if not hits or not all(_LIST_VALUE().match(bytes(data[h.offset:h.offset + 200]).decode("utf-8", "replace"))
                           for h in hits):
        return hits
    found = term_named_only(data, size, needle_hits)
    return found or hits


_LIST_VALUE = lazy_re(r"\s*[A-Za-z][\w .-]{0,40}?\s*[:=]\s*\[\s*" + NUMBER + r"\s*,")
