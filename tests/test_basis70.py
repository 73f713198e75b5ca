"""ux69 F9: the shown confidence says what it rests on -- the learned model's probability of the label and what
lowered it -- in the JSON (``confidence_basis``), under ``--details`` and on the HTML page (its title).

Runs are trained here (tiny torch classifiers on Gaussian blobs) and logged with torch's SummaryWriter."""
from __future__ import annotations

import json

import pytest
import torch
from click.testing import CliRunner
from torch.utils.tensorboard import SummaryWriter

from loganalyzer.cli import main
from loganalyzer.verdict_base import Finding, Verdict
from loganalyzer.verdict_basis import basis

from _runs import blobs, mlp, train_epoch, verdict


def _train(root, name: str, epochs: int, nan_from: int | None = None):
    torch.manual_seed(0)
    x, y = blobs(512, seed=1)
    xv, yv = blobs(256, seed=2)
    model = mlp(8, 32, 4)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    with SummaryWriter(str(root / name)) as w:
        for epoch in range(epochs):
            loss = train_epoch(model, opt, x, y, batch=64)
            with torch.no_grad():
                val = torch.nn.functional.cross_entropy(model(xv), yv).item()
            if nan_from is not None and epoch >= nan_from:
                loss = float("nan")
            w.add_scalar("train/loss", loss, epoch)
            w.add_scalar("val/loss", val, epoch)
    return root / name


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("basis")
    _train(root, "thin", 6)
    _train(root, "long", 40)
    _train(root, "broken", 30, nan_from=20)
    return root


def test_thin_run_names_the_cap_under_the_models_probability(runs):
    run = verdict(runs / "thin")
    b = basis(run.analysis)
    assert run.verdict == "healthy" and run.confidence <= 0.5
    assert b.model is not None and b.model > run.confidence + 0.1  # the model was surer than the row shows
    assert "fewer than 10 points" in b.lowered_by
    assert b.text.startswith(f"{run.confidence:.2f}: the learned model gives healthy {b.model:.2f}; lowered by ")


def test_unlowered_run_says_only_the_models_probability(runs):
    run = verdict(runs / "long")
    b = basis(run.analysis)
    assert run.verdict == "healthy" and b.model == pytest.approx(run.confidence, abs=0.005)
    assert b.lowered_by == () and "lowered" not in b.text


def test_rule_alone_says_so(runs):
    run = verdict(runs / "broken")
    b = basis(run.analysis)
    assert run.verdict == "nan" and b.model is None
    assert "a rule decided this label without the learned model" in b.text and "lowered" not in b.text


def test_json_details_and_html_carry_the_same_sentence(runs, tmp_path):
    result = CliRunner().invoke(main, ["scan", str(runs), "-f", "json"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    by_run = {r["run"]: r for r in doc["runs"]}
    thin = by_run["thin"]
    assert thin["confidence_basis"].startswith(f"{thin['confidence']:.2f}: the learned model gives healthy ")
    assert thin["probabilities"]["healthy"] > thin["confidence"]
    details = CliRunner().invoke(main, ["scan", str(runs), "--details"], env={"COLUMNS": "400"})
    assert "confidence " + thin["confidence_basis"] in " ".join(details.stdout.split())
    out = tmp_path / "r.html"
    html = CliRunner().invoke(main, ["report", str(runs), "-o", str(out)])
    assert html.exit_code == 0, html.output
    assert 'title="' + thin["confidence_basis"].replace("&", "&amp;") in out.read_text()


def test_rules_label_against_the_model_names_both():
    v = Verdict("healthy", 0.6, "s", {}, (Finding("possible_underfit", "the learned model leans underfit"),), (),
                {"healthy": 0.3, "underfit": 0.6, "overfit": 0.1}, "rules")
    b = basis(v)
    assert b.text == ("0.60: the rules' label (the learned model gives healthy 0.30 and leans underfit 0.60); a rule's "
                      "label is capped at its fixed level; lowered by another label was weighed and set aside")
