"""Small helpers of ``discover``'s walk, kept apart to hold discover.py near 400 lines: a symbolic link leading back
into the scanned tree, a printed job log saved under a ``.csv``/``.tsv`` name, and a ``*.txt`` named like a log."""
from __future__ import annotations

import os
import re

from .discover_sniff import SNIFF_BYTES


def _link_inside(link: str, top: str, real_top: dict) -> bool:
    """The symbolic link ``link`` (a directory) leads into ``top``'s tree, to ``top`` itself or to a parent of it:
    real paths compared (``real_top`` keeps ``top``'s, worked out once). A link that cannot be resolved: False."""
    try:
        if "top" not in real_top:
            real_top["top"] = os.path.realpath(top)
        real, base = os.path.realpath(link), real_top["top"]
    except (OSError, ValueError):
        return False
    inside = real.startswith(base.rstrip(os.sep) + os.sep)
    return real == base or inside or base.startswith(real.rstrip(os.sep) + os.sep)


def _head_or_none(fs, path: str) -> bytes | None:
    try:
        return fs.read_head(path, SNIFF_BYTES)
    except OSError:
        return None


def _printed_csv(name: str, head: bytes | None) -> bool:
    """A job's printed output saved under a ``.csv``/``.tsv`` name (public convlstmhar ``train_log.csv``: ``Epoch:
    [1/100], training loss: 1.646285, ...`` lines written by ``print(..., file=f)``): sniffed as a printed log."""
    from .discover_sniff import _printed_log

    return head is not None and name.lower().endswith((".csv", ".tsv")) and _printed_log(head)


# A *.txt named like a log (log_train.txt, train_log.txt) is a job's output when its head shows progress; other *.txt
# are not sniffed for that (public HP-VADE, nanoGPT, TFM logs were skipped in silence in a tree, read when given).
# The same words in Chinese/Japanese/Korean (log 日志/日誌/ログ/로그, training 训练/訓練/学習/학습, output 输出/輸出/出力,
# record 记录/記錄): public tegcn125 ``训练日志.txt`` and zmdpenguin125 ``训练记录.txt`` (YOLOv5 train.py's stdout).
_LOG_TXT = re.compile(r"(?i)(?:log|train|output|stdout|progress|日志|日誌|ログ|로그|训练|訓練|学習|학습|输出|輸出|出力"
                      r"|记录|記錄)[^/]*\.txt$")
# settings, not a log, unless a log word is in the name too: ``训练参数.txt`` / ``训练配置.txt`` ("training parameters /
# config") and ``train_params.txt`` beside a run were each a run of their own, "no usable loss" (breaker, stop 54)
_SETTINGS_TXT = re.compile(r"(?i)(?:param|config|setting|hparam|args|参数|參數|配置|设置|設定|超参|パラメータ|설정|파라미터)")
_LOG_WORD = re.compile(r"(?i)(?:log|日志|日誌|ログ|로그)")


def _log_txt(name: str) -> bool:
    """A ``*.txt`` named like a job's printed log (``_LOG_TXT``), and not like its settings (``_SETTINGS_TXT``)."""
    return bool(_LOG_TXT.search(name)) and not (_SETTINGS_TXT.search(name) and not _LOG_WORD.search(name))
