"""A GAN judged on the sum of its generator's terms, read term by term (pix2pix / CycleGAN ``loss_log.txt``).

junyanz/pytorch-CycleGAN-and-pix2pix prints the generator's terms with no total (``curves_gan.generator_terms``):
pix2pix ``G_GAN G_L1 D_real D_fake``, CycleGAN ``D_A G_A cycle_A idt_A D_B G_B cycle_B idt_B``. The run is judged on
their sum, where the reconstruction terms (``G_L1`` at lambda 100, ``cycle_*`` at lambda 10) outweigh the
adversarial ones. Two failures of that sum, each seen on public runs of the 225th set and on older dev runs:

Reconstruction terms are the generator's terms that are no player's adversarial loss, less feature matching
(``GAN_Feat``: L1 between the discriminator's features, which grows as they do -- public yukihd225 pix2pixHD
bklabel2city_512p, G_GAN_Feat 0.66 -> 9.7 while G_VGG falls, labelled `healthy`).

- ``adversarial_blowup`` (`diverged`): a generator's adversarial term (``G_GAN``, ``G_A``: a player word, sides and
  adversarial words only, ``verdict_gan._adversarial``) ends >= ``TERM_RISE`` x its first tenth's median -- the
  median of its last tenth and of its last ``LATE_SHARE`` of logs both -- while its discriminator's loss (``D_A`` for
  ``G_A``: the same side letter; every ``D_*`` for pix2pix's ``G_GAN``) fell to <= ``DISC_DROP`` x its first tenth's
  median over those last logs. The discriminator won and the generator's adversarial loss climbed and never came
  back (Goodfellow et al. 2014 sec. 3, Arjovsky & Bottou 2017: a perfect discriminator's gradients vanish), while
  the reconstruction term held the sum down. Public anatcity225 (pix2pix cityscapes, 6,356 logs: D_real/D_fake
  tenths 0.016/0.029 -> 0, G_GAN tenths 4.61 -> 16.7, 3.6x; G_L1 12.7 -> 14.7) and ponchon225 color2grayUnstable
  (CycleGAN, 501 logs: D_A 0.648 -> 0.0485, G_A 0.824 -> 3.6 and 8.67 at the sixth tenth, 4.4x, while cycle_A
  falls), both labelled `diverged` ("the discriminator took over and generator losses climb"), were `healthy`. The
  older dev label pokepix133 (pix2pix: D_fake/D_real 0.34 -> 0.014, G_GAN 2.2 -> 8.9, `diverged`) is the same kind.
  A discriminator gaining late with the generator's term rising < 2x stays healthy: ponchon225 square2circle (G_A
  0.575 -> 0.962 while D_A 0.167 -> 0.016) and day2night225 day2nightIR#2 (G_B 0.83 -> 1.54, D_B 0.175 -> 0.04),
  both labelled `healthy`; ``TERM_RISE`` 3 is ``verdict_ganfrozen.WON_RISE``. The term must also end above
  ``ABOVE`` (1.0), least squares' ceiling ((0 - 1)^2: a discriminator saying 0 to every fake; CycleGAN's default
  ``--gan_mode lsgan``): an LSGAN generator term rising to ~1 is a confident discriminator within its range, public
  strokeapp155 cyclegan (G_B 0.263 -> 0.933 while D_B 0.249 -> 0.012, cycle_B falling) labelled `healthy`, where
  ponchon225's G_A at 3.6-8.7 means the discriminator's outputs overshot far past 0.
- ``reconstruction_learned`` (not `stalled`): the summed objective flat (called `stalled`) while the sum of the
  reconstruction terms (any term not a player's adversarial loss, summed log by log) ended >= ``RECON_FALL`` (30%)
  below its first tenth's median (last tenth's median): the sum is flat because the adversarial terms rise as the discriminators improve,
  which is adversarial training, not a stall (domain.md: stalled = the loss barely moves from its initial value).
  Public ponchon225 square2circle#2 (CycleGAN, 500 logs: cycle_A tenths 0.171 -> 0.117, cycle_B 0.263 -> 0.164, idt
  0.0995 -> 0.057 and 0.0375 -> 0.041, reconstruction sum 0.571 -> 0.379; G_A 0.575 -> 0.962; the judged sum 2.653 ->
  2.326) labelled `healthy` ("reconstruction keeps improving"), was
  `stalled` 0.52. A reconstruction term that never fell keeps the stall (artrepo225 test#1: G_L1 35.5 -> 37.7,
  labelled `stalled`).

- ``reconstruction_never_fell`` (not `healthy`): the sum of the reconstruction terms never came below its start:
  every tenth's median >= ``NEVER_BAND`` (0.95) x the larger of its first log and its first tenth's median, the last
  tenth's above it (the first log too: a run that learned within its first tenth, public h2z147 horse2zebra with
  cycle_A 2.25 at its first log and ~0.14 from the first tenth on, labelled `healthy`, learned). The
  generator never learned the mapping its reconstruction term measures, whatever the adversarial terms did: `stalled`
  (domain.md: the training loss barely moves from its initial value, or stops early while still near it). Public
  artrepo225 test#2 (pix2pix relaunch, 31 logs: G_L1 tenths 30.5 36.3 33.2 54.6 39 41.8 36.4 55.4 39.3 47.4, G_GAN
  2.2 -> 2.9) labelled `stalled` ("L1 does not decrease at all"), was `healthy` 0.5; its first launch (#1, G_L1 35.5
  -> 37.7) was `stalled` already.

All three need a generator judged on a sum (its name holds `` + ``) of >= ``MIN_LOGS`` logs per term.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves_gan import ADV_WORDS, DISC_WORDS, GEN_WORDS
from .curves_names import words
from .curves_series import Curves, Series
from .verdict_gan import _adversarial, _tenths

TERM_RISE = 3.0  # the generator's adversarial term ends >= 3x its first tenth (verdict_ganfrozen.WON_RISE)
DISC_DROP = 0.1  # its discriminator's loss ends <= 1/10 of its first tenth
LATE_SHARE = 0.3  # "ends": the median of the last 30% of logs (and of the last tenth)
ABOVE = 1.0  # ... and above 1: LSGAN's (D(G(x)) - 1)^2 when the discriminator says 0 to every fake
RECON_FALL = 0.3  # a reconstruction term whose last tenth is >= 30% below its first learned
NEVER_BAND = 0.95  # ... and one no tenth of which came 5% below its first never learned
MIN_LOGS = 30
BLOWUP_CONFIDENCE = 0.6  # curves_gan.GAN_CONFIDENCE: a GAN's verdict is capped there
LEARNED_CONFIDENCE = 0.5
_SIDES = frozenset({"a", "b", "x", "y"})


@dataclass(frozen=True)
class TermBlowup:
    term: str
    first: float  # the first tenth's median
    last: float  # the last LATE_SHARE's median
    peak: float  # the highest tenth's median
    adversary: str
    adversary_first: float
    adversary_last: float
    since_step: int  # the first step of the last LATE_SHARE
    last_step: int
    kind: str = "gan_term_blowup"


@dataclass(frozen=True)
class Learned:
    term: str
    first: float
    last: float
    others: tuple[str, ...]  # the adversarial terms that rose


def _summed(curves: Curves) -> bool:
    return curves.train_loss is not None and " + " in curves.train_loss.name and len(curves.gan_terms) >= 3


def _finite(s: Series) -> np.ndarray:
    return s.values[np.isfinite(s.values)]


def _role(s: Series) -> str:
    """'disc', 'gen' (an adversarial term of the generator) or 'recon'."""
    ws = set(words(s.tag))
    if "feat" in ws:
        return "other"  # feature matching: L1 between the discriminator's features, which grow as it learns
    if _adversarial(s):
        if ws & DISC_WORDS:
            return "disc"
        if ws & (GEN_WORDS | ADV_WORDS):
            return "gen"
        return "other"
    return "recon"


def _late(v: np.ndarray) -> float:
    return float(np.median(v[int(len(v) * (1 - LATE_SHARE)):]))


def adversarial_blowup(curves: Curves | None) -> TermBlowup | None:
    """The first generator adversarial term that blew up beside its beaten discriminator (module notes), else None."""
    if curves is None or not _summed(curves):
        return None
    terms = [s for s in curves.gan_terms if len(_finite(s)) >= MIN_LOGS]
    discs = [s for s in terms if _role(s) == "disc"]
    for g in (s for s in terms if _role(s) == "gen"):
        gv = _finite(g)
        if (gv < 0).any():
            continue  # a signed (WGAN) loss: verdict_gan.signed_blew_up
        m = _tenths(gv)
        first, late = float(m[0]), _late(gv)
        if not first > 0 or late < TERM_RISE * first or m[-1] < TERM_RISE * first or late <= ABOVE:
            continue
        side = set(words(g.tag)) & _SIDES
        pair = [d for d in discs if (set(words(d.tag)) & _SIDES) == side] or ([] if side else discs)
        beaten = []
        for d in pair:
            dv = _finite(d)
            d_first = float(_tenths(dv)[0])
            if (dv < 0).any() or not d_first > 0 or _late(dv) > DISC_DROP * d_first:
                break
            beaten.append((d, d_first, _late(dv)))
        else:
            if beaten:
                d, d_first, d_last = max(beaten, key=lambda b: b[2] / b[1])
                since = g.steps[np.isfinite(g.values)][int(len(gv) * (1 - LATE_SHARE))]
                return TermBlowup(g.name, first, late, float(m.max()), d.name, d_first, d_last, int(since),
                                  int(g.steps[-1]))
    return None


def reconstruction_learned(curves: Curves | None) -> Learned | None:
    """The reconstruction terms' sum when it fell >= ``RECON_FALL`` (module notes), else None."""
    found = _recon_tenths(curves)
    if found is None:
        return None
    name, m, _ = found
    if not m[0] > 0 or m[-1] > (1 - RECON_FALL) * m[0]:
        return None
    gen = [s for s in curves.gan_terms if len(_finite(s)) >= MIN_LOGS and _role(s) == "gen"]
    rose = tuple(s.name for s in gen if _tenths(_finite(s))[-1] > _tenths(_finite(s))[0])
    return Learned(name, float(m[0]), float(m[-1]), rose)


def _recon_tenths(curves: Curves | None) -> tuple[str, np.ndarray, float] | None:
    """(names, tenths' medians, first log) of the reconstruction terms summed log by log, or None."""
    if curves is None or not _summed(curves):
        return None
    recon = [s for s in curves.gan_terms if len(_finite(s)) >= MIN_LOGS and _role(s) == "recon"]
    if not recon or len({len(s.values) for s in recon}) != 1:
        return None  # terms of one printed line each: summed log by log
    total = np.sum([s.values for s in recon], axis=0)
    total = total[np.isfinite(total)]
    return " + ".join(s.name for s in recon), _tenths(total), float(total[0])


def reconstruction_never_fell(curves: Curves | None) -> Learned | None:
    """The reconstruction terms' sum when no tenth of it came ``NEVER_BAND`` below its first (module notes)."""
    found = _recon_tenths(curves)
    if found is None:
        return None
    name, m, first = found
    start = max(float(m[0]), first)
    if not start > 0 or float(m.min()) < NEVER_BAND * start or m[-1] <= start:
        return None
    return Learned(name, start, float(m[-1]), ())


def blowup_text(found: TermBlowup, x: str = "step") -> tuple[str, str, tuple[str, ...]]:
    """(summary, finding message, advice) of ``adversarial_blowup``."""
    from .verdict_base import _fmt, _step, times

    summary = (f"The discriminator won: from {x} {_step(found.since_step)} to the last log ({x} "
               f"{_step(found.last_step)}) `{found.adversary}` sat at a median of {_fmt(found.adversary_last)} "
               f"(first tenth of the logs {_fmt(found.adversary_first)}) while the generator's adversarial term "
               f"`{found.term}` climbed to a median of {_fmt(found.last)}, {times(found.last / found.first)} its first "
               f"tenth's {_fmt(found.first)} (peak tenth {_fmt(found.peak)}), and never came back. The summed "
               "generator objective hid it behind its reconstruction term: the adversarial game diverged.")
    message = (f"`{found.term}` rose {times(found.last / found.first)} its start while `{found.adversary}` fell to "
               f"{_fmt(found.adversary_last)}: the discriminator won")
    advice = (f"Keep a checkpoint from before {x} {_step(found.since_step)}, and look at the samples: a generator its "
              "discriminator rejects outright has stopped learning from it.",
              "Rebalance the players: a lower discriminator learning rate, one-sided label smoothing or instance "
              "noise, spectral normalisation, or the LSGAN loss (--gan_mode lsgan) instead of vanilla BCE.")
    return summary, message, advice


def learned_text(found: Learned) -> str:
    """The finding's sentence for ``reconstruction_learned``."""
    from .verdict_base import _fmt

    rose = f" while {', '.join(f'`{n}`' for n in found.others[:3])} rose" if found.others else ""
    return (f"but its reconstruction terms `{found.term}` fell {_fmt(found.first)} -> {_fmt(found.last)} (first and "
            f"last tenth's median, {1 - found.last / found.first:.0%} lower){rose}: the summed "
            "objective is flat because the adversarial terms rise as the discriminators improve, not a stall")


def ganterms_verdict(verdict, curves: Curves | None):
    """The verdict after reading a summed GAN generator term by term: `diverged` on ``adversarial_blowup`` (from
    healthy/underfit/overfit/stalled), `stalled` on ``reconstruction_never_fell`` (from healthy), `healthy` on
    ``reconstruction_learned`` (from stalled), else None."""
    from .verdict_base import Finding, _fmt, overruled, who_chose

    if verdict.label not in ("healthy", "underfit", "overfit", "stalled"):
        return None
    was = who_chose(verdict.label, verdict.confidence, verdict.method)
    blow = adversarial_blowup(curves)
    if blow is not None:
        summary, message, advice = blowup_text(blow, curves.train_loss.x)
        note = Finding("possible_" + verdict.label, f"{was} on the generator's summed objective, but its adversarial "
                                                    "term blew up")
        return overruled(verdict, "diverged", BLOWUP_CONFIDENCE, note, Finding(blow.kind, message, blow.since_step),
                         summary=summary, advice=advice, blown_term=blow.term, blown_since_step=blow.since_step)
    never = reconstruction_never_fell(curves) if verdict.label == "healthy" else None
    if never is not None:
        note = Finding("possible_healthy", f"{was} on the generator's summed objective, but its reconstruction terms "
                                           f"`{never.term}` never came below their first tenth ({_fmt(never.first)} "
                                           f"-> {_fmt(never.last)}, first and last tenth's median)")
        return overruled(verdict, "stalled", min(verdict.confidence, LEARNED_CONFIDENCE), note,
                         reconstruction_term=never.term,
                         summary=verdict.summary + f" Its reconstruction terms `{never.term}` never improved on their "
                                                   f"first tenth ({_fmt(never.first)} -> {_fmt(never.last)}): the "
                                                   "generator did not learn the mapping.")
    learned = reconstruction_learned(curves) if verdict.label == "stalled" else None
    if learned is None:
        return None
    note = Finding("possible_stalled", f"{was} on the generator's summed objective, {learned_text(learned)}")
    return overruled(verdict, "healthy", min(verdict.confidence, LEARNED_CONFIDENCE), note,
                     reconstruction_term=learned.term,
                     summary=verdict.summary + f" Its reconstruction terms `{learned.term}` kept falling "
                                               f"({1 - learned.last / learned.first:.0%} lower): learning.")
