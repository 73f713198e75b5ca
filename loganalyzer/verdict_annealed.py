"""A total loss that climbs because a term's weight is annealed (KL warm-up in a VAE, a beta schedule): no divergence
(domain.md: "a total loss that rises because a loss weight is annealed ... is not divergence: check the components").
``verdict.judge`` judges such a run on the component that did not rise. Split from ``verdict``."""
from __future__ import annotations

from .curves import Curves, Series
from .curves_names import tag_words
from .features import loss_shape
from .verdict_climb import CLIMB_RATIO, _climbed
from .verdict_evidence import finite

# names of terms whose weight is typically annealed (KL warm-up, beta schedules): their rise is by design
# A domain-adaptation run's alignment term (``transfer_loss``, ``domain_loss``, ``dann_loss``: transferlearning's
# DeepDA ``total_Loss = cls_loss + transfer_loss_weight * transfer_loss``, its weight ramped up; a DANN domain
# classifier's BCE climbs towards ln 2 = 0.693 as the features stop telling the domains apart) rises by design too:
# public octda198 DANN_D2A, transfer_loss 0.32 -> 0.69 while cls_loss fell to 0.0007, was `diverged` 0.99 on the total
_ANNEALED_WORDS = ("kl", "kld", "beta", "commitment", "reg", "penalty", "transfer", "domain", "dann")


def likelihood_term(curves: Curves) -> tuple[Series, float] | None:
    """The loss component that did not rise (a VAE's likelihood/reconstruction term) when the total did:
    a total that climbs because an annealed term's weight grows is not divergence (domain.md). Only when such a
    term is logged (a KL, beta, commitment or penalty term): a PINN whose data terms climbed with its total, beside
    flat ones, diverged (public ``ns-pinn``)."""
    best = None
    terms = [c for c in curves.components
             if not _words(c) & set(_ANNEALED_WORDS)]  # split on any non-alphanumeric: 'KL Divergence'
    # (public streetvae108 losses.csv: ``Epoch,Reconstruction Loss,KL Divergence,Total Loss``, a VAE whose total
    # rose 2.85e5 -> 3.77e5 as its KL weight grew 0.005 an epoch, was `diverged` 0.96: 'kl divergence' was one word)
    if len(terms) == len(curves.components):
        return None
    for comp in curves.components:  # a penalty grows by its weight, not by itself: one that climbed far above its
        # own start (a PINN's `Boundary Penalty` 0.05 -> 11, a stop-50 breaker's case) is the divergence. Not a KL:
        # it starts near 0 and grows as the posterior leaves the prior (a real VAE's KL 0.15 -> 1.44 under warm-up)
        if not any(comp is t for t in terms) and not _words(comp) & _KL_WORDS and _term_exploded(comp):
            return None
    for comp in terms:
        shape = loss_shape(comp)
        if shape is None or shape.initial != shape.initial or shape.first_nonfinite_step is not None:
            continue
        tolerance = 0.05 if shape.log_scale else 0.05 * max(abs(shape.initial), 1e-12)
        # a component that climbed far above its own best with the total (a PINN's terms after a spike) is no
        # steady likelihood term: the total's climb is then real
        if shape.rise_above_start <= tolerance and shape.giveback < 1.0 and not _climbed(shape, CLIMB_RATIO):
            if best is None or shape.drop > best[1]:
                best = (comp, shape.drop)
    return best


_KL_WORDS = frozenset({"kl", "kld", "kullback"})


def _words(comp: Series) -> set[str]:
    return set(tag_words(comp.tag))


ANNEALED_TERM_RISE = 2.0  # an annealed term's own value (the KL before its weight) above 2x its first: exploded


def _term_exploded(comp: Series) -> bool:
    """Whether a loss term's last finite value lies >= ``ANNEALED_TERM_RISE`` x its first (positive values)."""
    _, v = finite(comp)
    return len(v) >= 2 and v[0] > 0 and v[-1] >= ANNEALED_TERM_RISE * v[0]
