"""YOLO run directories: Ultralytics' run dir ``runs/detect/train`` is a run, not a Keras ``train/`` split. Real
files (tests/data/yolo/README.md: Ultralytics 8.0 YOLOv8-Fire-and-Smoke train) and logs written by torch's
SummaryWriter and TF2's event writer."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from loganalyzer import discover, read_scalars
from loganalyzer.load import load_run
from loganalyzer.scan import scan
from test_discover import write_tf2_scalars, write_torch_scalars

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests/data/yolo"
HELMET_EVENTS = REPO / "eval/public/helmet-yolov5__exp2/events.out.tfevents.1671637532.gakko.30470.0"
YOLOFIRE = DATA / "yolofire-train"
YOLOFIRE_EVENTS = YOLOFIRE / "events.out.tfevents.1675348815.43529bab29be.37247.0"


def helmet_exp2(root: Path, *, csv: bool = True, events: bool = True) -> Path:
    run = root / "runs/train/exp2"
    run.mkdir(parents=True)
    shutil.copy(DATA / "helmet-exp2/opt.yaml", run)
    if csv:
        shutil.copy(DATA / "helmet-exp2/results.csv", run)
    if events:
        shutil.copy(HELMET_EVENTS, run)
    return run


def counts(frame) -> dict:
    return {(d, t): n for (d, t), n in frame.groupby(["dir", "tag"], observed=True).size().items()}


# ---------------------------------------------------------------- runs/detect/train is no Keras split


@pytest.mark.parametrize("siblings", [(), ("train2",)])
def test_ultralytics_train_dir_is_the_run_whatever_its_siblings(tmp_path, siblings):
    for name in ("train", *siblings):
        (tmp_path / "runs/detect" / name).mkdir(parents=True)
        shutil.copy(YOLOFIRE_EVENTS, tmp_path / "runs/detect" / name)
    ids = [r.id for r in discover(tmp_path)]
    assert ids == sorted(f"runs/detect/{n}" for n in ("train", *siblings))
    raw = read_scalars(tmp_path)
    tags = set(raw[raw.dir == "runs/detect/train"]["tag"])
    assert {"train/box_loss", "val/box_loss", "metrics/mAP50(B)"} <= tags
    assert set(raw["dir"].unique()) == {f"runs/detect/{n}" for n in ("train", *siblings)}


def test_a_train_dir_holding_its_own_files_is_a_run_not_a_split(tmp_path):
    run_dir = tmp_path / "exps/train"
    write_torch_scalars(run_dir, {"loss": [(s, 1.0 / (s + 1)) for s in range(5)]})
    (run_dir / "weights").mkdir()
    (run_dir / "args.yaml").write_text("epochs: 5\n")
    assert [r.id for r in discover(tmp_path)] == ["exps/train"]


def test_keras_splits_stay_one_run(tmp_path):
    points = [(e, 1.0 / (e + 1)) for e in range(4)]
    write_tf2_scalars(tmp_path / "fit/train", {"epoch_loss": points})
    write_tf2_scalars(tmp_path / "fit/validation", {"epoch_loss": points})
    # TF2's profiler writes plugins/profile/ into train/: still a split
    write_tf2_scalars(tmp_path / "only/train", {"epoch_loss": points})
    (tmp_path / "only/train/plugins/profile/2024_01_01").mkdir(parents=True)
    (tmp_path / "only/train/plugins/profile/2024_01_01/host.xplane.pb").write_bytes(b"x")
    runs = {r.id: r for r in discover(tmp_path)}
    assert sorted(runs) == ["fit", "only"]
    assert [f.dir for f in runs["fit"].files] == ["train", "validation"]
    assert [f.dir for f in runs["only"].files] == ["train"]
