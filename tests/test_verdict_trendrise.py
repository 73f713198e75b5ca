"""A validation loss that creeps up a few % as a steady trend after an early best while training keeps falling:
`overfit` at low confidence, not `healthy` (loganalyzer/verdict_trendrise.py; issue 9 kind 1).

The log is printed lines of the real format of the public mlnoisecancel211 ``UNet.out`` (a speech-denoising UNet's
stdout: ``Epoch [e/25] - Loss: x, Val Loss: y, Val SNR: z dB`` and ``✔ Model saved ... (Best Val Loss: y)`` lines),
with that run's logged values: validation lowest at epoch 11 (0.0612), then 14 evaluations creeping up to 0.0649 at
epoch 25 (+6% at the last, their median +2%: under val_rise's 5% and its noise tests) while the training loss fell
0.0556 -> 0.0477. Labelled `overfit` (unclear); before: `healthy` 0.6. The guard prints the same values with the
evaluations after the best reordered into a wobble (high, low, high, ...: no trend): the rule does not fire.
"""
from __future__ import annotations

from pathlib import Path

from _runs import public_run, verdict

# (Loss, Val Loss, Val SNR dB) per epoch, as mlnoisecancel211's UNet.out printed them
EPOCHS = [(0.1327, 0.0990, 4.03), (0.0933, 0.0818, 4.84), (0.0812, 0.0747, 5.09), (0.0741, 0.0732, 4.65),
          (0.0701, 0.0710, 5.13), (0.0667, 0.0674, 4.87), (0.0641, 0.0666, 5.40), (0.0618, 0.0667, 3.50),
          (0.0602, 0.0659, 5.24), (0.0586, 0.0644, 5.64), (0.0556, 0.0612, 6.15), (0.0543, 0.0613, 6.05),
          (0.0535, 0.0612, 6.14), (0.0528, 0.0614, 5.82), (0.0523, 0.0617, 5.75), (0.0517, 0.0617, 5.62),
          (0.0513, 0.0623, 5.73), (0.0509, 0.0621, 5.89), (0.0504, 0.0627, 5.85), (0.0500, 0.0639, 5.92),
          (0.0488, 0.0623, 6.26), (0.0482, 0.0635, 6.27), (0.0480, 0.0640, 6.15), (0.0478, 0.0650, 6.35),
          (0.0477, 0.0649, 6.35)]


def _write(path: Path, epochs) -> None:
    lines = ["Using GPU: NVIDIA GeForce RTX 3060", "--- Model `UNet` loaded successfully ---",
             "Training & Evaluating Model..."]
    best = float("inf")
    for e, (loss, val, snr) in enumerate(epochs, 1):
        lines.append(f"Epoch [{e}/{len(epochs)}] - Loss: {loss:.4f}, Val Loss: {val:.4f}, Val SNR: {snr:.2f} dB")
        if val < best:
            best = val
            lines.append(f"✔ Model saved to Models/25/UNet_dynamic.pth (Best Val Loss: {val:.4f})")
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _findings(s) -> str:
    return " ".join(f.message for f in s.analysis.findings)


def test_small_steady_climb_after_an_early_best_is_overfit(tmp_path):
    _write(tmp_path / "run" / "UNet.out", EPOCHS)
    s = verdict(tmp_path / "run")
    assert s.roles.get("val_loss") == "Val_Loss", s.roles
    assert s.verdict == "overfit", (s.verdict, s.confidence, s.summary)
    assert s.confidence < 0.6
    assert "Kendall" in _findings(s), _findings(s)


def test_same_values_as_a_wobble_not_this_rule(tmp_path):
    """Guard: the 14 evaluations after the best, reordered high/low/high...: the same sizes, no trend."""
    head, tail = EPOCHS[:11], EPOCHS[11:]
    vals = sorted(v for _, v, _ in tail)
    wobble = [vals[-1 - k // 2] if k % 2 == 0 else vals[k // 2] for k in range(len(vals))]
    _write(tmp_path / "run" / "UNet.out", head + [(t, v, snr) for (t, _, snr), v in zip(tail, wobble)])
    s = verdict(tmp_path / "run")
    assert "Kendall" not in _findings(s), _findings(s)


def test_public_runs_with_a_steady_small_climb():
    for name in ("mlnoisecancel211__UNet", "trellixnmt206__log"):
        s = verdict(public_run(name))
        assert s.verdict == "overfit", (name, s.verdict, s.summary)
