"""loganalyzer report: downsampling that keeps the evidence, scan(keep_curves=True), and the HTML/Markdown/CSV
reports as files (no browser here: tests/test_report_browser.py opens the page)."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from loganalyzer.cli import main
from loganalyzer.render import html
from loganalyzer.render.downsample import MAX_POINTS, downsample, forced_indices, lttb, preview, spike_indices
from loganalyzer.render.csv import COLUMNS as CSV_COLUMNS, render as runs_csv
from loganalyzer.scan import AnalysisOptions, scan

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_logs"
REAL_LOGS = Path(__file__).resolve().parents[2] / "shared" / "real_logs"
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_report import write_runs  # noqa: E402

EXTERNAL_REF = re.compile(r"""(?:\b(?:src|href|xlink:href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
                          r"""|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)


def expected_counts() -> Counter:
    with open(SAMPLES / "LABELS.tsv", newline="") as f:
        return Counter(row["verdict"] for row in csv.DictReader(f, delimiter="\t"))


@pytest.fixture(scope="module")
def sample_report():
    return scan([SAMPLES], options=AnalysisOptions(), keep_curves=True)


@pytest.fixture(scope="module")
def sample_html(sample_report):
    return html.render(sample_report, scanned=["sample_logs"], generated="2024-01-01 00:00 UTC")


# ---------------------------------------------------------------- downsampling


def test_lttb_keeps_ends_and_count_and_the_peak():
    x = np.arange(10_000, dtype=float)
    y = np.sin(x / 500.0)
    y[7_321] = 50.0  # one tall point: the largest triangle of its bucket
    idx = lttb(x, y, 200)
    assert idx[0] == 0 and idx[-1] == len(x) - 1
    assert len(idx) <= 200 and len(idx) >= 190
    assert np.all(np.diff(idx) > 0)
    assert 7_321 in idx
    assert list(lttb(x[:50], y[:50], 200)) == list(range(50))


def test_downsample_forces_nan_spike_best_and_evidence_steps():
    rng = np.random.default_rng(1)
    n = 50_000
    steps = np.arange(n) * 2
    values = np.exp(-np.arange(n) / 10_000) + 0.01 * rng.random(n) + 0.5
    values[12_345] = 40.0  # a spike
    values[30_001] = 0.01  # the best point, a dip LTTB could well keep anyway; forced all the same
    values[45_000:45_010] = np.nan  # a NaN stretch
    values[47_777] = np.inf
    keep = downsample(steps, values, 600, force_steps=[20_000 * 2 + 1])
    assert len(keep) <= 600
    assert {0, n - 1, 12_345, 30_001, 45_000, 45_009, 47_777} <= set(keep.tolist())
    assert 20_001 in keep  # the first point at or after the named step 40,001
    assert 12_345 in spike_indices(values)
    assert 45_000 in forced_indices(steps, values)


def test_downsample_of_a_short_series_is_the_series():
    values = np.array([3.0, np.nan, 1.0])
    assert list(downsample(np.arange(3), values, 600)) == [0, 1, 2]


def test_preview_is_small_and_keeps_spike_steps():
    steps = np.arange(5_000)
    values = np.linspace(2, 1, 5_000)
    values[4_000] = 30.0
    p = preview("loss", steps, values)
    assert len(p.steps) <= MAX_POINTS and p.points == 5_000
    assert 4_000 in p.spikes and 4_000 in p.steps
    s, v = p  # unpacks as (steps, values)
    assert len(s) == len(v)


# ---------------------------------------------------------------- scan(keep_curves=True)


def test_scan_keeps_curves_only_when_asked(sample_report):
    plain = scan([SAMPLES], options=AnalysisOptions())
    assert all(run.curves_preview == {} for run in plain.runs)
    assert [r.verdict for r in plain.runs] == [r.verdict for r in sample_report.runs]  # same analysis
    for run in sample_report.runs:
        for role, p in run.curves_preview.items():
            assert role in run.roles and run.roles[role] == p.name
            assert len(p.steps) <= MAX_POINTS
    nan_runs = [r for r in sample_report.runs if r.verdict == "nan"]
    assert nan_runs
    for run in nan_runs:
        step = run.analysis.evidence["first_nonfinite_step"]
        series = run.curves_preview["train_loss"] if "train_loss" in run.curves_preview else \
            run.curves_preview["val_loss"]
        assert step in series.steps
        assert not np.isfinite(series.values[list(series.steps).index(step)])


# ---------------------------------------------------------------- HTML as a file


def test_html_is_self_contained(sample_html):
    assert not EXTERNAL_REF.search(sample_html), EXTERNAL_REF.search(sample_html).group(0)
    page = sample_html.replace('"http://www.w3.org/2000/svg"', "")  # chart.js names the SVG namespace: no request
    assert "http://" not in page and "https://" not in page
    assert "default-src 'none'" in sample_html  # the browser refuses any request that slips in


def test_html_names_every_run_and_draws_a_chart_per_loss(sample_report, sample_html):
    for run in sample_report.runs:
        assert f'data-run="{html.esc(run.run)}"' in sample_html
    with_loss = [r for r in sample_report.runs if {"train_loss", "val_loss"} & set(r.curves_preview)]
    assert len(with_loss) == len(sample_report.runs)  # every sample run has a loss
    assert sample_html.count('<svg class="chart"') == len(with_loss)
    assert "NaN at 136" in sample_html and "NaN at 350" in sample_html  # the evidence is on the charts
    assert re.search(r"best at \d+", sample_html) and re.search(r"diverges from \d+", sample_html)


def test_html_counts_match_labels(sample_html):
    for verdict, n in expected_counts().items():
        assert f'<option value="{verdict}">{verdict} ({n})</option>' in sample_html


def test_html_without_curves_says_why(sample_report):
    plain = scan([SAMPLES], options=AnalysisOptions())
    page = html.render(plain)
    assert '<svg class="chart"' not in page
    assert page.count("curves not kept") == len(plain.runs)


def test_html_size_per_run_bounds_a_thousand_run_report(tmp_path):
    """Size is additive per run: 60 synthetic runs of 2,000 steps (every shape, every annotation) must cost less
    than 20 kB each, so 1,000 runs stay under 20 MB. LOGANALYZER_SLOW=1 builds the real 1,000-run report too."""
    write_runs(tmp_path / "runs", 60, 2_000)
    report = scan([tmp_path / "runs"], options=AnalysisOptions(), keep_curves=True)
    page = html.render(report)
    per_run = len(page.encode()) / len(report.runs)
    assert page.count('<svg class="chart"') == 60
    assert per_run * 1_000 < 20e6, f"{per_run / 1e3:.1f} kB per run"


@pytest.mark.skipif(os.environ.get("LOGANALYZER_SLOW", "") in ("", "0"), reason="set LOGANALYZER_SLOW=1")
def test_thousand_run_report_under_20_mb(tmp_path):
    write_runs(tmp_path / "runs", 1_000, 2_000)
    t = time.perf_counter()
    report = scan([tmp_path / "runs"], options=AnalysisOptions(), keep_curves=True)
    page = html.render(report)
    size = len(page.encode())
    print(f"1,000 runs: {size / 1e6:.1f} MB in {time.perf_counter() - t:.0f} s")
    assert len(report.runs) == 1_000 and page.count('<svg class="chart"') == 1_000
    assert size < 20e6


# ---------------------------------------------------------------- Markdown / CSV / JSON / CLI


def test_markdown_counts_exact():
    result = CliRunner().invoke(main, ["report", str(SAMPLES), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    counts = expected_counts()
    order = ["nan", "diverged", "stalled", "underfit", "overfit", "healthy"]
    line = f"{sum(counts.values())} runs: " + ", ".join(f"{counts[v]} {v}" for v in order if counts[v])
    assert line in result.output.splitlines()[0]
    rows = [l for l in result.output.splitlines() if l.startswith("| **")]
    assert Counter(re.match(r"\| \*\*(\w+)\*\*", r).group(1) for r in rows) == \
        Counter({v: n for v, n in counts.items() if v != "healthy"})
    assert rows[0].startswith("| **nan**")  # worst first


def test_csv_one_row_per_run(sample_report, tmp_path):
    out = tmp_path / "runs.csv"
    result = CliRunner().invoke(main, ["report", str(SAMPLES), "-o", str(out)])  # format from the extension
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == len(sample_report.runs) == sum(expected_counts().values())
    assert Counter(r["verdict"] for r in rows) == expected_counts()
    assert {r["run"] for r in rows} == {r.run for r in sample_report.runs}
    nan = {r["run"]: r for r in rows if r["verdict"] == "nan"}
    assert nan["tensorboard/regression_sgd_warmup_nan"]["first_nonfinite_step"] == "136"
    assert nan["hf_output/digits_custom_ce"]["first_nonfinite_step"] == "350"
    assert all(r["first_nonfinite_step"] == "" for r in rows if r["verdict"] != "nan")
    healthy = [r for r in rows if r["verdict"] == "healthy"]
    assert all(r["best_step"] and float(r["final_train_loss"]) > 0 for r in healthy)
    assert runs_csv(sample_report) == out.read_text()


def test_json_is_the_scan_document(tmp_path):
    out = tmp_path / "r.json"
    assert CliRunner().invoke(main, ["report", str(SAMPLES), "-o", str(out)]).exit_code == 0
    doc = json.loads(out.read_text())
    scanned = json.loads(CliRunner().invoke(main, ["scan", str(SAMPLES), "-f", "json"]).output)
    assert doc["runs"] == scanned["runs"]


def test_cli_html_needs_an_output_file_and_writes_one(tmp_path):
    result = CliRunner().invoke(main, ["report", str(SAMPLES)])
    assert result.exit_code == 2 and "-o report.html" in result.output
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(SAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out.resolve()) in result.output
    assert out.read_text().startswith("<!DOCTYPE html>")
    missing = CliRunner().invoke(main, ["report", str(tmp_path / "nope"), "-o", str(out)])
    assert missing.exit_code == 2


@pytest.mark.skipif(not REAL_LOGS.is_dir(), reason=f"{REAL_LOGS} not present")
def test_real_logs_report(tmp_path):
    report = scan([REAL_LOGS], options=AnalysisOptions(), keep_curves=True)
    page = html.render(report, scanned=[str(REAL_LOGS)])
    assert not EXTERNAL_REF.search(page)
    for run in report.runs:
        assert f'data-run="{html.esc(run.run)}"' in page
    drawable = [r for r in report.runs if any(np.isfinite(p.values).any() for role, p in r.curves_preview.items()
                                              if role in ("train_loss", "val_loss"))]
    assert page.count('<svg class="chart"') == len(drawable) > 0
    assert page.count("no finite loss to plot (") == sum(
        1 for r in report.runs if {"train_loss", "val_loss"} & set(r.curves_preview) and r not in drawable)
    assert len(page.encode()) < 20_000 * len(report.runs) + 100_000


def test_python_api_report_as_the_readme_shows(tmp_path):
    import loganalyzer

    report = loganalyzer.analyze(SAMPLES / "tensorboard", keep_curves=True, replay=True)
    page = html.render(report, scanned=["runs/"])
    assert all(run.curves_preview for run in report.runs)
    assert page.count('aria-label="loss curves of') == len(report.runs) == 3
    assert page.count('aria-label="gradient flow of') == 1  # deep_sigmoid_mlp logged its gradient histograms
    assert loganalyzer.analyze(SAMPLES / "tensorboard").runs[0].curves_preview in (None, {})


def test_charts_drawn_in_worker_processes_are_the_same(sample_report):
    runs = sample_report.runs
    assert html.draw_charts(runs, workers=2) == html.draw_charts(runs, workers=1)


# ---------------------------------------------------------------- issue 13: what a new user met, the explore panel


def test_worst_runs_most_severe_then_least_confident_as_the_table(sample_report, sample_html):
    from loganalyzer.render._text import severity_key

    ranked = html.worst_ranked(sample_report.runs)
    keys = [(severity_key(r)[0], r.confidence) for r in ranked]
    assert keys == sorted(keys) and len(ranked) >= 5
    worst = sample_html.split('<div class="worst">', 1)[1].split("</ol>", 1)[0]
    listed = re.findall(r'<a href="#run-\d+"><code>([^<]+)</code>', worst)
    assert listed == [r.run for r in ranked[:html.WORST_LISTED]]
    same = [r for r in ranked if r.verdict == ranked[0].verdict]
    assert [r.confidence for r in same] == sorted(r.confidence for r in same)


def test_all_nan_loss_says_no_finite_loss_instead_of_empty_axes(tmp_path):
    run = tmp_path / "runs" / "allnan.csv"
    run.parent.mkdir()
    run.write_text("step,train_loss,val_loss\n" + "".join(f"{s},nan,nan\n" for s in range(20)))
    report = scan([run.parent], options=AnalysisOptions(), keep_curves=True)
    assert report.runs[0].verdict == "nan" and report.runs[0].curves_preview
    page = html.render(report)
    assert "no finite loss to plot" in page and '<svg class="chart"' not in page


def test_explore_panel_data_and_controls(sample_report, sample_html):
    for control in ('id="smoothing"', 'id="x-axis"', 'id="tag-regex"', 'id="run-regex"', 'id="explore-charts"',
                    '<option value="wall">wall time</option>'):
        assert control in sample_html
    data = json.loads(re.search(r'<script type="application/json" id="la-data">(.*?)</script>', sample_html,
                                re.S).group(1))
    assert [d["run"] for d in data] == [r.run for r in html.worst_first(sample_report)]
    nan_run = next(d for d in data if d["run"] == "tensorboard/regression_sgd_warmup_nan")
    loss = next(s for s in nan_run["series"] if s["role"] == "train_loss")
    assert 136 in loss["steps"] and loss["values"][loss["steps"].index(136)] in ("NaN", "Infinity")
    assert loss["wall0"] and len(loss["wall"]) == len(loss["steps"])  # event files carry wall times
    assert nan_run["marks"]["first_nonfinite_step"] == 136
    assert any(d["hparams"] for d in data) and "Hyperparameters and verdicts" in sample_html
    assert "LAChart" in sample_html and "function smooth(" in sample_html  # the chart module inlined


def test_fractional_epochs_get_whole_ticks_and_no_offset_text(tmp_path):
    run = tmp_path / "keras" / "training.log"
    run.parent.mkdir()
    run.write_text("epoch,loss,val_loss\n" + "".join(f"{e},{1e6 + 1 / (e + 1)},{1e6 + 2 / (e + 1)}\n"
                                                       for e in range(4)))
    report = scan([run.parent], options=AnalysisOptions(), keep_curves=True)
    svg = html.chart_svg(report.runs[0])
    ticks = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    x_ticks = ticks[:ticks.index("epoch")]
    assert x_ticks == ["0", "1", "2", "3"]  # no 0.5 epoch
    y_ticks = ticks[ticks.index("epoch") + 1:ticks.index("loss")]
    assert len(set(y_ticks)) == len(y_ticks) > 2 and all(float(t) > 999_999 for t in y_ticks)  # told apart
    assert not any(t.startswith(("+", "1e", "×")) for t in ticks)  # no offset label above the axes
