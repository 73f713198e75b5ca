"""Reader kinds of the sets opened at stop 66 (197-204), round g, each failing on int66, with guards:

- LibFewShot's trainer (public libfsaudio197, RL-VIG/LibFewShot ``core/trainer.py``): each pass under a banner
  (``============ Train on the train set ============``, ``... Validation on the val set ...``, ``... Testing on the
  test set ...``), ``Epoch-(N): [i/M]\\tTime v (avg)\\tCalc ..\\tData ..\\tLoss v (avg)\\tAcc@1 v (avg)`` lines and
  `` * Acc@1 x`` after each pass: the loss was read as the last batch's value (not the pass's average), the
  validation and test passes were not read and the training pass's `` * Acc@1`` was read as ``val_Acc@1``;
- MetaCalibration's ProtoNet eval (public metacal197): ``val_epoch is 200, acc is 0.44, ci95 is 0.01`` read as more
  points of the training's ``acc`` at the last step (and ``val_epoch`` as a series);
- Transfer-Learning-Library's closing test of the best checkpoint (public dhtllib198): the ``Test:`` pass between
  ``best_acc1 = ..`` and ``test_acc1 = ..`` appended to ``val_Loss``/``val_Acc@1`` at the last step.
"""
from __future__ import annotations

import logging
import subprocess
import sys

import torch

from _runs import read_resolved, series_by_step


class _Meter:
    """LibFewShot's ``AverageMeter``: the last value and the running average."""

    def __init__(self):
        self.val, self.sum, self.n = 0.0, 0.0, 0

    def update(self, v):
        self.val, self.sum, self.n = v, self.sum + v, self.n + 1

    @property
    def avg(self):
        return self.sum / self.n


def _libfs_log(path, epochs: int = 3, batches: int = 4, every: int = 2) -> dict:
    """A tiny real training logged as LibFewShot's trainer logs it (its logger format, banners and meter lines).
    Returns {series: [value at each epoch's pass end]} (rounded as printed)."""
    logger = logging.getLogger(f"core.trainer.{path.stem}")
    logger.setLevel(logging.INFO)
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s [%(levelname)s] core.trainer: %(message)s"))
    logger.addHandler(handler)
    torch.manual_seed(0)
    model = torch.nn.Linear(5, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    data = {s: [(torch.randn(15, 5) + k, torch.randint(0, 3, (15,))) for k in range(batches)]
            for s in ("train", "val", "test")}
    for split in data:
        for x, y in data[split]:
            x[:, 0] += y * 1.5
    out: dict = {"Loss": [], "Acc@1": [], "val_Acc@1": [], "test_Acc@1": []}
    logger.info("load 448695 train image with 351 label.")
    for epoch in range(epochs):
        for phase, banner in (("train", "Train on the train set"), ("val", "Validation on the val set"),
                              ("test", "Testing on the test set")):
            logger.info(f"============ {banner} ============")
            t, c, d, loss_m, acc_m = _Meter(), _Meter(), _Meter(), _Meter(), _Meter()
            for i, (x, y) in enumerate(data[phase]):
                with torch.set_grad_enabled(phase == "train"):
                    logits = model(x)
                    loss = torch.nn.functional.cross_entropy(logits, y)
                if phase == "train":
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                acc = (logits.argmax(1) == y).float().mean().item() * 100
                for m, v in ((t, 0.24), (c, 0.23), (d, 0.001), (loss_m, loss.item()), (acc_m, acc)):
                    m.update(v)
                if (i + 1) % every == 0 or i + 1 == batches:
                    line = (f"Epoch-({epoch}): [{i + 1}/{batches}]\tTime {t.val:.3f} ({t.avg:.3f})\t"
                            f"Calc {c.val:.3f} ({c.avg:.3f})\tData {d.val:.3f} ({d.avg:.3f})\t")
                    if phase == "train":
                        line += f"Loss {loss_m.val:.3f} ({loss_m.avg:.3f})\t"
                    logger.info(line + f"Acc@1 {acc_m.val:.3f} ({acc_m.avg:.3f})")
            if phase == "train":
                logger.info(f" * Acc@1 {acc_m.avg:.3f} ")
                out["Loss"].append(round(loss_m.avg, 3))
                out["Acc@1"].append(round(acc_m.avg, 3))
            else:
                logger.info(f" * Acc@1 {acc_m.avg:.3f} Best acc -inf")
                out[f"{phase}_Acc@1"].append(round(acc_m.avg, 3))
    logger.removeHandler(handler)
    handler.close()
    return out


def test_libfewshot_passes(tmp_path):
    """The training's running averages are its series; each validation / test pass is one point, its average."""
    want = _libfs_log(tmp_path / "CPEANet-train.log")
    df, warned = read_resolved(tmp_path / "CPEANet-train.log")
    tags = set(df.tag.astype(str))
    assert tags == {"Loss", "Acc@1", "val_Acc@1", "test_Acc@1"}  # no clocks (Time, Calc, Data)
    steps, loss = series_by_step(df, "Loss")
    ends = [v for s, v in zip(steps, loss) if s % 4 == 0]
    assert ends == want["Loss"]  # the bracketed average, not the last batch's
    assert series_by_step(df, "Acc@1")[1][1::2] == want["Acc@1"]
    for name in ("val_Acc@1", "test_Acc@1"):
        s, v = series_by_step(df, name)
        assert v == want[name]  # the pass's last line only, not its first half
        assert s == [4, 8, 12]  # at the training's step before


def test_libfewshot_one_line_a_pass(tmp_path):
    """LibFewShot's default on a short pass: only the ``[M/M]`` line is printed (public libfsaudio197)."""
    want = _libfs_log(tmp_path / "train.log", every=4)
    df, _ = read_resolved(tmp_path / "train.log")
    assert series_by_step(df, "Loss") == ([4, 8, 12], want["Loss"])
    assert series_by_step(df, "val_Acc@1")[1] == want["val_Acc@1"]


# ---------------------------------------------------------------- '<split>_epoch is N, acc is x, ci95 is y'


def _metacal_log(path, iterations: int = 10, every: int = 2, save: int = 4) -> dict:
    """MetaCalibration's ProtoNet script (public metacal197): training prints ``iter: N, loss_all: x, acc: y`` every
    ``every`` iterations; the eval run then loads each saved model (every ``save`` iterations) and prints
    ``val_epoch is N, acc is x, ci95 is y`` and ``test_epoch is N, ...`` (N: the model's iteration).
    A tiny real training (a linear head on random features)."""
    torch.manual_seed(0)
    x, y = torch.randn(60, 4), torch.randint(0, 3, (60,))
    x[:, 0] += y * 1.2
    model = torch.nn.Linear(4, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    saved, out = {}, {"val_acc": [], "test_acc": []}
    with open(path, "w") as f:
        print("Namespace(datasource='huffpost', num_classes=5, metatrain_iterations=%d, train=1)" % iterations, file=f)
        for it in range(1, iterations + 1):
            loss = torch.nn.functional.cross_entropy(model(x[:40]), y[:40])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if it % every == 0:
                acc = (model(x[:40]).argmax(1) == y[:40]).float().mean().item()
                print(f"iter: {it}, loss_all: {loss.item()}, acc: {acc}", file=f)
            if it % save == 0:
                saved[it] = {k: v.clone() for k, v in model.state_dict().items()}
        print("Namespace(datasource='huffpost', num_classes=5, metatrain_iterations=%d, train=0)" % iterations, file=f)
        for it, state in saved.items():
            model.load_state_dict(state)
            for split, rows in (("val", slice(40, 50)), ("test", slice(50, 60))):
                acc = (model(x[rows]).argmax(1) == y[rows]).float().mean().item()
                print(f"{split}_epoch is {it}, acc is {acc}, ci95 is 0.0103", file=f)
                out[f"{split}_acc"].append((it, round(acc, 4)))
    return out


def test_split_epoch_is_lines(tmp_path):
    """``val_epoch is N, acc is x``: the validation's accuracy at N (not more points of the training's ``acc``)."""
    want = _metacal_log(tmp_path / "huffpost-train-eval.out")
    df, _ = read_resolved(tmp_path / "huffpost-train-eval.out")
    steps, acc = series_by_step(df, "acc")
    assert steps == [2, 4, 6, 8, 10]  # the training's only
    for name in ("val_acc", "test_acc"):
        s, v = series_by_step(df, name)
        assert list(zip(s, [round(a, 4) for a in v])) == want[name]
    assert not {"val_epoch", "test_epoch"} & set(df.tag.astype(str))


# ---------------------------------------------------------------- tllib's closing test of the best checkpoint


def _tllib_final_script() -> str:
    """Transfer-Learning-Library's dann.py shape: train, ``utils.validate`` (``Test: [i/N]`` + `` * Acc@1``) each
    epoch, then ``best_acc1 = ..``, the best checkpoint's test pass and ``test_acc1 = ..``."""
    from test_printed_logs import IMAGENET
    head = IMAGENET[:IMAGENET.index("torch.manual_seed(0)")]
    return head + r"""
import copy
torch.manual_seed(0)
x = torch.randn(400, 8); y = (x[:, 0] > 0).long()
model = torch.nn.Linear(8, 2); opt = torch.optim.SGD(model.parameters(), lr=0.5)
def accuracy(out, t):
    return (out.argmax(1) == t).float().mean().item() * 100
def validate(lo, hi, tag):
    vmeters = [AverageMeter('Time', ':6.3f'), AverageMeter('Loss', ':.4e'), AverageMeter('Acc@1', ':6.2f')]
    vprogress = ProgressMeter(10, vmeters, prefix='Test: ')
    with torch.no_grad():
        for i in range(10):
            xs, ys = x[lo + i * 8:lo + 8 + i * 8], y[lo + i * 8:lo + 8 + i * 8]
            out = model(xs)
            for m, v in zip(vmeters, (0.01, torch.nn.functional.cross_entropy(out, ys).item(), accuracy(out, ys))):
                m.update(v, 8)
            if i % 3 == 0 or i == 9:
                vprogress.display(i)
    print(' * Acc@1 {top1.avg:.3f}'.format(top1=vmeters[2]))
    print(tag, vmeters[1].avg, vmeters[2].avg, file=sys.stderr)
    return vmeters[2].avg
best, best_state = -1, None
for epoch in range(4):
    meters = [AverageMeter('Time', ':5.2f'), AverageMeter('Loss', ':6.2f'), AverageMeter('Cls Acc', ':3.1f')]
    progress = ProgressMeter(25, meters, prefix="Epoch: [{}]".format(epoch))
    for i in range(25):
        out = model(x[i * 8:(i + 1) * 8]); loss = torch.nn.functional.cross_entropy(out, y[i * 8:(i + 1) * 8])
        opt.zero_grad(); loss.backward(); opt.step()
        for m, v in zip(meters, (0.01, loss.item(), accuracy(out, y[i * 8:(i + 1) * 8]))):
            m.update(v, 8)
        if i % 10 == 0:
            progress.display(i)
    acc1 = validate(200, 280, "VAL")
    if acc1 > best:
        best, best_state = acc1, copy.deepcopy(model.state_dict())
print("best_acc1 = {:3.1f}".format(best))
model.load_state_dict(best_state)
acc1 = validate(300, 380, "TEST")
print("test_acc1 = {:3.1f}".format(acc1))
"""


def test_tllib_closing_test_is_no_validation(tmp_path):
    """The best checkpoint's test pass after ``best_acc1 = ..``: ``test_`` named, not a fifth validation point."""
    path = tmp_path / "train-2023-05-03-22_20_32.txt"
    with open(path, "wb") as f:
        done = subprocess.run([sys.executable, "-c", _tllib_final_script()], stdout=f, stderr=subprocess.PIPE,
                              timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line.split() for line in done.stderr.decode().splitlines() if line.startswith(("VAL", "TEST"))]
    df, _ = read_resolved(path)
    val_loss = series_by_step(df, "val_Loss")[1]
    assert len(val_loss) == 4
    assert [round(v, 2) for v in series_by_step(df, "val_Acc@1")[1]] == [round(float(r[2]), 2) for r in rows[:4]]
    assert len(series_by_step(df, "test_Acc@1")[1]) == 1
    assert round(series_by_step(df, "test_Acc@1")[1][0], 2) == round(float(rows[4][2]), 2)
    assert abs(series_by_step(df, "test_Loss")[1][0] - float(rows[4][1])) < 0.1
