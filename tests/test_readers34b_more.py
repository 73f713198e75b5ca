"""readers34b (continued): a planned schedule's ``stage`` column (galaxyzoo53), Keras ``fit()`` called again on the
same model at a lowered learning rate (kanji50), an HF warm-up trainer's lone summary (chemmini50); each log written
or printed by a real tiny torch training in the shape of the public file named in its test."""
from __future__ import annotations

import copy
import csv
import io

import pytest

from loganalyzer.discover import discover

torch = pytest.importorskip("torch")

from test_readers20a import _read, _series  # noqa: E402  (the resolved view and warnings; a tag's points)
from test_readers34b import Net, _r  # noqa: E402  (a tiny MLP kept across fit() calls; rounding)


# ------------------------------------------------------------------ stage 1, stage 2, then stage 2 rerun

# public Arctxrus/galaxy-zoo-classifier (d38d70cdd2901146b2820c2b0837f9822b795989) logs/training_log.csv:
#   stage,epoch,lr,train_loss,val_loss,val_accuracy,... stage 1 epochs 1-12 (lr 1e-3), stage 2 epochs 1-8 (lr 1e-4),
#   then stage 2 again epochs 1-12 (lr 5e-5)

def test_a_stage_column_joins_a_schedule_and_a_rerun_stays_apart(tmp_path):
    net = Net()
    rows = [(1, e, 0.05, *v) for e, v in enumerate(net.fit(6, 0.05), 1)]
    after_stage1 = copy.deepcopy(net.model.state_dict())
    rows += [(2, e, 0.005, *v) for e, v in enumerate(net.fit(4, 0.005), 1)]
    net.model.load_state_dict(after_stage1)  # stage 2 run again from stage 1's weights at another learning rate
    rows += [(2, e, 0.0025, *v) for e, v in enumerate(net.fit(5, 0.0025), 1)]
    with open(tmp_path / "training_log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["stage", "epoch", "lr", "train_loss", "train_acc", "val_loss", "val_accuracy"])
        w.writerows([(s, e, lr, *(round(v, 6) for v in vals)) for s, e, lr, *vals in rows])
    runs = discover(str(tmp_path))
    assert [r.id for r in runs] == ["training_log.csv#1", "training_log.csv#2"]
    df, warned = _read(tmp_path)
    assert "stage" not in set(df.tag)
    assert _series(df, "train_loss", "training_log.csv#1") == (list(range(1, 11)), _r(r[3] for r in rows[:10]))
    assert _series(df, "val_loss", "training_log.csv#2") == (list(range(1, 6)), _r(r[5] for r in rows[10:]))
    assert any("goes from 1 to 2" in w for w in warned)


# ------------------------------------------------------------------ Keras fit() again on the same model

# public KyotoSunshine/CNN-for-handwritten-kanji (3beecac270f6cdfeccee01e15ddb90f8450fe6ed)
# logs/model_training_log.txt (Keras 1 fit(verbose=2)): 'Epoch 19/50', 'Epoch 00018: early stopping', '225s - loss:
# 0.4847 - acc: 0.8622 - val_loss: 0.2958 - val_acc: 0.9164', then 'Epoch 1/50' at loss 0.2062, val_acc 0.9716 (the
# same model fitted again); then a fresh model on all the data, 'Epoch 1/19' at loss 3.7610, no validation.

def _keras1_fit(out, epochs, planned: int, stop_at: int | None = None, val: bool = True) -> list:
    print("Train on 1024 samples, validate on 2000 samples" if val else "", file=out)
    got = []
    for epoch, (loss, acc, vl, va) in enumerate(epochs, 1):
        print(f"Epoch {epoch}/{planned}", file=out)
        if epoch == stop_at:
            print(f"Epoch {epoch - 1:05d}: early stopping", file=out)  # Keras 1 prints it before the epoch's values
        tail = f" - val_loss: {vl:.4f} - val_acc: {va:.4f}" if val else ""
        print(f"3s - loss: {loss:.4f} - acc: {acc:.4f}{tail}", file=out)
        got.append(round(float(f"{loss:.4f}"), 4))
    if stop_at is not None:
        print(f"stopped after  {stop_at} epochs", file=out)
    return got


def test_keras_fit_called_again_at_a_lower_rate_is_one_run(tmp_path):
    out, net = io.StringIO(), Net()
    first = _keras1_fit(out, net.fit(10, 0.05), 50, stop_at=10)
    second = _keras1_fit(out, net.fit(4, 0.05 / 30), 50, stop_at=4)  # the same model, the rate lowered
    fresh = Net(seed=3)  # a new model on all the data, no validation, fitted twice as well
    third = _keras1_fit(out, fresh.fit(5, 0.05), 5, val=False)
    fourth = _keras1_fit(out, fresh.fit(3, 0.05 / 30), 3, val=False)
    (tmp_path / "model_training_log.txt").write_text(out.getvalue())
    runs = discover(str(tmp_path))
    assert [r.id for r in runs] == ["model_training_log.txt#1", "model_training_log.txt#2"]
    df, warned = _read(tmp_path)
    assert _series(df, "loss", "model_training_log.txt#1") == (list(range(1, 15)), first + second)
    assert _series(df, "loss", "model_training_log.txt#2") == (list(range(1, 9)), third + fourth)
    assert sum("the same model trained on" in w for w in warned) == 2


# ------------------------------------------------------------------ an HF warm-up trainer printing its summary only

# public gbyuvd/ChemMiniQ3-HoriFIE (db70218f5641d6c1797fd8c3b6596e7e8e51378a) log_train.txt: 'Phase 1: Warmup'
# prints only {'train_runtime': 522.4127, ..., 'train_loss': 13.13411865234375, 'epoch': 1.0}; 'Phase 2' its own
# {'loss': 20.4449, 'grad_norm': .., 'learning_rate': 5e-05, 'epoch': 0.25} records, eval dicts, its summary; then
# the model's summary 'Horizon loss parameters: 3'.

def test_a_warm_up_trainers_lone_summary_is_no_point_of_the_next_training(tmp_path):
    out, net = io.StringIO(), Net()
    print("🚀 Phase 1: Warmup with standard Causal LM...", file=out)
    warm = [v[0] for v in net.fit(2, 0.01)]
    print({"train_runtime": 52.4, "train_samples_per_second": 17.1, "train_steps_per_second": 0.27,
           "train_loss": sum(warm) / 2, "epoch": 2.0}, file=out)
    print("\n🔥 Phase 2: Full MTP + Horizon Loss training...", file=out)
    losses = []
    for epoch, (loss, _, vl, _) in enumerate(net.fit(4, 0.01), 1):
        print({"loss": round(loss, 4), "grad_norm": 2.3, "learning_rate": 5e-05, "epoch": float(epoch)}, file=out)
        print({"eval_loss": vl, "eval_runtime": 15.1, "eval_samples_per_second": 92.4, "epoch": float(epoch)},
              file=out)
        losses.append(round(loss, 4))
    mean = sum(losses) / 4
    print({"train_runtime": 220.3, "train_samples_per_second": 20.3, "train_steps_per_second": 0.32,
           "train_loss": mean, "epoch": 4.0}, file=out)
    print("Enhanced training completed successfully!\n\n📊 Enhanced Model Analysis:\nTotal parameters: 9,854,851\n"
          "Horizon loss parameters: 3\nEnhancement overhead: 8.26%", file=out)
    (tmp_path / "log_train.txt").write_text(out.getvalue())
    df, warned = _read(tmp_path)
    assert _series(df, "train_loss_mean")[1] == [round(mean, 4)]
    assert _series(df, "loss")[1] == losses
    assert not any("parameters" in t for t in set(df.tag))
    assert any("warm-up" in w for w in warned)
