"""A generated tree of many small runs in mixed formats, for ``bench_scale.py`` and the scale tests.

    python benchmarks/scale_tree.py OUT --runs 1000

Per 20 runs: 8 TensorBoard event-file runs (torch ``add_scalar`` bytes, 2 files for every 4th: a resumed job),
5 Lightning ``version_N/metrics.csv`` (+ ``hparams.yaml``), 4 Keras CSVLogger files, 2 HuggingFace output dirs
(``trainer_state.json``), 1 plain CSV. ``--steps`` steps each (default 200). Curve shapes cycle through healthy,
overfit, diverged, NaN, stalled and underfit so the verdicts differ. Deterministic: the same arguments give the same
bytes (wall times are fixed).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_read import WALL0, file_version_record, frame, scalar_event_bytes  # noqa: E402

SHAPES = ("healthy", "overfit", "diverged", "nan", "stalled", "underfit", "healthy", "healthy")
KINDS = ("tb",) * 8 + ("lightning",) * 5 + ("keras",) * 4 + ("hf",) * 2 + ("csv",)


def curves(shape: str, steps: int, seed: int) -> tuple[list[float], list[float]]:
    """(train, val) loss curves of one shape, with a little deterministic noise."""
    train, val = [], []
    for i in range(steps):
        t = i / max(steps - 1, 1)
        noise = 0.02 * math.sin(seed * 7.1 + i * 1.7)
        if shape == "healthy":
            tr = 2.3 * math.exp(-4 * t) + 0.1 + noise
            va = tr + 0.05
        elif shape == "overfit":
            tr = 2.3 * math.exp(-5 * t) + 0.02 + noise
            va = 2.3 * math.exp(-5 * t) + 0.3 + 1.5 * max(0.0, t - 0.3) ** 1.5 + noise
        elif shape == "diverged":
            tr = 2.3 * math.exp(-4 * t) + 0.2 + (0 if t < 0.5 else 30 * (t - 0.5) ** 2) + noise
            va = tr + 0.1
        elif shape == "nan":
            tr = 2.3 * math.exp(-3 * t) + 0.2 + noise if t < 0.6 else float("nan")
            va = tr + 0.1
        elif shape == "stalled":
            tr = 2.30 + noise * 0.5
            va = 2.31 + noise * 0.5
        else:  # underfit: falls a little and stays far above the floor
            tr = 2.3 - 0.5 * (1 - math.exp(-5 * t)) + noise
            va = tr + 0.02
        train.append(tr)
        val.append(va)
    return train, val


def event_file(path: Path, points: list[tuple[str, float, int]], wall0: float) -> None:
    chunks = [file_version_record(wall0)]
    for i, (tag, value, step) in enumerate(points):
        chunks.append(frame(scalar_event_bytes(tag.encode(), value, step, wall0 + i * 0.5)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(chunks))


def _num(x: float) -> str:
    return repr(float(x)) if math.isfinite(x) else ("nan" if math.isnan(x) else ("inf" if x > 0 else "-inf"))


def write_run(root: Path, index: int, steps: int) -> str:
    kind = KINDS[index % len(KINDS)]
    shape = SHAPES[(index // len(KINDS) + index) % len(SHAPES)]
    train, val = curves(shape, steps, index)
    every = 10  # validation every 10 steps
    wall0 = WALL0 + index * 10_000
    if kind == "tb":
        pts = []
        for s in range(steps):
            pts.append(("train/loss", train[s], s))
            if s % every == every - 1:
                pts.append(("val/loss", val[s], s))
        run = root / "tb" / f"run_{index:05d}"
        if index % 4 == 0:  # a resumed job: two files, the second re-logging from the last checkpoint
            cut = len(pts) * 2 // 3
            event_file(run / f"events.out.tfevents.{int(wall0)}.bench.1.0", pts[:cut], wall0)
            event_file(run / f"events.out.tfevents.{int(wall0) + 500}.bench.1.1", pts[cut - 20:], wall0 + 500)
        else:
            event_file(run / f"events.out.tfevents.{int(wall0)}.bench.1.0", pts, wall0)
    elif kind == "lightning":
        run = root / "lightning_logs" / f"version_{index}"
        run.mkdir(parents=True, exist_ok=True)
        lines = ["epoch,step,train_loss,val_loss"]
        for s in range(steps):
            lines.append(f"{s // 20},{s},{_num(train[s])},")
            if s % every == every - 1:
                lines.append(f"{s // 20},{s},,{_num(val[s])}")
        (run / "metrics.csv").write_text("\n".join(lines) + "\n")
        (run / "hparams.yaml").write_text("lr: 0.001\nnum_classes: 10\n")
    elif kind == "keras":
        run = root / "keras" / f"run_{index:05d}.log"
        run.parent.mkdir(parents=True, exist_ok=True)
        lines = ["epoch,loss,val_loss"] + [f"{s},{_num(train[s])},{_num(val[s])}" for s in range(steps)]
        run.write_text("\n".join(lines) + "\n")
    elif kind == "hf":
        run = root / "hf" / f"run_{index:05d}"
        run.mkdir(parents=True, exist_ok=True)
        history = []
        for s in range(steps):
            history.append({"epoch": s / 20, "learning_rate": 1e-3, "loss": train[s], "step": s + 1})
            if s % every == every - 1:
                history.append({"epoch": s / 20, "eval_loss": val[s], "step": s + 1})
        state = {"global_step": steps, "epoch": steps / 20, "log_history": history}
        (run / "trainer_state.json").write_text(json.dumps(state, indent=2).replace("NaN", "NaN"))
    else:
        run = root / "csv" / f"run_{index:05d}.csv"
        run.parent.mkdir(parents=True, exist_ok=True)
        lines = ["step,train_loss,val_loss"] + [f"{s},{_num(train[s])},{_num(val[s])}" for s in range(steps)]
        run.write_text("\n".join(lines) + "\n")
    return kind


def generate(root: Path, runs: int, steps: int = 200) -> dict:
    """Write ``runs`` runs under ``root`` (which must not exist yet); returns counts per kind."""
    counts: dict[str, int] = {}
    for i in range(runs):
        kind = write_run(root, i, steps)
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=200)
    args = ap.parse_args(argv)
    print(json.dumps(generate(args.out, args.runs, args.steps)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
