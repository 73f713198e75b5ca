"""A JSON list of per-epoch records whose first record holds long lists before its scalars (for
``discover_sniff``): read whole when small, as a dict cut inside a matrix is (``discover_sniff._past_matrix``).

Public metricgants211 ``20260728-t2-d2-official-negative/history.json``: ``json.dump(history, f, indent=2)`` of 6
records ``{"best_epoch": 1, "best_score": 0.316, "calibration": {"count": 200, "estimated_input_snr_db": [200
floats], "predictions": [200], "targets": [200], ..}, "current_first_mse": 0.0881, "epoch": 1, "selection_score":
0.316, ..}`` (keys sorted, 106 KB). The sniff's 8 KiB head ended inside the first record's lists, before any
scalar key (no loss word, no ``epoch``): the file was passed over as no training log, and read by its path too
"not a log file loganalyzer reads". Such a head -- cut (``SNIFF_BYTES`` long), a list whose first item is a dict,
holding a ``"key": [number`` list -- is read again whole (``FILE_BYTES`` at most) and sniffed whole
(``json_history.sniff``); b"" otherwise (nothing said: the file is judged as before).
"""
from __future__ import annotations

import re

_ROWS = re.compile(rb"\[\s*\{")
_LIST = re.compile(rb'"[^"\n]{1,200}"\s*:\s*\[\s*-?[\d.]')
FILE_BYTES = 4 << 20  # as discover_sniff.MATRIX_FILE_BYTES: one read of a small file


def past_lists(fs, path: str, head: bytes, sniff_bytes: int) -> bytes:
    """The whole file when ``head`` (``sniff_bytes`` read) is a cut JSON list of records holding a number list and
    the whole is a history by ``json_history.sniff``, else b"" (an unreadable file too: the reader says so)."""
    head = bytes(head)
    if len(head) < sniff_bytes or not _ROWS.match(head.lstrip(b"\xef\xbb\xbf \t\r\n")) or not _LIST.search(head):
        return b""
    try:
        whole = bytes(fs.read_head(path, FILE_BYTES + 1))
    except OSError:
        return b""
    from .readers import json_history

    return whole if len(whole) <= FILE_BYTES and json_history.sniff(path, whole) else b""
