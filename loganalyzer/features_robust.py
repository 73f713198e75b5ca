"""Robust statistics for ``features``: medians (one, per window, per block, per bin), the running median, the
spike rules, and the end slope (``np.polyfit`` of the last 30%, its matrix cached per curve length).

Every function gives exactly the numbers ``np.median`` gives (the learned model is fed with them): ``median`` is
``np.median`` of a 1-D float64 array without its per-call overhead (the same partition, the same kth list, the same
mean of the middle values, the same NaN rule), and the many-medians helpers take one ``np.median(..., axis=1)`` of
a 2-D array whose rows are the windows, blocks or bins (numpy partitions each row as it partitions a lone array).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

_add_reduce = np.add.reduce
_partition = np.partition
_isnan = np.isnan
_float64 = np.dtype(np.float64)
_lstsq = np.linalg._umath_linalg.lstsq  # what np.linalg.lstsq calls (``_tail_slope``)


def median(a: np.ndarray):
    """``np.median(a)`` of a 1-D float64 array, bit for bit (a NaN anywhere gives NaN, as numpy's), ~10x faster on
    short arrays. Anything else goes to ``np.median``."""
    if a.ndim != 1 or a.dtype != _float64 or a.shape[0] == 0:
        return np.median(a)
    n = a.shape[0]
    h = n >> 1
    if n & 1:
        part = _partition(a, [h, -1])
        out = _add_reduce(part[h:h + 1]) / 1
    else:
        part = _partition(a, [h - 1, h, -1])
        out = _add_reduce(part[h - 1:h + 1]) / 2
    last = part[-1]
    return last if _isnan(last) else out


def diff(a: np.ndarray) -> np.ndarray:
    """``np.diff(a)`` of a 1-D float64 array (the same subtraction of the same slices) without its per-call overhead."""
    return a[1:] - a[:-1]


def true_fraction(mask: np.ndarray) -> float:
    """``mask.mean()`` of a bool array, bit for bit (numpy sums the Trues exactly in float64, then divides by the
    count, as this does), without its per-call overhead."""
    return np.count_nonzero(mask) / len(mask)


def row_medians(a: np.ndarray) -> np.ndarray:
    """``np.median(a, axis=1)`` of a 2-D float64 array with at least one column, bit for bit, without its
    per-call overhead."""
    m = a.shape[1]
    h = m >> 1
    if m & 1:
        part = _partition(a, [h, -1], axis=1)
        out = _add_reduce(part[:, h:h + 1], axis=1) / 1
    else:
        part = _partition(a, [h - 1, h, -1], axis=1)
        out = _add_reduce(part[:, h - 1:h + 1], axis=1) / 2
    last = part[:, -1]
    nan = _isnan(last)
    if nan.any():
        np.copyto(out, last, where=nan)
    return out


def _windows(y: np.ndarray, width: int) -> np.ndarray:
    """The read-only (len(y) - width + 1, width) view of every ``width`` consecutive values of ``y``."""
    y = np.ascontiguousarray(y)
    view = np.ndarray((len(y) - width + 1, width), y.dtype, y, 0, (y.itemsize, y.itemsize))
    view.flags.writeable = False
    return view


def running_window(window: int, n: int) -> int:
    """The window ``running_median(y, window)`` uses for ``n`` points (0: none, the values are copied)."""
    if window <= 1 or n < 3:
        return 0
    return min(window | 1, n if n % 2 else n - 1)


def running_median(y: np.ndarray, window: int) -> np.ndarray:
    """The median of each point's centred window of ``window`` points (odd; made odd and at most the length), the
    ends padded with the first and last values."""
    if window <= 1 or len(y) < 3:
        return y.copy()
    window = min(window | 1, len(y) if len(y) % 2 else len(y) - 1)
    half, n = window // 2, len(y)
    padded = np.empty(n + 2 * half, dtype=y.dtype)  # what concatenating two np.full ends gives, in fewer calls
    padded[:half] = y[0]
    padded[half:half + n] = y
    padded[half + n:] = y[-1]
    return window_medians(padded, window)


def window_medians(y: np.ndarray, width: int) -> np.ndarray:
    """The median of every ``width`` consecutive values of a float64 ``y`` (len(y) - width + 1 of them, no padding):
    ``np.median(sliding_window_view(y, width), axis=1)`` bit for bit."""
    return row_medians(_windows(y, width))


def end_level(v: np.ndarray) -> float:
    """The median of the last tenth of ``v`` (at least its last value): where a logged series ended."""
    return float(median(v[-max(1, len(v) // 10):]))


def trailing_medians(y: np.ndarray, ends: np.ndarray, k: int) -> np.ndarray:
    """[median(y[max(0, i - k + 1): i + 1]) for i in ends]: the median of the ``k`` points up to each end index
    (fewer at the start)."""
    ends = np.asarray(ends, dtype=np.intp)
    out = np.empty(len(ends), dtype=np.float64)
    full = ends >= k - 1
    if full.any():
        out[full] = row_medians(_windows(y, k)[ends[full] - (k - 1)])
    for j in np.nonzero(~full)[0]:
        i = int(ends[j])
        out[j] = median(y[0:i + 1])
    return out


def block_medians(x: np.ndarray, block: int) -> np.ndarray:
    """[median(x[a:a + block]) for a in range(0, len(x), block)] (the last block may be shorter)."""
    n = len(x)
    whole = n // block
    out = np.empty(whole + (1 if n % block else 0), dtype=np.float64)
    if whole:
        out[:whole] = row_medians(x[:whole * block].reshape(whole, block))
    if n % block:
        out[whole] = median(x[whole * block:])
    return out


def bin_medians(y: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """[median(y[a:b]) for a, b in zip(edges[:-1], edges[1:])], every bin non-empty: bins of one length at a time."""
    starts, lengths = edges[:-1], np.diff(edges)
    out = np.empty(len(starts), dtype=np.float64)
    for length in np.unique(lengths):
        which = np.nonzero(lengths == length)[0]
        index = starts[which][:, None] + np.arange(int(length))
        out[which] = row_medians(y[index])
    return out


def spike_masks(y: np.ndarray, log_scale: bool, noise: float, scale_floor: float, local_sd_mask: bool = True,
                block: int = 50, local_sd: float = 8.0, local: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray | None]:
    """(the first spike rule's mask, the spike rule's mask or None when not ``local_sd_mask``) sharing one 9-point
    running median (``local``, when the caller has it already): see ``features.spike_mask``."""
    if local is None:
        local = running_median(y, 9)
    resid = y - local
    threshold = 0.5 if log_scale else 3 * max(float(median(np.abs(resid))) * 1.4826, scale_floor)
    first = resid > max(threshold, 3 * noise)
    if not local_sd_mask:
        return first, None
    return first, first & (resid > local_sd * np.maximum(_local_sd(resid, block), scale_floor * 1e-3))


JUMP_WINDOW = 9  # the points before a jump that give the level it jumped from


def jump_mask(y: np.ndarray, log_scale: bool, noise: float, scale_floor: float, block: int = 50,
              local_sd: float = 8.0, local: np.ndarray | None = None) -> np.ndarray:
    """Points far above the median of the ``JUMP_WINDOW`` points *before* them, by the spike rule's margins (0.5
    decade on a log scale, else 3 robust sd; >= 3x ``noise``; >= ``local_sd`` local robust sd): a spike that decays
    over several logs lifts a centred 9-point median with it and hides from ``spike_masks`` (a newcomer's stop-27
    run: the loss 0.173 -> 2.03, 1.86, 1.36, 1.32, 0.72 ... back near 0.3 over ~8 logs, reported as no spike)."""
    n = len(y)
    out = np.zeros(n, dtype=bool)
    if n <= JUMP_WINDOW:
        return out
    before = row_medians(np.lib.stride_tricks.sliding_window_view(y[:-1], JUMP_WINDOW))  # for y[9:]
    resid = y - (running_median(y, 9) if local is None else local)  # the spike rule's residuals (shared median)
    threshold = 0.5 if log_scale else 3 * max(float(median(np.abs(resid))) * 1.4826, scale_floor)
    jump = y[JUMP_WINDOW:] - before
    sd = np.maximum(_local_sd(resid, block), scale_floor * 1e-3)[JUMP_WINDOW:]
    out[JUMP_WINDOW:] = (jump > max(threshold, 3 * noise)) & (jump > local_sd * sd)
    return out


def _local_sd(resid: np.ndarray, block: int) -> np.ndarray:
    """1.4826 x the median |residual| of each point's block of ``block`` points (a robust sd that one spike barely
    moves), per point."""
    n = len(resid)
    if n <= block:
        return np.full(n, 1.4826 * float(median(np.abs(resid))))
    mads = block_medians(np.abs(resid), block)
    if n % block and n % block < block // 2 and len(mads) > 1:  # a short last block: its neighbour's noise too
        mads[-1] = max(mads[-1], mads[-2])
    return 1.4826 * np.repeat(mads, block)[:n]


# ---------------------------------------------------------------- the end slope (``features.loss_shape``)


def _slope(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 2 or np.ptp(x) == 0:
        return 0.0
    return float(np.polyfit(x, y, 1)[0])


@lru_cache(maxsize=64)
def _positions(n: int) -> tuple[np.ndarray, int, np.ndarray | None, np.ndarray | None, float]:
    """Per curve length: ``linspace(0, 1, n)`` (read-only), where its last 30% starts, and ``np.polyfit``'s scaled
    Vandermonde matrix of that tail, its column scales and rcond (the same for every curve of ``n`` points)."""
    positions = np.linspace(0.0, 1.0, n) if n > 1 else np.zeros(1)
    positions.flags.writeable = False
    tail = positions >= 0.7
    first = int(np.argmax(tail)) if tail.any() else n
    if n - first < 2 or not bool(tail[first:].all()):
        return positions, -1, None, None, 0.0
    x = positions[first:]
    if np.ptp(x) == 0:
        return positions, -1, None, None, 0.0
    lhs = np.vander(x, 2)
    scale = np.sqrt((lhs * lhs).sum(axis=0))
    lhs /= scale
    lhs.flags.writeable = False
    return positions, first, lhs, scale, len(x) * np.finfo(x.dtype).eps


def _raise_lstsq(err, flag):
    raise np.linalg.LinAlgError("SVD did not converge in Linear Least Squares")


def _tail_slope(n: int, smooth: np.ndarray) -> float:
    """``_slope(positions[tail], smooth[tail])`` (the last 30%), bit for bit: ``np.polyfit``'s least squares on the
    matrix cached per length (``_positions``), without its per-call checks."""
    positions, first, lhs, scale, rcond = _positions(n)
    if lhs is None:
        tail = positions >= 0.7
        return _slope(positions[tail], smooth[tail]) if tail.sum() >= 2 else 0.0
    with np.errstate(call=_raise_lstsq, invalid="call", over="ignore", divide="ignore", under="ignore"):
        solution, _, rank, _ = _lstsq(lhs, smooth[first:, None], rcond, signature="ddd->ddid")
    if rank != 2:  # never for distinct positions; polyfit's warning path
        tail = positions >= 0.7
        return _slope(positions[tail], smooth[tail])
    return float(solution[0, 0] / scale[0])
