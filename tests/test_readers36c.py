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


# ------------------------------------------------------------------ header-less numeric CSVs


def _losses(epochs: int, seed: int = 0) -> list[tuple[float, float, float]]:
    """(train loss, test loss, test accuracy in %) of a tiny classifier after each epoch."""
    torch.manual_seed(seed)
    x, y = _regression(seed, n=96)
    labels = (y > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    out = []
    for _ in range(epochs):
        loss = F.cross_entropy(model(x[:64]), labels[:64])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            logits = model(x[64:])
            test = F.cross_entropy(logits, labels[64:]).item()
            acc = 100.0 * (logits.argmax(1) == labels[64:]).float().mean().item()
        out.append((loss.item(), test, acc))
    return out


def test_headerless_two_column_loss_log_appended(tmp_path):
    """``csv.writer(open('loss_log.csv', 'a')).writerow([epoch, loss])`` from two launches (public myhan worker.py):
    before, the first row became the header ('0,1.51' as names) and the second launch's 0 went unseen."""
    import csv

    path = tmp_path / "loss_log.csv"
    first, second = _losses(6), _losses(2, seed=1)
    for part in (first, second):
        with open(path, "a", newline="") as fh:
            writer = csv.writer(fh)
            for epoch, (loss, _test, _acc) in enumerate(part):
                writer.writerow([epoch, loss])
    assert len(discover(str(tmp_path))) == 2
    df, _msgs = read_resolved(path, resolve=False)
    steps, values = series_by_step(df, "loss")
    assert sorted(set(steps)) == list(range(6)) and len(values) == 8
    assert "train_loss" not in set(df.tag)


def test_headerless_numeric_log_named_by_position(tmp_path):
    """``f.write('%f,%f,%f,%f\\n' % (epoch, train, test, acc))`` with no header row (public faultdiag
    transfer_train_log.csv): before, not found at all."""
    path = tmp_path / "transfer_train_log.csv"
    rows = _losses(8)
    with open(path, "w") as fh:
        for epoch, (train, test, acc) in enumerate(rows, 1):
            fh.write("%f,%f,%f,%f\n" % (epoch, train, test, acc))
    assert len(discover(str(tmp_path))) == 1
    df, msgs = read_resolved(path)
    steps, values = series_by_step(df, "value_1")
    assert steps == list(range(1, 9)) and values == pytest.approx([r[0] for r in rows], abs=1e-6)
    assert series_by_step(df, "value_3")[1] == pytest.approx([r[2] for r in rows], abs=1e-6)
    assert sum("named by position" in m for m in msgs) == 1


def test_numbers_in_a_data_file_are_no_log(tmp_path):
    """A table of numbers not named like a log (a data set) stays unread."""
    np.savetxt(tmp_path / "features.csv", np.random.default_rng(0).normal(size=(20, 4)), delimiter=",")
    assert discover(str(tmp_path)) == []


# ------------------------------------------------------------------ a printed log saved under a .csv name


def test_printed_log_named_csv_is_read_as_a_printed_log(tmp_path):
    """``print(f'Epoch: [{e}/{n}], training loss: {loss:.6f}, training accuracy: {acc:.4f}%', file=f)`` into
    ``train_log.csv`` (public convlstmhar): before, "its header names no step ... column", nothing read."""
    rows = _losses(6)
    with open(tmp_path / "train_log.csv", "w") as fh:
        for e, (loss, _test, acc) in enumerate(rows, 1):
            print(f"Epoch: [{e}/6], training loss: {loss:.6f}, training accuracy: {acc:.4f}%", file=fh)
    (run,) = discover(str(tmp_path))
    df, _msgs = read_resolved(tmp_path)
    losses = [t for t in set(df.tag.astype(str)) if "loss" in t]
    assert len(losses) == 1
    steps, values = series_by_step(df, losses[0])
    assert steps == list(range(1, 7)) and values == pytest.approx([r[0] for r in rows], abs=1e-6)


# ------------------------------------------------------------------ a second stage's rows wider than the header


def test_second_stage_rows_wider_than_the_header_are_read(tmp_path):
    """``csv.writer`` with a header for the first stage only, then a second stage logging 3 more values a row
    (public superhan training_log.csv: 200 of 230 rows skipped before)."""
    import csv

    first, second = _losses(4), _losses(6, seed=2)
    with open(tmp_path / "training_log.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["stage", "epoch", "train_loss", "val_loss"])
        for e, (loss, test, _acc) in enumerate(first, 1):
            writer.writerow(["pre", e, loss, test])
        for e, (loss, test, acc) in enumerate(second, 1):
            writer.writerow(["main", e, loss, test, acc, loss * 2, test * 2])
    df, msgs = read_resolved(tmp_path / "training_log.csv", resolve=False)
    assert sum(len(series_by_step(df, t)[0]) for t in ("train_loss",)) == 10  # both stages' rows read
    assert series_by_step(df, "column_5")[1] == pytest.approx([r[2] for r in second])
    assert sum("have 7 fields, the header 4" in m for m in msgs) == 1
    assert not any("row skipped" in m for m in msgs)


# ------------------------------------------------------------------ an L1 error as a GAN's only loss-like series


def test_gan_l1_columns_are_its_losses(tmp_path):
    """``csv.writer`` rows ``epoch,train_G,train_D,train_L1,val_PSNR,val_L1`` (public spfgan train_log.csv): no
    column says "loss"; the L1 reconstruction error is judged as the loss (was `unknown`)."""
    import csv

    from _runs import verdict

    rows = _losses(12)
    with open(tmp_path / "train_log.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["epoch", "train_G", "train_D", "train_L1", "val_PSNR", "val_L1"])
        for e, (loss, test, acc) in enumerate(rows, 1):
            writer.writerow([e, 3 * loss + 1, 0.4, loss, acc / 4, test])
    run = verdict(tmp_path)
    assert run.verdict != "unknown"
