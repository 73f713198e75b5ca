"""Verdict kinds of the sets opened at stop 51 (109-112), each failing on the stop's start code, with guards:

- a run logging only its evaluation loss (TF Estimator's eval lines, an eval-only CSV), which fell to a best and then
  climbed to a multiple of it and kept climbing (particle109 FilteredParticles: 0.00044 -> 0.00122 level, 2.8x;
  overfittingTest: 3.06 -> 4.74, 1.5x): `healthy`, "fell from its first evaluation" (``verdict_valonly``).
"""
from __future__ import annotations

import torch

from _runs import F, mlp, tiny_regression, verdict


def _eval_only(epochs: int, n: int, noise: float, lr: float, every: int = 5, seed: int = 0) -> list[float]:
    """A wide MLP trained for real on ``n`` noisy two-feature labels out of 20 features; its loss on 400 held-out
    rows every ``every`` epochs (the only thing the script logs)."""
    torch.manual_seed(seed)
    x, xv = torch.randn(n, 20), torch.randn(400, 20)
    y = ((x[:, 0] + x[:, 1] + noise * torch.randn(n)) > 0).long()
    yv = ((xv[:, 0] + xv[:, 1] + noise * torch.randn(400)) > 0).long()
    model = mlp(20, 128, 128, 2)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    out = []
    for epoch in range(1, epochs + 1):
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if epoch % every == 0:
            with torch.no_grad():
                out.append(F.cross_entropy(model(xv), yv).item())
    return out


def _write(run, values, every: int = 5) -> None:
    run.mkdir()
    with open(run / "eval_log.csv", "w") as f:
        f.write("step,eval_loss\n")
        for k, v in enumerate(values, start=1):
            f.write(f"{k * every},{v}\n")


def test_evaluation_loss_alone_climbing_after_its_best_is_overfit(tmp_path):
    values = _eval_only(400, n=60, noise=0.5, lr=1e-3)
    assert max(values[-20:]) > 1.8 * min(values)  # the task overfits: held-out loss 0.55 -> ~1.28
    run = tmp_path / "eval_only"
    _write(run, values)
    s = verdict(run)
    assert s.verdict == "overfit", s.summary
    assert "no training loss logged" in s.summary and "`eval_loss`" in s.summary


def test_evaluation_loss_alone_falling_stays_healthy(tmp_path):
    """Guard: an evaluation loss that fell to its last evaluations is no climb."""
    _, val = tiny_regression(200, seed=9, lr=3e-3)
    run = tmp_path / "falling"
    _write(run, val[4::5])
    assert verdict(run).verdict != "overfit"


def test_evaluation_loss_alone_mild_rise_is_no_climb(tmp_path):
    """Guard: a rise to ~1.2x the best (the early part of a slow turn) is left to the other rules."""
    values = _eval_only(160, n=40, noise=0.3, lr=3e-4, every=4)
    run = tmp_path / "mild"
    _write(run, values, every=4)
    s = verdict(run)
    assert "climbed after its best and kept climbing" not in s.summary, s.summary


def test_resumed_log_of_a_converged_run_is_no_stall(tmp_path):
    """A log kept from epoch 250 of 300 (a resumed job's, unetv2eva111's nnU-Net tail) of a converged training: its
    flat stretch shows no stall, since the start of training was not logged (``verdict_latestart``), whether the
    rules and the learned model agree on `stalled` or not."""
    train, val = tiny_regression(300, seed=10, lr=3e-3)
    run = tmp_path / "resumed"
    run.mkdir()
    with open(run / "log.csv", "w") as f:
        f.write("epoch,train_loss,val_loss\n")
        for epoch in range(250, 300):
            f.write(f"{epoch},{train[epoch] - 1.5},{val[epoch] - 1.5}\n")  # nnU-Net's CE minus Dice: < 0
    s = verdict(run)
    assert s.verdict == "healthy", s.summary


def test_whole_log_of_a_flat_run_stays_stalled(tmp_path):
    """Guard: the same flat stretch logged from epoch 0 (a loss that never moved) is still a stall."""
    train, val = tiny_regression(300, seed=10, lr=3e-3)
    run = tmp_path / "flat"
    run.mkdir()
    with open(run / "log.csv", "w") as f:
        f.write("epoch,train_loss,val_loss\n")
        for epoch in range(0, 50):
            f.write(f"{epoch},{train[250 + epoch] - 1.5},{val[250 + epoch] - 1.5}\n")
    assert verdict(run).verdict == "stalled"


def test_validation_of_one_term_is_not_the_totals_validation(tmp_path):
    """A trainer logging ``total_loss`` and its terms per step and only ``clf_loss_test`` per test pass (msfreb109:
    a classification term at 0.0001-0.0005, four decimals): paired as the total's validation, its rounding read as
    "216% higher": `overfit`. The test series evaluates the term ``clf_loss``, not the total."""
    train, _ = tiny_regression(120, seed=12, lr=3e-3)
    quanta = [1, 1, 1, 2, 2, 1, 2, 3, 2, 3, 3, 4, 3, 4, 5, 4, 5, 5, 4, 5]
    run = tmp_path / "terms"
    run.mkdir()
    with open(run / "train_log.log", "w") as f:
        for epoch in range(120):
            t = train[epoch]
            f.write(f"Epoch {epoch} | total_loss: {t:.4f} | clf_loss: {0.01 * t:.4f} | dice_loss: {0.99 * t:.4f} | "
                    "lr: 0.0001\n")
            if epoch % 6 == 5:
                f.write(f"Epoch {epoch} | clf_loss_test: {quanta[epoch // 6] / 1e4:.4f} | f1_test: 0.31\n")
    s = verdict(run)
    assert s.verdict != "overfit", s.summary


def test_validation_named_as_the_judged_loss_is_kept(tmp_path):
    """Guard: ``val_loss`` beside ``loss`` and its terms, or ``total_loss_test`` beside ``total_loss``, is the
    validation of the judged loss, whatever its scale."""
    from types import SimpleNamespace as S

    import numpy as np

    from loganalyzer.curves_componentval import base_name, without_component_val

    assert base_name("clf_loss_test") == "clf_loss" and base_name("val/loss") == "loss"
    total = np.linspace(1.0, 0.06, 50)
    terms = (S(tag="clf_loss", values=np.full(50, 1e-4)), S(tag="dice_loss", values=total - 1e-4))
    for train, val in (("loss", "val_loss"), ("total_loss", "total_loss_test"), ("total_loss", "val_f1_loss"),
                       ("total_loss", "dice_loss_test")):  # (the last: a major term's validation)
        kept = S(tag=val, name=val)
        assert without_component_val(kept, S(tag=train, name=train, values=total), terms, []) is kept
    dropped = S(tag="clf_loss_test", name="x")
    assert without_component_val(dropped, S(tag="total_loss", name="t", values=total), terms, []) is None


def test_validation_climbing_far_while_training_creeps_down_is_overfit(tmp_path):
    """civil110's shape, trained for real: noisy training targets (irreducible MSE ~100), so the training loss falls
    from ~216 to ~99 and then creeps down < 5% after validation's best, while validation (clean targets) climbs ~50%
    above it at nearly every evaluation: the gap widened, `healthy` by the 5% floor on the training fall."""
    torch.manual_seed(0)
    x, xv = torch.randn(2000, 10), torch.randn(400, 10)
    w = torch.randn(10, 1) * 3.0
    y, yv = x @ w + 10.0 * torch.randn(2000, 1), xv @ w
    model = mlp(10, 64, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.002)
    run = tmp_path / "creep"
    run.mkdir()
    with open(run / "train_val_loss.csv", "w") as f:
        f.write("epoch,train_loss,val_loss\n")
        for epoch in range(800):
            loss = F.mse_loss(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if epoch % 10 == 9:
                with torch.no_grad():
                    f.write(f"{epoch},{loss.item()},{F.mse_loss(model(xv), yv).item()}\n")
    s = verdict(run)
    assert s.verdict == "overfit", s.summary


def test_validation_climbing_while_training_flat_is_no_overfit(tmp_path):
    """Guard: training that does not fall at all after validation's best (a flat, noisy level) gives no overfit
    from the far-climb rule: the gap did not widen by training."""
    import numpy as np

    rng = np.random.default_rng(0)
    val = [0.4 + 0.0001 * k if k < 30 else 0.4 + 0.02 * (k - 30) for k in range(150)]
    train = [100.0 + rng.normal(0, 0.3) for _ in range(150)]
    run = tmp_path / "flat_train"
    run.mkdir()
    with open(run / "log.csv", "w") as f:
        f.write("epoch,train_loss,val_loss\n")
        for k, (t, v) in enumerate(zip(train, val)):
            f.write(f"{k},{t},{v}\n")
    assert verdict(run).verdict != "overfit"


# ---- guards from the stop's breaker

def test_small_validation_loss_on_the_training_scale_stays_a_curve(tmp_path):
    """A validation loss printed at 3 decimals, 0.002 -> 0.009, beside a training loss of 0.018 -> 0.0009: at its
    print floor but on the training's own scale, a curve (overfit), not a dropped term."""
    run = tmp_path / "small"
    run.mkdir()
    val = [4, 3, 3, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 9]
    train, _ = tiny_regression(30, seed=15, lr=3e-3)
    with open(run / "train.log", "w") as f:
        for e in range(30):
            f.write(f"Epoch {e + 1}/30 - train_loss: {train[e] * 0.01:.4f} - val_loss: {val[e] / 1000:.3f}\n")
    assert verdict(run).verdict == "overfit"


def test_resumed_log_stuck_at_chance_stays_stalled(tmp_path):
    """A resumed log (epochs 200-400) of a binary classifier stuck at ln 2: a stall whatever came before."""
    import numpy as np

    rng = np.random.default_rng(1)
    run = tmp_path / "stuck"
    run.mkdir()
    with open(run / "train.log", "w") as f:
        for e in range(200, 401):
            f.write(f"epoch {e} | loss {0.6931 + rng.normal(0, 0.0004):.4f}\n")
    assert verdict(run).verdict == "stalled"


def test_resumed_training_log_alone_flat_stays_stalled(tmp_path):
    """Second breaker: a resumed training log with no validation, flat at a trivial level -- a GPT at ln(50257),
    a regression predicting the mean (MSE 1.0) -- stays `stalled` even when its last value is a hair below its
    first: without an evaluation, a late log cannot show the run learned before it began."""
    import math

    import numpy as np

    rng = np.random.default_rng(2)
    for name, level, first, axis in (("gpt", math.log(50257), 10000, "step"), ("reg", 1.0, 150, "epoch")):
        run = tmp_path / name
        run.mkdir()
        values = level + rng.normal(0, 0.002 * level, 100)
        values[-1] = min(values[-1], values[0] - 1e-4)
        with open(run / "train.log", "w") as f:
            for k, v in enumerate(values):
                f.write(f"{axis} {first + (100 if axis == 'step' else 2) * k} | loss {v:.4f}\n")
        assert verdict(run).verdict == "stalled", name


def test_summed_training_loss_beside_small_averaged_validation_still_overfits(tmp_path):
    """Second breaker: a training loss summed over batches (3.6 -> 0.33) beside a validation MSE averaged and printed
    at 3 decimals (0.002 at its best, 0.008 at the end): a real climb, kept."""
    train, _ = tiny_regression(40, seed=17, lr=3e-3)
    val = [6, 4, 3, 3, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 8, 8, 8, 8,
           8, 8, 8, 8, 8]
    run = tmp_path / "summed"
    run.mkdir()
    with open(run / "train.log", "w") as f:
        for e in range(40):
            f.write(f"Epoch {e + 1} Train_Loss: {train[e] * 469 * 0.01:.4f} Val_Loss: {val[e] / 1000:.3f}\n")
    assert verdict(run).verdict == "overfit"


def test_validation_of_a_major_term_is_kept(tmp_path):
    """Third breaker: a VAE's only validation ``val_recon_loss`` (recon is most of ``loss = recon + kl``) climbing
    after its best stays the validation: overfit."""
    train, _ = tiny_regression(40, seed=18, lr=3e-3)
    val = [0.9 - 0.02 * k if k < 20 else 0.5 + 0.015 * (k - 20) for k in range(40)]
    run = tmp_path / "vae"
    run.mkdir()
    with open(run / "train.log", "w") as f:
        for e in range(40):
            recon, kl = train[e] * 0.9 + 0.3, 0.05
            f.write(f"epoch {e + 1} | loss: {recon + kl:.4f} | recon_loss: {recon:.4f} | kl_loss: {kl:.4f} | "
                    f"val_recon_loss: {val[e]:.4f}\n")
    s = verdict(run)
    assert "`val_recon_loss`" in s.summary, s.summary
