#!/usr/bin/env python
"""A tree of printed job logs scanned serially and on a pool (issue 12: each log parsed once per scan).

    python benchmarks/bench_printed_tree.py [--logs 16] [--lines 2500] [--layout dirs|flat] [--rounds 2]

The tree (``benchmarks/printed_tree.py``: PyTorch-tutorial ``print`` lines, one log per run directory, or
``slurm-N.out`` files side by side with ``--layout flat``) is written into a temporary directory. Each figure is a
fresh process running ``loganalyzer scan ROOT --no-cache --jobs N --format json`` (the CLI, Python's start-up and
imports included), ``--jobs 1`` and ``--jobs 2`` in turn for ``--rounds`` rounds: CPU seconds (the process and its
worker processes, ``os.wait4``), wall seconds, peak RSS (the largest single process) and the number of full
parses of a log (a spy around ``joblog._scan``, the parse's pass over the lines, in every process); printed as
min / median over the rounds. Each JSON document is compared with the first ``--jobs 1`` one: they must be equal.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)


def child(root: str, jobs: str, counts: str) -> None:
    """One scan through the CLI, every full parse of a log (any process) appended to ``counts``."""
    sys.path.insert(0, REPO)
    from loganalyzer.readers import joblog

    real = joblog._scan

    def spy(data, size, *rest, **kw):
        with open(counts, "a") as f:
            f.write(f"{os.getpid()}\n")
        return real(data, size, *rest, **kw)

    joblog._scan = spy
    from loganalyzer.cli import main

    main(["scan", root, "--no-cache", "--jobs", jobs, "--format", "json"], prog_name="loganalyzer")


def run(root: str, jobs: int, work: str) -> dict:
    counts = os.path.join(work, "counts.txt")
    if os.path.exists(counts):
        os.unlink(counts)
    out_path = os.path.join(work, f"out-{jobs}.json")
    start = time.perf_counter()
    with open(out_path, "w") as out:
        proc = subprocess.Popen([sys.executable, __file__, "--child", root, str(jobs), counts], stdout=out,
                                stderr=subprocess.DEVNULL, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    with open(out_path) as f:
        doc = f.read()
    parses = sum(1 for _ in open(counts)) if os.path.exists(counts) else 0
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "rss": usage.ru_maxrss / 1024, "parses": parses,
            "doc": doc, "status": os.waitstatus_to_exitcode(status)}


def _min_median(xs: list[float]) -> str:
    from bench_printed import _min_median as min_median  # the printed-log bench's (min, median)

    return "{:6.2f} / {:6.2f}".format(*min_median(xs))


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--logs", type=int, default=16)
    parser.add_argument("--lines", type=int, default=2500)
    parser.add_argument("--layout", choices=("dirs", "flat"), default="dirs")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from printed_tree import generate

    work = tempfile.mkdtemp(prefix="bench_printed_tree_")
    try:
        root = os.path.join(work, "runs")
        generate(root, args.logs, args.lines, args.layout)
        print(f"printed tree: {args.logs} logs of {args.lines:,} lines ({args.layout}); loganalyzer scan "
              f"--no-cache, whole process, {args.rounds} rounds, min / median")
        figures: dict[int, list[dict]] = {1: [], 2: []}
        reference = None
        for _ in range(args.rounds):
            for jobs in (1, 2):
                got = run(root, jobs, work)
                reference = got["doc"] if reference is None else reference
                got["same"] = got["doc"] == reference and got["status"] == 0
                figures[jobs].append(got)
        for jobs, rows in figures.items():
            print(f"  --jobs {jobs}: CPU {_min_median([r['cpu'] for r in rows])} s, wall "
                  f"{_min_median([r['wall'] for r in rows])} s, peak RSS {_min_median([r['rss'] for r in rows])} MB, "
                  f"parses {sorted({r['parses'] for r in rows})} of {args.logs} logs, "
                  f"report {'the same' if all(r['same'] for r in rows) else 'DIFFERENT'} as --jobs 1's", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
