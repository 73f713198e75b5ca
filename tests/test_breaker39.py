"""A breaker's logs against stop 39's new reading rules (kept as tests, each a kind):

- a tqdm validation bar whose description names its split after the epoch (``desc=f"Epoch {ep} [Val]"``): its loss
  was read as the training loss, the training split into runs and 40 training points dropped;
- a noisy ProgressMeter over only 2 epochs keeps its per-batch values (2 epoch averages would hide the whole curve);
- headerless ``epoch, loss, grad_norm`` rows: the two columns cross like a training and a validation loss, but
  nothing in the values says which is the loss -- they stay unnamed (the grad norm had become `loss`).
"""
from __future__ import annotations

import random

import numpy as np
from tqdm import tqdm

from loganalyzer import read_scalars


def _tags(path) -> dict:
    df = read_scalars(path, resolve=True)
    return {t: g.sort_values("step").value.tolist() for t, g in df.groupby("tag", observed=True)}


def test_a_validation_bar_named_after_its_epoch_is_validation(tmp_path):
    log = tmp_path / "train.log"
    with open(log, "w") as fh:
        loss = 2.0
        for ep in range(3):
            bar = tqdm(range(20), desc=f"Epoch {ep} [Train]", file=fh, mininterval=0)
            for _ in bar:
                loss *= 0.97
                bar.set_postfix(loss=f"{loss:.4f}")
            bar.close()
            bar = tqdm(range(5), desc=f"Epoch {ep} [Val]", file=fh, mininterval=0)
            for i in bar:
                bar.set_postfix(loss=f"{3.0 + 0.5 * i:.4f}")
            bar.close()
    tags = _tags(tmp_path)
    assert "val_loss" in tags and max(tags["loss"]) < 2.0, tags.keys()
    assert all(v >= 3.0 for v in tags["val_loss"]), tags["val_loss"]
    assert len(tags["loss"]) >= 55  # every training batch kept, none dropped as an abandoned run


def test_a_noisy_meter_over_two_epochs_keeps_its_batches(tmp_path):
    rnd = random.Random(1)
    lines = []
    for epoch in range(2):
        total = 0.0
        for bi in range(1, 201):
            value = (3.0 * np.exp(-(epoch * 200 + bi) / 60) + 0.3) * (1 + 0.9 * (2 * rnd.random() - 1))
            total += value
            lines.append(f"Epoch: [{epoch}][{bi:3d}/200]\tTime  0.100 ( 0.120)\tLoss {value:.4e} ({total / bi:.4e})")
    (tmp_path / "train.out").write_text("\n".join(lines) + "\n")
    tags = _tags(tmp_path)
    assert len(tags["Loss"]) >= 100, len(tags["Loss"])


def test_a_loss_crossing_its_grad_norm_names_no_column(tmp_path):
    e = np.arange(1, 51)
    loss, grad = 0.45 + 1.7 * np.exp(-e / 10), 0.2 + 5.2 * np.exp(-e / 8)
    np.savetxt(tmp_path / "train_log.csv", np.c_[e, loss, grad], delimiter=",", fmt="%.5f")
    df = read_scalars(tmp_path, resolve=True)
    assert not {"loss", "val_loss"} & set(df.tag.astype(str))


def test_detection_map_at_an_iou_threshold_is_read(tmp_path):
    """``Validation | P: 0.420 | R: 0.320 | mAP@0.5: 0.3701 | mAP@0.5:0.95: 0.2220`` read nothing: ``mAP@0`` was taken
    for a score at k with no value after it."""
    lines = []
    for ep in range(1, 7):
        lines.append(f"Epoch {ep}/6 | loss: {2.8 * 0.8 ** ep:.4f} | box_loss: {0.9 * 0.8 ** ep:.4f}")
        lines.append(f"Validation | P: {0.4 + 0.05 * ep:.3f} | R: {0.3 + 0.05 * ep:.3f} | "
                     f"mAP@0.5: {0.37 + 0.05 * ep:.4f} | mAP@0.5:0.95: {0.22 + 0.03 * ep:.4f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    tags = _tags(tmp_path)
    assert tags["Validation_mAP@0.5"] == [round(0.37 + 0.05 * ep, 4) for ep in range(1, 7)], tags.keys()
    assert tags["Validation_mAP@0.5:0.95"][-1] == round(0.22 + 0.03 * 6, 4)
    assert len(tags["loss"]) == 6


def test_a_restored_models_evaluate_row_is_no_epoch_before_the_resume(tmp_path):
    """Keras 3 output of a resumed job: ``model.evaluate()`` on the restored weights (79 validation batches) printed
    before ``Epoch 11/20`` (469 training batches an epoch) is not epoch 10 of the training."""
    bar = "\x1b[32m" + "\u2501" * 20 + "\x1b[0m\x1b[37m\x1b[0m \x1b[1m3s\x1b[0m 6ms/step"
    lines = ["Restoring model from checkpoints/ckpt_epoch10.keras",
             f"\x1b[1m79/79\x1b[0m {bar} - accuracy: 0.8012 - loss: 0.9913"]
    for ep in range(11, 16):
        lines += [f"Epoch {ep}/20", f"\x1b[1m469/469\x1b[0m {bar} - accuracy: {0.7 + 0.02 * ep:.4f} - loss: "
                                    f"{0.5 - 0.02 * ep:.4f} - val_accuracy: 0.71 - val_loss: {0.8 - 0.02 * ep:.4f}"]
    (tmp_path / "train_resume.log").write_text("\n".join(lines) + "\n")
    df = read_scalars(tmp_path, resolve=True)
    loss = df[df.tag == "loss"]
    assert 10 not in set(loss.step), loss
    assert sorted(set(loss.step) - {0}) == [11, 12, 13, 14, 15]


def test_a_script_launched_again_is_a_new_run_even_where_its_loss_goes_on(tmp_path):
    """csta finetune1.log: each launch prints a start line and the same config block, then ``Epoch 0 - Average Loss``
    lines. A 4-epoch launch stuck near 4.09 and the next launch starting at 4.098 were joined as one training going
    on (a second fit()); a new process is a new run."""
    import logging

    from _runs import file_logger

    log = file_logger(tmp_path / "finetune1.log", "%(levelname)s:%(name)s:%(message)s", "csta39")
    launches = [[4.1179, 4.1017, 4.0993, 4.0926], [4.0979, 3.9803, 3.9, 3.85, 3.8, 3.77, 3.75, 3.74]]
    for losses in launches:
        log.info("\n\nFinetuning starting on: 09/02/2025, 23:41:40\n\n")
        log.info("-" * 50)
        for key, value in (("total_blocks", 12), ("adapters_per_block", 2), ("current_task", 1),
                           ("total_params", 55990141)):
            log.info(f"{key} : {value}")
        log.info("-" * 50)
        for epoch, loss in enumerate(losses):
            log.info(f"Epoch {epoch} - Average Loss: {loss:.4f}, Average Accuracy: 0.0464, Samples: 1013")
    logging.getLogger("tests.csta39").handlers[0].flush()
    df = read_scalars(tmp_path, resolve=True)
    runs = sorted(set(df.dir.astype(str)))
    assert runs == ["finetune1.log#1", "finetune1.log#2"], runs
    second = df[(df.dir == "finetune1.log#2") & (df.tag == "Average_Loss")].sort_values("step")
    assert second.step.tolist()[0] == 0 and second.value.tolist()[0] == 4.0979
