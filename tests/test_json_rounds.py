"""A federated run's per-round metrics JSON (``readers/_json_rounds``; public fedavgbart177), written as its script
does: ``json.dump({"global_metrics": {round: {..}}, "client_metrics": {client: {round: {..}}}, ..}, f, indent=2)``."""
from __future__ import annotations

import json
import warnings

from loganalyzer import discover, load_run


def _write(path, rounds=5, clients=2):
    glob = {str(r): {"phase": "evaluation", "gini_coefficient": 0.0, "bleu1": 0.39 + r / 1000,
                     "rouge1_f1": 0.418 + r / 1000, "loss": 1.84 - 0.01 * r} for r in range(1, rounds + 1)}
    client = {}
    for r in range(1, rounds + 1):
        c = r % clients
        client.setdefault(str(c), {})[str(r)] = {"client_id": c, "epoch": 1, "phase": "train", "loss": 2.2 - 0.1 * r}
    system = {str(1754818403.9 + 4000 * r): {"cpu_percent": 15.3, "memory_rss_mb": 5812.0} for r in range(rounds)}
    with open(path, "w") as f:
        json.dump({"global_metrics": glob, "client_metrics": client, "system_metrics": system,
                   "timestamp": "2025-08-10T22:09:30", "experiment_name": "fed_distilbart_cnndm",
                   "num_clients": clients}, f, indent=2)


def test_federated_rounds_are_read_as_val_and_train_series(tmp_path):
    _write(tmp_path / "fed_distilbart_cnndm_metrics_20250810_163323.json")
    (run,) = discover(tmp_path)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        loaded = load_run(run)
    frame = loaded.scalars
    val = frame[frame.tag == "val_loss"].sort_values("step")
    assert val["step"].tolist() == [1, 2, 3, 4, 5]
    assert abs(val["value"].iloc[0] - 1.83) < 1e-9 and abs(val["value"].iloc[-1] - 1.79) < 1e-9
    train = frame[frame.tag == "train_loss"].sort_values("step")
    assert [round(v, 6) for v in train["value"]] == [2.1, 2.0, 1.9, 1.8, 1.7]
    assert "val_rouge1_f1" in set(frame.tag) and not any("cpu" in t for t in set(frame.tag))
    assert any("system_metrics" in p.message for p in loaded.problems)
