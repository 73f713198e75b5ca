"""Reader faults left open at stop 59 in the dev sets (155 and 160), each failing on stop 60's start code. The files
are the programs' exact printed formats, small and hand-written from their print calls: junyanz/pytorch-CycleGAN-
and-pix2pix ``Visualizer`` (``loss_log.txt``: a ``================ Training Loss (<ctime>) ================``
banner per launch, then ``(epoch: E, iters: I, time: .., data: ..) name: value ...`` lines), and two hand-written
training scripts' ``print`` lines."""
from __future__ import annotations

import math

import loganalyzer

from _runs import runs_points

_LOSSES = ("D_A", "G_A", "cycle_A", "idt_A", "D_B", "G_B", "cycle_B", "idt_B")


def _banner(title: str, when: str) -> str:
    return f"================ {title} ({when}) ================\n"


def _line(epoch: int, iters: int, level: float, noise: float = 0.0) -> str:
    """One Visualizer line, every loss at ``level`` times its own scale (D and G flat, cycle/idt falling), each
    times ``1 + noise`` or ``1 - noise`` in turn (a GAN's per-batch losses swing)."""
    scale = {"D_A": 0.2, "G_A": 0.5, "cycle_A": 2.0, "idt_A": 1.0, "D_B": 0.2, "G_B": 0.5, "cycle_B": 2.0,
             "idt_B": 1.0}
    parts = " ".join(f"{k}: {scale[k] * (level if k.startswith(('cycle', 'idt')) else 1.0) * (1 + s * noise):.3f}"
                     for k, s in zip(_LOSSES, (1, -1, 1, -1, -1, 1, -1, 1)))
    return f"(epoch: {epoch}, iters: {iters}, time: 0.261, data: 0.004) {parts} \n"


def _launch(epochs: range, per_epoch: int, start: float, end: float) -> str:
    """One launch's lines, printed every 100 images, ``per_epoch`` prints an epoch, the losses falling ``start`` ->
    ``end`` (in log scale)."""
    n = len(epochs) * per_epoch
    out, k = [], 0
    for e in epochs:
        for i in range(1, per_epoch + 1):
            out.append(_line(e, 100 * i, start * (end / start) ** (k / max(1, n - 1)), 0.3 * math.sin(2.1 * k)))
            k += 1
    return "".join(out)


def _cycle(points: dict) -> tuple[list, list]:
    return points["loss_cycle_A"]


def test_resumed_launches_back_at_epoch_1_are_one_run(tmp_path):
    """``--continue_train`` without ``--epoch_count``: every launch prints from ``(epoch: 1, ..)`` again while the
    losses go on from where the last launch left them (public ganilla155: 17 launches read as 16 runs). One run, the
    later launches' steps continued after the earlier's; a FRESH training appended after them (its losses back at
    the first launch's level) stays a run of its own."""
    text = (_banner("Training Loss", "Sat Jun  6 16:47:21 2020") + _launch(range(1, 6), 4, 1.0, 0.40)
            + _banner("Training Loss", "Sun Jun  7 08:05:14 2020") + _launch(range(1, 6), 4, 0.42, 0.20)
            + _banner("Training Loss", "Sun Jun  7 13:51:02 2020") + _launch(range(1, 6), 4, 0.21, 0.10)
            + _banner("Training Loss", "Mon Jun  8 06:37:08 2020") + _launch(range(1, 6), 4, 1.0, 0.40))
    (tmp_path / "loss_log.txt").write_text(text)
    runs = runs_points(tmp_path)
    assert len(runs) == 2, list(runs)
    first, fresh = (runs[k] for k in sorted(runs))
    steps, values = _cycle(first)
    assert len(steps) == 60 and steps == sorted(steps) and len(set(steps)) == 60  # 3 launches, steps continued
    assert math.isclose(values[0], 2.0, abs_tol=1e-3) and values[-1] < 0.4
    assert steps[20] > steps[19] and steps[40] > steps[39]
    assert len(_cycle(fresh)[0]) == 20 and math.isclose(_cycle(fresh)[1][0], 2.0, abs_tol=1e-3)
    assert steps[0] == 100 and _cycle(fresh)[0][0] == 100


def test_short_relaunch_from_the_same_point_is_replaced(tmp_path):
    """A launch cut short and launched again from the same checkpoint (the same first ``(epoch, iters)``, its losses
    starting where the short launch started) adds no points: the relaunch's win (public ganilla155's 3-line launch
    between two launches from epoch 3)."""
    text = (_banner("Training Loss", "Sat Jun  6 16:47:21 2020") + _launch(range(1, 6), 4, 1.0, 0.40)
            + _banner("Training Loss", "Sun Jun  7 08:05:14 2020") + _launch(range(1, 2), 3, 0.42, 0.41)
            + _banner("Training Loss", "Sun Jun  7 13:51:02 2020") + _launch(range(1, 6), 4, 0.42, 0.20))
    (tmp_path / "loss_log.txt").write_text(text)
    (points,) = runs_points(tmp_path).values()
    steps, values = _cycle(points)
    assert len(steps) == 40 and steps == sorted(steps)  # the 3 short-launch points replaced by the relaunch's
    assert values[-1] < 0.6 and steps[20] > steps[19]


def test_validation_banner_sections_are_validation_points(tmp_path):
    """A fork prints ``================ Validation Loss (..) ================`` after each epoch, then the validation
    pass in the training's line shape, its iters back at 100 (public strokeapp155: 68 runs). Those lines are
    ``val_`` points at the step of the epoch's last training line; the training is one run."""
    text = _banner("Training Loss", "Wed May 22 17:12:01 2024")
    for e in range(1, 5):
        if e > 1:
            text += _banner("Model Saved", "Wed May 22 17:20:51 2024") + "max psnr: 17.96\n"
            text += _banner("Training Loss", "Wed May 22 17:20:51 2024")
        text += _launch(range(e, e + 1), 5, 1.0 / e, 0.9 / e)
        text += _banner("Validation Loss", "Wed May 22 17:20:41 2024") + _line(e, 100, 0.95 / e) + _line(e, 200, 0.95 / e)
    (tmp_path / "loss_log.txt").write_text(text)
    (points,) = runs_points(tmp_path).values()
    steps, _ = points["loss_cycle_A"]
    assert len(steps) == 20 and steps == sorted(steps) and len(set(steps)) == 20
    vsteps, vvalues = points["val_loss_cycle_A"]
    assert sorted(set(vsteps)) == [steps[4], steps[9], steps[14], steps[19]]  # each epoch's last training step
    assert math.isclose(vvalues[0], 1.9, abs_tol=1e-3) and vvalues[-1] < 0.5


def test_evaluations_after_the_last_epoch_are_no_points(tmp_path):
    """``print(f"Epoch {e}/{n}, Loss: {l:.4f}")`` then ``Validation Loss: ..`` each epoch; after the last, the best
    model evaluated again (``Loss: ..``) and the test set (``Evaluating on test data...`` ``Loss: ..``), public
    memes160: the training's ``Loss`` got a second value at the last epoch (the best model's validation loss)."""
    train = [1.4943, 1.40, 1.33, 1.2409]
    val = [1.4287, 1.35, 1.30, 1.2900]
    text = ""
    for e, (t, v) in enumerate(zip(train, val), 1):
        text += f"Epoch {e}/4, Loss: {t:.4f}\nValidation Loss: {v:.4f}\nSaving current model\n\n"
    text += "Loss: 1.2825\n\nEvaluating on test data...\nLoss: 1.2867\n"
    (tmp_path / "losses.txt").write_text(text)
    (points,) = runs_points(tmp_path).values()
    assert points["Loss"] == ([1, 2, 3, 4], train)
    assert points["Validation_Loss"] == ([1, 2, 3, 4], val)


def test_settings_block_before_training_is_no_series(tmp_path):
    """``print("Configuration:")`` then ``print(f"  {name}: {value}")`` per setting before training (public
    gpt2shakes160): ``Max iterations`` and ``Target loss`` were one-point series at step 0."""
    text = ("Training Logs - GPT-2 124M Shakespeare Model\n" + "=" * 46 + "\n\nConfiguration:\n  Batch size: 32\n"
            "  Sequence length: 256\n  Max iterations: 30000\n  Target loss: 0.099999\n\nStarting training...\n"
            + "-" * 80 + "\n\n")
    losses = [10.948163, 6.377019, 5.661868, 5.27565, 4.761885]
    for k, v in enumerate(losses):
        text += f"step {50 * k:4d} | loss: {v:.6f} | lr: 3.00e-06 | time: 26.11ms\n"
    (tmp_path / "training_logs.txt").write_text(text)
    (points,) = runs_points(tmp_path).values()
    assert points["loss"] == ([0, 50, 100, 150, 200], losses)
    assert not any("iterations" in t.lower() or "target" in t.lower() for t in points), list(points)
