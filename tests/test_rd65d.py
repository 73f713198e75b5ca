"""Stop 65 (rd65d): printed-log shapes from sets 191/196, each written in the program's exact print format.

FuxiCTR 2.x (reczoo/FinalMLP's BARS logs, ``fuxictr/pytorch/models/rank_model.py`` of FuxiCTR >= 2.0): the epoch's
``[Metrics]`` line comes first, then ``Reduce learning rate on plateau``, then ``Train loss @epoch N: x``.
"""
from __future__ import annotations

import warnings

from loganalyzer import read_scalars


def _series(path, resolve=True) -> dict[str, tuple[list, list]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=resolve)
    _series.caught = [str(w.message) for w in caught]
    return {tag: (g.step.tolist(), g.value.tolist()) for tag, g in df.groupby("tag", sort=False)}


def _fuxictr2_log(path, aucs, train, reduce_at=(), at_epoch=True):
    """FuxiCTR 2.x's log: one 'Epoch=1 start' banner, then per epoch [Metrics] (validation, eval_step) ->
    'Save best model' or 'Monitor(max) STOP' + 'Reduce learning rate on plateau' -> 'Train loss @epoch N'."""
    t = "2022-12-17 14:26:52,754 P29088 INFO "
    lines = [t + "Start training: 50 batches/epoch", t + "************ Epoch=1 start ************"]
    lr = 1e-3
    for e, (auc, tl) in enumerate(zip(aucs, train), start=1):
        lines.append(t + f"[Metrics] AUC: {auc:.6f}")
        if e in reduce_at:
            lr /= 10
            lines += [t + f"Monitor(max) STOP: {auc:.6f} !", t + f"Reduce learning rate on plateau: {lr:.6f}"]
        else:
            lines.append(t + f"Save best model: monitor(max): {auc:.6f}")
        lines.append(t + "--- 50/50 batches finished ---")
        lines.append(t + (f"Train loss @epoch {e}: {tl:.6f}" if at_epoch else f"Train loss: {tl:.6f}"))
        lines.append(t + f"************ Epoch={e} end ************")
    lines += [t + "Training finished.", t + "****** Validation evaluation ******",
              t + f"[Metrics] AUC: {max(aucs):.6f} - logloss: 0.144852", t + "******** Test evaluation ********",
              t + "[Metrics] AUC: 0.986072 - logloss: 0.148415"]
    path.write_text("\n".join(lines) + "\n")


def test_fuxictr2_train_loss_at_epoch_and_every_metrics_line_are_read(tmp_path):
    """Before: 'Train loss @epoch N:' was no FuxiCTR line, the log fell to the line reader and only the two closing
    evaluations were read (2 points: finalmlp196 FinalMLP_frappe / FinalMLP_avazu / DualMLP_criteo)."""
    path = tmp_path / "FinalMLP_frappe_x1_004_e1ab402f.log"
    aucs = [0.9408, 0.9625, 0.9716, 0.9749, 0.9783, 0.9785, 0.9790, 0.9789]
    train = [0.3756, 0.2773, 0.2396, 0.2207, 0.2074, 0.1993, 0.1928, 0.1856]
    _fuxictr2_log(path, aucs, train, reduce_at=(4, 8))
    series = _series(path)
    assert series["train_loss"] == (list(range(1, 9)), train)
    assert series["val_AUC"] == (list(range(1, 9)), aucs)  # the closing re-evaluations are no points
    assert series["lr"] == ([5], [0.0001])  # from the next epoch on; none past the last epoch
    assert not any("resumed" in m for m in _series.caught), _series.caught


def test_fuxictr_lr_line_before_the_epochs_loss_is_no_resumed_session(tmp_path):
    """1.x's 'Train loss:' after a 'Reduce learning rate' line: the lr record of epoch N+1 printed before epoch N's
    loss was taken for a session resuming at N, and the points at N dropped (bars148 DIN_kuaivideo: 9 of 11
    val_AUC read)."""
    path = tmp_path / "DIN.log"
    aucs = [0.70, 0.72, 0.73, 0.735, 0.74, 0.741]
    _fuxictr2_log(path, aucs, [0.55, 0.50, 0.47, 0.45, 0.44, 0.43], reduce_at=(3, 5), at_epoch=False)
    series = _series(path)
    assert series["val_AUC"] == (list(range(1, 7)), aucs)
    assert series["lr"] == ([4, 6], [0.0001, 0.00001])
    assert not any("resumed" in m for m in _series.caught), _series.caught


# --- skorch PrintLog (skorch/callbacks/logging.py: tabulate 'simple', floatfmt '.4f', Ansi colours for new bests)

def _skorch_log(path, rows, lead=("[+] Runner instantiated with cmd train and data cache/sparse_labeled_6.pkl",)):
    """The table as skorch prints it to a redirected stdout: header, rule, right-aligned cells two spaces apart,
    each new best wrapped in its colour (as tabulate measures widths without the codes), ``cp`` '+' or blank."""
    names = ["epoch", "auprc", "train_loss", "valid_acc", "valid_loss", "cp", "dur"]
    colour = {"auprc": "\033[36m", "train_loss": "\033[31m", "valid_acc": "\033[94m", "valid_loss": "\033[36m"}
    better = {"auprc": max, "train_loss": min, "valid_acc": max, "valid_loss": min}
    widths = [max(len(n), 7) for n in names]
    lines = list(lead) + ["  ".join(n.rjust(w) for n, w in zip(names, widths)), "  ".join("-" * w for w in widths)]
    best: dict = {}
    for e, row in enumerate(rows, start=1):
        cells, saved = [str(e).rjust(widths[0])], False
        for name, w in zip(names[1:5], widths[1:5]):
            text = f"{row[name]:.4f}"
            new = name not in best or better[name](row[name], best[name]) == row[name] != best[name]
            if new:
                best[name] = row[name]
                saved |= name == "valid_loss"
                text = " " * (w - len(text)) + colour[name] + text + "\033[0m"
            cells.append(text.rjust(w))
        cells += [("+" if saved else "").rjust(widths[5]), f"{11.3 + e / 100:.4f}".rjust(widths[6])]
        lines.append("  ".join(cells))
    lines += ["Stopping since valid_loss has not improved in the last 3 epochs.", "Final AUROC: 0.8699831620619405"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_skorch_table_inside_a_job_log_with_blank_checkpoint_cells_is_read(tmp_path):
    """Before: a runner's line above, EarlyStopping's lines below and the blank ``cp`` cells (rows one field
    short) left the table unread: 0 rows (tabsepsis196 trainTST_6.log: 33 epochs)."""
    vl = [0.3017, 0.2216, 0.2136, 0.2118, 0.2124, 0.2106, 0.2096, 0.2101, 0.2099]
    rows = [{"auprc": 0.11 + 0.03 * i, "train_loss": 0.47 - 0.03 * i, "valid_acc": 0.92 + (i % 3) / 1000,
             "valid_loss": v} for i, v in enumerate(vl)]
    for name in ("trainTST_6.log", "trainTST_6.txt"):
        path = tmp_path / name
        _skorch_log(path, rows)
        assert "\033[" in path.read_text() and "  +  " in path.read_text()
        series = _series(path)
        assert series["valid_loss"] == (list(range(1, 10)), vl)
        assert series["train_loss"][1] == [round(r["train_loss"], 4) for r in rows]
        assert "dur" not in series and "epoch" not in series and "cp" not in series


# --- EDSR-PyTorch trainer (src/trainer.py, src/loss/__init__.py display_loss; checkpoint writes the model repr)

_REPR = "HNCT(\n  (fea_conv): Conv2d(3, 50, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n)"


def _edsr_launch(epochs, first=0, test=True, per=16000, every=1600, losses=("L1",), sets=(("Set5", 4),)):
    lines = [_REPR]
    for e in range(first, first + epochs):
        lines.append("[Epoch {}]\tLearning rate: {:.2e}".format(e, 5e-4))
        for b in range(every, per + 1, every):
            vals = [0.08 / (1 + e + b / per) * (k + 1) for k in range(len(losses))]
            shown = "".join("[{}: {:.4f}]".format(t, v) for t, v in zip(losses, vals))
            if len(losses) > 1:
                shown += "[{}: {:.4f}]".format("Total", sum(vals))
            lines.append("[{}/{}]\t{}\t{:.1f}+{:.1f}s".format(b, per, shown, 61.2, 0.2))
        lines.append("\nEvaluation:")
        if not test:
            break
        for name, scale in sets:
            psnr = 29.0 + e / 10
            lines.append("[{} x{}]\tPSNR: {:.3f} (Best: {:.3f} @epoch {})".format(name, scale, psnr, psnr, e + 1))
        lines += ["Forward: 4.81s\n", "Saving...", "Total: 5.19s\n"]
    return lines


def test_edsr_log_is_read_and_launches_without_an_evaluation_are_left_out(tmp_path):
    """Before: no line named a loss ('[L1: 0.0816]'): 0 rows (hnct191 log.txt). Launches that crashed before their
    first test and were launched again from epoch 0 are abandoned attempts, not runs of their own."""
    path = tmp_path / "log.txt"
    lines = _edsr_launch(0) + _edsr_launch(0) + _edsr_launch(1, test=False) + _edsr_launch(1, test=False)
    lines += _edsr_launch(5)
    path.write_text("\n".join(lines) + "\n")
    series = _series(path)
    assert series["val_PSNR"] == ([16000 * k for k in range(1, 6)], [29.0, 29.1, 29.2, 29.3, 29.4])
    assert len(series["loss"][0]) == 50 and series["loss"][0][0] == 1600
    assert series["lr"] == ([16000 * k + 1600 for k in range(5)], [5e-4] * 5)
    assert any("2 launch(es) that logged no evaluation" in m for m in _series.caught), _series.caught
    assert not any("resumed" in m for m in _series.caught)


def test_edsr_several_terms_and_test_sets_keep_their_names(tmp_path):
    path = tmp_path / "log.txt"
    path.write_text("\n".join(_edsr_launch(3, losses=("L1", "VGG54"), sets=(("Set5", 4), ("Set14", 4)))) + "\n")
    series = _series(path)
    assert {"loss", "loss_L1", "loss_VGG54", "val_PSNR_Set5_x4", "val_PSNR_Set14_x4"} <= set(series)
    assert series["val_PSNR_Set14_x4"][0] == [16000, 32000, 48000]


# --- KAIR (cszn/KAIR utils/utils_logger.logger_info, utils/utils_option.dict2str, main_train_psnr.py), written with
# the logging module and KAIR's own formatter

def _dict2str(opt, indent_l=1):  # utils_option.dict2str, as KAIR writes it
    msg = ""
    for k, v in opt.items():
        if isinstance(v, dict):
            msg += " " * (indent_l * 2) + k + ":[\n" + _dict2str(v, indent_l + 1) + " " * (indent_l * 2) + "]\n"
        else:
            msg += " " * (indent_l * 2) + k + ": " + str(v) + "\n"
    return msg


def _kair_logger(path, name):
    import logging

    log = logging.getLogger(name)
    log.handlers.clear()
    log.propagate = False
    log.setLevel(logging.INFO)
    handler = logging.FileHandler(str(path), mode="a")
    handler.setFormatter(logging.Formatter("%(asctime)s.%(msecs)03d : %(message)s", datefmt="%y-%m-%d %H:%M:%S"))
    log.addHandler(handler)
    return log, handler


_OPT = {"task": "swinir_sr_classical_patch48_x2", "model": "plain", "scale": 2,
        "train": {"G_lossfn_type": "l1", "G_lossfn_weight": 1.0, "E_decay": 0.999, "G_optimizer_lr": 0.0001,
                  "checkpoint_print": 200}, "is_train": True}


def _kair_line(log, it, loss):
    log.info("<epoch:{:3d}, iter:{:8,d}, lr:{:.3e}> ".format(it // 400, it, 1e-4) + "{:s}: {:.3e} ".format("G_loss", loss))


def test_kair_options_dump_is_no_series_and_a_stray_line_of_another_launch_splits_nothing(tmp_path):
    """Before: the options' 'G_lossfn_weight: 1.0' / 'E_decay: 0.999' (continuation lines of the options record)
    were read as series; a second launch's one line (iter 200) between iterations 5,200 and 5,400 of the first split
    the run in two, the second half starting with the stray point (swinir-skchen191 train.log)."""
    path = tmp_path / "train.log"
    first, h1 = _kair_logger(path, "kair-first")
    first.info(_dict2str(_OPT))
    first.info("Number of train images: 800, iters: 800")
    second, h2 = _kair_logger(path, "kair-second")
    losses = {it: 0.17 / (1 + it / 1000) for it in range(200, 10001, 200)}
    for it in range(200, 10001, 200):
        _kair_line(first, it, losses[it])
        if it == 5200:
            second.info(_dict2str(_OPT))
            _kair_line(second, 200, 0.0738)
    h1.close(), h2.close()
    series = _series(path)
    assert set(series) == {"G_loss", "lr"}, set(series)
    assert series["G_loss"][0] == list(range(200, 10001, 200))
    assert series["G_loss"][1] == [float(f"{losses[it]:.3e}") for it in range(200, 10001, 200)]
    assert any("step 200 between 5,200 and 5,400" in m for m in _series.caught), _series.caught
