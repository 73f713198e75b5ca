"""Printed lines holding loss-like numbers that are no progress line (used by ``readers/_progress.py``): a
configuration dump, a checkpoint being loaded, a best-so-far summary. Each made series nobody logged as a curve."""
from __future__ import annotations

import re

from ._progress_joeynmt import epoch_total_line, example_line

# A configuration printed once, not a progress line: a dataclass/Namespace repr (``TrainConfig(run_name='x', ...,
# auxiliary_loss_multiplier=0.0001, ...)``, ``Namespace(lr=0.1, ...)``) or a labelled dump (YOLO's ``hyperparameters:
# lr0=0.01, ..., loss_ota=1``). Its numbers are settings: read as series they made one-point "metrics" and config
# constants named *loss* passed for loss components.
# (three patterns, each tried only on a line holding the characters it needs: one alternation of the three cost
# ~20 us a line, the most of a plain progress line's parse)
_CONFIG_REPR = re.compile(
    r"(?:^|[\s:])(?:[A-Z]\w*(?:Config|Args|Arguments|Params|Parameters|Options|Settings|Namespace)|Namespace)\(\w+=",
    re.IGNORECASE)
_CONFIG_LABEL = re.compile(
    r"(?:hyperparameters|hyper-parameters|hyp|hparams|config|configuration|args|arguments|options|opt|params)\s*:\s*"
    r"(?:\{\s*)?['\"]?\w+['\"]?\s*[=:]", re.IGNORECASE)
# a labelled dict later in the line: chemprop's 'Running in mode 'train' with args: {'smiles_columns': ...}'
_CONFIG_DICT = re.compile(
    r"(?<![\w/.-])(?:args|arguments|config|configuration|hparams|hyperparameters|hyper-parameters|options|opts)"
    r"\s*[:=]\s*\{\s*['\"]\w+['\"]\s*:", re.IGNORECASE)


# A checkpoint loaded (restored, resumed from) is no progress line: ``[Checkpoint] Loaded <- best.pth (epoch=20,
# val_loss=1.0521)`` repeats a value the epoch's own line printed when the checkpoint was saved; read, it made a
# series of its own at that step once per load (three loads: a "val_loss" of 3 points at one step, spread over
# steps 0-2 by the steps_all_equal rule), a curve nobody logged (eval/public skinlesion14). Saving lines stay.
_CHECKPOINT_LOAD = re.compile(
    r"\b(?:load(?:ed|ing)?|restor(?:e|ed|ing)|resum(?:e|ed|ing))\b.*\b(?:checkpoint|ckpt)"
    r"|\b(?:checkpoint|ckpt)\b.*\b(?:load(?:ed|ing)?|restor(?:e|ed|ing)|resum(?:e|ed|ing))\b", re.IGNORECASE)


# "best" in the languages training scripts print in: a line of its own saying so before its first metric is a
# best-so-far / saved-best / training-complete summary (``training complete; best val loss = 1.1703`` in eval/public
# danilov detr-log, ``保存最佳模型 (val_loss=3.2508)`` -- "saved the best model" -- after each improving epoch in
# guoxiang transformer). The key parsers drop the word (``best val loss`` -> ``val_loss``), so the text decides.
_BEST = re.compile(r"\b(?:best|meilleure?s?|mejor(?:es)?|melhor(?:es)?|migliore?|beste[nrs]?|najlepsz\w*|лучш\w*)\b"
                   r"|最佳|最好|最优|最優|最良|ベスト|최고|최적|최상", re.IGNORECASE)
_BEST_ASCII = ("best", "meilleur", "mejor", "melhor", "miglior", "najlepsz")  # _BEST's words in ASCII letters
_BEST_OTHER = re.compile(r"лучш|最佳|最好|最优|最優|最良|ベスト|최고|최적|최상", re.IGNORECASE)  # and its others
# the characters a case-blind pattern of ASCII letters also matches beyond ASCII (``re``'s case folds: dotted and
# dotless i, long s, the Kelvin sign)
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def may_hold(text: str, words) -> bool:
    """False only when no case-blind ``re`` pattern of ASCII-letter ``words`` can match in ``text`` (a cheap test
    before a costly pattern): none of them in its lower case, none of the folding characters in it."""
    low = text.lower()
    return any(word in low for word in words) or (not text.isascii() and any(c in text for c in _FOLDS_TO_ASCII))


# 'mAP' too: cluster-contrast's ' * Finished epoch   9  model mAP: 53.8%  best: 53.8% *' prints the epoch's own mAP
# before its best (_progress_imagenet._FINISHED; ten re-id runs of public set 194 read no validation)
_METRIC_WORD = re.compile(r"loss|acc|err|score|f1|dice|dsc|iou|ppl|perplexity|bleu|rouge|auc|\bmap\b|损失|損失|准确|精度|误差",
                          re.IGNORECASE)


# a key naming a best value, also after a word the key parser joined to it (``done. best_val_loss=0.1131``, the last
# line of Andrei-C-916/Safety-Binary-Classifier train_log.txt, was a series ``done._best_val_loss``)
_BEST_KEY = re.compile(r"(?:^|[^a-z])best", re.IGNORECASE)


# a line led by "best" that names the step of that best after its value: '- Best Accuracy: 0.9059 (Epoch 15)' heading
# a Markdown log's per-epoch sections (public pinnlens90 commontest_scores.md: read, its epoch made every later
# step-less line of the file epoch 15), 'Best val loss 0.31 at epoch 12', 'best mAP 0.52 @ epoch 40'
_BEST_LEAD = re.compile(r"^[\W_]*(?:the\s+)?best\b", re.IGNORECASE)
_STEP_AFTER = re.compile(r"\d%?\s*(?:\(\s*(?:at\s+|@\s*)?(?:epoch|ep|step|iter(?:ation)?)\.?\s*[:=#]?\s*\d+\s*\)"
                         r"|(?:at|@|in)\s*(?:epoch|ep|step|iter(?:ation)?)\.?\s*[:=#]?\s*\d+)", re.IGNORECASE)

# the step named before the value, moved to the line's head by ``_progress_text.rewrite`` ('Best hist loss at epoch 8:
# -49.298 .' -> 'epoch 8 | Best hist loss: -49.298'): public vtkel188 ``e*.history.txt`` closes its 15 epochs with
# 'Best hist loss at epoch 8: ..' and 'Best hist accuracy at epoch 15: ..' (a one-point series ``hist_loss``); 'Best val
# loss at epoch 8: 0.12' made a second ``val_loss`` point at epoch 8
_STEP_THEN_BEST = re.compile(r"(?:epoch|ep|step|iter(?:ation)?)\s*\d+\s*\|\s*(?:the\s+)?best\b", re.IGNORECASE)


# An early-stopping sentence with no step of its own (public harwisdm204 experiment.log, the HAR repository's
# ``print(f"early stopping at epoch {epoch} with loss {best:.5f}")`` after its last 'Epoch 273: | Loss: 0.00737'
# line): the stop and the reference loss it watched, no point of a curve. The key parser made one-point series
# ``at_epoch`` (274) and ``with_loss``. Keras' 'Epoch 00023: early stopping' has a step and no value: not this.
_EARLY_STOP = re.compile(r"\bearly[ _-]?stop(?:ping|ped)?\b|\bstopp(?:ed|ing)\s+early\b", re.IGNORECASE)


def best_so_far(record, text: str = "") -> bool:
    """A summary printing only the best value reached: a minimum over the curve, not a point of it. Either every
    loss on the line is a ``best`` one (``Training complete | Best ValLoss: 1.0521``, ``best_loss 0.31``: it made a
    one-point "Best_ValLoss" series at the last step), or a line with no step of its own names "best" (in any of the
    languages of ``_BEST``) before its first metric: ``training complete; best val loss = 1.17`` made a 9th
    ``val_loss`` point at the last step beside the real epoch-7 one (the resolved view kept the summary), and
    ``保存最佳模型 (val_loss=...)`` after each improving epoch a second, best-so-far ``val_loss`` curve. A line led by
    "best" naming its best's step after its one value (``Best Accuracy: 0.9059 (Epoch 15)``) or before it (``Best
    val loss at epoch 8: 0.12``) is one too, and so is a step-less early-stopping sentence (``_EARLY_STOP``) (``[best 2.19
    @ epoch 1] epoch 1 train_loss=..`` prints the epoch's own values after it: read). Any other
    progress line with its own step, or printing its own loss before a best-so-far (``val_loss 0.5 | best val_loss
    0.45``), is read whole."""
    losses = [tag for tag, _ in record.values if "loss" in tag.lower()]
    if losses and all(_BEST_KEY.search(tag) for tag in losses):
        return True
    if record.step is not None and text and len(record.values) == 1 and _BEST_LEAD.match(text) is not None \
            and _STEP_AFTER.search(text):
        return True  # '- Best Train Loss: 0.1175 (Epoch 15)': the best and where it was, a summary
    if record.step is not None and text and len(record.values) == 1 and _STEP_THEN_BEST.match(text) is not None:
        return True  # 'Best hist loss at epoch 8: -49.298 .' (rewritten 'epoch 8 | Best hist loss: -49.298')
    if record.step is not None or not text:
        return False
    if may_hold(text, ("stop",)) and _EARLY_STOP.search(text) is not None:
        return True  # 'early stopping at epoch 274 with loss 0.00365': where it stopped and the loss it watched
    if not may_hold(text, _BEST_ASCII) and not _BEST_OTHER.search(text):
        return False  # (no word of ``_BEST`` on the line)
    best, metric = _BEST.search(text), _METRIC_WORD.search(text)
    return best is not None and (metric is None or best.start() < metric.start())


# Old ReChorus (THUwangcy/ReChorus 1.x, ``BaseRunner.check``, every ``check_epoch`` epochs) logs ``loss = 0.6617,
# l2 = 0.0000`` before the epoch's own ``Epoch 1   loss=0.6617 [1.8 s] dev=(..)`` line: a check of one batch and the
# model's L2 penalty. Read, the loss went to the epoch before (a point the epoch line printed again at the wrong step)
# and ``l2`` made a series of its own (public boxgnn157); the epoch line holds the epoch's loss. Dropped only in a file
# that prints such epoch lines: elsewhere a ``loss = x, l2 = y`` line may be the epoch's only loss.
_RECHORUS_EPOCH = re.compile(rb"Epoch\s+\d+\s+loss=\S+\s+\[[\d.]+ s\]")


def drop_rechorus_checks(hits: list, data) -> list:
    """``hits`` less old ReChorus's ``loss = x, l2 = y`` batch checks, in a file printing ReChorus's epoch lines."""
    if not any(tuple(tag for tag, _ in h.record.values) == ("loss", "l2") for h in hits) \
            or _RECHORUS_EPOCH.search(data) is None:
        return hits
    return [h for h in hits if tuple(tag for tag, _ in h.record.values) != ("loss", "l2")]


# A checkpoint callback's "it improved" message, the old best and the new one in words: ``Improved model loss from
# inf to 0.5412302017211914. Saving model.`` after each Keras fit() of an outer loop (public pneudet227
# TRAIN_LOG.txt): read as series ``loss_from`` (inf first: the run judged `nan` 0.95) and ``to``; the new value is
# the epoch's own line's (``val_loss: 0.5413``). No progress line.
_IMPROVED = re.compile(r"(?i)\b(?:improved?|decreased|increased|reduced|dropped|went\s+(?:down|up))\b.{0,60}?\bfrom\s+"
                       r"[-+]?(?:inf|nan|\d[\d.]*(?:e[-+]?\d+)?)\s+to\s+[-+]?\d")


def not_progress(text: str) -> bool:
    """Whether a cleaned printed line is a configuration dump, a checkpoint load or a checkpoint's "improved from
    x to y" message (never a progress line)."""
    if ":" in text and (example_line(text) or epoch_total_line(text)):  # JoeyNMT's example translations and
        return True  # its per-epoch sum of batch losses (_progress_joeynmt)
    if "from" in text and " to " in text and _IMPROVED.search(text) is not None:
        return True
    return ("(" in text and "=" in text and _CONFIG_REPR.search(text) is not None) \
        or (":" in text and _CONFIG_LABEL.match(text) is not None) \
        or ("{" in text and _CONFIG_DICT.search(text) is not None) or (
            may_hold(text, ("ckpt", "checkpoint")) and _CHECKPOINT_LOAD.search(text) is not None)  # (both its parts)
