"""A Hydra job's output directory: its logs are ONE run.

Hydra runs each job (``python train.py`` -> ``outputs/<date>/<time>/``, ``-m`` sweeps ->
``multirun/<date>/<time>/<job number>/``) in a directory it marks with ``.hydra/`` (``config.yaml``, ``hydra.yaml``,
``overrides.yaml``; hydra/core/utils.py ``run_job``), where its job logging writes ``<job name>.log`` and the
script its own files (``pd.DataFrame(history).to_csv("metrics.csv")``). Read file by file, one job was two runs with
the same curves (a breaker's ``hydra_multirun``, stop 45: ``0/metrics.csv`` and ``0/train.log``; the log's values
rounded, so no "same history" line either) and a sweep summary counted each job twice. The rule: in a directory
holding ``.hydra/``, a job log and one file run (of one run), that file is a source of the run ``<job dir>``; the
job log then joins it as Sacred's ``cout.txt`` joins its run (the curves taken from the job's other files, the
log's own points not used, as ``load`` says).
"""
from __future__ import annotations

MARK = ".hydra"


def claim(fs, tree, full) -> set[str]:
    """The one-run files (relative paths) of ``tree.file_runs`` alone in Hydra job dirs holding a job log (module
    docstring); ``full(rel)``: a path of the tree."""
    from .discover import _parent

    logs = {_parent(rel) for rel in tree.job_logs}
    files: dict[str, list[str]] = {}
    for rel_file, _fmt, count in tree.file_runs:
        files.setdefault(_parent(rel_file), []).append(rel_file if count == 1 else "")
    out: set[str] = set()
    for d, rels in files.items():
        if d not in logs or len(rels) != 1 or rels[0] == "":  # several files: which is the job's is not known
            continue
        try:
            if fs.kind(fs.join(full(d), MARK)) != "dir":
                continue
        except OSError:
            continue
        out.update(rels)
    return out
