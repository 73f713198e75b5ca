"""A printed training log under any name (for ``discover``'s folder walk): a text file is a job's output when its
CONTENT says so, whatever it is called.

People keep what a training printed under every name: a scheduler's bare streams (``err``, ``out``, ``e``, ``o``,
``stdout``), a console pasted into ``notes.py``, ``run.rb``, ``losses.dat`` or ``train.log1``, ``tee`` to a file named
after the run (``resnet50_lr0.1``). The walk had one name rule a stop for them (``discover_oddlog``: rotated logs,
``*_results.rb``, ``*_log``), each missing the next name. A file that no earlier branch of the walk took (no known
name or suffix) is therefore looked at here, by the checks the printed-log readers apply (``readers/_joblog_txt``,
``readers/_joblog_md``), with a bounded cost:

- never opened: dot files and suffixes of binary, data, archive, image, weight and structured-config formats
  (``_SKIP``: YAML/TOML/INI/XML/HTML are configs or pages, never a console pasted by hand);
- one ``HEAD`` read (8 KiB); a head that is text, not code, and names no progress yet is read on to ``DEEP`` (64 KiB)
  only when the file has no suffix (Tacotron-2's ``Terminal_train_log``: a 14 KB hyper-parameter dump before the
  first step) or its head is a dump the ``*.log`` sniff reads past (``_joblog_names.deep_sniff_bytes``);
- a head that passes the sniff but holds fewer progress lines than needed is read on to ``DEEP`` as well (READ_ON:
  public cellspike212 ``yaml-file/log.train_0_bbp153``, a TF 2.1 Keras ``fit(verbose=2)`` stdout whose first 8 KiB
  are TensorFlow's start-up lines, an ``myArg:`` dump and ``build_model: loss= mse`` -- the sniff's hint -- before
  ``4032/4032 - 207s - loss: 0.1081 - val_loss: 0.0825`` at line 169: refused on its head, not discovered);
- a folder of many such files (a data set of extension-less text, a package's sources) stops being opened, per
  suffix, after ``MAX_MISSES`` refused files with none taken;
- taken when the text names progress (``_joblog_names.sniff``'s ``*.txt`` hint: a loss, an epoch, a bar) AND the
  printed-log parser (``joblog.parse``) reads ``MIN_LINES`` progress lines with a counter (a step, an epoch or a
  Keras fit line) holding at least ``MIN_COUNTERS`` distinct counter values (a recurring counter), those lines being
  at least ``MIN_SHARE`` of the non-blank lines from the first of them to the last and more than the lines that read as source code (``_CODE``: a
  Python/shell/Ruby script that prints such lines in f-strings, or quotes a few in a docstring, is no log; a README
  quoting three lines is prose).
Nothing is said about a refused file: it was never named as a log.
"""
from __future__ import annotations

import re

from .discover_oddlog import (
    EXTENSIONLESS_SNIFF, _is_python, extensionless_named, odd_log, odd_named, pasted_log, rotated_log, rotated_named,
)

HEAD = 8192
DEEP = 1 << 16
MIN_LINES = 4
MIN_COUNTERS = 3
MIN_SHARE = 0.2
MAX_MISSES = 24

_SKIP = frozenset(
    "json jsonl csv tsv txt log md ipynb npy npz pkl pickle joblib pyc pyo pyd pyi yaml yml toml cfg ini conf env xml "
    "html htm css js map svg png jpg jpeg gif bmp tif tiff webp ico pdf eps ps pt pth ckpt h5 hdf5 hdf keras onnx pb "
    "pbtxt tflite bin safetensors msgpack params model weights index data-00000-of-00001 zip gz tar tgz bz2 xz 7z rar "
    "zst lz4 mat wav mp3 flac ogg mp4 avi mov mkv db sqlite sqlite3 parquet feather arrow tfrecord tfrecords lmdb mdb "
    "lock so o a dylib exe dll jar class whl egg xlsx xls docx doc pptx odt rtf tex bib sty cls ttf otf woff woff2 "
    "eot nii dcm fits mrc tiff npz pyx pxd c cc cpp cxx h hpp cu cuh java go rs ts tsx jsx swift kt scala php "
    "proto fbs spec patch diff pem crt key pub sig sum rst typed".split())

# a line of source code: Python, shell, Ruby (module docstring); an assignment of a number ('epoch = 3, ...') may
# open a printed line and is not counted
_CODE = re.compile(
    rb"(?m)^[ \t]*(?:(?:def|class|import|return|elif|raise|yield|lambda|async|await|assert|global|del|pass|break|"
    rb"continue|require|module|function|local|export|echo|then|fi|done|do|end|begin|rescue|case|esac)\b"
    rb"|from [\w.]+ import |else:|try:|except\b|finally:|with [^\n]*:[ \t]*$|for [^\n]* in [^\n]*:[ \t]*$"
    rb"|(?:if|while) [^\n]*:[ \t]*$|@[A-Za-z_]|print\(|logger\.\w+\(|#!|[A-Za-z_][\w.]*(?:\[[^\]\n]*\])? *"
    rb"[-+*/]?= *(?![-+\d.]|nan\b|inf\b)\S|[{}()\[\]][ \t]*$|\"\"\"|''')")

# a module's own lines (a log pasted into notes.py has none) and a printed number with decimals (a loss, a rate)
_DEFS = re.compile(rb"(?m)^[ \t]*(?:def |class |import |from [\w.]+ import )")
_DECIMAL = re.compile(rb"\d\.\d")


def candidate(name: str) -> bool:
    """Whether a file no earlier branch of the walk took is looked at by content (module docstring)."""
    if name.startswith(".") or name.endswith("~"):
        return False
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix not in _SKIP


def other_log(fs, path: str, name: str, printed, misses: dict) -> bool:
    """Whether a file of no known log name or suffix is a printed training log: the name rules of
    ``discover_oddlog`` first (a rotated ``*.log.1``, ``0508_results.rb``, ``Terminal_train_log``), then its
    content (module docstring). ``misses``: the directory's refused files per suffix, kept by the caller.
    ``printed``: a function giving the job-log sniffs (``discover._printed``), called only for a rotated log's name:
    a tree whose other files are configs (``hparams.yaml``) imports no job-log module."""
    if name.startswith("."):
        return False
    if rotated_named(name):
        return rotated_log(fs, path, name, printed())
    if odd_named(name) and pasted_log(fs, path, name):  # (result.py: a pasted log, not code)
        return True
    if extensionless_named(name) and odd_log(fs, path, name, EXTENSIONLESS_SNIFF):
        return True
    if not candidate(name):
        return False
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if misses.get(suffix, 0) >= MAX_MISSES:
        return False
    found = content_log(fs, path, name)
    if found:
        misses[suffix] = -(1 << 30)  # a folder holding one such log: its siblings are all looked at
    else:
        misses[suffix] = misses.get(suffix, 0) + 1
    return found


def content_log(fs, path: str, name: str = "") -> bool:
    """Whether the file at ``path`` holds what a training printed, by its first bytes (module docstring); unreadable,
    binary, code or prose: no. The cheap checks come first: a package's sources are most of what is looked at."""
    from .readers import _joblog_names

    commented = name.lower().rsplit(".", 1)[-1] in _COMMENTED
    raw = _text(fs, path, HEAD)
    text = _uncommented(raw) if raw is not None and commented else raw
    if text is None or _script(text):
        return False
    if name.lower().endswith(".py") and _is_python(fs, path):
        return False  # a module whose docstring quotes a run's output (discover_oddlog._is_python)
    if not _joblog_names.sniff("content.txt", text):
        if len(raw) < HEAD - 4:
            return False  # the whole file was read (its raw head: comment lines count)
        thin = commented and len(text) < HEAD // 2  # a head of mostly comment lines judged nothing yet: read on
        if not thin and "." in name and not _joblog_names.deep_sniff_bytes("content.log", text):
            return False  # no dump before the progress (only a bare name is read on)
        text = _judged_text(fs, path, DEEP, commented)
        if text is None or not _joblog_names.sniff("content.txt", text):
            return False
        return _progress(path, text)
    if _progress(path, text):
        return True
    if len(raw) < HEAD - 4:
        return False
    # a head that names progress but holds none of its lines yet: read on, as a head naming none is (READ_ON)
    text = _judged_text(fs, path, DEEP, commented)
    return text is not None and _progress(path, text)


# a shell script's or config's suffix: '#' (and INI's ';') opens a comment; a batch job's header (a shebang,
# '#SBATCH'/'#PBS'/'#$' scheduler directives) makes it the script itself
_COMMENTED = frozenset("sh bash zsh yaml yml toml cfg ini conf".split())
_COMMENT = re.compile(rb"(?m)^[ \t]*[#;][^\n]*(?:\n|$)")
_JOB_HEADER = re.compile(rb"(?m)\A(?:\xef\xbb\xbf)?#!|^#(?:SBATCH|PBS|\$)[ \t]")


def _judged_text(fs, path: str, size: int, commented: bool) -> bytes | None:
    """``_text`` of the file, without its comment lines where its suffix is a script's or config's (``_uncommented``)."""
    text = _text(fs, path, size)
    return _uncommented(text) if text is not None and commented else text


def _uncommented(text: bytes) -> bytes | None:
    """A script's or config's text without its comment lines, None for a batch script (its shebang or scheduler
    directives). Expected output pasted in ``#`` comments under an SBATCH script, or a previous run's results
    commented above a YAML config's keys, are notes: the file is judged by the rest (its commands or ``key: value``
    lines are no log), in the folder walk and given by path alike (the breaker's stop-61 R2); a job's output saved
    under such a suffix (dktpublic172 ``assist_exp.sh``: no shebang, its lines progress lines) still reads."""
    if _JOB_HEADER.search(text):
        return None
    return _COMMENT.sub(b"", text)


def _text(fs, path: str, size: int) -> bytes | None:
    """The first ``size`` bytes of the file as UTF-8 text (``_joblog_names.utf8``: UTF-16, GBK); None when
    unreadable, empty, binary or a Git LFS pointer."""
    from .readers import _joblog_names, _lfs

    try:
        head = bytes(fs.read_head(path, size))
    except OSError:
        return None
    if not head or _lfs.is_pointer(head) or b"\0" in head and head[:2] not in _joblog_names.UTF16_BOMS:
        return None
    if len(_DECIMAL.findall(head, 0, HEAD)) < MIN_LINES:
        return None  # no numbers to plot
    text = bytes(_joblog_names.utf8(head, cut=True))
    return None if _joblog_names._looks_binary(text) else text


def _script(text: bytes) -> bool:
    """Source code: a module's own lines, or code lines a quarter of the lines (module docstring)."""
    return len(_DEFS.findall(text)) >= MIN_LINES or _code_lines(text) * 4 > _lines(text)


def _lines(text: bytes) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


def _code_lines(text: bytes) -> int:
    return len(_CODE.findall(text))


def _progress(path: str, text: bytes) -> bool:
    """The parser's progress lines in ``text``: enough of them, with a recurring counter, more than code or prose."""
    from .readers import UnreadableFile, joblog

    end = text.rfind(b"\n")
    text = text[: end + 1] if end > 0 else text
    try:
        hits = joblog.parse(text, path + "#head").hits
    except UnreadableFile:
        return False
    counted = [h for h in hits if h.record.values and (h.record.step is not None or h.record.epoch is not None
                                                       or h.record.shape == "keras")]
    keras = sum(1 for h in counted if h.record.shape == "keras")
    if len(counted) < MIN_LINES and keras < KERAS_LINES:
        return False
    counters = {(h.record.epoch, h.step if h.step is not None else h.record.step) for h in counted}
    if len(counters) < MIN_COUNTERS and not keras:
        return False
    span = text[counted[0].offset:counted[-1].offset + 1]  # from the first progress line to the last: a dump
    lines = _lines(span) - len(_BAR_FRAME.findall(span))  # a bar's frames are progress, not prose
    return len(counted) >= MIN_SHARE * lines and len(counted) > _code_lines(text)  # before them is no prose


# Keras ``fit`` epoch-end lines (``4032/4032 - 207s - loss: 0.1081 - val_loss: 0.0825``): a shape no prose has, two
# enough -- a verbose=1 epoch draws ~15 KB of bar frames (``  85/480 [====>....] - ETA: 13s - loss: 0.0830``), so
# the ``DEEP`` window of public cellspike212 ``log.train_0_bbp153`` held 3 epoch lines among 241 frame lines: refused
# on MIN_LINES and on MIN_SHARE (each frame counted a line of prose)
KERAS_LINES = 2
_BAR_FRAME = re.compile(rb"(?m)\d+/\d+ \[[=>.]*\]")
