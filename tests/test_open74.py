"""Reader faults named by the labellers of blind sets 74/75 (opened at stop 40): each test writes a small log of the
named line shape and asserts the values and steps read."""
from __future__ import annotations

import io
import warnings

from loganalyzer import read_scalars
from loganalyzer.discover import discover


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_scalars(str(path), resolve=True)


def _series(df, tag, run=None):
    s = df[df.tag == tag] if run is None else df[(df.tag == tag) & (df.dir == run)]
    s = s.sort_values("step", kind="stable")
    return s.step.tolist(), s.value.round(4).tolist()


# ------------------------------------------------------------------ 1. a beta-VAE's 'Epoch 01/20 | beta=.. |' lines


def _beta_vae_log(epochs: int) -> tuple[str, list, list]:
    buf = io.StringIO()
    totals, tests = [], []
    for e in range(1, epochs + 1):
        beta = min(1.0, 0.2 * e)
        recon, kl = 290.0 / e ** 0.5, 80.0 / e ** 0.5 + 20
        total, test = recon + beta * kl, 190.0 / e ** 0.4
        print(f"Epoch {e:02d}/{epochs} | beta={beta:.2f} | train_total={total:6.2f} recon={recon:6.2f} kl={kl:5.2f} "
              f"| test_recon={test:6.2f} | ", file=buf)
        totals.append(round(float(f"{total:.2f}"), 4))
        tests.append(round(float(f"{test:.2f}"), 4))
    return buf.getvalue(), totals, tests


def test_beta_vae_epoch_lines_of_pairs(tmp_path):
    """Before: the file was listed but read as nothing ('looks like progress under other names')."""
    text, totals, tests = _beta_vae_log(20)
    f = tmp_path / "VAE-0.log"
    f.write_text(text)
    assert [r.format for r in discover(str(f))] == ["joblog"]
    df = _read(f)
    assert _series(df, "train_total") == (list(range(1, 21)), totals)
    assert _series(df, "test_recon") == (list(range(1, 21)), tests)
    assert set(df.tag) == {"beta", "train_total", "recon", "kl", "test_recon"}


def test_pairs_beside_a_word_part_stay_unread(tmp_path):
    """A part that is no run of name=value pairs ('| done |') keeps such lines unread, as before."""
    f = tmp_path / "log.txt"
    f.write_text("".join(f"Epoch {e:02d}/5 | recon={9 - e}.0 kl=1.0 | done |\n" for e in range(1, 6)))
    assert len(_read(f)) == 0
