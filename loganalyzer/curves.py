"""``curves``: decide which series of a run's tidy scalars table plays which role.

Roles: training loss, validation loss, learning rate, gradient norm, training/validation accuracy, and the loss
components (KL, NLL, reconstruction, physics terms...) that must never be taken for the total. Everything is decided
from names: the tag split into lower-case words (``Loss/train`` -> loss, train; ``valLoss`` -> val, loss), plus the
last component of ``dir`` for the train/validation marker (Keras writes ``train/`` and ``validation/`` with the same
tag ``epoch_loss``; ``add_scalars`` writes ``Loss_train/``).

How a loss series is ranked for a role, best first:
1. plainly named (``loss``, ``train_loss``, ``total_loss``, ``mean_loss``) before an index variant
   (``valid_loss_0``, ``/dataloader_idx_1``) before a qualified one (``loss_ce``, ``ptl/val_loss``); known
   components (``kl``, ``nll``, ``recon``, ``dynamics``...) are never the total unless they are the only loss;
2. an explicit role marker (``train_``, ``val_``, ``eval/``, dir ``validation``) before none: an unmarked loss is
   the training loss (Keras ``loss`` next to ``val_loss``, HF ``loss`` next to ``eval_loss``);
3. for validation, ``test``/``predict`` series only when no validation series exists;
4. more points, then the name, so the choice is deterministic.
Lightning's ``NAME_step``/``NAME_epoch`` pair (Keras ``batch_``/``epoch_``) is one series logged two ways. Which one:
- validation and test: the per-epoch aggregate. ``val_loss_step`` is one value per validation *batch* of the same
  weights, on its own counter of validation batches (0, 1, 2... across evaluations, not the training step): its
  wiggles are batch-to-batch differences (a class-sorted or time-ordered validation set makes them a saw-tooth), not
  a curve over training, and judging it called flat runs ``overfit``;
- training: the per-step series (each point is a different model), unless the per-epoch one has more points
  (full-batch runs log every epoch but every 50th step) or the per-step series is much noisier than the curve: its
  step-to-step noise exceeds everything the per-epoch aggregate moved over the run (>= 5 epochs), so the per-step
  shape is noise around a flat line;
- loss components follow the training loss's choice.
The note of each role names the series used and the reason, with the numbers.
A GAN (a generator's and a discriminator's loss, ``curves_gan``) is judged on the generator's losses only; the
discriminator's training loss is ``Curves.adversary``, every training-side term of both players ``Curves.gan_terms``;
a GAN's terms named with no loss word (SPADE's TensorBoard ``GAN``, ``D_Fake``; ``errD``/``errG``) are its losses
when nothing else is named like one (``curves_gan.gan_term_losses``).
A training loss needs two points: HF's ``train_loss`` (the run's average in the final summary) or a Lightning
``on_train_end`` value is one number, not a curve. The metrics of ``add_hparams`` (one point each in
LOGDIR/<time.time()>/) are the run's summary: no role takes them (they were a one-point validation loss).
A detector that logs its objective only as terms (Ultralytics/YOLO ``train/box_loss``, ``train/cls_loss``,
``train/dfl_loss``: a class term and a box term, no plainly named loss) is judged on their sum, a series named
``train/box_loss + train/cls_loss + train/dfl_loss``; the terms stay components; the same for ``val/``. A note says so.
A loss logged as exactly 0.0 at every one of its >= 2 logs (YOLOv9's ``val/*_loss`` when validation computes none)
is no curve: it takes no role and enters no sum (``curves_zeros._all_zero_losses``). An RL run's optimiser diagnostics (approx_kl,
clip fraction, entropy, value loss) and episode figures (``charts/episodic_cost``) are no loss: its policy loss is the
training loss and its return the reward (``curves_rl``).

The x axis: Keras CSV steps are epochs (the caller passes ``x_hint='epoch'``); Keras TensorBoard ``epoch_*`` tags
count epochs too. Lightning and HF log per-epoch values at the step where the epoch ended, so they already share the
step axis. When the chosen series mix the two, epochs are converted to steps through the run's ``epoch`` series
(value = epoch index at each step), else through the training loss's step density, and the notes say so.
Non-finite values are kept: the verdict needs the first NaN step.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .curves_bareval import bare_eval_loss
from .curves_dtrb import current_is_validation
from .curves_gan import gan_note, gan_term_losses, generator_terms, split_gan
from .curves_rl import objective_terms, split_rl
from .curves_selection import selection_losses
from .curves_sigquality import NOTE as SIGNAL_NOTE, negated, quality_objectives
from .curves_componentval import without_component_val
from .curves_errors import error_losses, reconstruction_losses, split_term_losses
from .curves_names import _ROLE_TEXT, _Cand, _is_loss, words
from .curves_lossnames import loss_function_losses, split_only_losses, total_losses, train_function_losses
from .curves_weights import loss_weight_cands
from .curves_series import ROLES, X_AXES, Curves, Series
from .curves_switchon import after_term_switched_on
from .curves_termonly import summed_terms, term_losses
from .curves_zeros import _all_zero_losses, _live_terms, _without_placeholder_zeros, without_leading_nonfinite_val

if TYPE_CHECKING:
    import pandas as pd

    from .curves_choose import _Table  # noqa: F401

__all__ = ["ROLES", "X_AXES", "Curves", "Series", "find_curves", "words"]


# ---------------------------------------------------------------- the stage


def _sane(chosen: dict) -> bool:
    """The judged training (and validation) losses finite at every log and not blown up (the last at most 10x the
    first): a training a one-log test NaN says nothing about. A run whose loss climbed to 1e31 behind a skip-non-finite
    guard, then a NaN test loss, is broken (a breaker's case, stop 46)."""
    for role in ("train_loss", "val_loss"):
        series = chosen.get(role)
        if series is None:
            continue
        v = np.asarray(series.values, dtype=np.float64)
        if not len(v) or not np.isfinite(v).all() or abs(v[-1]) > 10 * max(abs(v[0]), 1e-12):
            return False
    return chosen.get("train_loss") is not None


def find_curves(
    scalars: pd.DataFrame,
    *,
    train_series: str | None = None,
    val_series: str | None = None,
    x_hint: str = "step",
    groups=None,
) -> Curves:
    """The series of each role in a run's tidy scalars table, with a note per choice.

    ``train_series``/``val_series`` name a tag (or ``dir:tag``) to use as is; a name matching no series raises
    ValueError listing the close matches. ``x_hint`` is what the table's ``step`` counts for this run's format
    ('epoch' for Keras CSV, where the reader writes the epoch into ``step``). ``groups``: the table grouped by
    ``scalars_groups.group_scalars`` already (or None).
    """
    if x_hint not in X_AXES:
        raise ValueError(f"x_hint must be one of {X_AXES}, not {x_hint!r}")
    # the choosers (and pandas, under them) only when curves are found: a rescan served from the store, which
    # unpickles summaries (Series, Verdict) through this module, never imports them
    from .curves_align import _align, _components, _epoch_series, _summed
    from .curves_choose import (
        _choose_grad_norm, _choose_lr, _choose_train, _choose_train_acc, _choose_val, _choose_val_acc,
        _choose_reward, _choose_val_metric, _loss_override, _make, _mark_summaries, _Table,
    )
    from .curves_metriclists import never_finite_metrics, other_val_metrics
    from .curves_tokenloss import perplexity_of
    from .curves_running import note as running_note, running_bests, running_sums, sum_note

    table = _Table(scalars, groups)
    cands = table.cands
    counter = _epoch_series(table)
    for c in cands:
        # Keras TensorBoard writes epoch_* at step = epoch; Lightning's NAME_epoch sits at the global step
        keras_epoch_tag = c.tag.lower().startswith("epoch_") and counter is None
        c.x = "epoch" if x_hint == "epoch" or keras_epoch_tag else "step"
    _mark_summaries(table)
    notes: list[str] = []
    chosen: dict[str, Series | None] = dict.fromkeys(ROLES)

    current_is_validation(cands, notes)  # deep-text-recognition-benchmark's Current_accuracy (curves_dtrb)
    zeros = _all_zero_losses(table, cands, notes)
    live = [c for c in cands if not c.all_zero]
    losses = [c for c in live if _is_loss(c)] + (selection_losses(live, notes) if val_series is None else [])
    bests = running_bests(table, losses) if len(losses) > 1 else {}  # 'ckpt_loss' = min(val_loss so far)
    if bests:
        left_out = {id(c) for c, _ in bests}
        losses = [c for c in losses if id(c) not in left_out]
        notes.append(running_note(bests))
    sums = running_sums(table, losses) if len(losses) > 1 and train_series is None else []
    if sums:  # 'iters/Train/Loss/' = train_loss += loss, beside each task's loss (curves_running.running_sums)
        left_out = {id(c) for c, _ in sums}
        losses = [c for c in losses if id(c) not in left_out]
        notes.append(sum_note(sums))
    if val_series is None and train_series is None:
        bare_eval_loss(table, losses, notes)  # 'epoch,train_loss,loss,iou': the bare loss is the evaluation's
    if losses and val_series is None and not any(c.marker in ("val", "test") for c in losses):
        # a training `loss` beside a validation named by its loss function only (public braille69 epoch_log.csv:
        # train_loss beside val_mean_ce, val_ppl, val_top1 -- the validation cross-entropy was never read, and a
        # clear overfit, val_mean_ce 1.486 at epoch 6 -> 1.755 at 20, was `healthy` on the training loss alone)
        held = [c for c in loss_function_losses(live) if c.marker in ("val", "test")]
        how = "named by its loss function"
        if not held:
            held, how = split_only_losses(live, ("val", "test")), "named by its split alone"
        if not held:  # a regression's validation error beside its training loss (opened set 93's pinntft84:
            # total_loss beside `[Valid] epoch:3, MSE: 0.42`, a clear overfit judged on training alone)
            held = [c for c in error_losses(live) if c.marker in ("val", "test")]
            how = "an error metric (lower is better)"
        if held:
            losses = losses + held
            notes.append(f"no validation series named like a loss: {_listed(held)}, {how}, is judged as the "
                         "validation loss")
    if train_series is None and (trained := train_function_losses(losses, live)):  # 'CE' beside 'Validation .. Loss'
        losses = losses + trained
        notes.append(f"no training series named like a loss: {_listed(trained)}, named by its loss function, is "
                     "judged as the training loss")
    if not losses and train_series is None and val_series is None:
        losses = loss_function_losses(live)
        if losses:
            notes.append(f"no series named like a loss: {_listed(losses)}, named by its loss function, is judged as "
                         "the loss")
    if not losses and train_series is None and val_series is None:
        losses = total_losses(live)
        if losses:
            notes.append(f"no series named like a loss: {_listed(losses)}, each split's total, is judged as the loss")
    if not losses and train_series is None and val_series is None:
        losses = error_losses(live, rates=True)
        if losses:
            notes.append(f"no series named like a loss: the error metric {_listed(losses)} is judged as the loss "
                         "(lower is better)")
    if not losses and train_series is None and val_series is None:
        losses = [c for c in split_only_losses(live) if _fell(c.values())]
        if losses:  # a log of `epoch,train,val` (public diffusion85 log.csv: nanoGPT-style {'train': .., 'val': ..})
            notes.append(f"no series named like a loss: {_listed(losses)}, named by its split alone and falling, is "
                         "judged as that split's loss")
    if not losses and train_series is None and val_series is None:
        losses = gan_term_losses(live)
        if losses:
            notes.append(f"no series named like a loss: {_listed(losses)}, a GAN's terms, are judged as its losses")
    if not losses and train_series is None and val_series is None:
        losses = reconstruction_losses(live)
        if losses:  # an autoencoder printing its terms, no total (public pvtvae42: `Recon: 0.13 | KL: 39.8 | Phys: 0`)
            notes.append(f"no series named like a loss and no total: the reconstruction term {_listed(losses)} is "
                         "judged as the loss (its other terms are weighted regularisers)")
    if not losses and train_series is None and val_series is None:
        losses = split_term_losses(live)
        if losses:  # a VQ-VAE's JSON history of `val_rec` beside codebook statistics (public vqtoy174 logs.json)
            notes.append(f"no series named like a loss: the reconstruction/likelihood term {_listed(losses)} is "
                         "judged as the loss")
    term_only = not losses and train_series is None and val_series is None and bool(losses := term_losses(live))
    if term_only:  # MXNet SSD's 'Train-SmoothL1' beside 'Train-Acc', no total (curves_termonly)
        notes.append(f"no series named like a loss and no total: the detector's loss term(s) {_listed(losses)} "
                     "are judged as the loss")
    signal = quality_objectives(live) if not losses and train_series is None and val_series is None else []
    if signal:  # 'train_si_sdr,val_si_sdr' and no loss: a separation model's objective, negated (curves_sigquality)
        losses = signal
        notes.append(SIGNAL_NOTE.format(names=_listed(signal)))
    rl = split_rl(cands, losses) if train_series is None else None
    if rl is not None:  # an RL run's optimiser diagnostics and episode figures take no loss role (curves_rl)
        losses, note, rl_out = rl
        notes.append(note)
    gan = split_gan(losses) if train_series is None else None
    if gan is not None:  # the discriminator's losses take no role (curves_gan)
        losses, adversary = gan
        notes.append(gan_note(*gan))
    train_side = [c for c in losses if c.marker in ("train", None)]
    val_side = [c for c in losses if c.marker == "val" and not c.summary]
    test_side = [c for c in losses if c.marker == "test" and not c.summary]

    # ---- training loss
    train_c: _Cand | None = None
    train_group: list[_Cand] = []
    terms = (summed_terms(losses, "train") if term_only else _live_terms(train_side, zeros, "train")) \
        if train_series is None else []
    gen_terms = generator_terms(train_side) if gan is not None and not terms else []
    if train_series is not None:
        train_c = _loss_override(table, train_series, "train_series")
        train_group = [train_c]
        notes.append(f"training loss: {train_c.name} (set by train_series)")
    elif terms:
        chosen["train_loss"] = _summed(table, terms, "train_loss", notes)
        train_group = terms
    elif gen_terms:  # a GAN's generator terms with no total (curves_gan)
        chosen["train_loss"] = _summed(table, gen_terms, "train_loss", notes, whose="generator")
        train_group = gen_terms
    else:
        train_c, train_group = _choose_train(train_side, notes)
    if train_c is not None:
        chosen["train_loss"] = _make(table, train_c, "train_loss")

    # ---- validation loss
    val_c: _Cand | None = None
    val_terms = (summed_terms(losses, "val") if term_only else _live_terms(val_side, zeros, "val")) \
        if val_series is None else []
    if val_series is not None:
        val_c = _loss_override(table, val_series, "val_series")
        notes.append(f"validation loss: {val_c.name} (set by val_series)")
    elif val_terms:
        chosen["val_loss"] = _summed(table, val_terms, "val_loss", notes)
    else:
        val_c = _choose_val(val_side, test_side, notes, train_c)
    if val_c is not None:
        chosen["val_loss"] = _make(table, val_c, "val_loss")

    chosen["train_loss"], chosen["val_loss"] = (negated(chosen[r], signal) for r in ("train_loss", "val_loss"))
    # ---- components of the training objective
    components = _components(table, train_side, train_group, val_c, notes, train_c)

    chosen["val_loss"] = without_component_val(chosen["val_loss"], chosen["train_loss"], components, notes)

    # ---- learning rate, gradient norm, accuracies
    taken, metric_c = {id(train_c), id(val_c)}, None
    for role, pick in (("lr", _choose_lr), ("grad_norm", _choose_grad_norm),
                       ("train_acc", _choose_train_acc), ("val_acc", _choose_val_acc),
                       ("val_metric", _choose_val_metric), ("reward", _choose_reward)):
        pool = [c for c in cands if id(c) not in taken and not c.summary]
        found = pick(_same_set(pool, val_c) if role in ("val_acc", "val_metric") else pool)
        if found is not None:
            c, why = found
            chosen[role] = _make(table, c, role)
            notes.append(f"{_ROLE_TEXT[role]}: {c.name}" + (f" ({why})" if why else ""))
            metric_c = c if role == "val_metric" else metric_c

    chosen, components = _align(table, chosen, components, notes)
    for role in ("train_loss", "val_loss"):
        chosen[role] = _without_placeholder_zeros(chosen[role], notes)
    chosen["train_loss"] = after_term_switched_on(chosen["train_loss"], components, notes)  # YOLOX's L1 at the end
    chosen = without_leading_nonfinite_val(chosen, notes)
    for role in ("val_loss", "val_acc"):
        chosen[role] = _per_step_means(chosen[role], notes)

    unusable = _unusable_reason(chosen, cands, losses, components, zeros, rl[2] if rl is not None else [])
    short = [c for c in losses if (unusable or c.n < 2) and not np.isfinite(table.values_of(c)).all()]
    # a one-log test loss NaN beside a usable curve is the final evaluation's 0/0, not training breaking (opened set
    # 92's projai92 version_3: train/val finite over 117 epochs, `test_loss` NaN once at the end, labelled healthy)
    test_only = [c for c in short if c.marker == "test"] if short and not unusable and _sane(chosen) else []
    broken = tuple(_make(table, c, "train_loss") for c in short if c not in test_only)
    broken += tuple(_make(table, c, "train_loss") for c in objective_terms(rl[2] if rl is not None else [])
                    if not np.isfinite(table.values_of(c)).all())
    judged = {id(c) for c in (train_c, val_c) if c is not None} | {id(c) for c in train_group}
    twins = tuple(_make(table, c, "train_loss") for c in train_side
                  if id(c) not in judged and not c.summary and not np.isfinite(table.values_of(c)).all())
    return Curves(**chosen, components=tuple(components), notes=tuple(notes), unusable_reason=unusable,
                  nonfinite_losses=broken, nonfinite_twins=twins, adversary=_adversary(table, gan, chosen["train_loss"]),
                  gan_terms=_gan_terms(table, gan, chosen["train_loss"]),
                  other_metrics=tuple(_make(table, c, "val_metric") for c in other_val_metrics(
                      [c for c in cands if not c.summary], metric_c)),
                  nonfinite_metrics=tuple(_make(table, c, "val_metric")
                                          for c in never_finite_metrics(cands) + test_only),
                  loss_weights=tuple(_make(table, c, "loss_weight") for c in loss_weight_cands(cands)),
                  zero_train_losses=tuple(c.name for c in zeros if c.all_zero and c.marker in ("train", None)),
                  detector_terms=tuple(_make(table, c, "train_loss") for c in terms)
                  + tuple(_make(table, c, "val_loss") for c in val_terms),
                  token_ppl=perplexity_of(table, cands, (chosen["train_loss"], chosen["val_loss"])))


def _same_set(pool: list, val_c) -> list:
    """The candidates evaluated on the validation loss's own set, when it names one and any do: the HF Trainer with
    ``eval_dataset={"in_domain": .., "shifted": ..}`` logs ``eval_in_domain_loss`` and ``eval_shifted_accuracy``
    (a newcomer breaker's real run: the validation loss of one set and the accuracy of the other made an underfit
    verdict of a run whose in-domain accuracy rose). Else ``pool`` as it is."""
    if val_c is None or not val_c.rest:
        return pool
    same = [c for c in pool if c.rest >= val_c.rest]
    return same or pool


STACKED_SHARE = 0.5  # >= half the evaluation steps hold several values: an evaluation's batches, not repeats


def _per_step_means(series: Series | None, notes: list) -> Series | None:
    """A validation series holding several values at >= ``STACKED_SHARE`` of its (>= 3) distinct steps as one value
    per step, their mean, with a note: each evaluation's batch values placed at its step (Lightning's
    evaluation-batch counter, ``readers/_lightning_eval``, keeps every batch's point) are one evaluation, not ten.
    Public clouds2-56's U-Net (``validation_epoch_average`` logged on_step and on_epoch: 11 values at each of 29
    epoch steps, batch values 0.03-0.86) was `overfit` "lowest at step 494 (0.03266)" -- one batch's value -- while
    its per-epoch level fell 0.50 -> 0.22 (labelled clear `healthy`). NaN/Inf in a step's values make its mean
    non-finite, as the epoch's own mean would be."""
    if series is None or len(series.steps) < 6:
        return series
    steps, counts = np.unique(series.steps, return_counts=True)
    if len(steps) < 3 or np.count_nonzero(counts > 1) < STACKED_SHARE * len(steps):
        return series
    order = np.argsort(series.steps, kind="stable")
    sums = np.add.reduceat(series.values[order], np.concatenate([[0], np.cumsum(counts)[:-1]]))
    notes.append(f"{series.name}: {len(series.values)} values at {len(steps)} steps (up to {int(counts.max())} at "
                 "one step: an evaluation's batches): judged on their mean at each step")
    return Series(series.role, series.dir, series.tag, steps, sums / counts, series.x)


def _adversary(table, gan, train: Series | None) -> Series | None:
    """The discriminator's training loss of a GAN judged on its generator's, else None."""
    from .curves_choose import _make

    if gan is None or train is None:
        return None
    # the plainest first: the critic's total 'closs' before its term 'cfloss' (public musegan214, curves_gan)
    disc = sorted((c for c in gan[1] if c.marker in ("train", None) and c.n >= 2),
                  key=lambda c: (-c.n, len(c.rest), len(c.tag), c.name))
    return _make(table, disc[0], "adversary") if disc else None


def _gan_terms(table, gan, train: Series | None) -> tuple[Series, ...]:
    """Every training-side loss (>= 2 points, no summary) of both players of a GAN judged on its generator's."""
    from .curves_choose import _make

    if gan is None or train is None:
        return ()
    cands = sorted((c for c in gan[0] + gan[1] if c.marker in ("train", None) and not c.summary and c.n >= 2
                    and not c.all_zero), key=lambda c: c.name)
    return tuple(_make(table, c, "gan_term") for c in cands)


def _fell(values) -> bool:
    """Finite values whose last third's median lies below their first value (a loss falling, not a score rising)."""
    import numpy as np

    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    return len(v) >= 3 and float(np.median(v[-max(1, len(v) // 3):])) < v[0]


def _listed(losses: list) -> str:
    return ", ".join(f"`{c.name}`" for c in losses[:3])


def _unusable_reason(chosen: dict, cands: list[_Cand], losses: list[_Cand], components: list[Series],
                     zeros: list[_Cand] = (), rl_out: list[_Cand] = ()) -> str | None:
    from .curves_choose import _list

    train, val = chosen["train_loss"], chosen["val_loss"]
    if train is not None and len(train.steps) >= 2:
        return None
    if val is not None and (len(val.steps) >= 2 or train is not None):
        return None
    if not cands:
        return "no scalar series at all"
    if rl_out and not losses:
        from .curves_rl import unusable_rl

        return unusable_rl(list(rl_out))
    if zeros and not losses:
        return ("every loss series is exactly 0.0 at every log (never computed): "
                + _list(sorted(c.name for c in zeros)))
    if val is not None and all(c.name == val.name for c in losses):
        return f"the only loss, {val.name}, has a single point: no curve"
    if not losses:
        return "no series named like a loss; tags: " + _list(sorted({c.name for c in cands}))
    if any(len(s.steps) >= 2 for s in components):  # a one-point loss is no component of a missing total
        return "only loss components (" + ", ".join(s.name for s in components) + "), no total loss"
    return "no loss series with two or more points: " + _list(
        [f"{c.name} ({c.n} point{'s' if c.n != 1 else ''})" for c in sorted(losses, key=lambda c: c.name)])
