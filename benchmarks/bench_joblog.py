"""Job log reading speed: a big log of mostly progress-bar noise, against ``grep -c`` over the same file.

Writes two logs (default 1 GiB each, ``--mb`` to change) into a temporary directory and reads each with
``readers.joblog.read_job`` from an mmap (as the loader does), one core, reporting MB/s; ``grep -c loss`` over
the same file is the floor a line-oriented tool reaches. The target is >= 200 MB/s.

- ``hf``: HuggingFace Trainer style: tqdm bars without metrics (carriage returns), a ``{'loss': ...}`` dict line
  every 500 updates, ANSI colours, a traceback and a SLURM time-limit line at the end;
- ``lightning``: TQDMProgressBar style: every bar update carries ``train_loss=...`` (the sampled path).
"""
from __future__ import annotations

import argparse
import mmap
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from loganalyzer.readers import joblog  # noqa: E402

BLOCK = 1 << 20


def _hf_block(rng: random.Random, step: int) -> tuple[bytes, int]:
    parts = []
    size = 0
    while size < BLOCK:
        step += 1
        pct = step * 100 // 10_000_000
        bar = "\u2588" * (pct // 10) + " " * (10 - pct // 10)
        part = f"\r\x1b[32m{pct:3d}%\x1b[0m|{bar}| {step}/10000000 [01:{step % 60:02d}<9:02:{step % 60:02d}, " \
               f"{rng.random() * 10:.2f}it/s]"
        if step % 500 == 0:
            part += f"\n{{'loss': '{2 / (1 + step / 1e5):.4f}', 'grad_norm': '1.9', 'learning_rate': '5e-05', " \
                    f"'epoch': '{step / 1e6:.4f}'}}\n"
        parts.append(part)
        size += len(part) + 20
    return "".join(parts).encode(), step


def _lightning_block(rng: random.Random, step: int) -> tuple[bytes, int]:
    parts = []
    size = 0
    total = 50_000
    while size < BLOCK:
        step += 1
        n = step % total or total
        epoch = (step - 1) // total
        pct = n * 100 // total
        bar = "\u2588" * (pct // 10) + " " * (10 - pct // 10)
        part = f"\rEpoch {epoch}: {pct:3d}%|{bar}| {n}/{total} [01:{step % 60:02d}<02:{step % 60:02d}, " \
               f"{rng.random() * 10:.2f}it/s, v_num=0, train_loss={2 / (1 + step / 1e5):.3f}]"
        if n == total:
            part += "\n"
        parts.append(part)
        size += len(part) + 20
    return "".join(parts).encode(), step


ENDING = (b"\nTraceback (most recent call last):\n  File \"train.py\", line 9, in <module>\n"
          b"slurmstepd: error: *** JOB 1 ON node1 CANCELLED AT 2024-05-01T12:00:00 DUE TO TIME LIMIT ***\n")


def write(path: str, kind: str, megabytes: int) -> None:
    rng = random.Random(0)
    make = _hf_block if kind == "hf" else _lightning_block
    step = 0
    with open(path, "wb") as f:
        for _ in range(megabytes):
            block, step = make(rng, step)
            f.write(block)
        f.write(ENDING)


def measure(path: str) -> tuple[float, dict]:
    joblog._CACHE.clear()
    with open(path, "rb") as f:
        data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        start = time.perf_counter()
        result, facts = joblog.read_job(data, path)
        elapsed = time.perf_counter() - start
        info = {"points": len(result.scalars), "runs": joblog.count_segments(data, path)}
        ended = joblog.conclude_run([("", result.scalars, (), path)], [(0, facts)])[1]
        info["ended"] = ended.cause
        del result
        joblog._CACHE.clear()
        data.close()
    return elapsed, info


def grep(path: str) -> float | None:
    if shutil.which("grep") is None:
        return None
    start = time.perf_counter()
    subprocess.run(["grep", "-a", "-c", "loss", path], stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=1024, help="size of each log in MiB (default 1024)")
    parser.add_argument("--dir", default=None, help="where to write the logs (default: a temporary directory)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="bench_joblog_", dir=args.dir)
    try:
        for kind in ("hf", "lightning"):
            path = os.path.join(work, f"slurm-{kind}.out")
            write(path, kind, args.mb)
            size = os.path.getsize(path) / 1e6
            grep(path)  # warm the page cache for both
            elapsed, info = measure(path)
            floor = grep(path)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            floor_text = f"; grep -c: {size / floor:,.0f} MB/s" if floor else ""
            print(f"joblog {kind:9s} {size:7,.0f} MB: {size / elapsed:6,.0f} MB/s ({elapsed:.2f} s, {info['points']:,} "
                  f"points, {info['runs']} run, ended {info['ended']}){floor_text}; peak RSS {rss:,.0f} MB")
            os.remove(path)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
