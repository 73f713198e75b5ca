"""Stop 62, the lead's fixes of stop 61's leftovers, each a kind, each failing before its change."""
from __future__ import annotations

import math

import pytest

import loganalyzer

from _runs import runs_points as _runs


def _curve(i: float, a: float = 2.5, b: float = 0.3) -> float:
    return round(b + (a - b) * math.exp(-0.15 * i), 4)


def test_job_output_under_a_script_suffix_past_a_long_comment_header(tmp_path):
    """A job's output saved as ``exp_run.sh`` (no shebang: no script) whose first 8 KiB are ``#`` lines (the sweep's
    commented command variants) and whose progress comes after: the head judged without its comments is empty, so
    the file is read on (stop 61 refused it: the whole-file test measured the uncommented text)."""
    lines = [f"# python train.py --lr {0.001 * k:.3f} --seed {k}  # tried on node{k}, results on the wiki page"
             for k in range(100)]
    lines += [f"Epoch {e}/30 - loss: {_curve(e)} - val_loss: {_curve(e, b=0.35)}" for e in range(1, 31)]
    (tmp_path / "exp_run.sh").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path).values()
    assert run["loss"] == (list(range(1, 31)), [_curve(e) for e in range(1, 31)])
    assert run["val_loss"][1][-1] == _curve(30, b=0.35)


def test_long_commented_results_above_a_yaml_config_stay_a_config(tmp_path):
    """The same long comment header above a YAML config's keys (a previous run's results pasted as comments) is
    read on and still judged by its keys: no log (the walk finds no run)."""
    lines = [f"#   epoch {e:3d} | train loss {_curve(e):.4f} | val loss {_curve(e, b=0.35):.4f} | note {'x' * 40}"
             for e in range(1, 120)]
    lines += ["model: resnet18", "lr: 0.001", "epochs: 30"]
    (tmp_path / "exp12.yaml").write_text("\n".join(lines) + "\n")
    assert loganalyzer.discover(str(tmp_path), []) == []


# ---------------------------------------------------------------- early stopping's last words (brk61 W5, NGCF)

_LIGHTNING = '''
import sys, torch, pytorch_lightning as pl
from torch.utils.data import DataLoader, TensorDataset
mode = sys.argv[1]
class M(pl.LightningModule):
    def __init__(s):
        super().__init__(); s.l = torch.nn.Linear(4, 1)
    def training_step(s, b, i):
        x, y = b; loss = ((s.l(x) - y) ** 2).mean(); s.log("train_loss", loss); return loss
    def validation_step(s, b, i):
        x, y = b; loss = ((s.l(x) - y) ** 2).mean()
        s.log("val_loss", loss * 0 + 2.0 + 3.0 * s.current_epoch if mode == "divergence" else loss)
    def configure_optimizers(s): return torch.optim.SGD(s.parameters(), lr=0.05)
torch.manual_seed(0)
x = torch.randn(256, 4); y = x.sum(1, keepdim=True)
dl = DataLoader(TensorDataset(x, y), batch_size=32)
kw = dict(divergence_threshold=5.0) if mode == "divergence" else dict(stopping_threshold=0.05)
es = pl.callbacks.EarlyStopping("val_loss", patience=50, verbose=True, **kw)
pl.Trainer(max_epochs=30, callbacks=[es], logger=False, enable_checkpointing=False, enable_progress_bar=False,
           enable_model_summary=False).fit(M(), dl, dl)
'''


def _ended_detail(folder):
    from loganalyzer.load import load_run

    (run,) = [r for r in loganalyzer.discover(str(folder)) if r.format == "joblog"]
    return load_run(run).ended


@pytest.mark.slow
def test_lightning_threshold_stops_are_early_stopped_ends_that_say_which(tmp_path):
    """Lightning's EarlyStopping with ``divergence_threshold`` / ``stopping_threshold`` (real Lightning, its output
    saved as a job log) ends with ``Divergence threshold reached: val_loss = 8.0 < 5.0. Signaling Trainer to stop.``
    or ``Stopping threshold reached: ...``: an early-stopped end whose summary says which threshold and the values
    (stop 61 read no ending: 'unknown')."""
    import subprocess
    import sys

    script = tmp_path / "fit.py"
    script.write_text(_LIGHTNING)
    for mode in ("divergence", "stopping"):
        (tmp_path / mode).mkdir()
        with open(tmp_path / mode / "train.log", "w") as out:
            subprocess.run([sys.executable, str(script), mode], stdout=out, stderr=subprocess.STDOUT, check=True,
                           cwd=tmp_path / mode, env={**__import__("os").environ, "PYTHONWARNINGS": "ignore"})
        ended = _ended_detail(tmp_path / mode)
        assert ended.cause == "completed" and ended.detail["early_stopping"], (mode, ended)
        assert ended.detail["threshold"] == mode and "val_loss = " in ended.detail["reached"]
    assert _ended_detail(tmp_path / "divergence").summary.startswith(
        "stopped by EarlyStopping's divergence threshold (val_loss = 8.0 < 5.0)")


def test_hand_written_early_stopping_lines_end_the_job_a_patience_counter_does_not(tmp_path):
    """NGCF/KGAT's ``Early stopping is trigger at step: 4 log:0.1508`` (utility/helper.early_stopping) and a script's
    ``Early stopping!`` are early-stopped ends; a patience counter (``EarlyStopping counter: 3 out of 10``) as the
    last line is no end (the job may still be running)."""
    rows = [f"Epoch {e} [12.1s + 3.2s]: train==[{_curve(e):.5f}={_curve(e):.5f} + 0.00010], recall=[{0.1 + e / 200:.5f}, "
            f"{0.2 + e / 200:.5f}], ndcg=[{0.08 + e / 300:.5f}, {0.1 + e / 300:.5f}]" for e in range(1, 21)]
    for name, last, early in (("ngcf", "Early stopping is trigger at step: 4 log:0.1508", True),
                              ("bang", "Early stopping!", True),
                              ("counter", "EarlyStopping counter: 3 out of 10", False)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "train.log").write_text("\n".join(rows + [last]) + "\n")
        ended = _ended_detail(tmp_path / name)
        assert (ended.cause == "completed" and bool(ended.detail.get("early_stopping"))) == early, (name, ended)


# ---------------------------------------------------------------- the newcomer's stop-62 findings

def test_an_html_page_or_this_tools_own_json_given_by_path_is_a_usage_error(tmp_path):
    """``scan out/report.html`` (the tool's own report) read the page's script numbers as 9 invented runs; its own
    ``--format json`` output was a run 'ended: completed'. Given by path, each is one line naming what it is."""
    import subprocess
    import sys

    run = tmp_path / "run"
    run.mkdir()
    (run / "log.csv").write_text("epoch,loss,val_loss\n" + "".join(
        f"{e},{_curve(e)},{_curve(e, b=0.35)}\n" for e in range(20)))
    cli = [sys.executable, "-m", "loganalyzer"]
    subprocess.run(cli + ["report", str(run), "-o", str(tmp_path / "report.html")], check=True, capture_output=True)
    subprocess.run(cli + ["scan", str(run), "--format", "json", "-o", str(tmp_path / "scan.json")], check=True,
                   capture_output=True)
    (tmp_path / "page.htm").write_text("<!DOCTYPE html><html><body><script>var loss=[2.5,1.2,0.4];</script></body>"
                                       "</html>\n")
    for name, what in (("report.html", "loganalyzer's own HTML report"), ("scan.json", "loganalyzer's own scan "
                       "output (JSON)"), ("page.htm", "an HTML page")):
        problems: list = []
        assert loganalyzer.discover(str(tmp_path / name), problems) == []
        assert str(problems[0]).startswith(f"{tmp_path / name}: {what}, not a log file"), problems


def test_permission_denied_gets_permission_advice_not_cut_file_advice():
    """A run none of whose files could be read for permissions is told to check permissions (nc62: it was told
    about jobs killed while writing). Tested on the verdict function: root ignores file modes here."""
    from loganalyzer.runs import Problem
    from loganalyzer.scan import unreadable_verdict

    denied = unreadable_verdict([Problem("runs/a/events.out.tfevents.1", "permission denied")])
    assert denied.advice[0].startswith("Check the file's permissions")
    cut = unreadable_verdict([Problem("runs/a/events.out.tfevents.1", "truncated record at offset 120")])
    assert "job killed while writing" in cut.advice[0]


def test_header_only_metrics_csv_advice_says_the_job_has_just_started(tmp_path):
    """Lightning's metrics.csv of a job that has just started (its header only): the advice no longer tells the user
    to scan metrics.csv, the file they scanned (nc62)."""
    import json
    import subprocess
    import sys

    (tmp_path / "metrics.csv").write_text("epoch,step,train_loss,val_loss\n")
    out = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", str(tmp_path), "--format", "json"],
                         capture_output=True, text=True)
    (run,) = json.loads(out.stdout)["runs"]
    assert run["verdict"] == "unknown"
    assert "no data rows yet" in run["advice"][0]


# ---------------------------------------------------------------- the breaker's stop-62 R1, W5, W6 (endings)

def _epochs_then(tmp_path, name: str, tail: list[str]):
    rows = [f"Epoch {e}: train loss {_curve(e):.4f}, val loss {_curve(e, b=0.35):.4f}" for e in range(1, 21)]
    (tmp_path / name).mkdir()
    (tmp_path / name / "train.log").write_text("\n".join(rows + tail) + "\n")
    return _ended_detail(tmp_path / name)


def test_a_crash_after_an_early_stop_is_the_jobs_end(tmp_path):
    """``Early stopping!`` and then a CUDA OOM (or an NCCL hang) while testing the best model: the job died there,
    after its training had stopped early (the stop's new early-stopping lines had hidden it as 'completed')."""
    oom = _epochs_then(tmp_path, "oom", [
        "Early stopping!", "Traceback (most recent call last):", '  File "train.py", line 200, in <module>',
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 15.78 GiB total capacity)"])
    assert oom.cause == "cuda_oom" and oom.detail["after_completion"], oom
    assert "after the training had stopped early" in oom.summary
    nccl = _epochs_then(tmp_path, "nccl", [
        "Early stopping!", "[E ProcessGroupNCCL.cpp:475] [Rank 0] Watchdog caught collective operation timeout: "
        "WorkNCCL(SeqNum=5, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=1800000) ran for 1800123 "
        "milliseconds before timing out."])
    assert nccl.cause == "nccl_timeout", nccl
    clean = _epochs_then(tmp_path, "clean", ["Early stopping!", "Test loss: 0.3712"])
    assert clean.cause == "completed" and clean.detail["early_stopping"]


def test_early_stopping_words_in_other_cases_and_the_unit_said(tmp_path):
    """``Early Stopping!`` and ``Epoch 20: Early stopping triggered`` are early stops too; the summary says the log's
    own unit ('epoch' for printed epochs, else 'step': a Lightning threshold stop at global step 750 is no epoch)."""
    for name, last in (("caps", "Early Stopping!"), ("prefixed", "Epoch 20: Early stopping triggered")):
        ended = _epochs_then(tmp_path, name, [last])
        assert ended.cause == "completed" and ended.detail["early_stopping"], (name, ended)
        assert ended.summary.endswith("at epoch 20"), ended.summary
    rows = [f"step {s}: loss {_curve(s / 50):.4f}" for s in range(50, 800, 50)]
    (tmp_path / "pl").mkdir()
    (tmp_path / "pl" / "train.log").write_text("\n".join(rows + [
        "Stopping threshold reached: val_loss = 0.0100 < 0.05. Signaling Trainer to stop."]) + "\n")
    ended = _ended_detail(tmp_path / "pl")
    assert ended.summary.endswith("at step 750"), ended.summary
