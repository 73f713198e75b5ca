"""``*.txt`` files with no log name (``loss.txt``, ``train_output.txt`` aside, ``full_process_validation.txt``,
``ant_output.txt``) holding what a training printed (used by ``discover``).

A ``*.txt`` named like a log is a job log when its head shows progress (``_joblog_names.sniff``); any other ``*.txt``
was not looked at in a folder, although given by name it is read as a printed log (public btl_deeplearning
``loss.txt``: ``Epoch 1 | Train Loss : 32.8986 | Val Loss : 33.0259``, ant-transformer's
``full_process_validation.txt``). Such a file is a job log when its head passes the same sniff AND the printed-log
parser reads at least two progress lines from it (a notes file mentioning "loss" is not); when the sniff passes
but no progress line is read, one line names the file (never a silent skip of a file read when given by name).
A head that is a printed model or a config dump (``_joblog_names.deep_sniff_bytes``, as for a ``*.log``) is read
on to that bound: ReChorus names its logs after the run's arguments (``TIGER__Grocery_and_Gourmet_Food__0__lr=0.001
__l2=0.0.txt``) and logs its argument table and ``logging.info(model)`` first -- a T5's repr, the first ``Epoch 1
loss=..`` line at byte ~8,800 (public rectiger157) -- and such a run was not found in its folder.
The head is counted up to its last line end, ``\n`` or a bar redraw's ``\r``: a tqdm bar redrawn a hundred times in
the first epoch (ClipCap's ``loss_record.txt`` as ``python train.py > loss_record.txt 2>&1`` writes it: ``>>> Training
epoch 0`` then the bar's ``\r`` frames) holds no newline in its first 8 KiB, and the file was passed over.
"""
from __future__ import annotations

from ..runs import Problem, os_reason
from . import UnreadableFile, _joblog_names, _preambles

MIN_LINES = 2


def progress_txt(path: str, name: str, head, problems: list, fs=None) -> bool:
    """Whether a ``*.txt`` with no log name is a printed training log by its first bytes (module docstring); with
    ``fs``, a head that is a known preamble (``_preambles``: a hyper-parameter dump per MPI worker) is looked past."""
    if head is None or not name.endswith(".txt"):
        return False
    sniffed = _joblog_names.sniff(name, head)
    if sniffed and _count(path, head) >= MIN_LINES:
        return True
    if fs is not None and _past_preamble(fs, path, name, head, problems):
        return True
    if sniffed:
        problems.append(Problem(path, f"not read in a folder: its first {len(head):,} bytes name a loss, an epoch or "
                                      "a traceback, but hold no progress line loganalyzer reads (scan the file by "
                                      "name to read it as a printed log)"))
    return False


def _count(path: str, data) -> int:
    """How many progress lines the printed-log parser reads from ``data`` (a file's first bytes)."""
    from . import joblog

    text = bytes(_joblog_names.utf8(data, cut=True))
    end = max(text.rfind(b"\n"), text.rfind(b"\r"))  # a bar's redraws end in '\r': a first epoch's bar of
    # ~100 redraws fills 8 KiB before its first newline (ClipCap's 'loss_record.txt', tqdm to a redirected stderr)
    text = text[: end + 1] if end > 0 else text
    try:
        return len(joblog.parse(text, path + "#head").hits)
    except UnreadableFile:
        return 0


def _past_preamble(fs, path: str, name: str, head, problems: list) -> bool:
    """Whether a file whose head is a known preamble shows ``MIN_LINES`` progress lines within the preamble's bound."""
    which = _preambles.kind(head)
    bound = _preambles.BOUNDS[which] if which is not None else _joblog_names.deep_sniff_bytes(name, head)
    if not bound or len(head) < 4096:  # the whole file was the head
        return False
    try:
        deeper = fs.read_head(path, bound)
    except OSError as e:
        problems.append(Problem(path, f"{os_reason(e)}; not checked for logs past its first bytes"))
        return False
    if len(deeper) <= len(head):
        return False
    if not (_preambles.shows_progress(which, name, deeper, _joblog_names.sniff) if which is not None
            else _joblog_names.sniff(name, deeper)):
        return False
    return _count(path, deeper) >= MIN_LINES
