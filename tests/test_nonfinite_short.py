"""A loss that is NaN/Inf at its only point is still the `nan` verdict (newcomer report: Keras TerminateOnNaN
writes one row `0,inf,nan` and the run was `unknown`, passing `--fail-on nan`)."""
from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "torch")  # before anything imports keras; TensorFlow is not installed here

import numpy as np
import pytest
from click.testing import CliRunner

from loganalyzer.cli import main
from loganalyzer.scan import scan


def test_keras_terminate_on_nan_after_one_epoch_is_nan(tmp_path):
    keras = pytest.importorskip("keras")
    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    y = np.full((64, 1), np.nan, dtype="float32")  # a broken target column: the loss is NaN from the first batch
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    log = tmp_path / "training.log"
    model.fit(x, y, epochs=5, verbose=0, validation_split=0.25,
              callbacks=[keras.callbacks.CSVLogger(str(log)), keras.callbacks.TerminateOnNaN()])
    assert len(log.read_text().splitlines()) == 2  # the header and the one epoch it wrote
    (run,) = scan([str(log)]).runs
    assert run.verdict == "nan", run.summary
    assert "loss" in run.analysis.evidence["series"] and run.analysis.evidence["first_nonfinite_step"] == 0
    result = CliRunner().invoke(main, ["scan", str(log), "--fail-on", "nan"])
    assert result.exit_code == 1, result.output


def test_a_single_nan_training_point_beside_a_finite_validation_curve_is_nan(tmp_path):
    from torch.utils.tensorboard import SummaryWriter

    w = SummaryWriter(str(tmp_path))
    w.add_scalar("train/loss", float("nan"), 0)
    for step in (0, 1):
        w.add_scalar("val/loss", 1.0 - 0.1 * step, step)
    w.close()
    (run,) = scan([str(tmp_path)]).runs
    assert run.verdict == "nan" and run.analysis.evidence["series"] == "train/loss"


def test_a_finite_single_point_loss_is_still_unknown(tmp_path):
    (tmp_path / "log.csv").write_text("epoch,loss\n0,0.5\n")
    (run,) = scan([str(tmp_path / "log.csv")]).runs
    assert run.verdict == "unknown"
