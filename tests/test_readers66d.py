"""Reader kinds of the sets opened at stop 66 (197-204), rd66d, each failing on int66 (the stop's first fixes):

- one training's 1-D ``np.save`` histories in one folder read as one run per file (public vanadv201 ``log/``:
  ``losses-train.npy``, ``losses-test.npy``, ``acc-train.npy``, ``acc-test.npy``; public malfsl197
  ``<method>_exp_<N>/``: ``N_loss.npy`` + ``N_acc.npy``, the accuracy run "not read");
- a (2, N) ``.npy`` of a loss row and an accuracy row not discovered (public narumaml197 ``meta-test-loss.npy``);
- a relation-net trainer's ``Training Episode:100/1000000        loss:..`` lines read at line indices, the episode a
  series, and the log split into two runs (public relnetdream197 ``train.log``);
"""
from __future__ import annotations

import numpy as np

import loganalyzer


def _ids(path) -> list[str]:
    return [r.id for r in loganalyzer.discover(str(path))]


def _tags(run) -> dict[str, int]:
    df = loganalyzer.read_scalars(run)
    return {str(t): int(n) for t, n in df.groupby("tag", observed=True).size().items()}


# ---------------------------------------------------------------- folder of 1-D .npy histories: one run


def _epochs(n: int):
    rng = np.random.default_rng(0)
    loss = 1.65 * np.exp(-np.arange(n) / 20) + 0.01 + rng.random(n) * 0.01
    acc = 0.37 + 0.36 * (1 - np.exp(-np.arange(n) / 15))
    return loss, acc


def test_vanadv_four_npy_histories_of_one_run_are_one_run(tmp_path):
    """vanadv201's trainer: ``np.save(f'{log}/losses-train.npy', np.array(losses_train))`` and so on for
    ``losses-test``, ``acc-train``, ``acc-test`` each epoch (200 float64 each): one run, four series by epoch."""
    log = tmp_path / "log"
    log.mkdir()
    loss, acc = _epochs(200)
    np.save(log / "losses-train.npy", loss)
    np.save(log / "losses-test.npy", loss * 1.1)
    np.save(log / "acc-train.npy", acc)
    np.save(log / "acc-test.npy", acc * 0.9)
    runs = loganalyzer.discover(str(log))
    assert [r.id for r in runs] == ["losses-train.npy"]
    assert _tags(runs[0]) == {"losses-train": 200, "losses-test": 200, "acc-train": 200, "acc-test": 200}


def test_malfsl_loss_and_acc_npy_of_one_experiment_are_one_run(tmp_path):
    """malfsl197: ``np.save(f'{exp}/{N}_loss.npy', losses)`` and ``np.save(f'{exp}/{N}_acc.npy', accs)`` (300 epochs'
    test-episode means): one run holding both; the accuracy file was a run of its own "not read" (no loss)."""
    exp = tmp_path / "protonet_exp_10"
    exp.mkdir()
    loss, acc = _epochs(300)
    np.save(exp / "10_loss.npy", loss)
    np.save(exp / "10_acc.npy", acc)
    runs = loganalyzer.discover(str(exp))
    assert [r.id for r in runs] == ["10_loss.npy"]
    assert _tags(runs[0]) == {"10_loss": 300, "10_acc": 300}


def test_npy_histories_of_two_keys_or_lengths_stay_apart(tmp_path):
    """Two experiments' arrays in one folder (``1_loss``/``1_acc`` of 50, ``2_loss``/``2_acc`` of 80) are two runs;
    an accuracy of another length than the loss is not joined to it."""
    loss, acc = _epochs(80)
    np.save(tmp_path / "1_loss.npy", loss[:50])
    np.save(tmp_path / "1_acc.npy", acc[:50])
    np.save(tmp_path / "2_loss.npy", loss)
    np.save(tmp_path / "2_acc.npy", acc)
    np.save(tmp_path / "train_loss.npy", loss)
    np.save(tmp_path / "acc.npy", acc[:30])
    ids = _ids(tmp_path)
    assert "1_loss.npy" in ids and "2_loss.npy" in ids and "1_acc.npy" not in ids and "2_acc.npy" not in ids
    assert "acc.npy" in ids and "train_loss.npy" in ids
    by_id = {r.id: r for r in loganalyzer.discover(str(tmp_path))}
    assert _tags(by_id["1_loss.npy"]) == {"1_loss": 50, "1_acc": 50}
    assert _tags(by_id["acc.npy"]) == {"acc": 30}  # a lone accuracy history: its series, said, no traceback


# ---------------------------------------------------------------- a (2, N) array: a loss row and an accuracy row


def test_a_loss_row_and_accuracy_row_npy_is_read_as_two_series(tmp_path):
    """narumaml197's MAML meta-test: ``np.save('meta-test-loss.npy', np.array([losses, accs]))``, shape (2, 1000),
    was "not one metric's 1-D series" (no run). Now one run: the row above 1 the loss (the stem), the row within
    [0, 1] the accuracy (``meta-test-acc``), said in one line."""
    loss, acc = _epochs(1000)
    np.save(tmp_path / "meta-test-loss.npy", np.array([loss + 0.5, acc]))
    runs = loganalyzer.discover(str(tmp_path))
    assert [r.id for r in runs] == ["meta-test-loss.npy"]
    df = loganalyzer.read_scalars(runs[0])
    assert _tags(runs[0]) == {"meta-test-loss": 1000, "meta-test-acc": 1000}
    acc_read = df[df.tag == "meta-test-acc"].sort_values("step").value.to_numpy()
    assert np.allclose(acc_read, acc)


def test_rows_that_say_no_accuracy_keep_their_index_names(tmp_path):
    """Two loss rows (both above 1: a GAN's D and G over 500 epochs) are ``losses_0``/``losses_1``, as a
    (points, 2) table's columns are."""
    loss, _ = _epochs(500)
    np.save(tmp_path / "losses.npy", np.array([loss + 2, loss + 3]))
    runs = loganalyzer.discover(str(tmp_path))
    assert _tags(runs[0]) == {"losses_0": 500, "losses_1": 500}


# ---------------------------------------------------------------- 'Training Episode:N/M  loss:x': the episode is the step


def _relation_net_log(path, evals: int = 6, every: int = 500, test_every: int = 5000) -> None:
    """relnetdream197's train_Omniglot_few_shot.py prints, to stdout redirected to train.log (nohup):
    ``print("Start Training")`` at each test interval, ``print("Training Episode:{}/{}        loss:{}".format(...))``
    every 100 episodes, then ``Testing....``, ``Test accuracy: ..``, ``reward list: [..]``."""
    with open(path, "w") as f:
        episode = 0
        for k in range(evals):
            print("Start Training", file=f)
            for _ in range(test_every // 100):
                episode += 100
                print("Training Episode:{}/{}        loss:{}".format(episode, 1000000, 1e-3 / episode ** 1.5), file=f)
            print("Testing....", file=f)
            print("Test accuracy: {}".format(round(0.76 + 0.01 * k, 2)), file=f)
            print("reward list: {}".format([19 + k] * 20), file=f)


def test_relation_net_training_episode_lines_are_stepped_by_episode(tmp_path):
    log = tmp_path / "train.log"
    _relation_net_log(log)
    runs = loganalyzer.discover(str(tmp_path))
    assert [r.id for r in runs] == ["train.log"]  # was train.log#1 and #2
    df = loganalyzer.read_scalars(runs[0])
    series = {str(t): g.sort_values("step") for t, g in df.groupby("tag", observed=True)}
    assert "Training_Episode" not in series
    loss = series["Training_loss"]
    assert loss.step.tolist() == list(range(100, 30001, 100))
    assert series["Test_accuracy"].step.tolist() == list(range(5000, 30001, 5000))
