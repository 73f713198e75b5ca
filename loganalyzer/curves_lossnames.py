"""Losses not named "loss": a run's objective named by its loss function (``val_nll``, ``train_cross_entropy``), by
its split word alone (``val``), or as a split's ``total`` beside its terms (``train_total``) -- the fallbacks
``curves.find_curves`` tries, in that order, only where no series is named like a loss.

The vocabulary is ``curves_names``'."""
from __future__ import annotations

import numpy as np

from .curves_names import ACC_WORDS, RUNNING_MIN, TEST_WORDS, TRAIN_WORDS, VAL_WORDS


LOSS_FUNCTION_WORDS = (frozenset({"cross", "entropy"}), frozenset({"crossentropy"}), frozenset({"xent"}),
                       frozenset({"nll"}), frozenset({"bce"}), frozenset({"ce"}), frozenset({"mce"}))


def loss_function_losses(cands: list) -> list:
    """A run that names its loss by the loss function, without the word "loss" (Lightning Flash/torchmetrics style
    ``train_cross_entropy_epoch``, ``val_cross_entropy``; ``val_nll``, ``train_bce``): those candidates, judged as
    its losses; [] when none does. Only when nothing is named like a loss (``curves.find_curves``): beside a
    ``loss`` such a series is a component. A blind labeller's Lightning Flash segmentation run (eleventh set,
    ``camvid-flash``) was `unknown`, "no usable loss". ``mce`` is a mean cross-entropy (public geoseg181 GeoSeg
    ``SegNet-3x6x24-Vaihingen_iter_5000.csv``: ``trn_MCE,val_MCE`` beside ``trn_OAcc``; `unknown` before)."""
    return [c for c in cands if any(words <= c.wordset for words in LOSS_FUNCTION_WORDS)
            and not c.wordset & (ACC_WORDS | RUNNING_MIN)]


def train_function_losses(losses: list, live: list) -> list:
    """The training side named by its loss function (``CE``, ``train_nll``: ``loss_function_losses`` marked train or
    unmarked) when every series named like a loss is a validation's or test's: public oodgan208 (Out-of-Distribution
    -GANs' ``Step: 0 | D: 1.98 | CE: 2.06 | ...`` training lines beside ``Validation Classification Loss: 0.585``
    each epoch) had no training loss, its validation judged alone. [] otherwise (a training loss named like one:
    such a series is its component)."""
    if not losses or any(c.marker not in ("val", "test") for c in losses):
        return []
    return [c for c in loss_function_losses(live) if c.marker in (None, "train")]


def split_only_losses(cands: list, markers: tuple[str, ...] = ("train", "val", "test")) -> list:
    """The series named by nothing but one split word (``val``, ``train``, ``valid``, ``test``) whose marker is in
    ``markers``: a script's own name for that split's objective (public mambadekf66 0519_train.log: ``loss=33.93
    ... | val=62.79 val_pos=2.85`` at every epoch -- the validation loss, never read, and a training loss that
    jumped when loss terms were switched in was `diverged` beside a validation that fell 62.79 -> 5.60), or by a
    namespace and a split leaf (``test/val`` beside ``test/test``: public sdfinetune228). Only where
    the caller found no loss of that split named like one; a file or folder naming an accuracy makes it no loss."""
    splits = TRAIN_WORDS | VAL_WORDS | TEST_WORDS
    # (split words only, the marker resolved: a namespace and its split leaf, ``test/val``, curves_markerconflict;
    # such a section of per-set evaluations holds the objective, whatever its range: sdfinetune228's ``test/val``
    # 0.0578 -> 0.0850, an overfitting loss in [0, 1] ending above its first, is no score climbing)
    return [c for c in cands if c.marker in markers and c.wordset <= splits
            and (len(c.wordset) > 1 or not _rising_fraction(c.values()))]


def _rising_fraction(v: np.ndarray) -> bool:
    """Values in [0, 1] ending above their first: a score climbing, no loss (public `healthy` thesisgan71: a GAN's
    ``valid`` column, the fraction of valid SMILES 0 -> 0.95, read as the validation loss, was `overfit`)."""
    v = v[np.isfinite(v)]
    return len(v) >= 2 and float(v.min()) >= 0.0 and float(v.max()) <= 1.0 and float(v[-1]) > float(v[0])


# a split's whole objective named by how its terms are aggregated, alone after the split word (``train_total``,
# ``Training/Overall``, ``val/sum``, ``train_combined``): PLAIN_WORDS' aggregates, not its smoothing words
TOTAL_WORDS = frozenset({"total", "overall", "sum", "combined"})


def total_losses(cands: list) -> list:
    """A run that logs its objective as a split's ``total`` beside its terms, without the word "loss"
    (``train_total``, ``val_total`` beside ``train_l1``, ``train_perc``: a super-resolution model's L1 + perceptual
    sum, the eighteenth set's clear `healthy` ``ruhalis-sr``, was `unknown` "no usable loss"; an inpainting VAE's
    ``Training/Overall`` beside ``Training/KL``, ``Training/TV``, ``Training/PSNR``, a blind labeller's run, the
    same): those candidates, when one is training-marked; [] otherwise (a bare ``total`` or an
    evaluation's ``eval_total`` count is no loss). The total is any one word of ``TOTAL_WORDS``."""
    found = [c for c in cands if len(c.rest) == 1 and c.rest <= TOTAL_WORDS and c.marker in ("train", "val", "test")]
    return found if any(c.marker == "train" for c in found) else []
