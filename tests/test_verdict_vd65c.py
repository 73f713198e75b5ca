"""Stop 65 (vd65c): a loss that moved little while the validation metric improved through the run is no stall.

Each log is a really trained tiny torch model (an MLP learning a feature cross, the shape of a CTR model: its log
loss starts near the labels' entropy and falls ~6% while its validation AUC rises at every epoch), written in
FuxiCTR 1.x's exact print format (reczoo/FuxiCTR ``fuxictr/pytorch/models/base_model.py``, as in the public open
``fuxictr196 EulerNet_criteo`` log). Its twin with shuffled labels learns nothing: loss flat, AUC wandering at 0.5.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from loganalyzer.scan import scan  # noqa: E402


def _auc(y: np.ndarray, p: np.ndarray) -> float:
    order = np.argsort(p, kind="stable")
    r = np.empty(len(p))
    r[order] = np.arange(1, len(p) + 1)
    pos = y == 1
    n1, n0 = pos.sum(), len(y) - pos.sum()
    return float((r[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def _train_ctr(epochs: int = 15, shuffle_labels: bool = False, seed: int = 0) -> list[tuple[float, float]]:
    """(mean training log loss, validation AUC) per epoch of an MLP on y ~ Bernoulli(sigmoid(0.5 x0 + 1.2 x1 x2
    - 1.1)): the cross x1 x2 is learned slowly, so AUC rises at every epoch while the loss falls a few percent."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(6000, 10)).astype(np.float32)
    logit = 0.5 * x[:, 0] + 1.2 * x[:, 1] * x[:, 2] - 1.1
    y = (rng.random(6000) < 1 / (1 + np.exp(-logit))).astype(np.float32)
    if shuffle_labels:
        y = rng.permutation(y)
    xt, yt, xv, yv = torch.tensor(x[:5000]), torch.tensor(y[:5000]), torch.tensor(x[5000:]), y[5000:]
    model = torch.nn.Sequential(torch.nn.Linear(10, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    prior = float(yt.mean())
    with torch.no_grad():  # a CTR model's output bias starts at the click rate (its first epoch learns that much)
        model[2].weight.mul_(0.1)
        model[2].bias.fill_(float(np.log(prior / (1 - prior))))
    opt = torch.optim.Adam(model.parameters(), lr=3e-4)
    lossf = torch.nn.BCEWithLogitsLoss()
    out = []
    for _ in range(epochs):
        perm, total = torch.randperm(5000), 0.0
        for i in range(0, 5000, 100):
            b = perm[i:i + 100]
            loss = lossf(model(xt[b]).squeeze(1), yt[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(b)
        with torch.no_grad():
            out.append((total / 5000, _auc(yv, torch.sigmoid(model(xv).squeeze(1)).numpy())))
    return out


def _fuxictr1_log(path, epochs: list[tuple[float, float]]) -> None:
    """FuxiCTR 1.x's log: per epoch 'Train loss' -> 'Evaluation @epoch' -> [Metrics] -> 'Save best model' or
    'Monitor(max)=... STOP!' -> 'Epoch=N end'; then 'Training finished.' and the best checkpoint's evaluations."""
    t = "2024-07-29 21:56:44,540 P2538314 INFO "
    lines = [t + "Start training: 50 batches/epoch", t + "************ Epoch=1 start ************"]
    best = -1.0
    for e, (loss, auc) in enumerate(epochs, start=1):
        lines += [t + f"Train loss: {loss:.6f}", t + f"Evaluation @epoch {e} - batch 50: ",
                  t + f"[Metrics] AUC: {auc:.6f}"]
        lines.append(t + (f"Save best model: monitor(max)={auc:.6f}" if auc > best else
                          f"Monitor(max)={auc:.6f} STOP!"))
        best = max(best, auc)
        lines.append(t + f"************ Epoch={e} end ************")
    lines += [t + "Training finished.", t + "****** Validation evaluation ******",
              t + f"[Metrics] AUC: {best:.6f} - logloss: {epochs[-1][0]:.6f}"]
    path.write_text("\n".join(lines) + "\n")


def _verdict(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runs = scan([str(path)]).runs
    assert len(runs) == 1
    return runs[0]


def test_ctr_loss_near_its_floor_with_a_rising_auc_is_no_stall(tmp_path):
    """Before: `stalled` (the loss fell < 10%, the learned model's stall stood); now `healthy`, the AUC quoted."""
    epochs = _train_ctr()
    losses, aucs = np.array(epochs).T
    assert 0.03 < 1 - losses[-1] / losses[0] < 0.10 and aucs[-1] - aucs[0] > 0.05  # the shape this test is about
    path = tmp_path / "MLP_ctr.log"
    _fuxictr1_log(path, epochs)
    run = _verdict(path)
    assert run.verdict == "healthy", run.analysis.summary
    assert any("improving through the run" in f.message for f in run.analysis.findings)


def test_ctr_model_on_shuffled_labels_stays_stalled(tmp_path):
    """The same model on shuffled labels learns nothing: the loss sits at the labels' entropy, the AUC wanders
    around 0.5 (no rank trend) -- still `stalled`."""
    epochs = _train_ctr(shuffle_labels=True)
    path = tmp_path / "MLP_ctr.log"
    _fuxictr1_log(path, epochs)
    run = _verdict(path)
    assert run.verdict == "stalled", run.analysis.summary
