"""The incremental store (loganalyzer.store, filestate, batch) on real files: real SQLite files, a real
PostgreSQL 15 started on loopback (skipped when its binaries are absent), event files written by torch's
SummaryWriter. The rule everywhere: a scan with the store prints exactly what a scan without it prints."""
from __future__ import annotations

import importlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import _postgres
from loganalyzer import filestate, load, load_batch, store as store_module
from loganalyzer.cli import main
from loganalyzer.scan import scan
from loganalyzer.store import Store, StoreError

SummaryWriter = pytest.importorskip("torch.utils.tensorboard").SummaryWriter


def doc(paths, **kw) -> str:
    return json.dumps(scan(paths if isinstance(paths, list) else [paths], **kw).to_dict(), sort_keys=True)


def write_tb(run: Path, steps: range, writer=None, close=True):
    writer = writer or SummaryWriter(str(run))
    for s in steps:
        writer.add_scalar("train/loss", 2.0 / (1 + s) + 0.01 * (s % 3), s)
        if s % 5 == 4:
            writer.add_scalar("val/loss", 2.2 / (1 + s) + 0.05, s)
    writer.flush()
    if close:
        writer.close()
    return writer


def write_lightning(run: Path, steps: int, start: int = 0):
    run.mkdir(parents=True, exist_ok=True)
    path = run / "metrics.csv"
    lines = [] if path.exists() else ["epoch,step,train_loss,val_loss"]
    for s in range(start, steps):
        lines.append(f"{s // 10},{s},{1.5 / (1 + s)},")
        if s % 5 == 4:
            lines.append(f"{s // 10},{s},,{1.7 / (1 + s)}")
    with open(path, "a") as f:
        f.write("\n".join(lines) + "\n")


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "logs"
    for i in range(3):
        write_tb(root / "tb" / f"run{i}", range(40 + 10 * i))
    write_lightning(root / "lightning_logs" / "version_0", 60)
    (root / "keras").mkdir()
    (root / "keras" / "training.log").write_text(
        "epoch,loss,val_loss\n" + "".join(f"{e},{2 / (1 + e)},{2.1 / (1 + e)}\n" for e in range(30)))
    return root


class Counter:
    """Counts the files read whole (one by one, or many at a time by a scan without the store:
    ``load_batch.prefetch``), the event-file tails read, and the text files sniffed."""

    def __init__(self, monkeypatch):
        self.reads, self.tails, self.sniffs = [], [], []
        read, extend, prefetch = load._read_source, filestate.extend_events, load_batch.prefetch
        monkeypatch.setattr(load_batch, "prefetch", lambda runs: (ready := prefetch(runs), self.reads.extend(ready))[0])
        sniffing = importlib.import_module("loganalyzer.discover_sniff")
        sniff = sniffing._sniff_fresh
        monkeypatch.setattr(load, "_read_source", lambda file, **kw: self.reads.append(file.path) or read(file, **kw))
        monkeypatch.setattr(filestate, "extend_events",
                            lambda old, tail, *a: self.tails.append(len(tail)) or extend(old, tail, *a))
        monkeypatch.setattr(sniffing, "_sniff_fresh", lambda fs, path, *a: self.sniffs.append(path) or sniff(fs, path,
                                                                                                           *a))

    def clear(self):
        self.reads.clear()
        self.tails.clear()
        self.sniffs.clear()


def test_unchanged_rescan_reads_nothing_and_prints_the_same(tree, tmp_path, monkeypatch):
    db = tmp_path / "store.sqlite"
    fresh = doc(tree)
    count = Counter(monkeypatch)
    assert doc(tree, store=str(db)) == fresh  # cold: fills the store
    assert db.is_file() and sqlite3.connect(db).execute("select count(*) from runs").fetchone()[0] == 5
    count.clear()
    assert doc(tree, store=str(db)) == fresh
    assert count.reads == [] and count.tails == [] and count.sniffs == []  # nothing opened again


def test_grown_event_file_reads_only_its_new_bytes(tmp_path, monkeypatch):
    root = tmp_path / "logs"
    db = str(tmp_path / "s.sqlite")
    writer = write_tb(root / "a", range(50), close=False)
    write_tb(root / "b", range(50))
    assert doc(root, store=db) == doc(root)
    count = Counter(monkeypatch)
    write_tb(root / "a", range(50, 80), writer=writer, close=True)
    (event,) = (root / "a").glob("events.out.tfevents.*")
    stored = doc(root, store=db)
    assert count.reads == []  # nothing read whole: a's new bytes only, b not at all
    assert len(count.tails) == 1 and 0 < count.tails[0] < event.stat().st_size / 2
    assert stored == doc(root)


def test_event_file_cut_mid_record_then_completed(tmp_path):
    root = tmp_path / "logs"
    db = str(tmp_path / "s.sqlite")
    write_tb(root / "a", range(60))
    (event,) = (root / "a").glob("events.out.tfevents.*")
    whole = event.read_bytes()
    event.write_bytes(whole[:-7])  # the writer is half-way through its last record
    assert doc(root, store=db) == doc(root)
    with open(event, "ab") as f:  # ... and finishes it
        f.write(whole[-7:])
    assert doc(root, store=db) == doc(root)
    event.write_bytes(whole[: len(whole) // 2])  # cut shorter than the store knew: read whole again
    assert doc(root, store=db) == doc(root)


def test_grown_csv_rereads_only_that_file(tree, tmp_path, monkeypatch):
    db = str(tmp_path / "s.sqlite")
    doc(tree, store=db)
    count = Counter(monkeypatch)
    write_lightning(tree / "lightning_logs" / "version_0", 90, start=60)
    assert doc(tree, store=db) == doc(tree, store=None)
    metrics = str(tree / "lightning_logs" / "version_0" / "metrics.csv")
    assert count.reads.count(metrics) == 2 and len(count.reads) == 1 + 5  # store scan: 1 file; fresh scan: all 5


def test_options_and_replaced_files_rejudge(tree, tmp_path):
    db = str(tmp_path / "s.sqlite")
    doc(tree, store=db)
    assert doc(tree, store=db, num_classes=10) == doc(tree, num_classes=10)
    assert doc(tree, store=db, use_model=False) == doc(tree, use_model=False)
    keras = tree / "keras" / "training.log"  # rewritten, same size: another mtime
    keras.write_text(keras.read_text().replace("epoch,loss,val_loss", "epoch,loss,val_lost"))
    os.utime(keras, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert doc(tree, store=db) == doc(tree)
    (tree / "lightning_logs" / "version_0" / "hparams.yaml").write_text("num_classes: 4\n")
    assert doc(tree, store=db) == doc(tree)


def test_deleted_and_unreadable_files_are_not_remembered(tree, tmp_path):
    db = str(tmp_path / "s.sqlite")
    doc(tree, store=db)
    (tree / "tb" / "run1" / "junk.tfevents.x").write_bytes(b"not an event file at all")
    first = doc(tree, store=db)
    assert first == doc(tree) and "not a TensorBoard event file" in first
    assert doc(tree, store=db) == first
    (tree / "tb" / "run1" / "junk.tfevents.x").unlink()
    assert doc(tree, store=db) == doc(tree)


def test_keep_curves_and_a_subtree(tree, tmp_path):
    db = str(tmp_path / "s.sqlite")
    plain = scan([tree], store=db)
    with_curves = scan([tree], store=db, keep_curves=True)
    again = scan([tree], store=db, keep_curves=True)
    assert all(r.curves_preview for r in again.runs if r.format == "tensorboard")
    assert [r.curves_preview.keys() for r in again.runs] == [r.curves_preview.keys() for r in with_curves.runs]
    assert json.dumps(scan([tree], store=db).to_dict()) == json.dumps(plain.to_dict())
    sub = tree / "tb"
    assert doc(sub, store=db) == doc(sub)  # ids relative to another root: the same rows, renamed
    assert doc([tree / "tb", tree / "keras"], store=db) == doc([tree / "tb", tree / "keras"])


def test_bad_stores_are_one_line(tmp_path, tree):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is no database" * 100)
    with pytest.raises(StoreError, match="junk.sqlite: not a loganalyzer store .*give another --db"):
        Store.open(f"sqlite:///{junk}")
    result = CliRunner().invoke(main, ["scan", str(tree), "--db", str(junk)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.count("\n") == 1 and "junk.sqlite" in result.output

    newer = tmp_path / "newer.sqlite"
    Store.open(f"sqlite:///{newer}").close()
    with sqlite3.connect(newer) as conn:
        conn.execute("update alembic_version set version_num = '9999'")
    with pytest.raises(StoreError, match="newer loganalyzer"):
        Store.open(f"sqlite:///{newer}")

    with pytest.raises(StoreError, match="not a database URL|cannot be used|needs the Python package"):
        Store.open("nosuchdialect://x/y")
    result = CliRunner().invoke(main, ["scan", str(tree), "--db", "x", "--no-cache"])
    assert result.exit_code == 2 and "give one of them" in result.output


def test_default_store_that_cannot_be_used_is_skipped(tree, tmp_path, monkeypatch):
    (tmp_path / "ro").write_text("a file where the store's directory should be")
    monkeypatch.setenv("LOGANALYZER_DB", f"sqlite:///{tmp_path}/ro/store.sqlite")
    result = CliRunner().invoke(main, ["scan", str(tree), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "warning: store" in result.stderr and "scanning without it" in result.stderr


def test_old_empty_store_is_migrated_and_cache_commands(tree, tmp_path):
    db = tmp_path / "old.sqlite"
    sqlite3.connect(db).close()  # an empty database: no schema yet
    runner = CliRunner()
    first = runner.invoke(main, ["scan", str(tree), "--db", str(db), "-f", "json", "--jobs", "1"])
    assert first.exit_code == 0, first.output
    info = runner.invoke(main, ["cache", "info", "--db", str(db), "--json"])
    data = json.loads(info.output)
    assert (data["runs"], data["revision"]) == (5, store_module.HEAD_REVISION) and data["files"] >= 3
    text = runner.invoke(main, ["cache", "info", "--db", str(db)]).output
    assert "runs:       5 judged" in text
    cleared = runner.invoke(main, ["cache", "clear", "--db", str(db)])
    assert cleared.exit_code == 0 and "5 runs forgotten" in cleared.output
    assert json.loads(runner.invoke(main, ["cache", "info", "--db", str(db), "--json"]).output)["runs"] == 0
    again = runner.invoke(main, ["scan", str(tree), "--db", str(db), "-f", "json", "--jobs", "1"])
    assert again.output == first.output == runner.invoke(main, ["scan", str(tree), "--no-cache", "-f", "json"]).output


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture
def postgres(postgres_server):
    """An empty database on this test process's PostgreSQL server (tests/conftest.py, tests/_postgres.py)."""
    return _postgres.fresh_database(postgres_server, f"store_{os.getpid()}")


def test_postgresql_store(postgres, tree, monkeypatch):
    fresh = doc(tree)
    assert doc(tree, store=postgres) == fresh
    count = Counter(monkeypatch)
    assert doc(tree, store=postgres) == fresh
    assert count.reads == [] and count.sniffs == []
    write_lightning(tree / "lightning_logs" / "version_0", 70, start=60)
    assert doc(tree, store=postgres) == doc(tree)
    info = Store.open(postgres).info()
    assert info["runs"] == 5 and "postgresql" in info["url"]
    result = subprocess.run([sys.executable, "-m", "loganalyzer", "cache", "clear", "--db", postgres],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "5 runs forgotten" in result.stdout


def test_every_sample_format_and_a_job_log(tmp_path):
    """The sample logs (TensorBoard, tensorboardX, Lightning, Keras appended runs, HF checkpoints, MLflow, CSV) plus
    a SLURM job log beside a run: what the loader keeps per file (a job log's ending too) comes back from the store
    unchanged, and a job log that grows (the job went on, then was cancelled) is read again."""
    root = tmp_path / "sample_logs"
    shutil.copytree(Path(__file__).resolve().parents[1] / "sample_logs", root)
    run = root / "lightning_logs" / "version_0"
    log = run / "slurm-77.out"
    log.write_text("".join(f"Epoch {e}/30\n100/100 - 1s - loss: {1 / (e + 1):.4f} - val_loss: {1.2 / (e + 1):.4f}\n"
                           for e in range(1, 6)))
    db = str(tmp_path / "s.sqlite")
    fresh = doc(root)
    assert doc(root, store=db) == fresh
    assert doc(root, store=db) == fresh
    with open(log, "a") as f:
        f.write("slurmstepd: error: *** JOB 77 ON node12 CANCELLED AT 2026-01-01T00:00:00 DUE TO TIME LIMIT ***\n")
    assert doc(root, store=db) == doc(root)
    assert doc(root, store=db, jobs=2, executor="process") == doc(root)


def test_stored_files_parsed_by_other_reader_code_are_read_again(tree, tmp_path, monkeypatch):
    """A new version of the readers (its code fingerprint) re-judges every run; its files must be parsed again
    too. The store served each unchanged file's old parse: a reader fix (a new warning, another step) did not show
    until the file changed (seen with a job log's new Rich-bar line and the CLI's default store)."""
    db = str(tmp_path / "s.sqlite")
    fresh = doc(tree)
    doc(tree, store=db)
    count = Counter(monkeypatch)
    assert doc(tree, store=db) == fresh and count.reads == []  # the same code: nothing read
    monkeypatch.setattr(filestate, "code_fingerprint", lambda: "another version of the readers")
    assert doc(tree, store=db) == fresh
    assert len(count.reads) == 5  # every file of the 5 runs parsed again
    count.clear()
    assert doc(tree, store=db) == fresh and count.reads == []  # and stored again under the new code
