"""Long ("tidy") CSV logs -- one row per (step, series), the series named by text columns, the number in ``value``
-- are read as one series per name, not as one series ``value`` splicing them together (``_longcsv``):

- ``epoch,split,metric,value`` (the twenty-fifth blind labeller's lorenz63-sgm ``training_log.csv``: train and
  validation losses alternating in one curve, and the file split into two runs);
- ``step,tag,value`` as a training script writes it with ``csv.writer``, and ``read_scalars(...).to_csv()``'s own
  ``dir,tag,step,value,wall_time`` export read back.

The values come from a tiny torch model really trained; NaN values are kept, a repeated (step, name) keeps the last.
"""
from __future__ import annotations

import csv
import math
import warnings

import numpy as np
import pytest

from loganalyzer import discover, read_scalars

torch = pytest.importorskip("torch")


def _losses(epochs: int) -> list[tuple[float, float, float]]:
    torch.manual_seed(0)
    x = torch.randn(200, 6)
    y = (x[:, 0] > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    out = []
    for _ in range(epochs):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x[:150]), y[:150])
        loss.backward()
        opt.step()
        with torch.no_grad():
            logits = model(x[150:])
            val = torch.nn.functional.cross_entropy(logits, y[150:]).item()
            acc = (logits.argmax(1) == y[150:]).float().mean().item()
        out.append((loss.item(), val, acc))
    return out


def test_epoch_split_metric_value_rows(tmp_path):
    history = _losses(12)
    with open(tmp_path / "training_log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "split", "metric", "value"])
        for epoch, (loss, val, acc) in enumerate(history, 1):
            w.writerow([epoch, "train", "loss", loss])
            w.writerow([epoch, "val", "loss", val if epoch != 12 else math.nan])
            w.writerow([epoch, "val", "acc", acc])
    assert [r.id for r in discover(tmp_path)] == ["training_log.csv"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(tmp_path)
    assert sorted(set(df.tag)) == ["train_loss", "val_acc", "val_loss"]
    train = df[df.tag == "train_loss"].sort_values("step")
    assert train.step.tolist() == list(range(1, 13)) and np.allclose(train.value, [h[0] for h in history])
    val = df[df.tag == "val_loss"].sort_values("step").value.to_numpy()
    assert np.allclose(val[:-1], [h[1] for h in history[:-1]]) and np.isnan(val[-1])
    assert any("a long table" in str(w.message) and "train_loss, val_loss, val_acc" in str(w.message)
               for w in caught)


def test_step_tag_value_rows_and_the_tools_own_export(tmp_path):
    history = _losses(10)
    (tmp_path / "a").mkdir()
    with open(tmp_path / "a" / "scalars.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "tag", "value"])
        for step, (loss, val, _) in enumerate(history):
            w.writerow([step, "train/loss", loss])
            w.writerow([step, "val/loss", val])
        w.writerow([9, "val/loss", 0.5])  # written twice: the last one kept
    first = read_scalars(tmp_path / "a")
    assert sorted(set(first.tag)) == ["train/loss", "val/loss"]
    assert first[(first.tag == "val/loss") & (first.step == 9)].value.tolist() == [0.5]
    (tmp_path / "b").mkdir()
    first.to_csv(tmp_path / "b" / "export.csv", index=False)  # dir,tag,step,value,wall_time
    again = read_scalars(tmp_path / "b")
    assert sorted(set(again.tag)) == ["train/loss", "val/loss"]
    assert np.allclose(again.sort_values(["tag", "step"]).value, first.sort_values(["tag", "step"]).value)


def test_odd_long_rows_are_said_not_dropped_in_silence(tmp_path):
    (tmp_path / "s.csv").write_text('step,tag,value\n0,loss,1.5\n1,loss,1.2\n,loss,3\n2,,4\n0,"x""y",1\n2,loss,1.1\n')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(tmp_path)
    assert sorted(set(df.tag)) == ["loss", 'x"y']  # a quote in a name survives the widening
    assert df[df.tag == "loss"].step.tolist() == [0, 1, 2]
    (note,) = [str(w.message) for w in caught if "a long table" in str(w.message)]
    assert "2 row(s) with a value but no step or no tag skipped" in note


def test_a_value_holding_the_separator_stays_one_cell(tmp_path):
    """A ';'-separated long table with decimal commas: each value stays one cell of its series, never split into two
    columns; since stop 43 the decimal comma is read as a point, with a line saying so (``_decimal_comma``)."""
    (tmp_path / "s.csv").write_text("step;tag;value\n0;loss;1,5\n1;loss;1,2\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(tmp_path)
    assert df.tag.tolist() == ["loss", "loss"] and df.value.tolist() == [1.5, 1.2]
    assert any("decimal comma" in str(w.message) for w in caught)
