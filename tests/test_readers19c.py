"""readers19c: printed training output found by breaker11 in Jupyter notebooks' cell outputs, in ``*.txt`` files
with no log name, and trainings introduced by banner lines. Every input is printed by a real tiny training loop here
(torch + tqdm), and the notebook is the JSON nbformat 4 writes (nbformat itself is not installed)."""
from __future__ import annotations

import io
import json
import re

import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover

torch = pytest.importorskip("torch")
tqdm = pytest.importorskip("tqdm").tqdm

BATCHES = 6


def _train(out, epochs: int, seed: int) -> None:
    """A tiny regression trained with a tqdm bar per epoch described ``Epoch {epoch + 1}: Training`` (1-based)."""
    torch.manual_seed(seed)
    x, y = torch.randn(48, 4), torch.randn(48, 1)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    val_loss = float("nan")
    for epoch in range(epochs):
        bar = tqdm(range(BATCHES), file=out, unit="Batch", mininterval=0, ascii=False)
        bar.set_description(f"Epoch {epoch + 1}: Training")
        for i in bar:
            xb, yb = x[i * 8:(i + 1) * 8], y[i * 8:(i + 1) * 8]
            loss = torch.nn.functional.mse_loss(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if i == BATCHES - 1:
                with torch.no_grad():
                    val_loss = torch.nn.functional.mse_loss(model(x[:16]), y[:16]).item()
                if epoch == 1:  # one epoch's validation equal to the one before: still a measure
                    val_loss = prev
            bar.set_postfix(train_loss=f"{loss.item():.3g}", val_loss=f"{val_loss:.3g}")
        prev = val_loss
        bar.close()


def _stored(text: str) -> list[str]:
    """A stream's text as Jupyter stores it: each line's carriage-return redraws collapsed to the last one."""
    lines = [line.rsplit("\r", 1)[-1] for line in text.split("\n")]
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _notebook(path, outputs_per_cell: list[list[str]]) -> None:
    cells = [{"cell_type": "code", "execution_count": 1, "id": "c0", "metadata": {}, "outputs": [],
              "source": ["import torch\n", "train_loss = 0\n", "val_loss = 0\n"]}]
    for k, texts in enumerate(outputs_per_cell, 1):
        cells.append({"cell_type": "code", "execution_count": k + 1, "id": f"c{k}", "metadata": {},
                      "outputs": [{"name": "stderr", "output_type": "stream", "text": t} for t in texts],
                      "source": ["for run in range(2):\n", "    train(model, epochs=3)\n"]})
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                      "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _printed(epochs: int, seed: int) -> list[str]:
    buf = io.StringIO()
    _train(buf, epochs, seed)
    return _stored(buf.getvalue())


def test_notebook_outputs_are_a_printed_log(tmp_path):
    first, second = _printed(3, 0), _printed(3, 1)
    # two trainings printed in one cell (a loop over fits), as the same text saved as a .log splits them
    _notebook(tmp_path / "train.ipynb", [first + ["Training model 2 ...\n"] + second])
    (tmp_path / "same.log").write_text("".join(first + ["Training model 2 ...\n"] + second), encoding="utf-8")
    runs = discover(tmp_path)
    ids = sorted(r.id for r in runs)
    log_ids = [i for i in ids if i.startswith("same.log")]
    assert [i for i in ids if i.startswith("train.ipynb")] == [i.replace("same.log", "train.ipynb") for i in log_ids]
    assert len(log_ids) == 2
    df = read_scalars(tmp_path, resolve=True)
    nb = df[df.dir.astype(str).str.startswith("train.ipynb")]
    lg = df[df.dir.astype(str).str.startswith("same.log")]
    assert sorted(nb.tag.astype(str).unique()) == ["train_loss", "val_loss"]
    # the notebook gives what the .log gives, and never the code cell's 'train_loss = 0'
    assert nb.step.tolist() == lg.step.tolist() and nb.value.tolist() == lg.value.tolist()
    one = nb[nb.dir.astype(str) == "train.ipynb#1"]
    vals = [float(re.search(r"train_loss=([\d.e+-]+)", line).group(1)) for line in first if "train_loss=" in line]
    tl = one[one.tag.astype(str) == "train_loss"]
    assert tl.step.tolist() == [BATCHES, 2 * BATCHES, 3 * BATCHES]  # 'Epoch 1: ... 6/6' ends epoch 1 at step 6
    assert tl.value.tolist() == pytest.approx(vals)
    assert (one[one.tag.astype(str) == "val_loss"].step.tolist() == [BATCHES, 2 * BATCHES, 3 * BATCHES])  # repeat kept


def test_notebook_without_training_output(tmp_path):
    nb = tmp_path / "eda.ipynb"
    _notebook(nb, [["Loaded 48 rows\n", "loss function: mse\n"]])
    assert discover(tmp_path) == []
    problems: list = []
    assert discover(nb, problems) == []
    assert len(problems) == 1 and "eda.ipynb" in problems[0].path and "no run" in problems[0].message


def test_one_based_tqdm_epochs_in_plain_text(tmp_path):
    (tmp_path / "run.log").write_text("".join(_printed(4, 2)), encoding="utf-8")
    df = read_scalars(tmp_path / "run.log", resolve=True)
    for tag in ("train_loss", "val_loss"):
        assert df[df.tag.astype(str) == tag].step.tolist() == [BATCHES * k for k in range(1, 5)]
