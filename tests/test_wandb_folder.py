"""What else a W&B run folder holds besides its ``run-*.wandb`` history: ``logs/debug.log`` (and
``debug-internal.log``, ``debug-core.log``: the library's own bookkeeping, its config dump included) and
``files/output.log`` (what the script printed, captured by W&B). A blind labeller found the debug log read as ~60
series of config values and output.log read beside the history with train and val accuracy merged into one series.

Written by the real ``wandb`` package (offline, console captured) around a tiny torch training; the folders are
also copied under another name (``proj__run-<id>``: how run folders travel in repositories).
"""
from __future__ import annotations

import shutil
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest

import loganalyzer
from loganalyzer.discover import discover
from loganalyzer.load import LogReadWarning

from _runs import wandb_offline  # noqa: E402

EPOCHS = 12

SCRIPT = textwrap.dedent(f"""
    import torch, wandb
    from torch import nn
    torch.manual_seed(0)
    X = torch.randn(512, 8)
    Y = (X[:, 0] + 0.5 * X[:, 1] > 0).long()
    Xv, Yv, X, Y = X[400:], Y[400:], X[:400], Y[:400]
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    run = wandb.init(project="demo", config={{"lr": 0.1, "epochs": {EPOCHS}, "batch_size": 32, "loss": "ce"}})
    wandb.config.update({{"weight_decay": 0.0, "momentum": 0.9, "seed": 0, "aux_loss_weight": 0.5}})
    for epoch in range({EPOCHS}):
        for i in range(0, 400, 32):
            loss = nn.functional.cross_entropy(model(X[i:i + 32]), Y[i:i + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            tl = nn.functional.cross_entropy(model(X), Y).item()
            ta = (model(X).argmax(1) == Y).float().mean().item()
            vl = nn.functional.cross_entropy(model(Xv), Yv).item()
            va = (model(Xv).argmax(1) == Yv).float().mean().item()
        print(f"epoch {{epoch + 1}} train loss {{tl:.4f}} acc {{ta:.4f}} | val loss {{vl:.4f}} acc {{va:.4f}}")
        wandb.log({{"train/loss": tl, "train/acc": ta, "val/loss": vl, "val/acc": va}})
    wandb.finish()
""")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """The WANDB_DIR of one real offline run with its console captured."""
    root = tmp_path_factory.mktemp("wandb_folder")
    wandb_offline(root, SCRIPT, console=True)
    (run_dir,) = (root / "wandb").glob("offline-run-*")
    assert (run_dir / "files" / "output.log").stat().st_size > 0 and (run_dir / "logs" / "debug.log").exists()
    return run_dir


def _copy(run_dir: Path, dest: Path, keep_history: bool) -> Path:
    shutil.copytree(run_dir, dest, symlinks=True)
    if not keep_history:
        for f in dest.glob("run-*.wandb"):
            f.unlink()
    return dest


def _views(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LogReadWarning)
        return loganalyzer.read_scalars(path), loganalyzer.read_scalars(path, resolve=True)


def test_wandb_folder_reads_the_history_only(written, tmp_path):
    """Beside the ``.wandb`` history, neither output.log (the same curves printed) nor W&B's debug logs are read: one
    run per folder, from the history, in both views; also in a folder copied under another name."""
    root = written.parent.parent
    renamed = _copy(written, tmp_path / "proj__run-x", keep_history=True)
    for path, n in ((root, 1), (tmp_path, 1)):
        runs = discover(path)
        assert len(runs) == n and runs[0].format == "wandb", runs
        assert all(f.path.endswith(".wandb") for f in runs[0].files)
        for frame in _views(path):
            assert set(frame["dir"]) == {runs[0].id}
            assert set(frame["tag"]) == {"train/loss", "train/acc", "val/loss", "val/acc"}
    assert (renamed / "logs" / "debug.log").exists()


def test_output_log_alone_keeps_train_and_val_accuracy_apart(written, tmp_path):
    """Without the history (not kept), files/output.log is the run: the line ``train loss L acc A | val loss L acc
    A`` gives train and val accuracy as two series (they were one series with two points an epoch); the debug logs
    are still no run."""
    history = loganalyzer.read_scalars(written)
    _copy(written, tmp_path / "proj__run-x", keep_history=False)
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["proj__run-x/files/output.log"]
    raw, resolved = _views(tmp_path)
    for frame in (raw, resolved):
        accs = {t for t in set(frame["tag"]) if "acc" in t}
        assert accs == {"train_acc", "val_acc"}, accs
        for printed, logged in (("train_acc", "train/acc"), ("val_acc", "val/acc"), ("train_loss", "train/loss"),
                                ("val_loss", "val/loss")):
            got = frame[frame.tag == printed]
            assert got.step.tolist() == list(range(1, EPOCHS + 1))
            want = history[history.tag == logged].value.to_numpy()
            np.testing.assert_allclose(got.value, np.round(want, 4), atol=1e-9)


def test_wandb_debug_log_given_directly_is_one_clear_line(written, tmp_path):
    """A W&B debug log named on the command line (or in a renamed folder) is no run: one line says what it is."""
    renamed = _copy(written, tmp_path / "proj__run-x", keep_history=False)
    for name in ("debug.log", "debug-internal.log"):
        path = renamed / "logs" / name
        problems: list = []
        assert discover(path, problems=problems) == []
        assert [str(p) for p in problems] == [f"{path}: W&B's own debug log (the library's bookkeeping and config "
                                              "dump, no training curves): not read; scan the run's run-*.wandb file "
                                              "or its folder"]
        report = loganalyzer.analyze(path, config=False)
        assert not report.runs
        (error,) = report.errors
        assert str(path) in str(error) and "W&B's own debug log" in str(error)

