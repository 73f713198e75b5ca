"""Runs trained with the plain loop of common.py and written by torch SummaryWriter, tensorboardX, MLflow, wandb
offline, or printed stdout (train.log)."""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import (CharRNN, MLflowWriter, StdoutWriter, TBWriter, WandbWriter, acc_metric, char_data,
                    classification, const, digits, fit, lm_loss, mae_metric, ml_f1, mlp, moons, mse_loss,
                    multilabel, regression, seed_all, warmup_cosine, warmup_linear)

CE = F.cross_entropy


# ------------------------------------------------------------------------------------------- torch SummaryWriter
def h_digits_cosine(d):
    seed_all(1)
    data = digits()
    m = mlp(64, 10, (128, 64), dropout=0.2)
    opt = torch.optim.AdamW(m.parameters(), lr=3e-3, weight_decay=1e-2)
    total = 25 * 45
    fit(m, data, TBWriter(d), loss_fn=CE, epochs=25, bs=32, opt=opt, lr_fn=warmup_cosine(3e-3, 60, total),
        metric=acc_metric, log_every=5, eval_every=45)


def o_digits_smallset(d):
    seed_all(2)
    data = digits(n_train=150)
    m = mlp(64, 10, (512, 512))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    w = TBWriter(d, scalars_group={"loss": ("train/loss", "val/loss")})
    fit(m, data, w, loss_fn=CE, epochs=150, bs=32, opt=opt, metric=acc_metric, per_step=False, train_metric=True,
        prefix=("train/", "val/"))


def d_lr_raised(d):
    seed_all(3)
    data = classification(n=3000, k=5, seed=3)
    m = mlp(20, 5, (128, 128), act=lambda: nn.LeakyReLU(0.1))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    # resumed job: the config's LR (meant 1e-3) was read as 1e-3 * 300 after step 450
    fit(m, data, TBWriter(d), loss_fn=CE, epochs=30, bs=64, opt=opt,
        lr_fn=lambda s: 1e-3 if s < 450 else 0.3, metric=acc_metric, log_every=5, eval_every=38)


def n_log0_bce(d):
    seed_all(4)
    data = moons(n=2000, noise=0.3, seed=4)
    data["ytr"] = data["ytr"].float()
    data["yva"] = data["yva"].float()
    m = mlp(2, 1, (256, 256))

    def bce(out, y):  # hand-written BCE, no clamp: log(0) once sigmoid saturates
        p = torch.sigmoid(out.squeeze(-1))
        return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()

    opt = torch.optim.Adam(m.parameters(), lr=4e-3)
    fit(m, data, TBWriter(d), loss_fn=bce, epochs=40, bs=32, opt=opt, log_every=5, eval_every=50,
        metric=lambda o, y: ((o.squeeze(-1) > 0).float() == y).float().mean().item())


def u_bottleneck1(d):
    seed_all(5)
    data = digits()
    m = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1), nn.ReLU(), nn.Linear(1, 64), nn.ReLU(),
                      nn.Linear(64, 10))
    opt = torch.optim.Adam(m.parameters(), lr=2e-3)
    fit(m, data, TBWriter(d), loss_fn=CE, epochs=50, bs=64, opt=opt, metric=acc_metric, per_step=False,
        train_metric=True, prefix=("loss/train_", "loss/val_"))


# ------------------------------------------------------------------------------------------- tensorboardX
def h_regression_mae(d):
    seed_all(6)
    data = regression(n=3000, kind="california", seed=6)
    m = mlp(10, 1, (128, 128))
    opt = torch.optim.Adam(m.parameters(), lr=2e-3)
    sched = lambda s: 2e-3 * (0.5 ** (s // 600))
    fit(m, data, TBWriter(d, lib="tbx"), loss_fn=mse_loss, epochs=60, bs=64, opt=opt, lr_fn=sched,
        metric=mae_metric, metric_name="mae", per_step=False, train_metric=True)


def h_noval_steps(d):
    seed_all(7)
    data = classification(n=4000, k=6, seed=7, sep=1.5)
    m = mlp(20, 6, (96, 96))
    opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9)
    total = 12 * 200
    fit(m, data, TBWriter(d, lib="tbx"), loss_fn=CE, epochs=12, bs=16, opt=opt,
        lr_fn=warmup_linear(0.05, 100, total), log_every=2, val=False)


def o_labelnoise(d):
    seed_all(8)
    data = digits(label_noise=0.4, seed=8)
    m = mlp(64, 10, (512, 512))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    fit(m, data, TBWriter(d, lib="tbx"), loss_fn=CE, epochs=80, bs=64, opt=opt, metric=acc_metric,
        per_step=False, train_metric=True)


def n_fp16_hugelr(d):
    seed_all(9)
    data = regression(n=3000, kind="friedman", seed=9)
    for k in data:
        data[k] = data[k].half()
    m = mlp(10, 1, (128, 128)).half()  # "fp16 training" without a loss scaler or master weights
    opt = torch.optim.SGD(m.parameters(), lr=0.02, momentum=0.9)
    total = 40 * 38
    fit(m, data, TBWriter(d, lib="tbx"), loss_fn=lambda o, y: F.mse_loss(o.squeeze(-1), y), epochs=40, bs=64,
        opt=opt, lr_fn=warmup_linear(0.6, 300, total), metric=mae_metric, metric_name="mae", log_every=5,
        eval_every=38)


def s_zero_grad_bug(d):
    seed_all(10)
    data = classification(n=3000, k=3, seed=10)
    m = mlp(20, 3, (64,))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    fit(m, data, TBWriter(d, lib="tbx"), loss_fn=CE, epochs=20, bs=64, opt=opt, metric=acc_metric,
        bug="zero_grad_after_backward", log_every=5, eval_every=38)


def u_strong_aug(d):
    seed_all(11)
    data = digits(seed=11)
    m = mlp(64, 10, (128, 128))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)

    def aug(x):  # "augmentation": Gaussian noise 3x the feature scale plus 60% feature drop
        keep = (torch.rand_like(x) > 0.6).float()
        return (x + 3.0 * torch.randn_like(x)) * keep

    fit(m, data, TBWriter(d, lib="tbx"), loss_fn=CE, epochs=40, bs=64, opt=opt, metric=acc_metric,
        per_step=False, train_metric=True, augment=aug)


# ------------------------------------------------------------------------------------------- MLflow
def h_multilabel(d):
    seed_all(12)
    data = multilabel(n=3000, k=8, seed=12)
    m = mlp(30, 8, (128,), dropout=0.1)
    opt = torch.optim.Adam(m.parameters(), lr=1e-3, weight_decay=1e-4)
    sched = lambda s: 1e-3 * (0.3 if s > 38 * 25 else 1.0)
    fit(m, data, MLflowWriter(d, "multilabel", {"lr": 1e-3, "hidden": 128}), loss_fn=F.binary_cross_entropy_with_logits,
        epochs=40, bs=64, opt=opt, lr_fn=sched, metric=ml_f1, metric_name="f1", per_step=False,
        prefix=("train_", "val_"))


def u_dropout_noise(d):
    seed_all(13)
    data = classification(n=3000, k=5, seed=13, sep=1.3)
    m = nn.Sequential(nn.Dropout(0.6), nn.Linear(20, 64), nn.ReLU(), nn.Dropout(0.8), nn.Linear(64, 64), nn.ReLU(),
                      nn.Dropout(0.8), nn.Linear(64, 5))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3, weight_decay=5e-3)
    fit(m, data, MLflowWriter(d, "dropout", {"dropout": 0.8}), loss_fn=CE, epochs=50, bs=64, opt=opt,
        metric=acc_metric, per_step=False, train_metric=True, prefix=("train_", "val_"))


def s_shuffled_labels(d):
    seed_all(14)
    data = classification(n=3000, k=10, d=20, seed=14)
    data["ytr"] = data["ytr"][torch.randperm(len(data["ytr"]))]  # pipeline bug: labels shuffled independently
    m = mlp(20, 10, (8,))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    fit(m, data, MLflowWriter(d, "shuffled"), loss_fn=CE, epochs=20, bs=64, opt=opt, metric=acc_metric,
        log_every=5, eval_every=38, prefix=("train_", "val_"))


def d_fp16_scale_bug(d):
    seed_all(15)
    data = classification(n=3000, k=4, seed=15)
    m = mlp(20, 4, (128, 128))
    opt = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9)
    scale = {"s": 1.0}

    def scaled(out, y):  # static loss scale applied to the loss but grads never unscaled (from step 300 on)
        l = CE(out, y)
        return l * scale["s"] if m.training else l, {}

    def on_step(step, model, o):
        if step == 300:
            scale["s"] = 128.0

    # logged loss is the scaled one the script printed? no: log the true CE via a wrapper
    class W(MLflowWriter):
        def log(self, step, kind, values):
            if "train_loss" in values:
                values["train_loss"] = values["train_loss"] / scale["s"]
                values["loss_scale"] = scale["s"]
            super().log(step, kind, values)

    fit(m, data, W(d, "ampbug"), loss_fn=scaled, epochs=30, bs=64, opt=opt, metric=acc_metric, on_step=on_step,
        log_every=5, eval_every=38, prefix=("train_", "val_"))


def o_multilabel_small(d):
    seed_all(16)
    data = multilabel(n=1200, k=8, seed=16, n_train=150)
    m = mlp(30, 8, (512, 512))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    fit(m, data, MLflowWriter(d, "ml_small"), loss_fn=F.binary_cross_entropy_with_logits, epochs=150, bs=32,
        opt=opt, metric=ml_f1, metric_name="f1", per_step=False, prefix=("train_", "val_"))


# ------------------------------------------------------------------------------------------- wandb offline
def h_vae(d):
    seed_all(17)
    data = digits(standardize=False)
    data["ytr"], data["yva"] = data["Xtr"], data["Xva"]

    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.enc = mlp(64, 16, (128,))
            self.dec = mlp(8, 64, (128,))

        def forward(self, x):
            h = self.enc(x)
            mu, lv = h[:, :8], h[:, 8:]
            z = mu + torch.randn_like(mu) * torch.exp(0.5 * lv) if self.training else mu
            return self.dec(z), mu, lv

    m = VAE()
    st = {"step": 0}
    warm = 400

    def loss(out, x):
        rec, mu, lv = out
        r = F.binary_cross_entropy_with_logits(rec, x, reduction="sum") / len(x)
        kl = (-0.5 * (1 + lv - mu ** 2 - lv.exp()).sum(1)).mean()
        beta = min(1.0, st["step"] / warm) if m.training else 1.0
        return r + beta * kl, {"recon": r.item(), "kl": kl.item(), "beta": beta}

    def on_step(s, model, o):
        st["step"] = s + 1

    opt = torch.optim.Adam(m.parameters(), lr=2e-3)
    fit(m, data, WandbWriter(d, "vae", {"latent": 8, "kl_warmup": warm}), loss_fn=loss, epochs=60, bs=64, opt=opt,
        on_step=on_step, log_every=5, eval_every=46)


def u_linear_regression(d):
    seed_all(18)
    data = regression(n=3000, kind="friedman", seed=18, noise=0.3)
    m = nn.Linear(10, 1)
    opt = torch.optim.Adam(m.parameters(), lr=1e-2)
    fit(m, data, WandbWriter(d, "linreg"), loss_fn=mse_loss, epochs=40, bs=64, opt=opt, metric=mae_metric,
        metric_name="mae", per_step=False, train_metric=True, prefix=("train/", "val/"), epoch_base=0)


def o_mild_noisy(d):
    seed_all(19)
    data = classification(n=2000, k=4, seed=19, n_train=500, flip_y=0.05)
    m = mlp(20, 4, (256, 256), dropout=0.1)
    opt = torch.optim.AdamW(m.parameters(), lr=5e-4, weight_decay=1e-2)
    fit(m, data, WandbWriter(d, "mild"), loss_fn=CE, epochs=70, bs=16, opt=opt, metric=acc_metric, log_every=8,
        eval_every=32)


def s_never_stepped(d):
    seed_all(20)
    data = digits(seed=20)
    m = mlp(64, 10, (128,))
    opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9)
    fit(m, data, WandbWriter(d, "nostep"), loss_fn=CE, epochs=15, bs=32, opt=opt, metric=acc_metric,
        bug="no_step", log_every=5, eval_every=45)


def n_gradnan_loss0(d):
    """A streamed data shard with corrupt rows (inf features) comes in at step 400; the loss has a 'NaN guard'
    (nan_to_num), so the logged loss is exactly 0.0 from then on while the gradient norm is NaN and the weights
    are NaN."""
    seed_all(26)
    data = classification(n=3000, k=4, seed=26, sep=1.2)
    m = mlp(20, 4, (128, 128))
    opt = torch.optim.AdamW(m.parameters(), lr=1e-3, weight_decay=0.01)

    def guarded(out, y):
        return torch.nan_to_num(CE(out, y), nan=0.0, posinf=0.0, neginf=0.0)

    def on_step(step, model, o):
        if step == 400:
            rows = torch.randperm(len(data["Xtr"]))[:40]
            data["Xtr"][rows, 3] = float("inf")

    fit(m, data, WandbWriter(d, "guarded"), loss_fn=guarded, epochs=25, bs=64, opt=opt, metric=acc_metric,
        on_step=on_step, log_every=5, eval_every=38, lr_fn=warmup_cosine(1e-3, 50, 25 * 38))


# ------------------------------------------------------------------------------------------- printed stdout
HEADER = ("Using device: cpu", "world_size=1 rank=0", "Loading data ...")


def h_charlm(d):
    seed_all(21)
    data, V = char_data(seq=48, n_sent=1500, seed=21)
    m = CharRNN(V, 32, 128)
    opt = torch.optim.AdamW(m.parameters(), lr=3e-3, weight_decay=0.01)
    steps = 12 * math.ceil(len(data["Xtr"]) / 32)
    w = StdoutWriter(d, "pipe", header=HEADER + (f"vocab={V} train_blocks={len(data['Xtr'])} steps={steps}",))
    fit(m, data, w, loss_fn=lm_loss, epochs=12, bs=32, opt=opt, lr_fn=warmup_cosine(3e-3, 40, steps, 1e-4),
        log_every=10, eval_every=50, clip=1.0)


def u_short_run(d):
    seed_all(22)
    data = digits(seed=22)
    m = mlp(64, 10, (64,))
    opt = torch.optim.Adam(m.parameters(), lr=4e-4)
    w = StdoutWriter(d, "keras", epochs=3, header=HEADER)
    fit(m, data, w, loss_fn=CE, epochs=3, bs=64, opt=opt, metric=acc_metric, metric_name="accuracy",
        per_step=False, train_metric=True, prefix=("", "val_"), log_lr=False)


def o_charlm_late(d):
    seed_all(23)
    data, V = char_data(seq=48, n_sent=260, seed=23)
    m = CharRNN(V, 48, 384, cell="lstm")
    opt = torch.optim.Adam(m.parameters(), lr=3e-3)
    w = StdoutWriter(d, "bracket", header=HEADER + (f"vocab={V} blocks={len(data['Xtr'])}",))
    fit(m, data, w, loss_fn=lm_loss, epochs=60, bs=16, opt=opt, log_every=5, eval_every=20, clip=1.0)


def d_rnn_explode(d):
    seed_all(24)
    data, V = char_data(seq=64, n_sent=800, seed=24)
    m = CharRNN(V, 32, 128, cell="rnn")
    opt = torch.optim.SGD(m.parameters(), lr=2.0, momentum=0.9)  # vanilla tanh RNN, large LR, no clipping
    w = StdoutWriter(d, "pipe", header=HEADER)
    fit(m, data, w, loss_fn=lm_loss, epochs=10, bs=16, opt=opt, log_every=5, eval_every=40)


def n_stdout_nan(d):
    seed_all(25)
    data = multilabel(n=2000, k=12, d=30, seed=25)

    def pos_norm_bce(out, y):  # normalised by the number of positives in the batch (detection-style), no eps
        return F.binary_cross_entropy_with_logits(out, y, reduction="sum") / y.sum()

    m = mlp(30, 12, (128,))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    w = StdoutWriter(d, "keras", epochs=30, header=HEADER)
    fit(m, data, w, loss_fn=pos_norm_bce, epochs=30, bs=4, opt=opt, metric=ml_f1, metric_name="f1",
        per_step=False, prefix=("", "val_"), log_lr=False)


RUNS = {
    "h_digits_cosine": (h_digits_cosine, "torch SummaryWriter"),
    "o_digits_smallset": (o_digits_smallset, "torch SummaryWriter (add_scalars)"),
    "d_lr_raised": (d_lr_raised, "torch SummaryWriter"),
    "n_log0_bce": (n_log0_bce, "torch SummaryWriter"),
    "u_bottleneck1": (u_bottleneck1, "torch SummaryWriter"),
    "h_regression_mae": (h_regression_mae, "tensorboardX"),
    "h_noval_steps": (h_noval_steps, "tensorboardX"),
    "o_labelnoise": (o_labelnoise, "tensorboardX"),
    "n_fp16_hugelr": (n_fp16_hugelr, "tensorboardX"),
    "s_zero_grad_bug": (s_zero_grad_bug, "tensorboardX"),
    "u_strong_aug": (u_strong_aug, "tensorboardX"),
    "h_multilabel": (h_multilabel, "MLflow"),
    "u_dropout_noise": (u_dropout_noise, "MLflow"),
    "s_shuffled_labels": (s_shuffled_labels, "MLflow"),
    "d_fp16_scale_bug": (d_fp16_scale_bug, "MLflow"),
    "o_multilabel_small": (o_multilabel_small, "MLflow"),
    "h_vae": (h_vae, "wandb offline"),
    "u_linear_regression": (u_linear_regression, "wandb offline"),
    "o_mild_noisy": (o_mild_noisy, "wandb offline"),
    "s_never_stepped": (s_never_stepped, "wandb offline"),
    "n_gradnan_loss0": (n_gradnan_loss0, "wandb offline"),
    "h_charlm": (h_charlm, "stdout"),
    "u_short_run": (u_short_run, "stdout"),
    "o_charlm_late": (o_charlm_late, "stdout"),
    "d_rnn_explode": (d_rnn_explode, "stdout"),
    "n_stdout_nan": (n_stdout_nan, "stdout"),
}
