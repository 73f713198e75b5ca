"""Shared pieces for the gen2 generator: data sets, small models, a plain torch training loop, and adapters that
send the loop's numbers through the real writers (torch SummaryWriter, tensorboardX, MLflow, wandb offline, printed
stdout).  Nothing here edits logged numbers: every value is what the optimisation produced."""
from __future__ import annotations

import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.abspath(__file__))
RUNS = os.path.join(ROOT, "runs")


def seed_all(s):
    random.seed(s)
    np.random.seed(s)
    torch.manual_seed(s)


# ----------------------------------------------------------------------------------------------------- data sets
def _std(Xtr, Xva):
    mu, sd = Xtr.mean(0), Xtr.std(0)
    sd = np.where(sd < 1e-3, 1.0, sd)
    return (Xtr - mu) / sd, (Xva - mu) / sd


def split(X, y, n_val, seed=0, n_train=None):
    rng = np.random.RandomState(seed)
    idx = rng.permutation(len(X))
    va, tr = idx[:n_val], idx[n_val:]
    if n_train is not None:
        tr = tr[:n_train]
    return X[tr], y[tr], X[va], y[va]


def to_t(Xtr, ytr, Xva, yva, ydtype=torch.long):
    f = lambda a: torch.tensor(np.asarray(a), dtype=torch.float32)
    g = lambda a: torch.tensor(np.asarray(a), dtype=ydtype)
    return dict(Xtr=f(Xtr), ytr=g(ytr), Xva=f(Xva), yva=g(yva))


def digits(n_train=None, seed=0, label_noise=0.0, standardize=True):
    from sklearn.datasets import load_digits
    d = load_digits()
    X, y = d.data.astype(np.float32), d.target.copy()
    Xtr, ytr, Xva, yva = split(X, y, 360, seed, n_train)
    if label_noise:
        rng = np.random.RandomState(seed + 1)
        flip = rng.rand(len(ytr)) < label_noise
        ytr = ytr.copy()
        ytr[flip] = rng.randint(0, 10, flip.sum())
    if standardize:
        Xtr, Xva = _std(Xtr, Xva)
    else:
        Xtr, Xva = Xtr / 16.0, Xva / 16.0
    return to_t(Xtr, ytr, Xva, yva)


def classification(n=3000, k=4, d=20, informative=8, seed=0, n_train=None, sep=1.0, flip_y=0.01):
    from sklearn.datasets import make_classification
    X, y = make_classification(n_samples=n, n_features=d, n_informative=informative, n_redundant=2, n_classes=k,
                               n_clusters_per_class=2, class_sep=sep, flip_y=flip_y, random_state=seed)
    Xtr, ytr, Xva, yva = split(X.astype(np.float32), y, n // 5, seed, n_train)
    Xtr, Xva = _std(Xtr, Xva)
    return to_t(Xtr, ytr, Xva, yva)


def moons(n=2000, noise=0.2, seed=0, n_train=None):
    from sklearn.datasets import make_moons
    X, y = make_moons(n, noise=noise, random_state=seed)
    Xtr, ytr, Xva, yva = split(X.astype(np.float32), y, n // 5, seed, n_train)
    return to_t(Xtr, ytr, Xva, yva)


def circles(n=2000, noise=0.08, seed=0):
    from sklearn.datasets import make_circles
    X, y = make_circles(n, noise=noise, factor=0.5, random_state=seed)
    Xtr, ytr, Xva, yva = split(X.astype(np.float32), y, n // 5, seed)
    return to_t(Xtr, ytr, Xva, yva)


def regression(n=3000, kind="friedman", seed=0, n_train=None, noise=0.5, d=10):
    from sklearn.datasets import make_friedman1, make_regression
    if kind == "friedman":
        X, y = make_friedman1(n, n_features=d, noise=noise, random_state=seed)
    else:  # California-like: linear part + nonlinearity, heavy-ish tail
        X, y = make_regression(n, n_features=d, n_informative=6, noise=noise * 10, random_state=seed)
        y = y + 30 * np.sin(X[:, 0] * 2) + 20 * X[:, 1] * X[:, 2]
    Xtr, ytr, Xva, yva = split(X.astype(np.float32), y.astype(np.float32), n // 5, seed, n_train)
    Xtr, Xva = _std(Xtr, Xva)
    mu, sd = ytr.mean(), ytr.std()
    return to_t(Xtr, (ytr - mu) / sd, Xva, (yva - mu) / sd, torch.float32)


def multilabel(n=3000, k=8, d=30, seed=0, n_train=None):
    from sklearn.datasets import make_multilabel_classification
    X, Y = make_multilabel_classification(n, n_features=d, n_classes=k, n_labels=2, random_state=seed)
    Xtr, ytr, Xva, yva = split(np.log1p(X).astype(np.float32), Y.astype(np.float32), n // 5, seed, n_train)
    Xtr, Xva = _std(Xtr, Xva)
    return to_t(Xtr, ytr, Xva, yva, torch.float32)


def segmentation(n=1500, L=64, seed=0, n_train=None):
    """1-D 'segmentation': noisy signals with rectangular bumps; the target mask marks the bumps."""
    rng = np.random.RandomState(seed)
    X = rng.randn(n, 1, L).astype(np.float32) * 0.6
    Y = np.zeros((n, 1, L), np.float32)
    for i in range(n):
        for _ in range(rng.randint(1, 4)):
            a = rng.randint(0, L - 8)
            w = rng.randint(3, 12)
            Y[i, 0, a:a + w] = 1
            X[i, 0, a:a + w] += rng.uniform(0.8, 1.6)
    Xtr, ytr, Xva, yva = split(X, Y, n // 5, seed, n_train)
    return to_t(Xtr, ytr, Xva, yva, torch.float32)


WORDS = ("the a one this that every some small big old new red dark quiet loud cat dog bird man woman child king "
         "river tree house ship city road sees finds takes makes gives runs walks sleeps sings eats near under over "
         "behind with and but then slowly quickly again never always here there").split()


def text_corpus(n_sent=1500, seed=0):
    """A tiny pseudo-English corpus from a small grammar: structured but with real entropy left."""
    rng = random.Random(seed)
    det = WORDS[:6]
    adj = WORDS[6:14]
    noun = WORDS[14:26]
    verb = WORDS[26:35]
    prep = WORDS[35:40]
    adv = WORDS[42:46]
    out = []
    for _ in range(n_sent):
        s = [rng.choice(det)]
        if rng.random() < 0.5:
            s.append(rng.choice(adj))
        s += [rng.choice(noun), rng.choice(verb)]
        if rng.random() < 0.6:
            s += [rng.choice(prep), rng.choice(det), rng.choice(noun)]
        if rng.random() < 0.3:
            s.append(rng.choice(adv))
        out.append(" ".join(s) + ".")
    return " ".join(out)


def char_data(seq=48, n_sent=1500, seed=0):
    txt = text_corpus(n_sent, seed)
    chars = sorted(set(txt))
    stoi = {c: i for i, c in enumerate(chars)}
    ids = torch.tensor([stoi[c] for c in txt], dtype=torch.long)
    n = len(ids) // (seq + 1)
    blocks = ids[: n * (seq + 1)].view(n, seq + 1)
    nv = max(8, n // 10)
    return dict(Xtr=blocks[nv:, :-1], ytr=blocks[nv:, 1:], Xva=blocks[:nv, :-1], yva=blocks[:nv, 1:]), len(chars)


# ----------------------------------------------------------------------------------------------------- models
def mlp(d_in, d_out, hidden=(64,), act=nn.ReLU, dropout=0.0):
    layers, d = [], d_in
    for h in hidden:
        layers += [nn.Linear(d, h), act()]
        if dropout:
            layers.append(nn.Dropout(dropout))
        d = h
    layers.append(nn.Linear(d, d_out))
    return nn.Sequential(*layers)


class CharRNN(nn.Module):
    def __init__(self, vocab, emb=32, hidden=96, cell="gru", layers=1):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.rnn = {"gru": nn.GRU, "rnn": nn.RNN, "lstm": nn.LSTM}[cell](emb, hidden, layers, batch_first=True)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, x):
        h, _ = self.rnn(self.emb(x))
        return self.out(h)


def lm_loss(out, y):
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1))


def acc_metric(out, y):
    return (out.argmax(-1) == y).float().mean().item()


def mae_metric(out, y):
    return (out.squeeze(-1) - y).abs().mean().item()


def ml_f1(out, y):
    p = (out > 0).float()
    tp = (p * y).sum()
    return (2 * tp / (p.sum() + y.sum() + 1e-9)).item()


def mse_loss(out, y):
    return F.mse_loss(out.squeeze(-1), y)


# ----------------------------------------------------------------------------------------------------- LR schedules
def warmup_cosine(base, warm, total, floor=0.0):
    def f(s):
        if s < warm:
            return base * (s + 1) / warm
        p = min(1.0, (s - warm) / max(1, total - warm))
        return floor + (base - floor) * 0.5 * (1 + math.cos(math.pi * p))
    return f


def warmup_linear(base, warm, total):
    def f(s):
        if s < warm:
            return base * (s + 1) / warm
        return base * max(0.0, (total - s) / max(1, total - warm))
    return f


def const(base):
    return lambda s: base


# ----------------------------------------------------------------------------------------------------- writers
class Writer:
    def log(self, step, kind, values):  # kind: 'step' | 'eval' | 'epoch'
        raise NotImplementedError

    def close(self):
        pass


class TBWriter(Writer):
    def __init__(self, logdir, lib="torch", scalars_group=None):
        if lib == "torch":
            from torch.utils.tensorboard import SummaryWriter
        else:
            from tensorboardX import SummaryWriter
        self.w = SummaryWriter(logdir)
        self.group = scalars_group  # e.g. {"loss": ("train/loss", "val/loss")} -> add_scalars("loss", {...})

    def log(self, step, kind, values):
        grouped = set()
        if self.group:
            for main, keys in self.group.items():
                present = {k.split("/")[0]: values[k] for k in keys if k in values}
                if present:
                    self.w.add_scalars(main, present, step)
                    grouped.update(k for k in keys if k in values)
        for k, v in values.items():
            if k not in grouped:
                self.w.add_scalar(k, v, step)

    def close(self):
        self.w.flush()
        self.w.close()


class MLflowWriter(Writer):
    def __init__(self, rundir, name, params=None):
        os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"  # mlflow 3.x: file store is opt-in
        import mlflow
        self.mlflow = mlflow
        mlflow.set_tracking_uri("file:" + os.path.join(rundir, "mlruns"))
        mlflow.set_experiment("gen2")
        self.run = mlflow.start_run(run_name=os.environ.get("GEN2_RUN_ID", "run"))
        if params:
            mlflow.log_params(params)

    def log(self, step, kind, values):
        self.mlflow.log_metrics({k: float(v) for k, v in values.items()}, step=step)

    def close(self):
        self.mlflow.end_run()


class WandbWriter(Writer):
    def __init__(self, rundir, name, config=None):
        os.environ["WANDB_MODE"] = "offline"
        os.environ.setdefault("WANDB_SILENT", "true")
        import wandb
        self.wandb = wandb
        self.run = wandb.init(project="gen2", name=os.environ.get("GEN2_RUN_ID", "run"), dir=rundir, config=config or {}, mode="offline")

    def log(self, step, kind, values):
        self.wandb.log({k: float(v) for k, v in values.items()}, step=step)

    def close(self):
        self.wandb.finish()


class StdoutWriter(Writer):
    """What a cluster job's captured stdout would hold: the script prints; train.log is the captured stream."""

    def __init__(self, rundir, style="pipe", epochs=None, header=()):
        self.f = open(os.path.join(rundir, "train.log"), "w")
        self.style, self.epochs = style, epochs
        for h in header:
            print(h, file=self.f)

    @staticmethod
    def _fmt(v):
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
            return str(v)
        return f"{v:.4f}" if abs(v) >= 1e-3 or v == 0 else f"{v:.3e}"

    def log(self, step, kind, values):
        f = self._fmt
        if self.style == "pipe":  # epoch 3 | train_loss 0.41 | val_loss 0.52 | acc 0.83
            if kind == "step":
                parts = [f"step {step}"] + [f"{k.split('/')[-1]} {f(v)}" for k, v in values.items()]
            elif kind == "eval":
                parts = [f"eval step {step}"] + [f"{k.replace('/', '_')} {f(v)}" for k, v in values.items()]
            else:
                parts = [f"epoch {step}"] + [f"{k.replace('/', '_')} {f(v)}" for k, v in values.items()]
            print(" | ".join(parts), file=self.f)
        elif self.style == "keras":  # Epoch 3/30 ... - loss: 0.41 - val_loss: 0.52
            print(f"Epoch {step}/{self.epochs}", file=self.f)
            items = " - ".join(f"{k}: {f(v)}" for k, v in values.items())
            print(f"42/42 - 0s - {items}", file=self.f)
        elif self.style == "bracket":  # [step 120/2000] loss=2.1034 lr=3.0e-04
            tag = "eval" if kind == "eval" else "train"
            key = (lambda k: k.replace("/", "_")) if kind == "eval" else (lambda k: k.split("/")[-1])
            items = " ".join(f"{key(k)}={f(v)}" for k, v in values.items())
            print(f"[{tag}] [step {step}] {items}", file=self.f)
        self.f.flush()

    def close(self):
        print("done.", file=self.f)
        self.f.close()


# ----------------------------------------------------------------------------------------------------- training loop
def grad_norm(params):
    gs = [p.grad.detach().flatten() for p in params if p.grad is not None]
    if not gs:
        return 0.0
    return torch.cat(gs).norm().item()


def fit(model, data, writer, *, loss_fn, epochs, bs=64, opt=None, lr_fn=None, metric=None, metric_name="acc",
        per_step=True, log_every=5, eval_every=None, clip=None, bug=None, log_lr=True, log_gn=True, val=True,
        prefix=("train/", "val/"), loss_terms=None, stop_on_nan=None, on_step=None, train_metric=False,
        eval_on_train=False, augment=None, epoch_base=1, max_steps=None, eval_at_start=False):
    """A plain loop. per_step=True: train loss (noisy mini-batch value) every `log_every` steps, eval every
    `eval_every` steps (or per epoch). per_step=False: epoch-mean train loss and eval per epoch at step=epoch.
    bug: None | 'no_step' | 'zero_grad_after_backward' | 'detach'. loss_fn may return (total, {term: value})."""
    params = [p for p in model.parameters() if p.requires_grad]
    if opt is None:
        opt = torch.optim.Adam(params, lr=1e-3)
    tp, vp = prefix
    Xtr, ytr = data["Xtr"], data["ytr"]
    n = len(Xtr)
    steps_per_epoch = math.ceil(n / bs)
    step = 0
    nan_seen = 0

    def run_loss(out, y):
        r = loss_fn(out, y)
        return r if isinstance(r, tuple) else (r, {})

    def evaluate():
        model.eval()
        with torch.no_grad():
            out = model(data["Xva"])
            l, terms = run_loss(out, data["yva"])
            res = {vp + "loss": l.item()}
            for k, v in terms.items():
                res[vp + k] = float(v)
            if metric:
                res[vp + metric_name] = metric(out, data["yva"])
            if eval_on_train:
                out = model(Xtr[:1000])
                res[tp + "eval_loss"] = run_loss(out, ytr[:1000])[0].item()
        model.train()
        return res

    if eval_at_start and val and per_step:
        writer.log(0, "eval", evaluate())
    for ep in range(epochs):
        model.train()
        perm = torch.randperm(n)
        ep_losses, ep_terms, ep_metric = [], {}, []
        for b in range(steps_per_epoch):
            idx = perm[b * bs:(b + 1) * bs]
            x, y = Xtr[idx], ytr[idx]
            if augment is not None:
                x = augment(x)
            if lr_fn is not None:
                lr = lr_fn(step)
                for g in opt.param_groups:
                    g["lr"] = lr
            if bug != "zero_grad_after_backward":
                opt.zero_grad()
            out = model(x)
            if bug == "detach":
                out = out.detach().requires_grad_()
            loss, terms = run_loss(out, y)
            loss.backward()
            if bug == "zero_grad_after_backward":
                opt.zero_grad()
            gn = grad_norm(params)
            if clip:
                torch.nn.utils.clip_grad_norm_(params, clip)
            if bug != "no_step":
                opt.step()
            if on_step:
                on_step(step, model, opt)
            step += 1
            lv = loss.item()
            ep_losses.append(lv)
            for k, v in terms.items():
                ep_terms.setdefault(k, []).append(float(v))
            if train_metric and metric:
                ep_metric.append(metric(out.detach(), y))
            if per_step and (step % log_every == 0 or step == 1):
                vals = {tp + "loss": lv}
                for k, v in terms.items():
                    vals[tp + k] = float(v)
                if log_lr:
                    vals[tp + "lr"] = opt.param_groups[0]["lr"]
                if log_gn:
                    vals[tp + "grad_norm"] = gn
                writer.log(step, "step", vals)
            if per_step and val and eval_every and step % eval_every == 0:
                writer.log(step, "eval", evaluate())
            if not math.isfinite(lv):
                nan_seen += 1
            if stop_on_nan and nan_seen >= stop_on_nan:
                break
            if max_steps and step >= max_steps:
                break
        if per_step and val and not eval_every:
            writer.log(step, "eval", evaluate())
        if not per_step:
            vals = {tp + "loss": float(np.mean(ep_losses))}
            for k, v in ep_terms.items():
                vals[tp + k] = float(np.mean(v))
            if ep_metric:
                vals[tp + metric_name] = float(np.mean(ep_metric))
            if val:
                vals.update(evaluate())
            if log_lr:
                vals["lr"] = opt.param_groups[0]["lr"]
            writer.log(ep + epoch_base, "epoch", vals)
        if stop_on_nan and nan_seen >= stop_on_nan:
            break
        if max_steps and step >= max_steps:
            break
    writer.close()
    return model


def rundir(name):
    d = os.path.join(RUNS, name)
    if os.path.exists(d):
        import shutil
        shutil.rmtree(d)
    os.makedirs(d)
    return d
