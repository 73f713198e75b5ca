"""Printed-log misreads of the stop-40 rules found by breaker2 (items 2-5, 8-10): each test writes a small log of the
shape and asserts the values and steps read."""
from __future__ import annotations

import warnings

from loganalyzer import read_scalars
from loganalyzer.discover import discover


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_scalars(str(path), resolve=True)


def _series(df, tag):
    s = df[df.tag == tag].sort_values("step", kind="stable")
    return s.step.tolist(), s.value.round(4).tolist()


# ------------------------------------------------------------------ 2. ProgressMeter log resumed at 'Epoch: [1]'


def _meter_log(head: str, first_epoch: int, epochs: int, batches: int = 400) -> tuple[str, list, list]:
    lines, steps, losses = head.splitlines(), [], []
    for e in range(first_epoch, first_epoch + epochs):
        for b in range(0, batches, 100):
            loss = 5.0 - 0.1 * len(steps)
            lines.append(f"Epoch: [{e}][{b:3d}/{batches}]\tTime  0.312 ( 0.330)\tData  0.012 ( 0.020)\t"
                         f"Loss {loss:.4e} ({loss + 0.05:.4e})\tAcc@1   25.00 (  24.00)\tAcc@5   45.00 (  44.00)")
            steps.append(e * batches + b)
            losses.append(round(float(f"{loss:.4e}"), 4))
    return "\n".join(lines) + "\n", steps, losses


def test_resumed_meter_log_keeps_its_epochs(tmp_path):
    """Before: a log resumed with --resume ('=> loaded checkpoint .. (epoch 1)') starting at 'Epoch: [1][  0/400]'
    was moved back to step 0 (taken as counting epochs from 1); now it stays at 400, 500, ..."""
    head = ("=> creating model 'resnet18'\n=> loading checkpoint 'checkpoint.pth.tar'\n"
            "=> loaded checkpoint 'checkpoint.pth.tar' (epoch 1)\n")
    text, steps, losses = _meter_log(head, 1, 3)
    f = tmp_path / "train_resume.log"
    f.write_text(text)
    assert _series(_read(f), "Loss") == (steps, losses)
    assert steps[0] == 400


def test_fresh_meter_log_from_epoch_one_still_moves(tmp_path):
    """The same lines with an args line naming resume='' (a fresh start, reidyz74's shape): epoch 1 is 0..399."""
    text, steps, losses = _meter_log("Args:Namespace(arch='resnet50', resume='', start_epoch=0)\n", 1, 3)
    f = tmp_path / "train.log"
    f.write_text(text)
    assert _series(_read(f), "Loss") == ([s - 400 for s in steps], losses)


# ------------------------------------------------------------------ 3. a crashed launch resumed from its checkpoint


def _resumed_log(resume_line: str, gap: int = 0) -> tuple[str, list, list]:
    config = "[12/01 10:00:00] ppgan INFO: Configs: {'total_iters': 5000, 'output_dir': 'output_dir/edsr', 'lr': 2e-4}"
    lines, steps, losses = [config], [], []

    def line(it):
        loss = 0.16 - 0.0004 * it / 10
        steps.append(it)
        losses.append(round(float(f"{loss:.4f}"), 4))
        return f"[12/01 10:00:10] ppgan.engine.trainer INFO: Iter: {it}/5000 lr: 2.000e-04 loss_pixel: {loss:.4f}"

    lines += [line(10), line(20), "[12/01 10:00:20] ppgan INFO: Saving checkpoint iter_20",
              "RuntimeError: CUDA error: an illegal memory access was encountered", config.replace("10:00", "10:05")]
    if resume_line:
        lines.append(resume_line)
    lines += [line(it) for it in range(30 + gap, 300 + gap, 10)]
    return "\n".join(lines) + "\n", steps, losses


def test_relaunch_resuming_from_checkpoint_keeps_first_launch(tmp_path):
    """Before: Iter 10 and 20 were dropped as an abandoned first launch; a 'Resuming from checkpoint' line keeps
    them."""
    text, steps, losses = _resumed_log("[12/01 10:05:01] ppgan INFO: Resuming from checkpoint iter_20", gap=50)
    f = tmp_path / "log.txt"
    f.write_text(text)
    assert len(discover(str(f))) == 1
    assert _series(_read(f), "loss_pixel") == (steps, losses)


def test_relaunch_whose_steps_go_on_keeps_first_launch(tmp_path):
    """No resume line, but the relaunch's steps go on by its stride (10, 20, then 30, 40): one training, all kept."""
    text, steps, losses = _resumed_log("")
    f = tmp_path / "log.txt"
    f.write_text(text)
    assert _series(_read(f), "loss_pixel") == (steps, losses)


# ------------------------------------------------------------------ 4/5. unit-led keys: only after a number


def test_best_so_far_key_is_not_the_metric(tmp_path):
    """Before: 'min val_loss: 0.78' was read into val_loss (two values an epoch); now it is kept apart."""
    lines, vals, best = [], [], []
    for e in range(1, 13):
        v = 0.9 - 0.02 * e + (0.06 if e % 4 == 0 else 0)
        best.append(min(best + [v]) if best else v)
        vals.append(round(v, 4))
        lines.append(f"Epoch {e}/12 - loss: {1.0 - 0.05 * e:.4f} - val_loss: {v:.4f} - min val_loss: {best[-1]:.4f}")
    f = tmp_path / "train.log"
    f.write_text("\n".join(lines) + "\n")
    df = _read(f)
    assert _series(df, "val_loss") == (list(range(1, 13)), vals)
    assert _series(df, "min_val_loss")[1] == [round(b, 4) for b in best]


def test_names_led_by_a_unit_word_keep_it(tmp_path):
    """Before: 'ms ssim' was read as 'ssim' and 's loss' as a bare 'loss'; now 'ms_ssim' and 's_loss'."""
    lines = [f"[epoch {e}] train loss: {1.0 - 0.05 * e:.4f}, ms ssim: {0.8 + 0.01 * e:.4f}, "
             f"s loss: {0.3 - 0.01 * e:.4f}"
             for e in range(1, 13)]
    f = tmp_path / "train2.log"
    f.write_text("\n".join(lines) + "\n")
    df = _read(f)
    assert {"train_loss", "ms_ssim", "s_loss"} <= set(df.tag)
    assert not {"ssim", "loss"} & set(df.tag)
    assert _series(df, "ms_ssim") == (list(range(1, 13)), [round(0.8 + 0.01 * e, 4) for e in range(1, 13)])


def test_unit_word_after_a_number_still_dropped_unless_the_key_is_taken(tmp_path):
    """'0.81953 sec ips: 19.5' drops 'sec' (PaddleGAN); '3.1 s loss: 0.27' beside a 'loss' key keeps 's_loss'."""
    lines = [f"step {k * 10} loss: {1.0 - 0.01 * k:.4f} time: 3.1 s loss: {0.3 - 0.01 * k:.4f} batch_cost: 0.81953 "
             f"sec ips: 19.52 images/s" for k in range(1, 13)]
    f = tmp_path / "train3.log"
    f.write_text("\n".join(lines) + "\n")
    df = _read(f)
    assert "s_loss" in set(df.tag) and not {"sec_ips", "ips"} & set(df.tag)
    assert _series(df, "loss") == ([10 * k for k in range(1, 13)], [round(1.0 - 0.01 * k, 4) for k in range(1, 13)])


# ------------------------------------------------------------------ 8. sklearn's D^2 score is no loss


def _d2_log(values, extra: str = "") -> str:
    return "config: {model: mlp, loss: quantile, alpha: 0.9}\n" + "".join(
        f"epoch {e:3d} | D^2={v:+.4f} | MAE={0.5 - 0.01 * e:.4f} | RMSE={0.7 - 0.01 * e:.4f} | 3.1s{extra}\n"
        for e, v in enumerate(values, 1))


def test_d2_score_of_a_regression_is_no_loss(tmp_path):
    """Before: a quantile regression's rising D^2 score was read as a rising (diverging) loss; now nothing is."""
    f = tmp_path / "run_quantile.log"
    f.write_text(_d2_log([0.1 + 0.07 * e for e in range(10)]))
    df = _read(f)
    assert "loss" not in set(df.tag)
    f.write_text(_d2_log([0.8 - 0.07 * e for e in range(10)]))  # falling, but beside MAE/RMSE: a score still
    assert "loss" not in set(_read(f).tag)


def test_d2_of_a_distance_gan_stays_the_loss(tmp_path):
    """An OT-GAN's log (its config's energy distance, FID every other epoch): the squared distance is the loss."""
    values = [0.06 / (e + 1) for e in range(6)]
    f = tmp_path / "run_energy.log"
    f.write_text("config: {model: ot_gan, loss: energy_distance}\n" + "".join(
        f"epoch {e:3d} | D^2={v:+.4f} | cross=0.8874 rr=0.2090 ff=0.2226 | 1605.1s"
        + (f" | FID={300 - e:.2f}\n" if e % 2 else "\n") for e, v in enumerate(values, 1)))
    assert _series(_read(f), "loss") == (list(range(1, 7)), [round(float(f"{v:.4f}"), 4) for v in values])


# ------------------------------------------------------------------ 9/10. split-group table: checkpoint lines, halves

_HEAD = ("                     |------------ VALID -------------|----------- TRAIN -------------|------------|\n"
         "lr       iter  epoch | loss   top-1  top-2            | loss   top-1  top-2           | time       |\n"
         + "-" * 99 + "\n")


def _row(epoch: float, k: int) -> str:
    return (f"0.0001  {epoch:5.1f}  {epoch:5.2f}  | {0.9 - 0.05 * k:.3f}  60.000  80.000          | "
            f"{1.0 - 0.06 * k:.3f}  55.000  78.000         |  0 hr {k:02d} min\n")


def test_split_table_goes_on_after_a_checkpoint_line(tmp_path):
    """Before: the rows after 'save checkpoint: ..' were dropped (4 of 10 read); now all 10."""
    text = _HEAD + "".join(_row(e, e) + ("save checkpoint: ./checkpoint/00003_model.pth\n" if e == 3 else "")
                           for e in range(10))
    f = tmp_path / "log_train.txt"
    f.write_text(text)
    df = _read(f)
    assert _series(df, "val_loss") == (list(range(10)), [round(0.9 - 0.05 * k, 4) for k in range(10)])
    assert _series(df, "train_loss")[0] == list(range(10))


def test_split_table_of_half_epochs(tmp_path):
    """Before: a table printed every half epoch (0.00, 0.50, ..) ended at its second row; now 8 rows, in halves."""
    f = tmp_path / "log_train.txt"
    f.write_text(_HEAD + "".join(_row(k / 2, k) for k in range(8)))
    assert _series(_read(f), "train_loss") == (list(range(8)), [round(1.0 - 0.06 * k, 4) for k in range(8)])
