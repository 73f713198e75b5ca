"""HF output dirs with several ``checkpoint-*/trainer_state.json``: every file rewrites the whole ``log_history``
so far. The raw ``read_scalars`` view gives each file's points under the file's own directory (as tbparse gives
event sub-dirs), the resolved view and ``scan`` the union once under the output dir. Files written by
``transformers.TrainerState.save_to_json``, histories shaped like the breaker's BERT run (loss every 100 steps,
eval every 500: each checkpoint's history a prefix of the next)."""
from __future__ import annotations

import json
import warnings

import numpy as np

from loganalyzer import read_scalars
from loganalyzer.scan import scan
from test_discover import write_torch_scalars, write_trainer_state

CHECKPOINTS = (500, 1000, 1500)


def history(upto: int) -> list[dict]:
    out = []
    for step in range(100, upto + 1, 100):
        out.append({"loss": round(2.0 / (1 + step / 500), 4), "learning_rate": 5e-5 * (1 - step / 2000),
                    "epoch": step / 1000, "step": step})
        if step % 500 == 0:
            out.append({"eval_loss": round(2.2 / (1 + step / 700), 4), "epoch": step / 1000, "step": step})
    return out


def write_output_dir(root, final: bool):
    for n in CHECKPOINTS:
        write_trainer_state(root / "out" / f"checkpoint-{n}", history(n), n)
    if final:
        write_trainer_state(root / "out", history(1500), 1500)


def test_raw_view_keeps_each_checkpoint_file_apart_and_resolved_view_gives_the_history_once(tmp_path):
    write_output_dir(tmp_path, final=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        raw = read_scalars(tmp_path)
    loss = raw[raw.tag == "loss"]
    by_dir = {d: sorted(g["step"]) for d, g in loss.groupby("dir", observed=True)}
    # each file's rows under its own dir: exactly what json.load of that file gives, no row without its source
    for n in CHECKPOINTS:
        state = json.loads((tmp_path / f"out/checkpoint-{n}/trainer_state.json").read_text())
        assert by_dir[f"out/checkpoint-{n}"] == [r["step"] for r in state["log_history"] if "loss" in r]
    assert set(by_dir) == {f"out/checkpoint-{n}" for n in CHECKPOINTS}
    for d, steps in by_dir.items():  # within one dir, no step twice
        assert len(steps) == len(set(steps)), d
    resolved = read_scalars(tmp_path, resolve=True)
    loss = resolved[resolved.tag == "loss"]
    assert set(loss["dir"]) == {"out"}
    assert list(loss["step"]) == list(range(100, 1501, 100))
    (run,) = scan([tmp_path]).runs
    assert run.run == "out" and run.points == len(resolved)


def test_the_output_dirs_own_state_stays_at_the_output_dir(tmp_path):
    write_output_dir(tmp_path, final=True)
    raw = read_scalars(tmp_path)
    dirs = set(raw[raw.tag == "eval_loss"]["dir"])
    assert dirs == {"out", *(f"out/checkpoint-{n}" for n in CHECKPOINTS)}
    # given the output dir itself, the dirs are relative to it
    assert set(read_scalars(tmp_path / "out")["dir"]) == {"", *(f"checkpoint-{n}" for n in CHECKPOINTS)}


def test_a_new_training_in_a_reused_output_dir_is_judged_not_the_old_ones_later_checkpoints(tmp_path):
    """A second training (10x the learning rate, 500 steps) in the output dir of a first (1,500 steps) overwrites
    checkpoint-500 and leaves the old checkpoint-1000 and -1500. By checkpoint number the old copies came last and
    replaced the new training: the run was judged on the old one. Their histories disagree, so the copies go in
    the order they were written (modification times): the new training replaces the old."""
    import os

    def new_history(upto: int) -> list[dict]:
        return [{"loss": round(2.0 / (1 + step / 50), 4), "learning_rate": 5e-4, "epoch": step / 1000, "step": step}
                for step in range(100, upto + 1, 100)]

    out = tmp_path / "out"
    written = [(f"checkpoint-{n}", history(n), n) for n in CHECKPOINTS]  # the first training
    written += [("checkpoint-500", new_history(500), 500)]  # the second, over the first's checkpoint-500
    for when, (name, log_history, step) in enumerate(written):
        write_trainer_state(out / name, log_history, step)
        os.utime(out / name / "trainer_state.json", ns=(1_700_000_000_000_000_000 + when * 10**9,) * 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        resolved = read_scalars(tmp_path, resolve=True)
    loss = resolved[resolved.tag == "loss"]
    assert list(zip(loss["step"], loss["value"])) == [(r["step"], r["loss"]) for r in new_history(500)]
    assert "fresh_start_replaces" in resolved.attrs["step_rules"]
    epoch = resolved[resolved.tag == "epoch"]  # the old training's counter is replaced too (it stayed to 1500)
    assert list(zip(epoch["step"], epoch["value"])) == [(r["step"], r["epoch"]) for r in new_history(500)]
    (run,) = scan([tmp_path]).runs
    assert run.roles["train_loss"] == "loss"
    (train,) = [s for s in run.series if s.tag == "loss"]
    assert (train.last_step, train.last_value) == (500, new_history(500)[-1]["loss"])


def test_tensorboard_sessions_of_a_resumed_job_are_one_curve(tmp_path):
    """HF's TensorBoard callback logs each session into a new ``runs/<date>_<host>/``: a job resumed from
    checkpoint-200 has two. The run was judged on the resumed session's ``train/loss`` alone (steps 210-400,
    'underfit'); the sessions are now one series ``runs/train/loss``, the resumed session replacing the abandoned
    one's steps after its checkpoint. The raw view keeps each session under its own dir, as tbparse does."""
    def loss(step: int) -> float:
        return 2.3 / (1 + step / 40) + 0.1

    out = tmp_path / "out"
    first = [(s, loss(s)) for s in range(10, 301, 10)]  # crashed after step 300
    second = [(s, loss(s) + 0.01) for s in range(210, 401, 10)]  # resumed from checkpoint-200
    write_torch_scalars(out / "runs/May01_12-00-00_host", {"train/loss": first})
    write_torch_scalars(out / "runs/May01_13-00-00_host", {"train/loss": second})
    write_trainer_state(out / "checkpoint-200", [{"loss": v, "step": s} for s, v in first if s <= 200], 200)
    raw = read_scalars(tmp_path)
    # checkpoint-200's `loss` is the HF copy of the event files' `train/loss` (fewer points): read once (fw41)
    assert sorted(set(raw["dir"])) == ["out/runs/May01_12-00-00_host", "out/runs/May01_13-00-00_host"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        resolved = read_scalars(tmp_path, resolve=True)
    curve = resolved[(resolved["dir"] == "out/runs") & (resolved.tag == "train/loss")]
    expected = [p for p in first if p[0] <= 200] + second
    assert curve["step"].tolist() == [s for s, _ in expected]
    assert np.allclose(curve["value"], [v for _, v in expected], rtol=1e-6)  # float32 in the event file
    (run,) = scan([tmp_path]).runs
    assert run.roles["train_loss"] == "runs/train/loss"
    (train,) = [s for s in run.series if s.name == "runs/train/loss"]
    assert (train.first_step, train.last_step, train.points) == (10, 400, 40)
    assert "later_session_replaces" in run.step_rules
