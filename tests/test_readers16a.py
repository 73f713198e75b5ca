"""Reader kinds of branch readers16a (breaker7's printed job logs), each input printed by a real (tiny) torch loop:

1. a log whose last line has no newline: a complete last line is read, one cut mid-number is dropped with a warning
   naming the file's line (``readers/_joblog_lastline``);
"""
from __future__ import annotations

import io
import warnings
from contextlib import redirect_stdout

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
