"""Reinforcement-learning runs: the policy optimiser's diagnostics and the episode's figures are no loss.

A PPO-style run logs, beside the episode's return, its optimiser's diagnostics, often under a loss-named group:
CleanRL's ``losses/policy_loss``, ``losses/value_loss``, ``losses/entropy``, ``losses/approx_kl``,
``losses/old_approx_kl``, ``losses/clipfrac``, ``losses/explained_variance`` (and ``charts/episodic_return``,
``charts/episodic_cost``); rl_games/ConceptPPO-style ``Loss/pi``, ``Loss/v``, ``Loss/entropy`` beside
``Rewards/mean_episodes``; Stable-Baselines3's ``train/loss`` beside ``train/policy_gradient_loss``,
``train/value_loss``, ``train/entropy_loss``. Read by name alone, the policy entropy (``Loss/entropy``) or the
environment's episode cost became "the training loss" and the KL/clip fraction its "components", while the return
took no role (breaker2 fault 4: CleanRL `stalled` 0.98 on a constant ``charts/episodic_cost``, ConceptPPO
`underfit` on the entropy). So, in an RL run (``split_rl``: a reward series, ``curves_names._is_reward``, with two or
more points, or a policy loss beside a value loss):

- a per-episode figure named like a loss (``charts/episodic_cost``: what the environment charged per episode) is no
  training loss;
- the optimiser's diagnostics (``RL_DIAGNOSTICS``: approx_kl, clip fraction, explained variance, the entropy, the
  value loss) are neither the loss nor terms of a total;
- the policy loss (``policy_loss``, ``policy_gradient_loss``, ``Loss/pi``, ``pg_loss``) is the training loss when no
  plainly named total is logged: the surrogate objective ``verdict_rl`` recognises (it then judges the run on its
  reward, ``curves.reward``); beside a plainly named total (SB3's ``train/loss``) it is a diagnostic too.
A note names what was left out and why.
"""
from __future__ import annotations

from .curves_names import EPISODE_WORDS, PLAIN, _Cand, _is_reward, _level

# the words left of a loss name once role/loss words are out (``_Cand.rest``), per diagnostic
RL_DIAGNOSTICS = (
    frozenset({"approx", "kl"}), frozenset({"old", "approx", "kl"}), frozenset({"clipfrac"}),
    frozenset({"clip", "fraction"}), frozenset({"clip", "frac"}), frozenset({"explained", "variance"}),
    frozenset({"entropy"}), frozenset({"value"}), frozenset({"v"}), frozenset({"vf"}),
    frozenset({"value", "function"}),
)
POLICY_LOSSES = (frozenset({"policy"}), frozenset({"policy", "gradient"}), frozenset({"pi"}), frozenset({"pg"}),
                 frozenset({"surrogate"}))
_VALUE_LOSSES = (frozenset({"value"}), frozenset({"v"}), frozenset({"vf"}), frozenset({"value", "function"}))
# terms of the PPO/A2C objective (loss = pg_loss - ent_coef * entropy + vf_coef * v_loss): no curve to judge, but a
# monitored loss all the same -- NaN/Inf in one is domain.md's `nan` (approx_kl, clip fraction, explained variance
# are statistics of the update: explained variance is NaN by its formula when the returns do not vary)
OBJECTIVE_TERMS = _VALUE_LOSSES + POLICY_LOSSES + (frozenset({"entropy"}),)


def _episode_figure(c: _Cand) -> bool:
    """An episode's cost (``charts/episodic_cost``, ``episode_cost``): the environment's figure, not a loss."""
    ws = c.wordset
    return "cost" in ws and not ws & {"loss", "losses"} and bool(ws & EPISODE_WORDS)


def is_rl_run(cands: list[_Cand], losses: list[_Cand]) -> bool:
    """A reward series with >= 2 points, or a policy loss beside a value loss (see the module notes)."""
    if any(_is_reward(c) and c.marker in ("train", None) and c.n >= 2 and not c.summary for c in cands):
        return True
    return any(c.rest in POLICY_LOSSES for c in losses) and any(c.rest in _VALUE_LOSSES for c in losses)


def split_rl(cands: list[_Cand], losses: list[_Cand]) -> tuple[list[_Cand], str, list[_Cand]] | None:
    """(the losses without the RL diagnostics and episode figures, a note naming those, those left out) for an RL
    run that logs any, else None (see the module notes)."""
    if not is_rl_run(cands, losses):
        return None
    has_total = any(_level(c) == PLAIN and c.marker in ("train", None) and not c.summary and not _episode_figure(c)
                    for c in losses)
    figures = [c for c in losses if _episode_figure(c)]
    diagnostics = [c for c in losses if c.rest in RL_DIAGNOSTICS or (has_total and c.rest in POLICY_LOSSES)]
    if not figures and not diagnostics:
        return None
    out = {id(c) for c in figures + diagnostics}
    parts = []
    if diagnostics:
        parts.append(f"{_names(diagnostics)} {'is' if len(diagnostics) == 1 else 'are'} the policy optimiser's "
                     "diagnostics, neither the loss nor terms of a total")
    if figures:
        parts.append(f"{_names(figures)} {'is a figure' if len(figures) == 1 else 'are figures'} of the "
                     "environment's episodes, not a training loss")
    note = "RL run: " + "; ".join(parts) + " (left out of the loss roles)"
    return [c for c in losses if id(c) not in out], note, figures + diagnostics


def objective_terms(left_out: list[_Cand]) -> list[_Cand]:
    """The RL run's left-out series that are terms of its objective (``OBJECTIVE_TERMS``), for the NaN rule."""
    return [c for c in left_out if c.rest in OBJECTIVE_TERMS and not _episode_figure(c)]


def unusable_rl(left_out: list[_Cand]) -> str:
    """Why an RL run whose every loss-named series was left out (``split_rl``) has no usable loss."""
    one = len(left_out) == 1
    return (f"{_names(left_out)} {'is' if one else 'are'} the RL run's optimiser diagnostic{'' if one else 's'} or "
            f"episode figure{'' if one else 's'}, not a training loss; no policy loss is logged")


def _names(cs: list[_Cand]) -> str:
    names = sorted({c.name for c in cs})
    return ", ".join(names[:8]) + (f", ... ({len(names) - 8} more)" if len(names) > 8 else "")
