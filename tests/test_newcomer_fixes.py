"""What a newcomer's first session found (reproductions in /tmp/newcomer_repro), each fixed as a kind of fault:

5. a zero-filled tail (NUL padding after good rows, what a crash leaves on NFS/ext4) or a zero-filled block inside
   a text log: the readable lines are kept, with one warning naming file, line and size, in every text reader;
6. ``epoch`` + a ``step``/``batch`` counted within each epoch: one run in epoch-major order, not one run per epoch;
7. a pandas ``to_csv`` history (unnamed index column) and a CSV with loss columns but no step column: read, with a
   note, never skipped in silence;
9. a fractional ``epoch`` as the only x column: every row kept;
11-12. ``--fail-on`` given twice is the union; ``--min-confidence`` never filters ``nan``;
15. a non-UTF-8 config names its file; one event file scanned directly is named by the file; ``-q`` with
    ``--details`` is a usage error.

Files are written by their real writers where one runs here: the csv module, pandas ``to_csv``, Keras
``CSVLogger`` (torch backend), Lightning ``CSVLogger``, MLflow's file store, torch's ``SummaryWriter``.
"""
from __future__ import annotations

import csv
import json
import math
import os
import warnings
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")  # before anything imports keras; TensorFlow is not installed here

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from loganalyzer.cli import main
from loganalyzer.discover import discover
from loganalyzer.load import LogReadWarning, read_scalars
from loganalyzer.readers import UnreadableFile, hf_trainer_state, keras_csv, lightning_csv, plain_csv
from loganalyzer.readers import mlflow as mlflow_reader
from loganalyzer.scan import scan

TAIL = "bytes of NUL padding (a zero-filled tail: the job crashed before its last writes reached the disk?); the " \
       "lines before it are read"


def loss(i: int) -> float:
    return 2.0 * math.exp(-i / 30) + 0.1


def read_warned(path) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(path)
    return table, [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]


def write_rows(path: Path, header: list[str], rows) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def pad(path: Path, nuls: int) -> None:
    with open(path, "ab") as f:
        f.write(b"\0" * nuls)


def invoke(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- 5. NUL bytes: zero-filled tails and blocks


def test_a_zero_filled_tail_keeps_every_csv_row_before_it_with_one_warning(tmp_path):
    path = tmp_path / "train.csv"
    write_rows(path, ["step", "train_loss"], [(i, loss(i)) for i in range(100)])
    pad(path, 4096)
    table, warned = read_warned(path)
    assert table["step"].tolist() == list(range(100))
    assert table["value"].tolist() == [loss(i) for i in range(100)]
    assert warned == [f"{path}:102: the file ends in 4,096 {TAIL}"]
    report = scan([tmp_path])
    assert not report.errors and [r.verdict for r in report.runs] == ["healthy"]


def test_a_zero_fill_starting_inside_a_row_skips_that_cut_row_too(tmp_path):
    path = tmp_path / "train.csv"
    write_rows(path, ["step", "train_loss"], [(i, loss(i)) for i in range(10)])
    data = path.read_bytes()
    cut = data.rfind(b"\n", 0, len(data) - 1) + 4  # 3 bytes into the last row: '9,0' of '9,0.45...'
    path.write_bytes(data[:cut] + b"\0" * (4096 - cut))  # the block was zero-filled from there
    table, warned = read_warned(path)
    assert table["step"].tolist() == list(range(9))
    assert warned == [f"{path}:11: the file ends in {4096 - cut:,} {TAIL} (line 11, cut short by the fill, is "
                      "skipped too)"]


def test_a_zero_filled_block_inside_skips_the_lines_it_covers_and_keeps_the_rest(tmp_path):
    path = tmp_path / "train.csv"
    write_rows(path, ["step", "train_loss", "val_loss"], [(i, loss(i), loss(i) + 0.05) for i in range(100)])
    data = bytearray(path.read_bytes())
    lines = data.split(b"\n")
    start = sum(len(line) + 1 for line in lines[:51]) + 2  # inside file line 52 (step 50)
    data[start:start + 40] = b"\0" * 40  # ends inside line 53 (step 51): the newline between them is gone too
    path.write_bytes(bytes(data))
    table, warned = read_warned(path)
    steps = sorted(set(table["step"].tolist()))
    assert steps == [s for s in range(100) if s not in (50, 51)]
    assert warned == [f"{path}:52: 40 NUL byte(s) in the line (a zero-filled block: the job crashed before this "
                      "write reached the disk?); line skipped"]


def test_a_zero_filled_tail_in_a_lightning_metrics_csv(tmp_path):
    from pytorch_lightning.loggers import CSVLogger

    logger = CSVLogger(str(tmp_path), name="lg")
    for step in range(50):
        logger.log_metrics({"train_loss": loss(step), "epoch": step // 10}, step=step)
    logger.save()
    run = tmp_path / "lg" / "version_0"
    pad(run / "metrics.csv", 512)
    table, warned = read_warned(run)
    assert table[table["tag"] == "train_loss"]["step"].tolist() == list(range(50))
    assert warned == [f"{run / 'metrics.csv'}:52: the file ends in 512 {TAIL}"]


def test_a_zero_filled_tail_in_a_keras_csvlogger_file(tmp_path):
    import keras

    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    path = tmp_path / "training.log"
    model.fit(x, x.sum(axis=1, keepdims=True), epochs=5, batch_size=8, verbose=0,
              callbacks=[keras.callbacks.CSVLogger(str(path))])
    pad(path, 1000)
    result = keras_csv.read(path.read_bytes(), str(path))
    assert result.scalars[result.scalars["tag"] == "loss"]["step"].tolist() == [0, 1, 2, 3, 4]
    assert [str(p) for p in result.problems] == [f"{path}:7: the file ends in 1,000 {TAIL}"]
    assert keras_csv.count_segments(path.read_bytes(), str(path)) == 1


def test_a_zero_filled_tail_in_an_mlflow_metric_file(tmp_path, monkeypatch):
    import mlflow

    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    mlflow.set_tracking_uri("file://" + str(tmp_path / "mlruns"))
    try:
        with mlflow.start_run():
            for step in range(60):
                mlflow.log_metric("train_loss", loss(step), step=step)
    finally:
        mlflow.set_tracking_uri(None)
    metric = next((tmp_path / "mlruns").glob("*/*/metrics/train_loss"))
    pad(metric, 1024)
    result = mlflow_reader.read(metric.read_bytes(), str(metric))
    assert result.scalars["step"].tolist() == list(range(60))
    assert [str(p) for p in result.problems] == [f"{metric}:61: the file ends in 1,024 {TAIL}"]
    report = scan([tmp_path / "mlruns"])
    assert not report.errors and len(report.runs) == 1 and report.runs[0].verdict != "unknown"


def test_a_zero_filled_tail_after_a_trainer_state_json():
    state = {"log_history": [{"step": s, "loss": loss(s)} for s in range(5)], "global_step": 4}
    data = json.dumps(state, indent=2).encode() + b"\n" + b"\0" * 300
    result = hf_trainer_state.read(data, "trainer_state.json")
    assert result.scalars["step"].tolist() == [0, 1, 2, 3, 4]
    assert [p.message for p in result.problems] == [f"the file ends in 300 {TAIL}"]


def test_nul_bytes_in_the_header_or_only_nul_bytes_are_still_unreadable():
    with pytest.raises(UnreadableFile) as e:
        plain_csv.read(b"step,lo\0ss\n0,1\n", "f.csv")
    assert str(e.value) == "f.csv:1: binary data, not a text log (NUL byte at offset 7)"
    with pytest.raises(UnreadableFile) as e:
        lightning_csv.read(b"\0" * 4096, "metrics.csv")
    assert str(e.value) == ("metrics.csv:1: no text, only NUL bytes (4,096 bytes: zero-filled, the data never "
                            "reached the disk?)")


# ---------------------------------------------------------------- 6. a step counted within each epoch


def test_a_batch_counted_within_each_epoch_is_one_run_in_epoch_major_order(tmp_path):
    path = tmp_path / "epoch_batch.csv"
    write_rows(path, ["epoch", "batch", "loss"],
               [(e, b, loss(e * 10 + b // 10)) for e in range(10) for b in range(0, 100, 10)])
    assert [(r.id, r.format) for r in discover(tmp_path)] == [("epoch_batch.csv", "csv")]
    table, warned = read_warned(path)
    assert set(table["dir"]) == {"epoch_batch.csv"}  # one run, not epoch_batch.csv#1..#10
    lost = table[table["tag"] == "loss"]
    assert lost["step"].tolist() == list(range(0, 1000, 10))
    assert lost["value"].tolist() == [loss(i) for i in range(100)]
    assert warned == [f"{path}: column 'batch' starts over at each new 'epoch' (9 times): it counts within the "
                      "epoch, so the rows are one run; the step is the row's place in epoch-major order (each epoch "
                      "goes on from the previous one's last 'batch' + 10)"]


def test_a_step_counted_within_each_epoch_of_a_diverging_run_is_one_diverged_run(tmp_path):
    path = tmp_path / "div_epoch_step.csv"
    write_rows(path, ["epoch", "step", "loss"],
               [(e, b, 0.5 * 1.03 ** (e * 10 + b // 10) + 0.05 * ((b // 10) % 3))
                for e in range(10) for b in range(0, 100, 10)])
    report = scan([path])
    assert [(r.run, r.verdict) for r in report.runs] == [(str(path.as_posix()), "diverged")]


def test_epoch_major_steps_keep_a_new_run_appended_to_the_file_apart(tmp_path):
    path = tmp_path / "log.csv"
    rows = [(e, b, loss(e * 5 + b)) for e in range(4) for b in range(5)]
    again = [(e, b, 2 * value) for e, b, value in rows]
    write_rows(path, ["epoch", "step", "loss"], rows + again)  # the script run twice into one file
    assert [r.id for r in discover(tmp_path)] == ["log.csv#1", "log.csv#2"]
    first = plain_csv.read(path.read_bytes(), str(path), segment=0).scalars
    assert first[first["tag"] == "loss"]["step"].tolist() == list(range(20))


def test_a_global_step_beside_an_epoch_is_left_as_it_is():
    data = "iteration,epoch,loss\n" + "".join(f"{e * 100 + b},{e},{loss(e * 10 + b)}\n"
                                              for e in range(5) for b in range(0, 100, 10))
    result = plain_csv.read(data.encode(), "iter_epoch.csv")
    assert result.problems == ()
    assert result.scalars[result.scalars["tag"] == "loss"]["step"].tolist() == list(range(0, 500, 10))


def test_a_hand_made_metrics_csv_with_a_step_counted_within_each_epoch():
    data = "epoch,step,train_loss\n" + "".join(f"{e},{b},{loss(e * 4 + b)}\n" for e in range(3) for b in range(4))
    result = lightning_csv.read(data.encode(), "metrics.csv")
    assert result.scalars[result.scalars["tag"] == "train_loss"]["step"].tolist() == list(range(12))
    assert [p.message for p in result.problems] == [
        "column 'step' starts over at each new 'epoch' (2 times): it counts within the epoch, so the rows are one "
        "run; the step is the row's place in epoch-major order (each epoch goes on from the previous one's last "
        "'step' + 1)"]


def test_a_later_header_with_fewer_columns_starts_a_block_of_its_own(tmp_path):
    path = tmp_path / "fewer_cols.csv"
    with open(path, "w", newline="") as f:  # a script restarted with fewer metrics, appending to its log
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["step", "train_loss", "val_loss", "lr"])
        writer.writerows((i, loss(i), loss(i) + 0.05, 0.1) for i in range(50))
        writer.writerow(["step", "train_loss"])
        writer.writerows((i, loss(i)) for i in range(50, 100))
    table, warned = read_warned(path)
    train = table[table["tag"] == "train_loss"]
    assert train["step"].tolist() == list(range(100)) and train["value"].tolist() == [loss(i) for i in range(100)]
    assert warned == [f"{path}:52: the header line is written 2 times (a logger rewriting its file?); the rows below "
                      "each are read with its columns"]


# ---------------------------------------------------------------- 7. pandas to_csv, no step column


def test_a_pandas_history_csv_is_read_and_its_nan_tail_fails_the_gate(tmp_path):
    history = {"loss": list(np.linspace(1, 0.5, 6)) + [float("nan")] * 4,
               "val_loss": list(np.linspace(1.1, 0.6, 6)) + [float("nan")] * 4}
    (tmp_path / "exp_a").mkdir()
    (tmp_path / "exp_b").mkdir()
    write_rows(tmp_path / "exp_a" / "metrics_log.csv", ["step", "train_loss"], [(i, 1 / (i + 1)) for i in range(11)])
    path = tmp_path / "exp_b" / "history.csv"
    pd.DataFrame(history).to_csv(path)  # pd.DataFrame(h.history).to_csv(...): ',loss,val_loss', NaN as ''
    assert path.read_text().splitlines()[0] == ",loss,val_loss"
    assert [r.id for r in discover(tmp_path)] == ["exp_a/metrics_log.csv", "exp_b/history.csv"]
    table, warned = read_warned(path)
    lost = table[table["tag"] == "loss"]
    assert lost["step"].tolist() == list(range(10))
    assert np.isnan(lost["value"].to_numpy()[6:]).all() and lost["value"].tolist()[:6] == history["loss"][:6]
    assert sorted(warned) == [
        f"{path}: the unnamed first column (a pandas index) is the step",
        f"{path}:8: 'loss', 'val_loss' empty in the last 4 row(s) while the index goes on: pandas writes NaN as an "
        "empty cell, so they are read as NaN"]
    code, _, err = invoke("scan", tmp_path, "--fail-on", "nan", "--strict", "-q")
    assert code == 1 and "exp_b/history.csv (nan)" in err


def test_a_pandas_history_with_an_epoch_column_uses_it_and_drops_the_index(tmp_path):
    path = tmp_path / "h.csv"
    pd.DataFrame({"epoch": [1, 2, 3], "loss": [0.9, 0.5, 0.4]}).to_csv(path)
    assert [(r.id, r.format) for r in discover(tmp_path)] == [("h.csv", "csv")]
    result = plain_csv.read(path.read_bytes(), str(path))
    assert list(zip(result.scalars["tag"].astype(str), result.scalars["step"])) == [("loss", 1), ("loss", 2),
                                                                                     ("loss", 3)]
    assert result.problems == ()


def test_a_csv_with_loss_columns_but_no_step_column_uses_the_row_number(tmp_path):
    path = tmp_path / "losses.csv"
    pd.DataFrame({"train_loss": [1.0, 0.9, 0.8], "val_loss": [1.1, 1.0, 0.95]}).to_csv(path, index=False)
    assert [(r.id, r.format) for r in discover(tmp_path)] == [("losses.csv", "csv")]
    table, warned = read_warned(path)
    assert table[table["tag"] == "val_loss"]["step"].tolist() == [0, 1, 2]
    assert warned == [f"{path}: no step, iteration or epoch column: the row number (from 0) is the step"]


def test_tables_without_a_step_or_loss_column_reports_and_prose_are_not_taken_for_csv_logs(tmp_path, nan_run):
    pd.DataFrame({"label": ["a", "b"], "prob": [0.2, 0.8]}).to_csv(tmp_path / "predictions.csv")
    pd.DataFrame({"gpu_util": [0.5, 0.6], "mem": [0.3, 0.4]}).to_csv(tmp_path / "gpu.csv", index=False)
    pd.DataFrame({"text": ["good", "bad"], "loss": [0.2, 0.8]}).to_csv(tmp_path / "per_sample.csv")
    # loganalyzer's own CSV report (a 'final_train_loss' column) written into the scanned directory
    code, _, err = invoke("scan", nan_run, "-o", tmp_path / "report.csv")
    assert code == 0 and "final_train_loss" in (tmp_path / "report.csv").read_text().splitlines()[0]
    head = b"loss went down nicely\nthen it went up again\n"
    assert not plain_csv.sniff("notes.txt", head)
    assert discover(tmp_path) == []


# ---------------------------------------------------------------- 9. a fractional epoch as the only x column


def test_a_fractional_epoch_keeps_every_row(tmp_path):
    path = tmp_path / "epoch_frac.csv"
    write_rows(path, ["epoch", "train_loss"], [(i / 10, loss(i)) for i in range(100)])
    assert [(r.id, r.format) for r in discover(tmp_path)] == [("epoch_frac.csv", "csv")]
    table, warned = read_warned(path)
    train = table[table["tag"] == "train_loss"]
    assert train["step"].tolist() == list(range(100)) and train["value"].tolist() == [loss(i) for i in range(100)]
    assert table[table["tag"] == "epoch"]["value"].tolist() == [i / 10 for i in range(100)]
    assert warned == [f"{path}: column 'epoch' has fractional values; the row number is the step, 'epoch' is kept "
                      "as a tag"]
    # read as a Keras file (its first column is 'epoch'), every row is kept as well
    result = keras_csv.read(path.read_bytes(), str(path))
    assert result.scalars[result.scalars["tag"] == "train_loss"]["step"].tolist() == list(range(100))


# ---------------------------------------------------------------- 11, 12. the --fail-on gate


@pytest.fixture(scope="module")
def nan_run(tmp_path_factory) -> Path:
    """A run whose loss went inf, logged finite values, and went inf again: nan (the break recurs; one inf the run
    recovered from is a finding, ``verdict_transient``), with a confidence below 1."""
    from test_scan import write_tensorboard

    run = tmp_path_factory.mktemp("gate") / "naninf"
    points = [(s, loss(s) if s not in (100, 150) else float("inf")) for s in range(0, 200, 5)]
    write_tensorboard(run, {"train/loss": points})
    return run


def test_fail_on_given_twice_is_the_union(nan_run):
    for first, second in (("nan", "diverged"), ("diverged", "nan")):
        code, _, err = invoke("scan", nan_run, "--fail-on", first, "--fail-on", second, "-q")
        assert code == 1, err
        assert "1 run matched" in err and "(nan)" in err


def test_min_confidence_never_filters_a_nan_verdict(nan_run):
    code, out, _ = invoke("scan", nan_run, "--format", "json")
    run = json.loads(out)["runs"][0]
    assert run["verdict"] == "nan" and run["confidence"] < 1.0
    code, _, err = invoke("scan", nan_run, "--fail-on", "nan,stalled", "--min-confidence", "1", "-q")
    assert code == 1 and "not counted" not in err
    code, out, _ = invoke("scan", "--help")
    assert "A nan verdict always counts" in " ".join(out.split())


# ---------------------------------------------------------------- 15. small things


def test_a_config_that_is_not_utf8_is_named(tmp_path, nan_run):
    bad = tmp_path / "loganalyzer.toml"
    bad.write_bytes(b"\xff\xfe garbage\n")
    code, _, err = invoke("scan", nan_run, "--config", bad)
    assert code == 2
    assert err.strip() == f"Error: {bad}: not valid TOML: not UTF-8 text (byte 0xff at offset 0)"


def test_one_event_file_scanned_directly_is_named_by_the_file(nan_run):
    event_file = next(p for p in nan_run.iterdir() if "tfevents" in p.name)
    report = scan([event_file])
    assert [r.run for r in report.runs] == [event_file.as_posix()]
    relative = os.path.relpath(event_file)
    assert [r.run for r in scan([relative]).runs] == [Path(relative).as_posix()]


def test_quiet_with_details_is_a_usage_error(nan_run):
    code, out, err = invoke("scan", nan_run, "-q", "--details")
    assert code == 2 and out == ""
    assert err.strip() == ("Error: --quiet (one line per run) and --details (everything about every run) ask for "
                           "opposite tables: give one of them")
