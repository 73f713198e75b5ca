"""skorch's ``PrintLog`` table printed into a job log (used by ``readers/_joblog_whole.py``).

skorch (``skorch/callbacks/logging.py``, ``PrintLog``) prints its history with tabulate's 'simple' format: a header
of the history keys, a rule of dashes (one group per column, two spaces between), then one row per epoch as the
epoch ends; each new best value is wrapped in an ANSI colour (``Ansi``: ``\\x1b[36m0.1124\\x1b[0m``) and the
checkpoint column ``cp`` holds ``+`` or nothing::

    [+] Runner instantiated with cmd train and data cache/sparse_labeled_6.pkl
      epoch    auprc    auroc      f1    train_loss    valid_acc    valid_loss    cp      dur
    -------  -------  -------  ------  ------------  -----------  ------------  ----  -------
          1   \\x1b[36m0.1124\\x1b[0m   ...      \\x1b[31m0.4784\\x1b[0m   ...   0.3017     +  12.1672
          5   0.3660   0.8221  0.2462        0.2024       0.9269        0.2124        11.3582
    Stopping since valid_loss has not improved in the last 3 epochs.

(public tabsepsis196 ``trainTST_6.log``). Lines before and after the table (a runner's messages, ``EarlyStopping``'s
'Stopping since ..', 'Final AUROC: ..') made it no table, and the empty ``cp`` cells made rows one field short, so
the log read 0 rows. Here each row is cut at the rule's column spans (tabulate measures widths without the colour
codes: the cells line up once they are removed), every numeric column but ``epoch`` and ``dur`` (seconds) read at
the row's epoch, under its own name (``valid_loss`` is the validation loss, as skorch names it).
"""
from __future__ import annotations

import re

from ._progress import Record

_ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]")
_RULE = re.compile(rb"(?m)^[ \t]*-{3,}(?:  +-{3,})+[ \t]*\r?$")
_SKIP = {"epoch", "dur", "cp"}


def _spans(rule: bytes) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rb"-+", rule)]


def skorch_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every row of a skorch ``PrintLog`` table (module docstring), or None when ``data`` holds
    none (no header starting with ``epoch`` over a rule of dashes, one group per header word)."""
    if data.find(b"epoch") < 0 or data.find(b"-------") < 0:
        return None
    out: list[tuple[int, Record]] = []
    for rule in _RULE.finditer(data):
        head_end = data.rfind(b"\n", 0, rule.start())
        head_start = data.rfind(b"\n", 0, max(head_end, 0)) + 1
        if head_end < 0:
            continue
        header = _ANSI.sub(b"", bytes(data[head_start:head_end])).rstrip(b"\r").decode("utf-8", "replace")
        spans = _spans(bytes(data[rule.start():rule.end()]).rstrip(b"\r"))
        names = header.split()
        if len(names) != len(spans) or names[0] != "epoch":
            continue
        pos = rule.end() + 1
        while pos < len(data):
            end = data.find(b"\n", pos)
            end = len(data) if end < 0 else end
            line = _ANSI.sub(b"", bytes(data[pos:end])).rstrip(b"\r").decode("utf-8", "replace")
            cells = [line[a:b + 1 if i + 1 < len(spans) else len(line)].strip() for i, (a, b) in enumerate(spans)]
            if not cells[0].isdigit() or len(line) < spans[-1][0]:
                break
            values = []
            for name, cell in zip(names, cells):
                if name in _SKIP or not cell:
                    continue
                try:
                    values.append((name, float(cell)))
                except ValueError:
                    continue
            if values:
                epoch = int(cells[0])
                out.append((pos, Record("skorch", tuple(values), step=epoch, epoch=float(epoch), own_step=True)))
            pos = end + 1
    return out or None
