"""Reader kinds named by the blind labellers of sets 143-145 (opened at stop 57), each failing on the stop's start
code. Printed inputs are written in each program's exact printed format (small, hand-written from its print call);
CSV files with Python's csv writer, as the loggers write them."""
from __future__ import annotations

import csv

from _runs import run_points, runs_points


def _falling(n: int, a: float, b: float) -> list[float]:
    return [round(a + (b - a) * i / max(1, n - 1), 4) for i in range(n)]


# ---------------------------------------------------------------- 143: a Lightning bar frame cut before its ']'


def test_cut_lightning_frame_is_no_epoch_line(tmp_path):
    """Lightning's TQDMProgressBar redraws ``Epoch 3:  43%|████▎     | 6/14 [00:00<00:00, 311.94it/s, v_num=4,
    train/loss=1.970, ...]`` with ``\\r``; the capture of KLP-SignGlove's ``training_output_*.log`` cut some redraws at
    a width, ``... val/accuracy=0.`` with no ``]``. Those were read as ``key=value`` lines of epoch N, renamed
    ``train/loss_epoch``..., and the cut ``0.`` read as an accuracy of 0."""
    k, epochs = 4, 8
    loss = _falling(epochs * k, 3.2, 0.2)
    val = _falling(epochs, 3.0, 0.05)
    acc = _falling(epochs, 0.1, 0.99)
    out = ["GPU available: True (cuda), used: True\n", "  | Name | Type | Params\n"]
    post_val = ""
    for e in range(epochs):
        out.append(f"\rEpoch {e}:   0%|          | 0/{k} [00:00<?, ?it")  # a fresh bar, cut
        if e:  # the reset bar's first draw, its postfix the last epoch's, cut inside its last value
            out.append(f"\rEpoch {e}:   0%|          | 0/{k} [00:00<?, ?it/s, v_num=4, train/loss="
                       f"{loss[e * k - 1]:.3f}, val/loss={val[e - 1]:.3f}, val/accuracy=0.")
        for n in range(1, k + 1):
            pct = 100 * n // k
            out.append(f"\rEpoch {e}: {pct:3d}%|##########| {n}/{k} [00:00<00:00, 300.00it/s, v_num=4, "
                       f"train/loss={loss[e * k + n - 1]:.3f}{post_val}]")
        post_val = f", val/loss={val[e]:.3f}, val/accuracy={acc[e]:.3f}"
        out.append(f"\rEpoch {e}: 100%|##########| {k}/{k} [00:00<00:00, 250.00it/s, v_num=4, "
                   f"train/loss={loss[e * k + k - 1]:.3f}{post_val}]")
    out.append("\n`Trainer.fit` stopped: `max_epochs=8` reached.\n")
    (tmp_path / "training_output_RNN_GRU.log").write_text("".join(out))
    [got] = runs_points(tmp_path).values()
    assert not [t for t in got if t.endswith("_epoch")]
    steps, values = got["val/accuracy"]
    assert 0.0 not in values and values[-1] == acc[-1]
    assert got["train/loss"][0][-1] == epochs * k  # epoch x batches + batch, the last at 8 x 4


# ---------------------------------------------------------------- 144: a title line over a ';' Keras CSVLogger file


def test_title_line_over_semicolon_csv(tmp_path):
    """A speech-digit CNN's ``model_history_log.csv``: its name on the first line, then ``CSVLogger(separator=';')``'s
    table. The title was taken for a one-column header: "its header names no step, epoch or loss column"."""
    loss, val = _falling(17, 1.576, 0.0445), _falling(17, 0.646, 0.174)
    path = tmp_path / "model_history_log.csv"
    with open(path, "w", newline="") as f:
        f.write("model_history_log\n")
        w = csv.writer(f, delimiter=";")
        w.writerow(["epoch", "accuracy", "loss", "val_accuracy", "val_loss"])
        for e in range(17):
            w.writerow([e, 0.4 + e * 0.03, loss[e], 0.79 + e * 0.01, val[e]])
    runs = runs_points(tmp_path)
    assert list(runs) == ["model_history_log.csv"]
    got = runs["model_history_log.csv"]
    assert got["loss"] == (list(range(17)), loss) and got["val_loss"][1] == val


# ---------------------------------------------------------------- 144: a model column naming rows written in turn


def test_model_column_interleaved_rows_are_runs(tmp_path):
    """An ANN-vs-SNN comparison writes each epoch's rows of both models under one header (csv.DictWriter):
    ``epoch,model,split,loss,...``. Both models' losses were one series, two values at each epoch."""
    path = tmp_path / "history.csv"
    ann_tr, ann_te = [0.876, 0.356, 0.291], [0.369, 0.292, 0.267]
    snn_tr, snn_te = [0.671, 0.224, 0.158], [0.265, 0.201, 0.174]
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, ["epoch", "model", "split", "loss", "accuracy", "hidden_spike_rate"])
        w.writeheader()
        for e in range(3):
            w.writerow({"epoch": e + 1, "model": "ANN", "split": "train", "loss": ann_tr[e], "accuracy": 0.8})
            w.writerow({"epoch": e + 1, "model": "ANN", "split": "test", "loss": ann_te[e], "accuracy": 0.9})
            w.writerow({"epoch": e + 1, "model": "SNN", "split": "train", "loss": snn_tr[e], "accuracy": 0.78,
                        "hidden_spike_rate": 0.13})
            w.writerow({"epoch": e + 1, "model": "SNN", "split": "test", "loss": snn_te[e], "accuracy": 0.91,
                        "hidden_spike_rate": 0.14})
    runs = runs_points(tmp_path)
    assert list(runs) == ["history.csv#ANN", "history.csv#SNN"]
    assert runs["history.csv#ANN"]["train_loss"] == ([1, 2, 3], ann_tr)
    assert runs["history.csv#SNN"]["test_loss"] == ([1, 2, 3], snn_te)


# ---------------------------------------------------------------- 144: Keras CSVLogger(append=True), 3 compiles


def _keras_rows(w, epochs: int, keys: list[str], logs) -> None:
    """Rows as Keras' CSVLogger writes them: ``epoch`` then the logs' keys in sorted order."""
    for e in range(epochs):
        w.writerow([e] + [logs(k, e) for k in sorted(keys)])


def test_keras_appended_fits_with_other_metrics(tmp_path):
    """``CSVLogger('train_log.csv', append=True)`` writes its header only into an empty file: photofilter's 42 fits
    wrote 5-field rows under ``epoch,auc,loss,val_auc,val_loss``, then fits compiled with more metrics 11- and
    13-field rows no header names. Those were all skipped ("11 fields, the header has 5"); and a second fit() of the
    first model (its broken ``auc`` 0.0 at every epoch, its loss going on) replaced the first fit's epochs, the
    0.0s taken for "the same history logged again"."""
    path = tmp_path / "train_log.csv"
    first = _falling(5, 0.2857, 0.0123) + _falling(5, 0.00988, 0.00455)  # one model fitted twice, loss going on
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "auc", "loss", "val_auc", "val_loss"])
        for part in (first[:5], first[5:]):
            _keras_rows(w, 5, ["auc", "loss", "val_auc", "val_loss"],
                        lambda k, e, part=part: 0.0 if "auc" in k else part[e] * (0.5 if k.startswith("val") else 1))
        five = [f"m{i}" for i in range(4)] + ["loss"]
        for fit in range(3):  # fits compiled with 4 more metrics: 11 fields
            _keras_rows(w, 5, five + [f"val_{k}" for k in five],
                        lambda k, e, fit=fit: round(0.3 / (e + 1) + fit / 10, 4) if "loss" in k else 0.5)
        six = [f"m{i}" for i in range(5)] + ["loss"]
        for fit in range(3):  # then 5 more: 13 fields
            _keras_rows(w, 5, six + [f"val_{k}" for k in six],
                        lambda k, e, fit=fit: round(0.4 / (e + 1) + fit / 10, 4) if "loss" in k else 0.6)
    runs = runs_points(tmp_path)
    assert len(runs) == 7  # the 2 fits of one model as one run, then 3 + 3 fits of 11 and 13 fields
    assert runs["train_log.csv#1"]["loss"] == (list(range(10)), [round(v, 6) for v in first])
    assert len(runs["train_log.csv#2"]) == 10 and runs["train_log.csv#2"]["column_6"][0] == [0, 1, 2, 3, 4]
    assert len(runs["train_log.csv#7"]) == 12


# ---------------------------------------------------------------- 145: a vertical box of 'name: value' rows an epoch


def test_vertical_epoch_boxes(tmp_path):
    """A VGG16 sketch trainer prints each epoch as a one-column box between ``+---+`` rules; each row was read
    alone and every box taken for a launch of its own (hundreds of one-point runs)."""
    train, test = _falling(12, 2.961, 0.237), _falling(12, 2.538, 1.42)
    lines = []
    for e in range(1, 13):
        rows = [("epoch:", f"{e}"), ("f1-score:", f"{0.02 * e:.8f}"), ("accuracy:", f"{20 + 5 * e}%"),
                ("precision:", f"{0.015 * e:.8f}"), ("recall:", f"{0.05 * e:.8f}"),
                ("test loss:", f"{test[e - 1]:.8f}"), ("train loss:", f"{train[e - 1]:.8f}"),
                ("time spent (epoch):", "0:03:01.22"), ("time spent (total):", f"0:{3 * e:02d}:01.22")]
        lines.append("+" + "-" * 40 + "+")
        lines += [f"| {k}{v:>{38 - len(k)}} |" for k, v in rows]
        lines.append("+" + "-" * 40 + "+")
    lines.append("Traceback (most recent call last):")
    lines.append("RuntimeError: DataLoader worker (pid 4100317) is killed by signal: Killed. ")
    (tmp_path / "test_06.out").write_text("\n".join(lines) + "\n")
    runs = runs_points(tmp_path)
    assert len(runs) == 1
    [got] = runs.values()
    assert got["train_loss"] == (list(range(1, 13)), train)
    assert got["test_loss"] == (list(range(1, 13)), test)
    assert not [t for t in got if t.startswith("time")]  # its durations: no series


# ---------------------------------------------------------------- 145: SSDA_MME's 'Train Ep' and '<set> set:' lines


def test_ssda_mme_step_and_set_evaluations(tmp_path):
    """VisionLearningGroup/SSDA_MME main.py prints ``S {} T {} Train Ep: {} lr{} \\t Loss Classification: {:.6f} Loss
    T {:.6f} Method {}`` (``Train Ep`` is its step) and its test() ``{} set: Average loss: {:.4f}, Accuracy: {}/{}
    F1 ({:.4f}%)`` for the labelled target, test and val loaders. The step was read as a series ``Train_Ep``, the
    accuracy as the count correct, and the labelled target's and val set's lines were no split's."""
    lines = []
    cls = _falling(6, 5.06, 0.37)
    for i, step in enumerate(range(0, 600, 100)):
        lines.append(f"S painting T clipart Train Ep: {step} lr{0.01 * (1 - step / 10000)} \t Loss Classification: "
                     f"{cls[i]:.6f} Loss T {0.47 - 0.05 * i:.6f} Method MME\n")
        if step % 200 == 0:
            lines.append("tensor(1134.)")
            lines.append(f"Labeled Target set: Average loss: {4.9 - i:.4f}, Accuracy: {12 + 100 * i}/1134 F1 (1.0%)")
            lines.append(f"Test set: Average loss: {4.97 - 0.5 * i:.4f}, Accuracy: {86 + 1000 * i}/18312 F1 (0.4%)")
            lines.append(f"Val set: Average loss: {4.94 - 0.5 * i:.4f}, Accuracy: {2 + 20 * i}/360 F1 (0.5%)")
            lines.append("best acc test 0.469637  acc val 0.555556 acc labeled target 1.058201")
    (tmp_path / "p2c_3.out").write_text("\n".join(lines) + "\n")
    [got] = runs_points(tmp_path).values()
    assert "Train_Ep" not in got
    assert got["Loss_Classification"] == (list(range(0, 600, 100)), cls)
    assert got["val_accuracy"][1] == [round(2 / 360, 6), round(42 / 360, 6), round(82 / 360, 6)]
    assert got["labeled_target_loss"][1][0] == 4.9 and "Accuracy" not in got


# ---------------------------------------------------------------- 145: Flower's 'fit progress' rounds


def test_flower_fit_progress_rounds(tmp_path):
    """flwr/server/server.py logs ``fit progress: (%s, %s, %s, %s)`` (round, centralised loss, metrics, seconds)
    after each round and ``initial parameters (loss, other metrics): %s, %s`` first; two servers in one log. Nothing
    was read ("no training runs found")."""
    losses = [_falling(8, 4.375, 1.61), _falling(8, 4.375, 1.7)]
    lines = []
    for loss in losses:
        lines += ["\x1b[92mINFO \x1b[0m:      Starting Flower ServerApp, config: num_rounds=7, no round_timeout",
                  f"\x1b[92mINFO \x1b[0m:      initial parameters (loss, other metrics): {loss[0]}, "
                  "{'cen_accuracy': 0.011249064662789613}"]
        for r in range(1, 8):
            lines += [f"\x1b[92mINFO \x1b[0m:      [ROUND {r}]",
                      "\x1b[92mINFO \x1b[0m:      aggregate_evaluate: received 903 results and 0 failures",
                      f"\x1b[92mINFO \x1b[0m:      fit progress: ({r}, {loss[r]}, {{'cen_accuracy': {0.05 * r}}}, "
                      f"{213.6 * r})"]
        lines += ["\x1b[92mINFO \x1b[0m:      Run finished 7 round(s) in 1500.00s",
                  "\x1b[92mINFO \x1b[0m:      \tHistory (loss, centralized):",
                  *(f"\x1b[92mINFO \x1b[0m:      \t\tround {r}: {loss[r]}" for r in range(8))]
    (tmp_path / "nohup.out").write_text("\n".join(lines) + "\n")
    runs = runs_points(tmp_path)
    assert list(runs) == ["nohup.out#1", "nohup.out#2"]
    assert runs["nohup.out#2"]["centralized_loss"] == (list(range(8)), losses[1])
    assert runs["nohup.out#1"]["cen_accuracy"][1][-1] == 0.35


# ---------------------------------------------------------------- 145: '#Epoch<TAB>Training Error' printed table


def test_error_headed_printed_table(tmp_path):
    """An aipw5 course trainer prints ``#Epoch\\tTraining Error`` then ``0\\t1.0994..`` per epoch into its job log:
    no loss word, so nothing was read; then no series named like a loss."""
    err = _falling(40, 1.0994, 0.0448)
    (tmp_path / "training.out").write_text("#Epoch\tTraining Error\n" + "".join(f"{e}\t{v}\n" for e, v in enumerate(err)))
    [got] = runs_points(tmp_path).values()
    assert got["Training Error"] == (list(range(40)), err)
    from loganalyzer import analyze

    [row] = analyze(str(tmp_path)).runs
    assert row.verdict == "healthy"


# ---------------------------------------------------------------- 145: Theano tutorials' fine-tuning lines


def test_theano_finetuning_runs(tmp_path):
    """SdA.py of the DeepLearningTutorials prints ``Pre-training layer 0, epoch 0, cost 0.200519`` then, per
    fine-tuning, ``epoch 1, minibatch 120/120, validation error 86.933333 %``: the pre-training was read and every
    fine-tuning left out."""
    lines = ["... pre-training the model"]
    lines += [f"Pre-training layer 0, epoch {e}, cost  {0.2005 - 0.001 * e:.6f}" for e in range(10)]
    lines += ["The pretraining code for file  ran for 518.59m"]
    errors = [_falling(8, 86.93, 5.97), _falling(8, 87.1, 5.5)]
    for err in errors:
        lines += ["... getting the finetuning functions", "... finetunning the predictor model"]
        for e, v in enumerate(err, 1):
            lines.append(f"epoch {e}, minibatch 120/120, validation error {v:f} %")
            lines.append(f"     epoch {e}, minibatch 120/120, test error of best model {v:f} %")
        lines.append("Optimization complete with best validation score of 5.966667 %, on iteration 42840, with test "
                     "performance 5.966667 %")
    (tmp_path / "slurm.out").write_text("\n".join(lines) + "\n")
    runs = runs_points(tmp_path)
    assert list(runs) == ["slurm.out#1", "slurm.out#2", "slurm.out#3"]
    assert runs["slurm.out#1"]["cost"][0] == list(range(10))
    assert runs["slurm.out#3"]["validation_error"] == (list(range(8)), [round(v, 6) for v in errors[1]])
