"""A mild validation rise while training stood still after validation's best is no overfitting
(``verdict_trainflat``, ``verdict_rules._train_noise_only``): public dogbreedsilve223 ``inception_history.pkl``, a
pretrained InceptionV3 head labelled `healthy`, was `overfit` 0.60. The History dict pickled as the script did
(``pickle.dump(history.history, f)``), float32 values as Keras logs them."""
from __future__ import annotations

import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import verdict  # noqa: E402

# the public run's shape: validation flat-noisy around 0.39 with its best at epoch 5; training alternating after epoch 1
VAL = [0.3951, 0.4020, 0.4105, 0.4131, 0.3789, 0.3774, 0.3848, 0.3817, 0.4112, 0.4039]
TRAIN_FLAT = [1.0941, 0.2167, 0.6696, 0.5560, 0.6100, 0.7606, 0.5804, 0.6094, 0.5617, 0.6415]


def _history(path: Path, loss, val_loss) -> Path:
    history = {"loss": [float(np.float32(v)) for v in loss], "val_loss": [float(np.float32(v)) for v in val_loss],
               "accuracy": [float(np.float32(0.8 + 0.001 * i)) for i in range(len(loss))],
               "val_accuracy": [float(np.float32(0.87 + 0.001 * (i % 3))) for i in range(len(loss))]}
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump(history, f)
    return path


def test_mild_rise_with_training_standing_still_is_not_overfit(tmp_path):
    run = verdict(_history(tmp_path / "inception" / "inception_history.pkl", TRAIN_FLAT, VAL))
    assert run.verdict == "healthy"


def test_a_larger_rise_or_training_still_falling_stays_overfit(tmp_path):
    falling = [1.09 * 0.7 ** i for i in range(10)]  # training keeps falling after validation's best: the gap widens
    run = verdict(_history(tmp_path / "falling" / "history.pkl", falling, VAL[:6] + [0.41, 0.43, 0.45, 0.47]))
    assert run.verdict == "overfit"
    climbed = VAL[:6] + [0.42, 0.44, 0.46, 0.48]  # +27% with training flat: no mild wobble
    run = verdict(_history(tmp_path / "climbed" / "history.pkl", TRAIN_FLAT, climbed))
    assert run.verdict == "overfit"
