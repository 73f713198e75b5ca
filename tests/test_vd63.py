"""Verdict kinds of the sets opened at stop 63 (179-184), failing on the stop's start code, each with its guard.
The inputs are really trained tiny torch runs, printed the way the real script prints its log.

- A classifier that never left chance, its "test loss" printed on another scale: the PyTorch-example style log
  (``Train Epoch: 3 [0 (0%)]\\tLoss: 2.302`` and ``Test set: Average loss: 0.0002, Accuracy: 1025/10000 (10%)``) of
  the public lowprec182 8-bit VGG16 (training loss at ln 10 for 150 epochs after a first log of 5.37, test accuracy
  9.6-10.3%; its test "loss" on another scale, 0.0002 at every epoch),
  labelled `stalled` clearly, was `underfit` 0.6: the test "loss" was not at ln 10, so ``stuck_at_chance`` did not
  take it. Now `stalled` (``verdict_chance._other_scale``). Guard: the same log of a classifier that learned stays
  clear of `stalled`.
"""
from __future__ import annotations

import torch

from _runs import verdict

F = torch.nn.functional


def _noise_task(n: int, seed: int):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, 32, generator=g), torch.randint(0, 10, (n,), generator=g)


def _signal_task(n: int, seed: int):
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, 10, (n,), generator=g)
    centres = torch.randn(10, 32, generator=torch.Generator().manual_seed(99)) * 1.5
    return centres[y] + torch.randn(n, 32, generator=g), y


def _pytorch_example_log(path, task, epochs: int = 40) -> list[float]:
    """Train a linear 32 -> 10 softmax classifier with SGD (its first weights scaled x4: an inflated first loss, as the
    8-bit run's 5.37) and print the PyTorch MNIST example's lines, the test loss as lowprec182's script prints it:
    the batch means summed and divided by the test set's size (1,000-example batches), to 4 decimals. Returns the
    printed training losses."""
    torch.manual_seed(0)
    x, y = task(4000, 1)
    xt, yt = task(2000, 2)
    model = torch.nn.Linear(32, 10)
    with torch.no_grad():
        model.weight.mul_(4.0)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    losses, lines = [], ["INFO:root:Running experiment with args: Namespace(batch_size=250, num_classes=10)"]
    for epoch in range(1, epochs + 1):
        perm = torch.randperm(len(x))
        for b, i in enumerate(range(0, len(x), 250)):
            idx = perm[i:i + 250]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if b % 8 == 0:
                losses.append(loss.item())
                lines.append(f"INFO:root:Train Epoch: {epoch} [{i} ({100 * i // len(x)}%)]\tLoss: {loss.item():.6f}")
        with torch.no_grad():
            test_loss, correct = 0.0, 0
            for i in range(0, len(xt), 1000):
                out = model(xt[i:i + 1000])
                test_loss += F.cross_entropy(out, yt[i:i + 1000]).item()
                correct += int((out.argmax(1) == yt[i:i + 1000]).sum())
            test_loss /= len(xt)
        lines += ["INFO:root:", f"Test set: Average loss: {test_loss:.4f}, Accuracy: {correct}/{len(xt)} "
                                f"({100 * correct // len(xt)}%)", ""]
    path.write_text("\n".join(lines) + "\n")
    return losses


def test_chance_level_classifier_with_a_test_loss_on_another_scale_is_stalled(tmp_path):
    losses = _pytorch_example_log(tmp_path / "log_linear_noise", _noise_task)
    assert losses[0] > 3.0 and abs(sum(losses[-10:]) / 10 - 2.3026) < 0.05  # inflated first log, then ln 10
    s = verdict(tmp_path)
    assert s.verdict == "stalled", (s.verdict, s.summary)


def test_a_classifier_that_learned_in_the_same_log_is_not_stalled(tmp_path):
    losses = _pytorch_example_log(tmp_path / "log_linear_signal", _signal_task)
    assert sum(losses[-10:]) / 10 < 1.0
    s = verdict(tmp_path)
    assert s.verdict not in ("stalled", "underfit"), (s.verdict, s.summary)

