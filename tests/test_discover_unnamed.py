"""A ``losses.txt`` of bare numbers that no reader takes is said in one line naming the file (public gancourse195:
two lines of 100 numbers, D then G, written nowhere): it was skipped in silence (no run, no warning)."""
from __future__ import annotations

import numpy as np

from _runs import read_resolved


def test_a_losses_txt_of_unnamed_rows_is_said_not_skipped(tmp_path):
    rng = np.random.default_rng(1)
    d = 0.7 + 0.2 * rng.standard_normal(100)
    g = 0.9 + 0.3 * rng.standard_normal(100)
    (tmp_path / "gan").mkdir()
    with open(tmp_path / "gan" / "losses.txt", "w") as f:  # the course's writer: one line a player
        f.write(" ".join(map(str, d)) + "\n")
        f.write(" ".join(map(str, g)) + "\n")
    df, said = read_resolved(tmp_path)
    assert len(df) == 0
    lines = [w for w in said if "losses.txt" in w]
    assert len(lines) == 1 and "unnamed numbers" in lines[0] and "not read" in lines[0]


def test_np_savetxt_rows_say_it_and_a_notes_txt_of_numbers_stays_quiet(tmp_path):
    """``np.savetxt`` rows (space-separated scientific notation) are said too (as a table with no header: nothing is
    read); a file of numbers not named like a loss stays out of it."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    np.savetxt(tmp_path / "a" / "d_losses.txt", np.random.default_rng(2).random((2, 300)))
    np.savetxt(tmp_path / "b" / "seeds.txt", np.arange(10)[None, :])
    _, said = read_resolved(tmp_path)
    assert len([w for w in said if "d_losses.txt" in w and "not read" in w or "nothing is read" in w]) == 1
    assert not any("seeds.txt" in w for w in said)
