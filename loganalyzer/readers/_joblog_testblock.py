"""A final test block printed after training (for ``readers/joblog.py``):

    =================================================================
      FINAL TEST RESULTS  (threshold=0.57)
    =================================================================
      AUC-ROC    : 0.6472
      Accuracy   : 0.4894

Lines after a ``Test``/``Testing``/``Test results``/``Final test (evaluation)`` header on a line of its own (frames of
``=``/``-``/``*``/``#``/``!`` around it skipped), one ``name : value`` per line up to the first blank or other line,
are the test set's metrics: one ``eval`` record ``test_<name>`` at the last training step (public thgnn's
``train_cv.py``). Before, the accuracy line alone was read, as a *training* accuracy, the other metrics dropped.
Only the tail after the last training line is looked at (a test block ends a training).

A block with no header that ENDS the log (``headerless``): public Aman2125/Rooftop-Image-segmentation's
``training.log`` (e8994ec) prints ``Epoch 200/200 | Loss: 0.5025`` then ``Accuracy : 0.748`` / ``Precision: 0.729`` /
``Recall   : 0.521`` / ``F1 Score : 0.569`` / ``IoU Score: 0.425`` and nothing after: the accuracy line alone was read,
as a one-point *training* accuracy at the last epoch. ``MIN_HEADERLESS`` or more ``name : value`` lines right after
the last training line that has a step (blank lines only around them), one of them a metric's name (``_METRIC``),
are the same test record as a headed block's (a block under another header, GluonCV's ``[Epoch 9] Validation:``
then ``mAP=0.25``, is not).
"""
from __future__ import annotations

import re

from ._progress import Record, clean, tag_name, to_float

TAIL = 1 << 20
_HEADER = re.compile(r"[-=*#!\s]*(?:final\s+)?(?:test|testing)(?:\s+(?:set|results?|evaluation|metrics|scores?))*"
                     r"\s*(?:\([^)]*\))?\s*:?[-=*#!\s]*", re.IGNORECASE)
# the same header in the languages of ``_names_i18n`` (laendoor/unq-ia-cats-dogs prints ``--- Entrenamiento ---``, its
# epoch lines, then ``--- Resultados ---`` / ``Accuracy  : 0.6667`` / ``Precision : 0.7105``: the test set's scores,
# whose accuracy was read as a training point at the last epoch): 'results' said in another language after the last
# training line, or the test word itself (prueba, teste, Test in German), alone or with 'results'
_FOREIGN = re.compile(r"[-=*#!\s]*(?:(?:resultados?|r[ée]sultats?|ergebnisse|risultati|результаты|sonu[çc]lar|"
                      r"k[ếe]t\s+qu[ảa])(?:\s+(?:finales?|finaux|de\s+(?:la\s+)?(?:prueba|teste|test)|del\s+test|"
                      r"du\s+test|des\s+tests?))?|(?:pruebas?|teste|essai)(?:\s+final)?|测试结果|測試結果|テスト結果|"
                      r"테스트\s*결과)\s*:?[-=*#!\s]*", re.IGNORECASE)

_NEEDLES = (b"est", b"EST", b"esult", b"ESULT", b"rgebnis", b"isultat", b"rueba", b"RUEBA", b"essai",
            "результат".encode(), "Результат".encode(), "sonu".encode(), "kết".encode(), "Kết".encode(),
            "结果".encode(), "結果".encode(), "결과".encode())


# 'EVALUATING BEST MODEL ON TEST SET' (public vitmma105 train_seq_lstm_*.log, a logger's banner after the last epoch):
# an evaluation said to run on the test set
_ON_TEST = re.compile(r"[-=*#!\s]*(?:evaluat(?:e|ing|ion)|testing|running|run)(?:\s+(?:the\s+)?(?:best|final|last|"
                      r"trained)?\s*(?:model|checkpoint|network|net)?)?\s+on\s+(?:the\s+)?(?:held[- ]out\s+)?test"
                      r"(?:\s+(?:set|data|dataset|split))?\s*(?:\.\.\.|:)?[-=*#!\s]*", re.IGNORECASE)


def _is_header(text: str) -> bool:
    return (_HEADER.fullmatch(text) is not None and re.search(r"(?i)test", text) is not None) \
        or _FOREIGN.fullmatch(text) is not None or _ON_TEST.fullmatch(text) is not None
_FRAME = re.compile(r"[-=*#!~_\s]+")
_PAIR = re.compile(r"\s*([A-Za-z][\w.@/ ()-]*?)\s*[:=]\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf)\s*%?\s*",
                   re.IGNORECASE)


def _lines(data, start: int, end: int):
    """(offset, cleaned text) of each line of ``data[start:end]``."""
    pos = start
    while pos < end:
        nl = data.find(b"\n", pos, end)
        stop = end if nl < 0 else nl
        yield pos, clean(bytes(data[pos:stop]).rstrip(b"\r"))[0]
        pos = stop + 1


MIN_HEADERLESS = 3
_METRIC = re.compile(r"(?i)acc|precision|recall|\bf1|f-?score|iou|auc|dice|\bmap\b|bleu|rouge|mae|rmse|mse|r2")


def _headerless(lines: list) -> tuple | None:
    """(first offset, end offset, values) of the ``name : value`` lines that end the log with no header above them
    (module docstring), or None."""
    end = len(lines)
    while end and not lines[end - 1][1].strip():
        end -= 1
    values, i = [], end
    while i > 0:
        m = _PAIR.fullmatch(lines[i - 1][1])
        value = to_float(m.group(2)) if m else None
        if value is None:
            break
        values.insert(0, (tag_name(m.group(1)), value))
        i -= 1
    if any(text.strip() for _, text in lines[:i]):  # a line between the training and the block ('Validation:')
        return None
    if len(values) < MIN_HEADERLESS or not any(_METRIC.search(k) for k, _ in values) \
            or len({k for k, _ in values}) < len(values):  # a name twice: a list of progress, not one report
        return None
    values = [(k if k.lower().startswith(("test_", "test/")) else "test_" + k, v) for k, v in values]
    return lines[i][0], lines[end - 1][0] + 1, tuple(values)


_CONFIG_KEY = re.compile(r"\s*[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\s*:")


def _config_keys(lines: list) -> bool:
    """Whether the ``name : value`` lines under a 'TEST:' header are a yacs/detectron2 config's section (``TEST:`` /
    ``  EVAL_PERIOD: 200``, printed by every launch: public CDFSOD-benchmark log.txt gave test_EVAL_PERIOD = 200):
    all UPPER_SNAKE keys, none a metric's name."""
    keys = [_CONFIG_KEY.match(text) for _, text in lines if _PAIR.fullmatch(text)]
    return bool(keys) and all(k is not None and not _METRIC.search(k.group()) for k in keys)


def _test_tag(name: str) -> str:
    tag = tag_name(name)  # 'test/mse' under 'Test Set results:' is named test already; 'Test Loss' is 'test_Loss'
    tag = re.sub(r"(?i)^(?:final|overall)_(?=test_)", "", tag)  # 'Final Test Accuracy: 85.08%' (public ecgaug90)
    return "test_" + tag[5:] if tag.lower().startswith("test_") else tag if tag.lower().startswith("test/") \
        else "test_" + tag


_TITLE = re.compile(r"[A-Za-z][\w ()/&-]{0,60}:?")  # 'SEQUENCE LABELING METRICS', 'Standard Metrics:', 'Per-Class F1:'


# a name of another split's or the training's value in a summary after the test report ('Training summary:' /
# 'Best Val Loss: 0.3550' / 'Final Train Loss: 0.1012', a breaker's log): no test metric
_OTHER_SPLIT = re.compile(r"(?i)(?<![a-z])(?:val|valid|validation|dev|train|training|best)(?![a-z])")


def _more_sections(lines: list, j: int, values: list) -> tuple[int, tuple]:
    """(end line index, values) of a headed test block that goes on past its first pairs in more sections --
    frames, blank lines, section titles, each over its own ``name : value`` lines -- to the log's end (public
    vitmma105: 'Test Loss: 1.4278' / 'Test Accuracy: 0.4662', then a 'SEQUENCE LABELING METRICS' report whose
    'Accuracy: 0.4662', 'Boundary Acc: 0.2176' were one-point training series): their pairs naming a metric
    (``_METRIC``, or a loss) join the test record, a name once (the first); a per-class list ('Bearish Wedge :
    0.07') is passed over. Anything else after the first pairs ends the block there, as before."""
    more, k = [], j
    while k < len(lines):
        text = lines[k][1]
        m = _PAIR.fullmatch(text)
        value = to_float(m.group(2)) if m else None
        if value is not None:
            if (_METRIC.search(m.group(1)) or "loss" in m.group(1).lower()) and not _OTHER_SPLIT.search(m.group(1)):
                more.append((_test_tag(m.group(1)), value))
        elif text.strip() and not _FRAME.fullmatch(text) and not _TITLE.fullmatch(text.strip()):
            return j, tuple(values)  # another kind of line: the block was its first pairs only
        k += 1
    seen = {t.lower() for t, _ in values}
    for tag, value in more:
        if tag.lower() not in seen:
            seen.add(tag.lower())
            values.append((tag, value))
    return len(lines), tuple(values)


def _printed_before(data, text: str, hits: list, lo: int, hi: int) -> bool:
    """Whether a line reading ``text`` (stripped) stands on its own between offsets ``lo`` and ``hi`` with the training
    going on after it (the next training line's epoch or step past the one before it): a header printed between
    training lines is printed every epoch (a breaker's per-epoch ``Epoch e/n - train loss: ..`` / ``Evaluating on
    test set...`` / ``Test loss: ..``: the last epoch's evaluation was taken out of the curve as a final test block,
    and its NaN or rise with it), so the one after the last training line opens no final block. A header after which
    the training starts over (two trainings appended, each with its final block) is no such header."""
    needle = text.strip().encode("utf-8", "replace")
    if not needle or lo < 0 or hi <= lo:
        return False
    train = [h for h in hits if h.record.kind == "train"]
    at = data.find(needle, lo, hi)
    while at >= 0:
        bol = data.rfind(b"\n", 0, at) + 1
        eol = data.find(b"\n", at, hi + 1)
        eol = hi if eol < 0 else eol
        if clean(bytes(data[bol:eol]).rstrip(b"\r"))[0].strip() == text.strip():
            before = [h for h in train if h.offset < bol]
            after = [h for h in train if h.offset > eol]
            if not before or not after or _place(after[0].record) is None or _place(before[-1].record) is None \
                    or _place(after[0].record) > _place(before[-1].record):
                return True
        at = data.find(needle, eol, hi)
    return False


def _place(record):
    """A training record's (epoch, step) as far as it printed them, or None."""
    if record.epoch is None and record.step is None:
        return None
    return (record.epoch if record.epoch is not None else -1, record.step if record.step is not None else -1)


def test_blocks(data, hits: list, make_hit) -> list:
    """``hits`` with each final test block's ``name : value`` lines as one test record (``make_hit(offset, record)``)
    in place of the hits read inside it."""
    last_train = max((h.offset for h in hits if h.record.kind == "train"), default=None)
    first_train = min((h.offset for h in hits if h.record.kind == "train"), default=-1)
    size = len(data)
    if last_train is None and hits:
        return hits
    # no progress line at all (its only lines were a config dump, chemprop's): the test block is the log's result
    start = -1 if last_train is None else data.find(b"\n", last_train, size)  # -1: from the first line
    tail = data[start + 1:]
    if (start < 0 and last_train is not None) or size - start > TAIL:
        return hits
    blocks = []  # (first offset, end offset, values)
    lines = list(_lines(data, start + 1, size)) if any(n in tail for n in _NEEDLES) else []
    i = 0
    while i < len(lines):
        if not _is_header(lines[i][1]) or last_train is not None \
                and _printed_before(data, lines[i][1], hits, first_train, last_train):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and (_FRAME.fullmatch(lines[j][1]) or not lines[j][1].strip() and j + 1 < len(lines)
                                  and _PAIR.fullmatch(lines[j + 1][1])):  # (a logger's empty message: a blank)
            j += 1
        values, first = [], None
        while j < len(lines):
            m = _PAIR.fullmatch(lines[j][1])
            value = to_float(m.group(2)) if m else None
            if value is None:
                break
            values.append((_test_tag(m.group(1)), value))
            first = lines[j][0] if first is None else first
            j += 1
        if values and not _config_keys(lines[i + 1:j]):
            j, values = _more_sections(lines, j, values)
            blocks.append((first, lines[j][0] if j < len(lines) else size, tuple(values)))
        i = max(j, i + 1)
    if not blocks:  # the lines after the last training line that has a step of its own (a step-less 'Accuracy :'
        # line of the report was read as a training line)
        stepped = max((h.offset for h in hits if h.record.kind == "train"
                       and (h.record.step is not None or h.record.epoch is not None)), default=None)
        at = -1 if stepped is None else data.find(b"\n", stepped, size)
        if at >= 0 and size - at <= 1 << 14:
            found = _headerless(list(_lines(data, at + 1, size)))
            blocks = [found] if found is not None else []
    if not blocks:
        return hits
    out = [h for h in hits if not any(lo <= h.offset < hi for lo, hi, _ in blocks)]
    out += [make_hit(lo, Record("test", values, kind="eval")) for lo, _, values in blocks]
    out.sort(key=lambda h: h.offset)
    return out
