"""A newcomer's faults in the CLI and the service (breaker5's FAULTS.md), each on the real command: click's
CliRunner or a real process, real SQLite files, a real uvicorn server on 127.0.0.1."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from loganalyzer.cli import main

REPO_ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "COLUMNS": "200"}


def invoke(*args, env: dict | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "200", **(env or {})})


def write_csv_run(path: Path, steps=range(0, 200, 2)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = "".join(f"{s},{2.0 * 0.98 ** s + 0.1:.5f}\n" for s in steps)
    path.write_text("step,train_loss\n" + rows)
    return path


# fault 1 -------------------------------------------------------------------------------------------------------

def test_a_group_without_its_subcommand_prints_its_help_not_a_traceback():
    result = invoke("cache")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "AttributeError" not in result.output
    assert "Usage: " in result.output and "info" in result.output and "clear" in result.output


# fault 8 -------------------------------------------------------------------------------------------------------

def test_ctrl_c_during_a_scan_exits_130_not_the_fail_on_status(tmp_path):
    run = write_csv_run(tmp_path / "runs" / "a.csv")
    script = textwrap.dedent(f"""
        import time
        import loganalyzer.cli._common as common
        def slow(*args, **kwargs):
            print("scanning", flush=True)
            time.sleep(60)
        common.scan = slow
        from loganalyzer.cli import main
        main(["scan", {str(run.parent)!r}, "-q", "--no-cache"], prog_name="loganalyzer")
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "scanning"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.strip() == "Aborted!"


# fault 3 -------------------------------------------------------------------------------------------------------

def readme_output(prompt: str) -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(prompt + "\n") + len(prompt) + 1
    return readme[start:readme.index("```", start)]


@pytest.mark.parametrize("columns, args", [
    (100, ["sample_logs/tensorboard", "--quiet"]),
    (100, ["sample_logs/tensorboard", "--quiet", "--fail-on", "nan,stalled", "--min-confidence", "0.7"]),
    (120, ["sample_logs"]),
])
def test_the_readme_shows_what_the_scan_prints(columns, args, monkeypatch):
    monkeypatch.chdir(REPO_ROOT)
    shown = f"$ COLUMNS={columns} loganalyzer scan {' '.join(args)}"
    result = invoke("scan", *args, "--no-cache", env={"COLUMNS": str(columns)})
    printed = result.stdout + result.stderr
    if "--fail-on" in args:
        shown += '; echo "exit $?"'
        printed += f"exit {result.exit_code}\n"
    assert readme_output(shown) == printed
