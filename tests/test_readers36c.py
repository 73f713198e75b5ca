"""readers36c: CSV/JSON reader faults on opened blind sets 59 and 61, fixed by kind, each file written by its real
writer from a tiny real training:

- a per-batch CSV with an ``epoch`` column repeated on every batch row (public geoproj ``loss_log.csv``,
  ``pd.DataFrame(rows).to_csv(index=False)``): one run per repeated epoch before (656 runs), one run now.
"""
from __future__ import annotations

import numpy as np
import pytest

from loganalyzer.discover import discover

from _runs import read_resolved, series_by_step  # noqa: E402

torch = pytest.importorskip("torch")
pd = pytest.importorskip("pandas")
F = torch.nn.functional


def _regression(seed: int = 0, n: int = 64):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 3, generator=g)
    return x, x @ torch.tensor([1.0, -2.0, 0.5]) + 0.1 * torch.randn(n, generator=g)


def _batch_rows(epochs: int, seed: int = 0) -> list[dict]:
    """A hand-rolled loop logging ``epoch, loss, loss1, loss2`` after every batch (4 batches an epoch)."""
    torch.manual_seed(seed)
    x, y = _regression(seed)
    model = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    rows = []
    for epoch in range(epochs):
        for i in range(0, len(x), 16):
            out = model(x[i:i + 16]).squeeze(1)
            loss1 = F.mse_loss(out, y[i:i + 16])
            loss2 = 1e-3 * model.weight.pow(2).sum()
            loss = loss1 + loss2
            opt.zero_grad()
            loss.backward()
            opt.step()
            rows.append({"epoch": epoch, "loss": loss.item(), "loss1": loss1.item(), "loss2": loss2.item()})
    return rows


def test_per_batch_epoch_column_is_one_run(tmp_path):
    rows = _batch_rows(epochs=5)
    path = tmp_path / "loss_log.csv"
    pd.DataFrame(rows).to_csv(path, index=False)  # the script rewrites its whole log after every batch
    assert path.read_text().splitlines()[0] == "epoch,loss,loss1,loss2"
    (run,) = discover(str(tmp_path))
    df, msgs = read_resolved(path)
    steps, values = series_by_step(df, "loss")
    assert steps == list(range(20)) and values == pytest.approx([r["loss"] for r in rows])
    assert series_by_step(df, "epoch")[1] == [r["epoch"] for r in rows]  # the epoch kept as a series
    assert any("repeats on consecutive rows" in m for m in msgs)


def test_per_batch_epoch_column_two_trainings_appended(tmp_path):
    """The script run twice, appending (``to_csv(mode='a', header=False)``): the epoch going back to 0 is a second
    run, each numbered from its own first row."""
    path = tmp_path / "loss_log.csv"
    pd.DataFrame(_batch_rows(epochs=3)).to_csv(path, index=False)
    pd.DataFrame(_batch_rows(epochs=2, seed=1)).to_csv(path, index=False, mode="a", header=False)
    assert len(discover(str(tmp_path))) == 2


def test_keras_one_row_an_epoch_unchanged(tmp_path):
    """A resumed epoch written twice (one repeat) is no per-batch file: Keras CSVLogger's reading as before."""
    path = tmp_path / "log.csv"
    path.write_text("epoch,loss\n0,1.0\n1,0.8\n2,0.7\n2,0.69\n3,0.6\n4,0.5\n")
    df, msgs = read_resolved(path)
    assert not any("repeats on consecutive rows" in m for m in msgs)
    assert np.array_equal(sorted(set(df.step)), [0, 1, 2, 3, 4])
