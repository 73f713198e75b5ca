"""Printed-log reader faults named by the labellers of set 105 (stop 49), each fixed as a kind; each test writes a log
the way its script printed it (a tiny torch training printing per epoch, or the script's own print format) and
fails on the stop's start code; the guards keep the other side of each rule.

- toxic105: a last line without its newline, a float printed in full (``repr``, 16 or 17 digits), dropped as cut;
- carcls105: a caret-notation escape glued to ``Epoch 29/50`` (``^[qGEpoch``) made a series ``qGEpoch``;
- mchc105: ``Step N: Val Loss x | LR: y`` read the learning rate as ``val_LR``;
- vitmma105: the ``Config: {..}`` dict read as one-point series, the final test report as one-point training series;
- mipunet105: ``Patch number: N / TOTAL, Train loss: x`` read as a series ``Patch_number`` and ten runs;
- sulthesis105: ``{'Epoch': k, 'Loss': .., 'Accuracy': ..}`` per epoch unread (the iteration lines' mean instead).
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from _runs import blobs, mlp, read_resolved, series_by_step, train_epoch


def _epochs(n: int, seed: int = 0, lr: float = 3e-3):
    """(train loss, val loss, val accuracy, lr) per epoch of a tiny MLP trained for real on blobs."""
    torch.manual_seed(seed)
    x, y = blobs(240, seed=1, k=3, noise=0.1)
    xv, yv = blobs(120, seed=2, k=3, noise=0.1)
    model = mlp(8, 32, 3)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, n)
    out = []
    for _ in range(n):
        train = train_epoch(model, opt, x, y, 32)
        with torch.no_grad():
            logits = model(xv)
            val = F.cross_entropy(logits, yv).item()
            acc = (logits.argmax(1) == yv).float().mean().item()
        out.append((train, val, acc, opt.param_groups[0]["lr"]))
        sched.step()
    return out


# ---------------------------------------------------------------- toxic105: a complete last line without newline

def _toxic_log(path, cut: str | None = None):
    """The toxic105 script's ``print(f'Epoch {e}/{n}')`` / ``'-' * 10`` / ``print('Train loss', loss)`` /
    ``print('Val   loss', val)`` (Python's str of a float: full precision), saved without the final newline."""
    lines = []
    rows = _epochs(6)
    for e, (train, val, _, _) in enumerate(rows, 1):
        lines += [f"Epoch {e}/{len(rows)}", "-" * 10, f"Train loss {train}", f"Val   loss {val}", ""]
    text = "\n".join(lines).rstrip("\n")
    if cut is not None:
        text = text[:text.rfind("Val   loss")] + cut
    path.write_text(text)
    return rows


def test_full_precision_last_line_without_newline_is_read(tmp_path):
    f = tmp_path / "train_logs.txt"
    rows = _toxic_log(f)
    last = repr(rows[-1][1])
    prev = repr(rows[-2][1])
    assert len(last.replace(".", "").lstrip("0")) >= 15 and len(prev.replace(".", "").lstrip("0")) >= 15
    df, notes = read_resolved(f)
    steps, values = series_by_step(df, "Val_loss")
    assert steps == [1, 2, 3, 4, 5, 6]
    assert math.isclose(values[-1], rows[-1][1])
    assert not any("cut short" in n for n in notes)


def test_cut_last_line_stays_dropped(tmp_path):
    """Guard: the same log killed mid-number ('Val   loss 0.1394') keeps its last line unread, one warning."""
    f = tmp_path / "train_logs.txt"
    _toxic_log(f, cut="Val   loss 0.1394")
    df, notes = read_resolved(f)
    steps, _ = series_by_step(df, "Val_loss")
    assert steps == [1, 2, 3, 4, 5]
    assert sum("cut short" in n for n in notes) == 1


# ---------------------------------------------------------------- carcls105: terminal codes glued to a line

def test_caret_escapes_are_no_part_of_a_name(tmp_path):
    """A terminal session saved as text: cursor moves in caret notation wrapped over lines, an ESC and two keys
    typed in a pager (``^[qG``) before one epoch's line, a ``[2K`` whose ESC byte was lost before another."""
    rows = _epochs(8)
    lines = []
    for e, (train, val, acc, _) in enumerate(rows, 1):
        line = f"Epoch {e}/8 | Train Loss: {train:.4f} Acc: {acc:.4f} | Val Loss: {val:.4f} Acc: {acc:.4f}"
        if e == 5:
            lines += ["^[[A" * 20 + "^[[B^[", "[B^[[B^[qG" + line]
        elif e == 7:
            lines.append("[2K" + line)
        else:
            lines.append(line)
    f = tmp_path / "training_logs.txt"
    f.write_text("\n".join(lines) + "\n")
    df, _ = read_resolved(f)
    tags = set(df.tag.astype(str))
    assert not any("Epoch" in t or t.startswith(("qG", "B", "2K")) for t in tags), tags
    steps, values = series_by_step(df, "val_loss")
    assert steps == list(range(1, 9))
    assert math.isclose(values[4], round(rows[4][1], 4))


def test_bracketed_words_keep_their_names(tmp_path):
    """Guard: a bracket opening a word ('[Adam] ...', '[AUC] 0.71') is no escape remnant."""
    f = tmp_path / "log.txt"
    rows = _epochs(4)
    f.write_text("".join(f"[Adam] epoch {e} loss {tr:.4f} AUC {acc:.4f}\n" for e, (tr, _, acc, _) in enumerate(rows, 1)))
    df, _ = read_resolved(f)
    assert "AUC" in set(df.tag.astype(str))


# ---------------------------------------------------------------- mchc105: a learning rate is no validation series

def test_lr_on_a_validation_line_is_the_learning_rate(tmp_path):
    """mchc105's ``print(f"Step {step}: Val Loss {val:.4f} | LR: {lr:.2e}")`` every 100 steps."""
    rows = _epochs(6)
    f = tmp_path / "train_logs.txt"
    f.write_text("Starting training...\n" + "".join(f"Step {i * 100}: Val Loss {val:.4f} | LR: {lr:.2e}\n"
                                                   for i, (_, val, _, lr) in enumerate(rows)))
    df, _ = read_resolved(f)
    tags = set(df.tag.astype(str))
    assert not any(t.lower().startswith("val") and "lr" in t.lower() for t in tags), tags
    steps, values = series_by_step(df, "LR")
    assert steps == [0, 100, 200, 300, 400, 500]
    assert math.isclose(values[1], float(f"{rows[1][3]:.2e}"))


# ---------------------------------------------------------------- vitmma105: a config dict, the final test report

def _vitmma_log(path, test_block: bool = True):
    rows = _epochs(5)
    stamp = "2025-12-14 08:14:44 | INFO     | "
    lines = [stamp + "Model: seq_lstm",
             stamp + "Config: {'input_size': 4, 'hidden_size': 128, 'num_layers': 2, 'dropout': 0.2, "
                     "'bidirectional': False, 'learning_rate': 0.001, 'batch_size': 16, 'epochs': 5, "
                     "'scheduler': 'cosine', 'focal_loss': False, 'focal_gamma': 2.0}",
             stamp + "=" * 60, stamp + "TRAINING STARTED", stamp + "=" * 60]
    for e, (train, val, acc, lr) in enumerate(rows, 1):
        lines.append(stamp + f"Epoch {e:3d}/5 | Train Loss: {train:.4f} Acc: {acc:.4f} | Val Loss: {val:.4f} "
                             f"Acc: {acc:.4f} F1: {acc / 2:.4f} | LR: {lr:.2e}")
    if test_block:
        lines += [stamp + "=" * 60, stamp + "EVALUATING BEST MODEL ON TEST SET", stamp + "=" * 60, stamp,
                  "Test Loss: 1.4278", stamp + "Test Accuracy: 0.4662", stamp + "=" * 60,
                  "SEQUENCE LABELING METRICS", "=" * 60, "", "Standard Metrics:", "  Accuracy:         0.4662",
                  "  F1 (macro):       0.2897", "", "Pattern Detection Metrics:", "  Boundary Acc:     0.2176", "",
                  "Per-Class F1:", "  None                : 0.6293", "  Bearish Wedge       : 0.0738", "=" * 60,
                  stamp + "TRAINING COMPLETE"]
    path.write_text("\n".join(lines) + "\n")
    return rows


def test_config_dict_is_no_series_and_final_test_report_is_a_test_result(tmp_path):
    f = tmp_path / "train_seq_lstm.log"
    _vitmma_log(f)
    df, _ = read_resolved(f)
    tags = set(df.tag.astype(str))
    assert not tags & {"input_size", "hidden_size", "learning_rate", "focal_gamma", "batch_size"}, tags
    assert not tags & {"Accuracy", "Test_Loss", "Boundary_Acc", "test_None"}, tags
    assert series_by_step(df, "test_Loss") == ([5], [1.4278])
    assert series_by_step(df, "test_Accuracy") == ([5], [0.4662])
    assert series_by_step(df, "test_Boundary_Acc") == ([5], [0.2176])
    assert series_by_step(df, "train_loss")[0] == [1, 2, 3, 4, 5]


def test_hf_dict_records_still_read(tmp_path):
    """Guard: HF Trainer's printed record dicts (numbers only) stay read; a dict with a flag is a config."""
    f = tmp_path / "train.out"
    f.write_text("{'use_cache': True, 'loss_type': 'ce', 'hidden': 16}\n"
                 + "".join(f"{{'loss': {1.0 / k:.4f}, 'learning_rate': 5e-05, 'epoch': {k / 4}}}\n" for k in range(1, 9)))
    df, _ = read_resolved(f)
    assert len(series_by_step(df, "loss")[0]) == 8
    assert "hidden" not in set(df.tag.astype(str))


# ---------------------------------------------------------------- mipunet105: 'N / TOTAL' is a position

def test_item_counter_with_total_is_the_step_within_an_epoch(tmp_path):
    """mipunet105's ``print(f"Patch number: {i} / {len(loader)}, Train loss: {loss:.6f}")`` every 10 patches, the
    epoch's validation after it; 3 epochs, no epoch counter printed."""
    torch.manual_seed(0)
    x, y = blobs(400, seed=1, k=3, noise=0.1)
    model = mlp(8, 16, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    lines = []
    for _ in range(3):
        for i in range(len(x)):
            loss = F.cross_entropy(model(x[i:i + 1]), y[i:i + 1])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if i % 10 == 9:
                lines.append(f"Patch number: {i} / {len(x)}, Train loss: {loss.item():.6f}")
        with torch.no_grad():
            acc = (model(x).argmax(1) == y).float().mean().item()
        lines.append(f"avg_dice_scores: {acc}")
    f = tmp_path / "train_logs.txt"
    f.write_text("\n".join(lines) + "\n")
    df, _ = read_resolved(f)
    assert "Patch_number" not in set(df.tag.astype(str))
    assert set(df.dir) == {"train_logs.txt"}  # one run
    steps, _ = series_by_step(df, "Train_loss")
    assert len(steps) == 120 and steps[0] == 9 and steps[40] == 400 + 9 and steps[-1] == 2 * 400 + 399
    assert series_by_step(df, "avg_dice_scores")[0] == [399, 799, 1199]


def test_counter_cut_mid_epoch_is_no_epoch(tmp_path):
    """Guard: a count going back before its epoch's end (a relaunch) is not read as the next epoch."""
    lines = [f"Patch number: {i} / 400, Train loss: {1 / (i + 1):.6f}" for i in range(9, 200, 10)]
    lines += [f"Patch number: {i} / 400, Train loss: {1 / (i + 1):.6f}" for i in range(9, 400, 10)]
    f = tmp_path / "train_logs.txt"
    f.write_text("\n".join(lines) + "\n")
    df, _ = read_resolved(f)
    assert df.step.max() < 400


# ---------------------------------------------------------------- sulthesis105: a per-epoch dict naming Epoch

def test_epoch_dicts_are_the_epochs_points(tmp_path):
    """sulthesis105's iteration lines, then ``print({'Epoch': epoch, 'Loss': loss, 'Accuracy': acc})``."""
    torch.manual_seed(0)
    x, y = blobs(160, seed=1, k=3, noise=0.1)
    model = mlp(8, 16, 3)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    lines, epoch_losses = [], []
    for epoch in range(1, 6):
        total, correct, seen = 0.0, 0, 0
        for it in range(1, 6):
            idx = torch.randint(0, len(x), (32,))
            out = model(x[idx])
            loss = F.cross_entropy(out, y[idx]) * (1000 if it == 1 else 1)  # a wild first batch, as theirs
            opt.zero_grad()
            loss.backward()
            opt.step()
            total, seen = loss.item(), seen + 32
            correct += (out.argmax(1) == y[idx]).sum().item()
            lines.append(f"| Epoch [{epoch:3d}/  5] Iter[{it:3d}/  5]\t\tLoss: {total:.4f} Acc@1: "
                         f"{100 * correct / seen:.3f}%")
        lines.append(str({"Epoch": epoch, "Loss": total, "Accuracy": 100 * correct / seen}))
        epoch_losses.append(total)
        lines.append(f"| Validation Epoch #{epoch}\t\t\tLoss: {total * 1.1:.4f} Acc@1: 60.00%")
    f = tmp_path / "train_logs.txt"
    f.write_text("\n".join(lines) + "\n")
    df, _ = read_resolved(f)
    steps, values = series_by_step(df, "Loss")
    assert steps == [1, 2, 3, 4, 5]
    assert all(math.isclose(a, b) for a, b in zip(values, epoch_losses)), (values, epoch_losses)
    assert series_by_step(df, "Accuracy")[0] == [1, 2, 3, 4, 5]


# ---------------------------------------------------------------- breaker (stop 49): the readers' regressions

def test_test_header_printed_every_epoch_is_no_final_block(tmp_path):
    """A breaker's ``print('Evaluating on test set...')`` before each epoch's ``Test loss`` / ``Test accuracy``: the
    last epoch's evaluation stays on the curve (its NaN included), no one-point test_loss."""
    rows = _epochs(6)
    lines = []
    for e, (train, val, acc, _) in enumerate(rows, 1):
        lines += [f"Epoch {e}/6 - train loss: {train:.4f}", "Evaluating on test set...",
                  f"Test loss: {val if e < 6 else float('nan'):.4f}", f"Test accuracy: {acc:.4f}"]
    f = tmp_path / "train.log"
    f.write_text("\n".join(lines) + "\n")
    df, _ = read_resolved(f)
    assert "test_loss" not in set(df.tag.astype(str))
    steps, values = series_by_step(df, "Test_loss")
    assert steps == [1, 2, 3, 4, 5, 6] and math.isnan(values[-1])


def test_epoch_dict_with_a_flag_is_a_record(tmp_path):
    """A breaker's checkpoint-on-best script: ``print({'epoch': e, 'train_loss': .., 'val_loss': .., 'val_acc': ..,
    'is_best': is_best})`` each epoch is the run's record (a flag alone makes no config); a settings dict after
    ``Run settings ->`` is none."""
    rows = _epochs(6)
    best, lines = float("inf"), ["Run settings -> {'epoch': 6, 'lr': 0.003, 'loss': 'ce', 'amp': False}"]
    for e, (train, val, acc, _) in enumerate(rows, 1):
        lines.append(str({"epoch": e, "train_loss": round(train, 4), "val_loss": round(val, 4),
                          "val_acc": round(acc, 4), "is_best": val < best}))
        best = min(best, val)
    f = tmp_path / "train.log"
    f.write_text("\n".join(lines) + "\n")
    df, _ = read_resolved(f)
    assert series_by_step(df, "val_loss")[0] == [1, 2, 3, 4, 5, 6]
    assert series_by_step(df, "train_loss")[0] == [1, 2, 3, 4, 5, 6]
    assert "lr" not in set(df.tag.astype(str)) and set(df.dir) == {"train.log"}


def test_last_line_cut_in_its_exponent_is_cut(tmp_path):
    """A breaker's job printing ``val_loss {val}`` (repr: ``4.9288730878645054e-05``) killed mid-write inside or
    before the last number's exponent: the last line is dropped (it was read as 4.72 for 4.7e-05); whole, it is read."""
    rows = [(t * 1e-4, v * 1e-4) for t, v, _, _ in _epochs(8)]
    text = "\n".join(f"epoch {e:3d} | train_loss {t:.3e} | val_loss {v!r}" for e, (t, v) in enumerate(rows, 1))
    assert text.endswith("e-05")
    for cut, steps in ((text[:-1], 7), (text[:-3], 7), (text[:-4], 7), (text, 8)):
        f = tmp_path / "train.log"
        f.write_text(cut)
        df, notes = read_resolved(f)
        got, values = series_by_step(df, "val_loss")
        assert got == list(range(1, steps + 1)), (cut[-30:], got)
        assert max(values) < 1e-3


def _patch_epochs(epochs: int, stop: int, total: int = 400, seed: int = 0) -> list:
    """mipunet105's patch loop trained for real (one patch a step, printed every 10), broken off after ``stop``
    patches each epoch (``if i >= stop: break``), each epoch's score after it."""
    torch.manual_seed(seed)
    x, y = blobs(total, seed=1, k=3, noise=0.1)
    model = mlp(8, 16, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    lines = []
    for _ in range(epochs):
        for i in range(total):
            if i >= stop:
                break
            loss = F.cross_entropy(model(x[i:i + 1]), y[i:i + 1])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if i % 10 == 9:
                lines.append(f"Patch number: {i} / {total}, Train loss: {loss.item():.6f}")
        with torch.no_grad():
            lines.append(f"avg_dice_scores: {(model(x).argmax(1) == y).float().mean().item()}")
    return lines


def test_item_counter_broken_off_and_relaunched(tmp_path):
    """A breaker's early ``break`` (the count never reaches TOTAL) is still one training; two such trainings appended
    to one log (the loss back at its first level) are two runs."""
    f = tmp_path / "train_logs.txt"
    f.write_text("\n".join(_patch_epochs(4, 200)) + "\n")
    df, _ = read_resolved(f)
    assert set(df.dir) == {"train_logs.txt"}
    assert series_by_step(df, "avg_dice_scores")[0] == [199, 599, 999, 1399]
    f.write_text("\n".join(_patch_epochs(3, 400) + _patch_epochs(3, 400)) + "\n")
    df, _ = read_resolved(f)
    assert len(set(df.dir)) == 2
    assert all(len(df[(df.dir == d) & (df.tag == "Train_loss")]) == 120 for d in set(df.dir))


def test_item_lines_after_the_epochs_keep_the_epochs(tmp_path):
    """A breaker's ``Epoch e/n: train_loss=.., val_loss=..`` then ``Image i / 10, loss: .., dice: ..`` per test
    image: the epochs stay epochs 1..n."""
    rows = _epochs(8)
    lines = [f"Epoch {e}/8: train_loss={t:.4f}, val_loss={v:.4f}" for e, (t, v, _, _) in enumerate(rows, 1)]
    lines.append("Training done. Predicting test images...")
    lines += [f"Image {i} / 10, loss: {rows[-1][1] + i / 100:.4f}, dice: {0.8 - i / 100:.4f}" for i in range(1, 11)]
    f = tmp_path / "train.log"
    f.write_text("\n".join(lines) + "\n")
    df, _ = read_resolved(f)
    assert series_by_step(df, "train_loss")[0] == list(range(1, 9))
    assert series_by_step(df, "val_loss")[0] == list(range(1, 9))


def test_validation_dict_is_validations(tmp_path):
    """A breaker's ``Epoch [e/n] Iter [k/20] Loss: ..`` lines, then ``print('Validation:', {'Epoch': e, 'Loss': ..,
    'Accuracy': ..})``: the dict is validation's (val_Loss), the iteration losses stay the training ``Loss``; a
    capitalised ``'Step'`` key is no series."""
    torch.manual_seed(0)
    x, y = blobs(160, seed=1, k=3, noise=0.1)
    xv, yv = blobs(80, seed=2, k=3, noise=0.1)
    model = mlp(8, 16, 3)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    lines, records = [], []
    for epoch in range(1, 5):
        for it in range(1, 21):
            idx = torch.randint(0, len(x), (16,))
            loss = F.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if it % 5 == 0:
                lines.append(f"Epoch [{epoch}/4] Iter [{it}/20] Loss: {loss.item():.4f}")
        with torch.no_grad():
            val = F.cross_entropy(model(xv), yv).item()
        lines.append(f"Validation: {dict(Epoch=epoch, Loss=val, Accuracy=60 + epoch)}")
        records.append(str(dict(Epoch=epoch, Step=20 * epoch, Loss=round(loss.item(), 4))))
    f = tmp_path / "train.log"
    f.write_text("\n".join(lines) + "\n")
    df, _ = read_resolved(f)
    assert len(series_by_step(df, "Loss")[0]) == 16
    assert len(series_by_step(df, "val_Loss")[0]) == 4
    f.write_text("\n".join(records) + "\n")
    df, _ = read_resolved(f)
    assert "Step" not in set(df.tag.astype(str)) and len(series_by_step(df, "Loss")[0]) == 4


def test_training_summary_after_test_report_is_no_test_metric(tmp_path):
    """A breaker's final ``EVALUATING BEST MODEL ON TEST SET`` report followed by ``Training summary:`` /
    ``Best Val Loss: ..`` / ``Final Train Loss: ..``: those are no test metrics."""
    rows = _epochs(5)
    lines = [f"Epoch {e}/5 | Train Loss: {t:.4f} | Val Loss: {v:.4f}" for e, (t, v, _, _) in enumerate(rows, 1)]
    lines += ["=" * 40, "EVALUATING BEST MODEL ON TEST SET", "=" * 40, f"Test Loss: {rows[-1][1]:.4f}",
              "Test Accuracy: 0.8712", "=" * 40, "Training summary:", f"Best Val Loss: {min(r[1] for r in rows):.4f}",
              f"Final Train Loss: {rows[-1][0]:.4f}"]
    f = tmp_path / "train.log"
    f.write_text("\n".join(lines) + "\n")
    df, _ = read_resolved(f)
    tags = set(df.tag.astype(str))
    assert {"test_Loss", "test_Accuracy"} <= tags and not {"test_Best_Val_Loss", "test_Final_Train_Loss"} & tags, tags
