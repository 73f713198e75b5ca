"""Printed-line rewrites and key naming for ``readers/_progress.py`` (shapes the twenty-second blind labeller found
read wrong; each rule names where its format comes from).

- ``rewrite(text)``, applied to a cleaned line before the shapes:
  - Python logging's ``%(filename)s[line:%(lineno)d] - %(levelname)s: %(message)s`` prefix (a format copied across
    many training scripts; public numpy-mlp ``train.py[line:125] - INFO: Train Epoch 1 --- train loss : 0.52``): the
    ``[line:125]`` had become a series ``line``. The prefix and its level are dropped (a logger name before
    ``[line:N]``, ``train [line:140] INFO  Valid Epoch: 0 | ...``, too).
  - a line framed by runs of ``=``/``*``/``#``/``~``/``-`` (``==============Epoch: 3/50,top 1 acc: 0.0766======``,
    public tinyimg-mobilevit): the frame is dropped.
  - ``top 1 acc`` / ``top-5 acc`` / ``top 1 error`` (two words around a digit, which no key pattern reads) ->
    ``top1_acc``, ``top5_acc``, ``top1_error``.
  - clock times with the words naming them, and ``Loss is 0.3`` -> ``Loss: 0.3`` (``_progress_clock``).
  - ``[Avg. Loss, Loss]: [10.44, 7.17]`` -> ``Avg_Loss: 10.44, Loss: 7.17``, ``lr(main/disc) 3e-4/1e-4`` -> ``lr_main:
    3e-4 | lr_disc: 1e-4``, an opening ``0/10105,`` counter -> ``step 0/10105,`` (``_progress_lists``).
- ``sectioned(record, text)``: a line opening with a split word (``- Train metrics: accuracy: 0.398 ; loss: 1.542`` /
  ``- Eval metrics: ...`` of the CS230 project template's ``train.py``, public inr-currency; ``Training loss: 0.59;
  Acc: 0.78`` / ``Validation loss: 0.38; Acc: 0.86``, public garbage-cls) names every key of the line that names no
  split itself with that word (``Train_loss``, ``Eval_accuracy``, ``Validation_Acc``): without it the training and
  validation lines made ONE ``loss`` and ONE ``Acc`` series alternating between the two. A bracketed section
  (``[Val] Epoch 3: loss = 0.1``) or a split word before the counter (``Val Epoch 3: loss 0.2``) naming validation
  or test names them ``val_<key>``/``test_<key>`` (``_progress_split``).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._progress_clock import named_is, strip_clocks
from ._progress_lists import count_percent, lead_counter, paired_lists, slashed_pairs
from ._progress_counter import counter_first, on_split
from ._progress_logsource import without_source
from ._progress_meterline import meter_line, without_stamp
from ._progress_parenpair import paren_pair
from ._progress_splitcounter import INITIALS as SPLIT_INITIALS, split_counter
from ._progress_split import LEARNING_RATE, named, section_split
from ._progress_in_epoch import in_epoch
from ._progress_epochabbr import epoch_abbreviated
from ._progress_linefix import fix_line
from ._progress_grammar import widened
from ._progress_pipecount import pipe_counters

# A finished tqdm bar with a line printed right after it, no line break between (``100%|####| 1568/1568 [00:24<00:00,
# 63.84it/s]epoch   0 | train_loss: 12.43 | ...``: public weather-multihead train.log, every epoch line so): the
# printed line is the progress, the bar (whose own postfix would sit inside its brackets) only the prefix.
_BAR_THEN_TEXT = re.compile(r"^[^|\n]{0,80}?\d{1,3}%\|[^|\n]{0,200}\|\s*\d+/\d+\s*\[[^\]\n]{0,120}\]\s*(?=[A-Za-z])")


# "Loss after 3 epochs: 0.020", "loss at step 200: 1.5", "Loss after epoch 3: 0.02": the counter is where, the number
# after the colon the value (public cs287-qretrieval logs: read as a series 'Loss_after' holding the epoch numbers).
_AFTER = re.compile(r"(?i)\b([A-Za-z][\w.-]*(?: [A-Za-z][\w.-]*){0,3}?)\s+(?:after|at|@)\s+(?:(\d+)\s+"
                    r"(epoch|step|iteration|iter|batch|update)s?|(epoch|step|iteration|iter|batch|update)s?\s+(\d+))"
                    r"\s*[:=]\s*(?=[-+.\d]|nan|inf)")


def _counter_first(m: re.Match) -> str:
    unit, n = (m.group(3), m.group(2)) if m.group(2) else (m.group(4), m.group(5))
    return f"{unit.lower()} {n} | {m.group(1)}: "


# (or the logger's name, a space, then the line: '%(name)s [line:%(lineno)d] %(levelname)s  %(message)s', public
# dgadomain76 'train [line:140] INFO  Valid Epoch:  0 | LOSS: 0.344': the name 'train' had made the Valid line training)
_SOURCE_PREFIX = re.compile(r"^(?::\s*)?[\w.-]+(?:\.py| ?)\[line:\s*\d+\]\s*[-|:]?\s*"
                            r"(?:(?:INFO|WARNING|WARN|DEBUG|ERROR|CRITICAL)\s*[:|-]?\s*)?")
_FRAME_HEAD = re.compile(r"^[=*#~-]{3,}\s*(?=[A-Za-z])")
_FRAME_TAIL = re.compile(r"(?<=[\w%)\]])\s*[=*#~-]{3,}$")
_HAS_CLOCK = re.compile(r"\d:\d\d(?![\d])")
_TOPK = re.compile(r"(?i)\btop[ -]?(\d{1,2})[ _-](acc\w*|err\w*)")


from ._progress_keybracket import key_brackets  # noqa: E402
from ._progress_py2tuple import tuple_print  # noqa: E402
from ._progress_perunit import per_unit  # noqa: E402
from ._progress_joeynmt import timings_dropped  # noqa: E402
from ._progress_bignum import lerobot_counts  # noqa: E402



# a counter word glued to its number before the line's pairs: 'Batch500,TrainLoss:0.6933,TrainAcc:50.0375' (public
# jaycnn125 ``简化VGG16运行结果（很不理想）.txt``: print(f"Batch{i},TrainLoss:{..},TrainAcc:{..}")), read as 'Batch 500'
# as the same author's 'Batch 500,TrainLoss: 0.5684' is; the lines took their ordinals for steps
_GLUED_COUNTER = re.compile(r"(Batch|batch|BATCH|Iter|iter|ITER|Iteration|iteration|Step|step|STEP)(\d{1,12})(?=,)")
# the same after the epoch: 'epoch 0 iteration100, G Loss: 0.7229, D Loss: 1.3915' (public wadigan225 losses.txt,
# set 225: three lines an epoch averaged into one point at the epoch)
_EPOCH_GLUED = re.compile(r"((?:epoch|Epoch|EPOCH)\s*:?\s*\d{1,9}[ ,]+)" + _GLUED_COUNTER.pattern)


def rewrite(text: str) -> str:
    """``text`` with a finished bar before it, a counter after its key, the logging-source prefix, a decorative
    frame and split ``top 1 acc`` keys rewritten."""
    if not text:
        return text
    if " per " in text or "[sec]" in text or "duration:" in text:  # JoeyNMT's 'Tokens per Sec', '17.6[sec]'
        text = timings_dropped(text)  # (_progress_joeynmt)
    if " per " in text or "poch." in text or "egative " in text or "verall " in text:
        text = per_unit(text)  # 'Train Negative Overall Log-Loss per event: ..', 'Epoch.0' (_progress_perunit)
    if "smpl:" in text:  # LeRobot's 'step:24K smpl:192K ep:480 epch:9.60 loss:..' (_progress_bignum)
        text = lerobot_counts(text)
    if text[:1] in "BbIiSs" and (glued := _GLUED_COUNTER.match(text)) is not None:
        text = f"{glued.group(1)} {glued.group(2)}{text[glued.end():]}"
    elif text[:1] in "Ee" and (glued := _EPOCH_GLUED.match(text)) is not None:
        text = f"{glued.group(1)}{glued.group(2)} {glued.group(3)}{text[glued.end():]}"
    if "atch[" in text:  # cnn-text-classification-pytorch's 'Batch[100] - loss: 0.8018  acc: 46.8750%(30/64)' (its
        text = key_brackets(text)  # '] - ' is no logging source's before it: the counter)
    bar = _BAR_THEN_TEXT.match(text) if "|" in text else None
    if bar is not None:
        text = text[bar.end():]
    if "|" in text and "[" in text:  # 'Epoch:[ 1 | 19 ]    Batch:[ 100 | 2068 ]': counters of a total
        text = pipe_counters(text)
    if " after " in text or " at " in text or "@" in text:
        text = _AFTER.sub(_counter_first, text)
    if text[2:3] == "/" and text[5:6] == "/":  # '09/04/20 07:56:14 - 0:00:27 - ': SwAV's LogFormatter stamp
        text = without_stamp(text)
    if "\t" in text:  # SwAV's 'Data 3.193 (3.193)', 'Acc@1 27.240\tBest Acc@1 so far 27.2' (_progress_meterline)
        text = meter_line(text)
    if "[line:" in text:
        text = _SOURCE_PREFIX.sub("", text, count=1)
    if ".py" in text[:400] or "] - " in text[:200]:  # 'trainer.py : train [228] - ...', 'module.py:228 ...'
        text = without_source(text)
    if "(" in text and ("tensor" in text or "array" in text or "device" in text or "float" in text):
        text = unwrapped_numbers(text)  # 'acc: tensor(0.6741, device='cuda:0', dtype=torch.float64)'
    if text[:2] in ("('", "(\""):  # Python 2's print of a tuple: "('Loss: ', 0.95, 'acc', 0.5)" (_progress_py2tuple)
        text = tuple_print(text)
    if ". " in text or ".:" in text:  # '| Train. Acc.: 95.060% | Loss: 0.1574': abbreviations, the split kept
        text = _ABBREVIATED.sub(r"\1", text)
    if text[:3] in ("===", "***", "###", "~~~", "---"):
        text = _FRAME_TAIL.sub("", _FRAME_HEAD.sub("", text, count=1), count=1)
    if "top" in text or "Top" in text or "TOP" in text:
        text = _TOPK.sub(lambda m: f"top{m.group(1)}_{m.group(2)}", text)
    if "[" in text and ("poch[" in text or "POCH[" in text):  # 'fold[1/5] epoch[10/100] loss: ..'
        text = key_brackets(text)
    if text.lstrip("\ufeff")[:1] in "EeFf" and "/" in text[:16]:  # 'E  1/500 | Loss:4.23', 'F1/5 E  3/50 ..': the epoch
        text = epoch_abbreviated(text)
    if text[:1] == "[":  # '[001] train_loss: ...': the epoch (``_progress_counter``)
        text = counter_first(text)
    elif text[:1] in SPLIT_INITIALS and ", " in text:  # 'Train 0, loss: 2.68' (DGCNN): the epoch
        text = split_counter(text)
    if " in epoch" in text or " in Epoch" in text or " IN EPOCH" in text:  # 'TRAIN in epoch 0 , step 50, loss = 2.1'
        text = in_epoch(text)
    if " on " in text:  # 'micro f1 on dev: 0.68' is one key
        text = on_split(text)
    if ", " in text:  # 'epoch 1, phase train, step 10, loss_train, 0.838': the name, then its value
        text = _COMMA_PAIR.sub(r"\1: \2", text)
    if ":" in text and _HAS_CLOCK.search(text):  # 'time left : 0:09:56 hours', 'ETA: 1:04' (``_progress_clock``)
        text = strip_clocks(text)
    if " is " in text or " is:" in text:  # 'Loss is 3.85', 'Validation error after epoch 1 is: 1.048'
        text = named_is(text)
    if "]: [" in text or "]:[" in text or "] = [" in text:  # '[Avg. Loss, Loss]: [10.44, 7.17]'
        text = paired_lists(text)
    if ")" in text and "(" in text[-24:]:  # 'Discriminator Accuracy (Loss): 0.51 (1.37)' (_progress_parenpair)
        text = paren_pair(text)
    if "%)" in text and "/" in text and "Average loss" not in text:  # 'Test Accuracy : 64998/116323 (55.9%)': the
        # share (the PyTorch MNIST example's 'Test set: Average loss: .., Accuracy: 9890/10000 (99%)' is _progress_classic's)
        text = count_percent(text)
    if "(" in text and "/" in text:  # 'lr(main/disc) 3.00e-04/1.00e-04'
        text = slashed_pairs(text)
    if text[:1].isdigit() and "/" in text[:24]:  # '0/10105, Loss: 3.85'
        text = lead_counter(text)
    text = widened(text)  # "MAP: {'map@20': ..}", 'Loss (total): ..', 'a/b Loss: [x / y]' (_progress_grammar)
    return fix_line(text)  # 'Loss(train): ..', 'loss : {1.90}', spaCy's 'Losses {..}', 'a,b v1 v2' (_progress_linefix)


# A one-number tensor/array printed inline, ``str()`` of a torch tensor (``acc: tensor(0.6741, device='cuda:0',
# dtype=torch.float64)``, public icelandman2/helping_hands classifier/exps/logs/*.md; ``loss: tensor(0.52,
# grad_fn=<NllLossBackward0>)``, ``tensor([0.5])``, numpy 2's ``np.float64(0.25)``, ``array(1.5, dtype=float32)``): the
# number is the value of the key before it. Its keywords are never values: ``device='cuda:0'`` had been a series
# ``cuda`` of zeros and the accuracy lost. A device written alone (several numbers in the tensor, ``device(type='cuda',
# index=0)``) is dropped the same way.
_NUM_TEXT = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?nan|[-+]?inf"
_KW = r"\s*,\s*[a-z_]+\s*=\s*(?:'[^']*'|\"[^\"]*\"|<[^<>]*>|device\([^()]*\)|[\w.]+)"
_INLINE_WRAPPED = re.compile(r"\b(?:tensor|array|np\.float\d*|numpy\.float\d*|np\.int\d*|numpy\.int\d*)\(\s*"
                             r"(?:\[\s*)*(" + _NUM_TEXT + r")\s*(?:\]\s*)*(?:" + _KW + r")*\s*\)")
_DEVICE = re.compile(r",?\s*\bdevice\s*=\s*(?:'[^']*'|\"[^\"]*\"|device\([^()]*\))")


def unwrapped_numbers(text: str) -> str:
    """``text`` with each inline one-number tensor/array repr written as its number and device keywords removed."""
    text = _INLINE_WRAPPED.sub(r"\1", text)
    return _DEVICE.sub("", text) if "device" in text else text


# A split word or an accuracy written as an abbreviation (public PiakoCode/Handwritten-Digit-Recognition train.out:
# '**Epoch: 001/020 | Train. Acc.: 95.060% | Loss: 0.1574' then '| Test. Acc.: 97.430% | Loss: 0.0829'): the dots cut
# the split off the name, so train and test were one series 'Acc.' (and 'Loss' two values an epoch, averaged).
_ABBREVIATED = re.compile(r"(?<![\w.])(Train|Training|Test|Val|Valid|Eval|Dev|Acc|Accu|Top1|Top5)\.(?=[ \t]+[A-Za-z]|:)",
                          re.IGNORECASE)


# a comma-separated field that is a metric's name (an underscore or a metric word in it) whose value is the next field
_COMMA_PAIR = re.compile(r"(?:(?<=^)|(?<=, ))([A-Za-z][\w./-]*(?:_|loss|acc|dsc|dice|iou|lr)[\w./-]*), "
                         r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?=,|\s*$)", re.IGNORECASE)


# the split a line opens with: '- Train metrics:', 'Eval:', 'Validation loss: ...', '* Test results:'; not a line
# whose first word is a split's counter or own key part ('Train Epoch 1', 'Test set: Average loss' are other shapes)
_OPENS = re.compile(r"^(?:[-*>\u2022]\s*)?(Train|Training|Eval|Evaluation|Val|Valid|Validation|Test|Dev)\b(?![-/])"
                    r"(?!\s*(?:epoch|step|iter|batch|set\b))", re.IGNORECASE)
_NAMES_SPLIT = re.compile(r"(?i)(?:^|[_/.\s-])(?:train|training|trn|val|valid|validation|eval|evaluation|test|"
                          r"testing|dev)(?:$|[_/.\s-])|^(?:train|val|valid|eval|test|dev)(?=[A-Z_])")
_COUNTERS = frozenset({"epoch", "epochs", "step", "steps", "iter", "iteration", "batch"})


def sectioned(record, text: str):
    """``record`` (a ``kv`` line's) with its keys named by the split the line opens with, when it opens with one
    (module docstring); the record unchanged otherwise."""
    m = _OPENS.match(text)
    if not record.values:
        return record
    if m is None:  # '[Val] Epoch 3: loss = 0.1', 'Val Epoch 3: loss 0.2' (``_progress_split``)
        split = section_split(text)
        if split is None:
            return record
        values = named(record.values, split)
    else:
        values = _named_by_last_split(m.group(1), record.values)
    if values == record.values:
        return record
    return replace(record, values=values)


# a name with no split after a key naming another split than the line's first word belongs to that split:
# 'train loss: 3.520411, val loss: 2.926563, accuracy: 55.02' (public videoaction58 training_logs.txt, a UCF50 action
# recognition homework: the accuracy is the validation's, not train_accuracy); a rate or a clock stays the line's
_SPLIT_WORD = re.compile(r"(?i)(?:^|[_/.\s-])(train|training|trn|val|valid|validation|eval|evaluation|test|testing|dev)"
                         r"(?:$|[_/.\s-])|^(train|val|valid|eval|test|dev)(?=[A-Z_])")
_NOT_SPLIT_OWN = re.compile(r"(?i)^(?:lr|learning_rate|time|eta|speed|mem\w*|grad\w*|epoch_time|duration)$")


def _named_by_last_split(word: str, pairs: tuple) -> tuple:
    out, current = [], word
    for tag, value in pairs:
        found = _SPLIT_WORD.search(tag)
        if found is not None:
            current = found.group(1) or found.group(2)
            out.append((tag, value))
        elif tag.lower() in _COUNTERS or (LEARNING_RATE.match(tag) and word.lower() not in ("train", "training")):
            out.append((tag, value))  # (a rate is no evaluation's: ``_progress_split.LEARNING_RATE``)
        else:
            out.append((f"{word if _NOT_SPLIT_OWN.match(tag) else current}_{tag}", value))
    return tuple(out)


# 'grad L1 2.5e-01 L2 2.5e-01 L3 2.1e-01' (public sdsnn train_log.txt: per-layer gradient norms after one 'grad'):
# an indexed name after a group word, then more of its indexes with only spaces between
_INDEXED = re.compile(r"^([A-Za-z]+?)_?(\d+)$")


def grouped(text: str, found: list, names: list) -> list:
    """``names`` (one per ``_KV`` match in ``found``) with the group word of a two-word key whose name is indexed
    (``grad L1``) put before the indexed names that follow it (``L2``, ``L3`` -> ``grad L2``, ``grad L3``): without
    it only the first of the group was ``grad_L1``, the others plain ``L2``, ``L3``."""
    out = list(names)
    i = 0
    while i < len(out):
        words = out[i].split()
        head = _INDEXED.match(words[1]) if len(words) == 2 else None
        j = i + 1
        while head is not None and j < len(out) and not text[found[j - 1].end():found[j].start()].strip():
            follower = _INDEXED.match(out[j])
            if follower is None or follower.group(1) != head.group(1):
                break
            out[j] = f"{words[0]} {out[j]}"
            j += 1
        i = max(j, i + 1)
    return out
