"""Reader faults the stop-22 blind labellers (sixteenth and seventeenth sets) reported (branch readers5), each as a kind, with logs written by the
real writers (Lightning, transformers, W&B offline, Python logging) or the real public files in eval/public."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from loganalyzer import read_scalars
from loganalyzer.load import LogReadWarning
from _runs import public_run as public
from test_breaker_readers import LIGHTNING, run_child
from test_discover import write_trainer_state

# a Lightning module with a test_step, fitted 3 epochs with the CSVLogger; a test says how it calls test()
FIT_THEN_TEST = LIGHTNING + """
class Tested(Tiny):
    def test_step(self, batch, i):
        x, y = batch
        self.log("test_loss", torch.nn.functional.mse_loss(self.layer(x), y))

torch.manual_seed(0)
trainer = pl.Trainer(max_epochs=3, logger=CSVLogger("pl"), **quiet)
model = Tested()
trainer.fit(model, data(0), data(0))
"""


def warned(path, resolve: bool = True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(path, resolve=resolve)
    return table, [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]


# ---------------------------------------------------------------- 4: points the writer put at one step stay there


@pytest.mark.slow
def test_lightning_test_metrics_of_several_test_calls_stay_at_the_fit_s_last_step(tmp_path):
    """``trainer.test()`` after ``fit()`` logs its metrics at the fit's last step (``_batches_that_stepped``); a
    script testing three times writes them three times there. They were moved to steps 0-2 as a 'no step given?'
    series (eval/public yusuf fitness_v1: test_* at step 310 moved to 0-3)."""
    run_child(tmp_path, FIT_THEN_TEST + """for _ in range(3):
    trainer.test(model, data(1), verbose=False)
""")
    run = tmp_path / "pl" / "lightning_logs" / "version_0"
    for resolve in (False, True):
        table, lines = warned(run, resolve)
        test = table[table["tag"] == "test_loss"]
        assert len(test) == 3 and set(test["step"]) == {3 * 8}, test  # 3 epochs of 8 batches
        assert not any("no step given" in line for line in lines), lines
        assert "steps_all_equal" not in table.attrs["step_rules"]


def test_hf_final_epoch_in_three_log_entries_stays_at_the_final_step(tmp_path):
    """``Trainer.log`` writes ``step: state.global_step`` and the epoch into every entry: the last training log,
    the final evaluation and the ``train_runtime`` summary all hold epoch 1.0 at step 661 (Alexadr45/mlops4
    model/trainer_state.json). They were moved to steps 0-2."""
    write_trainer_state(tmp_path, [
        {"epoch": 1.0, "learning_rate": 0.0, "loss": 0.5822, "step": 661},
        {"epoch": 1.0, "eval_f1": 0.7404, "eval_loss": 0.5095, "eval_runtime": 11.6, "step": 661},
        {"epoch": 1.0, "step": 661, "total_flos": 4.09e12, "train_loss": 0.5822, "train_runtime": 221.06},
    ], 661)
    raw, _ = warned(tmp_path, resolve=False)
    assert raw[raw["tag"] == "epoch"]["step"].tolist() == [661] * 3
    table, lines = warned(tmp_path)
    epoch = table[table["tag"] == "epoch"]  # one point per step of a counter when resolved (item 5 below)
    assert epoch["step"].tolist() == [661] and not any("no step given" in line for line in lines), lines


def test_the_public_lightning_test_metrics_stay_at_step_310():
    table, lines = warned(public("yusuf__fitness_v1"))
    assert set(table[table["tag"] == "test_accuracy_macro"]["step"]) == {310}
    assert not any("no step given" in line for line in lines)


# ---------------------------------------------------------------- 1: best-so-far / saved-best / summary lines


BEST_LINES = """
import logging, sys, torch
logging.basicConfig(filename="train.log", level=logging.INFO, format="%(message)s")
log = logging.getLogger()
torch.manual_seed(0)
x = torch.randn(256, 8); y = (x.sum(1) > 0).long()
xv = torch.randn(64, 8); yv = (xv.sum(1) > 0).long()
model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.3)
loss_fn = torch.nn.CrossEntropyLoss()
best = float("inf")
for epoch in range(8):
    for i in range(0, 256, 32):
        opt.zero_grad(); loss = loss_fn(model(x[i:i + 32]), y[i:i + 32]); loss.backward(); opt.step()
    with torch.no_grad():
        train_loss = loss_fn(model(x), y).item(); val_loss = loss_fn(model(xv), yv).item() + 0.05 * epoch
    log.info("epoch %d: train_loss=%.4f, val_loss=%.4f", epoch, train_loss, val_loss)
    if val_loss < best:
        best = val_loss
        log.info("  保存最佳模型 (val_loss=%.4f)", val_loss)  # "saved the best model"
        log.info("  New best model saved with val_loss %.4f", val_loss)
log.info("training complete; best val loss = %s", best)
log.info("Early stopping at epoch 7, best val loss %.4f", best)
"""


def test_best_so_far_and_summary_lines_are_no_progress(tmp_path):
    """Only the 8 epoch lines are progress: a saved-best line (Chinese or English) made a second, best-so-far
    ``val_loss`` curve, and the final ``training complete; best val loss = ...`` a 9th val_loss point at the last
    step that replaced the real epoch-7 value in the resolved view (eval/public danilov detr-log, guoxiang
    transformer)."""
    run_child(tmp_path, BEST_LINES)
    epochs = [line for line in (tmp_path / "train.log").read_text().splitlines() if line.startswith("epoch ")]
    printed = [float(line.rsplit("=", 1)[1]) for line in epochs]
    for resolve in (False, True):
        table, lines = warned(tmp_path / "train.log", resolve)
        val = table[table["tag"] == "val_loss"]
        assert val["step"].tolist() == list(range(8)) and val["value"].tolist() == pytest.approx(printed)
        assert sorted(set(table["tag"])) == ["train_loss", "val_loss"], set(table["tag"])


@pytest.mark.parametrize("run, tag, last", [("danilov__detr-log", "val_loss", 1.2597),
                                             ("guoxiang__transformer", "Val_Loss", None)])
def test_public_logs_with_summary_lines(run, tag, last):
    table, _ = warned(public(run))
    assert [t for t in set(table["tag"]) if "val" in t.lower() and "loss" in t.lower()] == [tag]
    if last is not None:
        val = table[table["tag"] == tag]
        assert len(val) == 8 and val["value"].iloc[-1] == pytest.approx(last)


# ---------------------------------------------------------------- 8: twin files name the copy left out


def test_yolo_results_csv_beside_its_event_file_is_read_once_with_a_note():
    """Ultralytics writes every epoch into ``results.csv`` and the event file: each series is read once, from the
    event file, and the CSV whose copy is left out is named in one line (it was silent)."""
    run = public("coal__train5")
    event = next(run.glob("events.out.tfevents*"))
    for resolve in (False, True):
        table, lines = warned(run, resolve)
        assert len(table[table["tag"] == "train/loss"]) == 122  # 122 epochs, once each
        (note,) = [line for line in lines if line.startswith(str(run / "results.csv"))]
        assert f"7 series (lr/pg0, lr/pg1, lr/pg2, metrics/accuracy_top1 and 3 more) are also in the event file " \
               f"{event.name}" in note and "this file's copy is left out" in note


# ---------------------------------------------------------------- 7: an Ultralytics epoch row written twice


def _save_metrics(path: Path, epoch: int, elapsed: float, metrics: dict) -> None:
    """Ultralytics 8.3 ``BaseTrainer.save_metrics``: the header only into a new file, then one row
    ``epoch + 1, time.time() - train_time_start, *values``, each ``%.6g``."""
    keys, vals = list(metrics), list(metrics.values())
    n = len(metrics) + 2
    s = "" if path.exists() else ("%s," * n % tuple(["epoch", "time", *keys])).rstrip(",") + "\n"
    with open(path, "a") as f:
        f.write(s + ("%.6g," * n % tuple([epoch + 1, elapsed, *vals])).rstrip(",") + "\n")


def _classify_metrics(epoch: int, start: float = 1.05) -> dict:
    loss = start / (1 + epoch)
    return {"train/loss": loss, "metrics/accuracy_top1": 0.75 + epoch / 100, "metrics/accuracy_top5": 1.0,
            "val/loss": loss * 0.6, "lr/pg0": 4e-4, "lr/pg1": 4e-4, "lr/pg2": 4e-4}


def test_ultralytics_epoch_rows_written_twice_are_one_run(tmp_path):
    """Every epoch's row twice (``save_metrics`` called again one epoch later: only ``time`` differs; the public
    DalilaDt TFG classify run): one run of 20 epochs with a line, not run #1 of 1 row and #2 of 39 rows. A training
    appended from epoch 1 again (other values) is still a run of its own."""
    from loganalyzer import discover

    path = tmp_path / "train" / "results.csv"
    path.parent.mkdir()
    for epoch in range(20):
        _save_metrics(path, epoch, 266.0 * (epoch + 1), _classify_metrics(epoch))
        _save_metrics(path, epoch, 266.0 * (epoch + 1) + 1277.5, _classify_metrics(epoch))
    assert [r.id for r in discover(tmp_path)] == ["train/results.csv"]
    table, lines = warned(tmp_path, resolve=True)
    loss = table[table["tag"] == "train/loss"]
    assert loss["step"].tolist() == list(range(1, 21))
    assert loss["value"].tolist() == pytest.approx([_classify_metrics(e)["train/loss"] for e in range(20)], rel=1e-5)
    (line,) = lines
    assert line.startswith(f"{path}:3: 20 row(s) repeat the row before them") and "'time'" in line
    for epoch in range(5):  # a new training appended (exist_ok=True): epoch 1 again, other values
        _save_metrics(path, epoch, 30.0 * (epoch + 1), _classify_metrics(epoch, start=2.0))
    assert [r.id for r in discover(tmp_path)] == ["train/results.csv#1", "train/results.csv#2"]


# ---------------------------------------------------------------- 5: a counter has one point per step when resolved


@pytest.mark.slow
def test_resolved_counters_have_one_point_per_step_and_metrics_keep_the_writer_s_repeats(tmp_path):
    """Lightning's CSVLogger writes ``epoch`` on every training row and again on the validation row of the same step;
    HF's final epoch is in three entries at the last step (swapnil-bert: 3 ``epoch`` rows at step 68223). The
    resolved view gives a counter one point per step, the last written; the raw view keeps every row, and a metric
    the writer logged twice at one step (test metrics of two ``trainer.test()`` calls) keeps both."""
    run_child(tmp_path, FIT_THEN_TEST + """trainer.test(model, data(1), verbose=False)
trainer.test(model, data(1), verbose=False)
""")
    run = tmp_path / "pl" / "lightning_logs" / "version_0"
    raw, _ = warned(run, resolve=False)
    epoch = raw[raw["tag"] == "epoch"]
    assert epoch["step"].duplicated().any()  # the writer's rows: training and validation at one step
    table, lines = warned(run)
    epoch = table[table["tag"] == "epoch"]
    assert epoch["step"].is_unique and set(epoch["step"]) == set(raw[raw["tag"] == "epoch"]["step"])
    assert len(table[table["tag"] == "test_loss"]) == 2 and not lines

    write_trainer_state(tmp_path / "hf", [
        {"epoch": 2.99, "learning_rate": 1e-6, "loss": 0.21, "step": 68000},
        {"epoch": 3.0, "learning_rate": 0.0, "loss": 0.2, "step": 68223},
        {"epoch": 3.0, "eval_loss": 0.35, "step": 68223},
        {"epoch": 3.0, "step": 68223, "train_loss": 0.4, "train_runtime": 9000.0},
    ], 68223)
    table, lines = warned(tmp_path / "hf")
    assert table[table["tag"] == "epoch"][["step", "value"]].values.tolist() == [[68000, 2.99], [68223, 3.0]]
    assert not lines  # the summary left out of the curves without a line (load_summary)


# ---------------------------------------------------------------- 2: a job log listed as a run but giving no point


NO_LOSS = """
import logging, math, sys
logging.basicConfig(filename=sys.argv[1] if len(sys.argv) > 1 else "training.log", level=logging.INFO,
                    format="%(asctime)s - %(levelname)s - %(message)s")
log = logging.getLogger()
log.info("========== Training started ==========")
for epoch in range(1, 6):
    log.info("Epoch %d/5", epoch)
    energy = 1.4 - 0.02 * epoch
    log.info("Epoch %d/5 | Train Energy: %.4f | Train Perplexity: %.4f | Val Energy: %.4f | Val Perplexity: %.4f",
             epoch, energy, math.exp(energy * 5), energy + 0.04, math.exp((energy + 0.04) * 5))
"""


def test_a_job_log_without_loss_lines_says_why_it_gave_no_point(tmp_path):
    """A predictive-coding training printing its objective as 'Energy' (Cheralia/PC-Transformers logs/training.log:
    since readers33b read as the loss, with a note) and a job that failed before training (Kaushik200030/Image-Segmentation-Pytorch-Metal logs/train.log: only
    'Failed to initialize ...' lines) are listed as runs but give no point: each now says why, naming the file
    (and the first unread progress-like line)."""
    from loganalyzer.scan import scan

    run_child(tmp_path / "pc", NO_LOSS)
    (tmp_path / "failed").mkdir()
    (tmp_path / "failed" / "train.log").write_text(
        "[2024-02-24 18:57:57] - Train Logs - {train.py:140} - INFO - Built the model successfully!\n"
        "[2024-02-24 18:57:57] - Train Logs - {train.py:176} - INFO - Initialized the loss and evaluation metrics!\n"
        "[2024-02-24 18:57:57] - Train Logs - {train.py:214} - ERROR - Failed to initialize epoch runners!\n")
    report = scan([tmp_path])
    by_path = {Path(r.path).parent.name: r for r in report.runs}
    pc, failed = by_path["pc"], by_path["failed"]
    # (readers33b: the energy is now read as the loss, with a note saying so; see tests/test_readers33b.py)
    assert not [w for w in pc.warnings if "no training progress" in w]
    (line,) = [w for w in pc.warnings if "'Energy' values" in w]
    assert line.startswith(str(tmp_path / "pc" / "training.log")) and "read as the loss" in line
    (line,) = [w for w in failed.warnings if "no training progress" in w]
    assert line.startswith(str(tmp_path / "failed" / "train.log")) and "3 line(s)" in line
