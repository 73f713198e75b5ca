"""Helpers shared by the tests that train tiny torch models (test_verdict_kinds*.py, test_replay_kinds.py,
test_series_choice.py): the verdict on one run, tiny synthetic tasks and models, HF Trainer-style logging, the module
fixture that trains a named run on first use, the one-thread fixture, and the tiny HF Trainer job printed to a file
(``HF_TINY``, ``print_job``: test_joblogs.py, test_readers14b.py, test_readers18b.py, test_breaker_readers.py)."""
from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Callable

import pytest
import torch

import loganalyzer

F = torch.nn.functional


PUBLIC = Path(__file__).resolve().parents[1] / "eval" / "public"


def public_run(name: str) -> Path:
    """``eval/public/<name>`` (public runs labelled blind), or a skip where the checkout has none."""
    path = PUBLIC / name
    if not path.is_dir():
        pytest.skip(f"eval/public/{name} absent")
    return path


def verdict(path: Path, **options):
    """The one run's summary from ``loganalyzer.analyze`` (model on, as a user runs it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (run,) = loganalyzer.analyze(path, config=False, **options).runs
    return run


def blobs(n: int, *, seed: int, k: int = 4, d: int = 8, spread: float = 1.2, noise: float = 0.0,
          shift: float = 0.0) -> tuple[torch.Tensor, torch.Tensor]:
    """k Gaussian blobs around fixed centres (the same task for every seed); ``noise``: share of labels redrawn."""
    g = torch.Generator().manual_seed(7)
    centres = torch.randn(k, d, generator=g) * 2.0
    offset = shift * torch.randn(1, d, generator=torch.Generator().manual_seed(11))
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, k, (n,), generator=g)
    x = centres[y] + spread * torch.randn(n, d, generator=g) + offset
    if noise:
        flip = torch.rand(n, generator=g) < noise
        y = torch.where(flip, torch.randint(0, k, (n,), generator=g), y)
    return x, y


def mlp(*sizes: int, dropout: float = 0.0) -> torch.nn.Sequential:
    layers: list[torch.nn.Module] = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(a, b), torch.nn.ReLU()] + ([torch.nn.Dropout(dropout)] if dropout else [])
    return torch.nn.Sequential(*layers[:-(2 if dropout else 1)])


def pretrain(model, x, y, *, iters: int, batch: int, lr: float = 3e-3) -> None:
    """``iters`` Adam steps on random minibatches (drawn from torch's global generator): a "pretrained" model."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(iters):
        idx = torch.randint(0, len(x), (batch,))
        loss = F.cross_entropy(model(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()


def train_epoch(model, opt, x, y, batch: int) -> float:
    """One epoch of Adam/SGD steps over a random permutation of ``x`` (torch's global generator) in minibatches of
    ``batch``: the mean of the batch losses weighted by their sizes (the epoch's running training loss)."""
    n, total = len(x), 0.0
    perm = torch.randperm(n)
    for i in range(0, n, batch):
        idx = perm[i:i + batch]
        loss = F.cross_entropy(model(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
    return total / n


def hf_train(model, opt, sched, x, y, xv, yv, *, steps: int, batch: int, log_every: int,
             eval_every: int) -> list[dict]:
    """Consecutive batches of ``batch`` for ``steps`` steps with grad clipping at 1.0; the log history as HF's Trainer
    writes it (mean loss over each ``log_every`` window with grad_norm and the LR, eval_loss every ``eval_every``)."""
    history: list[dict] = []
    tr_loss, last = 0.0, 0
    for step in range(1, steps + 1):
        loss = F.cross_entropy(model(x[(step - 1) * batch: step * batch]), y[(step - 1) * batch: step * batch])
        opt.zero_grad()
        loss.backward()
        grad_norm = float(torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0))
        lr = sched.get_last_lr()[0]
        opt.step()
        sched.step()
        tr_loss += float(loss.detach())
        if step % log_every == 0:
            history.append({"epoch": round(step / steps, 4), "grad_norm": grad_norm, "learning_rate": lr,
                            "loss": round(tr_loss / (step - last), 4), "step": step})
            tr_loss, last = 0.0, step
        if step % eval_every == 0:
            with torch.no_grad():
                history.append({"epoch": round(step / steps, 4), "eval_loss": float(F.cross_entropy(model(xv), yv)),
                                "step": step})
    return history


def save_trainer_state(out: Path, history: list[dict], steps: int, logging_steps: int, eval_steps: int) -> None:
    from transformers import TrainerState

    state = TrainerState(logging_steps=logging_steps, eval_steps=eval_steps, max_steps=steps, train_batch_size=32)
    state.log_history = history
    state.global_step = steps
    out.mkdir(parents=True, exist_ok=True)
    state.save_to_json(str(out / "trainer_state.json"))


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """Tiny models: one thread is fastest, and many threads crawl on a busy machine. Autouse in a module that
    imports it."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def run_dir_fixture(runs: dict[str, Callable[[Path], None]], folder: str):
    """A module fixture ``run_dir``: the folder of a named run from ``runs``, trained on first use (on one CPU
    thread: the models are tiny)."""

    @pytest.fixture(scope="module", name="run_dir")
    def run_dir(tmp_path_factory):
        root = tmp_path_factory.mktemp(folder)
        threads = torch.get_num_threads()
        torch.set_num_threads(1)

        def get(name: str) -> Path:
            path = root / name
            if not path.exists():
                runs[name](path)
            return path

        yield get
        torch.set_num_threads(threads)

    return run_dir


def wandb_offline(root: Path, script: str, console: bool = False, expect_exit: int = 0) -> None:
    """Run ``script`` (a W&B training script) as ``root/train.py`` offline: ``WANDB_DIR`` and ``HOME`` in ``root``, no
    network, no account, no git. Skips without wandb; fails the test when the script exits with another status
    than ``expect_exit``. ``console``: W&B captures what the script prints into the run's ``files/output.log`` (its
    default; off otherwise)."""
    import os
    import subprocess
    import sys

    pytest.importorskip("wandb")
    (root / "train.py").write_text(script)
    env = {**os.environ, "WANDB_MODE": "offline", "WANDB_DIR": str(root), "WANDB_SILENT": "true",
           "WANDB_DISABLE_GIT": "true", "WANDB_CONSOLE": "wrap" if console else "off", "HOME": str(root)}
    env.pop("WANDB_API_KEY", None)
    done = subprocess.run([sys.executable, "train.py"], cwd=root, env=env, capture_output=True, text=True,
                          timeout=300)
    if done.returncode != expect_exit:
        pytest.fail(f"wandb offline run exited {done.returncode}:\n{done.stdout}\n{done.stderr}")


def reproducible(module: str, function: str, **kwargs) -> Callable[[Path], None]:
    """A run maker that trains ``module.function(path, **kwargs)`` in a fresh process with Intel MKL's conditional
    numerical reproducibility on (``MKL_CBWR=COMPATIBLE``, read once when MKL starts) and one thread: the same
    numbers on every x86 CPU. For runs near a chaotic edge (a learning rate 100x too high), where the kernels one
    CPU picks over another (AVX-512 vs AVX2 sums in another order) change which way the run goes."""
    import os
    import subprocess
    import sys

    def make(path: Path) -> None:
        code = (f"import sys, pathlib, torch; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
                f"torch.set_num_threads(1); import {module}; "
                f"{module}.{function}(pathlib.Path({str(path)!r}), **{kwargs!r})")
        env = {**os.environ, "MKL_CBWR": "COMPATIBLE", "OMP_NUM_THREADS": "1"}
        subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)

    return make


def file_logger(path: Path, fmt: str, name: str):
    """A real ``logging`` logger writing to ``path`` with ``fmt`` (what a training script's logging set-up prints)."""
    import logging

    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter(fmt))
    log = logging.getLogger(f"tests.{name}")
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.INFO)
    return log


def close_logger(log) -> None:
    for h in log.handlers:
        h.close()
    log.handlers[:] = []


def run_points(run) -> dict:
    """{tag: ([steps], [values])} of one discovered run (the resolved view), warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = loganalyzer.read_scalars(run, resolve=True)
    return {tag: (g.step.tolist(), g.value.round(6).tolist()) for tag, g in df.groupby("tag", sort=False)}


def runs_points(path) -> dict:
    """{run id: ``run_points``} of every run ``discover`` finds under ``path``."""
    return {r.id: run_points(r) for r in loganalyzer.discover(str(path))}


def read_resolved(path, resolve: bool = True):
    """``read_scalars(path, resolve=resolve)`` and the warnings it gave (their messages), every warning recorded."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = loganalyzer.read_scalars(str(path), resolve=resolve)
    return df, [str(w.message) for w in caught]


def read_values(path) -> tuple[dict[str, list[float]], list[str]]:
    """({tag: its values in step order} of ``read_scalars(path, resolve=True)``, the warnings it gave)."""
    df, said = read_resolved(path)
    return {str(t): g.sort_values("step")["value"].tolist() for t, g in df.groupby("tag", observed=True)}, said


def series_of(df, tag: str):
    """(steps, values) of one tag of a read_scalars table, as lists."""
    rows = df[df.tag == tag]
    return rows.step.tolist(), rows.value.tolist()


def dir_series(df, run: str, tag: str) -> tuple[list, list]:
    """(steps, values) of one tag of one run folder (the table's ``dir``) of a read_scalars table, by step."""
    g = df[(df.dir == run) & (df.tag == tag)].sort_values("step")
    return g.step.tolist(), g.value.tolist()


def series_by_step(df, tag: str) -> tuple[list[int], list[float]]:
    """(steps, values) of one tag of a read_scalars table in step order (a stable sort: points logged at one step
    keep their order), as lists."""
    rows = df[df.tag.astype(str) == tag].sort_values("step", kind="stable")
    return rows.step.tolist(), rows.value.tolist()


# A tiny HF Trainer task for scripts run as jobs: ``DS(n)`` (8 token ids, label: the first id > 25; seeded by n) and
# ``tiny_bert()`` (one layer, 16 wide, 2 labels): a training of a few dozen steps in seconds on one CPU.
HF_TINY = """
import sys, torch
from transformers import BertConfig, BertForSequenceClassification, Trainer, TrainingArguments, TrainerCallback
torch.manual_seed(0)
class DS(torch.utils.data.Dataset):
    def __init__(self, n):
        g = torch.Generator().manual_seed(n); self.x = torch.randint(0, 50, (n, 8), generator=g)
        self.y = (self.x[:, 0] > 25).long()
    def __len__(self): return len(self.x)
    def __getitem__(self, i): return {"input_ids": self.x[i], "labels": self.y[i]}
def tiny_bert():
    return BertForSequenceClassification(BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=1,
        num_attention_heads=2, intermediate_size=32, num_labels=2))
"""


def print_job(script: str, args: list[str], out: Path, err: Path | None = None, *, buffered: bool = False,
              env_extra: dict | None = None, timeout: int = 600) -> int:
    """``python -c script *args`` as a batch job: stdout to the file ``out``, stderr to ``err`` (None: into ``out``,
    ``2>&1``); ``buffered``: stdout block-buffered as it is into a file (else PYTHONUNBUFFERED=1). The HF library's
    default verbosity (``warning``: the Trainer's bar drawn, whatever this process set), no GPU, no hub. Returns
    the exit code."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "TOKENIZERS_PARALLELISM": "false", "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_VERBOSITY": "warning", "TQDM_DISABLE": "", "CUDA_VISIBLE_DEVICES": "", **(env_extra or {})}
    if buffered:
        env.pop("PYTHONUNBUFFERED")
    with open(out, "wb") as o, open(err, "wb") if err else open(out, "ab") as e:
        return subprocess.run([sys.executable, "-c", script, *args], stdout=o, stderr=e if err else subprocess.STDOUT,
                              env=env, timeout=timeout).returncode


def tiny_epochs(x: torch.Tensor, y: torch.Tensor, epochs: int, lr: float):
    """A tiny linear classifier (``Linear(x.shape[1], 2)``, built here: after the caller's draws of x and y) trained
    full-batch on the first 48 rows and judged on the rest: per epoch ``(loss, acc, val_loss, val_acc)`` as floats."""
    model = torch.nn.Linear(x.shape[1], 2)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(epochs):
        out = model(x[:48])
        loss = F.cross_entropy(out, y[:48])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = model(x[48:])
            yield (loss.item(), (out.argmax(1) == y[:48]).float().mean().item(), F.cross_entropy(val, y[48:]).item(),
                   (val.argmax(1) == y[48:]).float().mean().item())



def tiny_history(epochs: int, seed: int = 0) -> dict[str, list[float]]:
    """loss, acc, val_loss, val_acc per epoch of a tiny linear classifier trained for real (``tiny_epochs`` on 96
    rows of 10 features, a noisy sign of the first as the class), as a Keras-style history dict."""
    torch.manual_seed(seed)
    x = torch.randn(96, 10)
    y = (x[:, 0] + 0.8 * torch.randn(96) > 0).long()
    rows = list(tiny_epochs(x, y, epochs, lr=0.5))
    return {k: [r[i] for r in rows] for i, k in enumerate(("loss", "acc", "val_loss", "val_acc"))}

def markov_corpus(vocab: int, length: int, sharpness: float, seed: int = 0) -> torch.Tensor:
    """``length + 1`` tokens of a random first-order Markov chain over ``vocab`` symbols (a toy language-model
    corpus: ``sharpness`` scales the transition logits, higher is more predictable)."""
    torch.manual_seed(seed)
    table = torch.softmax(torch.randn(vocab, vocab) * sharpness, dim=1)
    seq = [0]
    for _ in range(length):
        seq.append(int(torch.multinomial(table[seq[-1]], 1)))
    return torch.tensor(seq)


def tiny_regression(epochs: int, seed: int = 0, lr: float = 1e-3) -> tuple[list[float], list[float]]:
    """(train MSE, val MSE) per epoch of a tiny regression MLP trained for real (full-batch Adam at ``lr``)."""
    torch.manual_seed(seed)
    x, xv = torch.randn(256, 6), torch.randn(128, 6)
    w = torch.randn(6, 1)
    y, yv = x @ w + 0.1 * torch.randn(256, 1), xv @ w + 0.1 * torch.randn(128, 1)
    model = mlp(6, 32, 1)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    train, val = [], []
    for _ in range(epochs):
        loss = F.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val.append(F.mse_loss(model(xv), yv).item())
        train.append(loss.item())
    return train, val


def linear_regression(epochs: int = 12, seed: int = 0) -> tuple[list[float], list[float]]:
    """(train MSE, val MSE) per epoch of a 4-input linear regression trained for real (full-batch SGD at 0.05, the
    first 64 of 256 samples held out): the numbers the real writers of test_rd68b / test_rd69a save or print."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(256, 4, generator=g)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 0.1 * torch.randn(256, generator=g)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    train, val = [], []
    for _ in range(epochs):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x[64:]).squeeze(1), y[64:])
        loss.backward()
        opt.step()
        with torch.no_grad():
            val.append(float(torch.nn.functional.mse_loss(model(x[:64]).squeeze(1), y[:64])))
        train.append(float(loss.detach()))
    return train, val
