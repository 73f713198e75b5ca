"""``curves`` alignment: epochs converted to steps, a detector's loss terms summed, and the loss components of
the training objective; see ``loganalyzer.curves``."""
from __future__ import annotations

import numpy as np

from .curves_choose import _groups, _list, _make, _pick_variant, _Table
from .curves_names import (
    COMPONENT, DETECTOR_TERMS, HEAD_WORDS, LOSS_WORDS, PLAIN, QUALIFIED, _ROLE_TEXT, _Cand, _is_component_term, _level,
)
from .curves_series import Series


# ---------------------------------------------------------------- epochs -> steps


def _epoch_series(table: _Table) -> _Cand | None:
    """The run's epoch counter (Lightning/HF tag ``epoch``: the epoch index at each logged step)."""
    found = [c for c in table.cands if c.words == ("epoch",) or c.words == ("train", "epoch")]
    if not found:
        return None
    return max(found, key=lambda c: (c.dir == "", c.words == ("epoch",), c.n))


def _epoch_end_steps(table: _Table, counter: _Cand, epochs: np.ndarray) -> np.ndarray | None:
    """Step at which each (0-based) epoch ended, from the epoch counter series (or, for a series counting epochs done
    from 0 to a fractional counter's end, the step where the counter reached it); None when it cannot tell."""
    s = table.steps_of(counter)
    e = table.values_of(counter)
    ok = np.isfinite(e)
    s, e = s[ok], e[ok]
    if len(s) < 2 or np.any(np.diff(e) < 0):
        return None
    shift = 1.0
    if np.all(e == np.round(e)):  # Lightning: value = index of the epoch in progress; its last step ends it
        idx = np.searchsorted(e, epochs, side="right") - 1
        out = s[np.clip(idx, 0, len(s) - 1)].astype(np.float64)
        beyond = epochs > e[-1]
    else:  # HF: fractional epochs done; epoch k ends where the counter reaches k + 1 ...
        # ... unless the series counts epochs done itself (0 .. the counter's last value, within half an epoch: an
        # evaluation before training and one after each epoch): at the counter's k
        shift = 0.0 if len(epochs) and epochs[0] == 0 and abs(epochs.max() - e[-1]) < 0.5 else 1.0
        out = np.interp(epochs + shift, e, s.astype(np.float64))
        beyond = epochs + shift > e[-1]
    if beyond.any():  # past the counter's end: extend at its average pace
        per_epoch = (s[-1] - s[0]) / max(e[-1] - e[0], 1e-12)
        last = e[-1] if np.all(e == np.round(e)) else e[-1] - shift
        out[beyond] = s[-1] + (epochs[beyond] - last) * per_epoch
    return np.round(out).astype(np.int64)


def _looks_like_epochs(s: Series, train: Series, counter_max: float | None) -> bool:
    """A series logged at epoch indices next to a per-step training loss (a hand-written loop calling
    ``add_scalar('val/loss', v, epoch)``): steps 0..n-1 or 1..n while training runs far beyond them."""
    n = len(s.steps)
    if n < 2 or s.x != "step" or train.x != "step" or len(train.steps) < 2:
        return False
    first = int(s.steps[0])
    if first not in (0, 1) or not np.array_equal(s.steps, np.arange(first, first + n)):
        return False
    if counter_max is not None:  # the epoch counter confirms: as many epochs as the series has points
        return abs(counter_max + 1 - n) <= 1 and int(train.steps[-1]) > 2 * n
    return int(train.steps[-1]) >= 4 * (first + n) and len(train.steps) >= 2 * n


def _align(table: _Table, chosen: dict[str, Series | None], components: list[Series], notes: list[str]) -> tuple:
    """Put every chosen series on the step axis when the training loss counts steps and others count epochs."""
    train = chosen["train_loss"]
    if train is None or train.x != "step":
        return chosen, components
    counter = _epoch_series(table)
    counter_max = None
    if counter is not None:
        cv = table.values_of(counter)
        cv = cv[np.isfinite(cv)]
        counter_max = float(cv.max()) if len(cv) else None
    guessed = []
    for role, s in list(chosen.items()):
        if s is not None and role != "train_loss" and _looks_like_epochs(s, train, counter_max):
            chosen[role] = Series(s.role, s.dir, s.tag, s.steps, s.values, "epoch")
            guessed.append(s.name)
    if guessed:
        notes.append(f"x axis: {', '.join(guessed)} logged at epoch indices (steps 0..n), the training loss at "
                     f"steps up to {int(train.steps[-1])}")
    everything = [s for s in list(chosen.values()) + components if s is not None]
    on_epochs = [s for s in everything if s.x == "epoch"]
    if not on_epochs:
        return chosen, components
    last_epoch = max((int(s.steps.max()) for s in on_epochs if len(s.steps)), default=0)
    # epochs numbered from 1 (every such series starts there: a printed 'Epoch 1: Validation Loss' log, public
    # sarcasm130 val_result.txt 1..30 beside 480 training steps): epoch e ends at e x the steps of one, not e + 1
    base = 1 if all(len(s.steps) and int(s.steps.min()) >= 1 for s in on_epochs) else 0
    # ... unless the training's steps divide into last_epoch + 1 epochs and not into last_epoch: epochs from 0 whose
    # epoch 0 was not validated ('if epoch > 0', breaker, stop 54: best placed half an epoch early)
    n = int(train.steps.max()) + 1 if len(train.steps) else 0
    if base and n and n % (last_epoch + 1) == 0 and (last_epoch < 1 or n % last_epoch != 0):
        base = 0
    per_epoch = (int(train.steps.max()) + 1) / (last_epoch + 1 - base) if len(train.steps) else 0.0

    def end_steps(s: Series) -> tuple[np.ndarray, str]:
        ends = _epoch_end_steps(table, counter, s.steps.astype(np.float64)) if counter is not None else None
        if ends is not None:
            return ends, f"via the `{counter.name}` series (last step of each epoch)"
        # the epoch counter is missing: spread the training loss's steps evenly over the epochs
        return (np.round((s.steps + 1 - base) * per_epoch).astype(np.int64) - 1,
                f"estimated from the training loss's step density (~{per_epoch:.4g} steps per epoch)")

    how = set()

    def convert(s: Series | None) -> Series | None:
        if s is None or s.x != "epoch":
            return s
        ends, why = end_steps(s)
        how.add(why)
        return Series(s.role, s.dir, s.tag, ends, s.values, "step")

    chosen = {k: convert(v) for k, v in chosen.items()}
    components = [convert(c) for c in components]
    notes.append(f"x axis: epochs of {', '.join(s.name for s in on_epochs)} converted to steps "
                 f"{'; '.join(sorted(how))}")
    return chosen, components



# ---------------------------------------------------------------- detector terms and components


def _detector_terms(side: list[_Cand], marker: str) -> list[_Cand]:
    """The ``<marker>/<term>_loss`` series of a detector that logs no total (see DETECTOR_TERMS): in one dir, a
    class term and a box term among them, no plainly named loss beside them; [] otherwise. YOLOv10's terms of its two
    heads (``train/box_om``, ``train/box_oo``, ...) are all kept: its objective is their sum."""
    if any(_level(c) == PLAIN and not c.summary for c in side):
        return []
    by_dir: dict[str, dict[tuple, _Cand]] = {}
    for c in side:
        heads = c.rest & HEAD_WORDS  # YOLOv10's two heads: box_om .. dfl_oo, all six terms summed
        if c.marker == marker and c.wordset & LOSS_WORDS and len(c.rest - heads) == 1 and len(heads) <= 1 \
                and c.flavor is None:
            (term,) = c.rest - heads
            if term in DETECTOR_TERMS:
                by_dir.setdefault(c.dir, {}).setdefault((term, *heads), c)
    for found in by_dir.values():
        terms = {k[0] for k in found}
        if "cls" in terms and terms & {"box", "giou"}:
            return sorted(found.values(), key=lambda c: c.tag)
    return []


def _summed(table: _Table, terms: list[_Cand], role: str, notes: list[str], whose: str = "detector") -> Series:
    """The sum of a detector's (or a GAN generator's, ``whose``) loss terms at the steps they share (the last value
    of a step written twice)."""
    per = []
    for c in terms:
        s, v = table.steps_of(c), table.values_of(c)
        last = np.flatnonzero(np.r_[s[1:] != s[:-1], True]) if len(s) else np.empty(0, dtype=np.int64)
        per.append((s[last], v[last]))
    common = per[0][0]
    for s, _ in per[1:]:
        common = np.intersect1d(common, s)
    total = np.zeros(len(common))
    for s, v in per:
        total = total + v[np.searchsorted(s, common)]
    one_dir = len({c.dir for c in terms}) == 1  # else add_scalars' folders, one a term (curves_gan._group)
    series = Series(role, terms[0].dir if one_dir else "", " + ".join(c.tag if one_dir else c.name for c in terms),
                    common.astype(np.int64), total, terms[0].x)
    if len(terms) == 1:  # the others are 0.0 at every log (curves_zeros._live_terms)
        notes.append(f"{_ROLE_TEXT[role]}: {series.name} (the {whose}'s one loss term not 0.0 throughout: no total "
                     "is logged)")
    else:
        notes.append(f"{_ROLE_TEXT[role]}: {series.name} (the sum of the {whose}'s loss terms: no total is logged, "
                     f"the objective is their sum)")
    return series


def _components(table: _Table, train_side: list[_Cand], train_group: list[_Cand], val_c: _Cand | None,
                notes: list[str], train_chosen: _Cand | None = None) -> list[Series]:
    """Terms of the training objective: qualified or component-named train-side losses, and kl/nll-like series."""
    in_train = {id(c) for c in train_group}
    pool = [c for c in train_side if id(c) not in in_train and not c.summary and _level(c) in (QUALIFIED, COMPONENT)]
    pool += [c for c in table.cands if _is_component_term(c) and c.marker in ("train", None) and not c.all_zero]
    pool = [c for c in pool if c is not val_c and id(c) not in in_train]  # the loss itself ('train_mean_nll')
    if train_chosen is None and not train_group:  # no total at all: a one-point loss is that loss, cut short
        pool = [c for c in pool if c.n >= 2]
    flavors = {c.flavor for c in train_group if c.flavor is not None} if len(train_group) > 1 else set()
    chosen_flavor = train_chosen.flavor if train_chosen is not None and train_chosen.flavor in flavors else None
    out = []
    for g in _groups(pool):
        c, _ = _pick_variant(g, follow=chosen_flavor)
        out.append(_make(table, c, "component"))
    out.sort(key=lambda s: s.name)
    if out:
        notes.append("loss components (not the total): " + _list([s.name for s in out], 8))
    return out
