"""A JSON-lines log's own records that are no metric rows (``json_history``): the run's settings written once at
its start and its closing record, at no step.

A hand-written logger writes one line per event and tags each with its kind, public on-policy distillation
``train_log.jsonl``::

    {"event": "config", "lr": 1e-06, "num_steps": 51, "batch_size": 128, ..., "top_p": 0.95, "seed": 42}
    {"event": "step", "step": 0, "train/loss": -0.02279167184066583, "train/lr": 0.0, ...}
    ...
    {"event": "done", "num_steps": 51}

Read as rows, the config line gave 18 one-point "series" (``lr`` beside the real ``train/lr``, ``batch_size``,
``seed``...) and ``num_steps`` two points (the done line at its row number, 52). A line is such a record when the
other lines carry a step (two or more with an iteration/step key), it carries none, and either its kind field
(``event``/``type``/``kind``/``record``) names a setting or an end (``config``, ``args``, ``hparams``, ``start``,
``done``, ``end``...; an end record holding a measure key is the run's results and kept:
``{"type": "end", "final_eval_accuracy": 0.91, "final_eval_loss": 0.33}``), or it is the first or last line and none
of its keys is a measure (no loss/accuracy/score/mse/wer... word: ``{"final_wer": 0.182, "final_cer": 0.061}`` is
kept) nor a key of a stepped line (one value per key, logged once). A line with an ``epoch`` is at a step; a log
whose lines carry only an ``epoch`` (``{"event": "epoch", "epoch": 1, ...}``) is stepped by it. Its keys
are named in one problem line; the stepped lines are read as before.

A checkpoint line restating an evaluation (``restated``; open run birdclef189 ``train_history.jsonl``: after an
``{"kind": "eval", "step": 500, "primary": 0.546, "fold_val_macro_auc": 0.546, ...}`` line that beat the best so far,
``{"kind": "best_ckpt", "step": 500, "primary": 0.546, "fold_val_macro_auc": 0.546, ..., "path": ".../best.pt"}``):
read as rows, each saved checkpoint put its evaluation twice at its step (188 validation points for 160
evaluations). A line whose kind names a checkpoint (``best_ckpt``, ``checkpoint``, ``ckpt``, ``save``, ``best``,
``best_model``...) and whose every number equals that of the same key on an earlier line of another kind at its step
is left out; one line says how many. A checkpoint line with a number of its own is read as before.

A step-less best/final record repeating an epoch's line (``_restates``, public kaustecg204: ``{"event": "best",
"epoch": 4, "val_f1": ..}`` after each improving ``{"event": "epoch", "epoch": 4, ..}`` line, and a closing
``{"event": "final", "val_loss": <the last epoch's>, "best_threshold": 0.75, ..}``) is left out the same way: the
best lines are stepped by their ``epoch`` (a log with no step key), the final line restates the stepped line whose
shared values it equals (its other keys, summaries of one value, are named). Before, the best lines made a second
point at each improving epoch and the final line a point at its row number past the last epoch.
"""
from __future__ import annotations

import re
from collections import deque

_KIND_KEYS = ("event", "type", "kind", "record", "record_type", "entry")
_RECORD_KINDS = re.compile(r"^(?:config(?:uration)?s?|cfg|args|arguments|h(?:yper)?_?param(?:eter)?s|params|"
                           r"parameters|settings|options|setup|meta(?:data)?|init|start(?:ed)?|begin|run_start|"
                           r"done|end|finish(?:ed)?|complete[d]?|run_end|exit)$", re.IGNORECASE)
_END_KINDS = re.compile(r"^(?:done|end|finish(?:ed)?|complete[d]?|run_end|exit)$", re.IGNORECASE)
_CKPT_KINDS = re.compile(r"^(?:(?:best_?)?(?:ckpt|checkpoint)(?:_?(?:save[d]?|best))?|best_?model|"
                         r"model_?(?:save[d]?|best)|(?:new_)?best|save[d]?(?:_(?:ckpt|checkpoint|model))?)$",
                         re.IGNORECASE)
_MEASURE = re.compile(r"loss|acc|err|score|f1|bleu|rouge|map|auc|iou|dice|reward|return|perplex|ppl|psnr|ssim|"
                      r"precision|recall|metric|val|test|eval|mse|mae|wer|cer|top\d|nll|bpc|bpd|mrr|ndcg",
                      re.IGNORECASE)


def _stepped(row: dict, step_keys: tuple) -> bool:
    return any(isinstance(row.get(k), (int, float)) and not isinstance(row.get(k), bool) for k in step_keys)


def _is_record(row: dict, stepped_keys: set, edge: bool) -> bool:
    kind = next((row[k] for k in _KIND_KEYS if isinstance(row.get(k), str)), None)
    keys = [str(k) for k in row if k not in _KIND_KEYS]
    measured = any(_MEASURE.search(k) for k in keys)
    if kind is not None and _RECORD_KINDS.match(kind.strip()):
        return not (measured and _END_KINDS.match(kind.strip()))  # an end record holding metrics is results
    if not edge:
        return False
    return len(keys) >= 1 and not any(_MEASURE.search(k) or k in stepped_keys for k in keys)


def split(rows: list[dict], step_keys: tuple) -> tuple[list[dict], str]:
    """(the rows without the run's settings/end records, a note naming what was left out or '')."""
    stepped = [r for r in rows if _stepped(r, step_keys)]
    if len(stepped) < 2:  # a log stepped by epoch: {"event": "epoch", "epoch": 1, ...}
        stepped = [r for r in rows if _stepped(r, (*step_keys, "epoch"))]
    if len(stepped) < 2 or len(stepped) == len(rows):
        return rows, ""
    stepped_keys = {str(k) for r in stepped for k in r}
    kept, dropped = [], []
    for i, row in enumerate(rows):
        bare = not _stepped(row, (*step_keys, "epoch"))
        (dropped if bare and _is_record(row, stepped_keys, i in (0, len(rows) - 1)) else kept).append(row)
    if not dropped:
        return rows, ""
    keys = list(dict.fromkeys(str(k) for r in dropped for k in r if k not in _KIND_KEYS))
    kinds = sorted({str(r[k]) for r in dropped for k in _KIND_KEYS if isinstance(r.get(k), str)})
    return kept, (f"{len(dropped)} line(s) with no step" + (f" ({', '.join(repr(k) for k in kinds)})" if kinds else "")
                  + f" hold the run's settings or end, no metric: their {len(keys)} key(s) ("
                  + ", ".join(keys[:6]) + (", ..." if len(keys) > 6 else "") + ") are no series")


def _kind(row) -> str | None:
    return next((row[k] for k in _KIND_KEYS if isinstance(row.get(k), str)), None) if isinstance(row, dict) else None


def restated(rows: list[dict], step_keys: tuple) -> tuple[list[dict], str]:
    """(the rows without the checkpoint lines restating an earlier line of their step, and without step-less lines
    restating an earlier stepped line, a note or ''): module docstring, last two paragraphs. A log whose lines carry
    no step key but an ``epoch`` is stepped by its epochs."""
    if not any(isinstance(r.get(k), int) and not isinstance(r.get(k), bool) for r in rows for k in step_keys):
        step_keys = (*step_keys, "epoch")  # {"event": "epoch", "epoch": 3, ..} / {"event": "best", "epoch": 3, ..}

    def step_of(row):
        return next((row[k] for k in step_keys if isinstance(row.get(k), int) and not isinstance(row.get(k), bool)),
                    None)

    def numbers(row):
        return {k: v for k, v in row.items() if k not in step_keys and isinstance(v, (int, float))
                and not isinstance(v, bool)}

    def same(v, w):
        return v == w or v != v and w != w

    seen: dict = {}  # step -> the numbers of the lines of other kinds there
    recent: deque = deque(maxlen=RECENT_LINES)  # the numbers of the last stepped lines, for ``_restates``
    kept, dropped, summaries = [], [], []
    for row in rows:
        kind, step = _kind(row), step_of(row) if isinstance(row, dict) else None
        if step is not None and kind is not None and _CKPT_KINDS.match(kind.strip()):
            own = numbers(row)
            if own and any(all(k in other and same(other[k], v) for k, v in own.items())
                           for other in seen.get(step, ())):
                dropped.append(kind)
                continue
        elif step is not None:
            seen.setdefault(step, []).append(numbers(row))
            recent.append(seen[step][-1])
        elif isinstance(row, dict) and recent and (summary := _restates(numbers(row), recent, kind, same)):
            summaries.append((kind, summary))
            continue
        kept.append(row)
    if not dropped and not summaries:
        return rows, ""
    notes = []
    if dropped:
        kinds = ", ".join(repr(k) for k in dict.fromkeys(dropped))
        notes.append(f"{len(dropped)} checkpoint line(s) ({kinds}) restate the values of an earlier line at their "
                     "step (the evaluation that saved it): each read once, from that line")
    if summaries:
        kinds = ", ".join(repr(k) for k in dict.fromkeys(k for k, _ in summaries if k is not None))
        own = list(dict.fromkeys(k for _, extra in summaries for k in extra))
        notes.append(f"{len(summaries)} line(s) with no step" + (f" ({kinds})" if kinds else "") + " restate an "
                     f"earlier epoch's values (a best/final summary): no points" + (
                         f"; their own key(s) {', '.join(own[:6])} are no series" if own else ""))
    return kept, "; ".join(notes)


# a step-less record after the stepped ones repeating one of them (public kaustecg204 ``training_log_*.jsonl``: after
# its 33 ``{"event": "epoch", "epoch": N, "train_loss": .., "val_loss": .., "val_f1": ..}`` lines, ``{"event":
# "final", "best_threshold": 0.75, "val_loss": <epoch 33's>, "val_f1": <epoch 33's>, .., "gen_loss": ..}``: read at
# its row number, 39, a point past the last epoch in every series it shares, and one-point ``best_threshold`` and
# ``gen_loss``). Two shared keys at least (one for a line whose kind names a best/final record), every one equal to
# the same earlier stepped line's.
_SUMMARY_KINDS = re.compile(r"^(?:final|summary|result[s]?|best|best_?(?:epoch|model|ckpt)|end|done|finished)$",
                            re.IGNORECASE)


RECENT_LINES = 64  # a summary restates a recent epoch (kaustecg204: the one just before it); bounded so that a log
# alternating stepped and step-less lines stays linear (10,000 such rows: 12.8 s when every earlier line was compared)


def _restates(own: dict, recent, kind, same) -> list | None:
    """The keys of ``own`` no earlier stepped line holds, when ``own`` restates one of the ``RECENT_LINES`` last
    stepped lines ``recent`` (above); else None."""
    need = 1 if isinstance(kind, str) and _SUMMARY_KINDS.match(kind.strip()) else 2
    for other in reversed(recent):
        shared = [k for k in own if k in other]
        if len(shared) >= need and all(same(own[k], other[k]) for k in shared):
            return [k for k in own if k not in other]
    return None
