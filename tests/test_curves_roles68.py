"""Roles of three kinds of series seen in the dev sets opened at stop 68 (sets 211-216).

- ``curves_gan``: a player's initial glued to ``loss`` (public musegan214 ``results/results.csv``, a WGAN-GP MuseGAN
  writing ``gloss,closs,cfloss,crloss,cploss`` with pandas): the critic's terms were judged as the total, diverged.
- ``curves_sigquality``: a separation model logging only SI-SDR (public polsess211 ``curve_mambatasnet_m_collapse.csv``,
  ``run_id,epoch,train_si_sdr,val_si_sdr,lr``): no loss role, `unknown`.
- ``curves_selection``: ``selection_score`` beside ``best_score`` = its running minimum (public metricgants211
  ``history.json``, ``json.dump(history, f, indent=2)`` of epoch records): not the validation loss.
Each log is written here the way the real writer wrote it (pandas ``to_csv``, ``csv.writer``, ``json.dump``).
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import verdict  # noqa: E402

from loganalyzer import read_scalars  # noqa: E402
from loganalyzer.curves import find_curves  # noqa: E402


def _curves(path: Path):
    return find_curves(read_scalars(path, resolve=True))


def test_a_critic_glued_to_loss_is_the_adversary_and_the_generator_is_judged(tmp_path):
    rng = np.random.default_rng(0)
    n = 300
    t = np.arange(n)
    g = -40 * np.exp(-t / 80) - 4 + rng.normal(0, 2, n)
    cf = -100 * np.exp(-t / 60) + rng.normal(0, 5, n) - 10
    cr = 80 * np.exp(-t / 60) + rng.normal(0, 5, n)
    cp = 100 * np.exp(-t / 30) + 5 + rng.normal(0, 1, n)
    cf[:20] -= np.linspace(1500, 0, 20)  # the early swing of the critic on fake bars (-1796 at row 2)
    df = pd.DataFrame({"gloss": g, "closs": cf + cr + cp, "cfloss": cf, "crloss": cr, "cploss": cp})
    (tmp_path / "results").mkdir()
    df.to_csv(tmp_path / "results" / "results.csv", index=False)  # MuseGAN's results.csv
    curves = _curves(tmp_path / "results")
    assert curves.train_loss.tag == "gloss"
    assert curves.adversary is not None and curves.adversary.tag == "closs"
    assert any(n.startswith("GAN: two adversarial objectives") for n in curves.notes)
    assert verdict(tmp_path / "results").verdict != "diverged"


def test_a_separation_run_logging_si_sdr_only_is_judged_on_it_negated(tmp_path):
    train = [0.87, 3.76, 4.96, 5.76, 6.32, 6.92, 7.36, 7.78, 5.14, 1.13, 2.43, 3.18, 4.05, 4.44, 4.77, 5.09, 5.61, 5.86]
    val = [-0.53, 0.69, 1.53, 1.98, 2.50, 2.58, 3.17, 3.28, -2.71, -0.97, -0.45, 0.53, 1.08, 1.13, 1.35, 1.23,
           1.84, 1.73]
    run = tmp_path / "polsess"
    run.mkdir()
    with open(run / "curve_mambatasnet_m_collapse.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["run_id", "epoch", "train_si_sdr", "val_si_sdr", "lr"])
        for i, (a, b) in enumerate(zip(train, val), 1):
            w.writerow(["prur4hgw", i, f"{a:.4f}", f"{b:.4f}", f"{9.764e-4 if i < 12 else 5.499e-4:.3e}"])
    curves = _curves(run)
    assert curves.train_loss.tag == "-train_si_sdr" and curves.val_loss.tag == "-val_si_sdr"
    np.testing.assert_allclose(curves.train_loss.values, -np.array(train), atol=1e-4)
    assert any("signal-quality figure" in n for n in curves.notes)
    assert verdict(run).verdict != "unknown"


def test_a_bare_snr_is_no_objective(tmp_path):
    run = tmp_path / "snr"
    run.mkdir()
    pd.DataFrame({"epoch": range(1, 6), "snr": [1.0, 2, 3, 4, 5], "acc": [0.1, 0.2, 0.3, 0.4, 0.5]}).to_csv(
        run / "log.csv", index=False)
    assert _curves(run).train_loss is None


def _history(scores: list[float]) -> list[dict]:
    out, best, best_epoch = [], float("inf"), 0
    for e, s in enumerate(scores, 1):
        if s < best:
            best, best_epoch = s, e
        out.append({"best_epoch": best_epoch, "best_score": best, "calibration": {"count": 200, "mse": 2.0 + e / 10,
                    "targets": [1.4, 4.2]}, "current_first_mse": 0.09 / e, "epoch": e, "improved": best_epoch == e,
                    "lr_after_eval": 5e-4, "selection_score": s})
    return out


def test_a_selection_score_whose_best_is_its_minimum_is_the_validation_loss(tmp_path):
    run = tmp_path / "t2"
    run.mkdir()
    with open(run / "history.json", "w") as f:
        json.dump(_history([0.316, 0.383, 0.412, 0.369, 0.448, 0.397]), f, indent=2)
    curves = _curves(run)
    assert curves.val_loss is not None and curves.val_loss.tag == "selection_score"
    assert any("model-selection score" in n for n in curves.notes)


def test_a_score_whose_best_is_its_maximum_stays_no_loss(tmp_path):
    run = tmp_path / "up"
    run.mkdir()
    rows = _history([0.3, 0.4, 0.35, 0.5, 0.45, 0.6])
    for r in rows:  # a higher-is-better score: its best is the running maximum
        r["best_score"] = max(x["selection_score"] for x in rows[:r["epoch"]])
    with open(run / "history.json", "w") as f:
        json.dump(rows, f, indent=2)
    curves = _curves(run)
    assert curves.val_loss is None or curves.val_loss.tag != "selection_score"


def _prior_only_history(epochs: int = 20) -> dict[str, list[float]]:
    """Keras-like ``history.history`` of a real logistic model trained here on features that say nothing of the
    label (90/10 classes): it can learn the class prior only, so it predicts the majority class for every example."""
    import torch

    torch.manual_seed(0)
    x, xv = torch.randn(2000, 16), torch.randn(500, 16)
    y = (torch.rand(2000) < 0.1).float()
    yv = torch.zeros(500)
    yv[:50] = 1.0
    model = torch.nn.Linear(16, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    bce = torch.nn.BCEWithLogitsLoss()
    hist: dict[str, list[float]] = {"val_loss": [], "val_accuracy": [], "loss": [], "accuracy": [], "lr": []}
    with torch.no_grad():
        model.bias.fill_(2.5)  # an initial guess far from the prior, as a fresh output layer's can be
    for _ in range(epochs):
        losses, hits = [], []
        for i in range(0, 2000, 100):  # Keras' 'loss'/'accuracy': the means over the epoch's batches
            opt.zero_grad()
            out = model(x[i:i + 100]).squeeze(1)
            loss = bce(out, y[i:i + 100])
            loss.backward()
            opt.step()
            losses.append(loss.item())
            hits.append(float(((out > 0).float() == y[i:i + 100]).float().mean()))
        hist["loss"].append(sum(losses) / len(losses))
        hist["accuracy"].append(sum(hits) / len(hits))
        with torch.no_grad():
            out = model(xv).squeeze(1)
            hist["val_loss"].append(float(bce(out, yv)))
            hist["val_accuracy"].append(float(((out > 0).float() == yv).float().mean()))
        hist["lr"].append(1.0)
    return hist


def test_a_one_answer_classifier_whose_loss_reached_the_prior_entropy_is_stalled(tmp_path):
    import pickle

    hist = _prior_only_history()
    assert len(set(hist["val_accuracy"])) == 1  # one answer for every example, as in fakereview213
    assert hist["loss"][-1] < 0.7 * hist["loss"][0]  # a fall: no 'loss barely moved' stall before this rule
    run = tmp_path / "fakereview"
    run.mkdir()
    with open(run / "history.pkl", "wb") as f:
        pickle.dump([hist], f)  # fakereview213's history.pkl: a list holding history.history
    assert verdict(run).verdict == "stalled"
