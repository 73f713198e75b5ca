"""Training histories saved as JSON by user code, and W&B's old ``wandb-history.jsonl``.

Shapes (sniffed by their first bytes, decided when read):

- Keras ``json.dump(history.history, f)``: a dict of lists, ``{"loss": [...], "val_loss": [...], "accuracy": [...]}``,
  one value per epoch; step = the epoch index (0-based, as Keras' ``CSVLogger`` writes it), or the dict's own
  ``epoch``/``step`` list (strictly increasing whole numbers, as long as the values: ``{"epoch": [0, 25, ...], ...}``).
  Lists of another length than the loss's (a learning rate logged per batch) are still read at their own indices.
  The same dict as a Python repr (``json.dump(str(history.history), f)``: one JSON string ``"{'loss': [..]}"``)
  is read with ``ast.literal_eval`` (``_json_pyrepr``), a problem line saying so.
- A list of dicts, one per epoch (``[{"epoch": 1, "loss": ..., "val_loss": ...}, ...]``): step = the row's ``epoch``
  (or ``step``/``global_step``/``iteration``) when it is an integer, else the row index; a record re-logging the
  step before it (a resumed job's list) starts a later session (``_json_resumed``).
- JSON lines, one dict per line: W&B's ``wandb-history.jsonl`` (wandb < 0.10: one ``wandb.log`` row a line, ``_step``
  the step, ``_timestamp`` the wall time, nested dicts flattened with ``.``) and user loggers alike. A line where a
  series' step goes back starts a later session (``ReadResult.sessions``): a job resumed from a checkpoint appending
  to the same file (detectron2's ``JSONWriter`` opens ``metrics.json`` with ``"a"``; a run resumed from
  ``model_0199.pth`` logs iteration 219 again), so the resolved view's resume rules keep the later session's points.
  A row with the very keys of an earlier row written again at that row's step (its own ``iteration``/``step`` key,
  not ``epoch``: several rows per epoch are a logger's batches; an evaluation row sharing a ``wallclock`` key with
  the training row of its step is no relaunch) starts one too: a job relaunched from scratch after a first try that
  wrote one row (public Kevindic0214/detectron2_training ``output/metrics.json``: iteration 19 with ``eta_seconds``
  99.9, then iteration 19 again, 97.6, and on to 299) is the later try from that step, not two points at step 19.
- Numbers with no metric name: a loss file's split-keyed lists (``{"train": [..], "val": [..]}``), a bare list, JSON
  ``logging`` records with the numbers in their ``message`` text (``_json_unnamed``).

Every number is a point (``NaN``/``Infinity`` as Python's ``json`` writes them), and so is a string holding one
number as a tensor/numpy repr (``"tensor(3.1155, device='cuda:0')"``: a history of ``loss`` tensors dumped with
``default=str``), unwrapped as the CSV readers unwrap such cells (``_text_clean.unwrap_number``), or one decimal number
as text (ATMI/Megatoken ``log.json``: ``{"acc": "0.00", "loss": "10.7115"}``, as pandas reads it); bools, other text,
``None`` and lists of other things are no series: the keys left out are named in one problem line. A history needs
a loss-like key (``loss`` in a name), or else its own step axis (an ``epoch``/``step`` list beside the others, or a
step key in every per-epoch dict: ``{"epoch": [...], "train_acc": [...], "lr": [...]}``), as a CSV of
``epoch,train_acc,val_acc,lr`` is a run whose verdict then says it has no loss; a JSON file with neither is no
history (``UnreadableFile`` says so).
"""
from __future__ import annotations

import json
import math
import re

import numpy as np

from ..runs import Problem
from . import (
    ReadResult, ScalarColumns, UnreadableFile, _dllogger, _json_alignn, _json_epochkeys, _json_evalsets, _json_folds, _json_lossword, _json_marks,
    _json_models, _json_nested, _json_perkey, _json_ranks, _json_shortval, _json_steplist, _json_pyrepr, _json_restarting,
    _json_plotly, _json_resumed, _json_splitrecords, _json_splitrows, _json_textnum, _json_trainings, _json_unnamed, _ludwig, _names_i18n,
    _pandas_json, _repeated_evals, scalar_frame,
)
from . import _json_listpair, _json_pairs, _json_rounds, _json_wrapped
from ._json_table import STEP_KEYS, _Table, _flat, _integer  # noqa: F401
from ._text import no_rows
from ._text_clean import json_number as _number
from .json_summary import numbers_only

FORMAT = "json_history"
SUFFIXES = (".json", ".jsonl")
# JSON files beside runs that are never a history (HF model/tokenizer files, W&B's own): discovery never opens them
from ._discovery_names import NOT_HISTORY  # noqa: E402,F401 (discovery imports it from there: no reader imported)
# the finest first; an iteration counter under any of its usual names (``{"iter": 20, "loss": ..}``: a hand-written
# JSONL logger's ``iter``/``it``/``global_iter``) is the row's step, not a series beside row numbers
_LOSS_LIST = re.compile(rb'"[^"]*loss[^"]*"\s*:\s*\[', re.IGNORECASE)  # a dict of lists: "val_loss": [
_ROWS = re.compile(rb'^\s*\[\s*\{', re.DOTALL)  # a list of dicts
# mmcv 1.x TextLoggerHook.before_run dumps runner.meta first (mmdet/mmcls/mmseg tools/train.py: env_info, config,
# seed, exp_name): one line of 10-30 KB
_MMCV_META = b'{"env_info": '
_LINE = re.compile(rb'^\s*\{[^\n]*\}\s*(?:\n|$)')  # JSON lines
# pandas' DataFrame.to_json (``_pandas_json``): '{"loss":{"0":' (columns), '{"0":{"loss":' (index), '{"columns":['
_PANDAS = re.compile(rb'^\s*\{\s*(?:"[^"\n]{1,200}"\s*:\s*\{\s*"\d+"\s*:|"\d+"\s*:\s*\{\s*"|"columns"\s*:\s*\['
                     rb'|"schema"\s*:)')
# no loss in the head: a history only with its own step axis first (the whole file parsed when it is all in the head)
_STEP_FIRST = re.compile(rb'^\s*(?:\{\s*"(?:epochs?|steps?|global_step|iterations?)"\s*:\s*\[|'
                         rb'\[\s*\{\s*"(?:_step|global_step|step|iteration|epoch)"\s*:\s*-?\d)')


def sniff(name: str, head: bytes) -> bool:
    """A JSON/JSON-lines file whose first bytes look like a training history (a loss among its keys)."""
    if not name.lower().endswith(SUFFIXES):
        return False
    head = bytes(head).lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"<<<<<<< ") and b"\n" in head:  # a git conflict around the whole dump: its first side
        head = head[head.index(b"\n") + 1:]
    if name.lower().endswith(".log.json") and head.lstrip().startswith(_MMCV_META):
        return True  # mmcv 1.x: its first line, runner.meta with the whole config, often runs past the sniffed head
    if _json_pyrepr.sniff(head) or _dllogger.sniff(head):  # "{'loss': [..]}": json.dump(str(history.history), f);
        return True  # NVIDIA DLLogger's 'DLLL {..}' lines (``_dllogger``)
    if b"loss" not in head.lower() and name != "wandb-history.jsonl":
        return _stepped(head) or _json_steplist.sniff(name, head) or _json_steplist.stepped_lines(name, head) or (
            head.lstrip()[:1] == b"{" and _RL_LIST.search(head) is not None) or _json_unnamed.sniff_bare(name, head) \
            or _json_unnamed.sniff_rows(name, head) or _json_alignn.sniff(name, head) or _json_listpair.sniff(name, head) \
            or _json_models.named_head(name, head) \
            or _json_folds.HEAD.match(head) is not None or _json_unnamed.sniff_split(name, head) \
            or _json_splitrecords.HEAD.match(head) is not None \
            or _json_evalsets.HEAD.match(head) is not None or _json_lossword.sniff(head)
        # {"train": [{..}]}; {"Quantum_QVAE": [losses]}; {"val_rec": [..]} (_json_lossword);
        # {"0": {"acc": [..], ..}}; {"1": {"val": 10.1, "train": 10.09}} in losses.json
    start = head.lstrip()[:1]
    if _json_plotly.HEAD.match(head):  # plotly's figure JSON {"data": [{"x": [..], "y": [..], "name": ..}, ..]}
        return True
    if start == b"{":
        return _LOSS_LIST.search(head) is not None or _LINE.match(head) is not None or _PANDAS.match(head) is not None \
            or _json_nested.sniff(head) or _json_models.KEYED_HEAD.match(head) is not None \
            or _json_epochkeys.HEAD.match(head) is not None or _json_wrapped.sniff(head)  # {"0.0": [{..}, ..]}; {"epoch_1": {"train": {..
    return start == b"[" and _ROWS.match(head) is not None


def _stepped(head: bytes) -> bool:
    """A history without a loss in its first bytes, known by its own step axis (see the module docstring)."""
    try:
        obj = json.loads(head)
    except (ValueError, RecursionError):  # more than the head: the axis must come first
        return _STEP_FIRST.match(head) is not None
    table = _Table()
    if isinstance(obj, dict):
        _columns(obj, table)
    elif isinstance(obj, list) and obj and all(isinstance(r, dict) for r in obj):
        for i, row in enumerate(obj):
            table.row(i, row)
    return table.stepped and bool(table.tags)


_CONTAINERS = frozenset({"metrics", "history", "logs", "scalars"})  # a wrapper's name, not part of a series' name
# RL results: {"rewards": [per episode], "metrics": {"episode": [...], "update": [...], ...}}: the episode first, the
# axis the per-episode rewards share
_EPOCH_LISTS = ("epochs", "epoch", "steps", "step", "global_step", "iterations", "iteration", "episode", "episodes",
                "update", "updates")
_RL_COUNTERS = frozenset({"update", "updates", "episode", "episodes"})  # beside an RL axis: bookkeeping, no series
# an RL script's results JSON: per-episode rewards first ({"metadata": {...}, "rewards": [-500.0, ...], "metrics": ...})
_RL_LIST = re.compile(rb'"(?:episode_)?(?:rewards|returns)"\s*:\s*\[\s*-?\d')


def _increasing(listed: list) -> bool:
    """Increasing whole numbers: a flat history's own x axis (``{"epoch": [0, 25, 50, ...], "loss": [...]}``,
    a grokking run logging every 25th epoch, was read at its row numbers 0, 1, 2...: every step off by 25x). A step
    written twice in a row is allowed a few times (once, or one pair in ten): DeepXDE's LossHistory repeats the step a
    training stage ended at as the next stage's first row (Adam then L-BFGS: ``.., 3000, 3000, 4000, ..``)."""
    values = [_number(e) for e in listed]
    ties = sum(b == a for a, b in zip(values, values[1:]))
    return all(b >= a for a, b in zip(values, values[1:])) and ties <= max(1, (len(values) - 1) // 10) \
        and values[-1] > values[0]


def _columns(obj, table: _Table, steps: list | None = None, prefix: str = "", place: bool = True) -> None:
    """A dict of lists (Keras' history.history), or one dict of such lists inside it beside an ``epochs`` list
    (``{"epochs": [0.0, ..., 4.0], "metrics": {"loss": [...], "val_loss": [...]}}``: a user's ``json.dump`` of
    Keras' ``history.epoch`` and ``history.history``, found by a blind labeller in hoidn/PtychoPINN, read as no
    history before): the nested lists are read under their own names (``outer/key`` unless the outer key is a
    wrapper such as ``metrics``), at the epochs listed when there are as many whole numbers, else at their indices."""
    axis = None
    if not prefix:
        nested = any(isinstance(v, dict) for v in obj.values())
        exact = [k for k in _EPOCH_LISTS if isinstance(obj.get(k), list) and obj[k]]
        named = [] if exact else _json_marks.counter_named(obj)  # 'checkpoints_after_episode': [100, 200, ..]
        for axis in exact + named[:1] + [None]:
            listed = obj[axis] if axis is not None else None
            if listed and all(_integer(e) for e in listed) and (nested and axis in exact or _increasing(listed)):
                steps = [int(_number(e)) for e in listed]
                table.stepped = True
                break
            if axis not in _RL_COUNTERS:
                axis = None
                break  # an epoch/step list that is no axis: as before, row numbers (only RL counters try the next)
    longest = _json_marks.longest_list(obj)
    short = _json_shortval.placed(obj, steps if not prefix else None) if place else None  # 19 'val_loss' beside 20 'train_loss': placed, said
    if short is not None:
        table.notes.append(short[1])
    for key, values in obj.items():
        if not prefix and _json_nested.is_settings(key, values):
            table.skipped.setdefault(str(key), "the run's settings")  # "config": {"num_blocks": [2, 2, 2, 2]}
            continue
        if isinstance(values, dict) and not prefix:  # "losses_per_bit": {"4": [..]} beside "bit_width_usage": [..]
            if not _json_perkey.add(table, obj, str(key), values, steps):
                _columns(values, table, steps, "" if str(key).lower() in _CONTAINERS else f"{key}/")
            continue
        if isinstance(values, list) and key != axis and _json_marks.is_marks(key, values, longest):
            table.marks[f"{prefix}{key}"] = values  # 'phase_starts': [0, 15, 35]: when, not what
            continue
        if key == axis or (axis in _RL_COUNTERS and str(key).lower() in _RL_COUNTERS) \
                or short is not None and str(key) in short[3]:
            continue  # the step axis of the other lists (an RL file's other counter, a validation's own steps too)
        name = f"{prefix}{key}"
        if isinstance(values, list) and values and all(v is None for v in values):
            table.skipped.setdefault(name, f"null at all {len(values)} entries: nothing recorded")  # json.dump of
            continue  # [None] * epochs ('learning_rate_dict' never filled): no all-NaN series (set 204, ecgdl)
        if isinstance(values, list) and values and all(_number(v) is not None or v is None for v in values) \
                and (_json_textnum.text_key_ok(str(key), True) or not any(isinstance(v, str) for v in values)):
            at = steps if steps is not None and len(steps) == len(values) else range(len(values))
            if short is not None and str(key) in short[2]:  # the validation's own steps, on the file's axis
                at = short[0][str(key)]
            elif short is not None and str(key) in short[0]:
                at = [steps[i] if steps is not None and len(steps) > i else i for i in short[0][str(key)]]
            for i, v in zip(at, values):
                table.add(name, i, math.nan if v is None else _number(v))
        elif _json_pairs.add_pairs(table, name, values, steps, longest):
            continue  # "bleu4_scores": [[1, 0.045], [2, 0.083], ..], "Train Loss": [{"1": 0.54}, ..] (_json_pairs)
        elif _json_splitrecords.add_listed(table, str(key), values, steps, prefix):  # "val_metrics": [{..}, ..]
            continue
        elif _number(values) is not None:
            table.skipped.setdefault(name, "a single number, not one per epoch")
        else:
            table.skipped.setdefault(name, "not a list of numbers")


from ._json_decode import decode as _decode  # noqa: E402 (bytes -> JSON or JSON lines' text, cut files)


def _parse(data, path: str, segment: int | None = None) -> tuple[_Table, list[Problem]]:
    problems: list[Problem] = []
    if (dll := _dllogger.as_lines(data)) is not None:  # 'DLLL {..}' lines: plain JSON lines with a step
        data, problems = dll[0], [Problem(path, dll[1])]
    obj, lines = _decode(data, path, problems)
    obj, evalsets = _json_evalsets.renamed(obj)  # XGBoost's evals_result() {"validation_0": {"logloss": [..]}, ..}
    booster = _json_evalsets.booster_dump(obj)  # {"training": {"l2": [..]}, "valid_1": ..}: its rounds its axis
    if evalsets:
        problems.append(Problem(path, evalsets))
    table = _Table()
    obj = _json_restarting.as_records(obj, path, problems)  # {"epochs": [1..10, 1..21], "loss": [..]}: records
    if (fed := _json_rounds.as_rounds(obj)) is not None:  # {"global_metrics": {"1": {..}}, "client_metrics": ..}
        obj, _ = fed[0], problems.append(Problem(path, fed[1]))
    models = _json_models.models(obj, path) if segment is not None and lines is None else None
    if models or (models is not None and not isinstance(obj, list)):  # one model of several (``_json_models``; a
        if not 0 <= segment < len(models):  # list of no models: trainings appended one after another, cut below)
            raise UnreadableFile(Problem(path, f"no model #{segment + 1} in this file (it holds {len(models)}); "
                                               "changed since it was scanned?"))
        obj = models[segment][1]
    elif isinstance(obj, _json_models.Appended):  # read whole, not as discover's runs: the last training
        problems.append(Problem(path, f"{len(obj)} histories written one after another; only the last read "
                                      f"(discover reads each as its own run, {path}#1..#{len(obj)})"))
        obj = obj[-1]
    obj = _json_folds.single(obj)  # {"0": {"loss": [..], ..}}: a cross-validation's one fold, its one run
    obj, orient = _pandas_json.normalise(obj)  # pd.DataFrame(history.history).to_json(): {"loss": {"0": ..}}
    if orient is not None:
        problems.append(Problem(path, f"a pandas DataFrame saved with to_json(orient={orient!r}): its index read as "
                                      "the epoch"))
        obj = _json_unnamed.split_rows(obj, path, problems)  # {"1": {"val": .., "train": ..}}: losses.json
    rows = None if lines is None else _json_trainings.line_rows(lines, path, problems)
    if rows is not None and (texts := _json_unnamed.messages(rows)) is not None:  # {"message": "Epoch : 1 Loss : .."}
        _json_unnamed.read_messages(texts, path, table, problems)
    elif rows is not None:
        _json_ranks.lines(rows, table, path, problems, STEP_KEYS)
        _json_trainings.cut(table, path, segment, problems)  # trainings appended to one file: '#1', '#2'...
    elif (plot := _json_plotly.traces(obj)) is not None:  # a plotly figure or its trace list: a series a trace
        _json_plotly.add(table, plot)
    elif (exported := _json_wrapped.scalars(obj)) is not None:  # tensorboardX export_scalars_to_json
        _json_wrapped.add(table, exported)
    elif _ludwig.is_stats(obj):  # Ludwig's {split: {output feature: {metric: [per epoch]}}}
        found, empty = _ludwig.series(obj)
        _columns({tag: values for tag, values in found}, table)
        table.steps = [step + 1 for step in table.steps]  # Ludwig's epochs count from 1
        if empty:
            problems.append(Problem(path, f"Ludwig statistics: {' and '.join(empty)} hold no value (no such set "
                                          "given to ludwig train?)"))
    elif isinstance(obj, dict) and (named := _json_models.named_losses(obj, path)) is not None:
        # {model name: [per-epoch losses]}: one model's 'loss', or several read whole as '<name>/loss'
        _columns({"loss" if len(named) == 1 else f"{k}/loss": h["loss"] for k, h in named}, table)
    elif isinstance(obj, dict) and (stages := _json_models.staged(obj)) is not None:
        problems.append(Problem(path, _json_models.stages_note(obj)))  # {"pretrain": [{"epoch": 1, ..}, ..], ..}
        _json_resumed.rows(table, stages)
    elif _json_splitrecords.add_rows(table, obj, path, problems):  # {"train": [{..}, ..], "val": [{..}, ..]}
        pass
    elif isinstance(obj, dict) and (under := _json_nested.records_under(obj)) is not None:
        key, rows = under  # {"history": [{"epoch": 1, "train_loss": ..}, ..], "best_val_loss": ..}
        listed, per_step, per, why = _json_steplist.split(obj, rows)  # {"steps": [losses], "epochs": [records]}
        if why:
            problems.append(Problem(path, why))
        for i, value in enumerate(per_step):
            table.add("loss", i + 1, value)
        for i, row in enumerate(rows):
            table.row(i, row, step=(i + 1) * per if per else None)
        for other in obj:
            if other != key and (other != listed or not per):
                table.skipped.setdefault(str(other), "beside the history under " + repr(key))
    elif (wrapped := _json_wrapped.records(obj)) is not None:  # {"metrics": {"10": {..}}}, {"training": {"epochs": [..
        _json_wrapped.rows(table, obj, wrapped)
    elif isinstance(obj, dict) and (by_epoch := _json_epochkeys.rows(obj)) is not None:
        for i, row in enumerate(by_epoch):  # {"epoch_1": {"train": {"loss": ..}, "val": {..}}, "epoch_2": ..}
            table.row(i, row)
    elif isinstance(obj, dict):
        _json_unnamed.read_split(obj, path, problems, table, lambda named, t: _columns(named, t, place=named is obj))
        # (loss_history.json {"train": [..], "val": ..}: lists renamed from their splits are placed by read_split)
    elif isinstance(obj, list) and obj and all(isinstance(r, dict) for r in obj):
        obj, again = _repeated_evals.drop(obj)  # HF's evaluate() called again at the last step: one point
        if again:
            problems.append(Problem(path, again))
        obj, split_note = _json_splitrows.prefixed(obj, STEP_KEYS)  # [{"phase": "train", ..}, {"phase": "val", ..}]
        if split_note:
            problems.append(Problem(path, split_note))
        if _json_resumed.rows(table, obj):  # a resume re-logging epochs: later sessions; back to the start:
            _json_trainings.cut(table, path, segment, problems)  # trainings appended to one list, '#1', '#2'...
    elif (found := _json_alignn.rows(obj, path, problems)) is not None:  # ALIGNN's history_train.json rows
        _columns(found, table)
        table.stepped = True
    elif (found := _json_unnamed.bare(obj, path, problems) or _json_unnamed.rows(obj, path, problems)) is not None:
        # [0.0017, 0.0017, ..] in training_log.json; [[200, 5.95, 6.02], ..] in loss_history.json
        _columns(found, table)
        table.stepped = True  # its index is its axis: a series named by the file is no less a history
    else:
        raise UnreadableFile(Problem(path, "JSON that is no training history (neither a dict of per-epoch lists "
                                           "nor a list of per-epoch dicts)"))
    if not table.tags and isinstance(obj, dict) and numbers_only(obj) is not None:
        keys = ", ".join(list(numbers_only(obj))[:4])
        raise UnreadableFile(Problem(path, f"JSON holding one number per key ({keys}, ...): a run's final summary, "
                                           "no history over steps; alone it is no run (beside a run's files it is "
                                           "read as that run's summary)"))
    table.stepped = table.stepped or booster
    if not any("loss" in t.lower() for t in set(table.tags)) and not (
            any(_json_lossword.loss_tag(t) for t in set(table.tags)) and _json_lossword.history(obj)) \
            and not (table.stepped and table.tags):
        raise UnreadableFile(Problem(path, "JSON with no loss series (no key naming a loss holds numbers) and no "
                                           "epoch/step axis of its own; not a training history"))
    problems.extend(Problem(path, note) for note in table.notes)
    if table.marks:
        problems.append(Problem(path, _json_marks.note(table.marks)))
    if table.skipped:
        names = ", ".join(f"{k!r} ({why})" for k, why in list(table.skipped.items())[:6])
        more = len(table.skipped) - 6
        problems.append(Problem(path, f"{len(table.skipped)} key(s) hold no numbers and are no series: {names}"
                                      + (f" and {more} more" if more > 0 else "")))
    return table, problems


def trainings(data) -> tuple[str, ...] | int:
    """Discover's runs of a JSON-lines file (or a dict whose epoch list counts from its start again,
    ``_json_restarting``): ``('1', '2', ...)`` when it holds trainings appended one after another (``_json_trainings``),
    else 1. Only a file whose step goes back to its start (or that has an epoch list) is parsed."""
    raw = bytes(data)
    if not _json_trainings.may_hold_several(raw) and not _json_restarting.may_restart(raw):
        return 1
    try:
        table, _ = _parse(raw, "", None)
    except UnreadableFile:
        return 1
    return tuple(str(i) for i in range(1, table.trainings + 1)) if table.trainings > 1 else 1


def read_columns(data, path: str, segment: int | None = None) -> tuple[ScalarColumns, ReadResult]:
    """``read`` with the points as bare columns (the loader's fast path: no DataFrame, no pandas)."""
    table, problems = _parse(data, path, segment)
    names: dict[str, int] = {}
    codes = np.array([names.setdefault(t, len(names)) for t in table.tags], dtype=np.int64)
    columns = ScalarColumns(list(names), codes, np.array(table.steps, dtype=np.int64),
                            np.array(table.values, dtype=np.float64), np.array(table.walls, dtype=np.float64))
    return columns, ReadResult(no_rows(), tuple(problems), sessions=tuple(table.sessions))


def read(data, path: str, segment: int | None = None) -> ReadResult:
    """The points of a JSON training history (see the module docstring), in written order; ``segment``: one model
    of a file holding several (``_json_models``)."""
    table, problems = _parse(data, path, segment)
    frame = scalar_frame(table.tags, table.steps, table.values, table.walls)
    return ReadResult(frame, tuple(problems), sessions=tuple(table.sessions))
