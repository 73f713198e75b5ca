"""GANs: a generator's and a discriminator's loss are two adversarial objectives, never a total and its component.

A run is a GAN when its training side logs a loss of each player, told by a word of the name: the discriminator
``d``/``disc``/``dis``/``discriminator``/``critic`` (``loss_D``, ``d_loss``, ``train_disc_loss``, a WGAN critic),
the generator ``g``/``gen``/``generator`` (``loss_G``, ``g_loss``, ``train_gen_loss``), each with at least two
points. Then the discriminator's losses (train, validation and test) take no role: the run is judged on the
generator's loss (the model kept), its validation loss is the generator's too (``val_loss_G``, never ``val_loss_D``
against ``loss_G``), its components are the generator's terms (``loss_G_adv``, ``loss_G_l1``), and a ``gan`` finding
names both players. Neither loss is bound to fall in adversarial training (a WGAN critic rises towards 0, a DCGAN
settles at ln 4 and ln 2), so the verdict's confidence is capped at ``GAN_CONFIDENCE``.
"""
from __future__ import annotations

from .curves_names import _Cand

DISC_WORDS = frozenset({"d", "disc", "dis", "discriminator", "critic"})
GEN_WORDS = frozenset({"g", "gen", "generator"})
GAN_CONFIDENCE = 0.6


def player(c: _Cand) -> str | None:
    """'disc', 'gen' or None: whose loss a loss series is, by its name."""
    disc, gen = bool(c.rest & DISC_WORDS), bool(c.rest & GEN_WORDS)
    if disc == gen:
        return None
    return "disc" if disc else "gen"


def split_gan(losses: list[_Cand]) -> tuple[list[_Cand], list[_Cand]] | None:
    """(the losses without the discriminator's, the discriminator's) when the run is a GAN, else None."""
    train = [c for c in losses if c.marker in ("train", None) and not c.summary and c.n >= 2]
    if not any(player(c) == "disc" for c in train) or not any(player(c) == "gen" for c in train):
        return None
    return [c for c in losses if player(c) != "disc"], [c for c in losses if player(c) == "disc"]


def gan_note(gen: list[_Cand], disc: list[_Cand]) -> str:
    def names(cs: list[_Cand]) -> str:
        return ", ".join(sorted({c.name for c in cs if c.marker in ("train", None)})[:3])

    return (f"GAN: two adversarial objectives, generator ({names(gen)}) and discriminator ({names(disc)}): judged "
            "on the generator's; the discriminator's loss is its adversary's, neither a total nor a component")
