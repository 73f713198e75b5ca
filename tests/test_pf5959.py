"""Stop 59's per-file savings on big trees keep what discovery and the readers return (issue 12)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from loganalyzer.discover_splitpair import _key
from loganalyzer.readers import _numeric_csv, keras_csv

REPO = Path(__file__).resolve().parents[1]


def test_lightning_tree_imports_no_joblog_module(tmp_path):
    """A Lightning CSVLogger folder (metrics.csv beside hparams.yaml, as pytorch_lightning writes them): the walk
    looks at hparams.yaml by content rules only, and imports no job-log module to do it."""
    run = tmp_path / "lightning_logs" / "version_0"
    run.mkdir(parents=True)
    (run / "hparams.yaml").write_text("lr: 0.001\nbatch_size: 32\n")
    (run / "metrics.csv").write_text("epoch,step,train_loss,val_loss\n0,9,0.9,\n0,9,,0.95\n1,19,0.7,\n1,19,,0.8\n")
    code = ("import sys, loganalyzer; from loganalyzer.discover import discover; runs = discover(sys.argv[1]); "
            "print([r.format for r in runs], 'loganalyzer.readers._joblog_files' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=REPO,
                         check=True).stdout.split()
    assert out == ["['lightning_csv']", "False"]


def test_rotated_log_still_sniffed_as_printed(tmp_path):
    """``train.log.1`` (logging's RotatingFileHandler) still goes to the job-log sniff, now imported on its name."""
    from loganalyzer.discover import discover

    lines = "".join(f"Epoch {e}/5 - loss: {1.0 / e:.4f} - accuracy: {0.5 + e / 20:.4f}\n" for e in range(1, 6))
    (tmp_path / "train.log.1").write_text(lines)
    assert [r.format for r in discover(tmp_path)] == ["joblog"]


def test_numeric_csv_sniff_by_name():
    rows = b"1,0.9,0.8\n2,0.7,0.6\n3,0.5,0.4\n4,0.4,0.3\n"
    assert _numeric_csv.sniff("train_log.csv", rows)  # named like a log: its rows of numbers
    assert not _numeric_csv.sniff("features.csv", rows)  # a data set's numbers: no log
    assert not _numeric_csv.sniff("features.tsv", rows)


def test_keras_epochs_repeated_first_epoch_decides():
    one_row = ["1,0.9", "2,0.8", "3,0.7", "4,0.6", "5,0.5"]
    two_rows = ["1,651.88", "1,273.50", "2,194.66", "2,149.85", "3,120.0", "3,110.0", ""]
    assert not keras_csv._epochs_repeated(one_row, ",")
    assert keras_csv._epochs_repeated(two_rows, ",")
    assert not keras_csv._epochs_repeated(["1,0.9", "1,0.8", "2,0.7", "3,0.6", "3,0.5", ""], ",")


def test_split_key_once():
    assert _key("train_loss_resnet.csv") == "resnet"
    assert _key("val-acc.log") == "acc"
    assert _key("train.log") == ""
