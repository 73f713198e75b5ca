"""The dashboard faults of breaker5's FAULTS.md, in a real Chromium against a real `loganalyzer serve` with a token:
opening a run or picking a verdict is a history entry, so Back returns to the list with its filters (fault 2); the
summaries show their `code` spans as <code> and a job's ending beside its verdict badge, as the HTML report does
(fault 4)."""
from __future__ import annotations

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from test_dashboard import browser, make_tree, rows  # noqa: E402,F401 - browser: the module's Chromium fixture
from test_dashboard_fixes import dashboard  # noqa: E402
from test_service import TOKEN, serve  # noqa: E402
from test_service_alerts import OOM, PROGRESS  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_tree(tmp_path_factory.mktemp("hist_logs"))
    (root / "job").mkdir()
    (root / "job" / "slurm-77.out").write_text("Loading modules...\n" + PROGRESS + OOM)
    work = tmp_path_factory.mktemp("hist_service")
    with serve(root, work / "store.sqlite", token=TOKEN) as (base, headers):
        yield httpx.Client(base_url=base, headers=headers, timeout=60)


def test_back_after_opening_a_run_returns_to_the_filtered_list(site, browser):
    with dashboard(site, browser) as (base, page, seen):
        page.goto(base + "/")
        page.wait_for_selector("#runs-table tbody tr")
        page.select_option("#verdict-filter", "nan")
        page.wait_for_function("location.hash.indexOf('v=nan') >= 0")
        assert rows(page) == ["blowup"]
        page.click("tr[data-run=blowup] td.run a")
        page.wait_for_selector("#run-view h2.run-title")
        assert "run=blowup" in page.url
        page.go_back()
        page.wait_for_selector("#list-view:not([hidden])")
        assert page.url.startswith(base) and "run=" not in page.url and "v=nan" in page.url
        assert page.input_value("#verdict-filter") == "nan" and rows(page) == ["blowup"]
        page.go_back()  # the filter was an entry of its own: the unfiltered list
        page.wait_for_function("location.hash.indexOf('v=nan') < 0")
        page.wait_for_timeout(200)
        assert page.url.startswith(base) and page.input_value("#verdict-filter") == ""
        assert len(rows(page)) == 4
        page.go_forward()
        page.wait_for_function("location.hash.indexOf('v=nan') >= 0")
        page.wait_for_timeout(200)
        assert rows(page) == ["blowup"]
        assert seen["errors"] == [] and seen["outside"] == []


def test_summaries_show_code_spans_and_the_job_ending_beside_the_badge(site, browser):
    with dashboard(site, browser) as (base, page, seen):
        page.goto(base + "/")
        page.wait_for_selector("tr[data-run=blowup]")
        summary = page.locator("tr[data-run=blowup] td.summary")
        assert "`" not in summary.inner_text()
        assert summary.locator("code").first.inner_text() == "loss"
        job = page.locator("tr[data-run='job/slurm-77.out']")
        assert job.locator(".ended").inner_text() == "ended: cuda_oom"
        assert "e-bad" in job.locator(".ended").get_attribute("class")
        page.click("tr[data-run='job/slurm-77.out'] td.run a")
        page.wait_for_selector("#run-view h2.run-title .ended")
        assert page.inner_text("#run-view h2.run-title .ended") == "ended: cuda_oom"
        assert "`" not in page.inner_text("#run-view > p:not(.meta)")
        assert seen["errors"] == [] and seen["outside"] == []
