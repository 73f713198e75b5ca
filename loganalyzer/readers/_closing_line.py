"""A closing text line after a CSV table (for ``_text._drop_cut_last_row``): a summary a script writes when training
is done, not a row cut short by a job killed mid-write."""
from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z]{2,}")


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def closing_text(last: str, above: str, sep: str) -> bool:
    """Whether a last line without its newline is a closing text line after a complete table, not a row cut short:
    its first field holds a word (two letters or more, no prefix of ``nan``/``infinity``) where the row above holds
    a number (public gnnslim122 ``losses.csv``: 500 rows of ``Epoch,loss,feat_num``, a blank line, then ``f1 score
    on testset: 0.7839`` with no newline, was reported as a file truncated mid-write). The row reader then skips it
    with its one line, as it does when the line ends with a newline. A row cut inside its numbers (``499,0.25``) or
    inside a text first column (``trai`` under rows starting ``train``) is still cut short."""
    split = (lambda line: line.split()) if sep == r"\s+" else (lambda line: line.split(sep))
    first, over = ((split(line.strip()) or [""])[0].strip().strip('"') for line in (last, above))
    word = first.lower().lstrip("+-")
    if not above or not _number(over) or not _WORD.search(word):
        return False
    return not any(full.startswith(word) for full in ("nan", "infinity"))
