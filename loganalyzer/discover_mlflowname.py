"""MLflow file-store runs named by the run name MLflow records, not by their 32-hex run ids alone.

MLflow's FileStore keeps a run in ``mlruns/<experiment id>/<run id>/`` (``meta.yaml``, ``metrics/``, ``params/``,
``tags/``): the directory is named by the run's uuid, so a scan listed ``mlruns/0/3f2a...e1`` for every run and the
user could not tell ``baseline`` from ``lr=1e-3`` (the stop-67 task; public set 159's runs, e.g. a sign-language
store whose ``tags/mlflow.runName`` is ``LSFB-25 bidirectionnal``). The name MLflow shows is read from the run's
``meta.yaml`` ``run_name:`` (MLflow 2+) or, when that is empty or absent (MLflow 1.x writes ``name: ''``), from the
``tags/mlflow.runName`` file (the UI's and ``mlflow.start_run(run_name=...)``'s tag).

The run id becomes ``<run dir>#<run name>``: the directory's path stays its head (so ids stay unique -- two runs of
one name are two directories -- and a label or a script naming the directory still finds it, as ``path#<W&B run
name>`` names a W&B export's runs); a run with no recorded name keeps its directory alone. Only the id changes:
``Run.path`` and the files are the directory's. A name is one line, stripped; one over 200 characters or holding a
``#`` or a line break is not used (an id must stay one line and split at its last ``#``)."""
from __future__ import annotations

import re

from .runs import Run

_META_NAME = re.compile(rb"^run_name:[ \t]*(.*?)[ \t]*$", re.M)
_MAX_NAME = 200  # characters: an id is printed on one line of the report (no MLflow limit is known to us)


def _clean(raw: bytes) -> str | None:
    try:
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":  # YAML's quoted scalar
        text = text[1:-1].replace("''", "'") if text[0] == "'" else text[1:-1]
    text = text.strip()
    if not text or len(text) > _MAX_NAME or "#" in text or "\n" in text or "\r" in text:
        return None
    return text


def run_name(fs, run_dir: str) -> str | None:
    """The run name MLflow recorded for the run directory ``run_dir`` (full path): ``meta.yaml``'s ``run_name``,
    else ``tags/mlflow.runName``; None when neither holds one (or they cannot be read)."""
    try:
        meta = bytes(fs.read_head(fs.join(run_dir, "meta.yaml"), 16384))
    except OSError:
        meta = b""
    found = _META_NAME.search(meta)
    if found and (name := _clean(found.group(1))):
        return name
    try:
        tag = bytes(fs.read_head(fs.join(fs.join(run_dir, "tags"), "mlflow.runName"), 4096))
    except OSError:
        return None
    return _clean(tag)


def named(fs, runs: list[Run], mlflow_dirs, full) -> list[Run]:
    """``runs`` with each MLflow file-store run (its id one of ``mlflow_dirs``, relative run dirs; ``full`` maps one
    to its path) named ``<dir>#<run name>`` (module docstring)."""
    if not mlflow_dirs:
        return runs
    dirs = set(mlflow_dirs)
    out = []
    for run in runs:
        if run.id in dirs and "#" not in run.id and (name := run_name(fs, full(run.id))):
            run = Run(f"{run.id}#{name}", run.path, run.format, run.files)
        out.append(run)
    return out
