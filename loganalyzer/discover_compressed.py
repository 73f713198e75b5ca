"""Compressed logs (``metrics.csv.gz``, ``slurm-123.out.gz``, ``events.out.tfevents.*.gz``, ``run.tar.gz``): one
line each, never silence.

The fault (stop-70 break test, docs/breaker70.md; no public run showed it yet): a user who gzips finished logs to save
space (``gzip slurm-*.out``, logrotate's ``.gz`` rotations, a cluster's archive step) and scans the tree saw the other
runs and "0 warnings · 0 errors": a folder holding only ``metrics.csv.gz`` was no run and no line, and
``slurm-123.out.gz`` beside a run's event file was never named. Discovery takes logs by their names and first
bytes, and readers read plain bytes: a compressed file is read by none. So each file of the walk whose name ends in
a compression suffix (``SUFFIXES``) gets one ``Problem`` naming it, the compression, and what to do (decompress it:
the command), unless a reader took it or a line named it already. Names only: no file is opened. Local and remote
walks alike (the walk's listings); a scan of one such file gets its own line from ``discover_file``.
"""
from __future__ import annotations

import os

from .runs import Problem

# suffix -> (what it is, the command that undoes it)
SUFFIXES = {
    ".tar.gz": ("a gzip-compressed tar archive", "tar -xzf"), ".tgz": ("a gzip-compressed tar archive", "tar -xzf"),
    ".tar.bz2": ("a bzip2-compressed tar archive", "tar -xjf"), ".tar.xz": ("an xz-compressed tar archive", "tar -xJf"),
    ".tar": ("a tar archive", "tar -xf"), ".zip": ("a zip archive", "unzip"),
    ".gz": ("gzip-compressed", "gunzip"), ".bz2": ("bzip2-compressed", "bunzip2"), ".xz": ("xz-compressed", "unxz"),
    ".zst": ("zstd-compressed", "unzstd"), ".lz4": ("lz4-compressed", "unlz4"),
}
# what the name under the compression suffix must look like to be a log (a dataset's ``train.tar.gz`` is none of
# ours, but ``logs.tar.gz`` / ``run_3.tgz`` may be: archives are named when their name says log or run)
_LOG_ENDINGS = (".csv", ".tsv", ".log", ".txt", ".json", ".jsonl", ".out", ".err", ".yaml")
_ARCHIVE_WORDS = ("log", "run", "tensorboard", "tfevents", "lightning", "wandb", "mlruns", "metrics")


def compressed_note(name: str) -> str | None:
    """The line for a file named ``name`` (no folder) when it is a compressed log or a log archive, else None."""
    low = name.lower()
    for suffix, (what, undo) in SUFFIXES.items():
        if not low.endswith(suffix):
            continue
        inner = low[: -len(suffix)]
        if what.startswith(("a ", "an ")):  # an archive: named when its name says it holds logs or runs
            if not any(word in inner for word in _ARCHIVE_WORDS):
                return None
            return f"{what} (by its name): not read -- the scan reads no archive; unpack it ({undo}) and scan the folder"
        if not (inner.endswith(_LOG_ENDINGS) or "tfevents" in inner or inner.startswith("slurm-")):
            return None
        return (f"a {what} log (by its name): not read -- the scan reads uncompressed files only; decompress it "
                f"({undo} -k '{name}') and scan again")
    return None


def compressed_logs(runs: list, problems: list, listings: dict | None) -> None:
    """Append a ``Problem`` to ``problems`` for each compressed log of the walk's ``listings`` (full folder path ->
    entries with ``name``/``is_file``) that no run reads and no problem names."""
    if not listings:
        return
    norm = os.path.normpath
    taken = {norm(f.path) for run in runs for f in run.files}
    said = {norm(p.path) for p in problems}
    for folder, entries in sorted(listings.items()):
        for entry in entries:
            if not getattr(entry, "is_file", False) or entry.name.startswith("."):
                continue
            note = compressed_note(entry.name)
            if note is None:
                continue
            full = norm(os.path.join(folder, entry.name))
            if full not in taken and full not in said:
                problems.append(Problem(full, note))
