"""Loss series logged as exactly 0.0 (``curves.find_curves``): a loss 0.0 at every log (a placeholder, unless it
is the training objective itself), 0.0 between real values (a logger's empty accumulator) or 0.0 before the loss
was computed at all. Split out of ``curves``; the rules and their public sources are in each docstring."""
from __future__ import annotations

import numpy as np

from .curves_names import _Cand, _is_loss
from .curves_series import Series


# a loss printed as exactly -1 at every log: a script's "not computed" value (public falconyolo119 train.log: a YOLOv8
# wrapper's 'Epoch 7/100 | mAP@0.5: .., Loss: -1.0000' in all 691 epoch lines, its trainer not exposing the loss;
# judged as a flat training loss, the runs were `underfit`/`stalled`) -- never a real loss, which would move
SENTINEL = -1.0


def _never_summed(table, cands: list[_Cand]) -> list[_Cand]:
    """Loss terms NaN at every one of >= 2 logs beside a ``total`` loss of the same run and side that is finite at
    every log, marked ``all_zero`` (a placeholder, as a term logged 0.0 throughout). NaN plus anything is NaN, so a
    finite total never summed that term: it was never computed, a mean over an empty mask (public YaQiDeng333/
    PINN_project ``training_history.csv``: ``other_loss`` nan in all rows beside a falling ``total_loss``, with
    no sample of the 'other' class; it made the run `nan`). A term NaN at every log with no total beside it (a
    regression head that is NaN from the start beside the classification loss judged) stays: the objective is
    broken (``verdict_nan._component_nan_verdict``)."""
    from .curves_names import _is_component_term

    totals = [c for c in cands if "total" in c.words and _is_loss(c) and c.n >= 2
              and np.isfinite(table.values_of(c)).all()]
    found = []
    for c in cands:
        if c.all_zero or c.n < 2 or "total" in c.words or not (_is_loss(c) or _is_component_term(c)):
            continue
        if any(t.dir == c.dir and t.marker == c.marker for t in totals) and np.isnan(table.values_of(c)).all():
            c.all_zero = True
            found.append(c)
    return found


def _all_zero_losses(table, cands: list[_Cand], notes: list[str]) -> list[_Cand]:
    """The loss series (and loss terms) of >= 2 logs that are exactly 0.0 at every one, marked ``all_zero``, with a
    note: no curve, but what a writer logs for a loss it never computed -- YOLOv9/gelan's ``val/box_loss``,
    ``val/cls_loss``, ``val/dfl_loss`` (0 in all 100 rows of results.csv when validation computes no loss: the
    breaker's PetWatch run was summed into a validation loss of 0, "close to training" at 3.5), a YOLO26-pose
    ``val/rle_loss``, a single-class YOLOv5's ``cls_loss``, a disabled regulariser. They take no role and enter no
    sum or component list; an override (``train_series``) can still name one. A loss of exactly ``SENTINEL`` (-1)
    at every one of >= 2 logs is such a placeholder too, training side included, when another loss is left to judge.
    Except the training loss itself:
    when every training-side loss is 0.0 throughout (an HF fine-tune whose labels are all masked logs ``loss``
    0.0 at every step), that is what the optimiser minimised, the run's own fact, and it is judged as logged --
    unless an accuracy or task metric shows the model learned all the same (``_learned_anyway``)."""
    from .curves_names import _is_component_term

    found, minus = [], []
    for c in cands:
        if c.n >= 2 and (_is_loss(c) or _is_component_term(c)) and not np.any(table.values_of(c) != 0.0):
            c.all_zero = True
            found.append(c)
        elif c.n >= 2 and _is_loss(c) and not np.any(table.values_of(c) != SENTINEL):
            c.all_zero = True  # (no curve either: the same role as a loss of 0.0 throughout)
            minus.append(c)
    if minus and not any(_is_loss(c) and not c.all_zero and c.n >= 2 for c in cands):
        for c in minus:  # no other loss to judge: the run's own value, logged (a breaker's SimSiam without its
            c.all_zero = False  # stop-gradient, collapsed to the negative cosine's floor, -1.00 at every epoch)
        minus = []
    train = [c for c in cands if _is_loss(c) and c.marker in ("train", None) and not c.summary and c.n >= 2]
    if train and all(c.all_zero for c in train) and not minus and not _learned_anyway(table, cands):
        for c in train:
            c.all_zero = False
        found = [c for c in found if c.all_zero]
    if unused := _never_summed(table, cands):
        notes.append(f"{_list_names(sorted(c.name for c in unused))}: NaN at every log while the total beside it "
                     "stays finite (a NaN term would make the sum NaN): a term never computed, no curve")
    if minus:
        notes.append(f"{_list_names(sorted(c.name for c in minus))}: exactly {SENTINEL:g} at every log, the value a "
                     "script prints for a loss it never computed (a placeholder): no curve, left out of the loss "
                     "roles and sums")
    if found:
        names = sorted(c.name for c in found)
        counts = sorted({c.n for c in found})
        logs = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"
        notes.append(f"{_list_names(names)}: exactly 0.0 at every one of {'its' if len(found) == 1 else 'their'} "
                     f"{logs} logs, a loss the writer never computed (a placeholder): no curve, left out of the "
                     "loss roles and sums")
    return found


LEARNED_GAIN = 0.10  # an accuracy or task metric that moved by >= 10% of its largest value: the model learned


def _learned_anyway(table, cands: list[_Cand]) -> bool:
    """An accuracy or task metric (``curves_names.metric_word``) of >= 3 finite logs that moved by >=
    ``LEARNED_GAIN`` of its largest magnitude: the model learned from some loss, so a training loss of 0.0 at every
    log is a logging fault, not the optimiser's objective (public campussafety69 epoch_log.csv: box/cls/dfl_loss 0.0
    in all 50 rows while mAP50 rose 0 -> 0.49 was `stalled` 0.99, "barely moved: 0 ... 0")."""
    from .curves_names import ACC_WORDS, metric_word

    for c in cands:
        if _is_loss(c) or not (c.wordset & ACC_WORDS or metric_word(c.tag) is not None):
            continue
        v = table.values_of(c)
        v = v[np.isfinite(v)]
        if len(v) >= 3 and (v.max() - v.min()) >= LEARNED_GAIN * max(np.abs(v).max(), 1e-12):
            return True
    return False


def _live_terms(side: list[_Cand], zeros: list[_Cand], marker: str) -> list[_Cand]:
    """A detector's loss terms to sum (``curves_align._detector_terms``) without those 0.0 at every log: the
    detector is told with them (a single-class YOLOv5 logs ``cls_loss`` 0 beside its box and obj terms), the sum
    is of the others (the same values); [] when every term is 0.0 throughout (YOLOv9's validation)."""
    from .curves_align import _detector_terms

    return [c for c in _detector_terms(side + [c for c in zeros if _is_loss(c)], marker) if not c.all_zero]


def _list_names(names: list[str]) -> str:
    return ", ".join(names[:6]) + (f", ... ({len(names) - 6} more)" if len(names) > 6 else "")


PLACEHOLDER_SHARE, PLACEHOLDER_RETURNS = 0.10, 3


def _without_placeholder_zeros(series: Series | None, notes: list) -> Series | None:
    """A loss logged as exactly 0.0 at >= ``PLACEHOLDER_SHARE`` (10%) of its logs *between* non-zero ones (a non-zero
    value follows a zero >= ``PLACEHOLDER_RETURNS`` times) without the zeros, with a note: a cross-entropy or an
    error is not 0 at one log and 145.6 at the next; the zeros are what a logger wrote for steps it had nothing for
    (an empty accumulator). A ninth-set labeller's Lightning regression (``statquestnn v1``: 223.5, 0.0, 0.0, 145.6,
    0.0, 0.0, 94.8, ... at every third log) was `stalled` 0.99 on a median of zeros; the fifteenth set's ``han-qlora``
    (a QLoRA run with overflowing fp16 steps: 0.0 at 14 of 74 logs between values of 2-20) was smoothed to "35%
    lower". A return counts only when the value after the zero is >= a tenth of the largest logged before it: a
    loss rounding to 0.0 near convergence (0.0001, 0.0, 0.0001) keeps its zeros. A loss that reaches 0.0 and
    stays there (HF's rounded loss after a NaN gradient, ``../shared/cases/02``) has no non-zero value after its
    zeros, so it is kept as logged."""
    if series is None:
        return None
    v = series.values
    zero = v == 0
    lead = int(np.argmax(~zero)) if not zero.all() else len(v)
    if 2 <= lead < len(v) and not zero[lead:].any() and np.all(np.abs(v[lead:][np.isfinite(v[lead:])]) > 0):
        # exact zeros first, then a loss that never returns to 0 (public chipood63 metrics.jsonl: two sessions that
        # computed no classification loss logged train_loss 0.0, then a training at 2.05 -> 2.15 read as a climb
        # from 0: `diverged` 0.95): a loss does not start at exactly 0.0 and jump to a level -- the zeros are what
        # the logger wrote before the loss was computed at all
        notes.append(f"{series.name}: its first {lead} logs are exactly 0.0 and the rest never is (nothing computed "
                     "yet: a logger's placeholders): left out")
        return Series(series.role, series.dir, series.tag, series.steps[lead:], v[lead:], series.x)
    if np.count_nonzero(zero) < PLACEHOLDER_SHARE * len(v):
        return series
    # a return: a zero followed by a value >= a tenth of the largest logged before it (the loss's scale), not by the
    # next small value of a loss that rounds to 0.0 near convergence (HF rounds the logged loss to 4 decimals)
    scale = np.maximum.accumulate(np.where(np.isfinite(v), np.abs(v), 0.0))
    returns = np.count_nonzero(zero[:-1] & np.isfinite(v[1:]) & (np.abs(v[1:]) >= 0.1 * scale[:-1]) & (scale[:-1] > 0))
    if returns < PLACEHOLDER_RETURNS:
        return series
    notes.append(f"{series.name}: {np.count_nonzero(zero)} of its {len(v)} logs are exactly 0.0 between non-zero "
                 "ones (a logger's placeholders): left out")
    keep = ~zero
    return Series(series.role, series.dir, series.tag, series.steps[keep], v[keep], series.x)


def without_leading_nonfinite_val(chosen: dict, notes: list) -> dict:
    """``chosen`` with a validation loss that is NaN/Inf at its first evaluations only (<= 2, or a tenth) and finite
    at the >= 5 after them to the end, the training loss finite throughout: those evaluations left out, with a note
    (public yoloseg69 ``train``: the YOLO segmentation's validation losses NaN at epochs 1-2, before any mask was
    predicted, then falling to epoch 20 with mask mAP 0 -> 0.63; labelled `healthy`, it was `nan` 0.90).

    A validation loss NaN/Inf at *every* evaluation stays as it is: the labellers call it `nan` (five rows of three
    public projects, ``courtvision41``, ``aquaman81``, ``marathiasr55``: the monitored loss never finite beside a
    training that looks fine), one (anpr118) `healthy`; domain.md's `nan` is any monitored loss that is NaN/Inf."""
    val, train = chosen.get("val_loss"), chosen.get("train_loss")
    if val is None or train is None or len(val.values) < 3 or len(train.values) < 3:
        return chosen
    ok = np.isfinite(np.asarray(val.values, dtype=np.float64))
    if not np.isfinite(np.asarray(train.values, dtype=np.float64)).all() or ok.all() or not ok.any():
        return chosen
    lead = int(np.argmax(ok))
    if 0 < lead <= max(2, len(ok) // 10) and ok[lead:].all() and len(ok) - lead >= 5:
        notes.append(f"validation loss: {val.name} is NaN/Inf at its first {lead} evaluation(s) only (to step "
                     f"{int(val.steps[lead - 1])}), finite from then on while the training loss is finite throughout: "
                     f"an evaluation before the model predicted anything (0/0 on an empty evaluation), those left out")
        return {**chosen, "val_loss": Series(val.role, val.dir, val.tag, val.steps[lead:], val.values[lead:], val.x)}
    return chosen
