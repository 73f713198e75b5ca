"""JoeyNMT's printed training lines (used by ``_progress_text.rewrite`` and ``_progress_skip.not_progress``).

JoeyNMT (joeynmt/training.py, joeynmt/prediction.py; 1.x and 2.x) logs::

    Epoch   1, Step:      100, Batch Loss:     3.729787, Batch Acc: 0.037216, Tokens per Sec:    12357, Lr: 0.000300
    Evaluation result (greedy) bleu:   0.24, loss:   3.18, ppl:  24.13, acc:   0.11, generation: 17.6537[sec], evaluation: 0.3441[sec]
    Example #0
    \tSource:     Vorig jaar liet ik deze twee dia's zien ...
    \tReference:  Last year I showed these two slides ...
    \tHypothesis: ... has shrunk by 40 percent.

(public mt5 course runs, JoeyNMT 2.2). ``Tokens per Sec`` is a throughput (it was a series ``per_Sec``), the
``generation``/``evaluation`` values in ``[sec]`` and 1.x's ``duration: 30.5s`` are timings (a series
``evaluation``), and the example translations are text, no progress: a hypothesis reading "Shrunk von 40 Prozent"
was a series ``Shrunk_von``. Throughput and timing pairs are dropped from the line; the example lines are no
progress lines.

At each epoch's end JoeyNMT logs ``Epoch   1: total training loss 28119.11`` (training.py: ``epoch_loss`` summed over
the epoch's batches, ``"Epoch %3d: total training loss %.2f"``): a sum, thousands where the ``Batch Loss`` beside it
is a mean near 3, it was read as a series ``training_loss`` and taken for the run's training loss against a
validation loss of 1.6 (public amsler-mt4 / frund-mt5 course runs). The per-batch mean is the run's training loss:
the sum is no progress line.
"""
from __future__ import annotations

import re

# '<words> per Sec: 12357' (JoeyNMT's 'Tokens per Sec'), 'generation: 17.6537[sec]', 'duration: 30.4829s'
_THROUGHPUT = re.compile(r"(?i),?\s*\b(?:tokens|sentences|samples|words|examples) per sec(?:ond)?:\s*[\d.]+")
_TIMING = re.compile(r"(?i),?\s*\b(?:generation|evaluation|duration):\s*[\d.]+\s*(?:\[sec\]|s\b)")
# an example translation: 'Source:', 'Reference:', 'Hypothesis:' then text (JoeyNMT's log_examples)
_EXAMPLE = re.compile(r"^\s*(?:Source|Reference|Hypothesis|Raw hypothesis|Raw source|Raw reference):\s")

# 'Epoch   1: total training loss 28119.11' (JoeyNMT's per-epoch sum of the batch losses)
_EPOCH_TOTAL = re.compile(r"^Epoch\s+\d+:\s+total training loss\s+[-+\d.eE]+\s*$")


def timings_dropped(text: str) -> str:
    """``text`` without its throughput and timing pairs (module docstring)."""
    if "per Sec" in text or "per sec" in text:
        text = _THROUGHPUT.sub("", text)
    if "[sec]" in text or "duration:" in text:
        text = _TIMING.sub("", text)
    return text


def example_line(text: str) -> bool:
    """Whether a cleaned line is one of JoeyNMT's example translations (module docstring)."""
    return text[:1] in " \tSRH" and _EXAMPLE.match(text) is not None


def epoch_total_line(text: str) -> bool:
    """Whether a cleaned line is JoeyNMT's per-epoch sum of batch losses (module docstring)."""
    return text[:1] == "E" and _EPOCH_TOTAL.match(text) is not None
