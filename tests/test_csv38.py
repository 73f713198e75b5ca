"""csv38: CSV reading faults the blind labellers of sets 67 and 69 found.

- azmnist67 ``train_history.csv`` (an AlphaZero-style self-play loop, ``pd.DataFrame(rows).to_csv(index=False)``):
  an ``idx`` column counting the rounds from 1 and no step column: the row number from 0 was the step and ``idx``
  dropped; now ``idx``'s values are the step.
- vicreg67 ``batch_32.csv``: a logger writing ``train_loss,epoch`` with ``csv.DictWriter`` every few steps (no step
  column): two rows an epoch read at one step each; now the row's place is the step, ``epoch`` a series, and a
  training appended to the file is still its own run.
- fashioncomb69 ``train_metrics.csv`` + ``validation_metrics.csv`` and petsdl69 ``train_metrics.csv`` (per batch) +
  ``val_metrics.csv`` (per epoch), columns named by their own file's split: two runs each; now one, each file on
  its own axis, said.

Each file is written by the writer its script used (``csv`` module, pandas) from a real tiny torch training.
"""
from __future__ import annotations

import csv

import pytest

torch = pytest.importorskip("torch")
pd = pytest.importorskip("pandas")

from loganalyzer import discover  # noqa: E402
from loganalyzer.scan import scan  # noqa: E402
from test_readers20a import _read, _series  # noqa: E402


def _batches(epochs: int, per_epoch: int, seed: int = 0):
    """(epoch, batch loss, validation loss or None at an epoch's last batch) of a tiny classifier on blobs."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(256, 8, generator=g)
    y = (x[:, 0] + x[:, 1] > 0).long()
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    ce = torch.nn.functional.cross_entropy
    size = 192 // per_epoch
    for epoch in range(epochs):
        for b in range(per_epoch):
            loss = ce(model(x[b * size:(b + 1) * size]), y[b * size:(b + 1) * size])
            opt.zero_grad()
            loss.backward()
            opt.step()
            val = None
            if b == per_epoch - 1:
                with torch.no_grad():
                    val = ce(model(x[192:]), y[192:]).item()
            yield epoch, loss.item(), val


# ------------------------------------------------------------------ idx counting the rounds: the step


def test_idx_counting_rows_from_one_is_the_step(tmp_path):
    rows = []
    for i, (epoch, loss, val) in enumerate((b for b in _batches(6, 4) if b[2] is not None), start=1):
        rows.append({"idx": i, "agent": f"{i - 1}_0_8", "learning_rate": 1e-4, "train_loss": loss, "val_loss": val,
                     "win_num": (7 * i) % 11})
    pd.DataFrame(rows).to_csv(tmp_path / "train_history.csv", index=False)
    df, warned = _read(tmp_path)
    assert "idx" not in set(df.tag)
    assert _series(df, "train_loss") == (list(range(1, 7)), [round(r["train_loss"], 4) for r in rows])
    assert _series(df, "val_loss")[0] == list(range(1, 7))
    assert any("column 'idx' counts the rows, its values are the step" in w for w in warned)


def test_index_not_counting_rows_stays_a_series(tmp_path):
    """An ``idx`` that skips (a sample id, not the rows' count) is no step: the row number is, as before."""
    rows = [{"idx": 3 * i + 5, "loss": loss} for i, (_, loss, _) in enumerate(_batches(2, 4))]
    pd.DataFrame(rows).to_csv(tmp_path / "log.csv", index=False)
    df, warned = _read(tmp_path)
    assert _series(df, "loss")[0] == list(range(8))
    assert any("the row number (from 0) is the step" in w for w in warned)


# ------------------------------------------------------------------ an epoch logged twice: rows within it


def _dictwriter_log(path, epochs: int, every: int, trainings: int = 1) -> list[list[float]]:
    """``train_loss,epoch`` appended with ``csv.DictWriter`` every ``every`` batches (no step), one header."""
    out = []
    for t in range(trainings):
        losses = []
        for i, (epoch, loss, _) in enumerate(_batches(epochs, 6, seed=t)):
            if i % every == every - 1:
                new = not path.exists()
                with open(path, "a", newline="") as f:
                    writer = csv.DictWriter(f, fieldnames=["train_loss", "epoch"])
                    if new:
                        writer.writeheader()
                    writer.writerow({"train_loss": loss, "epoch": epoch})
                losses.append(round(loss, 4))
        out.append(losses)
    return out


def test_epoch_held_on_consecutive_rows_is_no_step(tmp_path):
    (losses,) = _dictwriter_log(tmp_path / "batch_32.csv", 5, 3)
    df, warned = _read(tmp_path)
    assert _series(df, "train_loss") == (list(range(10)), losses)
    assert _series(df, "epoch")[1] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert any("repeats on consecutive rows" in w and "logged several times within an epoch" in w for w in warned)


def test_appended_training_of_such_a_log_is_its_own_run(tmp_path):
    first, second = _dictwriter_log(tmp_path / "batch_1024.csv", 4, 3, trainings=2)
    assert [r.id for r in discover(str(tmp_path))] == ["batch_1024.csv#1", "batch_1024.csv#2"]
    df, _ = _read(tmp_path)
    assert _series(df, "train_loss", "batch_1024.csv#1") == (list(range(8)), first)
    assert _series(df, "train_loss", "batch_1024.csv#2") == (list(range(8)), second)


def test_train_and_val_rows_of_one_epoch_are_not_this_shape(tmp_path):
    """Rows of one epoch filling different columns (a training row, then a validation row) stay at the epoch."""
    with open(tmp_path / "log.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["loss", "val_loss", "epoch"])
        for epoch, loss, val in _batches(4, 2):
            writer.writerow([loss, "", epoch] if val is None else ["", val, epoch])
    df, warned = _read(tmp_path)
    assert _series(df, "loss")[0] == [0, 1, 2, 3]
    assert not any("repeats on consecutive rows" in w for w in warned)


def test_rows_wider_after_a_later_header_are_read(tmp_path):
    """A later header with one more column (a metric logged from some epoch on, ``csv.writer`` rows) over rows whose
    epoch repeats: each header's rows are checked on their own columns (public ct2mri55 crashed the check)."""
    with open(tmp_path / "training_metrics.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["loss", "epoch"])
        for i, (epoch, loss, val) in enumerate(_batches(4, 4)):
            if i == 8:
                writer.writerow(["loss", "epoch", "psnr"])
            writer.writerow([loss, epoch] + ([] if i < 8 else [20 + i]))
    df, warned = _read(tmp_path)
    assert not any("internal error" in w for w in warned)
    assert _series(df, "loss")[0] == list(range(16))


# ------------------------------------------------------------------ train_/validation_ files of one script


def test_train_and_validation_metrics_files_are_one_run(tmp_path):
    train, valid = [], []
    for epoch, loss, val in _batches(8, 3):
        if val is not None:
            train.append({"epoch": epoch, "train_epoch_loss": loss})
            valid.append({"epoch": epoch, "average_recall": 50 + 5 * (1 - val)})
    pd.DataFrame(train).to_csv(tmp_path / "train_metrics.csv", index=False)
    pd.DataFrame(valid).to_csv(tmp_path / "validation_metrics.csv", index=False)
    (run,) = discover(str(tmp_path))
    assert run.format == "split_csv" and len(run.files) == 2
    df, warned = _read(tmp_path)
    assert sorted(df.tag.unique()) == ["train_epoch_loss", "val_average_recall"]
    assert _series(df, "val_average_recall")[0] == list(range(8))
    assert any("validation_metrics.csv: the val split" in w and "its own 'epoch' values" in w for w in warned)


def test_per_batch_train_and_per_epoch_val_files_keep_their_own_axes(tmp_path):
    train, valid = [], []
    for epoch, loss, val in _batches(3, 8):
        train.append(loss)
        if val is not None:
            valid.append({"val_acc": 0.5 + 0.1 * epoch, "val loss": val / 64})  # a per-sample sum, as written
    pd.DataFrame({"train_loss": train}).to_csv(tmp_path / "train_metrics.csv")
    pd.DataFrame(valid).to_csv(tmp_path / "val_metrics.csv")
    (run,) = discover(str(tmp_path))
    assert run.format == "split_csv"
    df, warned = _read(tmp_path)
    assert _series(df, "train_loss")[0] == list(range(24))
    assert _series(df, "val loss")[0] == [0, 1, 2]
    assert sum("at its own row numbers" in w and "do not say how" in w for w in warned) == 2
    (judged,) = scan([str(tmp_path)]).runs
    assert judged.roles["val_loss"] == "val loss"


def test_columns_of_another_split_still_keep_files_apart(tmp_path):
    """A ``train_`` file whose columns name validation too holds both splits: no sibling of a ``val_`` file."""
    rows = [{"epoch": e, "train_loss": loss, "val_loss": val} for e, loss, val in _batches(4, 2) if val is not None]
    pd.DataFrame(rows).to_csv(tmp_path / "train_metrics.csv", index=False)
    pd.DataFrame([{"epoch": r["epoch"], "val_acc": 0.5} for r in rows]).to_csv(tmp_path / "val_metrics.csv",
                                                                                index=False)
    assert sorted(r.id for r in discover(str(tmp_path))) == ["train_metrics.csv", "val_metrics.csv"]
