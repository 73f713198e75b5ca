"""TensorBoard "Download CSV" exports of one run's tags saved side by side: one run.

The scalar dashboard's download link names each file ``run-<run>-tag-<tag>.csv`` (``Wall time,Step,Value``; the
tag's ``/`` written ``_``, tensorboard/plugins/scalar; some save them ``run_<run>-tag-<tag>.csv``). Read file by file
they were runs of one series each; paired by split words they were worse (public seq2seq106: ``run_.-tag-train_loss``,
``run_.-tag-validation_loss`` and ``run_.-tag-validation_bleu`` became two runs, the validation loss renamed
``val_validation_loss`` and the BLEU a run of its own). Exports in one directory with the same ``<run>`` part are ONE
run named by that part, each file read by ``plain_csv`` as its tag (``readers/_tb_export``); exports of different
``<run>`` parts stay different runs, and a ``<run>`` naming a split (Keras' ``train``/``validation``) is left to
``discover_splitpair``.
"""
from __future__ import annotations

import re

from .runs import Run, SourceFile

_EXPORT = re.compile(r"^(run[-_].*?)-tag-(.+)\.csv$", re.IGNORECASE)


def _names_split(run: str) -> bool:
    """A run part naming a split (Keras' ``run-train-tag-epoch_loss.csv`` beside ``run-validation-tag-epoch_loss.csv``):
    those are one run's splits, paired by ``discover_splitpair`` (a breaker's Keras exports were two runs here, the
    overfitting lost)."""
    from .discover_splitpair import TEST_WORDS, TRAIN_WORDS, VAL_WORDS

    words = {w.lower() for w in re.findall(r"[A-Za-z]+", run)}
    return bool(words & (TRAIN_WORDS | VAL_WORDS | TEST_WORDS))


def join(file_runs: list, full) -> tuple[list, list[Run]]:
    """``file_runs`` (relative file, format, count) less the export files that make one run, and those runs."""
    groups: dict[tuple[str, str], list[str]] = {}
    for rel_file, fmt, count in file_runs:
        d, _, name = rel_file.rpartition("/")
        m = _EXPORT.match(name)
        if fmt == "csv" and count == 1 and m is not None and not _names_split(m.group(1)):
            groups.setdefault((d, m.group(1)), []).append(rel_file)
    runs, taken = [], set()
    for (d, prefix), files in groups.items():
        if len(files) < 2:
            continue
        files = sorted(files)
        run_id = f"{d}/{prefix}" if d else prefix
        runs.append(Run(run_id, full(d) if d else full("."), "csv",
                        tuple(SourceFile(full(f), "csv", "") for f in files)))
        taken.update(files)
    return [item for item in file_runs if item[0] not in taken], runs
