"""newcomer34: a classifier whose validation accuracy sat at one high value (the majority-class rate of unbalanced
data) at every epoch while its loss fell to a fraction of its first log was told "the updates are too large for the
model ... lower it ~10x" (``verdict_blowup``): that advice is for a first log blown up above a flat rest with the
accuracy at chance, not for a loss that fell to the class prior's entropy."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import verdict  # noqa: E402

torch = pytest.importorskip("torch")


def test_a_high_flat_accuracy_with_a_falling_loss_gets_no_blow_up_advice(tmp_path):
    torch.manual_seed(0)
    n = 2000
    x = torch.randn(n, 8)  # features that carry no signal
    y = (torch.rand(n) < 0.03).long()  # 3% positives: the majority-class rate is ~0.97
    xv, yv = torch.randn(500, 8), (torch.rand(500) < 0.03).long()
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    with torch.no_grad():
        model[2].bias.copy_(torch.tensor([0.0, 2.0]))  # starts predicting the rare class: a high first loss
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    rows = []
    for epoch in range(10):
        losses = []
        for i in range(0, n, 100):
            loss = torch.nn.functional.cross_entropy(model(x[i:i + 100]), y[i:i + 100])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        with torch.no_grad():
            out = model(xv)
            val_loss = torch.nn.functional.cross_entropy(out, yv).item()
            val_acc = (out.argmax(1) == yv).float().mean().item()
        rows.append((epoch, float(np.mean(losses)), val_loss, val_acc))
    path = tmp_path / "run" / "history.csv"
    path.parent.mkdir()
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "loss", "val_loss", "val_accuracy"])
        w.writerows(rows)
    acc = [r[3] for r in rows]
    assert rows[0][1] >= 3 * rows[-1][1] and max(acc) - min(acc) < 1e-6 and acc[0] > 0.9, rows  # as the user's run
    run = verdict(path.parent)
    advice = " ".join(run.analysis.advice)
    assert "updates are too large" not in advice and "blew" not in advice, run.analysis.advice



def test_an_unanchored_lean_on_a_loss_still_falling_does_not_say_it_levelled_off(tmp_path):
    """newcomer34: a language model's pre-training log cut after 13 prints (10.98 -> 8.39, falling at each of its
    last prints) got a finding saying "a fall that levelled off"; the words now follow the curve. The real log,
    byte for byte: Barber0/LLM-pretrain@04a92e1189c2a59f74691992fe72be503e7a9e94 train.log
    (tests/data/newcomer34/llm_pretrain_train.log)."""
    (tmp_path / "run").mkdir()
    src = Path(__file__).resolve().parent / "data" / "newcomer34" / "llm_pretrain_train.log"
    (tmp_path / "run" / "train.log").write_bytes(src.read_bytes())
    run = verdict(tmp_path / "run")
    lean = [f.message for f in run.analysis.findings if f.kind == "possible_underfit"]
    assert run.verdict == "healthy" and lean, (run.verdict, run.analysis.findings)
    assert "still going at the last log" in lean[0] and "levelled off" not in lean[0], lean
