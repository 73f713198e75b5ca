"""readers36b: printed-log faults on the opened blind sets 58/60.

- An epoch header alone on a line (``Epoch 1/20``, ``【1/25】``) over the epoch's step-less ``name: value`` lines:
  one run, each line at the header's epoch (public hierbert58 training_logs.txt: ordinals 1, 4, 7... for steps;
  vqacomp58 train.log: 25 runs of one point). A per-category table after the last epoch is a report, not a curve.
- emnist58 training_logs.txt (a PyTorch EMNIST script): ``Train Set: Mean loss: 1.6013, Train Accuracy:
  389233/697932 (55.8%)`` -- the loader's mmap made the cut-last-line warning an internal error (nothing read), the
  accuracy was the count, and the final ``Test Set`` line without newline was dropped as cut (the Train Set line of
  the same shape before it has other names).

Each log text is printed here by a real tiny torch training in the script's own print format.
"""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

from test_readers20a import _read, _series  # noqa: E402


def _train(epochs: int, seed: int = 0):
    """(train loss, val loss, train acc, val acc) of each epoch of a tiny classifier on blobs."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(256, 6, generator=g)
    y = ((x[:, 0] + x[:, 1]) > 0).long()
    torch.manual_seed(seed)
    model = torch.nn.Linear(6, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(epochs):
        loss = F.cross_entropy(model(x[:192]), y[:192])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            tr, va = model(x[:192]), model(x[192:])
            yield (F.cross_entropy(tr, y[:192]).item(), F.cross_entropy(va, y[192:]).item(),
                   (tr.argmax(1) == y[:192]).sum().item(), (va.argmax(1) == y[192:]).sum().item())


def test_epoch_header_lines_one_run_at_the_epoch(tmp_path):
    """hierbert58's shape: ``Epoch k/N``, tqdm bars, then the epoch's losses; a final per-category table."""
    lines, losses = [], []
    for e, (tl, vl, ta, va) in enumerate(_train(6), 1):
        lines += [f"Epoch {e}/6", "Training: 100%|██████████| 12/12 [00:03<00:00,  3.9it/s]",
                  "Validating: 100%|██████████| 4/4 [00:00<00:00,  9.1it/s]",
                  f"Train Loss: {tl:.4f}, Val Loss: {vl:.4f}",
                  f"Cat1 Loss: {tl / 2:.4f}, Cat2 Loss: {tl / 3:.4f}",
                  f"Train Accuracies: Cat1: {100 * ta / 192:.2f}%", f"Val Accuracies: Cat1: {100 * va / 64:.2f}%"]
        losses.append(round(tl, 4))
    lines += ["", f"Validation Loss: {vl:.4f}", "", "Category 1:", f"  Accuracy: {100 * va / 64:.2f}%",
              "  F1 Score: 0.9", "", "Category 2:", "  Accuracy: 80.00%", "  F1 Score: 0.8", ""]
    (tmp_path / "training_logs.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, warned = _read(tmp_path)
    assert df.dir.nunique() == 1
    assert _series(df, "Train_Loss") == ([1, 2, 3, 4, 5, 6], losses)
    assert _series(df, "Val_Loss")[0] == [1, 2, 3, 4, 5, 6]
    assert any("final per-class" in w for w in warned)


def test_bracketed_epoch_header_one_run(tmp_path):
    """vqacomp58's shape: ``【k/N】`` (no epoch word), then ``train loss: ..`` lines: one run, not N."""
    lines, losses = ["nohup: 入力を無視します"], []
    for e, (tl, _, ta, _) in enumerate(_train(5, seed=1), 1):
        lines += [f"【{e}/5】", f"train time: {100 + e:.2f} [s]", f"train loss: {tl:.4f}",
                  f"train acc: {ta / 192:.4f}", f"train simple acc: {ta / 192 - 0.1:.4f}"]
        losses.append(round(tl, 4))
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, _ = _read(tmp_path)
    assert df.dir.nunique() == 1
    assert _series(df, "train_loss") == ([1, 2, 3, 4, 5], losses)


def test_emnist_set_lines_share_and_last_line(tmp_path):
    """emnist58's shape: tqdm batch bars (CRLF), then ``Epoch:N``, ``Train Set: ..`` / ``Test Set : ..`` per epoch, the last
    ``Test Set`` line without its newline."""
    lines, train, test, acc = [], [], [], []
    for e, (tl, vl, ta, va) in enumerate(_train(4, seed=2)):
        for b in range(3):
            lines += ["", "", f"Epoch={e} | Batch_id={b} | Loss={tl:.6f}:   {b * 30}%|███       | {b}/3 [00:00<?, ?it/s]"]
        lines += [f"Epoch:{e}", f"Train Set: Mean loss: {tl:.4f}, Train Accuracy: {ta}/192 ({100. * ta / 192:.1f}%)", "", "",
                  "  0%|          | 0/3 [00:00<?, ?it/s]",
                  f"Test Set : Mean loss: {vl:.4f}, Test Accuracy : {va}/64 ({100. * va / 64:.1f}%)", ""]
        train.append(round(tl, 4))
        test.append(round(vl, 4))
        acc.append(round(100. * va / 64, 1))
    text = "\r\n".join(lines).rstrip()
    path = tmp_path / "training_logs.txt"
    path.write_bytes(text.encode())
    df, warned = _read(tmp_path)
    assert not any("internal error" in w or "cut short" in w for w in warned), warned
    assert _series(df, "Mean_loss") == ([0, 1, 2, 3], train)
    assert _series(df, "test_Mean_loss") == ([0, 1, 2, 3], test)
    assert _series(df, "Test_Accuracy") == ([0, 1, 2, 3], acc)
