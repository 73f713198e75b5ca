"""What the user sees of the verdicts: `loganalyzer scan` on the real sample_logs/ (table, markdown, CSV, JSON),
--fail-on, series overrides, config files, and the `analyze()` Python API.

The verdict logic is tuned elsewhere, so apart from the two NaN runs (certain: their loss is NaN) these tests
take the labels that come out and check how they are shown: ordering, counts, placement, consistency.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import loganalyzer
import loganalyzer.cli as cli
import loganalyzer.cli._common  # noqa: F401 - cli._common.scan is spied on
from loganalyzer.cli import main
from loganalyzer.render import render
from loganalyzer.render.markdown import HEALTHY_SHOWN
from loganalyzer.runs import Problem
from loganalyzer.scan import RunSummary, ScanReport, scan
from loganalyzer.verdict import SEVERITY, VERDICTS, Finding, Verdict
from test_scan import strict_json, write_tensorboard

SAMPLE_LOGS = Path(__file__).resolve().parents[1] / "sample_logs"


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": None, **(env or {})})


def intended_labels() -> dict[str, str]:
    lines = (SAMPLE_LOGS / "LABELS.tsv").read_text().splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]
    return {row["run"]: row["verdict"] for row in rows}


NAN_RUNS = {run for run, label in intended_labels().items() if label == "nan"}


@pytest.fixture(scope="module")
def sample_json() -> dict:
    result = invoke("scan", str(SAMPLE_LOGS), "--format", "json")
    assert result.exit_code == 0, result.output
    return strict_json(result.stdout)


@pytest.fixture(scope="module")
def sample_table() -> str:
    result = invoke("scan", str(SAMPLE_LOGS))
    assert result.exit_code == 0, result.output
    return result.stdout


def verdict_of(document: dict) -> dict[str, str]:
    return {run["run"]: run["verdict"] for run in document["runs"]}


def order_key(run: dict) -> tuple:
    return SEVERITY[run["verdict"]], run["confidence"], run["run"]


def table_blocks(text: str) -> list[tuple[list[str], list[str]]]:
    """An unwrapped table (no terminal) as (run row words, the lines under it up to the next row)."""
    blocks: list[tuple[list[str], list[str]]] = []
    for line in text.splitlines():
        words = line.split()
        if words[:1] and words[0] in VERDICTS and len(words) > 2:
            blocks.append((words, []))
        elif blocks and line.startswith(" "):
            blocks[-1][1].append(line.strip())
    return blocks


# ---------------------------------------------------------------------------------------------------------------
# the table


def test_sample_logs_cover_every_verdict_and_the_nan_runs_are_nan(sample_json):
    assert set(intended_labels()) == set(verdict_of(sample_json))  # LABELS.tsv names every run found
    assert set(intended_labels().values()) == {"nan", "diverged", "stalled", "underfit", "overfit", "healthy"}
    assert len(NAN_RUNS) == 2
    assert {run for run, label in verdict_of(sample_json).items() if label == "nan"} == NAN_RUNS
    for run in sample_json["runs"]:
        assert run["verdict"] in VERDICTS
        assert 0.0 <= run["confidence"] <= 1.0
        assert run["summary"].endswith(".")


def test_table_rows_are_worst_first(sample_json, sample_table):
    rows = [words for words, _ in table_blocks(sample_table)]
    by_id = {run["run"]: run for run in sample_json["runs"]}
    assert sorted(row[2] for row in rows) == sorted(by_id)  # every run once
    for row in rows:
        run = by_id[row[2]]
        assert row[:2] == [run["verdict"], f"{run['confidence']:.2f}"]
        ended = f"[ended: {run['ended']['cause']}] " if run.get("ended") else ""  # a tracker's or job log's record
        assert " ".join(row[3:]) == " ".join((ended + run["summary"]).split())
    expected = [run["run"] for run in sorted(sample_json["runs"], key=order_key)]
    assert [row[2] for row in rows] == expected
    assert {row[2] for row in rows[:2]} == NAN_RUNS
    # the discovery order (kept by JSON) is not already worst first, so the sort above did something
    assert [run["run"] for run in sample_json["runs"]] != expected


def test_table_closing_line_counts_each_verdict(sample_json, sample_table):
    counts = Counter(run["verdict"] for run in sample_json["runs"])
    points = sum(s["points"] for run in sample_json["runs"] for s in run["series"])
    assert points == 3436  # counters (epoch) once per step, HF's train summary no curve point (resolved)
    verdicts = ", ".join(f"{counts[label]} {label}" for label in VERDICTS if counts[label])
    line = f"{len(sample_json['runs'])} runs: {verdicts} · 3,436 points · 0 warnings · 0 errors"
    assert line.startswith("14 runs: 2 nan, ")
    assert line in sample_table.splitlines()


def expected_advice(run: dict, advised: dict[str, str]) -> list[str]:
    """The advice lines under a run: those not printed under an earlier run, then one line naming whose advice the
    rest repeats (identical advice is printed once)."""
    advice = run["advice"][:4]
    new = [line for line in advice if line not in advised]
    earlier = list(dict.fromkeys(advised[line] for line in advice if line in advised))
    advised.update({line: run["run"] for line in new})
    out = [f"→ {line}" for line in new]
    if earlier and not new:
        out.append(f"→ same advice as {', '.join(earlier)} above")
    elif earlier:
        out.append(f"→ and {len(advice) - len(new)} line{'s' if len(advice) - len(new) > 1 else ''} of advice as "
                   f"for {', '.join(earlier)} above")
    return out


def test_findings_and_advice_under_each_troubled_run(sample_json, sample_table):
    by_id = {run["run"]: run for run in sample_json["runs"]}
    advised: dict[str, str] = {}
    for words, below in table_blocks(sample_table):
        run = by_id[words[2]]
        if run["verdict"] == "healthy":
            assert below == []  # healthy runs are one row unless --details
            continue
        expected = [f"• {f['message']}" + ("" if f["step"] is None or f"step {f['step']:,}" in f["message"]
                                             or f"epoch {f['step']:,}" in f["message"]
                                             else f" (step {f['step']:,})")  # a step the message names: once
                    for f in run["findings"]]
        expected += expected_advice(run, advised)
        assert below == expected
        assert 1 <= len(run["advice"]) <= 4
    nan_block = next(below for words, below in table_blocks(sample_table) if words[0] == "nan")
    assert any(line.startswith("→ Lower the learning rate") for line in nan_block)

    detailed = invoke("scan", str(SAMPLE_LOGS), "--details").stdout
    advised = {}
    for words, below in table_blocks(detailed):
        run = by_id[words[2]]
        assert expected_advice(run, advised) == [line for line in below if line.startswith("→")]
        # --details keeps the scan facts: format, points, steps for each run, then its series with their roles
        facts = next(line for line in below if line.startswith(run["format"] + " · "))
        assert f"{sum(s['points'] for s in run['series']):,} points" in facts
        train = run["roles"]["train_loss"]
        assert any(line.split()[:2] == [train, "train_loss"] for line in below), below


@pytest.mark.parametrize("width", [80, 100, 160])
def test_sample_table_fits_the_width_and_keeps_numbers_whole(width, sample_json):
    report = scan([SAMPLE_LOGS])
    text = render(report, "table", width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "…" not in text
    words = set(text.split())
    for run in report.runs:
        assert set(run.summary.split()) <= words, run.summary
    rows = [words for words, _ in table_blocks(text)]
    assert [row[0] for row in rows] == [run["verdict"] for run in sorted(sample_json["runs"], key=order_key)]


def test_colour_badges_only_on_a_terminal():
    report = scan([SAMPLE_LOGS / "hf_output"])
    plain = render(report, "table", width=100)
    coloured = render(report, "table", width=100, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1;37;41m nan \x1b[0m" in coloured  # the nan badge: white on red, the label only
    assert not any(line != line.rstrip() for line in plain.splitlines())  # no trailing padding


def test_columns_sets_the_width_when_stdout_is_not_a_terminal():
    narrow = invoke("scan", str(SAMPLE_LOGS), env={"COLUMNS": "100"}).stdout
    wide = invoke("scan", str(SAMPLE_LOGS)).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 100
    assert max(len(line) for line in wide.splitlines()) > 120  # unwrapped rows, for grep


# ---------------------------------------------------------------------------------------------------------------
# markdown, CSV, JSON


def markdown_rows(text: str) -> list[list[str]]:
    # cells split where GFM splits them: at every '|' that is not backslash-escaped
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in text.splitlines()
            if line.startswith("| ") and not line.startswith("| Verdict")]


def test_markdown_is_worst_first_with_counts(sample_json):
    result = invoke("scan", str(SAMPLE_LOGS), "--format", "markdown")
    assert result.exit_code == 0, result.output
    counts = Counter(run["verdict"] for run in sample_json["runs"])
    head = result.stdout.splitlines()[0]
    assert head.startswith("**loganalyzer ") and head.split(":** ", 1)[1].startswith(
        "14 runs: " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v]) + " · 3,436 points")
    rows = markdown_rows(result.stdout)
    ended = any(run.get("ended") for run in sample_json["runs"])  # MLflow's recorded status: an Ended column
    assert ("| Verdict | Ended | Confidence | Run |" in result.stdout) == ended
    if ended:
        rows = [[row[0], *row[2:]] for row in rows]
    expected = sorted(sample_json["runs"], key=order_key)
    unhealthy = [run for run in expected if run["verdict"] != "healthy"]
    healthy = [run for run in expected if run["verdict"] == "healthy"]
    if len(healthy) > HEALTHY_SHOWN:  # folded below, still in worst-first order inside the fold
        expected = unhealthy + healthy
        assert f"<details><summary>{len(healthy)} healthy runs</summary>" in result.stdout
    assert [row[2] for row in rows] == [f"`{run['run']}`" for run in expected]
    assert {row[2].strip("`") for row in rows[:2]} == NAN_RUNS
    for row, run in zip(rows, expected):
        assert row[0].strip("*") == run["verdict"]
        assert row[1] == f"{run['confidence']:.2f}"


def fake_run(run_id: str, label: str, confidence: float = 0.9) -> RunSummary:
    verdict = Verdict(label, confidence, f"`loss` did {label} things at step 1,234.",
                      findings=(Finding("spike", "a spike", 7),), advice=("do this", "then that"))
    return RunSummary(run=run_id, path=run_id, format="csv", verdict=label, analysis=verdict)


def test_markdown_folds_healthy_runs_only_when_there_are_many():
    many = ScanReport("0", tuple(fake_run(f"ok{i}", "healthy") for i in range(HEALTHY_SHOWN + 1))
                      + (fake_run("bad|run", "diverged", 0.7), fake_run("worse", "nan", 0.99)))
    text = render(many, "markdown")
    main_table, folded = text.split("<details>")
    assert [row[2] for row in markdown_rows(main_table)] == ["`worse`", "`bad\\|run`"]
    assert [row[0] for row in markdown_rows(folded)] == ["healthy"] * (HEALTHY_SHOWN + 1)
    assert f"{HEALTHY_SHOWN + 1} healthy runs</summary>" in folded
    assert markdown_rows(main_table)[0][3] == "`loss` did nan things at step 1,234."

    few = ScanReport("0", (fake_run("ok", "healthy"), fake_run("bad", "overfit")))
    text = render(few, "markdown")
    assert "<details>" not in text
    assert [row[0] for row in markdown_rows(text)] == ["**overfit**", "healthy"]
    assert "2 runs: 1 overfit, 1 healthy · 0 points · 0 warnings · 0 errors" in text


def test_table_sorts_by_confidence_then_id_within_a_verdict():
    report = ScanReport("0", (fake_run("b", "overfit", 0.8), fake_run("a", "overfit", 0.8),
                              fake_run("c", "overfit", 0.6), fake_run("d", "stalled", 0.99)),
                        errors=(Problem("x/events.out", "not a record"),))
    rows = [words for words, _ in table_blocks(render(report, "table"))]
    assert [row[2] for row in rows] == ["d", "c", "a", "b"]
    text = render(report, "table")
    assert "• a spike (step 7)" in text  # a finding's step
    assert "4 runs: 1 stalled, 3 overfit · 0 points · 0 warnings · 1 error" in text
    assert "x/events.out: not a record" in text


def test_csv_rows_carry_verdict_confidence_and_role(sample_json):
    result = invoke("scan", str(SAMPLE_LOGS), "--format", "series-csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[-3:] == ["verdict", "confidence", "role"]
    by_id = {run["run"]: run for run in sample_json["runs"]}
    assert {row["run"] for row in rows} == set(by_id)
    assert len(rows) == sum(len(run["series"]) for run in by_id.values())
    for row in rows:
        run = by_id[row["run"]]
        assert row["verdict"] == run["verdict"]
        assert float(row["confidence"]) == run["confidence"]
        name = f"{row['dir']}/{row['tag']}" if row["dir"] else row["tag"]
        assert row["role"] == next((role for role, used in run["roles"].items() if used == name), "")
    assert sum(row["role"] == "train_loss" for row in rows) == len(by_id)  # each run's training loss, once


def test_json_keeps_discovery_order_and_jsonl_has_the_verdict_fields(sample_json):
    assert [run["run"] for run in sample_json["runs"]] == [run.run for run in scan([SAMPLE_LOGS]).runs]
    lines = invoke("scan", str(SAMPLE_LOGS), "--format", "jsonl").stdout.splitlines()
    objects = [strict_json(line) for line in lines]
    assert objects == sample_json["runs"]
    for run in objects:
        assert {"verdict", "confidence", "summary", "evidence", "findings", "advice", "roles", "notes"} <= set(run)


# ---------------------------------------------------------------------------------------------------------------
# --fail-on


def test_fail_on_nan_exits_1_and_names_the_runs():
    result = invoke("scan", str(SAMPLE_LOGS), "--fail-on", "nan")
    assert result.exit_code == 1
    assert "14 runs: 2 nan" in result.stdout  # the report is still printed
    assert "Traceback" not in result.output
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("--fail-on nan: 2 runs matched: ")
    assert all(run in message for run in NAN_RUNS)


@pytest.fixture(scope="module")
def healthy_dir(tmp_path_factory) -> Path:
    """One textbook run written with torch's SummaryWriter: both losses fall smoothly and level off together."""
    root = tmp_path_factory.mktemp("healthy")
    train = [(step, 0.1 + 2.2 * 0.985 ** step) for step in range(0, 400, 4)]
    val = [(step, 0.15 + 2.1 * 0.985 ** step) for step in range(0, 400, 20)]
    write_tensorboard(root / "run1", {"train/loss": train, "val/loss": val})
    return root


def test_fail_on_overfit_passes_on_a_healthy_run(healthy_dir):
    document = strict_json(invoke("scan", str(healthy_dir), "--format", "json").stdout)
    (run,) = document["runs"]
    assert run["verdict"] not in ("overfit", "nan", "diverged")
    assert run["roles"]["train_loss"] == "train/loss" and run["roles"]["val_loss"] == "val/loss"

    result = invoke("scan", str(healthy_dir), "--fail-on", "overfit,nan,diverged")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    # the same directory does fail on the verdict it got: the flag really looks at the verdicts
    assert invoke("scan", str(healthy_dir), "--fail-on", run["verdict"]).exit_code == 1
    assert invoke("scan", str(healthy_dir), "--fail-on", f" {run['verdict'].upper()} ").exit_code == 1


@pytest.mark.parametrize("value", ["nan,exploded", "NaN,,bogus", ","])
def test_fail_on_unknown_verdict_is_a_usage_error_listing_the_valid_ones(value):
    result = invoke("scan", str(SAMPLE_LOGS), "--fail-on", value)
    assert result.exit_code == 2
    assert result.stdout == ""
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("Error: Invalid value for '--fail-on': ")
    assert "valid verdicts: nan, diverged, stalled, underfit, overfit, healthy, unknown" in error
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------------------------------------------------
# series overrides


def test_train_series_override_picks_the_named_tag():
    logs = SAMPLE_LOGS / "lightning_logs"
    document = strict_json(invoke("scan", str(logs), "--format", "json", "--train-series", "train_loss_step").stdout)
    assert len(document["runs"]) == 2
    for run in document["runs"]:
        assert run["roles"]["train_loss"] == "train_loss_step"
        assert run["verdict"] != "unknown"
        assert "training loss: train_loss_step (set by train_series)" in run["notes"]
        (step_series,) = [s for s in run["series"] if s["tag"] == "train_loss_step"]
        assert step_series["role"] == "train_loss"
    other = strict_json(invoke("scan", str(logs), "--format", "json", "--train-series", "train_loss_epoch").stdout)
    assert {run["roles"]["train_loss"] for run in other["runs"]} == {"train_loss_epoch"}


def test_val_series_override():
    document = strict_json(invoke("scan", str(SAMPLE_LOGS / "csv"), "--format", "json",
                                  "--val-series", "lr").stdout)
    assert {run["roles"]["val_loss"] for run in document["runs"]} == {"lr"}


def test_an_override_a_run_lacks_leaves_that_run_judged_on_its_own_choice():
    # 'loss' is a tag of the tensorboardX run; the CSV runs call theirs 'train_loss'
    paths = [str(SAMPLE_LOGS / "tensorboardx"), str(SAMPLE_LOGS / "csv")]
    result = invoke("scan", *paths, "--format", "json", "--train-series", "loss")
    assert result.exit_code == 0, result.output
    runs = {run["run"]: run for run in strict_json(result.stdout)["runs"]}
    good = runs[f"{SAMPLE_LOGS / 'tensorboardx'}/moons_adam_lr_warmup_typo"]
    assert good["verdict"] != "unknown" and good["roles"]["train_loss"] == "loss"
    assert "override_not_found" not in good["evidence"]
    csv_runs = [run for run_id, run in runs.items() if "/csv/" in run_id]
    assert len(csv_runs) == 2
    for run in csv_runs:
        assert run["verdict"] != "unknown" and run["roles"]["train_loss"] == "train_loss"  # its own choice
        (miss,) = run["evidence"]["override_not_found"]
        assert miss["option"] == "train_series" and miss["name"] == "loss" and "train_loss" in miss["close_matches"]
        finding = run["findings"][0]
        assert finding["kind"] == "override_not_found"
        assert finding["message"].startswith("--train-series 'loss' is not a series of this run (close matches: ")
        assert finding["message"].endswith("judged on `train_loss`, its own choice")
    assert "note: --train-series 'loss' is not a series of 2 of 3 runs" in result.stderr


def test_a_typo_in_the_override_that_no_run_has_is_an_error_listing_close_matches():
    result = invoke("scan", str(SAMPLE_LOGS / "lightning_logs"), "--train-series", "train_los")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == ("Error: --train-series / train_series 'train_los' names no series of any run "
                                     "(2 runs scanned); close matches: train_loss_step, train_loss_epoch, val_loss")


# ---------------------------------------------------------------------------------------------------------------
# options reaching the analysis, config files


@pytest.fixture
def captured_options(monkeypatch):
    seen = []
    real_scan = cli._common.scan

    def spy(paths, progress=None, options=None, **kwargs):
        seen.append(options)
        return real_scan(paths, progress=progress, options=options, **kwargs)

    monkeypatch.setattr(cli._common, "scan", spy)
    return seen


def test_flags_reach_the_analysis_options(captured_options):
    path = str(SAMPLE_LOGS / "csv")
    assert invoke("scan", path).exit_code == 0
    assert invoke("scan", path, "--rules-only", "--num-classes", "10").exit_code == 0
    default, rules = captured_options
    assert (default.use_model, default.num_classes) == (True, None)
    assert (rules.use_model, rules.num_classes) == (False, 10)

    bad = invoke("scan", path, "--num-classes", "1")
    assert bad.exit_code == 2 and "--num-classes" in bad.stderr
    bad = invoke("scan", path, "--chance-loss", "0")
    assert bad.exit_code == 2 and "--chance-loss" in bad.stderr


def test_chance_loss_reaches_the_analysis(captured_options):
    path = str(SAMPLE_LOGS / "csv")
    assert invoke("scan", path, "--chance-loss", "1.0").exit_code == 0
    assert invoke("report", path, "--chance-loss", "2.5", "--format", "csv").exit_code == 0
    assert [o.chance_loss for o in captured_options[:1]] == [1.0]


def copy_runs(tmp_path: Path) -> Path:
    logs = tmp_path / "project" / "logs"
    shutil.copytree(SAMPLE_LOGS / "lightning_logs", logs)
    return logs


def train_roles(*args: str) -> set[str]:
    result = invoke("scan", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return {run["roles"].get("train_loss") for run in strict_json(result.stdout)["runs"]}


def test_config_file_above_the_scanned_path_is_honoured_and_flags_override_it(tmp_path, captured_options):
    logs = copy_runs(tmp_path)
    assert train_roles(str(logs)) != {"val_loss"}  # not what the series choice makes of these runs by itself
    (tmp_path / "project" / "loganalyzer.toml").write_text('train_series = "val_loss"\nrules_only = true\n')
    assert train_roles(str(logs)) == {"val_loss"}
    assert train_roles(str(logs), "--train-series", "train_loss_step") == {"train_loss_step"}
    assert train_roles(str(logs), "--use-model") == {"val_loss"}
    assert [o.use_model for o in captured_options[-3:]] == [False, False, True]

    pyproject = tmp_path / "elsewhere" / "pyproject.toml"
    pyproject.parent.mkdir()
    pyproject.write_text('[tool.loganalyzer]\ntrain_series = "train_loss_epoch"\n')
    assert train_roles(str(logs), "--config", str(pyproject)) == {"train_loss_epoch"}  # explicit file wins


def test_pyproject_table_is_found_too(tmp_path):
    logs = copy_runs(tmp_path)
    (tmp_path / "project" / "pyproject.toml").write_text('[tool.loganalyzer]\ntrain_series = "train_loss_step"\n')
    assert train_roles(str(logs)) == {"train_loss_step"}


@pytest.mark.parametrize("text, message", [
    ('train_series = "val_loss"\nfail_fast = true\n', "unknown key 'fail_fast'; valid keys: num_classes, chance_loss, "
                                                      "rules_only, train_series, val_series, replay, model, data, loss"),
    ("chance_loss = -1\n", "chance_loss must be a number > 0"),
    ('rules_only = "yes"\n', "rules_only must be true or false"),
    ("num_classes = 1\n", "num_classes must be an integer >= 2"),
])
def test_bad_config_is_one_line_naming_file_and_key(tmp_path, text, message):
    logs = copy_runs(tmp_path)
    config = tmp_path / "project" / "loganalyzer.toml"
    config.write_text(text)
    result = invoke("scan", str(logs))
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {config}: ") and message in line
    assert "Traceback" not in result.output


def test_missing_config_file_is_a_usage_error(tmp_path):
    result = invoke("scan", str(SAMPLE_LOGS / "csv"), "--config", str(tmp_path / "nope.toml"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {tmp_path / 'nope.toml'}: no such config file"


# ---------------------------------------------------------------------------------------------------------------
# the Python API


def test_analyze_gives_the_cli_verdicts(sample_json):
    report = loganalyzer.analyze(SAMPLE_LOGS)
    assert isinstance(report, loganalyzer.ScanReport)
    assert {run.run: run.verdict for run in report.runs} == verdict_of(sample_json)
    assert [run.to_dict() for run in report.runs] == sample_json["runs"]


def test_analyze_takes_a_list_and_options(tmp_path):
    paths = [SAMPLE_LOGS / "lightning_logs", SAMPLE_LOGS / "csv"]
    report = loganalyzer.analyze(paths, train_series="train_loss_step", use_model=False)
    cli_json = strict_json(invoke("scan", *map(str, paths), "--format", "json", "--train-series",
                                  "train_loss_step", "--rules-only").stdout)
    assert {run.run: run.verdict for run in report.runs} == verdict_of(cli_json)
    lightning = [run for run in report.runs if "lightning_logs" in run.run]
    assert {run.roles["train_loss"] for run in lightning} == {"train_loss_step"}
    assert all(run.analysis.evidence["override_not_found"] for run in report.runs if "/csv/" in run.run)
    assert all(run.analysis.method == "rules" for run in report.runs)

    logs = copy_runs(tmp_path)
    (tmp_path / "project" / "loganalyzer.toml").write_text('train_series = "val_loss"\n')
    assert {run.roles["train_loss"] for run in loganalyzer.analyze(logs).runs} == {"val_loss"}
    assert {run.roles["train_loss"] for run in loganalyzer.analyze(logs, config=False).runs} != {"val_loss"}
    with pytest.raises(TypeError, match="train_seires"):
        loganalyzer.analyze(logs, train_seires="loss")


def test_analysis_options_is_exported():
    assert loganalyzer.AnalysisOptions().use_model is True
    assert {"analyze", "AnalysisOptions"} <= set(loganalyzer.__all__) & set(dir(loganalyzer))
