"""Jupyter notebooks (``*.ipynb``): what the training printed into the cells' outputs, read as a printed job log.

A notebook is JSON (nbformat 4: ``cells[].outputs[]``); only the outputs' text is the log -- ``stream`` outputs
(``stdout``/``stderr``: Keras ``fit`` bars, tqdm bars, ``print`` lines), the ``text/plain`` of execute results and
display data, and an ``error`` output's traceback -- cell after cell in order, handed to the printed-log parser
(``joblog``). The cells' source code is never read (``train_loss = 0`` in a code cell is no point). The trainings
in that text are split as the same text saved as a ``.log`` is (six ``model.fit`` calls printed in one cell:
``train.ipynb#1`` .. ``#6``).

Discovery looks at a notebook's first ``HEAD_BYTES`` (``sniff``), then at its first ``LATE_BYTES`` when that head
shows no printed progress (plots' images come first); a notebook with none there is never parsed; a candidate is parsed whole once to count its trainings, and one with none makes no run.
"""
from __future__ import annotations

import json
import re

from ..runs import Problem, os_reason
from . import UnreadableFile

FORMAT = "notebook"
SUFFIX = ".ipynb"
HEAD_BYTES = 1 << 18  # discovery's look at a notebook: outputs past the first 256 KiB are not looked for
# a head that shows none is looked at again up to LATE_BYTES: a notebook's plots (base64 PNGs of the waveforms and
# spectrograms, 100-300 KB each) often come before its training cell
LATE_BYTES = 32 << 20
MAX_BYTES = 256 << 20  # a notebook this big is mostly images: not parsed
# printed progress as it appears inside the notebook's JSON strings: a Keras bar ('Epoch 1/25', '1053/1053 [===='),
# a tqdm bar ('100%|', 'it/s'), a loss/accuracy printed with a decimal number ('loss: 0.0430', 'Loss 1.9496');
# source code (``loss = 0``, ``loss=criterion(...)``) does not match
_PROGRESS = re.compile(rb"Epoch \d+/\d+|\d+/\d+ \[=|\d%\||\d(?:it|s)/(?:s|it)\b|Batch/s|"
                       rb"(?i:loss|acc(?:uracy)?)\b['\"]?\s?[:=|]?\s?[-+]?\d*\.\d")
_OUTPUT = re.compile(rb'"output_type"\s*:')


def sniff(head: bytes) -> bool:
    """Whether a notebook's first bytes hold cell outputs with printed training progress (a candidate to parse)."""
    head = bytes(head)
    return head.lstrip()[:1] == b"{" and _OUTPUT.search(head) is not None and _PROGRESS.search(head) is not None


def _text(value) -> str:
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


def outputs_text(data, path: str) -> bytes:
    """The text the notebook's cells printed, cell by cell in order (UTF-8 bytes); ``UnreadableFile`` when the file
    is no notebook."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(Problem(path, f"a notebook of {len(data):,} bytes (more than {MAX_BYTES:,}): not read"))
    try:
        notebook = json.loads(bytes(data))
    except (ValueError, UnicodeDecodeError) as e:
        where = getattr(e, "pos", None)
        raise UnreadableFile(Problem(path, f"not a Jupyter notebook: invalid JSON ({getattr(e, 'msg', e)})",
                                     offset=where)) from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if cells is None and isinstance(notebook, dict):  # nbformat 3: worksheets[].cells[]
        cells = [c for w in notebook.get("worksheets") or () if isinstance(w, dict) for c in w.get("cells") or ()]
    if not isinstance(cells, list):
        raise UnreadableFile(Problem(path, "not a Jupyter notebook: no 'cells' list"))
    parts: list[str] = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        for output in cell.get("outputs") or ():
            if not isinstance(output, dict):
                continue
            kind = output.get("output_type")
            if kind == "stream":
                text = _text(output.get("text"))
            elif kind in ("execute_result", "display_data", "pyout"):
                data_ = output.get("data")
                text = _text(data_.get("text/plain")) if isinstance(data_, dict) else _text(output.get("text"))
            elif kind in ("error", "pyerr"):
                text = "\n".join(_text(line) for line in output.get("traceback") or ())
            else:
                text = ""
            if text:
                parts.append(text if text.endswith(("\n", "\r")) else text + "\n")
    return "".join(parts).encode("utf-8", "replace")


def count_segments(data, path: str) -> int:
    """How many trainings the notebook's outputs hold (0: none; the printed-log parser's runs)."""
    from . import joblog

    text = outputs_text(data, path)
    if not text.strip():
        return 0
    log = joblog.parse(text, path)
    return len(log.segments) if log.hits else 0


def candidate_runs(fs, path: str, problems: list, head: bytes | None = None, given: bool = False) -> int:
    """How many runs a notebook found on disk makes (0: none). Its head is sniffed first; only a candidate is read
    whole. ``given``: named on the command line -- a notebook that makes no run is then said in one line."""
    try:
        if head is None or len(head) < HEAD_BYTES:
            head = fs.read_head(path, HEAD_BYTES)
        if not sniff(head) and len(head) >= HEAD_BYTES:  # plots' base64 PNGs before the fit cell's printed bars
            head = fs.read_head(path, LATE_BYTES)  # (set 185: 'Epoch 1/10' at byte 551,144 of 591,770)
        if not sniff(head):
            if given:
                problems.append(Problem(path, "a Jupyter notebook whose cell outputs (first "
                                              f"{min(len(head), HEAD_BYTES):,} bytes) show no training progress: "
                                              "no run"))
            return 0
        with fs.open_bytes(path) as data:
            count = count_segments(data, path)
    except UnreadableFile as e:
        problems.append(e.problem)
        return 0
    except OSError as e:
        problems.append(Problem(path, f"{os_reason(e)}; not checked for logs"))
        return 0
    if count == 0 and given:
        problems.append(Problem(path, "a Jupyter notebook whose cell outputs hold no training progress: no run"))
    return count


def read_job(data, path: str, segment: int | None = None):
    """(the curves of one training printed in the notebook's outputs, its ending facts), as ``joblog.read_job``."""
    from . import joblog

    text = outputs_text(data, path)
    if not text.strip():
        raise UnreadableFile(Problem(path, "a Jupyter notebook with no cell output: no run"))
    return joblog.read_job(text, path, segment)


def read_job_columns(data, path: str, segment: int | None = None):
    """``read_job`` with bare columns, as ``joblog.read_job_columns`` (the loader's path: no pandas)."""
    from . import joblog

    text = outputs_text(data, path)
    if not text.strip():
        raise UnreadableFile(Problem(path, "a Jupyter notebook with no cell output: no run"))
    return joblog.read_job_columns(text, path, segment)


def read(data, path: str, segment: int | None = None):
    """The curves of one training printed in the notebook's outputs (``segment`` 0-based; None: all)."""
    return read_job(data, path, segment)[0]
