"""json41: CSV/JSON reader faults named by the labellers of blind sets 76/77, fixed by kind.

- ``epoch,batch,loss`` with ``batch`` counted within each epoch (public Ayrus88/Multimodal_object_detection
  ``training_log.csv``): ``epoch`` was read as a series besides being part of the epoch-major step.
"""
from __future__ import annotations

import json
import warnings

import loganalyzer


def _read(path):
    """(tag -> (steps, values)) of the resolved read, and the warning texts."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = loganalyzer.read_scalars(str(path), resolve=True)
    series = {}
    for tag, part in df.groupby(df.tag.astype(str), sort=False):
        part = part.sort_values("step")
        series[tag] = ([int(s) for s in part.step], [float(v) for v in part.value])
    return series, [str(w.message) for w in caught]


def test_epoch_of_an_epoch_major_csv_is_no_series(tmp_path):
    rows = ["epoch,batch,loss"]
    losses = []
    for epoch in range(3):
        for batch in range(4):
            loss = round(1.17 - 0.03 * (4 * epoch + batch), 4)
            losses.append(loss)
            rows.append(f"{epoch},{batch},{loss:.4f}")
    (tmp_path / "training_log.csv").write_text("\n".join(rows) + "\n")
    series, msgs = _read(tmp_path / "training_log.csv")
    assert set(series) == {"loss"}
    assert series["loss"] == (list(range(12)), losses)
    assert any("starts over at each new 'epoch'" in m for m in msgs)
