"""Text-format readers: Lightning metrics.csv, Keras CSVLogger, HF trainer_state.json, MLflow metric files, plain CSV.

Logs are written by the real libraries wherever one runs here, then compared value for value (NaN and ±Inf
included, via ``repr``) with the same file parsed independently by ``csv``/``json``/``str.split``.
"""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

os.environ["KERAS_BACKEND"] = "torch"  # before anything imports keras; TensorFlow is not installed here

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loganalyzer.readers import ReadResult, UnreadableFile, hf_trainer_state, keras_csv, lightning_csv, plain_csv
from loganalyzer.readers import mlflow as mlflow_reader
from loganalyzer.runs import Problem

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "real_logs"


# ---------------------------------------------------------------- helpers


def check_frame(result: ReadResult) -> pd.DataFrame:
    """The contract's table: exact columns and dtypes."""
    df = result.scalars
    assert list(df.columns) == ["tag", "step", "value", "wall_time"]
    assert isinstance(df["tag"].dtype, pd.CategoricalDtype)
    assert df["step"].dtype == np.int64 and df["value"].dtype == np.float64 and df["wall_time"].dtype == np.float64
    return df


def points(result: ReadResult) -> list[tuple[str, int, str]]:
    """(tag, step, repr(value)) in table order: repr keeps NaN, ±Inf and -0.0 distinct and exact."""
    df = check_frame(result)
    return list(zip(df["tag"].astype(str).tolist(), df["step"].tolist(), map(repr, df["value"].tolist())))


def csv_points(text: str, x: str, *, sep: str = ",", missing=("",)) -> list[tuple[str, int, str]]:
    """Reference reading of a wide CSV with the csv module: every non-missing cell but ``x`` at that row's x."""
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=sep) if r]
    header, out = rows[0], []
    for row in rows[1:]:
        step = int(float(row[header.index(x)]))
        for name, cell in zip(header, row):
            if name != x and cell not in missing:
                out.append((name, step, repr(float(cell))))
    return out


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


# ---------------------------------------------------------------- Lightning CSVLogger


@pytest.fixture(scope="module")
def lightning_metrics(tmp_path_factory) -> Path:
    """metrics.csv of a real 2-epoch Lightning fit: on_step+on_epoch loss, two val dataloaders, NaN/Inf values."""
    import pytorch_lightning as pl
    import torch
    from pytorch_lightning.loggers import CSVLogger
    from torch.utils.data import DataLoader, TensorDataset

    class Tiny(pl.LightningModule):
        def __init__(self):
            super().__init__()
            self.lin = torch.nn.Linear(4, 1)

        def training_step(self, batch, i):
            x, y = batch
            loss = torch.nn.functional.mse_loss(self.lin(x), y)
            self.log("train_loss", loss, on_step=True, on_epoch=True)
            self.log("odd", float("nan") if i == 1 else float("-inf") if i == 2 else float("inf"), on_step=True)
            return loss

        def validation_step(self, batch, i, dataloader_idx=0):
            x, y = batch
            self.log("val_loss", torch.nn.functional.mse_loss(self.lin(x), y))

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.1)

    gen = torch.Generator().manual_seed(0)
    data = TensorDataset(torch.randn(16, 4, generator=gen), torch.randn(16, 1, generator=gen))
    root = tmp_path_factory.mktemp("lightning")
    trainer = pl.Trainer(
        max_epochs=2, logger=CSVLogger(str(root), name="lg"), log_every_n_steps=1, enable_checkpointing=False,
        enable_progress_bar=False, enable_model_summary=False, accelerator="cpu", devices=1,
    )
    loader = lambda: DataLoader(data, batch_size=4)  # noqa: E731
    trainer.fit(Tiny(), loader(), [loader(), loader()])
    return root / "lg" / "version_0" / "metrics.csv"


def test_lightning_real_writer_every_value_at_its_step(lightning_metrics):
    text = read_text(lightning_metrics)
    result = lightning_csv.read(lightning_metrics.read_bytes(), str(lightning_metrics))
    assert result.problems == ()
    assert points(result) == csv_points(text, "step")
    assert np.isnan(result.scalars["wall_time"]).all()
    # The writer's naming conventions arrive as tags, in the header's (sorted) column order.
    assert list(result.scalars["tag"].cat.categories) == [
        "epoch", "odd", "train_loss_epoch", "train_loss_step", "val_loss/dataloader_idx_0", "val_loss/dataloader_idx_1",
    ]


def test_lightning_sparse_rows_repeated_steps_and_special_values(lightning_metrics):
    df = lightning_csv.read(lightning_metrics.read_bytes(), "metrics.csv").scalars
    # 4 batches per epoch, 2 epochs: steps 0..7, each epoch's last step carries the step row, val row, epoch row.
    assert df[df.tag == "train_loss_step"]["step"].tolist() == list(range(8))
    assert df[df.tag == "train_loss_epoch"]["step"].tolist() == [3, 7]
    assert df[df.tag == "val_loss/dataloader_idx_1"]["step"].tolist() == [3, 7]
    epoch = df[df.tag == "epoch"]
    assert epoch["step"].tolist() == [0, 1, 2, 3, 3, 3, 4, 5, 6, 7, 7, 7]
    assert epoch["value"].tolist() == [0.0] * 6 + [1.0] * 6
    odd = df[df.tag == "odd"]["value"].tolist()
    assert list(map(repr, odd)) == ["inf", "nan", "-inf", "inf"] * 2


def test_lightning_sniff(lightning_metrics):
    head = lightning_metrics.read_bytes()[:8192]
    assert lightning_csv.sniff("lg/version_0/metrics.csv", head)
    assert lightning_csv.sniff("renamed.csv", head)  # sparse rows give it away
    assert not keras_csv.sniff("metrics.csv", head) and not plain_csv.sniff("metrics.csv", head)
    dense = b"epoch,step,loss\n0,9,0.5\n1,19,0.4\n"
    assert lightning_csv.sniff("metrics.csv", dense) and not lightning_csv.sniff("log.csv", dense)
    assert plain_csv.sniff("log.csv", dense)


def test_lightning_bad_cells_rows_without_step_and_cut_last_line():
    data = (
        b"epoch,step,loss,val_loss\r\n"
        b"0,0,0.5,\r\n"
        b"0,1,oops,0.7\r\n"  # a non-number: that cell only is lost
        b"0,,0.4,\r\n"  # values without a step: row skipped
        b"0,2,0.3,0.6,9\r\n"  # too many fields: row skipped
        b"\r\n"
        b"1,3,nan,inf\r\n"
        b"1,4,0.2"  # killed mid-write: no newline, fields missing
    )
    result = lightning_csv.read(data, "run/metrics.csv")
    assert points(result) == [
        ("epoch", 0, "0.0"), ("loss", 0, "0.5"),
        ("epoch", 1, "0.0"), ("val_loss", 1, "0.7"),
        ("epoch", 3, "1.0"), ("loss", 3, "nan"), ("val_loss", 3, "inf"),
    ]
    assert [(p.line, p.message) for p in result.problems] == [
        (3, "column 'loss': 'oops' is not a number; cell skipped"),
        (4, "row has values but no 'step'; row skipped"),
        (5, "5 fields, the header has 4; row skipped"),
        (8, "last line is cut short (file truncated mid-write?); row skipped"),
    ]
    assert str(result.problems[0]) == "run/metrics.csv:3: column 'loss': 'oops' is not a number; cell skipped"


def test_lightning_fractional_step_is_reported():
    result = lightning_csv.read(b"step,loss\n1.5,0.3\n2,0.2\n", "m.csv")
    assert points(result) == [("loss", 2, "0.2")]
    assert [str(p) for p in result.problems] == ["m.csv:2: 'step' is '1.5', not a whole number; row skipped"]


def test_lightning_without_step_column_is_unreadable():
    with pytest.raises(UnreadableFile) as e:
        lightning_csv.read(b"epoch,loss\n0,1\n", "m.csv")
    assert str(e.value.problem) == "m.csv:1: no 'step' column in the header, not a Lightning metrics.csv: 'epoch,loss'"


# ---------------------------------------------------------------- Keras CSVLogger


def _keras_fit(path: Path, runs, *, lr=0.01, scale=1.0, separator=","):
    """Fit a tiny model once per (epochs, initial_epoch, with_validation[, fresh]) in ``runs``, appending to
    ``path``; ``fresh``: a new model (a second training; without it the fit goes on with the model it has)."""
    import keras

    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = None
    for epochs, initial_epoch, validate, *fresh in runs:
        if model is None or fresh:
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
            model.compile(optimizer=keras.optimizers.SGD(lr), loss="mse", metrics=["mae"])
        model.fit(
            x * scale, y, epochs=epochs, initial_epoch=initial_epoch, batch_size=8, verbose=0,
            validation_data=(x * scale, y) if validate else None,
            callbacks=[keras.callbacks.CSVLogger(str(path), separator=separator, append=True)],
        )


@pytest.fixture(scope="module")
def keras_logs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("keras")
    logs = {"two": root / "training.log", "resume": root / "resume.csv", "nan": root / "nan.log"}
    # two trainings appended: epochs 0..2 then 0..1 of a new model (the same model fitted again is one run:
    # tests/test_breaker_readers.py)
    _keras_fit(logs["two"], [(3, 0, True), (2, 0, True, "fresh")])
    _keras_fit(logs["resume"], [(3, 0, True), (2, 0, True, "fresh"), (3, 1, False)])  # 3rd resumes the 2nd at 1
    _keras_fit(logs["nan"], [(6, 0, True)], lr=0.3, scale=10.0, separator=";")  # diverges: finite, inf, nan
    return logs


def test_keras_two_appended_runs_are_two_segments(keras_logs):
    path = keras_logs["two"]
    data, text = path.read_bytes(), read_text(path)
    assert text.count("epoch") == 1  # Keras writes the header into the empty file only
    assert keras_csv.count_segments(data, str(path)) == 2
    expected = csv_points(text, "epoch", missing=("", "NA"))
    n_tags = 4  # loss, mae, val_loss, val_mae
    first, second = keras_csv.read(data, str(path), 0), keras_csv.read(data, str(path), 1)
    assert points(first) == expected[: 3 * n_tags] and first.problems == ()
    assert points(second) == expected[3 * n_tags :] and second.problems == ()
    assert first.scalars["step"].unique().tolist() == [0, 1, 2]
    assert second.scalars["step"].unique().tolist() == [0, 1]
    assert points(keras_csv.read(data, str(path))) == expected  # segment=None: every row as written
    assert list(first.scalars["tag"].cat.categories) == ["loss", "mae", "val_loss", "val_mae"]


def test_keras_resume_stays_in_its_run_and_na_is_no_point(keras_logs):
    path = keras_logs["resume"]
    data, text = path.read_bytes(), read_text(path)
    epochs = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert epochs == ["0", "1", "2", "0", "1", "1", "2"]
    assert keras_csv.count_segments(data, str(path)) == 2
    second = keras_csv.read(data, str(path), segment=1)
    assert second.scalars["step"].tolist() == [0] * 4 + [1] * 4 + [1, 1, 2, 2]
    # the resumed fit had no validation data: Keras wrote NA there, which must not become points
    assert second.scalars["tag"].astype(str).tolist()[-4:] == ["loss", "mae", "loss", "mae"]
    assert points(second) == csv_points(text, "epoch", missing=("", "NA"))[12:]


def test_keras_nan_and_inf_preserved_with_semicolon_separator(keras_logs):
    path = keras_logs["nan"]
    data, text = path.read_bytes(), read_text(path)
    assert text.startswith("epoch;loss;mae;val_loss;val_mae")
    cells = [c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row[1:]]
    assert "nan" in cells and "inf" in cells  # the run really diverged
    result = keras_csv.read(data, str(path))
    assert result.problems == ()
    assert points(result) == csv_points(text, "epoch", sep=";", missing=("", "NA"))
    assert keras_csv.sniff("nan.log", data[:8192]) and not plain_csv.sniff("nan.log", data[:8192])


def test_keras_repeated_header_and_restart_split_runs():
    data = (
        b"epoch,loss\n0,0.9\n1,0.8\n2,0.7\n"
        b"0,0.95\n1,NA\n"  # the counter restarts: second run
        b"epoch,loss,val_loss\n0,0.5,0.6\n"  # a new header, other columns: third run
    )
    assert keras_csv.count_segments(data, "k.log") == 3
    assert points(keras_csv.read(data, "k.log", 1)) == [("loss", 0, "0.95")]
    third = keras_csv.read(data, "k.log", 2)
    assert points(third) == [("loss", 0, "0.5"), ("val_loss", 0, "0.6")]
    everything = keras_csv.read(data, "k.log")
    assert len(everything.scalars) == 6 and list(everything.scalars["tag"].cat.categories) == ["loss", "val_loss"]
    with_bad_cell = data.replace(b"1,0.8", b"1,oops")
    assert [str(p) for p in keras_csv.read(with_bad_cell, "k.log", 0).problems] == [
        "k.log:3: column 'loss': 'oops' is not a number; cell skipped"
    ]
    assert keras_csv.read(with_bad_cell, "k.log", 1).problems == ()  # each run reports its own problems
    with pytest.raises(UnreadableFile) as e:
        keras_csv.read(data, "k.log", 3)
    assert str(e.value) == "k.log: run #3 asked for, but the file holds 3 run(s)"


def test_keras_not_a_keras_file():
    with pytest.raises(UnreadableFile) as e:
        keras_csv.read(b"step,loss\n1,2\n", "x.csv")
    assert "not a Keras CSVLogger file" in str(e.value) and str(e.value).startswith("x.csv:1: ")
    assert not keras_csv.sniff("x.csv", b"epochs,loss\n1,2\n")
    assert not keras_csv.sniff("x.csv", b"epoch,step,loss\n1,2,3\n")


# ---------------------------------------------------------------- HuggingFace trainer_state.json


def _trainer_state(path: Path) -> list[dict]:
    from transformers import TrainerState

    history = [
        {"loss": 2.5, "grad_norm": float("nan"), "learning_rate": 5e-05, "epoch": 0.25, "step": 5},
        {"loss": 1.25, "grad_norm": 3.0, "learning_rate": 4e-05, "epoch": 0.5, "step": 10},
        {"eval_loss": float("inf"), "eval_wer": 31.5, "eval_runtime": 1.2, "epoch": 0.5, "step": 10,
         "note": "text", "flag": True, "per_class": [1.0, 2.0]},
        {"predict_loss": 0.75, "epoch": 0.5},  # appended by user code: no step
        {"train_loss": float("-inf"), "train_runtime": 3.0, "total_flos": 12345678901234567890, "epoch": 1.0,
         "step": 20},
    ]
    state = TrainerState(
        global_step=20, max_steps=20, num_train_epochs=1, logging_steps=5, eval_steps=10, train_batch_size=8,
        best_metric=0.5, best_model_checkpoint="out/checkpoint-10", log_history=history,
    )
    state.save_to_json(str(path))
    return history


def test_hf_trainer_state_real_writer(tmp_path):
    path = tmp_path / "trainer_state.json"
    history = _trainer_state(path)
    text = path.read_text()
    assert '"grad_norm": NaN' in text and '"eval_loss": Infinity' in text and '"train_loss": -Infinity' in text
    result = hf_trainer_state.read(path.read_bytes(), str(path))
    assert result.problems == ()
    # the writer sorts keys; bools, strings and lists are not values; the step-less entry takes step 10
    assert points(result) == [
        ("epoch", 5, "0.25"), ("grad_norm", 5, "nan"), ("learning_rate", 5, "5e-05"), ("loss", 5, "2.5"),
        ("epoch", 10, "0.5"), ("grad_norm", 10, "3.0"), ("learning_rate", 10, "4e-05"), ("loss", 10, "1.25"),
        ("epoch", 10, "0.5"), ("eval_loss", 10, "inf"), ("eval_runtime", 10, "1.2"), ("eval_wer", 10, "31.5"),
        ("epoch", 10, "0.5"), ("predict_loss", 10, "0.75"),
        ("epoch", 20, "1.0"), ("total_flos", 20, repr(float(12345678901234567890))), ("train_loss", 20, "-inf"),
        ("train_runtime", 20, "3.0"),
    ]
    assert len(history) == 5
    set_here = ["global_step", "max_steps", "num_train_epochs", "train_batch_size", "logging_steps", "eval_steps",
                "best_metric", "best_model_checkpoint"]
    assert {k: result.hparams[k] for k in set_here} == {
        "global_step": 20, "max_steps": 20, "num_train_epochs": 1, "train_batch_size": 8, "logging_steps": 5,
        "eval_steps": 10, "best_metric": 0.5, "best_model_checkpoint": "out/checkpoint-10",
    }
    assert json.loads(text)["best_global_step"] is None and "best_global_step" not in result.hparams


def test_hf_truncated_json_names_line_and_column(tmp_path):
    """A file cut while written: its whole log entries before the cut are read, with a warning at the cut's line
    (tests/test_breaker_readers.py has a real Trainer's checkpoints); cut before any whole entry, or damaged
    elsewhere, it is unreadable, the JSON error's line and column named."""
    path = tmp_path / "trainer_state.json"
    _trainer_state(path)
    data = path.read_bytes()
    cut = data[: data.index(b'"eval_loss"') + 5]
    line = cut.count(b"\n") + 1
    result = hf_trainer_state.read(cut, "out/trainer_state.json")
    assert [str(p) for p in result.problems] == [
        f"out/trainer_state.json:{line}: the file ends at byte {len(cut):,}, inside its JSON (cut short: the job "
        "stopped while writing it?); the 2 whole log_history entries before the cut are read, the rest of the file "
        "is not"]
    whole = hf_trainer_state.read(data, "out/trainer_state.json")
    assert points(result) == points(whole)[:8]  # the entries at steps 5 and 10
    cut = data[: data.index(b'"log_history"') + 30]  # inside the first entry: nothing whole
    with pytest.raises(UnreadableFile) as e:
        hf_trainer_state.read(cut, "out/trainer_state.json")
    line = cut.count(b"\n") + 1
    problem = e.value.problem
    assert problem.line == line
    assert str(problem).startswith(f"out/trainer_state.json:{line}: invalid JSON:")
    damaged = data.replace(b'"eval_loss"', b'"eval_loss', 1)  # an unterminated string with the file going on
    with pytest.raises(UnreadableFile) as e:
        hf_trainer_state.read(damaged, "out/trainer_state.json")
    assert "invalid JSON" in str(e.value.problem)


def test_hf_structure_problems():
    with pytest.raises(UnreadableFile) as e:
        hf_trainer_state.read(b'{"global_step": 3}', "t.json")
    assert str(e.value) == "t.json: no 'log_history' list: not a HuggingFace trainer_state.json"
    bad = json.dumps({"log_history": [{"loss": 1.0}, 7, {"loss": 2.0, "step": "9"}, {"loss": 3.0, "step": 4}]})
    result = hf_trainer_state.read(bad.encode(), "t.json")
    assert points(result) == [("loss", 4, "3.0")]
    assert [p.message for p in result.problems] == [
        "log_history[0] has no 'step' and no entry before it has one; entry skipped",
        "log_history[1] is not an object (int); entry skipped",
        "log_history[2] has 'step' '9', not a whole number; entry skipped",
    ]


# ---------------------------------------------------------------- MLflow file store


def test_mlflow_real_writer(tmp_path, monkeypatch):
    import mlflow
    from mlflow.entities import Metric
    from mlflow.tracking import MlflowClient

    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")  # mlflow 3 refuses the file store otherwise
    mlflow.set_tracking_uri("file://" + str(tmp_path / "mlruns"))
    logged = {"train/loss": [1.5, float("nan"), float("inf"), float("-inf"), 0.1], "acc": [0.25, 0.5]}
    try:
        with mlflow.start_run() as run:
            for key, values in logged.items():
                for i, v in enumerate(values):
                    mlflow.log_metric(key, v, step=10 * i)
            # a metric logged with a dataset: the five-field line
            MlflowClient().log_batch(
                run.info.run_id,
                metrics=[Metric("eval/f1", 0.75, 1700000000123, 7, dataset_name="dev", dataset_digest="ab12")],
            )
    finally:
        mlflow.set_tracking_uri(None)
    metrics_dir = next((tmp_path / "mlruns").glob("*/*/metrics"))
    files = sorted(p for p in metrics_dir.rglob("*") if p.is_file())
    assert [p.relative_to(metrics_dir).as_posix() for p in files] == ["acc", "eval/f1", "train/loss"]
    for path in files:
        lines = [line.split(" ") for line in read_text(path).splitlines()]
        result = mlflow_reader.read(path.read_bytes(), str(path))
        key = path.relative_to(metrics_dir).as_posix()
        assert result.problems == ()
        assert points(result) == [(key, int(f[2]), repr(float(f[1]))) for f in lines]
        assert result.scalars["wall_time"].tolist() == [int(f[0]) / 1000 for f in lines]
    loss = mlflow_reader.read((metrics_dir / "train" / "loss").read_bytes(), str(metrics_dir / "train" / "loss"))
    assert list(map(repr, loss.scalars["value"].tolist())) == ["1.5", "nan", "inf", "-inf", "0.1"]
    assert loss.scalars["step"].tolist() == [0, 10, 20, 30, 40]
    f1 = mlflow_reader.read((metrics_dir / "eval" / "f1").read_bytes(), "f1")
    assert read_text(metrics_dir / "eval" / "f1") == "1700000000123 0.75 7 dev ab12\n"
    assert f1.scalars["step"].tolist() == [7] and f1.scalars["wall_time"].tolist() == [1700000000.123]


def test_mlflow_old_two_field_lines_and_bad_lines():
    # MLflow before 1.0 wrote 'timestamp value' (no step); there is no writer for it any more.
    path = "mlruns/0/0123456789abcdef0123456789abcdef/metrics/loss"
    result = mlflow_reader.read(b"1546300800000 0.5\n1546300801000 nan\n", path)
    assert points(result) == [("loss", 0, "0.5"), ("loss", 0, "nan")]
    assert result.scalars["wall_time"].tolist() == [1546300800.0, 1546300801.0]
    assert [p.message for p in result.problems] == [
        "2 line(s) in the old 'timestamp value' format have no step; read at step 0, as MLflow does"
    ]
    seconds = mlflow_reader.read(b"1546300800 0.5\n", path)  # MLflow 0.x timestamps were seconds
    assert seconds.scalars["wall_time"].tolist() == [1546300800.0]

    damaged = b"1 0.1 0\n2 x 1\n3 0.3 2 a\n4 0.4 3 a b c\n5  0.5 4\n\n6 0.6 5\n7 0.7"
    result = mlflow_reader.read(damaged, path)
    assert points(result) == [("loss", 0, "0.1"), ("loss", 5, "0.6")]
    assert [str(p) for p in result.problems] == [
        f"{path}:2: value 'x' is not a number; line skipped",
        f"{path}:3: 4 fields, expected 'timestamp value step' (2, 3 or 5 fields); line skipped",
        f"{path}:4: 6 fields, at most 5; row skipped",
        f"{path}:5: empty field (a doubled or leading space); line skipped",
        f"{path}:8: last line is cut short (file truncated mid-write?); line skipped",
    ]


def test_mlflow_file_without_one_good_line_is_unreadable():
    with pytest.raises(UnreadableFile) as e:
        mlflow_reader.read(b"hello world\nfoo bar\n", "m/metrics/x")
    assert str(e.value) == (
        "m/metrics/x:1: no readable metric line, not an MLflow metric file (timestamp 'hello' is not a whole number)"
    )


def test_mlflow_metric_key_from_path():
    run_dir = "/home/metrics/mlruns/1/0123456789abcdef0123456789abcdef"
    assert mlflow_reader.metric_key(run_dir + "/metrics/a/metrics/b") == "a/metrics/b"
    assert mlflow_reader.metric_key("mlruns/1/run/metrics/train/loss") == "train/loss"
    assert mlflow_reader.metric_key("x\\metrics\\loss") == "loss"
    assert mlflow_reader.metric_key("loss") == "loss"


# ---------------------------------------------------------------- plain CSV


def test_plain_csv_written_by_pandas(tmp_path):
    frame = pd.DataFrame({
        "Epoch": [0, 0, 1, 1],
        "iteration": [100, 200, 300, 400],
        "timestamp": ["2024-05-01T10:00:00Z", "2024-05-01T10:00:01.5Z", "2024-05-01T10:00:03Z", "2024-05-01T10:00:04Z"],
        "phase": ["train", "train", "train", "val"],
        "loss": [2.0, float("nan"), float("inf"), 0.125],
        "lr": [0.1, 0.1, None, 0.01],
    })
    path = tmp_path / "log.csv"
    # NaN loss written 'nan' (a value), the missing lr written '' (no point)
    frame.assign(lr=frame.lr.astype(object).where(frame.lr.notna(), "")).to_csv(path, index=False, na_rep="nan")
    data = path.read_bytes()
    assert plain_csv.sniff("log.csv", data[:8192])
    result = plain_csv.read(data, str(path))
    assert [p.message for p in result.problems] == [
        "column 'phase' names each row's split (train, val): the other columns are read per split (train_loss, "
        "val_loss, ...); counters, clocks and the learning rate keep their names"
    ]
    # iteration is finer than Epoch: it is the step; Epoch stays a tag; the text column 'phase' splits 'loss'
    # (readers10a: _phase_split; the learning rate is the run's)
    assert points(result) == [
        ("Epoch", 100, "0.0"), ("train_loss", 100, "2.0"), ("lr", 100, "0.1"),
        ("Epoch", 200, "0.0"), ("train_loss", 200, "nan"), ("lr", 200, "0.1"),
        ("Epoch", 300, "1.0"), ("train_loss", 300, "inf"),
        ("Epoch", 400, "1.0"), ("val_loss", 400, "0.125"), ("lr", 400, "0.01"),
    ]
    start = pd.Timestamp("2024-05-01T10:00:00Z").timestamp()
    walls = result.scalars.drop_duplicates("step")["wall_time"].tolist()
    assert walls == [start, start + 1.5, start + 3, start + 4]


def test_plain_tsv_with_numeric_ms_time_and_bad_cell(tmp_path):
    frame = pd.DataFrame({"wall_time": [1.7e12, 1.7e12 + 500], "step": [1, 2], "loss": ["0.5", "n/a?"]})
    data = frame.to_csv(sep="\t", index=False).encode()
    assert plain_csv.sniff("log.tsv", data)
    result = plain_csv.read(data, "log.tsv")
    assert points(result) == [("loss", 1, "0.5")]
    assert result.scalars["wall_time"].tolist() == [1.7e9]
    assert [str(p) for p in result.problems] == ["log.tsv:3: column 'loss': 'n/a?' is not a number; cell skipped"]


def test_plain_text_columns_quiet_unless_they_hold_digits():
    # a one-number tensor repr is read (tests/test_wrapped_cells.py); one of several numbers is text with digits
    result = plain_csv.read(b'step,phase,loss,acc\n1,train,"tensor([0.5, 1])",0.25\n2,val,"tensor([0.4, 1])",0.5\n',
                            "t.csv")
    assert points(result) == [("train_acc", 1, "0.25"), ("val_acc", 2, "0.5")]  # split by 'phase' (_phase_split)
    assert [str(p) for p in result.problems] == [
        "t.csv:1: column 'phase' names each row's split (train, val): the other columns are read per split "
        "(train_acc, val_acc, ...); counters, clocks and the learning rate keep their names",
        "t.csv:2: column 'loss' holds no numbers (e.g. 'tensor([0.5, 1])'); skipped",
    ]
    nothing = plain_csv.read(b"step,phase\n1,train\n", "n.csv")
    assert len(check_frame(nothing)) == 0
    assert [p.message for p in nothing.problems] == ["no column besides 'step' holds numbers"]


def test_plain_fractional_epoch_falls_back_to_row_number():
    result = plain_csv.read(b"epoch,loss\n0.5,2.0\n1.0,1.0\n", "e.csv")
    assert points(result) == [("epoch", 0, "0.5"), ("loss", 0, "2.0"), ("epoch", 1, "1.0"), ("loss", 1, "1.0")]
    assert [p.message for p in result.problems] == [
        "column 'epoch' has fractional values; the row number is the step, 'epoch' is kept as a tag"
    ]


def test_plain_sniff_and_missing_step_column():
    assert plain_csv.sniff("a.csv", b"Step,Value\n1,2\n")
    assert plain_csv.sniff("a.txt", b"iter loss acc\n1 0.5 0.1\n")
    assert not plain_csv.sniff("a.csv", b"name,value\nx,1\n")
    assert not plain_csv.sniff("a.txt", b"step 1 loss 0.5\n")  # a text log line, not a header
    assert not plain_csv.sniff("a.json", b'{"log_history": []}')
    with pytest.raises(UnreadableFile) as e:
        plain_csv.read(b"name,value\nx,1\n", "a.csv")
    assert str(e.value) == "a.csv:1: no step, iteration or epoch column in the header: 'name,value'"
    assert points(plain_csv.read(b"iter loss\n1 0.5\n2  0.25\n", "w.txt")) == [("loss", 1, "0.5"), ("loss", 2, "0.25")]


# ---------------------------------------------------------------- bad input, every reader

CSV_READERS = [lightning_csv.read, keras_csv.read, plain_csv.read]
ALL_READERS = CSV_READERS + [hf_trainer_state.read, mlflow_reader.read, keras_csv.count_segments]


@pytest.mark.parametrize("reader", ALL_READERS, ids=lambda f: f"{f.__module__.rsplit('.', 1)[-1]}.{f.__name__}")
@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "f: empty file"),
        (b"\n \r\n", "f: empty file (only blank lines)"),
        (b"epoch,step\x00\x01\x02\xff", "f:1: binary data, not a text log (NUL byte at offset 10)"),
        (b"epoch,step\n\xff\xfe0,1\n", "f:2: not UTF-8 text (byte 0xff at offset 11)"),
    ],
    ids=["empty", "blank", "binary", "not-utf8"],
)
def test_unreadable_files(reader, data, message):
    with pytest.raises(UnreadableFile) as e:
        reader(data, "f")
    assert str(e.value.problem) == message


@pytest.mark.parametrize(
    "reader, header",
    [
        (lightning_csv.read, b"epoch,step,loss\r\n"),
        (keras_csv.read, b"epoch,loss\r\n"),
        (plain_csv.read, b"step,loss\n"),
    ],
)
def test_header_only(reader, header):
    result = reader(header, "h.csv")
    assert len(check_frame(result)) == 0
    assert [str(p) for p in result.problems] == ["h.csv:1: no data rows (header only)"]


def test_many_bad_rows_are_one_message_with_a_count():
    data = b"step,loss\n" + b"".join(b"%d,bad\n" % i for i in range(500)) + b"500,0.5\n"
    result = plain_csv.read(data, "p.csv")
    assert points(result) == [("loss", 500, "0.5")]
    assert [str(p) for p in result.problems] == [
        "p.csv:2: column 'loss': 'bad' is not a number; cell skipped (500 times in this file, at lines 2-501)"
    ]


def test_memoryview_and_bom_input():
    data = b"\xef\xbb\xbfepoch,loss\n0,1.5\n"
    assert points(keras_csv.read(memoryview(data), "k.log")) == [("loss", 0, "1.5")]
    assert points(plain_csv.read(bytearray(b"step,loss\n3,1\n"), "p.csv")) == [("loss", 3, "1.0")]


_CSVISH = st.text(alphabet=st.sampled_from(list(',;\t\n\r "0123456789.-+eEnaifNAINFepochstp_[]{}:')), max_size=300)
_PREFIXES = st.sampled_from(["", "epoch,step,loss\n", "epoch,loss\n", "epoch;loss\n", "step,loss\n", "epoch,time\n",
                             "iter\twall_time\tloss\n", "1 2 ", '{"log_history": [', '{"log_history": [{"step": '])


def _only_result_or_unreadable(data: bytes) -> None:
    for reader in ALL_READERS + [lambda d, p: keras_csv.read(d, p, segment=0)]:
        try:
            out = reader(data, "fuzz")
        except UnreadableFile as e:
            assert isinstance(e.problem, Problem) and "\n" not in str(e.problem)
            continue
        if isinstance(out, int):
            assert out >= 1
        else:
            check_frame(out)
            assert all(isinstance(p, Problem) and "\n" not in str(p) for p in out.problems)
    for sniff in (lightning_csv.sniff, keras_csv.sniff, plain_csv.sniff):
        assert sniff("metrics.csv", data[:8192]) in (True, False)
    claimed = [s("x.csv", data[:8192]) for s in (lightning_csv.sniff, keras_csv.sniff, plain_csv.sniff)]
    assert sum(claimed) <= 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_random_bytes_give_a_result_or_unreadable(data):
    _only_result_or_unreadable(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PREFIXES, _CSVISH)
def test_random_csvish_text_gives_a_result_or_unreadable(prefix, body):
    _only_result_or_unreadable((prefix + body).encode())


# ---------------------------------------------------------------- real logs from public projects

needs_shared = pytest.mark.skipif(not REAL.is_dir(), reason="shared real logs not present")


def _real(pattern: str) -> list[Path]:
    return sorted(REAL.glob(pattern)) if REAL.is_dir() else []


def _id(path: Path) -> str:
    return path.relative_to(REAL).as_posix() if REAL.is_dir() else str(path)


KERAS_REAL = _real("*/*.log") + _real("*/training_log.csv")


@needs_shared
@pytest.mark.parametrize("path", _real("*/metrics.csv"), ids=_id)
def test_real_lightning_metrics(path):
    data, text = path.read_bytes(), read_text(path)
    assert lightning_csv.sniff(path.name, data[:8192]) and not keras_csv.sniff(path.name, data[:8192])
    result = lightning_csv.read(data, str(path))
    # one line at most: a resumed fit's fresh file (its first training row late: slm-training version_5 starts at
    # step 140,749) is warned by readers/_lightning_late since stop 66, its points all read all the same
    late = tuple(p for p in result.problems if p.message.startswith("the first training row is at"))
    assert result.problems == late and len(late) <= 1
    assert points(result) == csv_points(text, "step")


@needs_shared
@pytest.mark.parametrize("path", KERAS_REAL, ids=_id)
def test_real_keras_logs(path):
    data, text = path.read_bytes(), read_text(path)
    assert keras_csv.sniff(path.name, data[:8192]) and not lightning_csv.sniff(path.name, data[:8192])
    assert not plain_csv.sniff(path.name, data[:8192])
    result = keras_csv.read(data, str(path))
    assert result.problems == ()
    assert points(result) == csv_points(text, "epoch", missing=("", "NA"))
    epochs = [int(row[0]) for row in csv.reader(io.StringIO(text)) if row and row[0] != "epoch"]
    restarts = sum(1 for a, b in zip(epochs, epochs[1:]) if b < a)
    assert keras_csv.count_segments(data, str(path)) == 1 + restarts
    segments = [keras_csv.read(data, str(path), s) for s in range(1 + restarts)]
    assert sum((points(s) for s in segments), []) == points(result)


@needs_shared
def test_real_keras_file_with_four_appended_runs():
    path = REAL / "brain-tumor-cnn__training_log" / "training_log.csv"
    data = path.read_bytes()
    assert keras_csv.count_segments(data, str(path)) == 4
    epochs = [keras_csv.read(data, str(path), s).scalars["step"].unique().tolist() for s in range(4)]
    assert epochs == [list(range(5)), list(range(4)), list(range(10)), list(range(5))]
    others = [p for p in KERAS_REAL if p != path]
    assert len(others) == 8 and all(keras_csv.count_segments(p.read_bytes(), str(p)) == 1 for p in others)


@needs_shared
@pytest.mark.parametrize("path", _real("*/trainer_state.json"), ids=_id)
def test_real_trainer_states(path):
    state = json.loads(read_text(path))
    result = hf_trainer_state.read(path.read_bytes(), str(path))
    assert result.problems == ()
    expected, step = [], None
    for entry in state["log_history"]:
        step = entry.get("step", step)
        expected += [(k, step, repr(float(v))) for k, v in entry.items()
                     if k != "step" and isinstance(v, (int, float)) and not isinstance(v, bool)]
    assert points(result) == expected
    assert result.hparams["global_step"] == state["global_step"] and result.hparams["max_steps"] == state["max_steps"]
    head = path.read_bytes()[:8192]
    assert not any(sniff(path.name, head) for sniff in (lightning_csv.sniff, keras_csv.sniff, plain_csv.sniff))


@needs_shared
def test_real_trainer_state_step_less_predict_entries():
    path = REAL / "cpt__trainer_state" / "trainer_state.json"
    df = hf_trainer_state.read(path.read_bytes(), str(path)).scalars
    assert df[df.tag == "predict_loss"]["step"].tolist() == df[df.tag == "eval_loss"]["step"].tolist()
    assert df[df.tag == "predict_loss"]["step"].tolist()[:3] == [549, 1098, 1647]


@needs_shared
@pytest.mark.parametrize("path", [p for p in _real("*/mlruns/*/*/metrics/**/*") if p.is_file()], ids=_id)
def test_real_mlflow_metrics(path):
    lines = [line.split(" ") for line in read_text(path).splitlines()]
    result = mlflow_reader.read(path.read_bytes(), str(path))
    assert result.problems == ()
    assert points(result) == [("loss", int(f[2]), repr(float(f[1]))) for f in lines]
    assert result.scalars["wall_time"].tolist() == [int(f[0]) / 1000 for f in lines]


@needs_shared
def test_real_logs_all_found():
    # guards the globs above: a renamed folder must not silently shrink the real-log tests
    assert (len(_real("*/metrics.csv")), len(KERAS_REAL), len(_real("*/trainer_state.json"))) == (15, 9, 10)
    assert len([p for p in _real("*/mlruns/*/*/metrics/**/*") if p.is_file()]) == 1
