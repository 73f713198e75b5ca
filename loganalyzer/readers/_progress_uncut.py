"""Names ``_progress._KV`` cut to two words, given their first word back where the cut made two names one (used by
``readers/_progress.py``)."""
from __future__ import annotations

import re

_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z]*)[ \t]+$")
_RUN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz \t")
_RUN_LIMIT = 4096  # characters looked back over (a name and its qualifiers are a few dozen)


def _before(pattern: re.Pattern, text: str, end: int):
    """``pattern.search(text, 0, end)`` for the patterns here (letters, spaces and tabs up to ``end``), searched from
    the start of the run of those characters that ends at ``end`` (at most ``_RUN_LIMIT`` back): the same match, in
    time of the run, not of the line. From 0 each call read the whole line before the key: quadratic in a line's
    pairs -- a 30 MB line of 3 million ``loss: 0.5`` pairs (a log printed without newlines) hung the scan for
    minutes (stop-70 break test, docs/breaker70.md)."""
    lo, stop = end, max(0, end - _RUN_LIMIT)
    while lo > stop and text[lo - 1] in _RUN_CHARS:
        lo -= 1
    return pattern.search(text, lo, end)


def uncut(text: str, found: list, keys: list) -> list:
    """``keys`` with a name met twice on the line given back the word ``_KV`` cut off (it takes two words): public
    MrCogito/Deep_learning_2023 prints 'Validation Loss: 0.0001, Validation L1: 0.0361, Smoothed Validation Loss:
    0.0000' -- both were 'Validation_Loss', two values at one epoch (1,300 points on 650 epochs)."""
    keys = smoothing_given_back(text, found, owner_given_back(text, found, split_given_back(text, found, keys)))
    lows = [str(k).lower() for k in keys]
    if len(set(lows)) == len(lows):
        return keys
    out, seen = list(keys), set()
    for i, (key, m) in enumerate(zip(keys, found)):
        if lows[i] in seen and (w := _before(_WORD_BEFORE, text, m.start(1))) is not None \
                and (i == 0 or w.start(1) >= found[i - 1].end()):
            out[i] = f"{w.group(1)} {key}"
        seen.add(lows[i])
    return out


_SPLITS = frozenset({"train", "training", "val", "valid", "validation", "eval", "evaluation", "test", "dev"})


def split_given_back(text: str, found: list, keys: list) -> list:
    """``keys`` with a split word cut off a three-word name given back: the same project's other jobs print
    'Epoch [80/500], Train Loss: 0.0155, Train L1 Loss: 0.6588' -- the training L1 loss was 'L1_Loss', its split lost
    (and 'Train L1 Loss' beside 'Validation L1' two names for one measure). A key whose first word is no split, right
    after a split word that follows the previous pair (only spaces between), takes that word back -- when it names a
    loss and another key of the line starts with that split word ('Training Loss .. Training Step Time 4.0' keeps
    'Step Time' out of the series; catvsdog's lone 'Training Phase Loss' stays 'Phase Loss')."""
    out = None
    firsts = [str(k).split()[0].lower() for k in keys if str(k).split()]
    if _SPLITS.isdisjoint(firsts):  # the word given back is a split word some key starts with: none here
        return keys
    for i, (key, m) in enumerate(zip(keys, found)):
        w = _before(_WORD_BEFORE, text, m.start(1))
        if w is None or w.group(1).lower() not in _SPLITS or str(key).split()[0].lower() in _SPLITS \
                or (i and w.start(1) < found[i - 1].end()) or "loss" not in str(key).lower() \
                or w.group(1).lower() not in firsts:
            continue
        if out is None:
            out = list(keys)
        out[i] = f"{w.group(1)} {key}"
    return keys if out is None else out


# the averaging word a printed loss name often starts with: 'avg. loss' of '==>>> it: 1, mem avg. loss: 2.24'
_AVERAGED = frozenset({"avg", "avg.", "average", "averaged", "mean", "smoothed", "running"})
_NO_OWNER = _SPLITS | {"epoch", "iter", "iteration", "step", "batch", "it", "the", "of", "and"}


def owner_given_back(text: str, found: list, keys: list) -> list:
    """``keys`` with the word that owns an averaged loss given back when ``_KV`` cut it off: public
    RaptorMai/online-continual-learning prints per task ``==>>> it: 1, avg. loss: 6.25, running train acc: 0.000``
    then ``==>>> it: 1, mem avg. loss: 2.24, running mem acc: 0.200`` (the replay memory's loss) -- both were
    'avg._loss', two series merged into one of their means (public ocl68 train.out). A two-word key 'avg./mean/...
    loss' right after a word of its own (only spaces between, after the previous pair) takes that word back, unless
    it is a split word (the line's part says that) or a counter."""
    out = None
    for i, (key, m) in enumerate(zip(keys, found)):
        words = str(key).lower().split()
        if len(words) != 2 or words[0] not in _AVERAGED or "loss" not in words[1]:
            continue
        w = _before(_WORD_BEFORE, text, m.start(1))
        if w is None or w.group(1).lower() in _NO_OWNER or (i and w.start(1) < found[i - 1].end()):
            continue
        if out is None:
            out = list(keys)
        out[i] = f"{w.group(1)} {key}"
    return keys if out is None else out


# A smoothing said in words before a two-word name: public airproj139 ImSegEval.log (``logging.info(f"Epoch: {e},
# Moving Average Training Loss: {ma}")`` after ``Epoch: {e}, Training Loss: {loss}``, each on its own line) -- _KV kept
# 'Training Loss' of both, the raw and the smoothed loss one series of two values an epoch (a mean of both, which hid
# a blow-up at epoch 195). The qualifier given back keeps the smoothed series apart.
_SMOOTHING_BEFORE = re.compile(r"\b((?:(?:exponential(?:ly)?[ \t]+)?(?:moving|running|weighted)[ \t]+(?:average|avg|mean)"
                               r"|smoothed|ema))[ \t]+$", re.IGNORECASE)


def smoothing_given_back(text: str, found: list, keys: list) -> list:
    """``keys`` with a smoothing qualifier (``Moving Average``, ``Running Mean``, ``Smoothed``, ``EMA``) right
    before a two-word key (only spaces between, after the previous pair) given back (above)."""
    out = None
    for i, (key, m) in enumerate(zip(keys, found)):
        if len(str(key).split()) != 2:
            continue
        w = _before(_SMOOTHING_BEFORE, text, m.start(1))
        if w is None or (i and w.start(1) < found[i - 1].end()):
            continue
        if out is None:
            out = list(keys)
        out[i] = f"{w.group(1)} {key}"
    return keys if out is None else out
