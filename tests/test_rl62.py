"""Series ROLE faults of the sets opened at stop 62 (173-178), each a kind with its guard, from the writers' shapes:

- PySlowFast's top-k error rates (``top1_err``/``top5_err``, % misclassified, lower is better; ``val_epoch`` records
  read as ``val_top1_err``) had no role (gait-slowfast175): now the validation task measure, lower is better.
- A Flower/FedAvg per-round JSON's evaluation side (``clients_evaluated_in.loss.avg``, ``server_evaluated.loss``) was
  unmarked and taken for the training loss instead of the fit side's ``clients_updated.loss.avg`` (fedavgbart177
  tinybert, `stalled`): ``evaluated`` now marks the validation split.
- A federated server's round table ``round,loss,test_accuracy,...`` (Flower ``History.losses_centralized``): the bare
  ``loss`` is the global test loss, not training (harfedprox177 patchtst, `healthy` on it as a training loss; labelled
  overfit): read as ``test_loss``, a validation-only run.
"""
from __future__ import annotations

import csv
import json
import math

import loganalyzer
from loganalyzer.curves_names import metric_word


def _one(path):
    (run,) = loganalyzer.analyze(str(path)).runs
    return run


# ---------------------------------------------------------------- PySlowFast top-k error


def _sf(**kv) -> str:
    """``slowfast/utils/logging.py:log_json_stats``: 'json_stats: ' + json.dumps(stats, sort_keys=True)."""
    return "json_stats: " + json.dumps({k: round(v, 5) if isinstance(v, float) else v for k, v in kv.items()},
                                       sort_keys=True)


def test_slowfast_val_top1_err_is_the_validation_measure_lower_is_better(tmp_path):
    lines = []
    for e in range(1, 41):
        lines.append(_sf(_type="train_epoch", epoch=f"{e}/40", dt=0.16, dt_data=0.16, dt_net=1.4, eta="0:01:00",
                         gpu_mem="10.2G", RAM="3.8/12.7G", grad_norm=8.0 / e ** 0.3, loss=1.3 * math.exp(-e / 15) + 0.3,
                         lr=0.01, top1_err=60.0 - e, top5_err=0.0))
        if e % 5 == 0:
            lines.append(_sf(_type="val_epoch", epoch=f"{e}/40", gpu_mem="10.2G", RAM="3.8/12.7G", time_diff=0.04,
                             min_top1_err=55.0 - e / 2, min_top5_err=0.0, top1_err=55.0 - e / 2, top5_err=0.0))
    (tmp_path / "json_stats.log").write_text("\n".join(lines) + "\n")
    run = _one(tmp_path)
    assert run.roles.get("val_metric") == "val_top1_err"
    assert run.roles.get("train_loss") == "loss" and "val_acc" not in run.roles and "train_acc" not in run.roles
    assert metric_word("val_top1_err")[1] is False and metric_word("err-top1")[1] is False
    assert metric_word("top1_err")[0] < metric_word("top5_err")[0]  # top-1 the more telling


def test_other_error_names_are_still_no_measure():
    for tag in ("reward_std_err", "val_error", "td_error", "val_top1_err_count", "val_min_top1_err", "top1"):
        assert metric_word(tag) is None, tag


# ---------------------------------------------------------------- Flower / FedAvg per-round JSON


def _agg(v: float) -> dict:
    """The aggregate a FedAvg metrics logger writes per key and client set (avg, std, top/bottom 10%)."""
    return {"avg": v, "std": 0.0003, "top10p_avg": v, "top10p_std": 0.0003, "bottom10p_avg": v - 0.0003,
            "bottom10p_std": 0.0}


def test_federated_json_evaluated_side_is_validation_the_updated_side_training(tmp_path):
    fit = [0.222, 0.12, 0.08, 0.06, 0.045]
    ev = [0.240, 0.231, 0.256, 0.327, 0.366]
    rounds = {str(r + 1): {
        "clients_updated": {"loss": _agg(fit[r]), "f1": _agg(0.88 + 0.02 * r)},
        "clients_evaluated_in": {"loss": _agg(ev[r]), "f1": _agg(0.923 - 0.001 * r)},
        "clients_evaluated_out": {"loss": _agg(ev[r] - 0.002), "f1": _agg(0.921)},
        "server_evaluated": {"loss": ev[r] - 0.01, "metrics": {"f1": 0.923 + 0.001 * r}},
    } for r in range(5)}
    (tmp_path / "fedavg_metrics.json").write_text(json.dumps(rounds, indent=4))
    run = _one(tmp_path)
    assert run.roles.get("train_loss") == "clients_updated.loss.avg"
    assert "evaluated" in run.roles.get("val_loss", "")


# ---------------------------------------------------------------- Flower History dumped per round


def _history_csv(path, axis: str, losses: list[float], names=("loss", "test_accuracy", "macro_f1",
                                                               "avg_client_train_time")):
    """A script's dump of Flower's History: ``losses_centralized`` and ``metrics_centralized`` per round, with
    csv.writer (tab-separated, as harfedprox177's ``patchtst_history.csv``)."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow([axis, *names])
        for r, loss in enumerate(losses, 1):
            w.writerow([r, loss, round(0.62 + 0.012 * r, 3), round(0.73 + 0.007 * r, 3), 0.91])


def test_federated_round_table_bare_loss_is_the_global_test_loss(tmp_path):
    rising = [round(0.751 + 0.0079 * r, 3) for r in range(20)]
    _history_csv(tmp_path / "patchtst_history.csv", "round", rising)
    run = _one(tmp_path)
    assert "train_loss" not in run.roles and run.roles.get("val_loss") == "test_loss"
    assert any("federated server" in w for w in map(str, run.warnings + run.notes)), (run.warnings, run.notes)
    assert run.verdict == "overfit"


def test_epoch_table_bare_loss_beside_test_accuracy_stays_training(tmp_path):
    falling = [round(0.9 * math.exp(-r / 8) + 0.2, 3) for r in range(20)]
    _history_csv(tmp_path / "train_log.csv", "epoch", falling)
    assert _one(tmp_path).roles.get("train_loss") == "loss"


def test_round_table_with_a_training_column_is_untouched(tmp_path):
    falling = [round(0.9 * math.exp(-r / 8) + 0.2, 3) for r in range(20)]
    _history_csv(tmp_path / "h.csv", "round", falling, names=("loss", "test_accuracy", "train_accuracy",
                                                              "avg_client_train_time"))
    assert _one(tmp_path).roles.get("train_loss") == "loss"
