"""A bracketed counter opening a printed line, ``[001] train_loss: 1.153 | dev_loss: 1.161 | micro f1 on dev: 0.6794``
(public M1zuk1/Attention-BiLSTM ``log/train.log``: ``print('[%03d] ...' % epoch, end=' ')`` -- a line break only when
the model was saved, so from epoch 10 on several epochs share one line). Used by ``readers/_progress.py`` (the rank
prefix), ``_progress_text.rewrite`` and ``readers/joblog.py``.

- ``RANK_COUNTER``: a bare bracketed number zero-padded (``[001]``, ``[07]``) or of 3+ digits is a counter, no rank:
  ``[001]`` had been rank 1 and ``[002]``... other ranks' lines, dropped without a word (49 of 50 epochs).
- ``counter_first(text)``: such a counter before the line's first key is its epoch (``epoch 001 | train_loss: ...``).
- ``on_split(text)``: a metric named ``<words> on <split>`` (``micro f1 on dev``, ``accuracy on test set``) is one
  key, ``micro_f1_on_dev`` (it was ``on_dev``: the key parser takes two words at most).
- ``loop_index(pairs, ...)``: a loop index printed as the line's only counter (``[TRAIN(0,0,33)]: i: 0, train_loss:
  1.386``, public Darejkal/DeepLearningProject ``output/log.txt``: ``for i, batch in enumerate(...)``) is its step:
  it was a series ``i`` and the steps the line numbers, eleven launches of the script in one file spliced into one
  run; as the step, each launch's count going back to 0 starts a new run (``log.txt#1``...). ``count``/``cnt`` as
  the line's first key is such an index too (public YanjieZe/image-caption-generator ``log/train5.log``:
  ``INFO:root:train epoch: 0`` then ``INFO:root:count: 50, loss:228.901291:`` -- the batch within the epoch, read
  as a series ``count`` and each epoch a run of its own, 13 runs for two trainings). ``Episode`` as the first key too
  (a Keras DQN's ``Episode 50 reward: 1.0, Episode loss: 0.07 Mem size: 12707 Time: .. Frame: 12707``, public
  deeprl_episodes ``training_output.txt``, audit 41q: the episode and the frame count were series, the steps the
  line numbers); the frame count beside it (``Frame``, ``timesteps``...) is then no series either. A bare ``e``
  right before the index is the outer loop's epoch (``for e in range(epochs): for i, batch in enumerate(loader)``,
  printed ``e 0 i 2498 loss: 2.60 mean: 2.60 time: 462.4 acc: 12.42``: public gnnthesis167 ``paste_loss_print.txt``,
  where ``e`` was a series of the epoch's number beside the loss).
- ``keyless_within(text, found, ...)``: a bare ``[n/N]`` right after an ``epoch e/E`` key is the batch within the
  epoch (``Epoch:[ 0/25] [ 198/ 273] time: ..., d_loss: ...``, the DCGAN-tensorflow print, public DCGAN-NPU
  ``nohup.out``): step e x N + n, not the epoch (273 lines at one step once the space-padded epoch was read); a
  step key on the line wins. The epoch need not print its total: ``Epoch 1 [20/1855] total=3355.6 pose=..`` (public
  surgeon logs, a line every 20 batches) had 93 lines an epoch folded onto the epoch's step. A hyphen may join them:
  ALOCC's TensorFlow trainer (khalooei/ALOCC-CVPR2018 ``models.py``, after DCGAN-tensorflow) prints
  ``Epoch:[1/500]-[1/93] --> d_loss: 1.504, g_loss:0.968, g_recon_loss:0.803`` (public alocc139: 5,500 lines on 59
  epoch steps, each the mean of its 93 batches).
  The count may stand in parentheses: jingyaogong/minimind (``trainer/train_pretrain.py``) prints
  ``Epoch:[1/1](270/39695), loss: 6.8434, logits_loss: 6.8434, aux_loss: 0.0000, lr: 0.00049995, epoch_time: 95.0min``
  (public minimind224 ``pretrain.log``, set 224: 3,970 lines all at step 1, averaged to one point).
- ``pieces(segment)``: a segment holding two or more such counters, each before a key, is one progress line per
  counter (the bytes from each counter to the next): epochs printed with ``end=' '`` were one line, the first
  epoch's values read and the rest lost.
"""
from __future__ import annotations

import re

# for ``_progress._RANK``: the bare bracketed numbers that are no rank
RANK_COUNTER = r"(?!0\d|\d{3})"
_FIRST = re.compile(r"^\[(0\d+|\d{3,})\]\s*(?=[A-Za-z])")
_ON_SPLIT = re.compile(r"(?i)(?<![\w./-])((?:[A-Za-z][\w@-]*\s+){1,3}?on\s+(?:the\s+)?"
                       r"(?:dev|val|valid|validation|eval|test|train|training)(?:[\s-]+(?:set|data|split))?)(?=\s*[:=])")
_SET_HYPHEN = re.compile(r"(?i)-(?=(?:set|data|split)$)")  # 'Accuracy on Test-Set: 71.38%' (Hvass-Labs' TF tutorials)
_GLUED = re.compile(rb"(?:^|(?<=\s))\[(?:0\d+|\d{3,})\]\s*(?=[A-Za-z])")


_INDEX_KEYS = ("i", "idx", "batch_idx")
_LEADING_INDEX_KEYS = ("count", "cnt", "episode")  # the line's first key only ('count: 50, loss:228.90': a counter)
# an episode's cumulative counters beside it: where the line's step is its leading 'Episode N', no series
# 'Training Episode:100/1000000  loss:0.00107' (public relnetdream197, a relation-net few-shot trainer's print): the
# phase word before 'Episode' names no series; the line's step is the episode (it was a series 'Training_Episode' and
# the loss stood at line indices)
_PHASE_EPISODE = re.compile(r"(?i)^(?:train|training|meta[ _-]?train(?:ing)?)[ _]episode$")
_EPISODE_COUNTERS = frozenset({"frame", "frames", "total_frames", "total frames", "timesteps", "total_timesteps"})


# a counter of the items an epoch goes through, printed with their number: 'Patch number: 99 / 20955, Train loss:
# 0.18' (public mipunet105 train_logs.txt, a U-Net trained on image patches): the position within the epoch, like
# 'batch 99/20955', never a series 'Patch_number' (``_progress._kv_pairs`` reads ``N / TOTAL`` after such a name, N
# at most TOTAL, as its within-epoch step)
WITHIN_NOUN = re.compile(r"(?i)^(?:patch|patches|sample|samples|image|images|img|tile|crop|slice|volume|case|subject|"
                         r"chunk|item|clip|window|minibatch|mini[- ]batch)"
                         r"(?:[ _]?(?:number|no|num|nr|idx|index|#))?$")
_SPACED_OF = re.compile(r"\s*/\s*(\d+)(?![\d.])")  # ' / 20955' after such a counter (the pairs' pattern wants '99/20955')


def spaced_total(key: str, value: str, text: str, end: int) -> str | None:
    """The TOTAL printed as `` / TOTAL`` after a ``WITHIN_NOUN`` counter's integer ``value`` ending at ``end``
    (``value`` at most TOTAL), else None."""
    m = _SPACED_OF.match(text, end) if value.isdigit() and WITHIN_NOUN.match(key) else None
    return m.group(1) if m is not None and int(value) <= int(m.group(1)) else None


def loop_index(pairs: list, step_keys, epoch_keys) -> list:
    """``pairs`` ((key, value text) of a ``kv`` line) with a loop index named ``step`` when the line prints no step
    and no epoch key and the index is a whole number (module docstring)."""
    keys = [k.lower() for k, _ in pairs]
    if any(k in step_keys or k in epoch_keys for k in keys):
        return pairs
    keys = [_PHASE_EPISODE.sub("episode", k) if i == 0 else k for i, k in enumerate(keys)]
    index = next((i for i, k in enumerate(keys) if k in _INDEX_KEYS or (i == 0 and k in _LEADING_INDEX_KEYS)), None)
    if index is None or not pairs[index][1].isdigit():
        return pairs
    rest = pairs[index + 1:]
    if index == 1 and keys[0] == "e" and pairs[0][1].isdigit():  # 'e 0 i 2498 loss: ..': the outer loop's epoch
        return [("epoch", pairs[0][1]), ("step", pairs[index][1])] + rest
    if keys[index] == "episode":  # 'Episode 50 reward: 1.0, Episode loss: 0.07 .. Frame: 12707' (a Keras DQN)
        rest = [(k, v) for k, v in rest if k.lower() not in _EPISODE_COUNTERS]
    return pairs[:index] + [("step", pairs[index][1])] + rest


# (or in parentheses: jingyaogong/minimind's ``train_pretrain.py`` ``'Epoch:[{}/{}]({}/{}), loss: {:.4f}, ..'``, public
# minimind224 pretrain.log: 3,970 lines of one epoch at step 1)
_WITHIN = re.compile(r"\s*-?\s*(?:\[\s*(\d+)\s*/\s*(\d+)\s*\]|\(\s*(\d+)\s*/\s*(\d+)\s*\))")


def keyless_within(text: str, found: list, epoch_keys, step_keys) -> tuple[int, int] | None:
    """(n, N) of a bare ``[n/N]`` right after the ``epoch e/E`` match among ``found`` (``_KV`` matches), or None
    (module docstring); None on a line printing a step key of its own (that step stands)."""
    if any(m.group(1).lower() in step_keys for m in found):
        return None
    for m in found:
        if m.group(1).lower() in epoch_keys:
            at = m.end() + (text[m.end():m.end() + 1] == "]")  # 'Epoch: [0] [20/32]' (PaddleDetection): past its ']'
            w = _WITHIN.match(text, at)
            if w is not None and w.group(1) is None:  # '(n/N)'
                return (int(w.group(3)), int(w.group(4))) if int(w.group(4)) else None
            if w is not None and int(w.group(2)):
                return int(w.group(1)), int(w.group(2))
            return None
    return None


def counter_first(text: str) -> str:
    """``text`` with a leading bracketed counter written as its epoch key (module docstring). A unix time in seconds
    (10 digits, 2001-2033: ``[1762697751] Epoch 1 | Batch 100/6541 | Loss 0.17``, public cxrens88) is the line's
    clock, no counter: left out (it had been the epoch, the steps ~1.15e13)."""
    m = _FIRST.match(text)
    if m is not None and len(m.group(1)) == 10 and 1_000_000_000 <= int(m.group(1)) < 2_000_000_000:
        return text[m.end():]
    return text if m is None else f"epoch {m.group(1)} | {text[m.end():]}"


def on_split(text: str) -> str:
    """``text`` with each ``<words> on <split>`` metric name joined into one key (module docstring)."""
    return _ON_SPLIT.sub(lambda m: _SET_HYPHEN.sub("_", re.sub(r"\s+", "_", m.group(1))), text)


def pieces(segment) -> list[tuple[int, int]]:
    """(start, end) of each progress line glued into ``segment`` (module docstring); the whole segment when it is one
    line."""
    whole = [(0, len(segment))]
    if b"]" not in segment:
        return whole
    starts = [m.start() for m in _GLUED.finditer(segment)]
    if len(starts) < 2:
        return whole
    if starts[0] > 0 and b"oss" in segment[:starts[0]]:
        starts.insert(0, 0)  # a line of its own before the first counter
    return list(zip(starts, starts[1:] + [len(segment)]))
