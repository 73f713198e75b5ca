"""Printed line shapes rewritten into ``key: value`` pairs before ``_progress`` reads them (``_progress_text.rewrite``
calls ``fix_line`` last). Each rule rests on a line shape seen in public logs (audit40q):

- a split in parentheses after the name, ``Loss(train): 6.551672, Loss(val): 6.492640`` (logging of a
  matrix-factorisation trainer, ECNUJason/datamining_hw2 ``train_log.log``): ``train_Loss: .., val_Loss: ..``;
- values and counters wrapped in braces, ``epoch: {1/300}, step: {1/2}, loss : {1.9027643}, lr : {0.0001000}`` (an
  f-string ``{{{x}}}``, D641593/Lane_Segmentation ``train_log.log``): the braces dropped;
- spaCy's ``print("Losses", losses)`` of its ``nlp.update(..., losses=losses)`` dict, ``Losses {'ner': 172.94}``:
  one loss per pipeline component, ``ner_loss: 172.94``;
- names joined by commas, then as many values, ``loss_dro_s,loss_sat_s 7.1867451667785645 5.516346454620361``
  (``print('loss_dro_s,loss_sat_s', a.item(), b.item())``, ISChenawei/DMNIL ``train_log.txt``): each name its own
  value (the first value had been read under the last name); names and values that do not pair one to one: nothing;
- nested-loop counters ``epoch_out: 0, epoch_in: 9`` (hbing-l/multi-source ``*_train.log``) are loop indices, no
  series; a printed Python list named a list or a history, ``losslist: [0.99, 0.24, ...]``, is no one value (it
  had been read as its first number);
- a line headed by a label naming another objective, ``Mixup:\tSegCE loss:0.0973812 \tSegJaccard loss:0.178579
  ..`` printed under ``epoch:50/500\tSegCE loss:0.0307393 ..`` (public Guo-Xiaoqing/ThresholdNet ``log.out``): its
  values are that objective's, ``Mixup_SegCE_loss`` (the two losses of one name had been averaged into values the
  file never printed); only an augmentation's or auxiliary objective's label (Mixup, CutMix, EMA, Aux...) is one;
- ``Current step: 1000`` (the same datamining log): the step key ``step``;
- a value named for its counter, ``Loss for Iter 51: 0.398579, acc = 0.260000`` and ``Test loss for epoch 0:
  0.219824, Acc = 0.610300`` (a TF wide-ResNet's ``log_train.txt``, opened set 92's sigmawrn92, read as nothing):
  ``Iter: 51, Loss: 0.398579, acc = ..`` and ``epoch: 0, Test_loss: 0.219824, Test_Acc = ..`` (a split word
  before the name prefixes the line's other names too); the counter may carry a ``#``, ``Validation Loss for
  Epoch #1 : 2.1037`` (a 3D-CNN action recogniser's ``print(f"Validation Loss for Epoch #{e} : {v}")``, public
  har3dcnn160 ``training_results.txt``, read as nothing).
"""
from __future__ import annotations

import re

_NUM = r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|NaN|inf|Inf)"

_PAREN_SPLIT = re.compile(r"(?<![\w(])([A-Za-z][A-Za-z_]*)\((train|training|val|valid|validation|test|dev|eval)\)"
                          r"(?=\s*[:=]\s*[-+.\d])")
_BRACED = re.compile(r"(?<=[:=])(\s*)\{\s*(" + _NUM + r"(?:\s*/\s*\d+)?)\s*\}")
_SPACY = re.compile(r"^Losses\s*\{\s*('[\w-]+'\s*:\s*" + _NUM + r"\s*(?:,\s*'[\w-]+'\s*:\s*" + _NUM
                    + r"\s*)*),?\s*\}\s*$")
_SPACY_PAIR = re.compile(r"'([\w-]+)'\s*:\s*(" + _NUM + ")")
_JOINED = re.compile(r"^([A-Za-z]\w*(?:,[A-Za-z]\w*)+)((?:\s+" + _NUM + r")+)\s*$")
_LOOP = re.compile(r"(?i)(?<![\w])(?:the\s+)?(?:epoch|iter|iteration|step|loop)_(?:in|out|inner|outer)\s*[:=]\s*\d+"
                   r"\s*[,;|]?\s*")
# (an unquoted name's list only: JSON's '"test_coco_eval_bbox": [0.1, ..]' is _progress_dicts' to name; and only a
# name saying it is a list or a history: 'IOU: [0.91, 0.88]' per class keeps its first class's value, tests/test_readers33c)
_LIST = re.compile(r"(?i)(?:(?<=list)|(?<=_hist)|(?<=story))(\s*[:=])\s*\[\s*" + _NUM + r"(?:\s*,\s*" + _NUM + r")+\s*,?\s*\]")
_CURRENT = re.compile(r"(?<![\w])[Cc]urrent[ _](step|epoch|iter|iteration|Step|Epoch|Iter|Iteration)(?=\s*[:=]\s*\d)")
_LABEL = re.compile(r"^([A-Z][A-Za-z0-9-]{1,24}):[\t ]+(?=[A-Za-z])")
_PAIR = re.compile(r"[A-Za-z][\w-]*(?: [A-Za-z][\w-]*)?\s*[:=]\s*" + _NUM)
# the labels naming another objective computed beside the plain one (an augmentation's or an auxiliary head's loss):
# only these prefix a line's names -- any other capitalised word heading a line (`Epoch3:`, `Trainer:`, `Rank0:`,
# `Validate:`, `Phase:`, `Averages:`) is the line's context, and prefixing it renamed the loss, lost the validation
# split and turned step counters into series (a breaker's 11 regressions, stop 40); a counter is never prefixed
_OBJECTIVE_LABELS = frozenset({"mixup", "cutmix", "cutout", "augmix", "mosaic", "adv", "adversarial", "ema", "aux",
                               "auxiliary", "distill", "distillation", "kd"})
_COUNTERS = frozenset({"epoch", "iter", "iteration", "step", "batch", "global_step", "it"})
_FOR_COUNTER = re.compile(r"^(?:(Train|Training|Val|Valid|Validation|Eval|Test|Dev|train|training|val|valid|validation"
                          r"|eval|test|dev)[ _])?([A-Za-z][\w-]*) for (epoch|iter|iteration|step|Epoch|Iter|"
                          r"Iteration|Step) #?(\d+)\s*[:=]\s*(?=[-+.\dni])")
# (no ``batch``: ``Val loss for batch 3: 0.41`` is one evaluation batch's loss among an epoch's, printed under the
# epoch's own line -- read as the validation curve at an invented counter, a breaker's case, stop 46)
_PAIR_NAME = re.compile(r"(?<![\w-])([A-Za-z][\w-]*(?: [A-Za-z][\w-]*)?)(?=\s*[:=]\s*[-+.\dni])")


def fix_line(text: str) -> str:
    """``text`` with the shapes above rewritten (unchanged when none is there)."""
    if text[:1].isupper() and ":" in text[:27] and (m := _LABEL.match(text)) is not None \
            and m.group(1).lower() in _OBJECTIVE_LABELS and len(_PAIR.findall(text, m.end())) >= 2:
        rest = text[m.end():]
        label = m.group(1)
        return _PAIR_NAME.sub(lambda k: k.group(1) if k.group(1).lower() in _COUNTERS else f"{label}_{k.group(1)}",
                              rest)
    if " for " in text[:40] and (m := _FOR_COUNTER.match(text)) is not None:
        split, name, counter, n = m.groups()
        rest = text[m.end():]
        if split:
            rest = _PAIR_NAME.sub(lambda k: k.group(1) if k.group(1).lower() in _COUNTERS else f"{split}_{k.group(1)}",
                                  rest)
        return f"{counter}: {n}, {split + '_' if split else ''}{name}: {rest}"
    if "urrent" in text:  # 'Current step: 1000' is the step ('current' no training phase: _progress_phasekey)
        text = _CURRENT.sub(r"\1", text)
    if "(" in text and ")" in text:
        text = _PAREN_SPLIT.sub(lambda m: f"{m.group(2)}_{m.group(1)}", text)
    if "{" in text:
        if text.startswith("Losses"):
            m = _SPACY.match(text)
            if m is not None:
                return ", ".join(f"{name}_loss: {value}" for name, value in _SPACY_PAIR.findall(m.group(1)))
        text = _BRACED.sub(r"\1\2", text)
    if "," in text[:80] and text[:1].isalpha():
        m = _JOINED.match(text)
        if m is not None:
            names, values = m.group(1).split(","), m.group(2).split()
            if len(names) != len(values):
                return ""  # which value is whose is not printed: nothing read
            return ", ".join(f"{n}: {v}" for n, v in zip(names, values))
    if "_in" in text or "_out" in text or "_IN" in text or "_OUT" in text:
        text = _LOOP.sub("", text)
    if "[" in text and "," in text and ("list" in text or "hist" in text or "LIST" in text):
        text = _LIST.sub(r"\1 []", text)
    return text
