"""Lightning's ``LearningRateMonitor`` writes its ``lr-<Optimizer>`` rows at the global step WITHOUT Lightning's
``epoch`` key (it calls ``logger.log_metrics`` itself). Beside step-level validation metrics
(``self.log(..., on_step=True)`` in ``validation_step``: written at Lightning's evaluation-batch counter) those rows
broke the counter check of ``readers._lightning_eval``: the first validation's points were left out ("not
Lightning's evaluation-batch counter") and the later ones stayed at the counter, far past the last training step.
Seen in a public OpenSTL ``metrics.csv`` (blind set 49: 625 ``val_loss_step`` points dropped, 5,914 kept at steps
625..6538 beside training steps 49..1099). Written here by the real ``CSVLogger`` and ``TensorBoardLogger``."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import torch

from loganalyzer import read_scalars

pl = pytest.importorskip("pytorch_lightning")


class _Net(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(4, 2)

    def _loss(self, batch):
        x, y = batch
        return torch.nn.functional.cross_entropy(self.net(x), y)

    def training_step(self, batch, _):
        loss = self._loss(batch)
        self.log("train_loss", loss, on_step=True, on_epoch=False)
        return loss

    def validation_step(self, batch, _):
        self.log("val_loss", self._loss(batch), on_step=True, on_epoch=True)

    def configure_optimizers(self):
        opt = torch.optim.Adam(self.parameters(), lr=1e-2)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: min(1.0, (i + 1) / 20))  # a warm-up
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}


def _loader(seed: int, n: int):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 4, generator=g)
    y = (x[:, 0] > 0).long()
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=8)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("lrmonitor")
    torch.manual_seed(0)
    loggers = [pl.loggers.CSVLogger(str(out), name="csv", version=0),
               pl.loggers.TensorBoardLogger(str(out), name="tb", version=0)]
    trainer = pl.Trainer(max_epochs=2, logger=loggers, enable_progress_bar=False, enable_model_summary=False,
                         enable_checkpointing=False, log_every_n_steps=2, accelerator="cpu",
                         val_check_interval=5, num_sanity_val_steps=0,
                         callbacks=[pl.callbacks.LearningRateMonitor(logging_interval="step")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.fit(_Net(), _loader(0, 80), _loader(1, 32))  # 10 training batches an epoch, 4 validation batches
    return out / "csv" / "version_0", out / "tb" / "version_0"


@pytest.mark.parametrize("which", [0, 1], ids=["csvlogger", "tensorboard"])
def test_validation_batches_sit_at_their_validation_beside_lr_monitor_rows(runs, which):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = read_scalars(runs[which])
    lines = [str(w.message) for w in caught]
    lr = table[table.tag.str.startswith("lr-")]
    assert len(lr) >= 8 and lr.step.is_monotonic_increasing  # the monitor's rows, at global steps, kept
    epoch_steps = table[table.tag == "val_loss_epoch"].step.tolist()
    assert len(epoch_steps) == 4  # validation every 5 training batches, 2 epochs
    batch_steps = table[table.tag == "val_loss_step"].step.tolist()
    assert len(batch_steps) == 16  # every validation batch kept (was: the first validation's left out)
    assert batch_steps == [s for s in epoch_steps for _ in range(4)]  # at its validation's global step
    assert max(batch_steps) <= table[table.tag == "train_loss"].step.max() + 1
    assert not any("left out" in line for line in lines), lines
    assert any("evaluation-batch counter" in line and "val_loss_step" in line for line in lines)
