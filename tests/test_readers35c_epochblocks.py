"""readers35c: a printed log whose ``Epoch k/N`` header (with or without dashes under it) comes back before each
epoch's block of batch lines that carry no epoch and count their batches afresh (PyTorch's quickstart loop,
``loss: 0.538795  [  128/  384]``, ``Test Error:`` then ``Accuracy: 79.7%, Avg loss: 0.54``) was read as one run per
epoch block (8 epochs: 5 runs, the first 4 joined): the header was taken for a banner opening a new step-less
training (``_joblog_banners``). An epoch header whose number counts up is no banner; a training opens only where it
goes back (``Epoch 1/N`` again: an appended training stays a ``#N`` run). The quickstart's own ``Epoch k`` (no /N)
header was already one run; kept here as a guard.

Each log is printed here by a real tiny torch training in the shape of the quickstart loop's output (``Epoch 2`` over
31 dashes, ``loss: 2.160172  [   64/60000]``): find_string met ten committed copies of 2-20 epochs (``[   64/60000]``,
``[    0/ 2728]``, ``[  256/25000]`` counters), but the index named none of their repositories, so none is copied here.
Public logs of the neighbouring shapes, read the same before and after this change (one run per training):
CleanAITool/cleanai-v5 (0518cdad684f6519404e87a2840d18d0d699c231) test_scenarios/TS1_ResNet18_CIFAR10/TS1_Results.md
(two fine-tunings of ``Epoch k/10`` over dashes, ``Batch [50/391] Loss: ..``, ``Train Loss: .. | Train Acc: ..``:
2 runs); rachaelclose/CS4782-5782FinalDeliverable (5173901d8ec28b1abb9439f9952b37513a8c595d)
results/train_resnet110_log.md (2 runs).
"""
from __future__ import annotations

import pytest

from loganalyzer.discover import discover

torch = pytest.importorskip("torch")
F = torch.nn.functional

from test_readers20a import _read, _series  # noqa: E402  (the resolved view and warnings; a tag's points)


def _quickstart(epochs: int, seed: int, header: str = "Epoch {e}\n-------------------------------",
                batches: int = 12, every: int = 4) -> tuple[str, list, list]:
    """A linear classifier on blobs trained as PyTorch's quickstart prints it: (text, the printed batch losses,
    the (accuracy %, average loss) of each epoch's test)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(batches * 32 + 128, 6, generator=g)
    y = ((x[:, 0] + x[:, 1]) > 0).long()
    torch.manual_seed(seed)
    model = torch.nn.Linear(6, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    lines, losses, tests = [], [], []
    for e in range(1, epochs + 1):
        lines.append(header.format(e=e, n=epochs))
        for b in range(batches):
            loss = F.cross_entropy(model(x[b * 32:b * 32 + 32]), y[b * 32:b * 32 + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if (b + 1) % every == 0:
                lines.append(f"loss: {loss.item():>7f}  [{(b + 1) * 32:>5d}/{batches * 32:>5d}]")
                losses.append(round(float(f"{loss.item():>7f}"), 4))
        with torch.no_grad():
            out = model(x[-128:])
            acc = round(100 * (out.argmax(1) == y[-128:]).float().mean().item(), 1)
            avg = round(float(f"{F.cross_entropy(out, y[-128:]).item():>8f}"), 4)
        lines.append(f"Test Error: \n Accuracy: {acc:>0.1f}%, Avg loss: {F.cross_entropy(out, y[-128:]).item():>8f} \n")
        tests.append((acc, avg))
    return "\n".join(lines) + "\nDone!\n", losses, tests


@pytest.mark.parametrize("header", ["Epoch {e}\n-------------------------------", "Epoch {e}/{n}\n----------",
                                    "Epoch {e}/{n}"])
def test_epoch_headers_over_restarting_batch_counters_are_one_run(tmp_path, header):
    text, losses, tests = _quickstart(8, seed=0, header=header)
    (tmp_path / "train.log").write_text(text)
    assert [r.id for r in discover(str(tmp_path))] == ["train.log"]  # was 5 runs (the first 4 epochs joined)
    df, _ = _read(tmp_path)
    assert _series(df, "loss")[1] == losses
    assert _series(df, "test_Avg_loss")[1] == [avg for _, avg in tests]
    assert _series(df, "test_Accuracy")[1] == [acc for acc, _ in tests]


def test_a_second_training_from_epoch_1_stays_its_own_run(tmp_path):
    first, losses1, _ = _quickstart(6, seed=0)
    second, losses2, _ = _quickstart(6, seed=1)  # fresh weights: its loss back near its start at 'Epoch 1'
    (tmp_path / "train.log").write_text(first + second)
    runs = discover(str(tmp_path))
    assert [r.id for r in runs] == ["train.log#1", "train.log#2"]
    df, _ = _read(tmp_path)
    assert sorted(df["dir"].unique()) == ["train.log#1", "train.log#2"]
    assert _series(df[df["dir"] == "train.log#1"], "loss")[1] == losses1
    assert _series(df[df["dir"] == "train.log#2"], "loss")[1] == losses2


def test_a_banner_naming_no_epoch_still_opens_trainings(tmp_path):
    """The banner rule itself is kept: ``intento con batch size : N`` before each training (PabloC-c/Tesis)."""
    parts = [_quickstart(3, seed=s, header="Epoch {e}\n-----", every=12)[0] for s in range(3)]
    text = "".join(f"intento con batch size : {16 << k}\n" + p.replace("Done!\n", "") for k, p in enumerate(parts))
    (tmp_path / "train.log").write_text(text)
    assert len(discover(str(tmp_path))) == 3
