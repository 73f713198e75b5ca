"""Lines printing a text-generation score and no loss (used by ``readers/joblog.py`` through a needle, as
``_progress_acc``'s accuracy lines): ``Epoch 2 - Validation BLEU: BLEU-1 71.65, BLEU-2 65.76, BLEU-3 46.57, BLEU-4
31.75`` and ``Epoch 2 - Dev BLEU: ...`` (public 1025378573/T5-Finetune ``train.log``, Python logging). The reader's
one pass stops only at ``loss``, so these lines gave no series and no warning: the run's only validation signal was
lost. Each ``<name> <number>`` pair whose name holds BLEU or ROUGE is read (with the line's other pairs), the step
from the line's own epoch/step (else the line before's), the names split-prefixed as any printed line's
(``_progress_text.sectioned``: ``val_BLEU-1``, ``dev_BLEU-1``). A line naming "best" before its score (``New best
model saved with BLEU-2: 65.76``) repeats a value, even with its own epoch: not read.

A retrieval / place-recognition score at k, ``Validation | R@1: 0.8246 | R@5: 0.9365 | R@10: 0.9679`` (printed
after each epoch's ``Epoch 1/50 | Loss: 0.9787 | Time: ..``; public spectralcodec70 ``training.log``), also
``Recall@5``, ``mAP@10``, ``NDCG@10``, ``HR@10``, ``MRR@10``, ``Hit@1``: the ``@`` is no key character of the
printed-pair rule, so the line read nothing. Its pairs are read as ``<name>@<k>`` (``val_R@1``); the ``New best
model! R@1: 0.8246`` line after it is a best-so-far repeat (above) and is not read.

COCOeval's summary rows (`` Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.101``) are
no such line: their ``IoU=``/``maxDets=`` are the row's labels, not scores (``_joblog_coco`` reads the rows as
``val_coco/AP``...); read here they made ``IoU`` (0.52) and ``maxDets`` (84.25) series, the labels' mean (public
Gaurav14cs17/PyTorch-Quantization YOLOX ``train_log.txt``).

A word error rate (``Dev WER: 62.35% DEV del 48.78% DEV ins 00.60%``, the sign-language / ASR trainers' evaluation
after each epoch, public resnet-slr175) is one too: read nothing before. ``DSC`` (the Dice similarity coefficient) is
such a score: ``Validation DSC: 0.8787  best: 0.0000`` every 15 epochs
(public approxda173 ``training_pam_M7_300ep.txt``) read nothing, the run's only validation signal lost. The
``best:`` after it is the best before this evaluation (``_progress_kv._from_pairs``: no series).

A score printed as a list of per-class values (nnU-Net's ``Pseudo dice [0.84, 0.80]``) is read by
``_progress_classlist``: the mean under the name, each class beside it.
"""
from __future__ import annotations

import re

from ._progress import _KV, NUMBER, Record, _from_pairs, bar_progress, clean
from ._progress_classlist import class_lists
from ._progress_epoch import epoch_summary
from ._progress_skip import _BEST, best_so_far, not_progress
from ._progress_text import rewrite, sectioned

TASK_NEEDLES = (b"BLEU", b"ROUGE", b"iou", b"IoU", b"IOU", b"Dice", b"dice", b"DICE", b"DSC", b"WER", b"R@",
                b"ecall@", b"P@", b"PSNR",
                b"CG@", b"HR@", b"RR@", b"it@")  # b"P@" also finds 'mAP@0.5' and 'AP@.5'
# a segmentation score: 'miou', 'mIoU', 'mean_iou', 'Dice' (never the 'iou' inside 'previous'); a score at k 'R@1'
_AT_K = (r"(?<![\w@])(?:(?:R|Recall|recall|mAP|MAP|map|P|NDCG|nDCG|ndcg|HR|MRR|mrr|Hit|hit)@\d{1,4}(?![\w@.])"
         # a detection mAP at an IoU threshold or range: 'mAP@0.5', 'mAP@.5', 'mAP@0.5:0.95', 'AP@0.50'
         r"|m?AP@0?\.\d{1,2}(?::0?\.\d{1,2})?(?![\w@]))")
_TASK = re.compile(r"bleu|rouge|(?<![a-z])m?iou|dice|(?<![a-z])dsc(?![a-z])|(?<![a-z])[wc]er(?![a-z])|"
                   r"(?<![a-z])psnr(?![a-z])|" + _AT_K, re.IGNORECASE)
# 'R@1: 0.8246', 'Recall@5 = 93.6', 'R@10 0.97' (a value may end in '%')
# a COCOeval summary row: ' Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 0.237'
_COCO_ROW = re.compile(r"Average\s+(?:Precision|Recall)\s*\((?:AP|AR)\)\s*@\[")
# MONAI's tutorials (spleen/brats/unet segmentation): 'current epoch: {epoch + 1} current mean dice: {metric:.4f}', printed
# in the `(epoch + 1) % val_interval == 0` block after evaluating the validation loader: the validation metric
# (was `mean_dice`, a training-side series: no val_metric role, an overfitting run judged on its training loss)
_MONAI = re.compile(r"(?:current\s+)?epoch:\s*\d+\s+current\s")  # (rewrite() drops the first "current ")
_AT_PAIR = re.compile("(" + _AT_K + r")(?:\s*[:=]\s*|\s+)(" + NUMBER + r")(?![\w.])")


_DECIBELS = re.compile(r"(\d)\s?dB\b")


def task_line(raw: bytes) -> Record | None:
    """The record of a line of BLEU/ROUGE scores (module docstring), or None."""
    text, rank, stamp = clean(raw)
    text = rewrite(text)
    if not text or not_progress(text) or _COCO_ROW.search(text) is not None:
        return None
    if "dB" in text:  # KAIR's '<epoch: 71, iter:   2,000, Average PSNR : 26.97dB' (public swinirkd182): the unit
        text = _DECIBELS.sub(r"\1", text)  # glued to the value made it no number
    text, listed = class_lists(text, _TASK) if "[" in text else (text, [])  # nnU-Net's 'Pseudo dice [..]'
    pairs = [(m.group(1), m.group(2)) for m in _KV.finditer(text) if not bar_progress(text, m.end())] + listed
    if "@" in text:  # 'R@1: 0.8246 | R@5: 0.9365': '@' keys (module docstring), in the line's order
        at = [(m.span(), m.group(1), m.group(2)) for m in _AT_PAIR.finditer(text) if not bar_progress(text, m.end())]
        if at:
            kv = [(m.span(), m.group(1), m.group(2)) for m in _KV.finditer(text)
                  if not any(a < m.end() and m.start() < b for (a, b), _, _ in at) and not bar_progress(text, m.end())]
            pairs = [(key, value) for _, key, value in sorted(kv + at)]
    if not any(_TASK.search(key) for key, _ in pairs):
        return None
    best = _BEST.search(text)
    if best is not None and best.start() < _TASK.search(text).start():
        return None  # 'Epoch 2 - New best model saved with BLEU-2: 65.76': the best so far, printed again
    record = _from_pairs("kv", pairs, needs=None)
    if record is None or not record.values or not any(_TASK.search(tag) for tag, _ in record.values) \
            or best_so_far(record, text):
        return None
    record = epoch_summary(sectioned(record, text))
    if record is None:
        return None
    kind = "eval" if record.step is None else record.kind
    values = record.values
    if _MONAI.match(text):  # MONAI's tutorials: the validation block's 'current epoch: 2 current mean dice: 0.3797'
        kind = "eval"
        values = tuple((t if t.lower().startswith(("val", "test")) else "val_" + t, v) for t, v in values)
    return Record("kv", values, record.step, record.epoch, kind, rank, record.total, stamp, record.own_step)
