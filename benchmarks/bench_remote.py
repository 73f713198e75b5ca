"""S3 scan rate: a few hundred small runs of mixed formats in a bucket of a local S3 server (moto's server mode, a
separate process on 127.0.0.1), scanned as ``s3://bucket/prefix``, against the same tree on disk.

    .venv/bin/python benchmarks/bench_remote.py              # 300 runs of 200 steps
    .venv/bin/python benchmarks/bench_remote.py --runs 1000

Prints runs/s and MB/s of ``scan`` (discovery + reading + verdicts) and of ``read_scalars`` (discovery + reading),
the requests the server answered per run (from its access log), and checks that the verdicts are the local ones.
The server runs on the same 2 cores as the scan, and each request costs it a few milliseconds: the numbers are a
floor for the client's own overhead, not a measure of S3 (whose latency is higher: parallel scans, --jobs, hide it).
Needs the dev extra (s3fs, moto[server], boto3).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
BUCKET = "bench-logs"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def generate(root: Path, runs: int, steps: int) -> str:
    """The mixed tree of ``scale_tree.py`` (event files, Lightning, Keras, HF, CSV); CSV runs when it is absent."""
    try:
        from scale_tree import generate as mixed

        mixed(root, runs, steps)
        return "mixed formats (benchmarks/scale_tree.py)"
    except ImportError:
        from bench_report import write_runs

        write_runs(root, runs, steps)
        return "CSV runs (benchmarks/bench_report.py)"


def start_server(log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = open(log_path, "wb")
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=2).read()
            return server, endpoint
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"moto server did not start; its log: {log_path}")
            time.sleep(0.1)


def requests_logged(log_path: Path) -> int:
    return sum(1 for line in log_path.read_text(errors="replace").splitlines() if '" 20' in line or '" 40' in line)


def upload(root: Path, prefix: str) -> tuple[int, int]:
    import boto3

    client = boto3.client("s3")
    client.create_bucket(Bucket=BUCKET)
    files = [p for p in root.rglob("*") if p.is_file()]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda p: client.upload_file(str(p), BUCKET, f"{prefix}/{p.relative_to(root).as_posix()}"),
                      files))
    return len(files), sum(p.stat().st_size for p in files)


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--steps", type=int, default=200)
    args = ap.parse_args(argv)
    try:
        import boto3  # noqa: F401
        import moto.server  # noqa: F401
        import s3fs  # noqa: F401
    except ImportError as error:
        print(f"bench_remote: skipped ({error.name} is not installed: pip install -e '.[dev]')")
        return 0

    with tempfile.TemporaryDirectory(prefix="bench_remote_") as tmp:
        tmp = Path(tmp)
        root = tmp / "tree"
        what = generate(root, args.runs, args.steps)
        server, endpoint = start_server(tmp / "server.log")
        try:
            for key in [k for k in os.environ if k.startswith(("AWS_", "FSSPEC_"))]:
                del os.environ[key]
            os.environ.update(AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
                              AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
            files, size = upload(root, "tree")
            mb = size / 1e6
            url = f"s3://{BUCKET}/tree"
            from loganalyzer import read_scalars
            from loganalyzer.scan import scan

            warnings.simplefilter("ignore")
            scan([str(root)])  # imports and the first-call costs, out of the timings
            local, t_local = timed(lambda: scan([str(root)]))
            _, t_local_read = timed(lambda: read_scalars(str(root)))
            before = requests_logged(tmp / "server.log")
            remote, t_remote = timed(lambda: scan([url]))
            scan_requests = requests_logged(tmp / "server.log") - before
            before = requests_logged(tmp / "server.log")
            _, t_remote_read = timed(lambda: read_scalars(url))
            read_requests = requests_logged(tmp / "server.log") - before
            runs = len(remote.runs)
            same = [(r.run, r.verdict) for r in remote.runs] == [(r.run, r.verdict) for r in local.runs]
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        finally:
            server.terminate()
            server.wait(timeout=10)

    print(f"S3 scan (local moto server, {what}): {runs:,} runs, {files:,} objects, {mb:.1f} MB")
    print(f"  scan s3://...         {t_remote:6.2f} s  {runs / t_remote:7.0f} runs/s  {mb / t_remote:6.2f} MB/s  "
          f"{scan_requests / runs:.2f} requests/run")
    print(f"  read_scalars s3://... {t_remote_read:6.2f} s  {runs / t_remote_read:7.0f} runs/s  "
          f"{mb / t_remote_read:6.2f} MB/s  {read_requests / runs:.2f} requests/run")
    print(f"  scan of the same tree on disk {t_local:.2f} s ({runs / t_local:.0f} runs/s), read_scalars "
          f"{t_local_read:.2f} s; verdicts and ids the same: {'yes' if same else 'NO'}; peak RSS {rss:.0f} MB")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
