"""Loss histories saved with pandas ``DataFrame.to_csv`` (the index written as an unnamed first column, no epoch
column), as the twentieth blind labeller found them in public repositories: ``,loss0,loss1,acc0,acc1`` (CRLF) is
read; ``,train,valid`` in a file named ``losses.csv`` names no loss, so it is not read -- and discovery says so,
naming the file, instead of skipping it in silence."""
from __future__ import annotations

import numpy as np
import pandas as pd

import loganalyzer
from loganalyzer.discover import discover


def test_numbered_loss_columns_of_a_pandas_frame_are_read(tmp_path):
    epochs = np.arange(30)
    frame = pd.DataFrame({"loss0": 2.0 * np.exp(-epochs / 10) + 0.1, "loss1": 2.1 * np.exp(-epochs / 12) + 0.2,
                          "acc0": 1 - np.exp(-epochs / 8) * 0.7, "acc1": 1 - np.exp(-epochs / 9) * 0.7})
    frame.to_csv(tmp_path / "losses.csv", lineterminator="\r\n")
    problems: list = []
    runs = discover(tmp_path, problems)
    assert len(runs) == 1 and not problems
    table = loganalyzer.read_scalars(tmp_path)
    assert sorted(set(table.tag)) == ["acc0", "acc1", "loss0", "loss1"]
    loss0 = table[table.tag == "loss0"]
    assert loss0.step.tolist() == list(range(30)) and np.allclose(loss0.value, frame.loss0)


def test_a_loss_log_whose_columns_name_no_loss_is_reported_not_skipped(tmp_path):
    frame = pd.DataFrame({"train": np.linspace(1.5, 0.4, 20), "valid": np.linspace(1.6, 0.6, 20)})
    frame.to_csv(tmp_path / "losses.csv")
    frame.to_csv(tmp_path / "predictions.csv")  # a data table: no loss in its name, nothing to say about it
    problems: list = []
    assert discover(tmp_path, problems) == []
    (problem,) = problems
    assert problem.path.endswith("losses.csv") and "named like a loss log" in problem.message
