"""Box-drawn epoch tables (``readers/_joblog_boxtable``; public samnoisy219, davda54/sam's ``utility/log.py``),
printed with the trainer's own f-strings into a redirected stdout (``\\r`` redraws and all)."""
from __future__ import annotations

import contextlib
import io

from loganalyzer import discover
from tests._runs import run_points

_HEADER = (
    "┏━━━━━━━━━━━━━━┳━━━━━━━╸T╺╸R╺╸A╺╸I╺╸N╺━━━━━━━┳━━━━━━━╸S╺╸T╺╸A╺╸T╺╸S╺━━━━━━━┳━━━━━━━╸V╺╸A╺╸L╺╸I╺╸D╺━━━━━━━┓",
    "┃              ┃              ╷              ┃              ╷              ┃              ╷              ┃",
    "┃       epoch  ┃        loss  │    accuracy  ┃        l.r.  │     elapsed  ┃        loss  │    accuracy  ┃",
    "┠──────────────╂──────────────┼──────────────╂──────────────┼──────────────╂──────────────┼──────────────┨",
)


def _curve(epoch):
    train = 1.63 * 0.97 ** epoch
    val = 0.77 + 0.004 * (epoch - 12) ** 2 / 10 if epoch > 12 else 1.27 - 0.04 * epoch
    return train, min(0.999, 0.24 + 0.02 * epoch), val, 0.35 + 0.01 * min(epoch, 12)


def _sam_log(epochs: int, one_line_per_print: bool) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for line in _HEADER:
            print(line)
        for epoch in range(epochs):
            train, acc, val, vacc = _curve(epoch)
            lr = 0.1 if epoch < 20 else 0.02
            end = "\n" if one_line_per_print else ""
            for k in range(1, 4):  # the progress redraws
                bar = "(" + "═" * (7 * k) + "─" * (21 - 7 * k) + ")"
                print(f"\r┃{epoch:12d}  ┃{train * 1.1:12.4f}  │{100 * acc:10.2f} %  ┃{lr:12.3e}  │{'00:0' + str(k) + ' min':>12}"
                      f"  {bar}", end=end, flush=True)
            print(f"\r┃{epoch:12d}  ┃{train:12.4f}  │{100 * acc:10.2f} %  ┃{lr:12.3e}  │{'00:08 min':>12}  ┃", end=end,
                  flush=True)
            print(f"{val:12.4f}  │{100 * vacc:10.2f} %  ┃", flush=True)
    return out.getvalue()


def test_sam_box_table_is_found_and_read_per_epoch(tmp_path):
    (tmp_path / "cifar10_worse_0p8_SGD_False_0p5.txt").write_text(_sam_log(40, False), encoding="utf-8")
    (run,) = discover(tmp_path)  # "hold no progress line loganalyzer reads" before
    points = run_points(run)
    steps, values = points["val_loss"]
    assert steps == list(range(40)) and values[0] == round(_curve(0)[2], 4)
    assert points["train_loss"][1][-1] == round(_curve(39)[0], 4)  # the final row, not a progress redraw
    assert points["lr"][1][-1] == 0.02 and points["val_accuracy"][1][0] == 35.0
    assert not any("elapsed" in t for t in points)


def test_sam_box_table_logged_a_line_per_print(tmp_path):
    # forks logging each print as its own line: the evaluation's cells on the line after the training's
    path = tmp_path / "train_log.txt"
    path.write_text(_sam_log(30, True), encoding="utf-8")
    points = run_points(path)
    assert points["val_loss"][0] == list(range(30)) and points["train_loss"][0] == list(range(30))
    assert points["train_loss"][1][0] == round(_curve(0)[0], 4)
