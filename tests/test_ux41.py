"""What newcomer41 found (stop 41), each fixed as a kind of fault, on files written by their real writers (pandas
``to_csv``, torch's ``SummaryWriter``, ``print()``):

1. an overfit run's JSON ``best_step`` is validation's best (the checkpoint the advice keeps), as the CSV says;
2. the model's "(rules alone would say ...)" names what the rules really say; a smoothed end value is labelled;
3. a CSV whose header is not UTF-8, and an empty ``*.csv``, each get one "not read" line in a directory scan;
4. a sudden mid-run learning-rate jump is "raised Nx at step S", never a warm-up (and no warm-up advice);
5. the LR decay quotes the logged first and last values with their steps;
6. a plain script's stdout with no scheduler lines is "ending not recorded", with no sacct advice;
7. a missing path among several: one error line, the others scanned, exit 2 at the end;
8. a short truncated event file is "truncated"; the HTML's worst-runs list and table sort one way.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from loganalyzer.cli import main
from loganalyzer.scan import scan


def scan_json(*paths, extra=()) -> dict:
    result = CliRunner().invoke(main, ["scan", *map(str, paths), "-f", "json", *extra])
    return json.loads(result.stdout)


def overfit_csv(path: Path) -> None:
    steps = np.arange(0, 300, 5)
    train = 0.7 * np.exp(-steps / 40) + 0.001
    val = 0.3 + 0.002 * (steps - 30) ** 2 / 30
    pd.DataFrame({"step": steps, "train_loss": train, "val_loss": val}).to_csv(path, index=False)


def test_overfit_best_step_is_validations_best_as_the_advice_says(tmp_path: Path):
    overfit_csv(tmp_path / "overfit.csv")
    (run,) = scan_json(tmp_path / "overfit.csv")["runs"]
    assert run["verdict"] == "overfit"
    ev = run["evidence"]
    assert ev["best_step"] == ev["best_val_step"] == 30
    assert ev["best_step_series"] == "val_loss"
    assert "Stop at step 30 " in run["advice"][0]
    csv_out = CliRunner().invoke(main, ["scan", str(tmp_path / "overfit.csv"), "-f", "csv"]).stdout
    assert pd.read_csv(__import__("io").StringIO(csv_out))["best_step"].tolist() == [30]
