"""newcomer34: faults a first-time user met on fresh public logs and tiny real trainings (no verdict rule changed).

- A TensorBoard run whose best validation loss is its last evaluation printed numpy's "Mean of empty slice"
  RuntimeWarning on stderr (``verdict_drift.val_drift`` took the median of no evaluations).
- A line of text among a CSV log's rows (``this is not csv at all``) was dropped without a word.
- A broken symbolic link named like an event file was skipped in silence: "no training runs found".
- A HuggingFace ``trainer_state.json`` whose ``log_history`` holds only the end-of-training summary (the shape of
  mellymeter/ES3890AI's ``output/trainer_state.json``: 69 steps at ``logging_steps`` 500, mean ``train_loss``
  1.8e+11) said "no series named like a loss; tags: epoch" and advised naming the loss series.
- A printed log with no number in it (a Lightning job with its progress bar off; AnudeepReddy-Katta/cifar10's
  ``eval.log``) was advised to "Name the loss series with --train-series", though it has no series to name.
"""
from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import loganalyzer
from loganalyzer.scan import scan

from test_hfhistory import _WRITER as _HF_WRITER  # noqa: E402

torch = pytest.importorskip("torch")


def _summary_writer_run(logdir: Path) -> None:
    """A tiny regression trained with SGD, logged through torch's SummaryWriter; its validation loss is lowest at
    its last evaluation."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    x, w = torch.randn(256, 8), torch.randn(8, 1)
    y = x @ w
    net = torch.nn.Linear(8, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    writer = SummaryWriter(str(logdir))
    for step in range(120):
        loss = ((net(x[:64]) - y[:64]) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        writer.add_scalar("train/loss", loss.item(), step)
        if step % 10 == 9:
            with torch.no_grad():
                writer.add_scalar("val/loss", ((net(x[64:]) - y[64:]) ** 2).mean().item(), step)
    writer.close()


def test_best_validation_at_the_last_evaluation_warns_nothing(tmp_path: Path):
    _summary_writer_run(tmp_path / "run")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # numpy's "Mean of empty slice" raised here before
        report = scan([str(tmp_path / "run")])
    (run,) = report.runs
    assert run.verdict == "healthy"
    assert run.analysis.evidence["best_val_step"] == 119  # the last evaluation is the best one


def _csv_rows(path: Path) -> None:
    """A per-epoch CSV log written with csv.writer from a tiny real torch training, with a stray line of text the
    user's script printed into it after epoch 2."""
    import csv

    torch.manual_seed(1)
    x = torch.randn(128, 4)
    y = x.sum(1, keepdim=True)
    net = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["epoch", "loss", "val_loss"])
        for epoch in range(8):
            loss = ((net(x[:96]) - y[:96]) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                val = ((net(x[96:]) - y[96:]) ** 2).mean().item()
            out.writerow([epoch, loss.item(), val])
            if epoch == 2:
                f.write("this is not csv at all\n")


def test_a_text_line_among_csv_rows_is_reported(tmp_path: Path):
    _csv_rows(tmp_path / "log.csv")
    report = scan([str(tmp_path)])
    (run,) = report.runs
    assert [s.points for s in run.series] == [8, 8]
    assert list(run.warnings) == [
        f"{tmp_path / 'log.csv'}:5: 'epoch' is 'this is not csv at all' and no other cell holds a number; "
        "row skipped"]


def test_a_text_cell_in_the_step_column_beside_a_reported_cell_is_one_line(tmp_path: Path):
    # 'step,note' under 'step,loss': the cell 'note' is already said; the row is not said twice
    (tmp_path / "n.csv").write_bytes(b"step,loss\n0,1.0\nstep,note\n1,0.5\n2,0.25\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loganalyzer.read_scalars(str(tmp_path / "n.csv"))
    assert [str(w.message).split(": ", 1)[1] for w in caught] == ["column 'loss': 'note' is not a number; cell skipped"]


def test_a_broken_link_named_like_an_event_file_is_an_error_line(tmp_path: Path):
    _summary_writer_run(tmp_path / "good")
    (tmp_path / "good" / "events.out.tfevents.1.gone").symlink_to(tmp_path / "nowhere")
    report = scan([str(tmp_path)])
    assert [r.run for r in report.runs] == ["good"]
    assert [(e.path, e.message) for e in report.errors] == [
        (str(tmp_path / "good" / "events.out.tfevents.1.gone"),
         f"a broken symbolic link (to {tmp_path / 'nowhere'}); not read")]
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "events.out.tfevents.2.gone").symlink_to(tmp_path / "nowhere")
    done = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", str(alone)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 2
    assert "1 file could not be read" in done.stderr and "a broken symbolic link" in done.stderr


# the tiny Trainer model and data of test_hfhistory's writer, then a run at the default logging_steps
_HF_SUMMARY_ONLY = _HF_WRITER.split("torch.manual_seed(0)")[0] + r'''
torch.manual_seed(0)
# as mellymeter/ES3890AI: a short fine-tune at the default logging_steps (500): only the summary is logged
args = TrainingArguments(sys.argv[1], max_steps=12, logging_steps=500, save_strategy="no", report_to=[],
                         per_device_train_batch_size=4, disable_tqdm=True, use_cpu=True)
trainer = Trainer(model=Model(), args=args, train_dataset=Data(48, 1))
trainer.train()
trainer.state.save_to_json(sys.argv[1] + "/trainer_state.json")
'''


def test_a_trainer_state_with_only_the_summary_says_so(tmp_path: Path):
    pytest.importorskip("transformers")
    done = subprocess.run([sys.executable, "-c", _HF_SUMMARY_ONLY, str(tmp_path / "out")], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    (run,) = scan([str(tmp_path / "out")]).runs
    assert run.verdict == "unknown"
    mean = run.analysis.evidence["reason"].split("train_loss ", 1)[1].split(" ", 1)[0]
    assert float(mean) > 0
    assert run.summary == (
        f"no usable loss: the only loss is the trainer's end-of-training summary, train_loss {mean} (the mean over "
        "12 steps), not a curve; logging_steps 500 >= max_steps 12: no loss was logged during training (set "
        "logging_steps below max_steps, or logging_strategy=\"epoch\", for a curve).")
    assert "logging_steps" in run.analysis.advice[0] and "--train-series" not in run.analysis.advice[0]


def test_a_printed_log_without_numbers_is_not_told_to_name_a_series(tmp_path: Path):
    # what a Lightning fit with its progress bar and logger off prints: nothing with a number in it
    pl = pytest.importorskip("pytorch_lightning")
    script = (
        "import torch, pytorch_lightning as pl\n"
        "from torch.utils.data import DataLoader, TensorDataset\n"
        "class M(pl.LightningModule):\n"
        "    def __init__(s):\n        super().__init__(); s.l = torch.nn.Linear(2, 1)\n"
        "    def training_step(s, b, i):\n        return ((s.l(b[0]) - b[1]) ** 2).mean()\n"
        "    def configure_optimizers(s):\n        return torch.optim.SGD(s.parameters(), 0.1)\n"
        "x = torch.randn(32, 2)\n"
        "pl.Trainer(max_epochs=2, logger=False, enable_checkpointing=False, enable_progress_bar=False,\n"
        "           enable_model_summary=False).fit(M(), DataLoader(TensorDataset(x, x.sum(1, keepdim=True)), 8))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    log = tmp_path / "slurm-77.out"
    log.write_text(done.stdout + done.stderr)
    assert pl.__version__
    (run,) = scan([str(log)]).runs
    assert run.verdict == "unknown" and run.summary == "no usable loss: no scalar series at all."
    assert run.analysis.advice[0].startswith("Nothing here is a series to name")


def test_a_bar_without_a_loss_cut_by_the_time_limit_is_not_said_to_print_no_progress(tmp_path: Path):
    # the shape of owencqueen/PolymerGNN's SOAP_10.e: a bare tqdm bar (11/50 at 638 s/it) cut by Slurm's time limit
    import io

    tqdm = pytest.importorskip("tqdm")
    out = io.StringIO()
    net = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    x = torch.randn(16, 3)
    for _ in tqdm.tqdm(range(50), file=out, mininterval=0):
        if _ == 11:
            break
        loss = (net(x) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    log = tmp_path / "slurm-42210.out"
    log.write_text(out.getvalue() + "slurmstepd: error: *** JOB 42210 ON clr0738 CANCELLED AT 2022-04-14T16:17:16 "
                   "DUE TO TIME LIMIT ***\n")
    (run,) = scan([str(log)]).runs
    assert run.ended.cause == "time_limit"
    assert "before any loss was printed" in run.ended.summary and "progress" not in run.ended.summary


_MLFLOW_MODEL = r'''
import sys, torch, mlflow, mlflow.pytorch
mlflow.set_tracking_uri("file:" + sys.argv[1])
torch.manual_seed(0)
net = torch.nn.Linear(4, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
x = torch.randn(32, 4)
y = x.sum(1, keepdim=True)
with mlflow.start_run():
    for epoch in range(6):
        loss = ((net(x) - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        mlflow.log_metric("train_loss", loss.item(), step=epoch)
        mlflow.log_metric("val_loss", loss.item() * 1.1, step=epoch)
    mlflow.pytorch.log_model(net, name="model", input_example=x[:2])
'''


def test_an_mlflow3_logged_model_is_no_run_and_its_copied_lines_count_once(tmp_path: Path):
    # as Abas527/chest-cancer-classifier: log_model makes mlruns/<exp>/models/m-<id>/ (meta.yaml, metrics/ with
    # 4-field lines) and appends the run's first line again to each run metric file
    pytest.importorskip("mlflow")
    import os

    env = {**os.environ, "MLFLOW_ALLOW_FILE_STORE": "true"}
    subprocess.run([sys.executable, "-c", _MLFLOW_MODEL, str(tmp_path / "mlruns")], env=env, capture_output=True,
                   text=True, timeout=600)  # its end (saving the weights) may fail: the model dir is made first
    assert list((tmp_path / "mlruns").glob("*/models/m-*/metrics/train_loss"))
    report = scan([str(tmp_path / "mlruns")])
    (run,) = report.runs
    assert not report.errors and "/models/" not in run.run
    assert {s.name: s.points for s in run.series} == {"train_loss": 6, "val_loss": 6}
