"""Open sets 180/181 (stop 63, helper rd63c): reader faults the blind labellers named, each from the real shape."""
from __future__ import annotations

import math
import os
import warnings

import loganalyzer as la


def _fs2_logs(root, launches: list[int], evals: int) -> None:
    """ming024/FastSpeech2's train.py / evaluate.py: ``<log_path>/train/log.txt`` and ``val/log.txt``, opened in
    append mode ("a") on every launch, one line per ``log_step`` (100) / ``val_step`` (1000), the same format strings."""
    for d in ("train", "val"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    with open(os.path.join(root, "train", "log.txt"), "a") as f:
        for n in launches:  # relaunches: the step starts again at 100
            for step in range(100, 100 * n + 1, 100):
                losses = [30.0 * math.exp(-step / 800) + 0.5 + 0.01 * k for k in range(6)]
                message1 = "Step {}/{}, ".format(step, 500000)
                message2 = ("Total Loss: {:.4f}, Mel Loss: {:.4f}, Mel PostNet Loss: {:.4f}, Pitch Loss: {:.4f}, "
                            "Energy Loss: {:.4f}, Duration Loss: {:.4f}").format(*losses)
                f.write(message1 + message2 + "\n")
    with open(os.path.join(root, "val", "log.txt"), "a") as f:
        for step in range(1000, 1000 * evals + 1, 1000):
            losses = [3.0 + step / 20000 + 0.01 * k for k in range(6)]
            f.write(("Validation Step {}, Total Loss: {:.4f}, Mel Loss: {:.4f}, Mel PostNet Loss: {:.4f}, Pitch Loss: "
                     "{:.4f}, Energy Loss: {:.4f}, Duration Loss: {:.4f}").format(step, *losses) + "\n")


def test_fastspeech2_train_val_dirs_are_one_run_with_relaunches_as_sessions(tmp_path):
    """public jiffzhangfs180 LJSpeech: train/log.txt (launches of 4 and 3 lines, then the training) and val/log.txt
    were four runs, the first (4 lines) standing for the folder: one run now, the resolved view the last launch's."""
    root = tmp_path / "LJSpeech"
    _fs2_logs(str(root), [4, 3, 60], 6)
    runs = la.discover(str(tmp_path))
    assert [(r.id, r.format) for r in runs] == [("LJSpeech", "joblog+joblog_dirs")]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = la.read_scalars(str(tmp_path), resolve=True)
    total = df[df.tag == "Total_Loss"]
    assert total.step.tolist() == list(range(100, 6001, 100))  # the last launch's, once each
    assert total.value.iloc[0] > 20  # from its own start, not an aborted launch's
    val = df[df.tag == "val_Total_Loss"]
    assert val.step.tolist() == list(range(1000, 6001, 1000))
    assert any("ming024/FastSpeech2" in str(w.message) for w in caught)


def test_split_dirs_of_other_trainings_stay_apart(tmp_path):
    """A val/log.txt whose steps end far from the training's (another job's evaluation) is no part of it."""
    _fs2_logs(str(tmp_path / "exp"), [60], 40)  # validation to step 40000, training to 6000
    assert sorted(r.id for r in la.discover(str(tmp_path))) == ["exp/train/log.txt", "exp/val/log.txt"]
