"""Guards for four regressions a breaker found in stop 56's new reader rules (tab-separated headers split on
whitespace, a rounded 0 evaluation loss dropped as a placeholder, a wrapped fixed-width array no longer unwrapped).
Each input is the exact text the writer prints (pandas ``to_csv(sep="\\t")``, f-strings), small and hand-written."""
from __future__ import annotations

import math
import warnings

from loganalyzer.load import read_scalars


def _read(path) -> dict:
    """{tag: [(step, value), ...]} of the one run read under ``path``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = read_scalars(path)
    return {tag: list(zip(g["step"].tolist(), g["value"].tolist())) for tag, g in df.groupby("tag")}


def _curve(n: int, a: float, b: float) -> list[float]:
    return [round(b + (a - b) * math.exp(-0.15 * i), 4) for i in range(n)]


# ---------------------------------------------------------------- 1+2. a tab-separated 'epoch' table keeps '\t'


def test_tsv_empty_cells_stay_in_their_columns(tmp_path):
    """``DataFrame.to_csv(sep="\\t", index=False)`` with validation every 3rd epoch: NaN is an empty cell (two tabs
    in a row). Split on runs of whitespace, the lr moved under val_loss and the val losses under lr."""
    tr, va = _curve(30, 2.0, 0.3), _curve(30, 2.1, 0.45)
    lines = ["epoch\tloss\tval_loss\tlr"]
    for e in range(30):
        v = f"{va[e]:.4f}" if e % 3 == 2 else ""
        lines.append(f"{e}\t{tr[e]:.4f}\t{v}\t{0.001 * 0.95 ** e:.6f}")
    (tmp_path / "history.tsv").write_text("\n".join(lines) + "\n")
    got = _read(tmp_path)
    assert got["val_loss"] == [(e, va[e]) for e in range(2, 30, 3)]
    assert got["lr"] == [(e, round(0.001 * 0.95 ** e, 6)) for e in range(30)]
    assert got["loss"] == list(enumerate(tr))


def test_tsv_text_cell_with_a_space(tmp_path):
    """A tab-separated text cell holding a space (a datetime): the columns after it were lost."""
    tr, va = _curve(20, 2.0, 0.3), _curve(20, 2.1, 0.45)
    lines = ["epoch\tloss\ttimestamp\tval_loss"]
    lines += [f"{e}\t{tr[e]:.4f}\t2024-01-05 10:{e:02d}:00\t{va[e]:.4f}" for e in range(20)]
    (tmp_path / "history.tsv").write_text("\n".join(lines) + "\n")
    got = _read(tmp_path)
    assert got["val_loss"] == list(enumerate(va))
    assert got["loss"] == list(enumerate(tr))


# ---------------------------------------------------------------- 3. an evaluation loss that falls to a printed 0


def test_zero_at_two_decimals_after_a_fall_is_kept(tmp_path):
    """``f"{v:.2f}"``: 0.02, 0.01, 0.01, then 0.00: within one printed unit of the last value, a converged loss."""
    vals = [0.35, 0.21, 0.12, 0.07, 0.04, 0.03, 0.02, 0.01, 0.01, 0.00, 0.00, 0.00]
    trs = [0.40, 0.25, 0.15, 0.09, 0.05, 0.03, 0.02, 0.02, 0.01, 0.01, 0.00, 0.00]
    lines = [f"Epoch {i + 1}/12 - train_loss: {t:.2f} - val_loss: {v:.2f} - val_acc: {0.8 + 0.015 * i:.3f}"
             for i, (t, v) in enumerate(zip(trs, vals))]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    assert [v for _, v in _read(tmp_path)["val_loss"]] == vals


def test_zero_at_one_decimal_reached_by_the_trend_is_kept(tmp_path):
    """``%.1f``: 2.5, 1.5, 0.5, 0.5, then 0.0: one more step of the recent fall reaches 0."""
    vals = [2.5, 1.5, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0]
    lines = [f"epoch {i} train_loss={max(0.0, 3.0 - 0.5 * i):.1f} val_loss={v:.1f}" for i, v in enumerate(vals)]
    (tmp_path / "log.txt").write_text("\n".join(lines) + "\n")
    assert _read(tmp_path)["val_loss"] == list(enumerate(vals))


def test_zero_every_other_epoch_far_from_zero_is_dropped(tmp_path):
    """``val_loss: 0.0000`` every other epoch (validation_freq=2, the variable printed as 0) between 1.9 and 0.89:
    still left out, while the converged zeros above stay."""
    va = _curve(10, 2.1, 0.45)
    lines = [f"Epoch {e + 1}/10 - loss: {2.0 - 0.1 * e:.4f} - val_loss: {va[e] if e % 2 else 0.0:.4f}"
             for e in range(10)]
    (tmp_path / "out.log").write_text("\n".join(lines) + "\n")
    assert _read(tmp_path)["val_loss"] == [(e + 1, va[e]) for e in range(1, 10, 2)]


# ---------------------------------------------------------------- 4. a fixed-width array wrapped at 80 columns


def test_wrapped_fixed_width_array_is_joined(tmp_path):
    """A record ``Epoch N/12 | train_loss: .. | per_class_acc: [0.5000  0.5100 ...] | val_loss: .. | val_acc: ..``
    hard-wrapped at 80: the array's pieces are 80 long with gaps in the same columns (period 8), and were taken for a
    table's rows, so the file was no longer unwrapped (val_loss read cut at the wrap, val_acc lost)."""
    lines = []
    for e in range(12):
        cells = "  ".join(f"{0.5 + 0.01 * k - 0.02 * e:.4f}" for k in range(44))
        head = f"Epoch {e + 1:>3}/12 | train_loss: {1.5 - 0.1 * e:.4f} | per_class_acc: ["
        pad = 477 - len(head + cells + "] | val_loss: ")
        rec = head + cells + "]" + " " * pad + " | val_loss: " + f"{1.6 - 0.09 * e:.4f} | val_acc: {0.5 + 0.03 * e:.4f}"
        lines += [rec[i:i + 80] for i in range(0, len(rec), 80)]
    assert sum(len(line) == 80 for line in lines) >= 60
    (tmp_path / "console.txt").write_text("\n".join(lines) + "\n")
    got = _read(tmp_path)
    assert got["val_loss"] == [(e + 1, round(1.6 - 0.09 * e, 4)) for e in range(12)]
    assert got["val_acc"] == [(e + 1, round(0.5 + 0.03 * e, 4)) for e in range(12)]


def test_zero_among_values_one_unit_above_it_is_kept(tmp_path):
    """``print(f"train_loss:{t:.3f}, test_loss:{v:.3f}, test_acc: {a:.3f}")`` over a noisy test loss that prints
    0.001 at other epochs: its 0.000 is the same rounding (public kagcifar96 dezero-bsln.log), a value."""
    vals = [0.215, 0.091, 0.014, 0.201, 0.003, 0.066, 0.001, 0.024, 0.037, 0.000, 0.015, 0.182, 0.002, 0.083, 0.000,
            0.005]
    lines = [f"train_loss:{0.7 / (e + 1):.3f}, test_loss:{v:.3f}, test_acc: {90 + e / 2:.3f}" for e, v in enumerate(vals)]
    (tmp_path / "dezero-bsln.log").write_text("\n".join(lines) + "\n")
    assert [v for _, v in _read(tmp_path)["test_loss"]] == vals
