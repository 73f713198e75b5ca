"""csv40b: CSV/JSON reader faults found on unseen public logs (audit40d), fixed by kind.

- a JSON list of epoch records resumed into itself (public Alexndrs/diffusion-image-Generator ``train_log.json``:
  ``{"epoch": 3, ...}`` twice, the second written by the resumed job): the later record's points replace the earlier's;
- one history saved as ``history.json`` and ``epoch_metrics.csv`` in one folder (public Takumi1421/Self-Pruning-Neural-
  Network ``results/``): one run, each series once;
- a headerless ``val_log.csv`` of ``1000,3.2574`` rows (public dlee6018/luna-gpt, ``f"{step},{val_loss:.4f}"``), one
  step logged twice by a resume: the first column is the step.
"""
from __future__ import annotations

import json

from loganalyzer.discover import discover

from _runs import read_resolved, series_by_step  # noqa: E402


def _records(epochs, resumed_at=()):
    """The diffusion script's records: ``{"epoch", "avg_loss", "time_sec"}``, the epochs in ``resumed_at`` logged
    again (other values) by the resumed job."""
    out, first = [], {}
    for e in epochs:
        loss = round(0.3 / (1 + e) + 0.04, 6)
        out.append({"epoch": e, "avg_loss": loss, "time_sec": 200.0 + e})
        first[e] = loss
        if e in resumed_at:
            out.append({"epoch": e, "avg_loss": loss + 0.01, "time_sec": 700.0 + e})
    return out, first


def test_json_records_resumed_later_record_replaces(tmp_path):
    rows, _ = _records(range(30), resumed_at=(3, 19))
    path = tmp_path / "train_log.json"
    path.write_text(json.dumps(rows, indent=2))
    df, msgs = read_resolved(path)
    steps, values = series_by_step(df, "avg_loss")
    assert steps == list(range(30))  # one point a step
    later = {r["epoch"]: r["avg_loss"] for r in rows}  # the last written wins
    assert values == [later[s] for s in steps]
    assert values[3] == rows[4]["avg_loss"] and values[3] != rows[3]["avg_loss"]
    assert "later_session_replaces" in df.attrs["step_rules"]
    assert sum("resumed at step" in m for m in msgs) == 2
    raw, _ = read_resolved(path, resolve=False)
    assert len(raw[raw.tag == "avg_loss"]) == 32  # the raw view keeps every record


def test_json_records_per_batch_epoch_not_sessions(tmp_path):
    """A per-batch list repeating its epoch on every row, and train/val records sharing an epoch, are no resume."""
    batches = [{"epoch": e, "loss": 1.0 / (1 + e + b / 10)} for e in range(5) for b in range(4)]
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "history.json").write_text(json.dumps(batches))
    df, msgs = read_resolved(tmp_path / "a" / "history.json")
    assert len(df[df.tag == "loss"]) == 20 and "later_session_replaces" not in df.attrs.get("step_rules", ())
    split = [r for e in range(6)
             for r in ({"epoch": e, "loss": 1.0 / (1 + e)}, {"epoch": e, "val_loss": 1.1 / (1 + e)})]
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "history.json").write_text(json.dumps(split))
    df, msgs = read_resolved(tmp_path / "b" / "history.json")
    assert series_by_step(df, "loss")[0] == list(range(6)) and series_by_step(df, "val_loss")[0] == list(range(6))
    assert not any("resumed" in m for m in msgs)


def _pruning_history(n=10, drift=0.0):
    return [{"epoch": e, "loss": round(1.4552 - 0.08 * e + (drift if e == n else 0.0), 4),
             "accuracy_percent": round(60.14 + 2 * e, 2), "sparsity_percent": 0.0, "time_seconds": 30.2 - e}
            for e in range(1, n + 1)]


def _write_twins(folder, history, csv_history):
    folder.mkdir(parents=True)
    (folder / "history.json").write_text(json.dumps(history, indent=2))
    keys = list(csv_history[0])
    lines = [",".join(keys)] + [",".join(str(r[k]) for k in keys) for r in csv_history]
    (folder / "epoch_metrics.csv").write_text("\n".join(lines) + "\n")


def test_json_csv_twins_one_run(tmp_path):
    history = _pruning_history()
    _write_twins(tmp_path / "results", history, history)
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["results/history.json"]
    df, msgs = read_resolved(tmp_path)
    steps, values = series_by_step(df, "loss")
    assert steps == list(range(1, 11)) and values == [r["loss"] for r in history]  # each point once
    assert set(df.dir.astype(str)) == {"results/history.json"}
    assert any("epoch_metrics.csv" in m and "read once" in m for m in msgs)


def test_json_csv_twins_differing_stay_two_runs(tmp_path):
    _write_twins(tmp_path / "results", _pruning_history(), _pruning_history(drift=0.01))
    assert sorted(r.id for r in discover(tmp_path)) == ["results/epoch_metrics.csv", "results/history.json"]


def test_headerless_val_log_step_column_with_a_resume(tmp_path):
    lines = ["1000,3.2574", "2000,3.0404", "3000,3.2325", "4000,3.5229", "4000,3.3685", "5000,3.4756"]
    path = tmp_path / "val_log.csv"
    path.write_text("\n".join(lines) + "\n")
    df, msgs = read_resolved(path)
    assert series_by_step(df, "value_1") == ([1000, 2000, 3000, 4000, 5000], [3.2574, 3.0404, 3.2325, 3.3685, 3.4756])
    assert "value_2" not in set(df.tag.astype(str))
    assert any("4000 logged twice" in m for m in msgs)


def test_headerless_two_counters_or_stride_one_tie_not_a_step(tmp_path):
    """A second column counting too, or a stride of 1 with a tie (an epoch repeated by its batches): row numbers."""
    two = ["1000,10,3.25", "2000,20,3.04", "3000,30,3.23", "3000,30,3.52", "4000,40,3.36"]
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "run_log.csv").write_text("\n".join(two) + "\n")
    df, _ = read_resolved(tmp_path / "a" / "run_log.csv")
    assert series_by_step(df, "value_1")[1][0] == 1000.0  # the counter stays a value, the row number the step
    ones = ["1,0.9", "2,0.8", "2,0.7", "3,0.6", "4,0.5"]
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "train_log.csv").write_text("\n".join(ones) + "\n")
    df, _ = read_resolved(tmp_path / "b" / "train_log.csv")
    assert series_by_step(df, "value_1")[0] == [0, 1, 2, 3, 4]


def test_json_keyed_record_lists_one_run_per_key(tmp_path):
    """``{lambda: [epoch records]}`` (histories_by_lambda.json): one run per key; ``{"train": [..], "val": [..]}``
    is one training's splits, never runs."""
    by_lambda = {lam: _pruning_history(drift=0.0) for lam in ("0.0", "1e-07", "1e-06")}
    by_lambda["1e-06"][0]["loss"] = 1.4605
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "histories_by_lambda.json").write_text(json.dumps(by_lambda, indent=2))
    runs = discover(tmp_path / "a")
    assert [r.id for r in runs] == [f"histories_by_lambda.json#{k}" for k in ("0.0", "1e-06", "1e-07")]
    df, _ = read_resolved(tmp_path / "a")
    rows = df[(df.dir.astype(str) == "histories_by_lambda.json#1e-06") & (df.tag.astype(str) == "loss")]
    assert rows.step.tolist() == list(range(1, 11)) and rows.value.tolist()[0] == 1.4605
    splits = {"train": _pruning_history(), "val": _pruning_history()}
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "history.json").write_text(json.dumps(splits, indent=2))
    assert [r.id for r in discover(tmp_path / "b")] == ["history.json"]


def test_json_history_step_list_named_by_its_counter(tmp_path):
    doc = {"history": {"val_acc": [0.8928, 0.8768, 0.907, 0.8692, 0.8662],
                       "checkpoints_after_episode": [100, 200, 300, 400, 500]}, "best_val_acc": 0.907}
    path = tmp_path / "history.json"
    path.write_text(json.dumps(doc, indent=2))
    df, msgs = read_resolved(path)
    assert series_by_step(df, "val_acc") == ([100, 200, 300, 400, 500], doc["history"]["val_acc"])
    assert "checkpoints_after_episode" not in set(df.tag.astype(str))
    assert any("best_val_acc" in m for m in msgs)


def test_loss_csv_one_line_appended_per_epoch(tmp_path):
    losses = [0.724270815650622, 0.38909592231114704, 0.3325187216202418, 0.27252347022295, 0.2465993364651998,
              0.232603020966053]
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "losses.csv").write_text("".join(f",{v}" for v in losses))  # the callback's f.write(f',{loss}')
    df, _ = read_resolved(tmp_path / "a" / "losses.csv")
    assert series_by_step(df, "loss") == (list(range(6)), losses)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "losses.csv").write_text(",".join(str(v) for v in losses) + "\n")  # no sign of appending
    df, msgs = read_resolved(tmp_path / "b")
    assert len(df) == 0 and any("one line of 6 numbers" in m for m in msgs)
    assert not any("pandas frame" in m for m in msgs)


def test_json_per_batch_by_epoch_said(tmp_path):
    doc = {f"ep{e}": {str(b): 1000.0 / (e + b + 1) for b in range(10)} for e in range(1, 4)}
    (tmp_path / "tlog.json").write_text(json.dumps(doc, indent=4))
    df, msgs = read_resolved(tmp_path)
    assert len(df) == 0 and any("nested by epoch" in m for m in msgs)
