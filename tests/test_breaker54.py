"""breaker54: regressions the stop's two breakers found in its new rules, each mended; the inputs are the breakers'
own generators (tests/breaker54/*.py, written with pandas, the csv module or print as scripts write them), run into a
temporary folder. Each test checks that NOW reads and judges as the code before the rule did, or better.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import loganalyzer

HERE = Path(__file__).parent / "breaker54"


def _made(tmp_path, name: str) -> Path:
    shutil.copy(HERE / f"{name}.py", tmp_path / "gen.py")
    shutil.copy(HERE / "tiny.py", tmp_path / "tiny.py")  # the second breaker's tiny real torch training
    subprocess.run([sys.executable, str(tmp_path / "gen.py")], cwd=tmp_path, check=True, timeout=300,
                   capture_output=True)
    (tmp_path / "gen.py").unlink()
    (tmp_path / "tiny.py").unlink()
    return tmp_path


def _verdicts(path) -> dict[str, str]:
    report = loganalyzer.analyze(str(path), config=False)
    return {r.run: r.verdict for r in report.runs}


def _counts(path) -> dict[tuple[str, str], int]:
    df = loganalyzer.read_scalars(str(path), resolve=True)
    return {k: int(n) for k, n in df.groupby(["dir", "tag"]).size().items()}


def test_settings_files_named_in_chinese_are_no_runs(tmp_path):
    """训练参数.txt / 训练配置.txt (and train_params.txt) beside a history.csv: the three histories only."""
    runs = loganalyzer.discover(str(_made(tmp_path, "p06_cjk_params")))
    assert len(runs) == 3


def test_best_so_far_beside_a_split_named_accuracy_is_no_second_point(tmp_path):
    """'val acc: 0.6616, best val acc: 0.6988': one val_acc point an epoch (12), the logged value."""
    counts = _counts(_made(tmp_path, "p07_keras_ckpt"))
    assert counts[("train_log.txt", "val_acc")] == 12


def test_best_dev_accuracy_is_not_averaged_into_the_epoch_value(tmp_path):
    _made(tmp_path, "p16_keras_best_variants")
    df = loganalyzer.read_scalars(str(tmp_path / "c"), resolve=True)
    dev = df[df["tag"] == "dev_acc"].sort_values("step")
    assert len(dev) == 10
    text = (tmp_path / "c" / "train_log.txt").read_text()
    logged = [float(line.split("dev acc: ")[1].split(",")[0]) for line in text.splitlines() if "dev acc: " in line]
    assert [round(v, 4) for v in dev["value"]] == [round(v, 4) for v in logged]


def test_a_bracket_of_settings_is_no_loss_terms(tmp_path):
    """'val=0.51  (lr=3.0e-04 best=0.19)': val_loss read, no val_lr / val_best."""
    tags = {t for _, t in _counts(_made(tmp_path, "p09_bracket"))}
    assert "val_loss" in tags and not tags & {"val_lr", "val_best"}


def test_one_equal_test_accuracy_of_another_fold_is_kept(tmp_path):
    """A k-fold log whose third fold's Test Acc equals the first's by chance: both kept (one point a fold)."""
    counts = _counts(_made(tmp_path, "p11_kfold_tail"))
    assert [n for (d, t), n in sorted(counts.items()) if t == "Test_Acc"] == [2, 2, 2]


def test_a_resumed_job_evaluating_the_same_best_checkpoint_keeps_its_result(tmp_path):
    counts = _counts(_made(tmp_path, "p23_tail_resume"))
    assert [n for (d, t), n in sorted(counts.items()) if t == "Test_Acc"] == [2, 2]


def test_val_and_train_parts_of_one_line_keep_their_splits(tmp_path):
    """'Val - Acc: 0.7217 | Train - Acc: 0.9784': Val_Acc and Train_Acc, one point an epoch each."""
    path = _made(tmp_path, "p19_val_train_oneline")
    counts = _counts(path)
    assert counts[("train_log.txt", "Val_Acc")] == 20 and counts[("train_log.txt", "Train_Acc")] == 20
    df = loganalyzer.read_scalars(str(path), resolve=True)
    last = {t: round(float(g.sort_values("step")["value"].iloc[-1]), 4) for t, g in df.groupby("tag")}
    assert last["Val_Acc"] == 0.7217 and last["Train_Acc"] == 0.9784  # the line of epoch 20


def test_a_label_smoothed_fine_tune_with_validation_improving_is_not_stalled(tmp_path):
    """Training loss at its floor from epoch 1 (12% below its first), validation loss and accuracy improving all
    run: healthy, as before the stopped-early rule."""
    assert set(_verdicts(_made(tmp_path, "p14_labelsmooth_ft")).values()) == {"healthy"}


def test_losses_keyed_by_fold_trial_or_seed_are_no_epochs(tmp_path):
    """{"0": {"train": .., "val": ..}, ..} of 5 folds, 8 sweep trials, 7 seeds (0, 1, 2, 3, 42, 123, 2024): no run
    judged, as before the epoch-keyed rule."""
    for name in ("p01_kfold", "p03_trials", "p07_seeds"):
        path = tmp_path / name
        path.mkdir()
        assert loganalyzer.read_scalars(str(_made(path, name)), resolve=True).empty, name


def _val_steps(path, tag: str) -> list[int]:
    df = loganalyzer.read_scalars(str(path), resolve=True)
    return sorted(int(s) for s in df[df["tag"] == tag]["step"])


def test_an_eval_interval_with_the_best_iteration_places_evaluations_at_interval_ends(tmp_path):
    """eval_interval 50, evaluating at (it + 1) % 50 == 0, best_iteration 49 = the first value: 49, 99, .., 999."""
    steps = _val_steps(_made(tmp_path, "p11_evalint_iter"), "validation_losses")
    assert steps[0] == 49 and steps[-1] == 999


def test_a_val_every_that_fits_two_placements_stays_as_before(tmp_path):
    """val_every 5 on 40 epochs, (epoch + 1) % 5: 4, 9, .., 39 as the earlier rule placed them."""
    steps = _val_steps(_made(tmp_path, "p10_valevery_epoch"), "val_losses")
    assert steps[0] == 4 and steps[-1] == 39


def test_per_class_lists_beside_a_label_list_stay_per_epoch(tmp_path):
    """per_class_acc (12 values a class) beside val_labels (12 of each class): at epochs 0..11, not on the labels."""
    df = loganalyzer.read_scalars(str(_made(tmp_path, "p14_perkey_classes")), resolve=True)
    acc = df[df["tag"].str.startswith("per_class_acc")]
    assert len(acc) and int(acc["step"].max()) == 11


def test_curve_files_that_are_no_training_log_stay_unread(tmp_path):
    """learning_curve.txt (seconds in its second column), lr_curve.txt (a learning rate with restarts), a supernova's
    light curve: nothing read, as before the curve-log rule."""
    for name in ("p20_time_curve", "p28_sgdr_curve", "p29_light_curve"):
        path = tmp_path / name
        path.mkdir()
        assert loganalyzer.read_scalars(str(_made(path, name)), resolve=True).empty, name


def test_validation_from_epoch_one_of_zero_based_epochs_ends_its_epochs(tmp_path):
    """Epochs 0..11 of 10 batches, validated 'if epoch > 0': epoch e's validation at step 10 e + 9, best at 49."""
    report = loganalyzer.analyze(str(_made(tmp_path, "p26_tb_skip0")), config=False)
    (run,) = report.runs
    assert run.analysis.evidence.get("best_val_step") == 49 or "lowest at step 49" in run.analysis.summary


def test_a_batches_per_epoch_column_on_epoch_rows_is_a_series(tmp_path):
    df = loganalyzer.read_scalars(str(_made(tmp_path, "p32_batches_per_epoch")), resolve=True)
    assert "batches" in set(df["tag"])
