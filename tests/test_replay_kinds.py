"""Replay judged against the loss it replays (issue 9 kind 11), on tiny models really trained here: a ReLU net trained
to ~0 loss has tiny gradients everywhere (convergence, not ``vanishing_gradient``, no advice to change activations);
a net whose too-high learning rate killed a ReLU layer gets the dead units first and the vanishing gradient they cause
after, with the dead units' advice; the loss on the replayed batches is shown (CLI, JSON, scan findings and evidence);
once a checkpoint was replayed, scan advice no longer asks for a replay."""
from __future__ import annotations

import csv
import json
import math

import pytest

torch = pytest.importorskip("torch")
from click.testing import CliRunner  # noqa: E402
from _runs import one_thread  # noqa: E402,F401 (autouse)
from torch import nn  # noqa: E402

from loganalyzer.cli import main  # noqa: E402
from loganalyzer.replay import LayerStats, replay  # noqa: E402
from loganalyzer.replay.findings import ADVICE, build_findings, loss_scale  # noqa: E402
from loganalyzer.replay.runs import NOTHING_FOUND_ADVICE  # noqa: E402

MODELS = '''
from collections import OrderedDict
import torch
from torch import nn


def mlp():
    torch.manual_seed(0)
    return nn.Sequential(OrderedDict(fc1=nn.Linear(8, 32), act1=nn.ReLU(), fc2=nn.Linear(32, 32), act2=nn.ReLU(),
                                     fc3=nn.Linear(32, 3)))


def reg():
    torch.manual_seed(0)
    return nn.Sequential(OrderedDict(fc1=nn.Linear(8, 32), act1=nn.ReLU(), fc2=nn.Linear(32, 1)))
'''


@pytest.fixture(scope="module")
def world(tmp_path_factory, one_thread):
    """models.py, data.pt (64 samples, 3 classes) and three runs really trained full-batch on that data, each a
    log.csv written during training with the final weights beside it: `converged` (Adam until the loss is < 5e-8),
    `dead` (SGD at lr 10: the second ReLU layer dies, the loss stops moving), `slow` (SGD at lr 1e-6: nothing
    happens)."""
    root = tmp_path_factory.mktemp("replay_kinds")
    (root / "models.py").write_text(MODELS)
    namespace: dict = {}
    exec(compile(MODELS, str(root / "models.py"), "exec"), namespace)
    g = torch.Generator().manual_seed(1)
    x, y = torch.randn(64, 8, generator=g), torch.randint(3, (64,), generator=g)
    torch.save({"inputs": x, "targets": y}, root / "data.pt")
    plans = {"converged": (lambda p: torch.optim.Adam(p, lr=0.1), 8000),
             "dead": (lambda p: torch.optim.SGD(p, lr=10.0), 400),
             "slow": (lambda p: torch.optim.SGD(p, lr=1e-6), 400)}
    for name, (make_opt, steps) in plans.items():
        run = root / name
        run.mkdir()
        model = namespace["mlp"]()
        opt = make_opt(model.parameters())
        with open(run / "log.csv", "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["step", "loss"])
            for step in range(steps):
                opt.zero_grad()
                loss = nn.functional.cross_entropy(model(x), y)
                loss.backward()
                opt.step()
                if step % 10 == 0:
                    writer.writerow([step, float(loss.detach())])
                    if name == "converged" and float(loss.detach()) < 5e-8:
                        break
        torch.save(model.state_dict(), run / "model.pt")
    return root, namespace, x, y


def _replay(world, name, **kw):
    root = world[0]
    return replay(root / name / "model.pt", model=f"{root / 'models.py'}:mlp", data=str(root / "data.pt"), **kw)


def _trained(world, name):
    """The run's final weights in a fresh ``models.mlp()``."""
    root, ns = world[0], world[1]
    model = ns["mlp"]()
    model.load_state_dict(torch.load(root / name / "model.pt"))
    return model


def _label_entropy(y) -> float:
    p = torch.bincount(y).double() / len(y)
    return float(-(p[p > 0] * p[p > 0].log()).sum())


# ---------------------------------------------------------------- the replay itself


def test_converged_relu_net_is_convergence_not_vanishing(world):
    _, _, x, y = world
    report = _replay(world, "converged")
    model = _trained(world, "converged")
    with torch.no_grad():
        expected = float(nn.functional.cross_entropy(model(x), y))  # the replay's 2 batches of 32 cover all 64
    assert report.loss == pytest.approx(expected, rel=0.05) and report.loss < 1e-5
    assert report.baseline_loss == pytest.approx(_label_entropy(y[:32]) / 2 + _label_entropy(y[32:]) / 2, rel=1e-9)
    # the unscaled SageMaker rule would call this vanishing: every weight layer is under 1e-7 ...
    weights = [layer for layer in report.layers if layer.grad_mean_abs is not None]
    assert weights and all(layer.grad_mean_abs < 1e-7 for layer in weights)
    assert [f.kind for f in build_findings(report.layers)] == ["vanishing_gradient"]
    # ... judged against the loss it is convergence: no finding, a note that says why
    assert report.findings == ()
    (note,) = [n for n in report.notes if n.startswith("the model fits the replayed batches")]
    assert "convergence, not a vanishing gradient" in note and f"{len(weights)} of {len(weights)} weight layers" in note


def test_dead_relu_layer_comes_before_the_vanishing_gradient_it_causes(world):
    _, _, x, y = world
    report = _replay(world, "dead")
    model = _trained(world, "dead")
    with torch.no_grad():
        h2 = model.act2(model.fc2(model.act1(model.fc1(x))))
    assert int(((h2 > 0).sum(0) > 0).sum()) == 0  # really dead: no unit of act2 fires on any sample
    assert report.loss > 0.5 * report.baseline_loss  # not converged: the thresholds are not scaled down
    kinds = [f.kind for f in report.findings]
    assert kinds.index("dead_units") < kinds.index("vanishing_gradient")
    dead = next(f for f in report.findings if f.kind == "dead_units")
    vanishing = next(f for f in report.findings if f.kind == "vanishing_gradient")
    assert dead.layer == "act2" and "100%" in dead.message
    assert vanishing.layer == "fc1" and "caused by act2: 100% of its units dead" in vanishing.message
    # a ReLU net is not told to use ReLU-family activations: the cause's advice
    assert vanishing.advice == ADVICE["dead_units"] and "ReLU-family" not in vanishing.advice


def test_cli_shows_the_replayed_loss(world):
    root = world[0]
    args = ["replay", str(root / "converged" / "model.pt"), "--model", f"{root / 'models.py'}:mlp", "--data",
            str(root / "data.pt")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Loss " in result.output and "replayed samples" in result.output and "constant prediction" in result.output
    assert "vanishing_gradient" not in result.output and "convergence, not a vanishing gradient" in result.output
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    doc = json.loads(result.output)
    assert doc["loss"] < 1e-5 and doc["baseline_loss"] == pytest.approx(1.0, abs=0.1) and doc["findings"] == []


def test_regression_converged_to_zero_mse(tmp_path, world):
    """Float targets (MSE): the reference is the targets' variance; a fit to ~0 is not vanishing either."""
    root, ns, x, _ = world
    target = x @ torch.linspace(-1, 1, 8)
    model = ns["reg"]()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(3000):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x).squeeze(1), target)
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), tmp_path / "reg.pt")
    torch.save({"inputs": x, "targets": target}, tmp_path / "reg_data.pt")
    report = replay(tmp_path / "reg.pt", model=f"{root / 'models.py'}:reg", data=str(tmp_path / "reg_data.pt"))
    halves = (target[:32], target[32:])
    assert report.baseline_loss == pytest.approx(sum(float(((t - t.mean()) ** 2).mean()) for t in halves) / 2,
                                                 rel=1e-6)
    assert report.loss < 1e-3 * report.baseline_loss
    assert "vanishing_gradient" not in [f.kind for f in report.findings]


# ---------------------------------------------------------------- the rules, on measured layers


def _layers(grad: float, dead_fraction: float | None = None):
    dead = None if dead_fraction is None else int(dead_fraction * 10)
    return (LayerStats("fc1", "Linear", 10, grad_mean_abs=grad, grad_norm=grad * 10),
            LayerStats("act1", "ReLU", 10, dead_units=dead, nearly_dead_units=0, dead_fraction=dead_fraction),
            LayerStats("fc2", "Linear", 3, grad_mean_abs=grad, grad_norm=grad * 10))


def test_thresholds_scale_with_the_loss():
    assert loss_scale(None, 1.0) is None and loss_scale(0.5, None) is None and loss_scale(float("nan"), 1.0) is None
    assert loss_scale(2.0, 1.0) == 1.0 and loss_scale(0.0, 1.0) == 0.0 and loss_scale(1e-3, 1.0) == 1e-3
    tiny = _layers(1e-9)
    assert [f.kind for f in build_findings(tiny)] == ["vanishing_gradient"]  # no loss known: SageMaker's 1e-7
    assert [f.kind for f in build_findings(tiny, loss=1.0, baseline_loss=1.1)] == ["vanishing_gradient"]
    assert build_findings(tiny, loss=1e-6, baseline_loss=1.1) == []  # ~0 loss: small gradients are expected
    scaled = build_findings(_layers(1e-15), loss=1e-6, baseline_loss=1.0)
    assert [f.kind for f in scaled] == ["vanishing_gradient"] and "1e-13 (SageMaker's 1e-7 times" in scaled[0].message


def test_a_dead_layer_blocks_even_at_low_loss_and_comes_first():
    layers = _layers(0.0, dead_fraction=1.0)
    found = build_findings(layers, loss=0.5, baseline_loss=1.0)
    assert [f.kind for f in found] == ["dead_units", "vanishing_gradient"]
    assert "caused by act1" in found[1].message and found[1].advice == ADVICE["dead_units"]
    # unexplained vanishing keeps its own advice
    assert build_findings(_layers(0.0))[0].advice == ADVICE["vanishing_gradient"]


# ---------------------------------------------------------------- scan --replay


def _scan(world, name, *extra):
    root = world[0]
    result = CliRunner().invoke(main, ["scan", str(root / name / "log.csv"), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    (run,) = json.loads(result.output)["runs"]
    return run


def _replay_args(world):
    root = world[0]
    return ("--replay", "--model", f"{root / 'models.py'}:mlp", "--data", str(root / "data.pt"))


def test_scan_of_a_converged_run_shows_the_loss_and_no_vanishing(world):
    plain = _scan(world, "converged")
    run = _scan(world, "converged", *_replay_args(world))
    assert run["verdict"] == plain["verdict"]
    kinds = [f["kind"] for f in run["findings"]]
    assert "vanishing_gradient" not in kinds and "replay_loss" in kinds
    loss_finding = next(f for f in run["findings"] if f["kind"] == "replay_loss")
    assert "the model fits the replayed batches" in loss_finding["message"]
    evidence = run["evidence"]["replay"]
    assert evidence["loss"] < 1e-5 and evidence["baseline_loss"] > 0.9 and evidence["findings"] == []
    assert not any("ReLU-family" in a or "loganalyzer replay" in a for a in run["advice"])


def test_scan_advice_stops_asking_for_a_replay_once_one_ran(world):
    plain = _scan(world, "dead")
    assert plain["verdict"] == "stalled"
    assert any("`loganalyzer replay`" in a for a in plain["advice"])  # the curves alone ask for one
    run = _scan(world, "dead", *_replay_args(world))
    assert not any("loganalyzer replay" in a for a in run["advice"])
    assert run["advice"][0] == ADVICE["dead_units"]  # what the replay measured comes first
    kinds = [f["kind"] for f in run["findings"]]
    assert kinds.index("dead_units") < kinds.index("vanishing_gradient") < kinds.index("replay_loss")
    loss_finding = next(f for f in run["findings"] if f["kind"] == "replay_loss")
    assert "replayed samples" in loss_finding["message"] and "constant prediction" in loss_finding["message"]


def test_scan_replay_that_finds_nothing_says_so(world):
    plain = _scan(world, "slow")
    assert plain["verdict"] == "stalled" and any("`loganalyzer replay`" in a for a in plain["advice"])
    run = _scan(world, "slow", *_replay_args(world))
    assert run["evidence"]["replay"]["findings"] == []
    assert NOTHING_FOUND_ADVICE in run["advice"]
    assert not any("loganalyzer replay" in a for a in run["advice"])
    loss = run["evidence"]["replay"]["loss"]
    assert math.isfinite(loss) and loss == pytest.approx(run["evidence"]["replay"]["baseline_loss"], rel=0.5)


def test_the_constant_prediction_reference_per_loss():
    from loganalyzer.replay.measure import _constant_loss

    out = torch.randn(8, 3)
    labels = torch.tensor([0, 0, 0, 0, 1, 1, 2, -100])  # -100: ignore_index, not a class
    p = torch.tensor([4 / 7, 2 / 7, 1 / 7], dtype=torch.float64)
    assert _constant_loss(out, labels, None, None) == pytest.approx(float(-(p * p.log()).sum()))
    targets = torch.arange(8.0)
    assert _constant_loss(torch.zeros(8, 1), targets, "mse", None) == pytest.approx(float(targets.var(unbiased=False)))

    def l1(pred, y):  # a custom loss: judged on the batch's mean output repeated for every sample
        return (pred.squeeze(1) - y).abs().mean()

    pred = torch.arange(8.0).unsqueeze(1)
    assert _constant_loss(pred, targets, "mine:l1", l1) == pytest.approx(float((3.5 - targets).abs().mean()))
    assert _constant_loss(pred, targets, "mine:bad", lambda a, b: a @ a) is None  # a loss that cannot take it
