"""The shipped verdict model is a scikit-learn model exported as JSON and evaluated with numpy: check the export
reproduces scikit-learn's own probabilities, NaN features (no validation series) included."""
import json

import numpy as np
import pytest

from loganalyzer.model import VerdictModel, export_sklearn, load_default_model
from loganalyzer.verdict import MODEL_FEATURE_NAMES

sklearn = pytest.importorskip("sklearn")


@pytest.mark.parametrize("n_classes", [2, 5])
def test_export_matches_sklearn_probabilities(n_classes):
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 6))
    X[rng.random(X.shape) < 0.2] = np.nan  # missing values take the learned missing branch
    y = np.array([f"c{i}" for i in (np.nan_to_num(X[:, 0]) * 2 + np.nan_to_num(X[:, 1]) > 0).astype(int)
                  + (np.nan_to_num(X[:, 2]) > 0.5).astype(int) * (n_classes - 1) % n_classes])
    clf = HistGradientBoostingClassifier(max_iter=30, random_state=0).fit(X, y)
    model = VerdictModel(json.loads(json.dumps(export_sklearn(clf, [f"f{i}" for i in range(6)]))))
    Xt = rng.normal(size=(200, 6))
    Xt[rng.random(Xt.shape) < 0.2] = np.nan
    assert model.classes == tuple(clf.classes_)
    np.testing.assert_allclose(model.predict_proba(Xt), clf.predict_proba(Xt), rtol=1e-9, atol=1e-12)


def test_temperature_softens_but_keeps_the_ranking():
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(1)
    X = rng.normal(size=(300, 3))
    y = np.where(X[:, 0] > 0, "a", np.where(X[:, 1] > 0, "b", "c"))
    clf = HistGradientBoostingClassifier(max_iter=20, random_state=0).fit(X, y)
    sharp = VerdictModel(export_sklearn(clf, ["x", "y", "z"], temperature=1.0))
    soft = VerdictModel(export_sklearn(clf, ["x", "y", "z"], temperature=3.0))
    p1, p3 = sharp.predict_proba(X), soft.predict_proba(X)
    assert (p1.argmax(1) == p3.argmax(1)).all()
    assert p3.max(1).mean() < p1.max(1).mean()


def test_shipped_model_matches_the_features_it_is_given():
    model = load_default_model()
    assert model is not None, "loganalyzer/verdict_model.json is missing or unreadable: make model, then commit it"
    assert model.feature_names == MODEL_FEATURE_NAMES
    assert set(model.classes) <= {"healthy", "underfit", "overfit", "diverged", "stalled"}


def _leaves_level_by_level(model, x):
    """The walk as it was written first: each level's inner nodes test their own feature (the reference)."""
    node = model._roots.copy()
    while True:
        inner = ~model._is_leaf[node]
        if not inner.any():
            return node
        f = model._feature[node]
        v = x[np.where(inner, f, 0)]
        go_left = np.where(np.isnan(v), model._missing_left[node], v <= model._threshold[node])
        node = np.where(inner, np.where(go_left, model._left[node], model._right[node]), node)


def test_one_vector_walk_reaches_the_reference_leaves():
    """``_leaves_of_one`` (every node's test at once, then a gather per level) = the per-level walk, NaN included."""
    model = load_default_model()
    rng = np.random.default_rng(4)
    n = len(model.feature_names)
    X = rng.normal(size=(500, n)) * rng.choice([1e-3, 1.0, 1e3], size=(500, n))
    X[rng.random(X.shape) < 0.15] = np.nan
    X[:50] = model._threshold[rng.integers(0, len(model._threshold), size=(50, n))]  # values on the thresholds
    for x in X:
        np.testing.assert_array_equal(model._leaves_of_one(x), _leaves_level_by_level(model, x))
