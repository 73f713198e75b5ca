"""Stop 60, rd60b: reader faults the blind labellers of sets 164-166 named (issue 9: data silently dropped or
spliced), each a kind, each test written from the format the framework prints (small, hand-written from its format
strings) and failing on the stop's start code (e391c001)."""
from __future__ import annotations

import math

from _runs import runs_points as _runs
from tqdm import tqdm


def _curve(i: float, a: float = 2.5, b: float = 0.3) -> float:
    return b + (a - b) * math.exp(-0.15 * i)


# ---------------------------------------------------------------- 166: Ultralytics' stdout and stderr in two files

_HEADER = "      Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size\n"
_VAL = "                 Class     Images  Instances      Box(P          R      mAP50  mAP50-95)"


def _yolo_split_job(folder, epochs: int = 3) -> None:
    """An Ultralytics 8.x training under SLURM ``--output=job.txt --error=job.err``: LOGGER lines to stdout, tqdm's
    bars (the epoch rows and the validation bar) to stderr."""
    with open(folder / "job.txt", "w") as out, open(folder / "job.err", "w") as err:
        out.write("Ultralytics 8.3.31 Python-3.10.15 torch-2.5.1 CUDA:0\nStarting training for 3 epochs...\n")
        for e in range(1, epochs + 1):
            out.write("\n" + _HEADER)
            bar = tqdm(total=4, file=err, bar_format="{desc}{percentage:3.0f}%|{bar:10}| {n_fmt}/{total_fmt}",
                       mininterval=0, miniters=1)
            for b in range(4):
                box, cls = 3.0 / e - 0.01 * b, 20.0 / e - 0.1 * b
                bar.set_description_str(f"{e:>11}/{epochs}      25.5G {box:10.4g} {cls:10.4g}      1.571        "
                                        f"99       1024: ")
                bar.update(1)
            bar.close()
            val = tqdm(total=2, file=err, desc=_VAL + ": ", mininterval=0, miniters=1,
                       bar_format="{desc}{percentage:3.0f}%|{bar:10}| {n_fmt}/{total_fmt}")
            val.update(2)
            val.close()
            out.write(f"                   all        453        907      0.6{e}      0.3{e}      0.4{e}      0.1{e}\n")
        out.write(f"\n{epochs} epochs completed in 0.100 hours.\n\nValidating runs/detect/train/weights/best.pt...\n"
                  f"                   all        453        907      0.70      0.40      0.50      0.20\n")


def test_ultralytics_bars_in_err_joined_with_stdout_headers_and_validation_rows(tmp_path):
    """The epoch rows (stderr) get their names from the stdout file's headers and each epoch its ``all`` row; the
    ``best.pt`` validation after the completion line is no epoch's point. Nothing was read before ("no line holds a
    loss")."""
    _yolo_split_job(tmp_path)
    runs = _runs(tmp_path)
    (run,) = runs.values()
    assert run["train/box_loss"][0] == [1, 2, 3]
    assert run["train/box_loss"][1] == [round(3.0 / e - 0.03, 6) for e in (1, 2, 3)]  # each epoch's last redraw
    assert run["metrics/mAP50-95(B)"] == ([1, 2, 3], [0.11, 0.12, 0.13])


def test_ultralytics_bars_without_a_stdout_file_stay_unread(tmp_path):
    """Without the stdout file beside it, the bars name nothing: still no series (the rule adds no guessed names)."""
    _yolo_split_job(tmp_path)
    (tmp_path / "job.txt").unlink()
    runs = _runs(tmp_path)
    assert all(not points for points in runs.values()), runs


# ---------------------------------------------------------------- 166: Lightning's EarlyStopping lines alone


def test_lightning_early_stopping_lines_are_the_monitored_metric(tmp_path):
    """``EarlyStopping(verbose=True)``'s messages (callbacks/early_stopping.py ``_improvement_message``) are the only
    record of a fit without a progress bar: read as the monitored metric's best-so-far, one point per improvement."""
    lines = ["GPU available: True (cuda), used: True", "Metric val_loss improved. New best score: 0.052"]
    best = 0.052
    for new in (0.043, 0.041, 0.040):
        lines.append(f"Metric val_loss improved by {best - new:.3f} >= min_delta = 0.0. New best score: {new:.3f}")
        best = new
    lines.append("Monitored metric val_loss did not improve in the last 5 records. Best score: 0.040. "
                 "Signaling Trainer to stop.")
    (tmp_path / "sage.out").write_text("\n".join(lines) + "\n")
    runs = _runs(tmp_path)
    assert runs["sage.out"]["val_loss"] == ([1, 2, 3, 4], [0.052, 0.043, 0.041, 0.040])


# ---------------------------------------------------------------- 166: a validation set's size before its accuracy


def test_validation_accuracy_after_the_set_size_is_read(tmp_path):
    """``Val set size: 120, validation accuracy 33.33%`` after each epoch's line: the accuracy (at chance) was
    dropped; the count stays no series."""
    text = "Start training...\n"
    for e in range(4):
        text += (f"Epoch completed!\nepoch {e}, total signals 900, average_loss_per_batch: {_curve(e):.6f}, "
                 f"train 3{e}.00%\nValidating\nVal set size: 120, validation accuracy 33.33%\n")
    text += "Training Completed!\nTesting\nTest set size: 120, Test accuracy 31.67%\n"
    (tmp_path / "59435171.gadi-pbs.log").write_text(text)
    (run,) = _runs(tmp_path).values()
    assert run["validation_accuracy"] == ([0, 1, 2, 3], [33.33] * 4)  # (as printed: percent)
    assert not any(tag.startswith(("Val_set", "test", "Test")) for tag in run), list(run)


# ---------------------------------------------------------------- 164: llm.c's main.log


def test_llmc_main_log_is_found_and_read(tmp_path):
    """llm.c's ``train_gpt2.cu`` log file: ``s:N tel:x`` (validation), ``s:N eval:x`` (HellaSwag) and ``s:N trl:x
    lr:x norm:x`` lines; the file was not even found."""
    folder = tmp_path / "log124M"
    folder.mkdir()
    lines = ["s:0 tel:11.0095"]
    for s in range(6):
        lines.append(f"s:{s} trl:{_curve(s):.4f} lr:{1e-6 * (s + 1):.6f} norm:{15 - s:.2f}")
        if s == 3:
            lines += ["s:3 tel:9.5000", "s:3 eval:0.2437"]
    (folder / "main.log").write_text("\n".join(lines) + "\n")
    run = _runs(tmp_path)["log124M/main.log"]
    assert run["train_loss"] == (list(range(6)), [round(_curve(s), 4) for s in range(6)])
    assert run["val_loss"] == ([0, 3], [11.0095, 9.5])
    assert run["hellaswag_acc"] == ([3], [0.2437])
    assert run["grad_norm"][1][:2] == [15.0, 14.0]


# ---------------------------------------------------------------- 164: SLURM's cancel message glued into a line


def _llmc_printed(nan: bool, cancel: bool) -> str:
    """llm.c's stdout (``printf("val loss %f\\n")``, ``step %4d/%d | loss %7.6f (%+.2fz)| norm ...``)."""
    lines = []
    for s in range(1, 7):
        if s in (1, 4):
            lines.append("val loss nan" if nan else f"val loss {_curve(s):.6f}")
        loss = "     nan (+nanz)" if nan else f"{_curve(s):8.6f} (+0.00z)"
        lines.append(f"step {s:4d}/19560 | loss {loss}| norm {'   nan' if nan else '0.5000'} (+nanz)| lr 8.57e-07 | "
                     f"3914.05 ms | 34.5% bf16 MFU | 133950 tok/s")
    text = "\n".join(lines)
    if cancel:
        cut = text.rfind("(+nanz)| lr")
        text = text[:cut + 1] + "slurmstepd: error: *** JOB 11679031 ON g002 CANCELLED AT 2024-10-11T13:44:45 ***\n"
    return text + "\n"


def test_slurm_cancel_message_glued_into_the_last_line_is_no_series(tmp_path):
    """``norm nan (slurmstepd: error: *** JOB 11679031 ON g002 CANCELLED AT ... ***``: read as series ``JOB`` and
    ``CANCELLED_AT`` before; the line's own values stay."""
    (tmp_path / "gpt2_train.1.log").write_text(_llmc_printed(nan=False, cancel=True))
    (run,) = _runs(tmp_path).values()
    assert not {"JOB", "CANCELLED_AT"} & set(run), list(run)
    assert run["loss"][0] == [1, 2, 3, 4, 5, 6]


def test_a_nan_validation_line_is_no_split_header(tmp_path):
    """``val loss nan`` holds no digit: it was taken for a bare ``validation`` header, and the next step's line became
    the validation's (``val_lr``, ``val_norm`` at step 1, the step's training loss lost)."""
    (tmp_path / "gpt2_train.2.log").write_text(_llmc_printed(nan=True, cancel=False))
    (run,) = _runs(tmp_path).values()
    assert not {"val_lr", "val_norm"} & set(run), list(run)
    assert run["loss"][0] == [1, 2, 3, 4, 5, 6]
    assert len(run["val_loss"][0]) == 2


# ---------------------------------------------------------------- 165: a bracketed epoch before bare split names


def test_bracketed_epoch_with_bare_split_names_is_found_and_read(tmp_path):
    """``Epoch [1/45] Train: 0.0730 | Val: 0.0193 | MAE: 0.1400 | Acc±0.18: 60.8% | LR: 0.000333`` lines: the file
    was not found (its objective under the bare split names, the counter in brackets)."""
    lines = ["Using device: mps", "Model: 115,778 trainable params"]
    for e in range(1, 6):
        lines.append(f"Epoch [{e}/45] Train: {_curve(e) / 30:.4f} | Val: {_curve(e) / 100:.4f} | MAE: 0.1{e}00 | "
                     f"Acc±0.18: 6{e}.8% | LR: 0.000333")
        lines.append(f"  Best model saved (val Acc±0.18=6{e}.8%, MAE=0.1{e}00)")
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    run = _runs(tmp_path)["train_log.txt"]
    assert run["train_loss"] == ([1, 2, 3, 4, 5], [round(_curve(e) / 30, 4) for e in range(1, 6)])
    assert run["val_loss"][0] == [1, 2, 3, 4, 5]


# ---------------------------------------------------------------- 165: SpeechBrain's test of the loaded checkpoint


def test_speechbrain_epoch_loaded_test_lines_are_no_points(tmp_path):
    """SpeechBrain's ``train_log.txt``: ``Epoch loaded: 3 - test loss: ..`` (the test of the loaded checkpoint after
    training) was read as ``test_loss`` at the last epoch, once per evaluation run appended."""
    lines = [f"epoch: {e}, lr: 1.00e-04 - train loss: {_curve(e):.2f} - valid loss: {_curve(e) + 0.1:.2f}, "
             f"valid error_rate: 8.{e}e-01" for e in range(1, 6)]
    lines += ["Epoch loaded: 3 - test loss: 4.59, test error_rate: 8.14e-01"] * 2
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    run = _runs(tmp_path)["train_log.txt"]
    assert not any(tag.startswith("test") for tag in run), list(run)
    assert run["valid_loss"][0] == [1, 2, 3, 4, 5]


# ---------------------------------------------------------------- 166: CyCADA's 'Iteration N:  name:value' lines


def test_iteration_lines_of_unspaced_pairs_are_read(tmp_path):
    """CyCADA's ``train_fcn_adda.py``: ``Iteration 20:  domacc:55.5  D:0.855 G:1.544 clsS:1.95 clsT:1.12 acc:80.02
    mIoU:98.32`` through a colouring log formatter; no pair names a loss and none has a space after its colon: read
    as nothing before."""
    lines = []
    for it in range(10, 70, 10):
        g = f" G:{_curve(it / 10):.3f} clsS:1.{it // 10}0" if it % 20 == 0 else ""
        lines.append(f"[2022-11-14 10:12:55,507] \x1b[32mINFO    \x1b[0m Iteration {it}:  domacc:5{it // 10}.1  "
                     f"D:0.{900 - it}{g} clsT:1.16 acc:73.38  mIoU:99.05\x1b[0m")
    (tmp_path / "job.out").write_text("\n".join(lines) + "\n")
    run = _runs(tmp_path)["job.out"]
    assert run["D"][0] == [10, 20, 30, 40, 50, 60]
    assert run["G"] == ([20, 40, 60], [round(_curve(i), 3) for i in (2, 4, 6)])
    assert run["mIoU"][1][0] == 99.05
