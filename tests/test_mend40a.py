"""mend40a: the resumed-session rules of CSV/JSON histories kept off evaluation rows, folds and stages (breaker2).

- a Lightning ``metrics.csv`` whose ``on_step`` validation metric is written at Lightning's running validation-batch
  counter (``0,24,,,1.54`` then ``1,25,,,1.275``): no resumed session, every training point kept;
- k-fold folds appended to one ``metrics.csv`` (epoch back to 0): no point dropped;
- a JSON list of ``{"epoch", "phase", "loss"}`` records with a ``"phase": "val"`` record at a training epoch, and a
  history ending with a test-set record of the training keys: the training points stay;
- ``{"pretrain": [..], "finetune": [..]}``: one run, the stages one after another.
"""
from __future__ import annotations

import json

from loganalyzer.discover import discover

from _runs import read_resolved, series_by_step  # noqa: E402


def _lt_valstep(epochs=6, per=4, every=50, val_batches=25):
    """CSVLogger rows: train_loss every 50 steps, val_loss_step at the validation-batch counter (epoch cell
    present), val_loss_epoch at the global step."""
    lines, step, vb, train = ["epoch,step,train_loss,val_loss_epoch,val_loss_step"], 0, 0, []
    for e in range(epochs):
        for _ in range(per):
            step += every
            loss = round(2.0 / (1 + step / 200), 4)
            lines.append(f"{e},{step - 1},{loss},,")
            train.append((step - 1, loss))
        for b in range(val_batches):
            lines.append(f"{e},{vb},,,{1.5 - 0.05 * e + 0.01 * (b % 5):.4f}")
            vb += 1
        lines.append(f"{e},{step - 1},,{1.5 - 0.05 * e:.4f},")
    return "\n".join(lines) + "\n", train


def test_lightning_val_batch_counter_is_no_resume(tmp_path):
    text, train = _lt_valstep()
    run = tmp_path / "lightning_logs" / "version_0"
    run.mkdir(parents=True)
    (run / "metrics.csv").write_text(text)
    df, _ = read_resolved(run / "metrics.csv")
    steps, values = series_by_step(df, "train_loss")
    assert steps == [s for s, _ in train]
    assert values == [v for _, v in train]
    assert series_by_step(df, "val_loss_epoch")[0] == [199 + 200 * e for e in range(6)]


def test_lightning_resume_by_training_rows_still_a_session(tmp_path):
    """The step of the training rows going back above the first (a resume from step 600 at epoch 2): the resumed
    session's values win at the re-logged steps."""
    lines = ["step,epoch,loss,val_loss"]
    for s in range(25, 801, 25):
        lines.append(f"{s},{s // 300},{1.0 - s / 2000:.4f},")
    for s in range(625, 1001, 25):
        lines.append(f"{s},{s // 300},{0.9 - s / 2000:.4f},")
    (tmp_path / "metrics.csv").write_text("\n".join(lines) + "\n")
    path = tmp_path / "metrics.csv"
    df, _ = read_resolved(path)
    steps, values = series_by_step(df, "loss")
    assert steps == list(range(25, 1001, 25))
    assert values[steps.index(650)] == round(0.9 - 650 / 2000, 4)


def test_lightning_kfold_folds_lose_no_point(tmp_path):
    lines, n = ["epoch,step,train_loss,val_loss,val_acc"], 0
    for fold, steps in enumerate(([19, 39, 59, 79, 99], [20, 41, 62, 83, 104], [20, 41, 62, 83, 104])):
        for e, s in enumerate(steps):
            lines.append(f"{e},{s},,{0.9 - 0.1 * e + 0.01 * fold:.4f},0.6")
            lines.append(f"{e},{s},{1.0 - 0.12 * e + 0.01 * fold:.4f},,")
            n += 1
    run = tmp_path / "lightning_logs" / "version_0"
    run.mkdir(parents=True)
    (run / "metrics.csv").write_text("\n".join(lines) + "\n")
    df, _ = read_resolved(run / "metrics.csv")
    assert len(series_by_step(df, "train_loss")[0]) == n == 15
    assert len(series_by_step(df, "val_loss")[0]) == 15


def test_json_phase_record_does_not_replace_training(tmp_path):
    rows = []
    for e in range(1, 21):
        rows.append({"epoch": e, "phase": "train", "loss": round(1.0 / e, 4), "acc": 0.5 + e / 50})
        if e % 5 == 0:
            rows.append({"epoch": e, "phase": "val", "loss": round(1.8 / e, 4), "acc": 0.5 + e / 60})
    path = tmp_path / "log.json"
    path.write_text(json.dumps(rows, indent=1))
    df, _ = read_resolved(path)
    steps, values = series_by_step(df, "train_loss")  # (since stop 43 a JSON list's 'phase' names the split)
    train = {r["epoch"]: r["loss"] for r in rows if r["phase"] == "train"}
    assert set(train.items()) <= set(zip(steps, values))  # every training point kept
    assert series_by_step(df, "val_loss")[0] == [5, 10, 15, 20]


def test_json_last_test_record_does_not_replace_training(tmp_path):
    rows = [{"epoch": e, "loss": round(1.0 / e, 4), "accuracy": 0.5 + e / 25} for e in range(1, 11)]
    rows.append({"epoch": 10, "loss": 0.35, "accuracy": 0.81})  # history.append(test record) after evaluate
    path = tmp_path / "history.json"
    path.write_text(json.dumps(rows, indent=1))
    df, _ = read_resolved(path)
    steps, values = series_by_step(df, "loss")
    assert (10, 0.1) in set(zip(steps, values))


def test_json_resume_still_read(tmp_path):
    """A record back with the same text fields and records going on after it is still a resume."""
    rows = [{"epoch": e, "phase": "train", "loss": round(1.0 / (e + 1), 4)} for e in range(5)]
    rows += [{"epoch": e, "phase": "train", "loss": round(0.9 / (e + 1), 4)} for e in range(3, 12)]  # resumed at 3
    path = tmp_path / "train_log.json"
    path.write_text(json.dumps(rows))
    df, _ = read_resolved(path)
    steps, values = series_by_step(df, "loss")
    assert steps == list(range(12))
    assert values[3] == round(0.9 / 4, 4)


def test_stage_keyed_records_one_run(tmp_path):
    obj = {"pretrain": [{"epoch": e, "loss": round(2.0 - 0.2 * e, 2)} for e in range(1, 6)],
           "finetune": [{"epoch": e, "loss": round(1.0 - 0.1 * e, 2)} for e in range(6, 11)]}
    path = tmp_path / "history.json"
    path.write_text(json.dumps(obj))
    assert [r.id for r in discover(str(tmp_path))] == ["history.json"]
    df, msgs = read_resolved(path)
    steps, values = series_by_step(df, "loss")
    assert steps == list(range(1, 11))
    assert values[5] == 0.4
    assert any("stages" in m for m in msgs)


def test_configuration_keyed_records_still_runs(tmp_path):
    obj = {k: [{"epoch": e, "loss": round(1.0 / e, 3)} for e in range(1, 6)] for k in ("0.0", "1e-07")}
    (tmp_path / "histories.json").write_text(json.dumps(obj))
    assert len(discover(str(tmp_path))) == 2
