"""Where a JSON stats dump's shorter validation list was taken, from what the file itself says (for
``_json_shortval``).

A hand-written LLM training loop evaluates every ``eval_interval`` iterations and dumps its lists at the end
(public llmqat126 ``qat_training_stats_*.json``: ``iteration_losses`` 1000 values, ``validation_losses`` 19,
``training_config.eval_interval`` 50 -- ``if it > 0 and it % eval_interval == 0: evaluate()`` -- and
``"best_val_loss"``/``"best_iteration": 550`` beside them; part1 ``training_stats.json``: 499 validation losses
beside 1000, ``best_iteration`` 998 = the 499th evaluation, every 2 iterations). Read by the counts alone they
were placed every ``1000 // 19 = 52`` iterations (Keras' ``validation_freq``), or at their own indices 0..498.

The interval ``k`` is the file's own, in this order:

- an interval key (``eval_interval``, ``val_interval``, ``eval_every``, ``eval_freq``, ``eval_steps``...; not
  nanoGPT's ``eval_iters``, the batches of one evaluation) at the top or one object down (``training_config``);
- else the best evaluation the file names: ``best_iteration``/``best_step``/``best_iter`` beside
  ``best_val_loss``/``best_loss`` equal to exactly one value of the list, its index ``j``: ``k`` such that that
  evaluation lies at ``best_iteration`` (``(j + 1) * k``, ``j * k`` or ``(j + 1) * k - 1``); two fitting intervals
  (550 = 11 x 50 = 10 x 55) take the rounder (more trailing zeros), then the first form.

and the list of ``m`` values beside ``n`` training points (steps ``0..n-1``) is placed only where ``m`` is the count
that interval gives: ``k, 2k, ..`` (``m == (n - 1) // k``, evaluation after each ``k`` iterations), ``0, k, ..``
(``m == (n - 1) // k + 1``, from iteration 0 as nanoGPT does) or ``k-1, 2k-1, ..`` (``m == n // k``, Keras' end
of epoch); with the file's interval key and two counts fitting, the one that puts the file's best evaluation at its
``best_iteration``, else none (``(it + 1) % eval_interval == 0`` and ``it % eval_interval == 0`` give the same
count: breaker, stop 54). Any other count leaves ``_json_shortval``'s rules to it.
"""
from __future__ import annotations

_KEYS = ("eval_interval", "val_interval", "valid_interval", "validation_interval", "evaluation_interval",
         "eval_every", "val_every", "validate_every", "evaluate_every", "eval_freq", "val_freq", "validation_freq",
         "eval_frequency", "val_frequency", "eval_steps", "eval_every_n_steps")
_BEST_AT = ("best_iteration", "best_iter", "best_step", "best_it", "best_global_step")
_BEST = ("best_val_loss", "best_valid_loss", "best_validation_loss", "best_eval_loss", "best_loss")
# the three placements: (name, position of evaluation i, the count it gives for n points and interval k)
_FORMS = (("after", lambda i, k: (i + 1) * k, lambda n, k: (n - 1) // k),
          ("from0", lambda i, k: i * k, lambda n, k: (n - 1) // k + 1),
          ("end", lambda i, k: (i + 1) * k - 1, lambda n, k: n // k))


def _whole(value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value != int(value):
        return None
    return int(value)


def _find(obj: dict, names: tuple):
    """(key, value) of the first of ``names`` at the top of ``obj`` or one object down, or None."""
    for scope in [obj] + [v for v in obj.values() if isinstance(v, dict)]:
        for name in names:
            if name in scope:
                return name, scope[name]
    return None


def _zeros(k: int) -> int:
    z = 0
    while k and k % 10 == 0:
        k, z = k // 10, z + 1
    return z


def placed(obj: dict, values: list, n: int) -> tuple[list[int], str] | None:
    """(the training-list index of each of ``values``, how it was found) for a validation list of ``len(values)``
    shorter than the ``n`` training points, from the file's interval or best evaluation; None when it says neither
    or the count fits neither."""
    m = len(values)
    if not 1 < m < n:
        return None
    found = _find(obj, _KEYS)
    k = _whole(found[1]) if found else None
    at_best, best = _find(obj, _BEST_AT), _find(obj, _BEST)
    step = _whole(at_best[1]) if at_best else None
    hits = [j for j, v in enumerate(values) if isinstance(v, (int, float)) and v == best[1]] \
        if step is not None and best is not None and isinstance(best[1], (int, float)) else []
    if k is not None and k >= 1:
        fits = [f for f in _FORMS if f[2](n, k) == m]
        if len(fits) > 1 and len(hits) == 1:  # the best evaluation the file names settles it
            fits = [f for f in fits if f[1](hits[0], k) == step]
        if len(fits) == 1:  # two forms fitting and nothing to choose: _json_shortval's rules (breaker, stop 54)
            at = [fits[0][1](i, k) for i in range(m)]
            return at, f"placed every {k}, at {at[0]}, {at[1]}, ..., {at[-1]} (the file's {found[0]!r} is {k})"
    if len(hits) != 1:
        return None
    j = hits[0]
    options = []
    for name, where, count in _FORMS:
        for k in range(1, n):
            if where(j, k) == step and count(n, k) == m:
                options.append((-_zeros(k), len(options), k, where))
    if not options:
        return None
    _, _, k, where = min(options)
    at = [where(i, k) for i in range(m)]
    return at, (f"placed every {k}, at {at[0]}, {at[1]}, ..., {at[-1]} (its {best[0]!r} is its value {j}, at the "
                f"file's {at_best[0]!r} {step})")
