"""A plain CSV log that is one split of a run paired by file name (``discover_splitpair``): read by ``plain_csv``,
each series named with the file's split (``loss`` in ``<model>_val_loss.csv`` -> ``val_loss``); bookkeeping columns
(epoch, step...) only from the training file; pandas' unnamed column ``0`` of a file whose name says only the split
(``Network_validation.csv`` beside ``Network_loss.csv``) is its ``<split>_loss``; one line says so, and on which
axis the file's points are: its own step/epoch column, else its rows (pandas' index: public
Deep-Learning-in-Datascience-Project ``results/train_metrics.csv`` of 92 batches beside ``val_metrics.csv`` of 2
epochs, ``pd.DataFrame(...).to_csv(path)`` each). Rows say nothing of how one file's rows map onto the other's, so
each file keeps its own (``curves`` places a split of a few points at epoch ends it estimates, saying so)."""
from __future__ import annotations

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile, plain_csv

_BOOKKEEPING = frozenset({"epoch", "epochs", "step", "steps", "iteration", "iter", "index", "time", "lr",
                          "learning_rate"})


_SAME = {"train": ("train",), "val": ("val", "test"), "test": ("val", "test")}  # a tag naming its file's split


def _split(path: str) -> str:
    from ..discover_splitpair import split_of_name

    return split_of_name(path.replace("\\", "/").rsplit("/", 1)[-1]) or "train"


def _metric(path: str) -> str | None:
    from ..discover_historykeys import history_key
    from ..discover_splitpair import metric_word

    # (``mad_loss.txt`` beside ``loss.txt``: a history's own key, named so: ``discover_historykeys``)
    from ..discover_qualmetric import qualified_on_disk

    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    # list_train_lgg_acc_fold0.csv beside list_train_loss_fold0.csv: 'lgg_acc', not the plain acc file's name
    return (qualified_on_disk(path) if metric_word(name) else None) or metric_word(name) or history_key(path)


def _axis(data, metric: str | None) -> str:
    """Which axis the file's points are on (the module docstring)."""
    from ._plain_columns import _header, _step_column
    from ._text_clean import head_line

    line = None if metric is not None else head_line(bytes(data[:4096]))
    columns = _header(line)[1] if line else []
    x = 0 if metric is not None else _step_column(columns)
    if x is not None:
        return f"its points at its own {'step' if metric is not None else repr(columns[x])} values"
    return ("its points at its own row numbers (no step or epoch column: the files do not say how its rows map onto "
            "its sibling's, so none is put on the other's axis)")


def _one_number(data) -> bool:
    from ..discover_splitpair import one_number_lines

    return one_number_lines(bytes(data[:4096]))


def _pandas_name_first(lines: list[bytes]) -> bool:
    """Whether a one-number-per-line file's first line ``0`` is pandas' default column name: ``pd.Series(accs)
    .to_csv(path, index=False)`` writes ``0`` and then the floats (public mitproject124 ``train_acc.csv`` beside
    ``train_loss.csv``, whose ``0`` the CSV reader takes for its header: the accuracy had a first value 0.0). Only
    when every other line is a float written with a point or exponent (a whole-number count keeps its 0)."""
    return len(lines) > 2 and lines[0] == b"0" and all(b"." in v or b"e" in v.lower() for v in lines[1:])


def _loss_sibling_named(path: str) -> bool:
    """Whether a loss file beside ``path`` (same folder and extension, ``loss`` in its name) starts with pandas'
    column name ``0`` too: then the metric file's ``0`` is that name, written by the same ``to_csv`` (a breaker's
    ``val_acc.csv`` whose real first F1 was the int 0, beside loss files with no such line, lost that value and put
    every later one an epoch early). A sibling not on the local disk: not known, so no."""
    import os

    folder, name = os.path.split(path)
    ext = os.path.splitext(name)[1].lower()
    try:
        names = [n for n in os.listdir(folder or ".") if "loss" in n.lower() and os.path.splitext(n)[1].lower() == ext]
        for n in names:
            with open(os.path.join(folder, n), "rb") as f:
                if f.readline().strip() == b"0":
                    return True
    except OSError:
        return False
    return False


def read_columns(data, path: str) -> tuple[ScalarColumns, ReadResult]:
    """``plain_csv.read_columns`` with the tags named by the file's split."""
    metric = _metric(path)
    raw, header_note = data, ()
    if metric is not None:  # acc.txt beside loss.txt: one number per line, read as its loss sibling is
        from ..discover_splitpair import one_line_row, one_number_lines

        if one_number_lines(data):
            lines = [line.strip() for line in bytes(data).splitlines() if line.strip()]
            if _pandas_name_first(lines) and _loss_sibling_named(path):
                header_note = (Problem(path, f"its first line '0' is pandas' column name (Series.to_csv without "
                                             f"index: its loss siblings' header too), no {metric} value"),)
                lines = lines[1:]
        elif one_line_row(data):  # one line of numbers, as its loss siblings: the epochs along the row
            lines = [c.strip() for c in bytes(data).strip().split(b",")]
        else:
            raise UnreadableFile(Problem(path, f"neither one number per line nor one line of numbers: its {metric} "
                                               "values not read"))
        data = b"".join([b"step," + metric.encode() + b"\n"] + [b"%d,%s\n" % (i, v) for i, v in enumerate(lines)])
    columns, result = plain_csv.read_columns(data, path)
    split = _split(path)
    tags, keep = [], None
    for i, tag in enumerate(columns.tags):
        if tag.lower() in _BOOKKEEPING:
            tags.append(tag)
            if split != "train":
                keep = (columns.tag_codes != i) if keep is None else keep & (columns.tag_codes != i)
        elif tag.isdigit():  # pandas' unnamed series '0' in a file named by split only: its loss log's sibling
            tags.append(f"{split}_loss")
        elif tag.lower().startswith(split + "_") or (" " in tag and _split(tag) in _SAME[split]):  # '(test set)'
            tags.append(tag)
        else:
            tags.append(f"{split}_{tag}")
    steps, axis = columns.steps, None
    if split != "train":  # 'run_val_loss.txt' (or 'run_val_acc.txt') of 10 numbers beside 'run_loss.txt' of 100
        from ._split_steps import (on_logger_rows, on_training_epoch_rows, on_training_epochs, on_training_rows,
                                   on_training_steps)

        placed = on_training_rows(raw, path, columns.steps) or on_training_steps(raw, path, columns.steps) or \
            on_training_epochs(raw, path, columns.steps) or on_logger_rows(raw, path, columns.steps) or \
            on_training_epoch_rows(raw, path, columns.steps)
        if placed is not None:
            steps, axis = placed
    elif metric is None and _one_number(data):  # the training's rows: a sibling placed on them says so itself
        axis = ("its points at its own row numbers (one number per line, no step column; a validation file with "
                "k times fewer rows is placed at each k-th)")
    out = ScalarColumns(tags, columns.tag_codes, steps, columns.values, columns.wall_times)
    if keep is not None:
        out = out.take(keep)
    named = sorted({tags[c] for c in set(out.tag_codes.tolist())})
    note = Problem(path, f"the {split} split of a run paired by file name with its sibling split file(s): series "
                         f"named {', '.join(named) or 'none'}; {axis or _axis(data, metric)}")
    return out, ReadResult(result.scalars, (*result.problems, *header_note, note), result.hparams, result.restarts,
                           result.sessions)


def read(data, path: str) -> ReadResult:
    """``read_columns`` as a ``ReadResult`` whose ``scalars`` is the table."""
    from . import scalar_frame

    columns, result = read_columns(data, path)
    tags = [columns.tags[c] for c in columns.tag_codes.tolist()]
    return ReadResult(scalar_frame(tags, columns.steps, columns.values, columns.wall_times), result.problems)
