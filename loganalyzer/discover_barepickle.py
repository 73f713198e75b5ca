"""Whether the first bytes of a file with no extension start a pickled Keras ``History.history`` dict, by content.

The Keras tutorial idiom ``with open('trainHistoryDict', 'wb') as f: pickle.dump(history.history, f)`` leaves a file
with no suffix and any name (public set 210: ``compostnet210 trainHistoryDict``, ``tairtahar-bn210
temp_data/trainHistoryDict``, ``singval210 simple_trainHistoryDict_200_epochs``, ``distdriver210
trainHistoryDict_Deep_CNN``: 17 runs, each a dict of per-epoch lists ``loss``, ``accuracy``, ``val_loss``,
``val_accuracy``; Keras 2.0-2.2 puts ``val_loss`` first). Its name says nothing, so its head does: a pickle
(``PROTO`` 2-5 ``b'\\x80' + n``, protocol 4+'s 8-byte ``FRAME``) whose value is a dict (``EMPTY_DICT``, an optional
memo put, ``MARK``) and whose first key is a metric's name (``history_key``); protocols 0 (Python 2's default:
``(dp0\\nS'loss'``) and 1 (``}q\\x00(X``) too. Nothing is unpickled here: ``readers/keras_pickle.py`` reads the
file with its restricted unpickler (plain containers and numpy numbers only). A pickled dict whose first key is no
metric (a vocabulary, a config) is not a candidate and is left to the content sniff.
"""
from __future__ import annotations

import re

# protocol 2+: PROTO n (protocol 1: none), [FRAME + 8 bytes], EMPTY_DICT, [BINPUT n | LONG_BINPUT n4 | MEMOIZE],
# MARK, then the first key as BINUNICODE (X + 4-byte length), SHORT_BINUNICODE (\x8c + 1-byte length) or Python 2's
# SHORT_BINSTRING (U + 1-byte length)
_PROTO_KEY = re.compile(rb"\A(?:\x80[\x02-\x05](?:\x95.{8})?)?\}(?:q.|r.{4}|\x94)?\((?:X(.{4})|\x8c(.)|U(.))", re.S)
# protocol 0: MARK, DICT, PUT n, then the key as STRING ('loss') or UNICODE (Vloss)
_TEXT_KEY = re.compile(rb"\A\(dp\d{1,3}\n(?:S'([^'\n]{1,64})'|V([^\n]{1,64}))\n")
# a Keras metric's name: loss, val_loss, accuracy, acc, val_acc, mae, mean_squared_error, sparse_categorical_accuracy,
# dice_coef, auc, precision, recall, iou_score, lr, ... (optionally split-prefixed)
_METRIC = re.compile(r"(?i)^(?:val_|train_|training_|test_|valid_)?(?:[a-z0-9_]*(?:loss|acc|accuracy|error|mae|mse|"
                     r"rmse|mape|auc|precision|recall|iou|dice|coef|f1|score|ppl|perplexity)[a-z0-9_]*|lr|"
                     r"learning_rate)$")
MAX_KEY = 64  # a metric's name is short; a longer first key is something else


def first_key(head: bytes) -> str | None:
    """The first key of the pickled dict ``head`` starts (protocol 0 or 2-5), or None when it starts none."""
    head = bytes(head[:64])
    m = _PROTO_KEY.match(head)
    if m is not None:
        size = int.from_bytes(m.group(1) or m.group(2) or m.group(3), "little")
        if not 0 < size <= MAX_KEY or m.end() + size > len(head):
            return None
        return head[m.end():m.end() + size].decode("utf-8", "replace")
    m = _TEXT_KEY.match(head)
    if m is not None:
        return (m.group(1) or m.group(2)).decode("latin1")
    return None


def history_key(head: bytes) -> bool:
    """Whether ``head`` (a file's first 64 bytes) starts a pickled dict whose first key is a Keras metric's name."""
    if head[:1] not in (b"\x80", b"(", b"}"):
        return False  # (every extension-less file asks: one byte compared for a text file)
    key = first_key(head)
    return key is not None and _METRIC.match(key) is not None
