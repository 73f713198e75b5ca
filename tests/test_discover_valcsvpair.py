"""A training's per-epoch loss CSV and its ``val_``-named validation CSV (``discover_valcsvpair``; public
clipcapmed221), written with pandas as the captioning script writes them."""
from __future__ import annotations

import pandas as pd

from loganalyzer import discover
from tests._runs import run_points


def _fold(root, val_name="val_loss_per_epoch.csv"):
    epochs = list(range(15))
    pd.DataFrame({"epoch": epochs, "mean_loss": [1.967 * 0.55 ** e for e in epochs]}).to_csv(
        root / "positive_vs_negative_fold_1_loss_per_epoch.csv", index=False)
    pd.DataFrame({"epoch": epochs,
                  "checkpoint": [f"folds/fold_1/train/positive_vs_negative_fold_1-{e:03d}.pt" for e in epochs],
                  "val_loss": [0.211 if e == 0 else 0.146 + 0.0125 * (e - 1) for e in epochs],
                  "val_batches": [1435] * 15, "val_samples": [5738] * 15}).to_csv(root / val_name, index=False)


def test_training_csv_and_its_val_csv_are_one_run(tmp_path):
    _fold(tmp_path)
    (run,) = discover(tmp_path)  # two runs before: the training without validation, the validation alone
    assert run.id == "positive_vs_negative_fold_1_loss_per_epoch.csv"
    points = run_points(run)
    assert points["val_loss"][0] == list(range(15)) and points["mean_loss"][1][0] == 1.967
    from loganalyzer import analyze

    (summary,) = analyze(tmp_path, config=False).runs
    assert summary.verdict == "overfit"  # val best at epoch 1, rising to the end while training falls


def test_a_val_csv_of_another_ending_stays_apart(tmp_path):
    _fold(tmp_path, val_name="val_accuracy_log.csv")  # its name shares no ending with the training file's
    assert len(discover(tmp_path)) == 2
