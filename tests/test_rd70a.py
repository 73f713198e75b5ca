"""Reader faults named by the labellers of sets 223-225 (opened at stop 70), each failing on the stop's start code.
JSON is written by ``json.dump`` the way the public scripts wrote it, printed logs with the scripts' own format
strings."""
from __future__ import annotations

import json
import math

from _runs import read_resolved, series_by_step, verdict


# ------------------------------------------------- '{"Train Loss": [{"1": v}, ..]}': per-epoch one-key dicts


def _fmnist_history(path, epochs: int = 15):
    """gmuraleekrishna/fashion-mnist-pytorch: ``history[name].append({epoch: value})`` per epoch, ``json.dump``-ed
    (the int epoch becomes a string key)."""
    history = {"Train Accuracy": [], "Train Loss": [], "Val Accuracy": [], "Val Loss": []}
    for epoch in range(1, epochs + 1):
        history["Train Accuracy"].append({epoch: 80 + 11 * (1 - math.exp(-epoch / 4))})
        history["Train Loss"].append({epoch: 0.24 + 0.3 * math.exp(-epoch / 4)})
        history["Val Accuracy"].append({epoch: 85 + 6 * (1 - math.exp(-epoch / 4))})
        history["Val Loss"].append({epoch: 0.008 + 0.005 * math.exp(-epoch / 4)})
    with open(path, "w") as f:
        json.dump(history, f)
    return history


def test_one_key_epoch_dicts_are_one_series_per_name(tmp_path):
    """Read as per-epoch records, every epoch was its own one-point series (``Train Loss/1`` .. ``/15``) and the run
    'no usable loss'; now one series per name, an epoch a point, and a loss verdict."""
    history = _fmnist_history(tmp_path / "basic_cnn.json")
    df, _ = read_resolved(tmp_path)
    tags = set(df.tag.astype(str))
    assert not any("/" in t for t in tags)
    steps, values = series_by_step(df, "Train Loss")
    assert len(steps) == 15 and steps == sorted(steps)
    assert values == [next(iter(d.values())) for d in history["Train Loss"]]
    v = verdict(tmp_path)
    assert v.roles.get("train_loss") == "Train Loss" and v.roles.get("val_loss") == "Val Loss"
    assert v.verdict != "unknown"


def test_dicts_of_several_keys_stay_records(tmp_path):
    """``"val_metrics": [{"accuracy": .., "f1": ..}, ..]`` is still read as records (``val_accuracy``)."""
    (tmp_path / "history.json").write_text(json.dumps({
        "loss": [1.0, 0.8, 0.6, 0.5],
        "val_metrics": [{"accuracy": 0.5 + i / 10, "f1": 0.4 + i / 10} for i in range(4)]}))
    df, _ = read_resolved(tmp_path)
    tags = set(df.tag.astype(str))
    assert "val_accuracy" in tags and "val_f1" in tags
