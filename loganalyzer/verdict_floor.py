"""Underfit without a class count (issue 9, kind 5): the chance level presumed from the log itself.

domain.md's underfit: "a plateau reached early while the loss is still high relative to what the task allows
(accuracy near chance, or loss near the ln k of guessing), training and validation loss close together, and no
downward trend left". With ``--num-classes``/``--chance-loss`` the rules know the floor. Without them, a classifier
that starts at chance tells k itself: a randomly initialised softmax head's cross-entropy starts at ln k (a little
above: random logits only add to it). So:

- the presumed k: the first logged training loss, logged at the start of training (its step <= 2% of the run; <= 10%
  for per-epoch logs when an accuracy logged as early reads chance), lies within [0.90, 1.10] x ln k for some k in
  2..400 (the closest k in log terms; a first loss above ln 400 = 5.99 is a language model's ln V). An accuracy
  series, when logged, must agree: its first value, when logged at the start too (<= 2% of the run), near chance
  (<= 1/k + 0.15), and its last value not that of a near-perfect classifier (<= 0.9).
- underfit by that floor, either way:
  - accuracy confirms it (first <= min(0.5, 1/k + 0.35), last <= 0.65: far below what a classifier that fits its
    task reaches): training and validation end at >= 45% of ln k, flat or still falling when the run stopped;
  - from the loss alone: the plateau within the first 15% of the run (``plateau_start_position`` <= 0.15), no
    downward trend left (``end_slope_snr`` > -2), the end at >= 40% of ln k (>= 50% for k > 10, where any first
    loss matches some ln k).
  Both after removing >= 5% of the first loss (never moving at all is `stalled`'s business) by more than twice the
  log's point-to-point noise (one noisy batch of 8 reading ln k by chance says nothing), with validation, when
  logged, ending close to training (the rules' |gap| < 0.1 decade).

What keeps language models and fine-tunes out (they too end high in relative terms, domain.md):
- a loss logged beside its perplexity (ppl = exp(loss) at the same steps: ``curves.token_ppl``,
  ``curves_tokenloss``) is a token-level cross-entropy whose chance is ln V, whatever its first log: Joey NMT's
  first validation after 500 steps reads 4.036 = "ln 57" (public set 206's healthy course runs were `underfit` 0.55).
- a language model from scratch starts at ln V: word/BPE vocabularies (thousands and up) start above ln 400 and are
  never matched; a character-level one (ln V ~ 3.3-5.5) ends at 30-40% of ln V (its text's entropy), below the
  50% asked for k > 10, keeps creeping down for most of the run (power law), and logs no accuracy.
- a fine-tune of a pretrained classifier starts where pretraining left it, and an accuracy it logs is far above
  chance from its first log; its plateau comes as the learning rate decays, late in the run. A new head on a
  pretrained body does start at ln k: at k = 2 (where every binary head starts) and at k > 10 beside a learning-rate
  warm-up (a transformer's recipe; any first loss above ln 10 matches some ln k) the loss alone is not taken as
  evidence (``_loss_alone_tells``): an accuracy at chance must confirm it.
- the real logs with a clear label: none of the healthy ones matches all of this (eval/real_labels.tsv, the public
  dev runs); tests/test_verdict_unseen.py checks newly trained classifiers (k = 3..100), language models and a
  fine-tune.
A run that matches by coincidence is still reported with its evidence and a confidence of 0.65 at most, with a
finding that says how to settle it: ``--num-classes k`` (or ``--chance-loss``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .features import RunFeatures
from .verdict_evidence import accuracy_fractions, finite
from .verdict_finetune import FINETUNE_LR_LOG10, FINETUNE_SCHEDULE_DECAY
from .verdict_short import falling_at_end
from .verdict_metric import METRIC_LATE, metric_course

K_MAX = 400  # ln 400 = 5.99: a first loss above ~6 is a language model's ln V (vocabularies of 1,000s), not k classes
SMALL_K = 10  # up to here the ln k are >= 10% apart, so a first loss matching one of them is itself evidence
LOW, HIGH = 0.90, 1.10  # first logged loss / ln k (one batch at initialisation, or the mean of a first logging
# window in which the model already learned, reads a few % low)
PLATEAU_BY = 0.15  # the plateau reached within the first 15% of the run
FINAL_FRACTION = 0.40  # ... at >= 40% of ln k (k <= 10)
FINAL_FRACTION_LARGE_K = 0.50  # ... >= 50% for k > 10: char-level language models (ln V ~ 4-5.5) end at 30-40%
FALL_NOISE = 2.0  # the fall from the first log >= 2x the point-to-point noise (log10 units)
PRESUMED_CONFIDENCE = 0.65
# accuracy that confirms the chance start: its first log <= 1/k + 0.35 (and <= 0.5), its last <= 0.65 -- far below
# what classifiers that fit their task reach (the real healthy classifiers starting at ln k end at 0.75-0.99 accuracy
# or start far above chance, eval/real_labels.tsv; generated ones in tests/test_verdict_unseen.py)
ACC_FIRST_SLACK, ACC_FIRST_MAX, ACC_LAST_MAX = 0.35, 0.5, 0.65
# for k > SMALL_K the first loss matches some ln k by itself, so the accuracy must read chance, not just "low": its
# first log <= 1/k + 0.15 (public clear `healthy` gruauto v6, a GRU language model: first loss 5.79 = "ln 327",
# val_acc 0.251 at its first evaluation -- 80x the chance of 327 classes -- was `underfit` 0.55 by that accuracy)
ACC_FIRST_SLACK_LARGE_K = 0.15
EPOCH_START = 0.10  # per-epoch logs (Lightning, Keras) log first after epoch 1: <= 10% of the run, when an accuracy
# logged as early reads chance (<= 1/k + 0.15) -- the run was still at chance after its first epoch
ACC_FINAL_FRACTION = 0.45  # with that accuracy: training and validation both end at >= 45% of ln k


def nearest_k(first: float) -> int | None:
    """The k in 2..``K_MAX`` whose ln k is closest (in ratio) to a first logged loss, or None if none lies within
    [``LOW``, ``HIGH``] x ln k (e.g. 0.77..0.98: between ln 2 and ln 3)."""
    if not 0 < first <= math.log(K_MAX):
        return None
    guess = min(max(int(round(math.exp(first))), 2), K_MAX)
    near = (c for c in (guess - 1, guess, guess + 1) if 2 <= c <= K_MAX)
    k = min(near, key=lambda c: abs(math.log(first / math.log(c))))
    return k if LOW <= first / math.log(k) <= HIGH else None


@dataclass(frozen=True)
class Floor:
    """The chance level a run's own log suggests: k classes, from its first logged loss."""

    k: int
    chance: float  # ln k
    first: float  # the first logged training loss
    first_step: int
    final: float  # the training loss's end level (median of its last logs)
    accuracy_first: float | None = None
    accuracy_last: float | None = None
    by_accuracy: bool = False  # an accuracy series confirms the chance start and stays far below a fitted task

    @property
    def final_fraction(self) -> float:
        return self.final / self.chance


def presumed_floor(f: RunFeatures, curves: Curves) -> Floor | None:
    """k and ln k from the first logged training loss (and the accuracy, when logged), or None."""
    t = f.train
    if t is None or not t.log_scale or f.final_vs_chance == f.final_vs_chance:
        return None  # the floor is given (--num-classes/--chance-loss/hparams): the rules know it
    if getattr(curves, "token_ppl", None):
        return None  # a loss logged beside its perplexity: a token-level cross-entropy, chance ln V (curves_tokenloss)
    s, v = finite(curves.train_loss)
    if len(v) < 5:
        return None
    span = int(s[-1] - min(s[0], 0))
    at = (s[0] - min(s[0], 0)) / span if span > 0 else 1.0
    if at > EPOCH_START:
        return None  # the first log is not at the start of training: its value says nothing about chance
    first = float(v[0])
    k = nearest_k(first)
    if k is None:
        return None
    acc = curves.val_acc if curves.val_acc is not None else curves.train_acc
    a_first = a_last = None
    acc_at = 1.0
    read = accuracy_fractions(acc)  # a percentage or not an accuracy: no use
    if read is not None:
        a_s, a_v = read
        a_first, a_last = float(a_v[0]), float(a_v[-1])
        acc_at = (a_s[0] - min(a_s[0], 0)) / span
        if a_last > 0.9 or (acc_at <= 0.02 and a_first > 1 / k + 0.15):
            return None  # near-perfect, or far above chance from its first log: not at chance at the start
    if at > 0.02 and not (a_first is not None and acc_at <= EPOCH_START and a_first <= 1 / k + 0.15):
        return None  # a first log after the first epoch at ln k says chance only with an accuracy at chance beside it
    slack = ACC_FIRST_SLACK if k <= SMALL_K else ACC_FIRST_SLACK_LARGE_K
    by_acc = a_first is not None and a_first <= min(ACC_FIRST_MAX, 1 / k + slack) and a_last <= ACC_LAST_MAX
    return Floor(k, math.log(k), first, int(s[0]), t.final, a_first, a_last, by_acc)


def presumed_underfit(f: RunFeatures, curves: Curves) -> Floor | None:
    """The presumed floor when the run matches the underfit definition against it (see the module notes), else None.

    Common to both ways: the training loss removed >= 5% of its first log by more than ``FALL_NOISE`` x its noise,
    and validation (when logged) ends close to training. Then either
    - the accuracy confirms the chance start (``Floor.by_accuracy``): training and validation end at >= 45% of ln k
      (flat, or still falling when the run stopped: "cut off while the loss is still high", the labels' underfit);
    - or, from the loss alone: the plateau within the first 15% of the run, no downward trend left, the end at
      >= 40% of ln k (>= 50% for k > 10, where a first loss matches some ln k by itself).
    """
    floor = presumed_floor(f, curves)
    t = f.train
    if floor is None or metric_still_rising(curves) or falling_at_end(curves.train_loss) is not None:
        return None  # (still falling when it stopped: no plateau to call high, verdict_short.falling_at_end)
    removed = 1 - t.final / floor.first
    close = f.gap_final != f.gap_final or abs(f.gap_final) < 0.1
    # the fall from the first log stands out of the log's own wiggles: a single noisy first batch that happens to
    # read ln k, in a per-step log whose points jump by as much as the whole fall, tells nothing
    clear_fall = math.log10(floor.first / t.final) >= FALL_NOISE * t.noise
    if not (removed >= 0.05 and close and clear_fall):
        return None
    if floor.by_accuracy:
        val_high = f.val is None or f.val.final >= ACC_FINAL_FRACTION * floor.chance
        if floor.final_fraction >= ACC_FINAL_FRACTION and val_high:
            return floor
    if not _loss_alone_tells(floor, f, _peak_lr(curves)):
        return None
    least = FINAL_FRACTION if floor.k <= SMALL_K else FINAL_FRACTION_LARGE_K
    if t.plateau_start_position <= PLATEAU_BY and t.end_slope_snr > -2.0 and floor.final_fraction >= least:
        return floor
    return None


def _peak_lr(curves: Curves) -> float:
    """The largest finite learning rate logged (NaN when none is)."""
    _, v = finite(curves.lr)
    return float(v.max()) if len(v) else math.nan


def _loss_alone_tells(floor: Floor, f: RunFeatures, peak_lr: float = math.nan) -> bool:
    """Whether the first logged loss alone (no accuracy) says the run started a new classifier from chance.

    - k = 2: no. ln 2 is where every new binary head starts, on a pretrained body as much as from scratch, and what a
      binary task allows varies widely (sentiment fine-tunes end at 0.25-0.3 nats). Public `healthy` runs the loss
      alone called `underfit`: the thirteenth set's ``selvsent`` (clear: a sentiment fine-tune, 0.688 -> 0.29, 42%
      of ln 2), the twelfth's ``fundusssl`` (clear: a MoCo head, 0.674 -> 0.424, 65%), ``fmnist-pl v1`` (45%); no
      public run labelled `underfit` is caught that way (those at ln 2 log an accuracy at chance:
      ``deepfake-detector``, ``pneumonia``).
    - k > ``SMALL_K`` beside a learning-rate warm-up: no. Any first loss above ln 10 lies within 10% of some ln k,
      so the match is no evidence by itself, and a warm-up is the recipe of transformers and fine-tunes, whose
      first loss is their pretrained model's, not chance: the thirteenth set's `healthy` ``gptlora`` (a LoRA
      language-model fine-tune, 5.289 -> 3.369, "ln 198") was `underfit` 0.55.
    - A learning rate decayed >= 2x from a peak <= 5e-5, no warm-up (HF Trainer's default is a linear decay): no,
      for the same reason: opened set 93's clear `healthy` ``techft93`` (a language-model fine-tune, 3.447 -> 2.71,
      "ln 31", LR 5e-5 decayed linearly to 2e-8) was `underfit` 0.6. The peak, not the median: a from-scratch
      classifier whose step decay took a 1e-3 start to 1e-7 has a small median too (a breaker's case, stop 46).
    The accuracy path (``Floor.by_accuracy``) is not affected: an accuracy at chance beside the loss tells k."""
    if floor.k == 2:
        return False
    if f.lr_warmup and f.lr_log10_median <= FINETUNE_LR_LOG10:
        return False  # a warm-up to a fine-tune's learning rate: the first loss is a pretrained model's
    if f.lr_decay >= FINETUNE_SCHEDULE_DECAY and peak_lr <= 10 ** FINETUNE_LR_LOG10:
        return False  # a decay from a fine-tune's learning rate (never above 5e-5): the same
    return floor.k <= SMALL_K or not f.lr_warmup


METRIC_RISING_GAIN = 0.2  # a task metric that gained >= 0.2 and was at its best in the last 20% of its evals


def metric_still_rising(curves: Curves) -> bool:
    """The task's validation metric still improving at the end (``MetricCourse.kept_improving``: its best in the
    last 20% of its evaluations) after a large gain (>= ``METRIC_RISING_GAIN``): "no downward trend left" fails, so
    neither a presumed floor nor a low accuracy beside it makes the run underfit. Public `healthy` ``aes-nn
    hybrid_ultra`` (a binary classifier at ln 2 for 25 epochs, then escaping: val_auc 0.50 -> 0.88 at its last
    evaluation) was `underfit` 0.65. With no other metric, the validation accuracy (ending above 0.5) counts: public
    clear `healthy` ``fer2`` (facial expressions, 7 classes: val_acc 0.28 -> 0.638 at its last epoch, still rising;
    0.64 is a usual level on that task) was `underfit` 0.55 from a presumed ln 6."""
    course = metric_course(curves.val_metric)
    if course is None and curves.val_acc is not None:  # no other metric: the validation accuracy, as fractions
        read = accuracy_fractions(curves.val_acc, percent=True)
        if read is not None and len(read[1]) >= 3:
            v = read[1]
            i = int(np.argmax(v))
            # above a coin's 0.5: an accuracy still rising at 0.39 (a LeNet on CIFAR-10) is still low (the labels)
            return i >= METRIC_LATE * (len(v) - 1) and float(v[i] - v[0]) >= METRIC_RISING_GAIN and v[-1] > 0.5
    return course is not None and course.kept_improving and abs(course.best - course.first) >= METRIC_RISING_GAIN


UNDERFIT_HIGH = 0.5  # the rules' "high" against a known floor: final loss > 0.5x the chance loss (verdict.rule_scores)
ACC_STILL_LOW = ACC_LAST_MAX  # an accuracy that ended at or below this is still far from a fitted task
CUT_SHORT_MAX_K = 20  # ln 20 = 3.0: below it the ln k of neighbouring k lie > 10% apart (nearest_k)


def high_for_a_classifier(f: RunFeatures, steady, curves: Curves) -> bool:
    """A short steady fall is "still high" (a run cut short: underfit) only against a floor: the known chance loss
    (ending above half of it), an accuracy that ended <= 0.65 (``verdict_floor``'s "far below what a classifier
    that fits its task reaches"; percentages read as fractions, as ``accuracy_never_rose`` reads them: the public
    `underfit` s9r50, a Tiny-ImageNet ResNet stopped after 10 epochs at top1 19.3 (%) while its loss still fell, was
    `healthy` when 19.3 was no accuracy), or a first log at ln k of a small k (k <= ``CUT_SHORT_MAX_K``), where ln k
    is no coincidence. A first loss that matches only a large k (any value above ~ln 20 lies within 10% of some ln k) is
    as likely a language model or a fine-tune, which end high by nature (the labels: not underfit)."""
    if f.final_vs_chance == f.final_vs_chance:
        return f.final_vs_chance > UNDERFIT_HIGH
    if getattr(curves, "token_ppl", None):
        return False  # a token-level loss (beside its perplexity): its token accuracy is no classifier's (opened
        # 206's peypodmt3-206, Joey NMT cut at step 500: token accuracy 0.09, labelled healthy, "too short to judge")
    for acc in (curves.val_acc, curves.train_acc):
        read = accuracy_fractions(acc, percent=True)
        if read is not None:
            return float(read[1][-1]) <= ACC_STILL_LOW
    k = nearest_k(steady.first)
    return k is not None and k <= CUT_SHORT_MAX_K
