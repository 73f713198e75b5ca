"""Printed logs of bare numbers, with nothing naming them: said, never read (for discovery).

Shapes (twenty-fourth labeller's item 8; both gave 0 rows and no word why):
- rows of numbers and no header: David-Dingle/UniDL4BioPep_ASL_PyTorch ``train_log.txt`` / ``validation_log.txt``,
  one ``epoch loss acc`` line an epoch (``print(epoch, loss, acc, file=f)``);
- a counter line, then a bare number on the next line: Copernicus-project/ETCI-2021 ``train_log.txt``,
  ``epoch: N`` then the epoch's value (``print(f"epoch: {epoch}"); print(loss)``).
Which column is the loss (or the accuracy) is a guess in both: the file is not read, with one line naming it that
says why and what would make it readable.
"""
from __future__ import annotations

import re

_ROW = re.compile(r"^[-+]?\d[\d.eE+-]*(?:(?:\s+|\s*[,;]\s*)[-+]?(?:\d[\d.eE+-]*|nan|inf))+$", re.IGNORECASE)
_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf)$", re.IGNORECASE)
_COUNTER = re.compile(r"^(epoch|step|iter(?:ation)?|batch)\s*[:=#]?\s*\d+$", re.IGNORECASE)
_MIN_LINES = 3
_FIX = "write a header line (epoch,loss,acc) or name each value (epoch=1 loss=0.52)"


def _lines(head: bytes) -> list[str]:
    lines = head.decode("utf-8", "replace").splitlines()
    if len(lines) > 1 and not head.endswith((b"\n", b"\r")):
        lines = lines[:-1]  # the head's last line may be cut
    return [line.strip() for line in lines if line.strip()][:200]


def why_not(head: bytes) -> str | None:
    """Why a file whose first bytes are ``head`` is not read when it is one of the module's shapes, else None."""
    lines = _lines(head)
    if len(lines) < _MIN_LINES:
        return None
    if all(_ROW.match(line) for line in lines):
        widths = {len(re.split(r"\s*[,;]\s*|\s+", line)) for line in lines}
        if len(widths) == 1:
            width = widths.pop()
            return (f"lines of {width} numbers and no header naming them (e.g. {lines[0][:60]!r}): which column is "
                    f"the loss is not certain, so nothing is read; {_FIX}")
    pairs = list(zip(lines[::2], lines[1::2]))
    if len(pairs) >= 2 and all(_COUNTER.match(a) and _NUMBER.match(b) for a, b in pairs):
        counter = _COUNTER.match(pairs[0][0]).group(1)
        return (f"'{pairs[0][0][:30]}' lines each followed by a bare number with no name (e.g. {pairs[0][1][:30]!r}): "
                f"what the number is (a loss? an accuracy?) is not certain, so nothing is read; {_FIX} "
                f"on the {counter} line")
    return None
