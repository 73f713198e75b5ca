"""A CSV whose header is several lines: pandas' ``to_csv`` of a frame with MultiIndex columns (for ``plain_csv``).

``pd.DataFrame(rows, columns=pd.MultiIndex.from_product([["train", "val"], ["loss", "acc"]]))`` with its index named
``epoch`` writes one header line per column level, then a line naming the index (pandas/io/formats/csvs.py
``_save_header``): ``,train,train,val,val`` / ``,loss,acc,loss,acc`` / ``epoch,,,,``, then ``0,0.96,0.45,...``.
The first line alone was read as the header, the next as a row of text: the CSV sniff refused the file and
discovery listed nothing (a breaker's ``pandas_multiindex_header``, stop 45). Read so: the column names are the
levels joined by ``/`` (``train/loss``, ``val/acc``: the split marker first, as the roles read ``train/loss``), the
first column the index (its name from the index line, else pandas' unnamed index), and one line says so.

The shape: two lines or more of one width whose cells (past the first: a column level's name, or empty) are text,
not numbers, the first of them repeating a cell next to itself (a level spanning columns) or every line's first
cell empty (no level names), then perhaps the index line (a name, every other cell empty), then a row of numbers.
"""
from __future__ import annotations

from ._text import guess_separator, is_number
from ._text_clean import split_header

_MAX_LEVELS = 4


def _texts(cells: list[str]) -> bool:
    return all(not is_number(c) for c in cells) and any(cells)


def table(data) -> tuple[bytes, str] | None:
    """(the CSV with one header line of joined names, the line saying so), None for any other file."""
    head = bytes(data[:65536]) if len(data) > 65536 else bytes(data)
    lines = head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()[: _MAX_LEVELS + 3]
    if len(lines) < 3:
        return None
    sep = guess_separator(lines[0])
    rows = [split_header(line, sep) for line in lines]
    width = len(rows[0])
    levels = 0
    while levels < min(len(rows), _MAX_LEVELS) and len(rows[levels]) == width and _texts(rows[levels][1:]) \
            and all(rows[levels][1:]):
        levels += 1
    first = rows[0][1:]
    spans = any(a == b for a, b in zip(first, first[1:]))  # a level over several columns: 'train,train,val,val'
    if levels < 2 or width < 3 or not (spans or not any(rows[k][0] for k in range(levels))):
        return None  # (else the index's unnamed cell first on each line: ',train,val' / ',loss,loss')
    index, at = "", levels
    if at < len(rows) and len(rows[at]) == width and rows[at][0] and not is_number(rows[at][0]) \
            and not any(rows[at][1:]):
        index, at = rows[at][0], at + 1  # the index line: the index's name
    if at >= len(rows) or len(rows[at]) != width or not all(is_number(c) for c in rows[at] if c):
        return None
    names = ["/".join(rows[k][i] for k in range(levels)) for i in range(1, width)]
    text = bytes(data).decode("utf-8", errors="replace").lstrip("\ufeff")
    body = text.split("\n", at)[at] if text.count("\n") >= at else ""
    out = sep.join([index, *names]) if sep != r"\s+" else " ".join([index or "index", *names])
    said = (f"a header of {levels} lines (pandas' MultiIndex columns, to_csv): columns named by their levels joined "
            f"with '/' ({', '.join(names[:4])}{' ...' if len(names) > 4 else ''})"
            + (f", the first column the index {index!r}" if index else ", the first column pandas' unnamed index"))
    return (out + "\n" + body).encode(), said
