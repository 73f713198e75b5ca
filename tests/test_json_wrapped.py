"""Per-epoch records one level further down in a JSON file and tensorboardX's scalar export
(``readers/_json_wrapped``; public vqaholman221, capmcv221, vqasan221), each written as its public script writes it."""
from __future__ import annotations

import json

from loganalyzer import discover
from tests._runs import run_points


def test_metrics_keyed_by_epoch_under_a_section_are_found_and_read(tmp_path):
    # vqaholman221: json.dump({"run_id": .., "config": {..}, "metrics": {str(epoch): {..}}}, f, indent=4) every 5
    # epochs; the keys sort as text ("10" < "100" < "15"), the overfitting at epoch 115 is only seen in epoch order
    metrics = {}
    for epoch in range(5, 200, 5):
        val = 3.6 + 0.01 * abs(epoch - 115) if epoch > 115 else 6.0 - 0.021 * epoch
        metrics[str(epoch)] = {"epoch": epoch, "training_loss": 5.3 - 0.016 * epoch, "training_accuracy": epoch / 8,
                               "validation_loss": val, "validation_accuracy": 20 + epoch / 40}
    metrics = dict(sorted(metrics.items()))  # as json.dump(sort_keys=True) writes them
    config = {"batch_size": 5000, "learning_rate": 0.0001, "metrics_every_epochs": 5, "model_name": "v1"}
    (tmp_path / "run_691d1a1c-4b51.json").write_text(json.dumps({"run_id": "691d1a1c", "config": config,
                                                                  "metrics": metrics}, indent=4))
    (run,) = discover(tmp_path)  # passed over as no training log before
    points = run_points(run)
    steps, values = points["validation_loss"]
    assert steps == list(range(5, 200, 5)) and values[0] == round(6.0 - 0.105, 6)
    assert points["training_loss"][1][-1] == round(5.3 - 0.016 * 195, 6)
    assert not any("batch_size" in t or "learning_rate" in t for t in points)


def test_epoch_records_two_levels_down_are_read(tmp_path):
    # capmcv221 experiment_log.json: {"hyperparameters": .., "model_info": .., "training": {"epochs": [..]}, "summary"}
    epochs = [{"epoch": e, "train_loss": 4.4 - 0.09 * e, "val_loss": 3.1 + 0.01 * abs(e - 11), "bleu1": 0.5,
               "lr": 0.001, "epoch_time_s": 112.1, "is_best": e == 11} for e in range(1, 35)]
    log = {"hyperparameters": {"training": {"epochs": 34, "lr": 0.001}}, "model_info": {"total_params": 13097104},
           "training": {"epochs": epochs}, "summary": {"best_epoch": 11, "final_val_loss": epochs[-1]["val_loss"]}}
    (tmp_path / "experiment_log.json").write_text(json.dumps(log, indent=2))
    (run,) = discover(tmp_path)
    points = run_points(run)  # 0 rows before: "JSON with no loss series"
    assert points["val_loss"][0] == list(range(1, 35))
    assert points["train_loss"][1][0] == round(4.4 - 0.09, 6) and "bleu1" in points
    assert not any("total_params" in t or "best_epoch" in t for t in points)


def test_tensorboardx_export_scalars_to_json_is_read(tmp_path):
    from tensorboardX import SummaryWriter
    writer = SummaryWriter(str(tmp_path / "runs"))
    for epoch in range(25):
        writer.add_scalars("Loss", {"train": 0.07 - 0.001 * epoch, "val": 0.126 + 0.0015 * abs(epoch - 4)}, epoch)
        writer.add_scalars("Accuracy", {"train": 0.5 + 0.01 * epoch, "val": 0.55}, epoch)
    writer.export_scalars_to_json(str(tmp_path / "all_scalars.json"))  # {"<logdir>/Loss/train": [[wall, step, v]]}
    writer.close()
    points = run_points(tmp_path / "all_scalars.json")  # 0 rows before
    assert set(points) == {"Loss/train", "Loss/val", "Accuracy/train", "Accuracy/val"}
    assert points["Loss/val"][0] == list(range(25)) and points["Loss/val"][1][4] == 0.126


def test_tensorboardx_export_with_plain_tags(tmp_path):
    # vqasan221 (tensorboardX 0.x, 2017): add_scalar's tags themselves, {"Train Loss": [[1511114522.55, 0, 0.0705]]}
    walls = [1511114522.55 + 212 * e for e in range(25)]
    export = {"Train Loss": [[w, e, 0.0705 - 0.001 * e] for e, w in enumerate(walls)],
              "Validation Loss": [[w, e, 0.1146 + 0.002 * abs(e - 4)] for e, w in enumerate(walls)]}
    (tmp_path / "all_scalars.json").write_text(json.dumps(export))
    (run,) = discover(tmp_path)
    points = run_points(run)
    assert set(points) == {"Train Loss", "Validation Loss"} and points["Validation Loss"][0][-1] == 24
