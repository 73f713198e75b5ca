"""``loganalyzer scan`` end to end: every output format parsed back, -o, exit codes and one-line errors."""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import loganalyzer.cli as cli
from loganalyzer.cli import main
from test_scan import (  # the real-log fixtures and helpers (tests/ is on sys.path under pytest)
    CORRUPT_EVENT_NAME,
    NAN_LOSS_FIRST_NONFINITE,
    NAN_LOSS_NONFINITE,
    logs,  # noqa: F401 (fixture)
    mixed,  # noqa: F401 (fixture)
    strict_json,
)

REPO_ROOT = Path(__file__).resolve().parents[1]


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def test_table_lists_runs_and_closing_summary(logs):
    result = invoke("scan", str(logs))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out  # no colour codes when stdout is not a terminal
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.split()}
    # Run, Format, Series, Points, Steps, NaN/Inf, Warnings
    assert rows["good_tb"][:5] == ["good_tb", "tensorboard", "2", "200", "0–990"]
    assert rows["nan_tb"][:6] == ["nan_tb", "tensorboard", "1", "20", "0–19", str(NAN_LOSS_NONFINITE)]
    assert rows["lightning_logs/version_0"][1] == "lightning_csv"
    summary = [line for line in out.splitlines() if line.startswith("3 runs, ")]
    assert summary and summary[0].endswith("0 warnings, 0 errors"), out


def test_table_details_lists_each_series(logs):
    plain = invoke("scan", str(logs / "good_tb")).stdout
    detailed = invoke("scan", str(logs / "good_tb"), "--details").stdout
    assert "train/loss" not in plain
    series_rows = {line.split()[0]: line.split() for line in detailed.splitlines() if line.startswith("  ")}
    assert series_rows["train/loss"][:3] == ["train/loss", "100", "0–990"]
    assert series_rows["lr"][:3] == ["lr", "100", "0–990"]


@pytest.mark.parametrize("width", [80, 100, 120])
@pytest.mark.parametrize("details", [False, True])
def test_narrow_table_folds_run_ids_but_never_crops_numbers(logs, tmp_path, width, details):
    from loganalyzer.render import render
    from loganalyzer.scan import scan

    for name in ("good_tb", "nan_tb"):
        shutil.copytree(logs / name, tmp_path / name)
    shutil.copytree(logs / "nan_tb", tmp_path / ("a_rather_long_experiment_name_" * 3) / "version_0")
    report = scan([tmp_path])
    assert max(len(run.run) for run in report.runs) > 90

    text = render(report, "table", width=width, details=details)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "…" not in text  # rich's ellipsis would mean a cropped cell
    for run in report.runs:
        row = next(line for line in lines if line.startswith(run.run[:8])).split()
        # a run row ends with its number columns, whole: series, points, steps, NaN/Inf, warnings
        assert row[-5:] == [str(len(run.series)), f"{run.points:,}", f"0–{run.last_step:,}",
                            f"{run.nonfinite:,}" if run.nonfinite else "–", "–"]


def test_json_is_strict_and_exact(logs):
    result = invoke("scan", str(logs), "--format", "json")
    assert result.exit_code == 0, result.output
    document = strict_json(result.stdout)
    assert set(document) == {"version", "runs", "errors"}
    runs = {run["run"]: run for run in document["runs"]}
    (loss,) = runs["nan_tb"]["series"]
    assert (loss["points"], loss["first_step"], loss["last_step"]) == (20, 0, 19)
    assert (loss["nonfinite"], loss["first_nonfinite_step"]) == (NAN_LOSS_NONFINITE, NAN_LOSS_FIRST_NONFINITE)
    assert loss["last_value"] == "nan"
    good = {s["tag"]: s for s in runs["good_tb"]["series"]}
    assert (good["train/loss"]["points"], good["train/loss"]["last_step"]) == (100, 990)
    assert document["errors"] == []


def test_jsonl_one_run_per_line_then_errors(mixed):
    result = invoke("scan", str(mixed), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    objects = [strict_json(line) for line in result.stdout.splitlines()]
    runs = [o for o in objects if "run" in o]
    errors = [o["error"] for o in objects if "error" in o]
    assert objects == runs + [{"error": e} for e in errors]  # runs first, then errors
    good = next(r for r in runs if r["run"] == "good")
    assert good["series"][0]["points"] == 100
    assert any(Path(e["path"]).name == CORRUPT_EVENT_NAME and e["message"] for e in errors)


def test_csv_one_row_per_series(logs):
    result = invoke("scan", str(logs), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["run", "format", "dir", "tag", "points", "first_step", "last_step", "nonfinite", "last_value"]
    by_series = {(r["run"], r["tag"]): r for r in rows}
    nan_row = by_series[("nan_tb", "loss")]
    assert (nan_row["points"], nan_row["first_step"], nan_row["last_step"]) == ("20", "0", "19")
    assert (nan_row["nonfinite"], nan_row["last_value"]) == (str(NAN_LOSS_NONFINITE), "nan")
    assert by_series[("lightning_logs/version_0", "val_loss")]["last_value"] == "1.0"
    assert by_series[("good_tb", "train/loss")]["points"] == "100"


def test_markdown_table(logs):
    result = invoke("scan", str(logs), "--format", "markdown")
    assert result.exit_code == 0, result.output
    table = [line for line in result.stdout.splitlines() if line.startswith("|")]
    assert table[0] == "| Run | Format | Series | Points | Steps | NaN/Inf | Warnings |"
    cells = {row.split("|")[1].strip(): [c.strip() for c in row.split("|")[1:-1]] for row in table[2:]}
    assert cells["`nan_tb`"] == ["`nan_tb`", "tensorboard", "1", "20", "0–19", str(NAN_LOSS_NONFINITE), "0"]
    # 200 (good_tb) + 20 (nan_tb) + 9 (Lightning: train_loss, val_loss and the epoch tag at 3 steps each)
    assert "3 runs, 229 points, 1 with NaN/Inf, 0 warnings, 0 errors" in result.stdout.splitlines()[0]


def test_corrupt_event_file_is_listed_by_name_and_the_scan_succeeds(mixed):
    result = invoke("scan", str(mixed))
    assert result.exit_code == 0, result.output
    assert any(line.split()[:1] == ["good"] for line in result.stdout.splitlines())
    error_lines = [line for line in result.stdout.splitlines() if CORRUPT_EVENT_NAME in line]
    assert error_lines, result.stdout
    assert "Traceback" not in result.output


def test_truncated_event_file_is_a_warning_naming_the_file(logs, tmp_path):
    shutil.copytree(logs / "good_tb", tmp_path / "run")
    (event_file,) = (tmp_path / "run").glob("events.out.tfevents.*")
    event_file.write_bytes(event_file.read_bytes()[:-7])  # the job was killed mid-write: last record cut short

    table = invoke("scan", str(tmp_path))
    assert table.exit_code == 0, table.output
    row = next(line for line in table.stdout.splitlines() if line.startswith("run ")).split()
    assert row[-1] == "1"  # the Warnings column
    assert "1 warning, 0 errors" in table.stdout
    assert any(line.strip().startswith(str(event_file)) for line in table.stdout.splitlines())

    document = strict_json(invoke("scan", str(tmp_path), "--format", "json").stdout)
    (run,) = document["runs"]
    (warning,) = run["warnings"]
    assert warning.startswith(f"{event_file} ")
    assert sum(s["points"] for s in run["series"]) == 199  # only the cut record is lost


def test_output_file_is_written_and_announced(logs, tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old report")
    result = invoke("scan", str(logs), "--format", "json", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert one_line(result.stderr) == f"Wrote 3 runs as json to {target}"
    assert len(strict_json(target.read_text())["runs"]) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary file left behind


def test_output_file_is_not_clobbered_when_rendering_fails(logs, tmp_path, monkeypatch):
    target = tmp_path / "report.csv"
    target.write_text("old report")

    def broken_render(*args, **kwargs):
        raise ValueError("renderer exploded")

    monkeypatch.setattr(cli, "render", broken_render)
    result = invoke("scan", str(logs), "--format", "csv", "-o", str(target))
    assert result.exit_code == 1
    assert one_line(result.stderr) == "Error: renderer exploded"
    assert target.read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_output_file_is_not_clobbered_when_the_write_fails(tmp_path, monkeypatch):
    target = tmp_path / "report.txt"
    target.write_text("old report")

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device", src)

    monkeypatch.setattr(cli.os, "replace", failing_replace)
    with pytest.raises(OSError) as raised:
        cli.write_atomically(target, "new report")
    assert raised.value.filename == str(target)  # the user's file is named, not the temporary one
    assert target.read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_missing_path_is_one_line_and_exit_2(logs, tmp_path):
    missing = str(tmp_path / "no_such_dir")
    result = invoke("scan", str(logs), missing)
    assert result.exit_code == 2
    assert one_line(result.stderr) == f"Error: {missing}: no such file or directory"
    assert "Traceback" not in result.output


def test_user_errors_are_one_line_but_debug_shows_the_exception(logs, monkeypatch):
    def failing_scan(paths, progress=None):
        raise PermissionError(13, "Permission denied", "logs/locked")

    monkeypatch.setattr(cli, "scan", failing_scan)
    result = invoke("scan", str(logs))
    assert result.exit_code == 1
    assert one_line(result.stderr) == "Error: logs/locked: permission denied"

    debug = invoke("scan", str(logs), env={"LOGANALYZER_DEBUG": "1"})
    assert isinstance(debug.exception, PermissionError)


def test_version():
    from loganalyzer.scan import package_version

    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"loganalyzer {package_version()}"


def run_module(*args: str) -> subprocess.CompletedProcess:
    """``python -m loganalyzer ...`` in a fresh interpreter, importing this checkout whether or not it is installed."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("LOGANALYZER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "loganalyzer", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_python_dash_m_scan_as_a_real_process(logs, tmp_path):
    done = run_module("scan", str(logs), "--format", "json")
    assert done.returncode == 0, done.stderr
    runs = {run["run"]: run for run in strict_json(done.stdout)["runs"]}
    assert runs["nan_tb"]["series"][0]["nonfinite"] == NAN_LOSS_NONFINITE

    missing = run_module("scan", str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert missing.stdout == ""
    assert one_line(missing.stderr) == f"Error: {tmp_path / 'nope'}: no such file or directory"
    assert "Traceback" not in missing.stderr
