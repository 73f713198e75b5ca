"""The learned part of the verdict: a gradient-boosted tree model over ``features.FEATURE_NAMES``.

Trained with scikit-learn's HistGradientBoostingClassifier by ``scripts/train_model.py`` (``make model``) and shipped
as plain JSON (trees as arrays, a softmax temperature for calibration), so that scanning needs neither
scikit-learn nor a pickle that breaks between versions: prediction here is a few numpy lookups.
"""
from __future__ import annotations

import json
from functools import lru_cache
from itertools import chain
from importlib import resources

import numpy as np

MODEL_FILE = "verdict_model.json"


class VerdictModel:
    """Predicts calibrated probabilities of the shape-based verdicts from feature vectors.

    All trees live in flat arrays (child indices global), so one prediction walks every tree at once: a loop over
    the depth (<= ~15 levels), not over the ~750 trees, which made the model most of a scan's time.
    """

    def __init__(self, spec: dict):
        self.classes: tuple[str, ...] = tuple(spec["classes"])
        self.feature_names: tuple[str, ...] = tuple(spec["feature_names"])
        self.baseline = np.asarray(spec["baseline"], dtype=np.float64)
        self.temperature = float(spec.get("temperature", 1.0))
        self.meta = spec.get("meta", {})
        trees = [(k, t) for per_class in spec["trees"] for k, t in enumerate(per_class)]
        sizes = np.array([len(t["feature"]) for _, t in trees], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)

        def cat(key, dtype):  # one conversion of every tree's list (not ~750 small arrays concatenated)
            return np.array(list(chain.from_iterable(t[key] for _, t in trees)), dtype=dtype)

        node_offset = np.repeat(offsets, sizes)
        self._feature = cat("feature", np.int64)
        self._threshold = cat("threshold", np.float64)
        self._left = cat("left", np.int64) + node_offset
        self._right = cat("right", np.int64) + node_offset
        self._missing_left = cat("missing_left", bool)
        self._is_leaf = cat("is_leaf", bool)
        self._value = cat("value", np.float64)
        self._roots = offsets
        # tree -> class, as a one-hot matrix: leaf values (samples x trees) @ it = raw scores per class
        n_classes = len(self.baseline)
        self._tree_class = np.zeros((len(trees), n_classes))
        self._tree_class[np.arange(len(trees)), [k for k, _ in trees]] = 1.0
        # one sample's walk (``_leaves_of_one``): leaves point at themselves, both children in one (nodes, 2) array
        # indexed by "go right", so each level is a few whole-array steps and needs no test of which trees are done
        n_nodes = len(self._feature)
        here = np.arange(n_nodes, dtype=np.int64)
        self._children = np.stack([np.where(self._is_leaf, here, self._left),
                                   np.where(self._is_leaf, here, self._right)], axis=1)
        # every node's test is made at once (7k compares cost less than ~3 gathers per level): a leaf tests
        # feature 0, whatever it gives leads back to the leaf
        self._child_flat = np.ascontiguousarray(self._children.ravel())  # node n's children at 2n, 2n + 1
        self._test_feature = np.where(self._is_leaf, 0, self._feature)
        self._missing_right = ~self._missing_left
        self._last: tuple[bytes | None, np.ndarray | None] = (None, None)  # decision_function's one-row memo
        self._depth = _max_depth(self._roots, self._left, self._right, self._is_leaf)

    def _leaves_of_one(self, x: np.ndarray) -> np.ndarray:
        """The leaf each tree sends the feature vector ``x`` to (what ``decision_function``'s walk reaches)."""
        go_right = ~(x[self._test_feature] <= self._threshold)
        nan = np.isnan(x)
        if nan.any():
            go_right = np.where(nan[self._test_feature], self._missing_right, go_right)
        go_right = go_right.view(np.int8)
        child = self._child_flat
        node = self._roots
        for _ in range(self._depth):
            node = child[(node << 1) + go_right[node]]
        return node

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        X = np.atleast_2d(np.asarray(X, dtype=np.float64))
        if len(X) == 1 and self._depth >= 0:
            # judge() and its second opinion ask about the same run: the last answer is kept (one tuple, read and
            # replaced whole, so threads sharing the model never pair one row's key with another's answer)
            key, last = X.tobytes(), self._last
            if key != last[0]:
                last = self._last = (key, self.baseline
                                     + self._value[self._leaves_of_one(X[0])][None, :] @ self._tree_class)
            return last[1].copy()
        node = np.broadcast_to(self._roots, (len(X), len(self._roots))).copy()
        rows = np.arange(len(X))[:, None]
        while True:
            inner = ~self._is_leaf[node]
            if not inner.any():
                break
            x = X[rows, self._feature[node]]
            go_left = np.where(np.isnan(x), self._missing_left[node], x <= self._threshold[node])
            node = np.where(inner, np.where(go_left, self._left[node], self._right[node]), node)
        return self.baseline + self._value[node] @ self._tree_class

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


def _max_depth(roots: np.ndarray, left: np.ndarray, right: np.ndarray, is_leaf: np.ndarray) -> int:
    """The most steps from a root to a leaf over all trees (-1 when a child index leaves the arrays)."""
    node = roots.copy()
    depth = 0
    n = len(is_leaf)
    while len(node):
        if node.min() < 0 or node.max() >= n:
            return -1
        node = node[~is_leaf[node]]
        if not len(node):
            break
        node = np.concatenate([left[node], right[node]])
        depth += 1
    return depth


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
        data = resources.files("loganalyzer").joinpath(MODEL_FILE).read_bytes()
    except (FileNotFoundError, OSError):
        return None
    try:  # ~4x faster than json on this file, the same numbers (both round correctly); json says what is wrong
        import orjson

        spec = orjson.loads(data)
    except Exception:  # orjson absent, or a file it refuses
        spec = json.loads(data.decode("utf-8"))
    return VerdictModel(spec)
