"""A printed log of a job resumed many times: a tiny torch regression trained for real, printed by tqdm.

    python benchmarks/resumed_log.py OUT.log --sessions 200 [--steps 150] [--every 100]

Each session loads the last checkpoint (``torch.save``/``torch.load`` of the model and optimiser, written every
``--every`` steps), prints ``Resuming from checkpoint at iter N`` and trains ``--steps`` steps in a tqdm bar (its
postfix the loss, written to the log as tqdm draws it) with a ``tqdm.write`` line ``iter N: loss X`` every 10 steps,
then dies (as a preempted job does) before its next checkpoint: the next session goes back to the checkpoint and
prints those steps again -- a resume, ``sessions - 1`` times in one log (``readers/_joblog_restart.py``).
``--sessions 1 --steps S`` prints the same lines without going back: the straight log of the same length. Used by
``benchmarks/bench_restarts.py`` and ``tests/test_joblog_restarts.py``.
"""
from __future__ import annotations

import argparse
import os
import tempfile

import torch
from tqdm import tqdm


def write(path: str, sessions: int, steps: int = 150, every: int = 100, seed: int = 0) -> int:
    """Write the log to ``path``; return the number of ``iter N: loss X`` lines printed."""
    torch.manual_seed(seed)
    x = torch.randn(256, 8)
    y = x @ torch.randn(8, 1) + 0.1 * torch.randn(256, 1)
    printed = 0
    with tempfile.TemporaryDirectory() as tmp, open(path, "w") as log:
        ckpt = os.path.join(tmp, "ckpt.pt")
        for session in range(sessions):
            model = torch.nn.Linear(8, 1)
            opt = torch.optim.SGD(model.parameters(), lr=0.01)
            begin = 0
            if os.path.exists(ckpt):
                state = torch.load(ckpt)
                model.load_state_dict(state["model"])
                opt.load_state_dict(state["opt"])
                begin = state["iter"]
                print(f"Resuming from checkpoint at iter {begin}", file=log, flush=True)
            bar = tqdm(range(begin, begin + steps), file=log, mininterval=0, miniters=5, ascii=True, ncols=100,
                       desc="train")
            for it in bar:
                i = torch.randint(0, 256, (32,))
                loss = torch.nn.functional.mse_loss(model(x[i]), y[i])
                opt.zero_grad()
                loss.backward()
                opt.step()
                bar.set_postfix(loss=f"{loss.item():.4f}", refresh=False)
                if it % 10 == 0:
                    tqdm.write(f"iter {it}: loss {loss.item():.4f}", file=log)
                    printed += 1
                if (it + 1) % every == 0:
                    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "iter": it + 1}, ckpt)
            bar.close()
    return printed


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--every", type=int, default=100)
    a = ap.parse_args()
    print(write(a.out, a.sessions, a.steps, a.every), "lines")
