"""The HTML report as a person sees it: opened from disk in headless Chromium (playwright driving the system's
/usr/bin/chromium; playwright cannot download browsers here). Skipped, with the reason, where either is missing;
.ci/run installs chromium so CI runs these."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from loganalyzer.render import html
from loganalyzer.scan import AnalysisOptions, scan

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_logs"
REAL_LOGS = Path(__file__).resolve().parents[2] / "shared" / "real_logs"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not os.access(CHROMIUM, os.X_OK):
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")


@pytest.fixture(scope="module")
def browser():
    # launch() starts Chromium with a fresh temporary profile (a user-data-dir it deletes on close)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def open_report(browser, root: Path, out: Path):
    report = scan([root], options=AnalysisOptions(), keep_curves=True)
    out.write_text(html.render(report, scanned=[str(root)]), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    t = time.perf_counter()
    page.goto(out.resolve().as_uri(), wait_until="load")
    load_s = time.perf_counter() - t
    return report, page, requests, errors, load_s


def visible_runs(page) -> list[str]:
    return page.eval_on_selector_all(
        "#runs-table tbody tr", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.run)")


@pytest.fixture(scope="module")
def sample(browser, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    report, page, requests, errors, load_s = open_report(browser, SAMPLES, out)
    yield report, page, requests, errors, load_s, out
    page.close()


def test_opens_offline_without_errors_or_requests(sample):
    report, page, requests, errors, load_s, out = sample
    page.wait_for_timeout(300)
    assert errors == []
    assert requests == [out.resolve().as_uri()]  # the file itself, nothing else
    assert load_s < 5


def test_every_run_has_a_row_a_section_and_a_drawn_chart(sample):
    report, page, *_ = sample
    assert sorted(visible_runs(page)) == sorted(r.run for r in report.runs)
    with_loss = {r.run for r in report.runs if {"train_loss", "val_loss"} & set(r.curves_preview)}
    charted = page.eval_on_selector_all(
        "section.run", "ss => ss.filter(s => { const g = s.querySelector('svg.chart');"
        " return g && g.querySelectorAll('path').length > 5 && g.getBBox().width > 100; }).map(s => s.dataset.run)")
    assert set(charted) == with_loss and len(with_loss) == len(report.runs)


def test_filter_by_verdict_select_and_legend(sample):
    report, page, *_ = sample
    want = sorted(r.run for r in report.runs if r.verdict == "overfit")
    page.select_option("#verdict-filter", "overfit")
    assert sorted(visible_runs(page)) == want
    shown_sections = page.eval_on_selector_all(
        "section.run", "ss => ss.filter(s => s.offsetParent !== null).map(s => s.dataset.run)")
    assert sorted(shown_sections) == want
    page.select_option("#verdict-filter", "")
    assert len(visible_runs(page)) == len(report.runs)
    page.click(".legend button[data-verdict=nan]")  # the legend under the verdict bar filters too
    assert sorted(visible_runs(page)) == sorted(r.run for r in report.runs if r.verdict == "nan")
    page.click(".legend button[data-verdict=nan]")  # and a second click clears it
    assert len(visible_runs(page)) == len(report.runs)


def test_text_filter(sample):
    report, page, *_ = sample
    page.fill("#text-filter", "lightning")
    assert sorted(visible_runs(page)) == sorted(r.run for r in report.runs if "lightning" in r.run.lower())
    page.fill("#text-filter", "became NaN")  # summary text, several words
    assert sorted(visible_runs(page)) == sorted(r.run for r in report.runs if "became NaN" in r.summary)
    page.fill("#text-filter", "no-such-run-anywhere")
    assert visible_runs(page) == []
    assert "0 of" in page.inner_text("#shown")
    page.fill("#text-filter", "")
    assert len(visible_runs(page)) == len(report.runs)


def test_sort_by_confidence(sample):
    report, page, *_ = sample
    header = page.locator("#runs-table th", has_text="Confidence")
    confidence = {r.run: r.confidence for r in report.runs}
    header.click()
    ascending = [confidence[r] for r in visible_runs(page)]
    assert ascending == sorted(ascending) and ascending[0] < ascending[-1]
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    descending = [confidence[r] for r in visible_runs(page)]
    assert descending == sorted(descending, reverse=True)


def test_screenshot(sample):
    report, page, *_ = sample
    page.screenshot(path="/tmp/loganalyzer_report_top.png")
    section = page.locator("section.run").first
    section.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    section.screenshot(path="/tmp/loganalyzer_report_run.png")
    assert Path("/tmp/loganalyzer_report_run.png").stat().st_size > 10_000


@pytest.mark.skipif(not REAL_LOGS.is_dir(), reason=f"{REAL_LOGS} not present")
def test_real_logs_in_the_browser(browser, tmp_path):
    out = tmp_path / "real.html"
    report, page, requests, errors, load_s = open_report(browser, REAL_LOGS, out)
    try:
        assert errors == [] and requests == [out.resolve().as_uri()]
        assert sorted(visible_runs(page)) == sorted(r.run for r in report.runs)
        n_charts = page.eval_on_selector_all("svg.chart", "gs => gs.filter(g => g.getBBox().width > 100).length")
        assert n_charts == sum(1 for r in report.runs if {"train_loss", "val_loss"} & set(r.curves_preview)) > 0
        print(f"real_logs: {len(report.runs)} runs, {out.stat().st_size / 1e6:.2f} MB, loaded in {load_s:.2f} s")
        assert load_s < 5
    finally:
        page.close()
