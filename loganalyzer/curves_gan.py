"""GANs: a generator's and a discriminator's loss are two adversarial objectives, never a total and its component.

A run is a GAN when its training side logs a loss of each player, told by a word of the name: the discriminator
``d``/``disc``/``dis``/``discriminator``/``critic`` (``loss_D``, ``d_loss``, ``train_disc_loss``, a WGAN critic),
the generator ``g``/``gen``/``generator`` (``loss_G``, ``g_loss``, ``train_gen_loss``), each with at least two
points. Then the discriminator's losses (train, validation and test) take no role: the run is judged on the
generator's loss (the model kept), its validation loss is the generator's too (``val_loss_G``, never ``val_loss_D``
against ``loss_G``), its components are the generator's terms (``loss_G_adv``, ``loss_G_l1``), and a ``gan`` finding
names both players. Neither loss is bound to fall in adversarial training (a WGAN critic rises towards 0, a DCGAN
settles at ln 4 and ln 2), so the verdict's confidence is capped at ``GAN_CONFIDENCE``.

A generator whose terms are logged with no total (junyanz/pytorch-CycleGAN-and-pix2pix prints only ``loss_names``:
CycleGAN's ``G_A G_B cycle_A cycle_B idt_A idt_B``, whose ``loss_G`` is their sum, the lambdas already in
``loss_cycle_*``/``loss_idt_*``; pix2pix's ``G_GAN G_L1``, ``loss_G = loss_G_GAN + loss_G_L1``) is judged on the sum
of those terms (``generator_terms``), as a detector's terms are: one term alone is not the generator's objective.

Some writers name the generator's terms by what they are, with no ``G`` word: NVlabs/SPADE (GauGAN, 0a2a8e4,
``models/pix2pix_model.py``) keeps ``G_losses['GAN']``, ``['GAN_Feat']``, ``['VGG']`` (``['KLD']`` with ``--use_vae``)
and ``D_losses['D_Fake']``, ``['D_real']``, printed by ``util/visualizer.py`` as pix2pixHD's line (``loss_GAN``,
``loss_D_Fake`` here); its ``g_loss`` is ``sum(g_losses.values())``. A loss with an adversarial word (``gan``,
``adv``, ``adversarial``: ``ADV_WORDS``) and no discriminator word is the generator's when a discriminator's loss
is logged beside it: the run is a GAN, judged on the sum of the generator's terms like pix2pix's. Keras DCGAN scripts
name the stacked generator-through-frozen-discriminator model ``dcgan`` and print its loss beside the
discriminator's (rajathkmp/DCGAN ``dcgan.py``: ``print('dcgan Loss: ', g_loss, '\t discriminator loss', d_loss)``):
``dcgan`` is such an adversarial word, the generator's loss.

Some name each player by its initial glued to ``loss``, the critic's parts by a second letter: public musegan214
``results/results.csv`` (a WGAN-GP MuseGAN, 1,000 rows of ``gloss,closs,cfloss,crloss,cploss``: the generator's
loss, the critic's total, its terms on fake and real bars and the gradient penalty; gloss 283.7 -> -4.1, closs -59.8
-> -21.1) was no GAN to ``player`` (``c``, ``cf`` are no discriminator words), so the critic-on-fake term ``cfloss``
was judged as the total, `diverged` 0.96. A tag holding ``c``/``d`` (critic, discriminator) glued to ``loss``, with at
most one more letter of its part (``f`` fake, ``r`` real, ``p`` penalty: ``_GLUED_DISC``), is the discriminator's;
``gloss`` is the generator's already (``words`` splits it into g, loss).
"""
from __future__ import annotations

import re

from .curves_names import PLAIN, PLAIN_WORDS, _Cand, _level, add_scalars_key, dir_parts

DISC_WORDS = frozenset({"d", "disc", "dis", "discriminator", "critic"})
GEN_WORDS = frozenset({"g", "gen", "generator"})
ADV_WORDS = frozenset({"gan", "dcgan", "adv", "adversarial"})  # the generator's adversarial term when no G word says whose
GAN_CONFIDENCE = 0.6
_GLUED_DISC = re.compile(r"(?:^|[^a-z])[cd][frp]?loss(?:$|[^a-z])")  # closs, cfloss, crloss, cploss, dloss


def player(c: _Cand) -> str | None:
    """'disc', 'gen' or None: whose loss a loss series is, by its name (``gen`` too for an adversarial term with no
    player word: SPADE's ``GAN``, ``GAN_Feat``)."""
    disc, gen = bool(c.rest & DISC_WORDS or _GLUED_DISC.search(c.tag.lower())), bool(c.rest & GEN_WORDS)
    if not disc and not gen and c.rest & ADV_WORDS:
        return "gen"
    if disc == gen:
        return None
    return "disc" if disc else "gen"


def critic_only(name: str) -> bool:
    """Whether a series name (``d_train_loss``, ``critic_loss``) is a discriminator's with no generator word: a run
    judged on it logged only the adversary (public vaegan102's WGAN CSV: its header names ``g_train_loss`` too, but
    every row holds the discriminator's two values alone)."""
    from .curves_names import words

    ws = set(words(name))
    return bool(ws & DISC_WORDS) and not ws & GEN_WORDS


def split_gan(losses: list[_Cand]) -> tuple[list[_Cand], list[_Cand]] | None:
    """(the losses without the discriminator's, the discriminator's) when the run is a GAN, else None."""
    train = [c for c in losses if c.marker in ("train", None) and not c.summary and c.n >= 2]
    if not any(player(c) == "disc" for c in train) or not any(player(c) == "gen" for c in train):
        return None
    return [c for c in losses if player(c) != "disc"], [c for c in losses if player(c) == "disc"]


def generator_terms(gen: list[_Cand]) -> list[_Cand]:
    """The generator's training loss terms to sum when no total of it is logged, else [].

    ``gen``: a GAN's losses without the discriminator's (``split_gan``). Terms: the training-side losses (>= 2 points,
    no summary) of one dir (or of one ``add_scalars`` plot: ``_group``), at least two, one of them the generator's by name (``G_A``, ``G_GAN``); [] when any of
    them is plainly named (``loss``) or names the generator alone (``loss_G``, ``g_loss``: its total)."""
    train = [c for c in gen if c.marker in ("train", None) and not c.summary and c.n >= 2]
    if len(train) < 2 or len({_group(c) for c in train}) != 1 or not any(player(c) == "gen" for c in train):
        return []
    if any(_level(c) == PLAIN or (c.rest - PLAIN_WORDS) <= GEN_WORDS for c in train):
        return []
    return sorted(train, key=lambda c: c.tag)


def _group(c: _Cand) -> str:
    """Where a term is logged: its dir, or for ``add_scalars(main_tag, {key: ..})``'s folders ``<main_tag>_<key>``
    (``curves_names.add_scalars_key``) the parent and the main tag, which holds them all as one plot."""
    parent, last = dir_parts(c.dir)
    return c.dir if add_scalars_key(last, c.tag) is None else f"{parent}/{c.tag}"


def gan_note(gen: list[_Cand], disc: list[_Cand]) -> str:
    def names(cs: list[_Cand]) -> str:
        return ", ".join(sorted({c.name for c in cs if c.marker in ("train", None)})[:3])

    return (f"GAN: two adversarial objectives, generator ({names(gen)}) and discriminator ({names(disc)}): judged "
            "on the generator's; the discriminator's loss is its adversary's, neither a total nor a component")


_SIDE_WORDS = frozenset({"err", "real", "fake", "a", "b", "total"})  # errD (the DCGAN example's), D_real, G_A
_TERM_WORDS = frozenset({"feat", "vgg", "l1", "l2", "cycle", "idt", "identity", "rec", "recon", "pix", "percep",
                         "perceptual", "content", "style", "tv", "kld", "kl", "mse"})


def gan_term_losses(cands: list[_Cand]) -> list[_Cand]:
    """A GAN's terms logged with no loss word, to be judged as its losses; [] unless both players are there.

    NVlabs/SPADE's and NVIDIA/pix2pixHD's TensorBoard writers (``util/visualizer.py`` ``plot_current_errors``:
    ``tf.Summary.Value(tag=tag, simple_value=value)`` for each name of the losses dict) write ``GAN``, ``GAN_Feat``,
    ``VGG``, ``D_Fake``, ``D_real`` (pix2pixHD: ``G_GAN``, ``G_GAN_Feat``, ``G_VGG``, ``D_real``, ``D_fake``); the
    PyTorch DCGAN example's variables ``errD``/``errG`` are logged as is. Only when nothing is named like a loss
    (``curves.find_curves``): a discriminator's series (a ``D`` word with err/real/fake/side words only) and a
    generator's (a ``G`` or adversarial word, with those or term words: ``feat``, ``vgg``, ``cycle``...), plus the
    terms beside them named by what they measure alone (SPADE's ``VGG``). ``D(x)``/``D(G(z))`` (the
    discriminator's mean outputs: ``D_x``, ``D_G_z1``) are no loss and stay out."""
    pool = [c for c in cands if c.marker in ("train", None) and not c.summary and c.n >= 2 and not c.all_zero]
    disc = [c for c in pool if set(c.words) & DISC_WORDS and set(c.words) <= DISC_WORDS | _SIDE_WORDS]
    gen = [c for c in pool if set(c.words) & (GEN_WORDS | ADV_WORDS)
           and set(c.words) <= GEN_WORDS | ADV_WORDS | _SIDE_WORDS | _TERM_WORDS]
    if not disc or not gen:
        return []
    dirs = {c.dir for c in disc + gen}
    terms = [c for c in pool if c.dir in dirs and set(c.words) & _TERM_WORDS
             and set(c.words) <= _TERM_WORDS | _SIDE_WORDS]
    return sorted({id(c): c for c in disc + gen + terms}.values(), key=lambda c: c.name)
