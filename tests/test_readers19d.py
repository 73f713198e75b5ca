"""Reader kinds from breaker11's real public logs (readers19d): NumPy-saved Keras histories, ..."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from loganalyzer import read_scalars

from _runs import tiny_epochs  # noqa: E402


def _train(epochs=4):
    """A tiny real training loop: per-epoch train/val loss and accuracy, as Keras' history.history holds them."""
    torch.manual_seed(0)
    x = torch.randn(64, 3)
    y = (x.sum(1) > 0).long()
    hist = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": []}
    for loss, acc, val_loss, val_acc in tiny_epochs(x, y, epochs, lr=0.5):
        hist["loss"].append(loss)
        hist["accuracy"].append(np.float32(acc))  # numpy scalars, as Keras
        hist["val_loss"].append(np.float64(val_loss))
        hist["val_accuracy"].append(val_acc)
    return hist


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=True)
    return df, [str(w.message) for w in caught]


def test_np_saved_history_dict_is_a_run_in_a_folder_and_by_name(tmp_path):
    hist = _train()
    np.save(tmp_path / "history.npy", hist)  # a 0-d object array: its payload is a pickle
    for target in (tmp_path, tmp_path / "history.npy"):
        df, _ = _read(target)
        assert set(df["tag"]) == {"loss", "accuracy", "val_loss", "val_accuracy"}
        loss = df[df.tag == "loss"].sort_values("step")
        assert loss["step"].tolist() == [0, 1, 2, 3]
        assert loss["value"].tolist() == pytest.approx(hist["loss"])
        acc = df[df.tag == "accuracy"].sort_values("step")
        assert acc["value"].tolist() == pytest.approx([float(v) for v in hist["accuracy"]])


def test_np_saved_metric_series_named_like_a_loss(tmp_path):
    hist = _train()
    np.save(tmp_path / "train_loss.npy", np.array(hist["loss"]))
    df, _ = _read(tmp_path)
    assert set(df["tag"]) == {"train_loss"}
    assert df.sort_values("step")["value"].tolist() == pytest.approx(hist["loss"])


def test_np_object_array_with_code_is_refused_never_run(tmp_path):
    class Evil:
        def __reduce__(self):
            return (print, ("RAN",))

    np.save(tmp_path / "history.npy", np.array({"loss": [1.0, 0.5], "x": Evil()}, dtype=object), allow_pickle=True)
    np.save(tmp_path / "weights_history.npy", np.zeros((3, 3)))  # an array, not a history: said, not read
    df, lines = _read(tmp_path)
    assert len(df) == 0
    assert any("history.npy" in line and "builtins.print" in line for line in lines)
    assert any("weights_history.npy" in line and "not read" in line for line in lines)


def test_tab_separated_key_value_epoch_lines_are_a_printed_log(tmp_path):
    """``epoch:1\\tAccuracy:71.0\\tAverage precision:74.8`` per epoch (a real loop's print to log.txt): a printed log
    of accuracy lines, not a CSV whose first data line is a header."""
    import contextlib

    torch.manual_seed(0)
    x = torch.randn(96, 4)
    y = (x[:, 0] > 0).long()
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    want = []
    with open(tmp_path / "log.txt", "w") as log, contextlib.redirect_stdout(log):
        for epoch in range(1, 7):
            loss = torch.nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            pred = model(x).argmax(1)
            acc = float((pred == y).float().mean()) * 100
            tp = float(((pred == 1) & (y == 1)).sum())
            precision = tp / max(float((pred == 1).sum()), 1.0) * 100
            recall = tp / max(float((y == 1).sum()), 1.0) * 100
            want.append(acc)
            print(f"epoch:{epoch}\tAccuracy:{acc}\tAverage precision:{precision}\tAverage recall:{recall}")
    for target in (tmp_path, tmp_path / "log.txt"):
        df, lines = _read(target)
        assert set(df["tag"]) == {"Accuracy", "Average_precision", "Average_recall"}, lines
        acc = df[df.tag == "Accuracy"].sort_values("step")
        assert acc["step"].tolist() == [1, 2, 3, 4, 5, 6]
        assert acc["value"].tolist() == pytest.approx(want)
        assert not any("header" in line for line in lines)


def test_logged_args_dict_is_no_series_and_test_metric_named_once(tmp_path):
    """chemprop v2's log: ``Running in mode 'train' with args: {...}`` (a config dict holding loss-like keys), then
    ``Test Set results:`` / ``test/mse: 696.8``: no series from the dict, the test metric ``test/mse`` (not
    ``test_test/mse``)."""
    import argparse
    import logging

    args = argparse.Namespace(smiles_columns=["smiles"], loss_function=None, batch_size=64, dropout=0.0, epochs=3,
                              init_lr=1e-4, max_lr=1e-3, warmup_epochs=2, depth=3)
    logger = logging.getLogger("chemprop.cli.main.readers19d")
    handler = logging.FileHandler(tmp_path / "training_log.txt")
    handler.setFormatter(logging.Formatter("%(asctime)s - %(levelname)s:%(name)s - %(message)s",
                                           datefmt="%Y-%m-%dT%H:%M:%S"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        logger.info(f"Running in mode 'train' with args: {vars(args)}")
        logger.info("No loss function was specified! Using class default: <class 'chemprop.nn.metrics.MSE'>")
        torch.manual_seed(0)
        x, y = torch.randn(32, 3), torch.randn(32, 1)
        model = torch.nn.Linear(3, 1)
        opt = torch.optim.Adam(model.parameters(), lr=args.max_lr)
        for _ in range(args.epochs):
            loss = torch.nn.functional.mse_loss(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        mse = float(torch.nn.functional.mse_loss(model(x), y))
        logger.info("Test Set results:")
        logger.info(f"test/mse: {mse}")
    finally:
        logger.removeHandler(handler)
        handler.close()
    df, lines = _read(tmp_path)
    assert set(df["tag"]) == {"test/mse"}, lines
    assert df["value"].tolist() == pytest.approx([mse])


def test_rl_csv_with_an_episode_column_is_read_at_the_episode(tmp_path):
    """A hand-written RL log (csv.writer: ``Episode,Avg length,Avg reward`` every k episodes of a real policy-gradient
    loop), in a ``logs/`` folder: the episode is the step, length and reward the series."""
    import csv

    torch.manual_seed(0)
    logits = torch.zeros(3, requires_grad=True)  # a 3-armed bandit; arm 2 pays best
    opt = torch.optim.SGD([logits], lr=0.1)
    payoff = torch.tensor([0.1, 0.3, 0.9])
    (tmp_path / "logs").mkdir()
    rows = []
    with open(tmp_path / "logs" / "single_prey.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Episode", "Avg length", "Avg reward"])
        rewards, lengths = [], []
        for episode in range(1, 61):
            dist = torch.distributions.Categorical(logits=logits)
            arm = dist.sample()
            reward = float(payoff[arm] + 0.05 * torch.randn(()))
            loss = -dist.log_prob(arm) * reward
            opt.zero_grad()
            loss.backward()
            opt.step()
            rewards.append(reward)
            lengths.append(int(arm) + 1)
            if episode % 20 == 0:
                rows.append((episode, sum(rewards) / len(rewards)))
                writer.writerow([episode, sum(lengths) / len(lengths), sum(rewards) / len(rewards)])
                rewards, lengths = [], []
    df, lines = _read(tmp_path)
    assert set(df["tag"]) == {"Avg length", "Avg reward"}, lines
    reward = df[df.tag == "Avg reward"].sort_values("step")
    assert reward["step"].tolist() == [20, 40, 60]
    assert reward["value"].tolist() == pytest.approx([v for _, v in rows])


def test_rl_results_json_with_metrics_and_their_own_episode_list(tmp_path):
    """A policy-gradient script's results (json.dump): per-episode ``rewards`` first (past the sniffed head, no loss
    there), then ``metrics`` with their own ``episode``/``update`` lists: the update metrics at their episode, the
    rewards per episode, the counters no series."""
    import json

    torch.manual_seed(0)
    logits = torch.zeros(2, requires_grad=True)
    value = torch.zeros(1, requires_grad=True)
    opt = torch.optim.Adam([logits, value], lr=0.05)
    rewards = []
    metrics = {"episode": [], "update": [], "value_loss": [], "policy_loss": [], "entropy": []}
    batch = []
    for episode in range(1, 801):
        dist = torch.distributions.Categorical(logits=logits)
        arm = dist.sample()
        reward = float(arm) - 0.5 + 0.1 * float(torch.randn(()))
        rewards.append(reward)
        batch.append((dist.log_prob(arm), dist.entropy(), reward))
        if episode % 40 == 0:  # one update per 40 episodes
            returns = torch.tensor([r for _, _, r in batch])
            advantage = returns - value
            policy_loss = -(torch.stack([lp for lp, _, _ in batch]) * advantage.detach()).mean()
            value_loss = advantage.pow(2).mean()
            entropy = torch.stack([e for _, e, _ in batch]).mean()
            opt.zero_grad()
            (policy_loss + 0.5 * value_loss - 0.01 * entropy).backward()
            opt.step()
            metrics["episode"].append(episode)
            metrics["update"].append(len(metrics["update"]) + 1)
            metrics["value_loss"].append(float(value_loss))
            metrics["policy_loss"].append(float(policy_loss))
            metrics["entropy"].append(float(entropy))
            batch = []
    out = {"metadata": {"environment": "Bandit-v0", "total_episodes": len(rewards), "seed": 0},
           "rewards": rewards, "metrics": metrics, "config": {"lr": 0.05, "gamma": 0.99}}
    (tmp_path / "results").mkdir()
    with open(tmp_path / "results" / "baseline_seed0.json", "w") as f:
        json.dump(out, f, indent=2)
    for target in (tmp_path, tmp_path / "results" / "baseline_seed0.json"):
        df, lines = _read(target)
        assert set(df["tag"]) == {"rewards", "value_loss", "policy_loss", "entropy"}, lines
        vl = df[df.tag == "value_loss"].sort_values("step")
        assert vl["step"].tolist() == list(range(40, 801, 40))
        assert vl["value"].tolist() == pytest.approx(metrics["value_loss"])
        assert len(df[df.tag == "rewards"]) == 800


def test_refusals_name_what_the_file_is(tmp_path):
    """Headerless ``epoch\\tloss\\tacc`` lines (a real loop's writes) are not called a header; a pickled summary
    dict (``pickle.dump``) is not called JSON."""
    import pickle

    torch.manual_seed(0)
    x = torch.randn(32, 3)
    y = (x[:, 0] > 0).long()
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    best = 0.0
    with open(tmp_path / "train_acc_loss.txt", "w") as f:
        for epoch in range(6):
            out = model(x)
            loss = torch.nn.functional.cross_entropy(out, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            acc = float((out.argmax(1) == y).float().mean())
            best = max(best, acc)
            f.write(f"{epoch}\t{float(loss)}\t{acc}\n")
    (tmp_path / "checkpoints").mkdir()
    with open(tmp_path / "checkpoints" / "training_info.pkl", "wb") as f:
        pickle.dump({"epoch": 5, "lr": 1e-05, "max_accuracy": np.float64(best)}, f)
    _, lines = _read(tmp_path / "train_acc_loss.txt")
    assert lines and not any("header:" in line or "in the header" in line for line in lines), lines
    assert any("no header" in line for line in lines), lines
    _, lines = _read(tmp_path / "checkpoints" / "training_info.pkl")
    assert lines and not any("JSON holding" in line for line in lines), lines
    assert any("pickled dict holding one number per key" in line for line in lines), lines
