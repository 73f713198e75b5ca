"""A source-separation run whose only objective is a signal-quality figure (SI-SDR, SDR, SI-SNR): judged on it, negated.

Speech and music separation repos (Conv-TasNet, DPRNN, SepFormer, Mamba-TasNet forks; asteroid's ``PITLossWrapper(
pairwise_neg_sisdr)``) train on the negated scale-invariant signal-to-distortion ratio, ``loss = -si_sdr``, and many
log the ratio itself, in dB and higher is better, with no loss column at all. Public polsess211
``curve_mambatasnet_m_collapse.csv`` (``run_id,epoch,train_si_sdr,val_si_sdr,lr``, 18 epochs: train SI-SDR 0.87 dB at
epoch 1 -> 7.78 at 8, then 5.14 at 9 and 1.13 at 10; val 3.28 at 8 -> -2.71 at 9, partial recovery to 1.73 at 18
after two lr cuts) was read whole, but no series took a loss role (an SI-SDR is no loss word, nor a known metric) and
the run was `unknown` where its label is diverged.

Rule (``quality_objectives``): only when nothing else is named like a loss (``curves.find_curves``' last fallback), the
series whose name, split and plain words aside, is one such figure (``sdr``, ``sisdr``, ``si sdr``, ``sdri``, ``si
snr``, ``sisnr``, ``sisnri``: ``SIGNAL_WORDS``; a bare ``snr`` stays out, it is a diffusion schedule's or a noise
level's too), >= 2 finite logs, one per split (train/unmarked, val, test: SI-SDR before SDR, then the most points), are
the run's losses. ``negated`` turns the chosen series into that loss: values multiplied by -1 (dB, lower is better),
its tag prefixed ``-`` (``-train_si_sdr``) so that every report says the sign. PESQ/STOI are left out: repos compute
them at test time only, seldom as a per-epoch curve.
"""
from __future__ import annotations

from .curves_names import PLAIN_WORDS, _Cand
from .curves_series import Series

SIGNAL_WORDS = frozenset({"sdr", "sisdr", "sdri", "sisdri", "sisnr", "sisnri"})
_SI_WORDS = frozenset({"sdr", "snr", "sdri", "snri"})  # after a separate 'si' word: SI-SDR, si_snr
NOTE = ("no series named like a loss: the signal-quality figure {names} (dB, higher is better; a separation model's "
        "objective is its negation) is judged as the loss, negated")


def _figure(c: _Cand) -> str | None:
    ws = set(c.rest) - PLAIN_WORDS
    if len(ws) == 1 and ws <= SIGNAL_WORDS:
        return next(iter(ws))
    if len(ws) == 2 and "si" in ws and ws - {"si"} <= _SI_WORDS:
        return "si" + next(iter(ws - {"si"}))
    return None


def quality_objectives(cands: list[_Cand]) -> list[_Cand]:
    """The signal-quality series to judge as the run's losses (module docstring), at most one per split; [] when
    there is none. ``cands``: the run's live candidates (no all-zero series)."""
    import numpy as np

    best: dict[str, _Cand] = {}
    for c in cands:
        fig = _figure(c)
        if fig is None or c.summary or c.n < 2 or c.marker == "conflict" or np.isfinite(c.values()).sum() < 2:
            continue
        side = c.marker or "train"
        key = (not fig.startswith("si"), -c.n, c.name)
        old = best.get(side)
        if old is None or key < (not _figure(old).startswith("si"), -old.n, old.name):
            best[side] = c
    return sorted(best.values(), key=lambda c: c.name)


def negated(series: Series | None, objectives: list[_Cand]) -> Series | None:
    """``series`` negated with its tag marked ``-`` when it is one of ``objectives``, else as it is."""
    if series is None or not any(series.dir == c.dir and series.tag == c.tag for c in objectives):
        return series
    return Series(series.role, series.dir, "-" + series.tag, series.steps, -series.values, series.x)
