"""Job logs (readers/joblog.py, ending.py): curves and endings from what cluster jobs printed.

The progress parts are printed for real: HF Trainer, PyTorch Lightning, Keras and a plain torch loop run here in
subprocesses (stdout and stderr captured as SLURM captures them, tqdm carriage returns included). The endings that
cannot happen on this machine (SLURM kills, CUDA errors, NCCL, torchrun) are appended in their documented shapes
(SLURM's slurmstepd/req.c messages, torch's OutOfMemoryError / ProcessGroupNCCL / ChildFailedError texts).
"""
from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from loganalyzer import ending
from loganalyzer.discover import discover
from loganalyzer.load import load_run
from loganalyzer.readers import UnreadableFile, joblog
from loganalyzer.scan import CAUSES, matches_fail_on, scan

from _runs import HF_TINY, print_job  # noqa: E402

HF = HF_TINY + """
class Boom(TrainerCallback):
    def on_step_end(self, args, state, control, **kw):
        if state.global_step == 10: raise ValueError("bad batch: token id 77 out of range")
def run(lr, callbacks=()):
    model = tiny_bert()
    args = TrainingArguments(output_dir=sys.argv[2], num_train_epochs=2, per_device_train_batch_size=8,
        logging_steps=3, eval_strategy="epoch", save_strategy="no", report_to=[], learning_rate=lr, use_cpu=True)
    Trainer(model=model, args=args, train_dataset=DS(96), eval_dataset=DS(32), callbacks=list(callbacks)).train()
if sys.argv[1] == "sweep":
    for lr in (1e-3, 3e-3): run(lr)
else:
    run(1e-3, [Boom()])
"""

LIGHTNING = """
import sys, torch, pytorch_lightning as pl
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(0)
X = torch.randn(256, 8); Y = (X.sum(1) > 0).long()
class M(pl.LightningModule):
    def __init__(self): super().__init__(); self.net = torch.nn.Linear(8, 2)
    def training_step(self, b, i):
        loss = torch.nn.functional.cross_entropy(self.net(b[0]), b[1]); self.log("train_loss", loss, prog_bar=True)
        return loss
    def validation_step(self, b, i):
        self.log("val_loss", torch.nn.functional.cross_entropy(self.net(b[0]), b[1]), prog_bar=True)
    def configure_optimizers(self): return torch.optim.SGD(self.parameters(), lr=0.1)
def fit(epochs, ckpt=None):
    tr = pl.Trainer(max_epochs=epochs, default_root_dir=sys.argv[1], accelerator="cpu", log_every_n_steps=4,
                    callbacks=[pl.callbacks.TQDMProgressBar(refresh_rate=1)], enable_model_summary=False)
    tr.fit(M(), DataLoader(TensorDataset(X, Y), batch_size=16), DataLoader(TensorDataset(X[:64], Y[:64]), batch_size=16),
           ckpt_path=ckpt)
    return tr
first = fit(2)
path = sys.argv[1] + "/last.ckpt"; first.save_checkpoint(path)
fit(4, path)  # the job resumed from its checkpoint: the curve goes on
"""

KERAS = """
import os, sys
os.environ["KERAS_BACKEND"] = "torch"
import numpy as np, keras
keras.utils.set_random_seed(0)
x = np.random.randn(256, 4).astype("float32"); y = (x.sum(1) > 0).astype("float32")
def fit(lr, epochs, verbose, callbacks=()):
    m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
    m.compile(optimizer=keras.optimizers.SGD(lr), loss="mse")
    m.fit(x, y * 1e6, epochs=epochs, batch_size=32, validation_split=0.25, verbose=verbose, callbacks=list(callbacks))
fit(1e-14, 3, int(sys.argv[1]))                                          # a sweep: two trainings in a row,
fit(0.5, 20, int(sys.argv[1]), [keras.callbacks.TerminateOnNaN()])        # the second blows up to NaN
"""

TORCH = """
import sys, torch
from tqdm import tqdm
torch.manual_seed(0)
model = torch.nn.Linear(10, 1); opt = torch.optim.SGD(model.parameters(), lr=0.05)
x = torch.randn(640, 10); y = x.sum(1, keepdim=True)
for epoch in range(1, 3):
    bar = tqdm(range(0, 640, 32), desc=f"epoch {epoch}")
    for i in bar:
        loss = torch.nn.functional.mse_loss(model(x[i:i+32]), y[i:i+32])
        opt.zero_grad(); loss.backward(); opt.step()
        bar.set_postfix(loss=f"{loss.item():.4f}")
        if i % 128 == 0:
            print('Train Epoch: {} [{}/{} ({:.0f}%)]\\tLoss: {:.6f}'.format(epoch, i, 640, 100. * i / 640, loss.item()))
    print('\\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\\n'.format(loss.item() / 2, 90, 100, 90.))
"""


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> dict[str, Path]:
    """Logs printed for real by each framework: {name: path}; .out/.err pairs as SLURM writes them."""
    d = tmp_path_factory.mktemp("printed")
    jobs = {
        "hf_sweep": (HF, ["sweep", str(d / "o1")], d / "slurm-11.out", d / "slurm-11.err"),
        # every bar redraw printed (tqdm >= 4.66 reads TQDM_* from the environment): with tqdm's default 0.1 s a
        # loaded machine skips the redraws the test reads the global steps 3, 6, 9 from
        "hf_crash": (HF, ["crash", str(d / "o2")], d / "slurm-12.out", None,
                     {"TQDM_MININTERVAL": "0", "TQDM_MINITERS": "1"}),
        "lightning": (LIGHTNING, [str(d / "pl")], d / "slurm-13.out", d / "slurm-13.err"),
        "keras": (KERAS, ["1"], d / "keras.log", None),
        "keras2": (KERAS, ["2"], d / "keras2.out", d / "keras2.err"),
        "torch": (TORCH, [], d / "torch.out", d / "torch.err"),
    }
    try:
        import accelerate  # noqa: F401  the HF Trainer needs it
    except ImportError:
        jobs = {k: v for k, v in jobs.items() if not k.startswith("hf")}
    with ThreadPoolExecutor(2) as pool:
        codes = dict(zip(jobs, pool.map(lambda job: print_job(*job[:4], env_extra=job[4] if len(job) > 4 else None), jobs.values())))
    assert all(code == 0 for name, code in codes.items() if name != "hf_crash"), codes
    return {name: job[2] for name, job in jobs.items()}


def _needs(printed, name):
    if name not in printed:
        pytest.skip(f"{name}: its framework is not installed")
    return printed[name]


def _runs(path):
    return {run.id: load_run(run) for run in discover(path)}


def _series(loaded, tag):
    s = loaded.scalars
    rows = s[s["tag"] == tag]
    return rows["step"].tolist(), rows["value"].tolist()


# ---------------------------------------------------------------- curves printed for real


def test_hf_sweep_is_two_runs_with_eval_and_completed(printed):
    out = _needs(printed, "hf_sweep")
    runs = _runs(out.parent / "slurm-11.out")
    assert sorted(runs) == ["slurm-11.out#1", "slurm-11.out#2"]
    for loaded in runs.values():
        steps, values = _series(loaded, "loss")
        assert steps == list(range(1, 9)) and all(0 < v < 1 for v in values)
        assert _series(loaded, "eval_loss")[0] == [4, 8]  # the end of each epoch, in logging intervals
        assert loaded.ended.cause == "completed" and "train_runtime" in loaded.ended.lines[0][2]


def test_hf_crash_is_python_exception_with_traceback_lines(printed):
    out = _needs(printed, "hf_crash")
    (loaded,) = _runs(out).values()
    ended = loaded.ended
    assert ended.cause == "python_exception" and ended.exception == "ValueError"
    assert ended.step == 9  # the bar (2>&1, unbuffered) gives the Trainer's real global steps: 3, 6, 9
    assert _series(loaded, "loss")[0] == [3, 6, 9]
    quoted = [text for _, _, text in ended.lines]
    assert quoted[0].startswith("Traceback") and quoted[-1].startswith("ValueError: bad batch")
    lines = out.read_bytes().split(b"\n")
    for path, number, text in ended.lines:  # the line numbers are the file's
        assert text.split(":")[0].encode() in lines[number - 1]


def _lightning_tb_losses(root: Path) -> dict[int, float]:
    """train_loss as the same job's Lightning logger wrote it (its event files), keyed by the bar's step (global step
    + 1: the bar counts the batch it finished)."""
    from loganalyzer import read_scalars

    df = read_scalars(root)
    rows = df[df["tag"] == "train_loss"]
    return {int(s) + 1: float(v) for s, v in zip(rows["step"], rows["value"])}


def test_lightning_bars_resumed_job_continues_its_curve(printed):
    out = _needs(printed, "lightning")
    runs = _runs(out)
    assert list(runs) == ["slurm-13.out"]  # the resumed fit is the same run, not a second one
    loaded = runs["slurm-13.out"]
    steps, values = _series(loaded, "train_loss")
    assert min(steps) >= 1 and max(steps) == 4 * 16 and len(set(steps)) > 40
    # each step once: the bar is redrawn when its counter moves, before the step's postfix is set ("2/16 ...
    # train_loss=0.719" then "2/16 ... train_loss=0.620"); the last redraw at a step holds its value
    assert len(steps) == len(set(steps)), [s for s in steps if steps.count(s) > 1][:6]
    tb = _lightning_tb_losses(out.parent / "pl")
    shared = sorted(set(tb) & set(steps))
    assert len(shared) >= 8 and all(abs(values[steps.index(s)] - tb[s]) < 6e-4 for s in shared)
    val_steps, _ = _series(loaded, "val_loss")
    assert val_steps == [16, 32, 48, 64]  # once per validation, not repeated at every step of the postfix
    assert loaded.ended.cause == "completed"
    assert any("Trainer.fit` stopped" in text for _, _, text in loaded.ended.lines)


@pytest.mark.parametrize("name", ["keras", "keras2"])
def test_keras_fit_sweep_and_terminate_on_nan(printed, name):
    out = _needs(printed, name)
    runs = _runs(out)
    assert sorted(runs) == [f"{out.name}#1", f"{out.name}#2"]
    first, second = runs[f"{out.name}#1"], runs[f"{out.name}#2"]
    assert _series(first, "loss")[0] == [1, 2, 3] and _series(first, "val_loss")[0] == [1, 2, 3]
    assert first.ended.cause == "completed"
    assert second.ended.cause == "nan_abort"
    assert "Invalid loss, terminating training" in second.ended.lines[-1][2]
    report = scan([str(out)])
    verdicts = {r.run.rsplit("#", 1)[1]: r for r in report.runs}
    second_run = verdicts["2"]
    assert second_run.ended.cause == "nan_abort"
    # NaN in its first epoch: too little curve to judge, and the summary says how the job ended
    assert second_run.verdict in ("nan", "unknown")
    if second_run.verdict == "unknown":
        assert "the loss became NaN/Inf" in second_run.summary


def test_plain_torch_tqdm_postfix_and_examples_lines(printed):
    out = _needs(printed, "torch")
    runs = _runs(out.parent / "torch.out")
    (loaded,) = runs.values()
    assert [f.path.rsplit("/", 1)[-1] for f in loaded.run.files] == ["torch.out", "torch.err"]
    # stdout's PyTorch-examples lines are the richer file: tqdm redraws a fast loop's bar only now and then
    assert set(loaded.scalars["tag"].astype(str)) == {"loss", "test_loss", "test_accuracy"}
    assert loaded.scalars["step"].max() == 640 + 512
    assert loaded.ended.cause == "unknown"  # a plain loop prints no end: the log cannot tell


# ---------------------------------------------------------------- endings in their documented shapes

PROGRESS = "".join(f"iter {i}: loss {3.0 / (1 + i / 50):.4f}, time 41.2ms, mfu 12.30%\n" for i in range(0, 300, 10))
SLURM = "slurmstepd: error: *** JOB 4242 ON gpu-node-07 CANCELLED AT 2024-05-01T12:00:00{} ***\n"
TB = "Traceback (most recent call last):\n  File \"train.py\", line 88, in <module>\n    loss.backward()\n"
ENDINGS = {
    "completed": ("Training completed.\n", {}),
    "time_limit": (SLURM.format(" DUE TO TIME LIMIT"), {"node": "gpu-node-07"}),
    "preempted": (SLURM.format(" DUE TO PREEMPTION"), {}),
    "cancelled": (SLURM.format(""), {}),
    "node_failure": (SLURM.format(" DUE TO NODE FAILURE, SEE SLURMCTLD LOG FOR DETAILS"), {}),
    "host_oom": ("/var/spool/slurmd/job4242/slurm_script: line 12: 81234 Killed                  python train.py\n"
                 "slurmstepd: error: Detected 1 oom_kill event in StepId=4242.batch. Some of the step tasks have "
                 "been OOM Killed.\n", {}),
    "cuda_oom": (TB + "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total "
                 "capacity of 79.15 GiB of which 1.06 GiB is free. Including non-PyTorch memory, this process has "
                 "78.08 GiB memory in use. Of the allocated memory 70.10 GiB is allocated by PyTorch, and 6.50 GiB "
                 "is reserved by PyTorch but unallocated. If reserved but unallocated memory is large try setting "
                 "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.\n",
                 {"detail": {"allocation": "2.00 GiB", "reserved_unallocated": "6.50 GiB"}}),
    "nccl_timeout": ("[rank1]:[E1218 20:27:21.433063423 ProcessGroupNCCL.cpp:629] [Rank 1] Watchdog caught collective "
                     "operation timeout: WorkNCCL(SeqNum=120, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, "
                     "Timeout(ms)=600000) ran for 600088 milliseconds before timing out.\n"
                     "[rank0]:[E1218 20:27:21.533 ProcessGroupNCCL.cpp:629] [Rank 0] Watchdog caught collective "
                     "operation timeout: WorkNCCL(SeqNum=120, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, "
                     "Timeout(ms)=600000) ran for 600101 milliseconds before timing out.\n",
                     {"rank": 1, "detail": {"collective": "ALLREDUCE", "seq": 120}}),
    "segfault": ("/var/spool/slurmd/job4242/slurm_script: line 12: 81234 Segmentation fault      (core dumped) "
                 "python train.py\n", {}),
    "illegal_memory_access": (TB + "RuntimeError: CUDA error: an illegal memory access was encountered\nCUDA kernel "
                              "errors might be asynchronously reported at some other API call.\n", {}),
    "nan_abort": ("Loss is nan at step 300, stopping training.\n", {}),
    "python_exception": (TB + "KeyError: 'labels'\n", {"exception": "KeyError"}),
    "dataloader_killed": (TB + "RuntimeError: DataLoader worker (pid 2831817) is killed by signal: Bus error. It is "
                          "possible that dataloader's workers are out of shared memory.\n",
                          {"detail": {"signal": "Bus error"}}),
    "disk_full": (TB + "RuntimeError: [enforce fail at inline_container.cc:603] . PytorchStreamWriter failed writing "
                  "file data/12: file write failed\nOSError: [Errno 28] No space left on device\n", {}),
    "unknown": ("iter 300: loss 0.4", {}),  # cut mid-line: still running, or cut off
}


def test_every_cause_is_tested():
    assert set(ENDINGS) == set(CAUSES)


@pytest.mark.parametrize("cause", sorted(ENDINGS))
def test_ending_causes(tmp_path, cause):
    text, expected = ENDINGS[cause]
    path = tmp_path / "slurm-4242.out"
    path.write_text("Loading modules...\n" + PROGRESS + text)
    (loaded,) = _runs(path).values()
    ended = loaded.ended
    assert ended.cause == cause, ended
    assert ended.step == 290 and (ended.advice or cause == "completed")
    for key, value in expected.items():
        if key == "detail":
            assert value.items() <= ended.detail.items()
        else:
            assert getattr(ended, key) == value
    if cause not in ("unknown",):
        lines = path.read_text().split("\n")
        assert ended.lines and all(t[:20].rstrip("…") in lines[n - 1] for _, n, t in ended.lines)


def test_first_failure_is_the_cause_not_its_consequences(tmp_path):
    # rank 3 runs out of GPU memory; the others then time out in NCCL; torchrun sums it up (its documented block)
    log = ("".join(f"[rank{r}]: iter {i}: loss {2 - i / 1000:.4f}\n" for i in range(0, 500, 50) for r in range(4))
           + "[rank3]: " + TB.replace("\n  ", "\n[rank3]:   ") + "[rank3]: torch.OutOfMemoryError: CUDA out of memory."
           " Tried to allocate 512.00 MiB.\n" + ENDINGS["nccl_timeout"][0] +
           "torch.distributed.elastic.multiprocessing.errors.ChildFailedError:\n" + "=" * 60 + "\ntrain.py FAILED\n"
           "Root Cause (first observed failure):\n[0]:\n  time      : 2024-05-01_12:00:00\n  host      : gpu-node-03\n"
           "  rank      : 3 (local_rank: 3)\n  exitcode  : 1 (pid: 4321)\n")
    path = tmp_path / "slurm-9.out"
    path.write_text(log)
    (loaded,) = _runs(path).values()
    assert loaded.ended.cause == "cuda_oom" and loaded.ended.rank == 3 and loaded.ended.node == "gpu-node-03"
    assert loaded.ended.step == 450 and set(loaded.scalars["tag"].astype(str)) == {"loss"}
    assert len(loaded.scalars) == 10  # rank 0's curve only


def test_host_oom_explains_the_killed_dataloader_worker_and_time_limit_explains_nothing_of_the_curve(tmp_path):
    (tmp_path / "a.out").write_text(PROGRESS + ENDINGS["dataloader_killed"][0] + ENDINGS["host_oom"][0])
    (loaded,) = _runs(tmp_path / "a.out").values()
    assert loaded.ended.cause == "host_oom"
    nan_log = PROGRESS + "".join(f"iter {i}: loss nan, time 41.2ms\n" for i in range(300, 400, 10))
    (tmp_path / "b.out").write_text(nan_log + SLURM.format(" DUE TO TIME LIMIT"))
    (run,) = scan([str(tmp_path / "b.out")]).runs
    assert run.verdict == "nan" and run.ended.cause == "time_limit"  # two separate facts


def test_torchrun_summary_alone_and_srun_label_prefixes(tmp_path):
    summary = ("torch.distributed.elastic.multiprocessing.errors.ChildFailedError:\nRoot Cause (first observed "
               "failure):\n[0]:\n  time      : 2023-08-01_01:06:47\n  host      : r1n2\n  rank      : 4 (local_rank: "
               "4)\n  exitcode  : -9 (pid: 208585)\n  error_file: <N/A>\n  traceback : Signal 9 (SIGKILL) received "
               "by PID 208585\n")
    labelled = "".join(f"{r}: step: {i}  loss: {5 - i / 100:.3f}  memory: 12.3GiB(15.2%)\n"
                       for i in range(1, 200, 20) for r in (1, 0))
    (tmp_path / "job.out").write_text(labelled + summary)
    (loaded,) = _runs(tmp_path / "job.out").values()
    assert loaded.ended.cause == "host_oom" and loaded.ended.rank == 4 and loaded.ended.node == "r1n2"
    steps, values = _series(loaded, "loss")
    assert steps == list(range(1, 200, 20)) and values[0] == pytest.approx(4.99)


def test_torchrun_log_dir_is_one_job_and_joins_nothing_else(tmp_path):
    base = tmp_path / "logs" / "none_abc"
    for attempt in (0, 1):
        for rank in (0, 1):
            d = base / f"attempt_{attempt}" / str(rank)
            d.mkdir(parents=True)
            start = attempt * 100
            (d / "stdout.log").write_text("".join(f"iter {i}: loss {1 / (1 + i):.4f}\n" for i in range(start, start + 100, 10)))
            (d / "stderr.log").write_text("" if (attempt, rank) != (1, 1) else TB + "KeyError: 'x'\n")
    runs = _runs(tmp_path / "logs")
    assert list(runs) == ["none_abc"]
    loaded = runs["none_abc"]
    assert _series(loaded, "loss")[0] == list(range(0, 200, 10))  # attempt 1 continued attempt 0's curve
    assert loaded.ended.cause == "python_exception" and loaded.ended.exception == "KeyError"


def test_job_log_beside_event_files_joins_the_run(tmp_path):
    from tensorboardX import SummaryWriter

    run_dir = tmp_path / "exp1"
    with SummaryWriter(str(run_dir)) as w:
        for i in range(100):
            w.add_scalar("train/loss", 2.0 / (1 + i), i)
    (run_dir / "slurm-77.out").write_text(PROGRESS[:200] + SLURM.format(" DUE TO TIME LIMIT"))
    runs = _runs(tmp_path)
    assert list(runs) == ["exp1"]
    loaded = runs["exp1"]
    assert set(loaded.scalars["tag"].astype(str)) == {"train/loss"}  # the richer source's curves
    assert loaded.ended.cause == "time_limit"
    assert any("curves taken from the run's other logs" in str(p) for p in loaded.problems)


def test_scan_json_table_and_fail_on(tmp_path):
    (tmp_path / "slurm-1.out").write_text(PROGRESS + ENDINGS["cuda_oom"][0])
    (tmp_path / "slurm-1.err").write_text("")
    (tmp_path / "curves.csv").write_text("step,loss\n" + "".join(f"{i},{1 / (1 + i)}\n" for i in range(50)))
    report = scan([str(tmp_path)])
    by_id = {r.run: r for r in report.runs}
    job = by_id["slurm-1.out"]
    doc = json.loads(json.dumps(report.to_dict()))
    runs = {r["run"]: r for r in doc["runs"]}
    assert runs["slurm-1.out"]["ended"]["cause"] == "cuda_oom" and "ended" not in runs["curves.csv"]
    assert runs["slurm-1.out"]["ended"]["lines"][-1]["line"] == PROGRESS.count("\n") + 4
    assert any(f.kind == "ended_cuda_oom" for f in job.analysis.findings)
    assert matches_fail_on(job, ["nan", "cuda_oom"]) == {"cuda_oom"}
    assert matches_fail_on(by_id["curves.csv"], ["cuda_oom"]) == set()
    from loganalyzer.render import table

    text = table.render(report, color=False) if hasattr(table, "render") else ""
    assert "cuda_oom" in text


# ---------------------------------------------------------------- bad input


def test_binary_junk_is_one_clear_line(tmp_path):
    junk = os.urandom(4096) + b"\0" * 4096
    with pytest.raises(UnreadableFile) as info:
        joblog.read(junk, "junk.out")
    assert "binary data, not a text log" in str(info.value) and "\n" not in str(info.value)
    (tmp_path / "junk.out").write_bytes(junk)
    report = scan([str(tmp_path)])
    assert all("binary" in e.message for e in report.errors) or not report.runs


def test_cut_mid_line_and_nul_padded_tail(tmp_path):
    cut = (PROGRESS + "iter 300: loss 0.41").encode()  # the last line cut in the middle of its number
    result, facts = joblog.read_job(cut, "cut.out")
    assert result.scalars["step"].max() == 290  # the cut line is no point
    padded = PROGRESS.encode() + b"\0" * 10_000  # a node crash leaves zeros where the log should go on
    result, facts = joblog.read_job(padded, "padded.out")
    assert len(result.scalars) == 30


def test_user_patterns_and_rank_choice():
    log = b"".join(b"[rank1] it %d L=%0.3f\n[rank0] it %d L=%0.3f\n" % (i, 2.0 - i / 10, i, 1.0 - i / 20)
                   for i in range(5))
    try:
        joblog.configure(patterns=[r"it (?P<step>\d+) L=(?P<loss>\S+)"])
        frame = joblog.read(log, "u.out").scalars
        assert frame["value"].tolist()[:2] == [2.0, 1.0]  # a user pattern sees every line, every rank
        joblog.configure(rank=1)
        log2 = b"".join(b"%d: step=%d loss=%0.2f\n" % (r, i, r + i / 10) for i in range(3) for r in (0, 1))
        assert joblog.read(log2, "r.out").scalars["value"].tolist() == [1.0, 1.1, 1.2]
    finally:
        joblog.configure()


def test_fail_on_helper_accepts_dicts():
    class Run:
        verdict = "healthy"
        ended = {"cause": "time_limit"}

    assert matches_fail_on(Run(), ending.CAUSES) == {"time_limit"}
    assert "unknown" in CAUSES and len(CAUSES) == 15


def test_bars_cost_no_more_than_their_sample(tmp_path):
    """A big log of Lightning-style bars (every update carries the loss) gives a bounded, evenly spread curve."""
    updates = [f"\rEpoch {e}: {n * 100 // 500:3d}%|##########| {n}/500 [00:01<00:00, 9.9it/s, v_num=0, "
               f"train_loss={1 / (1 + e * 500 + n):.5f}]" for e in range(20) for n in range(1, 501)]
    data = ("".join(updates) + "\n").encode()
    result, facts = joblog.read_job(data, "bars.out")
    steps = result.scalars["step"]
    assert 1000 <= len(steps) <= joblog.MAX_TRANSIENTS + 100
    assert steps.max() >= 19 * 500 and facts.progress.last_step == 20 * 500


def test_cli_fail_on_accepts_ending_causes(tmp_path):
    from click.testing import CliRunner

    from loganalyzer.cli import main

    (tmp_path / "slurm-1.out").write_text(PROGRESS + ENDINGS["cuda_oom"][0])
    runner = CliRunner()
    hit = runner.invoke(main, ["scan", str(tmp_path), "--fail-on", "nan,cuda_oom"])
    assert hit.exit_code == 1, hit.output
    assert "cuda_oom" in hit.output
    miss = runner.invoke(main, ["scan", str(tmp_path), "--fail-on", "time_limit"])
    assert miss.exit_code == 0, miss.output
    bad = runner.invoke(main, ["scan", str(tmp_path), "--fail-on", "cuda_oomm"])
    assert bad.exit_code == 2 and "cuda_oom" in bad.output  # the vocabulary is named in the error


# ---------------------------------------------------------------- configuration and output (issue 11, wired)

def _user_log(tmp_path):
    """A job whose trainer prints its own shape, in a name only a glob picks up, and a config naming the shape."""
    lines = "".join(f"[trainer] it {i} | L={2.5 * 0.99 ** i:.4f} | lr 1e-3\n" for i in range(0, 400, 10))
    (tmp_path / "myjob.txt").write_text("starting\n" + lines + ENDINGS["time_limit"][0])
    (tmp_path / "loganalyzer.toml").write_text(
        "[joblog]\npatterns = ['it (?P<step>\\d+) \\| L=(?P<loss>[\\d.]+)']\nrank = 0\n")
    return tmp_path


def test_config_patterns_and_glob_flag_reach_the_reader_in_workers_too(tmp_path):
    from click.testing import CliRunner

    from loganalyzer.cli import main

    _user_log(tmp_path)
    (tmp_path / "slurm-2.out").write_text(PROGRESS + ENDINGS["completed"][0])
    runner = CliRunner()
    try:
        plain = runner.invoke(main, ["scan", str(tmp_path), "--format", "json"])
        # a *.txt not named like a log is a job log when the reader reads progress lines in its head (readers19c:
        # loss.txt, train_output.txt): here the configured pattern reads them, so the glob is not needed to find it
        assert [r["run"] for r in json.loads(plain.stdout)["runs"]] == ["myjob.txt", "slurm-2.out"]
        for extra in ([], ["-j", "2", "--executor", "process"]):
            got = runner.invoke(main, ["scan", str(tmp_path), "--joblog-glob", "*.txt", "--format", "json", *extra])
            assert got.exit_code == 0, got.output
            doc = json.loads(got.stdout)
            assert doc["options"]["joblog_globs"] == ["*.txt"] and doc["options"]["joblog_rank"] == 0
            runs = {r["run"]: r for r in doc["runs"]}
            assert runs["myjob.txt"]["ended"]["cause"] == "time_limit"
            (series,) = runs["myjob.txt"]["series"]
            assert (series["tag"], series["points"], series["last_step"]) == ("loss", 40, 390)
        csv_out = runner.invoke(main, ["scan", str(tmp_path), "--joblog-glob", "*.txt", "--format", "csv"]).stdout
        assert csv_out.splitlines()[0].endswith(",warnings,ended") and ",time_limit" in csv_out
    finally:
        joblog.configure()


def test_a_worker_process_gets_the_settings_from_the_options(tmp_path):
    from loganalyzer.batch import analyse_chunk
    from loganalyzer.config import AnalysisOptions

    _user_log(tmp_path)
    options = AnalysisOptions(joblog_patterns=(r"it (?P<step>\d+) \| L=(?P<loss>[\d.]+)",), joblog_globs=("*.txt",))
    try:
        joblog.configure(globs=["*.txt"])
        (run,) = discover(str(tmp_path))
        joblog.configure()  # a spawned worker starts with none of the parent's settings
        ((_, summary, _),) = analyse_chunk([(0, run.id, run, ())], options, False, False)
        assert summary.ended.cause == "time_limit" and summary.verdict == "healthy"
    finally:
        joblog.configure()


@pytest.mark.parametrize("text, words", [
    ("[joblog]\npatterns = ['loss (?P<loss>\\S+)']\n", "has no (?P<step>...) group"),
    ("[joblog]\npatterns = ['it (?P<step>\\d+ L=(?P<loss>\\S+)']\n", "is not a valid regex"),
    ("[joblog]\nrank = -1\n", "joblog.rank must be an integer >= 0"),
    ("[joblog]\nranks = 1\n", "unknown key joblog.ranks"),
])
def test_bad_joblog_config_is_one_error_naming_the_file(tmp_path, text, words):
    from click.testing import CliRunner

    from loganalyzer.cli import main

    (tmp_path / "slurm-1.out").write_text(PROGRESS)
    (tmp_path / "loganalyzer.toml").write_text(text)
    got = CliRunner().invoke(main, ["scan", str(tmp_path)])
    assert got.exit_code == 2 and words in got.output and str(tmp_path / "loganalyzer.toml") in got.output
    assert "Traceback" not in got.output
    assert CliRunner().invoke(main, ["scan", str(tmp_path / "slurm-1.out"), "--rank", "-1"]).exit_code == 2


def test_rank_flag_picks_the_rank_whose_curves_are_read(tmp_path):
    (tmp_path / "slurm-3.out").write_text("".join(f"{r}: step={i} loss={r + i / 10:.2f}\n"
                                                  for i in range(0, 40) for r in (0, 1)))
    try:
        by_rank = {rank: scan([str(tmp_path)], joblog_rank=rank).runs[0] for rank in (None, 1)}
    finally:
        joblog.configure()
    assert by_rank[None].to_dict()["series"][0]["last_value"] == pytest.approx(3.9)
    assert by_rank[1].to_dict()["series"][0]["last_value"] == pytest.approx(4.9)


def test_report_and_markdown_show_the_ending_beside_the_verdict(tmp_path):
    from loganalyzer.render import html, markdown

    (tmp_path / "slurm-1.out").write_text(PROGRESS + ENDINGS["cuda_oom"][0])
    (tmp_path / "curves.csv").write_text("step,loss\n" + "".join(f"{i},{1 / (1 + i)}\n" for i in range(50)))
    report = scan([str(tmp_path)])
    page = html.render(report, generated="now")
    assert page.count('class="ended e-bad" data-cause="cuda_oom"') == 2  # the run table and the run's header
    assert "ended: cuda_oom" in page and "ended: " not in page.split('data-run="curves.csv"')[1][:400]
    md = markdown.render(report)
    assert "| Verdict | Ended | Confidence | Run | Summary |" in md and "| **cuda_oom** |" in md
    only_csv = scan([str(tmp_path / "curves.csv")])
    assert "| Verdict | Confidence | Run | Summary |" in markdown.render(only_csv)  # no job log: no column


def test_a_crashed_job_sorts_with_the_problems_and_is_never_folded_away(tmp_path):
    # newcomer report: OOM'd jobs whose curves looked fine sorted and folded as healthy, their advice hidden
    from click.testing import CliRunner

    from loganalyzer.cli import main

    for i in range(5):  # healthy CSV runs, enough to fold the healthy ones in Markdown
        (tmp_path / f"ok{i}.csv").write_text("step,loss\n" + "".join(f"{s},{1 / (1 + s)}\n" for s in range(50)))
    (tmp_path / "slurm-9.out").write_text(PROGRESS + ENDINGS["cuda_oom"][0])
    table = CliRunner().invoke(main, ["scan", str(tmp_path)])
    rows = [line for line in table.output.splitlines() if ".csv" in line or "slurm-9" in line]
    assert "slurm-9" in rows[0], table.output  # first, above the healthy runs
    assert "→" in table.output.split("slurm-9", 1)[1].split("ok0", 1)[0]  # its advice is shown
    md = CliRunner().invoke(main, ["scan", str(tmp_path), "--format", "markdown"])
    assert "slurm-9" in md.output.split("<details>", 1)[0], md.output


# ---------------------------------------------------------------- newcomer #2


def test_keras_early_stopping_is_completed_at_its_epoch(tmp_path):
    log = "".join(f"Epoch {e}/100\n200/200 [==============================] - 2s 9ms/step - loss: {1 / e:.4f} - "
                  f"val_loss: {0.5 + e / 100:.4f}\n" for e in range(1, 9))
    log += ("Epoch 8: early stopping\nRestoring model weights from the end of the best epoch: 4.\n"
            "Test accuracy: 0.91\n")
    (tmp_path / "slurm-204.out").write_text(log)
    (loaded,) = _runs(tmp_path / "slurm-204.out").values()
    assert loaded.ended.cause == "completed" and loaded.ended.step == 8
    assert "epoch 8" in loaded.ended.summary and "8%" not in loaded.ended.summary


@pytest.mark.parametrize("tail, node", [
    ("srun: error: gpu-node-03: task 0: Exited with exit code 1\n", "gpu-node-03"),
    ("srun: error: gpu-node-07: task 0: Aborted (core dumped)\nsrun: error: gpu-node-05: tasks 1-3: Aborted\n",
     "gpu-node-05"),
    ("slurmstepd: error: *** JOB 99 ON gpu-node-11 CANCELLED AT 2024-05-01T10:00:00 ***\n", "gpu-node-11"),
])
def test_node_comes_from_srun_and_slurmstepd_lines(tmp_path, tail, node):
    log = ("".join(f"iter {i}: loss {2 - i / 1000:.4f}\n" for i in range(0, 500, 50)) + TB +
           "[rank2]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB.\n" + tail)
    (tmp_path / "slurm-124.out").write_text(log)
    (loaded,) = _runs(tmp_path / "slurm-124.out").values()
    assert loaded.ended.cause == "cuda_oom" and loaded.ended.node == node


def _hf_dicts(every=50, total=1000, epochs=2):
    per_epoch = total // epochs
    return "".join(f"{{'loss': {2 / (1 + s / 100):.4f}, 'learning_rate': 1e-05, 'epoch': {s / per_epoch:.2f}}}\n"
                   for s in range(every, total + 1, every))


def test_hf_dicts_without_interleaved_bar_take_their_steps_from_the_bar_total(tmp_path):
    log = (_hf_dicts() + "{'train_runtime': 250.1, 'train_samples_per_second': 64.0, 'train_loss': 0.912, "
           "'epoch': 2.0}\n100%|██████████| 1000/1000 [04:10<00:00,  4.00it/s]\n")
    (tmp_path / "slurm-201.out").write_text(log)
    (loaded,) = _runs(tmp_path / "slurm-201.out").values()
    steps, _ = _series(loaded, "loss")
    assert steps == list(range(50, 1001, 50))
    assert loaded.ended.cause == "completed" and loaded.ended.step == 1000


def test_hf_dicts_with_no_bar_total_warn_that_steps_count_lines(tmp_path):
    (tmp_path / "slurm-300.out").write_text(_hf_dicts())
    (loaded,) = _runs(tmp_path / "slurm-300.out").values()
    steps, _ = _series(loaded, "loss")
    assert steps == list(range(1, 21))
    notes = [p.message for p in loaded.problems if "divided by the first training dict's epoch" in p.message]
    assert len(notes) == 1


def test_one_file_s_warning_is_listed_once_for_the_runs_read_from_it(tmp_path):
    """Two trainings printed in one job log are two runs (#1, #2), each carrying the file's "steps count the log
    lines" warning; the table lists it once and the summary line counts it once (the breaker's finding, stop 19)."""
    from loganalyzer.render._text import all_warnings

    end = "{'train_runtime': 25.1, 'train_samples_per_second': 64.0, 'train_loss': 0.912, 'epoch': 2.0}\n"
    (tmp_path / "slurm-301.out").write_text(_hf_dicts() + end + _hf_dicts() + end)
    report = scan([str(tmp_path)])
    assert sorted(r.run for r in report.runs) == ["slurm-301.out#1", "slurm-301.out#2"]
    assert all(any("divided by the first training dict's epoch" in w for w in r.warnings) for r in report.runs)
    assert report.warning_count == 1 and len(all_warnings(report)) == 1


def test_config_patterns_alone_find_a_log_file_of_the_users_own_format(tmp_path):
    """A newcomer's stop-27 report: a ``train.log`` printed as ``ep 3 | tr 0.41 | va 0.52 | acc 81.2%`` (their own
    loop) was "not read", and the message's advice -- a ``joblog.patterns`` regex in loganalyzer.toml -- changed
    nothing until ``globs`` was added too. A ``*.log`` whose head matches a configured pattern is a job log."""
    torch = pytest.importorskip("torch")
    from click.testing import CliRunner

    from _runs import tiny_epochs
    from loganalyzer.cli import main

    torch.manual_seed(0)
    x = torch.randn(96, 6)
    y = (x[:, 0] + x[:, 1] > 0).long()
    lines = [f"ep {i + 1} | tr {tl:.4f} | va {vl:.4f} | acc {100 * va:.1f}%"
             for i, (tl, _, vl, va) in enumerate(tiny_epochs(x, y, 30, 0.3))]
    run = tmp_path / "job"
    run.mkdir()
    (run / "train.log").write_text("starting my own loop\n" + "\n".join(lines) + "\n")
    runner = CliRunner()
    before = runner.invoke(main, ["scan", str(run), "--no-cache"])
    assert before.exit_code == 2 and "joblog.globs" in before.output, before.output
    (run / "loganalyzer.toml").write_text(
        "[joblog]\npatterns = ['ep (?P<step>\\d+) \\| tr (?P<train_loss>\\S+) \\| va (?P<val_loss>\\S+) "
        "\\| acc (?P<val_acc>[\\d.]+)%']\n")
    try:
        got = runner.invoke(main, ["scan", str(run), "--no-cache", "--format", "json"])
        assert got.exit_code == 0, got.output
        (doc,) = json.loads(got.stdout)["runs"]
        assert doc["roles"]["train_loss"] == "train_loss" and doc["roles"]["val_loss"] == "val_loss"
        points = {s["tag"]: s["points"] for s in doc["series"]}
        assert points["train_loss"] == 30 and points["val_loss"] == 30 and points["val_acc"] == 30
    finally:
        joblog.configure()
