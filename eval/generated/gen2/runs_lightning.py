"""Runs trained with PyTorch Lightning and written by its CSVLogger or TensorBoardLogger (self.log, LearningRateMonitor)."""
import logging
import math
import os
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import acc_metric, classification, digits, fit, mlp, regression, seed_all, segmentation, Writer

warnings.filterwarnings("ignore")
logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
logging.getLogger("lightning.pytorch").setLevel(logging.ERROR)
import pytorch_lightning as pl
from pytorch_lightning.callbacks import LearningRateMonitor
from pytorch_lightning.loggers import CSVLogger, TensorBoardLogger
from torch.utils.data import DataLoader, TensorDataset


class Lit(pl.LightningModule):
    def __init__(self, model, loss_fn, make_opt, lr_lambda=None, metric=None, metric_name="acc", log_gn=True):
        super().__init__()
        self.model, self.loss_fn, self.make_opt, self.lr_lambda = model, loss_fn, make_opt, lr_lambda
        self.metric, self.metric_name, self.log_gn = metric, metric_name, log_gn

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, i):
        x, y = batch
        out = self(x)
        loss = self.loss_fn(out, y)
        self.log("train_loss", loss, on_step=True, on_epoch=True)
        return loss

    def on_before_optimizer_step(self, optimizer):
        if self.log_gn:
            gs = [p.grad.detach().flatten() for p in self.parameters() if p.grad is not None]
            if gs:
                self.log("grad_norm", torch.cat(gs).norm(), on_step=True, on_epoch=False)

    def validation_step(self, batch, i):
        x, y = batch
        out = self(x)
        self.log("val_loss", self.loss_fn(out, y), on_epoch=True, prog_bar=False)
        if self.metric:
            self.log("val_" + self.metric_name, self.metric(out, y), on_epoch=True)

    def configure_optimizers(self):
        opt = self.make_opt(self.parameters())
        if self.lr_lambda is None:
            return opt
        sched = torch.optim.lr_scheduler.LambdaLR(opt, self.lr_lambda)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}


def train(d, lit, data, *, logger="csv", epochs=20, bs=64, log_every=5, val=True):
    lg = (CSVLogger(d, name="lightning_logs") if logger == "csv"
          else TensorBoardLogger(d, name="lightning_logs", default_hp_metric=False))
    tr = DataLoader(TensorDataset(data["Xtr"], data["ytr"]), batch_size=bs, shuffle=True)
    va = DataLoader(TensorDataset(data["Xva"], data["yva"]), batch_size=512) if val else None
    cbs = [LearningRateMonitor(logging_interval="step")] if lit.lr_lambda is not None else []
    trainer = pl.Trainer(max_epochs=epochs, logger=lg, callbacks=cbs, enable_checkpointing=False,
                         enable_progress_bar=False, enable_model_summary=False, log_every_n_steps=log_every,
                         accelerator="cpu", devices=1, num_sanity_val_steps=0, deterministic=False)
    trainer.fit(lit, tr, va)


CE = F.cross_entropy


class _Null(Writer):
    def log(self, *a):
        pass


def h_finetune(d):
    """Pretrain on digits (10 classes, not logged), then fine-tune a new 4-way head (parity x >=5) at a low LR."""
    seed_all(31)
    data = digits(seed=31)
    backbone = mlp(64, 64, (128,))
    pre = nn.Sequential(backbone, nn.ReLU(), nn.Linear(64, 10))
    fit(pre, data, _Null(), loss_fn=CE, epochs=3, bs=64, opt=torch.optim.Adam(pre.parameters(), 2e-3),
        val=False)
    rel = {k: data[k] if k.startswith("X") else (data[k] % 2) * 2 + (data[k] >= 5).long() for k in data}
    model = nn.Sequential(backbone, nn.ReLU(), nn.Linear(64, 4))
    lit = Lit(model, CE, lambda p: torch.optim.Adam(p, lr=3e-4), metric=acc_metric)
    train(d, lit, rel, logger="csv", epochs=15, bs=32, log_every=5)


def u_weight_decay(d):
    seed_all(32)
    data = classification(n=3000, k=5, seed=32, sep=1.5)
    lit = Lit(mlp(20, 5, (128, 128)), CE, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, weight_decay=0.08),
              metric=acc_metric)
    train(d, lit, data, logger="csv", epochs=25, bs=64)


def d_restart(d):
    """Cosine with warm restarts whose restart peak is 300x the base (a multiplier meant for the minimum)."""
    seed_all(33)
    data = classification(n=3000, k=4, seed=33, sep=1.3)
    T0 = 300

    def lam(s):
        if s < T0:
            return 0.5 * (1 + math.cos(math.pi * s / T0))
        p = (s - T0) / (4 * T0)
        return 300 * 0.5 * (1 + math.cos(math.pi * min(1, p)))

    model = mlp(20, 4, (128, 128), act=lambda: nn.LeakyReLU(0.1))
    lit = Lit(model, CE, lambda p: torch.optim.Adam(p, lr=1e-3), lr_lambda=lam, metric=acc_metric)
    train(d, lit, data, logger="csv", epochs=24, bs=64)


def n_div0(d):
    """Segmentation loss normalised by the foreground pixel count of the batch, no epsilon; a batch of empty masks
    gives x/0 = inf and the weights go NaN."""
    seed_all(34)
    data = segmentation(n=1200, seed=34)
    rng = np.random.RandomState(34)
    empty = torch.tensor(rng.rand(len(data["ytr"])) < 0.04)
    data["ytr"][empty] = 0.0
    data["Xtr"][empty] = torch.randn_like(data["Xtr"][empty]) * 0.6

    def fg_norm_bce(out, y):
        return F.binary_cross_entropy_with_logits(out, y, reduction="sum") / y.sum()

    net = nn.Sequential(nn.Conv1d(1, 16, 5, padding=2), nn.ReLU(), nn.Conv1d(16, 16, 5, padding=2), nn.ReLU(),
                        nn.Conv1d(16, 1, 1))
    lit = Lit(net, fg_norm_bce, lambda p: torch.optim.Adam(p, lr=1e-3))
    train(d, lit, data, logger="csv", epochs=3, bs=2, log_every=10)


def dice(out, y):
    p = (out > 0).float()
    return (2 * (p * y).sum() / (p.sum() + y.sum() + 1e-6)).item()


def h_seg(d):
    seed_all(35)
    data = segmentation(n=1500, seed=35)
    net = nn.Sequential(nn.Conv1d(1, 16, 5, padding=2), nn.ReLU(), nn.Conv1d(16, 32, 5, padding=2), nn.ReLU(),
                        nn.Conv1d(32, 16, 5, padding=2), nn.ReLU(), nn.Conv1d(16, 1, 1))
    total = 20 * 38
    lam = lambda s: min(1.0, (s + 1) / 50) * 0.5 * (1 + math.cos(math.pi * min(1.0, s / total)))
    lit = Lit(net, F.binary_cross_entropy_with_logits, lambda p: torch.optim.AdamW(p, lr=3e-3), lr_lambda=lam,
              metric=dice, metric_name="dice")
    train(d, lit, data, logger="tb", epochs=20, bs=32, log_every=5)


def o_regression_small(d):
    seed_all(36)
    data = regression(n=1000, kind="friedman", seed=36, n_train=50, noise=3.0)
    lit = Lit(mlp(10, 1, (512, 512)), lambda o, y: F.mse_loss(o.squeeze(-1), y),
              lambda p: torch.optim.Adam(p, lr=1e-3), metric=lambda o, y: (o.squeeze(-1) - y).abs().mean(),
              metric_name="mae")
    train(d, lit, data, logger="tb", epochs=250, bs=32, log_every=5)


def s_lr0(d):
    """Warm-up written with integer division: min(1, step // warmup) is 0 for every step below warmup=10000."""
    seed_all(37)
    data = digits(seed=37)
    lit = Lit(mlp(64, 10, (128, 64)), CE, lambda p: torch.optim.AdamW(p, lr=1e-3),
              lr_lambda=lambda s: min(1, s // 10000), metric=acc_metric)
    train(d, lit, data, logger="tb", epochs=15, bs=32, log_every=5)


RUNS = {
    "h_finetune": (h_finetune, "Lightning CSVLogger"),
    "u_weight_decay": (u_weight_decay, "Lightning CSVLogger"),
    "d_restart": (d_restart, "Lightning CSVLogger"),
    "n_div0": (n_div0, "Lightning CSVLogger"),
    "h_seg": (h_seg, "Lightning TensorBoardLogger"),
    "o_regression_small": (o_regression_small, "Lightning TensorBoardLogger"),
    "s_lr0": (s_lr0, "Lightning TensorBoardLogger"),
}
