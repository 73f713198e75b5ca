"""YOLO run directories: ``results.csv`` beside the run's event file is ONE run (each series once), and Ultralytics'
run dir ``runs/detect/train`` is a run, not a Keras ``train/`` split. Real files (tests/data/yolo/README.md: YOLOv5
helmet-detection exp2, Ultralytics 8.0 YOLOv8-Fire-and-Smoke train) and logs written by torch's SummaryWriter with
the exact results.csv format of YOLOv5 and Ultralytics 8.1+."""
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


# ---------------------------------------------------------------- results.csv + event file: one run


def test_yolov5_results_csv_beside_its_event_file_is_one_run_with_each_point_once(tmp_path):
    helmet_exp2(tmp_path)
    (run,) = discover(tmp_path)
    assert (run.id, run.format) == ("runs/train/exp2", "tensorboard+ultralytics_csv")
    assert [(Path(f.path).name, f.dir) for f in run.files] == [
        (HELMET_EVENTS.name, ""), ("results.csv", ""),
    ]
    # the raw view is the event file's (tbparse's) view: 13 series x 150 epochs, not twice that
    raw = read_scalars(tmp_path)
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(HELMET_EVENTS, alone)
    events_only = read_scalars(alone)
    assert len(raw) == len(events_only) == 13 * 150
    assert set(counts(raw).values()) == {150}
    assert np.array_equal(raw["value"].to_numpy(), events_only["value"].to_numpy())
    assert np.array_equal(raw["wall_time"].to_numpy(), events_only["wall_time"].to_numpy())


def test_yolov5_one_run_keeps_the_verdict_of_either_copy(tmp_path):
    both = helmet_exp2(tmp_path / "both")
    csv_only = helmet_exp2(tmp_path / "csv", events=False)
    report = scan([both.parents[2]])
    assert [r.run for r in report.runs] == ["runs/train/exp2"]
    (alone,) = scan([csv_only / "results.csv"]).runs
    (one,) = report.runs
    assert one.points == alone.points == 13 * 150
    assert (one.verdict, one.analysis.summary) == (alone.verdict, alone.analysis.summary)


def test_yolov8_csv_gives_only_the_columns_the_event_file_lacks_on_its_steps(tmp_path):
    run_dir = tmp_path / "runs/detect/train"
    shutil.copytree(YOLOFIRE, run_dir)
    (run,) = discover(tmp_path)
    assert run.id == "runs/detect/train"
    loaded = load_run(run)
    series = {t: g for t, g in loaded.scalars.groupby("tag", observed=True)}
    # lr/pg* are only in the CSV (epochs 0..24): placed on the event file's steps 1..25
    assert sorted(series["lr/pg0"]["step"]) == list(range(1, 26))
    # the shared series come from the event file only: its 25 validation points, not 25 + 25
    assert sorted(series["val/box_loss"]["step"]) == list(range(1, 26))
    raw = read_scalars(tmp_path)
    assert counts(raw)[("runs/detect/train", "val/box_loss")] == 25
    assert ("runs/detect/train", "lr/pg0") in counts(raw)
    assert all(not tag.startswith("train/train/") for tag in raw["tag"].unique())


def _ultralytics_81_csv(path: Path, epochs: int) -> list[tuple[str, list[float]]]:
    """results.csv as Ultralytics 8.1+ ``save_metrics`` writes it ('%s,' header, '%.6g,' rows, epoch from 1)."""
    keys = ["train/box_loss", "train/cls_loss", "train/dfl_loss", "metrics/precision(B)", "metrics/recall(B)",
            "metrics/mAP50(B)", "metrics/mAP50-95(B)", "val/box_loss", "val/cls_loss", "val/dfl_loss",
            "lr/pg0", "lr/pg1", "lr/pg2"]
    rows = []
    for epoch in range(epochs):
        loss = 2.0 / (1 + epoch)
        vals = [loss, loss * 1.5, loss * 0.8, 0.2 + epoch / 50, 0.3, 0.1 + epoch / 40, 0.05 + epoch / 80,
                loss * 1.1, loss * 1.6, loss * 0.9, 0.01, 0.001, 0.001]
        rows.append((epoch + 1, 12.5 * (epoch + 1), vals))
    n = len(keys) + 2
    with open(path, "w") as f:
        f.write(("%s," * n % tuple(["epoch", "time", *keys])).rstrip(",") + "\n")
        for epoch, elapsed, vals in rows:
            f.write(("%.6g," * n % tuple([epoch, elapsed, *vals])).rstrip(",") + "\n")
    return [(k, [r[2][i] for r in rows]) for i, k in enumerate(keys)]


def test_ultralytics_81_twin_written_by_summarywriter_keeps_the_csv_only_time_column(tmp_path):
    run_dir = tmp_path / "runs/detect/train3"
    run_dir.mkdir(parents=True)
    series = _ultralytics_81_csv(run_dir / "results.csv", 12)
    # Ultralytics' tensorboard callback: every key but lr at step epoch + 1 (lr/pg* too since 8.1; left out here)
    write_torch_scalars(run_dir, {k: [(e + 1, v) for e, v in enumerate(vs)] for k, vs in series
                                  if not k.startswith("lr/")})
    (run,) = discover(tmp_path)
    assert run.id == "runs/detect/train3"
    raw = read_scalars(tmp_path)
    c = counts(raw)
    assert c[("runs/detect/train3", "train/box_loss")] == 12  # once, from the event file
    assert c[("runs/detect/train3", "time")] == 12 and c[("runs/detect/train3", "lr/pg1")] == 12
    box = raw[raw.tag == "train/box_loss"]
    assert not box["wall_time"].isna().any()  # the event file's copy, with its wall times
    (summary,) = scan([tmp_path]).runs
    assert summary.points == len(raw) == 12 * 14  # 13 keys and time, each once


def test_csv_alone_stays_a_file_run_and_an_empty_event_file_leaves_the_csv_whole(tmp_path):
    csv_only = helmet_exp2(tmp_path / "a", events=False)
    assert [r.id for r in discover(tmp_path / "a")] == ["runs/train/exp2/results.csv"]
    run_dir = helmet_exp2(tmp_path / "b", events=False)
    (run_dir / "events.out.tfevents.1671637532.gakko.30470.0").write_bytes(b"")
    report = scan([tmp_path / "b"])
    (one,) = report.runs
    assert one.run == "runs/train/exp2" and one.points == 13 * 150
    assert [Path(e.path).name for e in one.errors] == ["events.out.tfevents.1671637532.gakko.30470.0"]
    assert "empty file" in str(one.errors[0])
    assert csv_only.exists()


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
