"""Stop 58's own fixes: a language model's zero-shot benchmark accuracy is no task accuracy, and a loss that falls
step by step from its initial value is no blow-up at the first log."""
from __future__ import annotations

import math

import numpy as np
from tensorboardX import SummaryWriter

from loganalyzer import analyze


def _nanogpt_log(path, steps=2000, hella=0.25, seed=0):
    """build-nanogpt's train_gpt2.py log lines (``f.write(f"{step} val {val_loss:.4f}\\n")``, ``hella``, ``train``):
    a GPT-2 whose loss falls from ln 50257 ~ 10.9 to ~3.4 while HellaSwag stays at chance."""
    rng = np.random.default_rng(seed)
    lines = []
    for step in range(steps):
        loss = 3.3 + 7.6 * math.exp(-step / 250) + rng.normal(0, 0.03)
        if step % 100 == 0:
            lines.append(f"{step} val {loss + 0.05:.4f}")
            lines.append(f"{step} hella {hella + rng.normal(0, 0.005):.4f}")
        lines.append(f"{step} train {loss:.6f}")
    path.write_text("\n".join(lines) + "\n")


def test_hellaswag_at_chance_beside_a_falling_validation_loss_is_healthy(tmp_path):
    _nanogpt_log(tmp_path / "log.txt")
    [row] = analyze(str(tmp_path)).runs
    assert row.verdict == "healthy", row.analysis.summary
    assert "hellaswag" not in row.analysis.summary


def test_an_accuracy_at_chance_still_makes_a_classifier_underfit(tmp_path):
    """The benchmark words only: a classifier's own accuracy at chance beside a loss that fell stays `underfit`."""
    rng = np.random.default_rng(1)
    with SummaryWriter(str(tmp_path / "run")) as w:
        for epoch in range(30):
            loss = 2.2 + 0.1 * math.exp(-epoch / 4) + rng.normal(0, 0.005)
            w.add_scalar("train/loss", loss, epoch)
            w.add_scalar("val/loss", loss + 0.01, epoch)
            w.add_scalar("val/acc", 0.11 + rng.normal(0, 0.003), epoch)
    [row] = analyze(str(tmp_path)).runs
    assert row.verdict in ("underfit", "stalled"), row.analysis.summary


def test_a_loss_falling_from_its_first_log_gets_no_blow_up_advice(tmp_path):
    _nanogpt_log(tmp_path / "log.txt", hella=0.25)
    (tmp_path / "log.txt").write_text((tmp_path / "log.txt").read_text().replace(" hella ", " val_acc "))
    [row] = analyze(str(tmp_path)).runs
    assert row.analysis.label == "underfit", row.analysis.summary  # val_acc at chance: the rule still holds
    assert not any("too large" in a for a in row.analysis.advice), row.analysis.advice
    assert "updates_too_large" not in row.analysis.evidence


def test_a_script_whose_docstring_quotes_a_run_is_no_log(tmp_path):
    """A breaker's ``plot_history.py``: last run's output pasted into the module docstring above the plotting code. The
    content sniff (discover_content) must not take a module that parses as Python for a log; a pasted log does not
    parse (brk58 R4 through the content path)."""
    from loganalyzer import discover

    lines = [f"epoch {e} train loss {1.5 - 0.02 * e:.4f} val loss {2.5 - 0.06 * e:.4f}" for e in range(1, 31)]
    (tmp_path / "plot_history.py").write_text(
        '"""\nResults of the last run (copied from the terminal):\n' + "\n".join(lines) + '\n"""\n'
        "import matplotlib.pyplot as plt\n\n\ndef plot(path):\n    plt.plot([1, 2])\n    plt.savefig(path)\n")
    (tmp_path / "notes.log").write_text("\n".join(lines) + "\n")
    assert [r.id for r in discover(str(tmp_path))] == ["notes.log"]
