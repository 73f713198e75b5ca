"""The two line patterns of ``ending`` that say a job stopped itself: a NaN/Inf abort (``NAN_LINE``) and a clean end
(``COMPLETED``: the training's own completion line or an early-stopping callback's last word), with what a
completion line tells (``completed_detail``). Plain patterns over one cleaned line (``ending.line_signals``).

Early stopping's last words, by source:
- Keras ``callbacks.EarlyStopping(verbose=1)``: ``Epoch 00012: early stopping``;
- Lightning ``callbacks/early_stopping.py`` (``_evaluate_stopping_criteria``, verbose): ``Monitored metric val_loss
  did not improve in the last 5 records. Best score: 0.035. Signaling Trainer to stop.`` (patience),
  ``Stopping threshold reached: val_loss = 0.01 < 0.05. Signaling Trainer to stop.`` (the target was met) and
  ``Divergence threshold reached: val_loss = 9.8 > 5.0. Signaling Trainer to stop.`` (the run was stopped because its
  monitored metric diverged past the user's bound; its non-finite case, ``... is not finite. Previous best ...``, is
  a NaN abort);
- NGCF / KGAT ``utility/helper.early_stopping``: ``Early stopping is trigger at step: 4 log:0.1234``, and the usual
  hand-written ``Early stopping!`` / ``Early stopping at epoch 23`` / ``Early stopping triggered`` (a patience
  counter's ``EarlyStopping counter: 3 out of 10`` and a config's ``early stopping patience: 10`` are no end).
- scikit-learn's ``MLPClassifier``/``MLPRegressor(verbose=True)`` (``_multilayer_perceptron._fit_stochastic`` and
  ``_stochastic_optimizers.trigger_stopping``, sklearn 1.9): ``Validation score did not improve more than
  tol=0.000100 for 5 consecutive epochs. Stopping.`` (``early_stopping=True``; ``Training loss ...`` without it; SGD
  with an adaptive rate adds ``Learning rate too small.``, its ``Setting learning rate to ..`` is no end), and, where
  stderr goes to the same log, the ``ConvergenceWarning`` of a fit that ran all its ``max_iter`` epochs
  (``Stochastic Optimizer: Maximum iterations (30) reached and the optimization hasn't converged yet.``): a clean
  end, not early stopping.
"""
from __future__ import annotations

import re

NAN_LINE = re.compile(
    r"Invalid loss, terminating training|is not finite\. Previous best|returned nan values in its|"
    r"found NaN in|FloatingPointError|Minimum loss scale reached|"
    r"\b(?:loss|grad(?:ient)?s?(?: norm)?)\b.{0,40}?\b(?:is|became|are|was|=|:)\s*(?:nan|NaN|inf|Inf)\b.{0,60}"
    r"(?:stop|abort|terminat|exit|skip|halt)|(?:stop|abort|terminat)\w*.{0,40}\b(?:nan|NaN)\b|"
    # a line saying only that the loss is NaN (a level word before it is cleaned off): a loop's own NaN check
    # reporting before it exits (KGAT/NGCF Main.py: ``if np.isnan(loss) == True: print('ERROR: loss@epoch is
    # nan.'); sys.exit()``; the breaker's stop-61 W2)
    r"^\W*(?:(?:ERROR|FATAL|CRITICAL)\W+)?(?:loss|grad\w*)\S*\s+(?:is|became)\s+(?:nan|inf)\W*$", re.I)

COMPLETED = re.compile(
    r"`Trainer\.fit` stopped: `max_(?:epochs|steps|time)=?.*` reached|"
    r"\b(?:[Tt]raining (?:completed|complete|finished|done)|[Ff]inished training|"
    r"TRAINING (?:COMPLETED?|FINISHED|DONE)|Training (?:COMPLETED?|FINISHED|DONE))\b|"
    r"(?P<keras>^Epoch \d+: early stopping\b)|"
    r"(?P<patience>did not improve in the last \d+ records\. Best score: \S+\. Signaling Trainer to stop)|"
    r"(?P<sklearn>did not improve more than tol=\S+ for \d+ consecutive epochs\. (?:Learning rate too small\. )?"
    r"Stopping\.)|Maximum iterations \(\d+\) reached and the optimization hasn't converged yet|"
    r"(?P<threshold>(?P<kind>Stopping|Divergence) threshold reached: (?P<what>.+?)\.? Signaling Trainer to stop)|"
    r"(?P<hand>^\W*(?:Epoch \d+\W+)?(?i:early[ _-]?stopping)(?:!|\.?\s*$| is trigger(?:ed)?\b| triggered\b|"
    r" at (?:epoch|step|iter)))")


def completed_detail(match: re.Match) -> dict:
    """The ``detail`` of a ``completed`` signal from its ``COMPLETED`` match: ``early_stopping`` (True) for any
    early-stopping line; ``threshold``: ``"stopping"`` (the target was met) or ``"divergence"`` (stopped because the
    monitored metric passed its divergence bound) with ``reached`` the callback's ``monitor = value op bound``."""
    if match.group("threshold"):
        return {"early_stopping": True, "threshold": match.group("kind").lower(), "reached": match.group("what")}
    if match.group("keras") or match.group("patience") or match.group("hand") or match.group("sklearn"):
        return {"early_stopping": True}
    return {}
