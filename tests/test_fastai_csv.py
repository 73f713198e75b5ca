"""fastai's ``CSVLogger`` ``history.csv`` (``readers/_fastai.py``, read by ``keras_csv``).

fastai is not installed here (it pulls its own torch and torchvision); the bytes are reproduced from its source,
with a real tiny torch training's values: fastai/callback/progress.py ``CSVLogger.before_fit`` writes
``','.join(self.recorder.metric_names) + '\\n'`` (``epoch``, ``train_loss``, ``valid_loss``, the metrics' names,
``time``) and ``_write_line`` ``','.join([str(t) for t in log]) + '\\n'`` (fastai/learner.py ``Recorder``: the epoch,
``str(float)`` of the losses and of the metrics, computed on the validation set, and ``format_time`` of the
epoch's duration: ``f'{m:02d}:{s:02d}'``, ``f'{h}:{m:02d}:{s:02d}'`` past an hour).
Before: ``accuracy`` was taken for a training accuracy (no validation accuracy) and every file warned that its
``time`` column holds no numbers, the durations lost.
"""
from __future__ import annotations

import warnings

from loganalyzer import read_scalars
from loganalyzer.load import LogReadWarning
from loganalyzer.scan import scan
from test_openmmlab_logs import _training


def _format_time(t: float) -> str:
    """fastai.torch_core / fastprogress ``format_time``."""
    t = int(t)
    h, m, s = t // 3600, (t // 60) % 60, t % 60
    return f"{h}:{m:02d}:{s:02d}" if h != 0 else f"{m:02d}:{s:02d}"


def test_fastai_history_csv_metrics_are_validation_and_times_are_read(tmp_path):
    iters, evals = _training()
    durations = [1.2, 0.7, 61.9, 3725.0]
    rows = []
    for epoch, (acc, vloss) in enumerate(evals):
        train = [ce + reg for e, _, ce, reg in iters if e == epoch + 1]
        rows.append([epoch, sum(train) / len(train), vloss, acc / 100, 1 - acc / 100, _format_time(durations[epoch])])
    path = tmp_path / "models" / "history.csv"
    path.parent.mkdir()
    with open(path, "w") as f:
        f.write(",".join(["epoch", "train_loss", "valid_loss", "accuracy", "error_rate", "time"]) + "\n")
        for log in rows:
            f.write(",".join([str(t) for t in log]) + "\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(path)
    assert not [w for w in caught if issubclass(w.category, LogReadWarning)]
    assert set(table.tag) == {"train_loss", "valid_loss", "valid_accuracy", "valid_error_rate", "time"}
    assert list(table[table.tag == "valid_accuracy"].value) == [r[3] for r in rows]
    assert list(table[table.tag == "time"].value) == [1, 0, 61, 3725]
    assert list(table[table.tag == "train_loss"].step) == [0, 1, 2, 3]
    (run,) = scan([str(tmp_path)], siblings=False).runs
    roles = run.to_dict()["roles"]
    assert roles == {"train_loss": "train_loss", "val_loss": "valid_loss", "val_acc": "valid_accuracy"}


def test_fastai_train_metrics_keep_their_names(tmp_path):
    """``Recorder(train_metrics=True)`` names both (``train_accuracy``, ``valid_accuracy``): nothing renamed."""
    path = tmp_path / "history.csv"
    path.write_text("epoch,train_loss,train_accuracy,valid_loss,valid_accuracy,time\n"
                    "0,0.69,0.5,0.68,0.55,00:02\n1,0.6,0.7,0.61,0.68,00:02\n")
    table = read_scalars(path)
    assert set(table.tag) == {"train_loss", "train_accuracy", "valid_loss", "valid_accuracy", "time"}


def _console_table(names_in: list[str], rows: list[list[str]]) -> list[str]:
    """fastprogress/fastprogress.py ``ConsoleMasterBar.write(line, table=True)``, as fastai's ``ProgressCallback``
    calls it: the names padded to 8 and joined by two spaces, then each row's cells padded to their name + 2."""
    names = [n + " " * (8 - len(n)) if len(n) < 8 else n for n in names_in]
    out = ["  ".join(names)]
    for line in rows:
        text = ""
        for t, name in zip(line, names):
            text += t + " " * (2 + len(name) - len(t))
        out.append(text)
    return out


def test_fastai_printed_table_in_a_job_log_is_read(tmp_path):
    """The table's rows hold no 'loss': the job log gave no point, and no warning (``fine_tune``: two tables, the
    second's epochs counting from 0 again: they go on after the first's, one model trained on)."""
    iters, evals = _training()
    names = ["epoch", "train_loss", "valid_loss", "accuracy", "time"]
    frozen = [["0", "0.701234", f"{evals[0][1]:.6f}", f"{evals[0][0] / 100:.6f}", "00:01"]]
    unfrozen = [[str(e), f"{0.6 - 0.05 * e:.6f}", f"{evals[e][1]:.6f}", f"{evals[e][0] / 100:.6f}", "00:02"]
                for e in range(len(evals))]
    lines = ["Loading data...", *_console_table(names, frozen), *_console_table(names, unfrozen)]
    lines[3] = "|" + "█" * 20 + "| 100.00% [16/16 00:01<00:00]\r" + lines[3]  # a bar redrawn before the row
    (tmp_path / "slurm-777.out").write_text("\n".join(lines) + "\n")
    table = read_scalars(tmp_path)
    acc = table[table.tag == "valid_accuracy"]
    assert list(acc.step) == list(range(len(evals) + 1))  # the unfrozen fit goes on from the frozen epoch 0
    assert list(acc.value) == [float(frozen[0][3])] + [float(r[3]) for r in unfrozen]
    assert list(table[table.tag == "time"].value) == [1.0] + [2.0] * len(evals)
    (run,) = scan([str(tmp_path)], siblings=False).runs
    roles = run.to_dict()["roles"]
    assert (roles["train_loss"], roles["val_loss"], roles["val_acc"]) == ("train_loss", "valid_loss", "valid_accuracy")


def test_fastai_missing_values_are_no_points(tmp_path):
    """``str(None)``, what ``_write_line`` writes for a metric the epoch did not compute, is no point (it was a
    warning that the column holds text)."""
    path = tmp_path / "history.csv"
    path.write_text("epoch,train_loss,valid_loss,accuracy,time\n0,0.69,None,None,00:02\n1,0.6,0.61,0.68,00:02\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(path)
    assert not [w for w in caught if issubclass(w.category, LogReadWarning)]
    assert list(table[table.tag == "valid_accuracy"].step) == [1]
    assert list(table[table.tag == "train_loss"].step) == [0, 1]


def test_fastai_table_first_in_a_log_file_is_a_job_log_not_a_csv(tmp_path):
    """``python train.py > train.log``: the table's header is the file's first line, and the Keras CSV sniffer took
    it for a space-separated CSVLogger file: ``train_loss``/``valid_loss`` lost in a column named '', verdict
    unknown."""
    names = ["epoch", "train_loss", "valid_loss", "accuracy", "time"]
    rows = [[str(e), f"{0.7 - 0.1 * e:.6f}", f"{0.72 - 0.09 * e:.6f}", f"{0.5 + 0.1 * e:.6f}", "00:01"]
            for e in range(4)]
    (tmp_path / "train.log").write_text("\n".join(_console_table(names, rows)) + "\n")
    for path in (tmp_path, tmp_path / "train.log"):
        (run,) = scan([str(path)], siblings=False).runs
        summary = run.to_dict()
        assert summary["format"] == "joblog"
        assert summary["roles"]["train_loss"] == "train_loss" and summary["roles"]["val_loss"] == "valid_loss"
