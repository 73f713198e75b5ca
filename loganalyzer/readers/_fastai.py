"""fastai's ``CSVLogger`` history (``history.csv``), read by ``keras_csv`` (its header starts with ``epoch`` too).

What fastai writes (fastai/callback/progress.py ``CSVLogger``; fastai/learner.py ``Recorder``):

- ``before_fit``: ``','.join(self.recorder.metric_names)`` -- ``epoch``, ``train_loss``, ``valid_loss``, the
  metrics' names, ``time`` (``Recorder.before_fit``: ``names = self.metrics.attrgot('name')``; with
  ``train_metrics=True`` they are written ``train_<name>`` and ``valid_<name>``; without validation
  ``valid_loss`` is left out); with ``append=True`` the header is written again at every ``fit``;
- ``_write_line``: ``','.join([str(t) for t in log])``: the epoch (0-based), the losses and metrics as
  ``str(float)`` (``None`` when a value is missing: read as no point), the epoch's duration as ``format_time``: ``mm:ss``, or
  ``h:mm:ss`` past an hour.

Two things the Keras reading gets wrong, fixed here on the text before it is parsed: the metrics are computed on the
validation set (``Recorder`` runs them in ``after_batch`` only when not training, unless ``train_metrics``), so an
unmarked metric column after ``valid_loss`` is named ``valid_<name>`` (it was taken for a training accuracy); and
the ``time`` cells, text to the Keras reader (a warning on every file, the durations lost), become seconds.
"""
from __future__ import annotations

import re

_TIME = re.compile(rb"(?:(\d+):)?(\d+):(\d\d)")
_MARKED = ("train_", "valid_")
_NONE = (b"None", b"#na#")


def header(line: str) -> list[str] | None:
    """The header's names when the line is fastai's ``CSVLogger`` header, else None."""
    names = line.strip().split(",")
    if len(names) < 3 or names[:2] != ["epoch", "train_loss"] or names[-1] != "time":
        return None
    return names


def renamed(names: list[str]) -> list[str]:
    """The names with each unmarked metric after ``valid_loss`` named ``valid_<name>``."""
    if "valid_loss" not in names:
        return names
    at = names.index("valid_loss")
    return [n if i <= at or i == len(names) - 1 or n.startswith(_MARKED) else f"valid_{n}"
            for i, n in enumerate(names)]


def rewrite(raw: bytes, names: list[str]) -> bytes:
    """The file's text with its header lines renamed (``renamed``) and each row's last cell, ``format_time``'s
    ``[h:]mm:ss``, written as seconds; every line keeps its place (line numbers stay right)."""
    head = ",".join(names).encode()
    new_head = ",".join(renamed(names)).encode()
    lines = raw.split(b"\n")
    for i, line in enumerate(lines):
        body = line.rstrip(b"\r")
        if body == head:
            lines[i] = new_head + line[len(body):]
            continue
        cells = body.split(b",")
        m = _TIME.fullmatch(cells[-1])
        if m is None or len(cells) != len(names):
            continue
        cells[-1] = str(int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + int(m.group(3))).encode()
        cells = [b"" if c in _NONE else c for c in cells]  # str(None): a value the epoch did not have
        lines[i] = b",".join(cells) + line[len(body):]
    return b"\n".join(lines)
