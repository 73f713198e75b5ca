"""A federated-learning run's per-round metrics saved as dicts keyed by round number (``json_history``).

Public fedavgbart177 (FedAvg fine-tuning distilBART on CNN/DM with 2 or 10 clients, ``fed_distilbart_cnndm_metrics_
<stamp>.json``) writes::

    {"global_metrics": {"1": {"phase": "evaluation", "bleu1": 0.395, "rouge1_f1": 0.418, "loss": 1.836, ..}, ..},
     "client_metrics": {"1": {"1": {"client_id": 1, "epoch": 1, "phase": "train", "loss": 2.131}, "3": {..}},
                        "0": {"2": {..}, ..}},
     "system_metrics": {"1754818403.91": {"cpu_percent": 15.3, ..}, ..}, "experiment_name": .., "num_clients": 2}

-- the server's evaluation of the global model once a round (loss 1.836 @ 1 -> 1.812 @ 5) and each sampled client's
local training loss at the rounds it took part in (2.13 @ 1 -> 1.75 @ 5). A dict of dicts keyed by whole numbers
under a section name was none of the shapes ``json_history`` knew: "JSON with no loss series", a run with no point.

The rule: a top-level section that is ``{round: {name: number, ..}}`` (every key a whole number, at least 2 rounds)
or ``{client: {round: {..}}}``, whose records say their split by a ``phase`` value (``train``; ``eval``,
``evaluation``, ``val``, ``validation``, ``test``) or by the section's name (``train_metrics``, ``eval_metrics``),
gives per-round records ``{"round": r, "<split>_<name>": value}``; several clients' values of one round are averaged
(the server's FedAvg weights are not in the file: the plain mean, said in a line). Book-keeping numbers
(``client_id``, ``epoch``, ``round``) are no series; a section of another key (``system_metrics`` keyed by
timestamps) is left out, named in the line. None for any other JSON, which ``json_history`` reads as before.
"""
from __future__ import annotations

_TRAIN = frozenset({"train", "training", "fit", "client", "local"})
_VAL = frozenset({"eval", "evaluation", "evaluate", "val", "valid", "validation", "test", "global", "server"})
_BOOK = frozenset({"client_id", "client", "cid", "epoch", "epochs", "round", "server_round", "phase"})


def _round(key) -> int | None:
    text = str(key).strip()
    return int(text) if text.isdigit() else None


def _split(word) -> str | None:
    if not isinstance(word, str):
        return None
    parts = set(word.lower().replace("-", "_").split("_"))
    train, val = bool(parts & _TRAIN), bool(parts & _VAL)
    return "train" if train and not val else "val" if val and not train else None


def _numbers(record: dict) -> dict:
    return {k: float(v) for k, v in record.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
            and str(k).lower() not in _BOOK}


def _records(section) -> list[tuple[int, dict]] | None:
    """(round, record) of a ``{round: {..}}`` or ``{client: {round: {..}}}`` section, or None."""
    if not isinstance(section, dict) or not section:
        return None
    if all(_round(k) is not None and isinstance(v, dict) and _numbers(v) for k, v in section.items()):
        return [(_round(k), v) for k, v in section.items()]
    if all(isinstance(v, dict) and v and all(_round(r) is not None and isinstance(x, dict) and _numbers(x)
                                               for r, x in v.items()) for v in section.values()):
        return [(_round(r), x) for v in section.values() for r, x in v.items()]
    return None


def as_rounds(obj) -> tuple[list[dict], str] | None:
    """``(records, note)`` for a federated per-round JSON (module docstring), else None."""
    if not isinstance(obj, dict):
        return None
    values: dict[int, dict[str, list[float]]] = {}
    used, left, clients = [], [], 0
    for key, section in obj.items():
        found = _records(section)
        if found is None:
            if isinstance(section, dict) and section:
                left.append(str(key))
            continue
        rounds = {r for r, _ in found}
        if len(rounds) < 2:
            left.append(str(key))
            continue
        taken = 0
        for r, record in found:
            split = _split(record.get("phase")) or _split(str(key))
            if split is None:
                continue
            taken += 1
            for name, value in _numbers(record).items():
                values.setdefault(r, {}).setdefault(f"{split}_{name}", []).append(value)
        if taken:
            used.append(str(key))
            clients = max(clients, max(sum(1 for r2, _ in found if r2 == r) for r in rounds))
        else:
            left.append(str(key))
    tags = {t for per in values.values() for t in per}
    if len(values) < 2 or not any("loss" in t for t in tags):
        return None
    rows = [{"round": r, **{t: sum(v) / len(v) for t, v in sorted(per.items())}} for r, per in sorted(values.items())]
    note = (f"a federated run's per-round metrics ({', '.join(used)}: dicts keyed by round, {len(rows)} rounds); "
            f"each record's split from its 'phase' or its section's name")
    if clients > 1:
        note += "; several clients' values of one round averaged (plain mean: the file holds no client weights)"
    if left:
        note += f"; not series: {', '.join(left)}"
    return rows, note
