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
A training loss needs two points: HF's ``train_loss`` (the run's average in the final summary) or a Lightning
``on_train_end`` value is one number, not a curve.
A detector that logs its objective only as terms (Ultralytics/YOLO ``train/box_loss``, ``train/cls_loss``,
``train/dfl_loss``: a class term and a box term, no plainly named loss) is judged on their sum, a series named
``train/box_loss + train/cls_loss + train/dfl_loss``; the terms stay components; the same for ``val/``. A note says so.

The x axis: Keras CSV steps are epochs (the caller passes ``x_hint='epoch'``); Keras TensorBoard ``epoch_*`` tags
count epochs too. Lightning and HF log per-epoch values at the step where the epoch ended, so they already share the
step axis. When the chosen series mix the two, epochs are converted to steps through the run's ``epoch`` series
(value = epoch index at each step), else through the training loss's step density, and the notes say so.
Non-finite values are kept: the verdict needs the first NaN step.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

ROLES = ("train_loss", "val_loss", "lr", "grad_norm", "train_acc", "val_acc")
X_AXES = ("step", "epoch")


@dataclass(frozen=True, eq=False)
class Series:
    """One scalar series in a role. ``x`` says what ``steps`` counts: 'step' or 'epoch'."""

    role: str
    dir: str
    tag: str
    steps: np.ndarray  # int64, increasing
    values: np.ndarray  # float64, NaN/±Inf as logged
    x: str = "step"

    @property
    def name(self) -> str:
        """How reports name the series: ``dir/tag``, or the tag alone in the run root."""
        return f"{self.dir}/{self.tag}" if self.dir else self.tag


@dataclass(frozen=True, eq=False)
class Curves:
    """The series of a run by role; ``notes`` say why each was chosen, ``unusable_reason`` why no loss is usable."""

    train_loss: Series | None = None
    val_loss: Series | None = None
    lr: Series | None = None
    grad_norm: Series | None = None
    train_acc: Series | None = None
    val_acc: Series | None = None
    components: tuple[Series, ...] = ()
    notes: tuple[str, ...] = ()
    unusable_reason: str | None = None
    # loss series too short to be a curve (or, with unusable_reason, any loss) that hold NaN/Inf anyway (a run that
    # blew up at its first log: Keras TerminateOnNaN writes one row `0,inf,nan`), for the nan rule
    nonfinite_losses: tuple[Series, ...] = ()


# ---------------------------------------------------------------- vocabulary

TRAIN_WORDS = frozenset({"train", "training", "trn"})
VAL_WORDS = frozenset({"val", "valid", "validation", "validate", "eval", "evaluation", "dev", "holdout"})
TEST_WORDS = frozenset({"test", "testing", "predict", "prediction"})
LOSS_WORDS = frozenset({"loss", "losses", "cost", "objective"})
STEP_WORDS = frozenset({"step", "steps", "batch", "batches", "iter", "iters", "iteration", "iterations", "vs"})
EPOCH_WORDS = frozenset({"epoch", "epochs"})
# words that leave a loss "plainly named": the total, however it is aggregated
PLAIN_WORDS = frozenset({"total", "mean", "avg", "average", "overall", "full", "sum", "combined", "all", "running",
                         "smooth", "smoothed", "ema"})
# words that only index copies of the same quantity (Lightning dataloader_idx_N, param groups)
INDEX_WORDS = frozenset({"dataloader", "idx", "loader", "pg"})
# terms of a composite objective: never the total when anything else is a loss
COMPONENT_WORDS = frozenset({
    "kl", "kld", "nll", "recon", "reconstruction", "rec", "reg", "regularization", "regularisation", "regularizer",
    "penalty", "aux", "auxiliary", "dynamics", "commitment", "codebook", "vq", "perceptual", "adversarial", "adv",
    "gp", "l1", "l2", "physics", "pde", "boundary", "bc", "ic", "initial", "residual",
})
# a component logged without the word "loss" (Lightning VAE: train_kl_step, train_nll_step) unless it is a knob
COMPONENT_KNOBS = frozenset({"weight", "beta", "coef", "coeff", "scale", "anneal", "annealing", "factor", "lambda"})
# terms of a detector's objective, each logged as its own column with no total (Ultralytics/YOLO results.csv:
# train/box_loss, train/cls_loss, train/dfl_loss; YOLOv5 obj; segment seg; pose pose, kobj; RT-DETR giou, l1)
DETECTOR_TERMS = frozenset({"box", "cls", "dfl", "obj", "seg", "pose", "kobj", "giou", "l1", "rle", "angle"})
ACC_WORDS = frozenset({"acc", "accuracy", "accuracies"})
ACC_PLAIN = frozenset({"categorical", "sparse", "binary", "top1", "mean"})
OPTIMIZERS = frozenset({"adam", "adamw", "sgd", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "radam", "lamb",
                        "lion", "adafactor", "lbfgs", "lars"})
LR_EXCLUDE = frozenset({"momentum", "scale", "factor", "finder"})
GRAD_WORDS = frozenset({"grad", "grads", "gradient", "gradients"})
GRAD_PLAIN = frozenset({"total", "inf", "global"})

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^a-z0-9]+")

# plainness levels of a loss name
PLAIN, INDEXED, QUALIFIED, COMPONENT = 0, 1, 2, 3
_LEVEL_WORDS = {PLAIN: "plainly named", INDEXED: "an indexed copy", QUALIFIED: "a qualified name",
                COMPONENT: "a loss component"}
_ROLE_TEXT = {"train_loss": "training loss", "val_loss": "validation loss", "lr": "learning rate",
              "grad_norm": "gradient norm", "train_acc": "training accuracy", "val_acc": "validation accuracy"}


def words(name: str) -> list[str]:
    """Lower-case words of a tag or dir name: ``lr-Adam/pg1`` -> lr, adam, pg, 1; ``NLLLoss`` -> nll, loss."""
    out: list[str] = []
    for w in _SPLIT.split(_CAMEL.sub("_", name).lower()):
        if not w:
            continue
        if w.endswith("loss") and len(w) > 4:  # 'valloss', 'nllloss': glued words
            out.extend((w[:-4], "loss"))
        elif w.endswith("losses") and len(w) > 6:
            out.extend((w[:-6], "losses"))
        else:
            m = re.fullmatch(r"([a-z]+?)(\d+)", w)
            # 'pg1', 'port1' -> pg, 1: the trailing number indexes a copy ('top1', 'l1', 'l2' are names)
            # 'lr0' (YOLOv5's x/lr0): the learning rate of parameter group 0
            if m and w not in ("top1", "top5", "l1", "l2") and m.group(1) in INDEX_WORDS | {"port", "head", "group",
                                                                                             "lr"}:
                out.extend((m.group(1), m.group(2)))
            else:
                out.append(w)
    return out


def _is_index(w: str) -> bool:
    return w.isdigit() or w in INDEX_WORDS


# ---------------------------------------------------------------- what each (dir, tag) is


@dataclass(eq=False)
class _Cand:
    """One (dir, tag) of the table and what its name says."""

    dir: str
    tag: str
    start: int  # rows [start, stop) of the grouped arrays
    stop: int
    words: tuple[str, ...]
    marker: str | None  # 'train', 'val', 'test', None (unmarked) or 'conflict'
    flavor: str | None  # 'step', 'epoch' (Lightning _step/_epoch, Keras batch_/epoch_) or None
    rest: frozenset  # words left once markers, flavour, loss/accuracy words are taken out
    x: str = "step"
    summary: bool = False  # HF's one-number train_loss in the final entry
    src: "_Table | None" = None  # the table holding its values

    def values(self) -> np.ndarray:
        return np.empty(0) if self.src is None else self.src.values_of(self)

    @property
    def n(self) -> int:
        return self.stop - self.start

    @property
    def name(self) -> str:
        return f"{self.dir}/{self.tag}" if self.dir else self.tag

    @property
    def wordset(self) -> frozenset:
        return frozenset(self.words)

    def base(self) -> tuple:
        """Series that differ only in step/epoch aggregation are one quantity logged two ways."""
        return (self.dir, self.marker, self.rest, self.wordset & (LOSS_WORDS | ACC_WORDS))


def _marker(tag_words: list[str], dir_words: list[str]) -> str | None:
    """'train', 'val', 'test', None or 'conflict'; the tag's own marker first, then the dir's (Keras train/)."""
    def of(ws: list[str]) -> str | None:
        found = set()
        for w in ws:
            if w in TRAIN_WORDS:
                found.add("train")
            elif w in VAL_WORDS:
                found.add("val")
            elif w in TEST_WORDS:
                found.add("test")
        if not found:
            return None
        return found.pop() if len(found) == 1 else "conflict"

    m = of(tag_words)
    return m if m is not None else of(dir_words)


def _flavor(ws: list[str]) -> str | None:
    s = set(ws)
    if s & EPOCH_WORDS and not s & STEP_WORDS:
        return "epoch"
    if s & STEP_WORDS and not s & EPOCH_WORDS:
        return "step"
    return None


def _describe(dir_: str, tag: str, start: int, stop: int) -> _Cand:
    tag_words = words(tag)
    dir_last = dir_.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] if dir_ else ""
    dir_words = words(dir_last)
    marker = _marker(tag_words, dir_words)
    ws = list(tag_words)
    if not set(ws) & (LOSS_WORDS | ACC_WORDS):
        # add_scalars('train', {'loss': l, 'acc': a}) writes tag 'train' into dirs train_loss/ and train_acc/
        ws += [w for w in dir_words if w in LOSS_WORDS | ACC_WORDS]
    role_words = TRAIN_WORDS | VAL_WORDS | TEST_WORDS
    rest = frozenset(w for w in ws if w not in role_words | STEP_WORDS | EPOCH_WORDS | LOSS_WORDS | ACC_WORDS)
    return _Cand(dir_, tag, start, stop, tuple(ws), marker, _flavor(tag_words), rest)


def _is_loss(c: _Cand) -> bool:
    ws = c.wordset
    if ws & LOSS_WORDS:
        return not ws & ACC_WORDS
    # Lightning 'validation_epoch_average': a bare average under a role marker is that role's objective
    return c.marker in ("train", "val", "test") and bool(ws & {"average", "avg"}) and c.rest <= PLAIN_WORDS


def _level(c: _Cand) -> int:
    extra = c.rest - PLAIN_WORDS
    if not extra:
        return PLAIN
    if extra & COMPONENT_WORDS:
        return COMPONENT
    if all(_is_index(w) for w in extra):
        return INDEXED
    return QUALIFIED


def _is_component_term(c: _Cand) -> bool:
    """A component logged without 'loss' in its name: train_kl_step, kld, recon."""
    ws = c.wordset
    return bool(c.rest & COMPONENT_WORDS) and not ws & (LOSS_WORDS | ACC_WORDS | COMPONENT_KNOBS) and not (
        c.rest - COMPONENT_WORDS - PLAIN_WORDS - {"divergence", "div", "term"} - {w for w in c.rest if _is_index(w)})


def _is_acc(c: _Cand) -> bool:
    return bool(c.wordset & ACC_WORDS) and not c.wordset & LOSS_WORDS


def _is_lr(c: _Cand) -> bool:
    ws = c.words
    lr = "lr" in ws or any(a == "learning" and b == "rate" for a, b in zip(ws, ws[1:]))
    return lr and not set(ws) & (LOSS_WORDS | ACC_WORDS | LR_EXCLUDE)


def _is_grad_norm(c: _Cand) -> bool:
    ws = c.wordset
    return ("gradnorm" in ws or (bool(ws & GRAD_WORDS) and bool(ws & {"norm", "norms"}))) and not ws & LOSS_WORDS


# ---------------------------------------------------------------- the table, grouped by (dir, tag)


class _Table:
    """The scalars table grouped by (dir, tag) once; arrays are sliced only for the series that get a role."""

    def __init__(self, scalars: pd.DataFrame):
        dirs = scalars["dir"] if "dir" in scalars.columns else pd.Series([""] * len(scalars))
        d_cat = _as_categorical(dirs)
        t_cat = _as_categorical(scalars["tag"])
        d_codes = np.asarray(d_cat.codes, dtype=np.int64)
        t_codes = np.asarray(t_cat.codes, dtype=np.int64)
        steps = np.asarray(scalars["step"], dtype=np.int64)
        values = np.asarray(scalars["value"], dtype=np.float64)
        named = (d_codes >= 0) & (t_codes >= 0)  # a missing tag names nothing; the contract has none
        if not named.all():
            d_codes, t_codes, steps, values = d_codes[named], t_codes[named], steps[named], values[named]
        n_tags = max(len(t_cat.categories), 1)
        key = d_codes * n_tags + t_codes
        # group rows, keeping step order inside each group (the contract sorts, hand-built tables may not)
        order = np.lexsort((steps, key))
        self.steps = steps[order]
        self.values = values[order]
        key = key[order]
        bounds = np.flatnonzero(np.diff(key)) + 1
        starts = np.concatenate(([0], bounds)).astype(np.int64) if len(key) else bounds
        stops = np.concatenate((bounds, [len(key)])).astype(np.int64) if len(key) else bounds
        d_names = [str(x) for x in d_cat.categories]
        t_names = [str(x) for x in t_cat.categories]
        self.cands: list[_Cand] = []
        for a, b in zip(starts.tolist(), stops.tolist()):
            d, t = divmod(int(key[a]), n_tags)
            c = _describe(d_names[d], t_names[t], a, b)
            c.src = self
            self.cands.append(c)

    def steps_of(self, c: _Cand) -> np.ndarray:
        return self.steps[c.start:c.stop]

    def values_of(self, c: _Cand) -> np.ndarray:
        return self.values[c.start:c.stop]


def _as_categorical(col) -> pd.Categorical:
    arr = col.array if isinstance(col, pd.Series) else col
    if isinstance(arr, pd.Categorical):
        return arr
    return pd.Categorical(np.asarray(col, dtype=object).astype(str))


# ---------------------------------------------------------------- choosing


MIN_EPOCH_POINTS = 5  # a per-epoch aggregate replaces a noisy per-step training series only with this many points


def _noise(values: np.ndarray) -> float:
    """Step-to-step noise: the median absolute change between consecutive finite values (what features.py uses)."""
    v = values[np.isfinite(values)]
    return float(np.median(np.abs(np.diff(v)))) if len(v) > 1 else 0.0


def _movement(values: np.ndarray) -> float:
    """Everything a series moved over the run: highest minus lowest finite value."""
    v = values[np.isfinite(values)]
    return float(v.max() - v.min()) if len(v) else 0.0


def _g(x: float) -> str:
    return f"{x:.3g}"


def _counts_batches(step: _Cand, epoch: _Cand) -> bool:
    """Lightning's per-step validation series counts validation batches 0, 1, 2... (its own counter), not steps."""
    s = step.src.steps_of(step) if step.src is not None else np.empty(0)
    e = epoch.src.steps_of(epoch) if epoch.src is not None else np.empty(0)
    return (len(s) > max(len(e), 1) and int(s[0]) in (0, 1) and bool(np.all(np.diff(s) == 1))
            and (not len(e) or int(s[-1]) != int(e[-1])))


def _pick_variant(group: list[_Cand], follow: str | None = None) -> tuple[_Cand, str]:
    """One of a step/epoch pair (or a lone series), with the reason (see the module docstring): validation and test
    take the per-epoch aggregate; training the per-step series unless the per-epoch one has more points or the
    per-step one is much noisier than the curve. ``follow`` ('step'/'epoch'): take that flavour when the group has
    it (loss components follow the training loss)."""
    if len(group) == 1:
        return group[0], ""
    per_step = [c for c in group if c.flavor != "epoch"]
    per_epoch = [c for c in group if c.flavor == "epoch"]
    best_step = max(per_step, key=lambda c: (c.n, c.flavor is None), default=None)
    best_epoch = max(per_epoch, key=lambda c: c.n, default=None)
    if best_step is None or best_epoch is None:
        chosen = max(group, key=lambda c: (c.n, c.name))
        return chosen, ""
    if follow == "epoch":
        return best_epoch, "per-epoch, as the training loss"
    if follow == "step":
        return best_step, "per-step, as the training loss"
    if best_epoch.n > best_step.n:
        return best_epoch, (f"per-epoch series has more points ({best_epoch.n} vs {best_step.n} in "
                            f"{best_step.name})")
    step_noise, epoch_noise = _noise(best_step.values()), _noise(best_epoch.values())
    if best_epoch.marker in ("val", "test") and best_step.flavor == "step":
        counter = (", at steps that count validation batches, not training steps"
                   if _counts_batches(best_step, best_epoch) else "")
        noisier = (f"; its step-to-step noise is {_g(step_noise)} vs {_g(epoch_noise)}"
                   if step_noise > 0 and step_noise > epoch_noise else "")
        evaluations = f"{best_epoch.n} evaluation{'s' if best_epoch.n != 1 else ''}"
        return best_epoch, (f"the per-epoch aggregate: one value per evaluation, {evaluations}; {best_step.name} "
                            f"holds their {best_step.n} per-batch values, batch-to-batch differences rather than a "
                            f"curve over training{counter}{noisier}")
    movement = _movement(best_epoch.values())
    if best_epoch.n >= MIN_EPOCH_POINTS and step_noise > movement:
        return best_epoch, (f"the per-epoch aggregate: {best_step.name} is much noisier than the curve, its "
                            f"step-to-step noise {_g(step_noise)} exceeds everything {best_epoch.name} moved over the "
                            f"run ({_g(movement)}); {best_epoch.n} epoch points vs {best_step.n}")
    return best_step, f"per-step series, {best_step.n} points vs {best_epoch.n} in {best_epoch.name}"


def _groups(cands: list[_Cand]) -> list[list[_Cand]]:
    by: dict[tuple, list[_Cand]] = {}
    for c in cands:
        by.setdefault(c.base(), []).append(c)
    return list(by.values())


def _choose(cands: list[_Cand], *, allow_implicit: bool) -> tuple[_Cand, str, list[_Cand]] | None:
    """Best candidate by plainness, explicit marker, points, name; with the reason and its group."""
    if not cands:
        return None
    scored = []
    for g in _groups(cands):
        chosen, why = _pick_variant(g)
        explicit = chosen.marker is not None
        scored.append(((_level(chosen), 0 if explicit or not allow_implicit else 1, -chosen.n, chosen.name),
                       chosen, why, g))
    scored.sort(key=lambda s: s[0])
    _, chosen, why, group = scored[0]
    return chosen, why, group


def _make(table: _Table, c: _Cand, role: str) -> Series:
    return Series(role, c.dir, c.tag, table.steps_of(c).copy(), table.values_of(c).copy(), c.x)


def _resolve(table: _Table, spec: str, option: str) -> _Cand:
    """An override: a tag, ``dir:tag`` or ``dir/tag``; ValueError listing close matches when it names nothing."""
    exact = [c for c in table.cands if c.tag == spec]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        names = ", ".join(f"{c.dir}:{c.tag}" for c in exact)
        raise ValueError(f"{option} {spec!r} is in several dirs ({names}); name one as dir:tag")
    by_key = {(c.dir, c.tag): c for c in table.cands}
    for sep in (":", "/"):
        for i, ch in enumerate(spec):
            if ch == sep and (spec[:i], spec[i + 1:]) in by_key:
                return by_key[(spec[:i], spec[i + 1:])]
    names = sorted({c.name for c in table.cands} | {c.tag for c in table.cands})
    close = difflib.get_close_matches(spec, names, n=5, cutoff=0.5)
    if close:
        hint = "close matches: " + ", ".join(close)
    elif names:
        hint = "series: " + _list(names)
    else:
        hint = "the run has no series"
    raise ValueError(f"{option} {spec!r} names no series of this run; {hint}")


def _list(names: list[str], limit: int = 15) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f", ... ({len(names) - limit} more)"


# ---------------------------------------------------------------- epochs -> steps


def _epoch_series(table: _Table) -> _Cand | None:
    """The run's epoch counter (Lightning/HF tag ``epoch``: the epoch index at each logged step)."""
    found = [c for c in table.cands if c.words == ("epoch",) or c.words == ("train", "epoch")]
    if not found:
        return None
    return max(found, key=lambda c: (c.dir == "", c.words == ("epoch",), c.n))


def _epoch_end_steps(table: _Table, counter: _Cand, epochs: np.ndarray) -> np.ndarray | None:
    """Step at which each (0-based) epoch ended, from the epoch counter series; None when it cannot tell."""
    s = table.steps_of(counter)
    e = table.values_of(counter)
    ok = np.isfinite(e)
    s, e = s[ok], e[ok]
    if len(s) < 2 or np.any(np.diff(e) < 0):
        return None
    if np.all(e == np.round(e)):  # Lightning: value = index of the epoch in progress; its last step ends it
        idx = np.searchsorted(e, epochs, side="right") - 1
        out = s[np.clip(idx, 0, len(s) - 1)].astype(np.float64)
        beyond = epochs > e[-1]
    else:  # HF: fractional epochs done; epoch k ends where the counter reaches k + 1
        out = np.interp(epochs + 1.0, e, s.astype(np.float64))
        beyond = epochs + 1.0 > e[-1]
    if beyond.any():  # past the counter's end: extend at its average pace
        per_epoch = (s[-1] - s[0]) / max(e[-1] - e[0], 1e-12)
        last = e[-1] if np.all(e == np.round(e)) else e[-1] - 1.0
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
    per_epoch = (int(train.steps.max()) + 1) / (last_epoch + 1) if len(train.steps) else 0.0

    def end_steps(s: Series) -> tuple[np.ndarray, str]:
        ends = _epoch_end_steps(table, counter, s.steps.astype(np.float64)) if counter is not None else None
        if ends is not None:
            return ends, f"via the `{counter.name}` series (last step of each epoch)"
        # the epoch counter is missing: spread the training loss's steps evenly over the epochs
        return (np.round((s.steps + 1) * per_epoch).astype(np.int64) - 1,
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


# ---------------------------------------------------------------- the stage


def find_curves(
    scalars: pd.DataFrame,
    *,
    train_series: str | None = None,
    val_series: str | None = None,
    x_hint: str = "step",
) -> Curves:
    """The series of each role in a run's tidy scalars table, with a note per choice.

    ``train_series``/``val_series`` name a tag (or ``dir:tag``) to use as is; a name matching no series raises
    ValueError listing the close matches. ``x_hint`` is what the table's ``step`` counts for this run's format
    ('epoch' for Keras CSV, where the reader writes the epoch into ``step``).
    """
    if x_hint not in X_AXES:
        raise ValueError(f"x_hint must be one of {X_AXES}, not {x_hint!r}")
    table = _Table(scalars)
    cands = table.cands
    counter = _epoch_series(table)
    for c in cands:
        # Keras TensorBoard writes epoch_* at step = epoch; Lightning's NAME_epoch sits at the global step
        keras_epoch_tag = c.tag.lower().startswith("epoch_") and counter is None
        c.x = "epoch" if x_hint == "epoch" or keras_epoch_tag else "step"
    _mark_summaries(table)
    notes: list[str] = []
    chosen: dict[str, Series | None] = dict.fromkeys(ROLES)

    losses = [c for c in cands if _is_loss(c)]
    train_side = [c for c in losses if c.marker in ("train", None)]
    val_side = [c for c in losses if c.marker == "val"]
    test_side = [c for c in losses if c.marker == "test"]

    # ---- training loss
    train_c: _Cand | None = None
    train_group: list[_Cand] = []
    terms = _detector_terms(train_side, "train") if train_series is None else []
    if train_series is not None:
        train_c = _resolve(table, train_series, "train_series")
        train_group = [train_c]
        notes.append(f"training loss: {train_c.name} (set by train_series)")
    elif terms:
        chosen["train_loss"] = _summed(table, terms, "train_loss", notes)
        train_group = terms
    else:
        train_c, train_group = _choose_train(train_side, notes)
    if train_c is not None:
        chosen["train_loss"] = _make(table, train_c, "train_loss")

    # ---- validation loss
    val_c: _Cand | None = None
    val_terms = _detector_terms(val_side, "val") if val_series is None else []
    if val_series is not None:
        val_c = _resolve(table, val_series, "val_series")
        notes.append(f"validation loss: {val_c.name} (set by val_series)")
    elif val_terms:
        chosen["val_loss"] = _summed(table, val_terms, "val_loss", notes)
    else:
        val_c = _choose_val(val_side, test_side, notes)
    if val_c is not None:
        chosen["val_loss"] = _make(table, val_c, "val_loss")

    # ---- components of the training objective
    components = _components(table, train_side, train_group, val_c, notes, train_c)

    # ---- learning rate, gradient norm, accuracies
    taken = {id(train_c), id(val_c)}
    for role, pick in (("lr", _choose_lr), ("grad_norm", _choose_grad_norm),
                       ("train_acc", _choose_train_acc), ("val_acc", _choose_val_acc)):
        found = pick([c for c in cands if id(c) not in taken])
        if found is not None:
            c, why = found
            chosen[role] = _make(table, c, role)
            notes.append(f"{_ROLE_TEXT[role]}: {c.name}" + (f" ({why})" if why else ""))

    chosen, components = _align(table, chosen, components, notes)

    unusable = _unusable_reason(chosen, cands, losses, components)
    broken = tuple(_make(table, c, "train_loss") for c in losses
                   if (unusable or c.n < 2) and not np.isfinite(table.values_of(c)).all())
    return Curves(**chosen, components=tuple(components), notes=tuple(notes), unusable_reason=unusable,
                  nonfinite_losses=broken)


def _mark_summaries(table: _Table) -> None:
    """HF's final log entry repeats ``train_loss`` (the run's average) next to ``train_runtime``: a summary."""
    runtime_steps: dict[str, set] = {}
    for c in table.cands:
        if c.words[-2:] == ("train", "runtime"):
            runtime_steps.setdefault(c.dir, set()).update(table.steps_of(c).tolist())
    for c in table.cands:
        if c.marker == "train" and c.rest == frozenset() and c.dir in runtime_steps and c.wordset & LOSS_WORDS:
            if set(table.steps_of(c).tolist()) <= runtime_steps[c.dir]:
                c.summary = True


def _choose_train(train_side: list[_Cand], notes: list[str]) -> tuple[_Cand | None, list[_Cand]]:
    summaries = [c for c in train_side if c.summary]
    single = [c for c in train_side if not c.summary and c.n < 2]
    usable = [c for c in train_side if not c.summary and c.n >= 2]
    totals = [c for c in usable if _level(c) != COMPONENT]
    if not totals:
        # a component-named loss is the total only when it is the one loss there is (a plain autoencoder's recon)
        comp_groups = _groups([c for c in usable if _level(c) == COMPONENT])
        if len(comp_groups) == 1:
            totals = comp_groups[0]
    found = _choose(totals, allow_implicit=True)
    skipped = []
    if summaries:
        names = ", ".join(sorted(c.name for c in summaries))
        skipped.append(f"{names} {'is the run summary' if len(summaries) == 1 else 'are run summaries'}, one number")
    if single:
        names = ", ".join(sorted(c.name for c in single))
        skipped.append(f"{names} {'has' if len(single) == 1 else 'have'} a single point")
    if found is None:
        comps = sorted(c.name for c in usable)
        if comps:
            why = "only loss components (" + ", ".join(comps) + "), no total"
        elif skipped:
            why = "; ".join(skipped)
        else:
            why = "no series named like a training loss"
        notes.append(f"training loss: none ({why})")
        return None, []
    c, variant_why, group = found
    reasons = []
    if variant_why:
        reasons.append(variant_why)
    if c.marker is None:
        reasons.append("an unmarked loss is the training loss")
    level = _level(c)
    if level != PLAIN:
        reasons.append(f"{_LEVEL_WORDS[level]}: no plainly named loss")
    others = [o.name for o in totals if o not in group and _level(o) == level]
    if others:
        reasons.append("over " + ", ".join(sorted(others)))
    reasons += skipped
    notes.append(f"training loss: {c.name}" + (f" ({'; '.join(reasons)})" if reasons else ""))
    return c, group


def _choose_val(val_side: list[_Cand], test_side: list[_Cand], notes: list[str]) -> _Cand | None:
    pool = [c for c in val_side if _level(c) != COMPONENT] or (val_side if len(_groups(val_side)) == 1 else [])
    fallback = False
    if not pool:
        pool = [c for c in test_side if _level(c) != COMPONENT]
        fallback = bool(pool)
    found = _choose(pool, allow_implicit=False)
    if found is None:
        notes.append("validation loss: none (no series named like a validation or test loss)")
        return None
    c, variant_why, group = found
    reasons = []
    if fallback:
        reasons.append("no validation series")
    if variant_why:
        reasons.append(variant_why)
    if _level(c) != PLAIN:
        reasons.append(f"{_LEVEL_WORDS[_level(c)]}: no plainly named validation loss")
    others = sorted(o.name for o in pool if o not in group)
    if others:
        reasons.append("over " + ", ".join(others))
    if c.n == 1:
        reasons.append("a single point")
    notes.append(f"validation loss: {c.name}" + (f" ({'; '.join(reasons)})" if reasons else ""))
    return c


def _detector_terms(side: list[_Cand], marker: str) -> list[_Cand]:
    """The ``<marker>/<term>_loss`` series of a detector that logs no total (see DETECTOR_TERMS): in one dir, a
    class term and a box term among them, no plainly named loss beside them; [] otherwise."""
    if any(_level(c) == PLAIN and not c.summary for c in side):
        return []
    by_dir: dict[str, dict[str, _Cand]] = {}
    for c in side:
        if c.marker == marker and c.wordset & LOSS_WORDS and len(c.rest) == 1 and c.flavor is None:
            (term,) = c.rest
            if term in DETECTOR_TERMS:
                by_dir.setdefault(c.dir, {}).setdefault(term, c)
    for found in by_dir.values():
        if "cls" in found and found.keys() & {"box", "giou"}:
            return sorted(found.values(), key=lambda c: c.tag)
    return []


def _summed(table: _Table, terms: list[_Cand], role: str, notes: list[str]) -> Series:
    """The sum of a detector's loss terms at the steps they share (the last value of a step written twice)."""
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
    series = Series(role, terms[0].dir, " + ".join(c.tag for c in terms), common.astype(np.int64), total,
                    terms[0].x)
    notes.append(f"{_ROLE_TEXT[role]}: {series.name} (the sum of the detector's loss terms: no total is logged, "
                 f"the objective is their sum)")
    return series


def _components(table: _Table, train_side: list[_Cand], train_group: list[_Cand], val_c: _Cand | None,
                notes: list[str], train_chosen: _Cand | None = None) -> list[Series]:
    """Terms of the training objective: qualified or component-named train-side losses, and kl/nll-like series."""
    in_train = {id(c) for c in train_group}
    pool = [c for c in train_side if id(c) not in in_train and not c.summary and _level(c) in (QUALIFIED, COMPONENT)]
    pool += [c for c in table.cands if _is_component_term(c) and c.marker in ("train", None)]
    pool = [c for c in pool if c is not val_c]
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


def _choose_ranked(cands: list[_Cand], extra_of) -> tuple[_Cand, str] | None:
    if not cands:
        return None
    best = []
    for g in _groups(cands):
        c, why = _pick_variant(g)
        best.append(((len(extra_of(c)), -c.n, c.name), c, why))
    best.sort(key=lambda b: b[0])
    _, c, why = best[0]
    if len(best) > 1:
        why = (why + "; " if why else "") + "over " + _list([b[1].name for b in best[1:]], 3)
    return c, why


def _choose_lr(cands: list[_Cand]):
    pool = [c for c in cands if _is_lr(c) and c.marker in ("train", None)]
    return _choose_ranked(pool, lambda c: [w for w in c.rest if w not in OPTIMIZERS and w not in {"learning", "rate",
                                                                                                 "lr"}])


def _choose_grad_norm(cands: list[_Cand]):
    pool = [c for c in cands if _is_grad_norm(c) and c.marker in ("train", None)]
    ignore = GRAD_WORDS | GRAD_PLAIN | {"norm", "norms", "gradnorm"}
    return _choose_ranked(pool, lambda c: [w for w in c.rest if w not in ignore and not w.isdigit()])


def _acc_extra(c: _Cand) -> list[str]:
    return [w for w in c.rest if w not in ACC_PLAIN and w not in PLAIN_WORDS]


def _choose_train_acc(cands: list[_Cand]):
    pool = [c for c in cands if _is_acc(c) and c.marker in ("train", None)]
    explicit = [c for c in pool if c.marker == "train"]
    return _choose_ranked(explicit or pool, _acc_extra)


def _choose_val_acc(cands: list[_Cand]):
    pool = [c for c in cands if _is_acc(c) and c.marker == "val"]
    if pool:
        return _choose_ranked(pool, _acc_extra)
    found = _choose_ranked([c for c in cands if _is_acc(c) and c.marker == "test"], _acc_extra)
    if found is None:
        return None
    c, why = found
    return c, "no validation series" + (f"; {why}" if why else "")


def _unusable_reason(chosen: dict, cands: list[_Cand], losses: list[_Cand], components: list[Series]) -> str | None:
    train, val = chosen["train_loss"], chosen["val_loss"]
    if train is not None and len(train.steps) >= 2:
        return None
    if val is not None and (len(val.steps) >= 2 or train is not None):
        return None
    if not cands:
        return "no scalar series at all"
    if val is not None:
        return f"the only loss, {val.name}, has a single point: no curve"
    if not losses:
        return "no series named like a loss; tags: " + _list(sorted({c.name for c in cands}))
    if components:
        return "only loss components (" + ", ".join(s.name for s in components) + "), no total loss"
    return "no loss series with two or more points: " + _list(
        [f"{c.name} ({c.n} point{'s' if c.n != 1 else ''})" for c in sorted(losses, key=lambda c: c.name)])
