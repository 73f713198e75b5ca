"""The details ``ending`` keeps of a failure line (moved out of ``ending``; ``ending.line_signals`` calls
``_details``): for ``cuda_oom`` the allocation asked for, the memory reserved but unallocated, and the GPU's index,
capacity and free memory (PyTorch's ``torch.OutOfMemoryError`` text, sizes kept as printed, e.g. ``2.00 GiB``); for
``nccl_timeout`` the watchdog's sequence number, collective and timeout in ms (``ProcessGroupNCCL``'s
``WorkNCCL(SeqNum=.., OpType=.., ..., Timeout(ms)=..)``); for ``dataloader_killed`` the worker pids and the signal
(``DataLoader worker (pid(s) N) is killed by signal: Killed.``). A line without these parts gives an empty dict;
nothing is raised, no threshold is involved.
"""
from __future__ import annotations

import re


_ALLOC = re.compile(r"Tried to allocate ([\d.]+ ?[KMGT]i?B)")
_CAPACITY = re.compile(r"GPU (\d+) has a total capac(?:i)?ty of ([\d.]+ ?[KMGT]i?B) of which ([\d.]+ ?[KMGT]i?B) is free")
_RESERVED = re.compile(r"([\d.]+ ?[KMGT]i?B) is reserved by PyTorch but unallocated")
_NCCL_WORK = re.compile(r"SeqNum=(\d+), OpType=(\w+).*?Timeout\(ms\)=(\d+)")
_WORKER = re.compile(r"DataLoader worker \(pids?\(?s?\)? ?([\d, ]+)\) (?:is killed by signal: ([^.]+)|exited unexpectedly)")


def _details(cause: str, text: str) -> dict:
    detail: dict = {}
    if cause == "cuda_oom":
        for key, pattern in (("allocation", _ALLOC), ("reserved_unallocated", _RESERVED)):
            m = pattern.search(text)
            if m:
                detail[key] = m.group(1)
        m = _CAPACITY.search(text)
        if m:
            detail.update(gpu=int(m.group(1)), capacity=m.group(2), free=m.group(3))
    elif cause == "nccl_timeout":
        m = _NCCL_WORK.search(text)
        if m:
            detail.update(seq=int(m.group(1)), collective=m.group(2), timeout_ms=int(m.group(3)))
    elif cause == "dataloader_killed":
        m = _WORKER.search(text)
        if m:
            detail.update(pid=m.group(1).strip(), signal=(m.group(2) or "exited unexpectedly").strip())
    return detail
