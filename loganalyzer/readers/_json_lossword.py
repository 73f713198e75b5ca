"""A JSON history whose loss is named by its kind, not by the word ``loss`` (used by ``readers/json_history.py``).

A VAE / VQ toy's ``json.dump({"val_rec": [..], "angle": [..], "entropy": [..], "dead": [..]}, f)`` (public vqtoy174
``logs.json``: the validation reconstruction error per epoch beside codebook statistics) names no ``loss``; it was
"not a log file loganalyzer reads" and the run was read from its ``stdout.txt`` (six printed lines of the same
values, no loss word: 0 rows). A split-prefixed reconstruction / divergence / likelihood term (``val_rec``,
``train_recon``, ``test_kl``, ``val_nll``, ``val_elbo``, ``train_mse``) is such a loss: the file is a history, the
term its loss series (the curves stage's component names, ``curves_names``, give it its role).

Such a term is a curve only beside epoch-long lists (``history``): an epoch/step key list, a ``train_*`` term paired
with an evaluation-split list of the same length, or (for a generative objective, rec/kl/nll/elbo) other lists of
its length (vqtoy174's codebook statistics). ``mse``/``bce`` are the metric of every regression / forecasting
evaluation: ``{"val_mse": [5 values], "val_mae": [..], "fold": [0..4]}`` (k-fold cross-validation results,
sklearn-style) or ``{"test_mse": [..], "horizons": [1, 2, 4, ..]}`` (a forecaster's per-horizon test metrics) are
results, one value per fold / horizon, not a training curve (brk62 O1: they had been read as runs, stalled/overfit).
"""
from __future__ import annotations

import json
import re

_WORDS = r"rec|recon|reconstruction|kl|kld|nll|elbo|mse|bce"
_SPLITS = r"train|training|val|valid|validation|test|eval"
_TAG = re.compile(r"(" + _SPLITS + r")[_/](" + _WORDS + r")", re.IGNORECASE)
_EVAL_KEY = re.compile(r"(?:val|valid|validation|test|eval)[_/]", re.IGNORECASE)
_GENERATIVE = {"rec", "recon", "reconstruction", "kl", "kld", "nll", "elbo"}
# in a JSON head: such a key opening a list ('"val_rec": [')
HEAD = re.compile(rb'"(?:' + _SPLITS.encode() + rb')[_/](?:' + _WORDS.encode() + rb')"\s*:\s*\[', re.IGNORECASE)
# a key whose list is the results' axis (one value per fold / horizon / seed), not a step
_RESULT_AXES = {"fold", "folds", "fold_id", "kfold", "k_fold", "cv_fold", "horizon", "horizons", "pred_len",
                "pred_lens", "lead_time", "lead_times", "seed", "seeds"}
_RESULT_HEAD = re.compile(rb'"(?:' + "|".join(sorted(_RESULT_AXES)).encode() + rb')"\s*:', re.IGNORECASE)
_EPOCH_KEYS = {"epoch", "epochs", "step", "steps", "iter", "iters", "iteration", "iterations", "global_step",
               "round", "rounds"}


def loss_tag(tag: str) -> bool:
    """True for a split-prefixed loss term with no ``loss`` in its name (module docstring): ``val_rec``."""
    return _TAG.fullmatch(tag) is not None


def history(obj) -> bool:
    """True when a dict of lists holding a ``loss_tag`` term is a training history, False when it is results
    (module docstring: a results axis key, a lone evaluation list, mse/bce lists with no epoch-long partner).
    Anything but a dict is not this module's decision: True."""
    if not isinstance(obj, dict):
        return True
    keys = {str(k).lower(): v for k, v in obj.items()}
    if _RESULT_AXES & set(keys):
        return False
    lists = {k: len(v) for k, v in keys.items() if isinstance(v, list) and len(v) > 1}
    if _EPOCH_KEYS & set(lists):
        return True
    for key, n in lists.items():
        if (match := _TAG.fullmatch(key)) is None:
            continue
        split, word = match.group(1).lower(), match.group(2).lower()
        if split in ("train", "training") and any(_EVAL_KEY.match(k) and lists[k] == n for k in lists):
            return True  # train_mse beside val_mse / val_acc of the same length: per-epoch train/val pairs
        if word in _GENERATIVE and any(lists[k] == n for k in lists if k != key):
            return True
    return False


def sniff(head: bytes) -> bool:
    """A JSON head holding a ``loss_tag`` list (``HEAD``) that is a history (``history``); a head cut short of its
    end is judged by its keys alone: no results axis (fold / horizon) among them."""
    if HEAD.search(head) is None:
        return False
    try:
        obj = json.loads(head)
    except (ValueError, RecursionError):
        return _RESULT_HEAD.search(head) is None
    return history(obj)
