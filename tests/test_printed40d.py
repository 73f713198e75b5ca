"""printed40d: steps and run splitting the audit of unseen public logs (audit40q, audit40t) found read wrong.

Printed logs:
- ``----Iteration: 1000----`` banner lines over step-less value lines (Ashecy/pinn-code ``output/log.txt``): the
  values were at 1, 2, 3... instead of the banner's iteration;
- MindSpore's sink-mode ``epoch: k step: 62, loss is x`` (skyous779/food ``train_log.log``): the per-epoch count
  62 taken as the first step, then +1 an epoch (62, 63, 64...) instead of 62, 124, 186...;
- a one-line-an-epoch script relaunched three times at epoch 0 (DGG-yu/bdci_baseline_new ``output/log.txt``):
  three trainings merged into one run with three points at epoch 0;
- a Keras char-RNN calling ``model.fit(epochs=5)`` 25 times on one model (Vikvas6/NN ``train_output.txt``), each
  block printing ``Train on N samples``/``Epoch 1/5`` again: one training read as 25 runs.
"""
from __future__ import annotations

from loganalyzer import discover  # noqa: E402
from test_readers20a import _read, _series  # noqa: E402


def _ids(path) -> list[str]:
    return [r.id for r in discover(str(path))]


# ------------------------------------------------------------------ iteration banners


def _pinn_log(iters: list[int]) -> tuple[str, list]:
    lines = ["Using device: cuda", "Number of initial condition points: 50", "Number of total random points: 10100"]
    losses = []
    for k, it in enumerate(iters):
        loss = 2.6e-2 / (k + 1) ** 2
        lines.append("-" * 47 + f"Iteration: {it}" + "-" * 47)
        lines.append(f"Loss: {loss:.5e} Loss_u: {loss / 5:.3e} Loss_v: {loss / 3:.3e} L2: {1.1 - 0.1 * k:.3e}")
        lines.append(f"Memory Usage -> CPU: 946.27 MB, GPU Allocated: 19.18 MB, Elapsed Time: {29.5 * (k + 1):.2f} seconds")
        losses.append(round(loss, 4))
    lines += ["=" * 49 + "Adam Final" + "=" * 49, "", "Total Execution Time: 415.10 seconds"]
    return "\n".join(lines) + "\n", losses


def test_iteration_banner_is_the_step(tmp_path):
    text, losses = _pinn_log(list(range(1000, 11000, 1000)))
    p = tmp_path / "log.txt"
    p.write_text(text)
    assert _ids(p) == ["log.txt"]
    df, _ = _read(p)
    steps, values = _series(df, "Loss")
    assert steps == list(range(1000, 11000, 1000))
    assert values == losses
    assert _series(df, "L2")[0] == steps


def test_iteration_banner_over_per_batch_lines_left_numbered(tmp_path):
    # a name printed twice under one banner: per-batch lines, not the iteration's one result
    lines = []
    for it in (100, 200, 300):
        lines.append(f"===== Iteration {it} =====")
        lines += [f"Loss: {1.0 / it + b * 1e-4:.6f}" for b in range(3)]
    p = tmp_path / "log.txt"
    p.write_text("\n".join(lines) + "\n")
    steps, _ = _series(_read(p)[0], "Loss")
    assert len(steps) == 9 and steps[:3] != [100, 100, 100]


# ------------------------------------------------------------------ MindSpore sink mode


def test_mindspore_epoch_step_count_is_the_epochs_length(tmp_path):
    lines, losses = ["==> Creating model 'ConformerTi'"], []
    for epoch in range(1, 11):
        loss = 2.28 - 0.05 * epoch
        lines.append(f"epoch: {epoch} step: 62, loss is {loss}")
        lines.append("Train epoch time: 230188.469 ms, per step time: 3712.717 ms")
        lines.append(f"epoch: {epoch} acc: {0.3 + 0.02 * epoch}, best acc is {0.3 + 0.02 * epoch}")
        losses.append(round(loss, 4))
    p = tmp_path / "train_log.log"
    p.write_text("\n".join(lines) + "\n")
    assert _ids(p) == ["train_log.log"]
    df, _ = _read(p)
    steps, values = _series(df, "loss")
    assert steps == [62 * e for e in range(1, 11)]
    assert values == losses
    assert _series(df, "acc")[0] == steps


def test_per_epoch_counts_that_differ_still_continue(tmp_path):
    # 'epoch 2 step 40' after 'epoch 1 step 50': not one count an epoch, the old rule (after the last + 1) stands
    lines = [f"epoch: {e} step: {s}, loss is {1.0 / e}" for e, s in ((1, 50), (2, 40), (3, 45))]
    p = tmp_path / "train_log.log"
    p.write_text("\n".join(lines) + "\n")
    steps, _ = _series(_read(p)[0], "loss")
    assert steps[0] == 50 and steps[1] == 51


# ------------------------------------------------------------------ relaunches at the first epoch


_BDCI = [
    "epoch:0\tloss:415.167958\tf1:0.000000\tprecision:1.000000\trecall:0.000000\tbest_f1:0.000000\t",
    "epoch:0\tloss:242.143018\tf1:0.000000\tprecision:1.000000\trecall:0.000000\tbest_f1:0.000000\t",
    "test： f1:0.000000\tprecision:1.000000\trecall:0.000000",
    "epoch:0\tloss:437.201428\tf1:0.000000\tprecision:1.000000\trecall:0.000000\tbest_f1:0.000000\t",
    "epoch:1\tloss:64.185884\tf1:0.000000\tprecision:1.000000\trecall:0.000000\tbest_f1:0.000000\t",
    "epoch:2\tloss:63.220908\tf1:0.000000\tprecision:1.000000\trecall:0.000000\tbest_f1:0.000000\t",
    "test： f1:0.000000\tprecision:1.000000\trecall:0.000000",
    "epoch:0\tloss:284.138670\tf1:0.252405\tprecision:0.200630\trecall:0.340198\tbest_f1:0.252405\t",
    "epoch:1\tloss:20.576202\tf1:0.456086\tprecision:0.460700\trecall:0.451564\tbest_f1:0.456086\t",
    "epoch:2\tloss:12.818481\tf1:0.577335\tprecision:0.559371\trecall:0.596491\tbest_f1:0.577335\t",
    "epoch:3\tloss:8.114941\tf1:0.597160\tprecision:0.546954\trecall:0.657513\tbest_f1:0.597160\t",
    "test： f1:0.597160\tprecision:0.546954\trecall:0.657513",
]


def test_relaunches_at_the_first_epoch_are_runs_of_their_own(tmp_path):
    p = tmp_path / "log.txt"
    p.write_text("\n".join(_BDCI) + "\n")
    assert _ids(p) == ["log.txt#1", "log.txt#2", "log.txt#3", "log.txt#4"]
    df, _ = _read(p)
    assert _series(df, "loss", "log.txt#1") == ([0], [415.168])
    assert _series(df, "loss", "log.txt#2") == ([0], [242.143])
    assert _series(df, "loss", "log.txt#3") == ([0, 1, 2], [437.2014, 64.1859, 63.2209])
    assert _series(df, "loss", "log.txt#4")[0] == [0, 1, 2, 3]


def test_several_lines_every_epoch_stay_one_run(tmp_path):
    # three lines at every epoch (a loop printing per batch with no counter): no relaunch
    lines = [f"epoch:{e}\tloss:{10.0 / (e + 1) - b * 0.1:.4f}\tf1:{0.1 * e:.2f}" for e in range(4) for b in range(3)]
    p = tmp_path / "log.txt"
    p.write_text("\n".join(lines) + "\n")
    assert _ids(p) == ["log.txt"]


def test_first_epoch_printed_twice_stays_one_run(tmp_path):
    # an evaluation before training printed as epoch 0, then epoch 0 itself: too few repeats to tell
    lines = [f"epoch:0\tloss:{v}\tf1:0.1" for v in (2.5, 1.9)] + [f"epoch:{e}\tloss:{1.9 - 0.2 * e}\tf1:0.2"
                                                                   for e in range(1, 5)]
    p = tmp_path / "log.txt"
    p.write_text("\n".join(lines) + "\n")
    assert _ids(p) == ["log.txt"]


# ------------------------------------------------------------------ Keras fit() in a loop


def _keras_loop(blocks: int, epochs: int = 5) -> tuple[str, list]:
    out, losses, loss = [], [], 2.4
    for i in range(blocks):
        out.append("=" * 50 if i == 0 else "a generated sample of text" + "=" * 50)
        out += [f"Итерация #: {i}", "Train on 99983 samples"]
        for e in range(1, epochs + 1):
            loss *= 0.9
            out.append(f"Epoch {e}/{epochs}")
            out.append(f"99983/99983 [==============================] - 33s 335us/sample - loss: {loss:.4f}")
            losses.append(round(loss, 4))
        out.append("Генерация из посева: me account")
    return "\n".join(out) + "\n", losses


def test_keras_fit_in_a_loop_is_one_training(tmp_path):
    text, losses = _keras_loop(6)
    p = tmp_path / "train_output.txt"
    p.write_text(text)
    assert _ids(p) == ["train_output.txt"]
    steps, values = _series(_read(p)[0], "loss")
    assert steps == list(range(1, 31))
    assert values == losses


def test_relaunched_script_with_its_config_is_still_a_new_run(tmp_path):
    # the script's own start-up block (3 lines besides Keras' own) printed again: a new process, not joined
    block = ["Loading data from /data/train.csv", "Vocabulary size: 57", "Model: char-rnn 2x512"]
    text, _ = _keras_loop(1)
    text2, _ = _keras_loop(1)
    p = tmp_path / "train_output.txt"
    p.write_text("\n".join(block) + "\n" + text + "\n".join(block) + "\n" + text2.replace("0.", "0.9", 0))
    assert len(_ids(p)) == 2


# ------------------------------------------------------------------ TensorBoard: Keras fit() again into one log dir


def _keras_tb(root, val_nan: bool = True, fits: int = 2, epochs: int = 20):
    """What tf.keras' TensorBoard callback writes for ``fits`` fit() calls of one model into one log dir: per fit a
    new event file in train/ and in validation/, epoch_* from epoch 0 again, the validation file's
    evaluation_*_vs_iterations going on with the optimizer's iterations (written by torch's SummaryWriter here)."""
    from torch.utils.tensorboard import SummaryWriter

    t0, loss, it = 1644728510.0, 6.8, 0
    train, val = [], []
    for f in range(fits):
        tw = SummaryWriter(str(root / "train"), filename_suffix=".v2")
        vw = SummaryWriter(str(root / "validation"), filename_suffix=".v2")
        for e in range(epochs):
            t = t0 + 2000 * f + 60 * e
            loss *= 0.98
            it += 1
            tw.add_scalar("epoch_loss", loss, e, walltime=t)
            tw.add_scalar("epoch_mae", loss / 3, e, walltime=t)
            v = float("nan") if val_nan else loss * 1.1
            vw.add_scalar("epoch_loss", v, e, walltime=t + 0.01)
            vw.add_scalar("epoch_mae", v, e, walltime=t + 0.01)
            vw.add_scalar("evaluation_loss_vs_iterations", loss * 1.1, it, walltime=t + 0.01)
            train.append(round(loss, 4))
            val.append(round(loss * 1.1, 4))
        tw.close()
        vw.close()
    return train, val


def test_keras_fit_again_validation_split_continued_as_the_train_split(tmp_path):
    root = tmp_path / "logs" / "fit" / "20220213-124139"
    train, val = _keras_tb(root)
    assert _ids(tmp_path / "logs") == ["fit/20220213-124139"]
    df, _ = _read(tmp_path / "logs")
    d = "fit/20220213-124139"
    steps, values = _series(df, "epoch_loss", d + "/train")
    assert steps == list(range(40)) and values == train
    vsteps, _ = _series(df, "epoch_loss", d + "/validation")
    assert vsteps == list(range(40))  # the same axis as the train split, no epoch dropped
    isteps, ivalues = _series(df, "evaluation_loss_vs_iterations", d + "/validation")
    assert isteps == list(range(1, 41)) and ivalues == val  # Keras' own counter went on: kept whole
    assert "later_session_replaces" not in df.attrs["step_rules"]


def test_keras_fit_again_finite_validation_same_axis(tmp_path):
    root = tmp_path / "logs"
    _keras_tb(root, val_nan=False)
    df, _ = _read(root)
    assert _series(df, "epoch_loss", "train")[0] == list(range(40))
    assert _series(df, "epoch_loss", "validation")[0] == list(range(40))


# ------------------------------------------------------------------ TensorBoard: detectron2's metrics.json twin


def _d2_output(out, trainings: list[int]) -> None:
    """detectron2's OUTPUT_DIR after ``len(trainings)`` launches: per launch an event file (TensorboardXWriter, a
    torch SummaryWriter) and the same scalars appended to metrics.json (JSONWriter), iteration 19 first."""
    import json

    from torch.utils.tensorboard import SummaryWriter

    out.mkdir(parents=True, exist_ok=True)
    with open(out / "metrics.json", "w") as f:
        for k, n in enumerate(trainings):
            w = SummaryWriter(str(out))
            for i in range(n):
                it = 19 + 20 * i
                row = {"data_time": 0.01 + 0.003 * k, "iteration": it, "loss_ce": 4.2 - 0.02 * i + k * 0.1, "lr": 1e-7 * (i + 1),
                       "time": 0.2 + 0.01 * k, "total_loss": 7.8 - 0.05 * i + k * 0.1}
                for key, v in row.items():
                    if key != "iteration":
                        w.add_scalar(key, v, it, walltime=1731516154.0 + 200 * k + i)
                f.write(json.dumps(row) + "\n")
                if it == 499:  # the evaluation at EVAL_PERIOD: its own write, its own row
                    w.add_scalar("sem_seg/mIoU", 32.8 + k, it, walltime=1731516154.5 + 200 * k + i)
                    f.write(json.dumps({"iteration": it, "sem_seg/mIoU": 32.8 + k}) + "\n")
            w.close()
    (out / "last_checkpoint").write_text("model_final.pth")


def test_detectron2_metrics_json_of_two_launches_is_no_extra_run(tmp_path):
    out = tmp_path / "output"
    _d2_output(out, [30, 1])
    assert _ids(out) == ["."]
    df, _ = _read(out)
    assert set(df.dir) == {""}
    assert len(_series(df, "total_loss")[0]) == 1  # the second launch started over: it replaces the first
    assert _series(df, "sem_seg/mIoU")[0] == []  # the abandoned training's evaluation at 499 goes with it


def test_detectron2_metrics_json_of_one_launch_still_one_run(tmp_path):
    out = tmp_path / "output"
    _d2_output(out, [30])
    assert _ids(out) == ["."]
    df = _read(out)[0]
    assert _series(df, "total_loss")[0] == [19 + 20 * i for i in range(30)]
    assert _series(df, "sem_seg/mIoU") == ([499], [32.8])


# ------------------------------------------------------------------ pix2pix: the epoch's length in whole batches


def test_pix2pix_epoch_length_counts_whole_batches(tmp_path):
    # junyanz train.py: epoch_iter += batch_size on the last, short batch too; 4441 images at 70 a batch are 4480
    lines = ["----------------- Options ---------------", "               batch_size: 70                   "
             "\t[default: 32]", "               print_freq: 700                  \t[default: 100]",
             "----------------- End -------------------", "The number of training images = 4441"]
    for epoch in (1, 2, 3, 4):
        for it in range(700 * (epoch == 1) + 420 * (epoch > 1), 4480, 700) if epoch < 3 else (560,):
            if it:
                lines.append(f"(epoch: {epoch}, iters: {it}, time: 0.077, data: 0.009) G_GAN: 0.907 G_L1: 2.938 "
                             "D_real: 0.476 D_fake: 0.696 ")
    lines.append("saving the latest model (epoch 4, total_iters 14000)")
    p = tmp_path / "log.out"
    p.write_text("\n".join(lines) + "\n")
    steps, _ = _series(_read(p)[0], "loss_G_GAN")
    assert steps[:2] == [700, 1400] and 4480 + 420 in steps
    assert steps[-1] == 14000  # the log's own total_iters
