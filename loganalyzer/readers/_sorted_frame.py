"""A pandas frame saved after sorting its rows by a value (used by ``readers/plain_csv.py``).

``df.sort_values('loss_value1', ascending=False).to_csv('loss.csv')`` keeps each row's index -- the epoch the frame
was built in -- in its unnamed first column, now out of order (public seutrans103 ``loss.csv``: ``,loss_value1,..``
then rows at index 1, 17, 14, 2, 5, 13, ...). Read in file order, each step going back was a resume over an earlier
session and most points were dropped as the abandoned run's; the curve left was the sorted column, falling by
construction. An index that holds every whole number of a range once (``MIN_ROWS`` rows or more), out of order, is
the frame's own row order: the rows are read in index order, with a line saying so. A resumed log repeats steps;
this index never does.
"""
from __future__ import annotations

MIN_ROWS = 5
_AXES = frozenset({"step", "steps", "global_step", "epoch", "epochs", "iter", "iteration", "iterations", "batch",
                   "fold", "round", "trial", "run", "seed"})


def index_order(data) -> tuple[bytes, str] | None:
    """(the CSV with its rows in index order, the line saying so) for such a file (module docstring), else None."""
    raw = bytes(data)
    if not raw.lstrip(b"\xef\xbb\xbf").startswith(b","):
        return None
    lines = raw.decode("utf-8", "replace").splitlines()
    header, body = lines[0], [line for line in lines[1:] if line.strip()]
    if any(c.strip().strip('"').lower().replace(" ", "_") in _AXES for c in header.split(",")[1:]):
        return None  # the rows carry their own step, epoch or fold: their order is theirs (a breaker's k-fold CSV
        # sorted by fold and epoch, its index when each epoch finished)
    if len(body) < MIN_ROWS:
        return None
    keys = []
    for line in body:
        cell = line.split(",", 1)[0].strip()
        if not cell.lstrip("-").isdigit():
            return None
        keys.append(int(cell))
    if len(set(keys)) != len(keys) or max(keys) - min(keys) + 1 != len(keys) or keys == sorted(keys):
        return None
    rows = [line for _, line in sorted(zip(keys, body))]
    moved = sum(a > b for a, b in zip(keys, keys[1:]))
    return ("\n".join([header, *rows]) + "\n").encode(), (
        f"the rows' index (the unnamed first column, {min(keys)}..{max(keys)}, each once) is out of order ({moved} "
        "step(s) back): a frame sorted by a value before it was saved; read in index order")
