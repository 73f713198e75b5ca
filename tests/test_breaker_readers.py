"""Reader gaps a breaker found with real writers (branch readers2): each case writes its logs with the framework
itself (Lightning loggers, Keras callbacks, a Rich progress bar, ...) in a child process and checks what the scan
and the tables make of them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest

from loganalyzer import discover, read_scalars
from loganalyzer.scan import scan
from loganalyzer.load import LogReadWarning
from _runs import HF_TINY  # noqa: E402
from test_discover import TINY_LIGHTNING  # the Lightning module of the writer scripts (tests/ is on sys.path)


def run_child(root: Path, script: str, timeout: int = 300, stdout: str | None = None) -> None:
    """``script`` run as ``root/writer.py`` with ``root`` as its working directory; the test fails if it fails.
    ``stdout``: a file in ``root`` its standard output goes to (as a batch job's), not a pipe."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "writer.py").write_text(textwrap.dedent(script))
    env = {**os.environ, "KERAS_BACKEND": "torch", "PYTHONWARNINGS": "ignore", "OMP_NUM_THREADS": "1"}
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS"):  # what a batch job does not set
        env.pop(name, None)
    out = open(root / stdout, "wb") if stdout else subprocess.PIPE
    try:
        done = subprocess.run([sys.executable, "writer.py"], cwd=root, env=env, stdout=out, stderr=subprocess.PIPE,
                              text=True, timeout=timeout)
    finally:
        if stdout:
            out.close()
    assert done.returncode == 0, done.stderr[-3000:]
    (root / "writer.py").unlink()


def warned(path, resolve: bool = False):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(path, resolve=resolve)
    return table, [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]


LIGHTNING = """
import sys, torch, pytorch_lightning as pl
from pytorch_lightning.loggers import CSVLogger, TensorBoardLogger
""" + TINY_LIGHTNING.replace("INPUTS", "4") + """
def data(seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(64, 4, generator=g)
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, x.sum(1, keepdim=True)), batch_size=8)

quiet = dict(log_every_n_steps=2, enable_progress_bar=False, enable_model_summary=False)
"""


@pytest.fixture(scope="module")
def lightning_two_loggers(tmp_path_factory) -> Path:
    """``both/``: two trainings, each with ``logger=[CSVLogger(d), TensorBoardLogger(d)]`` and default versions
    (version_0 + version_1, version_2 + version_3), checkpoints on. ``apart/``: a training logged by a CSVLogger
    alone, then another (other seed) by a TensorBoardLogger alone: two trainings in version_0 and version_1."""
    root = tmp_path_factory.mktemp("lightning_two_loggers")
    run_child(root, LIGHTNING + """
for seed in (0, 1):
    torch.manual_seed(seed)
    pl.Trainer(max_epochs=3, logger=[CSVLogger("both"), TensorBoardLogger("both")], **quiet).fit(
        Tiny(), data(seed), data(seed))
torch.manual_seed(0)
pl.Trainer(max_epochs=3, logger=CSVLogger("apart"), **quiet).fit(Tiny(), data(0), data(0))
torch.manual_seed(1)
pl.Trainer(max_epochs=3, logger=TensorBoardLogger("apart"), **quiet).fit(Tiny(), data(1), data(1))

# newcomer33: a module that never calls save_hyperparameters() (the TensorBoardLogger still writes hparams.yaml
# '{}', the CSVLogger none), with the callbacks a user has and both loggers under one name
from pytorch_lightning.callbacks import EarlyStopping, LearningRateMonitor, ModelCheckpoint
class Bare(Tiny):
    def __init__(self):
        pl.LightningModule.__init__(self)
        self.layer = torch.nn.Linear(4, 1)
    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.1)
        return {"optimizer": opt, "lr_scheduler": torch.optim.lr_scheduler.StepLR(opt, 2, 0.5)}
torch.manual_seed(2)
pl.Trainer(max_epochs=4, logger=[CSVLogger("nohp", name="exp"), TensorBoardLogger("nohp", name="exp")],
           callbacks=[ModelCheckpoint(monitor="val_loss"), EarlyStopping("val_loss", patience=3),
                      LearningRateMonitor()], **quiet).fit(Bare(), data(2), data(2))
""")
    return root


def test_lightning_csv_and_tensorboard_loggers_in_two_versions_are_one_run(lightning_two_loggers):
    """Lightning gives each logger its own version: one training was two runs, every series twice in the scan.
    Now one run per training (the first logger's version dir, where the checkpoints are), each series once, read
    from the event file as for the two loggers given one version dir (``load_sources.keep_once``), with a line
    naming both dirs."""
    tbparse = pytest.importorskip("tbparse")
    both = lightning_two_loggers / "both"
    logs = both / "lightning_logs"
    assert sorted(p.name for p in logs.iterdir()) == ["version_0", "version_1", "version_2", "version_3"]
    assert (logs / "version_0/metrics.csv").exists() and list((logs / "version_1").glob("events.out.tfevents*"))
    runs = discover(both)
    assert [(r.id, r.format) for r in runs] == [("lightning_logs/version_0", "lightning_csv+tensorboard"),
                                               ("lightning_logs/version_2", "lightning_csv+tensorboard")]
    for first, second in (("version_0", "version_1"), ("version_2", "version_3")):
        ref = tbparse.SummaryReader(str(logs / second), extra_columns={"wall_time"}).scalars
        ref = ref.sort_values(["tag", "step"], kind="stable")
        for resolve in (False, True):
            table, lines = warned(logs / first, resolve)  # the dir alone: no twin, the CSV only
            assert set(table["dir"]) == {""}
            table, lines = warned(both, resolve)
            mine = table[table["dir"] == f"lightning_logs/{first}"]
            if resolve:  # a counter (epoch: on a step's training and validation rows) once per step, the last
                ref = ref[~(ref["tag"].eq("epoch") & ref.duplicated(["tag", "step"], keep="last"))]
            assert mine["tag"].astype(str).tolist() == ref["tag"].tolist()
            assert mine["step"].tolist() == ref["step"].tolist()
            np.testing.assert_array_equal(mine["value"].to_numpy(), ref["value"].to_numpy(dtype=np.float64))
            assert any(f"{second} and {first} hold one training" in line for line in lines), lines
    report = scan([both])
    assert [r.run for r in report.runs] == ["lightning_logs/version_0", "lightning_logs/version_2"]
    assert not report.errors
    # discovery in shards (scan --jobs) must not find the two halves apart
    from loganalyzer.executor_shards import shard_dirs

    assert shard_dirs(str(logs)) is None
    sharded = scan([logs], jobs=2)
    assert [r.run for r in sharded.runs] == ["version_0", "version_2"]


def test_lightning_two_loggers_without_hyperparameters_are_one_run(lightning_two_loggers):
    """newcomer33 #1: a LightningModule without ``save_hyperparameters()`` gets an empty ``hparams.yaml`` ('{}')
    from the TensorBoardLogger and none from the CSVLogger: the pair was two runs, every verdict twice. An empty
    file is no hyperparameters, as a missing one; the pair is one run, each series once."""
    exp = lightning_two_loggers / "nohp" / "exp"
    assert (exp / "version_1/hparams.yaml").read_text().strip() == "{}"
    assert not (exp / "version_0/hparams.yaml").exists()
    runs = discover(lightning_two_loggers / "nohp")
    assert [(r.id, r.format) for r in runs] == [("exp/version_0", "lightning_csv+tensorboard")]
    report = scan([lightning_two_loggers / "nohp"])
    assert [r.run for r in report.runs] == ["exp/version_0"] and not report.errors
    table, lines = warned(lightning_two_loggers / "nohp")
    assert any("version_1 and version_0 hold one training" in line for line in lines), lines
    for tag in ("train_loss", "val_loss", "lr-SGD"):  # each series once
        assert not table[table["tag"] == tag].duplicated(["step"]).any(), tag


def test_lightning_loggers_of_two_trainings_stay_two_runs(lightning_two_loggers):
    """A CSVLogger-only training and a TensorBoardLogger-only one beside it (version_0, version_1): other
    points, two runs as before."""
    runs = discover(lightning_two_loggers / "apart")
    assert [(r.id, r.format) for r in runs] == [("lightning_logs/version_0", "lightning_csv"),
                                               ("lightning_logs/version_1", "tensorboard")]


KERAS_MODEL = """
import os
import numpy as np, keras

x = np.random.default_rng(0).normal(size=({rows}, 4)).astype("float32")
y = x.sum(1, keepdims=True)

def model(seed):
    keras.utils.set_random_seed(seed)
    m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    m.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse", metrics=["mae"])
    return m
"""  # a linear Keras model on x -> sum(x): the preamble of the Keras scripts below ({rows} samples)


KERAS_TWICE = KERAS_MODEL.replace("{rows}", "64") + """
class Board(keras.callbacks.Callback):
    # what keras.callbacks.TensorBoard does per epoch (it needs TensorFlow): a new writer per fit(), the epoch's
    # loss at step = epoch, here with torch's SummaryWriter (the torch backend's)
    def __init__(self, log_dir):
        super().__init__()
        self.log_dir = log_dir
    def on_train_begin(self, logs=None):
        from torch.utils.tensorboard import SummaryWriter
        self.writer = SummaryWriter(self.log_dir)
    def on_epoch_end(self, epoch, logs=None):
        self.writer.add_scalar("epoch_loss", logs["loss"], epoch)
    def on_train_end(self, logs=None):
        self.writer.close()

def fit(m, epochs, board=None):
    callbacks = [keras.callbacks.CSVLogger("training.log", append=True)]
    if board:
        callbacks.append(Board(board))
    m.fit(x, y, validation_data=(x, y), epochs=epochs, batch_size=16, verbose=0, callbacks=callbacks)

m = model(0)
fit(m, 5, "tb")
fit(m, 5, "tb")  # the same model again, no initial_epoch: epochs 0..4 once more, the loss going on
fit(model(1), 4)  # a new model: a second training
"""


@pytest.fixture(scope="module")
def keras_twice(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("keras_twice")
    run_child(root, KERAS_TWICE)
    return root


@pytest.mark.slow
def test_keras_fit_twice_into_one_csv_logger_is_one_run_continued(keras_twice):
    """``fit()`` twice on one model into one ``CSVLogger(append=True)`` without ``initial_epoch``: epochs 0-4
    twice, the loss going on. It was two runs (#1, #2); the Keras TensorBoard callback of the same fits is one run
    continued (``counter_reset_continued``). Now the CSV is one run too, continued the same way, with a warning
    naming the rule; the new model fitted after it stays a run of its own."""
    import csv

    path = keras_twice / "training.log"
    header, *rows = list(csv.reader(path.open()))
    assert [r[0] for r in rows] == [str(e) for e in [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3]]
    runs = [r for r in discover(keras_twice) if r.format == "keras_csv"]
    assert [r.id for r in runs] == ["training.log#1", "training.log#2"]
    raw, lines = warned(path)
    first = raw[raw["dir"] == "training.log#1"]
    assert first.query("tag == 'loss'")["step"].tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]  # every row as written
    assert any(":7: epoch went back to 0 after epoch 4" in line and "counter_reset_continued" in line
               for line in lines), lines
    resolved, _ = warned(path, resolve=True)
    assert resolved.attrs["step_rules"] == ("counter_reset_continued",)
    loss = resolved[(resolved["dir"] == "training.log#1") & (resolved["tag"] == "loss")]
    assert loss["step"].tolist() == list(range(10))
    assert loss["value"].tolist() == [float(r[header.index("loss")]) for r in rows[:10]]
    second = resolved[(resolved["dir"] == "training.log#2") & (resolved["tag"] == "loss")]
    assert second["value"].tolist() == [float(r[header.index("loss")]) for r in rows[10:]]
    # an event file per fit of the same two fits (as Keras' TensorBoard callback): one run, the same steps
    board, _ = warned(keras_twice / "tb", resolve=True)
    assert board.attrs["step_rules"] == ("counter_reset_continued",)
    epoch_loss = board[board["tag"] == "epoch_loss"]
    assert epoch_loss["step"].tolist() == list(range(10))
    np.testing.assert_allclose(epoch_loss["value"].to_numpy(), loss["value"].to_numpy(), rtol=1e-6)
    report = scan([keras_twice])
    ids = [r.run for r in report.runs]
    assert ids == ["tb", "training.log#1", "training.log#2"]
    assert report.runs[1].step_rules == ("counter_reset_continued",)


RICH = LIGHTNING + """
from pytorch_lightning.callbacks import RichProgressBar

class Shown(Tiny):
    def training_step(self, batch, i):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.layer(x), y)
        self.log("train_loss", loss, prog_bar=True)
        return loss
    def validation_step(self, batch, i):
        x, y = batch
        self.log("val_loss", torch.nn.functional.mse_loss(self.layer(x), y), prog_bar=True)

torch.manual_seed(0)
bar = RichProgressBar(console_kwargs={"force_terminal": True}) if sys.argv[1:] == ["tty"] else RichProgressBar()
pl.Trainer(max_epochs=4, logger=CSVLogger("csv"), callbacks=[bar], log_every_n_steps=1, enable_model_summary=False,
           enable_checkpointing=False).fit(Shown(lr=0.05), data(0), data(0))
"""

RICH_PROGRESS = """
import torch
from rich.progress import BarColumn, Progress, TextColumn

torch.manual_seed(0)
x = torch.randn(64, 4)
y = x.sum(1, keepdim=True)
model = torch.nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.05)
columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
           TextColumn("loss {task.fields[loss]:.4f}"))
with Progress(*columns) as progress:
    task = progress.add_task("train", total=50, loss=float("nan"))
    for step in range(50):
        loss = torch.nn.functional.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        progress.update(task, advance=1, loss=loss.item())
"""


@pytest.fixture(scope="module")
def rich_logs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("rich")
    run_child(root / "lightning", RICH, stdout="slurm-1.out")
    run_child(root / "plain", RICH_PROGRESS, stdout="train.log")
    return root


@pytest.mark.slow
def test_rich_bar_printed_to_a_file_says_why_it_has_one_point(rich_logs):
    """Rich draws a live bar only on a terminal; printed to a file it writes the bar's final state alone. The
    scan said "no scalar series"/"has a single point" with no word why. Now the final values are read (the
    Lightning bar's are the CSVLogger's last values, to the bar's 3 decimals) and one line says why there is
    nothing more, and how to keep every step."""
    import csv

    log = rich_logs / "lightning" / "slurm-1.out"
    text = log.read_text()
    assert text.count("Epoch 3/3") == 1 and "Epoch 0/3" not in text  # only the final state was written
    table, lines = warned(log)
    points = {tag: list(zip(g["step"], g["value"])) for tag, g in table.groupby("tag", observed=True)}
    rows = list(csv.DictReader((log.parent / "csv/lightning_logs/version_0/metrics.csv").open()))
    last = {k: float(next(r[k] for r in reversed(rows) if r[k])) for k in ("train_loss", "val_loss")}
    assert {tag: [v for _, v in p] for tag, p in points.items() if tag in last} == {
        k: [pytest.approx(v, abs=5e-4)] for k, v in last.items()}
    assert points["train_loss"][0][0] == 32  # epoch 3 of 8 batches, the bar's 8/8
    why = [line for line in lines if "Rich progress bar in its final state" in line]
    assert len(why) == 1 and why[0].startswith(str(log) + ": ") and "not a terminal" in why[0], lines
    (run,) = scan([log]).runs
    assert run.verdict == "unknown" and any("not a terminal" in w for w in run.warnings)
    assert "train_loss (1 point), val_loss (1 point)" in run.analysis.summary
    plain = rich_logs / "plain" / "train.log"
    table, lines = warned(plain)
    assert table["value"].tolist() == [pytest.approx(float(plain.read_text().split("loss ")[-1]), abs=1e-4)]
    assert any(line.startswith(f"{plain}: the only progress line is a Rich progress bar") for line in lines)


@pytest.mark.slow
def test_rich_bar_forced_to_a_terminal_gives_every_step(tmp_path):
    """``RichProgressBar(console_kwargs={'force_terminal': True})`` (what the line advises) writes every redraw
    into the file: a curve, no such line."""
    run_child(tmp_path, RICH.replace('sys.argv[1:] == ["tty"]', "True"), stdout="slurm-2.out")
    table, lines = warned(tmp_path / "slurm-2.out")
    assert (table["tag"] == "train_loss").sum() >= 8
    assert not any("Rich progress bar" in line for line in lines)


SPAWN_TWO_RANKS = """
if __name__ == "__main__":
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    mp.spawn(work, args=(2, port), nprocs=2)
"""  # the end of the DDP scripts below: two gloo ranks on a free loopback port


DDP = """
import os, sys, torch, torch.distributed as dist, torch.multiprocessing as mp
from torch.utils.tensorboard import SummaryWriter

def work(rank, world, port):
    os.environ["MASTER_ADDR"], os.environ["MASTER_PORT"] = "127.0.0.1", str(port)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    torch.manual_seed(rank)  # each rank its own shard
    x = torch.randn(64, 4)
    y = x.sum(1, keepdim=True)
    model = torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(4, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    writer = SummaryWriter("runs/ddp")  # on every rank: no 'if rank == 0'
    for step in range(40):
        loss = torch.nn.functional.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        writer.add_scalar("train/loss", loss.item(), step)
        if step % 10 == 9:
            writer.add_scalar("val/loss", 1.1 * loss.item(), step)
    writer.close()
    dist.destroy_process_group()

""" + SPAWN_TWO_RANKS


@pytest.mark.slow
def test_a_writer_on_every_rank_keeps_the_first_files_curves(tmp_path):
    """torch.distributed with a SummaryWriter on every rank: two event files in one dir, written at the same time
    over the same steps. The resolved view took the later file's point at each step (per-step later-wins, the
    resume rule) with a warning that the points were 'logged again' -- the processes' curves spliced wherever
    their steps differ. Now the first file's curves are kept whole, with a line saying why."""
    tbparse = pytest.importorskip("tbparse")
    run_child(tmp_path, DDP)
    run = tmp_path / "runs" / "ddp"
    files = sorted(run.glob("events.out.tfevents*"), key=lambda p: [int(t) if t.isdigit() else t
                                                                    for t in p.name.split(".")])
    assert len(files) == 2
    first = tbparse.SummaryReader(str(files[0])).scalars
    second = tbparse.SummaryReader(str(files[1])).scalars
    assert not np.allclose(first["value"], second["value"])  # two shards, two curves
    raw, _ = warned(run)
    assert len(raw) == len(first) + len(second)
    resolved, lines = warned(run, resolve=True)
    assert resolved.attrs["step_rules"] == ("concurrent_writers",)
    ref = first.sort_values(["tag", "step"], kind="stable")
    assert resolved["tag"].astype(str).tolist() == ref["tag"].tolist()
    np.testing.assert_array_equal(resolved["value"].to_numpy(), ref["value"].to_numpy(dtype=np.float64))
    assert any(line.startswith(f"{files[1]}: written at the same time as {files[0]}") for line in lines), lines
    assert not any("logged again" in line for line in lines)


KILLED = LIGHTNING + """
import os
torch.manual_seed(0)
pl.Trainer(max_epochs=3, logger=CSVLogger("pl"), **quiet).fit(Tiny(), data(0), data(0))

os.environ["KERAS_BACKEND"] = "torch"
import numpy as np, keras
keras.utils.set_random_seed(0)
x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse", metrics=["mae"])
model.fit(x, x.sum(1, keepdims=True), validation_split=0.25, epochs=12, batch_size=16, verbose=0,
          callbacks=[keras.callbacks.CSVLogger("keras.log")])

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
import mlflow
mlflow.set_tracking_uri("file:" + os.path.abspath("mlruns"))
with mlflow.start_run():
    for step in range(15):
        mlflow.log_metric("loss", 2.0 / (1 + step), step=step)
"""


def _points(table) -> set:
    return set(zip(table["tag"].astype(str), table["step"], table["value"]))


@pytest.fixture(scope="module")
def killed_logs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("killed")
    run_child(root, KILLED)
    (loss,) = root.glob("mlruns/*/*/metrics/loss")
    return {"lightning": next(root.glob("pl/lightning_logs/version_0/metrics.csv")), "keras": root / "keras.log",
            "mlflow": loss}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["lightning", "keras", "mlflow"])
def test_a_log_cut_inside_its_last_line_reads_no_cut_number(killed_logs, kind, tmp_path):
    """A job killed while its logger wrote a line leaves that line's first bytes. Short of fields, the row was
    skipped with a warning; with all its fields the last cell was read as written -- '0.0005885' for
    '0.000588529...', '0.0' for '0.0123', an MLflow step '1' for '12' -- silently. Now no point of a cut file is
    off the full file's (a cell shorter than its column's, or with a shorter exponent, is left out), and a line
    names the file and line of whatever was left out. A last line that only lacks its line end keeps its value
    (a public log written so: tests/test_breaker_readers.py::test_a_whole_last_line_without_its_line_end_is_read)."""
    full_path = killed_logs[kind]
    data = full_path.read_bytes()
    assert data.endswith(b"\n")
    full = _points(read_scalars(full_path))
    last_start = data.rstrip(b"\r\n").rfind(b"\n") + 1
    line_no = data[:last_start].count(b"\n") + 1
    warned_cuts = 0
    # what discovery needs around the file: an MLflow run dir (meta.yaml), a Lightning version dir, the file alone
    home = full_path.parent.parent if kind == "mlflow" else full_path.parent
    for end in range(last_start + 1, len(data.rstrip(b"\r\n"))):
        cut = tmp_path / f"{end}" / full_path.relative_to(home)
        if kind == "keras":
            cut.parent.mkdir()
        else:
            shutil.copytree(home, cut.parent.parent if kind == "mlflow" else cut.parent)
        cut.write_bytes(data[:end])
        table, lines = warned(cut)
        got = _points(table)
        # no cut number: every point is the full file's, or (a cut past a cell's last digits that matter) within
        # 1e-12 of it; every point the cut lost is named by a line at the cut line
        wrong = [p for p in got - full if not any(t == p[0] and s == p[1] and abs(v - p[2]) <= 1e-12 * abs(v)
                                                  for t, s, v in full)]
        assert not wrong, (data[last_start:end], wrong)
        if len(got) < len(full):
            assert any(line.startswith(f"{cut}:{line_no}: ") for line in lines), (data[last_start:end], lines)
            warned_cuts += 1
    assert warned_cuts > 5


HF_CHECKPOINTS = HF_TINY + """
model = tiny_bert()
args = TrainingArguments(output_dir="out", num_train_epochs=3, per_device_train_batch_size=8, logging_steps=2,
    eval_strategy="steps", eval_steps=4, save_strategy="steps", save_steps=12, report_to=[], learning_rate=1e-3,
    use_cpu=True, disable_tqdm=True)
Trainer(model=model, args=args, train_dataset=DS(96), eval_dataset=DS(32)).train()
"""


@pytest.mark.slow
def test_a_trainer_state_cut_while_written_gives_its_whole_entries(tmp_path):
    """A job stopped while the Trainer wrote checkpoint-36/trainer_state.json (disk full, killed): the file was one
    'invalid JSON' error, its log entries after checkpoint-24 lost. Now its whole entries before the cut are read,
    with a line naming the file; the resolved view never takes the cut copy for a later session that stopped
    early (that dropped the other copies' later points)."""
    run_child(tmp_path, HF_CHECKPOINTS)
    out = tmp_path / "out"
    assert sorted(p.name for p in out.glob("checkpoint-*")) == ["checkpoint-12", "checkpoint-24", "checkpoint-36"]
    last = out / "checkpoint-36" / "trainer_state.json"
    data = last.read_bytes()
    full, _ = warned(out, resolve=True)
    full_points = _points(full)
    (out / "checkpoint-36").rename(tmp_path / "away")
    without, _ = warned(out, resolve=True)  # what the whole copies give
    (tmp_path / "away").rename(out / "checkpoint-36")
    assert len(without) < len(full)
    gained = 0
    for end in range(len(data) // 3, len(data) - 1, max(1, len(data) // 40)):
        last.write_bytes(data[:end])
        table, lines = warned(out, resolve=True)
        assert _points(table) <= full_points and len(table) >= len(without), end
        assert any(line.startswith(f"{last}:") and "cut short" in line for line in lines), lines
        assert not any("dropped" in line or "replaced" in line for line in lines), lines
        gained = max(gained, len(table) - len(without))
        assert not scan([out]).errors
    assert gained > 0  # the cut file's entries past checkpoint-24 are read


DDP_PRINT = """
import os, sys, torch, torch.distributed as dist, torch.multiprocessing as mp

def work(rank, world, port):
    os.environ["MASTER_ADDR"], os.environ["MASTER_PORT"] = "127.0.0.1", str(port)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    torch.manual_seed(rank)
    x = torch.randn(64, 4)
    y = x.sum(1, keepdim=True)
    model = torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(4, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    for step in range(30):
        loss = torch.nn.functional.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        # on every rank, no prefix; one write() per line, as a line-buffered print of a short line is (print's
        # text and its newline as two writes let the ranks' lines run into each other: a flaky test, not the case)
        os.write(1, f"step {step}: train loss {loss.item():.4f}\\n".encode())
    dist.destroy_process_group()

""" + SPAWN_TWO_RANKS


@pytest.mark.slow
def test_ranks_printing_without_a_prefix_give_one_point_per_step(tmp_path):
    """Two DDP ranks printing 'step N: train loss X' into one job log without a rank prefix: each step twice, in
    no fixed order; read as written, a zig-zag between the two ranks' curves (60 points for 30 steps), silently.
    Now one point per step in the resolved view, the ranks' mean (order-free), and a line saying so; the raw view
    keeps every printed line, as tbparse keeps every event (readers28b)."""
    run_child(tmp_path, DDP_PRINT, stdout="slurm-7.out")
    log = tmp_path / "slurm-7.out"
    printed: dict[int, list[float]] = {}
    for line in log.read_text().splitlines():
        if line.startswith("step "):
            step, loss = line[5:].split(": train loss ")
            printed.setdefault(int(step), []).append(float(loss))
    assert len(printed) == 30 and all(len(v) == 2 for v in printed.values())
    table, lines = warned(log, resolve=True)
    loss = table[table["tag"] == "train_loss"]
    assert loss["step"].tolist() == list(range(30))
    np.testing.assert_allclose(loss["value"], [np.mean(printed[s]) for s in range(30)], rtol=1e-12)
    assert any(line.startswith(f"{log}: 'train_loss': every step (0–29) printed 2 times") for line in lines), lines
    raw, _ = warned(log)
    raw = raw[raw["tag"] == "train_loss"]
    assert raw["step"].tolist() == [s for s in range(30) for _ in range(2)]
    assert sorted(raw["value"].tolist()) == sorted(v for s in range(30) for v in printed[s])


def test_a_whole_last_line_without_its_line_end_is_read(tmp_path):
    """A CSV whose writer did not end its last line (rows '...,1.9938\\r\\n', then '24,...,1.9962' and no line
    end: eval/public's chess-eval losses.csv) keeps its last value, with no warning: as long as its column's."""
    rows = ["epoch,val loss,train loss"] + [f"{e},{1.8 + e / 1000:.4f},{2.0 - e / 100:.4f}" for e in range(1, 25)]
    path = tmp_path / "losses.csv"
    path.write_bytes("\r\n".join(rows).encode())
    table, lines = warned(path)
    assert table[table["tag"] == "train loss"]["value"].tolist()[-1] == 1.76 and not lines
    path.write_bytes("\r\n".join(rows).encode()[:-2])  # '1.76' of '1.7600'
    table, lines = warned(path)
    assert table[table["tag"] == "train loss"]["step"].tolist()[-1] == 23
    assert lines == [f"{path}:25: the file ends inside this line (no line end: the job stopped mid-write?); its "
                     "last cell '1.76' may be cut short and is left out"]


KERAS_PRINTED = KERAS_MODEL.replace("{rows}", "256") + """
m = model(0)
for epochs in (6, 4):  # the same model fitted again, no initial_epoch: Epoch 1/6 .. 6/6, then Epoch 1/4 .. 4/4
    m.fit(x, y, validation_split=0.25, epochs=epochs, batch_size=16, verbose=2,
          callbacks=[keras.callbacks.CSVLogger("training.log", append=True)])
model(1).fit(x, y, validation_split=0.25, epochs=4, batch_size=16, verbose=2)  # a new model: another training
"""


@pytest.mark.slow
def test_keras_fit_twice_printed_to_a_job_log_is_one_run_continued(tmp_path):
    """The printed twin of test_keras_fit_twice_into_one_csv_logger_is_one_run_continued: the same model's two
    fit() outputs in one job log were two runs (#1, #2); now one run with the second fit's epochs continued (as
    its CSVLogger), the new model's fit after it a run of its own."""
    run_child(tmp_path, KERAS_PRINTED, stdout="slurm-3.out")
    log = tmp_path / "slurm-3.out"
    assert log.read_text().count("Epoch 1/") == 3
    runs = [r for r in discover(tmp_path) if r.format == "joblog"]
    assert [r.id for r in runs] == ["slurm-3.out#1", "slurm-3.out#2"]
    table, lines = warned(log)
    first = table[(table["dir"] == "slurm-3.out#1") & (table["tag"] == "loss")]
    csv_loss, _ = warned(tmp_path / "training.log", resolve=True)
    csv_loss = csv_loss[(csv_loss["dir"] == "training.log") & (csv_loss["tag"] == "loss")]
    assert first["step"].tolist() == [s + 1 for s in csv_loss["step"]]  # Keras prints epochs from 1
    np.testing.assert_allclose(first["value"], csv_loss["value"], rtol=1e-3)  # printed with 4 decimals
    assert any("counter_reset_continued" in line and line.startswith(str(log)) for line in lines), lines
