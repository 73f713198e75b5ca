"""csv41: CSV/JSON reader faults from reader audit 41c (real public logs), fixed by kind.

- numbers stored as JSON text (``{"acc": "0.00", "loss": "10.7115"}``, ATMI/Megatoken ``log.json``): read as empty;
- Keras histories nested per CV fold (``{"0": {"acc": [..], "loss": [..]}}``, tariksetia/QuickDraw): not discovered;
- a JSON-lines log's ``{"event": "config", ..}`` / ``{"event": "done", ..}`` lines read as 18 one-point series;
- mmcv ``log.json``: the epoch-based runner's ``epoch`` and the val lines' ``lr`` read as series;
- a summary-only HF ``log_history``: its ``epoch`` left as the run's one series;
- a headerless CSV of ``tensor(..)`` cells (Akssi/StyleTransfer), a JSON list of unnamed ``[step, train, val]`` rows
  (CollinPhipps/llm) and a per-run summary table (nanoGPT ablations): skipped with no or a vague line;
- headerless rows naming their own values (``val,loss,"tensor(..)",epoch,0``): read as pairs.
"""
from __future__ import annotations

import json

import loganalyzer
from test_json41 import _read  # noqa: E402 (the same resolved read)


def _ids(path):
    return [str(r.id) for r in loganalyzer.discover(str(path))]


def test_numbers_written_as_text_in_json_lines_are_read(tmp_path):
    lines = [{"acc": "0.00", "acc~": "0.00", "loss": "10.7115", "loss~": "10.7115"},
             {"acc": "0.00", "acc~": "0.00", "loss": "10.3705", "loss~": "10.5410"},
             {"acc": "0.61", "acc~": "0.20", "loss": "10.1519", "loss~": "10.4113", "note": "warm-up over"},
             {"acc": "1.5e1", "acc~": "5.1", "loss": "9.8000", "loss~": "10.2584", "note": "1.2.3"}]
    (tmp_path / "log.json").write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    series, msgs = _read(tmp_path / "log.json")
    assert set(series) == {"acc", "acc~", "loss", "loss~"}
    assert series["loss"] == ([0, 1, 2, 3], [10.7115, 10.3705, 10.1519, 9.8])
    assert series["acc"][1] == [0.0, 0.0, 0.61, 15.0]
    assert any("'note' (str)" in m for m in msgs)  # text that is no number stays text


def _keras(first_loss, epochs):
    return {"acc": [0.47 + 0.001 * i for i in range(epochs)], "val_loss": [first_loss + 1 - 0.01 * i for i in
            range(epochs)], "loss": [first_loss - 0.01 * i for i in range(epochs)],
            "val_acc": [0.4 + 0.001 * i for i in range(epochs)]}


def test_one_cv_fold_history_is_one_run(tmp_path):
    path = tmp_path / "model_history.json"
    path.write_text(json.dumps({"0": _keras(21.230422973632812, 1000)}, indent=4))  # 'loss' past the sniffed head
    assert len(_ids(path)) == 1
    series, _ = _read(path)
    assert set(series) == {"acc", "loss", "val_acc", "val_loss"}
    assert series["loss"][0][:3] == [0, 1, 2] and series["loss"][1][0] == 21.230422973632812
    assert len(series["val_loss"][0]) == 1000


def test_several_cv_folds_are_one_run_each(tmp_path):
    path = tmp_path / "model_history.json"
    path.write_text(json.dumps({"0": _keras(9.0, 300), "1": _keras(8.0, 300), "2": _keras(7.0, 250)}, indent=4))
    ids = _ids(path)
    assert [i.rsplit("#", 1)[1] for i in ids] == ["fold0", "fold1", "fold2"]
    df = loganalyzer.read_scalars(str(tmp_path), resolve=True)
    first = df[df.tag == "loss"].sort_values("step").groupby(df.columns[0]).value.first()
    assert sorted(first.tolist()) == [7.0, 8.0, 9.0]
    assert df[df.tag == "loss"].groupby(df.columns[0]).size().sort_values().tolist() == [250, 300, 300]


def test_config_and_done_records_of_a_json_lines_log_are_no_series(tmp_path):
    config = {"event": "config", "lr": 1e-06, "num_steps": 4, "batch_size": 128, "top_p": 0.95, "seed": 42,
              "wandb_project": "opd-metis"}
    lines = [config] + [{"event": "step", "step": s, "train/loss": -0.0228 + 0.001 * s, "train/lr": 1e-07 * s}
                        for s in range(4)] + [{"event": "done", "num_steps": 4}]
    (tmp_path / "train_log.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    series, msgs = _read(tmp_path / "train_log.jsonl")
    assert set(series) == {"train/loss", "train/lr"}
    assert series["train/loss"][0] == [0, 1, 2, 3]
    assert any("2 line(s) with no step ('config', 'done')" in m and "batch_size" in m for m in msgs)


def test_an_unstepped_closing_line_with_a_measure_stays(tmp_path):
    lines = [{"iter": s, "loss": 1.0 - 0.1 * s} for s in range(1, 5)] + [{"test_loss": 0.55, "lr": 0.01}]
    (tmp_path / "log.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    series, msgs = _read(tmp_path / "log.jsonl")
    assert "test_loss" in series and series["loss"][0] == [1, 2, 3, 4]
    assert not any("no step" in m for m in msgs)


def test_mmcv_epoch_and_validation_lr_are_no_series(tmp_path):
    lines, losses = [], []
    for epoch in (1, 2, 3):
        for it in (1, 2, 3, 4):
            loss = round(2.9 - 0.1 * len(losses), 5)
            losses.append(loss)
            lines.append({"mode": "train", "epoch": epoch, "iter": it, "lr": 0.0006, "memory": 12869,
                          "loss_cls": round(loss - 0.3, 5), "loss_bbox": 0.3, "loss": loss, "time": 0.66})
        lines.append({"mode": "val", "epoch": epoch, "iter": 1601, "lr": 0.0006, "AP50": 0.5 + 0.01 * epoch,
                      "mAP": 0.4 + 0.01 * epoch})
    (tmp_path / "20220101_000000.log.json").write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    series, _ = _read(tmp_path / "20220101_000000.log.json")
    assert "epoch" not in series and "val/lr" not in series
    assert series["loss"] == (list(range(1, 13)), losses)
    assert series["val/mAP"][0] == [4, 8, 12] and series["lr"][0] == list(range(1, 13))


def _trainer_state(entries):
    return {"best_metric": None, "epoch": 3.0, "global_step": 78, "log_history": entries, "max_steps": 78}


_SUMMARY = {"epoch": 3.0, "step": 78, "total_flos": 1157770590912.0, "train_loss": 9.087151943108974,
            "train_runtime": 60.3466, "train_samples_per_second": 10.1, "train_steps_per_second": 1.29}


def test_a_summary_only_trainer_state_leaves_no_epoch_series(tmp_path):
    (tmp_path / "trainer_state.json").write_text(json.dumps(_trainer_state([_SUMMARY]), indent=2))
    series, _ = _read(tmp_path / "trainer_state.json")
    assert series == {}


def test_a_logged_trainer_state_keeps_its_epoch_counter(tmp_path):
    entries = [{"epoch": 0.5 * k, "step": 13 * k, "loss": 10.0 - k, "learning_rate": 5e-05} for k in range(1, 7)]
    (tmp_path / "trainer_state.json").write_text(json.dumps(_trainer_state(entries + [_SUMMARY]), indent=2))
    series, _ = _read(tmp_path / "trainer_state.json")
    assert series["loss"][0] == [13, 26, 39, 52, 65, 78]
    assert series["epoch"][0][:6] == [13, 26, 39, 52, 65, 78]
    assert "train_loss" not in series


def _said(path):
    """discover's runs of the folder ``path`` and the texts of the problems it lists."""
    problems = []
    runs = loganalyzer.discover(str(path), problems)
    return runs, [f"{p.path}: {p.message}" for p in problems]


def test_a_headerless_csv_of_tensor_cells_is_said_not_skipped(tmp_path):
    rows = ["N,e,w, ,e,x,p,e,r,i,m,e,n,t"]
    rows += [f"0,{i},tensor({318428413952 - 1000 * i}.),tensor({52796006400 - 10 * i}.)" for i in range(5)]
    rows += ["N,e,w, ,e,x,p,e,r,i,m,e,n,t"]
    rows += [f'0,{i},"tensor({675260480 - i}., device=\'cuda:0\', grad_fn=<ThAddBackward>)",'
             f'"tensor({52891283456 - i}., device=\'cuda:0\', grad_fn=<SumBackward0>)"' for i in range(5)]
    (tmp_path / "log.csv").write_text("\n".join(rows) + "\n")
    runs, msgs = _said(tmp_path)
    assert runs == []
    said = [m for m in msgs if "log.csv" in m]
    assert len(said) == 1 and "no header" in said[0] and "'New experiment'" in said[0]


def test_a_json_list_of_step_and_loss_rows_is_read_and_other_number_rows_said(tmp_path):
    """Stop 49: the step-and-two-losses rows of a loss file are read (``_json_unnamed.rows``: set 106's labeller read
    CollinPhipps/llm's file as its README says, step, train, val); rows of four numbers are still said, not guessed,
    and a data file's rows neither."""
    rows = [[200 * k, 6.0 - 0.1 * k, 6.1 - 0.05 * k] for k in range(1, 26)]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "loss_history.json").write_text(json.dumps(rows, indent=2))
    (tmp_path / "a" / "points.json").write_text(json.dumps(rows, indent=2))  # no log's name: a data file, nothing said
    (tmp_path / "b" / "loss_history.json").write_text(json.dumps([r + [0.5] for r in rows], indent=2))
    runs, msgs = _said(tmp_path)
    assert [r.id for r in runs] == ["a/loss_history.json"]
    said = [m for m in msgs if "json" in m]
    assert len(said) == 1 and "b/loss_history.json" in said[0] and "rows of 4 numbers with no names" in said[0]


def test_a_per_run_summary_table_is_said_to_be_no_curve(tmp_path):
    rows = ["run_name,seed,batch_size,max_iters,n_params,final_train_loss,final_val_loss,training_time_sec",
            "baseline,42,64,5000,10745088,0.6336712837219238,1.7044485807418823,1188.47",
            "A1_no_pos_encoding,42,64,5000,10646784,1.0956608057022095,1.583446979522705,1289.88",
            "A2_rope,42,64,5000,10646784,0.554075300693512,1.749888300895691,1462.75"]
    (tmp_path / "training_records").mkdir()
    (tmp_path / "training_records" / "metrics.csv").write_text("\n".join(rows) + "\n")
    runs, msgs = _said(tmp_path)
    assert runs == []
    assert any("a summary table, one row per run" in m and "final_train_loss" in m for m in msgs)


def test_rows_naming_their_own_values_are_read_as_pairs(tmp_path):
    rows = ["N,e,w, ,e,x,p,e,r,i,m,e,n,t"]
    for epoch in range(4):
        rows.append(f'train,loss,"tensor({3.0 - 0.3 * epoch:.4f}, device=\'cuda:0\', grad_fn=<AddBackward0>)",'
                    f"epoch,{epoch}")
        rows.append(f"val,loss,tensor({3.2 - 0.25 * epoch:.4f}),epoch,{epoch}")
    (tmp_path / "log.csv").write_text("\n".join(rows) + "\n")
    series, msgs = _read(tmp_path / "log.csv")
    assert set(series) == {"train_loss", "val_loss"}
    assert series["train_loss"][0] == [0, 1, 2, 3]
    assert series["val_loss"][1] == [3.2, 2.95, 2.7, 2.45]
    assert any("each row names its own values" in m for m in msgs)


def test_rows_of_pairs_without_a_step_stay_unread(tmp_path):
    rows = [f"loss,{1.0 - 0.1 * k},acc,{0.5 + 0.01 * k}" for k in range(5)]
    (tmp_path / "log.csv").write_text("\n".join(rows) + "\n")
    runs, _ = _said(tmp_path)
    assert runs == []


def test_a_headerless_csv_given_by_name_is_said_once(tmp_path):
    rows = [f"0,{i},tensor({318428413952 - 1000 * i}.),tensor({52796006400 - 10 * i}.)" for i in range(5)]
    (tmp_path / "log.csv").write_text("\n".join(rows) + "\n")
    problems = []
    assert loganalyzer.discover(str(tmp_path / "log.csv"), problems) == []
    assert len(problems) == 1 and "no header" in problems[0].message
