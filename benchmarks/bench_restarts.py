"""A printed log resumed many times (issue 12: ``_joblog_restart`` read the run again at every resume, quadratic in
the number of resumes): its parse against the parse of a straight log of the same steps, in the same run.

    python benchmarks/bench_restarts.py [--sessions 200] [--pairs 3]

Both logs are printed by a tiny torch regression through tqdm (``benchmarks/resumed_log.py``): the resumed one is
``--sessions`` sessions of 150 steps, each going back 50 steps to its last checkpoint; the straight one is one session
of the same number of steps (no step goes back). Each is parsed (``readers.joblog.parse``, its cache emptied first)
in ``--pairs`` interleaved pairs; printed as min / median seconds, and the ratio resumed / straight per pair (min /
median). Linear resume handling keeps the ratio near 1 and flat as ``--sessions`` grows; the quadratic one was ~8x at
200 sessions (1.3 MB) and grew with the square of the sessions.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from loganalyzer.readers import joblog  # noqa: E402
from resumed_log import write  # noqa: E402


def _parse(data: bytes, path: str) -> tuple[float, int]:
    joblog._CACHE.clear()
    start = time.perf_counter()
    parsed = joblog.parse(data, path)
    return time.perf_counter() - start, len(parsed.segments)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--pairs", type=int, default=3)
    a = ap.parse_args()
    steps = 150
    with tempfile.TemporaryDirectory() as tmp:
        resumed, straight = os.path.join(tmp, "resumed.log"), os.path.join(tmp, "straight.log")
        write(resumed, a.sessions, steps)
        write(straight, 1, steps * a.sessions)
        logs = {name: open(path, "rb").read() for name, path in (("resumed", resumed), ("straight", straight))}
    times: dict = {name: [] for name in logs}
    runs = {}
    for _ in range(a.pairs):
        for name, data in logs.items():
            seconds, runs[name] = _parse(data, name)
            times[name].append(seconds)
    ratios = [r / s for r, s in zip(times["resumed"], times["straight"])]
    for name, data in logs.items():
        print(f"restarts {name:8s} {len(data) / 1e6:5.2f} MB  {runs[name]} run(s)  parse min {min(times[name]):.3f} s"
              f"  median {statistics.median(times[name]):.3f} s")
    print(f"restarts resumed/straight ({a.sessions} sessions): min {min(ratios):.2f}x  "
          f"median {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
