"""Issue 9: verdicts on NEW runs nobody tuned on, made here by really training tiny torch models (one CPU thread,
< 30 s in all) and logging them through real writers: TensorBoard (``torch.utils.tensorboard.SummaryWriter``),
Lightning's ``CSVLogger``, Keras ``CSVLogger``-style CSV, HF ``TrainerState.save_to_json`` and a W&B panel export.

No class count is given to the tool (as a user scanning a folder of logs gives none). Each run has the label the
definitions of ../shared/domain.md give it, decided from how it was made (the model could or could not fit its
task), not from the tool's output:

- underfit (kind 5): classifiers with k in {3, 5, 10, 20, 100} whose model is too small for the task (a linear
  model on a nonlinear teacher's labels, a 1-2 unit bottleneck), too heavily regularised, or trained with a far
  too low learning rate: the loss starts at ~ln k and stays at a large fraction of it, train and validation together,
  while a big enough model reaches a small fraction of it (the `healthy` siblings on the same data);
- healthy: the same tasks learned by a big enough model, a word-level language model from scratch (ln V ~ 7.6,
  ending high in relative terms: the entropy of its text), a char-level one, and a fine-tune of a pretrained
  classifier (starts well below ln k and drops fast first);
- diverged (kind 2): a classifier that learned, then collapsed back to chance and stayed there (W&B export with
  train and validation on alternating steps); overfit (kind 1): a big MLP on a small noisy training set;
  stalled: a learning rate of ~0; nan: a learning rate that blows the logits up.

``python tests/test_verdict_unseen.py`` prints the table of verdicts against these labels (what ``make eval`` shows).
"""
from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import mlp, one_thread, run_dir_fixture, save_trainer_state, verdict  # noqa: E402,F401

F = torch.nn.functional


# ---------------------------------------------------------------------------------------------- tasks


def teacher(n: int, *, k: int, seed: int, d: int = 10, lin: float = 0.6):
    """Labels = argmax over k of a fixed linear part (weight ``lin``) plus a quadratic part ``(x^2 - 1) @ Q``: a
    linear model sees only the linear part (x and -x look alike to it) and stays at 80-85% of ln k, a 10-128-128-k
    MLP learns both (to 10-20% of ln k on validation, 75-90% accuracy)."""
    g = torch.Generator().manual_seed(1000 + k)
    w, q = torch.randn(d, k, generator=g), torch.randn(d, k, generator=g)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g)
    return x, (lin * (x @ w) + (x ** 2 - 1) @ q).argmax(1)


def digits():
    """sklearn's 8x8 digits (k = 10), standardised; 1,297 train / 500 validation."""
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    x = torch.tensor(x, dtype=torch.float32)
    x = (x - x.mean(0)) / (x.std(0) + 1e-3)
    y = torch.tensor(y)
    g = torch.Generator().manual_seed(0)
    p = torch.randperm(len(x), generator=g)
    return x[p[:1297]], y[p[:1297]], x[p[1297:]], y[p[1297:]]


def train(model, opt, x, y, xv, yv, *, epochs: int, batch: int = 64, sched=None, wd_at=None, seed: int = 0):
    """Minibatch epochs. Returns per-step training losses [(step, loss)] and per-epoch rows
    (epoch, last step, train loss, train acc, val loss, val acc). ``wd_at(step)`` overrides the weight decay per
    step."""
    g = torch.Generator().manual_seed(seed)
    steps, rows, step = [], [], 0
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(x), generator=g)
        tot, cor = 0.0, 0
        for i in range(0, len(x), batch):
            idx = perm[i:i + batch]
            out = model(x[idx])
            loss = F.cross_entropy(out, y[idx])
            steps.append((step, float(loss.detach())))
            opt.zero_grad()
            loss.backward()
            if wd_at is not None:
                for group in opt.param_groups:
                    group["weight_decay"] = wd_at(step)
            opt.step()
            if sched is not None:
                sched.step()
            step += 1
            tot += float(loss.detach()) * len(idx)
            cor += int((out.argmax(1) == y[idx]).sum())
        model.eval()
        with torch.no_grad():
            out = model(xv)
            rows.append((epoch, step, tot / len(x), cor / len(x), float(F.cross_entropy(out, yv)),
                         float((out.argmax(1) == yv).float().mean())))
    return steps, rows


# ---------------------------------------------------------------------------------------------- writers


def write(out: Path, fmt: str, steps, rows, every: int = 5) -> None:
    """``fmt``: 'tb' (train/loss every ``every`` steps from step 0, val per epoch), 'lightning' (per-epoch
    aggregates), 'keras' (Keras CSVLogger), 'hf' (trainer_state.json: mean loss per ``every`` steps, eval per epoch),
    'wandb' (a W&B panel CSV export: train loss on even, validation on odd ``_step``s)."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "tb":
        from torch.utils.tensorboard import SummaryWriter

        w = SummaryWriter(str(out))
        for s, v in steps:
            if s % every == 0:
                w.add_scalar("train/loss", v, s)
        for e, s, tl, ta, vl, va in rows:
            w.add_scalar("val/loss", vl, s)
            if va is not None:
                w.add_scalar("val/acc", va, s)
        w.close()
    elif fmt == "lightning":
        from pytorch_lightning.loggers import CSVLogger

        logger = CSVLogger(save_dir=str(out), name="", version=0)
        for e, s, tl, ta, vl, va in rows:
            logger.log_metrics({"val_loss": vl, "val_acc": va, "epoch": e}, step=s - 1)
            logger.log_metrics({"train_loss_epoch": tl, "train_acc_epoch": ta, "epoch": e}, step=s - 1)
        logger.save()
    elif fmt == "keras":
        lines = ["epoch,accuracy,loss,val_accuracy,val_loss"]
        lines += [f"{e},{ta:.4f},{tl:.4f},{va:.4f},{vl:.4f}" for e, _, tl, ta, vl, va in rows]
        (out / "training.log").write_text("\n".join(lines) + "\n")
    elif fmt == "hf":
        history, window, per_epoch = [], [], rows[0][1]
        ends = {s: (vl, va) for _, s, _, _, vl, va in rows}
        for s, v in steps:
            window.append(v)
            if (s + 1) % every == 0:
                history.append({"epoch": round((s + 1) / per_epoch, 4), "learning_rate": 1e-3,
                                "loss": round(sum(window) / len(window), 4), "step": s + 1})
                window = []
            if s + 1 in ends:
                history.append({"epoch": round((s + 1) / per_epoch, 4), "eval_loss": ends[s + 1][0], "step": s + 1}
                               | ({} if ends[s + 1][1] is None else {"eval_accuracy": ends[s + 1][1]}))
        save_trainer_state(out, history, rows[-1][1], every, per_epoch)
    elif fmt == "wandb":
        with open(out / "wandb_export.csv", "w", newline="") as f:
            w = csv.writer(f, quoting=csv.QUOTE_ALL)
            cols = [f"run-7 - {m}{s}" for m in ("train_loss", "val_loss") for s in ("", "__MIN", "__MAX")]
            w.writerow(["Step"] + cols)
            for e, _, tl, _, vl, _ in rows:
                w.writerow([2 * e] + [tl] * 3 + [""] * 3)
                w.writerow([2 * e + 1] + [""] * 3 + [vl] * 3)
    else:
        raise ValueError(fmt)


# ---------------------------------------------------------------------------------------------- the runs


def teacher_run(out: Path, *, k: int, fmt: str, model: str, epochs: int = 15, n: int = 4000, lr: float = 1e-2,
                wd: float = 0.0, sgd: bool = False, lin: float = 0.6, seed: int = 0) -> None:
    """A classifier on a random teacher's k classes. ``model``: 'linear', 'b1'/'b2' (an MLP with a 1-/2-unit
    bottleneck), 'mlp' (10-128-128-k: fits the teacher)."""
    torch.manual_seed(seed)
    x, y = teacher(n, k=k, seed=seed, lin=lin)
    xv, yv = teacher(1000, k=k, seed=seed + 1, lin=lin)
    net = {"linear": lambda: torch.nn.Linear(10, k), "b1": lambda: mlp(10, 64, 1, k), "b2": lambda: mlp(10, 64, 2, k),
           "mlp": lambda: mlp(10, 128, 128, k)}[model]()
    opt = (torch.optim.SGD(net.parameters(), lr=lr) if sgd else
           torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=wd))
    steps, rows = train(net, opt, x, y, xv, yv, epochs=epochs, seed=seed)
    write(out, fmt, steps, rows)


def digits_run(out: Path, *, fmt: str, model: str, epochs: int = 30, lr: float = 3e-3, wd: float = 0.0,
               collapse_at: int | None = None, seed: int = 0) -> None:
    """sklearn digits (k = 10). ``model``: 'b1' (64-1-10 bottleneck), 'mlp' (64-64-10), 'big' (64-512-512-10 on
    only 150 noisy training samples: overfits). ``collapse_at``: from this epoch on a weight decay of 100
    (a regularisation bug) shrinks the weights to ~0: the net collapses back to a constant prediction (chance) and
    stays there."""
    torch.manual_seed(seed)
    x, y, xv, yv = digits()
    if model == "big":
        g = torch.Generator().manual_seed(5)
        x, y = x[:150], torch.where(torch.rand(150, generator=g) < 0.3, torch.randint(0, 10, (150,), generator=g),
                                    y[:150])
    net = {"b1": lambda: mlp(64, 1, 10), "mlp": lambda: mlp(64, 64, 10), "big": lambda: mlp(64, 512, 512, 10)}[model]()
    if collapse_at is not None:
        opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=0.0)
        per_epoch = math.ceil(len(x) / 64)
        steps, rows = train(net, opt, x, y, xv, yv, epochs=epochs, seed=seed,
                            wd_at=lambda s: 100.0 if s >= collapse_at * per_epoch else 0.0)
    else:
        opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=wd)
        steps, rows = train(net, opt, x, y, xv, yv, epochs=epochs, seed=seed, batch=32 if model == "big" else 64)
    write(out, fmt, steps, rows)


def markov(n: int, *, v: int, seed: int, sharp: float, streams: int = 32) -> torch.Tensor:
    """Order-1 Markov tokens over ``v`` symbols, each row's logits ``sharp`` x Gaussian (text-like: entropy well
    below ln v), over Zipf-weighted next tokens."""
    g = torch.Generator().manual_seed(0)
    zipf = -1.1 * torch.log(torch.arange(1, v + 1, dtype=torch.float32))
    logits = torch.randn(v, v, generator=g) * sharp + zipf[torch.randperm(v, generator=g)]
    cdf = torch.softmax(logits, -1).cumsum(-1)
    g = torch.Generator().manual_seed(seed)
    length = n // streams + 1
    tok = torch.zeros(streams, length, dtype=torch.long)
    tok[:, 0] = torch.randint(0, v, (streams,), generator=g)
    u = torch.rand(streams, length, generator=g)
    for i in range(1, length):
        tok[:, i] = torch.searchsorted(cdf[tok[:, i - 1]], u[:, i:i + 1].contiguous()).squeeze(1).clamp_max(v - 1)
    return tok.flatten()[:n]


def lm_run(out: Path, *, v: int, steps: int = 300, batch: int = 128, fmt: str = "hf", sharp: float = 2.0,
           seed: int = 0) -> None:
    """A bigram language model from scratch (embedding 32 -> logits over ``v``), AdamW 1e-2 with warm-up and
    linear decay, batches of ``batch`` next-token predictions; starts at ln v, ends near the text's entropy."""
    torch.manual_seed(seed)
    tok = markov(steps * batch + 4001, v=v, sharp=sharp, seed=seed)
    x, y = tok[:-1], tok[1:]
    xv, yv = x[-4000:], y[-4000:]
    net = torch.nn.Sequential(torch.nn.Embedding(v, 32), torch.nn.Linear(32, v))
    opt = torch.optim.AdamW(net.parameters(), lr=1e-2, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 20) * max(0.05, 1 - s / steps))
    losses, rows = [], []
    for s in range(steps):
        loss = F.cross_entropy(net(x[s * batch:(s + 1) * batch]), y[s * batch:(s + 1) * batch])
        losses.append((s, float(loss.detach())))
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if (s + 1) % 30 == 0:
            with torch.no_grad():
                rows.append(((s + 1) // 30 - 1, s + 1, 0.0, None, float(F.cross_entropy(net(xv), yv)), None))
    write(out, fmt, losses, rows, every=5)


def finetune_run(out: Path, *, fmt: str = "hf", seed: int = 0) -> None:
    """A digits MLP pretrained on digits 0-4's features and all 10 labels for a few steps, then fine-tuned on the
    full set (AdamW 1e-3): starts well below ln 10, drops fast first, levels off."""
    torch.manual_seed(seed)
    x, y, xv, yv = digits()
    net = mlp(64, 64, 10)
    pre = torch.optim.Adam(net.parameters(), lr=3e-3)
    for _ in range(60):
        idx = torch.randint(0, len(x), (64,))
        loss = F.cross_entropy(net(x[idx] + 0.8 * torch.randn(64, 64)), y[idx])
        pre.zero_grad()
        loss.backward()
        pre.step()
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=0.01)
    steps, rows = train(net, opt, x, y, xv, yv, epochs=12, batch=32, seed=seed)
    write(out, fmt, steps, rows, every=5)


RUNS = {
    # underfit (kind 5): too small a model / too much regularisation / too low an LR, no class count given
    "tb_linear_k3": ("underfit", lambda p: teacher_run(p, k=3, fmt="tb", model="linear", lin=1.0)),
    "lightning_linear_k5": ("underfit", lambda p: teacher_run(p, k=5, fmt="lightning", model="linear", lin=1.0)),
    "keras_bottleneck_k10": ("underfit", lambda p: teacher_run(p, k=10, fmt="keras", model="b1")),
    "hf_linear_k20": ("underfit", lambda p: teacher_run(p, k=20, fmt="hf", model="linear", lin=1.0)),
    "tb_linear_k100": ("underfit", lambda p: teacher_run(p, k=100, fmt="tb", model="linear", n=6000, lin=1.0)),
    "tb_weight_decay_k10": ("underfit", lambda p: teacher_run(p, k=10, fmt="tb", model="mlp", wd=5.0, lr=3e-3)),
    "lightning_low_lr_k20": ("underfit", lambda p: teacher_run(p, k=20, fmt="lightning", model="mlp", sgd=True,
                                                               lr=0.01)),
    "keras_digits_bottleneck": ("underfit", lambda p: digits_run(p, fmt="keras", model="b1")),
    # healthy siblings: the same tasks learned, language models, a fine-tune
    "tb_mlp_k10": ("healthy", lambda p: teacher_run(p, k=10, fmt="tb", model="mlp", lr=3e-3, wd=0.05, epochs=10)),
    "lightning_mlp_k5": ("healthy", lambda p: teacher_run(p, k=5, fmt="lightning", model="mlp", lr=3e-3, wd=0.05,
                                                          epochs=10)),
    "keras_digits_mlp": ("healthy", lambda p: digits_run(p, fmt="keras", model="mlp", epochs=20)),
    "hf_word_lm": ("healthy", lambda p: lm_run(p, v=2000, sharp=2.0, steps=500, batch=256)),
    "tb_char_lm": ("healthy", lambda p: lm_run(p, v=65, fmt="tb", sharp=3.0)),
    "hf_finetune": ("healthy", lambda p: finetune_run(p)),
    # other kinds
    "wandb_collapse_to_chance": ("diverged", lambda p: digits_run(p, fmt="wandb", model="mlp", epochs=30,
                                                                  collapse_at=10)),
    "keras_digits_overfit": ("overfit", lambda p: digits_run(p, fmt="keras", model="big", epochs=60, lr=1e-3)),
    "tb_lr_zero_k10": ("stalled", lambda p: teacher_run(p, k=10, fmt="tb", model="mlp", lr=1e-7)),
    "tb_lr_blowup": ("nan", lambda p: teacher_run(p, k=5, fmt="tb", model="mlp", sgd=True, lr=1e6, epochs=5)),
}

run_dir = run_dir_fixture({name: make for name, (_, make) in RUNS.items()}, "unseen")


def _by(label: str) -> list[str]:
    return [name for name, (lab, _) in RUNS.items() if lab == label]


@pytest.mark.parametrize("name", _by("underfit"))
def test_classifiers_that_cannot_fit_their_task_are_underfit_without_a_class_count(run_dir, name):
    run = verdict(run_dir(name))
    assert run.verdict == "underfit", run.analysis.summary
    assert run.analysis.confidence <= 0.8  # presumed from the log itself: not certain


@pytest.mark.parametrize("name", _by("healthy"))
def test_runs_that_learned_their_task_are_healthy(run_dir, name):
    run = verdict(run_dir(name))
    assert run.verdict == "healthy", run.analysis.summary


@pytest.mark.parametrize("name", _by("diverged") + _by("overfit") + _by("stalled") + _by("nan"))
def test_collapse_overfit_stall_and_nan_get_their_label(run_dir, name):
    run = verdict(run_dir(name))
    assert run.verdict == RUNS[name][0], run.analysis.summary


if __name__ == "__main__":  # the table of verdicts against the labels (scripts/eval_real.py prints it)
    import tempfile
    import time

    torch.set_num_threads(1)
    root = Path(tempfile.mkdtemp(prefix="unseen"))
    right = 0
    t0 = time.time()
    for name, (label, make) in RUNS.items():
        make(root / name)
        run = verdict(root / name)
        right += run.verdict == label
        print(f"{name:26s} {label:9s} {run.verdict:9s} {run.analysis.confidence:.2f}  "
              f"{'ok ' if run.verdict == label else 'MISS'} {run.analysis.summary[:90]}")
    print(f"unseen generated runs: {right}/{len(RUNS)} right ({time.time() - t0:.0f} s)")
