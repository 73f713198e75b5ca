"""``curves`` choosing: the scalars table grouped by (dir, tag), and the choice of one series per role among
the candidates (step/epoch variant, plainness, marker, points); see ``loganalyzer.curves``."""
from __future__ import annotations

import difflib
import re

from typing import TYPE_CHECKING

import numpy as np

from .curves_quality import WHY, bare_quality
from .curves_stale import without_stale
from .curves_names import (
    ACC_PLAIN, COMPONENT, GRAD_PLAIN, GRAD_WORDS, INDEXED, LOSS_WORDS, OPTIMIZERS, PLAIN, PLAIN_WORDS, _LEVEL_WORDS,
    _Cand, _describe, _is_acc, _is_grad_norm, _is_lr, _is_metric, _is_reward, _level, metric_word,
)
from .curves_series import Series
from .curves_variant import _pick_variant  # noqa: F401 (used here, and by curves_align through this module)

if TYPE_CHECKING:  # pandas only for a table not grouped already (``scalars_groups``): a scan never imports it
    import pandas as pd


# ---------------------------------------------------------------- the table, grouped by (dir, tag)


class _Table:
    """The scalars table grouped by (dir, tag) once; arrays are sliced only for the series that get a role."""

    def __init__(self, scalars: pd.DataFrame, groups=None):
        if groups is not None:  # grouped already (``scalars_groups``): the same rows in the same order
            self._from_groups(groups)
            return
        import pandas as pd

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

    def _from_groups(self, groups) -> None:
        self.steps = groups.steps
        self.values = groups.values
        n_tags, d_names, t_names = groups.n_tags, groups.dir_names, groups.tag_names
        self.cands = []
        for a, b, key in zip(groups.starts.tolist(), groups.stops.tolist(), groups.keys.tolist()):
            d, t = divmod(key, n_tags)
            c = _describe(d_names[d], t_names[t], a, b)
            c.src = self
            self.cands.append(c)

    def steps_of(self, c: _Cand) -> np.ndarray:
        return self.steps[c.start:c.stop]

    def values_of(self, c: _Cand) -> np.ndarray:
        return self.values[c.start:c.stop]


def _as_categorical(col) -> pd.Categorical:
    import pandas as pd

    arr = col.array if isinstance(col, pd.Series) else col
    if isinstance(arr, pd.Categorical):
        return arr
    return pd.Categorical(np.asarray(col, dtype=object).astype(str))


# ---------------------------------------------------------------- choosing


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
        # an EMA copy of the weights evaluated beside the model (torchvision's ``--model-ema``: ``val_ema_loss``
        # beside ``val_loss``) is the model's only when nothing else is: it had won on its name's letters
        # at a tie a 'smooth' loss is a smoothness term more often than a smoothed copy (SC-SfMLearner, Monodepth's
        # ``smooth_loss`` beside ``photo_loss`` and ``total_loss``, public scsfmnemo193: it won on its letters and
        # its rise as the disparity gains structure was `diverged` 0.99): the other plain loss goes first
        scored.append(((_level(chosen), 0 if explicit or not allow_implicit else 1, "ema" in chosen.rest, -chosen.n,
                        "smooth" in chosen.rest, chosen.name),
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


def _loss_override(table: _Table, spec: str, option: str) -> _Cand:
    """``_resolve`` for ``train_series``/``val_series``, which name a loss: ValueError when the series named is an
    accuracy or another score that grows with a better model (newcomer35: ``--train-series val/acc`` was judged as
    a loss, its rise read as a climb). The run is then judged on its own choice, with a finding saying why."""
    from .curves_names import ACC_WORDS, METRIC_UP, NO_LOSS_WORDS

    c = _resolve(table, spec, option)
    words = c.wordset
    if not words & LOSS_WORDS and (words & (ACC_WORDS | NO_LOSS_WORDS) or words & set(METRIC_UP)):
        raise ValueError(f"{option} {spec!r} is a score that grows as the model improves (an accuracy or a task "
                         "metric), not a loss: the verdicts read a loss; name a loss series, or leave the option out")
    return c


def _list(names: list[str], limit: int = 15) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f", ... ({len(names) - limit} more)"


# the sub-directory add_hparams(hparams, metrics) writes into (torch, tensorboardX): LOGDIR/<str(time.time())>/
_HPARAMS_DIR = re.compile(r"\d{9,}\.\d+")


def _mark_summaries(table: _Table) -> None:
    """HF's final log entry repeats ``train_loss`` (the run's average) next to ``train_runtime``: a summary. So is
    each metric of ``add_hparams(hparams, {"hparam/loss": ...})``: one number in LOGDIR/<time.time()>/ (or, with
    ``run_name="."``, beside the curves), no curve."""
    for c in table.cands:  # (run_name=".": the metrics beside the curves, named hparam/... as torch's docs do)
        if c.n == 1 and (_HPARAMS_DIR.fullmatch(c.dir.rsplit("/", 1)[-1]) or c.tag.startswith("hparam/")):
            c.summary = True
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
    skipped = []
    totals = without_stale(totals, usable, skipped)  # a total printing one value beside a loss that moves
    found = _choose(totals, allow_implicit=True)
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
    dense = _denser_index(c, usable)
    if dense is not None:  # a sparse per-step loss beside its one per-epoch index copy (pytorch_tabular 0.7)
        reasons.append(f"the denser series of the same loss: {c.name} has only {c.n} points, {dense.name} {dense.n}")
        c, variant_why, group = dense, None, [dense]
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


SPARSE_POINTS, DENSER = 30, 3  # a plain loss of < 30 points beside an index copy with >= 3x as many: use the copy


def _denser_index(c: _Cand, usable: list[_Cand]) -> _Cand | None:
    """The one index copy of a plainly named loss (``train_loss_0`` beside ``train_loss``: same dir and marker, the
    same words but one index) when the plain one is sparse (< ``SPARSE_POINTS``) and the copy has >= ``DENSER`` x its
    points, else None. pytorch_tabular 0.7 (manujosephv/pytorch_tabular f291430, ``models/base_model.py``
    ``calculate_loss``) logs a regression's ``{tag}_loss`` per step (``on_step=True``: Lightning writes every 50th
    step) and ``{tag}_loss_{i}`` per target per epoch (``on_epoch=True``); with one target they are one loss, and a
    run of a few hundred steps has a handful of per-step points beside one per epoch. Several index copies (one per
    target) are the total's terms, not the same loss: none is chosen."""
    if _level(c) != PLAIN or c.n >= SPARSE_POINTS:
        return None
    copies = [o for o in usable if o is not c and o.dir == c.dir and o.marker == c.marker and _level(o) == INDEXED
              and o.wordset & LOSS_WORDS and {w for w in o.rest if not w.isdigit()} == set(c.rest)
              and any(w.isdigit() for w in o.rest)]
    if len(copies) != 1 or copies[0].n < DENSER * c.n:
        return None
    return copies[0]


def _choose_val(val_side: list[_Cand], test_side: list[_Cand], notes: list[str], train: _Cand | None = None
                ) -> _Cand | None:
    """The validation loss; a test-side one when no validation series is there. A test loss named as a component
    is taken only when the training loss chosen is that same component, the run's only loss (public wrnadv201's
    ``train_adv_loss`` / ``test_adv_loss`` of adversarial training: ``adv`` is the whole loss, not a term)."""
    pool = [c for c in val_side if _level(c) != COMPONENT] or (val_side if len(_groups(val_side)) == 1 else [])
    fallback = False
    if not pool:
        pool = [c for c in test_side if _level(c) != COMPONENT] or [
            c for c in test_side if train is not None and _level(train) == COMPONENT and c.rest == train.rest
            and c.dir == train.dir and c.wordset & LOSS_WORDS]
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
    """The words that make an accuracy less the task's plain one. A class-mean accuracy (segmentation: HF evaluate's
    ``mean_accuracy`` beside ``overall_accuracy``, mmseg's mAcc beside aAcc) ranks after the overall one: it
    weighs rare classes as much as the background, so it reads low on a model that fits its task (the thirteenth
    set's `healthy` ``moscow3d``: eval_mean_accuracy 0.42, eval_overall_accuracy 0.81, was `underfit` 0.6 from
    the first). A ``clean`` accuracy is the plain one: adversarial training's evaluation (FastEstimator's
    ``clean_accuracy`` beside ``adversarial_accuracy``, public vbvgadv201) reads low under attack by design."""
    extra = [w for w in c.rest if w not in ACC_PLAIN and w not in PLAIN_WORDS and w not in ("overall", "clean")]
    return extra + ["mean"] if "mean" in c.wordset else extra


def _val_metrics_group(c: _Cand) -> bool:
    """Unmarked under a ``metrics`` name (Ultralytics ``metrics/accuracy_top1``, ``metrics/mAP50(B)``): computed on
    the validation split (Ultralytics' ``BaseValidator`` runs after each epoch; results.csv heads them ``metrics/``
    beside ``train/`` and ``val/`` losses)."""
    return c.marker is None and "metrics" in c.words


def _choose_train_acc(cands: list[_Cand]):
    pool = [c for c in cands if _is_acc(c) and c.marker in ("train", None) and not _val_metrics_group(c)]
    explicit = [c for c in pool if c.marker == "train"]
    return _choose_ranked(explicit or pool, _acc_extra)


def _choose_val_acc(cands: list[_Cand]):
    pool = [c for c in cands if _is_acc(c) and (c.marker == "val" or _val_metrics_group(c))]
    if pool:
        return _choose_ranked(pool, _acc_extra)
    found = _choose_ranked([c for c in cands if _is_acc(c) and c.marker == "test"], _acc_extra)
    if found is None:
        return None
    c, why = found
    return c, "no validation series" + (f"; {why}" if why else "")


_METRIC_PLAIN = frozenset({"macro", "micro", "weighted", "score", "metrics", "overall"})  # the whole task's figure
# detectron2's COCOEvaluator results, ``<task>/<metric>`` (``bbox/AP``, ``segm/AP50``, ``keypoints/AP``:
# evaluation/testing.py ``flatten_results_dict`` of ``{"bbox": {"AP": ..}}``, written to metrics.json at each
# EvalHook): unmarked, but measured on cfg.DATASETS.TEST, the held-out set (a breaker's ``detectron2_resumed``, stop
# 45: no validation metric, where mmdet's ``bbox_mAP`` of a mode=val line had one)
_COCO_TASKS = frozenset({"bbox", "segm", "keypoints"})


def _coco_eval(c: _Cand) -> bool:
    return len(c.words) == 2 and c.words[0] in _COCO_TASKS


def _choose_val_metric(cands: list[_Cand]):
    """The task's validation metric (``curves_names.METRIC_UP``/``METRIC_DOWN``): validation-marked first, else
    unmarked under a ``metrics`` name (YOLO's ``metrics/mAP_0.5:0.95``) or a COCO task's (``bbox/AP``), else
    test-marked; the most telling metric, then the plainest name (``eval_overall_f1`` over one entity type's
    ``eval_T005_f1``), then the most points."""
    for marker, why in (("val", ""), (None, ""), ("test", "no validation series")):
        pool = [c for c in cands if _is_metric(c) and c.marker == marker and c.n >= 2
                and (marker is not None or "metrics" in c.words or "fid" in c.wordset or _coco_eval(c))
                and np.isfinite(c.values()).sum() >= 2]  # an F1 that is NaN by design (0/0 at every epoch): no metric
        if pool:
            pool.sort(key=lambda c: (metric_word(c.tag)[0], len(c.rest - PLAIN_WORDS - _METRIC_PLAIN), -c.n, c.name))
            return pool[0], why
        if marker is None and (quality := bare_quality(cands)):  # SRGAN's 'Epoch,Loss_D,..,PSNR,SSIM' (curves_quality)
            return min(quality, key=lambda c: (metric_word(c.tag)[0], c.name)), WHY
    return None


def _choose_reward(cands: list[_Cand]):
    """The RL run's mean reward (``curves_names._is_reward``): the plainest name, then the most points (``reward``
    over one reward function's ``rewards/<func>``)."""
    pool = [c for c in cands if _is_reward(c) and c.marker in ("train", None) and c.n >= 2]
    if not pool:
        return None
    pool.sort(key=lambda c: ("rewards" in c.words, len(c.rest - PLAIN_WORDS - {"reward", "ep", "rew", "rollout"}),
                             -c.n, c.name))
    return pool[0], ""
