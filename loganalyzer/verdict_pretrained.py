"""A task measure that was already high at its first evaluation and still improved: a pretrained start, not an
underfit (issue 9, stop 28).

Rule: a run is not `underfit` when its task's own validation measure -- the validation accuracy, else a
higher-is-better task metric bounded in [0, 1] (F1, AUC, mAP) -- was already >= ``START`` (0.7) at its first of >= 3
evaluations, improved by >= ``GAIN`` (2 points) and ended (``end_level``) >= ``END`` (0.75): the model started from
pretrained weights near its task's level and got better, so its loss is not "high relative to what the task allows".

domain.md: "Many healthy runs end far above zero: ... fine-tunes of pretrained models (they start low and improve
little in relative terms) ... Look instead for a plateau reached early while the loss is still high relative to what
the task allows (accuracy near chance ...)". A randomly initialised classifier's first evaluation sits near 1/k (at
most 0.5, binary) or at the majority-class rate, its F1 or mAP near 0; an accuracy of >= 0.7 at the first evaluation
is a transferred start (or a task learned within the first epoch). The gain separates it from a majority-class
predictor whose accuracy sits at the class prior from the first evaluation on (the public `underfit` runs quoraspam
0.9375 and braintumorseg 0.9866 at every evaluation: ``verdict_flatacc.accuracy_never_rose``).

Thresholds from the dev evidence (eval/public, stop 28): among the labelled runs the tool called `underfit`, two
`healthy` HF fine-tunes match (cmtanalysis: RoBERTa, eval_accuracy 0.772 -> 0.843 over 4 evaluations; genrita
roberta-v17: val_age_acc 0.788 -> 0.822), and no `underfit` run (the `underfit` runs with a high first accuracy never
rose: quoraspam, braintumorseg; sleep-apnea's accuracy started at 0.61, hallucination-det's at 0.61, dermacqi's at
0.57). The match is the same for START 0.7 with END 0.7-0.75 and GAIN 0.01-0.02; at START 0.6 the labelled
`underfit` braintumorch v1 (0.661 -> 0.758) would be taken too. ``task_solved`` (accuracy >= 0.85) covers runs that
end higher; this covers the fine-tunes that end between 0.75 and 0.85 having started near there.
Confidence <= ``PRETRAINED_CONFIDENCE`` (0.5): the task's ceiling is still unknown. ``verdict_refine.refine`` does
not apply it to an `underfit` that its checks found stopped learning (validation frozen to float32 precision: the
really-trained lr_zeroed runs of tests/test_verdict_chance.py, whose accuracy had risen before the freeze) or cut off
while still falling steeply (``verdict_cut.cut_off``): those are underfit whatever the start.
"""
from __future__ import annotations

from dataclasses import dataclass

from .curves import Curves
from .features_robust import end_level
from .verdict_base import _fmt, _step
from .verdict_evidence import accuracy_fractions, finite
from .verdict_metric import metric_course

START = 0.7
END = 0.75
GAIN = 0.02
MIN_EVALS = 3
PRETRAINED_CONFIDENCE = 0.5


@dataclass(frozen=True)
class PretrainedStart:
    """The task measure's first, end level and last evaluation, with steps (logged values)."""

    name: str
    x: str
    first: float
    first_step: int
    end: float
    last: float
    last_step: int
    evals: int

    @property
    def reason(self) -> str:
        return (f"`{self.name}` was already {_fmt(self.first)} at its first evaluation ({self.x} "
                f"{_step(self.first_step)}) and rose to {_fmt(self.last)} at its last ({self.x} "
                f"{_step(self.last_step)}; {self.evals} evaluations, ending level {_fmt(self.end)}): a pretrained "
                "start near the task's level that still improved, not a loss high for what the task allows")


def _measure(curves: Curves):
    acc = accuracy_fractions(curves.val_acc, percent=True)
    if acc is not None and len(acc[1]) >= MIN_EVALS:
        return curves.val_acc, acc[0], acc[1]
    series = curves.val_metric
    course = metric_course(series)
    if course is None or not course.higher_is_better:
        return None
    s, v = finite(series)
    if v.min() < 0 or v.max() > 1:
        return None
    return series, s, v


def pretrained_start(curves: Curves | None) -> PretrainedStart | None:
    """The task measure that started >= ``START``, gained >= ``GAIN`` and ended >= ``END`` (module notes), or None."""
    found = _measure(curves) if curves is not None else None
    if found is None:
        return None
    series, s, v = found
    end = end_level(v)
    if v[0] < START or end < END or end - v[0] < GAIN:
        return None
    x = "epoch" if series.x == "epoch" else "step"
    return PretrainedStart(series.name, x, float(v[0]), int(s[0]), end, float(v[-1]), int(s[-1]), len(v))
