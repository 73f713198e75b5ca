"""Issue 10: a command line people can gate CI on, flags that mean one thing everywhere, an everyday install.

Every test drives the real command (click's CliRunner, or a real process) over real logs: event files written by
torch's SummaryWriter, CSV files as a training script writes them.
"""
from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import loganalyzer
from loganalyzer.cli import main
from loganalyzer.config import OptionError
from loganalyzer.scan import AnalysisOptions, scan
from test_scan import CORRUPT_EVENT_BYTES, CORRUPT_EVENT_NAME, strict_json, write_tensorboard

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_LOGS = REPO_ROOT / "sample_logs"
STALLED_ADVICE_HEAD = "Overfit one small batch first"


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": None, **(env or {})})


def err_lines(result) -> list[str]:
    return result.stderr.strip().splitlines()


def flat_loss(seed: int) -> list[tuple[int, float]]:
    rng = random.Random(seed)
    return [(s, 0.72 - 0.0002 * s + 0.003 * rng.random()) for s in range(0, 200, 2)]


GOOD_TRAIN = [(s, 0.1 + 2.2 * 0.985 ** s) for s in range(0, 400, 4)]
GOOD_VAL = [(s, 0.15 + 2.1 * 0.985 ** s) for s in range(0, 400, 20)]
NAN_AT_30 = [(s, 2.0 - 0.05 * s if s < 30 else float("nan")) for s in range(40)]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Path:
    """A healthy run (train/loss, val/loss), a run named 'loss' that goes NaN at step 30, three stalled runs with
    identical advice, and a run whose only event file is not an event file."""
    root = tmp_path_factory.mktemp("gate")
    write_tensorboard(root / "good", {"train/loss": GOOD_TRAIN, "val/loss": GOOD_VAL})
    write_tensorboard(root / "blowup", {"loss": NAN_AT_30})
    for i in range(3):
        write_tensorboard(root / f"flat_{i}", {"train/loss": flat_loss(i)})
    (root / "broken").mkdir()
    (root / "broken" / CORRUPT_EVENT_NAME).write_bytes(CORRUPT_EVENT_BYTES)
    return root


@pytest.fixture(scope="module")
def document(runs) -> dict:
    result = invoke("scan", runs, "--format", "json")
    assert result.exit_code == 0, result.output
    return strict_json(result.stdout)


def by_run(document: dict) -> dict[str, dict]:
    return {run["run"]: run for run in document["runs"]}


# ---------------------------------------------------------------------------------------------------------------
# the gate: nothing to scan


@pytest.mark.parametrize("fail_on", [(), ("--fail-on", "nan")])
def test_an_empty_directory_exits_2_with_one_line(tmp_path, fail_on):
    result = invoke("scan", tmp_path, *fail_on)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert err_lines(result) == [f"Error: no training runs found in {tmp_path} (looked for TensorBoard event files, "
                                 "Lightning/Keras/plain CSV logs, HuggingFace trainer_state.json, MLflow runs and "
                                 "mlflow.db, W&B runs, printed job logs (*.log, slurm-*.out/.err, Grid Engine/PBS "
                                 "job.o123/.e123))"]


@pytest.mark.parametrize("fail_on", [(), ("--fail-on", "nan,diverged")])
def test_only_unreadable_files_exits_2_naming_the_file(tmp_path, fail_on):
    (tmp_path / "run").mkdir()
    bad = tmp_path / "run" / CORRUPT_EVENT_NAME
    bad.write_bytes(CORRUPT_EVENT_BYTES)
    result = invoke("scan", tmp_path, *fail_on)
    assert result.exit_code == 2
    (line,) = err_lines(result)
    assert line.startswith(f"Error: no run could be read in {tmp_path}: 1 file could not be read ({bad}: ")
    assert "Traceback" not in result.output
    # a program asking for JSON still gets its document (with the error), and the same exit status
    as_json = invoke("scan", tmp_path, "--format", "json", *fail_on)
    assert as_json.exit_code == 2
    assert strict_json(as_json.stdout)["errors"][0]["path"] == str(bad)
    report = invoke("report", tmp_path, "-o", tmp_path / "r.html")
    assert report.exit_code == 2 and not (tmp_path / "r.html").exists()
    assert err_lines(report) == [line]


def test_a_path_that_does_not_exist_exits_2(tmp_path):
    result = invoke("scan", tmp_path / "nope", "--fail-on", "nan")
    assert result.exit_code == 2
    assert err_lines(result) == [f"Error: {tmp_path / 'nope'}: no such file or directory"]


# ---------------------------------------------------------------------------------------------------------------
# the gate: series overrides never hide a NaN run


def test_an_override_the_nan_run_lacks_still_fails_fail_on_nan(runs, tmp_path):
    # 'train/loss' is in the healthy and stalled runs; the run that blew up calls its loss 'loss'
    result = invoke("scan", runs, "--train-series", "train/loss", "--fail-on", "nan", "--format", "json")
    assert result.exit_code == 1, result.output
    blowup = by_run(strict_json(result.stdout))["blowup"]
    assert blowup["verdict"] == "nan" and blowup["roles"]["train_loss"] == "loss"
    assert blowup["evidence"]["first_nonfinite_step"] == 30
    assert blowup["findings"][0]["kind"] == "override_not_found"
    assert "--fail-on nan: 1 run matched: blowup (nan)" in err_lines(result)
    assert any(line.startswith("note: --train-series 'train/loss' is not a series of 1 of 6 runs")
               for line in err_lines(result))


def test_nonfinite_values_in_a_series_the_override_does_not_use_are_reported(tmp_path):
    write_tensorboard(tmp_path / "run", {"train/loss": GOOD_TRAIN, "aux/loss": NAN_AT_30})
    result = invoke("scan", tmp_path / "run", "--train-series", "train/loss", "--format", "json")
    assert result.exit_code == 0, result.output
    (run,) = strict_json(result.stdout)["runs"]
    assert run["roles"]["train_loss"] == "train/loss"
    (finding,) = [f for f in run["findings"] if f["kind"] == "nonfinite_series"]
    assert finding["step"] == 30 and "`aux/loss` has 10 NaN/Inf value(s) from step 30" in finding["message"]


def test_an_override_no_run_has_is_an_error_listing_close_matches(runs):
    result = invoke("scan", runs, "--train-series", "train/los", "--fail-on", "nan")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert err_lines(result) == ["Error: --train-series / train_series 'train/los' names no series of any run "
                                 "(5 runs scanned); close matches: train/loss, val/loss"]
    api = pytest.raises(OptionError, loganalyzer.analyze, runs, train_series="train/los", config=False)
    assert str(api.value) == err_lines(result)[0].removeprefix("Error: ")


# ---------------------------------------------------------------------------------------------------------------
# the gate: --fail-on, --min-confidence, unreadable runs, --strict, exit codes


def test_fail_on_with_min_confidence(runs, document):
    confidence = by_run(document)["flat_0"]["confidence"]
    below, above = round(confidence - 0.05, 2), min(1.0, round(confidence + 0.01, 2))
    counted = invoke("scan", runs, "--fail-on", "stalled", "--min-confidence", below)
    assert counted.exit_code == 1
    assert err_lines(counted)[-1].startswith(f"--fail-on stalled --min-confidence {below:g}: 3 runs matched: ")
    skipped = invoke("scan", runs, "--fail-on", "stalled", "--min-confidence", above)
    assert skipped.exit_code == 0, skipped.output
    assert err_lines(skipped)[0].startswith(f"--min-confidence {above:g}: not counted: 3 runs less confident: ")
    for bad in (("--min-confidence", "0.5"), ("--fail-on", "nan", "--min-confidence", "1.5")):
        result = invoke("scan", runs, *bad)
        assert result.exit_code == 2 and "Traceback" not in result.output


def test_fail_on_accepts_a_documented_vocabulary(runs):
    help_text = invoke("scan", "--help").stdout
    assert "nan, diverged, stalled, underfit, overfit, healthy, unknown" in " ".join(help_text.split())
    bad = invoke("scan", runs, "--fail-on", "nan,cuda_oom_typo")
    assert bad.exit_code == 2
    assert "valid verdicts: nan, diverged, stalled, underfit, overfit, healthy, unknown" in bad.stderr


def test_a_run_that_could_not_be_read_says_so_and_sorts_with_the_problems(runs, document):
    broken = by_run(document)["broken"]
    bad = runs / "broken" / CORRUPT_EVENT_NAME
    assert broken["verdict"] == "unknown"
    assert broken["summary"].startswith(f"could not be read: {bad}: ")
    assert broken["evidence"] == {"reason": "unreadable", "files": [str(bad)]}
    assert not any("--train-series" in advice or "Name the loss" in advice for advice in broken["advice"])

    table = invoke("scan", runs).stdout
    order = [line.split()[2] for line in table.splitlines() if line.split()[:1] and line.split()[0] in
             ("nan", "unknown", "stalled", "healthy") and len(line.split()) > 2]
    assert order[:2] == ["blowup", "broken"]  # right after the certain failure, before stalled and healthy
    row = next(line for line in table.splitlines() if " broken " in line)
    assert f"could not be read: {bad}" in row
    assert "--train-series" not in table
    quiet = invoke("scan", runs, "--quiet").stdout.splitlines()
    assert [line.split()[2] for line in quiet][:2] == ["blowup", "broken"]


def test_strict_exits_3_when_files_could_not_be_read_and_1_wins(runs):
    assert invoke("scan", runs).exit_code == 0
    strict = invoke("scan", runs, "--strict")
    assert strict.exit_code == 3
    assert err_lines(strict)[-1].startswith("--strict: 1 file could not be read (")
    both = invoke("scan", runs, "--strict", "--fail-on", "nan")
    assert both.exit_code == 1
    assert any(line.startswith("--strict: ") for line in err_lines(both))


def test_exit_codes_are_documented_in_help_and_readme():
    for command in (("--help",), ("scan", "--help")):
        text = " ".join(invoke(*command).stdout.split())
        assert ("Exit status: 0 no run matched --fail-on; 1 a run matched --fail-on; 2 usage mistake, bad config, "
                "nothing to scan (no runs, or none readable), a path that does not exist (the others are scanned "
                "first) or an error that stopped the command; 3 with --strict, "
                "some files could not be read; 130 interrupted (Ctrl-C).") in text
    assert "--strict" in invoke("scan", "--help").stdout
    readme = " ".join((REPO_ROOT / "README.md").read_text().split())
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 130 |"):
        assert code in readme
    assert "`--strict`" in readme


def test_a_bug_never_exits_1(runs, monkeypatch):
    import loganalyzer.cli as cli
    import loganalyzer.cli._common  # noqa: F401

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(cli._common, "scan", broken)
    result = invoke("scan", runs, "--fail-on", "nan")
    assert result.exit_code == 2  # 1 means "a run matched --fail-on" and nothing else


# ---------------------------------------------------------------------------------------------------------------
# one meaning per flag: formats


def test_output_extension_picks_the_format_in_scan_as_in_report(runs, tmp_path):
    for name, check in (("r.json", lambda t: strict_json(t)["runs"]), ("r.jsonl", lambda t: t.splitlines()[0]),
                        ("r.md", lambda t: t.startswith("**loganalyzer ")), ("r.txt", lambda t: "Verdict" in t),
                        ("r.csv", lambda t: t.startswith("run,format,verdict,confidence,summary,"))):
        result = invoke("scan", runs, "-o", tmp_path / name)
        assert result.exit_code == 0, result.output
        assert check((tmp_path / name).read_text()), name
    for command in ("scan", "report"):
        result = invoke(command, runs, "-o", tmp_path / "x.pdf")
        assert result.exit_code == 2
        (line,) = err_lines(result)
        assert line.startswith(f"Error: {tmp_path / 'x.pdf'}: cannot tell the format from the extension '.pdf'; "
                               "use one of ")
        assert ".json (json)" in line and ".csv (csv)" in line and ".md (markdown)" in line
        assert not (tmp_path / "x.pdf").exists()
    # --format still decides when given
    assert invoke("scan", runs, "-o", tmp_path / "y.log", "--format", "json").exit_code == 0
    assert strict_json((tmp_path / "y.log").read_text())["runs"]


def test_csv_is_one_row_per_run_in_both_commands_and_series_csv_one_per_series(runs, document):
    scan_csv = invoke("scan", runs, "--format", "csv").stdout
    report_csv = invoke("report", runs, "--format", "csv").stdout
    assert scan_csv == report_csv
    rows = list(csv.DictReader(io.StringIO(scan_csv)))
    assert len(rows) == len(document["runs"]) == 6
    assert sorted(row["run"] for row in rows) == sorted(by_run(document))
    series = list(csv.DictReader(io.StringIO(invoke("scan", runs, "--format", "series-csv").stdout)))
    assert len(series) == sum(max(len(run["series"]), 1) for run in document["runs"])
    assert {"dir", "tag", "points", "role"} <= set(series[0])
    assert invoke("report", runs, "--format", "series-csv").stdout == invoke("scan", runs, "--format",
                                                                             "series-csv").stdout


# ---------------------------------------------------------------------------------------------------------------
# one meaning per flag: the config file


@pytest.fixture
def project(tmp_path) -> Path:
    """project/loganalyzer.toml above project/logs/run (a real event file)."""
    write_tensorboard(tmp_path / "project" / "logs" / "run", {"train/loss": GOOD_TRAIN, "val/loss": GOOD_VAL})
    return tmp_path / "project"


def test_the_config_applied_is_named_in_details_json_and_report(project, tmp_path):
    config = project / "loganalyzer.toml"
    config.write_text('num_classes = 10\nrules_only = true\n')
    details = invoke("scan", project / "logs", "--details").stdout
    assert f"config: {config} · options: num_classes=10, use_model=false" in details.splitlines()
    document = strict_json(invoke("scan", project / "logs", "--format", "json").stdout)
    assert document["config"] == str(config)
    assert document["options"]["num_classes"] == 10 and document["options"]["use_model"] is False
    flags = strict_json(invoke("scan", project / "logs", "--format", "json", "--num-classes", "3").stdout)
    assert flags["options"]["num_classes"] == 3  # flags win, and the document says what was used
    assert invoke("report", project / "logs", "-o", tmp_path / "r.html").exit_code == 0
    page = (tmp_path / "r.html").read_text()
    assert f'id="config-line">config: {config} · options: num_classes=10, use_model=false</p>' in page
    none = strict_json(invoke("scan", SAMPLE_LOGS / "csv", "--format", "json").stdout)
    assert none["config"] is None


@pytest.mark.parametrize("value, shown", [('"no"', "'no'"), ('"false"', "'false'"), ("0", "0"), ("1", "1")])
def test_replay_must_be_a_boolean_in_the_config(project, value, shown):
    config = project / "loganalyzer.toml"
    config.write_text(f"replay = {value}\n")
    result = invoke("scan", project / "logs")
    assert result.exit_code == 2
    assert err_lines(result) == [f"Error: {config}: replay must be true or false, got {shown}"]


def test_relative_model_and_data_resolve_against_the_config_directory(project, tmp_path, monkeypatch):
    (project / "loganalyzer.toml").write_text('model = "models.py:build"\ndata = "data/batches.pt"\n'
                                              'loss = "ce"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    options = strict_json(invoke("scan", project / "logs", "--format", "json").stdout)["options"]
    assert options["replay_model"] == f"{project / 'models.py'}:build"
    assert options["replay_data"] == str(project / "data" / "batches.pt")
    assert options["replay_loss"] == "ce"
    assert options["replay"] is False  # in the config they are settings for a replay, not a request for one
    (project / "loganalyzer.toml").write_text('model = "mypackage.models:build"\n')  # a module is left alone
    options = strict_json(invoke("scan", project / "logs", "--format", "json").stdout)["options"]
    assert options["replay_model"] == "mypackage.models:build"


def test_model_or_data_flags_imply_replay_and_replay_without_a_model_says_what_it_needs(project):
    torch = pytest.importorskip("torch")
    run = project / "logs" / "run"
    torch.save(torch.nn.Linear(4, 2).state_dict(), run / "model.pt")
    implied = invoke("scan", project / "logs", "--data", "batches.pt", "--format", "json")
    options = strict_json(implied.stdout)["options"]
    assert options["replay"] is True and options["replay_data"] == "batches.pt"
    refused = invoke("scan", project / "logs", "--no-replay", "--data", "batches.pt", "--format", "json")
    assert strict_json(refused.stdout)["options"]["replay"] is False

    result = invoke("scan", project / "logs", "--replay", "--format", "json")
    assert result.exit_code == 0, result.output
    (summary,) = strict_json(result.stdout)["runs"]
    (finding,) = [f for f in summary["findings"] if f["kind"] == "replay_not_run"]
    assert finding["message"] == (f"replay: found checkpoint {run / 'model.pt'} but no model to load it into: give "
                                  "--model path/file.py:factory and --data batches.pt (or model/data in "
                                  "loganalyzer.toml)")
    assert ("note: --replay: 1 run with a checkpoint not replayed: no model to load it into (give --model "
            "path/file.py:factory and --data batches.pt): run") in err_lines(result)


@pytest.mark.parametrize("keyword, value, flag", [("num_classes", 1, "--num-classes"),
                                                   ("train_series", 5, None),
                                                   ("chance_loss", 0.0, "--chance-loss"),
                                                   ("use_model", "yes", None)])
def test_the_python_api_refuses_what_the_cli_refuses_in_the_same_words(keyword, value, flag, tmp_path):
    with pytest.raises(OptionError) as raised:
        loganalyzer.analyze(SAMPLE_LOGS / "csv", **{keyword: value})
    words = str(raised.value)
    assert words.startswith(f"{keyword} must be ") and words.endswith(f", got {value!r}")
    with pytest.raises(OptionError, match=re.escape(words)):
        scan([SAMPLE_LOGS / "csv"], options=AnalysisOptions(**{keyword: value}))
    with pytest.raises(OptionError, match=re.escape(words)):
        scan([SAMPLE_LOGS / "csv"], **{keyword: value})
    if flag is not None:
        result = invoke("scan", SAMPLE_LOGS / "csv", flag, str(value))
        assert result.exit_code == 2
        assert err_lines(result)[-1] == f"Error: Invalid value for '{flag}': {words.split(' ', 1)[1]}"
    config = tmp_path / "loganalyzer.toml"
    if keyword != "use_model":
        config.write_text(f"{keyword} = {json.dumps(value)}\n")
        result = invoke("scan", SAMPLE_LOGS / "csv", "--config", config)
        assert err_lines(result) == [f"Error: {config}: {words}"]


# ---------------------------------------------------------------------------------------------------------------
# run names, escaping, --quiet, grouped advice


def test_a_run_scanned_as_itself_is_named_by_its_directory_or_file(runs, tmp_path, monkeypatch):
    monkeypatch.chdir(runs)
    assert strict_json(invoke("scan", "good", "--format", "json").stdout)["runs"][0]["run"] == "good"
    monkeypatch.chdir(runs / "good")
    table = invoke("scan", ".").stdout
    assert [line.split()[2] for line in table.splitlines() if line.startswith(" healthy")] == ["good"]
    log = tmp_path / "train.csv"
    log.write_text("step,train_loss,val_loss\n" + "".join(f"{s},{l:.6f},{v:.6f}\n" for (s, l), (_, v) in
                                                            zip(GOOD_TRAIN, GOOD_TRAIN)))
    monkeypatch.chdir(tmp_path)
    ids = [run["run"] for run in strict_json(invoke("scan", "train.csv", str(runs / "good"), "--format",
                                                    "json").stdout)["runs"]]
    assert ids == ["train.csv", (runs / "good").as_posix()]  # never 'train.csv/train.csv', never '.'


def test_text_from_logs_and_findings_keeps_its_brackets(tmp_path):
    write_tensorboard(tmp_path / "exp[1]", {"loss[replay]": NAN_AT_30, "lr[0]": [(s, 0.1) for s in range(40)]})
    write_tensorboard(tmp_path / "other", {"train/loss": GOOD_TRAIN})
    table = invoke("scan", tmp_path, "--details", "--train-series", "loss[replay]").stdout
    assert "exp[1]" in table
    assert "`loss[replay]`" in table  # the summary
    series_rows = [line.split()[0] for line in table.splitlines() if line.startswith(" " * 8) and
                   len(line.split()) >= 4]
    assert "loss[replay]" in series_rows and "lr[0]" in series_rows  # the --details series table
    assert "• --train-series 'loss[replay]' is not a series of this run" in table  # a finding


def test_quiet_is_one_line_per_run(runs, document):
    for flag in ("--quiet", "-q", "--verdicts-only"):
        result = invoke("scan", runs, flag)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert len(lines) == len(document["runs"])
        assert {line.split()[2] for line in lines} == set(by_run(document))
        for line in lines:
            verdict, confidence, run_id = line.split()[:3]
            assert (verdict, confidence) == (by_run(document)[run_id]["verdict"],
                                             f"{by_run(document)[run_id]['confidence']:.2f}")
    wrapped = invoke("scan", runs, "--quiet", env={"COLUMNS": "60"}).stdout.splitlines()
    assert len(wrapped) == len(document["runs"]) and max(map(len, wrapped)) <= 60
    assert invoke("scan", runs, "--quiet", "--format", "json").exit_code == 2


def test_identical_advice_is_printed_once(runs, document):
    table = invoke("scan", runs).stdout
    stalled = sorted((run for run in document["runs"] if run["verdict"] == "stalled"),
                     key=lambda run: (run["confidence"], run["run"]))
    assert len(stalled) == 3 and len({tuple(run["advice"]) for run in stalled}) == 1
    for advice in stalled[0]["advice"]:
        assert table.count(advice) == 1, advice
    first = stalled[0]["run"]
    assert table.count(f"→ same advice as {first} above") == 2


# ---------------------------------------------------------------------------------------------------------------
# the everyday install


def test_pyproject_gives_no_deprecation_warnings():
    setuptools = pytest.importorskip("setuptools")
    from setuptools.config.pyprojecttoml import apply_configuration
    from setuptools.dist import Distribution

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cwd = os.getcwd()
        os.chdir(REPO_ROOT)  # readme = "README.md" is read relative to the project
        try:
            apply_configuration(Distribution(), REPO_ROOT / "pyproject.toml")
        finally:
            os.chdir(cwd)
    messages = [f"{w.category.__name__}: {str(w.message).splitlines()[0]}" for w in caught
                if issubclass(w.category, (DeprecationWarning, setuptools.SetuptoolsDeprecationWarning))
                or "deprecat" in str(w.message).lower()]
    assert messages == []


def test_make_demo_uses_a_small_venv_and_keeps_pip_quiet():
    if not shutil_which("make"):
        pytest.skip("no make")
    dry = subprocess.run(["make", "-n", "-B", "demo"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    commands = dry.stdout
    installs = [line for line in commands.splitlines() if "pip install" in line]
    assert installs, commands
    for line in installs:
        assert ".venv-demo/bin/python -m pip install" in line
        assert "[dev" not in line and "[replay" not in line and "torch" not in line
    assert "> .venv-demo/install.log 2>&1" in commands  # pip's output goes to a log file, not in front of the verdicts
    assert ".venv-demo/bin/loganalyzer scan sample_logs" in commands
    assert ".venv/bin" not in commands  # the full test venv is not needed for the demo


def shutil_which(name: str) -> str | None:
    import shutil

    return shutil.which(name)


def test_the_command_line_as_a_real_process_gates_on_nan(runs):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("LOGANALYZER_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", str(runs), "--train-series", "train/loss",
                           "--fail-on", "nan", "--quiet"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "--fail-on nan: 1 run matched: blowup (nan)" in done.stderr.splitlines()
    assert "Traceback" not in done.stderr


def test_fail_on_unknown_is_the_verdict_not_a_job_log_without_an_ending(tmp_path):
    """newcomer29 #2: the README's Slurm-epilogue gate (``--fail-on ...,unknown``) failed every healthy job that ended
    normally, since Slurm prints no trailer and such a log's ending cause is `unknown`. A real torch loop's printed
    epochs (no ending line): the run has a verdict, its `ended.cause` is `unknown`, and `--fail-on unknown` exits 0;
    a run that could not be read still matches."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = (x[:, 0] > 0).long()
    model = torch.nn.Linear(8, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    lines = []
    for epoch in range(1, 21):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = torch.nn.functional.cross_entropy(model(x[:64]), y[:64])
        lines.append(f"epoch {epoch} loss {loss.item():.4f} val_loss {val.item():.4f}")
    job = tmp_path / "job"
    job.mkdir()
    (job / "slurm-5501.out").write_text("\n".join(lines) + "\n")
    report = json.loads(invoke("scan", job, "-f", "json").stdout)
    (run,) = report["runs"]
    assert run["verdict"] != "unknown" and run["ended"]["cause"] == "unknown"
    gate = invoke("scan", job, "-q", "--fail-on", "nan,diverged,stalled,underfit,overfit,unknown")
    assert gate.exit_code == (1 if run["verdict"] != "healthy" else 0), gate.stderr
    assert invoke("scan", job, "-q", "--fail-on", "unknown").exit_code == 0
    (tmp_path / "job" / "broken").mkdir()
    (tmp_path / "job" / "broken" / "metrics.csv").write_bytes(b"")
    broken = invoke("scan", job, "-q", "--fail-on", "unknown")
    assert broken.exit_code == 1 and "(unknown)" in broken.stderr
