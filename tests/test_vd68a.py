"""Stop 68 (issue 9): runs that learned, called `stalled` (``verdict_learned`` and its four checks).

- a total held flat by a large near-constant term while the task term fell >= 5x (``verdict_component``): public dev
  lncrna212 LDA_B_007_fold1 / LDA_B_014_fold1 (`loss_train` 3.635 -> 3.434, `cont_loss` ~8.6, `task_loss` 0.2995 ->
  0.0031; labelled healthy, `stalled` 0.98 / 0.6);
- a flat run whose F1 was >= 0.99 at every evaluation (``verdict_converged``): aidetect213 training_balanced
  (Validation_F1 0.9989 -> 0.9995, healthy, `stalled` 0.5);
- three epochs each better than the last on every series (``verdict_shortagree``): criteofm215 fm_baseline_dim8
  (train 0.4634 -> 0.4442, valid logloss 0.4581 -> 0.4563, AUC 0.7922 -> 0.7945; healthy, `stalled` 0.5);
- a noisy per-step loss whose tenths' means fell (``verdict_noisyfall``): llmsweep212 run_1 (decile means 1.96 ->
  1.72, healthy, `stalled` 0.73).
Each log is written with the writer of its kind (pandas' to_csv for the per-epoch metrics CSV, torch's
SummaryWriter for event files, the program's own printed lines for the Criteo log); each check has a stalled twin
the rule must leave alone.
"""
from __future__ import annotations

import numpy as np
import pytest

from loganalyzer.scan import scan


def _only(tmp_path):
    (run,) = scan([tmp_path]).runs
    return run


def _messages(run) -> str:
    return " ".join(f.message for f in run.analysis.findings)


def _metrics_csv(path, task_end: float, seed: int = 0) -> None:
    """lncrna212's per-epoch CSV: total = task + 0.38 x a near-constant contrastive term + a tiny adversarial one."""
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(seed)
    e = np.arange(1, 101)
    task = 0.30 * (task_end / 0.30) ** ((e - 1) / 99) * (1 + 0.15 * rng.standard_normal(100)).clip(0.5)
    cont = 8.6 + 0.6 * (e / 100) + 0.25 * rng.standard_normal(100)
    adv = np.abs(0.002 * rng.standard_normal(100))
    f1 = 0.78 + (0.99 - 0.78) * (1 - np.exp(-e / 15)) if task_end < 0.1 else 0.5 + 0.01 * rng.standard_normal(100)
    path.mkdir()
    pd.DataFrame({"epoch": e, "loss_train": task + 0.38 * cont + adv, "task_loss": task, "cont_loss": cont,
                  "adv_loss": adv, "f1": f1}).to_csv(path / "train_epoch_metrics_fold_1.csv", index=False)


def test_a_flat_total_whose_task_term_fell_tenfold_is_not_stalled(tmp_path):
    _metrics_csv(tmp_path / "fold1", task_end=0.003)
    run = _only(tmp_path)
    assert run.verdict == "healthy"
    assert "the objective's term `task_loss`" in _messages(run)


def test_a_flat_total_whose_terms_all_stayed_flat_still_stalls(tmp_path):
    _metrics_csv(tmp_path / "fold1", task_end=0.27)  # the task term moved 10%: nothing learned
    assert _only(tmp_path).verdict == "stalled"


def _events(path, f1_first: float, f1_last: float) -> None:
    """aidetect213's shape through torch's SummaryWriter: a training loss flat at ~0.05 from its second epoch, a
    flat validation loss, and a validation F1 per epoch."""
    pytest.importorskip("torch")
    from torch.utils.tensorboard import SummaryWriter
    train = [0.0530, 0.0499, 0.0498, 0.0498, 0.0497]
    val = [0.2009, 0.1997, 0.1996, 0.2000, 0.1996]
    f1 = np.linspace(f1_first, f1_last, 5) + np.array([0, 0.0001, 0, -0.0001, 0])
    w = SummaryWriter(str(path))
    for i in range(5):
        w.add_scalar("train/loss", train[i], 3000 * (i + 1))
        w.add_scalar("val/loss", val[i], 3000 * (i + 1))
        w.add_scalar("val/f1", float(f1[i]), 3000 * (i + 1))
    w.close()


def test_a_flat_run_at_a_near_perfect_f1_is_converged_not_stalled(tmp_path):
    _events(tmp_path / "balanced", 0.9989, 0.9995)
    run = _only(tmp_path)
    assert run.verdict == "healthy"
    assert "converged before its first log" in _messages(run)


def test_a_flat_run_at_a_middling_f1_is_not_called_converged(tmp_path):
    _events(tmp_path / "balanced", 0.61, 0.62)
    run = _only(tmp_path)
    assert "converged before its first log" not in _messages(run)


def _criteo_log(path, train, auc, logloss) -> None:
    """criteofm215's train_log.txt, as its program prints it."""
    lines = ["model=FM", "device=cuda", "hash_size=1000000", "embed_dim=8", "batch_size=1024", "lr=0.0001",
             f"epochs={len(train)}", ""]
    lines += [f"epoch={i + 1}, train_loss={t:.6f}, valid_auc={a:.6f}, valid_logloss={v:.6f}"
              for i, (t, a, v) in enumerate(zip(train, auc, logloss))]
    best = int(np.argmax(auc)) + 1
    lines += ["", "Training finished.", f"Best epoch: {best}", f"Best valid AUC: {max(auc):.6f}"]
    path.mkdir()
    (path / "train_log.txt").write_text("\n".join(lines) + "\n")


def test_three_epochs_each_better_on_every_series_are_no_stall(tmp_path):
    _criteo_log(tmp_path / "fm_baseline_dim8", [0.463419, 0.449955, 0.444160], [0.792240, 0.794169, 0.794532],
                [0.458085, 0.456439, 0.456261])
    run = _only(tmp_path)
    assert run.verdict == "healthy"
    assert "every measure improved" in _messages(run)


def test_three_epochs_whose_validation_worsened_once_are_left_to_the_other_rules(tmp_path):
    _criteo_log(tmp_path / "fm_baseline_dim8", [0.463419, 0.449955, 0.444160], [0.792240, 0.791169, 0.792532],
                [0.458085, 0.458439, 0.458261])
    assert "every measure improved" not in _messages(_only(tmp_path))


def _noisy_steps(path, fall: float, map50: bool = False) -> None:
    """llmsweep212's shape through SummaryWriter: 92 per-step losses (every 25 steps), single-batch noise of ~10%,
    the level falling by ``fall`` over the run (quick at first, then slower); ``map50``: a validation mAP of 0 at
    every tenth log."""
    pytest.importorskip("torch")
    from torch.utils.tensorboard import SummaryWriter
    rng = np.random.default_rng(3)
    t = np.arange(92) / 91
    level = 1.95 * (1 - fall * (1 - np.exp(-3 * t)) / (1 - np.exp(-3)))
    w = SummaryWriter(str(path))
    for i, v in enumerate(level * (1 + 0.08 * rng.standard_normal(92))):
        w.add_scalar("train/loss", float(v), 25 * (i + 1))
        w.add_scalar("train/learning_rate", 5e-5 * (1 - i / 92), 25 * (i + 1))
        if map50 and i % 9 == 8:
            w.add_scalar("metrics/mAP50(B)", 0.0, 25 * (i + 1))
    w.close()


def test_a_noisy_per_step_loss_whose_level_fell_is_not_stalled(tmp_path):
    _noisy_steps(tmp_path / "run_1", fall=0.12)
    run = _only(tmp_path)
    assert run.verdict != "stalled"


def test_a_noisy_per_step_loss_with_no_trend_still_stalls(tmp_path):
    _noisy_steps(tmp_path / "run_1", fall=0.0)
    run = _only(tmp_path)
    assert run.verdict == "stalled"
    assert "tenths fell through the run" not in _messages(run)


def test_a_noisy_fall_beside_a_task_metric_that_never_left_zero_is_no_learning(tmp_path):
    # solarsat181 train7 (clear stalled): a YOLO from scratch whose summed losses fell 8% while its mAP was 0 at
    # every epoch -- the noisy-fall check leaves such a run to the others, whatever the loss did
    from loganalyzer import read_scalars
    from loganalyzer.curves import find_curves
    from loganalyzer.features import run_features
    from loganalyzer.verdict_noisyfall import noisy_fall

    for map50, fires in ((False, True), (True, False)):
        _noisy_steps(tmp_path / f"run_{map50}", fall=0.15, map50=map50)
        curves = find_curves(read_scalars(str(tmp_path / f"run_{map50}")))
        assert (noisy_fall(run_features(curves), curves) is not None) is fires
