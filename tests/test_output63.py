"""What a user reads (stop 62's fresh-eyes trial, nc62_report.md): runs really written by torch's SummaryWriter, a
tiny torch training, the csv module and a printed training script, read through ``scan`` and the real
``loganalyzer`` entry point (``python -m loganalyzer`` in a fresh interpreter)."""
from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from loganalyzer.scan import scan
from loganalyzer.verdict_base import higher_lower, times

REPO_ROOT = Path(__file__).resolve().parents[1]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("LOGANALYZER_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "loganalyzer", *args, "--no-cache"], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)


def _tb(path: Path, values, every: int = 1, lr: float | None = None) -> None:
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(path))
    for i, value in enumerate(values):
        writer.add_scalar("train/loss", value, i * every)
        if lr is not None:
            writer.add_scalar("lr", lr, i * every)
    writer.close()


def _trained(path: Path, bad_batches=(), steps: int = 300) -> None:
    """A tiny torch regression trained with SGD, logging its loss every step; a batch in ``bad_batches`` carries a
    NaN input (a corrupt sample), and a non-finite loss's step is skipped as ``GradScaler`` skips one (no update)."""
    import torch
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    w_true = torch.randn(8, 1)
    model = torch.nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.02)
    writer = SummaryWriter(str(path))
    for step in range(steps):
        x = torch.randn(32, 8)
        y = x @ w_true
        if step in bad_batches:
            x[3, 2] = float("nan")
        loss = torch.nn.functional.mse_loss(model(x), y)
        writer.add_scalar("train/loss", loss.item(), step)
        opt.zero_grad()
        loss.backward()
        if torch.isfinite(loss):
            opt.step()
    writer.close()


# ---------------------------------------------------------------- 1. a NaN the run recovered from


def test_one_nan_batch_skipped_stays_nan_but_says_it_recovered_and_what_the_finite_logs_read(tmp_path):
    # domain.md: `nan` = the loss became NaN/Inf; a recovered one lowers the confidence and changes the advice
    _trained(tmp_path / "one_bad_batch", bad_batches=(150,))
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "nan", run.summary
    assert run.confidence <= 0.6 and "recovered" in run.summary and "reads healthy" in run.summary
    assert run.analysis.evidence["finite_logs_label"] == "healthy"
    assert "single bad step" in run.analysis.advice[0]
    (finding,) = [f for f in run.analysis.findings if f.kind == "transient_nonfinite"]
    assert finding.step == 150
    assert "NaN at step 150" in finding.message and "1 of 300 logs" in finding.message
    assert run.analysis.evidence["transient_nonfinite"]["train/loss"]["nonfinite_logs"] == 1
    assert not any("lower the" in a.lower() and "learning rate" in a for a in run.analysis.advice)


def test_the_finding_is_printed_under_the_row_of_the_table(tmp_path):
    _trained(tmp_path / "one_bad_batch", bad_batches=(150,))
    done = _cli("scan", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "nan" in done.stdout and "was NaN at step 150" in done.stdout


@pytest.mark.parametrize("bad, why", [((100, 200), "recurs"), (tuple(range(150, 300)), "ends non-finite")])
def test_a_nan_that_recurs_or_lasts_to_the_end_stays_nan(tmp_path, bad, why):
    _tb(tmp_path / "run", [math.nan if s in bad else 2 * math.exp(-s / 60) + 0.1 for s in range(300)])
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "nan", (why, run.summary)


def test_a_loss_that_came_back_higher_after_its_nan_stays_nan(tmp_path):
    values = [2 * math.exp(-s / 60) + 0.1 for s in range(150)] + [math.nan] + [5.0 + 0.01 * s for s in range(149)]
    _tb(tmp_path / "run", values)
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "nan", run.summary


# ---------------------------------------------------------------- 2. where a divergence began


def test_a_climb_straight_from_the_best_is_quoted_from_the_best_and_where_it_crossed(tmp_path):
    best = 2.5 * math.exp(-800 / 150) + 0.3
    values = [2.5 * math.exp(-s / 150) + 0.3 if s <= 800 else best * math.exp((s - 800) / 250)
              for s in range(0, 1500, 10)]
    _tb(tmp_path / "diverge", values, every=10, lr=1e-3)
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "diverged"
    assert "climbed straight from its best (past " in run.summary, run.summary
    crossed = run.analysis.evidence["divergence_start_step"]
    assert f"its best by step {crossed:,})" in run.summary and crossed > 800
    assert run.analysis.evidence["climb_began_step"] == 800


def test_a_climb_after_a_plateau_is_quoted_from_the_plateau_end(tmp_path):
    # falls to 0.3 at step 600, sits there (within 1%) to step 1000, then rises smoothly to ~20x
    values = [0.3 + 2.5 * (1 - s / 600) ** 2 if s <= 600 else 0.3 + 0.003 * ((s // 10) % 3) if s <= 1000
              else 0.3 * math.exp((s - 1000) / 170) for s in range(0, 1500, 10)]
    _tb(tmp_path / "diverge", values, every=10)
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "diverged"
    began = run.analysis.evidence["climb_began_step"]
    assert 990 <= began <= 1010, run.summary
    assert f"climbed from step {began:,} (past " in run.summary, run.summary


# ---------------------------------------------------------------- 3. ratios


@pytest.mark.parametrize("ratio, said", [(213768648.5, "2.1e8x"), (5147516.1, "5.1e6x"), (11.83, "12x"),
                                         (1.04, "1.04x"), (378.2, "378x"), (4200.0, "4,200x"), (0.54, "0.54x"), (0.0389, "0.04x"), (3.2e-6, "3.2e-6x")])
def test_times(ratio, said):
    assert times(ratio) == said


@pytest.mark.parametrize("ratio, said", [(1.05, "5% higher"), (0.19, "81% lower"), (3.2, "3.2x higher"),
                                         (2.1e8, "2.1e8x higher")])
def test_higher_lower(ratio, said):
    assert higher_lower(ratio) == said


def test_a_blown_up_loss_says_its_ratio_in_e_notation(tmp_path):
    values = [2.0 * 0.98 ** s for s in range(100)] + [0.27 * 10 ** (s / 6) for s in range(1, 50)]
    _tb(tmp_path / "blowup", values)
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "diverged"
    assert "e8x its best" in run.summary or "e7x its best" in run.summary or "e9x its best" in run.summary, \
        run.summary
    assert not any(len(word) > 9 and word.endswith("x") and word[:-1].replace(".", "").replace(",", "").isdigit()
                   for word in run.summary.split()), run.summary


def test_no_ratio_format_is_left_outside_the_helper():
    """Every "Nx" a summary says goes through ``verdict_base.times``: no f-string formats a ratio on its own."""
    import re

    bare = re.compile(r"\{[^{}]*[/*][^{}]*:[,.0-9]*[fg]\}x")
    hits = [f"{p.name}:{n}" for p in (REPO_ROOT / "loganalyzer").rglob("*.py")
            for n, line in enumerate(p.read_text().splitlines(), 1) if bare.search(line)
            and "chance" not in line and "ln k" not in line]
    assert hits == []


# ---------------------------------------------------------------- 4-6. the CLI's words


def _printed_run(root: Path) -> None:
    script = root / "train.py"
    script.write_text("import math\nfor s in range(0, 200, 10):\n"
                      "    print(f'step {s} loss {2 * math.exp(-s / 50) + 0.1:.4f}', flush=True)\n")
    (root / "printed").mkdir()
    with open(root / "printed" / "train.log", "w") as out:
        subprocess.run([sys.executable, str(script)], stdout=out, check=True)
    script.unlink()


def _csv_with_bad_rows(root: Path) -> None:
    (root / "keras").mkdir()
    with open(root / "keras" / "metrics.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["epoch", "train_loss", "val_loss"])
        for epoch in range(30):
            writer.writerow([epoch, 2 * 0.9 ** epoch + 0.1, 2.1 * 0.9 ** epoch + 0.15])
            if epoch in (5, 9):
                f.write("garbage,,\n")  # a second writer's line


def test_csv_ended_says_not_recorded_as_the_table_does(tmp_path):
    _printed_run(tmp_path)
    table = _cli("scan", "printed", cwd=tmp_path)
    assert "[ended: not recorded]" in table.stdout, table.stdout
    done = _cli("scan", "printed", "--format", "csv", cwd=tmp_path)
    (row,) = csv.DictReader(io.StringIO(done.stdout))
    assert row["ended"] == "not recorded"


def test_quiet_counts_the_warnings_it_hides(tmp_path):
    _csv_with_bad_rows(tmp_path)
    loud = _cli("scan", "keras", cwd=tmp_path)
    assert "1 warning" in loud.stdout
    quiet = _cli("scan", "keras", "-q", cwd=tmp_path)
    assert quiet.returncode == 0
    assert "warning" not in quiet.stdout
    assert "1 warning hidden by --quiet: run without --quiet to list them" in quiet.stderr, quiet.stderr


@pytest.mark.parametrize("name", ["out.csv", "out.json", "out.md"])
def test_scan_dash_o_says_where_and_how_big(tmp_path, name):
    _csv_with_bad_rows(tmp_path)
    done = _cli("scan", "keras", "-o", name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    size = (tmp_path / name).stat().st_size
    fmt = {"csv": "csv", "json": "json", "md": "markdown"}[name.split(".")[1]]
    amount = f"{size} bytes" if size < 1000 else f"{max(size / 1e3, 1):.0f} kB"
    assert f"Wrote 1 run as {fmt} ({amount}) to {name}" in done.stderr, done.stderr
    if name.endswith(".json"):
        assert json.loads((tmp_path / name).read_text())["runs"][0]["verdict"] == "healthy"


def test_report_dash_o_html_says_where_and_how_big(tmp_path):
    pytest.importorskip("matplotlib")
    _csv_with_bad_rows(tmp_path)
    done = _cli("report", "keras", "-o", "r.html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    size = (tmp_path / "r.html").stat().st_size
    amount = f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.0f} kB"
    assert f"Wrote 1 run as html ({amount}) to r.html" in done.stderr, done.stderr
    assert done.stdout.strip() == str((tmp_path / "r.html").resolve())
