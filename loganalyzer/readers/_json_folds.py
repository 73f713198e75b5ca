"""Keras histories of a cross-validation, one per fold, in one JSON file (``json_history``): one run per fold.

A k-fold script keeps each fold's ``History.history`` under the fold's number and dumps the lot
(``histories[str(fold)] = model.fit(..).history; json.dump(histories, f)``), public tariksetia/QuickDraw
``model_history.json``::

    {
        "0": {
            "acc": [0.4791666666666667, 0.7916666666666666, ...],
            "val_loss": [...], "loss": [21.230422973632812, ...], "val_acc": [...]

No ``loss`` in the first bytes (1,000 ``acc`` values come first) and a dict of dicts: discovery passed it by
(4,000 points lost). Here a dict whose every key is a whole number and every value a Keras-like history (a dict of
lists, one naming a loss) and whose keys are fold numbers (``0``..``k-1`` or ``1``..``k``; a hidden-size sweep's
``{"64": .., "128": .., "256": ..}`` is no CV, its runs keep their keys as names) is that many trainings: each fold a
run ``#fold<k>`` (``_json_models``' segments, as a W&B export's runs), read under its Keras names; a file with one
fold is that fold's one run. Single values beside two or more folds (``"mean_val_loss": 0.41``: the CV's summary)
are no fold and no series.
"""
from __future__ import annotations

import re

# '{"0": {"acc": [': a fold number, then a dict of lists
HEAD = re.compile(rb'^\s*\{\s*"\d{1,4}"\s*:\s*\{\s*"[^"\n]{1,200}"\s*:\s*\[')


def _history(value) -> bool:
    return isinstance(value, dict) and bool(value) and all(isinstance(v, list) for v in value.values()) \
        and any("loss" in str(k).lower() and v for k, v in value.items())


def folds(obj) -> list[tuple[str, dict]]:
    """[('fold<k>', history)] in file order when ``obj`` is a dict of fold numbers to histories, else []."""
    if not isinstance(obj, dict) or not obj or len(obj) > 1000:
        return []
    fold_keys = [k for k in obj if str(k).isdigit() and str(int(k)) == str(k)]
    summary = [k for k in obj if k not in fold_keys]  # {"1": .., "2": .., "mean_val_loss": 0.41}: the CV's summary
    if not fold_keys or summary and (len(fold_keys) < 2 or not all(_scalar(obj[k]) for k in summary)):
        return []
    if not all(_history(obj[k]) for k in fold_keys):
        return []
    numbers = sorted(int(k) for k in fold_keys)
    if numbers not in (list(range(len(numbers))), list(range(1, len(numbers) + 1))):
        return []  # {"64": hist, "128": hist, "256": hist}: a sweep keyed by its setting, no folds
    return [(f"fold{k}", obj[k]) for k in fold_keys]


def _scalar(value) -> bool:
    return isinstance(value, (int, float, str)) and not isinstance(value, bool) or value is None


def single(obj):
    """A one-fold file's history itself (its one run), else ``obj`` unchanged."""
    found = folds(obj)
    return found[0][1] if len(found) == 1 else obj
