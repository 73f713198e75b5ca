"""A Keras CSVLogger-shaped ``training.log`` saved in another encoding than UTF-8 (a newcomer's stop-27 report: a
Latin-1 ``précision`` column, or UTF-16 from PowerShell's ``>``) was read as a printed log and came out `unknown`,
"no line holds a loss", exit 0. Now it is one error line naming the file and the encoding; the UTF-8 file reads."""
from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from loganalyzer.cli import main

torch = pytest.importorskip("torch")
from _runs import tiny_epochs  # noqa: E402


def _write(path, encoding):
    torch.manual_seed(0)
    x = torch.randn(96, 6)
    y = (x[:, 0] > 0).long()
    path.parent.mkdir(parents=True)
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(["epoch", "précision", "loss", "val_précision", "val_loss"])
        for i, (loss, acc, val_loss, val_acc) in enumerate(tiny_epochs(x, y, 20, 0.3)):
            w.writerow([i, acc, loss, val_acc, val_loss])


@pytest.mark.parametrize("encoding, words", [("cp1252", "not UTF-8 (byte 0xe9 at offset 8"),
                                             ("utf-16", "a table saved as UTF-16 text")])
def test_a_csv_log_in_another_encoding_is_one_clear_error(tmp_path, encoding, words):
    _write(tmp_path / "run" / "training.log", encoding)
    got = CliRunner().invoke(main, ["scan", str(tmp_path / "run"), "--no-cache", "--format", "json"])
    assert got.exit_code == 2 and words in got.output and "training.log" in got.output, got.output
    assert "no line holds a loss" not in got.output


def test_the_same_log_in_utf8_reads(tmp_path):
    _write(tmp_path / "run" / "training.log", "utf-8")
    got = CliRunner().invoke(main, ["scan", str(tmp_path / "run"), "--no-cache", "--format", "json"])
    assert got.exit_code == 0, got.output
    (run,) = json.loads(got.stdout)["runs"]
    assert run["format"] == "keras_csv" and run["roles"]["val_loss"] == "val_loss"
