"""A printed log that stops inside its training (an open progress bar, an epoch counter below its stated total): no
``completed`` ending, whatever the step count reached.

Kind (newcomer ux69 F3): a torch script printing a tqdm bar per epoch (``Epoch 6/8:   0%|          | 0/40 [00:00<?,
?it/s, loss=0.1864]``, its per-epoch line ``Epoch 5: train_loss=0.1998 val_loss=0.1692 ..``) killed inside epoch 6
of 8. The bars' ``n/40`` gave the progress a total of 40 (batches per epoch) while the steps run over the epochs
(``epoch x 40``: 40..200), so ``last step >= total`` read the run as ``completed`` at step 200 -- in the same row that
said "the run may have been cut short". Its whole log (``Epoch 8/8: 100%|##########| 40/40``) is completed.

``cut_inside(data, start, end)`` reads the last ``WINDOW`` bytes of the run's region ``data[start:end]`` (bytes or an
mmap), split at carriage returns and newlines as a terminal would draw them, and returns a phrase (``"epoch 6 of 8,
its progress bar at 0/40"``) when either holds, else None:
- the last non-blank segment is a tqdm bar (``NN%|...| n/T [``) with ``n < T``: nothing was printed after a bar that
  never reached its end (a closed bar is redrawn at ``T/T``; tqdm's ``leave=False`` clears its bar with blanks and the
  job goes on printing, so a stale bar is the last thing only when the job stopped);
- the last ``Epoch k/N`` counter printed has ``k < N`` (one-based as printed), or ``k < N - 1`` when the region prints
  an ``Epoch 0/N`` (zero-based counters end at ``N-1/N``).
A completion line (HF's ``train_runtime``, "Training finished") still decides ``completed`` (``ending.conclude``).
"""
from __future__ import annotations

import re

WINDOW = 64 << 10  # bytes read back from the region's end: a bar redraws in ~100 bytes; the last epoch's lines fit
HEAD = 1 << 20  # bytes read from the region's start for a zero-based ``Epoch 0/N``

_BAR = re.compile(r"\d+%\|[^|]*\|\s*(\d+)/(\d+)\s*\[")
_EPOCH = re.compile(r"\b[Ee]poch\s*[:\[]?\s*(\d+)\s*/\s*(\d+)\b")
_ZERO = re.compile(rb"\b[Ee]poch\s*[:\[]?\s*0\s*/\s*\d+\b")


def cut_inside(data, start: int, end: int) -> str | None:
    """The phrase for a run whose printed region ``data[start:end]`` stops inside its training (module docstring),
    else None. Never raises on odd bytes (decoded with replacement)."""
    if end <= start:
        return None
    text = bytes(data[max(start, end - WINDOW):end]).decode("utf-8", "replace")
    segments = [s.strip() for s in re.split(r"[\r\n]", text)]
    segments = [s for s in segments if s]
    if not segments:
        return None
    bar = _BAR.search(segments[-1])
    open_bar = bar is not None and int(bar.group(1)) < int(bar.group(2))
    epoch = None
    for seg in reversed(segments):
        found = list(_EPOCH.finditer(seg))
        if found:
            k, n = int(found[-1].group(1)), int(found[-1].group(2))
            epoch = (k, n) if 0 <= k <= n and n > 0 else None
            break
    zero = epoch is not None and _ZERO.search(bytes(data[start:min(end, start + HEAD)])) is not None
    short = epoch is not None and epoch[0] < (epoch[1] - 1 if zero else epoch[1])
    if not (open_bar or short):
        return None
    parts = [f"epoch {epoch[0]} of {epoch[1]}" + (" (counted from 0)" if zero else "")] if epoch is not None else []
    if open_bar:
        parts.append(f"its progress bar at {bar.group(1)}/{bar.group(2)}")
    return ", ".join(parts)
