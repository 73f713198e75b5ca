"""TensorBoard "Download CSV" exports of one run's tags saved side by side: one run.

The scalar dashboard's download link names each file ``run-<run>-tag-<tag>.csv`` (``Wall time,Step,Value``; the
tag's ``/`` written ``_``, tensorboard/plugins/scalar; some save them ``run_<run>-tag-<tag>.csv``). Read file by file
they were runs of one series each; paired by split words they were worse (public seq2seq106: ``run_.-tag-train_loss``,
``run_.-tag-validation_loss`` and ``run_.-tag-validation_bleu`` became two runs, the validation loss renamed
``val_validation_loss`` and the BLEU a run of its own). Exports in one directory with the same ``<run>`` part are ONE
run named by that part, each file read by ``plain_csv`` as its tag (``readers/_tb_export``); exports of different
``<run>`` parts stay different runs, and a ``<run>`` naming a split (Keras' ``train``/``validation``) is left to
``discover_splitpair``.

W&B panel exports (``wandb_csv``: "Export panel data -> CSV" downloads ``wandb_export_<time>.csv``, one chart each)
of one run saved side by side are one run too (public bebladii112: ``phase1-reasoning - loss`` in one file,
``phase1-reasoning - grad_norm`` in another, judged apart as a loss without its grad norm and a run of no loss):
exports in one directory each holding one W&B run, the same run name in all, and no metric in two of them (two
exports of one chart are copies, left as they are) are ONE run named by the W&B run name (``join_wandb``).

Exports saved under their tag's name instead (public ersnet122 ``train/train_loss.csv`` + ``train_oa.csv``, nlplab122
``train_loss.csv``, ``train_acc.csv``, ``val_loss.csv``: each ``Wall time,Step,Value``) were runs of one series each
(the accuracy a run without a loss) or split pairs without their metrics. Exports in one directory with that very
header, at least two, one of them named as a loss, no two losses of one split (``lr0.1_loss.csv`` beside
``lr0.01_loss.csv``: two trainings) and every file's wall-clock span overlapping the loss file's (logged by one
training at one time) are ONE run, named as ``discover_splitpair`` names a pair (``<dir>/<dir>`` for ``train_loss.csv``),
each file's tag its stem (``join_named``).
"""
from __future__ import annotations

import csv
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


def _wandb_header(path: str) -> tuple[str, tuple[str, ...]] | None:
    """(the one W&B run name, its metrics) of a panel export's header line; None for several runs or no header."""
    from .readers import wandb_csv

    try:
        with open(path, "rb") as f:
            line = f.readline(1 << 16)
        names = wandb_csv.run_names(line.rstrip(b"\r\n") + b"\n", path)
    except Exception:  # OSError, UnreadableFile: the file's own run says so when it is read
        return None
    if len(names) != 1:
        return None
    cells = next(csv.reader([line.decode("utf-8", "replace").strip()]), [])
    prefix = names[0] + wandb_csv.SEP
    metrics = tuple(c[len(prefix):] for c in cells if c.startswith(prefix)
                    and not c.endswith(wandb_csv.BUCKET_SUFFIXES))
    return names[0], metrics


def join_wandb(file_runs: list, full) -> tuple[list, list[Run]]:
    """``file_runs`` (relative file, format, count) less the W&B panel exports of one run (module docstring), and
    those runs, each named ``<dir>/<W&B run name>``."""
    groups: dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]] = {}
    for rel_file, fmt, count in file_runs:
        if fmt != "wandb_csv" or count != 1:
            continue
        found = _wandb_header(full(rel_file))
        if found is not None and found[1]:
            groups.setdefault((rel_file.rpartition("/")[0], found[0]), []).append((rel_file, found[1]))
    runs, taken = [], set()
    for (d, name), files in groups.items():
        metrics = [m for _, ms in files for m in ms]
        if len(files) < 2 or len(set(metrics)) != len(metrics):
            continue
        paths = sorted(f for f, _ in files)
        run_id = f"{d}/{name}" if d else name
        runs.append(Run(run_id, full(d) if d else full("."), "wandb_csv",
                        tuple(SourceFile(full(f), "wandb_csv", "") for f in paths)))
        taken.update(paths)
    return [item for item in file_runs if item[0] not in taken], runs


_WALL_HEADER = "wall time,step,value"
_MAX_BYTES = 4 << 20  # larger exports are not opened to compare wall times (discovery stays cheap)


def _wall_span(fs, path: str) -> tuple[float, float] | None:
    """(first, last) wall time of a ``Wall time,Step,Value`` export; None for another header or an unreadable file."""
    try:
        head = bytes(fs.read_head(path, 256)).lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
        if head.strip().lower().replace(b'"', b"").decode("utf-8", "replace") != _WALL_HEADER:
            return None
        data = bytes(fs.read_head(path, _MAX_BYTES + 1))
    except OSError:
        return None
    if len(data) > _MAX_BYTES:
        return None
    lines = data.decode("utf-8", "replace").splitlines()
    times = []
    for line in lines[1:]:
        try:
            times.append(float(line.split(",", 1)[0].strip('"')))
        except ValueError:
            continue
    return (min(times), max(times)) if times else None


def join_named(fs, file_runs: list, full) -> tuple[list, list[Run]]:
    """``file_runs`` (relative file, format, count) less the tag-named exports of one run (module docstring), and
    those runs, each named by its directory."""
    from .discover_splitpair import LOSS_WORDS, split_of_name

    by_dir: dict[str, list[str]] = {}
    for rel_file, fmt, count in file_runs:
        if fmt == "csv" and count == 1 and rel_file.lower().endswith(".csv") and not _EXPORT.match(
                rel_file.rpartition("/")[2]):
            by_dir.setdefault(rel_file.rpartition("/")[0], []).append(rel_file)
    runs, taken = [], set()
    for d, rels in by_dir.items():
        if len(rels) < 2 or "://" in full(rels[0]):
            continue
        spans = {r: _wall_span(fs, full(r)) for r in rels}
        files = sorted(r for r, span in spans.items() if span is not None)
        stems = {r: r.rpartition("/")[2].rsplit(".", 1)[0] for r in files}
        losses = [r for r in files if {w.lower() for w in re.findall(r"[A-Za-z]+", stems[r])} & LOSS_WORDS]
        splits = [split_of_name(stems[r]) for r in losses]
        if len(files) < 2 or not losses or None in splits or len(set(splits)) != len(splits):
            continue
        lo, hi = spans[losses[0]]
        if any(spans[r][1] < lo or spans[r][0] > hi for r in files):
            continue  # not logged at one time: exports of different trainings
        from .discover_splitpair import _key  # named as discover_splitpair names a split pair: a label stays on it

        name = _key(losses[0].rpartition("/")[2]) or (d.rsplit("/", 1)[-1] if d else "loss")
        run_id = f"{d}/{name}" if d else name
        sources = tuple(SourceFile(full(f), "csv", "") for f in files)
        runs.append(Run(run_id, full(d) if d else full("."), "csv", sources))
        taken.update(files)
    return [item for item in file_runs if item[0] not in taken], runs
