"""Stop 43's reader fixes (opened sets 82/83's named faults, each a kind of real output).

- A Keras history printed as CSV into the job's log after ``model.summary()`` (``print(pd.DataFrame(
  history.history).to_csv())``: ahltddi82's three logs): the log read as "no training progress".
- A ``history.json`` of split-keyed lists only (``{"train": [..], "val": [..]}``: tinyshakes83): no loss named, 0 rows.
"""
from __future__ import annotations

import contextlib
import io
import json
import os

os.environ.setdefault("KERAS_BACKEND", "torch")  # before anything imports keras; TensorFlow is not installed here

import numpy as np
import pandas as pd

from test_readers20a import _ids, _read, _series  # noqa: E402


@contextlib.contextmanager
def _file_logger(path, name: str, fmt: str, datefmt: str | None = None):
    """A ``logging`` logger named ``name`` writing to ``path`` with ``fmt`` (a real ``FileHandler``), removed after."""
    import logging

    logger = logging.getLogger(name)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(fmt, datefmt))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield logger
    finally:
        logger.removeHandler(handler)
        handler.close()


def _keras_history(epochs: int) -> tuple[str, dict]:
    """What a Keras script prints: ``model.summary()``, then its ``fit`` history as pandas' CSV (with the index);
    the real Keras (torch backend) and pandas, a tiny classifier that overfits its 24 samples."""
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(48, 8)).astype("float32")
    y = rng.integers(0, 3, size=48)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy", metrics=["acc"])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.summary()
        history = model.fit(x[:24], y[:24], validation_data=(x[24:], y[24:]), epochs=epochs, verbose=0)
        print("\n")
        print(pd.DataFrame(history.history).to_csv())
        print("Results:\n  tp  fp  fn\nadvise  88  77  50")  # the evaluation's table the script prints after it
    return out.getvalue(), history.history


def test_keras_history_printed_as_csv_into_the_log_is_read(tmp_path):
    text, history = _keras_history(epochs=12)
    assert "\n,acc,loss,val_acc,val_loss\n" in text or "\n,loss,acc,val_loss,val_acc\n" in text.replace("\r", "")
    (tmp_path / "DDI_2021-Jun-11-1611.log").write_text(text.replace("\n", "\r\n"))  # written on Windows (CRLF)
    assert _ids(tmp_path) == ["DDI_2021-Jun-11-1611.log"]
    df, caught = _read(tmp_path)
    assert not [w for w in caught if "no training progress" in w]
    for name in ("loss", "val_loss", "acc", "val_acc"):
        steps, values = _series(df, name)
        assert steps == list(range(12))  # pandas' index: Keras' 0-based epochs, as keras_csv reads CSVLogger's
        assert values == [round(v, 4) for v in history[name]]


def test_a_few_comma_lines_with_a_loss_word_are_no_history(tmp_path):
    text = ("Model: sequential\nloss, accuracy and time are printed below\n1,2\nstarting\n"
            "config: name,loss\n0.1,0.2\n0.3,0.4\n")
    (tmp_path / "train.log").write_text(text + "Epoch 1/2 - loss: 0.9 - val_loss: 1.0\nEpoch 2/2 - loss: 0.5\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) <= {"loss", "val_loss"}  # the printed progress, nothing from the two-row 'name,loss' lines


def test_history_json_of_split_lists_that_fall_is_read_as_losses(tmp_path):
    train = [2.7057, 2.4357, 2.2835, 2.1429, 2.0469, 1.9671]
    val = [2.4958, 2.3427, 2.1688, 2.0926, 2.0134, 1.959]
    (tmp_path / "history.json").write_text(json.dumps({"train": train, "val": val}, indent=2))
    df, caught = _read(tmp_path)
    assert _series(df, "train_loss") == (list(range(6)), train)
    assert _series(df, "val_loss") == (list(range(6)), val)
    assert any("fall from first to last" in w and "'val' -> 'val_loss'" in w for w in caught)


def test_history_json_of_split_lists_that_rise_keeps_its_names(tmp_path):
    acc = {"train": [0.31, 0.52, 0.66, 0.71], "val": [0.30, 0.48, 0.60, 0.62]}  # accuracies: no loss to name
    (tmp_path / "history.json").write_text(json.dumps(acc))
    df, _ = _read(tmp_path)
    assert "train_loss" not in set(df.tag) and "val_loss" not in set(df.tag)


def _logged_gan_epochs(path, epochs: int) -> list[tuple[float, float]]:
    """A tiny torch model trained ``epochs`` epochs, each logged through ``logging`` as the mtgan script does
    ('%(asctime)s - %(levelname)s - %(message)s'): a training line with its losses, then a validation line naming
    its split before the counter and holding no loss. Returns each epoch's (PSNR, accuracy) as printed."""
    import torch

    torch.manual_seed(0)
    model, x = torch.nn.Linear(4, 4), torch.randn(64, 4)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with _file_logger(path, f"mtgan-{path.name}", "%(asctime)s - %(levelname)s - %(message)s") as logger:
        printed = []
        for epoch in range(1, epochs + 1):
            loss = torch.nn.functional.mse_loss(model(x), x)
            opt.zero_grad()
            loss.backward()
            opt.step()
            logger.info(f"Epoch [{epoch}/{epochs}], Loss_D: {loss.item():.4f}, Loss_G: {2 * loss.item():.4f}, "
                        f"StegAcc: {0.5 + epoch / 100:.4f}")
            with torch.no_grad():
                mse = torch.nn.functional.mse_loss(model(x), x).item()
            psnr, acc = round(10 * torch.log10(torch.tensor(1 / mse)).item(), 4), round(0.5 + epoch / 50, 4)
            logger.info(f"Validation Epoch [{epoch}/{epochs}], PSNR: {psnr:.4f}, SSIM: 0.9900, "
                        f"NC_before Attack: 0.9691, Steganalysis Accuracy: {acc:.4f}")
            printed.append((psnr, acc))
    return printed


def test_validation_line_naming_its_split_before_the_counter_is_read(tmp_path):
    printed = _logged_gan_epochs(tmp_path / "train_log.txt", epochs=6)
    df, _ = _read(tmp_path)
    assert _series(df, "val_PSNR") == (list(range(1, 7)), [p for p, _ in printed])
    assert _series(df, "val_Steganalysis_Accuracy") == (list(range(1, 7)), [a for _, a in printed])
    assert _series(df, "Loss_D")[0] == list(range(1, 7))
    assert "PSNR" not in set(df.tag) and "val_Loss_D" not in set(df.tag)


def test_global_step_printed_again_at_the_next_epoch_keeps_every_later_step(tmp_path):
    """humanrecon82: ``Train: STEP n - EPOCH e/1000`` at each epoch's start (41 batches an epoch), and once every 50
    epochs the same global step printed again after validation under the next epoch. Those repeats were taken for a
    per-epoch counter's restart: each moved later steps one on (the last step 40978 for the printed 40959)."""

    path = tmp_path / "train.log"
    with _file_logger(path, "humanrecon43", "%(asctime)s|%(levelname)8s| %(message)s") as logger:
        printed = []
        for epoch in range(160):
            step = 41 * epoch
            logger.info(f"Train: STEP {step} - EPOCH {epoch}/160 | 3D loss: {0.3 - epoch / 1000:.3E} | lr: 1.000E-04")
            printed.append(step)
            if epoch % 50 == 49:  # after validation: the next epoch's first step, still under this epoch's number
                logger.info(f"Train: STEP {step + 41} - EPOCH {epoch}/160 | 3D loss: {0.31:.3E} | lr: 1.000E-04")
                printed.append(step + 41)
    df = read_raw(tmp_path)
    assert df[df.tag == "loss"].step.tolist() == printed
    assert df.step.max() == 41 * 159


def read_raw(path):
    from loganalyzer import read_scalars

    return read_scalars(str(path))


def _printed_lists_log(models: list[str], epochs: int) -> tuple[str, dict]:
    """A script training each model in turn (real torch, tiny MLPs on random data), keeping per-epoch lists and
    printing them at the end as ``print(f"Train Loss: {train_losses}")`` under its argparse ``Namespace``
    (chunktf80)."""
    import argparse

    import torch

    out, lists = io.StringIO(), {}
    x, y = torch.randn(64, 8), torch.randint(0, 3, (64,))
    for name in models:
        args = argparse.Namespace(data="MNIST", model=name, epochs=epochs, batch_size=32)
        torch.manual_seed(len(name))
        model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
        train_losses, test_losses = [], []
        for _ in range(epochs):
            loss = torch.nn.functional.cross_entropy(model(x[:48]), y[:48])
            opt.zero_grad()
            loss.backward()
            opt.step()
            train_losses.append(loss.item())
            with torch.no_grad():
                test_losses.append(torch.nn.functional.cross_entropy(model(x[48:]), y[48:]).item())
        print(f"\n{args}\n{'-' * 80}\nPhase          train     test      \n{'-' * 80}", file=out)
        print(f"Train Loss: {train_losses}\nTest Loss: {test_losses}", file=out)
        lists[name] = (train_losses, test_losses)
    return out.getvalue(), lists


def test_histories_printed_as_lists_are_series_one_run_per_model(tmp_path):
    text, lists = _printed_lists_log(["LocalHBA", "HBA", "Base"], epochs=7)
    (tmp_path / "ViT.txt").write_text(text)
    assert _ids(tmp_path) == ["ViT.txt#1", "ViT.txt#2", "ViT.txt#3"]
    df, _ = _read(tmp_path)
    for i, name in enumerate(["LocalHBA", "HBA", "Base"], start=1):
        train, test = lists[name]
        assert _series(df, "Train_Loss", f"ViT.txt#{i}") == (list(range(7)), [round(v, 4) for v in train])
        assert _series(df, "Test_Loss", f"ViT.txt#{i}") == (list(range(7)), [round(v, 4) for v in test])


def test_per_class_lists_printed_each_epoch_keep_their_epochs(tmp_path):
    lines = [f"Epoch {e}: loss: {1 / e:.4f} IOU: [{0.5 + e / 100:.4f}, {0.4 + e / 100:.4f}, {0.3:.4f}]"
             for e in range(1, 6)]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert _series(df, "loss")[0] == [1, 2, 3, 4, 5]


def _surgeon_log(path) -> dict:
    """surgeon80's shape through ``logging`` ('[%(asctime)s] [%(levelname)s] %(message)s'): ``Epoch e [i/T] total=..
    pose=.. gaze=..`` every 5 batches, then ``[Train] Epoch e: total=..`` and ``[Val]   Epoch e: total=..``. A first
    launch (T=40) is killed in epoch 1; the second (a bigger batch, T=10) runs 3 epochs. Real torch losses."""

    import torch

    fmt = "[%(asctime)s] [%(levelname)s] %(message)s"
    with _file_logger(path, f"surgeon-{path.parent.name}", fmt, "%Y-%m-%d %H:%M:%S") as logger:
        torch.manual_seed(0)
        x = torch.randn(40, 6)
        printed = {"batch": [], "val": []}
        for launch, (batches, epochs) in enumerate(((40, 1), (10, 3))):
            model = torch.nn.Linear(6, 6)
            opt = torch.optim.SGD(model.parameters(), lr=0.05)
            for epoch in range(1, epochs + 1):
                for i in range(1, batches + 1):
                    loss = torch.nn.functional.mse_loss(model(x), x)
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                    if i % 5 == 0:
                        logger.info(f"Epoch {epoch} [{i}/{batches}] total={loss.item():.4f} "
                                    f"pose={loss.item():.4f} gaze=0.0000")
                        if launch:
                            printed["batch"].append(((epoch - 1) * batches + i, round(loss.item(), 4)))
                    if launch == 0 and i == 35:
                        break  # killed
                if launch:
                    val = round(loss.item() * 1.1, 4)
                    logger.info(f"[Train] Epoch {epoch}: total={loss.item():.4f} pose={loss.item():.4f} gaze=0.0000")
                    logger.info(f"[Val]   Epoch {epoch}: total={val:.4f} pose={val:.4f} gaze=0.0000")
                    printed["val"].append(val)
    return printed


def test_batch_counter_after_an_epoch_without_total_and_split_summaries(tmp_path):
    printed = _surgeon_log(tmp_path / "train.log")
    assert _ids(tmp_path) == ["train.log#1", "train.log#2"]
    df, _ = _read(tmp_path)
    # the batch lines of the second launch on the batch axis (epoch e, batch i: (e - 1) x 10 + i), not at 1, 2, 3
    assert list(zip(*_series(df, "total_loss", "train.log#2"))) == printed["batch"]
    # the validation summaries read (they were dropped), one an epoch
    assert _series(df, "val_total_loss", "train.log#2")[1] == printed["val"]
    # the killed launch stays in its own run, on its own batch axis
    assert _series(df, "total_loss", "train.log#1")[0] == [5, 10, 15, 20, 25, 30, 35]


def _epoch_iter_log(padded: bool, epochs: int = 3, batches: int = 8, every: int = 2) -> tuple[str, list, list]:
    """A torch loop printing ``[e][i/N] loss=..`` every ``every`` batches (``[001][0002/0008]`` zero-padded, as
    ``print(f"[{e:03d}][{i:04d}/{n:04d}] ...")``, or ``[0][2/8]`` counted from 0) and ``[e] valid loss=..`` after
    each epoch (stop 41's breaker cases 44 and 55). Returns the text, the (step, loss) printed, the valid losses."""
    import torch

    torch.manual_seed(1)
    x = torch.randn(32, 5)
    model = torch.nn.Linear(5, 5)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    out, points, valid = io.StringIO(), [], []
    for e in range(1, epochs + 1) if padded else range(epochs):
        for i in range(1, batches + 1):
            loss = torch.nn.functional.mse_loss(model(x), x)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if i % every == 0:
                head = f"[{e:03d}][{i:04d}/{batches:04d}]" if padded else f"[{e}][{i}/{batches}]"
                print(f"{head} loss={loss.item():.4f}", file=out)
                points.append(((e - padded) * batches + i, round(loss.item(), 4)))
        with torch.no_grad():
            valid.append(round(torch.nn.functional.mse_loss(model(x), x).item(), 4))
        print(f"[{e:03d}] valid loss={valid[-1]:.4f}" if padded else f"[{e}] valid loss={valid[-1]:.4f}", file=out)
    return out.getvalue(), points, valid


def test_epoch_then_iteration_prefix_is_the_batch_axis(tmp_path):
    for padded in (True, False):
        text, points, valid = _epoch_iter_log(padded)
        (tmp_path / f"p{padded}").mkdir()
        (tmp_path / f"p{padded}" / "train.log").write_text(text)
        df, caught = _read(tmp_path / f"p{padded}")
        assert list(zip(*_series(df, "loss"))) == points, padded
        assert not [w for w in caught if "printed 4 times" in w or "went back" in w]
        if padded:  # the epoch's validation at its last batch (8, 16, 24)
            assert _series(df, "valid_loss") == ([8, 16, 24], valid)


def test_ascii_bar_described_by_its_epoch_is_on_the_batch_axis(tmp_path):
    """A hand-drawn bar ``Epoch 2 [=====     ] 50.0% 500/1000 | 12.3 it/s | ETA: 40 s | loss=..`` every 250 of 1000
    batches of a real torch loop, then ``Epoch 2 done: val_loss=..`` (stop 41's breaker case 4: one point an epoch,
    four lines averaged)."""
    import torch

    torch.manual_seed(2)
    x = torch.randn(16, 3)
    model = torch.nn.Linear(3, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    lines, points, vals = ["Config: lr=0.01 batch=64"], [], []
    for epoch in range(1, 4):
        for n in range(1, 1001):
            loss = torch.nn.functional.mse_loss(model(x), x)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if n % 250 == 0:
                bar = "=" * (30 * n // 1000)
                lines.append(f"Epoch {epoch} [{bar:<30}] {100 * n / 1000:.1f}% {n}/1000 | 12.3 it/s | "
                             f"ETA: {(1000 - n) // 12} s | loss={loss.item():.6f}")
                points.append(((epoch - 1) * 1000 + n, round(loss.item(), 4)))
        vals.append(round(loss.item() * 1.2, 4))
        lines.append(f"Epoch {epoch} done: val_loss={vals[-1]:.4f} val_acc={0.5 + epoch / 10:.4f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, caught = _read(tmp_path)
    assert list(zip(*_series(df, "loss"))) == points
    assert _series(df, "val_loss") == ([1000, 2000, 3000], vals)
    assert not [w for w in caught if "printed 4 times" in w]


def test_two_bars_an_epoch_with_the_training_total_growing(tmp_path):
    """Real tqdm bars (every redraw kept): each epoch a training bar over 30, 33, 36, 39 batches (pseudo-labels added)
    then an evaluation bar of 8, both described ``Epoch e``. The evaluation was read as a resumed session each epoch:
    two runs and the training's points lost."""
    from test_readers42 import _bar

    buf, evals, train_end = io.StringIO(), [], []
    done = 0
    for e in range(4):
        total = 30 + 3 * e
        _bar(buf, e, total, lambda i, e=e: {"loss": round(1.0 / (e + 1) - 0.001 * i, 4)})
        done += total
        train_end.append(done)
        _bar(buf, e, 8, lambda i, e=e: {"loss": round(0.9 / (e + 1), 4), "acc": 0.5 + 0.1 * e})
        evals.append(float(f"{0.9 / (e + 1):.3g}"))
    (tmp_path / "train_log.log").write_text(buf.getvalue())
    assert _ids(tmp_path) == ["train_log.log"]
    df, caught = _read(tmp_path)
    assert _series(df, "val_loss") == (train_end, evals)
    steps, _ = _series(df, "loss")
    assert steps[-1] == done and len(set(steps)) == len(steps)
    assert not [w for w in caught if "resumed" in w]


LIGHTNING_EPOCH_AGG = """
import sys, torch, pytorch_lightning as pl
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(0)
X = torch.randn(192, 8); Y = (X.sum(1) > 0).long()
class M(pl.LightningModule):
    def __init__(self): super().__init__(); self.net = torch.nn.Linear(8, 2)
    def training_step(self, b, i):
        loss = torch.nn.functional.cross_entropy(self.net(b[0]), b[1])
        self.log("train_loss", loss, prog_bar=True, on_step=True, on_epoch=True)
        return loss
    def validation_step(self, b, i):
        self.log("val_loss", torch.nn.functional.cross_entropy(self.net(b[0]), b[1]), prog_bar=True)
    def configure_optimizers(self): return torch.optim.SGD(self.parameters(), lr=0.1)
pl.Trainer(max_epochs=5, accelerator="cpu", logger=False, enable_checkpointing=False, enable_model_summary=False,
           callbacks=[pl.callbacks.TQDMProgressBar(refresh_rate=1)]).fit(
    M(), DataLoader(TensorDataset(X[:128], Y[:128]), batch_size=16),
    DataLoader(TensorDataset(X[128:], Y[128:]), batch_size=32))
"""


def test_lightning_bar_carries_the_epoch_aggregate_once_an_epoch(tmp_path):
    """A real Lightning fit with its TQDM bar (``self.log(.., on_step=True, on_epoch=True, prog_bar=True)``): the bar's
    postfix shows ``train_loss_epoch`` of the epoch before on every batch of the next; it was a point at each step
    (36 of them for 5 epochs), one repeated value after another."""
    pytest = __import__("pytest")
    pytest.importorskip("pytorch_lightning")
    from _runs import print_job

    assert print_job(LIGHTNING_EPOCH_AGG, [], tmp_path / "slurm-9001.out") == 0
    df, _ = _read(tmp_path)
    steps, values = _series(df, "train_loss_epoch")
    assert len(steps) == 5 and steps[-1] == 40  # one an epoch, at its last batch (8 batches an epoch)
    assert len(set(values)) == 5
    assert len(_series(df, "train_loss_step")[0]) == 40


def test_mnist_example_printed_without_train(tmp_path):
    """``Epoch: 1 [64/128 (50%)]\\tLoss: ..`` (the PyTorch MNIST example's line without 'Train', real torch losses):
    two lines an epoch were averaged onto the epoch; now on the samples-seen axis as the example's own line is."""
    import torch

    torch.manual_seed(3)
    x, y = torch.randn(128, 4), torch.randint(0, 2, (128,))
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    lines, points = ["Training on cpu"], []
    for epoch in range(1, 5):
        for seen in (64, 128):
            loss = torch.nn.functional.cross_entropy(model(x[seen - 64:seen]), y[seen - 64:seen])
            opt.zero_grad()
            loss.backward()
            opt.step()
            lines.append(f"Epoch: {epoch} [{seen}/128 ({100 * seen // 128}%)]\tLoss: {loss.item():.6f}")
            points.append(((epoch - 1) * 128 + seen, round(loss.item(), 4)))
        lines.append(f"\nTest set: Average loss: {loss.item():.4f}, Accuracy: 72/128 (56%)\n")
    (tmp_path / "log.txt").write_text("\r\n".join(lines) + "\r\n")
    df, caught = _read(tmp_path)
    assert list(zip(*_series(df, "loss"))) == points
    assert not [w for w in caught if "printed 2 times" in w]


def test_train_and_valid_bars_described_by_phase_and_epoch(tmp_path):
    """Real tqdm bars ``Train 1`` (8 batches) then ``Valid 1`` (4) each epoch, every redraw kept: the training bar's
    number is the epoch (its bars restarted at 1..8, the log cut into 4 runs)."""
    from tqdm import tqdm

    buf, evals = io.StringIO(), []
    for e in range(1, 7):
        for name, total, loss in (("Train", 8, lambda i: 1.0 / e - 0.01 * i), ("Valid", 4, lambda i: 0.9 / e)):
            bar = tqdm(total=total, file=buf, mininterval=0, miniters=1, desc=f"{name} {e}")
            for i in range(total):
                bar.set_postfix(loss=round(loss(i), 4), **({"acc": 0.5 + e / 20} if name == "Valid" else {}))
                bar.update(1)
            bar.close()
        evals.append(float(f"{0.9 / e:.3g}"))
    (tmp_path / "train.log").write_text(buf.getvalue())
    assert _ids(tmp_path) == ["train.log"]
    df, _ = _read(tmp_path)
    steps, _ = _series(df, "loss")
    assert steps == list(range(1, 49))
    assert _series(df, "val_loss") == ([8 * e for e in range(1, 7)], evals)


def test_epoch_dict_printed_after_each_epoch_bar(tmp_path):
    """A real tqdm bar ``Epoch e`` over 8 batches, then ``print({'epoch': e, 'val_loss': .., 'train_loss': ..})``
    (an Accelerate-style loop): the dicts were taken for HF Trainer logs at steps 0..5 of the batch axis, the log
    cut in two runs and 32 batch losses dropped as abandoned sessions."""
    from tqdm import tqdm

    buf, vals = io.StringIO(), []
    for e in range(6):
        bar = tqdm(total=8, file=buf, mininterval=0, miniters=1, desc=f"Epoch {e}")
        for i in range(8):
            bar.set_postfix(loss=round(1.0 / (e + 1) - 0.01 * i, 3))
            bar.update(1)
        bar.close()
        vals.append(round(0.8 / (e + 1), 4))
        print({"epoch": e, "val_loss": vals[-1], "val_acc": 0.5 + e / 20, "train_loss": round(0.9 / (e + 1), 4)},
              file=buf)
    (tmp_path / "train.log").write_text(buf.getvalue())
    assert _ids(tmp_path) == ["train.log"]
    df, caught = _read(tmp_path)
    assert _series(df, "val_loss") == ([8 * (e + 1) for e in range(6)], vals)
    assert _series(df, "loss")[0] == list(range(1, 49))
    assert not [w for w in caught if "resumed" in w]


def test_logging_cookbook_format_with_a_logger_named_train(tmp_path):
    """``logging.getLogger("train")`` with the cookbook's ``'%(asctime)s - %(name)s - %(levelname)s - %(message)s'``:
    the logger's name was left on every line and taken for the split (``train_lr``; the validation line's values
    ``train_loss_epoch``: no validation at all), real torch losses."""

    import torch

    path = tmp_path / "log.txt"
    with _file_logger(path, "train", "%(asctime)s - %(name)s - %(levelname)s - %(message)s") as logger:
        torch.manual_seed(4)
        x = torch.randn(32, 4)
        model = torch.nn.Linear(4, 4)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        vals = []
        for epoch in range(1, 6):
            for step in (4, 8):
                loss = torch.nn.functional.mse_loss(model(x), x)
                opt.zero_grad()
                loss.backward()
                opt.step()
                logger.info(f"Epoch [{epoch}/5] Step [{step}/8] loss: {loss.item():.4f} lr: 0.05000")
            vals.append(round(loss.item() * 1.3, 4))
            logger.info(f"* Epoch {epoch} validation: loss={vals[-1]:.4f} acc=0.5625")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss", "lr", "val_loss", "val_acc"}
    assert _series(df, "val_loss") == ([8, 16, 24, 32, 40], vals)


def test_abbreviated_split_names_take_their_roles(tmp_path):
    """``print(f"{epoch:3d} trn_loss {l:.4f} trn_acc {a:.4f} vl_loss {vl:.4f} vl_acc {va:.4f}")``: ``vl_`` was no
    validation, so an overfitting run had no validation curve to show it."""
    from loganalyzer import analyze

    lines = [f"{e:3d} trn_loss {1 / e:.4f} trn_acc {1 - 0.5 / e:.4f} vl_loss {0.5 + abs(e - 4) / 10:.4f} "
             f"vl_acc {0.8 - abs(e - 4) / 100:.4f}" for e in range(1, 13)]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    run = analyze(str(tmp_path)).runs[0]
    assert run.roles["val_loss"] == "vl_loss" and run.roles["train_loss"] == "trn_loss"
    assert run.roles["val_acc"] == "vl_acc"


def test_pandas_history_printed_as_a_table(tmp_path):
    """``print(pd.DataFrame(history))`` after a real torch training (pandas' own layout: names over the columns,
    each row led by the index): the log read as no progress."""
    import torch

    torch.manual_seed(5)
    x = torch.randn(24, 3)
    model = torch.nn.Linear(3, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    history = {"epoch": [], "train_loss": [], "val_loss": []}
    for epoch in range(1, 11):
        loss = torch.nn.functional.mse_loss(model(x[:16]), x[:16])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = torch.nn.functional.mse_loss(model(x[16:]), x[16:]).item()
        history["epoch"].append(epoch)
        history["train_loss"].append(loss.item())
        history["val_loss"].append(val)
    table = pd.DataFrame(history)
    (tmp_path / "output.txt").write_text(f"Training done. History:\n{table}\n")
    df, _ = _read(tmp_path)
    steps, values = _series(df, "val_loss")
    assert steps == list(range(1, 11))
    assert values == [round(float(f"{v:.6f}"), 4) for v in history["val_loss"]]


def test_sklearn_mlp_validation_scores_are_read(tmp_path):
    """A real ``MLPClassifier(verbose=True, early_stopping=True)``: ``Iteration n, loss = ..`` then ``Validation
    score: ..``; the scores were dropped without a word."""
    pytest = __import__("pytest")
    pytest.importorskip("sklearn")
    import warnings as w

    from sklearn.neural_network import MLPClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 5))
    y = (x[:, 0] + x[:, 1] > 0).astype(int)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), w.catch_warnings():
        w.simplefilter("ignore")
        clf = MLPClassifier(hidden_layer_sizes=(16,), max_iter=15, verbose=True, early_stopping=True,
                            n_iter_no_change=100, random_state=0).fit(x, y)
    (tmp_path / "output.txt").write_text(out.getvalue())
    df, _ = _read(tmp_path)
    steps, scores = _series(df, "val_score")
    assert steps == list(range(1, 16))
    assert scores == [round(float(f"{s:.6f}"), 4) for s in clf.validation_scores_]


def test_lightning_rich_bar_with_its_metrics_wrapped(tmp_path):
    """A real Lightning fit with ``RichProgressBar`` into a file: Rich writes the bar's final state only, its metrics
    column wrapped onto indented lines under an 80-column console. The run had no point and no word said why."""
    pytest = __import__("pytest")
    pytest.importorskip("pytorch_lightning")
    pytest.importorskip("rich")
    from _runs import print_job

    script = LIGHTNING_EPOCH_AGG.replace("pl.callbacks.TQDMProgressBar(refresh_rate=1)",
                                         "pl.callbacks.RichProgressBar()")
    assert print_job(script, [], tmp_path / "train.log", env_extra={"COLUMNS": "80"}) == 0
    df, caught = _read(tmp_path)
    assert {"val_loss", "train_loss_epoch", "train_loss_step"} <= set(df.tag)
    assert any("Rich progress bar in its final state" in w for w in caught)


def test_indented_validation_block_names_every_line(tmp_path):
    """``print("Validation:")`` then ``print(f"  Loss: {l:.4f}")`` and ``print(f"  Accuracy: {a:.4f}")`` after each
    epoch's ``epoch e batch 8 loss ..``: the loss was the validation's, the accuracy left the training's."""
    lines = []
    for e in range(1, 9):
        lines += [f"epoch {e} batch 8 loss {1 / e:.4f}", "Validation:", f"  Loss: {0.5 + abs(e - 3) / 20:.4f}",
                  f"  Accuracy: {0.6 + e / 50:.4f}"]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert {"val_Loss", "val_Accuracy", "loss"} == set(df.tag)
    assert _series(df, "val_Accuracy")[1] == [round(0.6 + e / 50, 4) for e in range(1, 9)]


def test_loguru_eval_line_led_by_its_counter(tmp_path):
    """loguru's default layout (``{time} | {level: <8} | {name}:{function}:{line} - {message}``, written here by
    ``logging`` with the same format: loguru is not installed) of a loop printing ``Epoch {e:3d} | loss: ..`` and
    ``Eval {e:4d} | val_loss: ..``: the counter after 'Eval' was a series ``Eval`` (its values the epoch numbers)."""

    path = tmp_path / "train.log"
    fmt = "%(asctime)s | %(levelname)-8s | %(name)s:%(funcName)s:%(lineno)d - %(message)s"
    with _file_logger(path, "__main__.loguru43", fmt) as logger:
        for e in range(1, 7):
            logger.info(f"Epoch {e:3d} | loss: {1 / e:.4f} | acc: {0.5 + e / 20:.4f}")
            logger.info(f"Eval {e:4d} | val_loss: {0.5 + abs(e - 3) / 10:.4f} | val_acc: {0.6 + e / 50:.4f}")
    df, _ = _read(tmp_path)
    assert "Eval" not in set(df.tag)
    assert _series(df, "val_loss") == (list(range(1, 7)), [round(0.5 + abs(e - 3) / 10, 4) for e in range(1, 7)])


def test_german_compound_keys(tmp_path):
    """A German student's print, ``Epoche 3/12 - Trainingsverlust: .. - Genauigkeit: .. - Validierungsverlust: ..``
    (no run: no key was known) and ``Verlust`` / ``Val-Verlust`` (both one series ``loss``, their mean)."""
    a = [f"Epoche {e}/8 - Trainingsverlust: {1 / e:.4f} - Genauigkeit: {0.5 + e / 20:.4f} - Validierungsverlust: "
         f"{0.5 + abs(e - 3) / 10:.4f} - Validierungsgenauigkeit: {0.6 + e / 50:.4f}" for e in range(1, 9)]
    b = [f"Epoche {e}/8 - Verlust: {1 / e:.4f} - Val-Verlust: {0.5 + abs(e - 3) / 10:.4f}" for e in range(1, 9)]
    for name, lines, train in (("a", a, "train_loss"), ("b", b, "loss")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "train.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
        df, _ = _read(tmp_path / name)
        assert _series(df, train) == (list(range(1, 9)), [round(1 / e, 4) for e in range(1, 9)]), name
        assert _series(df, "val_loss")[1] == [round(0.5 + abs(e - 3) / 10, 4) for e in range(1, 9)], name


def test_history_table_drawn_with_pipes_and_rules(tmp_path):
    """A history printed as an ASCII-boxed table (rich's ``Table(box=box.ASCII)``, as prettytable/tabulate draw one:
    ``| epoch | train_loss | .. |`` between ``+----+`` rules): the log read as no progress."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.ASCII)
    for name in ("epoch", "train_loss", "val_loss"):
        table.add_column(name, justify="right")
    rows = [(e, round(1 / e, 4), round(0.5 + abs(e - 4) / 10, 4)) for e in range(1, 11)]
    for row in rows:
        table.add_row(*(str(v) for v in row))
    buf = io.StringIO()
    Console(file=buf, width=100).print(table)
    (tmp_path / "train.log").write_text("Training finished.\n" + buf.getvalue())
    df, _ = _read(tmp_path)
    assert _series(df, "val_loss") == (list(range(1, 11)), [r[2] for r in rows])
    assert _series(df, "train_loss")[1] == [r[1] for r in rows]


def test_epoch_then_a_dict_of_split_dicts(tmp_path):
    """``print(f"epoch {e}: {metrics}")`` where ``metrics = {'train': {'loss': .., 'acc': ..}, 'val': {..}}``: the
    line was taken for a config echo (a dict of dicts) and nothing was read."""
    lines = []
    for e in range(1, 9):
        metrics = {"train": {"loss": round(1 / e, 4), "acc": round(0.5 + e / 20, 4)},
                   "val": {"loss": round(0.5 + abs(e - 3) / 10, 4), "acc": round(0.6 + e / 50, 4)}}
        lines.append(f"epoch {e}: {metrics}")
    (tmp_path / "log.txt").write_text("\n".join(lines) + "\n")
    df, caught = _read(tmp_path)
    assert _series(df, "val_loss") == (list(range(1, 9)), [round(0.5 + abs(e - 3) / 10, 4) for e in range(1, 9)])
    assert _series(df, "train_acc")[1] == [round(0.5 + e / 20, 4) for e in range(1, 9)]
    assert not [w for w in caught if "HF" in w]


def test_two_models_printed_side_by_side_are_not_averaged(tmp_path):
    """``print(f"[{name:<8}] ep {e} loss {l:.4f} val {v:.4f}")`` for a baseline and a new model trained in one loop:
    the two models' values were one series, their mean (values the file never printed). Each keeps its own."""
    lines = []
    for e in range(1, 7):
        lines.append(f"{'[baseline]':<10} ep {e} loss {0.7 - e / 100:.4f} val {0.68 - e / 200:.4f}")
        lines.append(f"{'[ours]':<10} ep {e} loss {0.6 / e:.4f} val {0.45 + e / 50:.4f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert _series(df, "loss_baseline")[1] == [round(0.7 - e / 100, 4) for e in range(1, 7)]
    assert _series(df, "loss_ours")[1] == [round(0.6 / e, 4) for e in range(1, 7)]
    assert "loss" not in set(df.tag)


def test_split_names_in_brackets_stay_splits(tmp_path):
    """``[train] ep 1 loss ..`` / ``[val] ep 1 loss ..``: brackets naming the line's split are no models."""
    lines = []
    for e in range(1, 7):
        lines += [f"[train] ep {e} loss {1 / e:.4f}", f"[val] ep {e} loss {0.5 + e / 100:.4f}"]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert not any(t.endswith(("_train", "_val")) for t in set(df.tag))


def test_hf_legacy_eval_results_banner(tmp_path):
    """HF's legacy examples (run_glue.py) log through ``logging`` ``***** Eval results *****`` then one ``  key =
    value`` line a metric: the accuracy under it was the training's, ``train_loss`` under it stays the training's."""
    path = tmp_path / "train.log"
    fmt = "%(asctime)s - %(levelname)s - %(name)s -   %(message)s"
    with _file_logger(path, "__main__.glue43", fmt) as logger:
        for e in range(1, 7):
            logger.info(f"step {8 * e}: loss = {1 / e:.4f}")
            logger.info(f"***** Eval results (epoch {e}, step {8 * e}) *****")
            logger.info(f"  accuracy = {0.5 + e / 20:.4f}")
            logger.info(f"  eval_loss = {0.5 + abs(e - 3) / 10:.4f}")
            logger.info(f"  train_loss = {0.9 / e:.4f}")
    df, _ = _read(tmp_path)
    assert "accuracy" not in set(df.tag)
    assert _series(df, "val_accuracy")[1] == [round(0.5 + e / 20, 4) for e in range(1, 7)]
    assert "train_loss" in set(df.tag) and "val_train_loss" not in set(df.tag)


def test_hf_legacy_training_line_right_after_an_eval_block_stays_training(tmp_path):
    """The next ``step n: loss = ..`` record right after the block's last line is no line of the block."""
    path = tmp_path / "train.log"
    fmt = "%(asctime)s - %(levelname)s - %(name)s -   %(message)s"
    with _file_logger(path, "__main__.glue43b", fmt, "%m/%d/%Y %H:%M:%S") as logger:
        for e in range(1, 7):
            logger.info(f"step {8 * e}: loss = {1 / e:.4f}")
            logger.info("***** Eval results *****")
            logger.info(f"  acc = {0.5 + e / 20:.4f}")
    df, _ = _read(tmp_path)
    assert _series(df, "loss") == ([8 * e for e in range(1, 7)], [round(1 / e, 4) for e in range(1, 7)])
    assert _series(df, "val_acc")[1] == [round(0.5 + e / 20, 4) for e in range(1, 7)]


def test_pipe_fields_with_bare_split_values(tmp_path):
    """Opened set 84: ``step 100 | train 2.59 | val 2.59 | lr 1.00e-03 | 14s`` (olivergpt84: only 4 ``step n | loss``
    lines were read) and ``epoch 201 | train 1.11 (seg 0.08, thick 1.04) | val 1.32 (seg .., thick ..) | lr .. |
    epoch time 12m 44s`` in a log naming no loss (runout84: "no line names a loss"; read once the training falls)."""
    a = [f"step {100 * i:5d} | train {3 / (i + 1):.4f} | val {3.1 / (i + 1):.4f} | lr 1.00e-03 | {12 * i}s"
         for i in range(12)]
    a.insert(3, "  step   250 | loss 1.0000 | lr 1.00e-03")
    b = [f"epoch {e} | train {1.2 - e / 1000:.4f} (seg 0.0766, thick {1.1 - e / 1000:.4f}) | val {1.4 - e / 2000:.4f} "
         f"(seg 0.0771, thick 1.2452) | lr 3.91e-06 | epoch time 12m 44s | elapsed 12m 44s" for e in range(201, 211)]
    for name, lines in (("a", a), ("b", b)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "train_log.txt").write_text("Using device: cuda\n" + "\n".join(lines) + "\n")
    df, _ = _read(tmp_path / "a")
    assert _series(df, "val_loss") == ([100 * i for i in range(12)], [round(3.1 / (i + 1), 4) for i in range(12)])
    df, _ = _read(tmp_path / "b")
    assert _series(df, "train_loss")[0] == list(range(201, 211))
    assert {"val_loss", "train_thick", "val_seg", "lr"} <= set(df.tag)


def test_bracketed_split_line_and_equals_accuracy_lines(tmp_path):
    """Opened set 84: ``2026-03-31 20:47 - INFO - [Valid] epoch:1, MSE: 0.36`` under ``[Train] epoch:1, .., total:
    ..`` (pinntft84: its time has no seconds, the validation was unread) and ``Epoch 1: Train F1=0.91, Val F1=0.98,
    Val Acc=0.98`` among batch ``Loss`` lines (geneformer84: unread)."""
    a = []
    for e in range(1, 8):
        a.append(f"2026-03-31 20:{e:02d} - INFO - [Train] epoch:{e}, lr:0.000100, PDE:0.0184, total:{1 / e:.6f}")
        a.append(f"2026-03-31 20:{e:02d} - INFO - [Valid] epoch:{e}, MSE: {0.3 + e / 100:.8f}")
    b = []
    for e in range(1, 6):
        b += [f"Epoch {e} Step {s} Loss {1 / (e * s):.4f}" for s in (1, 2, 3)]
        b.append(f"Epoch {e}: Train F1={0.9 + e / 100:.4f}, Val F1={0.95 + e / 200:.4f}, Val Acc={0.94 + e / 200:.4f}")
    for name, lines in (("a", a), ("b", b)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "train_log.txt").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path / "a")
    assert _series(df, "val_MSE") == (list(range(1, 8)), [round(0.3 + e / 100, 4) for e in range(1, 8)])
    df, _ = _read(tmp_path / "b")
    assert _series(df, "Val_Acc")[1] == [round(0.94 + e / 200, 4) for e in range(1, 6)]


def test_eval_banner_naming_its_step(tmp_path):
    """``----- eval @ step 64 -----`` then ``valid | lm_loss .. | ppl ..`` (a step-less evaluation) in a loop that
    prints its training every 10 steps: the evaluations sat at the training's last printed step (60, 120, ..)."""
    lines = []
    for step in range(10, 330, 10):
        lines.append(f"[11/30 22:00:{step % 60:02d}] step {step:6d}/320 | lm_loss {1 / step:.4f} | lr 2.000e-02")
        for ev in range(64, 321, 64):
            if step - 10 < ev <= step:
                lines += [f"[11/30 22:00:{step % 60:02d}] ----- eval @ step {ev} -----",
                          f"[11/30 22:00:{step % 60:02d}] valid | lm_loss {0.3 + ev / 1000:.4f} | ppl 1.466"]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert _series(df, "val_lm_loss")[0] == [64, 128, 192, 256, 320]
