"""Known preambles that fill a job log's head before its first progress line (discovery's deeper sniff, ``joblog``).

The 8 KB head sniff (``_joblog_names.sniff``) refuses a ``*.log``/``*.txt`` whose first bytes hold no progress. Four
known preambles are looked past, each up to its own bound, and only files whose head is such a preamble pay for it:

- ``caffe``: Caffe's glog start-up (``I0218 17:25:11.742808  7189 solver.cpp:48] Initializing solver from
  parameters:``, then the solver and net prototxt, printed once per net, and the layer set-up): 40 KB to several MB
  before the first ``Iteration N, loss = ...`` line (caffenet-benchmark's ResNet-56 log: 342 KB). Progress is a glog
  ``Iteration N`` line (``_joblog_caffe`` reads the file).
- ``mpi``: ``mpirun --tag-output`` output (OpenMPI's ``[1,<rank>]<stdout>:`` / ``<stderr>:`` prefix, Horovod jobs):
  every rank's start-up output first (GluonCV's 24-node Mask R-CNN log: 700 KB before the first batch line).
- ``source``: the training script's own source printed first (modded-nanogpt's records: ``print0(code)``, 640 lines
  of Python, then nvidia-smi and ``step:0/1480 val_loss:10.8258 ...``; the records in KellerJordan/modded-nanogpt's
  ``records/*/<uuid>.txt`` open with a ``'=' * 100`` rule line above the source, which is looked past). The source's lines are no progress: progress
  is looked for after it, and the reader leaves it out (``without_source``): ``val_loss = 0.0`` in the code was a
  point.
- ``hparams``: a printed hyper-parameter dump, ``name: value`` lines, once per MPI worker (OpenAI baselines' HER:
  250 lines for 8 workers before the first key-value epoch table). Progress is looked for in what is not such a line.
"""
from __future__ import annotations

import re

_GLOG = re.compile(rb"(?m)^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ [\w.-]+\.cpp:\d+\]")
_CAFFE_FILES = re.compile(rb" (?:caffe|solver|net|sgd_solver|upgrade_proto|layer_factory)\.cpp:\d+\] ")
_CAFFE_PROGRESS = re.compile(rb"(?m)^[IWEF]\d{4} [\d:.]+ +\d+ [\w.-]+:\d+\] ?Iteration \d+(?: \([^)\n]*\))?, "
                             rb"(?:loss|lr) = |\] ?Iteration \d+, Testing net \(#")
_MPI = re.compile(rb"(?m)^\[\d+,\d+\]<std(?:out|err)>:")
_IMPORT = re.compile(rb"(?m)^(?:import [\w.]+|from [\w.]+ import )")
# a line of Python source: blank, indented, a comment/decorator, a statement keyword, a closing bracket, an assignment
# (``x = ...``, ``a, b = ...``, ``x: int = 1``, ``x += 1``), a call (``torch.manual_seed(0)``) or a bare dotted name
_CODE = re.compile(rb"[ \t]|#|@|[)\]}]|(?:import|from|def|class|if|elif|else|for|while|with|try|except|finally|"
                   rb"return|assert|raise|async|await|global|nonlocal|del|pass|break|continue|lambda)\b"
                   rb"|[A-Za-z_]\w*(?:\.\w+)+[ \t]*\r?$"  # a bare dotted expression (modded-nanogpt's 'torch._dynamo.disable')
                   rb"|[A-Za-z_][\w.]*(?:\[[^\]\n]*\])?(?:\s*,\s*[A-Za-z_][\w.]*)*\s*(?::[^=\n]*)?"
                   rb"(?:[-+*/%|&@^]|//|\*\*|>>|<<)?=(?!=)|[A-Za-z_][\w.]*\(|[rbuf]?(?:\"\"\"|''')")
# a printed hyper-parameter dump (OpenAI baselines' HER ``log_params``: '_Q_lr: 0.001', 'n_cycles: 50', once per MPI
# worker: 8 workers, 250 lines, the first epoch table at byte ~7,600; more workers push it past the head)
_KV_LINE = re.compile(rb"(?m)^[A-Za-z_][\w./-]*: [^\n]*\n?")
_KV_LINES, _KV_SHARE = 20, 0.75  # at least this many such lines, and this share of the head's non-blank lines
BOUNDS = {"caffe": 1 << 22, "mpi": 1 << 21, "source": 1 << 20, "hparams": 1 << 18}
_SOURCE_LINES = 20  # at least this many lines of code before the first other line
_RULES = re.compile(rb"(?:[ \t]*(?:[=-]{10,}[ \t]*)?\r?\n)+")  # blank lines and '=' * 100 rules above a printed source


def kind(head) -> str | None:
    """Which known preamble ``head`` (a file's first bytes) opens with: 'caffe', 'mpi', 'source' or None."""
    head = bytes(head)
    if _GLOG.search(head) is not None and _CAFFE_FILES.search(head) is not None:
        return "caffe"
    if len(_MPI.findall(head, 0, 8192)) >= 3:
        return "mpi"
    if source_end(head, cut=True) > 0:
        return "source"
    if _hparams(head):
        return "hparams"
    return None


def _hparams(head: bytes) -> bool:
    """Whether ``head`` is mostly ``name: value`` lines (a printed hyper-parameter dump, see ``_KV_LINE``)."""
    if head.count(b": ") < _KV_LINES:
        return False
    kv = len(_KV_LINE.findall(head))
    return kv >= _KV_LINES and kv >= _KV_SHARE * sum(1 for line in head.split(b"\n") if line.strip())


def source_end(data, cut: bool = False) -> int:
    """The byte offset where the Python source printed at the start of ``data`` ends (0: ``data`` opens with no
    printed source: fewer than 3 imports in its first 30 lines, or under 20 lines of code). ``cut``: ``data`` is a
    head, which may end inside the source (its length is then the end)."""
    first = bytes(data[:4096])
    if len(_IMPORT.findall(b"\n".join(first.split(b"\n")[:30]))) < 3:
        return 0
    start = _RULES.match(bytes(data[:4096]))
    pos, lines, quoted, size = start.end() if start else 0, 0, False, len(data)
    while pos < size:
        nl = data.find(b"\n", pos)
        end = size if nl < 0 else nl
        line = bytes(data[pos:end])
        triple = line.count(b'"""') + line.count(b"'''")
        if not (quoted or not line.strip() or _CODE.match(line)):
            return pos if lines >= _SOURCE_LINES else 0
        quoted = quoted != (triple % 2 == 1)
        lines += 1
        if nl < 0:
            break
        pos = nl + 1
    return size if cut and lines >= _SOURCE_LINES else 0


def shows_progress(which: str, name: str, deeper, sniff) -> bool:
    """Whether ``deeper`` (a file's first ``BOUNDS[which]`` bytes) shows progress past its ``which`` preamble;
    ``sniff`` is the head sniff (``_joblog_names.sniff``) applied to what follows a printed source."""
    if which == "caffe":
        return _CAFFE_PROGRESS.search(deeper) is not None
    if which == "source":
        end = source_end(deeper)
        return end > 0 and sniff(name, bytes(deeper[end:end + (1 << 16)]))
    if which == "hparams":  # the dump's own lines ('loss: mse') are no progress
        return sniff(name, _KV_LINE.sub(b"", bytes(deeper)))
    return sniff(name, deeper)


def without_source(data, hits: list) -> list:
    """``hits`` (``joblog._Hit``) less those inside the Python source printed at the start of ``data``."""
    if not _IMPORT.match(bytes(data[:200]).lstrip()) and b"\nimport " not in bytes(data[:2048]):
        return hits
    end = source_end(data)
    return [h for h in hits if h.offset >= end] if end else hits
