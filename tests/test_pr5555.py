"""Printed-log reader kinds of the sets opened at stop 55 (131-136), each failing on the stop's start code:

- CycleGAN/pix2pix ``loss_log.txt`` lines of forks: a ``[Rank 0]`` prefix and commas between the pairs
  (chineseink135), another timing inside the parenthesis (``, dataset: ..``: invgan136), a summed term named with a
  ``+`` (DeblurGAN's ``D_real+fake``: deblurgancc133): nothing was read;
- a headerless ``losses.txt`` whose epoch counter is the LAST column (``train\\tval\\tepoch``: textsumm135): nothing
  was read.
"""
from __future__ import annotations

import math

from _runs import read_resolved, series_by_step


def _curve(n: int, start: float, end: float) -> list[float]:
    return [round(start + (end - start) * (i / (n - 1)) ** 0.5, 4) for i in range(n)]


# ---------------------------------------------------------------- CycleGAN / pix2pix loss_log of forks


def _print_current_losses(f, epoch: int, iters: int, losses: dict, *, extra: str = ", data: 0.003",
                          rank: str = "", sep: str = " ") -> None:
    """junyanz ``Visualizer.print_current_losses``: ``(epoch: %d, iters: %d, time: %.3f, data: %.3f) `` then
    ``'%s: %.3f ' % (k, v)`` for each loss; the forks' variants as named by the keywords."""
    message = f"{rank}(epoch: {epoch}, iters: {iters}, time: 0.412{extra}) "
    message += sep.join(f"{k}: {v:.3f}" for k, v in losses.items()) + " "
    print(message, file=f)


def test_cyclegan_forks(tmp_path):
    n = 12
    d, g = [round(v, 3) for v in _curve(n, 3.3, 0.2)], [round(v, 3) for v in _curve(n, 4.8, 0.6)]
    cases = {
        "rank": dict(rank="[Rank 0] ", sep=", ", names=("D_A", "G_A")),
        "dataset": dict(extra=", dataset: 3297449849.897", names=("GAN", "D")),
        "plus": dict(extra="", names=("G_GAN", "D_real+fake")),
    }
    for case, kw in cases.items():
        names = kw.pop("names")
        path = tmp_path / case / "loss_log.txt"
        path.parent.mkdir()
        with open(path, "w") as f:
            print("================ Training Loss (Sat Nov 29 20:58:22 2025) ================", file=f)
            for i in range(n):
                _print_current_losses(f, 1 + i // 4, 100 * (1 + i % 4), {names[0]: g[i], names[1]: d[i]}, **kw)
        df, _ = read_resolved(path)
        for name, values in ((names[0], g), (names[1], d)):
            steps, got = series_by_step(df, "loss_" + name)
            assert got == values, (case, name, got)
            assert steps == [400 * (i // 4) + 100 * (1 + i % 4) for i in range(n)], (case, steps)


def test_cyclegan_rank_taken(tmp_path):
    """Rank 1's lines of a DDP job printing all ranks are not rank 0's curve."""
    path = tmp_path / "loss_log.txt"
    with open(path, "w") as f:
        for i in range(8):
            for rank in (0, 1):
                _print_current_losses(f, 1, 20 * (i + 1), {"D_A": 1.0 + rank + i / 10}, rank=f"[Rank {rank}] ", sep=", ")
    df, _ = read_resolved(path)
    assert not df.empty
    _, got = series_by_step(df[~df.dir.astype(str).str.contains("rank", case=False)], "loss_D_A")
    assert all(v < 2.0 for v in got), got


# ---------------------------------------------------------------- losses.txt, the epoch last


def test_losses_txt_epoch_last(tmp_path):
    train, val = _curve(20, 60.0, 30.0), _curve(20, 50.0, 44.0)
    val = val[:8] + [round(44.0 + 0.4 * i, 4) for i in range(12)]
    path = tmp_path / "losses.txt"
    with open(path, "w") as f:
        for epoch, (t, v) in enumerate(zip(train, val)):
            f.write(f"{t}\t{v}\t{epoch}\n")  # a summariser's loop: train, val, epoch
    df, _ = read_resolved(path)
    steps, got = series_by_step(df, "train_loss")
    assert steps == list(range(20)) and got == train
    _, got = series_by_step(df, "val_loss")
    assert all(math.isclose(a, b) for a, b in zip(got, val)) and len(got) == 20


def test_losses_txt_no_counter_stays_unread(tmp_path):
    """Three unnamed columns with no counter anywhere: still not read (which is the loss is not certain)."""
    path = tmp_path / "losses.txt"
    path.write_text("".join(f"{1.0 / (i + 1)}\t{2.0 / (i + 1)}\t{0.5 + i / 100}\n" for i in range(10)))
    df, _ = read_resolved(path)
    assert df.empty
