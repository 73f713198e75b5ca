"""Stable-Baselines3's printed key-value table (``joblog``): one table per logger dump, no line of it a loss line.

SB3's ``stable_baselines3.common.logger.HumanOutputFormat.write`` (OpenAI baselines' ``logger.py`` before it) prints
each ``logger.dump()`` as a table framed by two lines of dashes: the keys sorted, each ``<section>/`` once on a row of
its own (``| rollout/ |  |``, an empty value), the keys under it indented by three spaces with the section removed
(``|    ep_rew_mean | 12.3 |``); floats ``f"{v:<8.3g}"``, other values ``str(v)``; keys and values cut to 36
characters (``...``). The loss rows (``|    loss | 0.05 |``) match no printed progress shape, so such a log gave
no point ("no line holds a loss").

Read here: each table as one record, tags as SB3's TensorBoard writer names them (``<section>/<key>``:
``rollout/ep_rew_mean``, ``train/loss``, ``train/value_loss``...), at the table's ``total_timesteps`` (SB3's own x
axis in its TensorBoard output; the key itself is left out, as SB3 leaves it out of TensorBoard). A table without
that key (a custom logger dump) is placed at its number among such tables, with one note. OpenAI baselines' own
tables (HER's ``| epoch | 3 |``, DQN's ``| steps | 5000 |``, DDPG's ``| total/steps |``: stdout or ``<logdir>/log.txt``)
often have no ``total_timesteps`` and no loss row: their ``steps`` or else ``epoch`` row is the step (left out of the
series too); such a log is a run of its success rate / return / reward alone.

improved-diffusion / guided-diffusion (openai, a copy of baselines' logger) dump ``| loss | 0.0342 |`` ...
``| samples | 5e+04 |``, ``| step | 390 |`` every ``log_interval`` steps (``TrainLoop.log_step``: ``logkv("step",
..)``, ``logkv("samples", (step + 1) * global_batch)``): the ``step`` row is the step (read as SB3 tables without
``total_timesteps`` they were placed at 0, 1, 2... with ``step`` and ``samples`` as series). ``samples`` counts the
images seen, another x axis: no series either. The logger prints numbers ``%-8.3g``, so from step 1000 on the step
is rounded (``1.01e+03``; ``1e+04`` for 10000..10040): a table whose printed step does not move past the one before
is placed one interval (the first two tables' steps apart) after it.
"""
from __future__ import annotations

import re

from ._progress import Record, to_float

# a table: a dashes line, rows '| key | value |', the same dashes line (one regex pass over the log)
_TABLE = re.compile(rb"(?m)^(-{7,})\r?\n((?:\|[^\n]*\|\r?\n)+)\1\r?$")
_ROW = re.compile(r"\| ((?:   )?[^|\s][^|]*?) *\| ([^|]*?) *\|")
_STEP_KEYS = ("total_timesteps", "timesteps", "total_steps")
_BASELINES_STEP_KEYS = ("steps", "step", "epoch", "epochs")  # baselines' DQN/DDPG, (guided-)diffusion, HER's epoch
_POSITION_KEYS = {"step": ("samples",)}  # counters beside a step key: no series (improved/guided-diffusion)
_MAX_TABLES = 200_000


def _records(body: str) -> dict | None:
    """{tag: value} of one table's rows; None when a row is no key-value row."""
    values: dict = {}
    section = ""
    for line in body.splitlines():
        m = _ROW.fullmatch(line.rstrip("\r"))
        if m is None:
            return None
        key, cell = m.group(1), m.group(2)
        if key.endswith("/") and not key.startswith(" ") and cell == "":
            section = key
            continue
        name = section + key[3:] if key.startswith("   ") and section else key.strip()
        value = to_float(cell)
        if value is not None:
            values[name] = value
    return values


def _step_key(values: dict) -> str | None:
    """The key whose value is the table's step: SB3's ``total_timesteps`` (any section), else baselines' ``steps``,
    then ``epoch``; None when the table has none."""
    key = next((k for k in values if k.rsplit("/", 1)[-1] in _STEP_KEYS), None)
    for name in _BASELINES_STEP_KEYS:
        if key is not None:
            return key
        key = next((k for k in values if k.rsplit("/", 1)[-1] == name and float(values[k]).is_integer()), None)
    return key


def sb3_hits(data, size: int, notes: list) -> list[tuple[int, Record]]:
    """(offset, record) of every SB3/baselines key-value table in ``data``; ``notes`` gets one line when tables
    have no ``total_timesteps``."""
    out: list[tuple[int, Record]] = []
    unstepped, stepped = 0, []  # the steps of tables placed by their step key
    for n, m in enumerate(_TABLE.finditer(data)):
        if n == _MAX_TABLES:
            notes.append(f"more than {_MAX_TABLES:,} Stable-Baselines3 tables: the rest not read")
            break
        values = _records(bytes(m.group(2)).decode("utf-8", "replace"))
        if not values:
            continue
        step_key = _step_key(values)
        if step_key is None:
            step, unstepped = unstepped, unstepped + 1
        else:
            step = int(values.pop(step_key))
            for key in _POSITION_KEYS.get(step_key, ()):
                values.pop(key, None)
            if len(stepped) >= 2 and step <= stepped[-1]:  # a step printed rounded ('%-8.3g': 1e+04 ..)
                step = stepped[-1] + max(1, stepped[1] - stepped[0])
            stepped.append(step)
        out.append((m.start(2), Record("sb3", tuple(values.items()), step=step, own_step=True)))
    if unstepped:
        notes.append(f"{unstepped:,} Stable-Baselines3 table(s) without total_timesteps: placed at their number "
                     "among those tables")
    return out
