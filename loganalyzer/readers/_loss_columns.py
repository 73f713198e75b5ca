"""Loss values saved as a bare table, with no names: one row per logged point, one column per loss.

GAN training scripts keep their losses so (for ``keras_npy`` and ``keras_pickle``):

- ``np.save('losses.npy', np.array(losses))`` where ``losses.append((d_loss, g_loss))`` each epoch or batch: a
  numeric 2-D array of shape (points, columns) (set 195's vanillagan ``losses.npy`` (100, 2) float64 and animegan
  ``losses.npy`` (1715, 2) float32);
- ``pickle.dump(losses, f)`` of that list of tuples (facegen ``losses.pkl``: 1345 ``(d, g)`` pairs of floats), or
  of one list of numbers.

Nothing in the file says which column is whose (the scripts name them only in their own code, (D, G) in one,
(G, D) in another), so a column is named by the file's stem and its index (``losses_0``, ``losses_1``: plain loss
series, none the discriminator's by name), the row index is the step, and a one-line note says so. A table of
ragged rows, of non-numbers, or of more than ``MAX_COLUMNS`` columns is no loss table: ``UnreadableFile``.

Except where the numbers say whose: a GAN trained with binary cross-entropy starts from a discriminator that
outputs 1/2 on everything, so its first logged losses are the discriminator's ``BCE(real) + BCE(fake)`` = ln 4
(1.386) and the generator's ``-log D(G(z))`` = ln 2 (0.693) (the DCGAN/vanilla-GAN recipe: set 195's vanillagan
``losses.npy`` starts at 1.41, 0.64; ``losses_cgan.npy`` at 1.45, 0.86). Two columns whose first values lie so --
one within ``LN4_BAND`` of ln 4, the other within ``LN2_BAND`` of ln 2 -- are named ``<stem>_D`` and ``<stem>_G``
(``bce_players``), the GAN roles of ``curves_gan``; a note says on what.
"""
from __future__ import annotations

import math

from ..runs import Problem
from . import ReadResult, UnreadableFile

MAX_COLUMNS = 8  # a few losses side by side; a wider matrix (embeddings, images) is no loss log
# a (series, points) table (read_rows): a few curves (loss, accuracy, their validation twins) of 20+ points each; more
# rows, or fewer points, is some other matrix (5 embeddings of 64 dims, a 2-D grid)
MAX_ROWS, MIN_POINTS = 4, 20
LN4_BAND = (1.2, 1.6)  # ln 4 = 1.386: a BCE discriminator's summed real + fake loss at D = 1/2
LN2_BAND = (0.5, 0.9)  # ln 2 = 0.693: the non-saturating generator's loss at D(G(z)) = 1/2


def bce_players(cols: list[list[float]]) -> tuple[str, str] | None:
    """('D', 'G') or ('G', 'D'): whose each of two columns is, told by their first values (module docstring), or
    None (not two columns, or their start says nothing)."""
    if len(cols) != 2 or len(cols[0]) < 3:
        return None
    first = [c[0] for c in cols]
    d = [LN4_BAND[0] <= v <= LN4_BAND[1] for v in first]
    g = [LN2_BAND[0] <= v <= LN2_BAND[1] for v in first]
    if d[0] and g[1]:
        return ("D", "G")
    if d[1] and g[0]:
        return ("G", "D")
    return None


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def columns(rows: list, path: str) -> list[list[float]] | None:
    """The columns of ``rows`` (a list of numbers: one column; a list of equal-length lists/tuples of 2 to
    ``MAX_COLUMNS`` numbers: one column each), or None when ``rows`` is no such table."""
    if not isinstance(rows, list) or len(rows) < 2:
        return None
    if all(_number(v) for v in rows):
        return [[float(v) for v in rows]]
    width = len(rows[0]) if isinstance(rows[0], (list, tuple)) else 0
    if not 2 <= width <= MAX_COLUMNS:
        return None
    if not all(isinstance(r, (list, tuple)) and len(r) == width and all(_number(v) for v in r) for r in rows):
        return None
    return [[float(r[j]) for r in rows] for j in range(width)]


def read_table(cols: list[list[float]], stem: str, path: str, what: str) -> ReadResult:
    """``cols`` (from ``columns``) as series ``stem`` (one column) or ``stem_0``, ``stem_1``... stepped by row
    index; ``what`` names the file's shape in the note (``a NumPy (100, 2) array``)."""
    import numpy as np

    from . import scalar_frame

    n = len(cols[0])
    names = [stem] if len(cols) == 1 else [f"{stem}_{j}" for j in range(len(cols))]
    players = bce_players(cols)
    if players is not None:
        names = [f"{stem}_{p}" for p in players]
    tags = [t for t in names for _ in range(n)]
    steps = np.tile(np.arange(n), len(cols))
    values = [v for c in cols for v in c]
    if not any(math.isfinite(v) for v in values):
        raise UnreadableFile(Problem(path, f"{what} of {n} rows holding no finite number; not read"))
    notes = ()
    if players is not None:
        notes = (Problem(path, f"{what} of {n} rows and 2 unnamed columns: read as {', '.join(names)} by row index "
                               f"(the first row {cols[0][0]:.3g}, {cols[1][0]:.3g}: a BCE GAN's discriminator at ln 4 "
                               "and generator at ln 2 at the start)"),)
    elif len(cols) > 1:
        notes = (Problem(path, f"{what} of {n} rows and {len(cols)} unnamed columns: read as "
                               f"{', '.join(names)} by row index (the file names no column; a GAN script's "
                               "(D, G) order is not known)"),)
    return ReadResult(scalar_frame(tags, steps, values), notes)


def accuracy_row(rows: list[list[float]]) -> int | None:
    """The index of the accuracy in two rows of one loss and one accuracy (``read_rows``), or None: the one row
    whose finite values all lie in [0, 1] and reach above 0.05 (no learning rate), beside a row reaching above 1
    (a loss: an accuracy never does)."""
    import numpy as np

    if len(rows) != 2:
        return None
    inside, above = [], []
    for j, row in enumerate(rows):
        a = np.asarray(row, dtype=float)
        a = a[np.isfinite(a)]
        if a.size == 0:
            return None
        inside.append(bool(a.min() >= 0 and a.max() <= 1 and a.max() > 0.05))
        above.append(bool(a.max() > 1))
    if inside == [True, False] and above[1]:
        return 0
    if inside == [False, True] and above[0]:
        return 1
    return None


def read_rows(rows: list[list[float]], stem: str, path: str, what: str) -> ReadResult:
    """A (series, points) table's rows (``np.save(name, np.array([losses, accs]))``: public narumaml197's
    ``meta-test-loss.npy`` of shape (2, 1000), the MAML meta-test query loss row then accuracy row) read like
    ``read_table``'s columns; except that of two rows, one a loss (above 1 somewhere) and one within [0, 1]
    (``accuracy_row``), the loss keeps the stem and the other is named the accuracy (``loss`` in the stem replaced by
    ``acc``: ``meta-test-acc``; else ``<stem>_acc``), said in one line."""
    import re

    import numpy as np

    from . import scalar_frame

    acc = accuracy_row(rows)
    if acc is None:
        return read_table(rows, stem, path, what)
    acc_name = re.sub(r"(?i)loss(?:es)?", "acc", stem) if re.search(r"(?i)loss", stem) else f"{stem}_acc"
    names = [acc_name if j == acc else stem for j in range(2)]
    n = len(rows[0])
    tags = [t for t in names for _ in range(n)]
    note = Problem(path, f"{what}: two rows of {n} points read as {names[0]}, {names[1]} by index (the row within "
                         f"[0, 1] beside a row above 1 taken for the accuracy; the file names neither)")
    return ReadResult(scalar_frame(tags, np.tile(np.arange(n), 2), [v for r in rows for v in r]), (note,))
