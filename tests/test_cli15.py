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


# fault 7 -------------------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_first_scans_at_once_on_a_new_store_all_succeed(tmp_path):
    root = tmp_path / "big"
    for i in range(40):
        write_csv_run(root / f"r{i}.csv", range(0, 40, 2))
    for attempt in range(3):
        db = tmp_path / f"conc{attempt}.sqlite"
        procs = [subprocess.Popen([sys.executable, "-m", "loganalyzer", "scan", str(root), "-q", "--db",
                                   f"sqlite:///{db}"], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(4)]
        results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]
        assert [rc for rc, _, _ in results] == [0] * 4, [err for _, _, err in results]
        assert len({out for _, out, _ in results}) == 1 and all(err == "" for _, _, err in results)


# fault 10 ------------------------------------------------------------------------------------------------------

def test_a_bare_postgresql_url_uses_the_installed_driver(postgres_server, tmp_path):
    import _postgres

    url = _postgres.fresh_database(postgres_server, f"cli15_{os.getpid()}")
    bare = url.replace("postgresql+psycopg2://", "postgresql://")  # the README's form
    run = write_csv_run(tmp_path / "runs" / "a.csv")
    result = invoke("scan", run.parent, "-q", "--db", bare)
    assert result.exit_code == 0, result.output
    info = invoke("cache", "info", "--db", bare)
    assert info.exit_code == 0 and "runs:       1 judged" in info.output, info.output


def test_a_postgresql_url_without_any_driver_says_what_to_install(tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name in ("psycopg2", "psycopg")
                        else real(name, *a))
    run = write_csv_run(tmp_path / "runs" / "a.csv")
    result = invoke("scan", run.parent, "-q", "--db", "postgresql://nobody@127.0.0.1:1/x")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.output
    assert "needs a PostgreSQL driver: pip install psycopg2-binary (or psycopg)" in result.stderr


# fault 11 ------------------------------------------------------------------------------------------------------

def test_store_errors_give_advice_that_fits_the_cause(tmp_path):
    run = write_csv_run(tmp_path / "runs" / "a.csv")
    notdb = tmp_path / "notdb.sqlite"
    notdb.write_bytes(b"my notes, not a database\n" * 200)
    result = invoke("scan", run.parent, "-q", "--db", notdb)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "notdb.sqlite: not a loganalyzer store (file is not a database): give another --db" in result.stderr
    assert "cache clear" not in result.stderr
    assert notdb.read_bytes() == b"my notes, not a database\n" * 200
    refused = invoke("scan", run.parent, "-q", "--db", "postgresql+psycopg2://nobody@127.0.0.1:1/x")
    assert refused.exit_code == 2 and "cannot connect (" in refused.stderr and "cache clear" not in refused.stderr


@pytest.mark.skipif(subprocess.run(["unshare", "-U", "true"], capture_output=True).returncode != 0,
                    reason="needs unshare -U (a user namespace: root without CAP_DAC_OVERRIDE)")
def test_a_default_store_in_a_read_only_directory_says_the_directory_is_not_writable(tmp_path):
    run = write_csv_run(tmp_path / "runs" / "a.csv")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    env = {**ENV, "LOGANALYZER_DB": f"sqlite:///{ro}/store.sqlite"}
    done = subprocess.run(["unshare", "-U", sys.executable, "-m", "loganalyzer", "scan", str(run.parent), "-q"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"directory {ro} is not writable" in done.stderr and "scanning without it" in done.stderr
    assert "cache clear" not in done.stderr


# fault 17 ------------------------------------------------------------------------------------------------------

def test_cache_info_never_creates_a_store_at_a_mistyped_path(tmp_path):
    missing = tmp_path / "nonexist.sqlite"
    for command in ("info", "clear"):
        result = invoke("cache", command, "--db", f"sqlite:///{missing}")
        assert result.exit_code == 2 and result.stderr.strip() == f"Error: no store at {missing} (a scan makes it " \
            "there; check --db / LOGANALYZER_DB)", result.output
    assert list(tmp_path.iterdir()) == []


# fault 9 -------------------------------------------------------------------------------------------------------

def test_the_config_line_is_the_last_line_of_details_with_warnings_and_errors(tmp_path):
    run = write_csv_run(tmp_path / "runs" / "a.csv")
    with open(run, "ab") as f:
        f.write(b"\0" * 300)  # a zero-filled tail: one warning
    (tmp_path / "runs" / "broken").mkdir()
    (tmp_path / "runs" / "broken" / "events.out.tfevents.1.host.0").write_bytes(b"\0garbage, not a record" * 8)
    result = invoke("scan", tmp_path / "runs", "--details", "--no-cache")
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").splitlines()
    assert any("Warnings" in line for line in lines) and any("Errors" in line for line in lines)
    assert lines[-1].startswith("config: ") and " · options: " in lines[-1]


# fault 12 ------------------------------------------------------------------------------------------------------

def test_serve_on_a_port_in_use_is_one_line_exit_2_and_makes_nothing(tmp_path):
    pytest.importorskip("uvicorn")
    import socket

    run = write_csv_run(tmp_path / "logs" / "a.csv")
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "loganalyzer", "serve", "--root", str(run.parent), "--db",
                               str(tmp_path / "store.sqlite"), "--port", str(port)], env=ENV, capture_output=True,
                              text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"Error: 127.0.0.1:{port} is already in use (give --port)\n"
    assert not (tmp_path / "store.sqlite").exists()
    missing = subprocess.run([sys.executable, "-m", "loganalyzer", "serve", "--root", str(tmp_path / "nope")],
                             env=ENV, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1, missing.stderr
    assert "Exit status: 0 stopped (Ctrl-C); 2 a usage mistake" in " ".join(invoke("serve", "--help").output.split())


# fault 15 ------------------------------------------------------------------------------------------------------

def test_a_report_link_resolves_against_the_url_it_was_asked_at(tmp_path):
    httpx = pytest.importorskip("httpx")
    pytest.importorskip("fastapi")
    from urllib.parse import urljoin

    from test_service import TOKEN, serve

    run = write_csv_run(tmp_path / "logs" / "exp" / "a.csv")
    with serve(run.parent.parent, tmp_path / "store.sqlite", token=TOKEN) as (base, headers):
        asked = f"{base}/api/runs/exp/a.csv/report-link"
        link = httpx.get(asked, headers=headers, timeout=60).json()["url"]
        assert link.startswith("/report/exp/a.csv?exp=")
        page = httpx.get(urljoin(asked, link), timeout=120)  # no token: the signature is the guard
        assert page.status_code == 200 and "a.csv" in page.text


# fault 14 ------------------------------------------------------------------------------------------------------

@pytest.mark.skipif(subprocess.run(["unshare", "-U", "true"], capture_output=True).returncode != 0,
                    reason="needs unshare -U (a user namespace: root without CAP_DAC_OVERRIDE)")
def test_output_into_a_read_only_directory_names_the_users_file(tmp_path):
    write_csv_run(tmp_path / "runs" / "a.csv")
    rodb = tmp_path / "rodb"
    rodb.mkdir()
    rodb.chmod(0o555)
    done = subprocess.run(["unshare", "-U", sys.executable, "-m", "loganalyzer", "scan", "runs", "-o", "rodb/x.json",
                           "--no-cache"], cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == "Error: rodb/x.json: cannot write (directory rodb is not writable: permission denied)\n"
    assert list(rodb.iterdir()) == []


# fault 13 ------------------------------------------------------------------------------------------------------

def test_replay_of_a_file_that_is_no_checkpoint_never_suggests_trust_pickle(tmp_path):
    torch = pytest.importorskip("torch")
    models = tmp_path / "models.py"
    models.write_text("from torch import nn\n\ndef build():\n    return nn.Sequential(nn.Linear(4, 2))\n")
    batches = tmp_path / "batches.pt"
    torch.save({"inputs": torch.randn(8, 4), "targets": torch.randint(2, (8,))}, batches)
    ckpt = tmp_path / "ckpt.pt"
    torch.save(torch.nn.Sequential(torch.nn.Linear(4, 2)).state_dict(), ckpt)
    notes = tmp_path / "README.md"
    notes.write_text("# my project\n\nnot a checkpoint\n")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(7, 256)) * 8)
    keras = tmp_path / "training.log"
    keras.write_text("epoch,loss\n0,1.0\n1,0.5\n")
    for given in (notes, junk, keras):
        result = invoke("replay", given, "--model", f"{models}:build", "--data", batches)
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.output
        assert result.stderr == f"Error: {given}: not a torch checkpoint (no zip/pickle header)\n"
    data = invoke("replay", ckpt, "--model", f"{models}:build", "--data", notes)
    assert data.exit_code == 2
    assert data.stderr == f"Error: --data {notes}: not a torch tensor file (no zip/pickle header)\n"


# fault 16 ------------------------------------------------------------------------------------------------------

def test_a_binary_metrics_csv_is_listed_never_skipped_in_silence(tmp_path):
    import random

    junk = tmp_path / "bad" / "lightning_logs" / "version_0" / "metrics.csv"
    junk.parent.mkdir(parents=True)
    junk.write_bytes(random.Random(3).randbytes(3000))
    write_csv_run(tmp_path / "bad" / "keras" / "training.log")
    result = invoke("scan", tmp_path / "bad", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "lightning_logs/version_0/metrics.csv: binary data, not a CSV log (NUL byte at offset" in result.stdout
    assert "1 error" in result.stdout
    alone = invoke("scan", junk.parent, "--no-cache")
    assert alone.exit_code == 2 and "binary data, not a CSV log" in alone.stderr, alone.output


# fault 18 ------------------------------------------------------------------------------------------------------

def test_an_empty_csv_scanned_directly_is_an_empty_file(tmp_path):
    empty = tmp_path / "many" / "1.csv"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    result = invoke("scan", empty, "--no-cache")
    assert result.exit_code == 2 and "1.csv: empty file" in result.stderr, result.output
    assert "no known name or content" not in result.stderr


def test_an_unreadable_file_is_said_alike_in_the_table_and_with_quiet(tmp_path):
    lat = tmp_path / "bad" / "latin" / "metrics.csv"
    lat.parent.mkdir(parents=True)
    lat.write_bytes(b"epoch,step,train_loss\n0,1,2.0\n0,2,1.5\n0,3,1.2\n0,4,caf\xe9\n")
    write_csv_run(tmp_path / "bad" / "ok.csv")
    table = invoke("scan", tmp_path / "bad", "--no-cache")
    quiet = invoke("scan", tmp_path / "bad", "--no-cache", "-q")
    said = [line.split("error: ", 1)[1] for line in quiet.stderr.splitlines() if line.startswith("error: ")]
    assert said and all(line in table.stdout for line in said), (said, table.stdout)


def test_health_always_has_an_alerts_object(tmp_path):
    httpx = pytest.importorskip("httpx")
    pytest.importorskip("fastapi")
    from test_service import serve

    run = write_csv_run(tmp_path / "logs" / "a.csv")
    with serve(run.parent, tmp_path / "store.sqlite") as (base, _):
        health = httpx.get(f"{base}/api/health", timeout=60).json()
    assert health["alerts"] == {"receivers": 0, "queued": 0, "sent": 0, "failed": 0, "pending": 0}


def test_the_readme_json_schema_lists_every_option_key(tmp_path):
    import json
    import re

    run = write_csv_run(tmp_path / "runs" / "a.csv")
    doc = json.loads(invoke("scan", run.parent, "-f", "json", "--no-cache").stdout)
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(' "options": {'):]
    block = block[:block.index("}")]
    assert set(re.findall(r'"(\w+)"', block)) - {"options"} == set(doc["options"])


def test_the_host_guard_answers_json_like_every_other_response(tmp_path):
    httpx = pytest.importorskip("httpx")
    pytest.importorskip("fastapi")
    from test_service import serve

    run = write_csv_run(tmp_path / "logs" / "a.csv")
    with serve(run.parent, tmp_path / "store.sqlite") as (base, _):
        refused = httpx.get(f"{base}/api/health", headers={"Host": "evil.example"}, timeout=60)
        missing = httpx.get(f"{base}/api/runs/nope", timeout=60)
    assert refused.status_code == 400 and refused.text.startswith('{"detail":"'), refused.text
    assert missing.status_code == 404 and missing.text.startswith('{"detail":"')
