"""The learned second opinion (``verdict_second``, stop 33): the shipped JSON predicts like the scikit-learn model it
was exported from, retraining is reproducible, and on a really trained tiny torch run it moves a border label
(healthy -> underfit) saying what it saw in the logged values, at a capped confidence; nan/diverged/unknown are never
touched."""
from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import blobs, mlp, one_thread, verdict  # noqa: E402,F401  (one_thread: a fixture)

from loganalyzer import verdict_second  # noqa: E402
from loganalyzer.model import VerdictModel, export_sklearn  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ROWS = ROOT / "eval" / "second_model_rows.csv.gz"

pytestmark = pytest.mark.usefixtures("one_thread")


def _training_rows() -> tuple[list[str], np.ndarray, list[str]]:
    with gzip.open(ROWS, "rt") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return rows[0][2:], np.array([[float(v) for v in r[2:]] for r in rows[1:]]), [r[0] for r in rows[1:]]


def test_the_json_predicts_like_the_sklearn_model_and_retrains_byte_identical():
    HistGradientBoostingClassifier = pytest.importorskip("sklearn.ensemble").HistGradientBoostingClassifier
    shipped = json.loads((ROOT / "loganalyzer" / verdict_second.MODEL_FILE).read_text())
    names, X, y = _training_rows()
    assert tuple(names) == tuple(shipped["feature_names"]) and len(y) == shipped["meta"]["rows"]
    clf = HistGradientBoostingClassifier(**shipped["meta"]["params"]).fit(X, np.array(y))
    model = VerdictModel(shipped)
    assert model.classes == tuple(clf.classes_)
    np.testing.assert_allclose(model.predict_proba(X), clf.predict_proba(X), rtol=0, atol=1e-9)
    for row in X[::97]:  # the one-sample walk too (what a scan uses)
        np.testing.assert_allclose(model.predict_proba(row[None, :]), clf.predict_proba(row[None, :]), atol=1e-9)
    again = export_sklearn(clf, names, 1.0, shipped["meta"])
    assert json.dumps(again, separators=(",", ":")) == (ROOT / "loganalyzer" / verdict_second.MODEL_FILE).read_text()
    # it learned something: on its own training rows it agrees with the labels far above the majority's share
    agree = float(np.mean(np.array(model.classes)[model.predict_proba(X).argmax(1)] == np.array(y)))
    assert agree > 0.8 > max(y.count(c) for c in set(y)) / len(y)


def _noisy_label_run(out: Path) -> list[tuple[float, float, float]]:
    """4 Gaussian blobs (spread 1.5) with 30% of the labels redrawn (both splits: ~77% is the best accuracy any model
    can reach), an MLP 8-16-16-4 trained 10 epochs with Adam (3e-3, batches of 32); per epoch the mean training loss,
    the validation loss and accuracy go to TensorBoard. Returns (train, val, accuracy) per epoch."""
    import torch
    from torch.utils.tensorboard import SummaryWriter

    F = torch.nn.functional
    torch.manual_seed(0)
    x, y = blobs(4000, seed=1, k=4, spread=1.5, noise=0.3)
    xv, yv = blobs(1000, seed=2, k=4, spread=1.5, noise=0.3)
    net = mlp(8, 16, 16, 4)
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    w = SummaryWriter(str(out))
    logged = []
    for epoch in range(1, 11):
        total, batches = 0.0, 0
        for i in range(0, len(x), 32):
            loss = F.cross_entropy(net(x[i:i + 32]), y[i:i + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total, batches = total + float(loss.detach()), batches + 1
        with torch.no_grad():
            logits = net(xv)
            val = float(F.cross_entropy(logits, yv))
            acc = float((logits.argmax(1) == yv).float().mean())
        logged.append((total / batches, val, acc))
        w.add_scalar("train/loss", total / batches, epoch)
        w.add_scalar("val/loss", val, epoch)
        w.add_scalar("val/acc", acc, epoch)
    w.close()
    return logged


def test_a_loss_that_levelled_off_high_on_noisy_labels_is_underfit_by_the_second_opinion(tmp_path, monkeypatch):
    # the loss flattens out high from epoch 2 with training = validation (domain.md's underfit; noisy labels cap the
    # reachable loss): the rules and model said healthy (0.60), the second opinion reads underfit
    logged = _noisy_label_run(tmp_path)
    assert logged[-1][0] > 0.8 * logged[0][0] and abs(logged[-1][0] - logged[-1][1]) < 0.05
    run = verdict(tmp_path)
    assert run.verdict == "underfit" and run.confidence <= verdict_second.SECOND_CONFIDENCE, run.analysis.summary
    assert run.analysis.method == "second"
    (text,) = [f.message for f in run.analysis.findings if f.kind == "second_opinion"]
    assert "reads underfit (p=0." in text and "where the rules and model said healthy" in text, text
    assert "training `train/loss` first logged 0.9675 at step 1, ending near 0.8366 at step 10" in text, text
    assert "`val/acc` 0.753 at step 1, best 0.759 at step 2, last 0.755 at step 10" in text, text
    assert "(a learned second opinion; the rules and model said healthy)" in run.analysis.summary
    assert any(f.kind == "possible_healthy" for f in run.analysis.findings)
    # without the second opinion the same run stays what the rules and model said
    monkeypatch.setattr(verdict_second, "load_second_model", lambda: None)
    assert verdict(tmp_path).verdict == "healthy"


def test_the_second_opinion_never_touches_nan_diverged_or_unknown():
    from loganalyzer.verdict_base import Verdict

    for label in ("nan", "diverged", "unknown"):
        v = Verdict(label, 0.99, "a summary")
        assert verdict_second.second_opinion(v, None, None) is v  # returns before reading any curve
