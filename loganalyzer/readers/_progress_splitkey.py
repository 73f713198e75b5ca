"""Key and line-head rules of ``_progress``'s ``key value`` lines, kept apart (that module is past its size):

- fairseq's split-prefixed counters and speeds (``valid_num_updates``, ``train_wps``): the step, no series;
- an epoch tag opening the line (``[E2] step 10 loss ..``): the line's epoch;
- a counter named before its split, ``Epoch train: [0/14], Step train: [1/92], Loss train: 8.3567, Perplexity
  train: 4258.4148`` (public cs5260cap70 ``training_log.txt``, a captioning LM): ``Epoch train`` is the epoch (``train
  epoch``) and ``Step train`` the batch of that epoch (``step``, with its ``/92`` the batches per epoch); they were
  series ``Epoch_train``/``Step_train`` (counters, no values) and the points stood at ordinal steps. A validation or
  test split's counters (``Epoch val: [0/14], Step val: [3/10]``) are no training step: no series, no step (the
  line's values are an evaluation at the training step before it).
- a split's name alone as a key beside a loss, ``Epoch: 001, Loss: 1.0986, Train: 0.3500, Val: 0.3300, Test: 0.3400``
  (PyTorch Geometric's examples and ``torch_geometric.logging.log``: the splits' accuracies, or AUCs in link
  prediction): ``Train``/``Val``/``Test`` were series no role took, the run judged on its loss alone. Two or more
  beside a loss on the log's lines, each in [0, 1] and rising, are the splits' scores (``Val_score``: higher is
  better, the validation metric); one alone (``loss=0.41 | val=0.52``), values past 1 or falling (an error: PyG's
  regression examples print ``Val: <MAE>``) keep their names (``bare_split_scores``, after the whole log is read).
"""
from __future__ import annotations

import re

# fairseq's json records name their counters and speeds by their split: {"epoch": 1, "valid_loss": "0.267", ..,
# "valid_wps": "636.6", "valid_num_updates": "794"} (public Fsoft-AIC/RoPADet train.out): the step and no series
# (placed at the epoch, 1..18, beside train_inner's num_updates 200..14200, they looked like a restart that dropped
# the training points)
_SPLIT_OF_KEY = re.compile(r"^(?:train|valid|val|test|eval|dev)_(?=\w)")


_COUNTER_SPLIT = re.compile(r"^(epoch|step|iter|iteration|batch)[ _](train|training|val|valid|validation|eval|test)$")


# a counter after a verb saying what happened at it: '[..] Saved Epoch 0/500 | Discriminator Loss: ..' (public
# mcdcgan96, a DCGAN printing after each checkpoint save: a series 'Saved_Epoch' of epoch numbers beside the losses,
# and the lines at ordinal steps), 'Finished epoch 3: loss ..', 'Completed step 100, loss ..'
_VERB_COUNTER = re.compile(r"^(?:saved|saving|finished|completed|done|ended|starting|started)"
                           r"[ _](epoch|step|iter|iteration|batch)$")  # ('Current batch:200/1600': within an epoch)


def unsplit(low: str) -> str:
    """A split-prefixed step or skipped key without its prefix (``valid_num_updates`` -> ``num_updates``), a counter
    named before its split as the counter (module docstring), a counter after a verb (``saved epoch``) as the
    counter; any other key as it is."""
    v = _VERB_COUNTER.match(low)
    if v is not None:
        return v.group(1)
    c = _COUNTER_SPLIT.match(low)
    if c is not None:
        if c.group(2).startswith("train"):
            return "train epoch" if c.group(1) == "epoch" else "step"
        return "eta"  # a validation pass's counter: a skipped key (its values at the training step before it)
    m = _SPLIT_OF_KEY.match(low)
    if m is None:
        return low
    rest = low[m.end():]
    return rest if rest in ("num_updates", "wps", "ups", "wpb", "bsz", "wall", "train_wall", "gb_free") else low


# '[E2] step 10 loss 0.004' (public 2025DL-TEAM3/skeleton_hw train_log.txt: the step starts over every epoch, the
# epoch only in the tag): read as 'Epoch 2 step 10 ..' (it was one training split in three runs)
_EPOCH_TAG = re.compile(r"\[(?:E|Ep|EP|Epoch|epoch|ep)\s*(\d+)(?:\s*/\s*\d+)?\]\s*(?=[A-Za-z])")


def epoch_tag(text: str) -> str:
    """``text`` with an opening epoch tag written as ``Epoch N`` (``[E2] step 10 ..`` -> ``Epoch 2 step 10 ..``);
    any other text as it is."""
    tag = _EPOCH_TAG.match(text)
    return text if tag is None else f"Epoch {tag.group(1)} " + text[tag.end():]


_BARE_SPLITS = frozenset({"train", "training", "val", "valid", "validation", "test", "dev"})


def bare_split_scores(hits: list, rebuild) -> list:
    """``hits`` (a job log's, in order) with the splits' bare names renamed ``<name>_score`` in every line (module
    docstring) when the log's lines name two or more beside a loss and each such series stays in [0, 1] and ends
    above where it began (a score rising: accuracy, AUC); an error printed the same way (PyG's regression examples'
    ``Val: MAE``, an MSE below 1) falls, or leaves [0, 1], and keeps its name. ``rebuild(hit, values)``: the hit
    with those values."""
    series: dict = {}
    for h in hits:
        values = h.record.values
        bare = [t for t, _ in values if t.lower() in _BARE_SPLITS]
        if len(bare) >= 2 and any("loss" in t.lower() for t, _ in values):
            for t, v in values:
                if t in bare:
                    series.setdefault(t, []).append(v)
    rising = set()
    for t, vs in series.items():
        k = max(1, len(vs) // 3)
        if len(vs) >= 3 and all(0.0 <= v <= 1.0 for v in vs) and sum(vs[-k:]) / k > sum(vs[:k]) / k:
            rising.add(t)
    if len(rising) < 2:
        return hits
    return [rebuild(h, tuple((t + "_score" if t in rising else t, v) for t, v in h.record.values))
            if any(t in rising for t, _ in h.record.values) else h for h in hits]


# a head's name opening a line of key=value pairs: '  event: val_loss=0.7883  micro_f1=0.3573' and '  changeflag:
# val_loss=0.3277  f1=0.9099' under 'Epoch 1/30  train_loss=1.08  val_loss=0.9522' (public eventcap96, a multi-task
# model printing each task head's validation): three different val_loss a step were read as one, averaged. The
# pairs are that head's: 'event/val_loss'. Never a split word, a counter or a log level (their own rules).
_HEAD_SPLITS = frozenset({"train", "training", "val", "valid", "validation", "eval", "evaluation", "dev", "test"})
_HEAD_LABEL = re.compile(r"\s*([A-Za-z][A-Za-z_-]{0,30}):\s+(?=[A-Za-z][\w./-]*\s*=\s*[-+.\d])")
# (letters only: 'epoch1:', 'E001:', 'iter500: loss=..' name the line's counter -- a breaker's logs were `unknown`,
# every epoch its own one-point series 'epoch1/train_loss')
_NO_HEAD = frozenset({"info", "debug", "warning", "warn", "error", "critical", "metrics", "metric", "results",
                      "result", "stats", "summary", "log", "logs", "scores", "score", "losses", "status", "progress",
                      "note", "notice", "epoch", "step", "iter", "iteration", "batch", "global_step", "it", "ep",
                      "validating", "evaluating", "testing", "training", "average", "avg", "mean", "final", "total",
                      "overall", "best", "current", "done", "finished", "end"})


def head_label(text: str) -> tuple[str, str | None]:
    """(the line without a head's name opening it, that name) -- or (the line, None)."""
    m = _HEAD_LABEL.match(text) if ":" in text[:34] else None
    if m is None or m.group(1).lower() in _NO_HEAD or m.group(1).lower() in _HEAD_SPLITS:
        return text, None
    return text[m.end():], m.group(1)
