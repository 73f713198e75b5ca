"""Log files of ``<step> <name> <value>`` lines (``joblog``): Karpathy's build-nanogpt and its many forks.

build-nanogpt's ``train_gpt2.py`` opens ``log/log.txt`` and appends, per evaluation and per step,
``f.write(f"{step} val {val_loss_accum.item():.4f}\\n")``, ``f.write(f"{step} hella {acc_norm:.4f}\\n")`` and
``f.write(f"{step} train {loss_accum.item():.6f}\\n")`` (public AGNDM/build-nanogpt ``log_bigger/log.txt``: 19,073
``train``, 78 ``val`` and 78 ``hella`` lines). No line holds a loss word, an epoch or a bar, so the file was "not
read: ... no training progress": a repository committing only ``log/log.txt`` lost its run.

Read here when the file's first lines are all of that shape and one name says a split or a loss (``train``, ``val``,
``test``, ``*loss*``): every such line is a point of the series it names at its step. build-nanogpt's own names
(``train``/``val`` the losses, ``hella`` HellaSwag's normalised accuracy) become ``train_loss``, ``val_loss`` and
``hellaswag_acc``; any other name is kept as printed (``100 loss 2.31``). A name/value list a dataset or vocabulary
file holds (``0 person 1``) names no split or loss and is no such log. Forks that resume or stage a run write
``#`` comment lines into the same file (public cse251b build-nanogpt fork: ``# resumed at <time> from step 8001``,
``# stage started ... at step 38000``, ``# BEST valbin_ppl inf at step -1``): such lines are no points and are
looked past in the head, wherever they stand.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import _joblog_llmc

if TYPE_CHECKING:  # the parser (~70 regexes, ~0.1-0.25 s to import) only where a log is read: discovery imports
    from ._progress import Record  # this module's sniff (``looks``) through ``_joblog_names``

_LINE = re.compile(rb"(?m)^(\d{1,12})[ \t]+([A-Za-z][\w./-]{0,40})[ \t]+([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+|nan|inf))"
                   rb"[ \t]*\r?$")
_TOLD = re.compile(r"(?i)^(?:train\w*|val\w*|valid\w*|test\w*|eval\w*|dev)$|loss")
_EVAL = re.compile(r"(?i)val|valid|test|eval|dev")
_NANOGPT = {"train": "train_loss", "val": "val_loss", "hella": "hellaswag_acc"}
_HEAD_LINES = 3
_MAX = 2_000_000


def _head_lines(head: bytes) -> list[bytes]:
    lines = bytes(head).splitlines()
    if len(lines) > 1 and not head.endswith((b"\n", b"\r")):
        lines = lines[:-1]  # the head's last line may be cut
    return [line for line in lines if line.strip() and not line.lstrip().startswith(b"#")][:64]


def looks(head: bytes) -> bool:
    """Whether a file's first bytes are such a log: its first non-empty lines (3 or more) all ``<step> <name>
    <value>``, steps never going back, one name telling a split or a loss (module docstring)."""
    lines = _head_lines(head)
    if len(lines) < _HEAD_LINES:
        return False
    if lines[0].startswith(b"s:"):  # llm.c's 's:0 trl:11.0116 lr:0.000001 norm:14.96' (_joblog_llmc)
        return _joblog_llmc.looks(lines)
    found = [_LINE.match(line) for line in lines]
    if not all(found):
        return False
    steps = [int(m.group(1)) for m in found]
    names = {m.group(2).decode() for m in found}
    return all(b >= a for a, b in zip(steps, steps[1:])) and any(_TOLD.search(n) for n in names)


def stepname_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every ``<step> <name> <value>`` line of ``data`` when its head is such a log (``looks``);
    [] otherwise."""
    if not looks(bytes(data[:8192])):
        return []
    from ._progress import Record

    text = bytes(data[:size])
    if text.lstrip().startswith(b"s:"):  # llm.c's main.log (_joblog_llmc)
        return [(o, Record("stepname", values, step=step, kind=kind, own_step=True))
                for o, step, values, kind in _joblog_llmc.llmc_points(text, _MAX)]
    names = set()
    found = []
    for m in _LINE.finditer(text):
        if len(found) >= _MAX:
            break
        names.add(m.group(2).decode())
        found.append(m)
    rename = _NANOGPT if names <= set(_NANOGPT) else {}
    out = []
    for m in found:
        name = m.group(2).decode()
        tag = rename.get(name, name)
        kind = "eval" if _EVAL.match(tag) or tag == "hellaswag_acc" else "train"  # '100 loss 2.3': training's
        out.append((m.start(), Record("stepname", ((tag, float(m.group(3))),), step=int(m.group(1)), kind=kind,
                                      own_step=True)))
    return out
