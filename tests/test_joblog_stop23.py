"""Printed logs the twenty-second blind labeller found misread (stop 23), each a kind:

- a finished tqdm bar with the epoch's line printed right after it, no line break between (``100%|####| 1568/1568
  [00:24<00:00, 63.84it/s]epoch   0 | train_loss: 12.43 | ...``, public weather-multihead): no point was read, and
  the "nothing read" note itself raised on the file's mmap (``mmap`` has no ``count`` before Python 3.13);
- ``Loss after 3 epochs: 0.020`` (public cs287-qretrieval): read as a series ``Loss_after`` holding the epoch
  numbers -- a loss that "rose" every epoch, called `diverged`;
- a ``*.txt`` log named like one (``log_train.txt``, nanoGPT's ``log_RoPE.txt``) was read when given as a file but
  skipped in silence inside a folder.

The bars are tqdm's own ``format_meter`` text; the losses come from tiny torch models really trained.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from tqdm import tqdm

from loganalyzer import discover, read_scalars

torch = pytest.importorskip("torch")


def _train(epochs: int, seed: int = 0) -> list[float]:
    torch.manual_seed(seed)
    x = torch.randn(256, 8)
    y = (x[:, :2].sum(1) > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    losses = []
    for _ in range(epochs):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def test_epoch_line_printed_right_after_a_finished_tqdm_bar(tmp_path):
    losses = _train(6)
    text = ""
    for epoch, loss in enumerate(losses):
        for n in (0, 700, 1568):  # the bar redrawn in place, then the epoch's line with no line break before it
            text += "\r" + tqdm.format_meter(n, 1568, elapsed=n / 64)
        text += f"epoch {epoch:3d} | train_loss: {loss:.5f} | test_loss: {loss * 1.1:.5f} | acc_day: 0.9\n"
    (tmp_path / "train.log").write_text(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # neither an internal error nor a "nothing read" line
        df = read_scalars(tmp_path, resolve=True)
    got = df[df.tag == "train_loss"].sort_values("step")
    assert got.step.tolist() == list(range(6))
    assert np.allclose(got.value, np.round(losses, 5))


def test_the_nothing_read_note_of_a_big_mmapped_log(tmp_path):
    bars = "".join("\r" + tqdm.format_meter(n, 100, elapsed=n) for n in range(100))
    (tmp_path / "job.out").write_text("starting\n" + bars * 300 + "\ndone\n")  # > 1 MiB: read through an mmap
    assert (tmp_path / "job.out").stat().st_size > 1 << 20
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert len(read_scalars(tmp_path)) == 0
    notes = [str(w.message) for w in caught]
    assert any("no training progress" in n for n in notes) and not any("internal error" in n for n in notes)


@pytest.mark.parametrize("form", ["Loss after {e} epochs: {v:.3f}", "Loss after epoch {e}: {v:.3f}",
                                  "loss at step {e}: {v:.3f}"])
def test_a_value_after_its_counter_is_the_value(tmp_path, form):
    losses = _train(8)
    (tmp_path / "output.log").write_text("".join(form.format(e=e, v=v) + "\n" for e, v in enumerate(losses, 1)))
    df = read_scalars(tmp_path, resolve=True)
    (tag,) = set(df.tag)
    assert tag.lower() == "loss"
    got = df.sort_values("step")
    assert got.step.tolist() == list(range(1, 9)) and np.allclose(got.value, np.round(losses, 3))


def test_a_txt_log_named_like_one_is_found_in_a_folder(tmp_path):
    losses = _train(30)
    (tmp_path / "log_RoPE.txt").write_text("".join(
        f"step {i}: train loss {v:.4f}, val loss {v * 1.05:.4f}\n" if i % 10 == 0 else f"iter {i}: loss {v:.4f}\n"
        for i, v in enumerate(losses)))
    (tmp_path / "requirements.txt").write_text("torch\nloss-landscapes\n")  # not a log, whatever it names
    (tmp_path / "notes.txt").write_text("Epoch 3 looked odd; loss spiked\n")  # not named like a log: not sniffed
    assert [r.id for r in discover(tmp_path)] == ["log_RoPE.txt"]
    df = read_scalars(tmp_path, resolve=True)
    assert len(df[df.tag == "loss"]) >= 27


def test_an_evaluations_own_step_is_no_series(tmp_path):
    """'eval step 50 | val_loss 1.5665' (the second blind generated set's printed char-LM log): the step of the
    evaluation, not a series 'eval_step' holding the step numbers."""
    losses = _train(60)
    lines = []
    for step, v in enumerate(losses, 1):
        lines.append(f"step {step} | loss {v:.4f} | lr 1.0e-03")
        if step % 20 == 0:
            lines.append(f"eval step {step} | val_loss {v * 1.1:.4f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df = read_scalars(tmp_path, resolve=True)
    assert sorted(set(df.tag)) == ["loss", "lr", "val_loss"]
    assert df[df.tag == "val_loss"].step.tolist() == [20, 40, 60]
