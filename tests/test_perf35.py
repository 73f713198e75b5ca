"""perf35 (issue 12, read_scalars of a big tree): the shortcuts taken per file give what the long way gave.

- ``_epoch_counter._going_back``: only the series whose step goes back twice are checked for a counter restarting
  each epoch; the result equals the per-tag loop it replaced (kept here as the reference), on event files written by
  torch's ``SummaryWriter``.
- ``fs._read_fd(regular=True)``: a regular file read whole in one read when it is shorter than asked.
- ``_tfevents_py``: ``import crc32c`` (importlib.metadata, argparse) only when a CRC is taken in Python.
- ``combine_raw``: pieces logging the same tags share their codes; the table is the one of pieces read apart.
- ``_hfhistory.eval_twins``: HF evaluations sharing a step found in C, what ``_repeated_evals._same_step_py`` finds.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from loganalyzer import fs
from loganalyzer.readers import ScalarColumns, tensorboard
from loganalyzer.readers._epoch_counter import MIN_RESTARTS, _cycles, _going_back, continue_epoch_counters

from test_fastcsv import TREES  # sample_logs, eval/public, shared real_logs and cases

tb = pytest.importorskip("torch.utils.tensorboard")


def _reference(columns, path, restarts):
    """``continue_epoch_counters`` as it was before perf35: every tag's rows, every tag through ``_cycles``."""
    if restarts or len(columns) < 3 * MIN_RESTARTS:
        return columns, ()
    steps, notes = None, []
    for code, tag in enumerate(columns.tags):
        rows = np.flatnonzero(columns.tag_codes == code)
        if len(rows) < 3 * MIN_RESTARTS:
            continue
        s = columns.steps[rows]
        length = _cycles(s)
        if length is None:
            continue
        cycle = np.concatenate([[0], np.cumsum(np.diff(s) < 0)])
        steps = np.array(columns.steps, copy=True) if steps is None else steps
        steps[rows] = s + cycle * length
        notes.append(str((tag, int(s[0]), int(cycle[-1]), length)))
    return (columns if steps is None else ScalarColumns(columns.tags, columns.tag_codes, steps, columns.values,
                                                        columns.wall_times)), notes


def _write(tmp_path, name, logs):
    """An event file of ``(tag, value, step)`` calls in order, by torch's SummaryWriter; its columns."""
    out = tmp_path / name
    writer = tb.SummaryWriter(str(out))
    for tag, value, step in logs:
        writer.add_scalar(tag, value, step)
    writer.close()
    (path,) = list(out.iterdir())
    return tensorboard.read_columns(path.read_bytes(), str(path))


CASES = {
    # train/val at the global step: steps never go back in write order (the common file; no series checked)
    "monotone": [(t, 1.0 / (s + 1), s) for s in range(30) for t in ("train/loss", "val/loss")],
    # the batch index of the epoch as the step, beside an epoch-level series at the epoch: one series restarts
    "batch_counter": [x for e in range(4) for x in
                      [("Train_Loss", 2.0 - 0.1 * e - 0.01 * i, i * 50) for i in range(6)] + [("epoch_acc", 0.5, e)]],
    # two series restarting, one going back once only (a repeated session: combine's), one never
    "mixed": [x for e in range(3) for x in
              [("a", float(i), i) for i in range(5)] + [("b", float(i), 10 + 2 * i) for i in range(4)]]
             + [("c", 1.0, s) for s in (5, 6, 7, 3, 4, 5, 6)] + [("d", 0.1, s) for s in range(100, 110)],
    # a series going back twice but not to its first step: no counter, left alone
    "not_to_first": [("x", 1.0, s) for s in (0, 1, 2, 1, 2, 3, 1, 2, 3)],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_epoch_counter_shortcut_equals_the_per_tag_loop(tmp_path, case):
    columns, meta = _write(tmp_path, case, CASES[case])
    # read_columns ran the new rule: rebuild the written columns (steps as logged) to run both on the same input
    written = ScalarColumns(columns.tags, columns.tag_codes,
                            np.array([s for _, _, s in CASES[case]], dtype=np.int64), columns.values,
                            columns.wall_times)
    want, want_notes = _reference(written, "f", ())
    got, got_notes = continue_epoch_counters(written, "f", ())
    assert got.steps.tolist() == want.steps.tolist()
    assert len(got_notes) == len(want_notes)
    assert got.steps.tolist() == columns.steps.tolist()  # what read_columns gave
    if case == "batch_counter":
        assert want_notes and "4 epochs one after another" in str(got_notes[0])
    if case == "monotone":
        assert _going_back(written) == [] and not want_notes
    if case == "mixed":  # a and b restart (two backs each); c went back once: not a candidate
        assert _going_back(written) == [0, 1] and len(want_notes) == 2


def test_going_back_counts_each_series_on_its_own():
    """Interleaved series: the file's steps go back at every switch, each series' own never (no candidate)."""
    tags = ["fine", "coarse"]
    codes = np.array([0, 1] * 10)
    steps = np.array([x for i in range(10) for x in (100 + i, i)], dtype=np.int64)
    cols = ScalarColumns(tags, codes, steps, np.zeros(20), np.zeros(20))
    assert (steps[1:] < steps[:-1]).any()
    assert _going_back(cols) == []
    assert continue_epoch_counters(cols, "f", ())[1] == ()


def test_a_regular_file_is_read_whole_in_one_read(tmp_path, monkeypatch):
    data = bytes(range(256)) * 40
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    reads = []
    real = os.read
    monkeypatch.setattr(fs.os, "read", lambda fd, n: reads.append(n) or real(fd, n))
    assert fs.small_local(str(path)) == data
    assert reads == [len(data) + 1]  # shorter than asked: its end, no read of nothing after it
    reads.clear()
    assert fs.read_local(str(path)) == data  # a path of unknown kind: read until a read gives nothing
    assert len(reads) == 2 and reads[-1] > 0
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert fs.small_local(str(empty)) == b""


def test_crc32c_is_imported_only_for_a_crc_taken_in_python(tmp_path):
    probe = ("import sys, json\nfrom loganalyzer.readers import tensorboard, _tfevents_py\n"
             "a = 'crc32c' in sys.modules\n_tfevents_py.masked_crc(b'abc')\n"
             "print(json.dumps([a, 'crc32c' in sys.modules or _tfevents_py._crc32c is None]))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [False, True]


def test_pieces_sharing_tags_combine_as_pieces_apart(tmp_path):
    """The raw view of three event files, two logging the same tags: one table whichever piece comes first."""
    from loganalyzer.combine_raw import combine_raw

    a, _ = _write(tmp_path, "a", CASES["monotone"])
    b, _ = _write(tmp_path, "b", [(t, 2.0, s) for s in range(5) for t in ("train/loss", "val/loss")])
    c, _ = _write(tmp_path, "c", [("val/loss", 3.0, 1), ("extra", 4.0, 2), ("train/loss", 5.0, 3)])
    pieces = [("r1", a, (), "a"), ("r2", b, (), "b"), ("r1/x", c, (), "c")]
    got = combine_raw(pieces)
    alone = [combine_raw([p]) for p in pieces]
    for name in ("steps", "values"):
        assert getattr(got, name).tolist() == [x for d in sorted(alone, key=lambda t: t.dir_names)
                                               for x in getattr(d, name).tolist()]
    assert got.tag_names == ["extra", "train/loss", "val/loss"]
    assert [got.tag_names[i] for i in got.tag_codes] == [n for d in sorted(alone, key=lambda t: t.dir_names)
                                                         for n in (d.tag_names[i] for i in d.tag_codes)]


# ------------------------------------------------------------------ HF: evaluations sharing a step, in C

def _twins_both(history) -> None:
    """``eval_twins`` (C) and ``_same_step_py`` on one history: the same set, or the C one leaves it to the twin."""
    from loganalyzer.readers import _repeated_evals

    hfc = pytest.importorskip("loganalyzer.readers._hfhistory", reason="C extension not built (no compiler)")
    want = _repeated_evals._same_step_py(history)
    got = hfc.eval_twins(history)
    if got is NotImplemented:
        assert any(type(e) is not dict or type(e.get("step")) not in (int, float, str, bool, type(None))
                   or any(type(k) is not str for k in e) for e in history)
    else:
        assert got == want
    assert _repeated_evals._same_step(history) == want  # the wrapper: C or twin, the twin's answer


TWIN_HISTORIES = [
    [], [{}], [{"step": 1}], [{"eval_loss": 1.0, "step": 1}] * 2, [{"eval_loss": 1.0, "step": None}] * 3,
    [{"eval_loss": 1.0, "step": 1}, {"loss": 2.0, "step": 1}], [{"test_acc": 1.0, "step": 2}, {"eval_x": 1, "step": 2.0}],
    [{"eval_a": 1, "step": 1}, {"eval_a": 1, "step": True}, {"eval_a": 1, "step": 1.0}],  # equal as dict keys
    [{"eval_a": 1, "step": "3"}, {"eval_b": 2, "step": "3"}, {"eval_c": 2, "step": 3}],
    [{"eval_a": 1, "step": [1]}, {"eval_a": 1, "step": [1]}],  # unhashable: None from the twin
    [{"eval_a": 1, "step": {"a": 1}}], [{"eval_a": 1, "step": 1}, 7, {"eval_a": 1, "step": 1}],
    [{"x\0eval_y": 1, "step": 4}, {"eval_": 0, "step": 4}], [{"x\0test_": 1, "step": 4}, {"\0eval_": 0, "step": 4}],
    [{"x\0evax": 1, "step": 4}, {"evaluation": 0, "step": 4}, {"EVAL_x": 1, "step": 4}],
    [{1: 1.0, "step": 5}, {"eval_a": 1, "step": 5}], [{1: 1.0, "step": 6}, {"eval_a": 1, "step": 5}],
    [{"eval_a": 1, "step": 2**70}, {"eval_b": 1, "step": 2**70}, {"eval_c": 1, "step": float("nan")}],
    [{"eval_a": 1, "step": float("nan")}, {"eval_a": 1, "step": float("nan")}],  # two NaN objects: never equal
]


@pytest.mark.parametrize("history", TWIN_HISTORIES, ids=range(len(TWIN_HISTORIES)))
def test_eval_twins_equal_the_twin(history):
    _twins_both(history)


def test_eval_twins_of_a_dict_subclass_and_shared_nan_is_the_twins():
    class D(dict):
        pass

    nan = float("nan")
    _twins_both([D(eval_a=1, step=1), {"eval_a": 1, "step": 1}])
    _twins_both([{"eval_a": 1, "step": nan}, {"eval_b": 1, "step": nan}])  # one object: the same key


def test_generated_eval_histories_equal_the_twin():
    import random

    rng = random.Random(35)
    keys = ["loss", "eval_loss", "test_acc", "eval_runtime", "epoch", "learning_rate", "x\0eval_y"]
    steps = [0, 1, 1.0, True, 2, "2", None, 3, 2**64]
    for _ in range(3000):
        history = []
        for _i in range(rng.randint(0, 25)):
            entry = {k: rng.random() for k in rng.sample(keys, rng.randint(0, 3))}
            if rng.random() < 0.95:
                entry["step"] = rng.choice(steps)
            history.append(entry)
        _twins_both(history)


@pytest.mark.parametrize("tree", TREES, ids=lambda p: p.name)
def test_real_histories_equal_the_twin(tree):
    if not tree.is_dir():
        pytest.skip(f"{tree} not here")
    for name in ("trainer_state.json", "log_history.json"):
        for file in tree.rglob(name):
            try:
                history = json.loads(file.read_bytes())
            except ValueError:
                continue
            history = history.get("log_history") if isinstance(history, dict) else history
            if isinstance(history, list):
                _twins_both(history)
