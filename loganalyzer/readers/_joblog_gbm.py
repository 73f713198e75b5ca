"""Gradient-boosting evaluation lines in a printed log (``joblog``): XGBoost, LightGBM and CatBoost's
(``_joblog_catboost``) console output.

XGBoost (``xgb.train(evals=[(dtrain, 'train'), (dval, 'validation')])``, ``XGBModel.fit(eval_set=...)``,
``xgb.cv``) prints one line per boosting round, ``[12]\\ttrain-rmse:7.109\\tvalidation-rmse:7.085`` (``xgb.cv``:
``train-rmse:7.1+0.02``, the mean then the std); LightGBM (``lgb.train(valid_sets=...)``, callbacks
``log_evaluation``) prints ``[10]\\tvalid_0's auc: 0.65\\tvalid_0's binary_logloss: 0.6`` (``lgb.cv``:
``cv_agg's auc: 0.65 + 0.01``; LightGBM 4 names the folds' split: ``cv_agg's valid auc: 0.65 + 0.01``, read
as ``valid/auc`` at its round). Few of them hold a ``loss`` word, and a ``logloss`` one was read by the generic
``name: value`` shape as two differently named tags.

Read here: the boosting round is the step, each ``<dataset>-<metric>`` / ``<dataset>'s <metric>`` a series named
``<dataset>/<metric>`` (``train/rmse``, ``validation_0/logloss``, ``valid_0/auc``, ``training/binary_logloss``), the
dataset naming its split (``curves_names``: train/training, valid/validation/eval/test). The round counter going
back starts a new training (``joblog._segments``), never joined to the one before (``new_training``). The line
printed after ``Stopping. Best iteration:`` (XGBoost) or ``Early stopping, best iteration is:`` / ``Did not meet
early stopping. Best iteration is:`` (LightGBM) repeats the best round's values: no point.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._joblog_catboost import catboost_hits
from ._lazy import lazy_re
from ._progress import Record
from ._linestart import line_start

NEEDLE = b"]\t"
_LINE = lazy_re(r"^[ \t]*\[(\d+)\]\t(.*?)\s*$")
_XGB = lazy_re(r"^([A-Za-z_][\w.]*)-([\w@.\-]+):([-+]?(?:[\d.]+(?:[eE][-+]?\d+)?|nan|inf))(?:\+\S+)?$", re.I)
# lgb.cv (LightGBM 4): "cv_agg's valid binary_logloss: 0.65 + 0.011" -- the folds' split, then the metric
_LGB = lazy_re(r"([A-Za-z_][\w.]*)'s (?:(train|valid) )?([\w@.\-]+): (\S+)(?: \+ \S+)?(?:\t|$)")
_EVAL_SET = re.compile(r"validation_(\d+)")
_BEST = lazy_re(rb"[Bb]est [Ii]teration(?: is)?:\s*$")
_MAX = 2_000_000


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _values(rest: str) -> tuple | None:
    """The (tag, value) pairs of one eval line's text after the round, or None when it is no such line."""
    out = []
    if "'s " in rest:
        pos = 0
        for m in _LGB().finditer(rest):
            if rest[pos:m.start()].strip():
                return None
            value = _number(m.group(4))
            if value is None:
                return None
            out.append((f"{m.group(2) or m.group(1)}/{m.group(3)}", value))  # 'valid/binary_logloss' of cv_agg
            pos = m.end()
        return tuple(out) if out and not rest[pos:].strip() else None
    for item in rest.split("\t"):
        m = _XGB().match(item.strip())
        if m is None:
            return None
        value = _number(m.group(3))
        if value is None:
            return None
        out.append((f"{m.group(1)}/{m.group(2)}", value))
    return tuple(out) or None


def eval_set_roles(found: list, problems: list | None) -> list:
    """``found`` with XGBoost's scikit-learn eval sets named by their role when two or more are printed:
    ``fit(eval_set=[(X_train, y_train), (X_val, y_val)])`` prints ``validation_0-logloss`` (the first set: the
    training data in almost every script) and ``validation_1-logloss`` (the last: the one early stopping watches).
    ``validation_0`` becomes ``train``, the last ``validation_N`` ``validation`` (the sets between keep their
    names); a lone ``validation_0`` stays the validation."""
    sets = {int(m.group(1)) for _, _, r in found if r is not None for tag, _ in r.values
            if (m := _EVAL_SET.fullmatch(tag.split("/", 1)[0]))}
    if len(sets) < 2 or 0 not in sets:
        return found
    last = max(sets)
    names = {"validation_0": "train", f"validation_{last}": "validation"}

    def renamed(values: tuple) -> tuple:
        return tuple((names.get(tag.split("/", 1)[0], tag.split("/", 1)[0]) + "/" + tag.split("/", 1)[1]
                      if "/" in tag else tag, v) for tag, v in values)
    if problems is not None:
        problems.append(f"XGBoost eval sets: validation_0 (the first, conventionally the training data) read as the "
                        f"training split train/*, validation_{last} (the last, the one early stopping watches) as the "
                        f"validation validation/*")
    return [(a, b, r if r is None else replace(r, values=renamed(r.values))) for a, b, r in found]


def gbm_hits(data, size: int, problems: list | None = None) -> list[tuple[int, int, Record]]:
    """(line start, line end, record) of every XGBoost/LightGBM evaluation line and CatBoost iteration line in
    ``data``, in file order; the best round repeated after an early-stopping line (CatBoost: its closing
    ``bestTest``/``bestIteration`` lines) has the record None (no point)."""
    out = catboost_hits(data, problems)
    pos = 0
    while len(out) < _MAX and (p := data.find(NEEDLE, pos)) >= 0:
        start = line_start(data, p)
        end = data.find(b"\n", p)
        if end < 0:  # the file ends inside this line: read it only when it holds whole values
            end = size
        pos = end + 1
        if p - start > 24:
            continue
        m = _LINE().match(bytes(data[start:end]).decode("utf-8", "replace"))
        if m is None:
            continue
        values = _values(m.group(2))
        if values is None:
            continue
        before = data.rfind(b"\n", 0, max(start - 1, 0)) + 1
        if start and _BEST().search(bytes(data[before:start]).rstrip(b"\r\n")):
            out.append((start, end, None))  # 'Stopping. Best iteration:' then the best round again: no point
            continue
        step = int(m.group(1))
        out.append((start, end, Record("gbm", values, step=step, kind="train", own_step=True)))
    out.sort(key=lambda t: t[0])
    return eval_set_roles(out, problems)


def with_gbm(data, size: int, hits: list, make, problems: list | None = None) -> list:
    """``hits`` with the boosting eval lines read here (``make(offset, record)`` builds a hit) in place of whatever
    the generic shapes made of those lines; ``hits`` unchanged when the log has none."""
    found = gbm_hits(data, size, problems)
    if not any(r is not None for _, _, r in found):
        return hits
    spans = [(a, b) for a, b, _ in found]
    keep, k = [], 0
    for h in hits:  # both in file order
        while k < len(spans) and spans[k][1] < h.offset:
            k += 1
        if k < len(spans) and spans[k][0] <= h.offset <= spans[k][1]:
            continue
        keep.append(h)
    keep.extend(make(a, r) for a, _, r in found if r is not None)
    keep.sort(key=lambda h: h.offset)
    return keep


def is_gbm(hit) -> bool:
    """Whether ``hit`` is a boosting eval line (a training of its own: never a second ``fit()`` of a model before)."""
    return hit.record.shape == "gbm"
