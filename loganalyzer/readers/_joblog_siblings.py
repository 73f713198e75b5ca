"""Lines beside a read progress line that print one more value the same way but hold no loss (``joblog._scan``
finds lines by their loss): ``epoch 1 | val_loss: 0.65`` between ``epoch 1 | val_accuracy: 0.01`` and
``epoch 1 | val_dsc: 0.74``; a per-epoch block of indented ``Val Dice:   0.0007`` / ``LR:   0.0001`` lines under
``  Val Loss:   0.3449``. Each such line is read as a record of the same step as its neighbour."""
from __future__ import annotations

import re

from ._progress import EPOCH_KEYS, NUMBER, SKIPPED_KEYS, STEP_KEYS, TIMING_SUFFIXES, Record, clean, tag_name, to_float

# a mark after the value saying it is the best so far ('  Val Loss: 2.6902 *BEST*', public adelaideweather141's
# logger; '[BEST]', '(best)', a lone '*') ends the line as the value does: the block's lines after it ('Learning
# Rate: 0.000976' of epoch 1) were lost as the walk stopped there
_BEST_MARK = r"(?i:\*+\s*best\s*\*+|\[\s*best\s*\]|\(\s*best\s*\)|\*)?"
_LINE = re.compile(r"(?P<prefix>.*?)(?P<key>[A-Za-z][\w./-]*(?: [A-Za-z][\w/-]*)?)\s*[:=]\s*(?P<num>" + NUMBER
                   + r")%?\s*" + _BEST_MARK + r"\s*")
_COUNTED = re.compile(r"\d[\w\]\)]*\s*[|:,\]-]\s*$")  # 'epoch 1 | ', '[3] - ', 'Epoch 2: '
MAX_WALK = 32  # lines each way


def _split(line: bytes):
    """(prefix, key, value) of a line that is a prefix then one ``key: number``; None otherwise."""
    text = line.rstrip(b"\r").decode("utf-8", "replace")
    m = _LINE.fullmatch(text)
    if m is None:
        return None
    value = to_float(m.group("num"))
    if value is None:
        return None
    prefix = m.group("prefix")
    if prefix and (logged := _logged(text)) is not None:
        return logged
    return prefix.encode("utf-8"), m.group("key"), value


# a logging record's header (its time, level, source line) before one ``key: number``: loguru's
# '2022-06-24 15:53:43.292 | INFO     | __main__:<module>:9 - train_loss:102.383994' then '..:10 - train_mape:923.84%'
# (public Liblume-Shimotsuki/BCLP log/train.log: the MAPE lines, no loss on them, were lost): the headers differ in
# their time and line number, so the prefix the lines share is the header's removal; counters are no siblings
_LOGGED = b"\x00logged "
_COUNTERS = frozenset(STEP_KEYS) | EPOCH_KEYS | SKIPPED_KEYS


def _logged(text: str):
    body, _, stamp = clean(text.encode("utf-8"))
    m = _LINE.fullmatch(body) if body and body != text.strip() else None
    if m is None or m.group("prefix") or stamp is None or m.group("key").lower() in _COUNTERS:
        return None
    value = to_float(m.group("num"))
    return None if value is None else (_LOGGED, m.group("key"), value)


def _timer(key: str) -> bool:
    """A counter, time or speed by its name (``_progress.SKIPPED_KEYS``, ``STEP_KEYS``, ``EPOCH_KEYS``, a ``*_cost``),
    as a progress line's own keys are left out: DFRscore's per-epoch block (public dfrscore167 ``training.log``:
    ``  1th epoch,`` / ``   training loss: 1.603`` / ``   val loss: 1.261`` / ``   epoch time: 28.80``) made a series
    ``epoch_time`` of the seconds each epoch took."""
    low = key.lower()
    return low in _COUNTERS or low.endswith(TIMING_SUFFIXES)


def _usable(prefix: bytes) -> bool:
    """An indent (a block's lines) or a counter and a separator (``epoch 1 | ``): a layout the neighbours share."""
    if not prefix:
        return False
    if prefix == _LOGGED:
        return True
    return not prefix.strip() or _COUNTED.search(prefix.decode("utf-8", "replace")) is not None


def sibling_records(data, hits) -> list[tuple[int, Record]]:
    """(offset, record) of the no-loss lines next to each line-ended ``kv`` hit that print one ``key: number`` after
    the very prefix the hit's line has, walking up and down until a line that does not; each record is the hit's own
    (its step, epoch, kind) with that line's value."""
    taken = {h.offset for h in hits}
    out = []
    size = len(data)
    for h in hits:
        if h.transient or h.record.shape != "kv" or len(h.record.values) != 1:
            continue
        end = data.find(b"\n", h.offset, min(size, h.offset + 4096))
        own = _split(bytes(data[h.offset:end])) if end >= 0 else None
        if own is None or not _usable(own[0]):
            continue
        prefix = own[0]
        for down in (True, False):
            start, stop = end + 1, h.offset - 1
            for _ in range(MAX_WALK):
                if down:
                    line_end = data.find(b"\n", start, min(size, start + 4096))
                    if line_end < 0:
                        break
                    lo, hi, start = start, line_end, line_end + 1
                else:
                    if stop <= 0:
                        break
                    lo = data.rfind(b"\n", max(0, stop - 4096), stop) + 1
                    hi, stop = stop, lo - 1
                line = bytes(data[lo:hi])
                if lo in taken:
                    if line.startswith(prefix):
                        continue
                    break
                found = _split(line)
                if found is None or found[0] != prefix:
                    break
                r = h.record
                taken.add(lo)
                if _timer(found[1]):
                    continue  # the block's counter or timer ('   epoch time: 28.80'): its line, no series
                out.append((lo, Record(r.shape, ((tag_name(found[1]), found[2]),), r.step, r.epoch, r.kind, r.rank,
                                       r.total, r.time, own_step=r.own_step)))
    return out
