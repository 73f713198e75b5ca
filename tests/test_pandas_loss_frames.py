"""Loss histories saved with pandas ``DataFrame.to_csv`` (the index written as an unnamed first column, no epoch
column), as the twentieth blind labeller found them in public repositories: ``,loss0,loss1,acc0,acc1`` (CRLF) is
read; ``,train,valid`` in a file named ``losses.csv`` names only the splits: read as ``train_loss``/``valid_loss``,
with a line saying so (stop 23: the twenty-third labeller's cnnlstm-oct ``,ep,train,valid,total`` was a third such
file; ``ep`` is its epoch). A data table with such columns but no loss in its file name stays unread and unreported,
and a loss log whose columns name neither a loss nor a split is reported by discovery, naming the file."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import loganalyzer
from loganalyzer.discover import discover
from loganalyzer.scan import scan


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


def test_a_loss_log_whose_columns_name_the_splits_is_read_as_their_losses(tmp_path):
    frame = pd.DataFrame({"train": np.linspace(1.5, 0.4, 20), "valid": np.linspace(1.6, 0.6, 20)})
    frame.to_csv(tmp_path / "losses.csv")
    frame.to_csv(tmp_path / "predictions.csv")  # a data table: no loss in its name, nothing to say about it
    problems: list = []
    assert [r.id for r in discover(tmp_path, problems)] == ["losses.csv"] and not problems
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = loganalyzer.read_scalars(tmp_path)
    assert sorted(set(table.tag)) == ["train_loss", "valid_loss"]
    assert np.allclose(table[table.tag == "valid_loss"].sort_values("step").value, frame.valid)
    assert any("read as 'train' -> 'train_loss', 'valid' -> 'valid_loss'" in str(w.message) for w in caught)
    report = scan([str(tmp_path / "losses.csv")])
    assert report.runs[0].verdict not in ("unknown", None)


def test_an_ep_column_is_the_epoch_and_total_is_no_split(tmp_path):
    epochs = np.arange(12)
    frame = pd.DataFrame({"ep": epochs, "train": 1.5 * np.exp(-epochs / 5), "valid": 1.6 * np.exp(-epochs / 6)})
    frame["total"] = frame.train + frame.valid
    frame.to_csv(tmp_path / "losses.csv")
    table = loganalyzer.read_scalars(tmp_path)
    assert sorted(set(table.tag)) == ["total", "train_loss", "valid_loss"]
    assert table[table.tag == "train_loss"].step.tolist() == list(range(12))


def test_a_loss_log_naming_neither_loss_nor_split_is_reported_not_skipped(tmp_path):
    pd.DataFrame({"a": np.linspace(1.5, 0.4, 20), "b": np.linspace(1.6, 0.6, 20)}).to_csv(tmp_path / "losses.csv")
    problems: list = []
    assert discover(tmp_path, problems) == []
    (problem,) = problems
    assert problem.path.endswith("losses.csv") and "named like a loss log" in problem.message


def test_a_tree_of_split_named_loss_logs_reads_as_one_file_does(tmp_path):
    """Many such files in a tree take the batch CSV path when their header is plain: the same names there."""
    epochs = np.arange(8)
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        pd.DataFrame({"ep": epochs, "train": 1.5 * np.exp(-epochs / 5), "valid": 1.6 * np.exp(-epochs / 6)}).to_csv(
            tmp_path / name / "losses.csv", index=False)
    tree = loganalyzer.read_scalars(tmp_path)
    assert sorted(set(tree.tag)) == ["train_loss", "valid_loss"]
    one = loganalyzer.read_scalars(tmp_path / "a")
    assert sorted(set(one.tag)) == ["train_loss", "valid_loss"]
