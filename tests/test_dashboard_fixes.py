"""The newcomer's dashboard findings, in a real Chromium against a real `loganalyzer serve` with a token: "open the
HTML report" renders it (its own CSP, a signed link: no console errors, styled, charts drawn) (B2); a fresh load
of `#v=nan` opens filtered (B7); `/docs` works offline (B5); unreadable files are listed; at 390 px the run table
stacks its cells so the summary shows; a cross-site form POST from another origin is refused (B6)."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from test_dashboard import browser, make_tree, rows  # noqa: E402,F401 - browser: the module's Chromium fixture
from test_service import TOKEN, serve  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_tree(tmp_path_factory.mktemp("fix_logs"))
    (root / "corrupt").mkdir()
    (root / "corrupt" / "events.out.tfevents.1.host.0").write_bytes(b"\x00garbage, not a record" * 8)
    work = tmp_path_factory.mktemp("fix_service")
    with serve(root, work / "store.sqlite", token=TOKEN) as (base, headers):
        yield httpx.Client(base_url=base, headers=headers, timeout=60)


def watched(context):
    """Console errors, page errors and requests leaving 127.0.0.1 of every page of ``context``."""
    seen = {"errors": [], "outside": []}

    def hook(page):
        page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen["errors"].append(str(e)))

    def only_loopback(route):
        if urlparse(route.request.url).hostname != "127.0.0.1":
            seen["outside"].append(route.request.url)
            return route.abort()
        return route.continue_()

    context.on("page", hook)
    context.route("**/*", only_loopback)
    return seen


def with_token(context, base):
    page = context.new_page()
    page.goto(base + "/api/health")
    page.evaluate(f"localStorage.setItem('loganalyzer.token', {TOKEN!r})")
    return page


@contextmanager
def dashboard(site, browser, **context_options):
    """(base URL, a page holding the token, what ``watched`` saw) in a fresh browser context, closed after."""
    base = str(site.base_url)
    context = browser.new_context(**({"viewport": {"width": 1280, "height": 900}} | context_options))
    seen = watched(context)
    try:
        yield base, with_token(context, base), seen
    finally:
        context.close()


def test_report_opens_styled_from_the_run_page(site, browser):
    with dashboard(site, browser) as (base, page, seen):
        page.goto(base + "/#run=blowup")
        page.wait_for_selector("#report-link[href*='sig=']")
        with page.expect_popup() as popup_info:
            page.click("#report-link")
        report = popup_info.value
        report.wait_for_load_state("load")
        report.wait_for_selector("svg.chart")
        assert report.evaluate("document.styleSheets.length") > 0
        assert "Times" not in report.evaluate("getComputedStyle(document.body).fontFamily")
        width = report.eval_on_selector("svg.chart", "g => g.getBoundingClientRect().width")
        assert width > 100 and "blowup" in report.inner_text("body")
        assert seen["errors"] == [] and seen["outside"] == []
        # the link is the guard: no token header, but a wrong or missing signature is refused
        assert httpx.get(base + "/report/blowup?exp=9999999999&sig=00").status_code == 403
        assert httpx.get(base + "/report/blowup").status_code == 403
        assert httpx.get(base + "/api/runs/blowup/report-link").status_code == 401


def test_fresh_load_restores_the_verdict_filter(site, browser):
    with dashboard(site, browser) as (base, page, seen):
        page.goto(base + "/#v=nan")
        page.wait_for_selector("#runs-table tbody tr")
        page.wait_for_timeout(300)
        assert page.input_value("#verdict-filter") == "nan"
        assert rows(page) == ["blowup"] and "1 of" in page.inner_text("#shown")
        assert "v=nan" in page.url
        page.fill("#run-regex", "(")  # an invalid regex: says so, matches nothing (like GET /api/runs?q=( : 400)
        assert rows(page) == [] and "invalid regex" in page.inner_text("#shown")
        # the unreadable file is named in the header
        page.wait_for_selector("#scan-errors:not([hidden])")
        page.click("#scan-errors summary")
        assert "1 unreadable file" in page.inner_text("#scan-errors summary")
        page.wait_for_selector("#scan-errors li")
        assert "corrupt" in page.inner_text("#scan-errors ul")
        # compare: one chart per series (a role chart, not the same raw tag again), no add_hparams one-point charts
        page.fill("#run-regex", "")
        page.select_option("#verdict-filter", "")
        page.check("tr[data-run=good] td.pick input")
        page.check("tr[data-run=tbx_lr_sweep] td.pick input")
        page.wait_for_selector("#compare-charts figure >> text=tbx_lr_sweep")
        captions = page.eval_on_selector_all("#compare-charts figcaption", "cs => cs.map(c => c.textContent)")
        assert "training loss" in captions and "train/loss" not in captions
        assert not any("hparam" in c for c in captions), captions
        assert seen["errors"] == [] and seen["outside"] == []


def test_phone_width_shows_the_summary(site, browser):
    with dashboard(site, browser, viewport={"width": 390, "height": 844}, is_mobile=True) as (base, page, _):
        page.goto(base + "/")
        page.wait_for_selector("#runs-table tbody tr")
        box = page.eval_on_selector("tr[data-run=blowup] td.summary", "td => td.getBoundingClientRect().toJSON()")
        assert box["width"] > 200 and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_docs_work_offline(site, browser):
    base = str(site.base_url)
    context = browser.new_context()
    seen = watched(context)
    try:
        page = context.new_page()
        page.goto(base + "/docs")
        page.wait_for_selector("section.route")
        text = page.inner_text("#docs")
        assert "/api/runs" in text and "/api/alerts" in text and "verdict" in text
        assert seen["errors"] == [] and seen["outside"] == []
        assert "cdn" not in httpx.get(base + "/docs").text
    finally:
        context.close()


def test_cross_site_form_post_is_refused(site, browser, tmp_path):
    base = str(site.base_url)
    (tmp_path / "attack.html").write_text(
        f'<form id="f" method="post" action="{base}/api/scan"></form>'
        f'<form id="g" method="post" enctype="multipart/form-data" action="{base}/api/analyze">'
        '<input type="hidden" name="file" value="x"></form>')
    other = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path)))
    threading.Thread(target=other.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        for form, path in (("f", "/api/scan"), ("g", "/api/analyze")):
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{other.server_address[1]}/attack.html")
            page.eval_on_selector(f"#{form}", "f => f.submit()")
            page.wait_for_url(f"**{path}")
            page.wait_for_load_state("load")
            assert "cross-site request refused" in page.inner_text("body"), form
            page.close()
    finally:
        context.close()
        other.shutdown()
