"""AllenNLP's serialization directory (``allennlp train -s <dir>``): one training, one run.

``GradientDescentTrainer`` writes ``metrics_epoch_<N>.json`` after every epoch and ``metrics.json`` at the end
(``readers/allennlp_epoch.py``), beside ``config.json``, ``out.log`` and the weights. Each epoch file alone is a
one-row summary, so discovery listed nothing and said nothing (a breaker's ``allennlp_serdir``, stop 45). The rule:
the ``metrics_epoch_<N>.json`` files sniffed in one directory are sources of ONE run (format ``allennlp_epoch``,
ordered by ``N``), that directory's (or the run owning its event files); its ``metrics.json`` is the run's
summary (``json_summary``: hparams ``summary/<key>``, no point).
"""
from __future__ import annotations

from .readers.allennlp_epoch import FORMAT, epoch_of

FINAL = "metrics.json"


def claim(tree) -> dict[str, list[str]]:
    """Serialization dirs in ``tree`` (``discover._Tree``) -> their epoch files (relative paths), taken out of
    ``tree.file_runs``."""
    found: dict[str, list[str]] = {}
    for rel_file, fmt, _count in tree.file_runs:
        if fmt == FORMAT:
            d, _, name = rel_file.rpartition("/")
            found.setdefault(d or ".", []).append(rel_file)
    if found:
        tree.file_runs[:] = [item for item in tree.file_runs if item[1] != FORMAT]
    return found


def add_sources(runs, found: dict[str, list[str]], owner_of, fs) -> None:
    """Each dir's epoch files (and its ``metrics.json``) as sources of its run (``discover_group._Runs``)."""
    from .discover import _child, _relative

    for d, files in found.items():
        run = owner_of(d)
        where = _relative(d, run)
        for rel_file in files:
            runs.add(run, rel_file, FORMAT, (epoch_of(rel_file.rsplit("/", 1)[-1]),), where)
        final = _child(d, FINAL)
        try:
            if fs.kind(runs.full(final)) == "file":
                runs.add(run, final, "json_summary", (), where)
        except OSError:
            continue
