"""TensorFlow Estimator's evaluation lines in a printed log (for ``readers/joblog.py``).

``tf.estimator`` logs ``INFO:tensorflow:Saving dict for global step 5468: eval_accuracy = 0.85, eval_auc = 0.69,
eval_loss = 0.7217, global_step = 5468, loss = 0.7219`` after each evaluation (estimator.py ``_write_dict_to_summary``
logging ``_dict_to_str(dictionary)``), and BERT's ``run_classifier.py`` then prints the same dict again as
``***** Eval results *****`` and one ``  key = value`` a line (public Brokenwind/BertSimilarity ``logs/train.log``,
thirtieth labeller's item 1). The dict's ``loss`` is the evaluation's mean loss (the Estimator's own ``loss``
metric), not a training point: it was read as the training ``loss`` at the evaluation step (the run "ended" at its
evaluation loss) and the echoed block gave every value a second point. The dict's ``loss`` becomes ``eval_loss``
(left out when the dict has its own ``eval_loss``), the line is an evaluation, and the step-less echo lines after it
that repeat its values are no points.
"""
from __future__ import annotations

from dataclasses import replace

NEEDLE = b"Saving dict for global step"


def _line(data, offset: int) -> bytes:
    end = data.find(b"\n", offset)
    return bytes(data[offset:end if end >= 0 else len(data)])


def estimator_evals(data, hits: list) -> list:
    """``hits`` (``joblog._Hit``) with each Estimator eval dict read as an evaluation and its echo left out."""
    if data.find(NEEDLE) < 0:
        return hits
    out, echo = [], None
    for h in hits:
        r = h.record
        if NEEDLE in _line(data, h.offset):
            own = dict(r.values)
            values = tuple((t, v) for t, v in r.values if not (t == "loss" and "eval_loss" in own))
            values = tuple(("eval_loss" if t == "loss" else t, v) for t, v in values)
            h.record = replace(r, values=values, kind="eval")
            echo = set(r.values)
            out.append(h)
            continue
        if echo is not None and r.step is None and r.values and all(pair in echo for pair in r.values):
            continue  # '  eval_accuracy = 0.85' under '***** Eval results *****': the dict again
        if r.step is not None:
            echo = None
        out.append(h)
    return out
