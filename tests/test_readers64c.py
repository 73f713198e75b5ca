"""Set 187 (molecules and materials) reader shapes, written by the scripts' own print calls (stop 64, rd64c)."""
from __future__ import annotations

import math
import warnings

from loganalyzer import read_scalars


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_scalars(path, resolve=True)


def _painn_log(path, epochs, batches=1047, every=100):
    """What a PaiNN QM9 student script prints (open painnqm9g10187 ``HOMO.out``): a ``Current loss`` line every 100
    batches, then ``Validation set size: N`` and ``### End of the epoch : Validation loss for <epoch> is <loss>``."""
    vals = []
    with open(path, "w") as f:
        for epoch in range(epochs):
            for i in range(0, batches, every):
                loss = 0.5 * math.exp(-0.05 * (epoch * batches + i) / every) + 0.01
                print(f"Current loss {loss} Current batch {i}/{batches} ({100 * i / batches:.2f}%)", file=f)
            val = 0.3 * math.exp(-0.2 * epoch) + 0.02
            vals.append(val)
            print("Validation set size: 262", file=f)
            print(f"### End of the epoch : Validation loss for {epoch} is {val}", file=f)
        print("Average test MAE loss: 0.0249", file=f)
    return vals


def test_validation_loss_for_epoch_is_one_series(tmp_path):
    """``Validation loss for 3 is 0.12``: the 3 is the epoch, not a value. It was split into a series
    ``val_loss_for`` (0, 1, 2 ...) and one ``val_is`` (the losses), and the epoch numbers were judged as the
    validation loss (three PaiNN runs overfit / diverged on a rising 1..99)."""
    vals = _painn_log(tmp_path / "HOMO.out", 6)
    df = _read(tmp_path / "HOMO.out")
    tags = set(df.tag)
    assert not any(t.endswith("_for") or t.endswith("_is") for t in tags), tags
    val = df[df.tag == "Validation_loss"]
    assert [round(v, 10) for v in val.value] == [round(v, 10) for v in vals]
    train = df[df.tag == "Current_loss"]
    assert len(train) == 6 * 11 and val.step.is_monotonic_increasing


def test_loss_after_epoch_is_colon_names_its_value(tmp_path):
    """``Validation loss after epoch 1 is: 1.048`` (the shape of open qm9unet187's ``print('Validation error after
    epoch', epoch, 'is:', err)``) beside loss lines: one series ``Validation_loss``, not ``after_epoch`` / ``is``.
    (qm9unet187's own line says ``error`` beside unnamed ``[1,    14]      1.049`` batch lines: no loss word in the
    log, still not read.)"""
    lines = []
    for epoch in range(1, 6):
        for b in range(1, 4):
            lines.append(f"Epoch {epoch} batch {b} loss: {1.0 / (epoch * 3 + b)}")
        lines.append(f"Validation loss after epoch {epoch} is: {1.5 / epoch}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df = _read(tmp_path / "train.log")
    assert not any("after" in t or t.endswith("_is") for t in set(df.tag)), set(df.tag)
    err = df[df.tag == "Validation_loss"]
    assert [round(v, 10) for v in err.value] == [round(1.5 / e, 10) for e in range(1, 6)]


def _alignn_dump(path, rows):
    """ALIGNN's ``dumpjson(filename=..., data=history_train)`` (jarvis ``dumpjson``: ``json.dump`` with indent)."""
    import json

    path.write_text(json.dumps(rows, indent=2))


def test_alignn_history_train_val_rows_are_one_run(tmp_path):
    """ALIGNN ``train.py`` appends ``[running_loss, running_loss1, .., running_loss5]`` per epoch to
    ``history_train.json`` / ``history_val.json`` (open alignnshift187: not discovered at all): one run, the first
    number the loss (``val_loss`` from the val file), zero terms and the total's copy no series."""
    from loganalyzer.discover import discover

    train = [[1.0 / (e + 1), 1.0 / (e + 1), 0.0, 0.0, 0.0, 0.0] for e in range(12)]
    val = [[1.2 / (e + 1), 1.2 / (e + 1), 0.0, 0.0, 0.0, 0.0] for e in range(12)]
    _alignn_dump(tmp_path / "history_train.json", train)
    _alignn_dump(tmp_path / "history_val.json", val)
    runs = discover(str(tmp_path))
    assert len(runs) == 1 and len(runs[0].files) == 2
    df = _read(tmp_path)
    assert set(df.tag) == {"loss", "val_loss"}
    assert df[df.tag == "val_loss"].value.tolist() == [r[0] for r in val]
    assert df[df.tag == "loss"].step.tolist() == list(range(12))


def test_alignn_lone_train_history_and_forces_terms(tmp_path):
    """A training from scratch's lone ``history_train.json`` is a run; a force-field run's nonzero gradient term is
    its own series."""
    rows = [[2.0 / (e + 1), 1.0 / (e + 1), 0.0, 1.0 / (e + 1), 0.0, 0.0] for e in range(8)]
    _alignn_dump(tmp_path / "history_train.json", rows)
    df = _read(tmp_path)
    assert set(df.tag) == {"loss", "loss_graphwise", "loss_grad"}


def test_old_alignn_dict_histories_stay_as_before(tmp_path):
    """An older ALIGNN's ``{"loss": [..], "mae": [..]}`` in both files names no split: not paired."""
    import json

    from loganalyzer.discover import discover

    for name, k in (("history_train.json", 1.0), ("history_val.json", 1.2)):
        (tmp_path / name).write_text(json.dumps({"loss": [k / (e + 1) for e in range(10)],
                                                 "mae": [k / (e + 2) for e in range(10)]}))
    assert len(discover(str(tmp_path))) == 2


def _torchdrug_log(path, epochs, tasks=("alpha", "gap", "homo")):
    """TorchDrug's ``core.Engine`` + ``core.Meter`` logging calls, through ``logging`` with TorchDrug's format
    (``%(asctime)-10s %(message)s``, ``%H:%M:%S``): per-batch metric records after a ``'>' * 30`` rule, an
    ``Evaluate on valid`` block of ``<metric> [<task>]: %g`` lines, ``Epoch N end`` and the epoch means."""
    import logging

    log = logging.getLogger(f"torchdrug_test_{path.parent.name}")
    log.propagate = False
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)-10s %(message)s", "%H:%M:%S"))
    log.addHandler(handler)
    means, vals = [], []
    for epoch in range(epochs):
        log.warning(">" * 30)
        log.warning("Epoch %d begin" % epoch)
        batch = []
        for b in range(3):
            v = 0.5 / (epoch + 1) + 0.01 * b
            batch.append(v)
            log.warning(">" * 30)
            log.warning("%s: %g" % ("mean squared error", v))
        log.warning(">" * 30)
        log.warning("Evaluate on valid")
        log.warning("-" * 30)
        maes = [0.03 / (epoch + 1) + 0.001 * k for k in range(len(tasks))]
        for task, mae in zip(tasks, maes):
            log.warning("%s: %g" % (f"mean absolute error [{task}]", mae))
        vals.append(sum(float("%g" % m) for m in maes) / len(maes))
        log.warning(">" * 30)
        log.warning("Epoch %d end" % epoch)
        log.warning("duration: 41.52 secs")
        log.warning("-" * 30)
        means.append(float("%g" % (sum(batch) / len(batch))))
        log.warning("average %s: %g" % ("mean squared error", sum(batch) / len(batch)))
    log.warning(">" * 30)
    log.warning("Evaluate on valid")  # the final model's evaluation after training: no epoch's point
    log.warning("%s: %g" % ("mean absolute error [alpha]", 0.5))
    handler.close()
    log.removeHandler(handler)
    return means, vals


def test_torchdrug_engine_log_epoch_means_and_valid_blocks(tmp_path):
    """TorchDrug names the training loss by its criterion (``mean squared error``), no loss word: open
    gcnqm9cmu187's ``*.out`` were read as no progress. Now ``loss`` per epoch (the epoch mean) and
    ``val_mean_absolute_error`` (the mean over tasks of each ``Evaluate on valid`` block)."""
    means, vals = _torchdrug_log(tmp_path / "gat.out", 5)
    df = _read(tmp_path / "gat.out")
    loss = df[df.tag == "loss"]
    assert loss.step.tolist() == list(range(5)) and loss.value.round(6).tolist() == [round(m, 6) for m in means]
    val = df[df.tag == "val_mean_absolute_error"]
    assert val.step.tolist() == list(range(5))
    assert val.value.round(8).tolist() == [round(v, 8) for v in vals]
