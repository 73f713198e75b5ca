"""Printed-log reading speed (issue 12): what a user's stdout log costs ``discover()`` + ``read_scalars()``, next to
pandas reading a CSV of the same size in the same run.

    python benchmarks/bench_printed.py [--mb 4] [--pairs 3] [--path eval/public/fastscnn__train ...]

Three printed logs of ``--mb`` MB each are written into a temporary directory (deterministic, ``random.Random(0)``),
in the styles the job-log reader meets most (its ``_progress`` shapes, the reader's whole parse: every line holds a
loss):
  kv:    Python logging + ``Epoch: [ 3/200] Iter [ 10/1487] || Time: 3.79 sec || lr: 0.0099 || Loss: 2.35``
         (eval/public fastscnn's train.log style: every line a point);
  tqdm:  newline-ended tqdm bars with a postfix, ``Epoch 3:  65%|######5   | 371/572 [00:20<00:09, 20.59it/s,
         loss=0.8557, dice=0.5736]``, and an epoch summary line (eval/public lidc's style, the epoch in the bar's
         description as Lightning's);
  keras: ``Epoch 3/50`` then ``12/12 - 1s - 80ms/step - loss: 0.5 - accuracy: 0.8 - val_loss: ...`` lines.
  logging: Python ``logging`` lines ``step 12/520000 | loss .. | lr .. | tokens/s .. | mem 12.3GB`` (a newcomer's
         60 MB log, issue 12; only with ``--style logging``: ``--mb 60 --pairs 1`` is its full size, past the scan's
         500,000-line sampling limit).
``--path`` adds real log folders (or files) as they are, when present.

Each figure is timed in ``--pairs`` interleaved pairs (the log's read, then pandas ``read_csv`` of a CSV of the
same size written here: 6 float columns), the job-log parse cache emptied before each read; printed as min / median
of the pairs (farm-bench style: the machine is shared, the min is the figure to compare across commits, the median
says how noisy the run was), with MB/s and lines/s of the min and the ratio to pandas (per pair, min / median).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import pandas as pd  # noqa: E402

from loganalyzer.discover import discover  # noqa: E402
from loganalyzer.load import read_scalars  # noqa: E402
from loganalyzer.readers import joblog  # noqa: E402


def _kv_lines(rng: random.Random):
    it, epoch, per = 0, 0, 1487
    while True:
        it += 10
        if it > per:
            it, epoch = 10, epoch + 1
        sec = epoch * 5000 + it * 3.3
        yield (f"2025-06-12 {int(sec // 3600) % 24:02d}:{int(sec // 60) % 60:02d}:{int(sec) % 60:02d},"
               f"{rng.randrange(1000):03d} - INFO - Epoch: [{epoch:2d}/200] Iter [{it:4d}/{per}] || Time: "
               f"{sec:.4f} sec || lr: {0.01 * (1 - (epoch * per + it) / 3e5):.8f} || Loss: "
               f"{2.3 / (1 + epoch / 5) + rng.random() * 0.4:.4f}")


def _tqdm_lines(rng: random.Random):
    epoch, total = 0, 572
    while True:
        for n in range(0, total + 1, 7):
            pct = n * 100 // total
            bar = "#" * (pct // 10) + " " * (10 - pct // 10)
            yield (f"Epoch {epoch}: {pct:3d}%|{bar}| {n}/{total} [00:{n % 60:02d}<00:{(total - n) % 60:02d}, "
                   f"{15 + rng.random() * 10:.2f}it/s, loss={1.7 / (1 + epoch / 3) + rng.random() * 0.2:.4f}, "
                   f"dice={min(0.95, 0.2 + epoch / 40 + rng.random() * 0.05):.4f}]")
        yield (f"Epoch {epoch + 1}: Train Loss: {1.7 / (1 + epoch / 3):.4f} | Train Dice: {0.2 + epoch / 40:.4f} | "
               f"Val Loss: {1.8 / (1 + epoch / 3) + rng.random() * 0.1:.4f} | Val Dice: {0.2 + epoch / 45:.4f}")
        epoch += 1


def _keras_lines(rng: random.Random):
    epoch = 0
    while True:
        epoch += 1
        yield f"Epoch {epoch}/100000"
        loss = 1.5 / (1 + epoch / 20) + rng.random() * 0.05
        yield (f"12/12 - 1s - {rng.randrange(60, 99)}ms/step - accuracy: {min(0.99, 0.4 + epoch / 1e4):.4f} - "
               f"loss: {loss:.4f} - val_accuracy: {min(0.98, 0.38 + epoch / 1e4):.4f} - val_loss: {loss * 1.1:.4f}")


def _logging_lines(rng: random.Random):
    """A newcomer's big Python ``logging`` log (stop 65, issue 12: 520,000 lines, 60 MB, minutes and a GB): every
    step a line of five ``|``-separated fields, an eval line each 10,000 steps. Written here as the ``logging``
    module's ``%(asctime)s [%(levelname)s] %(name)s: %(message)s`` format prints it."""
    step = 0
    while True:
        step += 1
        stamp = (f"2026-12-07 {step // 36000 % 24:02d}:{step // 600 % 60:02d}:{step // 10 % 60:02d},"
                 f"{rng.randrange(1000):03d}")
        yield (f"{stamp} [INFO] big: step {step}/520000 | loss {0.2 + 2.1 * 2.718281828 ** (-step / 40000):.5f} | "
               f"lr {3e-4:.3e} | tokens/s 123456.7 | mem 12.3GB")
        if step % 10000 == 0:
            yield f"{stamp} [INFO] big: eval step {step} | val_loss {0.25 + 2.1 * 2.718281828 ** (-step / 40000):.5f}"


STYLES = {"kv": _kv_lines, "tqdm": _tqdm_lines, "keras": _keras_lines, "logging": _logging_lines}
DEFAULT_STYLES = ("kv", "tqdm", "keras")  # ``--style logging --mb 60``: the big log (``make bench BENCH_BIG=1``)


def write_log(path: str, style: str, size: int) -> int:
    """Writes ``size`` bytes (at least) of ``style`` lines; returns the number of lines."""
    rng = random.Random(0)
    lines, written = [], 0
    for line in STYLES[style](rng):
        lines.append(line)
        written += len(line) + 1
        if written >= size:
            break
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return len(lines)


def write_csv(path: str, size: int) -> None:
    rng = random.Random(0)
    rows, written, step = ["step,loss,val_loss,acc,val_acc,lr"], 0, 0
    while written < size:
        step += 1
        row = (f"{step},{rng.random():.6f},{rng.random():.6f},{rng.random():.6f},{rng.random():.6f},"
               f"{1e-3 * rng.random():.8f}")
        rows.append(row)
        written += len(row) + 1
    with open(path, "w") as f:
        f.write("\n".join(rows) + "\n")


def _read_log(path: str) -> int:
    joblog._CACHE.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        discover(path)
        return len(read_scalars(path, resolve=True))


def _timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def _min_median(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    n = len(xs)
    return xs[0], xs[n // 2] if n % 2 else 0.5 * (xs[n // 2 - 1] + xs[n // 2])


def _log_size(path: str) -> tuple[int, int]:
    """(bytes, lines) of a log file or of the files of a folder."""
    files = [path] if os.path.isfile(path) else [os.path.join(a, f) for a, _, fs in os.walk(path) for f in fs]
    size = lines = 0
    for f in files:
        with open(f, "rb") as fh:
            data = fh.read()
        size += len(data)
        lines += data.count(b"\n")
    return size, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=4.0, help="size of each written log in MB (default 4)")
    parser.add_argument("--pairs", type=int, default=3, help="interleaved (log, pandas) timing pairs (default 3)")
    parser.add_argument("--path", action="append", default=[], help="a real printed-log folder or file (repeatable)")
    parser.add_argument("--style", action="append", choices=sorted(STYLES), default=[],
                        help=f"a written style (repeatable; default {', '.join(DEFAULT_STYLES)})")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="bench_printed_")
    try:
        size = int(args.mb * 1e6)
        cases = []
        for style in args.style or DEFAULT_STYLES:
            folder = os.path.join(work, style)
            os.makedirs(folder)
            write_log(os.path.join(folder, "train.log"), style, size)
            cases.append((style, folder))
        cases += [(os.path.basename(os.path.normpath(p)), p) for p in args.path if os.path.exists(p)]
        print(f"printed logs: discover() + read_scalars(resolve=True), {args.pairs} pairs interleaved with pandas "
              f"read_csv of a CSV of the same size; min / median")
        for name, path in cases:
            nbytes, nlines = _log_size(path)
            csv = os.path.join(work, f"{name}.csv")
            write_csv(csv, nbytes)
            ours, theirs, points = [], [], 0
            for _ in range(args.pairs):
                t, points = _timed(_read_log, path)
                ours.append(t)
                theirs.append(_timed(pd.read_csv, csv)[0])
            (o_min, o_med), (p_min, p_med) = _min_median(ours), _min_median(theirs)
            r_min, r_med = _min_median([o / p for o, p in zip(ours, theirs)])
            mb = nbytes / 1e6
            print(f"  {name:28s} {mb:5.1f} MB {nlines:>8,} lines {points:>8,} points: {o_min:6.2f} / {o_med:6.2f} s "
                  f"({mb / o_min:5.2f} MB/s, {nlines / o_min:>9,.0f} lines/s); pandas {p_min:.3f} / {p_med:.3f} s "
                  f"({mb / p_min:6.1f} MB/s): {r_min:5.0f}x / {r_med:5.0f}x pandas' time", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
