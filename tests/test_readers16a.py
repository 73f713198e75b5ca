"""Reader kinds of branch readers16a (breaker7's printed job logs), each input printed by a real (tiny) torch loop:

1. a log whose last line has no newline: a complete last line is read, one cut mid-number is dropped with a warning
   naming the file's line (``readers/_joblog_lastline``);
2. Lightning ``ModelCheckpoint(verbose=True)`` lines are validation points at their global step; W&B's printed run
   summary is no extra point; the ending counts them as progress (``readers/_progress_ckpt``);
3. ``T_Loss``/``V_Loss``, ``tr_loss``/``va_loss``, ``Tr_Acc``/``Val_Acc``: the split's initial names the role
   (``curves_names.words``);
4. ``TRAIN in epoch N , step S, loss = X`` / ``TEST in epochN, ...``: one run, a global step, no ``TRAIN_in_epoch``
   series (``readers/_progress_in_epoch``);
5. ``Epoch: N | Epoch Time: ...`` on a line of its own (Python logging) above that epoch's Train/Test lines: both at
   step N (``_joblog_headers``);
6. a ``FINAL TEST RESULTS`` block after training is test metrics at the last step, never a training accuracy; a
   ``Fold k`` counter names the run, no series (``readers/_joblog_testblock``, ``_progress._RUN_KEYS``).
"""
from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import warnings
from contextlib import redirect_stdout

import pytest

import torch

from loganalyzer import read_scalars

from _runs import one_thread  # noqa: F401,E402  (one_thread: autouse)


def scalars(path, resolve=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_scalars(path, resolve=resolve)
    return frame, [str(w.message) for w in caught]


def series(frame, tag):
    rows = frame[frame.tag == tag]
    return rows.step.tolist(), [round(v, 4) for v in rows.value.tolist()]


def fit(epochs: int, seed: int = 0):
    """A tiny regression trained for ``epochs`` epochs: (train loss, val loss) per epoch."""
    torch.manual_seed(seed)
    x = torch.randn(256, 4)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 0.1 * torch.randn(256)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    out = []
    for _ in range(epochs):
        loss = torch.nn.functional.mse_loss(model(x[:200]).squeeze(1), y[:200])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = torch.nn.functional.mse_loss(model(x[200:]).squeeze(1), y[200:])
        out.append((loss.item(), val.item()))
    return out


# ---------------------------------------------------------------- 1. last line without its newline


def keras_log(epochs: int) -> tuple[str, list]:
    """Keras 2 ``fit(verbose=1)``-shaped lines printed by a torch loop; the last one printed with ``end=""``."""
    losses = fit(epochs)
    buf = io.StringIO()
    with redirect_stdout(buf):
        for e, (loss, val) in enumerate(losses, 1):
            print(f"Epoch {e}/{epochs}")
            print(f"7/7 [==============================] - 0s 2ms/step - loss: {loss:.4f} - val_loss: {val:.4f}",
                  end="" if e == epochs else "\n")
    return buf.getvalue(), losses


def test_complete_last_line_without_newline_is_read(tmp_path):
    text, losses = keras_log(5)
    assert not text.endswith("\n")
    (tmp_path / "training_log.txt").write_text(text)
    frame, caught = scalars(tmp_path)
    assert series(frame, "loss") == ([1, 2, 3, 4, 5], [round(float(f"{t:.4f}"), 4) for t, _ in losses])
    assert series(frame, "val_loss")[0] == [1, 2, 3, 4, 5]
    assert series(frame, "val_loss")[1][-1] == round(float(f"{losses[-1][1]:.4f}"), 4)
    assert not [w for w in caught if "cut" in w]


def test_last_line_cut_mid_number_is_dropped_and_said(tmp_path):
    text, losses = keras_log(5)
    (tmp_path / "training_log.txt").write_text(text[:-2])  # killed while writing the last value
    frame, caught = scalars(tmp_path)
    assert series(frame, "loss")[0] == [1, 2, 3, 4]
    cut = [w for w in caught if "looks cut short" in w]
    assert len(cut) == 1 and "training_log.txt" in cut[0] and "line 10" in cut[0]


# ---------------------------------------------------------------- 3. T_/V_ (Tr_/Val_, tr_/va_) split prefixes


def test_split_initials_name_train_and_validation(tmp_path):
    from loganalyzer.curves import find_curves
    losses = fit(4)
    lines = [f"Epoch: {e:3d} | T_Loss {t:.3f} | T_acc {0.1 * e:.3f} | V_Loss {v:.3f} | V_acc. {0.1 * e:.3f} | 12.5"
             for e, (t, v) in enumerate(losses, 1)]
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    lines = [f"epoch {e} tr_loss={t:.4f} va_loss={v:.4f} Tr_Acc={0.5:.2f} Val_Acc={0.4:.2f}"
             for e, (t, v) in enumerate(losses, 1)]
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "train_log.txt").write_text("\n".join(lines) + "\n")
    frame, _ = scalars(tmp_path)
    roles = {}
    for d, rows in frame.groupby("dir", observed=True):
        c = find_curves(rows.drop(columns="dir").assign(dir=""))
        roles[d] = {r: getattr(c, r).tag for r in ("train_loss", "val_loss", "train_acc", "val_acc")
                    if getattr(c, r, None) is not None}
    assert roles["train_log.txt"] == {"train_loss": "T_Loss", "val_loss": "V_Loss", "train_acc": "T_acc",
                                      "val_acc": "V_acc."}
    assert roles["other/train_log.txt"] == {"train_loss": "tr_loss", "val_loss": "va_loss", "train_acc": "Tr_Acc",
                                            "val_acc": "Val_Acc"}


# ---------------------------------------------------------------- 2. Lightning ModelCheckpoint lines

LIGHTNING_FIT = textwrap.dedent("""
    import torch, pytorch_lightning as pl
    from pytorch_lightning.callbacks import ModelCheckpoint
    torch.manual_seed(0)
    x = torch.randn(64, 4); y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0])
    class M(pl.LightningModule):
        def __init__(self):
            super().__init__(); self.lin = torch.nn.Linear(4, 1)
        def training_step(self, b, i):
            return torch.nn.functional.mse_loss(self.lin(b[0]).squeeze(1), b[1])
        def validation_step(self, b, i):
            loss = torch.nn.functional.mse_loss(self.lin(b[0]).squeeze(1), b[1])
            self.log("val_loss", loss + (100.0 if self.current_epoch == 3 else 0.0))
        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.05)
    dl = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=32)
    ck = ModelCheckpoint(dirpath="ckpt", monitor="val_loss", save_top_k=1, verbose=True)
    t = pl.Trainer(max_epochs=6, callbacks=[ck], logger=False, enable_progress_bar=False,
                   enable_model_summary=False, num_sanity_val_steps=0)
    t.fit(M(), dl, dl)
    print(f"FINAL {ck.best_model_score.item():.5f}")
""")


@pytest.mark.slow
def test_lightning_checkpoint_lines_are_validation_points(tmp_path):
    (tmp_path / "fit.py").write_text(LIGHTNING_FIT)
    with open(tmp_path / "job.out", "w") as out:
        subprocess.run([sys.executable, "fit.py"], cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, check=True,
                       timeout=600)
    text = (tmp_path / "job.out").read_text()
    assert "was not in top 1" in text and "reached" in text
    best = text.split("FINAL ")[1].split()[0]
    # W&B's closing summary as wandb prints it online ('wandb: Run summary:', keys right-aligned): a copy of the
    # last values, no point of its own
    text = text.replace(f"FINAL {best}\n", "")
    text += f"wandb: \nwandb: Run summary:\nwandb:    epoch 5\nwandb: val_loss {best}\nwandb: \n"
    (tmp_path / "job.out").write_text(text)
    (tmp_path / "fit.py").unlink()
    frame, _ = scalars(tmp_path)
    steps, values = series(frame, "val_loss")
    assert steps == [2, 4, 6, 10, 12]  # every epoch's check but epoch 3's ('was not in top 1': no value printed)
    assert values[-1] == round(float(best), 4)
    from loganalyzer.discover import discover
    from loganalyzer.load import load_run
    (run,) = discover(str(tmp_path))
    ended = load_run(run).ended
    assert ended is not None and "before any loss" not in ended.summary and ended.step == 12


# ---------------------------------------------------------------- 4. TRAIN in epoch N , step S / TEST in epochN


def test_split_in_epoch_lines_are_one_run_with_global_steps(tmp_path):
    torch.manual_seed(0)
    x = torch.randn(96, 4)
    y = (x[:, 0] > 0).long()
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    buf = io.StringIO()
    with redirect_stdout(buf):
        for epoch in range(3):
            for step in range(0, 96, 8):
                loss = torch.nn.functional.cross_entropy(model(x[step:step + 8]), y[step:step + 8])
                opt.zero_grad()
                loss.backward()
                opt.step()
                if step % 16 == 0:
                    print(f"TRAIN in epoch {epoch} , step {step}, loss = {loss.item():.11f}")
            with torch.no_grad():
                out = model(x)
                acc = (out.argmax(1) == y).float().mean().item() * 100
                print(f"TEST in epoch{epoch}, loss = {torch.nn.functional.cross_entropy(out, y).item():.11f}, "
                      f"acc = {acc:.10f}%")
    (tmp_path / "train.out").write_text(buf.getvalue())
    frame, _ = scalars(tmp_path)
    assert set(frame.dir) == {"train.out"}  # one training, one run
    assert not [t for t in frame.tag.unique() if "epoch" in t.lower()]
    steps, _ = series(frame, "TRAIN_loss")
    assert len(steps) == 18 and steps == sorted(steps) and len(set(steps)) == 18
    test_steps, _ = series(frame, "TEST_loss")
    assert len(test_steps) == 3 and test_steps == sorted(test_steps) and len(set(test_steps)) == 3
    assert len(series(frame, "TEST_acc")[0]) == 3


# ---------------------------------------------------------------- 5. 'Epoch: N' header line (Python logging)


def test_epoch_header_line_gives_the_step_of_train_and_test_lines(tmp_path):
    import logging
    losses = fit(5)
    log = tmp_path / "logs" / "mta.log"
    log.parent.mkdir()
    logger = logging.getLogger("r16a_mta")
    handler = logging.FileHandler(log)
    handler.setFormatter(logging.Formatter("%(levelname)s:root:%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        for epoch, (t, v) in enumerate(losses):
            logger.info(f"\nEpoch: {epoch} | Epoch Time: {1.5 + epoch:.2f} s")
            logger.info(f"\tTrain: loss = {t} | f1 = {0.3 + 0.01 * epoch:.6f}")
            logger.info(f"\tTest: loss = {v} | f1 = {0.4 + 0.01 * epoch:.6f}\n")
    finally:
        logger.removeHandler(handler)
        handler.close()
    frame, _ = scalars(tmp_path)
    assert series(frame, "Train_loss")[0] == [0, 1, 2, 3, 4]
    assert series(frame, "Test_loss") == ([0, 1, 2, 3, 4], [round(v, 4) for _, v in losses])


# ---------------------------------------------------------------- 6. k-fold runs, then a final test block


def test_final_test_block_and_fold_counter(tmp_path):
    buf = io.StringIO()
    with redirect_stdout(buf):
        for fold in range(1, 4):
            print(f"Fold {fold}: train=113 (pos=33, neg=80) | val=29 (pos=9, neg=20)")
            for epoch, (t, v) in enumerate(fit(3 + fold, seed=fold), 1):
                print(f"  [Fold {fold} Ep {epoch:03d}] tr_loss={t:.4f} tr_auc={0.5:.4f} | val_auc={1 - v / 10:.4f} "
                      f"val_f1={0.4:.4f} thr=0.62 | 2.5s")
            print(f"  Fold {fold} done: best_AUC=0.6722  best_F1=0.5797  epoch=2")
        for epoch, (t, _) in enumerate(fit(4, seed=9), 1):
            print(f"[Ep {epoch:03d}/4] loss={t:.4f} train_auc=0.5093 lr=2.82e-06 | 2.6s")
        print("=" * 65)
        print("  FINAL TEST RESULTS  (threshold=0.57)")
        print("=" * 65)
        for name, value in (("AUC-ROC", 0.6472), ("F1 (macro)", 0.4835), ("Precision", 0.3214),
                            ("Accuracy", 0.4894)):
            print(f"  {name:<11}: {value:.4f}")
        print()
        print("  Confusion Matrix:")
    (tmp_path / "log_train.txt").write_text(buf.getvalue())
    frame, _ = scalars(tmp_path)
    assert sorted(set(frame.dir)) == [f"log_train.txt#{k}" for k in range(1, 5)]  # 3 folds + the final training
    assert not [t for t in frame.tag.unique() if t.lower() == "fold"]
    last = frame[frame.dir == "log_train.txt#4"]
    assert "Accuracy" not in set(last.tag)
    test = last[last.tag.str.startswith("test_")]
    assert dict(zip(test.tag, test.value)) == {"test_AUC-ROC": 0.6472, "test_F1_(macro)": 0.4835,
                                               "test_Precision": 0.3214, "test_Accuracy": 0.4894}
    assert set(test.step) == {4}
