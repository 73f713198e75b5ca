"""XGBoost's ``evals_result()`` saved as JSON (``json.dump(model.evals_result(), f)``): one training, its eval sets.

The scikit-learn API names the eval sets by their place, ``{"validation_0": {"logloss": [..], "auc": [..]},
"validation_1": {..}}`` (``xgb.train`` by the names given: ``{"train": {..}, "eval": {..}}``, read as splits
already). ``discover`` made one run of each ``validation_N`` (a model of its own, ``_json_models.models``) and every
series a training loss. With ``fit(eval_set=[(X_train, y_train), (X_val, y_val)])`` the first set is the training
data (in almost every script) and the last the one early stopping watches: with two or more sets, ``validation_0``
is read as ``train`` and the last ``validation_N`` as ``validation`` (the sets between keep their names), said in
one note; a lone ``validation_0`` stays the validation. One run; the series ``<set>/<metric>`` at rounds 0, 1, ..
"""
from __future__ import annotations

import re

_SET = re.compile(r"validation_(\d+)")


def _metrics(value) -> bool:
    return (isinstance(value, dict) and bool(value)
            and all(isinstance(v, list) and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v)
                    for v in value.values()))


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
