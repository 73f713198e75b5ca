"""What newcomer41 found (stop 41), each fixed as a kind of fault, on files written by their real writers (pandas
``to_csv``, torch's ``SummaryWriter``, ``print()``):

1. an overfit run's JSON ``best_step`` is validation's best (the checkpoint the advice keeps), as the CSV says;
2. the model's "(rules alone would say ...)" names what the rules really say; a smoothed end value is labelled;
3. a CSV whose header is not UTF-8, and an empty ``*.csv``, each get one "not read" line in a directory scan;
4. a sudden mid-run learning-rate jump is "raised Nx at step S", never a warm-up (and no warm-up advice);
5. the LR decay quotes the logged first and last values with their steps;
6. a plain script's stdout with no scheduler lines is "ending not recorded", with no sacct advice;
7. a missing path among several: one error line, the others scanned, exit 2 at the end;
8. a short truncated event file is "truncated"; the HTML's worst-runs list and table sort one way.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from loganalyzer.cli import main
from loganalyzer.scan import scan


def scan_json(*paths, extra=()) -> dict:
    result = CliRunner().invoke(main, ["scan", *map(str, paths), "-f", "json", *extra])
    return json.loads(result.stdout)


def overfit_csv(path: Path) -> None:
    steps = np.arange(0, 300, 5)
    train = 0.7 * np.exp(-steps / 40) + 0.001
    val = 0.3 + 0.002 * (steps - 30) ** 2 / 30
    pd.DataFrame({"step": steps, "train_loss": train, "val_loss": val}).to_csv(path, index=False)


def test_overfit_best_step_is_validations_best_as_the_advice_says(tmp_path: Path):
    overfit_csv(tmp_path / "overfit.csv")
    (run,) = scan_json(tmp_path / "overfit.csv")["runs"]
    assert run["verdict"] == "overfit"
    ev = run["evidence"]
    assert ev["best_step"] == ev["best_val_step"] == 30
    assert ev["best_step_series"] == "val_loss"
    assert "Stop at step 30 " in run["advice"][0]
    csv_out = CliRunner().invoke(main, ["scan", str(tmp_path / "overfit.csv"), "-f", "csv"]).stdout
    assert pd.read_csv(__import__("io").StringIO(csv_out))["best_step"].tolist() == [30]


def circles(n: int, seed: int):
    import torch
    g = np.random.default_rng(seed)
    r = np.where(g.integers(0, 2, n) == 0, 0.5, 1.0)
    t = g.uniform(0, 2 * math.pi, n)
    x = np.c_[r * np.cos(t), r * np.sin(t)] + g.normal(0, 0.05, (n, 2))
    return torch.tensor(x, dtype=torch.float32), torch.tensor((r == 1.0).astype(np.int64))


def linear_on_circles(logdir: Path) -> None:
    """A linear model on two circles: it cannot beat chance (ln 2), logged as Lightning's TensorBoardLogger does
    (``train_loss_step`` every 10 steps, ``val_loss`` and ``epoch`` per epoch) with torch's SummaryWriter."""
    import torch
    from torch import nn
    from torch.utils.tensorboard import SummaryWriter
    torch.manual_seed(0)
    xtr, ytr = circles(2000, 5)
    xva, yva = circles(500, 6)
    model = nn.Linear(2, 2)
    opt = torch.optim.Adam(model.parameters(), 1e-2)
    writer, step = SummaryWriter(str(logdir)), 0
    for epoch in range(30):
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 64):
            idx = perm[i:i + 64]
            loss = nn.functional.cross_entropy(model(xtr[idx]), ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if (step + 1) % 10 == 0:
                writer.add_scalar("train_loss_step", loss.item(), step)
            step += 1
        with torch.no_grad():
            writer.add_scalar("val_loss", nn.functional.cross_entropy(model(xva), yva).item(), step - 1)
        writer.add_scalar("epoch", epoch, step - 1)
    writer.close()


def test_at_chance_summary_says_what_the_rules_say_labels_smoothed_ends_and_dates_the_plateau(tmp_path: Path):
    linear_on_circles(tmp_path / "linear")
    (run,) = scan_json(tmp_path / "linear")["runs"]
    (rules,) = scan_json(tmp_path / "linear", extra=["--rules-only"])["runs"]
    assert run["verdict"] == rules["verdict"] == "stalled"
    assert "rules alone would say" not in run["summary"]  # the rules say stalled too
    assert "at its end, smoothed)" in run["summary"] and "at its end)" not in run["summary"]
    ev = run["evidence"]
    assert "for most of the run" in run["summary"]
    assert ev["plateau_start_step"] < (ev["initial_step"] + ev["final_step"]) / 2


def test_a_csv_log_header_not_utf8_and_an_empty_csv_are_said_in_a_directory_scan(tmp_path: Path):
    losses = [1 / (i + 1) for i in range(30)]
    pd.DataFrame({"époque": range(30), "perte": losses}).to_csv(tmp_path / "latin1.csv", index=False,
                                                                 encoding="latin-1")
    pd.DataFrame({"epoch": range(30), "loss_é": losses}).to_csv(tmp_path / "latin1_hdr.csv", index=False,
                                                                encoding="latin-1")
    pd.DataFrame({"epoch": range(30), "loss": losses}).to_csv(tmp_path / "utf8.csv", index=False)
    (tmp_path / "empty.csv").write_bytes(b"")
    doc = scan_json(tmp_path)
    rows = {r["run"]: r for r in doc["runs"]}
    assert rows["utf8.csv"]["verdict"] == "healthy"
    assert rows["latin1.csv"]["verdict"] == rows["latin1_hdr.csv"]["verdict"] == "unknown"
    errors = {Path(e["path"]).name: e["message"] for e in doc["errors"]}
    assert "not UTF-8 text (byte 0xe9 at offset 0)" in errors["latin1.csv"]
    assert "not UTF-8 (byte 0xe9 at offset 11" in errors["latin1_hdr.csv"]
    assert errors["empty.csv"] == "not read: empty file (0 bytes)"
    alone = CliRunner().invoke(main, ["scan", str(tmp_path / "latin1.csv")])
    assert alone.exit_code == 2
    assert "not UTF-8 text (byte 0xe9 at offset 0)" in alone.output and "not a log file" not in alone.output


def printed_log(path: Path, lrs, losses, steps) -> None:
    """``print(f"epoch {e} step {s} loss {l:.4f} lr {lr}", file=f)``, a validation line each 40 steps."""
    with open(path, "w") as f:
        for s, loss, lr in zip(steps, losses, lrs):
            print(f"epoch {s // 40} step {s} loss {loss:.4f} lr {lr}", file=f)
            if s % 40 == 0:
                print(f"epoch {s // 40 - 1} val_loss {loss * 1.1:.4f}", file=f)


def test_a_sudden_mid_run_lr_raise_is_no_warm_up(tmp_path: Path):
    steps = list(range(10, 410, 10))
    lrs = [0.05 if s < 130 else 50.0 for s in steps]
    losses = [0.7 * math.exp(-s / 60) + 0.05 if s < 130 else 0.2 + 0.02 * (s - 130) for s in steps]
    (tmp_path / "jump").mkdir()
    printed_log(tmp_path / "jump" / "train.log", lrs, losses, steps)
    (run,) = scan_json(tmp_path / "jump")["runs"]
    said = " ".join(f["message"] for f in run["findings"]) + " ".join(run["advice"])
    assert "learning rate raised 1,000x at step 130 (from 0.05 to 50)" in said
    assert "warm-up" not in said and "warm up" not in said
    # a gradual rise at the start stays a warm-up
    ramp = [min(1.0, s / 100) * 0.05 for s in steps]
    (tmp_path / "ramp").mkdir()
    printed_log(tmp_path / "ramp" / "train.log", ramp, [0.7 * math.exp(-s / 100) + 0.05 for s in steps], steps)
    (run,) = scan_json(tmp_path / "ramp")["runs"]
    messages = [f["message"] for f in run["findings"]]
    assert "learning-rate warm-up at the start" in messages
    assert not any("raised" in m for m in messages)


def test_lr_decay_quotes_the_logged_first_and_last_rates(tmp_path: Path):
    import torch
    from torch.utils.tensorboard import SummaryWriter
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=0.003)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: max(1 - s / 320, 1e-3))
    writer = SummaryWriter(str(tmp_path / "run"))
    for step in range(320):
        opt.step()
        if step % 10 == 0:
            writer.add_scalar("train/loss", 0.7 * math.exp(-step / 80) + 0.1, step)
            writer.add_scalar("train/learning_rate", opt.param_groups[0]["lr"], step)
        sched.step()
    writer.close()
    (run,) = scan_json(tmp_path / "run")["runs"]
    (decay,) = [f["message"] for f in run["findings"] if "decayed" in f["message"]]
    assert decay == "learning rate decayed 32x, from 0.003 at step 0 to 9.38e-05 at step 310"


def test_a_plain_scripts_log_that_stops_gets_no_scheduler_advice(tmp_path: Path):
    steps = list(range(10, 410, 10))
    losses = [0.7 * math.exp(-s / 100) + 0.05 for s in steps]
    (tmp_path / "plain").mkdir()
    printed_log(tmp_path / "plain" / "train.log", [0.01] * len(steps), losses, steps)
    (run,) = scan_json(tmp_path / "plain")["runs"]
    assert run["ended"]["cause"] == "unknown" and run["ended"]["detail"]["scheduler"] is False
    said = " ".join(f["message"] for f in run["findings"]) + " ".join(run["advice"])
    assert "ending not recorded" in said and "sacct" not in said and "without a sign of how" not in said
    md = CliRunner().invoke(main, ["scan", str(tmp_path / "plain"), "-f", "markdown"]).stdout
    assert "| not recorded |" in md and "**unknown**" not in md
    assert "[ended: not recorded]" in CliRunner().invoke(main, ["scan", str(tmp_path / "plain"), "-q"]).stdout
    page = CliRunner().invoke(main, ["report", str(tmp_path / "plain"), "-o", str(tmp_path / "r.html")])
    assert page.exit_code == 0 and "ended: not recorded</span>" in (tmp_path / "r.html").read_text()
    # the same lines under a Slurm job's name, or with the scheduler's variables printed: ask sacct
    (tmp_path / "job").mkdir()
    printed_log(tmp_path / "job" / "slurm-4242.out", [0.01] * len(steps), losses, steps)
    (tmp_path / "env").mkdir()
    printed_log(tmp_path / "env" / "train.log", [0.01] * len(steps), losses, steps)
    text = (tmp_path / "env" / "train.log").read_text()
    (tmp_path / "env" / "train.log").write_text("SLURM_JOB_ID=4243\n" + text)
    for name in ("job", "env"):
        (run,) = scan_json(tmp_path / name)["runs"]
        assert run["ended"]["cause"] == "unknown" and "scheduler" not in run["ended"]["detail"]
        assert any("sacct -j" in a for a in run["advice"])


def test_one_missing_path_among_several_is_one_line_and_the_others_are_scanned(tmp_path: Path):
    overfit_csv(tmp_path / "a.csv")
    overfit_csv(tmp_path / "b.csv")
    missing = tmp_path / "nonexistent"
    result = CliRunner().invoke(main, ["scan", str(tmp_path / "a.csv"), str(missing), str(tmp_path / "b.csv"),
                                       "-f", "json"])
    assert result.exit_code == 2
    assert result.stderr.count(f"{missing}: no such file or directory") == 1
    assert sorted(Path(r["path"]).name for r in json.loads(result.stdout)["runs"]) == ["a.csv", "b.csv"]
    alone = CliRunner().invoke(main, ["scan", str(missing)])
    assert alone.exit_code == 2 and alone.stdout == ""
    report = CliRunner().invoke(main, ["report", str(tmp_path / "a.csv"), str(missing), "-f", "markdown"])
    assert report.exit_code == 2 and "a.csv" in report.stdout
    assert report.stderr.count(f"{missing}: no such file or directory") == 1


def test_a_short_cut_event_file_is_said_truncated(tmp_path: Path):
    from torch.utils.tensorboard import SummaryWriter
    writer = SummaryWriter(str(tmp_path / "tb"))
    for step in range(5):
        writer.add_scalar("loss", 1.0 / (step + 1), step)
    writer.close()
    (event,) = (tmp_path / "tb").iterdir()
    event.write_bytes(event.read_bytes()[:30])  # the first record's 12-byte header whole, its data cut
    doc = scan_json(tmp_path / "tb")
    (error,) = doc["errors"]
    assert "a truncated event file (its first record's header says" in error["message"]
    assert "not a TensorBoard event file" not in error["message"]
    event.write_bytes(b"this is no event file at all, just some text\n")
    (error,) = scan_json(tmp_path / "tb")["errors"]
    assert "not a TensorBoard event file" in error["message"]


def test_html_worst_runs_list_and_table_sort_one_way(tmp_path: Path):
    import dataclasses

    from loganalyzer.render import html
    from loganalyzer.render._text import worst_first

    steps = np.arange(0, 650, 10)
    for name in ("a_sure.csv", "b_unsure.csv"):
        pd.DataFrame({"step": steps, "train_loss": 0.74 + 0.003 * np.sin(steps)}).to_csv(tmp_path / name, index=False)
    report = scan([tmp_path])
    assert {r.verdict for r in report.runs} == {"stalled"}
    runs = [dataclasses.replace(r, analysis=dataclasses.replace(r.analysis, confidence=0.99 if r.run == "a_sure.csv"
                                                                else 0.6)) for r in report.runs]
    report = dataclasses.replace(report, runs=runs)
    ranked = [r.run for r in html.worst_ranked(report.runs)]
    assert ranked == [r.run for r in worst_first(report)] == ["b_unsure.csv", "a_sure.csv"]
    page = html.render(report)
    worst = page.split('<div class="worst">', 1)[1].split("</ol>", 1)[0]
    assert worst.index("b_unsure.csv") < worst.index("a_sure.csv")


def test_the_readme_replay_example_runs_from_its_own_snippet_and_prints_what_it_shows(tmp_path: Path, monkeypatch):
    import subprocess
    import sys

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    command = "loganalyzer replay ckpt.pt --model models.py:mlp --data batches.pt"
    at = readme.index("```\n" + command)
    snippet = readme[readme.rindex("```python\n", 0, at) + len("```python\n"):readme.rindex("```\n", 0, at)]
    shown_at = readme.index("```\n", readme.index("```\n", at + 4) + 4) + 4  # the block after the command's
    shown = readme[shown_at:readme.index("```", shown_at)]
    subprocess.run([sys.executable, "-c", snippet], cwd=tmp_path, check=True)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, command.split()[1:])
    assert result.exit_code == 0, result.output
    printed = "".join(line.rstrip() + "\n" for line in result.stdout.splitlines())
    assert printed == shown
    assert "a constant prediction would score" in shown
