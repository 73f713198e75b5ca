"""One training's log saved as one CSV per epoch, numbered: one run (``discover_group._group``).

A loop that ends each epoch with ``pd.DataFrame(batch_losses).to_csv(f"losses/losses{epoch}.csv")`` (public
facercnn122: ``losses0.csv`` .. ``losses9.csv``, each ``,Batch,Loss,RPN Classification Loss,...`` with ``Batch``
0..600) leaves one training in N files. Read file by file they were N runs, each epoch judged as a training of its
own.

The rule: plain CSV logs (one run each) in one directory named ``<stem><N>.csv`` with the same stem, the numbers
consecutive from 0 or 1 (at least three files), the very same header line in all naming a batch (iteration)
column and no epoch or validation column (each file one epoch's batches, not a whole training: ``_batch_rows``) or a
``step`` column going on from file to file (``_steps_go_on``), and a stem naming
no other axis of repetition (seed, fold, run, trial, experiment, version, worker...: those are different trainings) are ONE run, the
files in number order (format ``epoch_csv``, read by ``plain_csv``; the run's format ``csv_epochs``). Each file's
steps go on from the previous file's last step when they start over (``chain``: step + the earlier files' span),
so the global step continues across files; steps that already continue are kept. One line on every load names the
files joined (``notes``).
"""
from __future__ import annotations

import re

import numpy as np

from .runs import Problem, Run, SourceFile

FORMAT = "csv_epochs"  # the joined run's format
FILE_FORMAT = "epoch_csv"  # each file's (load_source: plain_csv)
_NUMBERED = re.compile(r"^(?P<stem>.*?)(?P<n>\d+)\.csv$", re.IGNORECASE)
# words of a stem that number something else than epochs: repeated trainings, shards, clients
_OTHER_AXES = frozenset({"seed", "fold", "folds", "run", "runs", "trial", "trials", "exp", "experiment", "version",
                         "ver", "v", "rep", "repeat", "split", "cv", "model", "worker", "rank", "gpu", "node",
                         "client", "agent", "env", "task", "subject", "config", "cfg", "lr", "k"})
_MIN_FILES = 3


def _stem_words(stem: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", stem)}


def join(file_runs: list[tuple], full, fs) -> tuple[list[tuple], list[Run]]:
    """(the file runs left, the joined runs): each directory's numbered per-epoch CSVs made one run (module
    docstring). ``file_runs``: (rel file, format, count) of ``_group``; ``full``: rel -> path; ``fs``: the tree's."""
    groups: dict[tuple[str, str], dict[int, str]] = {}
    for rel, fmt, count in file_runs:
        d, _, name = rel.rpartition("/")
        m = _NUMBERED.match(name)
        if fmt == "csv" and count == 1 and m is not None and not _stem_words(m["stem"]) & _OTHER_AXES:
            groups.setdefault((d, m["stem"]), {})[int(m["n"])] = rel
    gone, runs = set(), []
    for (d, stem), by_number in groups.items():
        numbers = sorted(by_number)
        if len(numbers) < _MIN_FILES or numbers[0] not in (0, 1) or numbers != list(range(numbers[0],
                                                                                           numbers[0] + len(numbers))):
            continue
        rels = [by_number[n] for n in numbers]
        tops = [_top_lines(fs, full(r)) for r in rels]  # each file's head read once: header and first row
        heads = {t[0] if t else None for t in tops}
        if len(heads) != 1 or None in heads or not (_batch_rows(next(iter(heads)), _stem_words(stem) & _EPOCH_WORDS)
                                                    or _steps_go_on(tops)):
            continue
        name = stem.rstrip("_-. ") or (d.rsplit("/", 1)[-1] if d else ".")
        run_id = f"{d}/{name}" if d and stem.rstrip("_-. ") else (d or name)
        runs.append(Run(run_id, full(d) if d else full("."), FORMAT,
                        tuple(SourceFile(full(r), FILE_FORMAT, "") for r in rels)))
        gone.update(rels)
    return [i for i in file_runs if i[0] not in gone], runs


_COLUMN = re.compile(r"[A-Za-z]+")
_BATCH_WORDS = frozenset({"batch", "batches", "iter", "iters", "iteration", "iterations", "it"})
_EPOCH_WORDS = frozenset({"epoch", "epochs", "ep"})
_SPLIT_WORDS = frozenset({"val", "valid", "validation", "test", "eval", "dev"})


def _names(header: str) -> list[str]:
    return [c.strip().strip('"').lower() for c in header.split(",")]


def _batch_rows(header: str, epoch_named: bool = False) -> bool:
    """Whether a header's rows are the batches of one epoch: a batch/iteration column, no epoch column and no
    validation series (a training's ``step,loss,val_loss`` files ``p0..p11.csv`` of a test are whole trainings; a
    ``step`` counter is the global one). A file with an epoch column is a whole training (a breaker's k-fold
    ``history0..4.csv`` and lr sweep ``log1..3.csv``, Keras CSVLogger files each counting epochs from 0, were joined
    into one run and called `diverged`)."""
    words = [set(_COLUMN.findall(c)) for c in _names(header)]
    counters = _BATCH_WORDS | ({"step", "steps"} if epoch_named else set())  # 'epoch_001.csv': 'step,loss' its steps
    return any(w & counters for w in words) and not any(w & (_EPOCH_WORDS | _SPLIT_WORDS) for w in words)


def _steps_go_on(tops: list[list[str]]) -> bool:
    """Whether each file's first ``step`` value (``tops``: each file's header and first row) lies above the one
    before: a global step going on across the files (``log_1.csv`` steps 1-10, ``log_2.csv`` 11-20, ...), one
    training cut in parts. Whole trainings each count from 0 or 1 again."""
    firsts = []
    for lines in tops:
        names = _names(lines[0])
        if "step" not in names or len(lines) < 2:
            return False
        try:
            firsts.append(float(lines[1].split(",")[names.index("step")]))
        except (ValueError, IndexError):
            return False
    return all(b > a for a, b in zip(firsts, firsts[1:]))


def _top_lines(fs, path: str) -> list[str] | None:
    """The header (BOM and blanks stripped) and the first row of a file, from its first 4 KiB; None if unreadable
    or empty."""
    try:
        lines = bytes(fs.read_head(path, 4096)).decode("utf-8", "replace").splitlines()[:2]
    except OSError:
        return None
    if not lines:
        return None
    return [lines[0].strip("\r\ufeff ")] + lines[1:]


def chain(read: list) -> list:
    """``read`` ((file, ScalarColumns) of one run) with each ``epoch_csv`` file's steps moved after the previous
    one's last step when they start over (at or below it): file k's step + (the previous file's last step + 1 -
    file k's first step). Other files are as they were."""
    out, end = [], None
    for file, columns in read:
        if file.format != FILE_FORMAT or not len(columns):
            out.append((file, columns))
            continue
        first = int(columns.steps.min())
        if end is not None and first <= end:
            from .readers import ScalarColumns

            shift = end + 1 - first
            columns = ScalarColumns(columns.tags, columns.tag_codes, columns.steps + np.int64(shift),
                                    columns.values, columns.wall_times)
        end = int(columns.steps.max())
        out.append((file, columns))
    return out


def notes(run: Run) -> list:
    """The line naming the files a joined per-epoch run reads (empty for any other run)."""
    if run.format != FORMAT or not run.files:
        return []
    from .fs import filesystem_for

    fs = filesystem_for(run.path)
    names = [fs.name(f.path) for f in run.files]
    return [Problem(run.files[0].path, f"{names[0]} .. {names[-1]}: {len(names)} numbered CSVs with one header, one "
                                       "file per epoch of one training: read as one run in the files' number order, "
                                       "each file's steps going on from the previous file's last step")]
