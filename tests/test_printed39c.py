"""Stop 39 reader fixes (helper printed39c), each on a small log in the shape of a public one:

- HF Trainer dicts printed with the epoch rounded to 2 decimals, two logging events sharing each printed epoch
  (tswiftllm72 ``training_output.txt``): every dict is its own point, in print order (they were averaged per step);
- ``Validating Epoch: k, accuracy: .., Pk: ..`` lines (capp66 ``train.log``): val_accuracy / val_Pk at epoch k;
- tqdm bars described ``Epoch=N | Batch_id=B | Loss=x`` (emnist58 ``training_logs.txt``): read, at N x total + B.
"""
from __future__ import annotations

import warnings

import pytest

from loganalyzer import read_scalars


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_scalars(str(path), resolve=True)


def _series(df, tag):
    rows = df[df["tag"] == tag]
    return rows["step"].astype(int).tolist(), [round(float(v), 6) for v in rows["value"]]


# ------------------------------------------------------------------ HF dicts with rounded epochs that tie

def _hf_log(path, events: int, per_epoch: int, lr_decay: bool = True, bar_total: int | None = None):
    losses = []
    lines = []
    for k in range(1, events + 1):
        loss = round(3.0 - 2.5 * k / events + (0.3 if k % 2 else -0.3), 4)
        losses.append(loss)
        lr = 1e-05 * (1 - (k - 1) / events) if lr_decay else 1e-05
        epoch = round(k / per_epoch, 2)  # transformers 4.x Trainer.log: logs["epoch"] = round(self.state.epoch, 2)
        lines.append(str({"loss": loss, "learning_rate": lr, "epoch": epoch, "iter_time": 16.3}))
        if k % 50 == 0:
            lines.append(str({"eval_loss": round(1.5 + k / events, 4), "eval_runtime": 40.9, "epoch": epoch}))
    if bar_total:
        lines.append(f"100%|██████████| {bar_total}/{bar_total} [29:41:43<00:00, 27.31s/it]")
    path.write_text("\n".join(lines) + "\n")
    return losses


def test_hf_dicts_sharing_a_rounded_epoch_are_each_a_point(tmp_path):
    log = tmp_path / "training_output.txt"
    losses = _hf_log(log, 400, 200)  # 0.005 epoch a dict: 'epoch': 0.01, 0.01, 0.02, 0.02 ...
    assert "'epoch': 0.01," in log.read_text()
    df = _read(log)
    steps, values = _series(df, "loss")
    assert values == losses  # in print order, none averaged (the first was (2.958 + 2.824) / 2 before)
    assert steps == list(range(1, 401))
    eval_steps, _ = _series(df, "eval_loss")
    assert eval_steps == list(range(50, 401, 50))  # each at the training dict before it


def test_hf_rounded_ties_with_a_bar_total_are_in_logging_intervals(tmp_path):
    log = tmp_path / "training_output.txt"
    losses = _hf_log(log, 400, 200, bar_total=4000)  # logging_steps 10: 400 dicts over 4,000 optimizer steps
    steps, values = _series(_read(log), "loss")
    assert values == losses
    assert steps == list(range(10, 4001, 10))


def test_hf_one_event_printed_twice_still_shares_its_step(tmp_path):
    """Two ranks printing each dict (same epoch, same learning rate, exact epochs): one event, one step."""
    log = tmp_path / "training_output.txt"
    lines = []
    for k in range(1, 101):
        for rank_loss in (2.0 - k / 100, 2.1 - k / 100):
            lines.append(str({"loss": round(rank_loss, 4), "learning_rate": 1e-05, "epoch": k / 100}))
    log.write_text("\n".join(lines) + "\n")
    steps, _ = _series(_read(log), "loss")
    assert sorted(set(steps)) == list(range(1, 101))


# ------------------------------------------------------------------ 'Validating Epoch: k, accuracy: ..' lines

CAPP = """\
2019-05-14 12:13:05,944 - DEBUG - Running with config {'cuda': True, 'bs': 8, 'epochs': 3}
2019-05-14 12:20:11,737 - DEBUG - Training Epoch: 1, Loss: 0.2057.
2019-05-14 12:20:40,463 - INFO - Validating Epoch: 1, accuracy: 0.9622, Pk: 0.3842, Windiff: -1.0, F1: 0.0 . 
2019-05-14 12:21:08,273 - DEBUG - Testing Epoch: 1, accuracy: 0.9622, Pk: 0.3844, Windiff: -1.0, F1: 0.0 . 
2019-05-14 12:21:08,275 - DEBUG - \x1b[32mCurrent best model from epoch 0 with p_k 0.384386144902047 and threshold 0.05\x1b[0m
2019-05-14 12:28:42,767 - DEBUG - Training Epoch: 2, Loss: 0.1642.
2019-05-14 12:29:11,320 - INFO - Validating Epoch: 2, accuracy: 0.9622, Pk: 0.3677, Windiff: -1.0, F1: 0.0 . 
2019-05-14 12:29:38,950 - DEBUG - Testing Epoch: 2, accuracy: 0.9622, Pk: 0.3694, Windiff: -1.0, F1: 0.0 . 
2019-05-14 12:37:16,254 - DEBUG - Training Epoch: 3, Loss: 0.1428.
2019-05-14 12:37:45,136 - INFO - Validating Epoch: 3, accuracy: 0.9646, Pk: 0.2879, Windiff: -1.0, F1: 0.1316 . 
"""


def test_validating_epoch_lines_are_validation_metrics(tmp_path):
    log = tmp_path / "train.log"
    log.write_text(CAPP)
    df = _read(log)
    assert _series(df, "Loss") == ([1, 2, 3], [0.2057, 0.1642, 0.1428])
    assert _series(df, "val_accuracy") == ([1, 2, 3], [0.9622, 0.9622, 0.9646])
    assert _series(df, "val_Pk") == ([1, 2, 3], [0.3842, 0.3677, 0.2879])
    assert _series(df, "test_Pk") == ([1, 2], [0.3844, 0.3694])
    assert "accuracy" not in set(df["tag"]) and "Pk" not in set(df["tag"])  # no training accuracy made of them


# ------------------------------------------------------------------ 'Epoch=N | Batch_id=B | Loss=x' bars

def test_key_value_bar_descriptions_count_batches_through_the_epochs(tmp_path):
    tqdm = pytest.importorskip("tqdm").tqdm
    log = tmp_path / "training_logs.txt"
    batches, expected = 7, {}
    with open(log, "w", newline="") as f:
        for epoch in range(3):
            pbar = tqdm(range(batches), file=f, ascii=False, mininterval=0, miniters=1)
            for batch_idx in pbar:
                loss = 4.0 / (1 + epoch * batches + batch_idx)
                expected[epoch * batches + batch_idx] = round(loss, 6)
                pbar.set_description(f"Epoch={epoch} | Batch_id={batch_idx} | Loss={loss:.6f}")
            pbar.close()
            f.write(f"\nTrain Set: Mean loss: {1.5 - epoch / 10:.4f}, Train Accuracy: 3/4 (75.0%)\n")
            f.write(f"Test Set : Mean loss: {1.6 - epoch / 10:.4f}, Test Accuracy : 3/4 (75.0%)")
            if epoch < 2:
                f.write("\n")  # the file ends without its last newline, as the public log does
    df = _read(log)
    steps, values = _series(df, "Loss")
    assert steps == sorted(expected) and values == [expected[s] for s in steps]  # 0..20: growing, not B alone
    assert _series(df, "test_Mean_loss")[1] == [1.6, 1.5, 1.4]  # the last line, without its newline, read
    assert _series(df, "Mean_loss")[0] == [6, 13, 20]  # each epoch's summary at its last batch


def test_key_value_bar_description_without_a_counter_is_at_the_bar_count(tmp_path):
    """``Epoch=1 | Loss=0.5: 40%|..| 4/10``: no batch counter -> epoch x total + the bar's count (not the epoch)."""
    log = tmp_path / "train_log.txt"
    lines = [f"Epoch={e} | Loss={1.0 / (1 + e * 10 + n):.6f}: {n * 10}%|##  | {n}/10 [00:01<00:02, 3.1it/s]"
             for e in range(2) for n in range(1, 11)]
    log.write_text("\n".join(lines) + "\n")
    steps, values = _series(_read(log), "Loss")
    assert steps == [e * 10 + n for e in range(2) for n in range(1, 11)]
    assert values == [round(1.0 / (1 + s), 6) for s in steps]
