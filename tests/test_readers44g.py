"""Stop 44's gradient-boosting and scikit-learn printed logs (a newcomer breaker's brkC findings).

The boosting libraries are not installed: their lines are written in the exact format of their console loggers
(XGBoost ``callback.EvaluationMonitor``: ``[N]\\t<data>-<metric>:{score:.5f}``; LightGBM ``log_evaluation``:
``[N]\\t<data>'s <metric>: {value:g}`` and ``lgb.cv``'s ``cv_agg's valid <metric>: {mean:g} + {std:g}``; CatBoost's
``TConsoleLoggingBackend``: ``N:\\tlearn: v\\ttest: v\\tbest: v (k)\\ttotal: ..\\tremaining: ..``, seven decimals),
with numbers from a real scikit-learn GradientBoostingClassifier's staged training. SGDClassifier and MLPRegressor
are run for real, their verbose output captured.
"""
from __future__ import annotations

import contextlib
import io
import json

import numpy as np
import pytest

from test_readers20a import _ids, _read, _series  # noqa: E402


@pytest.fixture(scope="module")
def staged() -> dict:
    """Train/validation log loss, accuracy of a real GradientBoostingClassifier after each of its 61 rounds."""
    from sklearn.datasets import make_classification
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.metrics import log_loss

    X, y = make_classification(n_samples=400, n_features=10, flip_y=0.15, random_state=0)
    Xtr, ytr, Xva, yva = X[:300], y[:300], X[300:], y[300:]
    model = GradientBoostingClassifier(n_estimators=61, max_depth=3, random_state=0).fit(Xtr, ytr)
    tr = [log_loss(ytr, p) for p in model.staged_predict_proba(Xtr)]
    va = [log_loss(yva, p) for p in model.staged_predict_proba(Xva)]
    return {"train": tr, "val": va}


def _run(path):
    from loganalyzer import analyze

    runs = analyze(str(path)).runs
    assert len(runs) == 1
    return runs[0]


# ---------------------------------------------------------------- 1. CatBoost's printed iterations


def _catboost_lines(staged, period: int = 10, stop: int = 60) -> list[str]:
    """``CatBoostClassifier.fit(eval_set=..., verbose=period, early_stopping_rounds=20)``'s console output."""
    tr, va = staged["train"], staged["val"]
    lines = ["Learning rate set to 0.08134"]
    best, best_it = float("inf"), 0
    for it in range(stop + 1):
        if va[it] < best:
            best, best_it = va[it], it
        if it % period == 0:
            lines.append(f"{it}:\tlearn: {tr[it]:.7f}\ttest: {va[it]:.7f}\tbest: {best:.7f} ({best_it})"
                         f"\ttotal: {5 * (it + 1)}ms\tremaining: {(300 - it) * 0.005:.2f}s")
    lines += ["Stopped by overfitting detector  (20 iterations wait)", "", f"bestTest = {best:.9f}",
              f"bestIteration = {best_it}", "", f"Shrink model to first {best_it + 1} iterations."]
    return lines


def test_catboost_iterations_are_read_learn_as_training_test_as_validation(tmp_path, staged):
    """CatBoost's ``10:\\tlearn: ..\\ttest: ..\\tbest: .. (10)\\ttotal: ..`` lines were not found at all (no run)."""
    (tmp_path / "catboost_train.log").write_text("\n".join(_catboost_lines(staged)) + "\n")
    assert _ids(tmp_path) == ["catboost_train.log"]
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"learn/loss", "test/loss"}  # best/total/remaining and the bestTest footer: no series
    steps, values = _series(df, "learn/loss")
    assert steps == list(range(0, 61, 10))
    assert values == [round(float(f"{staged['train'][i]:.7f}"), 4) for i in steps]
    assert _series(df, "test/loss")[0] == steps  # 'bestIteration = ..' adds no point
    run = _run(tmp_path)
    assert run.roles["train_loss"] == "learn/loss" and run.roles["val_loss"] == "test/loss"


def test_catboost_line_with_a_bad_value_is_one_warning(tmp_path, staged):
    lines = _catboost_lines(staged)
    lines[3] = lines[3].replace("\tlearn: ", "\tlearn: n/a", 1)
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, caught = _read(tmp_path)
    assert len(_series(df, "learn/loss")[0]) == 6
    assert sum("CatBoost iteration line(s) not read" in w for w in caught) == 1


# ---------------------------------------------------------------- 2. XGBoost's scikit-learn eval sets


def _xgb_lines(staged, sets: int) -> list[str]:
    """``XGBClassifier.fit(X_tr, y_tr, eval_set=[(X_tr, y_tr), (X_val, y_val)][:sets], verbose=10)``."""
    out = []
    for it in list(range(0, 60, 10)) + [59]:
        vals = [staged["train"][it], staged["val"][it], staged["val"][it] * 1.1][:sets]
        out.append(f"[{it}]" + "".join(f"\tvalidation_{k}-logloss:{v:.5f}" for k, v in enumerate(vals)))
    return out


def test_xgb_first_eval_set_is_training_last_is_validation(tmp_path, staged):
    """``eval_set=[(train), (val)]``: validation_0 (the training data) had the val_loss role."""
    (tmp_path / "train.log").write_text("\n".join(_xgb_lines(staged, 2)) + "\n")
    df, caught = _read(tmp_path)
    assert set(df.tag) == {"train/logloss", "validation/logloss"}
    assert _series(df, "validation/logloss")[1][-1] == round(float(f"{staged['val'][59]:.5f}"), 4)
    assert sum("validation_0 (the first" in w for w in caught) == 1
    run = _run(tmp_path)
    assert run.roles["train_loss"] == "train/logloss" and run.roles["val_loss"] == "validation/logloss"
    # a single eval set (validation_0 alone) stays the validation
    (tmp_path / "train.log").write_text("\n".join(_xgb_lines(staged, 1)) + "\n")
    df, caught = _read(tmp_path)
    assert set(df.tag) == {"validation_0/logloss"}
    assert not any("validation_0 (the first" in w for w in caught)
    assert _run(tmp_path).roles["val_loss"] == "validation_0/logloss"


def test_xgb_three_eval_sets_the_last_is_validation(tmp_path, staged):
    (tmp_path / "train.log").write_text("\n".join(_xgb_lines(staged, 3)) + "\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"train/logloss", "validation_1/logloss", "validation/logloss"}
    run = _run(tmp_path)
    assert run.roles["val_loss"] == "validation/logloss"


# ---------------------------------------------------------------- 3. XGBoost's evals_result() as JSON


def test_xgb_evals_result_json_is_one_run_train_and_validation(tmp_path, staged):
    """``json.dump(model.evals_result())`` of ``fit(eval_set=[(train), (val)])`` was two runs, each a training loss."""
    auc = [min(1.0, 1.2 - v) for v in staged["val"]]
    result = {"validation_0": {"logloss": staged["train"], "auc": [min(1.0, 1.3 - v) for v in staged["train"]]},
              "validation_1": {"logloss": staged["val"], "auc": auc}}
    (tmp_path / "evals_result.json").write_text(json.dumps(result))
    assert _ids(tmp_path) == ["evals_result.json"]
    df, caught = _read(tmp_path)
    assert set(df.tag) == {"train/logloss", "train/auc", "validation/logloss", "validation/auc"}
    steps, values = _series(df, "validation/logloss")
    assert steps == list(range(61)) and values == [round(v, 4) for v in staged["val"]]
    assert sum("evals_result(): validation_0 (the first" in w for w in caught) == 1
    run = _run(tmp_path)
    assert run.roles["train_loss"] == "train/logloss" and run.roles["val_loss"] == "validation/logloss"


# ---------------------------------------------------------------- 4. lgb.cv's aggregated rounds


def test_lightgbm_cv_agg_rounds_are_the_steps(tmp_path, staged):
    """``[10]\\tcv_agg's valid binary_logloss: 0.651 + 0.0112``: 9 of 10 points were at step 0."""
    lines = []
    for it in range(10, 61, 10):
        v, s = staged["val"][it - 1], abs(staged["val"][it - 1] - staged["train"][it - 1]) / 10
        lines.append(f"[{it}]\tcv_agg's valid binary_logloss: {v:g} + {s:g}\tcv_agg's valid auc: {1 - v / 2:g} + {s:g}")
    (tmp_path / "cv.log").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"valid/binary_logloss", "valid/auc"}  # the '+ std' is no series
    steps, values = _series(df, "valid/binary_logloss")
    assert steps == list(range(10, 61, 10))
    assert values == [round(float(f"{staged['val'][i - 1]:g}"), 4) for i in steps]
    assert _run(tmp_path).roles["val_loss"] == "valid/binary_logloss"
