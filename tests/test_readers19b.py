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


def _net_dump(log, layers):
    """Caffe's start-up: the solver parameters, then the net's prototxt and its layer set-up (net.cpp)."""
    log("caffe.cpp:184", "Using GPUs 0")
    log("solver.cpp:48", "Initializing solver from parameters: ")
    log.out.extend(["test_iter: 10", "test_interval: 40", "base_lr: 0.1", "display: 10", "max_iter: 120",
                    'lr_policy: "step"', "gamma: 0.1", "stepsize: 80", "average_loss: 20", "net_param {",
                    '  name: "Tiny"'])
    for i in range(layers):
        log.out.extend(["  layer {", f'    name: "ip{i}"', '    type: "InnerProduct"', f'    bottom: "h{i}"',
                        f'    top: "h{i + 1}"', "    inner_product_param {", "      num_output: 16",
                        "      weight_filler {", '        type: "msra"', "      }", "    }", "  }"])
    log.out.extend(["  layer {", '    name: "loss"', '    type: "SoftmaxWithLoss"', "    loss_weight: 1", "  }", "}"])
    for i in range(layers):
        log("net.cpp:106", f"Creating Layer ip{i}")
        log("net.cpp:150", f"Setting up ip{i}")
        log("net.cpp:157", f"Top shape: 32 16 (512)")
    log("net.cpp:165", "Memory required for data: 123456")
    log("solver.cpp:288", "Solving Tiny")


def _train_caffe(path, layers=3, steps=120, display=10, test_interval=40, modern=False):
    """A tiny classifier trained by a real loop that prints what Caffe's Solver::Step/TestAll and SGDSolver print."""
    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = (x[:, 0] + x[:, 1] > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, 80, 0.1)
    lines: list[str] = []
    log = _Glog(lines)
    _net_dump(log, layers)
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
