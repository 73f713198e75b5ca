"""Issue 13, the dashboard: `loganalyzer serve` as a real process (uvicorn on 127.0.0.1, a real SQLite store) over
runs written by torch's SummaryWriter and tensorboardX, its API routes (/series, /api/events) over HTTP, and the
page opened in headless Chromium (playwright driving /usr/bin/chromium): no console errors, no request leaving
127.0.0.1, filters, comparison, the URL keeping state, a live update without reload. Screenshots go to the test's
tmp dir (and docs/dashboard.png with LOGANALYZER_SCREENSHOTS=1)."""
from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from test_scan import write_tensorboard  # noqa: E402
from test_service import GOOD_TRAIN, GOOD_VAL, NAN_AT_30, TOKEN, serve  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
DOCS = Path(__file__).resolve().parents[1] / "docs"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def write_tbx(log_dir: Path, points, hparams: dict | None = None) -> None:
    """A run written by tensorboardX (loss + lr, wall times as logged), hparams through add_hparams."""
    from tensorboardX import SummaryWriter

    writer = SummaryWriter(logdir=str(log_dir))
    for step, value in points:
        writer.add_scalar("train/loss", value, step)
        writer.add_scalar("lr", 0.1 * 0.99 ** step, step)
    if hparams:
        writer.add_hparams(hparams, {"hparam/final_loss": points[-1][1]})
    writer.close()


def make_tree(root: Path) -> Path:
    write_tensorboard(root / "good", {"train/loss": GOOD_TRAIN, "val/loss": GOOD_VAL})
    write_tensorboard(root / "blowup", {"loss": NAN_AT_30})
    write_tbx(root / "tbx_lr_sweep", [(s, 2.0 * 0.98 ** s + 0.05) for s in range(0, 300, 3)],
              {"lr": 0.1, "batch_size": 64, "optimizer": "sgd"})
    return root


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = make_tree(tmp_path_factory.mktemp("dash_logs"))
    work = tmp_path_factory.mktemp("dash_service")
    with serve(root, work / "store.sqlite", token=TOKEN) as (base, headers):
        yield httpx.Client(base_url=base, headers=headers, timeout=60), root


def test_series_keeps_every_evidence_point_and_says_nan(server):
    client, _ = server
    assert client.get("/api/runs/blowup/series", headers={"Authorization": ""}).status_code in (401, 403)
    doc = client.get("/api/runs/blowup/series").json()
    loss = next(s for s in doc["series"] if s["role"] == "train_loss")
    assert doc["verdict"] == "nan" and doc["marks"]["first_nonfinite_step"] == 30
    assert 30 in loss["steps"] and loss["values"][loss["steps"].index(30)] == "NaN"
    assert loss["wall0"] > 1e9 and len(loss["wall"]) == len(loss["steps"])
    small = client.get("/api/runs/good/series", params={"points": 20}).json()
    train = next(s for s in small["series"] if s["role"] == "train_loss")
    assert len(train["steps"]) <= 20 < train["points"] and train["steps"][0] == 0 and train["steps"][-1] == 396
    sweep = client.get("/api/runs/tbx_lr_sweep/series").json()
    assert sweep["hparams"] == {"batch_size": 64, "lr": 0.1, "optimizer": "sgd"}
    assert client.get("/api/runs/nope/series").status_code == 404
    assert client.get("/api/runs/good").json()["run"] == "good"  # the API's own route still answers


def test_events_stream_a_scan_event(server):
    client, _ = server
    got, ready = [], threading.Event()

    def listen():
        with client.stream("GET", "/api/events", timeout=30) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            for line in response.iter_lines():
                got.append(line)
                ready.set()
                if line.startswith("data: ") and "event: scan" in got:
                    return

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert ready.wait(10)
    assert client.post("/api/scan").status_code == 200
    thread.join(15)
    assert "event: hello" in got and "event: scan" in got
    data = json.loads(next(line for line in got[got.index("event: scan"):] if line.startswith("data: "))[6:])
    assert data["runs"] >= 3 and data["counts"]["nan"] >= 1


def test_static_assets_are_served_and_nothing_else(server):
    client, _ = server
    page = httpx.get(f"{client.base_url}/")  # the page holds no data: no token needed
    assert page.status_code == 200 and "static/chart.js" in page.text and "http" not in page.text.replace(
        "http-equiv", "")
    for name in ("chart.js", "chart.css", "dashboard.js", "dashboard.css"):
        assert httpx.get(f"{client.base_url}/static/{name}").status_code == 200
    assert httpx.get(f"{client.base_url}/static/..%2Fapp.py").status_code == 404


def test_stream_ends_when_the_server_stops(tmp_path):
    root = make_tree(tmp_path / "logs")
    with serve(root, tmp_path / "s.sqlite") as (base, _headers):  # serve() asserts a clean shutdown
        lines = []

        def listen():
            try:
                with httpx.stream("GET", f"{base}/api/events", timeout=60) as response:
                    for line in response.iter_lines():
                        lines.append(line)
            except httpx.HTTPError:
                pass

        thread = threading.Thread(target=listen, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not lines and time.monotonic() < deadline:
            time.sleep(0.05)
        stopping = time.monotonic()
    assert "event: hello" in lines
    thread.join(5)
    assert not thread.is_alive() and time.monotonic() - stopping < 15


# ---------------------------------------------------------------- in the browser

@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def rows(page) -> list[str]:
    return page.eval_on_selector_all("#runs-table tbody tr", "rs => rs.map(r => r.dataset.run)")


def test_dashboard_in_the_browser(server, browser, tmp_path):
    client, root = server
    base = str(client.base_url)
    # bypass_csp: playwright's wait_for_function evaluates strings, which the page's CSP (script-src 'self') refuses
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    errors, outside = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def only_loopback(route):
        if urlparse(route.request.url).hostname != "127.0.0.1":
            outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", only_loopback)
    try:
        page.goto(base + "/")
        page.wait_for_selector("#token-form:not([hidden])")  # a token is configured: the page asks once
        errors.clear()  # the 401 that made it ask is logged by the browser as a failed resource
        page.fill("#token-input", TOKEN)
        page.click("#token-form button")
        page.wait_for_function("document.querySelectorAll('#runs-table tbody tr').length === 3")
        assert rows(page)[0] == "blowup"  # worst first
        assert page.inner_text("#legend").replace("\n", " ").count("1") >= 1
        page.wait_for_selector("#live.on")

        # filters: the verdict legend and a regex on the run id
        page.click("#legend button[data-verdict=nan]")
        assert rows(page) == ["blowup"]
        page.click("#legend button[data-verdict=nan]")
        page.fill("#run-regex", "^(good|tbx_.*)$")
        assert sorted(rows(page)) == ["good", "tbx_lr_sweep"]

        # comparison: tick two runs, their curves overlaid, the hparams table joined with the verdicts
        page.check("tr[data-run=good] td.pick input")
        page.check("tr[data-run=tbx_lr_sweep] td.pick input")
        page.wait_for_function("document.querySelectorAll('#compare-charts svg').length > 0 && "
                               "document.querySelector('#compare-charts .lachart-legend').textContent.includes('tbx')")
        legend = page.inner_text("#compare-charts figure >> nth=0")
        assert "good" in legend and "tbx_lr_sweep" in legend
        assert "optimizer" in page.inner_text("#hparams-table") and "sgd" in page.inner_text("#hparams-table")
        page.locator("#compare-charts svg").first.hover()  # hover values
        assert "good" in page.inner_text("#compare-charts .lachart-tip >> nth=0")
        raw = page.eval_on_selector_all("#compare-charts path.raw", "ps => ps.length")
        page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
        if os.environ.get("LOGANALYZER_SCREENSHOTS"):  # refresh the README's picture only when asked: a test
            shutil.copyfile(tmp_path / "dashboard.png", DOCS / "dashboard.png")  # run leaves the checkout as it was
        page.eval_on_selector("#smoothing", "e => { e.value = '0'; e.dispatchEvent(new Event('input')); }")
        page.wait_for_function("document.querySelectorAll('#compare-charts path.raw').length === 0")
        assert raw > 0  # smoothing on: the raw curve faint behind
        page.select_option("#x-axis", "relative")
        page.wait_for_function("document.querySelector('#compare-charts .lachart-xlabel').textContent"
                               " === 'time since start'")

        # the URL keeps filters and selection: a reload comes back the same
        assert "sel=" in page.url and "re=" in page.url
        page.reload()
        page.wait_for_function("document.querySelectorAll('#compare-charts svg').length > 0")
        assert sorted(rows(page)) == ["good", "tbx_lr_sweep"]
        assert page.is_checked("tr[data-run=good] td.pick input")
        assert page.input_value("#x-axis") == "relative"
        page.fill("#run-regex", "")

        # live: a new run appears without a reload once the service scans
        page.evaluate("window.__same_page = true")
        page.wait_for_selector("#live.on")
        write_tensorboard(root / "late_nan", {"loss": NAN_AT_30})
        assert client.post("/api/scan").json()["runs"] == 4
        page.wait_for_function("document.querySelectorAll('#runs-table tbody tr').length === 4", timeout=15000)
        assert page.evaluate("window.__same_page") is True
        assert "late_nan" in rows(page)

        # the run page: evidence, findings, advice, charts with the evidence marked (on the step axis)
        page.select_option("#x-axis", "step")
        page.click("tr[data-run=blowup] td.run a")
        page.wait_for_selector("#run-charts svg")
        text = page.inner_text("#run-view")
        assert "Evidence" in text and "Advice" in text and "first_nonfinite_step" in text
        assert "NaN 30" in page.inner_text("#run-charts")
        assert "run=blowup" in page.url
        page.screenshot(path=str(tmp_path / "dashboard-run.png"))
        assert errors == [] and outside == []
    finally:
        page.close()
    print(f"screenshots: {tmp_path}")
    assert os.path.getsize(tmp_path / "dashboard.png") > 20_000
