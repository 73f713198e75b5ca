"""One training's per-epoch metrics saved as 1-D ``.npy`` files beside its loss array, named ``<metric>_<split>``.

A DGL graph-regression trainer (public hgfpqm9167, a hetero-graph QM9 repository: ``np.save(f"{out}/loss.npy",
losses)`` once a batch, then ``np.save(f"{out}/rmse_tr.npy", ...)``, ``rmse_vl.npy``, ``r2_tr.npy``, ``r2_vl.npy``
once an epoch, 200 values each) saves the training loss and the epochs' train/validation scores into one folder.
Only ``loss.npy`` was named like a series (``keras_npy``), so the validation scores -- the only held-out curve of the
run -- were never read. The rule: a 1-D ``.npy`` run named as one loss series (``loss.npy``, ``train_loss.npy``) and,
beside it, 1-D numeric ``.npy`` files whose names are a metric word and a split word (either order:
``rmse_vl``, ``val_acc``, ``r2_tr``; ``keras_npy.split_metric_name``) are ONE run, named by the loss file; each
file's series keeps its file's stem as its name (``rmse_vl``). Files of other lengths keep their own index as step
(``curves`` places a split of a few points at the epoch ends it estimates, saying so).

A per-sample result saved beside them is no curve: ``mae_test.npy`` holding the 10,000 test examples' errors beside
``loss.npy``/``val_loss.npy`` of 50 epochs (a breaker's shape, stop 61) was joined as a 10,000-point series. A
sibling named for the test split whose length matches no other array of the run and is over 4x the longest of them
is left out, with one line naming it (``problems``), and makes no run of its own.
"""
from __future__ import annotations

import re

from .runs import Problem, Run, SourceFile

# (the split after the loss word too: public indiapov203 ``np.save("losses_train.npy", ..)`` beside ``losses_val.npy``,
# 100 epochs each, were two runs, the validation judged alone as a training)
_LOSS_STEM = re.compile(r"(?i)^(?:(?:train|training|trn|tr)[_-]?)?loss(?:es)?(?:[_-](?:train|training|trn|tr))?$")


_TEST_SPLIT = frozenset({"te", "tst", "test"})


def _length(fs, path: str) -> int | None:
    """The length of a 1-D ``.npy`` array from its header, or None."""
    from .readers import keras_npy

    try:
        found = keras_npy.header(bytes(fs.read_head(path, 4096)))
    except OSError:
        return None
    shape = found[0].get("shape") if found else None
    return shape[0] if isinstance(shape, tuple) and len(shape) == 1 and isinstance(shape[0], int) else None


def _per_sample(fs, full, rel_file: str, siblings: list, problems: list | None) -> list:
    """``siblings`` less the per-sample results (module docstring), each said in ``problems``."""
    lengths = {rel: _length(fs, full(rel)) for rel in [rel_file, *siblings]}
    out = []
    for rel in siblings:
        words = set(re.split(r"[_\-.]+", rel.rsplit("/", 1)[-1][:-4].lower()))
        others = [n for r, n in lengths.items() if r != rel and n]
        n = lengths[rel]
        if n and others and words & _TEST_SPLIT and n not in others and n > 4 * max(others):
            if problems is not None:
                problems.append(Problem(full(rel), f"{n} values beside {rel_file.rsplit('/', 1)[-1]}'s {lengths[rel_file]}"
                                                   ": a per-sample result of the test split (its length matches no "
                                                   "series of the run), not a training curve; not read"))
            continue
        out.append(rel)
    return out


def join_stepped(fs, file_runs: list, full) -> tuple[list, list[Run]]:
    """``file_runs`` less the 1-D ``.npy`` series saved beside a steps file of their prefix and length
    (``loss_steps.npy`` + ``loss_train_sum.npy`` + ``loss_test_sum.npy``: ``readers/_npy_steps``), and those runs:
    one run per steps file, named by its training file (a train word) or its first series; the steps file is the
    series' axis (``keras_npy`` reads it beside each), no series and no run of its own."""
    from .discover_splitpair import split_of_name
    from .readers._npy_steps import step_prefix

    by_dir: dict[str, list[str]] = {}
    for rel_file, fmt, _count in file_runs:
        if fmt == "keras_npy" and rel_file.lower().endswith(".npy"):
            by_dir.setdefault(rel_file.rpartition("/")[0], []).append(rel_file)
    runs, taken = [], set()
    for d, rels in by_dir.items():
        try:
            names = sorted(e.name for e in fs.list_dir(full(d) if d else full(".")) if e.is_file)
        except OSError:
            continue
        for steps_name in names:
            prefix = step_prefix(steps_name[:-4]) if steps_name.lower().endswith(".npy") else None
            if prefix is None:
                continue
            n = _length(fs, full(f"{d}/{steps_name}" if d else steps_name))
            members = [r for r in rels if r not in taken and step_prefix(r.rpartition("/")[2][:-4]) is None
                       and r.rpartition("/")[2].startswith(f"{prefix}_" if prefix else "") and n
                       and _length(fs, full(r)) == n]
            if not members:
                continue
            trains = [r for r in members if split_of_name(r.rpartition("/")[2]) == "train"]
            first = (trains or members)[0]
            ordered = [first, *(r for r in members if r != first)]
            sources = tuple(SourceFile(full(f), "keras_npy", "") for f in ordered)
            runs.append(Run(first, full(d) if d else full("."), "keras_npy", sources))
            taken.update(members)
            taken.add(f"{d}/{steps_name}" if d else steps_name)
    return [item for item in file_runs if item[0] not in taken], runs


def join_torch_lists(file_runs: list, full) -> tuple[list, list[Run]]:
    """``file_runs`` less the ``torch_list`` files (``readers/torch_list``) of folders holding two or more, and those
    runs: one per folder (public floodpinn190 ``ODE/``: ``loss_history.pt`` + ``pde_residual_history.pt`` +
    ``l2_error_history.pt``, each a list of 5000 per-epoch floats), named by its file naming a loss (else the first),
    each file's series named by its stem."""
    by_dir: dict[str, list[str]] = {}
    for rel_file, fmt, _count in file_runs:
        if fmt == "torch_list":
            by_dir.setdefault(rel_file.rpartition("/")[0], []).append(rel_file)
    runs, taken = [], set()
    for d, rels in by_dir.items():
        if len(rels) < 2:
            continue
        rels = sorted(rels)
        losses = [r for r in rels if "loss" in r.rpartition("/")[2].lower()]
        first = min(losses or rels, key=len)
        ordered = [first, *(r for r in rels if r != first)]
        runs.append(Run(first, full(d) if d else full("."), "torch_list",
                        tuple(SourceFile(full(f), "torch_list", "") for f in ordered)))
        taken.update(rels)
    return [item for item in file_runs if item[0] not in taken], runs


def join(fs, file_runs: list, full, problems: list | None = None) -> tuple[list, list[Run]]:
    """``file_runs`` (relative file, format, count) less the loss ``.npy`` files joined with their split-named
    metric siblings (a per-sample test result left out, said in ``problems``), and those runs."""
    from .readers import keras_npy

    runs, taken = [], set()
    for rel_file, fmt, _count in file_runs:
        d, _, name = rel_file.rpartition("/")
        if fmt != "keras_npy" or not name.lower().endswith(".npy") or not _LOSS_STEM.match(name[:-4]):
            continue
        try:
            entries = sorted(e.name for e in fs.list_dir(full(d) if d else full(".")) if e.is_file)
        except OSError:
            continue
        siblings = []
        for other in entries:
            if other == name or not keras_npy.split_metric_name(other):
                continue
            rel = f"{d}/{other}" if d else other
            try:
                head = bytes(fs.read_head(full(rel), 4096))
            except OSError:
                continue
            if keras_npy.why_not(other, head) is None:
                siblings.append(rel)
        kept = _per_sample(fs, full, rel_file, siblings, problems)
        taken.update(siblings)
        if not kept:
            continue
        siblings = kept
        sources = tuple(SourceFile(full(f), "keras_npy", "") for f in [rel_file, *siblings])
        runs.append(Run(rel_file, full(d) if d else full("."), "keras_npy", sources))
        taken.update([rel_file, *siblings])
    return [item for item in file_runs if item[0] not in taken], runs
