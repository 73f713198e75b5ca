"""An early training fall that validation never saw: `stalled`, not the early-fall refutation's `underfit`
(loganalyzer/verdict_unseenfall.py).

The log is a Keras-style history dict pickled with ``pickle.dump`` (the public tccfiles210 ``trainHistoryDict``
layout: ``{"loss": [...], "val_loss": [...], "accuracy": [...], "val_accuracy": [...]}``, one value per epoch) from a
real tiny training loop: a linear classifier over 6 unbalanced classes whose inputs a broken data pipeline zeroes
(``x * 0``), its bias initialised to favour the rarest class (a first loss far above ln 6), trained with SGD at lr 5. Only the
output bias can learn: it fits the label prior within epoch 0's batches (epoch-0 mean ~1.3x the end level), and from epoch 1 on the training loss and every validation
loss sit at the prior's entropy (validation range << 1%). Before: `underfit` 0.6 ("it learned in its first logs,
then flattened -- an early plateau, not a stall"). The guard trains the same model on the real inputs: it learns,
validation falls, the rule does not fire.
"""
from __future__ import annotations

import math
import pickle
from pathlib import Path

import torch

from _runs import public_run, verdict

F = torch.nn.functional
LR = 5.0  # high, as qm9unet187's lr 0.5 on its loss scale: the bias settles within epoch 0
PRIOR = torch.tensor([0.70, 0.12, 0.08, 0.05, 0.03, 0.02])


def _data(n: int, seed: int):
    g = torch.Generator().manual_seed(seed)
    y = torch.multinomial(PRIOR, n, replacement=True, generator=g)
    centres = torch.randn(6, 10, generator=torch.Generator().manual_seed(3)) * 1.5
    return centres[y] + torch.randn(n, 10, generator=g), y


def _train(path: Path, broken: bool, epochs: int = 20) -> dict:
    torch.manual_seed(0)
    torch.set_num_threads(1)
    (x, y), (xv, yv) = _data(512, 1), _data(256, 2)
    net = torch.nn.Linear(10, 6)
    with torch.no_grad():  # a bad initialisation: the rarest class favoured, the first loss far above ln 6
        net.bias.copy_(torch.tensor([0.0, 0.0, 0.0, 0.0, 0.0, 4.0]))
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    feed = (lambda t: t * 0) if broken else (lambda t: t)  # the broken pipeline: every input zeroed
    hist = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": []}
    for _ in range(epochs):
        losses, right = [], 0
        for i in range(0, 512, 64):
            out = net(feed(x[i:i + 64]))
            loss = F.cross_entropy(out, y[i:i + 64])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
            right += int((out.argmax(1) == y[i:i + 64]).sum())
        with torch.no_grad():
            out = net(feed(xv))
            hist["val_loss"].append(F.cross_entropy(out, yv).item())
            hist["val_accuracy"].append(float((out.argmax(1) == yv).float().mean()))
        hist["loss"].append(sum(losses) / len(losses))
        hist["accuracy"].append(right / 512)
    path.parent.mkdir(parents=True)
    with open(path, "wb") as f:
        pickle.dump(hist, f)
    return hist


def test_zeroed_inputs_fit_only_the_prior_stalled(tmp_path):
    h = _train(tmp_path / "run" / "trainHistoryDict", broken=True)
    assert h["loss"][0] > 1.3 * h["loss"][-1]  # an early fall (the prior fitted in epoch 0's batches) ...
    assert max(h["loss"][1:]) < 1.05 * min(h["loss"][1:])  # ... then flat
    v = h["val_loss"]
    assert (max(v) - min(v)) < 0.01 * v[0] and v[0] < 0.7 * math.log(6)  # validation: the prior's entropy, held
    s = verdict(tmp_path / "run")
    assert s.verdict == "stalled", (s.verdict, s.summary, [f.message for f in s.analysis.findings])
    assert "early plateau" not in " ".join(f.message for f in s.analysis.findings)


def test_real_inputs_learn_not_this_rule(tmp_path):
    """Guard: the same classifier on its real inputs learns; validation falls well beyond 1%."""
    h = _train(tmp_path / "run" / "trainHistoryDict", broken=False)
    assert h["val_loss"][-1] < 0.8 * h["val_loss"][0] and h["val_accuracy"][-1] > 0.8
    s = verdict(tmp_path / "run")
    assert s.verdict != "stalled", (s.verdict, s.summary)


def test_public_runs_with_a_frozen_validation():
    for name in ("tccfiles210__trainHistoryDict", "qm9unet187__gpu-5806682"):
        s = verdict(public_run(name))
        assert s.verdict == "stalled", (name, s.verdict, s.summary)
