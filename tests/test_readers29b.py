"""readers29b: reader faults seen by the stop-29 labellers (held-out sets 38/39), each printed by a real loop.

- PaddlePaddle hapi ``Model.fit`` output (public AI Studio CheXNet ``train.log``, printed by Paddle's
  ``ProgBarLogger``/``ProgressBar``, PaddlePaddle/Paddle ``python/paddle/hapi/callbacks.py`` and
  ``progressbar.py`` at 059e84c): the evaluation pass's ``step N/M - loss: ...`` lines under ``Eval begin...`` were
  read as training points (overwriting them) and the validation point was the pass's first line.
- A Keras ``Epoch 50/50`` header over its ``15726/15726 [===...]`` bar on the next line was taken for a Lightning
  RichProgressBar position (epoch x samples): the step-less ``Test loss:`` lines after each fold of public
  UrbanSound8K ``CNN_Classifier_Layer_3_Epoch_50.log`` sat at steps ~788,000-808,000 beside epochs 1..50.
"""
from __future__ import annotations

import io
import math

import pytest

from loganalyzer.discover import discover

torch = pytest.importorskip("torch")


from test_readers20e import _read, _series  # noqa: E402  (the resolved view with its warnings; a tag's points)


# ------------------------------------------------------------------ PaddlePaddle hapi Model.fit


def _fmt(v: float) -> str:
    """hapi ProgressBar's number: '%.4f' above 1e-3, else '%.4e'."""
    return " %.4f" % v if abs(v) > 1e-3 else " %.4e" % v


def _hapi_line(n: int, num: int, logs: list, verbose: int) -> str:
    """One hapi ProgressBar.update line (verbose 2: a plain line; verbose 1: a bar drawn after a carriage return)."""
    digits = int(math.log10(num)) + 1
    info = "".join(f" - {k}:{_fmt(v)}" for k, v in logs) + " - 3ms/step"
    if verbose == 2:
        return ("step %" + str(digits) + "d/%d") % (n, num) + info + "\n"
    width = 30
    bar = ("step %" + str(digits) + "d/%d [") % (n, num)
    prog = int(width * n / num)
    bar += ("=" * (prog - 1) + (">" if n < num else "=")) if prog > 0 else ""
    bar += "." * (width - prog) + "]"
    return "\r" + bar + info + ("\n" if n >= num else "")


def _hapi_fit(epochs: int, steps: int, eval_steps: int, log_freq: int, verbose: int = 2,
              indent: str = "") -> tuple[str, dict]:
    """A real tiny torch classifier trained and evaluated batch by batch, printed as hapi's fit(verbose=...) prints:
    the loss of the current batch, the metric the running mean of the pass (Metric.accumulate)."""
    torch.manual_seed(0)
    x, xv = torch.randn(steps * 8, 6), torch.randn(eval_steps * 8, 6)
    y, yv = (x[:, 0] + x[:, 1] > 0).long(), (xv[:, 0] + xv[:, 1] > 0).long()
    model = torch.nn.Linear(6, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    out = io.StringIO()
    want: dict = {"loss": ([], []), "val_loss": ([], []), "acc": ([], []), "val_acc": ([], [])}

    def emit(text: str) -> None:
        out.write("".join(indent + line if line.strip() else line for line in text.splitlines(True)))

    emit("The loss value printed in the log is the current step, and the metric is the average value of "
         "previous steps.\n")
    for epoch in range(epochs):
        emit(f"Epoch {epoch + 1}/{epochs}\n")
        correct = seen = 0
        for i in range(steps):
            xb, yb = x[i * 8:(i + 1) * 8], y[i * 8:(i + 1) * 8]
            logits = model(xb)
            loss = torch.nn.functional.cross_entropy(logits, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            correct += int((logits.argmax(1) == yb).sum())
            seen += len(yb)
            n = i + 1
            if n % log_freq == 0 or n == steps:
                logs = [("loss", loss.item()), ("acc", correct / seen)]
                emit(_hapi_line(n, steps, logs, verbose))
                want["loss"][0].append(epoch * steps + n)
                want["loss"][1].append(round(float(_fmt(loss.item())), 4))
                want["acc"][0].append(epoch * steps + n)
                want["acc"][1].append(round(float(_fmt(correct / seen)), 4))
        emit("Eval begin...\n")
        correct = seen = 0
        with torch.no_grad():
            for i in range(eval_steps):
                xb, yb = xv[i * 8:(i + 1) * 8], yv[i * 8:(i + 1) * 8]
                logits = model(xb)
                vloss = torch.nn.functional.cross_entropy(logits, yb).item()
                correct += int((logits.argmax(1) == yb).sum())
                seen += len(yb)
                n = i + 1
                if n % log_freq == 0 or n == eval_steps:
                    emit(_hapi_line(n, eval_steps, [("loss", vloss), ("acc", correct / seen)], verbose))
        want["val_loss"][0].append((epoch + 1) * steps)
        want["val_loss"][1].append(round(float(_fmt(vloss)), 4))
        want["val_acc"][0].append((epoch + 1) * steps)
        want["val_acc"][1].append(round(float(_fmt(correct / seen)), 4))
        emit(f"Eval samples: {seen}\n")
    return out.getvalue(), want


def test_hapi_fit_eval_blocks_one_validation_point_each(tmp_path):
    """The CheXNet shape (verbose=2, 4-space indent of an AI Studio notebook export, log_freq 10): training lines at
    their global steps, none overwritten; one val point per epoch, the block's last line, at the epoch's end."""
    text, want = _hapi_fit(epochs=4, steps=61, eval_steps=23, log_freq=10, indent="    ")
    f = tmp_path / "train.log"
    f.write_text(text)
    df, warned = _read(f)
    for tag in ("loss", "acc", "val_loss", "val_acc"):
        assert _series(df, tag) == want[tag], tag
    assert _series(df, "val_loss")[0] == [61, 122, 183, 244]
    assert len(_series(df, "loss")[0]) == 4 * 7
    assert not any("resumed" in w for w in warned), warned
    assert len(discover(str(tmp_path))) == 1


def test_hapi_fit_verbose1_bars_sibling(tmp_path):
    """Sibling: fit(verbose=1) into a file draws carriage-return bars (``step 13/13 [=====] - loss: ...``, Paddle's
    own docs' UCIHousing output); the evaluation bar is the validation point, the training bar the epoch's."""
    text, want = _hapi_fit(epochs=3, steps=12, eval_steps=5, log_freq=1, verbose=1)
    f = tmp_path / "train.log"
    f.write_text(text)
    df, warned = _read(f)
    steps, values = _series(df, "val_loss")
    assert (steps, values) == want["val_loss"]
    assert _series(df, "val_acc") == want["val_acc"]
    train_steps, _ = _series(df, "loss")
    assert set(steps) <= set(train_steps)
    assert not any("resumed" in w for w in warned), warned


def test_hapi_evaluate_after_fit_without_eval_data(tmp_path):
    """Sibling: fit() without eval_data, then Model.evaluate(): one final validation point after the last epoch,
    the evaluation's batches never in the training loss."""
    text, want = _hapi_fit(epochs=3, steps=20, eval_steps=6, log_freq=5)
    # fit without eval_data: drop the per-epoch blocks but the last (evaluate() after training)
    parts = text.split("Eval begin...\n")
    kept = parts[0]
    for k, part in enumerate(parts[1:], 1):
        body, _, rest = part.partition("Eval samples:")
        rest = rest.split("\n", 1)[1] if "\n" in rest else ""
        kept += ("Eval begin...\n" + body + "Eval samples:" + part.partition("Eval samples:")[2]
                 if k == len(parts) - 1 else rest)
    f = tmp_path / "train.log"
    f.write_text(kept)
    df, _ = _read(f)
    assert _series(df, "loss") == want["loss"]
    assert _series(df, "val_loss") == ([want["val_loss"][0][-1]], [want["val_loss"][1][-1]])


# ------------------------------------------------------------------ a Keras epoch header over its samples bar


def _keras_folds(folds: int, epochs: int, n: int, nv: int, f1_lines: bool = False) -> tuple[str, list]:
    """A real tiny torch classifier per fold, printed as Keras 2.2 fit(verbose=1) into a file (one finished bar a
    epoch: ``15726/15726 [====...] - 8s 510us/step - loss: ...``), then model.evaluate()'s bar and the script's
    ``Test loss:`` / ``Test accuracy:`` prints (public UrbanSound8K CNN_Classifier_Layer_3_Epoch_50.log)."""
    out = io.StringIO()
    tests = []
    print("Using TensorFlow backend.", file=out)
    for fold in range(folds):
        torch.manual_seed(fold)
        x, xv = torch.randn(n, 5), torch.randn(nv, 5)
        y, yv = (x[:, 0] > 0).long(), (xv[:, 0] > 0).long()
        model = torch.nn.Linear(5, 2)
        opt = torch.optim.SGD(model.parameters(), lr=0.5)
        print(f"Train on {n} samples, validate on {nv} samples", file=out)
        for epoch in range(epochs):
            loss = torch.nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                acc = (model(x).argmax(1) == y).float().mean().item()
                vloss = torch.nn.functional.cross_entropy(model(xv), yv).item()
                vacc = (model(xv).argmax(1) == yv).float().mean().item()
            print(f"Epoch {epoch + 1}/{epochs}", file=out)
            print(f"{n}/{n} [==============================] - 8s 510us/step - loss: {loss.item():.4f} - acc: "
                  f"{acc:.4f} - val_loss: {vloss:.4f} - val_acc: {vacc:.4f}", file=out)
            if f1_lines:
                print(f"EMA val_loss: {vloss * 0.9:.4f}", file=out)  # a callback evaluating EMA weights
        print(f"{nv}/{nv} [==============================] - 0s 336us/step", file=out)
        print(f"Cross Validation Fold {fold + 1}", file=out)
        print(f"Test loss: {vloss!r}", file=out)
        print(f"Test accuracy: {vacc!r}", file=out)
        tests.append((vloss, vacc))
    print("Summary:", file=out)
    print(f"Average loss: {sum(t[0] for t in tests) / folds!r}", file=out)
    return out.getvalue(), tests


def test_keras_fold_test_values_after_last_epoch(tmp_path):
    """Each fold's final test values sit at the fold's last epoch (50), never at epoch x samples (~800,000)."""
    text, tests = _keras_folds(folds=3, epochs=6, n=15726, nv=873)
    f = tmp_path / "CNN_Classifier_Layer_3_Epoch_6.log"
    f.write_text(text)
    df, _ = _read(f)
    runs = sorted(set(df.dir))
    assert len(runs) == 3
    for run, (vloss, _) in zip(sorted(runs, key=lambda r: int(r.rsplit("#", 1)[1])), tests):
        d = df[df.dir == run]
        assert d[d.tag == "loss"].step.tolist() == [1, 2, 3, 4, 5, 6]
        test = d[d.tag == "Test_loss"]
        assert test.step.tolist() == [6]
        assert test.value.round(6).tolist() == [round(vloss, 6)]
    assert df.step.max() == 6


def test_keras_callback_print_after_each_epoch_bar_sibling(tmp_path):
    """Sibling: a callback printing ``EMA val_loss: 0.53`` (the EMA weights' evaluation) after each epoch's bar: at
    that epoch, not epoch x samples."""
    text, _ = _keras_folds(folds=1, epochs=5, n=2048, nv=256, f1_lines=True)
    f = tmp_path / "train.log"
    f.write_text(text)
    df, _ = _read(f)
    f1 = [t for t in set(df.tag) if "EMA" in t]
    assert len(f1) == 1
    assert df[df.tag == f1[0]].step.tolist() == [1, 2, 3, 4, 5]
    assert df.step.max() == 5
