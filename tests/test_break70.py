"""Faults a demanding new user met at stop 70 (branch br70, docs/breaker70.md): real logs
written by their real writers, then damaged the way users' files get damaged, and what the scan says of them."""
from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import loganalyzer
from loganalyzer import read_scalars

# the child processes import this tree's package, wherever they run
_ENV = {**__import__("os").environ, "PYTHONPATH": str(Path(loganalyzer.__file__).parents[1])}
from loganalyzer.load import LogReadWarning


def warned(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(path)
    return table, [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]


def _history() -> list[dict]:
    out = [{"epoch": i / 10, "loss": 2.0 / i, "learning_rate": 5e-5, "step": i * 10} for i in range(1, 41)]
    return out + [{"epoch": i / 10, "eval_loss": 2.2 / i, "step": i * 10} for i in range(5, 41, 5)]


def _trailing_comma(path: Path) -> None:
    """A comma put before the document's last closing brace (a hand edit, a JSON5 tool)."""
    text = path.read_text().rstrip()
    assert text.endswith("}")
    path.write_text(text[:-1].rstrip() + ",\n}\n")


def test_trainer_state_with_a_trailing_comma_is_read_whole_and_not_called_cut_short(tmp_path):
    """transformers' own ``TrainerState.save_to_json``, then a trailing comma before the last ``}``: every entry is
    read and the one line says "trailing comma" at its line -- it said "the file ends at byte N, inside its JSON
    (cut short: the job stopped while writing it?)", a wrong diagnosis of a whole file."""
    from transformers import TrainerState
    run = tmp_path / "hf" / "checkpoint-400"
    run.mkdir(parents=True)
    TrainerState(global_step=400, max_steps=400, log_history=_history()).save_to_json(str(run / "trainer_state.json"))
    _trailing_comma(run / "trainer_state.json")
    table, lines = warned(tmp_path / "hf")
    assert len(table[table.tag == "loss"]) == 40 and len(table[table.tag == "eval_loss"]) == 8
    assert len(lines) == 1 and "trailing comma" in lines[0] and "cut short" not in lines[0], lines
    assert lines[0].startswith(str(run / "trainer_state.json") + ":"), lines  # file and line


def test_keras_style_history_json_with_a_trailing_comma_is_read_whole(tmp_path):
    """``json.dump(history.history, f, indent=1)`` (Keras' History dict), then a trailing comma: both lists read, one
    line naming the trailing comma (it said "JSON cut short: the file ends at byte 746")."""
    run = tmp_path / "keras"
    run.mkdir()
    history = {"loss": [2.0 - 0.05 * i for i in range(30)], "val_loss": [2.1 - 0.05 * i for i in range(30)]}
    with open(run / "history.json", "w") as f:
        json.dump(history, f, indent=1)
    _trailing_comma(run / "history.json")
    table, lines = warned(run)
    assert len(table[table.tag == "loss"]) == 30 and len(table[table.tag == "val_loss"]) == 30
    assert len(lines) == 1 and "trailing comma" in lines[0] and "cut short" not in lines[0], lines


def test_a_printed_line_of_megabytes_does_not_hang_the_scan(tmp_path):
    """``print('loss: 0.5 ' * 200_000, file=f)``: one 2 MB line of 200,000 pairs (a log printed without line breaks).
    The per-pair rules of the progress-line reader were quadratic in a line's pairs (``list.count`` per key, a regex
    search from the line's start per key): minutes for 2 MB, a 30 MB line never finished. Now a second or so, and
    the file gets its line (no progress read), in a child process given two minutes."""
    (tmp_path / "job").mkdir()
    with open(tmp_path / "job" / "train.log", "w") as f:
        print("loss: 0.5 " * 200_000, file=f)
    done = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", str(tmp_path / "job"), "--no-cache"],
                          capture_output=True, text=True, timeout=120, env=_ENV)
    assert done.returncode in (0, 2), done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "train.log" in done.stdout + done.stderr


def _gzip(path: Path) -> Path:
    import gzip
    out = path.with_name(path.name + ".gz")
    out.write_bytes(gzip.compress(path.read_bytes()))
    path.unlink()
    return out


def test_gzipped_logs_beside_runs_are_named_not_skipped_in_silence(tmp_path):
    """A user gzips finished logs: Lightning's ``CSVLogger`` metrics.csv of one run, a job's printed ``slurm-N.out``
    beside another run's torch ``SummaryWriter`` event file, and an event file itself. The scan saw the event-file
    run and said "0 warnings · 0 errors": the two compressed logs were never named. Now each is one line naming the
    file, the compression and the command that undoes it."""
    from pytorch_lightning.loggers import CSVLogger
    from torch.utils.tensorboard import SummaryWriter
    from loganalyzer import discover
    logger = CSVLogger(str(tmp_path / "runs"), name="gz")
    for i in range(20):
        logger.log_metrics({"train_loss": 2.0 / (i + 1)}, step=i)
    logger.save()
    csv_gz = _gzip(Path(logger.log_dir) / "metrics.csv")
    writer = SummaryWriter(str(tmp_path / "runs" / "tb"))
    for i in range(20):
        writer.add_scalar("loss", 2.0 / (i + 1), i)
    writer.close()
    slurm = tmp_path / "runs" / "tb" / "slurm-42.out"
    slurm.write_text("".join(f"Epoch {i}/20 - loss: {2.0 / i:.4f}\n" for i in range(1, 21)))
    slurm_gz = _gzip(slurm)
    problems: list = []
    runs = discover(tmp_path / "runs", problems)
    assert [r.id for r in runs] == ["tb"]
    said = {Path(p.path): p.message for p in problems}
    assert set(said) == {csv_gz, slurm_gz}, problems
    assert all("gzip-compressed" in m and "gunzip" in m for m in said.values()), problems
    alone = tmp_path / "alone"
    alone.mkdir()
    writer = SummaryWriter(str(alone))
    writer.add_scalar("loss", 1.0, 0)
    writer.close()
    event = _gzip(next(alone.glob("events.out.tfevents.*")))
    _table, lines = warned(alone)  # found by its name as an event file; its reader says what it is
    assert len(lines) == 1 and lines[0].startswith(str(event)) and "gzip-compressed event file" in lines[0], lines


def test_a_glob_pattern_the_shell_did_not_expand_is_expanded_and_said(tmp_path):
    """``loganalyzer scan 'runs/*/version_0'`` (quoted, or from a CI variable): it was "no such file or directory",
    exit 2, with two Lightning ``CSVLogger`` runs right there. Now its matches are scanned, with a line saying so."""
    from pytorch_lightning.loggers import CSVLogger
    for name in ("a", "b"):
        logger = CSVLogger(str(tmp_path / "runs"), name=name)
        for i in range(20):
            logger.log_metrics({"train_loss": 2.0 / (i + 1)}, step=i)
        logger.save()
    done = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", "runs/*/version_0", "-q", "--no-cache"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path, env=_ENV)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "runs/a/version_0" in done.stdout and "runs/b/version_0" in done.stdout, done.stdout
    assert "is a pattern" in done.stderr and "2 matches" in done.stderr, done.stderr


def test_a_damaged_store_says_which_file_to_delete(tmp_path):
    """The scan's own SQLite store cut to half its size (a full disk, a killed job): ``cache clear`` -- the command
    meant to empty it -- said "cannot be used (database disk image is malformed); give another --db, or
    --no-cache", no way back named. Now the line names the file to delete and that the next scan makes a new one."""
    from torch.utils.tensorboard import SummaryWriter
    writer = SummaryWriter(str(tmp_path / "runs" / "a"))
    for i in range(30):
        writer.add_scalar("loss", 2.0 / (i + 1), i)
    writer.close()
    db = tmp_path / "store.sqlite"
    cli = [sys.executable, "-m", "loganalyzer"]
    first = subprocess.run(cli + ["scan", str(tmp_path / "runs"), "-q", "--db", str(db)], capture_output=True,
                           text=True, timeout=120, env=_ENV)
    assert first.returncode == 0 and db.stat().st_size > 8192, first.stderr[-2000:]
    with open(db, "r+b") as f:
        f.truncate(db.stat().st_size // 2)
    done = subprocess.run(cli + ["cache", "clear", "--db", str(db)], capture_output=True, text=True, timeout=120,
                          env=_ENV)
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert "malformed" in done.stderr and f"delete {db}" in done.stderr, done.stderr
