"""Several trainings logged into ONE W&B run (one ``.wandb`` file): HF's ``WandbCallback`` reuses the open W&B run,
so a second ``trainer.train(resume_from_checkpoint=...)`` in the same process logs into the same file, its
``train/global_step`` (the step metric every key is charted against) going back to the checkpoint. The raw view keeps
every point; the resolved view applies the resume rules to each session as to another file (it interleaved them by
step: two eval losses at one step, as the blind labeller found on a real HF run resumed twice).

Written by the real ``transformers.Trainer`` + ``wandb`` (offline) in a subprocess, training a tiny torch model.
"""
from __future__ import annotations

import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest

import loganalyzer
from loganalyzer.load import LogReadWarning

from _runs import wandb_offline  # noqa: E402

pytest.importorskip("transformers")

SCRIPT = textwrap.dedent("""
    import torch, wandb
    from torch import nn
    from transformers import Trainer, TrainingArguments

    torch.manual_seed(0)
    g = torch.Generator().manual_seed(0)
    X = torch.randn(256, 8, generator=g)
    Y = (X[:, 0] > 0).long()

    class DS(torch.utils.data.Dataset):
        def __init__(self, x, y): self.x, self.y = x, y
        def __len__(self): return len(self.x)
        def __getitem__(self, i): return {"x": self.x[i], "labels": self.y[i]}

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.l = nn.Linear(8, 2)
        def forward(self, x, labels=None):
            logits = self.l(x)
            return {"loss": nn.functional.cross_entropy(logits, labels), "logits": logits}

    def trainer(out, seed):
        args = TrainingArguments(output_dir=out, max_steps=12, per_device_train_batch_size=16, logging_steps=2,
                                 eval_strategy="steps", eval_steps=4, save_steps=4, report_to=["wandb"],
                                 learning_rate=0.05, use_cpu=True, seed=seed, disable_tqdm=True)
        return Trainer(model=Net(), args=args, train_dataset=DS(X[:192], Y[:192]), eval_dataset=DS(X[192:], Y[192:]))

    # run 1: trained to step 12, then resumed from checkpoint-4 and again from checkpoint-8, in the same W&B run
    trainer("out", 0).train()
    trainer("out", 1).train(resume_from_checkpoint="out/checkpoint-4")
    trainer("out", 2).train(resume_from_checkpoint="out/checkpoint-8")
    wandb.finish()
    # run 2: a second training from scratch (a new model, step counter from 0 again) in the same W&B run
    trainer("fresh", 0).train()
    trainer("fresh2", 3).train()
    wandb.finish()
""")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple[Path, Path]:
    """The two ``offline-run-*`` dirs: the resumed run, then the run trained twice from scratch."""
    root = tmp_path_factory.mktemp("wandb_sessions")
    wandb_offline(root, SCRIPT)
    dirs = sorted((root / "wandb").glob("offline-run-*"), key=lambda p: p.stat().st_mtime)
    assert len(dirs) == 2
    return dirs[0], dirs[1]


def _own_rows(run_dir: Path) -> list[dict]:
    from test_wandb import wandb_file, wandb_own_history

    return wandb_own_history(wandb_file(run_dir))


def _resolved(path: Path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        frame = loganalyzer.read_scalars(path, resolve=True)
    return frame, [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]


def test_resumed_sessions_in_one_wandb_file_are_resume_resolved(runs):
    """Each resumed session replaces the earlier sessions' points from its checkpoint on (later_session_replaces,
    one warning per session naming the file and the step); the raw view keeps every point."""
    run_dir = runs[0]
    rows = [r for r in _own_rows(run_dir) if "train/loss" in r]
    assert [r["train/global_step"] for r in rows] == [2, 4, 6, 8, 10, 12, 6, 8, 10, 12, 10, 12]  # three sessions

    raw = loganalyzer.read_scalars(run_dir)
    loss = raw[raw.tag == "train/loss"]
    assert sorted(zip(loss.step, loss.value)) == sorted((r["train/global_step"], r["train/loss"]) for r in rows)

    frame, warned = _resolved(run_dir)
    assert "later_session_replaces" in frame.attrs["step_rules"]
    latest = {}
    for r in rows:  # the last session to log a step holds it
        latest[r["train/global_step"]] = r["train/loss"]
    loss = frame[frame.tag == "train/loss"]
    assert loss.step.tolist() == sorted(latest)
    np.testing.assert_array_equal(loss.value, [latest[s] for s in sorted(latest)])
    evals = frame[frame.tag == "eval/loss"]
    assert evals.step.tolist() == [4, 8, 12]  # one eval loss per step, not two or three
    resumed = [m for m in warned if "resumed at step" in m]
    assert len(resumed) == 2 and "resumed at step 6" in resumed[0] and "resumed at step 10" in resumed[1]
    assert all(m.startswith(str(run_dir)) and ".wandb" in m and "same file" in m for m in resumed)
    assert not (frame.tag == "_runtime").any()  # wandb's own clock: bookkeeping, no series


def test_training_from_scratch_in_the_same_wandb_run_replaces_the_first(runs):
    """A second training from scratch logged into the same W&B run (step back to its first step, the loss back at
    its start): the new training replaces the first (fresh_start_replaces), not continued after it."""
    run_dir = runs[1]
    rows = [r for r in _own_rows(run_dir) if "train/loss" in r]
    second = rows[len(rows) // 2:]
    assert [r["train/global_step"] for r in second] == [2, 4, 6, 8, 10, 12]
    frame, warned = _resolved(run_dir)
    assert "fresh_start_replaces" in frame.attrs["step_rules"]
    loss = frame[frame.tag == "train/loss"]
    assert loss.step.tolist() == [2, 4, 6, 8, 10, 12]
    np.testing.assert_array_equal(loss.value, [r["train/loss"] for r in second])
    assert any("started over" in m and "same file" in m for m in warned)
    raw = loganalyzer.read_scalars(run_dir)
    assert len(raw[raw.tag == "train/loss"]) == 12
    # wandb's own clock went on at _step through both trainings: none of it was logged again, so none is replaced
    # (it was: the first training's _runtime points went with its curves, eval/public Geom3D cc9rhy5j: 6,009)
    assert not (frame.tag == "_runtime").any()  # since fw41 W&B's _runtime is no series at all


def test_cut_wandb_file_names_file_offset_and_announced_length(runs, tmp_path):
    """A ``.wandb`` file cut inside its last record: one warning naming the file, the record's byte offset, the
    length its chunk announces and where the file ends; the records before the cut are read."""
    (source,) = runs[0].glob("run-*.wandb")
    data = source.read_bytes()
    cut = len(data) - 3
    run_dir = tmp_path / "wandb" / "run-20260101_000000-cut"
    run_dir.mkdir(parents=True)
    (run_dir / "run-cut.wandb").write_bytes(data[:cut])
    with pytest.warns(LogReadWarning) as caught:
        loganalyzer.read_scalars(tmp_path)
    (message,) = [str(w.message) for w in caught if "cut short" in str(w.message)]
    assert message.startswith(str(run_dir / "run-cut.wandb") + " @ byte ")
    offset = int(message.split("@ byte ")[1].split(":")[0])
    assert f"its chunk at byte {offset} announces" in message and f"ends at byte {cut}" in message
