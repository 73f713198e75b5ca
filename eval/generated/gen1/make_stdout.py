"""Runs whose only log is the printed stdout/stderr of the training script, captured to runs/<name>/train.log
(as a cluster job's output file would be).  Usage: python make_stdout.py [name...]"""
import sys, os, time, subprocess
from common import *

RUNS_ = {}
def run(name):
    def deco(f):
        RUNS_[name] = f; return f
    return deco


def keras_line(ep, E, nb, dt, tl, ta, vl, va):
    print(f"Epoch {ep}/{E}")
    print(f"{nb}/{nb} - {dt:.0f}s - {1000 * dt / nb:.0f}ms/step - accuracy: {ta:.4f} - loss: {tl:.4f} - val_accuracy: {va:.4f} - val_loss: {vl:.4f}", flush=True)


def epoch_loop(m, data, opt, E, bs=32, loss_fn=F.cross_entropy, printer=None, max_epochs_run=None, seed=0, sched=None,
               step_print=None, dtype=None):
    Xtr, ytr, Xva, yva = data
    g = torch.Generator().manual_seed(seed)
    n = len(Xtr); nb = math.ceil(n / bs); step = 0
    for ep in range(1, E + 1):
        t0 = time.time(); tot = cor = 0.0
        for i, idx in enumerate(torch.randperm(n, generator=g).split(bs)):
            xb = Xtr[idx] if dtype is None else Xtr[idx].to(dtype)
            out = m(xb); loss = loss_fn(out.float(), ytr[idx])
            opt.zero_grad(); loss.backward(); opt.step(); step += 1
            tot += loss.item() * len(idx)
            if out.dim() == 2 and out.shape[1] > 1:
                cor += (out.argmax(1) == ytr[idx]).sum().item()
            if step_print and step % step_print == 0:
                print(f"[step {step:5d}] loss={loss.item():.4f} lr={opt.param_groups[0]['lr']:.2e}", flush=True)
        if sched:
            sched.step()
        m.eval()
        with torch.no_grad():
            out = m(Xva if dtype is None else Xva.to(dtype)).float()
            vl = loss_fn(out, yva).item()
            va = (out.argmax(1) == yva).float().mean().item() if out.shape[1] > 1 else None
        m.train()
        printer(ep, E, nb, time.time() - t0, tot / n, cor / n, vl, va, opt.param_groups[0]["lr"])
        if max_epochs_run and ep >= max_epochs_run:
            return   # the job was killed here (time limit); its output simply ends


@run("log_digits_keras_style")
def _():
    seed_all(40); data = digits(40)
    m = mlp(64, 10, (128,), dropout=0.2); opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    print("Loading digits ... 1347 train / 450 val\nStarting training")
    epoch_loop(m, data, opt, 30, printer=lambda ep, E, nb, dt, tl, ta, vl, va, lr: keras_line(ep, E, nb, dt, tl, ta, vl, va))


@run("log_regression_pipe_noisy")
def _():
    seed_all(41); data = regression(3000, seed=41, noise=30.0)
    m = mlp(12, 1, (64, 64)); opt = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9)
    sched = torch.optim.lr_scheduler.StepLR(opt, 10, 0.5)
    print("config: bs=8 lr=0.01 momentum=0.9 step_lr(10, 0.5) epochs=30")
    epoch_loop(m, data, opt, 30, bs=8, loss_fn=F.mse_loss, sched=sched,
               printer=lambda ep, E, nb, dt, tl, ta, vl, va, lr: print(
                   f"epoch {ep:3d} | train_loss {tl:.4f} | val_loss {vl:.4f} | lr {lr:.2e} | {dt:.1f}s", flush=True))


@run("log_digits_lr_too_low")
def _():
    seed_all(42); data = digits(42)
    m = mlp(64, 10, (64,)); opt = torch.optim.SGD(m.parameters(), lr=2e-4)
    epoch_loop(m, data, opt, 40, printer=lambda ep, E, nb, dt, tl, ta, vl, va, lr: keras_line(ep, E, nb, dt, tl, ta, vl, va))


@run("log_regression_small_overfit")
def _():
    seed_all(43); Xtr, ytr, Xva, yva = regression(1500, seed=43, noise=40.0)
    m = mlp(12, 1, (256, 256)); opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    epoch_loop(m, (Xtr[:120], ytr[:120], Xva, yva), opt, 200, bs=16, loss_fn=F.mse_loss,
               printer=lambda ep, E, nb, dt, tl, ta, vl, va, lr: print(
                   f"epoch {ep} | train_loss {tl:.4f} | val_loss {vl:.4f}", flush=True))


@run("log_digits_fp16_huge_lr")
def _():
    seed_all(44); data = digits(44)
    m = mlp(64, 10, (256, 256)).half(); opt = torch.optim.SGD(m.parameters(), lr=3.0, momentum=0.9)
    print("precision=fp16 lr=3.0")
    epoch_loop(m, data, opt, 20, dtype=torch.half,
               printer=lambda ep, E, nb, dt, tl, ta, vl, va, lr: keras_line(ep, E, nb, dt, tl, ta, vl, va))


@run("log_digits_killed_epoch3")
def _():
    seed_all(45); data = digits(45)
    m = mlp(64, 10, (128, 128)); opt = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.5)
    print("max_epochs=50 batch_size=32")
    epoch_loop(m, data, opt, 50, step_print=5, max_epochs_run=3,
               printer=lambda ep, E, nb, dt, tl, ta, vl, va, lr: print(
                   f"=> epoch {ep}/{E} done: train_loss={tl:.4f} val_loss={vl:.4f} val_acc={va:.4f}", flush=True))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        RUNS_[sys.argv[2]](); sys.exit(0)
    for n in sys.argv[1:] or list(RUNS_):
        d = run_dir(n)
        t = time.time()
        with open(os.path.join(d, "train.log"), "w") as f:
            subprocess.run([sys.executable, "-u", os.path.abspath(__file__), "--one", n], stdout=f, stderr=subprocess.STDOUT,
                           cwd=os.path.dirname(os.path.abspath(__file__)))
        print(n, f"{time.time() - t:.1f}s", flush=True)
