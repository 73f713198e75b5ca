"""Bad input never ends a scan: seeded random logs -- printed lines of the shapes the job-log reader knows, with
numbers anywhere in a float's range, NaN/Inf, garbage and cut lines, in UTF-8/UTF-16/Latin-1; CSVs whose columns
span 600 decades -- each get a verdict for every run found, never an exception. Fuzzing like this found two
overflows (``10 ** 400.0`` in the mismatch finding, ``math.expm1(713)`` in validation's rise)."""
from __future__ import annotations

import csv
import random
import warnings

import pytest

import loganalyzer

_SHAPES = (
    "Epoch {e}/{E} - loss: {a} - val_loss: {b} - accuracy: {c}",
    "[epoch {e}] [iter {i}/{I}] loss={a} lr={c}",
    "Epoch: [{e}][{i}/{I}]  Time {a} ({b})  Loss {a} ({b})  Acc@1 {c} ({c})",
    "step {i} | loss {a} | val_loss {b}",
    "{{'loss': {a}, 'learning_rate': {c}, 'epoch': {b}}}",
    "Epoch {e}: 100%|##########| {I}/{I} [00:01<00:00, loss={a}, val_loss={b}]",
    "{i}/{I} [==============================] - 1s 2ms/step - loss: {a} - val_loss: {b}",
    "INFO - epoch: {e}, batch_id: {i}, loss: {a}, auc: {c}",
    "train: epoch {e} loss {a} | Valid acc: {c} | loss: {b}",
    "Traceback (most recent call last):", "RuntimeError: CUDA out of memory.", "{garbage}", "",
)


def _number(rng: random.Random) -> str:
    return rng.choice(["%.4f" % rng.uniform(0, 5), "nan", "inf", "-inf", "1e308", "1e-310", "%d" % rng.randint(-5, 10**12),
                       "%.3e" % (10 ** rng.uniform(-300, 300)), "0.0", "1.2.3", "--"])


def _judged(path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = loganalyzer.analyze(path, config=False)
    for run in report.runs:
        assert run.verdict in ("nan", "diverged", "stalled", "underfit", "overfit", "healthy", "unknown")
        assert run.analysis is None or isinstance(run.analysis.summary, str)


@pytest.mark.parametrize("seed", range(4))
def test_random_printed_logs_never_end_the_scan(tmp_path, seed):
    rng = random.Random(seed)
    for k in range(12):
        lines, epochs, batches = [], rng.randint(1, 30), rng.randint(1, 500)
        for j in range(rng.randint(1, 200)):
            lines.append(rng.choice(_SHAPES).format(
                e=j // 10, E=epochs, i=j, I=batches, a=_number(rng), b=_number(rng), c=_number(rng),
                garbage="".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 60)))))
        folder = tmp_path / f"job{k}"
        folder.mkdir()
        text = "\n".join(lines) + ("\n" if rng.random() < 0.8 else "")
        (folder / rng.choice(["train.log", "slurm-1.out", "log.txt"])).write_bytes(
            text.encode(rng.choice(["utf-8", "utf-16", "latin-1"]), errors="replace"))
        _judged(folder)


@pytest.mark.parametrize("seed", range(4))
def test_csvs_spanning_a_floats_whole_range_never_end_the_scan(tmp_path, seed):
    rng = random.Random(100 + seed)
    for k in range(12):
        folder = tmp_path / f"run{k}"
        folder.mkdir()
        header = rng.choice([["epoch", "loss", "val_loss"], ["epoch", "loss", "val_loss", "accuracy", "val_accuracy"],
                             ["epoch", "train_loss", "val_loss", "dann_lambda", "Acc"]])
        with open(folder / "log.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            for e in range(rng.choice([2, 3, 8, 30])):
                w.writerow([e] + [rng.choice(["nan", "inf", repr(10 ** rng.uniform(-300, 300)), "1e308", "0"])
                                  for _ in header[1:]])
        _judged(folder)
