"""A history saved through pandas (``json_history``): ``pd.DataFrame(history.history).to_json(path)`` and its other
``orient`` values, turned into the shapes ``json_history`` reads.

pandas' ``DataFrame.to_json`` (``pandas/io/json/_json.py``) writes, for a frame of one row per epoch (index 0..n-1):

- ``orient="columns"`` (the default): ``{"loss": {"0": 2.17, "1": 2.14, ...}, "val_loss": {...}}``;
- ``orient="index"``: ``{"0": {"loss": 2.17, "val_loss": ...}, "1": {...}}``;
- ``orient="split"``: ``{"columns": ["loss", ...], "index": [0, 1, ...], "data": [[2.17, ...], ...]}``;
- ``orient="table"``: ``{"schema": {...}, "data": [{"index": 0, "loss": 2.17, ...}, ...]}``;
- ``orient="records"``: a list of dicts, read by ``json_history`` as it is.

Each was read as "no loss series" (a dict of dicts, not of lists). Here a dict of such dicts keyed by whole numbers
becomes a list of per-epoch dicts at those index values (the epoch index, as Keras' CSVLogger counts; a null cell,
pandas' NaN of a row without that column's value, no point; a column never filled, ``{}``, no series), ``index`` a
list of per-epoch dicts, ``split``/``table`` the same; anything else is returned unchanged.
"""
from __future__ import annotations

_INDEX_KEY = ("index", "level_0")


def _whole(key) -> int | None:
    try:
        value = int(str(key))
    except ValueError:
        return None
    return value if str(value) == str(key).strip() else None


def _indexed(inner) -> bool:
    return isinstance(inner, dict) and bool(inner) and all(_whole(k) is not None for k in inner)


def normalise(obj):
    """(``obj`` in a shape ``json_history`` reads, the orient found or None); unchanged when it is no pandas dump."""
    if not isinstance(obj, dict) or not obj:
        return obj, None
    values = list(obj.values())
    if all(_indexed(v) or v == {} for v in values) and any(_indexed(v) for v in values):
        # orient="columns": {name: {index: value}}; a column never filled is {} (public unetmri108
        # train_history.json: {"loss": {"0": .., "99": ..}, "accuracy": {}, "time": {"16": .., "84": ..}}, unread)
        # rows as orient="index" gives them: a null cell (pandas writes a NaN there) between a column's values is an
        # epoch without that value (a breaker's df.to_json() of a history evaluated every 5 epochs: val_loss `nan`
        # at epoch 0), no point; in a column with a value at every row up to some row and nulls from there to the
        # end, those nulls are a NaN the training logged (a Keras loss gone NaN: it stays `nan`; a breaker's case)
        columns = {k: {_whole(i): x for i, x in v.items()} for k, v in obj.items() if v}
        axis = _axis(list(columns.values()))
        rows = [{"epoch": i, **{k: c[i] for k, c in columns.items() if c.get(i) is not None}} for i in axis]
        for k, c in columns.items():
            cells = [c.get(i) for i in axis if i in c]
            valued = [j for j, x in enumerate(cells) if x is not None]
            if not valued or valued != list(range(valued[-1] + 1)):  # empty, or nulls between values: periodic
                continue
            for row in rows:
                if row["epoch"] in c and c[row["epoch"]] is None:
                    row[k] = float("nan")
        return rows, "columns"
    if all(_whole(k) is not None for k in obj) and all(isinstance(v, dict) and v for v in values) \
            and not any(isinstance(x, (dict, list)) for v in values for x in v.values()):  # orient="index"
        return [{"epoch": _whole(k), **v} for k, v in sorted(obj.items(), key=lambda kv: _whole(kv[0]))], "index"
    if set(obj) >= {"columns", "data"} and isinstance(obj["columns"], list) and isinstance(obj["data"], list) \
            and all(isinstance(r, list) and len(r) == len(obj["columns"]) for r in obj["data"]) \
            and all(isinstance(c, str) for c in obj["columns"]):  # orient="split"
        index = obj.get("index")
        rows = [dict(zip(obj["columns"], r)) for r in obj["data"]]
        if isinstance(index, list) and len(index) == len(rows) and all(_whole(i) is not None for i in index):
            rows = [{"epoch": _whole(i), **r} for i, r in zip(index, rows)]
        return rows, "split"
    if set(obj) == {"schema", "data"} and isinstance(obj["data"], list) and obj["data"] \
            and all(isinstance(r, dict) for r in obj["data"]):  # orient="table"
        rows = []
        for r in obj["data"]:
            key = next((k for k in _INDEX_KEY if k in r and _whole(r[k]) is not None), None)
            rows.append({k: v for k, v in r.items() if k != key} | ({"epoch": _whole(r[key])} if key else {}))
        return rows, "table"
    return obj, None


def _axis(columns: list) -> list[int]:
    """Every index value of the columns, in order: the epochs."""
    return sorted({_whole(k) for column in columns for k in column})
