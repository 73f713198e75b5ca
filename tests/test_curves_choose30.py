"""A sparse plainly named per-step loss beside its one dense per-epoch index copy: judged on the copy (task gan30).

pytorch_tabular 0.7 (manujosephv/pytorch_tabular f291430, ``pytorch_tabular/models/base_model.py``
``calculate_loss``) logs a regression's loss twice: ``self.log(f"{tag}_loss_{i}", _loss, on_epoch=True,
on_step=False)`` for each target ``i`` and ``self.log(f"{tag}_loss", computed_loss, on_epoch=(tag == "valid"),
on_step=(tag == "train"), prog_bar=True)``. Lightning writes a per-step value every ``log_every_n_steps`` (50)
steps, so a run of 7 batches an epoch has a handful of ``train_loss`` points beside one ``train_loss_0`` an epoch:
the plain name ranked first and the verdict rested on 4 points. Here a real Lightning regression on scikit-learn's
diabetes data logs the same calls through Lightning's TensorBoardLogger (pytorch_tabular's default logger).
"""
from __future__ import annotations

import pytest

from loganalyzer.scan import scan

torch = pytest.importorskip("torch")
pl = pytest.importorskip("pytorch_lightning")


class _Tabular(pl.LightningModule):
    """A one-target regression MLP logging as pytorch_tabular 0.7's BaseModel does."""

    def __init__(self, n_targets: int):
        super().__init__()
        self.n_targets = n_targets
        self.net = torch.nn.Sequential(torch.nn.Linear(10, 32), torch.nn.ReLU(), torch.nn.Linear(32, n_targets))

    def _loss(self, batch, tag: str):
        x, y = batch
        y_hat = self.net(x)
        computed_loss = 0
        for i in range(self.n_targets):
            _loss = torch.nn.functional.mse_loss(y_hat[:, i], y[:, i])
            computed_loss += _loss
            self.log(f"{tag}_loss_{i}", _loss, on_epoch=True, on_step=False, logger=True, prog_bar=False)
        self.log(f"{tag}_loss", computed_loss, on_epoch=(tag == "valid"), on_step=(tag == "train"), logger=True,
                 prog_bar=True)
        return computed_loss

    def training_step(self, batch, batch_idx):
        return self._loss(batch, "train")

    def validation_step(self, batch, batch_idx):
        self._loss(batch, "valid")

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=3e-3)


def _train(tmp_path, n_targets: int = 1, epochs: int = 30):
    from sklearn.datasets import load_diabetes
    from torch.utils.data import DataLoader, TensorDataset

    torch.manual_seed(0)
    torch.set_num_threads(1)
    x, y = load_diabetes(return_X_y=True)
    x = torch.tensor((x - x.mean(0)) / x.std(0), dtype=torch.float32)
    y = torch.tensor((y - y.mean()) / y.std(), dtype=torch.float32)[:, None].repeat(1, n_targets)
    train = DataLoader(TensorDataset(x[:400], y[:400]), batch_size=64, shuffle=True)
    val = DataLoader(TensorDataset(x[400:], y[400:]), batch_size=64)
    trainer = pl.Trainer(max_epochs=epochs, logger=pl.loggers.TensorBoardLogger(str(tmp_path), name="tabular"),
                         enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False,
                         accelerator="cpu")
    trainer.fit(_Tabular(n_targets), train, val)
    (run,) = scan([tmp_path]).runs
    return run


def test_a_sparse_per_step_loss_gives_way_to_its_dense_epoch_copy(tmp_path):
    run = _train(tmp_path)
    assert run.roles["train_loss"] == "train_loss_0"
    (note,) = [n for n in run.notes if n.startswith("training loss:")]
    assert "the denser series of the same loss: train_loss has only 4 points, train_loss_0 30" in note
    assert run.analysis.evidence["final_step"] == 7 * 30 - 1  # the last epoch's end, not step 199
    assert run.roles["val_loss"] == "valid_loss"


def test_several_targets_index_copies_are_terms_not_the_same_loss(tmp_path):
    """Two targets: ``train_loss_0`` is one target's term of ``train_loss``; the plain total stays."""
    run = _train(tmp_path, n_targets=2)
    assert run.roles["train_loss"] == "train_loss"
