"""Set 185/189 leftovers (stop 64, rd64e): shapes written by the real writers, read as the scripts wrote them."""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from test_readers20a import _read, _series  # noqa: E402  (the resolved view and warnings; a tag's points)
from test_readers31 import _batches  # noqa: E402  (a real tiny torch classifier trained by mini-batches)


# ------------------------------------------------------------------ an event file's step: the epoch added to it
# open run speechenh189 run-1725461450 (one events file, no SessionLog.START): 'Loss/train' at 28, 128 ... 2,728, then
# 56, 156 ... 2,756, ... (85 epochs of 28 points, a stride of 100, each epoch's first step 28 past the last's): sorted
# by step the epochs interleaved (a sawtooth). Written here by torch's SummaryWriter with the same step shape.

@pytest.mark.parametrize("drift", [7, "irregular"])
def test_an_event_files_step_drifting_each_epoch_is_read_in_written_order(tmp_path, drift):
    tb = pytest.importorskip("torch.utils.tensorboard")
    writer = tb.SummaryWriter(str(tmp_path))
    written = []
    for epoch, (losses, _) in enumerate(_batches(5, 7)):
        first = (epoch + 1) * 7 if drift == 7 else (0, 7, 9, 30, 31)[epoch]
        for i, loss in losses:
            writer.add_scalar("Loss/train", loss, first + i * 50)
            written.append(round(float(torch.tensor(loss, dtype=torch.float32)), 4))
    writer.close()
    df, warned = _read(tmp_path)
    steps, values = _series(df, "Loss/train")
    if drift == "irregular":  # not certain: left as written, nothing said about written order
        assert not any("written order" in w for w in warned)
        return
    assert values == written  # every epoch after the last, as written
    assert steps == [7 + 50 * i for i in range(len(written))]
    assert any("read in written order" in w and "5 cycles of 7 points (a stride of 50) starting 7 past" in w
               for w in warned)


def test_a_step_restarting_at_its_first_step_keeps_its_reading(tmp_path):
    """The first shape (each epoch back to the same first step) still reads k x (span + stride) further on."""
    tb = pytest.importorskip("torch.utils.tensorboard")
    writer = tb.SummaryWriter(str(tmp_path))
    for losses, _ in _batches(3, 7):
        for i, loss in losses:
            writer.add_scalar("Train_Loss", loss, i * 50)
    writer.close()
    df, warned = _read(tmp_path)
    steps, _ = _series(df, "Train_Loss")
    assert steps == [e * 350 + i * 50 for e in range(3) for i in range(7)]
    assert not any("written order" in w for w in warned)


# ------------------------------------------------------------------ a JSON-lines checkpoint line restating its eval
# open run birdclef189 sed_b0_dual-fold0 train_history.jsonl, written one json.dumps(dict) a line:
#   {"kind": "header", "config": {...}, ...}
#   {"kind": "step", "step": 0, "epoch": 0, "loss": 0.189, "lr": 0.0, "elapsed_min": 0.18}
#   {"kind": "eval", "step": 500, "epoch": 0, "fold_val_macro_auc": 0.546, "primary": 0.546, ...}
#   {"kind": "best_ckpt", "step": 500, "primary": 0.546, "fold_val_macro_auc": 0.546, "path": ".../best.pt"}
#   ...  {"kind": "final", "step": 79840, "fold_val_macro_auc": 0.9699, "primary": 0.9699, "best_primary": 0.977}
# Each saved checkpoint put its evaluation twice at its step.

@pytest.mark.parametrize("own_number", [False, True])
def test_a_checkpoint_line_restating_its_evaluation_is_read_once(tmp_path, own_number):
    import json

    path = tmp_path / "train_history.jsonl"
    evals, best, step = [], -1.0, 0
    with path.open("w") as f:
        f.write(json.dumps({"kind": "header", "config": {"lr": 0.3}, "fold": 0}) + "\n")
        for epoch, (losses, vacc) in enumerate(_batches(6, 5)):
            for _, loss in losses:
                f.write(json.dumps({"kind": "step", "step": step, "epoch": epoch, "loss": loss}) + "\n")
                step += 1
            row = {"kind": "eval", "step": step, "epoch": epoch, "val_acc": vacc, "best_so_far": max(best, vacc)}
            f.write(json.dumps(row) + "\n")
            evals.append((step, round(vacc, 4)))
            if vacc > best:
                best = vacc
                ckpt = {"kind": "best_ckpt", "step": step, "val_acc": vacc, "path": "/x/best.pt"}
                if own_number:
                    ckpt["size_mb"] = 1.5  # a number of its own: the line is more than a restatement
                f.write(json.dumps(ckpt) + "\n")
    df, warned = _read(tmp_path)
    steps, values = _series(df, "val_acc")
    noted = [w for w in warned if "checkpoint line(s) ('best_ckpt') restate" in w]
    if own_number:
        assert not noted and len(steps) > len(evals)  # read as before
        return
    assert list(zip(steps, values)) == evals  # one point per evaluation
    assert len(noted) == 1


# ------------------------------------------------------------------ CS231n's 'Got n / m correct (p)' checks
# open runs kwshmm185 DNN.ipynb / DNN2.ipynb (the CS231n PyTorch assignment's train loop and check_accuracy):
#   print('Epoch %d, Iteration %d, loss = %.4f' % (e, t, loss.item())); check_accuracy(loader_val, model); print()
#   check_accuracy: print('Checking accuracy on validation set'); ...; print('Got %d / %d correct (%.2f)' % (..))
# and, after training, check_accuracy called again on the val / test loaders (not points of the curve).

def _cs231n_log(path, after: bool) -> list:
    import contextlib

    torch.manual_seed(0)
    x, xv = torch.randn(240, 4), torch.randn(50, 4)
    y, yv = x[:, :3].argmax(1), xv[:, :3].argmax(1)
    model = torch.nn.Linear(4, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.3)

    def check_accuracy(xs, ys, split="validation"):
        print(f"Checking accuracy on {split} set")
        with torch.no_grad():
            num_correct, num_samples = int((model(xs).argmax(1) == ys).sum()), len(ys)
        acc = float(num_correct) / num_samples
        print('Got %d / %d correct (%.2f)' % (num_correct, num_samples, 100 * acc))
        return acc

    want = []
    with path.open("w") as f, contextlib.redirect_stdout(f):
        for e in range(3):
            for t in range(30):
                loss = torch.nn.functional.cross_entropy(model(x[t * 8:(t + 1) * 8]), y[t * 8:(t + 1) * 8])
                opt.zero_grad()
                loss.backward()
                opt.step()
                if t % 10 == 0:
                    print('Epoch %d, Iteration %d, loss = %.4f' % (e, t, loss.item()))
                    print()
                    want.append(check_accuracy(xv, yv))
        if after:
            check_accuracy(xv, yv)
            check_accuracy(xv, yv, "test")
    return want


@pytest.mark.parametrize("after", [False, True])
def test_cs231n_accuracy_checks_in_the_training_loop_are_read(tmp_path, after):
    want = _cs231n_log(tmp_path / "train.log", after)
    df, warned = _read(tmp_path)
    loss_steps, _ = _series(df, "loss")
    steps, values = _series(df, "val_accuracy")
    assert len(loss_steps) == 9
    assert steps == loss_steps  # each check at its training line's step
    assert values == [round(v, 4) for v in want]
    assert "test_accuracy" not in set(df.tag)
    assert any("2 'Got n / m correct' check(s) follow another check" in w for w in warned) == after


# ------------------------------------------------------------------ Lightning: checkpoint lines beside the bar's _epoch
# open run mambamusic189 training_without_errors.log: self.log('val_loss', .., on_step=True, on_epoch=True,
# prog_bar=True) puts val_loss_epoch=0.470 on every epoch's bar, ModelCheckpoint(monitor='val_loss', verbose=True)
# prints "Epoch 0, global step 255: 'val_loss' reached 0.46980 (best 0.46980), saving model to ..": a second
# validation series named val_loss, with gaps where it did not improve. Written here by Lightning itself.

def test_lightning_checkpoint_lines_restating_the_bars_epoch_value_are_read_once(tmp_path):
    import contextlib
    import logging

    pl = pytest.importorskip("pytorch_lightning")

    class Net(pl.LightningModule):
        def __init__(self):
            super().__init__()
            self.layer = torch.nn.Linear(4, 3)

        def _loss(self, batch):
            x, y = batch
            return torch.nn.functional.cross_entropy(self.layer(x), y)

        def training_step(self, batch, _):
            loss = self._loss(batch)
            self.log("train_loss", loss, on_step=True, on_epoch=True, prog_bar=True)
            return loss

        def validation_step(self, batch, _):
            self.log("val_loss", self._loss(batch), on_step=True, on_epoch=True, prog_bar=True)

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.5)

    torch.manual_seed(0)
    x, xv = torch.randn(160, 4), torch.randn(40, 4)
    data = torch.utils.data.TensorDataset(x, x[:, :3].argmax(1))
    val = torch.utils.data.TensorDataset(xv, xv[:, :3].argmax(1))
    path = tmp_path / "train.log"
    log = logging.getLogger("pytorch_lightning")
    with path.open("w") as f, contextlib.redirect_stderr(f), contextlib.redirect_stdout(f):
        handler = logging.StreamHandler(f)
        log.addHandler(handler)
        try:
            trainer = pl.Trainer(max_epochs=5, default_root_dir=str(tmp_path / "root"), logger=False,
                                 enable_model_summary=False, num_sanity_val_steps=0, log_every_n_steps=1,
                                 callbacks=[pl.callbacks.TQDMProgressBar(),  # (the tqdm bar, as the run printed)
                                            pl.callbacks.ModelCheckpoint(dirpath=str(tmp_path / "ck"),
                                                                        monitor="val_loss", verbose=True)])
            trainer.fit(Net(), torch.utils.data.DataLoader(data, batch_size=16),
                        torch.utils.data.DataLoader(val, batch_size=20))
        finally:
            log.removeHandler(handler)
    text = path.read_text()
    assert "'val_loss' reached" in text and "val_loss_epoch=" in text  # the writer's own lines
    df, warned = _read(tmp_path)
    assert "val_loss" not in set(df.tag)
    steps, _ = _series(df, "val_loss_epoch")
    assert steps == [10 * e for e in range(1, 6)]
    assert any("checkpoint lines' 'val_loss'" in w and "'val_loss_epoch'" in w for w in warned)
