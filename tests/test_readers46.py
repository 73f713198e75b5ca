"""Stop 46's reader kinds, from the opened sets 92-95 (each test fails on the stop's start code):

- an epoch header decorated after its count, ``*** Epoch 1/50 ***``, over ``Train: loss=.., acc=..`` and
  ``  Val: loss=.., acc=..`` lines (cifar10hm94): a CSV sniffer took the file for a comma table, read nothing;
- a value named for its counter, ``Loss for Iter 51: 0.398579, acc = 0.260000`` with ``Test loss for epoch 0:
  0.219824, Acc = 0.610300`` (sigmawrn92): no line was read;
- fastai's CSVLogger appended to by one Learner's repeated ``fit_one_cycle`` calls (cmrseg93: 20 calls of 10 epochs),
  the epoch back at 0 at every call while the losses go on: the calls whose validation metrics wander in their
  plateau's noise were each taken for a new run.
The logs are printed/written by tiny torch trainings, as the scripts behind them print.
"""
from __future__ import annotations

import torch

from loganalyzer import discover, read_scalars
from loganalyzer.scan import scan


def _classifier(epochs: int, seed: int = 0, noise: float = 0.0):
    """Per epoch (train loss, train acc, val loss, val acc) of a tiny 3-class MLP trained for real."""
    torch.manual_seed(seed)
    x = torch.randn(600, 8)
    y = ((x[:, 0] > 0).long() + (x[:, 1] > 0.5).long())
    x = x + noise * torch.randn_like(x)
    xv, yv, x, y = x[480:], y[480:], x[:480], y[:480]
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    out = []
    for _ in range(epochs):
        losses, hits = [], 0
        for i in range(0, 480, 32):
            logits = model(x[i:i + 32])
            loss = torch.nn.functional.cross_entropy(logits, y[i:i + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
            hits += int((logits.argmax(1) == y[i:i + 32]).sum())
        with torch.no_grad():
            logits = model(xv)
            out.append((sum(losses) / len(losses), hits / 480,
                        torch.nn.functional.cross_entropy(logits, yv).item(),
                        (logits.argmax(1) == yv).float().mean().item()))
    return out


def test_decorated_epoch_header_over_train_and_val_lines_is_a_printed_log(tmp_path):
    """``print(f"*** Epoch {e}/{n} ***")`` then the split lines: read as a log, Train_/Val_ loss and accuracy."""
    hist = _classifier(12)
    lines = []
    for e, (tl, ta, vl, va) in enumerate(hist, 1):
        lines += [f"*** Epoch {e}/{len(hist)} ***", f"Train: loss={tl:.4f}, acc={ta:.4f}",
                  f"  Val: loss={vl:.4f}, acc={va:.4f}", f" best:      {vl:.4f},     {va:.4f}, 0 epochs since improved"]
    path = tmp_path / "training_log.txt"
    path.write_text("\n".join(lines) + "\n")
    (run,) = discover(tmp_path)
    assert run.format == "joblog"
    table = read_scalars(tmp_path, resolve=True)
    assert set(table.tag) == {"Train_loss", "Train_acc", "Val_loss", "Val_acc"}
    val = table[table.tag == "Val_loss"]
    assert list(val.step) == list(range(1, 13))
    assert list(val.value) == [round(h[2], 4) for h in hist]


def test_value_named_for_its_counter_is_read(tmp_path):
    """``print('Loss for Iter %d: %f, acc = %f' % ...)`` every 5 iterations and ``Test loss for epoch %d: ..`` after
    each epoch: the training loss at its iteration, the test loss and accuracy at the epoch's last iteration."""
    torch.manual_seed(1)
    x = torch.randn(400, 8)
    y = (x[:, 0] > 0).long()
    xt, yt = x[320:], y[320:]
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    lines = ["Namespace(batch_size=16, learning_rate=0.1, max_epoch=4)"]
    it, train_points, test_points = 0, [], []
    for epoch in range(4):
        for i in range(0, 320, 16):
            it += 1
            logits = model(x[i:i + 16])
            loss = torch.nn.functional.cross_entropy(logits, y[i:i + 16])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if it % 5 == 1:
                acc = (logits.argmax(1) == y[i:i + 16]).float().mean().item()
                lines.append("Loss for Iter %d: %f, acc = %f" % (it, loss.item(), acc))
                train_points.append((it, float("%f" % loss.item())))
        with torch.no_grad():
            logits = model(xt)
            tl = torch.nn.functional.cross_entropy(logits, yt).item()
            ta = (logits.argmax(1) == yt).float().mean().item()
        lines += ["-" * 35, "Test loss for epoch %d: %f, Acc = %f" % (epoch, tl, ta), "-" * 35]
        test_points.append(float("%f" % tl))
    (tmp_path / "log_train.txt").write_text("\n".join(lines) + "\n")
    table = read_scalars(tmp_path, resolve=True)
    assert {"Loss", "acc", "Test_loss", "Test_Acc"} <= set(table.tag)
    loss = table[table.tag == "Loss"]
    assert list(zip(loss.step, loss.value)) == train_points
    assert list(table[table.tag == "Test_loss"].value) == test_points
    (result,) = scan([str(tmp_path)], siblings=False).runs
    assert result.to_dict()["roles"]["val_loss"] == "Test_loss"


def _format_time(t: float) -> str:
    t = int(t)
    return f"{t // 60:02d}:{t % 60:02d}"


def test_fastai_fit_calls_appended_to_one_csv_are_one_run(tmp_path):
    """One model fitted in 8 calls of 10 epochs (fastai ``CSVLogger(append=True)``: the epoch starts at 0 at every
    call), its validation loss noisy in a plateau after the first calls: one run, its epochs continued."""
    hist = _classifier(80, seed=3, noise=1.5)
    path = tmp_path / "train_log.csv"
    with open(path, "w") as f:
        f.write("epoch,train_loss,valid_loss,accuracy,time\n")
        for n, (tl, _ta, vl, va) in enumerate(hist):
            f.write(",".join(str(t) for t in (n % 10, tl, vl, va, _format_time(14 + n % 3))) + "\n")
    runs = discover(tmp_path)
    assert len(runs) == 1, [r.id for r in runs]
    table = read_scalars(tmp_path, resolve=True)
    assert list(table[table.tag == "train_loss"].step) == list(range(80))


def test_decorated_epoch_text_inside_a_csv_cell_keeps_the_table(tmp_path):
    """The breaker's case: a pandas history whose last column holds ``=== Epoch 1/50 ===`` is still a CSV table."""
    import pandas as pd

    hist = _classifier(10)
    frame = pd.DataFrame({"epoch": range(1, 11), "loss": [h[0] for h in hist], "val_loss": [h[2] for h in hist],
                          "message": [f"=== Epoch {e}/10 ===" for e in range(1, 11)]})
    frame.to_csv(tmp_path / "history.csv", index=False)
    (run,) = discover(tmp_path)
    assert run.format in ("csv", "keras_csv")  # a table, not a printed log
    assert {"loss", "val_loss"} <= set(read_scalars(tmp_path).tag)


def test_per_batch_validation_losses_named_for_their_batch_are_not_the_validation_curve(tmp_path):
    """The breaker's case: ``Epoch k/20 - loss: .. - val_loss: ..`` once an epoch, and ``Val loss for batch i: x``
    for each evaluation batch under it: the epoch lines are the curves, on the epoch axis."""
    hist = _classifier(8)
    lines = []
    for e, (tl, ta, vl, va) in enumerate(hist, 1):
        lines.append(f"Epoch {e}/8 - loss: {tl:.4f} - val_loss: {vl:.4f} - val_acc: {va:.4f}")
        lines += [f"Val loss for batch {i}: {vl * (0.8 + 0.1 * i):.4f}" for i in range(4)]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    table = read_scalars(tmp_path, resolve=True)
    val = table[table.tag == "val_loss"]
    assert list(val.step) == list(range(1, 9)) and list(val.value) == [round(h[2], 4) for h in hist]


def test_public_fresh_training_after_a_loss_falling_by_decades_stays_its_own_run():
    """musiceye78's train.log: a training whose loss fell 17,210 -> 436 in 24 logs, then a fresh one at 1.13: the
    band of a loss falling by decades is taken on its log scale, so the fresh start is no next step."""
    from _runs import public_run

    ids = [r.id for r in discover(public_run("musiceye78__train"))]
    assert ids == [f"train.log#{i}" for i in range(1, 7)]
