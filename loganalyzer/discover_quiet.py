"""A Lightning version dir whose job died before its first log: a run that could not be read, not nothing.

Lightning's ``CSVLogger`` writes ``version_N/hparams.yaml`` when the training starts (``Trainer`` logs the
hyper-parameters, then ``logger.save()``; ``ExperimentWriter.save`` saves ``hparams.yaml`` always and ``metrics.csv``
only once a metric was logged: lightning/pytorch/loggers/csv_logs.py, lightning/fabric/loggers/csv_logs.py). A job
killed before that first flush leaves ``hparams.yaml`` and no ``metrics.csv``, or an empty one (created, never
written). Discovery by content found nothing there and the run vanished without a word, the very run a post-mortem is
about. Such a dir (named ``version_N``, holding ``hparams.yaml``, no event file, no file taken as a log) is a run whose
one source says why it gave no point: the empty ``metrics.csv`` ("empty file", as an empty event file is reported),
or for a missing one ``hparams.yaml`` read by ``readers/lightning_died.py`` ("no metrics.csv: ..."). Both are
errors of the run (``LoadedRun.errors``: ``unknown``, ``--strict`` exits 3).
"""
from __future__ import annotations

import re

VERSION_DIR = re.compile(r"^version_\d+$")
HPARAMS = "hparams.yaml"
METRICS = "metrics.csv"
DIED_FORMAT = "lightning_died"  # hparams.yaml standing for the metrics.csv never written


def quiet_version(tree, rel: str, dir_name: str, names: set, events: list) -> bool:
    """Whether the dir ``rel`` (named ``dir_name``) just walked (file ``names``) is a Lightning version dir that
    logged nothing: no event file, no metrics.csv read as Lightning's, nothing else of it taken as a log (``tree``:
    the walk so far)."""
    if events or HPARAMS not in names or not VERSION_DIR.match(dir_name):
        return False
    if tree.lightning_dirs[-1:] == [rel] or rel in tree.wandb_runs:
        return False
    for found in (tree.file_runs[-1:], [(j,) for j in tree.job_logs[-1:]]):
        if found and found[0][0].rsplit("/", 1)[0] == rel:
            return False
    return True


def add_quiet_runs(runs, quiet: list, root_of) -> None:
    """A run per quiet version dir (``quiet_version``; ``quiet``: (rel, whether it holds a metrics.csv)) that no
    other run took: its metrics.csv (empty, or not readable as Lightning's: the reader says why) or, when there is
    none, its hparams.yaml as ``DIED_FORMAT``."""
    for rel, has_metrics in quiet:
        run = root_of(rel)
        if run in runs.sources:
            continue
        where = "" if run == rel else rel[len(run) + 1:] if run != "." else rel
        if has_metrics:
            runs.add(run, f"{rel}/{METRICS}" if rel != "." else METRICS, "lightning_csv", (), where)
        else:
            runs.add(run, f"{rel}/{HPARAMS}" if rel != "." else HPARAMS, DIED_FORMAT, (), where)
