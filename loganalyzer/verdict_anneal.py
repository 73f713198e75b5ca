"""A loss that levelled off while its learning rate was annealed to the end of a planned schedule (issue 9, stop 27).

domain.md: "Many healthy runs end far above zero: language models (irreducible entropy of text), fine-tunes of
pretrained models (they start low and improve little in relative terms) ... A fixed 'final loss / initial loss'
threshold calls those underfit." The rules' underfit without a known floor rests on exactly that threshold (removed
< 35% of the first logged loss, ``verdict.rule_scores``). A transformers fine-tune or language model usually logs its
first loss only after ``logging_steps`` (the steepest fall already behind it) and runs a linear or cosine schedule
down to (nearly) zero: the loss flattens because the schedule ends, which says nothing of a capacity limit.

``annealed_plateau`` -> `healthy` instead of `underfit` (``verdict_refine.refine``), at most ``ANNEAL_CONFIDENCE``,
when all of these hold:

- no floor is known (no ``--num-classes``/``--chance-loss``/hparams): with one, "high" is measured against it;
- a learning-rate series of >= ``MIN_LR_LOGS`` logs after its peak ran down to <= 1/``DECAY`` (8x, about one decade:
  what a linear or cosine schedule reaches at its end) of that peak, *smoothly*: >= ``MIN_LR_LOGS`` distinct values
  and a new value at >= ``SMOOTH_SHARE`` (half) of the logs after the peak -- a per-step schedule planned from the
  start, not ReduceLROnPlateau's two or three cuts, which a plateau itself triggers (the public `underfit` runs
  chessval-nn, crypto-tft optuna v1, dermacqi stage1, sleep-apnea: 3-11 distinct values in 13-116 logs);
- the loss is on a cross-entropy's scale: its first logged value <= ``verdict_cut.LN_V_MAX`` (ln of the largest
  vocabularies; a VLA fine-tune's 28.4 is none); a classifier whose first loss is ln k and which flattened at a large
  fraction of it is `underfit` by ``verdict_floor.presumed_underfit`` before this check is asked;
- no task measure says the model could not fit: no accuracy ending <= ``verdict_chance.LOW_ACC`` (0.5) over >= 3
  evaluations, no accuracy or task metric that never rose (``verdict_flatacc.accuracy_never_rose``), and no
  higher-is-better task metric at exactly 0 at each of >= 3 evaluations (a flan-T5 whose eval BLEU stayed 0, a YOLO
  run whose mAP stayed 0: ``_metric_at_zero``).

Dev evidence (eval/public dev, stop 27): of the runs the tool called `underfit`, 16 (15 runs) had a learning rate
that ended at <= 1/8 of its peak: 7 labelled `healthy`, 9 `underfit`. The conditions above take 6 of the 7 `healthy`
(HF/W&B/TensorBoard LM pretraining and LoRA/SFT fine-tunes: ad-lm, kk-gpt2, llama3lora-hh, mh-llama, yali-gpt,
zhang-l3; not fundusssl, a MoCo classifier under a step decay) and none of the 9 `underfit` (step decays:
chessval-nn, crypto-tft optuna v1, dermacqi stage1, sleep-apnea #1/#2; a loss above ln V: vlapeft; an accuracy
ending at 0.39: cifar10-alexnet j49x533g; mAP or BLEU at 0: constellation train11, womenmh). The shared real logs
and the generated sets gen1/gen2 do not change. Confidence <= 0.5: the task's floor is still unknown.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .features import RunFeatures
from .verdict_base import times, _fmt, _step
from .verdict_chance import LOW_ACC
from .verdict_cut import LN_V_MAX
from .verdict_evidence import accuracy_fractions, finite
from .verdict_flatacc import accuracy_never_rose
from .verdict_metric import metric_course

ANNEAL_CONFIDENCE = 0.5
DECAY = 8.0  # the schedule ended at <= 1/8 of its peak (log10 8 = 0.9: about a decade)
MIN_LR_LOGS = 5
SMOOTH_SHARE = 0.5


@dataclass(frozen=True)
class Annealed:
    """The schedule that ran down and the loss that levelled off under it, with logged values and steps."""

    lr_name: str
    peak: float
    peak_step: int
    last: float
    last_step: int
    loss_name: str
    first: float
    first_step: int
    final: float
    final_step: int

    @property
    def reason(self) -> str:
        ratio = "to 0" if self.last <= 0 else times(self.peak / self.last)
        return (f"`{self.lr_name}` was annealed smoothly from its peak {_fmt(self.peak)} (step {_step(self.peak_step)})"
                f" {ratio} by step {_step(self.last_step)} ({_fmt(self.last)}): `{self.loss_name}` "
                f"({_fmt(self.first)} at step {_step(self.first_step)}, {_fmt(self.final)} at step "
                f"{_step(self.final_step)}) levelled off as its schedule ended, as fine-tunes and language models "
                "do far above zero; no floor known")


def _schedule(curves: Curves):
    s, y = finite(curves.lr)
    if len(y) < MIN_LR_LOGS or y.max() <= 0:
        return None
    p = int(np.argmax(y))
    after = y[p:]
    if len(after) < MIN_LR_LOGS or after[-1] > after[0] / DECAY or after.min() < 0:
        return None
    changes = int(np.count_nonzero(np.abs(np.diff(after)) > 1e-9 * after[0]))
    if len(np.unique(after)) < MIN_LR_LOGS or changes < SMOOTH_SHARE * (len(after) - 1):
        return None
    return float(after[0]), int(s[p]), float(after[-1]), int(s[-1])


def _metric_at_zero(curves: Curves) -> bool:
    """A higher-is-better task metric (BLEU, mAP, F1) at exactly 0 at each of >= 3 evaluations: the model produced
    nothing the task can use (``verdict_floor`` leaves such a series out as evidence *for* underfit; here it only
    withholds the call to `healthy`)."""
    for series in (curves.val_metric, *curves.other_metrics):
        course = metric_course(series) if series is not None else None
        _, v = finite(series)
        if course is not None and course.higher_is_better and len(v) >= 3 and not v.any():
            return True
    return False


def _measure_low(curves: Curves) -> bool:
    for series in (curves.val_acc, curves.train_acc):
        read = accuracy_fractions(series, percent=True)
        if read is not None and len(read[1]) >= 3:
            return float(read[1][-1]) <= LOW_ACC
    return accuracy_never_rose(curves) is not None or _metric_at_zero(curves)


def annealed_plateau(f: RunFeatures, curves: Curves | None) -> Annealed | None:
    """The annealed schedule under which the loss levelled off (module notes), or None."""
    if curves is None or curves.lr is None or f.final_vs_chance == f.final_vs_chance:
        return None
    loss = curves.train_loss if f.train is not None and curves.train_loss is not None else curves.val_loss
    s, v = finite(loss)
    if len(v) < 2 or v[0] <= 0 or v[0] > LN_V_MAX:
        return None
    sched = _schedule(curves)
    if sched is None or _measure_low(curves):
        return None
    peak, peak_step, last, last_step = sched
    return Annealed(curves.lr.name, peak, peak_step, last, last_step, loss.name, float(v[0]), int(s[0]),
                    float(v[-1]), int(s[-1]))
