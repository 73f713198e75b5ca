"""One Lightning training logged by a ``CSVLogger`` and a ``TensorBoardLogger`` with their default versions; and a
plain CSV that copies the event files of its directory (``csv_copy_of_events``).

``Trainer(logger=[CSVLogger(d), TensorBoardLogger(d)])`` gives each logger its own version: the first takes
``lightning_logs/version_0`` (``metrics.csv``, ``hparams.yaml``, and the checkpoints, ``trainer.log_dir``), the
second ``version_1`` (the event file, the same ``hparams.yaml``). Discovery by names finds two runs in one training,
each series twice in the scan. ``join_logger_twins`` makes such a pair one run, as ``load_sources.keep_once`` does
for the two loggers given one version dir: the run of the lower version (the first logger's dir), the other dir's
file a source of it with ``dir`` '' (so each series is read once, from the event files).

Only a pair that is sure to be one training is joined -- neighbouring ``version_N`` dirs of one parent, one holding
only ``metrics.csv`` and the other only event files, the same ``hparams.yaml`` (or none, or an empty ``{}``, in both), and the same
points: every series both hold has the same steps and the same values (the CSV's copy of a float32), at least one
of them a value series (not only ``epoch``), and the CSV last written after the event file's first point and
within a minute (or a tenth of the training) of the event file's last write: both loggers save when the training
ends (a copied tree: both at the copy's time), while a seeded re-run logged by the other logger alone started
after the first one ended. Two re-runs that close in time and bit-identical could still be taken for one: their
points are the same, so the curves judged are too. Those two files are read here:
the one place discovery opens an event file, and only for such a pair. ``load_sources.joined_twin_notes`` says, on
every load of the run, which dirs were joined.
"""
from __future__ import annotations

import re

import numpy as np

from .runs import Run, SourceFile

_VERSION = re.compile(r"^version_(\d+)$")
_BOOKKEEPING = frozenset({"epoch", "step", "global_step"})


def _parent_and_version(fs, run: Run) -> tuple[str, int] | None:
    m = _VERSION.match(fs.name(run.path))
    return None if m is None else (fs.parent(run.path), int(m.group(1)))


def _csv_only(run: Run) -> bool:
    return run.format == "lightning_csv" and len(run.files) == 1 and run.files[0].dir == ""


def _events_only(run: Run) -> bool:
    return run.format == "tensorboard" and all(f.dir == "" for f in run.files)


_NO_HPARAMS = frozenset({b"", b"{}"})


def _hparams(fs, run: Run) -> bytes | None:
    """The run's ``hparams.yaml`` bytes, or None when it has none or an empty one: a module that never calls
    ``save_hyperparameters()`` gets ``{}`` from the TensorBoardLogger and no file from the CSVLogger
    (newcomer33 #1: such a pair was two runs)."""
    path = fs.join(run.path, "hparams.yaml")
    try:
        if not fs.may_exist(path):
            return None
        head = fs.read_head(path, 1 << 20)
    except OSError:
        return None
    return None if head.strip() in _NO_HPARAMS else head


def _columns(file: SourceFile):
    """The file's points as ScalarColumns, or None when it cannot be read (it is then no proof of anything)."""
    from .load import _read_source

    source = _read_source(file)
    return None if source.error is not None or source.columns is None else source.columns


def _series(columns) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    out = {}
    for code in np.unique(columns.tag_codes):
        rows = np.flatnonzero(columns.tag_codes == code)
        order = rows[np.argsort(columns.steps[rows], kind="stable")]
        out[columns.tags[code]] = (columns.steps[order], columns.values[order])
    return out


def same_training(fs, csv_run: Run, tb_run: Run) -> bool:
    """Whether ``csv_run`` (metrics.csv only) and ``tb_run`` (event files only) are one training's two loggers."""
    if _hparams(fs, csv_run) != _hparams(fs, tb_run):
        return False
    csv_cols = _columns(csv_run.files[0])
    tb_parts = [_columns(f) for f in tb_run.files]
    if csv_cols is None or not len(csv_cols) or any(c is None for c in tb_parts):
        return False
    tb_series: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    walls = []
    for cols in tb_parts:
        for tag, (steps, values) in _series(cols).items():
            old = tb_series.get(tag)
            tb_series[tag] = (steps, values) if old is None else (np.r_[old[0], steps], np.r_[old[1], values])
        walls.append(cols.wall_times)
    csv_series = _series(csv_cols)
    shared = set(csv_series) & set(tb_series)
    if not shared - _BOOKKEEPING:
        return False
    for tag in shared:
        (sa, va), (sb, vb) = csv_series[tag], tb_series[tag]
        order = np.argsort(sb, kind="stable")
        sb, vb = sb[order], vb[order]
        if len(sa) != len(sb) or not np.array_equal(sa, sb):
            return False
        if not np.allclose(va, vb, rtol=1e-6, atol=0.0, equal_nan=True):
            return False
    wall = np.concatenate(walls) if walls else np.empty(0)
    wall = wall[np.isfinite(wall)]
    from .fs import stat_key

    stamp = stat_key(csv_run.files[0].path)
    tb_stamps = [stat_key(f.path) for f in tb_run.files]
    if not len(wall) or stamp is None or any(s is None for s in tb_stamps):
        return False
    csv_end, tb_end = stamp[1] / 1e9, max(s[1] for s in tb_stamps) / 1e9
    # both loggers save last when the training ends (copies of the tree: both at the copy's time)
    slack = max(60.0, 0.1 * float(wall.max() - wall.min()))
    return csv_end >= float(wall.min()) - 1.0 and abs(csv_end - tb_end) <= slack


def csv_copy_of_events(csv_path: str, event_paths: list[str], fmt: str = "csv") -> bool:
    """Whether the plain CSV ``csv_path`` (alone in a directory of event files ``event_paths``) holds a copy of
    their series: one training logged twice, as a script does with ``pd.DataFrame(history).to_csv(...)`` beside a
    tensorboardX/torch ``SummaryWriter`` into the same folder (newcomer29 #7: two runs, each judged alone). Taken
    when at least one value column (not ``epoch``/``step``), and at least half of them, equal an event series point
    for point -- the same steps, the same values to float32 (``rtol`` 1e-6), under its name or another (the CSV's
    ``loss`` for the events' ``train/loss``) -- and no column equals none of them while an event series has its
    name. The caller then makes the CSV a source of the directory's run (``load_sources.keep_once``: each series
    once, from the event files). A CSV whose steps are not the event files' (per-epoch rows beside per-step events)
    stays a run of its own: its points cannot be placed on their axis."""
    csv_cols = _columns(SourceFile(csv_path, fmt, ""))
    tb_parts = [_columns(SourceFile(path, "tensorboard", "")) for path in event_paths]
    if csv_cols is None or not len(csv_cols) or any(c is None for c in tb_parts):
        return False
    tb_series: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for cols in tb_parts:
        for tag, (steps, values) in _series(cols).items():
            old = tb_series.get(tag)
            tb_series[tag] = (steps, values) if old is None else (np.r_[old[0], steps], np.r_[old[1], values])
    tb_series = {tag: (s[np.argsort(s, kind="stable")], v[np.argsort(s, kind="stable")])
                 for tag, (s, v) in tb_series.items() if tag not in _BOOKKEEPING}

    def same(a, b) -> bool:
        return len(a[0]) == len(b[0]) and np.array_equal(a[0], b[0]) and \
            np.allclose(a[1], b[1], rtol=1e-6, atol=0.0, equal_nan=True)

    columns = {tag: pts for tag, pts in _series(csv_cols).items() if tag not in _BOOKKEEPING}
    matched = 0
    for tag, pts in columns.items():
        if tag in tb_series and not same(pts, tb_series[tag]):
            return False  # a series of the same name with other points: another training
        matched += any(same(pts, other) for other in tb_series.values())
    return matched >= 1 and 2 * matched >= len(columns)


def join_logger_twins(fs, runs: list[Run]) -> list[Run]:
    """``runs`` with each pair of Lightning version dirs that hold one training's CSVLogger and TensorBoardLogger
    joined into the run of the lower version (see the module docstring); the order of the others kept."""
    by_place: dict[tuple[str, int], Run] = {}
    for run in runs:
        if _csv_only(run) or _events_only(run):
            where = _parent_and_version(fs, run)
            if where is not None:
                by_place[where] = run
    if len(by_place) < 2:
        return runs
    joined: dict[str, Run] = {}  # run id -> the joined run (lower version), or None for the one it absorbed
    gone: set[str] = set()
    for (parent, version), run in sorted(by_place.items(), key=lambda item: item[0]):
        if run.id in gone or run.id in joined:
            continue
        other = by_place.get((parent, version + 1))
        if other is None or other.id in joined:
            continue
        pair = (run, other) if _csv_only(run) and _events_only(other) else (other, run)
        if not (_csv_only(pair[0]) and _events_only(pair[1])) or not same_training(fs, *pair):
            continue
        moved = tuple(SourceFile(f.path, f.format, "", f.segment) for f in other.files)
        files = tuple(sorted(run.files + moved, key=lambda f: f.format))  # lightning_csv before tensorboard
        joined[run.id] = Run(run.id, run.path, "lightning_csv+tensorboard", files)
        gone.add(other.id)
    if not joined:
        return runs
    return [joined.get(run.id, run) for run in runs if run.id not in gone]


def candidates_below(names: list[str], has_metrics) -> bool:
    """Whether sibling dirs ``names`` may hold such a pair (some ``version_N`` with a ``metrics.csv`` and some
    without): sharded discovery must then not discover them apart (``executor_shards.shard_dirs``)."""
    versions = [n for n in names if _VERSION.match(n)]
    if len(versions) < 2:
        return False
    with_csv = sum(1 for n in versions if has_metrics(n))
    return 0 < with_csv < len(versions)
