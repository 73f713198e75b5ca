"""DVCLive's run directory (``Live(dir="dvclive")``): one training, one run, whatever number of metric files.

DVCLive writes one TSV per metric (``readers/dvclive.py``): ``<dir>/plots/metrics/<name>.tsv`` (2/3; the summary
``<dir>/metrics.json``) or ``<dir>/scalars/<name>.tsv`` (0.x/1.x; the summary ``<dir>.json`` beside it). Read file by
file that made one run per metric: ``eval/loss`` judged alone as a training loss, ``epoch.tsv`` a run of its own.

The rule: a ``.tsv`` sniffed as a CSV at ``<dir>/plots/metrics/**`` or ``<dir>/scalars/**`` whose first line is
DVCLive's header (``step<TAB>name`` or ``timestamp<TAB>step<TAB>name``) belongs to the run ``<dir>`` (format
``dvclive``, ``dir`` '' -- the tag carries the split: ``train/loss``, ``eval/loss``).
"""
from __future__ import annotations

from .readers.dvclive import METRIC_DIRS, header_ok


def _dvclive_dir(rel_file: str) -> str | None:
    """The DVCLive dir of a TSV at ``rel_file`` ('.' for the scanned root), None when the path is not DVCLive's."""
    if not rel_file.lower().endswith(".tsv"):
        return None
    candidates = []
    for d in METRIC_DIRS:
        if rel_file.startswith(d):
            candidates.append((0, "."))
        if (at := rel_file.rfind("/" + d)) >= 0:
            candidates.append((at + 1, rel_file[:at]))
    return max(candidates)[1] if candidates else None


def claim(fs, tree, full) -> dict[str, list[str]]:
    """DVCLive dirs in ``tree`` (``discover._Tree``) -> their metric TSVs (relative paths, in name order), taken out
    of ``tree.file_runs``; ``full(rel)`` gives a file's path for reading its first line."""
    found: dict[str, list[str]] = {}
    for rel_file, fmt, count in tree.file_runs:
        if fmt != "csv" or count != 1 or (d := _dvclive_dir(rel_file)) is None:
            continue
        try:
            head = fs.read_head(full(rel_file), 512)
        except OSError:
            continue  # reported when it is read as a CSV
        if header_ok(bytes(head).split(b"\n", 1)[0].decode("utf-8", errors="replace")):
            found.setdefault(d, []).append(rel_file)
    taken = {rel for files in found.values() for rel in files}
    if taken:
        tree.file_runs[:] = [item for item in tree.file_runs if item[0] not in taken]
    return found


def summary_of(fs, d: str, files: list[str], full) -> str | None:
    """The DVCLive summary of dir ``d`` (relative path): ``<d>/metrics.json`` beside ``plots/``, ``<d>.json`` beside
    ``<d>`` with ``scalars/``; None when it is not there."""
    old = any(f.startswith("scalars/") or "/scalars/" in f[len(d):] for f in files)
    if old:
        rel = None if d == "." else d + ".json"
    else:
        rel = "metrics.json" if d == "." else f"{d}/metrics.json"
    try:
        return rel if rel is not None and fs.kind(full(rel)) == "file" else None
    except OSError:
        return None


def add_sources(runs, found: dict, owner_of, fs=None) -> None:
    """Add each DVCLive dir's TSVs (and its summary JSON, with ``fs``) to its run (``discover_group._Runs``);
    ``owner_of(d)``: the run of dir ``d``."""
    from .discover import _relative

    for d, files in found.items():
        run = owner_of(d)
        for rel_file in sorted(files):
            runs.add(run, rel_file, "dvclive", (rel_file,), _relative(d, run))
        if fs is not None and (summary := summary_of(fs, d, files, runs.full)) is not None:
            runs.add(run, summary, "dvclive_summary", (), _relative(d, run))
