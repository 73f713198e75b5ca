"""Printed numbers that are no metric series (used by ``readers/joblog.py``): a time estimate, a source location, a
config dump, a loss scaler's overflow note, a quoted hyper-parameter flag, a closing summary.

Each was read as a series of its own (public logs, audit 41p):

- a time estimate: ``epoch=0/250,total_loss=1.870129, 1 epoch time=61.985902, left time=4.304577`` (a segmentation
  trainer's print): ``left time`` is the hours still to go, not a metric (series ``left_time``);
- a logging record's source location: DeepSpeed's ``[2025-10-28 20:50:29,618] [INFO] [config.py:958:print]``
  made a series ``config.py`` = 958 (the line number of the file), ``[loss_scaler.py:191:update_scale]`` one
  ``loss_scaler.py``; a logger's name and line beside the level, ``[2024-04-02 01:59:46][INFO][trainer:837] -
  step=5 loss=3.66`` (ezpz's trainer, public kharelb/ai-science-training-series): a series ``trainer`` = 837;
- DeepSpeed's config print, one field a line behind a dotted leader: ``[config.py:958:print]   float16_config
  ............... enabled=True auto_cast=False loss_scale=0.0 initial_scale_power=16 loss_scale_window=1000
  hysteresis=2 ...``: settings, no logged values;
- a mixed-precision loss scaler's overflow note: ``[deepspeed] OVERFLOW! Rank 0 Skipping step. Attempted loss scale:
  65536, but hysteresis is 2. Reducing hysteresis to 1`` (series ``but_hysteresis``, ``hysteresis_to``,
  ``reducing_to``...);
- a hyper-parameter flag printed quoted, one a line (TF1 pixel_link's ``'pixel_cls_loss_weight_lambda=2.0'``): a
  setting whose name holds ``loss``, no point;
- a closing summary restating the last value: ``Epoch 99  Loss:380249.375`` then ``Completed training with loss:
  380249.375; Time: 52.8`` (series ``with_loss``): the line repeats the training's last point under another name.
- a checkpoint note restating the metric that triggered the save: ``Saving model at Epoch 1 with Validation
  Accuracy: 33.73%`` after ``Epoch 1/50 - Train Loss: .., Validation Accuracy: 33.73%`` (public pilot-j/Gsoc_Deeplense
  ``logs/FT.md``) made a second, best-so-far ``Validation_Accuracy`` point at the epoch's step and a series
  ``at_Epoch``: a save line's values are not read where the nearest other line before or after it prints the same
  value under the same name (a val loss printed only when the model is saved stays the run's series).
  The same words closing each epoch (``Completed epoch 3 with loss: 0.85; Time: 53.0`` after the epoch's ``batch
  200/300 loss 0.80`` lines) give the epoch's loss: named ``epoch_loss``, not ``with_loss``.
- the position of a loaded checkpoint: SpeechBrain's test stats ``Epoch loaded: 15 - test loss: 0.61, test CER: 6.12``
  (``stats_meta={"Epoch loaded": epoch_counter.current}``, ``train_log.txt`` and stdout) made a series
  ``Epoch_loaded``; ``loaded epoch``, ``restored step``, ``resumed from epoch`` are the same kind: where the weights
  come from, not a metric (the line's other values are kept).

The line rules (config print, overflow note, quoted flag, closing summary) find and decode each line once
(``_notmetric_lines.HitLines``): per hit, a display redrawn by ``\r`` cost its whole line -- quadratic.
"""
from __future__ import annotations

import bisect
import re

from ._linestart import line_start
from ._notmetric_lines import HitLines, message as _message

# a source file named with its line number: '[config.py:958:print]', 'trainer.py:123' (logging's '%(filename)s:%(lineno)d')
# (a path too, under a split's prefix: glog's 'E tensorflow/core/util/events_writer.cc:162] The events file .. has
# disappeared', public tfcnn123 cnn.log, was a series 'val_tensorflow/core/util/events_writer.cc' of one point 162)
_SOURCE_TAG = re.compile(r"^(?:(?:val|valid|validation|eval|test|train)_)?(?:[\w.-]+/)*[\w.-]*\w\.(?:py|pyx|cc|cpp|cxx"
                         r"|cu|c|h|hh|hpp|rs|go|java|js|ts|lua)$", re.IGNORECASE)  # ('conv_ops_gpu.cu.cc', '.hpp': breaker)
# a logger's '[name:lineno]' next to its level ('[INFO][trainer:837]', '[trainer:837] [INFO]'): group 1 or 2 the name
_LEVEL = r"\[(?:INFO|DEBUG|WARNING|WARN|ERROR|CRITICAL|I|D|W|E)\]"
_LOGGER_AT = re.compile(rb"%s\s*\[([\w.-]+):\d+\]|\[([\w.-]+):\d+\]\s*%s" % (_LEVEL.encode(), _LEVEL.encode()))
# the hours/seconds still to go: 'left time=4.30', 'time left: 1:20', 'remaining time 300', 'ETA ...'
_ESTIMATE_TAGS = frozenset({"left_time", "time_left", "remaining_time", "time_remaining", "remain_time",
                            "time_remain", "left", "remaining", "eta_time", "estimated_time", "rest_time"})
# the epoch/step of a checkpoint loaded or resumed ('Epoch loaded: 15', SpeechBrain's test stats)
_CHECKPOINT_AT = re.compile(r"(?i)^(?:(?:epoch|step|iter|iteration|global_step)s?_(?:loaded|restored|resumed)"
                            r"|(?:loaded|restored|resumed)(?:_from)?_(?:epoch|step|iter|iteration|global_step))$")


def _line_at(data, offset: int) -> tuple[int, int, str]:
    """(start, end, text) of the line holding ``offset`` (end at its newline or the data's end)."""
    start = line_start(data, offset, max(0, offset - 4096))
    end = data.find(b"\n", offset)
    end = len(data) if end < 0 else end
    return start, end, bytes(data[start:end]).decode("utf-8", "replace").rstrip("\r")


# a checkpoint save note: 'Saving model at Epoch 3 with ...', 'Saved best checkpoint (val_acc 0.91)', 'model saved'
_SAVE_NOTE = re.compile(r"(?i)^\W*(?:(?:saving|saved|save)\b.*?\b(?:model|checkpoint|ckpt|weights)\b"
                        r"|(?:new\s+|the\s+)?(?:best\s+)?(?:model|checkpoint|ckpt|weights)\s+(?:saved|saving)\b)")


def _save_notes(data, hits: list, rebuild) -> list:
    """``hits`` less the values of checkpoint save notes that other lines print too (module docstring)."""
    starts = []  # the line starts of save notes, found from the needle (one a save, at most)
    for needle in (b"sav", b"Sav", b"SAV"):
        at = data.find(needle)
        while at >= 0:
            start, end, line = _line_at(data, at)
            if _SAVE_NOTE.match(_message(line)):
                starts.append(start)
            at = data.find(needle, end)
    if not starts:
        return hits
    starts = sorted(set(starts))

    def in_note(h) -> bool:
        i = bisect.bisect_right(starts, h.offset) - 1
        return i >= 0 and data.find(b"\n", starts[i], h.offset) < 0  # no line end between: the note's line

    noted = [in_note(h) for h in hits]
    out = []
    for i, (h, n) in enumerate(zip(hits, noted)):
        if n:  # the values the nearest other line before and after it print (the epoch's own line)
            near = [next((hits[j] for j in range(i - 1, -1, -1) if not noted[j]), None),
                    next((hits[j] for j in range(i + 1, len(hits)) if not noted[j]), None)]
            elsewhere = {(t, v) for g in near if g is not None for t, v in g.record.values}
            keep = tuple((t, v) for t, v in h.record.values if (t, v) not in elsewhere and not t.startswith("at_"))
            if not keep:
                continue
            if len(keep) < len(h.record.values):
                h = rebuild(h, keep)
        out.append(h)
    return out


def drop_not_metrics(data, hits: list, notes: list, rebuild) -> list:
    """``hits`` less the lines and values above (``rebuild(hit, values)``: the hit with those values only); then
    PyG's bare split scores named (``_progress_splitkey.bare_split_scores``)."""
    out, dropped = [], 0
    # the names of loggers printed with their line numbers (a few distinct ones: 16 KiB from the first hit's line)
    first = line_start(data, hits[0].offset, max(0, hits[0].offset - 4096)) if hits else 0
    loggers = {(m.group(1) or m.group(2)).decode("ascii", "replace")
               for m in _LOGGER_AT.finditer(bytes(data[first:first + 16384]))} if hits else set()
    stepped_after = [False] * len(hits)
    seen = False
    for i in range(len(hits) - 1, -1, -1):
        stepped_after[i] = seen
        seen = seen or hits[i].record.step is not None or hits[i].record.epoch is not None
    stepped_before, prev = [None] * len(hits), None  # the last hit with a step or epoch before each (one pass)
    for i, h in enumerate(hits):
        stepped_before[i] = prev
        if h.record.step is not None or h.record.epoch is not None:
            prev = h
    lines = HitLines(data)  # each line found and decoded once (a bar's thousands of redraws: one line)
    for i, h in enumerate(hits):
        values = h.record.values
        if not values:  # a claimed or garbled line (no point): left to its own rule
            out.append(h)
            continue
        keep = tuple((t, v) for t, v in values
                     if not _SOURCE_TAG.match(t) and t.lower() not in _ESTIMATE_TAGS and t not in loggers
                     and not _CHECKPOINT_AT.match(t))
        renamed = any(t.startswith("with_") for t, _ in keep) and lines.epoch_closed(h.offset)
        if renamed:  # 'Completed epoch 3 with loss: 0.85': the epoch's loss
            keep = tuple((f"epoch_{t[5:]}" if t.startswith("with_") else t, v) for t, v in keep)
        if keep and (len(keep) < len(values) or h.record.step is None):
            if lines.settings(h.offset):  # a config print, an overflow note, a quoted flag
                keep = ()
            elif h.record.step is None and h.record.epoch is None and not stepped_after[i] and lines.closing(h.offset):
                before = stepped_before[i]
                last = {v for _, v in before.record.values} if before is not None else set()
                keep = tuple((t, v) for t, v in keep if v not in last)
        if not keep:
            dropped += 1
            continue
        out.append(h if len(keep) == len(values) and not renamed else rebuild(h, keep))
    dropped += len(out)
    out = _save_notes(data, out, rebuild)
    dropped -= len(out)
    from ._progress_splitkey import bare_split_scores

    out = bare_split_scores(out, rebuild)  # PyG's 'Loss: 1.09, Train: 0.35, Val: 0.33': the splits' scores (renamed)
    if dropped:
        notes.append(f"{dropped} line(s) holding no metric (a config print, a loss scaler's overflow note, a quoted "
                     "flag, a source location, a time estimate, a closing summary or a save note restating a value): "
                     "not read")
    return out
