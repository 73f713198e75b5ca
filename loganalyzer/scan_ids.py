"""Run ids and identities for ``scan`` (the rules are in ``loganalyzer.scan``'s docstring): the reported id of a
run found under a scanned path, the key that tells the same run met through two paths, a suffix for clashes."""
from __future__ import annotations

import os
from pathlib import Path

from .fs import is_url, url_display_id
from .runs import Run


def _run_key(run: Run, real_dirs: dict | None = None) -> tuple:
    # The same run reached through two scanned paths has the same real path; appended Keras runs share a file
    # and differ by segment. Split-named file pairs of one directory (``discover_splitpair``: ``ResNet_TrainLoss.csv``
    # + ``ResNet_ValLoss.csv`` beside ``VGG_TrainLoss.csv`` + ``VGG_ValLoss.csv``) share the directory as their path
    # and differ by their files' names: keyed by the directory alone, the second model's run was dropped as met.
    names = tuple(os.path.basename(f.path) for f in run.files) if run.format == "split_csv" else ()
    path = run.path if is_url(run.path) else _realpath(run.path, real_dirs)
    return (path, tuple(f.segment for f in run.files)) + ((names,) if names else ())


def _realpath(path: str, real_dirs: dict | None) -> str:
    """``os.path.realpath(path)``, the real path of its directory looked up once per directory in ``real_dirs``:
    for a last component that is a plain name and no symlink, realpath resolves the directory and appends it."""
    if real_dirs is None:
        return os.path.realpath(path)
    head, tail = os.path.split(path)
    if not head or tail in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    real = real_dirs.get(head)
    if real is None:
        real = real_dirs[head] = os.path.realpath(head)
    return os.path.join(real, tail)


def _display_id(scanned_path: str | os.PathLike[str], run_id: str, prefix: bool, _root: tuple | None = None) -> str:
    """The reported id of a run found under ``scanned_path`` (see the module docstring)."""
    if is_url(os.fspath(scanned_path)):  # s3://bucket/prefix: named as given, trailing '/' dropped
        return url_display_id(os.fspath(scanned_path), run_id, prefix)
    root, is_file = _root or _display_root(scanned_path)
    if is_file:  # a single-file run: discover names it by the file name (+ '#N' suffixes)
        name = Path(scanned_path).name
        if run_id == ".":  # one file of a directory format (an event file, trainer_state.json): named by the file
            return root
        return root + run_id[len(name):] if run_id.startswith(name) else f"{root}/{run_id}"
    if run_id == ".":
        return root
    if run_id.startswith(".#"):  # a named run dir scanned itself (MLflow, W&B: ``<dir>#<run name>``): ``<path>#<name>``
        return root + run_id[1:]
    return f"{root.rstrip('/')}/{run_id}" if prefix else run_id


def _display_root(scanned_path: str | os.PathLike[str]) -> tuple[str, bool]:
    """(how run ids under a local ``scanned_path`` start, whether it is a file): once per scanned path."""
    root = Path(scanned_path).as_posix()  # drops a trailing '/' and a leading './'
    if root == "." or root == ".." or root.endswith("/.."):
        root = Path(scanned_path).resolve().name or Path(scanned_path).resolve().as_posix()
    return root, os.path.isfile(scanned_path)


def add_found(found: list, path, runs, seen_runs: set, seen_ids: set, real_dirs: dict, prefix: bool) -> None:
    """Append ``(run id, run)`` for each of ``runs`` (discovered under ``path``, in discovery order) to ``found``:
    a run met already (``_run_key``) is left out, a clashing id gets a suffix (``_unique``)."""
    display_root = None if is_url(os.fspath(path)) or not runs else _display_root(path)
    for run in runs:
        key = _run_key(run, real_dirs)
        if key in seen_runs:
            continue
        seen_runs.add(key)
        found.append((_unique(_display_id(path, run.id, prefix, display_root), seen_ids), run))


def _unique(run_id: str, seen: set[str]) -> str:
    # Different runs get the same prefixed id only in odd cases (a symlinked directory met under two names); a
    # suffix keeps ids unique, and the 'path' field tells the two apart.
    candidate, n = run_id, 1
    while candidate in seen:
        n += 1
        candidate = f"{run_id} ({n})"
    seen.add(candidate)
    return candidate
