#!/usr/bin/env python
"""How fast and how lean is loganalyzer at reading TensorBoard scalars, next to tbparse and TensorBoard's Rust
data server?

    python benchmarks/bench_read.py [--events 1000000] [--runs 500 --events-per-run 200]

Two workloads, generated once and cached under ``bench_data/`` (git-ignored):
  big:   one event file of ``--events`` torch ``add_scalar`` events (~54 MB for 1M), 4 tags round-robin;
  small: ``--runs`` run directories of ``--events-per-run`` events each (one file per run).
Files are written record by record in exactly the bytes torch's SummaryWriter writes (checked against protobuf
serialisation and a real SummaryWriter file at generation), framed with the real masked CRC-32C.

Every reader runs in its own subprocess, so the peak RSS reported (VmHWM) is that reader's alone:
  loganalyzer         loganalyzer.read_scalars(path), C decoder, every CRC checked; best of --repeat
  loganalyzer-pure    the same with LOGANALYZER_PURE_PYTHON=1 (big workload: on a --pure-events file; it is slow)
  tbparse             SummaryReader(path).scalars; one run (it is slow)
  rust                tensorboard_data_server --reload once --samples-per-plugin scalars=all: clock from spawn
                      until every point has been received over gRPC (ReadScalars, num_points=10**7); RSS is the
                      server's. Best of --repeat. 'rust --checksum' is the same with every CRC checked.
Seconds are for the read call only (the Python interpreter and imports are shown apart, as import_s); for the
Rust server they include its start-up, as a user would wait for it.

Against the Rust server two ratios are printed, as they answer different questions:
  (a) in-process: loganalyzer's read_scalars call inside a warm Python process (the table's seconds) against the
      server from spawn to last point. What a notebook or a service that has already imported loganalyzer waits.
  (b) whole process: ``python -c 'import loganalyzer; loganalyzer.read_scalars(PATH)'`` from spawn to exit
      (interpreter start-up and imports included) against the server from spawn to last point, run in interleaved
      pairs (``--process-pairs``, default 5); the median of the per-pair ratios. What a one-shot command waits.

``--breakdown`` adds where loganalyzer's time goes (read bytes / decode / DataFrame / read_scalars total) and a
cProfile of read_scalars.
"""
from __future__ import annotations

import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / "bench_data"
WALL0 = 1_700_000_000.0
TAGS = ("train/loss", "train/lr", "train/grad_norm", "train/acc")
FORMAT_VERSION = 1  # bump when the generator's output changes, to invalidate caches

# issue #targets: time < rust, >= 30x faster than tbparse, peak RSS well under rust's
TARGET_TBPARSE_RATIO = 30.0


# ---------------------------------------------------------------------------------------------- generation


def _masked_crc(data: bytes) -> int:
    from crc32c import crc32c

    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def _varint(n: int) -> bytes:
    n &= 0xFFFFFFFFFFFFFFFF
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _ld(field: int, payload: bytes) -> bytes:
    return _varint(field << 3 | 2) + _varint(len(payload)) + payload


def scalar_event_bytes(tag: bytes, value: float, step: int, wall: float) -> bytes:
    """Event{wall_time, step, summary{value{tag, simple_value}}}: torch's add_scalar bytes (step 0 omitted)."""
    value_msg = _ld(1, tag) + b"\x15" + struct.pack("<f", value)
    wall_bits = struct.pack("<d", wall)
    ev = b"\x09" + wall_bits if wall_bits != bytes(8) else b""  # proto3 omits 0.0, as it omits step 0
    if step:
        ev += b"\x10" + _varint(step)
    return ev + _ld(5, _ld(1, value_msg))


def frame(payload: bytes) -> bytes:
    header = struct.pack("<Q", len(payload))
    return header + struct.pack("<I", _masked_crc(header)) + payload + struct.pack("<I", _masked_crc(payload))


def file_version_record(wall: float) -> bytes:
    from tensorboard.compat.proto import event_pb2

    ev = event_pb2.Event(wall_time=wall, file_version="brain.Event:2")
    ev.source_metadata.writer = "tensorboard.summary.writer.event_file_writer"  # as torch's writer does
    return frame(ev.SerializeToString())


def _self_check() -> None:
    """The hand encoder is byte-identical to protobuf and to a real torch SummaryWriter; the CRC is the real one."""
    from tensorboard.compat.proto import event_pb2, summary_pb2
    from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c

    assert _masked_crc(b"\x1a\x11CRC test, one two") == 0x5794D08A == masked_crc32c(b"\x1a\x11CRC test, one two")
    for tag, v, step, wall in [("train/loss", 0.5, 0, WALL0), ("a", -1e25, 1, 1.5), ("x/y", float("nan"), 2**40, 0.0),
                               ("neg", 3.0, -7, WALL0 + 0.123)]:
        ref = event_pb2.Event(wall_time=wall, step=step, summary=summary_pb2.Summary(
            value=[summary_pb2.Summary.Value(tag=tag, simple_value=v)])).SerializeToString()
        assert scalar_event_bytes(tag.encode(), v, step, wall) == ref, (tag, step)
        assert _masked_crc(ref) == masked_crc32c(ref)
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:
        return
    with tempfile.TemporaryDirectory() as d:
        w = SummaryWriter(d)
        pts = [(TAGS[i % 4], 0.25 * i, i // 4, WALL0 + i * 0.01) for i in range(1000)]
        for tag, v, step, wall in pts:
            w.add_scalar(tag, v, step, walltime=wall)
        w.close()
        (f,) = [p for p in Path(d).iterdir() if "tfevents" in p.name]
        real = f.read_bytes()
        (n,) = struct.unpack_from("<Q", real, 0)
        ours = b"".join(frame(scalar_event_bytes(t.encode(), v, s, wt)) for t, v, s, wt in pts)
        assert real[16 + n:] == ours, "generator differs from torch's SummaryWriter"


def write_scalar_file(path: Path, n_events: int, seed: int = 0, wall0: float = WALL0) -> dict:
    """n_events torch scalar events, TAGS round-robin (step = i // len(TAGS)); returns the manifest."""
    import numpy as np

    rng = np.random.default_rng(seed)
    values = (2.0 * np.exp(-np.arange(n_events) / max(n_events, 1) * 5) + 0.05 * rng.standard_normal(n_events))
    values = values.astype(np.float32).tolist()
    tags = [t.encode() for t in TAGS]
    k = len(tags)
    chunks = [file_version_record(wall0)]
    pack_hdr = struct.Struct("<Q").pack
    pack_u32 = struct.Struct("<I").pack
    for i in range(n_events):
        payload = scalar_event_bytes(tags[i % k], values[i], i // k, wall0 + i * 0.0137)
        header = pack_hdr(len(payload))
        chunks.append(header + pack_u32(_masked_crc(header)) + payload + pack_u32(_masked_crc(payload)))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(b"".join(chunks))
    tmp.rename(path)
    last_step = {TAGS[j]: (n_events - 1 - ((n_events - 1 - j) % k)) // k for j in range(min(k, n_events))}
    return {"points": n_events, "max_step": last_step}


def ensure_big(data_dir: Path, n_events: int) -> tuple[Path, dict]:
    d = data_dir / f"big_{n_events}_v{FORMAT_VERSION}"
    manifest = d.parent / (d.name + ".json")
    if not manifest.exists():
        t = time.perf_counter()
        m = write_scalar_file(d / "events.out.tfevents.1700000000.bench.1.0", n_events)
        m.update(runs=1, files=1)
        manifest.write_text(json.dumps(m))
        print(f"  generated {d} in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    return d, json.loads(manifest.read_text())


def ensure_small(data_dir: Path, runs: int, per_run: int) -> tuple[Path, dict]:
    d = data_dir / f"small_{runs}x{per_run}_v{FORMAT_VERSION}"
    manifest = d.parent / (d.name + ".json")
    if not manifest.exists():
        t = time.perf_counter()
        total = 0
        for r in range(runs):
            m = write_scalar_file(d / f"run_{r:04d}" / f"events.out.tfevents.{1700000000 + r}.bench.1.0", per_run,
                                  seed=r, wall0=WALL0 + r * 1000)
            total += m["points"]
        manifest.write_text(json.dumps({"points": total, "runs": runs, "files": runs, "max_step": m["max_step"]}))
        print(f"  generated {d} in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    return d, json.loads(manifest.read_text())


# ---------------------------------------------------------------------------------------------- children


def _vm(key: str, pid: str = "self") -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0  # kB -> MB
    return float("nan")


def child_loganalyzer(path: str, manifest: dict) -> dict:
    t = time.perf_counter()
    import loganalyzer
    import loganalyzer.load  # noqa: F401 - pandas and the reader are imported before the clock starts,
    import loganalyzer.readers.tensorboard  # noqa: F401 - as tbparse's imports are

    import_s = time.perf_counter() - t
    base = _vm("VmRSS")
    t = time.perf_counter()
    df = loganalyzer.read_scalars(path)
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "points": int(len(df)), "import_s": import_s, "base_rss_mb": base,
            "decoder": "python" if os.environ.get("LOGANALYZER_PURE_PYTHON") == "1" else "c"}


def child_tbparse(path: str, manifest: dict) -> dict:
    t = time.perf_counter()
    from tbparse import SummaryReader

    import_s = time.perf_counter() - t
    base = _vm("VmRSS")
    t = time.perf_counter()
    df = SummaryReader(path).scalars
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "points": int(len(df)), "import_s": import_s, "base_rss_mb": base}


def child_rust(path: str, manifest: dict, checksum: bool = False) -> dict:
    import grpc
    import tensorboard_data_server
    from tensorboard.data.proto import data_provider_pb2 as pb
    from tensorboard.data.proto import data_provider_pb2_grpc as pb_grpc

    binary = tensorboard_data_server.server_binary()
    want_max = manifest["max_step"]
    with tempfile.TemporaryDirectory() as tmp:
        port_file = Path(tmp) / "port"
        cmd = [binary, "--logdir", path, "--reload", "once", "--samples-per-plugin", "scalars=all",
               "--port", "0", "--port-file", str(port_file), "--die-after-stdin"]
        if checksum:
            cmd.append("--checksum")
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while not (port_file.exists() and port_file.read_text().endswith("\n")):
                if proc.poll() is not None:
                    raise RuntimeError(f"data server exited with {proc.returncode}")
                time.sleep(0.0005)
            port = int(port_file.read_text())
            channel = grpc.insecure_channel(f"localhost:{port}", options=[("grpc.max_receive_message_length", -1)])
            stub = pb_grpc.TensorBoardDataProviderStub(channel)
            flt = pb.PluginFilter(plugin_name="scalars")
            polls = reads = 0
            while True:
                # cheap gate: every run lists every tag up to its final step
                polls += 1
                listed = stub.ListScalars(pb.ListScalarsRequest(plugin_filter=flt))
                done = len(listed.runs) == manifest["runs"] and all(
                    {t.tag_name: t.metadata.max_step for t in r.tags} == want_max for r in listed.runs)
                if not done:
                    time.sleep(0.002)
                    continue
                reads += 1
                loaded_s = time.perf_counter() - t0
                resp = stub.ReadScalars(pb.ReadScalarsRequest(plugin_filter=flt,
                                                              downsample=pb.Downsample(num_points=10**7)))
                points = sum(len(t.data.step) for r in resp.runs for t in r.tags)
                # "server_points": what the server keeps when steps repeat (a resumed run's re-logged steps replace
                # the old ones); by default every event is a distinct point
                if points >= manifest.get("server_points", manifest["points"]) or reads > 1000:
                    break
                time.sleep(0.002)
            seconds = time.perf_counter() - t0
            rss = _vm("VmHWM", str(proc.pid))
            channel.close()
        finally:
            proc.kill()
            proc.wait()
    return {"seconds": seconds, "points": points, "peak_rss_mb": rss, "polls": polls, "reads": reads,
            "loaded_s": loaded_s}


def child_breakdown(path: str, manifest: dict) -> dict:
    """Where loganalyzer's time goes, on the same input: stages timed without a profiler (wrappers around
    loganalyzer.load's functions), then a cProfile of one more read_scalars call."""
    import cProfile
    import functools
    import io
    import pstats

    t = time.perf_counter()
    import loganalyzer
    import loganalyzer.load as load
    from loganalyzer.readers import tensorboard as tb

    out = {"import_s": time.perf_counter() - t}
    files = sorted(p for p in Path(path).rglob("*") if p.is_file() and "tfevents" in p.name)
    t = time.perf_counter()
    datas = [f.read_bytes() for f in files]
    out["read_bytes_s"] = time.perf_counter() - t
    t = time.perf_counter()
    for d in datas:
        tb.decode(d)
    out["decode_s"] = time.perf_counter() - t
    t = time.perf_counter()
    for f, d in zip(files, datas):
        tb.read(d, str(f))
    out["reader_read_s"] = time.perf_counter() - t  # decode + the reader's DataFrame, per file
    del datas
    loganalyzer.read_scalars(path)  # warm

    spent: dict[str, float] = {}

    def timed(name, fn):
        @functools.wraps(fn)
        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0
        return wrapper

    originals = {n: getattr(load, n) for n in ("_discover_warned", "_read_source", "combine", "load_run")}
    for n, fn in originals.items():
        setattr(load, n, timed(n, fn))
    t = time.perf_counter()
    loganalyzer.read_scalars(path)
    total = time.perf_counter() - t
    for n, fn in originals.items():
        setattr(load, n, fn)
    out["read_scalars_s"] = total
    out["stages"] = {
        "discover": spent.get("_discover_warned", 0.0),
        "read files + decode + per-file DataFrame (_read_source)": spent.get("_read_source", 0.0),
        "per-run restarts/dedup/sort + DataFrame (combine)": spent.get("combine", 0.0),
        "other load_run overhead": spent.get("load_run", 0.0) - spent.get("_read_source", 0.0)
        - spent.get("combine", 0.0),
        "merging runs into one table (read_scalars)": total - spent.get("load_run", 0.0)
        - spent.get("_discover_warned", 0.0),
    }
    prof = cProfile.Profile()
    prof.enable()
    loganalyzer.read_scalars(path)
    prof.disable()
    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(20)
    out["profile"] = s.getvalue()
    return out


def print_breakdown(name: str, b: dict) -> None:
    print(f"   breakdown ({name}), one process, warm: read bytes {b['read_bytes_s']:.3f}s | decode (C) "
          f"{b['decode_s']:.3f}s | tensorboard.read per file (decode + DataFrame) {b['reader_read_s']:.3f}s | "
          f"read_scalars {b['read_scalars_s']:.3f}s, of which:")
    for stage, sec in b["stages"].items():
        print(f"      {stage:<58}{sec:8.3f}s {100 * sec / b['read_scalars_s']:5.1f}%")


CHILDREN = {
    "loganalyzer": child_loganalyzer,
    "loganalyzer-pure": child_loganalyzer,
    "tbparse": child_tbparse,
    "rust": child_rust,
    "rust --checksum": lambda p, m: child_rust(p, m, checksum=True),
    "breakdown": child_breakdown,
}


def run_child(reader: str, path: Path, manifest: dict, timeout: float = 1800) -> dict:
    env = dict(os.environ)
    env.pop("LOGANALYZER_PURE_PYTHON", None)
    if reader == "loganalyzer-pure":
        env["LOGANALYZER_PURE_PYTHON"] = "1"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", reader, "--path", str(path),
           "--manifest", json.dumps(manifest)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=str(REPO))
    if proc.returncode != 0:
        raise RuntimeError(f"{reader} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------- whole process

PROCESS_SNIPPET = "import sys, loganalyzer; print(len(loganalyzer.read_scalars(sys.argv[1])))"


def loganalyzer_process(path: Path) -> dict:
    """``python -c 'import loganalyzer; loganalyzer.read_scalars(PATH)'`` as a user would run it, timed from outside:
    wall clock from spawn to exit (interpreter start-up, imports, the read, teardown), CPU and peak RSS from
    os.wait4."""
    env = dict(os.environ)
    env.pop("LOGANALYZER_PURE_PYTHON", None)
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", PROCESS_SNIPPET, str(path)], stdout=stdout, stderr=stderr,
                                text=True, env=env, cwd=str(REPO))
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        stdout.seek(0)
        stderr.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"loganalyzer process failed:\n{stderr.read()[-3000:]}")
        points = int(stdout.read().split()[-1])
    return {"seconds": wall, "points": points, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024.0}


def _median(xs: list[float]) -> float:
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else 0.5 * (xs[n // 2 - 1] + xs[n // 2])


def whole_process_pairs(path: Path, manifest: dict, pairs: int) -> dict:
    """Whole process against whole process, in pairs (loganalyzer, server, loganalyzer, server, ...) so that the
    ratio holds when the machine's speed drifts: loganalyzer's process from spawn to exit against the Rust server's
    process from spawn to the last point received (the gRPC client's own Python start-up is not counted). The
    ratio quoted is the median of the per-pair ratios."""
    la, rust, ratios = [], [], []
    for _ in range(pairs):
        a = loganalyzer_process(path)
        b = run_child("rust", path, manifest)
        if a["points"] != manifest["points"] or b["points"] < manifest.get("server_points", manifest["points"]):
            raise RuntimeError(f"whole-process run lost points: loganalyzer {a['points']:,}, rust {b['points']:,}")
        la.append(a["seconds"])
        rust.append(b["seconds"])
        ratios.append(b["seconds"] / a["seconds"])
    return {"pairs": pairs, "loganalyzer_s": la, "rust_s": rust, "ratios": ratios,
            "loganalyzer_median_s": _median(la), "rust_median_s": _median(rust), "ratio_median": _median(ratios)}


def both_ratios(la: dict, rust: dict, proc: dict | None) -> list[str]:
    """(a) in-process and (b) whole-process ratios of the Rust server's time to loganalyzer's."""
    lines = ["both ratios, Rust server / loganalyzer (> 1: loganalyzer faster; server: spawn to last point received, "
             "its start-up included):",
             f"  (a) in-process:    loganalyzer's read_scalars call in a warm interpreter {la['seconds']:.3f} s "
             f"(start-up and imports not counted: imports alone {la['import_s']:.2f} s) vs server "
             f"{rust['seconds']:.3f} s (best of {la['runs']}) = {rust['seconds'] / la['seconds']:.1f}x"]
    if proc:
        lines.append(
            f"  (b) whole process: `python -c 'import loganalyzer; loganalyzer.read_scalars(PATH)'`, spawn to exit, "
            f"{proc['loganalyzer_median_s']:.3f} s vs server {proc['rust_median_s']:.3f} s (medians of "
            f"{proc['pairs']} runs, interleaved) = {proc['ratio_median']:.2f}x (median of the pair ratios; "
            f"{min(proc['ratios']):.2f}-{max(proc['ratios']):.2f})")
    else:
        lines.append("  (b) whole process: skipped (--process-pairs 0)")
    return lines


# ---------------------------------------------------------------------------------------------- parent


def measure(reader: str, path: Path, manifest: dict, repeat: int) -> dict:
    best = None
    for _ in range(repeat):
        r = run_child(reader, path, manifest)
        if best is None or r["seconds"] < best["seconds"]:
            best = r
    best["runs"] = repeat
    best["events"] = manifest["points"]
    return best


def fmt_table(title: str, rows: list[tuple[str, dict]]) -> str:
    lines = [title, f"{'reader':<22}{'events':>10}{'seconds':>10}{'events/s':>12}{'peak RSS MB':>13}"
                    f"{'(base MB)':>10}{'import s':>10}{'runs':>6}"]
    for name, r in rows:
        ev_s = r["events"] / r["seconds"] if r["seconds"] else float("inf")
        imp = f"{r['import_s']:.2f}" if "import_s" in r else "-"
        base = f"({r['base_rss_mb']:.0f})" if "base_rss_mb" in r else "-"
        lines.append(f"{name:<22}{r['events']:>10,}{r['seconds']:>10.3f}{ev_s:>12,.0f}{r['peak_rss_mb']:>13.0f}"
                     f"{base:>10}{imp:>10}{r['runs']:>6}")
    rust = dict(rows).get("rust")
    loaded = f"; its load was complete at {rust['loaded_s']:.3f}s" if rust else ""
    lines.append(f"  (base MB: the process's RSS after imports, before reading; rust: server process, spawn to last "
                 f"point received{loaded})")
    return "\n".join(lines)


def workload(name: str, path: Path, manifest: dict, args, pure_path=None, pure_manifest=None) -> dict:
    res: dict[str, dict] = {}
    print(f"\n== {name}: {path} ({manifest['points']:,} events, {manifest['runs']} run(s))", file=sys.stderr)
    res["loganalyzer"] = measure("loganalyzer", path, manifest, args.repeat)
    if not args.skip_rust:
        res["rust"] = measure("rust", path, manifest, args.repeat)
        res["rust --checksum"] = measure("rust --checksum", path, manifest, args.repeat)
    if not args.skip_pure:
        pp, pm = (pure_path, pure_manifest) if pure_path is not None else (path, manifest)
        res["loganalyzer-pure"] = measure("loganalyzer-pure", pp, pm, 1)
    if not args.skip_tbparse:
        res["tbparse"] = measure("tbparse", path, manifest, 1)
    # correctness: every reader got every point
    for reader, r in res.items():
        if r["points"] != r["events"]:
            print(f"!! {reader}: {r['points']:,} points, expected {r['events']:,}", file=sys.stderr)
    ok = res["loganalyzer"]["points"] == manifest["points"]
    if "tbparse" in res:
        ok = ok and res["loganalyzer"]["points"] == res["tbparse"]["points"]
    res["_points_agree"] = ok
    print(fmt_table(f"-- {name}", [(k, v) for k, v in res.items() if not k.startswith("_")]))
    la = res["loganalyzer"]
    ratios = []
    if "tbparse" in res:
        ratios.append(f"tbparse/loganalyzer time = {res['tbparse']['seconds'] / la['seconds']:.1f}x "
                      f"(target >= {TARGET_TBPARSE_RATIO:.0f}x)")
    if "rust" in res:
        ratios.append(f"rust --checksum/loganalyzer time = {res['rust --checksum']['seconds'] / la['seconds']:.2f}x")
        ratios.append(f"loganalyzer/rust peak RSS = {la['peak_rss_mb'] / res['rust']['peak_rss_mb']:.2f} "
                      f"(target < 1)")
    if "rust" in res:
        proc = whole_process_pairs(path, manifest, args.process_pairs) if args.process_pairs else None
        if proc:
            res["_whole_process"] = proc
        ratios += both_ratios(la, res["rust"], proc)
    if "loganalyzer-pure" in res:
        p = res["loganalyzer-pure"]
        ratios.append(f"pure-Python decoder: {p['events'] / p['seconds']:,.0f} events/s on {p['events']:,} events "
                      f"({(la['events'] / la['seconds']) / (p['events'] / p['seconds']):.0f}x slower than C)")
    ratios.append(f"point counts agree (loganalyzer == expected{' == tbparse' if 'tbparse' in res else ''}): {ok}")
    print("   " + "\n   ".join(ratios))
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000, help="events in the big file")
    ap.add_argument("--runs", type=int, default=500, help="runs in the small-files workload")
    ap.add_argument("--events-per-run", type=int, default=200)
    ap.add_argument("--pure-events", type=int, default=100_000,
                    help="events of the file the pure-Python decoder reads in the big workload")
    ap.add_argument("--repeat", type=int, default=3, help="best of N for the fast readers")
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--only", choices=["big", "small"], help="run one workload")
    ap.add_argument("--skip-tbparse", action="store_true")
    ap.add_argument("--skip-rust", action="store_true")
    ap.add_argument("--skip-pure", action="store_true")
    ap.add_argument("--process-pairs", type=int, default=5,
                    help="whole-process runs of loganalyzer and the Rust server, interleaved (0: skip)")
    ap.add_argument("--breakdown", action="store_true", help="time loganalyzer's stages and cProfile it")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--path", help=argparse.SUPPRESS)
    ap.add_argument("--manifest", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        r = CHILDREN[args.child](args.path, json.loads(args.manifest))
        r.setdefault("peak_rss_mb", _vm("VmHWM"))
        print(json.dumps(r))
        return 0

    _self_check()
    results = {}
    if args.only in (None, "big"):
        big, bm = ensure_big(args.data_dir, args.events)
        pure, pm = ensure_big(args.data_dir, min(args.pure_events, args.events))
        results["big"] = workload(f"one file, {args.events:,} torch scalar events", big, bm, args, pure, pm)
        if args.breakdown:
            b = run_child("breakdown", big, bm)
            print_breakdown("big", b)
            print(b["profile"])
            results["big"]["_breakdown"] = b
    if args.only in (None, "small"):
        small, sm = ensure_small(args.data_dir, args.runs, args.events_per_run)
        results["small"] = workload(f"{args.runs} runs x {args.events_per_run} events", small, sm, args)
        if args.breakdown:
            b = run_child("breakdown", small, sm)
            print_breakdown("small", b)
            print(b["profile"])
            results["small"]["_breakdown"] = b
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))
    return 0 if all(r.get("_points_agree") for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
