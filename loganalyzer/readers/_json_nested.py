"""Training histories one level down in a JSON file, and settings that are never a series.

User code often saves its history inside a wrapper dict beside final numbers and the run's settings:

- a dict of equal-length lists under a loss-like key: ``{"train_losses": {"total": [...], "i1": [...], ...},
  "test_metrics": {...}, "config": {...}}`` (public DeivanaiThiyagarajan/Multi-Image-Super-Resolution-for-Medical-
  Images ``results/progressive_unet_history.json``: the summed objective and its three terms per epoch). The lists
  are read as ``<key>/<name>`` by ``json_history._columns``; only the sniff had to know the shape.
- a list of per-epoch records under a key: ``{"history": [{"epoch": 1, "train_loss": ..., "val_loss": ...,
  "step": 1250}, ...], "best_val_loss": ..., "device": "cuda"}`` (public KushalS16/English-odia_transformer
  ``results/training_history.json``). Read as the top-level list of per-epoch dicts is (``json_history``'s
  ``_Table.row``); the keys beside it are named in the problem line of keys that are no series.
- settings under ``config``/``args``/``hparams``...: ``"config": {"num_blocks": [2, 2, 2, 2]}`` is the model's
  shape, never a 4-point series (nor is ``"loss_weights": [0.5, 1.0, 0.5]`` a loss).
"""
from __future__ import annotations

import re

# a dict of lists under a loss-like key ('"train_losses": {"total": [') or a list of records under a history-like
# key whose first record holds a loss ('"history": [{"epoch": 1, "train_loss": 7.69'), anywhere in the sniffed head
_LOSS_DICT = re.compile(rb'"[^"\n]*loss[^"\n]*"\s*:\s*\{\s*"[^"\n]{1,100}"\s*:\s*\[', re.IGNORECASE)
_RECORDS = re.compile(rb'"(?:[^"\n]*history|logs?|records|epochs|rounds|results|metrics)"\s*:\s*\[\s*\{'
                      rb'[^{}]{0,2000}?"[^"\n]*loss[^"\n]*"\s*:\s*[-\d.NI]', re.IGNORECASE)  # a loss in its 1st record
# settings: the run's configuration, never a series however many numbers a list of it holds
SETTINGS = frozenset({"config", "configs", "cfg", "args", "arguments", "hparams", "hyperparameters",
                      "hyper_parameters", "hyperparams", "params", "parameters", "settings", "options", "opt", "opts"})


def sniff(head: bytes) -> bool:
    """A head (holding the word ``loss``) with a history one level down (see the module)."""
    return _LOSS_DICT.search(head) is not None or _RECORDS.search(head) is not None


def _is_record_list(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(r, dict) for r in value)


def records_under(obj: dict) -> tuple[str, list[dict]] | None:
    """(key, per-epoch records) of a dict whose history is a list of dicts under one key, the longest such list whose
    records name a loss (``{"history": [{"epoch": 1, "train_loss": ...}, ...]}``); None when there is none."""
    best = None
    for key, value in obj.items():
        if not _is_record_list(value) or str(key).lower() in SETTINGS:
            continue
        if not any("loss" in str(k).lower() and isinstance(v, (int, float)) and not isinstance(v, bool)
                   for r in value for k, v in r.items()):
            continue
        if best is None or len(value) > len(best[1]):
            best = (str(key), value)
    return best


def is_settings(key, value=None) -> bool:
    """Whether a top-level key holds the run's settings (``config``, ``args``, ``hparams``...): no series in it; so
    does an object under a name ending in one of those words (public llmqat126 ``qat_training_stats_*.json``:
    ``"training_config": {.., "adam_betas": [0.9, 0.999], ..}``, ``"model_config"``: Adam's two betas were read as a
    2-point series)."""
    name = str(key).lower()
    words = [w for w in re.split(r"[^a-z0-9]+", name) if w]
    return name in SETTINGS or (isinstance(value, dict) and len(words) > 1 and words[-1] in SETTINGS)


# per-batch values nested by epoch, no key naming the quantity: '{"ep1": {"0": 575981.94, "1": 464670.47, ...}, ...}'
_BY_EPOCH = re.compile(rb'^\s*\{\s*"(?:ep|epoch)[ _-]?\d+"\s*:\s*\{\s*"\d+"\s*:\s*[-\d.NI]', re.IGNORECASE)


def why_by_epoch(head: bytes) -> str | None:
    """Why a JSON of per-batch numbers nested by epoch with no name for them (public basameera/NIPS_week_2_3
    ``tlog.json``: 7 epochs x 100 batch values, ``{"ep1": {"0": 575981.94, ...}}``) is not read: what the numbers
    are (a loss?) is not written anywhere in it. None for any other head (such files were passed over silently)."""
    m = _BY_EPOCH.match(bytes(head).lstrip(b"\xef\xbb\xbf"))
    if m is None:
        return None
    return ("JSON of per-batch numbers nested by epoch ('{\"ep1\": {\"0\": ...}}') with no key naming what they are "
            "(a loss? an accuracy?): not read; name the quantity ({\"loss\": {\"ep1\": ...}}) to have it read")
