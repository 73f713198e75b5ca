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
    subprocess.run([sys.executable, str(tmp_path / "gen.py")], cwd=tmp_path, check=True, timeout=300,
                   capture_output=True)
    (tmp_path / "gen.py").unlink()
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
