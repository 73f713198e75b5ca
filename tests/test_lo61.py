"""Reader faults left open at stop 60 (the breaker's W6-W8 and dev runs), each failing on stop 61's start code. The
inputs are written with the real writer where one exists (tensorboardX's SummaryWriter, numpy's savetxt) or in the
program's exact printed format, small and hand-written from its print/logging calls."""
from __future__ import annotations

import math

import numpy as np

import loganalyzer
from _runs import runs_points as _runs


def _curve(i: float, a: float = 2.0, b: float = 0.3) -> float:
    return a * math.exp(-i / 5) + b


# ---------------------------------------------------------------- W6: valid/ + test/ writers without train/


def test_valid_and_test_writers_without_train_are_two_runs(tmp_path):
    """Keras's TensorBoard callback and a script's ``SummaryWriter(f"{logdir}/train")`` always write the training's
    ``train/`` beside the evaluation splits: ``runs/valid`` + ``runs/test`` alone are two writers of their own (they
    were grouped into one run whose validation loss was described as the training curve). ``train/`` + ``valid/``
    stay one run."""
    from tensorboardX import SummaryWriter

    for split in ("valid", "test"):
        w = SummaryWriter(str(tmp_path / "lone" / "runs" / split))
        for i in range(20):
            w.add_scalar("loss", _curve(i), i)
        w.close()
    for split in ("train", "valid"):
        w = SummaryWriter(str(tmp_path / "pair" / "logs" / split))
        for i in range(20):
            w.add_scalar("loss", _curve(i), i)
        w.close()
    ids = sorted(r.id for r in loganalyzer.discover(str(tmp_path)))
    assert ids == ["lone/runs/test", "lone/runs/valid", "pair/logs"], ids


# ---------------------------------------------------------------- langid166: 'train 32.89%', 'total signals 900'


def test_bare_split_percentage_is_its_accuracy_and_a_total_count_no_series(tmp_path):
    """A language-ID trainer's PBS stdout: ``epoch 0, loss: 1.11, train 30.00%`` per batch and ``epoch 0, total
    signals 900, average_loss_per_batch: 1.358331, train 32.89%`` per epoch. The percentage after the bare split
    word is the running training accuracy (it was a series ``train``); ``total signals 900`` is how many items the
    epoch saw (it was a constant series ``total_signals``)."""
    lines = ["Start training..."]
    for e in range(4):
        for b in range(3):
            lines.append(f"epoch {e}, loss: {_curve(e + b / 3):.2f}, train {30 + e + b / 4:.2f}%")
        lines.append(f"Epoch completed!\nepoch {e}, total signals 900, average_loss_per_batch: {_curve(e):.6f}, "
                     f"train {31 + e:.2f}%\nValidating\nVal set size: 120, validation accuracy 33.33%")
    (tmp_path / "59435171.gadi-pbs.log").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path).values()
    assert "total_signals" not in run and "train" not in run, list(run)
    steps, values = run["train_acc"]  # (the batch lines' and the epoch line's values at each epoch)
    assert steps == [0, 1, 2, 3] and 30.0 <= values[0] <= 31.0 and 33.0 <= values[-1] <= 34.0, run["train_acc"]
    assert run["validation_accuracy"][1] == [33.33] * 4


def test_a_whole_percentage_after_a_split_word_and_a_total_loss_stay(tmp_path):
    """The rules' limits: ``total losses 12`` names a summed value (kept), ``train 45%`` may be how far the split's
    loop got (no accuracy made of it)."""
    lines = [f"epoch {e}, loss: {_curve(e):.3f}, total losses {12 - e}, train {40 + e}%" for e in range(5)]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path).values()
    assert "train_acc" not in run, list(run)
    assert run["total_losses"][1] == [12.0, 11.0, 10.0, 9.0, 8.0]


def test_a_logged_counter_key_stays_the_step(tmp_path):
    """fairseq's ``epoch 001 | loss 2.3 | ppl 4.9 | num_updates 32``: ``num_updates`` is the step (a first version of
    the count rule dropped it, and the epoch lines fell back to steps 1, 2, ...)."""
    lines = [f"epoch {e:03d} | loss {_curve(e):.3f} | ppl 4.9 | num_updates {32 * e} | lr 0.0005" for e in range(1, 6)]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path).values()
    assert run["loss"][0] == [32, 64, 96, 128, 160], run["loss"]


# ---------------------------------------------------------------- W8: CyCADA pairs in colour, one space after N:


def _cycada(colour: bool) -> str:
    def c(text: str) -> str:
        return f"\x1b[33m{text}\x1b[0m" if colour else text

    return "".join(f"Iteration {i}: D:{c(f'{0.69 + 0.01 * math.sin(i):.3f}')} G:{c(f'{0.7 + 0.02 * math.cos(i):.3f}')}"
                   f" clsS:{c(f'{1.5 * math.exp(-i / 2000):.3f}')}\n" for i in range(100, 1100, 100))


def test_cycada_pairs_with_colour_around_values_or_one_space_are_read(tmp_path):
    """CyCADA's ``Iteration N:`` pair lines with each value wrapped in its own colour code were "not read: ... no
    training progress"; with one space after ``N:`` and no colour, a whitespace-table sniffer took them for columns
    of no numbers. Both are read as the pairs."""
    for name, colour in (("col", True), ("plain", False)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "out.log").write_text(_cycada(colour))
    runs = _runs(tmp_path)
    for name in ("col/out.log", "plain/out.log"):
        steps, values = runs[name]["clsS"]
        assert steps == list(range(100, 1100, 100)), (name, runs[name])
        assert values[0] == round(1.5 * math.exp(-100 / 2000), 3)


# ---------------------------------------------------------------- W7: EarlyStopping behind a logging prefix


def _ended(folder) -> tuple:
    """(cause, early stop said) of the one job log under ``folder``."""
    from loganalyzer.load import load_run

    (run,) = loganalyzer.discover(str(folder))
    ended = load_run(run).ended
    return ended.cause, bool(ended.detail.get("early_stopping"))


def _early_stopping(prefix: str) -> str:
    lines, best = [f"{prefix}Metric val_loss improved. New best score: 0.930"], 0.930
    for new in (0.865, 0.804, 0.748, 0.696):
        lines.append(f"{prefix}Metric val_loss improved by {best - new:.3f} >= min_delta = 0.0. New best score: {new:.3f}")
        best = new
    lines.append(f"{prefix}Monitored metric val_loss did not improve in the last 3 records. Best score: 0.696. "
                 "Signaling Trainer to stop.")
    return "\n".join(lines) + "\n"


def test_lightning_early_stopping_lines_behind_python_logging_prefix(tmp_path):
    """``logging.basicConfig(level=logging.INFO)`` writes Lightning's EarlyStopping messages as
    ``INFO:lightning.pytorch.callbacks.early_stopping:Metric val_loss improved ...``: read as nothing before (the
    unprefixed and ``[rank: 0]`` lines were read). Its closing ``Signaling Trainer to stop.`` is a completed end."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "lightning.log").write_text(_early_stopping("INFO:lightning.pytorch.callbacks.early_stopping:"))
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "lightning.log").write_text(_early_stopping("2024-03-01 12:00:01,123 - INFO - "))
    runs = _runs(tmp_path)
    for name in ("a/lightning.log", "b/lightning.log"):
        assert runs[name]["val_loss"] == ([1, 2, 3, 4, 5], [0.930, 0.865, 0.804, 0.748, 0.696]), runs[name]
    assert _ended(tmp_path / "a") == ("completed", True)


def test_keras_early_stopping_line_behind_a_logging_prefix_is_a_completed_end(tmp_path):
    """Keras 2's ``Epoch 00012: early stopping`` through Python logging (``INFO:root:``) or a timestamped format still
    ends the job as completed (an early stop, no cut). (Named as left open at stop 60; it held at stop 61's start
    code already: a guard, no fix.)"""
    lines = []
    for e in range(1, 13):
        lines += [f"Epoch {e}/50", f"100/100 - 1s - loss: {_curve(e):.4f} - val_loss: {_curve(e) + 0.1:.4f}"]
    for name, prefix in (("root", "INFO:root:"), ("stamp", "2024-03-01 12:00:01,123 - INFO - ")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "train.log").write_text("\n".join(lines + [f"{prefix}Epoch 00012: early stopping"]) + "\n")
        assert _ended(tmp_path / name) == ("completed", True), name


# ---------------------------------------------------------------- deepfilter160: one history key per file


def test_keras_history_saved_key_by_key_is_one_run(tmp_path):
    """DeepFilter's ``np.savetxt(f"{key}.txt", history[key])`` for every key: ``loss``/``val_loss`` and the custom
    losses it was compiled with as metrics (``mad_loss``/``val_mad_loss``, ``ssd_loss``/``val_ssd_loss``) were three
    runs, each pair judged alone, every pair's series named ``train_loss``/``val_loss``. One run, each key its own
    series."""
    epochs = np.arange(40)
    for key, scale in (("loss", 3.5e5), ("mad_loss", 4.4e3), ("ssd_loss", 1.3e5)):
        np.savetxt(tmp_path / f"{key}.txt", scale * (0.3 + np.exp(-epochs / 8)), fmt="%f")
        np.savetxt(tmp_path / f"val_{key}.txt", 0.7 * scale * (0.35 + np.exp(-epochs / 8)), fmt="%f")
    runs = _runs(tmp_path)
    assert len(runs) == 1, list(runs)
    (run,) = runs.values()
    assert {"train_loss", "val_loss", "train_mad_loss", "val_mad_loss", "train_ssd_loss", "val_ssd_loss"} <= set(run)
    assert run["train_mad_loss"][1][0] == round(4.4e3 * 1.3, 6)
    assert run["train_loss"][0] == list(range(40))
