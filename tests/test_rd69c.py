"""Stop 69 (rd69c): reader kinds shown by opened sets 217 (OCR / handwriting) and 218 (metric learning / re-id).

- a Keras history pickled under an odd suffix (``loss_history.pickle.dat``: crnnlite217; ``history.p``) and a Keras
  ``CSVLogger`` file with an upper-case ``.CSV`` suffix (scvsn218) were no run (``discover_oddsuffix``);
each written here by the real writer (Keras ``model.fit`` with its ``CSVLogger``, ``pickle.dump(history.history)``).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from loganalyzer.discover import discover
from loganalyzer.discover_oddsuffix import pickle_stem, upper_csv
from loganalyzer.scan import scan

_KERAS = r'''
import os, sys, pickle
os.environ["KERAS_BACKEND"] = "torch"
import numpy as np, keras
root = sys.argv[1]
keras.utils.set_random_seed(0)
x = np.random.default_rng(0).random((64, 3), dtype=np.float32)
y = x @ np.array([[1.0], [2.0], [-1.0]], dtype=np.float32)
for name, how in (("ocr_iam", "pickle.dat"), ("tutorial", "p"), ("siamese", "CSV")):
    os.makedirs(os.path.join(root, name))
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.05), "mse")
    cbs = [keras.callbacks.CSVLogger(os.path.join(root, name, "dataset.CSV"))] if how == "CSV" else []
    H = model.fit(x, y, epochs=12, validation_split=0.25, verbose=0, callbacks=cbs)
    if how == "pickle.dat":
        pickle.dump(H.history, open(os.path.join(root, name, "loss_history.pickle.dat"), "wb"))
    elif how == "p":
        pickle.dump(H.history, open(os.path.join(root, name, "history.p"), "wb"))
# a .p that is no pickle, and a .dat pickle not named like a history: not taken as histories
open(os.path.join(root, "tutorial", "history_notes.p"), "w").write("some notes\n")
pickle.dump({"a": 1}, open(os.path.join(root, "ocr_iam", "classes.pickle.dat"), "wb"))
'''


@pytest.fixture(scope="module")
def keras_tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("keras69c")
    done = subprocess.run([sys.executable, "-c", _KERAS, str(root)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return root


def test_odd_suffix_names():
    assert pickle_stem("loss_history.pickle.dat") == "loss_history.pickle"
    assert pickle_stem("history.p") == "history.pickle"
    assert pickle_stem("history.pkl.bak") == "history.pkl"
    assert pickle_stem("history.pickle") is None and pickle_stem(".history.p") is None
    assert pickle_stem("history.pickle.backup_old") is None
    assert upper_csv("dataset.CSV") and upper_csv("log.Tsv") and not upper_csv("log.csv") and not upper_csv("CSV")


def test_odd_suffix_histories_are_runs(keras_tree: Path):
    problems: list = []
    runs = discover(str(keras_tree), problems)
    files = {f.path.replace(str(keras_tree) + "/", ""): f.format for run in runs for f in run.files}
    assert files.get("ocr_iam/loss_history.pickle.dat") == "keras_pickle"
    assert files.get("tutorial/history.p") == "keras_pickle"
    assert files.get("siamese/dataset.CSV") == "keras_csv"
    assert "ocr_iam/classes.pickle.dat" not in files and "tutorial/history_notes.p" not in files
    assert not problems, [str(p) for p in problems]

    rep = scan(str(keras_tree))
    by = {r.run: r for r in rep.runs}
    for run in by.values():  # loss and val_loss of 12 epochs each
        assert run.points >= 24 and run.verdict != "unknown", (run.run, run.verdict, run.points)


def test_odd_suffix_pickle_that_is_none_is_said(tmp_path: Path):
    (tmp_path / "loss_history.pickle.dat").write_text("not a pickle\n")
    problems: list = []
    assert discover(str(tmp_path), problems) == []
    assert any("loss_history.pickle.dat" in str(p) and "no pickled dict" in str(p) for p in problems), problems


class _Meter:  # torchreid's utils.avgmeter.AverageMeter: val, avg
    def __init__(self):
        self.val = self.avg = self.sum = self.count = 0.0

    def update(self, val, n=1):
        self.val, self.sum, self.count = val, self.sum + val * n, self.count + n
        self.avg = self.sum / self.count


def _torchreid_log(path: Path, epochs: int = 2, batches: int = 275) -> None:
    """The lines deep-person-reid 0.x train_imgreid_xent_htri.py prints (its format string, tab-separated), under its
    start-up banner, for a run whose Xent falls from ln(150) and Htri from 0.65."""
    import math
    import random

    rng = random.Random(3)
    lines = ["==========", "Args:Namespace(arch='resnet50', lambda_htri=1, lambda_xent=1, lr=0.0003, max_epoch=60)",
             "==========", "Initializing model: resnet50", "Model size: 23.508 M", "=> Start training"]
    for epoch in range(epochs):
        batch_time, data_time, xent_losses, htri_losses, accs = (_Meter() for _ in range(5))
        for batch_idx in range(batches):
            t = (epoch * batches + batch_idx) / (epochs * batches)
            batch_time.update(0.1 + rng.random() * 0.02)
            data_time.update(0.0001)
            xent_losses.update(math.log(150) * (1 - 0.5 * t) + rng.gauss(0, 0.2), 32)
            htri_losses.update(max(0.0, 0.65 * (1 - 0.4 * t) + rng.gauss(0, 0.2)), 32)
            accs.update(min(100.0, 3 + 40 * t + rng.gauss(0, 5)))
            if (batch_idx + 1) % 10 == 0:
                lines.append('Epoch: [{0}][{1}/{2}]\t'
                             'Time {batch_time.val:.3f} ({batch_time.avg:.3f})\t'
                             'Data {data_time.val:.4f} ({data_time.avg:.4f})\t'
                             'Xent {xent.val:.4f} ({xent.avg:.4f})\t'
                             'Htri {htri.val:.4f} ({htri.avg:.4f})\t'
                             'Acc {acc.val:.2f} ({acc.avg:.2f})\t'.format(
                                 epoch + 1, batch_idx + 1, batches, batch_time=batch_time, data_time=data_time,
                                 xent=xent_losses, htri=htri_losses, acc=accs))
    path.write_text("\n".join(lines) + "\n")


def test_torchreid_xent_htri_meters_are_read(tmp_path: Path):
    _torchreid_log(tmp_path / "log_train.txt")
    problems: list = []
    runs = discover(str(tmp_path), problems)
    assert len(runs) == 1, [str(p) for p in problems]  # was: "named like a log, but .. no training progress"
    rep = scan(str(tmp_path))
    (run,) = rep.runs
    roles = dict(run.roles)
    assert roles.get("train_loss") == "Xent", roles  # the identity cross-entropy, not the hard-triplet term
    assert run.points == 3 * 2 * 27  # Xent, Htri, Acc at each of 2 x 27 printed batches
    assert run.verdict != "unknown"


def _signet_log(path: Path) -> None:
    """SignatureNet's train.py ``log()`` (a '[%Y-%m-%d %H:%M:%S] ' prefix, then its f-strings), 15 epochs whose
    training loss is flat and whose validation ROC-AUC peaks at epoch 5, as set 218's signet218 run."""
    import random
    import time

    rng = random.Random(1)
    with open(path, "a", buffering=1) as lf:
        def log(s):
            ts = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())
            lf.write(f"[{ts}] {s}\n")

        best_auc = -1.0
        for epoch in range(1, 16):
            avg_train_loss = 0.1397 - 0.0003 * epoch + rng.gauss(0, 0.001)
            log(f"[Epoch {epoch}] train_loss={avg_train_loss:.6f}")
            roc_auc = 0.806 + 0.004 * min(epoch, 5) - 0.004 * max(0, epoch - 5) + rng.gauss(0, 0.002)
            eer, thr = 0.268 + 0.002 * max(0, epoch - 5), 0.9 + rng.random() * 0.1
            log(f"[Epoch {epoch}] val ROC-AUC={roc_auc:.6f} EER={eer:.6f} thr={thr:.6f}")
            if roc_auc > best_auc:
                best_auc = roc_auc
                log(f"[INFO] Saved new best model at epoch {epoch}, AUC={roc_auc:.6f}")
        log("[INFO] Training finished.")


def test_epoch_val_score_lines_beside_a_train_loss(tmp_path: Path):
    _signet_log(tmp_path / "train_log.txt")
    (run,) = scan(str(tmp_path)).runs
    roles = dict(run.roles)
    assert roles.get("val_metric") == "val_roc_auc", roles  # was: train_loss alone, 15 points
    assert run.points == 45  # train_loss, val_roc_auc, val_eer (the threshold is no score)


def _lprnet_log(path: Path) -> None:
    """LPRNet_Pytorch's train_LPRNet.py print (ssd.pytorch's 'epochiter' shape) with a fork's '[Epoch Summary]' /
    '[Epoch Eval]' lines and its closing checkpoint list (set 217's lprnetft217 ``train.log``)."""
    lines, epoch_size, iteration = ["Successful to build network!"], 100, 0
    for epoch in range(1, 7):
        for i in range(0, epoch_size, 20):
            loss, lr = 1.0 / (iteration + 5) ** 0.5, 1e-3 if epoch < 4 else 1e-4
            lines.append('Epoch:' + repr(epoch) + ' || epochiter: ' + repr(iteration % epoch_size) + '/'
                         + repr(epoch_size) + '|| Totel iter ' + repr(iteration) + ' || Loss: %.4f||' % loss
                         + 'Batch time: %.4f sec. ||' % 0.0466 + 'LR: %.8f' % lr)
            iteration += 20
        lines.append(f"[Epoch Summary] Epoch {epoch} AvgLoss {0.3 / epoch:.4f}")
        if epoch == 3:
            lines += [f"[Epoch Eval] Epoch {epoch} start evaluation...",
                      f"[Epoch Eval] Epoch {epoch} AvgLoss {0.3 / epoch:.4f} TestAcc 0.936685"]
    lines += ["Final test Accuracy:", "[Info] Test Accuracy: 0.937484993997599 [93711:2671:3578:99960]",
              "[Training Done] Best Test Accuracy: 0.937485", "[Training Done] 3-epoch checkpoints:",
              f"  - Epoch 3 | AvgLoss {0.3 / 3:.4f} | TestAcc 0.936685"]
    path.write_text("\n".join(lines) + "\n")


def _read_counts(path: Path) -> dict:
    from loganalyzer.readers import joblog

    return joblog.read(path.read_bytes(), str(path)).scalars.groupby("tag").size().to_dict()


def test_epochiter_counter_is_no_series(tmp_path: Path):
    _lprnet_log(tmp_path / "train.log")
    counts = _read_counts(tmp_path / "train.log")
    assert "epochiter" not in counts, counts  # a batch counter, no series


def _handwriting_log(path: Path) -> None:
    """The PyTorch CIFAR tutorial's '[%d, %5d] loss: %.3f' batch lines, under 'training.....' and 'validation....'
    banners, then the epoch's averages (set 217's hwsynthsw217 ``test_p_7.out``)."""
    lines = ["Arguments: Namespace(batch_size=100, lr=0.001, n_epochs=1200)"]
    for epoch in range(20):
        lines.append("training.....")
        for i in range(0, 60, 10):
            lines.append('[%d, %5d] loss: %.3f' % (epoch + 1, i + 1, 500.0 / (epoch * 6 + i / 10 + 1)))
        lines += ["validation....", '[%d, %5d] loss: %.3f' % (epoch + 1, 1, 400.0 / (epoch + 1)),
                  f"Epoch {epoch + 1}: Train: avg. loss: {450.0 / (epoch + 1):.3f}",
                  f"Epoch {epoch + 1}: Valid: avg. loss: {420.0 / (epoch + 1):.3f}",
                  f"Saving best model at epoch {epoch + 1}", "Generating sequence...."]
    path.write_text("\n".join(lines) + "\n")


def test_validation_batch_lines_restarting_their_counter(tmp_path: Path):
    _handwriting_log(tmp_path / "test_p_7.out")
    from loganalyzer.readers import joblog

    path = tmp_path / "test_p_7.out"
    df = joblog.read(path.read_bytes(), str(path)).scalars
    val = df[df.tag == "val_loss"]
    assert len(val) == 20 and val.step.nunique() == 20, val.step.tolist()  # was: all 20 at step 1
