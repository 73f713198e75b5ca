"""Runs trained with a plain torch loop, logged through torch SummaryWriter, tensorboardX, MLflow, wandb (offline)
or printed to stdout (captured to train.log).  Usage: python make_plain.py [run_name ...]"""
import io, os, sys, time, math, contextlib
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F
from common import *
from common import _split

RUN_FUNCS = {}


def run(name):
    def deco(f):
        RUN_FUNCS[name] = f
        return f
    return deco


class Writer:
    def __init__(self, kind, d, name):
        self.kind = kind
        if kind == "tsw":
            from torch.utils.tensorboard import SummaryWriter
            self.w = SummaryWriter(d)
        elif kind == "tbx":
            from tensorboardX import SummaryWriter
            self.w = SummaryWriter(d)
        elif kind == "mlf":
            os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
            import mlflow
            self.m = mlflow
            mlflow.set_tracking_uri("file://" + os.path.join(d, "mlruns"))
            mlflow.set_experiment(name)
            mlflow.start_run(run_name=name)
        elif kind == "wb":
            os.environ["WANDB_MODE"] = "offline"
            os.environ["WANDB_SILENT"] = "true"
            import wandb
            self.wb = wandb
            self.r = wandb.init(project="gen1", name=name, dir=d, settings=wandb.Settings(console="off"))

    def __call__(self, tag, v, step):
        v = float(v)
        if self.kind in ("tsw", "tbx"):
            self.w.add_scalar(tag, v, step)
        elif self.kind == "mlf":
            self.m.log_metric(tag.replace("/", "_"), v, step=step)
        elif self.kind == "wb":
            self.wb.log({tag: v}, step=step)

    def params(self, **kw):
        if self.kind == "mlf":
            self.m.log_params(kw)
        elif self.kind == "wb":
            self.wb.config.update(kw)

    def close(self):
        if self.kind in ("tsw", "tbx"):
            self.w.close()
        elif self.kind == "mlf":
            self.m.end_run()
        elif self.kind == "wb":
            self.r.finish()


# ---------------------------------------------------------------- torch SummaryWriter
@run("tsw_digits_mlp_cosine")
def _(log):
    seed_all(1); data = digits(1)
    m = mlp(64, 10, (128, 64), dropout=0.1)
    opt = torch.optim.AdamW(m.parameters(), lr=2e-3, weight_decay=1e-3)
    E, spe = 40, math.ceil(len(data[0]) / 32)
    lr_fn = lambda s: 1e-5 + 0.5 * (2e-3 - 1e-5) * (1 + math.cos(math.pi * s / (E * spe)))
    fit(m, data, epochs=E, opt=opt, log=log, lr_fn=lr_fn)


@run("tsw_char_gru_lm")
def _(log):
    seed_all(2)
    tr, va, vocab = char_text(30000, 2)
    V = len(vocab)

    class LM(nn.Module):
        def __init__(s):
            super().__init__(); s.e = nn.Embedding(V, 32); s.r = nn.GRU(32, 96, batch_first=True); s.o = nn.Linear(96, V)
        def forward(s, x):
            return s.o(s.r(s.e(x))[0])
    m = LM(); opt = torch.optim.Adam(m.parameters(), lr=3e-3)
    g = torch.Generator().manual_seed(2)
    T, B = 48, 32
    def batch(src):
        i = torch.randint(0, len(src) - T - 1, (B,), generator=g)
        x = torch.stack([src[j:j + T] for j in i]); y = torch.stack([src[j + 1:j + T + 1] for j in i])
        return x, y
    for step in range(1, 601):
        x, y = batch(tr)
        loss = F.cross_entropy(m(x).reshape(-1, V), y.reshape(-1))
        opt.zero_grad(); loss.backward(); gn = torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0); opt.step()
        if step % 10 == 0:
            log("train/loss", loss.item(), step); log("train/grad_norm", float(gn), step)
        if step % 50 == 0:
            with torch.no_grad():
                x, y = batch(va)
                log("val/loss", F.cross_entropy(m(x).reshape(-1, V), y.reshape(-1)).item(), step)


@run("tsw_digits_small_subset_bigmlp")
def _(log):
    seed_all(3); data = digits(3, n_train=150, label_noise=0.15)
    m = mlp(64, 10, (512, 512))
    opt = torch.optim.Adam(m.parameters(), lr=2e-3)
    fit(m, data, epochs=150, opt=opt, log=log, bs=16)


@run("tsw_moons_lr_raised")
def _(log):
    seed_all(4); data = moons(2000, 0.2, 4)
    m = mlp(2, 2, (64, 64))
    opt = torch.optim.Adam(m.parameters(), lr=3e-3)
    lr_fn = lambda s: 3e-3 if s < 600 else 0.8   # resumed with wrong --lr
    fit(m, data, epochs=30, opt=opt, log=log, lr_fn=lr_fn, per_step_every=10)


@run("tsw_moons_bce_log_sigmoid")
def _(log):
    seed_all(5); data = moons(2000, 0.05, 5)
    Xtr, ytr, Xva, yva = data
    data = (Xtr, ytr.float().unsqueeze(1), Xva, yva.float().unsqueeze(1))
    def bce(z, y):   # hand-written BCE: log(1 - sigmoid(z)) hits log(0) once the model is confident
        p = torch.sigmoid(z)
        return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
    m = mlp(2, 1, (64, 64))
    opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9)
    fit(m, data, epochs=45, opt=opt, log=log, loss_fn=bce, task="reg", per_step_every=5)


@run("tsw_digits_dead_relu_init")
def _(log):
    seed_all(6); data = digits(6)
    m = mlp(64, 10, (128, 128))
    with torch.no_grad():
        m[0].bias.fill_(-12.0)   # bad init: every hidden unit starts (and stays) dead
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    fit(m, data, epochs=30, opt=opt, log=log)


# ---------------------------------------------------------------- tensorboardX
@run("tbx_regression_warmup_step")
def _(log):
    seed_all(7); data = regression(3000, seed=7)
    m = mlp(12, 1, (128, 64))
    opt = torch.optim.AdamW(m.parameters(), lr=2e-3, weight_decay=1e-4)
    def lr_fn(s):
        if s < 200: return 2e-3 * (s + 1) / 200
        return 2e-3 * (0.3 if s > 1400 else 1) * (0.3 if s > 2000 else 1)
    fit(m, data, epochs=35, opt=opt, log=log, task="reg", lr_fn=lr_fn, per_step_every=10)


@run("tbx_linear_multicluster")
def _(log):
    seed_all(8); data = classif(3000, k=4, d=10, inf=8, clusters=4, seed=8, sep=2.0)
    m = nn.Linear(10, 4)
    opt = torch.optim.Adam(m.parameters(), lr=1e-2)
    fit(m, data, epochs=30, opt=opt, log=log)


@run("tbx_digits_label_noise")
def _(log):
    seed_all(9); data = digits(9, label_noise=0.5)
    m = mlp(64, 10, (256, 256))
    opt = torch.optim.Adam(m.parameters(), lr=2e-3)
    fit(m, data, epochs=80, opt=opt, log=log)


@run("tbx_mlp_momentum_0999")
def _(log):
    seed_all(10); data = classif(3000, k=6, d=20, seed=10)
    m = mlp(20, 6, (128, 128))
    opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.999)
    fit(m, data, epochs=25, opt=opt, log=log, per_step_every=10, log_gn=True)


@run("tbx_warmup_steps_bug")
def _(log):
    seed_all(11); data = classif(3000, k=3, d=20, seed=11)
    m = mlp(20, 3, (128,))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    warm = 10_000_000   # meant 1000: LR stays ~0 for the whole run
    fit(m, data, epochs=25, opt=opt, log=log, lr_fn=lambda s: 1e-3 * min(1.0, s / warm), per_step_every=10)


# ---------------------------------------------------------------- MLflow
@run("mlf_classif5_sgd_noval")
def _(log):
    seed_all(12); data = classif(3000, k=5, d=20, seed=12)
    m = mlp(20, 5, (128, 128))
    opt = torch.optim.SGD(m.parameters(), lr=0.03, momentum=0.9)
    fit(m, data, epochs=25, opt=opt, log=log, bs=16, per_step_every=20, val=False)


@run("mlf_digits_huge_weight_decay")
def _(log):
    seed_all(13); data = digits(13)
    m = mlp(64, 10, (128,))
    opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9, weight_decay=0.2)
    fit(m, data, epochs=40, opt=opt, log=log)


@run("mlf_moons_small_mild")
def _(log):
    seed_all(14); data = moons(1400, 0.35, 14)
    data = (data[0][:250], data[1][:250], data[2], data[3])
    m = mlp(2, 2, (128, 128))
    opt = torch.optim.Adam(m.parameters(), lr=3e-3)
    fit(m, data, epochs=120, opt=opt, log=log, bs=16)


@run("mlf_digits_lr_jump_collapse")
def _(log):
    seed_all(15); data = digits(15)
    m = mlp(64, 10, (128, 128))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    spe = math.ceil(len(data[0]) / 32)
    fit(m, data, epochs=40, opt=opt, log=log, lr_fn=lambda s: 1e-3 if s < 15 * spe else 0.3)


@run("mlf_imbalanced_pos_normalised_loss")
def _(log):
    seed_all(16)
    X, y = make_classification(3000, 20, n_informative=8, weights=[0.85], random_state=16)
    data = _split(X, y, 16)
    Xtr, ytr, Xva, yva = data
    data = (Xtr, ytr.float().unsqueeze(1), Xva, yva.float().unsqueeze(1))
    def loss_fn(z, y):   # BCE summed and normalised by #positives in the batch (0 positives -> x/0)
        return F.binary_cross_entropy_with_logits(z, y, reduction="sum") / y.sum()
    m = mlp(20, 1, (64,))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    fit(m, data, epochs=15, opt=opt, log=log, loss_fn=loss_fn, task="reg", bs=32, per_step_every=5, seed=7)


@run("mlf_optimizer_never_stepped")
def _(log):
    seed_all(17); data = classif(3000, k=4, d=20, seed=17)
    m = mlp(20, 4, (128, 128))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    fit(m, data, epochs=20, opt=opt, log=log, per_step_every=10, do_step=False)


# ---------------------------------------------------------------- wandb offline
@run("wb_digits_finetune_noisy")
def _(log):
    seed_all(18); Xtr, ytr, Xva, yva = digits(18)
    m = mlp(64, 10, (128, 64))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    fit(m, (Xtr, ytr, Xva, yva), epochs=15, opt=opt, log=lambda *a: None)   # pre-training, not logged
    g = torch.Generator().manual_seed(18)
    noisy = lambda X: X + 0.9 * torch.randn(X.shape, generator=g)
    data = (noisy(Xtr), ytr, noisy(Xva), yva)
    opt = torch.optim.Adam(m.parameters(), lr=2e-4)
    fit(m, data, epochs=20, opt=opt, log=log, per_step_every=5)


@run("wb_digits_bottleneck1")
def _(log):
    seed_all(19); data = digits(19)
    m = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1), nn.ReLU(), nn.Linear(1, 64), nn.ReLU(), nn.Linear(64, 10))
    opt = torch.optim.Adam(m.parameters(), lr=2e-3)
    fit(m, data, epochs=40, opt=opt, log=log)


@run("wb_classif3_small_big")
def _(log):
    seed_all(20); data = classif(2000, k=3, d=20, seed=20, flip=0.05)
    data = (data[0][:200], data[1][:200], data[2], data[3])
    m = mlp(20, 3, (512, 512, 512))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    fit(m, data, epochs=100, opt=opt, log=log, bs=20)


@run("wb_char_rnn_no_clip")
def _(log):
    seed_all(21)
    tr, va, vocab = char_text(20000, 21)
    V = len(vocab)

    class LM(nn.Module):
        def __init__(s):
            super().__init__(); s.e = nn.Embedding(V, 32); s.r = nn.RNN(32, 128, batch_first=True, nonlinearity="tanh"); s.o = nn.Linear(128, V)
        def forward(s, x):
            return s.o(s.r(s.e(x))[0])
    m = LM(); opt = torch.optim.SGD(m.parameters(), lr=2.5)
    g = torch.Generator().manual_seed(21)
    T, B = 60, 32
    def batch(src):
        i = torch.randint(0, len(src) - T - 1, (B,), generator=g)
        return torch.stack([src[j:j + T] for j in i]), torch.stack([src[j + 1:j + T + 1] for j in i])
    for step in range(1, 501):
        x, y = batch(tr)
        loss = F.cross_entropy(m(x).reshape(-1, V), y.reshape(-1))
        opt.zero_grad(); loss.backward(); gn = grad_norm(m); opt.step()
        if step % 5 == 0:
            log("train/loss", loss.item(), step); log("train/grad_norm", gn, step)
        if step % 50 == 0:
            with torch.no_grad():
                x, y = batch(va); log("val/loss", F.cross_entropy(m(x).reshape(-1, V), y.reshape(-1)).item(), step)


@run("wb_moons_hinge_corrupt_shard")
def _(log):
    seed_all(22); Xtr, ytr, Xva, yva = moons(2400, 0.2, 22)
    ytr, yva = (2 * ytr - 1).float(), (2 * yva - 1).float()
    shards = list(torch.split(torch.arange(len(Xtr)), 150))
    Xtr = Xtr.clone(); Xtr[shards[7][40], 0] = float("inf")   # one corrupt record in shard 7
    def hinge(z, y):
        mgn = 1 - y * z.squeeze(1)
        return torch.where(mgn > 0, mgn, torch.zeros_like(mgn)).mean()
    m = mlp(2, 1, (64, 64)); opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9)
    step = 0
    for ep in range(2):
        for sh in shards:   # streaming: one shard after another
            for i in range(0, len(sh), 30):
                idx = sh[i:i + 30]
                loss = hinge(m(Xtr[idx]), ytr[idx])
                opt.zero_grad(); loss.backward(); gn = grad_norm(m); opt.step(); step += 1
                if step % 2 == 0:
                    log("train/loss", loss.item(), step); log("train/grad_norm", gn, step)
            with torch.no_grad():
                log("val/hinge", hinge(m(Xva), yva).item(), step)


@run("wb_digits_shuffled_labels_tiny")
def _(log):
    seed_all(23); Xtr, ytr, Xva, yva = digits(23)
    g = torch.Generator().manual_seed(23)
    ytr = ytr[torch.randperm(len(ytr), generator=g)]   # labels shuffled against the images
    m = mlp(64, 10, (8,))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3, weight_decay=1e-3)
    fit(m, (Xtr, ytr, Xva, yva), epochs=30, opt=opt, log=log)


def main(names):
    for name in names:
        f = RUN_FUNCS[name]
        d = run_dir(name)
        kind = name.split("_")[0]
        t = time.time()
        w = Writer(kind, d, name)
        try:
            f(w)
        finally:
            w.close()
        print(f"{name}: {time.time() - t:.1f}s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(RUN_FUNCS))
