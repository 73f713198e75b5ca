"""Printed logs whose keys are words of another language written in Latin (or Cyrillic) letters: a student's script
printing ``Época 3/10 - pérdida: 0.5213 - precisión: 0.8100 - val_pérdida: 0.6102`` (Spanish), ``Epoca 3 perdua:
0.52`` (Catalan), ``Epoche 3/10 Verlust: 0.52`` (German), read as their English form (``Epoch 3/10 - loss: 0.5213 -
accuracy: 0.8100 - val_loss: 0.6102``) before the lines are parsed, so every printed-log reader takes them as it
takes English ones.

Rewritten (``_names_i18n``'s words): a key of one to four words right before ``:`` or ``=`` and a number
(``pérdida: 0.52``, ``val_pérdida=0.61``, ``Pérdida de validación: 0.61`` -> ``val_loss: 0.61``) whose words are
all known (loss, accuracy, step, epoch, the splits, function words such as ``de``), one of them foreign; and an epoch
word opening a line before ``k/N`` or ``[k/N]`` (``Época 3/10`` -> ``Epoch 3/10``). ``precisión``/``précision`` are
the accuracy only where the head names no recall, F1 or other accuracy (``_names_i18n.context_accuracy``). Each
rewrite is padded with spaces to the same number of bytes where it is shorter (offsets unchanged): before a key
(``   loss=0.52``: ``key=value`` readers want no blank after ``=``), after the epoch word (``Epoch  3/10``). CJK keys are
left alone (a UTF-8 log's Chinese keys were read as they are; GBK logs: ``_cjk_keys``). A file whose first 64 KiB
hold no such key is returned as it is (the same object).
"""
from __future__ import annotations

import functools
import re

from ._names_i18n import _DROP, _PRECISION, _WORDS, context_accuracy, english

_HEAD = 65536
_ENGLISH = frozenset({"val", "valid", "validation", "train", "training", "test", "eval", "avg", "mean", "total",
                      "media", "promedio", "moyenne", "medio", "mittel", "rata", "loss", "accuracy"})
_KNOWN = frozenset(_WORDS) | _DROP | _PRECISION | _ENGLISH


def _stem(word: str) -> bytes:
    """The longest ASCII run of a word (lower case): found in its accented, ASCII and upper-case spellings alike."""
    runs = re.findall(r"[a-z]+", word)
    return max(runs, key=len).encode() if runs else word.encode()


# cheap test of a head before any regex: one of these byte strings (the foreign words' ASCII cores) in it
# (loss and epoch words only: a log printing neither is not worth the regex; ``precisi`` would match every English
# ``precision``)
_ALL_STEMS = {_stem(w) for w, e in _WORDS.items() if len(_stem(w)) >= 4 and e in ("loss", "epoch")}
_STEMS = tuple(sorted(s for s in _ALL_STEMS if not any(t != s and t in s for t in _ALL_STEMS)))
_STEM_RE = re.compile(b"|".join(re.escape(s) for s in _STEMS))  # one pass (~5 us a KiB) over the lower-cased head
_LETTERS = r"[^\W\d_\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"
_EPOCH_WORDS = sorted({w for w, e in _WORDS.items() if e == "epoch"}, key=len, reverse=True)


@functools.cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """The key and epoch-word regexes, compiled on first use (~10 ms a process; a tree of CSV logs, whose heads
    hold no ':', '=' or '/', never asks for them: ``in_english``)."""
    key = re.compile(rf"(?<![\w.])((?:{_LETTERS}+[ _/-]){{0,3}}{_LETTERS}+)([ \t]*[:=])(?=[ \t]*[-+]?(?:\d|\.\d|nan|inf))",
                     re.IGNORECASE)
    # (an epoch word opening a line before k/N, or before a whole number closed by ] | ) or the line's end:
    # ``[Epoka    0] ..``, ``Epoka 0 | ..``; not ``Época 1 - iteración 2``/``Época 1, lote 2``: a batch line's epoch)
    epoch = re.compile(rf"(?m)^([ \t]*[\[(=*#>-]*[ \t]*)({'|'.join(_EPOCH_WORDS)})"
                       r"(?=[ \t:]*\[?[ \t]*\d+(?:[ \t]*/[ \t]*\d|[ \t]*[]|)]|[ \t]*$))",
                       re.IGNORECASE)
    return key, epoch


_TOKENS = re.compile(r"[^\W_]+")
NOTE = "keys not in English read as English ({shown})"


def _english_key(key: str, accuracy: bool) -> str | None:
    """The English name of a printed key, or None: the longest run of its last words that are all known, one of
    them foreign (``Resultados pérdida`` -> ``loss``; ``val_loss`` -> None)."""
    words = key.replace("_", " ").replace("/", " ").replace("-", " ").split()
    for start in range(len(words)):
        tail = words[start:]
        lowered = [w.lower() for w in tail]
        if not all(w in _KNOWN for w in lowered):
            continue
        if not any(w in _WORDS or (accuracy and w in _PRECISION) for w in lowered):
            return None
        if any(w in _PRECISION for w in lowered) and not accuracy:
            return None
        name = english(" ".join(tail), accuracy)
        if not name:
            return None
        prefix = " ".join(words[:start])
        return f"{prefix} {name}" if prefix else name
    return None


def _padded(new: str, old: str, left: bool = False) -> str:
    width = len(old.encode("utf-8"))
    if len(new.encode("utf-8")) > width:
        return new
    return new.rjust(width) if left else new.ljust(width)


@functools.lru_cache(maxsize=8)  # a printed log's head is looked at ~5 times (sniffers, reader): decided once
def _foreign(head: bytes) -> bool | None:
    """None when ``head`` holds no foreign key; else whether ``precisión`` & co. are its accuracy."""
    if _STEM_RE.search(head.lower()) is None:
        return None
    text_head = head.decode("utf-8", "replace")
    key_re, epoch_re = _patterns()
    keys = [m.group(1) for m in key_re.finditer(text_head)]
    accuracy = context_accuracy(keys)
    if not any(_english_key(k, accuracy) for k in keys) and epoch_re.search(text_head) is None:
        return None
    return accuracy


def in_english(data):
    """``data`` (bytes) with its foreign keys put in English (see the module docstring); ``data`` itself when its
    head holds none."""
    head = bytes(data[:_HEAD])
    # a key needs ':' or '=' after it and an epoch word '/' (k/N): a head with none of the three (a CSV) holds neither,
    # told by three memchr before the cache's hash and the stems' search (~15 us an 8 KiB head; 10k bench tree: 2,500)
    if b":" not in head and b"=" not in head and b"/" not in head:
        return data
    accuracy = _foreign(head)
    if accuracy is None:
        return data
    text = bytes(data).decode("utf-8", "surrogateescape")

    def key(m: re.Match) -> str:
        name = _english_key(m.group(1), accuracy)
        return m.group(0) if name is None else _padded(name + m.group(2).strip(), m.group(0), left=True)

    key_re, epoch_re = _patterns()
    text = key_re.sub(key, text)
    text = epoch_re.sub(lambda m: m.group(1) + _padded("Epoch", m.group(2)), text)
    return text.encode("utf-8", "surrogateescape")
