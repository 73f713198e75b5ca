"""One training's 1-D ``.npy`` histories in one folder, named ``<key><metric><split>``: one run, not one per file.

Scripts that keep each curve in a list and ``np.save`` it once per epoch leave one file per curve beside each other:

- public vanadv201 ``log/``: ``losses-train.npy``, ``losses-test.npy``, ``acc-train.npy``, ``acc-test.npy`` (200
  float64 values each: the epoch's mean), read as four runs, the two accuracy runs with no loss;
- public musictf6248-214 ``baselineTF_300epoch/``: ``t_loss_baselineTF_300epoch.npy`` and ``v_loss_...npy`` (train
  and validation loss, 300 epochs), read as two runs (a leading ``t``/``v`` before the metric word is the split);
- public malfsl197 ``<method>_exp_<N>/``: ``N_loss.npy`` and ``N_acc.npy`` (the test episodes' mean loss and
  accuracy per epoch, 200-500 values), read as two runs, the accuracy one "not read" (no loss series).

The rule (after ``discover_npysplits``' joins): the ``keras_npy`` 1-D numeric files of a folder whose stems, less a
metric word (``keras_npy._METRIC_WORDS``: loss/losses, acc, rmse..) and split words (train, val, test..), leave the
same key (``10`` for ``10_loss``/``10_acc``; '' for ``losses-train``/``acc-test``), that hold the same number of
values, and of which at least one names a loss and at least one more file is there, are ONE run, named by its
training loss file (else the first loss file). Each file's series keeps its stem as its name. Files of another
length or key stay runs of their own (two trainings' ``1_loss.npy`` and ``2_loss.npy`` are two runs).
"""
from __future__ import annotations

import re

from .runs import Run, SourceFile

_LOSS_WORDS = frozenset({"loss", "losses"})
_ACC_WORDS = frozenset({"acc", "accs", "accuracy", "accuracies"})
# a split's first letter opening the name right before its metric word (public musictf6248-214
# ``baselineTF_300epoch/``: ``np.save(f"t_loss_{tag}.npy", ..)`` + ``v_loss_{tag}.npy``, 300 per-epoch losses each,
# were two runs, the validation judged alone as a training); only there, so a ``v`` elsewhere (a version) is no split
_LETTER_SPLITS = frozenset({"t", "v"})


def _words(stem: str) -> list[str]:
    return [w for w in re.split(r"[_\-.]+", stem.lower()) if w]


def key_of(name: str) -> tuple[str, bool] | None:
    """The key of a ``.npy`` file's name (its words less one metric word and the split words) and whether the metric
    is a loss; None when the name holds no metric word or more than one."""
    from .readers.keras_npy import _METRIC_WORDS, _SPLIT_WORDS

    words = _words(name[:-4])
    metrics = [w for w in words if w in _METRIC_WORDS | _LOSS_WORDS | _ACC_WORDS]
    if len(metrics) != 1:
        return None
    at = words.index(metrics[0])
    if at == 1 and words[0] in _LETTER_SPLITS:  # t_loss_<tag> / v_loss_<tag>: the split's first letter
        words = words[1:]
    rest = [w for w in words if w not in metrics and w not in _SPLIT_WORDS]
    return "_".join(rest), metrics[0] in _LOSS_WORDS


def join(fs, file_runs: list, full) -> tuple[list, list[Run]]:
    """``file_runs`` (relative file, format, count) less the ``keras_npy`` files that make one run (module
    docstring), and those runs."""
    from .discover_npysplits import _length
    from .discover_splitpair import split_of_name

    groups: dict[tuple[str, str, int], list[tuple[str, bool]]] = {}
    for rel_file, fmt, _count in file_runs:
        d, _, name = rel_file.rpartition("/")
        if fmt != "keras_npy" or not name.lower().endswith(".npy"):
            continue
        found = key_of(name)
        n = _length(fs, full(rel_file)) if found else None
        if found is None or not n:
            continue
        groups.setdefault((d, found[0], n), []).append((rel_file, found[1]))
    runs, taken = [], set()
    for (d, _key, _n), members in groups.items():
        losses = sorted(f for f, is_loss in members if is_loss)
        if len(members) < 2 or not losses:
            continue
        trains = [f for f in losses if split_of_name(f.rpartition("/")[2]) == "train"]
        first = (trains or losses)[0]
        ordered = [first, *sorted(f for f, _ in members if f != first)]
        runs.append(Run(first, full(d) if d else full("."), "keras_npy",
                        tuple(SourceFile(full(f), "keras_npy", "") for f in ordered)))
        taken.update(ordered)
    return [item for item in file_runs if item[0] not in taken], runs
