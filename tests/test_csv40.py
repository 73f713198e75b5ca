"""csv40: CSV/JSON reader faults found on unseen public logs (audit40c), fixed by kind.

- LLaMA-Factory's ``trainer_log.jsonl`` (``LogCallback.on_log``: ``{"current_steps": 10, "total_steps": 6750,
  "loss": 2.219, "lr": ..., "epoch": 0.0044, "percentage": 0.15, "elapsed_time": "0:05:53", ...}``): the step was the
  row number (a whole ``epoch`` 1.0 taken for step 1: 672 of 675 losses dropped as "resumed sessions"); two ranks
  writing each line twice, out of order; beside trainer_state.json two runs of one training.
"""
from __future__ import annotations

import json

import numpy as np

from loganalyzer.discover import discover

from _runs import read_resolved, series_by_step  # noqa: E402


def _lf_line(step: int, total: int, epochs: float, **values) -> str:
    """One LogCallback line (LLaMA-Factory src/llamafactory/train/callbacks.py: on_log's ``logs`` dict)."""
    logs = dict(current_steps=step, total_steps=total, **values, epoch=step / total * epochs,
                percentage=round(step / total * 100, 2), elapsed_time="0:01:00", remaining_time="1:00:00")
    return json.dumps(logs)


def _lf_log(total=300, every=10, eval_every=100, epochs=3):
    lines, losses = [], {}
    for step in range(every, total + 1, every):
        loss = round(2.2 * np.exp(-step / 150) + 1.3, 4)
        losses[step] = loss
        lines.append(_lf_line(step, total, epochs, loss=loss, lr=1e-4 * (1 - step / total)))
        if step % eval_every == 0:
            lines.append(_lf_line(step, total, epochs, eval_loss=round(loss + 0.1, 4)))
    return lines, losses


def test_llamafactory_current_steps_is_the_step(tmp_path):
    lines, losses = _lf_log()  # an epoch ends at steps 100, 200, 300: "epoch": 1.0, 2.0, 3.0
    (tmp_path / "trainer_log.jsonl").write_text("\n".join(lines) + "\n")
    df, msgs = read_resolved(tmp_path / "trainer_log.jsonl")
    assert df.attrs.get("step_rules", ()) == ()
    steps, values = series_by_step(df, "loss")
    assert steps == sorted(losses) and values == [losses[s] for s in steps]
    assert series_by_step(df, "eval_loss")[0] == [100, 200, 300]
    assert {"current_steps", "total_steps", "percentage"}.isdisjoint(set(df.tag.astype(str)))
    assert not any("resumed" in m for m in msgs)


def test_llamafactory_two_ranks_one_point_a_step_and_a_resume_kept(tmp_path):
    """Every step written twice a few lines apart (0.8548 / 0.8547), out of order; then a resume from step 200."""
    lines, losses = _lf_log(total=300, eval_every=1000)
    rank2 = [json.dumps({**json.loads(line), "loss": round(json.loads(line)["loss"] + 1e-4, 4)}) for line in lines]
    mixed = []
    for i, line in enumerate(lines):  # 10, 10, 20, 20, ..., then 160, 170, 160, 180, 170 ...
        mixed.append(line)
        if i < 15:
            mixed.append(rank2[i])
        else:
            mixed.append(rank2[i - 1]) if i > 15 else None
    mixed.append(rank2[-1])
    resumed = {s: round(losses[s] * 0.9, 4) for s in range(210, 301, 10)}  # the job resumed from checkpoint-200
    for s in resumed:
        for _ in range(2):
            mixed.append(_lf_line(s, 300, 3, loss=resumed[s], lr=1e-4 * (1 - s / 300)))
    (tmp_path / "trainer_log.jsonl").write_text("\n".join(mixed) + "\n")
    df, msgs = read_resolved(tmp_path / "trainer_log.jsonl")
    steps, values = series_by_step(df, "loss")
    assert steps == list(range(10, 301, 10))
    assert values == [losses[s] for s in range(10, 201, 10)] + [resumed[s] for s in range(210, 301, 10)]
    assert any("two processes writing one log" in m for m in msgs)


def test_llamafactory_log_beside_trainer_state_is_one_run(tmp_path):
    lines, losses = _lf_log(total=300, eval_every=1000)
    (tmp_path / "trainer_log.jsonl").write_text("\n".join(lines) + "\n")
    history = [{"epoch": s / 100, "grad_norm": 1.0, "learning_rate": 1e-4 * (1 - s / 300), "loss": losses[s],
                "step": s} for s in sorted(losses) if s <= 200]  # the state saved at checkpoint-200
    state = {"global_step": 200, "log_history": history, "epoch": 2.0, "max_steps": 300}
    (tmp_path / "trainer_state.json").write_text(json.dumps(state, indent=2))
    runs = discover(str(tmp_path))
    assert len(runs) == 1 and {f.format for f in runs[0].files} == {"hf_trainer_state", "json_history"}
    df, msgs = read_resolved(tmp_path)
    steps, values = series_by_step(df, "loss")
    assert steps == sorted(losses) and values == [losses[s] for s in steps]  # the log's tail past the state
    assert "lr" not in set(df.tag.astype(str))
    assert series_by_step(df, "learning_rate")[0] == sorted(losses)
    assert any("LLaMA-Factory's copy" in m for m in msgs)


def test_gan_player_columns_in_a_losses_csv_and_a_second_session(tmp_path):
    """pandas ``to_csv`` of ``{'discriminator': [...], 'Generator': [...]}`` (public Image-Colorization-Using-CGAN
    losses.csv), saved again from index 0 by a session training the same GAN on: one run, 2 GAN losses."""
    import pandas as pd

    rng = np.random.default_rng(0)
    d1 = 0.7 - 0.4 * np.arange(300) / 300 + 0.02 * rng.normal(size=300)
    g1 = 10 + 28 * np.exp(-np.arange(300) / 30) + 0.2 * rng.normal(size=300)
    d2 = 0.3 - 0.4 * np.arange(100) / 300 + 0.02 * rng.normal(size=100)  # trained on: both go on
    g2 = 10 + 28 * np.exp(-np.arange(300, 400) / 30) + 0.2 * rng.normal(size=100)
    path = tmp_path / "losses.csv"
    pd.DataFrame({"discriminator": d1, "Generator": g1}).to_csv(path)
    with open(path, "a") as f:
        f.write(pd.DataFrame({"discriminator": d2, "Generator": g2}).to_csv(header=False))
    assert len(discover(str(tmp_path))) == 1
    df, msgs = read_resolved(path)
    assert set(df.tag.astype(str)) == {"discriminator_loss", "generator_loss"}
    steps, values = series_by_step(df, "generator_loss")
    assert steps == list(range(400))
    np.testing.assert_allclose(values, np.r_[g1, g2])


def test_tensor_cells_of_losses_lists_written_on_windows(tmp_path):
    """``pd.DataFrame({'losses_g': losses_g, 'losses_d': losses_d}).to_csv(f)`` of loss tensors on Windows: each
    row ends in '\\r\\r\\n' (public GAN_initial losses.csv); ``losses_*`` are losses."""
    g = [10.529, 9.9135, 8.2633]
    d = [0.0009, 0.0004, 0.0096]
    rows = ["losses_g,losses_d"] + [f'"tensor({a:.4f}, grad_fn=<BinaryCrossEntropyBackward0>)",'
                                     f'"tensor({b:.4f}, grad_fn=<AddBackward0>)"' for a, b in zip(g, d)]
    path = tmp_path / "losses.csv"
    path.write_bytes(("\r\n".join(rows[:1]) + "\r\n" + "\r\r\n".join(rows[1:]) + "\r\r\n").encode())
    assert len(discover(str(tmp_path))) == 1
    df, msgs = read_resolved(path)
    assert series_by_step(df, "losses_g") == ([0, 1, 2], g)
    assert series_by_step(df, "losses_d") == ([0, 1, 2], d)


def test_pandas_index_restart_with_a_fresh_training_stays_two_runs(tmp_path):
    import pandas as pd

    rng = np.random.default_rng(1)
    g = 10 + 28 * np.exp(-np.arange(200) / 30) + 0.2 * rng.normal(size=200)
    d = 0.7 - 0.4 * np.arange(200) / 200 + 0.02 * rng.normal(size=200)
    path = tmp_path / "losses.csv"
    pd.DataFrame({"discriminator": d, "Generator": g}).to_csv(path)
    with open(path, "a") as f:  # a new GAN from scratch: both losses back at their start
        f.write(pd.DataFrame({"discriminator": d[:50], "Generator": g[:50] + 0.1}).to_csv(header=False))
    assert [r.id for r in discover(str(tmp_path))] == ["losses.csv#1", "losses.csv#2"]


def _steps_epochs_log(path, epochs=4, per=50, lie=False):
    rng = np.random.default_rng(2)
    steps = 8.4 * np.exp(-np.arange(epochs * per) / 80) + 4 + 0.05 * rng.normal(size=epochs * per)
    records = [{"epoch": k + 1, "train_loss_avg": float(steps[k * per:(k + 1) * per].mean()) * (2 if lie else 1),
                "valid_loss": 5.0 - 0.1 * k, "valid_acc": 0.1 + 0.02 * k} for k in range(epochs)]
    obj = {"config": {"lr": 1e-4, "batch_size": 1, "epochs": epochs}, "steps": steps.tolist(), "epochs": records,
           "total_time_seconds": 1465.38}
    path.write_text(json.dumps(obj, indent=4))
    return steps, records


def test_json_per_step_list_beside_per_epoch_records(tmp_path):
    """``{"config", "steps": [per-step losses], "epochs": [{epoch, train_loss_avg, valid_loss, valid_acc}]}``
    (public dl-assignment2 training_log.json): no loss word in the head; it was silently no run."""
    path = tmp_path / "training_log.json"
    steps, records = _steps_epochs_log(path)
    assert len(discover(str(tmp_path))) == 1
    df, msgs = read_resolved(path)
    s, v = series_by_step(df, "loss")
    assert s == list(range(1, 201)) and np.allclose(v, steps)
    assert series_by_step(df, "valid_loss") == ([50, 100, 150, 200], [r["valid_loss"] for r in records])
    assert series_by_step(df, "valid_acc")[0] == [50, 100, 150, 200]


def test_json_step_list_that_matches_no_record_is_said_not_read(tmp_path):
    path = tmp_path / "training_log.json"
    _steps_epochs_log(path, lie=True)
    df, msgs = read_resolved(path)
    assert "loss" not in set(df.tag.astype(str)) and "valid_loss" in set(df.tag.astype(str))
    assert any("does not match" in m for m in msgs)


def test_jsonl_sweep_of_trainings_under_comment_lines_is_one_run_each(tmp_path):
    """A sweep's rows ``{"epoch": 0, "loss": ...}`` one training after another, each under a ``// note`` line or a
    blank line (public FNet-textClassify training_log.json): discover listed one run while the reader's warning
    promised #1..#N; a training that starts lower than the last one ended (lr=3e-4) was taken for its resume."""
    lines = []
    curves = [(0.69, 0.2), (0.066, 0.018), (0.38, 0.008)]
    for k, (a, b) in enumerate(curves):
        lines += ["", f"// run {k}: lr={k}e-4"] if k else []
        for e in range(6):
            loss = b + (a - b) * np.exp(-e)
            lines.append(json.dumps({"epoch": e, "loss": loss, "accuracy": 0.5 + 0.05 * e, "val_loss": loss + 0.1,
                                     "batch_size": 16, "optimizer": "adam"}))
    path = tmp_path / "training_log.json"
    path.write_text("\n".join(lines) + "\n")
    runs = discover(str(tmp_path))
    assert [r.id for r in runs] == ["training_log.json#1", "training_log.json#2", "training_log.json#3"]
    df, msgs = read_resolved(tmp_path)
    for k, (a, b) in enumerate(curves):
        rows = df[(df.dir == f"training_log.json#{k + 1}") & (df.tag == "loss")].sort_values("step")
        assert rows.step.tolist() == list(range(6)) and abs(rows.value.iloc[0] - a) < 1e-9
    assert any("comment line" in m for m in msgs)


def test_headerless_counter_repeated_and_starting_over_is_refused_with_a_line(tmp_path):
    """``evaluation_accuracy_log.csv`` of ``iteration,acc`` with no header (public one-shot_with_IGZO): one row per
    iteration, then six rows at each iteration, again and again; it was read as value_1 (the counter!) and value_2
    at row numbers."""
    rows = [f"{it},{0.3 + it / 1e5:.4f}" for it in range(2000, 12001, 2000)]
    for _ in range(3):
        rows += [f"{it},{0.25 + k / 100 + it / 1e5:.4f}" for it in range(2000, 16001, 2000) for k in range(6)]
    (tmp_path / "evaluation_accuracy_log.csv").write_text("\n".join(rows) + "\n")
    df, msgs = read_resolved(tmp_path)
    assert len(df) == 0
    assert any("several runs or evaluations interleaved" in m for m in msgs)


def test_headerless_epoch_repeated_by_its_batches_still_read(tmp_path):
    rows = [f"{e},{1.0 / (e * 10 + b + 1):.5f}" for e in range(1, 5) for b in range(3)]
    (tmp_path / "train_log.csv").write_text("\n".join(rows) + "\n")
    df, msgs = read_resolved(tmp_path)
    assert len(series_by_step(df, "value_2")[0]) == 12


def test_headerless_train_and_validation_files_said_not_read(tmp_path):
    """``np.savetxt('loss/wnet_finished_train.csv', ...)`` and ``..._validation.csv``: six unnamed losses a row, as
    many rows in each (public colorization_gan): silently no run before; a data set's splits (sizes differ) stay
    silent."""
    rng = np.random.default_rng(3)
    for split in ("train", "validation"):
        np.savetxt(tmp_path / f"wnet_finished_{split}.csv", rng.uniform(0.5, 2.5, size=(40, 6)), delimiter=",")
    np.savetxt(tmp_path / "X_train.csv", rng.normal(size=(80, 5)), delimiter=",")
    np.savetxt(tmp_path / "X_test.csv", rng.normal(size=(20, 5)), delimiter=",")
    df, msgs = read_resolved(tmp_path)
    said = [m for m in msgs if "sibling split" in m]
    assert len(said) == 2 and all("wnet_finished_" in m for m in said)


def test_dreamer_metrics_jsonl_without_a_loss_is_read_at_its_steps(tmp_path):
    """Dreamer's JSONLOutput ``metrics.jsonl``: ``{"step": 50, "train/return": -48.0, "train/length": 50,
    "episodes": 1}`` (public dreamer-goal-conditioned): silently no run before (no loss word in the head)."""
    lines = [json.dumps({"step": 50 * k, "train/return": -48.0 + k % 3, "train/length": 50, "episodes": k})
             for k in range(1, 21)]
    (tmp_path / "metrics.jsonl").write_text("\n".join(lines) + "\n")
    assert len(discover(str(tmp_path))) == 1
    df, msgs = read_resolved(tmp_path)
    assert series_by_step(df, "train/return")[0] == list(range(50, 1001, 50))


def test_row_per_configuration_of_list_cells_said_truthfully(tmp_path):
    """``Feature,Train Losses,Test Losses`` with a 70-epoch Python list per cell and a row per feature (public
    Spike_data-_VAE losses.csv): the line claimed no column was named like a loss."""
    import pandas as pd

    rng = np.random.default_rng(4)
    frame = pd.DataFrame({"Feature": ["BCI", "BSAR"],
                          "Train Losses": [rng.uniform(size=70).tolist() for _ in range(2)],
                          "Test Losses": [rng.uniform(size=70).tolist() for _ in range(2)]})
    frame.to_csv(tmp_path / "losses.csv", index=False)
    df, msgs = read_resolved(tmp_path)
    assert len(df) == 0
    assert any("per-configuration histories, one row each" in m for m in msgs)
    assert not any("no column is named like a loss" in m for m in msgs)


def test_rl_episode_column_is_the_axis_when_steps_is_each_episodes_length(tmp_path):
    """``Episode,Score,Steps,Epsilon`` (public Flappy-Bird DQN train_log.csv): ``Steps`` (frames of that episode)
    was the step, 5 runs made and most rows dropped as resumed sessions."""
    rng = np.random.default_rng(5)
    rows = ["Episode,Score,Steps,Epsilon"]
    for e in range(1, 61):
        rows.append(f"{e},{int(rng.integers(0, 50))},{int(rng.integers(30, 3000))},{max(0.01, 0.99 ** e):.6f}")
    (tmp_path / "train_log.csv").write_text("\n".join(rows) + "\n")
    assert len(discover(str(tmp_path))) == 1
    df, msgs = read_resolved(tmp_path)
    assert series_by_step(df, "Score")[0] == list(range(1, 61))
    assert len(series_by_step(df, "Steps")[0]) == 60


def test_baselines_ddpg_total_steps_is_the_axis(tmp_path):
    rows = ["rollout/return,total/epochs,total/steps,train/loss_actor"]
    rows += [f"{-800 + 10 * k},{k},{2000 * k},{-1.0 - k / 10}" for k in range(1, 31)]
    (tmp_path / "progress.csv").write_text("\n".join(rows) + "\n")
    df, msgs = read_resolved(tmp_path)
    assert series_by_step(df, "rollout/return")[0] == list(range(2000, 60001, 2000))
