"""Series that weigh a term of the objective: a KL weight annealed up (beta-VAE), a domain-adversarial lambda ramped
in (DANN's gradient-reversal weight), a curriculum's auxiliary-loss coefficient.

When such a weight grows, the logged total measures a different objective than before: a total that climbs with it
is no divergence (domain.md: "a loss that rises while the LR rises ... is not divergence"; the same holds for a
term's weight). ``loss_weight_cands`` finds them by name; ``verdict_climb`` asks whether one rose where the climb
began.
"""
from __future__ import annotations

import numpy as np

# a weight named by itself (beta, lambda, alpha: the usual symbols of a term's weight in papers and code) or as
# ``<term>_weight``/``<term>_coef``; never an optimiser's or a normaliser's setting
WEIGHT_SYMBOLS = frozenset({"beta", "lambda", "lambd", "lam", "alpha", "anneal", "annealing"})
WEIGHT_WORDS = frozenset({"weight", "coef", "coeff", "coefficient", "factor", "scale"})
TERM_WORDS = frozenset({"kl", "kld", "dann", "domain", "adv", "adversarial", "recon", "reconstruction", "aux",
                        "auxiliary", "gp", "reg", "consistency", "distill", "distillation", "contrastive", "vq",
                        "commitment", "entropy", "ent", "grl"})
NOT_A_WEIGHT = frozenset({"decay", "norm", "lr", "learning", "rate", "momentum", "loss", "acc", "accuracy", "grad",
                          "mean", "std", "hist", "histogram", "max", "min"})


def loss_weight_cands(cands: list) -> list:
    """The candidates (``curves_names._Cand``) named like the weight of an objective's term, with >= 2 finite logs:
    ``beta``, ``dann_lambda``, ``kl_weight``, ``lambda_adv``, ``kl_coef``, ``beta_kl``; not ``weight_decay``, an
    Adam ``beta1`` (a number-suffixed word is another word), ``grad_norm`` or any loss/accuracy."""
    out = []
    for c in cands:
        ws = c.wordset
        if ws & NOT_A_WEIGHT or c.n < 2:
            continue
        if ws & WEIGHT_SYMBOLS or (ws & WEIGHT_WORDS and ws & TERM_WORDS):
            if np.isfinite(c.values()).sum() >= 2:
                out.append(c)
    return out
