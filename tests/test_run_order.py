"""Run ids of a file holding appended trainings (``training.log#1``, ``#2``, ...) sort by their number: ``#2``
before ``#10`` (they sorted as text: ``#1, #10, #11, #2, ...``) in ``discover``, in ``read_scalars``' ``dir``
column and in the scan's order. Ids without such a suffix keep their text order.

The file is written by the real writer: Keras' ``CSVLogger(append=True)`` over eleven fresh models, one fit() each
(zero weights: each training starts over from the same loss, so each is a run of its own).
"""
from __future__ import annotations

import pytest

from loganalyzer import discover, read_scalars
from loganalyzer.runs import run_order
from test_breaker_readers import KERAS_MODEL, run_child

PHASES = 11
ELEVEN_FITS = KERAS_MODEL.replace("{rows}", "64") + f"""
for k in range({PHASES}):  # a fresh model each time (zero weights: the loss starts over), its own learning rate
    m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, kernel_initializer="zeros")])
    m.compile(optimizer=keras.optimizers.SGD(0.01 * (1 + k / 4)), loss="mse")
    m.fit(x, y, epochs=4, batch_size=16, verbose=0, callbacks=[keras.callbacks.CSVLogger("training.log", append=True)])
"""
IDS = [f"training.log#{k}" for k in range(1, PHASES + 1)]


@pytest.fixture(scope="module")
def eleven(tmp_path_factory):
    root = tmp_path_factory.mktemp("eleven_fits")
    run_child(root, ELEVEN_FITS)
    return root


def test_discover_orders_appended_runs_by_number(eleven):
    assert [r.id for r in discover(eleven)] == IDS


def test_read_scalars_dirs_in_number_order(eleven):
    for resolve in (False, True):
        table = read_scalars(eleven, resolve=resolve)
        assert list(table["dir"].cat.categories) == IDS
        assert list(dict.fromkeys(table["dir"])) == IDS  # rows sorted by dir in that order


def test_scan_orders_appended_runs_by_number(eleven):
    from loganalyzer.render._text import severity_key
    from loganalyzer.scan import scan

    report = scan([str(eleven)])
    assert [r.run.rsplit("/", 1)[-1] for r in report.runs] == IDS
    same = sorted(report.runs, key=lambda r: severity_key(r)[2])  # the id part of the worst-first order
    assert [r.run.rsplit("/", 1)[-1] for r in same] == IDS


def test_run_order_keeps_text_order_otherwise():
    ids = ["a/run10", "a/run2", "b.csv", "b.csv#10", "b.csv#2", "b.csv#x", "b.csv.bak", "c#1/d", "version_61_11"]
    assert sorted(ids, key=run_order) == ["a/run10", "a/run2", "b.csv", "b.csv#2", "b.csv#10", "b.csv#x",
                                          "b.csv.bak", "c#1/d", "version_61_11"]
    plain = [i for i in ids if not i.rsplit("#", 1)[-1].isdigit() or "#" not in i]
    assert sorted(plain, key=run_order) == sorted(plain)
