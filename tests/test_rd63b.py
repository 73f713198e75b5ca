"""Stop 63, rd63b: reader faults the blind labellers of sets 182-184 named, each a kind, each test written with the
exact text the scripts' print / format strings produce (the real files' shapes), failing on the stop's start code
(12f3ed82)."""
from __future__ import annotations

import math

from _runs import runs_points as _runs


def _curve(i: float, a: float = 0.95, b: float = 0.3) -> float:
    return round(b + (a - b) * math.exp(-0.15 * i), 4)


# ---------------------------------------------------------------- 184: 'train=.. val=.. | ADE=..nm' in one part

def _stgcnn_log(epochs: int) -> str:
    """A Social-STGCNN vessel forecaster's prints (public vesseltraj184): a banner, then per epoch
    ``f"  Epoch {ep:3d}/{n} | train={tr:.6f} val={va:.6f} | ADE={ade:.4f}nm FDE={fde:.4f}nm | lr={lr:.2e} t={t:.1f}s"``,
    then the test summary."""
    lines = ["=" * 60, "  Social-STGCNN 训练", "=" * 60, "Train: 7805, Val: 1137", "Model params: 167,447"]
    for ep in range(1, epochs + 1):
        tr, va = _curve(ep, 0.14, 0.02), _curve(ep, 0.11, 0.04)
        lines.append(f"  Epoch {ep:3d}/{epochs} | train={tr:.6f} val={va:.6f} | ADE={10 * va:.4f}nm "
                     f"FDE={20 * va:.4f}nm | lr={1e-3:.2e} t={19.5:.1f}s")
    lines += ["", "  Testing (best val ADE=0.5926nm)", "  TEST ADE = 0.5729 nm", "  TEST FDE = 1.1312 nm"]
    return "\n".join(lines) + "\n"


def test_split_named_pairs_in_one_bar_part(tmp_path):
    """``train=.. val=..`` share one ``|`` part, ADE/FDE carry a glued unit (``nm``): 0 rows were read ("no line
    names a loss"). Now both splits' objective, ADE, FDE and lr are read at each epoch; the epoch's duration
    ``t=19.5s`` is no series."""
    (tmp_path / "noaa_obs30_pred30_social_stgcnn.log").write_text(_stgcnn_log(12))
    (run,) = _runs(tmp_path).values()
    steps = list(range(1, 13))
    assert run["train_loss"] == (steps, [_curve(e, 0.14, 0.02) for e in steps])
    assert run["val_loss"] == (steps, [_curve(e, 0.11, 0.04) for e in steps])
    assert run["ADE"][0] == steps and run["FDE"][0] == steps and run["lr"][0] == steps
    assert "t" not in run


# ---------------------------------------------------------------- 184: a tqdm epoch bar, then 'train normalized MSE'

def _bar(ep: int, total: int) -> str:
    pct = ep * 100 // total
    return f"Epoch: {pct:3d}%|{'█' * (pct // 10):<10}| {ep}/{total} [00:{9 * ep:02d}<15:52,  9.62s/epoch]"


def _vehmotion_log(epochs: int, total: int = 100) -> str:
    """A vehicle-motion forecaster's log (public vehmotion184 ``lstm.txt``): tqdm's per-epoch bar, then on the same
    printed line ``f"Epoch {e:03d} | Learning rate {lr:.6f} | train normalized MSE {t:8.4f} | val normalized MSE
    {v:8.4f}, | val MAE {mae:7.4f} | val MSE {mse:8.4f}"``, and ``Early stop!`` at the end."""
    lines = []
    for e in range(epochs):
        t, v = _curve(e, 1.76, 0.18), _curve(e, 0.52, 0.19)
        lines.append(_bar(e + 1, total) + f"Epoch {e:03d} | Learning rate {0.001:.6f} | train normalized MSE "
                     f"{t:8.4f} | val normalized MSE {v:8.4f}, | val MAE {5 * v:7.4f} | val MSE {50 * v:8.4f}")
    return "\n".join(lines) + "\nEarly stop!\n"


def test_term_named_after_a_bar_without_colons(tmp_path):
    """No line names a loss, the names and values are separated by spaces only and each line starts with tqdm's
    bar: the file was not even a run in its folder. Now the MSE terms are read at each epoch."""
    (tmp_path / "lstm.txt").write_text(_vehmotion_log(9))
    (run,) = _runs(tmp_path).values()
    steps = list(range(9))
    assert run["train_normalized_MSE"] == (steps, [_curve(e, 1.76, 0.18) for e in steps])
    assert run["val_normalized_MSE"] == (steps, [_curve(e, 0.52, 0.19) for e in steps])
    assert run["val_MAE"][0] == steps and run["Learning_rate"][0] == steps


# ---------------------------------------------------------------- 183: GANomaly 'Loss: [%d/%d] ' heading its losses

def _ganomaly_log(niter: int) -> str:
    """GANomaly's ``loss_log.txt`` (lib/visualizer.py): ``'================ Training Loss (%s) ================\\n'``
    once, then per epoch ``print_current_errors``: ``'   Loss: [%d/%d] ' % (epoch, niter)`` and ``'%s: %.3f '`` per
    error of ``get_errors()`` (public galaxyganomaly183)."""
    out = ["================ Training Loss (Tue Mar 15 16:06:27 2022) ================"]
    for epoch in range(niter):
        message = "   Loss: [%d/%d] " % (epoch, niter)
        errors = {"err_d": 0.5 / (epoch + 1), "err_g": _curve(epoch, 1.4, 1.0), "err_g_adv": 0.06,
                  "err_g_con": _curve(epoch, 0.025, 0.02), "err_g_enc": 0.01}
        for key, val in errors.items():
            message += "%s: %.3f " % (key, val)
        out.append(message)
    return "\n".join(out) + "\n"


def test_loss_heading_a_counter_is_the_epoch(tmp_path):
    """``Loss: [N/M]`` was a series ``Loss`` of the epoch numbers (0 -> 49, judged a diverging loss). Now N is the
    epoch and the errors after it are the losses."""
    (tmp_path / "loss_log.txt").write_text(_ganomaly_log(12))
    (run,) = _runs(tmp_path).values()
    assert "Loss" not in run and "loss" not in run
    assert run["err_g"] == (list(range(12)), [round(_curve(e, 1.4, 1.0), 3) for e in range(12)])
    assert set(run) >= {"err_d", "err_g_adv", "err_g_con", "err_g_enc"}


# ---------------------------------------------------------------- 184: LeRobot's 'step:24K' counters

def _format_big_number(num, precision=0):
    """lerobot/common/utils/utils.py ``format_big_number``, as written there."""
    suffixes = ["", "K", "M", "B", "T", "Q"]
    divisor = 1000.0
    for suffix in suffixes:
        if abs(num) < divisor:
            return f"{num:.{precision}f}{suffix}"
        num /= divisor
    return num


def _lerobot_log(steps: int, log_freq: int, batch: int = 8, frames: int = 20000, episodes: int = 50) -> str:
    """LeRobot train.py's ``logging.info(train_tracker)`` lines (``MetricsTracker.__str__``: ``step``, ``smpl``,
    ``ep`` through ``format_big_number``, ``epch`` ``:.2f``, then ``loss``/``grdn``/``lr``/``updt_s``/``data_s``
    averages), under LeRobot's ``INFO <date> <file>:<line>`` format (public actrepro184)."""
    lines = []
    for step in range(log_freq, steps + 1, log_freq):
        samples = step * batch
        epochs = samples / frames
        lines.append(f"INFO 2026-07-11 12:48:44 ot_train.py:606 step:{_format_big_number(step)} "
                     f"smpl:{_format_big_number(samples)} ep:{_format_big_number(epochs * episodes)} "
                     f"epch:{epochs:.2f} loss:{_curve(step / 1000, 7.0, 0.05):.3f} grdn:{150 / (1 + step / 500):.3f} "
                     f"lr:{1e-5:0.1e} updt_s:0.081 data_s:0.002")
    return "\n".join(lines) + "\n"


def test_lerobot_rounded_steps_are_written_out(tmp_path):
    """``step:1K`` .. ``step:10K`` were no numbers: every point past step 999 fell onto step 800. Now each line is at
    the step it names (the thousands, lines rounded alike averaged there), ``ep`` is no epoch and no series, and
    ``grdn`` is the gradient norm."""
    (tmp_path / "training_metrics.txt").write_text(_lerobot_log(10_000, 200))
    (run,) = _runs(tmp_path).values()
    steps = sorted(set(run["loss"][0]))
    assert steps[:4] == [200, 400, 600, 800] and steps[-1] == 10_000 and len(steps) == 14
    assert "grad_norm" in run and "lr" in run
    assert not {"ep", "episodes", "smpl", "epch", "updt_s", "data_s", "grdn"} & set(run)


# ---------------------------------------------------------------- 182: KAIR's 'Average PSNR : 26.97dB'

def test_kair_average_psnr_in_decibels(tmp_path):
    """KAIR main_train_psnr.py logs ``'<epoch:{:3d}, iter:{:8,d}, lr:{:.3e}> '`` + ``'{:s}: {:.3e} '`` per loss and,
    every checkpoint_test steps, ``'<epoch:{:3d}, iter:{:8,d}, Average PSNR : {:<.2f}dB\\n'`` (logger format
    ``'%(asctime)s.%(msecs)03d : %(message)s'``; public swinirkd182). The PSNR (its only validation) was not read:
    the glued ``dB`` made it no number. Now ``Average_PSNR`` is read at its iteration."""
    lines, stamp = [], "25-12-12 00:44:33.957 : "
    for step in range(200, 6001, 200):
        epoch = step // 28
        lines.append(stamp + "<epoch:{:3d}, iter:{:8,d}, lr:{:.3e}> ".format(epoch, step, 2e-4)
                     + "{:s}: {:.3e} ".format("G_loss", _curve(step / 1000, 0.04, 0.03)))
        if step % 2000 == 0:
            lines.append(stamp + "<epoch:{:3d}, iter:{:8,d}, Average PSNR : {:<.2f}dB\n".format(epoch, step,
                                                                                               26 + step / 4000))
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path).values()
    assert run["Average_PSNR"] == ([2000, 4000, 6000], [26.5, 27.0, 27.5])
    assert len(run["G_loss"][0]) == 30
