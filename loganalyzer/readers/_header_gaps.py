"""A CSV/TSV header with an empty name between two names that its rows do not have (for ``keras_csv``).

A hand-written header typed with the separator twice, ``f.write("epoch\\tloss\\t\\tval_loss\\n")`` over rows of three
cells ``0\\t1.3774e+01\\t1.0196e+01`` (a public keyword-spotting CTC project's hist.txt, set 185: tabs doubled to
line the names up over the numbers), was read as four columns: a series named '' holding the validation losses and
``val_loss`` empty. When every row of the first block has exactly as many cells as the header has non-empty names,
the empty names are the header's own padding: they are dropped (said in one line naming the file). A header whose
rows do carry a cell under the empty name (an unnamed column) is left as it is."""
from __future__ import annotations

_ROWS = 50  # the rows looked at (the file's first block)


def closed(raw: bytes, offset: int, header: str, sep: str) -> tuple[bytes, str] | None:
    """(``raw`` with its header's empty inner names dropped, the note saying so), or None when the header at
    ``offset`` has none or its rows carry a cell under them. ``sep``: the file's one-character separator."""
    if len(sep) != 1 or sep in "\"\n\r" or '"' in header:
        return None
    names = [n.strip() for n in header.split(sep)]
    inner = [i for i, n in enumerate(names) if not n and 0 < i < len(names) - 1]
    if not inner or not all(names[i - 1] and any(names[i + 1:]) for i in inner):
        return None
    kept = [n for n in names if n]
    if len(kept) < 2:
        return None
    end = raw.find(b"\n", offset)
    if end < 0:
        return None
    rows = [r for r in raw[end + 1:].split(b"\n", _ROWS + 1)[:_ROWS] if r.strip()]
    if not rows or any(len(r.rstrip(b"\r").split(sep.encode())) != len(kept) for r in rows):
        return None
    line = sep.join(kept).encode()
    note = (f"the header {header.strip()!r} has {len(inner)} empty name(s) between its names (a separator typed "
            f"twice) while its rows have {len(kept)} cells: read as {sep.join(kept)!r}")
    return raw[:offset] + line + raw[end:], note
