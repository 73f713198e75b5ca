"""Reader faults of the twenty-third to twenty-fifth labellers' sets, each written by the real writer:

- Lightning step-level validation metrics (``self.log(..., on_step=True)`` in ``validation_step``) are written at
  Lightning's own evaluation-batch counter (``readers._lightning_eval``): placed at their validation's global step,
  in a ``CSVLogger`` ``metrics.csv`` and a ``TensorBoardLogger`` event file alike (speechenh, seismicml);
- a running-minimum column (``best_val_loss``) is bookkeeping, never the validation loss nor a loss term
  (ResNet50-Plant-Disease-Detection ``logs/metrics.csv``)."""
from __future__ import annotations

import csv
import warnings
from pathlib import Path

import pytest
import torch

from loganalyzer import read_scalars
from loganalyzer.scan import scan

pl = pytest.importorskip("pytorch_lightning")


class _Batches(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(4, 2)

    def _loss(self, batch):
        x, y = batch
        return torch.nn.functional.cross_entropy(self.net(x), y)

    def training_step(self, batch, _):
        loss = self._loss(batch)
        self.log("train_loss", loss, on_step=True, on_epoch=True)
        return loss

    def validation_step(self, batch, _):
        loss = self._loss(batch)
        self.log("val_loss", loss, on_step=True, on_epoch=True)  # val_loss_step at the batch counter
        self.log("pesq", -loss, on_step=True, on_epoch=False)  # step-level only: its name has no _step

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


def _loader(seed: int, n: int):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 4, generator=g)
    y = (x[:, 0] > 0).long()
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=8)


@pytest.fixture(scope="module")
def lightning_dirs(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("valsteps")
    torch.manual_seed(0)
    loggers = [pl.loggers.CSVLogger(str(out), name="csv", version=0),
               pl.loggers.TensorBoardLogger(str(out), name="tb", version=0)]
    trainer = pl.Trainer(max_epochs=4, logger=loggers, enable_progress_bar=False, enable_model_summary=False,
                         enable_checkpointing=False, log_every_n_steps=3, accelerator="cpu")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.fit(_Batches(), _loader(0, 80), _loader(1, 24))  # 10 training, 3 validation batches an epoch
    return out / "csv" / "version_0", out / "tb" / "version_0"


def _read(path: Path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = read_scalars(path)
    return table, [str(w.message) for w in caught]


@pytest.mark.parametrize("which", [0, 1], ids=["csvlogger", "tensorboard"])
def test_lightning_validation_step_metrics_sit_at_their_validation_s_global_step(lightning_dirs, which):
    table, lines = _read(lightning_dirs[which])
    epoch_steps = table[table.tag == "val_loss_epoch"].step.tolist()
    assert len(epoch_steps) == 4 and epoch_steps[0] > 3  # Lightning's global step at each validation's end
    for tag in ("val_loss_step", "pesq"):
        steps = table[table.tag == tag].step.tolist()
        assert len(steps) == 12  # every batch's point kept
        assert steps == [s for s in epoch_steps for _ in range(3)]  # was 0..11 among training steps 2..39
    said = [line for line in lines if "evaluation-batch counter" in line]
    assert len(said) == 1
    assert "pesq, val_loss_step" in said[0] and "steps 0..11" in said[0]
    assert ("metrics.csv" if which == 0 else "events.out.tfevents") in said[0]  # names the file
    assert sorted(table[table.tag == "train_loss_step"].step.tolist()) == table[
        table.tag == "train_loss_step"].step.tolist()


def test_a_user_s_own_explicit_steps_going_back_are_left_out_with_a_line(tmp_path):
    """Calls without an epoch going back below the global step that are NOT Lightning's counter: left out, said."""
    run = tmp_path / "version_0"
    run.mkdir()
    with open(run / "metrics.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "step", "train_loss", "custom"])
        for e in range(3):
            for s in range(e * 10, e * 10 + 10, 3):
                w.writerow([e, s, 1.0 / (s + 1), ""])
            w.writerow(["", 7 - 2 * e, "", 0.5])  # 7, 5, 3: no counter
    table, lines = _read(run)
    assert (table.tag == "custom").sum() == 0
    assert any("not Lightning's evaluation-batch counter (custom)" in line and "left out" in line for line in lines)


def test_scan_judges_the_lightning_run_on_its_epoch_aggregate(lightning_dirs):
    result = scan([lightning_dirs[0]])
    (run,) = result.runs
    assert run.roles.get("val_loss") == "val_loss_epoch"


def _train_with_running_min(path: Path, columns: list[str]) -> None:
    """A tiny MLP really trained, its per-epoch losses written by csv.writer with a running minimum column."""
    torch.manual_seed(0)
    x = torch.randn(200, 4)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).long()
    xv = torch.randn(60, 4)
    yv = (xv[:, 0] + 0.5 * xv[:, 1] > 0).long()
    net = torch.nn.Sequential(torch.nn.Linear(4, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    best = float("inf")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", *columns])
        for epoch in range(1, 31):
            for i in range(0, 200, 20):
                opt.zero_grad()
                loss = torch.nn.functional.cross_entropy(net(x[i:i + 20]), y[i:i + 20])
                loss.backward()
                opt.step()
            with torch.no_grad():
                train = torch.nn.functional.cross_entropy(net(x), y).item()
                val = torch.nn.functional.cross_entropy(net(xv), yv).item()
            best = min(best, val)
            row = {"train_loss": train, "val_loss": val, "best_val_loss": best, "val_loss_best": best,
                   "min_val_loss": best, "best_loss": min(best, train)}
            w.writerow([epoch, *(row[c] for c in columns)])


@pytest.mark.parametrize("best", ["best_val_loss", "val_loss_best", "min_val_loss"])
def test_a_running_minimum_is_never_the_validation_loss(tmp_path, best):
    path = tmp_path / "metrics.csv"
    _train_with_running_min(path, ["train_loss", best])  # no val_loss beside it: it was taken as one
    (run,) = scan([path]).runs
    assert run.roles.get("train_loss") == "train_loss"
    assert run.roles.get("val_loss") in (None, "")
    assert not any(best in note for note in run.notes if note.startswith("validation loss"))


def test_a_running_minimum_beside_the_losses_is_no_loss_term(tmp_path):
    path = tmp_path / "metrics.csv"
    _train_with_running_min(path, ["best_loss", "train_loss", "val_loss", "best_val_loss"])
    (run,) = scan([path]).runs
    assert run.roles.get("train_loss") == "train_loss"
    assert run.roles.get("val_loss") == "val_loss"
    text = " ".join(run.notes) + run.analysis.summary
    assert "best_loss" not in text and "best_val_loss" not in text
