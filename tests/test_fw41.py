"""Framework run directories from reader audit 41f (fw41): a Lightning metrics.csv header wider than the sniff's
first bytes, a detectron2 metrics.json relaunch at another base LR, an HF trainer_state.json beside its own
TensorBoardCallback event file, W&B's ``_runtime`` and media records."""
from __future__ import annotations

import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np

import loganalyzer
from loganalyzer.discover import discover

sys.path.insert(0, str(Path(__file__).parent))
from _runs import wandb_offline  # noqa: E402


def _quiet_read(path, resolve=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = loganalyzer.read_scalars(path, resolve=resolve)
    return frame, [str(w.message) for w in caught]


# --- 1. Lightning CSVLogger + LearningRateMonitor over hundreds of param groups (public rf-detr-mask version_1)

def _wide_lightning(path: Path, groups: int = 394, steps=range(9, 170, 10)) -> list[float]:
    """CSVLogger's metrics.csv: sorted header ``epoch, lr-FloatOnlyAdamW/pg1 ... pgN, step, train/...``, every
    logging step an LR-monitor row (lr cells and step) then a training row (epoch, step, train/*)."""
    lrs = sorted(f"lr-FloatOnlyAdamW/pg{i}" for i in range(1, groups + 1))
    header = ["epoch", *lrs, "step", "train/class_error", "train/loss"]
    lines = [",".join(header)]
    losses = []
    for k, step in enumerate(steps):
        lr = 2.25e-05 * (1 + 0.1 * k)
        lines.append("," + ",".join([repr(lr)] * groups) + f",{step},,")
        loss = 15.671720504760742 + 0.25 * math.sin(k)
        losses.append(loss)
        lines.append(f"{k // 10}," + "," * groups + f"{step},100.0,{loss!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    assert (len(lines[0]) > 8192) == (groups > 300)  # wider than the sniff's head (8 KB) with the 394 groups
    return losses


def test_lightning_metrics_csv_with_a_header_wider_than_the_sniff_is_one_lightning_run(tmp_path):
    losses = _wide_lightning(tmp_path / "lightning_logs" / "version_1" / "metrics.csv")
    runs = discover(tmp_path)
    assert [(r.id, r.format) for r in runs] == [("lightning_logs/version_1", "lightning_csv")]
    frame, _ = _quiet_read(tmp_path)
    tags = set(frame.tag)
    assert "step" not in tags  # the x axis, no metric
    loss = frame[frame.tag == "train/loss"]
    assert loss.step.tolist() == list(range(9, 170, 10))  # all 17, at the file's steps
    np.testing.assert_allclose(loss.value, losses)
    assert len([t for t in tags if t.startswith("lr-FloatOnlyAdamW/pg")]) == 394
    assert len(frame[frame.tag == "lr-FloatOnlyAdamW/pg1"]) == 17
    assert frame[frame.tag == "epoch"].value.tolist() == [0.0] * 10 + [1.0] * 7


def test_narrow_lightning_csv_still_read_as_before(tmp_path):
    _wide_lightning(tmp_path / "lightning_logs" / "version_0" / "metrics.csv", groups=3)
    runs = discover(tmp_path)
    assert [(r.id, r.format) for r in runs] == [("lightning_logs/version_0", "lightning_csv")]
    frame, _ = _quiet_read(tmp_path)
    assert len(frame[frame.tag == "train/loss"]) == 17


# --- 2. detectron2 metrics.json: a relaunch at another base LR vs a true resume

def _d2_line(it: int, base_lr: float, loss: float, full: bool = True) -> str:
    lr = base_lr * min(1.0, (it + 1) / 1000)  # WarmupMultiStepLR, linear warmup over 1000 iterations
    row = {"iteration": it, "loss_box_reg": loss * 0.6, "loss_cls": loss * 0.4, "lr": lr, "total_loss": loss}
    if full:
        row = {"data_time": 0.0025, "eta_seconds": 95417.9, **row, "time": 0.38}
    return json.dumps(row, sort_keys=True)


def test_detectron2_relaunch_at_another_lr_is_a_new_training(tmp_path):
    """Iterations 19..319 at base LR 0.001, then 100, 200... at base LR 0.01 (public pathway_retinanet): two runs."""
    out = tmp_path / "output"
    out.mkdir()
    first = [_d2_line(it, 0.001, 3.7 - it / 1000) for it in range(19, 320, 20)]
    second = [_d2_line(it, 0.01, 3.3 - it / 2000, full=False) for it in range(100, 5001, 100)]
    (out / "metrics.json").write_text("\n".join(first + second) + "\n")
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["output/metrics.json#1", "output/metrics.json#2"]
    frame, warned = _quiet_read(tmp_path)
    one = frame[(frame.dir == "output/metrics.json#1") & (frame.tag == "total_loss")]
    two = frame[(frame.dir == "output/metrics.json#2") & (frame.tag == "total_loss")]
    assert one.step.tolist() == list(range(19, 320, 20))
    assert two.step.tolist() == list(range(100, 5001, 100))
    assert not any("resumed at step" in m for m in warned)


def test_detectron2_true_resume_stays_one_run(tmp_path):
    """A resume from the checkpoint at iteration 199 (period 200) goes on with the same schedule: one run."""
    out = tmp_path / "output"
    out.mkdir()
    first = [_d2_line(it, 0.001, 3.7 - it / 1000) for it in range(19, 320, 20)]
    again = [_d2_line(it, 0.001, 3.5 - it / 1000) for it in range(219, 1000, 20)]
    (out / "metrics.json").write_text("\n".join(first + again) + "\n")
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["output"] or [r.id for r in runs] == ["output/metrics.json"]
    frame, _ = _quiet_read(tmp_path)
    loss = frame[frame.tag == "total_loss"]
    assert loss.step.min() == 19 and loss.step.max() == 999


def test_lr_step_decay_between_neighbours_is_no_other_schedule():
    from loganalyzer.readers._lr_schedule import other_schedule

    tags = np.array(["lr"] * 5, dtype=object)
    steps = np.array([90, 110, 130, 100, 120])
    values = np.array([0.01, 0.001, 0.001, 0.001, 0.001])  # decay at 100: the resumed 0.001 is on schedule
    assert not other_schedule(tags, steps, values, slice(0, 3), slice(3, 5), ["lr"])
    values = np.array([0.01, 0.01, 0.01, 0.1, 0.1])  # 10x the schedule: another training
    assert other_schedule(tags, steps, values, slice(0, 3), slice(3, 5), ["lr"])


# --- 3. HF trainer_state.json beside its TensorBoardCallback event file

def _hf_output(root: Path, events_steps: int, state_steps: int) -> None:
    from torch.utils.tensorboard import SummaryWriter

    out = root / "output"
    history = []
    for step in range(10, state_steps + 1, 10):
        history.append({"epoch": step / 108, "grad_norm": 1.0 / step, "learning_rate": 5e-4 * (1 - step / 3000),
                        "loss": 1.3273 * 0.99 ** step, "step": step})
        if step % 50 == 0:
            history.append({"epoch": step / 108, "eval_bleu-4": 0.3 + step / 1e4, "eval_loss": 1.1 - step / 1e4,
                            "step": step})
    ckpt = out / f"checkpoint-{state_steps}"
    ckpt.mkdir(parents=True)
    (ckpt / "trainer_state.json").write_text(json.dumps(
        {"best_metric": None, "epoch": state_steps / 108, "global_step": state_steps, "log_history": history,
         "max_steps": 3000, "trial_name": None}, indent=2, sort_keys=True))
    writer = SummaryWriter(str(out / "runs" / "Nov08_18-12-28_HOST"))
    for step in range(10, events_steps + 1, 10):  # rewrite_logs: eval_x -> eval/x, k -> train/k
        writer.add_scalar("train/loss", 1.3273 * 0.99 ** step, step)
        writer.add_scalar("train/grad_norm", 1.0 / step, step)
        writer.add_scalar("train/learning_rate", 5e-4 * (1 - step / 3000), step)
        writer.add_scalar("train/epoch", step / 108, step)
        if step % 50 == 0:
            writer.add_scalar("eval/bleu-4", 0.3 + step / 1e4, step)
            writer.add_scalar("eval/loss", 1.1 - step / 1e4, step)
    writer.close()


def test_hf_state_and_its_event_file_give_each_series_once(tmp_path):
    _hf_output(tmp_path, events_steps=300, state_steps=300)
    runs = discover(tmp_path)
    assert len(runs) == 1
    frame, warned = _quiet_read(tmp_path)
    tags = set(frame.tag)
    assert {"loss", "eval_loss", "eval_bleu-4", "learning_rate"} <= tags  # the trainer_state's, on a tie
    assert not tags & {"train/loss", "eval/loss", "eval/bleu-4", "train/learning_rate"}
    assert len(frame[frame.tag == "loss"]) == 30
    assert any("TensorBoardCallback" in m and "left out" in m for m in warned)


def test_hf_event_file_with_more_points_is_the_one_kept(tmp_path):
    """The job went on past its last saved checkpoint: the event file's series are the full ones."""
    _hf_output(tmp_path, events_steps=500, state_steps=300)
    frame, _ = _quiet_read(tmp_path)
    tags = set(frame.tag)
    assert "train/loss" in tags and "loss" not in tags and "eval_loss" not in tags
    assert frame[frame.tag == "train/loss"].step.max() == 500
    assert len(frame[frame.tag == "train/loss"]) == 50


# --- 4. W&B: _runtime and media records are no series

WANDB_MEDIA = """
import numpy as np, wandb
run = wandb.init(project="p")
run.log({"data/train_distribution": wandb.Image(np.zeros((8, 16, 3), dtype=np.uint8))})
for i in range(6):
    run.log({"train/loss": 2.0 - 0.1 * i})
run.finish()
"""


def test_wandb_runtime_and_image_metadata_are_no_series(tmp_path):
    wandb_offline(tmp_path, WANDB_MEDIA)
    frame, _ = _quiet_read(tmp_path)
    tags = set(frame.tag)
    assert tags == {"train/loss"}  # no _runtime, no data/train_distribution.height/.width/.size
    np.testing.assert_allclose(frame[frame.tag == "train/loss"].value, [2.0 - 0.1 * i for i in range(6)])


def test_wandb_history_jsonl_runtime_and_media_are_no_series(tmp_path):
    run = tmp_path / "wandb" / "run-20200101_000000-old01"
    run.mkdir(parents=True)
    rows = [{"_step": 0, "_runtime": 2.9, "_timestamp": 1.6e9,
             "img": {"_type": "image-file", "height": 732, "width": 2063, "size": 102620, "format": "png"}}]
    rows += [{"loss": 1.0 / (i + 1), "_step": i, "_runtime": 3.0 + i, "_timestamp": 1.6e9 + i} for i in range(1, 6)]
    (run / "wandb-history.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    frame, _ = _quiet_read(tmp_path)
    assert set(frame.tag) == {"loss"}
    assert frame.step.tolist() == [1, 2, 3, 4, 5]
