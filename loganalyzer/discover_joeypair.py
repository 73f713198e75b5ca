"""Joey NMT's ``train.log`` and its ``validations.txt`` in one model directory: one run.

Joey NMT writes both into its ``model_dir`` (joeynmt/training.py: the logger's ``train.log`` -- ``Epoch 1, Step: 100,
Batch Loss: 4.21, ..`` per ``logging_freq`` steps and an ``Evaluation result (greedy) .. loss: 3.80, ppl: 44.79``
line per validation -- and ``TrainManager._add_report``'s ``validations.txt``, one ``Steps: N  loss: ..  ppl: ..
LR: ..  *`` line per validation: ``readers/_joblog_joeyval``). Read file by file they were two runs, the validation
report judged alone (as a training, before ``_joblog_joeyval``: public set 206's Joey NMT course runs were
`underfit`). Here a ``validations.txt`` that is such a report (every line, one marked best) beside a printed
``train.log`` of one training in the same directory whose steps reach at least as far (the report's last step
<= 1.1x the log's highest, >= half of it: one training, not a later fine-tune's report) is one run: the training
log's id, its training loss from ``train.log``, the validation report's series (``val_loss``, ``val_ppl``: named so
by the reader) beside it. A line on every load names the two files (``pair_notes``).
"""
from __future__ import annotations

from .runs import Run, SourceFile

FORMAT = "joblog+joey_validations"
REPORT = "validations.txt"
TRAIN = "train.log"


def pair(runs: list[Run]) -> list[Run]:
    """``runs`` with each directory's Joey NMT ``train.log`` + ``validations.txt`` (module docstring) made one run."""
    by_dir: dict[str, dict[str, list[Run]]] = {}
    for run in runs:
        if run.format != "joblog" or len(run.files) != 1:
            continue
        d, _, name = run.files[0].path.replace("\\", "/").rpartition("/")
        if name.lower() in (REPORT, TRAIN):
            by_dir.setdefault(d, {}).setdefault(name.lower(), []).append(run)
    joined, gone = [], set()
    for found in by_dir.values():
        trains, reports = found.get(TRAIN, []), found.get(REPORT, [])
        if len(trains) != 1 or len(reports) != 1 or "#" in trains[0].id or "#" in reports[0].id:
            continue  # (several trainings appended in one file: which one the report belongs to is not known)
        train, report = trains[0], reports[0]
        a, b = _last_step(train.files[0].path), _last_step(report.files[0].path, report=True)
        if a is None or b is None or not 0.5 * a <= b <= 1.1 * a:
            continue
        joined.append(Run(train.id, train.path, FORMAT, (train.files[0], SourceFile(report.files[0].path, "joblog"))))
        gone.update((id(train), id(report)))
    return [r for r in runs if id(r) not in gone] + joined


def _last_step(path: str, report: bool = False) -> int | None:
    """The highest step a printed log's lines name (None when fewer than 2 do); for the ``report``, None unless it is
    Joey NMT's validation report (``_joblog_joeyval``: its series named ``val_``); for the training's log, None
    unless it logs a series that is not the validation's. The parse is the one discovery made (``joblog.parse``)."""
    from .discover_jobpair import step_hits

    got = step_hits(path)
    if got is None or len(got[0]) < 2:
        return None
    steps, tags = got
    if all(t.startswith("val_") or t.lower() == "lr" for t in tags) != report:
        return None  # a report reads validation series (and LR) only; a training's log some other series
    return max(steps)


def pair_notes(run: Run) -> list:
    """The line saying which two files a joined run reads (empty for any other run)."""
    from .discover_csvpair import joined_note

    return joined_note(run, FORMAT, lambda train, other: (
        f"{other} beside {train}: Joey NMT's validation report and training log of one model directory: read as one "
        f"run, {run.id}; the training loss from {train}, the validation's series from {other}"))
