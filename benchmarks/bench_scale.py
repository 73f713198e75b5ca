#!/usr/bin/env python
"""Big trees: cold scans on one core, every core and a local Dask cluster; the store's unchanged rescan and its
rescan after one event file grew by 1%; peak RSS. Ratios are measured in this one run.

    python benchmarks/bench_scale.py [--runs 1000] [--also 10000] [--skip-dask]

Trees (``benchmarks/scale_tree.py``: TensorBoard, Lightning, Keras, HuggingFace and plain CSV runs of six curve
shapes, ``--steps`` steps each) are generated once under ``bench_data/`` (git-ignored). Every figure is one fresh
process (``python benchmarks/bench_scale.py --child ...``): ``scan s`` is the ``scan()`` call alone, ``process s``
the whole process from spawn to exit (Python's start-up and imports included, ~1 s here), ``peak RSS`` the largest
single process of it (os.wait4: the scanning process or one of its workers). Each scan's JSON document is compared
with the serial scan's: every mode must print the same bytes.
The package's bytecode is compiled before the first figure (``compile_bytecode``, as ``make bench`` does;
``--source-imports``: not).

Anchor: the same tree loaded by TensorBoard's Rust data server (``--reload once``, every scalar kept, clock from
spawn until every point is received over gRPC: ``bench_read.py``'s 'rust' child), against the scans and against
``read_scalars`` of the whole tree and of its event-file runs only (the files the server reads), each a fresh
process; the ratios are printed per call and per whole process. ``read_scalars`` of the whole tree and the server
run in ``--anchor-pairs`` interleaved pairs (default 3): min / median of each and of the per-pair ratios (issue
12's target: server / read_scalars > 1). Skipped, with a line saying why, where the server binary is absent
(``--skip-rust`` skips it on purpose).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = REPO / "bench_data"
TREE_VERSION = 1
sys.path.insert(0, str(HERE))

TARGET_SPEEDUP = 1.8  # 2 cores against 1
TARGET_RESCAN_S = 2.0  # unchanged 10,000-run tree


def ensure_tree(runs: int, steps: int) -> Path:
    from scale_tree import generate

    root = DATA / f"scale_{runs}x{steps}_v{TREE_VERSION}"
    done = root / ".complete"
    if not done.exists():
        shutil.rmtree(root, ignore_errors=True)
        t = time.perf_counter()
        counts = generate(root, runs, steps)
        done.write_text(json.dumps(counts))
        print(f"  generated {root} ({counts}) in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    return root


# ---------------------------------------------------------------------------------------------- child


def child(args) -> int:
    if args.read:
        return child_read(args)
    t0 = time.perf_counter()
    from loganalyzer.scan import scan

    import_s = time.perf_counter() - t0
    settings = json.loads(args.settings)
    t = time.perf_counter()
    report = scan([args.path], **settings)
    scan_s = time.perf_counter() - t
    Path(args.out).write_text(json.dumps(report.to_dict()))
    print(json.dumps({"scan_s": scan_s, "import_s": import_s, "runs": len(report.runs)}))
    return 0


def child_read(args) -> int:
    """read_scalars(PATH): every scalar point of every run (no judging), the call alone timed."""
    t0 = time.perf_counter()
    import loganalyzer
    import loganalyzer.load  # noqa: F401
    import pandas  # noqa: F401  (imported by the call, which builds a DataFrame: counted with the imports)

    import_s = time.perf_counter() - t0
    t = time.perf_counter()
    df = loganalyzer.read_scalars(args.path)
    scan_s = time.perf_counter() - t
    print(json.dumps({"scan_s": scan_s, "import_s": import_s, "points": int(len(df)),
                      "runs": int(df["dir"].nunique())}))
    return 0


def measure(path: Path, out: Path, read: bool = False, **settings) -> dict:
    """One scan in a fresh process: its own timings, the whole process's wall time and peak RSS (os.wait4: the
    largest of the process and the workers it reaped)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--path", str(path), "--out", str(out),
           "--settings", json.dumps(settings)] + (["--read"] if read else [])
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, text=True, cwd=str(REPO))
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        if proc.returncode != 0:
            raise RuntimeError(f"scan {settings} failed:\n{stderr.read()[-3000:]}")
        result = json.loads(stdout.read().strip().splitlines()[-1])
    result["process_s"] = wall
    result["cpu_s"] = usage.ru_utime + usage.ru_stime  # the process and its workers
    result["peak_rss_mb"] = usage.ru_maxrss / 1024.0
    return result


def grow_one_event_file(root: Path, fraction: float = 0.01) -> tuple[Path, bytes]:
    """Append records (train/loss at new steps) to the first TensorBoard run's event file: its size grows by
    ``fraction``. Returns the file and its old bytes (to put back)."""
    from bench_read import frame, scalar_event_bytes

    event = sorted((root / "tb").glob("run_*/events.out.tfevents.*"))[0]
    old = event.read_bytes()
    record = frame(scalar_event_bytes(b"train/loss", 0.5, 10_000, 1.8e9))
    count = max(1, int(len(old) * fraction / len(record)))
    with open(event, "ab") as f:
        for i in range(count):
            f.write(frame(scalar_event_bytes(b"train/loss", 0.05 + 0.001 * (i % 7), 10_000 + i, 1.8e9 + i)))
    return event, old


def rust_server_missing() -> str | None:
    """Why TensorBoard's Rust data server cannot be run here, or None."""
    try:
        import grpc  # noqa: F401
        import tensorboard_data_server

        binary = tensorboard_data_server.server_binary()
    except Exception as e:  # not installed, or a wheel without the binary for this platform
        return f"{type(e).__name__}: {e}"
    if not binary or not os.access(binary, os.X_OK):
        return f"no executable server binary ({binary!r})"
    return None


def server_manifest(root: Path, steps: int) -> dict:
    """What the Rust server must hold once the tree's event-file runs (tb/run_*) are loaded: scale_tree.py writes
    train/loss at every step and val/loss every 10th; a resumed run's second file re-logs 20 records, which the
    server's reservoir replaces (so its points are the distinct steps)."""
    runs = sum(1 for p in (root / "tb").iterdir() if p.is_dir())
    max_step = {"train/loss": steps - 1}
    if steps >= 10:
        max_step["val/loss"] = steps // 10 * 10 - 1
    return {"runs": runs, "points": runs * (steps + steps // 10), "max_step": max_step}


def _stats(xs: list[float]) -> str:
    """'min / median' of a figure's runs."""
    xs = sorted(xs)
    n = len(xs)
    median = xs[n // 2] if n % 2 else 0.5 * (xs[n // 2 - 1] + xs[n // 2])
    return f"{xs[0]:.2f} / {median:.2f}"


def bench_anchor(root: Path, steps: int, rows: dict, jobs: int, work: Path, pairs: int = 3) -> dict:
    """The same tree loaded by TensorBoard's Rust data server (--reload once, every scalar kept, fetched over gRPC
    until every point is in: bench_read.py's 'rust' child), and read_scalars of the tree in a fresh process: the
    whole tree in ``pairs`` interleaved pairs (read_scalars, server, read_scalars, server...: the ratios hold when
    the machine's speed drifts), its event-file runs (tb/) once."""
    from bench_read import run_child

    anchor: dict = {}
    why = rust_server_missing()
    manifest = server_manifest(root, steps)
    whole, server = [], []
    for _ in range(max(1, pairs) if not why else 1):
        whole.append(measure(root, work / "unused.json", read=True))
        if not why:
            r = run_child("rust", root, manifest)
            r.update(expected_points=manifest["points"], server_runs=manifest["runs"])
            server.append(r)
    anchor["read_scalars: whole tree"] = dict(whole[0], scan_s=min(w["scan_s"] for w in whole),
                                              process_s=min(w["process_s"] for w in whole), pairs=whole)
    anchor["read_scalars: tb/ only"] = measure(root / "tb", work / "unused.json", read=True)
    for name in ("read_scalars: whole tree", "read_scalars: tb/ only"):
        a = anchor[name]
        print(f"  {name:<34}{a['scan_s']:>8.2f} s call {a['process_s']:>8.2f} s process {a['points']:>10,} points",
              file=sys.stderr, flush=True)
    if why:
        anchor["rust"] = {"skipped": why}
        print(f"  rust server: skipped ({why})", file=sys.stderr, flush=True)
        return anchor
    anchor["rust"] = dict(server[0], seconds=min(r["seconds"] for r in server), runs_s=[r["seconds"] for r in server])
    anchor["pairs"] = [{"call_s": w["scan_s"], "process_s": w["process_s"], "rust_s": r["seconds"]}
                       for w, r in zip(whole, server)]
    print(f"  rust server (--reload once)       {anchor['rust']['seconds']:>8.2f} s spawn to last point "
          f"{anchor['rust']['points']:>10,} points", file=sys.stderr, flush=True)
    return anchor


def anchor_report(runs: int, rows: dict, anchor: dict, jobs: int) -> list[str]:
    rust = anchor.get("rust", {})
    if "skipped" in rust:
        return [f"  anchor, TensorBoard's Rust data server: SKIPPED, the server cannot run here ({rust['skipped']})"]
    rs = rust["seconds"]
    lines = [f"  anchor, TensorBoard's Rust data server (--reload once, spawn to last point received over gRPC, its "
             f"start-up included): {rs:.2f} s (best run) for the tree's {rust['server_runs']:,} event-file runs "
             f"({rust['points']:,} points, {rust['peak_rss_mb']:.0f} MB peak); it reads only those, "
             f"loganalyzer reads all {runs:,} runs. Rust server / loganalyzer (> 1: loganalyzer faster):",
             f"    {'loganalyzer':<38}{'call s':>8}{'process s':>11}{'ratio (call)':>14}{'ratio (process)':>17}"]
    cands = [("scan, 1 core (with verdicts)", rows["1 core"]), (f"scan, {jobs} cores (with verdicts)",
                                                                rows[f"{jobs} cores"])]
    cands += [(k, v) for k, v in anchor.items() if k.startswith("read_scalars")]
    for name, r in cands:
        lines.append(f"    {name:<38}{r['scan_s']:>8.2f}{r['process_s']:>11.2f}{rs / r['scan_s']:>13.2f}x"
                     f"{rs / r['process_s']:>16.2f}x")
    lines.append("    (call: the scan()/read_scalars() call in a warm process; process: spawn to exit, Python's "
                 "start-up and imports included. The server's figure is whole-process in both columns.)")
    pairs = anchor.get("pairs") or []
    if pairs:
        call = [p["rust_s"] / p["call_s"] for p in pairs]
        proc = [p["rust_s"] / p["process_s"] for p in pairs]
        lines.append(
            f"    read_scalars of the whole tree vs the server in {len(pairs)} interleaved pairs, min / median: "
            f"call {_stats([p['call_s'] for p in pairs])} s, process {_stats([p['process_s'] for p in pairs])} s, "
            f"server {_stats([p['rust_s'] for p in pairs])} s; server / loganalyzer per pair: in-process "
            f"{_stats(call)}x, whole process {_stats(proc)}x (> 1: loganalyzer faster; issue 12's target)")
    return lines


# ---------------------------------------------------------------------------------------------- parent


def bench_tree(runs: int, steps: int, jobs: int, skip_dask: bool, work: Path, skip_rust: bool = False,
               pairs: int = 3) -> tuple[dict, dict]:
    root = ensure_tree(runs, steps)
    docs: dict[str, str] = {}
    rows: dict[str, dict] = {}

    def run(name: str, **settings):
        out = work / f"{runs}_{name}.json"
        rows[name] = measure(root, out, **settings)
        docs[name] = out.read_text()
        same = docs[name] == docs.get("1 core", docs[name])
        rows[name]["same"] = same
        if "grown" in name or "grew" in name:
            same = "compared below"
        print(f"  {runs:>6,} runs  {name:<26}{rows[name]['scan_s']:>8.2f} s scan {rows[name]['process_s']:>8.2f} s "
              f"process {rows[name]['peak_rss_mb']:>7.0f} MB peak  same report: "
              f"{same if isinstance(same, str) else ('yes' if same else 'NO')}",
              file=sys.stderr, flush=True)

    db = f"sqlite:///{work}/store_{runs}.sqlite"
    run("1 core", jobs=1)
    run(f"{jobs} cores", jobs=jobs)
    if not skip_dask:
        run(f"dask local ({jobs} workers)", jobs=jobs, executor="dask")
    anchor = {"rust": {"skipped": "--skip-rust"}} if skip_rust else bench_anchor(root, steps, rows, jobs, work,
                                                                                  pairs)
    run("store: cold", jobs=jobs, store=db)
    run("store: unchanged rescan", jobs=jobs, store=db)
    event, old = grow_one_event_file(root)
    try:
        run("store: 1 file grew 1%", jobs=jobs, store=db)
        grown = docs.pop("store: 1 file grew 1%")
        run("reference: grown, no store", jobs=jobs)
        rows["store: 1 file grew 1%"]["same"] = grown == docs["reference: grown, no store"]
        rows["reference: grown, no store"]["same"] = rows["store: 1 file grew 1%"]["same"]
    finally:
        event.write_bytes(old)
    return rows, anchor


def report(runs: int, rows: dict, jobs: int) -> list[str]:
    one, many = rows["1 core"], rows[f"{jobs} cores"]
    lines = [f"{runs:,} runs of mixed formats",
             f"  {'mode':<30}{'scan s':>9}{'runs/s':>9}{'process s':>11}{'CPU s':>8}{'peak RSS MB':>13}  same report"]
    for name, r in rows.items():
        lines.append(f"  {name:<30}{r['scan_s']:>9.2f}{runs / r['scan_s']:>9,.0f}{r['process_s']:>11.2f}"
                     f"{r['cpu_s']:>8.2f}{r['peak_rss_mb']:>13.0f}  {'yes' if r['same'] else 'NO'}")
    lines.append(f"  {jobs} cores vs 1 core:  {one['scan_s'] / many['scan_s']:.2f}x (scan call), "
                 f"{one['process_s'] / many['process_s']:.2f}x (whole process); target >= {TARGET_SPEEDUP}x")
    lines.append(f"  CPU seconds, {jobs} cores / 1 core: {many['cpu_s'] / one['cpu_s']:.2f} (the pool's overhead; on "
                 f"a machine with {jobs} idle cores the speed-up is at most {jobs} / this = "
                 f"{jobs * one['cpu_s'] / many['cpu_s']:.2f}x)")
    dask = next((r for n, r in rows.items() if n.startswith("dask")), None)
    if dask:
        lines.append(f"  dask local vs 1 core: {one['scan_s'] / dask['scan_s']:.2f}x (scan call, cluster start "
                     f"included), {one['process_s'] / dask['process_s']:.2f}x (whole process)")
    rescan = rows["store: unchanged rescan"]
    lines.append(f"  unchanged rescan: {rescan['scan_s']:.2f} s scan call, {rescan['process_s']:.2f} s whole process "
                 f"({many['scan_s'] / rescan['scan_s']:.0f}x faster than a cold scan on {jobs} cores)"
                 + (f"; target <= {TARGET_RESCAN_S} s" if runs >= 10_000 else ""))
    grown = rows["store: 1 file grew 1%"]
    lines.append(f"  one event file grown 1%: {grown['scan_s']:.2f} s scan call, {grown['process_s']:.2f} s whole "
                 f"process (its new bytes only)")
    return lines


def compile_bytecode(skip: bool) -> str:
    """The package's bytecode compiled before any timed process, as ``make bench`` does (and pip, installing the
    package): in a checkout run under PYTHONDONTWRITEBYTECODE=1 (this machine's sessions) no ``__pycache__`` is
    written, and every timed process compiled each module it imports from source (the 10k tree's read_scalars:
    ~0.1 s of its call, the readers imported before the workers fork, and ~0.05 s more at start-up). Says which."""
    if skip:
        return "modules imported from source where no bytecode was left (--source-imports)"
    import compileall

    ok = compileall.compile_dir(str(REPO / "loganalyzer"), quiet=1)
    return "the package's bytecode compiled first (as `make bench` does)" if ok else \
        "bytecode NOT compiled (compileall failed): modules imported from source"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--also", type=int, nargs="*", default=[], help="more tree sizes (e.g. 10000)")
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=None, help="'all cores' (default: every core)")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-rust", action="store_true", help="no TensorBoard Rust data server anchor")
    ap.add_argument("--anchor-pairs", type=int, default=3,
                    help="interleaved (read_scalars, Rust server) pairs of the whole tree (min / median quoted)")
    ap.add_argument("--source-imports", action="store_true",
                    help="leave the package's bytecode uncompiled (see compile_bytecode; `make bench` compiles it)")
    ap.add_argument("--read", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--path", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--settings", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args)
    from loganalyzer.executor import default_jobs

    compiled = compile_bytecode(args.source_imports)
    jobs = args.jobs or default_jobs()
    load0 = " ".join(f"{x:.1f}" for x in os.getloadavg())
    results, anchors, lines = {}, {}, []
    with tempfile.TemporaryDirectory(prefix="bench_scale_") as work:
        for runs in [args.runs, *args.also]:
            rows, anchor = bench_tree(runs, args.steps, jobs, args.skip_dask, Path(work), args.skip_rust,
                                      args.anchor_pairs)
            results[runs] = rows
            anchors[runs] = anchor
            lines += report(runs, rows, jobs) + anchor_report(runs, rows, anchor, jobs)
    print(f"bench_scale: {jobs} cores, {args.steps} steps per run; 'scan s' is the scan() call, 'process s' the "
          f"whole process (start-up and imports included); load average {load0} at the start, "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end (other work on the machine slows every "
          f"figure, and parallel ones most); {compiled}")
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps({"modes": results, "anchor": anchors}, indent=2))
    bad = [f"{runs}: {name}" for runs, rows in results.items() for name, r in rows.items() if not r["same"]]
    if bad:
        print("DIFFERENT REPORTS: " + ", ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
