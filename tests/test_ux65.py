"""Stop 65's newcomer (ux65): faults found by writing training logs the way scripts on GitHub print them."""
from __future__ import annotations

import math

from loganalyzer.scan import scan


def _printed_fp16_overflow(path) -> None:
    """A hand-written loop's `print(f"step {s} loss {loss:.4f} ...")` output where two steps overflowed in fp16 (the
    GradScaler skips them: Python prints such a float as `inf`), the loss falling before and after."""
    path.parent.mkdir(parents=True)
    with open(path, "w") as f:
        for s in range(0, 2000, 20):
            loss = float("inf") if s in (400, 420) else 0.2 + 2.1 * math.exp(-s / 400)
            print(f"step {s} loss {loss:.4f} scale {65536 if s < 400 else 32768}", file=f)


def test_a_recovered_inf_says_it_recovered_once(tmp_path):
    # the `nan` sentence said "it later logged finite values again; the run recovered and logged finite values again"
    _printed_fp16_overflow(tmp_path / "fp16" / "train.log")
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "nan", run.summary
    assert "became inf at step 400" in run.summary and "(last finite value 1.012)" in run.summary
    assert run.summary.count("finite values again") == 1, run.summary
    assert "recovered" in run.summary and "reads healthy" in run.summary


def test_a_log_of_accuracies_alone_is_read_as_accuracies_not_warned_as_known(tmp_path):
    # the warning said "(the reader knows loss, accuracy and validation-summary lines)" about a line of accuracies
    # it had just not read; since rd65g such lines are read like `train_acc .. val_acc ..` (the verdict then says
    # only accuracies were found): the series are there and no warning claims otherwise
    import warnings

    from loganalyzer import read_scalars
    path = tmp_path / "acc_only" / "train.log"
    path.parent.mkdir(parents=True)
    with open(path, "w") as f:
        for e in range(1, 11):
            print(f"Epoch {e}: accuracy {0.5 + 0.04 * e:.3f} val_accuracy {0.48 + 0.04 * e:.3f}", file=f)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(path, resolve=True)
    got = df.groupby("tag", observed=True).step.agg(["count", "min", "max"])
    assert got.loc["accuracy"].tolist() == [10, 1, 10] and got.loc["val_accuracy"].tolist() == [10, 1, 10]
    assert df[df.tag == "accuracy"].value.iloc[0] == 0.54
    assert not any("the reader knows loss, accuracy" in str(w.message) for w in caught)


def test_dicts_printed_once_an_epoch_get_no_hf_trainer_note(tmp_path):
    # `print({'epoch': e, 'train_loss': .., 'val_loss': ..})` once an epoch (a script's own loop, no Trainer) was
    # warned about as "HF Trainer log dicts print no step ... not optimizer steps"; its points sit at the printed
    # epochs and the summary already says "epoch 13": no note now, the same points and verdict
    import warnings

    from loganalyzer import read_scalars
    path = tmp_path / "dicts" / "train.log"
    path.parent.mkdir(parents=True)
    with open(path, "w") as f:
        for e in range(1, 26):
            tl = 0.2 + 2.1 * math.exp(-e / 4)
            print({"epoch": e, "train_loss": round(tl, 4), "val_loss": round(tl + 0.1 + max(0, e - 10) * 0.02, 4),
                   "lr": 0.001}, file=f)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_scalars(path, resolve=True)
    assert not [w for w in caught if "HF Trainer" in str(w.message)], [str(w.message) for w in caught]
    val = frame[frame.tag == "val_loss"]
    assert list(val.step) == list(range(1, 26)) and val.value.iloc[-1] == round(0.2 + 2.1 * math.exp(-25 / 4) + 0.4, 4)
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "overfit" and "lowest at epoch" in run.summary, run.summary
