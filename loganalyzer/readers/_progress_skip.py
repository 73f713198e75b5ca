"""Printed lines holding loss-like numbers that are no progress line (used by ``readers/_progress.py``): a
configuration dump, a checkpoint being loaded, a best-so-far summary. Each made series nobody logged as a curve."""
from __future__ import annotations

import re

# A configuration printed once, not a progress line: a dataclass/Namespace repr (``TrainConfig(run_name='x', ...,
# auxiliary_loss_multiplier=0.0001, ...)``, ``Namespace(lr=0.1, ...)``) or a labelled dump (YOLO's ``hyperparameters:
# lr0=0.01, ..., loss_ota=1``). Its numbers are settings: read as series they made one-point "metrics" and config
# constants named *loss* passed for loss components.
_CONFIG_DUMP = re.compile(
    r"(?:^|[\s:])(?:[A-Z]\w*(?:Config|Args|Arguments|Params|Parameters|Options|Settings|Namespace)|Namespace)\(\w+="
    r"|^(?:hyperparameters|hyper-parameters|hyp|hparams|config|configuration|args|arguments|options|opt|params)\s*:\s*"
    r"(?:\{\s*)?['\"]?\w+['\"]?\s*[=:]", re.IGNORECASE)


# A checkpoint loaded (restored, resumed from) is no progress line: ``[Checkpoint] Loaded <- best.pth (epoch=20,
# val_loss=1.0521)`` repeats a value the epoch's own line printed when the checkpoint was saved; read, it made a
# series of its own at that step once per load (three loads: a "val_loss" of 3 points at one step, spread over
# steps 0-2 by the steps_all_equal rule), a curve nobody logged (eval/public skinlesion14). Saving lines stay.
_CHECKPOINT_LOAD = re.compile(
    r"\b(?:load(?:ed|ing)?|restor(?:e|ed|ing)|resum(?:e|ed|ing))\b.*\b(?:checkpoint|ckpt)"
    r"|\b(?:checkpoint|ckpt)\b.*\b(?:load(?:ed|ing)?|restor(?:e|ed|ing)|resum(?:e|ed|ing))\b", re.IGNORECASE)


def best_so_far(record) -> bool:
    """A summary printing only the best value reached (``Training complete | Best ValLoss: 1.0521``, ``best_loss
    0.31``): every loss on the line is a ``best`` one. That is a minimum over the curve, not a point of it (it made a
    one-point "Best_ValLoss" series at the last step); a progress line also printing a best-so-far beside its own
    loss is read whole."""
    losses = [tag for tag, _ in record.values if "loss" in tag.lower()]
    return bool(losses) and all(tag.lower().startswith("best") for tag in losses)


def not_progress(text: str) -> bool:
    """Whether a cleaned printed line is a configuration dump or a checkpoint load (never a progress line)."""
    return _CONFIG_DUMP.search(text) is not None or _CHECKPOINT_LOAD.search(text) is not None
