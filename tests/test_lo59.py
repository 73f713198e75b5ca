"""Stop 59, lo59: reader faults the stop-58 breaker left open (/work/s58/brk FINDINGS 5-9), each a kind, each test
written with the real writer or the framework's printed text and failing on the stop's start code (e9fc898a)."""
from __future__ import annotations

import math

import pandas as pd
from _runs import read_resolved, runs_points as _runs
from tqdm import tqdm


def _curve(i: float, a: float = 2.5, b: float = 0.3) -> float:
    return b + (a - b) * math.exp(-0.15 * i)


# ---------------------------------------------------------------- 5: a job's bare `out` and `err` are one job


def test_bare_out_and_err_streams_are_one_job(tmp_path):
    """``python train.py > out 2> err``: the printed steps go to ``out``, tqdm's bars (its default stream is stderr)
    to ``err``. They are one training's two streams, as ``stdout``/``stderr`` and ``x.out``/``x.err`` are; each was a
    run of its own (the same training judged twice)."""
    with open(tmp_path / "out", "w") as out, open(tmp_path / "err", "w") as err:
        bar = tqdm(total=2000, desc="Training", file=err, ascii=True, mininterval=0, miniters=1)
        for s in range(100, 2001, 100):
            loss = _curve(s / 200)
            bar.update(100)
            bar.set_postfix(loss=f"{loss + 0.01:.3f}")
            err.write("\n")  # (a file, no terminal: each refresh on a line of its own, as a redirected stream keeps it)
            out.write(f"step {s} | loss {loss:.4f} | lr 3e-4\n")
        bar.close()
    runs = _runs(tmp_path)
    assert list(runs) == ["out"], list(runs)
    assert runs["out"]["loss"][0] == list(range(100, 2001, 100))


def test_a_lone_out_stream_is_read_as_before(tmp_path):
    """One ``out`` with no ``err`` beside it is a run of its own, read as before."""
    (tmp_path / "out").write_text("".join(f"step {s} | loss {_curve(s / 200):.4f}\n" for s in range(100, 2001, 100)))
    runs = _runs(tmp_path)
    assert list(runs) == ["out"] and runs["out"]["loss"][0][0] == 100


# ---------------------------------------------------------------- 7: an error rate in % is no loss


def test_model_zoo_test_log_above_ten_stays_a_loss(tmp_path):
    """A kuangliu/pytorch-cifar-style ``<model>-test-log.txt`` falling 58.79 -> 8.40: read as ``test_loss`` (mend59
    dropped the 'error rate in %' reading: an age-regression fork's L1 loss in years falls the same way, brk59 R7,
    and the file's name and values say neither)."""
    with open(tmp_path / "VGG16-test-log.txt", "w") as f:
        for e in range(1, 31):
            f.write("%d,%.2f\n" % (e, 60 * math.exp(-e / 6) + 8))
    with open(tmp_path / "VGG16-train-log.txt", "w") as f:
        for e in range(1, 31):
            f.write("%d,%.5f\n" % (e, _curve(e / 3, 2.3, 0.05)))
    runs = _runs(tmp_path)
    (run,) = runs.values()
    assert "test_error" not in run, sorted(run)
    assert run["test_loss"][1][0] == 58.79 and run["test_loss"][0] == list(range(1, 31))
    assert run["train_loss"][0] == list(range(1, 31))


def test_model_zoo_train_log_spiking_above_ten_is_still_a_loss(tmp_path):
    """A per-batch training loss that starts at ln(10) and spikes to 32 at batch 8 (lr 0.1 with no warm-up) is a
    loss: the first value decides, not the largest."""
    values = [_curve(b / 50, 2.4, 0.01) for b in range(1, 200)]
    values[7] = 32.4
    with open(tmp_path / "ResNet50-train-log.txt", "w") as f:
        for b, v in enumerate(values, 1):
            f.write("%d,%.5f\n" % (b, v))
    df = read_resolved(str(tmp_path / "ResNet50-train-log.txt"))[0]
    assert set(df.tag) == {"train_loss"} or set(df.tag) == {"loss"}, set(df.tag)


# ---------------------------------------------------------------- 8: Lightning's sanity check of a resumed fit


def _lightning_lines(epochs, sanity: bool) -> list[str]:
    """What a LightningModule printing ``f"EPOCH {self.current_epoch + 1} {split} - Loss: {loss:.4f}, Acc:
    {acc:.2f}%"`` in ``on_train_epoch_end`` / ``on_validation_epoch_end`` prints in one ``fit``: the sanity check's
    validation first (``num_sanity_val_steps=2``, the untrained or the restored model), then train, val each epoch."""
    first = epochs[0]
    lines = [f"EPOCH {first} VAL - Loss: {_curve(first - 2) + 4:.4f}, Acc: 0.00%"] if sanity else []
    for e in epochs:
        lines.append(f"EPOCH {e} TRAIN - Loss: {_curve(e):.4f}, Acc: {3.0 * e:.2f}%")
        lines.append(f"EPOCH {e} VAL - Loss: {_curve(e) + 0.1:.4f}, Acc: {3.0 * e:.2f}%")
    return lines


def test_resumed_fit_sanity_check_line_is_left_out_too(tmp_path):
    """A second ``trainer.fit(model, ckpt_path=...)`` appending to the same log runs the sanity check again: its first
    line is epoch 11's validation before epoch 11's training. Both sanity lines are left out (the rule refused the
    whole series when a second step repeated: val_Loss kept the untrained model's 6.91 at epoch 1, and two values at
    epoch 11)."""
    lines = _lightning_lines(list(range(1, 11)), True) + _lightning_lines(list(range(11, 21)), True)
    (tmp_path / "training.log").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path).values()
    steps, values = run["val_Loss"]
    assert steps == list(range(1, 21)), steps
    assert values[0] == round(_curve(1) + 0.1, 4) and values[10] == round(_curve(11) + 0.1, 4)


def test_loop_validating_before_training_keeps_its_lines(tmp_path):
    """A loop that validates before it trains each epoch (and once more at the end) prints every val line above its
    epoch's train line: that is its order, no sanity check; every line is kept."""
    lines = []
    for e in range(20):
        lines += [f"Epoch {e} val loss: {_curve(e) + .1:.4f}", f"Epoch {e} train loss: {_curve(e):.4f}"]
    lines.append(f"Epoch 19 val loss: {_curve(20) + .1:.4f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path).values()
    assert len(run["val_loss"][0]) == 21


# ---------------------------------------------------------------- 9: an id column's blocks are trainings


def test_version_column_with_two_values_splits_the_fits(tmp_path):
    """``pd.concat([pd.DataFrame(h1.history).assign(version=1), pd.DataFrame(h2.history).assign(version=2)],
    ignore_index=True).to_csv('history.csv')``: two fits of one model appended, the pandas index running on over both.
    Each version is a run and ``version`` no series (it was a series 1..2 and both fits' losses one zig-zag)."""
    def hist(shift):
        return {"loss": [_curve(e) + shift for e in range(15)], "accuracy": [0.7] * 15,
                "val_loss": [_curve(e) + 0.1 + shift for e in range(15)]}
    frame = pd.concat([pd.DataFrame(hist(0)).assign(version=1), pd.DataFrame(hist(-0.5)).assign(version=2)],
                      ignore_index=True)[["version", "loss", "accuracy", "val_loss"]]
    frame.to_csv(tmp_path / "history.csv")
    df = read_resolved(str(tmp_path / "history.csv"))[0]
    key = "run" if "run" in df.columns else "dir"
    assert "version" not in set(df.tag)
    runs = {r: g for r, g in df.groupby(key)}
    assert len(runs) == 2, list(runs)
    first, second = (runs[k] for k in sorted(runs))
    loss1, loss2 = (g[g.tag == "loss"].sort_values("step") for g in (first, second))
    assert len(loss1) == 15 and len(loss2) == 15
    assert round(loss1.value.iloc[0], 4) == 2.5 and round(loss2.value.iloc[0], 4) == 2.0


def test_fold_column_interleaved_is_no_block(tmp_path):
    """An id taking its values in turn (not one block each) is no appended fit: left as it was read."""
    rows = [{"fold": 1 + i % 2, "loss": _curve(i)} for i in range(20)]
    pd.DataFrame(rows).to_csv(tmp_path / "history.csv")
    df = read_resolved(str(tmp_path / "history.csv"))[0]
    key = "run" if "run" in df.columns else "dir"
    assert df[key].nunique() == 1
