"""Load test of ``loganalyzer serve``: a real uvicorn server on 127.0.0.1 over a generated tree
(``scale_tree.generate``), hit by ``--clients`` concurrent clients (httpx, asyncio) for ``--duration`` seconds.

    python benchmarks/bench_service.py --runs 500 --clients 50 --duration 60

Each client loops over a fixed mix: the run list (default order, a verdict filter, a regex, sorted by time, a later
page), one run's JSON, /api/health and /metrics, with the token. Prints requests/s and p50/p95/p99 latencies, per
route and overall; any error (a non-2xx answer or a failed connection) is counted and makes the exit status 1.
Loopback only; the server and its temporary tree are removed at the end.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_tree import generate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TOKEN = "bench-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(root: Path, work: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    (work / "token").write_text(TOKEN)
    log = open(work / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "loganalyzer", "serve", "--root", str(root), "--db",
                             f"sqlite:///{work / 'store.sqlite'}", "--port", str(port), "--token-file",
                             str(work / "token"), "--poll", "3600", "--watch", "poll"],
                            stdout=log, stderr=subprocess.STDOUT, cwd=str(REPO))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {(work / 'server.log').read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/api/health", timeout=5).json()["scans"] >= 1:
                return proc, base
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server's first scan took over 10 minutes")


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q / 100 * (len(sorted_values) - 1))))
    return sorted_values[index]


async def client_loop(base: str, run_ids: list[str], stop_at: float, seed: int, out: dict) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    mix = [("list", "/api/runs", {}), ("list", "/api/runs", {"verdict": "nan"}),
           ("list", "/api/runs", {"q": "run_0+1"}), ("list", "/api/runs", {"sort": "time", "per_page": 20}),
           ("list", "/api/runs", {"page": 3, "per_page": 25}), ("run", None, {}), ("health", "/api/health", {}),
           ("metrics", "/metrics", {})]
    i = seed
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
        while time.monotonic() < stop_at:
            name, path, params = mix[i % len(mix)]
            if path is None:
                path = "/api/runs/" + run_ids[i % len(run_ids)].replace("%", "%25").replace("#", "%23")
            i += 1
            began = time.perf_counter()
            try:
                response = await client.get(path, params=params)
                ok = response.status_code < 300
            except httpx.HTTPError:
                ok = False
            elapsed = time.perf_counter() - began
            out.setdefault(name, []).append(elapsed)
            if not ok:
                out.setdefault("errors", []).append(path)


async def load(base: str, run_ids: list[str], clients: int, duration: float) -> tuple[dict, float]:
    out: dict = {}
    stop_at = time.monotonic() + duration
    began = time.perf_counter()
    await asyncio.gather(*(client_loop(base, run_ids, stop_at, seed, out) for seed in range(clients)))
    return out, time.perf_counter() - began


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=500, help="runs in the generated tree")
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp:
        work = Path(tmp)
        generate(work / "tree", args.runs, args.steps)
        proc, base = start_server(work / "tree", work)
        try:
            listing = httpx.get(f"{base}/api/runs", params={"per_page": 500},
                                headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60).json()
            run_ids = [r["run"] for r in listing["runs"]]
            results, elapsed = asyncio.run(load(base, run_ids, args.clients, args.duration))
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
    errors = results.pop("errors", [])
    every = sorted(v for values in results.values() for v in values)
    print(f"bench_service: {listing['total']} runs, {args.clients} clients, {elapsed:.1f} s, CPU cores "
          f"{os.cpu_count()}")
    print(f"{'route':<10}{'requests':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    for name in sorted(results) + ["all"]:
        values = every if name == "all" else sorted(results[name])
        print(f"{name:<10}{len(values):>10}{percentile(values, 50) * 1e3:>10.1f}{percentile(values, 95) * 1e3:>10.1f}"
              f"{percentile(values, 99) * 1e3:>10.1f}")
    print(f"throughput: {len(every) / elapsed:.0f} requests/s; errors: {len(errors)}"
          + (f" (first: {errors[0]})" if errors else ""))
    if every:
        print(f"mean latency {statistics.fmean(every) * 1e3:.1f} ms")
    return 1 if errors or not every else 0


if __name__ == "__main__":
    sys.exit(main())
