"""A fine-tune's learning rate and schedule: what keeps a pretrained model's loss, which starts where pretraining left
it and "improves little in relative terms" (domain.md, judging underfit), from reading as a stall or as a classifier
at chance (``verdict_floor``, ``verdict_plateau``, ``verdict``).
"""
from __future__ import annotations

import math

from .features import RunFeatures

# a learning rate warmed up to <= 5e-5 (median) is a pretrained transformer's fine-tune recipe (BERT/LLM SFT: 1e-5 to
# 5e-5); public `healthy` metamath (an LLM SFT, 1.04 -> 0.57 = "ln 3", LR 2e-5 after warm-up) was `underfit` 0.55
FINETUNE_LR_LOG10 = math.log10(5e-5)

# A fine-tune's schedule: a learning rate warmed up, or decayed >= 2x (0.3 decades), to a median <= 3e-4 (LoRA and
# SFT recipes: 1e-5 to 3e-4). Such a run starts from a pretrained model's loss and "improves little in relative
# terms" (domain.md, judging underfit); a fall of >= 8% beyond twice its noise is learning, not the stall's "barely
# moves from its initial value". Public `healthy` (dev) LoRA/SFT runs the learned model called `stalled`: cas4133
# (1.286 -> 1.167, warm-up to 4.9e-6), falcon-lora-imdb (3.26 -> 3.025, LR 4.6e-5 decayed 7x), poem-gen (3.484 ->
# 3.039, warm-up to 2e-4); the public runs labelled `stalled` beside such a schedule fell <= 6.3% (tokcomp, plane).
# Up to the rules' underfit line (35%): past it the stall's own test (10%, 5x the noise) stands alone (the dev run
# vlapeft, a 41% fall with the learned model leaning stalled, is labelled `underfit` and stays so).
FINETUNE_SCHEDULE_LR_LOG10 = math.log10(3e-4)
FINETUNE_SCHEDULE_DECAY = 0.3
FINETUNE_FALL, FINETUNE_FALL_MAX, FINETUNE_FALL_NOISE = 0.08, 0.35, 2.0


def finetune_fall(f: RunFeatures, removed: float) -> str | None:
    """Why a stall is not what the curves show: the loss (features ``main``: training, else validation) removed
    ``removed`` (a fraction of its start, ``FINETUNE_FALL`` to ``FINETUNE_FALL_MAX``) beyond ``FINETUNE_FALL_NOISE`` x its noise under a
    fine-tune's learning-rate schedule (``FINETUNE_SCHEDULE_*``); None otherwise (no learning rate logged: None)."""
    main = f.train if f.train is not None else f.val
    if main is None or not f.lr_log10_median == f.lr_log10_median or f.lr_log10_median > FINETUNE_SCHEDULE_LR_LOG10:
        return None
    if not (f.lr_warmup or f.lr_decay >= FINETUNE_SCHEDULE_DECAY):
        return None
    if not FINETUNE_FALL <= removed < FINETUNE_FALL_MAX or main.drop < FINETUNE_FALL_NOISE * main.noise:
        return None
    from .verdict_base import times_log10

    how = "warmed up" if f.lr_warmup else f"decayed {times_log10(f.lr_decay)}"
    return (f"the loss fell {removed:.0%} under a fine-tune's learning rate ({how}, median "
            f"{10 ** f.lr_log10_median:.1e}): a pretrained model's loss improves little in relative terms, which is "
            "not barely moving")
