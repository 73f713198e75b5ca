"""GAN verdict rules (``curves_gan``: a GAN is judged on its generator's objective, which need not fall).

- ``gan_blew_up``: a generator's loss ending an order of magnitude above its best is divergence; below that, a
  generator's loss rising as its discriminator improves is adversarial training, not divergence. A signed loss (a
  WGAN's) is divergence only when its size grew by three orders of magnitude (``signed_blew_up``).
- ``stuck_half``: a GAN half of which never learned. A CycleGAN whose generator B died (its output saturated, or its
  parameters left out of the optimiser) logs ``cycle_A`` and ``idt_B`` at lambda x their first L1 for the whole run
  while ``cycle_B``/``idt_A`` fall: the summed generator objective still falls (the other half learns), so the run
  looked healthy. The public ``xraycyclegan`` (labelled `stalled` by a careful labeller: "cycle_A 10.00 -> 9.82 and
  idt_B 5.00 -> 4.91 stay at their initial values, G_A ~1.0 while D_A -> 0.01 (generator A not learning); other half
  learns"). A term is stuck when
    * a reconstruction-like term (any term but a player's adversarial loss: ``cycle_A``, ``idt_B``, ``G_L1``,
      ``GAN_Feat``, ``VGG``) never leaves its starting level: the median of each tenth of its logs stays within
      ``STUCK_BAND`` (5%) of the first tenth's; or
    * an adversarial loss (``D_B``, ``G_B``, ``D_real``, ``GAN``: a player word, sides, real/fake and adversarial
      words only) is constant: its 5th-95th percentile spread within ``FLAT_SPREAD`` (0.5%) of its median, the
      output of a dead discriminator or a saturated generator (an adversarial loss at work swings batch to batch);
  and the run is `stalled` when >= 2 terms are stuck (a pair: one flat term alone may be a term at its floor) while
  a reconstruction-like term fell to <= half its first level (``MOVED``: that part learned; an adversarial loss
  drifting by half is the players' balance moving, no sign of learning). Healthy GANs (every reconstruction term
  falling, adversarial terms swinging) and GANs whose terms all sit still (nothing moved: judged as before) are left
  alone. Evidence: really-trained tiny CycleGANs and SPADE-style GANs on scikit-learn digits (tests/test_curves_gan30).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves_names import words
from .curves_series import Curves, Series

GAN_BLOWUP = 10.0  # a GAN's generator loss ending >= 10x its best (an order of magnitude) is divergence
STUCK_BAND = 0.05  # a term whose tenths' medians all stay within 5% of its first tenth's never left its start
FLAT_SPREAD = 0.005  # an adversarial loss whose 5-95th percentile spread is within 0.5% of its median is constant
MOVED = 0.5  # a term whose last tenth's median is <= half its first tenth's learned
MIN_LOGS = 10
STUCK_CONFIDENCE = 0.55

_PLAYER_WORDS = frozenset({"d", "g", "disc", "dis", "discriminator", "critic", "gen", "generator", "gan", "adv",
                           "adversarial", "real", "fake", "a", "b", "x", "y", "loss", "train", "total"})


def gan_blew_up(shape, series: Series | None = None) -> bool:
    """A GAN's generator loss that ended >= ``GAN_BLOWUP`` x its smoothed best; a signed one (``series`` not all
    positive: no ratio), one whose size grew by orders of magnitude (``signed_blew_up``).

    ``curves_gan``: neither player's loss is bound to fall. A non-saturating generator loss climbs as the
    discriminator gets better while the generator still learns: a really-trained 2-D GAN (tests/test_verdict_unseen5)
    whose samples' mean moved 2.38 -> 0.86 from its target ends its loss 5.2x above its best; the eighth held-out
    set's vanilla GAN (gan1202, labelled `healthy`, seen after its measurement) 2.2x. Only a climb of an order of
    magnitude is taken as divergence (the same GAN with its discriminator's rate 50x the generator's: 14.9x, its
    samples barely moved, 2.38 -> 1.72)."""
    if not shape.log_scale or not shape.minimum > 0:
        return series is None or signed_blew_up(series)
    return shape.final / shape.minimum >= GAN_BLOWUP


SAMPLES_WORSE = 1.0  # a sample-quality metric (FID) that gave back all its gain: ended worse than it began
SAMPLES_CONFIDENCE = 0.6  # diverged on the samples' metric alone, the generator's loss saying otherwise


def samples_worsened(curves: Curves):
    """The course of a GAN's sample-quality metric (``curves.val_metric`` a lower-is-better FID) when it improved and
    then ended worse than at its first evaluation (``verdict_metric.MetricCourse.gave_back`` >= ``SAMPLES_WORSE``,
    the best before the last quarter), else None. The samples themselves say what the generator's loss cannot
    (``gan_blew_up``): public facegan69 metrics_log.csv, a DCGAN on faces whose FID went 291 -> 188 at epoch 395 ->
    371 at 800 while loss_D fell to ~0.01 and loss_G climbed 1.3 -> 15.4 (6.9x its best, below ``GAN_BLOWUP``),
    labelled `diverged` (the discriminator won), was `healthy` 0.50 "judge a GAN on its samples"."""
    from .verdict_metric import metric_course  # (verdict_metric imports nothing of this module)

    course = metric_course(curves.val_metric)
    if course is None or course.higher_is_better or "fid" not in words(course.name):
        return None
    worse = course.last > course.first and course.gave_back >= SAMPLES_WORSE and course.best_position <= 0.75
    return course if worse else None


def samples_text(course) -> str:
    """The finding's sentence for ``samples_worsened``."""
    from .verdict_base import _fmt, _step, times

    return (f"the samples got worse: `{course.name}` (lower is better) went from {_fmt(course.first)} at {course.x} "
            f"{_step(course.first_step)} to its best {_fmt(course.best)} at {course.x} {_step(course.best_step)}, "
            f"then to {_fmt(course.last)} at {course.x} {_step(course.last_step)}, worse than at the start: the "
            "generator diverged")


def samples_summary(course, train: Series | None) -> tuple[str, tuple[str, ...]]:
    """(summary, advice) of a GAN judged `diverged` on its samples' metric (``samples_worsened``): the logged FID
    values with their steps, and the generator's loss as logged, first and last."""
    from .verdict_base import _fmt, _step, times

    where = f"{course.x} {_step(course.best_step)}"
    summary = (f"`{course.name}` (lower is better) reached its best {_fmt(course.best)} at {where} (it started at "
               f"{_fmt(course.first)}), then worsened to {_fmt(course.last)} at {course.x} "
               f"{_step(course.last_step)}, worse than at the start: the generator's samples diverged")
    if train is not None:
        v = train.values[np.isfinite(train.values)]
        if len(v):
            summary += (f", whatever its loss `{train.name}` says ({_fmt(float(v[0]))} at the first log, "
                        f"{_fmt(float(v[-1]))} at the last)")
    advice = (f"Keep the checkpoint from {where} (the best {course.name}).",
              "Rebalance the players: a discriminator that wins (its loss near 0) or a generator fooling a stalled "
              "one both show here; try two time-scale learning rates (TTUR), spectral normalisation or a gradient "
              "penalty, and stop on the sample metric.")
    return summary + ".", advice


def gan_rise_text(shape, train: Series, adversary: Series) -> str:
    """Why a GAN's generator loss that rose is not taken as divergence (``gan_blew_up`` said no)."""
    from .verdict_base import times

    if shape.log_scale and shape.minimum > 0:
        return (f"`{train.name}` (the generator's) ends {times(shape.final / shape.minimum)} its best, but in "
                "adversarial training the generator's loss rises as its discriminator "
                f"(`{adversary.name}`) gets better: not divergence below {GAN_BLOWUP:g}x (judge a GAN on its samples)")
    m = _tenths(np.abs(train.values[np.isfinite(train.values)]))
    return (f"`{train.name}` (the generator's) is a signed loss, a critic's estimate (a WGAN's -D(fake)) whose sign "
            f"and size wander as `{adversary.name}` learns: its size went {m[0]:.3g} -> {m[-1]:.3g} (first and last "
            f"tenth), not divergence below {WGAN_BLOWUP:g}x growth (judge a GAN on its samples)")


WGAN_BLOWUP = 1e3  # a signed GAN loss whose size ends >= 1000x its first size (at least 1) exploded


def signed_blew_up(series: Series) -> bool:
    """A signed GAN loss (a WGAN's generator ``-D(fake)``, a critic's ``D(fake) - D(real) + gp``) that exploded: the
    median size of its last tenth of logs >= ``WGAN_BLOWUP`` x that of its first tenth (floored at 1).

    A WGAN's losses are the critic's estimate of a distance and its offset, not losses to minimise: their sign and
    size wander as the critic learns (a really-trained WGAN-GP on digits, tests/test_curves_gan30: ``Loss/G`` -0.02
    -> -3.7 -> -1.6 while its samples' MMD to the data fell 0.35 -> 0.009, read as "learned, then collapsed").
    Only growth by orders of magnitude is an explosion (NaN is the nan verdict's)."""
    v = np.abs(series.values[np.isfinite(series.values)])
    if len(v) < MIN_LOGS:
        return True
    m = _tenths(v)
    return bool(m[-1] >= WGAN_BLOWUP * max(m[0], 1.0))


@dataclass(frozen=True)
class StuckHalf:
    stuck: tuple[tuple[str, float], ...]  # (term, its starting level) of each stuck term
    moved: tuple[str, float, float]  # the term that learned most: (name, first tenth's level, last tenth's level)
    step: int  # the last step of the stuck terms' logs


def _tenths(v: np.ndarray) -> np.ndarray:
    return np.array([np.median(p) for p in np.array_split(v, 10)])


def _adversarial(s: Series) -> bool:
    return set(words(s.tag)) <= _PLAYER_WORDS


def _stuck(s: Series) -> float | None:
    """The term's starting level when it is stuck (module docstring), else None."""
    v = s.values[np.isfinite(s.values)]
    if len(v) < MIN_LOGS:
        return None
    if _adversarial(s):
        mid = float(np.median(v))
        spread = float(np.percentile(v, 95) - np.percentile(v, 5))
        return mid if mid != 0 and spread <= FLAT_SPREAD * abs(mid) else None
    m = _tenths(v)
    if not m[0] > 0:
        return None
    return float(m[0]) if float(np.max(np.abs(m - m[0]))) <= STUCK_BAND * m[0] else None


def stuck_half(curves: Curves) -> StuckHalf | None:
    """Two or more of a GAN's terms stuck at their starting level while another term learned (module docstring)."""
    if len(curves.gan_terms) < 3:
        return None
    stuck, moved = [], None
    for s in curves.gan_terms:
        level = _stuck(s)
        if level is not None:
            stuck.append((s, level))
            continue
        v = s.values[np.isfinite(s.values)]
        if len(v) >= MIN_LOGS:
            m = _tenths(v)
            if not _adversarial(s) and m[0] > 0 and m[-1] <= MOVED * m[0] and (
                    moved is None or m[-1] / m[0] < moved[2] / moved[1]):
                moved = (s.name, float(m[0]), float(m[-1]))
    if len(stuck) < 2 or moved is None:
        return None
    return StuckHalf(tuple((s.name, level) for s, level in stuck), moved, int(max(s.steps[-1] for s, _ in stuck)))


def stuck_text(found: StuckHalf) -> tuple[str, str, str]:
    """(summary, finding message, advice) for a half-stuck GAN."""
    names = ", ".join(f"`{n}` ({level:.4g})" for n, level in found.stuck[:4])
    name, first, last = found.moved
    summary = (f"Part of this GAN never learned: {names} stayed at their starting level for the whole run while "
               f"`{name}` fell {first:.4g} -> {last:.4g} ({1 - last / first:.0%} lower): one generator/discriminator "
               "pair is stuck while the other learns.")
    finding = (f"stuck GAN terms: {names} never left their starting level (within {STUCK_BAND:.0%}, or constant) "
               f"while `{name}` fell {1 - last / first:.0%}")
    advice = ("Check the stuck half: are its generator's and discriminator's parameters in their optimisers, is its "
              "output activation saturated (tanh/sigmoid pinned at +-1 gives no gradient), its learning rate and "
              "normalisation the same as the half that learns? Look at its samples: a dead generator outputs one "
              "image.")
    return summary, finding, advice
