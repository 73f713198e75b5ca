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
    # since stop 39 the bars are read (Loss at epoch x 3 + batch): each epoch's summary sits at its last batch
    assert _series(df, "Loss")[0] == list(range(12))
    assert _series(df, "Mean_loss") == ([2, 5, 8, 11], train)
    assert _series(df, "test_Mean_loss") == ([2, 5, 8, 11], test)
    assert _series(df, "test_accuracy") == ([2, 5, 8, 11], acc)  # (stop 41: standard names)


def test_accuracy_after_val_loss_is_validation(tmp_path):
    """videoaction58's shape: ``train loss: .., val loss: .., accuracy: ..`` -- the accuracy is validation's."""
    lines, accs = [], []
    for e, (tl, vl, _, va) in enumerate(_train(4, seed=3), 1):
        lines += [f"Epoch {e}", f"train loss: {tl:.6f}, val loss: {vl:.6f}, accuracy: {100 * va / 64:.2f}"]
        accs.append(round(100 * va / 64, 2))
    (tmp_path / "training_logs.txt").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"train_loss", "val_loss", "val_accuracy"}
    assert _series(df, "val_accuracy")[1] == accs


def _bar(n: int) -> str:
    return f"{n}/{n} [==============================]"


def test_keras_last_epoch_line_without_newline(tmp_path):
    """rratdr58's shape: Keras ``ETA: 0s`` line, the checkpoint's message, the epoch-end line; the file ends with the
    last epoch-end line and no newline (its keys differ from the ETA line's just before it): the last epoch is read."""
    lines, vals = [], []
    for e, (tl, vl, ta, va) in enumerate(_train(3, seed=4), 1):
        lines += [f"Epoch {e}/3", f"{_bar(12)} - ETA: 0s - loss: {tl:.4f} - accuracy: {ta / 192:.4f}   ",
                  f"Epoch {e}: val_loss did not improve from 0.85916",
                  f"{_bar(12)} - 11s 1s/step - loss: {tl:.4f} - accuracy: {ta / 192:.4f} - val_loss: {vl:.4f} "
                  f"- val_accuracy: {va / 64:.4f} - lr: {1e-3 / e:.4e}"]
        vals.append(round(vl, 4))
    (tmp_path / "training_logs.txt").write_text("\n".join(lines))
    df, warned = _read(tmp_path)
    assert not any("cut short" in w for w in warned), warned
    assert _series(df, "val_loss") == ([1, 2, 3], vals)


def test_fold_bar_redrawn_per_micro_batch_one_run_per_fold(tmp_path):
    """spineseg58's shape: ``[fold_k] 001/200:  25%|..| 1/4 [.., loss=3.9669]`` redrawn with a new loss at one counter
    (its postfix set per micro-batch), each redraw on its own line; 2 folds -> 2 runs (each had split in two)."""
    lines = []
    for fold in range(2):
        lines += ["=" * 30, f"  FOLD {fold}  —  val: case_{fold}", "=" * 30]
        loss = 4.0 + fold / 10
        for e in range(1, 4):
            for b in range(5):
                done = min(b, 4)
                for _ in range(3):
                    loss *= 0.99
                    lines.append(f"[fold_{fold}] {e:03d}/003: {25 * done:3d}%|█     | {done}/4 "
                                 f"[00:{b:02d}<00:02,  2.95s/it, loss={loss:.4f}]")
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, _ = _read(tmp_path)
    assert df.dir.nunique() == 2, sorted(set(df.dir))


def test_nematus_update_cost_lines(tmp_path):
    """aman60's shape (Nematus/AMAN ``nmt.py``): ``Epoch 0 Update 100 Cost 528.11 PD .. UD ..`` every dispFreq
    updates (the training cost at update N), ``validation loss: .., validation perp: ..`` every validFreq."""
    lines, costs = [], []
    update = 0
    for e, (tl, vl, _, _) in enumerate(_train(6, seed=5)):
        for _ in range(2):
            update += 100
            lines.append(f"Epoch {e // 3} Update {update} Cost {100 * tl:.9f} PD 0.325823068619 UD 5.17092990875")
            costs.append(round(100 * tl, 4))
        lines += ["validation use time: 69.219109", f"validation loss: {100 * vl:.6f}, validation perp: 383.267653"]
    (tmp_path / "composition_log.txt").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert _series(df, "cost") == (list(range(100, 1300, 100)), costs)
    assert _series(df, "validation_loss")[0] == list(range(200, 1300, 200))


def test_final_per_class_iou_table_left_out(tmp_path):
    """houstondet60's shape (the MIT ADE20K baseline's train.py): ``[stamp] iter <image>, loss: .., accuracy: ..``
    per image, then ``class [k], IoU: x`` for every class: the table is no series continuing the iterations."""
    lines, losses = [], []
    for i, (tl, _, ta, _) in enumerate(_train(8, seed=6)):
        lines.append(f"[2018-01-11 17:52:{i:02d}] iter training/ADE_train_{i:08d}.jpg, loss: {tl:.12f}, "
                     f"accuracy: {ta / 192:.12f}")
        losses.append(round(tl, 4))
    lines += [f"class [{k}], IoU: {0.9 - k / 20:.12f}" for k in range(6)]
    (tmp_path / "mitbaseline_train.log").write_text("\n".join(lines) + "\n")
    df, warned = _read(tmp_path)
    assert set(df.tag) == {"loss", "accuracy"}
    assert _series(df, "loss") == (list(range(1, 9)), losses)
    assert any("per-class table of 6 rows" in w for w in warned)
