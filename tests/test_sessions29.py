"""Several trainings appended to one log (``python train.py >> train.log``, ``open(log, 'a')``,
``df.to_csv(path, mode='a')``): each session restarts with a fresh model and other hyper-parameters, so each is a
run of its own, never spliced into one curve; a resume that logs again the epochs it had logged keeps the later
session's points. The shape is the one a held-out project's labeller judged session by session (an image classifier
trained many times into one printed log and one CSV); the logs here are printed from a tiny real torch loop.

Where the file counts epochs (``Epoch 1/10``, an ``epoch`` column, a repeated header, a pandas index) the readers
split at the counter going back (``joblog._segments``, ``_blocks.segment_rows``); a log with no step of its own (a
CSV of ``train_loss,val_loss,val_acc`` rows, bare ``train_loss: ..`` prints) was one run of all sessions' rows:
``readers/_startover`` splits it where every loss starts over.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import torch

import loganalyzer
from loganalyzer.load import read_scalars
from loganalyzer.readers import _startover

from _runs import blobs, mlp, train_epoch

F = torch.nn.functional
CONFIGS = [(0.05, 32, 1, 10), (0.1, 64, 2, 8), (0.02, 16, 3, 12), (0.2, 128, 4, 10)]  # lr, batch, seed, epochs


def _session(lr, batch, seed, epochs, model=None, opt=None, start=1):
    """One training of a 4-class MLP (fresh unless ``model``): rows (epoch, train_loss, val_loss, val_acc)."""
    torch.manual_seed(seed)
    x, y = blobs(600, seed=1, spread=2.0)
    xv, yv = blobs(300, seed=2, spread=2.0)
    if model is None:
        model = mlp(8, 32, 4)
        opt = torch.optim.SGD(model.parameters(), lr=lr)
    rows = []
    for ep in range(start, start + epochs):
        model.train()
        loss = train_epoch(model, opt, x, y, batch)
        model.eval()
        with torch.no_grad():
            out = model(xv)
            rows.append((ep, loss, F.cross_entropy(out, yv).item(), (out.argmax(1) == yv).float().mean().item()))
    return rows, model, opt


@pytest.fixture(scope="module")
def sessions():
    torch.set_num_threads(1)
    return [_session(*c)[0] for c in CONFIGS]


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_scalars(path, resolve=True)
    return frame, [str(w.message) for w in caught]


def _verdicts(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {r.run: r.verdict for r in loganalyzer.analyze(path, config=False).runs}


def _check_split(frame, sessions, tag="train_loss", first_step=1):
    runs = sorted(frame["dir"].unique())
    assert len(runs) == len(sessions)
    for run, rows in zip(runs, sessions):
        got = frame[(frame["dir"] == run) & (frame["tag"] == tag)].sort_values("step")
        assert got["step"].tolist() == list(range(first_step, first_step + len(rows)))
        assert np.allclose(got["value"].to_numpy(), [r[1] for r in rows], atol=1e-4)


def test_printed_epoch_sessions_are_runs_of_their_own(tmp_path, sessions):
    text = ""
    for (lr, batch, _, epochs), rows in zip(CONFIGS, sessions):
        text += f"Training with lr={lr} batch_size={batch}\n"
        text += "".join(f"Epoch {ep}/{epochs} - train_loss: {tl:.4f} - val_loss: {vl:.4f} - val_acc: {va:.4f}\n"
                        for ep, tl, vl, va in rows)
    (tmp_path / "train.log").write_text(text)
    frame, _ = _read(tmp_path)
    _check_split(frame, sessions)
    assert set(_verdicts(tmp_path).values()) == {"healthy"}


@pytest.mark.parametrize("shape", ["header_each", "header_once", "pandas_append"])
def test_csv_epoch_sessions_are_runs_of_their_own(tmp_path, sessions, shape):
    path = tmp_path / "history.csv"
    if shape == "pandas_append":  # df.to_csv(path, mode='a'): header and index written by each session
        for rows in sessions:
            pd.DataFrame(rows, columns=["epoch", "train_loss", "val_loss", "val_acc"]).to_csv(path, mode="a")
    else:
        text = "" if shape == "header_each" else "epoch,train_loss,val_loss,val_acc\n"
        for rows in sessions:
            text += "epoch,train_loss,val_loss,val_acc\n" if shape == "header_each" else ""
            text += "".join(f"{ep},{tl},{vl},{va}\n" for ep, tl, vl, va in rows)
        path.write_text(text)
    frame, _ = _read(tmp_path)
    _check_split(frame, sessions)
    assert set(_verdicts(tmp_path).values()) == {"healthy"}


def test_stepless_csv_sessions_split_where_values_start_over(tmp_path, sessions):
    """``df.to_csv(path, mode='a', header=not exists, index=False)`` of rows with no epoch column: the row number
    was the step of one 40-row run (a sawtooth); now four runs, each from row 0, with one warning."""
    text = "train_loss,val_loss,val_acc\n" + "".join(
        f"{tl},{vl},{va}\n" for rows in sessions for _, tl, vl, va in rows)
    (tmp_path / "metrics.csv").write_text(text)
    frame, messages = _read(tmp_path)
    _check_split(frame, sessions, first_step=0)
    said = [m for m in messages if "start over" in m]
    assert said and "3 time(s)" in said[0] and "4 trainings" in said[0] and "12, 20, 32" in said[0]
    assert set(_verdicts(tmp_path).values()) == {"healthy"}


def test_stepless_printed_sessions_split_where_values_start_over(tmp_path, sessions):
    """Sibling: bare printed ``train_loss: .., val_loss: .., val_acc: ..`` lines of four launches, no banner."""
    text = "".join(f"train_loss: {tl:.4f}, val_loss: {vl:.4f}, val_acc: {va:.4f}\n"
                   for rows in sessions for _, tl, vl, va in rows)
    (tmp_path / "train.log").write_text(text)
    frame, messages = _read(tmp_path)
    _check_split(frame, sessions)
    assert any("start over 3 time(s)" in m for m in messages)


def test_stepless_second_fit_of_the_same_model_stays_one_run(tmp_path):
    """A second training of the same model (loaded, trained on with a lower LR) goes on from where it was: no
    start over, one run of all rows."""
    first, model, opt = _session(0.05, 32, 1, 10)
    for group in opt.param_groups:
        group["lr"] = 0.01
    second, _, _ = _session(0.05, 32, 1, 10, model=model, opt=opt)
    text = "train_loss,val_loss,val_acc\n" + "".join(f"{tl},{vl},{va}\n" for _, tl, vl, va in first + second)
    (tmp_path / "metrics.csv").write_text(text)
    frame, messages = _read(tmp_path)
    assert frame["dir"].nunique() == 1 and len(frame[frame["tag"] == "train_loss"]) == 20
    assert not any("start over" in m for m in messages)


def test_stepless_single_run_with_warm_restarts_or_a_spike_is_not_split():
    """SGDR-like jumps (up, but nearer where the loss was than where it started) and a divergence spike far above
    the first value start no training."""
    steps = np.arange(40)
    sgdr = 2.3 * np.exp(-steps / 8) + 0.2 + 0.4 * ((steps % 10) == 0) * (steps > 0)
    assert _startover.starts({"loss": sgdr, "val_acc": 1 - sgdr / 3}) == []
    spike = 2.3 * np.exp(-steps / 6) + 0.1
    spike[20] = 40.0
    assert _startover.starts({"loss": spike}) == []


def test_resume_that_relogs_epochs_keeps_the_later_session(tmp_path):
    """A job resumed from its epoch-7 checkpoint logs epochs 8-10 again, then goes on to 16: one run, one point per
    epoch, the later session's values at 8-10, and a warning."""
    first, _, _ = _session(0.05, 32, 1, 10)
    _, model, opt = _session(0.05, 32, 1, 7)
    later, _, _ = _session(0.05, 32, 1, 9, model=model, opt=opt, start=8)
    lines = [f"Epoch {ep}/16 - train_loss: {tl:.4f} - val_loss: {vl:.4f} - val_acc: {va:.4f}\n"
             for ep, tl, vl, va in first]
    lines.append("Resuming from checkpoint epoch 7\n")
    lines += [f"Epoch {ep}/16 - train_loss: {tl:.4f} - val_loss: {vl:.4f} - val_acc: {va:.4f}\n"
              for ep, tl, vl, va in later]
    (tmp_path / "train.log").write_text("".join(lines))
    frame, messages = _read(tmp_path)
    loss = frame[frame["tag"] == "val_loss"].sort_values("step")
    assert frame["dir"].nunique() == 1 and loss["step"].tolist() == list(range(1, 17))
    assert np.allclose(loss["value"].to_numpy()[7:], [r[2] for r in later], atol=1e-4)
    assert any("resumed at step 8" in m for m in messages)


def _tqdm_log(path, configs, desc, val_line):
    """Real tqdm bars written to the log (``tqdm(..., file=f)``, ``set_postfix(loss=..)``) and the script's own
    validation line after each epoch; one training per config, appended. Rows per session as ``_session``'s."""
    from tqdm import tqdm

    x, y = blobs(600, seed=1, spread=2.0)
    xv, yv = blobs(300, seed=2, spread=2.0)
    out = []
    with open(path, "w") as f:
        for lr, batch, seed, epochs in configs:
            torch.manual_seed(seed)
            model = mlp(8, 32, 4)
            opt = torch.optim.SGD(model.parameters(), lr=lr)
            print(f"lr={lr} batch_size={batch}", file=f, flush=True)
            rows = []
            for ep in range(1, epochs + 1):
                perm = torch.randperm(len(x))
                bar = tqdm(range(0, len(x), batch), desc=desc.format(ep=ep, n=epochs), file=f, mininterval=0,
                           ascii=True)
                for i in bar:
                    idx = perm[i:i + batch]
                    loss = F.cross_entropy(model(x[idx]), y[idx])
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                    bar.set_postfix(loss=f"{loss.item():.4f}")
                bar.close()
                with torch.no_grad():
                    o = model(xv)
                vl, va = F.cross_entropy(o, yv).item(), (o.argmax(1) == yv).float().mean().item()
                print(val_line.format(ep=ep, n=epochs, vl=vl, va=va), file=f, flush=True)
                rows.append((ep, vl, va))
            out.append(((len(x) + batch - 1) // batch, rows))
    return out


@pytest.mark.parametrize("desc,val_line", [
    ("Epoch {ep}/{n}", "Epoch {ep}/{n} - val_loss: {vl:.4f} - val_acc: {va:.4f}"),
    ("Epoch {ep}", "Epoch {ep}: val_loss={vl:.4f} val_acc={va:.4f}"),
])
def test_tqdm_bars_with_epoch_validation_lines(tmp_path, desc, val_line):
    """tqdm bars place the loss at the global batch step ((epoch - 1) x K + k) and the validation line named only
    its epoch: it sat at step = epoch on the bars' axis, the step "went back" and one training read as two runs (19
    loss points, then a "resumed" session dropping 9 epochs of loss); four appended trainings were joined as "the
    same model trained on". Now each epoch's validation is at the step its bar ended, one run per training."""
    torch.set_num_threads(1)
    configs = CONFIGS[:1] if "/" in desc else CONFIGS
    made = _tqdm_log(tmp_path / "train.log", configs, desc, val_line)
    frame, messages = _read(tmp_path)
    runs = sorted(frame["dir"].unique())
    assert len(runs) == len(configs)
    for run, (per_epoch, rows), (_, _, _, epochs) in zip(runs, made, configs):
        mine = frame[frame["dir"] == run]
        loss = mine[mine["tag"] == "loss"]
        assert loss["step"].tolist() == list(range(1, per_epoch * epochs + 1))
        val = mine[mine["tag"] == "val_loss"].sort_values("step")
        assert val["step"].tolist() == [per_epoch * ep for ep in range(1, epochs + 1)]
        assert np.allclose(val["value"].to_numpy(), [r[1] for r in rows], atol=1e-4)
    assert not any("resumed" in m or "trained on" in m for m in messages)
    assert set(_verdicts(tmp_path).values()) == {"healthy"}


def test_stepless_per_batch_loss_at_its_floor_is_one_run(tmp_path):
    """A converged model's per-batch ``loss:.., accuracy:..`` prints (batch 16, Adam): the loss swings 2-20x from
    batch to batch at its floor. No jump of it is a new training (the first version of the rule cut such a log into
    52 runs): one run of all 1200 lines, no note."""
    torch.manual_seed(0)
    torch.set_num_threads(1)
    x, y = blobs(4000, seed=1, spread=0.6)
    model = mlp(8, 32, 4)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    with open(tmp_path / "train.log", "w") as f:
        for it in range(1500):
            idx = torch.randint(0, len(x), (16,))
            out = model(x[idx])
            loss = F.cross_entropy(out, y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if it >= 300:
                f.write(f"loss:{loss.item()}, accuracy:{(out.argmax(1) == y[idx]).float().mean().item()}\n")
    frame, messages = _read(tmp_path)
    assert frame["dir"].nunique() == 1
    assert frame[frame["tag"] == "loss"]["step"].tolist() == list(range(1, 1201))
    assert not any("start over" in m for m in messages)
