"""The store keys a local file on (size, ctime, inode) (``filestate.stat_key``), so a rescan notices what a
``chmod`` or a content swap under an old mtime did to a file, and prints what ``--no-cache`` prints (issue 12,
stop-28 breaker #4: after ``chmod 000`` on a run's files the store kept serving the old verdicts with no error,
while ``--no-cache`` reported "permission denied" and ``--strict`` exited 3).

The logs come from real writers fed by a tiny real torch loop: torch's ``SummaryWriter`` (event file),
pytorch_lightning's ``CSVLogger`` (``metrics.csv``), and transformers' ``PrinterCallback.on_log`` shape
(huggingface/transformers, src/transformers/trainer_callback.py: ``print(logs)`` of the log dict) in a
``slurm-<id>.out``.

Root reads mode-000 files: the permission test runs the scans through ``setpriv`` without the DAC capabilities
(as the breaker did) and is skipped where that cannot be done; the content-swap test needs no permissions.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from loganalyzer.scan import scan

torch = pytest.importorskip("torch")
SummaryWriter = pytest.importorskip("torch.utils.tensorboard").SummaryWriter
CSVLogger = pytest.importorskip("pytorch_lightning.loggers").CSVLogger
ROOT = Path(__file__).resolve().parents[1]
NO_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def _losses(seed: int, steps: int, lr: float) -> list[tuple[float, float]]:
    """(train loss, val loss) per step of a tiny linear classifier trained full-batch (real torch SGD)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(64, 6, generator=g)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).long()
    model = torch.nn.Linear(6, 2)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    out = []
    for _ in range(steps):
        loss = torch.nn.functional.cross_entropy(model(x[:48]), y[:48])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = torch.nn.functional.cross_entropy(model(x[48:]), y[48:]).item()
        out.append((loss.item(), val))
    return out


def _tree(root: Path) -> dict[str, Path]:
    """Three runs: an event file, a Lightning metrics.csv, an HF-dict job log. -> their files by kind."""
    hist = _losses(0, 60, 0.5)
    writer = SummaryWriter(str(root / "tb"))
    for step, (loss, val) in enumerate(hist):
        writer.add_scalar("train/loss", loss, step)
        if step % 10 == 9:
            writer.add_scalar("val/loss", val, step)
    writer.close()
    logger = CSVLogger(str(root / "pl"), name="lightning_logs", version=0)
    for step, (loss, val) in enumerate(_losses(1, 60, 0.5)):
        logger.log_metrics({"train_loss": loss}, step=step)
        if step % 10 == 9:
            logger.log_metrics({"val_loss": val}, step=step)
    logger.save()
    logger.finalize("success")
    job = root / "job" / "slurm-7.out"
    job.parent.mkdir(parents=True)
    with open(job, "w") as f:
        for step, (loss, _) in enumerate(_losses(2, 60, 0.5)):
            if step % 5 == 4:  # Trainer.log -> PrinterCallback: print(logs) every logging_steps=5
                f.write(str({"loss": round(loss, 4), "learning_rate": 5e-05, "epoch": round((step + 1) / 60, 2)})
                        + "\n")
    return {"tb": next((root / "tb").glob("events.out.tfevents.*")),
            "pl": root / "pl" / "lightning_logs" / "version_0" / "metrics.csv", "job": job}


def _doc(root: Path, **kw) -> dict:
    return scan([str(root)], **kw).to_dict()


def test_content_swapped_under_the_old_mtime_is_read_again(tmp_path):
    """Same size, same mtime and inode (``os.utime`` puts the old mtime back): only the ctime tells. Before, the
    store served the old points; now the rescan equals a scan without the store, and shows the new values."""
    files = _tree(tmp_path / "logs")
    db = str(tmp_path / "s.sqlite")
    first = _doc(tmp_path / "logs", store=db)
    assert first == _doc(tmp_path / "logs") and len(first["runs"]) == 3 and first["errors"] == []
    for kind in ("pl", "job"):
        path = files[kind]
        st = os.stat(path)
        text = path.read_bytes()
        swapped = text.replace(b"0.", b"9.")  # every loss 9.x: same length, same line count
        assert len(swapped) == len(text) and swapped != text
        path.write_bytes(swapped)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert (os.stat(path).st_size, os.stat(path).st_mtime_ns, os.stat(path).st_ino) == (
            st.st_size, st.st_mtime_ns, st.st_ino)
    again = _doc(tmp_path / "logs", store=db)
    assert again == _doc(tmp_path / "logs")
    before = {r["run"]: r["summary"] for r in first["runs"]}
    after = {r["run"]: r["summary"] for r in again["runs"]}
    assert before["tb"] == after["tb"]
    changed = [run for run in after if after[run] != before[run]]
    assert sorted(changed) == ["job/slurm-7.out", "pl/lightning_logs/version_0/metrics.csv"], (before, after)


def _without_dac(probe: Path) -> bool:
    """Whether this process can run a command that a mode-000 file stops (non-root, or root through setpriv)."""
    if os.geteuid() != 0:
        return True
    if shutil.which("setpriv") is None:
        return False
    result = subprocess.run(NO_DAC + [sys.executable, "-c", f"open({str(probe)!r}).read()"], capture_output=True,
                            text=True)
    return result.returncode != 0 and "PermissionError" in result.stderr


def _skip_unless_unreadable(tmp_path: Path) -> None:
    """Skip where even a mode-000 file stays readable (root without a way to drop its read-override rights)."""
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0)
    if not _without_dac(probe):
        pytest.skip("cannot drop root's right to read mode-000 files here (setpriv missing or not permitted)")


def _cli(*args: str) -> tuple[int, dict | None, str]:
    cmd = [sys.executable, "-m", "loganalyzer", "scan", *args]
    if os.geteuid() == 0:
        cmd = NO_DAC + cmd
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "LOGANALYZER_DB": "off", "COLUMNS": "1000"})
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, (json.loads(result.stdout) if "json" in args else None), result.stdout + result.stderr


def test_files_made_unreadable_after_a_scan_are_reported_by_the_rescan(tmp_path):
    """``chmod 000`` on three runs' files after a scan with the store: the rescan gives the rows and the
    "permission denied" lines ``--no-cache`` gives, and ``--strict`` exits 3 both ways; readable again, both agree
    once more (no error left behind)."""
    files = _tree(tmp_path / "logs")
    _skip_unless_unreadable(tmp_path)
    writer = SummaryWriter(str(tmp_path / "logs" / "tb_ok"))  # a run that stays readable (else: exit 2, no run)
    for step, (loss, _) in enumerate(_losses(3, 40, 0.5)):
        writer.add_scalar("train/loss", loss, step)
    writer.close()
    logs, db = str(tmp_path / "logs"), str(tmp_path / "s.sqlite")
    rc, stored, _ = _cli(logs, "--db", db, "--format", "json")
    assert rc == 0 and len(stored["runs"]) == 4 and stored["errors"] == []
    for path in files.values():
        path.chmod(0)
    try:
        rc, stored, _ = _cli(logs, "--db", db, "--format", "json")
        rc_fresh, fresh, _ = _cli(logs, "--no-cache", "--format", "json")
        assert stored == fresh
        assert sorted((e["path"], e["message"]) for e in stored["errors"]) == sorted(
            (str(p), "permission denied") for p in files.values())
        verdicts = {r["run"]: r["verdict"] for r in stored["runs"]}
        assert verdicts.pop("tb_ok") != "unknown"
        # the unreadable metrics.csv's run keeps the id it had when readable (ux69 F6)
        assert verdicts == {"tb": "unknown", "pl/lightning_logs/version_0": "unknown",
                            "job/slurm-7.out": "unknown"}
        for how in (["--db", db], ["--no-cache"]):
            rc, _, err = _cli(logs, *how, "--strict", "--quiet")
            assert rc == 3 and "--strict: 3 files could not be read" in err, err
    finally:
        for path in files.values():
            path.chmod(0o644)
    rc, stored, _ = _cli(logs, "--db", db, "--format", "json")
    assert stored == _cli(logs, "--no-cache", "--format", "json")[1]
    assert stored["errors"] == [] and len(stored["runs"]) == 4


def test_an_os_error_is_worded_one_way(tmp_path):
    """``runs.os_reason``: the system's text with its first letter lowered, as "permission denied" is written
    (a real IsADirectoryError: a folder opened as a file)."""
    from loganalyzer.runs import os_reason

    with pytest.raises(OSError) as caught:
        open(tmp_path)
    assert os_reason(caught.value) == "is a directory"


def test_unreadable_files_are_worded_one_way_in_the_error_list(tmp_path):
    """Stop-28 breaker #6: one error list said "Permission denied; not checked for logs" (Python's strerror, from
    the job-log/notebook/Markdown sniffs) beside "permission denied; not checked for logs" (discovery's own words).
    Unreadable here: a printed HF-dict job log, a notebook, a Markdown training log; one readable event file. The
    error list, with and without the store, says "permission denied" the one way."""
    files = _tree(tmp_path / "logs")
    _skip_unless_unreadable(tmp_path)
    notebook = tmp_path / "logs" / "nb" / "train.ipynb"
    notebook.parent.mkdir()
    notebook.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    markdown = tmp_path / "logs" / "md" / "train_log.md"
    markdown.parent.mkdir()
    markdown.write_text("# run 3\n\n" + "".join(f"epoch {e} loss {1 / (e + 1):.4f}\n" for e in range(20)))
    unreadable = [files["job"], files["pl"], notebook, markdown]
    for path in unreadable:
        path.chmod(0)
    try:
        logs, db = str(tmp_path / "logs"), str(tmp_path / "s.sqlite")
        outputs = [_cli(logs, *how)[1:] for how in (["--no-cache"], ["--db", db], ["--db", db])]
        docs = [_cli(logs, *how, "--format", "json")[1] for how in (["--no-cache"], ["--db", db])]
    finally:
        for path in unreadable:
            path.chmod(0o644)
    for _, text in outputs:
        assert f"{notebook}: permission denied; not checked for logs" in text and "Permission denied" not in text
    assert docs[0] == docs[1]
    messages = {(e["path"], e["message"]) for e in docs[0]["errors"]}
    assert (str(notebook), "permission denied; not checked for logs") in messages
    assert (str(markdown), "permission denied; not checked for logs") in messages
    assert {p for p, _ in messages} == {str(p) for p in unreadable}
    assert all(m.startswith("permission denied") for _, m in messages), messages
