"""A Lightning ``trainer.validate()`` / ``trainer.test()`` after ``trainer.fit()`` with the TensorBoardLogger writes
new event files into the same ``version_N`` directory, each starting with ``hp_metric`` at step 0 (Lightning's
``log_hyperparams`` writes it at every call). The resume rules must not take that for a session resumed at step 0:
the eighteenth blind set's ``l1-tokenizer v16`` lost its whole validation curve (51 points -> 1) that way."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import torch

import loganalyzer

pl = pytest.importorskip("pytorch_lightning")


class _Tiny(pl.LightningModule):
    def __init__(self, lr: float = 0.1):
        super().__init__()
        self.save_hyperparameters()  # log_hyperparams then writes hp_metric at step 0 at each trainer call
        self.net = torch.nn.Linear(4, 2)

    def _loss(self, batch):
        x, y = batch
        return torch.nn.functional.cross_entropy(self.net(x), y)

    def training_step(self, batch, _):
        loss = self._loss(batch)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, _):
        self.log("val_loss", self._loss(batch))

    def test_step(self, batch, _):
        self.log("test_loss", self._loss(batch))

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


def _loader(seed: int):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(64, 4, generator=g)
    y = (x[:, 0] > 0).long()
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=16)


def test_validate_and_test_after_fit_keep_the_validation_curve(tmp_path: Path):
    logger = pl.loggers.TensorBoardLogger(str(tmp_path), name="", version=0)
    trainer = pl.Trainer(max_epochs=4, logger=logger, enable_progress_bar=False, enable_model_summary=False,
                         enable_checkpointing=False, log_every_n_steps=1, accelerator="cpu")
    model = _Tiny()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.fit(model, _loader(0), _loader(1))  # the same trainer after fit: its global step stays
        trainer.validate(model, _loader(1))
        trainer.test(model, _loader(2))
    run_dir = tmp_path / "version_0"
    assert len(list(run_dir.glob("events.out.tfevents.*"))) >= 2  # fit's file and the later calls'
    raw = loganalyzer.read_scalars(run_dir)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        resolved = loganalyzer.read_scalars(run_dir, resolve=True)
    fit_val = int((raw.tag == "val_loss").sum())
    assert fit_val >= 5  # 4 epochs + the validate() call
    assert int((resolved.tag == "val_loss").sum()) == fit_val  # nothing dropped as an "abandoned timeline"
    assert not [w for w in caught if "resumed at step 0" in str(w.message)]
    assert int((resolved.tag == "test_loss").sum()) == 1
