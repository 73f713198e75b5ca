"""``loganalyzer scan`` end to end: every output format parsed back, -o, exit codes and one-line errors."""
from __future__ import annotations

import csv
import io
import os
from collections import Counter
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import loganalyzer.cli as cli
import loganalyzer.cli._common  # noqa: F401 - patched below
import loganalyzer.cli.scan  # noqa: F401
from loganalyzer.cli import main
from loganalyzer.render.table import RUN_COLUMN as RUN_START
from loganalyzer.scan import scan
from loganalyzer.verdict import VERDICTS
from test_scan import (  # the real-log fixtures and helpers (tests/ is on sys.path under pytest)
    CORRUPT_EVENT_NAME,
    NAN_LOSS_FIRST_NONFINITE,
    NAN_LOSS_NONFINITE,
    by_id,
    logs,  # noqa: F401 (fixture)
    mixed,  # noqa: F401 (fixture)
    strict_json,
)

REPO_ROOT = Path(__file__).resolve().parents[1]


def invoke(*args: str, env: dict | None = None):
    # COLUMNS from the shell running the tests would wrap the table: tests choose their width themselves
    return CliRunner().invoke(main, list(args), env={"COLUMNS": None, **(env or {})})


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def table_rows(out: str) -> dict[str, list[str]]:
    """The run rows of an unwrapped table (no terminal): run id -> [verdict, confidence, run id, summary words...]."""
    return {line.split()[2]: line.split() for line in out.splitlines()
            if line.split()[:1] and line.split()[0] in VERDICTS}


def test_table_lists_runs_worst_first_and_closing_summary(logs):
    result = invoke("scan", str(logs))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out  # no colour codes when stdout is not a terminal
    rows = table_rows(out)
    assert set(rows) == {"good_tb", "nan_tb", "lightning_logs/version_0"}
    # Verdict, Conf, Run, Summary: the NaN run is certain and comes first
    assert list(rows)[0] == "nan_tb"
    assert rows["nan_tb"][:3] == ["nan", "0.90", "nan_tb"]
    assert "step 12" in " ".join(rows["nan_tb"][3:])  # the summary names where the loss went non-finite
    report = scan([logs])
    for run in report.runs:
        assert rows[run.run][1] == f"{run.confidence:.2f}"
        assert " ".join(rows[run.run][3:]) == " ".join(run.summary.split())  # one line, not cut
    counts = Counter(run.verdict for run in report.runs)
    expected = "3 runs: " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v])
    summary = [line for line in out.splitlines() if line.startswith("3 runs: ")]
    assert summary == [f"{expected} · 229 points · 0 warnings · 0 errors"], out


def test_table_details_lists_each_series(logs):
    plain = invoke("scan", str(logs / "good_tb")).stdout
    detailed = invoke("scan", str(logs / "good_tb"), "--details").stdout
    assert "Last value" not in plain and "steps 0–990" not in plain
    assert "tensorboard · 2 series · 200 points · steps 0–990 · 0 warnings" in detailed
    series_rows = {line.split()[0]: line.split() for line in detailed.splitlines()
                   if line.startswith("  ") and len(line.split()) == 5}
    # Series, Role, Points, Steps, Last value (the NaN/Inf cell is empty)
    assert series_rows["train/loss"][:4] == ["train/loss", "train_loss", "100", "0–990"]
    assert series_rows["lr"][:4] == ["lr", "lr", "100", "0–990"]
    nan_detail = invoke("scan", str(logs / "nan_tb"), "--details").stdout
    (loss_row,) = [line.split() for line in nan_detail.splitlines() if line.split()[:1] == ["loss"]]
    assert loss_row == ["loss", "train_loss", "20", "0–19", str(NAN_LOSS_NONFINITE), "from", "step",
                        str(NAN_LOSS_FIRST_NONFINITE), "NaN"]


@pytest.mark.parametrize("width", [80, 100, 120, 160])
@pytest.mark.parametrize("details", [False, True])
def test_narrow_table_folds_run_ids_but_never_cuts_words(logs, tmp_path, width, details):
    from loganalyzer.render import render

    for name in ("good_tb", "nan_tb"):
        shutil.copytree(logs / name, tmp_path / name)
    shutil.copytree(logs / "nan_tb", tmp_path / ("a_rather_long_experiment_name_" * 3) / "version_0")
    report = scan([tmp_path])
    assert max(len(run.run) for run in report.runs) > 90

    text = render(report, "table", width=width, details=details)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "…" not in text  # rich's ellipsis would mean a cropped cell
    words = set(text.split())
    for run in report.runs:
        # every word of the summary and the advice is whole somewhere: wrapping never splits a number
        shown_advice = run.analysis.advice if details or run.verdict != "healthy" else ()
        for sentence in (run.summary, *shown_advice):
            assert set(sentence.split()) <= words, (sentence, text)
        # the run id, folded onto several lines of its column, reads back whole
        id_column = "".join(line[RUN_START:RUN_START + len(run.run)].split(" ")[0] for line in lines)
        assert run.run in id_column
    series_words = {"0–990", "0–19"} if details else set()
    assert series_words <= words


def test_json_is_strict_and_exact(logs):
    result = invoke("scan", str(logs), "--format", "json")
    assert result.exit_code == 0, result.output
    document = strict_json(result.stdout)
    assert set(document) == {"version", "config", "options", "runs", "errors"}
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


def test_series_csv_one_row_per_series(logs):
    result = invoke("scan", str(logs), "--format", "series-csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["run", "format", "dir", "tag", "points", "first_step", "last_step", "nonfinite",
                             "last_value", "verdict", "confidence", "role"]
    by_series = {(r["run"], r["tag"]): r for r in rows}
    nan_row = by_series[("nan_tb", "loss")]
    assert (nan_row["points"], nan_row["first_step"], nan_row["last_step"]) == ("20", "0", "19")
    assert (nan_row["nonfinite"], nan_row["last_value"]) == (str(NAN_LOSS_NONFINITE), "nan")
    assert by_series[("lightning_logs/version_0", "val_loss")]["last_value"] == "1.0"
    assert by_series[("good_tb", "train/loss")]["points"] == "100"
    # the run's verdict on each of its rows, the series' role where it has one
    assert (nan_row["verdict"], nan_row["role"]) == ("nan", "train_loss")
    assert float(nan_row["confidence"]) == by_id(scan([logs]))["nan_tb"].confidence
    assert (by_series[("good_tb", "lr")]["role"], by_series[("good_tb", "train/loss")]["role"]) == ("lr", "train_loss")
    (good_verdict,) = {r["verdict"] for r in rows if r["run"] == "good_tb"}
    assert good_verdict in VERDICTS


def test_markdown_table(logs):
    result = invoke("scan", str(logs), "--format", "markdown")
    assert result.exit_code == 0, result.output
    table = [line for line in result.stdout.splitlines() if line.startswith("|")]
    assert table[0] == "| Verdict | Confidence | Run | Summary |"
    cells = [[c.strip() for c in row.split("|")[1:-1]] for row in table[2:]]
    assert [row[2] for row in cells][0] == "`nan_tb`"  # worst first
    assert cells[0][:2] == ["**nan**", "0.90"]
    assert "`loss`" in cells[0][3] and "step 12" in cells[0][3]  # series names as code spans
    assert sorted(row[2] for row in cells) == ["`good_tb`", "`lightning_logs/version_0`", "`nan_tb`"]
    assert "<details>" not in result.stdout  # two healthy runs at most: nothing to fold
    # 200 (good_tb) + 20 (nan_tb) + 9 (Lightning: train_loss, val_loss and the epoch tag at 3 steps each)
    first = result.stdout.splitlines()[0]
    assert first.startswith("**loganalyzer ") and first.endswith(" · 229 points · 0 warnings · 0 errors")
    assert ":** 3 runs: 1 nan, " in first


def test_corrupt_event_file_is_listed_by_name_and_the_scan_succeeds(mixed):
    result = invoke("scan", str(mixed))
    assert result.exit_code == 0, result.output
    assert "good" in table_rows(result.stdout)
    error_lines = [line for line in result.stdout.splitlines() if CORRUPT_EVENT_NAME in line]
    assert error_lines, result.stdout
    assert "Traceback" not in result.output


def test_truncated_event_file_is_a_warning_naming_the_file(logs, tmp_path):
    shutil.copytree(logs / "good_tb", tmp_path / "run")
    (event_file,) = (tmp_path / "run").glob("events.out.tfevents.*")
    event_file.write_bytes(event_file.read_bytes()[:-7])  # the job was killed mid-write: last record cut short

    table = invoke("scan", str(tmp_path))
    assert table.exit_code == 0, table.output
    assert "run" in table_rows(table.stdout)
    assert table.stdout.splitlines()[[line.startswith("1 run: ") for line in table.stdout.splitlines()].index(True)] \
        .endswith(" · 199 points · 1 warning · 0 errors")
    assert "· 1 warning" in invoke("scan", str(tmp_path), "--details").stdout  # the run's own facts line
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
    size = target.stat().st_size
    assert one_line(result.stderr) == f"Wrote 3 runs as json ({size / 1e3:.0f} kB) to {target}"
    assert len(strict_json(target.read_text())["runs"]) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary file left behind


def test_output_file_is_not_clobbered_when_rendering_fails(logs, tmp_path, monkeypatch):
    target = tmp_path / "report.csv"
    target.write_text("old report")

    def broken_render(*args, **kwargs):
        raise ValueError("renderer exploded")

    monkeypatch.setattr(sys.modules["loganalyzer.cli.scan"], "render", broken_render)
    result = invoke("scan", str(logs), "--format", "csv", "-o", str(target))
    assert result.exit_code == 2  # 1 is kept for --fail-on matches
    assert one_line(result.stderr) == "Error: renderer exploded"
    assert target.read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_output_file_is_not_clobbered_when_the_write_fails(tmp_path, monkeypatch):
    target = tmp_path / "report.txt"
    target.write_text("old report")

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device", src)

    monkeypatch.setattr(cli._common.os, "replace", failing_replace)
    with pytest.raises(OSError) as raised:
        cli._common.write_atomically(target, "new report")
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
    def failing_scan(paths, progress=None, options=None, **kwargs):
        raise PermissionError(13, "Permission denied", "logs/locked")

    monkeypatch.setattr(cli._common, "scan", failing_scan)
    result = invoke("scan", str(logs))
    assert result.exit_code == 2  # 1 is kept for --fail-on matches
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
