"""json41: CSV/JSON reader faults named by the labellers of blind sets 76/77, fixed by kind.

- ``epoch,batch,loss`` with ``batch`` counted within each epoch (public Ayrus88/Multimodal_object_detection
  ``training_log.csv``): ``epoch`` was read as a series besides being part of the epoch-major step.
"""
from __future__ import annotations

import json
import warnings

import loganalyzer


def _read(path):
    """(tag -> (steps, values)) of the resolved read, and the warning texts."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = loganalyzer.read_scalars(str(path), resolve=True)
    series = {}
    for tag, part in df.groupby(df.tag.astype(str), sort=False):
        part = part.sort_values("step")
        series[tag] = ([int(s) for s in part.step], [float(v) for v in part.value])
    return series, [str(w.message) for w in caught]


def test_epoch_of_an_epoch_major_csv_is_no_series(tmp_path):
    rows = ["epoch,batch,loss"]
    losses = []
    for epoch in range(3):
        for batch in range(4):
            loss = round(1.17 - 0.03 * (4 * epoch + batch), 4)
            losses.append(loss)
            rows.append(f"{epoch},{batch},{loss:.4f}")
    (tmp_path / "training_log.csv").write_text("\n".join(rows) + "\n")
    series, msgs = _read(tmp_path / "training_log.csv")
    assert set(series) == {"loss"}
    assert series["loss"] == (list(range(12)), losses)
    assert any("starts over at each new 'epoch'" in m for m in msgs)


def _curve(n, start, end):
    return [round(end + (start - end) * 0.8 ** i, 6) for i in range(n)]


def test_split_keyed_lists_of_a_loss_file_are_the_splits_losses(tmp_path):
    """public zelk-oss/forecasting ``loss_history.json``: ``{"train": [19.66, 3.64, ..], "val": [..]}`` read 0 rows."""
    train, val = _curve(20, 19.66, 0.4), _curve(20, 3.9, 0.5)
    (tmp_path / "loss_history.json").write_text(json.dumps({"train": train, "val": val}, indent=2))
    series, msgs = _read(tmp_path / "loss_history.json")
    assert series == {"train_loss": (list(range(20)), train), "val_loss": (list(range(20)), val)}
    assert any("'train' -> 'train_loss', 'val' -> 'val_loss'" in m for m in msgs)


def test_split_keyed_lists_beside_an_epochs_axis(tmp_path):
    """public RKA136/ML_Project: ``{"epochs": [1..50], "train": [..], "val": [..]}`` read as series train/val."""
    train, val = _curve(8, 3775.9, 29.9), _curve(8, 16.0, 10.0)
    (tmp_path / "loss_history.json").write_text(json.dumps({"epochs": list(range(1, 9)), "train": train, "val": val}))
    series, _ = _read(tmp_path / "loss_history.json")
    assert series == {"train_loss": (list(range(1, 9)), train), "val_loss": (list(range(1, 9)), val)}


def test_split_keyed_siblings_left_as_they_were(tmp_path):
    """Named lists, nested split dicts and a file not named as a loss log keep their names (or stay unread)."""
    train, val = _curve(6, 2.0, 0.3), _curve(6, 2.1, 0.4)
    shapes = {"a/loss_history.json": {"losses": train, "val_losses": val},
              "b/loss_history.json": {"train": {"loss": train}, "val": {"loss": val}},
              "c/loss_history.json": {"train_loss": train}}
    expect = {"a": {"losses", "val_losses"}, "b": {"train/loss", "val/loss"}, "c": {"train_loss"}}
    for name, obj in shapes.items():
        (tmp_path / name).parent.mkdir()
        (tmp_path / name).write_text(json.dumps(obj))
        series, msgs = _read(tmp_path / name)
        assert set(series) == expect[name[0]], name
        assert not any("name only splits" in m for m in msgs)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "scores.json").write_text(json.dumps({"train": train, "val": val}))
    series, _ = _read(tmp_path / "d" / "scores.json")
    assert not {"train_loss", "val_loss"} & set(series)


def test_bare_list_of_numbers_in_a_training_log_is_one_series(tmp_path):
    """public MalinaEverfree/DeepTrack-AI-Particle-Tracking ``training_log.json``: ``json.dump(loss_history, f)``,
    a bare list of numbers, was not discovered. Named by the file: ``loss`` when it names a loss, else its stem."""
    values = [0.0017782954964786768, 0.0017386445542797446, 0.0027557972352951765, 0.002663952764123678]
    for name, tag in (("training_log.json", "training_log"), ("loss.json", "loss"), ("val_losses.json", "val_loss")):
        folder = tmp_path / tag
        folder.mkdir()
        (folder / name).write_text(json.dumps(values))
        assert [r.format for r in loganalyzer.discover(str(folder))] == ["json_history"], name
        series, msgs = _read(folder / name)
        assert series == {tag: ([0, 1, 2, 3], values)}, name
        assert any("bare JSON list of 4 numbers" in m for m in msgs)


def test_bare_list_in_other_json_files_is_no_log(tmp_path):
    for name in ("config.json", "predictions.json", "scores.json", "loss_weights.json", "price_history.json"):
        (tmp_path / name).write_text(json.dumps([0.1, 0.2, 0.3, 0.4]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert loganalyzer.discover(str(tmp_path)) == []


def test_json_logging_records_read_as_the_printed_log(tmp_path):
    """public blackspiderrr/Handwritten_Digit_Recognition ``training_log.json``: JSON-lines ``logging`` records, the
    values only inside ``message``: 0 rows before."""
    losses, accs, lines = [0.001074, 0.000614, 0.000466, 0.000428], [95.9, 97.66, 98.15, 98.33], []
    for epoch, (loss, acc) in enumerate(zip(losses, accs), 1):
        for text in (f"Epoch : {epoch}\t Loss : {loss:.6f}", f"Epoch : {epoch}\t Acc : {acc:.6f}"):
            lines.append(json.dumps({"timestamp": f"2023-12-16 01:24:{30 + epoch},004", "level": "INFO",
                                     "message": text}))
    (tmp_path / "training_log.json").write_text("\n".join(lines) + "\n")
    series, msgs = _read(tmp_path / "training_log.json")
    assert series == {"Loss": ([1, 2, 3, 4], losses), "Acc": ([1, 2, 3, 4], accs)}
    assert any("JSON lines of 8 logging records" in m for m in msgs)


def test_json_lines_with_numbers_of_their_own_are_no_logging_records(tmp_path):
    lines = [json.dumps({"level": "INFO", "message": f"epoch {i} done", "epoch": i, "loss": 1.0 / (i + 1)})
             for i in range(4)]
    (tmp_path / "log.jsonl").write_text("\n".join(lines) + "\n")
    series, msgs = _read(tmp_path / "log.jsonl")
    assert series["loss"] == ([0, 1, 2, 3], [1.0, 0.5, 1 / 3, 0.25])
    assert not any("logging records" in m for m in msgs)


def test_json_logging_records_without_values_say_so(tmp_path):
    lines = [json.dumps({"asctime": "2023-12-16 01:24:35,004", "levelname": "INFO", "message": text})
             for text in ("Loading data", "Model built", "Saving the loss plot")]
    (tmp_path / "training_log.json").write_text("\n".join(lines) + "\n")
    series, msgs = _read(tmp_path / "training_log.json")
    assert series == {}
    assert any("3 logging records whose message texts hold no training values" in m for m in msgs)
