"""How big and how slow is the HTML report of a large batch? Writes N synthetic CSV runs (numpy), scans them with
``keep_curves=True`` and renders the HTML report, printing the scan and render times and the file size.

    .venv/bin/python benchmarks/bench_report.py            # 1,000 runs of 2,000 steps
    .venv/bin/python benchmarks/bench_report.py --runs 200 --steps 500 --out /tmp/report.html

The runs mix the shapes the verdicts tell apart (healthy, overfit, diverged, NaN, spiky, flat) so the charts carry
every kind of annotation. tests/test_report.py uses ``write_runs`` for its 1,000-run size bound.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SHAPES = ("healthy", "overfit", "diverged", "nan", "spiky", "flat")


def write_runs(root: Path, runs: int, steps: int, seed: int = 0) -> list[Path]:
    """``runs`` CSV logs (step,train_loss,val_loss,lr) under ``root``, one shape each in turn."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    x = np.arange(1, steps + 1)
    t = x / steps
    for i in range(runs):
        shape = SHAPES[i % len(SHAPES)]
        train = 2.0 * np.exp(-4 * t) + 0.05 + 0.02 * rng.standard_normal(steps) * np.exp(-2 * t)
        val = 2.0 * np.exp(-3.5 * t) + 0.1 + 0.01 * rng.standard_normal(steps)
        lr = np.full(steps, 1e-3) * np.minimum(1.0, x / (0.05 * steps))
        if shape == "overfit":
            val = val + 0.8 * np.clip(t - 0.4, 0, None) ** 1.5
        elif shape == "diverged":
            train = train * np.where(t > 0.6, np.exp(12 * (t - 0.6)), 1.0)
            val = val * np.where(t > 0.6, np.exp(12 * (t - 0.6)), 1.0)
        elif shape == "nan":
            cut = int(0.7 * steps)
            train[cut - 5:cut] *= 50
            train[cut:] = np.nan
            val[cut:] = np.nan
        elif shape == "spiky":
            at = rng.choice(steps - 10, size=4, replace=False) + 5
            train[at] *= 20
        elif shape == "flat":
            train = 0.693 + 0.002 * rng.standard_normal(steps)
            val = 0.693 + 0.002 * rng.standard_normal(steps)
        val_rows = np.zeros(steps, dtype=bool)
        val_rows[:: max(steps // 50, 1)] = True  # validation every ~2% of the run, as trainers do
        path = root / f"run_{i:04d}_{shape}.csv"
        with open(path, "w") as f:
            f.write("step,train_loss,val_loss,lr\n")
            for s, a, b, c, v in zip(x, train, val, lr, val_rows):
                f.write(f"{s},{a:.6g},{b:.6g},{c:.3g}\n" if v else f"{s},{a:.6g},,{c:.3g}\n")
        paths.append(path)
    return paths


def measure(root: Path, out: Path | None = None, workers: int | None = 1) -> dict:
    from loganalyzer.render import html
    from loganalyzer.scan import AnalysisOptions, scan

    t0 = time.perf_counter()
    report = scan([root], options=AnalysisOptions(), keep_curves=True)
    t1 = time.perf_counter()
    document = html.render(report, scanned=[str(root)], workers=workers, generated="(benchmark)")
    t2 = time.perf_counter()
    if out is not None:
        out.write_text(document, encoding="utf-8")
    return {"runs": len(report.runs), "scan_s": t1 - t0, "render_s": t2 - t1,
            "bytes": len(document.encode("utf-8")), "report": report, "document": document}


def main(argv: list[str] | None = None) -> int:
    from loganalyzer.render import html

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--out", type=Path, help="keep the HTML report here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "runs"
        t = time.perf_counter()
        write_runs(root, args.runs, args.steps)
        print(f"wrote {args.runs:,} runs x {args.steps:,} steps in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        m = measure(root, args.out)
        cores = min(os.cpu_count() or 1, 8)
        t = time.perf_counter()
        parallel = html.render(m["report"], scanned=[str(root)], workers=None, generated="(benchmark)")
        parallel_s = time.perf_counter() - t
    assert parallel == m["document"], "the report must not depend on the number of worker processes"
    print(f"{m['runs']:,} runs: scan {m['scan_s']:.1f} s, HTML render {m['render_s']:.1f} s in one process, "
          f"{parallel_s:.1f} s in {cores} ({m['render_s'] / parallel_s:.2f}x), "
          f"{m['bytes'] / 1e6:.1f} MB ({m['bytes'] / max(m['runs'], 1) / 1e3:.1f} kB per run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
