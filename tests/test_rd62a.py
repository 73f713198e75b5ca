"""Stop 62, rd62a: reader faults the blind labellers of sets 173-175 named, each a kind, each test written with the
exact text the framework's print / format strings produce (small, hand-written from them), and failing on the
stop's start code (bb7089c1)."""
from __future__ import annotations

import contextlib
import io
import math

from _runs import runs_points as _runs


def _curve(i: float, a: float = 0.95, b: float = 0.3) -> float:
    return round(b + (a - b) * math.exp(-0.15 * i), 4)


# ---------------------------------------------------------------- 173: MONAI Swin-UNETR BraTS21 trainer prints

def _swinunetr_log(epochs: int, iters: int, cases: int, val_every: int) -> str:
    """The ``print`` calls of research-contributions ``SwinUNETR/BRATS21/trainer.py`` (train_epoch, val_epoch,
    run_training), run as Python prints them."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        print("MONAI version: 1.2.0")
        for epoch in range(epochs):
            for idx in range(iters):
                run_avg = _curve(epoch + idx / iters)
                print("Epoch {}/{} {}/{}".format(epoch, epochs, idx, iters), "loss: {:.4f}".format(run_avg),
                      "time {:.2f}s".format(3.5))
            print("Final training  {}/{}".format(epoch, epochs - 1), "loss: {:.4f}".format(_curve(epoch + 1)),
                  "time {:.2f}s".format(3598.12))
            if epoch % val_every == 0:
                for idx in range(cases):
                    print("Val {}/{} {}/{}".format(epoch, epochs, idx, cases), ", dice_tc:", 0.5 + idx / 100,
                          ", dice_wt:", 0.6, ", dice_et:", 0.0, ", time {:.2f}s".format(27.2))
                tc, wt = 0.3 + epoch / 100, 0.6 + epoch / 100
                print("Final validation stats {}/{}".format(epoch, epochs - 1), ", dice_tc:", tc, ", dice_wt:", wt,
                      ", dice_et:", 0.0, ", Dice_Avg:", (tc + wt) / 3, ", time {:.2f}s".format(6851.07))
                print("new best ({:.6f} --> {:.6f}). ".format(0.0, (tc + wt) / 3))
    return out.getvalue()


def test_swinunetr_epochs_are_the_steps_and_counters_no_series(tmp_path):
    """``Final training  N/M loss: X`` was a ``Final_training`` series of the counter N, the per-case ``Val`` lines
    piled up at one step and their counters were series (public swinspark173). Now ``loss`` is each epoch's mean at
    its epoch, the ``Final validation stats`` values ``val_*`` at theirs, and no counter is a series."""
    (tmp_path / "slurm-9424528.out").write_text(_swinunetr_log(epochs=7, iters=20, cases=12, val_every=2))
    (run,) = _runs(tmp_path).values()
    assert run["loss"] == (list(range(7)), [_curve(e + 1) for e in range(7)])
    assert run["val_dice_tc"][0] == [0, 2, 4, 6]
    assert run["val_dice_avg"][0] == [0, 2, 4, 6]
    assert not {k for k in run if k.lower().startswith(("final", "val_stats", "validation"))}
    assert not {"Val", "Val_dice_tc", "Final_training", "validation_stats"} & set(run)
