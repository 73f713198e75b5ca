"""Why a verdict's confidence is what it is: the learned model's probability of the label, and what lowered it.

A newcomer (ux69 F9) saw a clean run shown ``healthy 0.50`` while the JSON's ``probabilities`` said healthy 0.925,
and ``--min-confidence 0.7`` then filtering almost at random: nothing said that the shown confidence is the model's
probability *after* the caps the verdict applies for thin, noisy or disputed evidence, nor which cap applied. This
module says it, from a finished :class:`~loganalyzer.verdict_base.Verdict` alone (its label, confidence, method,
probabilities and findings), so every later stage (JSON, ``--details``, the HTML page) shows the same sentence.

The caps themselves live where each check is made (``verdict.judge`` and the ``verdict_*`` rule modules, each with
its source): e.g. fewer than 10 points -> at most 0.5, a loss that moved within 3x its noise -> 0.55, a validation
that zigzags (8 of 9 moves change direction, issue 9 kind 8) -> 0.55, a label the rules set aside or kept against
the model -> 0.6 (``HELD_BACK_CONFIDENCE``), a GAN's losses -> 0.6. Here each *finding* those checks leave is
mapped to its words (``DOUBTS``); a finding is listed when the shown confidence is below the model's probability
(or when the label is the rules'), which is when one of them bound it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only the type: the JSON of a rescan served from the store imports no curve code
    from .verdict_base import Verdict

# finding kind (or prefix, ending "_") -> what lowers confidence, in a reader's words; the caps' sources are the
# modules that add each finding (verdict.judge: thin_evidence, within_noise, oscillation, no_train_loss;
# verdict_base.HELD_BACK_CONFIDENCE: possible_*; curves_gan.GAN_CONFIDENCE: gan*; verdict_second: second_opinion;
# siblings.SIBLING_CONFIDENCE: sibling_lower; verdict_transient: transient_nonfinite; verdict_floor: presumed_classes)
DOUBTS = (
    ("thin_evidence", "fewer than 10 points"),
    ("within_noise", "the loss moved within its noise"),
    ("oscillation", "a zigzagging series"),
    ("possible_", "another label was weighed and set aside"),
    ("second_opinion", "the second opinion changed the label"),
    ("sibling_lower", "sibling runs reached lower losses"),
    ("gan", "a GAN's losses need not fall"),
    ("no_train_loss", "no training loss was logged"),
    ("transient_nonfinite", "the run recovered from its NaN/Inf"),
    ("presumed_classes", "the class count is presumed, not given"),
)


RULES_CAP = 0.95  # verdict.judge: "rule scores are not probabilities": a rules' label is at most 0.95 sure


@dataclass(frozen=True)
class Basis:
    """What a shown confidence rests on.

    ``model``: the learned model's calibrated probability of the shown label (0..1), None when the model was not
    used (a rule decided alone: NaN, no loss, ``--rules-only``). ``lowered_by``: the doubts (words of ``DOUBTS``)
    found among the verdict's findings when the shown confidence is below ``model`` or the label is the rules'.
    ``text``: one sentence, e.g. "0.50: the learned model gives healthy 0.93; lowered by fewer than 10 points".
    """

    shown: float
    model: float | None
    method: str
    lowered_by: tuple[str, ...]
    text: str


def basis(verdict: Verdict) -> Basis:
    """The :class:`Basis` of ``verdict.confidence``. Never raises on a well-formed Verdict."""
    shown = float(verdict.confidence)
    model = verdict.probabilities.get(verdict.label) if verdict.probabilities else None
    model = None if model is None else float(model)
    lowered = model is not None and shown < model - 0.005
    doubts: list[str] = []
    ruled = verdict.method == "rules" and shown < RULES_CAP  # a rule's label below the cap the rules never exceed
    if lowered or ruled:
        for f in verdict.findings:
            for kind, words in DOUBTS:
                if (f.kind.startswith(kind) if kind.endswith("_") or kind == "gan" else f.kind == kind) \
                        and words not in doubts:
                    doubts.append(words)
    head = f"{shown:.2f}: "
    if model is None:
        text = head + ("a rule decided this label without the learned model; its confidence is that rule's fixed "
                       "level for this kind of evidence")
    elif verdict.method == "rules" and verdict.probabilities:
        lean = max(verdict.probabilities, key=verdict.probabilities.get)
        text = head + (f"the rules' label (the learned model gives {verdict.label} {model:.2f}"
                       + (f" and leans {lean} {verdict.probabilities[lean]:.2f}" if lean != verdict.label else "")
                       + "); a rule's label is capped at its fixed level")
    else:
        text = head + f"the learned model gives {verdict.label} {model:.2f}"
        if lowered and not doubts:
            doubts.append("a definitional check on the logged values")
    if doubts and (lowered or ruled):
        text += "; lowered by " + ", ".join(doubts)
    return Basis(shown, model, verdict.method, tuple(doubts), text)
