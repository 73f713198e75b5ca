"""HF Trainer log dicts printed with no step and no progress-bar total (``_joblog_steps._hf_epoch_steps``): the note
says where the steps came from (stop-28 breaker #5: 200,000 dicts with 3-decimal epochs sat at steps 0..99,999 --
the epoch over the first dict's epoch, two dicts a step -- while the note said "their steps count the log lines").

The log is printed by a tiny real torch loop in the shape transformers 4.x printed (huggingface/transformers v4.30.0,
src/transformers/trainer.py ``Trainer.log``: ``logs["epoch"] = round(self.state.epoch, 2)``, then
``PrinterCallback.on_log``: ``print(logs)``), one dict per optimizer step, 400 steps an epoch: the 2-decimal epoch
holds for 4 steps, so 4 dicts share each epoch value. Those are distinct logging events: since stop 39 they are
counted (``_rounded_epoch_repeats``: the runs of one epoch differ in length) and the counted note says so; the
epoch note stays for dicts that repeat one event (two ranks printing each dict: runs of 2).
"""
from __future__ import annotations

import pytest

from loganalyzer import read_scalars
from loganalyzer.readers._joblog_steps import HF_COUNTED_NOTE, HF_EPOCH_NOTE

torch = pytest.importorskip("torch")


def _print_loop(path, steps: int, per_epoch: int, copies: int = 1) -> list[float]:
    """A full-batch SGD loop on a tiny linear classifier printing one HF log dict a step; -> the printed epochs."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(64, 6, generator=g)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).long()
    model = torch.nn.Linear(6, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    epochs = []
    with open(path, "w") as f:
        f.write("Starting job on node gpu-01\n")
        for step in range(1, steps + 1):
            loss = torch.nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            logs = {"loss": round(loss.item(), 4), "learning_rate": 0.05, "epoch": round(step / per_epoch, 2)}
            for _ in range(copies):
                epochs.append(logs["epoch"])
                print(logs, file=f)
    return epochs


def test_the_note_says_the_steps_follow_the_epoch(tmp_path):
    log = tmp_path / "job" / "slurm-5.out"
    log.parent.mkdir()
    epochs = _print_loop(log, 400, 100, copies=2)  # exact 2-decimal epochs, each dict printed by two ranks
    with pytest.warns(UserWarning) as caught:
        df = read_scalars(str(log.parent), resolve=True)
    notes = [str(w.message) for w in caught if "HF Trainer log dicts" in str(w.message)]
    assert notes and all(n.endswith(HF_EPOCH_NOTE) for n in notes), notes
    assert "count the log lines" not in " ".join(notes)
    unit = next(e for e in epochs if e > 0)  # 0.01
    steps = sorted(set(df.loc[df["tag"] == "loss", "step"].astype(int).tolist()))
    assert steps == sorted({round(e / unit) for e in epochs})  # what the note says: epoch / the first dict's epoch
    assert steps[-1] == 400 and len(steps) == 400  # 800 dicts on 400 steps: two a step
    assert steps != list(range(1, 801))  # not the log lines, as the old note claimed


def test_rounded_epochs_repeated_by_distinct_events_are_counted(tmp_path):
    """transformers 4.x's own shape: 4 optimizer steps share each 2-decimal epoch; each dict is one step's log."""
    log = tmp_path / "job" / "slurm-5.out"
    log.parent.mkdir()
    _print_loop(log, 800, 400)
    with pytest.warns(UserWarning) as caught:
        df = read_scalars(str(log.parent), resolve=True)
    notes = [str(w.message) for w in caught if "HF Trainer log dicts" in str(w.message)]
    assert notes and all(n.endswith(HF_COUNTED_NOTE) for n in notes), notes
    assert df.loc[df["tag"] == "loss", "step"].astype(int).tolist() == list(range(1, 801))


def test_the_counted_note_is_kept_for_rounded_epochs_that_tie():
    """The other path's note (``_count_if_rounded``; tested on transformers' own print in test_siblings28) says the
    dicts are counted, and the two notes differ."""
    assert "count the training dicts" in HF_COUNTED_NOTE and HF_COUNTED_NOTE != HF_EPOCH_NOTE
