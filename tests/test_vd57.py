"""Stop 57 (vd57), issue 9's hard targets -- no healthy run `nan` or `diverged` -- on kinds seen in public runs.

Every run is really trained (tiny torch models on one CPU thread) and written by a real writer: TensorBoard event
files through ``torch.utils.tensorboard.SummaryWriter``, a Keras ``CSVLogger``'s ``epoch,accuracy,loss,val_accuracy,
val_loss`` CSV through ``csv``, and a Keras DCGAN script's Python-2-style printed tuples through ``print``.

- fp16 loss scaling: ``torch.amp.GradScaler`` skipping overflowing steps, the gradient norm averaged per epoch as
  facebookresearch/mae's MetricLogger does (inf from the first skip on), the loss still falling: not `nan`
  (``verdict_ampskip``). The sibling, a step with non-finite gradients applied, stays `nan`.
- a late climb of the training loss while validation accuracy holds its best: not `diverged` (``verdict_kept``). The
  sibling, a learning rate so high that accuracy collapses, stays `diverged`.
- a Keras DCGAN's ``dcgan Loss`` printed beside its ``discriminator loss``: a GAN, judged on the generator with the
  discriminator as its adversary (``curves_gan.ADV_WORDS``).
"""
from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import torch

from _runs import blobs, mlp, one_thread, run_dir_fixture, verdict  # noqa: F401 (one_thread: autouse)

F = torch.nn.functional


# ---------------------------------------------------------------------------------------------- fp16 loss scaling


def amp_scaled(out: Path, *, skip: bool = True, epochs: int = 30, steps: int = 10, sizes=(8, 32, 4),
               scale: float = 2.0 ** 90) -> None:
    """A classifier (``mlp(*sizes)``) trained through ``torch.amp.GradScaler`` whose scale starts at ``scale`` and
    doubles after every clean step up to 2**127 (it never grows to inf), so from about epoch 3 on the gradients of a
    summed loss overflow float32 at every other step (``skip``: the scaler skips those steps, as
    ``GradScaler.step`` does; else the unscaled non-finite gradients are applied by hand). Logged per epoch as MAE's
    MetricLogger does: the mean of the steps' ``loss`` and ``grad_norm`` (``clip_grad_norm_`` after ``unscale_``)."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    x, y = blobs(640, seed=1, spread=2.0, noise=0.1)
    model = mlp(*sizes)
    opt = torch.optim.SGD(model.parameters(), lr=0.02 / 64)
    scaler = torch.amp.GradScaler("cpu", init_scale=scale, growth_factor=2.0, growth_interval=1)
    writer = SummaryWriter(str(out))
    for epoch in range(epochs):
        losses, norms = [], []
        for _ in range(steps):
            idx = torch.randint(0, len(x), (64,))
            loss = F.cross_entropy(model(x[idx]), y[idx], reduction="sum")  # a summed loss: gradients 64x a mean's
            opt.zero_grad()
            scaler.scale(loss).backward()
            scaler.unscale_(opt)
            norms.append(float(torch.nn.utils.clip_grad_norm_(model.parameters(), 1e9)))
            if skip:
                scaler.step(opt)
            else:
                opt.step()
            scaler.update()
            losses.append(float(loss.detach()) / len(idx))
        writer.add_scalar("train/loss", float(np.mean(losses)), epoch)
        writer.add_scalar("train/grad_norm", float(np.mean(norms)), epoch)
    writer.close()


# ---------------------------------------------------------------------------------------------- a late climb


def keras_climb(out: Path, *, late: str | float, epochs: int = 80, switch: int = 56) -> None:
    """A 4-class classifier of overlapping blobs trained with Adam at 1e-3 (6 batches of 32 an epoch), then from epoch
    ``switch`` either with mixup on its training batches (``late="mixup"``, Beta(1, 1): soft targets, a training loss
    that rises and stays while the predictions hold) or with plain SGD at the learning rate ``late`` (raised by hand,
    not logged), written as Keras's CSVLogger writes ``history``: ``epoch,accuracy,loss,val_accuracy,val_loss``."""
    torch.manual_seed(0)
    x, y = blobs(512, seed=1, spread=1.3)
    xv, yv = blobs(256, seed=2, spread=1.3)
    model = mlp(8, 32, 4)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    rows = []
    for epoch in range(epochs):
        if epoch == switch and late != "mixup":
            opt = torch.optim.SGD(model.parameters(), lr=float(late))
        losses, hits = [], 0
        for _ in range(6):
            idx = torch.randint(0, len(x), (32,))
            xb, tb = x[idx], F.one_hot(y[idx], 4).float()
            if epoch >= switch and late == "mixup":
                lam = torch.distributions.Beta(1.0, 1.0).sample((32, 1))
                j = torch.randperm(32)
                xb, tb = lam * xb + (1 - lam) * xb[j], lam * tb + (1 - lam) * tb[j]
            logits = model(xb)
            loss = F.cross_entropy(logits, tb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(float(loss.detach()))
            hits += int((logits.argmax(1) == tb.argmax(1)).sum())
        with torch.no_grad():
            logits = model(xv)
            val_loss, val_acc = float(F.cross_entropy(logits, yv)), float((logits.argmax(1) == yv).float().mean())
        rows.append([epoch, hits / 192, float(np.mean(losses)), val_acc, val_loss])
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "training_log.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["epoch", "accuracy", "loss", "val_accuracy", "val_loss"])
        w.writerows(rows)


# ---------------------------------------------------------------------------------------------- a Keras DCGAN's prints


def dcgan_prints(out: Path, *, epochs: int = 100, every: int = 5) -> None:
    """A tiny GAN on a 1-D Gaussian (generator and discriminator MLPs, Adam), printed as rajathkmp/DCGAN's Keras
    script prints under Python 2: ``('Epoch: ', e)`` each epoch and, every ``every`` epochs, the stacked ``dcgan``
    model's ``[loss, accuracy]`` beside the discriminator's, numpy 0-d float32 arrays in a printed tuple."""
    import contextlib
    import io

    torch.manual_seed(0)
    gen, disc = mlp(4, 16, 1), mlp(1, 16, 1)
    og = torch.optim.Adam(gen.parameters(), lr=2e-3, betas=(0.5, 0.999))
    od = torch.optim.Adam(disc.parameters(), lr=2e-3, betas=(0.5, 0.999))
    bce = F.binary_cross_entropy_with_logits
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print("Using Theano backend.")
        print(("Number of epochs: ", epochs))
        for epoch in range(1, epochs + 1):
            print(("Epoch: ", epoch))
            for _ in range(8):
                real = torch.randn(64, 1) * 0.5 + 2.0
                fake = gen(torch.randn(64, 4))
                d_out = torch.cat([disc(real), disc(fake.detach())])
                d_target = torch.cat([torch.ones(64, 1), torch.zeros(64, 1)])
                d_loss = bce(d_out, d_target)
                od.zero_grad()
                d_loss.backward()
                od.step()
                g_out = disc(gen(torch.randn(64, 4)))
                g_loss = bce(g_out, torch.ones(64, 1))
                og.zero_grad()
                g_loss.backward()
                og.step()
            if epoch == 1 or epoch % every == 0:
                g_acc = float((g_out > 0).float().mean())
                d_acc = float(((d_out > 0).float() == d_target).float().mean())
                print(("after epoch: ", epoch))
                print(("dcgan Loss: ", [np.array(float(g_loss), dtype=np.float32), np.array(g_acc, dtype=np.float32)],
                       "\t discriminator loss",
                       [np.array(float(d_loss), dtype=np.float32), np.array(d_acc, dtype=np.float32)]))
    out.mkdir(parents=True, exist_ok=True)
    (out / "nohup.out").write_text(buf.getvalue())


RUNS = {
    "amp_skipped": lambda p: amp_scaled(p),
    "amp_applied": lambda p: amp_scaled(p, skip=False),
    "climb_acc_held": lambda p: keras_climb(p, late="mixup"),
    "climb_acc_lost": lambda p: keras_climb(p, late=2.0),
    "dcgan": dcgan_prints,
}
run_dir = run_dir_fixture(RUNS, "vd57")


def _finite_values(df, tag):
    v = df[df.tag == tag].sort_values("step").value.to_numpy(dtype=float)
    return v


def test_fp16_skipped_steps_averaged_per_epoch_are_no_nan(run_dir):
    import loganalyzer

    df = loganalyzer.read_scalars(run_dir("amp_skipped"))
    norm, loss = _finite_values(df, "train/grad_norm"), _finite_values(df, "train/loss")
    assert np.isfinite(norm[:2]).all() and not np.isfinite(norm[-5:]).any()  # inf from some epoch to the end
    assert np.isfinite(loss).all() and loss[-1] < loss[2]  # the loss went on learning below its level at the break
    run = verdict(run_dir("amp_skipped"))
    assert run.verdict not in ("nan", "diverged"), run.analysis.summary
    assert any("fp16 loss scaling" in f.message for f in run.analysis.findings), run.analysis.findings


def test_non_finite_gradients_applied_stay_nan(run_dir):
    run = verdict(run_dir("amp_applied"))
    assert run.verdict == "nan", run.analysis.summary


def _column(path: Path, name: str) -> list[float]:
    with open(path / "training_log.csv") as fh:
        return [float(r[name]) for r in csv.DictReader(fh)]


def test_a_late_climb_while_validation_accuracy_holds_is_not_diverged(run_dir):
    path = run_dir("climb_acc_held")
    loss, acc = _column(path, "loss"), _column(path, "val_accuracy")
    best = min(loss[:56])
    assert np.median(loss[-4:]) >= 1.5 * best  # the training loss climbed far above its best and stayed up ...
    assert acc[-1] >= max(acc) - 0.1 * (max(acc) - acc[0])  # ... while validation accuracy held its best
    run = verdict(path)
    assert run.verdict != "diverged", run.analysis.summary
    assert any(f.kind == "metric_held" for f in run.analysis.findings), run.analysis.findings


def test_a_late_climb_that_takes_the_accuracy_with_it_stays_diverged(run_dir):
    path = run_dir("climb_acc_lost")
    acc = _column(path, "val_accuracy")
    assert acc[-1] < max(acc) - 0.15 * (max(acc) - acc[0])  # it gave back 20% of its gain
    run = verdict(path)
    assert run.verdict == "diverged", run.analysis.summary


def test_a_keras_dcgan_loss_is_the_generator_beside_its_discriminator(run_dir):
    path = run_dir("dcgan")
    run = verdict(path)
    assert run.roles.get("train_loss") == "dcgan_Loss", run.roles
    gan = [f for f in run.analysis.findings if f.message.startswith("GAN:")]
    assert gan and "discriminator_loss" in gan[0].message, run.analysis.findings
    assert not math.isnan(run.analysis.confidence) and run.analysis.confidence <= 0.6


# ---------------------------------------------------------------------------------------------- a signed loss's first drop


def signed_phases(out: Path) -> None:
    """hbing-l/multi-source's printed log, written through ``logging`` with its format (``%(asctime)s %(message)s``,
    ``%Y/%m/%d %H:%M:%S``): ``epoch_out: o, epoch_in: i, loss: x`` per inner epoch of a signed combined objective (it
    goes below 0). Values hand-written in that run's shape: 1.26 at the first log, a fast fall to -1.5 over the first
    inner loop (its best), then each outer phase jumps to about 1.2 and falls to about -0.1 .. -0.3 over its inner
    loop: far below where it started, never back near its first log."""
    import logging

    from _runs import close_logger, file_logger

    out.mkdir(parents=True, exist_ok=True)
    log = file_logger(out / "0901_train.log", "%(asctime)s %(message)s", "vd57_signed")
    log.info("available device: cpu")
    rng = np.random.default_rng(0)
    first = [1.2566, 0.2516, 0.0227, -0.2561, -0.3829, -0.6373, -0.9288, -0.9469, -1.3541, -1.5250]
    later = [(1.2 + 0.2 * float(rng.standard_normal())) / (1 + 2.5 * i) - 0.02 * i - 0.1 * o / 18
             for o in range(19) for i in range(10)]  # each outer phase jumps up, then falls over its inner loop
    for n, value in enumerate(first + later):
        log.info(f"epoch_out: {n // 10}, epoch_in: {n % 10}, loss: {value!r}")
    close_logger(log)
    assert logging.getLogger("vd57_signed").handlers == []


RUNS["signed_phases"] = signed_phases


def test_a_signed_loss_far_below_its_first_log_is_no_climb(run_dir):
    run = verdict(run_dir("signed_phases"))
    assert run.roles.get("train_loss") == "loss", run.roles
    assert run.verdict not in ("diverged", "nan"), run.analysis.summary


# ---------------------------------------------------------------------------------------------- a first log far above the rest


def json_history(out: Path, *, alpha: float = 0.2, epochs: int = 50, switch: int = 30) -> None:
    """A 4-class classifier with 20% noisy labels whose output layer starts 30x too large (the first epoch's mean
    loss 2.6, far above ln 4), trained with Adam at 1e-2 (64 batches of 32 an epoch), with mixup (Beta(alpha, alpha))
    on its batches from epoch ``switch`` (a training loss that then sits 2x above its best, the predictions no
    worse); no validation. Written as a custom JSON history (``json.dump({"train_losses": [...]})``, the format of
    Ahmad-Alsaleh/GANs' ``training_history.json``)."""
    torch.manual_seed(0)
    x, y = blobs(512, seed=1, spread=1.3, noise=0.2)
    model = mlp(8, 32, 4)
    with torch.no_grad():
        model[-1].weight.mul_(30.0)
        model[-1].bias.mul_(30.0)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    history = []
    for epoch in range(epochs):
        losses = []
        for _ in range(64):
            idx = torch.randint(0, len(x), (32,))
            xb, tb = x[idx], F.one_hot(y[idx], 4).float()
            if epoch >= switch:
                lam = torch.distributions.Beta(alpha, alpha).sample((32, 1))
                j = torch.randperm(32)
                xb, tb = lam * xb + (1 - lam) * xb[j], lam * tb + (1 - lam) * tb[j]
            loss = F.cross_entropy(model(xb), tb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(float(loss.detach()))
        history.append(float(np.mean(losses)))
    out.mkdir(parents=True, exist_ok=True)
    (out / "training_history.json").write_text(json.dumps({"train_losses": history}))


def gan_history(out: Path) -> None:
    """A CycleGAN generator's history in Ahmad-Alsaleh/GANs' JSON (``train_losses``/``val_losses`` lists, one value an
    epoch), values hand-written in its shape: 4.84 at epoch 0, about 1.8 from epoch 1 (lowest 1.72 at 18), a spike
    at 20, then about 2.1 from epoch 36 to the last (1.2x its best, far below its first log); validation erratic."""
    rng = np.random.default_rng(0)
    train = [4.836] + [1.80 + 0.03 * float(rng.standard_normal()) for _ in range(35)] + \
            [2.10 + 0.03 * float(rng.standard_normal()) for _ in range(14)]
    train[18], train[20] = 1.715, 3.49
    val = [1.33 + 1.2 * abs(float(rng.standard_normal())) for _ in range(50)]
    out.mkdir(parents=True, exist_ok=True)
    (out / "training_history.json").write_text(json.dumps({"train_losses": train, "val_losses": val}))


RUNS["json_mixup"] = json_history
RUNS["gan_history"] = gan_history


def _climb(path: Path):
    import loganalyzer
    from loganalyzer.curves import find_curves
    from loganalyzer.features import run_features
    from loganalyzer.verdict_climb import late_climb

    (run,) = loganalyzer.discover(path)
    curves = find_curves(loganalyzer.load_run(run).scalars)
    return late_climb(run_features(curves), curves)


def test_a_climb_far_below_the_first_log_is_no_collapse(run_dir):
    climb = _climb(run_dir("json_mixup"))
    assert climb is not None and climb.kind == "climb", climb  # 2x its best: a climb, not "back where it started"
    run = verdict(run_dir("json_mixup"))
    assert "collapsed" not in run.analysis.summary, run.analysis.summary


def test_a_mild_late_rise_after_a_high_first_log_is_no_collapse(run_dir):
    assert _climb(run_dir("gan_history")) is None
    run = verdict(run_dir("gan_history"))
    assert run.verdict not in ("diverged", "nan"), run.analysis.summary
