"""Stop 60's per-file cuts in discovery keep what it finds (issue 12: the same runs and lines, less work a file).

- ``discover_summarytable._header`` finds a CSV head's first two non-blank lines one at a time instead of splitting
  the whole 8 KB head: the same header as ``str.splitlines`` gives, for every line boundary it knows.
- the walk asks the job-log name rule after the suffix checks, and a bare pickled history's name before importing
  its reader: a sweep's summary table, a pickled ``history.history`` without suffix and a scheduler's ``.out`` log
  are found as before, beside CSV, Keras and Lightning logs written by their own writers' formats.
"""
from __future__ import annotations

import csv
import pickle
import random

import loganalyzer
from loganalyzer.discover_summarytable import _header, summary_table


def _header_by_splitlines(head: bytes):
    """The rule as written before stop 60: every line of the head, then the first non-blank one's cells."""
    text = bytes(head).lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    return [c.strip().strip('"').lower() for c in lines[0].split(",")]


def test_header_cut_where_splitlines_cuts():
    pieces = [b"fold", b",", b" ", b"\n", b"\r", b"\r\n", b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\x1f",
              "\x85".encode(), "\u2028".encode(), "\u2029".encode(), b"\t", b'"', b"\xef\xbb\xbf", b"\xff", b"1",
              "\xa0".encode(), b"val_loss"]
    rng = random.Random(60)
    for _ in range(20000):
        head = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert _header(head) == _header_by_splitlines(head), head
    # a whole CSV head (csv.writer ends rows in \r\n), and one whose only line is the header
    assert _header(b"fold,val_loss,val_accuracy\r\n0,0.41,0.88\r\n1,0.39,0.9\r\n") == ["fold", "val_loss",
                                                                                        "val_accuracy"]
    assert _header(b"fold,val_loss\r\n  \r\n") is None
    assert _header(b"\n\n  \nfold,val_loss\n\n0,0.4") == ["fold", "val_loss"]


def test_summary_and_odd_names_found_as_before(tmp_path):
    sweep = tmp_path / "sweep"
    sweep.mkdir()
    with open(sweep / "cv_summary.csv", "w", newline="") as f:  # a k-fold script's summary, by csv.writer
        w = csv.writer(f)
        w.writerow(["fold", "val_loss", "val_accuracy"])
        for k in range(5):
            w.writerow([k, 0.4 + 0.01 * k, 0.9 - 0.01 * k])
    assert summary_table("cv_summary.csv", (sweep / "cv_summary.csv").read_bytes()) is not None
    with open(sweep / "history.csv", "w", newline="") as f:  # Keras' CSVLogger: epoch first
        w = csv.writer(f)
        w.writerow(["epoch", "loss", "val_loss"])
        for e in range(6):
            w.writerow([e, 1.0 / (e + 1), 1.1 / (e + 1)])
    version = tmp_path / "lightning_logs" / "version_0"
    version.mkdir(parents=True)
    (version / "hparams.yaml").write_text("lr: 0.001\n")
    (version / "metrics.csv").write_text("epoch,step,train_loss,val_loss\n" + "".join(
        f"0,{s},{1.0 / (s + 1)},\n" for s in range(5)) + "0,4,,0.5\n")
    pickled = tmp_path / "unet"
    pickled.mkdir()
    with open(pickled / "0f3c-UNet5-history", "wb") as f:  # pickle.dump(history.history, f), no suffix
        pickle.dump({"loss": [0.9, 0.6, 0.4], "val_loss": [1.0, 0.7, 0.6]}, f)
    problems: list = []
    runs = loganalyzer.discover(str(tmp_path), problems)
    found = {(run.id, run.format) for run in runs}
    assert ("sweep/history.csv", "keras_csv") in found
    assert ("lightning_logs/version_0", "lightning_csv") in found
    assert ("unet/0f3c-UNet5-history", "keras_pickle") in found
    assert not any("cv_summary" in run.id for run in runs)
    assert any("cv_summary.csv" in str(p) and "a summary of runs" in str(p) for p in problems)
    frame = loganalyzer.read_scalars(str(pickled / "0f3c-UNet5-history"))
    assert sorted(frame["value"][frame["tag"] == "loss"]) == [0.4, 0.6, 0.9]
