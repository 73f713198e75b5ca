"""readers19b: printed logs found by breaker10 (Caffe's glog training log, logs whose progress starts past a long
preamble). Every input is printed by a real tiny training loop here, in the writer's own line shapes."""
from __future__ import annotations

import datetime
import os

import pytest

from loganalyzer import read_scalars

torch = pytest.importorskip("torch")


def _series(df, tag):
    s = df[df.tag == tag]
    return list(s.step), list(s.value)


class _Glog:
    """glog's line prefix as Caffe writes it (``I0218 17:49:53.815002  7189 solver.cpp:237] ``)."""

    def __init__(self, out):
        self.out, self.t = out, datetime.datetime(2016, 2, 18, 17, 25, 11)

    def __call__(self, where, message, severity="I"):
        self.t += datetime.timedelta(milliseconds=37)
        self.out.append(f"{severity}{self.t:%m%d %H:%M:%S.%f} {os.getpid():>5} {where}] {message}")


def _net_dump(log, layers, average_loss=True):
    """Caffe's start-up: the solver parameters, then the net's prototxt and its layer set-up (net.cpp)."""
    log("caffe.cpp:184", "Using GPUs 0")
    log("solver.cpp:48", "Initializing solver from parameters: ")
    log.out.extend(["test_iter: 10", "test_interval: 40", "base_lr: 0.1", "display: 10", "max_iter: 120",
                    'lr_policy: "step"', "gamma: 0.1", "stepsize: 80"] + ["average_loss: 20"] * average_loss
                   + ["net_param {", '  name: "Tiny"'])
    for i in range(layers):
        log.out.extend(["  layer {", f'    name: "ip{i}"', '    type: "InnerProduct"', f'    bottom: "h{i}"',
                        f'    top: "h{i + 1}"', "    inner_product_param {", "      num_output: 16",
                        "      weight_filler {", '        type: "msra"', "      }", "    }", "  }"])
    log.out.extend(["  layer {", '    name: "loss"', '    type: "SoftmaxWithLoss"', "    loss_weight: 1", "  }", "}"])
    for i in range(layers):
        log("net.cpp:106", f"Creating Layer ip{i}")
        log("net.cpp:150", f"Setting up ip{i}")
        log("net.cpp:157", "Top shape: 32 16 (512)")
    log("net.cpp:165", "Memory required for data: 123456")
    log("solver.cpp:288", "Solving Tiny")


def _train_caffe(path, layers=3, steps=120, display=10, test_interval=40, modern=False, average_loss=True):
    """A tiny classifier trained by a real loop that prints what Caffe's Solver::Step/TestAll and SGDSolver print."""
    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = (x[:, 0] + x[:, 1] > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, 80, 0.1)
    lines: list[str] = []
    log = _Glog(lines)
    _net_dump(log, layers, average_loss)
    window: list[float] = []
    expect = {"loss": [], "Train_loss": [], "Train_acc": [], "lr": [], "Test_loss": [], "Test_acc": []}
    for it in range(steps + 1):
        if it % test_interval == 0 and it > 0:
            log("solver.cpp:341", f"Iteration {it}, Testing net (#0)")
            with torch.no_grad():
                out = model(x[:128])
                tl, ta = torch.nn.functional.cross_entropy(out, y[:128]).item(), (out.argmax(1) == y[:128]).float().mean().item()
            log("solver.cpp:409", f"    Test net output #0: acc = {ta:g}")
            log("solver.cpp:409", f"    Test net output #1: loss = {tl:g} (* 1 = {tl:g} loss)")
            expect["Test_acc"].append((it, float(f"{ta:g}")))
            expect["Test_loss"].append((it, float(f"{tl:g}")))
        if it == steps:
            break
        idx = torch.randint(0, 256, (32,))
        out = model(x[idx])
        loss = torch.nn.functional.cross_entropy(out, y[idx])
        acc = (out.argmax(1) == y[idx]).float().mean().item()
        opt.zero_grad()
        loss.backward()
        window = (window + [loss.item()])[-20:]
        if it % display == 0:
            smoothed = sum(window) / len(window)
            head = f"Iteration {it} (120.5 iter/s, 0.08s/{display} iters)" if modern else f"Iteration {it}"
            log("solver.cpp:237", f"{head}, loss = {smoothed:g}")
            log("solver.cpp:253", f"    Train net output #0: acc = {acc:g}")
            log("solver.cpp:253", f"    Train net output #1: loss = {loss.item():g} (* 1 = {loss.item():g} loss)")
            lr = opt.param_groups[0]["lr"]
            log("sgd_solver.cpp:106", f"Iteration {it}, lr = {lr:g}")
            expect["loss"].append((it, float(f"{smoothed:g}")))
            expect["Train_acc"].append((it, float(f"{acc:g}")))
            expect["Train_loss"].append((it, float(f"{loss.item():g}")))
            expect["lr"].append((it, float(f"{lr:g}")))
        opt.step()
        sched.step()
    log("solver.cpp:459", f"Snapshotting to binary proto file tiny_iter_{steps}.caffemodel")
    log("solver.cpp:326", "Optimization Done.")
    log("caffe.cpp:215", "Optimization Done.")
    path.write_text("\n".join(lines) + "\n")
    return expect


@pytest.mark.parametrize("modern", [False, True])
def test_caffe_log_every_series_at_its_iteration(tmp_path, modern):
    """Caffe's display loss, train/test net outputs and lr; test outputs at their 'Testing net' iteration (never the
    display before it); the parameter dump (average_loss: 20, base_lr, loss_weight) gives no series."""
    expect = _train_caffe(tmp_path / "train.log", modern=modern)
    df = read_scalars(tmp_path)
    assert set(df.tag.unique()) == set(expect)
    for tag, points in expect.items():
        steps, values = _series(df, tag)
        assert steps == [s for s, _ in points], tag
        assert values == pytest.approx([v for _, v in points]), tag
    assert _series(df, "Test_loss")[0] == [40, 80, 120]
    assert _series(df, "lr")[1][-1] == pytest.approx(0.01)


def test_caffe_log_past_a_long_net_dump(tmp_path):
    """A Caffe log whose net dump fills far more than the 8 KB head (no loss word in it) is found in a folder scan
    and read whole."""
    expect = _train_caffe(tmp_path / "resnet.log", layers=120, average_loss=False)
    text = (tmp_path / "resnet.log").read_text()
    assert text.index("Iteration 0") > 8192 and "oss" not in text[:8192]
    df = read_scalars(tmp_path)
    assert _series(df, "Test_acc")[0] == [40, 80, 120]
    assert _series(df, "loss")[1] == pytest.approx([v for _, v in expect["loss"]])


# modded-nanogpt's train_gpt.py: the script logs its own source first (code = open(sys.argv[0]).read(); print0(code)),
# a separator, then 'step:N/M val_loss:X train_time:Tms step_avg:Ams' lines. The hyper-parameters and helpers come
# first (no loss word in the first 8 KB), the loop last.
_SCRIPT = '''import os
import sys
with open(sys.argv[0]) as f:
    code = f.read()  # read the code of this file ASAP, for logging
import time
from dataclasses import dataclass

import torch
from torch import nn
import torch.nn.functional as F

# -----------------------------------------------------------------------------
# The model: a tiny MLP standing in for the GPT of the original script.
''' + "".join(f'''
@dataclass
class Block{i}Config:
    """Settings of block {i}."""
    width: int = 16
    depth: int = 1
    scale: float = {1.0 + i / 100}


def block{i}(width):
    layer = nn.Linear(width, width)
    nn.init.zeros_(layer.bias)
    return layer
''' for i in range(45)) + '''

@dataclass
class Hyperparameters:
    num_iterations: int = 60
    val_every: int = 20
    lr: float = 0.05


args = Hyperparameters()
print(code)
print("=" * 100)
torch.manual_seed(0)
x = torch.randn(256, 8)
y = x @ torch.randn(8, 1)
model = nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 1))
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
t0 = time.perf_counter()
for step in range(args.num_iterations + 1):
    last_step = step == args.num_iterations
    if last_step or step % args.val_every == 0:
        with torch.no_grad():
            val_loss = F.mse_loss(model(x[:64]), y[:64]).item()
        ms = 1000 * (time.perf_counter() - t0)
        print(f"step:{step}/{args.num_iterations} val_loss:{val_loss:.4f} train_time:{ms:.0f}ms step_avg:nanms")
    if last_step:
        break
    loss = F.mse_loss(model(x[64:]), y[64:])
    opt.zero_grad()
    loss.backward()
    opt.step()
    ms = 1000 * (time.perf_counter() - t0)
    print(f"step:{step + 1}/{args.num_iterations} train_time:{ms:.0f}ms step_avg:{ms / (step + 1):.2f}ms")
'''


def test_printed_source_then_progress_named_on_the_command_line(tmp_path):
    """A record named by a uuid (``<uuid>.txt``) holding the script's source, then its progress, given by name: read,
    its val_loss at the evaluated steps only (the source's ``val_loss = ...`` line is no point)."""
    import subprocess
    import sys

    script = tmp_path / "train_gpt.py"
    script.write_text(_SCRIPT)
    out = tmp_path / "81074c42-378a-4231-a37d-10f5c477a78c.txt"
    with open(out, "w") as f:
        subprocess.run([sys.executable, str(script)], stdout=f, check=True, cwd=tmp_path,
                       env={**os.environ, "OMP_NUM_THREADS": "1"})
    text = out.read_text()
    assert text.index("step:0/") > 8192 and "loss" not in text[:8192]
    df = read_scalars(out)
    steps, values = _series(df, "val_loss")
    assert steps == [0, 20, 40, 60]
    printed = [float(line.split("val_loss:")[1].split()[0]) for line in text.splitlines() if line.startswith("step:")
               and "val_loss:" in line]
    assert values == pytest.approx(printed)


def _coco_summary(ap: float) -> list[str]:
    """The twelve lines of pycocotools' ``COCOeval.summarize()`` (its ``_summarize`` template), AP first."""
    template = " {:<18} {} @[ IoU={:<9} | area={:>6s} | maxDets={:>3d} ] = {:0.3f}"
    rows = [(1, "0.50:0.95", "all", 100), (1, "0.50", "all", 100), (1, "0.75", "all", 100),
            (1, "0.50:0.95", "small", 100), (1, "0.50:0.95", "medium", 100), (1, "0.50:0.95", "large", 100),
            (0, "0.50:0.95", "all", 1), (0, "0.50:0.95", "all", 10), (0, "0.50:0.95", "all", 100),
            (0, "0.50:0.95", "small", 100), (0, "0.50:0.95", "medium", 100), (0, "0.50:0.95", "large", 100)]
    return [template.format("Average Precision" if p else "Average Recall", "(AP)" if p else "(AR)", iou, area, dets,
                            ap * (1.0 - i / 24)) for i, (p, iou, area, dets) in enumerate(rows)]


def test_mpirun_tag_output_rank0_and_coco_summary(tmp_path):
    """``mpirun --tag-output`` (Horovod): every line prefixed ``[1,<rank>]<stderr>:``, every rank's start-up output
    first (far past 8 KB, no loss word). Rank 0's curve is read (its loss components per batch, not rank 1's), and the
    COCO summary it prints after each epoch gives val_bbox/AP per epoch."""
    import io
    import logging

    ranks, stream = 4, io.StringIO()
    loggers = []
    for r in range(ranks):
        logger = logging.getLogger(f"readers19b.rank{r}")
        logger.handlers.clear()
        logger.propagate = False
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter(f"[1,{r}]<stderr>:%(levelname)s:root:%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        loggers.append(logger)
    for line in range(30):  # every rank's start-up: environment, Horovod/NCCL set-up
        for r in range(ranks):
            loggers[r].info(f"NCCL INFO Ring {line:02d} : {r} -> {(r + 1) % ranks} [receive] via NET/Socket/0 "
                            f"channel {line} nranks {ranks} cudaDev {r} busId {r:x}000 - Init COMPLETE")
    models, opts = [], []
    for r in range(ranks):
        torch.manual_seed(r)
        models.append(torch.nn.Linear(4, 1))
        opts.append(torch.optim.SGD(models[-1].parameters(), lr=0.1))
    torch.manual_seed(99)
    x = torch.randn(64, 4)
    y = x @ torch.tensor([1.0, -1.0, 0.5, 2.0])
    rank0, aps = [], []
    for epoch in range(3):
        for batch in range(20):
            for r in range(ranks):
                loss = torch.nn.functional.mse_loss(models[r](x).squeeze(1), y)
                opts[r].zero_grad()
                loss.backward()
                opts[r].step()
                if batch % 5 == 4:
                    conf, l1 = loss.item(), loss.item() / 4
                    loggers[r].info(f"[Epoch {epoch}][Batch {batch}], Speed: {100 + r:.3f} samples/sec, "
                                    f"RPN_Conf={conf:.3f},RPNL1Loss={l1:.3f}")
                    if r == 0:
                        rank0.append(float(f"{conf:.3f}"))
        ap = 0.1 * (epoch + 1)
        aps.append(float(f"{ap:.3f}"))
        loggers[0].info(f"[Epoch {epoch}] Validation:")
        stream.write("[1,0]<stdout>:Evaluate annotation type *bbox*\n")
        stream.write("".join(f"[1,0]<stderr>:{line}\n" for line in _coco_summary(ap)))
    text = stream.getvalue()
    assert text.index("Batch") > 8192 and "oss" not in text[:8192]
    (tmp_path / "mask_rcnn_train_horovod.log").write_text(text)
    df = read_scalars(tmp_path)
    steps, values = _series(df, "RPN_Conf")
    assert values == pytest.approx(rank0)
    assert steps == sorted(steps) and len(set(steps)) == len(steps)
    ap_steps, ap_values = _series(df, "val_bbox/AP")
    assert ap_values == pytest.approx(aps)
    assert len(ap_steps) == 3 and ap_steps == sorted(ap_steps)
    assert _series(df, "val_bbox/AR100")[1] == pytest.approx([float(f"{a * (1 - 8 / 24):.3f}") for a in aps])
