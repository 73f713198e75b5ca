"""XGBoost's ``evals_result()`` saved as JSON (``json.dump(model.evals_result(), f)``): one training, its eval sets.

The scikit-learn API names the eval sets by their place, ``{"validation_0": {"logloss": [..], "auc": [..]},
"validation_1": {..}}`` (``xgb.train`` by the names given: ``{"train": {..}, "eval": {..}}``, read as splits
already). ``discover`` made one run of each ``validation_N`` (a model of its own, ``_json_models.models``) and every
series a training loss. With ``fit(eval_set=[(X_train, y_train), (X_val, y_val)])`` the first set is the training
data (in almost every script) and the last the one early stopping watches: with two or more sets, ``validation_0``
is read as ``train`` and the last ``validation_N`` as ``validation`` (the sets between keep their names), said in
one note; a lone ``validation_0`` stays the validation. One run; the series ``<set>/<metric>`` at rounds 0, 1, ..

Such a dump names no loss: XGBoost's metrics are ``rmse``, ``logloss``, ``mlogloss``, ``error``, ``auc``...,
LightGBM's (``json.dump(model.evals_result_, f)``, ``lgb.record_evaluation``) ``l2``, ``l1``, ``binary_logloss``,
``multi_logloss``..., under the sets ``training``, ``valid_0``, ``valid_1`` (the scikit-learn API) or the
``valid_names`` given (public quantself148 ``train_history.json``: ``{"train": {"l2": [..]}, "valid": {"l2":
[..]}}``). Its head was no history to discovery (no ``loss`` in it) and the file never read. ``HEAD`` knows it: a
dict whose first key is an eval set's name (a split word, ``validation_N``, ``valid_N``, ``eval``) holding a dict
whose first key is a booster metric holding a list.
"""
from __future__ import annotations

import re

_SET = re.compile(r"validation_(\d+)")
_BOOSTER_METRICS = (rb"rmse|rmsle|mae|mape|mphe|logloss|mlogloss|error|merror|auc|aucpr|pre|ndcg|map|poisson-nloglik|"
                    rb"gamma-nloglik|cox-nloglik|gamma-deviance|tweedie-nloglik|aft-nloglik|l1|l2|l2_root|mse|"
                    rb"binary_logloss|binary_error|multi_logloss|multi_error|cross_entropy|cross_entropy_lambda|"
                    rb"kullback_leibler|huber|fair|quantile|poisson|gamma|gamma_deviance|tweedie|average_precision|"
                    rb"auc_mu")
HEAD = re.compile(rb'^\s*\{\s*"(?:training|train|valid|validation|eval|test|dev|(?:validation|valid|eval)_\d+)"\s*:\s*'
                  rb'\{\s*"(?:' + _BOOSTER_METRICS + rb')(?:@[\w.-]+)?"\s*:\s*\[')


def _metrics(value) -> bool:
    return (isinstance(value, dict) and bool(value)
            and all(isinstance(v, list) and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v)
                    for v in value.values()))


_SET_NAME = re.compile(r"training|train|valid|validation|eval|test|dev|(?:validation|valid|eval)_\d+")


def booster_dump(obj) -> bool:
    """Whether ``obj`` is an ``evals_result`` dict (module docstring): eval sets named as ``HEAD`` has them, each a
    dict of metric lists; its boosting rounds are its axis (no metric need be named a loss)."""
    return (isinstance(obj, dict) and bool(obj) and all(_SET_NAME.fullmatch(str(k)) for k in obj)
            and all(_metrics(v) for v in obj.values()))


def eval_sets(obj) -> list[int] | None:
    """The indexes N of an ``evals_result()`` dict keyed ``validation_N`` only (None: no such dict)."""
    if not isinstance(obj, dict) or not obj:
        return None
    found = [_SET.fullmatch(str(k)) for k in obj]
    if not all(found) or not all(_metrics(v) for v in obj.values()):
        return None
    return sorted(int(m.group(1)) for m in found)


def renamed(obj) -> tuple[object, str | None]:
    """(``obj`` with its eval sets named by their role, the note saying so), or (``obj``, None) unchanged."""
    sets = eval_sets(obj)
    if sets is None:
        return obj, None
    if len(sets) < 2 or sets[0] != 0:
        return obj, None
    last = sets[-1]
    names = {"validation_0": "train", f"validation_{last}": "validation"}
    note = (f"XGBoost evals_result(): validation_0 (the first eval set, conventionally the training data) read as "
            f"the training split train/*, validation_{last} (the last, the one early stopping watches) as the "
            f"validation validation/*")
    return {names.get(str(k), k): d for k, d in obj.items()}, note
