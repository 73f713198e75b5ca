"""Lines naming an accuracy and no loss (used by ``readers/joblog.py`` through ``_progress``): looked for with a
needle where ``key: value`` progress lines were read, since the reader's one pass only stops at ``loss``."""
from __future__ import annotations

import re

from ._progress import _KV, NUMBER, Record, _from_pairs, clean
from ._progress_skip import best_so_far
from ._progress_text import rewrite, sectioned

# pairs; a counter may be 'n/total' (``Epoch: 3/50,top1_acc: 0.07``), a count may follow ``(512570/2466133)``
# ('Epoch 1: Val acc is 86.0%', public liveness: the epoch named by a space, then a colon)
# ('Epoch 3\tAcc: 0.9034\tnmi: 0.8431\tari: 0.8020': E2DTC's per-epoch clustering evaluation, public Gila-6/E2DTC
# slurm.out, pairs closed by TABs: the epoch a TAB before the first name)
_ACC_LINE = re.compile(r"(?:[Ee]poch\s+\d+\s*:\s*|[Ee]poch\s+\d+\t\s*)?"
                       r"(?:[A-Za-z][\w ./@-]*?\s*[:=]\s*" + NUMBER + r"(?:/\d+)?%?\s*[,|;]?\s*"
                       r"(?:\(\s*\d+\s*/\s*\d+\s*\)\s*[,|;]?\s*)?)+")
ACCURACY_NEEDLE = b"ccuracy"
# one pair without its colon, the name a split word and an accuracy: DGL's GraphSAGE examples print 'Eval Acc 0.9248'
# each few epochs between their 'Epoch 00004 | Step 00020 | Loss 0.41 | ...' lines (public SijingYu/GraphSAGE_MultiGPU
# loss.md); with no colon and no loss, neither scan read it: the validation accuracy was dropped
SPACED_NEEDLE = b"cc "
_ACC_SPACED = re.compile(r"(?i)(?:val|valid|validation|eval|evaluation|test|dev)[ _](?:acc|accuracy)[ \t]+"
                         + NUMBER + r"%?")
# the validation set's size printed before its spaced accuracy on one line: a language-ID trainer's ``Val set size:
# 120, validation accuracy 33.33%`` after each epoch's ``epoch 0, total signals 900, average_loss_per_batch: ..``
# line (public langid166 ``*.gadi-pbs.log``, a PBS job's stdout): the count made the line no accuracy line and the
# validation accuracy -- at chance at every epoch -- was dropped. The count is left out, the accuracy read (only a
# validation split's: the ``Test set size: 120, Test accuracy 31.67%`` after the training is no epoch's point)
_SIZE_FIRST = re.compile(r"(?i)^(?:val|valid|validation|dev)(?: set)? size\s*[:=]\s*\d+\s*[,;|]\s*"
                         r"(?=(?:val|valid|validation|dev)[ _](?:acc|accuracy)[ \t]+" + NUMBER + r"%?$)")
# what ``clean`` leaves before a value line of its own: a logger's name before the level (``%(asctime)s %(name)s
# %(levelname)s: %(message)s``: skin-lesion ``train_log INFO: val accuracy: 0.258125``), a bullet (``+ Validation
# accuracy: 0.359`` under '=== MODEL VALIDATING ===': a text-classification trainer); forty-eighth labeller's set.
# Only for a line of one value (CIRKD's 'semantic_segmentation INFO: Overall validation pixAcc: 2.3, mIoU: 0.23' is
# the task needle's: val_mIoU)
_LEFT = re.compile(r"^(?:[\w.]+\s+(?:INFO|WARNING|DEBUG):\s*|[+*>-]\s+(?=[A-Za-z]))")


# an epoch key naming an evaluation pass: 'Validating Epoch: 1, accuracy: 0.9622, Pk: 0.3842, Windiff: -1.0, F1: 0.0 .'
# (public HSabbar/decision-capp-segmentation Mcheckpoints/train.log, logging.info beside 'Training Epoch: 1, Loss: ..';
# then 'Testing Epoch: 1, accuracy: ..'): its unprefixed values are that split's (val_accuracy, test_Pk) at epoch k
_SPLIT_EPOCH = {"validating epoch": "val_", "validation epoch": "val_", "val epoch": "val_", "valid epoch": "val_",
                "evaluating epoch": "val_", "evaluation epoch": "val_", "eval epoch": "val_",
                "testing epoch": "test_", "test epoch": "test_"}
_SPLIT_PREFIX = re.compile(r"(?i)^(?:val|valid|validation|eval|evaluation|test|dev|train|training)[_ /]")
# 'Average validation accuracy is 0.48810 at the end of epoch 0' (public adpred109 output.txt, beside the same
# sentence of the training loss): the epoch closing the sentence is the line's epoch
_END_OF_EPOCH = re.compile(r"(?i)\s+(?:at|after)\s+(?:the\s+)?end\s+of\s+epoch\s+(\d+)$")
# a split word leading a key of two words: VoteNet's ``train.py`` logs ``log_string('eval mean %s: %f' % (key, ..))``
# for each loss/acc/ratio of its stat dict after each evaluation (public votenet-picwoon202 log_train.txt): the pair
# pattern takes two words, so ``eval mean obj_acc`` was read ``mean_obj_acc`` (a training accuracy) beside the loss
# lines' ``eval_mean_loss``; the split word is kept (``eval_mean_obj_acc``)
_SPLIT_LEAD = re.compile(r"(?i)(val|valid|validation|eval|evaluation|test|dev)\s+(?=[A-Za-z])")
_SENTENCE_END = re.compile(r"(?<=\d)\s*\.$")  # '..., F1: 0.0 .': the logged sentence's full stop
# a split word then a dash, colon or bar opening the line: public signhello125 ``训练日志.txt`` prints each epoch
# ``Train - Acc: 0.4583, Prec: 0.4375, Rec: 0.6364, F1: 0.5185`` then ``Val   - Acc: 0.5714, Prec: ..`` (f-strings
# padded to one width): the two lines were one series 'Acc' of two values an epoch; each is its split's (train_Acc,
# val_Acc)
_SPLIT_OPENS = re.compile(r"(?i)(?:train|training|val|valid|validation|eval|evaluation|test|dev)\s*[-:|]\s+[A-Za-z]")


# a tqdm bar the line was printed after without a newline (the bar closed without one): '1607it [00:17,
# 98.42it/s]acc: 0.7850, best acc: 0.7955' (public ccks2019se125 ``运行结果.txt``, a Keras callback evaluating the dev set
# with tqdm after each epoch's bar)
_TQDM_LEAD = re.compile(r"^\s*(?:\d{1,3}%\|[^|]*\|\s*)?\d+(?:/\d+)?(?:it)? \[[^\]]*(?:it/s|s/it)\]\s*(?=[A-Za-z])")
# 'acc: 0.7850, best acc: 0.7955': the best so far beside the epoch's value is no series of its own (ccks2019se125)
_BEST_OF = re.compile(r"(?i)^best[ _]+(.+)$")


def _without_best_beside(pairs: list, text: str = "") -> list:
    """``pairs`` less each ``best <name>`` whose ``<name>`` is on the line too (the best so far, repeated). The pair
    pattern may keep only the words after ``best`` ('val acc: 0.66, best val acc: 0.70' gives ``val acc`` twice:
    breaker, stop 54): a name repeated on a line that says ``best <name>`` keeps its first value only."""
    names = {" ".join(k.lower().replace("_", " ").split()) for k, _ in pairs}
    low = " ".join(text.lower().replace("_", " ").split())
    out, seen = [], set()
    for key, value in pairs:
        m = _BEST_OF.match(key.strip())
        norm = " ".join(key.lower().replace("_", " ").split())
        if m is not None and " ".join(m.group(1).lower().replace("_", " ").split()) in names:
            continue
        if norm in seen and f"best {norm}" in low:
            continue
        seen.add(norm)
        out.append((key, value))
    return out


# two splits on one line, each opening its part: 'Val - Acc: 0.7217 | Train - Acc: 0.9784' (breaker, stop 54: both
# values were read as Val_Acc); each part's names take its own split
_SPLIT_PART = re.compile(r"(?i)(?:^|(?<=[|;,])\s*)(train|training|val|valid|validation|eval|evaluation|test|dev)"
                         r"\s*[-:|]\s+(?=[A-Za-z])")


def _per_split_parts(text: str) -> list | None:
    """The pairs of a line whose parts each open with a split word (two or more), named ``<Split>_<name>``; None
    when fewer than two parts open so."""
    opens = list(_SPLIT_PART.finditer(text))
    if len(opens) < 2:
        return None
    pairs = []
    for o, nxt in zip(opens, opens[1:] + [None]):
        piece = text[o.end():nxt.start() if nxt is not None else len(text)]
        pairs += [(f"{o.group(1)}_{k}", v) for k, v, _, _ in _KV.findall(piece)]
    return pairs


def accuracy_line(raw: bytes) -> Record | None:
    """A line of ``name: value`` pairs naming an accuracy and no loss (``Validation Accuracy: 0.94`` printed on its
    own after an epoch's loss lines): an evaluation at the step of the line before (or its own epoch/step). A tqdm
    bar glued before the pairs is passed over; a ``best <name>`` beside ``<name>`` is left out."""
    text, rank, stamp = clean(raw)
    text = _TQDM_LEAD.sub("", text, count=1) if "it" in text else text
    left = _LEFT.sub("", text, count=1)
    text = rewrite(left if left is not text and len(_KV.findall(left)) == 1 else text)  # one value of its own only
    text = _SENTENCE_END.sub("", text) if text else text
    text = _SIZE_FIRST.sub("", text, count=1) if text and "ize" in text else text  # 'Val set size: 120, validation ..'
    text = _END_OF_EPOCH.sub(r", epoch: \1", text) if text else text
    if not text or _ACC_LINE.fullmatch(text) is None and _ACC_SPACED.fullmatch(text) is None:
        return None
    parts = _per_split_parts(text)
    pairs = parts if parts is not None else \
        _without_best_beside([(key, value) for key, value, _, _ in _KV.findall(text)], text)
    if parts is None and pairs and (lead := _SPLIT_LEAD.match(text)) is not None \
            and not _SPLIT_PREFIX.match(pairs[0][0]) and text[lead.end():].startswith(pairs[0][0]):
        pairs = [(f"{lead.group(1)} {pairs[0][0]}", pairs[0][1])] + pairs[1:]  # 'eval mean obj_acc: ..'
    split = _SPLIT_EPOCH.get(" ".join(pairs[0][0].lower().replace("_", " ").split())) if pairs else None
    if split is not None:
        # MetaCalibration's eval 'val_epoch is 200, acc is 0.44, ci95 is 0.01' (public metacal197): the key joined by
        # '_' names the saved model's iteration, the line's step (it was read as a series, 'acc' as the training's)
        first = pairs[0] if " " in pairs[0][0] else ("step", pairs[0][1])
        pairs = [first] + [(k if _SPLIT_PREFIX.match(k) else split + k, v) for k, v in pairs[1:]]
    if not any("acc" in key.lower() for key, _ in pairs):
        return None
    record = _from_pairs("kv", pairs, needs=None)
    if record is not None and parts is None and ("@" in text or _SPLIT_OPENS.match(text)):
        record = sectioned(record, text)  # 'Val Acc@1: 29.12% | MRR: 32.09%': MRR is the validation's too
    if record is None or not record.values or best_so_far(record, text):
        return None  # (the transfer-learning tutorial's last line 'Best val Acc: 0.93': no epoch's point)
    kind = "eval" if record.step is None or split is not None else record.kind
    return Record("kv", record.values, record.step, record.epoch, kind, rank, None, stamp)


# scikit-learn's MLPClassifier/MLPRegressor with ``verbose=True, early_stopping=True`` prints, per iteration,
# ``Iteration 3, loss = 0.64993429`` then ``Validation score: 0.666667`` (``_multilayer_perceptron.py``: the held-out
# fraction's accuracy, or R^2 for a regressor): the validation score was dropped without a word (a newcomer breaker's
# real run). Read as ``val_score``, an evaluation at the iteration before.
# The same line of other trainers, capitalised and padded: a progressive knowledge-distillation script (public
# dd2424kd136 ``best_model.log``) prints ``Validation Score:  0.862`` under each epoch's ``Train Time used: 14 \t Loss:
# 4.594 | Train Acc: 87.267%``, a validation accuracy: dropped too. A validation split's name (validation/val/valid/
# dev), the word ``score`` and one value, the whole line: ``val_score``. (Not ``Test score:``: the Keras examples'
# ``print('Test score:', score[0])`` is the test LOSS of ``model.evaluate``.)
SKLEARN_NEEDLE = b"core:"
_SKLEARN = re.compile(r"(?i)(?:validation|valid|val|dev) score:\s*(" + NUMBER + r")")


def sklearn_score_line(raw: bytes) -> Record | None:
    """The record of one ``Validation score: x`` line (above), or None."""
    m = _SKLEARN.fullmatch(clean(raw)[0].strip())
    return None if m is None else Record("kv", (("val_score", float(m.group(1))),), kind="eval")

