"""A printed training log saved under an extension no log has, found in a folder walk (for ``discover``).

Public derekchen14/snippet_rnn keeps a Keras ``fit`` output as ``results/0508_results.rb``: read when given, but a
folder walk opens only known log names and suffixes, so it was never found. Such a file is looked at only when its
name says it records a run (``results``, ``history``, ``log``/``logs``, ``output`` as a word) and its extension is
none of the formats known not to be a log (code, configs, data, images, weights, archives); it is a job's output when
its head shows progress as a ``*.txt`` log's would (``_joblog_names.sniff``) and two of its lines are progress lines
the job log reader parses (a script that prints one ``loss: 0.5`` is none). One 8 KiB head read per such file;
nothing is said about the others (they were never named as logs).

A log kept under a rank or rotation suffix (no extension a log has) is looked at the same way a ``*.log`` is:
``paddle.distributed.launch`` writes every rank's stdout to ``log/workerlog.0``, ``log/workerlog.1``...; logging's
``RotatingFileHandler`` leaves ``train.log.1``, ``TimedRotatingFileHandler`` ``train.log.2024-01-31``; ``stdout.0``
is a job log by name already. Such a file (``rotated_named``) is taken when its head passes the ``*.log`` sniff
(``_joblog_files.sniff_file``, nothing said when it fails: it was never named as a log) and holds no NUL byte (a
binary file, never a printed log).

A log saved with no extension at all (public lpctron147 ``logs-Tacotron/Terminal_train_log``: Rayhane-mamah's
Tacotron-2 ``train.py`` output, ``tee``'d by its user, a 14 KB hyperparameter dump then ``Step  1 [28.576 sec/step,
loss=14.65658, avg_loss=14.65658]``) was never opened. A name with no dot whose last word names a record (``log``,
``logs``, ``results``, ``history``, ``output``: ``extensionless_named``) is looked at as an odd extension is, over
``DEEP_SNIFF`` bytes (a config dump can fill the first 8 KiB), and taken when two of its lines are progress lines.
A job's captured stream saved under its stream's name is looked at the same way (``err``, ``out``, ``stdout``,
``train_err``: public mt5 course runs keep JoeyNMT 2.x's training, which logs to stderr, as ``<model>/err``, a 120-line
``cfg.*`` dump then ``Epoch   1, Step:      100, Batch Loss: ...``).
"""
from __future__ import annotations

import re

_ODD_LOG = re.compile(r"(?i)(?:^|[_\-.\d])(?:results?|history|logs?|output)(?=[_\-.])[^/]*\.([a-z0-9]{1,5})$")
_NOT_LOG_SUFFIXES = frozenset(
    "json jsonl csv tsv txt log md ipynb npy npz pkl pickle joblib py pyc pyx sh bash zsh bat ps1 yaml yml toml cfg "
    "ini conf env png jpg jpeg gif bmp tif tiff svg pdf eps ps pt pth ckpt h5 hdf5 keras onnx pb tflite bin "
    "safetensors msgpack zip gz tar tgz bz2 xz 7z rar mat wav mp3 flac mp4 avi mov html htm js css xml db sqlite "
    "parquet feather arrow tfrecord lock so o a exe dll jar class xlsx xls docx pptx odt tex bib c cc cpp h hpp java "
    "go rs ts tsx jsx swift kt scala lua php r m jl".split())


# the stem a log name: ``log``, ``*_log``/``*-log``/``*.log``, ``workerlog`` (paddle) and the like -- never a word
# ending in "log" (``CHANGELOG.1``, ``catalog.2``, ``backlog.3``: breaker2 26)
_ROTATED = re.compile(r"(?i)^(?:(?:[^/]*[_.-]|worker|server|train|job|run|node|rank)?log|[^/]+\.(?:out|txt|err))"
                      r"\.(?:\d{1,6}|\d{4}-?\d\d-?\d\d(?:[_T.-][\d:_.-]*)?)$")


def rotated_named(name: str) -> bool:
    """``workerlog.0``, ``train.log.1``, ``train.log.2024-01-31``, ``job.out.2`` (module docstring)."""
    return _ROTATED.match(name) is not None


def rotated_log(fs, path: str, name: str, printed) -> bool:
    """Whether a ``rotated_named`` file is a printed log: the ``*.log`` sniff on its head, no NUL byte in it."""
    try:
        head = fs.read_head(path, 8192)
    except OSError:
        return False
    if b"\0" in bytes(head):
        return False
    return printed.sniff_file(fs, path, name.replace(".", "_") + ".log", head, [])


EXTENSIONLESS_SNIFF = 1 << 16  # _joblog_names.DEEP_SNIFF: past a config dump
_EXTENSIONLESS = re.compile(r"(?i)^[^.]*(?:^|[_\-\d])(?:results?|history|logs?|output|out|err|std(?:out|err))$")


def extensionless_named(name: str) -> bool:
    """``Terminal_train_log``, ``train-output``, ``err``: no extension, the last word naming a run's record or stream (module
    docstring); ``log`` itself is discover's own (Chainer's LogReport)."""
    return name != "log" and _EXTENSIONLESS.match(name) is not None


def odd_named(name: str) -> bool:
    """Whether a file name of an unknown extension is named as a run's record (module docstring); a ``*.py`` so named
    is looked at too (``pasted_log``)."""
    m = _ODD_LOG.search(name)
    return m is not None and (m.group(1).lower() not in _NOT_LOG_SUFFIXES or m.group(1).lower() == "py")


# a printed log pasted into a ``*.py`` file named as a record (public nlp-beginner-guide solutions: ``result.py``,
# ``train&validation_result.py`` hold cnn-text-classification-pytorch's ``Train: Batch[100] - loss: 0.707424 acc:
# 59.38%)`` / ``Dev: loss: 0.650118 acc: 61.73%)`` output under a ``Parameters:`` dump): taken when under half of its
# head's non-blank lines read as Python (``_preambles``' line of code) -- a real ``results.py`` module is code -- and
# the head shows progress as any odd extension's must (``odd_log``)
_CODE_SHARE = 0.5


def pasted_log(fs, path: str, name: str) -> bool:
    """Whether a ``*.py`` named as a record holds a pasted printed log, not Python source (above); else ``odd_log``'s
    answer for any other odd extension."""
    if not name.lower().endswith(".py"):
        return odd_log(fs, path, name)
    from .readers._preambles import _CODE

    try:
        head = bytes(fs.read_head(path, 8192))
    except OSError:
        return False
    lines = [line for line in head.splitlines()[:-1] or head.splitlines() if line.strip()]
    code = sum(1 for line in lines if _CODE.match(line) is not None)
    return bool(lines) and code < _CODE_SHARE * len(lines) and not _is_python(fs, path) and odd_log(fs, path, name)


# a module whose docstring quotes log lines (a breaker's ``parse_log.py`` quoting 25 ``Epoch 1/25 - loss: ..`` lines
# above ``import re`` / ``def main(path):``; ``plot_history.py`` pasting last run's output) passes the share test
# above, its docstring's lines not read as code; but it parses as Python, and a pasted log does not ('Epoch 1/25 -
# loss: 0.7', 'Train: Batch[100] - loss: ..'). Read up to ``_PY_CAP`` bytes; a bigger file is judged on its head.
_PY_CAP = 1 << 20


def _is_python(fs, path: str) -> bool:
    """Whether the file parses as a Python module holding a statement (a bare dict/list/tuple display on every line,
    HF's printed ``{'loss': ..}`` records pasted alone, is a log that parses by chance; so is a module that is one
    string, a printed log pasted whole into a docstring: nlpguide's ``train&validation_result.py``)."""
    import ast
    import warnings

    try:
        text = bytes(fs.read_head(path, _PY_CAP)).decode("utf-8", "replace")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # (invalid escapes in a module's strings: SyntaxWarning)
            tree = ast.parse(text)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    if not all(isinstance(node, ast.Expr) and isinstance(node.value, (ast.Dict, ast.List, ast.Tuple, ast.Constant))
               for node in tree.body):
        return True
    if any(isinstance(node.value, (ast.Dict, ast.List, ast.Tuple)) for node in tree.body):
        return False
    return not _advancing(text)


def _advancing(text: str) -> bool:
    """Whether a module that is only strings holds progress lines at two steps or more: a printed log pasted into a
    docstring advances (``Batch[100]``, ``Batch[200]``..), a table of models' results all at ``epoch 200`` does not
    (brk59 R6: a benchmark docstring of five models' best checkpoints is no run)."""
    from .readers._progress import parse

    steps = set()
    for line in text.encode("utf-8", "replace").splitlines()[:2000]:
        record = parse(line) if b"oss" in line else None
        if record is not None and record.values and (record.step is not None or record.epoch is not None):
            steps.add(record.step if record.step is not None else record.epoch)
            if len(steps) >= 2:
                return True
    return False


def odd_log(fs, path: str, name: str, size: int = 8192) -> bool:
    """Whether such a file is a job's output (module docstring), looking at its first ``size`` bytes; unreadable or
    binary: no, nothing said."""
    from .readers import _joblog_names
    from .readers._progress import parse

    try:
        head = fs.read_head(path, size)
    except OSError:
        return False
    if b"\0" in bytes(head[:size]) or not _joblog_names.sniff(name + ".txt", head):
        return False
    found = 0
    for line in bytes(head).splitlines()[:200 if size <= 8192 else 2000]:
        record = parse(line) if b"oss" in line else None
        found += record is not None and bool(record.values)
        if found >= 2:
            return True
    return False
