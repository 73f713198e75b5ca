"""readers29: faults found on fresh public logs (/tmp/readers29_inputs/FAULTS.md), each log written here by the real
writer or printed by a tiny real torch/Keras training loop in the public log's own shape.

1. Whole JSON histories appended one after another to one file (``json.dump(history, open(path, "a"))``): one run
   each (``#1``, ``#2``...), not one "not valid JSON: Extra data" line and no run.
"""
from __future__ import annotations

import json
import os
import warnings

import numpy as np
import pytest

import loganalyzer
from loganalyzer import read_scalars

torch = pytest.importorskip("torch")
os.environ.setdefault("KERAS_BACKEND", "torch")


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_scalars(path, resolve=True)
    return frame, [str(w.message) for w in caught]


def _series(frame, run: str, tag: str) -> tuple[list, list]:
    g = frame[(frame.dir == run) & (frame.tag == tag)].sort_values("step")
    return g.step.tolist(), g.value.tolist()


def _alexnet_training(seed: int, epochs: int) -> dict:
    """alicemuzum/AlexNet-Pytorch train.py (a1da84e): per-epoch ``history['train_loss'].append(...)`` and friends for a
    multi-label classifier, then ``history["RUN"] = 0`` and ``json.dump(history, open("log/history.json", "a"))``."""
    torch.manual_seed(seed)
    x, y = torch.randn(64, 8), (torch.rand(64, 4) > 0.7).float()
    xv, yv = torch.randn(32, 8), (torch.rand(32, 4) > 0.7).float()
    model = torch.nn.Linear(8, 4)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    history = {k: [] for k in ("train_loss", "valid_loss", "train_acc", "valid_acc")}
    for _ in range(epochs):
        loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            vloss = torch.nn.functional.binary_cross_entropy_with_logits(model(xv), yv)
            acc = ((model(x) > 0).float() == y).all(1).float().mean()
            vacc = ((model(xv) > 0).float() == yv).all(1).float().mean()
        history["train_loss"].append(loss.item())
        history["valid_loss"].append(vloss.item())
        history["train_acc"].append(acc.item())
        history["valid_acc"].append(vacc.item())
    history["RUN"] = 0
    return history


def test_json_histories_appended_back_to_back_are_one_run_each(tmp_path):
    """Three trainings, each ``json.dump`` appended with no newline between (the public file: 6 x 60 epochs on one
    line, 'Extra data (line 1, column 14760)'): three runs, every epoch at its own step, values exact."""
    (tmp_path / "log").mkdir()
    written = []
    for seed, epochs in ((0, 5), (1, 7), (2, 4)):
        written.append(_alexnet_training(seed, epochs))
        with open(tmp_path / "log" / "history.json", "a") as f:
            json.dump(written[-1], f)
    runs = loganalyzer.discover(tmp_path)
    assert [r.id for r in runs] == ["log/history.json#1", "log/history.json#2", "log/history.json#3"]
    frame, said = _read(tmp_path)
    assert not any("not valid JSON" in s for s in said)
    for n, history in enumerate(written, 1):
        steps, values = _series(frame, f"log/history.json#{n}", "valid_loss")
        assert steps == list(range(len(history["valid_loss"])))
        assert np.allclose(values, history["valid_loss"])
        assert np.allclose(_series(frame, f"log/history.json#{n}", "train_acc")[1], history["train_acc"])
    assert "RUN" not in set(frame.tag)


def test_keras_histories_appended_pretty_printed_are_one_run_each(tmp_path):
    """Sibling: a Keras script appending ``json.dump(h.history, f, indent=2)`` and a newline after each ``fit`` (the
    documents span lines, so they are no JSON lines either): one run per fit, Keras' 0-based epochs."""
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 4)).astype("float32"), rng.integers(0, 2, 64)
    fits = []
    for epochs in (3, 5):
        keras.utils.set_random_seed(epochs)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
        model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
        h = model.fit(x, y, epochs=epochs, validation_split=0.25, verbose=0)
        fits.append(h.history)
        with open(tmp_path / "history.json", "a") as f:
            json.dump(h.history, f, indent=2)
            f.write("\n")
    assert [r.id for r in loganalyzer.discover(tmp_path)] == ["history.json#1", "history.json#2"]
    frame, _ = _read(tmp_path)
    for n, h in enumerate(fits, 1):
        steps, values = _series(frame, f"history.json#{n}", "val_loss")
        assert steps == list(range(len(h["val_loss"])))
        assert np.allclose(values, h["val_loss"])


def test_one_history_and_json_lines_stay_one_run(tmp_path):
    """Guards: one dumped history stays one run named by its file; JSON lines of per-epoch rows (``{}`` rows back to
    back, a newline each) stay one run of rows, not appended histories."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    history = _alexnet_training(3, 6)
    (tmp_path / "a" / "history.json").write_text(json.dumps(history))
    with open(tmp_path / "b" / "metrics.jsonl", "w") as f:
        for epoch, loss in enumerate(history["train_loss"]):
            f.write(json.dumps({"epoch": epoch, "loss": loss}) + "\n")
    assert [r.id for r in loganalyzer.discover(tmp_path)] == ["a/history.json", "b/metrics.jsonl"]
    frame, _ = _read(tmp_path)
    assert np.allclose(_series(frame, "a/history.json", "valid_loss")[1], history["valid_loss"])
    assert _series(frame, "b/metrics.jsonl", "loss")[0] == list(range(6))


# 2. Python logging's default format with an epoch number and '*_loss_*' keys (no 'loss' word alone): a run.


def _cdr_launch(log, seed: int, epochs: int, *, kv: bool = False, lr: float = 0.05) -> list[float]:
    """BZX667/Hyper_CDR main.py (4947f1b): ``logging.basicConfig(filename='training.log', level=logging.INFO)`` and
    per epoch ``logger.info('Epoch: {:04d} avg_loss_tgt: {:.3f} time: {:.4f}s'.format(...))``; with ``kv`` the sibling
    ``epoch=3 train_loss_avg=0.512 val_loss_avg=0.601`` lines. A tiny regression trained for real; the losses printed."""
    torch.manual_seed(seed)
    x = torch.randn(48, 5)
    y = x @ torch.randn(5, 1) + 0.1 * torch.randn(48, 1)
    model = torch.nn.Linear(5, 1)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    printed = []
    for epoch in range(epochs):
        loss = torch.nn.functional.mse_loss(model(x[:36]), y[:36])
        opt.zero_grad()
        loss.backward()
        opt.step()
        printed.append(round(loss.item(), 3))
        if kv:
            val = torch.nn.functional.mse_loss(model(x[36:]), y[36:]).item()
            log.info("epoch=%d train_loss_avg=%.3f val_loss_avg=%.3f", epoch, loss.item(), val)
        else:
            log.info("Epoch: {:04d} avg_loss_tgt: {:.3f} time: {:.4f}s".format(epoch, loss.item(), 0.25))
    return printed


def _logging_to(path, fmt: str | None = None):
    import logging

    log = logging.getLogger(f"r29_{abs(hash(str(path)))}")
    log.setLevel(logging.INFO)
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter(fmt or logging.BASIC_FORMAT))  # 'INFO:__main__:...' by default
    log.addHandler(handler)
    return log, handler


def test_logging_default_format_epoch_with_underscored_loss_keys_is_a_run(tmp_path):
    """Two launches of one script (same seed, another learning rate) appended to one training.log in logging's
    BASIC_FORMAT: two runs (the public file: 24 launches starting at 299.86, 'not read: ... no training progress'),
    each epoch at its number, values as printed."""
    log, handler = _logging_to(tmp_path / "training.log")
    first = _cdr_launch(log, 0, 6)
    second = _cdr_launch(log, 0, 4, lr=0.02)
    handler.close()
    assert (tmp_path / "training.log").read_text().startswith("INFO:r29_")
    runs = loganalyzer.discover(tmp_path)
    assert [r.id for r in runs] == ["training.log#1", "training.log#2"]
    frame, _ = _read(tmp_path)
    assert _series(frame, "training.log#1", "avg_loss_tgt") == (list(range(6)), first)
    assert _series(frame, "training.log#2", "avg_loss_tgt") == (list(range(4)), second)


def test_epoch_key_value_loss_lines_are_a_run_and_dumps_are_not(tmp_path):
    """Sibling: ``epoch=3 train_loss_avg=0.512`` lines under an asctime prefix are a run; guards: an argparse
    ``Namespace(epoch=0, loss_weight=0.5)`` and a config dict dump in a *.txt make none."""
    (tmp_path / "run").mkdir()
    log, handler = _logging_to(tmp_path / "run" / "train_log.txt", "%(asctime)s %(message)s")
    printed = _cdr_launch(log, 2, 5, kv=True)
    handler.close()
    (tmp_path / "args_log.txt").write_text("Namespace(epoch=0, loss_weight=0.5, lr=0.1)\n"
                                           "{'epoch': 0, 'loss_weight': 0.5}\n")
    assert [r.id for r in loganalyzer.discover(tmp_path)] == ["run/train_log.txt"]
    frame, _ = _read(tmp_path)
    assert _series(frame, "run/train_log.txt", "train_loss_avg") == (list(range(5)), printed)
    assert len(_series(frame, "run/train_log.txt", "val_loss_avg")[0]) == 5


# 3. build-nanogpt's log/log.txt: '<step> train|val|hella <value>' lines.


def _nanogpt(log_path, steps: int, *, every: int = 5, names=("train", "val", "hella")) -> dict:
    """karpathy/build-nanogpt train_gpt2.py (the shape of public AGNDM/build-nanogpt log_bigger/log.txt): a tiny
    next-token model trained for real; every ``every`` steps and at the last, ``{step} val {loss:.4f}`` and
    ``{step} hella {acc:.4f}`` (here the validation top-1 accuracy stands in for HellaSwag's), then every step
    ``{step} train {loss:.6f}``, each appended to the log file. Returns the printed values by name."""
    torch.manual_seed(0)
    vocab, ctx = 11, 4
    data = torch.arange(400) % vocab
    emb, head = torch.nn.Embedding(vocab, 16), torch.nn.Linear(16 * ctx, vocab)
    opt = torch.optim.AdamW([*emb.parameters(), *head.parameters()], lr=3e-2)

    def batch(lo):
        idx = torch.randint(lo, lo + 150, (16,))
        x = torch.stack([data[i:i + ctx] for i in idx])
        return x, data[idx + ctx]

    train, val, hella = names
    printed: dict = {train: [], val: [], hella: []}
    open(log_path, "w").close()
    for step in range(steps):
        last = step == steps - 1
        if step % every == 0 or last:
            with torch.no_grad():
                x, y = batch(200)
                logits = head(emb(x).flatten(1))
                vloss = torch.nn.functional.cross_entropy(logits, y).item()
                acc = (logits.argmax(1) == y).float().mean().item()
            with open(log_path, "a") as f:
                f.write(f"{step} {val} {vloss:.4f}\n")
                f.write(f"{step} {hella} {acc:.4f}\n")
            printed[val].append((step, round(vloss, 4)))
            printed[hella].append((step, round(acc, 4)))
        x, y = batch(0)
        loss = torch.nn.functional.cross_entropy(head(emb(x).flatten(1)), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with open(log_path, "a") as f:
            f.write(f"{step} {train} {loss.item():.6f}\n")
        printed[train].append((step, round(loss.item(), 6)))
    return printed


def test_build_nanogpt_log_txt_is_a_run_with_its_losses(tmp_path):
    """The public file alone was 'not read: ... no training progress': one run, train_loss at every step, val_loss
    and hellaswag_acc at each evaluation (the last step's too), values as written."""
    (tmp_path / "log").mkdir()
    printed = _nanogpt(tmp_path / "log" / "log.txt", 23)
    assert [r.id for r in loganalyzer.discover(tmp_path)] == ["log/log.txt"]
    frame, _ = _read(tmp_path)
    for name, tag in (("train", "train_loss"), ("val", "val_loss"), ("hella", "hellaswag_acc")):
        steps, values = _series(frame, "log/log.txt", tag)
        assert steps == [s for s, _ in printed[name]]
        assert np.allclose(values, [v for _, v in printed[name]])
    assert _series(frame, "log/log.txt", "val_loss")[0] == [0, 5, 10, 15, 20, 22]
    assert set(frame.tag.astype(str)) == {"train_loss", "val_loss", "hellaswag_acc"}


def test_step_name_value_lines_keep_other_names_and_lists_stay_no_run(tmp_path):
    """Sibling: a fork writing ``{step} train_loss {x}`` / ``{step} val_loss {x}`` / ``{step} val_acc {x}`` keeps
    its names; guards: a class list ``0 person 1`` and a vocabulary ``3 the 5234`` (no split or loss named) make no
    run."""
    (tmp_path / "fork").mkdir()
    printed = _nanogpt(tmp_path / "fork" / "train_log.txt", 12, every=4, names=("train_loss", "val_loss", "val_acc"))
    (tmp_path / "classes.txt").write_text("".join(f"{i} {n} 1\n" for i, n in enumerate(["person", "bicycle", "car",
                                                                                          "dog", "cat"])))
    (tmp_path / "vocab_log.txt").write_text("".join(f"{i} {w} {c}\n" for i, (w, c) in
                                                    enumerate([("the", 5234), ("of", 3012), ("and", 2990)], 3)))
    assert [r.id for r in loganalyzer.discover(tmp_path)] == ["fork/train_log.txt"]
    frame, _ = _read(tmp_path)
    assert _series(frame, "fork/train_log.txt", "val_acc") == ([0, 4, 8, 11], [v for _, v in printed["val_acc"]])
    assert _series(frame, "fork/train_log.txt", "train_loss")[0] == list(range(12))



def test_discovery_imports_no_job_log_parser_until_a_step_name_log_is_read(tmp_path):
    """The ``<step> <name> <value>`` sniff (``_joblog_stepname.looks``), which discovery imports with the job-log
    names, does not import the printed-log parser (``_progress``: ~70 regexes, 40-250 ms of a 10,000-run
    ``read_scalars``); reading such a log does, and gets its points. A fresh process: other tests import it."""
    import subprocess
    import sys

    import pandas as pd

    tables = tmp_path / "tables"
    tables.mkdir()
    pd.DataFrame({"epoch": range(4), "loss": [1.0, 0.8, 0.6, 0.5], "val_loss": [1.1, 0.9, 0.7, 0.6]}).to_csv(
        tables / "training.csv", index=False)
    (tables / "notes.log").write_text("started the job\nwaiting for data\ndone\n")  # sniffed, no job log
    (tmp_path / "gpt" / "log").mkdir(parents=True)
    printed = _nanogpt(tmp_path / "gpt" / "log" / "log.txt", 6)
    probe = ("import sys, warnings\nimport loganalyzer\nwarnings.simplefilter('ignore')\n"
             "parser = 'loganalyzer.readers._progress'\n"
             "a = loganalyzer.read_scalars(sys.argv[1], jobs=1)\n"
             "print(sorted(set(a['dir'].astype(str))), parser in sys.modules)\n"
             "b = loganalyzer.read_scalars(sys.argv[2], jobs=1)\n"
             "print(len(b[b['tag'] == 'train_loss']), parser in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe, str(tables), str(tmp_path / "gpt")], check=True,
                         capture_output=True, text=True, cwd=os.getcwd())
    assert out.stdout.splitlines() == ["['training.csv'] False", f"{len(printed['train'])} True"]

# 4. A table whose every line ends with its separator ('total loss\tctc loss\t'), no step column.


def _pgnet_log(path, iters: int, sep: str = "\t") -> dict:
    """BADBADBADBOY/pgnet.pytorch's train_log.txt (081f916): a header of loss names each followed by a tab, then per
    iteration ``'%f\\t'`` per loss: a tiny two-head model trained for real, its total and part losses written so."""
    torch.manual_seed(0)
    x = torch.randn(32, 6)
    ya, yb = torch.randint(0, 3, (32,)), torch.randn(32, 1)
    body, ha, hb = torch.nn.Linear(6, 8), torch.nn.Linear(8, 3), torch.nn.Linear(8, 1)
    opt = torch.optim.SGD([*body.parameters(), *ha.parameters(), *hb.parameters()], lr=0.1)
    names = ("total loss", "score loss", "border loss")
    written: dict = {n: [] for n in names}
    with open(path, "w") as f:
        for n in names:
            f.write(n + sep)
        f.write("\n")
        for _ in range(iters):
            h = torch.relu(body(x))
            a = torch.nn.functional.cross_entropy(ha(h), ya)
            b = torch.nn.functional.mse_loss(hb(h), yb)
            total = a + 2 * b
            opt.zero_grad()
            total.backward()
            opt.step()
            for n, v in zip(names, (total, a, b)):
                f.write("%f%s" % (v.item(), sep))
                written[n].append(float("%f" % v.item()))
            f.write("\n")
    return written


@pytest.mark.parametrize("sep, name", [("\t", "train_log.txt"), (",", "loss_log.csv")])
def test_table_with_a_separator_ending_every_line_is_a_run(tmp_path, sep, name):
    """The public file (600 rows) and the sibling comma table ``total loss,score loss,border loss,`` were no run
    ('no training progress' / 'its header names no ... loss column'): one run, a series per named column at the row
    number, the empty last column no series."""
    written = _pgnet_log(tmp_path / name, 9, sep)
    assert [r.id for r in loganalyzer.discover(tmp_path)] == [name]
    frame, said = _read(tmp_path)
    assert set(frame.tag.astype(str)) == set(written)
    for tag, values in written.items():
        steps, got = _series(frame, name, tag)
        assert steps == list(range(9))
        assert np.allclose(got, values)
    assert any("row number" in s for s in said)


# 5. pytorch/examples' ProgressMeter with meters named by two words ('Loss dro', 'camera dro').


class _Meter:
    """pytorch/examples imagenet/main.py's ``AverageMeter`` (its ``__str__``: ``'{name} {val:.3f} ({avg:.3f})'``)."""

    def __init__(self, name: str):
        self.name, self.val, self.sum, self.count = name, 0.0, 0.0, 0

    def update(self, val: float) -> None:
        self.val, self.sum, self.count = val, self.sum + val, self.count + 1

    def __str__(self) -> str:
        return f"{self.name} {self.val:.3f} ({self.sum / self.count:.3f})"


def _dmnil_lines(epochs: int, batches: int, every: int) -> tuple[list[str], dict]:
    """ISChenawei/DMNIL (db358bc) train_log.txt: ``ProgressMeter(len(loader), [batch_time, data_time, losses,
    losses_dro, losses_sat, camera_dro, camera_sat], prefix="Epoch: [{}]")`` printing ``Epoch: [e][i/N]`` then the
    meters joined by tabs, every ``print_freq`` batches. Two real tiny classifiers (a drone and a satellite view);
    the camera losses are 0 as in the public log. Returns the lines and the values printed per meter name."""
    torch.manual_seed(0)
    xd, xs, y = torch.randn(40, 6), torch.randn(40, 6), torch.randint(0, 4, (40,))
    md, ms = torch.nn.Linear(6, 4), torch.nn.Linear(6, 4)
    opt = torch.optim.SGD([*md.parameters(), *ms.parameters()], lr=0.3)
    lines, printed = [], {}
    for epoch in range(epochs):
        meters = [_Meter(n) for n in ("Time", "Data", "Loss", "Loss dro", "Loss sat", "camera dro", "camera sat")]
        for i in range(batches):
            b = slice(i * 4 % 40, i * 4 % 40 + 4)
            ld = torch.nn.functional.cross_entropy(md(xd[b]), y[b])
            ls = torch.nn.functional.cross_entropy(ms(xs[b]), y[b])
            loss = ld + ls
            opt.zero_grad()
            loss.backward()
            opt.step()
            for meter, v in zip(meters, (0.05, 0.001, loss.item(), ld.item(), ls.item(), 0.0, 0.0)):
                meter.update(v)
            if (i + 1) % every == 0:
                lines.append("\t".join([f"Epoch: [{epoch}][{i + 1:>{len(str(batches))}}/{batches}]"]
                                       + [str(m) for m in meters]) + "\t")
                for m in meters[2:]:
                    printed.setdefault(m.name, []).append((epoch * batches + i + 1, round(m.val, 3)))
    return lines, printed


def test_progress_meter_names_of_two_words_are_their_own_series(tmp_path):
    """'Loss dro' and 'camera dro' were one series 'dro' (their mean: 3.177 = (6.354 + 0) / 2 on the public log,
    with a 'printed 2 times' warning): each meter is its own series under its name, at epoch x batches + batch."""
    lines, printed = _dmnil_lines(3, 10, 5)
    (tmp_path / "train_log.txt").write_text("GPUs available: 1\n" + "\n".join(lines) + "\n")
    frame, said = _read(tmp_path)
    assert set(frame.tag.astype(str)) == set(printed)
    for name, points in printed.items():
        assert _series(frame, "train_log.txt", name) == ([s for s, _ in points], [v for _, v in points])
    assert not any("printed 2 times" in s for s in said)


def test_progress_meter_one_word_names_and_test_pass_unchanged(tmp_path):
    """Sibling guard: the ImageNet example's own meters (``Loss``, ``Acc@1``, ``Acc@5``; values padded) and its
    ``Test: [i/N]`` pass keep their names; the test pass is ``val_``-named."""
    lines = ["Epoch: [0][ 5/10]\tTime  0.085 ( 0.163)\tData  0.001 ( 0.080)\tLoss 2.3e+00 (2.4e+00)\tAcc@1  25.00 "
             "( 20.00)\tAcc@5  75.00 ( 70.31)",
             "Epoch: [0][10/10]\tTime  0.080 ( 0.120)\tData  0.001 ( 0.040)\tLoss 1.9e+00 (2.1e+00)\tAcc@1  35.00 "
             "( 30.00)\tAcc@5  85.00 ( 80.31)",
             "Test: [1/2]\tTime  0.050 ( 0.050)\tLoss 2.0e+00 (2.0e+00)\tAcc@1  30.00 ( 30.00)\tAcc@5  80.00 ( 80.00)",
             "Test: [2/2]\tTime  0.050 ( 0.050)\tLoss 2.2e+00 (2.1e+00)\tAcc@1  20.00 ( 25.00)\tAcc@5  70.00 ( 75.00)",
             " * Acc@1 25.000 Acc@5 75.000"]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    frame, _ = _read(tmp_path)
    assert _series(frame, "train.log", "Loss") == ([5, 10], [2.3, 1.9])
    assert _series(frame, "train.log", "Acc@1")[1] == [25.0, 35.0]
    assert any(t.startswith("val_") for t in set(frame.tag.astype(str)))


def test_step_name_value_lines_named_loss_are_read_once(tmp_path):
    """A fork writing ``{step} loss {x}`` / ``{step} val_loss {x}``: the ``loss`` word alone made the generic
    ``name value`` parser read the lines too; each point is read once, at its printed step."""
    printed = _nanogpt(tmp_path / "train_log.txt", 10, every=3, names=("loss", "val_loss", "val_acc"))
    frame, _ = _read(tmp_path)
    assert _series(frame, "train_log.txt", "loss") == ([s for s, _ in printed["loss"]],
                                                       [v for _, v in printed["loss"]])
    assert _series(frame, "train_log.txt", "val_loss")[0] == [0, 3, 6, 9]
