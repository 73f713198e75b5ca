"""The HTML report as a person sees it: opened from disk in headless Chromium (playwright driving the system's
/usr/bin/chromium; playwright cannot download browsers here). Skipped, with the reason, where either is missing;
.ci/run installs chromium so CI runs these."""
from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
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
        assert n_charts == sum(1 for r in report.runs if any(
            np.isfinite(p.values).any() for role, p in r.curves_preview.items() if role in ("train_loss", "val_loss"))) > 0
        print(f"real_logs: {len(report.runs)} runs, {out.stat().st_size / 1e6:.2f} MB, loaded in {load_s:.2f} s")
        assert load_s < 5
    finally:
        page.close()


# ---------------------------------------------------------------- issue 13: what a new user met, the explore panel


def test_phone_width_does_not_scroll_sideways(browser, sample):
    out = sample[-1]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(out.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(200)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(out.parent / "report-390.png"))
    finally:
        page.close()


def test_clicked_run_header_is_not_under_the_sticky_bar(sample):
    report, page, *_ = sample
    page.click(".worst a >> nth=0")
    page.wait_for_timeout(150)
    bar = page.eval_on_selector(".controls", "e => e.getBoundingClientRect().bottom")
    target = page.eval_on_selector(".worst a >> nth=0", "a => document.getElementById(a.getAttribute('href')"
                                                         ".slice(1)).querySelector('header').getBoundingClientRect().top")
    assert target >= bar - 1, (target, bar)


def test_explore_overlays_smooths_and_keeps_state_in_the_url(browser, sample):
    out = sample[-1]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(out.resolve().as_uri(), wait_until="load")
        page.select_option("#verdict-filter", "nan")  # all runs of a verdict, overlaid
        legend = page.inner_text("#explore-charts figure >> nth=0")
        assert "regression_sgd_warmup_nan" in legend and "digits_custom_ce" in legend
        assert page.eval_on_selector_all("#explore-charts path.raw", "ps => ps.length") > 0  # raw faint behind
        page.eval_on_selector("#smoothing", "e => { e.value = '0'; e.dispatchEvent(new Event('input')); }")
        assert page.eval_on_selector_all("#explore-charts path.raw", "ps => ps.length") == 0
        page.fill("#tag-regex", "^validation")
        assert page.eval_on_selector_all("#explore-charts figcaption", "cs => cs.map(c => c.textContent)") == [
            "validation loss"]
        page.select_option("#x-axis", "wall")
        assert page.text_content("#explore-charts .lachart-xlabel >> nth=0") == "wall time"
        page.check("#runs-table tbody tr[data-run='tensorboard/regression_sgd_warmup_nan'] td.pick input")
        assert "v=nan" in page.url and "sel=" in page.url and "x=wall" in page.url
        page.reload()
        assert page.input_value("#verdict-filter") == "nan" and page.input_value("#x-axis") == "wall"
        assert page.input_value("#tag-regex") == "^validation"
        assert page.get_attribute("#plot-picked", "aria-pressed") == "true"
        assert page.eval_on_selector_all("#explore-charts .lachart-legend span", "s => s.length") == 1
        page.screenshot(path=str(out.parent / "report-explore.png"), full_page=False)
        assert errors == []
    finally:
        page.close()


def test_print_shows_every_card(browser, sample):
    out = sample[-1]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(out.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        visibility = page.eval_on_selector_all("section.run", "ss => ss.map(s => getComputedStyle(s).contentVisibility)")
        assert visibility and set(visibility) == {"visible"}
        pdf = page.pdf()  # headless Chromium prints: every card's chart is in it
        assert len(pdf) > 50_000
    finally:
        page.close()
