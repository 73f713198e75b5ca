"""Newcomer ux69's findings 6, 7, 8, 10 and 11 (/work/s69/ux69/FINDINGS.md), with real writers (torch's
SummaryWriter, the csv module, printed lines) and, for the dashboard, the real `loganalyzer serve` (uvicorn on
127.0.0.1) opened in headless Chromium.

6. a run's id does not change with whether its file could be read (``noperm_run/metrics.csv`` while unreadable or
   empty, ``noperm_run`` once readable);
7. a run judged on part of its files says so in its own row, ``--quiet``, JSON and the dashboard's run page;
8. the concurrent-writers line names the file kept and the file left out;
10. Markdown's two tables have the same columns; the dashboard's run page says "ended: not recorded" as the table
    does and does not repeat a step its finding names; ``report -o r.txt`` says which command writes ``.txt``;
11. the README says what the store pickles, in both places, and the store does what it says.
"""
from __future__ import annotations

import csv
import json
import math
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from loganalyzer.cli import main

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "LOGANALYZER_DB": "off", "COLUMNS": "200"}
# root reads mode-000 files: drop the two capabilities that let it (as the newcomer's noperm_scan.sh did)
NOPERM = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]


def write_tensorboard(log_dir: Path, points: int = 60, drop: float = 0.95) -> Path:
    """A healthy-looking run written by torch's SummaryWriter: train and validation loss falling."""
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(log_dir=str(log_dir))
    for step in range(points):
        writer.add_scalar("train/loss", 2 * drop ** step + 0.1, step)
        writer.add_scalar("val/loss", 2 * drop ** step + 0.15, step)
    writer.close()
    (event,) = log_dir.glob("events.out.tfevents.*")
    return event


def write_lightning_rows(path: Path, rows: int = 12) -> None:
    """Lightning CSVLogger's columns (epoch, step, train_loss, val_loss) written with the csv module."""
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["epoch", "step", "train_loss", "val_loss"])
        for epoch in range(rows):
            out.writerow([epoch, 10 * (epoch + 1), 1.0 * 0.85 ** epoch + 0.05, 1.1 * 0.87 ** epoch + 0.08])


def scan_json(*args: str, noperm: bool = False) -> dict:
    cmd = [sys.executable, "-m", "loganalyzer", "scan", *args, "--no-cache", "-f", "json"]
    result = subprocess.run((NOPERM if noperm else []) + cmd, capture_output=True, text=True, env=ENV, cwd=ROOT)
    return json.loads(result.stdout)


def ids(doc: dict) -> list[str]:
    return [run["run"] for run in doc["runs"]]


# ---------------------------------------------------------------- 6: the id is discovery's, read or not


def test_an_empty_metrics_csv_has_the_id_it_has_once_written(tmp_path):
    """Lightning creates metrics.csv before its first flush: 0 bytes, then rows. One id throughout."""
    (tmp_path / "emptycsv").mkdir()
    (tmp_path / "emptycsv" / "metrics.csv").write_bytes(b"")
    write_lightning_rows((tmp_path / "other").mkdir() or tmp_path / "other" / "metrics.csv")
    before = scan_json(str(tmp_path))
    assert ids(before) == ["emptycsv", "other"]
    (run,) = [r for r in before["runs"] if r["run"] == "emptycsv"]
    assert run["verdict"] == "unknown" and run["summary"].startswith("could not be read: ")
    assert run["summary"].endswith("emptycsv/metrics.csv: empty file.")
    write_lightning_rows(tmp_path / "emptycsv" / "metrics.csv")
    after = scan_json(str(tmp_path))
    assert ids(after) == ["emptycsv", "other"] and after["runs"][0]["verdict"] != "unknown"


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to read as a user without DAC override")
def test_a_metrics_csv_it_may_not_open_has_the_id_it_has_once_readable(tmp_path):
    """The newcomer's noperm_id.sh: a real CSV of mode 000, then 644: `noperm_run` both times (was
    `noperm_run/metrics.csv` while unreadable)."""
    (tmp_path / "noperm_run").mkdir()
    (tmp_path / "other").mkdir()
    write_lightning_rows(tmp_path / "noperm_run" / "metrics.csv")
    write_lightning_rows(tmp_path / "other" / "metrics.csv")
    os.chmod(tmp_path / "noperm_run" / "metrics.csv", 0)
    try:
        before = scan_json(str(tmp_path), noperm=True)
    finally:
        os.chmod(tmp_path / "noperm_run" / "metrics.csv", 0o644)
    assert ids(before) == ["noperm_run", "other"]
    assert before["runs"][0]["summary"] == \
        f"could not be read: {tmp_path}/noperm_run/metrics.csv: permission denied."
    after = scan_json(str(tmp_path), noperm=True)
    assert ids(after) == ["noperm_run", "other"] and after["runs"][0]["verdict"] != "unknown"


def test_an_unread_metrics_csv_beside_event_files_is_a_file_of_that_run(tmp_path):
    """The folder is a run already (its event file): the readable metrics.csv would join it, so the unread one is a
    file of it not read (finding 7), not a second run of the same id."""
    write_tensorboard(tmp_path / "run")
    (tmp_path / "run" / "metrics.csv").write_bytes(b"")
    doc = scan_json(str(tmp_path))
    (run,) = doc["runs"]
    assert run["run"] == "run" and run["verdict"] != "unknown"
    assert run["summary"].startswith("[1 of 2 files not read] ")
    assert [(e["path"], e["message"]) for e in doc["errors"]] == [(f"{tmp_path}/run/metrics.csv", "empty file")]


# ---------------------------------------------------------------- 7: part of a run not read, said in its row


def _two_file_run(root: Path) -> Path:
    """tb/healthy of the newcomer's repro: a real event file and a second one (the copy make_misc.py made) that is
    empty here (root reads any mode): "empty file", as a copy still in progress."""
    write_tensorboard(root / "tb" / "healthy")
    extra = root / "tb" / "healthy" / "events.out.tfevents.9.host.extra"
    extra.write_bytes(b"")
    return extra


def test_a_run_judged_on_part_of_its_files_says_so_in_its_row(tmp_path):
    _two_file_run(tmp_path)
    doc = scan_json(str(tmp_path))
    (run,) = doc["runs"]
    assert run["verdict"] == "healthy" and run["summary"].startswith("[1 of 2 files not read] `train/loss` fell")
    assert run["findings"][0] == {"kind": "files_not_read", "step": None, "message": (
        "1 of 2 files not read: events.out.tfevents.9.host.extra: empty file; the verdict rests on the other file")}
    quiet = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", str(tmp_path), "--no-cache", "-q"],
                           capture_output=True, text=True, env=ENV, cwd=ROOT)
    (row,) = quiet.stdout.splitlines()
    assert row.startswith("healthy") and "tb/healthy  [1 of 2 files not read] " in row
    table = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", str(tmp_path), "--no-cache"],
                           capture_output=True, text=True, env=ENV, cwd=ROOT).stdout
    assert "• 1 of 2 files not read: events.out.tfevents.9.host.extra: empty file" in table  # under a healthy row
    md = CliRunner().invoke(main, ["scan", str(tmp_path), "--no-cache", "-f", "markdown"]).stdout
    assert "\\[1 of 2 files not read\\]" in md


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to read as a user without DAC override")
def test_a_run_with_an_event_file_it_may_not_open(tmp_path):
    """The newcomer's noperm_scan.sh: the second event file of mode 000, a real copy of the first."""
    event = write_tensorboard(tmp_path / "tb" / "healthy")
    extra = tmp_path / "tb" / "healthy" / "events.out.tfevents.9.host.extra"
    shutil.copyfile(event, extra)
    os.chmod(extra, 0)
    try:
        doc = scan_json(str(tmp_path), noperm=True)
    finally:
        os.chmod(extra, 0o644)
    (run,) = doc["runs"]
    assert run["summary"].startswith("[1 of 2 files not read] ")
    assert run["findings"][0]["message"] == ("1 of 2 files not read: events.out.tfevents.9.host.extra: permission "
                                             "denied; the verdict rests on the other file")


def test_a_run_none_of_whose_files_could_be_read_keeps_its_verdict(tmp_path):
    (tmp_path / "tb").mkdir()
    (tmp_path / "tb" / "events.out.tfevents.1.host").write_bytes(b"")
    (tmp_path / "ok").mkdir()
    write_lightning_rows(tmp_path / "ok" / "metrics.csv")
    doc = scan_json(str(tmp_path))
    (run,) = [r for r in doc["runs"] if r["run"] == "tb"]
    assert run["summary"].startswith("could not be read: ") and not run["findings"]


# ---------------------------------------------------------------- 8: the concurrent writers' line names both files


def test_the_concurrent_writers_line_names_the_kept_and_the_dropped_file(tmp_path):
    """make_misc.py's copy of a run's event file into its dir: the same steps, written at the same time."""
    event = write_tensorboard(tmp_path / "healthy")
    extra = tmp_path / "healthy" / "events.out.tfevents.9.host.extra"
    shutil.copyfile(event, extra)
    extra.write_bytes(extra.read_bytes())
    doc = scan_json(str(tmp_path))
    (line,) = [w for w in doc["runs"][0]["warnings"] if "written at the same time" in w]
    kept, dropped = sorted([event.name, extra.name], key=lambda n: n != event.name) \
        if line.startswith(str(extra)) else (extra.name, event.name)
    assert f"kept: {kept}'s curves (the file written first); left out: this file's ({dropped}) 120 point(s)" \
        in line, line
    assert "the first file's curves" not in line


# ---------------------------------------------------------------- 10: Markdown columns, -o extensions, the run page


def _plain_log(path: Path, last: int = 57150) -> None:
    """``print(f"epoch {e} step {s} loss {l:.4f} lr 0.01")``: a plain script's output that simply stops."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        for s in list(range(10, last, 500)) + [last]:
            print(f"epoch {s // 400} step {s} loss {0.7 * math.exp(-s / 10000) + 0.05:.4f} lr 0.01", file=f)


def test_markdown_problem_table_has_the_ended_column_of_the_healthy_one(tmp_path):
    for i in range(4):  # more than HEALTHY_SHOWN healthy runs: they fold into <details>
        _plain_log(tmp_path / f"h{i}" / "train.log")
    (tmp_path / "nan").mkdir()
    with open(tmp_path / "nan" / "metrics.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["epoch", "step", "train_loss"])
        for epoch in range(12):
            out.writerow([epoch, 10 * (epoch + 1), "nan" if epoch > 6 else 1.0 / (epoch + 1)])
    md = CliRunner().invoke(main, ["scan", str(tmp_path), "--no-cache", "-f", "markdown"]).stdout
    headers = [line for line in md.splitlines() if line.startswith("| Verdict")]
    assert headers == ["| Verdict | Ended | Confidence | Run | Summary |"] * 2, md
    (nan_row,) = [line for line in md.splitlines() if "`nan`" in line]
    assert nan_row.startswith("| **nan** | – | ")


def test_o_names_the_command_that_writes_an_extension(tmp_path):
    _plain_log(tmp_path / "run" / "train.log", 2000)
    result = CliRunner().invoke(main, ["report", str(tmp_path), "-o", str(tmp_path / "r.txt")])
    assert result.exit_code == 2 and "the extension '.txt' is the table, which `loganalyzer scan -o FILE.txt` " \
        "writes; this command writes .json (json)" in result.stderr
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "`loganalyzer report -o FILE.html` writes" in result.stderr
    assert not (tmp_path / "r.txt").exists() and not (tmp_path / "x.html").exists()


def test_dashboard_run_page_ended_word_and_finding_steps(tmp_path):
    """The real server and page: the run page's badge says "ended: not recorded" (the list and the scan's table
    say so), its finding "... the last progress was step 57,150" is not followed by "(step 57150)", and a run
    judged on part of its files shows the files_not_read finding and the mark before its summary."""
    pytest.importorskip("fastapi")
    httpx = pytest.importorskip("httpx")
    from test_dashboard import CHROMIUM, ARGS
    from test_dashboard_fixes import watched, with_token
    from test_service import TOKEN, serve

    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    root = tmp_path / "logs"
    _plain_log(root / "plain" / "train.log")
    _two_file_run(root)
    with serve(root, tmp_path / "store.sqlite", token=TOKEN) as (base, headers):
        api = httpx.Client(base_url=base, headers=headers, timeout=60)
        part = api.get("/api/runs/tb/healthy").json()
        assert part["summary"].startswith("[1 of 2 files not read] ")
        assert part["findings"][0]["kind"] == "files_not_read"
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                context = browser.new_context()
                seen = watched(context)
                page = with_token(context, str(base))
                page.goto(f"{base}/#run=plain/train.log")
                page.wait_for_selector("#run-view h2.run-title .ended")
                assert page.inner_text("#run-view h2.run-title .ended") == "ended: not recorded"
                assert "e-unknown" in page.get_attribute("#run-view h2.run-title .ended", "class")
                findings = page.inner_text("#run-view .cols")
                assert "the last progress was step 57,150" in findings and "(step 57150)" not in findings
                assert "(step 57,150)" not in findings
                page.goto(f"{base}/#run=tb/healthy")
                page.wait_for_selector("#run-view h2.run-title")
                page.wait_for_function("document.querySelector('#run-view .cols') !== null")
                assert "1 of 2 files not read: events.out.tfevents.9.host.extra: empty file" in \
                    page.inner_text("#run-view .cols")
                assert "[1 of 2 files not read]" in page.inner_text("#run-view > p:not(.meta)")
                page.goto(f"{base}/")
                page.wait_for_selector("tr[data-run='plain/train.log'] .ended")
                row_badge = page.locator("tr[data-run='plain/train.log'] .ended")
                assert row_badge.inner_text() == "ended: not recorded"
                assert "e-unknown" in row_badge.get_attribute("class")  # not the red of a crash
                assert seen["errors"] == [] and seen["outside"] == []
            finally:
                browser.close()


# ---------------------------------------------------------------- 11: what the store pickles, said and true


def test_readme_says_what_the_store_pickles_and_the_store_does(tmp_path):
    readme = (ROOT / "README.md").read_text()
    assert "No pickle anywhere" not in readme
    for place in ("Unpickling runs code", "nothing uploaded is\n  ever unpickled"):
        assert place in readme, place
    assert readme.count("`runs`, `files` and `sniffs` tables hold pickles") == 1
    assert "Three of its tables hold Python pickles: `runs`" in readme
    write_tensorboard(tmp_path / "logs" / "run")
    db = tmp_path / "store.sqlite"
    result = CliRunner().invoke(main, ["scan", str(tmp_path / "logs"), "--db", f"sqlite:///{db}", "-q"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as con:
        (summary,) = con.execute("select summary from runs").fetchone()
        (parsed,) = con.execute("select parsed from files").fetchone()
    blob = summary if summary[:1] == b"\x80" else zlib.decompress(summary)
    assert type(pickle.loads(blob)).__name__ == "RunSummary"  # trusted data: this test wrote it
    assert pickle.loads(zlib.decompress(parsed)) is not None
