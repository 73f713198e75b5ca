"""What a scan asks of printed logs before it finds one, importing no job-log module (their ~350 regexes): the
process-wide reading settings (``configure``/``settings``: ``scan`` and every worker set them for each scan), the
file names that are job logs (``is_job_log_name``), W&B's own logs (``wandb_own_log``: never a training's output)
and the head sniff every CSV candidate gets (``printed_log``: a job's output whose first line looks like a header;
it imports the line parser, ``_progress``, only for a head whose first lines name a loss next to a number).
``_joblog_names`` and ``_joblog_files`` re-export them; a tree without printed logs imports only this."""
from __future__ import annotations

import fnmatch
import re
import sys

from . import _latin_keys  # (_cjk_keys: imported for a head that is not ASCII, ``printed_log``)

_SETTINGS: dict = {"rank": None, "patterns": (), "globs": (), "given": (None, (), ())}


def configure(rank: int | None = None, patterns=(), globs=()) -> None:
    """Process-wide reading options (``scan`` sets them from ``AnalysisOptions.joblog_*``, in every worker too):
    the rank whose curves are read (None: rank 0), user patterns: regexes with named groups, ``step`` (and/or
    ``epoch``) and one group per series (``r"it (?P<step>\\d+) L=(?P<loss>\\S+)"``), and file-name globs
    (``*.txt``) read as job logs besides the usual names. The same settings again keep the parsed-log cache."""
    given = (rank, tuple(patterns), tuple(globs))
    if given == _SETTINGS["given"]:
        return
    _SETTINGS["given"] = given
    _SETTINGS["rank"] = rank
    _SETTINGS["patterns"] = tuple(re.compile(p.encode() if isinstance(p, str) else p) for p in patterns)
    _SETTINGS["globs"] = tuple(globs)
    parser = sys.modules.get(__package__ + ".joblog")
    if parser is not None:  # logs parsed under the old settings
        parser._CACHE.clear()


def settings() -> tuple:
    """The ``configure`` arguments in force (to hand to another process): (rank, patterns, globs)."""
    return _SETTINGS["given"]


# Grid Engine and PBS/Torque name a job's output '<job name>.o<job id>' and '<job name>.e<job id>' (SGE qsub(1) -o/-e
# "$JOB_NAME.o$JOB_ID"; PBS qsub(1B) "job_name.o<sequence number>"; '.po'/'.pe' for a parallel environment's); array
# tasks add the task after the id: SGE '.o123.4', Torque '.o123-4', PBS Pro '.o123.4'. LSF (bsub -o %J/%I) and
# SLURM (sbatch --output, default 'slurm-%j.out', arrays 'slurm-%A_%a.out') take the user's names, mostly '*.out'/
# '*.err'; an LSF '-o job.o%J' gives the Grid Engine shape. A bare '.o'/'.e' (a job given '-o run.o') is taken too:
# every candidate still passes the content sniff (an object file 'x.o' is binary, no job log).
GRID_NAME = re.compile(r"^(.+)\.(p?)([oe])(\d*(?:[.-]\d+)?)$")
_NAMES = re.compile(r"^(?:slurm-.*\.(?:out|err)|.*\.(?:out|err|stdout|stderr)|std(?:out|err)(?:[._-].*)?"
                    r"|.+\.p?[oe]\d*(?:[.-]\d+)?)$")


def is_job_log_name(name: str) -> bool:
    return bool(_NAMES.match(name)) or any(fnmatch.fnmatchcase(name, glob) for glob in _SETTINGS["globs"])


_WANDB_OWN = frozenset({"debug.log", "debug-internal.log", "debug-core.log"})


# what W&B's own logs hold in their first lines: debug.log '... [wandb_setup.py:_flush():81] Current SDK version',
# debug-internal.log (wandb-core: JSON lines, '"msg":"wandb-core"'; older: '[internal.py:wandb_internal():86]'),
# debug-core.log ('"msg":"main: starting server"' with its '/tmp/wandb-<pid>-...' socket)
_WANDB_HEAD = re.compile(rb"\[wandb_\w+\.py:|wandb[-_]core|wandb_internal|SDK version|/wandb-\d+-|\[(?:internal|handler|"
                         rb"sender|writer|system_monitor)\.py:")


def wandb_own_log(path: str, name: str, head: bytes | None = None) -> bool:
    """W&B's own logs (``wandb/run-*/logs/debug.log``, ``debug-internal.log``, ``wandb/debug.log``): the library's
    bookkeeping (its config dump included), not what the training printed. Known by the name and where it lies,
    or, in a W&B run folder copied under another name (``project__run-x/logs/debug.log``), by its first lines."""
    if name not in _WANDB_OWN:
        return False
    parts = path.replace("\\", "/").split("/")[:-1]
    if any(p == "wandb" or p.startswith(("run-", "offline-run-")) for p in parts[-3:]):
        return True
    return head is not None and _WANDB_HEAD.search(bytes(head[:8192])) is not None


_PRINTED = re.compile(rb"(?:Epoch|EPOCH) \d+/\d+\s*\n|(?m:^[ \t]*[*=#~-]+[ \t]*(?:Epoch|EPOCH) \d+/\d+[ \t]*[*=#~-]*\r?$)|Traceback \(most recent|slurmstepd|it/s[\],]|\d%\||\{'(?:eval_)?loss'|"
                      rb"iter \d+: loss|Train Epoch: \d|(?<!\d)\d+/\d+ \[=*[>.]*\] - |"
                      rb"(?:^|[\r\n])epoch {2,}train_loss {2}")  # fastai's progress table (readers/_joblog_table.py)


# (an upper-case 'EPOCH 3/20' header over a PyTorch quickstart-style loop's 'loss: 0.54  [  128/  384]' lines: read as
# a whitespace-separated table, no series; readers36)
# Every pattern of _PRINTED holds one of these: a head holding none cannot match (a plain substring test, far
# cheaper than the search on a CSV full of digits).
_PRINTED_NEEDLES = (b"/", b"%|", b"Traceback (most recent", b"slurmstepd", b"{'", b"iter ", b"Train Epoch: ",
                    b"train_loss  ")


def printed_log(head: bytes) -> bool:
    """The first bytes of a file are what a training printed (Keras' 'Epoch 1/3', a tqdm bar, a traceback), not a
    table a logger wrote, although the first line may look like a header to a CSV sniffer. Keys in another
    language (``Epoca [1/6] perdua=2.0``) are looked at in English (``_latin_keys``), and so are Chinese keys as the
    job-log reader reads a UTF-8 log (``_cjk_keys.loss_only``: ``Epoch [1/6] 训练损失：1.58 验证损失：1.88`` was read as a
    whitespace table of junk column names)."""
    latin = _latin_keys.in_english(head)
    if latin is not head or head.isascii():
        head = latin
    else:  # (imported here: its CJK classes are ~10 ms of regexes a tree of ASCII CSV logs never uses)
        from . import _cjk_keys

        head = _cjk_keys.loss_only(head)
    # each needle's first and last bytes first: a one-byte search is a memchr, while a short needle is searched at
    # ~10 ns a byte (a CSV's 8 KiB head: ~190 us for the 7 needles)
    if _has_needle(head) and _PRINTED.search(head) is not None:
        return True
    return _progress_first_line(head) or _epoch_then_loss(head) or _progress_under_title(head) \
        or _split_rows(head) or _epoch_batch_table(head) or _DASHED_HEADER.match(head) is not None \
        or _iteration_pairs(head)


def _iteration_pairs(head: bytes) -> bool:
    """CyCADA's ``Iteration 100: D:0.685 G:0.717 clsS:1.427`` lines (``_joblog_iterpairs``): a whitespace CSV sniffer
    took ``Iteration``, ``100:`` and each ``name:value`` for columns of no numbers (brk60 W8)."""
    from ._iterpairs_head import looks  # (light: no reader import; one memchr for 'Iteration ' first)

    return looks(head)


# 'Epoch - Loss - Training Accuracy - Validation Accuracy' opening the file, then '0 - 0.4354 - 76.99 - 76.78' rows (the
# job-log reader's ``_joblog_csvblock``): a whitespace sniffer took '-' and each word for columns
_DASHED_HEADER = re.compile(rb"\A\s*(?=[^\n]*(?i:loss))[A-Za-z][\w ]{0,40}?(?: - [A-Za-z][\w ]{0,40}?){1,20}\s*\r?\n")


def _epoch_batch_table(head: bytes) -> bool:
    """ultralytics/yolov3 (2019) / JDE's ``Epoch  Batch  box  conf  id  total  nTargets  time`` header
    (``_joblog_epochbatch``), perhaps after a logging prefix: a CSV sniffer took its cells (and the prefix's date and
    clock) for columns."""
    return b"T" in head and b"nTargets" in head and _EPOCH_BATCH.search(head) is not None  # one memchr first


_EPOCH_BATCH = re.compile(rb"(?m)[ \t]Epoch[ \t]+Batch[ \t]+[^\n]*?[ \t]total[ \t]+nTargets[ \t]+time[ \t]*\r?$")


def _split_rows(head: bytes) -> bool:
    """``Epoch #0`` / ``Train: 0.98`` / ``Validation: 0.97`` (``_joblog_splitrows``): a CSV sniffer took the first
    header line for a space-separated header."""
    if (b":" not in head and b"=" not in head) or b"poch" not in head.lower():
        return False  # (before the import: a CSV tree imports no printed-log module)
    from ._joblog_splitrows import looks

    return looks(head)


_NEEDLE_ENDS = tuple((needle[:1], needle[-1:], needle) for needle in _PRINTED_NEEDLES)


def _has_needle(head: bytes) -> bool:
    """Whether ``head`` holds one of ``_PRINTED_NEEDLES`` (a loop, not a generator: ~4 us less a CSV head)."""
    for first, last, needle in _NEEDLE_ENDS:
        if first in head and last in head and needle in head:
            return True
    return False


# a line holding only the epoch, then a line naming a loss (public bilstm-cnlm train_log.txt: 'epoch   1' /
# 'loss: 6.608444' / 'test accuracy: 20.78%, ...'), in the first lines: a CSV sniffer took 'epoch   1' for a header
_EPOCH_THEN_LOSS = re.compile(rb"(?im)^[ \t]*epoch[ \t:#]*\d+(?:[ \t]*/[ \t]*\d+)?[ \t:]*\r?\n"
                              rb"[ \t]*(?:[a-z]+[ \t]+)?loss[ \t]*[:=][ \t]*[-+]?\d"
                              # ... or 'Epoch:0, mask loss is 0.9941' below other printed lines (public laneseg65
                              # val_log.csv: per-class IoU lines '0: 0.9744' first, then the epoch's loss line)
                              rb"|^[ \t]*epoch[ \t]*[:#]?[ \t]*\d+[ \t]*[,|][ \t]*(?:[a-z]+[ \t]+)?loss is[ \t]*[-+]?\d")


def _epoch_then_loss(head: bytes) -> bool:
    # the loss line's ':' or '=' first (memchr): a CSV has neither, and the search costs ~20 us on its 8 KiB head
    # (the one-byte tests before the 4-byte ones: a CSV head holds 'p' and 'o' early and no ':' or '=')
    return (b":" in head or b"=" in head) and b"poch" in head and b"oss" in head \
        and _EPOCH_THEN_LOSS.search(head[:4096]) is not None


_NOT_DIGITS = bytes(b for b in range(256) if not 48 <= b <= 57)


def _progress_first_line(head: bytes) -> bool:
    """The first line is itself a progress line with a step (``epoch: 1 loss: 0.81 val_loss: 0.85``, ``epoch=1
    loss=0.81``): names paired with numbers, no CSV header (whose names stand alone)."""
    line = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].strip()
    if not line or b"oss" not in line or not line.translate(None, _NOT_DIGITS):
        return False  # no digit: no step, so no progress line with one (a CSV header)
    from ._progress import parse as parse_segment  # the line parser: only for a *.log whose line names a loss

    record = parse_segment(line)
    return record is not None and record.shape == "kv" and record.kind == "train"


_TITLE_LINES = 12  # non-blank lines looked at under a first line that is no progress line


def _progress_under_title(head: bytes) -> bool:
    """Two of the first lines after the first one are progress lines with a step that name a loss (``step 0, loss:
    10.8993``): a title or prose line first (public aakashvardhan/s21-gpt2 ``log.md``: 'Overfit a single batch of
    data' over a fenced block of such lines) made the whitespace-table sniffer take the title for a header and the
    loss values for a 'batch' column. A table's rows pair no name with a number, so none of them counts."""
    if b"oss" not in head or (b":" not in head and b"=" not in head):
        return False
    from ._progress import parse as parse_segment

    lines = [line.strip() for line in head[:4096].split(b"\n")]
    lines = [line for line in lines if line][1:_TITLE_LINES + 1]
    found = 0
    for line in lines:
        if b"oss" not in line or not line.translate(None, _NOT_DIGITS):
            continue
        record = parse_segment(line)
        if record is not None and record.shape == "kv" and record.kind == "train" \
                and (record.step is not None or record.epoch is not None):
            found += 1
            if found == 2:
                return True
    return False
