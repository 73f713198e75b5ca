"""readers18a: faults found by breaker8 with real public LLM logs (Megatron-DeepSpeed preamble past the sniff, endings
glued to a killed bar, Slurm's ``DUE to SIGNAL`` cancel line, printed configs, eval dicts without ``eval_loss``,
end-of-job reports, a traceback after the training finished). Every input is printed by a real (tiny) loop here."""
from __future__ import annotations

import argparse
import math
import warnings

import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover
from loganalyzer.load import load_run


def _steps(df, tag):
    return sorted(df.loc[df["tag"] == tag, "step"].astype(int).tolist())


def _ended(path):
    (loaded,) = [load_run(run) for run in discover(str(path))]
    return loaded.ended


def _megatron_args() -> argparse.Namespace:
    """Megatron's argument namespace (argparse, ~450 options as in megatron/arguments.py)."""
    parser = argparse.ArgumentParser()
    for name in ("eod_mask_loss", "loss_scale", "loss_scale_window", "initial_loss_scale", "min_loss_scale"):
        parser.add_argument("--" + name, default=None)
    for i in range(450):
        parser.add_argument(f"--option_{i:03d}", type=float, default=float(i) / 7)
    return parser.parse_args([])


def _print_args(out, args, prefix=""):
    """megatron/arguments.py ``_print_args``: the dump, one ``name ..... value`` line an option, sorted."""
    print(f"{prefix}------------------------ arguments ------------------------", file=out)
    lines = ["  {} {} {}".format(a, "." * (48 - len(a)), getattr(args, a)) for a in vars(args)]
    for line in sorted(lines, key=lambda x: x.lower()):
        print(prefix + line, file=out)
    print(f"{prefix}-------------------- end of arguments ---------------------", file=out)


def _megatron_job(path, iters=30, prefix="", train=True):
    """A DeepSpeed launcher preamble, DeepSpeed's op report, Megatron's argument dump, then a real torch loop printing
    ``training_log``'s iteration lines and ``evaluate_and_print_results``' validation line."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    model = torch.nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(64, 8)
    y = x @ torch.randn(8, 1)
    with open(path, "w") as out:
        print("[2026-03-15 16:19:08,025] [INFO] [runner.py:515:main] Using IP address of 10.0.0.1 for node localhost",
              file=out)
        print("[2026-03-15 16:19:08,026] [INFO] [runner.py:630:main] cmd = /usr/bin/python3 -u -m "
              "deepspeed.launcher.launch --world_info=eyJsb2NhbGhvc3QiOiBbMF19 pretrain_gpt.py", file=out)
        for rank in range(16):  # each rank's import warnings and op report, as a 16-GPU node prints them
            print("/opt/Megatron-DeepSpeed/megatron/core/tensor_parallel/layers.py:250: FutureWarning: "
                  "`torch.cuda.amp.custom_fwd(args...)` is deprecated. Please use `torch.amp.custom_fwd(args..., "
                  "device_type='cuda')` instead.\n  def forward(ctx, input, weight, bias,", file=out)
            print("-" * 50 + "\nDeepSpeed C++/CUDA extension op report\n" + "-" * 50, file=out)
            for op in ("async_io", "fused_adam", "cpu_adam", "cpu_adagrad", "cpu_lion", "fused_lamb"):
                print("{} {} [NO] ....... [OKAY]".format(op, "." * (20 - len(op))), file=out)
        for node in range(2):
            _print_args(out, _megatron_args(), prefix)
        if not train:
            return
        for it in range(1, iters + 1):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            gn = float(torch.nn.utils.clip_grad_norm_(model.parameters(), 1e9))
            opt.step()
            line = " iteration {:8d}/{:8d} |".format(it, iters)
            line += " consumed samples: {:12d} |".format(it * 16)
            line += " learning rate: {:.3E} |".format(0.1)
            line += " global batch size: {:5d} |".format(16)
            line += " {}: {:.6E} |".format("lm loss", loss.item())
            line += " loss scale: {:.1f} | grad norm: {:.3f} |".format(1.0, gn)
            print(prefix + line, file=out)
            if it % 10 == 0:
                with torch.no_grad():
                    val = torch.nn.functional.mse_loss(model(x), y).item()
                print(prefix + " validation loss at iteration {} | {} value: {:.6E} | {} PPL: {:.6E} | ".format(
                    it, "lm loss", val, "lm loss", math.exp(min(val, 20))), file=out)


@pytest.mark.parametrize("prefix", ["", "192.168.205.202: "])
def test_megatron_preamble_past_the_head(tmp_path, prefix):
    """Megatron's argument dump (twice, two nodes: ~60 KB) before the first ``iteration`` line: read, the dump's
    ``eod_mask_loss ..... None``/``loss_scale ..... None`` lines giving no series."""
    log = tmp_path / "job" / "train.log"
    log.parent.mkdir()
    _megatron_job(log, prefix=prefix)
    assert log.read_bytes().find(b" iteration ") > 8192
    df = read_scalars(str(log.parent), resolve=True)
    assert _steps(df, "lm_loss") == list(range(1, 31))
    assert _steps(df, "val_lm_loss") == [10, 20, 30]
    assert not {t for t in set(df["tag"]) if t.startswith(("option", "eod", "loss_scale", "initial", "min_"))}
    assert _ended(log.parent).cause == "completed"


def test_megatron_preamble_without_progress_is_said(tmp_path):
    """The preamble alone (the job killed before its first iteration): still one line saying the log was not read."""
    log = tmp_path / "job" / "train.log"
    log.parent.mkdir()
    _megatron_job(log, train=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(log.parent), resolve=True)
    assert df.empty
    assert any("train.log" in str(w.message) for w in caught)


KILLED_LOOP = """
import os, torch
from tqdm import tqdm
torch.manual_seed(0)
m = torch.nn.Linear(4, 1); opt = torch.optim.SGD(m.parameters(), lr=0.01)
x = torch.randn(32, 4); y = x.sum(1, keepdim=True)
bar = tqdm(range(1000), desc="steps", mininterval=0)
for step in bar:
    opt.zero_grad(); loss = torch.nn.functional.mse_loss(m(x), y); loss.backward(); opt.step()
    bar.set_postfix(loss=f"{loss.item():.4f}")
    if step == 99:
        bar.refresh(); os.kill(os.getpid(), 9)
"""


def test_killed_line_glued_to_the_last_bar(tmp_path):
    """bash's ``line 1: PID Killed  python ...`` printed right after a SIGKILLed job's last tqdm redraw (no newline
    in between): the job ran out of host memory at step 99 of 1000, not "ended without a sign"."""
    import subprocess
    import sys
    pytest.importorskip("torch")
    pytest.importorskip("tqdm")
    script = tmp_path / "train.py"
    script.write_text(KILLED_LOOP)
    log = tmp_path / "job" / "train.log"
    log.parent.mkdir()
    with open(log, "wb") as out:
        subprocess.run(["bash", "-c", f"{sys.executable} {script}; true"], stdout=out, stderr=subprocess.STDOUT,
                       timeout=120)
    tail = log.read_bytes()[-400:]
    assert b"99/1000 [" in tail and b" Killed " in tail and b"\n" not in tail.split(b"99/1000 [")[-1][:60]
    ended = _ended(log.parent)
    assert ended.cause == "host_oom" and ended.step == 99


BAR_LOOP = """
import sys, torch
from tqdm import tqdm
torch.manual_seed(0)
m = torch.nn.Linear(4, 1); opt = torch.optim.SGD(m.parameters(), lr=0.01)
x = torch.randn(32, 4); y = x.sum(1, keepdim=True)
bar = tqdm(range(2133), mininterval=0)
for step in bar:
    opt.zero_grad(); loss = torch.nn.functional.mse_loss(m(x), y); loss.backward(); opt.step()
    bar.set_postfix(loss=f"{loss.item():.4f}")
    if step == 45:
        break
bar.refresh()
"""


@pytest.mark.parametrize("line", [
    "[2026-02-06T10:15:37.189] error: *** JOB 4523781 ON della-i23g1 CANCELLED AT 2026-02-06T10:15:37 DUE to SIGNAL "
    "Terminated ***",
    "\nslurmstepd: error: *** JOB 1 ON n1 CANCELLED AT 2026-02-06T10:15:37 DUE TO SIGNAL Terminated ***"])
def test_slurm_cancel_due_to_signal(tmp_path, line):
    """Slurm 23+'s cancel line names the signal (``DUE to SIGNAL Terminated``), glued to the killed bar or on its
    own line: the job was cancelled by that signal at step 45 of 2133, not "ended without a sign"."""
    import subprocess
    import sys
    pytest.importorskip("torch")
    pytest.importorskip("tqdm")
    log = tmp_path / "job" / "slurm-4523781.out"
    log.parent.mkdir()
    with open(log, "wb") as out:
        subprocess.run([sys.executable, "-c", BAR_LOOP], stdout=out, stderr=subprocess.STDOUT, timeout=120)
    with open(log, "a") as out:  # slurmstepd appends to the job's output file, no newline before its message
        out.write(line + "\n")
    assert b"45/2133 [" in log.read_bytes()
    ended = _ended(log.parent)
    assert ended.cause == "cancelled" and ended.step == 45
    assert "SIGNAL Terminated" in ended.lines[0][2] and "signal Terminated" in ended.summary


SWIFT_LIKE = """
import dataclasses, logging, sys, torch
from tqdm import tqdm
from transformers import TrainingArguments
logging.basicConfig(format="[%(levelname)s:swift] %(message)s", level=logging.INFO, stream=sys.stdout)
log = logging.getLogger("swift")
@dataclasses.dataclass
class SftArguments(TrainingArguments):  # ms-swift's arguments: HF's TrainingArguments and its own fields
    router_aux_loss_coef: float = 0.0
    aux_loss_weight: float = 0.25
args = SftArguments(output_dir=sys.argv[1], report_to=[], use_cpu=True, logging_steps=2)
log.info(f"args: {args}")
print(" ".join(f"{k}={v}" for k, v in list(vars(args).items())[:40] if isinstance(v, (int, float))))
torch.manual_seed(0)
m = torch.nn.Linear(4, 1); opt = torch.optim.SGD(m.parameters(), lr=0.01)
x = torch.randn(32, 4); y = x.sum(1, keepdim=True)
bar = tqdm(range(40), desc="Train", file=sys.stdout)
log.info(f"router_aux_loss_coef: {args.router_aux_loss_coef}")
for step in bar:
    if sys.argv[2] == "oom":
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 4.27 GiB. GPU 1 has a total capacity of "
                                     "79.18 GiB of which 1.03 GiB is free.")
    opt.zero_grad(); loss = torch.nn.functional.mse_loss(m(x), y); loss.backward(); opt.step()
    if (step + 1) % 2 == 0:
        print({"loss": round(loss.item(), 4), "grad_norm": 1.0, "learning_rate": 0.01, "epoch": round((step + 1) / 40, 2)})
"""


@pytest.mark.parametrize("mode", ["oom", "train"])
def test_printed_arguments_are_no_series(tmp_path, mode):
    """ms-swift prints its arguments (HF's multi-line dataclass repr, ``router_aux_loss_coef=0.0,``), then echoes one
    field (``[INFO:swift] router_aux_loss_coef: 0.0``); a script prints a one-line ``key=value`` dump: no series.
    A job dying of CUDA OOM before its first log has no curve (and no step 2); a training keeps its own curves."""
    import subprocess
    import sys
    pytest.importorskip("transformers")
    script = tmp_path / "sft.py"
    script.write_text(SWIFT_LIKE)
    log = tmp_path / "job" / "stdout.log"
    log.parent.mkdir()
    with open(log, "wb") as out:
        subprocess.run([sys.executable, str(script), str(tmp_path / "out"), mode], stdout=out,
                       stderr=subprocess.STDOUT, timeout=300, env={**__import__("os").environ, "CUDA_VISIBLE_DEVICES": ""})
    text = log.read_text()
    assert "router_aux_loss_coef=0.0," in text and "[INFO:swift] router_aux_loss_coef: 0.0" in text
    df = read_scalars(str(log.parent), resolve=True)
    assert not {"router_aux_loss_coef", "aux_loss_weight"} & set(df["tag"])
    ended = _ended(log.parent)
    if mode == "oom":
        assert df.empty and ended.cause == "cuda_oom" and ended.step is None
    else:
        assert set(df["tag"]) == {"loss", "grad_norm", "learning_rate"}
        assert _steps(df, "loss") == list(range(2, 41, 2))


def test_hf_eval_dict_without_eval_loss(tmp_path, capsys):
    """A classifier's initial evaluation printed as HF's PrinterCallback prints it (``{'eval_accuracy': ..., 'epoch':
    0}``, no ``eval_loss``), then the training dicts of a real loop: its metrics are validation metrics at step 0."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    x = torch.randn(64, 4)
    y = (x[:, 0] > 0).long()
    m = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(m.parameters(), lr=0.5)
    log = tmp_path / "job" / "train.log"
    log.parent.mkdir()
    with open(log, "w") as out:
        with torch.no_grad():
            acc = (m(x).argmax(1) == y).float().mean().item()
        print({"eval_accuracy": acc, "eval_f1": acc, "eval_runtime": 0.01, "eval_samples_per_second": 6400.0,
               "epoch": 0}, file=out)
        for step in range(1, 41):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(m(x), y)
            loss.backward()
            opt.step()
            if step % 10 == 0:
                print({"loss": round(loss.item(), 4), "grad_norm": 1.0, "learning_rate": 0.5, "epoch": step / 40},
                      file=out)
    df = read_scalars(str(log.parent), resolve=True)
    assert _steps(df, "eval_accuracy") == [0] and _steps(df, "eval_f1") == [0]
    assert df.loc[df["tag"] == "eval_accuracy", "value"].iloc[0] == pytest.approx(acc)
    assert len(_steps(df, "loss")) == 4


def test_end_of_job_report_is_no_series(tmp_path):
    """A real loop's per-step lines, then a benchmark script's report (``  mfu_pct   = 133.08``, ``loss_first_step =
    ...``): the curves only, the report said once, ``loss_first_step`` no series (no loss component)."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    m = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(m.parameters(), lr=0.05)
    x = torch.randn(32, 4)
    y = x.sum(1, keepdim=True)
    log = tmp_path / "job" / "stdout.log"
    log.parent.mkdir()
    losses = []
    with open(log, "w") as out:
        for step in range(1, 31):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(m(x), y)
            loss.backward()
            opt.step()
            losses.append(loss.item())
            print(f"step {step}/30 | loss {loss.item():.4f} | lr 0.05", file=out)
        report = {"framework": "tiny_sgd", "gbs": 32, "mean_step_time_ms": 1.2, "tokens_per_sec": 6.9e4,
                  "mfu_pct": 133.08, "peak_mem_gb": 0.01, "num_params_trainable": 5.0,
                  "loss_first_step": round(losses[0], 8), "loss_last_step": None}
        print("\n=== Report for tiny_sgd ===", file=out)
        for k, v in report.items():
            print(f"  {k:<32} = {v}", file=out)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(log.parent), resolve=True)
    assert set(df["tag"]) == {"loss", "lr"}
    assert _steps(df, "loss") == list(range(1, 31))
    assert any("report of" in str(w.message) and "stdout.log" in str(w.message) for w in caught)


AFTER_TRAIN = """
import json, sys, numpy as np, torch
torch.manual_seed(0)
m = torch.nn.Linear(4, 1); opt = torch.optim.SGD(m.parameters(), lr=0.05)
x = torch.randn(32, 4); y = x.sum(1, keepdim=True)
for step in range(1, 41):
    opt.zero_grad(); loss = torch.nn.functional.mse_loss(m(x), y); loss.backward(); opt.step()
    if step % 10 == 0:
        print({"loss": round(loss.item(), 4), "grad_norm": 1.0, "learning_rate": 0.05, "epoch": step / 40})
print({"train_runtime": 1.5, "train_samples_per_second": 800.0, "train_steps_per_second": 26.7,
       "train_loss": round(loss.item(), 4), "epoch": 1.0})
sys.stdout.flush()
logs = [{"step": 40, "flat": np.bool_(sys.argv[1] == "fail")}]
with open(sys.argv[2], "w") as f:
    json.dump(logs if sys.argv[1] == "fail" else [], f)
"""


@pytest.mark.parametrize("mode", ["fail", "ok"])
def test_traceback_after_the_training_completed(tmp_path, mode):
    """The training's summary dict, then the script dies saving its results (``TypeError: Object of type bool_ is not
    JSON serializable``): a Python exception after the completion, not ``completed``; without it, ``completed``."""
    import subprocess
    import sys
    pytest.importorskip("torch")
    log = tmp_path / "job" / "train.log"
    log.parent.mkdir()
    with open(log, "wb") as out:
        subprocess.run([sys.executable, "-c", AFTER_TRAIN, mode, str(tmp_path / "logs.json")], stdout=out,
                       stderr=subprocess.STDOUT, timeout=120)
    assert ("TypeError: Object of type bool" in log.read_text()) == (mode == "fail")
    ended = _ended(log.parent)
    if mode == "ok":
        assert ended.cause == "completed"
        return
    last = max(_steps(read_scalars(str(log.parent), resolve=True), "loss"))  # the dicts' steps, as read
    assert ended.cause == "python_exception" and ended.exception == "TypeError" and ended.step == last
    assert "after the training had completed" in ended.summary


def test_resume_at_the_last_logged_step_keeps_one_point(tmp_path):
    """A real loop checkpointing every 100 steps, logging every 100: the first session logs step 100 and dies, the
    second resumes from checkpoint 100 (``Resuming from ...``) and logs step 100 again: one point at 100 in the
    resolved view, the later session's, said in a warning; the raw view keeps both."""
    torch = pytest.importorskip("torch")
    log = tmp_path / "job" / "stdout.log"
    log.parent.mkdir()
    ckpt = tmp_path / "checkpoint_0100.pt"
    x = torch.randn(32, 4)
    y = x.sum(1, keepdim=True)
    with open(log, "w") as out:
        for session, last in ((0, 100), (1, 300)):
            torch.manual_seed(session)
            m = torch.nn.Linear(4, 1)
            opt = torch.optim.SGD(m.parameters(), lr=0.01)
            start = 1
            if session:
                state = torch.load(ckpt)
                m.load_state_dict(state["model"])
                start = state["step"]
                print(f"Resuming from {ckpt}", file=out)
            for step in range(start, last + 1):
                opt.zero_grad()
                loss = torch.nn.functional.mse_loss(m(x) + 0.1 * session, y)  # another batch order after resuming
                loss.backward()
                opt.step()
                if step % 100 == 0:
                    print(f"step {step:7d} | loss_G {loss.item():.4f} | lr 1.0e-02", file=out)
                    if not session:
                        torch.save({"model": m.state_dict(), "step": step}, ckpt)
            out.flush()
    lines = [ln for ln in log.read_text().splitlines() if ln.startswith("step")]
    assert [ln.split("|")[0].split()[1] for ln in lines] == ["100", "100", "200", "300"]
    later = float(lines[1].split("loss_G")[1].split("|")[0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(log.parent), resolve=True)
    assert _steps(df, "loss_G") == [100, 200, 300]
    assert df.loc[(df["tag"] == "loss_G") & (df["step"] == 100), "value"].iloc[0] == pytest.approx(later)
    assert any("later session" in str(w.message) for w in caught)
    assert _steps(read_scalars(str(log.parent)), "loss_G") == [100, 100, 200, 300]
