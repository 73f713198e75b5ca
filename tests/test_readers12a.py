"""Reader kinds of branch readers12a (breaker2's structured formats), each input written by its real writer:

- a W&B run logged with ``sync_tensorboard=True``: the logdir's event file, W&B's copy of it in ``files/`` and the
  ``.wandb`` history are ONE run, each series read once, from the event file (``discover_wandb``);
- a final-metrics JSON (one number per key) beside ``trainer_state.json`` is that run's summary (hparams
  ``summary/<key>``), not a run and not an error (``readers/json_summary``);
- a Lightning ``version_N`` dir whose job died before its first log (``hparams.yaml``, no or an empty
  ``metrics.csv``) is a run that could not be read, saying why (``discover_quiet``);
- Sacred's ``FileStorageObserver`` ``<id>/metrics.json`` is read (``readers/sacred``);
- a CSV whose last line was cut inside its last number (no line end) leaves that cell out, saying so (Ultralytics'
  ``results.csv``, a plain CSV).
"""
from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
import textwrap
import warnings
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import torch
from click.testing import CliRunner

from loganalyzer import read_scalars
from loganalyzer.cli import main
from loganalyzer.discover import discover
from loganalyzer.load import load_run

from _runs import one_thread, save_trainer_state, wandb_offline  # noqa: F401,E402  (one_thread: autouse)


def scalars(path, resolve=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_scalars(path, resolve=resolve)
    return frame, [str(w.message) for w in caught]


def series(frame, tag, dir=None):
    rows = frame[(frame.tag == tag) & ((frame.dir == dir) if dir is not None else True)]
    return rows.step.tolist(), rows.value.tolist()


def regression(seed: int = 0):
    torch.manual_seed(seed)
    x = torch.randn(256, 4)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 0.1 * torch.randn(256)
    model = torch.nn.Linear(4, 1)
    return x, y, model, torch.optim.SGD(model.parameters(), lr=0.05)


# ---------------------------------------------------------------- 1. W&B sync_tensorboard: one training, one run

SYNC_STEPS = 30
SYNC_SCRIPT = textwrap.dedent(f"""
    import json, torch, wandb
    from torch.utils.tensorboard import SummaryWriter
    torch.manual_seed(0)
    run = wandb.init(project="demo", sync_tensorboard=True, config={{"lr": 0.05}})
    writer = SummaryWriter("runs/exp")
    x = torch.randn(256, 4)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 0.1 * torch.randn(256)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    logged = []
    for step in range({SYNC_STEPS}):
        loss = torch.nn.functional.mse_loss(model(x).squeeze(-1), y)
        opt.zero_grad(); loss.backward(); opt.step()
        writer.add_scalar("losses/value_loss", loss.item(), global_step=(step + 1) * 128)
        logged.append(loss.item())
    writer.close()
    wandb.log({{"final/own_metric": 1.5}})  # logged by the script itself: stays
    wandb.finish()
    json.dump(logged, open("logged.json", "w"))
""")


@pytest.fixture(scope="module")
def synced(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("wandb_sync")
    wandb_offline(root, SYNC_SCRIPT)
    return root


@pytest.mark.slow
def test_wandb_sync_tensorboard_is_one_run(synced):
    (copy,) = synced.glob("wandb/offline-run-*/files/**/events.out.tfevents.*")
    (original,) = synced.glob("runs/exp/events.out.tfevents.*")
    assert copy.read_bytes() == original.read_bytes() and copy.name == original.name
    runs = discover(synced)
    assert [r.id for r in runs] == [copy.parents[3].relative_to(synced).as_posix()]  # the W&B run dir
    assert len(discover(synced / "wandb")) == 1  # W&B's folder alone: the run and its files/ copy are one run
    frame, said = scalars(synced)
    logged = json.loads((synced / "logged.json").read_text())
    steps, values = series(frame, "losses/value_loss")
    assert steps == [(i + 1) * 128 for i in range(SYNC_STEPS)]  # once, on TensorBoard's steps
    assert np.allclose(values, logged, rtol=1e-6)
    assert set(frame.tag) == {"losses/value_loss", "final/own_metric"}  # no global_step/_runtime of the sync
    assert any(original.name in w and "W&B's copy" in w and str(original) in w for w in said)
    assert any(w.startswith(str(next(synced.glob("wandb/offline-run-*/run-*.wandb")))) and "left out" in w
               for w in said)
    loaded = load_run(runs[0])
    assert not loaded.errors and loaded.hparams.get("lr") == 0.05


# ---------------------------------------------------------------- 2. final-metrics JSON beside trainer_state.json


def qlora_output(out: Path) -> dict:
    """A real loop's HF ``TrainerState`` and qlora's ``metrics.json`` (``json.dumps(all_metrics)``)."""
    x, y, model, opt = regression(1)
    history, losses = [], []
    for step in range(1, 61):
        loss = torch.nn.functional.mse_loss(model(x).squeeze(-1), y)
        opt.zero_grad(); loss.backward(); opt.step()
        losses.append(loss.item())
        if step % 10 == 0:
            history.append({"epoch": step / 20, "grad_norm": 1.0, "learning_rate": 0.05, "loss": loss.item(),
                            "step": step})
    save_trainer_state(out, history, steps=60, logging_steps=10, eval_steps=0)
    all_metrics = {"run_name": "./output", "train_runtime": 12.5, "train_samples_per_second": 4.13,
                   "train_steps_per_second": 0.258, "train_loss": float(np.mean(losses)), "epoch": 3.0}
    with open(out / "metrics.json", "w") as fout:  # qlora.py's own writer
        fout.write(json.dumps(all_metrics))
    return all_metrics


def test_final_metrics_json_is_the_runs_summary(tmp_path):
    out = tmp_path / "output"
    metrics = qlora_output(out)
    runs = discover(out)
    assert [r.id for r in runs] == ["."]
    loaded = load_run(runs[0])
    assert not loaded.errors
    assert loaded.hparams["summary/train_loss"] == pytest.approx(metrics["train_loss"])
    assert loaded.hparams["summary/epoch"] == 3.0
    frame, said = scalars(out)
    assert series(frame, "loss")[0] == [10, 20, 30, 40, 50, 60]
    assert not said
    done = CliRunner().invoke(main, ["scan", str(out), "--strict"])
    assert done.exit_code == 0, done.output
    # alone, it is no history: one line that says what it is (not "no key naming a loss")
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "metrics.json").write_text((out / "metrics.json").read_text())
    problems: list = []
    (run,) = discover(alone, problems)
    (error,) = load_run(run).errors
    assert "one number per key" in error.message and "final summary" in error.message


# ---------------------------------------------------------------- 3. a Lightning job that died before its first log

DIE_SCRIPT = textwrap.dedent("""
    import os, sys, torch, pytorch_lightning as pl
    class M(pl.LightningModule):
        def __init__(self, lr=0.1, batch_size=8):
            super().__init__(); self.save_hyperparameters(); self.l = torch.nn.Linear(4, 1)
        def training_step(self, batch, i):
            if i == 0 and self.current_epoch == 0 and sys.argv[1] == "die":
                os._exit(1)  # the job killed before the logger's first flush
            loss = torch.nn.functional.mse_loss(self.l(batch[0]), batch[1]); self.log("train_loss", loss)
            return loss
        def configure_optimizers(self): return torch.optim.SGD(self.parameters(), lr=0.1)
    torch.manual_seed(0)
    ds = torch.utils.data.TensorDataset(torch.randn(32, 4), torch.randn(32, 1))
    t = pl.Trainer(max_epochs=2, logger=pl.loggers.CSVLogger("."), enable_progress_bar=False,
                   enable_checkpointing=False, log_every_n_steps=1)
    t.fit(M(), torch.utils.data.DataLoader(ds, batch_size=8))
""")


@pytest.mark.slow
def test_lightning_run_that_logged_nothing_is_said(tmp_path):
    pytest.importorskip("pytorch_lightning")
    (tmp_path / "train.py").write_text(DIE_SCRIPT)
    for how in ("die", "train", "die"):
        subprocess.run([sys.executable, "train.py", how], cwd=tmp_path, capture_output=True, timeout=300,
                       env={**os.environ, "PL_DISABLE_FORK": "1"})
    logs = tmp_path / "lightning_logs"
    assert not (logs / "version_0" / "metrics.csv").exists() and (logs / "version_0" / "hparams.yaml").exists()
    assert (logs / "version_1" / "metrics.csv").stat().st_size > 0
    (logs / "version_2" / "metrics.csv").write_bytes(b"")  # opened for writing, killed before a byte went in
    runs = {r.id: r for r in discover(tmp_path)}
    assert sorted(runs) == ["lightning_logs/version_0", "lightning_logs/version_1", "lightning_logs/version_2"]
    (missing,) = load_run(runs["lightning_logs/version_0"]).errors
    assert missing.path.endswith("version_0/metrics.csv") and "no metrics.csv" in missing.message
    (empty,) = load_run(runs["lightning_logs/version_2"]).errors
    assert empty.path.endswith("version_2/metrics.csv") and empty.message == "empty file"
    assert not load_run(runs["lightning_logs/version_1"]).errors
    done = CliRunner().invoke(main, ["scan", str(tmp_path), "--strict"], env={"COLUMNS": "1000"})  # no path wrapped
    assert done.exit_code == 3, done.output
    assert "version_0/metrics.csv" in done.output


# ---------------------------------------------------------------- 4. Sacred FileStorageObserver


def sacred_run(run_dir: Path, seed: int, epochs: int) -> tuple[list[float], list[str]]:
    """A real torch loop logging like ``_run.log_scalar``, saved as FileStorageObserver saves: ``metrics.json``
    rewritten whole after each flush (``json.dump(..., sort_keys=True, indent=2)``), ``datetime.utcnow()`` stamps."""
    run_dir.mkdir(parents=True)
    x, y, model, opt = regression(seed)
    saved: dict = {}
    start = datetime(2023, 10, 10, 7, 12, 22, 428393)
    losses, stamps = [], []
    for epoch in range(epochs):
        loss = torch.nn.functional.mse_loss(model(x).squeeze(-1), y)
        opt.zero_grad(); loss.backward(); opt.step()
        grad = float(model.weight.grad.norm())
        stamp = (start + timedelta(seconds=2 * epoch)).isoformat()
        for name, value in (("loss", loss.item()), ("grad_norm", grad)):
            entry = saved.setdefault(name, {"steps": [], "timestamps": [], "values": []})
            entry["steps"].append(epoch)
            entry["timestamps"].append(stamp)
            entry["values"].append(value)
        losses.append(loss.item())
        stamps.append(stamp)
        with open(run_dir / "metrics.json", "w") as f:
            json.dump(saved, f, sort_keys=True, indent=2)
    (run_dir / "config.json").write_text(json.dumps({"n_epochs": epochs, "seed": seed}, indent=2))
    (run_dir / "run.json").write_text(json.dumps({"status": "COMPLETED", "command": "train"}, indent=2))
    (run_dir / "cout.txt").write_text(f'INFO - demo - Started run with ID "{run_dir.name}"\n')
    return losses, stamps


def test_sacred_file_storage_runs(tmp_path):
    root = tmp_path / "my_runs"
    made = {str(i): sacred_run(root / str(i), seed=i, epochs=20 * i) for i in (1, 2)}
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["my_runs/1", "my_runs/2"] and {r.format for r in runs} == {"sacred"}
    frame, said = scalars(tmp_path)
    assert not said
    for i, (losses, stamps) in made.items():
        steps, values = series(frame, "loss", f"my_runs/{i}")
        assert steps == list(range(20 * int(i))) and np.allclose(values, losses)
        walls = frame[(frame.dir == f"my_runs/{i}") & (frame.tag == "loss")].wall_time.to_numpy()
        want = [datetime.fromisoformat(s + "+00:00").timestamp() for s in stamps]
        assert np.allclose(walls, want)
        assert series(frame, "grad_norm", f"my_runs/{i}")[0] == steps
    # the file given by name is its directory's run
    (one,) = discover(root / "2" / "metrics.json")
    assert one.id == "." and one.format == "sacred"


# ---------------------------------------------------------------- 5. a CSV cut inside its last number


def ultralytics_rows(path: Path, epochs: int) -> list[list[float]]:
    """Ultralytics' ``save_metrics`` (8.1+): header once, then ``"%.6g," * n`` per epoch, from a real loop."""
    x, y, model, opt = regression(2)
    keys = ["train/box_loss", "train/cls_loss", "metrics/mAP50-95(B)", "lr/pg0"]
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1.0 / (1 + 0.37 * e))
    rows = []
    for epoch in range(1, epochs + 1):
        loss = torch.nn.functional.mse_loss(model(x).squeeze(-1), y)
        opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        vals = [loss.item(), loss.item() / 3, 1 / (1 + loss.item()), opt.param_groups[0]["lr"] / 7]
        n = len(vals) + 1
        s = "" if path.exists() else (("%s," * n % tuple(["epoch"] + keys)).rstrip(",") + "\n")
        with open(path, "a") as f:
            f.write(s + ("%.6g," * n % tuple([epoch] + vals)).rstrip(",") + "\n")
        rows.append(vals)
    return rows


def cut_inside_last_number(path: Path) -> tuple[int, str]:
    """The file cut two bytes into its last line's last number (a job killed mid-write); (line, cell kept)."""
    data = path.read_bytes().rstrip(b"\n")
    last_cell = data.rfind(b",") + 1
    path.write_bytes(data[: last_cell + 3])
    return data.count(b"\n") + 1, data[last_cell: last_cell + 3].decode()


def test_ultralytics_csv_cut_inside_last_number(tmp_path):
    path = tmp_path / "train" / "results.csv"
    path.parent.mkdir()
    rows = ultralytics_rows(path, 12)
    line, kept = cut_inside_last_number(path)
    assert len(kept) == 3 and float(kept) != pytest.approx(rows[-1][-1], rel=1e-5)
    frame, said = scalars(tmp_path)
    steps, values = series(frame, "lr/pg0")
    assert steps == list(range(1, 12)) and np.allclose(values, [r[-1] for r in rows[:-1]], rtol=1e-5)
    assert series(frame, "train/box_loss")[0] == list(range(1, 13))  # the line's whole cells stay
    assert any(w.startswith(f"{path}:{line}:") and "ends inside this line" in w for w in said)


def test_plain_csv_cut_inside_last_number(tmp_path):
    path = tmp_path / "log.csv"
    x, y, model, opt = regression(3)
    written = []
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["step", "train_loss", "val_loss"])
        for step in range(15):
            loss = torch.nn.functional.mse_loss(model(x).squeeze(-1), y)
            opt.zero_grad(); loss.backward(); opt.step()
            with torch.no_grad():
                val = torch.nn.functional.mse_loss(model(x[:64]).squeeze(-1), y[:64]).item()
            out.writerow([step, loss.item(), val])
            written.append(val)
    line, kept = cut_inside_last_number(path)
    frame, said = scalars(tmp_path)
    steps, values = series(frame, "val_loss")
    assert steps == list(range(14)) and values == written[:-1]
    assert series(frame, "train_loss")[0] == list(range(15))
    assert any(w.startswith(f"{path}:{line}:") and repr(kept) in w for w in said)
    assert not math.isnan(values[-1])
