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


# ---------------------------------------------------------------- 173: 'Validation DSC: x  best: y' (TransUNet forks)

def _dsc_log(epochs: int, every: int, line: str) -> str:
    """A TransUNet-style trainer's prints: ``epoch %d/%d  loss: %.4f  loss_ce: %.4f  lr: %f`` each epoch and, every
    ``every`` epochs, its validation line then ``=> best model saved (DSC %.4f)``."""
    out, best = io.StringIO(), 0.0
    with contextlib.redirect_stdout(out):
        for epoch in range(1, epochs + 1):
            print("epoch %d/%d  loss: %.4f  loss_ce: %.4f  lr: %f  elapsed: %.2fh"
                  % (epoch, epochs, _curve(epoch, 0.16, 0.02), _curve(epoch, 0.2, 0.03), 0.01 - epoch * 3e-5, 0.26))
            if epoch % every == 0:
                dsc = round(0.87 + epoch / 1000, 4)
                print(line.format(epoch=epoch, dsc=dsc, best=best))
                best = max(best, dsc)
                print("=> best model saved (DSC %.4f)" % dsc)
    return out.getvalue()


def test_validation_dsc_lines_are_the_validation_metric(tmp_path):
    """``Validation DSC: 0.8787  best: 0.0000`` (no step of its own, after the epoch's line) read nothing: DSC was no
    score word (public approxda173 isic_pam_M7). Now a ``Validation_DSC`` series at the epochs, and ``best`` none."""
    (tmp_path / "training_pam.txt").write_text(_dsc_log(60, 15, "Validation DSC: {dsc:.4f}  best: {best:.4f}"))
    (run,) = _runs(tmp_path).values()
    assert run["Validation_DSC"] == ([15, 30, 45, 60], [0.885, 0.9, 0.915, 0.93])
    assert not [k for k in run if "best" in k.lower()]


def test_a_best_key_after_a_score_is_no_series(tmp_path):
    """``epoch 15 val_dice: 0.6844  best: 0.0000`` made a ``best`` series (the best before this evaluation, monotone
    by construction) beside ``val_dice`` (public approxda173 da_synapse, M14R64)."""
    (tmp_path / "training.txt").write_text(_dsc_log(60, 15, "epoch {epoch} val_dice: {dsc:.4f}  best: {best:.4f}"))
    (run,) = _runs(tmp_path).values()
    assert run["val_dice"][0] == [15, 30, 45, 60]
    assert "best" not in run


# ---------------------------------------------------------------- 174: a dict of lists naming its loss by its kind

def test_json_history_of_a_split_named_reconstruction_term_is_read(tmp_path):
    """``json.dump({"val_rec": [..], "angle": [..], "entropy": [..], "dead": [..]}, f)`` (public vqtoy174
    ``logs.json``) was "not a log file loganalyzer reads": no key says ``loss``. A split-prefixed reconstruction term
    is the history's loss: the file is read, each list at its epoch."""
    import json
    import warnings

    import loganalyzer

    history = {"val_rec": [_curve(e, 0.03, 0.025) for e in range(12)], "angle": [1.55] * 12,
               "entropy": [2.6] * 12, "dead": [0] * 12}
    with open(tmp_path / "logs.json", "w") as f:
        json.dump(history, f, indent=2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = loganalyzer.read_scalars(str(tmp_path), resolve=True)
    assert not [w for w in caught if "not a log file" in str(w.message)]
    val = frame[frame.tag == "val_rec"]
    assert list(val.step) == list(range(12)) and list(val.value) == history["val_rec"]


# ---------------------------------------------------------------- 174: a SLURM '%x.%j' VAE log of term-named lines

def _vae_slurm_log(epochs: int, steps_per_epoch: int, every: int) -> str:
    """A latent-diffusion VAE's loop, its prints as run (public oamddpm174 ``oam_train.25150422``):
    ``Epoch {e}/{E} | Step {s} | Recon: {:.4f} | KL: {:.2f}`` every ``every`` steps and ``Epoch {e}/{E} done |
    Avg Recon: {:.4f} | Avg KL: {:.2f}`` after each epoch."""
    out, step = io.StringIO(), 0
    with contextlib.redirect_stdout(out):
        print("VAE parameters: 24,768,713")
        print("Dataset: 7090 images | Training on cuda")
        for epoch in range(1, epochs + 1):
            for _ in range(steps_per_epoch):
                step += 1
                if step % every == 0:
                    print(f"Epoch {epoch}/{epochs} | Step {step} | Recon: {_curve(step / 50, 0.02, 0.001):.4f} | "
                          f"KL: {1.0 + step / 1000:.2f}")
            print(f"Epoch {epoch}/{epochs} done | Avg Recon: {_curve(epoch, 0.02, 0.001):.4f} | "
                  f"Avg KL: {1.0 + epoch / 10:.2f}")
    return out.getvalue()


def test_vae_term_lines_with_a_step_part_and_epoch_summaries_are_a_run(tmp_path):
    """``Epoch 1/100 | Step 50 | Recon: ..`` (a ``Step N`` part before the terms) and ``Epoch 1/100 done | Avg Recon:
    ..`` (a ``done`` part) were no term-named lines: the SLURM log was not even found. Now found, the steps' terms at
    their steps and each epoch's summary at its last step."""
    (tmp_path / "oam_train.25150422").write_text(_vae_slurm_log(30, 200, 50))
    (run,) = _runs(tmp_path).values()
    assert run["Recon"][0] == list(range(50, 6001, 50))
    assert run["Avg_Recon"] == (list(range(200, 6001, 200)), [_curve(e, 0.02, 0.001) for e in range(1, 31)])
    assert len(run["Avg_KL"][0]) == 30


# ---------------------------------------------------------------- 175: a sign-language trainer's print_log

def _slr_log(epochs: int, batches: int, every: int) -> str:
    """VAC / CorrNet-style ``Recorder.print_log``: ``"[ " + time.asctime() + " ] " + str`` per line, ``\\tEpoch: {},
    Batch({}/{}) done. Loss: {:.8f}  lr:{:.6f}``, ``\\tMean training loss: {:.10f}.`` and, after each epoch's
    evaluation, ``Dev WER: {:2.2f}% DEV del {:2.2f}% DEV ins {:2.2f}%`` and the same for ``Test``."""
    import time

    lines, clock = [], 1764629014.0
    def log(text: str) -> None:
        nonlocal clock
        clock += 37.0
        lines.append(f"[ {time.asctime(time.localtime(clock))} ] {text}")
    for epoch in range(epochs):
        for b in range(0, batches, every):
            log(f"\tEpoch: {epoch}, Batch({b}/{batches}) done. Loss: {_curve(epoch + b / batches, 500, 10):.8f}  "
                f"lr:{0.0001:.6f}")
        log(f"\tMean training loss: {_curve(epoch + 1, 500, 10):.10f}.")
        wer = _curve(epoch, 62, 19)
        log(f"Dev WER: {wer:2.2f}% DEV del {wer / 2:2.2f}% DEV ins {1.0:2.2f}%")
        log(f"Test WER: {wer + 1:2.2f}% Test del {wer / 2:2.2f}% Test ins {1.0:2.2f}%")
        log(f"Epoch {epoch} costs 9 mins 54 seconds")
    return "\n".join(lines) + "\n"


def test_slr_print_log_stamps_are_no_series_and_wer_lines_are_read(tmp_path):
    """``[ Mon Dec  1 22:43:49 2025 ] `` (time.asctime in spaced brackets) became series ``Mon_Dec``/``Tue_Dec``, the
    batch loss after ``done.`` a series ``done._Loss``, and the ``Dev WER`` / ``Test WER`` lines were not read
    (public resnet-slr175). Now the stamp is a stamp, the loss ``Loss``, and the WERs series at their epoch's end."""
    (tmp_path / "log.txt").write_text(_slr_log(12, 1400, 200))
    (run,) = _runs(tmp_path).values()
    assert not [k for k in run if k[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun") or "done" in k]
    assert len(run["Loss"][0]) >= 12 and "lr" in run
    assert len(run["Dev_WER"][0]) == 12 and run["Dev_WER"][1][0] == round(_curve(0, 62, 19), 2)
    assert len(run["Test_WER"][0]) == 12
