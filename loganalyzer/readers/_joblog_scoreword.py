"""Progress lines whose objective carries no ``loss`` word: TF ``retrain.py`` and DL4J's listeners (used by
``readers/joblog.py`` when no line names a loss).

TensorFlow's image-retraining script (``tensorflow/examples/image_retraining/retrain.py``; public
inception ``log_train.txt``, fiftieth labeller's set) prints, every ``eval_step_interval`` steps::

    2017-04-09 05:42:04.880594: Step 10: Train accuracy = 15.6%
    2017-04-09 05:42:04.880659: Step 10: Cross entropy = 4.464004
    2017-04-09 05:42:05.318211: Step 10: Validation accuracy = 10.0%

read as ``loss`` (the cross entropy it minimises), ``accuracy`` and ``val_accuracy`` (percent) at step N; its
``Final test accuracy = ..`` line is no curve and stays unread. Deeplearning4j's ``ScoreIterationListener`` logs
``Score at iteration 100 is 1.39..`` (the minibatch's loss: ``score`` is DL4J's name for the objective), read as
``loss`` at iteration N; its ``EvaluativeListener`` prints an ``Evaluation Metrics`` block whose `` Accuracy:`` and
`` F1 Score:`` lines are read as ``val_accuracy``/``val_f1`` at the iteration of the score line before them. At
least ``MIN_LINES`` score/cross-entropy lines, or nothing is read.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

MIN_LINES = 2
_LINE = re.compile(
    rb"(?m)^[^\n]*?\bStep (?P<step>\d+): (?P<name>Train accuracy|Cross entropy|Validation accuracy) = (?P<v>"
    + NUMBER.encode() + rb")%?[ \t\r]*$"
    rb"|^[^\n]*?\bScore at iteration (?P<it>\d+) is (?P<score>" + NUMBER.encode() + rb")[ \t\r]*$"
    rb"|^ (?P<dname>Accuracy|F1 Score):[ \t]+(?P<dv>" + NUMBER.encode() + rb")[ \t\r]*$")
_TAGS = {b"Train accuracy": "accuracy", b"Cross entropy": "loss", b"Validation accuracy": "val_accuracy",
         b"Accuracy": "val_accuracy", b"F1 Score": "val_f1"}
_DL4J_BLOCK = b"Evaluation Metrics"
NOTE = ("no line names a loss; TF retrain.py's 'Cross entropy' / DL4J's 'Score at iteration N' values are read as "
        "the training loss")


def score_named_only(data, notes: list, hit) -> list:
    """The hits (``hit(offset, record)``, in file order) of a retrain.py or DL4J log (module docstring), or [] when
    fewer than ``MIN_LINES`` loss lines; ``notes`` gets ``NOTE`` when they are read."""
    hits, losses, last_step = [], 0, None
    dl4j = data.find(_DL4J_BLOCK) >= 0
    for m in _LINE.finditer(data):
        if m.group("step") is not None:
            step, tag = int(m.group("step")), _TAGS[m.group("name")]
            record = Record("kv", ((tag, float(m.group("v"))),), step=step, own_step=True,
                            kind="eval" if tag.startswith("val_") else "train")
        elif m.group("it") is not None:
            step = int(m.group("it"))
            record = Record("kv", (("loss", float(m.group("score"))),), step=step, own_step=True)
        else:
            if not dl4j or last_step is None:
                continue
            record = Record("kv", ((_TAGS[m.group("dname")], float(m.group("dv"))),), step=last_step,
                            own_step=True, kind="eval")
        losses += record.values[0][0] == "loss"
        last_step = record.step
        hits.append(hit(m.start(), record))
    if losses < MIN_LINES:
        return []
    notes.append(NOTE)
    return hits
