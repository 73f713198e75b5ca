"""Ludwig's ``training_statistics.json`` (``ludwig train``/``experiment``: ``<output_directory>/experiment_run/``).

The file: ``{"training": {"combined": {"loss": [...]}, "<output feature>": {"loss": [...], "accuracy": [...],
...}}, "validation": {...}, "test": {...}}``, one value per epoch (Ludwig counts epochs from 1; its TensorBoard
``epoch_*`` summaries sit at 1..N). Read as ``<split>/<output>/<metric>`` at epochs 1..N with the splits named as
curves knows them (``train/``, ``validation/``, ``test/``): ``train/combined/loss`` is the training loss (``combined``:
the sum over output features), the per-feature losses its components. A split whose lists are all empty (no
validation or test set given) adds no point and one note.
"""
from __future__ import annotations

SPLITS = {"training": "train", "validation": "validation", "test": "test"}
FILE = "training_statistics.json"


def is_stats(obj) -> bool:
    """Whether a parsed JSON object is Ludwig's training statistics."""
    return isinstance(obj, dict) and "training" in obj and set(obj) <= set(SPLITS) and all(
        isinstance(features, dict) and features and all(isinstance(m, dict) for m in features.values())
        for features in obj.values())


def series(obj) -> tuple[list[tuple[str, list]], list[str]]:
    """([(tag, per-epoch values)], names of the splits that hold no value) of Ludwig's statistics ``obj``."""
    out, empty = [], []
    for split, features in obj.items():
        found = [(f"{SPLITS[split]}/{feature}/{metric}", values) for feature, metrics in features.items()
                 for metric, values in metrics.items() if isinstance(values, list) and values]
        if not found:
            empty.append(split)
        out.extend(found)
    return out, empty
