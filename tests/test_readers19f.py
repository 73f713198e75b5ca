"""Branch readers19f: printed-log kinds from breaker12's faults (/work/breaker12/FAULTS.md).

Inputs are printed by real (tiny) training loops in the test: scikit-learn's gradient boosting, round by round,
printed in XGBoost's ``EvaluationMonitor`` format (``[%d]`` then ``\\t<data>-<metric>:<value>`` per metric) and
LightGBM's ``log_evaluation`` format (``[%d]`` then ``\\t<data>'s <metric>: <value:g>``); torch models trained one
after another under a ``model: <name>`` header.
"""
from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
import pytest

from loganalyzer.curves import find_curves
from loganalyzer.discover import discover
from loganalyzer.load import load_run, read_scalars


def _boosting(seed: int, rounds: int, classify: bool):
    """(train metric, validation metric) per round of a real gradient boosting fit (scikit-learn)."""
    from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor
    from sklearn.metrics import log_loss, mean_squared_error

    rng = np.random.default_rng(seed)
    x = rng.normal(size=(300, 4))
    y = x[:, 0] * 3 + np.sin(x[:, 1]) + rng.normal(scale=0.3, size=300)
    if classify:
        y = (y > 0).astype(int)
        model = GradientBoostingClassifier(n_estimators=rounds, max_depth=2, random_state=seed)
    else:
        model = GradientBoostingRegressor(n_estimators=rounds, max_depth=2, random_state=seed)
    model.fit(x[:200], y[:200])
    out = []
    if classify:
        for p_tr, p_va in zip(model.staged_predict_proba(x[:200]), model.staged_predict_proba(x[200:])):
            out.append((log_loss(y[:200], p_tr), log_loss(y[200:], p_va)))
    else:
        for p_tr, p_va in zip(model.staged_predict(x[:200]), model.staged_predict(x[200:])):
            out.append((mean_squared_error(y[:200], p_tr) ** 0.5, mean_squared_error(y[200:], p_va) ** 0.5))
    return out


def _xgb_log(trainings: list) -> tuple[str, list]:
    """XGBoost's console output of several ``xgb.train`` calls (rounds from 0), with an early-stop line + the best
    round repeated after the first; and the points each training printed."""
    lines, points = [], []
    for k, rounds in enumerate(trainings):
        printed = []
        for i, (tr, va) in enumerate(rounds):
            lines.append(f"[{i}]\ttrain-rmse:{tr:.5f}\tvalidation-rmse:{va:.5f}")
            printed.append((i, round(tr, 5), round(va, 5)))
            if i == 0:
                lines.append("Multiple eval metrics are present. Will use validation_rmse for early stopping.")
                lines.append("Will train until validation_rmse hasn't improved in 50 rounds.")
        if k == 0:
            best = min(printed, key=lambda p: p[2])
            lines += ["Stopping. Best iteration:", f"[{best[0]}]\ttrain-rmse:{best[1]:.5f}\tvalidation-rmse:"
                      f"{best[2]:.5f}", ""]
        points.append(printed)
    return "\n".join(lines) + "\n", points


def test_xgboost_console_rounds_are_steps_one_run_per_training(tmp_path):
    """F-C: XGBoost's ``[i]\\ttrain-rmse:..\\tvalidation-rmse:..`` lines: the round is the step, ``train/rmse`` and
    ``validation/rmse`` one series each, a run per training, the repeated best round no point."""
    text, points = _xgb_log([_boosting(0, 30, False), _boosting(1, 25, False)])
    (tmp_path / "xgb.log").write_text(text)
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["xgb.log#1", "xgb.log#2"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = read_scalars(tmp_path, resolve=True)
    assert not [w for w in caught if "replace" in str(w.message) or "fit()" in str(w.message)]
    assert sorted(table.tag.unique()) == ["train/rmse", "validation/rmse"]
    for k, printed in enumerate(points, start=1):
        run = table[table.dir == f"xgb.log#{k}"]
        for tag, col in (("train/rmse", 1), ("validation/rmse", 2)):
            series = run[run.tag == tag]
            assert series.step.tolist() == [p[0] for p in printed]
            np.testing.assert_allclose(series.value.to_numpy(), [p[col] for p in printed])
    curves = find_curves(load_run(runs[0]).scalars)
    assert curves.train_loss.name == "train/rmse" and curves.val_loss.name == "validation/rmse"


def test_lightgbm_eval_lines_one_tag_per_metric_and_folds_apart(tmp_path):
    """F-D: LightGBM's ``[20]\\tvalid's binary_logloss: 0.53`` (every 20 rounds, 3 CV folds one after the other) and
    ``[10]\\ttraining's binary_logloss: ..\\tvalid_1's binary_logloss: ..``: one tag per dataset and metric, every
    printed round at its number, each fold its own run (never joined as a second fit())."""
    folds = [_boosting(seed, 100, True) for seed in range(3)]
    lines = ['{"learning_rate": 0.1, "num_leaves": 10}']
    for fold in folds:
        lines += [f"[{i + 1}]\tvalid's binary_logloss: {va:g}" for i, (_, va) in enumerate(fold) if (i + 1) % 20 == 0]
    (tmp_path / "result20.md").write_text("\n".join(lines) + "\n")
    two = _boosting(5, 40, True)
    both = [f"[{i + 1}]\ttraining's binary_logloss: {tr:g}\tvalid_1's binary_logloss: {va:g}"
            for i, (tr, va) in enumerate(two) if (i + 1) % 10 == 0]
    both += ["Early stopping, best iteration is:", both[2]]
    (tmp_path / "train.log").write_text("\n".join(["[LightGBM] [Info] Number of positive: 120"] + both) + "\n")
    runs = discover(tmp_path)
    assert sorted(r.id for r in runs) == ["result20.md#1", "result20.md#2", "result20.md#3", "train.log"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = read_scalars(tmp_path, resolve=True)
    assert not [w for w in caught if "fit()" in str(w.message) or "replace" in str(w.message)]
    md = table[table.dir.str.startswith("result20.md")]
    assert md.tag.unique().tolist() == ["valid/binary_logloss"]
    for k, fold in enumerate(folds, start=1):
        run = md[md.dir == f"result20.md#{k}"]
        assert run.step.tolist() == [20, 40, 60, 80, 100]
        np.testing.assert_allclose(run.value.to_numpy(), [float(f"{fold[i - 1][1]:g}") for i in (20, 40, 60, 80, 100)])
    log = table[table.dir == "train.log"]
    assert sorted(log.tag.unique()) == ["training/binary_logloss", "valid_1/binary_logloss"]
    assert log[log.tag == "valid_1/binary_logloss"].step.tolist() == [10, 20, 30, 40]
    curves = find_curves(load_run([r for r in runs if r.id == "train.log"][0]).scalars)
    assert curves.train_loss.name == "training/binary_logloss"
    assert curves.val_loss.name == "valid_1/binary_logloss"


def _train_models(epochs_by_model: dict, every: dict) -> tuple[str, dict]:
    """A script comparing models: ``model: <name>`` then ``[e/N] Training loss: .. Validation loss: ..`` lines
    printed by a real torch loop; the points each model printed."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = x @ torch.randn(8, 1) + 0.1 * torch.randn(256, 1)
    out, points = io.StringIO(), {}
    makers = {"nn.Linear": lambda: torch.nn.Linear(8, 1),
              "MLP": lambda: torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1)),
              "DeepMLP": lambda: torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.Tanh(), torch.nn.Linear(32, 1))}
    with contextlib.redirect_stdout(out):
        print("Model:  xgbregressor")
        print("smape score:  26.5953\n")
        for name, epochs in epochs_by_model.items():
            model = makers[name]()
            opt = torch.optim.SGD(model.parameters(), lr=0.01)
            print(f"model: {name}")
            points[name] = []
            for epoch in range(1, epochs + 1):
                loss = torch.nn.functional.mse_loss(model(x[:200]), y[:200])
                opt.zero_grad()
                loss.backward()
                opt.step()
                with torch.no_grad():
                    val = torch.nn.functional.mse_loss(model(x[200:]), y[200:]).item()
                if epoch % every[name] == 0:
                    print(f"[{epoch}/{epochs}] Training loss: {loss.item():.4f}\t Validation loss: {val:.4f}")
                    points[name].append((epoch, round(loss.item(), 4), round(val, 4)))
            print("smape score:  82.31928\n")
    return out.getvalue(), points


def test_models_trained_one_after_another_are_runs_of_their_own(tmp_path):
    """F-A: ``model: LSTM`` after ``model: nn.Linear``, its epoch counter going back (``[5/30]`` after ``[6/6]``):
    a new training, not a resume replacing the earlier model's points."""
    text, points = _train_models({"nn.Linear": 6, "MLP": 30, "DeepMLP": 30}, {"nn.Linear": 1, "MLP": 5, "DeepMLP": 5})
    (tmp_path / "train_log.txt").write_text(text)
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["train_log.txt#1", "train_log.txt#2", "train_log.txt#3"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = read_scalars(tmp_path, resolve=True)
    assert not [w for w in caught if "replace" in str(w.message) or "fit()" in str(w.message)]
    for k, name in enumerate(points, start=1):
        run = table[table.dir == f"train_log.txt#{k}"]
        series = run[run.tag == "Training_loss"]
        assert series.step.tolist() == [p[0] for p in points[name]]
        np.testing.assert_allclose(series.value.to_numpy(), [p[1] for p in points[name]])
        np.testing.assert_allclose(run[run.tag == "Validation_loss"].value.to_numpy(), [p[2] for p in points[name]])


def test_same_model_named_again_stays_a_resume(tmp_path):
    """A job restarted that prints the same ``model: X`` header and goes on from an earlier epoch is still one run
    with a later session (the rule needs a different model)."""
    text, points = _train_models({"MLP": 10}, {"MLP": 1})
    lines = text.splitlines()
    again = [ln for ln in lines if ln.startswith(("[6/", "[7/", "[8/"))]
    (tmp_path / "train_log.txt").write_text("\n".join(lines + ["model: MLP"] + again) + "\n")
    assert [r.id for r in discover(tmp_path)] == ["train_log.txt"]


SERVER = r'''
import logging, sys
logging.basicConfig(format="[%(levelname).1s %(asctime)s App] %(message)s", stream=sys.stdout, level=logging.INFO)
log = logging.getLogger("app")
try:
    import a_server_extension_that_is_not_installed  # noqa: F401
except ModuleNotFoundError:
    log.warning("Error loading server extension a_server_extension_that_is_not_installed", exc_info=True)
for i in range(int(sys.argv[1])):
    log.info("200 GET /api/contents/notebook-%d.ipynb (127.0.0.1) 3.1ms", i)
if sys.argv[2] == "die":
    {}["missing_key"]
log.info("Shutting down on /api/shutdown request.")
'''


@pytest.mark.parametrize("mode", ["survive", "die"])
def test_traceback_logged_then_much_output_is_not_the_ending(tmp_path, mode):
    """F-E: a long-running program logs a handled traceback near its start (``logging.warning(..., exc_info=True)``),
    prints 600 more lines and shuts down cleanly: no "died of ModuleNotFoundError"; the same program dying at its end
    (an uncaught ``KeyError``) is still a ``python_exception``, that one."""
    import subprocess
    import sys

    from loganalyzer.load import load_run as _load

    job = tmp_path / "job"
    job.mkdir()
    with open(job / "nohup.out", "wb") as out:
        subprocess.run([sys.executable, "-c", SERVER, "600", mode], stdout=out, stderr=subprocess.STDOUT, timeout=60)
    text = (job / "nohup.out").read_text()
    lines = text.splitlines()
    assert text.count("Traceback") == (1 if mode == "survive" else 2) and len(lines) > 600
    assert "ModuleNotFoundError" in "\n".join(lines[:8])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (ended,) = [_load(run).ended for run in discover(str(job))]
    if mode == "survive":
        assert ended.cause == "unknown" and ended.exception is None
    else:
        assert ended.cause == "python_exception" and ended.exception == "KeyError"
