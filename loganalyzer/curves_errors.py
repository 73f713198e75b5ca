"""A run's losses when nothing is named like one, by an error measure's or perplexity's name (``curves.find_curves``):
``train_mse``/``val_mse``, ``Train RMSE``, ``mean_squared_error`` (spelled out: ``readers._names_i18n.abbreviated``),
``val_ppl``. Split from ``curves_names``."""
from __future__ import annotations

import numpy as np

from .curves_names import ACC_WORDS, RUNNING_MIN, TEST_WORDS, TRAIN_WORDS, VAL_WORDS, tag_words

# error metrics that are a regression's loss when nothing is named like a loss (``l1``: an image model's L1
# reconstruction error, ``train_L1``/``val_L1`` beside a GAN's ``train_G``/``train_D``: public spfgan train_log.csv,
# `unknown` "no series named like a loss" before)
# ``l2``: LightGBM's name for the squared error (its regression objective's default metric, ``evals_result_``'s
# ``{"training": {"l2": [..]}, "valid_1": {"l2": [..]}}``: public quantself148), only under a split's name (a bare
# ``l2`` beside ``prec | rec`` is a weight norm: tests/test_verdict50), never a norm or a penalty (``L2_NORM``)
# ``epe``: optical flow's and stereo's end-point error (mean pixel distance of the predicted flow / disparity), the
# measure RAFT's train.py logs as its training metric (``Logger.write_dict``/``push``: ``epe``, ``1px``, ``3px``,
# ``5px`` in an event file, beside validations named by their dataset): public raftasphere193, three runs `unknown`
ERROR_WORDS = ("mse", "rmse", "mae", "l1", "l2", "epe")
L2_NORM = frozenset({"norm", "grad", "gradient", "reg", "regularization", "penalty", "weight", "weights", "decay",
                     "param", "params", "dist", "distance", "w", "feat", "feature", "features", "emb", "embedding"})
# a language model's perplexity (exp of its cross-entropy: the same curve, monotone) is its loss when nothing is named
# like one (``Train perplexity at epoch 3: 129.14`` / ``Validation perplexity ...``, readers/_progress_words.py)
# bits per character / per dimension (a character model's ``bpc = 2.16``, a flow's ``bpd``: the cross-entropy in bits,
# readers/_joblog_bpclines.py; public kerascharrnn224's only validation series) likewise
PERPLEXITY_WORDS = ("perplexity", "ppl", "bpc", "bpd")
# a knob or a reference value named after an error measure (``mean_squared_error_weight``, ``baseline_mse``,
# ``mse_coef``): no loss (a stop-50 breaker's ramping MSE weight was `diverged` 0.99, a constant baseline `stalled`)
KNOB_WORDS = frozenset({"weight", "weights", "coef", "coeff", "lambda", "scale", "beta", "baseline", "naive", "factor",
                        "target", "threshold"})


# an error rate named as such ('Training Error', 'validation error %': the fraction misclassified, or a regression's
# error unnamed), the loss only of a run that logs nothing else a loss could be (an aipw5 trainer's '#Epoch<TAB>Training
# Error' table, the Theano tutorials' 'epoch 1, minibatch 120/120, validation error 86.93 %'): never beside a loss
RATE_WORDS = ("error", "err")
# ... and only as the whole name beside a split's word (a rate's spelling): 'reward_std_err' (a standard error),
# 'td_error' (an RL critic's TD error, growing with the value scale), 'val_err_count', 'relative_error_of_lr_finder'
# name other things (brk57: a rising reward judged `stalled` on its std_err, `diverged` 0.95 on its TD error)
RATE_EXTRA = frozenset({"", "rate", "pct", "percent", "classification", "top1", "avg", "mean", "epoch"})


def error_losses(cands: list, rates: bool = False) -> list:
    """A regression logged without the word "loss" (``train_mse``, ``val_mse``, ``train_mae``, ...), or a language
    model logging only its perplexity (``train_perplexity``, ``val_ppl``): the candidates of the first of
    ``ERROR_WORDS`` + ``PERPLEXITY_WORDS`` that a tag not only of the test split holds, to be judged as its losses
    (else the first a test tag holds); names of a knob or a reference (``KNOB_WORDS``) only when no other tag holds
    any of those words (``train_target_rmse`` alone is the loss); [] when none does. ``rates``: an error rate
    (``RATE_WORDS``) too, for a run with no other loss."""
    plain = [c for c in cands if not c.wordset & KNOB_WORDS]
    words = ERROR_WORDS + PERPLEXITY_WORDS + (RATE_WORDS if rates else ())
    return _first_error(plain, words) or _first_error(cands, words)


_SPLITS = TRAIN_WORDS | VAL_WORDS | TEST_WORDS
_RATE_OK = RATE_EXTRA | _SPLITS


def _first_error(cands: list, words: tuple) -> list:
    first = []
    for word in words:
        found = [c for c in cands if word in tag_words(c.tag) and not c.wordset & (ACC_WORDS | RUNNING_MIN)
                 and not (word == "l2" and (c.wordset & L2_NORM or not set(tag_words(c.tag)) & _SPLITS))
                 and not (word in RATE_WORDS and set(tag_words(c.tag)) - {word} - _RATE_OK)]
        if found and any(c.marker != "test" for c in found):
            return found
        first = first or found
    return first  # (a test-only error measure when no other is there: ``Train RMSE``/``Val RMSE`` beside ``Test
    # Mean Squared Error`` are the losses, not the test's mse)


RECON_WORDS = frozenset({"recon", "reconstruction"})  # not ``rec``: a recall beside ``prec`` (a breaker's case)
# the terms an autoencoder weighs against its reconstruction (a KL, a penalty): ``l1``/``l2``/``residual`` are not
REGULARISER_WORDS = frozenset({"kl", "kld", "reg", "regularization", "regularisation", "regularizer", "penalty",
                               "commitment", "codebook", "vq", "physics", "phys", "pde"})
RECON_CLIMB = 1.1  # a reconstruction ending > 10% above its lowest: a beta schedule moved it (no verdict from it)


def reconstruction_losses(cands: list) -> list:
    """An autoencoder logging its terms but no total (public pvtvae42: ``Recon``, ``KL``, ``Phys``): the reconstruction
    term, when a regulariser (``REGULARISER_WORDS``: a KL, a penalty) is logged beside it and the reconstruction did
    not end above ``RECON_CLIMB`` x its lowest -- a beta raised mid-run pushes it up by design, a rise no verdict
    here can read (a breaker's beta-VAE: Recon 5.77 -> 3.72 -> ~6 as beta went 0 -> 4, `diverged` 0.91; it stays
    `unknown`, as before) -- judged as its loss; [] otherwise."""
    splits = TRAIN_WORDS | VAL_WORDS | TEST_WORDS
    recon = [c for c in cands if c.wordset & RECON_WORDS and c.wordset <= RECON_WORDS | splits]
    if not recon or not any(c.wordset & REGULARISER_WORDS for c in cands):
        return []
    for c in recon:
        v = c.values()
        v = v[np.isfinite(v)]
        if len(v) < 2 or v.min() <= 0 or v[-1] > RECON_CLIMB * v.min():
            return []
    return recon


# a split's reconstruction / likelihood term standing alone (``val_rec``, ``train_recon``, ``test_nll``): an
# autoencoder's (VAE's, VQ-VAE's) objective as its JSON history names it, no ``loss`` word, no total, no KL beside
SPLIT_TERM_WORDS = RECON_WORDS | {"rec", "nll"}
_RECALL_BESIDE = frozenset({"prec", "precision", "f1", "f1score", "recall", "acc", "accuracy", "auc", "iou"})


def split_term_losses(cands: list) -> list:
    """The series named by one split word and one reconstruction / likelihood word (``SPLIT_TERM_WORDS``) and nothing
    else, judged as the loss when nothing else is one (public vqtoy174 ``logs.json``: ``{"val_rec": [60 values],
    "angle": [..], "entropy": [..], "dead": [..]}``, a toy VQ-VAE's validation reconstruction error beside codebook
    statistics: `unknown` "no series named like a loss"; readers/_json_lossword.py reads such a file). ``rec`` is a
    recall beside a precision (a classifier's ``val_prec``/``val_rec``/``val_f1``): a run naming any score
    (``_RECALL_BESIDE``) gets none; [] otherwise."""
    splits = TRAIN_WORDS | VAL_WORDS | TEST_WORDS
    if any(c.wordset & _RECALL_BESIDE for c in cands):
        return []
    return [c for c in cands if len(c.wordset) == 2 and c.wordset & splits and c.wordset & SPLIT_TERM_WORDS
            and c.wordset <= splits | SPLIT_TERM_WORDS]
