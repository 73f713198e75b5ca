"""readers20d: faults a blind labeller found in CSV/JSON runs.

1. Unresolved git merge conflicts committed into a log (eval/public-style 07Sada/brand b244003
   ``runs/detect/train/results.csv``: ``<<<<<<< HEAD`` / one epoch-1 row / ``=======`` / epochs 1..119 /
   ``>>>>>>> 41feda3``): both sides' rows were read, two values at epoch 1, with no warning. One side is read now,
   with a warning naming the file and the lines. The conflicts here are made by REAL ``git merge`` of logs written by
   the csv module / pandas / ``json.dump`` / ``print`` from a real tiny torch training loop.
2. Epoch marks in a JSON history (eval/public-style DrunkMacintosh EFFICIENTNET_B0-for-emotion-recognition 1805cf0
   ``training_history.json``: ``"phase_starts": [0, 15, 35]`` beside 55-epoch lists) were read as a 3-point metric.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import warnings
from pathlib import Path

import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover

torch = pytest.importorskip("torch")

YOLO_COLUMNS = ["epoch", "train/box_loss", "train/cls_loss", "train/dfl_loss", "metrics/precision(B)",
                "metrics/recall(B)", "metrics/mAP50(B)", "metrics/mAP50-95(B)", "val/box_loss", "lr/pg0"]


def _epochs(n: int, seed: int) -> list[tuple[float, float, float, float]]:
    """(loss, acc, val_loss, val_acc) per epoch of a tiny linear classifier trained full-batch."""
    torch.manual_seed(seed)
    x = torch.randn(80, 4)
    y = (x[:, 0] + 0.3 * x[:, 1] > 0).long()
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    out = []
    for _ in range(n):
        logits = model(x[:60])
        loss = torch.nn.functional.cross_entropy(logits, y[:60])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = model(x[60:])
            out.append((round(loss.item(), 5), round((logits.argmax(1) == y[:60]).float().mean().item(), 5),
                        round(torch.nn.functional.cross_entropy(val, y[60:]).item(), 5),
                        round((val.argmax(1) == y[60:]).float().mean().item(), 5)))
    return out


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)


def _conflicted(repo: Path, name: str, base, ours, theirs, diff3: bool = False) -> Path:
    """``repo/name`` after a real ``git merge`` of two branches that each rewrote it from ``base`` (callables
    writing the file): git's own conflict markers left in it."""
    repo.mkdir(parents=True, exist_ok=True)
    _git(repo, "init", "-q", "-b", "main")
    if diff3:
        _git(repo, "config", "merge.conflictStyle", "diff3")
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    base(path)
    _git(repo, "add", name)
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "other")
    theirs(path)
    _git(repo, "commit", "-qam", "theirs")
    _git(repo, "checkout", "-q", "main")
    ours(path)
    _git(repo, "commit", "-qam", "ours")
    done = _git(repo, "merge", "other")
    assert done.returncode != 0 and "CONFLICT" in done.stdout, done.stdout + done.stderr
    return path


def _read(path) -> tuple:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path))
    return df, [str(w.message) for w in caught]


def _yolo_rows(history, first_epoch: int) -> list[dict]:
    return [{"epoch": first_epoch + i, "train/box_loss": loss, "train/cls_loss": loss / 2, "train/dfl_loss": 1 + loss,
             "metrics/precision(B)": acc, "metrics/recall(B)": vacc, "metrics/mAP50(B)": vacc * 0.9,
             "metrics/mAP50-95(B)": vacc * 0.5, "val/box_loss": vloss, "lr/pg0": 0.01}
            for i, (loss, acc, vloss, vacc) in enumerate(history)]


def _write_yolo(rows: list[dict]):
    """A results.csv as Ultralytics 8.0 writes it: names and values right-aligned to 23 characters (pandas)."""
    import pandas as pd

    def write(path: Path) -> None:
        frame = pd.DataFrame(rows, columns=YOLO_COLUMNS)
        lines = [",".join(f"{c:>23}" for c in YOLO_COLUMNS)]
        lines += [",".join(f"{v:>23.5g}" for v in row) for row in frame.itertuples(index=False)]
        path.write_text("\n".join(lines) + "\n")
    return write


def test_yolo_results_csv_with_merge_conflict_reads_one_side_and_says_where(tmp_path):
    """The brand shape: base = header + epoch 0; HEAD's training stopped after epoch 1, the incoming branch's went
    on to epoch 9: git's block holds one row against nine, and the incoming rows are the run."""
    long_run, short_run = _epochs(10, seed=0), _epochs(2, seed=1)
    base = _yolo_rows(long_run[:1], 0)
    path = _conflicted(tmp_path / "repo", "runs/detect/train/results.csv", _write_yolo(base),
                       ours=_write_yolo(base + _yolo_rows(short_run[1:], 1)),
                       theirs=_write_yolo(base + _yolo_rows(long_run[1:], 1)))
    text = path.read_text().splitlines()
    assert text[2].startswith("<<<<<<< HEAD") and text[4] == "=======" and text[-1].startswith(">>>>>>> other")
    df, said = _read(path)
    box = df[df.tag == "train/box_loss"]
    assert box.step.tolist() == list(range(10))  # one value a step: no second epoch 1
    assert box.value.round(5).tolist() == [row[0] for row in long_run]
    (line,) = [w for w in said if "merge conflict" in w]
    assert "results.csv:3:" in line and "lines 3-15" in line
    assert "incoming side 'other' (lines 6-14) is read, not 'HEAD' (line 4)" in line
    assert len(discover(str(tmp_path / "repo"))) == 1


def _write_csvlogger(history, separator=","):
    """Keras ``CSVLogger``'s file: ``csv.DictWriter`` with ``epoch`` then the sorted metric keys (keras 3
    ``callbacks/csv_logger.py``), one row per epoch from 0."""
    def write(path: Path) -> None:
        keys = ["accuracy", "loss", "val_accuracy", "val_loss"]
        with open(path, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=["epoch", *keys], delimiter=separator, lineterminator="\n")
            writer.writeheader()
            for epoch, (loss, acc, vloss, vacc) in enumerate(history):
                writer.writerow({"epoch": epoch, "accuracy": acc, "loss": loss, "val_accuracy": vacc,
                                 "val_loss": vloss})
    return write


def test_keras_csvlogger_conflict_diff3_of_equal_sides_reads_the_incoming_one(tmp_path):
    """Sibling: a CSVLogger log trained again on both branches (3 epochs each, other seeds), merged with
    ``merge.conflictStyle=diff3`` (a ``|||||||`` base section too): equal sides, the incoming one is read."""
    base, ours, theirs = _epochs(3, 0), _epochs(3, 1), _epochs(3, 2)
    path = _conflicted(tmp_path / "repo", "training.log", _write_csvlogger(base), _write_csvlogger(ours),
                       _write_csvlogger(theirs), diff3=True)
    assert any(line.startswith("||||||| ") for line in path.read_text().splitlines())
    df, said = _read(path)
    loss = df[df.tag == "loss"]
    assert loss.step.tolist() == [0, 1, 2]
    assert loss.value.tolist() == [row[0] for row in theirs]
    (line,) = [w for w in said if "merge conflict" in w]
    assert "training.log:2:" in line and "both hold as much: the incoming one" in line
    assert sorted(set(df.tag)) == ["accuracy", "loss", "val_accuracy", "val_loss"]


def _write_printed(history):
    """A training script's stdout saved to ``train.log``: ``Epoch 1/N - loss: ... - val_loss: ...`` lines."""
    def write(path: Path) -> None:
        with open(path, "w") as f:
            print("Training tiny linear model", file=f)
            for epoch, (loss, acc, vloss, vacc) in enumerate(history, 1):
                print(f"Epoch {epoch}/{len(history)} - loss: {loss:.4f} - accuracy: {acc:.4f} - "
                      f"val_loss: {vloss:.4f} - val_accuracy: {vacc:.4f}", file=f)
    return write


def test_printed_log_with_merge_conflict_reads_the_longer_side(tmp_path):
    """Sibling: a printed log whose HEAD side holds 2 epochs of a first try, the incoming side 6 epochs."""
    short, long = _epochs(2, 3), _epochs(6, 4)
    path = _conflicted(tmp_path / "repo", "train.log", _write_printed([]), _write_printed(short), _write_printed(long))
    df, said = _read(path)
    loss = df[df.tag == "loss"]
    assert loss.step.tolist() == [1, 2, 3, 4, 5, 6]
    assert loss.value.tolist() == [round(row[0], 4) for row in long]
    (line,) = [w for w in said if "merge conflict" in w]
    assert "train.log:2:" in line and "incoming side 'other'" in line and "not 'HEAD' (lines 3-4)" in line


def test_json_history_dump_with_merge_conflict_reads_the_side_holding_more(tmp_path):
    """Sibling: ``json.dump(history)`` (one line) rewritten on both branches: git's block wraps the whole file; the
    longer history (HEAD's here) is read, the file still found by discovery."""
    def dump(history):
        def write(path: Path) -> None:
            path.write_text(json.dumps({"loss": [h[0] for h in history], "val_loss": [h[2] for h in history]}))
        return write
    ours, theirs = _epochs(8, 5), _epochs(4, 6)
    path = _conflicted(tmp_path / "repo", "history.json", dump(_epochs(1, 0)), dump(ours), dump(theirs))
    assert path.read_text().startswith("<<<<<<< HEAD\n")
    assert len(discover(str(tmp_path / "repo"))) == 1
    df, said = _read(path)
    assert df[df.tag == "loss"].value.tolist() == [h[0] for h in ours]
    (line,) = [w for w in said if "merge conflict" in w]
    assert "history.json:1:" in line and "the first side 'HEAD' (line 2) is read, not the incoming 'other'" in line


def test_no_conflict_markers_no_change(tmp_path):
    """A printed log with '=======' rules and '>>>>>>> Epoch' banners but no complete block: read as before."""
    history = _epochs(4, 7)
    with open(tmp_path / "train.log", "w") as f:
        for epoch, (loss, acc, vloss, vacc) in enumerate(history, 1):
            print("=======", file=f)
            print(f">>>>>>> Epoch {epoch}", file=f)
            print(f"Epoch {epoch}/4 - loss: {loss:.4f} - val_loss: {vloss:.4f}", file=f)
    df, said = _read(tmp_path / "train.log")
    assert df[df.tag == "loss"].value.tolist() == [round(h[0], 4) for h in history]
    assert not [w for w in said if "merge conflict" in w]


def test_epoch_marks_in_json_history_are_no_series(tmp_path):
    """fer3's shape: ``phase_starts`` beside the per-epoch lists, and a MultiStepLR's real ``milestones``: notes,
    no series; a short list of losses or of non-integers stays a series."""
    history = _epochs(20, 8)
    model = torch.nn.Linear(2, 2)
    sched = torch.optim.lr_scheduler.MultiStepLR(torch.optim.SGD(model.parameters(), lr=0.1), milestones=[8, 14])
    obj = {"timestamp": "2026-04-11T19:42:23", "phase_starts": [0, 6, 12], "phase_labels": ["head", "top", "all"],
           "milestones": sorted(sched.milestones), "train_loss": [h[0] for h in history],
           "val_loss": [h[2] for h in history], "test_loss": [history[-1][2]] * 2, "phase_lr": [0.1, 0.01, 0.001]}
    path = tmp_path / "training_history.json"
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
    df, said = _read(path)
    assert sorted(set(df.tag)) == ["phase_lr", "test_loss", "train_loss", "val_loss"]
    assert df[df.tag == "train_loss"].step.tolist() == list(range(20))
    (line,) = [w for w in said if "epoch indices" in w]
    assert "2 key(s)" in line and "'phase_starts' [0, 6, 12]" in line and "'milestones' [8, 14]" in line
