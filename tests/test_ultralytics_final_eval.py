"""Ultralytics' final validation of best.pt (``BaseTrainer.final_eval``: validates the best checkpoint and calls the
``on_fit_epoch_end`` callbacks again; the TensorBoard callback logs ``trainer.metrics`` at ``trainer.epoch + 1``) is
no point of the training curve: the resolved view (the verdicts' curves) leaves it out with a warning, the raw view
keeps every point (tbparse's table). Up to 8.3 it lands on the last epoch's step (every ``metrics/*`` tag twice
there); later versions log it one step after the last epoch.

Files: the real event file of eval/public stick-yolo (Ultralytics YOLOv8, 200 epochs: ``metrics/mAP50-95(B)`` 0.7967
at epoch 200, then best.pt's 0.995 at the same step), and torch's SummaryWriter driven in the order Ultralytics'
trainer and TensorBoard callback call it (ultralytics/engine/trainer.py, ultralytics/utils/callbacks/tensorboard.py).
"""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

from loganalyzer import LogReadWarning, read_scalars
from loganalyzer.scan import scan

STICK = Path(__file__).resolve().parents[1] / "eval/public/stick-yolo__train_tfevents"
METRICS = ["metrics/mAP50(B)", "metrics/mAP50-95(B)", "metrics/precision(B)", "metrics/recall(B)"]


def _read(path, resolve):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(path, resolve=resolve)
    return table, [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]


def _last(table, tag):
    series = table[table["tag"] == tag]
    return int(series["step"].iloc[-1]), float(series["value"].iloc[-1]), len(series)


@pytest.fixture
def stick(tmp_path):
    if not STICK.is_dir():
        pytest.skip("eval/public is not here")
    run = tmp_path / "runs/detect/train"
    shutil.copytree(STICK, run)
    return tmp_path


def test_real_file_logs_best_pt_at_the_last_step(stick):
    raw, lines = _read(stick, False)
    assert lines == []
    mask = raw[raw["tag"] == "metrics/mAP50-95(B)"]
    assert mask["step"].tolist()[-2:] == [200, 200]
    assert mask["value"].round(5).tolist()[-2:] == [0.79671, 0.995]  # epoch 200, then best.pt's validation
    assert len(raw) == 2604  # every point kept in the raw view


def test_resolved_view_ends_on_the_last_epoch(stick):
    resolved, lines = _read(stick, True)
    for tag in METRICS:
        assert _last(resolved, tag)[0::2] == (200, 200)
    assert _last(resolved, "metrics/mAP50-95(B)")[1] == pytest.approx(0.79671)
    assert _last(resolved, "train/box_loss")[2] == 200  # nothing else touched
    assert len(resolved) == 2600
    assert [line.split(": ", 1)[1] for line in lines] == [
        "4 metrics/* point(s) logged again at step 200 after the last epoch: Ultralytics' final validation of "
        "best.pt (trainer.final_eval), not the last epoch's; left out of the curves judged (the raw view keeps them)"]


def test_scan_judges_the_last_epoch(stick):
    run, = scan([str(stick)]).runs
    assert run.analysis.evidence["val_metric"]["last"] == pytest.approx(0.79671)
    assert any("final validation of best.pt" in w for w in run.warnings)


def _ultralytics_like(root: Path, epochs: int, final_step_offset: int) -> None:
    """The calls Ultralytics' trainer makes to its TensorBoard callback, with torch's SummaryWriter: per epoch
    ``on_train_epoch_end`` (train losses, lr at epoch+1) then ``on_fit_epoch_end`` (metrics + val losses at epoch+1);
    then ``final_eval`` (best.pt's metrics, no val losses) at the last epoch + ``final_step_offset``."""
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(root))
    for epoch in range(epochs):
        for k, v in {"train/box_loss": 2.0 / (epoch + 1), "train/cls_loss": 1.5 / (epoch + 1)}.items():
            writer.add_scalar(k, v, epoch + 1)
        writer.add_scalar("lr/pg0", 0.01, epoch + 1)
        metrics = {"metrics/mAP50(B)": 0.1 * epoch, "metrics/mAP50-95(B)": 0.05 * epoch + (0.3 if epoch == 3 else 0)}
        for k, v in {**metrics, "val/box_loss": 2.5 / (epoch + 1)}.items():
            writer.add_scalar(k, v, epoch + 1)
    for k, v in {"metrics/mAP50(B)": 0.3, "metrics/mAP50-95(B)": 0.45}.items():  # best.pt: epoch 4
        writer.add_scalar(k, v, epochs + final_step_offset)
    writer.close()


@pytest.mark.parametrize("offset", [0, 1])  # <= 8.3: the last epoch's step; later: the step after it
def test_final_eval_left_out_both_versions(tmp_path, offset):
    _ultralytics_like(tmp_path, 6, offset)
    raw, _ = _read(tmp_path, False)
    resolved, lines = _read(tmp_path, True)
    assert len(raw) - len(resolved) == 2
    assert _last(resolved, "metrics/mAP50-95(B)")[:2] == (6, pytest.approx(0.25))
    assert len(lines) == 1 and f"logged again at step {6 + offset}" in lines[0]


def test_no_final_eval_nothing_left_out(tmp_path):
    """A file ending with a whole epoch (a run stopped before final_eval, YOLOv5's files) keeps every point."""
    _ultralytics_like(tmp_path / "a", 6, 0)
    cut = tmp_path / "b"
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(cut))
    for epoch in range(4):
        writer.add_scalar("train/box_loss", 1.0 / (epoch + 1), epoch + 1)
        writer.add_scalar("metrics/mAP50(B)", 0.1 * epoch, epoch + 1)
        writer.add_scalar("val/box_loss", 1.0, epoch + 1)
    writer.close()
    raw, _ = _read(cut, False)
    resolved, lines = _read(cut, True)
    assert len(raw) == len(resolved) == 12 and lines == []
