"""Printed logs whose keys are Chinese (or Japanese/Korean) words: ``当前损失值：10.113`` read as ``loss: 10.113``.

A script written for Chinese readers prints its progress with Chinese names and a full-width colon (public
JiaxinZhuang/MedQA-style train_log.txt of a Chinese BERT classifier, saved in GBK: ``当前Batch：10/6035 |
当前epoch:0/50 | 当前损失值：10.113 | 当前准确率：0.00%``, 6,170 such lines; no line held a loss word, so the file
made no run). Before the lines are parsed, a run of CJK characters right before a colon (full-width ``：`` or ``:``)
that names a known word (``_names_i18n``: loss, accuracy, step, epoch, learning rate, the splits) is put in English
(``训练损失：`` -> ``train_loss:``, words it does not know such as ``当前`` "current" dropped; a key may also
be followed by ``=`` or by blanks before its number: ``损失=0.43``, ``训练损失 0.41``), padded with spaces to
the same number of bytes where it fits; a full-width colon after an ASCII name (``Batch：10``) becomes ``: `` and
CJK words glued before such a name (``当前epoch:0/50``) become blanks.
Lines without such a key are left as they are; a file without CJK text is not touched.

A UTF-8 log's CJK keys are left as they are (a log printing ``Loss: 4.60`` per batch and a Chinese epoch summary
``Epoch 16 完成 | 训练损失: 4.6130 | 验证损失: 6.0073`` keeps its batch curve as read before: public transformer40,
tests/test_verdict_unseen14) unless no line holds an English loss word at all: ``loss_only`` (public
18814005453/MathAlphaZero1.0 ``training.log``: ``INFO - 训练损失: 32.1293`` then ``Epoch 1 完成 | 成功率: 15.0%``,
the only loss of its 10 epochs; the file made a run of no rows).
"""
from __future__ import annotations

import re

from ._names_i18n import english

_HEAD = 65536
# the key's sign: a colon, '=' (a tqdm postfix 'loss=0.43' written '损失=0.4312'), or only blanks before the number
# ('轮次 3: 训练损失 0.4120, 验证损失 0.6120': a newcomer breaker's Windows log; no line had made a point)
_CJK_KEY = re.compile(r"([\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+)(?:[ \t]*([：:=])|(?=[ \t]+[-+]?\d))")
_ASCII_KEY = re.compile(r"(?<=[A-Za-z0-9_])：")
_PREFIX = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+(?=[A-Za-z]\w*[ \t]*[：:])")  # '当前Batch：'
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_HINT = re.compile("[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af](?:[ \t]*[：:=]|[ \t])[ \t]*[-+]?\\d")


def _english_key(match: re.Match) -> str:
    name = english(match.group(1))
    words = _ASCII_WORD.findall(name) if name else []
    if not words:
        return match.group(0)
    key = "_".join(words) + ("=" if match.group(2) == "=" else ": ")
    width = len(match.group(0).encode("utf-8"))
    return key.ljust(width) if len(key) <= width else key


# '第3轮' (the 3rd round: Chinese scripts' epoch counter) -> 'Epoch 3', the same number of bytes (padded)
_ORDINAL = re.compile("第[ \t]*(\\d+)[ \t]*(?:/[ \t]*(\\d+)[ \t]*)?轮".encode())


def ordinal_epochs(data):
    """``data`` (UTF-8 bytes) with the epoch counters ``第3轮`` / ``第 3/50 轮`` written ``Epoch 3`` / ``Epoch 3/50``
    (padded with spaces to the same bytes); ``data`` itself when its head holds none. A script printing
    ``第1轮 训练损失: 1.5816, 训练准确率: 54.00%`` / ``第1轮 验证损失: 1.9520`` (a breaker's case, stop 41) was not
    found at all: the counter is a CJK word before the key, so the key stayed Chinese and no line named a loss."""
    head = bytes(data[:_HEAD])
    if head.isascii() or _ORDINAL.search(head) is None:
        return data

    def epoch(m: re.Match) -> bytes:
        return (b"Epoch " + m.group(1) + (b"/" + m.group(2) if m.group(2) else b"")).ljust(len(m.group(0)))

    return _ORDINAL.sub(epoch, bytes(data))


def in_english(data):
    """``data`` (UTF-8 bytes) with its CJK keys put in English; ``data`` itself when its head shows no CJK name
    before a colon and a number."""
    data = ordinal_epochs(data)
    head = bytes(data[:_HEAD])
    if head.isascii():
        return data
    if _HINT.search(head.decode("utf-8", "replace")) is None:
        return data
    return _keys(data)


def _keys(data) -> bytes:
    """``in_english``'s rewrite of ``data``, its head already looked at."""
    text = bytes(data).decode("utf-8", "replace")
    text = _ASCII_KEY.sub(": ", _CJK_KEY.sub(_english_key, text))
    text = _PREFIX.sub(lambda m: " " * (3 * len(m.group(0))), text)  # 'current' before an English name: blanks
    return text.encode("utf-8")


# an English loss printed with its value ('loss: 0.41', 'Loss=1.2', 'loss 0.3'); a traceback's source line
# ('loss.backward()', 'loss = criterion(out, y)') names no value (a newcomer breaker's Chinese log ending in a CUDA
# OOM traceback had been left unread for its 'loss' in the traceback)
_ENGLISH_LOSS = re.compile(rb"(?i)loss\w*['\"]?[ \t]*[:=]?[ \t]*[-+]?\d")


def loss_only(data):
    """A UTF-8 log (bytes or mmap) whose only loss is named in Chinese: ``in_english(data)`` when its head shows a
    CJK key before a colon and a number, no byte string ``oss`` is in the file (no ``loss``/``Loss`` printed) and
    the rewrite names a loss (``训练损失:`` -> ``train_loss:``); else ``data`` itself (module docstring). Epoch
    counters ``第N轮`` are put in English first (``ordinal_epochs``)."""
    data = ordinal_epochs(data)
    head = bytes(data[:_HEAD])
    if head.isascii() or _HINT.search(head.decode("utf-8", "replace")) is None or \
            data.find(b"oss") >= 0 and _ENGLISH_LOSS.search(data) is not None:
        return data
    if any(data.find(w.encode()) >= 0 for w in _SPLIT_WORDS) or \
            len(set(_LOSS_KEY.findall(bytes(data).decode("utf-8", "replace")))) != 1:
        return _whole_keys(data)  # validation/test/average/best beside the training loss: whole names only
    text = _keys(data)  # (the counters and the head's checks done above)
    return text if text.find(b"loss") >= 0 else data


_CJK_RUN = "[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"
_LOSS_WORD = re.compile("损失|損失|손실|ロス")
_CJK_BEFORE = re.compile(f"{_CJK_RUN}+ (?:[A-Za-z]\\w* )*$")  # '最佳 EMA 验证损失': another CJK word in the name


def _whole_keys(data):
    """``data`` with each CJK key before a colon put in English only where every word of the key is known and no
    other CJK word stands before it in the same name (public BreezeDaisy/MVim ``train_face.log``: ``训练损失: 1.5476,
    训练准确率: 36.46%`` / ``验证损失: 1.3829, 验证准确率: 43.85%`` / ``EMA 验证损失: 1.7895`` -> ``train_loss``,
    ``train_accuracy``, ``val_loss``, ``val_accuracy``, ``EMA val_loss``); ``平均训练损失`` (average),
    ``最佳验证损失`` (best) or ``验证集 损失`` are not made a training/validation loss: ``data`` itself (unread, as
    before) when such a loss key is printed, when two different keys would get one English name or no loss is named;
    a key of another kind left in Chinese (``最佳 EMA 验证准确率``, best) stays as it is."""
    text = bytes(data).decode("utf-8", "replace")
    names: dict = {}
    left: list = []

    def key(match: re.Match) -> str:
        name = english(match.group(1)) or ""
        before = text[max(0, match.start() - 40):match.start()]
        if not name or not name.isascii() or _CJK_BEFORE.search(before):
            left.append(match.group(1))
            return match.group(0)
        names.setdefault(name, set()).add(match.group(1))
        return _english_key(match)

    text = _ASCII_KEY.sub(": ", _CJK_KEY.sub(key, text))
    if not any("loss" in n for n in names) or any(len(v) > 1 for v in names.values()) or \
            any(_LOSS_WORD.search(k) for k in left):
        return data  # a loss key left in Chinese (平均训练损失 beside 训练损失): the whole log as before (unread)
    return text.encode("utf-8")


# A Chinese log naming a validation, test, averaged or best value (验证 validation, 测试 test, 平均 average, 最佳
# best) or more than one loss key: ``loss_only`` puts only whole known keys in English (``_whole_keys``) and leaves
# the log unread (with its "keys not in English" line) when a loss key is left in Chinese, rather than merge an
# epoch's average or a validation loss into the training loss (a breaker's `平均训练损失` beside `训练损失`, `验证集 损失`
# read as a training `loss_epoch`).
_SPLIT_WORDS = ("验证", "测试", "平均", "最佳")
_LOSS_KEY = re.compile("([\u4e00-\u9fff]*损失)(?:[ \t]*[：:=]|(?=[ \t]+[-+]?\\d))")
