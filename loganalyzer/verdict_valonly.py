"""Overfit told by a validation loss alone: no training loss logged, validation climbed well above its best and
kept climbing to the end.

domain.md's overfit is validation reaching a minimum and then rising while training goes on. A run that logs only
its evaluation (TF Estimator's ``Saving dict for global step N: average_loss = ..`` lines, an eval-only CSV) leaves
no training loss to show it fell, but training went on between evaluations all the same, and an evaluation loss
that climbs to a multiple of its best and keeps climbing is the turn itself. Public opened-set runs labelled
`overfit` were `healthy` ("fell from its first evaluation"): particle109 FilteredParticles (eval average_loss best
0.000235 at eval 21, 0.0005 around it, decile means 0.00054 -> 0.00135 at eval 55) and particle109 overfittingTest
(198 training rows: best level ~3.0 around eval 50, climbing steadily to 5.7 at eval 100). A validation loss that
fell to its last evaluations (particle109 60kDecaySteps, healthy: best at eval 91 of 100) is left alone.

The thresholds (``overfit_without_training_loss``), on the validation loss's logged values:
- no training loss, >= ``MIN_EVALS`` (10) finite evaluations;
- its level: a running median over ``WIDTH`` (5) evaluations (or a tenth of them; ``features_robust
  .running_median``, the ends padded with the first and last values), so that one lucky
  evaluation is no best (FilteredParticles' 0.000235 beside 0.0004-0.0006);
- that level's lowest lies in the first ``BEST_BY`` (60%) of the evaluations;
- the median of the last third is >= ``RISE`` (1.5x) that lowest level and above it by >= ``NOISE`` (3) x the
  evaluations' noise (the median absolute difference of neighbours after the best level: a wild start is no
  noise of the climb);
- the evaluations after the best level climb: Spearman's rank correlation with their order >= ``TREND`` (0.5; tied
  values at their average rank), and
  the last level lies above the best by >= half the last third's rise (no fall back at the end).
The verdict is `overfit` at ``CONFIDENCE`` (0.6): without the training loss, a divergence of training itself cannot
be ruled out, which the summary says.

A `diverged` read off such a validation loss alone (the rules take it for the training loss) is this climb instead
when the validation accuracy held its best (``accuracy_held``): a model that diverges loses its accuracy with its
loss; one that overfits grows overconfident, its loss climbing while its accuracy stays. Public openlth201's lottery
tickets (open_lth ``logger``: test_loss and test_accuracy only, both labelled `overfit`): test_loss 0.055 at its best
-> 0.195 (exp1-level_12), 0.085 -> 0.164 (2f4be23b-level_0), test_accuracy flat at 0.98 from early on; both were
`diverged` 0.6. Held: >= ``MIN_EVALS`` finite accuracies, the peak above the first by >= ``ACC_LEARNED`` (0.1) of
the scale (1 or 100), and the last third's median within ``ACC_KEPT`` (10%) of the rise below the peak.

The other way round (``validation_collapsed``): with no training loss, a validation loss whose last third stays >=
``COLLAPSE_LOSS`` (1.5x) its first while the validation accuracy's last third stays <= ``COLLAPSE_ACC`` (half) its
peak lost what it had learned: `diverged` (at ``COLLAPSE_CONFIDENCE``, 0.5: such logs are short). Public
dnabertenh199 run_lr5e3_Jul20 (an HF fine-tune at lr 5e-3, eval only, 3 evaluations: eval/loss 0.605 -> 1.09 ->
1.03, eval/accuracy 0.933 -> 0.038, one class predicted; labelled `diverged`) was `stalled` 0.49.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .verdict_base import times, Finding, _fmt, _step
from .features_robust import running_median
from .verdict_evidence import finite

MIN_EVALS = 10
WIDTH = 5
BEST_BY = 0.6
RISE = 1.5
NOISE = 3.0
TREND = 0.5
CONFIDENCE = 0.6
ACC_LEARNED, ACC_KEPT = 0.1, 0.1
COLLAPSE_LOSS, COLLAPSE_ACC, COLLAPSE_CONFIDENCE = 1.5, 0.5, 0.5


@dataclass(frozen=True)
class ValidationClimb:
    """What ``overfit_without_training_loss`` found: the series' name and x unit, its lowest logged value and step,
    its lowest running level and that level's step, the last third's median and the last logged value and step."""
    name: str
    x: str
    width: int  # the level is the median of this many evaluations
    lowest: float
    lowest_step: int
    level: float
    level_step: int
    late: float
    last: float
    last_step: int

    @property
    def summary(self) -> str:
        return (f"no training loss logged; validation `{self.name}` climbed after its best and kept climbing: its "
                f"level (median of {self.width} evaluations) was lowest at {_fmt(self.level)} around {self.x} "
                f"{_step(self.level_step)} (lowest logged {_fmt(self.lowest)} at {self.x} {_step(self.lowest_step)}), "
                f"its last third's median is {_fmt(self.late)} ({times(self.late / self.level)}), last logged "
                f"{_fmt(self.last)} at {self.x} {_step(self.last_step)}: training went on past the point where it "
                "generalised best (without the training loss, a training gone wrong cannot be ruled out).")

    @property
    def finding(self) -> Finding:
        return Finding("validation_climbed", f"validation `{self.name}` level lowest {_fmt(self.level)} around "
                                             f"{self.x} {_step(self.level_step)}, last third's median "
                                             f"{times(self.late / self.level)} it; no training loss logged",
                       self.level_step)

    @property
    def advice(self) -> tuple[str, ...]:
        return (f"Keep the checkpoint near {self.x} {_step(self.level_step)} (validation's best level) and stop "
                "there next time (early stopping on the validation loss).",
                "Log the training loss too: it tells overfitting (training still falling) from a training that "
                "went wrong.",
                "Add regularisation (dropout, weight decay) or data augmentation; get more data if you can.")


def _spearman(values: np.ndarray) -> float:
    """Spearman's rank correlation of ``values`` with their order, tied values at their average rank (a loss printed
    at few decimals repeats its values: ordinal ranks would read a flat stretch as a climb)."""
    if len(values) < 3 or np.ptp(values) == 0:
        return 0.0
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    ranks = (starts + (counts - 1) / 2.0)[inverse]
    return float(np.corrcoef(ranks, np.arange(len(values), dtype=float))[0, 1])


def overfit_without_training_loss(curves: Curves) -> ValidationClimb | None:
    """The validation loss's climb (module docstring) when the run logs no training loss, else None."""
    if curves.train_loss is not None or curves.val_loss is None:
        return None
    steps, values = finite(curves.val_loss)
    n = len(values)
    if n < MIN_EVALS or (values <= 0).any():
        return None
    width = max(WIDTH, n // 10) | 1
    levels = running_median(values, width)
    b = int(np.argmin(levels))
    if b >= BEST_BY * n:
        return None
    late = float(np.median(values[-max(3, n // 3):]))
    noise = float(np.median(np.abs(np.diff(values[b:]))))
    level = float(levels[b])
    if late < RISE * level or late - level < NOISE * noise:
        return None
    if _spearman(values[b:]) < TREND or levels[-1] - level < 0.5 * (late - level):
        return None
    low = int(np.argmin(values))
    return ValidationClimb(curves.val_loss.name, curves.val_loss.x, width, float(values[low]), int(steps[low]), level,
                           int(steps[b]), late, float(values[-1]), int(steps[-1]))


def accuracy_held(curves: Curves) -> bool:
    """True when the run logs no training loss and its validation accuracy held its best to the end (module
    docstring: a climb of the validation loss is then overconfidence, not divergence)."""
    if curves.train_loss is not None or curves.val_acc is None:
        return False
    _, acc = finite(curves.val_acc)
    if len(acc) < MIN_EVALS:
        return False
    scale = 100.0 if float(np.max(acc)) > 1.0 else 1.0
    peak, first = float(np.max(acc)), float(acc[0])
    late = float(np.median(acc[-max(3, len(acc) // 3):]))
    return peak - first >= ACC_LEARNED * scale and peak - late <= ACC_KEPT * (peak - first)


def validation_collapsed(curves: Curves) -> str | None:
    """What a validation-only run lost (module docstring: its loss up >= 1.5x its first to the end, its accuracy
    down to <= half its peak), as a clause, or None. Needs >= 3 finite evaluations of each and no training loss."""
    if curves.train_loss is not None or curves.val_loss is None or curves.val_acc is None:
        return None
    _, loss = finite(curves.val_loss)
    _, acc = finite(curves.val_acc)
    if len(loss) < 3 or len(acc) < 3 or not loss[0] > 0 or not np.max(acc) > 0:
        return None
    tail_loss, tail_acc = loss[-max(1, len(loss) // 3):], acc[-max(1, len(acc) // 3):]
    if np.min(tail_loss) < COLLAPSE_LOSS * loss[0] or np.max(tail_acc) > COLLAPSE_ACC * np.max(acc):
        return None
    return (f"validation `{curves.val_loss.name}` rose from {_fmt(float(loss[0]))} to {_fmt(float(loss[-1]))} "
            f"({times(float(loss[-1] / loss[0]))} its first) while `{curves.val_acc.name}` fell from its peak "
            f"{_fmt(float(np.max(acc)))} to {_fmt(float(acc[-1]))}")
