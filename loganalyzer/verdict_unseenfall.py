"""An early training fall that validation never saw (issue 9, stalled vs underfit; used by ``verdict_stall``).

``verdict_stall.stall_refuted`` turns a `stalled` label into `underfit` when the training loss "fell in its first logs"
(``_early_fall``: its first log >= 1.2-1.5x its end level, within 10% of that level by the first tenth of the logs,
flat after): an early plateau, not a stall. That reading needs the model to have learned something. When the
validation loss sat at one level over every one of its >= ``MIN_EVALS`` evaluations -- its whole range within
``FLAT_RANGE`` of its first evaluation -- the fall was the output layer fitting the label prior (or a loss scale
settling) in the first batches, after which the weights gave the same predictions at every evaluation: domain.md's
`stalled`, "stops moving early while still near [its start]; no learning", not `underfit`'s "learned a little".

Public runs that showed it (clear `stalled`, the tool said `underfit` 0.6 through the early-fall refutation):

- ``qm9unet187 gpu-5806682``: a printed per-batch CrossEntropyLoss (SGD lr 0.5) 1.799 (ln 6) at batch 1 -> 1.058 by
  batch 7, then 1.045-1.052 for the 224 remaining batches; ``Validation error after epoch N`` 1.048 at epoch 1 and
  1.047 at epochs 2-10 (range 0.1% of the first).
- ``tccfiles210 trainHistoryDict`` (a Keras history pickle, Dice segmentation): loss 0.0609 at epoch 0 -> 0.0403 at
  epoch 1 and the same 0.0403 to epoch 19; val_loss 0.03835 at all 20 epochs (range 0), val_dice 0.9617 at all 20.

``FLAT_RANGE`` = 1% (a validation loss's whole range, max - min, over its first value): measured on the open dev
rows: of 917 labelled `stalled`/`underfit` the early-fall refutation fires on 29; this range holds on 4, all
labelled `stalled` (the two above, ``sketchvgg145 test_02`` clear, ``galaxies139``), on none of its 19 `underfit`
rows (``meteo-thesis v0``, ``clipmnist88``, ``smartgridfl177`` x2...: their validation moves more), and on none of
930 `healthy`/`overfit` rows of sets 173-210 (5 with the refutation). The looser "best < 2% below the first"
(``verdict_stall.validation_never_improved``) would also take ``ctrbaselines196 rerun_criteo_afn`` (`overfit`).
``MIN_EVALS`` = 4: ``verdict_stall.NEVER_EVALS``, the fewest evaluations that can show a level held.
"""
from __future__ import annotations

from dataclasses import dataclass

from .curves import Curves
from .verdict_evidence import finite

MIN_EVALS = 4
FLAT_RANGE = 0.01


@dataclass(frozen=True)
class UnseenFall:
    """The validation loss that never moved: its name, first value, range (max - min) and evaluation count."""

    name: str
    first: float
    low: float
    high: float
    evals: int


def validation_never_moved(curves: Curves | None) -> UnseenFall | None:
    """The validation loss when its >= ``MIN_EVALS`` finite, positive evaluations all lie within ``FLAT_RANGE`` (max -
    min over the first value) of one another -- the predictions evaluated never changed -- else None (no validation
    loss, too few evaluations, a non-positive value, or a range beyond 1%). Shapes: ``curves.val_loss`` steps and
    values as logged; units those of the loss."""
    if curves is None or curves.val_loss is None:
        return None
    _, v = finite(curves.val_loss)
    if len(v) < MIN_EVALS or (v <= 0).any():
        return None
    low, high = float(v.min()), float(v.max())
    if high - low > FLAT_RANGE * float(v[0]):
        return None
    return UnseenFall(curves.val_loss.name, float(v[0]), low, high, len(v))


def unseen_text(flat: UnseenFall) -> str:
    """The clause a finding quotes: the validation level and its range."""
    spread = (flat.high - flat.low) / flat.first if flat.first > 0 else 0.0
    return (f"validation `{flat.name}` stayed at {flat.first:.4g} at all {flat.evals} evaluations (range "
            f"{spread:.1%} of it), so the early fall taught the model nothing it shows: stalled")


__all__ = ["FLAT_RANGE", "MIN_EVALS", "UnseenFall", "unseen_text", "validation_never_moved"]
