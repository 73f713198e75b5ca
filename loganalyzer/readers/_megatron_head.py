"""Megatron-LM / Megatron-DeepSpeed job logs: the preamble before the first ``iteration N/ M |`` line.

Such a log opens with the DeepSpeed launcher's records (``[2026-03-15 16:19:08,025] [INFO] [runner.py:515:main] ...``),
DeepSpeed's op report (``DeepSpeed C++/CUDA extension op report``) and Megatron's argument dump
(``------------------------ arguments ------------------------``, then ~500 ``  name ........ value`` lines, once per
node), 30-300 KB before training prints its first ``iteration        1/     500 | ... | lm loss: ...`` line. That
preamble is known: a ``*.log``/``*.txt`` whose head holds it is looked at up to ``SNIFF`` bytes for progress, the
dump's lines left out (``eod_mask_loss ...... False`` is no loss).
"""
from __future__ import annotations

import re

# the preamble's marks in a file's head
_PREAMBLE = re.compile(rb"(?m)-{8,} arguments -{8,}\r?$|^DeepSpeed C\+\+/CUDA extension op report\r?$"
                       rb"|\] \[INFO\] \[(?:runner|launch|multinode_runner)\.py:\d+:")
# one line of Megatron's argument dump (pdsh's ``host: `` prefix allowed): ``  lr_decay_style .......... cosine``
_DUMP_LINE = re.compile(rb"(?m)^(?:[\w.-]+: )?[ \t]+\w+ \.{3,} [^\n]*\n?")
SNIFF = 1 << 20


def preamble(head) -> bool:
    """Whether ``head`` (a file's first bytes) holds the DeepSpeed launcher's or Megatron's preamble."""
    return _PREAMBLE.search(head) is not None


def without_dump(data) -> bytes:
    """``data`` without the lines of Megatron's argument dump (each a hyper-parameter, never progress)."""
    return _DUMP_LINE.sub(b"", bytes(data))
