"""Several models' Keras histories in one JSON file (``json_history``): one run per model.

A script training two models dumps both ``History.history`` dicts into one file, either nested
(``json.dump({"regression": reg.history, "classifier": cls.history}, f)``) or flat with a prefix per model
(``{**{f"reg_{k}": v for k, v in reg.history.items()}, **{f"cls_{k}": v ...}}``: ``reg_loss``, ``reg_val_loss``,
``cls_loss``...; public 065010-AmanMalhi/hdfc-lstm-predictor). Read as one run, one model's loss became a "component"
of the other's and the learning-rate role went to the wrong model. Here each model is a segment (``#<name>``, as a
W&B export's runs): its series under their Keras names (``loss``, ``val_loss``, ``learning_rate``).

Nested: every top-level value is a dict of lists holding a ``loss``-named list (two or more such keys). Flat: every key
starts with ``<p>_`` of exactly one prefix ``p`` with its own ``<p>_loss`` list; two or more prefixes, none a split or
a GAN side (``train_``, ``val_``, ``d_``, ``g_``...), each with another key besides its loss, and the models differ in
length or each has its own validation loss. A history with a total ``loss`` (a multi-output Keras model) stays one.

Records (``records``): a results dump of several experiments/seeds, each record holding its Keras-like history under a
``history`` key (public chasing-doctor/d2nn-multitask ``all_results.json``: ``{"A": {"layers": 5, "runs": [{"seed":
2026, "history": {"loss": [...], "mnist": [...]}, "mnist_best": 86.5}, ...]}, "B": ...}``, 12 x 5 runs). Each record
is a model named by its path: dict keys, a list item by its ``name``/``run``/``model``, else ``seed<N>``/``fold<N>``/
``trial<N>``/``id<N>``, else its 1-based place (``A/seed2026``); the record's other numbers (final/best) stay out.
Two or more such records; a file with one is one run as before.

Appended (``Appended``, ``appended``): whole histories written one after another into one file by a script that opens
it with ``"a"`` for each training (``json.dump(history, open(path, "a"))``, with or without a newline between): no
valid JSON, so the file was one "not valid JSON: Extra data" line and all its trainings were lost (public
alicemuzum/AlexNet-Pytorch ``log/history.json``: 6 dicts of 12 per-epoch lists, 60 epochs each, back to back). Each
document holding a loss list is a run ``#1``, ``#2``... in written order, as Keras' CSVLogger appending to one file.

Keyed records (``keyed_records``): ``{configuration: [per-epoch records]}``, one run per key; keys naming a stage
(``{"pretrain": [..], "finetune": [..]}``) are one training's, read as one run (``staged``).

Named losses (``named_losses``): a file named as a loss record (``training_history.json``, ``losses.json``) holding a
dict of model names, each with its list of per-epoch losses (``json.dump({"Quantum_QVAE": qvae_losses,
"Classical_AE": ae_losses}, f)``, public Cass490/Qft-eeg ``training_history.json``, 2 x 150 epochs): no key names a
loss, so the file was "not a log file" and both trainings were lost. Each name is a model whose list is its ``loss``
(one name: the file's one run). Only when no key names a measure, a split or a counter (``acc``, ``val``,
``epoch``...: those are one model's series, read as before) and every value is a list of >= 2 numbers.
"""
from __future__ import annotations

import json
import re

from . import _json_folds
from ._json_evalsets import eval_sets
from ._lazy import lazy_re
from ._names_i18n import english

# a head that may hold several models: a dict whose first value is a dict, or a '<prefix>_loss' list
HINT = re.compile(rb'^\s*\{\s*"[^"]+"\s*:\s*\{|"[A-Za-z][A-Za-z0-9]*_(?:val_)?loss"\s*:\s*\[|"(?:train(?:ing)?_)?hist(?:ory)?"\s*:\s*\{')
# ``keyed_records``' head: a dict whose first value is a list of records, a loss in its first record
KEYED_HEAD = re.compile(rb'^\s*\{\s*"[^"\n]{1,100}"\s*:\s*\[\s*\{[^{}]{0,2000}?"[^"\n]*loss[^"\n]*"\s*:\s*[-\d.NI]',
                        re.IGNORECASE)
MAX_BYTES = 64 << 20
_NOT_MODELS = frozenset({"train", "training", "val", "valid", "validation", "test", "eval", "d", "g", "disc", "gen",
                         "discriminator", "generator", "critic", "metrics", "history", "total", "epoch", "batch"})

# one training's stages: never a configuration of its own ('{"pretrain": [..], "finetune": [..]}')
_STAGE = re.compile(r"^(?:pre[-_ ]?train(?:ing)?|fine[-_ ]?tun(?:e|ing)|warm[-_ ]?up|(?:stage|phase)[-_ ]?\d+)$", re.I)
_STEP_KEYS = ("epoch", "step", "global_step", "iteration", "iter")

# a JSON history's head without another model's hint: a dict of lists ('{"loss": [') -- looked at for ``appended``
LISTS_HEAD = re.compile(rb'^\s*\{\s*"[^"\n]{1,200}"\s*:\s*\[')
_BOUNDARY = lazy_re(rb"\}\s*\{")  # one document's end, the next one's start (never inside a dict of lists)


# the file's name says it records losses (its stem), and its head is a dict whose first value is a list of numbers
_LOSS_FILE = lazy_re(r"loss|hist", re.IGNORECASE)
_NAMED_HEAD = lazy_re(rb'^\s*\{\s*"[^"\n]{1,100}"\s*:\s*\[\s*"?(?:-?\d|NaN|-?Infinity)')  # "?: numbers as text
# words of a key naming a measure, a split or a counter: such a dict is one model's series, never model names
_MEASURE_WORDS = frozenset({
    "loss", "losses", "acc", "accuracy", "lr", "learning", "rate", "error", "err", "f1", "iou", "miou", "dice", "map",
    "auc", "precision", "recall", "score", "mae", "mse", "rmse", "psnr", "ssim", "bleu", "rouge", "ppl",
    "perplexity", "epoch", "epochs", "step", "steps", "iter", "iters", "iteration", "time", "reward", "top1", "top5",
    "metric", "metrics", "val", "valid", "validation", "train", "training", "test", "eval", "grad", "norm", "kl",
    "nll", "bpd", "elbo", "cost", "obj", "objective", "mean", "std", "min", "max", "x", "y"})


def _stem(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0]


def named_head(name: str, head: bytes) -> bool:
    """Whether a JSON file may hold ``named_losses``: named as a loss record, a dict of number lists first."""
    return _LOSS_FILE().search(_stem(name)) is not None and _NAMED_HEAD().match(bytes(head).lstrip(b"\xef\xbb\xbf")) \
        is not None


def _model_key(key) -> bool:
    """A key that may name a model or a configuration: no word of a measure, a split or a counter."""
    key = english(str(key)) or key  # 'perdita', 'accuratezza': measures in another language (``_names_i18n``)
    words = set(re.split(r"[^a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", str(key)).lower())) - {""}
    return bool(words) and not words & _MEASURE_WORDS and str(key).lower() not in _NOT_MODELS


def _loss_record(row) -> bool:
    return isinstance(row, dict) and any("loss" in str(k).lower() and isinstance(v, (int, float))
                                         and not isinstance(v, bool) for k, v in row.items())


def keyed_records(obj) -> list[tuple[str, list]]:
    """[(key, its per-epoch records)] of a dict of configurations, each a list of records of one shape naming a
    loss (``json.dump({str(lam): history for lam, history in runs.items()}, f)``: public Takumi1421/Self-Pruning-
    Neural-Network ``histories_by_lambda.json``, ``{"0.0": [{"epoch": 1, "loss": 1.4536, ...}, ...], "1e-07": [..],
    ...}``, 5 x 10 epochs, silently no run before); [] for any other value. Only two or more keys, none naming a
    measure or a split (``{"train": [..], "val": [..]}`` is one training's), every list of >= 2 records with the
    keys of the first record."""
    if not isinstance(obj, dict) or len(obj) < 2:
        return []
    if any(_STAGE.match(str(key)) for key in obj):
        return []  # one training's stages (``staged``)
    shape = None
    for key, rows in obj.items():
        if not _model_key(key) or not isinstance(rows, list) or len(rows) < 2:
            return []
        for row in rows:
            if not _loss_record(row) or (shape is not None and set(row) != shape):
                return []
            shape = set(row)
    return [(str(k), v) for k, v in obj.items()]


def staged(obj) -> list[dict] | None:
    """The records of a dict of one training's stages, in written order (``{"pretrain": [{"epoch": 1, "loss":
    1.8}, ..], "finetune": [{"epoch": 6, "loss": 0.4}, ..]}``): two or more keys, every one a stage name (pretrain,
    finetune, warmup, stage1, phase2...) holding a list of loss records of one shape, each stage's step (``epoch``/
    ``step``...) going on past the stage before it (a stage counting from 1 again: None, not taken)."""
    if not isinstance(obj, dict) or len(obj) < 2 or not all(_STAGE.match(str(k)) for k in obj):
        return None
    out: list[dict] = []
    shape = None
    for rows in obj.values():
        if not isinstance(rows, list) or not rows:
            return None
        for row in rows:
            if not _loss_record(row) or (shape is not None and set(row) != shape):
                return None
            shape = set(row)
        out.extend(rows)
    key = next((k for k in _STEP_KEYS if k in shape), None)
    if key is not None:
        steps = [r[key] for r in out]
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in steps) or any(
                b <= a for a, b in zip(steps, steps[1:])):
            return None
    return out


def stages_note(obj: dict) -> str:
    return f"one training in {len(obj)} stages ({', '.join(map(str, obj))}): read as one run, the stages' records " \
           "one after another"


def named_losses(obj, name: str) -> list[tuple[str, dict]] | None:
    """[(model name, {"loss": its list})] of a ``{model name: [per-epoch losses]}`` dict in a file ``name`` (see the
    module docstring), else None."""
    if not isinstance(obj, dict) or not obj or _LOSS_FILE().search(_stem(name)) is None:
        return None
    for key, values in obj.items():
        if not _model_key(key):
            return None
        if not isinstance(values, list) or len(values) < 2 or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            return None
    return [(str(k), {"loss": v}) for k, v in obj.items()]


class Appended(list):
    """The documents of a file holding several whole JSON histories back to back, in written order."""


def documents(text: str) -> list | None:
    """Every JSON value of ``text`` in written order, when it is one or more whole values with only whitespace
    between them; None when any part fails to decode (shared by ``appended`` and ``_json_listpair.lists``)."""
    decoder, docs, i, n = json.JSONDecoder(), [], 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return docs
        try:
            doc, i = decoder.raw_decode(text, i)
        except (ValueError, RecursionError):
            return None
        docs.append(doc)


def appended(text: str) -> Appended | None:
    """The documents of ``text`` when it is two or more JSON values written one after another, each a history (a
    dict holding a ``loss``-named list); None otherwise (one document, JSON lines of rows, or text that is no JSON)."""
    docs = documents(text)
    return Appended(docs) if docs is not None and len(docs) >= 2 and all(_history(d) for d in docs) else None


def appended_labels(data) -> tuple[str, ...] | int:
    """``('1', '2', ...)`` for a file of appended histories (see ``appended``), else 1; a file with no ``}{`` (a
    document's end, maybe whitespace, the next one's start) is not decoded at all."""
    raw = bytes(data)
    if len(raw) > MAX_BYTES or _BOUNDARY().search(raw) is None:
        return 1
    try:
        docs = appended(raw.lstrip(b"\xef\xbb\xbf").decode("utf-8"))
    except UnicodeDecodeError:
        return 1
    return tuple(str(i) for i in range(1, len(docs) + 1)) if docs else 1


def _history(value) -> bool:
    return isinstance(value, dict) and any("loss" in str(k).lower() and isinstance(v, list) and v
                                           for k, v in value.items())


def models(obj, name: str = "") -> list[tuple[str, dict]]:
    """[(name, its history dict with Keras names)] of the models in a parsed JSON ``obj``; [] when it is one run.
    ``Appended`` documents are named by their place, ``'1'``, ``'2'``...; ``name``: the file's (``named_losses``)."""
    if eval_sets(obj) is not None:  # XGBoost's evals_result(): one training, its eval sets (``_json_evalsets``)
        return []
    if name and (named := named_losses(obj, name)) is not None:
        return named if len(named) > 1 else []
    if isinstance(obj, Appended):
        return [(str(i), doc) for i, doc in enumerate(obj, 1)]
    if len(found := _json_folds.folds(obj)) > 1:  # {"0": {"loss": [..], ..}, "1": {..}}: one run per CV fold
        return found
    if keyed := keyed_records(obj):  # {"0.0": [{"epoch": 1, "loss": ..}, ..], "1e-07": [..]}: one run a key
        return keyed
    if isinstance(obj, list) or isinstance(obj, dict) and not _history(obj):
        found = records(obj)
        if len(found) >= 2:
            return found
    if not isinstance(obj, dict) or len(obj) < 2 or "loss" in obj:
        return []
    if all(_history(v) for v in obj.values()) and not set(map(str, obj)) & _NOT_MODELS:
        return [(str(k), v) for k, v in obj.items()]
    keys = [str(k) for k in obj]
    prefixes = sorted({k[:-5] for k in keys if k.endswith("_loss") and "_" not in k[:-5] and isinstance(obj[k], list)
                       and k[:-5].lower() not in _NOT_MODELS}, key=len, reverse=True)
    if len(prefixes) < 2:
        return []
    groups: dict[str, dict] = {p: {} for p in prefixes}
    for k in keys:
        owner = [p for p in prefixes if k.startswith(p + "_")]
        if len(owner) != 1 or not isinstance(obj[k], list):
            return []
        groups[owner[0]][k[len(owner[0]) + 1:]] = obj[k]
    if any(len(g) < 2 for g in groups.values()):
        return []
    lengths = {len(g["loss"]) for g in groups.values()}
    if len(lengths) < 2 and not all("val_loss" in g for g in groups.values()):
        return []
    return [(p, groups[p]) for p in sorted(groups, key=lambda p: keys.index(p + "_loss"))]


_HISTORY_KEYS = ("history", "hist", "train_history", "training_history")
_NAME_KEYS = ("name", "run_name", "run", "model", "experiment", "exp")
_NUMBER_KEYS = ("seed", "fold", "trial", "run_id", "id")
_MAX_DEPTH = 6


def _record_label(record: dict, place: int) -> str:
    for key in _NAME_KEYS:
        if isinstance(record.get(key), str) and record[key].strip():
            return record[key].strip()
    for key in _NUMBER_KEYS:
        value = record.get(key)
        if isinstance(value, (int, str)) and not isinstance(value, bool) and str(value).strip():
            return f"{key.split('_')[0]}{value}"
    return str(place + 1)


def records(obj) -> list[tuple[str, dict]]:
    """[(path name, history dict)] of the records below ``obj`` holding a history under a ``history`` key (see the
    module docstring), in file order; names made unique by a ``~<n>`` suffix. [] when there are none."""
    found: list[tuple[str, dict]] = []

    def walk(node, path: tuple, depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        if isinstance(node, dict):
            for key in _HISTORY_KEYS:
                if _history(node.get(key)):
                    found.append(("/".join(path) or key, node[key]))
                    return
            for key, value in node.items():
                if isinstance(value, dict):
                    walk(value, (*path, str(key)), depth + 1)
                elif isinstance(value, list):
                    walk(value, path, depth + 1)  # a list of records names its items itself
        elif isinstance(node, list):
            for place, item in enumerate(node):
                if isinstance(item, dict):
                    walk(item, (*path, _record_label(item, place)), depth + 1)

    walk(obj, (), 0)
    seen: dict[str, int] = {}
    out = []
    for name, history in found:
        seen[name] = seen.get(name, 0) + 1
        out.append((name if seen[name] == 1 else f"{name}~{seen[name]}", history))
    return out


def labels(data, name: str = "") -> tuple[str, ...] | int:
    """The model names of a JSON file's bytes (a tuple, for ``discover``'s ``#<name>`` runs), or 1; ``name``: the
    file's name (``named_losses``)."""
    if len(data) > MAX_BYTES:
        return 1
    try:
        found = models(json.loads(bytes(data).lstrip(b"\xef\xbb\xbf").decode("utf-8")), name)
    except (ValueError, RecursionError):
        return appended_labels(data)
    return tuple(name for name, _ in found) if len(found) > 1 else 1
