"""Verdicts on real runs: sample_logs (made by training tiny torch models with known causes), the team's careful
labels of ../shared/real_logs, and the rules that must hold whatever the model says."""
import csv
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import loganalyzer
from loganalyzer.curves import find_curves
from loganalyzer.features import run_features
from loganalyzer.verdict import combine, judge, rule_scores

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_logs"
REAL = ROOT.parent / "shared" / "real_logs"
REAL_LABELS = ROOT / "eval" / "real_labels.tsv"


def _verdicts(root: Path, **judge_kw) -> dict:
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for run in loganalyzer.discover(root):
            loaded = loganalyzer.load_run(run)
            curves = find_curves(loaded.scalars, x_hint="epoch" if run.format == "keras_csv" else "step")
            out[run.id] = judge(curves, run_features(curves), **judge_kw)
    return out


def _labels(path: Path, key: str) -> dict:
    with open(path, newline="") as f:
        return {r["run"]: r for r in csv.DictReader(f, delimiter="\t")}


@pytest.fixture(scope="module")
def sample_verdicts():
    return _verdicts(SAMPLES), _verdicts(SAMPLES, model=False)


@pytest.mark.parametrize("which", ["model", "rules"])
def test_every_sample_run_gets_its_known_verdict(sample_verdicts, which):
    verdicts = sample_verdicts[0 if which == "model" else 1]
    labels = _labels(SAMPLES / "LABELS.tsv", "run")
    wrong = {run: (row["verdict"], verdicts[run].label) for run, row in labels.items()
             if verdicts[run].label != row["verdict"]}
    assert not wrong, wrong


def test_nan_evidence_names_the_first_nonfinite_step_and_the_lr(sample_verdicts):
    v = sample_verdicts[0]["tensorboard/regression_sgd_warmup_nan"]
    df = loganalyzer.read_scalars(SAMPLES / "tensorboard" / "regression_sgd_warmup_nan")
    loss = df[df.tag == v.evidence["series"]]
    first_bad = int(loss.step[~np.isfinite(loss.value)].min())
    assert v.label == "nan" and v.confidence > 0.9
    assert v.evidence["first_nonfinite_step"] == first_bad
    assert f"{first_bad:,}" in v.summary
    lr = df[df.tag == "lr"] if "lr" in set(df.tag) else None
    if lr is not None and len(lr):
        expected = float(lr[lr.step <= first_bad].value.iloc[-1])
        assert v.evidence["lr_at_first_nonfinite"] == pytest.approx(expected)
    assert 2 <= len(v.advice) <= 4


def test_every_verdict_has_a_summary_with_numbers_and_advice(sample_verdicts):
    for run, v in sample_verdicts[0].items():
        assert any(ch.isdigit() for ch in v.summary), (run, v.summary)
        assert 1 <= len(v.advice) <= 4 and 0 < v.confidence <= 1
        if v.label == "overfit":
            assert isinstance(v.evidence["best_val_step"], int)


def _tidy(series: dict) -> pd.DataFrame:
    rows = [("", tag, step, value, math.nan) for tag, points in series.items() for step, value in points]
    return pd.DataFrame(rows, columns=["dir", "tag", "step", "value", "wall_time"]).astype(
        {"dir": "category", "tag": "category", "step": "int64", "value": "float64"})


def test_no_loss_series_is_unknown_and_says_why():
    curves = find_curves(_tidy({"accuracy": [(i, 0.5 + i / 100) for i in range(20)]}))
    v = judge(curves, run_features(curves))
    assert v.label == "unknown" and "loss" in v.summary


def test_nan_takes_precedence_over_a_diverging_shape():
    climb = [(i, 0.5 * 1.3 ** i) for i in range(30)] + [(30, math.inf), (31, math.nan)]
    curves = find_curves(_tidy({"train_loss": climb}))
    v = judge(curves, run_features(curves))
    assert v.label == "nan" and v.evidence["first_nonfinite_step"] == 30
    assert v.evidence["nonfinite_value"] == "inf"


def test_a_total_rising_from_an_annealed_kl_term_is_not_divergence():
    steps = range(200)
    nll = [(i, 1.0 - 0.3 * (1 - math.exp(-i / 40))) for i in steps]  # likelihood keeps improving
    kl = [(i, 5.0) for i in steps]
    beta = [min(1.0, i / 150) for i in steps]  # KL weight annealed from 0 to 1
    total = [(i, n + b * k) for (i, n), (_, k), b in zip(nll, kl, beta)]
    curves = find_curves(_tidy({"train_loss": total, "train_nll": nll, "train_kl": kl}))
    v = judge(curves, run_features(curves), model=False)
    assert v.label != "diverged", v.summary
    assert any(f.kind == "annealed_total" for f in v.findings)


@pytest.mark.skipif(not REAL.is_dir() or not REAL_LABELS.is_file(), reason="../shared/real_logs or labels absent")
def test_real_logs_agree_with_careful_human_labels():
    human = _labels(REAL_LABELS, "run")
    verdicts = _verdicts(REAL)
    clear = {r: row["label"] for r, row in human.items() if row["clear"] == "yes" and row["label"] != "unclear"}
    agree = [r for r, label in clear.items() if verdicts[r].label == label]
    assert len(agree) >= 0.9 * len(clear), {r: (clear[r], verdicts[r].label) for r in clear if r not in agree}
    # no run a human calls healthy is called nan or diverged
    for r, row in human.items():
        if row["label"] == "healthy":
            assert verdicts[r].label not in ("nan", "diverged"), (r, verdicts[r].summary)
    # where a careful human cannot tell, the tool must not sound sure either
    for r, row in human.items():
        if row["label"] == "unclear":
            assert verdicts[r].confidence < 0.6 or verdicts[r].label == "unknown", (r, verdicts[r].summary)
    # every run a human calls nan is called nan
    for r, row in human.items():
        if row["label"] == "nan":
            assert verdicts[r].label == "nan", (r, verdicts[r].summary)


def test_number_of_classes_comes_from_hyperparameters(tmp_path):
    from torch.utils.tensorboard import SummaryWriter

    run = tmp_path / "version_0"
    w = SummaryWriter(str(run))
    for i in range(40):  # a 10-class head that starts far above ln 10 = 2.303: a scale bug
        w.add_scalar("train_loss", 40.0 * 0.9 ** i + 1.0, i)
    w.close()
    (run / "hparams.yaml").write_text("num_classes: 10\ncriterion: !!python/object:torch.nn.CrossEntropyLoss {}\n")
    (summary,) = loganalyzer.analyze(tmp_path).runs
    (finding,) = [f for f in summary.analysis.findings if f.kind == "initial_loss"]
    assert "2.303" in finding.message and "ln 10" in finding.message
    (plain,) = loganalyzer.analyze(tmp_path, num_classes=1000).runs  # ln 1000 = 6.9: 41 is still > 3x
    assert any(f.kind == "initial_loss" and "6.908" in f.message for f in plain.analysis.findings)


def _features(train, val=None, **kw):
    series = {"train_loss": train} if val is None else {"train_loss": train, "val_loss": val}
    return run_features(find_curves(_tidy(series)), **kw)


def _model_says(label: str, p: float = 0.95) -> dict:
    rest = (1 - p) / 4
    return {k: (p if k == label else rest) for k in ("diverged", "stalled", "underfit", "overfit", "healthy")}


def test_model_underfit_without_the_task_floor_is_held_back():
    # a fine-tune: 2.0 -> ~1.1 (45% lower), levelled off, validation close by
    train = [(i, 1.1 + 0.9 * math.exp(-i / 15)) for i in range(150)]
    val = [(i, 1.12 + 0.9 * math.exp(-i / 15)) for i in range(0, 150, 10)]
    f = _features(train, val)
    label, confidence, method, note = combine(rule_scores(f), _model_says("underfit"), f)
    assert (label, method) == ("healthy", "rules") and confidence <= 0.6
    assert note.kind == "possible_underfit" and "45%" in note.message and "--chance-loss" in note.message
    # told that a constant prediction scores 2.0, ending at 1.1 is high: the model's underfit stands
    f = _features(train, val, chance_loss=2.0)
    assert f.final_vs_chance == pytest.approx(0.55, abs=0.01)
    assert combine(rule_scores(f), _model_says("underfit"), f)[0] == "underfit"


def test_model_stalled_against_a_steady_fall_is_held_back():
    train = [(i, 1.0 - 0.15 * i / 99 + 0.001 * (-1) ** i) for i in range(100)]  # a steady 15% fall, little noise
    f = _features(train)
    label, confidence, _, note = combine(rule_scores(f), _model_says("stalled"), f)
    assert label != "stalled" and confidence <= 0.6 and note.kind == "possible_stalled"
    flat = _features([(i, 1.0 + 0.01 * (-1) ** i) for i in range(100)])  # barely moves: the model may say stalled
    assert combine(rule_scores(flat), _model_says("stalled"), flat)[0] == "stalled"


def test_model_overfit_within_the_evaluation_noise_is_held_back():
    rng = np.random.default_rng(0)
    train = [(i, 1.0 * math.exp(-i / 40) + 0.05) for i in range(200)]
    val = [(i, 0.3 + 0.03 * rng.standard_normal()) for i in range(0, 200, 5)]  # noisy and flat: no rise
    f = _features(train, val)
    label, _, _, note = combine(rule_scores(f), _model_says("overfit"), f)
    assert label != "overfit" and note.kind == "possible_overfit"
