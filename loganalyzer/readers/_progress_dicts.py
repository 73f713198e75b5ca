"""The dict-shaped progress lines of ``_progress``: HF Trainer's printed ``{'loss': 0.41, 'learning_rate': 5e-05,
'epoch': 0.5}`` (its ``{'train_runtime': ...}`` summary: the run's mean loss, no curve point; ``eval_``/``test_``
keys: an evaluation; counters named in ``_progress.SKIPPED_KEYS`` -- TRL's SFTTrainer's cumulative ``'num_tokens':
'3.629e+04'`` and ``'eval_num_tokens'`` -- no series) and JSON objects printed one a line (numbers and strings; a list of COCO's 12 stats named, as
DETR's ``test_coco_eval_bbox``). Split from ``_progress.py``; imported there late (it uses that module's helpers).
"""
from __future__ import annotations

import json
import math
import re

from ._coco import coco_stats
from ._progress import _CLAIMED, SKIPPED_KEYS, Record, _from_pairs, to_float

_HF_PAIR = re.compile(r"'([^']+)':\s*(?:'([^']*)'|([-+\w.]+))")
_HF_SKIP = ("_runtime", "_per_second", "total_flos", "epoch", "step")
# a dict holding dicts is a config echo, never a log record (HF's are flat): fairseq's hydra config
# ``{'_name': None, 'common': {'_name': None, 'log_interval': 200, ...}, 'optimization': {'max_epoch': 50, ..}}``
# (public Fsoft-AIC/RoPADet train.out) gave ~100 series at step 0 (adam_eps, batch_size, beam, clip_norm, ...)
_NESTED = re.compile(r"'[^']+':\s*\{'")
# the Hugging Face NLP course's Accelerate loop for a causal LM from scratch (chapter 7, "Training a causal language
# model from scratch"; public BabyLM runs): ``accelerator.print({"samples": step * samples_per_step, "steps":
# completed_steps, "loss/train": loss.item() * gradient_accumulation_steps})`` after a tqdm bar on the same line, and
# ``accelerator.print({"loss/eval": eval_loss, "perplexity": perplexity})`` per evaluation (no step: it follows the
# last training dict). 'steps' is the optimizer step, 'samples' a counter; '/eval' names the evaluation.
_COURSE_KEY = re.compile(r"'loss/(?:train|eval|valid|val|test)'")
_COURSE_COUNTERS = ("steps", "samples")


# what a line says before its dict: pytorch-ignite's ``Train Epoch[1/6] : {'accuracy': .., 'loss': ..}`` then
# ``Test Epoch[1/6] : {..}`` (its examples' loggers; a newcomer breaker's log: the test values were the training
# loss's every other point and each epoch its own run), Accelerate's ``epoch 0: {'accuracy': .., 'f1': ..}`` (its
# nlp_example's evaluation, no loss: dropped): the split word and the epoch counter before the dict
_PREFIX_SPLIT = re.compile(r"(?i)(?<![\w.])(train|training|val|valid|validation|eval|evaluation|test|testing|dev)(?![\w.])")
_PREFIX_EPOCH = re.compile(r"(?i)\b(epoch|step)\s*[\[(:#]?\s*(\d+)(?:\s*/\s*\d+)?\s*[\])]?\s*:?\s*$")
_PREFIX_EVAL = {"val": "val", "valid": "val", "validation": "val", "eval": "val", "evaluation": "val", "dev": "val",
                "test": "test", "testing": "test"}


# 'Validation: {'Epoch': 3, 'Loss': .., 'Accuracy': ..}' (a breaker's log, after the epoch's 'Epoch [3/10] Iter
# [k/100] Loss: ..' lines): a split word just before the dict, no counter: that split's record (it was read as a
# training one, and the epoch-dict rule then dropped every iteration's training loss for its 'Loss')
_SPLIT_HEAD = re.compile(r"(?i)(?<![\w.])(val|valid|validation|eval|evaluation|test|testing|dev)(?:\s+(?:results?|metrics|"
                         r"scores?|stats))?\s*[:=>|-]*\s*$")


def _prefixed(text: str, start: int) -> tuple[str | None, int | None, bool]:
    """(split, counter, whether it counts steps) named just before a line's dict: ``Test Epoch[1/6] : {`` ->
    ('test', 1, False); ``epoch 0: {`` -> (None, 0, False); ``Logged metrics at step 3: {`` (a script logging to
    MLflow, a newcomer breaker's log) -> (None, 3, True); (None, None, False) when no counter ends the text before."""
    head = text[:start]
    m = _PREFIX_EPOCH.search(head)
    if m is None:
        alone = _SPLIT_HEAD.search(head)
        return (alone.group(1).lower() if alone else None), None, False
    split = (_PREFIX_SPLIT.findall(head[max(0, m.start() - 24):m.start()]) or [None])[-1]  # the nearest one
    return (split.lower() if split else None), int(m.group(2)), m.group(1).lower() == "step"


# a dict printed after a word naming it a configuration, or holding a flag (True/False: a setting; no logger's record
# holds one), is no record: "Config: {'input_size': 4, 'hidden_size': 128, 'dropout': 0.2, ..., 'focal_loss': False}"
# (public vitmma105 train_seq_lstm_*.log, logged as 'INFO | Config: {..}' before training, whose 'Config:' the
# logger-prefix rule takes off) gave a one-point series per hyper-parameter at step 0
_FLAG = re.compile(r"'[^']+':\s*(?:True|False)\s*[,}]")
_CONFIG_HEAD = re.compile(r"(?i)(?<![\w.])(?:config(?:uration)?s?|cfg|args|arguments|hyper[- _]?param(?:eter)?s|hparams|"
                          r"params|parameters|settings|options|opts|kwargs|setup)\s*(?:[:=]|->|=>)?\s*$")


_RECORD_KEY = re.compile(r"(?i)loss|acc|precision|recall|\bf1|f-?score|iou|auc|dice|\bmap\b|bleu|rouge|mae|rmse|"
                         r"mse|perplexity|ppl")


def _record_keys(text: str, start: int) -> bool:
    """Whether a dict holding a flag is still a record: it holds an epoch or step key, or a loss's or a metric's
    number -- a breaker's checkpoint-on-best script printing ``{'epoch': e, 'train_loss': .., 'val_loss': ..,
    'val_acc': .., 'is_best': True}`` (or ``'early_stop': False``) each epoch lost every series to the flag rule.
    vitmma105's Config dict (``'focal_loss': False``, ``'epochs': 5``) holds none."""
    for key, quoted, bare in _HF_PAIR.findall(text[start:]):
        if key.lower() in ("epoch", "step", "global_step", "iter", "iteration"):
            return True
        if to_float(quoted if quoted else bare) is not None and _RECORD_KEY.search(key):
            return True
    return False


def _hf(text: str) -> Record | None:
    start = text.find("{'")
    if start < 0:
        return None
    if start and _CONFIG_HEAD.search(text, 0, start) or _FLAG.search(text, start) and not _record_keys(text, start):
        return _CLAIMED
    split, counted, is_step = _prefixed(text, start) if start > 0 else (None, None, False)
    low = text.lower()  # "{'Epoch': 1, 'Loss': 267.12, 'Accuracy': 56.57}" printed per epoch (public sulthesis105
    # train_logs*.txt, after each epoch's iteration lines): the epoch's point, unread while only HF's lower-case keys were
    if "'epoch'" not in low and "'loss'" not in low and "_loss'" not in low and counted is None \
            and _COURSE_KEY.search(low) is None:
        return None
    if _NESTED.search(text, start):
        return split_nested(text, start) or _CLAIMED
    values, epoch, kind, global_step = [], None, "train", None
    course = _COURSE_KEY.search(low) is not None  # only the course's dicts: an RL/epoch dict's 'steps' is a length
    for key, quoted, bare in _HF_PAIR.findall(text[start:]):
        value = to_float(quoted if quoted else bare)
        if value is None:
            continue
        if key.lower() == "epoch":
            epoch = value
            continue
        if course and key in _COURSE_COUNTERS:  # the course loop's counters (``_COURSE_KEY``): 'steps' its step, no series
            global_step = int(value) if key == "steps" and math.isfinite(value) and value >= 0 else global_step
            continue
        if key == "global_step" and math.isfinite(value) and value == int(value) and value >= 0:
            global_step = int(value)  # TF Estimator's evaluate() result printed: "eval: {'average_loss': ..,
            continue  # 'loss': .., 'global_step': 5000}" (public particle109): its step, no series
        elif key == "train_runtime":
            kind = "summary"
        if key.startswith(("eval_", "test_")) or key.endswith(("/eval", "/valid", "/val", "/test")):
            kind = "eval" if kind != "summary" else kind
        base = key[5:] if key.startswith(("eval_", "test_")) else key
        if not key.lower().endswith(_HF_SKIP) and base not in SKIPPED_KEYS:  # ('Step' too: a breaker's capitalised
            # {'Epoch': 1, 'Step': 300, 'Loss': ..} made a series 'Step')  # TRL's cumulative 'num_tokens' counter
            values.append((key, value))
    if kind == "summary":
        values = [(k, v) for k, v in values if k == "train_loss"]
        values = [("train_loss_mean", v) for _, v in values]  # the run's mean loss, not a point of the curve
    elif counted is not None:  # 'Test Epoch[1/6] : {..}', 'epoch 0: {..}' (``_prefixed``)
        epoch = float(counted) if epoch is None and not is_step else epoch
        named = _PREFIX_EVAL.get(split or "")
        if named is None and split is None and not any("loss" in k for k, _ in values):
            named = "val"  # an epoch's dict of metrics alone beside the loss lines: its evaluation
        if named is not None:
            kind = "eval"
            values = [(k if k.startswith((named + "_", "eval_", "test_", "val_")) else f"{named}_{k}", v)
                      for k, v in values]
    elif split in _PREFIX_EVAL and kind == "train":  # 'Validation: {..}' (``_SPLIT_HEAD``)
        named, kind = _PREFIX_EVAL[split], "eval"
        values = [(k if k.lower().startswith((named + "_", "eval_", "test_", "val_")) else f"{named}_{k}", v)
                  for k, v in values]
    shape = "hf" if counted is None else "epochdict"  # (HF's step rules are for its own dicts)
    if counted is None and course:
        shape = "course"  # its evaluation is at the training dict before it, not at the tqdm bar drawn after it
    if global_step is not None and counted is None and values and kind != "summary":
        return Record("globalstep", tuple(values), step=global_step, epoch=epoch, kind=kind, own_step=True)
    if is_step and values and kind != "summary":
        return Record(shape, tuple(values), step=counted, epoch=epoch, kind=kind, own_step=True)
    return Record(shape, tuple(values), epoch=epoch, kind=kind) if values or kind == "summary" else None


_ROUNDED_ZERO = re.compile(r"0\.0+")


def _json(text: str) -> Record | None:
    start = text.find("{\"")
    if start < 0:
        return None
    try:
        obj = json.loads(text[start:text.rfind("}") + 1])
    except ValueError:
        return None
    if not isinstance(obj, dict):
        return None
    pairs = []
    top = {str(k) for k, v in obj.items() if not isinstance(v, dict)}
    for k, v in obj.items():
        if isinstance(v, str) and _ROUNDED_ZERO.fullmatch(v) and str(k).lower().endswith(("lr", "learning_rate")):
            continue  # LAVIS' '"train_lr": "0.000"' ('{:.3f}' of a 1e-5 rate): no value left
        if isinstance(v, (int, float, str)):
            pairs.append((str(k), v))
        elif isinstance(v, list):  # DETR's test_coco_eval_bbox: the 12 COCO stats, named
            pairs.extend(coco_stats(str(k), v) or ())
        elif isinstance(v, dict):
            pairs.extend(_inner_pairs(str(k), v, top))
    split = _mode_split(obj)
    if split is not None:  # '{"mode": "val", "epoch": 1, "accuracy": ..}': the line's metrics are validation's
        pairs = [(k, v) if not isinstance(v, (int, float)) or k.lower() in _NOT_PREFIXED
                 or k.lower().startswith(_SPLIT_PREFIXES) else (f"{split}_{k}", v) for k, v in pairs]
    return _from_pairs("json", pairs)


# the keys of a JSON line that only hold its metrics: ``Step:200\t{"metric": {"eval_acc": 0.48, "eval_loss": 0.71},
# "step": 200}`` (public queryclf100 metric.log, a query classifier's fine-tune: read as no training progress at
# all); under a split's key its metrics are that split's (``{"train": {"loss": ..}, "val": {"loss": ..}}``). Any
# other nested dict (``"optim": {"lr": .., "beta1": ..}``, ``"data": {"batch_size": ..}``) is configuration: no series.
_HOLDERS = frozenset({"metric", "metrics", "scalars", "scalar", "stats", "results", "logs", "log"})
_SPLIT_KEYS_JSON = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val",
                    "eval": "val", "evaluation": "val", "dev": "val", "test": "test", "testing": "test"}
_NOT_PREFIXED = frozenset({"mode", "split", "phase", "epoch", "iter", "iteration", "step", "global_step", "lr",
                           "learning_rate", "time", "data_time", "memory"})
_SPLIT_PREFIXES = ("val_", "valid_", "eval_", "test_", "dev_", "train_")


def _inner_pairs(key: str, inner: dict, top: set) -> list:
    """The pairs of a JSON line's nested dict of numbers (above): a holder's inner names as they are (prefixed by
    the key where the line names the same at its top: ``{"loss": 2.35, "metrics": {"loss": 2.40}}`` keeps its own
    ``loss``), a split's prefixed by it; none for any other key, or a dict holding anything but numbers."""
    if not inner or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in inner.values()):
        return []
    if key.lower() in _HOLDERS:
        return [((f"{key}_{n}" if str(n) in top else str(n)), v) for n, v in inner.items()]
    split = _SPLIT_KEYS_JSON.get(key.lower())
    return [] if split is None else [(f"{split}_{n}", v) for n, v in inner.items()]


def _mode_split(obj: dict) -> str | None:
    """'val'/'test' when the line says its split in a ``mode``/``split``/``phase`` key (mmcv's JSON log lines:
    ``{"mode": "val", "epoch": 1, "iter": 204, "accuracy_top-1": ..}``), else None (training's, or not said)."""
    for key in ("mode", "split", "phase"):
        value = obj.get(key)
        if isinstance(value, str):
            split = _SPLIT_KEYS_JSON.get(value.lower())
            return split if split in ("val", "test") else None
    return None


def lone_summaries(hits: list, notes: list[str]) -> list:
    """``hits`` less the HF ``{'train_runtime': ..., 'train_loss': ...}`` summaries of a ``trainer.train()`` that
    printed no record of its own before them, where a later training prints records: another training's mean (a
    warm-up stage run by its own trainer, logging off), not a point of the curve that follows. public
    gbyuvd/ChemMiniQ3-HoriFIE ``log_train.txt``: 'Phase 1: Warmup' prints only its summary (train_loss 13.13 at
    epoch 1), then 'Phase 2' its own records and summary (7.93); the warm-up's mean sat in the second's curve."""
    records = [i for i, h in enumerate(hits) if h.record.shape == "hf" and h.record.kind != "summary"]
    if not records:
        return hits
    out, printed, dropped = [], False, 0
    for i, h in enumerate(hits):
        if h.record.shape == "hf" and h.record.kind == "summary":
            if not printed and records[-1] > i and h.record.values:
                dropped += 1
                continue
            printed = False  # the next trainer's records start over
        elif h.record.shape == "hf":
            printed = True
        out.append(h)
    if dropped:
        notes.append(f"{dropped} HF training summary(ies) ('train_runtime', 'train_loss') printed with no record of "
                     "their own training before them, ahead of another training's records: a separate stage's mean "
                     "loss (a warm-up), not read into the curve")
    return out


# a dict of splits, each a dict of numbers, after an epoch counter: ``epoch 3: {'train': {'loss': 0.27, 'acc': 0.95},
# 'val': {'loss': 0.39, 'acc': 0.80}}`` (``print(f"epoch {e}: {metrics}")``, a newcomer breaker's log: claimed as a
# config echo, nothing read). Only split keys holding only numbers; any other nested dict stays a config.
_SPLIT_KEYS = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val",
               "eval": "val", "dev": "val", "test": "test"}
_EPOCH_HEAD = re.compile(r"^\W*(?:[Ee]poch|EPOCH)\s*[:#]?\s*(\d+)(?:\s*/\s*\d+)?\s*[:|-]?\s*$")


def split_nested(text: str, start: int) -> Record | None:
    """The record of such a line (above), or None."""
    import ast

    m = _EPOCH_HEAD.match(text[:start])
    if m is None:
        return None
    try:
        obj = ast.literal_eval(text[start:].strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(obj, dict) or not obj:
        return None
    values = []
    for split, inner in obj.items():
        prefix = _SPLIT_KEYS.get(str(split).lower())
        if prefix is None or not isinstance(inner, dict):
            return None
        for name, value in inner.items():
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                return None
            values.append((f"{prefix}_{name}", float(value)))
    epoch = int(m.group(1))
    return Record("split_dict", tuple(values), step=epoch, epoch=float(epoch), own_step=True) if values else None



def global_steps_alone(hits: list) -> None:
    """Printed dicts placed at their ``global_step`` (``_hf``: TF Estimator's eval dicts) beside other progress lines
    on another axis (a breaker's log: ``{'loss': 1.43, 'epoch': 1}`` then ``eval: {'eval_loss': .., 'global_step':
    500}``, the training at epochs 1..30, the evaluations at steps 500..15000): those dicts go at the step of the line
    before them, as every evaluation line does, so that one run is on one axis. Hits' steps are set in place."""
    others = [h for h in hits if h.record.shape != "globalstep" and (h.record.step is not None
                                                                     or h.record.epoch is not None)]
    if not any(h.record.shape == "globalstep" for h in hits) or not others or any(
            h.record.step is not None and h.record.epoch is None for h in others):
        return  # (no other axis, only a closing summary; or other lines at steps of their own: one axis already)
    last = None
    for h in hits:
        if h.record.shape == "globalstep":
            h.step = last if last is not None else 0
        elif h.step is not None:
            last = h.step
