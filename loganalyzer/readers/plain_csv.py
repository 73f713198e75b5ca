"""Any CSV or TSV of training metrics with a step-like column, pandas' index or loss-like columns (scripts' own logs,
pandas ``to_csv``, W&B and TensorBoard CSV exports).

The delimiter is guessed from the header (``,`` TAB ``;`` ``|``, else whitespace). The x-axis is the finest
step-like column, matched case-insensitively: step > iteration > batch > epoch; the other step-like columns stay
as tags (so steps and epochs can be aligned later), but for the ``epoch`` beside the ``step`` of an HF Trainer's
``log_history`` dumped to CSV (``eval_loss,...,eval_runtime,...,epoch,step``): the epoch axis, no series. Where the step is not simply that column's value, one warning
says so:

- a ``step``/``batch`` counted within each epoch (it starts over whenever ``epoch`` goes up, as a hand-rolled loop
  logs ``epoch, batch, loss``) is one run, not one per epoch: the step is the row's place in epoch-major order
  (``_text.epoch_major``), and that ``epoch`` is part of the step, no series of its own (it was read as one too);
- a fractional x column (``epoch`` 0.1, 0.2...): the row number is the step, the column is kept as a tag;
- pandas' unnamed index column (``pd.DataFrame(history.history).to_csv(path)`` writes ``,loss,val_loss``) is the
  step when there is no step-like column and it holds whole numbers (it is never a value); loss columns empty in
  the last rows of such a frame are NaN, as pandas writes it;
- no step-like column but a loss-like one (``loss``, ``val_loss``, ``nll``, ``mse``...): the row number is the step.
  ``sniff`` claims such a file only when its first rows are a table of numbers, so notes, reports and datasets
  with text in them are not taken for logs.

A ``wall_time``/``timestamp``/``time`` column holding numbers (seconds; milliseconds and finer are scaled down) or
ISO datetimes becomes ``wall_time``. Every other column holding numbers becomes a tag; text columns (labels)
are left out, with a Problem only when their text has digits (``tensor(0.5)``, a decimal comma), but a
``phase``/``split``/``mode`` column of train/val/test words splits the others into ``train_<name>``/``val_<name>``
(``_phase_split``). Missing cells: empty, ``NA``, ``N/A``, ``null``, ``None``; ``nan``/``inf`` are values.

Header blocks and runs (``_blocks``): a later line equal to a header, a header with more columns (metrics logged
from some point on, such as evaluation results) or with fewer (a restarted script logging less), starts a block whose rows are read with that header's columns; a
row identical to an earlier one counts once (a logger that rewrites its buffered rows at each save). The step going
on across a header is the same run; the step going back to, or below, the run's first step starts a new run, read
as ``file#2``, ``file#3`` (a script restarted into the same file). A step that goes back but stays above the run's
start is a resume from a checkpoint: same run.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pandas only where a DataFrame is built: a scan's bare-columns path never imports it
    import pandas as pd

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile
from . import (
    _batch_epoch, _dict_cells, _fed_evalloss, _header_line, _id_blocks, _headerless, _index_columns, _longcsv, _multiheader, _numeric_csv, _pair_rows,
    _torch7_logger, _startover, _loss_listhead, _loss_sections, _loss_shapes, _model_rows, _phase_split, _placeholder_rows,
    _table_preamble, _text_rows, _wider_rows, keras_csv, lightning_csv, ultralytics_csv,
)
from ._repeated_rows import hf_history
from ._decimal_comma import NOTE as DECIMAL_COMMA_NOTE, decimal_commas
from ._blocks import Rows, Runs, merge, split_blocks
from ._blocks_onerun import one_run
from ._plain_columns import (  # noqa: F401 (the column names' rules; other modules import them from here)
    EPOCH_COLUMNS, RL_STEP_COLUMNS, STEP_COLUMNS, TIME_COLUMNS, _header, _normal, _pick, _step_column, _value_names,
    axis_name, episode_axis, is_loss_like, split_columns, split_losses,
)
from ._total_column import total_loss
from ._csv_perdataset import aggregate_rows, fixed_batch_axis
from ._ray_axis import empty_axis
from ._spaced_header import spaced_names
from ._text import (
    Numbers, Problems, Table, clean_text, first_line, head_line, head_rows, is_number,
    numbers, read_wide, split_header,
)
from ._names_i18n import misspelt_counter, translate
from ._csv_cells import _pandas_nan_tail, _wall_time
from ._text_clean import cut_last_cell

from ._csv_axis import MISSING as _MISSING, absent as _absent, add_axis as _add_axis, concat as _concat, sparse_axis as _sparse_axis  # noqa: E402,E501
from ._csv_axis import epoch_major_axis as _epoch_major_axis  # noqa: E402
from ._plain_table import _DATETIME, _rows_are_a_table, _whole_lines  # noqa: E402,F401 (a head's rows: a table?)


from ._kv_rows import kv_row  # noqa: E402
from ._tb_export import export_tag  # noqa: E402
from ._sorted_frame import index_order  # noqa: E402


_BANNER_RULE = re.compile(r"[-=*#~_]{3,}")  # a rule in a first line: an epoch banner (public capstone7901-135)


def sniff(name: str, head: bytes) -> bool:
    """``_sniff``, else ``_sniff`` under a printed argument dump (``_table_preamble``; a Keras CSVLogger table there
    too: the other readers see no header under the preamble, this one blanks it)."""
    return _sniff(name, head) or _table_preamble.sniff(name, head, lambda n, h: _sniff(n, h) or keras_csv.sniff(n, h))


def _sniff(name: str, head: bytes) -> bool:
    """A header of names (none a number; the first may be pandas' unnamed index) that none of the Lightning, Keras
    and Ultralytics readers claims, with a step-like column and another column, or else with a loss-like column
    and first rows of numbers only (a table of losses, not prose that mentions a loss, nor a report)."""
    head = _header_line.mended(head)[0]  # a GB18030 header, a header glued to its first value
    line = head_line(head)
    if line is None:
        return False
    if _loss_shapes.claims(name) and (_loss_sections.reshape(_whole_lines(head), name) is not None
                                      or len(head) >= 8192 and _loss_listhead.printed_list_head(head, name)):
        return True  # a loss log without usable column names (``_loss_shapes``), a long printed list cut by the head
    if _torch7_logger.format_named(_whole_lines(head)) is not None:
        return True  # optim.Logger's numbered columns and a format string naming them (``_torch7_logger``)
    if _headerless.named(_whole_lines(head), name) is not None:
        return True  # epoch, loss, accuracy rows with no header in a split's file: named or said (``_headerless``)
    if _numeric_csv.sniff(name, head) or _pair_rows.table(_whole_lines(head), name) is not None \
            or _multiheader.table(_whole_lines(head)) is not None or _dict_cells.table(_whole_lines(head), name):
        return True  # numbers only (``_numeric_csv``), name,value pairs (``_pair_rows``), dict cells (``_dict_cells``)
    sep, columns = _header(line)
    names = _value_names(columns)
    if len(names) > 1 and names[-1] == "" and line.endswith(sep):  # 'total loss\tctc loss\t': every line ends with
        names = names[:-1]  # its separator (public BADBADBADBOY/pgnet.pytorch train_log.txt): no column
    if not names or any(not c or is_number(c) for c in names):
        return False
    if kv_row(line, sep):
        return False  # 'epoch:1\tAccuracy:71.0': a printed log's line, no header (readers/_kv_rows.py)
    if any(_BANNER_RULE.fullmatch(c) for c in names):  # 'print(f"--------- Epoch #{t} ---------")' over the PyTorch
        return False  # quickstart's 'loss: ..  [..]' lines: a printed log's banner, no header (eleven one-epoch runs)
    if _step_column(columns) is not None:
        if len(columns) < 2:
            return False
    elif not (any(is_loss_like(c) for c in names) or split_losses(name, names)
              or _torch7_logger.is_logger_table(head)) or not _rows_are_a_table(head, sep, columns):
        return False
    return not any(m.sniff(name, head) for m in (lightning_csv, keras_csv, ultralytics_csv))


def rename_splits(rows, renamed: dict[str, str], problems, line_no: int) -> None:
    """``rows``' tags renamed by ``split_losses`` (``train`` -> ``train_loss``, ``Ra_val`` -> ``val_ra_loss``), said
    in ``problems`` (a ``_blocks`` problem list) at the header's line."""
    if renamed and any(tag in renamed for tag in rows.tags):
        rows.tags = [renamed.get(tag, tag) for tag in rows.tags]
        problems.add("named like a loss log, its columns name only splits, a quantity per split or a GAN's two "
                     "players: read as " + ", ".join(f"{c!r} -> {v!r}" for c, v in renamed.items()), line=line_no)


def _parse(data, path: str) -> Runs:
    data, mended = _header_line.mended(data)  # a GB18030 header, 'loss值7.65' glued to its first value
    if mended is not None:
        runs = _parse(data, path)
        runs.problems.extend([Problem(path, mended, line=1)])
        return runs
    shaped = _loss_sections.reshape(data, path) if _loss_shapes.claims(path) else None
    if shaped is not None:  # a loss log without usable column names: read as the table it means
        runs = _parse(shaped[0], path)
        runs.problems.extend([Problem(path, shaped[1], line=1)])
        return runs
    logged = _torch7_logger.format_named(data)  # optim.Logger's '1\t2\tepoch: % fSumTest: %..': its names
    if logged is not None:
        runs = _parse(logged[0], path)
        runs.problems.extend([Problem(path, logged[1], line=1)])
        return runs
    named = _headerless.named(data, path)  # 'train_log.txt' of 'epoch loss acc' rows: named from its values
    if named is not None:
        if named[0] is None:
            raise UnreadableFile(Problem(path, named[1], line=1))
        runs = _parse(named[0], path)
        runs.problems.extend([Problem(path, named[1], line=1)])
        return runs
    numeric = _numeric_csv.named(data, path) or _pair_rows.table(data, path) or _multiheader.table(data) \
        or _dict_cells.table(data, path) or index_order(data)
    if numeric is not None:  # named by position; by their own names; by a pandas MultiIndex's levels; sorted rows
        runs = _parse(numeric[0], path)
        runs.problems.extend([Problem(path, numeric[1], line=1)])
        return runs
    preamble: list[str] = []
    raw, damage = clean_text(_table_preamble.blank(data, path, preamble), path)
    damage = [*damage, *(Problem(path, note, line=1) for note in preamble)]  # an argument dump above the table
    line_no, offset, header = first_line(raw)
    if (spaced := spaced_names(raw, offset, header)) is not None:  # 'Train Loss  Test Loss': two-word names
        raw, header = spaced
    sep, columns = _header(header)
    if (comma := decimal_commas(raw, offset, sep)) is not None:  # '1;1,1168;0,9631': a European locale's numbers
        raw, damage = comma, [*damage, Problem(path, DECIMAL_COMMA_NOTE, line=line_no)]
    index = len(columns) > 1 and columns[0] == ""  # pandas' unnamed index column: never a value
    if (aggregate := aggregate_rows(raw, offset, sep, columns)) is not None:  # daart: per-dataset val rows
        raw, damage = aggregate[0], [*damage, Problem(path, aggregate[1], line=line_no)]
        line_no, offset, header = first_line(raw)
        sep, columns = _header(header)
    x_col = episode_axis(raw, offset, sep, columns, _step_column(columns))  # 'Steps' of one episode: no axis
    x_col = fixed_batch_axis(raw, offset, sep, columns, x_col)  # daart's 'batch' (batches per epoch): no axis
    x_col = empty_axis(raw, offset, sep, columns, x_col)  # Ray Tune: an empty timesteps_total (_ray_axis)
    layout = _longcsv.long_layout(columns, x_col)
    wide = None if layout is None else _longcsv.widen(raw, offset, sep, columns, x_col, layout)
    if wide is not None:  # step,tag,value rows: one series per tag (``_longcsv``)
        runs = _parse(wide[0], path)
        runs.problems.extend([*damage, Problem(path, wide[1], line=line_no)])
        return runs
    renamed = split_losses(path, _value_names(columns))
    totals = total_loss(_value_names(columns))  # 'cls,box,total': the total is the loss (``_total_column``)
    if x_col is None and not index and not any(is_loss_like(c) for c in columns) and not renamed and not totals \
            and not _torch7_logger.is_logger_table(bytes(raw[offset:offset + 8192])):
        if columns and all(is_number(c.strip()) for c in columns):  # '0\t0.426\t0.737': data, not a header
            why = _headerless.why_not(bytes(raw[:8192]))
            raise UnreadableFile(Problem(path, why or f"no header: the first line is data ({header[:80]!r}), so no "
                                               "column is named; nothing is read", line=line_no))
        raise UnreadableFile(
            Problem(path, f"no step, iteration or epoch column in the header: {header[:80]!r}", line=line_no)
        )
    x_name = None if x_col is None else _normal(columns[x_col])

    def is_header(fields: list[str], known: list[list[str]]) -> bool:
        """The line repeats a header, extends one with more columns (metrics logged later) or keeps some of its
        columns (a restarted script logging fewer metrics)."""
        if index and fields[:1] != [""]:
            return False
        if any(not f or is_number(f) for f in (fields[1:] if index else fields)):
            return False
        if x_name is not None and x_name not in (_normal(f) for f in translate(fields)[0]):
            return False
        return any(set(fields) >= set(k) or set(fields) <= set(k) for k in known)

    if len(sep) == 1:  # a job killed inside the last number of its last line (whitespace tables: not judged)
        raw, cut = cut_last_cell(raw, path, sep, len(columns))
        damage = damage if cut is None else [*damage, cut]
    wider = _wider_rows.widen(raw, offset, sep, columns)  # a later stage's rows with more fields, no header
    if wider is not None:
        raw, damage = wider[0], [*damage, Problem(path, wider[1], line=line_no)]
    blocks = split_blocks(raw, path, sep=sep, missing=_MISSING, line_no=line_no, offset=offset, is_header=is_header)
    tables = [table for _, table in blocks]
    problems = Problems(path)
    problems.extend(damage)
    foreign: dict[str, str] = {}
    for table in tables:
        table.columns, changed = translate(table.columns)
        foreign.update(changed)
    if foreign:
        misspelt = {a: b for a, b in foreign.items() if misspelt_counter(a) == b}
        foreign = {a: b for a, b in foreign.items() if a not in misspelt}
        if misspelt:
            problems.add("counter column misspelt, read as " +
                         ", ".join(f"{a!r} -> {b!r}" for a, b in misspelt.items()), line=line_no)
    if foreign:
        problems.add("column names not in English read as " + ", ".join(f"{a!r} -> {b!r}" for a, b in foreign.items()),
                     line=line_no)
    for table in tables:
        problems.extend(table.problems)
    if not any(len(table.cells) for table in tables):
        problems.add("no data rows (header only)", line=line_no)

    counted = _index_columns.counting_column(tables, _MISSING) if x_name is None and not index else None
    if counted is not None:  # 'idx' 1..n: the file's own count of its rows is the step (``_index_columns``)
        x_name, x_col = counted, [_normal(c) for c in columns].index(counted)
        problems.add(f"no step, iteration or epoch column: column {counted!r} counts the rows, its values are the step")
    # the x-axis: the step-like column, else pandas' index, else the row number
    if x_name is not None:
        x_cols = [[_normal(c) for c in table.columns].index(x_name) for table in tables]
    elif index:
        x_cols = [0] * len(tables)
    else:
        x_cols = [None] * len(tables)
    xs = [None if x is None else numbers(table.cells[x], _MISSING) for table, x in zip(tables, x_cols)]
    with np.errstate(invalid="ignore"):
        fractional = any(x is not None and (x.present & np.isfinite(x.values) & (np.floor(x.values) != x.values)).any()
                         for x in xs)
    rows_axis = x_name is None and (not index or fractional)
    sparse = None if rows_axis or fractional or x_name is None else _sparse_axis(tables, xs, x_cols)
    if rows_axis:
        what = "its unnamed first column (a pandas index) holds no whole numbers" if index else \
            "no step, iteration or epoch column"
        problems.add(f"{what}: the row number (from 0) is the step")
        fractional = False
        x_cols = [None] * len(tables)
    elif index and x_name is None:
        problems.add("the unnamed first column (a pandas index) is the step")
    elif fractional or sparse:
        # A fractional epoch (0.25, 0.5...) is no step: number the rows instead and keep the column as a tag.
        problems.add(f"column {columns[x_col]!r} " + ("has fractional values" if fractional else
                     f"is empty in {sparse[0]} of the {sparse[1]} rows holding values (one logging call a row)")
                     + f"; the row number is the step, {columns[x_col]!r} is kept as a tag")
        fractional = True
    axis, within, progress = None, None, set()
    x_kind = None if x_col is None else axis_name(columns[x_col])  # 'Current Epoch': an epoch
    if x_kind in EPOCH_COLUMNS and not fractional and not _placeholder_rows.could_pair(columns, x_col):
        within = _batch_epoch.plain_axis(tables, xs, x_cols, _MISSING, index)  # logged within each epoch
        if within is not None:  # (a 'Percentage' of the epoch done: the row's place in it, no series)
            progress = _batch_epoch.progress_columns(tables, x_cols, _MISSING)
            problems.add(_batch_epoch.note(sum(len(t.cells) for t in tables), len(np.unique(_concat(xs).values)),
                                           columns[x_col], "logged several times within an epoch, with no step")
                         + "".join(f"; {p!r} climbs within each epoch: the row's place in it, no series"
                                   for p in progress))
    if x_name is not None and not fractional and x_kind not in EPOCH_COLUMNS:
        axis = _epoch_major_axis(tables, xs, columns[x_col], problems)

    wides, walls, counters, row = [], [], [], 0
    for k, (table, x, nums) in enumerate(zip(tables, x_cols, xs)):
        wall_time = None
        time_col = _pick(table.columns, TIME_COLUMNS)
        if time_col is not None and time_col != x:
            wall_time = _wall_time(table.cells[time_col], numbers(table.cells[time_col], _MISSING))
        value_cols = [i for i in range(len(table.columns))
                      if i != x and (wall_time is None or i != time_col) and not (index and i == 0)]
        if x_kind == "step" and not fractional and axis is None and hf_history(table.columns):
            beside = _pick(table.columns, EPOCH_COLUMNS)  # HF's log_history 'epoch,step': the epoch axis, no metric
            value_cols = [i for i in value_cols if i != beside]
        n = len(table.cells)
        if fractional or rows_axis:
            if fractional:
                value_cols = sorted(value_cols + [x])
                counters.append(np.where(nums.present, nums.values, np.nan))
            x, row = _add_axis(table, "row", np.arange(row, row + n)), row + n
        elif axis is not None:  # the epoch column is part of the step (`epoch,batch,loss`): no series of its own
            value_cols = [i for i in value_cols if i != _pick(table.columns, EPOCH_COLUMNS)]
            x = _add_axis(table, table.columns[x], axis[k])  # named as the counter: messages name it
            counters.append(axis[k])
        elif within is not None:  # the row's place in its run the step, the epoch a series (``_batch_epoch``)
            value_cols = sorted(c for c in value_cols + [x] if table.columns[c] not in progress)
            x = _add_axis(table, "row", within[k][0])
            counters.append(within[k][1])
        wides.append(read_wide(table, x, value_cols, _MISSING, problems, report_text_columns=False, say_empty=True))
        split = _phase_split.split_wide(wides[-1], table)  # a phase/split column: train_loss, val_loss...
        if split is not None:
            problems.add(split, line=line_no, kind="phase split")
        walls.append(wall_time)
    rows = merge(wides, tables, walls, counters or None)
    rows.row_numbers = fractional
    rows.labels = _text_rows.codes(tables, _MISSING)  # 'off,0,..' / 'legacy,0,..': text tells the rows apart
    if x_col is not None and not fractional:  # train and val rows at one step, 0 in the other's columns
        _placeholder_rows.clear(rows, columns[x_col], problems)
    rename_splits(rows, renamed, problems, line_no)
    if (fed := _fed_evalloss.eval_loss_rename(columns, x_col)) is not None and fed[0].keys() & set(rows.tags):
        rows.tags = [fed[0].get(tag, tag) for tag in rows.tags]  # 'round,loss,test_accuracy': the global test loss
        problems.add(fed[1], line=line_no)
    exported = export_tag(path, columns)
    if exported and rows.tags == [columns[-1]]:
        rows.tags = [exported[0]]
        problems.add(exported[1], line=line_no)
    if index:
        _pandas_nan_tail(rows, problems)
    if any(len(t.cells) for t in tables) and not rows.tags:
        problems.add(f"no column besides {columns[x_col]!r} holds numbers" if x_col is not None else
                     "no column holds numbers")
    # pandas' index counts one frame's rows: a frame saved again from 0 may be the same GAN trained on (its losses
    # go on: one run, _continued) as a second fit() into a Keras CSVLogger is; a fresh start stays a run of its own
    runs = Runs(rows, problems, ties_restart=False, drop_copies=True, continued=index and x_name is None)
    if (models := _model_rows.split_models(runs, tables, _MISSING)) is not None:  # 'epoch,model,..': ANN/SNN rows
        problems.add(models, line=line_no)
    elif (ids := _id_blocks.split_ids(runs, stepped=bool(x_name))) is not None:  # ',version,loss,..' 1 then 2: two fits appended
        problems.add(ids, line=line_no)
    if rows_axis:  # no step of its own: trainings appended to the file are told by their values starting over
        _startover.split_runs(runs)
    _index_columns.tidy(runs, stepped=x_name is not None and not fractional and within is None)  # run ids,
    # projections past the logged rows, counters beside the step column, rows with no value
    if len(blocks) > 1 + (0 if wider is None else wider[2]):  # (the header written above wider rows is said by its own line)
        copies = f"; {runs.copies} repeated identical rows counted once" if runs.copies else ""
        problems.add(f"the header line is written {len(blocks)} times (a logger rewriting its file?); the rows below "
                     f"each are read with its columns{copies}", line=blocks[1][0])
    return runs


def count_segments(data, path: str) -> int:
    """How many runs the file holds: a counter going back to its start begins a new one (see ``_blocks``)."""
    raw, _damage = clean_text(data, path)
    _line_no, offset, header = first_line(raw)
    sep, columns = _header(header)
    x_col = _step_column(columns)
    if x_col is not None and one_run(raw, offset, sep, x_col, ties_restart=False) \
            and not _model_rows.named_in(columns) and not _id_blocks.named_in(columns):  # the common file: no parse
        return 1
    return _parse(data, path).count


def read(data, path: str, segment: int | None = None) -> ReadResult:
    """Points of one run (``segment``, 0-based) or, with None, of every distinct row in written order."""
    return _parse(data, path).read(path, segment)


def read_columns(data, path: str, segment: int | None = None) -> tuple[ScalarColumns, ReadResult]:
    """``read`` with the points as bare columns (the loader's fast path: no DataFrame)."""
    return _parse(data, path).read_columns(path, segment)
