"""Shared data sets and a plain torch training loop for the generator scripts."""
import math, os, random, shutil
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F
from sklearn.datasets import load_digits, make_moons, make_circles, make_classification, make_regression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.abspath(__file__))
RUNS = os.path.join(ROOT, "runs")


def seed_all(s):
    random.seed(s); np.random.seed(s); torch.manual_seed(s)


def run_dir(name):
    d = os.path.join(RUNS, name)
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(d)
    return d


def _split(X, y, seed, test=0.25, reg=False):
    Xtr, Xva, ytr, yva = train_test_split(X, y, test_size=test, random_state=seed)
    sc = StandardScaler().fit(Xtr)
    Xtr, Xva = sc.transform(Xtr), sc.transform(Xva)
    t = lambda a: torch.tensor(a, dtype=torch.float32)
    if reg:
        return t(Xtr), t(ytr).reshape(-1, 1), t(Xva), t(yva).reshape(-1, 1)
    return t(Xtr), torch.tensor(ytr, dtype=torch.long), t(Xva), torch.tensor(yva, dtype=torch.long)


def digits(seed=0, label_noise=0.0, n_train=None):
    X, y = load_digits(return_X_y=True)
    Xtr, ytr, Xva, yva = _split(X, y, seed)
    if n_train:
        Xtr, ytr = Xtr[:n_train], ytr[:n_train]
    if label_noise:
        g = torch.Generator().manual_seed(seed)
        m = torch.rand(len(ytr), generator=g) < label_noise
        ytr = ytr.clone(); ytr[m] = torch.randint(0, 10, (int(m.sum()),), generator=g)
    return Xtr, ytr, Xva, yva


def moons(n=2000, noise=0.25, seed=0):
    X, y = make_moons(n, noise=noise, random_state=seed)
    return _split(X, y, seed)


def circles(n=2000, noise=0.1, seed=0):
    X, y = make_circles(n, noise=noise, factor=0.5, random_state=seed)
    return _split(X, y, seed)


def classif(n=3000, k=5, d=20, inf=10, clusters=2, seed=0, flip=0.01, sep=1.0):
    X, y = make_classification(n, d, n_informative=inf, n_redundant=2, n_classes=k,
                               n_clusters_per_class=clusters, flip_y=flip, class_sep=sep, random_state=seed)
    return _split(X, y, seed)


def regression(n=3000, d=12, noise=15.0, seed=0, nonlinear=True):
    X, y = make_regression(n, d, n_informative=8, noise=noise, random_state=seed)
    if nonlinear:
        y = y + 40 * np.sin(X[:, 0] * 2) + 20 * X[:, 1] * X[:, 2]
    y = (y - y.mean()) / y.std()
    return _split(X, y, seed, reg=True)


WORDS = ("the cat dog sat ran on a mat log big small red fox jumps over lazy bird sings in tree "
         "and then again where why how see my your").split()


def char_text(n_chars=30000, seed=0):
    rng = random.Random(seed)
    out = []
    while sum(len(s) for s in out) < n_chars:
        n = rng.randint(4, 9)
        out.append(" ".join(rng.choice(WORDS[: rng.randint(8, len(WORDS))]) for _ in range(n)) + ". ")
    text = "".join(out)[:n_chars]
    vocab = sorted(set(text))
    ids = torch.tensor([vocab.index(c) for c in text], dtype=torch.long)
    cut = int(len(ids) * 0.9)
    return ids[:cut], ids[cut:], vocab


def mlp(d_in, d_out, hidden=(64,), act=nn.ReLU, dropout=0.0):
    layers, d = [], d_in
    for h in hidden:
        layers += [nn.Linear(d, h), act()]
        if dropout:
            layers.append(nn.Dropout(dropout))
        d = h
    layers.append(nn.Linear(d, d_out))
    return nn.Sequential(*layers)


def grad_norm(model):
    gs = [p.grad.detach().flatten() for p in model.parameters() if p.grad is not None]
    if not gs:
        return 0.0
    return torch.cat(gs).norm().item()


def evaluate(model, X, y, loss_fn, task):
    model.eval()
    with torch.no_grad():
        out = model(X)
        l = loss_fn(out, y).item()
        acc = (out.argmax(1) == y).float().mean().item() if task == "clf" else None
    model.train()
    return l, acc


def fit(model, data, *, epochs, opt, log, loss_fn=None, task="clf", bs=32, lr_fn=None,
        per_step_every=None, val=True, clip=None, log_gn=False, do_step=True, seed=0,
        on_epoch=None, train_metric_full=False):
    """Plain torch loop. log(tag, value, step). lr_fn(global_step)-> lr overrides opt lr.
    per_step_every: log train loss every n steps (else per-epoch mean).  Returns history list."""
    Xtr, ytr, Xva, yva = data
    loss_fn = loss_fn or (F.cross_entropy if task == "clf" else F.mse_loss)
    g = torch.Generator().manual_seed(seed)
    step = 0
    hist = []
    n = len(Xtr)
    for ep in range(epochs):
        perm = torch.randperm(n, generator=g)
        tot, cnt, correct = 0.0, 0, 0
        for i in range(0, n, bs):
            idx = perm[i:i + bs]
            xb, yb = Xtr[idx], ytr[idx]
            if lr_fn is not None:
                for pg in opt.param_groups:
                    pg["lr"] = lr_fn(step)
            out = model(xb)
            loss = loss_fn(out, yb)
            opt.zero_grad()
            loss.backward()
            gn = None
            if clip:
                gn = float(torch.nn.utils.clip_grad_norm_(model.parameters(), clip))
            elif log_gn:
                gn = grad_norm(model)
            if do_step:
                opt.step()
            step += 1
            lv = loss.item()
            tot += lv * len(idx); cnt += len(idx)
            if task == "clf":
                correct += (out.argmax(1) == yb).sum().item()
            if per_step_every and step % per_step_every == 0:
                log("train/loss", lv, step)
                log("train/lr", opt.param_groups[0]["lr"], step)
                if gn is not None:
                    log("train/grad_norm", gn, step)
        rec = {"epoch": ep + 1, "step": step, "train_loss": tot / cnt}
        if not per_step_every:
            log("train/loss", tot / cnt, ep + 1)
            log("train/lr", opt.param_groups[0]["lr"], ep + 1)
            if task == "clf":
                log("train/acc", correct / cnt, ep + 1)
            if gn is not None:
                log("train/grad_norm", gn, ep + 1)
        xstep = step if per_step_every else ep + 1
        if val:
            vl, va = evaluate(model, Xva, yva, loss_fn, task)
            rec["val_loss"] = vl
            log("val/loss", vl, xstep)
            if va is not None:
                rec["val_acc"] = va
                log("val/acc", va, xstep)
        hist.append(rec)
        if on_epoch:
            on_epoch(ep + 1, opt)
    return hist
