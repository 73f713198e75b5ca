"""Stop 44's printed-log reader fixes, from the opened sets 86/87 (each log printed the way the script prints it, the
numbers from a real tiny torch training).

- The PyTorch "NLP From Scratch" tutorials print the loss as a bare number after a time and a counter
  (``0m 24s (- 6m 34s) (5000 6%) 3.5270``; ``5000 5% (0m 8s) 2.1344 Albert / French ✓``): such a log was no run, and
  a log that appended a second training naming its loss had only that second training read.
"""
from __future__ import annotations

import math
import re
import time

import pytest

from test_readers20a import _ids, _read, _series  # noqa: E402
from test_readers43 import _file_logger  # noqa: E402
from test_readers43b import history  # noqa: E402,F401 (the fixture)


def _since(since: float, percent: float | None = None) -> str:
    """The tutorials' ``timeSince``: 'Xm Ys' elapsed, and with ``percent`` '(- Xm Ys)' remaining."""
    def as_minutes(s: float) -> str:
        return "%dm %ds" % (math.floor(s / 60), s - math.floor(s / 60) * 60)
    s = time.time() - since
    if percent is None:
        return as_minutes(s)
    return "%s (- %s)" % (as_minutes(s), as_minutes(s / percent - s))


@pytest.fixture(scope="module")
def losses() -> list[float]:
    """The averaged loss every 50 iterations of a tiny GRU language model trained on a repeated string (8 prints)."""
    import torch

    torch.manual_seed(0)
    text = torch.tensor([ord(c) % 16 for c in "the cat sat on the mat " * 8])
    emb, rnn, head = torch.nn.Embedding(16, 8), torch.nn.GRU(8, 16, batch_first=True), torch.nn.Linear(16, 16)
    params = [*emb.parameters(), *rnn.parameters(), *head.parameters()]
    opt = torch.optim.Adam(params, lr=0.01)
    out, total = [], 0.0
    for it in range(1, 401):
        i = int(torch.randint(0, len(text) - 11, ()))
        x, y = text[i:i + 10][None], text[i + 1:i + 11][None]
        loss = torch.nn.functional.cross_entropy(head(rnn(emb(x))[0])[0], y[0])
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item()
        if it % 50 == 0:
            out.append(total / 50)
            total = 0.0
    return out


def test_seq2seq_tutorial_lines_are_the_training_loss(tmp_path, losses):
    start, n_iters = time.time(), 400
    lines = ["Reading lines...", "Read 135842 sentence pairs", "Counted words:"]
    for k, loss in enumerate(losses, 1):
        it = 50 * k
        lines.append("%s (%d %d%%) %.4f" % (_since(start, it / n_iters), it, it / n_iters * 100, loss))
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    assert _ids(tmp_path) == ["train_log.txt"]
    df, said = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert steps == list(range(50, 401, 50))
    assert values == [round(float("%.4f" % v), 4) for v in losses]
    assert any("PyTorch tutorials" in s and "train_log.txt" in s for s in said)


def test_char_rnn_classification_lines(tmp_path, losses):
    start, n_iters = time.time(), 400
    lines = []
    for k, loss in enumerate(losses, 1):
        it = 50 * k
        lines.append("%d %d%% (%s) %.4f %s / %s %s" % (it, it / n_iters * 100, _since(start), loss, "Albert",
                                                     "French", "✓" if k % 2 else "✗ (German)"))
    (tmp_path / "out.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _ids(tmp_path) == ["out.log"]
    df, _ = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert steps == list(range(50, 401, 50))
    assert values[0] == round(float("%.4f" % losses[0]), 4) and len(values) == 8


def test_second_training_naming_its_loss_is_its_own_run(tmp_path, losses):
    """A logging prefix on every line; the first training prints bare numbers, the appended second one says
    'training loss = ' under the same counter: two runs, each at its own iterations (only the second was read)."""
    start = time.time()
    pre = "INFO---->train--->2022-03-23 10:37:30,456--->"
    lines = [pre + "%s (%d %d%%) %.4f" % (_since(start), 50 * k, 50 * k / 4, v) for k, v in enumerate(losses, 1)]
    lines += [pre + "%s (%d %d%%) training loss = %.4f" % (_since(start), 50 * k, 50 * k / 1.5, v)
              for k, v in enumerate(losses[:3], 1)]
    lines.append(pre + "-------------------------train finish-------------------------")
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    assert _ids(tmp_path) == ["train_log.txt#1", "train_log.txt#2"]
    df, _ = _read(tmp_path)
    assert _series(df, "loss", "train_log.txt#1")[0] == list(range(50, 401, 50))
    steps, values = _series(df, "training_loss", "train_log.txt#2")
    assert steps == [50, 100, 150] and values == [round(float("%.4f" % v), 4) for v in losses[:3]]


def test_a_percent_in_parentheses_alone_is_no_loss(tmp_path):
    """Without the tutorial's elapsed time before the counter, '(5000 6%) 3.52' stays unread (a download's
    progress, a disk's usage)."""
    (tmp_path / "train.log").write_text("epoch 1 loss=0.9\nepoch 2 loss=0.7\nused (5000 6%) 3.52\nfree (6000 7%) 2.1\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss"}
    assert _series(df, "loss") == ([1, 2], [0.9, 0.7])


def test_numbered_loss_terms_after_a_yaml_like_settings_dump(tmp_path, losses):
    """``vars(args)`` printed as ``name: value`` lines between dashes (two named like losses), then the PyTorch MNIST
    example's line with six numbered terms and no total (public elsa86): the log was no run (its head named no
    'loss' word), and once found the two settings were one-point losses. Now: found, the settings no series, the
    first term the training loss (the others beside it), the run judged."""
    settings = {"audio_dir": "../data/feats/vggish/", "batch_size": 32, "epochs": 30, "lr": 0.0001,
                "loss_temporal_wei": 1.0, "loss_avss_wei": 1.0, "mode": "train", "seed": 1, "log_interval": 50}
    lines = ["-" * 30] + [f"{k}: {v}" for k, v in settings.items()] + ["-" * 30]
    lines += ["[SETTING] v_pseudo_flag = True"]
    for k, v in enumerate(losses):
        epoch, seen = 1 + k // 4, (k % 4) * 1600
        terms = " ".join(f"Loss{i}: {v * i / 3:.3f}" for i in range(1, 7))
        lines.append(f"Train Epoch: {epoch} [{seen}/6400 ({100 * seen / 6400:.0f}%)] {terms}")
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    assert _ids(tmp_path) == ["train_log.txt"]
    df, _ = _read(tmp_path)
    assert set(df.tag) == {f"Loss{i}" for i in range(1, 7)}
    assert len(_series(df, "Loss1")[1]) == 8

    from loganalyzer import analyze
    run = analyze(str(tmp_path)).runs[0]
    assert run.verdict != "unknown"
    assert run.roles["train_loss"] == "Loss1"


def test_time_series_library_vali_loss_is_the_validation(tmp_path, losses):
    """Informer/Autoformer/Crossformer/TimesNet (the Time-Series-Library family) print ``Vali Loss`` and ``Test Loss``
    after each epoch (public myformer86): ``Vali_Loss`` was a loss component and ``Test_Loss`` the validation."""
    lines = ["Args in experiment:", ">>>>>>>start training : Crossformer_WTH_il48_ol48>>>>>>>>>>", "train 20065",
             "val 7153", "test 7153"]
    for epoch, v in enumerate(losses, 1):
        for it in (100, 200):
            lines.append("\titers: {0}, epoch: {1} | loss: {2:.7f}".format(it, epoch, v * 1.1))
            lines.append("\tspeed: 0.0428s/iter; left time: 529.3042s")
        lines.append("Epoch: {} cost time: 28.2".format(epoch))
        lines.append("Epoch: {0}, Steps: {1} | Train Loss: {2:.7f} Vali Loss: {3:.7f} Test Loss: {4:.7f}".format(
            epoch, 250, v, v * 0.8 + 0.02 * epoch, v * 0.9))
    (tmp_path / "WTH_48.log").write_text("\n".join(lines) + "\n")
    from loganalyzer import analyze
    run = analyze(str(tmp_path)).runs[0]
    assert run.roles["val_loss"] == "Vali_Loss"
    assert run.roles["train_loss"] == "Train_Loss"


@pytest.fixture(scope="module")
def epochs(history) -> list[dict]:
    """Per-epoch (loss, accuracy) of train and val of test_readers43b's tiny torch classifier (10 of its epochs)."""
    return [{"train": (h["train_loss"], h["train_acc"]), "val": (h["val_loss"], h["val_acc"])} for h in history[:10]]


def test_markdown_table_per_epoch_with_split_rows(tmp_path, epochs):
    """``=== Epoch N ===`` then a Markdown table whose rows are the splits: no run's values had been read."""
    lines = []
    for e, row in enumerate(epochs, 1):
        lines += ["", f"=== Epoch {e} ===", "| split | loss   | acc    |", "|-------|--------|--------|"]
        lines += [f"| {s:<5} | {row[s][0]:.4f} | {row[s][1]:.4f} |" for s in ("train", "val")]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"train_loss", "train_acc", "val_loss", "val_acc"}
    steps, values = _series(df, "val_loss")
    assert steps == list(range(1, 11))
    assert values == [round(float(f"{r['val'][0]:.4f}"), 4) for r in epochs]
    assert _series(df, "train_acc")[1][-1] == round(float(f"{epochs[-1]['train'][1]:.4f}"), 4)


def test_pandas_table_per_epoch_with_split_rows(tmp_path, epochs):
    """``print(pd.DataFrame(rows).to_string(index=False))`` each epoch, a 'phase' column naming the split, no epoch
    line above: the tables' ordinals are the epochs."""
    import pandas as pd

    chunks = []
    for row in epochs:
        frame = pd.DataFrame([{"phase": name, "loss": round(row[s][0], 4), "acc": round(row[s][1], 4)}
                              for name, s in (("train", "train"), ("valid", "val"))])
        chunks.append(frame.to_string(index=False))
    (tmp_path / "out.log").write_text("starting\n" + "\n\n".join(chunks) + "\ndone\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"train_loss", "train_acc", "val_loss", "val_acc"}
    steps, values = _series(df, "val_loss")
    assert steps == list(range(10)) and values == [round(r["val"][0], 4) for r in epochs]


def test_ignite_style_split_epoch_dicts(tmp_path, epochs):
    """pytorch-ignite's examples log ``Train Epoch[1/6] : {'accuracy': .., 'loss': ..}`` and ``Test Epoch[1/6] :
    {..}`` through ``setup_logger``'s format (a newcomer breaker's log): the test values were every other point of the
    training loss and each epoch its own run. Now one run: train and test series at the epochs printed."""
    with _file_logger(tmp_path / "log.txt", "trainer44", "%(asctime)s %(name)s %(levelname)s: %(message)s") as logger:
        for e, row in enumerate(epochs[:6], 1):
            logger.info("Engine run starting with max_epochs=1.")
            for tag, s in (("Train", "train"), ("Test", "val")):
                metrics = {"accuracy": round(row[s][1], 4), "loss": round(row[s][0], 4)}
                logger.info(f"{tag} Epoch[{e}/6] : {metrics}")
    assert _ids(tmp_path) == ["log.txt"]
    df, _ = _read(tmp_path)
    assert _series(df, "loss") == (list(range(1, 7)), [round(r["train"][0], 4) for r in epochs[:6]])
    assert _series(df, "test_loss") == (list(range(1, 7)), [round(r["val"][0], 4) for r in epochs[:6]])
    assert _series(df, "test_accuracy")[1][-1] == round(epochs[5]["val"][1], 4)


def test_accelerate_epoch_metric_dicts_beside_step_losses(tmp_path, epochs, capsys):
    """Accelerate's nlp_example prints ``accelerator.print(f"epoch {epoch}:", eval_metric)`` -- a dict of metrics, no
    loss -- between the training's loss lines: those evaluations were dropped in silence."""
    from accelerate import Accelerator

    accelerator = Accelerator(cpu=True)
    for e, row in enumerate(epochs[:5]):
        accelerator.print(f"step loss {row['train'][0]:.4f}")
        accelerator.print(f"epoch {e}:", {"accuracy": round(row["val"][1], 4), "f1": round(row["val"][1] * 0.97, 4)})
    (tmp_path / "output.txt").write_text(capsys.readouterr().out)
    df, _ = _read(tmp_path)
    steps, values = _series(df, "val_accuracy")
    assert len(steps) == 5 and steps == sorted(steps)
    assert values == [round(r["val"][1], 4) for r in epochs[:5]]
    assert len(_series(df, "val_f1")[1]) == 5


def test_evaluation_block_under_a_bracketed_logging_prefix(tmp_path, epochs):
    """``[%(asctime)s][%(levelname)s] %(message)s``: ``==> Evaluation @ epoch N`` then indented ``loss      : ..`` /
    ``accuracy  : ..`` lines (a newcomer breaker's research-code log): the evaluation's loss was every sixth point of
    the training loss and its accuracy the training's."""
    with _file_logger(tmp_path / "train.log", "research44", "[%(asctime)s][%(levelname)s] %(message)s") as logger:
        for e, row in enumerate(epochs[:5], 1):
            for it in (2 * e - 1, 2 * e):
                logger.info(f"it {it:5d} | loss {row['train'][0]:.4f} | lr 1.00e-03")
            logger.info(f"==> Evaluation @ epoch {e}")
            logger.info(f"    loss      : {row['val'][0]:.4f}")
            logger.info(f"    accuracy  : {row['val'][1]:.4f}")
    df, _ = _read(tmp_path)
    assert len(_series(df, "loss")[1]) == 10
    assert _series(df, "val_loss")[1] == [round(float(f"{r['val'][0]:.4f}"), 4) for r in epochs[:5]]
    assert len(_series(df, "val_accuracy")[1]) == 5


def test_dicts_at_a_printed_step_and_a_final_block(tmp_path, epochs):
    """A script logging to MLflow prints ``Logged metrics at step 50: {'train_loss': .., 'val_loss': ..}`` and ends
    with ``Final metrics:`` over indented ``val_loss: ..`` lines (a newcomer breaker's log): the dicts were at their
    row numbers, the closing block one more point at a made-up step 7."""
    lines = ["2026/03/02 10:00:00 INFO mlflow.tracking.fluent: Experiment with name 'mnist' does not exist."]
    for k, row in enumerate(epochs[:6], 1):
        metrics = {"train_loss": round(row["train"][0], 4), "val_loss": round(row["val"][0], 4),
                   "val_accuracy": round(row["val"][1], 4)}
        lines.append(f"Logged metrics at step {50 * k}: {metrics}")
    last = epochs[5]["val"]
    lines += ["2026/03/02 10:05:00 INFO mlflow.tracking._tracking_service.client: View run bold-fox-42 at: "
              "http://127.0.0.1:5000/#/experiments/1/runs/9f1c", "Final metrics:",
              f"  val_loss: {round(last[0], 4)}", f"  val_accuracy: {round(last[1], 4)}"]
    (tmp_path / "log.txt").write_text("\n".join(lines) + "\n")
    df, said = _read(tmp_path)
    assert _series(df, "val_loss") == ([50 * k for k in range(1, 7)], [round(r["val"][0], 4) for r in epochs[:6]])
    assert _series(df, "train_loss")[0] == [50 * k for k in range(1, 7)]
    assert any("Final metrics" in s and "no curve points" in s for s in said)


def test_fid_after_each_epoch_of_a_dcgan_log(tmp_path, losses):
    """The PyTorch DCGAN tutorial's ``[e/E][i/N]\\tLoss_D: ..\\tLoss_G: ..`` lines and, after each epoch, the script's
    ``Epoch 1: FID = 125.00`` (a newcomer breaker's log): the FID, the run's only quality metric, was dropped."""
    lines, fids = [], [125.0, 65.0, 45.0, 38.5]
    for e in range(4):
        for i in range(0, 500, 100):
            d, g = losses[(e + i // 100) % len(losses)], 1 / (1 + losses[e])
            lines.append("[%d/%d][%d/%d]\tLoss_D: %.4f\tLoss_G: %.4f\tD(x): %.4f\tD(G(z)): %.4f / %.4f"
                         % (e, 4, i, 500, d, g, 0.55, 0.37, 0.35))
        lines.append(f"Epoch {e + 1}: FID = {fids[e]:.2f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    steps, values = _series(df, "FID")
    assert values == fids and steps == sorted(steps) and len(set(steps)) == 4
    from loganalyzer import analyze
    assert analyze(str(tmp_path)).runs[0].roles["val_metric"] == "FID"


def test_sklearn_sgd_verbose_then_an_mlp(tmp_path):
    """Real scikit-learn output: ``SGDClassifier(verbose=1)`` ('-- Epoch N' over 'Norm: .., NNZs: .., Bias: .., T: ..,
    Avg. loss: ..') then ``MLPRegressor(verbose=True)`` in one script (a newcomer breaker's log): the SGD's diagnostics
    were four series, its loss at line numbers, and both models one run."""
    import contextlib
    import io
    import warnings

    import numpy as np
    from sklearn.linear_model import SGDClassifier
    from sklearn.neural_network import MLPRegressor

    rng = np.random.RandomState(0)
    x = rng.randn(300, 6)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(int)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        print("== SGDClassifier")
        SGDClassifier(max_iter=8, tol=None, verbose=1, random_state=0).fit(x, y)
        print("== MLPRegressor")
        MLPRegressor(hidden_layer_sizes=(8,), max_iter=12, verbose=True, random_state=0).fit(x, x[:, 0] * 3)
    (tmp_path / "output.txt").write_text(out.getvalue())
    assert _ids(tmp_path) == ["output.txt#1", "output.txt#2"]
    df, _ = _read(tmp_path)
    first = df[df.dir == "output.txt#1"]
    assert set(first.tag) <= {"loss", "objective"} and "loss" in set(first.tag)
    assert _series(df, "loss", "output.txt#1")[0] == list(range(1, 9))
    losses = [float(v) for v in re.findall(r"Avg\. loss: ([\d.]+)", out.getvalue())]
    assert _series(df, "loss", "output.txt#1")[1] == [round(v, 4) for v in losses]
    assert len(_series(df, "loss", "output.txt#2")[1]) == 12


def test_sklearn_mlp_validation_scores_are_the_validation_metric(tmp_path):
    """A real ``MLPClassifier(early_stopping=True)``: its ``loss_curve_`` and ``validation_scores_`` dumped to JSON,
    and its verbose print ('Iteration 3, loss = ..' / 'Validation score: ..'): the validation scores (accuracy) had
    no role, the run no validation signal."""
    import contextlib
    import io
    import json
    import warnings

    import numpy as np
    from sklearn.neural_network import MLPClassifier

    rng = np.random.RandomState(0)
    x = rng.randn(400, 6)
    y = (x[:, 0] + x[:, 1] ** 2 > 1).astype(int)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = MLPClassifier(hidden_layer_sizes=(16,), max_iter=25, early_stopping=True, n_iter_no_change=50,
                            verbose=True, random_state=0).fit(x, y)
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "mlp_curves.json").write_text(json.dumps(
        {"loss_curve": list(clf.loss_curve_), "validation_scores": list(clf.validation_scores_)}))
    (tmp_path / "printed").mkdir()
    (tmp_path / "printed" / "train.log").write_text(out.getvalue())
    from loganalyzer import analyze
    runs = {r.run: r for r in analyze(str(tmp_path)).runs}
    assert runs["json/mlp_curves.json"].roles["val_metric"] == "validation_scores"
    assert runs["printed/train.log"].roles["val_metric"] == "val_score"


def test_keras_history_saved_with_savez_and_printed_to_txt(tmp_path, history):
    """``np.savez('history.npz', **history.history)`` was skipped with no word (even named directly); ``print(
    history.history)`` saved as ``history.txt`` was "no progress line" (a newcomer breaker's Keras layouts). Both are
    read as the history they hold; an object member of the archive is said and left out."""
    import numpy as np

    hist = {"loss": [h["train_loss"] for h in history], "val_loss": [h["val_loss"] for h in history],
            "accuracy": [h["train_acc"] for h in history]}
    (tmp_path / "npz").mkdir()
    np.savez(tmp_path / "npz" / "history.npz", **hist, notes=np.array([{"a": 1}], dtype=object))
    (tmp_path / "txt").mkdir()
    (tmp_path / "txt" / "history.txt").write_text(str(hist))
    assert _ids(tmp_path) == ["npz/history.npz", "txt/history.txt"]
    for run in ("npz/history.npz", "txt/history.txt"):
        df, said = _read(tmp_path / run)
        assert _series(df, "val_loss") == (list(range(len(history))), [h["val_loss"] for h in history])
        assert _series(df, "loss")[1] == hist["loss"]
    df, said = _read(tmp_path / "npz" / "history.npz")
    assert any("notes" in s and "left out" in s for s in said)
    (tmp_path / "bad.npz").write_bytes(b"not a zip at all")
    _, said = _read(tmp_path / "bad.npz")
    assert any("bad.npz" in s and "no ZIP header" in s for s in said)


KERAS_TWO_LOGGERS = """
import os
os.environ["KERAS_BACKEND"] = "torch"
import numpy as np, keras
from torch.utils.tensorboard import SummaryWriter
keras.utils.set_random_seed(0)
x = np.random.default_rng(0).normal(size=(48, 4)).astype("float32")
y = (x[:, :1] > 0).astype("float32")
writer = SummaryWriter(".")

class Events(keras.callbacks.Callback):  # what keras.callbacks.TensorBoard names them (it needs TensorFlow)
    def on_epoch_end(self, epoch, logs=None):
        writer.add_scalar("epoch_loss", logs["loss"], epoch)
        writer.add_scalar("epoch_val_loss", logs["val_loss"], epoch)

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
model.fit(x, y, validation_split=0.5, epochs=15, batch_size=8, verbose=0,
          callbacks=[keras.callbacks.CSVLogger("history.csv"), Events()])
writer.close()
"""


def test_keras_csvlogger_beside_its_events_is_one_run(tmp_path):
    """A real Keras fit() with ``CSVLogger('history.csv')`` and a TensorBoard writer into the same folder (a newcomer
    breaker's layout): two runs, each training judged twice. Now one run, each series read once (the event
    file's), the CSV's copies said."""
    from test_breaker_readers import run_child

    run_child(tmp_path / "fit", KERAS_TWO_LOGGERS)
    assert _ids(tmp_path) == ["fit"]
    df, said = _read(tmp_path)
    assert set(df.tag) == {"epoch_loss", "epoch_val_loss"}
    assert len(_series(df, "epoch_val_loss")[1]) == 15
    assert any("history.csv" in s and "each is read once" in s for s in said)


def test_sweep_and_fold_summary_tables_are_no_runs(tmp_path, history):
    """A sweep's ``pd.DataFrame(summary).to_csv('results.csv')`` (``lr,bs,best_val_loss,final_train_loss``) beside
    its runs' event files, and a k-fold's ``cv_summary.csv`` (``fold,val_loss,val_accuracy``) beside the folds' logs
    (a newcomer breaker's layouts): each table was a run whose rows were steps (`stalled` over three configurations).
    Now no run, one line naming it; the runs are read from their own logs."""
    import pandas as pd
    from torch.utils.tensorboard import SummaryWriter

    sweep, rows = tmp_path / "sweep", []
    for lr in (0.5, 0.05):
        with SummaryWriter(str(sweep / f"lr={lr},bs=50")) as w:
            for h in history:
                w.add_scalar("loss/train", h["train_loss"] * lr * 10, h["epoch"])
                w.add_scalar("loss/val", h["val_loss"], h["epoch"])
        rows.append({"lr": lr, "bs": 50, "best_val_loss": min(h["val_loss"] for h in history),
                     "final_train_loss": history[-1]["train_loss"] * lr * 10})
    pd.DataFrame(rows).to_csv(sweep / "results.csv", index=False)
    folds, summary = tmp_path / "kfold", []
    for k in range(3):
        (folds / f"fold_{k}").mkdir(parents=True)
        pd.DataFrame([{"epoch": h["epoch"] - 1, "loss": h["train_loss"], "val_loss": h["val_loss"]} for h in history]
                     ).to_csv(folds / f"fold_{k}" / "log.csv", index=False)
        summary.append({"fold": k, "val_loss": history[-1]["val_loss"], "val_accuracy": history[-1]["val_acc"]})
    pd.DataFrame(summary).to_csv(folds / "cv_summary.csv", index=False)
    assert _ids(tmp_path) == ["kfold/fold_0/log.csv", "kfold/fold_1/log.csv", "kfold/fold_2/log.csv",
                              "sweep/lr=0.05,bs=50", "sweep/lr=0.5,bs=50"]
    _, said = _read(tmp_path)
    assert any("results.csv" in s and "a summary of runs" in s for s in said)
    assert any("cv_summary.csv" in s and "a row per fold" in s for s in said)


def test_add_scalars_parent_event_file_says_nothing(tmp_path, history):
    """``writer.add_scalars('Loss', {'train': .., 'valid': ..})`` writes the series into ``Loss/train/`` and
    ``Loss/valid/`` below the run; the run folder's own event file keeps its header only. "holds no scalar: only the
    file header" was said on every such run (a newcomer breaker's layout); a header-only file with no points below
    it is still said."""
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(str(tmp_path / "run")) as w:
        for h in history:
            w.add_scalars("Loss", {"train": h["train_loss"], "valid": h["val_loss"]}, h["epoch"])
    with SummaryWriter(str(tmp_path / "empty")):
        pass
    df, said = _read(tmp_path)
    assert len(df[df.dir.astype(str).str.startswith("run")]) == 2 * len(history)
    assert not any("/run/" in s and "only the file header" in s for s in said)
    assert any("/empty/" in s and "only the file header" in s for s in said)


def test_txt_logs_of_dict_lines_stay_printed_logs(tmp_path, history):
    """The history.txt rule takes one dict of lists only: DETR's log.txt (a JSON object a line, numbers) and a
    printed log of HF Trainer dicts ({'loss': .., 'epoch': ..} lines) stay what they were (two trainings appended to
    DETR's log.txt stay two runs)."""
    import json

    (tmp_path / "detr").mkdir()
    lines = [json.dumps({"train_lr": 1e-4, "train_loss": h["train_loss"], "test_loss": h["val_loss"],
                         "epoch": e}) for e, h in enumerate(history)]
    lines += [json.dumps({"train_lr": 1e-4, "train_loss": h["train_loss"] * 2, "test_loss": h["val_loss"] * 2,
                          "epoch": e}) for e, h in enumerate(history[:6])]
    (tmp_path / "detr" / "log.txt").write_text("\n".join(lines) + "\n")
    (tmp_path / "hf").mkdir()
    (tmp_path / "hf" / "training_output.txt").write_text("\n".join(
        str({"loss": h["train_loss"], "learning_rate": 5e-5, "epoch": float(h["epoch"])}) for h in history) + "\n")
    assert _ids(tmp_path) == ["detr/log.txt#1", "detr/log.txt#2", "hf/training_output.txt"]
    df, _ = _read(tmp_path / "hf")
    assert _series(df, "loss")[1] == [h["train_loss"] for h in history]


def test_hf_trainer_session_resumed_from_a_checkpoint(tmp_path, losses):
    """A Trainer log (tqdm's bar and the Trainer's printed dicts, numbers as strings as transformers 4.5x prints them)
    killed at step 45 and resumed from checkpoint-40 into the same file: the resumed session prints step 45's dict
    again, then every dict one logging interval behind its bar (a newcomer breaker's real run). Every point of
    that session sat 5 steps late (evals at 65..125 of a 120-step run); now each dict is at its epoch x 20."""
    import io

    from tqdm import tqdm

    out, per_epoch = io.StringIO(), 20

    def session(first: int, last: int, repeat: int | None):
        bar = tqdm(total=120, file=out, mininterval=0, ncols=80, initial=first)
        if repeat is not None:
            out.write("\n" + str({"loss": f"{losses[0]:.4g}", "epoch": f"{repeat / per_epoch:g}"}) + "\n")
        for step in range(first + 1, last + 1):
            bar.update(1)
            if step % 5 == 0:
                logged = step if repeat is None else step - 5  # the resumed session's stdout lags its bar
                if logged > first:
                    out.write("\n" + str({"loss": f"{losses[(logged // 5) % len(losses)]:.4g}",
                                          "learning_rate": "0.0003", "epoch": f"{logged / per_epoch:g}"}) + "\n")
                if step % 20 == 0 and repeat is None:
                    out.write("\n" + str({"eval_loss": "0.6", "eval_accuracy": "0.7", "epoch": f"{step / 20:g}"})
                              + "\n")
        bar.close()

    session(0, 45, None)
    out.write("+ python train.py --resume_from_checkpoint\n")
    session(40, 125, 45)
    (tmp_path / "output.txt").write_text(out.getvalue())
    df, said = _read(tmp_path)
    steps, _ = _series(df, "loss")
    assert max(steps) == 120 and set(steps) == set(range(5, 121, 5))
    assert any("placed by its epoch" in s for s in said)


def test_a_model_that_validates_as_well_is_no_siblings_underfit(tmp_path, history):
    """A script comparing architectures in one log (a newcomer breaker's ResNet18 then VGG11): the second model drives
    its training loss far lower while its test loss rises (overfit); the first ends with a higher training loss but
    a test loss as low. The first was `underfit` against its sibling's training loss; it validates as well: not."""
    from loganalyzer import analyze

    first = history[0]["train_loss"]
    lines = ["Comparing 2 architectures on a CIFAR-10 subset"]
    for e, h in enumerate(history, 1):
        train = first * (0.3 + 0.7 * 0.6 ** e)
        lines.append(f"[ResNet18] epoch {e}/{len(history)}  train loss: {train:.4f}  test loss: {train * 0.97:.4f}")
    for e, h in enumerate(history, 1):
        lines.append(f"[VGG11] epoch {e}/{len(history)}  train loss: {h['train_loss']:.4f}  "
                     f"test loss: {max(h['val_loss'], first * 0.35):.4f}")
    (tmp_path / "compare.log").write_text("\n".join(lines) + "\n")
    runs = {r.run: r for r in analyze(str(tmp_path)).runs}
    assert set(runs) == {"compare.log#1", "compare.log#2"}
    one = runs["compare.log#1"]
    assert one.verdict == "healthy", one.summary
    assert not any(f.kind == "sibling_lower" for f in one.analysis.findings)


def test_chinese_keys_with_blanks_or_equals_and_a_traceback(tmp_path, history):
    """A Windows (CRLF) log of a Chinese script: a tqdm bar whose postfix prints ``损失=0.43``, epoch lines ``轮次 3:
    训练损失 0.4120, 训练准确率 .., 验证损失 .., 验证准确率 ..`` (keys followed by a blank, not a colon), and a traceback
    at the end whose source line says ``loss.backward()`` (a newcomer breaker's log): no line had made a point."""
    import importlib.util
    import io
    import traceback

    from tqdm import tqdm

    out = io.StringIO()
    for e, h in enumerate(history[:7], 1):
        bar = tqdm(total=4, desc=f"第{e}轮", file=out, mininterval=0, ncols=100)
        for _ in range(4):
            bar.set_postfix({"损失": f"{h['train_loss']:.4f}"})
            bar.update(1)
        bar.close()
        out.write(f"轮次 {e}: 训练损失 {h['train_loss']:.4f}, 训练准确率 {h['train_acc']:.4f}, "
                  f"验证损失 {h['val_loss']:.4f}, 验证准确率 {h['val_acc']:.4f}\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "step44.py").write_text("def step(loss):\n    loss.backward()\n")
    spec = importlib.util.spec_from_file_location("step44", tmp_path / "src" / "step44.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    try:
        module.step(None)
    except AttributeError:
        out.write(traceback.format_exc())
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "train_log.txt").write_bytes(out.getvalue().replace("\n", "\r\n").encode("utf-8"))
    df, _ = _read(tmp_path / "logs")
    assert _series(df, "val_loss") == (list(range(1, 8)), [h["val_loss"] for h in history[:7]])
    assert _series(df, "train_accuracy")[1][-1] == history[6]["train_acc"]


def test_fairseq_epoch_means_and_test_subset(tmp_path, history):
    """fairseq-train's records through python logging ('%(asctime)s | %(levelname)s | %(name)s | %(message)s', the
    progress tag as the logger's name; a newcomer breaker's logs from fairseq's format strings): the '| train |'
    epoch means had been merged into the train_inner curve (two values at one step) and '--valid-subset valid,test'
    put the test subset's values into val_*."""
    fmt = "%(asctime)s | %(levelname)s | %(name)s | %(message)s"
    path = tmp_path / "train.log"
    with _file_logger(path, "train_inner", fmt) as inner, _file_logger(path, "valid", fmt) as valid, \
            _file_logger(path, "test", fmt) as test, _file_logger(path, "train", fmt) as train:
        for e, h in enumerate(history[:6], 1):
            for k in (1, 2):
                inner.info(f"epoch {e:03d}:     {16 * k} / 32 loss={h['train_loss'] * (1.1 if k == 1 else 0.95):.3f}, "
                           f"ppl=2.1, wps=24011.2, num_updates={32 * (e - 1) + 16 * k}, lr=0.0005, gnorm=1.05")
            valid.info(f"epoch {e:03d} | valid on 'valid' subset | loss {h['val_loss']:.3f} | bleu 24.88 | "
                       f"num_updates {32 * e} | best_bleu 24.88")
            test.info(f"epoch {e:03d} | valid on 'test' subset | loss {h['val_loss'] * 1.6:.3f} | bleu 15.55 | "
                      f"num_updates {32 * e}")
            train.info(f"epoch {e:03d} | loss {h['train_loss']:.3f} | ppl 2.1 | num_updates {32 * e} | lr 0.0005")
    df, _ = _read(tmp_path)
    steps, _ = _series(df, "loss")
    assert steps == [16 * k for k in range(1, 13)]
    assert _series(df, "loss_epoch")[0] == [32 * e for e in range(1, 7)]
    assert _series(df, "val_loss")[1] == [round(float(f"{h['val_loss']:.3f}"), 4) for h in history[:6]]
    assert _series(df, "test_loss")[1] == [round(float(f"{h['val_loss'] * 1.6:.3f}"), 4) for h in history[:6]]


def test_spacy3_training_table(tmp_path, losses):
    """``spacy train``'s console table (spaCy v3: header, rule of dashes, a row per evaluation; 'LOSS NER' holds a
    space) was no run at all (a newcomer breaker's NER log). Now: the losses per update (each row's sum over the
    updates since the row before) and the dev scores at the step."""
    header = ["E", "#", "LOSS TOK2VEC", "LOSS NER", "ENTS_F", "ENTS_P", "ENTS_R", "SCORE"]
    widths = [3, 6, 12, 8, 6, 6, 6, 6]
    lines = ["ℹ Saving to output directory: training", "", "=" * 27 + " Training pipeline " + "=" * 27,
             "ℹ Pipeline: ['tok2vec', 'ner']", "ℹ Initial learn rate: 0.001",
             "  ".join(h.ljust(w) for h, w in zip(header, widths)),
             "  ".join("-" * w for w in widths)]
    steps = [0] + [200 * k for k in range(1, len(losses))]
    for k, (step, loss) in enumerate(zip(steps, losses)):
        updates = max(1, step - (steps[k - 1] if k else 0))
        row = [str(k // 2), str(step), f"{loss * updates * 0.1:.2f}", f"{loss * updates:.2f}",
               f"{50 + 3 * k:.2f}", f"{52 + 3 * k:.2f}", f"{48 + 3 * k:.2f}", f"{(50 + 3 * k) / 100:.2f}"]
        lines.append("  ".join(c.rjust(w) for c, w in zip(row, widths)))
    lines += ["✔ Saved pipeline to output directory", "training/model-last"]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _ids(tmp_path) == ["train.log"]
    df, _ = _read(tmp_path)
    steps_read, values = _series(df, "loss_ner")
    assert steps_read == steps
    updates = [max(1, s - (steps[k - 1] if k else 0)) for k, s in enumerate(steps)]
    expected = [float(f"{loss * n:.2f}") / n for loss, n in zip(losses, updates)]
    assert all(abs(a - b) < 2e-4 for a, b in zip(values, expected)) and len(values) == len(expected)
    assert _series(df, "val_ents_f")[1][-1] == round(50 + 3 * (len(losses) - 1), 2)
    from loganalyzer import analyze
    assert analyze(str(tmp_path)).runs[0].roles["train_loss"] == "loss_ner"


def test_hf_two_eval_sets_take_their_roles_from_one_set(tmp_path, history):
    """The Trainer with ``eval_dataset={'in_domain': .., 'shifted': ..}`` prints one eval dict per set (a newcomer
    breaker's real run): the validation loss came from in_domain and the accuracy from shifted, and the verdict
    followed the shifted accuracy. Both now come from the set the validation loss is of."""
    from loganalyzer import analyze

    lines = []
    for h in history:
        e = float(h["epoch"])
        lines.append(str({"loss": f"{h['train_loss']:.4f}", "learning_rate": "5e-05", "epoch": f"{e:g}"}))
        lines.append(str({"eval_in_domain_loss": f"{h['val_loss']:.4f}", "eval_in_domain_accuracy":
                          f"{h['val_acc']:.4f}", "eval_in_domain_runtime": "0.5", "epoch": f"{e:g}"}))
        lines.append(str({"eval_shifted_loss": f"{h['val_loss'] * 1.3:.4f}", "eval_shifted_accuracy": "0.4",
                          "eval_shifted_runtime": "0.5", "epoch": f"{e:g}"}))
    (tmp_path / "output.txt").write_text("\n".join(lines) + "\n")
    roles = analyze(str(tmp_path)).runs[0].roles
    assert roles["val_loss"] == "eval_in_domain_loss" and roles["val_acc"] == "eval_in_domain_accuracy"


def test_paddledetection_batch_counter_after_the_epoch(tmp_path, losses):
    """PaddleDetection's ``ppdet.engine`` lines (``[%(asctime)s] %(name)s %(levelname)s: %(message)s``): ``Epoch: [0]
    [20/32] learning_rate: .. loss: ..`` -- one space between the epoch and the batch counter. The batch was ignored:
    four lines an epoch averaged into one point. Now each at epoch x 32 + batch."""
    with _file_logger(tmp_path / "train.log", "ppdet.engine", "[%(asctime)s] %(name)s %(levelname)s: %(message)s",
                      "%m/%d %H:%M:%S") as logger:
        for e in range(2):
            for i in (0, 10, 20, 30):
                loss = losses[(4 * e + i // 10) % len(losses)]
                logger.info(f"Epoch: [{e}] [{i:>2}/32] learning_rate: 0.004000 loss: {loss:.6f} "
                            f"loss_cls: {loss / 2:.6f} eta: 0:01:02 batch_cost: 0.3012 data_cost: 0.0011 "
                            "ips: 26.5634 images/s")
    df, _ = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert steps == [0, 10, 20, 30, 32, 42, 52, 62]
    assert values == [round(float(f"{losses[k % len(losses)]:.6f}"), 4) for k in range(8)]


def test_train_and_val_loss_slash_accuracy_lines(tmp_path, history):
    """``[time] Epoch 2: Train 0.0319/45.05% | Val 0.0301/46.86%`` -- a split, its loss, a slash and its accuracy in
    percent, no key naming either; an epoch without an evaluation prints its training pair then ``(Validation
    skipped, last best_loss=inf)`` (public vqafuse88's ViLT/LXMERT heads): no point had been read."""
    lines = []
    for e, h in enumerate(history, 1):
        train = f"Train {h['train_loss']:.4f}/{100 * h['train_acc']:.2f}%"
        if e % 2:
            lines.append(f"[2025-11-26 03:21:35] Epoch {e}: {train} (Validation skipped, last best_loss=inf)")
        else:
            lines.append(f"[2025-11-26 03:54:31] Epoch {e}: {train} | Val {h['val_loss']:.4f}/{100 * h['val_acc']:.2f}%")
            lines.append(f"[2025-11-26 03:54:32] New Best Model Saved (val_loss={h['val_loss']:.4f})")
        lines.append("[2025-11-26 03:54:31] Saved checkpoint: checkpoints_vilt/last_vilt_head.ckpt")
    (tmp_path / "vilt_training_log.txt").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert _series(df, "train_loss") == (list(range(1, len(history) + 1)), [h["train_loss"] for h in history])
    assert _series(df, "val_loss") == (list(range(2, len(history) + 1, 2)), [h["val_loss"] for h in history[1::2]])
    assert _series(df, "val_acc")[1][-1] == round(100 * history[-1]["val_acc"], 2)


def test_a_bracketed_unix_time_first_is_no_epoch(tmp_path, losses):
    """``print(f"[{int(time.time())}] Epoch {e} | Batch {b}/{n} | Loss {loss:.4f}")`` (public cxrens88): the bracketed
    unix time was taken for the epoch counter, the steps ~1.15e13. Now the epoch and batch give the step."""
    now = int(time.time())
    lines = [f"[{now + 60 * k}] Epoch {1 + k // 4} | Batch {100 * (k % 4)}/400 | Loss {loss:.4f}"
             for k, loss in enumerate(losses)]
    (tmp_path / "training.log").write_text("Phase 5 Training Started\n" + "\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    steps, values = _series(df, "Loss")
    assert max(steps) < 10_000 and steps == sorted(steps) and len(values) == len(losses)
    assert "Epoch" not in set(df.tag)
