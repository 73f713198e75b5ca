"""SwAV-style meter lines (for ``readers/_progress_text.rewrite``): the ``LogFormatter`` prefix, ``Data`` meters,
``Acc@1`` in tab-separated lines and ``Best ... so far`` running bests.

facebookresearch/swav's ``eval_linear.py`` (and the XLM/SwAV/DINO ``LogFormatter``: ``%(levelname)s - %x %X -
<elapsed> - message``) prints, public abhinavagarwalla/swav-cifar10 ``checkpoints_linear/train.log``::

    INFO - 09/04/20 07:56:14 - 0:00:27 - Epoch[0] - Iter: [0/13]	Time 19.159 (19.159)	Data 3.193 (3.193)	
        Loss 6.7563 (6.7563)	Prec 4.834 (4.834)	LR 0.3                                     (one line)
    INFO - 09/04/20 07:56:49 - 0:01:02 - Test:	Time 4.750	Loss 103.7909	Acc@1 27.240	Best Acc@1 so far 27.2

- ``09/04/20 07:56:14 - 0:00:27 - `` (the date, time and elapsed time ``_progress.clean`` leaves) is dropped;
- ``Epoch[0] - Iter: [0/13]`` is written ``Epoch 0 - Iter: [0/13]`` (the epoch had been lost: every point at step 0);
- ``Data 3.193 (3.193)`` beside ``Time`` is pytorch/examples' ``AverageMeter('Data', ...)``, the data-loading time:
  timing, never a series (the ImageNet meter shape skips it already; the key-value shape had made a series ``Data``):
  dropped from the line;
- ``Acc@1 27.240`` in a tab-separated line with no running averages is written ``Acc_1`` (the same words: the key
  pattern of the key-value shape stops at ``@``, so the validation accuracy was lost);
- ``Best Acc@1 so far 27.2``, a running best, is no point: dropped (it had been a series ``test_so_far``).
"""
from __future__ import annotations

from ._lazy import lazy_re
from ._progress import NUMBER

_STAMP = lazy_re(r"^\d{2}/\d{2}/\d{2,4} \d{2}:\d{2}:\d{2}\s+-\s+(?:\d+ days?, )?\d+:\d{2}:\d{2}\s+-\s+")
_EPOCH_ITER = lazy_re(r"^Epoch\[(\d+)\]\s*-\s*(?=Iter)")
_DATA = lazy_re(r"\s*\bData\s+" + NUMBER + r"\s+\(\s*" + NUMBER + r"\s*\)")
_ACC_AT = lazy_re(r"\bAcc@(\d+)\b")
_SO_FAR = lazy_re(r"\s*\bBest\b[^\t,|]*?\bso far\s*:?\s*" + NUMBER + r"%?")


def without_stamp(text: str) -> str:
    """``text`` without a leading ``%x %X - <elapsed> -`` stamp (module docstring)."""
    return _STAMP().sub("", text, count=1)


def meter_line(text: str) -> str:
    """``text`` rewritten as the module docstring says (a tab-separated line)."""
    if text[:6] == "Epoch[":
        text = _EPOCH_ITER().sub(r"Epoch \1 - ", text, count=1)
    if "Data " in text and "Time " in text:
        text = _DATA().sub("", text)
    if "so far" in text:
        text = _SO_FAR().sub("", text)
    if "Acc@" in text and "(" not in text:
        text = _ACC_AT().sub(r"Acc_\1", text)
    return text
