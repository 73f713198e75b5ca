"""Printed-log reader kinds of branch readers11a, each log written by the real writer (Python logging with the
script's own format, print from a real torch loop):

- a split word between the counter and the metrics (``[Epoch: 01] Valid acc: 0.84 | loss: 9.41``) gives validation
  series, not a second ``loss`` value averaged into the training loss (public gesture-navigation);
- a space-padded counter (``Epoch: [ 1/70]``, printf ``%2d``) is epoch 1, not step 0 (public CV_DA);
- ``[001] train_loss: ..`` lines (a zero-padded bracketed counter, no rank) are epochs, several of them printed on
  one line with ``end=' '`` are each read, ``micro f1 on dev`` is one key (public Attention-BiLSTM);
- a loop index ``i: 0`` as the line's only counter is its step: launches of a script appended to one log are one run
  each, also a launch that printed a single point, also when the loss stays flat at chance (public Darejkal);
- ``Validation BLEU: BLEU-1 71.65, ...`` lines (no loss) give validation series (public T5-Finetune).
"""
from __future__ import annotations

import logging
import math
import sys
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import read_resolved  # noqa: E402

from loganalyzer.discover import discover


def _logger(path: Path, fmt: str, name: str, datefmt: str | None = None) -> logging.Logger:
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter(fmt, datefmt=datefmt))
    log = logging.getLogger(f"readers11a.{name}")
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.INFO)
    return log


def _close(log: logging.Logger) -> None:
    for h in log.handlers:
        h.close()
    log.handlers[:] = []


def _data(n=96, d=8, classes=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g)
    y = (x[:, :classes] + 0.3 * torch.randn(n, classes, generator=g)).argmax(1)
    return x, y


def _epoch(model, opt, x, y):
    model.train()
    loss = nn.functional.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        acc = (model(x).argmax(1) == y).float().mean().item()
    return loss.item(), acc


def _eval(model, x, y):
    with torch.no_grad():
        out = model(x)
        return nn.functional.cross_entropy(out, y).item(), (out.argmax(1) == y).float().mean().item()


_read = read_resolved


def _series(df, tag: str, run: str | None = None):
    rows = df[(df.tag == tag) & ((df.dir == run) if run is not None else True)]
    return rows.step.tolist(), rows.value.tolist()


def _close_to(got, want, tol=1e-4):
    return len(got) == len(want) and all(math.isclose(a, b, abs_tol=tol) for a, b in zip(got, want))


def test_split_word_after_the_counter_names_the_validation_loss(tmp_path):
    torch.manual_seed(0)
    x, y = _data()
    xv, yv = _data(seed=1)
    model = nn.Linear(8, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    path = tmp_path / "train_log01.txt"
    log = _logger(path, "%(asctime)s %(message)s", "lead", datefmt="%Y.%m.%d %H:%M:%S")
    train, val = [], []
    for epoch in range(1, 9):
        loss, acc = _epoch(model, opt, x, y)
        log.info(f"[Epoch: {epoch:02d}] Train acc: {acc:.4f} | loss: {loss:.4f}")
        vloss, vacc = _eval(model, xv, yv)
        log.info(f"[Epoch: {epoch:02d}] Valid acc: {vacc:.4f} | loss: {vloss:.4f}")
        train.append(round(loss, 4))
        val.append(round(vloss, 4))
    _close(log)
    df, caught = _read(path)
    steps, values = _series(df, "loss")
    assert steps == list(range(1, 9)) and _close_to(values, train)
    steps, values = _series(df, "val_loss")
    assert steps == list(range(1, 9)) and _close_to(values, val)
    assert not any("printed 2 times" in w for w in caught)


def test_space_padded_epoch_counter_is_the_epoch(tmp_path):
    torch.manual_seed(0)
    x, y = _data()
    xv, yv = _data(seed=2)
    model = nn.Linear(8, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    path = tmp_path / "Coor_1ATT_A2C.log"
    epochs, losses = 12, []
    with path.open("w") as out:
        for epoch in range(1, epochs + 1):
            loss, _ = _epoch(model, opt, x, y)
            vloss, vacc = _eval(model, xv, yv)
            print("Epoch: [%2d/%d], cls_loss: %.4f, test_loss %.6f, test_acc: %.4f"
                  % (epoch, epochs, loss, vloss, 100 * vacc), file=out)
            losses.append(round(loss, 4))
    df, _ = _read(path)
    steps, values = _series(df, "cls_loss")
    assert steps == list(range(1, epochs + 1)) and _close_to(values, losses)
    assert _series(df, "test_loss")[0] == list(range(1, epochs + 1))


def test_bracketed_zero_padded_epochs_also_glued_on_one_line(tmp_path):
    torch.manual_seed(0)
    x, y = _data()
    xv, yv = _data(seed=3)
    model = nn.Linear(8, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    path = tmp_path / "train.log"
    best, train, dev, f1 = math.inf, [], [], []
    with path.open("w") as out:
        print("some config:\nlr = 0.3", file=out)
        for epoch in range(1, 15):
            loss, _ = _epoch(model, opt, x, y)
            vloss, vacc = _eval(model, xv, yv)
            print("[%03d] train_loss: %.3f | dev_loss: %.3f | micro f1 on dev: %.4f" % (epoch, loss, vloss, vacc),
                  end=" ", file=out)
            if vloss < best - 0.02 or epoch == 14:
                best = vloss
                print(">>> save models!", file=out)
            train.append(round(loss, 3))
            dev.append(round(vloss, 3))
            f1.append(round(vacc, 4))
        tloss, tacc = _eval(model, xv, yv)
        print("start test ...", file=out)
        print("test_loss: %.3f | micro f1 on test:  %.4f" % (tloss, tacc), file=out)
    assert max(len(line.split("[0")) for line in path.read_text().splitlines()) > 2  # some epochs share a line
    df, caught = _read(path)
    steps, values = _series(df, "train_loss")
    assert steps == list(range(1, 15)) and _close_to(values, train)
    assert _close_to(_series(df, "dev_loss")[1], dev)
    assert _close_to(_series(df, "micro_f1_on_dev")[1], f1)
    assert _close_to(_series(df, "micro_f1_on_test")[1], [round(tacc, 4)])
    assert "on_dev" not in set(df.tag)


def test_loop_index_is_the_step_and_each_launch_a_run(tmp_path):
    path = tmp_path / "log.txt"
    x, y = _data(n=64, classes=4)
    counts = (3, 6, 1, 4)
    firsts = []
    for launch, count in enumerate(counts):  # the script run again and again, appending to one log
        torch.manual_seed(launch)
        model = nn.Linear(8, 4)
        with torch.no_grad():
            model.weight.zero_()  # a model stuck at chance: its loss stays at ln 4, flat as the public one
        opt = torch.optim.SGD(model.parameters(), lr=1e-5)
        with path.open("a") as out:
            print("[(0,0,17)]: wandb not resumed", file=out)
            print("[(0,0,17)]: Epoch 1", file=out)
            for i in range(count):
                loss, _ = _epoch(model, opt, x, y)
                print(f"[TRAIN(0,0,{33 + i})]: i: {i}, train_loss: {loss}", file=out)
                if i == 0:
                    firsts.append(loss)
    runs = discover(str(path))
    assert len(runs) == len(counts)
    df, _ = _read(path)
    assert "i" not in set(df.tag)
    for k, count in enumerate(counts, start=1):
        steps, values = _series(df, "train_loss", f"log.txt#{k}")
        assert steps == list(range(count))
        assert math.isclose(values[0], firsts[k - 1], rel_tol=1e-9)


def test_validation_bleu_lines_are_validation_series(tmp_path):
    path = tmp_path / "train.log"
    log = _logger(path, "%(asctime)s - %(levelname)s - %(message)s", "bleu")
    torch.manual_seed(0)
    x, y = _data()
    model = nn.Linear(8, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    best, scores = -1.0, {}
    for epoch in range(1, 7):
        log.info(f"##### Epoch {epoch} #####")
        for _ in range(3):
            loss, acc = _epoch(model, opt, x, y)
            log.info(f"Epoch {epoch} - Batch loss: {loss:.4f}")
        log.info(f"Epoch {epoch} - Average Train Loss: {loss:.4f}")
        if epoch % 2 == 0:
            vloss, vacc = _eval(model, x, y)
            bleu = [round(100 * vacc / k, 2) for k in (1, 2, 3, 4)]
            shown = ", ".join(f"BLEU-{k} {b:.2f}" for k, b in enumerate(bleu, 1))
            log.info(f"Epoch {epoch} - Validation BLEU: {shown}")
            if bleu[1] > best:
                best = bleu[1]
                log.info(f"Epoch {epoch} - New best model saved with BLEU-2: {best:.2f}")
            dev = [round(b - 5, 2) for b in bleu]
            log.info(f"Epoch {epoch} - Dev BLEU: " + ", ".join(f"BLEU-{k} {b:.2f}" for k, b in enumerate(dev, 1)))
            scores[epoch] = (bleu, dev)
    _close(log)
    df, _ = _read(path)
    steps, values = _series(df, "val_BLEU-2")
    assert steps == [2, 4, 6] and _close_to(values, [scores[e][0][1] for e in (2, 4, 6)])
    steps, values = _series(df, "dev_BLEU-4")
    assert steps == [2, 4, 6] and _close_to(values, [scores[e][1][3] for e in (2, 4, 6)])
    assert not any("with" in tag for tag in set(df.tag))


def test_space_padded_epoch_with_a_bare_batch_counter_after_it(tmp_path):
    # DCGAN-tensorflow's print: '[%8d Epoch:[%2d/%2d] [%4d/%4d] time: %4.4f, d_loss: %.8f, g_loss: %.8f'
    torch.manual_seed(0)
    x, y = _data(n=32)
    d, g = nn.Linear(8, 3), nn.Linear(8, 3)
    opt_d = torch.optim.SGD(d.parameters(), lr=0.1)
    opt_g = torch.optim.SGD(g.parameters(), lr=0.1)
    path = tmp_path / "nohup.out"
    epochs, batches, counter, want = 2, 12, 1, []
    with path.open("w") as out:
        for epoch in range(epochs):
            for idx in range(batches):
                d_loss, _ = _epoch(d, opt_d, x, y)
                g_loss, _ = _epoch(g, opt_g, x, y)
                print("[%8d Epoch:[%2d/%2d] [%4d/%4d] time: %4.4f, d_loss: %.8f, g_loss: %.8f"
                      % (counter, epoch, epochs, idx, batches, 0.5 * counter, d_loss, g_loss), file=out)
                want.append(round(d_loss, 8))
                counter += 1
    df, _ = _read(path)
    steps, values = _series(df, "d_loss")
    # the printed counter is the step (readers11b: DCGAN-tensorflow's own `counter`, 1 at the first batch), one
    # apart at every batch across the epoch boundary: the space-padded epoch and batch are read, not the step
    assert steps == list(range(1, epochs * batches + 1))
    assert _close_to(values, want, 1e-8)
