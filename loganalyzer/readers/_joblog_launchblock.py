"""Step-less trainings each opened by the script's whole start-up block again (used by ``readers/joblog.py``).

A log that prints no step never goes back a step, so ``joblog._segments`` cannot see where a launch ends; a single
banner line printed again splits it (``_joblog_banners``) only when every piece has ``MIN_POINTS`` points. Launches
stopped after one line, or after a lone validation, fail that, and the whole log stayed one run. Public
conanjgz/critical-error-detection-for-MT ``output/train.log`` appends 93 launches of one script, each printing::

    | 2021-07-01 16:10:14 | INFO | ==============================Start training==============================
    | 2021-07-01 16:10:14 | INFO | Command Line Args:   -c config/example.conf
    Config File (config/example.conf):
      train_data:        wmt21_official_data/enzh_majority_train.tsv
      ...
    | 2021-07-01 16:10:34 | INFO | MonoTransQuestModel(
      ... (the model, 300 lines)
    | 2021-07-01 16:10:34 | INFO | Start epoch :
    | 2021-07-01 16:10:34 | INFO | Train Loss: 0.562, tp: 0, fn: 4, fp: 0, tn: 12, Acc: 0.750, Prec: 0.000, ...

and 69 of them print 1 to 30 lines without a step: read as one run of 587 ordinal steps. ``split_launch_blocks``
splits a step-less run (``_joblog_banners.stepless``) before each line whose gap from the line before prints again
``BLOCK_LINES`` or more of the lines printed before the run's first line (``_joblog_startup``: digits masked, lines
with a letter only) -- a block, not one header -- when at most half the gaps do (a block printed before every epoch
is the epoch's, not a launch's). Each piece counts its points from the run's first step, as ``_joblog_banners``;
a launch printing only series no other launch prints (an evaluation of the trained model) stays with the one before.
"""
from __future__ import annotations

from ._joblog_banners import stepless
from ._joblog_launches import _line_end
from ._joblog_startup import REGION, startup_lines

BLOCK_LINES = 5


def split_launch_blocks(data, hits: list, bounds: list[tuple[int, int]], notes: list[str]) -> list[tuple[int, int]]:
    """``bounds`` ((first, end) hit indexes of each run) with each step-less run split where its start-up block is
    printed again (module docstring); the later pieces' ``step`` re-based to the run's first (changed in place)."""
    return split_stepless(data, hits, bounds, notes, _block_pieces, "the script's start-up block printed again")


def split_stepless(data, hits: list, bounds: list[tuple[int, int]], notes: list[str], pieces_of,
                   told_by: str) -> list[tuple[int, int]]:
    """``bounds`` with each step-less run (``stepless``) split into the launches ``pieces_of(data, hits, a, b)``
    finds (hit-index ranges; fewer than two: kept whole), re-based by ``rebase_pieces``; one line in ``notes`` says
    how many later launches were ``told_by`` what. Shared by this module and ``_joblog_epochrestart``."""
    out, split = [], 0
    for a, b in bounds:
        pieces = _pieces_or_none(data, hits, a, b, pieces_of)
        if pieces is None:
            out.append((a, b))
            continue
        split += rebase_pieces(hits, a, pieces, out)
    if split:
        notes.append(f"{split} later launch(es) of a log printing no step told by {told_by}: each its own run")
    return out


def _pieces_or_none(data, hits: list, a: int, b: int, pieces_of) -> list[tuple[int, int]] | None:
    if data is None or not stepless(hits, a, b, 1):
        return None
    pieces = pieces_of(data, hits, a, b)
    return pieces if len(pieces) >= 2 else None


def _block_pieces(data, hits: list, a: int, b: int) -> list[tuple[int, int]]:
    """The launches of run ``a..b`` told by its start-up block printed again (module docstring); [] for none."""
    before = startup_lines(data, _line_end(data, hits[a - 1].offset) if a else 0, hits[a].offset)
    if len(before) < BLOCK_LINES:
        return []
    starts = [i for i in range(a + 1, b)
              if _block_again(data, before, _line_end(data, hits[i - 1].offset), hits[i].offset)]
    if not starts or len(starts) * 2 > b - a - 1:
        return []
    return _with_evaluations(hits, list(zip([a] + starts, starts + [b])))


def rebase_pieces(hits: list, a: int, pieces: list[tuple[int, int]], out: list) -> int:
    """Append ``pieces`` (hit-index ranges of one run split into launches) to ``out``, each later piece's ``step``
    re-based to the run's first hit ``hits[a]`` (changed in place); returns the number of launches split off."""
    for lo, hi in pieces[1:]:
        shift = hits[lo].step - hits[a].step
        for h in hits[lo:hi]:
            h.step -= shift
    out.extend(pieces)
    return len(pieces) - 1


def _tags(hits: list, lo: int, hi: int) -> set:
    return {tag for h in hits[lo:hi] for tag, _ in h.record.values}


def _with_evaluations(hits: list, pieces: list) -> list:
    """``pieces`` with each later piece printing only series no other piece prints joined to the one before: a
    launch evaluating the trained model (public videoaction58 ``training_logs.txt``: ``python run.py --mode eval``
    after the training, printing ``Overall Test Accuracy: 75.8157%``) is that training's test, not a training."""
    tags = [_tags(hits, lo, hi) for lo, hi in pieces]
    out = [pieces[0]]
    for k in range(1, len(pieces)):
        others = set().union(*(t for j, t in enumerate(tags) if j != k))
        if tags[k] & others:
            out.append(pieces[k])
        else:
            out[-1] = (out[-1][0], pieces[k][1])
    return out


def _block_again(data, before: set, lo: int, hi: int) -> bool:
    if hi - lo < 4 * BLOCK_LINES or bytes(data[max(lo, hi - REGION):hi]).count(b"\n") < BLOCK_LINES:
        return False
    return len(before & startup_lines(data, lo, hi)) >= BLOCK_LINES
