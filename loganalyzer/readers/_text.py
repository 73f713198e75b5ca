"""What the text readers share: checking bytes are text (``_text_clean``, re-exported here), parsing CSV fast,
turning wide rows into tidy points (``_tidy``, re-exported here).

CSV parsing goes through pandas' C parser with its own float inference: clean numeric columns come back as
float64/int64 at C speed, and only a column that holds something else (a ``nan`` token, a typo) takes the slower
per-cell path. ``nan`` is deliberately not a missing marker, so a logged NaN stays a point while an empty cell is
not one.
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import io
import re
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pandas only where a DataFrame is built: a scan's bare-columns path never imports it
    import pandas as pd

from ..runs import Problem
from . import NO_ROWS, UnreadableFile, _extra_field
from ._epoch_major import _INT64_LIMIT, EpochMajor, epoch_major  # noqa: F401  (the readers import them from here)
from ._closing_line import closing_text
from ._fastcsv import simple_table
from ._history_table import is_list_cell
from ._problems import Problems  # noqa: F401  (the readers import it from here)
from ._text_clean import (  # noqa: F401  (bytes -> text, first lines: the readers import them from here)
    as_bytes, clean_text, first_line, head_line, head_rows, split_header, unwrap_numbers,
)
from ._tidy import concat_frames, long_columns, long_frame  # noqa: F401  (the readers import them from here)

# Cells that read as NaN values (logged NaN), as opposed to missing cells.
NAN_TOKENS = frozenset({"nan", "-nan", "+nan"})
_NAN_SPELLINGS = ["nan", "NaN", "NAN", "-nan", "-NaN", "+nan"]

_DIGIT = re.compile(r"\d")
_SKIPPED_LINE = re.compile(r"Skipping line (\d+): expected (\d+) fields, saw (\d+)")


def guess_separator(header: str) -> str:
    """The delimiter a header line uses: the most frequent of , TAB ; | (comma on a tie), else whitespace."""
    counts = {sep: header.count(sep) for sep in (",", "\t", ";", "|")}
    best = max(counts, key=lambda s: (counts[s], s == ","))
    if counts[best]:
        return best
    return r"\s+" if len(header.split()) > 1 else ","


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@dataclass
class Table:
    """One CSV table as read: column names, cells (pandas columns labelled 0..n-1), the file line of each row."""

    columns: list[str]
    cells: pd.DataFrame
    lines: np.ndarray
    problems: list[Problem] = field(default_factory=list)


_RULE = re.compile(rb"[ \t]*[-=]{3,}[-=+| \t:]*\r?\n")  # a rule line of dashes or equals signs (between columns)


def read_table(
    block: bytes, path: str, *, sep: str, missing, first_line_no: int = 1, columns: list[str] | None = None
) -> Table:
    """Parse ``block`` (a header line then rows, or only rows when ``columns`` names them) with pandas' C parser.

    Rows with more fields than the header are skipped with a Problem; shorter rows are padded with missing cells.
    Row line numbers assume one row per line (true of every logger here; a quoted newline would shift them).
    """
    header_lines = 0
    if columns is None and _RULE.match(block, block.find(b"\n") + 1) is not None:
        # 'epoch  train_loss ..' over '-------  ------------' (skorch's PrintLog, tabulate's 'simple' format): the
        # rule under the header is no row (each column said "'-------' is not a number")
        header_end = block.find(b"\n")
        rule_end = block.find(b"\n", header_end + 1)
        rest = b"" if rule_end < 0 else block[rule_end + 1:]
        table = read_table(block[:header_end + 1] + rest, path, sep=sep, missing=missing, first_line_no=first_line_no)
        table.lines += 1
        table.problems = [dataclasses.replace(p, line=p.line + 1) if p.line is not None and p.line > first_line_no
                          else p for p in table.problems]
        return table
    if columns is None:
        header_end = block.find(b"\n")
        header = block[: len(block) if header_end < 0 else header_end].decode("utf-8").split("\r")[0]
        columns = split_header(header, sep)
        header_lines = 1
        fast = simple_table(block, sep, len(columns), missing)  # plain numbers: no pandas (``_fastcsv``)
        if fast is None:  # rows of one field more than the header: a trailing separator, an index (``_extra_field``)
            block, extra = _extra_field.trim(block, sep, len(columns), path)
            fast = simple_table(block, sep, len(columns), missing) if extra is not None else None
        else:
            extra = None
        if fast is not None:
            lines = np.arange(first_line_no + 1, first_line_no + 1 + len(fast), dtype=np.int64)
            return Table(columns, fast, lines, [] if extra is None else [extra])
    else:
        extra = None
    import pandas as pd
    problems: list[Problem] = [] if extra is None else [extra]
    options = dict(
        sep=sep, header=None, skiprows=header_lines, names=range(len(columns)), index_col=False,
        keep_default_na=False, na_values=list(missing), skip_blank_lines=False, on_bad_lines="warn", engine="c",
        encoding="utf-8",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        try:
            cells = pd.read_csv(io.BytesIO(block), **options)
        except ValueError as e:  # ParserError is a ValueError; the usual cause is an unbalanced quote
            try:
                cells = pd.read_csv(io.BytesIO(block), quoting=csv.QUOTE_NONE, **options)
            except ValueError:
                raise UnreadableFile(Problem(path, f"not a readable CSV table: {_one_line(e)}")) from None
            problems.append(Problem(path, f"quotes ignored ({_one_line(e)})"))
    skipped: list[int] = []
    for warning in caught:
        if not issubclass(warning.category, pd.errors.ParserWarning):
            continue
        for m in _SKIPPED_LINE.finditer(str(warning.message)):
            line_no = first_line_no - 1 + int(m.group(1))
            skipped.append(line_no)
            expected = "the header has" if header_lines else "at most"
            problems.append(Problem(path, f"{m.group(3)} fields, {expected} {m.group(2)}; row skipped", line=line_no))
    first_row_line = first_line_no + header_lines
    lines = np.arange(first_row_line, first_row_line + len(cells) + len(skipped), dtype=np.int64)
    if skipped:
        lines = lines[~np.isin(lines, skipped)]
    if len(lines) != len(cells):  # a quoted newline or a lone-CR file: numbers are then approximate
        lines = np.arange(first_row_line, first_row_line + len(cells), dtype=np.int64)
    table = Table(columns, cells, lines, problems)
    if header_lines:
        _drop_cut_last_row(table, block, path, sep, len(columns))
    return table


def read_rows(raw: bytes, offset: int, path: str, *, sep: str, missing, line_no: int,
              damage=()) -> tuple[Table, Problems]:
    """The rows below the header line ``line_no`` (its data starting at byte ``offset`` of ``raw``) and the file's
    ``Problems``: ``damage`` from reading the bytes (``clean_text``), the table's own, and "no data rows" when the
    file holds only its header."""
    table = read_table(raw[offset:], path, sep=sep, missing=missing, first_line_no=line_no)
    problems = Problems(path)
    problems.extend(damage)
    problems.extend(table.problems)
    if not len(table.cells):
        problems.add("no data rows (header only)", line=line_no)
    return table, problems


def _drop_cut_last_row(table: Table, block: bytes, path: str, sep: str, min_fields: int) -> None:
    """A job killed mid-write leaves a last line without its newline and short of fields: drop that row. Short of
    the header's fields and of the row above it: a header ending in a separator (``epoch,loss,``, one empty name
    more than each row holds) makes every row one short, so a last row as long as the one above it is complete."""
    if not len(table.cells) or block.endswith((b"\n", b"\r")):
        return
    body = block.decode("utf-8", "replace").splitlines()
    count = (lambda line: len(line.split())) if sep == r"\s+" else (lambda line: line.count(sep) + 1)
    fields = count(body[-1].strip())
    above = next((line.strip() for line in reversed(body[:-1]) if line.strip()), "") if len(table.cells) > 1 else ""
    if closing_text(body[-1], above, sep):
        return  # a summary line the script wrote after its table: the row reader says it is no row (no truncation)
    if fields < min_fields and not (above and fields >= count(above)):
        table.problems.append(
            Problem(path, "last line is cut short (file truncated mid-write?); row skipped", line=int(table.lines[-1]))
        )
        table.cells = table.cells.iloc[:-1]
        table.lines = table.lines[:-1]


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())


@dataclass
class Numbers:
    """A column read as numbers: ``present`` marks cells holding a number (NaN/±Inf included), ``bad`` cells
    holding something that is neither a number nor a missing marker."""

    values: np.ndarray
    present: np.ndarray
    bad: np.ndarray

    @property
    def any(self) -> bool:
        return bool(self.present.any())


def numbers(column: pd.Series, missing) -> Numbers:
    if isinstance(column, Numbers):  # a column ``_fastcsv`` parsed already
        return column
    import pandas as pd
    n = len(column)
    kind = column.dtype.kind
    if kind in "iuf":
        values = column.to_numpy(dtype=np.float64)
        present = ~np.isnan(values) if kind == "f" else np.ones(n, dtype=bool)
        return Numbers(values, present, np.zeros(n, dtype=bool))
    notna = column.notna().to_numpy()
    if kind == "b":  # True/False are flags, not metric values
        return Numbers(np.full(n, np.nan), np.zeros(n, dtype=bool), notna)
    text = column.astype(object).where(notna, "")
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    present = ~np.isnan(values)
    bad = np.zeros(n, dtype=bool)
    unparsed = np.flatnonzero(notna & ~present)
    if len(unparsed):
        cells = pd.Series(text.to_numpy()[unparsed])
        # NaN written the usual ways is a hash lookup; only odd cells pay for stripping and lower-casing
        plain_nan = cells.isin(_NAN_SPELLINGS).to_numpy()
        present[unparsed[plain_nan]] = True
        unparsed, cells = unparsed[~plain_nan], cells[~plain_nan]
        if len(unparsed):
            stripped = cells.astype(str).str.strip()
            # a padded infinity (Ultralytics' old space-aligned results.csv: '          inf'): pandas reads 'inf'
            # and ' 1.5' but not ' inf'
            padded = pd.to_numeric(stripped, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
            number = ~np.isnan(padded)
            if number.any():
                values = values.copy()  # pandas' array may be read-only
                values[unparsed[number]] = padded[number]
            present[unparsed[number]] = True
            inside, unwrapped = unwrap_numbers(stripped, ~number)
            if inside.any():
                values = values.copy()
                values[unparsed[inside]] = unwrapped[inside]
                present[unparsed[inside]] = True
                number = number | inside
            is_nan = stripped.str.lower().isin(NAN_TOKENS).to_numpy()
            present[unparsed[is_nan]] = True
            blank = stripped.isin(set(missing) | {""}).to_numpy()
            bad[unparsed[~number & ~is_nan & ~blank]] = True
    return Numbers(values, present, bad)


def integral_steps(col: Numbers) -> tuple[np.ndarray, np.ndarray]:
    """(int64 steps, valid mask): a step is a present, finite, whole number within int64."""
    v = col.values
    with np.errstate(invalid="ignore"):
        valid = col.present & np.isfinite(v) & (np.abs(v) < _INT64_LIMIT) & (np.floor(v) == v)
    steps = np.zeros(len(v), dtype=np.int64)
    steps[valid] = v[valid].astype(np.int64)
    return steps, valid


def cell_text(table: Table, col: int, row: int) -> str:
    text = str(table.cells.iat[row, col])
    return text if len(text) <= 40 else text[:37] + "..."


@functools.lru_cache(maxsize=1)
def no_rows() -> pd.DataFrame:
    """The empty table a ``read_columns`` result carries (its points are in the columns): one per process, a
    DataFrame only when used (``readers.NO_ROWS``)."""
    return NO_ROWS


@dataclass
class Wide:
    """A table's rows read as numbers: the x-axis column turned into steps, the value columns kept."""

    tags: list[str]
    columns: list[Numbers]
    steps: np.ndarray
    valid: np.ndarray  # the row has a usable step


def read_wide(
    table: Table, x_col: int, value_cols: list[int], missing, problems: Problems, *, report_text_columns: bool,
    say_empty: bool = False,
) -> Wide:
    """Steps from column ``x_col``, numbers from ``value_cols``.

    A row with values but no usable step is skipped with a Problem; a cell that is not a number is skipped with a
    Problem; a column holding no number at all is dropped, with one Problem when ``report_text_columns`` (in a
    logger's file every column should be numeric) or when its text has digits in it (``tensor([0.5, 1])``, ``0,5``: a
    value the user wanted, not a label like ``train``).
    """
    cells = table.cells
    x = numbers(cells[x_col], missing)
    steps, valid = integral_steps(x)
    tags, columns, text = [], [], []
    for col in value_cols:
        nums = numbers(cells[col], missing)
        if not nums.any:
            row = int(np.flatnonzero(nums.bad)[0]) if nums.bad.any() else -1
            if row < 0 and say_empty and len(table.lines):  # every cell empty (public meshdeform97's 'stress_loss')
                problems.add(f"column {table.columns[col]!r} is empty in every row (no value, or NA): no series",
                             line=int(table.lines[0]), kind=("empty column", table.columns[col]))
            if row >= 0:
                said = bool(report_text_columns or _DIGIT.search(cell_text(table, col, row)))
                text.append((col, row, said or len(set(cells[col][nums.bad].tolist())) == 1, said))
            continue
        name = table.columns[col]
        problems.add_rows(
            np.flatnonzero(nums.bad), table.lines,
            lambda row, col=col, name=name: f"column {name!r}: {cell_text(table, col, row)!r} is not a number; "
                                            "cell skipped",
            kind=("not a number", name),
        )
        tags.append(table.columns[col])
        columns.append(nums)
    if any(said for _, _, _, said in text):  # one text column said: a constant label beside it too (readers19e)
        for col, row, constant, said in text:
            if not (said or constant):
                continue  # 'train'/'val' words: a split column, its own reader's line (_phase_split)
            listed = is_list_cell(str(table.cells.iat[row, col]))  # '0.62, 0.55, ...': a list per row
            problems.add(
                f"column {table.columns[col]!r} holds " + ("a list of numbers in each cell, not one value (e.g. "
                                                          if listed else "no numbers (e.g. ")
                + f"{cell_text(table, col, row)!r}); skipped",
                line=int(table.lines[row]), kind=("no numbers", table.columns[col]),
            )
    has_values = np.zeros(len(cells), dtype=bool)
    said = np.zeros(len(cells), dtype=bool)  # a cell of the row already reported as not a number
    for nums in columns:
        has_values |= nums.present
        said |= nums.bad
    # a line of text among the rows (``this is not csv at all``: one field, padded with empty cells) has no values
    # but a step cell that is no number: skipped too, never in silence (newcomer34)
    orphans = np.flatnonzero((has_values | (x.bad & ~said)) & ~valid)
    if len(orphans):
        x_name = table.columns[x_col]

        def message(row: int) -> str:
            if not x.present[row] and not x.bad[row]:
                return f"row has values but no {x_name!r}; row skipped"
            if not has_values[row]:
                return f"{x_name!r} is {cell_text(table, x_col, row)!r} and no other cell holds a number; row skipped"
            return f"{x_name!r} is {cell_text(table, x_col, row)!r}, not a whole number; row skipped"

        problems.add_rows(orphans, table.lines, message)
    return Wide(tags, columns, steps, valid)
