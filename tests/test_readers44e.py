"""Stop 44's printed logs of well-known frameworks' stdout (a newcomer breaker's brkE findings F3-F17).

Each log is written in the framework's exact print format (from its public source: ESPnet2's ``reporter.py``,
torchvision's detection/classification references, ``pycocotools``' ``COCOeval.summarize``, PaddleOCR's
``tools/program.py``, Megatron-LM's ``training.py``, MONAI's tutorial, orbit's ``controller.py``) with the numbers of
a tiny real torch training (a 3-class MLP on random Gaussian data, CPU, a few seconds).
"""
from __future__ import annotations

import math

import pytest

from test_readers20a import _read, _series, _write  # noqa: E402


@pytest.fixture(scope="module")
def trained() -> dict:
    """Per-batch (loss, acc, lr) and per-epoch (train loss, train acc, val loss, val acc) of a real tiny training:
    6 epochs of 16 batches."""
    torch = pytest.importorskip("torch")
    nn = torch.nn
    g = torch.Generator().manual_seed(0)
    w = torch.randn(20, 3, generator=g)

    def mk(n):
        x = torch.randn(n, 20, generator=g)
        return x, (x @ w).argmax(1)

    (xt, yt), (xv, yv) = mk(512), mk(256)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 3))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    lossf = nn.CrossEntropyLoss()
    batches, epochs = [], []
    for _ in range(6):
        model.train()
        perm = torch.randperm(512)
        bl = []
        for i in range(16):
            idx = perm[i * 32:(i + 1) * 32]
            out = model(xt[idx])
            loss = lossf(out, yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            acc = (out.argmax(1) == yt[idx]).float().mean().item()
            batches.append((loss.item(), acc, opt.param_groups[0]["lr"]))
            bl.append((loss.item(), acc))
        model.eval()
        with torch.no_grad():
            out = model(xv)
            vl, va = lossf(out, yv).item(), (out.argmax(1) == yv).float().mean().item()
        epochs.append((sum(x for x, _ in bl) / 16, sum(a for _, a in bl) / 16, vl, va))
    assert all(math.isfinite(b[0]) for b in batches)
    return {"batches": batches, "epochs": epochs}


def _run(path):
    from loganalyzer import analyze

    runs = analyze(str(path)).runs
    assert len(runs) == 1
    return runs[0]


# ---------------------------------------------------------------- F3. ESPnet2's trainer


def _espnet_lines(trained, interval: int = 4) -> list[str]:
    """``espnet2.train.trainer``: ``reporter.log_message(-log_interval)`` every ``interval`` batches, then the epoch's
    ``{epoch}epoch results: [train] ..., [valid] ..., [att_plot] ...`` (``Reporter.log_message``: ``k=v`` joined by
    ``, ``, ``time`` as ``x.xx seconds``, ``total_count`` the iterations of all epochs so far)."""
    h = "[gpu-node07] 2023-05-02 14:00:09,883"
    lines = [f"{h} (asr:494) INFO: Vocabulary size: 5000", f"{h} (trainer:284) INFO: 1/6epoch started"]
    b = trained["batches"]
    for e, (tl, ta, vl, va) in enumerate(trained["epochs"]):
        for a in range(0, 16, interval):
            seg = b[e * 16 + a:e * 16 + a + interval]
            loss, acc = sum(x[0] for x in seg) / interval, sum(x[1] for x in seg) / interval
            lines.append(f"{h} (trainer:753) INFO: {e + 1}epoch:train:{a + 1}-{a + interval}batch: iter_time=1.371e-04, "
                         f"forward_time=0.102, loss_ctc={loss * 1.3:.3f}, loss_att={loss * 0.9:.3f}, acc={acc:.3f}, "
                         f"loss={loss:.3f}, backward_time=0.093, optim_step_time=0.031, optim0_lr0={seg[-1][2]:.3e}, "
                         f"train_time=0.531")
        lines.append(f"{h} (trainer:338) INFO: {e + 1}epoch results: [train] iter_time=1.402e-04, loss={tl:.3f}, "
                     f"acc={ta:.3f}, optim0_lr0=5.000e-02, train_time=0.529, time=17.02 seconds, total_count={16 * (e + 1)}, "
                     f"gpu_max_cached_mem_GB=7.148, [valid] loss_ctc={vl * 1.3:.3f}, acc={va:.3f}, cer={1 - va:.3f}, "
                     f"wer={(1 - va) * 1.9:.3f}, loss={vl:.3f}, time=3.21 seconds, total_count={4 * (e + 1)}, "
                     f"gpu_max_cached_mem_GB=7.148, [att_plot] time=4.02 seconds, total_count=0, "
                     f"gpu_max_cached_mem_GB=7.148")
        lines.append(f"{h} (trainer:384) INFO: The best model has been updated: valid.acc")
    lines.append(f"{h} (trainer:438) INFO: The training was finished at 6 epochs ")
    return lines


def test_espnet_batch_lines_at_cumulative_steps_and_valid_section(tmp_path, trained):
    path = _write(tmp_path, "train.log", "\n".join(_espnet_lines(trained)) + "\n")
    df, _ = _read(path)
    tags = set(df.tag)
    assert "train" not in tags and "trainer" not in tags  # the batch range and '(trainer:753)' are no series
    steps, values = _series(df, "loss")
    assert steps == list(range(4, 97, 4))  # the batches of the epochs before + the range's last batch
    first = sum(x[0] for x in trained["batches"][:4]) / 4
    assert values[0] == pytest.approx(round(first, 3), abs=1e-3)
    steps, values = _series(df, "valid_loss")
    assert steps == [16, 32, 48, 64, 80, 96]
    assert values == pytest.approx([round(e[2], 3) for e in trained["epochs"]], abs=1e-3)
    assert _series(df, "valid_wer")[0] == [16, 32, 48, 64, 80, 96]
    assert "valid_total_count" not in tags and "valid_time" not in tags and "total_count" not in tags
    roles = _run(path).roles
    assert roles["val_loss"] == "valid_loss" and roles["val_acc"] == "valid_acc" and roles["train_loss"] == "loss"


def test_espnet_results_train_section_when_no_batch_line(tmp_path, trained):
    """``log_interval`` above the epoch's batches: only the results lines; their ``[train]`` means are the curve."""
    lines = [x for x in _espnet_lines(trained) if "batch:" not in x]
    df, _ = _read(_write(tmp_path, "train.log", "\n".join(lines) + "\n"))
    assert _series(df, "valid_acc")[0] == [16, 32, 48, 64, 80, 96]
    steps, values = _series(df, "loss")
    assert steps == [16, 32, 48, 64, 80, 96]
    assert values == pytest.approx([round(e[0], 3) for e in trained["epochs"]], abs=1e-3)
    assert "total_count" not in set(df.tag) and "time" not in set(df.tag)


# ---------------------------------------------------------------- F8. torchvision detection: COCO after each epoch


def _coco_block(kind: str, ap: float, pad: int) -> list[str]:
    """``COCOeval.summarize()``'s twelve lines under torchvision's ``IoU metric: {iou_type}`` (``coco_eval.py``);
    ``pad``: the title's width (pycocotools' ``{:<18}``; 17 when a copy squeezed its blanks)."""
    rows = [("Precision", "AP", "0.50:0.95", "all", 100, ap), ("Precision", "AP", "0.50", "all", 100, ap * 1.3),
            ("Precision", "AP", "0.75", "all", 100, ap * 1.1), ("Precision", "AP", "0.50:0.95", "small", 100, -1),
            ("Precision", "AP", "0.50:0.95", "medium", 100, ap * 0.7), ("Precision", "AP", "0.50:0.95", "large", 100, ap),
            ("Recall", "AR", "0.50:0.95", "all", 1, ap * 0.5), ("Recall", "AR", "0.50:0.95", "all", 10, ap),
            ("Recall", "AR", "0.50:0.95", "all", 100, ap), ("Recall", "AR", "0.50:0.95", "small", 100, -1),
            ("Recall", "AR", "0.50:0.95", "medium", 100, ap * 0.8), ("Recall", "AR", "0.50:0.95", "large", 100, ap)]
    out = [f"IoU metric: {kind}"]
    for title, short, iou, area, dets, v in rows:
        out.append(" {:<{w}} {} @[ IoU={:<9} | area={:>6s} | maxDets={:>3d} ] = {:0.3f}".format(
            "Average " + title, f"({short})", iou, area, dets, v, w=pad))
    return out


def _tv_detection_lines(trained, pad: int) -> list[str]:
    """``references/detection/train.py``: MetricLogger's ``Epoch: [e]  [ i/16]`` every 5 batches, then
    ``evaluate()``: ``Test:`` lines, ``Averaged stats:``, the accumulate/summarize output per IoU type."""
    lines = []
    b = trained["batches"]
    for e, (_, _, _, va) in enumerate(trained["epochs"]):
        for i in (0, 5, 10, 15):
            loss = b[e * 16 + i][0]
            lines.append(f"Epoch: [{e}]  [{i:2d}/16]  eta: 0:00:10  lr: 0.005000  loss: {loss:.4f} ({loss:.4f})  "
                         f"loss_classifier: {loss / 3:.4f} ({loss / 3:.4f})  loss_box_reg: {loss / 4:.4f} ({loss / 4:.4f})"
                         f"  time: 0.5812  data: 0.0141  max mem: 2611")
        lines += [f"Epoch: [{e}] Total time: 0:00:09 (0.5850 s / it)", "creating index...", "index created!",
                  "Test:  [ 0/50]  eta: 0:00:21  model_time: 0.1903 (0.1903)  evaluator_time: 0.0050 (0.0050)  "
                  "time: 0.4274  data: 0.2325  max mem: 2611", "Test: Total time: 0:00:06 (0.1301 s / it)",
                  "Averaged stats: model_time: 0.0981 (0.1012)  evaluator_time: 0.0041 (0.0063)",
                  "Accumulating evaluation results...", "DONE (t=0.01s).", "Accumulating evaluation results...",
                  "DONE (t=0.01s)."]
        lines += _coco_block("bbox", va * 0.7, pad) + _coco_block("segm", va * 0.6, pad)
    return lines


def test_tv_detection_coco_blocks_with_squeezed_titles(tmp_path, trained):
    path = _write(tmp_path, "out.log", "\n".join(_tv_detection_lines(trained, 17)) + "\n")
    df, _ = _read(path)
    steps, values = _series(df, "val_bbox/AP")
    assert steps == [15, 31, 47, 63, 79, 95]
    assert values == pytest.approx([round(e[3] * 0.7, 3) for e in trained["epochs"]], abs=1e-3)
    assert _series(df, "val_segm/AP50")[1] == pytest.approx([round(e[3] * 0.78, 3) for e in trained["epochs"]],
                                                             abs=1e-3)
    assert len(_series(df, "val_bbox/AR100")[0]) == 6
    assert "val_bbox/APs" not in set(df.tag)  # pycocotools' -1.000: no small object, no score
    assert _run(path).roles.get("val_metric") == "val_bbox/AP"


def test_tv_detection_coco_blocks_exact_pycocotools_width(tmp_path, trained):
    df, _ = _read(_write(tmp_path, "out.log", "\n".join(_tv_detection_lines(trained, 18)) + "\n"))
    assert _series(df, "val_segm/AP")[0] == [15, 31, 47, 63, 79, 95]
    assert "val_segm/ARs" not in set(df.tag)


# ---------------------------------------------------------------- F7. torchvision classification with --model-ema


def _tv_eval_block(suffix: str, loss: float, acc: float) -> list[str]:
    """``evaluate(..., log_suffix=suffix)``: ``header = f"Test: {log_suffix}"``, MetricLogger(delimiter="  ")'s
    ``log_every`` lines ``[i/N]`` at i % print_freq == 0 and the last batch, then the result line."""
    header = f"Test: {suffix}"
    out = []
    for i, (l_, a) in ((0, (loss * 1.1, acc - 2)), (7, (loss, acc))):
        out.append(f"{header}  [{i}/8]  eta: 0:00:02  loss: {l_ * 0.9:.4f} ({l_:.4f})  acc1: {a - 1:.4f} ({a:.4f})  "
                   f"acc5: 100.0000 (100.0000)  time: 0.3021  data: 0.2811  max mem: 812")
    out += [f"{header} Total time: 0:00:01", f"{header} Acc@1 {acc:.3f} Acc@5 100.000"]
    return out


def test_tv_classification_model_ema_evaluations_apart(tmp_path, trained):
    lines = []
    b = trained["batches"]
    for e, (_, _, vl, va) in enumerate(trained["epochs"]):
        for i in (0, 10, 15):
            loss, acc = b[e * 16 + i][:2]
            lines.append(f"Epoch: [{e}]  [{i:2d}/16]  eta: 0:00:10  lr: 0.05  img/s: 2543.1  loss: {loss:.4f} "
                         f"({loss:.4f})  acc1: {acc * 100:.4f} ({acc * 100:.4f})  acc5: 100.0000 (100.0000)  "
                         f"time: 0.0251  data: 0.0012  max mem: 812")
        lines.append(f"Epoch: [{e}] Total time: 0:00:01")
        lines += _tv_eval_block("", vl, va * 100) + _tv_eval_block("EMA", vl * 1.2, va * 100 - 3)
    path = _write(tmp_path, "log.txt", "\n".join(lines) + "\n")
    df, _ = _read(path)
    assert "Test_EMA" not in set(df.tag) and "val_EMA" not in set(df.tag)
    steps, values = _series(df, "val_acc1")
    assert steps == [15, 31, 47, 63, 79, 95]
    assert values == pytest.approx([round(e[3] * 100, 3) for e in trained["epochs"]], abs=1e-3)
    assert _series(df, "val_loss")[1] == pytest.approx([round(e[2], 4) for e in trained["epochs"]], abs=1e-4)
    assert _series(df, "val_ema_acc1")[1] == pytest.approx([round(e[3] * 100 - 3, 3) for e in trained["epochs"]],
                                                            abs=1e-3)
    assert _series(df, "val_ema_loss")[1] == pytest.approx([round(e[2] * 1.2, 4) for e in trained["epochs"]],
                                                            abs=1e-4)
    roles = _run(path).roles
    assert roles["val_loss"] == "val_loss" and roles["val_acc"] == "val_acc1" and roles["train_acc"] == "acc1"


# ---------------------------------------------------------------- F4. PaddleOCR's 'cur metric' evaluations


def test_paddleocr_cur_metric_lines_are_the_validation(tmp_path, trained):
    """``tools/program.py``: the config printed first (``eval_batch_step : [0, 32]``), ``epoch: [e/N], global_step:
    .., lr: .., acc: .., loss: .., ..`` every ``print_batch_step`` (10), and every 32 steps ``cur metric, acc: ..,
    norm_edit_dis: .., fps: ..`` then ``best metric, ...`` (``'{}: {}'.format(k, v)``: Python's repr of the float)."""
    p = "[2022/08/31 10:11:00] ppocr INFO: "
    lines = [p + "Global : ", p + "    epoch_num : 6", p + "    eval_batch_step : [0, 32]", p + "    print_batch_step : 10"]
    b, best = trained["batches"], 0.0
    for step in range(1, 97):
        loss, acc, lr = b[step - 1]
        if step % 10 == 0:
            lines.append(p + f"epoch: [{(step - 1) // 16 + 1}/6], global_step: {step}, lr: {lr:.6f}, acc: {acc:.6f}, "
                         f"norm_edit_dis: {acc:.6f}, loss: {loss:.6f}, avg_reader_cost: 0.00312 s, avg_batch_cost: "
                         f"0.21154 s, avg_samples: 32.0, ips: 302.54811 samples/s, eta: 0:05:10")
        if step % 32 == 0:
            va = trained["epochs"][step // 16 - 1][3]
            best = max(best, va)
            lines.append("eval model:: 100%|██████████| 8/8 [00:02<00:00,  3.41it/s]")
            lines.append(p + f"cur metric, acc: {va}, norm_edit_dis: {va * 0.9 + 0.1}, fps: 1532.11")
            lines.append(p + f"best metric, acc: {best}, is_float16: False, norm_edit_dis: {best}, fps: 1530.2, "
                         f"best_epoch: {step // 16}")
    path = _write(tmp_path, "train.log", "\n".join(lines) + "\n")
    df, _ = _read(path)
    steps, values = _series(df, "val_acc")
    assert steps == [32, 64, 96]
    assert values == pytest.approx([round(trained["epochs"][k][3], 4) for k in (1, 3, 5)], abs=1e-4)
    assert _series(df, "val_norm_edit_dis")[0] == [32, 64, 96]
    assert "val_fps" not in set(df.tag) and "fps" not in set(df.tag)
    assert _run(path).roles.get("val_acc") == "val_acc"


# ---------------------------------------------------------------- F14. Megatron-LM's end-of-training evaluations


def _megatron_lines(trained, last_eval: bool) -> list[str]:
    """``training.py``: ``training_log``'s `` [date] iteration N/ T | ... | lm loss: x.xxxxxxE+00 | ...`` every
    ``log_interval`` (8), ``evaluate_and_print_results``' dashed block every ``eval_interval`` (16), and after
    training the blocks with the prefixes ``the end of training for val data`` / ``... for test data``."""
    rule = "-" * 100
    lines, b = [], trained["batches"]
    for it in range(8, 97, 8):
        lines.append(f" [2023-09-01 12:00:00] iteration {it:8d}/{96:8d} | consumed samples: {it * 32:12d} | elapsed time "
                     f"per iteration (ms): 1245.3 | learning rate: {b[it - 1][2]:.6E} | global batch size:    32 | "
                     f"lm loss: {b[it - 1][0]:.6E} | loss scale: 65536.0 | grad norm: 1.075 | number of skipped "
                     f"iterations:   0 | number of nan iterations:   0 |")
        if it % 16 == 0 and (it < 96 or last_eval):
            vl = trained["epochs"][it // 16 - 1][2]
            lines += [rule, f" validation loss at iteration {it} | lm loss value: {vl:.6E} | lm loss PPL: "
                      f"{math.exp(vl):.6E} | ", rule]
    vl, te = trained["epochs"][-1][2] * 1.01, trained["epochs"][-1][2] * 1.05
    for name, v in (("val", vl), ("test", te)):
        lines += [rule, f" validation loss at the end of training for {name} data | lm loss value: {v:.6E} | "
                  f"lm loss PPL: {math.exp(v):.6E} | ", rule]
    return lines


@pytest.mark.parametrize("last_eval", [True, False])
def test_megatron_end_of_training_val_and_test(tmp_path, trained, last_eval):
    path = _write(tmp_path, "slurm-1.out", "\n".join(_megatron_lines(trained, last_eval)) + "\n")
    df, _ = _read(path)
    tags = set(df.tag)
    assert not {t for t in tags if "validation" in t}  # no 'validation_loss_value' series
    steps, values = _series(df, "val_lm_loss")
    assert steps == [16, 32, 48, 64, 80, 96]  # one point at 96: the closing evaluation
    assert values[-1] == pytest.approx(round(trained["epochs"][-1][2] * 1.01, 4), abs=1e-4)
    assert values[0] == pytest.approx(round(trained["epochs"][0][2], 4), abs=1e-4)
    assert _series(df, "test_lm_loss") == ([96], [pytest.approx(round(trained["epochs"][-1][2] * 1.05, 4), abs=1e-4)])
    assert _run(path).roles["val_loss"] == "val_lm_loss"


# ---------------------------------------------------------------- F15. NeMo: a Lightning 1.x bar counting val batches


def test_nemo_lightning1_bar_counting_validation_batches(tmp_path, trained):
    """Lightning 1.x's ``ProgressBar``: one bar an epoch of ``total = train + val`` batches (16 + 4), redrawn with
    ``\\r``, its postfix ``loss=.., v_num=0, val_wer=.., train_step_timing in s=0.41`` (NeMo's ``timing`` callback
    key), the counter running on while validating; ``ModelCheckpoint(verbose=True)``'s ``Epoch e, global step G:
    'val_wer' reached .. (best ..), saving model to '..' as top 3`` / ``.. was not in top 3`` after each epoch."""
    b, parts = trained["batches"], ["[NeMo I 2023-06-01 10:00:00 exp_manager:374] Experiments will be logged at /r\n"]
    shown, best = "", 9.0
    for e, (_, _, vl, va) in enumerate(trained["epochs"]):
        frames = []
        for n in range(1, 21):
            loss = b[e * 16 + min(n, 16) - 1][0]
            pct = n * 100 // 20
            frames.append(f"Epoch {e}: {pct:3d}%|##        | {n}/20 [00:0{n % 10}<00:16, 1.95it/s, loss={loss:.3g}, "
                          f"v_num=0{shown}, train_step_timing in s=0.41]")
        wer = round(1 - va, 3)
        shown = f", val_wer={wer}"
        frames.append(f"Epoch {e}: 100%|##########| 20/20 [00:09<00:00, 1.95it/s, loss={b[e * 16 + 15][0]:.3g}, "
                      f"v_num=0{shown}, train_step_timing in s=0.41]")  # redrawn once the validation logged
        parts.append("\r".join(frames) + "\n")
        if wer < best:
            best = wer
            parts.append(f"Epoch {e}, global step {16 * (e + 1)}: 'val_wer' reached {wer:.5f} (best {best:.5f}), "
                         f"saving model to '/r/checkpoints/m--val_wer={wer:.4f}-epoch={e}.ckpt' as top 3\n")
        else:
            parts.append(f"Epoch {e}, global step {16 * (e + 1)}: 'val_wer' was not in top 3\n")
    path = _write(tmp_path, "nemo_log_globalrank-0_localrank-0.txt", "".join(parts))
    df, warnings = _read(path)
    steps, values = _series(df, "loss")
    assert steps == list(range(1, 97))  # 16 training steps an epoch, not 20
    assert values[15] == pytest.approx(float(f"{b[15][0]:.3g}"), abs=1e-4)
    assert values[16] == pytest.approx(float(f"{b[16][0]:.3g}"), abs=1e-4)  # epoch 1's first batch at 17
    assert "in_s" not in set(df.tag) and not {t for t in df.tag if "timing" in t}
    steps, values = _series(df, "val_wer")
    assert steps[0] == 16 and all(s % 16 == 0 for s in steps)
    assert values[0] == pytest.approx(round(1 - trained["epochs"][0][3], 3), abs=1e-4)
    assert any("validation batches" in w for w in warnings)


# ---------------------------------------------------------------- F6. MONAI's tutorial: 'current mean dice'


def test_monai_tutorial_current_mean_dice_is_the_validation_metric(tmp_path, trained):
    """MONAI's spleen/UNet tutorials, exact: ``print("-" * 10)``, ``epoch {e}/{max_epochs}``, ``{step}/{n}, train_loss:
    {loss:.4f}``, ``epoch {e} average loss: {epoch_loss:.4f}`` and every ``val_interval`` (2) epochs ``saved new best
    metric model`` (when better) then ``current epoch: {e} current mean dice: {metric:.4f}\\nbest mean dice:
    {best_metric:.4f} at epoch: {best_metric_epoch}``."""
    lines, b, best, best_e = [], trained["batches"], -1.0, 0
    for e, (tl, _, _, va) in enumerate(trained["epochs"]):
        lines += ["-" * 10, f"epoch {e + 1}/6"]
        lines += [f"{i + 1}/16, train_loss: {b[e * 16 + i][0]:.4f}" for i in range(16)]
        lines.append(f"epoch {e + 1} average loss: {tl:.4f}")
        if (e + 1) % 2 == 0:
            if va > best:
                best, best_e = va, e + 1
                lines.append("saved new best metric model")
            lines += [f"current epoch: {e + 1} current mean dice: {va:.4f}", f"best mean dice: {best:.4f} at epoch: {best_e}"]
    lines.append(f"train completed, best_metric: {best:.4f} at epoch: {best_e}")
    path = _write(tmp_path, "output.txt", "\n".join(lines) + "\n")
    df, _ = _read(path)
    steps, values = _series(df, "val_mean_dice")
    assert steps == [32, 64, 96]
    assert values == pytest.approx([round(trained["epochs"][k][3], 4) for k in (1, 3, 5)], abs=1e-4)
    assert "mean_dice" not in set(df.tag) and "best_mean_dice" not in set(df.tag)
    assert _run(path).roles.get("val_metric") == "val_mean_dice"


# ---------------------------------------------------------------- F17. detectron2's copypaste summary


def _d2_lines(trained, rows: bool) -> list[str]:
    """detectron2: ``d2.utils.events`` lines (`` eta: ..  iter: N  total_loss: ..  loss_cls: ..``) every 8 iterations,
    and at each ``EVAL_PERIOD`` (32) ``COCOEvaluator``'s ``Evaluation results for bbox:`` markdown table and
    ``print_csv_format``'s ``copypaste: Task: bbox`` / ``copypaste: AP,AP50,..`` / ``copypaste: {:.4f},..`` (x 100),
    for bbox and segm. ``rows``: the console's copy, with COCOeval's ``summarize()`` rows (``print``: in stdout,
    never in the logger's ``log.txt``)."""
    p = "[06/12 13:01:14 d2.{}]: "
    lines, b = [], trained["batches"]
    for it in range(96):
        if (it + 1) % 8 == 0:
            loss = b[it][0]
            lines.append(p.format("utils.events") + f" eta: 0:04:41  iter: {it}  total_loss: {loss:.4g}  loss_cls: "
                         f"{loss / 2:.4g}  loss_box_reg: {loss / 3:.4g}    time: 0.3811  last_time: 0.3790  "
                         f"data_time: 0.0021  last_data_time: 0.0081   lr: 0.02  max_mem: 2611M")
        if (it + 1) % 32 == 0:
            va = trained["epochs"][(it + 1) // 16 - 1][3]
            for task, ap in (("bbox", va * 0.6), ("segm", va * 0.5)):
                res = [ap * 100, ap * 130, ap * 110, ap * 30, ap * 70, ap * 100]
                lines.append(p.format("evaluation.coco_evaluation") + "Evaluating predictions with unofficial COCO API...")
                if rows:
                    lines += [f"Evaluate annotation type *{task}*"] + _coco_block(task, ap, 18)[1:]
                lines += [p.format("evaluation.coco_evaluation") + f"Evaluation results for {task}: ",
                          "|   AP   |  AP50  |  AP75  |  APs  |  APm   |  APl   |",
                          "|:------:|:------:|:------:|:-----:|:------:|:------:|",
                          "| " + " | ".join(f"{x:.3f}" for x in res) + " |"]
            lines.append(p.format("engine.defaults") + "Evaluation results for coco_val in csv format:")
            for task, ap in (("bbox", va * 0.6), ("segm", va * 0.5)):
                res = [ap * 100, ap * 130, ap * 110, ap * 30, ap * 70, ap * 100]
                lines += [p.format("evaluation.testing") + f"copypaste: Task: {task}",
                          p.format("evaluation.testing") + "copypaste: AP,AP50,AP75,APs,APm,APl",
                          p.format("evaluation.testing") + "copypaste: " + ",".join(f"{x:.4f}" for x in res)]
    return lines


@pytest.mark.parametrize("rows", [False, True])
def test_detectron2_copypaste_all_columns(tmp_path, trained, rows):
    path = _write(tmp_path, "log.txt", "\n".join(_d2_lines(trained, rows)) + "\n")
    df, _ = _read(path)
    steps, values = _series(df, "val_bbox/AP")
    assert steps == [31, 63, 95]  # one point an evaluation (the rows' AP is the block's)
    assert values == pytest.approx([round(trained["epochs"][k][3] * 0.6, 4) for k in (1, 3, 5)], abs=1e-4)
    for name in ("AP50", "AP75", "APs", "APm", "APl"):
        assert _series(df, f"val_segm/{name}")[0] == [31, 63, 95], name
    assert _series(df, "val_bbox/APs")[1][0] == pytest.approx(round(trained["epochs"][1][3] * 0.18, 4), abs=1e-4)
    if rows:  # COCOeval's rows the block does not give
        assert _series(df, "val_bbox/AR100")[0] == [31, 63, 95]
    assert _run(path).roles.get("val_metric") == "val_bbox/AP"


def test_detectron2_copypaste_mismatched_block_is_said(tmp_path, trained):
    p = "[06/12 13:01:14 d2.{}]: "
    lines = [p.format("utils.events") + f" eta: 0:04:41  iter: {i}  total_loss: {trained['batches'][i][0]:.4g}  "
             f"loss_cls: 0.2  lr: 0.02" for i in range(19, 96, 20)]
    lines += [p.format("evaluation.testing") + "copypaste: Task: bbox",
              p.format("evaluation.testing") + "copypaste: AP,AP50,AP75,APs,APm,APl",
              p.format("evaluation.testing") + "copypaste: 36.9531,59.1250,40.6484"]
    df, warnings = _read(_write(tmp_path, "log.txt", "\n".join(lines) + "\n"))
    assert not {t for t in df.tag if t.startswith("val_bbox")}
    assert any("copypaste" in w and "6 names, 3 numbers" in w for w in warnings)


# ---------------------------------------------------------------- F10. tf-models' orbit controller


def _orbit_format_output(output, indent=4):
    """``orbit/controller.py``'s ``_format_output``, verbatim."""
    import pprint

    formatted = pprint.pformat(output)
    lines = formatted.splitlines()
    if len(lines) == 1:
        return formatted
    lines = [" " * indent + line for line in lines]
    return "\n" + "\n".join(lines)


@pytest.mark.parametrize("numpy_values", [False, True])
def test_orbit_controller_output_dicts(tmp_path, trained, numpy_values):
    """absl lines ``I0512 10:20:16.059696 140312 controller.py:457] `` + orbit's ``train | step: {step: 6d} |
    steps/sec: {sps: 6.1f} | output: {_format_output(train_output)}`` every 16 steps and ``eval | step: {step: 6d} |
    eval time: {t: 6.1f} sec | output: {..}`` every 32; the dicts long enough to wrap (pprint's 80 columns) print on
    the lines below."""
    np = pytest.importorskip("numpy")
    wrap = (lambda v: np.float32(v)) if numpy_values else float
    b, lines = trained["batches"], ["I0512 10:20:01.112233 140312 train_utils.py:407] Final experiment parameters:",
                                    "{'runtime': {'distribution_strategy': 'mirrored', 'num_gpus': 1},",
                                    " 'task': {'model': {'num_classes': 3}}}"]
    for step in range(16, 97, 16):
        out = {"learning_rate": wrap(b[step - 1][2]), "training_loss": wrap(b[step - 1][0]),
               "total_gradient_norm_of_the_model": wrap(1.5)}
        lines.append(f"I0512 10:20:16.059696 140312 controller.py:457] train | step: {step: 6d} | steps/sec: "
                     f"{5.7: 6.1f} | output: {_orbit_format_output(out)}")
        if step % 32 == 0:
            _, _, vl, va = trained["epochs"][step // 16 - 1]
            out = {"accuracy": wrap(va), "top_5_accuracy": wrap(1.0), "validation_loss": wrap(vl)}
            lines.append(f"I0512 10:20:32.300100 140312 controller.py:303] eval | step: {step: 6d} | eval time: "
                         f"{3.1: 6.1f} sec | output: {_orbit_format_output(out)}")
    lines.append(f"I0512 10:20:40.300100 140312 controller.py:457] train | step: {112: 6d} | steps/sec: {5.7: 6.1f} "
                 f"| output: {{'learning_rate': 0.05, 'training_loss': 0.25}}")  # one line: short enough
    path = _write(tmp_path, "train.log", "\n".join(lines) + "\n")
    df, _ = _read(path)
    steps, values = _series(df, "training_loss")
    assert steps == [16, 32, 48, 64, 80, 96, 112]
    assert values[:6] == pytest.approx([round(float(np.float32(b[s - 1][0])), 4) for s in range(16, 97, 16)], abs=1e-4)
    assert values[6] == 0.25
    steps, values = _series(df, "validation_loss")
    assert steps == [32, 64, 96]
    assert values == pytest.approx([round(float(np.float32(trained["epochs"][k][2])), 4) for k in (1, 3, 5)], abs=1e-4)
    assert _series(df, "val_accuracy")[0] == [32, 64, 96]
    roles = _run(path).roles
    assert roles["train_loss"] == "training_loss" and roles["val_loss"] == "validation_loss"
    assert roles.get("val_acc") == "val_accuracy"


def test_orbit_cut_dict_is_said(tmp_path):
    lines = [f"I0512 10:20:16.059696 140312 controller.py:457] train | step: {s: 6d} | steps/sec: {5.7: 6.1f} | "
             f"output: \n    {{'learning_rate': 0.01,\n     'training_loss': {1.0 / s:.4f}}}" for s in (16, 32, 48)]
    lines.append("I0512 10:20:16.059696 140312 controller.py:457] train | step:     64 | steps/sec:    5.7 | output: \n"
                 "    {'learning_rate': 0.01,")
    df, warnings = _read(_write(tmp_path, "train.log", "\n".join(lines)))
    assert _series(df, "training_loss")[0] == [16, 32, 48]
    assert any("orbit output dict not closed" in w for w in warnings)
