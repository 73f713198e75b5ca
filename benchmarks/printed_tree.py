"""A tree of printed training logs (issue 12: a job log parsed once per scan, serial or ``--jobs N``).

    python benchmarks/printed_tree.py ROOT [--logs 200] [--lines 20000] [--layout dirs|flat]

Each log is what a plain PyTorch training loop prints with ``print()`` (the PyTorch tutorials' format)::

    Epoch [3/40], Step [100/500], Loss: 0.4817
    Epoch [3/40] Validation Loss: 0.5120, Accuracy: 83.41 %

a train line every step and a validation line after each epoch's last step; the loss falls like a real one (an
exponential decay with deterministic noise, ``random.Random(seed)`` per log), so runs get ordinary verdicts.
``dirs``: ``ROOT/run_NNN/train.log`` (a root of directories only: ``--jobs`` discovers it in shards);
``flat``: ``ROOT/slurm-NNN.out`` side by side (discovered in the calling process).
"""
from __future__ import annotations

import argparse
import math
import os
import random


def log_lines(seed: int, lines: int, per_epoch: int = 500):
    """``lines`` printed lines (train lines and, after each epoch's last step, a validation line)."""
    rng = random.Random(seed)
    epochs = max(1, lines // (per_epoch + 1))
    decay = 0.3 + 0.1 * (seed % 7)
    out, step = [], 0
    while len(out) < lines:
        step += 1
        epoch, i = (step - 1) // per_epoch + 1, (step - 1) % per_epoch + 1
        loss = 0.15 + 2.2 * math.exp(-decay * step / per_epoch) + 0.05 * rng.random()
        out.append(f"Epoch [{epoch}/{epochs}], Step [{i}/{per_epoch}], Loss: {loss:.4f}")
        if i == per_epoch and len(out) < lines:
            val = 0.2 + 2.2 * math.exp(-decay * step / per_epoch) + 0.02 * rng.random()
            out.append(f"Epoch [{epoch}/{epochs}] Validation Loss: {val:.4f}, Accuracy: {100 - 40 * val:.2f} %")
    return out


def generate(root: str, logs: int, lines: int, layout: str = "dirs") -> list[str]:
    """Writes ``logs`` logs of ``lines`` lines under ``root``; returns their paths (in the walk's order)."""
    paths = []
    for n in range(logs):
        if layout == "dirs":
            path = os.path.join(root, f"run_{n:03d}", "train.log")
        else:
            path = os.path.join(root, f"slurm-{1000 + n}.out")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("\n".join(log_lines(n, lines)) + "\n")
        paths.append(path)
    return paths


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root")
    parser.add_argument("--logs", type=int, default=200)
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--layout", choices=("dirs", "flat"), default="dirs")
    args = parser.parse_args()
    generate(args.root, args.logs, args.lines, args.layout)
