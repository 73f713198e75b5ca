"""The values passed between pipeline stages: what a run is, where its data lives, what went wrong reading it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported lazily by the stages that build tables
    import pandas as pd

# Column order of the tidy scalars table every reader produces (tbparse's long format plus wall_time).
SCALAR_COLUMNS = ("dir", "tag", "step", "value", "wall_time")


def run_order(run_id: str) -> tuple:
    """Sort key of run ids (and of the ``dir`` names of ``read_scalars``): text order, but the ``#N`` of a file's
    appended runs (``training_log.csv#2``: ``discover``'s segments) compared as a number, so ``#2`` comes before
    ``#10``. Ids without such a suffix sort exactly as text."""
    cut = run_id.rfind("#")
    if cut < 0 or not run_id[cut + 1:].isdigit() or not run_id[cut + 1:].isascii():
        return (run_id, -1)
    return (run_id[:cut + 1], int(run_id[cut + 1:]))


@dataclass(frozen=True)
class Problem:
    """Something wrong met while reading: one line a user can act on."""

    path: str
    message: str
    offset: int | None = None  # byte offset, for binary formats
    line: int | None = None  # 1-based line number, for text formats

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        elif self.offset is not None:
            where += f" @ byte {self.offset}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Note(Problem):
    """Information met while reading that is no fault: a ``Problem`` kept out of the warnings (and their count) and
    carried in ``LoadedRun.notes`` instead, shown with the run's notes ("why these series": JSON ``notes``, the HTML
    report). ux67 F6: the HF Trainer's TensorBoardCallback copy of trainer_state.json's logs (load_hftb), written by
    every HF run with ``report_to="tensorboard"`` (the Trainer's default when tensorboard is installed), was a
    warning on every clean HF run."""


def os_reason(error: OSError) -> str:
    """The one wording of an OSError in a Problem's message, wherever a file is opened (discovery's sniffs, the job
    log and notebook readers, the loader): "permission denied", "not found (removed while reading?)", otherwise the
    system's text with its first letter lowered ("input/output error"); never Python's capitalised
    "Permission denied" beside our "permission denied" in one error list (stop-28 breaker #6)."""
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "not found (removed while reading?)"
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


class UnreadLog(Problem):
    """A ``Problem`` for a file discovery took for a training log by its name or first line but could not read at
    all (permission denied, an empty file, a CSV log's header not in UTF-8 or in UTF-16): ``discover_unread`` turns
    it into a run of its own, ``unknown`` "could not be read" naming the file, with the error line -- as an empty
    event file always was (README: "a run none of whose files could be read")."""


@dataclass(frozen=True)
class SourceFile:
    """One file holding (part of) a run's scalars.

    ``dir`` is the file's directory relative to the run root ('' for the root itself); it becomes the ``dir``
    column, the way tbparse names sub-runs. ``segment`` picks one run out of a file that holds several appended
    runs (Keras CSVLogger with append=True), 0-based; None means the whole file.
    """

    path: str
    format: str
    dir: str = ""
    segment: int | None = None


@dataclass(frozen=True)
class Run:
    """A training run found by ``discover``: a stable id, the files that hold it, their format."""

    id: str  # path relative to the scanned root ('.' for the root itself), '#N' suffix for appended runs
    path: str  # the run directory (or file, for single-file formats)
    format: str  # e.g. 'tensorboard', 'lightning_csv', 'tensorboard+hf_trainer_state'
    files: tuple[SourceFile, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class LoadedRun:
    """A run's scalars (tidy table, see SCALAR_COLUMNS) and what went wrong while reading them.

    ``problems`` are warnings inside files that were read (a skipped corrupt record, a bad CSV line);
    ``errors`` are files of the run that could not be read at all (not an event file, permission denied).
    ``histograms`` is the run's histogram table when ``load_run(..., histograms=True)`` asked for it, else None.
    ``step_rules`` names the rules of ``loganalyzer.combine`` that changed the run's points (its problems explain).
    """

    run: Run
    scalars: "pd.DataFrame"
    problems: tuple[Problem, ...] = ()
    errors: tuple[Problem, ...] = ()
    hparams: "dict[str, object]" = field(default_factory=dict)
    histograms: "pd.DataFrame | None" = None
    # the resume rules loganalyzer.combine applied to this run's points (e.g. 'counter_reset_continued')
    step_rules: tuple[str, ...] = ()
    # how the job ended (loganalyzer.ending.Ended) when the run has a job log (slurm-*.out, ...), else None
    ended: "object | None" = None
    # what reading noted that is no fault (``Note``: a logger's copy of the same logs, read once), not warnings
    notes: tuple[Problem, ...] = ()


class ColumnsLoadedRun(LoadedRun):
    """A ``LoadedRun`` (``load_run(..., lazy=True)``) whose ``scalars`` table is built on first use from the combined
    bare columns in ``scalar_columns`` (dir names, dir codes, tag names, tag codes, steps, values, wall times):
    a scan groups those columns directly (``scalars_groups.group_columns``) and never builds the DataFrame, nor
    imports pandas. ``points`` is the number of rows."""

    @property
    def scalars(self) -> "pd.DataFrame":
        frame = self.__dict__.get("_scalars")
        if frame is None:
            from .load import _tidy_frame

            frame = _tidy_frame(*self.scalar_columns)
            object.__setattr__(self, "_scalars", frame)
        return frame

    @scalars.setter
    def scalars(self, value) -> None:  # the dataclass __init__ (and dataclasses.replace) set it
        object.__setattr__(self, "_scalars", value)

    @classmethod
    def of_columns(cls, columns: tuple, **fields) -> "ColumnsLoadedRun":
        """The loaded run of ``columns`` (``combine.Combined.columns()``) and the other ``LoadedRun`` fields."""
        loaded = cls(scalars=None, **fields)
        object.__setattr__(loaded, "scalar_columns", columns)
        object.__setattr__(loaded, "points", len(columns[4]))
        return loaded
