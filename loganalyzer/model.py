"""The learned part of the verdict: a gradient-boosted tree model over ``features.FEATURE_NAMES``.

Trained with scikit-learn's HistGradientBoostingClassifier by ``scripts/train_model.py`` (``make model``) and shipped
as plain JSON (trees as arrays, a softmax temperature for calibration), so that scanning needs neither
scikit-learn nor a pickle that breaks between versions: prediction here is a few numpy lookups.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

MODEL_FILE = "verdict_model.json"


@dataclass(frozen=True)
class _Tree:
    feature: np.ndarray  # int, per node
    threshold: np.ndarray  # float
    left: np.ndarray  # int
    right: np.ndarray  # int
    missing_left: np.ndarray  # bool: where a NaN feature goes
    is_leaf: np.ndarray  # bool
    value: np.ndarray  # float, leaf value

    def predict(self, X: np.ndarray) -> np.ndarray:
        node = np.zeros(len(X), dtype=np.int64)
        active = ~self.is_leaf[node]
        while active.any():
            rows = np.nonzero(active)[0]
            n = node[rows]
            x = X[rows, self.feature[n]]
            go_left = np.where(np.isnan(x), self.missing_left[n], x <= self.threshold[n])
            node[rows] = np.where(go_left, self.left[n], self.right[n])
            active = ~self.is_leaf[node]
        return self.value[node]


class VerdictModel:
    """Predicts calibrated probabilities of the shape-based verdicts from feature vectors."""

    def __init__(self, spec: dict):
        self.classes: tuple[str, ...] = tuple(spec["classes"])
        self.feature_names: tuple[str, ...] = tuple(spec["feature_names"])
        self.baseline = np.asarray(spec["baseline"], dtype=np.float64)
        self.temperature = float(spec.get("temperature", 1.0))
        self.trees: list[list[_Tree]] = [
            [
                _Tree(
                    feature=np.asarray(t["feature"], dtype=np.int64),
                    threshold=np.asarray(t["threshold"], dtype=np.float64),
                    left=np.asarray(t["left"], dtype=np.int64),
                    right=np.asarray(t["right"], dtype=np.int64),
                    missing_left=np.asarray(t["missing_left"], dtype=bool),
                    is_leaf=np.asarray(t["is_leaf"], dtype=bool),
                    value=np.asarray(t["value"], dtype=np.float64),
                )
                for t in per_class
            ]
            for per_class in spec["trees"]
        ]
        self.meta = spec.get("meta", {})

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        X = np.atleast_2d(np.asarray(X, dtype=np.float64))
        raw = np.tile(self.baseline, (len(X), 1))
        for iteration in self.trees:
            for k, tree in enumerate(iteration):
                raw[:, k] += tree.predict(X)
        return raw

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        raw = self.decision_function(X) / self.temperature
        if raw.shape[1] == 1:  # binary: sklearn keeps one column
            p = 1 / (1 + np.exp(-raw[:, 0]))
            return np.column_stack([1 - p, p])
        raw -= raw.max(axis=1, keepdims=True)
        e = np.exp(raw)
        return e / e.sum(axis=1, keepdims=True)

    @classmethod
    def from_sklearn(cls, clf, feature_names, temperature: float = 1.0, meta: dict | None = None) -> "VerdictModel":
        return cls(export_sklearn(clf, feature_names, temperature, meta))


def export_sklearn(clf, feature_names, temperature: float = 1.0, meta: dict | None = None) -> dict:
    """A fitted HistGradientBoostingClassifier as a JSON-able dict (thresholds on raw feature values)."""
    trees = []
    for iteration in clf._predictors:
        per_class = []
        for predictor in iteration:
            nodes = predictor.nodes
            per_class.append(
                {
                    "feature": nodes["feature_idx"].astype(int).tolist(),
                    "threshold": [float(x) for x in nodes["num_threshold"]],
                    "left": nodes["left"].astype(int).tolist(),
                    "right": nodes["right"].astype(int).tolist(),
                    "missing_left": nodes["missing_go_to_left"].astype(bool).tolist(),
                    "is_leaf": nodes["is_leaf"].astype(bool).tolist(),
                    "value": [float(x) for x in nodes["value"]],
                }
            )
        trees.append(per_class)
    baseline = np.atleast_1d(np.asarray(clf._baseline_prediction, dtype=np.float64)).ravel()
    return {
        "classes": [str(c) for c in clf.classes_],
        "feature_names": list(feature_names),
        "baseline": baseline.tolist(),
        "temperature": float(temperature),
        "trees": trees,
        "meta": meta or {},
    }


@lru_cache(maxsize=1)
def load_default_model() -> VerdictModel | None:
    """The model shipped inside the package, or None when it has not been built yet."""
    try:
        text = resources.files("loganalyzer").joinpath(MODEL_FILE).read_text()
    except (FileNotFoundError, OSError):
        return None
    return VerdictModel(json.loads(text))
