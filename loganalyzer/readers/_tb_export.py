"""TensorBoard's "Download CSV" export (used by ``readers/plain_csv.py``).

The scalar dashboard's download link writes one tag per file, ``Wall time,Step,Value``, named
``run-<run>-tag-<tag>.csv`` with the tag's ``/`` written ``_`` (tensorboard/plugins/scalar): its values are that
tag's, the text after ``-tag-``, else the file's stem (readers35b). A ``step,value`` file (the same export with its
wall time dropped: public stats507103 ``loss.csv``, 9.94 at step 5 -> 3.34 at 124,987, was "no series named like a
loss; tags: value") is named by its stem the same way.

A file renamed by hand names what its user saved, not a tag: public herywang/defog ``train_log.csv`` (fifty-seventh
labeller's set) holds the training loss (4.46 at step 4 -> 0.37 at 3,467) and was read as a series ``train_log``,
then ``unknown``: no series named like a loss. A stem naming no metric, only the words of a training log
(``train``, ``training``, ``log``, ``loss``...: ``TRAIN_WORDS``) and no split word, is the training's loss:
``train_loss``, with a line saying the name was assumed.
"""
from __future__ import annotations

import re

from ._plain_columns import _normal, is_loss_like

TRAIN_WORDS = frozenset({"train", "training", "log", "logs", "loss", "losses", "run", "tb", "tensorboard", "export",
                         "scalar", "scalars", "csv", "data", "curve", "history"})
_WORD = re.compile(r"[a-z]+")


def export_tag(path: str, columns: list[str]) -> tuple[str, str] | None:
    """(the series name, the line saying where it came from) of a TensorBoard "Download CSV" export (module
    docstring); ``None`` for any other header."""
    header = [_normal(c) for c in columns]
    if header not in (["wall_time", "step", "value"], ["step", "value"]):
        return None
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    tag = stem.rsplit("-tag-", 1)[-1] or stem
    said = ("a TensorBoard 'Download CSV' export (Wall time,Step,Value): its values read as {!r}, " if len(header) == 3
            else "a one-series export (step,value): its values read as {!r}, ")
    words = set(_WORD.findall(tag.lower()))
    if len(header) == 2:  # a step,value file: named by its stem only (a breaker's accuracy in 'train_log.csv')
        return tag, said.format(tag) + "the name its file carries"
    if not is_loss_like(tag) and words and words <= TRAIN_WORDS and words & {"train", "training", "log", "logs"}:
        return "train_loss", (said.format("train_loss") + f"the training loss: its file name {tag!r} names no "
                              "metric, only a training log (assumed)")
    return tag, said.format(tag) + "the tag its file name carries"
