"""breaker41c: what breaker2 (stop 41) found in the day's printed-log splitting rules, mended (mend41c).

- ``Model: CNN`` / ``Epoch N: loss=..`` / ``Evaluating: CNN`` / ``Accuracy: 0.78`` for several models: each model's
  test accuracy stays in its run (the ``Evaluating:`` banner opened a part of its own, read as a model compared
  without training, and every model's result but the last was dropped);
- ``[1][100/500] loss: ..`` (1-based epochs), ``[fold1][Epoch 01/05] ..`` folds and ``[lr1e-3][Epoch 01/06] ..``
  sweeps printed one block after another: not learners printing side by side;
- a caught exception (``ERROR:root:..`` then its traceback) and the epoch retried in the same process, its datasets
  re-created (start-up lines printed again): one training, no relaunch;
- ``CHANGELOG.1`` beside ``train.log``: no rotated log.
"""
from __future__ import annotations

import math

from test_readers20a import _ids, _read, _series, _write  # noqa: E402



# ------------------------------------------------------------------ Evaluating: <name> after each model's training


def _benchmark(banner) -> tuple[str, list[float]]:
    lines, accs, t = [], [], 0

    def lg(s):
        nonlocal t
        t += 1
        lines.append(f"2025-03-02 10:{t // 60 % 60:02d}:{t % 60:02d} | INFO     | " + s)

    for k, (m, base) in enumerate([("CNN", 1.2), ("LSTM", 1.5), ("Transformer", 1.1)]):
        lg(f"Model: {m}")
        for e in range(10):
            lg(f"  Epoch {e:3d}: loss={base * math.exp(-e / 5):.4f}, val_f1={0.3 + 0.05 * e:.4f}, lr=1.00e-03")
        lg(f"Evaluating: {banner(m)}")
        accs.append(round(0.7 + 0.03 * k, 4))
        lg(f"    Accuracy: {accs[-1]:.4f}")
    return "\n".join(lines) + "\n", accs


def test_evaluating_banner_keeps_each_models_test_accuracy(tmp_path):
    text, accs = _benchmark(lambda m: m)
    path = _write(tmp_path, "benchmark.log", text)
    ids = _ids(path)
    assert ids == ["benchmark.log#1", "benchmark.log#2", "benchmark.log#3"]
    df, _ = _read(path)
    for run, acc in zip(ids, accs):
        assert _series(df, "Accuracy", run) == ([9], [acc])
        assert _series(df, "loss", run)[0] == list(range(10))


def test_evaluating_a_dataset_banner_keeps_the_test_accuracy(tmp_path):
    text, accs = _benchmark(lambda m: "cifar10-test")
    path = _write(tmp_path, "run.log", text)
    df, _ = _read(path)
    for run, acc in zip(_ids(path), accs):
        assert _series(df, "Accuracy", run) == ([9], [acc])


def test_untrained_baseline_result_still_dropped(tmp_path):
    # the audit shape stays: 'Training: Statistical Baseline' with a result and no training line is no run's
    text, _ = _benchmark(lambda m: m)
    head = ("2025-03-02 09:59:58 | INFO     | Training: Statistical Baseline\n"
            "2025-03-02 09:59:59 | INFO     |     Accuracy: 0.5240\n")
    path = _write(tmp_path, "benchmark.log", head + text)
    df, _ = _read(path)
    assert 0.524 not in df[df.tag == "Accuracy"].value.round(4).tolist()
    assert len(df[df.tag == "Accuracy"]) == 3


# ------------------------------------------------------------------ [id][..] prefixes printed one block after another


def test_one_based_epoch_iteration_prefix_is_no_learner(tmp_path):
    lines = []
    for e in range(1, 4):
        for i in range(100, 501, 100):
            lines.append(f"[{e}][{i}/500] loss: {1 / (0.6 + 0.1 * (e - 1) * 5 + i / 500 * 0.4):.4f} lr: 0.0002")
        lines.append(f"[{e}] val loss: {1.2 / e:.4f} val acc: {0.6 + 0.1 * e:.4f}")
    path = _write(tmp_path, "train.log", "\n".join(lines) + "\n")
    assert _ids(path) == ["train.log"]
    df, _ = _read(path)
    assert not any(t.startswith("loss_") for t in df.tag.unique())
    assert _series(df, "loss")[0] == list(range(100, 1501, 100))


def _blocks(ids: list[str], epochs: int) -> str:
    lines = []
    for n, i in enumerate(ids):
        for e in range(1, epochs + 1):
            lines.append(f"[{i}][Epoch {e:02d}/{epochs:02d}] Loss:{(1.0 + 0.01 * n) / e:.6f} "
                         f"ValLoss:{1.1 / e:.6f} ET:{9.9 * e:.4f}")
    return "\n".join(lines) + "\n"


def test_sequential_fold_prefixes_are_runs_not_learners(tmp_path):
    path = _write(tmp_path, "train.log", _blocks(["fold1", "fold2", "fold3"], 5))
    assert _ids(path) == ["train.log#1", "train.log#2", "train.log#3"]
    df, _ = _read(path)
    assert "Loss_fold1" not in set(df.tag)
    assert _series(df, "Loss", "train.log#2") == ([1, 2, 3, 4, 5], [round(1.01 / e, 4) for e in range(1, 6)])


def test_sequential_sweep_prefixes_are_runs(tmp_path):
    lines = []
    for n, lr in enumerate(["lr1e-3", "lr1e-4", "lr1e-5"]):
        lines.append(f"[{lr}] RL:dqn Net:cnn LR:{lr[2:]} DF:0.99")
        for e in range(1, 7):
            lines.append(f"[{lr}][Epoch {e:02d}/06] Reward:{10 * e + n} Loss:{1 / e:.6f} ET:{30.5 * e:.4f}")
    path = _write(tmp_path, "sweep.log", "\n".join(lines) + "\n")
    assert _ids(path) == ["sweep.log#1", "sweep.log#2", "sweep.log#3"]
    df, _ = _read(path)
    assert _series(df, "Reward", "sweep.log#3")[1] == [10.0 * e + 2 for e in range(1, 7)]


def test_interleaved_learners_still_named(tmp_path):
    # the audit shape: two learners' epochs interleaved stay one series per learner
    lines = ["[035420] RL:a3c Net:dnn LR:0.001 DF:0.9", "[051910] RL:a3c Net:dnn LR:0.001 DF:0.9"]
    for e in range(1, 5):
        for i, base in [("035420", 14.0), ("051910", 51.0)]:
            lines.append(f"[{i}][Epoch {e:02d}/10] Epsilon:1.0000 Loss:{base / e:.6f} ET:{49.1 * e:.4f}")
    path = _write(tmp_path, "train.log", "\n".join(lines) + "\n")
    df, _ = _read(path)
    assert _series(df, "Loss_035420")[1] == [round(14.0 / e, 4) for e in range(1, 5)]
    assert _series(df, "Loss_051910")[1] == [round(51.0 / e, 4) for e in range(1, 5)]


# ------------------------------------------------------------------ a caught traceback and a retried epoch

_RETRY = """cuda: True
Files already downloaded and verified
Files already downloaded and verified
Epoch 0 Train Loss: 2.0000
ERROR:root:worker crashed, re-creating the data loader
Traceback (most recent call last):
  File "train.py", line 50, in train_epoch
    batch = next(it)
RuntimeError: DataLoader worker (pid 4242) is killed by signal: Killed.
Files already downloaded and verified
Files already downloaded and verified
cuda: True
"""


def test_caught_traceback_and_retried_epoch_is_one_run(tmp_path):
    text = _RETRY + "".join(f"Epoch {e} Train Loss: {1 / (e + 0.5):.4f}\nEpoch: {e} Val Acc: {0.2 + 0.1 * e:.3f}\n"
                            for e in range(5))
    path = _write(tmp_path, "nohup.out", text)
    assert _ids(path) == ["nohup.out"]
    df, _ = _read(path)
    assert _series(df, "Val_Acc")[0] == [0, 1, 2, 3, 4]


# ------------------------------------------------------------------ CHANGELOG.1 is no rotated log


def test_changelog_with_number_suffix_is_no_rotated_log(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    (run / "train.log").write_text("".join(f"epoch {e} loss {1 / e:.4f} val_loss {1.1 / e:.4f}\n"
                                           for e in range(1, 11)))
    (run / "CHANGELOG.1").write_text("v0.2: epoch 2 loss 0.3 fixed\nepoch 3 loss 0.2 acc 0.9 now printed\n"
                                     "epoch 4 loss 0.1 acc 0.95\n")
    (run / "train.log.1").write_text("".join(f"epoch {e} loss {1 / e:.4f}\n" for e in range(1, 6)))
    ids = _ids(run)
    assert "CHANGELOG.1" not in ids and "train.log" in ids


# ------------------------------------------------------------------ the PyTorch DCGAN tutorial's print


def test_dcgan_tutorial_lines_read_at_epoch_times_iterations(tmp_path):
    num_epochs, n = 3, 1583
    lines = ["Random Seed:  999", "Starting Training Loop..."]
    steps, losses = [], []
    for epoch in range(num_epochs):
        for i in range(0, n, 50):
            errD, errG = 1.2 / (1 + epoch + i / n), 3.4 + 0.1 * epoch
            # the tutorial's own print
            lines.append('[%d/%d][%d/%d]\tLoss_D: %.4f\tLoss_G: %.4f\tD(x): %.4f\tD(G(z)): %.4f / %.4f'
                         % (epoch, num_epochs, i, n, errD, errG, 0.6, 0.3, 0.2))
            steps.append(epoch * n + i)
            losses.append(round(float("%.4f" % errD), 4))
    path = _write(tmp_path, "dcgan.log", "\n".join(lines) + "\n")
    assert _ids(path) == ["dcgan.log"]
    df, _ = _read(path)
    assert _series(df, "Loss_D") == (steps, losses)
    assert _series(df, "Loss_G")[0] == steps


def test_epoch0_iter_prefix_gan_log_is_found(tmp_path):
    lines = [f"[{e}][{i}/500] loss_G: {1 / (1 + e + i / 500):.4f} loss_D: 0.7000" for e in range(3)
             for i in range(100, 501, 100)]
    path = _write(tmp_path, "train.log", "\n".join(lines) + "\n")
    assert _ids(path) == ["train.log"]
    df, _ = _read(path)
    assert _series(df, "loss_G")[0] == list(range(100, 1501, 100))


# ------------------------------------------------------------------ HF k-fold: an eval dict and a summary per fold


def test_hf_kfold_eval_and_summary_per_fold_are_runs(tmp_path):
    lines = []
    for k in range(5):
        lines += [f"========== Fold {k} ==========", "  0%|          | 0/40 [00:00<?, ?it/s]",
                  str({'eval_loss': 0.6 - 0.01 * k, 'eval_f1': 0.8, 'eval_runtime': 1.1,
                       'eval_samples_per_second': 90.0, 'eval_steps_per_second': 3.0, 'epoch': 2.0}),
                  str({'train_runtime': 40.2, 'train_samples_per_second': 20.0, 'train_steps_per_second': 1.0,
                       'train_loss': 0.55 + 0.01 * k, 'epoch': 2.0})]
    path = _write(tmp_path, "kfold.log", "\n".join(lines) + "\n")
    ids = _ids(path)
    assert ids == [f"kfold.log#{k}" for k in range(1, 6)]
    df, _ = _read(path)
    for k, run in enumerate(ids):
        assert _series(df, "eval_loss", run)[1] == [round(0.6 - 0.01 * k, 4)]
        assert _series(df, "train_loss_mean", run)[1] == [round(0.55 + 0.01 * k, 4)]


# ------------------------------------------------------------------ ChineseNER conlleval: an evaluation before training


def _ner(initial_eval: bool, T: int = 82, every: int = 100, passes: int = 4) -> str:
    lines, s = [], 0

    def lg(x):
        nonlocal s
        s += 1
        lines.append(f"2021-04-12 23:35:{s % 60:02d},342 - log/train.log - INFO - " + x)

    def ev(p):
        for st in ("dev", "test"):
            lg(f"evaluate:{st}")
            lg("processed 109870 tokens with 3819 phrases; found: 3465 phrases; correct: 2841.")
            lg(f"accuracy:  {88 + p:.2f}%; precision:  {70 + p:.2f}%; recall:  {65 + p:.2f}%; "
               f"FB1:  {67 + p + (0.5 if st == 'test' else 0):.2f}")
    if initial_eval:
        ev(0)
    g = 0
    for it in range(1, passes + 1):
        for k in range(1, T + 1):
            g += 1
            if g % every == 0:
                lg(f"iteration:{it} step:{k}/{T}, NER loss:{30.0 / (1 + g / 100):.6f}")
        ev(it)
    return "\n".join(lines) + "\n"


def test_conlleval_initial_evaluation_at_zero_then_pass_ends(tmp_path):
    path = _write(tmp_path, "train.log", _ner(True))
    df, _ = _read(path)
    dev = next(t for t in df.tag.unique() if t.startswith("val") and "FB1" in t)
    assert _series(df, dev) == ([0, 82, 164, 246, 328], [67.0, 68.0, 69.0, 70.0, 71.0])
    test = next(t for t in df.tag.unique() if t.startswith("test") and "FB1" in t)
    assert _series(df, test)[0] == [0, 82, 164, 246, 328]
