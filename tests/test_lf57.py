"""Stop 56 leftovers (branch lf57): the eval scores a file labelled whole by its real training session, a printed
log of ``epoch N/E train X val Y lr Z`` lines is no Keras CSV, and the series table's NaN note names the run's axis."""
from __future__ import annotations

import csv
import math
import warnings
from pathlib import Path

from click.testing import CliRunner
from test_eval_match import _eval_real

from loganalyzer.cli import main as cli_main
from loganalyzer.load import read_scalars
from loganalyzer.scan import scan


# ---------------------------------------------------------------- 1. a file labelled whole: its training session

def _csvlogger_appended(path: Path, sessions):
    """Keras' CSVLogger(append=True) over successive fit() calls: the header once, each fit's epochs from 0."""
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "loss", "val_loss"])
        for rows in sessions:
            for e, (loss, val) in enumerate(rows):
                w.writerow([e, loss, val])


def test_a_file_labelled_whole_is_scored_by_its_first_part(tmp_path):
    """A two-epoch launch that went nowhere, then the real fit from scratch (12 epochs) appended to the same file:
    the reader splits them (#1, #2); a label naming the file (or its folder) is scored by the first part, the rule
    every stop's figures used (the part with most points was tried at stop 57 and lost dev rows)."""
    (tmp_path / "run").mkdir()
    _csvlogger_appended(tmp_path / "run" / "training.log",
                        [[(2.3, 2.31)] * 2, [(2.0 * 0.8 ** e, 2.1 * 0.8 ** e) for e in range(12)]])
    m = _eval_real()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = m.verdicts(tmp_path)
    first, real = got["run/training.log#1"], got["run/training.log#2"]
    assert first != real and real[0] == "healthy", got
    assert m._got(got, "run/training.log") == first  # the scorer every stop's figures used (training_sessions)
    assert m._got(got, "run") == first  # the folder's label: the first file's first part
    assert m._got(got, "run/training.log#2") == real  # a numbered label keeps its own part


def test_tied_parts_stand_for_the_file_by_the_first_one(tmp_path):
    """Two parts with as many points: the first one, as any split file."""
    _csvlogger_appended(tmp_path / "training.log",
                        [[(2.3 - 0.001 * e, 2.31) for e in range(10)], [(2.0 * 0.8 ** e, 2.1 * 0.8 ** e)
                                                                        for e in range(10)]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runs = scan([str(tmp_path)]).runs
    assert [r.run for r in runs] == ["training.log#1", "training.log#2"] and runs[0].points == runs[1].points
    assert _eval_real().training_sessions(runs) == {"training.log": "training.log#1"}


# ---------------------------------------------------------------- 2. 'epoch 3/50 train 0.512 val 0.634 lr 0.001'

def _epoch_lines(epochs: int = 12):
    train = [round(1.2 * math.exp(-e / 5) + 0.3, 3) for e in range(1, epochs + 1)]
    val = [round(1.1 * math.exp(-e / 6) + 0.4, 3) for e in range(1, epochs + 1)]
    lr = [0.001 if e <= 8 else 0.0005 for e in range(1, epochs + 1)]
    # print(f"epoch {ep}/{E} train {tr:.3f} val {va:.3f} lr {lr}"): one space between everything
    text = "".join(f"epoch {e}/50 train {train[e - 1]:.3f} val {val[e - 1]:.3f} lr {lr[e - 1]}\n"
                   for e in range(1, epochs + 1))
    return text, train, val, lr


def test_single_spaced_epoch_lines_are_a_printed_log(tmp_path):
    """Its first line starts with 'epoch' then spaces: it was sniffed as a space-separated CSVLogger file whose
    columns were named '1/50', 'train', '1.282'... (no series, verdict unknown)."""
    text, train, val, lr = _epoch_lines()
    assert text.startswith("epoch 1/50 train 1.282 val 1.331 lr 0.001\n")
    (tmp_path / "train.log").write_text(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = scan([str(tmp_path)], keep_curves=True)
        df = read_scalars(tmp_path / "train.log")
    (run,) = report.runs
    assert run.format == "joblog"
    got = {tag: list(zip(g["step"].tolist(), g["value"].tolist())) for tag, g in df.groupby("tag")}
    epochs = list(range(1, 13))
    assert got["train_loss"] == list(zip(epochs, train))
    assert got["val_loss"] == list(zip(epochs, val))
    assert got["lr"] == list(zip(epochs, lr))
    assert {role: p.x for role, p in run.curves_preview.items()} == {"train_loss": "epoch", "val_loss": "epoch",
                                                                     "lr": "epoch"}
    assert run.verdict == "healthy" and "at epoch 12" in run.analysis.summary, run.analysis.summary


def test_epoch_line_with_a_number_after_the_word_is_no_csvlogger_header():
    from loganalyzer.readers import keras_csv

    text, *_ = _epoch_lines(3)
    assert not keras_csv.sniff("train.log", text.encode())
    assert not keras_csv.sniff("train.log", text.replace(" ", "  ").encode())  # aligned by runs of spaces
    assert keras_csv.sniff("training.log", b"epoch,loss,val_loss\n0,1.0,1.1\n1,0.9,1.0\n")
    assert keras_csv.sniff("training.log", b"epoch loss val_loss\n0 1.0 1.1\n1 0.9 1.0\n")  # separator=" "


# ---------------------------------------------------------------- 3. the series table's NaN note on the run's axis

def test_series_table_nan_note_names_epochs(tmp_path):
    """CSVLogger writes a NaN as ``nan``; the run's steps are epochs: '5 from epoch 7', not 'from step 7'."""
    _csvlogger_appended(tmp_path / "training.log",
                        [[(2.0 * 0.85 ** e, 2.2 * 0.85 ** e) if e < 7 else (math.nan, math.nan) for e in range(12)]])
    result = CliRunner().invoke(cli_main, ["scan", "--details", str(tmp_path)],
                                env={"COLUMNS": "160"})
    assert "5 from epoch 7" in result.output and "from step 7" not in result.output, result.output


def test_series_table_nan_note_keeps_steps(tmp_path):
    """A tensorboardX run logged per step keeps 'from step N'."""
    from tensorboardX import SummaryWriter

    w = SummaryWriter(str(tmp_path / "tb"))
    for i in range(20):
        w.add_scalar("train/loss", 2.0 * 0.9 ** i if i < 12 else float("nan"), i * 10)
    w.close()
    result = CliRunner().invoke(cli_main, ["scan", "--details", str(tmp_path)],
                                env={"COLUMNS": "160"})
    assert "8 from step 120" in result.output, result.output

