"""Stop 45's fixes from the files trackers and training libraries write (a breaker's set G), each written by the
real writer where it is installed (pandas, Python's ``json``/``csv``/``logging`` as the library calls them), with
the numbers of a tiny real torch training.

- pandas re-saved with its index (``read_csv(p).to_csv(p)``): ``Unnamed: 0`` was a series.
- Ray Tune's trial: the step was the line number, not ``training_iteration``; a restored trial's re-done
  iterations counted twice.
- AllenNLP's serialization dir (``metrics_epoch_N.json``): no run found, nothing said.
- mmengine's work_dir resumed into a second ``<timestamp>/``: two runs, the tail judged alone.
- Hydra's job dir: its ``train.log`` and ``metrics.csv`` were two runs of one job.
- detectron2's COCO evaluation ``bbox/AP``: no validation-metric role.
- pandas' MultiIndex columns ``to_csv`` (a header of several lines): no run found, nothing said.
"""
from __future__ import annotations

import csv
import json
import logging
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_readers20a import _ids, _read, _series  # noqa: E402


def _train(epochs: int, seed: int = 0, overfit: bool = False, start=None) -> tuple[list[dict], dict]:
    """Per-epoch dicts (loss, acc, val_loss, val_acc) of a tiny real torch classifier; ``start``: a state to go
    on from (a resumed training). Returns (the dicts, the state at the end)."""
    import torch

    torch.manual_seed(seed)
    n = 64 if overfit else 512
    g = torch.Generator().manual_seed(1)
    x, w = torch.randn(n, 20, generator=g), torch.randn(20, 3, generator=g)
    noise = 2.0 if overfit else 0.3
    y = (x @ w + noise * torch.randn(n, 3, generator=g)).argmax(1)
    xv = torch.randn(256, 20, generator=g)
    yv = (xv @ w + noise * torch.randn(256, 3, generator=g)).argmax(1)
    model = torch.nn.Sequential(torch.nn.Linear(20, 256 if overfit else 32), torch.nn.ReLU(),
                                torch.nn.Linear(256 if overfit else 32, 3))
    if start is not None:
        model.load_state_dict(start)
    opt = torch.optim.Adam(model.parameters(), lr=0.01 if overfit else 0.005)
    lf = torch.nn.CrossEntropyLoss()
    out = []
    for _ in range(epochs):
        model.train()
        out_t = model(x)
        loss = lf(out_t, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        model.eval()
        with torch.no_grad():
            o = model(xv)
            out.append(dict(loss=loss.item(), acc=(out_t.argmax(1) == y).float().mean().item(),
                            val_loss=lf(o, yv).item(), val_acc=(o.argmax(1) == yv).float().mean().item()))
    return out, {k: v.clone() for k, v in model.state_dict().items()}


def _analyze(path):
    import loganalyzer as la

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {r.run: r for r in la.analyze(str(path)).runs}


# ------------------------------------------------------------------ F10: pandas re-saved with its index


def test_pandas_csv_resaved_with_its_index_has_no_unnamed_series(tmp_path):
    import pandas as pd

    hist, _ = _train(12)
    path = tmp_path / "history.csv"
    pd.DataFrame([dict(epoch=e + 1, **h) for e, h in enumerate(hist)]).to_csv(path)
    pd.read_csv(path).to_csv(path)  # ',Unnamed: 0,epoch,loss,...'
    assert path.read_text().startswith(",Unnamed: 0,epoch,")
    df, said = _read(tmp_path)
    assert "Unnamed: 0" not in set(df.tag)
    assert _series(df, "loss") == (list(range(1, 13)), [round(h["loss"], 4) for h in hist])
    assert any("'Unnamed: 0' counts the rows" in s for s in said)


# ------------------------------------------------------------------ F3: Ray Tune's training_iteration


def _ray_trial(d: Path, rows: list[dict]) -> None:
    """Ray's JsonLoggerCallback (one ``json.dump`` + newline a report) and CSVLoggerCallback (``csv.DictWriter``
    with the first result's keys) of one trial dir."""
    d.mkdir(parents=True)
    (d / "params.json").write_text(json.dumps({"lr": 0.01}))
    with open(d / "result.json", "w") as f:
        for r in rows:
            json.dump(r, f)
            f.write("\n")
    with open(d / "progress.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, [k for k in rows[0] if k != "config"])
        writer.writeheader()
        for r in rows:
            writer.writerow({k: v for k, v in r.items() if k in writer.fieldnames})


def _ray_row(h: dict, it: int, since: int) -> dict:
    return {"loss": h["loss"], "val_loss": h["val_loss"], "timestamp": 1764842400 + it, "checkpoint_dir_name": None,
            "done": False, "training_iteration": it, "trial_id": "0e1f2_00000", "date": "2026-12-04_10-00-00",
            "time_this_iter_s": 0.1, "time_total_s": 0.1 * it, "pid": 1234, "hostname": "node",
            "node_ip": "10.0.0.1", "time_since_restore": 0.1 * since, "iterations_since_restore": since,
            "config": {"lr": 0.01}}


def test_ray_tune_trial_steps_are_training_iterations_and_a_restore_keeps_the_later_ones(tmp_path):
    first, _ = _train(8, overfit=True)
    _, state5 = _train(5, overfit=True)
    second, _ = _train(10, overfit=True, seed=1, start=state5)  # restored from checkpoint_000004: 6..15
    rows = [_ray_row(h, i + 1, i + 1) for i, h in enumerate(first)]
    rows += [_ray_row(h, 6 + i, i + 1) for i, h in enumerate(second)]
    trial = tmp_path / "exp" / "train_fn_0e1f2_00000_0_lr=0.01"
    _ray_trial(trial, rows)
    plain = tmp_path / "exp" / "train_fn_0e1f2_00001_1_lr=0.05"
    _ray_trial(plain, [_ray_row(h, i + 1, i + 1) for i, h in enumerate(_train(6)[0])])
    assert _ids(tmp_path) == ["exp/train_fn_0e1f2_00000_0_lr=0.01/result.json",
                              "exp/train_fn_0e1f2_00001_1_lr=0.05/result.json"]  # progress.csv: the same rows
    df, said = _read(tmp_path)
    restored = df[df.dir == "exp/train_fn_0e1f2_00000_0_lr=0.01/result.json"]
    assert _series(restored, "loss") == (list(range(1, 16)),
                                         [round(h["loss"], 4) for h in first[:5] + second])
    assert "training_iteration" not in set(df.tag)
    assert _series(df[df.dir == "exp/train_fn_0e1f2_00001_1_lr=0.05/result.json"], "loss")[0] == list(range(1, 7))
    assert any("result.json: " in s and "steps 6–8 were logged again" in s for s in said)


# ------------------------------------------------------------------ F1: AllenNLP's metrics_epoch_N.json


def test_allennlp_serialization_dir_is_one_run_of_its_epoch_files(tmp_path):
    hist, _ = _train(10, overfit=True)
    ser = tmp_path / "model"
    ser.mkdir()
    (ser / "config.json").write_text(json.dumps({"trainer": {"num_epochs": 10}}))
    (ser / "out.log").write_text("")
    best = None
    for epoch, h in enumerate(hist):
        best = epoch if best is None or h["val_loss"] < hist[best]["val_loss"] else best
        metrics = {"best_epoch": best, "peak_worker_0_memory_MB": 512.3, "training_duration": f"0:00:{epoch:02d}",
                   "epoch": epoch, "training_accuracy": h["acc"], "training_loss": h["loss"],
                   "training_reg_loss": 0.0, "validation_accuracy": h["val_acc"], "validation_loss": h["val_loss"],
                   "best_validation_accuracy": hist[best]["val_acc"], "best_validation_loss": hist[best]["val_loss"]}
        # allennlp.common.util.dump_metrics: json.dumps(metrics, indent=2) written to the file
        (ser / f"metrics_epoch_{epoch}.json").write_text(json.dumps(metrics, indent=2))
    (ser / "metrics.json").write_text(json.dumps(metrics, indent=2))
    assert _ids(tmp_path) == ["model"]
    df, _ = _read(tmp_path)
    assert _series(df, "training_loss") == (list(range(10)), [round(h["loss"], 4) for h in hist])
    assert _series(df, "validation_loss")[1] == [round(h["val_loss"], 4) for h in hist]
    assert not {"best_validation_loss", "epoch", "best_epoch"} & set(df.tag)
    roles = _analyze(tmp_path)["model"].roles
    assert roles["train_loss"] == "training_loss" and roles["val_loss"] == "validation_loss"


# ------------------------------------------------------------------ F2: mmengine resumed into a new log dir


def _scalars(path: Path, hist: list[dict], first_epoch: int, iters: int = 50) -> None:
    """mmengine's LocalVisBackend.add_scalars: ``json.dumps(scalar_dict)`` + newline, ``step`` added."""
    path.parent.mkdir(parents=True)
    with open(path, "w") as f:
        for k, h in enumerate(hist):
            epoch = first_epoch + k
            step = epoch * iters
            f.write(json.dumps({"lr": 0.004, "data_time": 0.01, "loss": h["loss"], "time": 0.2, "epoch": epoch,
                                "iter": step, "memory": 3000, "step": step}) + "\n")
            f.write(json.dumps({"coco/bbox_mAP": h["val_acc"], "data_time": 0.005, "time": 0.05, "step": epoch})
                    + "\n")


def test_mmengine_work_dir_resumed_into_a_second_log_dir_is_one_run(tmp_path):
    first, _ = _train(6)
    _, state5 = _train(5)
    second, _ = _train(7, seed=1, start=state5)  # resume=True from epoch_5.pth: epochs 6..12
    work = tmp_path / "work_dirs" / "rtmdet"
    _scalars(work / "20261204_100000" / "vis_data" / "scalars.json", first, 1)
    _scalars(work / "20261204_120000" / "vis_data" / "scalars.json", second, 6)
    (work / "last_checkpoint").write_text(str(work / "epoch_12.pth"))
    assert _ids(tmp_path) == ["work_dirs/rtmdet"]
    df, _ = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert steps == [50 * e for e in range(1, 13)]
    assert values == [round(h["loss"], 4) for h in first[:5] + second]  # epoch 6 is the resumed session's
    # launched again from scratch into the same work_dir: two trainings, two runs
    again = tmp_path / "scratch" / "work_dirs" / "rtmdet"
    _scalars(again / "20261204_100000" / "vis_data" / "scalars.json", first, 1)
    _scalars(again / "20261204_120000" / "vis_data" / "scalars.json", second, 1)
    assert _ids(tmp_path / "scratch") == ["work_dirs/rtmdet/20261204_100000", "work_dirs/rtmdet/20261204_120000"]


# ------------------------------------------------------------------ F8: Hydra's job dir


def test_hydra_multirun_job_dir_with_its_log_and_metrics_csv_is_one_run(tmp_path):
    import pandas as pd

    sweep = tmp_path / "multirun" / "2026-12-04" / "10-00-00"
    for job, overfit in ((0, False), (1, True)):
        d = sweep / str(job)
        (d / ".hydra").mkdir(parents=True)
        (d / ".hydra" / "config.yaml").write_text(f"lr: {0.01 if overfit else 0.005}\n")
        (d / ".hydra" / "overrides.yaml").write_text(f"- job={job}\n")
        hist, _ = _train(10, overfit=overfit)
        handler = logging.FileHandler(d / "train.log")  # Hydra's job logging format
        handler.setFormatter(logging.Formatter("[%(asctime)s][%(name)s][%(levelname)s] - %(message)s"))
        logger = logging.getLogger(f"__main__.hydra{job}")
        logger.propagate = False
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        for e, h in enumerate(hist):
            logger.info(f"epoch {e} train_loss {h['loss']:.4f} val_loss {h['val_loss']:.4f} val_acc {h['val_acc']:.4f}")
        handler.close()
        logger.removeHandler(handler)
        pd.DataFrame(hist).to_csv(d / "metrics.csv")
    (sweep / "multirun.yaml").write_text("hydra:\n  mode: MULTIRUN\n")
    assert _ids(tmp_path) == ["multirun/2026-12-04/10-00-00/0", "multirun/2026-12-04/10-00-00/1"]
    df, said = _read(tmp_path)
    assert _series(df, "loss", "multirun/2026-12-04/10-00-00/1")[1] == \
        [round(h["loss"], 4) for h in _train(10, overfit=True)[0]]
    assert any("train.log: curves taken from the run's other logs" in s for s in said)


# ------------------------------------------------------------------ F12: detectron2's bbox/AP


def test_detectron2_coco_evaluation_ap_is_the_validation_metric(tmp_path):
    hist, _ = _train(8)
    out = tmp_path / "output"
    out.mkdir()
    with open(out / "metrics.json", "w") as f:  # detectron2's JSONWriter: json.dumps(to_save, sort_keys=True)
        for k, h in enumerate(hist):
            it = 100 * k + 99
            f.write(json.dumps({"data_time": 0.01, "eta_seconds": 100.0, "iteration": it, "loss_cls": h["loss"] / 2,
                                "loss_box_reg": h["loss"] / 2, "lr": 0.02, "time": 0.2, "total_loss": h["loss"]},
                               sort_keys=True) + "\n")
            if k % 2 == 1:
                ap = 100 * h["val_acc"]
                f.write(json.dumps({"bbox/AP": ap, "bbox/AP50": ap + 20, "bbox/AP75": ap - 9, "bbox/APl": ap,
                                    "iteration": it}, sort_keys=True) + "\n")
    run = _analyze(tmp_path)["output/metrics.json"]
    assert run.roles["val_metric"] == "bbox/AP"
    assert run.roles["train_loss"] == "total_loss"


# ------------------------------------------------------------------ F5: pandas MultiIndex columns


def test_pandas_multiindex_column_csv_is_read_by_its_joined_levels(tmp_path):
    import pandas as pd

    hist, _ = _train(12, overfit=True)
    columns = pd.MultiIndex.from_tuples([("train", "loss"), ("train", "acc"), ("val", "loss"), ("val", "acc")])
    frame = pd.DataFrame([[h["loss"], h["acc"], h["val_loss"], h["val_acc"]] for h in hist], columns=columns)
    frame.index.name = "epoch"
    frame.to_csv(tmp_path / "history.csv")
    assert (tmp_path / "history.csv").read_text().splitlines()[:3] == [",train,train,val,val", ",loss,acc,loss,acc",
                                                                      "epoch,,,,"]
    assert _ids(tmp_path) == ["history.csv"]
    df, said = _read(tmp_path)
    assert _series(df, "val/loss") == (list(range(12)), [round(h["val_loss"], 4) for h in hist])
    assert _series(df, "train/acc")[1] == [round(h["acc"], 4) for h in hist]
    assert any("MultiIndex" in s for s in said)
    roles = _analyze(tmp_path)["history.csv"].roles
    assert roles["train_loss"] == "train/loss" and roles["val_loss"] == "val/loss"


@pytest.mark.parametrize("named", [False, True])
def test_pandas_multiindex_without_index_name_or_with_level_names(tmp_path, named):
    import pandas as pd

    hist, _ = _train(6)
    tuples = [("train", "loss"), ("train", "acc"), ("val", "loss")] if named else [("train", "loss"), ("val", "loss")]
    columns = pd.MultiIndex.from_tuples(tuples, names=["split", "metric"] if named else None)
    pd.DataFrame([[h[k] for k in ("loss", "acc", "val_loss")[:len(tuples) - 1]] + [h["val_loss"]] for h in hist],
                 columns=columns).to_csv(tmp_path / "losses.csv")  # ',train,val' / ',loss,loss'; 'split,train,..'
    df, _ = _read(tmp_path)
    assert _series(df, "val/loss") == (list(range(6)), [round(h["val_loss"], 4) for h in hist])
    assert _series(df, "train/loss")[1] == [round(h["loss"], 4) for h in hist]
