#!/usr/bin/env python
"""Generate ``sample_logs/``: real training runs of tiny torch models, written by the real logging libraries.

Usage: ``python scripts/make_sample_logs.py [OUT_DIR]`` (default ``sample_logs``). OUT_DIR is wiped and recreated;
the script refuses to wipe a non-empty directory it did not create itself.

Every run trains a small model on sklearn / generated data (no downloads) with one injected cause (too-high LR,
log(0) in a custom loss, dead ReLUs, ...). Before writing ``LABELS.tsv`` each run's logged curve is checked
numerically against its label; if a check fails the script exits non-zero naming the run, and no LABELS.tsv is
written.

LABELS.tsv columns: run, format, verdict, cause, reason. ``format`` is ``<reader>`` or ``<reader>:<writer flavour>``,
where ``<reader>`` is the format name of docs/CONTRACTS.md (tensorboard, lightning_csv, keras_csv,
hf_trainer_state, mlflow, csv).
"""
from __future__ import annotations

import os

# keras 3 must run on torch (no TensorFlow here); mlflow 3 refuses the file store unless told it is wanted.
os.environ["KERAS_BACKEND"] = "torch"
os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"

import argparse
import csv
import logging
import math
import random
import shutil
import sys
import time
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits, make_classification, make_moons, make_regression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch import nn

MARKER = ".made_by_make_sample_logs"
LN2, LN10 = math.log(2), math.log(10)


# ----------------------------------------------------------------------------------------------------------------
# small helpers


@dataclass
class Run:
    path: str  # relative to OUT_DIR, as LABELS.tsv wants it
    fmt: str
    verdict: str
    cause: str
    train: tuple  # (steps, values) of the training loss as logged
    val: tuple | None = None  # (steps, values) of the validation loss as logged
    chance: float | None = None  # loss of guessing (ln k) where it applies
    reason: str = ""


def seed_all(seed: int) -> torch.Generator:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def t32(x):
    return torch.as_tensor(np.asarray(x), dtype=torch.float32)


def mlp(sizes, act=nn.ReLU):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(act())
    return nn.Sequential(*layers)


def minibatches(n, bs, gen):
    """Endless shuffled minibatch indices (one permutation per epoch), seeded."""
    while True:
        perm = torch.randperm(n, generator=gen)
        for i in range(0, n - bs + 1, bs):
            yield perm[i : i + bs]


@torch.no_grad()
def eval_loss(model, loss_fn, X, y):
    model.eval()
    out = float(loss_fn(model(X), y))
    model.train()
    return out


def digits(n_train=None, seed=0):
    d = load_digits()
    X = (d.data / 16.0).astype(np.float32)
    Xtr, Xva, ytr, yva = train_test_split(X, d.target, test_size=0.3, random_state=seed, stratify=d.target)
    if n_train:
        Xtr, _, ytr, _ = train_test_split(Xtr, ytr, train_size=n_train, random_state=seed, stratify=ytr)
    return t32(Xtr), torch.as_tensor(ytr), t32(Xva), torch.as_tensor(yva)


def series(pairs):
    s = np.asarray([p[0] for p in pairs], dtype=np.int64)
    v = np.asarray([p[1] for p in pairs], dtype=np.float64)
    return s, v


# ----------------------------------------------------------------------------------------------------------------
# runs


def tb_torch_nan(out: Path) -> list[Run]:
    """torch SummaryWriter (simple_value): SGD+momentum, LR warm-up to a peak far too high -> overflow -> NaN."""
    from torch.utils.tensorboard import SummaryWriter

    gen = seed_all(1)
    X, y = make_regression(n_samples=800, n_features=20, n_informative=10, noise=10.0, random_state=1)
    X = StandardScaler().fit_transform(X)
    y = (y - y.mean()) / y.std()
    Xtr, Xva, ytr, yva = (t32(a) for a in train_test_split(X, y, test_size=0.25, random_state=1))
    ytr, yva = ytr[:, None], yva[:, None]
    model = mlp([20, 64, 64, 1])
    peak, warm, total = 1.0, 300, 300
    opt = torch.optim.SGD(model.parameters(), lr=peak, momentum=0.9)
    base = 0.005  # warm-up from a sane LR to the peak
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: (base + (peak - base) * min(1.0, s / warm)) / peak)
    rel = "tensorboard/regression_sgd_warmup_nan"
    w = SummaryWriter(log_dir=str(out / rel))
    tr, va = [], []
    it = minibatches(len(Xtr), 32, gen)
    for step in range(1, total + 1):
        idx = next(it)
        loss = F.mse_loss(model(Xtr[idx]), ytr[idx])
        opt.zero_grad()
        loss.backward()
        gnorm = float(torch.nn.utils.clip_grad_norm_(model.parameters(), float("inf")))  # measure only
        opt.step()
        sched.step()
        if step % 2 == 0:  # logs every 2 steps, and keeps logging after the loss is gone
            tr.append((step, float(loss)))
            w.add_scalar("train/loss", float(loss), step)
            w.add_scalar("train/grad_norm", gnorm, step)
            w.add_scalar("train/lr", opt.param_groups[0]["lr"], step)
        if step % 10 == 0:
            v = eval_loss(model, F.mse_loss, Xva, yva)
            va.append((step, v))
            w.add_scalar("val/loss", v, step)
    w.close()
    return [Run(rel, "tensorboard:torch", "nan",
                f"SGD momentum 0.9, linear LR warm-up to {peak} (far too high for this MLP/MSE), no grad clipping: weights overflow",
                series(tr), series(va))]


def tb_torch_new_style_healthy(out: Path) -> list[Run]:
    """torch SummaryWriter with new_style=True (rank-0 tensor scalars): small CNN on digits, Adam + cosine."""
    from torch.utils.tensorboard import SummaryWriter

    gen = seed_all(2)
    Xtr, ytr, Xva, yva = digits(seed=2)
    Xtr, Xva = Xtr.view(-1, 1, 8, 8), Xva.view(-1, 1, 8, 8)
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64, 10),
    )
    epochs, bs = 15, 32
    spe = len(Xtr) // bs
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * spe)
    rel = "tensorboard/digits_cnn_new_style"
    w = SummaryWriter(log_dir=str(out / rel))
    tr, va = [], []
    it = minibatches(len(Xtr), bs, gen)
    step = 0
    for epoch in range(epochs):
        for _ in range(spe):
            idx = next(it)
            loss = F.cross_entropy(model(Xtr[idx]), ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            if step % 10 == 0:
                tr.append((step, float(loss)))
                w.add_scalar("Loss/train", float(loss), step, new_style=True)
                w.add_scalar("learning_rate", opt.param_groups[0]["lr"], step, new_style=True)
        v = eval_loss(model, F.cross_entropy, Xva, yva)
        va.append((step, v))
        w.add_scalar("Loss/val", v, step, new_style=True)
    w.close()
    return [Run(rel, "tensorboard:torch-new-style", "healthy",
                "none: small CNN, Adam 3e-3 with cosine decay, 1257 training images",
                series(tr), series(va), chance=LN10)]


def tb_torch_add_scalars_stalled(out: Path) -> list[Run]:
    """torch SummaryWriter with add_scalars (sub-directories), add_hparams and gradient histograms:
    a 10-layer sigmoid MLP trained with plain SGD - gradients vanish, the loss stays at ln 2."""
    from torch.utils.tensorboard import SummaryWriter

    gen = seed_all(3)
    X, y = make_classification(n_samples=1200, n_features=20, n_informative=8, random_state=3)
    X = StandardScaler().fit_transform(X)
    Xtr, Xva, ytr, yva = train_test_split(X, y, test_size=0.25, random_state=3)
    Xtr, Xva, ytr, yva = t32(Xtr), t32(Xva), torch.as_tensor(ytr), torch.as_tensor(yva)
    depth, width, lr = 10, 32, 0.01
    model = mlp([20] + [width] * depth + [2], act=nn.Sigmoid)
    linears = [(f"fc{i}", m) for i, m in enumerate(m for m in model if isinstance(m, nn.Linear))]
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    rel = "tensorboard/deep_sigmoid_mlp"
    w = SummaryWriter(log_dir=str(out / rel))
    tr, va = [], []
    it = minibatches(len(Xtr), 64, gen)
    total = 400
    for step in range(1, total + 1):
        idx = next(it)
        loss = F.cross_entropy(model(Xtr[idx]), ytr[idx])
        opt.zero_grad()
        loss.backward()
        if step in (1, 100, 200, 300, 400):  # gradient histograms for a few steps only (size)
            for name, lin in linears:
                w.add_histogram(f"grad/{name}", lin.weight.grad, step)
        opt.step()
        if step % 25 == 0:
            v = eval_loss(model, F.cross_entropy, Xva, yva)
            va.append((step, v))
            tr.append((step, float(loss)))
            w.add_scalars("loss", {"train": float(loss), "val": v}, step)
        elif step % 5 == 0:
            tr.append((step, float(loss)))
            w.add_scalars("loss", {"train": float(loss)}, step)
        if step % 50 == 0:
            w.add_scalar("lr", lr, step)
    w.add_hparams({"lr": lr, "depth": depth, "width": width, "activation": "sigmoid", "optimizer": "SGD"},
                  {"hparam/val_loss": va[-1][1]})
    w.close()
    return [Run(rel, "tensorboard:torch-add_scalars-hparams-histograms", "stalled",
                "vanishing gradients: 10 stacked sigmoid layers (default init), plain SGD lr 0.01",
                series(tr), series(va), chance=LN2)]


def tensorboardx_diverged(out: Path) -> list[Run]:
    """tensorboardX: exponential LR warm-up that reaches 3.0 instead of 3e-3, then holds it (tanh MLP on moons):
    the loss improves while the LR is small, then climbs far above its start and stays there (finite: tanh bounds
    the hidden units and Adam bounds each step)."""
    from tensorboardX import SummaryWriter

    gen = seed_all(4)
    X, y = make_moons(n_samples=1200, noise=0.25, random_state=4)
    Xtr, Xva, ytr, yva = train_test_split(X, y, test_size=0.25, random_state=4)
    Xtr, Xva, ytr, yva = t32(Xtr), t32(Xva), torch.as_tensor(ytr), torch.as_tensor(yva)
    model = mlp([2, 64, 64, 2], act=nn.Tanh)
    peak, warm = 3.0, 250
    opt = torch.optim.Adam(model.parameters(), lr=peak)
    gamma = (peak / 1e-3) ** (1 / warm)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, 1e-3 * gamma**s / peak))
    rel = "tensorboardx/moons_adam_lr_warmup_typo"
    w = SummaryWriter(logdir=str(out / rel))
    tr, va = [], []
    it = minibatches(len(Xtr), 32, gen)
    for step in range(1, 401):
        idx = next(it)
        loss = F.cross_entropy(model(Xtr[idx]), ytr[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 5 == 0:
            tr.append((step, float(loss)))
            w.add_scalar("loss", float(loss), step)
            w.add_scalar("lr", opt.param_groups[0]["lr"], step)
        if step % 20 == 0:
            v = eval_loss(model, F.cross_entropy, Xva, yva)
            va.append((step, v))
            w.add_scalar("val_loss", v, step)
    w.close()
    return [Run(rel, "tensorboard:tensorboardx", "diverged",
                "LR warm-up peak too high: Adam, exponential warm-up from 1e-3 to 3.0 (meant 3e-3) over 250 steps, "
                "then held", series(tr), series(va), chance=LN2)]


def tf2_keras_layout_underfit(out: Path) -> list[Run]:
    """TF2-style tensor scalars through tensorboard's own protos and EventFileWriter, Keras TensorBoard layout
    (RUN/train, RUN/validation, tag epoch_loss, step = epoch): a 4-unit bottleneck with a heavy L2 penalty."""
    from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    def scalar_event(tag, value, step):
        # what tf.summary.scalar writes: rank-0 DT_FLOAT tensor, value as raw bytes, plugin "scalars"
        tensor = tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, tensor_shape=tensor_shape_pb2.TensorShapeProto(),
                                        tensor_content=np.float32(value).tobytes())
        meta = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="scalars"))
        summ = summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag=tag, tensor=tensor, metadata=meta)])
        return event_pb2.Event(wall_time=time.time(), step=step, summary=summ)

    gen = seed_all(5)
    Xtr, ytr, Xva, yva = digits(seed=5)
    model = mlp([64, 4, 10])
    l2, lr, epochs, bs = 0.03, 1e-2, 30, 32
    opt = torch.optim.Adam(model.parameters(), lr=lr)

    def penalty():  # like keras kernel_regularizer=l2(...): part of the reported loss, train and validation
        return l2 * sum((m.weight ** 2).sum() for m in model if isinstance(m, nn.Linear))

    rel = "keras_tensorboard/digits_bottleneck_l2"
    wt = EventFileWriter(str(out / rel / "train"), filename_suffix=".v2")
    wv = EventFileWriter(str(out / rel / "validation"), filename_suffix=".v2")
    tr, va = [], []
    spe = len(Xtr) // bs
    it = minibatches(len(Xtr), bs, gen)
    for epoch in range(epochs):
        tot = 0.0
        for _ in range(spe):
            idx = next(it)
            loss = F.cross_entropy(model(Xtr[idx]), ytr[idx]) + penalty()
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += float(loss)
        with torch.no_grad():
            v = eval_loss(model, F.cross_entropy, Xva, yva) + float(penalty())
        tr.append((epoch, tot / spe))
        va.append((epoch, v))
        wt.add_event(scalar_event("epoch_loss", tot / spe, epoch))
        wt.add_event(scalar_event("epoch_learning_rate", lr, epoch))
        wv.add_event(scalar_event("epoch_loss", v, epoch))
    wt.close()
    wv.close()
    return [Run(rel, "tensorboard:tf2-keras-layout", "underfit",
                f"model too small and over-regularised: 64-4-10 MLP with L2 {l2} on all kernels",
                series(tr), series(va), chance=LN10)]


def lightning_runs(out: Path) -> list[Run]:
    """PyTorch Lightning CSVLogger from real Trainer fits: version_0 overfits (50 training images, big MLP,
    200 epochs), version_1 is stalled (every hidden ReLU dead from a -10 bias init)."""
    import pytorch_lightning as pl
    from pytorch_lightning.callbacks import LearningRateMonitor
    from pytorch_lightning.loggers import CSVLogger
    from torch.utils.data import DataLoader, TensorDataset

    for name in ("pytorch_lightning", "lightning", "lightning.pytorch", "lightning_fabric"):
        logging.getLogger(name).setLevel(logging.ERROR)

    class Net(pl.LightningModule):
        def __init__(self, sizes, lr, dead_bias=None):
            super().__init__()
            self.save_hyperparameters()
            self.net = mlp(sizes)
            if dead_bias is not None:
                with torch.no_grad():
                    for m in list(self.net)[:-1]:
                        if isinstance(m, nn.Linear):
                            m.bias.fill_(dead_bias)

        def training_step(self, batch, _):
            x, y = batch
            loss = F.cross_entropy(self.net(x), y)
            self.log("train_loss", loss, on_step=True, on_epoch=True)
            return loss

        def validation_step(self, batch, _):
            x, y = batch
            self.log("val_loss", F.cross_entropy(self.net(x), y), on_epoch=True)

        def configure_optimizers(self):
            return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)

    def fit(model, train, val, epochs, bs, every):
        logger = CSVLogger(save_dir=str(out), name="lightning_logs")
        trainer = pl.Trainer(max_epochs=epochs, logger=logger, callbacks=[LearningRateMonitor("step")],
                             log_every_n_steps=every, enable_checkpointing=False, enable_progress_bar=False,
                             enable_model_summary=False, accelerator="cpu", devices=1, num_sanity_val_steps=0,
                             default_root_dir=str(out))
        trainer.fit(model, DataLoader(TensorDataset(*train), batch_size=bs, shuffle=True),
                    DataLoader(TensorDataset(*val), batch_size=512))
        return Path(logger.log_dir)

    def read(d: Path):
        df = pd.read_csv(d / "metrics.csv")
        t = df.dropna(subset=["train_loss_step"])
        v = df.dropna(subset=["val_loss"])
        return (t.step.to_numpy(), t.train_loss_step.to_numpy()), (v.step.to_numpy(), v.val_loss.to_numpy())

    runs = []
    pl.seed_everything(6, verbose=False)
    Xtr, ytr, Xva, yva = digits(n_train=50, seed=6)
    d = fit(Net([64, 256, 256, 10], 3e-3), (Xtr, ytr), (Xva, yva), epochs=200, bs=25, every=4)
    tr, va = read(d)
    runs.append(Run(d.relative_to(out).as_posix(), "lightning_csv", "overfit",
                    "too little data for the model: 50 training images (5 per class), 64-256-256-10 MLP, "
                    "Adam 3e-3, no regularisation, 200 epochs", tr, va, chance=LN10))

    pl.seed_everything(7, verbose=False)
    X, y = make_classification(n_samples=1000, n_features=16, n_informative=6, random_state=7)
    X = StandardScaler().fit_transform(X)
    Xtr, Xva, ytr, yva = train_test_split(X, y, test_size=0.25, random_state=7)
    d = fit(Net([16, 64, 64, 2], 1e-3, dead_bias=-10.0), (t32(Xtr), torch.as_tensor(ytr)),
            (t32(Xva), torch.as_tensor(yva)), epochs=25, bs=50, every=3)
    tr, va = read(d)
    runs.append(Run(d.relative_to(out).as_posix(), "lightning_csv", "stalled",
                    "dead ReLUs: hidden biases initialised to -10, no unit ever activates, only the output bias learns",
                    tr, va, chance=LN2))
    return runs


def keras_csv_runs(out: Path) -> list[Run]:
    """Keras CSVLogger(append=True): two fits appended to one training.log - first underfits (3-unit hidden layer,
    heavy L2), the re-run with a sensible model is healthy."""
    import keras

    Xtr, ytr, Xva, yva = (a.numpy() for a in digits(seed=8))
    path = out / "keras_csv" / "training.log"
    path.parent.mkdir(parents=True)
    specs = [
        ("underfit", "model too small and over-regularised: Dense(3) hidden layer, L2 0.02 on all kernels",
         dict(units=3, l2=0.02, lr=1e-2, epochs=25)),
        ("healthy", "none: Dense(64) hidden layer, Adam 1e-3, 30 epochs",
         dict(units=64, l2=0.0, lr=1e-3, epochs=30)),
    ]
    for k, (_, _, s) in enumerate(specs):
        keras.utils.set_random_seed(8 + k)
        reg = keras.regularizers.L2(s["l2"]) if s["l2"] else None
        model = keras.Sequential([
            keras.Input((64,)),
            keras.layers.Dense(s["units"], activation="relu", kernel_regularizer=reg),
            keras.layers.Dense(10, activation="softmax", kernel_regularizer=reg),
        ])
        model.compile(optimizer=keras.optimizers.Adam(s["lr"]), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        model.fit(Xtr, ytr, validation_data=(Xva, yva), epochs=s["epochs"], batch_size=32, verbose=0,
                  callbacks=[keras.callbacks.CSVLogger(str(path), append=True)])
    df = pd.read_csv(path)
    seg = (df.epoch == 0).cumsum()  # appended runs: the epoch counter restarts
    runs = []
    for k, (verdict, cause, _) in enumerate(specs):
        part = df[seg == k + 1]
        runs.append(Run(f"keras_csv/training.log#{k + 1}", "keras_csv", verdict, cause,
                        (part.epoch.to_numpy(), part.loss.to_numpy()),
                        (part.epoch.to_numpy(), part.val_loss.to_numpy()), chance=LN10))
    return runs


def hf_trainer_state_nan(out: Path) -> list[Run]:
    """HuggingFace trainer_state.json (TrainerState.save_to_json) filled by a real torch loop that mimics HF Trainer
    logging: a hand-written cross-entropy sum(onehot * log(softmax)) gives 0 * log(0) = NaN once softmax underflows."""
    from transformers import TrainerState
    from transformers.trainer_utils import speed_metrics

    gen = seed_all(9)
    Xtr, ytr, Xva, yva = digits(seed=9)
    model = mlp([64, 128, 128, 10])

    def custom_ce(logits, y):
        return -(F.one_hot(y, 10) * torch.log(torch.softmax(logits, -1))).sum(-1).mean()

    lr, bs, max_steps, warmup = 2e-2, 32, 600, 60
    logging_steps, eval_steps, save_steps = 10, 50, 250
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, s / warmup))  # HF "constant_with_warmup"
    spe = len(Xtr) // bs
    out_dir = out / "hf_output" / "digits_custom_ce"
    state = TrainerState(max_steps=max_steps, logging_steps=logging_steps, eval_steps=eval_steps,
                         save_steps=save_steps, train_batch_size=bs, num_train_epochs=math.ceil(max_steps / spe))
    it = minibatches(len(Xtr), bs, gen)
    start, tr_loss, total_loss = time.time(), 0.0, 0.0
    for step in range(1, max_steps + 1):
        idx = next(it)
        loss = custom_ce(model(Xtr[idx]), ytr[idx])
        opt.zero_grad()
        loss.backward()
        grad_norm = float(torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0))  # HF default max_grad_norm
        opt.step()
        sched.step()
        tr_loss += float(loss)
        state.global_step, state.epoch = step, step / spe
        if step % logging_steps == 0:  # same keys and averaging as Trainer._maybe_log_save_evaluate
            state.log_history.append({"loss": tr_loss / logging_steps, "grad_norm": grad_norm,
                                      "learning_rate": sched.get_last_lr()[0], "epoch": state.epoch, "step": step})
            total_loss += tr_loss
            tr_loss = 0.0
        if step % eval_steps == 0:
            t0 = time.time()
            with torch.no_grad():
                model.eval()
                logits = model(Xva)
                model.train()
            metrics = {"eval_loss": float(custom_ce(logits, yva)),
                       "eval_accuracy": float((logits.argmax(-1) == yva).float().mean())}
            metrics.update(speed_metrics("eval", t0, num_samples=len(Xva), num_steps=math.ceil(len(Xva) / bs)))
            state.log_history.append({**metrics, "epoch": state.epoch, "step": step})
        if step % save_steps == 0:
            ck = out_dir / f"checkpoint-{step}"
            ck.mkdir(parents=True)
            state.save_to_json(str(ck / "trainer_state.json"))
    summary = speed_metrics("train", start, num_samples=max_steps * bs, num_steps=max_steps)
    # HF's estimate for plain torch modules: 6 * parameters * samples seen
    state.total_flos = float(6 * sum(p.numel() for p in model.parameters()) * max_steps * bs)
    summary.update(total_flos=state.total_flos, train_loss=total_loss / max_steps)
    state.log_history.append({**summary, "epoch": state.epoch, "step": max_steps})
    state.save_to_json(str(out_dir / "trainer_state.json"))
    h = state.log_history
    tr = series([(e["step"], e["loss"]) for e in h if "loss" in e])
    va = series([(e["step"], e["eval_loss"]) for e in h if "eval_loss" in e])
    return [Run(out_dir.relative_to(out).as_posix(), "hf_trainer_state", "nan",
                "log(0) in a custom loss: hand-written CE sum(onehot*log(softmax)) -> 0*log(0) once softmax "
                "underflows (AdamW lr 2e-2, constant after warm-up)", tr, va, chance=LN10)]


class _SeededUUID:
    """Deterministic uuid4 for mlflow's experiment and run ids, so sample paths are the same on every generation."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def __call__(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)


def mlflow_runs(out: Path) -> list[Run]:
    """MLflow file store: an overfitting run (60 training samples, big MLP, no regularisation) and its fix
    (6000 samples, smaller MLP with dropout and weight decay), in one named experiment."""
    import mlflow

    logging.getLogger("mlflow").setLevel(logging.ERROR)
    X, y = make_classification(n_samples=6600, n_features=40, n_informative=8, n_redundant=4, flip_y=0.02,
                               class_sep=1.2, random_state=10)
    X = StandardScaler().fit_transform(X)
    Xpool, Xva, ypool, yva = train_test_split(X, y, test_size=600, random_state=10)
    Xva, yva = t32(Xva), torch.as_tensor(yva)
    specs = [
        ("overfit-60-samples", "overfit", 60, [40, 256, 256, 2], 0.0, 0.0, 150,
         "too little data for the model: 60 training samples, 40-256-256-2 MLP, no regularisation, 150 epochs"),
        ("fixed-6000-samples", "healthy", 6000, [40, 64, 64, 2], 0.2, 1e-2, 25,
         "none: 6000 training samples, 40-64-64-2 MLP, dropout 0.2, AdamW weight decay 1e-2, 25 epochs"),
    ]
    real_uuid4 = uuid.uuid4
    uuid.uuid4 = _SeededUUID(10)
    runs = []
    try:
        mlflow.set_tracking_uri((out / "mlruns").resolve().as_uri())
        exp_id = mlflow.set_experiment("loganalyzer-samples").experiment_id
        for name, verdict, n, sizes, drop, wd, epochs, cause in specs:
            gen = seed_all(11)
            Xtr, ytr = t32(Xpool[:n]), torch.as_tensor(ypool[:n])
            layers = []
            for i in range(len(sizes) - 1):
                layers.append(nn.Linear(sizes[i], sizes[i + 1]))
                if i < len(sizes) - 2:
                    layers += [nn.ReLU()] + ([nn.Dropout(drop)] if drop else [])
            model = nn.Sequential(*layers)
            opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=wd)
            bs = min(64, n)
            spe = n // bs
            it = minibatches(n, bs, gen)
            tr, va = [], []
            with mlflow.start_run(run_name=name) as r:
                mlflow.log_params({"n_train": n, "hidden": sizes[1:-1], "dropout": drop, "weight_decay": wd,
                                   "epochs": epochs, "lr": 1e-3})
                for epoch in range(1, epochs + 1):
                    tot = 0.0
                    for _ in range(spe):
                        idx = next(it)
                        loss = F.cross_entropy(model(Xtr[idx]), ytr[idx])
                        opt.zero_grad()
                        loss.backward()
                        opt.step()
                        tot += float(loss)
                    v = eval_loss(model, F.cross_entropy, Xva, yva)
                    tr.append((epoch, tot / spe))
                    va.append((epoch, v))
                    mlflow.log_metrics({"train/loss": tot / spe, "val/loss": v,
                                        "lr": opt.param_groups[0]["lr"]}, step=epoch)
                run_id = r.info.run_id
            runs.append(Run(f"mlruns/{exp_id}/{run_id}#{name}", "mlflow", verdict, cause, series(tr), series(va),
                            chance=LN2))
    finally:
        uuid.uuid4 = real_uuid4
    return runs


def plain_csv_runs(out: Path) -> list[Run]:
    """Plain CSV written with pandas: a GRU forecasting noisy sine waves. The baseline is healthy; the copy with an
    LR far too high for an RNN (SGD warm-up to 3.0) diverges, and gradient clipping keeps the loss finite."""

    def make(n, gen):
        t = torch.arange(31, dtype=torch.float32)
        freq = 0.1 + 0.4 * torch.rand(n, 1, generator=gen)
        phase = 6.28 * torch.rand(n, 1, generator=gen)
        s = torch.sin(freq * t + phase) + 0.1 * torch.randn(n, 31, generator=gen)
        return s[:, :30, None], s[:, 30:]

    class GRUReg(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(1, 32, batch_first=True)
            self.head = nn.Linear(32, 1)

        def forward(self, x):
            return self.head(self.gru(x)[0][:, -1])

    runs = []
    specs = [("gru_sine_baseline.csv", "healthy", "adam", 5e-3, "none: GRU(32), Adam 5e-3 halved every 250 steps"),
             ("gru_sine_sgd_lr3.csv", "diverged", "sgd", 3.0,
              "LR too high: SGD momentum 0.9, linear warm-up to 3.0 over 200 steps (grad-norm clipping at 1 keeps it "
              "finite)")]
    (out / "csv").mkdir()
    for fname, verdict, kind, lr, cause in specs:
        gen = seed_all(11)
        Xtr, ytr = make(2000, gen)
        Xva, yva = make(500, gen)
        model = GRUReg()
        if kind == "adam":
            opt = torch.optim.Adam(model.parameters(), lr=lr)
            sched = torch.optim.lr_scheduler.StepLR(opt, step_size=250, gamma=0.5)
        else:
            opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
            sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, 0.01 + s / 200))
        it = minibatches(len(Xtr), 32, gen)
        rows, tot, cnt = [], 0.0, 0
        for step in range(1, 601):
            idx = next(it)
            loss = F.mse_loss(model(Xtr[idx]), ytr[idx])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            tot, cnt = tot + float(loss), cnt + 1
            if step % 20 == 0:  # mean training loss over the interval, like most hand-written loops
                rows.append({"step": step, "train_loss": tot / cnt, "val_loss": eval_loss(model, F.mse_loss, Xva, yva),
                             "lr": opt.param_groups[0]["lr"]})
                tot, cnt = 0.0, 0
            sched.step()
        df = pd.DataFrame(rows, columns=["step", "train_loss", "val_loss", "lr"])
        df.to_csv(out / "csv" / fname, index=False)
        runs.append(Run(f"csv/{fname}", "csv", verdict, cause, (df.step.to_numpy(), df.train_loss.to_numpy()),
                        (df.step.to_numpy(), df.val_loss.to_numpy())))
    return runs


GENERATORS = [tb_torch_nan, tb_torch_new_style_healthy, tb_torch_add_scalars_stalled, tensorboardx_diverged,
              tf2_keras_layout_underfit, lightning_runs, keras_csv_runs, hf_trainer_state_nan, mlflow_runs,
              plain_csv_runs]


# ----------------------------------------------------------------------------------------------------------------
# label checks: each returns (ok, reason); thresholds are deliberately loose but the curves must show the verdict


def _k(v):
    return max(1, len(v) // 10)


def _head(v):
    return float(np.mean(v[: _k(v)]))


def _tail(v):
    return float(np.mean(v[-_k(v):]))


def _smooth(v):
    k = _k(v)
    return np.convolve(v, np.ones(k) / k, mode="valid") if len(v) >= k else v


def g(x):
    return f"{x:.3g}"


def check_nan(r: Run):
    for name, ser in (("train", r.train), ("val", r.val)):
        if ser is None:
            continue
        s, v = ser
        bad = np.flatnonzero(~np.isfinite(v))
        if len(bad):
            i = bad[0]
            before = v[:i]
            kind = "NaN" if np.isnan(v[i]) else "Inf"
            if i == len(v) - 1:
                return False, f"{name} loss only turns non-finite at the last point"
            fin = f"from {g(before[0])} (min {g(before.min())}, last {g(before[-1])})" if len(before) else "never finite"
            after = v[i + 1:]
            return True, (f"{name} loss finite {fin}, first {kind} at step {s[i]}; "
                          f"{int((~np.isfinite(after)).sum())} of the {len(after)} points logged after it "
                          f"(to step {s[-1]}) are non-finite")
    return False, "no NaN/Inf in any loss"


def _finite(r):
    for ser in (r.train, r.val):
        if ser is not None and not np.all(np.isfinite(ser[1])):
            return False
    return True


def check_diverged(r: Run):
    if not _finite(r):
        return False, "loss not finite (that is nan, not diverged)"
    s, v = r.train
    start, end, best = _head(v), _tail(v), float(_smooth(v).min())
    tail_min = float(v[-max(1, len(v) // 4):].min())
    ok = end >= 3 * start and tail_min >= 1.5 * start
    return ok, (f"train loss {g(start)} at start, best {g(best)}, then climbs to {g(end)} at the end "
                f"({end / start:.0f}x start), last quarter never below {g(tail_min)}; all values finite")


def check_stalled(r: Run):
    if not _finite(r):
        return False, "loss not finite"
    s, v = r.train
    start, end = _head(v), _tail(v)
    sm = _smooth(v)
    dev = float(np.max(np.abs(sm - start)) / start)
    ok = abs(end - start) / start <= 0.05 and dev <= 0.1
    ch = f" (ln k = {g(r.chance)})" if r.chance else ""
    return ok, (f"train loss {g(start)}{ch} at start, {g(end)} at the end over {s[-1]} steps "
                f"({100 * (end - start) / start:+.1f}%), smoothed curve never more than {100 * dev:.1f}% from start")


def check_underfit(r: Run):
    if not _finite(r):
        return False, "loss not finite"
    s, v = r.train
    vs, vv = r.val
    start, end = _head(v), _tail(v)
    mid = float(np.mean(v[len(v) // 2 - _k(v): len(v) // 2]))  # plateau reached by half-way
    vend = _tail(vv)
    ok = (0.2 * start <= end <= 0.95 * start and abs(mid - end) / end <= 0.08
          and abs(vend - end) / end <= 0.15 and (r.chance is None or end >= 0.25 * r.chance))
    return ok, (f"train loss {g(start)} -> {g(end)} ({100 * end / start:.0f}% of start; ln k = {g(r.chance)}), "
                f"already {g(mid)} half-way, val {g(vend)} at the end (train/val gap {100 * abs(vend - end) / end:.0f}%)")


def check_overfit(r: Run):
    if not _finite(r):
        return False, "loss not finite"
    s, v = r.train
    vs, vv = r.val
    i = int(np.argmin(vv))
    vmin, vend = float(vv[i]), _tail(vv)
    t_at = float(np.mean(v[(s <= vs[i])][-_k(v):]))
    tend = _tail(v)
    ok = i < 0.8 * len(vv) and vend >= 1.2 * vmin and tend < 0.5 * t_at and tend < 0.1 * _head(v)
    return ok, (f"val loss min {g(vmin)} at step {vs[i]} of {vs[-1]}, then rises to {g(vend)} ({vend / vmin:.1f}x); "
                f"train loss keeps falling: {g(t_at)} around the val minimum, {g(tend)} at the end")


def check_healthy(r: Run):
    if not _finite(r):
        return False, "loss not finite"
    s, v = r.train
    vs, vv = r.val
    start, end = _head(v), _tail(v)
    vstart, vend, vmin = _head(vv), _tail(vv), float(vv.min())
    # level off: the last 20% of the (smoothed) curve moves little compared with the total drop
    sm = _smooth(v)
    n5 = max(1, len(sm) // 5)
    late = float(sm[-n5] - sm[-1])
    ok = (end <= 0.5 * start and vend <= 0.5 * vstart and vend <= 1.1 * vmin
          and abs(late) <= 0.15 * (start - end))
    return ok, (f"train loss {g(start)} -> {g(end)}, val {g(vstart)} -> {g(vend)} (min {g(vmin)}, no rise); "
                f"last 20% of training moves the loss by {g(late)} ({100 * abs(late) / (start - end):.0f}% of the total drop)")


CHECKS = {"nan": check_nan, "diverged": check_diverged, "stalled": check_stalled, "underfit": check_underfit,
          "overfit": check_overfit, "healthy": check_healthy}


# ----------------------------------------------------------------------------------------------------------------


def prepare(out: Path) -> None:
    """Wipe and recreate OUT_DIR, but only if it is empty or was made by this script (never anything else)."""
    if out.exists():
        if not out.is_dir():
            sys.exit(f"make_sample_logs: {out} exists and is not a directory; not touching it")
        if any(out.iterdir()) and not (out / MARKER).exists() and not (out / "LABELS.tsv").exists():
            sys.exit(f"make_sample_logs: {out} is not empty and was not made by this script; not wiping it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("generated by scripts/make_sample_logs.py; the directory is wiped on regeneration\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", nargs="?", default="sample_logs")
    ap.add_argument("--only", help="comma-separated generator names (development: no LABELS.tsv is written)")
    args = ap.parse_args(argv)
    gens = [f for f in GENERATORS if not args.only or f.__name__ in args.only.split(",")]
    out = Path(args.out_dir).resolve()
    prepare(out)
    warnings.filterwarnings("ignore")  # library chatter (num_workers hints, deprecations) is not the point here
    torch.set_num_threads(1)  # same float results whatever the machine's core count
    t0 = time.time()
    runs: list[Run] = []
    for gen_fn in gens:
        t = time.time()
        runs.extend(gen_fn(out))
        print(f"{gen_fn.__name__:32s} {time.time() - t:6.1f}s", file=sys.stderr)
    failed = []
    for r in runs:
        ok, r.reason = CHECKS[r.verdict](r)
        print(f"{'ok  ' if ok else 'FAIL'} {r.verdict:8s} {r.path}: {r.reason}", file=sys.stderr)
        if not (out / r.path.split("#")[0]).exists():
            ok, r.reason = False, f"path {r.path} was not written"
        if not ok:
            failed.append(r)
    if failed:
        for r in failed:
            print(f"make_sample_logs: run {r.path} does not show '{r.verdict}': {r.reason}", file=sys.stderr)
        return 1
    if args.only:
        return 0
    with open(out / "LABELS.tsv", "w", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["run", "format", "verdict", "cause", "reason"])
        for r in runs:
            w.writerow([r.path, r.fmt, r.verdict, r.cause, r.reason])
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"wrote {len(runs)} runs to {out} ({size / 1e6:.2f} MB) in {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
