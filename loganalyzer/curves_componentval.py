"""A validation loss that is the evaluation of one term of the objective, not of the judged total (used by
``curves``).

A segmentation/forensics trainer (public msfreb109 ``train_log.log``) logs per step ``total_loss`` and its terms
``clf_loss``, ``cons_loss``, ``dice_loss``, ``edge_loss``, ``focal_loss``, and per test pass only ``clf_loss_test``
(the classification term on the test set: 0.0001 .. 0.0005 at four decimals). Paired as the validation of
``total_loss``, its print's rounding read as "216% higher after its best": `overfit`. A validation series whose name,
split words aside, is the name of a logged training *component* other than the judged training loss (``clf_loss_test``
beside a training ``clf_loss`` that is a term of ``total_loss``) measures that term, not the total; when that term is a
minor one (its end level below ``MINOR``, 5%, of the total's: clf_loss 0.0001 beside a total of 0.065) no run is
judged on that pairing (the role is left empty, a note says why; the series stays in the table). A validation loss
named as the judged training loss itself (``val_loss`` beside ``loss``, ``total_loss_test`` beside ``total_loss``) is
kept whatever its scale (a summed training loss beside an averaged validation: a breaker's), and so is the validation
of a major term, often a run's only one (a VAE's ``val_recon_loss``, a multi-task ``val/seg_loss``: a third
breaker's).
"""
from __future__ import annotations

import re

import numpy as np

_SPLIT_WORDS = frozenset({"train", "training", "val", "valid", "validation", "eval", "evaluation", "test", "testing",
                          "dev"})


def base_name(tag: str) -> str:
    """A tag's words without its split words, lower-cased and joined by ``_`` (``clf_loss_test``, ``val_clf_loss``,
    ``train_clf_loss``, ``clf_loss/test`` -> ``clf_loss``)."""
    return "_".join(w for w in re.split(r"[_/ .-]+", tag.lower()) if w and w not in _SPLIT_WORDS)


MINOR = 0.05  # a term ending below 5% of the total's end level is a minor one


def _minor(term, train) -> bool:
    """Whether ``term`` ended below ``MINOR`` of the judged total ``train`` (medians of their last tenths)."""
    t, s = term.values[np.isfinite(term.values)], train.values[np.isfinite(train.values)]
    if not len(t) or not len(s):
        return False
    end_t = float(np.median(t[-max(1, len(t) // 10):]))
    end_s = float(np.median(s[-max(1, len(s) // 10):]))
    return end_s > 0 and 0 <= end_t < MINOR * end_s


def without_component_val(val, train, components, notes: list):
    """``val`` (the validation ``Series`` or None), or None with a note when it evaluates a component of ``train``
    (module docstring)."""
    if val is None or train is None or not components:
        return val
    name = base_name(val.tag)
    if not name or name == base_name(train.tag):
        return val
    term = next((c for c in components if base_name(c.tag) == name), None)
    if term is None or not _minor(term, train):
        return val  # a VAE's val_recon_loss, a multi-task val/seg_loss: a major term's validation, the only one
    notes.append(f"validation loss: none ({val.name} evaluates the training term of that name, not "
                 f"{train.name}: no pairing judged)")
    return None
