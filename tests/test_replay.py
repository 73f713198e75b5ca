"""Checkpoint replay (``loganalyzer replay``, ``scan --replay``): planted faults in tiny real models, with exact
numbers; every checkpoint format written by its real writer (Lightning Trainer.fit, safetensors, torch.save,
TorchScript, torch.export); the gradient-histogram path on sample_logs."""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
from click.testing import CliRunner  # noqa: E402
from torch import nn  # noqa: E402

from loganalyzer.cli import main  # noqa: E402
from loganalyzer.replay import ReplayError, replay  # noqa: E402
from loganalyzer.replay.histograms import read_histogram_report  # noqa: E402

SAMPLE_MLP = Path(__file__).resolve().parent.parent / "sample_logs" / "tensorboard" / "deep_sigmoid_mlp"

MODELS = '''
from collections import OrderedDict
import torch
from torch import nn


def _he(model):
    for layer in model:
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            nn.init.zeros_(layer.bias)
    return model


def mlp():
    torch.manual_seed(0)
    return _he(nn.Sequential(OrderedDict(fc1=nn.Linear(8, 16), act1=nn.ReLU(), fc2=nn.Linear(16, 16),
                                         act2=nn.ReLU(), fc3=nn.Linear(16, 3))))


def blocked():
    torch.manual_seed(0)
    return _he(nn.Sequential(OrderedDict(fc1=nn.Linear(8, 16), act1=nn.ReLU(), fc2=nn.Linear(16, 16),
                                         sig=nn.Sigmoid(), fc3=nn.Linear(16, 3))))


def sig():
    torch.manual_seed(0)
    return _he(nn.Sequential(OrderedDict(fc1=nn.Linear(8, 16), sig=nn.Sigmoid(), fc2=nn.Linear(16, 3))))
'''


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    path = tmp_path_factory.mktemp("models") / "models.py"
    path.write_text(MODELS)
    namespace: dict = {}
    exec(compile(MODELS, str(path), "exec"), namespace)
    return path, namespace


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    g = torch.Generator().manual_seed(1)
    inputs, targets = torch.randn(64, 8, generator=g), torch.randint(3, (64,), generator=g)
    path = tmp_path_factory.mktemp("data") / "data.pt"
    torch.save({"inputs": inputs, "targets": targets}, path)
    return path, inputs, targets


def _save(model, path):
    torch.save(model.state_dict(), path)
    return path


def _layer(report, name):
    return next(layer for layer in report.layers if layer.name == name)


def _kinds(report):
    return [(f.kind, f.layer) for f in report.findings]


DEAD = [1, 4, 7, 10, 13]


def _dead_mlp(ns, dead=DEAD):
    model = ns["mlp"]()
    with torch.no_grad():
        model.fc1.bias[dead] = -1e3
    return model


# ---------------------------------------------------------------- planted faults, exact numbers


def test_exactly_n_dead_units(models, data, tmp_path):
    path, ns = models
    model = _dead_mlp(ns)
    report = replay(_save(model, tmp_path / "c.pt"), model=f"{path}:mlp", data=str(data[0]))
    act1 = _layer(report, "act1")
    assert (act1.units, act1.dead_units, act1.nearly_dead_units) == (16, 5, 0)
    assert act1.dead_fraction == pytest.approx(5 / 16)
    with torch.no_grad():  # the next layer's count, computed directly
        h2 = model.act2(model.fc2(model.act1(model.fc1(data[1]))))
    assert _layer(report, "act2").dead_units == int(((h2 > 0).sum(0) == 0).sum())
    assert "dead_units" not in [k for k, _ in _kinds(report)]  # 31% is under the 50% rule
    assert report.samples == 64 and report.batches == 2


def test_layer_mostly_dead_is_a_finding(models, data, tmp_path):
    path, ns = models
    report = replay(_save(_dead_mlp(ns, list(range(12))), tmp_path / "c.pt"), model=f"{path}:mlp",
                    data=str(data[0]))
    found = [f for f in report.findings if f.kind == "dead_units"]
    assert [f.layer for f in found] == ["act1"]
    assert "75%" in found[0].message and "12 inactive" in found[0].message
    assert found[0].value == pytest.approx(0.75)


def test_zeroed_layer_blocks_the_gradient_before_it(models, data, tmp_path):
    path, ns = models
    model = ns["blocked"]()
    with torch.no_grad():
        model.fc2.weight.zero_()
        model.fc2.bias.zero_()
    report = replay(_save(model, tmp_path / "c.pt"), model=f"{path}:blocked", data=str(data[0]))
    assert _layer(report, "fc1").grad_mean_abs == 0.0
    assert _layer(report, "fc2").grad_mean_abs > 1e-4  # sigmoid(0) = 0.5 feeds fc3: fc2 itself still learns
    assert _layer(report, "fc2").all_zero
    kinds = _kinds(report)
    assert ("zero_layer", "fc2") in kinds and ("vanishing_gradient", "fc1") in kinds
    vanishing = next(f for f in report.findings if f.kind == "vanishing_gradient")
    assert "fc2 has all-zero weights" in vanishing.message


def test_saturated_sigmoid(models, data, tmp_path):
    path, ns = models
    model = ns["sig"]()
    with torch.no_grad():
        model.fc1.weight.mul_(100)
        pre = model.fc1(data[1])
    expected = float(((pre < -23) | (pre > 17)).float().mean())
    assert expected > 0.5
    report = replay(_save(model, tmp_path / "c.pt"), model=f"{path}:sig", data=str(data[0]))
    sig = _layer(report, "sig")
    assert sig.saturated_fraction == pytest.approx(expected, abs=1e-6)
    assert sig.saturated_fraction_5 == pytest.approx(float((pre.abs() > 5).float().mean()), abs=1e-6)
    assert ("saturation", "sig") in _kinds(report)
    # the same layer with its normal weights: not saturated
    clean = replay(_save(ns["sig"](), tmp_path / "d.pt"), model=f"{path}:sig", data=str(data[0]))
    assert _layer(clean, "sig").saturated_fraction < 0.05
    assert "saturation" not in [k for k, _ in _kinds(clean)]


def test_nan_weight(models, data, tmp_path):
    path, ns = models
    model = ns["mlp"]()
    with torch.no_grad():
        model.fc2.weight[3, 5] = float("nan")
    report = replay(_save(model, tmp_path / "c.pt"), model=f"{path}:mlp", data=str(data[0]))
    assert (_layer(report, "fc2").nan_count, _layer(report, "fc1").nan_count) == (1, 0)
    found = [f for f in report.findings if f.kind == "nan_weights"]
    assert [f.layer for f in found] == ["fc2"] and "1 NaN" in found[0].message


def test_frozen_layer_between_two_checkpoints(models, data, tmp_path):
    path, ns = models
    model = ns["mlp"]()
    old = _save(model, tmp_path / "old.pt")
    with torch.no_grad():
        model.fc1.weight.add_(0.01)
        model.fc3.weight.mul_(1.1)
    new = _save(model, tmp_path / "new.pt")
    report = replay(old, new, model=f"{path}:mlp", data=str(data[0]))
    assert _layer(report, "fc2").update_ratio == 0.0
    with torch.no_grad():
        w_old = model.fc3.weight / 1.1
        expected = float((model.fc3.weight - w_old).norm() / torch.cat([w_old.flatten(), model.fc3.bias]).norm())
    assert _layer(report, "fc3").update_ratio == pytest.approx(expected, rel=1e-4)
    assert [(f.kind, f.layer) for f in report.findings if f.kind == "frozen_layer"] == [("frozen_layer", "fc2")]
    same = replay(old, old, model=f"{path}:mlp", data=str(data[0]))
    assert [(f.kind, f.layer) for f in same.findings if f.kind == "frozen_layer"] == [("frozen_layer", None)]


def test_clean_model_raises_no_finding(models, data, tmp_path):
    path, ns = models
    report = replay(_save(ns["mlp"](), tmp_path / "c.pt"), model=f"{path}:mlp", data=str(data[0]), batch_size=16)
    assert report.findings == ()
    assert [layer.name for layer in report.layers] == ["fc1", "act1", "fc2", "act2", "fc3"]  # input -> output
    fc1 = _layer(report, "fc1")
    assert fc1.expected_std == pytest.approx(math.sqrt(2 / 8)) and fc1.init == "he"
    assert _layer(report, "fc3").init == "glorot"
    assert all(layer.grad_mean_abs > 1e-4 for layer in report.layers if layer.kind == "Linear")


def test_scaled_weights_are_bad_init(models, data, tmp_path):
    path, ns = models
    model = ns["mlp"]()
    with torch.no_grad():
        model.fc2.weight.mul_(0.01)
    report = replay(_save(model, tmp_path / "c.pt"), model=f"{path}:mlp", data=str(data[0]))
    assert [f.layer for f in report.findings if f.kind == "bad_init"] == ["fc2"]


# ---------------------------------------------------------------- checkpoint formats


def test_hf_safetensors_bin_and_checkpoint_dir(models, data, tmp_path):
    from safetensors.torch import save_file

    path, ns = models
    model = _dead_mlp(ns)
    (tmp_path / "st").mkdir()
    save_file(model.state_dict(), tmp_path / "st" / "model.safetensors")
    (tmp_path / "checkpoint-20").mkdir()
    torch.save(model.state_dict(), tmp_path / "checkpoint-20" / "pytorch_model.bin")
    for ckpt in (tmp_path / "st" / "model.safetensors", tmp_path / "checkpoint-20" / "pytorch_model.bin",
                 tmp_path / "checkpoint-20"):
        report = replay(ckpt, model=f"{path}:mlp", data=str(data[0]))
        assert _layer(report, "act1").dead_units == len(DEAD), ckpt


def test_real_huggingface_save_pretrained_and_trainer_checkpoint(models, data, tmp_path):
    """A real transformers PreTrainedModel saved by save_pretrained (model.safetensors + config.json), and an HF
    output dir in the Trainer's layout (checkpoint-N/ with trainer_state.json) scanned with --replay: the MLP sits
    under `net.` as HF models nest their modules, and the replay still finds exactly the planted dead units."""
    transformers = pytest.importorskip("transformers")
    path, ns = models

    class Config(transformers.PretrainedConfig):
        model_type = "loganalyzer_test_mlp"

    class HFMLP(transformers.PreTrainedModel):
        config_class = Config

        def __init__(self, config, dead=DEAD):
            super().__init__(config)
            self.net = _dead_mlp(ns, dead)

        def forward(self, x):
            return self.net(x)

    HFMLP(Config()).save_pretrained(tmp_path / "out")
    assert (tmp_path / "out" / "model.safetensors").is_file()
    for ckpt in (tmp_path / "out", tmp_path / "out" / "model.safetensors"):
        report = replay(ckpt, model=f"{path}:mlp", data=str(data[0]))
        assert _layer(report, "act1").dead_units == len(DEAD), ckpt
        assert [layer.name for layer in report.layers if layer.grad_mean_abs is not None] == ["fc1", "fc2", "fc3"]

    run = tmp_path / "hf_run"
    history = [{"step": s, "epoch": s / 40, "loss": 1.1 - 0.001 * s} for s in range(5, 45, 5)]
    for step in (20, 40):
        HFMLP(Config(), dead=list(range(12))).save_pretrained(run / f"checkpoint-{step}")
        state = {"global_step": step, "log_history": [h for h in history if h["step"] <= step]}
        (run / f"checkpoint-{step}" / "trainer_state.json").write_text(json.dumps(state))
    result, out = _invoke("scan", tmp_path / "hf_run", "--replay", "--model", f"{path}:mlp", "--data", data[0],
                          "-f", "json")
    assert result.exit_code == 0, out
    (scanned,) = json.loads(out)["runs"]
    assert scanned["evidence"]["replay"]["checkpoint"].endswith("checkpoint-40")  # the newest
    assert any(f["kind"] == "dead_units" and "act1: 75%" in f["message"] for f in scanned["findings"])


def test_wrapped_state_dict_and_prefix(models, data, tmp_path):
    path, ns = models
    model = _dead_mlp(ns)
    torch.save({"epoch": 3, "model_state_dict": {f"module.{k}": v for k, v in model.state_dict().items()}},
               tmp_path / "c.pt")
    report = replay(tmp_path / "c.pt", model=f"{path}:mlp", data=str(data[0]))
    assert _layer(report, "act1").dead_units == len(DEAD)


def test_torchscript_with_and_without_model(models, data, tmp_path):
    path, ns = models
    torch.jit.script(_dead_mlp(ns)).save(str(tmp_path / "s.pt"))
    bare = replay(tmp_path / "s.pt", data=str(data[0]))
    assert [layer.name for layer in bare.layers] == ["fc1", "fc2", "fc3"]
    assert all(layer.grad_mean_abs > 0 for layer in bare.layers) and "torchscript" in bare.notes[0]
    full = replay(tmp_path / "s.pt", model=f"{path}:mlp", data=str(data[0]))
    assert _layer(full, "act1").dead_units == len(DEAD)


def test_torch_export_program(models, data, tmp_path):
    path, ns = models
    program = torch.export.export(ns["mlp"](), (torch.randn(4, 8),),
                                  dynamic_shapes=({0: torch.export.Dim("batch")},))
    torch.export.save(program, tmp_path / "m.pt2")
    report = replay(tmp_path / "m.pt2", data=str(data[0]))
    assert [(layer.name, layer.kind) for layer in report.layers] == [("fc1", "Linear"), ("fc2", "Linear"),
                                                                     ("fc3", "Linear")]
    assert report.findings == ()


@pytest.fixture(scope="module")
def lightning_run(models, tmp_path_factory):
    """A real Trainer.fit (2 steps) with a ModelCheckpoint: lightning_logs/version_0/{metrics.csv, checkpoints/}."""
    pl = pytest.importorskip("pytorch_lightning")
    from pytorch_lightning.callbacks import ModelCheckpoint
    from pytorch_lightning.loggers import CSVLogger

    _, ns = models
    root = tmp_path_factory.mktemp("pl")

    class Module(pl.LightningModule):
        def __init__(self):
            super().__init__()
            self.model = _dead_mlp(ns, list(range(12)))

        def training_step(self, batch, _):
            x, y = batch
            loss = nn.functional.cross_entropy(self.model(x), y)
            self.log("train_loss", loss, on_step=True)
            return loss

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.01)

    g = torch.Generator().manual_seed(2)
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.randn(32, 8, generator=g), torch.randint(3, (32,), generator=g)),
        batch_size=16)
    trainer = pl.Trainer(max_steps=2, logger=CSVLogger(root, name="lightning_logs"), log_every_n_steps=1,
                         callbacks=[ModelCheckpoint()], enable_progress_bar=False, enable_model_summary=False,
                         accelerator="cpu", devices=1)
    trainer.fit(Module(), loader)
    run = root / "lightning_logs" / "version_0"
    checkpoints = sorted((run / "checkpoints").glob("*.ckpt"))
    assert len(checkpoints) == 1 and (run / "metrics.csv").is_file()
    return root, checkpoints[0]


def test_lightning_checkpoint(models, data, lightning_run):
    path, _ = models
    report = replay(lightning_run[1], model=f"{path}:mlp", data=str(data[0]))  # keys 'model.fc1.weight'...
    assert _layer(report, "act1").dead_units == 12
    assert ("dead_units", "act1") in _kinds(report)


# ---------------------------------------------------------------- CLI


def _invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result, result.output


def test_cli_table_json_plot_and_device_auto(models, data, tmp_path):
    path, ns = models
    ckpt = _save(_dead_mlp(ns, list(range(12))), tmp_path / "c.pt")
    result, out = _invoke("replay", ckpt, "--model", f"{path}:mlp", "--data", data[0])
    assert result.exit_code == 0, out
    assert "act1" in out and "12 (75%)" in out and "dead_units: act1: 75%" in out
    png = tmp_path / "flow.png"
    result, out = _invoke("replay", ckpt, "--model", f"{path}:mlp", "--data", data[0], "--format", "json",
                          "--device", "auto", "--plot", png)
    assert result.exit_code == 0, out
    doc = json.loads(out[out.index("{"):out.rindex("}") + 1])
    assert doc["device"] == ("cuda" if torch.cuda.is_available() else "cpu")
    assert doc["checkpoint"] == str(ckpt)
    act1 = next(layer for layer in doc["layers"] if layer["name"] == "act1")
    assert (act1["units"], act1["dead_units"], act1["dead_fraction"]) == (16, 12, 0.75)
    fc1 = next(layer for layer in doc["layers"] if layer["name"] == "fc1")
    for key in ("kind", "saturated_fraction", "grad_mean_abs", "grad_norm", "weight_std", "expected_std"):
        assert key in fc1
    assert {"kind": "dead_units", "layer": "act1"}.items() <= doc["findings"][0].items()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_refuses_pickled_module_without_trust(models, data, tmp_path):
    path, ns = models
    torch.save(ns["mlp"](), tmp_path / "whole.pt")
    result, out = _invoke("replay", tmp_path / "whole.pt", "--data", data[0])
    assert result.exit_code == 2
    assert "--trust-pickle" in out and "weights_only" in out and "Traceback" not in out
    assert not isinstance(result.exception, ReplayError)  # handled: a SystemExit, not an escaped exception
    result, out = _invoke("replay", tmp_path / "whole.pt", "--data", data[0], "--trust-pickle", "-f", "json")
    assert result.exit_code == 0, out
    assert [layer["name"] for layer in json.loads(out)["layers"]][:2] == ["fc1", "act1"]


def test_cli_missing_and_unexpected_keys(models, data, tmp_path):
    path, ns = models
    state = ns["mlp"]().state_dict()
    state["fc9.weight"] = state.pop("fc2.weight")
    torch.save(state, tmp_path / "c.pt")
    result, out = _invoke("replay", tmp_path / "c.pt", "--model", f"{path}:mlp", "--data", data[0])
    assert result.exit_code == 2
    lines = out.splitlines()
    assert "missing key: fc2.weight" in lines and "unexpected key: fc9.weight" in lines
    assert "Traceback" not in out


def test_cli_without_data_says_random_inputs_are_weak(models, tmp_path):
    path, ns = models
    ckpt = _save(ns["mlp"](), tmp_path / "c.pt")
    result, out = _invoke("replay", ckpt, "--model", f"{path}:mlp")
    assert result.exit_code == 2 and "weak substitute" in out and "--synthetic-data" in out
    result, out = _invoke("replay", ckpt, "--model", f"{path}:mlp", "--synthetic-data", "-f", "json")
    assert result.exit_code == 0, out
    assert json.loads(out[out.index("{"):out.rindex("}") + 1])["samples"] == 4 * 32


def test_cli_state_dict_needs_model(models, data, tmp_path):
    _, ns = models
    result, out = _invoke("replay", _save(ns["mlp"](), tmp_path / "c.pt"), "--data", data[0])
    assert result.exit_code == 2 and "--model" in out


# ---------------------------------------------------------------- event-file histograms, scan --replay


def test_histograms_report_vanishing_gradient_at_fc0():
    report = read_histogram_report(SAMPLE_MLP)
    assert [layer.name for layer in report.layers] == [f"fc{i}" for i in range(11)]
    assert report.layers[0].grad_mean_abs < 1e-9 < 1e-3 < report.layers[-1].grad_mean_abs
    assert [(f.kind, f.layer) for f in report.findings] == [("vanishing_gradient", "fc0")]
    result, out = _invoke("replay", SAMPLE_MLP, "-f", "json")
    assert result.exit_code == 0, out
    assert json.loads(out)["findings"][0]["layer"] == "fc0"


def test_scan_replay_adds_findings_to_the_verdict(models, data, lightning_run):
    path, _ = models
    root, _ = lightning_run
    result, out = _invoke("scan", root, "--replay", "--model", f"{path}:mlp", "--data", data[0], "-f", "json")
    assert result.exit_code == 0, out
    (run,) = json.loads(out)["runs"]
    dead = [f for f in run["findings"] if f["kind"] == "dead_units"]
    assert len(dead) == 1 and "act1: 75%" in dead[0]["message"]
    assert run["evidence"]["replay"]["findings"][0]["layer"] == "act1"
    flow = {layer["name"]: layer for layer in run["evidence"]["replay"]["layers"]}  # what the report's chart draws
    assert flow["act1"]["dead_fraction"] == 0.75 and flow["fc1"]["grad_mean_abs"] > 0
    assert any("Dead ReLUs" in a for a in run["advice"])
    # the report shares the analysis: the same replay, drawn as a gradient-flow chart beside the loss chart
    html_file = Path(root).parent / "report.html"
    result, out = _invoke("report", root, "--replay", "--model", f"{path}:mlp", "--data", data[0], "-o", html_file)
    assert result.exit_code == 0, out
    page = html_file.read_text()
    assert page.count('aria-label="gradient flow of') == 1 and "act1: 75%" in page
    result, out = _invoke("scan", root, "-f", "json")  # without --replay: no replay
    assert "dead_units" not in out and "replay" not in json.loads(out)["runs"][0]["evidence"]


def test_scan_replay_reads_gradient_histograms():
    result, out = _invoke("scan", SAMPLE_MLP, "--replay", "-f", "json")
    assert result.exit_code == 0, out
    (run,) = json.loads(out)["runs"]
    assert run["findings"][0]["kind"] == "vanishing_gradient" and "fc0" in run["findings"][0]["message"]
    flow = run["evidence"]["replay"]["layers"]
    assert [layer["name"] for layer in flow] == [f"fc{i}" for i in range(11)] and flow[0]["grad_mean_abs"] < 1e-9


def test_plain_scan_and_help_do_not_import_torch(tmp_path):
    (tmp_path / "log.csv").write_text("step,loss\n0,1.0\n1,0.5\n")
    code = ("import sys; from click.testing import CliRunner; from loganalyzer.cli import main;"
            f"r = CliRunner().invoke(main, ['scan', {str(tmp_path)!r}]); assert r.exit_code == 0, r.output;"
            "r = CliRunner().invoke(main, ['replay', '--help']); assert r.exit_code == 0;"
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"]


def test_scan_replay_from_config_file(models, data, lightning_run, tmp_path):
    path, _ = models
    root, _ = lightning_run
    config = tmp_path / "loganalyzer.toml"
    config.write_text(f'replay = true\nmodel = "{path}:mlp"\ndata = "{data[0]}"\n')
    result, out = _invoke("scan", root, "--config", config, "-f", "json")
    assert result.exit_code == 0, out
    assert [f["kind"] for f in json.loads(out)["runs"][0]["findings"]].count("dead_units") == 1
