"""A first launch of one or two lines, abandoned for a relaunch that went on (used by ``readers/joblog.parse``).

PaddleGAN's trainer prints its whole config at start-up, then one line per logged iteration (public rcanpd74
``log.txt``, an RCAN super-resolution training)::

    [11/23 19:27:00] ppgan INFO: Configs: {'total_iters': 1000000, 'output_dir': 'output_dir/rcan_x4_div2k-...', ...
    [11/23 19:27:19] ppgan.engine.trainer INFO: Iter: 10/1000000 lr: 2.000e-04 loss_pixel: 220126996736552716...
    [11/23 19:27:29] ppgan.engine.trainer INFO: Iter: 20/1000000 lr: 2.000e-04 loss_pixel: 366857108828268651...
    ========== (a note: no pretrained x2 model at first, so the loss was huge) ==========
    11/23 19:46:58] ppgan INFO: Configs: {'total_iters': 1000000, 'output_dir': 'output_dir/rcan_x4_div2k-...', ...
    [11/23 19:48:09] ppgan.engine.trainer INFO: Iter: 100/1000000 lr: 1.000e-04 loss_pixel: 6.448 ...

The first launch logged two lines and was stopped; the script was launched again (its config printed again) and
trained for 238,000 iterations. The step did not go back (10, 20, then 100), so both launches were one series that
started at 2.2e32. As ``_aborted_first`` does for a one-row launch at a CSV's top, the first launch's lines are left
out, with one line, when: it logged at most ``MAX_LINES`` training lines; the config line printed before its first
line (a line naming ``Configs``/``config``/``args``/``Namespace``/``hparams``, compared from that word on, numbers
masked, over ``_KEY`` characters) is printed again before the next training line; and the relaunch logged at least
``MIN_AFTER`` training lines with no such line among its first ones (a config printed before every epoch is no
relaunch). A relaunch whose step went back is split where it went back (``joblog._segments``). A relaunch that
RESUMED the first launch keeps it: a line between them saying so (``Resuming from checkpoint iter_20``,
``=> loaded checkpoint``: ``_joblog_epochlen.RESUMED``), or the relaunch's first step going on from the first
launch's last by the relaunch's own stride (10, 20, then 30, 40: one training; rcanpd74 went 10, 20, then 100).
"""
from __future__ import annotations

import re

from ._joblog_epochlen import RESUMED
from ._joblog_stray import drop_strays

MAX_LINES = 2
MIN_AFTER = 20
_BANNER = re.compile(rb"(?i)\b(?:configs?|args|arguments|namespace|hparams|hyperparameters|options)\b\s*[:=(]")
_DIGITS = re.compile(rb"\d+")
_KEY = 60
_REGION = 1 << 16


def _banners(data, lo: int, hi: int) -> dict:
    """The config lines between ``lo`` and ``hi`` (from the banner word, numbers masked) -> the offset of the last."""
    lo = max(lo, hi - _REGION)
    out, at = {}, lo
    for line in bytes(data[lo:hi]).split(b"\n"):
        m = _BANNER.search(line)
        if m is not None and m.start() < 120:
            out[_DIGITS.sub(b"#", line[m.start():m.start() + _KEY])] = at
        at += len(line) + 1
    return out


def _resumed(data, hits: list, train: list, k: int) -> bool:
    """Whether the relaunch (from ``train[k]``) resumed the first launch (module docstring)."""
    if RESUMED.search(bytes(data[hits[train[k - 1]].offset:hits[train[k]].offset])):
        return True
    last, first, second = (hits[train[i]].step for i in (k - 1, k, k + 1))
    return None not in (last, first, second) and second > first and first - last == second - first


def drop_abandoned_first(data, hits: list, notes: list) -> list:
    """``hits`` without an abandoned first launch's lines (module docstring), nor another process's stray line
    inside a run (``_joblog_stray``)."""
    return drop_strays(_drop_first(data, hits, notes), notes)


def _drop_first(data, hits: list, notes: list) -> list:
    train = [i for i, h in enumerate(hits) if h.record.kind == "train"]
    if data is None or len(train) < MAX_LINES + MIN_AFTER:
        return hits
    before = _banners(data, 0, hits[train[0]].offset)
    if not before:
        return hits
    for k in range(1, MAX_LINES + 1):  # the relaunch's first training line is train[k]
        if hits[train[k]].step is not None and hits[train[k - 1]].step is not None \
                and hits[train[k]].step <= hits[train[k - 1]].step:
            return hits  # the step went back: split there (joblog._segments)
        again = _banners(data, hits[train[k - 1]].offset, hits[train[k]].offset)
        shared = [again[b] for b in before if b in again]
        if shared:
            if len(train) - k < MIN_AFTER:
                return hits
            if _resumed(data, hits, train, k):
                return hits  # the relaunch went on from the first launch's checkpoint: one training
            later = _banners(data, hits[train[k]].offset, hits[train[k + MIN_AFTER - 1]].offset)
            if any(b in later for b in before):
                return hits  # the config printed again and again (each epoch a launch): no abandoned launch
            notes.append(f"a first launch of {k} training line(s) was stopped and the script launched again (its "
                         "config printed again): the first launch's lines are left out, the relaunch is the run")
            return [h for h in hits if h.offset > max(shared)]
    return hits
