"""A relaunch that logs the same first step again after a one-step session (used by ``readers/joblog._segments``).

``joblog._segments`` opens a new training where the step goes back (to the run's first step or below). A session
that logged a single step, then a relaunch that logs that step again, never goes back: public HSabbar/decision-capp-
segmentation ``Mcheckpoints/train.log`` (capp66) appends sessions each opened by a config line::

    2019-05-23 09:18:51,172 - DEBUG - Running with config {'choidataset': ..., 'epochs': 10, ...}
    2019-05-23 09:29:39,025 - DEBUG - Training Epoch: 1, Loss: 0.02561.
    2019-05-23 09:30:24,179 - INFO - Validating Epoch: 1, accuracy: 1.0, Pk: 0.0, ...
    2019-05-23 09:31:35,394 - DEBUG - Running with config {'choidataset': ..., 'epochs': 10, ...}
    2019-05-23 09:42:23,188 - DEBUG - Training Epoch: 1, Loss: 0.02438.

and the two sessions were one series with two points at epoch 1. ``relaunched(data, hits, start, i)``: the train
line ``hits[i]`` at the run's only step so far opens a new training when a launch banner (a line naming the run's
``config``/``args``/``options``/``Namespace``/``hparams``, or saying ``start training`` after no epoch/step counter
-- ``Epoch 1: start training generator`` is a phase of an epoch --, its numbers left out up to that word) printed
before the
run's first line is printed again between the run's last line and it -- as the later sessions of that file were
already split where their epoch went back.

A launch killed (a traceback, ``KeyboardInterrupt``) after one step, then launched again, need print no such banner:
the relaunch prints the script's start-up block again after the traceback (``_joblog_startup``: public
tangzyer/mixmatchonsubset ``nohup.out``, ``cuda: True`` / ``Files already downloaded and verified`` / ...). So
``hits[i]`` also opens a new training when a traceback ends between the run's last line and it, and at least
``STARTUP_REPEATS`` lines of those printed before the run's first line are printed again after that traceback --
unless a logged error line (``ERROR:root:worker crashed, re-creating the data loader``, then the traceback:
``logging.exception``) leads the traceback: a caught exception, the same process retrying its epoch (re-creating its
datasets prints ``Files already downloaded and verified`` again), one training (breaker2 52).
"""
from __future__ import annotations

import re

from ._joblog_launches import _line_end
from ._joblog_startup import after_traceback, reprinted, startup_lines
from ._linestart import newline_start

REGION = 1 << 16
# (or a line saying the training starts, ``__________start_training__________``: public dgadomain76 train.txt, 21
# launches appended, 11 of them logging epochs, 5 of those only epoch 0; never 'Starting training from step 705000':
# a resume from a checkpoint, public hifitse66 train.log, one training)
_BANNER = re.compile(rb"(?i)namespace\(|\b(?:running with|args|arguments|hparams|hyperparameters|config|options)\b"
                     rb"|(?P<start>(?<![a-z])start(?:ing)?[ _-]*train(?:ing)?(?![a-z])(?!\s+from\b))")
# a 'start training' after an epoch/step counter in its line starts a phase of that epoch (``Epoch 1: start training
# discriminator`` / ``Epoch 1: start training generator``, a GAN's per-epoch print): no launch banner (breaker4 R7)
_COUNTER = re.compile(rb"(?i)\b(?:epoch|step|iter(?:ation)?|round|batch)\b")
STARTUP_REPEATS = 2  # start-up lines printed again after a traceback: a relaunch
# a logged error (``logging.exception``: ``ERROR:root:worker crashed, ..``, ``- ERROR -``, ``| ERROR |``) printed
# right before the traceback: the script caught it and went on (retried its epoch), no crash, no relaunch
_LOGGED_ERROR = re.compile(rb"(?:^|[\s|\[:-])(?:ERROR|EXCEPTION|CRITICAL)(?:[\s|\]:-])")
_HEADER = b"Traceback (most recent call last):"
_DIGITS = re.compile(rb"\d+")


def _banners(data, lo: int, hi: int) -> set:
    out = set()
    for line in bytes(data[max(lo, hi - REGION):hi]).splitlines():
        m = _BANNER.search(line)
        if m is not None and m.start() < 120 and not (m.group("start") and _COUNTER.search(line, 0, m.start())):
            out.add(_DIGITS.sub(b"#", line[:m.end()]).strip())
    return out


def _caught(data, lo: int, hi: int) -> bool:
    """Whether the last traceback in ``data[lo:hi]`` follows a logged error line (``logging.exception``): caught."""
    at = bytes(data[max(lo, hi - REGION):hi]).rfind(_HEADER)
    if at < 0:
        return False
    at += max(lo, hi - REGION)
    end = at - 1 if at > 0 and data[at - 1:at] == b"\n" else at
    if end > 0 and data[end - 1:end] == b"\r":
        end -= 1
    line = bytes(data[newline_start(data, end):end])
    return _LOGGED_ERROR.search(line) is not None


def relaunched(data, hits: list, start: int, i: int) -> bool:
    """Whether ``hits[i]`` (a train line at the same step as the run's only one so far, the run begun at
    ``hits[start]``) opens a new training (module docstring)."""
    if data is None or i <= start:
        return False
    lo = _line_end(data, hits[start - 1].offset) if start else 0
    k = i - 1  # evaluations at step 0 just before hits[i] (ReChorus' 'Test Before Training', _joblog_segments) are
    while k > start and hits[k].record.kind == "eval" and hits[k].record.step is None and hits[k].step == 0:
        k -= 1  # the relaunch's own: the gap is after the run's last line before them
    gap = _line_end(data, hits[k].offset)
    before = _banners(data, lo, hits[start].offset)
    if before and before & _banners(data, gap, hits[i].offset):
        return True
    crashed = after_traceback(data, gap, hits[i].offset)
    if crashed is not None and _caught(data, gap, crashed):
        return False
    startup = startup_lines(data, lo, hits[start].offset, 20)
    if crashed is not None and reprinted(data, startup, crashed, hits[i].offset) >= STARTUP_REPEATS:
        return True
    between = bytes(data[max(gap, hits[i].offset - REGION):hits[i].offset])
    if hits[i].step > 1 or _RESUMED.search(between):
        return False  # 'Resumed at step 705000': the same training goes on (public hifitse66 train.log)
    return _ENDED.search(between) is not None or reprinted(data, startup, gap, hits[i].offset) >= STARTUP_REPEATS


# A launch that ended (``Training completed.``, ``训练完成！``) or whose start-up block is printed again after its
# only step, then the same first step again: a new training, no traceback needed (public frasera00/PyISV
# ``train_log.txt``: four ``Epoch 1/1, Loss: x`` / ``Validation Loss: y`` / ``Training completed.`` launches had been
# one run of four values at step 1; BreezeDaisy/MVim ``training.log``: ``成功加载真实数据集，训练集大小: 15695, ...`` /
# ``模型文件不存在: checkpoints/latest_model.pth，重新训练模型`` ("model file missing, training anew") before each
# launch, two launches one curve with two values at epoch 1). Only at a first step (0 or 1) and never where the gap
# says the run resumes or restores (``Resuming from ./checkpoints/..``).
_RESUMED = re.compile("(?i)\\bresum|\\brestor|继续训练|恢复训练".encode())
# (the line names no epoch/step counter and goes on to no next phase: ``Epoch 1 training done in 31.2s`` and
# ``[Epoch 0] train finished, evaluating...`` end a phase of one epoch, not a launch: breaker4 R5/R6)
_ENDED = re.compile(("(?im)^(?:(?!epoch|step\\b|iter|batch)[^\\n]){0,80}(?:\\btrain(?:ing)? (?:is )?"
                     "(?:completed?|finished|done|ended)\\b|\\bfinished training\\b|训练完成|訓練完成)"
                     "(?![,;:]?\\s*(?:now\\s+)?(?:evaluat|validat|test|start|begin))").encode())
